/**
 * A fresh Portico on a fresh database per test file: PGlite from a migrated snapshot by default,
 * a new database on the PostgreSQL server (cloned from a migrated template) when DATABASE_URL is set.
 */
import { createHash, randomBytes } from "node:crypto";
import type { PGlite } from "@electric-sql/pglite";
import type { FastifyInstance } from "fastify";
import pg from "pg";
import { expect } from "vitest";
import { buildApp } from "../src/server/app.js";
import { loadConfig } from "../src/server/config.js";
import { createContainer, type Container } from "../src/server/container.js";
import { type Database, migrationsFolder, openDatabase } from "../src/server/db/client.js";
import { createTenant } from "../src/server/modules/tenants/tenants.repo.js";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export const ADMIN = { email: "admin@example.com", password: "correct horse battery staple" };

export class TestClock {
  constructor(public now = new Date("2026-11-22T10:00:00Z")) {}
  read = () => new Date(this.now.getTime());
  advance(ms: number) {
    this.now = new Date(this.now.getTime() + ms);
  }
}

let pgliteSnapshot: Promise<Blob> | undefined;
async function freshPglite(): Promise<Database> {
  pgliteSnapshot ??= (async () => {
    const db = await openDatabase({});
    await db.migrate();
    const blob = await ((db as unknown as { pglite: PGlite }).pglite.dumpDataDir("none") as Promise<Blob>);
    await db.close();
    return blob;
  })();
  return openDatabase({ loadDataDir: await pgliteSnapshot });
}

async function freshPostgres(url: string): Promise<Database> {
  // The template is named after the migrations' content, so a changed migration gets a fresh one.
  const hash = createHash("sha1");
  for (const f of readdirSync(migrationsFolder).filter((f) => f.endsWith(".sql")).sort()) hash.update(readFileSync(path.join(migrationsFolder, f)));
  const template = `portico_test_tpl_${hash.digest("hex").slice(0, 12)}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  const name = `portico_test_${randomBytes(6).toString("hex")}`;
  try {
    await admin.query("select pg_advisory_lock(7242002)");
    const exists = await admin.query("select 1 from pg_database where datname = $1", [template]);
    if (exists.rowCount === 0) {
      await admin.query(`create database ${template}`);
      const u = new URL(url);
      u.pathname = `/${template}`;
      const t = await openDatabase({ databaseUrl: u.toString(), poolSize: 1 });
      await t.migrate();
      await t.close();
    }
    await admin.query(`create database ${name} template ${template}`);
  } finally {
    await admin.query("select pg_advisory_unlock(7242002)").catch(() => {});
    await admin.end();
  }
  const u = new URL(url);
  u.pathname = `/${name}`;
  const db = await openDatabase({ databaseUrl: u.toString(), poolSize: 5 });
  const close = db.close;
  db.close = async () => {
    await close();
    const a = new pg.Client({ connectionString: url });
    await a.connect();
    await a.query(`drop database if exists ${name} with (force)`).catch(() => {});
    await a.end();
  };
  return db;
}

export const freshDatabase = () => (process.env.DATABASE_URL ? freshPostgres(process.env.DATABASE_URL) : freshPglite());

export interface TestApp {
  app: FastifyInstance;
  c: Container;
  clock: TestClock;
  tenantId: string;
  close(): Promise<void>;
}

export async function createTestApp(opts: { smtpUrl?: string; publicUrl?: string; authMinResponseMs?: number } = {}): Promise<TestApp> {
  const clock = new TestClock();
  const dataDir = mkdtempSync(path.join(tmpdir(), "portico-test-"));
  const config = loadConfig({
    PUBLIC_URL: opts.publicUrl ?? "http://portico.test",
    SMTP_URL: opts.smtpUrl,
    MAIL_FROM: "portal@portico.test",
    // Sign-in answers are padded to a fixed time in production; the timing test turns it back on.
    AUTH_MIN_RESPONSE_MS: String(opts.authMinResponseMs ?? 0),
    DATA_DIR: dataDir,
  } as NodeJS.ProcessEnv);
  let c: Container | undefined;
  let app: FastifyInstance | undefined;
  const close = async () => {
    try {
      await app?.close();
    } finally {
      try {
        await c?.close();
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    }
  };
  try {
    c = await createContainer(config, { database: await freshDatabase(), clock: clock.read });
    const tenant = await c.services.tenants.ensureDefaultTenant();
    await c.services.staff.createFirstAdmin(tenant.id, { name: "Ada Admin", ...ADMIN });
    app = await buildApp(c, { serveWeb: false });
    return { app, c, clock, tenantId: tenant.id, close };
  } catch (e) {
    await close();
    throw e;
  }
}

export async function addTenant(t: TestApp, host: string) {
  return createTenant(t.c.deps.db, { name: host, host, isDefault: false });
}

export interface Call {
  cookie?: string;
  body?: unknown;
  host?: string;
  headers?: Record<string, string>;
  rawBody?: string;
  /** The client address the app sees (req.ip); 127.0.0.1 unless given. */
  remoteAddress?: string;
}

/** Calls the API as a browser of the SPA would: JSON, CSRF header, cookie. */
export async function call(t: TestApp, method: string, url: string, o: Call = {}) {
  const res = await t.app.inject({
    method: method as "GET",
    url,
    ...(o.remoteAddress ? { remoteAddress: o.remoteAddress } : {}),
    headers: {
      host: o.host ?? "portico.test",
      "x-portico-csrf": "1",
      ...(o.cookie ? { cookie: o.cookie } : {}),
      ...(o.body !== undefined || o.rawBody !== undefined ? { "content-type": "application/json" } : {}),
      ...o.headers,
    },
    payload: o.rawBody ?? (o.body === undefined ? undefined : JSON.stringify(o.body)),
  });
  return { status: res.statusCode, body: safeJson(res.body), headers: res.headers, raw: res };
}

const safeJson = (s: string) => {
  try {
    return JSON.parse(s);
  } catch {
    return s;
  }
};

export function cookieFrom(res: { headers: Record<string, unknown> }): string {
  const set = res.headers["set-cookie"];
  const first = (Array.isArray(set) ? set[0] : set) as string | undefined;
  if (!first) throw new Error("no cookie set");
  return first.split(";")[0];
}

let loginSeq = 0;
/**
 * Each sign-in comes from its own client address, so the per-address sign-in throttle (20 in 15 minutes)
 * never answers 429 to a test file however many sign-ins it makes; throttle tests send their own requests.
 */
export const nextLoginAddress = () => {
  const n = loginSeq++;
  return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
};

export async function staffLogin(t: TestApp, who = ADMIN, host?: string) {
  const res = await call(t, "POST", "/api/staff/auth/login", { body: who, host, remoteAddress: nextLoginAddress() });
  if (res.status !== 200) throw new Error(`staff login failed: ${res.status} ${JSON.stringify(res.body)}`);
  return cookieFrom(res);
}

let seq = 0;
export async function makeAccount(t: TestApp, staff: string, v: Record<string, unknown> = {}, host?: string) {
  const res = await call(t, "POST", "/api/staff/accounts", { cookie: staff, body: { name: `Account ${++seq}`, ...v }, host });
  if (res.status !== 200) throw new Error(`create account: ${JSON.stringify(res.body)}`);
  return res.body as { id: string; name: string };
}

export interface JobDto {
  id: string;
  accountId: string;
  number: string;
  name: string;
  isDefault: boolean;
  visibleInPortal: boolean;
  customersAddTickets: boolean;
  contact: { id: string; name: string } | null;
}

/**
 * JOB-1: the default job every account is created with. `v` edits it as staff would (number, name, flags), for a
 * test that wants the account's first job to look a certain way.
 */
export async function defaultJob(t: TestApp, staff: string, accountId: string, v: Record<string, unknown> = {}, host?: string) {
  const list = await call(t, "GET", `/api/staff/accounts/${accountId}/jobs`, { cookie: staff, host });
  const job = (list.body.items as JobDto[]).find((j) => j.isDefault);
  if (!job) throw new Error(`account ${accountId} has no default job: ${JSON.stringify(list.body)}`);
  if (Object.keys(v).length === 0) return job;
  const res = await call(t, "PATCH", `/api/staff/jobs/${job.id}`, { cookie: staff, body: v, host });
  if (res.status !== 200) throw new Error(`edit default job: ${JSON.stringify(res.body)}`);
  return res.body as JobDto;
}

export async function makeContact(t: TestApp, staff: string, accountIds: string[], v: Record<string, unknown> = {}, host?: string) {
  const n = ++seq;
  const res = await call(t, "POST", "/api/staff/contacts", {
    cookie: staff,
    host,
    body: { firstName: "Pat", lastName: `Person${n}`, email: `pat${n}@client.test`, accountIds, ...v },
  });
  if (res.status !== 200) throw new Error(`create contact: ${JSON.stringify(res.body)}`);
  return res.body as { id: string; email: string };
}

/** The set-password token from the newest email to this address in the outbox. */
export async function lastLinkTo(t: TestApp, email: string, staff: string, host?: string) {
  const list = await call(t, "GET", `/api/staff/emails?q=${encodeURIComponent(email)}`, { cookie: staff, host });
  const newest = list.body.items[0];
  if (!newest) throw new Error(`no email to ${email}`);
  const detail = await call(t, "GET", `/api/staff/emails/${newest.id}`, { cookie: staff, host });
  const m = /token=([A-Za-z0-9_-]+)/.exec(detail.body.textBody);
  if (!m) throw new Error("no link in email");
  return m[1];
}

export const PORTAL_PASSWORD = "a-long-enough-passphrase-42";

/** Staff grants access; the contact sets a password by the emailed link and signs in. */
export async function activeContact(t: TestApp, staff: string, accountIds: string[], v: Record<string, unknown> = {}, host?: string) {
  const contact = await makeContact(t, staff, accountIds, v, host);
  const g = await call(t, "POST", `/api/staff/contacts/${contact.id}/portal-access`, { cookie: staff, body: {}, host });
  if (g.status !== 200) throw new Error(`grant: ${JSON.stringify(g.body)}`);
  const token = await lastLinkTo(t, contact.email, staff, host);
  const s = await call(t, "POST", "/api/portal/auth/set-password", { body: { token, password: PORTAL_PASSWORD }, host });
  if (s.status !== 200) throw new Error(`set password: ${JSON.stringify(s.body)}`);
  const login = await call(t, "POST", "/api/portal/auth/login", { body: { username: contact.email, password: PORTAL_PASSWORD }, host });
  if (login.status !== 200) throw new Error(`login: ${JSON.stringify(login.body)}`);
  return { ...contact, cookie: cookieFrom(login) };
}

/** The body of an answer that must be 200 (the assertion shows the body when it is not). */
export async function ok<T = any>(p: Promise<{ status: number; body: any }>): Promise<T> {
  const r = await p;
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body as T;
}

let uniqSeq = 0;
/** A short unique suffix for names a test makes. */
export const uniq = () => `${++uniqSeq}-${Math.random().toString(36).slice(2, 7)}`;
