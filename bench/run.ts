/**
 * npm run bench: Portico's hot endpoints against two baselines measured in the same run —
 * a bare Fastify hello-world and one indexed LIMIT 25 query through pg — on PostgreSQL and on PGlite.
 * BENCH_DURATION (seconds per measurement, default 10), BENCH_TARGETS (pg,pglite), DATABASE_URL (PostgreSQL server).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import os from "node:os";
import { createInterface } from "node:readline";
import autocannon from "autocannon";
import pg from "pg";
import { buildWebIfNeeded } from "../src/server/web-build.js";

const duration = Number(process.env.BENCH_DURATION ?? 10);
const targets = (process.env.BENCH_TARGETS ?? "pg,pglite").split(",");
const serverUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const CONNECTIONS = 32;
const BIG = { pg: 1_000_000, pglite: 100_000 } as Record<string, number>;

interface Child {
  proc: ChildProcess;
  next(): Promise<Record<string, unknown>>;
  send(line: string): void;
}

function start(script: string, args: string[], env: Record<string, string>): Child {
  const proc = spawn(process.execPath, ["--import", "tsx", script, ...args], { env: { ...process.env, ...env }, stdio: ["pipe", "pipe", "inherit"] });
  const lines = createInterface({ input: proc.stdout! })[Symbol.asyncIterator]();
  return {
    proc,
    async next() {
      const { value, done } = await lines.next();
      if (done) throw new Error(`${script} exited`);
      return JSON.parse(value);
    },
    send: (line) => proc.stdin!.write(`${line}\n`),
  };
}

interface Row {
  target: string;
  endpoint: string;
  /** Requests per second, or pages per second when `unit` says so. */
  rps: number;
  unit?: "pages/s";
  p50: number;
  p99: number;
  errors: number;
}
const rows: Row[] = [];

async function measure(target: string, endpoint: string, url: string, cookie?: string) {
  const opts = { url, connections: CONNECTIONS, pipelining: 1, headers: cookie ? { cookie } : {} };
  await autocannon({ ...opts, duration: 2 });
  const r = await autocannon({ ...opts, duration });
  const row = { target, endpoint, rps: Math.round(r.requests.average), p50: r.latency.p50, p99: r.latency.p99, errors: r.non2xx + r.errors + r.timeouts };
  rows.push(row);
  console.log(`${target.padEnd(8)} ${endpoint.padEnd(44)} ${String(row.rps).padStart(7)} req/s  p50 ${row.p50} ms  p99 ${row.p99} ms${row.errors ? `  ERRORS ${row.errors}` : ""}`);
}

/**
 * A whole page as a browser loads it: its HTML, then the API calls it makes (each connection runs them in turn).
 * Reported in pages/s; the latencies are those of the page's single requests.
 */
async function measurePage(target: string, endpoint: string, paths: string[], base: string, cookie: string) {
  const opts = { url: base, connections: CONNECTIONS, pipelining: 1, headers: { cookie }, requests: paths.map((path) => ({ method: "GET" as const, path })) };
  await autocannon({ ...opts, duration: 2 });
  const r = await autocannon({ ...opts, duration });
  const row = { target, endpoint, rps: Math.round(r.requests.average / paths.length), p50: r.latency.p50, p99: r.latency.p99, errors: r.non2xx + r.errors + r.timeouts, unit: "pages/s" as const };
  rows.push(row);
  console.log(`${target.padEnd(8)} ${endpoint.padEnd(44)} ${String(row.rps).padStart(7)} pages/s  p50 ${row.p50} ms  p99 ${row.p99} ms${row.errors ? `  ERRORS ${row.errors}` : ""}`);
}

async function benchTarget(target: string) {
  const env: Record<string, string> = target === "pg" ? { BENCH_DATABASE_URL: benchDbUrl } : {};
  console.log(`\n[${target}] generating 10,000 accounts and 50,000 contacts…`);
  const server = start("bench/server.ts", [], env);
  const ready = (await server.next()) as { port: number; cookies: Record<string, string>; tenantId: string; seconds: number };
  console.log(`[${target}] data ready in ${ready.seconds}s`);
  const base = `http://127.0.0.1:${ready.port}`;
  if (target === "pg") {
    const queryBaseline = start("bench/baseline.ts", ["query"], { BENCH_DATABASE_URL: benchDbUrl, BENCH_TENANT_ID: ready.tenantId });
    const q = (await queryBaseline.next()) as { port: number };
    await measure("pg", "baseline: one indexed query through pg", `http://127.0.0.1:${q.port}/`);
    queryBaseline.proc.kill();
  }
  await measure(target, "GET /api/portal/me", `${base}/api/portal/me`, ready.cookies.manager);
  await measure(target, "GET /api/staff/contacts?portalStatus=active (25)", `${base}/api/staff/contacts?portalStatus=active&pageSize=25`, ready.cookies.staff);
  for (const n of [10_000, BIG[target]]) {
    server.send(`tickets ${n}`);
    const t = (await server.next()) as { seconds: number };
    console.log(`[${target}] ${n.toLocaleString("en")} tickets ready (+${t.seconds}s)`);
    const label = n >= 1_000_000 ? `${n / 1_000_000}M` : `${n / 1000}k`;
    await measure(target, `portal tickets (25) as Manager, ${label} tickets`, `${base}/api/portal/tickets?pageSize=25`, ready.cookies.manager);
    await measure(target, `portal tickets (25) as User, ${label} tickets`, `${base}/api/portal/tickets?pageSize=25`, ready.cookies.user);
    if (n === 10_000) {
      const page = ["/portal/tickets", "/api/portal/me", "/api/portal/tickets?pageSize=25"];
      await measurePage(target, `portal tickets page (HTML + 2 API calls) as Manager, ${label} tickets`, page, base, ready.cookies.manager);
    }
  }
  server.send("quit");
  await new Promise((r) => server.proc.on("exit", r));
}

const benchDbUrl = (() => {
  const u = new URL(serverUrl);
  u.pathname = "/portico_bench";
  return u.toString();
})();

async function main() {
  const started = Date.now();
  console.log(`Portico benchmark — ${os.cpus().length} cores, Node ${process.version}, ${CONNECTIONS} connections, ${duration}s per measurement`);
  buildWebIfNeeded();
  const hello = start("bench/baseline.ts", ["hello"], {});
  const h = (await hello.next()) as { port: number };
  await measure("-", "baseline: bare Fastify hello-world", `http://127.0.0.1:${h.port}/`);
  hello.proc.kill();
  if (targets.includes("pg")) {
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query("drop database if exists portico_bench with (force)");
    await admin.query("create database portico_bench");
    await admin.end();
    await benchTarget("pg");
  }
  if (targets.includes("pglite")) await benchTarget("pglite");
  report(Math.round((Date.now() - started) / 1000));
}

function report(seconds: number) {
  const floor = rows.find((r) => r.endpoint.startsWith("baseline: one indexed"))?.rps;
  const p50Of = (target: string, endpoint: string) => rows.find((r) => r.target === target && r.endpoint === endpoint)?.p50;
  const lines = [
    `Measured ${new Date().toISOString().slice(0, 10)} on ${os.cpus().length} cores (${os.cpus()[0]?.model ?? "cpu"}), Node ${process.version}; load generator on the same machine; ${CONNECTIONS} connections, ${duration}s per row after a 2 s warm-up; whole run ${seconds}s.`,
    "",
    "| database | endpoint | req/s | p50 ms | p99 ms | ÷ one-query baseline | target (PostgreSQL: ≥ 0.5 and p99 ≤ 50 ms) |",
    "|---|---|---:|---:|---:|---:|---|",
  ];
  for (const r of rows) {
    const ratio = floor && !r.endpoint.startsWith("baseline") && !r.unit ? r.rps / floor : null;
    let verdict = "";
    if (r.target === "pg" && ratio !== null) {
      verdict = ratio >= 0.5 && r.p99 <= 50 ? "met" : "MISSED";
      const big = /as (Manager|User), 1M tickets/.exec(r.endpoint);
      if (big) {
        const small = p50Of("pg", r.endpoint.replace("1M tickets", "10k tickets"));
        const growth = small ? r.p50 / small : null;
        verdict += `; p50 1M ÷ 10k = ${growth?.toFixed(2)} (${growth !== null && growth <= 1.3 ? "met" : "MISSED"})`;
      }
    }
    if (r.errors) verdict += ` — ${r.errors} errors`;
    lines.push(`| ${r.target} | ${r.endpoint} | ${r.rps}${r.unit ? ` ${r.unit}` : ""} | ${r.p50} | ${r.p99} | ${ratio === null ? "—" : ratio.toFixed(2)} | ${verdict} |`);
  }
  const md = lines.join("\n");
  console.log(`\n${md}`);
  writeFileSync("bench/results.md", `# Latest benchmark\n\n${md}\n`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
