import type { PortalJobScope, PortalTicketScope } from "../../policy/policy.js";
import type { SessionCheck } from "../sessions/sessions.service.js";
import { anyJobOpenForTickets } from "../jobs/jobs.repo.js";
import { and, asc, eq, getTableColumns, isNotNull, isNull, type SQL, sql } from "drizzle-orm";
import { alias, type PgSelect } from "drizzle-orm/pg-core";
import type { Executor } from "../../db/client.js";
import { accounts, approvalRequests, attachments, contacts, jobs, lookups, portalSettings, staffUsers, ticketNotes, tickets, timeEntries } from "../../db/schema/index.js";
import { containing, keyedPage, keyedPageText, type SortKey } from "../../db/paging.js";
import { assertTenant, inTenant } from "../../db/tenant-scope.js";

export type TicketRow = typeof tickets.$inferSelect;

const status = alias(lookups, "status");
const priority = alias(lookups, "priority");
const ref = (id: SQL | unknown, name: SQL | unknown) =>
  sql<{ id: string; name: string } | null>`case when ${id} is null then null else json_build_object('id', ${id}, 'name', ${name}) end`;

/** What a portal list row shows (its presenter's fields); the staff row adds the rest. */
const portalRowColumns = {
  id: tickets.id,
  number: tickets.number,
  title: tickets.title,
  createdAt: tickets.createdAt,
  updatedAt: tickets.updatedAt,
  status: ref(status.id, status.name),
  priority: ref(priority.id, priority.name),
  job: ref(jobs.id, jobs.name),
  contact: ref(contacts.id, sql`${contacts.firstName} || ' ' || ${contacts.lastName}`),
};
const rowColumns = {
  ...portalRowColumns,
  createdVia: tickets.createdVia,
  customerRepliedAt: tickets.customerRepliedAt,
  account: ref(accounts.id, accounts.name),
  assignedStaff: ref(staffUsers.id, staffUsers.name),
};

export type PortalTicketListRow = Pick<TicketListRow, keyof typeof portalRowColumns>;
export type TicketListRow = Awaited<ReturnType<typeof listStaffTickets>>["items"][number];

export interface TicketFilter {
  q?: string;
  statusId?: string;
  priorityId?: string;
  jobId?: string;
  open: "open" | "closed" | "all";
  sort: "updated_desc" | "updated_asc" | "created_desc" | "created_asc" | "number_desc" | "number_asc" | "title_asc";
  page: number;
  pageSize: number;
}

const orderBy: Record<TicketFilter["sort"], SortKey[]> = {
  updated_desc: [{ by: tickets.updatedAt, dir: "desc" }, { by: tickets.id, dir: "desc" }],
  updated_asc: [{ by: tickets.updatedAt, dir: "asc" }, { by: tickets.id, dir: "asc" }],
  created_desc: [{ by: tickets.createdAt, dir: "desc" }, { by: tickets.id, dir: "desc" }],
  created_asc: [{ by: tickets.createdAt, dir: "asc" }, { by: tickets.id, dir: "asc" }],
  number_desc: [{ by: tickets.number, dir: "desc" }, { by: tickets.id, dir: "desc" }],
  number_asc: [{ by: tickets.number, dir: "asc" }, { by: tickets.id, dir: "asc" }],
  title_asc: [{ by: sql`lower(${tickets.title})`, dir: "asc" }, { by: tickets.id, dir: "asc" }],
};

const $ = sql.placeholder;

/*
 * A list's conditions on the ticket's job or status name the few matching jobs or statuses, read once per
 * statement, instead of joining them: with a join the planner may read every ticket of a large account and
 * sort them; this way the list walks the tickets' index in its order and stops after the page and its count.
 */
const statusesWhere = (column: "is_closed" | "awaits_customer") =>
  sql`array(select s.id from lookups s where s.tenant_id = ${$("tenantId")} and s.kind = 'status' and s.${sql.raw(column)})`;
const portalJobs = (ofContact: boolean) =>
  sql`array(select j.id from jobs j where j.tenant_id = ${$("tenantId")} and j.account_id = ${$("accountId")} and j.visible_in_portal${ofContact ? sql` and j.contact_id = ${$("contactId")}` : sql``})`;

/** The conditions of a list's filters, each value a placeholder named after its field (`filterValues`). */
function filterConditions(f: TicketFilter): SQL[] {
  const where: SQL[] = [];
  if (f.statusId) where.push(eq(tickets.statusId, $("statusId")));
  if (f.priorityId) where.push(eq(tickets.priorityId, $("priorityId")));
  if (f.jobId) where.push(eq(tickets.jobId, $("jobId")));
  if (f.open !== "all") where.push(f.open === "closed" ? sql`${tickets.statusId} = any(${statusesWhere("is_closed")})` : sql`${tickets.statusId} <> all(${statusesWhere("is_closed")})`);
  if (f.q) {
    where.push(
      searchNumber(f.q) !== null
        ? sql`(${tickets.number} = ${$("number")} or lower(${tickets.title}) like ${$("like")})`
        : sql`(lower(${tickets.title}) like ${$("like")} or lower(${tickets.details}) like ${$("like")})`,
    );
  }
  return where;
}

const searchNumber = (q: string) => (/^#?\d{1,15}$/.test(q) ? Number(q.replace("#", "")) : null);

function filterValues(f: TicketFilter) {
  return {
    statusId: f.statusId,
    priorityId: f.priorityId,
    jobId: f.jobId,
    like: f.q ? containing(f.q) : undefined,
    number: f.q ? searchNumber(f.q) : null,
  };
}

/** What changes a list statement's text: the order, the filters present, open or closed, a search by number. */
const filterShape = (f: TicketFilter) =>
  `${f.sort} ${f.open} ${[f.statusId, f.priorityId, f.jobId].map(Boolean).join(",")} ${f.q ? (searchNumber(f.q) === null ? "text" : "number") : "-"}`;

/** The joins behind the names a ticket's row shows (job, status, priority, contact, account, assignee). */
function withRowJoins<T extends PgSelect>(q: T) {
  return q
    .innerJoin(jobs, eq(jobs.id, tickets.jobId))
    .innerJoin(status, eq(status.id, tickets.statusId))
    .leftJoin(priority, eq(priority.id, tickets.priorityId))
    .leftJoin(contacts, eq(contacts.id, tickets.contactId))
    .leftJoin(accounts, eq(accounts.id, tickets.accountId))
    .leftJoin(staffUsers, eq(staffUsers.id, tickets.assignedStaffId));
}

/** The ids and sort keys come from tickets alone; the rows joined name only the page's. */
function listFilter(db: Executor, where: () => SQL[], f: TicketFilter) {
  return {
    matching: (fields: Record<string, SQL.Aliased>) =>
      db
        .select(fields)
        .from(tickets)
        .where(and(...where(), ...filterConditions(f)))
        .$dynamic(),
    id: tickets.id,
    keys: orderBy[f.sort],
    page: f.page,
    pageSize: f.pageSize,
  };
}

/**
 * The portal's ticket list, its rows as each ticket keeps them (`portal_row`, written by the database:
 * migration 0011), in one statement with the two other things the page needs
 * of the database: the session check the read carries (sessions.service `readAsContact`) and whether any job
 * takes a new ticket from the contact ("Raise a ticket"). The policy's portal ticket scope (policy.ts
 * `portalTicketScope`) and job scope (`portalJobScope`) written in SQL.
 */
export function listPortalTickets(db: Executor, tenantId: string, scope: PortalTicketScope, jobScope: PortalJobScope | null, f: TicketFilter, check: SessionCheck) {
  const where = () => [
    eq(tickets.tenantId, $("tenantId")),
    eq(tickets.accountId, $("accountId")),
    sql`${tickets.jobId} = any(${portalJobs(false)})`,
    ...(scope.everyTicket ? [] : [sql`(${tickets.contactId} = ${$("contactId")} or ${tickets.jobId} = any(${portalJobs(true)}))`]),
  ];
  return keyedPageText(
    db,
    {
      ...listFilter(db, where, f),
      shape: `tickets portal ${scope.everyTicket ? "every" : "own"} ${filterShape(f)}`,
      values: { ...filterValues(f), tenantId: assertTenant(tenantId), accountId: scope.accountId, contactId: scope.contactId },
      also: {
        // The job scope's account and contact are the ticket scope's (both are the contact's, in the account in view).
        shape: `jobs ${jobScope === null ? "none" : jobScope.anyJob}`,
        values: check.values,
        columns: () => ({ session: check.column(db), open: anyJobOpenForTickets(db, jobScope) }),
      },
    },
    { item: sql<string>`${tickets.portalRow}`, rows: (p, fields) => db.select(fields).from(p.from).innerJoin(tickets, eq(tickets.id, p.id)).$dynamic() },
  );
}

export function listStaffTickets(
  db: Executor,
  tenantId: string,
  f: TicketFilter & { accountId?: string; assignedStaffId?: string | null; waitingOn?: "us" | "customer" },
) {
  const where = () => {
    const w = [eq(tickets.tenantId, $("tenantId"))];
    if (f.accountId) w.push(eq(tickets.accountId, $("accountId")));
    if (f.assignedStaffId === null) w.push(isNull(tickets.assignedStaffId));
    else if (f.assignedStaffId) w.push(eq(tickets.assignedStaffId, $("assignedStaffId")));
    if (f.waitingOn === "us") w.push(isNotNull(tickets.customerRepliedAt));
    else if (f.waitingOn === "customer") w.push(sql`${tickets.statusId} = any(${statusesWhere("awaits_customer")})`);
    return w;
  };
  const assigned = f.assignedStaffId === null ? "none" : Boolean(f.assignedStaffId);
  const values = { tenantId: assertTenant(tenantId), accountId: f.accountId, assignedStaffId: f.assignedStaffId };
  return keyedPage(
    db,
    {
      ...listFilter(db, where, f),
      shape: `tickets staff ${Boolean(f.accountId)} ${assigned} ${f.waitingOn ?? "-"} ${filterShape(f)}`,
      values: { ...filterValues(f), ...values },
    },
    (p) => withRowJoins(db.select({ ...rowColumns, n: p.n }).from(p.from).innerJoin(tickets, eq(tickets.id, p.id)).$dynamic()),
  );
}

const lk = (name: string) => alias(lookups, name);
const type = lk("type");
const issueType = lk("issue_type");
const subIssueType = lk("sub_issue_type");
const site = lk("site");
const hardware = lk("hardware");
const software = lk("software");

/** A ticket's own columns, without the list row the database keeps from them. */
const { portalRow: _portalRow, ...ticketColumns } = getTableColumns(tickets);

/** One ticket with everything both views may need; presenters choose what leaves. */
export async function getTicket(db: Executor, tenantId: string, id: string) {
  const query = db
    .select({
      ...rowColumns,
      ticket: ticketColumns,
      details: tickets.details,
      jobVisible: jobs.visibleInPortal,
      jobContactId: jobs.contactId,
      jobHoursVisible: jobs.hoursVisible,
      jobManagerId: jobs.managerStaffId,
      jobCopyToManager: jobs.copyEmailsToManager,
      statusClosed: status.isClosed,
      statusAwaitsCustomer: status.awaitsCustomer,
      type: ref(type.id, type.name),
      issueType: ref(issueType.id, issueType.name),
      subIssueType: ref(subIssueType.id, subIssueType.name),
      site: ref(site.id, site.name),
      hardwareAsset: ref(hardware.id, hardware.name),
      softwareAsset: ref(software.id, software.name),
    })
    .from(tickets)
    .$dynamic();
  const rows = await withRowJoins(query)
    .leftJoin(type, eq(type.id, tickets.typeId))
    .leftJoin(issueType, eq(issueType.id, tickets.issueTypeId))
    .leftJoin(subIssueType, eq(subIssueType.id, tickets.subIssueTypeId))
    .leftJoin(site, eq(site.id, tickets.siteId))
    .leftJoin(hardware, eq(hardware.id, tickets.hardwareAssetId))
    .leftJoin(software, eq(software.id, tickets.softwareAssetId))
    .where(and(inTenant(tickets.tenantId, tenantId), eq(tickets.id, id)));
  return rows[0];
}
export type TicketDetailRow = NonNullable<Awaited<ReturnType<typeof getTicket>>>;

export const listNotes = (db: Executor, tenantId: string, ticketId: string, publicOnly: boolean) =>
  db
    .select()
    .from(ticketNotes)
    .where(and(inTenant(ticketNotes.tenantId, tenantId), eq(ticketNotes.ticketId, ticketId), publicOnly ? eq(ticketNotes.isPublic, true) : undefined))
    .orderBy(asc(ticketNotes.createdAt), asc(ticketNotes.seq));

export const listAttachments = (db: Executor, tenantId: string, ticketId: string, publicOnly: boolean) =>
  db
    .select()
    .from(attachments)
    .where(and(inTenant(attachments.tenantId, tenantId), eq(attachments.ticketId, ticketId), publicOnly ? eq(attachments.isPublic, true) : undefined))
    .orderBy(asc(attachments.createdAt));

export const listTimeEntries = (db: Executor, tenantId: string, ticketId: string) =>
  db
    .select({ ...getTableColumns(timeEntries), staffName: staffUsers.name, approvalVersion: approvalRequests.version, approvalStatus: approvalRequests.status })
    .from(timeEntries)
    .innerJoin(staffUsers, eq(staffUsers.id, timeEntries.staffId))
    .leftJoin(approvalRequests, eq(approvalRequests.id, timeEntries.approvalRequestId))
    .where(and(inTenant(timeEntries.tenantId, tenantId), eq(timeEntries.ticketId, ticketId)))
    .orderBy(asc(timeEntries.startedAt));

/** Ticket numbers count up per tenant; the settings row lock orders concurrent creators. */
export async function nextTicketNumber(db: Executor, tenantId: string) {
  const rows = await db
    .update(portalSettings)
    .set({ nextTicketNumber: sql`${portalSettings.nextTicketNumber} + 1` })
    .where(inTenant(portalSettings.tenantId, tenantId))
    .returning({ n: portalSettings.nextTicketNumber });
  return rows[0].n - 1;
}

export async function insertTicket(db: Executor, tenantId: string, v: Omit<typeof tickets.$inferInsert, "tenantId" | "id">) {
  const [row] = await db.insert(tickets).values({ ...v, tenantId: assertTenant(tenantId) }).returning({ id: tickets.id });
  return row.id;
}

export async function updateTicket(db: Executor, tenantId: string, id: string, v: Partial<Omit<TicketRow, "id" | "tenantId" | "number" | "createdAt">>) {
  await db.update(tickets).set(v).where(and(inTenant(tickets.tenantId, tenantId), eq(tickets.id, id)));
}

export async function insertNote(db: Executor, tenantId: string, v: Omit<typeof ticketNotes.$inferInsert, "tenantId" | "id">) {
  const [row] = await db.insert(ticketNotes).values({ ...v, tenantId: assertTenant(tenantId) }).returning({ id: ticketNotes.id });
  return row.id;
}

export async function insertTimeEntry(db: Executor, tenantId: string, v: Omit<typeof timeEntries.$inferInsert, "tenantId" | "id">) {
  const [row] = await db.insert(timeEntries).values({ ...v, tenantId: assertTenant(tenantId) }).returning({ id: timeEntries.id });
  return row.id;
}

export async function getTimeEntry(db: Executor, tenantId: string, ticketId: string, id: string) {
  const rows = await db
    .select({ id: timeEntries.id, hold: { id: approvalRequests.id, version: approvalRequests.version, status: approvalRequests.status } })
    .from(timeEntries)
    .leftJoin(approvalRequests, eq(approvalRequests.id, timeEntries.approvalRequestId))
    .where(and(inTenant(timeEntries.tenantId, tenantId), eq(timeEntries.ticketId, ticketId), eq(timeEntries.id, id)));
  return rows[0];
}

export async function updateTimeEntry(db: Executor, tenantId: string, id: string, v: Partial<Pick<typeof timeEntries.$inferInsert, "staffId" | "startedAt" | "endedAt" | "hours" | "note" | "notePublic" | "billable">>) {
  await db.update(timeEntries).set(v).where(and(inTenant(timeEntries.tenantId, tenantId), eq(timeEntries.id, id)));
}

export async function deleteTimeEntry(db: Executor, tenantId: string, id: string) {
  await db.delete(timeEntries).where(and(inTenant(timeEntries.tenantId, tenantId), eq(timeEntries.id, id)));
}

export async function insertAttachment(db: Executor, tenantId: string, v: Omit<typeof attachments.$inferInsert, "tenantId" | "id">) {
  const [row] = await db.insert(attachments).values({ ...v, tenantId: assertTenant(tenantId) }).returning();
  return row;
}

export async function getAttachment(db: Executor, tenantId: string, id: string) {
  const rows = await db.select().from(attachments).where(and(inTenant(attachments.tenantId, tenantId), eq(attachments.id, id)));
  return rows[0];
}
