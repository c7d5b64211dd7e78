import { and, asc, desc, eq, getTableColumns, gte, inArray, lt, notExists, type SQL, sql } from "drizzle-orm";
import type { Executor } from "../../db/client.js";
import { accounts, approvalRequests, contracts, invoicedApprovals, invoiceLines, invoicePayments, invoices, jobs, portalSettings } from "../../db/schema/index.js";
import { containing } from "../../db/paging.js";
import { assertTenant, inTenant } from "../../db/tenant-scope.js";
import type { PortalAccountDocumentScope } from "../../policy/policy.js";
import { type InvoiceStatus, invoiceStatusFilter } from "../../../shared/invoices-api.js";

export type InvoiceRow = typeof invoices.$inferSelect;
export type InvoiceLineRow = typeof invoiceLines.$inferSelect;
export type InvoicePaymentRow = typeof invoicePayments.$inferSelect;

const view = {
  ...getTableColumns(invoices),
  accountName: accounts.name,
  salesRepName: sql<string | null>`(select s.name from staff_users s where s.id = "invoices"."sales_rep_staff_id")`,
  jobNumber: sql<string | null>`(select j.number from jobs j where j.id = "invoices"."job_id")`,
  jobName: sql<string | null>`(select j.name from jobs j where j.id = "invoices"."job_id")`,
  contractName: sql<string | null>`(select c.name from contracts c where c.id = "invoices"."contract_id")`,
  createdByName: sql<string | null>`(select s.name from staff_users s where s.id = "invoices"."created_by_staff_id")`,
  voidedByName: sql<string | null>`(select s.name from staff_users s where s.id = "invoices"."voided_by_staff_id")`,
};
export type InvoiceView = InvoiceRow & {
  accountName: string;
  salesRepName: string | null;
  jobNumber: string | null;
  jobName: string | null;
  contractName: string | null;
  createdByName: string | null;
  voidedByName: string | null;
};

/** One invoice; `forUpdate` locks its row first, so changes to one invoice (issue, pay, void) run one after the other. */
export async function getInvoice(db: Executor, tenantId: string, id: string, forUpdate = false): Promise<InvoiceView | undefined> {
  if (forUpdate) await db.execute(sql`select 1 from invoices where tenant_id = ${assertTenant(tenantId)} and id = ${id} for update`);
  const rows = await db
    .select(view)
    .from(invoices)
    .innerJoin(accounts, eq(accounts.id, invoices.accountId))
    .where(and(inTenant(invoices.tenantId, tenantId), eq(invoices.id, id)));
  return rows[0] as InvoiceView | undefined;
}

export interface InvoiceFilter {
  accountId?: string;
  status?: InvoiceStatus;
  q?: string;
  page: number;
  pageSize: number;
  /** The company's day (YYYY-MM-DD): what is due before it is overdue. */
  today: string;
}

/** The shown-status rule (shared/invoices-api.ts invoiceStatusFilter) written in SQL. */
function statusCondition(status: InvoiceStatus, today: string): SQL {
  const f = invoiceStatusFilter(status);
  return and(
    inArray(invoices.status, f.stored),
    f.due === "past" ? lt(invoices.dueDate, today) : f.due === "not_past" ? gte(invoices.dueDate, today) : undefined,
  ) as SQL;
}

const listColumns = {
  id: invoices.id,
  number: invoices.number,
  displayNumber: invoices.displayNumber,
  status: invoices.status,
  accountId: invoices.accountId,
  accountName: accounts.name,
  poNumber: invoices.poNumber,
  invoiceDate: invoices.invoiceDate,
  dueDate: invoices.dueDate,
  currency: invoices.currency,
  grandTotal: invoices.grandTotal,
  paidAmount: invoices.paidAmount,
  sentAt: invoices.sentAt,
};
export interface InvoiceListRow {
  id: string;
  number: number | null;
  displayNumber: string | null;
  status: InvoiceRow["status"];
  accountId: string;
  accountName: string;
  poNumber: string;
  invoiceDate: string;
  dueDate: string;
  currency: string;
  grandTotal: string;
  paidAmount: string;
  sentAt: Date | null;
}

async function pageOf(db: Executor, where: SQL | undefined, f: { page: number; pageSize: number }) {
  const rows = await db
    .select({ ...listColumns, n: sql<number>`count(*) over ()::int` })
    .from(invoices)
    .innerJoin(accounts, eq(accounts.id, invoices.accountId))
    .where(where)
    .orderBy(desc(invoices.invoiceDate), sql`${invoices.number} desc nulls first`, desc(invoices.createdAt), asc(invoices.id))
    .limit(f.pageSize)
    .offset((f.page - 1) * f.pageSize);
  return { rows: rows.map(({ n: _, ...r }) => r) as InvoiceListRow[], total: rows[0]?.n ?? 0 };
}

const search = (q: string | undefined) => {
  if (!q) return undefined;
  const like = containing(q);
  return sql`(lower(coalesce(${invoices.displayNumber}, '')) like ${like} or lower(${invoices.poNumber}) like ${like} or lower(${accounts.name}) like ${like})`;
};

/** The staff list: every invoice of the company, drafts too. */
export function listInvoices(db: Executor, tenantId: string, f: InvoiceFilter) {
  return pageOf(
    db,
    and(inTenant(invoices.tenantId, tenantId), f.accountId ? eq(invoices.accountId, f.accountId) : undefined, f.status ? statusCondition(f.status, f.today) : undefined, search(f.q)),
    f,
  );
}

/** The policy's portal invoice scope (policy.ts `portalInvoiceScope`, `withinPortalDocumentScope`: the account in view, issued only) in SQL. */
const inPortalScope = (tenantId: string, scope: PortalAccountDocumentScope) =>
  and(inTenant(invoices.tenantId, tenantId), eq(invoices.accountId, scope.accountId), sql`${invoices.status} <> 'draft'`);

export function listPortalInvoices(db: Executor, tenantId: string, scope: PortalAccountDocumentScope, f: Omit<InvoiceFilter, "accountId">) {
  return pageOf(db, and(inPortalScope(tenantId, scope), f.status ? statusCondition(f.status, f.today) : undefined, search(f.q)), f);
}

export const listLines = (db: Executor, tenantId: string, invoiceId: string): Promise<InvoiceLineRow[]> =>
  db
    .select()
    .from(invoiceLines)
    .where(and(inTenant(invoiceLines.tenantId, tenantId), eq(invoiceLines.invoiceId, invoiceId)))
    .orderBy(asc(invoiceLines.sort), asc(invoiceLines.id));

export const listPayments = (db: Executor, tenantId: string, invoiceId: string) =>
  db
    .select({
      ...getTableColumns(invoicePayments),
      recordedByName: sql<string | null>`(select s.name from staff_users s where s.id = "invoice_payments"."recorded_by_staff_id")`,
    })
    .from(invoicePayments)
    .where(and(inTenant(invoicePayments.tenantId, tenantId), eq(invoicePayments.invoiceId, invoiceId)))
    .orderBy(asc(invoicePayments.paidOn), asc(invoicePayments.seq));

export async function insertInvoice(db: Executor, tenantId: string, v: Omit<typeof invoices.$inferInsert, "tenantId" | "id">) {
  const [row] = await db.insert(invoices).values({ ...v, tenantId: assertTenant(tenantId) }).returning({ id: invoices.id });
  return row.id;
}

/** Changes a draft; false when it is no longer one (issued or deleted meanwhile). */
export async function updateDraft(db: Executor, tenantId: string, id: string, patch: Partial<Omit<InvoiceRow, "id" | "tenantId" | "accountId" | "number" | "status">>) {
  const rows = await db
    .update(invoices)
    .set(patch)
    .where(and(inTenant(invoices.tenantId, tenantId), eq(invoices.id, id), eq(invoices.status, "draft")))
    .returning({ id: invoices.id });
  return rows.length === 1;
}

export async function replaceLines(db: Executor, tenantId: string, invoiceId: string, lines: Omit<typeof invoiceLines.$inferInsert, "tenantId" | "id" | "invoiceId">[]) {
  await db.delete(invoiceLines).where(and(inTenant(invoiceLines.tenantId, tenantId), eq(invoiceLines.invoiceId, invoiceId)));
  if (lines.length) await db.insert(invoiceLines).values(lines.map((l) => ({ ...l, invoiceId, tenantId: assertTenant(tenantId) })));
}

/** Deletes a draft with its lines and the approved work it held (which is free to invoice again); false when it is not a draft. */
export async function deleteDraft(db: Executor, tenantId: string, id: string) {
  const rows = await db
    .delete(invoices)
    .where(and(inTenant(invoices.tenantId, tenantId), eq(invoices.id, id), eq(invoices.status, "draft")))
    .returning({ id: invoices.id });
  return rows.length === 1;
}

/**
 * INV-1: the next number of the company's sequence, taken by one UPDATE … RETURNING in the issuing transaction.
 * The row stays locked until that transaction ends, so two invoices issued at once get consecutive numbers, and
 * a transaction that fails gives its number back: no gaps, no duplicates.
 */
export async function takeInvoiceNumber(db: Executor, tenantId: string) {
  const [r] = await db
    .update(portalSettings)
    .set({ nextInvoiceNumber: sql`${portalSettings.nextInvoiceNumber} + 1` })
    .where(inTenant(portalSettings.tenantId, tenantId))
    .returning({ next: portalSettings.nextInvoiceNumber, prefix: portalSettings.invoicePrefix });
  return { number: Number(r.next) - 1, prefix: r.prefix };
}

/** Issues a draft: its number, what is printed as issuer and addressee, and when it was sent; false when it is not a draft. */
export async function issueDraft(db: Executor, tenantId: string, id: string, v: { number: number; displayNumber: string; fromText: string; toText: string; sentAt: Date }) {
  const rows = await db
    .update(invoices)
    .set({ ...v, status: "sent", updatedAt: v.sentAt })
    .where(and(inTenant(invoices.tenantId, tenantId), eq(invoices.id, id), eq(invoices.status, "draft")))
    .returning({ id: invoices.id });
  return rows.length === 1;
}

export async function insertPayment(db: Executor, tenantId: string, v: Omit<typeof invoicePayments.$inferInsert, "tenantId" | "id" | "seq">) {
  const [row] = await db.insert(invoicePayments).values({ ...v, tenantId: assertTenant(tenantId) }).returning({ id: invoicePayments.id });
  return row.id;
}

/** After a payment: what is paid now and the status it makes (partly paid or paid). */
export async function setPaid(db: Executor, tenantId: string, id: string, v: { paidAmount: string; status: "partly_paid" | "paid"; updatedAt: Date }) {
  await db
    .update(invoices)
    .set(v)
    .where(and(inTenant(invoices.tenantId, tenantId), eq(invoices.id, id), inArray(invoices.status, ["sent", "partly_paid"])));
}

/** Voids an issued invoice with nothing paid on it; it keeps its number. False when it is not one. */
export async function voidIssued(db: Executor, tenantId: string, id: string, v: { voidedAt: Date; voidReason: string; voidedByStaffId: string }) {
  const rows = await db
    .update(invoices)
    .set({ ...v, status: "void", updatedAt: v.voidedAt })
    .where(and(inTenant(invoices.tenantId, tenantId), eq(invoices.id, id), eq(invoices.status, "sent"), sql`${invoices.paidAmount} = 0`))
    .returning({ id: invoices.id });
  return rows.length === 1;
}

// ---------- approved work ----------

/** Records that the invoice bills these approved versions; the unique key refuses a version another invoice holds. */
export async function holdApprovals(db: Executor, tenantId: string, invoiceId: string, requestIds: string[]) {
  if (!requestIds.length) return;
  await db.insert(invoicedApprovals).values(requestIds.map((approvalRequestId) => ({ tenantId: assertTenant(tenantId), approvalRequestId, invoiceId })));
}

export async function releaseApprovals(db: Executor, tenantId: string, invoiceId: string) {
  await db.delete(invoicedApprovals).where(and(inTenant(invoicedApprovals.tenantId, tenantId), eq(invoicedApprovals.invoiceId, invoiceId)));
}

/** The approved versions an invoice bills, with their job. */
export const listInvoiceApprovals = (db: Executor, tenantId: string, invoiceId: string) =>
  db
    .select({ id: approvalRequests.id, jobNumber: jobs.number, jobName: jobs.name, version: approvalRequests.version, totalAmount: approvalRequests.totalAmount })
    .from(invoicedApprovals)
    .innerJoin(approvalRequests, eq(approvalRequests.id, invoicedApprovals.approvalRequestId))
    .innerJoin(jobs, eq(jobs.id, approvalRequests.jobId))
    .where(and(inTenant(invoicedApprovals.tenantId, tenantId), eq(invoicedApprovals.invoiceId, invoiceId)))
    .orderBy(asc(jobs.number), asc(approvalRequests.version));

const notInvoiced = (db: Executor) =>
  notExists(db.select({ x: sql`1` }).from(invoicedApprovals).where(eq(invoicedApprovals.approvalRequestId, approvalRequests.id)));

/** Approved versions of the account that no invoice bills yet (APR-4 → INV-1). */
export async function listInvoiceableApprovals(db: Executor, tenantId: string, accountId: string) {
  return db
    .select({
      id: approvalRequests.id,
      jobId: jobs.id,
      jobNumber: jobs.number,
      jobName: jobs.name,
      version: approvalRequests.version,
      cutOff: approvalRequests.cutOff,
      closedAt: approvalRequests.closedAt,
      totalHours: approvalRequests.totalHours,
      totalAmount: approvalRequests.totalAmount,
      lineCount: sql<number>`(select count(*)::int from approval_lines l where l.request_id = "approval_requests"."id")`,
    })
    .from(approvalRequests)
    .innerJoin(jobs, eq(jobs.id, approvalRequests.jobId))
    .where(and(inTenant(approvalRequests.tenantId, tenantId), eq(approvalRequests.accountId, accountId), eq(approvalRequests.status, "approved"), notInvoiced(db)))
    .orderBy(asc(jobs.number), asc(approvalRequests.version));
}

/** Whether an invoice bills this approved version (reopening it would bill the work twice). */
export async function isApprovalInvoiced(db: Executor, tenantId: string, requestId: string) {
  const rows = await db
    .select({ invoiceId: invoicedApprovals.invoiceId, displayNumber: invoices.displayNumber })
    .from(invoicedApprovals)
    .innerJoin(invoices, eq(invoices.id, invoicedApprovals.invoiceId))
    .where(and(inTenant(invoicedApprovals.tenantId, tenantId), eq(invoicedApprovals.approvalRequestId, requestId)));
  return rows[0];
}

// ---------- what an invoice may point at ----------

export const listAccountJobs = (db: Executor, tenantId: string, accountId: string) =>
  db
    .select({ id: jobs.id, number: jobs.number, name: jobs.name, isProject: jobs.isProject, status: jobs.status })
    .from(jobs)
    .where(and(inTenant(jobs.tenantId, tenantId), eq(jobs.accountId, accountId)))
    .orderBy(sql`${jobs.isDefault} desc`, asc(jobs.number));

export const listAccountContracts = (db: Executor, tenantId: string, accountId: string) =>
  db
    .select({ id: contracts.id, name: contracts.name, status: contracts.status })
    .from(contracts)
    .where(and(inTenant(contracts.tenantId, tenantId), eq(contracts.accountId, accountId)))
    .orderBy(sql`${contracts.isDefault} desc`, asc(contracts.name));

/** A job or contract of this account; another account's (or tenant's) is as unknown as a made-up id. */
export async function findAccountReferences(db: Executor, tenantId: string, accountId: string, ids: { jobId?: string | null; contractId?: string | null }) {
  const [job] = ids.jobId ? await db.select({ id: jobs.id }).from(jobs).where(and(inTenant(jobs.tenantId, tenantId), eq(jobs.accountId, accountId), eq(jobs.id, ids.jobId))) : [];
  const [contract] = ids.contractId
    ? await db.select({ id: contracts.id }).from(contracts).where(and(inTenant(contracts.tenantId, tenantId), eq(contracts.accountId, accountId), eq(contracts.id, ids.contractId)))
    : [];
  return { job: !!job, contract: !!contract };
}

/**
 * Who an invoice can be emailed to: the account's contacts with an email address, whether they are client
 * administrators, have portal access, and may open invoices there (their role, else the account's, has View invoices).
 */
export async function listRecipientOptions(db: Executor, tenantId: string, accountId: string) {
  assertTenant(tenantId);
  const r = (await db.execute(sql`
    select c.id, c.first_name as "firstName", c.last_name as "lastName", c.email, ac.client_admin as "clientAdmin",
      c.portal_status in ('active', 'invited') as "hasPortalAccess",
      (a.portal_enabled and coalesce('invoices.view' = any(r.permissions), false)) as "seesInvoices"
    from account_contacts ac
      join contacts c on c.id = ac.contact_id and c.tenant_id = ac.tenant_id
      join accounts a on a.id = ac.account_id and a.tenant_id = ac.tenant_id
      left join portal_roles r on r.id = coalesce(ac.portal_role_id, a.portal_role_id) and r.tenant_id = ac.tenant_id
    where ac.tenant_id = ${tenantId} and ac.account_id = ${accountId} and c.archived_at is null and c.email is not null and c.email <> ''
    order by lower(c.last_name), lower(c.first_name), c.id`)) as unknown as {
    rows: { id: string; firstName: string; lastName: string; email: string; clientAdmin: boolean; hasPortalAccess: boolean; seesInvoices: boolean }[];
  };
  return r.rows;
}
