import { sql } from "drizzle-orm";
import { bigint, bigserial, boolean, date, foreignKey, index, integer, numeric, type PgTableExtraConfigValue, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { accounts } from "./accounts.js";
import { approvalRequests } from "./approvals.js";
import { contacts } from "./contacts.js";
import { contracts } from "./contracts.js";
import { staffUsers } from "./staff.js";
import { sameTenant, tenantIdColumn, tenantKey } from "./tenants.js";

export const lookupKinds = ["ticket_type", "priority", "status", "issue_type", "sub_issue_type", "site", "hardware_asset", "software_asset"] as const;
export type LookupKind = (typeof lookupKinds)[number];

/** Tenant-managed lists (ticket types, priorities, statuses, issue and sub-issue types, sites, assets). */
export const lookups = pgTable(
  "lookups",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    kind: text("kind").$type<LookupKind>().notNull(),
    name: text("name").notNull(),
    /** Sub-issue types belong to an issue type. */
    parentId: uuid("parent_id"),
    /** Sites and assets belong to an account. */
    accountId: uuid("account_id"),
    sort: integer("sort").notNull().default(0),
    /** Statuses: does this status close the ticket? */
    isClosed: boolean("is_closed").notNull().default(false),
    /** Statuses: the ticket waits on the customer; a customer's reply moves it back to staff. */
    awaitsCustomer: boolean("awaits_customer").notNull().default(false),
    active: boolean("active").notNull().default(true),
  },
  (t): PgTableExtraConfigValue[] => [
    tenantKey("lookups", t),
    sameTenant("lookups_parent_fk", t, t.parentId, lookups),
    sameTenant("lookups_account_fk", t, t.accountId, accounts, "cascade"),
    index("lookups_kind_idx").on(t.tenantId, t.kind, t.sort),
  ],
);

export const jobs = pgTable(
  "jobs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    accountId: uuid("account_id").notNull(),
    number: text("number").notNull(),
    name: text("name").notNull(),
    status: text("status").$type<"active" | "closed">().notNull().default("active"),
    managerStaffId: uuid("manager_staff_id"),
    contactId: uuid("contact_id"),
    visibleInPortal: boolean("visible_in_portal").notNull().default(true),
    customersAddTickets: boolean("customers_add_tickets").notNull().default(true),
    copyEmailsToManager: boolean("copy_emails_to_manager").notNull().default(false),
    hoursVisible: boolean("hours_visible").notNull().default(false),
    isDefault: boolean("is_default").notNull().default(false),
    /** APR-2: the job's billable work goes to its contact for approval. */
    requiresApproval: boolean("requires_approval").notNull().default(false),
    /** Per hour, in the tenant's currency; null: each staff member's own rate. */
    billingRate: numeric("billing_rate", { precision: 12, scale: 2 }),
    /** CON-1: the contract of the job's account its work is billed under (retainer hours are consumed here). */
    contractId: uuid("contract_id"),
    /** PRJ-1: a project is a job with phases, tasks and associated contacts. */
    isProject: boolean("is_project").notNull().default(false),
    description: text("description").notNull().default(""),
    startDate: date("start_date", { mode: "string" }),
    dueDate: date("due_date", { mode: "string" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    tenantKey("jobs", t),
    sameTenant("jobs_account_fk", t, t.accountId, accounts, "cascade"),
    sameTenant("jobs_manager_fk", t, t.managerStaffId, staffUsers),
    sameTenant("jobs_contact_fk", t, t.contactId, contacts),
    foreignKey({ name: "jobs_contract_fk", columns: [t.tenantId, t.accountId, t.contractId], foreignColumns: [contracts.tenantId, contracts.accountId, contracts.id] }),
    index("jobs_contract_idx").on(t.tenantId, t.contractId),
    index("jobs_account_idx").on(t.tenantId, t.accountId),
    uniqueIndex("jobs_number_key").on(t.tenantId, sql`lower(${t.number})`),
    // JOB-1: at most one default job per account, enforced by the database.
    uniqueIndex("jobs_one_default").on(t.accountId).where(sql`${t.isDefault}`),
  ],
);

export const tickets = pgTable(
  "tickets",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    number: bigint("number", { mode: "number" }).notNull(),
    accountId: uuid("account_id").notNull(),
    jobId: uuid("job_id").notNull(),
    contactId: uuid("contact_id"),
    assignedStaffId: uuid("assigned_staff_id"),
    title: text("title").notNull(),
    details: text("details").notNull().default(""),
    statusId: uuid("status_id").notNull(),
    priorityId: uuid("priority_id"),
    typeId: uuid("type_id"),
    issueTypeId: uuid("issue_type_id"),
    subIssueTypeId: uuid("sub_issue_type_id"),
    siteId: uuid("site_id"),
    hardwareAssetId: uuid("hardware_asset_id"),
    softwareAssetId: uuid("software_asset_id"),
    createdVia: text("created_via").$type<"portal" | "staff">().notNull(),
    /** Set when the customer wrote last: the ticket waits on staff, and the queue marks it. */
    customerRepliedAt: timestamp("customer_replied_at", { withTimezone: true }),
    /** The status a ticket had before it was set to wait for the customer: a customer's reply brings it back. */
    resumeStatusId: uuid("resume_status_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
    /**
     * The ticket's portal list row as JSON text, names included, kept by the database (migration 0011):
     * a trigger writes it whenever the ticket changes or a status, priority, job or contact it names is renamed.
     */
    portalRow: text("portal_row").notNull().default(""),
  },
  (t) => [
    tenantKey("tickets", t),
    sameTenant("tickets_account_fk", t, t.accountId, accounts, "cascade"),
    sameTenant("tickets_job_fk", t, t.jobId, jobs),
    sameTenant("tickets_contact_fk", t, t.contactId, contacts),
    sameTenant("tickets_assigned_staff_fk", t, t.assignedStaffId, staffUsers),
    sameTenant("tickets_status_fk", t, t.statusId, lookups),
    sameTenant("tickets_resume_status_fk", t, t.resumeStatusId, lookups),
    sameTenant("tickets_priority_fk", t, t.priorityId, lookups),
    sameTenant("tickets_type_fk", t, t.typeId, lookups),
    sameTenant("tickets_issue_type_fk", t, t.issueTypeId, lookups),
    sameTenant("tickets_sub_issue_type_fk", t, t.subIssueTypeId, lookups),
    sameTenant("tickets_site_fk", t, t.siteId, lookups),
    sameTenant("tickets_hardware_asset_fk", t, t.hardwareAssetId, lookups),
    sameTenant("tickets_software_asset_fk", t, t.softwareAssetId, lookups),
    uniqueIndex("tickets_number_key").on(t.tenantId, t.number),
    // The job and contact close the key, so a portal list checks its scope from the index alone.
    index("tickets_account_updated_idx").on(t.tenantId, t.accountId, t.updatedAt, t.id, t.jobId, t.contactId),
    index("tickets_contact_updated_idx").on(t.tenantId, t.contactId, t.updatedAt, t.id),
    index("tickets_job_idx").on(t.jobId),
    index("tickets_queue_idx").on(t.tenantId, t.updatedAt, t.id),
  ],
);

export const ticketNotes = pgTable(
  "ticket_notes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    ticketId: uuid("ticket_id").notNull(),
    body: text("body").notNull(),
    isPublic: boolean("is_public").notNull(),
    authorStaffId: uuid("author_staff_id"),
    authorContactId: uuid("author_contact_id"),
    authorName: text("author_name").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    /** Insertion order, for notes written in the same instant. */
    seq: bigserial("seq", { mode: "number" }).notNull(),
  },
  (t) => [
    index("ticket_notes_ticket_idx").on(t.ticketId, t.createdAt),
    sameTenant("ticket_notes_ticket_fk", t, t.ticketId, tickets, "cascade"),
    sameTenant("ticket_notes_author_staff_fk", t, t.authorStaffId, staffUsers),
    sameTenant("ticket_notes_author_contact_fk", t, t.authorContactId, contacts),
  ],
);

export const timeEntries = pgTable(
  "time_entries",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    ticketId: uuid("ticket_id").notNull(),
    staffId: uuid("staff_id").notNull(),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull(),
    endedAt: timestamp("ended_at", { withTimezone: true }).notNull(),
    hours: numeric("hours", { precision: 6, scale: 2, mode: "number" }).notNull(),
    note: text("note").notNull().default(""),
    notePublic: boolean("note_public").notNull().default(false),
    billable: boolean("billable").notNull().default(true),
    /**
     * The approval version holding this entry: one awaiting an answer (changing the entry withdraws it) or an
     * approved one (the entry is locked until the approval is reopened).
     */
    approvalRequestId: uuid("approval_request_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    index("time_entries_ticket_idx").on(t.ticketId, t.startedAt),
    index("time_entries_approval_idx").on(t.approvalRequestId),
    sameTenant("time_entries_approval_request_fk", t, t.approvalRequestId, approvalRequests),
    sameTenant("time_entries_ticket_fk", t, t.ticketId, tickets, "cascade"),
    sameTenant("time_entries_staff_fk", t, t.staffId, staffUsers),
  ],
);

export const attachments = pgTable(
  "attachments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    ticketId: uuid("ticket_id").notNull(),
    /** Attachments on an internal note are internal too. */
    isPublic: boolean("is_public").notNull().default(true),
    filename: text("filename").notNull(),
    contentType: text("content_type").notNull(),
    size: integer("size").notNull(),
    storageKey: text("storage_key").notNull(),
    uploadedByName: text("uploaded_by_name").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("attachments_ticket_idx").on(t.ticketId), sameTenant("attachments_ticket_fk", t, t.ticketId, tickets, "cascade")],
);
