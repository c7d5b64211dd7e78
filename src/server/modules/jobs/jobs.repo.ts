import { and, asc, eq, getTableColumns, or, sql } from "drizzle-orm";
import type { Executor } from "../../db/client.js";
import { jobs } from "../../db/schema/index.js";
import type { PortalJobScope } from "../../policy/policy.js";
import { prepared } from "../../db/prepared.js";
import { assertTenant, inTenant } from "../../db/tenant-scope.js";

export type JobRow = typeof jobs.$inferSelect;
export type JobView = JobRow & { managerName: string | null; contactName: string | null };

const view = {
  ...getTableColumns(jobs),
  managerName: sql<string | null>`(select name from staff_users s where s.id = "jobs"."manager_staff_id")`,
  contactName: sql<string | null>`(select first_name || ' ' || last_name from contacts c where c.id = "jobs"."contact_id")`,
};

const defaultFirst = [sql`${jobs.isDefault} desc`, asc(jobs.number)];

export const listJobs = (db: Executor, tenantId: string, accountId: string): Promise<JobView[]> =>
  db
    .select(view)
    .from(jobs)
    .where(and(inTenant(jobs.tenantId, tenantId), eq(jobs.accountId, accountId)))
    .orderBy(...defaultFirst);

/** The policy's portal job scope (policy.ts `portalJobScope`, seen and open for tickets) written in SQL. */
const openForTickets = (scope: PortalJobScope) =>
  and(
    eq(jobs.tenantId, sql.placeholder("tenantId")),
    eq(jobs.accountId, sql.placeholder("accountId")),
    eq(jobs.visibleInPortal, true),
    scope.anyJob ? undefined : or(eq(jobs.isDefault, true), eq(jobs.contactId, sql.placeholder("contactId"))),
    eq(jobs.customersAddTickets, true),
    eq(jobs.status, "active"),
  );
const scopeValues = (tenantId: string, scope: PortalJobScope) => ({ tenantId: assertTenant(tenantId), accountId: scope.accountId, contactId: scope.contactId });

export const listJobsOpenForTickets = (db: Executor, tenantId: string, scope: PortalJobScope): Promise<JobView[]> =>
  prepared(db, `jobs open for tickets ${scope.anyJob}`, () => db.select(view).from(jobs).where(openForTickets(scope)).orderBy(...defaultFirst)).execute(
    scopeValues(tenantId, scope),
  );

/**
 * Whether any job is open to the scope, as a value of another statement (its values: the scope's `tenantId`,
 * `accountId`, `contactId`): what the ticket list needs to offer "Raise a ticket".
 */
export const anyJobOpenForTickets = (db: Executor, scope: PortalJobScope | null) =>
  scope ? sql<boolean>`exists (${db.select({ one: sql`1` }).from(jobs).where(openForTickets(scope))})` : sql<boolean>`false`;

export async function getJob(db: Executor, tenantId: string, id: string): Promise<JobView | undefined> {
  const rows = await db.select(view).from(jobs).where(and(inTenant(jobs.tenantId, tenantId), eq(jobs.id, id)));
  return rows[0];
}

export async function insertJob(db: Executor, tenantId: string, v: Omit<typeof jobs.$inferInsert, "tenantId" | "id">) {
  const [row] = await db.insert(jobs).values({ ...v, tenantId: assertTenant(tenantId) }).returning({ id: jobs.id });
  return row.id;
}

/**
 * JOB-1: the job an account is created with, so its customers can raise tickets from the first minute: named
 * after the account, open to customers, the account's default. Its number is the account number (or "JOB")
 * with the next free suffix; the lock keeps two accounts created at once from choosing the same one.
 */
export async function insertDefaultJob(db: Executor, tenantId: string, account: { id: string; name: string; number: string | null }) {
  await db.execute(sql`select pg_advisory_xact_lock(7242005, hashtext(${assertTenant(tenantId)}))`);
  const base = (account.number ?? "JOB").slice(0, 40);
  const escaped = base.toLowerCase().replace(/[.*+?^$()[\]{}|\\]/g, "\\$&");
  const pattern = `^${escaped}-([0-9]{1,9})$`;
  const [last] = await db
    .select({ n: sql<number>`coalesce(max(substring(lower(${jobs.number}) from ${pattern})::int), 0)` })
    .from(jobs)
    .where(inTenant(jobs.tenantId, tenantId));
  return insertJob(db, tenantId, { accountId: account.id, number: `${base}-${Number(last.n) + 1}`, name: account.name, isDefault: true, visibleInPortal: true, customersAddTickets: true });
}

export async function updateJob(db: Executor, tenantId: string, id: string, v: Partial<Omit<JobRow, "id" | "tenantId" | "accountId" | "createdAt">>) {
  await db.update(jobs).set(v).where(and(inTenant(jobs.tenantId, tenantId), eq(jobs.id, id)));
}

/** JOB-1: moves the account's default to this job in one statement pair inside the caller's transaction. */
export async function makeDefaultJob(db: Executor, tenantId: string, accountId: string, id: string) {
  await db.update(jobs).set({ isDefault: false }).where(and(inTenant(jobs.tenantId, tenantId), eq(jobs.accountId, accountId), eq(jobs.isDefault, true)));
  await db.update(jobs).set({ isDefault: true }).where(and(inTenant(jobs.tenantId, tenantId), eq(jobs.id, id)));
}

export async function countJobs(db: Executor, tenantId: string, accountId: string) {
  const [r] = await db.select({ n: sql<number>`count(*)::int` }).from(jobs).where(and(inTenant(jobs.tenantId, tenantId), eq(jobs.accountId, accountId)));
  return r.n;
}
