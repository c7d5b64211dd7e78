/**
 * Portal access at its edges: which states staff may disable or revoke from, what revoking and
 * archiving clear (ACC-6), the archived event in the portal history (ACC-8), and the colleagues a
 * contact with contacts.manage sees and edits (ROL-6).
 */
import { and, count, eq, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authTokens, contacts, recoveryCodes, sessions } from "../../src/server/db/schema/index.js";
import { activeContact, call, createTestApp, makeAccount, makeContact, PORTAL_PASSWORD, staffLogin, type TestApp } from "../harness.js";
import { lastTokenTo, storedEvents } from "./portal-access-fixture.js";

let t: TestApp;
let staff: string;
let staffId: string;
beforeAll(async () => {
  t = await createTestApp();
  staff = await staffLogin(t);
  staffId = (await call(t, "GET", "/api/staff/me", { cookie: staff })).body.id;
}, 60_000);
afterAll(() => t.close());

const s = (method: string, url: string, body?: unknown) => call(t, method, url, { cookie: staff, body });
const access = (id: string, path = "", method = "POST") => s(method, `/api/staff/contacts/${id}/portal-access${path ? `/${path}` : ""}`);
const grant = (id: string) => s("POST", `/api/staff/contacts/${id}/portal-access`, {});
const portalMe = (cookie: string) => call(t, "GET", "/api/portal/me", { cookie });
const portalStatus = async (id: string) => (await s("GET", `/api/staff/contacts/${id}`)).body.portal.status as string;

async function liveSessions(contactId: string) {
  const [r] = await t.c.deps.db.select({ n: count() }).from(sessions).where(and(eq(sessions.tenantId, t.tenantId), eq(sessions.contactId, contactId)));
  return Number(r.n);
}
/** The contact's links not yet used nor voided, counted in the database. */
async function unusedLinks(contactId: string) {
  const [r] = await t.c.deps.db.select({ n: count() }).from(authTokens).where(and(eq(authTokens.tenantId, t.tenantId), eq(authTokens.contactId, contactId), isNull(authTokens.usedAt)));
  return Number(r.n);
}
async function recoveryCodeCount(contactId: string) {
  const [r] = await t.c.deps.db.select({ n: count() }).from(recoveryCodes).where(and(eq(recoveryCodes.tenantId, t.tenantId), eq(recoveryCodes.contactId, contactId)));
  return Number(r.n);
}

describe("ACC-6 disabling and revoking", () => {
  it("ACC-6 disabling a contact whose access is not enabled, or already disabled, is refused with the reason and changes nothing", async () => {
    const account = await makeAccount(t, staff);
    const plain = await makeContact(t, staff, [account.id], { firstName: "Nat", lastName: "Notenabled" });
    const r = await access(plain.id, "disable");
    expect(r.status).toBe(409);
    expect(r.body.message).toBe("Portal access is not enabled.");
    expect(await portalStatus(plain.id)).toBe("not_enabled");
    expect(await storedEvents(t, plain.id)).toEqual([]);

    const active = await activeContact(t, staff, [account.id], { firstName: "Dee", lastName: "Disabled" });
    expect((await access(active.id, "disable")).status).toBe(200);
    const again = await access(active.id, "disable");
    expect(again.status).toBe(409);
    expect(again.body.message).toBe("Portal access is not enabled.");
    expect((await storedEvents(t, active.id)).filter((e) => e.type === "disabled")).toHaveLength(1);
  });

  it("ACC-6 revoking a contact whose access is not enabled is refused with the reason", async () => {
    const account = await makeAccount(t, staff);
    const plain = await makeContact(t, staff, [account.id], { firstName: "Rae", lastName: "Revokeless" });
    const r = await access(plain.id, "", "DELETE");
    expect(r.status).toBe(409);
    expect(r.body.message).toBe("The contact has no portal access to revoke.");
    expect(await storedEvents(t, plain.id)).toEqual([]);
  });

  it("ACC-6 revoking clears the contact's recovery codes and ends its live sessions", async () => {
    const account = await makeAccount(t, staff);
    const c = await activeContact(t, staff, [account.id], { firstName: "Rob", lastName: "Revoked" });
    await t.c.deps.db.insert(recoveryCodes).values([1, 2, 3].map((i) => ({ tenantId: t.tenantId, contactId: c.id, codeHash: `hash-of-code-${i}-${c.id}` })));
    expect(await recoveryCodeCount(c.id)).toBe(3);
    expect(await liveSessions(c.id)).toBe(1);
    expect((await portalMe(c.cookie)).status).toBe(200);

    const r = await access(c.id, "", "DELETE");
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.portal.status).toBe("not_enabled");
    expect(await recoveryCodeCount(c.id)).toBe(0);
    expect(await liveSessions(c.id)).toBe(0);
    expect((await portalMe(c.cookie)).status).toBe(401);
  });

  it("ACC-6 a session from before a disable stays dead after access is enabled again; a new sign-in works", async () => {
    const account = await makeAccount(t, staff);
    const c = await activeContact(t, staff, [account.id], { firstName: "Eve", lastName: "Enabled" });
    expect((await access(c.id, "disable")).status).toBe(200);
    expect(await liveSessions(c.id)).toBe(0);
    const enabled = await access(c.id, "enable");
    expect(enabled.status, JSON.stringify(enabled.body)).toBe(200);
    expect(enabled.body.portal.status).toBe("active");
    expect((await portalMe(c.cookie)).status).toBe(401);
    const login = await call(t, "POST", "/api/portal/auth/login", { body: { username: c.email, password: PORTAL_PASSWORD } });
    expect(login.status).toBe(200);
  });
});

describe("ACC-6 ACC-8 archiving a contact", () => {
  it("ACC-6 archiving voids a pending activation link: the link then answers 410 and sets no password", async () => {
    const account = await makeAccount(t, staff);
    const c = await makeContact(t, staff, [account.id], { firstName: "Ivy", lastName: "Invited" });
    expect((await s("POST", `/api/staff/contacts/${c.id}/portal-access`, {})).status).toBe(200);
    const token = await lastTokenTo(t, c.email);
    expect(await unusedLinks(c.id)).toBe(1);
    expect((await s("POST", `/api/staff/contacts/${c.id}/archive`)).status).toBe(200);
    expect(await unusedLinks(c.id)).toBe(0);
    const r = await call(t, "POST", "/api/portal/auth/set-password", { body: { token, password: PORTAL_PASSWORD } });
    expect(r.status).toBe(410);
    const [row] = await t.c.deps.db.select({ hash: contacts.passwordHash }).from(contacts).where(eq(contacts.id, c.id));
    expect(row.hash).toBeNull();
  });

  it("ACC-6 archiving ends the contact's sessions: after archive and restore the old cookie is still refused", async () => {
    const account = await makeAccount(t, staff);
    const c = await activeContact(t, staff, [account.id], { firstName: "Ari", lastName: "Archived" });
    expect(await liveSessions(c.id)).toBe(1);
    expect((await s("POST", `/api/staff/contacts/${c.id}/archive`)).status).toBe(200);
    expect(await liveSessions(c.id)).toBe(0);
    expect((await s("POST", `/api/staff/contacts/${c.id}/restore`)).status).toBe(200);
    expect((await portalMe(c.cookie)).status).toBe(401);
  });

  it("ACC-8 archiving a contact with portal access records an archived event by the staff user; one without access gets none", async () => {
    const account = await makeAccount(t, staff);
    const c = await activeContact(t, staff, [account.id], { firstName: "Hal", lastName: "History" });
    const plain = await makeContact(t, staff, [account.id], { firstName: "Pam", lastName: "Plain" });
    for (const id of [c.id, plain.id]) expect((await s("POST", `/api/staff/contacts/${id}/archive`)).status).toBe(200);
    const archived = (await storedEvents(t, c.id)).filter((e) => e.type === "archived");
    expect(archived.map((e) => ({ actorKind: e.actorKind, actorId: e.actorId, actorName: e.actorName }))).toEqual([{ actorKind: "staff", actorId: staffId, actorName: "Ada Admin" }]);
    const shown = (await s("GET", `/api/staff/contacts/${c.id}/portal-history`)).body.items.filter((e: { type: string }) => e.type === "archived");
    expect(shown.map((e: { actor: string }) => e.actor)).toEqual(["Ada Admin"]);
    expect(await storedEvents(t, plain.id)).toEqual([]);
  });
});

describe("ACC-6 archive and restore at their edges", () => {
  it("ACC-6 ACC-8 restoring brings a contact back not enabled, with the one archived event and no other", async () => {
    const account = await makeAccount(t, staff);
    const c = await activeContact(t, staff, [account.id], { firstName: "Rae", lastName: "Restored" });
    expect((await s("POST", `/api/staff/contacts/${c.id}/archive`)).status).toBe(200);
    expect(await portalStatus(c.id), "archiving ends access but keeps its record").toBe("active");
    const before = await storedEvents(t, c.id);
    expect((await s("POST", `/api/staff/contacts/${c.id}/restore`)).status).toBe(200);
    expect(await portalStatus(c.id)).toBe("not_enabled");
    expect(await storedEvents(t, c.id), "restoring records nothing").toEqual(before);
    expect(before.filter((e) => e.type === "archived")).toHaveLength(1);
  });

  it("ACC-1 the portal access of an archived contact cannot be managed until it is restored", async () => {
    const account = await makeAccount(t, staff);
    const c = await makeContact(t, staff, [account.id], { firstName: "Ida", lastName: "Idle" });
    expect((await s("POST", `/api/staff/contacts/${c.id}/archive`)).status).toBe(200);
    const r = await grant(c.id);
    expect(r.status).toBe(409);
    expect(r.body.message).toBe("This record is archived; restore it first.");
    expect(await portalStatus(c.id)).toBe("not_enabled");
    expect(await storedEvents(t, c.id)).toEqual([]);
  });
});

describe("ACC-1 ACC-2 a grant refused up front, with the reason", () => {
  it("ACC-1 a contact whose only account is archived cannot be granted access", async () => {
    const account = await makeAccount(t, staff);
    const c = await makeContact(t, staff, [account.id], { firstName: "Nia", lastName: "Nowhere" });
    expect((await s("POST", `/api/staff/accounts/${account.id}/archive`)).status).toBe(200);
    const r = await grant(c.id);
    expect(r.status).toBe(400);
    expect(r.body.fields).toEqual([{ field: "accountIds", message: "the contact must belong to an account first" }]);
    expect(await portalStatus(c.id)).toBe("not_enabled");
  });

  it("ACC-2 an email already used as another contact's username is refused on the email field; one already another portal user's email on the email field too", async () => {
    const account = await makeAccount(t, staff);
    const first = await makeContact(t, staff, [account.id], { firstName: "Una", lastName: "User" });
    expect((await s("POST", `/api/staff/contacts/${first.id}/portal-access`, { username: "taken.name@client.test" })).status).toBe(200);
    const same = await makeContact(t, staff, [account.id], { firstName: "Sam", lastName: "Same", email: "taken.name@client.test" });
    const byUsername = await grant(same.id);
    expect(byUsername.status).toBe(409);
    expect(byUsername.body.fields?.[0]?.field).toBe("email");

    // A contact created with the address is refused (ROL-5); one edited to it afterwards is the twin.
    const twin = await makeContact(t, staff, [account.id], { firstName: "Tia", lastName: "Twin" });
    expect((await s("PATCH", `/api/staff/contacts/${twin.id}`, { email: first.email })).status).toBe(200);
    const byEmail = await s("POST", `/api/staff/contacts/${twin.id}/portal-access`, { username: "a-free-username" });
    expect(byEmail.status).toBe(409);
    expect(byEmail.body).toMatchObject({ message: expect.stringContaining("Una User already signs in to the portal with this email address."), fields: [{ field: "email" }] });
    for (const id of [same.id, twin.id]) expect(await portalStatus(id)).toBe("not_enabled");
  });

  it("ACC-6 access that is disabled can still be revoked", async () => {
    const account = await makeAccount(t, staff);
    const c = await activeContact(t, staff, [account.id], { firstName: "Dot", lastName: "Disabled" });
    expect((await access(c.id, "disable")).status).toBe(200);
    const r = await access(c.id, "", "DELETE");
    expect(r.status).toBe(200);
    expect(await portalStatus(c.id)).toBe("not_enabled");
  });
});

describe("ROL-6 colleagues of the account in view", () => {
  async function world() {
    const role = (await s("POST", "/api/staff/portal-roles", { name: `Office ${Math.random().toString(36).slice(2, 8)}`, permissions: ["tickets.view_own", "contacts.manage"], quickForm: true, visibleFields: [] })).body as { id: string };
    const a = await makeAccount(t, staff);
    const b = await makeAccount(t, staff);
    const boss = await activeContact(t, staff, [a.id, b.id], { firstName: "Bo", lastName: "Boss" });
    for (const acc of [a, b]) expect((await s("PATCH", `/api/staff/accounts/${acc.id}/contacts/${boss.id}`, { portalRoleId: role.id })).status).toBe(200);
    const inA = await makeContact(t, staff, [a.id], { firstName: "Ann", lastName: "OfA" });
    const archivedInA = await makeContact(t, staff, [a.id], { firstName: "Arc", lastName: "OfA" });
    expect((await s("POST", `/api/staff/contacts/${archivedInA.id}/archive`)).status).toBe(200);
    const inB = await makeContact(t, staff, [b.id], { firstName: "Ben", lastName: "OfB" });
    const view = async (accountId: string) => expect((await call(t, "POST", "/api/portal/me/switch-account", { cookie: boss.cookie, body: { accountId } })).status).toBe(200);
    return { a, b, boss, inA, archivedInA, inB, view };
  }
  const listed = async (cookie: string) => {
    const r = await call(t, "GET", "/api/portal/contacts", { cookie });
    expect(r.status).toBe(200);
    return (r.body.items as { firstName: string }[]).map((c) => c.firstName).sort();
  };
  const jobTitle = async (id: string) => (await s("GET", `/api/staff/contacts/${id}`)).body.jobTitle as string | null;

  it("ROL-6 a contact with contacts.manage cannot edit a contact of another of their accounts, nor an archived one, while viewing one account", async () => {
    const w = await world();
    await w.view(w.b.id);
    const other = await call(t, "PATCH", `/api/portal/contacts/${w.inA.id}`, { cookie: w.boss.cookie, body: { jobTitle: "From B" } });
    expect(other.status).toBe(404);
    expect(await jobTitle(w.inA.id)).toBeNull();
    const own = await call(t, "PATCH", `/api/portal/contacts/${w.inB.id}`, { cookie: w.boss.cookie, body: { jobTitle: "Edited in B" } });
    expect(own.status).toBe(200);
    expect(await jobTitle(w.inB.id)).toBe("Edited in B");

    await w.view(w.a.id);
    const archived = await call(t, "PATCH", `/api/portal/contacts/${w.archivedInA.id}`, { cookie: w.boss.cookie, body: { jobTitle: "Archived edit" } });
    expect(archived.status).toBe(404);
    expect(await jobTitle(w.archivedInA.id)).toBeNull();
    expect((await call(t, "PATCH", `/api/portal/contacts/${w.inA.id}`, { cookie: w.boss.cookie, body: { jobTitle: "Edited in A" } })).status).toBe(200);
  });

  it("ROL-6 a colleague who also belongs to another account is edited from the account in view", async () => {
    const w = await world();
    const both = await makeContact(t, staff, [w.b.id, w.a.id], { firstName: "Two", lastName: "Accounts" });
    await w.view(w.a.id);
    const r = await call(t, "PATCH", `/api/portal/contacts/${both.id}`, { cookie: w.boss.cookie, body: { jobTitle: "Shared" } });
    expect(r.status).toBe(200);
    expect(await jobTitle(both.id)).toBe("Shared");
    const missing = await call(t, "PATCH", "/api/portal/contacts/00000000-0000-4000-8000-000000000000", { cookie: w.boss.cookie, body: { jobTitle: "Nobody" } });
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual((await call(t, "PATCH", `/api/portal/contacts/${w.archivedInA.id}`, { cookie: w.boss.cookie, body: { jobTitle: "x" } })).body);
  });

  it("ROL-6 the colleague list holds only the non-archived contacts of the account in view", async () => {
    const w = await world();
    await w.view(w.a.id);
    expect(await listed(w.boss.cookie)).toEqual(["Ann", "Bo"]);
    await w.view(w.b.id);
    expect(await listed(w.boss.cookie)).toEqual(["Ben", "Bo"]);
  });
});
