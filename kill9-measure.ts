import { spawn } from "node:child_process";
import net from "node:net";
import pg from "pg";
import { SMTPServer } from "smtp-server";
const base = "postgres://postgres@127.0.0.1:5432";
const name = `portico_k9_${Date.now()}`;
const admin = new pg.Client({ connectionString: `${base}/postgres` });
await admin.connect();
await admin.query(`create database ${name}`);
const url = `${base}/${name}`;
const hang = net.createServer(() => {}); // accepts, never greets
await new Promise<void>((r) => hang.listen(0, "127.0.0.1", () => r()));
const hangPort = (hang.address() as net.AddressInfo).port;
const got: { to: string; at: number }[] = [];
const smtp = new SMTPServer({ authOptional: true, disabledCommands: ["STARTTLS", "AUTH"], onData(s, session, cb) { s.resume(); s.on("end", () => { for (const r of session.envelope.rcptTo) got.push({ to: r.address, at: Date.now() }); cb(); }); } });
await new Promise<void>((r) => smtp.listen(0, "127.0.0.1", () => r()));
const okPort = (smtp.server.address() as net.AddressInfo).port;
const worker = (smtpPort: number) => spawn(process.execPath, ["--import", "tsx", "src/server/main.ts", "--role=worker"], { cwd: "/work/main", env: { ...process.env, DATABASE_URL: url, SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, DATA_DIR: "/tmp/k9", LOG_LEVEL: "warn" }, stdio: "inherit" });
let w = worker(hangPort);
const db = new pg.Client({ connectionString: url });
for (let i = 0; i < 40; i++) { try { await db.connect(); break; } catch { await new Promise((r) => setTimeout(r, 500)); } }
for (;;) { const r = await db.query("select to_regclass('outbox') as t, (select count(*) from tenants) as n"); if (r.rows[0].t && Number(r.rows[0].n) > 0) break; await new Promise((r) => setTimeout(r, 300)); }
const tenant = (await db.query("select id from tenants limit 1")).rows[0].id;
for (let i = 0; i < 5; i++) await db.query(`insert into outbox (tenant_id, task, version, payload, recipient, template, next_attempt_at) values ($1, 'email.ticket_activity', 1, $2, $3, 'ticket_activity', now())`, [tenant, JSON.stringify({ to: `k${i}@client.test`, portalName: "P", number: i, title: "T", account: "", headline: "H", text: "", link: "http://x/" }), `k${i}@client.test`]);
for (;;) { const r = await db.query("select count(*)::int as n from outbox where status = 'sending'"); if (r.rows[0].n === 5) break; await new Promise((r) => setTimeout(r, 200)); }
await new Promise((r) => setTimeout(r, 2000));
w.kill("SIGKILL");
const killedAt = Date.now();
await new Promise((r) => setTimeout(r, 1000));
w = worker(okPort);
const restartedAt = Date.now();
while (got.length < 5 && Date.now() - restartedAt < 120_000) await new Promise((r) => setTimeout(r, 200));
console.log(JSON.stringify({ delivered: got.length, distinct: new Set(got.map((g) => g.to)).size, secondsAfterKill: (Math.max(...got.map((g) => g.at)) - killedAt) / 1000, secondsAfterRestart: (Math.max(...got.map((g) => g.at)) - restartedAt) / 1000 }));
w.kill("SIGTERM");
await new Promise((r) => setTimeout(r, 1500));
await db.end();
await admin.query(`drop database ${name} with (force)`);
await admin.end();
hang.close(); smtp.close();
process.exit(0);
