import { and, asc, desc, eq, getTableColumns, inArray, isNull, or, type SQL, sql } from "drizzle-orm";
import type { Executor } from "../../db/client.js";
import { accounts, approvalEvents, approvalLines, approvalRequests, type ApprovalStatus, contacts, jobs, staffUsers, tickets, timeEntries } from "../../db/schema/index.js";
import { assertTenant, inTenant } from "../../db/tenant-scope.js";
import type { PortalApprovalScope } from "../../policy/policy.js";
import type { ApprovalJobStatus } from "../../../shared/approvals-api.js";

export type ApprovalRequestRow = typeof approvalRequests.$inferSelect;
export type ApprovalLineRow = typeof approvalLines.$inferSelect;
export type ApprovalEventRow = typeof approvalEvents.$inferSelect;

const latest = sql`(select r.id from approval_requests r where r.job_id = "jobs"."id" order by r.version desc limit 1)`;
/** The approval screen's status of a job (APR-3), from its latest version. */
const screenStatus = sql<ApprovalJobStatus>`coalesce((select case when r.status in ('superseded', 'reopened') then 'not_sent' else r.status end
  from approval_requests r where r.job_id = "jobs"."id" order by r.version desc limit 1), 'not_sent')`;

const jobView = {
  jobId: jobs.id,
  jobNumber: jobs.number,
  jobName: jobs.name,
  accountId: jobs.accountId,
  accountName: accounts.name,
  contactId: jobs.contactId,
  contactName: sql<string | null>`(select c.first_name || ' ' || c.last_name from contacts c where c.id = "jobs"."contact_id")`,
  contactEmail: sql<string | null>`(select c.email from contacts c where c.id = "jobs"."contact_id")`,
  contactFirstName: sql<string | null>`(select c.first_name from contacts c where c.id = "jobs"."contact_id")`,
  contactPortalStatus: sql<string | null>`(select c.portal_status from contacts c where c.id = "jobs"."contact_id")`,
  /** The job contact still belongs to the job's account. */
  contactInAccount: sql<boolean>`exists (select 1 from account_contacts ac where ac.account_id = "jobs"."account_id" and ac.contact_id = "jobs"."contact_id")`,
  managerId: jobs.managerStaffId,
  managerName: sql<string | null>`(select s.name from staff_users s where s.id = "jobs"."manager_staff_id")`,
  requiresApproval: jobs.requiresApproval,
  latestId: sql<string | null>`${latest}`,
  status: screenStatus,
};
export type ApprovalJobView = { jobId: string; jobNumber: string; jobName: string; accountId: string; accountName: string; contactId: string | null; contactName: string | null; contactEmail: string | null; contactFirstName: string | null; contactPortalStatus: string | null; contactInAccount: boolean; managerId: string | null; managerName: string | null; requiresApproval: boolean; latestId: string | null; status: ApprovalJobStatus };

export interface ApprovalJobFilter {
  status?: ApprovalJobStatus;
  accountId?: string;
  q?: string;
  page: number;
  pageSize: number;
}

/** APR-2, APR-3: the jobs on the approval list, with their status. */
export async function listApprovalJobs(db: Executor, tenantId: string, f: ApprovalJobFilter): Promise<{ rows: ApprovalJobView[]; total: number }> {
  const where = and(
    inTenant(jobs.tenantId, tenantId),
    eq(jobs.requiresApproval, true),
    f.accountId ? eq(jobs.accountId, f.accountId) : undefined,
    f.status ? sql`${screenStatus} = ${f.status}` : undefined,
    f.q ? or(sql`${jobs.number} ilike ${`%${f.q}%`}`, sql`${jobs.name} ilike ${`%${f.q}%`}`, sql`${accounts.name} ilike ${`%${f.q}%`}`) : undefined,
  );
  const rows = await db
    .select({ ...jobView, n: sql<number>`count(*) over ()::int` })
    .from(jobs)
    .innerJoin(accounts, eq(accounts.id, jobs.accountId))
    .where(where)
    .orderBy(asc(accounts.name), asc(jobs.number), asc(jobs.id))
    .limit(f.pageSize)
    .offset((f.page - 1) * f.pageSize);
  return { rows: rows as ApprovalJobView[], total: rows[0]?.n ?? 0 };
}

export async function getApprovalJob(db: Executor, tenantId: string, jobId: string): Promise<ApprovalJobView | undefined> {
  const rows = await db
    .select(jobView)
    .from(jobs)
    .innerJoin(accounts, eq(accounts.id, jobs.accountId))
    .where(and(inTenant(jobs.tenantId, tenantId), eq(jobs.id, jobId)));
  return rows[0] as ApprovalJobView | undefined;
}

/** Locks the job row: sending for one job is serialised, so two senders never pick the same version. */
export async function lockJob(db: Executor, tenantId: string, jobId: string) {
  await db.execute(sql`select 1 from jobs where tenant_id = ${assertTenant(tenantId)} and id = ${jobId} for update`);
}

/** A billable time entry as a statement line needs it, with the rate that applies (the job's, else the staff member's). */
export interface WorkEntry {
  id: string;
  jobId: string;
  ticketId: string;
  ticketNumber: number;
  ticketTitle: string;
  staffName: string;
  workDate: string;
  startedAt: Date;
  hours: string;
  note: string;
  rate: string | null;
}

/**
 * Billable work of the jobs not held by any version (never sent, or released by a query, an expiry or a
 * reopen), done on or before `cutOff` in the tenant's time zone.
 */
export async function listUnsentWork(db: Executor, tenantId: string, jobIds: string[], cutOff: string, timeZone: string): Promise<WorkEntry[]> {
  if (jobIds.length === 0) return [];
  const workDate = sql<string>`to_char((${timeEntries.startedAt} at time zone ${timeZone})::date, 'YYYY-MM-DD')`;
  return db
    .select({
      id: timeEntries.id,
      jobId: tickets.jobId,
      ticketId: tickets.id,
      ticketNumber: tickets.number,
      ticketTitle: tickets.title,
      staffName: staffUsers.name,
      workDate,
      startedAt: timeEntries.startedAt,
      hours: sql<string>`${timeEntries.hours}::text`,
      note: sql<string>`case when ${timeEntries.notePublic} then ${timeEntries.note} else '' end`,
      rate: sql<string | null>`coalesce(${jobs.billingRate}, ${staffUsers.hourlyRate})::text`,
    })
    .from(timeEntries)
    .innerJoin(tickets, eq(tickets.id, timeEntries.ticketId))
    .innerJoin(jobs, eq(jobs.id, tickets.jobId))
    .innerJoin(staffUsers, eq(staffUsers.id, timeEntries.staffId))
    .where(
      and(
        inTenant(timeEntries.tenantId, tenantId),
        inArray(tickets.jobId, jobIds),
        eq(timeEntries.billable, true),
        isNull(timeEntries.approvalRequestId),
        sql`(${timeEntries.startedAt} at time zone ${timeZone})::date <= ${cutOff}::date`,
      ),
    )
    .orderBy(asc(timeEntries.startedAt), asc(tickets.number), asc(timeEntries.id));
}

export async function nextVersion(db: Executor, tenantId: string, jobId: string) {
  const [r] = await db
    .select({ n: sql<number>`coalesce(max(${approvalRequests.version}), 0)::int + 1` })
    .from(approvalRequests)
    .where(and(inTenant(approvalRequests.tenantId, tenantId), eq(approvalRequests.jobId, jobId)));
  return r.n;
}

export async function insertRequest(db: Executor, tenantId: string, v: Omit<typeof approvalRequests.$inferInsert, "tenantId" | "id">) {
  const [row] = await db.insert(approvalRequests).values({ ...v, tenantId: assertTenant(tenantId) }).returning({ id: approvalRequests.id });
  return row.id;
}

export async function insertLines(db: Executor, tenantId: string, lines: Omit<typeof approvalLines.$inferInsert, "tenantId" | "id">[]) {
  if (lines.length === 0) return;
  await db.insert(approvalLines).values(lines.map((l) => ({ ...l, tenantId: assertTenant(tenantId) })));
}

export async function insertEvent(db: Executor, tenantId: string, v: Omit<typeof approvalEvents.$inferInsert, "tenantId" | "id" | "seq">) {
  await db.insert(approvalEvents).values({ ...v, tenantId: assertTenant(tenantId) });
}

/** The version holds its entries: changing one withdraws an awaiting version; an approved one locks them. */
/** Returns how many entries it now holds: fewer than asked means some were held or gone meanwhile. */
export async function holdEntries(db: Executor, tenantId: string, requestId: string, entryIds: string[]) {
  if (entryIds.length === 0) return 0;
  const rows = await db
    .update(timeEntries)
    .set({ approvalRequestId: requestId })
    .where(and(inTenant(timeEntries.tenantId, tenantId), inArray(timeEntries.id, entryIds), isNull(timeEntries.approvalRequestId)))
    .returning({ id: timeEntries.id });
  return rows.length;
}

export async function releaseEntries(db: Executor, tenantId: string, requestId: string) {
  await db.update(timeEntries).set({ approvalRequestId: null }).where(and(inTenant(timeEntries.tenantId, tenantId), eq(timeEntries.approvalRequestId, requestId)));
}

/** Moves a version from one status to the next; false when it was no longer in `from` (someone else got there first). */
export async function moveRequest(db: Executor, tenantId: string, id: string, from: ApprovalStatus, to: ApprovalStatus, at: Date) {
  const rows = await db
    .update(approvalRequests)
    .set({ status: to, closedAt: at })
    .where(and(inTenant(approvalRequests.tenantId, tenantId), eq(approvalRequests.id, id), eq(approvalRequests.status, from)))
    .returning({ id: approvalRequests.id });
  return rows.length === 1;
}

export async function getAwaitingRequest(db: Executor, tenantId: string, jobId: string) {
  const rows = await db
    .select()
    .from(approvalRequests)
    .where(and(inTenant(approvalRequests.tenantId, tenantId), eq(approvalRequests.jobId, jobId), eq(approvalRequests.status, "awaiting")));
  return rows[0];
}

const requestView = {
  ...getTableColumns(approvalRequests),
  jobNumber: jobs.number,
  jobName: jobs.name,
  accountName: accounts.name,
  contactName: sql<string>`${contacts.firstName} || ' ' || ${contacts.lastName}`,
  managerId: jobs.managerStaffId,
};
export type ApprovalRequestView = ApprovalRequestRow & { jobNumber: string; jobName: string; accountName: string; contactName: string; managerId: string | null };

const requestsJoined = (db: Executor) =>
  db
    .select(requestView)
    .from(approvalRequests)
    .innerJoin(jobs, eq(jobs.id, approvalRequests.jobId))
    .innerJoin(accounts, eq(accounts.id, approvalRequests.accountId))
    .innerJoin(contacts, eq(contacts.id, approvalRequests.contactId));

/** One version; `forUpdate` locks it so two answers at once are taken one after the other. */
export async function getRequest(db: Executor, tenantId: string, id: string, forUpdate = false): Promise<ApprovalRequestView | undefined> {
  if (forUpdate) await db.execute(sql`select 1 from approval_requests where tenant_id = ${assertTenant(tenantId)} and id = ${id} for update`);
  const rows = await requestsJoined(db).where(and(inTenant(approvalRequests.tenantId, tenantId), eq(approvalRequests.id, id)));
  return rows[0];
}

export const listJobRequests = (db: Executor, tenantId: string, jobId: string): Promise<ApprovalRequestView[]> =>
  requestsJoined(db)
    .where(and(inTenant(approvalRequests.tenantId, tenantId), eq(approvalRequests.jobId, jobId)))
    .orderBy(desc(approvalRequests.version));

export const listRequestsById = (db: Executor, tenantId: string, ids: string[]): Promise<ApprovalRequestView[]> =>
  ids.length === 0 ? Promise.resolve([]) : requestsJoined(db).where(and(inTenant(approvalRequests.tenantId, tenantId), inArray(approvalRequests.id, ids)));

/** The version that replaced this one: the job's latest, when it is newer. */
export async function getNewerVersion(db: Executor, tenantId: string, jobId: string, version: number) {
  const rows = await db
    .select({ id: approvalRequests.id, version: approvalRequests.version, status: approvalRequests.status })
    .from(approvalRequests)
    .where(and(inTenant(approvalRequests.tenantId, tenantId), eq(approvalRequests.jobId, jobId), sql`${approvalRequests.version} > ${version}`))
    .orderBy(desc(approvalRequests.version))
    .limit(1);
  return rows[0];
}

export const listLines = (db: Executor, tenantId: string, requestIds: string[]): Promise<ApprovalLineRow[]> =>
  requestIds.length === 0
    ? Promise.resolve([])
    : db
        .select()
        .from(approvalLines)
        .where(and(inTenant(approvalLines.tenantId, tenantId), inArray(approvalLines.requestId, requestIds)))
        .orderBy(asc(approvalLines.requestId), asc(approvalLines.sort));

export const listEvents = (db: Executor, tenantId: string, requestIds: string[]): Promise<ApprovalEventRow[]> =>
  requestIds.length === 0
    ? Promise.resolve([])
    : db
        .select()
        .from(approvalEvents)
        .where(and(inTenant(approvalEvents.tenantId, tenantId), inArray(approvalEvents.requestId, requestIds)))
        .orderBy(asc(approvalEvents.seq));

/** The policy's portal approval scope (policy.ts `portalApprovalScope`, `withinPortalApprovalScope`) written in SQL. */
const inPortalScope = (tenantId: string, scope: PortalApprovalScope): SQL | undefined =>
  and(inTenant(approvalRequests.tenantId, tenantId), eq(approvalRequests.accountId, scope.accountId), scope.everyJob ? undefined : eq(approvalRequests.contactId, scope.contactId));

/** The approvals inbox: what waits for the contact's answer, or what was answered. */
export function listPortalRequests(db: Executor, tenantId: string, scope: PortalApprovalScope, state: "waiting" | "answered"): Promise<ApprovalRequestView[]> {
  return requestsJoined(db)
    .where(
      and(
        inPortalScope(tenantId, scope),
        state === "waiting" ? eq(approvalRequests.status, "awaiting") : inArray(approvalRequests.status, ["approved", "queried", "expired", "reopened"]),
      ),
    )
    .orderBy(state === "waiting" ? asc(approvalRequests.expiresAt) : desc(approvalRequests.closedAt), asc(approvalRequests.id))
    .limit(200);
}

export async function countPortalWaiting(db: Executor, tenantId: string, scope: PortalApprovalScope) {
  const [r] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(approvalRequests)
    .where(and(inPortalScope(tenantId, scope), eq(approvalRequests.status, "awaiting")));
  return r.n;
}

/**
 * APR-5: awaiting versions whose period has ended, across tenants, locked for this sweep. SKIP LOCKED lets
 * several workers sweep at once, each taking other rows.
 */
export async function claimExpiredRequests(db: Executor, now: Date, limit: number) {
  const result = await db.execute(sql`
    select id, tenant_id as "tenantId" from approval_requests
    where status = 'awaiting' and expires_at <= ${now.toISOString()}::timestamptz
    order by expires_at limit ${limit} for update skip locked`);
  return (result as unknown as { rows: { id: string; tenantId: string }[] }).rows;
}

/** Holds on the ticket's time entries: which versions, in which state (moving the ticket to another job touches them). */
export async function ticketHolds(db: Executor, tenantId: string, ticketId: string) {
  return db
    .selectDistinct({ id: approvalRequests.id, version: approvalRequests.version, status: approvalRequests.status })
    .from(timeEntries)
    .innerJoin(approvalRequests, eq(approvalRequests.id, timeEntries.approvalRequestId))
    .where(and(inTenant(timeEntries.tenantId, tenantId), eq(timeEntries.ticketId, ticketId)));
}
