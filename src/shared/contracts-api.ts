/**
 * The HTTP contract for contracts (CON-1): what an account has agreed to buy, the fields each type of contract
 * uses, the amounts derived from invoices and time, and the prepaid-hours summary of a retainer by hours.
 */
import { z } from "zod";
import { page, uuidSchema } from "./api.js";
import { moneySchema } from "./money.js";

// The same values as the database's (src/server/db/schema/contracts.ts); the presenter checks they agree.
export const contractTypes = ["time_materials", "recurring", "fixed_price", "retainer_amount", "retainer_hours"] as const;
export type ContractType = (typeof contractTypes)[number];
export const contractStatuses = ["draft", "active", "on_hold", "ended", "cancelled"] as const;
export type ContractStatus = (typeof contractStatuses)[number];
export const billingCycles = ["monthly", "quarterly", "yearly"] as const;
export type BillingCycle = (typeof billingCycles)[number];

export const contractTypeLabels: Record<ContractType, string> = {
  time_materials: "Time & materials",
  recurring: "Recurring",
  fixed_price: "Fixed price",
  retainer_amount: "Retainer by amount",
  retainer_hours: "Retainer by hours",
};
export const contractStatusLabels: Record<ContractStatus, string> = {
  draft: "Draft",
  active: "Active",
  on_hold: "On hold",
  ended: "Ended",
  cancelled: "Cancelled",
};
/** Distinct colours per status, the same in both apps. */
export const contractStatusColors: Record<ContractStatus, string> = { draft: "gray", active: "green", on_hold: "yellow", ended: "blue", cancelled: "red" };
export const billingCycleLabels: Record<BillingCycle, string> = { monthly: "Monthly", quarterly: "Quarterly", yearly: "Yearly" };

/** The fields only some types use (seed 002): each is required where it applies and refused where it does not. */
export const typeSpecificFields = ["billingCycle", "billingPrice", "hoursPerPeriod"] as const;
export type TypeSpecificField = (typeof typeSpecificFields)[number];
export const fieldsByType: Record<ContractType, readonly TypeSpecificField[]> = {
  time_materials: [],
  recurring: ["billingCycle", "billingPrice"],
  fixed_price: ["billingPrice"],
  retainer_amount: ["billingPrice"],
  retainer_hours: ["billingCycle", "hoursPerPeriod"],
};
/** The derived amounts each type shows: bill and remaining for a fixed price, consumed and remaining for a retainer by amount. */
export const amountsByType: Record<ContractType, readonly ("billAmount" | "remainingAmount" | "consumedAmount")[]> = {
  time_materials: [],
  recurring: [],
  fixed_price: ["billAmount", "remainingAmount"],
  retainer_amount: ["consumedAmount", "remainingAmount"],
  retainer_hours: [],
};
/** Field names as people read them, for forms and the history. */
export const contractFieldLabels: Record<string, string> = {
  name: "Name",
  type: "Type",
  reference: "Reference",
  status: "Status",
  isDefault: "Default contract",
  startDate: "Start date",
  endDate: "End date",
  sla: "SLA",
  setupFee: "Setup fee",
  billingCycle: "Billing cycle",
  billingPrice: "Billing price",
  hoursPerPeriod: "Prepaid hours per period",
  description: "Description",
  billingInfo: "Billing information",
  job: "Job",
};
export const contractEventLabels: Record<string, string> = {
  created: "Created",
  updated: "Changed",
  job_linked: "Job linked",
  job_unlinked: "Job unlinked",
  alert_sent: "Prepaid-hours alert sent",
};

type TypeValues = Partial<Record<TypeSpecificField, string | null | undefined>>;
/**
 * What is wrong with a contract's type-specific fields for its type: a field that applies must be given, and a field
 * that does not apply must be left empty (a value there would be silently meaningless, so it is refused, not dropped).
 */
export function typeFieldProblems(type: ContractType, v: TypeValues): { field: TypeSpecificField; message: string }[] {
  const label = contractTypeLabels[type].toLowerCase();
  const article = /^[aeiou]/.test(label) ? "an" : "a";
  const problems: { field: TypeSpecificField; message: string }[] = [];
  for (const field of typeSpecificFields) {
    const applies = fieldsByType[type].includes(field);
    const value = v[field];
    if (!applies && value !== null && value !== undefined) problems.push({ field, message: `does not apply to ${article} ${label} contract: leave it empty` });
    if (applies && (value === null || value === undefined)) problems.push({ field, message: `is required for ${article} ${label} contract` });
  }
  return problems;
}

// ---------- building blocks ----------
const trimmed = (max: number) => z.string().trim().max(max, `must be at most ${max} characters`);
export const contractDateSchema = z
  .string()
  .regex(/^(19|20)\d{2}-\d{2}-\d{2}$/, "is not a date (YYYY-MM-DD)")
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
  }, "is not a date on the calendar");
const emptyIsNull = <T extends z.ZodTypeAny>(schema: T) =>
  z
    .union([z.literal(""), schema])
    .nullable()
    .transform((v) => (v === "" || v === null ? null : (v as z.infer<T>)));
/** Hours of a retainer's block: more than 0, up to 99,999.99. */
export const blockHoursSchema = z
  .string()
  .trim()
  .regex(/^\d{1,5}(\.\d{1,2})?$/, "must be a number of hours such as 20 or 7.5, below 100,000")
  .refine((v) => /[1-9]/.test(v), "must be more than 0");
const endAfterStart = { message: "must be on or after the start date", path: ["endDate"] };

const fields = {
  name: trimmed(200).min(1, "is required"),
  reference: trimmed(100),
  status: z.enum(contractStatuses),
  isDefault: z.boolean(),
  startDate: contractDateSchema,
  endDate: emptyIsNull(contractDateSchema),
  sla: trimmed(200),
  setupFee: emptyIsNull(moneySchema),
  billingCycle: emptyIsNull(z.enum(billingCycles)),
  billingPrice: emptyIsNull(moneySchema),
  hoursPerPeriod: emptyIsNull(blockHoursSchema),
  description: trimmed(5000),
  billingInfo: trimmed(2000),
};

export const createContractBody = z
  .object({
    accountId: uuidSchema,
    type: z.enum(contractTypes),
    name: fields.name,
    reference: fields.reference.default(""),
    status: fields.status.default("active"),
    isDefault: fields.isDefault.default(false),
    startDate: fields.startDate,
    endDate: fields.endDate.default(null),
    sla: fields.sla.default(""),
    setupFee: fields.setupFee.default(null),
    billingCycle: fields.billingCycle.default(null),
    billingPrice: fields.billingPrice.default(null),
    hoursPerPeriod: fields.hoursPerPeriod.default(null),
    description: fields.description.default(""),
    billingInfo: fields.billingInfo.default(""),
  })
  .strict()
  .refine((v) => !v.endDate || v.endDate >= v.startDate, endAfterStart)
  .superRefine((v, ctx) => {
    for (const p of typeFieldProblems(v.type, v)) ctx.addIssue({ code: "custom", message: p.message, path: [p.field] });
  });
export type CreateContractBody = z.input<typeof createContractBody>;

/**
 * A change names only what changes. The type-specific rules are checked by the server on the contract as it will be:
 * changing the type empties the fields the new type does not use, and asks for those it needs.
 */
export const updateContractBody = z
  .object({ type: z.enum(contractTypes), ...fields })
  .partial()
  .strict()
  .refine((v) => !v.endDate || !v.startDate || v.endDate >= v.startDate, endAfterStart);
export type UpdateContractBody = z.input<typeof updateContractBody>;

export const contractListQuery = z
  .object({
    accountId: uuidSchema.optional(),
    status: z.enum(contractStatuses).optional(),
    type: z.enum(contractTypes).optional(),
    q: trimmed(200).optional(),
    page: z.coerce.number().int().min(1).max(100000).default(1),
    pageSize: z.coerce.number().int().min(1).max(100).default(25),
  })
  .strict();
export const contractJobParams = z.object({ id: uuidSchema, jobId: uuidSchema }).strict();

// ---------- answers ----------
const ref = z.object({ id: z.string(), name: z.string() });
const day = z.string();

export const contractRow = z.object({
  id: z.string(),
  name: z.string(),
  type: z.enum(contractTypes),
  reference: z.string(),
  status: z.enum(contractStatuses),
  isDefault: z.boolean(),
  account: ref,
  startDate: day,
  endDate: day.nullable(),
  billingCycle: z.enum(billingCycles).nullable(),
  billingPrice: z.string().nullable(),
  hoursPerPeriod: z.string().nullable(),
  jobCount: z.number(),
});
export type ContractRow = z.infer<typeof contractRow>;
export const contractListResponse = page(contractRow).extend({ currency: z.string() });
export type ContractList = z.infer<typeof contractListResponse>;

/** Amounts derived from invoices and time, never stored; null where the type has no such amount. */
export const contractAmounts = z.object({
  /** Fixed price: what the contract bills, its billing price. */
  billAmount: z.string().nullable(),
  /** Fixed price: the grand totals of the issued invoices billed under it. */
  invoicedAmount: z.string().nullable(),
  /** Retainer by amount: billable time on its jobs at the job's rate, else the staff member's. */
  consumedAmount: z.string().nullable(),
  /** Fixed price: billing price less invoiced; retainer by amount: billing price less consumed. Negative when overrun. */
  remainingAmount: z.string().nullable(),
  /** Retainer by amount: billable entries without any rate, counted at 0. */
  unpricedEntries: z.number(),
});
export type ContractAmounts = z.infer<typeof contractAmounts>;

/** CON-1 the prepaid-hours summary of a retainer by hours in its current billing period. */
export const prepaidSummary = z.object({
  periodStart: day,
  periodEnd: day,
  /** The last day counted: today, or the period's end for a contract that has ended. */
  asOf: day,
  blockHours: z.string(),
  usedHours: z.string(),
  remainingHours: z.string(),
  /** Hours used beyond the block. */
  overHours: z.string(),
  percentUsed: z.number(),
  /** Average hours used per day so far this period. */
  dailyRate: z.string(),
  /** At the period's average rate, the day the block runs out (may be after the period's end); null when nothing is used yet. */
  projectedRunOut: day.nullable(),
  runOutWithinPeriod: z.boolean(),
  /** The day the block was used up, when it has been. */
  ranOutOn: day.nullable(),
  /** Each day of the period: hours used up to and including it (null after asOf), and the projection from asOf on. */
  series: z.array(z.object({ date: day, used: z.string().nullable(), projected: z.string().nullable() })),
  /** The tenant's alert thresholds, and those already emailed this period. */
  thresholds: z.array(z.number()),
  alerts: z.array(z.object({ threshold: z.number(), sentAt: z.string() })),
});
export type PrepaidSummary = z.infer<typeof prepaidSummary>;

export const contractEventDto = z.object({
  kind: z.string(),
  at: z.string(),
  by: z.string(),
  changes: z.array(z.object({ field: z.string(), before: z.string().nullable(), after: z.string().nullable() })),
  note: z.string(),
});
export type ContractEventDto = z.infer<typeof contractEventDto>;

export const contractJobDto = z.object({
  id: z.string(),
  number: z.string(),
  name: z.string(),
  status: z.enum(["active", "closed"]),
  manager: ref.nullable(),
  visibleInPortal: z.boolean(),
});
export const contractDto = contractRow.extend({
  sla: z.string(),
  setupFee: z.string().nullable(),
  description: z.string(),
  billingInfo: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  currency: z.string(),
  amounts: contractAmounts,
  /** Retainer by hours that has started; null otherwise. */
  prepaid: prepaidSummary.nullable(),
  jobs: z.array(contractJobDto),
  /** The account's other jobs, with the contract each is under now: linking moves a job here. */
  linkableJobs: z.array(z.object({ id: z.string(), number: z.string(), name: z.string(), contract: ref.nullable() })),
  history: z.array(contractEventDto),
  can: z.object({ edit: z.boolean(), linkJobs: z.boolean() }),
});
export type ContractDto = z.infer<typeof contractDto>;

// ---------- portal ----------
export const portalContractRow = contractRow.omit({ account: true, jobCount: true }).extend({
  /** Retainer by hours: how much of this period's block is used. */
  prepaid: z.object({ usedHours: z.string(), blockHours: z.string(), percentUsed: z.number(), periodEnd: day, projectedRunOut: day.nullable(), runOutWithinPeriod: z.boolean() }).nullable(),
});
export type PortalContractRow = z.infer<typeof portalContractRow>;
export const portalContractListResponse = z.object({ items: z.array(portalContractRow), currency: z.string() });
export type PortalContractList = z.infer<typeof portalContractListResponse>;
export const portalContractDto = portalContractRow.extend({
  account: z.string(),
  sla: z.string(),
  setupFee: z.string().nullable(),
  description: z.string(),
  billingInfo: z.string(),
  currency: z.string(),
  amounts: contractAmounts.omit({ unpricedEntries: true }),
  prepaid: prepaidSummary.nullable(),
  /** The contract's jobs that customers see. */
  jobs: z.array(z.object({ number: z.string(), name: z.string() })),
  history: z.array(contractEventDto),
});
export type PortalContractDto = z.infer<typeof portalContractDto>;
