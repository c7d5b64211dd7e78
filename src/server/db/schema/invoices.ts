import { sql } from "drizzle-orm";
import { bigint, bigserial, date, index, integer, numeric, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { accounts } from "./accounts.js";
import { approvalRequests } from "./approvals.js";
import { contracts } from "./contracts.js";
import { staffUsers } from "./staff.js";
import { sameTenant, tenantIdColumn, tenantKey } from "./tenants.js";
import { jobs } from "./tickets.js";

/** Stored statuses; "overdue" is derived (sent or partly paid, past its due date), never stored. */
export const invoiceStatuses = ["draft", "sent", "partly_paid", "paid", "void"] as const;
export type InvoiceStatus = (typeof invoiceStatuses)[number];

/**
 * INV-1: an invoice to an account. A draft has no number; issuing it takes the next number of the tenant's
 * sequence (portal_settings.next_invoice_number) in the same transaction, so numbers have no gaps and no
 * duplicates. Once issued, lines and amounts are frozen; payments and voiding are what change.
 */
export const invoices = pgTable(
  "invoices",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    accountId: uuid("account_id").notNull(),
    /** Sequence number, set when issued; the shown number is the tenant's prefix and this. */
    number: bigint("number", { mode: "number" }),
    displayNumber: text("display_number"),
    status: text("status").$type<InvoiceStatus>().notNull().default("draft"),
    poNumber: text("po_number").notNull().default(""),
    /** The issuer and the addressee as printed, frozen when issued. */
    fromText: text("from_text").notNull().default(""),
    toText: text("to_text").notNull().default(""),
    invoiceDate: date("invoice_date", { mode: "string" }).notNull(),
    dueDate: date("due_date", { mode: "string" }).notNull(),
    salesRepStaffId: uuid("sales_rep_staff_id"),
    /** The project (job) the invoice is for, and the contract it bills under. */
    jobId: uuid("job_id"),
    contractId: uuid("contract_id"),
    currency: text("currency").notNull(),
    /** Percent, on the subtotal after discount. */
    taxRate: numeric("tax_rate", { precision: 5, scale: 2 }).notNull().default("0"),
    discountAmount: numeric("discount_amount", { precision: 14, scale: 2 }).notNull().default("0"),
    subtotal: numeric("subtotal", { precision: 14, scale: 2 }).notNull().default("0"),
    taxAmount: numeric("tax_amount", { precision: 14, scale: 2 }).notNull().default("0"),
    grandTotal: numeric("grand_total", { precision: 14, scale: 2 }).notNull().default("0"),
    paidAmount: numeric("paid_amount", { precision: 14, scale: 2 }).notNull().default("0"),
    notes: text("notes").notNull().default(""),
    sentAt: timestamp("sent_at", { withTimezone: true }),
    voidedAt: timestamp("voided_at", { withTimezone: true }),
    /** Why and by whom an issued invoice was voided; it keeps its number. */
    voidReason: text("void_reason").notNull().default(""),
    voidedByStaffId: uuid("voided_by_staff_id"),
    createdByStaffId: uuid("created_by_staff_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    tenantKey("invoices", t),
    sameTenant("invoices_account_fk", t, t.accountId, accounts, "cascade"),
    sameTenant("invoices_sales_rep_fk", t, t.salesRepStaffId, staffUsers),
    sameTenant("invoices_job_fk", t, t.jobId, jobs),
    sameTenant("invoices_contract_fk", t, t.contractId, contracts),
    sameTenant("invoices_created_by_fk", t, t.createdByStaffId, staffUsers),
    sameTenant("invoices_voided_by_fk", t, t.voidedByStaffId, staffUsers),
    uniqueIndex("invoices_number_key").on(t.tenantId, t.number).where(sql`${t.number} is not null`),
    index("invoices_account_idx").on(t.tenantId, t.accountId, t.invoiceDate, t.id),
    index("invoices_list_idx").on(t.tenantId, t.invoiceDate, t.id),
  ],
);

/** A line: quantity × unit price, rounded half away from zero to the cent on each line. */
export const invoiceLines = pgTable(
  "invoice_lines",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    invoiceId: uuid("invoice_id").notNull(),
    sort: integer("sort").notNull(),
    description: text("description").notNull(),
    quantity: numeric("quantity", { precision: 12, scale: 2 }).notNull(),
    unitPrice: numeric("unit_price", { precision: 14, scale: 2 }).notNull(),
    amount: numeric("amount", { precision: 14, scale: 2 }).notNull(),
    /** Where the line came from, for history only (not keys). */
    approvalRequestId: uuid("approval_request_id"),
    timeEntryId: uuid("time_entry_id"),
  },
  (t) => [index("invoice_lines_invoice_idx").on(t.invoiceId, t.sort), sameTenant("invoice_lines_invoice_fk", t, t.invoiceId, invoices, "cascade")],
);

export const invoicePayments = pgTable(
  "invoice_payments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    invoiceId: uuid("invoice_id").notNull(),
    paidOn: date("paid_on", { mode: "string" }).notNull(),
    amount: numeric("amount", { precision: 14, scale: 2 }).notNull(),
    method: text("method").notNull().default(""),
    reference: text("reference").notNull().default(""),
    recordedByStaffId: uuid("recorded_by_staff_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    seq: bigserial("seq", { mode: "number" }).notNull(),
  },
  (t) => [
    index("invoice_payments_invoice_idx").on(t.invoiceId, t.seq),
    sameTenant("invoice_payments_invoice_fk", t, t.invoiceId, invoices, "cascade"),
    sameTenant("invoice_payments_recorded_by_fk", t, t.recordedByStaffId, staffUsers),
  ],
);

/** Approved work billed on an invoice: a version is invoiced once, until that invoice is voided or its draft deleted. */
export const invoicedApprovals = pgTable(
  "invoiced_approvals",
  {
    tenantId: tenantIdColumn(),
    approvalRequestId: uuid("approval_request_id").notNull(),
    invoiceId: uuid("invoice_id").notNull(),
  },
  (t) => [
    uniqueIndex("invoiced_approvals_request_key").on(t.tenantId, t.approvalRequestId),
    index("invoiced_approvals_invoice_idx").on(t.invoiceId),
    sameTenant("invoiced_approvals_request_fk", t, t.approvalRequestId, approvalRequests),
    sameTenant("invoiced_approvals_invoice_fk", t, t.invoiceId, invoices, "cascade"),
  ],
);
