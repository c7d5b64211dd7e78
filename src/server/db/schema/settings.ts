import { sql } from "drizzle-orm";
import { bigint, boolean, integer, numeric, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { staffUsers } from "./staff.js";
import { sameTenant, tenants } from "./tenants.js";

export const portalSettings = pgTable(
  "portal_settings",
  {
  tenantId: uuid("tenant_id")
    .primaryKey()
    .references(() => tenants.id, { onDelete: "cascade" }),
  active: boolean("active").notNull().default(true),
  portalName: text("portal_name").notNull().default("Client Portal"),
  portalUrl: text("portal_url"),
  passwordMinLength: integer("password_min_length").notNull().default(12),
  passwordRequireUpper: boolean("password_require_upper").notNull().default(false),
  passwordRequireLower: boolean("password_require_lower").notNull().default(false),
  passwordRequireDigit: boolean("password_require_digit").notNull().default(false),
  passwordRequireSymbol: boolean("password_require_symbol").notNull().default(false),
  signupEnabled: boolean("signup_enabled").notNull().default(false),
  signupNotifyEmails: text("signup_notify_emails").array().notNull().default(sql`'{}'::text[]`),
  signupAutoApproveKnownDomains: boolean("signup_auto_approve_known_domains").notNull().default(false),
  requireTwoFactor: boolean("require_two_factor").notNull().default(false),
  /** TKT-4: customers see time entries on their tickets. */
  showTimeEntries: boolean("show_time_entries").notNull().default(false),
  /** TKT-5: told about every ticket and note customers submit. */
  submissionNotifyEmails: text("submission_notify_emails").array().notNull().default(sql`'{}'::text[]`),
  addTicketText: text("add_ticket_text").notNull().default(""),
  addTicketTextActive: boolean("add_ticket_text_active").notNull().default(false),
  /** TKT-6: the last fallback when neither contact nor account has a time zone. */
  timeZone: text("time_zone").notNull().default("UTC"),
  nextTicketNumber: bigint("next_ticket_number", { mode: "number" }).notNull().default(1000),
  /** APR-1: customers approve billable work before it is invoiced. */
  approvalEnabled: boolean("approval_enabled").notNull().default(false),
  /** APR-5: days a request waits for the customer's answer. */
  approvalPeriodDays: integer("approval_period_days").notNull().default(7),
  /** APR-1: where answers to approval requests go (reply-to of the request, copy of each answer); null: the job manager only. */
  approvalReplyTo: text("approval_reply_to"),
  /** APR-5: what an unanswered request becomes when its period ends. */
  approvalExpiry: text("approval_expiry").$type<"expire" | "deem_approved">().notNull().default("expire"),
  /** ISO 4217 code of the money the company bills in. */
  currency: text("currency").notNull().default("USD"),
  /** CON-1: prepaid-hours alerts, percent of a period's block, each sent once per period. */
  retainerAlertThresholds: integer("retainer_alert_thresholds").array().notNull().default(sql`'{75,90,100}'::integer[]`),
  /** INV-1: the next number of the tenant's invoice sequence, taken when an invoice is issued. */
  nextInvoiceNumber: bigint("next_invoice_number", { mode: "number" }).notNull().default(1),
  invoicePrefix: text("invoice_prefix").notNull().default("INV-"),
  invoicePaymentTermsDays: integer("invoice_payment_terms_days").notNull().default(30),
  defaultTaxRate: numeric("default_tax_rate", { precision: 5, scale: 2 }).notNull().default("0"),
  /** Printed on invoices: the company's postal address and logo (re-encoded PNG in the file store). */
  companyAddress: text("company_address").notNull().default(""),
  companyLogoKey: text("company_logo_key"),
  /** PRJ-1 (seed 004): what customers may ever see of a project, whatever each association allows. */
  projectViewNotes: boolean("project_view_notes").notNull().default(true),
  projectViewFiles: boolean("project_view_files").notNull().default(true),
  projectViewOrganisation: boolean("project_view_organisation").notNull().default(true),
  projectViewClients: boolean("project_view_clients").notNull().default(true),
  projectViewTasks: boolean("project_view_tasks").notNull().default(true),
  projectViewTime: boolean("project_view_time").notNull().default(true),
  /** New portal tickets are assigned to this staff member (on a new install, the first administrator). */
  newTicketAssigneeId: uuid("new_ticket_assignee_id"),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [sameTenant("portal_settings_new_ticket_assignee_fk", t, t.newTicketAssigneeId, staffUsers)],
);
