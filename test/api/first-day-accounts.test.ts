/**
 * A new service company's first day with its first customer: a new account takes tickets at once, the portal
 * says why when a contact cannot raise one, a person is one contact and one login however their email is typed,
 * and a batch grant says how to fix the rows it refused.
 */
import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contacts, portalSettings } from "../../src/server/db/schema/index.js";
import { insertContact, setMemberships } from "../../src/server/modules/contacts/contacts.repo.js";
import { activeContact, call, createTestApp, defaultJob, type JobDto, makeAccount, makeContact, staffLogin, type TestApp } from "../harness.js";
import { makeStaffUser } from "./ticket-fixture.js";
import { outboxMark, outboxSince } from "./portal-access-fixture.js";

let t: TestApp;
let staff: string;
let me: { id: string; name: string };
beforeAll(async () => {
  t = await createTestApp();
  staff = await staffLogin(t);
  me = (await call(t, "GET", "/api/staff/me", { cookie: staff })).body;
}, 60_000);
afterAll(() => t.close());

const s = (method: string, url: string, body?: unknown) => call(t, method, url, { cookie: staff, body });
const jobsOf = async (accountId: string) => (await s("GET", `/api/staff/accounts/${accountId}/jobs`)).body.items as JobDto[];
const contactCount = async () => Number((await t.c.deps.db.select({ n: count() }).from(contacts).where(eq(contacts.tenantId, t.tenantId)))[0].n);
const portalRole = async (name: string, permissions: string[]) =>
  (await s("POST", "/api/staff/portal-roles", { name, permissions, quickForm: true, visibleFields: [] })).body as { id: string };

describe("FIRST-1 a new account takes tickets from its first minute", () => {
  it("FIRST-1 JOB-1 a new account comes with its default job, named after it and open to customers, and its first portal contact raises a ticket at once", async () => {
    const account = await makeAccount(t, staff, { name: "Contoso Dental" });
    const jobs = await jobsOf(account.id);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ name: "Contoso Dental", isDefault: true, visibleInPortal: true, customersAddTickets: true, status: "active" });

    const carla = await activeContact(t, staff, [account.id], { firstName: "Carla", lastName: "Customer" });
    const list = await call(t, "GET", "/api/portal/tickets", { cookie: carla.cookie });
    expect(list.body.can).toEqual({ create: true });
    expect(list.body.createRefusal).toBeNull();
    const created = await call(t, "POST", "/api/portal/tickets", { cookie: carla.cookie, body: { title: "Our first ticket" } });
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    expect(created.body.job).toEqual({ id: jobs[0].id, name: "Contoso Dental" });
  });

  it("FIRST-1 JOB-1 the default job's number is the account number with the next free suffix, else JOB-n; numbers never collide", async () => {
    const taken = await makeAccount(t, staff, { name: "Zed Holdings" });
    const job = (number: string) => s("POST", `/api/staff/accounts/${taken.id}/jobs`, { number, name: `Typed by staff ${number}`, visibleInPortal: true, customersAddTickets: true, copyEmailsToManager: false, hoursVisible: false });
    await job("zed.co-1");
    await job("ZEDXCO-7");
    const zed = await makeAccount(t, staff, { name: "Zed & Co", number: "ZED.CO" });
    // The next suffix after the taken one, case aside; a dot in the account number is a dot, not "any character".
    expect((await defaultJob(t, staff, zed.id)).number).toBe("ZED.CO-2");
    const unnumbered = await Promise.all([makeAccount(t, staff, { name: "No number one" }), makeAccount(t, staff, { name: "No number two" })]);
    const numbers = await Promise.all(unnumbered.map(async (a) => (await defaultJob(t, staff, a.id)).number));
    for (const n of numbers) expect(n).toMatch(/^JOB-\d+$/);
    expect(new Set(numbers).size).toBe(2);
  });

  it("FIRST-1 ROL-1 a contact whose role lacks 'create tickets' is told so by the list and the form, with whom to ask: the default job's manager", async () => {
    const viewer = await portalRole("Viewers only", ["tickets.view_own"]);
    const account = await makeAccount(t, staff, { name: "Read Only Ltd", portalRoleId: viewer.id });
    const manager = await makeStaffUser(t, staff, "Mona Manager", "mona.manager@provider.test");
    await defaultJob(t, staff, account.id, { managerStaffId: manager.id });
    const vera = await activeContact(t, staff, [account.id], { firstName: "Vera", lastName: "Viewer" });

    const refusal = { reason: "role", accountName: "Read Only Ltd", askName: "Mona Manager" };
    const list = await call(t, "GET", "/api/portal/tickets", { cookie: vera.cookie });
    expect(list.body).toMatchObject({ can: { create: false }, createRefusal: refusal });
    const form = await call(t, "GET", "/api/portal/tickets/form", { cookie: vera.cookie });
    expect(form.body).toMatchObject({ canCreate: false, refusal });
  });

  it("FIRST-1 JOB-1 when no job takes portal tickets the reason says so; whom to ask falls back to the new-ticket assignee, never a disabled manager", async () => {
    const account = await makeAccount(t, staff, { name: "Closed Jobs GmbH" });
    const gone = await makeStaffUser(t, staff, "Gus Gone", "gus.gone@provider.test");
    await defaultJob(t, staff, account.id, { customersAddTickets: false, managerStaffId: gone.id });
    expect((await s("PATCH", `/api/staff/users/${gone.id}`, { disabled: true })).status).toBe(200);
    const nick = await activeContact(t, staff, [account.id], { firstName: "Nick", lastName: "Nojob" });
    const refusalOf = async () => (await call(t, "GET", "/api/portal/tickets", { cookie: nick.cookie })).body.createRefusal;

    await t.c.deps.db.update(portalSettings).set({ newTicketAssigneeId: null }).where(eq(portalSettings.tenantId, t.tenantId));
    expect(await refusalOf()).toEqual({ reason: "no_job", accountName: "Closed Jobs GmbH", askName: null });
    await t.c.deps.db.update(portalSettings).set({ newTicketAssigneeId: me.id }).where(eq(portalSettings.tenantId, t.tenantId));
    expect(await refusalOf()).toEqual({ reason: "no_job", accountName: "Closed Jobs GmbH", askName: me.name });
    const form = await call(t, "GET", "/api/portal/tickets/form", { cookie: nick.cookie });
    expect(form.body).toMatchObject({ canCreate: false, refusal: { reason: "no_job", askName: me.name } });
  });
});

describe("FIRST-6 one person, one contact, one login", () => {
  it("FIRST-6 ROL-5 creating a contact with an email another contact has is refused with 409 on the email field, naming the existing contact; nothing is created", async () => {
    const acme = await makeAccount(t, staff, { name: "Acme" });
    const other = await makeAccount(t, staff, { name: "Other Co" });
    const ada = await makeContact(t, staff, [acme.id], { firstName: "Ada", lastName: "Lovelace", email: "ada@acme.test" });
    const before = await contactCount();
    const r = await s("POST", "/api/staff/contacts", { firstName: "Ada", lastName: "L.", email: "  ADA@Acme.test ", accountIds: [other.id] });
    expect(r.status).toBe(409);
    expect(r.body.fields).toEqual([{ field: "email", message: "Ada Lovelace already has this email address." }]);
    expect(r.body.existing).toEqual({ id: ada.id, name: "Ada Lovelace" });
    expect(r.body.message).toBe("Ada Lovelace already has this email address. Add the account to Ada Lovelace instead of creating a second contact.");
    expect(await contactCount()).toBe(before);

    // The offer: add the account to the existing contact (ROL-5), who then belongs to both.
    const joined = await s("PATCH", `/api/staff/contacts/${ada.id}`, { accountIds: [acme.id, other.id] });
    expect(joined.body.accounts.map((a: { name: string }) => a.name)).toEqual(["Acme", "Other Co"]);
  });

  it("FIRST-6 an archived contact's email does not block a new contact", async () => {
    const account = await makeAccount(t, staff);
    const old = await makeContact(t, staff, [account.id], { email: "returning@client.test" });
    expect((await s("POST", `/api/staff/contacts/${old.id}/archive`)).status).toBe(200);
    expect((await s("POST", "/api/staff/contacts", { firstName: "Rita", lastName: "Returning", email: "returning@client.test", accountIds: [account.id] })).status).toBe(200);
  });

  it("FIRST-6 ACC-2 a grant to a contact whose email already signs in, whatever its case or surrounding spaces, is refused on the email field and sends nothing", async () => {
    const account = await makeAccount(t, staff);
    const first = await activeContact(t, staff, [account.id], { firstName: "Paula", lastName: "Portal", email: "paula@client.test" });
    // Contacts as an import would write them, past the form's trimming and lower-casing.
    const twins = [];
    for (const email of ["PAULA@Client.TEST", " paula@client.test "]) {
      const id = await insertContact(t.c.deps.db, t.tenantId, { firstName: "Paula", lastName: "Twin", email, phone: null, jobTitle: null, timeZone: null });
      await setMemberships(t.c.deps.db, t.tenantId, id, [account.id]);
      twins.push(id);
    }
    const mark = await outboxMark(t);
    for (const id of twins) {
      for (const body of [{}, { username: "paula-second-login" }]) {
        const r = await s("POST", `/api/staff/contacts/${id}/portal-access`, body);
        expect(r.status, JSON.stringify(r.body)).toBe(409);
        expect(r.body.fields).toEqual([{ field: "email", message: "Paula Portal already signs in to the portal with this email address." }]);
        expect(r.body.existing).toEqual({ id: first.id, name: "Paula Portal" });
      }
      const batch = await s("POST", "/api/staff/portal-access/batch-grant", { contactIds: [id], sendWelcomeEmail: true });
      expect(batch.body.results).toEqual([expect.objectContaining({ ok: false, message: "Paula Portal already signs in to the portal with this email address.", fix: null })]);
      expect((await s("GET", `/api/staff/contacts/${id}`)).body.portal.status).toBe("not_enabled");
    }
    expect(await outboxSince(t, mark)).toEqual([]);
  });
});

describe("FIRST-12 a batch grant says how to fix what it refused", () => {
  it("FIRST-12 ACC-10 a refused row names its fix: an email address to add, or a username to generate; the fix then grants", async () => {
    const account = await makeAccount(t, staff);
    const holder = await makeContact(t, staff, [account.id], { firstName: "Hal", lastName: "Holder" });
    expect((await s("POST", `/api/staff/contacts/${holder.id}/portal-access`, { username: "nina@client.test" })).status).toBe(200);
    const nina = await makeContact(t, staff, [account.id], { firstName: "Nina", lastName: "Named", email: "nina@client.test" });
    const noMail = await makeContact(t, staff, [account.id], { firstName: "Ned", lastName: "Nomail", email: null });
    const fine = await makeContact(t, staff, [account.id], { firstName: "Fay", lastName: "Fine" });

    const r = await s("POST", "/api/staff/portal-access/batch-grant", { contactIds: [nina.id, noMail.id, fine.id], sendWelcomeEmail: false });
    expect(r.body.results.map((x: { ok: boolean; fix: string | null }) => [x.ok, x.fix])).toEqual([
      [false, "generate_username"],
      [false, "add_email"],
      [true, null],
    ]);

    const { username } = (await s("GET", `/api/staff/contacts/${nina.id}/portal-access/username-suggestion`)).body;
    expect((await s("POST", `/api/staff/contacts/${nina.id}/portal-access`, { username, sendActivationEmail: false })).body.portal).toMatchObject({ status: "invited", username });
    expect((await s("PATCH", `/api/staff/contacts/${noMail.id}`, { email: "ned@client.test" })).status).toBe(200);
    expect((await s("POST", `/api/staff/contacts/${noMail.id}/portal-access`, { sendActivationEmail: false })).body.portal.status).toBe("invited");
  });

  it("FIRST-12 a contact says whether access may be granted now: not for one that has it or whose sign-up waits", async () => {
    const account = await makeAccount(t, staff);
    const waiting = await makeContact(t, staff, [account.id]);
    const granted = await makeContact(t, staff, [account.id]);
    await s("POST", `/api/staff/contacts/${granted.id}/portal-access`, { sendActivationEmail: false });
    await t.c.deps.db.update(contacts).set({ signupStatus: "pending" }).where(eq(contacts.id, waiting.id));
    const fresh = await makeContact(t, staff, [account.id]);
    const grantable = async (id: string) => (await s("GET", `/api/staff/contacts/${id}`)).body.can.grantPortal;
    expect([await grantable(fresh.id), await grantable(granted.id), await grantable(waiting.id)]).toEqual([true, false, false]);
  });
});

describe("FIRST-15 a switch that would be refused is not offered", () => {
  it("FIRST-15 the staff list says a staff member cannot disable themselves or change their own role, and may for others", async () => {
    const other = await makeStaffUser(t, staff, "Olga Other", "olga.other@provider.test");
    const users = (await s("GET", "/api/staff/users")).body.items as { id: string; can: object }[];
    expect(users.find((u) => u.id === me.id)?.can).toEqual({ disable: false, changeRole: false });
    expect(users.find((u) => u.id === other.id)?.can).toEqual({ disable: true, changeRole: true });
    expect((await s("PATCH", `/api/staff/users/${me.id}`, { disabled: true })).status).toBe(409);
  });
});
