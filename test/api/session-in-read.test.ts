/**
 * The portal ticket list confirms its session in its own statement (sessions.service `readAsContact`): an
 * instance remembers what a session was looked up as, and every list read checks in the same statement that the
 * session still stands for exactly that. These tests change sessions, roles and accounts behind the instance's
 * back (in SQL, as another instance would) and expect the very next list to follow.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACCOUNT_HEADER } from "../../src/server/http/plugins/auth.js";
import { activeContact, call, createTestApp, defaultJob, makeAccount, staffLogin, type TestApp } from "../harness.js";
import { makeStaffUser } from "./ticket-fixture.js";

let t: TestApp;
let staff: string;
let accountA: { id: string };
let accountB: { id: string };
let managerRole: string;
let userRole: string;
const run = async (q: ReturnType<typeof sql>) => (await t.c.deps.db.execute(q)) as unknown as { rows: Record<string, unknown>[] };
const list = (cookie: string, headers?: Record<string, string>) => call(t, "GET", "/api/portal/tickets", { cookie, headers });
const titles = (r: { body: { items: { title: string }[] } }) => r.body.items.map((x) => x.title).sort();

beforeAll(async () => {
  t = await createTestApp();
  staff = await staffLogin(t);
  accountA = await makeAccount(t, staff, { name: "Session Account A" });
  accountB = await makeAccount(t, staff, { name: "Session Account B" });
  await defaultJob(t, staff, accountA.id);
  await defaultJob(t, staff, accountB.id);
  const roles = (await call(t, "GET", "/api/staff/portal-roles", { cookie: staff })).body.items as { id: string; name: string }[];
  managerRole = roles.find((r) => r.name === "External Manager")!.id;
  userRole = roles.find((r) => r.name === "External User")!.id;
});
afterAll(() => t?.close());

async function contactWithTicket(first: string, accountIds = [accountA.id]) {
  const c = await activeContact(t, staff, accountIds, { firstName: first, lastName: "Session" });
  const r = await call(t, "POST", "/api/portal/tickets", { cookie: c.cookie, body: { title: `Ticket of ${first}` } });
  expect(r.status).toBe(200);
  return { ...c, ticket: r.body as { id: string } };
}

describe("TKT-1 ACC-6 ROL-1 the portal ticket list confirms its session in its own statement", () => {
  it("TKT-1 a list row is the ticket as its own page shows it, whatever its title holds", async () => {
    const c = await contactWithTicket("Rowan");
    const title = `Quotes " and \\ backslash, <b>tags</b>, tab\tand newline\n, emoji 🎉, ünïcødé \u2028 end`;
    const created = await call(t, "POST", "/api/portal/tickets", { cookie: c.cookie, body: { title, details: "x" } });
    expect(created.status).toBe(200);
    const high = ((await call(t, "GET", "/api/staff/lookups?kind=priority", { cookie: staff })).body.items as { id: string; name: string }[]).find((p) => p.name === "High")!;
    expect((await call(t, "PATCH", `/api/staff/tickets/${created.body.id}`, { cookie: staff, body: { priorityId: high.id } })).status).toBe(200);
    const rows = (await list(c.cookie)).body.items as Record<string, unknown>[];
    for (const id of [created.body.id, c.ticket.id]) {
      const row = rows.find((r) => r.id === id)!;
      const page = (await call(t, "GET", `/api/portal/tickets/${id}`, { cookie: c.cookie })).body as Record<string, unknown>;
      expect(Object.keys(row).sort()).toEqual(["contact", "createdAt", "id", "job", "number", "priority", "status", "title", "updatedAt"]);
      for (const key of Object.keys(row)) expect(row[key], key).toEqual(page[key]);
    }
    expect(rows.find((r) => r.id === created.body.id)!.title).toBe(title);
    expect(rows.find((r) => r.id === created.body.id)!.priority).toEqual({ id: high.id, name: "High" });
    expect(rows.find((r) => r.id === c.ticket.id)!.priority).toBeNull();
  });

  it("TKT-1 a renamed status, priority, job or contact shows in the list row at once, and only on the tickets that name it", async () => {
    const account = await makeAccount(t, staff, { name: "Renames Account" });
    const job = await defaultJob(t, staff, account.id);
    const c = await contactWithTicket("Renata", [account.id]);
    const other = await contactWithTicket("Otto", [account.id]);
    const lookup = async (kind: string, name: string) => (await call(t, "POST", "/api/staff/lookups", { cookie: staff, body: { kind, name } })).body.id as string;
    const statusId = await lookup("status", "Being renamed");
    const priorityId = await lookup("priority", "Renamed soon");
    expect((await call(t, "PATCH", `/api/staff/tickets/${c.ticket.id}`, { cookie: staff, body: { statusId, priorityId } })).status).toBe(200);
    const rename = async (url: string, body: object) => expect((await call(t, "PATCH", url, { cookie: staff, body })).status).toBe(200);
    await rename(`/api/staff/lookups/${statusId}`, { name: "Status renamed" });
    await rename(`/api/staff/lookups/${priorityId}`, { name: "Priority renamed" });
    await rename(`/api/staff/jobs/${job.id}`, { name: "Job renamed" });
    await rename(`/api/staff/contacts/${c.id}`, { firstName: "Renamed" });
    // Each contact (External User) lists its own ticket.
    const rowOf = async (who: { cookie: string; ticket: { id: string } }) => {
      const row = ((await list(who.cookie)).body.items as Record<string, { name: string } | null>[]).find((r) => (r.id as unknown) === who.ticket.id)!;
      const page = (await call(t, "GET", `/api/portal/tickets/${who.ticket.id}`, { cookie: who.cookie })).body as Record<string, unknown>;
      for (const key of Object.keys(row)) expect(row[key], key).toEqual(page[key]);
      return row;
    };
    const mine = await rowOf(c);
    const theirs = await rowOf(other);
    expect([mine.status?.name, mine.priority?.name, mine.job?.name, mine.contact?.name]).toEqual(["Status renamed", "Priority renamed", "Job renamed", "Renamed Session"]);
    expect([theirs.status?.name, theirs.priority, theirs.job?.name, theirs.contact?.name]).toEqual(["New", null, "Job renamed", "Otto Session"]);
  });

  it("ACC-6 a remembered session that ended answers 401 on the next list", async () => {
    const c = await contactWithTicket("Enid");
    expect((await list(c.cookie)).status).toBe(200);
    // Another instance signs the session out: nothing tells this one.
    await run(sql`delete from sessions where contact_id = ${c.id}`);
    expect((await list(c.cookie)).status).toBe(401);
  });

  it("ACC-6 archiving a contact ends the list at once", async () => {
    const c = await contactWithTicket("Archibald");
    expect((await list(c.cookie)).status).toBe(200);
    expect((await call(t, "POST", `/api/staff/contacts/${c.id}/archive`, { cookie: staff })).status).toBe(200);
    expect((await list(c.cookie)).status).toBe(401);
  });

  it("ROL-1 a role taken away in the database narrows the very next list", async () => {
    const manager = await contactWithTicket("Magda");
    const colleague = await contactWithTicket("Colm");
    await call(t, "PATCH", `/api/staff/accounts/${accountA.id}/contacts/${manager.id}`, { cookie: staff, body: { portalRoleId: managerRole } });
    expect(titles(await list(manager.cookie))).toContain("Ticket of Colm");
    await run(sql`update account_contacts set portal_role_id = ${userRole} where contact_id = ${manager.id}`);
    const after = await list(manager.cookie);
    expect(after.status).toBe(200);
    expect(titles(after)).toContain("Ticket of Magda");
    expect(titles(after)).not.toContain("Ticket of Colm");
    expect(colleague.ticket.id).toBeTruthy();
  });

  it("ROL-1 a permission removed from the role itself refuses the very next list", async () => {
    const c = await contactWithTicket("Petra");
    const role = (await call(t, "POST", "/api/staff/portal-roles", { cookie: staff, body: { name: "Session test role", permissions: ["tickets.view_own", "tickets.create"], quickForm: true, visibleFields: [] } })).body as { id: string };
    expect(role.id).toBeTruthy();
    await call(t, "PATCH", `/api/staff/accounts/${accountA.id}/contacts/${c.id}`, { cookie: staff, body: { portalRoleId: role.id } });
    expect((await list(c.cookie)).status).toBe(200);
    await run(sql`update portal_roles set permissions = '{}' where id = ${role.id}`);
    expect((await list(c.cookie)).status).toBe(403);
  });

  it("ROL-5 an account switched in another instance is the one the next list shows, and a page of the old account is told", async () => {
    const c = await contactWithTicket("Sven", [accountA.id, accountB.id]);
    expect(titles(await list(c.cookie, { [ACCOUNT_HEADER]: accountA.id }))).toEqual(["Ticket of Sven"]);
    await run(sql`update sessions set current_account_id = ${accountB.id} where contact_id = ${c.id}`);
    const inB = await list(c.cookie, { [ACCOUNT_HEADER]: accountB.id });
    expect(inB.status).toBe(200);
    expect(titles(inB)).toEqual([]);
    const stale = await list(c.cookie, { [ACCOUNT_HEADER]: accountA.id });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe("ACCOUNT_CHANGED");
  });

  it("ROL-3 an account's portal role changed in another instance scopes the next list", async () => {
    const account = await makeAccount(t, staff, { name: "Role Behind", portalRoleId: managerRole });
    await defaultJob(t, staff, account.id);
    const c = await contactWithTicket("Rhea", [account.id]);
    await contactWithTicket("Ravi", [account.id]);
    expect(titles(await list(c.cookie))).toEqual(["Ticket of Ravi", "Ticket of Rhea"]);
    await run(sql`update accounts set portal_role_id = ${userRole} where id = ${account.id}`);
    expect(titles(await list(c.cookie))).toEqual(["Ticket of Rhea"]);
  });

  it("ROL-4 a client administrator made so in another instance lists every ticket of the account next time", async () => {
    const c = await contactWithTicket("Adele");
    await contactWithTicket("Colin");
    expect(titles(await list(c.cookie))).toEqual(["Ticket of Adele"]);
    await run(sql`update account_contacts set client_admin = true where contact_id = ${c.id}`);
    expect(titles(await list(c.cookie))).toContain("Ticket of Colin");
  });

  it("ACC-6 a session idle past its limit is refused although the instance remembers it", async () => {
    const c = await contactWithTicket("Ida");
    expect((await list(c.cookie)).status).toBe(200);
    t.clock.advance(31 * 60 * 1000);
    expect((await list(c.cookie)).status).toBe(401);
  });
});

describe("PLT-4 the console's contact list confirms its session in its own statement", () => {
  const contactsList = (cookie: string) => call(t, "GET", "/api/staff/contacts?pageSize=5", { cookie });

  it("PLT-4 a staff user disabled by another instance is refused on the next list", async () => {
    const who = await staffLogin(t);
    expect((await contactsList(who)).status).toBe(200);
    const [{ id }] = (await run(sql`select staff_user_id as id from sessions where staff_user_id is not null order by created_at desc limit 1`)).rows as { id: string }[];
    await run(sql`update staff_users set disabled_at = now() where id = ${id}`);
    expect((await contactsList(who)).status).toBe(401);
    await run(sql`update staff_users set disabled_at = null where id = ${id}`);
  });

  it("PLT-4 a permission taken from a staff role by another instance shows in the very next list", async () => {
    const desk = await makeStaffUser(t, await staffLogin(t), "Desk Permission", "desk-permission@example.com");
    const who = await staffLogin(t, { email: desk.email, password: "staff member passphrase 1024" });
    const editable = async () => ((await contactsList(who)).body.items as { can: { edit: boolean } }[]).map((c) => c.can.edit);
    expect(await editable()).toContain(true);
    const [{ id }] = (await run(sql`select role_id as id from staff_users where id = ${desk.id}`)).rows as { id: string }[];
    await run(sql`update staff_roles set permissions = array_remove(permissions, 'contacts.manage') where id = ${id}`);
    try {
      expect(await editable()).not.toContain(true);
    } finally {
      await run(sql`update staff_roles set permissions = array_append(permissions, 'contacts.manage') where id = ${id}`);
    }
  });

  it("PLT-4 an empty page confirms the session too", async () => {
    const who = await staffLogin(t);
    const empty = await call(t, "GET", "/api/staff/contacts?q=nobody-has-this-name-x7", { cookie: who });
    expect(empty.status).toBe(200);
    expect(empty.body.items).toEqual([]);
    await run(sql`delete from sessions where staff_user_id is not null`);
    expect((await call(t, "GET", "/api/staff/contacts?q=nobody-has-this-name-x7", { cookie: who })).status).toBe(401);
  });
});
