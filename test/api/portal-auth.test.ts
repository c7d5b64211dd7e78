import { Secret, TOTP } from "otpauth";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { HOUR, MINUTE } from "../../src/server/lib/clock.js";
import { ipLimits } from "../../src/server/modules/rate-limit/throttle.js";
import { call, cookieFrom, createTestApp, makeAccount, makeContact, PORTAL_PASSWORD, staffLogin, type TestApp } from "../harness.js";
import {
  activeContactFrom,
  callFrom,
  freshIp,
  lastTokenTo,
  outboxMark,
  outboxSince,
  staffLoginFrom,
  storedEvents,
  tokenIn,
  withPortalSettings,
} from "./portal-access-fixture.js";

let t: TestApp;
let staff: string;
let accountId: string;
/** Each test comes from its own client address, so the per-address throttles never carry over. */
let ip: string;
let savedClock: Date;
beforeAll(async () => {
  t = await createTestApp();
  staff = await staffLogin(t);
  accountId = (await makeAccount(t, staff, { name: "Alpha Ltd" })).id;
});
afterAll(() => t.close());
// Tests move the clock: each starts with a fresh staff session, and the clock is put back afterwards.
beforeEach(async () => {
  ip = freshIp();
  savedClock = t.clock.now;
  staff = await staffLoginFrom(t, ip);
});
afterEach(() => {
  t.clock.now = savedClock;
});

const login = (username: string, password = PORTAL_PASSWORD, code?: string, headers?: Record<string, string>) =>
  callFrom(t, ip, "POST", "/api/portal/auth/login", { body: { username, password, ...(code ? { code } : {}) }, headers });
const me = (cookie: string) => call(t, "GET", "/api/portal/me", { cookie });
const activeContact = (accountIds: string[], v: Record<string, unknown> = {}) => activeContactFrom(t, staff, ip, accountIds, v);
const forgot = (email: string) => callFrom(t, ip, "POST", "/api/portal/auth/forgot", { body: { email } });
const setPassword = (token: string, password: string) => callFrom(t, ip, "POST", "/api/portal/auth/set-password", { body: { token, password } });
const signup = (email: string, v: Record<string, unknown> = {}) =>
  callFrom(t, ip, "POST", "/api/portal/auth/signup", { body: { firstName: "New", lastName: "Person", email, company: "Some Co", ...v } });
const contactsWhere = async (qs: string) => (await call(t, "GET", `/api/staff/contacts?${qs}`, { cookie: staff })).body.items as { id: string; email: string; archived: boolean; accounts: unknown[]; portal: Record<string, unknown> }[];

describe("ACC-4 answers never reveal the account state", () => {
  it("ACC-4 login and forgot-password answer the same for existing, unknown, disabled, archived, locked and not-yet-activated accounts", async () => {
    const wrong = "definitely-wrong-pass";
    const active = await activeContact([accountId]);
    const disabled = await activeContact([accountId]);
    await call(t, "POST", `/api/staff/contacts/${disabled.id}/portal-access/disable`, { cookie: staff });
    const archived = await activeContact([accountId]);
    await call(t, "POST", `/api/staff/contacts/${archived.id}/archive`, { cookie: staff });
    const locked = await activeContact([accountId]);
    for (let i = 0; i < 5; i++) await login(locked.email, wrong);
    const invited = await makeContact(t, staff, [accountId]);
    await call(t, "POST", `/api/staff/contacts/${invited.id}/portal-access`, { cookie: staff, body: {} });

    const usernames = [active.email, "nobody@nowhere.test", disabled.email, archived.email, locked.email, invited.email];
    const logins = [];
    for (const u of usernames) logins.push(await login(u, wrong));
    expect(logins).toHaveLength(6);
    expect(logins[0].body.code).toBe("INVALID_CREDENTIALS");
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
    for (const u of usernames) forgots.push(await forgot(u));
    expect(forgots).toHaveLength(6);
    for (const r of forgots) {
      expect(r.status).toBe(202);
      expect(r.body).toEqual(forgots[0].body);
    }
  });

  it("ACC-4 forgot password emails an active user a reset link valid for one use", async () => {
    const c = await activeContact([accountId]);
    const mark = await outboxMark(t);
    expect((await forgot(c.email)).status).toBe(202);
    const mails = await outboxSince(t, mark);
    expect(mails.map((m) => [m.recipient, m.template])).toEqual([[c.email, "reset"]]);
    const token = tokenIn(mails[0].textBody);
    const info = await callFrom(t, ip, "POST", "/api/portal/auth/token-info", { body: { token } });
    expect(info.body).toEqual({ valid: true, purpose: "reset", username: c.email, passwordMustNotContain: expect.arrayContaining([c.email]) });
    expect((await setPassword(token, "forgot-flow-passphrase")).status).toBe(200);
    expect((await setPassword(token, "forgot-flow-passphrase2")).status).toBe(410);
    expect((await login(c.email, "forgot-flow-passphrase")).status).toBe(200);
  });

  it("ACC-4 a forgot-password link works until one hour after it was sent, and not after", async () => {
    const c = await activeContact([accountId]);
    const linkNow = async () => {
      const mark = await outboxMark(t);
      expect((await forgot(c.email)).status).toBe(202);
      const [mail, ...more] = await outboxSince(t, mark);
      expect(more).toEqual([]);
      expect(mail.recipient).toBe(c.email);
      expect(mail.textBody).toContain("expires in 1 hour.");
      return tokenIn(mail.textBody);
    };
    // The clock is put back after the test.
    const early = await linkNow();
    t.clock.advance(HOUR - 1000);
    expect((await setPassword(early, "reset-just-in-time-1")).status).toBe(200);
    const late = await linkNow();
    t.clock.advance(HOUR + 1000);
    expect((await callFrom(t, ip, "POST", "/api/portal/auth/token-info", { body: { token: late } })).body.valid).toBe(false);
    const r = await setPassword(late, "reset-too-late-passphrase-2");
    expect(r.status).toBe(410);
    expect(r.body.code).toBe("INVALID_TOKEN");
    expect((await login(c.email, "reset-just-in-time-1")).status).toBe(200);
  });
});

describe("ACC-13 throttling, lockout, expiry", () => {
  it("ACC-13 five failed sign-ins lock the account for 15 minutes, even for the right password", async () => {
    const c = await activeContact([accountId]);
    for (let i = 0; i < 5; i++) expect((await login(c.email, "nope-nope-nope-1")).status).toBe(401);
    expect((await login(c.email)).status).toBe(401);
    const staffView = await call(t, "GET", `/api/staff/contacts/${c.id}`, { cookie: staff });
    expect(staffView.body.portal.lockedUntil).not.toBeNull();
    t.clock.advance(15 * MINUTE + 1000);
    expect((await login(c.email)).status).toBe(200);
  });

  it("ACC-13 staff can unlock a locked account", async () => {
    const c = await activeContact([accountId]);
    for (let i = 0; i < 5; i++) await login(c.email, "nope-nope-nope-1");
    await call(t, "POST", `/api/staff/contacts/${c.id}/portal-access/unlock`, { cookie: staff });
    expect((await login(c.email)).status).toBe(200);
  });

  it("ACC-13 sign-in attempts are throttled per IP, the same for every account: one address is stopped while another still gets answers", async () => {
    const c = await activeContact([accountId]);
    const [noisy, quiet] = [freshIp(), freshIp()];
    const from = (addr: string, username: string, password: string) => callFrom(t, addr, "POST", "/api/portal/auth/login", { body: { username, password } });
    const { limit } = ipLimits.portal_login;
    expect(limit).toBeGreaterThan(1);
    const statuses = [];
    // Every attempt names another account, so only a limit per address can stop them.
    for (let i = 0; i < limit; i++) statuses.push((await from(noisy, `u${i}@x.test`, "whatever-password")).status);
    expect(statuses).toEqual(Array(limit).fill(401));
    const stopped = await from(noisy, "one-more@x.test", "whatever-password");
    expect(stopped.status).toBe(429);
    expect(stopped.body.code).toBe("RATE_LIMITED");
    // Even the right password is stopped from that address ...
    expect((await from(noisy, c.email, PORTAL_PASSWORD)).status).toBe(429);
    // ... while another address gets the usual answers, for the same account too.
    expect((await from(quiet, "someone@x.test", "whatever-password")).status).toBe(401);
    expect((await from(quiet, c.email, PORTAL_PASSWORD)).status).toBe(200);
  });

  it("ACC-13 sessions expire after 30 minutes idle", async () => {
    const c = await activeContact([accountId]);
    t.clock.advance(29 * MINUTE);
    expect((await me(c.cookie)).status).toBe(200);
    t.clock.advance(29 * MINUTE);
    expect((await me(c.cookie)).status).toBe(200);
    t.clock.advance(31 * MINUTE);
    expect((await me(c.cookie)).status).toBe(401);
  });

  it("ACC-13 sessions end after 12 hours even when in use", async () => {
    const c = await activeContact([accountId]);
    for (let i = 0; i < 24; i++) {
      t.clock.advance(29 * MINUTE);
      expect((await me(c.cookie)).status).toBe(200);
    }
    t.clock.advance(25 * MINUTE); // 24 × 29 min + 25 min = 12 h 1 min
    expect((await me(c.cookie)).status).toBe(401);
  });

  it("ACC-13 sign out everywhere ends every session of the contact", async () => {
    const c = await activeContact([accountId]);
    const second = cookieFrom(await login(c.email));
    expect((await call(t, "POST", "/api/portal/auth/logout-everywhere", { cookie: c.cookie })).status).toBe(200);
    expect((await me(c.cookie)).status).toBe(401);
    expect((await me(second)).status).toBe(401);
  });

  it("ACC-13 a new session is issued on sign-in and the previous one is dropped", async () => {
    const c = await activeContact([accountId]);
    const again = await login(c.email, PORTAL_PASSWORD, undefined, { cookie: c.cookie });
    const fresh = cookieFrom(again);
    expect(fresh).not.toBe(c.cookie);
    expect((await me(c.cookie)).status).toBe(401);
    expect((await me(fresh)).status).toBe(200);
  });

  it("ACC-13 two-factor: enrol with a TOTP code, then sign-in needs a code of the server's time; a recovery code works once", async () => {
    const c = await activeContact([accountId]);
    const setup = await call(t, "POST", "/api/portal/me/two-factor/setup", { cookie: c.cookie });
    expect(setup.status).toBe(200);
    expect(setup.body.qrDataUrl).toMatch(/^data:image\/png;base64,/);
    const totp = new TOTP({ secret: Secret.fromBase32(setup.body.secret), digits: 6, period: 30 });
    // Codes of the injected clock: the server must judge them by the same clock.
    const code = (at = t.clock.now) => totp.generate({ timestamp: at.getTime() });
    expect((await call(t, "POST", "/api/portal/me/two-factor/enable", { cookie: c.cookie, body: { code: "000000" } })).status).toBe(400);
    const en = await call(t, "POST", "/api/portal/me/two-factor/enable", { cookie: c.cookie, body: { code: code() } });
    expect(en.status).toBe(200);
    expect(en.body.recoveryCodes).toHaveLength(10);
    const noCode = await login(c.email);
    expect(noCode.status).toBe(401);
    expect(noCode.body.code).toBe("TWO_FACTOR_REQUIRED");
    const wrongCode = code() === "123456" ? "654321" : "123456";
    expect((await login(c.email, PORTAL_PASSWORD, wrongCode)).body.code).toBe("TWO_FACTOR_REQUIRED");
    expect((await login(c.email, PORTAL_PASSWORD, code())).status).toBe(200);
    // Five minutes on (the clock is put back after the test), the old code is refused and the new one works.
    const before = t.clock.now;
    t.clock.advance(5 * MINUTE);
    expect((await login(c.email, PORTAL_PASSWORD, code(before))).body.code).toBe("TWO_FACTOR_REQUIRED");
    expect((await login(c.email, PORTAL_PASSWORD, code())).status).toBe(200);
    const rc = en.body.recoveryCodes[0];
    expect((await login(c.email, PORTAL_PASSWORD, rc)).status).toBe(200);
    expect((await login(c.email, PORTAL_PASSWORD, rc)).status).toBe(401);
  });

  it("ACC-13 when the tenant enforces two-factor, a contact without it must enrol before anything else", async () => {
    const c = await activeContact([accountId]);
    await withPortalSettings(t, staff, { requireTwoFactor: true }, async () => {
      const m = await me(c.cookie);
      expect(m.status).toBe(200);
      expect(m.body.mustEnrolTwoFactor).toBe(true);
      const upd = await call(t, "PATCH", "/api/portal/me", { cookie: c.cookie, body: { firstName: "Blocked" } });
      expect(upd.status).toBe(403);
      expect(upd.body.code).toBe("TWO_FACTOR_ENROLMENT_REQUIRED");
      expect((await call(t, "POST", "/api/portal/me/two-factor/setup", { cookie: c.cookie })).status).toBe(200);
    });
  });
});

describe("the signed-in contact", () => {
  it("ROL-5 a contact of two accounts switches the account in view; a foreign account is 404", async () => {
    const beta = await makeAccount(t, staff, { name: "Beta Ltd" });
    const other = await makeAccount(t, staff, { name: "Other Ltd" });
    const c = await activeContact([accountId, beta.id]);
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

  it("ROL-6 SET-1 a contact edits their own name and time zone (the email changes by a confirmed link: email-change.test.ts)", async () => {
    const c = await activeContact([accountId]);
    const r = await call(t, "PATCH", "/api/portal/me", { cookie: c.cookie, body: { firstName: "Renamed", timeZone: "Europe/Paris" } });
    expect(r.status).toBe(200);
    expect(r.body.contact.firstName).toBe("Renamed");
    expect(r.body.effectiveTimeZone).toBe("Europe/Paris");
    const bad = await call(t, "PATCH", "/api/portal/me", { cookie: c.cookie, body: { timeZone: "Mars/Olympus" } });
    expect(bad.status).toBe(400);
    expect(bad.body.fields[0].field).toBe("timeZone");
  });

  it("SET-1 changing the password needs the current one and ends other sessions", async () => {
    const c = await activeContact([accountId]);
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
    await withPortalSettings(t, staff, { passwordMinLength: 16, passwordRequireDigit: true }, async () => {
      const c = await makeContact(t, staff, [accountId]);
      expect((await call(t, "POST", `/api/staff/contacts/${c.id}/portal-access`, { cookie: staff, body: {} })).status).toBe(200);
      const token = await lastTokenTo(t, c.email);
      const short = await setPassword(token, "fifteen-chars-x");
      expect(short.status).toBe(400);
      expect(short.body.fields[0].message).toMatch(/at least 16/);
      const noDigit = await setPassword(token, "sixteen-chars-xyz");
      expect(noDigit.status).toBe(400);
      expect(noDigit.body.fields[0].message).toMatch(/digit/);
      expect((await setPassword(token, "sixteen-chars-xyz-7")).status).toBe(200);
    });
  });
});

describe("portal settings", () => {
  it("CFG-1 an inactive portal says it is closed and refuses sign-in", async () => {
    const c = await activeContact([accountId]);
    await withPortalSettings(t, staff, { active: false, portalName: "Acme Support" }, async () => {
      const info = await call(t, "GET", "/api/portal/info");
      expect(info.body).toMatchObject({ active: false, portalName: "Acme Support" });
      const r = await login(c.email);
      expect(r.status).toBe(403);
      expect(r.body.code).toBe("PORTAL_CLOSED");
      expect((await me(c.cookie)).body.code).toBe("PORTAL_CLOSED");
    });
  });

  it("ACC-11 sign-up waits for approval and notifies the listed staff; approval sends the activation email", async () => {
    await withPortalSettings(t, staff, { signupEnabled: true, signupAutoApproveKnownDomains: false, signupNotifyEmails: ["desk@example.com"] }, async () => {
      const mark = await outboxMark(t);
      expect((await signup("new.person@unknown.test", { company: "Unknown Co" })).status).toBe(202);
      const notices = await outboxSince(t, mark);
      expect(notices.map((m) => [m.recipient, m.template])).toEqual([["desk@example.com", "signup_notification"]]);
      expect(notices[0].textBody).toContain("The sign-up waits for your approval.");
      const contact = (await contactsWhere("signup=pending")).find((c) => c.email === "new.person@unknown.test");
      expect(contact?.portal).toMatchObject({ status: "not_enabled", username: null, signupStatus: "pending" });
      const ok = await call(t, "POST", `/api/staff/contacts/${contact!.id}/signup/approve`, { cookie: staff, body: { accountId } });
      expect(ok.body.portal).toMatchObject({ status: "invited", signupStatus: "approved" });
      const token = await lastTokenTo(t, "new.person@unknown.test");
      expect((await setPassword(token, PORTAL_PASSWORD)).status).toBe(200);
      expect((await login("new.person@unknown.test")).status).toBe(200);
    });
  });

  it("ACC-11 a sign-up from a known account's domain is approved at once when the tenant allows it", async () => {
    await withPortalSettings(t, staff, { signupEnabled: true, signupAutoApproveKnownDomains: true, signupNotifyEmails: [] }, async () => {
      const acc = await makeAccount(t, staff, { emailDomains: ["known.test"] });
      const mark = await outboxMark(t);
      expect((await signup("someone@known.test")).status).toBe(202);
      const list = await contactsWhere(`accountId=${acc.id}`);
      expect(list.map((c) => c.email)).toEqual(["someone@known.test"]);
      expect(list[0].portal).toMatchObject({ status: "invited", username: "someone@known.test", signupStatus: "approved" });
      expect((await outboxSince(t, mark)).map((m) => [m.recipient, m.template])).toEqual([["someone@known.test", "activation"]]);
    });
  });

  it("ACC-11 with auto-approval off, a sign-up from a known account's domain still waits: no access, no sign-in, listed for staff to approve", async () => {
    await withPortalSettings(t, staff, { signupEnabled: true, signupAutoApproveKnownDomains: false, signupNotifyEmails: ["desk@example.com"] }, async () => {
      const acc = await makeAccount(t, staff, { emailDomains: ["waits.test"] });
      const mark = await outboxMark(t);
      expect((await signup("someone@waits.test")).status).toBe(202);
      // Staff are told it waits; the person gets no activation link.
      const mails = await outboxSince(t, mark);
      expect(mails.map((m) => [m.recipient, m.template])).toEqual([["desk@example.com", "signup_notification"]]);
      expect(mails[0].textBody).toContain("The sign-up waits for your approval.");
      const pending = (await contactsWhere("signup=pending")).filter((c) => c.email === "someone@waits.test");
      expect(pending).toHaveLength(1);
      expect(pending[0].accounts).toEqual([]);
      expect(pending[0].portal).toMatchObject({ status: "not_enabled", username: null, signupStatus: "pending" });
      expect(await contactsWhere(`accountId=${acc.id}`)).toEqual([]);
      const r = await login("someone@waits.test", "any-password-at-all");
      expect(r.status).toBe(401);
      expect(r.body.code).toBe("INVALID_CREDENTIALS");
      const mark2 = await outboxMark(t);
      expect((await forgot("someone@waits.test")).status).toBe(202);
      expect(await outboxSince(t, mark2)).toEqual([]);
      const events = await storedEvents(t, pending[0].id);
      expect(events.map((e) => [e.type, e.actorKind, e.ip])).toEqual([["signup_requested", "anonymous", ip]]);
    });
  });

  it("ACC-11 rejecting a sign-up archives the contact: no access, no sign-in, no email, and the rejection is in its history", async () => {
    await withPortalSettings(t, staff, { signupEnabled: true, signupAutoApproveKnownDomains: false, signupNotifyEmails: [] }, async () => {
      expect((await signup("rejected.person@unknown.test")).status).toBe(202);
      const [pending] = (await contactsWhere("signup=pending")).filter((c) => c.email === "rejected.person@unknown.test");
      expect(pending?.portal.signupStatus).toBe("pending");
      const staffIp = freshIp();
      const mark = await outboxMark(t);
      const rej = await callFrom(t, staffIp, "POST", `/api/staff/contacts/${pending.id}/signup/reject`, { cookie: staff });
      expect(rej.status).toBe(200);
      expect(rej.body.archived).toBe(true);
      expect(rej.body.portal).toMatchObject({ status: "not_enabled", username: null, signupStatus: "rejected" });
      expect((await contactsWhere("signup=pending")).map((c) => c.id)).not.toContain(pending.id);
      // Nothing is sent on rejection, to anyone.
      expect(await outboxSince(t, mark)).toEqual([]);
      const h = await call(t, "GET", `/api/staff/contacts/${pending.id}/portal-history`, { cookie: staff });
      expect(h.body.items[0]).toMatchObject({ type: "signup_rejected", actor: "Ada Admin", ip: staffIp });
      // The rejected person cannot get in by any door.
      expect((await login("rejected.person@unknown.test", "any-password-at-all")).status).toBe(401);
      expect((await forgot("rejected.person@unknown.test")).status).toBe(202);
      const approve = await call(t, "POST", `/api/staff/contacts/${pending.id}/signup/approve`, { cookie: staff, body: { accountId } });
      expect(approve.status).toBe(409);
      const grant = await call(t, "POST", `/api/staff/contacts/${pending.id}/portal-access`, { cookie: staff, body: {} });
      expect(grant.status).toBe(409);
      expect(grant.body.message).toMatch(/archived/);
      // Signing up again with the same address gets the usual answer and makes no new record.
      expect((await signup("rejected.person@unknown.test")).status).toBe(202);
      expect((await contactsWhere("signup=pending")).map((c) => c.email)).not.toContain("rejected.person@unknown.test");
      expect(await outboxSince(t, mark)).toEqual([]);
      const after = await call(t, "GET", `/api/staff/contacts/${pending.id}`, { cookie: staff });
      expect(after.body.portal).toMatchObject({ status: "not_enabled", username: null, signupStatus: "rejected" });
    });
  });

  it("ACC-11 sign-up is refused when the tenant has not enabled it", async () => {
    await withPortalSettings(t, staff, { signupEnabled: false }, async () => {
      const r = await signup("ab@x.test");
      expect(r.status).toBe(403);
      expect(r.body.code).toBe("FORBIDDEN");
      expect((await contactsWhere("q=ab%40x.test&status=all")).map((c) => c.email)).not.toContain("ab@x.test");
    });
  });
});
