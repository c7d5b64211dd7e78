import { and, asc, eq, getTableColumns, isNull, ne, notInArray, type SQL, sql } from "drizzle-orm";
import type { Executor } from "../../db/client.js";
import { containing, keyedPage } from "../../db/paging.js";
import {
  accountContacts,
  accounts,
  type ContractStatus,
  type ContractType,
  contacts,
  contractAlerts,
  contractEvents,
  contracts,
  invoices,
  jobs,
  portalRoles,
  staffUsers,
  tickets,
  timeEntries,
} from "../../db/schema/index.js";
import { assertTenant, inTenant } from "../../db/tenant-scope.js";
import type { PortalAccountDocumentScope } from "../../policy/policy.js";

export type ContractRow = typeof contracts.$inferSelect;
export type ContractView = ContractRow & { accountName: string; jobCount: number };
export type ContractEventRow = typeof contractEvents.$inferSelect;

const jobCount = sql<number>`(select count(*)::int from jobs j where j.tenant_id = "contracts"."tenant_id" and j.contract_id = "contracts"."id")`;
const view = { ...getTableColumns(contracts), accountName: accounts.name, jobCount };

export interface ContractFilter {
  accountId?: string;
  status?: ContractStatus;
  type?: ContractType;
  q?: string;
  page: number;
  pageSize: number;
}

/** CON-1 the staff list: by account, then name. */
export async function listContracts(db: Executor, tenantId: string, f: ContractFilter) {
  const $ = sql.placeholder;
  const where = () => {
    const w: SQL[] = [eq(contracts.tenantId, $("tenantId"))];
    if (f.accountId) w.push(eq(contracts.accountId, $("accountId")));
    if (f.status) w.push(eq(contracts.status, $("status")));
    if (f.type) w.push(eq(contracts.type, $("type")));
    if (f.q) w.push(sql`(lower(${contracts.name}) like ${$("like")} or lower(${contracts.reference}) like ${$("like")} or lower(${accounts.name}) like ${$("like")})`);
    return w;
  };
  const page = await keyedPage(
    db,
    {
      shape: `contracts ${[f.accountId, f.status, f.type, f.q].map(Boolean).join(",")}`,
      values: { tenantId: assertTenant(tenantId), accountId: f.accountId, status: f.status, type: f.type, like: f.q ? containing(f.q) : undefined },
      matching: (fields) => db.select(fields).from(contracts).innerJoin(accounts, eq(accounts.id, contracts.accountId)).where(and(...where())).$dynamic(),
      id: contracts.id,
      keys: [
        { by: sql`lower(${accounts.name})`, dir: "asc" },
        { by: sql`lower(${contracts.name})`, dir: "asc" },
        { by: contracts.id, dir: "asc" },
      ],
      page: f.page,
      pageSize: f.pageSize,
    },
    (p) => db.select({ ...view, n: p.n }).from(p.from).innerJoin(contracts, eq(contracts.id, p.id)).innerJoin(accounts, eq(accounts.id, contracts.accountId)).$dynamic(),
  );
  return { ...page, items: page.items as ContractView[] };
}

export async function getContract(db: Executor, tenantId: string, id: string): Promise<ContractView | undefined> {
  const rows = await db
    .select(view)
    .from(contracts)
    .innerJoin(accounts, eq(accounts.id, contracts.accountId))
    .where(and(inTenant(contracts.tenantId, tenantId), eq(contracts.id, id)));
  return rows[0];
}

/**
 * Takes the contract's row lock: its prepaid-hours checks run one after the other, each seeing the time the one before
 * it committed. NO KEY UPDATE leaves jobs free to point at the contract meanwhile. With `skipLocked`, false when
 * another transaction holds it (a sweep leaves that contract to its holder).
 */
export async function lockContract(db: Executor, tenantId: string, id: string, skipLocked = false) {
  const r = await db.execute(
    sql`select id from contracts where tenant_id = ${assertTenant(tenantId)} and id = ${id} for no key update ${skipLocked ? sql`skip locked` : sql``}`,
  );
  return (r as unknown as { rows: unknown[] }).rows.length === 1;
}

export async function insertContract(db: Executor, tenantId: string, v: Omit<typeof contracts.$inferInsert, "tenantId" | "id">) {
  const [row] = await db.insert(contracts).values({ ...v, tenantId: assertTenant(tenantId) }).returning({ id: contracts.id });
  return row.id;
}

export async function updateContract(db: Executor, tenantId: string, id: string, v: Partial<Omit<ContractRow, "id" | "tenantId" | "accountId" | "createdAt">>) {
  await db.update(contracts).set(v).where(and(inTenant(contracts.tenantId, tenantId), eq(contracts.id, id)));
}

/**
 * The account's default contract stops being it (at most one per account): serialised per account, so two contracts
 * made the default at once are taken one after the other. Returns the ids that were the default.
 */
export async function clearDefaultContract(db: Executor, tenantId: string, accountId: string, at: Date) {
  await db.execute(sql`select pg_advisory_xact_lock(7242010, hashtext(${assertTenant(tenantId)} || ${accountId}))`);
  const rows = await db
    .update(contracts)
    .set({ isDefault: false, updatedAt: at })
    .where(and(inTenant(contracts.tenantId, tenantId), eq(contracts.accountId, accountId), eq(contracts.isDefault, true)))
    .returning({ id: contracts.id });
  return rows.map((r) => r.id);
}

export async function insertEvent(db: Executor, tenantId: string, v: Omit<typeof contractEvents.$inferInsert, "tenantId" | "id" | "seq">) {
  await db.insert(contractEvents).values({ ...v, tenantId: assertTenant(tenantId) });
}

export const listEvents = (db: Executor, tenantId: string, contractId: string): Promise<ContractEventRow[]> =>
  db
    .select()
    .from(contractEvents)
    .where(and(inTenant(contractEvents.tenantId, tenantId), eq(contractEvents.contractId, contractId)))
    .orderBy(asc(contractEvents.seq));

export type ContractJobRow = { id: string; number: string; name: string; status: "active" | "closed"; visibleInPortal: boolean; managerId: string | null; managerName: string | null };

export const listContractJobs = (db: Executor, tenantId: string, contractId: string): Promise<ContractJobRow[]> =>
  db
    .select({ id: jobs.id, number: jobs.number, name: jobs.name, status: jobs.status, visibleInPortal: jobs.visibleInPortal, managerId: jobs.managerStaffId, managerName: staffUsers.name })
    .from(jobs)
    .leftJoin(staffUsers, eq(staffUsers.id, jobs.managerStaffId))
    .where(and(inTenant(jobs.tenantId, tenantId), eq(jobs.contractId, contractId)))
    .orderBy(asc(jobs.number), asc(jobs.id));

/** The account's jobs with the contract each is under now. */
export const listAccountJobs = (db: Executor, tenantId: string, accountId: string) =>
  db
    .select({ id: jobs.id, number: jobs.number, name: jobs.name, contractId: jobs.contractId, contractName: contracts.name })
    .from(jobs)
    .leftJoin(contracts, eq(contracts.id, jobs.contractId))
    .where(and(inTenant(jobs.tenantId, tenantId), eq(jobs.accountId, accountId)))
    .orderBy(asc(jobs.number), asc(jobs.id));

/** A job, its account and its contract; `forUpdate` locks it (the lock a time-entry change takes first). */
export async function getJobForLink(db: Executor, tenantId: string, jobId: string, forUpdate = false) {
  if (forUpdate) await db.execute(sql`select 1 from jobs where tenant_id = ${assertTenant(tenantId)} and id = ${jobId} for update`);
  const rows = await db
    .select({ id: jobs.id, accountId: jobs.accountId, number: jobs.number, name: jobs.name, contractId: jobs.contractId })
    .from(jobs)
    .where(and(inTenant(jobs.tenantId, tenantId), eq(jobs.id, jobId)));
  return rows[0];
}

export async function setJobContract(db: Executor, tenantId: string, jobId: string, contractId: string | null) {
  await db.update(jobs).set({ contractId }).where(and(inTenant(jobs.tenantId, tenantId), eq(jobs.id, jobId)));
}

/** The active retainer by hours a job's time counts against, if any. */
export async function retainerOfJob(db: Executor, tenantId: string, jobId: string) {
  const rows = await db
    .select({ id: contracts.id })
    .from(jobs)
    .innerJoin(contracts, eq(contracts.id, jobs.contractId))
    .where(and(inTenant(jobs.tenantId, tenantId), eq(jobs.id, jobId), eq(contracts.tenantId, tenantId), eq(contracts.type, "retainer_hours"), eq(contracts.status, "active")));
  return rows[0]?.id ?? null;
}

/** CON-1 fixed price: the grand totals of the invoices issued under the contract (drafts and void ones do not count). */
export async function invoicedAmount(db: Executor, tenantId: string, contractId: string) {
  const [r] = await db
    .select({ total: sql<string>`coalesce(sum(${invoices.grandTotal}), 0)::text` })
    .from(invoices)
    .where(and(inTenant(invoices.tenantId, tenantId), eq(invoices.contractId, contractId), notInArray(invoices.status, ["draft", "void"])));
  return r.total;
}

const workDay = (timeZone: string) => sql`(${timeEntries.startedAt} at time zone ${timeZone})::date`;
const contractWork = (tenantId: string, contractId: string, from: string, to: string | null, timeZone: string) =>
  and(
    inTenant(timeEntries.tenantId, tenantId),
    eq(jobs.tenantId, tenantId),
    eq(jobs.contractId, contractId),
    eq(timeEntries.billable, true),
    sql`${workDay(timeZone)} >= ${from}::date`,
    to ? sql`${workDay(timeZone)} <= ${to}::date` : undefined,
  );

/** Billable hours per work day (in the time zone) on the tickets of the contract's jobs, from `from` to `to` inclusive. */
export async function dailyHours(db: Executor, tenantId: string, contractId: string, from: string, to: string, timeZone: string) {
  const day = sql<string>`to_char(${workDay(timeZone)}, 'YYYY-MM-DD')`;
  return db
    .select({ day, hours: sql<string>`sum(${timeEntries.hours})::text` })
    .from(timeEntries)
    .innerJoin(tickets, eq(tickets.id, timeEntries.ticketId))
    .innerJoin(jobs, eq(jobs.id, tickets.jobId))
    .where(contractWork(tenantId, contractId, from, to, timeZone))
    // By position: the day's expression carries the time zone as a parameter, and two parameters never compare equal.
    .groupBy(sql`1`)
    .orderBy(sql`1`);
}

/** Each billable entry on the contract's jobs from `from` (to `to`, if given) with the rate it bills at: the job's, else the staff member's. */
export async function pricedWork(db: Executor, tenantId: string, contractId: string, from: string, to: string | null, timeZone: string) {
  return db
    .select({ hours: sql<string>`${timeEntries.hours}::text`, rate: sql<string | null>`coalesce(${jobs.billingRate}, ${staffUsers.hourlyRate})::text` })
    .from(timeEntries)
    .innerJoin(tickets, eq(tickets.id, timeEntries.ticketId))
    .innerJoin(jobs, eq(jobs.id, tickets.jobId))
    .innerJoin(staffUsers, eq(staffUsers.id, timeEntries.staffId))
    .where(contractWork(tenantId, contractId, from, to, timeZone));
}

/** The policy's portal contract scope (policy.ts `portalContractScope`, `withinPortalDocumentScope`) written in SQL. */
const inPortalScope = (tenantId: string, scope: PortalAccountDocumentScope) =>
  and(inTenant(contracts.tenantId, tenantId), eq(contracts.accountId, scope.accountId), ne(contracts.status, "draft"));

/** CON-1 the account's contracts a contact reads: the default first, then by start date, newest first. */
export const listPortalContracts = (db: Executor, tenantId: string, scope: PortalAccountDocumentScope): Promise<ContractView[]> =>
  db
    .select(view)
    .from(contracts)
    .innerJoin(accounts, eq(accounts.id, contracts.accountId))
    .where(inPortalScope(tenantId, scope))
    .orderBy(sql`${contracts.isDefault} desc`, sql`${contracts.startDate} desc`, asc(contracts.name), asc(contracts.id))
    .limit(200);

/** An alert for one threshold in one period, recorded once: false when it was already there. */
export async function insertAlert(db: Executor, tenantId: string, v: { contractId: string; periodStart: string; thresholdPercent: number; usedHours: string; sentAt: Date }) {
  const rows = await db
    .insert(contractAlerts)
    .values({ ...v, tenantId: assertTenant(tenantId) })
    .onConflictDoNothing({ target: [contractAlerts.tenantId, contractAlerts.contractId, contractAlerts.periodStart, contractAlerts.thresholdPercent] })
    .returning({ id: contractAlerts.id });
  return rows.length === 1;
}

export const listAlerts = (db: Executor, tenantId: string, contractId: string, periodStart: string) =>
  db
    .select({ threshold: contractAlerts.thresholdPercent, sentAt: contractAlerts.sentAt })
    .from(contractAlerts)
    .where(and(inTenant(contractAlerts.tenantId, tenantId), eq(contractAlerts.contractId, contractId), eq(contractAlerts.periodStart, periodStart)))
    .orderBy(asc(contractAlerts.thresholdPercent));

/**
 * Who hears of a retainer's thresholds at the account: its client administrators who can sign in to the portal (active,
 * not archived, the account open to the portal) and whose portal role lets them read contracts, so the link works.
 */
export async function clientAdminRecipients(db: Executor, tenantId: string, accountId: string) {
  const rows = await db
    .select({ email: contacts.email, firstName: contacts.firstName })
    .from(accountContacts)
    .innerJoin(contacts, eq(contacts.id, accountContacts.contactId))
    .innerJoin(accounts, eq(accounts.id, accountContacts.accountId))
    .leftJoin(portalRoles, sql`${portalRoles.id} = coalesce(${accountContacts.portalRoleId}, ${accounts.portalRoleId})`)
    .where(
      and(
        inTenant(accountContacts.tenantId, tenantId),
        eq(accountContacts.accountId, accountId),
        eq(accountContacts.clientAdmin, true),
        eq(contacts.portalStatus, "active"),
        isNull(contacts.archivedAt),
        eq(accounts.portalEnabled, true),
        isNull(accounts.archivedAt),
        sql`'contracts.view' = any(${portalRoles.permissions})`,
      ),
    )
    .orderBy(asc(contacts.lastName), asc(contacts.firstName), asc(contacts.id));
  return rows.filter((r): r is { email: string; firstName: string } => !!r.email);
}

/** The managers of the contract's jobs (accounts have no manager of their own), those still able to sign in. */
/** The staff told of a retainer's thresholds: the account's manager and the managers of the contract's jobs, active ones. */
export async function staffRecipients(db: Executor, tenantId: string, contractId: string) {
  return db
    .selectDistinct({ email: staffUsers.email, name: staffUsers.name })
    .from(staffUsers)
    .where(
      and(
        inTenant(staffUsers.tenantId, tenantId),
        isNull(staffUsers.disabledAt),
        sql`(${staffUsers.id} in (select j.manager_staff_id from jobs j where j.tenant_id = ${tenantId} and j.contract_id = ${contractId})
          or ${staffUsers.id} = (select a.manager_staff_id from contracts c join accounts a on a.id = c.account_id and a.tenant_id = c.tenant_id where c.tenant_id = ${tenantId} and c.id = ${contractId}))`,
      ),
    );
}

/** The CON-1 sweep: active retainers by hours of every tenant; each row carries its tenant id, used for all that follows. */
export async function listActiveRetainers(db: Executor, after: string | null, limit: number) {
  return db
    .select({ id: contracts.id, tenantId: contracts.tenantId })
    .from(contracts)
    .where(and(eq(contracts.type, "retainer_hours"), eq(contracts.status, "active"), after ? sql`${contracts.id} > ${after}` : undefined))
    .orderBy(asc(contracts.id))
    .limit(limit);
}
