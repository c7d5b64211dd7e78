/**
 * The portal ticket list reads a page from the index, whatever the size of the account: its plan walks
 * (tenant, account, updated_at, id, job, contact) in order and stops after the page and its capped count, with no sort of
 * the account's tickets. PostgreSQL only: the plan is the one each connection keeps (plan_cache_mode).
 */
import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/node-postgres";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../src/server/db/client.js";
import * as schema from "../../src/server/db/schema/index.js";
import { listPortalTickets, type TicketFilter } from "../../src/server/modules/tickets/tickets.repo.js";
import { contactSessionCheck, sessionCheckValues } from "../../src/server/modules/sessions/sessions.repo.js";
import { createTestApp, type TestApp } from "../harness.js";

/** One large account among many small ones: an average account has few tickets, this one has many. */
const TICKETS_OF_LARGE_ACCOUNT = 6_000;
const SMALL_ACCOUNTS = 2_000;
const filter: TicketFilter = { open: "all", sort: "updated_desc", page: 1, pageSize: 25 };

interface PlanNode {
  "Node Type": string;
  "Index Name"?: string;
  "Relation Name"?: string;
  Plans?: PlanNode[];
}
/** Every node of a plan with its ancestors, nearest first. */
const nodes = (n: PlanNode, above: PlanNode[] = []): { node: PlanNode; above: PlanNode[] }[] => [
  { node: n, above },
  ...(n.Plans ?? []).flatMap((c) => nodes(c, [n, ...above])),
];

describe.runIf(process.env.DATABASE_URL)("TKT-1 the portal ticket list reads its page from the index", () => {
  let t: TestApp;
  let pool: pg.Pool;
  let ids: { accountId: string; contactId: string };
  const rows = async <T>(q: ReturnType<typeof sql>) => ((await t.c.deps.db.execute(q)) as unknown as { rows: T[] }).rows;

  beforeAll(async () => {
    t = await createTestApp();
    pool = (t.c.deps.db as unknown as { $client: pg.Pool }).$client;
    const tenantId = t.tenantId;
    const [role] = await rows<{ id: string }>(sql`select id from portal_roles where tenant_id = ${tenantId} and name = 'External User'`);
    const [status] = await rows<{ id: string }>(sql`select id from lookups where tenant_id = ${tenantId} and kind = 'status' order by sort limit 1`);
    // Account g has job g and contacts g and g + 1,000,000 (as ids of the form md5('…' || g)); account 0 is the large one.
    const run = (q: ReturnType<typeof sql>) => t.c.deps.db.execute(q);
    await run(sql`insert into accounts (id, tenant_id, name, portal_role_id)
      select md5('plan-account' || g)::uuid, ${tenantId}, 'Plan ' || g, ${role.id}::uuid from generate_series(0, ${SMALL_ACCOUNTS}) g`);
    await run(sql`insert into jobs (id, tenant_id, account_id, number, name, is_default)
      select md5('plan-job' || g)::uuid, ${tenantId}, md5('plan-account' || g)::uuid, 'PLAN-' || g, 'Support', true from generate_series(0, ${SMALL_ACCOUNTS}) g`);
    await run(sql`insert into contacts (id, tenant_id, first_name, last_name)
      select md5('plan-contact' || g)::uuid, ${tenantId}::uuid, 'C', 'Plan ' || g from generate_series(0, ${SMALL_ACCOUNTS}) g
      union all select md5('plan-contact' || (g + 1000000))::uuid, ${tenantId}::uuid, 'D', 'Plan ' || g from generate_series(0, ${SMALL_ACCOUNTS}) g`);
    await run(sql`insert into account_contacts (tenant_id, account_id, contact_id)
      select ${tenantId}, md5('plan-account' || g)::uuid, md5('plan-contact' || (g + k))::uuid from generate_series(0, ${SMALL_ACCOUNTS}) g, (values (0), (1000000)) v(k)`);
    // Two tickets for each small account, the large account's many, half by each of its contacts.
    await run(sql`insert into tickets (tenant_id, number, account_id, job_id, contact_id, title, details, status_id, created_via, created_at, updated_at)
      select ${tenantId}, n, md5('plan-account' || a)::uuid, md5('plan-job' || a)::uuid, md5('plan-contact' || (a + 1000000 * (n % 2)))::uuid,
        'Ticket ' || n, '', ${status.id}::uuid, 'portal', now() - (n || ' minutes')::interval, now() - (n || ' minutes')::interval
      from (select n, case when n <= ${TICKETS_OF_LARGE_ACCOUNT} then 0 else (n % ${SMALL_ACCOUNTS}) + 1 end as a
            from generate_series(1, ${TICKETS_OF_LARGE_ACCOUNT + 2 * SMALL_ACCOUNTS}) n) s`);
    await run(sql`analyze`);
    const [large] = await rows<{ accountId: string; contactId: string }>(sql`select md5('plan-account0')::uuid as "accountId", md5('plan-contact0')::uuid as "contactId"`);
    ids = large;
  });
  afterAll(() => t?.close());

  /** The list's statements as the repository writes them, and the plan this connection keeps for the page. */
  async function pagePlan(everyTicket: boolean) {
    const statements: { text: string; params: unknown[] }[] = [];
    const logged = drizzle(pool, { schema, logger: { logQuery: (text, params) => statements.push({ text, params }) } }) as unknown as Db;
    // The statement carries a session check and the "Raise a ticket" check; neither changes how the page is read.
    const check = { column: contactSessionCheck, values: sessionCheckValues("no-such-session", new Date(), new Date()) };
    const page = await listPortalTickets(logged, t.tenantId, { ...ids, everyTicket }, { ...ids, anyJob: everyTicket }, filter, check);
    expect(JSON.parse(page.itemsJson)).toHaveLength(25);
    const { text, params } = statements[0];
    const client = await pool.connect();
    try {
      await client.query(`prepare plan_check as ${text}`);
      const literal = (p: unknown) => (typeof p === "number" ? String(p) : `'${String(p).replace(/'/g, "''")}'`);
      const r = await client.query(`explain (format json) execute plan_check(${params.map(literal).join(", ")})`);
      await client.query("deallocate plan_check");
      return nodes((r.rows[0]["QUERY PLAN"] as { Plan: PlanNode }[])[0].Plan);
    } finally {
      client.release();
    }
  }

  for (const everyTicket of [true, false]) {
    it(`TKT-1 ${everyTicket ? "a manager's" : "a user's"} page walks the account's index in order, with no sort of its ${TICKETS_OF_LARGE_ACCOUNT} tickets`, async () => {
      const plan = await pagePlan(everyTicket);
      const ticketScans = plan.filter(({ node }) => node["Relation Name"] === "tickets");
      // The matching ids: the account's index, in order, straight into the LIMIT that caps them (a sort in
      // between would mean every ticket of the account is read first). Only the page's 25 rows are sorted after.
      // The index carries each ticket's job and contact, so the scope is checked without reading the tickets.
      const walk = ticketScans.find(({ node }) => node["Index Name"] === "tickets_account_updated_idx");
      expect(walk?.node["Node Type"]).toBe("Index Only Scan");
      const upToLimit = walk!.above.slice(0, walk!.above.findIndex((n) => n["Node Type"] === "Limit") + 1);
      expect(upToLimit.at(-1)?.["Node Type"]).toBe("Limit");
      expect(upToLimit.map((n) => n["Node Type"])).not.toContain("Sort");
      expect(ticketScans.map(({ node }) => node["Node Type"])).not.toContain("Bitmap Heap Scan");
    });
  }
});
