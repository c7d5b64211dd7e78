/**
 * Portico as an operator runs it: a real process started the way the README says, stopped by a
 * signal under load, killed while sending email, started against a database that is not there, and started twice at once.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { startSmtp } from "../smtp.js";

const root = path.resolve(import.meta.dirname, "../..");
const children = new Set<ChildProcess>();
const folders: string[] = [];
afterAll(() => {
  for (const c of children) c.kill("SIGKILL");
  for (const f of folders) rmSync(f, { recursive: true, force: true });
});

interface Running {
  proc: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
  port: () => Promise<number>;
}

function withoutDatabaseUrl(env: NodeJS.ProcessEnv) {
  const { DATABASE_URL: _ignored, ...rest } = env;
  return rest;
}

function startPortico(command: string[], env: Record<string, string>): Running {
  const dataDir = mkdtempSync(path.join(tmpdir(), "portico-proc-"));
  folders.push(dataDir);
  const proc = spawn(command[0], command.slice(1), {
    cwd: root,
    // Never the test run's own DATABASE_URL: a process started here gets the embedded database unless told otherwise.
    env: { ...withoutDatabaseUrl(process.env), DATA_DIR: dataDir, HOST: "127.0.0.1", PORT: "0", LOG_LEVEL: "info", SERVE_WEB: "false", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.add(proc);
  let out = "";
  proc.stdout!.on("data", (b) => (out += b));
  proc.stderr!.on("data", (b) => (out += b));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    proc.on("exit", (code, signal) => {
      children.delete(proc);
      resolve({ code, signal, at: Date.now() });
    }),
  );
  const port = async () => {
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      const m = /Server listening at http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (m) return Number(m[1]);
      if (proc.exitCode !== null) throw new Error(`exited early:\n${out}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`did not start:\n${out}`);
  };
  return { proc, output: () => out, exited, port };
}

const node = [process.execPath, "--import", "tsx", "src/server/main.ts"];

function get(port: number, url: string, agent: http.Agent) {
  return new Promise<{ status: number; at: number } | { error: string; at: number }>((resolve) => {
    const req = http.get({ host: "127.0.0.1", port, path: url, agent }, (res) => {
      res.resume();
      res.on("end", () => resolve({ status: res.statusCode ?? 0, at: Date.now() }));
      res.on("error", (e: NodeJS.ErrnoException) => resolve({ error: e.code ?? e.message, at: Date.now() }));
    });
    req.on("error", (e: NodeJS.ErrnoException) => resolve({ error: e.code ?? e.message, at: Date.now() }));
  });
}

/** A staff client of a running Portico: signs in as the first administrator and sends JSON. */
async function staffClient(port: number, who: { email: string; password: string }) {
  const base = `http://127.0.0.1:${port}`;
  let cookie = "";
  const send = async (method: string, url: string, body?: unknown) => {
    const res = await fetch(base + url, {
      method,
      headers: { "content-type": "application/json", "x-portico-csrf": "1", cookie },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const set = res.headers.get("set-cookie");
    if (set) cookie = set.split(";")[0];
    const json = await res.json();
    if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  await send("POST", "/api/staff/auth/login", who);
  return send;
}

async function freshServerDatabase() {
  const name = `portico_proc_${randomBytes(5).toString("hex")}`;
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const u = new URL(process.env.DATABASE_URL!);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    async drop() {
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

const until = async (what: string, ok: () => boolean, ms: number) => {
  const deadline = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
};

const FIRST_ADMIN = { email: "first@portico.test", password: "a first admin password" };

/**
 * PLT-3: a worker killed (-9) while its SMTP server hangs mid-send leaves its emails claimed; after a restart every
 * one of them arrives, within `withinMs` of the new process listening.
 */
async function killedWhileSending(database: { DATABASE_URL?: string; DATA_DIR?: string }, withinMs: number) {
  const hanging = await startSmtp({ hang: () => true });
  const working = await startSmtp();
  try {
    const env = { ...database, ADMIN_EMAIL: FIRST_ADMIN.email, ADMIN_PASSWORD: FIRST_ADMIN.password };
    const first = startPortico(node, { ...env, SMTP_URL: hanging.url });
    const staff = await staffClient(await first.port(), FIRST_ADMIN);
    const account = await staff("POST", "/api/staff/accounts", { name: "Killed Ltd" });
    const emails = Array.from({ length: 6 }, (_, i) => `killed${i}@client.test`);
    for (const [i, email] of emails.entries()) {
      const c = await staff("POST", "/api/staff/contacts", { firstName: "Kim", lastName: `Killed${i}`, email, accountIds: [account.id] });
      await staff("POST", `/api/staff/contacts/${c.id}/portal-access`, {});
    }
    await until("the worker to be sending", () => hanging.hung.length >= 2, 20_000).catch(async (e) => {
      throw new Error(`${e.message}\n${JSON.stringify(await staff("GET", "/api/staff/emails")).slice(0, 1500)}\n${first.output().split("\n").filter((l) => !l.includes("request")).join("\n").slice(-3000)}`);
    });
    first.proc.kill("SIGKILL");
    await first.exited;

    const second = startPortico(node, { ...env, SMTP_URL: working.url });
    await second.port();
    const listening = Date.now();
    await until("every email to arrive", () => new Set(working.received.map((m) => m.to)).size === emails.length, withinMs).catch(async (e) => {
      const log = await (await staffClient(await second.port(), FIRST_ADMIN))("GET", "/api/staff/emails");
      throw new Error(`${e.message}: ${working.received.map((m) => m.to)}\n${JSON.stringify(log)}\n${second.output().split("\n").filter((l) => !l.includes("request")).join("\n").slice(-3000)}`);
    });
    const tookMs = Date.now() - listening;
    expect(new Set(working.received.map((m) => m.to))).toEqual(new Set(emails));
    second.proc.kill("SIGTERM");
    expect((await second.exited).code).toBe(0);
    return tookMs;
  } finally {
    await working.close();
    await hanging.close();
  }
}

describe("operating Portico", () => {
  it("PLT-4 SIGTERM to `npm start` under load: in-flight requests finish, no new request is served, the process exits within 10 s", async () => {
    const p = startPortico(["npm", "start", "--silent"], {});
    const port = await p.port();
    const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
    const results: Awaited<ReturnType<typeof get>>[] = [];
    let stop = false;
    const loops = Array.from({ length: 16 }, async () => {
      while (!stop) results.push(await get(port, "/api/portal/info", agent));
    });
    await new Promise((r) => setTimeout(r, 1_500));
    const servedBefore = results.filter((r) => "status" in r && r.status === 200).length;
    const signalledAt = Date.now();
    p.proc.kill("SIGTERM");
    const exit = await p.exited;
    stop = true;
    await Promise.all(loops);
    agent.destroy();

    expect(servedBefore, "the server was under load").toBeGreaterThan(20);
    expect(exit.code, p.output().slice(-2000)).toBe(0);
    expect(exit.at - signalledAt).toBeLessThan(10_000);
    const after = results.filter((r) => r.at > signalledAt + 1_000);
    expect(after.filter((r) => "status" in r && r.status === 200), "requests served a second after SIGTERM").toHaveLength(0);
    const cut = results.filter((r) => "error" in r && r.error !== "ECONNREFUSED" && r.at <= exit.at);
    expect(cut, "requests cut off while the server was stopping").toEqual([]);
    expect(p.output()).toMatch(/SIGTERM: stopping/);
  }, 120_000);

  it("PLT-4 started with its database unreachable, Portico retries for a while and then exits with one line naming DATABASE_URL", async () => {
    const started = Date.now();
    const p = startPortico([...node, "--role=worker"], { DATABASE_URL: "postgres://portico@127.0.0.1:9/nowhere", DATABASE_WAIT_SECONDS: "2" });
    const exit = await p.exited;
    expect(exit.code).toBe(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2_000);
    const lines = p.output().trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Portico cannot start: cannot reach the database at DATABASE_URL \(127\.0\.0\.1:9\/nowhere\) after 2 s: ECONNREFUSED$/);
  }, 60_000);

  it.runIf(Boolean(process.env.DATABASE_URL))("PLT-1 two instances started at the same moment on an empty database both come up, with one tenant and one administrator", async () => {
    const db = await freshServerDatabase();
    try {
      const env = { DATABASE_URL: db.url, ADMIN_EMAIL: FIRST_ADMIN.email, ADMIN_PASSWORD: FIRST_ADMIN.password };
      const both = [startPortico(node, env), startPortico(node, env)];
      const ports = await Promise.all(both.map((p) => p.port()));
      const agent = new http.Agent();
      for (const port of ports) expect(await get(port, "/api/health", agent)).toMatchObject({ status: 200 });
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      expect((await client.query("select count(*)::int as n from tenants")).rows[0].n).toBe(1);
      expect((await client.query("select count(*)::int as n from staff_users")).rows[0].n).toBe(1);
      await client.end();
      for (const p of both) p.proc.kill("SIGTERM");
      for (const p of both) expect((await p.exited).code).toBe(0);
    } finally {
      await db.drop();
    }
  }, 120_000);
});

describe("a worker killed while sending", () => {
  it("PLT-3 on the embedded database, a restart hands back what the killed run had claimed at once: every email arrives within 15 s", async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "portico-killed-"));
    folders.push(dataDir);
    const took = await killedWhileSending({ DATA_DIR: dataDir }, 15_000);
    expect(took).toBeLessThan(15_000);
  }, 120_000);

  it.runIf(Boolean(process.env.DATABASE_URL))(
    "PLT-3 on PostgreSQL, the killed worker's leases run out and every email arrives within 60 s of the restart",
    async () => {
      const db = await freshServerDatabase();
      try {
        const took = await killedWhileSending({ DATABASE_URL: db.url }, 60_000);
        expect(took).toBeLessThan(60_000);
      } finally {
        await db.drop();
      }
    },
    150_000,
  );
});
