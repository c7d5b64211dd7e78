/** Bench data, set-based: 10,000 accounts, 50,000 contacts (five per account), one default job each, and N tickets. */
import { sql } from "drizzle-orm";
import type { Db } from "../src/server/db/client.js";

export const ACCOUNTS = 10_000;
export const CONTACTS = 50_000;

const run = (db: Db, q: ReturnType<typeof sql>) => db.execute(q);

export async function generateBase(db: Db, tenantId: string, passwordHash: string) {
  const roles = (await db.execute(sql`select id, name from portal_roles where tenant_id = ${tenantId}`)) as unknown as { rows: { id: string; name: string }[] };
  const user = roles.rows.find((r) => r.name === "External User")!.id;
  await run(db, sql`
    insert into accounts (id, tenant_id, name, number, portal_role_id)
    select md5('account' || g)::uuid, ${tenantId}, 'Account ' || g, 'A' || g, ${user}::uuid from generate_series(1, ${ACCOUNTS}) g`);
  // Contact g belongs to account ((g - 1) % 10000) + 1. 40% active, 10% invited, 5% disabled, the rest without access.
  await run(db, sql`
    insert into contacts (id, tenant_id, first_name, last_name, email, portal_status, portal_username, password_hash)
    select md5('contact' || g)::uuid, ${tenantId}, 'First' || g, 'Last' || lpad((g % 9973)::text, 4, '0'), 'c' || g || '@bench.test',
      case when g % 20 < 8 then 'active' when g % 20 < 10 then 'invited' when g % 20 = 10 then 'disabled' else 'not_enabled' end,
      case when g % 20 <= 10 then 'c' || g || '@bench.test' end,
      case when g % 20 < 8 then ${passwordHash} end
    from generate_series(1, ${CONTACTS}) g`);
  await run(db, sql`
    insert into account_contacts (tenant_id, account_id, contact_id)
    select ${tenantId}, md5('account' || (((g - 1) % ${ACCOUNTS}) + 1))::uuid, md5('contact' || g)::uuid from generate_series(1, ${CONTACTS}) g`);
  await run(db, sql`
    insert into jobs (id, tenant_id, account_id, number, name, is_default)
    select md5('job' || a)::uuid, ${tenantId}, md5('account' || a)::uuid, 'J' || a, 'Support ' || a, true from generate_series(1, ${ACCOUNTS}) a`);
  // Tables of this size in use have been vacuumed (autovacuum): the contacts' list rows were written again as they
  // joined their accounts, and their pages are marked all-visible.
  await run(db, sql`vacuum analyze`);
}

/**
 * Adds tickets numbered from..to, spread evenly over accounts and their five contacts, except the first 250:
 * those are account 1's, so the lists measured there show a full page (25 rows) at every size.
 */
export async function addTickets(db: Db, tenantId: string, from: number, to: number) {
  const status = (await db.execute(sql`select id from lookups where tenant_id = ${tenantId} and kind = 'status' order by sort limit 1`)) as unknown as { rows: { id: string }[] };
  const statusId = status.rows[0].id;
  for (let start = from; start <= to; start += 100_000) {
    const end = Math.min(to, start + 99_999);
    await run(db, sql`
      insert into tickets (tenant_id, number, account_id, job_id, contact_id, title, details, status_id, created_via, created_at, updated_at)
      select ${tenantId}, i, md5('account' || a)::uuid, md5('job' || a)::uuid,
        md5('contact' || (a + ${ACCOUNTS} * ((case when i <= 250 then i else i / ${ACCOUNTS} end) % 5)))::uuid,
        'Ticket ' || i, 'Details of ticket ' || i, ${statusId}::uuid, 'portal',
        now() - (i || ' seconds')::interval, now() - (i || ' seconds')::interval
      from (select i, case when i <= 250 then 1 else ((i - 1) % ${ACCOUNTS}) + 1 end as a from generate_series(${start}::int, ${end}::int) i) s`);
  }
  // A table of this size in use has been vacuumed (autovacuum), so its pages are marked all-visible.
  await run(db, sql`vacuum analyze tickets`);
}
