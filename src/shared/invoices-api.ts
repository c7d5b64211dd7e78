/** The HTTP contract for invoices (INV-1): the staff console's invoices and the portal's, shared with the SPA. */
import { z } from "zod";
import { emailSchema, page, uuidSchema } from "./api.js";
import { moneySchema, percentSchema } from "./money.js";

const iso = z.string();
const ref = z.object({ id: z.string(), name: z.string() });

/** YYYY-MM-DD that is a day on the calendar. */
export const calendarDate = z
  .string()
  .trim()
  .regex(/^(19|20)\d{2}-\d{2}-\d{2}$/, "is not a date (YYYY-MM-DD)")
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
  }, "is not a date on the calendar");

// ---------- statuses ----------
/** What is stored. "overdue" is never stored: it is derived from the due date. */
export const storedInvoiceStatuses = ["draft", "sent", "partly_paid", "paid", "void"] as const;
export type StoredInvoiceStatus = (typeof storedInvoiceStatuses)[number];
/** What people see: the stored status, or "overdue" for an unpaid issued invoice past its due date. */
export const invoiceStatuses = ["draft", "sent", "partly_paid", "overdue", "paid", "void"] as const;
export type InvoiceStatus = (typeof invoiceStatuses)[number];
export const invoiceStatusLabels: Record<InvoiceStatus, string> = {
  draft: "Draft",
  sent: "Sent",
  partly_paid: "Partly paid",
  overdue: "Overdue",
  paid: "Paid",
  void: "Void",
};
export const invoiceStatusColors: Record<InvoiceStatus, string> = {
  draft: "gray",
  sent: "blue",
  partly_paid: "yellow",
  overdue: "red",
  paid: "green",
  void: "dark",
};

/** The stored statuses that turn overdue once the due date has passed (something is still owed). */
export const overdueCandidates: readonly StoredInvoiceStatus[] = ["sent", "partly_paid"];

/**
 * The one rule for the status shown (INV-1): an issued invoice with something owed is overdue from the day
 * after its due date, in the company's time zone (`today` is the company's day, YYYY-MM-DD).
 */
export function shownInvoiceStatus(stored: StoredInvoiceStatus, dueDate: string, today: string): InvoiceStatus {
  return overdueCandidates.includes(stored) && dueDate < today ? "overdue" : stored;
}

/**
 * The same rule as a filter, for the list's SQL: the stored statuses a shown status comes from, and whether
 * the due date must be before today ("past") or on or after it ("not_past"). shownInvoiceStatus(s, d, today)
 * is `shown` exactly when s is in `stored` and d meets `due` (test/unit/invoice-totals.test.ts checks both agree).
 */
export function invoiceStatusFilter(shown: InvoiceStatus): { stored: StoredInvoiceStatus[]; due: "past" | "not_past" | "any" } {
  if (shown === "overdue") return { stored: [...overdueCandidates], due: "past" };
  if (overdueCandidates.includes(shown as StoredInvoiceStatus)) return { stored: [shown as StoredInvoiceStatus], due: "not_past" };
  return { stored: [shown as StoredInvoiceStatus], due: "any" };
}

// ---------- DTOs ----------
export const invoiceLineDto = z.object({
  id: z.string(),
  description: z.string(),
  quantity: z.string(),
  unitPrice: z.string(),
  amount: z.string(),
  /** The approved version (APR-4) the line bills, if any. */
  approvalRequestId: z.string().nullable(),
});
export type InvoiceLineDto = z.infer<typeof invoiceLineDto>;
export const invoicePaymentDto = z.object({
  id: z.string(),
  paidOn: z.string(),
  amount: z.string(),
  method: z.string(),
  reference: z.string(),
});
export type InvoicePaymentDto = z.infer<typeof invoicePaymentDto>;

/** Every field customers see (INV-1, seed 002), with money as decimal strings in `currency`. */
const invoiceCore = {
  id: z.string(),
  /** Null on a draft; set from the company's sequence when issued. */
  number: z.number().nullable(),
  displayNumber: z.string().nullable(),
  status: z.enum(invoiceStatuses),
  account: ref,
  poNumber: z.string(),
  fromText: z.string(),
  toText: z.string(),
  invoiceDate: z.string(),
  dueDate: z.string(),
  salesRep: ref.nullable(),
  project: z.object({ id: z.string(), number: z.string(), name: z.string() }).nullable(),
  contract: ref.nullable(),
  currency: z.string(),
  taxRate: z.string(),
  subtotal: z.string(),
  discountAmount: z.string(),
  taxAmount: z.string(),
  grandTotal: z.string(),
  paidAmount: z.string(),
  paymentDue: z.string(),
  notes: z.string(),
  sentAt: iso.nullable(),
  voidedAt: iso.nullable(),
  lines: z.array(invoiceLineDto),
  payments: z.array(invoicePaymentDto),
};

/** The company as printed on the invoice: its name, address and whether it has a logo. */
export const invoiceIssuerDto = z.object({ name: z.string(), address: z.string(), hasLogo: z.boolean() });

export const recipientOptionDto = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  clientAdmin: z.boolean(),
  hasPortalAccess: z.boolean(),
  /** Ticked when the send dialog opens: client administrators with portal access. */
  isDefault: z.boolean(),
});
export type RecipientOption = z.infer<typeof recipientOptionDto>;

export const staffInvoiceDto = z.object({
  ...invoiceCore,
  storedStatus: z.enum(storedInvoiceStatuses),
  issuer: invoiceIssuerDto,
  voidReason: z.string(),
  voidedBy: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: iso,
  updatedAt: iso,
  /** The approved versions this invoice bills (they cannot go on another invoice until it is voided or deleted). */
  approvals: z.array(z.object({ id: z.string(), jobNumber: z.string(), jobName: z.string(), version: z.number(), totalAmount: z.string() })),
  payments: z.array(invoicePaymentDto.extend({ recordedBy: z.string().nullable(), createdAt: iso })),
  /** Contacts of the account with an email address, for the send dialog. */
  recipientOptions: z.array(recipientOptionDto),
  today: z.string(),
  can: z.object({ edit: z.boolean(), delete: z.boolean(), send: z.boolean(), recordPayment: z.boolean(), void: z.boolean() }),
});
export type StaffInvoiceDto = z.infer<typeof staffInvoiceDto>;

export const invoiceListItem = z.object({
  id: z.string(),
  number: z.number().nullable(),
  displayNumber: z.string().nullable(),
  status: z.enum(invoiceStatuses),
  account: ref,
  poNumber: z.string(),
  invoiceDate: z.string(),
  dueDate: z.string(),
  currency: z.string(),
  grandTotal: z.string(),
  paidAmount: z.string(),
  paymentDue: z.string(),
  sentAt: iso.nullable(),
});
export type InvoiceListItem = z.infer<typeof invoiceListItem>;
export const invoiceListResponse = page(invoiceListItem).extend({ today: z.string() });
export type InvoiceList = z.infer<typeof invoiceListResponse>;
export const invoiceListQuery = z
  .object({
    accountId: uuidSchema.optional(),
    status: z.enum(invoiceStatuses).optional(),
    q: z.string().trim().max(200).optional(),
    page: z.coerce.number().int().min(1).max(100000).default(1),
    pageSize: z.coerce.number().int().min(1).max(100).default(25),
  })
  .strict();
export const portalInvoiceListQuery = invoiceListQuery.omit({ accountId: true });

export const portalInvoiceDto = z.object({ ...invoiceCore, issuer: invoiceIssuerDto });
export type PortalInvoiceDto = z.infer<typeof portalInvoiceDto>;

// ---------- bodies ----------
/** Up to 1,000,000 with two decimals; more than 0 is checked with the totals, so the message names the rule. */
export const quantitySchema = z
  .string()
  .trim()
  .regex(/^-?\d{1,7}(\.\d{1,2})?$/, "must be a number such as 1, 2.5 or 0.25")
  .refine((v) => Number(v) > 0, "must be more than 0: negative and zero quantities are not accepted")
  .refine((v) => Number(v) <= 1_000_000, "must be at most 1,000,000");
export const invoiceLineBody = z
  .object({
    description: z.string().trim().min(1, "is required").max(500, "must be at most 500 characters"),
    quantity: quantitySchema,
    unitPrice: moneySchema,
    /** Keeps a line's link to the approved version it bills (only one this invoice already bills). */
    approvalRequestId: uuidSchema.nullish(),
  })
  .strict();
export type InvoiceLineBody = z.input<typeof invoiceLineBody>;
const optionalRef = uuidSchema.nullish();
const invoiceFields = {
  invoiceDate: calendarDate,
  dueDate: calendarDate,
  poNumber: z.string().trim().max(100, "must be at most 100 characters"),
  toText: z.string().trim().max(1000, "must be at most 1000 characters"),
  salesRepStaffId: optionalRef,
  jobId: optionalRef,
  contractId: optionalRef,
  taxRate: percentSchema,
  discountAmount: moneySchema,
  notes: z.string().trim().max(5000, "must be at most 5000 characters"),
};
const fieldsMask = { invoiceDate: true, dueDate: true, poNumber: true, toText: true, salesRepStaffId: true, jobId: true, contractId: true, taxRate: true, discountAmount: true, notes: true } as const;
/** A draft by hand: the dates default to today and today plus the payment terms, the tax rate to the company's. */
export const createInvoiceBody = z
  .object({ accountId: uuidSchema, ...invoiceFields, lines: z.array(invoiceLineBody).max(200, "may have at most 200 lines").default([]) })
  .partial(fieldsMask)
  .strict();
export type CreateInvoiceBody = z.input<typeof createInvoiceBody>;
/** A draft's changes; `lines`, when given, replaces every line. */
export const updateInvoiceBody = z
  .object({ ...invoiceFields, lines: z.array(invoiceLineBody).max(200, "may have at most 200 lines") })
  .partial()
  .strict();
export type UpdateInvoiceBody = z.input<typeof updateInvoiceBody>;

export const sendInvoiceBody = z
  .object({
    /** Contacts of the account to email; left out: the account's client administrators with portal access. */
    contactIds: z.array(uuidSchema).max(50, "choose at most 50 recipients").optional(),
    /** Other addresses to copy (an accounts-payable mailbox). */
    extraEmails: z.array(emailSchema).max(10, "add at most 10 addresses").default([]),
  })
  .strict();
export type SendInvoiceBody = z.input<typeof sendInvoiceBody>;
export const sendInvoiceResponse = z.object({ invoice: staffInvoiceDto, emailedTo: z.array(z.string()) });
export type SendInvoiceResponse = z.infer<typeof sendInvoiceResponse>;

export const paymentMethods = ["bank_transfer", "card", "cash", "cheque", "direct_debit", "other"] as const;
export const paymentMethodLabels: Record<(typeof paymentMethods)[number], string> = {
  bank_transfer: "Bank transfer",
  card: "Card",
  cash: "Cash",
  cheque: "Cheque",
  direct_debit: "Direct debit",
  other: "Other",
};
export const recordPaymentBody = z
  .object({
    amount: moneySchema,
    paidOn: calendarDate,
    method: z.enum(paymentMethods),
    reference: z.string().trim().max(200, "must be at most 200 characters").default(""),
  })
  .strict();
export type RecordPaymentBody = z.input<typeof recordPaymentBody>;
export const voidInvoiceBody = z.object({ reason: z.string().trim().min(1, "is required: say why the invoice is voided").max(1000, "must be at most 1000 characters") }).strict();
export type VoidInvoiceBody = z.input<typeof voidInvoiceBody>;

// ---------- from approved work ----------
export const invoiceableApprovalDto = z.object({
  id: z.string(),
  job: z.object({ id: z.string(), number: z.string(), name: z.string() }),
  version: z.number(),
  cutOff: z.string(),
  approvedAt: iso.nullable(),
  totalHours: z.string(),
  totalAmount: z.string(),
  lineCount: z.number(),
});
export type InvoiceableApproval = z.infer<typeof invoiceableApprovalDto>;
export const invoiceableApprovalsResponse = z.object({ items: z.array(invoiceableApprovalDto), currency: z.string() });
export const invoiceGroupings = ["per_line", "per_version"] as const;
export const createFromApprovalsBody = z
  .object({
    accountId: uuidSchema,
    approvalRequestIds: z.array(uuidSchema).min(1, "choose at least one approved version").max(50, "choose at most 50 versions"),
    /** One line per approved time entry, or one per version (per rate, so the amounts stay the approved ones). */
    grouping: z.enum(invoiceGroupings).default("per_line"),
    invoiceDate: calendarDate.optional(),
    dueDate: calendarDate.optional(),
    poNumber: invoiceFields.poNumber.optional(),
    notes: invoiceFields.notes.optional(),
  })
  .strict();
export type CreateFromApprovalsBody = z.input<typeof createFromApprovalsBody>;

/** What the new-invoice form offers for an account: its jobs, contracts, and the company's defaults. */
export const invoiceOptionsResponse = z.object({
  account: ref,
  jobs: z.array(z.object({ id: z.string(), number: z.string(), name: z.string(), isProject: z.boolean() })),
  contracts: z.array(z.object({ id: z.string(), name: z.string(), status: z.string() })),
  defaults: z.object({ invoiceDate: z.string(), dueDate: z.string(), taxRate: z.string(), toText: z.string(), currency: z.string() }),
});
export type InvoiceOptions = z.infer<typeof invoiceOptionsResponse>;

export const companyLogoResponse = z.object({ hasLogo: z.boolean(), width: z.number().nullable(), height: z.number().nullable() });
