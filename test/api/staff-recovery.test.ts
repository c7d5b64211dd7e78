/**
 * FIRST-8: a staff member who forgot their password gets back in by an emailed single-use link, and an
 * operator can print such a link on the server (`npm run staff -- reset <email>`). FIRST-10: a link can
 * be checked without using it, and a check says only whether it still works.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { buildApp } from "../../src/server/app.js";
import { loadConfig } from "../../src/server/config.js";
import { createContainer } from "../../src/server/container.js";
import { staffUsers } from "../../src/server/db/schema/index.js";
import { HOUR, MINUTE } from "../../src/server/lib/clock.js";
import { ipLimits } from "../../src/server/modules/rate-limit/throttle.js";
import { runStaffCommand } from "../../src/server/staff-cli.js";
import { addTenant, ADMIN, call, createTestApp, type TestApp } from "../harness.js";
import { callFrom, freshIp, outboxMark, outboxSince, staffLoginFrom, tokenIn } from "./portal-access-fixture.js";

let t: TestApp;
let admin: string;
let ip: string;
let savedClock: Date;
let staffSeq = 0;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());
beforeEach(async () => {
  ip = freshIp();
  savedClock = t.clock.now;
  admin = await staffLoginFrom(t, ip);
});
afterEach(() => {
  t.clock.now = savedClock;
});

const PASSWORD = "first staff passphrase 42";
const NEW_PASSWORD = "a brand new staff passphrase";

/** A staff member of the Service desk role who has signed in once. */
async function staffMember() {
  const n = ++staffSeq;
  const roles = await call(t, "GET", "/api/staff/roles", { cookie: admin });
  const desk = roles.body.items.find((r: { name: string }) => r.name === "Service desk");
  const who = { name: `Sam Staffer${n}`, email: `sam${n}@staff.test` };
  const made = await call(t, "POST", "/api/staff/users", { cookie: admin, body: { ...who, roleId: desk.id, password: PASSWORD } });
  expect(made.status).toBe(200);
  return { ...who, id: made.body.id as string, cookie: await staffLoginFrom(t, ip, { email: who.email, password: PASSWORD }) };
}

const forgot = (email: string) => callFrom(t, ip, "POST", "/api/staff/auth/forgot", { body: { email } });
const linkInfo = (token: string) => callFrom(t, ip, "POST", "/api/staff/auth/link-info", { body: { token } });
const reset = (token: string, password = NEW_PASSWORD) => callFrom(t, ip, "POST", "/api/staff/auth/reset-password", { body: { token, password } });
const signIn = (email: string, password: string) => callFrom(t, ip, "POST", "/api/staff/auth/login", { body: { email, password } });
const staffTokenIn = (text: string) => {
  const m = /\/admin\/reset-password\?token=([A-Za-z0-9_-]+)/.exec(text);
  if (!m) throw new Error(`no staff reset link in: ${text}`);
  return m[1];
};

/** Asks for a reset link and returns the token of the one email it queued. */
async function emailedToken(email: string) {
  const mark = await outboxMark(t);
  expect((await forgot(email)).status).toBe(202);
  const mails = await outboxSince(t, mark);
  expect(mails.map((m) => [m.recipient, m.template])).toEqual([[email, "staff_reset"]]);
  return staffTokenIn(mails[0].textBody);
}

describe("FIRST-8 staff reset their own password", () => {
  it("FIRST-8 forgot password emails a link through the outbox; it sets the new password once, and the old password and the old sessions stop working", async () => {
    const s = await staffMember();
    const token = await emailedToken(s.email);
    expect((await reset(token)).body).toMatchObject({ ok: true });
    expect((await call(t, "GET", "/api/staff/me", { cookie: s.cookie })).status).toBe(401);
    expect((await signIn(s.email, PASSWORD)).status).toBe(401);
    expect((await signIn(s.email, NEW_PASSWORD)).status).toBe(200);
    const again = await reset(token, "yet another staff passphrase");
    expect(again.status).toBe(410);
    expect(again.body.code).toBe("INVALID_TOKEN");
    expect((await signIn(s.email, NEW_PASSWORD)).status).toBe(200);
  });

  it("FIRST-8 a reset link works until one hour after it was sent, and not after", async () => {
    const s = await staffMember();
    const early = await emailedToken(s.email);
    t.clock.advance(HOUR - 1000);
    expect((await reset(early, "reset just in time 1")).status).toBe(200);
    const late = await emailedToken(s.email);
    t.clock.advance(HOUR + 1000);
    expect((await reset(late, "reset far too late 2")).status).toBe(410);
    expect((await signIn(s.email, "reset just in time 1")).status).toBe(200);
  });

  it("FIRST-8 a known, an unknown and a disabled staff address get the same answer; only the known one is emailed", async () => {
    const known = await staffMember();
    const disabled = await staffMember();
    expect((await call(t, "PATCH", `/api/staff/users/${disabled.id}`, { cookie: admin, body: { disabled: true } })).status).toBe(200);
    const mark = await outboxMark(t);
    const answers = [];
    for (const email of [known.email, "nobody@staff.test", disabled.email]) answers.push(await forgot(email));
    for (const a of answers) {
      expect(a.status).toBe(202);
      expect(a.body).toEqual(answers[0].body);
    }
    expect((await outboxSince(t, mark)).map((m) => m.recipient)).toEqual([known.email]);
  });

  it("FIRST-8 a link sent before the staff member was disabled does not work", async () => {
    const s = await staffMember();
    const token = await emailedToken(s.email);
    expect((await call(t, "PATCH", `/api/staff/users/${s.id}`, { cookie: admin, body: { disabled: true } })).status).toBe(200);
    expect((await linkInfo(token)).body.valid).toBe(false);
    expect((await reset(token)).status).toBe(410);
  });

  it("FIRST-8 a reset clears a lockout, and a newer link voids the older one", async () => {
    const s = await staffMember();
    for (let i = 0; i < 5; i++) await signIn(s.email, "not the password at all");
    expect((await signIn(s.email, PASSWORD)).status).toBe(401);
    const older = await emailedToken(s.email);
    const newer = await emailedToken(s.email);
    expect((await reset(older)).status).toBe(410);
    expect((await reset(newer)).status).toBe(200);
    const [row] = await t.c.deps.db.select().from(staffUsers).where(and(eq(staffUsers.tenantId, t.tenantId), eq(staffUsers.id, s.id)));
    expect({ failed: row.failedLoginCount, lockedUntil: row.lockedUntil }).toEqual({ failed: 0, lockedUntil: null });
    expect((await signIn(s.email, NEW_PASSWORD)).status).toBe(200);
  });

  it("FIRST-8 the new password follows the password policy, and may not contain the staff member's name or email", async () => {
    const s = await staffMember();
    const token = await emailedToken(s.email);
    const short = await reset(token, "too short");
    expect(short.status).toBe(400);
    expect(short.body.fields).toEqual([{ field: "password", message: "must be at least 12 characters" }]);
    const personal = await reset(token, `my address ${s.email}`);
    expect(personal.body.fields).toEqual([{ field: "password", message: "must not contain your name, email or username" }]);
    // A refused password leaves the link usable.
    expect((await reset(token)).status).toBe(200);
  });

  it("FIRST-8 forgot-password requests are throttled per client address, like the contacts' ones", async () => {
    const { limit } = ipLimits.staff_email_link;
    for (let i = 0; i < limit; i++) expect((await forgot(`nobody${i}@staff.test`)).status).toBe(202);
    expect((await forgot("one.more@staff.test")).status).toBe(429);
    ip = freshIp();
    expect((await forgot("one.more@staff.test")).status).toBe(202);
  });

  it("FIRST-8 the email log shows a staff reset email without its link, so no reader of the log can take over the account", async () => {
    const s = await staffMember();
    const token = await emailedToken(s.email);
    const list = await call(t, "GET", `/api/staff/emails?q=${encodeURIComponent(s.email)}`, { cookie: admin });
    const [item] = list.body.items;
    expect(item.template).toBe("staff_reset");
    const detail = await call(t, "GET", `/api/staff/emails/${item.id}`, { cookie: admin });
    expect(detail.body.textBody).toContain("Choose a new password");
    expect(detail.body.textBody).not.toContain(token);
    expect(detail.body.htmlBody).not.toContain(token);
  });
});

describe("FIRST-8 the operator's command prints a reset link", () => {
  const run = async (args: string[], app: TestApp = t) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runStaffCommand(app.c, args, { log: (l) => out.push(l), error: (l) => err.push(l) });
    return { code, out: out.join("\n"), err: err.join("\n") };
  };

  it("FIRST-8 `staff reset <email>` prints a link for the default tenant's staff member that works once; sessions end", async () => {
    const s = await staffMember();
    const r = await run(["reset", s.email.toUpperCase()]);
    expect(r).toMatchObject({ code: 0, err: "" });
    expect(r.out).toContain(s.email);
    expect(r.out).toMatch(/^ {2}http:\/\/portico\.test\/admin\/reset-password\?token=/m);
    const token = staffTokenIn(r.out);
    expect((await reset(token)).status).toBe(200);
    expect((await call(t, "GET", "/api/staff/me", { cookie: s.cookie })).status).toBe(401);
    expect((await signIn(s.email, NEW_PASSWORD)).status).toBe(200);
    expect((await reset(token, "a second go at this passphrase")).status).toBe(410);
  });

  it("FIRST-8 an unknown or disabled email, a bad address or a missing argument is a clear message and exit code 1", async () => {
    const disabled = await staffMember();
    await call(t, "PATCH", `/api/staff/users/${disabled.id}`, { cookie: admin, body: { disabled: true } });
    expect(await run(["reset", "nobody@staff.test"])).toEqual({ code: 1, out: "", err: "No staff user has the email address nobody@staff.test." });
    expect(await run(["reset", disabled.email])).toMatchObject({ code: 1, out: "", err: expect.stringContaining("is disabled") });
    expect(await run(["reset", "not-an-address"])).toMatchObject({ code: 1, err: '"not-an-address" is not a valid email address.' });
    expect(await run(["reset"])).toMatchObject({ code: 1, err: expect.stringContaining("Usage: npm run staff -- reset <email>") });
    expect(await run(["reset", ADMIN.email, "--host", "nowhere.test"])).toMatchObject({ code: 1, err: "No tenant has the host nowhere.test." });
  });

  it("FIRST-8 `--host` picks that tenant's staff member, and the link points at the tenant's host", async () => {
    const other = await addTenant(t, "acme.portico.test");
    await t.c.services.staff.createFirstAdmin(other.id, { name: "Acme Admin", email: "boss@acme.test", password: "roadrunner catalogue 7" });
    expect((await run(["reset", "boss@acme.test"])).code).toBe(1);
    const r = await run(["reset", "boss@acme.test", "--host", "acme.portico.test"]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("http://acme.portico.test/admin/reset-password?token=");
    const token = staffTokenIn(r.out);
    expect((await linkInfo(token)).body.valid).toBe(false);
    const done = await callFrom(t, ip, "POST", "/api/staff/auth/reset-password", { host: "acme.portico.test", body: { token, password: NEW_PASSWORD } });
    expect(done.status).toBe(200);
    const login = await callFrom(t, ip, "POST", "/api/staff/auth/login", { host: "acme.portico.test", body: { email: "boss@acme.test", password: NEW_PASSWORD } });
    expect(login.status).toBe(200);
  });

  it("FIRST-8 `npm run staff -- reset` run as a process on an embedded database prints a working link; it refuses while another process has the database open", async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "portico-staff-cli-"));
    const config = loadConfig({ DATA_DIR: dataDir, PUBLIC_URL: "http://portico.test", AUTH_MIN_RESPONSE_MS: "0" } as NodeJS.ProcessEnv);
    const npm = (...args: string[]) =>
      new Promise<{ code: number | null; out: string }>((resolve) => {
        const { DATABASE_URL: _ignored, ...env } = process.env;
        const proc = spawn("npm", ["run", "--silent", "staff", "--", ...args], { cwd: path.resolve(import.meta.dirname, "../.."), env: { ...env, DATA_DIR: dataDir, PUBLIC_URL: "http://portico.test" } });
        let out = "";
        proc.stdout.on("data", (b) => (out += b));
        proc.stderr.on("data", (b) => (out += b));
        proc.on("exit", (code) => resolve({ code, out }));
      });
    try {
      let c = await createContainer(config);
      const tenant = await c.services.tenants.ensureDefaultTenant();
      await c.services.staff.createFirstAdmin(tenant.id, { name: "Solo Admin", email: "solo@company.test", password: "lighthouse keeper 1987" });
      const busy = await npm("reset", "solo@company.test");
      expect(busy.code).toBe(1);
      expect(busy.out).toContain("is open in another Portico process");
      await c.close();

      expect(await npm("reset", "nobody@company.test")).toEqual({ code: 1, out: "No staff user has the email address nobody@company.test.\n" });
      const printed = await npm("reset", "solo@company.test");
      expect(printed.code).toBe(0);
      const token = staffTokenIn(printed.out);

      c = await createContainer(config);
      const app = await buildApp(c, { serveWeb: false });
      try {
        const post = (url: string, body: object) =>
          app.inject({ method: "POST", url, headers: { host: "portico.test", "x-portico-csrf": "1", "content-type": "application/json" }, payload: JSON.stringify(body) });
        expect((await post("/api/staff/auth/reset-password", { token, password: NEW_PASSWORD })).statusCode).toBe(200);
        expect((await post("/api/staff/auth/login", { email: "solo@company.test", password: NEW_PASSWORD })).statusCode).toBe(200);
      } finally {
        await app.close();
        await c.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe("FIRST-10 checking a link does not use it, and says only whether it works", () => {
  it("FIRST-10 a staff reset link checks as valid (naming whose it is) until it is used; a used, an expired and an unknown link all answer the same", async () => {
    const s = await staffMember();
    const token = await emailedToken(s.email);
    const valid = await linkInfo(token);
    expect(valid.body).toEqual({
      valid: true,
      purpose: "staff_reset",
      email: s.email,
      passwordPolicy: { minLength: 12, requireUpper: false, requireLower: false, requireDigit: false, requireSymbol: false },
      passwordMustNotContain: [s.email, s.name],
    });
    expect((await linkInfo(token)).body.valid).toBe(true);
    expect((await reset(token)).status).toBe(200);
    const used = await linkInfo(token);
    const expiredToken = await emailedToken(s.email);
    t.clock.advance(HOUR + MINUTE);
    const expired = await linkInfo(expiredToken);
    const unknown = await linkInfo("no-such-token-at-all");
    for (const r of [used, expired, unknown]) {
      expect(r.status).toBe(200);
      expect(r.body).toEqual({ ...valid.body, valid: false, purpose: null, email: null, passwordMustNotContain: [] });
    }
  });

  it("FIRST-10 a setup link checks as valid only while the tenant has no administrator", async () => {
    const tokenOf = (link: string) => new URL(link).searchParams.get("token")!;
    expect((await linkInfo(tokenOf(await t.c.services.staff.createSetupLink(t.tenantId)))).body).toMatchObject({ valid: false, purpose: null });
    const host = "newco.portico.test";
    const fresh = await addTenant(t, host);
    const token = tokenOf(await t.c.services.staff.createSetupLink(fresh.id));
    const check = () => callFrom(t, ip, "POST", "/api/staff/auth/link-info", { host, body: { token } });
    expect((await check()).body).toMatchObject({ valid: true, purpose: "staff_setup", email: null });
    const made = await callFrom(t, ip, "POST", "/api/staff/setup", { host, body: { token, name: "First Admin", email: "first@newco.test", password: "opening day passphrase" } });
    expect(made.status).toBe(200);
    expect((await check()).body).toMatchObject({ valid: false, purpose: null });
  });

  it("FIRST-10 a contact's set-password link checks as valid until used; used, expired and unknown links answer the same", async () => {
    const account = await call(t, "POST", "/api/staff/accounts", { cookie: admin, body: { name: "Link Check Ltd" } });
    const contact = await call(t, "POST", "/api/staff/contacts", { cookie: admin, body: { firstName: "Lena", lastName: "Linkova", email: "lena@client.test", accountIds: [account.body.id] } });
    const access = `/api/staff/contacts/${contact.body.id}/portal-access`;
    const emailed = async (url: string) => {
      const mark = await outboxMark(t);
      expect((await call(t, "POST", url, { cookie: admin, body: {} })).status).toBe(200);
      return tokenIn((await outboxSince(t, mark))[0].textBody);
    };
    const info = (token: string) => callFrom(t, ip, "POST", "/api/portal/auth/token-info", { body: { token } });
    const token = await emailed(access);
    const valid = await info(token);
    expect(valid.body).toEqual({ valid: true, purpose: "activation", username: "lena@client.test", passwordMustNotContain: ["lena@client.test", "Lena", "Linkova"] });
    expect((await info(token)).body.valid).toBe(true);
    expect((await callFrom(t, ip, "POST", "/api/portal/auth/set-password", { body: { token, password: "a calm river at dawn" } })).status).toBe(200);
    const expiredToken = await emailed(`${access}/reset-password`);
    t.clock.advance(25 * HOUR);
    for (const r of [await info(token), await info(expiredToken), await info("no-such-token-at-all")]) {
      expect(r.status).toBe(200);
      expect(r.body).toEqual({ valid: false, purpose: null, username: null, passwordMustNotContain: [] });
    }
    expect((await linkInfo(expiredToken)).body.valid).toBe(false);
  });

  it("FIRST-10 link checks are throttled per client address", async () => {
    const { limit } = ipLimits.password_link;
    for (let i = 0; i < limit; i++) expect((await linkInfo(`guess-${i}`)).status).toBe(200);
    expect((await linkInfo("guess-again")).status).toBe(429);
    expect((await callFrom(t, ip, "POST", "/api/portal/auth/token-info", { body: { token: "guess-again" } })).status).toBe(429);
    expect((await reset("guess-again")).status).toBe(429);
    ip = freshIp();
    expect((await linkInfo("guess-again")).status).toBe(200);
  });
});
