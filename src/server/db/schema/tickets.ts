import { sql } from "drizzle-orm";
import { bigint, bigserial, boolean, index, integer, numeric, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { accounts } from "./accounts.js";
import { contacts } from "./contacts.js";
import { staffUsers } from "./staff.js";
import { tenantIdColumn } from "./tenants.js";

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
    accountId: uuid("account_id").references(() => accounts.id, { onDelete: "cascade" }),
    sort: integer("sort").notNull().default(0),
    /** Statuses: does this status close the ticket? */
    isClosed: boolean("is_closed").notNull().default(false),
    active: boolean("active").notNull().default(true),
  },
  (t) => [index("lookups_kind_idx").on(t.tenantId, t.kind, t.sort)],
);

export const jobs = pgTable(
  "jobs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    accountId: uuid("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    number: text("number").notNull(),
    name: text("name").notNull(),
    status: text("status").$type<"active" | "closed">().notNull().default("active"),
    managerStaffId: uuid("manager_staff_id").references(() => staffUsers.id, { onDelete: "set null" }),
    contactId: uuid("contact_id").references(() => contacts.id, { onDelete: "set null" }),
    visibleInPortal: boolean("visible_in_portal").notNull().default(true),
    customersAddTickets: boolean("customers_add_tickets").notNull().default(true),
    copyEmailsToManager: boolean("copy_emails_to_manager").notNull().default(false),
    hoursVisible: boolean("hours_visible").notNull().default(false),
    isDefault: boolean("is_default").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
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
    accountId: uuid("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    jobId: uuid("job_id")
      .notNull()
      .references(() => jobs.id),
    contactId: uuid("contact_id").references(() => contacts.id, { onDelete: "set null" }),
    assignedStaffId: uuid("assigned_staff_id").references(() => staffUsers.id, { onDelete: "set null" }),
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
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex("tickets_number_key").on(t.tenantId, t.number),
    index("tickets_account_updated_idx").on(t.tenantId, t.accountId, t.updatedAt, t.id),
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
    ticketId: uuid("ticket_id")
      .notNull()
      .references(() => tickets.id, { onDelete: "cascade" }),
    body: text("body").notNull(),
    isPublic: boolean("is_public").notNull(),
    authorStaffId: uuid("author_staff_id").references(() => staffUsers.id, { onDelete: "set null" }),
    authorContactId: uuid("author_contact_id").references(() => contacts.id, { onDelete: "set null" }),
    authorName: text("author_name").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    /** Insertion order, for notes written in the same instant. */
    seq: bigserial("seq", { mode: "number" }).notNull(),
  },
  (t) => [index("ticket_notes_ticket_idx").on(t.ticketId, t.createdAt)],
);

export const timeEntries = pgTable(
  "time_entries",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    ticketId: uuid("ticket_id")
      .notNull()
      .references(() => tickets.id, { onDelete: "cascade" }),
    staffId: uuid("staff_id")
      .notNull()
      .references(() => staffUsers.id),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull(),
    endedAt: timestamp("ended_at", { withTimezone: true }).notNull(),
    hours: numeric("hours", { precision: 6, scale: 2, mode: "number" }).notNull(),
    note: text("note").notNull().default(""),
    notePublic: boolean("note_public").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("time_entries_ticket_idx").on(t.ticketId, t.startedAt)],
);

export const attachments = pgTable(
  "attachments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    ticketId: uuid("ticket_id")
      .notNull()
      .references(() => tickets.id, { onDelete: "cascade" }),
    /** Attachments on an internal note are internal too. */
    isPublic: boolean("is_public").notNull().default(true),
    filename: text("filename").notNull(),
    contentType: text("content_type").notNull(),
    size: integer("size").notNull(),
    storageKey: text("storage_key").notNull(),
    uploadedByName: text("uploaded_by_name").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("attachments_ticket_idx").on(t.ticketId)],
);
