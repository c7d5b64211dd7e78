/** A tenant with two accounts, jobs, contacts in every portal role, tickets, notes and files; and a second tenant. */
import { and, count, eq, sql } from "drizzle-orm";
import { attachments, outbox, ticketNotes, tickets } from "../../src/server/db/schema/index.js";
import { activeContact, addTenant, call, type Call, cookieFrom, createTestApp, defaultJob, makeAccount, PORTAL_PASSWORD, staffLogin, type TestApp } from "../harness.js";

export const INTERNAL_NOTE = "INTERNAL-ONLY-note-7f3a";
export const INTERNAL_FILE = "internal-only-7f3a.txt";

export async function upload(t: TestApp, url: string, cookie: string, filename: string, content: Buffer | string, o: Call = {}) {
  const boundary = "----portico-test-boundary";
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
    Buffer.isBuffer(content) ? content : Buffer.from(content),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const res = await t.app.inject({
    method: "POST",
    url,
    headers: { host: o.host ?? "portico.test", "x-portico-csrf": "1", cookie, "content-type": `multipart/form-data; boundary=${boundary}` },
    payload: body,
  });
  return { status: res.statusCode, body: JSON.parse(res.body || "null") };
}

/** Ticket emails queued for this ticket, counted per recipient (every row of the outbox, whatever its status). */
export async function ticketMailCounts(t: TestApp, ticket: { number: number; title: string }, tenantId = t.tenantId) {
  const rows = await t.c.deps.db
    .select({ recipient: outbox.recipient })
    .from(outbox)
    .where(
      and(
        eq(outbox.tenantId, tenantId),
        eq(outbox.template, "ticket_activity"),
        // The facts the worker renders the email from: the ticket's number and title.
        sql`(${outbox.payload}->>'number')::bigint = ${ticket.number}`,
        sql`${outbox.payload}->>'title' = ${ticket.title}`,
      ),
    );
  const counts: Record<string, number> = {};
  for (const r of rows) counts[r.recipient ?? ""] = (counts[r.recipient ?? ""] ?? 0) + 1;
  return counts;
}

/** Every ticket row of the tenant, counted in the database (list totals are capped a few pages ahead). */
export async function ticketCount(t: TestApp, tenantId = t.tenantId) {
  const [r] = await t.c.deps.db.select({ n: count() }).from(tickets).where(eq(tickets.tenantId, tenantId));
  return Number(r.n);
}

/** Notes and files of every tenant, counted in the database: refused writes must leave both unchanged. */
export async function noteAndFileCounts(t: TestApp) {
  const [[n], [f]] = await Promise.all([t.c.deps.db.select({ n: count() }).from(ticketNotes), t.c.deps.db.select({ n: count() }).from(attachments)]);
  return { notes: Number(n.n), files: Number(f.n) };
}

/** A staff user of the default tenant with the built-in Service desk role. */
export async function makeStaffUser(t: TestApp, staff: string, name: string, email: string) {
  const roles = (await call(t, "GET", "/api/staff/roles", { cookie: staff })).body.items as { id: string; name: string }[];
  const desk = roles.find((r) => r.name === "Service desk");
  if (!desk) throw new Error("no Service desk role");
  const r = await call(t, "POST", "/api/staff/users", { cookie: staff, body: { name, email, roleId: desk.id, password: "staff member passphrase 1024" } });
  if (r.status !== 200) throw new Error(`create staff user: ${JSON.stringify(r.body)}`);
  return r.body as { id: string; email: string };
}

/** A lookup of the tenant by kind and name (starter lists: statuses, priorities, ticket types). */
export async function lookupId(t: TestApp, staff: string, kind: string, name: string) {
  const items = (await call(t, "GET", `/api/staff/lookups?kind=${kind}`, { cookie: staff })).body.items as { id: string; name: string }[];
  const found = items.find((l) => l.name === name);
  if (!found) throw new Error(`no ${kind} ${name}`);
  return found.id;
}

export async function buildTicketWorld() {
  const t = await createTestApp();
  const staff = await staffLogin(t);
  const s = (method: string, url: string, body?: unknown) => call(t, method, url, { cookie: staff, body });
  const roles = (await s("GET", "/api/staff/portal-roles")).body.items as { id: string; name: string }[];
  const managerRole = roles.find((r) => r.name === "External Manager")!.id;

  const accountA = await makeAccount(t, staff, { name: "Account A" });
  const accountB = await makeAccount(t, staff, { name: "Account B" });
  const job = async (accountId: string, number: string, v: object = {}) => (await s("POST", `/api/staff/accounts/${accountId}/jobs`, { number, name: `Job ${number}`, visibleInPortal: true, customersAddTickets: true, copyEmailsToManager: false, hoursVisible: false, ...v })).body;
  // Each account's default job (JOB-1), numbered for the tests; A also has a job hidden from the portal.
  const jobA1 = await defaultJob(t, staff, accountA.id, { number: "A-1", name: "Job A-1" });
  const jobAHidden = await job(accountA.id, "A-HIDDEN", { visibleInPortal: false });
  const jobB1 = await defaultJob(t, staff, accountB.id, { number: "B-1", name: "Job B-1" });

  const userA = await activeContact(t, staff, [accountA.id], { firstName: "Ursula", lastName: "User" });
  const colleagueA = await activeContact(t, staff, [accountA.id], { firstName: "Colin", lastName: "Colleague" });
  const managerA = await activeContact(t, staff, [accountA.id], { firstName: "Mona", lastName: "Manager" });
  await s("PATCH", `/api/staff/accounts/${accountA.id}/contacts/${managerA.id}`, { portalRoleId: managerRole });
  const adminA = await activeContact(t, staff, [accountA.id], { firstName: "Ada", lastName: "Clientadmin" });
  await s("PATCH", `/api/staff/accounts/${accountA.id}/contacts/${adminA.id}`, { clientAdmin: true, sendCopyOfTickets: true });
  const mixed = await activeContact(t, staff, [accountA.id, accountB.id], { firstName: "Max", lastName: "Mixed" });
  await s("PATCH", `/api/staff/accounts/${accountB.id}/contacts/${mixed.id}`, { portalRoleId: managerRole });
  const revoked = await activeContact(t, staff, [accountA.id], { firstName: "Rex", lastName: "Revoked" });
  const archived = await activeContact(t, staff, [accountA.id], { firstName: "Archie", lastName: "Archived" });

  const portalTicket = async (cookie: string, title: string, jobId?: string) => {
    const r = await call(t, "POST", "/api/portal/tickets", { cookie, body: { title, details: `${title} details`, ...(jobId ? { jobId } : {}) } });
    if (r.status !== 200) throw new Error(`create ticket: ${JSON.stringify(r.body)}`);
    return r.body as { id: string; number: number };
  };
  const own = await portalTicket(userA.cookie, "Own ticket of Ursula");
  const colleague = await portalTicket(colleagueA.cookie, "Colleague ticket of Colin");
  await call(t, "POST", "/api/portal/me/switch-account", { cookie: mixed.cookie, body: { accountId: accountB.id } });
  const inB = await portalTicket(mixed.cookie, "Ticket in account B", jobB1.id);
  await call(t, "POST", "/api/portal/me/switch-account", { cookie: mixed.cookie, body: { accountId: accountA.id } });
  const hidden = (await s("POST", "/api/staff/tickets", { title: "On a hidden job", details: "", jobId: jobAHidden.id, contactId: userA.id })).body as { id: string };

  await s("POST", `/api/staff/tickets/${own.id}/notes`, { body: "A public answer", isPublic: true });
  await s("POST", `/api/staff/tickets/${own.id}/notes`, { body: INTERNAL_NOTE, isPublic: false });
  const ownFile = (await upload(t, `/api/portal/tickets/${own.id}/attachments`, userA.cookie, "screenshot.txt", "hello from Ursula")).body as { id: string };
  const internalFile = (await upload(t, `/api/staff/tickets/${own.id}/attachments?public=false`, staff, INTERNAL_FILE, "staff eyes only")).body as { id: string };
  const colleagueFile = (await upload(t, `/api/portal/tickets/${colleague.id}/attachments`, colleagueA.cookie, "colleague.txt", "hello from Colin")).body as { id: string };
  const bFile = (await upload(t, `/api/staff/tickets/${inB.id}/attachments`, staff, "b.txt", "account B file")).body as { id: string };

  await s("DELETE", `/api/staff/contacts/${revoked.id}/portal-access`);
  await s("POST", `/api/staff/contacts/${archived.id}/archive`);

  // A second tenant with its own everything.
  const other = await addTenant(t, "other.test");
  await t.c.services.staff.createFirstAdmin(other.id, { name: "Other Admin", email: "admin@other.test", password: "other tenant passphrase" });
  const otherStaff = await staffLogin(t, { email: "admin@other.test", password: "other tenant passphrase" }, "other.test");
  const o = (method: string, url: string, body?: unknown) => call(t, method, url, { cookie: otherStaff, body, host: "other.test" });
  const otherAccount = (await o("POST", "/api/staff/accounts", { name: "Other tenant account" })).body;
  const otherJob = await defaultJob(t, otherStaff, otherAccount.id, { number: "O-1", name: "Other job" }, "other.test");
  const otherContact = (await o("POST", "/api/staff/contacts", { firstName: "Otto", lastName: "Other", email: "otto@other.test", accountIds: [otherAccount.id] })).body;
  const otherTicket = (await o("POST", "/api/staff/tickets", { title: "Other tenant ticket", details: "", jobId: otherJob.id, contactId: otherContact.id })).body;
  const otherFile = (await upload(t, `/api/staff/tickets/${otherTicket.id}/attachments`, otherStaff, "other.txt", "other tenant", { host: "other.test" })).body as { id: string };
  // A staff cookie of the other tenant used against this tenant's host.
  const otherStaffHere = otherStaff;

  return {
    t,
    staff,
    otherStaff: otherStaffHere,
    accounts: { A: accountA, B: accountB },
    jobs: { A1: jobA1, AHidden: jobAHidden, B1: jobB1, other: otherJob },
    contacts: { userA, colleagueA, managerA, adminA, mixed, revoked, archived, other: otherContact },
    tickets: { own, colleague, inB, hidden, other: otherTicket },
    files: { own: ownFile, internal: internalFile, colleague: colleagueFile, inB: bFile, other: otherFile },
    PORTAL_PASSWORD,
    cookieFrom,
  };
}
export type TicketWorld = Awaited<ReturnType<typeof buildTicketWorld>>;
