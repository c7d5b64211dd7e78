import { sql } from "drizzle-orm";
import { bigserial, date, index, integer, numeric, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { accounts } from "./accounts.js";
import { contacts } from "./contacts.js";
import { staffUsers } from "./staff.js";
import { sameTenant, tenantIdColumn, tenantKey } from "./tenants.js";
import { jobs } from "./tickets.js";

export const approvalStatuses = ["awaiting", "approved", "queried", "expired", "superseded", "reopened"] as const;
export type ApprovalStatus = (typeof approvalStatuses)[number];

/**
 * APR-3, APR-4: one version of a job's billable work up to a cut-off, frozen when it is sent to the job
 * contact. A job has at most one version awaiting an answer; sending again supersedes it.
 */
export const approvalRequests = pgTable(
  "approval_requests",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    jobId: uuid("job_id").notNull(),
    accountId: uuid("account_id").notNull(),
    version: integer("version").notNull(),
    status: text("status").$type<ApprovalStatus>().notNull(),
    /** The last day (in the tenant's time zone) whose work the version covers. */
    cutOff: date("cut_off", { mode: "string" }).notNull(),
    /** The job contact it was sent to. */
    contactId: uuid("contact_id").notNull(),
    sentByStaffId: uuid("sent_by_staff_id"),
    sentAt: timestamp("sent_at", { withTimezone: true }).notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    closedAt: timestamp("closed_at", { withTimezone: true }),
    currency: text("currency").notNull(),
    totalHours: numeric("total_hours", { precision: 10, scale: 2 }).notNull(),
    totalAmount: numeric("total_amount", { precision: 14, scale: 2 }).notNull(),
    /** SHA-256 of the statement exactly as the customer is shown it; an answer names it. */
    statementHash: text("statement_hash").notNull(),
  },
  (t) => [
    tenantKey("approval_requests", t),
    sameTenant("approval_requests_job_fk", t, t.jobId, jobs, "cascade"),
    sameTenant("approval_requests_account_fk", t, t.accountId, accounts, "cascade"),
    sameTenant("approval_requests_contact_fk", t, t.contactId, contacts),
    sameTenant("approval_requests_sent_by_fk", t, t.sentByStaffId, staffUsers),
    uniqueIndex("approval_requests_version_key").on(t.tenantId, t.jobId, t.version),
    uniqueIndex("approval_requests_one_awaiting").on(t.jobId).where(sql`${t.status} = 'awaiting'`),
    index("approval_requests_account_idx").on(t.tenantId, t.accountId, t.status),
    index("approval_requests_expiry_idx").on(t.expiresAt).where(sql`${t.status} = 'awaiting'`),
  ],
);

/** The frozen lines of a version: what the customer was shown, whatever happens to the time entries later. */
export const approvalLines = pgTable(
  "approval_lines",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    requestId: uuid("request_id").notNull(),
    /** References for history only, not keys: the lines stay as they were when the entry or ticket changes. */
    timeEntryId: uuid("time_entry_id").notNull(),
    ticketId: uuid("ticket_id").notNull(),
    ticketNumber: integer("ticket_number").notNull(),
    ticketTitle: text("ticket_title").notNull(),
    staffName: text("staff_name").notNull(),
    workDate: date("work_date", { mode: "string" }).notNull(),
    hours: numeric("hours", { precision: 6, scale: 2 }).notNull(),
    note: text("note").notNull(),
    rate: numeric("rate", { precision: 12, scale: 2 }).notNull(),
    amount: numeric("amount", { precision: 14, scale: 2 }).notNull(),
    sort: integer("sort").notNull(),
  },
  (t) => [
    index("approval_lines_request_idx").on(t.requestId, t.sort),
    sameTenant("approval_lines_request_fk", t, t.requestId, approvalRequests, "cascade"),
  ],
);

export const approvalEventKinds = ["sent", "approved", "queried", "expired", "deemed_approved", "superseded", "reopened"] as const;
export type ApprovalEventKind = (typeof approvalEventKinds)[number];

/**
 * The history of a version: sending, the one outcome (an answer with its evidence, or what expiry did), and
 * an audited reopen. The partial unique index records exactly one outcome however many answers race.
 */
export const approvalEvents = pgTable(
  "approval_events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    requestId: uuid("request_id").notNull(),
    kind: text("kind").$type<ApprovalEventKind>().notNull(),
    at: timestamp("at", { withTimezone: true }).notNull(),
    staffId: uuid("staff_id"),
    contactId: uuid("contact_id"),
    /** Who, as they were named then. */
    actorName: text("actor_name").notNull(),
    comment: text("comment").notNull().default(""),
    ip: text("ip"),
    userAgent: text("user_agent"),
    /** Answers: the hash of the statement the customer was shown. */
    statementHash: text("statement_hash"),
    seq: bigserial("seq", { mode: "number" }).notNull(),
  },
  (t) => [
    index("approval_events_request_idx").on(t.requestId, t.seq),
    sameTenant("approval_events_request_fk", t, t.requestId, approvalRequests, "cascade"),
    sameTenant("approval_events_staff_fk", t, t.staffId, staffUsers),
    sameTenant("approval_events_contact_fk", t, t.contactId, contacts),
    uniqueIndex("approval_events_one_outcome").on(t.requestId).where(sql`${t.kind} in ('approved', 'queried', 'expired', 'deemed_approved', 'superseded')`),
  ],
);
