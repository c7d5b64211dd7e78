/**
 * The Portico under test, in its own process: opens the database (PostgreSQL by BENCH_DATABASE_URL, else
 * in-memory PGlite), loads the bench data, starts sessions and listens. It reports on stdout as JSON lines and
 * accepts "tickets <n>" on stdin to grow the ticket table.
 */
import { createInterface } from "node:readline";
import { buildApp } from "../src/server/app.js";
import { loadConfig } from "../src/server/config.js";
import { createContainer } from "../src/server/container.js";
import { openDatabase } from "../src/server/db/client.js";
import { hashPassword } from "../src/server/lib/passwords.js";
import { sql } from "drizzle-orm";
import { addTickets, generateBase } from "./dataset.js";

const say = (o: object) => process.stdout.write(`${JSON.stringify(o)}\n`);
const url = process.env.BENCH_DATABASE_URL;
const config = loadConfig({ DATA_DIR: "/tmp/portico-bench-files", LOG_LEVEL: "silent" } as NodeJS.ProcessEnv);
const database = await openDatabase(url ? { databaseUrl: url, poolSize: 10 } : {});
const c = await createContainer(config, { database });
const tenant = await c.services.tenants.ensureDefaultTenant();
const t0 = Date.now();
await generateBase(c.deps.db, tenant.id, await hashPassword("bench-password-123"));
const { staffId } = await c.services.staff.createFirstAdmin(tenant.id, { name: "Bench Admin", email: "admin@bench.test", password: "bench-admin-password" });
const manager = (await c.deps.db.execute(sql`select id from portal_roles where tenant_id = ${tenant.id} and name = 'External Manager'`)) as unknown as { rows: { id: string }[] };
// Contact 1 is External Manager of account 1; contact 10001 (also account 1) is External User.
await c.deps.db.execute(sql`update account_contacts set portal_role_id = ${manager.rows[0].id} where contact_id = md5('contact1')::uuid`);
const meta = { ip: "127.0.0.1", userAgent: "bench", previousToken: null };
const { startSession } = c.services.sessions;
const now = new Date();
const account1 = (await c.deps.db.execute(sql`select md5('account1')::uuid as id`)) as unknown as { rows: { id: string }[] };
const cookies = {
  staff: `portico_staff=${await startSession(c.deps.db, tenant.id, { kind: "staff", staffUserId: staffId }, meta, now)}`,
  manager: `portico_portal=${await startSession(c.deps.db, tenant.id, { kind: "contact", contactId: (await idOf("contact1")), currentAccountId: account1.rows[0].id }, meta, now)}`,
  user: `portico_portal=${await startSession(c.deps.db, tenant.id, { kind: "contact", contactId: (await idOf("contact10001")), currentAccountId: account1.rows[0].id }, meta, now)}`,
};
async function idOf(key: string) {
  const r = (await c.deps.db.execute(sql`select md5(${key})::uuid as id`)) as unknown as { rows: { id: string }[] };
  return r.rows[0].id;
}
let tickets = 0;
// The SPA too (run.ts builds it first): the benchmark loads the portal's tickets page as a browser does.
const app = await buildApp(c, { serveWeb: true });
await app.listen({ port: 0, host: "127.0.0.1" });
const port = (app.server.address() as { port: number }).port;
say({ ready: true, port, cookies, tenantId: tenant.id, seconds: (Date.now() - t0) / 1000 });

for await (const line of createInterface({ input: process.stdin })) {
  const [cmd, arg] = line.trim().split(" ");
  if (cmd === "tickets") {
    const target = Number(arg);
    const t1 = Date.now();
    await addTickets(c.deps.db, tenant.id, tickets + 1, target);
    tickets = target;
    say({ tickets, seconds: (Date.now() - t1) / 1000 });
  } else if (cmd === "quit") {
    await app.close();
    await c.close();
    process.exit(0);
  }
}
