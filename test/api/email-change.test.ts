/**
 * SET-1 (issue 8, item 17): a contact changes their own email address in My settings. The current
 * password is required, the new address gets a confirmation link and the old one a notice, the change
 * happens only when the link is opened, and the answer never tells whether another portal user has
 * the address.
 */
import { and, eq, isNull, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { authTokens } from "../../src/server/db/schema/index.js";
import { HOUR, MINUTE } from "../../src/server/lib/clock.js";
import { EMAIL_CHANGE_LIMIT } from "../../src/server/modules/rate-limit/throttle.js";
import { call, cookieFrom, createTestApp, makeAccount, makeContact, PORTAL_PASSWORD, staffLogin, type TestApp } from "../harness.js";
import { activeContactFrom, callFrom, freshIp, outboxMark, outboxSince, storedEvents, tokenIn } from "./portal-access-fixture.js";

let t: TestApp;
let staff: string;
let accountId: string;
/** Each test comes from its own client address, so the per-address throttles never carry over. */
let ip: string;
let savedClock: Date;
beforeAll(async () => {
  t = await createTestApp();
  staff = await staffLogin(t);
  accountId = (await makeAccount(t, staff)).id;
});
afterAll(() => t.close());
beforeEach(async () => {
  ip = freshIp();
  savedClock = t.clock.now;
  // Tests move the clock: each starts with a fresh staff session.
  staff = await staffLogin(t);
});
afterEach(() => {
  t.clock.now = savedClock;
});

let seq = 0;
const freshAddress = () => `new-address-${++seq}-${Math.random().toString(36).slice(2, 8)}@elsewhere.test`;
const activeContact = () => activeContactFrom(t, staff, ip, [accountId]);
const requestChange = (cookie: string, newEmail: string, currentPassword = PORTAL_PASSWORD) =>
  callFrom(t, ip, "POST", "/api/portal/me/email", { cookie, body: { newEmail, currentPassword } });
const confirm = (token: string) => callFrom(t, ip, "POST", "/api/portal/auth/confirm-email", { body: { token } });
const staffEmailOf = async (id: string) => (await call(t, "GET", `/api/staff/contacts/${id}`, { cookie: staff })).body.email as string;
const meEmail = async (cookie: string) => (await call(t, "GET", "/api/portal/me", { cookie })).body.contact.email as string;

/** The confirmation token in an email body. */
function confirmTokenIn(text: string) {
  const m = /\/portal\/confirm-email\?token=([A-Za-z0-9_-]+)/.exec(text);
  if (!m) throw new Error(`no confirmation link in: ${text}`);
  return m[1];
}

/** Asks for a change and returns the confirmation token from the email to the new address. */
async function requestedToken(cookie: string, newEmail: string) {
  const mark = await outboxMark(t);
  const r = await requestChange(cookie, newEmail);
  expect(r.status).toBe(202);
  const mails = (await outboxSince(t, mark)).filter((m) => m.recipient === newEmail);
  expect(mails).toHaveLength(1);
  return confirmTokenIn(mails[0].textBody);
}

const liveEmailChangeTokens = (contactId: string) =>
  t.c.deps.db
    .select()
    .from(authTokens)
    .where(and(eq(authTokens.tenantId, t.tenantId), eq(authTokens.contactId, contactId), eq(authTokens.purpose, "email_change"), isNull(authTokens.usedAt)));

describe("SET-1 asking for an email change", () => {
  it("SET-1 a wrong current password is refused and nothing is sent, stored or recorded", async () => {
    const c = await activeContact();
    const mark = await outboxMark(t);
    const eventsBefore = (await storedEvents(t, c.id)).length;
    const r = await requestChange(c.cookie, freshAddress(), "not-my-password-at-all");
    expect(r.status).toBe(400);
    expect(r.body.fields).toEqual([{ field: "currentPassword", message: "is not your current password" }]);
    expect(await outboxSince(t, mark)).toEqual([]);
    expect(await liveEmailChangeTokens(c.id)).toEqual([]);
    expect(await storedEvents(t, c.id)).toHaveLength(eventsBefore);
    expect(await meEmail(c.cookie)).toBe(c.email);
  });

  it("SET-1 the answer is the same (status and body) for a free address, another portal user's address and one's own", async () => {
    const c = await activeContact();
    const other = await activeContact();
    const free = await requestChange(c.cookie, freshAddress());
    const taken = await requestChange(c.cookie, other.email);
    const takenOtherCase = await requestChange(c.cookie, other.email.toUpperCase());
    const own = await requestChange(c.cookie, c.email);
    expect(free.status).toBe(202);
    expect(free.body).toEqual({ ok: true, message: expect.stringContaining("Open the link in that email within 24 hours") });
    for (const r of [taken, takenOtherCase, own]) {
      expect(r.status).toBe(free.status);
      expect(r.body).toEqual(free.body);
    }
    expect(await meEmail(c.cookie)).toBe(c.email);
    expect(await meEmail(other.cookie)).toBe(other.email);
  });

  it("SET-1 the new address gets a confirmation link and the old one a notice; nothing changes until the link is opened", async () => {
    const c = await activeContact();
    const newEmail = freshAddress();
    const mark = await outboxMark(t);
    expect((await requestChange(c.cookie, newEmail)).status).toBe(202);
    const mails = await outboxSince(t, mark);
    expect(mails.map((m) => [m.recipient, m.template])).toEqual([
      [newEmail, "email_change_confirm"],
      [c.email, "email_change_notice"],
    ]);
    const [toNew, toOld] = mails;
    expect(toNew.subject).toMatch(/Confirm your new email address/);
    expect(toNew.textBody).toContain("expires in 24 hours");
    expect(confirmTokenIn(toNew.textBody)).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    // The notice names the new address partly, says what happens and what to do if it was not them.
    expect(toOld.textBody).toContain(`ne***@elsewhere.test`);
    expect(toOld.textBody).not.toContain(newEmail);
    expect(toOld.textBody).toContain("Forgot your password?");
    expect(toOld.textBody).not.toMatch(/token=/);

    expect(await meEmail(c.cookie)).toBe(c.email);
    expect(await staffEmailOf(c.id)).toBe(c.email);
    const events = await storedEvents(t, c.id);
    expect(events.at(-1)).toMatchObject({ type: "email_change_requested", actorKind: "contact", actorId: c.id, detail: { to: newEmail } });
    expect(events.some((e) => e.type === "email_changed")).toBe(false);
  });

  it("SET-1 another portal user's address gets an email saying it cannot be used, with no link; the old address still gets the notice", async () => {
    const c = await activeContact();
    const other = await activeContact();
    const mark = await outboxMark(t);
    expect((await requestChange(c.cookie, other.email)).status).toBe(202);
    const mails = await outboxSince(t, mark);
    expect(mails.map((m) => [m.recipient, m.template])).toEqual([
      [other.email, "email_change_confirm"],
      [c.email, "email_change_notice"],
    ]);
    expect(mails[0].textBody).toContain("already belongs to a login");
    expect(mails[0].textBody).not.toMatch(/token=/);
    // The owner of that mailbox is not told who asked.
    expect(mails[0].textBody).not.toContain(c.email);
    expect(mails[0].textBody).not.toMatch(/Hello/);
    expect(await liveEmailChangeTokens(c.id)).toEqual([]);
    // The requester's own mailbox learns nothing either: a free address that masks the same gets the same notice.
    expect(other.email).toMatch(/^pa.+@client\.test$/);
    const m2 = await outboxMark(t);
    expect((await requestChange(c.cookie, `pa-free-${++seq}@client.test`)).status).toBe(202);
    const freeNotice = (await outboxSince(t, m2)).find((m) => m.recipient === c.email);
    expect(freeNotice?.textBody).toContain("pa***@client.test");
    expect(mails[1].textBody).toBe(freeNotice?.textBody);
    expect(mails[1].subject).toBe(freeNotice?.subject);
    expect(await meEmail(c.cookie)).toBe(c.email);
  });
});

describe("SET-1 confirming an email change", () => {
  it("SET-1 the link changes the email once; a second use is refused", async () => {
    const c = await activeContact();
    const newEmail = freshAddress();
    const token = await requestedToken(c.cookie, newEmail);
    const ok = await confirm(token);
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ ok: true, message: `Your email address is now ${newEmail}.` });
    expect(await meEmail(c.cookie)).toBe(newEmail);
    expect(await staffEmailOf(c.id)).toBe(newEmail);
    expect((await storedEvents(t, c.id)).at(-1)).toMatchObject({ type: "email_changed", actorKind: "contact", actorId: c.id, detail: { from: c.email, to: newEmail } });

    const again = await confirm(token);
    expect(again.status).toBe(410);
    expect(again.body.code).toBe("INVALID_TOKEN");
    expect(await staffEmailOf(c.id)).toBe(newEmail);
    expect((await storedEvents(t, c.id)).filter((e) => e.type === "email_changed")).toHaveLength(1);
    // The username stays what it was (SET-1: read-only); forgot-password now goes to the new address.
    expect((await call(t, "GET", "/api/portal/me", { cookie: c.cookie })).body.contact.username).toBe(c.email);
    const mark = await outboxMark(t);
    expect((await callFrom(t, ip, "POST", "/api/portal/auth/forgot", { body: { email: newEmail } })).status).toBe(202);
    expect((await outboxSince(t, mark)).map((m) => [m.recipient, m.template])).toEqual([[newEmail, "reset"]]);
  });

  it("SET-1 two confirmations of one link at the same moment change the email once", async () => {
    const c = await activeContact();
    const newEmail = freshAddress();
    const token = await requestedToken(c.cookie, newEmail);
    const answers = await Promise.all([confirm(token), confirm(token)]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 410]);
    expect((await storedEvents(t, c.id)).filter((e) => e.type === "email_changed")).toHaveLength(1);
    expect(await staffEmailOf(c.id)).toBe(newEmail);
  });

  it("SET-1 a newer request voids the older email-change link but not a pending password-reset link", async () => {
    const c = await activeContact();
    const mark = await outboxMark(t);
    expect((await callFrom(t, ip, "POST", "/api/portal/auth/forgot", { body: { email: c.email } })).status).toBe(202);
    const [reset] = await outboxSince(t, mark);
    expect(reset.template).toBe("reset");
    const resetToken = tokenIn(reset.textBody);

    const first = freshAddress();
    const second = freshAddress();
    const older = await requestedToken(c.cookie, first);
    const newer = await requestedToken(c.cookie, second);
    expect((await confirm(older)).status).toBe(410);
    expect(await staffEmailOf(c.id)).toBe(c.email);
    expect((await confirm(newer)).status).toBe(200);
    expect(await staffEmailOf(c.id)).toBe(second);
    const info = await callFrom(t, ip, "POST", "/api/portal/auth/token-info", { body: { token: resetToken } });
    expect(info.body).toMatchObject({ valid: true, purpose: "reset" });
  });

  it("SET-1 the link expires after 24 hours", async () => {
    const early = await activeContact();
    const late = await activeContact();
    const earlyEmail = freshAddress();
    const lateEmail = freshAddress();
    const earlyToken = await requestedToken(early.cookie, earlyEmail);
    const lateToken = await requestedToken(late.cookie, lateEmail);
    t.clock.advance(24 * HOUR - MINUTE);
    expect((await confirm(earlyToken)).status).toBe(200);
    t.clock.advance(MINUTE);
    const expired = await confirm(lateToken);
    expect(expired.status).toBe(410);
    expect(expired.body.message).toMatch(/expired or was already used/);
    // The staff session idled out while the clock moved.
    staff = await staffLogin(t);
    expect(await staffEmailOf(early.id)).toBe(earlyEmail);
    expect(await staffEmailOf(late.id)).toBe(late.email);
  });

  it("SET-1 an address another portal user took in the meantime is refused with a generic message and nothing changes", async () => {
    const c = await activeContact();
    const newEmail = freshAddress();
    const token = await requestedToken(c.cookie, newEmail);
    // Staff give portal access to someone else with that address before the link is opened.
    const other = await makeContact(t, staff, [accountId], { email: newEmail });
    expect((await call(t, "POST", `/api/staff/contacts/${other.id}/portal-access`, { cookie: staff, body: { username: `other-${seq}` } })).status).toBe(200);
    const eventsBefore = await storedEvents(t, c.id);

    const r = await confirm(token);
    expect(r.status).toBe(409);
    expect(r.body.message).toBe("This email address cannot be used for your login. Nothing was changed; sign in and ask for the change with another address.");
    expect(await staffEmailOf(c.id)).toBe(c.email);
    expect(await staffEmailOf(other.id)).toBe(newEmail);
    expect(await storedEvents(t, c.id)).toEqual(eventsBefore);
  });

  it("SET-1 a new password cancels a pending email change (set by a reset link, or changed in My settings)", async () => {
    const byReset = await activeContact();
    const pendingReset = await requestedToken(byReset.cookie, freshAddress());
    const mark = await outboxMark(t);
    await callFrom(t, ip, "POST", "/api/portal/auth/forgot", { body: { email: byReset.email } });
    const [reset] = await outboxSince(t, mark);
    expect((await callFrom(t, ip, "POST", "/api/portal/auth/set-password", { body: { token: tokenIn(reset.textBody), password: "a-brand-new-passphrase-7" } })).status).toBe(200);
    expect((await confirm(pendingReset)).status).toBe(410);
    expect(await staffEmailOf(byReset.id)).toBe(byReset.email);

    const bySettings = await activeContact();
    const pendingSettings = await requestedToken(bySettings.cookie, freshAddress());
    const changed = await call(t, "POST", "/api/portal/me/password", { cookie: bySettings.cookie, body: { currentPassword: PORTAL_PASSWORD, newPassword: "a-brand-new-passphrase-8" } });
    expect(changed.status).toBe(200);
    expect((await confirm(pendingSettings)).status).toBe(410);
    expect(await staffEmailOf(bySettings.id)).toBe(bySettings.email);
  });

  it("SET-1 an email-change link is not a set-password link", async () => {
    const c = await activeContact();
    const token = await requestedToken(c.cookie, freshAddress());
    const info = await callFrom(t, ip, "POST", "/api/portal/auth/token-info", { body: { token } });
    expect(info.status).toBe(200);
    expect(info.body).toEqual({ valid: false, purpose: null, username: null, passwordMustNotContain: [] });
    const set = await callFrom(t, ip, "POST", "/api/portal/auth/set-password", { body: { token, password: "a-brand-new-passphrase-9" } });
    expect(set.status).toBe(410);
    // Still good for what it is for.
    expect((await confirm(token)).status).toBe(200);
  });
});

describe("SET-1 what else guards the change", () => {
  it("SET-1 PATCH /api/portal/me no longer takes an email address (400) and changes nothing", async () => {
    const c = await activeContact();
    const r = await call(t, "PATCH", "/api/portal/me", { cookie: c.cookie, body: { firstName: "Changed", email: freshAddress() } });
    expect(r.status).toBe(400);
    expect(r.body.fields.map((f: { field: string }) => f.field)).toEqual(["email"]);
    const me = (await call(t, "GET", "/api/portal/me", { cookie: c.cookie })).body.contact;
    expect(me).toMatchObject({ email: c.email, firstName: "Pat" });
  });

  it(`SET-1 more than ${EMAIL_CHANGE_LIMIT.limit} requests in an hour are refused (429) and send nothing`, async () => {
    const c = await activeContact();
    for (let i = 0; i < EMAIL_CHANGE_LIMIT.limit; i++) expect((await requestChange(c.cookie, freshAddress(), i % 2 ? PORTAL_PASSWORD : "a-wrong-guess-here")).status).not.toBe(429);
    const mark = await outboxMark(t);
    const r = await requestChange(c.cookie, freshAddress());
    expect(r.status).toBe(429);
    expect(await outboxSince(t, mark)).toEqual([]);
    t.clock.advance(HOUR);
    // The session idled out while the clock moved: sign in again.
    const again = cookieFrom(await callFrom(t, ip, "POST", "/api/portal/auth/login", { body: { username: c.email, password: PORTAL_PASSWORD } }));
    expect((await requestChange(again, freshAddress())).status).toBe(202);
  });

  it("PLT-3 SET-1 the link and both emails are one transaction with the request's history row", async () => {
    const c = await activeContact();
    const db = t.c.deps.db;
    const mark = await outboxMark(t);
    await db.execute(sql.raw("create or replace function test_refuse_insert() returns trigger language plpgsql as $$ begin raise exception 'refused by the test'; end $$"));
    await db.execute(
      sql.raw(`create trigger test_refuse_insert before insert on portal_events for each row when (new.contact_id = '${c.id}' and new.type = 'email_change_requested') execute function test_refuse_insert()`),
    );
    try {
      expect((await requestChange(c.cookie, freshAddress())).status).toBe(500);
    } finally {
      await db.execute(sql.raw("drop trigger test_refuse_insert on portal_events"));
    }
    expect(await outboxSince(t, mark)).toEqual([]);
    expect(await liveEmailChangeTokens(c.id)).toEqual([]);
  });
});
