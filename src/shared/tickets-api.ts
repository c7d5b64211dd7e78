/** The HTTP contract for portal roles, jobs, tickets, notes, time entries and attachments (issue: tickets). */
import { z } from "zod";
import { emailSchema, page, uuidSchema } from "./api.js";
import { optionalMoney } from "./money.js";

export const portalPermissions = [
  "tickets.view_own",
  "tickets.view_account",
  "tickets.create",
  "tickets.edit",
  "contacts.manage",
  "contracts.view",
  "invoices.view",
  "projects.view",
  "jobs.approve",
  "time_entries.view",
  "messages",
] as const;
export type PortalPermission = (typeof portalPermissions)[number];
export const portalPermissionLabels: Record<PortalPermission, string> = {
  "tickets.view_own": "View own tickets",
  "tickets.view_account": "View all tickets of the account",
  "tickets.create": "Create tickets",
  "tickets.edit": "Add notes and files to tickets",
  "contacts.manage": "Add and edit the account's contacts",
  "contracts.view": "View contracts",
  "invoices.view": "View invoices",
  "projects.view": "View projects",
  "jobs.approve": "Approve jobs",
  "time_entries.view": "See time entries",
  messages: "Messages",
};
export const ticketFormFields = ["site", "ticket_type", "priority", "issue_type", "sub_issue_type", "hardware_asset", "software_asset", "attachments"] as const;
export type TicketFormField = (typeof ticketFormFields)[number];
export const ticketFormFieldLabels: Record<TicketFormField, string> = {
  site: "Site",
  ticket_type: "Ticket type",
  priority: "Priority",
  issue_type: "Issue type",
  sub_issue_type: "Sub-issue type",
  hardware_asset: "Affected hardware asset",
  software_asset: "Affected software asset",
  attachments: "Attachments",
};
export const lookupKinds = ["ticket_type", "priority", "status", "issue_type", "sub_issue_type", "site", "hardware_asset", "software_asset"] as const;
export type LookupKind = (typeof lookupKinds)[number];

const text = (max: number) => z.string().trim().min(1, "is required").max(max, `must be at most ${max} characters`);
const longText = (max: number) => z.string().trim().max(max, `must be at most ${max} characters`);
const optionalId = uuidSchema.nullish().transform((v) => v ?? null);
const iso = z.string();
const ref = z.object({ id: z.string(), name: z.string() }).nullable();

// ---------- portal roles ----------
export const portalRoleDto = z.object({
  id: z.string(),
  name: z.string(),
  builtIn: z.boolean(),
  permissions: z.array(z.string()),
  defaultTypeId: z.string().nullable(),
  defaultPriorityId: z.string().nullable(),
  quickForm: z.boolean(),
  visibleFields: z.array(z.string()),
});
export type PortalRoleDto = z.infer<typeof portalRoleDto>;
export const portalRoleListResponse = z.object({ items: z.array(portalRoleDto) });
export const portalRoleBody = z
  .object({
    name: text(100),
    permissions: z.array(z.enum(portalPermissions)).max(20),
    defaultTypeId: optionalId,
    defaultPriorityId: optionalId,
    quickForm: z.boolean(),
    visibleFields: z.array(z.enum(ticketFormFields)).max(10),
  })
  .strict();
export type PortalRoleBody = z.input<typeof portalRoleBody>;

// ---------- account portal setup and memberships ----------
export const membershipBody = z
  .object({ clientAdmin: z.boolean(), sendCopyOfTickets: z.boolean(), portalRoleId: uuidSchema.nullable() })
  .partial()
  .strict();
export type MembershipBody = z.input<typeof membershipBody>;
export const membershipParams = z.object({ id: uuidSchema, contactId: uuidSchema }).strict();
export const membershipDto = z.object({
  accountId: z.string(),
  contactId: z.string(),
  contactName: z.string(),
  email: z.string().nullable(),
  portalStatus: z.string(),
  clientAdmin: z.boolean(),
  sendCopyOfTickets: z.boolean(),
  /** Null: the account's role applies. */
  portalRoleId: z.string().nullable(),
});
export type MembershipDto = z.infer<typeof membershipDto>;
export const membershipListResponse = z.object({ items: z.array(membershipDto) });

// ---------- jobs ----------
export const jobDto = z.object({
  id: z.string(),
  accountId: z.string(),
  number: z.string(),
  name: z.string(),
  status: z.enum(["active", "closed"]),
  manager: ref,
  contact: ref,
  visibleInPortal: z.boolean(),
  customersAddTickets: z.boolean(),
  copyEmailsToManager: z.boolean(),
  hoursVisible: z.boolean(),
  isDefault: z.boolean(),
  /** APR-2: the job's billable work goes to its contact for approval. */
  requiresApproval: z.boolean(),
  /** Per hour; null: each staff member's own rate. */
  billingRate: z.string().nullable(),
});
export type JobDto = z.infer<typeof jobDto>;
export const jobListResponse = z.object({ items: z.array(jobDto) });
const jobFields = {
  number: text(50),
  name: text(200),
  status: z.enum(["active", "closed"]),
  managerStaffId: optionalId,
  contactId: optionalId,
  visibleInPortal: z.boolean(),
  customersAddTickets: z.boolean(),
  copyEmailsToManager: z.boolean(),
  hoursVisible: z.boolean(),
  requiresApproval: z.boolean(),
  billingRate: optionalMoney,
};
export const createJobBody = z
  .object({ ...jobFields, status: jobFields.status.default("active"), requiresApproval: z.boolean().default(false), billingRate: jobFields.billingRate.default(null) })
  .strict();
export type CreateJobBody = z.input<typeof createJobBody>;
export const updateJobBody = z.object(jobFields).partial().strict();
export type UpdateJobBody = z.input<typeof updateJobBody>;

// ---------- lookups ----------
export const lookupDto = z.object({
  id: z.string(),
  kind: z.enum(lookupKinds),
  name: z.string(),
  parentId: z.string().nullable(),
  accountId: z.string().nullable(),
  sort: z.number(),
  isClosed: z.boolean(),
  /** Statuses: the ticket waits on the customer; the customer's reply moves it back to staff. */
  awaitsCustomer: z.boolean(),
  active: z.boolean(),
});
export type LookupDto = z.infer<typeof lookupDto>;
export const lookupListResponse = z.object({ items: z.array(lookupDto) });
export const lookupQuery = z.object({ kind: z.enum(lookupKinds).optional(), accountId: uuidSchema.optional() }).strict();
export const createLookupBody = z
  .object({ kind: z.enum(lookupKinds), name: text(100), parentId: optionalId, accountId: optionalId, sort: z.number().int().min(0).max(10000).default(0), isClosed: z.boolean().default(false), awaitsCustomer: z.boolean().default(false) })
  .strict();
export type CreateLookupBody = z.input<typeof createLookupBody>;
export const updateLookupBody = z.object({ name: text(100), sort: z.number().int().min(0).max(10000), isClosed: z.boolean(), awaitsCustomer: z.boolean(), active: z.boolean() }).partial().strict();
export type UpdateLookupBody = z.input<typeof updateLookupBody>;

// ---------- ticket settings ----------
export const ticketSettingsDto = z.object({
  showTimeEntries: z.boolean(),
  submissionNotifyEmails: z.array(z.string()),
  addTicketText: z.string(),
  addTicketTextActive: z.boolean(),
  timeZone: z.string(),
});
export type TicketSettingsDto = z.infer<typeof ticketSettingsDto>;
export const updateTicketSettingsBody = z
  .object({
    showTimeEntries: z.boolean(),
    submissionNotifyEmails: z.array(emailSchema).max(20),
    addTicketText: longText(5000),
    addTicketTextActive: z.boolean(),
    timeZone: z.string().max(64),
  })
  .partial()
  .strict();
export type UpdateTicketSettingsBody = z.input<typeof updateTicketSettingsBody>;

// ---------- tickets: shared pieces ----------
export const attachmentDto = z.object({ id: z.string(), filename: z.string(), contentType: z.string(), size: z.number(), uploadedBy: z.string(), createdAt: iso });
export type AttachmentDto = z.infer<typeof attachmentDto>;
export const noteDto = z.object({ id: z.string(), body: z.string(), author: z.string(), byStaff: z.boolean(), createdAt: iso });
const ticketSort = z.enum(["updated_desc", "updated_asc", "created_desc", "created_asc", "number_desc", "number_asc", "title_asc"]);
const listPaging = {
  q: z.string().trim().max(200).optional(),
  statusId: uuidSchema.optional(),
  priorityId: uuidSchema.optional(),
  jobId: uuidSchema.optional(),
  sort: ticketSort.default("updated_desc"),
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
};

// ---------- tickets in the portal ----------
export const portalTicketListQuery = z.object({ ...listPaging, open: z.enum(["open", "closed", "all"]).default("all") }).strict();
export const portalTicketRow = z.object({
  id: z.string(),
  number: z.number(),
  title: z.string(),
  status: ref,
  priority: ref,
  job: ref,
  contact: ref,
  createdAt: iso,
  updatedAt: iso,
});
export type PortalTicketRow = z.infer<typeof portalTicketRow>;
/**
 * Why a contact cannot raise tickets, so the portal says so instead of offering a link that is refused:
 * their role lacks "create tickets", or no job of the account in view takes tickets from them.
 */
export const portalCreateRefusal = z.object({
  reason: z.enum(["role", "no_job"]),
  /** The account in view. */
  accountName: z.string(),
  /** Whom at the service company to ask: the default job's manager, else whoever new portal tickets go to. */
  askName: z.string().nullable(),
});
export type PortalCreateRefusal = z.infer<typeof portalCreateRefusal>;
export const portalTicketListResponse = page(portalTicketRow).extend({
  /** The list page's "Raise a ticket" button: the role allows it and a job is open to the contact (as the form's canCreate). */
  can: z.object({ create: z.boolean() }),
  /** Set exactly when `can.create` is false. */
  createRefusal: portalCreateRefusal.nullable(),
});
export type PortalTicketList = z.infer<typeof portalTicketListResponse>;
/** The properties both the portal and the console show on a ticket. */
const ticketDetailFields = {
  details: z.string(),
  type: ref,
  issueType: ref,
  subIssueType: ref,
  site: ref,
  hardwareAsset: ref,
  softwareAsset: ref,
};
export const portalTimeEntryDto = z.object({
  id: z.string(),
  staffName: z.string(),
  date: iso,
  /** Only when the job has "hours visible". */
  hours: z.number().nullable(),
  startedAt: iso.nullable(),
  endedAt: iso.nullable(),
  /** Only public notes. */
  note: z.string().nullable(),
});
export const portalTicketDto = portalTicketRow.extend({
  ...ticketDetailFields,
  notes: z.array(noteDto),
  attachments: z.array(attachmentDto),
  timeEntries: z.array(portalTimeEntryDto).nullable(),
  can: z.object({ addNote: z.boolean(), upload: z.boolean() }),
});
export type PortalTicketDto = z.infer<typeof portalTicketDto>;
export const portalTicketFormResponse = z.object({
  layout: z.enum(["quick", "full"]),
  visibleFields: z.array(z.string()),
  introText: z.string().nullable(),
  jobs: z.array(z.object({ id: z.string(), name: z.string(), number: z.string(), isDefault: z.boolean() })),
  defaults: z.object({ jobId: z.string().nullable(), typeId: z.string().nullable(), priorityId: z.string().nullable() }),
  options: z.record(z.string(), z.array(z.object({ id: z.string(), name: z.string(), parentId: z.string().nullable() }))),
  canCreate: z.boolean(),
  /** Set exactly when `canCreate` is false. */
  refusal: portalCreateRefusal.nullable(),
});
export type PortalTicketForm = z.infer<typeof portalTicketFormResponse>;
export const portalCreateTicketBody = z
  .object({
    title: text(200),
    details: longText(20000).default(""),
    jobId: optionalId,
    siteId: optionalId,
    typeId: optionalId,
    priorityId: optionalId,
    issueTypeId: optionalId,
    subIssueTypeId: optionalId,
    hardwareAssetId: optionalId,
    softwareAssetId: optionalId,
  })
  .strict();
export type PortalCreateTicketBody = z.input<typeof portalCreateTicketBody>;
export const addNoteBody = z.object({ body: text(20000) }).strict();
export type AddNoteBody = z.input<typeof addNoteBody>;

// ---------- tickets in the staff console ----------
export const staffTicketListQuery = z
  .object({
    ...listPaging,
    accountId: uuidSchema.optional(),
    assignedStaffId: z.union([uuidSchema, z.literal("none"), z.literal("me")]).optional(),
    open: z.enum(["open", "closed", "all"]).default("open"),
    /** "us": the customer replied since staff last answered; "customer": the status waits on the customer. */
    waitingOn: z.enum(["us", "customer"]).optional(),
  })
  .strict();
export const staffTicketRow = portalTicketRow.extend({
  account: ref,
  assignedStaff: ref,
  createdVia: z.enum(["portal", "staff"]),
  /** When the customer replied and staff have not answered since (a public note or a status change); null otherwise. */
  customerRepliedAt: iso.nullable(),
});
export const staffTicketListResponse = page(staffTicketRow);
export const staffNoteDto = noteDto.extend({ isPublic: z.boolean() });
export const staffTimeEntryDto = z.object({
  id: z.string(),
  staff: ref,
  startedAt: iso,
  endedAt: iso,
  hours: z.number(),
  note: z.string(),
  notePublic: z.boolean(),
  billable: z.boolean(),
  /** Held by an approval version: "awaiting" (a change withdraws it) or "approved" (locked until reopened). */
  approval: z.object({ requestId: z.string(), version: z.number(), status: z.string() }).nullable(),
  can: z.object({ edit: z.boolean() }),
});
export const staffTicketDto = staffTicketRow.extend({
  ...ticketDetailFields,
  notes: z.array(staffNoteDto),
  attachments: z.array(attachmentDto.extend({ isPublic: z.boolean() })),
  timeEntries: z.array(staffTimeEntryDto),
});
export type StaffTicketDto = z.infer<typeof staffTicketDto>;
export const staffCreateTicketBody = portalCreateTicketBody
  .omit({ jobId: true })
  .extend({ jobId: uuidSchema, contactId: optionalId, assignedStaffId: optionalId, statusId: optionalId })
  .strict();
export type StaffCreateTicketBody = z.input<typeof staffCreateTicketBody>;
export const staffUpdateTicketBody = z
  .object({
    title: text(200),
    details: longText(20000),
    statusId: uuidSchema,
    priorityId: optionalId,
    typeId: optionalId,
    assignedStaffId: optionalId,
    jobId: uuidSchema,
  })
  .partial()
  .strict();
export type StaffUpdateTicketBody = z.input<typeof staffUpdateTicketBody>;
export const staffAddNoteBody = addNoteBody.extend({ isPublic: z.boolean() }).strict();
export type StaffAddNoteBody = z.input<typeof staffAddNoteBody>;
export const timeEntryBody = z
  .object({
    staffId: optionalId,
    startedAt: z.string().datetime({ offset: true, message: "is not a date and time" }),
    endedAt: z.string().datetime({ offset: true, message: "is not a date and time" }),
    note: longText(5000).default(""),
    notePublic: z.boolean().default(false),
    billable: z.boolean().default(true),
  })
  .strict()
  .refine((v) => new Date(v.endedAt) > new Date(v.startedAt), { message: "must be after the start", path: ["endedAt"] })
  .refine((v) => new Date(v.endedAt).getTime() - new Date(v.startedAt).getTime() <= 24 * 3600_000, { message: "an entry may span at most 24 hours", path: ["endedAt"] });
export type TimeEntryBody = z.input<typeof timeEntryBody>;
/** A change to a time entry: the whole entry again (an edit is rare, and the span is checked as one). */
export const updateTimeEntryBody = timeEntryBody;
export const timeEntryParams = z.object({ id: uuidSchema, entryId: uuidSchema }).strict();
export const ticketIdParams = z.object({ id: uuidSchema }).strict();
export const attachmentParams = z.object({ id: uuidSchema }).strict();
export const uploadResponse = attachmentDto;
