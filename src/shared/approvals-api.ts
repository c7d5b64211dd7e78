/** The HTTP contract for customer approval of work (APR-1…APR-5) and the portal's approvals inbox. */
import { z } from "zod";
import { page, uuidSchema } from "./api.js";

const iso = z.string();
const ref = z.object({ id: z.string(), name: z.string() }).nullable();
const dateSchema = z
  .string()
  .regex(/^(19|20)\d{2}-\d{2}-\d{2}$/, "is not a date (YYYY-MM-DD)")
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
  }, "is not a date on the calendar");

/** What the approval screen shows for a job (APR-3): its latest version's state, or not sent. */
export const approvalJobStatuses = ["not_sent", "awaiting", "approved", "queried", "expired"] as const;
export type ApprovalJobStatus = (typeof approvalJobStatuses)[number];
export const approvalJobStatusLabels: Record<ApprovalJobStatus, string> = {
  not_sent: "Not sent",
  awaiting: "Awaiting answer",
  approved: "Approved",
  queried: "Queried",
  expired: "Expired",
};
/** Distinct colours per status (APR-3), the same in both apps. */
export const approvalStatusColors: Record<ApprovalJobStatus | "superseded" | "reopened", string> = {
  not_sent: "gray",
  awaiting: "blue",
  approved: "green",
  queried: "orange",
  expired: "red",
  superseded: "gray",
  reopened: "grape",
};
export const approvalRequestStatuses = ["awaiting", "approved", "queried", "expired", "superseded", "reopened"] as const;
export type ApprovalRequestStatus = (typeof approvalRequestStatuses)[number];
export const approvalRequestStatusLabels: Record<ApprovalRequestStatus, string> = {
  awaiting: "Awaiting answer",
  approved: "Approved",
  queried: "Queried",
  expired: "Expired",
  superseded: "Replaced by a newer version",
  reopened: "Reopened",
};
export const approvalEventLabels: Record<string, string> = {
  sent: "Sent",
  approved: "Approved",
  queried: "Queried",
  expired: "Expired without an answer",
  deemed_approved: "Counted as approved: no answer within the approval period",
  superseded: "Replaced by a newer version",
  reopened: "Reopened",
};

export const approvalLineDto = z.object({
  timeEntryId: z.string(),
  ticket: z.object({ id: z.string(), number: z.number(), title: z.string() }),
  staffName: z.string(),
  date: z.string(),
  hours: z.string(),
  note: z.string(),
  rate: z.string(),
  amount: z.string(),
});
export type ApprovalLineDto = z.infer<typeof approvalLineDto>;
export const approvalEventDto = z.object({
  kind: z.string(),
  at: iso,
  by: z.string(),
  comment: z.string(),
  ip: z.string().nullable(),
  statementHash: z.string().nullable(),
});
export const approvalVersionDto = z.object({
  id: z.string(),
  version: z.number(),
  status: z.enum(approvalRequestStatuses),
  cutOff: z.string(),
  sentAt: iso,
  expiresAt: iso,
  closedAt: iso.nullable(),
  sentTo: ref,
  totalHours: z.string(),
  totalAmount: z.string(),
  statementHash: z.string(),
  lines: z.array(approvalLineDto),
  events: z.array(approvalEventDto),
  can: z.object({ reopen: z.boolean(), downloadStatement: z.boolean() }),
});
export type ApprovalVersionDto = z.infer<typeof approvalVersionDto>;

/** A row of the staff approval screen. */
export const approvalJobRow = z.object({
  job: z.object({ id: z.string(), number: z.string(), name: z.string() }),
  account: ref,
  contact: ref,
  manager: ref,
  status: z.enum(approvalJobStatuses),
  latest: z
    .object({
      id: z.string(),
      version: z.number(),
      status: z.enum(approvalRequestStatuses),
      sentAt: iso,
      expiresAt: iso,
      closedAt: iso.nullable(),
      totalAmount: z.string(),
      comment: z.string(),
      /** What closed it: approved, queried, expired, or deemed_approved (nobody answered within the period). */
      outcome: z.string().nullable(),
    })
    .nullable(),
  /** Billable work up to today not yet in an open or approved version. */
  unsent: z.object({ entries: z.number(), hours: z.string(), amount: z.string() }),
  /** Why the job cannot be sent now; null when it can. */
  sendRefusal: z.string().nullable(),
});
export type ApprovalJobRow = z.infer<typeof approvalJobRow>;
/** `today`: the day in the tenant's time zone, the latest cut-off a send accepts. */
export const approvalJobListResponse = page(approvalJobRow).extend({ currency: z.string(), enabled: z.boolean(), today: z.string() });
export type ApprovalJobList = z.infer<typeof approvalJobListResponse>;
export const approvalJobQuery = z
  .object({
    status: z.enum(approvalJobStatuses).optional(),
    accountId: uuidSchema.optional(),
    q: z.string().trim().max(200).optional(),
    page: z.coerce.number().int().min(1).max(100000).default(1),
    pageSize: z.coerce.number().int().min(1).max(100).default(25),
  })
  .strict();
export const approvalJobDetail = approvalJobRow.extend({
  currency: z.string(),
  today: z.string(),
  /** What the next version would hold (APR-3: open a job's details before sending). */
  unsentLines: z.array(approvalLineDto),
  versions: z.array(approvalVersionDto),
});
export type ApprovalJobDetail = z.infer<typeof approvalJobDetail>;
export const sendApprovalsBody = z
  .object({
    jobIds: z.array(uuidSchema).min(1, "choose at least one job").max(100, "send at most 100 jobs at once"),
    /** The last day of work to include; today when left out. */
    cutOff: dateSchema.optional(),
  })
  .strict();
export type SendApprovalsBody = z.input<typeof sendApprovalsBody>;
export const sendApprovalsResponse = z.object({
  sent: z.number(),
  refused: z.number(),
  results: z.array(z.object({ jobId: z.string(), job: z.string(), version: z.number().nullable(), refusal: z.string().nullable() })),
});
export type SendApprovalsResponse = z.infer<typeof sendApprovalsResponse>;
export const reopenApprovalBody = z.object({ reason: z.string().trim().min(1, "is required: say why the approved work is reopened").max(2000) }).strict();

// ---------- portal: the approvals inbox ----------
export const portalApprovalRow = z.object({
  id: z.string(),
  /** The inbox holds other kinds of request later (quotes, renewals). */
  kind: z.literal("work"),
  job: z.object({ number: z.string(), name: z.string() }),
  version: z.number(),
  status: z.enum(approvalRequestStatuses),
  cutOff: z.string(),
  sentAt: iso,
  expiresAt: iso,
  currency: z.string(),
  totalHours: z.string(),
  totalAmount: z.string(),
  answer: z.object({ decision: z.string(), by: z.string(), at: iso, comment: z.string() }).nullable(),
});
export type PortalApprovalRow = z.infer<typeof portalApprovalRow>;
export const portalApprovalListResponse = z.object({ items: z.array(portalApprovalRow), waiting: z.number() });
export const portalApprovalQuery = z.object({ state: z.enum(["waiting", "answered"]).default("waiting") }).strict();
export const portalApprovalDto = portalApprovalRow.extend({
  account: z.string(),
  lines: z.array(approvalLineDto.omit({ timeEntryId: true })),
  statementHash: z.string(),
  /** The version that replaced this one, if any. */
  current: z.object({ id: z.string(), version: z.number() }).nullable(),
  can: z.object({ answer: z.boolean() }),
});
export type PortalApprovalDto = z.infer<typeof portalApprovalDto>;
export const answerApprovalsBody = z
  .object({
    decision: z.enum(["approve", "query"]),
    comment: z.string().trim().max(5000, "must be at most 5000 characters").default(""),
    /** Each request with the hash of the statement the customer was shown. */
    requests: z.array(z.object({ id: uuidSchema, statementHash: z.string().regex(/^[0-9a-f]{64}$/, "is not a statement hash") }).strict()).min(1).max(50),
  })
  .strict()
  .refine((b) => b.decision !== "query" || b.comment.length > 0, { message: "is required: say what you are querying", path: ["comment"] });
export type AnswerApprovalsBody = z.input<typeof answerApprovalsBody>;
export const answerApprovalsResponse = z.object({ answered: z.number(), items: z.array(portalApprovalRow) });
