/**
 * Races forced into their worst interleaving. PGlite runs one transaction at a time, so these
 * only mean something on a PostgreSQL server: the test holds a row lock on its own connection,
 * waits until the contenders are all blocked behind it, then lets them go at once.
 */
import { sql } from "drizzle-orm";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { claimDueTasks, queueEmail } from "../../src/server/modules/email/outbox.repo.js";
import { activeContact, call, createTestApp, lastLinkTo, makeAccount, makeContact, PORTAL_PASSWORD, staffLogin, type TestApp } from "../harness.js";

const onServer = Boolean(process.env.DATABASE_URL);

describe.runIf(onServer)("races on PostgreSQL, forced interleaving", () => {
  let t: TestApp;
  let locker: pg.Client;
  let watcher: pg.Client;
  let dbName: string;

  beforeAll(async () => {
    t = await createTestApp();
    const r = (await t.c.deps.db.execute(sql`select current_database() as name`)) as unknown as { rows: { name: string }[] };
    dbName = r.rows[0].name;
    const u = new URL(process.env.DATABASE_URL!);
    u.pathname = `/${dbName}`;
    locker = new pg.Client({ connectionString: u.toString() });
    await locker.connect();
    // Watched from a connection of its own: inside the locker's transaction the activity view would be a snapshot.
    watcher = new pg.Client({ connectionString: u.toString() });
    await watcher.connect();
  });
  afterAll(async () => {
    await locker.end();
    await watcher.end();
    await t.close();
  });

  /** Backends of the test database (other than the locker) that wait on a lock. */
  async function waitingOnLocks() {
    const r = await watcher.query(
      "select count(*)::int as n from pg_stat_activity where datname = $1 and wait_event_type = 'Lock' and pid <> pg_backend_pid()",
      [dbName],
    );
    return r.rows[0].n as number;
  }

  it("ACC-3 two redemptions of one link that both read it before either writes: exactly one succeeds", async () => {
    const staff = await staffLogin(t);
    const a = await makeAccount(t, staff);
    const c = await makeContact(t, staff, [a.id]);
    expect((await call(t, "POST", `/api/staff/contacts/${c.id}/portal-access`, { cookie: staff, body: {} })).status).toBe(200);
    const token = await lastLinkTo(t, c.email, staff);

    await locker.query("begin");
    await locker.query("select id from auth_tokens where contact_id = $1 and used_at is null for update", [c.id]);
    const answers = [1, 2].map((i) => call(t, "POST", "/api/portal/auth/set-password", { body: { token, password: `${PORTAL_PASSWORD}-${i}` } }));
    // Both requests have looked at the link and now wait for the row: neither has used it yet.
    await vi.waitFor(async () => expect(await waitingOnLocks()).toBe(2), { timeout: 15_000, interval: 20 });
    await locker.query("commit");
    const statuses = (await Promise.all(answers)).map((r) => r.status).sort();
    expect(statuses).toEqual([200, 410]);
  });

  it("PLT-3 a worker skips rows another worker holds instead of waiting for them or taking them too", async () => {
    const ids: number[] = [];
    for (let i = 0; i < 6; i++) {
      await queueEmail(t.c.deps.db, t.tenantId, "ticket_activity", { to: `skip${i}@client.test`, portalName: "P", number: i, title: "T", account: "", headline: "H", text: "", link: "http://x/" }, t.clock.read());
    }
    const rows = await locker.query("select id from outbox where recipient like 'skip%' order by id");
    ids.push(...rows.rows.map((r: { id: string }) => Number(r.id)));
    expect(ids).toHaveLength(6);
    const ours = (claimed: { id: number }[]) => claimed.map((r) => Number(r.id)).filter((id) => ids.includes(id)).sort((x, y) => x - y);

    await locker.query("begin");
    await locker.query("select id from outbox where id = any($1::bigint[]) for update", [ids.slice(0, 3)]);
    try {
      const claim = claimDueTasks(t.c.deps.db, t.clock.read(), 60_000, 10, "worker-b");
      const verdict = await Promise.race([claim, new Promise<"blocked">((r) => setTimeout(() => r("blocked"), 5_000))]);
      expect(verdict, "the claim waited for rows another worker holds").not.toBe("blocked");
      expect(ours(verdict as { id: number }[])).toEqual(ids.slice(3));
    } finally {
      await locker.query("commit");
    }
    const rest = await claimDueTasks(t.c.deps.db, t.clock.read(), 60_000, 10, "worker-c");
    expect(ours(rest)).toEqual(ids.slice(0, 3));
  });

  it("TKT-1 a ticket raised while its contact is being renamed waits for the rename and shows the new name", async () => {
    const staff = await staffLogin(t);
    const a = await makeAccount(t, staff);
    const c = await activeContact(t, staff, [a.id], { firstName: "Before", lastName: "Rename" });

    await locker.query("begin");
    await locker.query("update contacts set first_name = 'After' where id = $1", [c.id]);
    const raised = call(t, "POST", "/api/portal/tickets", { cookie: c.cookie, body: { title: "Raised during a rename" } });
    try {
      // Reading the name it shows, the ticket waits for the rename in flight.
      await vi.waitFor(async () => expect(await waitingOnLocks()).toBe(1), { timeout: 15_000, interval: 20 });
    } finally {
      await locker.query("commit");
    }
    const ticket = await raised;
    expect(ticket.status).toBe(200);
    const rows = (await call(t, "GET", "/api/portal/tickets", { cookie: c.cookie })).body.items as { id: string; contact: { name: string } }[];
    expect(rows.find((r) => r.id === ticket.body.id)?.contact.name).toBe("After Rename");
  });

  it("ACC-9 a contact joining an account that is being renamed waits for the rename and is listed with the new name", async () => {
    const staff = await staffLogin(t);
    const a = await makeAccount(t, staff);
    const b = await makeAccount(t, staff, { name: "Before rename" });
    const c = await makeContact(t, staff, [a.id], { lastName: "Joiner" });

    await locker.query("begin");
    await locker.query("update accounts set name = 'After rename' where id = $1", [b.id]);
    const joined = call(t, "PATCH", `/api/staff/contacts/${c.id}`, { cookie: staff, body: { accountIds: [a.id, b.id] } });
    try {
      await vi.waitFor(async () => expect(await waitingOnLocks()).toBe(1), { timeout: 15_000, interval: 20 });
    } finally {
      await locker.query("commit");
    }
    expect((await joined).status).toBe(200);
    const rows = (await call(t, "GET", "/api/staff/contacts?q=Joiner", { cookie: staff })).body.items as { id: string; accounts: { id: string; name: string }[] }[];
    expect(rows.find((r) => r.id === c.id)?.accounts.find((x) => x.id === b.id)?.name).toBe("After rename");
  });
});
