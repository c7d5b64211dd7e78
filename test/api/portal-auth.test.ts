import { Secret, TOTP } from "otpauth";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { MINUTE } from "../../src/server/lib/clock.js";
import {
  activeContact,
  call,
  cookieFrom,
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
  accountId = (await makeAccount(t, staff, { name: "Alpha Ltd" })).id;
});
afterAll(() => t.close());
// Tests move the clock: start each one in a fresh throttle window with a fresh staff session.
beforeEach(async () => {
  t.clock.advance(16 * MINUTE);
  staff = await staffLogin(t);
});

const login = (username: string, password = PORTAL_PASSWORD, code?: string, headers?: Record<string, string>) =>
  call(t, "POST", "/api/portal/auth/login", { body: { username, password, ...(code ? { code } : {}) }, headers });
const me = (cookie: string) => call(t, "GET", "/api/portal/me", { cookie });

describe("ACC-4 answers never reveal the account state", () => {
  it("ACC-4 login and forgot-password answer the same for existing, unknown, disabled, archived, locked and not-yet-activated accounts", async () => {
    const wrong = "definitely-wrong-pass";
    const active = await activeContact(t, staff, [accountId]);
    const disabled = await activeContact(t, staff, [accountId]);
    await call(t, "POST", `/api/staff/contacts/${disabled.id}/portal-access/disable`, { cookie: staff });
    const archived = await activeContact(t, staff, [accountId]);
    await call(t, "POST", `/api/staff/contacts/${archived.id}/archive`, { cookie: staff });
    const locked = await activeContact(t, staff, [accountId]);
    for (let i = 0; i < 5; i++) await login(locked.email, wrong);
    const invited = await makeContact(t, staff, [accountId]);
    await call(t, "POST", `/api/staff/contacts/${invited.id}/portal-access`, { cookie: staff, body: {} });

    const usernames = [active.email, "nobody@nowhere.test", disabled.email, archived.email, locked.email, invited.email];
    const logins = [];
    for (const u of usernames) logins.push(await login(u, wrong));
    for (const r of logins) {
      expect(r.status).toBe(401);
      expect(r.body).toEqual(logins[0].body);
    }
    // Even the right password on a disabled, archived, locked or inactive account answers the same.
    for (const u of [disabled.email, archived.email, locked.email]) {
      const r = await login(u);
      expect(r.status).toBe(401);
      expect(r.body).toEqual(logins[0].body);
    }
    const forgots = [];
    for (const u of usernames) forgots.push(await call(t, "POST", "/api/portal/auth/forgot", { body: { email: u } }));
    for (const r of forgots) {
      expect(r.status).toBe(202);
      expect(r.body).toEqual(forgots[0].body);
    }
  });

  it("ACC-4 forgot password emails an active user a reset link valid for one use", async () => {
    const c = await activeContact(t, staff, [accountId]);
    await call(t, "POST", "/api/portal/auth/forgot", { body: { email: c.email } });
    const token = await lastLinkTo(t, c.email, staff);
    const info = await call(t, "POST", "/api/portal/auth/token-info", { body: { token } });
    expect(info.body).toEqual({ valid: true, purpose: "reset", username: c.email });
    expect((await call(t, "POST", "/api/portal/auth/set-password", { body: { token, password: "forgot-flow-passphrase" } })).status).toBe(200);
    expect((await call(t, "POST", "/api/portal/auth/set-password", { body: { token, password: "forgot-flow-passphrase2" } })).status).toBe(410);
    expect((await login(c.email, "forgot-flow-passphrase")).status).toBe(200);
  });
});

describe("ACC-13 throttling, lockout, expiry", () => {
  it("ACC-13 five failed sign-ins lock the account for 15 minutes, even for the right password", async () => {
    const c = await activeContact(t, staff, [accountId]);
    for (let i = 0; i < 5; i++) expect((await login(c.email, "nope-nope-nope-1")).status).toBe(401);
    expect((await login(c.email)).status).toBe(401);
    const staffView = await call(t, "GET", `/api/staff/contacts/${c.id}`, { cookie: staff });
    expect(staffView.body.portal.lockedUntil).not.toBeNull();
    t.clock.advance(15 * MINUTE + 1000);
    expect((await login(c.email)).status).toBe(200);
  });

  it("ACC-13 staff can unlock a locked account", async () => {
    const c = await activeContact(t, staff, [accountId]);
    for (let i = 0; i < 5; i++) await login(c.email, "nope-nope-nope-1");
    await call(t, "POST", `/api/staff/contacts/${c.id}/portal-access/unlock`, { cookie: staff });
    expect((await login(c.email)).status).toBe(200);
  });

  it("ACC-13 sign-in attempts are throttled per IP, the same for every account", async () => {
    const t2 = await createTestApp();
    try {
      const statuses = [];
      for (let i = 0; i < 31; i++) {
        const r = await t2.app.inject({ method: "POST", url: "/api/portal/auth/login", headers: { host: "portico.test", "x-portico-csrf": "1", "content-type": "application/json" }, payload: JSON.stringify({ username: `u${i}@x.test`, password: "whatever-password" }) });
        statuses.push(r.statusCode);
      }
      expect(statuses.slice(0, 30).every((s) => s === 401)).toBe(true);
      expect(statuses[30]).toBe(429);
    } finally {
      await t2.close();
    }
  });

  it("ACC-13 sessions expire after 30 minutes idle", async () => {
    const c = await activeContact(t, staff, [accountId]);
    t.clock.advance(29 * MINUTE);
    expect((await me(c.cookie)).status).toBe(200);
    t.clock.advance(29 * MINUTE);
    expect((await me(c.cookie)).status).toBe(200);
    t.clock.advance(31 * MINUTE);
    expect((await me(c.cookie)).status).toBe(401);
  });

  it("ACC-13 sessions end after 12 hours even when in use", async () => {
    const c = await activeContact(t, staff, [accountId]);
    for (let i = 0; i < 24; i++) {
      t.clock.advance(29 * MINUTE);
      expect((await me(c.cookie)).status).toBe(200);
    }
    t.clock.advance(25 * MINUTE); // 24 × 29 min + 25 min = 12 h 1 min
    expect((await me(c.cookie)).status).toBe(401);
  });

  it("ACC-13 sign out everywhere ends every session of the contact", async () => {
    const c = await activeContact(t, staff, [accountId]);
    const second = cookieFrom(await login(c.email));
    expect((await call(t, "POST", "/api/portal/auth/logout-everywhere", { cookie: c.cookie })).status).toBe(200);
    expect((await me(c.cookie)).status).toBe(401);
    expect((await me(second)).status).toBe(401);
  });

  it("ACC-13 a new session is issued on sign-in and the previous one is dropped", async () => {
    const c = await activeContact(t, staff, [accountId]);
    const again = await login(c.email, PORTAL_PASSWORD, undefined, { cookie: c.cookie });
    const fresh = cookieFrom(again);
    expect(fresh).not.toBe(c.cookie);
    expect((await me(c.cookie)).status).toBe(401);
    expect((await me(fresh)).status).toBe(200);
  });

  it("ACC-13 two-factor: enrol with a TOTP code, then sign-in needs a code; a recovery code works once", async () => {
    const c = await activeContact(t, staff, [accountId]);
    const setup = await call(t, "POST", "/api/portal/me/two-factor/setup", { cookie: c.cookie });
    expect(setup.status).toBe(200);
    expect(setup.body.qrDataUrl).toMatch(/^data:image\/png;base64,/);
    const totp = new TOTP({ secret: Secret.fromBase32(setup.body.secret), digits: 6, period: 30 });
    const code = () => totp.generate({ timestamp: Date.now() });
    expect((await call(t, "POST", "/api/portal/me/two-factor/enable", { cookie: c.cookie, body: { code: "000000" } })).status).toBe(400);
    const en = await call(t, "POST", "/api/portal/me/two-factor/enable", { cookie: c.cookie, body: { code: code() } });
    expect(en.status).toBe(200);
    expect(en.body.recoveryCodes).toHaveLength(10);
    const noCode = await login(c.email);
    expect(noCode.status).toBe(401);
    expect(noCode.body.code).toBe("TWO_FACTOR_REQUIRED");
    expect((await login(c.email, PORTAL_PASSWORD, "123456")).body.code).toBe("TWO_FACTOR_REQUIRED");
    expect((await login(c.email, PORTAL_PASSWORD, code())).status).toBe(200);
    const rc = en.body.recoveryCodes[0];
    expect((await login(c.email, PORTAL_PASSWORD, rc)).status).toBe(200);
    expect((await login(c.email, PORTAL_PASSWORD, rc)).status).toBe(401);
  });

  it("ACC-13 when the tenant enforces two-factor, a contact without it must enrol before anything else", async () => {
    const c = await activeContact(t, staff, [accountId]);
    await call(t, "PATCH", "/api/staff/settings/portal", { cookie: staff, body: { requireTwoFactor: true } });
    try {
      const m = await me(c.cookie);
      expect(m.status).toBe(200);
      expect(m.body.mustEnrolTwoFactor).toBe(true);
      const upd = await call(t, "PATCH", "/api/portal/me", { cookie: c.cookie, body: { firstName: "Blocked" } });
      expect(upd.status).toBe(403);
      expect(upd.body.code).toBe("TWO_FACTOR_ENROLMENT_REQUIRED");
      expect((await call(t, "POST", "/api/portal/me/two-factor/setup", { cookie: c.cookie })).status).toBe(200);
    } finally {
      await call(t, "PATCH", "/api/staff/settings/portal", { cookie: staff, body: { requireTwoFactor: false } });
    }
  });
});

describe("the signed-in contact", () => {
  it("ROL-5 a contact of two accounts switches the account in view; a foreign account is 404", async () => {
    const beta = await makeAccount(t, staff, { name: "Beta Ltd" });
    const other = await makeAccount(t, staff, { name: "Other Ltd" });
    const c = await activeContact(t, staff, [accountId, beta.id]);
    const m = await me(c.cookie);
    expect(m.body.accounts.map((a: { name: string }) => a.name)).toEqual(["Alpha Ltd", "Beta Ltd"]);
    expect(m.body.currentAccount.name).toBe("Alpha Ltd");
    const sw = await call(t, "POST", "/api/portal/me/switch-account", { cookie: c.cookie, body: { accountId: beta.id } });
    expect(sw.body.currentAccount.name).toBe("Beta Ltd");
    expect((await me(c.cookie)).body.currentAccount.name).toBe("Beta Ltd");
    const foreign = await call(t, "POST", "/api/portal/me/switch-account", { cookie: c.cookie, body: { accountId: other.id } });
    expect(foreign.status).toBe(404);
    const missing = await call(t, "POST", "/api/portal/me/switch-account", { cookie: c.cookie, body: { accountId: "00000000-0000-4000-8000-000000000000" } });
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual(foreign.body);
  });

  it("ROL-6 SET-1 a contact edits their own name, email and time zone", async () => {
    const c = await activeContact(t, staff, [accountId]);
    const r = await call(t, "PATCH", "/api/portal/me", { cookie: c.cookie, body: { firstName: "Renamed", timeZone: "Europe/Paris" } });
    expect(r.status).toBe(200);
    expect(r.body.contact.firstName).toBe("Renamed");
    expect(r.body.effectiveTimeZone).toBe("Europe/Paris");
    const bad = await call(t, "PATCH", "/api/portal/me", { cookie: c.cookie, body: { timeZone: "Mars/Olympus" } });
    expect(bad.status).toBe(400);
    expect(bad.body.fields[0].field).toBe("timeZone");
  });

  it("SET-1 changing the password needs the current one and ends other sessions", async () => {
    const c = await activeContact(t, staff, [accountId]);
    const other = cookieFrom(await login(c.email));
    const wrong = await call(t, "POST", "/api/portal/me/password", { cookie: c.cookie, body: { currentPassword: "not-the-password", newPassword: "changed-passphrase-1" } });
    expect(wrong.status).toBe(400);
    expect(wrong.body.fields[0].field).toBe("currentPassword");
    const ok = await call(t, "POST", "/api/portal/me/password", { cookie: c.cookie, body: { currentPassword: PORTAL_PASSWORD, newPassword: "changed-passphrase-1" } });
    expect(ok.status).toBe(200);
    expect((await me(c.cookie)).status).toBe(200);
    expect((await me(other)).status).toBe(401);
    expect((await login(c.email, "changed-passphrase-1")).status).toBe(200);
  });

  it("ACC-5 the tenant's password policy is enforced on change", async () => {
    await call(t, "PATCH", "/api/staff/settings/portal", { cookie: staff, body: { passwordMinLength: 16, passwordRequireDigit: true } });
    try {
      const c = await makeContact(t, staff, [accountId]);
      await call(t, "POST", `/api/staff/contacts/${c.id}/portal-access`, { cookie: staff, body: {} });
      const token = await lastLinkTo(t, c.email, staff);
      const short = await call(t, "POST", "/api/portal/auth/set-password", { body: { token, password: "fifteen-chars-x" } });
      expect(short.body.fields[0].message).toMatch(/at least 16/);
      const noDigit = await call(t, "POST", "/api/portal/auth/set-password", { body: { token, password: "sixteen-chars-xyz" } });
      expect(noDigit.body.fields[0].message).toMatch(/digit/);
      expect((await call(t, "POST", "/api/portal/auth/set-password", { body: { token, password: "sixteen-chars-xyz-7" } })).status).toBe(200);
    } finally {
      await call(t, "PATCH", "/api/staff/settings/portal", { cookie: staff, body: { passwordMinLength: 12, passwordRequireDigit: false } });
    }
  });
});

describe("portal settings", () => {
  it("CFG-1 an inactive portal says it is closed and refuses sign-in", async () => {
    const c = await activeContact(t, staff, [accountId]);
    await call(t, "PATCH", "/api/staff/settings/portal", { cookie: staff, body: { active: false, portalName: "Acme Support" } });
    try {
      const info = await call(t, "GET", "/api/portal/info");
      expect(info.body).toMatchObject({ active: false, portalName: "Acme Support" });
      const r = await login(c.email);
      expect(r.status).toBe(403);
      expect(r.body.code).toBe("PORTAL_CLOSED");
      expect((await me(c.cookie)).body.code).toBe("PORTAL_CLOSED");
    } finally {
      await call(t, "PATCH", "/api/staff/settings/portal", { cookie: staff, body: { active: true } });
    }
  });

  it("ACC-11 sign-up waits for approval and notifies the listed staff; approval sends the activation email", async () => {
    await call(t, "PATCH", "/api/staff/settings/portal", { cookie: staff, body: { signupEnabled: true, signupNotifyEmails: ["desk@example.com"] } });
    const r = await call(t, "POST", "/api/portal/auth/signup", { body: { firstName: "New", lastName: "Person", email: "new.person@unknown.test", company: "Unknown Co" } });
    expect(r.status).toBe(202);
    const notice = await call(t, "GET", "/api/staff/emails?q=desk@example.com", { cookie: staff });
    expect(notice.body.items[0].template).toBe("signup_notification");
    const pending = await call(t, "GET", "/api/staff/contacts?signup=pending", { cookie: staff });
    const contact = pending.body.items.find((c: { email: string }) => c.email === "new.person@unknown.test");
    expect(contact.portal.status).toBe("not_enabled");
    const ok = await call(t, "POST", `/api/staff/contacts/${contact.id}/signup/approve`, { cookie: staff, body: { accountId } });
    expect(ok.body.portal.status).toBe("invited");
    const token = await lastLinkTo(t, "new.person@unknown.test", staff);
    expect((await call(t, "POST", "/api/portal/auth/set-password", { body: { token, password: PORTAL_PASSWORD } })).status).toBe(200);
    expect((await login("new.person@unknown.test")).status).toBe(200);
  });

  it("ACC-11 a sign-up from a known account's domain is approved at once when the tenant allows it", async () => {
    await call(t, "PATCH", "/api/staff/settings/portal", { cookie: staff, body: { signupEnabled: true, signupAutoApproveKnownDomains: true } });
    const acc = await makeAccount(t, staff, { emailDomains: ["known.test"] });
    await call(t, "POST", "/api/portal/auth/signup", { body: { firstName: "Known", lastName: "Domain", email: "someone@known.test", company: "Known" } });
    const list = await call(t, "GET", `/api/staff/contacts?accountId=${acc.id}`, { cookie: staff });
    expect(list.body.items[0].portal.status).toBe("invited");
    expect(list.body.items[0].portal.signupStatus).toBe("approved");
  });

  it("ACC-11 sign-up is refused when the tenant has not enabled it", async () => {
    await call(t, "PATCH", "/api/staff/settings/portal", { cookie: staff, body: { signupEnabled: false } });
    const r = await call(t, "POST", "/api/portal/auth/signup", { body: { firstName: "A", lastName: "B", email: "ab@x.test", company: "X" } });
    expect(r.status).toBe(403);
  });
});
