import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HOUR } from "../../src/server/lib/clock.js";
import {
  activeContact,
  call,

  createTestApp,
  lastLinkTo,
  makeAccount,
  makeContact,
  PORTAL_PASSWORD,
  staffLogin,
  type TestApp,
} from "../harness.js";

let t: TestApp;
let staff: string;
let accountId: string;
beforeAll(async () => {
  t = await createTestApp();
  staff = await staffLogin(t);
  accountId = (await makeAccount(t, staff)).id;
});
afterAll(() => t.close());

const grant = (id: string, body: object = {}) => call(t, "POST", `/api/staff/contacts/${id}/portal-access`, { cookie: staff, body });
const setPassword = (token: string, password = PORTAL_PASSWORD) => call(t, "POST", "/api/portal/auth/set-password", { body: { token, password } });
const login = (username: string, password = PORTAL_PASSWORD) => call(t, "POST", "/api/portal/auth/login", { body: { username, password } });

describe("granting access", () => {
  it("ACC-1 access is refused for a contact without an email, naming the field", async () => {
    const c = await makeContact(t, staff, [accountId], { email: null });
    const r = await grant(c.id);
    expect(r.status).toBe(400);
    expect(r.body.fields[0].field).toBe("email");
  });

  it("ACC-1 staff without 'manage customer portal access' cannot grant", async () => {
    const roles = await call(t, "GET", "/api/staff/roles", { cookie: staff });
    const approver = roles.body.items.find((r: { name: string }) => r.name === "Approver");
    await call(t, "POST", "/api/staff/users", { cookie: staff, body: { name: "No Access", email: "noaccess@example.com", roleId: approver.id, password: "another long passphrase 9" } });
    const other = await staffLogin(t, { email: "noaccess@example.com", password: "another long passphrase 9" });
    const c = await makeContact(t, staff, [accountId]);
    const r = await call(t, "POST", `/api/staff/contacts/${c.id}/portal-access`, { cookie: other, body: {} });
    expect(r.status).toBe(403);
    const after = await call(t, "GET", `/api/staff/contacts/${c.id}`, { cookie: staff });
    expect(after.body.portal.status).toBe("not_enabled");
  });

  it("ACC-2 the username defaults to the email and is unique case-insensitively", async () => {
    const a = await makeContact(t, staff, [accountId]);
    const r = await grant(a.id);
    expect(r.status).toBe(200);
    expect(r.body.portal.username).toBe(a.email);
    const b = await makeContact(t, staff, [accountId]);
    const clash = await grant(b.id, { username: a.email.toUpperCase() });
    expect(clash.status).toBe(409);
    expect(clash.body.fields[0].field).toBe("username");
  });

  it("ACC-2 generate offers a unique username that can be granted", async () => {
    const a = await makeContact(t, staff, [accountId], { firstName: "Jane", lastName: "Doe" });
    const b = await makeContact(t, staff, [accountId], { firstName: "John", lastName: "Doe" });
    const s1 = await call(t, "GET", `/api/staff/contacts/${a.id}/portal-access/username-suggestion`, { cookie: staff });
    expect(s1.body.username).toBe("jdoe");
    expect((await grant(a.id, { username: s1.body.username })).status).toBe(200);
    const s2 = await call(t, "GET", `/api/staff/contacts/${b.id}/portal-access/username-suggestion`, { cookie: staff });
    expect(s2.body.username).toMatch(/^jdoe\d+$/);
    expect((await grant(b.id, { username: s2.body.username })).status).toBe(200);
  });

  it("ACC-2 two portal users cannot share an email", async () => {
    const a = await makeContact(t, staff, [accountId], { email: "shared@client.test" });
    const b = await makeContact(t, staff, [accountId], { email: "SHARED@client.test" });
    expect((await grant(a.id)).status).toBe(200);
    const r = await grant(b.id, { username: "someone-else" });
    expect(r.status).toBe(409);
    expect(r.body.fields[0].field).toBe("email");
  });
});

describe("ACC-3 activation link", () => {
  it("ACC-3 status goes not enabled → invited → active", async () => {
    const c = await makeContact(t, staff, [accountId]);
    const r = await grant(c.id);
    expect(r.body.portal.status).toBe("invited");
    expect((await setPassword(await lastLinkTo(t, c.email, staff))).status).toBe(200);
    const after = await call(t, "GET", `/api/staff/contacts/${c.id}`, { cookie: staff });
    expect(after.body.portal.status).toBe("active");
  });

  it("ACC-3 the link works at 24 h − 1 s", async () => {
    const c = await makeContact(t, staff, [accountId]);
    await grant(c.id);
    const token = await lastLinkTo(t, c.email, staff);
    t.clock.advance(24 * HOUR - 1000);
    const r = await setPassword(token);
    t.clock.advance(-(24 * HOUR - 1000));
    expect(r.status).toBe(200);
  });

  it("ACC-3 the link fails at 24 h + 1 s", async () => {
    const c = await makeContact(t, staff, [accountId]);
    await grant(c.id);
    const token = await lastLinkTo(t, c.email, staff);
    t.clock.advance(24 * HOUR + 1000);
    const r = await setPassword(token);
    t.clock.advance(-(24 * HOUR + 1000));
    expect(r.status).toBe(410);
    expect(r.body.code).toBe("INVALID_TOKEN");
  });

  it("ACC-3 20 concurrent redemptions of one link give exactly one success", async () => {
    const c = await makeContact(t, staff, [accountId]);
    await grant(c.id);
    const token = await lastLinkTo(t, c.email, staff);
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => setPassword(token, `${PORTAL_PASSWORD}-${i}`)));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 410)).toHaveLength(19);
  });

  it("ACC-3 a resent link voids the old one", async () => {
    const c = await makeContact(t, staff, [accountId]);
    await grant(c.id);
    const old = await lastLinkTo(t, c.email, staff);
    const resend = await call(t, "POST", `/api/staff/contacts/${c.id}/portal-access/resend-activation`, { cookie: staff });
    expect(resend.status).toBe(200);
    const fresh = await lastLinkTo(t, c.email, staff);
    expect(fresh).not.toBe(old);
    expect((await setPassword(old)).status).toBe(410);
    expect((await setPassword(fresh)).status).toBe(200);
  });

  it("ACC-3 a used link cannot be used again", async () => {
    const c = await makeContact(t, staff, [accountId]);
    await grant(c.id);
    const token = await lastLinkTo(t, c.email, staff);
    expect((await setPassword(token)).status).toBe(200);
    expect((await setPassword(token)).status).toBe(410);
  });

  it("ACC-5 the set-password page refuses a password breaking the policy, and the link stays usable", async () => {
    const c = await makeContact(t, staff, [accountId]);
    await grant(c.id);
    const token = await lastLinkTo(t, c.email, staff);
    const short = await setPassword(token, "short");
    expect(short.status).toBe(400);
    expect(short.body.fields[0].field).toBe("password");
    const common = await setPassword(token, "password1234");
    expect(common.status).toBe(400);
    expect((await setPassword(token)).status).toBe(200);
  });
});

describe("ACC-4 passwords are never seen by staff", () => {
  it("ACC-4 no staff response carries a password or hash", async () => {
    const c = await activeContact(t, staff, [accountId]);
    const r = await call(t, "GET", `/api/staff/contacts/${c.id}`, { cookie: staff });
    expect(JSON.stringify(r.body)).not.toMatch(/argon2|password|totp/i);
  });

  it("ACC-4 staff start a reset: an email with a new link; the old password works until it is used", async () => {
    const c = await activeContact(t, staff, [accountId]);
    const r = await call(t, "POST", `/api/staff/contacts/${c.id}/portal-access/reset-password`, { cookie: staff });
    expect(r.status).toBe(200);
    expect((await login(c.email)).status).toBe(200);
    const token = await lastLinkTo(t, c.email, staff);
    expect((await setPassword(token, "a-brand-new-passphrase-77")).status).toBe(200);
    expect((await login(c.email)).status).toBe(401);
    expect((await login(c.email, "a-brand-new-passphrase-77")).status).toBe(200);
  });
});

describe("ACC-6 ending access ends live sessions", () => {
  const me = (cookie: string) => call(t, "GET", "/api/portal/me", { cookie });

  it("ACC-6 revoking access makes the live session get 401 on its very next request", async () => {
    const c = await activeContact(t, staff, [accountId]);
    expect((await me(c.cookie)).status).toBe(200);
    const r = await call(t, "DELETE", `/api/staff/contacts/${c.id}/portal-access`, { cookie: staff });
    expect(r.body.portal.status).toBe("not_enabled");
    expect(r.body.portal.username).toBeNull();
    expect((await me(c.cookie)).status).toBe(401);
  });

  it("ACC-6 disabling the contact's access makes the live session get 401", async () => {
    const c = await activeContact(t, staff, [accountId]);
    await call(t, "POST", `/api/staff/contacts/${c.id}/portal-access/disable`, { cookie: staff });
    expect((await me(c.cookie)).status).toBe(401);
    expect((await login(c.email)).status).toBe(401);
    const en = await call(t, "POST", `/api/staff/contacts/${c.id}/portal-access/enable`, { cookie: staff });
    expect(en.body.portal.status).toBe("active");
    expect((await login(c.email)).status).toBe(200);
  });

  it("ACC-6 disabling the whole account makes the live session get 401", async () => {
    const acc = await makeAccount(t, staff);
    const c = await activeContact(t, staff, [acc.id]);
    expect((await me(c.cookie)).status).toBe(200);
    await call(t, "PATCH", `/api/staff/accounts/${acc.id}`, { cookie: staff, body: { portalEnabled: false } });
    expect((await me(c.cookie)).status).toBe(401);
    expect((await login(c.email)).status).toBe(401);
  });

  it("ACC-6 archiving the contact makes the live session get 401", async () => {
    const c = await activeContact(t, staff, [accountId]);
    await call(t, "POST", `/api/staff/contacts/${c.id}/archive`, { cookie: staff });
    expect((await me(c.cookie)).status).toBe(401);
    expect((await login(c.email)).status).toBe(401);
  });

  it("ACC-6 a password reset ends every session of the contact", async () => {
    const c = await activeContact(t, staff, [accountId]);
    await call(t, "POST", `/api/staff/contacts/${c.id}/portal-access/reset-password`, { cookie: staff });
    await setPassword(await lastLinkTo(t, c.email, staff), "yet-another-passphrase-5");
    expect((await me(c.cookie)).status).toBe(401);
  });
});

describe("more staff actions", () => {
  it("ACC-7 changing the username clears the password and emails a reset link", async () => {
    const c = await activeContact(t, staff, [accountId]);
    const r = await call(t, "PUT", `/api/staff/contacts/${c.id}/portal-access/username`, { cookie: staff, body: { username: "renamed.user" } });
    expect(r.status).toBe(200);
    expect(r.body.portal.username).toBe("renamed.user");
    expect(r.body.portal.status).toBe("invited");
    expect((await call(t, "GET", "/api/portal/me", { cookie: c.cookie })).status).toBe(401);
    expect((await login("renamed.user")).status).toBe(401);
    const token = await lastLinkTo(t, c.email, staff);
    expect((await setPassword(token, "renamed-user-passphrase")).status).toBe(200);
    expect((await login("renamed.user", "renamed-user-passphrase")).status).toBe(200);
  });

  it("ACC-12 send login emails the portal URL, the username and a set-password link, never a password", async () => {
    const c = await activeContact(t, staff, [accountId]);
    await call(t, "POST", `/api/staff/contacts/${c.id}/portal-access/send-login`, { cookie: staff });
    const list = await call(t, "GET", `/api/staff/emails?q=${encodeURIComponent(c.email)}`, { cookie: staff });
    const email = await call(t, "GET", `/api/staff/emails/${list.body.items[0].id}`, { cookie: staff });
    expect(email.body.template).toBe("send_login");
    expect(email.body.textBody).toContain("http://portico.test/portal/");
    expect(email.body.textBody).toContain(`Username: ${c.email}`);
    expect(email.body.textBody).toMatch(/set-password\?token=/);
    expect(email.body.textBody).not.toContain(PORTAL_PASSWORD);
  });

  it("ACC-8 portal history records grant, email, activation, logins, failures, lock, revoke with actor and IP", async () => {
    const c = await activeContact(t, staff, [accountId]);
    for (let i = 0; i < 5; i++) await login(c.email, "wrong-password-123");
    await call(t, "DELETE", `/api/staff/contacts/${c.id}/portal-access`, { cookie: staff });
    const h = await call(t, "GET", `/api/staff/contacts/${c.id}/portal-history`, { cookie: staff });
    const types = h.body.items.map((e: { type: string }) => e.type);
    for (const type of ["granted", "activation_sent", "activated", "login_ok", "login_failed", "locked", "revoked"]) expect(types).toContain(type);
    const granted = h.body.items.find((e: { type: string }) => e.type === "granted");
    expect(granted.actor).toBe("Ada Admin");
    expect(granted.ip).toBe("127.0.0.1");
    expect(granted.createdAt).toBeTruthy();
  });

  it("ACC-9 the contacts list filters by portal access and status", async () => {
    const acc = await makeAccount(t, staff);
    const none = await makeContact(t, staff, [acc.id]);
    const invited = await makeContact(t, staff, [acc.id]);
    await grant(invited.id);
    const active = await activeContact(t, staff, [acc.id]);
    const q = async (qs: string) =>
      (await call(t, "GET", `/api/staff/contacts?accountId=${acc.id}&${qs}`, { cookie: staff })).body.items.map((c: { id: string }) => c.id).sort();
    expect(await q("portalAccess=without")).toEqual([none.id]);
    expect(await q("portalAccess=with")).toEqual([invited.id, active.id].sort());
    expect(await q("portalStatus=invited")).toEqual([invited.id]);
    expect(await q("portalStatus=active")).toEqual([active.id]);
  });

  it("ACC-10 batch grant gives a per-row result and queues welcome emails with username = email", async () => {
    const acc = await makeAccount(t, staff);
    const ok1 = await makeContact(t, staff, [acc.id]);
    const ok2 = await makeContact(t, staff, [acc.id]);
    const noEmail = await makeContact(t, staff, [acc.id], { email: null });
    const r = await call(t, "POST", "/api/staff/portal-access/batch-grant", {
      cookie: staff,
      body: { contactIds: [ok1.id, ok2.id, noEmail.id, "00000000-0000-4000-8000-000000000000"], sendWelcomeEmail: true },
    });
    expect(r.status).toBe(200);
    expect(r.body.results.map((x: { ok: boolean }) => x.ok)).toEqual([true, true, false, false]);
    expect(r.body.results[2].message).toMatch(/email/);
    const emails = await call(t, "GET", `/api/staff/emails?q=${encodeURIComponent(ok1.email)}`, { cookie: staff });
    expect(emails.body.items[0].template).toBe("welcome");
    const c1 = await call(t, "GET", `/api/staff/contacts/${ok1.id}`, { cookie: staff });
    expect(c1.body.portal.username).toBe(ok1.email);
  });

  it("ACC-10 batch grant without welcome email sends nothing", async () => {
    const acc = await makeAccount(t, staff);
    const c = await makeContact(t, staff, [acc.id]);
    const r = await call(t, "POST", "/api/staff/portal-access/batch-grant", { cookie: staff, body: { contactIds: [c.id], sendWelcomeEmail: false } });
    expect(r.body.results[0].ok).toBe(true);
    const emails = await call(t, "GET", `/api/staff/emails?q=${encodeURIComponent(c.email)}`, { cookie: staff });
    expect(emails.body.items).toHaveLength(0);
  });

  it("PLT-3 the email and the change it reports are one transaction: a refused grant queues nothing", async () => {
    const a = await makeContact(t, staff, [accountId], { email: "dup-check@client.test" });
    await grant(a.id);
    const before = (await call(t, "GET", "/api/staff/emails?q=dup-check", { cookie: staff })).body.total;
    const b = await makeContact(t, staff, [accountId]);
    expect((await grant(b.id, { username: "dup-check@client.test" })).status).toBe(409);
    expect((await call(t, "GET", "/api/staff/emails?q=dup-check", { cookie: staff })).body.total).toBe(before);
  });
});


describe("list totals", () => {
  it("ACC-9 a list counts a few pages ahead and says when there are more", async () => {
    const acc = await makeAccount(t, staff);
    for (let i = 0; i < 8; i++) await makeContact(t, staff, [acc.id]);
    const first = await call(t, "GET", `/api/staff/contacts?accountId=${acc.id}&pageSize=1`, { cookie: staff });
    expect(first.body).toMatchObject({ total: 5, totalCapped: true });
    const later = await call(t, "GET", `/api/staff/contacts?accountId=${acc.id}&pageSize=1&page=4`, { cookie: staff });
    expect(later.body).toMatchObject({ total: 8, totalCapped: false });
  });
});
