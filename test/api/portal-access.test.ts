import { sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { HOUR, MINUTE } from "../../src/server/lib/clock.js";
import { call, createTestApp, lastLinkTo, makeAccount, makeContact, PORTAL_PASSWORD, staffLogin, type TestApp } from "../harness.js";
import {
  activeContactFrom,
  lastTokenTo,
  callFrom,
  freshIp,
  outboxMark,
  outboxSince,
  staffLoginFrom,
  storedEvents,
  storedPasswordHash,
  tokenIn,
} from "./portal-access-fixture.js";

let t: TestApp;
let staff: string;
let accountId: string;
/** Each test signs in from its own client address, so the per-address throttles never carry over. */
let ip: string;
let savedClock: Date;
beforeAll(async () => {
  t = await createTestApp();
  staff = await staffLogin(t);
  accountId = (await makeAccount(t, staff)).id;
});
afterAll(() => t.close());
beforeEach(() => {
  ip = freshIp();
  savedClock = t.clock.now;
});
afterEach(() => {
  t.clock.now = savedClock;
});

const grant = (id: string, body: object = {}) => call(t, "POST", `/api/staff/contacts/${id}/portal-access`, { cookie: staff, body });
const setPassword = (token: string, password = PORTAL_PASSWORD) => callFrom(t, ip, "POST", "/api/portal/auth/set-password", { body: { token, password } });
const login = (username: string, password = PORTAL_PASSWORD) => callFrom(t, ip, "POST", "/api/portal/auth/login", { body: { username, password } });
const activeContact = (accountIds: string[], v: Record<string, unknown> = {}) => activeContactFrom(t, staff, ip, accountIds, v);

/** Runs `fn` while the database refuses inserts into `table` that match `when` (a trigger condition on `new`). */
async function withFailingInsert<T>(table: "outbox" | "portal_events", when: string, fn: () => Promise<T>): Promise<T> {
  const db = t.c.deps.db;
  await db.execute(sql.raw("create or replace function test_refuse_insert() returns trigger language plpgsql as $$ begin raise exception 'refused by the test'; end $$"));
  await db.execute(sql.raw(`create trigger test_refuse_insert before insert on ${table} for each row when (${when}) execute function test_refuse_insert()`));
  try {
    return await fn();
  } finally {
    await db.execute(sql.raw(`drop trigger test_refuse_insert on ${table}`));
  }
}

/**
 * Holds every write transaction until `n` have been started, so `n` concurrent requests have all
 * passed their checks before any of them writes: the interleaving of a real race, every time.
 */
async function withTransactionsHeldUntil<T>(n: number, fn: () => Promise<T>): Promise<T> {
  const db = t.c.deps.db as unknown as { transaction: (...args: unknown[]) => Promise<unknown> };
  const own = Object.hasOwn(db, "transaction");
  const original = db.transaction;
  let started = 0;
  let release!: () => void;
  const allStarted = new Promise<void>((r) => {
    release = r;
  });
  let timer: NodeJS.Timeout | undefined;
  const tooLong = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`only ${started} of ${n} transactions started`)), 5000);
  });
  tooLong.catch(() => {});
  db.transaction = async function (this: unknown, ...args: unknown[]) {
    if (++started >= n) release();
    await Promise.race([allStarted, tooLong]);
    return original.apply(this, args);
  };
  try {
    return await fn();
  } finally {
    clearTimeout(timer);
    if (own) db.transaction = original;
    else delete (db as { transaction?: unknown }).transaction;
  }
}

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
    const made = await call(t, "POST", "/api/staff/users", { cookie: staff, body: { name: "No Access", email: "noaccess@example.com", roleId: approver.id, password: "another long passphrase 9" } });
    expect(made.status).toBe(200);
    const other = await staffLoginFrom(t, ip, { email: "noaccess@example.com", password: "another long passphrase 9" });
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
    // A second contact cannot be created with the address (ROL-5); one edited to it afterwards still gets no second login.
    const b = await makeContact(t, staff, [accountId], { email: "not-yet-shared@client.test" });
    expect((await call(t, "PATCH", `/api/staff/contacts/${b.id}`, { cookie: staff, body: { email: "SHARED@client.test" } })).status).toBe(200);
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
    t.clock.advance(24 * HOUR - 1000); // put back after each test
    expect((await setPassword(token)).status).toBe(200);
  });

  it("ACC-3 the link fails at 24 h + 1 s", async () => {
    const c = await makeContact(t, staff, [accountId]);
    await grant(c.id);
    const token = await lastLinkTo(t, c.email, staff);
    t.clock.advance(24 * HOUR + 1000); // put back after each test
    const r = await setPassword(token);
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

describe("ACC-5 password storage", () => {
  it("ACC-5 the password is stored as argon2id with m ≥ 19456 KiB, t ≥ 2, p = 1, and never as typed", async () => {
    const c = await activeContact([accountId]);
    const hash = (await storedPasswordHash(t, c.id)) ?? "";
    // PHC string: $argon2id$v=19$<parameters in any order>$<salt>$<hash>
    const m = /^\$argon2id\$v=19\$([a-z]=\d+(?:,[a-z]=\d+)*)\$[A-Za-z0-9+/]{22,}\$[A-Za-z0-9+/]{43,}$/.exec(hash);
    expect(m, `stored: ${hash}`).not.toBeNull();
    const params = Object.fromEntries(m![1].split(",").map((kv) => [kv.split("=")[0], Number(kv.split("=")[1])]));
    expect(Object.keys(params).sort()).toEqual(["m", "p", "t"]);
    expect(params.m).toBeGreaterThanOrEqual(19456);
    expect(params.t).toBeGreaterThanOrEqual(2);
    expect(params.p).toBe(1);
    expect(hash).not.toContain(PORTAL_PASSWORD);
  });
});

describe("ACC-4 passwords are never seen by staff", () => {
  it("ACC-4 no staff response carries a password or hash", async () => {
    const c = await activeContact([accountId]);
    const r = await call(t, "GET", `/api/staff/contacts/${c.id}`, { cookie: staff });
    expect(JSON.stringify(r.body)).not.toMatch(/argon2|password|totp/i);
  });

  it("ACC-4 staff start a reset: an email with a new link; the old password works until it is used", async () => {
    const c = await activeContact([accountId]);
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
    const c = await activeContact([accountId]);
    expect((await me(c.cookie)).status).toBe(200);
    const r = await call(t, "DELETE", `/api/staff/contacts/${c.id}/portal-access`, { cookie: staff });
    expect(r.body.portal.status).toBe("not_enabled");
    expect(r.body.portal.username).toBeNull();
    expect((await me(c.cookie)).status).toBe(401);
  });

  it("ACC-6 disabling the contact's access makes the live session get 401", async () => {
    const c = await activeContact([accountId]);
    await call(t, "POST", `/api/staff/contacts/${c.id}/portal-access/disable`, { cookie: staff });
    expect((await me(c.cookie)).status).toBe(401);
    expect((await login(c.email)).status).toBe(401);
    const en = await call(t, "POST", `/api/staff/contacts/${c.id}/portal-access/enable`, { cookie: staff });
    expect(en.body.portal.status).toBe("active");
    expect((await login(c.email)).status).toBe(200);
  });

  it("ACC-6 disabling the whole account makes the live session get 401", async () => {
    const acc = await makeAccount(t, staff);
    const c = await activeContact([acc.id]);
    expect((await me(c.cookie)).status).toBe(200);
    await call(t, "PATCH", `/api/staff/accounts/${acc.id}`, { cookie: staff, body: { portalEnabled: false } });
    expect((await me(c.cookie)).status).toBe(401);
    expect((await login(c.email)).status).toBe(401);
  });

  it("ACC-6 archiving the contact makes the live session get 401", async () => {
    const c = await activeContact([accountId]);
    await call(t, "POST", `/api/staff/contacts/${c.id}/archive`, { cookie: staff });
    expect((await me(c.cookie)).status).toBe(401);
    expect((await login(c.email)).status).toBe(401);
  });

  it("ACC-6 a password reset ends every session of the contact", async () => {
    const c = await activeContact([accountId]);
    await call(t, "POST", `/api/staff/contacts/${c.id}/portal-access/reset-password`, { cookie: staff });
    await setPassword(await lastLinkTo(t, c.email, staff), "yet-another-passphrase-5");
    expect((await me(c.cookie)).status).toBe(401);
  });
});

describe("more staff actions", () => {
  it("ACC-7 changing the username clears the password and emails a reset link", async () => {
    const c = await activeContact([accountId]);
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
    const c = await activeContact([accountId]);
    const mark = await outboxMark(t);
    expect((await call(t, "POST", `/api/staff/contacts/${c.id}/portal-access/send-login`, { cookie: staff })).status).toBe(200);
    const mails = await outboxSince(t, mark);
    expect(mails.map((m) => [m.recipient, m.template])).toEqual([[c.email, "send_login"]]);
    const email = await call(t, "GET", `/api/staff/emails/${mails[0].id}`, { cookie: staff });
    expect(email.body.textBody).toContain("Portal: http://portico.test/portal/");
    expect(email.body.textBody).toContain(`Username: ${c.email}`);
    expect(email.body.htmlBody).not.toContain(PORTAL_PASSWORD);
    expect(email.body.textBody).not.toContain(PORTAL_PASSWORD);
    // The link sets a password: it works, and the old password stops working.
    expect((await setPassword(tokenIn(email.body.textBody), "sent-login-passphrase-3")).status).toBe(200);
    expect((await login(c.email, "sent-login-passphrase-3")).status).toBe(200);
  });

  it("ACC-8 portal history keeps every event with its time, actor and IP: grant, emails, activation, sign-ins, lock, unlock, reset, username change, disable, enable, revoke", async () => {
    const roles = await call(t, "GET", "/api/staff/roles", { cookie: staff });
    const desk = roles.body.items.find((r: { name: string }) => r.name === "Service desk");
    const samLogin = { email: "sam.support@example.com", password: "service desk passphrase 4" };
    expect((await call(t, "POST", "/api/staff/users", { cookie: staff, body: { name: "Sam Support", roleId: desk.id, ...samLogin } })).status).toBe(200);
    const ada = { cookie: staff, name: "Ada Admin", id: (await call(t, "GET", "/api/staff/me", { cookie: staff })).body.id as string };
    const samCookie = await staffLoginFrom(t, freshIp(), samLogin);
    const sam = { cookie: samCookie, name: "Sam Support", id: (await call(t, "GET", "/api/staff/me", { cookie: samCookie })).body.id as string };
    expect(sam.id).not.toBe(ada.id);
    const c = await makeContact(t, staff, [accountId], { firstName: "Hana", lastName: "History" });
    const self = { kind: "contact", name: "Hana History", id: c.id };

    // Each action comes from its own address a minute after the last, so every event can be traced to its request.
    type Who = { kind: string; name: string; id: string | null };
    const expected: { type: string; actorKind: string; actor: string; actorId: string | null; ip: string; createdAt: string }[] = [];
    const happened = (types: string[], who: Who, from: string) => {
      for (const type of types) expected.push({ type, actorKind: who.kind, actor: who.name, actorId: who.id, ip: from, createdAt: t.clock.now.toISOString() });
    };
    const byStaff = async (who: typeof ada, method: string, path: string, types: string[], body?: object) => {
      t.clock.advance(MINUTE);
      const from = freshIp();
      const r = await callFrom(t, from, method, `/api/staff/contacts/${c.id}/portal-access${path}`, { cookie: who.cookie, body });
      expect(r.status, `${method} ${path}: ${JSON.stringify(r.body)}`).toBe(200);
      happened(types, { kind: "staff", name: who.name, id: who.id }, from);
    };
    const byContact = async (url: string, body: object, status: number, types: string[], who: Who = self) => {
      t.clock.advance(MINUTE);
      const from = freshIp();
      const r = await callFrom(t, from, "POST", url, { body });
      expect(r.status, `${url}: ${JSON.stringify(r.body)}`).toBe(status);
      happened(types, who, from);
    };

    await byStaff(ada, "POST", "", ["granted", "activation_sent"], {});
    await byStaff(sam, "POST", "/resend-activation", ["activation_sent"]);
    await byContact("/api/portal/auth/set-password", { token: await lastTokenTo(t, c.email), password: PORTAL_PASSWORD }, 200, ["activated"]);
    await byContact("/api/portal/auth/login", { username: c.email, password: PORTAL_PASSWORD }, 200, ["login_ok"]);
    await byStaff(ada, "POST", "/send-login", ["login_sent"]);
    await byStaff(sam, "POST", "/reset-password", ["reset_sent"]);
    await byContact("/api/portal/auth/set-password", { token: await lastTokenTo(t, c.email), password: "second-chosen-passphrase" }, 200, ["password_reset"]);
    t.clock.advance(MINUTE);
    const attacker = freshIp();
    for (let i = 0; i < 5; i++) {
      const r = await callFrom(t, attacker, "POST", "/api/portal/auth/login", { body: { username: c.email, password: "wrong-password-123" } });
      expect(r.status).toBe(401);
      happened(["login_failed"], { kind: "anonymous", name: "Anonymous", id: null }, attacker);
    }
    happened(["locked"], { kind: "system", name: "System", id: null }, attacker);
    await byStaff(sam, "POST", "/unlock", ["unlocked"]);
    await byStaff(ada, "PUT", "/username", ["username_changed", "reset_sent"], { username: "hana.renamed" });
    await byStaff(sam, "POST", "/disable", ["disabled"]);
    await byStaff(ada, "POST", "/enable", ["enabled"]);
    await byStaff(sam, "DELETE", "", ["revoked"]);
    expect(expected).toHaveLength(20);

    // What staff see on the contact: newest first, with time, actor and address.
    const h = await call(t, "GET", `/api/staff/contacts/${c.id}/portal-history`, { cookie: staff });
    expect(h.status).toBe(200);
    expect(h.body.items.map((e: { type: string; actor: string; ip: string; createdAt: string }) => ({ type: e.type, actor: e.actor, ip: e.ip, createdAt: e.createdAt }))).toEqual(
      [...expected].reverse().map((e) => ({ type: e.type, actor: e.actor, ip: e.ip, createdAt: e.createdAt })),
    );
    expect(h.body.items.find((e: { type: string }) => e.type === "username_changed").detail).toEqual({ from: c.email, to: "hana.renamed" });
    // What is kept: the actor's kind and id as well as the name shown.
    const stored = await storedEvents(t, c.id);
    expect(stored.map((e) => ({ type: e.type, actorKind: e.actorKind, actorId: e.actorId, ip: e.ip }))).toEqual(
      expected.map((e) => ({ type: e.type, actorKind: e.actorKind, actorId: e.actorId, ip: e.ip })),
    );
  });

  it("ACC-9 the contacts list filters by portal access and status", async () => {
    const acc = await makeAccount(t, staff);
    const none = await makeContact(t, staff, [acc.id]);
    const invited = await makeContact(t, staff, [acc.id]);
    await grant(invited.id);
    const active = await activeContact([acc.id]);
    const q = async (qs: string) =>
      (await call(t, "GET", `/api/staff/contacts?accountId=${acc.id}&${qs}`, { cookie: staff })).body.items.map((c: { id: string }) => c.id).sort();
    expect(await q("portalAccess=without")).toEqual([none.id]);
    expect(await q("portalAccess=with")).toEqual([invited.id, active.id].sort());
    expect(await q("portalStatus=invited")).toEqual([invited.id]);
    expect(await q("portalStatus=active")).toEqual([active.id]);
  });

  it("ACC-10 batch grant reports every row in the order sent and emails each granted contact its own working welcome link, username = email", async () => {
    const acc = await makeAccount(t, staff);
    const person = (lastName: string, v: Record<string, unknown> = {}) => makeContact(t, staff, [acc.id], { firstName: "Bea", lastName, ...v });
    const ok1 = await person("One");
    const noEmail = await person("NoEmail", { email: null });
    const ok2 = await person("Two");
    const already = await person("Already");
    expect((await grant(already.id)).status).toBe(200);
    const ok3 = await person("Three");
    const missing = "00000000-0000-4000-8000-000000000000";
    const mark = await outboxMark(t);
    const r = await callFrom(t, ip, "POST", "/api/staff/portal-access/batch-grant", {
      cookie: staff,
      body: { contactIds: [ok1.id, noEmail.id, ok2.id, already.id, missing, ok3.id], sendWelcomeEmail: true },
    });
    expect(r.status).toBe(200);
    // One result per selected contact, in the order sent: what the progress and the result table are built from.
    const granted = (c: { id: string }, lastName: string) => ({ contactId: c.id, name: `Bea ${lastName}`, ok: true, status: "invited", message: "Access granted, welcome email queued", fix: null });
    expect(r.body.results).toEqual([
      granted(ok1, "One"),
      { contactId: noEmail.id, name: "Bea NoEmail", ok: false, status: "not_enabled", message: "Add an email address to the contact before granting portal access.", fix: "add_email" },
      granted(ok2, "Two"),
      { contactId: already.id, name: "Bea Already", ok: false, status: "invited", message: "This contact already has portal access.", fix: null },
      { contactId: missing, name: null, ok: false, status: null, message: "Contact not found", fix: null },
      granted(ok3, "Three"),
    ]);
    // Exactly one welcome email per granted row, nothing for the others.
    const mails = await outboxSince(t, mark);
    expect(mails.map((m) => [m.recipient, m.template])).toEqual([ok1, ok2, ok3].map((c) => [c.email, "welcome"]));
    const tokens = new Set<string>();
    for (const [i, c] of [ok1, ok2, ok3].entries()) {
      const mail = mails[i];
      expect(mail.textBody).toContain(`Your username is ${c.email}.`);
      const token = tokenIn(mail.textBody);
      tokens.add(token);
      const info = await callFrom(t, ip, "POST", "/api/portal/auth/token-info", { body: { token } });
      expect(info.body).toEqual({ valid: true, purpose: "activation", username: c.email, passwordMustNotContain: expect.arrayContaining([c.email]) });
      expect((await setPassword(token)).status).toBe(200);
      expect((await login(c.email)).status).toBe(200);
    }
    expect(tokens.size).toBe(3);
    for (const c of [noEmail, already]) {
      const after = await call(t, "GET", `/api/staff/contacts/${c.id}`, { cookie: staff });
      expect(after.body.portal.status).toBe(c === already ? "invited" : "not_enabled");
    }
  });

  it("ACC-10 batch grant takes at most 100 contacts per request, so a large selection is sent in parts", async () => {
    const ids = Array.from({ length: 101 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`);
    const r = await call(t, "POST", "/api/staff/portal-access/batch-grant", { cookie: staff, body: { contactIds: ids, sendWelcomeEmail: false } });
    expect(r.status).toBe(400);
    expect(r.body.fields[0].field).toBe("contactIds");
    const part = await call(t, "POST", "/api/staff/portal-access/batch-grant", { cookie: staff, body: { contactIds: ids.slice(0, 100), sendWelcomeEmail: false } });
    expect(part.status).toBe(200);
    expect(part.body.results.map((x: { contactId: string }) => x.contactId)).toEqual(ids.slice(0, 100));
  });

  it("ACC-10 batch grant without welcome email grants access and queues nothing", async () => {
    const acc = await makeAccount(t, staff);
    const c = await makeContact(t, staff, [acc.id]);
    const mark = await outboxMark(t);
    const r = await call(t, "POST", "/api/staff/portal-access/batch-grant", { cookie: staff, body: { contactIds: [c.id], sendWelcomeEmail: false } });
    expect(r.body.results).toEqual([{ contactId: c.id, name: expect.any(String), ok: true, status: "invited", message: "Access granted", fix: null }]);
    expect((await call(t, "GET", `/api/staff/contacts/${c.id}`, { cookie: staff })).body.portal).toMatchObject({ status: "invited", username: c.email });
    expect(await outboxSince(t, mark)).toEqual([]);
  });

  it("PLT-3 the email and the change it reports are one transaction: a grant refused inside its transaction queues nothing", async () => {
    // Two grants of one username race: both pass the up-front check, and the unique index refuses the second inside its transaction.
    const a = await makeContact(t, staff, [accountId]);
    const b = await makeContact(t, staff, [accountId]);
    const mark = await outboxMark(t);
    const [ra, rb] = await withTransactionsHeldUntil(2, () => Promise.all([grant(a.id, { username: "raced-name" }), grant(b.id, { username: "raced-name" })]));
    expect([ra.status, rb.status].sort()).toEqual([200, 409]);
    const [winner, loser, refusal] = ra.status === 200 ? [a, b, rb] : [b, a, ra];
    // The answer of the unique index, not of the up-front check: the refusal happened inside the transaction.
    expect(refusal.body).toMatchObject({ code: "CONFLICT", message: "This username or email is already used by another portal user." });
    // Counted in the outbox itself, whoever they are addressed to: only the winner's activation email.
    expect((await outboxSince(t, mark)).map((m) => [m.recipient, m.template])).toEqual([[winner.email, "activation"]]);
    expect((await call(t, "GET", `/api/staff/contacts/${loser.id}`, { cookie: staff })).body.portal).toMatchObject({ status: "not_enabled", username: null });
    expect(await storedEvents(t, loser.id)).toEqual([]);
  });

  it("PLT-3 when a write after the email in the grant's transaction fails, the queued email is rolled back with it", async () => {
    const c = await makeContact(t, staff, [accountId]);
    const mark = await outboxMark(t);
    // The history row written after the email is refused by the database.
    const r = await withFailingInsert("portal_events", `new.contact_id = '${c.id}' and new.type = 'activation_sent'`, () => grant(c.id));
    expect(r.status).toBe(500);
    expect(await outboxSince(t, mark)).toEqual([]);
    expect((await call(t, "GET", `/api/staff/contacts/${c.id}`, { cookie: staff })).body.portal).toMatchObject({ status: "not_enabled", username: null });
    expect(await storedEvents(t, c.id)).toEqual([]);
  });

  it("PLT-3 when the email cannot be queued, the grant it reports is not kept", async () => {
    const c = await makeContact(t, staff, [accountId]);
    const r = await withFailingInsert("outbox", `new.recipient = '${c.email}'`, () => grant(c.id));
    expect(r.status).toBe(500);
    expect((await call(t, "GET", `/api/staff/contacts/${c.id}`, { cookie: staff })).body.portal).toMatchObject({ status: "not_enabled", username: null });
    expect(await storedEvents(t, c.id)).toEqual([]);
  });

  it("PLT-3 a grant refused by the up-front checks queues nothing either", async () => {
    const a = await makeContact(t, staff, [accountId]);
    expect((await grant(a.id)).status).toBe(200);
    const b = await makeContact(t, staff, [accountId]);
    const mark = await outboxMark(t);
    const r = await grant(b.id, { username: a.email });
    expect(r.status).toBe(409);
    expect(r.body.fields[0].field).toBe("username");
    expect(await outboxSince(t, mark)).toEqual([]);
    expect(await storedEvents(t, b.id)).toEqual([]);
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

  it("ACC-9 pages in a row show every row once, in order, and a page past the end still gives the total", async () => {
    const acc = await makeAccount(t, staff);
    const ids: string[] = [];
    // Equal names: the order falls back to the id, so no row is shown twice or skipped across pages.
    for (let i = 0; i < 7; i++) ids.push((await makeContact(t, staff, [acc.id], { firstName: "Sam", lastName: i < 5 ? "Same" : "Other" })).id);
    const seen: string[] = [];
    for (let page = 1; page <= 3; page++) {
      const r = await call(t, "GET", `/api/staff/contacts?accountId=${acc.id}&pageSize=3&page=${page}`, { cookie: staff });
      expect(r.body.total).toBe(7);
      seen.push(...r.body.items.map((c: { id: string }) => c.id));
    }
    expect(seen).toHaveLength(7);
    expect(new Set(seen)).toEqual(new Set(ids));
    expect(seen.slice(0, 2).sort()).toEqual(ids.slice(5).sort());
    const past = await call(t, "GET", `/api/staff/contacts?accountId=${acc.id}&pageSize=3&page=9`, { cookie: staff });
    expect(past.body).toMatchObject({ items: [], total: 7, totalCapped: false });
  });
});
