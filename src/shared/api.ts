/**
 * The HTTP contract shared by the server (validation, OpenAPI) and the SPA (types).
 * Request schemas are strict: unknown fields are refused. A `…Body` type is the schema's input (what a
 * client sends, before defaults and transforms); the SPA's API functions (src/web/api/) take these.
 */
import { z } from "zod";
import { passwordPolicySchema } from "./passwords.js";
import { currencySchema, optionalMoney, percentSchema } from "./money.js";

export const portalStatuses = ["not_enabled", "invited", "active", "disabled"] as const;
export type PortalStatus = (typeof portalStatuses)[number];
export const portalStatusLabels: Record<PortalStatus, string> = {
  not_enabled: "Not enabled",
  invited: "Invited (inactive)",
  active: "Active",
  disabled: "Disabled",
};

export const staffPermissions = [
  "admin",
  "accounts.manage",
  "contacts.manage",
  "portal_access.manage",
  "approval.allow",
  "settings.manage",
  "email_log.read",
  "tickets.manage",
  "jobs.manage",
  "billing.manage",
] as const;
export type StaffPermission = (typeof staffPermissions)[number];
export const staffPermissionLabels: Record<StaffPermission, string> = {
  admin: "Administrator (everything)",
  "accounts.manage": "Manage accounts",
  "contacts.manage": "Manage contacts",
  "portal_access.manage": "Manage customer portal access",
  "approval.allow": "Allow customer approval",
  "settings.manage": "Manage portal settings",
  "email_log.read": "Read the email log",
  "tickets.manage": "Work tickets (queue, notes, time)",
  "jobs.manage": "Manage jobs, projects and portal roles of accounts",
  "billing.manage": "Manage contracts and invoices",
};

// ---------- building blocks ----------
const trimmed = (max: number) => z.string().trim().max(max, `must be at most ${max} characters`);
const required = (max: number) => trimmed(max).min(1, "is required");
const optionalText = (max: number) =>
  trimmed(max)
    .nullish()
    .transform((v) => (v ? v : null));
export const emailSchema = z.string().trim().toLowerCase().max(254, "must be at most 254 characters").email("is not a valid email address");
const optionalEmail = z
  .union([z.literal(""), emailSchema])
  .nullish()
  .transform((v) => (v ? v : null));
export const timeZoneSchema = z
  .string()
  .max(64)
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat("en", { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, "is not a known time zone");
const optionalTimeZone = z
  .union([z.literal(""), timeZoneSchema])
  .nullish()
  .transform((v) => (v ? v : null));
export const usernameSchema = z
  .string()
  .trim()
  .min(3, "must be at least 3 characters")
  .max(254, "must be at most 254 characters")
  .regex(/^[A-Za-z0-9._@+-]+$/, "may only contain letters, digits and . _ @ + -");
/** Length only; the tenant's policy is checked by the server. */
export const passwordSchema = z.string().min(1, "is required").max(128, "must be at most 128 characters");
export const uuidSchema = z.string().uuid("is not a valid id");
export const idParams = z.object({ id: uuidSchema }).strict();
const pageQuery = {
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
};
const iso = z.string();

export const okResponse = z.object({ ok: z.literal(true), message: z.string().optional() });
export type OkResponse = z.infer<typeof okResponse>;
export const errorResponse = z.object({
  code: z.string(),
  message: z.string(),
  fields: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  /** A 409 for a duplicate: the record that is already there (only to a caller who may read it). */
  existing: z.object({ id: z.string(), name: z.string() }).optional(),
  requestId: z.string().optional(),
});
export type ApiError = z.infer<typeof errorResponse>;

export const page = <T extends z.ZodTypeAny>(item: T) =>
  z.object({
    items: z.array(item),
    /** Exact up to four pages past this one; beyond that `totalCapped` is true and the UI shows "N+". */
    total: z.number(),
    totalCapped: z.boolean(),
    page: z.number(),
    pageSize: z.number(),
  });

// ---------- system ----------
export const healthResponse = z.object({ ok: z.boolean(), database: z.enum(["ok", "unreachable"]) });

// ---------- staff: auth ----------
export const staffLoginBody = z.object({ email: emailSchema, password: passwordSchema }).strict();
export type StaffLoginBody = z.input<typeof staffLoginBody>;
export const gettingStartedDto = z.object({
  steps: z.array(z.object({ key: z.string(), label: z.string(), to: z.string(), done: z.boolean() })),
  complete: z.boolean(),
});
export type GettingStartedDto = z.infer<typeof gettingStartedDto>;

export const staffMe = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  role: z.object({ id: z.string(), name: z.string() }),
  permissions: z.array(z.string()),
  tenant: z.object({ id: z.string(), name: z.string() }),
  /** What this staff member may do, decided by the server's policy; the console shows actions from it. */
  can: z.object({
    manageAccounts: z.boolean(),
    manageContacts: z.boolean(),
    managePortalAccess: z.boolean(),
    manageJobs: z.boolean(),
    manageTickets: z.boolean(),
    manageSettings: z.boolean(),
    manageStaff: z.boolean(),
    readEmailLog: z.boolean(),
    /** APR-1: the approval screen and its menu entry. */
    approveWork: z.boolean(),
    /** CON-1, INV-1: create and edit contracts and invoices. */
    manageBilling: z.boolean(),
  }),
});
export type StaffMe = z.infer<typeof staffMe>;
/** People a form may pick (assignees, job managers): readable by every staff member. */
export const staffOptions = z.object({ staff: z.array(z.object({ id: z.string(), name: z.string() })) });
export const setupStatusResponse = z.object({ needed: z.boolean() });
export type SetupStatus = z.infer<typeof setupStatusResponse>;
export const setupBody = z
  .object({ token: z.string().min(1).max(200), name: required(100), email: emailSchema, password: passwordSchema })
  .strict();
export type SetupBody = z.input<typeof setupBody>;
/**
 * The staff setup and reset pages ask first whether their link still works. A link that does not (used,
 * expired or unknown) is only `valid: false`; a reset link names the staff member whose password it sets.
 */
export const staffLinkInfoResponse = z.object({
  valid: z.boolean(),
  purpose: z.enum(["staff_setup", "staff_reset"]).nullable(),
  email: z.string().nullable(),
  passwordPolicy: passwordPolicySchema,
  /** The staff member's name and email, which the new password must not contain (the form checks as they type). */
  passwordMustNotContain: z.array(z.string()),
});
export type StaffLinkInfo = z.infer<typeof staffLinkInfoResponse>;

// ---------- staff: staff users and roles ----------
export const staffRole = z.object({
  id: z.string(),
  name: z.string(),
  permissions: z.array(z.string()),
  builtIn: z.boolean(),
  userCount: z.number(),
});
export type StaffRole = z.infer<typeof staffRole>;
export const staffRoleBody = z
  .object({ name: required(100), permissions: z.array(z.enum(staffPermissions)).max(20) })
  .strict();
export type StaffRoleBody = z.input<typeof staffRoleBody>;
export const staffUser = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  role: z.object({ id: z.string(), name: z.string() }),
  disabled: z.boolean(),
  lastLoginAt: iso.nullable(),
  createdAt: iso,
  /** Per hour, what this person's time is billed at on jobs without a rate; null: none set. */
  hourlyRate: z.string().nullable(),
  /** Switches the console offers for this user; yourself you can neither disable nor move to another role. */
  can: z.object({ disable: z.boolean(), changeRole: z.boolean() }),
});
export type StaffUser = z.infer<typeof staffUser>;
/** The staff users, and the rules a new one's initial password must meet. */
export const staffUserListResponse = z.object({ items: z.array(staffUser), passwordPolicy: passwordPolicySchema });
export type StaffUserList = z.infer<typeof staffUserListResponse>;
export const createStaffUserBody = z
  .object({ name: required(100), email: emailSchema, roleId: uuidSchema, password: passwordSchema, hourlyRate: optionalMoney.default(null) })
  .strict();
export type CreateStaffUserBody = z.input<typeof createStaffUserBody>;
export const updateStaffUserBody = z
  .object({ name: required(100), roleId: uuidSchema, disabled: z.boolean(), hourlyRate: optionalMoney })
  .partial()
  .strict();
export type UpdateStaffUserBody = z.input<typeof updateStaffUserBody>;

// ---------- staff: accounts ----------
export const accountDto = z.object({
  id: z.string(),
  name: z.string(),
  number: z.string().nullable(),
  emailDomains: z.array(z.string()),
  timeZone: z.string().nullable(),
  portalEnabled: z.boolean(),
  /** ROL-3: the portal role the account's contacts get. */
  portalRole: z.object({ id: z.string(), name: z.string() }).nullable(),
  /** The staff member who looks after the client (CON-1: told when a retainer reaches a threshold). */
  manager: z.object({ id: z.string(), name: z.string() }).nullable(),
  archived: z.boolean(),
  contactCount: z.number(),
  createdAt: iso,
  can: z.object({ edit: z.boolean(), archive: z.boolean(), restore: z.boolean() }),
});
export type AccountDto = z.infer<typeof accountDto>;
export const accountListQuery = z
  .object({ q: trimmed(200).optional(), status: z.enum(["active", "archived", "all"]).default("active"), ...pageQuery })
  .strict();
export const accountListResponse = page(accountDto);
const domainSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(253)
  .regex(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/, "is not a valid domain (example.com)");
export const accountBody = z
  .object({
    name: required(200),
    number: optionalText(50),
    emailDomains: z.array(domainSchema).max(20).default([]),
    timeZone: optionalTimeZone,
    portalEnabled: z.boolean().default(true),
    portalRoleId: uuidSchema.optional(),
    managerStaffId: uuidSchema.nullable().optional(),
  })
  .strict();
export type AccountBody = z.input<typeof accountBody>;
export const updateAccountBody = z
  .object({
    name: required(200),
    number: optionalText(50),
    emailDomains: z.array(domainSchema).max(20),
    timeZone: optionalTimeZone,
    portalEnabled: z.boolean(),
    portalRoleId: uuidSchema,
    managerStaffId: uuidSchema.nullable(),
  })
  .partial()
  .strict();
export type UpdateAccountBody = z.input<typeof updateAccountBody>;

// ---------- staff: contacts ----------
export const contactPortalDto = z.object({
  status: z.enum(portalStatuses),
  username: z.string().nullable(),
  activatedAt: iso.nullable(),
  lastLoginAt: iso.nullable(),
  lockedUntil: iso.nullable(),
  twoFactorEnabled: z.boolean(),
  signupStatus: z.enum(["pending", "approved", "rejected"]).nullable(),
});
export const contactDto = z.object({
  id: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  name: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  jobTitle: z.string().nullable(),
  timeZone: z.string().nullable(),
  archived: z.boolean(),
  accounts: z.array(z.object({ id: z.string(), name: z.string(), portalEnabled: z.boolean() })),
  portal: contactPortalDto,
  createdAt: iso,
  can: z.object({
    edit: z.boolean(),
    archive: z.boolean(),
    restore: z.boolean(),
    managePortal: z.boolean(),
    /** Portal access may be granted now (it is not enabled, no sign-up waits); the server may still refuse a row with a fix. */
    grantPortal: z.boolean(),
  }),
});
export type ContactDto = z.infer<typeof contactDto>;
export const contactListQuery = z
  .object({
    q: trimmed(200).optional(),
    accountId: uuidSchema.optional(),
    portalAccess: z.enum(["any", "with", "without"]).default("any"),
    portalStatus: z.enum(portalStatuses).optional(),
    status: z.enum(["active", "archived", "all"]).default("active"),
    signup: z.enum(["pending"]).optional(),
    ...pageQuery,
  })
  .strict();
export const contactListResponse = page(contactDto);
export type ContactList = z.infer<typeof contactListResponse>;
export const contactBody = z
  .object({
    firstName: required(100),
    lastName: required(100),
    email: optionalEmail,
    phone: optionalText(50),
    jobTitle: optionalText(100),
    timeZone: optionalTimeZone,
    accountIds: z.array(uuidSchema).min(1, "choose at least one account").max(50),
  })
  .strict();
export type ContactBody = z.input<typeof contactBody>;
export const updateContactBody = z
  .object({
    firstName: required(100),
    lastName: required(100),
    email: optionalEmail,
    phone: optionalText(50),
    jobTitle: optionalText(100),
    timeZone: optionalTimeZone,
    accountIds: z.array(uuidSchema).min(1, "choose at least one account").max(50),
  })
  .partial()
  .strict();
export type UpdateContactBody = z.input<typeof updateContactBody>;

// ---------- staff: portal access on a contact ----------
export const grantAccessBody = z
  .object({
    /** Omitted: the contact's email becomes the username. */
    username: usernameSchema.optional(),
    sendActivationEmail: z.boolean().default(true),
  })
  .strict();
export type GrantAccessBody = z.input<typeof grantAccessBody>;
export const usernameSuggestionResponse = z.object({ username: z.string() });
export type UsernameSuggestion = z.infer<typeof usernameSuggestionResponse>;
export const changeUsernameBody = z.object({ username: usernameSchema }).strict();
export type ChangeUsernameBody = z.input<typeof changeUsernameBody>;
export const approveSignupBody = z.object({ accountId: uuidSchema }).strict();
export type ApproveSignupBody = z.input<typeof approveSignupBody>;
export const portalEventDto = z.object({
  id: z.number(),
  type: z.string(),
  label: z.string(),
  actor: z.string(),
  ip: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()).nullable(),
  createdAt: iso,
});
export type PortalEventDto = z.infer<typeof portalEventDto>;
export const portalHistoryResponse = z.object({ items: z.array(portalEventDto) });
export const batchGrantBody = z
  .object({ contactIds: z.array(uuidSchema).min(1).max(100), sendWelcomeEmail: z.boolean() })
  .strict();
export type BatchGrantBody = z.input<typeof batchGrantBody>;
export const batchGrantResponse = z.object({
  results: z.array(
    z.object({
      contactId: z.string(),
      name: z.string().nullable(),
      ok: z.boolean(),
      status: z.enum(portalStatuses).nullable(),
      message: z.string(),
      /** What fixes a refused row in place: add an email address, or grant with a generated username. */
      fix: z.enum(["add_email", "generate_username"]).nullable(),
    }),
  ),
});
export type BatchGrantResponse = z.infer<typeof batchGrantResponse>;

// ---------- staff: portal settings ----------
export const approvalExpiries = ["expire", "deem_approved"] as const;
export const approvalExpiryLabels: Record<(typeof approvalExpiries)[number], string> = {
  expire: "The request expires; staff can send it again",
  deem_approved: "The work counts as approved",
};

export const portalSettingsDto = z.object({
  active: z.boolean(),
  portalName: z.string(),
  portalUrl: z.string(),
  passwordMinLength: z.number(),
  passwordRequireUpper: z.boolean(),
  passwordRequireLower: z.boolean(),
  passwordRequireDigit: z.boolean(),
  passwordRequireSymbol: z.boolean(),
  signupEnabled: z.boolean(),
  signupNotifyEmails: z.array(z.string()),
  signupAutoApproveKnownDomains: z.boolean(),
  requireTwoFactor: z.boolean(),
  /** TKT-5: new portal tickets are assigned to this staff member, who is emailed about them; null: nobody. */
  newTicketAssigneeId: z.string().nullable(),
  /** APR-1: customers approve billable work, answering within the period; the reply-to gets the answers too. */
  approvalEnabled: z.boolean(),
  approvalPeriodDays: z.number(),
  approvalReplyTo: z.string().nullable(),
  /** APR-5: an unanswered request expires, or counts as approved. */
  approvalExpiry: z.enum(approvalExpiries),
  /** ISO 4217: the money the company bills in. */
  currency: z.string(),
  /** CON-1: percentages of a retainer's block at which the account is alerted, once each per period. */
  retainerAlertThresholds: z.array(z.number()),
  /** INV-1: printed numbers are the prefix and the next number of the sequence. */
  invoicePrefix: z.string(),
  invoicePaymentTermsDays: z.number(),
  defaultTaxRate: z.string(),
  companyAddress: z.string(),
  /** PRJ-1 (seed 004): unchecked, customers never see this part of a project, whatever their association allows. */
  projectViewNotes: z.boolean(),
  projectViewFiles: z.boolean(),
  projectViewOrganisation: z.boolean(),
  projectViewClients: z.boolean(),
  projectViewTasks: z.boolean(),
  projectViewTime: z.boolean(),
});
export type PortalSettingsDto = z.infer<typeof portalSettingsDto>;
export const updatePortalSettingsBody = z
  .object({
    active: z.boolean(),
    portalName: required(100),
    portalUrl: z
      .union([
        z.literal(""),
        // Shown as a link and used for the links in emails: a javascript: or data: URL would run there.
        z.string().trim().max(300).url("is not a valid URL").regex(/^https?:\/\//i, "must start with http:// or https://"),
      ])
      .nullish()
      .transform((v) => (v ? v : null)),
    passwordMinLength: z.number().int().min(12, "must be at least 12").max(128, "must be at most 128"),
    passwordRequireUpper: z.boolean(),
    passwordRequireLower: z.boolean(),
    passwordRequireDigit: z.boolean(),
    passwordRequireSymbol: z.boolean(),
    signupEnabled: z.boolean(),
    signupNotifyEmails: z.array(emailSchema).max(20),
    signupAutoApproveKnownDomains: z.boolean(),
    requireTwoFactor: z.boolean(),
    newTicketAssigneeId: uuidSchema.nullable(),
    approvalEnabled: z.boolean(),
    approvalPeriodDays: z.number().int("must be a whole number of days").min(1, "must be at least 1 day").max(90, "must be at most 90 days"),
    approvalReplyTo: z
      .union([z.literal(""), emailSchema])
      .nullish()
      .transform((v) => (v ? v : null)),
    approvalExpiry: z.enum(approvalExpiries),
    currency: currencySchema,
    retainerAlertThresholds: z
      .array(z.number())
      .max(6, "may have at most 6 thresholds")
      // Checked on the list as a whole, so the message lands on the field rather than on one tag.
      .refine((v) => v.every((n) => Number.isInteger(n) && n >= 1 && n <= 200), "must be whole percentages from 1 to 200")
      .refine((v) => new Set(v).size === v.length, "must not repeat a threshold")
      .transform((v) => [...v].sort((a, b) => a - b)),
    invoicePrefix: z.string().trim().max(12, "must be at most 12 characters").regex(/^[A-Za-z0-9/_-]*$/, "may hold letters, digits, - / and _ only"),
    invoicePaymentTermsDays: z.number().int("must be a whole number of days").min(0, "must be at least 0 days").max(365, "must be at most 365 days"),
    defaultTaxRate: percentSchema,
    companyAddress: z.string().trim().max(500, "must be at most 500 characters"),
    projectViewNotes: z.boolean(),
    projectViewFiles: z.boolean(),
    projectViewOrganisation: z.boolean(),
    projectViewClients: z.boolean(),
    projectViewTasks: z.boolean(),
    projectViewTime: z.boolean(),
  })
  .partial()
  .strict();
export type UpdatePortalSettingsBody = z.input<typeof updatePortalSettingsBody>;

// ---------- staff: email log ----------
export const emailStatuses = ["pending", "sending", "sent", "failed", "not_sent"] as const;
export const emailLogItem = z.object({
  id: z.number(),
  recipient: z.string(),
  template: z.string(),
  subject: z.string(),
  status: z.enum(emailStatuses),
  attempts: z.number(),
  lastError: z.string().nullable(),
  createdAt: iso,
  sentAt: iso.nullable(),
  /** The names of the files it carries (INV-1: an invoice's PDF); never their content. */
  attachments: z.array(z.string()),
});
export type EmailLogItem = z.infer<typeof emailLogItem>;
export const emailLogQuery = z
  .object({ q: trimmed(200).optional(), status: z.enum(emailStatuses).optional(), ...pageQuery })
  .strict();
export const emailLogResponse = page(emailLogItem);
export const emailDetail = emailLogItem.extend({ textBody: z.string(), htmlBody: z.string() });

// ---------- portal: public ----------
export const portalInfo = z.object({
  portalName: z.string(),
  active: z.boolean(),
  signupEnabled: z.boolean(),
  passwordPolicy: passwordPolicySchema,
});
export type PortalInfo = z.infer<typeof portalInfo>;
/**
 * What the server writes into the portal's HTML as JSON (`<script type="application/json" id="portico-boot">`),
 * so the first screen needs no request for it. Read once by the SPA (src/web/api/boot.ts).
 */
export interface PortalBoot {
  portalInfo: PortalInfo;
}
export const portalBootElementId = "portico-boot";
export const portalLoginBody = z
  .object({
    username: z.string().trim().min(1, "is required").max(254),
    password: passwordSchema,
    /** TOTP code or a recovery code, when two-factor is on. */
    code: z.string().trim().max(32).optional(),
  })
  .strict();
export type PortalLoginBody = z.input<typeof portalLoginBody>;
export const forgotBody = z.object({ email: emailSchema }).strict();
export type ForgotBody = z.input<typeof forgotBody>;
export const tokenBody = z.object({ token: z.string().min(1).max(200) }).strict();
export type TokenBody = z.input<typeof tokenBody>;
/** A link that does not work (used, expired or unknown) is only `valid: false`, with nothing more about it. */
export const tokenInfoResponse = z.object({
  valid: z.boolean(),
  purpose: z.enum(["activation", "reset"]).nullable(),
  username: z.string().nullable(),
  /** The contact's name, email and username, which the new password must not contain (the form checks as they type). */
  passwordMustNotContain: z.array(z.string()),
});
export type TokenInfo = z.infer<typeof tokenInfoResponse>;
export const setPasswordBody = z.object({ token: z.string().min(1).max(200), password: passwordSchema }).strict();
export type SetPasswordBody = z.input<typeof setPasswordBody>;
export const signupBody = z
  .object({ firstName: required(100), lastName: required(100), email: emailSchema, company: required(200) })
  .strict();
export type SignupBody = z.input<typeof signupBody>;

// ---------- portal: the signed-in contact ----------
export const portalMe = z.object({
  contact: z.object({
    id: z.string(),
    firstName: z.string(),
    lastName: z.string(),
    name: z.string(),
    email: z.string().nullable(),
    username: z.string(),
    timeZone: z.string().nullable(),
    twoFactorEnabled: z.boolean(),
  }),
  currentAccount: z.object({ id: z.string(), name: z.string() }),
  accounts: z.array(z.object({ id: z.string(), name: z.string() })),
  portalName: z.string(),
  /** The tenant enforces two-factor and this contact has not enrolled yet. */
  mustEnrolTwoFactor: z.boolean(),
  /** approvals: the approvals inbox is on (APR-4: the tenant asks customers to approve work). */
  /** contracts, invoices, projects: the pages the role switches on (CON-1, INV-1, PRJ-1). */
  can: z.object({ manageContacts: z.boolean(), approvals: z.boolean(), contracts: z.boolean(), invoices: z.boolean(), projects: z.boolean() }),
  effectiveTimeZone: z.string(),
});
export type PortalMe = z.infer<typeof portalMe>;
/** The email address is not here: it changes by a confirmed link (changeEmailBody). */
export const updateProfileBody = z
  .object({ firstName: required(100), lastName: required(100), timeZone: optionalTimeZone })
  .partial()
  .strict();
export type UpdateProfileBody = z.input<typeof updateProfileBody>;
export const changeEmailBody = z.object({ newEmail: emailSchema, currentPassword: passwordSchema }).strict();
export type ChangeEmailBody = z.input<typeof changeEmailBody>;
export const changePasswordBody = z
  .object({ currentPassword: passwordSchema, newPassword: passwordSchema })
  .strict();
export type ChangePasswordBody = z.input<typeof changePasswordBody>;
export const switchAccountBody = z.object({ accountId: uuidSchema }).strict();
export type SwitchAccountBody = z.input<typeof switchAccountBody>;
export const twoFactorSetupResponse = z.object({ secret: z.string(), otpauthUrl: z.string(), qrDataUrl: z.string() });
export type TwoFactorSetup = z.infer<typeof twoFactorSetupResponse>;
export const twoFactorEnableBody = z.object({ code: z.string().trim().regex(/^\d{6}$/, "must be the 6-digit code") }).strict();
export type TwoFactorEnableBody = z.input<typeof twoFactorEnableBody>;
export const recoveryCodesResponse = z.object({ recoveryCodes: z.array(z.string()) });
export type RecoveryCodes = z.infer<typeof recoveryCodesResponse>;
export const twoFactorDisableBody = z.object({ password: passwordSchema }).strict();
export type TwoFactorDisableBody = z.input<typeof twoFactorDisableBody>;

// ---------- portal: the account's contacts (ROL-6) ----------
export const colleagueDto = z.object({
  id: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  jobTitle: z.string().nullable(),
});
export type ColleagueDto = z.infer<typeof colleagueDto>;
export const colleagueListResponse = z.object({ items: z.array(colleagueDto) });
export const updateColleagueBody = z
  .object({ firstName: required(100), lastName: required(100), phone: optionalText(50), jobTitle: optionalText(100) })
  .partial()
  .strict();
export type UpdateColleagueBody = z.input<typeof updateColleagueBody>;
/** A new colleague joins the account in view; the body names no account. */
export const createColleagueBody = z
  .object({ firstName: required(100), lastName: required(100), email: optionalEmail, phone: optionalText(50), jobTitle: optionalText(100) })
  .strict();
export type CreateColleagueBody = z.input<typeof createColleagueBody>;
