var __defProp = Object.defineProperty;
var __export = (target, all) => {
  for (var name in all)
    __defProp(target, name, { get: all[name], enumerable: true });
};

// bench/server.ts
import { createInterface } from "node:readline";

// src/server/app.ts
import { existsSync } from "node:fs";
import path3 from "node:path";
import { fileURLToPath as fileURLToPath2 } from "node:url";
import cookie from "@fastify/cookie";
import multipart from "@fastify/multipart";
import fastifyStatic from "@fastify/static";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import Fastify from "fastify";
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from "fastify-type-provider-zod";

// src/shared/sentences.ts
function fieldLabel(field) {
  const last = field.split(".").pop() ?? field;
  if (last === "(body)") return "The request";
  const words = last.replace(/StaffIds?$|Ids?$/, (m) => m.endsWith("s") ? "s" : "").replace(/([a-z0-9])([A-Z])/g, "$1 $2").replace(/[_-]+/g, " ").toLowerCase().trim();
  return words ? words[0].toUpperCase() + words.slice(1) : "This field";
}
function asSentence(text17) {
  const t = text17.trim();
  if (!t) return t;
  const capital = t[0].toUpperCase() + t.slice(1);
  return /[.!?…)"”]$/.test(capital) ? capital : `${capital}.`;
}
var followsName = /^(is|are|was|were|must|does|do|did|has|have|contains|cannot|can't|should|needs|only|may)\b/i;
var fieldSentence = (field, message) => asSentence(followsName.test(message) ? `${fieldLabel(field)} ${message}` : message);

// src/server/errors.ts
var statusOf = {
  VALIDATION: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  TWO_FACTOR_REQUIRED: 401,
  TWO_FACTOR_ENROLMENT_REQUIRED: 403,
  FORBIDDEN: 403,
  CSRF: 403,
  PORTAL_CLOSED: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  ACCOUNT_CHANGED: 409,
  INVALID_TOKEN: 410,
  PAYLOAD_TOO_LARGE: 413,
  IDEMPOTENCY_KEY_REUSED: 422,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503
};
var AppError = class extends Error {
  constructor(code, message, fields2, existing) {
    super(asSentence(message));
    this.code = code;
    this.fields = fields2;
    this.existing = existing;
    this.status = statusOf[code];
  }
  code;
  fields;
  existing;
  status;
};
var notFound = (what = "Not found") => new AppError("NOT_FOUND", what);
var forbidden = (why = "You are not allowed to do this") => new AppError("FORBIDDEN", why);
var unauthenticated = () => new AppError("UNAUTHENTICATED", "Please sign in");
var conflict = (message, field) => new AppError("CONFLICT", message, field ? [{ field, message }] : void 0);
var invalid = (field, message) => new AppError("VALIDATION", fieldSentence(field, message), [{ field, message }]);

// src/server/lib/clock.ts
var systemClock = () => /* @__PURE__ */ new Date();
var MINUTE = 6e4;
var HOUR = 60 * MINUTE;

// src/server/lib/tokens.ts
import { createHash, randomBytes } from "node:crypto";
var newToken = () => randomBytes(32).toString("base64url");
var hashToken = (token) => createHash("sha256").update(token).digest("hex");

// src/server/modules/email/outbox.repo.ts
var outbox_repo_exports = {};
__export(outbox_repo_exports, {
  claimDueTasks: () => claimDueTasks,
  finishTask: () => finishTask,
  getEmail: () => getEmail,
  listEmails: () => listEmails,
  queueEmail: () => queueEmail,
  queuedSomething: () => queuedSomething,
  releaseLeases: () => releaseLeases,
  renewLeases: () => renewLeases
});
import { and, eq as eq2, sql as sql13 } from "drizzle-orm";

// src/server/db/paging.ts
import { asc, desc, sql as sql12 } from "drizzle-orm";

// src/server/db/prepared.ts
import { Param, Placeholder } from "drizzle-orm";
import pg2 from "pg";

// src/server/db/client.ts
import { createHash as createHash2 } from "node:crypto";
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { sql as sql11 } from "drizzle-orm";
import { drizzle as drizzleNodePg } from "drizzle-orm/node-postgres";
import { migrate as migrateNodePg } from "drizzle-orm/node-postgres/migrator";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import pg from "pg";

// src/server/db/schema/index.ts
var schema_exports = {};
__export(schema_exports, {
  accountContacts: () => accountContacts,
  accounts: () => accounts,
  approvalEventKinds: () => approvalEventKinds,
  approvalEvents: () => approvalEvents,
  approvalLines: () => approvalLines,
  approvalRequests: () => approvalRequests,
  approvalStatuses: () => approvalStatuses,
  attachments: () => attachments,
  authTokens: () => authTokens,
  billingCycles: () => billingCycles,
  contacts: () => contacts,
  contractAlerts: () => contractAlerts,
  contractEventKinds: () => contractEventKinds,
  contractEvents: () => contractEvents,
  contractStatuses: () => contractStatuses,
  contractTypes: () => contractTypes,
  contracts: () => contracts,
  idempotencyKeys: () => idempotencyKeys,
  idempotencyStates: () => idempotencyStates,
  invoiceLines: () => invoiceLines,
  invoicePayments: () => invoicePayments,
  invoiceStatuses: () => invoiceStatuses,
  invoicedApprovals: () => invoicedApprovals,
  invoices: () => invoices,
  jobs: () => jobs,
  lookupKinds: () => lookupKinds,
  lookups: () => lookups,
  outbox: () => outbox,
  outboxStatuses: () => outboxStatuses,
  portalEvents: () => portalEvents,
  portalRoles: () => portalRoles,
  portalSettings: () => portalSettings,
  portalStatuses: () => portalStatuses,
  projectContacts: () => projectContacts,
  projectFiles: () => projectFiles,
  projectNotes: () => projectNotes,
  projectPhases: () => projectPhases,
  projectStaff: () => projectStaff,
  projectTaskStatuses: () => projectTaskStatuses,
  projectTasks: () => projectTasks,
  rateLimits: () => rateLimits,
  recoveryCodes: () => recoveryCodes,
  sameTenant: () => sameTenant,
  sessions: () => sessions,
  staffRoles: () => staffRoles,
  staffUsers: () => staffUsers,
  tenantIdColumn: () => tenantIdColumn,
  tenantKey: () => tenantKey,
  tenants: () => tenants,
  ticketNotes: () => ticketNotes,
  tickets: () => tickets,
  timeEntries: () => timeEntries
});

// src/server/db/schema/accounts.ts
import { sql as sql8 } from "drizzle-orm";
import { boolean as boolean7, index as index6, pgTable as pgTable8, text as text8, timestamp as timestamp8, uniqueIndex as uniqueIndex8, uuid as uuid8 } from "drizzle-orm/pg-core";

// src/server/db/schema/portal-roles.ts
import { sql as sql7 } from "drizzle-orm";
import { boolean as boolean6, pgTable as pgTable7, text as text7, timestamp as timestamp7, uniqueIndex as uniqueIndex7, uuid as uuid7 } from "drizzle-orm/pg-core";

// src/server/db/schema/tenants.ts
import { sql } from "drizzle-orm";
import { boolean, foreignKey, pgTable, text, timestamp, unique, uniqueIndex, uuid } from "drizzle-orm/pg-core";
var tenants = pgTable(
  "tenants",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    /** Host name (without port) that selects this tenant; null for the default tenant only. */
    host: text("host"),
    isDefault: boolean("is_default").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow()
  },
  (t) => [
    uniqueIndex("tenants_host_key").on(sql`lower(${t.host})`),
    uniqueIndex("tenants_one_default").on(t.isDefault).where(sql`${t.isDefault}`)
  ]
);
var tenantKey = (table, t) => unique(`${table}_tenant_id_id_key`).on(t.tenantId, t.id);
function sameTenant(name, t, column, parent, onDelete = "no action") {
  return foreignKey({ name, columns: [t.tenantId, column], foreignColumns: [parent.tenantId, parent.id] }).onDelete(onDelete);
}
var tenantIdColumn = () => uuid("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" });

// src/server/db/schema/tickets.ts
import { sql as sql6 } from "drizzle-orm";
import { bigint, bigserial as bigserial3, boolean as boolean5, date as date3, foreignKey as foreignKey2, index as index5, integer as integer5, numeric as numeric4, pgTable as pgTable6, text as text6, timestamp as timestamp6, uniqueIndex as uniqueIndex6, uuid as uuid6 } from "drizzle-orm/pg-core";

// src/server/db/schema/approvals.ts
import { sql as sql4 } from "drizzle-orm";
import { bigserial, date, index as index3, integer as integer3, numeric as numeric2, pgTable as pgTable4, text as text4, timestamp as timestamp4, uniqueIndex as uniqueIndex4, uuid as uuid4 } from "drizzle-orm/pg-core";

// src/server/db/schema/contacts.ts
import { sql as sql2 } from "drizzle-orm";
import { boolean as boolean2, index, integer, pgTable as pgTable2, primaryKey, text as text2, timestamp as timestamp2, uniqueIndex as uniqueIndex2, uuid as uuid2 } from "drizzle-orm/pg-core";
var portalStatuses = ["not_enabled", "invited", "active", "disabled"];
var contacts = pgTable2(
  "contacts",
  {
    id: uuid2("id").primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    firstName: text2("first_name").notNull(),
    lastName: text2("last_name").notNull(),
    email: text2("email"),
    phone: text2("phone"),
    jobTitle: text2("job_title"),
    timeZone: text2("time_zone"),
    archivedAt: timestamp2("archived_at", { withTimezone: true }),
    createdAt: timestamp2("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp2("updated_at", { withTimezone: true }).notNull().defaultNow(),
    // Portal access (ACC-1..ACC-13). Secrets below never leave the repository.
    portalStatus: text2("portal_status").$type().notNull().default("not_enabled"),
    portalUsername: text2("portal_username"),
    passwordHash: text2("password_hash"),
    passwordChangedAt: timestamp2("password_changed_at", { withTimezone: true }),
    activatedAt: timestamp2("activated_at", { withTimezone: true }),
    lastLoginAt: timestamp2("last_login_at", { withTimezone: true }),
    failedLoginCount: integer("failed_login_count").notNull().default(0),
    lockedUntil: timestamp2("locked_until", { withTimezone: true }),
    totpSecret: text2("totp_secret"),
    totpPendingSecret: text2("totp_pending_secret"),
    totpEnabledAt: timestamp2("totp_enabled_at", { withTimezone: true }),
    /** Self sign-up state (ACC-11): pending until staff approve, null for contacts staff created. */
    signupStatus: text2("signup_status").$type(),
    signupCompany: text2("signup_company"),
    /**
     * The contact's row in the console's contact list as JSON text, its accounts included, without what the
     * viewer may do (`can`, added per viewer): kept by the database (migration 0012) whenever the contact, its
     * memberships or one of its accounts changes.
     */
    listRow: text2("list_row").notNull().default("")
  },
  (t) => [
    tenantKey("contacts", t),
    uniqueIndex2("contacts_portal_username_key").on(t.tenantId, sql2`lower(${t.portalUsername})`).where(sql2`${t.portalUsername} is not null`),
    uniqueIndex2("contacts_portal_email_key").on(t.tenantId, sql2`lower(${t.email})`).where(sql2`${t.portalUsername} is not null`),
    index("contacts_email_idx").on(t.tenantId, sql2`lower(${t.email})`),
    // Archived closes the key, so a list of active contacts checks it from the index alone.
    index("contacts_name_idx").on(t.tenantId, t.lastName, t.firstName, t.id, t.archivedAt),
    index("contacts_portal_status_name_idx").on(t.tenantId, t.portalStatus, t.lastName, t.firstName, t.id, t.archivedAt)
  ]
);
var accountContacts = pgTable2(
  "account_contacts",
  {
    tenantId: tenantIdColumn(),
    accountId: uuid2("account_id").notNull(),
    contactId: uuid2("contact_id").notNull(),
    /** ROL-4: sees and creates on every job the account may use. */
    clientAdmin: boolean2("client_admin").notNull().default(false),
    /** Overrides the account's portal role for this contact (ROL-3: the account's role is the default). */
    portalRoleId: uuid2("portal_role_id"),
    /** TKT-5: receives a copy of tickets created in the account (client administrators only). */
    sendCopyOfTickets: boolean2("send_copy_of_tickets").notNull().default(false),
    createdAt: timestamp2("created_at", { withTimezone: true }).notNull().defaultNow()
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.contactId] }),
    sameTenant("account_contacts_account_fk", t, t.accountId, accounts, "cascade"),
    sameTenant("account_contacts_contact_fk", t, t.contactId, contacts, "cascade"),
    sameTenant("account_contacts_portal_role_fk", t, t.portalRoleId, portalRoles),
    index("account_contacts_contact_idx").on(t.contactId)
  ]
);
var recoveryCodes = pgTable2(
  "recovery_codes",
  {
    id: uuid2("id").primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    contactId: uuid2("contact_id").notNull(),
    codeHash: text2("code_hash").notNull(),
    usedAt: timestamp2("used_at", { withTimezone: true })
  },
  (t) => [index("recovery_codes_contact_idx").on(t.contactId), sameTenant("recovery_codes_contact_fk", t, t.contactId, contacts, "cascade")]
);

// src/server/db/schema/staff.ts
import { sql as sql3 } from "drizzle-orm";
import { boolean as boolean3, index as index2, integer as integer2, numeric, pgTable as pgTable3, text as text3, timestamp as timestamp3, uniqueIndex as uniqueIndex3, uuid as uuid3 } from "drizzle-orm/pg-core";
var staffRoles = pgTable3(
  "staff_roles",
  {
    id: uuid3("id").primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    name: text3("name").notNull(),
    permissions: text3("permissions").array().notNull().default(sql3`'{}'::text[]`),
    builtIn: boolean3("built_in").notNull().default(false),
    createdAt: timestamp3("created_at", { withTimezone: true }).notNull().defaultNow()
  },
  (t) => [tenantKey("staff_roles", t), uniqueIndex3("staff_roles_name_key").on(t.tenantId, sql3`lower(${t.name})`)]
);
var staffUsers = pgTable3(
  "staff_users",
  {
    id: uuid3("id").primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    email: text3("email").notNull(),
    name: text3("name").notNull(),
    passwordHash: text3("password_hash").notNull(),
    roleId: uuid3("role_id").notNull(),
    disabledAt: timestamp3("disabled_at", { withTimezone: true }),
    lastLoginAt: timestamp3("last_login_at", { withTimezone: true }),
    failedLoginCount: integer2("failed_login_count").notNull().default(0),
    lockedUntil: timestamp3("locked_until", { withTimezone: true }),
    /** Per hour, in the tenant's currency: what this person's time is billed at on jobs without a rate of their own. */
    hourlyRate: numeric("hourly_rate", { precision: 12, scale: 2 }),
    createdAt: timestamp3("created_at", { withTimezone: true }).notNull().defaultNow()
  },
  (t) => [
    tenantKey("staff_users", t),
    sameTenant("staff_users_role_fk", t, t.roleId, staffRoles),
    uniqueIndex3("staff_users_email_key").on(t.tenantId, sql3`lower(${t.email})`),
    index2("staff_users_role_idx").on(t.roleId)
  ]
);

// src/server/db/schema/approvals.ts
var approvalStatuses = ["awaiting", "approved", "queried", "expired", "superseded", "reopened"];
var approvalRequests = pgTable4(
  "approval_requests",
  {
    id: uuid4("id").primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    jobId: uuid4("job_id").notNull(),
    accountId: uuid4("account_id").notNull(),
    version: integer3("version").notNull(),
    status: text4("status").$type().notNull(),
    /** The last day (in the tenant's time zone) whose work the version covers. */
    cutOff: date("cut_off", { mode: "string" }).notNull(),
    /** The job contact it was sent to. */
    contactId: uuid4("contact_id").notNull(),
    sentByStaffId: uuid4("sent_by_staff_id"),
    sentAt: timestamp4("sent_at", { withTimezone: true }).notNull(),
    expiresAt: timestamp4("expires_at", { withTimezone: true }).notNull(),
    closedAt: timestamp4("closed_at", { withTimezone: true }),
    currency: text4("currency").notNull(),
    totalHours: numeric2("total_hours", { precision: 10, scale: 2 }).notNull(),
    totalAmount: numeric2("total_amount", { precision: 14, scale: 2 }).notNull(),
    /** SHA-256 of the statement exactly as the customer is shown it; an answer names it. */
    statementHash: text4("statement_hash").notNull()
  },
  (t) => [
    tenantKey("approval_requests", t),
    sameTenant("approval_requests_job_fk", t, t.jobId, jobs, "cascade"),
    sameTenant("approval_requests_account_fk", t, t.accountId, accounts, "cascade"),
    sameTenant("approval_requests_contact_fk", t, t.contactId, contacts),
    sameTenant("approval_requests_sent_by_fk", t, t.sentByStaffId, staffUsers),
    uniqueIndex4("approval_requests_version_key").on(t.tenantId, t.jobId, t.version),
    uniqueIndex4("approval_requests_one_awaiting").on(t.jobId).where(sql4`${t.status} = 'awaiting'`),
    index3("approval_requests_account_idx").on(t.tenantId, t.accountId, t.status),
    index3("approval_requests_expiry_idx").on(t.expiresAt).where(sql4`${t.status} = 'awaiting'`)
  ]
);
var approvalLines = pgTable4(
  "approval_lines",
  {
    id: uuid4("id").primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    requestId: uuid4("request_id").notNull(),
    /** References for history only, not keys: the lines stay as they were when the entry or ticket changes. */
    timeEntryId: uuid4("time_entry_id").notNull(),
    ticketId: uuid4("ticket_id").notNull(),
    ticketNumber: integer3("ticket_number").notNull(),
    ticketTitle: text4("ticket_title").notNull(),
    staffName: text4("staff_name").notNull(),
    workDate: date("work_date", { mode: "string" }).notNull(),
    hours: numeric2("hours", { precision: 6, scale: 2 }).notNull(),
    note: text4("note").notNull(),
    rate: numeric2("rate", { precision: 12, scale: 2 }).notNull(),
    amount: numeric2("amount", { precision: 14, scale: 2 }).notNull(),
    sort: integer3("sort").notNull()
  },
  (t) => [
    index3("approval_lines_request_idx").on(t.requestId, t.sort),
    sameTenant("approval_lines_request_fk", t, t.requestId, approvalRequests, "cascade")
  ]
);
var approvalEventKinds = ["sent", "approved", "queried", "expired", "deemed_approved", "superseded", "reopened"];
var approvalEvents = pgTable4(
  "approval_events",
  {
    id: uuid4("id").primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    requestId: uuid4("request_id").notNull(),
    kind: text4("kind").$type().notNull(),
    at: timestamp4("at", { withTimezone: true }).notNull(),
    staffId: uuid4("staff_id"),
    contactId: uuid4("contact_id"),
    /** Who, as they were named then. */
    actorName: text4("actor_name").notNull(),
    comment: text4("comment").notNull().default(""),
    ip: text4("ip"),
    userAgent: text4("user_agent"),
    /** Answers: the hash of the statement the customer was shown. */
    statementHash: text4("statement_hash"),
    seq: bigserial("seq", { mode: "number" }).notNull()
  },
  (t) => [
    index3("approval_events_request_idx").on(t.requestId, t.seq),
    sameTenant("approval_events_request_fk", t, t.requestId, approvalRequests, "cascade"),
    sameTenant("approval_events_staff_fk", t, t.staffId, staffUsers),
    sameTenant("approval_events_contact_fk", t, t.contactId, contacts),
    uniqueIndex4("approval_events_one_outcome").on(t.requestId).where(sql4`${t.kind} in ('approved', 'queried', 'expired', 'deemed_approved', 'superseded')`)
  ]
);

// src/server/db/schema/contracts.ts
import { sql as sql5 } from "drizzle-orm";
import { bigserial as bigserial2, boolean as boolean4, date as date2, index as index4, integer as integer4, jsonb, numeric as numeric3, pgTable as pgTable5, text as text5, timestamp as timestamp5, unique as unique2, uniqueIndex as uniqueIndex5, uuid as uuid5 } from "drizzle-orm/pg-core";
var contractTypes = ["time_materials", "recurring", "fixed_price", "retainer_amount", "retainer_hours"];
var contractStatuses = ["draft", "active", "on_hold", "ended", "cancelled"];
var billingCycles = ["monthly", "quarterly", "yearly"];
var contracts = pgTable5(
  "contracts",
  {
    id: uuid5("id").primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    accountId: uuid5("account_id").notNull(),
    name: text5("name").notNull(),
    type: text5("type").$type().notNull(),
    reference: text5("reference").notNull().default(""),
    status: text5("status").$type().notNull().default("active"),
    isDefault: boolean4("is_default").notNull().default(false),
    startDate: date2("start_date", { mode: "string" }).notNull(),
    endDate: date2("end_date", { mode: "string" }),
    sla: text5("sla").notNull().default(""),
    setupFee: numeric3("setup_fee", { precision: 14, scale: 2 }),
    billingCycle: text5("billing_cycle").$type(),
    billingPrice: numeric3("billing_price", { precision: 14, scale: 2 }),
    /** Retainer by hours: the block of prepaid hours each billing period. */
    hoursPerPeriod: numeric3("hours_per_period", { precision: 10, scale: 2 }),
    description: text5("description").notNull().default(""),
    billingInfo: text5("billing_info").notNull().default(""),
    createdAt: timestamp5("created_at", { withTimezone: true }).notNull(),
    updatedAt: timestamp5("updated_at", { withTimezone: true }).notNull()
  },
  (t) => [
    tenantKey("contracts", t),
    /** What a job's (tenant, account, contract) key points at: a job's contract is one of its own account's. */
    unique2("contracts_tenant_account_id_key").on(t.tenantId, t.accountId, t.id),
    sameTenant("contracts_account_fk", t, t.accountId, accounts, "cascade"),
    index4("contracts_account_idx").on(t.tenantId, t.accountId, t.status),
    uniqueIndex5("contracts_one_default").on(t.accountId).where(sql5`${t.isDefault}`)
  ]
);
var contractEventKinds = ["created", "updated", "job_linked", "job_unlinked", "alert_sent"];
var contractEvents = pgTable5(
  "contract_events",
  {
    id: uuid5("id").primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    contractId: uuid5("contract_id").notNull(),
    kind: text5("kind").$type().notNull(),
    at: timestamp5("at", { withTimezone: true }).notNull(),
    staffId: uuid5("staff_id"),
    actorName: text5("actor_name").notNull(),
    changes: jsonb("changes").$type().notNull().default({}),
    note: text5("note").notNull().default(""),
    seq: bigserial2("seq", { mode: "number" }).notNull()
  },
  (t) => [
    index4("contract_events_contract_idx").on(t.contractId, t.seq),
    sameTenant("contract_events_contract_fk", t, t.contractId, contracts, "cascade"),
    sameTenant("contract_events_staff_fk", t, t.staffId, staffUsers)
  ]
);
var contractAlerts = pgTable5(
  "contract_alerts",
  {
    id: uuid5("id").primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    contractId: uuid5("contract_id").notNull(),
    periodStart: date2("period_start", { mode: "string" }).notNull(),
    thresholdPercent: integer4("threshold_percent").notNull(),
    usedHours: numeric3("used_hours", { precision: 10, scale: 2 }).notNull(),
    sentAt: timestamp5("sent_at", { withTimezone: true }).notNull()
  },
  (t) => [
    uniqueIndex5("contract_alerts_once_key").on(t.tenantId, t.contractId, t.periodStart, t.thresholdPercent),
    sameTenant("contract_alerts_contract_fk", t, t.contractId, contracts, "cascade")
  ]
);

// src/server/db/schema/tickets.ts
var lookupKinds = ["ticket_type", "priority", "status", "issue_type", "sub_issue_type", "site", "hardware_asset", "software_asset"];
var lookups = pgTable6(
  "lookups",
  {
    id: uuid6("id").primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    kind: text6("kind").$type().notNull(),
    name: text6("name").notNull(),
    /** Sub-issue types belong to an issue type. */
    parentId: uuid6("parent_id"),
    /** Sites and assets belong to an account. */
    accountId: uuid6("account_id"),
    sort: integer5("sort").notNull().default(0),
    /** Statuses: does this status close the ticket? */
    isClosed: boolean5("is_closed").notNull().default(false),
    /** Statuses: the ticket waits on the customer; a customer's reply moves it back to staff. */
    awaitsCustomer: boolean5("awaits_customer").notNull().default(false),
    active: boolean5("active").notNull().default(true)
  },
  (t) => [
    tenantKey("lookups", t),
    sameTenant("lookups_parent_fk", t, t.parentId, lookups),
    sameTenant("lookups_account_fk", t, t.accountId, accounts, "cascade"),
    index5("lookups_kind_idx").on(t.tenantId, t.kind, t.sort)
  ]
);
var jobs = pgTable6(
  "jobs",
  {
    id: uuid6("id").primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    accountId: uuid6("account_id").notNull(),
    number: text6("number").notNull(),
    name: text6("name").notNull(),
    status: text6("status").$type().notNull().default("active"),
    managerStaffId: uuid6("manager_staff_id"),
    contactId: uuid6("contact_id"),
    visibleInPortal: boolean5("visible_in_portal").notNull().default(true),
    customersAddTickets: boolean5("customers_add_tickets").notNull().default(true),
    copyEmailsToManager: boolean5("copy_emails_to_manager").notNull().default(false),
    hoursVisible: boolean5("hours_visible").notNull().default(false),
    isDefault: boolean5("is_default").notNull().default(false),
    /** APR-2: the job's billable work goes to its contact for approval. */
    requiresApproval: boolean5("requires_approval").notNull().default(false),
    /** Per hour, in the tenant's currency; null: each staff member's own rate. */
    billingRate: numeric4("billing_rate", { precision: 12, scale: 2 }),
    /** CON-1: the contract of the job's account its work is billed under (retainer hours are consumed here). */
    contractId: uuid6("contract_id"),
    /** PRJ-1: a project is a job with phases, tasks and associated contacts. */
    isProject: boolean5("is_project").notNull().default(false),
    description: text6("description").notNull().default(""),
    startDate: date3("start_date", { mode: "string" }),
    dueDate: date3("due_date", { mode: "string" }),
    createdAt: timestamp6("created_at", { withTimezone: true }).notNull().defaultNow()
  },
  (t) => [
    tenantKey("jobs", t),
    sameTenant("jobs_account_fk", t, t.accountId, accounts, "cascade"),
    sameTenant("jobs_manager_fk", t, t.managerStaffId, staffUsers),
    sameTenant("jobs_contact_fk", t, t.contactId, contacts),
    foreignKey2({ name: "jobs_contract_fk", columns: [t.tenantId, t.accountId, t.contractId], foreignColumns: [contracts.tenantId, contracts.accountId, contracts.id] }),
    index5("jobs_contract_idx").on(t.tenantId, t.contractId),
    index5("jobs_account_idx").on(t.tenantId, t.accountId),
    uniqueIndex6("jobs_number_key").on(t.tenantId, sql6`lower(${t.number})`),
    // JOB-1: at most one default job per account, enforced by the database.
    uniqueIndex6("jobs_one_default").on(t.accountId).where(sql6`${t.isDefault}`)
  ]
);
var tickets = pgTable6(
  "tickets",
  {
    id: uuid6("id").primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    number: bigint("number", { mode: "number" }).notNull(),
    accountId: uuid6("account_id").notNull(),
    jobId: uuid6("job_id").notNull(),
    contactId: uuid6("contact_id"),
    assignedStaffId: uuid6("assigned_staff_id"),
    title: text6("title").notNull(),
    details: text6("details").notNull().default(""),
    statusId: uuid6("status_id").notNull(),
    priorityId: uuid6("priority_id"),
    typeId: uuid6("type_id"),
    issueTypeId: uuid6("issue_type_id"),
    subIssueTypeId: uuid6("sub_issue_type_id"),
    siteId: uuid6("site_id"),
    hardwareAssetId: uuid6("hardware_asset_id"),
    softwareAssetId: uuid6("software_asset_id"),
    createdVia: text6("created_via").$type().notNull(),
    /** Set when the customer wrote last: the ticket waits on staff, and the queue marks it. */
    customerRepliedAt: timestamp6("customer_replied_at", { withTimezone: true }),
    /** The status a ticket had before it was set to wait for the customer: a customer's reply brings it back. */
    resumeStatusId: uuid6("resume_status_id"),
    createdAt: timestamp6("created_at", { withTimezone: true }).notNull(),
    updatedAt: timestamp6("updated_at", { withTimezone: true }).notNull(),
    /**
     * The ticket's portal list row as JSON text, names included, kept by the database (migration 0011):
     * a trigger writes it whenever the ticket changes or a status, priority, job or contact it names is renamed.
     */
    portalRow: text6("portal_row").notNull().default("")
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
    uniqueIndex6("tickets_number_key").on(t.tenantId, t.number),
    // The job and contact close the key, so a portal list checks its scope from the index alone.
    index5("tickets_account_updated_idx").on(t.tenantId, t.accountId, t.updatedAt, t.id, t.jobId, t.contactId),
    index5("tickets_contact_updated_idx").on(t.tenantId, t.contactId, t.updatedAt, t.id),
    index5("tickets_job_idx").on(t.jobId),
    index5("tickets_queue_idx").on(t.tenantId, t.updatedAt, t.id)
  ]
);
var ticketNotes = pgTable6(
  "ticket_notes",
  {
    id: uuid6("id").primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    ticketId: uuid6("ticket_id").notNull(),
    body: text6("body").notNull(),
    isPublic: boolean5("is_public").notNull(),
    authorStaffId: uuid6("author_staff_id"),
    authorContactId: uuid6("author_contact_id"),
    authorName: text6("author_name").notNull(),
    createdAt: timestamp6("created_at", { withTimezone: true }).notNull(),
    /** Insertion order, for notes written in the same instant. */
    seq: bigserial3("seq", { mode: "number" }).notNull()
  },
  (t) => [
    index5("ticket_notes_ticket_idx").on(t.ticketId, t.createdAt),
    sameTenant("ticket_notes_ticket_fk", t, t.ticketId, tickets, "cascade"),
    sameTenant("ticket_notes_author_staff_fk", t, t.authorStaffId, staffUsers),
    sameTenant("ticket_notes_author_contact_fk", t, t.authorContactId, contacts)
  ]
);
var timeEntries = pgTable6(
  "time_entries",
  {
    id: uuid6("id").primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    ticketId: uuid6("ticket_id").notNull(),
    staffId: uuid6("staff_id").notNull(),
    startedAt: timestamp6("started_at", { withTimezone: true }).notNull(),
    endedAt: timestamp6("ended_at", { withTimezone: true }).notNull(),
    hours: numeric4("hours", { precision: 6, scale: 2, mode: "number" }).notNull(),
    note: text6("note").notNull().default(""),
    notePublic: boolean5("note_public").notNull().default(false),
    billable: boolean5("billable").notNull().default(true),
    /**
     * The approval version holding this entry: one awaiting an answer (changing the entry withdraws it) or an
     * approved one (the entry is locked until the approval is reopened).
     */
    approvalRequestId: uuid6("approval_request_id"),
    createdAt: timestamp6("created_at", { withTimezone: true }).notNull()
  },
  (t) => [
    index5("time_entries_ticket_idx").on(t.ticketId, t.startedAt),
    index5("time_entries_approval_idx").on(t.approvalRequestId),
    sameTenant("time_entries_approval_request_fk", t, t.approvalRequestId, approvalRequests),
    sameTenant("time_entries_ticket_fk", t, t.ticketId, tickets, "cascade"),
    sameTenant("time_entries_staff_fk", t, t.staffId, staffUsers)
  ]
);
var attachments = pgTable6(
  "attachments",
  {
    id: uuid6("id").primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    ticketId: uuid6("ticket_id").notNull(),
    /** Attachments on an internal note are internal too. */
    isPublic: boolean5("is_public").notNull().default(true),
    filename: text6("filename").notNull(),
    contentType: text6("content_type").notNull(),
    size: integer5("size").notNull(),
    storageKey: text6("storage_key").notNull(),
    uploadedByName: text6("uploaded_by_name").notNull(),
    createdAt: timestamp6("created_at", { withTimezone: true }).notNull()
  },
  (t) => [index5("attachments_ticket_idx").on(t.ticketId), sameTenant("attachments_ticket_fk", t, t.ticketId, tickets, "cascade")]
);

// src/server/db/schema/portal-roles.ts
var portalRoles = pgTable7(
  "portal_roles",
  {
    id: uuid7("id").primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    name: text7("name").notNull(),
    builtIn: boolean6("built_in").notNull().default(false),
    permissions: text7("permissions").array().notNull().default(sql7`'{}'::text[]`),
    defaultTypeId: uuid7("default_type_id"),
    defaultPriorityId: uuid7("default_priority_id"),
    /** Quick form: title, details and attachments only. */
    quickForm: boolean6("quick_form").notNull().default(false),
    /** Optional fields the full form shows. */
    visibleFields: text7("visible_fields").array().notNull().default(sql7`'{}'::text[]`),
    createdAt: timestamp7("created_at", { withTimezone: true }).notNull().defaultNow()
  },
  (t) => [
    tenantKey("portal_roles", t),
    uniqueIndex7("portal_roles_name_key").on(t.tenantId, sql7`lower(${t.name})`),
    sameTenant("portal_roles_default_type_fk", t, t.defaultTypeId, lookups),
    sameTenant("portal_roles_default_priority_fk", t, t.defaultPriorityId, lookups)
  ]
);

// src/server/db/schema/accounts.ts
var accounts = pgTable8(
  "accounts",
  {
    id: uuid8("id").primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    name: text8("name").notNull(),
    number: text8("number"),
    /** Email domains of this client; self sign-ups from them may be approved automatically (ACC-11). */
    emailDomains: text8("email_domains").array().notNull().default(sql8`'{}'::text[]`),
    timeZone: text8("time_zone"),
    portalEnabled: boolean7("portal_enabled").notNull().default(true),
    /** ROL-3: the portal role (group) the account's contacts get. */
    portalRoleId: uuid8("portal_role_id"),
    /** The staff member who looks after this client: told, for one, when a retainer reaches a threshold (CON-1). */
    managerStaffId: uuid8("manager_staff_id"),
    archivedAt: timestamp8("archived_at", { withTimezone: true }),
    createdAt: timestamp8("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp8("updated_at", { withTimezone: true }).notNull().defaultNow()
  },
  (t) => [
    tenantKey("accounts", t),
    sameTenant("accounts_portal_role_fk", t, t.portalRoleId, portalRoles),
    sameTenant("accounts_manager_fk", t, t.managerStaffId, staffUsers),
    index6("accounts_name_idx").on(t.tenantId, sql8`lower(${t.name})`, t.id),
    uniqueIndex8("accounts_number_key").on(t.tenantId, sql8`lower(${t.number})`).where(sql8`${t.number} is not null`)
  ]
);

// src/server/db/schema/auth.ts
import { bigserial as bigserial4, index as index7, integer as integer6, jsonb as jsonb2, pgTable as pgTable9, primaryKey as primaryKey2, text as text9, timestamp as timestamp9, uuid as uuid9 } from "drizzle-orm/pg-core";
var sessions = pgTable9(
  "sessions",
  {
    /** SHA-256 of the cookie token; the token itself is never stored. */
    id: text9("id").primaryKey(),
    tenantId: tenantIdColumn(),
    kind: text9("kind").$type().notNull(),
    staffUserId: uuid9("staff_user_id"),
    contactId: uuid9("contact_id"),
    currentAccountId: uuid9("current_account_id"),
    createdAt: timestamp9("created_at", { withTimezone: true }).notNull(),
    lastSeenAt: timestamp9("last_seen_at", { withTimezone: true }).notNull(),
    expiresAt: timestamp9("expires_at", { withTimezone: true }).notNull(),
    ip: text9("ip"),
    userAgent: text9("user_agent")
  },
  (t) => [
    sameTenant("sessions_staff_user_fk", t, t.staffUserId, staffUsers, "cascade"),
    sameTenant("sessions_contact_fk", t, t.contactId, contacts, "cascade"),
    sameTenant("sessions_current_account_fk", t, t.currentAccountId, accounts),
    index7("sessions_contact_idx").on(t.contactId),
    index7("sessions_staff_idx").on(t.staffUserId),
    index7("sessions_expires_idx").on(t.expiresAt)
  ]
);
var authTokens = pgTable9(
  "auth_tokens",
  {
    id: uuid9("id").primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    tokenHash: text9("token_hash").notNull().unique(),
    purpose: text9("purpose").$type().notNull(),
    contactId: uuid9("contact_id"),
    /** staff_reset: the staff member whose password the link sets. */
    staffUserId: uuid9("staff_user_id"),
    /** email_change: the address the contact asked for; it becomes theirs when the link is opened (SET-1). */
    newEmail: text9("new_email"),
    createdAt: timestamp9("created_at", { withTimezone: true }).notNull(),
    expiresAt: timestamp9("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp9("used_at", { withTimezone: true })
  },
  (t) => [
    index7("auth_tokens_contact_idx").on(t.contactId),
    index7("auth_tokens_staff_user_idx").on(t.staffUserId),
    sameTenant("auth_tokens_contact_fk", t, t.contactId, contacts, "cascade"),
    sameTenant("auth_tokens_staff_user_fk", t, t.staffUserId, staffUsers, "cascade")
  ]
);
var rateLimits = pgTable9(
  "rate_limits",
  {
    tenantId: tenantIdColumn(),
    bucket: text9("bucket").notNull(),
    key: text9("key").notNull(),
    windowStart: timestamp9("window_start", { withTimezone: true }).notNull(),
    count: integer6("count").notNull().default(0)
  },
  (t) => [primaryKey2({ columns: [t.tenantId, t.bucket, t.key, t.windowStart] })]
);
var portalEvents = pgTable9(
  "portal_events",
  {
    id: bigserial4("id", { mode: "number" }).primaryKey(),
    tenantId: tenantIdColumn(),
    contactId: uuid9("contact_id").notNull(),
    type: text9("type").notNull(),
    actorKind: text9("actor_kind").$type().notNull(),
    actorId: uuid9("actor_id"),
    actorName: text9("actor_name"),
    ip: text9("ip"),
    detail: jsonb2("detail").$type(),
    createdAt: timestamp9("created_at", { withTimezone: true }).notNull()
  },
  (t) => [
    index7("portal_events_contact_idx").on(t.tenantId, t.contactId, t.createdAt),
    sameTenant("portal_events_contact_fk", t, t.contactId, contacts, "cascade")
  ]
);

// src/server/db/schema/outbox.ts
import { bigserial as bigserial5, index as index8, integer as integer7, jsonb as jsonb3, pgTable as pgTable10, text as text10, timestamp as timestamp10 } from "drizzle-orm/pg-core";
var outboxStatuses = ["pending", "sending", "sent", "failed", "not_sent"];
var outbox = pgTable10(
  "outbox",
  {
    id: bigserial5("id", { mode: "number" }).primaryKey(),
    tenantId: tenantIdColumn(),
    /** A task of the worker's registry (worker/tasks.ts) and the version of its payload schema. */
    task: text10("task").notNull(),
    version: integer7("version").notNull().default(1),
    payload: jsonb3("payload").$type().notNull(),
    /** Emails: the address (for the log's search) and the template; the content is rendered when sent. */
    recipient: text10("recipient"),
    template: text10("template"),
    subject: text10("subject"),
    textBody: text10("text_body"),
    htmlBody: text10("html_body"),
    status: text10("status").$type().notNull().default("pending"),
    attempts: integer7("attempts").notNull().default(0),
    nextAttemptAt: timestamp10("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
    lockedUntil: timestamp10("locked_until", { withTimezone: true }),
    /** The worker instance holding the lease: only it may renew, finish or hand back the row. */
    lockedBy: text10("locked_by"),
    lastError: text10("last_error"),
    createdAt: timestamp10("created_at", { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp10("sent_at", { withTimezone: true })
  },
  (t) => [
    index8("outbox_due_idx").on(t.status, t.nextAttemptAt),
    index8("outbox_tenant_idx").on(t.tenantId, t.id)
  ]
);

// src/server/db/schema/settings.ts
import { sql as sql9 } from "drizzle-orm";
import { bigint as bigint2, boolean as boolean8, integer as integer8, numeric as numeric5, pgTable as pgTable11, text as text11, timestamp as timestamp11, uuid as uuid10 } from "drizzle-orm/pg-core";
var portalSettings = pgTable11(
  "portal_settings",
  {
    tenantId: uuid10("tenant_id").primaryKey().references(() => tenants.id, { onDelete: "cascade" }),
    active: boolean8("active").notNull().default(true),
    portalName: text11("portal_name").notNull().default("Client Portal"),
    portalUrl: text11("portal_url"),
    passwordMinLength: integer8("password_min_length").notNull().default(12),
    passwordRequireUpper: boolean8("password_require_upper").notNull().default(false),
    passwordRequireLower: boolean8("password_require_lower").notNull().default(false),
    passwordRequireDigit: boolean8("password_require_digit").notNull().default(false),
    passwordRequireSymbol: boolean8("password_require_symbol").notNull().default(false),
    signupEnabled: boolean8("signup_enabled").notNull().default(false),
    signupNotifyEmails: text11("signup_notify_emails").array().notNull().default(sql9`'{}'::text[]`),
    signupAutoApproveKnownDomains: boolean8("signup_auto_approve_known_domains").notNull().default(false),
    requireTwoFactor: boolean8("require_two_factor").notNull().default(false),
    /** TKT-4: customers see time entries on their tickets. */
    showTimeEntries: boolean8("show_time_entries").notNull().default(false),
    /** TKT-5: told about every ticket and note customers submit. */
    submissionNotifyEmails: text11("submission_notify_emails").array().notNull().default(sql9`'{}'::text[]`),
    addTicketText: text11("add_ticket_text").notNull().default(""),
    addTicketTextActive: boolean8("add_ticket_text_active").notNull().default(false),
    /** TKT-6: the last fallback when neither contact nor account has a time zone. */
    timeZone: text11("time_zone").notNull().default("UTC"),
    nextTicketNumber: bigint2("next_ticket_number", { mode: "number" }).notNull().default(1e3),
    /** APR-1: customers approve billable work before it is invoiced. */
    approvalEnabled: boolean8("approval_enabled").notNull().default(false),
    /** APR-5: days a request waits for the customer's answer. */
    approvalPeriodDays: integer8("approval_period_days").notNull().default(7),
    /** APR-1: where answers to approval requests go (reply-to of the request, copy of each answer); null: the job manager only. */
    approvalReplyTo: text11("approval_reply_to"),
    /** APR-5: what an unanswered request becomes when its period ends. */
    approvalExpiry: text11("approval_expiry").$type().notNull().default("expire"),
    /** ISO 4217 code of the money the company bills in. */
    currency: text11("currency").notNull().default("USD"),
    /** CON-1: prepaid-hours alerts, percent of a period's block, each sent once per period. */
    retainerAlertThresholds: integer8("retainer_alert_thresholds").array().notNull().default(sql9`'{75,90,100}'::integer[]`),
    /** INV-1: the next number of the tenant's invoice sequence, taken when an invoice is issued. */
    nextInvoiceNumber: bigint2("next_invoice_number", { mode: "number" }).notNull().default(1),
    invoicePrefix: text11("invoice_prefix").notNull().default("INV-"),
    invoicePaymentTermsDays: integer8("invoice_payment_terms_days").notNull().default(30),
    defaultTaxRate: numeric5("default_tax_rate", { precision: 5, scale: 2 }).notNull().default("0"),
    /** Printed on invoices: the company's postal address and logo (re-encoded PNG in the file store). */
    companyAddress: text11("company_address").notNull().default(""),
    companyLogoKey: text11("company_logo_key"),
    /** PRJ-1 (seed 004): what customers may ever see of a project, whatever each association allows. */
    projectViewNotes: boolean8("project_view_notes").notNull().default(true),
    projectViewFiles: boolean8("project_view_files").notNull().default(true),
    projectViewOrganisation: boolean8("project_view_organisation").notNull().default(true),
    projectViewClients: boolean8("project_view_clients").notNull().default(true),
    projectViewTasks: boolean8("project_view_tasks").notNull().default(true),
    projectViewTime: boolean8("project_view_time").notNull().default(true),
    /** New portal tickets are assigned to this staff member (on a new install, the first administrator). */
    newTicketAssigneeId: uuid10("new_ticket_assignee_id"),
    updatedAt: timestamp11("updated_at", { withTimezone: true }).notNull().defaultNow()
  },
  (t) => [sameTenant("portal_settings_new_ticket_assignee_fk", t, t.newTicketAssigneeId, staffUsers)]
);

// src/server/db/schema/idempotency.ts
import { index as index9, integer as integer9, pgTable as pgTable12, primaryKey as primaryKey3, text as text12, timestamp as timestamp12, uuid as uuid11 } from "drizzle-orm/pg-core";
var idempotencyStates = ["processing", "committed", "done"];
var idempotencyKeys = pgTable12(
  "idempotency_keys",
  {
    tenantId: tenantIdColumn(),
    /** "staff" or "contact": the ids come from two tables, so the kind is part of who the principal is. */
    principalKind: text12("principal_kind").$type().notNull(),
    principalId: uuid11("principal_id").notNull(),
    key: text12("key").notNull(),
    method: text12("method").notNull(),
    /** The route pattern, e.g. /api/staff/tickets/:id/notes; the path values are in the request hash. */
    route: text12("route").notNull(),
    /** SHA-256 of the validated path parameters, query and body. */
    requestHash: text12("request_hash").notNull(),
    state: text12("state").$type().notNull().default("processing"),
    /** Who holds the claim now; a write commits only while its request still holds it. */
    claimToken: uuid11("claim_token").notNull(),
    lockedUntil: timestamp12("locked_until", { withTimezone: true }).notNull(),
    responseStatus: integer9("response_status"),
    /** The JSON answer exactly as it was sent. */
    responseBody: text12("response_body"),
    createdAt: timestamp12("created_at", { withTimezone: true }).notNull()
  },
  (t) => [
    primaryKey3({ name: "idempotency_keys_pkey", columns: [t.tenantId, t.principalKind, t.principalId, t.key] }),
    index9("idempotency_keys_created_idx").on(t.createdAt)
  ]
);

// src/server/db/schema/invoices.ts
import { sql as sql10 } from "drizzle-orm";
import { bigint as bigint3, bigserial as bigserial6, date as date4, index as index10, integer as integer10, numeric as numeric6, pgTable as pgTable13, text as text13, timestamp as timestamp13, uniqueIndex as uniqueIndex9, uuid as uuid12 } from "drizzle-orm/pg-core";
var invoiceStatuses = ["draft", "sent", "partly_paid", "paid", "void"];
var invoices = pgTable13(
  "invoices",
  {
    id: uuid12("id").primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    accountId: uuid12("account_id").notNull(),
    /** Sequence number, set when issued; the shown number is the tenant's prefix and this. */
    number: bigint3("number", { mode: "number" }),
    displayNumber: text13("display_number"),
    status: text13("status").$type().notNull().default("draft"),
    poNumber: text13("po_number").notNull().default(""),
    /** The issuer and the addressee as printed, frozen when issued. */
    fromText: text13("from_text").notNull().default(""),
    toText: text13("to_text").notNull().default(""),
    invoiceDate: date4("invoice_date", { mode: "string" }).notNull(),
    dueDate: date4("due_date", { mode: "string" }).notNull(),
    salesRepStaffId: uuid12("sales_rep_staff_id"),
    /** The project (job) the invoice is for, and the contract it bills under. */
    jobId: uuid12("job_id"),
    contractId: uuid12("contract_id"),
    currency: text13("currency").notNull(),
    /** Percent, on the subtotal after discount. */
    taxRate: numeric6("tax_rate", { precision: 5, scale: 2 }).notNull().default("0"),
    discountAmount: numeric6("discount_amount", { precision: 14, scale: 2 }).notNull().default("0"),
    subtotal: numeric6("subtotal", { precision: 14, scale: 2 }).notNull().default("0"),
    taxAmount: numeric6("tax_amount", { precision: 14, scale: 2 }).notNull().default("0"),
    grandTotal: numeric6("grand_total", { precision: 14, scale: 2 }).notNull().default("0"),
    paidAmount: numeric6("paid_amount", { precision: 14, scale: 2 }).notNull().default("0"),
    notes: text13("notes").notNull().default(""),
    sentAt: timestamp13("sent_at", { withTimezone: true }),
    voidedAt: timestamp13("voided_at", { withTimezone: true }),
    /** Why and by whom an issued invoice was voided; it keeps its number. */
    voidReason: text13("void_reason").notNull().default(""),
    voidedByStaffId: uuid12("voided_by_staff_id"),
    createdByStaffId: uuid12("created_by_staff_id"),
    createdAt: timestamp13("created_at", { withTimezone: true }).notNull(),
    updatedAt: timestamp13("updated_at", { withTimezone: true }).notNull()
  },
  (t) => [
    tenantKey("invoices", t),
    sameTenant("invoices_account_fk", t, t.accountId, accounts, "cascade"),
    sameTenant("invoices_sales_rep_fk", t, t.salesRepStaffId, staffUsers),
    sameTenant("invoices_job_fk", t, t.jobId, jobs),
    sameTenant("invoices_contract_fk", t, t.contractId, contracts),
    sameTenant("invoices_created_by_fk", t, t.createdByStaffId, staffUsers),
    sameTenant("invoices_voided_by_fk", t, t.voidedByStaffId, staffUsers),
    uniqueIndex9("invoices_number_key").on(t.tenantId, t.number).where(sql10`${t.number} is not null`),
    index10("invoices_account_idx").on(t.tenantId, t.accountId, t.invoiceDate, t.id),
    index10("invoices_list_idx").on(t.tenantId, t.invoiceDate, t.id)
  ]
);
var invoiceLines = pgTable13(
  "invoice_lines",
  {
    id: uuid12("id").primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    invoiceId: uuid12("invoice_id").notNull(),
    sort: integer10("sort").notNull(),
    description: text13("description").notNull(),
    quantity: numeric6("quantity", { precision: 12, scale: 2 }).notNull(),
    unitPrice: numeric6("unit_price", { precision: 14, scale: 2 }).notNull(),
    amount: numeric6("amount", { precision: 14, scale: 2 }).notNull(),
    /** Where the line came from, for history only (not keys). */
    approvalRequestId: uuid12("approval_request_id"),
    timeEntryId: uuid12("time_entry_id")
  },
  (t) => [index10("invoice_lines_invoice_idx").on(t.invoiceId, t.sort), sameTenant("invoice_lines_invoice_fk", t, t.invoiceId, invoices, "cascade")]
);
var invoicePayments = pgTable13(
  "invoice_payments",
  {
    id: uuid12("id").primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    invoiceId: uuid12("invoice_id").notNull(),
    paidOn: date4("paid_on", { mode: "string" }).notNull(),
    amount: numeric6("amount", { precision: 14, scale: 2 }).notNull(),
    method: text13("method").notNull().default(""),
    reference: text13("reference").notNull().default(""),
    recordedByStaffId: uuid12("recorded_by_staff_id"),
    createdAt: timestamp13("created_at", { withTimezone: true }).notNull(),
    seq: bigserial6("seq", { mode: "number" }).notNull()
  },
  (t) => [
    index10("invoice_payments_invoice_idx").on(t.invoiceId, t.seq),
    sameTenant("invoice_payments_invoice_fk", t, t.invoiceId, invoices, "cascade"),
    sameTenant("invoice_payments_recorded_by_fk", t, t.recordedByStaffId, staffUsers)
  ]
);
var invoicedApprovals = pgTable13(
  "invoiced_approvals",
  {
    tenantId: tenantIdColumn(),
    approvalRequestId: uuid12("approval_request_id").notNull(),
    invoiceId: uuid12("invoice_id").notNull()
  },
  (t) => [
    uniqueIndex9("invoiced_approvals_request_key").on(t.tenantId, t.approvalRequestId),
    index10("invoiced_approvals_invoice_idx").on(t.invoiceId),
    sameTenant("invoiced_approvals_request_fk", t, t.approvalRequestId, approvalRequests),
    sameTenant("invoiced_approvals_invoice_fk", t, t.invoiceId, invoices, "cascade")
  ]
);

// src/server/db/schema/projects.ts
import { bigserial as bigserial7, boolean as boolean9, date as date5, index as index11, integer as integer11, pgTable as pgTable14, text as text14, timestamp as timestamp14, uniqueIndex as uniqueIndex10, uuid as uuid13 } from "drizzle-orm/pg-core";
var projectPhases = pgTable14(
  "project_phases",
  {
    id: uuid13("id").primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    jobId: uuid13("job_id").notNull(),
    name: text14("name").notNull(),
    sort: integer11("sort").notNull().default(0),
    dueDate: date5("due_date", { mode: "string" }),
    createdAt: timestamp14("created_at", { withTimezone: true }).notNull()
  },
  (t) => [tenantKey("project_phases", t), index11("project_phases_job_idx").on(t.tenantId, t.jobId, t.sort), sameTenant("project_phases_job_fk", t, t.jobId, jobs, "cascade")]
);
var projectTaskStatuses = ["not_started", "in_progress", "blocked", "done"];
var projectTasks = pgTable14(
  "project_tasks",
  {
    id: uuid13("id").primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    jobId: uuid13("job_id").notNull(),
    phaseId: uuid13("phase_id"),
    title: text14("title").notNull(),
    status: text14("status").$type().notNull().default("not_started"),
    /** 0–100; a done task counts as 100. */
    progress: integer11("progress").notNull().default(0),
    dueDate: date5("due_date", { mode: "string" }),
    assignedStaffId: uuid13("assigned_staff_id"),
    sort: integer11("sort").notNull().default(0),
    createdAt: timestamp14("created_at", { withTimezone: true }).notNull(),
    updatedAt: timestamp14("updated_at", { withTimezone: true }).notNull()
  },
  (t) => [
    tenantKey("project_tasks", t),
    index11("project_tasks_job_idx").on(t.tenantId, t.jobId, t.sort),
    sameTenant("project_tasks_job_fk", t, t.jobId, jobs, "cascade"),
    sameTenant("project_tasks_phase_fk", t, t.phaseId, projectPhases),
    sameTenant("project_tasks_assigned_staff_fk", t, t.assignedStaffId, staffUsers)
  ]
);
var projectStaff = pgTable14(
  "project_staff",
  {
    tenantId: tenantIdColumn(),
    jobId: uuid13("job_id").notNull(),
    staffId: uuid13("staff_id").notNull()
  },
  (t) => [
    uniqueIndex10("project_staff_key").on(t.tenantId, t.jobId, t.staffId),
    sameTenant("project_staff_job_fk", t, t.jobId, jobs, "cascade"),
    sameTenant("project_staff_staff_fk", t, t.staffId, staffUsers, "cascade")
  ]
);
var projectContacts = pgTable14(
  "project_contacts",
  {
    tenantId: tenantIdColumn(),
    jobId: uuid13("job_id").notNull(),
    contactId: uuid13("contact_id").notNull(),
    viewNotes: boolean9("view_notes").notNull().default(true),
    addNotes: boolean9("add_notes").notNull().default(true),
    viewFiles: boolean9("view_files").notNull().default(true),
    addFiles: boolean9("add_files").notNull().default(true),
    viewOrganisation: boolean9("view_organisation").notNull().default(false),
    viewClients: boolean9("view_clients").notNull().default(false),
    viewTasks: boolean9("view_tasks").notNull().default(true),
    viewTime: boolean9("view_time").notNull().default(false),
    createdAt: timestamp14("created_at", { withTimezone: true }).notNull()
  },
  (t) => [
    uniqueIndex10("project_contacts_key").on(t.tenantId, t.jobId, t.contactId),
    index11("project_contacts_contact_idx").on(t.tenantId, t.contactId),
    sameTenant("project_contacts_job_fk", t, t.jobId, jobs, "cascade"),
    sameTenant("project_contacts_contact_fk", t, t.contactId, contacts, "cascade")
  ]
);
var projectNotes = pgTable14(
  "project_notes",
  {
    id: uuid13("id").primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    jobId: uuid13("job_id").notNull(),
    body: text14("body").notNull(),
    /** Internal notes (staff only) never reach the portal. */
    isPublic: boolean9("is_public").notNull(),
    authorStaffId: uuid13("author_staff_id"),
    authorContactId: uuid13("author_contact_id"),
    authorName: text14("author_name").notNull(),
    createdAt: timestamp14("created_at", { withTimezone: true }).notNull(),
    seq: bigserial7("seq", { mode: "number" }).notNull()
  },
  (t) => [
    index11("project_notes_job_idx").on(t.tenantId, t.jobId, t.seq),
    sameTenant("project_notes_job_fk", t, t.jobId, jobs, "cascade"),
    sameTenant("project_notes_author_staff_fk", t, t.authorStaffId, staffUsers),
    sameTenant("project_notes_author_contact_fk", t, t.authorContactId, contacts)
  ]
);
var projectFiles = pgTable14(
  "project_files",
  {
    id: uuid13("id").primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    jobId: uuid13("job_id").notNull(),
    isPublic: boolean9("is_public").notNull().default(true),
    filename: text14("filename").notNull(),
    contentType: text14("content_type").notNull(),
    size: integer11("size").notNull(),
    storageKey: text14("storage_key").notNull(),
    uploadedByStaffId: uuid13("uploaded_by_staff_id"),
    uploadedByContactId: uuid13("uploaded_by_contact_id"),
    uploadedByName: text14("uploaded_by_name").notNull(),
    createdAt: timestamp14("created_at", { withTimezone: true }).notNull()
  },
  (t) => [
    index11("project_files_job_idx").on(t.tenantId, t.jobId, t.createdAt),
    sameTenant("project_files_job_fk", t, t.jobId, jobs, "cascade"),
    sameTenant("project_files_staff_fk", t, t.uploadedByStaffId, staffUsers),
    sameTenant("project_files_contact_fk", t, t.uploadedByContactId, contacts)
  ]
);

// src/server/db/client.ts
function preparePerConnection(client) {
  const query = client.query.bind(client);
  client.query = (config2, values, callback) => {
    if (typeof config2 === "object" && config2 !== null && "text" in config2 && !config2.name) {
      const params = Array.isArray(values) ? values : config2.values;
      if (Array.isArray(params) && params.length > 0) {
        return query({ ...config2, values: params, name: statementName(config2.text) }, callback ?? (typeof values === "function" ? values : void 0));
      }
    }
    if (typeof config2 === "string" && Array.isArray(values) && values.length > 0) {
      return query({ text: config2, values, name: statementName(config2) }, callback);
    }
    return query(config2, values, callback);
  };
}
var statementNames = /* @__PURE__ */ new Map();
function statementName(text17) {
  let name = statementNames.get(text17);
  if (!name) {
    name = `q_${createHash2("sha1").update(text17).digest("hex").slice(0, 20)}`;
    if (statementNames.size > 5e3) statementNames.clear();
    statementNames.set(text17, name);
  }
  return name;
}
var migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), "migrations");
var DatabaseUnreachableError = class extends Error {
};
var DatabaseInUseError = class extends Error {
};
var isRunning = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === "EPERM";
  }
};
function lockDataDir(dataDir) {
  const file = path.join(dataDir, "portico.pid");
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = openSync(file, "wx");
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(file, { force: true });
    } catch (err) {
      if (err.code !== "EEXIST" || attempt > 0) throw err;
      const pid = Number(readFileSync(file, "utf8").trim());
      if (pid > 0 && isRunning(pid)) {
        throw new DatabaseInUseError(
          `the embedded database in ${path.resolve(dataDir)} is open in another Portico process (pid ${pid}); stop that process first, or use a PostgreSQL server (DATABASE_URL)`
        );
      }
      rmSync(file, { force: true });
    }
  }
}
function describeDatabaseUrl(url2) {
  try {
    const u = new URL(url2);
    return `${u.hostname}:${u.port || 5432}${u.pathname}`;
  } catch {
    return "(unparsable URL)";
  }
}
async function waitForDatabase(database2, timeoutMs, sleep = (ms) => new Promise((r) => setTimeout(r, ms))) {
  const deadline = Date.now() + timeoutMs;
  for (let pause = 250; ; pause = Math.min(pause * 2, 5e3)) {
    try {
      await database2.db.execute(sql11`select 1`);
      return;
    } catch (err) {
      if (Date.now() + pause > deadline) {
        let root = err;
        while (root.cause && typeof root.cause === "object") root = root.cause;
        const why = root.code ?? root.message ?? String(root);
        throw new DatabaseUnreachableError(`cannot reach the database at DATABASE_URL (${database2.url ? describeDatabaseUrl(database2.url) : "embedded"}) after ${Math.round(timeoutMs / 1e3)} s: ${why}`);
      }
      await sleep(pause);
    }
  }
}
async function openDatabase(opts) {
  if (opts.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: opts.databaseUrl,
      max: opts.poolSize ?? 10,
      connectionTimeoutMillis: 5e3,
      // Each connection keeps one plan per statement. Otherwise a list's statement is planned afresh on every
      // run: its LIMIT is a parameter, so PostgreSQL's estimate of the kept plan looks worse than a fresh one
      // although both are the same plan, and planning costs more than running it. The lists are written so
      // that their plan does not depend on the values (tickets.repo.ts).
      options: "-c plan_cache_mode=force_generic_plan"
    });
    pool.on("error", (err) => opts.log?.warn({ err }, "database connection lost; the pool replaces it"));
    pool.on("connect", preparePerConnection);
    const db2 = drizzleNodePg(pool, { schema: schema_exports });
    return {
      db: db2,
      kind: "postgres",
      url: opts.databaseUrl,
      async migrate() {
        const client2 = await pool.connect();
        try {
          await client2.query("select pg_advisory_lock(7242001)");
          await migrateNodePg(drizzleNodePg(client2, { schema: schema_exports }), { migrationsFolder });
        } finally {
          await client2.query("select pg_advisory_unlock(7242001)").catch(() => {
          });
          client2.release();
        }
      },
      close: () => pool.end()
    };
  }
  if (opts.dataDir) mkdirSync(opts.dataDir, { recursive: true });
  const unlock = opts.dataDir ? lockDataDir(opts.dataDir) : () => {
  };
  let client;
  try {
    client = await PGlite.create(opts.dataDir ?? void 0, opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {});
  } catch (err) {
    unlock();
    throw err;
  }
  const db = drizzlePglite(client, { schema: schema_exports });
  return {
    db,
    kind: "pglite",
    migrate: () => migratePglite(drizzlePglite(client, { schema: schema_exports }), { migrationsFolder }),
    async close() {
      await client.close();
      unlock();
    },
    ...{ pglite: client }
  };
}

// src/server/db/prepared.ts
var cache = /* @__PURE__ */ new WeakMap();
var checkShapes = process.env.NODE_ENV === "test";
var QueryShapeError = class extends Error {
};
function prepared(db, shape, build) {
  let byShape = cache.get(db);
  if (!byShape) {
    byShape = /* @__PURE__ */ new Map();
    cache.set(db, byShape);
  }
  const hit2 = byShape.get(shape);
  if (hit2) {
    if (checkShapes) assertSameShape(shape, hit2, build().toSQL());
    return hit2.query;
  }
  const builder = build();
  const { sql: text17, params } = builder.toSQL();
  const query = builder.prepare(statementName(text17));
  byShape.set(shape, { text: text17, params, query });
  return query;
}
var paramKey = (p) => p instanceof Placeholder ? `placeholder:${p.name}` : JSON.stringify(p);
function assertSameShape(shape, first, again) {
  if (again.sql !== first.text) {
    throw new QueryShapeError(`query shape "${shape}" built two different statements: the shape must name what changes the text`);
  }
  const a = first.params.map(paramKey);
  const b = again.params.map(paramKey);
  if (a.length !== b.length || a.some((p, i) => p !== b[i])) {
    throw new QueryShapeError(`query shape "${shape}" was built with different values: pass them as placeholders`);
  }
}
var plainCache = /* @__PURE__ */ new WeakMap();
var fillOf = (p) => {
  if (p instanceof Placeholder) return { name: p.name };
  if (p instanceof Param && p.value instanceof Placeholder) {
    const encoder = p.encoder;
    return { name: p.value.name, encode: encoder.mapToDriverValue?.bind(encoder) };
  }
  return { value: p };
};
function preparedPlain(db, shape, build) {
  let byShape = plainCache.get(db);
  if (!byShape) {
    byShape = /* @__PURE__ */ new Map();
    plainCache.set(db, byShape);
  }
  let entry = byShape.get(shape);
  if (entry && checkShapes) assertSameShape(shape, entry, build().query.toSQL());
  if (!entry) {
    const built = build();
    const { sql: text17, params } = built.query.toSQL();
    entry = { name: statementName(text17), text: text17, params, fills: params.map(fillOf), columns: built.columns };
    byShape.set(shape, entry);
  }
  const e = entry;
  const client = db.$client;
  if (!client) throw new Error("a plain statement runs on the database, not in a transaction");
  const logger = db.session?.logger;
  return {
    async execute(values) {
      const params = e.fills.map((f) => {
        if ("value" in f) return f.value;
        if (!(f.name in values)) throw new Error(`No value for placeholder "${f.name}" was provided`);
        const v = values[f.name];
        return f.encode && v !== null && v !== void 0 ? f.encode(v) : v;
      });
      logger?.logQuery(e.text, params);
      const { rows } = client instanceof pg2.Pool ? await client.query({ name: e.name, text: e.text, values: params, rowMode: "array" }) : await client.query(e.text, params, { rowMode: "array" });
      return rows.map((r) => {
        if (checkShapes && r.length !== e.columns.length) throw new QueryShapeError(`query shape "${shape}" names ${e.columns.length} columns of ${r.length}`);
        const row = {};
        for (let i = 0; i < e.columns.length; i++) row[e.columns[i]] = r[i];
        return row;
      });
    }
  };
}

// src/server/db/paging.ts
var countLimit = (page2, pageSize) => (page2 + 4) * pageSize;
var containing = (q) => `%${q.toLowerCase().replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
var ordered = (dir, e) => dir === "desc" ? desc(e) : asc(e);
var ref = (table, column) => sql12.raw(`"${table}"."${column}"`);
var alsoFields = (also) => {
  const fields2 = {};
  for (const [name, value] of Object.entries(also?.columns() ?? {})) fields2[`also_${name}`] = sql12`${value}`.as(`also_${name}`);
  return fields2;
};
var alsoOf = (row) => {
  const values = {};
  for (const [k, v] of Object.entries(row ?? {})) if (k.startsWith("also_")) values[k.slice(5)] = v;
  return values;
};
function pagePlan(db, f) {
  const limit = countLimit(f.page, f.pageSize);
  const values = { ...f.values, pageCountLimit: limit + 1, pageSize: f.pageSize, pageOffset: (f.page - 1) * f.pageSize };
  const keyNames = f.keys.map((_, i) => `k${i}`);
  const matching = () => {
    const fields2 = { id: sql12`${f.id}`.as("id") };
    f.keys.forEach((k, i) => {
      fields2[keyNames[i]] = sql12`${k.by}`.as(keyNames[i]);
    });
    return f.matching(fields2).orderBy(...f.keys.map((k) => ordered(k.dir, k.by))).limit(sql12.placeholder("pageCountLimit")).as("m");
  };
  const slice = () => {
    const fields2 = { id: sql12`${ref("m", "id")}`.as("id"), n: sql12`(count(*) over ())::int`.as("n") };
    for (const k of keyNames) fields2[k] = sql12`${ref("m", k)}`.as(k);
    const p = db.select(fields2).from(matching()).orderBy(...f.keys.map((k, i) => ordered(k.dir, ref("m", keyNames[i])))).limit(sql12.placeholder("pageSize")).offset(sql12.placeholder("pageOffset")).as("p");
    return { from: p, id: sql12`${ref("p", "id")}`, n: sql12`${ref("p", "n")}` };
  };
  const pageOrder = f.keys.map((k, i) => ordered(k.dir, ref("p", keyNames[i])));
  async function total(n) {
    if (n === void 0 || n === null) {
      const count2 = () => db.select({ n: sql12`count(*)::int` }).from(matching());
      n = f.page === 1 ? 0 : (await prepared(db, `count ${f.shape}`, count2).execute(values))[0].n;
    }
    return { total: Math.min(n, limit), totalCapped: n > limit };
  }
  return { values, slice, pageOrder, total };
}
async function keyedPage(db, f, rows) {
  const plan = pagePlan(db, f);
  const pageQuery2 = prepared(db, `page ${f.shape} ${f.also?.shape ?? "-"}`, () => rows(plan.slice(), alsoFields(f.also)).orderBy(...plan.pageOrder));
  const values = { ...plan.values, ...f.also?.values };
  const found = await pageQuery2.execute(values);
  const items = found.map(({ n: _, ...item }) => {
    for (const k of Object.keys(item)) if (k.startsWith("also_")) delete item[k];
    return item;
  });
  let also = alsoOf(found[0]);
  if (f.also && found.length === 0) {
    const alone = prepared(db, `also ${f.also.shape}`, () => db.select(alsoFields(f.also)).from(sql12`(select 1) as one`));
    also = alsoOf((await alone.execute(values))[0]);
  }
  return { items, ...await plan.total(found[0]?.n), also };
}
async function keyedPagePlain(db, f, columns, rows) {
  const plan = pagePlan(db, f);
  const pageQuery2 = preparedPlain(db, `page plain ${f.shape} ${f.also.shape}`, () => {
    const p = plan.slice();
    const fields2 = { ...columns, n: sql12`${p.n}`.as("n"), ...alsoFields(f.also) };
    return { query: rows(p, fields2).orderBy(...plan.pageOrder), columns: Object.keys(fields2) };
  });
  const values = { ...plan.values, ...f.also.values };
  const found = await pageQuery2.execute(values);
  let also = alsoOf(found[0]);
  if (found.length === 0) {
    const alone = preparedPlain(db, `also plain ${f.also.shape}`, () => {
      const fields2 = alsoFields(f.also);
      return { query: db.select(fields2).from(sql12`(select 1) as one`), columns: Object.keys(fields2) };
    });
    also = alsoOf((await alone.execute(values))[0]);
  }
  return { items: found, ...await plan.total(found[0]?.n), also };
}
async function keyedPageText(db, f, page2) {
  const plan = pagePlan(db, f);
  const pageQuery2 = preparedPlain(db, `page text ${f.shape} ${f.also.shape}`, () => {
    const fields2 = {
      n: sql12`max(${ref("p", "n")})`.as("n"),
      items: sql12`coalesce(string_agg(${page2.item}, ',' order by ${sql12.join(plan.pageOrder, sql12`, `)}), '')`.as("items"),
      ...alsoFields(f.also)
    };
    return { query: page2.rows(plan.slice(), fields2), columns: Object.keys(fields2) };
  });
  const [row] = await pageQuery2.execute({ ...plan.values, ...f.also.values });
  return { itemsJson: `[${row.items}]`, ...await plan.total(row.n), also: alsoOf(row) };
}

// src/server/db/tenant-scope.ts
import { eq } from "drizzle-orm";
var uuidRe = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
var MissingTenantError = class extends Error {
};
function inTenant(column, tenantId) {
  if (typeof tenantId !== "string" || !uuidRe.test(tenantId)) {
    throw new MissingTenantError(`a tenant id is required, got ${String(tenantId)}`);
  }
  return eq(column, tenantId);
}
function assertTenant(tenantId) {
  if (typeof tenantId !== "string" || !uuidRe.test(tenantId)) {
    throw new MissingTenantError(`a tenant id is required, got ${String(tenantId)}`);
  }
  return tenantId;
}

// src/server/mail/templates.ts
import { z } from "zod";
var escapeHtml = (s2) => s2.replace(/[&<>"']/g, (c2) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c2]);
function compose(subject, portalName, lines) {
  const text17 = [...lines.map((l) => typeof l === "string" ? l : `${l.label}: ${l.link}`), "", `\u2014 ${portalName}`].join("\n");
  const html = `<!doctype html><html><body style="font-family:system-ui,sans-serif;line-height:1.5;color:#1a1b1e">${lines.map(
    (l) => typeof l === "string" ? `<p>${escapeHtml(l)}</p>` : `<p><a href="${escapeHtml(l.link)}" style="background:#228be6;color:#fff;padding:8px 14px;border-radius:4px;text-decoration:none">${escapeHtml(l.label)}</a></p><p style="font-size:12px;color:#666">${escapeHtml(l.link)}</p>`
  ).join("")}<p style="color:#666">\u2014 ${escapeHtml(portalName)}</p></body></html>`;
  return { subject, text: text17, html };
}
var s = z.string().max(2e4);
var common = { to: z.string().max(320), portalName: s, firstName: s };
function template(shape, render) {
  return { params: z.object(shape).strict(), render };
}
function activation(p, welcome) {
  return compose(welcome ? `Welcome to ${p.portalName}` : `Activate your ${p.portalName} account`, p.portalName, [
    `Hello ${p.firstName},`,
    welcome ? `You now have access to ${p.portalName}. Your username is ${p.username}.` : `An account on ${p.portalName} has been created for you. Your username is ${p.username}.`,
    "Choose your password with the link below. It works once and expires in 24 hours.",
    { link: p.link, label: "Set your password" }
  ]);
}
var emailAttachmentsSchema = z.array(z.object({ filename: z.string().max(200), contentType: z.string().max(100), contentBase64: z.string().max(14e6) }).strict()).max(5);
var mailTemplates = {
  activation: template({ ...common, username: s, link: s }, (p) => activation(p, false)),
  welcome: template({ ...common, username: s, link: s }, (p) => activation(p, true)),
  reset: template(
    { ...common, link: s, hours: z.number(), reason: z.enum(["forgot", "staff", "username_changed"]) },
    (p) => compose(`Reset your ${p.portalName} password`, p.portalName, [
      `Hello ${p.firstName},`,
      p.reason === "username_changed" ? "Your portal username was changed, so you need to choose a new password." : p.reason === "staff" ? "Our support team started a password reset for your account." : "Someone (hopefully you) asked to reset your password.",
      `Choose a new password with the link below. It works once and expires in ${p.hours} ${p.hours === 1 ? "hour" : "hours"}.`,
      { link: p.link, label: "Choose a new password" },
      "If you did not ask for this, you can ignore this email."
    ])
  ),
  /** To a staff member who asked to reset their password on the staff sign-in page. */
  staff_reset: template(
    { to: common.to, companyName: s, name: s, link: s, hours: z.number() },
    (p) => compose(`Reset your ${p.companyName} staff console password`, `${p.companyName} staff console`, [
      `Hello ${p.name},`,
      "Someone (hopefully you) asked to reset your password for the staff console.",
      `Choose a new password with the link below. It works once and expires in ${p.hours} ${p.hours === 1 ? "hour" : "hours"}. Setting it signs you out everywhere else.`,
      { link: p.link, label: "Choose a new password" },
      "If you did not ask for this, you can ignore this email: your password stays as it is."
    ])
  ),
  send_login: template(
    { ...common, username: s, portalUrl: s, link: s },
    (p) => compose(`Your ${p.portalName} login`, p.portalName, [
      `Hello ${p.firstName},`,
      `Here are your login details for ${p.portalName}.`,
      `Portal: ${p.portalUrl}`,
      `Username: ${p.username}`,
      "Set your password with the link below (we never send passwords by email). It works once and expires in 24 hours.",
      { link: p.link, label: "Set your password" }
    ])
  ),
  /** SET-1: to the address a contact asked to use. No link when the address already belongs to a portal login. */
  email_change_confirm: template(
    { ...common, link: s.nullable(), hours: z.number() },
    (p) => p.link ? compose(`Confirm your new email address for ${p.portalName}`, p.portalName, [
      `Hello ${p.firstName},`,
      `You asked to use this address for your login on ${p.portalName}.`,
      `Confirm it with the link below. It works once and expires in ${p.hours} hours. Until you open it, your old address stays in use.`,
      { link: p.link, label: "Confirm this email address" },
      "If you did not ask for this, you can ignore this email: nothing changes."
    ]) : (
      // The requester may be someone else: no name, and nothing about who asked.
      compose(`Email address change on ${p.portalName}`, p.portalName, [
        `Someone signed in to ${p.portalName} asked to use this address for their login.`,
        `This address already belongs to a login on ${p.portalName}, so it cannot be used for another one. Nothing was changed.`,
        "If that was you, sign in with the login this address already has, or ask for the change with a different address. Otherwise you can ignore this email."
      ])
    )
  ),
  /** SET-1: to the address a contact has now, when they ask to change it. */
  email_change_notice: template(
    { ...common, newEmail: s, hours: z.number() },
    (p) => compose(`Your ${p.portalName} email address is being changed`, p.portalName, [
      `Hello ${p.firstName},`,
      `Someone signed in to your ${p.portalName} account asked to change its email address to ${p.newEmail}.`,
      `The change happens only if the link we sent to that address is opened within ${p.hours} hours. Until then this address stays in use.`,
      'If this was not you, someone may know your password: choose a new one at once with "Forgot your password?" on the sign-in page. That also cancels the change.'
    ])
  ),
  ticket_activity: template(
    { to: common.to, portalName: s, number: z.number(), title: s, account: s, headline: s, text: s, link: s },
    (p) => compose(`[#${p.number}] ${p.title}`, p.portalName, [
      p.headline,
      `Ticket #${p.number}: ${p.title}${p.account ? ` (${p.account})` : ""}`,
      ...p.text ? [p.text.length > 2e3 ? `${p.text.slice(0, 2e3)}\u2026` : p.text] : [],
      { link: p.link, label: "Open the ticket" }
    ])
  ),
  /** APR-4 "Invoice Approval Request": to the job contact, with the link to the statement in the portal. */
  approval_request: template(
    { ...common, replyTo: s.nullable(), job: s, account: s, version: z.number(), cutOff: s, hours: s, amount: s, expiresOn: s, link: s, replaces: z.number().nullable() },
    (p) => compose(`Please approve the work on ${p.job} (version ${p.version})`, p.portalName, [
      `Hello ${p.firstName},`,
      `Please review the work on ${p.job} (${p.account}) up to ${p.cutOff}: ${p.hours}, ${p.amount}.`,
      ...p.replaces ? [`This is version ${p.version}; it replaces version ${p.replaces}, which you no longer need to answer.`] : [],
      `Approve it, or query it with a comment, in the portal by ${p.expiresOn}.`,
      { link: p.link, label: "Review and answer" }
    ])
  ),
  /** APR-4 "Invoice Approved Response" (or its queried variant): to the job manager, and the approval reply-to address. */
  approval_answered: template(
    { to: common.to, portalName: s, job: s, account: s, version: z.number(), decision: z.enum(["approved", "queried"]), by: s, comment: s, link: s },
    (p) => compose(`${p.decision === "approved" ? "Approved" : "Queried"}: ${p.job}, version ${p.version}`, p.portalName, [
      p.decision === "approved" ? `${p.by} approved version ${p.version} of the work on ${p.job} (${p.account}). Its time entries are now locked.` : `${p.by} queried version ${p.version} of the work on ${p.job} (${p.account}).`,
      ...p.comment ? [`Their comment: ${p.comment}`] : [],
      ...p.decision === "queried" ? ["Revise the work and send a new version from the approval screen."] : [],
      { link: p.link, label: "Open the approval screen" }
    ])
  ),
  /** APR-5: to the job manager, when the approval period ended without an answer. */
  approval_expired: template(
    { to: common.to, portalName: s, job: s, account: s, version: z.number(), outcome: z.enum(["expired", "deemed_approved"]), days: z.number(), link: s },
    (p) => compose(`${p.outcome === "expired" ? "Expired" : "Counted as approved"}: ${p.job}, version ${p.version}`, p.portalName, [
      `Nobody answered version ${p.version} of the work on ${p.job} (${p.account}) within ${p.days} ${p.days === 1 ? "day" : "days"}.`,
      p.outcome === "expired" ? "The request has expired. You can send it again from the approval screen." : "Under your approval settings the work now counts as approved, and its time entries are locked.",
      { link: p.link, label: "Open the approval screen" }
    ])
  ),
  /** CON-1: a retainer by hours reached one of the tenant's thresholds this period: to the account's client administrators and the job managers. */
  retainer_threshold: template(
    {
      to: common.to,
      portalName: s,
      name: s,
      audience: z.enum(["customer", "staff"]),
      contract: s,
      account: s,
      threshold: z.number(),
      percent: z.number(),
      used: s,
      block: s,
      periodStart: s,
      periodEnd: s,
      runOut: s.nullable(),
      link: s
    },
    (p) => compose(`${p.contract}: ${p.threshold} % of this period's prepaid hours used`, p.portalName, [
      `Hello ${p.name},`,
      p.audience === "customer" ? `Your prepaid hours on ${p.contract} have reached ${p.threshold} %: ${p.used} of ${p.block} used (${p.percent} %) in the period ${p.periodStart} to ${p.periodEnd}.` : `${p.account}'s prepaid hours on ${p.contract} have reached ${p.threshold} %: ${p.used} of ${p.block} used (${p.percent} %) in the period ${p.periodStart} to ${p.periodEnd}.`,
      p.percent >= 100 ? "The block for this period is used up; further work is billed as agreed in the contract." : p.runOut ? `At this period's pace the block runs out on ${p.runOut}.` : "At this period's pace the block lasts to the end of the period.",
      { link: p.link, label: p.audience === "customer" ? "See your prepaid hours" : "Open the contract" }
    ])
  ),
  /** PRJ-1: to each staff member assigned to a project and its manager, when an associated contact adds a note or a file. */
  project_activity: template(
    { to: common.to, portalName: s, project: s, account: s, by: s, kind: z.enum(["note", "file"]), text: s, link: s },
    (p) => compose(`[${p.project}] ${p.kind === "note" ? "New note" : "New file"} from ${p.by}`, p.portalName, [
      p.kind === "note" ? `${p.by} added a note to the project ${p.project} (${p.account}):` : `${p.by} uploaded a file to the project ${p.project} (${p.account}): ${p.text}`,
      ...p.kind === "note" ? [p.text.length > 2e3 ? `${p.text.slice(0, 2e3)}\u2026` : p.text] : [],
      { link: p.link, label: "Open the project" }
    ])
  ),
  /** INV-1: an issued invoice to a contact of the account, its PDF attached; the portal link for those who may open it there. */
  invoice_sent: template(
    { ...common, company: s, number: s, account: s, amount: s, dueOn: s, link: s.nullable(), resent: z.boolean(), attachments: emailAttachmentsSchema.optional() },
    (p) => compose(`Invoice ${p.number} from ${p.company}`, p.portalName, [
      p.firstName ? `Hello ${p.firstName},` : "Hello,",
      p.resent ? `Here is invoice ${p.number} for ${p.account} again.` : `Please find attached invoice ${p.number} for ${p.account}.`,
      `Amount due: ${p.amount}, by ${p.dueOn}.`,
      ...p.link ? [{ link: p.link, label: "View the invoice in the portal" }] : [],
      `The invoice is attached as a PDF.`
    ])
  ),
  signup_notification: template(
    { to: common.to, portalName: s, name: s, email: s, company: s, link: s, autoApproved: s.nullable() },
    (p) => compose(`New portal sign-up: ${p.name}`, p.portalName, [
      `${p.name} <${p.email}> from "${p.company}" signed up for ${p.portalName}.`,
      p.autoApproved ? `Their email domain matches the account ${p.autoApproved}, so they were approved and sent an activation email.` : "The sign-up waits for your approval.",
      { link: p.link, label: "Open the contact" }
    ])
  )
};

// src/server/modules/email/outbox.repo.ts
var queuedIn = /* @__PURE__ */ new WeakSet();
var queuedSomething = (tx) => queuedIn.has(tx);
async function queueEmail(db, tenantId, template2, params, now2) {
  const payload = mailTemplates[template2].params.parse(params);
  await db.insert(outbox).values({
    tenantId: assertTenant(tenantId),
    task: `email.${template2}`,
    version: 1,
    payload,
    recipient: payload.to,
    template: template2,
    createdAt: now2,
    nextAttemptAt: now2
  });
  queuedIn.add(db);
}
var claimedColumns = sql13`id, tenant_id as "tenantId", task, version, payload, recipient, template, subject,
  text_body as "textBody", html_body as "htmlBody", attempts`;
async function claimDueTasks(db, now2, leaseMs, limit, owner) {
  const leaseUntil = new Date(now2.getTime() + leaseMs);
  const result = await db.execute(sql13`
    update ${outbox} set status = 'sending', locked_until = ${leaseUntil}, locked_by = ${owner}, attempts = attempts + 1
    where id in (
      select id from ${outbox}
      where (status = 'pending' and next_attempt_at <= ${now2}) or (status = 'sending' and locked_until < ${now2})
      order by id
      limit ${limit}
      for update skip locked
    )
    returning ${claimedColumns}`);
  return result.rows;
}
async function renewLeases(db, owner, until) {
  await db.execute(sql13`update ${outbox} set locked_until = ${until} where locked_by = ${owner} and status = 'sending'`);
}
async function releaseLeases(db, owner, now2) {
  const r = await db.execute(sql13`
    update ${outbox} set status = 'pending', locked_until = null, locked_by = null, next_attempt_at = ${now2},
      attempts = greatest(attempts - 1, 0)
    where status = 'sending' ${owner === null ? sql13`` : sql13`and locked_by = ${owner}`}
    returning id`);
  return r.rows.length;
}
async function finishTask(db, id, owner, v) {
  const { rendered, ...rest } = v;
  const rows = await db.update(outbox).set({
    ...rest,
    ...rendered ? { subject: rendered.subject, textBody: rendered.text, htmlBody: rendered.html } : {},
    lockedUntil: null,
    lockedBy: null
  }).where(and(eq2(outbox.id, id), eq2(outbox.status, "sending"), eq2(outbox.lockedBy, owner))).returning({ id: outbox.id });
  return rows.length === 1;
}
var listColumns = {
  id: outbox.id,
  task: outbox.task,
  version: outbox.version,
  // Attached files (an invoice's PDF, as base64) stay in the database: the log names them only.
  payload: sql13`(${outbox.payload} - 'attachments')`,
  attachments: sql13`array(select a->>'filename' from jsonb_array_elements(case when jsonb_typeof(${outbox.payload}->'attachments') = 'array' then ${outbox.payload}->'attachments' else '[]'::jsonb end) a)`,
  recipient: outbox.recipient,
  template: outbox.template,
  subject: outbox.subject,
  status: outbox.status,
  attempts: outbox.attempts,
  lastError: outbox.lastError,
  createdAt: outbox.createdAt,
  sentAt: outbox.sentAt
};
async function listEmails(db, tenantId, f) {
  const $3 = sql13.placeholder;
  const where = () => {
    const w = [eq2(outbox.tenantId, $3("tenantId")), sql13`${outbox.task} like 'email.%'`];
    if (f.status) w.push(eq2(outbox.status, $3("status")));
    if (f.q) {
      w.push(sql13`(lower(${outbox.recipient}) like ${$3("like")} or lower(coalesce(${outbox.subject}, '')) like ${$3("like")} or lower(${outbox.template}) like ${$3("like")})`);
    }
    return w;
  };
  return keyedPage(
    db,
    {
      shape: `emails ${Boolean(f.status)} ${Boolean(f.q)}`,
      values: { tenantId: assertTenant(tenantId), status: f.status, like: f.q ? containing(f.q) : void 0 },
      matching: (fields2) => db.select(fields2).from(outbox).where(and(...where())).$dynamic(),
      id: outbox.id,
      keys: [{ by: outbox.id, dir: "desc" }],
      page: f.page,
      pageSize: f.pageSize
    },
    (p) => db.select({ ...listColumns, n: p.n }).from(p.from).innerJoin(outbox, eq2(outbox.id, p.id)).$dynamic()
  );
}
async function getEmail(db, tenantId, id) {
  const rows = await db.select({ ...listColumns, textBody: outbox.textBody, htmlBody: outbox.htmlBody }).from(outbox).where(and(inTenant(outbox.tenantId, tenantId), eq2(outbox.id, id), sql13`${outbox.task} like 'email.%'`));
  return rows[0];
}

// src/server/modules/idempotency/idempotency.service.ts
import { AsyncLocalStorage } from "node:async_hooks";
import { createHash as createHash3, randomUUID } from "node:crypto";

// src/server/modules/idempotency/idempotency.repo.ts
var idempotency_repo_exports = {};
__export(idempotency_repo_exports, {
  claimKey: () => claimKey,
  deleteExpiredKeys: () => deleteExpiredKeys,
  markCommitted: () => markCommitted,
  releaseClaim: () => releaseClaim,
  storeAnswer: () => storeAnswer
});
import { and as and2, eq as eq3, lt, or, sql as sql14 } from "drizzle-orm";
async function claimKey(db, tenantId, c2, now2, lockedUntil, expiredBefore) {
  const t = idempotencyKeys;
  const fresh = { ...c2, tenantId: assertTenant(tenantId), state: "processing", lockedUntil, createdAt: now2, responseStatus: null, responseBody: null };
  const won = await db.insert(t).values(fresh).onConflictDoUpdate({
    target: [t.tenantId, t.principalKind, t.principalId, t.key],
    set: fresh,
    setWhere: or(
      lt(t.createdAt, expiredBefore),
      and2(eq3(t.state, "processing"), lt(t.lockedUntil, now2), eq3(t.method, c2.method), eq3(t.route, c2.route), eq3(t.requestHash, c2.requestHash))
    )
  }).returning({ claimToken: t.claimToken });
  if (won[0]?.claimToken === c2.claimToken) return { claimed: true };
  const [row] = await db.select().from(t).where(and2(inTenant(t.tenantId, tenantId), eq3(t.principalKind, c2.principalKind), eq3(t.principalId, c2.principalId), eq3(t.key, c2.key)));
  return { claimed: false, row };
}
async function markCommitted(tx, tenantId, claimToken) {
  const rows = await tx.update(idempotencyKeys).set({ state: "committed" }).where(and2(inTenant(idempotencyKeys.tenantId, tenantId), eq3(idempotencyKeys.claimToken, claimToken), sql14`${idempotencyKeys.state} <> 'done'`)).returning({ state: idempotencyKeys.state });
  return rows.length > 0;
}
async function storeAnswer(db, tenantId, claimToken, status2, body, onlyIfCommitted) {
  const rows = await db.update(idempotencyKeys).set({ state: "done", responseStatus: status2, responseBody: body }).where(
    and2(
      inTenant(idempotencyKeys.tenantId, tenantId),
      eq3(idempotencyKeys.claimToken, claimToken),
      onlyIfCommitted ? eq3(idempotencyKeys.state, "committed") : sql14`${idempotencyKeys.state} <> 'done'`
    )
  ).returning({ state: idempotencyKeys.state });
  return rows.length > 0;
}
async function releaseClaim(db, tenantId, claimToken, now2) {
  const mine = and2(inTenant(idempotencyKeys.tenantId, tenantId), eq3(idempotencyKeys.claimToken, claimToken));
  await db.delete(idempotencyKeys).where(and2(mine, eq3(idempotencyKeys.state, "processing")));
  await db.update(idempotencyKeys).set({ lockedUntil: now2 }).where(and2(mine, eq3(idempotencyKeys.state, "committed")));
}
async function deleteExpiredKeys(db, before) {
  await db.delete(idempotencyKeys).where(lt(idempotencyKeys.createdAt, before));
}

// src/server/modules/idempotency/idempotency.service.ts
var IDEMPOTENCY_TTL_MS = 24 * HOUR;
var CLAIM_LEASE_MS = 6e4;
var running = new AsyncLocalStorage();
function runUnderClaim(claim, fn) {
  return claim ? running.run(claim, fn) : fn();
}
var outsideClaim = (fn) => running.exit(fn);
function currentClaim() {
  const claim = running.getStore();
  return claim?.open ? claim : void 0;
}
async function recordCommit(tx, claim) {
  if (!await markCommitted(tx, claim.tenantId, claim.claimToken)) {
    throw conflict("A later retry with this Idempotency-Key took over; this request changed nothing");
  }
}
function canonical(v) {
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === "object" && !(v instanceof Date)) {
    return Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical(v[k])]));
  }
  return v;
}
function requestHash(parts2) {
  return createHash3("sha256").update(JSON.stringify(canonical(parts2)) ?? "").digest("hex");
}
var KeyBusyError = class extends AppError {
};
var keyBusy = () => new KeyBusyError("CONFLICT", "A request with this Idempotency-Key is still being processed. Retry in a moment.");
function createIdempotencyService(d, { idempotency: { claimKey: claimKey2, releaseClaim: releaseClaim2, storeAnswer: storeAnswer2 } }) {
  async function claimIdempotencyKey(r) {
    const now2 = d.clock();
    const claimToken = randomUUID();
    const { tenantId, ...keyed } = r;
    for (let attempt = 0; attempt < 3; attempt++) {
      const res = await claimKey2(d.db, tenantId, { ...keyed, claimToken }, now2, new Date(now2.getTime() + CLAIM_LEASE_MS), new Date(now2.getTime() - IDEMPOTENCY_TTL_MS));
      if (res.claimed) return { kind: "claimed", claim: { tenantId, claimToken, open: true } };
      const row = res.row;
      if (!row) continue;
      if (row.method !== r.method || row.route !== r.route || row.requestHash !== r.requestHash) {
        throw new AppError(
          "IDEMPOTENCY_KEY_REUSED",
          "This Idempotency-Key was already used for a different request (another route or body). Send a new key for a new request."
        );
      }
      if (row.state === "done" && row.responseStatus !== null && row.responseBody !== null) {
        return { kind: "replay", status: row.responseStatus, body: row.responseBody };
      }
      if (row.state === "committed" && row.lockedUntil.getTime() <= now2.getTime()) {
        throw conflict("The request with this Idempotency-Key was carried out, but its answer was not kept. Look up the result instead of retrying.");
      }
      throw keyBusy();
    }
    throw keyBusy();
  }
  async function settleIdempotencyKey(claim, status2, body) {
    claim.open = false;
    if (status2 >= 200 && status2 < 300 && body !== null) {
      await storeAnswer2(d.db, claim.tenantId, claim.claimToken, status2, body, false);
      return;
    }
    if (status2 < 500 && body !== null && await storeAnswer2(d.db, claim.tenantId, claim.claimToken, status2, body, true)) return;
    await releaseClaim2(d.db, claim.tenantId, claim.claimToken, d.clock());
  }
  return { claimIdempotencyKey, settleIdempotencyKey };
}

// src/server/deps.ts
async function inTransaction(d, fn, conflictMessage = "This conflicts with an existing record") {
  const claim = currentClaim();
  try {
    let used;
    const result = await d.db.transaction(async (tx) => {
      used = tx;
      const r = await fn(used);
      if (claim) await recordCommit(used, claim);
      return r;
    });
    if (used && queuedSomething(used)) outsideClaim(d.onTaskQueued);
    return result;
  } catch (err) {
    if (pgCode(err) === "23505") throw new AppError("CONFLICT", conflictMessage);
    throw err;
  }
}
function pgCode(err) {
  let e = err;
  for (let i = 0; i < 3 && e && typeof e === "object"; i++) {
    const code = e.code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
    e = e.cause;
  }
  return void 0;
}

// src/server/lib/passwords.ts
import argon2 from "argon2";

// src/shared/passwords.ts
import { z as z2 } from "zod";

// src/shared/common-passwords.ts
var commonPasswords = new Set(
  [
    "000000000000",
    "111111",
    "111111!",
    "111111!!",
    "1111111",
    "1111111!",
    "111111111111",
    "11111112",
    "111111123",
    "111111123!",
    "1111111234",
    "11111112345",
    "111111123456",
    "1111112023",
    "1111112024",
    "1111112025",
    "1111112026",
    "123123123123",
    "123456",
    "123456!",
    "123456!!",
    "1234561",
    "1234561!",
    "12345612",
    "123456123",
    "123456123!",
    "1234561234",
    "12345612345",
    "123456123456",
    "1234562023",
    "1234562024",
    "1234562025",
    "1234562026",
    "12345678",
    "12345678!",
    "12345678!!",
    "123456781",
    "123456781!",
    "1234567812",
    "12345678123",
    "12345678123!",
    "123456781234",
    "1234567812345",
    "12345678123456",
    "1234567812345678",
    "123456782023",
    "123456782024",
    "123456782025",
    "123456782026",
    "123456789012",
    "1234567890123",
    "123456789abc",
    "123qwe",
    "123qwe!",
    "123qwe!!",
    "123qwe1",
    "123qwe1!",
    "123qwe12",
    "123qwe123",
    "123qwe123!",
    "123qwe1234",
    "123qwe12345",
    "123qwe123456",
    "123qwe123qwe",
    "123qwe2023",
    "123qwe2024",
    "123qwe2025",
    "123qwe2026",
    "1q2w3e4r",
    "1q2w3e4r!",
    "1q2w3e4r!!",
    "1q2w3e4r1",
    "1q2w3e4r1!",
    "1q2w3e4r12",
    "1q2w3e4r123",
    "1q2w3e4r123!",
    "1q2w3e4r1234",
    "1q2w3e4r12345",
    "1q2w3e4r123456",
    "1q2w3e4r1q2w3e4r",
    "1q2w3e4r2023",
    "1q2w3e4r2024",
    "1q2w3e4r2025",
    "1q2w3e4r2026",
    "1q2w3e4r5t6y",
    "1qaz2wsx",
    "1qaz2wsx!",
    "1qaz2wsx!!",
    "1qaz2wsx1",
    "1qaz2wsx1!",
    "1qaz2wsx12",
    "1qaz2wsx123",
    "1qaz2wsx123!",
    "1qaz2wsx1234",
    "1qaz2wsx12345",
    "1qaz2wsx123456",
    "1qaz2wsx1qaz2wsx",
    "1qaz2wsx2023",
    "1qaz2wsx2024",
    "1qaz2wsx2025",
    "1qaz2wsx2026",
    "1qaz2wsx3edc",
    "aa123456",
    "aa123456!",
    "aa123456!!",
    "aa1234561",
    "aa1234561!",
    "aa12345612",
    "aa123456123",
    "aa123456123!",
    "aa1234561234",
    "aa12345612345",
    "aa123456123456",
    "aa1234562023",
    "aa1234562024",
    "aa1234562025",
    "aa1234562026",
    "aa123456aa123456",
    "abc123",
    "abc123!",
    "abc123!!",
    "abc1231",
    "abc1231!",
    "abc12312",
    "abc123123",
    "abc123123!",
    "abc1231234",
    "abc12312345",
    "abc123123456",
    "abc1232023",
    "abc1232024",
    "abc1232025",
    "abc1232026",
    "abc123456789",
    "abc123abc123",
    "abcabcabcabc",
    "abcd1234",
    "abcd1234!",
    "abcd1234!!",
    "abcd12341",
    "abcd12341!",
    "abcd123412",
    "abcd1234123",
    "abcd1234123!",
    "abcd12341234",
    "abcd123412345",
    "abcd1234123456",
    "abcd12342023",
    "abcd12342024",
    "abcd12342025",
    "abcd12342026",
    "abcd1234abcd1234",
    "abcdefghijkl",
    "access",
    "access!",
    "access!!",
    "access1",
    "access1!",
    "access12",
    "access123",
    "access123!",
    "access1234",
    "access12345",
    "access123456",
    "access2023",
    "access2024",
    "access2025",
    "access2026",
    "accessaccess",
    "admin",
    "admin!",
    "admin!!",
    "admin1",
    "admin1!",
    "admin12",
    "admin123",
    "admin123!",
    "admin1234",
    "admin12345",
    "admin123456",
    "admin2023",
    "admin2024",
    "admin2025",
    "admin2026",
    "adminadmin",
    "administrator",
    "andrew",
    "andrew!",
    "andrew!!",
    "andrew1",
    "andrew1!",
    "andrew12",
    "andrew123",
    "andrew123!",
    "andrew1234",
    "andrew12345",
    "andrew123456",
    "andrew2023",
    "andrew2024",
    "andrew2025",
    "andrew2026",
    "andrewandrew",
    "apple",
    "apple!",
    "apple!!",
    "apple1",
    "apple1!",
    "apple12",
    "apple123",
    "apple123!",
    "apple1234",
    "apple12345",
    "apple123456",
    "apple2023",
    "apple2024",
    "apple2025",
    "apple2026",
    "appleapple",
    "asdfasdfasdf",
    "asdfghjkl",
    "asdfghjkl!",
    "asdfghjkl!!",
    "asdfghjkl1",
    "asdfghjkl1!",
    "asdfghjkl12",
    "asdfghjkl123",
    "asdfghjkl123!",
    "asdfghjkl1234",
    "asdfghjkl12345",
    "asdfghjkl123456",
    "asdfghjkl2023",
    "asdfghjkl2024",
    "asdfghjkl2025",
    "asdfghjkl2026",
    "asdfghjklasdfghjkl",
    "autumn",
    "autumn!",
    "autumn!!",
    "autumn1",
    "autumn1!",
    "autumn12",
    "autumn123",
    "autumn123!",
    "autumn1234",
    "autumn12345",
    "autumn123456",
    "autumn2023",
    "autumn2024",
    "autumn2025",
    "autumn2026",
    "autumnautumn",
    "banana",
    "banana!",
    "banana!!",
    "banana1",
    "banana1!",
    "banana12",
    "banana123",
    "banana123!",
    "banana1234",
    "banana12345",
    "banana123456",
    "banana2023",
    "banana2024",
    "banana2025",
    "banana2026",
    "bananabanana",
    "baseball",
    "baseball!",
    "baseball!!",
    "baseball1",
    "baseball1!",
    "baseball12",
    "baseball123",
    "baseball123!",
    "baseball1234",
    "baseball12345",
    "baseball123456",
    "baseball2023",
    "baseball2024",
    "baseball2025",
    "baseball2026",
    "baseballbaseball",
    "batman",
    "batman!",
    "batman!!",
    "batman1",
    "batman1!",
    "batman12",
    "batman123",
    "batman123!",
    "batman1234",
    "batman12345",
    "batman123456",
    "batman2023",
    "batman2024",
    "batman2025",
    "batman2026",
    "batmanbatman",
    "buster",
    "buster!",
    "buster!!",
    "buster1",
    "buster1!",
    "buster12",
    "buster123",
    "buster123!",
    "buster1234",
    "buster12345",
    "buster123456",
    "buster2023",
    "buster2024",
    "buster2025",
    "buster2026",
    "busterbuster",
    "changeme",
    "changeme!",
    "changeme!!",
    "changeme1",
    "changeme1!",
    "changeme12",
    "changeme123",
    "changeme123!",
    "changeme1234",
    "changeme12345",
    "changeme123456",
    "changeme2023",
    "changeme2024",
    "changeme2025",
    "changeme2026",
    "changemechangeme",
    "changemeplease",
    "charlie",
    "charlie!",
    "charlie!!",
    "charlie1",
    "charlie1!",
    "charlie12",
    "charlie123",
    "charlie123!",
    "charlie1234",
    "charlie12345",
    "charlie123456",
    "charlie2023",
    "charlie2024",
    "charlie2025",
    "charlie2026",
    "charliecharlie",
    "cheese",
    "cheese!",
    "cheese!!",
    "cheese1",
    "cheese1!",
    "cheese12",
    "cheese123",
    "cheese123!",
    "cheese1234",
    "cheese12345",
    "cheese123456",
    "cheese2023",
    "cheese2024",
    "cheese2025",
    "cheese2026",
    "cheesecheese",
    "chocolate",
    "chocolate!",
    "chocolate!!",
    "chocolate1",
    "chocolate1!",
    "chocolate12",
    "chocolate123",
    "chocolate123!",
    "chocolate1234",
    "chocolate12345",
    "chocolate123456",
    "chocolate2023",
    "chocolate2024",
    "chocolate2025",
    "chocolate2026",
    "chocolatechocolate",
    "company",
    "company!",
    "company!!",
    "company1",
    "company1!",
    "company12",
    "company123",
    "company123!",
    "company1234",
    "company12345",
    "company123456",
    "company2023",
    "company2024",
    "company2025",
    "company2026",
    "companycompany",
    "computer",
    "computer!",
    "computer!!",
    "computer1",
    "computer1!",
    "computer12",
    "computer123",
    "computer123!",
    "computer1234",
    "computer12345",
    "computer123456",
    "computer2023",
    "computer2024",
    "computer2025",
    "computer2026",
    "computercomputer",
    "cookie",
    "cookie!",
    "cookie!!",
    "cookie1",
    "cookie1!",
    "cookie12",
    "cookie123",
    "cookie123!",
    "cookie1234",
    "cookie12345",
    "cookie123456",
    "cookie2023",
    "cookie2024",
    "cookie2025",
    "cookie2026",
    "cookiecookie",
    "correcthorsebatterystaple",
    "daniel",
    "daniel!",
    "daniel!!",
    "daniel1",
    "daniel1!",
    "daniel12",
    "daniel123",
    "daniel123!",
    "daniel1234",
    "daniel12345",
    "daniel123456",
    "daniel2023",
    "daniel2024",
    "daniel2025",
    "daniel2026",
    "danieldaniel",
    "default",
    "default!",
    "default!!",
    "default1",
    "default1!",
    "default12",
    "default123",
    "default123!",
    "default1234",
    "default12345",
    "default123456",
    "default2023",
    "default2024",
    "default2025",
    "default2026",
    "defaultdefault",
    "donald",
    "donald!",
    "donald!!",
    "donald1",
    "donald1!",
    "donald12",
    "donald123",
    "donald123!",
    "donald1234",
    "donald12345",
    "donald123456",
    "donald2023",
    "donald2024",
    "donald2025",
    "donald2026",
    "donalddonald",
    "dragon",
    "dragon!",
    "dragon!!",
    "dragon1",
    "dragon1!",
    "dragon12",
    "dragon123",
    "dragon123!",
    "dragon1234",
    "dragon12345",
    "dragon123456",
    "dragon2023",
    "dragon2024",
    "dragon2025",
    "dragon2026",
    "dragondragon",
    "flower",
    "flower!",
    "flower!!",
    "flower1",
    "flower1!",
    "flower12",
    "flower123",
    "flower123!",
    "flower1234",
    "flower12345",
    "flower123456",
    "flower2023",
    "flower2024",
    "flower2025",
    "flower2026",
    "flowerflower",
    "football",
    "football!",
    "football!!",
    "football1",
    "football1!",
    "football12",
    "football123",
    "football123!",
    "football1234",
    "football12345",
    "football123456",
    "football2023",
    "football2024",
    "football2025",
    "football2026",
    "footballfootball",
    "freedom",
    "freedom!",
    "freedom!!",
    "freedom1",
    "freedom1!",
    "freedom12",
    "freedom123",
    "freedom123!",
    "freedom1234",
    "freedom12345",
    "freedom123456",
    "freedom2023",
    "freedom2024",
    "freedom2025",
    "freedom2026",
    "freedomfreedom",
    "ginger",
    "ginger!",
    "ginger!!",
    "ginger1",
    "ginger1!",
    "ginger12",
    "ginger123",
    "ginger123!",
    "ginger1234",
    "ginger12345",
    "ginger123456",
    "ginger2023",
    "ginger2024",
    "ginger2025",
    "ginger2026",
    "gingerginger",
    "google",
    "google!",
    "google!!",
    "google1",
    "google1!",
    "google12",
    "google123",
    "google123!",
    "google1234",
    "google12345",
    "google123456",
    "google2023",
    "google2024",
    "google2025",
    "google2026",
    "googlegoogle",
    "harley",
    "harley!",
    "harley!!",
    "harley1",
    "harley1!",
    "harley12",
    "harley123",
    "harley123!",
    "harley1234",
    "harley12345",
    "harley123456",
    "harley2023",
    "harley2024",
    "harley2025",
    "harley2026",
    "harleyharley",
    "hello",
    "hello!",
    "hello!!",
    "hello1",
    "hello1!",
    "hello12",
    "hello123",
    "hello123!",
    "hello1234",
    "hello12345",
    "hello123456",
    "hello2023",
    "hello2024",
    "hello2025",
    "hello2026",
    "hellohello",
    "hottie",
    "hottie!",
    "hottie!!",
    "hottie1",
    "hottie1!",
    "hottie12",
    "hottie123",
    "hottie123!",
    "hottie1234",
    "hottie12345",
    "hottie123456",
    "hottie2023",
    "hottie2024",
    "hottie2025",
    "hottie2026",
    "hottiehottie",
    "hunter",
    "hunter!",
    "hunter!!",
    "hunter1",
    "hunter1!",
    "hunter12",
    "hunter123",
    "hunter123!",
    "hunter1234",
    "hunter12345",
    "hunter123456",
    "hunter2023",
    "hunter2024",
    "hunter2025",
    "hunter2026",
    "hunterhunter",
    "iloveyou",
    "iloveyou!",
    "iloveyou!!",
    "iloveyou1",
    "iloveyou1!",
    "iloveyou12",
    "iloveyou123",
    "iloveyou123!",
    "iloveyou1234",
    "iloveyou12345",
    "iloveyou123456",
    "iloveyou2023",
    "iloveyou2024",
    "iloveyou2025",
    "iloveyou2026",
    "iloveyouiloveyou",
    "internet",
    "internet!",
    "internet!!",
    "internet1",
    "internet1!",
    "internet12",
    "internet123",
    "internet123!",
    "internet1234",
    "internet12345",
    "internet123456",
    "internet2023",
    "internet2024",
    "internet2025",
    "internet2026",
    "internetinternet",
    "jennifer",
    "jennifer!",
    "jennifer!!",
    "jennifer1",
    "jennifer1!",
    "jennifer12",
    "jennifer123",
    "jennifer123!",
    "jennifer1234",
    "jennifer12345",
    "jennifer123456",
    "jennifer2023",
    "jennifer2024",
    "jennifer2025",
    "jennifer2026",
    "jenniferjennifer",
    "jordan",
    "jordan!",
    "jordan!!",
    "jordan1",
    "jordan1!",
    "jordan12",
    "jordan123",
    "jordan123!",
    "jordan1234",
    "jordan12345",
    "jordan123456",
    "jordan2023",
    "jordan2024",
    "jordan2025",
    "jordan2026",
    "jordanjordan",
    "joshua",
    "joshua!",
    "joshua!!",
    "joshua1",
    "joshua1!",
    "joshua12",
    "joshua123",
    "joshua123!",
    "joshua1234",
    "joshua12345",
    "joshua123456",
    "joshua2023",
    "joshua2024",
    "joshua2025",
    "joshua2026",
    "joshuajoshua",
    "killer",
    "killer!",
    "killer!!",
    "killer1",
    "killer1!",
    "killer12",
    "killer123",
    "killer123!",
    "killer1234",
    "killer12345",
    "killer123456",
    "killer2023",
    "killer2024",
    "killer2025",
    "killer2026",
    "killerkiller",
    "letmein",
    "letmein!",
    "letmein!!",
    "letmein1",
    "letmein1!",
    "letmein1!!",
    "letmein11",
    "letmein11!",
    "letmein112",
    "letmein1123",
    "letmein1123!",
    "letmein11234",
    "letmein112345",
    "letmein1123456",
    "letmein12",
    "letmein12023",
    "letmein12024",
    "letmein12025",
    "letmein12026",
    "letmein123",
    "letmein123!",
    "letmein1234",
    "letmein12345",
    "letmein123456",
    "letmein1letmein1",
    "letmein2023",
    "letmein2024",
    "letmein2025",
    "letmein2026",
    "letmeinletmein",
    "login",
    "login!",
    "login!!",
    "login1",
    "login1!",
    "login12",
    "login123",
    "login123!",
    "login1234",
    "login12345",
    "login123456",
    "login2023",
    "login2024",
    "login2025",
    "login2026",
    "loginlogin",
    "loveme",
    "loveme!",
    "loveme!!",
    "loveme1",
    "loveme1!",
    "loveme12",
    "loveme123",
    "loveme123!",
    "loveme1234",
    "loveme12345",
    "loveme123456",
    "loveme2023",
    "loveme2024",
    "loveme2025",
    "loveme2026",
    "lovemeloveme",
    "master",
    "master!",
    "master!!",
    "master1",
    "master1!",
    "master12",
    "master123",
    "master123!",
    "master1234",
    "master12345",
    "master123456",
    "master2023",
    "master2024",
    "master2025",
    "master2026",
    "mastermaster",
    "matthew",
    "matthew!",
    "matthew!!",
    "matthew1",
    "matthew1!",
    "matthew12",
    "matthew123",
    "matthew123!",
    "matthew1234",
    "matthew12345",
    "matthew123456",
    "matthew2023",
    "matthew2024",
    "matthew2025",
    "matthew2026",
    "matthewmatthew",
    "michael",
    "michael!",
    "michael!!",
    "michael1",
    "michael1!",
    "michael12",
    "michael123",
    "michael123!",
    "michael1234",
    "michael12345",
    "michael123456",
    "michael2023",
    "michael2024",
    "michael2025",
    "michael2026",
    "michaelmichael",
    "microsoft",
    "microsoft!",
    "microsoft!!",
    "microsoft1",
    "microsoft1!",
    "microsoft12",
    "microsoft123",
    "microsoft123!",
    "microsoft1234",
    "microsoft12345",
    "microsoft123456",
    "microsoft2023",
    "microsoft2024",
    "microsoft2025",
    "microsoft2026",
    "microsoftmicrosoft",
    "monkey",
    "monkey!",
    "monkey!!",
    "monkey1",
    "monkey1!",
    "monkey12",
    "monkey123",
    "monkey123!",
    "monkey1234",
    "monkey12345",
    "monkey123456",
    "monkey2023",
    "monkey2024",
    "monkey2025",
    "monkey2026",
    "monkeymonkey",
    "mustang",
    "mustang!",
    "mustang!!",
    "mustang1",
    "mustang1!",
    "mustang12",
    "mustang123",
    "mustang123!",
    "mustang1234",
    "mustang12345",
    "mustang123456",
    "mustang2023",
    "mustang2024",
    "mustang2025",
    "mustang2026",
    "mustangmustang",
    "naruto",
    "naruto!",
    "naruto!!",
    "naruto1",
    "naruto1!",
    "naruto12",
    "naruto123",
    "naruto123!",
    "naruto1234",
    "naruto12345",
    "naruto123456",
    "naruto2023",
    "naruto2024",
    "naruto2025",
    "naruto2026",
    "narutonaruto",
    "orange",
    "orange!",
    "orange!!",
    "orange1",
    "orange1!",
    "orange12",
    "orange123",
    "orange123!",
    "orange1234",
    "orange12345",
    "orange123456",
    "orange2023",
    "orange2024",
    "orange2025",
    "orange2026",
    "orangeorange",
    "p@ssw0rd1234",
    "p@ssword1234",
    "passw0rd",
    "passw0rd!",
    "passw0rd!!",
    "passw0rd1",
    "passw0rd1!",
    "passw0rd12",
    "passw0rd123",
    "passw0rd123!",
    "passw0rd1234",
    "passw0rd12345",
    "passw0rd123456",
    "passw0rd2023",
    "passw0rd2024",
    "passw0rd2025",
    "passw0rd2026",
    "passw0rdpassw0rd",
    "password",
    "password!",
    "password!!",
    "password1",
    "password1!",
    "password1!!",
    "password11",
    "password11!",
    "password112",
    "password1123",
    "password1123!",
    "password11234",
    "password112345",
    "password1123456",
    "password12",
    "password12023",
    "password12024",
    "password12025",
    "password12026",
    "password123",
    "password123!",
    "password1234",
    "password12345",
    "password123456",
    "password1password1",
    "password2023",
    "password2024",
    "password2025",
    "password2026",
    "passwordpassword",
    "pepper",
    "pepper!",
    "pepper!!",
    "pepper1",
    "pepper1!",
    "pepper12",
    "pepper123",
    "pepper123!",
    "pepper1234",
    "pepper12345",
    "pepper123456",
    "pepper2023",
    "pepper2024",
    "pepper2025",
    "pepper2026",
    "pepperpepper",
    "pokemon",
    "pokemon!",
    "pokemon!!",
    "pokemon1",
    "pokemon1!",
    "pokemon12",
    "pokemon123",
    "pokemon123!",
    "pokemon1234",
    "pokemon12345",
    "pokemon123456",
    "pokemon2023",
    "pokemon2024",
    "pokemon2025",
    "pokemon2026",
    "pokemonpokemon",
    "portico",
    "portico!",
    "portico!!",
    "portico1",
    "portico1!",
    "portico12",
    "portico123",
    "portico123!",
    "portico1234",
    "portico12345",
    "portico123456",
    "portico2023",
    "portico2024",
    "portico2025",
    "portico2026",
    "porticoportico",
    "princess",
    "princess!",
    "princess!!",
    "princess1",
    "princess1!",
    "princess12",
    "princess123",
    "princess123!",
    "princess1234",
    "princess12345",
    "princess123456",
    "princess2023",
    "princess2024",
    "princess2025",
    "princess2026",
    "princessprincess",
    "purple",
    "purple!",
    "purple!!",
    "purple1",
    "purple1!",
    "purple12",
    "purple123",
    "purple123!",
    "purple1234",
    "purple12345",
    "purple123456",
    "purple2023",
    "purple2024",
    "purple2025",
    "purple2026",
    "purplepurple",
    "q1w2e3r4",
    "q1w2e3r4!",
    "q1w2e3r4!!",
    "q1w2e3r41",
    "q1w2e3r41!",
    "q1w2e3r412",
    "q1w2e3r4123",
    "q1w2e3r4123!",
    "q1w2e3r41234",
    "q1w2e3r412345",
    "q1w2e3r4123456",
    "q1w2e3r42023",
    "q1w2e3r42024",
    "q1w2e3r42025",
    "q1w2e3r42026",
    "q1w2e3r4q1w2e3r4",
    "q1w2e3r4t5y6",
    "qazwsx",
    "qazwsx!",
    "qazwsx!!",
    "qazwsx1",
    "qazwsx1!",
    "qazwsx12",
    "qazwsx123",
    "qazwsx123!",
    "qazwsx1234",
    "qazwsx12345",
    "qazwsx123456",
    "qazwsx2023",
    "qazwsx2024",
    "qazwsx2025",
    "qazwsx2026",
    "qazwsxedcrfv",
    "qazwsxqazwsx",
    "qwerty",
    "qwerty!",
    "qwerty!!",
    "qwerty1",
    "qwerty1!",
    "qwerty12",
    "qwerty123",
    "qwerty123!",
    "qwerty1234",
    "qwerty12345",
    "qwerty123456",
    "qwerty2023",
    "qwerty2024",
    "qwerty2025",
    "qwerty2026",
    "qwertyqwerty",
    "qwertyuiop",
    "qwertyuiop!",
    "qwertyuiop!!",
    "qwertyuiop1",
    "qwertyuiop1!",
    "qwertyuiop12",
    "qwertyuiop123",
    "qwertyuiop123!",
    "qwertyuiop1234",
    "qwertyuiop12345",
    "qwertyuiop123456",
    "qwertyuiop2023",
    "qwertyuiop2024",
    "qwertyuiop2025",
    "qwertyuiop2026",
    "qwertyuiopas",
    "qwertyuiopqwertyuiop",
    "ranger",
    "ranger!",
    "ranger!!",
    "ranger1",
    "ranger1!",
    "ranger12",
    "ranger123",
    "ranger123!",
    "ranger1234",
    "ranger12345",
    "ranger123456",
    "ranger2023",
    "ranger2024",
    "ranger2025",
    "ranger2026",
    "rangerranger",
    "robert",
    "robert!",
    "robert!!",
    "robert1",
    "robert1!",
    "robert12",
    "robert123",
    "robert123!",
    "robert1234",
    "robert12345",
    "robert123456",
    "robert2023",
    "robert2024",
    "robert2025",
    "robert2026",
    "robertrobert",
    "samsung",
    "samsung!",
    "samsung!!",
    "samsung1",
    "samsung1!",
    "samsung12",
    "samsung123",
    "samsung123!",
    "samsung1234",
    "samsung12345",
    "samsung123456",
    "samsung2023",
    "samsung2024",
    "samsung2025",
    "samsung2026",
    "samsungsamsung",
    "secret",
    "secret!",
    "secret!!",
    "secret1",
    "secret1!",
    "secret12",
    "secret123",
    "secret123!",
    "secret1234",
    "secret12345",
    "secret123456",
    "secret2023",
    "secret2024",
    "secret2025",
    "secret2026",
    "secretsecret",
    "service",
    "service!",
    "service!!",
    "service1",
    "service1!",
    "service12",
    "service123",
    "service123!",
    "service1234",
    "service12345",
    "service123456",
    "service2023",
    "service2024",
    "service2025",
    "service2026",
    "serviceservice",
    "shadow",
    "shadow!",
    "shadow!!",
    "shadow1",
    "shadow1!",
    "shadow12",
    "shadow123",
    "shadow123!",
    "shadow1234",
    "shadow12345",
    "shadow123456",
    "shadow2023",
    "shadow2024",
    "shadow2025",
    "shadow2026",
    "shadowshadow",
    "soccer",
    "soccer!",
    "soccer!!",
    "soccer1",
    "soccer1!",
    "soccer12",
    "soccer123",
    "soccer123!",
    "soccer1234",
    "soccer12345",
    "soccer123456",
    "soccer2023",
    "soccer2024",
    "soccer2025",
    "soccer2026",
    "soccersoccer",
    "solo",
    "solo!",
    "solo!!",
    "solo1",
    "solo1!",
    "solo12",
    "solo123",
    "solo123!",
    "solo1234",
    "solo12345",
    "solo123456",
    "solo2023",
    "solo2024",
    "solo2025",
    "solo2026",
    "solosolo",
    "spring",
    "spring!",
    "spring!!",
    "spring1",
    "spring1!",
    "spring12",
    "spring123",
    "spring123!",
    "spring1234",
    "spring12345",
    "spring123456",
    "spring2023",
    "spring2024",
    "spring2025",
    "spring2026",
    "springspring",
    "starwars",
    "starwars!",
    "starwars!!",
    "starwars1",
    "starwars1!",
    "starwars12",
    "starwars123",
    "starwars123!",
    "starwars1234",
    "starwars12345",
    "starwars123456",
    "starwars2023",
    "starwars2024",
    "starwars2025",
    "starwars2026",
    "starwarsstarwars",
    "summer",
    "summer!",
    "summer!!",
    "summer1",
    "summer1!",
    "summer12",
    "summer123",
    "summer123!",
    "summer1234",
    "summer12345",
    "summer123456",
    "summer2023",
    "summer2024",
    "summer2025",
    "summer2026",
    "summer2026!!",
    "summersummer",
    "sunshine",
    "sunshine!",
    "sunshine!!",
    "sunshine1",
    "sunshine1!",
    "sunshine12",
    "sunshine123",
    "sunshine123!",
    "sunshine1234",
    "sunshine12345",
    "sunshine123456",
    "sunshine2023",
    "sunshine2024",
    "sunshine2025",
    "sunshine2026",
    "sunshinesunshine",
    "superman",
    "superman!",
    "superman!!",
    "superman1",
    "superman1!",
    "superman12",
    "superman123",
    "superman123!",
    "superman1234",
    "superman12345",
    "superman123456",
    "superman2023",
    "superman2024",
    "superman2025",
    "superman2026",
    "supermansuperman",
    "support",
    "support!",
    "support!!",
    "support1",
    "support1!",
    "support12",
    "support123",
    "support123!",
    "support1234",
    "support12345",
    "support123456",
    "support2023",
    "support2024",
    "support2025",
    "support2026",
    "supportsupport",
    "thomas",
    "thomas!",
    "thomas!!",
    "thomas1",
    "thomas1!",
    "thomas12",
    "thomas123",
    "thomas123!",
    "thomas1234",
    "thomas12345",
    "thomas123456",
    "thomas2023",
    "thomas2024",
    "thomas2025",
    "thomas2026",
    "thomasthomas",
    "trustno1",
    "trustno1!",
    "trustno1!!",
    "trustno11",
    "trustno11!",
    "trustno112",
    "trustno1123",
    "trustno1123!",
    "trustno11234",
    "trustno112345",
    "trustno1123456",
    "trustno12023",
    "trustno12024",
    "trustno12025",
    "trustno12026",
    "trustno1trustno1",
    "welcome",
    "welcome!",
    "welcome!!",
    "welcome1",
    "welcome1!",
    "welcome1!!",
    "welcome11",
    "welcome11!",
    "welcome112",
    "welcome1123",
    "welcome1123!",
    "welcome11234",
    "welcome112345",
    "welcome1123456",
    "welcome12",
    "welcome12023",
    "welcome12024",
    "welcome12025",
    "welcome12026",
    "welcome123",
    "welcome123!",
    "welcome1234",
    "welcome12345",
    "welcome123456",
    "welcome1welcome1",
    "welcome2023",
    "welcome2024",
    "welcome2025",
    "welcome2026",
    "welcome2026!",
    "welcomewelcome",
    "whatever",
    "whatever!",
    "whatever!!",
    "whatever1",
    "whatever1!",
    "whatever12",
    "whatever123",
    "whatever123!",
    "whatever1234",
    "whatever12345",
    "whatever123456",
    "whatever2023",
    "whatever2024",
    "whatever2025",
    "whatever2026",
    "whateverwhatever",
    "winter",
    "winter!",
    "winter!!",
    "winter1",
    "winter1!",
    "winter12",
    "winter123",
    "winter123!",
    "winter1234",
    "winter12345",
    "winter123456",
    "winter2023",
    "winter2024",
    "winter2025",
    "winter2026",
    "winter2026!!",
    "winterwinter",
    "yellow",
    "yellow!",
    "yellow!!",
    "yellow1",
    "yellow1!",
    "yellow12",
    "yellow123",
    "yellow123!",
    "yellow1234",
    "yellow12345",
    "yellow123456",
    "yellow2023",
    "yellow2024",
    "yellow2025",
    "yellow2026",
    "yellowyellow",
    "zaq12wsx",
    "zaq12wsx!",
    "zaq12wsx!!",
    "zaq12wsx1",
    "zaq12wsx1!",
    "zaq12wsx12",
    "zaq12wsx123",
    "zaq12wsx123!",
    "zaq12wsx1234",
    "zaq12wsx12345",
    "zaq12wsx123456",
    "zaq12wsx2023",
    "zaq12wsx2024",
    "zaq12wsx2025",
    "zaq12wsx2026",
    "zaq12wsxzaq12wsx",
    "zaq1zaq1zaq1",
    "zxcvbnm",
    "zxcvbnm!",
    "zxcvbnm!!",
    "zxcvbnm1",
    "zxcvbnm1!",
    "zxcvbnm12",
    "zxcvbnm123",
    "zxcvbnm123!",
    "zxcvbnm1234",
    "zxcvbnm12345",
    "zxcvbnm123456",
    "zxcvbnm2023",
    "zxcvbnm2024",
    "zxcvbnm2025",
    "zxcvbnm2026",
    "zxcvbnmzxcvbnm"
  ].map((p) => p.toLowerCase())
);

// src/shared/passwords.ts
var MAX_PASSWORD_LENGTH = 128;
var passwordPolicySchema = z2.object({
  minLength: z2.number(),
  requireUpper: z2.boolean(),
  requireLower: z2.boolean(),
  requireDigit: z2.boolean(),
  requireSymbol: z2.boolean()
});
var has = (re) => (p) => re.test(p);
function passwordRules(policy) {
  const rules2 = [
    { label: `At least ${policy.minLength} characters`, problem: `must be at least ${policy.minLength} characters`, test: (p) => [...p].length >= policy.minLength },
    { label: `At most ${MAX_PASSWORD_LENGTH} characters`, problem: `must be at most ${MAX_PASSWORD_LENGTH} characters`, test: (p) => [...p].length <= MAX_PASSWORD_LENGTH }
  ];
  if (policy.requireUpper) rules2.push({ label: "An upper-case letter", problem: "must contain an upper-case letter", test: has(/\p{Lu}/u) });
  if (policy.requireLower) rules2.push({ label: "A lower-case letter", problem: "must contain a lower-case letter", test: has(/\p{Ll}/u) });
  if (policy.requireDigit) rules2.push({ label: "A digit", problem: "must contain a digit", test: has(/\p{Nd}/u) });
  if (policy.requireSymbol) rules2.push({ label: "A symbol (not a letter or digit)", problem: "must contain a symbol", test: has(/[^\p{L}\p{Nd}]/u) });
  rules2.push(
    { label: "Not a commonly used password", problem: "is too common; choose a less guessable password", test: (p) => !commonPasswords.has(p.toLowerCase()) },
    { label: "Not one character repeated", problem: "is too easy to guess", test: (p) => !/^(.)\1+$/u.test(p) },
    {
      label: "Does not contain your name, email or username",
      problem: "must not contain your name, email or username",
      test: (p, personal) => !personal.some((w) => w.length >= 4 && p.toLowerCase().includes(w.toLowerCase()))
    }
  );
  return rules2;
}
function passwordProblem(password, policy, personal = []) {
  return passwordRules(policy).find((r) => !r.test(password, personal))?.problem ?? null;
}
var contactPersonalWords = (c2) => [
  ...new Set([c2.username, c2.email, c2.firstName, c2.lastName].filter((w) => !!w))
];
var staffPersonalWords = (s2) => [s2.email, s2.name].filter(Boolean);

// src/server/lib/passwords.ts
var options = { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 };
var hashPassword = (password) => argon2.hash(password, options);
async function verifyPassword(hash, password) {
  const target = hash ?? await dummyHash;
  try {
    const ok = await argon2.verify(target, password);
    return ok && hash !== null;
  } catch {
    return false;
  }
}
var dummyHash = argon2.hash("portico-timing-equaliser", options);
function assertPasswordAllowed(field, password, policy, context = []) {
  const problem = passwordProblem(password, policy, context);
  if (problem) throw invalid(field, problem);
}

// src/server/policy/policy.ts
var isStaff = (a) => a.kind === "staff";
var isContact = (a) => a.kind === "contact";
var staffWith = (permission) => (a) => isStaff(a) && (a.permissions.has("admin") || a.permissions.has(permission));
var anyStaff = (a) => isStaff(a);
var and3 = (...rules2) => (a, r) => {
  for (const rule of rules2) {
    const v = rule(a, r);
    if (v !== true) return v;
  }
  return true;
};
var notArchived = (_a, r) => r.archived !== true;
var archived = (_a, r) => r.archived === true;
var contactSelf = (a, r) => isContact(a) && !a.mustEnrolTwoFactor && (r.contactId === void 0 || r.contactId === a.contactId);
var contactSelfDuringEnrolment = (a, r) => isContact(a) && (r.contactId === void 0 || r.contactId === a.contactId);
var memberOfAccount = (a, r) => isContact(a) && r.accountId !== void 0 && a.accountIds.includes(r.accountId) ? true : "not_found";
var has2 = (a, p) => a.permissions.has(p);
function portalTicketScope(a) {
  if (a.mustEnrolTwoFactor) return null;
  const everyTicket = a.clientAdmin || has2(a, "tickets.view_account");
  if (!everyTicket && !has2(a, "tickets.view_own") && !has2(a, "tickets.create")) return null;
  return { accountId: a.accountId, contactId: a.contactId, everyTicket };
}
var withinPortalTicketScope = (s2, r) => r.accountId === s2.accountId && r.jobVisible === true && (s2.everyTicket || r.ticketContactId === s2.contactId || r.jobContactId === s2.contactId);
var ticketInScope = (a, r) => {
  if (!isContact(a) || a.mustEnrolTwoFactor) return false;
  if (r.isPublic === false) return "not_found";
  const scope = portalTicketScope(a);
  return scope !== null && withinPortalTicketScope(scope, r) ? true : "not_found";
};
var ticketsVisible = (a) => isContact(a) && !a.mustEnrolTwoFactor && (a.clientAdmin || has2(a, "tickets.view_account") || has2(a, "tickets.view_own"));
var mayAddToTicket = (a) => isContact(a) && (has2(a, "tickets.edit") || has2(a, "tickets.create"));
function portalJobScope(a) {
  if (a.mustEnrolTwoFactor || !has2(a, "tickets.create")) return null;
  return { accountId: a.accountId, contactId: a.contactId, anyJob: a.clientAdmin };
}
var seenInPortalJobScope = (s2, r) => r.accountId === s2.accountId && r.jobVisible === true && (s2.anyJob || r.jobIsDefault === true || r.jobContactId === s2.contactId);
var openForPortalTickets = (r) => r.jobAddTickets === true && r.jobActive === true;
var jobOpenForTickets = (a, r) => {
  const scope = isContact(a) ? portalJobScope(a) : null;
  if (!scope) return false;
  if (!seenInPortalJobScope(scope, r)) return "not_found";
  return openForPortalTickets(r);
};
function portalColleagueScope(a) {
  if (a.mustEnrolTwoFactor || !has2(a, "contacts.manage")) return null;
  return { accountId: a.accountId };
}
var colleagueInAccount = (a, r) => {
  const scope = isContact(a) ? portalColleagueScope(a) : null;
  if (!scope) return false;
  if (r.archived === true) return "not_found";
  const accounts2 = r.accountIds ?? (r.accountId === void 0 ? [scope.accountId] : [r.accountId]);
  return accounts2.includes(scope.accountId) ? true : "not_found";
};
function portalApprovalScope(a) {
  if (a.mustEnrolTwoFactor) return null;
  return { accountId: a.accountId, contactId: a.contactId, everyJob: a.clientAdmin && has2(a, "jobs.approve") };
}
var withinPortalApprovalScope = (s2, r) => r.accountId === s2.accountId && (s2.everyJob || r.sentToContactId === s2.contactId);
var approvalInScope = (a, r) => {
  const scope = isContact(a) ? portalApprovalScope(a) : null;
  if (!scope) return false;
  return withinPortalApprovalScope(scope, r) ? true : "not_found";
};
var approvalsVisible = (a) => isContact(a) && portalApprovalScope(a) !== null;
function portalContractScope(a) {
  if (a.mustEnrolTwoFactor || !has2(a, "contracts.view")) return null;
  return { accountId: a.accountId };
}
function portalInvoiceScope(a) {
  if (a.mustEnrolTwoFactor || !has2(a, "invoices.view")) return null;
  return { accountId: a.accountId };
}
var withinPortalDocumentScope = (s2, r) => r.accountId === s2.accountId && r.publishedToPortal === true;
var documentInScope = (scopeOf) => (a, r) => {
  const scope = isContact(a) ? scopeOf(a) : null;
  if (!scope) return false;
  return withinPortalDocumentScope(scope, r) ? true : "not_found";
};
var documentsVisible = (scopeOf) => (a) => isContact(a) && scopeOf(a) !== null;
function projectAccess(assoc, switches) {
  const viewNotes = assoc.viewNotes && switches.viewNotes;
  const viewFiles = assoc.viewFiles && switches.viewFiles;
  return {
    viewNotes,
    addNotes: viewNotes && assoc.addNotes,
    viewFiles,
    addFiles: viewFiles && assoc.addFiles,
    viewOrganisation: assoc.viewOrganisation && switches.viewOrganisation,
    viewClients: assoc.viewClients && switches.viewClients,
    viewTasks: assoc.viewTasks && switches.viewTasks,
    viewTime: assoc.viewTime && switches.viewTime
  };
}
function portalProjectScope(a) {
  if (a.mustEnrolTwoFactor || !has2(a, "projects.view")) return null;
  return { accountId: a.accountId, contactId: a.contactId };
}
var withinPortalProjectScope = (s2, r) => r.accountId === s2.accountId && r.jobVisible === true && r.projectAccess !== void 0 && r.projectAccess !== null;
var projectInScope = (a, r) => {
  const scope = isContact(a) ? portalProjectScope(a) : null;
  if (!scope) return false;
  return withinPortalProjectScope(scope, r) ? true : "not_found";
};
var projectsVisible = (a) => isContact(a) && portalProjectScope(a) !== null;
var onProjectInScope = (allows) => (a, r) => {
  const inScope = projectInScope(a, r);
  return inScope === true ? allows(r.projectAccess, r) : inScope;
};
var projectFileShown = onProjectInScope((access, r) => access.viewFiles && r.isPublic !== false ? true : "not_found");
var mayCreateTickets = (a) => isContact(a) && !a.mustEnrolTwoFactor && has2(a, "tickets.create");
var rules = {
  "staff.me": anyStaff,
  "staff.session.end": anyStaff,
  "staff.options.read": anyStaff,
  "staff.manage": staffWith("admin"),
  "account.read": anyStaff,
  "account.create": staffWith("accounts.manage"),
  "account.update": and3(staffWith("accounts.manage"), notArchived),
  "account.archive": and3(staffWith("accounts.manage"), notArchived),
  "account.restore": and3(staffWith("accounts.manage"), archived),
  "contact.read": anyStaff,
  "contact.create": staffWith("contacts.manage"),
  "contact.update": and3(staffWith("contacts.manage"), notArchived),
  "contact.archive": and3(staffWith("contacts.manage"), notArchived),
  "contact.restore": and3(staffWith("contacts.manage"), archived),
  "portalAccess.manage": and3(staffWith("portal_access.manage"), notArchived),
  "portalAccess.history": anyStaff,
  "settings.read": anyStaff,
  "settings.update": staffWith("settings.manage"),
  "emailLog.read": staffWith("email_log.read"),
  "portal.me.read": contactSelfDuringEnrolment,
  "portal.me.update": contactSelf,
  "portal.password.change": contactSelf,
  "portal.twoFactor.manage": contactSelfDuringEnrolment,
  "portal.session.end": contactSelfDuringEnrolment,
  "portal.account.switch": and3(contactSelf, memberOfAccount),
  "portal.ticket.list": ticketsVisible,
  "portal.ticket.read": ticketInScope,
  "portal.ticket.create": mayCreateTickets,
  "portal.ticket.createOnJob": jobOpenForTickets,
  "portal.ticket.addNote": and3(ticketInScope, mayAddToTicket),
  "portal.attachment.read": ticketInScope,
  "portal.contacts.manage": colleagueInAccount,
  "portal.approval.list": approvalsVisible,
  "portal.approval.read": approvalInScope,
  "portal.approval.answer": approvalInScope,
  "portal.contract.list": documentsVisible(portalContractScope),
  "portal.contract.read": documentInScope(portalContractScope),
  "portal.invoice.list": documentsVisible(portalInvoiceScope),
  "portal.invoice.read": documentInScope(portalInvoiceScope),
  "portal.project.list": projectsVisible,
  "portal.project.read": projectInScope,
  "portal.project.addNote": onProjectInScope((access) => access.addNotes),
  "portal.project.addFile": onProjectInScope((access) => access.addFiles),
  "portal.project.file.read": projectFileShown,
  "ticket.read": anyStaff,
  "ticket.manage": staffWith("tickets.manage"),
  "job.read": anyStaff,
  "job.manage": staffWith("jobs.manage"),
  "approval.read": staffWith("approval.allow"),
  "approval.send": staffWith("approval.allow"),
  "approval.reopen": staffWith("approval.allow"),
  "contract.read": anyStaff,
  "contract.manage": staffWith("billing.manage"),
  "invoice.read": anyStaff,
  "invoice.manage": staffWith("billing.manage"),
  "project.read": anyStaff,
  "project.manage": staffWith("jobs.manage"),
  "portalRole.manage": staffWith("settings.manage"),
  "lookup.manage": staffWith("settings.manage")
};
var actions = Object.keys(rules);
var inAccountInView = /* @__PURE__ */ new Set(["portal.ticket.list", "portal.ticket.read", "portal.ticket.create", "portal.ticket.createOnJob", "portal.ticket.addNote", "portal.attachment.read", "portal.contacts.manage", "portal.approval.list", "portal.approval.read", "portal.approval.answer", "portal.contract.list", "portal.contract.read", "portal.invoice.list", "portal.invoice.read", "portal.project.list", "portal.project.read", "portal.project.addNote", "portal.project.addFile", "portal.project.file.read"]);
var actsOnAccountInView = (action) => inAccountInView.has(action);
function can(actor, action, resource2 = {}) {
  if (resource2.tenantId !== void 0 && resource2.tenantId !== actor.tenantId) return false;
  return rules[action](actor, resource2) === true;
}
var granted = /* @__PURE__ */ new WeakMap();
var wasGranted = (actor, action) => granted.get(actor)?.has(action) === true;
function authorize(actor, action, resource2 = {}) {
  if (actor.kind === "anonymous") throw unauthenticated();
  if (resource2.tenantId !== void 0 && resource2.tenantId !== actor.tenantId) throw notFound();
  const verdict = rules[action](actor, resource2);
  if (verdict === true) {
    const set = granted.get(actor) ?? /* @__PURE__ */ new Set();
    set.add(action);
    granted.set(actor, set);
    return;
  }
  if (verdict === "not_found") throw notFound();
  if (isContact(actor) && actor.mustEnrolTwoFactor) {
    throw new AppError("TWO_FACTOR_ENROLMENT_REQUIRED", "Set up two-factor authentication to continue");
  }
  if (resource2.archived !== void 0) {
    const restoring = action.endsWith(".restore");
    if (restoring !== resource2.archived) {
      throw new AppError("CONFLICT", restoring ? "This record is not archived" : "This record is archived; restore it first");
    }
  }
  throw forbidden();
}

// src/shared/api.ts
import { z as z4 } from "zod";

// src/shared/money.ts
import { z as z3 } from "zod";
var moneySchema = z3.string().trim().regex(/^\d{1,7}(\.\d{1,2})?$/, "must be an amount such as 95 or 95.50, below 10,000,000");
var optionalMoney = z3.union([z3.literal(""), moneySchema]).nullish().transform((v) => v ? v : null);
var percentSchema = z3.string().trim().regex(/^\d{1,3}(\.\d{1,2})?$/, "must be a percentage such as 20 or 12.5").refine((v) => Number(v) <= 100, "must be at most 100");
var currencySchema = z3.string().trim().toUpperCase().regex(/^[A-Z]{3}$/, "must be a three-letter currency code such as USD, EUR or NZD");
function formatMoney(amount, currency, locale) {
  try {
    return new Intl.NumberFormat(locale, { style: "currency", currency }).format(Number(amount));
  } catch {
    return `${currency} ${amount}`;
  }
}
var formatHours = (hours) => `${Number(hours).toFixed(2)} h`;

// src/shared/api.ts
var portalStatuses2 = ["not_enabled", "invited", "active", "disabled"];
var staffPermissions = [
  "admin",
  "accounts.manage",
  "contacts.manage",
  "portal_access.manage",
  "approval.allow",
  "settings.manage",
  "email_log.read",
  "tickets.manage",
  "jobs.manage",
  "billing.manage"
];
var trimmed = (max) => z4.string().trim().max(max, `must be at most ${max} characters`);
var required = (max) => trimmed(max).min(1, "is required");
var optionalText = (max) => trimmed(max).nullish().transform((v) => v ? v : null);
var emailSchema = z4.string().trim().toLowerCase().max(254, "must be at most 254 characters").email("is not a valid email address");
var optionalEmail = z4.union([z4.literal(""), emailSchema]).nullish().transform((v) => v ? v : null);
var timeZoneSchema = z4.string().max(64).refine((tz) => {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, "is not a known time zone");
var optionalTimeZone = z4.union([z4.literal(""), timeZoneSchema]).nullish().transform((v) => v ? v : null);
var usernameSchema = z4.string().trim().min(3, "must be at least 3 characters").max(254, "must be at most 254 characters").regex(/^[A-Za-z0-9._@+-]+$/, "may only contain letters, digits and . _ @ + -");
var passwordSchema = z4.string().min(1, "is required").max(128, "must be at most 128 characters");
var uuidSchema = z4.string().uuid("is not a valid id");
var idParams = z4.object({ id: uuidSchema }).strict();
var pageQuery = {
  page: z4.coerce.number().int().min(1).max(1e5).default(1),
  pageSize: z4.coerce.number().int().min(1).max(100).default(25)
};
var iso = z4.string();
var okResponse = z4.object({ ok: z4.literal(true), message: z4.string().optional() });
var errorResponse = z4.object({
  code: z4.string(),
  message: z4.string(),
  fields: z4.array(z4.object({ field: z4.string(), message: z4.string() })).optional(),
  /** A 409 for a duplicate: the record that is already there (only to a caller who may read it). */
  existing: z4.object({ id: z4.string(), name: z4.string() }).optional(),
  requestId: z4.string().optional()
});
var page = (item) => z4.object({
  items: z4.array(item),
  /** Exact up to four pages past this one; beyond that `totalCapped` is true and the UI shows "N+". */
  total: z4.number(),
  totalCapped: z4.boolean(),
  page: z4.number(),
  pageSize: z4.number()
});
var healthResponse = z4.object({ ok: z4.boolean(), database: z4.enum(["ok", "unreachable"]) });
var staffLoginBody = z4.object({ email: emailSchema, password: passwordSchema }).strict();
var gettingStartedDto = z4.object({
  steps: z4.array(z4.object({ key: z4.string(), label: z4.string(), to: z4.string(), done: z4.boolean() })),
  complete: z4.boolean()
});
var staffMe = z4.object({
  id: z4.string(),
  name: z4.string(),
  email: z4.string(),
  role: z4.object({ id: z4.string(), name: z4.string() }),
  permissions: z4.array(z4.string()),
  tenant: z4.object({ id: z4.string(), name: z4.string() }),
  /** What this staff member may do, decided by the server's policy; the console shows actions from it. */
  can: z4.object({
    manageAccounts: z4.boolean(),
    manageContacts: z4.boolean(),
    managePortalAccess: z4.boolean(),
    manageJobs: z4.boolean(),
    manageTickets: z4.boolean(),
    manageSettings: z4.boolean(),
    manageStaff: z4.boolean(),
    readEmailLog: z4.boolean(),
    /** APR-1: the approval screen and its menu entry. */
    approveWork: z4.boolean(),
    /** CON-1, INV-1: create and edit contracts and invoices. */
    manageBilling: z4.boolean()
  })
});
var staffOptions = z4.object({ staff: z4.array(z4.object({ id: z4.string(), name: z4.string() })) });
var setupStatusResponse = z4.object({ needed: z4.boolean() });
var setupBody = z4.object({ token: z4.string().min(1).max(200), name: required(100), email: emailSchema, password: passwordSchema }).strict();
var staffLinkInfoResponse = z4.object({
  valid: z4.boolean(),
  purpose: z4.enum(["staff_setup", "staff_reset"]).nullable(),
  email: z4.string().nullable(),
  passwordPolicy: passwordPolicySchema,
  /** The staff member's name and email, which the new password must not contain (the form checks as they type). */
  passwordMustNotContain: z4.array(z4.string())
});
var staffRole = z4.object({
  id: z4.string(),
  name: z4.string(),
  permissions: z4.array(z4.string()),
  builtIn: z4.boolean(),
  userCount: z4.number()
});
var staffRoleBody = z4.object({ name: required(100), permissions: z4.array(z4.enum(staffPermissions)).max(20) }).strict();
var staffUser = z4.object({
  id: z4.string(),
  name: z4.string(),
  email: z4.string(),
  role: z4.object({ id: z4.string(), name: z4.string() }),
  disabled: z4.boolean(),
  lastLoginAt: iso.nullable(),
  createdAt: iso,
  /** Per hour, what this person's time is billed at on jobs without a rate; null: none set. */
  hourlyRate: z4.string().nullable(),
  /** Switches the console offers for this user; yourself you can neither disable nor move to another role. */
  can: z4.object({ disable: z4.boolean(), changeRole: z4.boolean() })
});
var staffUserListResponse = z4.object({ items: z4.array(staffUser), passwordPolicy: passwordPolicySchema });
var createStaffUserBody = z4.object({ name: required(100), email: emailSchema, roleId: uuidSchema, password: passwordSchema, hourlyRate: optionalMoney.default(null) }).strict();
var updateStaffUserBody = z4.object({ name: required(100), roleId: uuidSchema, disabled: z4.boolean(), hourlyRate: optionalMoney }).partial().strict();
var accountDto = z4.object({
  id: z4.string(),
  name: z4.string(),
  number: z4.string().nullable(),
  emailDomains: z4.array(z4.string()),
  timeZone: z4.string().nullable(),
  portalEnabled: z4.boolean(),
  /** ROL-3: the portal role the account's contacts get. */
  portalRole: z4.object({ id: z4.string(), name: z4.string() }).nullable(),
  /** The staff member who looks after the client (CON-1: told when a retainer reaches a threshold). */
  manager: z4.object({ id: z4.string(), name: z4.string() }).nullable(),
  archived: z4.boolean(),
  contactCount: z4.number(),
  createdAt: iso,
  can: z4.object({ edit: z4.boolean(), archive: z4.boolean(), restore: z4.boolean() })
});
var accountListQuery = z4.object({ q: trimmed(200).optional(), status: z4.enum(["active", "archived", "all"]).default("active"), ...pageQuery }).strict();
var accountListResponse = page(accountDto);
var domainSchema = z4.string().trim().toLowerCase().max(253).regex(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/, "is not a valid domain (example.com)");
var accountBody = z4.object({
  name: required(200),
  number: optionalText(50),
  emailDomains: z4.array(domainSchema).max(20).default([]),
  timeZone: optionalTimeZone,
  portalEnabled: z4.boolean().default(true),
  portalRoleId: uuidSchema.optional(),
  managerStaffId: uuidSchema.nullable().optional()
}).strict();
var updateAccountBody = z4.object({
  name: required(200),
  number: optionalText(50),
  emailDomains: z4.array(domainSchema).max(20),
  timeZone: optionalTimeZone,
  portalEnabled: z4.boolean(),
  portalRoleId: uuidSchema,
  managerStaffId: uuidSchema.nullable()
}).partial().strict();
var contactPortalDto = z4.object({
  status: z4.enum(portalStatuses2),
  username: z4.string().nullable(),
  activatedAt: iso.nullable(),
  lastLoginAt: iso.nullable(),
  lockedUntil: iso.nullable(),
  twoFactorEnabled: z4.boolean(),
  signupStatus: z4.enum(["pending", "approved", "rejected"]).nullable()
});
var contactDto = z4.object({
  id: z4.string(),
  firstName: z4.string(),
  lastName: z4.string(),
  name: z4.string(),
  email: z4.string().nullable(),
  phone: z4.string().nullable(),
  jobTitle: z4.string().nullable(),
  timeZone: z4.string().nullable(),
  archived: z4.boolean(),
  accounts: z4.array(z4.object({ id: z4.string(), name: z4.string(), portalEnabled: z4.boolean() })),
  portal: contactPortalDto,
  createdAt: iso,
  can: z4.object({
    edit: z4.boolean(),
    archive: z4.boolean(),
    restore: z4.boolean(),
    managePortal: z4.boolean(),
    /** Portal access may be granted now (it is not enabled, no sign-up waits); the server may still refuse a row with a fix. */
    grantPortal: z4.boolean()
  })
});
var contactListQuery = z4.object({
  q: trimmed(200).optional(),
  accountId: uuidSchema.optional(),
  portalAccess: z4.enum(["any", "with", "without"]).default("any"),
  portalStatus: z4.enum(portalStatuses2).optional(),
  status: z4.enum(["active", "archived", "all"]).default("active"),
  signup: z4.enum(["pending"]).optional(),
  ...pageQuery
}).strict();
var contactListResponse = page(contactDto);
var contactBody = z4.object({
  firstName: required(100),
  lastName: required(100),
  email: optionalEmail,
  phone: optionalText(50),
  jobTitle: optionalText(100),
  timeZone: optionalTimeZone,
  accountIds: z4.array(uuidSchema).min(1, "choose at least one account").max(50)
}).strict();
var updateContactBody = z4.object({
  firstName: required(100),
  lastName: required(100),
  email: optionalEmail,
  phone: optionalText(50),
  jobTitle: optionalText(100),
  timeZone: optionalTimeZone,
  accountIds: z4.array(uuidSchema).min(1, "choose at least one account").max(50)
}).partial().strict();
var grantAccessBody = z4.object({
  /** Omitted: the contact's email becomes the username. */
  username: usernameSchema.optional(),
  sendActivationEmail: z4.boolean().default(true)
}).strict();
var usernameSuggestionResponse = z4.object({ username: z4.string() });
var changeUsernameBody = z4.object({ username: usernameSchema }).strict();
var approveSignupBody = z4.object({ accountId: uuidSchema }).strict();
var portalEventDto = z4.object({
  id: z4.number(),
  type: z4.string(),
  label: z4.string(),
  actor: z4.string(),
  ip: z4.string().nullable(),
  detail: z4.record(z4.string(), z4.unknown()).nullable(),
  createdAt: iso
});
var portalHistoryResponse = z4.object({ items: z4.array(portalEventDto) });
var batchGrantBody = z4.object({ contactIds: z4.array(uuidSchema).min(1).max(100), sendWelcomeEmail: z4.boolean() }).strict();
var batchGrantResponse = z4.object({
  results: z4.array(
    z4.object({
      contactId: z4.string(),
      name: z4.string().nullable(),
      ok: z4.boolean(),
      status: z4.enum(portalStatuses2).nullable(),
      message: z4.string(),
      /** What fixes a refused row in place: add an email address, or grant with a generated username. */
      fix: z4.enum(["add_email", "generate_username"]).nullable()
    })
  )
});
var approvalExpiries = ["expire", "deem_approved"];
var portalSettingsDto = z4.object({
  active: z4.boolean(),
  portalName: z4.string(),
  portalUrl: z4.string(),
  passwordMinLength: z4.number(),
  passwordRequireUpper: z4.boolean(),
  passwordRequireLower: z4.boolean(),
  passwordRequireDigit: z4.boolean(),
  passwordRequireSymbol: z4.boolean(),
  signupEnabled: z4.boolean(),
  signupNotifyEmails: z4.array(z4.string()),
  signupAutoApproveKnownDomains: z4.boolean(),
  requireTwoFactor: z4.boolean(),
  /** TKT-5: new portal tickets are assigned to this staff member, who is emailed about them; null: nobody. */
  newTicketAssigneeId: z4.string().nullable(),
  /** APR-1: customers approve billable work, answering within the period; the reply-to gets the answers too. */
  approvalEnabled: z4.boolean(),
  approvalPeriodDays: z4.number(),
  approvalReplyTo: z4.string().nullable(),
  /** APR-5: an unanswered request expires, or counts as approved. */
  approvalExpiry: z4.enum(approvalExpiries),
  /** ISO 4217: the money the company bills in. */
  currency: z4.string(),
  /** CON-1: percentages of a retainer's block at which the account is alerted, once each per period. */
  retainerAlertThresholds: z4.array(z4.number()),
  /** INV-1: printed numbers are the prefix and the next number of the sequence. */
  invoicePrefix: z4.string(),
  invoicePaymentTermsDays: z4.number(),
  defaultTaxRate: z4.string(),
  companyAddress: z4.string(),
  /** PRJ-1 (seed 004): unchecked, customers never see this part of a project, whatever their association allows. */
  projectViewNotes: z4.boolean(),
  projectViewFiles: z4.boolean(),
  projectViewOrganisation: z4.boolean(),
  projectViewClients: z4.boolean(),
  projectViewTasks: z4.boolean(),
  projectViewTime: z4.boolean()
});
var updatePortalSettingsBody = z4.object({
  active: z4.boolean(),
  portalName: required(100),
  portalUrl: z4.union([
    z4.literal(""),
    // Shown as a link and used for the links in emails: a javascript: or data: URL would run there.
    z4.string().trim().max(300).url("is not a valid URL").regex(/^https?:\/\//i, "must start with http:// or https://")
  ]).nullish().transform((v) => v ? v : null),
  passwordMinLength: z4.number().int().min(12, "must be at least 12").max(128, "must be at most 128"),
  passwordRequireUpper: z4.boolean(),
  passwordRequireLower: z4.boolean(),
  passwordRequireDigit: z4.boolean(),
  passwordRequireSymbol: z4.boolean(),
  signupEnabled: z4.boolean(),
  signupNotifyEmails: z4.array(emailSchema).max(20),
  signupAutoApproveKnownDomains: z4.boolean(),
  requireTwoFactor: z4.boolean(),
  newTicketAssigneeId: uuidSchema.nullable(),
  approvalEnabled: z4.boolean(),
  approvalPeriodDays: z4.number().int("must be a whole number of days").min(1, "must be at least 1 day").max(90, "must be at most 90 days"),
  approvalReplyTo: z4.union([z4.literal(""), emailSchema]).nullish().transform((v) => v ? v : null),
  approvalExpiry: z4.enum(approvalExpiries),
  currency: currencySchema,
  retainerAlertThresholds: z4.array(z4.number()).max(6, "may have at most 6 thresholds").refine((v) => v.every((n) => Number.isInteger(n) && n >= 1 && n <= 200), "must be whole percentages from 1 to 200").refine((v) => new Set(v).size === v.length, "must not repeat a threshold").transform((v) => [...v].sort((a, b) => a - b)),
  invoicePrefix: z4.string().trim().max(12, "must be at most 12 characters").regex(/^[A-Za-z0-9/_-]*$/, "may hold letters, digits, - / and _ only"),
  invoicePaymentTermsDays: z4.number().int("must be a whole number of days").min(0, "must be at least 0 days").max(365, "must be at most 365 days"),
  defaultTaxRate: percentSchema,
  companyAddress: z4.string().trim().max(500, "must be at most 500 characters"),
  projectViewNotes: z4.boolean(),
  projectViewFiles: z4.boolean(),
  projectViewOrganisation: z4.boolean(),
  projectViewClients: z4.boolean(),
  projectViewTasks: z4.boolean(),
  projectViewTime: z4.boolean()
}).partial().strict();
var emailStatuses = ["pending", "sending", "sent", "failed", "not_sent"];
var emailLogItem = z4.object({
  id: z4.number(),
  recipient: z4.string(),
  template: z4.string(),
  subject: z4.string(),
  status: z4.enum(emailStatuses),
  attempts: z4.number(),
  lastError: z4.string().nullable(),
  createdAt: iso,
  sentAt: iso.nullable(),
  /** The names of the files it carries (INV-1: an invoice's PDF); never their content. */
  attachments: z4.array(z4.string())
});
var emailLogQuery = z4.object({ q: trimmed(200).optional(), status: z4.enum(emailStatuses).optional(), ...pageQuery }).strict();
var emailLogResponse = page(emailLogItem);
var emailDetail = emailLogItem.extend({ textBody: z4.string(), htmlBody: z4.string() });
var portalInfo = z4.object({
  portalName: z4.string(),
  active: z4.boolean(),
  signupEnabled: z4.boolean(),
  passwordPolicy: passwordPolicySchema
});
var portalBootElementId = "portico-boot";
var portalLoginBody = z4.object({
  username: z4.string().trim().min(1, "is required").max(254),
  password: passwordSchema,
  /** TOTP code or a recovery code, when two-factor is on. */
  code: z4.string().trim().max(32).optional()
}).strict();
var forgotBody = z4.object({ email: emailSchema }).strict();
var tokenBody = z4.object({ token: z4.string().min(1).max(200) }).strict();
var tokenInfoResponse = z4.object({
  valid: z4.boolean(),
  purpose: z4.enum(["activation", "reset"]).nullable(),
  username: z4.string().nullable(),
  /** The contact's name, email and username, which the new password must not contain (the form checks as they type). */
  passwordMustNotContain: z4.array(z4.string())
});
var setPasswordBody = z4.object({ token: z4.string().min(1).max(200), password: passwordSchema }).strict();
var signupBody = z4.object({ firstName: required(100), lastName: required(100), email: emailSchema, company: required(200) }).strict();
var portalMe = z4.object({
  contact: z4.object({
    id: z4.string(),
    firstName: z4.string(),
    lastName: z4.string(),
    name: z4.string(),
    email: z4.string().nullable(),
    username: z4.string(),
    timeZone: z4.string().nullable(),
    twoFactorEnabled: z4.boolean()
  }),
  currentAccount: z4.object({ id: z4.string(), name: z4.string() }),
  accounts: z4.array(z4.object({ id: z4.string(), name: z4.string() })),
  portalName: z4.string(),
  /** The tenant enforces two-factor and this contact has not enrolled yet. */
  mustEnrolTwoFactor: z4.boolean(),
  /** approvals: the approvals inbox is on (APR-4: the tenant asks customers to approve work). */
  /** contracts, invoices, projects: the pages the role switches on (CON-1, INV-1, PRJ-1). */
  can: z4.object({ manageContacts: z4.boolean(), approvals: z4.boolean(), contracts: z4.boolean(), invoices: z4.boolean(), projects: z4.boolean() }),
  effectiveTimeZone: z4.string()
});
var updateProfileBody = z4.object({ firstName: required(100), lastName: required(100), timeZone: optionalTimeZone }).partial().strict();
var changeEmailBody = z4.object({ newEmail: emailSchema, currentPassword: passwordSchema }).strict();
var changePasswordBody = z4.object({ currentPassword: passwordSchema, newPassword: passwordSchema }).strict();
var switchAccountBody = z4.object({ accountId: uuidSchema }).strict();
var twoFactorSetupResponse = z4.object({ secret: z4.string(), otpauthUrl: z4.string(), qrDataUrl: z4.string() });
var twoFactorEnableBody = z4.object({ code: z4.string().trim().regex(/^\d{6}$/, "must be the 6-digit code") }).strict();
var recoveryCodesResponse = z4.object({ recoveryCodes: z4.array(z4.string()) });
var twoFactorDisableBody = z4.object({ password: passwordSchema }).strict();
var colleagueDto = z4.object({
  id: z4.string(),
  firstName: z4.string(),
  lastName: z4.string(),
  email: z4.string().nullable(),
  phone: z4.string().nullable(),
  jobTitle: z4.string().nullable()
});
var colleagueListResponse = z4.object({ items: z4.array(colleagueDto) });
var updateColleagueBody = z4.object({ firstName: required(100), lastName: required(100), phone: optionalText(50), jobTitle: optionalText(100) }).partial().strict();
var createColleagueBody = z4.object({ firstName: required(100), lastName: required(100), email: optionalEmail, phone: optionalText(50), jobTitle: optionalText(100) }).strict();

// src/server/modules/portal-access/links.ts
var ACTIVATION_TTL_MS = 24 * HOUR;
var SELF_RESET_TTL_MS = 1 * HOUR;
var EMAIL_CHANGE_TTL_MS = 24 * HOUR;
var portalBase = (d, s2) => (s2.portalUrl ?? `${d.config.publicUrl}/portal`).replace(/\/+$/, "");
function createLinks(d, { tokens: { issueToken: issueToken2 }, tenants: { getSettings: getSettings2 }, outbox: { queueEmail: queueEmail2 }, portalEvents: { recordEvent: recordEvent2 } }) {
  async function sendPasswordLink(tx, tenantId, c2, kind, actor) {
    if (!c2.email || !c2.portalUsername) return;
    const now2 = d.clock();
    const token = newToken();
    const isReset = kind.startsWith("reset_");
    const ttl = kind === "reset_forgot" ? SELF_RESET_TTL_MS : ACTIVATION_TTL_MS;
    await issueToken2(tx, tenantId, {
      tokenHash: hashToken(token),
      purpose: isReset ? "reset" : "activation",
      contactId: c2.id,
      now: now2,
      expiresAt: new Date(now2.getTime() + ttl)
    });
    const settings = await getSettings2(tx, tenantId);
    const base = portalBase(d, settings);
    const link = `${base}/set-password?token=${token}`;
    const common2 = { to: c2.email, portalName: settings.portalName, firstName: c2.firstName };
    if (kind === "send_login") {
      await queueEmail2(tx, tenantId, "send_login", { ...common2, username: c2.portalUsername, portalUrl: `${base}/`, link }, now2);
    } else if (isReset) {
      const reason = kind === "reset_staff" ? "staff" : kind === "reset_forgot" ? "forgot" : "username_changed";
      await queueEmail2(tx, tenantId, "reset", { ...common2, link, hours: ttl / HOUR, reason }, now2);
    } else {
      await queueEmail2(tx, tenantId, kind === "welcome" ? "welcome" : "activation", { ...common2, username: c2.portalUsername, link }, now2);
    }
    const eventType = kind === "send_login" ? "login_sent" : isReset ? "reset_sent" : kind === "welcome" ? "welcome_sent" : "activation_sent";
    await recordEvent2(tx, tenantId, c2.id, eventType, actor, now2, { to: c2.email });
  }
  return { sendPasswordLink };
}

// src/server/modules/tenants/settings.service.ts
var policyOf = (s2) => ({
  minLength: s2.passwordMinLength,
  requireUpper: s2.passwordRequireUpper,
  requireLower: s2.passwordRequireLower,
  requireDigit: s2.passwordRequireDigit,
  requireSymbol: s2.passwordRequireSymbol
});
var presentTicketSettings = (s2) => ({
  showTimeEntries: s2.showTimeEntries,
  submissionNotifyEmails: s2.submissionNotifyEmails,
  addTicketText: s2.addTicketText,
  addTicketTextActive: s2.addTicketTextActive,
  timeZone: s2.timeZone
});
function present(d, s2) {
  return {
    active: s2.active,
    portalName: s2.portalName,
    portalUrl: s2.portalUrl ?? `${portalBase(d, s2)}/`,
    passwordMinLength: s2.passwordMinLength,
    passwordRequireUpper: s2.passwordRequireUpper,
    passwordRequireLower: s2.passwordRequireLower,
    passwordRequireDigit: s2.passwordRequireDigit,
    passwordRequireSymbol: s2.passwordRequireSymbol,
    signupEnabled: s2.signupEnabled,
    signupNotifyEmails: s2.signupNotifyEmails,
    signupAutoApproveKnownDomains: s2.signupAutoApproveKnownDomains,
    requireTwoFactor: s2.requireTwoFactor,
    newTicketAssigneeId: s2.newTicketAssigneeId,
    approvalEnabled: s2.approvalEnabled,
    approvalPeriodDays: s2.approvalPeriodDays,
    approvalReplyTo: s2.approvalReplyTo,
    approvalExpiry: s2.approvalExpiry,
    currency: s2.currency,
    retainerAlertThresholds: s2.retainerAlertThresholds,
    invoicePrefix: s2.invoicePrefix,
    invoicePaymentTermsDays: s2.invoicePaymentTermsDays,
    defaultTaxRate: s2.defaultTaxRate,
    companyAddress: s2.companyAddress,
    projectViewNotes: s2.projectViewNotes,
    projectViewFiles: s2.projectViewFiles,
    projectViewOrganisation: s2.projectViewOrganisation,
    projectViewClients: s2.projectViewClients,
    projectViewTasks: s2.projectViewTasks,
    projectViewTime: s2.projectViewTime
  };
}
function createSettingsService(d, { tenants: { getSettings: getSettings2, updateSettings: updateSettings2 }, staff: { getStaff: getStaff2 } }) {
  async function readPortalSettings(actor) {
    authorize(actor, "settings.read");
    return present(d, await getSettings2(d.db, actor.tenantId));
  }
  async function changePortalSettings(actor, body) {
    authorize(actor, "settings.update");
    const assignee = body.newTicketAssigneeId;
    if (assignee && assignee !== (await getSettings2(d.db, actor.tenantId)).newTicketAssigneeId) {
      const s2 = await getStaff2(d.db, actor.tenantId, assignee);
      if (!s2) throw invalid("newTicketAssigneeId", "is not a staff member");
      if (s2.disabledAt) throw invalid("newTicketAssigneeId", "is disabled; choose an active staff member");
    }
    await inTransaction(d, (tx) => updateSettings2(tx, actor.tenantId, body));
    return readPortalSettings(actor);
  }
  async function publicPortalInfo(actor) {
    const s2 = await getSettings2(d.db, actor.tenantId);
    return {
      portalName: s2.portalName,
      active: s2.active,
      signupEnabled: s2.active && s2.signupEnabled,
      passwordPolicy: policyOf(s2)
    };
  }
  async function readTicketSettings(actor) {
    authorize(actor, "settings.read");
    return presentTicketSettings(await getSettings2(d.db, actor.tenantId));
  }
  async function changeTicketSettings(actor, body) {
    authorize(actor, "settings.update");
    if (body.timeZone !== void 0 && !timeZoneSchema.safeParse(body.timeZone).success) throw invalid("timeZone", "is not a known time zone");
    await inTransaction(d, (tx) => updateSettings2(tx, actor.tenantId, body));
    return readTicketSettings(actor);
  }
  return { readPortalSettings, changePortalSettings, publicPortalInfo, readTicketSettings, changeTicketSettings };
}

// src/server/modules/staff/staff.service.ts
var STAFF_RESET_TTL_MS = 1 * HOUR;
function consoleBase(d, tenant2) {
  const url2 = new URL(d.config.publicUrl);
  if (tenant2.host) url2.hostname = tenant2.host;
  return `${url2.origin}${url2.pathname.replace(/\/+$/, "")}/admin`;
}
function staffActorFrom(row, tenantId) {
  return { kind: "staff", tenantId, staffId: row.staffId, name: row.name, permissions: new Set(row.permissions) };
}
var isSelf = (actor, id) => actor.staffId === id;
function presentStaff(actor, s2) {
  return {
    id: s2.id,
    name: s2.name,
    email: s2.email,
    role: { id: s2.roleId, name: s2.roleName },
    disabled: s2.disabledAt !== null,
    lastLoginAt: s2.lastLoginAt?.toISOString() ?? null,
    createdAt: s2.createdAt.toISOString(),
    hourlyRate: s2.hourlyRate,
    can: { disable: !isSelf(actor, s2.id), changeRole: !isSelf(actor, s2.id) }
  };
}
function createStaffService(d, {
  staff: repo,
  tenants: { getSettings: getSettings2, getTenant: getTenant2, updateSettings: updateSettings2 },
  tokens: { issueToken: issueToken2, peekToken: peekToken2, redeemToken: redeemToken2, voidStaffTokens: voidStaffTokens2 },
  lockout: { countFailedSignIn: countFailedSignIn2 },
  sessions: { deleteSession: deleteSession2, deleteStaffSessions: deleteStaffSessions2 },
  outbox: { queueEmail: queueEmail2 }
}, { throttle: { allowAccountEmail, throttleIp }, sessions: { startSession: startSession2 } }) {
  const staffPasswordPolicy = async (tenantId) => policyOf(await getSettings2(d.db, tenantId));
  async function staffMe2(actor) {
    authorize(actor, "staff.me");
    const s2 = await repo.getStaff(d.db, actor.tenantId, actor.staffId);
    const t = await getTenant2(d.db, actor.tenantId);
    if (!s2 || !t) throw notFound();
    const self = staffActorFrom({ staffId: s2.id, name: s2.name, permissions: s2.permissions }, actor.tenantId);
    return {
      id: s2.id,
      name: s2.name,
      email: s2.email,
      role: { id: s2.roleId, name: s2.roleName },
      permissions: s2.permissions,
      tenant: { id: t.id, name: t.name },
      can: {
        manageAccounts: can(self, "account.create"),
        manageContacts: can(self, "contact.create"),
        managePortalAccess: can(self, "portalAccess.manage"),
        manageJobs: can(self, "job.manage"),
        manageTickets: can(self, "ticket.manage"),
        manageSettings: can(self, "settings.update"),
        manageStaff: can(self, "staff.manage"),
        readEmailLog: can(self, "emailLog.read"),
        approveWork: can(self, "approval.read"),
        manageBilling: can(self, "contract.manage")
      }
    };
  }
  async function listStaffOptions(actor) {
    authorize(actor, "staff.options.read");
    const rows = await repo.listStaff(d.db, actor.tenantId);
    return { staff: rows.filter((s2) => s2.disabledAt === null).map((s2) => ({ id: s2.id, name: s2.name })) };
  }
  async function staffLogin(tenantId, email, password, meta2) {
    const now2 = d.clock();
    await throttleIp(tenantId, "staff_login", meta2.ip, now2);
    const s2 = await repo.findStaffCredentials(d.db, tenantId, email);
    const ok = await verifyPassword(s2?.passwordHash ?? null, password);
    const invalidCredentials2 = new AppError("INVALID_CREDENTIALS", "Incorrect email or password");
    if (!s2) throw invalidCredentials2;
    const locked = s2.lockedUntil !== null && s2.lockedUntil > now2;
    if (!ok || locked || s2.disabledAt) {
      await countFailedSignIn2(d.db, staffUsers, tenantId, s2.id, now2);
      throw invalidCredentials2;
    }
    const token = await inTransaction(d, async (tx) => {
      await repo.updateStaff(tx, tenantId, s2.id, { failedLoginCount: 0, lockedUntil: null, lastLoginAt: now2 });
      return startSession2(tx, tenantId, { kind: "staff", staffUserId: s2.id }, meta2, now2);
    });
    return { token, staffId: s2.id };
  }
  async function endStaffSession(actor, token) {
    authorize(actor, "staff.session.end");
    if (token) await deleteSession2(d.db, actor.tenantId, hashToken(token));
  }
  async function createSetupLink(tenantId) {
    const token = newToken();
    const now2 = d.clock();
    await issueToken2(d.db, tenantId, { tokenHash: hashToken(token), purpose: "staff_setup", contactId: null, now: now2, expiresAt: new Date(now2.getTime() + 72 * HOUR) });
    return `${d.config.publicUrl}/admin/setup?token=${token}`;
  }
  async function setupNeeded(tenantId) {
    return await repo.countStaff(d.db, tenantId) === 0;
  }
  async function createFirstAdmin(tenantId, v, meta2) {
    assertPasswordAllowed("password", v.password, await staffPasswordPolicy(tenantId), staffPersonalWords(v));
    const hash = await hashPassword(v.password);
    const admin = await repo.findRoleByName(d.db, tenantId, "Administrator");
    if (!admin) throw new AppError("INTERNAL", "The Administrator role is missing");
    const now2 = d.clock();
    return inTransaction(d, async (tx) => {
      await repo.lockStaffSetup(tx, tenantId);
      if (await repo.countStaff(tx, tenantId) > 0) throw new AppError("CONFLICT", "Portico is already set up; sign in instead");
      if (v.token !== void 0 && !await redeemToken2(tx, tenantId, hashToken(v.token), ["staff_setup"], now2)) {
        throw new AppError("INVALID_TOKEN", "This setup link has expired or was already used");
      }
      const staffId2 = await repo.insertStaff(tx, tenantId, { name: v.name, email: v.email, passwordHash: hash, roleId: admin.id });
      await updateSettings2(tx, tenantId, { newTicketAssigneeId: staffId2 });
      const token = meta2 ? await startSession2(tx, tenantId, { kind: "staff", staffUserId: staffId2 }, meta2, now2) : null;
      return { staffId: staffId2, token };
    });
  }
  async function listStaffUsers(actor) {
    authorize(actor, "staff.manage");
    return { items: (await repo.listStaff(d.db, actor.tenantId)).map((s2) => presentStaff(actor, s2)), passwordPolicy: await staffPasswordPolicy(actor.tenantId) };
  }
  const invalidResetLink = () => new AppError("INVALID_TOKEN", "This link was already used or has expired. Ask for a new one on the sign-in page.");
  async function issueResetLink(tx, tenant2, staffUserId, now2) {
    const token = newToken();
    await issueToken2(tx, tenant2.id, {
      tokenHash: hashToken(token),
      purpose: "staff_reset",
      contactId: null,
      staffUserId,
      now: now2,
      expiresAt: new Date(now2.getTime() + STAFF_RESET_TTL_MS)
    });
    return `${consoleBase(d, tenant2)}/reset-password?token=${token}`;
  }
  async function requestStaffReset(tenantId, email, meta2) {
    const now2 = d.clock();
    await throttleIp(tenantId, "staff_email_link", meta2.ip, now2);
    const s2 = await repo.findStaffCredentials(d.db, tenantId, email);
    if (!s2 || s2.disabledAt) return;
    if (!await allowAccountEmail(tenantId, s2.id, now2)) return;
    const tenant2 = await getTenant2(d.db, tenantId);
    await inTransaction(d, async (tx) => {
      const link = await issueResetLink(tx, tenant2, s2.id, now2);
      await queueEmail2(tx, tenantId, "staff_reset", { to: s2.email, companyName: tenant2.name, name: s2.name, link, hours: STAFF_RESET_TTL_MS / HOUR }, now2);
    });
  }
  async function createStaffResetLink(tenantId, email) {
    const s2 = await repo.findStaffCredentials(d.db, tenantId, email);
    if (!s2) throw notFound(`No staff user has the email address ${email}.`);
    if (s2.disabledAt) throw new AppError("CONFLICT", `The staff user ${s2.email} is disabled, so they cannot sign in; no link was made.`);
    const tenant2 = await getTenant2(d.db, tenantId);
    const now2 = d.clock();
    const link = await inTransaction(d, (tx) => issueResetLink(tx, tenant2, s2.id, now2));
    return { link, name: s2.name, email: s2.email, hours: STAFF_RESET_TTL_MS / HOUR };
  }
  async function checkStaffLink(tenantId, token, ip) {
    const now2 = d.clock();
    await throttleIp(tenantId, "password_link", ip, now2);
    const passwordPolicy = await staffPasswordPolicy(tenantId);
    const invalidLink = { valid: false, purpose: null, email: null, passwordPolicy, passwordMustNotContain: [] };
    const t = await peekToken2(d.db, tenantId, hashToken(token), now2);
    if (t?.purpose === "staff_setup") return await setupNeeded(tenantId) ? { ...invalidLink, valid: true, purpose: "staff_setup" } : invalidLink;
    if (t?.purpose !== "staff_reset" || !t.staffUserId) return invalidLink;
    const s2 = await repo.getStaff(d.db, tenantId, t.staffUserId);
    if (!s2 || s2.disabledAt) return invalidLink;
    return { valid: true, purpose: "staff_reset", email: s2.email, passwordPolicy, passwordMustNotContain: staffPersonalWords(s2) };
  }
  async function resetStaffPassword(tenantId, token, password, ip) {
    const now2 = d.clock();
    await throttleIp(tenantId, "password_link", ip, now2);
    const tokenHash = hashToken(token);
    const peek = await peekToken2(d.db, tenantId, tokenHash, now2);
    if (peek?.purpose !== "staff_reset" || !peek.staffUserId) throw invalidResetLink();
    const s2 = await repo.getStaff(d.db, tenantId, peek.staffUserId);
    if (!s2 || s2.disabledAt) throw invalidResetLink();
    assertPasswordAllowed("password", password, await staffPasswordPolicy(tenantId), staffPersonalWords(s2));
    const passwordHash = await hashPassword(password);
    await inTransaction(d, async (tx) => {
      const used = await redeemToken2(tx, tenantId, tokenHash, ["staff_reset"], now2);
      if (!used?.staffUserId) throw invalidResetLink();
      const fresh = await repo.getStaff(tx, tenantId, used.staffUserId);
      if (!fresh || fresh.disabledAt) throw invalidResetLink();
      await repo.updateStaff(tx, tenantId, fresh.id, { passwordHash, failedLoginCount: 0, lockedUntil: null });
      await deleteStaffSessions2(tx, tenantId, fresh.id);
      await voidStaffTokens2(tx, tenantId, fresh.id, now2);
    });
  }
  async function assertRole(tenantId, roleId) {
    if (!await repo.getRole(d.db, tenantId, roleId)) throw invalid("roleId", "is not a staff role");
  }
  async function createStaffUser(actor, body) {
    authorize(actor, "staff.manage");
    await assertRole(actor.tenantId, body.roleId);
    if (await repo.findStaffCredentials(d.db, actor.tenantId, body.email)) throw conflict("A staff user with this email already exists", "email");
    assertPasswordAllowed("password", body.password, await staffPasswordPolicy(actor.tenantId), staffPersonalWords(body));
    const passwordHash = await hashPassword(body.password);
    const id = await inTransaction(d, (tx) => repo.insertStaff(tx, actor.tenantId, { name: body.name, email: body.email, roleId: body.roleId, hourlyRate: body.hourlyRate, passwordHash }), "A staff user with this email already exists");
    return presentStaff(actor, await repo.getStaff(d.db, actor.tenantId, id));
  }
  async function updateStaffUser(actor, id, body) {
    authorize(actor, "staff.manage");
    const s2 = await repo.getStaff(d.db, actor.tenantId, id);
    if (!s2) throw notFound("Staff user not found");
    if (body.roleId) await assertRole(actor.tenantId, body.roleId);
    if (isSelf(actor, id) && (body.disabled || body.roleId && body.roleId !== s2.roleId)) {
      throw new AppError("CONFLICT", "You cannot disable yourself or change your own role");
    }
    await inTransaction(d, async (tx) => {
      const { disabled, ...rest } = body;
      await repo.updateStaff(tx, actor.tenantId, id, { ...rest, ...disabled !== void 0 ? { disabledAt: disabled ? d.clock() : null } : {} });
      if (disabled) await deleteStaffSessions2(tx, actor.tenantId, id);
    });
    return presentStaff(actor, await repo.getStaff(d.db, actor.tenantId, id));
  }
  async function listStaffRoles(actor) {
    authorize(actor, "staff.manage");
    return { items: await repo.listRoles(d.db, actor.tenantId) };
  }
  async function saveStaffRole(actor, id, body) {
    authorize(actor, "staff.manage");
    const existing = await repo.findRoleByName(d.db, actor.tenantId, body.name);
    if (existing && existing.id !== id) throw conflict("A role with this name already exists", "name");
    const roleId = await inTransaction(d, async (tx) => {
      if (id === null) return repo.insertRole(tx, actor.tenantId, body);
      const role = await repo.getRole(tx, actor.tenantId, id);
      if (!role) throw notFound("Role not found");
      if (role.builtIn && role.name === "Administrator") throw new AppError("CONFLICT", "The Administrator role cannot be changed");
      await repo.updateRole(tx, actor.tenantId, id, body);
      return id;
    }, "A role with this name already exists");
    return (await repo.listRoles(d.db, actor.tenantId)).find((r) => r.id === roleId);
  }
  return {
    staffMe: staffMe2,
    listStaffOptions,
    staffLogin,
    endStaffSession,
    createSetupLink,
    setupNeeded,
    createFirstAdmin,
    requestStaffReset,
    createStaffResetLink,
    checkStaffLink,
    resetStaffPassword,
    listStaffUsers,
    createStaffUser,
    updateStaffUser,
    listStaffRoles,
    saveStaffRole
  };
}

// src/server/modules/sessions/sessions.service.ts
var SESSION_IDLE_MS = 30 * MINUTE;
var SESSION_ABSOLUTE_MS = 12 * HOUR;
var SESSION_TOUCH_MS = MINUTE;
var SESSIONS_REMEMBERED = 1e4;
function contactFromSession(row, tenantId) {
  const current = row.accounts.find((a) => a.id === row.currentAccountId) ?? row.accounts[0];
  return {
    actor: {
      kind: "contact",
      tenantId,
      contactId: row.contactId,
      name: `${row.firstName} ${row.lastName}`,
      accountId: current.id,
      accountIds: row.accounts.map((a) => a.id),
      mustEnrolTwoFactor: row.requireTwoFactor && row.totpEnabledAt === null,
      permissions: new Set(current.permissions),
      clientAdmin: current.clientAdmin,
      portalRoleId: current.roleId
    },
    info: {
      sessionId: row.id,
      firstName: row.firstName,
      lastName: row.lastName,
      email: row.email,
      username: row.username ?? "",
      timeZone: row.timeZone,
      twoFactorEnabled: row.totpEnabledAt !== null,
      accounts: row.accounts,
      portalName: row.portalName,
      tenantTimeZone: row.tenantTimeZone,
      approvalEnabled: row.approvalEnabled
    }
  };
}
function createSessionsService(d, { sessions: { contactSessionCheck: contactSessionCheck2, deleteSession: deleteSession2, findContactSession: findContactSession2, findStaffSession: findStaffSession2, insertSession: insertSession2, sessionCheckValues: sessionCheckValues2, staffSessionCheck: staffSessionCheck2, touchSession: touchSession2 } }) {
  async function startSession2(db, tenantId, who, meta2, now2) {
    if (meta2.previousToken) await deleteSession2(db, tenantId, hashToken(meta2.previousToken));
    const token = newToken();
    await insertSession2(db, {
      id: hashToken(token),
      tenantId,
      ...who,
      createdAt: now2,
      lastSeenAt: now2,
      expiresAt: new Date(now2.getTime() + SESSION_ABSOLUTE_MS),
      ip: meta2.ip,
      userAgent: meta2.userAgent?.slice(0, 300) ?? null
    });
    return token;
  }
  const idleSince = (now2) => new Date(now2.getTime() - SESSION_IDLE_MS);
  const touchDue = (lastSeenAt, now2) => now2.getTime() - lastSeenAt.getTime() > SESSION_TOUCH_MS;
  async function touchIfDue(tenantId, row, now2) {
    if (!touchDue(row.lastSeenAt, now2)) return row.lastSeenAt;
    await touchSession2(d.db, tenantId, row.id, now2);
    return now2;
  }
  async function staffSession(tenantId, token) {
    return (await lookUpStaff(tenantId, hashToken(token), d.clock())).actor;
  }
  async function lookUpStaff(tenantId, id, now2) {
    const row = await findStaffSession2(d.db, tenantId, id, now2, idleSince(now2));
    if (!row) throw unauthenticated();
    const lastSeenAt = await touchIfDue(tenantId, row, now2);
    return remember(staffSeen, `${tenantId} ${id}`, { fingerprint: row.fingerprint, actor: staffActorFrom(row, tenantId), info: void 0, lastSeenAt });
  }
  async function contactSession(tenantId, token) {
    const { actor, info } = await lookUpContact(tenantId, hashToken(token), d.clock());
    return { actor, info };
  }
  async function lookUpContact(tenantId, id, now2) {
    const row = await findContactSession2(d.db, tenantId, id, now2, idleSince(now2));
    if (!row || row.accounts.length === 0) throw unauthenticated();
    if (!row.portalActive) throw new AppError("PORTAL_CLOSED", "This portal is closed");
    const lastSeenAt = await touchIfDue(tenantId, row, now2);
    return remember(contactSeen, `${tenantId} ${id}`, { fingerprint: row.fingerprint, ...contactFromSession(row, tenantId), lastSeenAt });
  }
  const contactSeen = /* @__PURE__ */ new Map();
  const staffSeen = /* @__PURE__ */ new Map();
  function readAsContact(tenantId, token, read, accept) {
    return readAs(tenantId, token, contactSeen, lookUpContact, contactSessionCheck2, read, (k) => accept(k.actor, k.info));
  }
  function readAsStaff(tenantId, token, read, accept) {
    return readAs(tenantId, token, staffSeen, lookUpStaff, staffSessionCheck2, read, (k) => accept(k.actor));
  }
  async function readAs(tenantId, token, seen, lookUp, column, read, accept) {
    const id = hashToken(token);
    const key = `${tenantId} ${id}`;
    const now2 = d.clock();
    const check = { column, values: sessionCheckValues2(id, now2, idleSince(now2)) };
    const attempt = async (known) => {
      const k = { ...known, actor: { ...known.actor } };
      accept(k);
      return read(k.actor, check);
    };
    const remembered = seen.get(key);
    if (remembered && !touchDue(remembered.lastSeenAt, now2)) {
      const found = await attempt(remembered).catch(() => void 0);
      if (found?.session === remembered.fingerprint) return found.value;
      seen.delete(key);
    }
    for (let tries = 1; ; tries++) {
      const known = await lookUp(tenantId, id, now2);
      const found = await attempt(known);
      if (found.session === known.fingerprint || found.session !== null && tries === 3) return found.value;
      seen.delete(key);
    }
  }
  function remember(seen, key, known) {
    seen.delete(key);
    seen.set(key, known);
    if (seen.size > SESSIONS_REMEMBERED) seen.delete(seen.keys().next().value);
    return known;
  }
  async function endSession(tenantId, token) {
    await deleteSession2(d.db, tenantId, hashToken(token));
  }
  return { startSession: startSession2, staffSession, contactSession, readAsContact, readAsStaff, endSession };
}

// src/server/http/plugins/auth.ts
var ACCOUNT_HEADER = "x-portico-account";
var cookieNames = (c2) => ({
  staff: c2.secureCookies ? "__Host-portico_staff" : "portico_staff",
  contact: c2.secureCookies ? "__Host-portico_portal" : "portico_portal"
});
function setSessionCookie(reply, config2, kind, token) {
  reply.setCookie(cookieNames(config2)[kind], token, {
    path: "/",
    httpOnly: true,
    sameSite: "lax",
    secure: config2.secureCookies,
    maxAge: SESSION_ABSOLUTE_MS / 1e3
  });
}
function clearSessionCookie(reply, config2, kind) {
  reply.clearCookie(cookieNames(config2)[kind], { path: "/", httpOnly: true, sameSite: "lax", secure: config2.secureCookies });
}
function sessionToken(req, config2, kind) {
  const v = req.cookies[cookieNames(config2)[kind]];
  return v && v.length <= 200 ? v : null;
}
function requestMeta(req, config2, kind) {
  return { ip: req.ip, userAgent: req.headers["user-agent"] ?? null, previousToken: sessionToken(req, config2, kind) };
}
async function loadStaff(c2, req) {
  const token = sessionToken(req, c2.deps.config, "staff");
  if (!token) throw unauthenticated();
  return c2.services.sessions.staffSession(req.tenantId, token);
}
async function loadContact(c2, req) {
  const token = sessionToken(req, c2.deps.config, "contact");
  if (!token) throw unauthenticated();
  const { actor, info } = await c2.services.sessions.contactSession(req.tenantId, token);
  req.contactSession = info;
  return actor;
}
function authenticate(app2, c2) {
  app2.addHook("onRequest", async (req) => {
    const policy = req.routeOptions.config?.policy;
    if (!policy) return;
    const principal = policy.principal;
    if (policy.sessionInRead && principal !== "public") {
      const token = sessionToken(req, c2.deps.config, principal);
      if (!token) throw unauthenticated();
      req.sessionToken = token;
      return;
    }
    req.actor = principal === "staff" ? await loadStaff(c2, req) : principal === "contact" ? await loadContact(c2, req) : { kind: "anonymous", tenantId: req.tenantId };
    if (req.actor.kind === "contact") checkAccountInView(req, req.actor, policy.action);
  });
}
function checkAccountInView(req, actor, action) {
  const shown2 = req.headers[ACCOUNT_HEADER];
  if (typeof shown2 === "string" && shown2 !== actor.accountId && actsOnAccountInView(action)) {
    throw new AppError("ACCOUNT_CHANGED", "You switched to another account in another tab or window. Reload this page to continue with the account now in view.");
  }
}
function asContact(c2, req) {
  return {
    read: (read) => c2.services.sessions.readAsContact(req.tenantId, req.sessionToken, read, (actor, info) => {
      checkAccountInView(req, actor, req.routeOptions.config.policy.action);
      req.actor = actor;
      req.contactSession = info;
    })
  };
}
function asStaff(c2, req) {
  return {
    read: (read) => c2.services.sessions.readAsStaff(req.tenantId, req.sessionToken, read, (actor) => {
      req.actor = actor;
    })
  };
}

// src/server/http/request-path.ts
function routedPath(req) {
  const routed = req.routeOptions?.url;
  if (routed) return routed;
  const raw = req.url.split("?")[0] ?? "";
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}
var isApiRequest = (req) => routedPath(req).startsWith("/api/");

// src/server/http/plugins/csrf.ts
var CSRF_HEADER = "x-portico-csrf";
var safeMethods = /* @__PURE__ */ new Set(["GET", "HEAD", "OPTIONS"]);
function csrf(app2) {
  app2.addHook("onRequest", async (req) => {
    if (safeMethods.has(req.method) || !isApiRequest(req)) return;
    if (req.headers[CSRF_HEADER] !== "1") throw new AppError("CSRF", `Missing ${CSRF_HEADER} header`);
    const site2 = req.headers["sec-fetch-site"];
    if (site2 && site2 !== "same-origin" && site2 !== "none") throw new AppError("CSRF", "Cross-site request refused");
    const origin = req.headers.origin;
    if (origin && origin !== "null") {
      let host;
      try {
        host = new URL(origin).host;
      } catch {
        host = void 0;
      }
      if (host !== req.headers.host) throw new AppError("CSRF", "Cross-origin request refused");
    }
  });
}

// src/server/http/plugins/errors.ts
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
var DATABASE_RETRY_AFTER_S = 5;
var connectionErrnos = /* @__PURE__ */ new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EPIPE", "EAI_AGAIN"]);
function isDatabaseUnavailable(err) {
  for (let e = err, i = 0; e && typeof e === "object" && i < 4; e = e.cause, i++) {
    const { code, message } = e;
    if (typeof code === "string" && (connectionErrnos.has(code) || /^(08|57P0)/.test(code))) return true;
    if (typeof message === "string" && /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|the database system is (starting up|shutting down)/i.test(message)) return true;
  }
  return false;
}
var statusMessages = {
  400: "The request is not valid.",
  404: "Not found.",
  405: "Method not allowed.",
  413: "The request body is too large.",
  415: "Send the request body as JSON."
};
function errorHandler(app2) {
  app2.setErrorHandler((err, req, reply) => {
    if (err instanceof AppError) {
      return reply.status(err.status).send({ code: err.code, message: err.message, fields: err.fields, existing: err.existing });
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const fields2 = err.validation.map((v) => {
        const path5 = (v.instancePath || "").replace(/^\//, "").replace(/\//g, ".");
        const where = err.validationContext === "body" ? "" : `${err.validationContext}.`;
        const keys = v.keyword === "unrecognized_keys" ? v.params.keys ?? [] : [];
        if (keys.length) return { field: `${where}${keys.join(", ")}`, message: "is not an allowed field" };
        return { field: `${where}${path5 || "(body)"}`, message: v.message ?? "is not valid" };
      });
      return reply.status(400).send({
        code: "VALIDATION",
        message: fields2.map((f) => fieldSentence(f.field, f.message)).join(" "),
        fields: fields2
      });
    }
    const status2 = err.statusCode ?? 500;
    if (status2 >= 400 && status2 < 500) {
      const code = status2 === 413 ? "PAYLOAD_TOO_LARGE" : status2 === 404 ? "NOT_FOUND" : "VALIDATION";
      return reply.status(status2).send({ code, message: statusMessages[status2] ?? err.message });
    }
    if (isDatabaseUnavailable(err)) {
      req.log.warn({ err }, "database unavailable");
      return reply.status(503).header("Retry-After", String(DATABASE_RETRY_AFTER_S)).send({ code: "UNAVAILABLE", message: "The service is briefly unavailable. Please try again in a few seconds.", requestId: req.id });
    }
    if (pgCode(err) === "22021" || pgCode(err) === "22P05") {
      return reply.status(400).send({ code: "VALIDATION", message: "The request contains characters that cannot be stored." });
    }
    req.log.error({ err }, "request failed");
    return reply.status(500).send({ code: "INTERNAL", message: "Something went wrong on our side.", requestId: req.id });
  });
}

// src/server/http/plugins/idempotency.ts
import { z as z5 } from "zod";
var IDEMPOTENCY_HEADER = "idempotency-key";
var keyRule = "must be 1 to 200 printable ASCII characters";
var idempotencyHeaders = z5.looseObject({
  [IDEMPOTENCY_HEADER]: z5.string().min(1, { message: keyRule, abort: true }).max(200, { message: keyRule, abort: true }).regex(/^[\x20-\x7e]+$/, keyRule).optional().meta({
    description: `A value you choose (1\u2013200 printable ASCII characters, e.g. a UUID) that makes retrying this request safe: a retry with the same key by the same user gets the first answer (with \`Idempotent-Replayed: true\`) and creates nothing new. The same key with another body gets 422; while the first request is still running, 409. Refusals that changed nothing are not kept, so a corrected retry may reuse the key. Keys are kept ${IDEMPOTENCY_TTL_MS / 36e5} hours. A file upload's key covers the ticket and query, not the file's bytes.`
  })
});
function spellHeaderForDocument(out) {
  const headers = out.schema?.headers;
  const props = headers?.properties;
  if (props && IDEMPOTENCY_HEADER in props) {
    const { [IDEMPOTENCY_HEADER]: keyParam, ...rest } = props;
    headers.properties = { ...rest, "Idempotency-Key": keyParam };
  }
  return out;
}
var underClaim = (handler) => (req, reply) => {
  const claim = req.idempotencyClaim;
  if (!claim) return handler(req, reply);
  return runUnderClaim(claim, () => handler(req, reply)).finally(() => {
    claim.open = false;
  });
};
function idempotency(app2, { services: { idempotency: keys } }) {
  app2.addHook("preHandler", async (req, reply) => {
    if (!req.routeOptions.config?.idempotent) return;
    const key = req.headers[IDEMPOTENCY_HEADER];
    if (typeof key !== "string") return;
    const actor = req.actor;
    if (actor.kind === "anonymous") return;
    try {
      const result = await keys.claimIdempotencyKey({
        tenantId: req.tenantId,
        principalKind: actor.kind,
        principalId: actor.kind === "staff" ? actor.staffId : actor.contactId,
        key,
        method: req.method,
        route: req.routeOptions.url ?? "",
        requestHash: requestHash({ params: req.params, query: req.query, body: req.body })
      });
      if (result.kind === "claimed") {
        req.idempotencyClaim = result.claim;
        return;
      }
      req.idempotentReplay = true;
      return reply.status(result.status).header("Content-Type", "application/json; charset=utf-8").header("Idempotent-Replayed", "true").send(result.body);
    } catch (err) {
      if (err instanceof KeyBusyError) reply.header("Retry-After", "1");
      throw err;
    }
  });
  app2.addHook("onSend", async (req, reply, payload) => {
    const claim = req.idempotencyClaim;
    if (!claim) return payload;
    req.idempotencyClaim = void 0;
    try {
      await keys.settleIdempotencyKey(claim, reply.statusCode, typeof payload === "string" ? payload : null);
    } catch (err) {
      req.log.error({ err }, "settling an idempotency key failed");
    }
    return payload;
  });
}

// src/server/http/plugins/security-headers.ts
var csp = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'"
].join("; ");
function securityHeaders(app2, opts) {
  app2.addHook("onSend", async (req, reply, payload) => {
    if (!reply.hasHeader("Content-Security-Policy")) reply.header("Content-Security-Policy", csp);
    reply.header("X-Content-Type-Options", "nosniff");
    reply.header("X-Frame-Options", "DENY");
    reply.header("Cross-Origin-Opener-Policy", "same-origin");
    reply.header("Cross-Origin-Resource-Policy", "same-origin");
    reply.header("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
    reply.header("Referrer-Policy", "no-referrer");
    if (opts.hsts) reply.header("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    const html = String(reply.getHeader("content-type") ?? "").startsWith("text/html");
    if (isApiRequest(req) || html) reply.header("Cache-Control", "no-store");
    return payload;
  });
}

// src/server/http/plugins/text-input.ts
function findNulByte(v, path5, depth = 0) {
  if (typeof v === "string") return v.includes("\0") ? path5 : null;
  if (depth > 20 || v === null || typeof v !== "object") return null;
  for (const [k, child] of Object.entries(v)) {
    if (k.includes("\0")) return path5 ? `${path5}.${k.replace(/\u0000/g, "")}` : k.replace(/\u0000/g, "");
    const hit2 = findNulByte(child, path5 ? `${path5}.${k}` : k, depth + 1);
    if (hit2 !== null) return hit2;
  }
  return null;
}
function refuseNulBytes(app2) {
  app2.addHook("preValidation", async (req) => {
    if (!isApiRequest(req)) return;
    for (const [where, value] of [["", req.body], ["query", req.query], ["params", req.params]]) {
      const hit2 = findNulByte(value, where);
      if (hit2 !== null) throw invalid(hit2 || where || "(body)", "must not contain NUL characters");
    }
  });
}

// src/server/http/plugins/tenant.ts
var CACHE_MS = 3e4;
var isPortalPage = (req) => req.method === "GET" && /^\/portal(\/|$|\?)/.test(req.url);
function resolveTenant(app2, { services: { tenants: tenants2 } }) {
  const cache2 = /* @__PURE__ */ new Map();
  const tenantOf = async (req) => {
    const host = (req.headers.host ?? "").replace(/:\d+$/, "").toLowerCase().slice(0, 253);
    const now2 = Date.now();
    let hit2 = cache2.get(host);
    if (!hit2 || now2 - hit2.at > CACHE_MS) {
      const t = await tenants2.tenantForHost(host);
      hit2 = { id: t?.id ?? null, at: now2 };
      if (cache2.size > 1e4) cache2.clear();
      cache2.set(host, hit2);
    }
    return hit2.id;
  };
  app2.addHook("onRequest", async (req) => {
    if (isApiRequest(req)) {
      if (routedPath(req) === "/api/health") return;
      const id = await tenantOf(req);
      if (!id) throw notFound("No portal is configured for this address");
      req.tenantId = id;
    } else if (isPortalPage(req)) {
      const id = await tenantOf(req).catch((err) => {
        req.log.error({ err }, "no tenant for a portal page");
        return null;
      });
      if (id) req.tenantId = id;
    }
  });
}

// src/server/http/plugins/web.ts
import { readFile } from "node:fs/promises";
import path2 from "node:path";
var jsonForScript = (value) => JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c2) => `\\u${c2.charCodeAt(0).toString(16).padStart(4, "0")}`);
var bootElement = (boot) => `<script type="application/json" id="${portalBootElementId}">${jsonForScript(boot)}</script>`;
var shells = /* @__PURE__ */ new Map();
var shellOf = (root) => {
  let html = shells.get(root);
  if (!html) {
    html = readFile(path2.join(root, "index.html"), "utf8").catch((err) => {
      shells.delete(root);
      throw err;
    });
    shells.set(root, html);
  }
  return html;
};
async function sendPortalPage(settings, root, req, reply) {
  const html = await shellOf(root);
  let element = "";
  if (req.tenantId) {
    try {
      element = bootElement({ portalInfo: await settings.publicPortalInfo({ kind: "anonymous", tenantId: req.tenantId }) });
    } catch (err) {
      req.log.error({ err }, "portal page served without its boot facts");
    }
  }
  const page2 = !element ? html : html.includes("</head>") ? html.replace("</head>", () => `${element}</head>`) : html + element;
  return reply.type("text/html; charset=utf-8").send(page2);
}

// src/server/http/route.ts
import { isDeepStrictEqual } from "node:util";
import { z as z6 } from "zod";

// src/server/lib/json-answer.ts
var JsonAnswer = class {
  constructor(text17) {
    this.text = text17;
  }
  text;
};

// src/server/http/route.ts
var noBody = z6.object({}).strict().nullish();
function route(app2, def) {
  const tag = def.url.split("/")[2] ?? "system";
  const body = def.schema.body ?? (def.method === "GET" ? void 0 : noBody);
  if (def.idempotent && (def.method !== "POST" || def.policy.principal === "public")) throw new Error(`route ${def.method} ${def.url}: only staff and contact POST routes take an Idempotency-Key`);
  if (def.policy.sessionInRead && (def.method !== "GET" || def.policy.principal === "public")) throw new Error(`route ${def.method} ${def.url}: only staff and contact GET routes read their session in their statement`);
  const keyed = def.idempotent ? { headers: idempotencyHeaders, response: { ...def.schema.response, 409: errorResponse, 422: errorResponse } } : {};
  app2.withTypeProvider().route({
    method: def.method,
    url: def.url,
    config: { policy: def.policy, ...def.idempotent ? { idempotent: true } : {} },
    schema: { tags: [tag], ...def.schema, ...body ? { body } : {}, ...keyed },
    handler: def.idempotent ? underClaim(def.handler) : answering(def)
  });
}
var checkAnswers = process.env.NODE_ENV === "test";
function answering(def) {
  return async (req, reply) => {
    const out = await def.handler(req, reply);
    if (!(out instanceof JsonAnswer)) return out;
    if (checkAnswers) {
      const sent = JSON.parse(out.text);
      const schema = def.schema.response?.[200];
      if (!schema || !isDeepStrictEqual(schema.parse(sent), sent)) throw new Error(`${def.method} ${def.url}: the prewritten answer does not match its response schema`);
    }
    return reply.type("application/json; charset=utf-8").send(out.text);
  };
}

// src/server/http/routes/helpers.ts
var staffOf = (req) => req.actor;
var contactOf = (req) => req.actor;
var staffOnly = (action) => ({ principal: "staff", action });
var contactOnly = (action) => ({ principal: "contact", action });
var publicRoute = { principal: "public", action: "public" };
var errorResponses = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse };

// src/server/http/routes/accounts.routes.ts
function accountRoutes(app2, { services: { accounts: accounts2 } }) {
  route(app2, {
    method: "GET",
    url: "/api/staff/accounts",
    policy: staffOnly("account.read"),
    schema: { operationId: "listAccounts", querystring: accountListQuery, response: { 200: accountListResponse, ...errorResponses } },
    handler: async (req) => accounts2.listAccounts(staffOf(req), req.query)
  });
  route(app2, {
    method: "POST",
    url: "/api/staff/accounts",
    policy: staffOnly("account.create"),
    idempotent: true,
    schema: { operationId: "createAccount", body: accountBody, response: { 200: accountDto, ...errorResponses } },
    handler: async (req) => accounts2.createAccount(staffOf(req), req.body)
  });
  route(app2, {
    method: "GET",
    url: "/api/staff/accounts/:id",
    policy: staffOnly("account.read"),
    schema: { operationId: "getAccount", params: idParams, response: { 200: accountDto, ...errorResponses } },
    handler: async (req) => accounts2.getAccount(staffOf(req), req.params.id)
  });
  route(app2, {
    method: "PATCH",
    url: "/api/staff/accounts/:id",
    policy: staffOnly("account.update"),
    schema: { operationId: "updateAccount", params: idParams, body: updateAccountBody, response: { 200: accountDto, ...errorResponses } },
    handler: async (req) => accounts2.updateAccount(staffOf(req), req.params.id, req.body)
  });
  route(app2, {
    method: "POST",
    url: "/api/staff/accounts/:id/archive",
    policy: staffOnly("account.archive"),
    schema: { operationId: "archiveAccount", params: idParams, response: { 200: accountDto, ...errorResponses } },
    handler: async (req) => accounts2.setAccountArchived(staffOf(req), req.params.id, true)
  });
  route(app2, {
    method: "POST",
    url: "/api/staff/accounts/:id/restore",
    policy: staffOnly("account.restore"),
    schema: { operationId: "restoreAccount", params: idParams, response: { 200: accountDto, ...errorResponses } },
    handler: async (req) => accounts2.setAccountArchived(staffOf(req), req.params.id, false)
  });
}

// src/shared/approvals-api.ts
import { z as z7 } from "zod";
var iso2 = z7.string();
var ref2 = z7.object({ id: z7.string(), name: z7.string() }).nullable();
var dateSchema = z7.string().regex(/^(19|20)\d{2}-\d{2}-\d{2}$/, "is not a date (YYYY-MM-DD)").refine((s2) => {
  const d = /* @__PURE__ */ new Date(`${s2}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s2);
}, "is not a date on the calendar");
var approvalJobStatuses = ["not_sent", "awaiting", "approved", "queried", "expired"];
var approvalRequestStatuses = ["awaiting", "approved", "queried", "expired", "superseded", "reopened"];
var approvalRequestStatusLabels = {
  awaiting: "Awaiting answer",
  approved: "Approved",
  queried: "Queried",
  expired: "Expired",
  superseded: "Replaced by a newer version",
  reopened: "Reopened"
};
var approvalEventLabels = {
  sent: "Sent",
  approved: "Approved",
  queried: "Queried",
  expired: "Expired without an answer",
  deemed_approved: "Counted as approved: no answer within the approval period",
  superseded: "Replaced by a newer version",
  reopened: "Reopened"
};
var approvalLineDto = z7.object({
  timeEntryId: z7.string(),
  ticket: z7.object({ id: z7.string(), number: z7.number(), title: z7.string() }),
  staffName: z7.string(),
  date: z7.string(),
  hours: z7.string(),
  note: z7.string(),
  rate: z7.string(),
  amount: z7.string()
});
var approvalEventDto = z7.object({
  kind: z7.string(),
  at: iso2,
  by: z7.string(),
  comment: z7.string(),
  ip: z7.string().nullable(),
  statementHash: z7.string().nullable()
});
var approvalVersionDto = z7.object({
  id: z7.string(),
  version: z7.number(),
  status: z7.enum(approvalRequestStatuses),
  cutOff: z7.string(),
  sentAt: iso2,
  expiresAt: iso2,
  closedAt: iso2.nullable(),
  sentTo: ref2,
  totalHours: z7.string(),
  totalAmount: z7.string(),
  statementHash: z7.string(),
  lines: z7.array(approvalLineDto),
  events: z7.array(approvalEventDto),
  can: z7.object({ reopen: z7.boolean(), downloadStatement: z7.boolean() })
});
var approvalJobRow = z7.object({
  job: z7.object({ id: z7.string(), number: z7.string(), name: z7.string() }),
  account: ref2,
  contact: ref2,
  manager: ref2,
  status: z7.enum(approvalJobStatuses),
  latest: z7.object({
    id: z7.string(),
    version: z7.number(),
    status: z7.enum(approvalRequestStatuses),
    sentAt: iso2,
    expiresAt: iso2,
    closedAt: iso2.nullable(),
    totalAmount: z7.string(),
    comment: z7.string(),
    /** What closed it: approved, queried, expired, or deemed_approved (nobody answered within the period). */
    outcome: z7.string().nullable()
  }).nullable(),
  /** Billable work up to today not yet in an open or approved version. */
  unsent: z7.object({ entries: z7.number(), hours: z7.string(), amount: z7.string() }),
  /** Why the job cannot be sent now; null when it can. */
  sendRefusal: z7.string().nullable()
});
var approvalJobListResponse = page(approvalJobRow).extend({ currency: z7.string(), enabled: z7.boolean(), today: z7.string() });
var approvalJobQuery = z7.object({
  status: z7.enum(approvalJobStatuses).optional(),
  accountId: uuidSchema.optional(),
  q: z7.string().trim().max(200).optional(),
  page: z7.coerce.number().int().min(1).max(1e5).default(1),
  pageSize: z7.coerce.number().int().min(1).max(100).default(25)
}).strict();
var approvalJobDetail = approvalJobRow.extend({
  currency: z7.string(),
  today: z7.string(),
  /** What the next version would hold (APR-3: open a job's details before sending). */
  unsentLines: z7.array(approvalLineDto),
  versions: z7.array(approvalVersionDto)
});
var sendApprovalsBody = z7.object({
  jobIds: z7.array(uuidSchema).min(1, "choose at least one job").max(100, "send at most 100 jobs at once"),
  /** The last day of work to include; today when left out. */
  cutOff: dateSchema.optional()
}).strict();
var sendApprovalsResponse = z7.object({
  sent: z7.number(),
  refused: z7.number(),
  results: z7.array(z7.object({ jobId: z7.string(), job: z7.string(), version: z7.number().nullable(), refusal: z7.string().nullable() }))
});
var reopenApprovalBody = z7.object({ reason: z7.string().trim().min(1, "is required: say why the approved work is reopened").max(2e3) }).strict();
var portalApprovalRow = z7.object({
  id: z7.string(),
  /** The inbox holds other kinds of request later (quotes, renewals). */
  kind: z7.literal("work"),
  job: z7.object({ number: z7.string(), name: z7.string() }),
  version: z7.number(),
  status: z7.enum(approvalRequestStatuses),
  cutOff: z7.string(),
  sentAt: iso2,
  expiresAt: iso2,
  currency: z7.string(),
  totalHours: z7.string(),
  totalAmount: z7.string(),
  answer: z7.object({ decision: z7.string(), by: z7.string(), at: iso2, comment: z7.string() }).nullable()
});
var portalApprovalListResponse = z7.object({ items: z7.array(portalApprovalRow), waiting: z7.number() });
var portalApprovalQuery = z7.object({ state: z7.enum(["waiting", "answered"]).default("waiting") }).strict();
var portalApprovalDto = portalApprovalRow.extend({
  account: z7.string(),
  lines: z7.array(approvalLineDto.omit({ timeEntryId: true })),
  statementHash: z7.string(),
  /** The version that replaced this one, if any. */
  current: z7.object({ id: z7.string(), version: z7.number() }).nullable(),
  can: z7.object({ answer: z7.boolean() })
});
var answerApprovalsBody = z7.object({
  decision: z7.enum(["approve", "query"]),
  comment: z7.string().trim().max(5e3, "must be at most 5000 characters").default(""),
  /** Each request with the hash of the statement the customer was shown. */
  requests: z7.array(z7.object({ id: uuidSchema, statementHash: z7.string().regex(/^[0-9a-f]{64}$/, "is not a statement hash") }).strict()).min(1).max(50)
}).strict().refine((b) => b.decision !== "query" || b.comment.length > 0, { message: "is required: say what you are querying", path: ["comment"] });
var answerApprovalsResponse = z7.object({ answered: z7.number(), items: z7.array(portalApprovalRow) });

// src/server/http/routes/files.ts
import { z as z8 } from "zod";
async function oneFile(req) {
  if (!req.isMultipart()) throw new AppError("VALIDATION", "file: send the file as multipart/form-data", [{ field: "file", message: "is required" }]);
  const part = await req.file();
  if (!part) throw new AppError("VALIDATION", "file: is required", [{ field: "file", message: "is required" }]);
  return { filename: part.filename, stream: part.file };
}
var SANDBOX = "sandbox; default-src 'none'";
var disposition = (filename) => `attachment; filename="${filename.replace(/[^\x20-\x7e]/g, "_")}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
function sendFile(reply, a, stream) {
  reply.header("Content-Type", a.contentType).header("Content-Length", a.size).header("Content-Disposition", disposition(a.filename)).header("X-Content-Type-Options", "nosniff").header("Content-Security-Policy", SANDBOX);
  return reply.send(stream);
}
var sendPdf = (reply, { pdf, filename }) => reply.header("Content-Type", "application/pdf").header("Content-Disposition", `attachment; filename="${filename}"`).header("X-Content-Type-Options", "nosniff").header("Content-Security-Policy", SANDBOX).send(pdf);
var downloadResponses = {
  200: z8.string().meta({ description: "The file", content: { "application/octet-stream": { schema: { type: "string", format: "binary" } } } }),
  ...errorResponses
};
var pdfResponses = (description) => ({
  200: z8.string().meta({ description, content: { "application/pdf": { schema: { type: "string", format: "binary" } } } }),
  ...errorResponses
});

// src/server/http/routes/approvals.routes.ts
function approvalRoutes(app2, { services: { approvals } }) {
  route(app2, {
    method: "GET",
    url: "/api/staff/approvals",
    policy: staffOnly("approval.read"),
    schema: { operationId: "listApprovalJobs", querystring: approvalJobQuery, response: { 200: approvalJobListResponse, ...errorResponses } },
    handler: async (req) => approvals.listJobs(staffOf(req), req.query)
  });
  route(app2, {
    method: "GET",
    url: "/api/staff/approvals/jobs/:id",
    policy: staffOnly("approval.read"),
    schema: { operationId: "getApprovalJob", params: idParams, response: { 200: approvalJobDetail, ...errorResponses } },
    handler: async (req) => approvals.getJob(staffOf(req), req.params.id)
  });
  route(app2, {
    method: "POST",
    url: "/api/staff/approvals/send",
    policy: staffOnly("approval.send"),
    idempotent: true,
    schema: { operationId: "sendApprovalRequests", body: sendApprovalsBody, response: { 200: sendApprovalsResponse, ...errorResponses } },
    handler: async (req) => approvals.send(staffOf(req), req.body)
  });
  route(app2, {
    method: "POST",
    url: "/api/staff/approval-requests/:id/reopen",
    policy: staffOnly("approval.reopen"),
    schema: { operationId: "reopenApprovedWork", params: idParams, body: reopenApprovalBody, response: { 200: approvalJobDetail, ...errorResponses } },
    handler: async (req) => approvals.reopen(staffOf(req), req.params.id, req.body.reason)
  });
  route(app2, {
    method: "GET",
    url: "/api/staff/approval-requests/:id/statement.pdf",
    policy: staffOnly("approval.read"),
    schema: { operationId: "downloadApprovalStatement", params: idParams, response: pdfResponses("The statement") },
    handler: async (req, reply) => {
      return sendPdf(reply, await approvals.statementPdf(staffOf(req), req.params.id));
    }
  });
  route(app2, {
    method: "GET",
    url: "/api/portal/approvals",
    policy: contactOnly("portal.approval.list"),
    schema: { operationId: "listPortalApprovals", querystring: portalApprovalQuery, response: { 200: portalApprovalListResponse, ...errorResponses } },
    handler: async (req) => approvals.listInbox(contactOf(req), req.query.state)
  });
  route(app2, {
    method: "GET",
    url: "/api/portal/approvals/:id",
    policy: contactOnly("portal.approval.read"),
    schema: { operationId: "getPortalApproval", params: idParams, response: { 200: portalApprovalDto, ...errorResponses } },
    handler: async (req) => approvals.getForPortal(contactOf(req), req.params.id)
  });
  route(app2, {
    method: "POST",
    url: "/api/portal/approvals/answers",
    policy: contactOnly("portal.approval.list"),
    schema: { operationId: "answerPortalApprovals", body: answerApprovalsBody, response: { 200: answerApprovalsResponse, ...errorResponses } },
    handler: async (req) => approvals.answer(contactOf(req), req.body, { ip: req.ip, userAgent: req.headers["user-agent"] ?? null })
  });
}

// src/server/http/routes/contacts.routes.ts
function contactRoutes(app2, c2) {
  const { contacts: contacts2, portalAccess: access } = c2.services;
  const r = { 200: contactDto, ...errorResponses };
  route(app2, {
    method: "GET",
    url: "/api/staff/contacts",
    policy: { ...staffOnly("contact.read"), sessionInRead: true },
    schema: { operationId: "listContacts", querystring: contactListQuery, response: { 200: contactListResponse, ...errorResponses } },
    handler: async (req) => contacts2.listContacts(asStaff(c2, req), req.query)
  });
  route(app2, {
    method: "POST",
    url: "/api/staff/contacts",
    policy: staffOnly("contact.create"),
    idempotent: true,
    schema: { operationId: "createContact", body: contactBody, response: r },
    handler: async (req) => contacts2.createContact(staffOf(req), req.body)
  });
  route(app2, {
    method: "GET",
    url: "/api/staff/contacts/:id",
    policy: staffOnly("contact.read"),
    schema: { operationId: "getContact", params: idParams, response: r },
    handler: async (req) => contacts2.getContact(staffOf(req), req.params.id)
  });
  route(app2, {
    method: "PATCH",
    url: "/api/staff/contacts/:id",
    policy: staffOnly("contact.update"),
    schema: { operationId: "updateContact", params: idParams, body: updateContactBody, response: r },
    handler: async (req) => contacts2.updateContact(staffOf(req), req.params.id, req.body)
  });
  for (const [verb, archive] of [["archive", true], ["restore", false]]) {
    route(app2, {
      method: "POST",
      url: `/api/staff/contacts/:id/${verb}`,
      policy: staffOnly(archive ? "contact.archive" : "contact.restore"),
      schema: { operationId: `${verb}Contact`, params: idParams, response: r },
      handler: async (req) => contacts2.setContactArchived(staffOf(req), req.params.id, archive)
    });
  }
  route(app2, {
    method: "GET",
    url: "/api/staff/contacts/:id/portal-access/username-suggestion",
    policy: staffOnly("portalAccess.manage"),
    schema: { operationId: "suggestPortalUsername", params: idParams, response: { 200: usernameSuggestionResponse, ...errorResponses } },
    handler: async (req) => access.suggestUsername(staffOf(req), req.params.id)
  });
  route(app2, {
    method: "POST",
    url: "/api/staff/contacts/:id/portal-access",
    policy: staffOnly("portalAccess.manage"),
    idempotent: true,
    schema: { operationId: "grantPortalAccess", params: idParams, body: grantAccessBody, response: r },
    handler: async (req) => access.grantAccess(staffOf(req), req.params.id, req.body, req.ip)
  });
  const actionRoutes = [
    ["POST", "resend-activation", "resendActivation", (a, id, ip) => access.sendLink(a, id, "activation", ip)],
    ["POST", "reset-password", "startPasswordReset", (a, id, ip) => access.sendLink(a, id, "reset_staff", ip)],
    ["POST", "send-login", "sendLogin", (a, id, ip) => access.sendLink(a, id, "send_login", ip)],
    ["POST", "disable", "disablePortalAccess", (a, id, ip) => access.endAccess(a, id, "disable", ip)],
    ["DELETE", "", "revokePortalAccess", (a, id, ip) => access.endAccess(a, id, "revoke", ip)],
    ["POST", "enable", "enablePortalAccess", (a, id, ip) => access.enableAccess(a, id, ip)],
    ["POST", "unlock", "unlockPortalAccess", (a, id, ip) => access.unlock(a, id, ip)]
  ];
  for (const [method, path5, operationId, run2] of actionRoutes) {
    route(app2, {
      method,
      url: `/api/staff/contacts/:id/portal-access${path5 ? `/${path5}` : ""}`,
      policy: staffOnly("portalAccess.manage"),
      schema: { operationId, params: idParams, response: r },
      handler: async (req) => run2(staffOf(req), req.params.id, req.ip)
    });
  }
  route(app2, {
    method: "PUT",
    url: "/api/staff/contacts/:id/portal-access/username",
    policy: staffOnly("portalAccess.manage"),
    schema: { operationId: "changePortalUsername", params: idParams, body: changeUsernameBody, response: r },
    handler: async (req) => access.changeUsername(staffOf(req), req.params.id, req.body.username, req.ip)
  });
  route(app2, {
    method: "POST",
    url: "/api/staff/contacts/:id/signup/approve",
    policy: staffOnly("portalAccess.manage"),
    schema: { operationId: "approveSignup", params: idParams, body: approveSignupBody, response: r },
    handler: async (req) => access.decideSignup(staffOf(req), req.params.id, req.body, req.ip)
  });
  route(app2, {
    method: "POST",
    url: "/api/staff/contacts/:id/signup/reject",
    policy: staffOnly("portalAccess.manage"),
    schema: { operationId: "rejectSignup", params: idParams, response: r },
    handler: async (req) => access.decideSignup(staffOf(req), req.params.id, "reject", req.ip)
  });
  route(app2, {
    method: "GET",
    url: "/api/staff/contacts/:id/portal-history",
    policy: staffOnly("portalAccess.history"),
    schema: { operationId: "getPortalHistory", params: idParams, response: { 200: portalHistoryResponse, ...errorResponses } },
    handler: async (req) => access.history(staffOf(req), req.params.id)
  });
  route(app2, {
    method: "POST",
    url: "/api/staff/portal-access/batch-grant",
    policy: staffOnly("portalAccess.manage"),
    idempotent: true,
    schema: { operationId: "batchGrantPortalAccess", body: batchGrantBody, response: { 200: batchGrantResponse, ...errorResponses } },
    handler: async (req) => access.batchGrant(staffOf(req), req.body, req.ip)
  });
}

// src/shared/contracts-api.ts
import { z as z9 } from "zod";
var contractTypes2 = ["time_materials", "recurring", "fixed_price", "retainer_amount", "retainer_hours"];
var contractStatuses2 = ["draft", "active", "on_hold", "ended", "cancelled"];
var billingCycles2 = ["monthly", "quarterly", "yearly"];
var contractTypeLabels = {
  time_materials: "Time & materials",
  recurring: "Recurring",
  fixed_price: "Fixed price",
  retainer_amount: "Retainer by amount",
  retainer_hours: "Retainer by hours"
};
var contractStatusLabels = {
  draft: "Draft",
  active: "Active",
  on_hold: "On hold",
  ended: "Ended",
  cancelled: "Cancelled"
};
var billingCycleLabels = { monthly: "Monthly", quarterly: "Quarterly", yearly: "Yearly" };
var typeSpecificFields = ["billingCycle", "billingPrice", "hoursPerPeriod"];
var fieldsByType = {
  time_materials: [],
  recurring: ["billingCycle", "billingPrice"],
  fixed_price: ["billingPrice"],
  retainer_amount: ["billingPrice"],
  retainer_hours: ["billingCycle", "hoursPerPeriod"]
};
var contractFieldLabels = {
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
  job: "Job"
};
function typeFieldProblems(type2, v) {
  const label2 = contractTypeLabels[type2].toLowerCase();
  const article = /^[aeiou]/.test(label2) ? "an" : "a";
  const problems = [];
  for (const field of typeSpecificFields) {
    const applies = fieldsByType[type2].includes(field);
    const value = v[field];
    if (!applies && value !== null && value !== void 0) problems.push({ field, message: `does not apply to ${article} ${label2} contract: leave it empty` });
    if (applies && (value === null || value === void 0)) problems.push({ field, message: `is required for ${article} ${label2} contract` });
  }
  return problems;
}
var trimmed2 = (max) => z9.string().trim().max(max, `must be at most ${max} characters`);
var contractDateSchema = z9.string().regex(/^(19|20)\d{2}-\d{2}-\d{2}$/, "is not a date (YYYY-MM-DD)").refine((s2) => {
  const d = /* @__PURE__ */ new Date(`${s2}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s2);
}, "is not a date on the calendar");
var emptyIsNull = (schema) => z9.union([z9.literal(""), schema]).nullable().transform((v) => v === "" || v === null ? null : v);
var blockHoursSchema = z9.string().trim().regex(/^\d{1,5}(\.\d{1,2})?$/, "must be a number of hours such as 20 or 7.5, below 100,000").refine((v) => /[1-9]/.test(v), "must be more than 0");
var endAfterStart = { message: "must be on or after the start date", path: ["endDate"] };
var fields = {
  name: trimmed2(200).min(1, "is required"),
  reference: trimmed2(100),
  status: z9.enum(contractStatuses2),
  isDefault: z9.boolean(),
  startDate: contractDateSchema,
  endDate: emptyIsNull(contractDateSchema),
  sla: trimmed2(200),
  setupFee: emptyIsNull(moneySchema),
  billingCycle: emptyIsNull(z9.enum(billingCycles2)),
  billingPrice: emptyIsNull(moneySchema),
  hoursPerPeriod: emptyIsNull(blockHoursSchema),
  description: trimmed2(5e3),
  billingInfo: trimmed2(2e3)
};
var createContractBody = z9.object({
  accountId: uuidSchema,
  type: z9.enum(contractTypes2),
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
  billingInfo: fields.billingInfo.default("")
}).strict().refine((v) => !v.endDate || v.endDate >= v.startDate, endAfterStart).superRefine((v, ctx) => {
  for (const p of typeFieldProblems(v.type, v)) ctx.addIssue({ code: "custom", message: p.message, path: [p.field] });
});
var updateContractBody = z9.object({ type: z9.enum(contractTypes2), ...fields }).partial().strict().refine((v) => !v.endDate || !v.startDate || v.endDate >= v.startDate, endAfterStart);
var contractListQuery = z9.object({
  accountId: uuidSchema.optional(),
  status: z9.enum(contractStatuses2).optional(),
  type: z9.enum(contractTypes2).optional(),
  q: trimmed2(200).optional(),
  page: z9.coerce.number().int().min(1).max(1e5).default(1),
  pageSize: z9.coerce.number().int().min(1).max(100).default(25)
}).strict();
var contractJobParams = z9.object({ id: uuidSchema, jobId: uuidSchema }).strict();
var ref3 = z9.object({ id: z9.string(), name: z9.string() });
var day = z9.string();
var contractRow = z9.object({
  id: z9.string(),
  name: z9.string(),
  type: z9.enum(contractTypes2),
  reference: z9.string(),
  status: z9.enum(contractStatuses2),
  isDefault: z9.boolean(),
  account: ref3,
  startDate: day,
  endDate: day.nullable(),
  billingCycle: z9.enum(billingCycles2).nullable(),
  billingPrice: z9.string().nullable(),
  hoursPerPeriod: z9.string().nullable(),
  jobCount: z9.number()
});
var contractListResponse = page(contractRow).extend({ currency: z9.string() });
var contractAmounts = z9.object({
  /** Fixed price: what the contract bills, its billing price. */
  billAmount: z9.string().nullable(),
  /** Fixed price: the grand totals of the issued invoices billed under it. */
  invoicedAmount: z9.string().nullable(),
  /** Retainer by amount: billable time on its jobs at the job's rate, else the staff member's. */
  consumedAmount: z9.string().nullable(),
  /** Fixed price: billing price less invoiced; retainer by amount: billing price less consumed. Negative when overrun. */
  remainingAmount: z9.string().nullable(),
  /** Retainer by amount: billable entries without any rate, counted at 0. */
  unpricedEntries: z9.number()
});
var prepaidSummary = z9.object({
  periodStart: day,
  periodEnd: day,
  /** The last day counted: today, or the period's end for a contract that has ended. */
  asOf: day,
  blockHours: z9.string(),
  usedHours: z9.string(),
  remainingHours: z9.string(),
  /** Hours used beyond the block. */
  overHours: z9.string(),
  percentUsed: z9.number(),
  /** Average hours used per day so far this period. */
  dailyRate: z9.string(),
  /** At the period's average rate, the day the block runs out (may be after the period's end); null when nothing is used yet. */
  projectedRunOut: day.nullable(),
  runOutWithinPeriod: z9.boolean(),
  /** The day the block was used up, when it has been. */
  ranOutOn: day.nullable(),
  /** Each day of the period: hours used up to and including it (null after asOf), and the projection from asOf on. */
  series: z9.array(z9.object({ date: day, used: z9.string().nullable(), projected: z9.string().nullable() })),
  /** The tenant's alert thresholds, and those already emailed this period. */
  thresholds: z9.array(z9.number()),
  alerts: z9.array(z9.object({ threshold: z9.number(), sentAt: z9.string() }))
});
var contractEventDto = z9.object({
  kind: z9.string(),
  at: z9.string(),
  by: z9.string(),
  changes: z9.array(z9.object({ field: z9.string(), before: z9.string().nullable(), after: z9.string().nullable() })),
  note: z9.string()
});
var contractJobDto = z9.object({
  id: z9.string(),
  number: z9.string(),
  name: z9.string(),
  status: z9.enum(["active", "closed"]),
  manager: ref3.nullable(),
  visibleInPortal: z9.boolean()
});
var contractDto = contractRow.extend({
  sla: z9.string(),
  setupFee: z9.string().nullable(),
  description: z9.string(),
  billingInfo: z9.string(),
  createdAt: z9.string(),
  updatedAt: z9.string(),
  currency: z9.string(),
  amounts: contractAmounts,
  /** Retainer by hours that has started; null otherwise. */
  prepaid: prepaidSummary.nullable(),
  jobs: z9.array(contractJobDto),
  /** The account's other jobs, with the contract each is under now: linking moves a job here. */
  linkableJobs: z9.array(z9.object({ id: z9.string(), number: z9.string(), name: z9.string(), contract: ref3.nullable() })),
  history: z9.array(contractEventDto),
  can: z9.object({ edit: z9.boolean(), linkJobs: z9.boolean() })
});
var portalContractRow = contractRow.omit({ account: true, jobCount: true }).extend({
  /** Retainer by hours: how much of this period's block is used. */
  prepaid: z9.object({ usedHours: z9.string(), blockHours: z9.string(), percentUsed: z9.number(), periodEnd: day, projectedRunOut: day.nullable(), runOutWithinPeriod: z9.boolean() }).nullable()
});
var portalContractListResponse = z9.object({ items: z9.array(portalContractRow), currency: z9.string() });
var portalContractDto = portalContractRow.extend({
  account: z9.string(),
  sla: z9.string(),
  setupFee: z9.string().nullable(),
  description: z9.string(),
  billingInfo: z9.string(),
  currency: z9.string(),
  amounts: contractAmounts.omit({ unpricedEntries: true }),
  prepaid: prepaidSummary.nullable(),
  /** The contract's jobs that customers see. */
  jobs: z9.array(z9.object({ number: z9.string(), name: z9.string() })),
  history: z9.array(contractEventDto)
});

// src/server/http/routes/contracts.routes.ts
function contractRoutes(app2, { services: { contracts: contracts2 } }) {
  route(app2, {
    method: "GET",
    url: "/api/staff/contracts",
    policy: staffOnly("contract.read"),
    schema: { operationId: "listContracts", querystring: contractListQuery, response: { 200: contractListResponse, ...errorResponses } },
    handler: async (req) => contracts2.list(staffOf(req), req.query)
  });
  route(app2, {
    method: "POST",
    url: "/api/staff/contracts",
    policy: staffOnly("contract.manage"),
    idempotent: true,
    schema: { operationId: "createContract", body: createContractBody, response: { 200: contractDto, ...errorResponses } },
    handler: async (req) => contracts2.create(staffOf(req), req.body)
  });
  route(app2, {
    method: "GET",
    url: "/api/staff/contracts/:id",
    policy: staffOnly("contract.read"),
    schema: { operationId: "getContract", params: idParams, response: { 200: contractDto, ...errorResponses } },
    handler: async (req) => contracts2.get(staffOf(req), req.params.id)
  });
  route(app2, {
    method: "PATCH",
    url: "/api/staff/contracts/:id",
    policy: staffOnly("contract.manage"),
    schema: { operationId: "updateContract", params: idParams, body: updateContractBody, response: { 200: contractDto, ...errorResponses } },
    handler: async (req) => contracts2.update(staffOf(req), req.params.id, req.body)
  });
  route(app2, {
    method: "PUT",
    url: "/api/staff/contracts/:id/jobs/:jobId",
    policy: staffOnly("contract.manage"),
    schema: { operationId: "linkContractJob", params: contractJobParams, response: { 200: contractDto, ...errorResponses } },
    handler: async (req) => contracts2.linkJob(staffOf(req), req.params.id, req.params.jobId)
  });
  route(app2, {
    method: "DELETE",
    url: "/api/staff/contracts/:id/jobs/:jobId",
    policy: staffOnly("contract.manage"),
    schema: { operationId: "unlinkContractJob", params: contractJobParams, response: { 200: contractDto, ...errorResponses } },
    handler: async (req) => contracts2.unlinkJob(staffOf(req), req.params.id, req.params.jobId)
  });
  route(app2, {
    method: "GET",
    url: "/api/portal/contracts",
    policy: contactOnly("portal.contract.list"),
    schema: { operationId: "listPortalContracts", response: { 200: portalContractListResponse, ...errorResponses } },
    handler: async (req) => contracts2.listPortal(contactOf(req))
  });
  route(app2, {
    method: "GET",
    url: "/api/portal/contracts/:id",
    policy: contactOnly("portal.contract.read"),
    schema: { operationId: "getPortalContract", params: idParams, response: { 200: portalContractDto, ...errorResponses } },
    handler: async (req) => contracts2.getPortal(contactOf(req), req.params.id)
  });
}

// src/server/http/routes/invoices.routes.ts
import { z as z11 } from "zod";

// src/shared/invoices-api.ts
import { z as z10 } from "zod";
var iso3 = z10.string();
var ref4 = z10.object({ id: z10.string(), name: z10.string() });
var calendarDate = z10.string().trim().regex(/^(19|20)\d{2}-\d{2}-\d{2}$/, "is not a date (YYYY-MM-DD)").refine((s2) => {
  const d = /* @__PURE__ */ new Date(`${s2}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s2);
}, "is not a date on the calendar");
var storedInvoiceStatuses = ["draft", "sent", "partly_paid", "paid", "void"];
var invoiceStatuses2 = ["draft", "sent", "partly_paid", "overdue", "paid", "void"];
var invoiceStatusLabels = {
  draft: "Draft",
  sent: "Sent",
  partly_paid: "Partly paid",
  overdue: "Overdue",
  paid: "Paid",
  void: "Void"
};
var overdueCandidates = ["sent", "partly_paid"];
function shownInvoiceStatus(stored, dueDate, today) {
  return overdueCandidates.includes(stored) && dueDate < today ? "overdue" : stored;
}
function invoiceStatusFilter(shown2) {
  if (shown2 === "overdue") return { stored: [...overdueCandidates], due: "past" };
  if (overdueCandidates.includes(shown2)) return { stored: [shown2], due: "not_past" };
  return { stored: [shown2], due: "any" };
}
var invoiceLineDto = z10.object({
  id: z10.string(),
  description: z10.string(),
  quantity: z10.string(),
  unitPrice: z10.string(),
  amount: z10.string(),
  /** The approved version (APR-4) the line bills, if any. */
  approvalRequestId: z10.string().nullable()
});
var invoicePaymentDto = z10.object({
  id: z10.string(),
  paidOn: z10.string(),
  amount: z10.string(),
  method: z10.string(),
  reference: z10.string()
});
var invoiceCore = {
  id: z10.string(),
  /** Null on a draft; set from the company's sequence when issued. */
  number: z10.number().nullable(),
  displayNumber: z10.string().nullable(),
  status: z10.enum(invoiceStatuses2),
  account: ref4,
  poNumber: z10.string(),
  fromText: z10.string(),
  toText: z10.string(),
  invoiceDate: z10.string(),
  dueDate: z10.string(),
  salesRep: ref4.nullable(),
  project: z10.object({ id: z10.string(), number: z10.string(), name: z10.string() }).nullable(),
  contract: ref4.nullable(),
  currency: z10.string(),
  taxRate: z10.string(),
  subtotal: z10.string(),
  discountAmount: z10.string(),
  taxAmount: z10.string(),
  grandTotal: z10.string(),
  paidAmount: z10.string(),
  paymentDue: z10.string(),
  notes: z10.string(),
  sentAt: iso3.nullable(),
  voidedAt: iso3.nullable(),
  lines: z10.array(invoiceLineDto),
  payments: z10.array(invoicePaymentDto)
};
var invoiceIssuerDto = z10.object({ name: z10.string(), address: z10.string(), hasLogo: z10.boolean() });
var recipientOptionDto = z10.object({
  id: z10.string(),
  name: z10.string(),
  email: z10.string(),
  clientAdmin: z10.boolean(),
  hasPortalAccess: z10.boolean(),
  /** Ticked when the send dialog opens: client administrators with portal access. */
  isDefault: z10.boolean()
});
var staffInvoiceDto = z10.object({
  ...invoiceCore,
  storedStatus: z10.enum(storedInvoiceStatuses),
  issuer: invoiceIssuerDto,
  voidReason: z10.string(),
  voidedBy: z10.string().nullable(),
  createdBy: z10.string().nullable(),
  createdAt: iso3,
  updatedAt: iso3,
  /** The approved versions this invoice bills (they cannot go on another invoice until it is voided or deleted). */
  approvals: z10.array(z10.object({ id: z10.string(), jobNumber: z10.string(), jobName: z10.string(), version: z10.number(), totalAmount: z10.string() })),
  payments: z10.array(invoicePaymentDto.extend({ recordedBy: z10.string().nullable(), createdAt: iso3 })),
  /** Contacts of the account with an email address, for the send dialog. */
  recipientOptions: z10.array(recipientOptionDto),
  today: z10.string(),
  can: z10.object({ edit: z10.boolean(), delete: z10.boolean(), send: z10.boolean(), recordPayment: z10.boolean(), void: z10.boolean() })
});
var invoiceListItem = z10.object({
  id: z10.string(),
  number: z10.number().nullable(),
  displayNumber: z10.string().nullable(),
  status: z10.enum(invoiceStatuses2),
  account: ref4,
  poNumber: z10.string(),
  invoiceDate: z10.string(),
  dueDate: z10.string(),
  currency: z10.string(),
  grandTotal: z10.string(),
  paidAmount: z10.string(),
  paymentDue: z10.string(),
  sentAt: iso3.nullable()
});
var invoiceListResponse = page(invoiceListItem).extend({ today: z10.string() });
var invoiceListQuery = z10.object({
  accountId: uuidSchema.optional(),
  status: z10.enum(invoiceStatuses2).optional(),
  q: z10.string().trim().max(200).optional(),
  page: z10.coerce.number().int().min(1).max(1e5).default(1),
  pageSize: z10.coerce.number().int().min(1).max(100).default(25)
}).strict();
var portalInvoiceListQuery = invoiceListQuery.omit({ accountId: true });
var portalInvoiceDto = z10.object({ ...invoiceCore, issuer: invoiceIssuerDto });
var quantitySchema = z10.string().trim().regex(/^-?\d{1,7}(\.\d{1,2})?$/, "must be a number such as 1, 2.5 or 0.25").refine((v) => Number(v) > 0, "must be more than 0: negative and zero quantities are not accepted").refine((v) => Number(v) <= 1e6, "must be at most 1,000,000");
var invoiceLineBody = z10.object({
  description: z10.string().trim().min(1, "is required").max(500, "must be at most 500 characters"),
  quantity: quantitySchema,
  unitPrice: moneySchema,
  /** Keeps a line's link to the approved version it bills (only one this invoice already bills). */
  approvalRequestId: uuidSchema.nullish()
}).strict();
var optionalRef = uuidSchema.nullish();
var invoiceFields = {
  invoiceDate: calendarDate,
  dueDate: calendarDate,
  poNumber: z10.string().trim().max(100, "must be at most 100 characters"),
  toText: z10.string().trim().max(1e3, "must be at most 1000 characters"),
  salesRepStaffId: optionalRef,
  jobId: optionalRef,
  contractId: optionalRef,
  taxRate: percentSchema,
  discountAmount: moneySchema,
  notes: z10.string().trim().max(5e3, "must be at most 5000 characters")
};
var fieldsMask = { invoiceDate: true, dueDate: true, poNumber: true, toText: true, salesRepStaffId: true, jobId: true, contractId: true, taxRate: true, discountAmount: true, notes: true };
var createInvoiceBody = z10.object({ accountId: uuidSchema, ...invoiceFields, lines: z10.array(invoiceLineBody).max(200, "may have at most 200 lines").default([]) }).partial(fieldsMask).strict();
var updateInvoiceBody = z10.object({ ...invoiceFields, lines: z10.array(invoiceLineBody).max(200, "may have at most 200 lines") }).partial().strict();
var sendInvoiceBody = z10.object({
  /** Contacts of the account to email; left out: the account's client administrators with portal access. */
  contactIds: z10.array(uuidSchema).max(50, "choose at most 50 recipients").optional(),
  /** Other addresses to copy (an accounts-payable mailbox). */
  extraEmails: z10.array(emailSchema).max(10, "add at most 10 addresses").default([])
}).strict();
var sendInvoiceResponse = z10.object({ invoice: staffInvoiceDto, emailedTo: z10.array(z10.string()) });
var paymentMethods = ["bank_transfer", "card", "cash", "cheque", "direct_debit", "other"];
var paymentMethodLabels = {
  bank_transfer: "Bank transfer",
  card: "Card",
  cash: "Cash",
  cheque: "Cheque",
  direct_debit: "Direct debit",
  other: "Other"
};
var recordPaymentBody = z10.object({
  amount: moneySchema,
  paidOn: calendarDate,
  method: z10.enum(paymentMethods),
  reference: z10.string().trim().max(200, "must be at most 200 characters").default("")
}).strict();
var voidInvoiceBody = z10.object({ reason: z10.string().trim().min(1, "is required: say why the invoice is voided").max(1e3, "must be at most 1000 characters") }).strict();
var invoiceableApprovalDto = z10.object({
  id: z10.string(),
  job: z10.object({ id: z10.string(), number: z10.string(), name: z10.string() }),
  version: z10.number(),
  cutOff: z10.string(),
  approvedAt: iso3.nullable(),
  totalHours: z10.string(),
  totalAmount: z10.string(),
  lineCount: z10.number()
});
var invoiceableApprovalsResponse = z10.object({ items: z10.array(invoiceableApprovalDto), currency: z10.string() });
var invoiceGroupings = ["per_line", "per_version"];
var createFromApprovalsBody = z10.object({
  accountId: uuidSchema,
  approvalRequestIds: z10.array(uuidSchema).min(1, "choose at least one approved version").max(50, "choose at most 50 versions"),
  /** One line per approved time entry, or one per version (per rate, so the amounts stay the approved ones). */
  grouping: z10.enum(invoiceGroupings).default("per_line"),
  invoiceDate: calendarDate.optional(),
  dueDate: calendarDate.optional(),
  poNumber: invoiceFields.poNumber.optional(),
  notes: invoiceFields.notes.optional()
}).strict();
var invoiceOptionsResponse = z10.object({
  account: ref4,
  jobs: z10.array(z10.object({ id: z10.string(), number: z10.string(), name: z10.string(), isProject: z10.boolean() })),
  contracts: z10.array(z10.object({ id: z10.string(), name: z10.string(), status: z10.string() })),
  defaults: z10.object({ invoiceDate: z10.string(), dueDate: z10.string(), taxRate: z10.string(), toText: z10.string(), currency: z10.string() })
});
var companyLogoResponse = z10.object({ hasLogo: z10.boolean(), width: z10.number().nullable(), height: z10.number().nullable() });

// src/server/http/routes/invoices.routes.ts
var pdfResponse = pdfResponses("The invoice as a PDF");
var pngResponse = {
  200: z11.string().meta({ description: "The logo (PNG)", content: { "image/png": { schema: { type: "string", format: "binary" } } } }),
  ...errorResponses
};
var sendPng = (reply, png) => reply.header("Content-Type", "image/png").header("X-Content-Type-Options", "nosniff").header("Content-Security-Policy", "sandbox; default-src 'none'").header("Cache-Control", "no-store").send(png);
var accountParams = z11.object({ id: z11.string().uuid("is not a valid id") }).strict();
function invoiceRoutes(app2, { services: { invoices: invoices2, companyLogo } }) {
  route(app2, {
    method: "GET",
    url: "/api/staff/invoices",
    policy: staffOnly("invoice.read"),
    schema: { operationId: "listInvoices", querystring: invoiceListQuery, response: { 200: invoiceListResponse, ...errorResponses } },
    handler: async (req) => invoices2.list(staffOf(req), req.query)
  });
  route(app2, {
    method: "POST",
    url: "/api/staff/invoices",
    policy: staffOnly("invoice.manage"),
    idempotent: true,
    schema: { operationId: "createInvoice", body: createInvoiceBody, response: { 200: staffInvoiceDto, ...errorResponses } },
    handler: async (req) => invoices2.create(staffOf(req), req.body)
  });
  route(app2, {
    method: "POST",
    url: "/api/staff/invoices/from-approvals",
    policy: staffOnly("invoice.manage"),
    idempotent: true,
    schema: { operationId: "createInvoiceFromApprovals", body: createFromApprovalsBody, response: { 200: staffInvoiceDto, ...errorResponses } },
    handler: async (req) => invoices2.createFromApprovals(staffOf(req), req.body)
  });
  route(app2, {
    method: "GET",
    url: "/api/staff/invoices/:id",
    policy: staffOnly("invoice.read"),
    schema: { operationId: "getInvoice", params: idParams, response: { 200: staffInvoiceDto, ...errorResponses } },
    handler: async (req) => invoices2.get(staffOf(req), req.params.id)
  });
  route(app2, {
    method: "PATCH",
    url: "/api/staff/invoices/:id",
    policy: staffOnly("invoice.manage"),
    schema: { operationId: "updateInvoice", params: idParams, body: updateInvoiceBody, response: { 200: staffInvoiceDto, ...errorResponses } },
    handler: async (req) => invoices2.update(staffOf(req), req.params.id, req.body)
  });
  route(app2, {
    method: "DELETE",
    url: "/api/staff/invoices/:id",
    policy: staffOnly("invoice.manage"),
    schema: { operationId: "deleteInvoiceDraft", params: idParams, response: { 200: okResponse, ...errorResponses } },
    handler: async (req) => invoices2.remove(staffOf(req), req.params.id)
  });
  route(app2, {
    method: "POST",
    url: "/api/staff/invoices/:id/send",
    policy: staffOnly("invoice.manage"),
    schema: { operationId: "sendInvoice", params: idParams, body: sendInvoiceBody, response: { 200: sendInvoiceResponse, ...errorResponses } },
    handler: async (req) => invoices2.send(staffOf(req), req.params.id, req.body)
  });
  route(app2, {
    method: "POST",
    url: "/api/staff/invoices/:id/mark-sent",
    policy: staffOnly("invoice.manage"),
    schema: { operationId: "markInvoiceSent", params: idParams, response: { 200: staffInvoiceDto, ...errorResponses } },
    handler: async (req) => invoices2.markSent(staffOf(req), req.params.id)
  });
  route(app2, {
    method: "POST",
    url: "/api/staff/invoices/:id/payments",
    policy: staffOnly("invoice.manage"),
    schema: { operationId: "recordInvoicePayment", params: idParams, body: recordPaymentBody, response: { 200: staffInvoiceDto, ...errorResponses } },
    handler: async (req) => invoices2.recordPayment(staffOf(req), req.params.id, req.body)
  });
  route(app2, {
    method: "POST",
    url: "/api/staff/invoices/:id/void",
    policy: staffOnly("invoice.manage"),
    schema: { operationId: "voidInvoice", params: idParams, body: voidInvoiceBody, response: { 200: staffInvoiceDto, ...errorResponses } },
    handler: async (req) => invoices2.voidInvoice(staffOf(req), req.params.id, req.body.reason)
  });
  route(app2, {
    method: "GET",
    url: "/api/staff/invoices/:id/invoice.pdf",
    policy: staffOnly("invoice.read"),
    schema: { operationId: "downloadInvoicePdf", params: idParams, response: pdfResponse },
    handler: async (req, reply) => sendPdf(reply, await invoices2.staffPdf(staffOf(req), req.params.id))
  });
  route(app2, {
    method: "GET",
    url: "/api/staff/accounts/:id/invoice-options",
    policy: staffOnly("invoice.read"),
    schema: { operationId: "getInvoiceOptions", params: accountParams, response: { 200: invoiceOptionsResponse, ...errorResponses } },
    handler: async (req) => invoices2.options(staffOf(req), req.params.id)
  });
  route(app2, {
    method: "GET",
    url: "/api/staff/accounts/:id/invoiceable-approvals",
    policy: staffOnly("invoice.manage"),
    schema: { operationId: "listInvoiceableApprovals", params: accountParams, response: { 200: invoiceableApprovalsResponse, ...errorResponses } },
    handler: async (req) => invoices2.invoiceableApprovals(staffOf(req), req.params.id)
  });
  route(app2, {
    method: "GET",
    url: "/api/staff/settings/logo",
    policy: staffOnly("settings.read"),
    schema: { operationId: "getCompanyLogo", response: pngResponse },
    handler: async (req, reply) => sendPng(reply, await companyLogo.image(staffOf(req)))
  });
  route(app2, {
    method: "GET",
    url: "/api/staff/settings/logo/info",
    policy: staffOnly("settings.read"),
    schema: { operationId: "describeCompanyLogo", response: { 200: companyLogoResponse, ...errorResponses } },
    handler: async (req) => companyLogo.describe(staffOf(req))
  });
  route(app2, {
    method: "PUT",
    url: "/api/staff/settings/logo",
    policy: staffOnly("settings.update"),
    schema: { operationId: "uploadCompanyLogo", response: { 200: companyLogoResponse, ...errorResponses, 413: errorResponses[400] } },
    handler: async (req) => companyLogo.upload(staffOf(req), await oneFile(req))
  });
  route(app2, {
    method: "DELETE",
    url: "/api/staff/settings/logo",
    policy: staffOnly("settings.update"),
    schema: { operationId: "removeCompanyLogo", response: { 200: companyLogoResponse, ...errorResponses } },
    handler: async (req) => companyLogo.remove(staffOf(req))
  });
  route(app2, {
    method: "GET",
    url: "/api/portal/invoices",
    policy: contactOnly("portal.invoice.list"),
    schema: { operationId: "listPortalInvoices", querystring: portalInvoiceListQuery, response: { 200: invoiceListResponse, ...errorResponses } },
    handler: async (req) => invoices2.listForPortal(contactOf(req), req.query)
  });
  route(app2, {
    method: "GET",
    url: "/api/portal/invoices/logo",
    policy: contactOnly("portal.invoice.list"),
    schema: { operationId: "getPortalInvoiceLogo", response: pngResponse },
    handler: async (req, reply) => sendPng(reply, await invoices2.portalLogo(contactOf(req)))
  });
  route(app2, {
    method: "GET",
    url: "/api/portal/invoices/:id",
    policy: contactOnly("portal.invoice.read"),
    schema: { operationId: "getPortalInvoice", params: idParams, response: { 200: portalInvoiceDto, ...errorResponses } },
    handler: async (req) => invoices2.getForPortal(contactOf(req), req.params.id)
  });
  route(app2, {
    method: "GET",
    url: "/api/portal/invoices/:id/invoice.pdf",
    policy: contactOnly("portal.invoice.read"),
    schema: { operationId: "downloadPortalInvoicePdf", params: idParams, response: pdfResponse },
    handler: async (req, reply) => sendPdf(reply, await invoices2.portalPdf(contactOf(req), req.params.id))
  });
}

// src/server/lib/even-timing.ts
async function answerAfter(minMs, work) {
  const started = performance.now();
  const wait = async () => {
    const left = minMs - (performance.now() - started);
    if (left > 0) await new Promise((r) => setTimeout(r, left));
  };
  try {
    const result = await work();
    await wait();
    return result;
  } catch (err) {
    await wait();
    throw err;
  }
}

// src/server/modules/profile/profile.service.ts
import { randomBytes as randomBytes2 } from "node:crypto";
import { Secret as Secret2 } from "otpauth";
import QRCode from "qrcode";

// src/server/modules/portal-access/portal-auth.service.ts
import { Secret, TOTP } from "otpauth";
var invalidCredentials = () => new AppError("INVALID_CREDENTIALS", "Incorrect username or password");
var portalClosed = () => new AppError("PORTAL_CLOSED", "This portal is closed");
function totpFor(secret, label2, issuer) {
  return new TOTP({ issuer, label: label2, algorithm: "SHA1", digits: 6, period: 30, secret: Secret.fromBase32(secret) });
}
var isPasswordLink = (p) => p === "activation" || p === "reset";
function createPortalAuthService(d, {
  contacts: contactsRepo,
  accounts: { findAccountsByDomain: findAccountsByDomain2 },
  outbox: { queueEmail: queueEmail2 },
  lockout: { countFailedSignIn: countFailedSignIn2 },
  sessions: { deleteContactSessions: deleteContactSessions2 },
  tenants: { getSettings: getSettings2 },
  portalEvents: { recordEvent: recordEvent2 },
  tokens: { peekToken: peekToken2, redeemToken: redeemToken2, voidContactTokens: voidContactTokens2 }
}, {
  throttle: { allowAccountEmail, throttleIp },
  sessions: { startSession: startSession2 },
  links: { sendPasswordLink }
}) {
  async function login(tenantId, input, meta2) {
    const now2 = d.clock();
    const settings = await getSettings2(d.db, tenantId);
    if (!settings.active) throw portalClosed();
    await throttleIp(tenantId, "portal_login", meta2.ip, now2);
    const c2 = await contactsRepo.findByUsername(d.db, tenantId, input.username);
    const passwordOk = await verifyPassword(c2?.passwordHash ?? null, input.password);
    if (!c2) throw invalidCredentials();
    const actor = { kind: "anonymous", ip: meta2.ip };
    const locked = c2.lockedUntil !== null && c2.lockedUntil > now2;
    const accounts2 = c2.accounts.filter((a) => a.portalEnabled);
    const allowed = c2.portalStatus === "active" && c2.archivedAt === null && !locked && accounts2.length > 0;
    const fail = async (reason) => {
      await inTransaction(d, async (tx) => {
        const lockNow = await countFailedSignIn2(tx, contacts, tenantId, c2.id, now2);
        await recordEvent2(tx, tenantId, c2.id, "login_failed", actor, now2, { reason });
        if (lockNow) await recordEvent2(tx, tenantId, c2.id, "locked", { kind: "system", ip: meta2.ip }, now2);
      });
    };
    if (!passwordOk || !allowed) {
      await fail(!passwordOk ? "wrong password" : locked ? "locked" : `status ${c2.portalStatus}`);
      throw invalidCredentials();
    }
    let usedRecoveryCode = false;
    if (c2.totpSecret) {
      const code = input.code?.replace(/\s+/g, "") ?? "";
      if (!code) throw new AppError("TWO_FACTOR_REQUIRED", "Enter the code from your authenticator app");
      const totpOk = /^\d{6}$/.test(code) && totpFor(c2.totpSecret, c2.portalUsername ?? "", settings.portalName).validate({ token: code, window: 1, timestamp: now2.getTime() }) !== null;
      if (!totpOk) {
        usedRecoveryCode = await contactsRepo.useRecoveryCode(d.db, tenantId, c2.id, hashToken(code.toLowerCase()), now2);
        if (!usedRecoveryCode) {
          await fail("wrong two-factor code");
          throw new AppError("TWO_FACTOR_REQUIRED", "That code is not valid; try the current one");
        }
      }
    }
    return inTransaction(d, async (tx) => {
      await contactsRepo.updateContact(tx, tenantId, c2.id, { failedLoginCount: 0, lockedUntil: null, lastLoginAt: now2 });
      const self = { kind: "contact", id: c2.id, name: `${c2.firstName} ${c2.lastName}`, ip: meta2.ip };
      await recordEvent2(tx, tenantId, c2.id, usedRecoveryCode ? "recovery_code_used" : "login_ok", self, now2);
      return startSession2(tx, tenantId, { kind: "contact", contactId: c2.id, currentAccountId: accounts2[0].id }, meta2, now2);
    });
  }
  async function requestLink(tenantId, email, meta2) {
    const now2 = d.clock();
    await throttleIp(tenantId, "portal_email_link", meta2.ip, now2);
    const c2 = await contactsRepo.findPortalUserByEmail(d.db, tenantId, email);
    if (!c2 || c2.archivedAt || !["invited", "active"].includes(c2.portalStatus)) return;
    if (!await allowAccountEmail(tenantId, c2.id, now2)) return;
    await inTransaction(
      d,
      (tx) => sendPasswordLink(tx, tenantId, c2, c2.portalStatus === "invited" ? "activation" : "reset_forgot", { kind: "anonymous", ip: meta2.ip })
    );
  }
  async function tokenInfo(tenantId, token, ip) {
    const now2 = d.clock();
    await throttleIp(tenantId, "password_link", ip, now2);
    const invalidLink = { valid: false, purpose: null, username: null, passwordMustNotContain: [] };
    const t = await peekToken2(d.db, tenantId, hashToken(token), now2);
    if (!t?.contactId || !isPasswordLink(t.purpose)) return invalidLink;
    const c2 = await contactsRepo.getContact(d.db, tenantId, t.contactId);
    if (!c2) return invalidLink;
    return { valid: true, purpose: t.purpose, username: t.username, passwordMustNotContain: contactPersonalWords({ ...c2, username: c2.portalUsername }) };
  }
  async function setPassword(tenantId, token, password, ip) {
    const tokenHash = hashToken(token);
    const peek = await peekToken2(d.db, tenantId, tokenHash, d.clock());
    const invalidToken = () => new AppError("INVALID_TOKEN", "This link has expired or was already used. Ask for a new one.");
    if (!peek?.contactId || !isPasswordLink(peek.purpose)) throw invalidToken();
    const c2 = await contactsRepo.getContact(d.db, tenantId, peek.contactId);
    if (!c2) throw invalidToken();
    const settings = await getSettings2(d.db, tenantId);
    assertPasswordAllowed("password", password, policyOf(settings), contactPersonalWords({ ...c2, username: c2.portalUsername }));
    const hash = await hashPassword(password);
    const now2 = d.clock();
    await inTransaction(d, async (tx) => {
      const used = await redeemToken2(tx, tenantId, tokenHash, ["activation", "reset"], now2);
      if (!used?.contactId) throw invalidToken();
      const fresh = await contactsRepo.getContact(tx, tenantId, used.contactId);
      if (!fresh || fresh.archivedAt || !["invited", "active"].includes(fresh.portalStatus)) throw invalidToken();
      const firstTime = fresh.portalStatus === "invited";
      await contactsRepo.updateContact(tx, tenantId, fresh.id, {
        passwordHash: hash,
        passwordChangedAt: now2,
        portalStatus: "active",
        activatedAt: fresh.activatedAt ?? now2,
        failedLoginCount: 0,
        lockedUntil: null
      });
      await deleteContactSessions2(tx, tenantId, [fresh.id]);
      await voidContactTokens2(tx, tenantId, fresh.id, now2, ["email_change"]);
      await recordEvent2(tx, tenantId, fresh.id, firstTime ? "activated" : "password_reset", { kind: "contact", id: fresh.id, name: `${fresh.firstName} ${fresh.lastName}`, ip }, now2);
    });
  }
  async function confirmEmailChange(tenantId, token, ip) {
    const invalidToken = () => new AppError("INVALID_TOKEN", "This link has expired or was already used. Sign in and ask for the change again.");
    const cannotUse = "This email address cannot be used for your login. Nothing was changed; sign in and ask for the change with another address.";
    const now2 = d.clock();
    return inTransaction(d, async (tx) => {
      const used = await redeemToken2(tx, tenantId, hashToken(token), ["email_change"], now2);
      if (!used?.contactId || !used.newEmail) throw invalidToken();
      const c2 = await contactsRepo.getContact(tx, tenantId, used.contactId);
      if (!c2 || c2.archivedAt || c2.portalStatus !== "active") throw invalidToken();
      if (await contactsRepo.portalEmailTaken(tx, tenantId, used.newEmail, c2.id)) throw new AppError("CONFLICT", cannotUse);
      await contactsRepo.updateContact(tx, tenantId, c2.id, { email: used.newEmail });
      await recordEvent2(tx, tenantId, c2.id, "email_changed", { kind: "contact", id: c2.id, name: `${c2.firstName} ${c2.lastName}`, ip }, now2, {
        from: c2.email,
        to: used.newEmail
      });
      return { email: used.newEmail };
    }, cannotUse);
  }
  async function signup(tenantId, body, meta2) {
    const settings = await getSettings2(d.db, tenantId);
    if (!settings.active) throw portalClosed();
    if (!settings.signupEnabled) throw new AppError("FORBIDDEN", "Sign-up is not available on this portal");
    const now2 = d.clock();
    await throttleIp(tenantId, "portal_signup", meta2.ip, now2);
    if (await contactsRepo.findContactByEmail(d.db, tenantId, body.email)) return;
    const domain = body.email.split("@")[1] ?? "";
    const [match] = settings.signupAutoApproveKnownDomains ? await findAccountsByDomain2(d.db, tenantId, domain) : [];
    const actor = { kind: "anonymous", ip: meta2.ip };
    await inTransaction(d, async (tx) => {
      const id = await contactsRepo.insertContact(tx, tenantId, {
        firstName: body.firstName,
        lastName: body.lastName,
        email: body.email,
        phone: null,
        jobTitle: null,
        timeZone: null,
        signupCompany: body.company,
        signupStatus: match ? "approved" : "pending",
        ...match ? { portalUsername: body.email, portalStatus: "invited" } : {}
      });
      await recordEvent2(tx, tenantId, id, "signup_requested", actor, now2, { company: body.company });
      if (match) {
        await contactsRepo.setMemberships(tx, tenantId, id, [match.id]);
        await recordEvent2(tx, tenantId, id, "signup_approved", { kind: "system" }, now2, { account: match.name });
        await sendPasswordLink(tx, tenantId, { id, firstName: body.firstName, email: body.email, portalUsername: body.email }, "activation", { kind: "system" });
      }
      for (const to of settings.signupNotifyEmails) {
        await queueEmail2(
          tx,
          tenantId,
          "signup_notification",
          {
            to,
            portalName: settings.portalName,
            name: `${body.firstName} ${body.lastName}`,
            email: body.email,
            company: body.company,
            link: `${d.config.publicUrl}/admin/contacts/${id}`,
            autoApproved: match?.name ?? null
          },
          now2
        );
      }
    }, "This email address is already registered");
  }
  return { login, requestLink, tokenInfo, setPassword, confirmEmailChange, signup };
}

// src/server/modules/profile/profile.service.ts
function presentMe(actor, s2) {
  authorize(actor, "portal.me.read");
  const current = s2.accounts.find((a) => a.id === actor.accountId) ?? s2.accounts[0];
  return {
    contact: {
      id: actor.contactId,
      firstName: s2.firstName,
      lastName: s2.lastName,
      name: `${s2.firstName} ${s2.lastName}`,
      email: s2.email,
      username: s2.username,
      timeZone: s2.timeZone,
      twoFactorEnabled: s2.twoFactorEnabled
    },
    currentAccount: { id: current.id, name: current.name },
    accounts: s2.accounts.map((a) => ({ id: a.id, name: a.name })),
    portalName: s2.portalName,
    mustEnrolTwoFactor: actor.mustEnrolTwoFactor,
    can: {
      manageContacts: can(actor, "portal.contacts.manage"),
      approvals: s2.approvalEnabled && can(actor, "portal.approval.list"),
      contracts: can(actor, "portal.contract.list"),
      invoices: can(actor, "portal.invoice.list"),
      projects: can(actor, "portal.project.list")
    },
    // TKT-6: the contact's time zone, else the account's, else the tenant's.
    effectiveTimeZone: s2.timeZone ?? current.timeZone ?? s2.tenantTimeZone
  };
}
var selfActor = (a, ip) => ({ kind: "contact", id: a.contactId, name: a.name, ip });
var maskEmail = (email) => {
  const at = email.lastIndexOf("@");
  const local = email.slice(0, at);
  return `${local.slice(0, local.length > 2 ? 2 : 1)}***${email.slice(at)}`;
};
var presentColleague = (c2) => ({
  id: c2.id,
  firstName: c2.firstName,
  lastName: c2.lastName,
  email: c2.email,
  phone: c2.phone,
  jobTitle: c2.jobTitle
});
function createProfileService(d, {
  contacts: contactsRepo,
  outbox: { queueEmail: queueEmail2 },
  portalEvents: { recordEvent: recordEvent2 },
  tokens: { issueToken: issueToken2, voidContactTokens: voidContactTokens2 },
  sessions: { deleteContactSessions: deleteContactSessions2, setCurrentAccount: setCurrentAccount2 },
  tenants: { getSettings: getSettings2 }
}, { throttle: { throttleEmailChange } }) {
  async function updateProfile(actor, body) {
    authorize(actor, "portal.me.update", { contactId: actor.contactId });
    await inTransaction(d, (tx) => contactsRepo.updateContact(tx, actor.tenantId, actor.contactId, body));
  }
  async function requestEmailChange(actor, body, ip) {
    authorize(actor, "portal.me.update", { contactId: actor.contactId });
    const now2 = d.clock();
    await throttleEmailChange(actor.tenantId, actor.contactId, now2);
    const c2 = await contactsRepo.getContactCredentials(d.db, actor.tenantId, actor.contactId);
    if (!c2 || !await verifyPassword(c2.passwordHash, body.currentPassword)) throw invalid("currentPassword", "is not your current password");
    const newEmail = body.newEmail;
    const unchanged = c2.email?.toLowerCase() === newEmail.toLowerCase();
    await inTransaction(d, async (tx) => {
      await voidContactTokens2(tx, actor.tenantId, c2.id, now2, ["email_change"]);
      const taken = unchanged || await contactsRepo.portalEmailTaken(tx, actor.tenantId, newEmail, c2.id);
      const settings = await getSettings2(tx, actor.tenantId);
      let link = null;
      if (!taken) {
        const token = newToken();
        await issueToken2(tx, actor.tenantId, {
          tokenHash: hashToken(token),
          purpose: "email_change",
          contactId: c2.id,
          newEmail,
          now: now2,
          expiresAt: new Date(now2.getTime() + EMAIL_CHANGE_TTL_MS)
        });
        link = `${portalBase(d, settings)}/confirm-email?token=${token}`;
      }
      const common2 = { portalName: settings.portalName, firstName: c2.firstName, hours: EMAIL_CHANGE_TTL_MS / HOUR };
      await queueEmail2(tx, actor.tenantId, "email_change_confirm", { ...common2, to: newEmail, link }, now2);
      if (c2.email && !unchanged) await queueEmail2(tx, actor.tenantId, "email_change_notice", { ...common2, to: c2.email, newEmail: maskEmail(newEmail) }, now2);
      await recordEvent2(tx, actor.tenantId, c2.id, "email_change_requested", selfActor(actor, ip), now2, { to: newEmail, ...taken ? { refused: "address already in use" } : {} });
    });
  }
  async function changePassword(actor, sessionId, current, next, ip) {
    authorize(actor, "portal.password.change", { contactId: actor.contactId });
    const c2 = await contactsRepo.getContactCredentials(d.db, actor.tenantId, actor.contactId);
    if (!c2 || !await verifyPassword(c2.passwordHash, current)) throw invalid("currentPassword", "is not your current password");
    const settings = await getSettings2(d.db, actor.tenantId);
    assertPasswordAllowed("newPassword", next, policyOf(settings), contactPersonalWords({ ...c2, username: c2.portalUsername }));
    if (current === next) throw invalid("newPassword", "must differ from the current password");
    const hash = await hashPassword(next);
    const now2 = d.clock();
    await inTransaction(d, async (tx) => {
      await contactsRepo.updateContact(tx, actor.tenantId, actor.contactId, { passwordHash: hash, passwordChangedAt: now2 });
      await deleteContactSessions2(tx, actor.tenantId, [actor.contactId], sessionId);
      await voidContactTokens2(tx, actor.tenantId, actor.contactId, now2, ["email_change"]);
      await recordEvent2(tx, actor.tenantId, actor.contactId, "password_changed", selfActor(actor, ip), now2);
    });
  }
  async function switchAccount(actor, sessionId, accountId) {
    authorize(actor, "portal.account.switch", { contactId: actor.contactId, accountId });
    await setCurrentAccount2(d.db, actor.tenantId, sessionId, accountId);
  }
  async function logoutEverywhere(actor, ip) {
    authorize(actor, "portal.session.end", { contactId: actor.contactId });
    await inTransaction(d, async (tx) => {
      await deleteContactSessions2(tx, actor.tenantId, [actor.contactId]);
      await recordEvent2(tx, actor.tenantId, actor.contactId, "logout_everywhere", selfActor(actor, ip), d.clock());
    });
  }
  async function startTwoFactorSetup(actor) {
    authorize(actor, "portal.twoFactor.manage", { contactId: actor.contactId });
    const c2 = await contactsRepo.getContactCredentials(d.db, actor.tenantId, actor.contactId);
    if (!c2) throw new AppError("NOT_FOUND", "Not found");
    if (c2.totpSecret) throw new AppError("CONFLICT", "Two-factor authentication is already on");
    const secret = new Secret2({ size: 20 }).base32;
    const settings = await getSettings2(d.db, actor.tenantId);
    const otpauthUrl = totpFor(secret, c2.portalUsername ?? c2.email ?? "", settings.portalName).toString();
    await inTransaction(d, (tx) => contactsRepo.updateContact(tx, actor.tenantId, actor.contactId, { totpPendingSecret: secret }));
    return { secret, otpauthUrl, qrDataUrl: await QRCode.toDataURL(otpauthUrl, { margin: 1, width: 220 }) };
  }
  async function enableTwoFactor(actor, code, ip) {
    authorize(actor, "portal.twoFactor.manage", { contactId: actor.contactId });
    const c2 = await contactsRepo.getContactCredentials(d.db, actor.tenantId, actor.contactId);
    if (!c2?.totpPendingSecret) throw new AppError("CONFLICT", "Start the two-factor set-up first");
    const settings = await getSettings2(d.db, actor.tenantId);
    const now2 = d.clock();
    if (totpFor(c2.totpPendingSecret, c2.portalUsername ?? "", settings.portalName).validate({ token: code, window: 1, timestamp: now2.getTime() }) === null) {
      throw invalid("code", "is not the current code from your app; check the time on your phone");
    }
    const recoveryCodes2 = Array.from({ length: 10 }, () => randomBytes2(5).toString("hex"));
    await inTransaction(d, async (tx) => {
      await contactsRepo.updateContact(tx, actor.tenantId, actor.contactId, { totpSecret: c2.totpPendingSecret, totpPendingSecret: null, totpEnabledAt: now2 });
      await contactsRepo.replaceRecoveryCodes(tx, actor.tenantId, actor.contactId, recoveryCodes2.map(hashToken));
      await recordEvent2(tx, actor.tenantId, actor.contactId, "two_factor_enabled", selfActor(actor, ip), now2);
    });
    return { recoveryCodes: recoveryCodes2 };
  }
  async function disableTwoFactor(actor, password, ip) {
    authorize(actor, "portal.twoFactor.manage", { contactId: actor.contactId });
    const settings = await getSettings2(d.db, actor.tenantId);
    if (settings.requireTwoFactor) throw new AppError("CONFLICT", "Your organisation requires two-factor authentication");
    const c2 = await contactsRepo.getContactCredentials(d.db, actor.tenantId, actor.contactId);
    if (!c2 || !await verifyPassword(c2.passwordHash, password)) throw invalid("password", "is not your current password");
    await inTransaction(d, async (tx) => {
      await contactsRepo.updateContact(tx, actor.tenantId, actor.contactId, { totpSecret: null, totpPendingSecret: null, totpEnabledAt: null });
      await contactsRepo.replaceRecoveryCodes(tx, actor.tenantId, actor.contactId, []);
      await recordEvent2(tx, actor.tenantId, actor.contactId, "two_factor_disabled", selfActor(actor, ip), d.clock());
    });
  }
  function colleaguesOf(actor) {
    authorize(actor, "portal.contacts.manage");
    return portalColleagueScope(actor);
  }
  async function listColleagues(actor) {
    const scope = colleaguesOf(actor);
    const { items } = await contactsRepo.listContacts(d.db, actor.tenantId, { accountId: scope.accountId, portalAccess: "any", status: "active", page: 1, pageSize: 100 });
    return { items: items.map(presentColleague) };
  }
  async function addColleague(actor, body) {
    const scope = colleaguesOf(actor);
    const id = await inTransaction(d, async (tx) => {
      const id2 = await contactsRepo.insertContact(tx, actor.tenantId, { ...body, timeZone: null });
      await contactsRepo.setMemberships(tx, actor.tenantId, id2, [scope.accountId]);
      return id2;
    });
    return presentColleague(await contactsRepo.getContact(d.db, actor.tenantId, id));
  }
  async function updateColleague(actor, id, body) {
    const c2 = await contactsRepo.getContact(d.db, actor.tenantId, id);
    authorize(actor, "portal.contacts.manage", c2 ? { tenantId: c2.tenantId, accountIds: c2.accounts.map((a) => a.id), archived: c2.archivedAt !== null } : { accountIds: [] });
    await inTransaction(d, (tx) => contactsRepo.updateContact(tx, actor.tenantId, id, body));
    return presentColleague(await contactsRepo.getContact(d.db, actor.tenantId, id));
  }
  return {
    updateProfile,
    requestEmailChange,
    changePassword,
    switchAccount,
    logoutEverywhere,
    startTwoFactorSetup,
    enableTwoFactor,
    disableTwoFactor,
    listColleagues,
    addColleague,
    updateColleague
  };
}

// src/server/http/routes/portal.routes.ts
var linkSent = { ok: true, message: "If this address belongs to a portal user, we have emailed them a link. It may take a few minutes to arrive." };
var emailChangeSent = {
  ok: true,
  message: "We have emailed the new address. Open the link in that email within 24 hours to confirm the change; until then your current address stays in use."
};
function portalRoutes(app2, { deps: d, services: { portalAuth: auth, profile, sessions: sessions2, settings } }) {
  const me = (req) => presentMe(contactOf(req), req.contactSession);
  const meResponse = { 200: portalMe, ...errorResponses };
  route(app2, {
    method: "GET",
    url: "/api/portal/info",
    policy: publicRoute,
    schema: { operationId: "getPortalInfo", summary: "Portal name, state and password policy for the login page", response: { 200: portalInfo } },
    handler: async (req) => settings.publicPortalInfo(req.actor)
  });
  route(app2, {
    method: "POST",
    url: "/api/portal/auth/login",
    policy: publicRoute,
    schema: { operationId: "portalLogin", body: portalLoginBody, response: { ...meResponse, 429: errorResponse } },
    handler: async (req, reply) => {
      const token = await answerAfter(d.config.AUTH_MIN_RESPONSE_MS, () => auth.login(req.tenantId, req.body, requestMeta(req, d.config, "contact")));
      setSessionCookie(reply, d.config, "contact", token);
      const { actor, info } = await sessions2.contactSession(req.tenantId, token);
      req.actor = actor;
      req.contactSession = info;
      return me(req);
    }
  });
  route(app2, {
    method: "POST",
    url: "/api/portal/auth/logout",
    policy: publicRoute,
    schema: { operationId: "portalLogout", response: { 200: okResponse } },
    handler: async (req, reply) => {
      const token = sessionToken(req, d.config, "contact");
      if (token) await sessions2.endSession(req.tenantId, token);
      clearSessionCookie(reply, d.config, "contact");
      return { ok: true };
    }
  });
  route(app2, {
    method: "POST",
    url: "/api/portal/auth/logout-everywhere",
    policy: contactOnly("portal.session.end"),
    schema: { operationId: "portalLogoutEverywhere", response: { 200: okResponse, ...errorResponses } },
    handler: async (req, reply) => {
      await profile.logoutEverywhere(contactOf(req), req.ip);
      clearSessionCookie(reply, d.config, "contact");
      return { ok: true };
    }
  });
  for (const [path5, operationId] of [["forgot", "forgotPassword"], ["resend-activation", "resendActivationSelf"]]) {
    route(app2, {
      method: "POST",
      url: `/api/portal/auth/${path5}`,
      policy: publicRoute,
      schema: { operationId, body: forgotBody, response: { 202: okResponse, 400: errorResponse, 429: errorResponse } },
      handler: async (req, reply) => {
        await answerAfter(d.config.AUTH_MIN_RESPONSE_MS, () => auth.requestLink(req.tenantId, req.body.email, requestMeta(req, d.config, "contact")));
        return reply.status(202).send(linkSent);
      }
    });
  }
  route(app2, {
    method: "POST",
    url: "/api/portal/auth/token-info",
    policy: publicRoute,
    schema: {
      operationId: "getLinkInfo",
      summary: "Whether a set-password link still works, without using it",
      body: tokenBody,
      response: { 200: tokenInfoResponse, 400: errorResponse, 429: errorResponse }
    },
    handler: async (req) => auth.tokenInfo(req.tenantId, req.body.token, req.ip)
  });
  route(app2, {
    method: "POST",
    url: "/api/portal/auth/set-password",
    policy: publicRoute,
    schema: { operationId: "setPasswordFromLink", body: setPasswordBody, response: { 200: okResponse, 400: errorResponse, 410: errorResponse } },
    handler: async (req) => {
      await auth.setPassword(req.tenantId, req.body.token, req.body.password, req.ip);
      return { ok: true, message: "Your password is set. You can sign in now." };
    }
  });
  route(app2, {
    method: "POST",
    url: "/api/portal/auth/confirm-email",
    policy: publicRoute,
    schema: {
      operationId: "confirmEmailChange",
      summary: "Makes the address a confirmation link was sent to the contact's email (SET-1)",
      body: tokenBody,
      response: { 200: okResponse, 400: errorResponse, 409: errorResponse, 410: errorResponse }
    },
    handler: async (req) => {
      const { email } = await auth.confirmEmailChange(req.tenantId, req.body.token, req.ip);
      return { ok: true, message: `Your email address is now ${email}.` };
    }
  });
  route(app2, {
    method: "POST",
    url: "/api/portal/auth/signup",
    policy: publicRoute,
    schema: { operationId: "portalSignup", body: signupBody, response: { 202: okResponse, ...errorResponses, 429: errorResponse } },
    handler: async (req, reply) => {
      await answerAfter(d.config.AUTH_MIN_RESPONSE_MS, () => auth.signup(req.tenantId, req.body, requestMeta(req, d.config, "contact")));
      return reply.status(202).send({ ok: true, message: "Thank you. We will email you when your access is ready." });
    }
  });
  route(app2, {
    method: "GET",
    url: "/api/portal/me",
    policy: contactOnly("portal.me.read"),
    schema: { operationId: "getPortalMe", response: meResponse },
    handler: async (req) => me(req)
  });
  route(app2, {
    method: "PATCH",
    url: "/api/portal/me",
    policy: contactOnly("portal.me.update"),
    schema: { operationId: "updatePortalProfile", body: updateProfileBody, response: meResponse },
    handler: async (req) => {
      await profile.updateProfile(contactOf(req), req.body);
      const s2 = req.contactSession;
      req.contactSession = { ...s2, ...req.body, timeZone: req.body.timeZone === void 0 ? s2.timeZone : req.body.timeZone };
      return me(req);
    }
  });
  route(app2, {
    method: "POST",
    url: "/api/portal/me/password",
    policy: contactOnly("portal.password.change"),
    schema: { operationId: "changePortalPassword", body: changePasswordBody, response: { 200: okResponse, ...errorResponses } },
    handler: async (req) => {
      await profile.changePassword(contactOf(req), req.contactSession.sessionId, req.body.currentPassword, req.body.newPassword, req.ip);
      return { ok: true, message: "Password changed. Your other sessions were signed out." };
    }
  });
  route(app2, {
    method: "POST",
    url: "/api/portal/me/email",
    policy: contactOnly("portal.me.update"),
    schema: {
      operationId: "requestPortalEmailChange",
      summary: "Emails a confirmation link to a new address; the email changes when it is opened (SET-1)",
      body: changeEmailBody,
      response: { 202: okResponse, ...errorResponses, 429: errorResponse }
    },
    handler: async (req, reply) => {
      await profile.requestEmailChange(contactOf(req), req.body, req.ip);
      return reply.status(202).send(emailChangeSent);
    }
  });
  route(app2, {
    method: "POST",
    url: "/api/portal/me/switch-account",
    policy: contactOnly("portal.account.switch"),
    schema: { operationId: "switchPortalAccount", body: switchAccountBody, response: meResponse },
    handler: async (req) => {
      const actor = contactOf(req);
      await profile.switchAccount(actor, req.contactSession.sessionId, req.body.accountId);
      return presentMe({ ...actor, accountId: req.body.accountId }, req.contactSession);
    }
  });
  route(app2, {
    method: "GET",
    url: "/api/portal/contacts",
    policy: contactOnly("portal.contacts.manage"),
    schema: { operationId: "listPortalColleagues", response: { 200: colleagueListResponse, ...errorResponses } },
    handler: async (req) => profile.listColleagues(contactOf(req))
  });
  route(app2, {
    method: "POST",
    url: "/api/portal/contacts",
    policy: contactOnly("portal.contacts.manage"),
    idempotent: true,
    schema: { operationId: "addPortalColleague", body: createColleagueBody, response: { 200: colleagueDto, ...errorResponses } },
    handler: async (req) => profile.addColleague(contactOf(req), req.body)
  });
  route(app2, {
    method: "PATCH",
    url: "/api/portal/contacts/:id",
    policy: contactOnly("portal.contacts.manage"),
    schema: { operationId: "updatePortalColleague", params: idParams, body: updateColleagueBody, response: { 200: colleagueDto, ...errorResponses } },
    handler: async (req) => profile.updateColleague(contactOf(req), req.params.id, req.body)
  });
  route(app2, {
    method: "POST",
    url: "/api/portal/me/two-factor/setup",
    policy: contactOnly("portal.twoFactor.manage"),
    schema: { operationId: "startTwoFactorSetup", response: { 200: twoFactorSetupResponse, ...errorResponses } },
    handler: async (req) => profile.startTwoFactorSetup(contactOf(req))
  });
  route(app2, {
    method: "POST",
    url: "/api/portal/me/two-factor/enable",
    policy: contactOnly("portal.twoFactor.manage"),
    schema: { operationId: "enableTwoFactor", body: twoFactorEnableBody, response: { 200: recoveryCodesResponse, ...errorResponses } },
    handler: async (req) => profile.enableTwoFactor(contactOf(req), req.body.code, req.ip)
  });
  route(app2, {
    method: "POST",
    url: "/api/portal/me/two-factor/disable",
    policy: contactOnly("portal.twoFactor.manage"),
    schema: { operationId: "disableTwoFactor", body: twoFactorDisableBody, response: { 200: okResponse, ...errorResponses } },
    handler: async (req) => {
      await profile.disableTwoFactor(contactOf(req), req.body.password, req.ip);
      return { ok: true };
    }
  });
}

// src/shared/projects-api.ts
import { z as z12 } from "zod";
var iso4 = z12.string();
var ref5 = z12.object({ id: z12.string(), name: z12.string() }).nullable();
var text15 = (max) => z12.string().trim().min(1, "is required").max(max, `must be at most ${max} characters`);
var longText = (max) => z12.string().trim().max(max, `must be at most ${max} characters`);
var optionalId = uuidSchema.nullish().transform((v) => v ?? null);
var daySchema = z12.string().regex(/^(19|20)\d{2}-\d{2}-\d{2}$/, "is not a date (YYYY-MM-DD)").refine((s2) => {
  const d = /* @__PURE__ */ new Date(`${s2}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s2);
}, "is not a date on the calendar");
var optionalDay = z12.union([z12.literal(""), daySchema]).nullish().transform((v) => v ? v : null);
var projectTaskStatuses2 = ["not_started", "in_progress", "blocked", "done"];
var projectProgressDto = z12.object({
  /** 0–100, rounded; 0 while the project has no tasks. */
  percent: z12.number(),
  tasks: z12.number(),
  byStatus: z12.object({ not_started: z12.number(), in_progress: z12.number(), blocked: z12.number(), done: z12.number() })
});
var effectiveProgress = (t) => t.status === "done" ? 100 : Math.max(0, Math.min(100, t.progress));
function projectProgress(tasks) {
  const byStatus = { not_started: 0, in_progress: 0, blocked: 0, done: 0 };
  let sum = 0;
  for (const t of tasks) {
    byStatus[t.status]++;
    sum += effectiveProgress(t);
  }
  return { percent: tasks.length ? Math.round(sum / tasks.length) : 0, tasks: tasks.length, byStatus };
}
var UPCOMING_DAYS = 14;
var upcomingItemDto = z12.object({
  kind: z12.enum(["task", "phase", "project"]),
  id: z12.string(),
  name: z12.string(),
  dueDate: z12.string(),
  /** Due before today (in the tenant's time zone) and not done. */
  overdue: z12.boolean()
});
var daysBetween = (from, to) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 864e5);
function upcomingOf(today, project, phases, tasks) {
  const items = [];
  const soon = (due) => daysBetween(today, due) <= UPCOMING_DAYS;
  if (project.status === "active") {
    for (const t of tasks) {
      if (t.dueDate && t.status !== "done" && soon(t.dueDate)) items.push({ kind: "task", id: t.id, name: t.title, dueDate: t.dueDate, overdue: t.dueDate < today });
    }
    for (const p of phases) {
      const own = tasks.filter((t) => t.phaseId === p.id);
      const open = own.length === 0 || own.some((t) => t.status !== "done");
      if (p.dueDate && open && soon(p.dueDate)) items.push({ kind: "phase", id: p.id, name: p.name, dueDate: p.dueDate, overdue: p.dueDate < today });
    }
    if (project.dueDate) items.push({ kind: "project", id: project.id, name: project.name, dueDate: project.dueDate, overdue: project.dueDate < today });
  }
  const order = { project: 2, phase: 1, task: 0 };
  return items.sort((a, b) => a.dueDate.localeCompare(b.dueDate) || order[a.kind] - order[b.kind] || a.name.localeCompare(b.name));
}
var projectRow = z12.object({
  id: z12.string(),
  number: z12.string(),
  name: z12.string(),
  status: z12.enum(["active", "closed"]),
  account: z12.object({ id: z12.string(), name: z12.string() }),
  manager: ref5,
  startDate: z12.string().nullable(),
  dueDate: z12.string().nullable(),
  visibleInPortal: z12.boolean(),
  progress: projectProgressDto,
  /** The first few things due (see upcomingOf). */
  upcoming: z12.array(upcomingItemDto),
  overdue: z12.number()
});
var projectListResponse = page(projectRow).extend({ today: z12.string() });
var projectListQuery = z12.object({
  q: z12.string().trim().max(200).optional(),
  status: z12.enum(["active", "closed", "all"]).default("active"),
  accountId: uuidSchema.optional(),
  managerStaffId: uuidSchema.optional(),
  sort: z12.enum(["due_asc", "name_asc", "number_asc"]).default("due_asc"),
  page: z12.coerce.number().int().min(1).max(1e5).default(1),
  pageSize: z12.coerce.number().int().min(1).max(100).default(25)
}).strict();
var projectAccessShape = {
  viewNotes: z12.boolean(),
  addNotes: z12.boolean(),
  viewFiles: z12.boolean(),
  addFiles: z12.boolean(),
  viewOrganisation: z12.boolean(),
  viewClients: z12.boolean(),
  viewTasks: z12.boolean(),
  viewTime: z12.boolean()
};
var projectAccessDto = z12.object(projectAccessShape);
var projectSwitchesDto = z12.object({
  viewNotes: z12.boolean(),
  viewFiles: z12.boolean(),
  viewOrganisation: z12.boolean(),
  viewClients: z12.boolean(),
  viewTasks: z12.boolean(),
  viewTime: z12.boolean()
});
var projectPhaseDto = z12.object({ id: z12.string(), name: z12.string(), sort: z12.number(), dueDate: z12.string().nullable(), progress: projectProgressDto });
var projectTaskDto = z12.object({
  id: z12.string(),
  title: z12.string(),
  status: z12.enum(projectTaskStatuses2),
  /** 0–100; 100 for a done task. */
  progress: z12.number(),
  dueDate: z12.string().nullable(),
  phaseId: z12.string().nullable(),
  assignee: ref5,
  sort: z12.number(),
  overdue: z12.boolean()
});
var projectNoteDto = z12.object({ id: z12.string(), body: z12.string(), author: z12.string(), byStaff: z12.boolean(), createdAt: iso4 });
var projectFileDto = z12.object({ id: z12.string(), filename: z12.string(), contentType: z12.string(), size: z12.number(), uploadedBy: z12.string(), createdAt: iso4 });
var projectContactDto = z12.object({
  contactId: z12.string(),
  name: z12.string(),
  email: z12.string().nullable(),
  portalStatus: z12.string(),
  /** What the association allows, as ticked. */
  flags: projectAccessDto,
  /** What the contact really gets: the flags capped by the tenant's switches. */
  effective: projectAccessDto
});
var staffProjectDto = projectRow.extend({
  description: z12.string(),
  today: z12.string(),
  /** The tenant's switches (Portal settings → Billing and projects), which cap every association. */
  switches: projectSwitchesDto,
  phases: z12.array(projectPhaseDto),
  tasks: z12.array(projectTaskDto),
  staff: z12.array(z12.object({ id: z12.string(), name: z12.string(), email: z12.string() })),
  contacts: z12.array(projectContactDto),
  notes: z12.array(projectNoteDto.extend({ isPublic: z12.boolean() })),
  files: z12.array(projectFileDto.extend({ isPublic: z12.boolean() })),
  can: z12.object({ manage: z12.boolean() })
});
var projectFields = {
  number: text15(50),
  name: text15(200),
  description: longText(1e4),
  startDate: optionalDay,
  dueDate: optionalDay,
  managerStaffId: optionalId,
  visibleInPortal: z12.boolean()
};
var datesInOrder = (b) => !b.startDate || !b.dueDate || b.startDate <= b.dueDate;
var datesMessage = { message: "must be on or after the start date", path: ["dueDate"] };
var createProjectBody = z12.object({ accountId: uuidSchema, ...projectFields, description: projectFields.description.default(""), visibleInPortal: z12.boolean().default(true) }).strict().refine(datesInOrder, datesMessage);
var convertJobBody = z12.object({ description: projectFields.description.default(""), startDate: optionalDay, dueDate: optionalDay }).strict().refine(datesInOrder, datesMessage);
var updateProjectBody = z12.object({ ...projectFields, status: z12.enum(["active", "closed"]) }).partial().strict().refine(datesInOrder, datesMessage);
var sortField = z12.number().int().min(0, "must be 0 or more").max(1e4, "must be at most 10000");
var phaseBody = z12.object({ name: text15(200), dueDate: optionalDay, sort: sortField.default(0) }).strict();
var updatePhaseBody = z12.object({ name: text15(200), dueDate: optionalDay, sort: sortField }).partial().strict();
var progressField = z12.number({ message: "must be a whole number from 0 to 100" }).int("must be a whole number from 0 to 100").min(0, "must be at least 0").max(100, "must be at most 100");
var taskFields = {
  title: text15(300),
  status: z12.enum(projectTaskStatuses2, { message: `must be one of ${projectTaskStatuses2.join(", ")}` }),
  progress: progressField,
  dueDate: optionalDay,
  phaseId: optionalId,
  assignedStaffId: optionalId,
  sort: sortField
};
var taskBody = z12.object({ ...taskFields, status: taskFields.status.default("not_started"), progress: progressField.default(0), sort: sortField.default(0) }).strict();
var updateTaskBody = z12.object(taskFields).partial().strict();
var phaseParams = z12.object({ id: uuidSchema, phaseId: uuidSchema }).strict();
var taskParams = z12.object({ id: uuidSchema, taskId: uuidSchema }).strict();
var projectContactParams = z12.object({ id: uuidSchema, contactId: uuidSchema }).strict();
var setProjectStaffBody = z12.object({ staffIds: z12.array(uuidSchema).max(50, "assign at most 50 staff members") }).strict();
var projectContactBody = z12.object({
  viewNotes: z12.boolean().default(true),
  addNotes: z12.boolean().default(true),
  viewFiles: z12.boolean().default(true),
  addFiles: z12.boolean().default(true),
  viewOrganisation: z12.boolean().default(false),
  viewClients: z12.boolean().default(false),
  viewTasks: z12.boolean().default(true),
  viewTime: z12.boolean().default(false)
}).strict();
var projectNoteBody = z12.object({ body: text15(2e4), isPublic: z12.boolean() }).strict();
var portalProjectNoteBody = z12.object({ body: text15(2e4) }).strict();
var projectUploadQuery = z12.object({ public: z12.enum(["true", "false"]).default("true") }).strict();
var projectFileUploadResponse = projectFileDto;
var portalProjectRow = z12.object({
  id: z12.string(),
  number: z12.string(),
  name: z12.string(),
  status: z12.enum(["active", "closed"]),
  startDate: z12.string().nullable(),
  dueDate: z12.string().nullable(),
  progress: projectProgressDto,
  /** What is due next; tasks and phases only when the contact may see them. */
  upcoming: z12.array(upcomingItemDto)
});
var portalProjectListResponse = z12.object({ items: z12.array(portalProjectRow), today: z12.string() });
var portalProjectDto = portalProjectRow.extend({
  description: z12.string(),
  today: z12.string(),
  access: projectAccessDto,
  organisation: z12.object({ name: z12.string(), number: z12.string().nullable(), timeZone: z12.string().nullable() }).optional(),
  clients: z12.array(z12.object({ name: z12.string() })).optional(),
  phases: z12.array(projectPhaseDto).optional(),
  tasks: z12.array(projectTaskDto.omit({ assignee: true }).extend({ assignee: z12.string().nullable() })).optional(),
  time: z12.object({
    totalHours: z12.string(),
    entries: z12.array(z12.object({ id: z12.string(), date: iso4, staffName: z12.string(), hours: z12.string(), note: z12.string().nullable() }))
  }).optional(),
  notes: z12.array(projectNoteDto).optional(),
  files: z12.array(projectFileDto).optional(),
  can: z12.object({ addNote: z12.boolean(), addFile: z12.boolean() })
});

// src/server/http/routes/projects.routes.ts
var uploadResponses = { 200: projectFileUploadResponse, ...errorResponses, 413: errorResponses[400] };
function projectRoutes(app2, { services: { projects } }) {
  route(app2, {
    method: "GET",
    url: "/api/staff/projects",
    policy: staffOnly("project.read"),
    schema: { operationId: "listProjects", querystring: projectListQuery, response: { 200: projectListResponse, ...errorResponses } },
    handler: async (req) => projects.listProjects(staffOf(req), req.query)
  });
  route(app2, {
    method: "POST",
    url: "/api/staff/projects",
    policy: staffOnly("project.manage"),
    idempotent: true,
    schema: { operationId: "createProject", body: createProjectBody, response: { 200: staffProjectDto, ...errorResponses } },
    handler: async (req) => projects.createProject(staffOf(req), req.body)
  });
  route(app2, {
    method: "POST",
    url: "/api/staff/jobs/:id/project",
    policy: staffOnly("project.manage"),
    schema: { operationId: "convertJobToProject", params: idParams, body: convertJobBody, response: { 200: staffProjectDto, ...errorResponses } },
    handler: async (req) => projects.convertJob(staffOf(req), req.params.id, req.body)
  });
  route(app2, {
    method: "GET",
    url: "/api/staff/projects/:id",
    policy: staffOnly("project.read"),
    schema: { operationId: "getProject", params: idParams, response: { 200: staffProjectDto, ...errorResponses } },
    handler: async (req) => projects.getProject(staffOf(req), req.params.id)
  });
  route(app2, {
    method: "PATCH",
    url: "/api/staff/projects/:id",
    policy: staffOnly("project.manage"),
    schema: { operationId: "updateProject", params: idParams, body: updateProjectBody, response: { 200: staffProjectDto, ...errorResponses } },
    handler: async (req) => projects.updateProject(staffOf(req), req.params.id, req.body)
  });
  route(app2, {
    method: "POST",
    url: "/api/staff/projects/:id/phases",
    policy: staffOnly("project.manage"),
    idempotent: true,
    schema: { operationId: "addProjectPhase", params: idParams, body: phaseBody, response: { 200: staffProjectDto, ...errorResponses } },
    handler: async (req) => projects.addPhase(staffOf(req), req.params.id, req.body)
  });
  route(app2, {
    method: "PATCH",
    url: "/api/staff/projects/:id/phases/:phaseId",
    policy: staffOnly("project.manage"),
    schema: { operationId: "updateProjectPhase", params: phaseParams, body: updatePhaseBody, response: { 200: staffProjectDto, ...errorResponses } },
    handler: async (req) => projects.updatePhase(staffOf(req), req.params.id, req.params.phaseId, req.body)
  });
  route(app2, {
    method: "DELETE",
    url: "/api/staff/projects/:id/phases/:phaseId",
    policy: staffOnly("project.manage"),
    schema: { operationId: "deleteProjectPhase", params: phaseParams, response: { 200: staffProjectDto, ...errorResponses } },
    handler: async (req) => projects.deletePhase(staffOf(req), req.params.id, req.params.phaseId)
  });
  route(app2, {
    method: "POST",
    url: "/api/staff/projects/:id/tasks",
    policy: staffOnly("project.manage"),
    idempotent: true,
    schema: { operationId: "addProjectTask", params: idParams, body: taskBody, response: { 200: staffProjectDto, ...errorResponses } },
    handler: async (req) => projects.addTask(staffOf(req), req.params.id, req.body)
  });
  route(app2, {
    method: "PATCH",
    url: "/api/staff/projects/:id/tasks/:taskId",
    policy: staffOnly("project.manage"),
    schema: { operationId: "updateProjectTask", params: taskParams, body: updateTaskBody, response: { 200: staffProjectDto, ...errorResponses } },
    handler: async (req) => projects.updateTask(staffOf(req), req.params.id, req.params.taskId, req.body)
  });
  route(app2, {
    method: "DELETE",
    url: "/api/staff/projects/:id/tasks/:taskId",
    policy: staffOnly("project.manage"),
    schema: { operationId: "deleteProjectTask", params: taskParams, response: { 200: staffProjectDto, ...errorResponses } },
    handler: async (req) => projects.deleteTask(staffOf(req), req.params.id, req.params.taskId)
  });
  route(app2, {
    method: "PUT",
    url: "/api/staff/projects/:id/staff",
    policy: staffOnly("project.manage"),
    schema: { operationId: "setProjectStaff", params: idParams, body: setProjectStaffBody, response: { 200: staffProjectDto, ...errorResponses } },
    handler: async (req) => projects.setStaff(staffOf(req), req.params.id, req.body)
  });
  route(app2, {
    method: "PUT",
    url: "/api/staff/projects/:id/contacts/:contactId",
    policy: staffOnly("project.manage"),
    schema: { operationId: "setProjectContact", params: projectContactParams, body: projectContactBody, response: { 200: staffProjectDto, ...errorResponses } },
    handler: async (req) => projects.setContact(staffOf(req), req.params.id, req.params.contactId, req.body)
  });
  route(app2, {
    method: "DELETE",
    url: "/api/staff/projects/:id/contacts/:contactId",
    policy: staffOnly("project.manage"),
    schema: { operationId: "removeProjectContact", params: projectContactParams, response: { 200: staffProjectDto, ...errorResponses } },
    handler: async (req) => projects.removeContact(staffOf(req), req.params.id, req.params.contactId)
  });
  route(app2, {
    method: "POST",
    url: "/api/staff/projects/:id/notes",
    policy: staffOnly("project.manage"),
    idempotent: true,
    schema: { operationId: "addProjectNote", params: idParams, body: projectNoteBody, response: { 200: staffProjectDto, ...errorResponses } },
    handler: async (req) => projects.addStaffNote(staffOf(req), req.params.id, req.body)
  });
  route(app2, {
    method: "POST",
    url: "/api/staff/projects/:id/files",
    policy: staffOnly("project.manage"),
    idempotent: true,
    schema: { operationId: "uploadProjectFile", params: idParams, querystring: projectUploadQuery, response: uploadResponses },
    handler: async (req) => projects.uploadAsStaff(staffOf(req), req.params.id, await oneFile(req), req.query.public === "true")
  });
  route(app2, {
    method: "GET",
    url: "/api/staff/project-files/:id",
    policy: staffOnly("project.read"),
    schema: { operationId: "downloadProjectFile", params: idParams, response: downloadResponses },
    handler: async (req, reply) => {
      const { file, stream } = await projects.openFileForStaff(staffOf(req), req.params.id);
      return sendFile(reply, file, stream);
    }
  });
  route(app2, {
    method: "GET",
    url: "/api/portal/projects",
    policy: contactOnly("portal.project.list"),
    schema: { operationId: "listPortalProjects", response: { 200: portalProjectListResponse, ...errorResponses } },
    handler: async (req) => projects.listForPortal(contactOf(req))
  });
  route(app2, {
    method: "GET",
    url: "/api/portal/projects/:id",
    policy: contactOnly("portal.project.read"),
    schema: { operationId: "getPortalProject", params: idParams, response: { 200: portalProjectDto, ...errorResponses } },
    handler: async (req) => projects.getForPortal(contactOf(req), req.params.id)
  });
  route(app2, {
    method: "POST",
    url: "/api/portal/projects/:id/notes",
    policy: contactOnly("portal.project.addNote"),
    idempotent: true,
    schema: { operationId: "addPortalProjectNote", params: idParams, body: portalProjectNoteBody, response: { 200: portalProjectDto, ...errorResponses } },
    handler: async (req) => projects.addPortalNote(contactOf(req), req.params.id, req.body.body)
  });
  route(app2, {
    method: "POST",
    url: "/api/portal/projects/:id/files",
    policy: contactOnly("portal.project.addFile"),
    idempotent: true,
    schema: { operationId: "uploadPortalProjectFile", params: idParams, response: uploadResponses },
    handler: async (req) => projects.uploadAsContact(contactOf(req), req.params.id, await oneFile(req))
  });
  route(app2, {
    method: "GET",
    url: "/api/portal/project-files/:id",
    policy: contactOnly("portal.project.file.read"),
    schema: { operationId: "downloadPortalProjectFile", params: idParams, response: downloadResponses },
    handler: async (req, reply) => {
      const { file, stream } = await projects.openFileForContact(contactOf(req), req.params.id);
      return sendFile(reply, file, stream);
    }
  });
}

// src/server/http/routes/settings.routes.ts
import { z as z13 } from "zod";
function settingsRoutes(app2, { services: { settings, emailLog, gettingStarted } }) {
  route(app2, {
    method: "GET",
    url: "/api/staff/settings/portal",
    policy: staffOnly("settings.read"),
    schema: { operationId: "getPortalSettings", response: { 200: portalSettingsDto, ...errorResponses } },
    handler: async (req) => settings.readPortalSettings(staffOf(req))
  });
  route(app2, {
    method: "PATCH",
    url: "/api/staff/settings/portal",
    policy: staffOnly("settings.update"),
    schema: { operationId: "updatePortalSettings", body: updatePortalSettingsBody, response: { 200: portalSettingsDto, ...errorResponses } },
    handler: async (req) => settings.changePortalSettings(staffOf(req), req.body)
  });
  route(app2, {
    method: "GET",
    url: "/api/staff/emails",
    policy: staffOnly("emailLog.read"),
    schema: { operationId: "listEmails", querystring: emailLogQuery, response: { 200: emailLogResponse, ...errorResponses } },
    handler: async (req) => emailLog.listEmailLog(staffOf(req), req.query)
  });
  route(app2, {
    method: "GET",
    url: "/api/staff/emails/:id",
    policy: staffOnly("emailLog.read"),
    schema: {
      operationId: "getEmail",
      params: z13.object({ id: z13.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER) }).strict(),
      response: { 200: emailDetail, ...errorResponses }
    },
    handler: async (req) => emailLog.readEmail(staffOf(req), req.params.id)
  });
  route(app2, {
    method: "GET",
    url: "/api/staff/getting-started",
    policy: staffOnly("settings.read"),
    schema: { operationId: "getGettingStarted", response: { 200: gettingStartedDto, ...errorResponses } },
    handler: async (req) => gettingStarted.gettingStarted(staffOf(req))
  });
}

// src/server/http/routes/staff.routes.ts
import { z as z14 } from "zod";
var resetLinkSent = {
  ok: true,
  message: "If this address belongs to a staff user, we have emailed them a link to choose a new password. It may take a few minutes to arrive."
};
function staffRoutes(app2, { deps: d, services: { staff } }) {
  route(app2, {
    method: "GET",
    url: "/api/staff/setup",
    policy: publicRoute,
    schema: { operationId: "getSetupStatus", summary: "Does this install still need its first administrator?", response: { 200: setupStatusResponse } },
    handler: async (req) => ({ needed: await staff.setupNeeded(req.tenantId) })
  });
  route(app2, {
    method: "POST",
    url: "/api/staff/setup",
    policy: publicRoute,
    schema: { operationId: "createFirstAdministrator", body: setupBody, response: { 200: staffMe, ...errorResponses, 410: errorResponse } },
    handler: async (req, reply) => {
      const { staffId: staffId2, token } = await staff.createFirstAdmin(req.tenantId, req.body, requestMeta(req, d.config, "staff"));
      setSessionCookie(reply, d.config, "staff", token);
      const actor = staffActorFrom({ staffId: staffId2, name: req.body.name, permissions: ["admin"] }, req.tenantId);
      return staff.staffMe(actor);
    }
  });
  route(app2, {
    method: "POST",
    url: "/api/staff/auth/login",
    policy: publicRoute,
    schema: { operationId: "staffLogin", body: staffLoginBody, response: { 200: staffMe, ...errorResponses, 429: errorResponse } },
    handler: async (req, reply) => {
      const { token, staffId: staffId2 } = await answerAfter(
        d.config.AUTH_MIN_RESPONSE_MS,
        () => staff.staffLogin(req.tenantId, req.body.email, req.body.password, requestMeta(req, d.config, "staff"))
      );
      setSessionCookie(reply, d.config, "staff", token);
      return staff.staffMe(staffActorFrom({ staffId: staffId2, name: "", permissions: [] }, req.tenantId));
    }
  });
  route(app2, {
    method: "POST",
    url: "/api/staff/auth/forgot",
    policy: publicRoute,
    schema: {
      operationId: "staffForgotPassword",
      summary: "Emails a staff member a password reset link; the answer is the same for every address",
      body: forgotBody,
      response: { 202: okResponse, 400: errorResponse, 429: errorResponse }
    },
    handler: async (req, reply) => {
      await answerAfter(d.config.AUTH_MIN_RESPONSE_MS, () => staff.requestStaffReset(req.tenantId, req.body.email, requestMeta(req, d.config, "staff")));
      return reply.status(202).send(resetLinkSent);
    }
  });
  route(app2, {
    method: "POST",
    url: "/api/staff/auth/link-info",
    policy: publicRoute,
    schema: {
      operationId: "getStaffLinkInfo",
      summary: "Whether a staff setup or reset link still works, without using it",
      body: tokenBody,
      response: { 200: staffLinkInfoResponse, 400: errorResponse, 429: errorResponse }
    },
    handler: async (req) => staff.checkStaffLink(req.tenantId, req.body.token, req.ip)
  });
  route(app2, {
    method: "POST",
    url: "/api/staff/auth/reset-password",
    policy: publicRoute,
    schema: {
      operationId: "resetStaffPassword",
      summary: "Sets a staff member's new password by their reset link, once; their sessions end",
      body: setPasswordBody,
      response: { 200: okResponse, 400: errorResponse, 410: errorResponse, 429: errorResponse }
    },
    handler: async (req) => {
      await staff.resetStaffPassword(req.tenantId, req.body.token, req.body.password, req.ip);
      return { ok: true, message: "Your new password is set. Sign in with it." };
    }
  });
  route(app2, {
    method: "POST",
    url: "/api/staff/auth/logout",
    policy: staffOnly("staff.session.end"),
    schema: { operationId: "staffLogout", response: { 200: okResponse, ...errorResponses } },
    handler: async (req, reply) => {
      await staff.endStaffSession(staffOf(req), sessionToken(req, d.config, "staff"));
      clearSessionCookie(reply, d.config, "staff");
      return { ok: true };
    }
  });
  route(app2, {
    method: "GET",
    url: "/api/staff/me",
    policy: staffOnly("staff.me"),
    schema: { operationId: "getStaffMe", response: { 200: staffMe, ...errorResponses } },
    handler: async (req) => staff.staffMe(staffOf(req))
  });
  route(app2, {
    method: "GET",
    url: "/api/staff/options",
    policy: staffOnly("staff.options.read"),
    schema: { operationId: "listStaffOptions", summary: "Staff members a ticket or job form may pick", response: { 200: staffOptions, ...errorResponses } },
    handler: async (req) => staff.listStaffOptions(staffOf(req))
  });
  route(app2, {
    method: "GET",
    url: "/api/staff/users",
    policy: staffOnly("staff.manage"),
    schema: { operationId: "listStaffUsers", response: { 200: staffUserListResponse, ...errorResponses } },
    handler: async (req) => staff.listStaffUsers(staffOf(req))
  });
  route(app2, {
    method: "POST",
    url: "/api/staff/users",
    policy: staffOnly("staff.manage"),
    idempotent: true,
    schema: { operationId: "createStaffUser", body: createStaffUserBody, response: { 200: staffUser, ...errorResponses } },
    handler: async (req) => staff.createStaffUser(staffOf(req), req.body)
  });
  route(app2, {
    method: "PATCH",
    url: "/api/staff/users/:id",
    policy: staffOnly("staff.manage"),
    schema: { operationId: "updateStaffUser", params: idParams, body: updateStaffUserBody, response: { 200: staffUser, ...errorResponses } },
    handler: async (req) => staff.updateStaffUser(staffOf(req), req.params.id, req.body)
  });
  route(app2, {
    method: "GET",
    url: "/api/staff/roles",
    policy: staffOnly("staff.manage"),
    schema: { operationId: "listStaffRoles", response: { 200: z14.object({ items: z14.array(staffRole) }), ...errorResponses } },
    handler: async (req) => staff.listStaffRoles(staffOf(req))
  });
  route(app2, {
    method: "POST",
    url: "/api/staff/roles",
    policy: staffOnly("staff.manage"),
    idempotent: true,
    schema: { operationId: "createStaffRole", body: staffRoleBody, response: { 200: staffRole, ...errorResponses } },
    handler: async (req) => staff.saveStaffRole(staffOf(req), null, req.body)
  });
  route(app2, {
    method: "PATCH",
    url: "/api/staff/roles/:id",
    policy: staffOnly("staff.manage"),
    schema: { operationId: "updateStaffRole", params: idParams, body: staffRoleBody, response: { 200: staffRole, ...errorResponses } },
    handler: async (req) => staff.saveStaffRole(staffOf(req), req.params.id, req.body)
  });
}

// src/server/http/routes/system.routes.ts
import { sql as sql15 } from "drizzle-orm";
function systemRoutes(app2, { deps: d }) {
  route(app2, {
    method: "GET",
    url: "/api/health",
    policy: publicRoute,
    schema: { operationId: "getHealth", summary: "Is the service and its database up?", response: { 200: healthResponse, 503: healthResponse } },
    handler: async (_req, reply) => {
      try {
        await d.db.execute(sql15`select 1`);
        return { ok: true, database: "ok" };
      } catch {
        return reply.status(503).send({ ok: false, database: "unreachable" });
      }
    }
  });
}

// src/shared/tickets-api.ts
import { z as z15 } from "zod";
var portalPermissions = [
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
  "messages"
];
var ticketFormFields = ["site", "ticket_type", "priority", "issue_type", "sub_issue_type", "hardware_asset", "software_asset", "attachments"];
var lookupKinds2 = ["ticket_type", "priority", "status", "issue_type", "sub_issue_type", "site", "hardware_asset", "software_asset"];
var text16 = (max) => z15.string().trim().min(1, "is required").max(max, `must be at most ${max} characters`);
var longText2 = (max) => z15.string().trim().max(max, `must be at most ${max} characters`);
var optionalId2 = uuidSchema.nullish().transform((v) => v ?? null);
var iso5 = z15.string();
var ref6 = z15.object({ id: z15.string(), name: z15.string() }).nullable();
var portalRoleDto = z15.object({
  id: z15.string(),
  name: z15.string(),
  builtIn: z15.boolean(),
  permissions: z15.array(z15.string()),
  defaultTypeId: z15.string().nullable(),
  defaultPriorityId: z15.string().nullable(),
  quickForm: z15.boolean(),
  visibleFields: z15.array(z15.string())
});
var portalRoleListResponse = z15.object({ items: z15.array(portalRoleDto) });
var portalRoleBody = z15.object({
  name: text16(100),
  permissions: z15.array(z15.enum(portalPermissions)).max(20),
  defaultTypeId: optionalId2,
  defaultPriorityId: optionalId2,
  quickForm: z15.boolean(),
  visibleFields: z15.array(z15.enum(ticketFormFields)).max(10)
}).strict();
var membershipBody = z15.object({ clientAdmin: z15.boolean(), sendCopyOfTickets: z15.boolean(), portalRoleId: uuidSchema.nullable() }).partial().strict();
var membershipParams = z15.object({ id: uuidSchema, contactId: uuidSchema }).strict();
var membershipDto = z15.object({
  accountId: z15.string(),
  contactId: z15.string(),
  contactName: z15.string(),
  email: z15.string().nullable(),
  portalStatus: z15.string(),
  clientAdmin: z15.boolean(),
  sendCopyOfTickets: z15.boolean(),
  /** Null: the account's role applies. */
  portalRoleId: z15.string().nullable()
});
var membershipListResponse = z15.object({ items: z15.array(membershipDto) });
var jobDto = z15.object({
  id: z15.string(),
  accountId: z15.string(),
  number: z15.string(),
  name: z15.string(),
  status: z15.enum(["active", "closed"]),
  manager: ref6,
  contact: ref6,
  visibleInPortal: z15.boolean(),
  customersAddTickets: z15.boolean(),
  copyEmailsToManager: z15.boolean(),
  hoursVisible: z15.boolean(),
  isDefault: z15.boolean(),
  /** APR-2: the job's billable work goes to its contact for approval. */
  requiresApproval: z15.boolean(),
  /** Per hour; null: each staff member's own rate. */
  billingRate: z15.string().nullable()
});
var jobListResponse = z15.object({ items: z15.array(jobDto) });
var jobFields = {
  number: text16(50),
  name: text16(200),
  status: z15.enum(["active", "closed"]),
  managerStaffId: optionalId2,
  contactId: optionalId2,
  visibleInPortal: z15.boolean(),
  customersAddTickets: z15.boolean(),
  copyEmailsToManager: z15.boolean(),
  hoursVisible: z15.boolean(),
  requiresApproval: z15.boolean(),
  billingRate: optionalMoney
};
var createJobBody = z15.object({ ...jobFields, status: jobFields.status.default("active"), requiresApproval: z15.boolean().default(false), billingRate: jobFields.billingRate.default(null) }).strict();
var updateJobBody = z15.object(jobFields).partial().strict();
var lookupDto = z15.object({
  id: z15.string(),
  kind: z15.enum(lookupKinds2),
  name: z15.string(),
  parentId: z15.string().nullable(),
  accountId: z15.string().nullable(),
  sort: z15.number(),
  isClosed: z15.boolean(),
  /** Statuses: the ticket waits on the customer; the customer's reply moves it back to staff. */
  awaitsCustomer: z15.boolean(),
  active: z15.boolean()
});
var lookupListResponse = z15.object({ items: z15.array(lookupDto) });
var lookupQuery = z15.object({ kind: z15.enum(lookupKinds2).optional(), accountId: uuidSchema.optional() }).strict();
var createLookupBody = z15.object({ kind: z15.enum(lookupKinds2), name: text16(100), parentId: optionalId2, accountId: optionalId2, sort: z15.number().int().min(0).max(1e4).default(0), isClosed: z15.boolean().default(false), awaitsCustomer: z15.boolean().default(false) }).strict();
var updateLookupBody = z15.object({ name: text16(100), sort: z15.number().int().min(0).max(1e4), isClosed: z15.boolean(), awaitsCustomer: z15.boolean(), active: z15.boolean() }).partial().strict();
var ticketSettingsDto = z15.object({
  showTimeEntries: z15.boolean(),
  submissionNotifyEmails: z15.array(z15.string()),
  addTicketText: z15.string(),
  addTicketTextActive: z15.boolean(),
  timeZone: z15.string()
});
var updateTicketSettingsBody = z15.object({
  showTimeEntries: z15.boolean(),
  submissionNotifyEmails: z15.array(emailSchema).max(20),
  addTicketText: longText2(5e3),
  addTicketTextActive: z15.boolean(),
  timeZone: z15.string().max(64)
}).partial().strict();
var attachmentDto = z15.object({ id: z15.string(), filename: z15.string(), contentType: z15.string(), size: z15.number(), uploadedBy: z15.string(), createdAt: iso5 });
var noteDto = z15.object({ id: z15.string(), body: z15.string(), author: z15.string(), byStaff: z15.boolean(), createdAt: iso5 });
var ticketSort = z15.enum(["updated_desc", "updated_asc", "created_desc", "created_asc", "number_desc", "number_asc", "title_asc"]);
var listPaging = {
  q: z15.string().trim().max(200).optional(),
  statusId: uuidSchema.optional(),
  priorityId: uuidSchema.optional(),
  jobId: uuidSchema.optional(),
  sort: ticketSort.default("updated_desc"),
  page: z15.coerce.number().int().min(1).max(1e5).default(1),
  pageSize: z15.coerce.number().int().min(1).max(100).default(25)
};
var portalTicketListQuery = z15.object({ ...listPaging, open: z15.enum(["open", "closed", "all"]).default("all") }).strict();
var portalTicketRow = z15.object({
  id: z15.string(),
  number: z15.number(),
  title: z15.string(),
  status: ref6,
  priority: ref6,
  job: ref6,
  contact: ref6,
  createdAt: iso5,
  updatedAt: iso5
});
var portalCreateRefusal = z15.object({
  reason: z15.enum(["role", "no_job"]),
  /** The account in view. */
  accountName: z15.string(),
  /** Whom at the service company to ask: the default job's manager, else whoever new portal tickets go to. */
  askName: z15.string().nullable()
});
var portalTicketListResponse = page(portalTicketRow).extend({
  /** The list page's "Raise a ticket" button: the role allows it and a job is open to the contact (as the form's canCreate). */
  can: z15.object({ create: z15.boolean() }),
  /** Set exactly when `can.create` is false. */
  createRefusal: portalCreateRefusal.nullable()
});
var ticketDetailFields = {
  details: z15.string(),
  type: ref6,
  issueType: ref6,
  subIssueType: ref6,
  site: ref6,
  hardwareAsset: ref6,
  softwareAsset: ref6
};
var portalTimeEntryDto = z15.object({
  id: z15.string(),
  staffName: z15.string(),
  date: iso5,
  /** Only when the job has "hours visible". */
  hours: z15.number().nullable(),
  startedAt: iso5.nullable(),
  endedAt: iso5.nullable(),
  /** Only public notes. */
  note: z15.string().nullable()
});
var portalTicketDto = portalTicketRow.extend({
  ...ticketDetailFields,
  notes: z15.array(noteDto),
  attachments: z15.array(attachmentDto),
  timeEntries: z15.array(portalTimeEntryDto).nullable(),
  can: z15.object({ addNote: z15.boolean(), upload: z15.boolean() })
});
var portalTicketFormResponse = z15.object({
  layout: z15.enum(["quick", "full"]),
  visibleFields: z15.array(z15.string()),
  introText: z15.string().nullable(),
  jobs: z15.array(z15.object({ id: z15.string(), name: z15.string(), number: z15.string(), isDefault: z15.boolean() })),
  defaults: z15.object({ jobId: z15.string().nullable(), typeId: z15.string().nullable(), priorityId: z15.string().nullable() }),
  options: z15.record(z15.string(), z15.array(z15.object({ id: z15.string(), name: z15.string(), parentId: z15.string().nullable() }))),
  canCreate: z15.boolean(),
  /** Set exactly when `canCreate` is false. */
  refusal: portalCreateRefusal.nullable()
});
var portalCreateTicketBody = z15.object({
  title: text16(200),
  details: longText2(2e4).default(""),
  jobId: optionalId2,
  siteId: optionalId2,
  typeId: optionalId2,
  priorityId: optionalId2,
  issueTypeId: optionalId2,
  subIssueTypeId: optionalId2,
  hardwareAssetId: optionalId2,
  softwareAssetId: optionalId2
}).strict();
var addNoteBody = z15.object({ body: text16(2e4) }).strict();
var staffTicketListQuery = z15.object({
  ...listPaging,
  accountId: uuidSchema.optional(),
  assignedStaffId: z15.union([uuidSchema, z15.literal("none"), z15.literal("me")]).optional(),
  open: z15.enum(["open", "closed", "all"]).default("open"),
  /** "us": the customer replied since staff last answered; "customer": the status waits on the customer. */
  waitingOn: z15.enum(["us", "customer"]).optional()
}).strict();
var staffTicketRow = portalTicketRow.extend({
  account: ref6,
  assignedStaff: ref6,
  createdVia: z15.enum(["portal", "staff"]),
  /** When the customer replied and staff have not answered since (a public note or a status change); null otherwise. */
  customerRepliedAt: iso5.nullable()
});
var staffTicketListResponse = page(staffTicketRow);
var staffNoteDto = noteDto.extend({ isPublic: z15.boolean() });
var staffTimeEntryDto = z15.object({
  id: z15.string(),
  staff: ref6,
  startedAt: iso5,
  endedAt: iso5,
  hours: z15.number(),
  note: z15.string(),
  notePublic: z15.boolean(),
  billable: z15.boolean(),
  /** Held by an approval version: "awaiting" (a change withdraws it) or "approved" (locked until reopened). */
  approval: z15.object({ requestId: z15.string(), version: z15.number(), status: z15.string() }).nullable(),
  can: z15.object({ edit: z15.boolean() })
});
var staffTicketDto = staffTicketRow.extend({
  ...ticketDetailFields,
  notes: z15.array(staffNoteDto),
  attachments: z15.array(attachmentDto.extend({ isPublic: z15.boolean() })),
  timeEntries: z15.array(staffTimeEntryDto)
});
var staffCreateTicketBody = portalCreateTicketBody.omit({ jobId: true }).extend({ jobId: uuidSchema, contactId: optionalId2, assignedStaffId: optionalId2, statusId: optionalId2 }).strict();
var staffUpdateTicketBody = z15.object({
  title: text16(200),
  details: longText2(2e4),
  statusId: uuidSchema,
  priorityId: optionalId2,
  typeId: optionalId2,
  assignedStaffId: optionalId2,
  jobId: uuidSchema
}).partial().strict();
var staffAddNoteBody = addNoteBody.extend({ isPublic: z15.boolean() }).strict();
var timeEntryBody = z15.object({
  staffId: optionalId2,
  startedAt: z15.string().datetime({ offset: true, message: "is not a date and time" }),
  endedAt: z15.string().datetime({ offset: true, message: "is not a date and time" }),
  note: longText2(5e3).default(""),
  notePublic: z15.boolean().default(false),
  billable: z15.boolean().default(true)
}).strict().refine((v) => new Date(v.endedAt) > new Date(v.startedAt), { message: "must be after the start", path: ["endedAt"] }).refine((v) => new Date(v.endedAt).getTime() - new Date(v.startedAt).getTime() <= 24 * 36e5, { message: "an entry may span at most 24 hours", path: ["endedAt"] });
var updateTimeEntryBody = timeEntryBody;
var timeEntryParams = z15.object({ id: uuidSchema, entryId: uuidSchema }).strict();
var ticketIdParams = z15.object({ id: uuidSchema }).strict();
var attachmentParams = z15.object({ id: uuidSchema }).strict();
var uploadResponse = attachmentDto;

// src/server/http/routes/jobs.routes.ts
function jobRoutes(app2, { services: { accounts: accounts2, jobs: jobs2, lookups: lookups2, portalRoles: roles, settings } }) {
  route(app2, {
    method: "GET",
    url: "/api/staff/accounts/:id/jobs",
    policy: staffOnly("job.read"),
    schema: { operationId: "listAccountJobs", params: idParams, response: { 200: jobListResponse, ...errorResponses } },
    handler: async (req) => jobs2.listAccountJobs(staffOf(req), req.params.id)
  });
  route(app2, {
    method: "POST",
    url: "/api/staff/accounts/:id/jobs",
    policy: staffOnly("job.manage"),
    idempotent: true,
    schema: { operationId: "createJob", params: idParams, body: createJobBody, response: { 200: jobDto, ...errorResponses } },
    handler: async (req) => jobs2.createJob(staffOf(req), req.params.id, req.body)
  });
  route(app2, {
    method: "PATCH",
    url: "/api/staff/jobs/:id",
    policy: staffOnly("job.manage"),
    schema: { operationId: "updateJob", params: idParams, body: updateJobBody, response: { 200: jobDto, ...errorResponses } },
    handler: async (req) => jobs2.updateJob(staffOf(req), req.params.id, req.body)
  });
  route(app2, {
    method: "POST",
    url: "/api/staff/jobs/:id/make-default",
    policy: staffOnly("job.manage"),
    schema: { operationId: "makeDefaultJob", params: idParams, response: { 200: jobDto, ...errorResponses } },
    handler: async (req) => jobs2.setDefaultJob(staffOf(req), req.params.id)
  });
  route(app2, {
    method: "GET",
    url: "/api/staff/accounts/:id/contacts",
    policy: staffOnly("account.read"),
    schema: { operationId: "listAccountContacts", params: idParams, response: { 200: membershipListResponse, ...errorResponses } },
    handler: async (req) => accounts2.listAccountContacts(staffOf(req), req.params.id)
  });
  route(app2, {
    method: "PATCH",
    url: "/api/staff/accounts/:id/contacts/:contactId",
    policy: staffOnly("portalAccess.manage"),
    schema: { operationId: "updateAccountContact", params: membershipParams, body: membershipBody, response: { 200: membershipDto, ...errorResponses } },
    handler: async (req) => accounts2.updateAccountContact(staffOf(req), req.params.id, req.params.contactId, req.body)
  });
  route(app2, {
    method: "GET",
    url: "/api/staff/portal-roles",
    policy: staffOnly("account.read"),
    schema: { operationId: "listPortalRoles", response: { 200: portalRoleListResponse, ...errorResponses } },
    handler: async (req) => roles.listPortalRoles(staffOf(req))
  });
  route(app2, {
    method: "POST",
    url: "/api/staff/portal-roles",
    policy: staffOnly("portalRole.manage"),
    idempotent: true,
    schema: { operationId: "createPortalRole", body: portalRoleBody, response: { 200: portalRoleDto, ...errorResponses } },
    handler: async (req) => roles.savePortalRole(staffOf(req), null, req.body)
  });
  route(app2, {
    method: "PUT",
    url: "/api/staff/portal-roles/:id",
    policy: staffOnly("portalRole.manage"),
    schema: { operationId: "updatePortalRole", params: idParams, body: portalRoleBody, response: { 200: portalRoleDto, ...errorResponses } },
    handler: async (req) => roles.savePortalRole(staffOf(req), req.params.id, req.body)
  });
  route(app2, {
    method: "GET",
    url: "/api/staff/lookups",
    policy: staffOnly("ticket.read"),
    schema: { operationId: "listLookups", querystring: lookupQuery, response: { 200: lookupListResponse, ...errorResponses } },
    handler: async (req) => lookups2.listLookups(staffOf(req), req.query)
  });
  route(app2, {
    method: "POST",
    url: "/api/staff/lookups",
    policy: staffOnly("lookup.manage"),
    idempotent: true,
    schema: { operationId: "createLookup", body: createLookupBody, response: { 200: lookupDto, ...errorResponses } },
    handler: async (req) => lookups2.createLookup(staffOf(req), req.body)
  });
  route(app2, {
    method: "PATCH",
    url: "/api/staff/lookups/:id",
    policy: staffOnly("lookup.manage"),
    schema: { operationId: "updateLookup", params: idParams, body: updateLookupBody, response: { 200: lookupDto, ...errorResponses } },
    handler: async (req) => lookups2.updateLookup(staffOf(req), req.params.id, req.body)
  });
  route(app2, {
    method: "GET",
    url: "/api/staff/settings/tickets",
    policy: staffOnly("settings.read"),
    schema: { operationId: "getTicketSettings", response: { 200: ticketSettingsDto, ...errorResponses } },
    handler: async (req) => settings.readTicketSettings(staffOf(req))
  });
  route(app2, {
    method: "PATCH",
    url: "/api/staff/settings/tickets",
    policy: staffOnly("settings.update"),
    schema: { operationId: "updateTicketSettings", body: updateTicketSettingsBody, response: { 200: ticketSettingsDto, ...errorResponses } },
    handler: async (req) => settings.changeTicketSettings(staffOf(req), req.body)
  });
}

// src/server/http/routes/tickets.routes.ts
import { z as z16 } from "zod";
function ticketRoutes(app2, c2) {
  const { tickets: tickets3, attachments: files } = c2.services;
  route(app2, {
    method: "GET",
    url: "/api/portal/tickets",
    policy: { ...contactOnly("portal.ticket.list"), sessionInRead: true },
    schema: { operationId: "listPortalTickets", querystring: portalTicketListQuery, response: { 200: portalTicketListResponse, ...errorResponses } },
    handler: async (req) => tickets3.listPortalTickets(asContact(c2, req), req.query)
  });
  route(app2, {
    method: "GET",
    url: "/api/portal/tickets/form",
    policy: contactOnly("portal.ticket.list"),
    schema: { operationId: "getPortalTicketForm", response: { 200: portalTicketFormResponse, ...errorResponses } },
    handler: async (req) => tickets3.portalTicketForm(contactOf(req))
  });
  route(app2, {
    method: "POST",
    url: "/api/portal/tickets",
    policy: contactOnly("portal.ticket.create"),
    idempotent: true,
    schema: { operationId: "createPortalTicket", body: portalCreateTicketBody, response: { 200: portalTicketDto, ...errorResponses } },
    handler: async (req) => tickets3.createPortalTicket(contactOf(req), req.body)
  });
  route(app2, {
    method: "GET",
    url: "/api/portal/tickets/:id",
    policy: contactOnly("portal.ticket.read"),
    schema: { operationId: "getPortalTicket", params: ticketIdParams, response: { 200: portalTicketDto, ...errorResponses } },
    handler: async (req) => tickets3.getPortalTicket(contactOf(req), req.params.id)
  });
  route(app2, {
    method: "POST",
    url: "/api/portal/tickets/:id/notes",
    policy: contactOnly("portal.ticket.addNote"),
    idempotent: true,
    schema: { operationId: "addPortalTicketNote", params: ticketIdParams, body: addNoteBody, response: { 200: portalTicketDto, ...errorResponses } },
    handler: async (req) => tickets3.addPortalNote(contactOf(req), req.params.id, req.body.body)
  });
  route(app2, {
    method: "POST",
    url: "/api/portal/tickets/:id/attachments",
    policy: contactOnly("portal.ticket.addNote"),
    idempotent: true,
    schema: { operationId: "uploadPortalAttachment", params: ticketIdParams, response: { 200: uploadResponse, ...errorResponses, 413: errorResponses[400] } },
    handler: async (req) => files.uploadAsContact(contactOf(req), req.params.id, await oneFile(req))
  });
  route(app2, {
    method: "GET",
    url: "/api/portal/attachments/:id",
    policy: contactOnly("portal.attachment.read"),
    schema: { operationId: "downloadPortalAttachment", params: attachmentParams, response: downloadResponses },
    handler: async (req, reply) => {
      const { attachment, stream } = await files.openForContact(contactOf(req), req.params.id);
      return sendFile(reply, attachment, stream);
    }
  });
  route(app2, {
    method: "GET",
    url: "/api/staff/tickets",
    policy: staffOnly("ticket.read"),
    schema: { operationId: "listStaffTickets", querystring: staffTicketListQuery, response: { 200: staffTicketListResponse, ...errorResponses } },
    handler: async (req) => tickets3.listStaffTickets(staffOf(req), req.query)
  });
  route(app2, {
    method: "POST",
    url: "/api/staff/tickets",
    policy: staffOnly("ticket.manage"),
    idempotent: true,
    schema: { operationId: "createStaffTicket", body: staffCreateTicketBody, response: { 200: staffTicketDto, ...errorResponses } },
    handler: async (req) => tickets3.createStaffTicket(staffOf(req), req.body)
  });
  route(app2, {
    method: "GET",
    url: "/api/staff/tickets/:id",
    policy: staffOnly("ticket.read"),
    schema: { operationId: "getStaffTicket", params: ticketIdParams, response: { 200: staffTicketDto, ...errorResponses } },
    handler: async (req) => tickets3.getStaffTicket(staffOf(req), req.params.id)
  });
  route(app2, {
    method: "PATCH",
    url: "/api/staff/tickets/:id",
    policy: staffOnly("ticket.manage"),
    schema: { operationId: "updateStaffTicket", params: ticketIdParams, body: staffUpdateTicketBody, response: { 200: staffTicketDto, ...errorResponses } },
    handler: async (req) => tickets3.updateStaffTicket(staffOf(req), req.params.id, req.body)
  });
  route(app2, {
    method: "POST",
    url: "/api/staff/tickets/:id/notes",
    policy: staffOnly("ticket.manage"),
    idempotent: true,
    schema: { operationId: "addStaffTicketNote", params: ticketIdParams, body: staffAddNoteBody, response: { 200: staffTicketDto, ...errorResponses } },
    handler: async (req) => tickets3.addStaffNote(staffOf(req), req.params.id, req.body)
  });
  route(app2, {
    method: "POST",
    url: "/api/staff/tickets/:id/time-entries",
    policy: staffOnly("ticket.manage"),
    idempotent: true,
    schema: { operationId: "addTimeEntry", params: ticketIdParams, body: timeEntryBody, response: { 200: staffTicketDto, ...errorResponses } },
    handler: async (req) => tickets3.addTimeEntry(staffOf(req), req.params.id, req.body)
  });
  route(app2, {
    method: "PATCH",
    url: "/api/staff/tickets/:id/time-entries/:entryId",
    policy: staffOnly("ticket.manage"),
    schema: { operationId: "updateTimeEntry", params: timeEntryParams, body: updateTimeEntryBody, response: { 200: staffTicketDto, ...errorResponses } },
    handler: async (req) => tickets3.updateTimeEntry(staffOf(req), req.params.id, req.params.entryId, req.body)
  });
  route(app2, {
    method: "DELETE",
    url: "/api/staff/tickets/:id/time-entries/:entryId",
    policy: staffOnly("ticket.manage"),
    schema: { operationId: "deleteTimeEntry", params: timeEntryParams, response: { 200: staffTicketDto, ...errorResponses } },
    handler: async (req) => tickets3.deleteTimeEntry(staffOf(req), req.params.id, req.params.entryId)
  });
  route(app2, {
    method: "POST",
    url: "/api/staff/tickets/:id/attachments",
    policy: staffOnly("ticket.manage"),
    idempotent: true,
    schema: {
      operationId: "uploadStaffAttachment",
      params: ticketIdParams,
      querystring: z16.object({ public: z16.enum(["true", "false"]).default("true") }).strict(),
      response: { 200: uploadResponse, ...errorResponses, 413: errorResponses[400] }
    },
    handler: async (req) => files.uploadAsStaff(staffOf(req), req.params.id, await oneFile(req), req.query.public === "true")
  });
  route(app2, {
    method: "GET",
    url: "/api/staff/attachments/:id",
    policy: staffOnly("ticket.read"),
    schema: { operationId: "downloadStaffAttachment", params: attachmentParams, response: downloadResponses },
    handler: async (req, reply) => {
      const { attachment, stream } = await files.openForStaff(staffOf(req), req.params.id);
      return sendFile(reply, attachment, stream);
    }
  });
}

// src/shared/uploads.ts
var MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
var allowedExtensions = ["pdf", "png", "jpg", "jpeg", "gif", "txt", "log", "csv", "docx", "xlsx", "pptx", "zip"];
function extensionOf(filename) {
  const m = /\.([A-Za-z0-9]{1,8})$/.exec(filename);
  return m ? m[1].toLowerCase() : "";
}

// src/server/modules/attachments/file-types.ts
var startsWith = (sig) => (b) => sig.every((v, i) => b[i] === v);
var isText = (b) => !b.includes(0) && Buffer.from(b.toString("utf8"), "utf8").length === b.length;
var zip = startsWith([80, 75, 3, 4]);
var types = {
  pdf: { mime: "application/pdf", check: startsWith([37, 80, 68, 70]) },
  png: { mime: "image/png", check: startsWith([137, 80, 78, 71, 13, 10, 26, 10]) },
  jpg: { mime: "image/jpeg", check: startsWith([255, 216, 255]) },
  jpeg: { mime: "image/jpeg", check: startsWith([255, 216, 255]) },
  gif: { mime: "image/gif", check: (b) => b.subarray(0, 6).toString("latin1") === "GIF87a" || b.subarray(0, 6).toString("latin1") === "GIF89a" },
  txt: { mime: "text/plain", check: isText },
  log: { mime: "text/plain", check: isText },
  csv: { mime: "text/csv", check: isText },
  docx: { mime: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", check: zip },
  xlsx: { mime: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", check: zip },
  pptx: { mime: "application/vnd.openxmlformats-officedocument.presentationml.presentation", check: zip },
  zip: { mime: "application/zip", check: zip }
};
function checkFileType(filename, head) {
  const t = types[extensionOf(filename)];
  return t && head.length > 0 && t.check(head) ? t.mime : null;
}
function cleanFilename(name) {
  const base = name.split(/[\\/]/).pop() ?? "file";
  return base.replace(/[\x00-\x1f\x7f"]/g, "").slice(-150) || "file";
}

// src/server/app.ts
var webRoot = path3.resolve(path3.dirname(fileURLToPath2(import.meta.url)), "../../dist/web");
async function buildApp(c2, opts = {}) {
  const app2 = Fastify({
    ...opts.logger ? { loggerInstance: opts.logger } : { logger: false },
    bodyLimit: 1024 * 1024,
    trustProxy: false,
    genReqId: () => crypto.randomUUID(),
    routerOptions: { maxParamLength: 200 },
    // Stopping drains connections first (see lifecycle); close() then only reaps idle ones.
    forceCloseConnections: false
  });
  app2.setValidatorCompiler(validatorCompiler);
  app2.setSerializerCompiler(serializerCompiler);
  const known = /* @__PURE__ */ new Set([...actions, "public"]);
  app2.addHook("onRoute", (r) => {
    if (!r.url.startsWith("/api/") || r.url.startsWith("/api/docs")) return;
    const policy = r.config?.policy;
    if (!policy || !known.has(policy.action)) throw new Error(`route ${r.method} ${r.url} declares no policy`);
  });
  const lifecycle = opts.lifecycle;
  if (lifecycle) {
    app2.addHook("onRequest", async (_req, reply) => {
      if (!lifecycle.draining) return;
      return reply.status(503).header("Connection", "close").header("Retry-After", "5").send({ code: "UNAVAILABLE", message: "The server is restarting. Please try again in a few seconds." });
    });
    app2.addHook("onSend", async (_req, reply, payload) => {
      if (lifecycle.draining) reply.header("Connection", "close");
      return payload;
    });
  }
  app2.addHook("onSend", async (req, reply, payload) => {
    const policy = req.routeOptions.config?.policy;
    if (!policy || policy.action === "public" || reply.statusCode >= 400 || req.idempotentReplay || wasGranted(req.actor, policy.action)) return payload;
    req.log.error({ route: req.routeOptions.url, action: policy.action }, "route answered without its declared action being granted");
    reply.code(500).removeHeader("content-disposition").removeHeader("content-length").type("application/json; charset=utf-8");
    return JSON.stringify({ code: "INTERNAL", message: "Something went wrong on our side", requestId: req.id });
  });
  securityHeaders(app2, { hsts: c2.deps.config.secureCookies });
  errorHandler(app2);
  await app2.register(cookie);
  await app2.register(multipart, { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 5, parts: 6 } });
  resolveTenant(app2, c2);
  csrf(app2);
  authenticate(app2, c2);
  refuseNulBytes(app2);
  idempotency(app2, c2);
  await app2.register(swagger, {
    openapi: {
      info: { title: "Portico API", version: "1" },
      components: { securitySchemes: { staffSession: { type: "apiKey", in: "cookie", name: "portico_staff" }, portalSession: { type: "apiKey", in: "cookie", name: "portico_portal" } } }
    },
    transform: (input) => spellHeaderForDocument(jsonSchemaTransform(input))
  });
  await app2.register(swaggerUi, { routePrefix: "/api/docs", staticCSP: false });
  app2.get("/api/openapi.json", { config: { policy: { principal: "public", action: "public" } }, schema: { hide: true } }, async () => app2.swagger());
  systemRoutes(app2, c2);
  staffRoutes(app2, c2);
  accountRoutes(app2, c2);
  contactRoutes(app2, c2);
  settingsRoutes(app2, c2);
  portalRoutes(app2, c2);
  jobRoutes(app2, c2);
  ticketRoutes(app2, c2);
  approvalRoutes(app2, c2);
  contractRoutes(app2, c2);
  projectRoutes(app2, c2);
  invoiceRoutes(app2, c2);
  const root = opts.webRoot ?? webRoot;
  const serveWeb = (opts.serveWeb ?? true) && existsSync(path3.join(root, "index.html"));
  if (serveWeb) {
    await app2.register(fastifyStatic, {
      root,
      wildcard: true,
      index: false,
      cacheControl: false,
      setHeaders: (res, file) => {
        if (/[\\/]assets[\\/]/.test(file)) res.header("Cache-Control", "public, max-age=31536000, immutable");
      }
    });
  }
  app2.get("/", { schema: { hide: true } }, async (_req, reply) => reply.redirect("/portal/"));
  app2.setNotFoundHandler(async (req, reply) => {
    const spa = /^\/(admin|portal)(\/|$)/.test(req.url) && req.method === "GET";
    if (spa && serveWeb) return isPortalPage(req) ? sendPortalPage(c2.services.settings, root, req, reply) : reply.sendFile("index.html", { cacheControl: false });
    return reply.status(404).send({ code: "NOT_FOUND", message: "Not found" });
  });
  return app2;
}

// src/server/config.ts
import { z as z17 } from "zod";
var optionalUrl = (protocols) => z17.string().trim().optional().transform((v) => v ? v : void 0).refine((v) => v === void 0 || protocols.some((p) => v.startsWith(p)), {
  message: `must start with ${protocols.join(" or ")}`
}).refine((v) => v === void 0 || URL.canParse(v), { message: "is not a valid URL" });
var configSchema = z17.object({
  PORT: z17.coerce.number().int().min(0).max(65535).default(3e3),
  HOST: z17.string().default("0.0.0.0"),
  PUBLIC_URL: optionalUrl(["http://", "https://"]),
  DATA_DIR: z17.string().min(1).default("./data"),
  DATABASE_URL: optionalUrl(["postgres://", "postgresql://"]),
  SMTP_URL: optionalUrl(["smtp://", "smtps://"]),
  MAIL_FROM: z17.string().email().default("portal@portico.localhost"),
  ADMIN_EMAIL: z17.string().email().optional(),
  ADMIN_PASSWORD: z17.string().min(12).max(128).optional(),
  /** Serve (and build when needed) the web app; false runs an API-only instance. */
  SERVE_WEB: z17.enum(["true", "false"]).default("true").transform((v) => v === "true"),
  /** Sign-in, forgot-password, resend and sign-up answer no sooner than this, whatever the account's state. */
  AUTH_MIN_RESPONSE_MS: z17.coerce.number().int().min(0).max(5e3).default(250),
  /** How long start-up waits for an unreachable PostgreSQL server before giving up. */
  DATABASE_WAIT_SECONDS: z17.coerce.number().int().min(0).max(3600).default(30),
  LOG_LEVEL: z17.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info")
}).refine((c2) => !c2.ADMIN_EMAIL === !c2.ADMIN_PASSWORD, {
  message: "ADMIN_EMAIL and ADMIN_PASSWORD must be set together",
  path: ["ADMIN_PASSWORD"]
});
var ConfigError = class extends Error {
};
function loadConfig(env = process.env) {
  const emptyToUndefined = Object.fromEntries(
    Object.entries(env).map(([k, v]) => [k, v === "" ? void 0 : v])
  );
  const parsed = configSchema.safeParse(emptyToUndefined);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".") || "config"}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:
${lines.join("\n")}`);
  }
  const c2 = parsed.data;
  const publicUrl = (c2.PUBLIC_URL ?? `http://localhost:${c2.PORT}`).replace(/\/+$/, "");
  return { ...c2, publicUrl, secureCookies: publicUrl.startsWith("https://") };
}

// src/server/worker/outbox-worker.ts
import { randomBytes as randomBytes3 } from "node:crypto";
import { hostname } from "node:os";

// src/server/modules/rate-limit/rate-limit.repo.ts
var rate_limit_repo_exports = {};
__export(rate_limit_repo_exports, {
  deleteOldWindows: () => deleteOldWindows,
  hit: () => hit
});
import { lt as lt2, sql as sql16 } from "drizzle-orm";
async function hit(db, tenantId, bucket, key, now2, windowMs) {
  const windowStart = new Date(Math.floor(now2.getTime() / windowMs) * windowMs);
  const rows = await db.insert(rateLimits).values({ tenantId: assertTenant(tenantId), bucket, key, windowStart, count: 1 }).onConflictDoUpdate({
    target: [rateLimits.tenantId, rateLimits.bucket, rateLimits.key, rateLimits.windowStart],
    set: { count: sql16`${rateLimits.count} + 1` }
  }).returning({ count: rateLimits.count });
  return rows[0].count;
}
async function deleteOldWindows(db, before) {
  await db.delete(rateLimits).where(lt2(rateLimits.windowStart, before));
}

// src/server/modules/sessions/sessions.repo.ts
var sessions_repo_exports = {};
__export(sessions_repo_exports, {
  contactSessionCheck: () => contactSessionCheck,
  deleteAccountSessions: () => deleteAccountSessions,
  deleteContactSessions: () => deleteContactSessions,
  deleteExpiredSessions: () => deleteExpiredSessions,
  deleteSession: () => deleteSession,
  deleteStaffSessions: () => deleteStaffSessions,
  findContactSession: () => findContactSession,
  findStaffSession: () => findStaffSession,
  insertSession: () => insertSession,
  sessionCheckValues: () => sessionCheckValues,
  setCurrentAccount: () => setCurrentAccount,
  staffSessionCheck: () => staffSessionCheck,
  touchSession: () => touchSession
});
import { and as and4, eq as eq4, inArray, lt as lt3, or as or2, sql as sql17 } from "drizzle-orm";
async function insertSession(db, v) {
  await db.insert(sessions).values({ ...v, tenantId: assertTenant(v.tenantId) });
}
var live = (kind) => [
  eq4(sessions.tenantId, sql17.placeholder("tenantId")),
  eq4(sessions.id, sql17.placeholder("sessionId")),
  eq4(sessions.kind, kind),
  sql17`${sessions.expiresAt} > ${sql17.placeholder("sessionNow")}`,
  sql17`${sessions.lastSeenAt} > ${sql17.placeholder("sessionIdleSince")}`
];
var sessionCheckValues = (id, now2, idleSince) => ({ sessionId: id, sessionNow: now2.toISOString(), sessionIdleSince: idleSince.toISOString() });
var liveValues = (tenantId, id, now2, idleSince) => ({ tenantId: assertTenant(tenantId), ...sessionCheckValues(id, now2, idleSince) });
var contactFingerprint = sql17`concat_ws(',', ${sessions.currentAccountId}, "contacts"."xmin", "portal_settings"."xmin", (
    select string_agg(concat(ac.xmin, '.', a.xmin, '.', r.xmin), ',' order by a.id)
    from account_contacts ac join accounts a on a.id = ac.account_id left join portal_roles r on r.id = coalesce(ac.portal_role_id, a.portal_role_id)
    where ac.contact_id = "contacts"."id" and a.portal_enabled and a.archived_at is null))`;
var staffFingerprint = sql17`concat_ws(',', "staff_users"."xmin", "staff_roles"."xmin")`;
var contactFields = {
  id: sessions.id,
  lastSeenAt: sessions.lastSeenAt,
  currentAccountId: sessions.currentAccountId,
  contactId: contacts.id,
  firstName: contacts.firstName,
  lastName: contacts.lastName,
  email: contacts.email,
  username: contacts.portalUsername,
  timeZone: contacts.timeZone,
  totpEnabledAt: contacts.totpEnabledAt,
  portalActive: portalSettings.active,
  portalName: portalSettings.portalName,
  requireTwoFactor: portalSettings.requireTwoFactor,
  tenantTimeZone: portalSettings.timeZone,
  approvalEnabled: portalSettings.approvalEnabled,
  accounts: sql17`(
    select coalesce(json_agg(json_build_object('id', a.id, 'name', a.name, 'timeZone', a.time_zone,
      'clientAdmin', ac.client_admin, 'roleId', r.id, 'permissions', coalesce(r.permissions, '{}'::text[])) order by lower(a.name), a.id), '[]'::json)
    from account_contacts ac join accounts a on a.id = ac.account_id left join portal_roles r on r.id = coalesce(ac.portal_role_id, a.portal_role_id)
    where ac.contact_id = "contacts"."id" and a.portal_enabled and a.archived_at is null)`
};
var liveContactSession = (q) => q.innerJoin(contacts, eq4(contacts.id, sessions.contactId)).innerJoin(portalSettings, eq4(portalSettings.tenantId, sessions.tenantId)).where(and4(...live("contact"), eq4(contacts.portalStatus, "active"), sql17`${contacts.archivedAt} is null`));
async function findContactSession(db, tenantId, id, now2, idleSince) {
  const query = prepared(db, "contact session", () => liveContactSession(db.select({ ...contactFields, fingerprint: contactFingerprint }).from(sessions).$dynamic()));
  const rows = await query.execute(liveValues(tenantId, id, now2, idleSince));
  return rows[0];
}
var contactSessionCheck = (db) => sql17`(${liveContactSession(db.select({ f: contactFingerprint }).from(sessions).$dynamic())})`;
var staffFields = {
  id: sessions.id,
  lastSeenAt: sessions.lastSeenAt,
  staffId: staffUsers.id,
  name: staffUsers.name,
  permissions: staffRoles.permissions
};
var liveStaffSession = (q) => q.innerJoin(staffUsers, eq4(staffUsers.id, sessions.staffUserId)).innerJoin(staffRoles, eq4(staffRoles.id, staffUsers.roleId)).where(and4(...live("staff"), sql17`${staffUsers.disabledAt} is null`));
async function findStaffSession(db, tenantId, id, now2, idleSince) {
  const query = prepared(db, "staff session", () => liveStaffSession(db.select({ ...staffFields, fingerprint: staffFingerprint }).from(sessions).$dynamic()));
  const rows = await query.execute(liveValues(tenantId, id, now2, idleSince));
  return rows[0];
}
var staffSessionCheck = (db) => sql17`(${liveStaffSession(db.select({ f: staffFingerprint }).from(sessions).$dynamic())})`;
async function touchSession(db, tenantId, id, now2) {
  await db.update(sessions).set({ lastSeenAt: now2 }).where(and4(inTenant(sessions.tenantId, tenantId), eq4(sessions.id, id)));
}
async function setCurrentAccount(db, tenantId, id, accountId) {
  await db.update(sessions).set({ currentAccountId: accountId }).where(and4(inTenant(sessions.tenantId, tenantId), eq4(sessions.id, id)));
}
async function deleteSession(db, tenantId, id) {
  await db.delete(sessions).where(and4(inTenant(sessions.tenantId, tenantId), eq4(sessions.id, id)));
}
async function deleteContactSessions(db, tenantId, contactIds, exceptId) {
  if (contactIds.length === 0) return;
  await db.delete(sessions).where(
    and4(
      inTenant(sessions.tenantId, tenantId),
      inArray(sessions.contactId, contactIds),
      exceptId ? sql17`${sessions.id} <> ${exceptId}` : void 0
    )
  );
}
async function deleteAccountSessions(db, tenantId, accountId) {
  await db.delete(sessions).where(
    and4(
      inTenant(sessions.tenantId, tenantId),
      sql17`${sessions.contactId} in (select ${accountContacts.contactId} from ${accountContacts} where ${accountContacts.accountId} = ${accountId})`
    )
  );
}
async function deleteStaffSessions(db, tenantId, staffId2) {
  await db.delete(sessions).where(and4(inTenant(sessions.tenantId, tenantId), eq4(sessions.staffUserId, staffId2)));
}
async function deleteExpiredSessions(db, now2, idleSince) {
  await db.delete(sessions).where(or2(lt3(sessions.expiresAt, now2), lt3(sessions.lastSeenAt, idleSince)));
}

// src/server/worker/tasks.ts
var emailTask = (name) => ({
  id: `email.${name}`,
  version: 1,
  payload: mailTemplates[name].params,
  render: (p) => mailTemplates[name].render(p)
});
var taskRegistry = new Map(Object.keys(mailTemplates).map(emailTask).map((t) => [`${t.id}@${t.version}`, t]));
function emailContent(r) {
  if (r.subject !== null) return { subject: r.subject, text: r.textBody ?? "", html: r.htmlBody ?? "" };
  const def = taskRegistry.get(`${r.task}@${r.version}`);
  const parsed = def?.payload.safeParse(r.payload);
  return def && parsed?.success ? def.render(parsed.data) : null;
}
function emailAttachments(payload) {
  const parsed = emailAttachmentsSchema.safeParse(payload?.attachments ?? []);
  return parsed.success ? parsed.data.map((a) => ({ filename: a.filename, contentType: a.contentType, content: Buffer.from(a.contentBase64, "base64") })) : [];
}

// src/server/worker/outbox-worker.ts
var MAX_ATTEMPTS = 8;
var LEASE_MS = 45e3;
var backoffMs = (attempts) => Math.min(3e4 * 2 ** (attempts - 1), HOUR);
function isPermanentFailure(err) {
  const e = err;
  return typeof e?.responseCode === "number" && e.responseCode >= 500 && e.responseCode < 600 || e?.code === "EENVELOPE";
}
var describeError = (err) => {
  const e = err;
  return String(e?.response ?? e?.message ?? err).slice(0, 1e3);
};
function createOutboxWorker(d) {
  const owner = `${hostname()}:${process.pid}:${randomBytes3(4).toString("hex")}`;
  const leaseMs = d.leaseMs ?? LEASE_MS;
  const concurrency = d.concurrency ?? 4;
  let stopping = false;
  async function runTask(row) {
    const rendered = emailContent(row);
    if (!rendered) {
      await finishTask(d.db, row.id, owner, { status: "failed", lastError: `Unknown task ${row.task} v${row.version} or invalid payload` });
      return;
    }
    if (!d.transport) {
      await finishTask(d.db, row.id, owner, { status: "not_sent", lastError: "No SMTP server configured (set SMTP_URL)", rendered });
      return;
    }
    try {
      await d.transport.send({
        from: d.mailFrom,
        to: row.recipient ?? "",
        // A template may name where answers go (APR-1: the approval reply-to address).
        replyTo: row.payload?.replyTo ?? void 0,
        subject: rendered.subject,
        text: rendered.text,
        html: rendered.html,
        messageId: `<outbox-${row.id}-${row.tenantId}@portico>`,
        // INV-1: files travel in the payload (the invoice PDF as it was issued), never in the stored rendering.
        attachments: emailAttachments(row.payload)
      });
      await finishTask(d.db, row.id, owner, { status: "sent", lastError: null, sentAt: d.clock(), rendered });
    } catch (err) {
      const permanent = isPermanentFailure(err);
      const giveUp = permanent || row.attempts >= MAX_ATTEMPTS;
      d.log?.warn({ outboxId: row.id, attempts: row.attempts, permanent, err: describeError(err) }, "email delivery failed");
      await finishTask(d.db, row.id, owner, {
        status: giveUp ? "failed" : "pending",
        lastError: describeError(err),
        nextAttemptAt: new Date(d.clock().getTime() + backoffMs(row.attempts)),
        rendered
      });
    }
  }
  const inFlight = /* @__PURE__ */ new Set();
  let sending = 0;
  function claim(batch) {
    return stopping ? Promise.resolve([]) : claimDueTasks(d.db, d.clock(), leaseMs, batch, owner);
  }
  let heartbeat;
  function send(rows) {
    if (!heartbeat) {
      heartbeat = setInterval(() => {
        renewLeases(d.db, owner, new Date(d.clock().getTime() + leaseMs)).catch((err) => d.log?.warn({ err }, "renewing outbox leases failed"));
      }, Math.max(leaseMs / 3, 50));
      heartbeat.unref();
    }
    const queue = [...rows];
    const lane = async () => {
      for (let row = queue.shift(); row && !stopping; row = queue.shift()) {
        await runTask(row).catch((err) => d.log?.error({ err, outboxId: row?.id }, "outbox task failed"));
      }
    };
    const run2 = Promise.all(Array.from({ length: Math.min(concurrency, rows.length) }, lane)).then(() => void 0);
    inFlight.add(run2);
    return run2.finally(() => {
      inFlight.delete(run2);
      if (inFlight.size === 0) {
        clearInterval(heartbeat);
        heartbeat = void 0;
      }
    });
  }
  async function runOnce(batch = 20) {
    const rows = await claim(batch);
    if (rows.length > 0) await send(rows);
    return rows.length;
  }
  async function sweep() {
    const now2 = d.clock();
    await deleteExpiredSessions(d.db, now2, new Date(now2.getTime() - SESSION_IDLE_MS));
    await deleteOldWindows(d.db, new Date(now2.getTime() - 2 * HOUR));
    await deleteExpiredKeys(d.db, new Date(now2.getTime() - IDEMPOTENCY_TTL_MS));
    for (const s2 of d.sweeps ?? []) await s2.run().catch((err) => d.log?.error({ err, sweep: s2.name }, "sweep failed"));
  }
  let timer;
  let current;
  let ticks = 0;
  let again = false;
  function tick() {
    if (stopping) return current;
    if (current) {
      again = true;
      return current;
    }
    const run2 = (async () => {
      try {
        do {
          again = false;
          while (!stopping && sending < concurrency) {
            const rows = await claim(concurrency - sending);
            if (rows.length === 0) break;
            sending += rows.length;
            void send(rows).finally(() => {
              sending -= rows.length;
              if (!stopping) void tick();
            });
          }
          if (ticks++ % 300 === 0) await sweep();
        } while (again && !stopping);
      } catch (err) {
        d.log?.error({ err }, "outbox worker tick failed");
      }
    })();
    current = run2.finally(() => {
      current = void 0;
    });
    return current;
  }
  return {
    owner,
    runOnce,
    sweep,
    /** Wakes a started worker now (after a commit that queued something) instead of at the next poll. */
    nudge: () => {
      if (timer && !stopping) void tick();
    },
    start(intervalMs = 1e3) {
      stopping = false;
      timer = setInterval(tick, intervalMs);
      timer.unref();
      if (!d.reclaimOnStart) return void tick();
      current = releaseLeases(d.db, null, d.clock()).then((n) => {
        if (n > 0) d.log?.info({ released: n }, "outbox rows left claimed by an earlier run are due again");
      }).catch((err) => d.log?.error({ err }, "handing back earlier leases failed")).finally(() => {
        current = void 0;
        if (!stopping) void tick();
      });
    },
    /**
     * Stops claiming, lets the sends in flight finish for up to `graceMs`, then hands back every row
     * it still holds so another worker (or the next start) sends them at once.
     */
    async stop(graceMs = 5e3) {
      stopping = true;
      if (timer) clearInterval(timer);
      timer = void 0;
      const busy = [...inFlight, ...current ? [current] : []];
      if (busy.length) await Promise.race([Promise.allSettled(busy), new Promise((r) => setTimeout(r, graceMs).unref())]);
      const released = await releaseLeases(d.db, owner, d.clock()).catch((err) => {
        d.log?.error({ err }, "handing back outbox leases failed");
        return 0;
      });
      if (released > 0) d.log?.info({ released }, "outbox rows handed back");
    }
  };
}

// src/server/mail/transport.ts
import nodemailer from "nodemailer";
var SMTP_TIMEOUT_MS = 3e4;
function createSmtpTransport(smtpUrl, timeoutMs = SMTP_TIMEOUT_MS) {
  if (!smtpUrl) return null;
  const transporter = nodemailer.createTransport({
    url: smtpUrl,
    connectionTimeout: Math.min(timeoutMs, 1e4),
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    dnsTimeout: Math.min(timeoutMs, 1e4)
  });
  return {
    async send(m) {
      await transporter.sendMail(m);
    },
    close: () => transporter.close()
  };
}

// src/server/modules/accounts/accounts.presenter.ts
function presentAccount(actor, a) {
  const r = { tenantId: a.tenantId, archived: a.archivedAt !== null };
  return {
    id: a.id,
    name: a.name,
    number: a.number,
    emailDomains: a.emailDomains,
    timeZone: a.timeZone,
    portalEnabled: a.portalEnabled,
    portalRole: a.portalRoleId ? { id: a.portalRoleId, name: a.portalRoleName ?? "" } : null,
    manager: a.managerStaffId ? { id: a.managerStaffId, name: a.managerName ?? "" } : null,
    archived: a.archivedAt !== null,
    contactCount: a.contactCount,
    createdAt: a.createdAt.toISOString(),
    can: {
      edit: can(actor, "account.update", r),
      archive: can(actor, "account.archive", r),
      restore: can(actor, "account.restore", r)
    }
  };
}

// src/server/modules/accounts/accounts.service.ts
var presentMembership = (accountId, m) => ({
  accountId,
  contactId: m.contactId,
  contactName: `${m.firstName} ${m.lastName}`,
  email: m.email,
  portalStatus: m.portalStatus,
  clientAdmin: m.clientAdmin,
  sendCopyOfTickets: m.sendCopyOfTickets,
  portalRoleId: m.portalRoleId
});
function createAccountsService(d, { accounts: repo, portalRoles: { findPortalRoleByName: findPortalRoleByName2, getPortalRole: getPortalRole2 }, sessions: { deleteAccountSessions: deleteAccountSessions2 }, staff: { getStaff: getStaff2 } }) {
  async function listAccounts2(actor, q) {
    authorize(actor, "account.read");
    const { items, total, totalCapped } = await repo.listAccounts(d.db, actor.tenantId, q);
    return { items: items.map((a) => presentAccount(actor, a)), total, totalCapped, page: q.page, pageSize: q.pageSize };
  }
  async function loadAccount(actor, id) {
    const a = await repo.getAccount(d.db, actor.tenantId, id);
    if (!a) throw notFound("Account not found");
    return a;
  }
  async function getAccount2(actor, id) {
    authorize(actor, "account.read");
    return presentAccount(actor, await loadAccount(actor, id));
  }
  async function assertNumberFree(tenantId, number, exceptId) {
    if (!number) return;
    const other = await repo.findAccountByNumber(d.db, tenantId, number);
    if (other && other.id !== exceptId) throw conflict("Another account already has this number", "number");
  }
  async function portalRoleFor(tenantId, id) {
    if (id) {
      if (!await getPortalRole2(d.db, tenantId, id)) throw invalid("portalRoleId", "is not a portal role");
      return id;
    }
    return (await findPortalRoleByName2(d.db, tenantId, "External User"))?.id ?? null;
  }
  async function checkManager(tenantId, id, current = null) {
    if (!id || id === current) return;
    const s2 = await getStaff2(d.db, tenantId, id);
    if (!s2) throw invalid("managerStaffId", "is not a staff member");
    if (s2.disabledAt) throw invalid("managerStaffId", "is disabled; choose an active staff member");
  }
  async function createAccount(actor, body) {
    authorize(actor, "account.create");
    await assertNumberFree(actor.tenantId, body.number);
    const portalRoleId = await portalRoleFor(actor.tenantId, body.portalRoleId);
    await checkManager(actor.tenantId, body.managerStaffId);
    const id = await inTransaction(d, (tx) => repo.insertAccount(tx, actor.tenantId, { ...body, portalRoleId }), "Another account already has this number");
    return getAccount2(actor, id);
  }
  async function updateAccount2(actor, id, body) {
    const a = await loadAccount(actor, id);
    authorize(actor, "account.update", { tenantId: a.tenantId, archived: a.archivedAt !== null });
    await assertNumberFree(actor.tenantId, body.number, id);
    if (body.portalRoleId) await portalRoleFor(actor.tenantId, body.portalRoleId);
    await checkManager(actor.tenantId, body.managerStaffId, a.managerStaffId);
    await inTransaction(
      d,
      async (tx) => {
        await repo.updateAccount(tx, actor.tenantId, id, body);
        if (body.portalEnabled === false && a.portalEnabled) await deleteAccountSessions2(tx, actor.tenantId, id);
      },
      "Another account already has this number"
    );
    return getAccount2(actor, id);
  }
  async function setAccountArchived(actor, id, archive) {
    const a = await loadAccount(actor, id);
    authorize(actor, archive ? "account.archive" : "account.restore", { tenantId: a.tenantId, archived: a.archivedAt !== null });
    await inTransaction(d, async (tx) => {
      await repo.updateAccount(tx, actor.tenantId, id, { archivedAt: archive ? d.clock() : null });
      if (archive) await deleteAccountSessions2(tx, actor.tenantId, id);
    });
    return getAccount2(actor, id);
  }
  async function listAccountContacts(actor, id) {
    authorize(actor, "account.read");
    await loadAccount(actor, id);
    const rows = await repo.listMemberships(d.db, actor.tenantId, id);
    return { items: rows.map((m) => presentMembership(id, m)) };
  }
  async function updateAccountContact(actor, id, contactId, body) {
    const a = await loadAccount(actor, id);
    authorize(actor, "portalAccess.manage", { tenantId: a.tenantId });
    if (body.portalRoleId) await portalRoleFor(actor.tenantId, body.portalRoleId);
    const ok = await inTransaction(d, (tx) => repo.updateMembership(tx, actor.tenantId, id, contactId, body));
    if (!ok) throw notFound("This contact does not belong to the account");
    const rows = await repo.listMemberships(d.db, actor.tenantId, id);
    return presentMembership(id, rows.find((m) => m.contactId === contactId));
  }
  return { listAccounts: listAccounts2, getAccount: getAccount2, createAccount, updateAccount: updateAccount2, setAccountArchived, listAccountContacts, updateAccountContact };
}

// src/server/modules/approvals/statement.ts
import { createHash as createHash4 } from "node:crypto";
import Decimal from "decimal.js";
function priceLines(entries) {
  let hours = new Decimal(0);
  let amount = new Decimal(0);
  const lines = entries.map((e) => {
    const h = new Decimal(e.hours);
    const rate = new Decimal(e.rate ?? 0);
    const a = h.times(rate).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
    hours = hours.plus(h);
    amount = amount.plus(a);
    return {
      timeEntryId: e.id,
      ticketId: e.ticketId,
      ticketNumber: e.ticketNumber,
      ticketTitle: e.ticketTitle,
      staffName: e.staffName,
      workDate: e.workDate,
      hours: h.toFixed(2),
      note: e.note,
      rate: rate.toFixed(2),
      amount: a.toFixed(2)
    };
  });
  return { lines, totalHours: hours.toFixed(2), totalAmount: amount.toFixed(2) };
}
function statementOf(r, lines) {
  return {
    job: { number: r.jobNumber, name: r.jobName },
    account: r.accountName,
    version: r.version,
    cutOff: r.cutOff,
    currency: r.currency,
    lines: lines.map((l) => ({ ticketNumber: l.ticketNumber, ticketTitle: l.ticketTitle, staffName: l.staffName, date: l.workDate, hours: l.hours, note: l.note, rate: l.rate, amount: l.amount })),
    totalHours: r.totalHours,
    totalAmount: r.totalAmount
  };
}
var statementHash = (s2) => createHash4("sha256").update(JSON.stringify(s2)).digest("hex");

// src/server/modules/approvals/statement-pdf.ts
import PDFDocument from "pdfkit";
var when = (at, timeZone) => new Intl.DateTimeFormat("en-GB", { timeZone, dateStyle: "long", timeStyle: "short" }).format(at);
function renderStatementPdf(p) {
  const r = p.request;
  const money2 = (a) => formatMoney(a, r.currency, "en-GB");
  const doc = new PDFDocument({ size: "A4", margin: 50, info: { Title: `Statement of work ${r.jobNumber} version ${r.version}`, Author: p.company } });
  const chunks = [];
  doc.on("data", (c2) => chunks.push(c2));
  const done = new Promise((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  doc.font("Helvetica-Bold").fontSize(16).text(p.company);
  doc.moveDown(0.5).fontSize(13).text("Statement of work for approval");
  doc.moveDown(0.5).font("Helvetica").fontSize(10);
  doc.text(`Job: ${r.jobNumber} \xB7 ${r.jobName}`);
  doc.text(`Account: ${r.accountName}`);
  doc.text(`Version: ${r.version} (${approvalRequestStatusLabels[r.status]})`);
  doc.text(`Work up to: ${r.cutOff}`);
  doc.text(`Sent to: ${r.contactName}, ${when(r.sentAt, p.timeZone)}`);
  doc.moveDown();
  const cols2 = [50, 115, 300, 390, 430, 485];
  const header = ["Date", "Ticket", "Staff", "Hours", "Rate", "Amount"];
  doc.font("Helvetica-Bold");
  const y0 = doc.y;
  header.forEach((h, i) => doc.text(h, cols2[i], y0, { width: (cols2[i + 1] ?? 545) - cols2[i] - 4 }));
  doc.font("Helvetica");
  for (const l of p.lines) {
    const y = doc.y + 4;
    const cells = [l.workDate, `#${l.ticketNumber} ${l.ticketTitle}`, l.staffName, l.hours, money2(l.rate), money2(l.amount)];
    let bottom = y;
    cells.forEach((c2, i) => {
      doc.text(c2, cols2[i], y, { width: (cols2[i + 1] ?? 545) - cols2[i] - 4 });
      bottom = Math.max(bottom, doc.y);
    });
    if (l.note) {
      doc.fillColor("#555").text(l.note, cols2[1], bottom + 1, { width: 300 }).fillColor("#000");
      bottom = doc.y;
    }
    doc.y = bottom;
    if (doc.y > 760) doc.addPage();
  }
  doc.moveDown().font("Helvetica-Bold").text(`Total: ${r.totalHours} hours, ${money2(r.totalAmount)}`, 50);
  doc.moveDown().font("Helvetica-Bold").text("History");
  doc.font("Helvetica");
  for (const e of p.events) {
    const parts2 = [`${when(e.at, p.timeZone)}: ${approvalEventLabels[e.kind] ?? e.kind} by ${e.actorName}`];
    if (e.ip) parts2.push(`from ${e.ip}`);
    doc.text(parts2.join(" "));
    if (e.comment) doc.text(`Comment: ${e.comment}`, { indent: 12 });
  }
  doc.moveDown().fontSize(8).fillColor("#555").text(`Statement SHA-256: ${r.statementHash}`);
  doc.end();
  return done;
}

// src/server/modules/approvals/approvals.service.ts
var DAY_MS = 864e5;
var OUTCOMES = /* @__PURE__ */ new Set(["approved", "queried", "expired", "deemed_approved"]);
var dayIn = (at, timeZone) => new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(at);
var longDate = (at, timeZone) => new Intl.DateTimeFormat("en-GB", { timeZone: typeof at === "string" ? "UTC" : timeZone, day: "numeric", month: "long", year: "numeric" }).format(typeof at === "string" ? /* @__PURE__ */ new Date(`${at}T12:00:00Z`) : at);
var jobLabel = (r) => `${r.jobNumber} \xB7 ${r.jobName}`;
var requestResource = (r) => ({ tenantId: r.tenantId, accountId: r.accountId, sentToContactId: r.contactId });
function presentLine(l) {
  return { timeEntryId: l.timeEntryId, ticket: { id: l.ticketId, number: l.ticketNumber, title: l.ticketTitle }, staffName: l.staffName, date: l.workDate, hours: l.hours, note: l.note, rate: l.rate, amount: l.amount };
}
var presentEvent = (e) => ({ kind: e.kind, at: e.at.toISOString(), by: e.actorName, comment: e.comment, ip: e.ip, statementHash: e.statementHash });
function createApprovalsService(d, { approvals: repo, tenants: tenants2, outbox: outbox2, staff, invoices: invoices2 }) {
  const staffLink = (jobId) => `${d.config.publicUrl}/admin/approvals/jobs/${jobId}`;
  function sendRefusal(settings, j, unsentEntries) {
    if (!settings.approvalEnabled) return "Customer approval is turned off: turn it on under Portal settings.";
    if (!j.requiresApproval) return `${jobLabel(j)} is not on the approval list: switch on "Requires customer approval" on the job.`;
    if (!j.contactId || !j.contactName) return `${jobLabel(j)} has no job contact: choose one on the job, since the request goes to them.`;
    if (!j.contactInAccount) return `${j.contactName} no longer belongs to ${j.accountName}: choose another job contact.`;
    if (j.contactPortalStatus !== "active" && j.contactPortalStatus !== "invited") return `${j.contactName} has no portal login: grant them portal access first.`;
    if (!j.contactEmail) return `${j.contactName} has no email address: add one so the request can reach them.`;
    if (unsentEntries === 0) return "Nothing to send: all billable work up to the cut-off is already sent or approved.";
    return null;
  }
  function missingRate(work) {
    const unpriced = work.filter((w) => w.rate === null);
    if (unpriced.length === 0) return null;
    const who = [...new Set(unpriced.map((w) => w.staffName))].join(", ");
    return `${unpriced.length === 1 ? "1 time entry has" : `${unpriced.length} time entries have`} no rate: set a billing rate on the job, or an hourly rate for ${who}.`;
  }
  async function unsentByJob(tenantId, settings, jobIds, cutOff) {
    const work = await repo.listUnsentWork(d.db, tenantId, jobIds, cutOff, settings.timeZone);
    const byJob = /* @__PURE__ */ new Map();
    for (const w of work) byJob.set(w.jobId, [...byJob.get(w.jobId) ?? [], w]);
    return byJob;
  }
  async function latestOf(tenantId, rows) {
    const ids = rows.map((r) => r.latestId).filter((x) => !!x);
    const [requests, events] = await Promise.all([repo.listRequestsById(d.db, tenantId, ids), repo.listEvents(d.db, tenantId, ids)]);
    return { requests: new Map(requests.map((r) => [r.id, r])), events };
  }
  function presentRow2(settings, j, work, latest2, events) {
    const priced = priceLines(work ?? []);
    const outcome = latest2 ? events.filter((e) => e.requestId === latest2.id && OUTCOMES.has(e.kind)).at(-1) : void 0;
    return {
      job: { id: j.jobId, number: j.jobNumber, name: j.jobName },
      account: { id: j.accountId, name: j.accountName },
      contact: j.contactId && j.contactName ? { id: j.contactId, name: j.contactName } : null,
      manager: j.managerId && j.managerName ? { id: j.managerId, name: j.managerName } : null,
      status: j.status,
      latest: latest2 ? {
        id: latest2.id,
        version: latest2.version,
        status: latest2.status,
        sentAt: latest2.sentAt.toISOString(),
        expiresAt: latest2.expiresAt.toISOString(),
        closedAt: latest2.closedAt?.toISOString() ?? null,
        totalAmount: latest2.totalAmount,
        comment: outcome?.comment ?? "",
        outcome: outcome?.kind ?? null
      } : null,
      unsent: { entries: work?.length ?? 0, hours: priced.totalHours, amount: priced.totalAmount },
      sendRefusal: !work?.length && latest2?.status === "awaiting" && settings.approvalEnabled ? waitingMessage(latest2) : sendRefusal(settings, j, work?.length ?? 0) ?? missingRate(work ?? [])
    };
  }
  async function listJobs2(actor, q) {
    authorize(actor, "approval.read");
    const settings = await tenants2.getSettings(d.db, actor.tenantId);
    const { rows, total } = await repo.listApprovalJobs(d.db, actor.tenantId, q);
    const today = dayIn(d.clock(), settings.timeZone);
    const [work, latest2] = await Promise.all([unsentByJob(actor.tenantId, settings, rows.map((r) => r.jobId), today), latestOf(actor.tenantId, rows)]);
    return {
      items: rows.map((j) => presentRow2(settings, j, work.get(j.jobId), j.latestId ? latest2.requests.get(j.latestId) : void 0, latest2.events)),
      total,
      totalCapped: false,
      page: q.page,
      pageSize: q.pageSize,
      currency: settings.currency,
      enabled: settings.approvalEnabled,
      today
    };
  }
  function presentVersion(actor, r, lines, events) {
    return {
      id: r.id,
      version: r.version,
      status: r.status,
      cutOff: r.cutOff,
      sentAt: r.sentAt.toISOString(),
      expiresAt: r.expiresAt.toISOString(),
      closedAt: r.closedAt?.toISOString() ?? null,
      sentTo: { id: r.contactId, name: r.contactName },
      totalHours: r.totalHours,
      totalAmount: r.totalAmount,
      statementHash: r.statementHash,
      lines: lines.filter((l) => l.requestId === r.id).map(presentLine),
      events: events.filter((e) => e.requestId === r.id).map(presentEvent),
      can: { reopen: r.status === "approved" && can(actor, "approval.reopen"), downloadStatement: can(actor, "approval.read") }
    };
  }
  async function getJob2(actor, jobId) {
    authorize(actor, "approval.read");
    const j = await repo.getApprovalJob(d.db, actor.tenantId, jobId);
    if (!j) throw notFound("Job not found");
    const settings = await tenants2.getSettings(d.db, actor.tenantId);
    const today = dayIn(d.clock(), settings.timeZone);
    const work = (await unsentByJob(actor.tenantId, settings, [jobId], today)).get(jobId) ?? [];
    const versions = await repo.listJobRequests(d.db, actor.tenantId, jobId);
    const ids = versions.map((v) => v.id);
    const [lines, events] = await Promise.all([repo.listLines(d.db, actor.tenantId, ids), repo.listEvents(d.db, actor.tenantId, ids)]);
    return {
      ...presentRow2(settings, j, work, versions[0], events),
      currency: settings.currency,
      today,
      unsentLines: priceLines(work).lines.map(presentLine),
      versions: versions.map((v) => presentVersion(actor, v, lines, events))
    };
  }
  async function supersede(tx, tenantId, r, by, comment) {
    if (!await repo.moveRequest(tx, tenantId, r.id, "awaiting", "superseded", d.clock())) return false;
    await repo.releaseEntries(tx, tenantId, r.id);
    await repo.insertEvent(tx, tenantId, { requestId: r.id, kind: "superseded", at: d.clock(), staffId: by.staffId, actorName: by.name, comment });
    return true;
  }
  const waitingMessage = (r) => `Version ${r.version} waits for ${r.contactName}'s answer; there is no new work to send.`;
  async function sendOne(actor, settings, jobId, cutOff) {
    const first = await repo.getApprovalJob(d.db, actor.tenantId, jobId);
    if (!first) return { jobId, job: "Unknown job", version: null, refusal: "Job not found." };
    return inTransaction(d, async (tx) => {
      await repo.lockJob(tx, actor.tenantId, jobId);
      const j = await repo.getApprovalJob(tx, actor.tenantId, jobId);
      if (!j) throw new RefusedSend("Job not found.");
      const now2 = d.clock();
      const previous = await repo.getAwaitingRequest(tx, actor.tenantId, jobId);
      if (previous) {
        if ((await repo.listUnsentWork(tx, actor.tenantId, [jobId], cutOff, settings.timeZone)).length === 0) {
          throw new RefusedSend(waitingMessage({ version: previous.version, contactName: j.contactName ?? "the contact" }));
        }
        await supersede(tx, actor.tenantId, previous, { staffId: actor.staffId, name: actor.name }, "A newer version was sent.");
      }
      const work = await repo.listUnsentWork(tx, actor.tenantId, [jobId], cutOff, settings.timeZone);
      const refusal = sendRefusal(settings, j, work.length) ?? missingRate(work);
      if (refusal) {
        throw new RefusedSend(refusal);
      }
      const version = await repo.nextVersion(tx, actor.tenantId, jobId);
      const priced = priceLines(work);
      const head = { jobNumber: j.jobNumber, jobName: j.jobName, accountName: j.accountName, version, cutOff, currency: settings.currency, totalHours: priced.totalHours, totalAmount: priced.totalAmount };
      const hash = statementHash(statementOf(head, priced.lines));
      const expiresAt = new Date(now2.getTime() + settings.approvalPeriodDays * DAY_MS);
      const id = await repo.insertRequest(tx, actor.tenantId, {
        jobId,
        accountId: j.accountId,
        version,
        status: "awaiting",
        cutOff,
        contactId: j.contactId,
        sentByStaffId: actor.staffId,
        sentAt: now2,
        expiresAt,
        currency: settings.currency,
        totalHours: priced.totalHours,
        totalAmount: priced.totalAmount,
        statementHash: hash
      });
      await repo.insertLines(tx, actor.tenantId, priced.lines.map((l, i) => ({ requestId: id, sort: i, ...l })));
      if (await repo.holdEntries(tx, actor.tenantId, id, priced.lines.map((l) => l.timeEntryId)) !== priced.lines.length) {
        throw new AppError("CONFLICT", "The work changed while it was being sent; nothing was sent, so send it again.");
      }
      await repo.insertEvent(tx, actor.tenantId, { requestId: id, kind: "sent", at: now2, staffId: actor.staffId, actorName: actor.name, comment: "", statementHash: hash });
      await outbox2.queueEmail(
        tx,
        actor.tenantId,
        "approval_request",
        {
          to: j.contactEmail,
          replyTo: settings.approvalReplyTo,
          portalName: settings.portalName,
          firstName: j.contactFirstName ?? "",
          job: jobLabel(j),
          account: j.accountName,
          version,
          cutOff: longDate(cutOff, settings.timeZone),
          hours: formatHours(priced.totalHours),
          amount: formatMoney(priced.totalAmount, settings.currency, "en-GB"),
          expiresOn: longDate(expiresAt, settings.timeZone),
          link: `${portalBase(d, settings)}/approvals/${id}?account=${j.accountId}`,
          replaces: previous ? previous.version : null
        },
        now2
      );
      return { jobId, job: jobLabel(j), version, refusal: null };
    }).catch((err) => {
      if (err instanceof RefusedSend) return { jobId, job: jobLabel(first), version: null, refusal: err.message };
      throw err;
    });
  }
  async function send(actor, body) {
    authorize(actor, "approval.send");
    const settings = await tenants2.getSettings(d.db, actor.tenantId);
    if (!settings.approvalEnabled) throw new AppError("CONFLICT", "Customer approval is turned off: turn it on under Portal settings before sending.");
    const today = dayIn(d.clock(), settings.timeZone);
    const cutOff = body.cutOff ?? today;
    if (cutOff > today) throw invalid("cutOff", "cannot be in the future");
    const results = [];
    for (const jobId of [...new Set(body.jobIds)]) results.push(await sendOne(actor, settings, jobId, cutOff));
    return { sent: results.filter((r) => !r.refusal).length, refused: results.filter((r) => r.refusal).length, results };
  }
  async function reopen(actor, requestId, reason) {
    authorize(actor, "approval.reopen");
    const r = await repo.getRequest(d.db, actor.tenantId, requestId);
    if (!r) throw notFound("Approval request not found");
    await inTransaction(d, async (tx) => {
      await repo.getRequest(tx, actor.tenantId, r.id, true);
      const invoiced = await invoices2.isApprovalInvoiced(tx, actor.tenantId, r.id);
      if (invoiced) {
        throw new AppError("CONFLICT", `Version ${r.version} of ${jobLabel(r)} is billed on ${invoiced.displayNumber ?? "a draft invoice"}: void that invoice (or delete the draft) before reopening the work.`);
      }
      if (!await repo.moveRequest(tx, actor.tenantId, r.id, "approved", "reopened", d.clock())) {
        throw new AppError("CONFLICT", `Version ${r.version} of ${jobLabel(r)} is not approved, so there is nothing to reopen.`);
      }
      await repo.releaseEntries(tx, actor.tenantId, r.id);
      await repo.insertEvent(tx, actor.tenantId, { requestId: r.id, kind: "reopened", at: d.clock(), staffId: actor.staffId, actorName: actor.name, comment: reason });
    });
    return getJob2(actor, r.jobId);
  }
  async function statementPdf(actor, requestId) {
    authorize(actor, "approval.read");
    const r = await repo.getRequest(d.db, actor.tenantId, requestId);
    if (!r) throw notFound("Approval request not found");
    const [lines, events, settings, tenant2] = await Promise.all([
      repo.listLines(d.db, actor.tenantId, [r.id]),
      repo.listEvents(d.db, actor.tenantId, [r.id]),
      tenants2.getSettings(d.db, actor.tenantId),
      tenants2.getTenant(d.db, actor.tenantId)
    ]);
    const pdf = await renderStatementPdf({ company: tenant2?.name ?? settings.portalName, request: r, lines, events, timeZone: settings.timeZone });
    return { pdf, filename: `statement-${r.jobNumber}-v${r.version}.pdf`.replace(/[^A-Za-z0-9._-]/g, "_") };
  }
  function presentPortalRow4(r, events) {
    const outcome = events.filter((e) => e.requestId === r.id && OUTCOMES.has(e.kind)).at(-1);
    return {
      id: r.id,
      kind: "work",
      job: { number: r.jobNumber, name: r.jobName },
      version: r.version,
      // Past its period it is expired for the customer, even before the sweep records it.
      status: r.status === "awaiting" && !isOpen(r) ? "expired" : r.status,
      cutOff: r.cutOff,
      sentAt: r.sentAt.toISOString(),
      expiresAt: r.expiresAt.toISOString(),
      currency: r.currency,
      totalHours: r.totalHours,
      totalAmount: r.totalAmount,
      answer: outcome ? { decision: outcome.kind, by: outcome.actorName, at: outcome.at.toISOString(), comment: outcome.comment } : null
    };
  }
  async function listInbox(actor, state) {
    authorize(actor, "portal.approval.list");
    const scope = portalApprovalScope(actor);
    const [rows, waiting] = await Promise.all([repo.listPortalRequests(d.db, actor.tenantId, scope, state), repo.countPortalWaiting(d.db, actor.tenantId, scope)]);
    const events = await repo.listEvents(d.db, actor.tenantId, rows.map((r) => r.id));
    return { items: rows.map((r) => presentPortalRow4(r, events)), waiting };
  }
  async function loadForContact(actor, id, action, tx) {
    const r = await repo.getRequest(tx ?? d.db, actor.tenantId, id, tx !== void 0);
    if (!r || !can(actor, action, requestResource(r))) throw notFound("Approval request not found");
    authorize(actor, action, requestResource(r));
    return r;
  }
  const isOpen = (r) => r.status === "awaiting" && r.expiresAt.getTime() > d.clock().getTime();
  async function getForPortal(actor, id) {
    const r = await loadForContact(actor, id, "portal.approval.read");
    const [lines, events, newer] = await Promise.all([
      repo.listLines(d.db, actor.tenantId, [r.id]),
      repo.listEvents(d.db, actor.tenantId, [r.id]),
      repo.getNewerVersion(d.db, actor.tenantId, r.jobId, r.version)
    ]);
    return {
      ...presentPortalRow4(r, events),
      account: r.accountName,
      lines: lines.map((l) => {
        const { timeEntryId: _, ...rest } = presentLine(l);
        return rest;
      }),
      statementHash: r.statementHash,
      current: newer ? { id: newer.id, version: newer.version } : null,
      can: { answer: isOpen(r) && can(actor, "portal.approval.answer", requestResource(r)) }
    };
  }
  async function closedMessage(tx, r, timeZone) {
    const newer = await repo.getNewerVersion(tx, r.tenantId, r.jobId, r.version);
    const current = newer ? ` Version ${newer.version} is the current one${newer.status === "awaiting" ? ": answer that instead" : ""}.` : "";
    const what = `Version ${r.version} of ${jobLabel(r)}`;
    if (r.status === "superseded") return `${what} was replaced, so it can no longer be answered.${current}`;
    if (r.status === "reopened") return `${what} was reopened by our staff; you will be sent a new version.${current}`;
    if (r.status === "expired" || r.status === "awaiting" && !isOpen(r)) return `${what} expired on ${longDate(r.expiresAt, timeZone)} without an answer.${current}`;
    return `${what} was already ${r.status === "approved" ? "approved" : "queried"}.${current}`;
  }
  async function notifyManager(tx, r, settings, mail) {
    const manager2 = r.managerId ? (await staff.getStaff(tx, r.tenantId, r.managerId))?.email ?? null : null;
    const to = new Set([manager2, settings.approvalReplyTo].filter((x) => !!x));
    const common2 = { portalName: settings.portalName, job: jobLabel(r), account: r.accountName, version: r.version, link: staffLink(r.jobId) };
    for (const address of to) {
      if (mail.kind === "answered") await outbox2.queueEmail(tx, r.tenantId, "approval_answered", { to: address, ...common2, decision: mail.decision, by: mail.by, comment: mail.comment }, d.clock());
      else await outbox2.queueEmail(tx, r.tenantId, "approval_expired", { to: address, ...common2, outcome: mail.outcome, days: Math.round((r.expiresAt.getTime() - r.sentAt.getTime()) / DAY_MS) }, d.clock());
    }
  }
  async function answer(actor, body, evidence) {
    authorize(actor, "portal.approval.list");
    const ids = [...new Set(body.requests.map((r) => r.id))].sort();
    const shown2 = new Map(body.requests.map((r) => [r.id, r.statementHash]));
    const decision = body.decision === "approve" ? "approved" : "queried";
    await inTransaction(d, async (tx) => {
      const settings = await tenants2.getSettings(tx, actor.tenantId);
      for (const id of ids) {
        const r = await loadForContact(actor, id, "portal.approval.answer", tx);
        if (!isOpen(r)) throw new AppError("CONFLICT", await closedMessage(tx, r, settings.timeZone));
        if (shown2.get(id) !== r.statementHash) throw new AppError("CONFLICT", `Version ${r.version} of ${jobLabel(r)} is not the statement you were shown: reload the page to see it as it is now.`);
        const now2 = d.clock();
        if (!await repo.moveRequest(tx, actor.tenantId, r.id, "awaiting", decision, now2)) throw new AppError("CONFLICT", await closedMessage(tx, r, settings.timeZone));
        await repo.insertEvent(tx, actor.tenantId, { requestId: r.id, kind: decision, at: now2, contactId: actor.contactId, actorName: actor.name, comment: body.comment, ip: evidence.ip, userAgent: evidence.userAgent?.slice(0, 500) ?? null, statementHash: r.statementHash });
        if (decision === "queried") await repo.releaseEntries(tx, actor.tenantId, r.id);
        await notifyManager(tx, r, settings, { kind: "answered", decision, by: actor.name, comment: body.comment });
      }
    }, "This request was answered at the same moment by someone else; reload to see the answer.");
    const rows = await repo.listRequestsById(d.db, actor.tenantId, ids);
    const events = await repo.listEvents(d.db, actor.tenantId, ids);
    return { answered: ids.length, items: rows.map((r) => presentPortalRow4(r, events)) };
  }
  async function expireDue(limit = 100) {
    const now2 = d.clock();
    let done = 0;
    while (done < limit) {
      const took = await inTransaction(d, async (tx) => {
        const [due] = await repo.claimExpiredRequests(tx, now2, 1);
        if (!due) return false;
        const { id, tenantId } = due;
        const r = await repo.getRequest(tx, tenantId, id);
        const settings = await tenants2.getSettings(tx, tenantId);
        const outcome = settings.approvalExpiry === "deem_approved" ? "deemed_approved" : "expired";
        if (!await repo.moveRequest(tx, tenantId, id, "awaiting", outcome === "expired" ? "expired" : "approved", now2)) return true;
        await repo.insertEvent(tx, tenantId, { requestId: id, kind: outcome, at: now2, actorName: "Portico (the approval period ended)", comment: "" });
        if (outcome === "expired") await repo.releaseEntries(tx, tenantId, id);
        await notifyManager(tx, r, settings, { kind: "expired", outcome });
        return true;
      });
      if (!took) break;
      done++;
    }
    return done;
  }
  async function withdrawForNewContact(tx, actor, jobId) {
    await repo.lockJob(tx, actor.tenantId, jobId);
    const waiting = await repo.getAwaitingRequest(tx, actor.tenantId, jobId);
    if (waiting) await supersede(tx, actor.tenantId, waiting, { staffId: actor.staffId, name: actor.name }, "The job contact changed, so this version was withdrawn.");
  }
  return { listJobs: listJobs2, getJob: getJob2, send, reopen, statementPdf, listInbox, getForPortal, answer, expireDue, supersede, withdrawForNewContact };
}
var RefusedSend = class extends Error {
};

// src/server/modules/attachments/stored-upload.ts
async function storeUpload(d, tenantId, file) {
  const filename = cleanFilename(file.filename);
  const saved = await d.files.save(tenantId, file.stream);
  if (file.stream.truncated) {
    await d.files.remove(saved.key);
    throw new AppError("PAYLOAD_TOO_LARGE", "The file is larger than 10 MB");
  }
  const contentType = checkFileType(filename, saved.head);
  if (!contentType) {
    await d.files.remove(saved.key);
    throw new AppError("VALIDATION", `file: only ${allowedExtensions.join(", ")} files whose content matches their type are accepted`, [
      { field: "file", message: "this type of file is not accepted" }
    ]);
  }
  return { filename, contentType, size: saved.size, storageKey: saved.key };
}
async function recordUpload(d, stored, write) {
  try {
    return await write();
  } catch (err) {
    await d.files.remove(stored.storageKey);
    throw err;
  }
}

// src/server/modules/attachments/attachments.service.ts
var present2 = (a) => ({
  id: a.id,
  filename: a.filename,
  contentType: a.contentType,
  size: a.size,
  uploadedBy: a.uploadedByName,
  createdAt: a.createdAt.toISOString()
});
function createAttachmentsService(d, { tickets: { getAttachment: getAttachment2, insertAttachment: insertAttachment2, updateTicket: updateTicket2 } }, { tickets: { ticketForContactRead, ticketForContactUpload, loadForStaff } }) {
  async function store(tenantId, ticketId, file, by, isPublic) {
    const stored = await storeUpload(d, tenantId, file);
    const now2 = d.clock();
    const row = await recordUpload(
      d,
      stored,
      () => inTransaction(d, async (tx) => {
        const row2 = await insertAttachment2(tx, tenantId, { ticketId, isPublic, ...stored, uploadedByName: by, createdAt: now2 });
        await updateTicket2(tx, tenantId, ticketId, { updatedAt: now2 });
        return row2;
      })
    );
    return present2(row);
  }
  async function uploadAsContact(actor, ticketId, file) {
    await ticketForContactUpload(actor, ticketId);
    return store(actor.tenantId, ticketId, file, actor.name, true);
  }
  async function uploadAsStaff(actor, ticketId, file, isPublic) {
    authorize(actor, "ticket.manage");
    await loadForStaff(actor, ticketId);
    return store(actor.tenantId, ticketId, file, actor.name, isPublic);
  }
  async function load(tenantId, id) {
    const a = await getAttachment2(d.db, tenantId, id);
    if (!a) throw notFound();
    return a;
  }
  async function openForContact(actor, id) {
    const a = await load(actor.tenantId, id);
    await ticketForContactRead(actor, a.ticketId, a.isPublic);
    return { attachment: a, stream: d.files.open(a.storageKey) };
  }
  async function openForStaff(actor, id) {
    authorize(actor, "ticket.read");
    const a = await load(actor.tenantId, id);
    return { attachment: a, stream: d.files.open(a.storageKey) };
  }
  return { uploadAsContact, uploadAsStaff, openForContact, openForStaff };
}

// src/server/modules/attachments/file-store.ts
import { randomUUID as randomUUID2 } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import path4 from "node:path";
import { pipeline } from "node:stream/promises";
function createFileStore(dataDir) {
  const root = path4.resolve(dataDir, "files");
  const full = (key) => {
    const p = path4.resolve(root, key);
    if (!p.startsWith(root + path4.sep)) throw new Error("invalid storage key");
    return p;
  };
  return {
    async save(tenantId, stream) {
      const key = `${tenantId}/${randomUUID2()}`;
      await mkdir(path4.dirname(full(key)), { recursive: true });
      let size = 0;
      const chunks = [];
      let headLength = 0;
      stream.on("data", (c2) => {
        size += c2.length;
        if (headLength < 8192) {
          chunks.push(c2);
          headLength += c2.length;
        }
      });
      await pipeline(stream, createWriteStream(full(key), { flags: "wx" }));
      return { key, size, head: Buffer.concat(chunks).subarray(0, 8192) };
    },
    open: (key) => createReadStream(full(key)),
    remove: (key) => rm(full(key), { force: true })
  };
}

// src/server/modules/contacts/contacts.presenter.ts
var iso6 = (d) => d ? d.toISOString() : null;
function contactCan(actor, c2) {
  const r = { tenantId: c2.tenantId, archived: c2.archived };
  const managePortal = can(actor, "portalAccess.manage", r);
  return {
    edit: can(actor, "contact.update", r),
    archive: can(actor, "contact.archive", r),
    restore: can(actor, "contact.restore", r),
    managePortal,
    grantPortal: managePortal && c2.portalStatus === "not_enabled" && c2.signupStatus !== "pending"
  };
}
function presentContact(actor, c2) {
  return {
    id: c2.id,
    firstName: c2.firstName,
    lastName: c2.lastName,
    name: `${c2.firstName} ${c2.lastName}`.trim(),
    email: c2.email,
    phone: c2.phone,
    jobTitle: c2.jobTitle,
    timeZone: c2.timeZone,
    archived: c2.archivedAt !== null,
    accounts: c2.accounts.map((a) => ({ id: a.id, name: a.name, portalEnabled: a.portalEnabled })),
    portal: {
      status: c2.portalStatus,
      username: c2.portalUsername,
      activatedAt: iso6(c2.activatedAt),
      lastLoginAt: iso6(c2.lastLoginAt),
      lockedUntil: iso6(c2.lockedUntil),
      twoFactorEnabled: c2.totpEnabledAt !== null,
      signupStatus: c2.signupStatus
    },
    createdAt: c2.createdAt.toISOString(),
    can: contactCan(actor, { ...c2, archived: c2.archivedAt !== null })
  };
}
function presentContactList(actor, rows, rest) {
  let last;
  let can2 = "";
  const items = rows.map((c2) => {
    if (!last || c2.archived !== last.archived || c2.portalStatus !== last.portalStatus || c2.signupStatus !== last.signupStatus || c2.tenantId !== last.tenantId) {
      can2 = JSON.stringify(contactCan(actor, c2));
    }
    last = c2;
    return `${c2.listRow.slice(0, -1)},"can":${can2}}`;
  });
  return new JsonAnswer(`{"items":[${items.join(",")}],${JSON.stringify(rest).slice(1)}`);
}

// src/server/modules/contacts/contacts.service.ts
function createContactsService(d, {
  contacts: repo,
  accounts: { findAccountIds: findAccountIds2 },
  portalEvents: { recordEvent: recordEvent2 },
  tokens: { voidContactTokens: voidContactTokens2 },
  sessions: { deleteContactSessions: deleteContactSessions2 }
}) {
  async function listContacts2(as, q) {
    return as.read(async (actor, check) => {
      authorize(actor, "contact.read");
      const { items, total, totalCapped, session } = await repo.listContactRows(d.db, actor.tenantId, q, check);
      return { session, value: presentContactList(actor, items, { total, totalCapped, page: q.page, pageSize: q.pageSize }) };
    });
  }
  async function loadContact2(actor, id) {
    const c2 = await repo.getContact(d.db, actor.tenantId, id);
    if (!c2) throw notFound("Contact not found");
    return c2;
  }
  async function getContact2(actor, id) {
    authorize(actor, "contact.read");
    return presentContact(actor, await loadContact2(actor, id));
  }
  async function assertAccounts(tenantId, ids) {
    const unique3 = [...new Set(ids)];
    const found = await findAccountIds2(d.db, tenantId, unique3);
    if (found.length !== unique3.length || found.some((a) => a.archivedAt)) {
      throw invalid("accountIds", "contains an account that does not exist or is archived");
    }
    return unique3;
  }
  async function assertEmailNew(actor, email) {
    const same = email ? await repo.liveContactWithEmail(d.db, actor.tenantId, email) : void 0;
    if (!same) return;
    if (!can(actor, "contact.read")) throw conflict("Another contact already has this email address.", "email");
    const name = `${same.firstName} ${same.lastName}`.trim();
    throw new AppError(
      "CONFLICT",
      `${name} already has this email address. Add the account to ${name} instead of creating a second contact.`,
      [{ field: "email", message: `${name} already has this email address.` }],
      { id: same.id, name }
    );
  }
  async function createContact(actor, body) {
    authorize(actor, "contact.create");
    const accountIds = await assertAccounts(actor.tenantId, body.accountIds);
    const { accountIds: _, ...values } = body;
    await assertEmailNew(actor, values.email);
    const id = await inTransaction(d, async (tx) => {
      const id2 = await repo.insertContact(tx, actor.tenantId, values);
      await repo.setMemberships(tx, actor.tenantId, id2, accountIds);
      return id2;
    });
    return getContact2(actor, id);
  }
  async function updateContact2(actor, id, body) {
    const c2 = await loadContact2(actor, id);
    authorize(actor, "contact.update", { tenantId: c2.tenantId, archived: c2.archivedAt !== null });
    const accountIds = body.accountIds ? await assertAccounts(actor.tenantId, body.accountIds) : void 0;
    const { accountIds: _, ...values } = body;
    if (c2.portalUsername && "email" in values) {
      if (!values.email) throw invalid("email", "is required while the contact has portal access");
      if (await repo.portalEmailTaken(d.db, actor.tenantId, values.email, id)) {
        throw conflict("Another portal user already has this email address", "email");
      }
    }
    await inTransaction(
      d,
      async (tx) => {
        await repo.updateContact(tx, actor.tenantId, id, values);
        if (accountIds) {
          await repo.setMemberships(tx, actor.tenantId, id, accountIds);
        }
      },
      "Another portal user already has this email address"
    );
    return getContact2(actor, id);
  }
  async function setContactArchived(actor, id, archive) {
    const c2 = await loadContact2(actor, id);
    authorize(actor, archive ? "contact.archive" : "contact.restore", { tenantId: c2.tenantId, archived: c2.archivedAt !== null });
    const now2 = d.clock();
    await inTransaction(d, async (tx) => {
      await repo.updateContact(tx, actor.tenantId, id, { archivedAt: archive ? now2 : null });
      if (!archive) await repo.clearPortalAccess(tx, actor.tenantId, id);
      if (archive) {
        await deleteContactSessions2(tx, actor.tenantId, [id]);
        await voidContactTokens2(tx, actor.tenantId, id, now2);
        if (c2.portalStatus !== "not_enabled") {
          await recordEvent2(tx, actor.tenantId, id, "archived", { kind: "staff", id: actor.staffId, name: actor.name }, now2);
        }
      }
    });
    return getContact2(actor, id);
  }
  return { listContacts: listContacts2, loadContact: loadContact2, getContact: getContact2, createContact, updateContact: updateContact2, setContactArchived };
}

// src/server/modules/contracts/contracts.service.ts
import Decimal3 from "decimal.js";

// src/server/modules/contracts/contracts.presenter.ts
function presentRow(c2) {
  return {
    id: c2.id,
    name: c2.name,
    type: c2.type,
    reference: c2.reference,
    status: c2.status,
    isDefault: c2.isDefault,
    account: { id: c2.accountId, name: c2.accountName },
    startDate: c2.startDate,
    endDate: c2.endDate,
    billingCycle: c2.billingCycle,
    billingPrice: c2.billingPrice,
    hoursPerPeriod: c2.hoursPerPeriod,
    jobCount: c2.jobCount
  };
}
function shown(field, v) {
  if (v === null || v === void 0 || v === "") return null;
  if (field === "type") return contractTypeLabels[v] ?? String(v);
  if (field === "status") return contractStatusLabels[v] ?? String(v);
  if (field === "billingCycle") return billingCycleLabels[v] ?? String(v);
  if (typeof v === "boolean") return v ? "Yes" : "No";
  return String(v);
}
var fieldOrder = Object.keys(contractFieldLabels);
var rank = (field) => fieldOrder.includes(field) ? fieldOrder.indexOf(field) : fieldOrder.length;
var presentEvent2 = (e) => ({
  kind: e.kind,
  at: e.at.toISOString(),
  by: e.actorName,
  changes: Object.entries(e.changes).sort(([a], [b]) => rank(a) - rank(b)).map(([field, [before, after]]) => ({ field, before: shown(field, before), after: shown(field, after) })),
  note: e.note
});
function presentSummary(s2, thresholds, alerts) {
  return {
    periodStart: s2.period.start,
    periodEnd: s2.period.end,
    asOf: s2.asOf,
    blockHours: s2.blockHours,
    usedHours: s2.usedHours,
    remainingHours: s2.remainingHours,
    overHours: s2.overHours,
    percentUsed: s2.percentUsed,
    dailyRate: s2.dailyRate,
    projectedRunOut: s2.projectedRunOut,
    runOutWithinPeriod: s2.runOutWithinPeriod,
    ranOutOn: s2.ranOutOn,
    series: s2.series,
    thresholds: [...thresholds].sort((a, b) => a - b),
    alerts: alerts.map((a) => ({ threshold: a.threshold, sentAt: a.sentAt.toISOString() }))
  };
}
var presentJob = (j) => ({
  id: j.id,
  number: j.number,
  name: j.name,
  status: j.status,
  manager: j.managerId ? { id: j.managerId, name: j.managerName ?? "" } : null,
  visibleInPortal: j.visibleInPortal
});
function presentContract(c2, x) {
  return {
    ...presentRow(c2),
    sla: c2.sla,
    setupFee: c2.setupFee,
    description: c2.description,
    billingInfo: c2.billingInfo,
    createdAt: c2.createdAt.toISOString(),
    updatedAt: c2.updatedAt.toISOString(),
    ...x
  };
}
function presentPortalRow(c2, s2) {
  const { account: _a, jobCount: _j, ...row } = presentRow(c2);
  return {
    ...row,
    prepaid: s2 ? { usedHours: s2.usedHours, blockHours: s2.blockHours, percentUsed: s2.percentUsed, periodEnd: s2.periodEnd, projectedRunOut: s2.projectedRunOut, runOutWithinPeriod: s2.runOutWithinPeriod } : null
  };
}
function presentPortalContract(c2, x) {
  return {
    ...presentPortalRow(c2, x.prepaid),
    account: c2.accountName,
    sla: c2.sla,
    setupFee: c2.setupFee,
    description: c2.description,
    billingInfo: c2.billingInfo,
    currency: x.currency,
    amounts: x.amounts,
    prepaid: x.prepaid,
    jobs: x.jobs.filter((j) => j.visibleInPortal).map((j) => ({ number: j.number, name: j.name })),
    history: x.events.filter((e) => e.kind !== "job_linked" && e.kind !== "job_unlinked").map(presentEvent2)
  };
}

// src/server/modules/contracts/retainer.ts
import Decimal2 from "decimal.js";
var monthsOf = { monthly: 1, quarterly: 3, yearly: 12 };
var DAY_MS2 = 864e5;
var dayIn2 = (at, timeZone) => new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(at);
var parts = (day2) => {
  const [y, m, d] = day2.split("-").map(Number);
  return { y, m, d };
};
var pad = (n, w = 2) => String(n).padStart(w, "0");
var format = (y, m, d) => `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
var daysInMonth = (y, m) => new Date(Date.UTC(y, m, 0)).getUTCDate();
var utc = (day2) => {
  const { y, m, d } = parts(day2);
  return Date.UTC(y, m - 1, d);
};
function addDays(day2, n) {
  const t = new Date(utc(day2) + n * DAY_MS2);
  return format(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}
var daysBetween2 = (a, b) => Math.round((utc(b) - utc(a)) / DAY_MS2);
function addMonths(day2, n) {
  const { y, m, d } = parts(day2);
  const index12 = y * 12 + (m - 1) + n;
  const ny = Math.floor(index12 / 12);
  const nm = index12 % 12 + 1;
  return format(ny, nm, Math.min(d, daysInMonth(ny, nm)));
}
function nthPeriod(startDate, cycle, k, endDate) {
  const step = monthsOf[cycle];
  const start = addMonths(startDate, k * step);
  const natural = addDays(addMonths(startDate, (k + 1) * step), -1);
  return { index: k, start, end: endDate && endDate < natural ? endDate : natural };
}
function periodAt(startDate, cycle, day2, endDate = null) {
  if (day2 < startDate) return null;
  const target = endDate && day2 > endDate ? endDate : day2;
  const s2 = parts(startDate);
  const t = parts(target);
  let k = Math.floor(((t.y - s2.y) * 12 + (t.m - s2.m)) / monthsOf[cycle]);
  while (k > 0 && addMonths(startDate, k * monthsOf[cycle]) > target) k--;
  while (addMonths(startDate, (k + 1) * monthsOf[cycle]) <= target) k++;
  return nthPeriod(startDate, cycle, k, endDate);
}
function thresholdsReached(used, block, thresholds) {
  const u = new Decimal2(used).times(100);
  return [...thresholds].sort((a, b) => a - b).filter((t) => u.gte(new Decimal2(block).times(t)));
}
function summariseRetainer(c2, entries, today) {
  const period = periodAt(c2.startDate, c2.cycle, today, c2.endDate);
  if (!period) return null;
  const asOf = today < period.end ? today : period.end;
  const block = new Decimal2(c2.blockHours);
  const inPeriod = entries.filter((e) => e.day >= period.start && e.day <= asOf);
  const byDay = /* @__PURE__ */ new Map();
  for (const e of inPeriod) byDay.set(e.day, (byDay.get(e.day) ?? new Decimal2(0)).plus(e.hours));
  const used = [...byDay.values()].reduce((s2, h) => s2.plus(h), new Decimal2(0));
  const elapsed = daysBetween2(period.start, asOf) + 1;
  const rate = used.dividedBy(elapsed);
  const series = [];
  let cumulative = new Decimal2(0);
  let ranOutOn = null;
  const projecting = asOf === today && rate.gt(0);
  for (let i = 0, d = period.start; d <= period.end; i++, d = addDays(period.start, i)) {
    if (d <= asOf) {
      cumulative = cumulative.plus(byDay.get(d) ?? 0);
      if (!ranOutOn && cumulative.gte(block)) ranOutOn = d;
    }
    const ahead = daysBetween2(asOf, d);
    series.push({
      date: d,
      used: d <= asOf ? cumulative.toFixed(2) : null,
      projected: projecting && ahead >= 0 ? used.plus(rate.times(ahead)).toFixed(2) : null
    });
  }
  let projectedRunOut = null;
  if (!ranOutOn && rate.gt(0)) {
    const days = block.minus(used).dividedBy(rate).ceil().toNumber();
    projectedRunOut = addDays(asOf, days);
  }
  const remaining = Decimal2.max(block.minus(used), 0);
  return {
    period,
    asOf,
    blockHours: block.toFixed(2),
    usedHours: used.toFixed(2),
    remainingHours: remaining.toFixed(2),
    overHours: Decimal2.max(used.minus(block), 0).toFixed(2),
    percentUsed: used.times(100).dividedBy(block).toDecimalPlaces(1, Decimal2.ROUND_HALF_UP).toNumber(),
    dailyRate: rate.toFixed(2),
    projectedRunOut,
    runOutWithinPeriod: ranOutOn !== null || projectedRunOut !== null && projectedRunOut <= period.end,
    ranOutOn,
    series
  };
}
function consumedAmount(entries) {
  let amount = new Decimal2(0);
  let unpriced = 0;
  for (const e of entries) {
    if (e.rate === null) unpriced++;
    amount = amount.plus(new Decimal2(e.hours).times(e.rate ?? 0).toDecimalPlaces(2, Decimal2.ROUND_HALF_UP));
  }
  return { amount: amount.toFixed(2), unpriced };
}
var remainingOf = (price, spent) => new Decimal2(price).minus(spent).toFixed(2);

// src/server/modules/contracts/contracts.service.ts
var trackedFields = ["name", "type", "reference", "status", "isDefault", "startDate", "endDate", "sla", "setupFee", "billingCycle", "billingPrice", "hoursPerPeriod", "description", "billingInfo"];
var decimalFields = /* @__PURE__ */ new Set(["setupFee", "billingPrice", "hoursPerPeriod"]);
var normal = (field, v) => decimalFields.has(field) && typeof v === "string" ? new Decimal3(v).toFixed(2) : v;
var longDate2 = (day2) => new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", day: "numeric", month: "long", year: "numeric" }).format(/* @__PURE__ */ new Date(`${day2}T12:00:00Z`));
var resource = (c2) => ({ tenantId: c2.tenantId, accountId: c2.accountId, publishedToPortal: c2.status !== "draft" });
var jobLabel2 = (j) => `${j.number} \xB7 ${j.name}`;
var noAmounts = { billAmount: null, invoicedAmount: null, consumedAmount: null, remainingAmount: null, unpricedEntries: 0 };
function createContractsService(d, { contracts: repo, accounts: accounts2, tenants: tenants2, outbox: outbox2 }) {
  const today = (settings) => dayIn2(d.clock(), settings.timeZone);
  async function prepaidOf(db, c2, settings, withAlerts = true) {
    if (c2.type !== "retainer_hours" || !c2.billingCycle || !c2.hoursPerPeriod) return null;
    const day2 = today(settings);
    const period = periodAt(c2.startDate, c2.billingCycle, day2, c2.endDate);
    if (!period) return null;
    const asOf = day2 < period.end ? day2 : period.end;
    const entries = await repo.dailyHours(db, c2.tenantId, c2.id, period.start, asOf, settings.timeZone);
    const s2 = summariseRetainer({ startDate: c2.startDate, endDate: c2.endDate, cycle: c2.billingCycle, blockHours: c2.hoursPerPeriod }, entries, day2);
    const alerts = withAlerts ? await repo.listAlerts(db, c2.tenantId, c2.id, period.start) : [];
    return presentSummary(s2, settings.retainerAlertThresholds, alerts);
  }
  async function amountsOf(db, c2, settings) {
    if (c2.type === "fixed_price" && c2.billingPrice) {
      const invoiced = await repo.invoicedAmount(db, c2.tenantId, c2.id);
      return { ...noAmounts, billAmount: c2.billingPrice, invoicedAmount: new Decimal3(invoiced).toFixed(2), remainingAmount: remainingOf(c2.billingPrice, invoiced) };
    }
    if (c2.type === "retainer_amount" && c2.billingPrice) {
      const { amount, unpriced } = consumedAmount(await repo.pricedWork(db, c2.tenantId, c2.id, c2.startDate, c2.endDate, settings.timeZone));
      return { ...noAmounts, consumedAmount: amount, remainingAmount: remainingOf(c2.billingPrice, amount), unpricedEntries: unpriced };
    }
    return noAmounts;
  }
  async function list(actor, q) {
    authorize(actor, "contract.read");
    const [page2, settings] = await Promise.all([repo.listContracts(d.db, actor.tenantId, q), tenants2.getSettings(d.db, actor.tenantId)]);
    return { items: page2.items.map(presentRow), total: page2.total, totalCapped: page2.totalCapped, page: q.page, pageSize: q.pageSize, currency: settings.currency };
  }
  async function load(db, actor, id) {
    const c2 = await repo.getContract(db, actor.tenantId, id);
    if (!c2) throw notFound("Contract not found");
    return c2;
  }
  async function get(actor, id) {
    authorize(actor, "contract.read");
    const c2 = await load(d.db, actor, id);
    const settings = await tenants2.getSettings(d.db, actor.tenantId);
    const [amounts, prepaid, jobs2, accountJobs, events] = await Promise.all([
      amountsOf(d.db, c2, settings),
      prepaidOf(d.db, c2, settings),
      repo.listContractJobs(d.db, actor.tenantId, id),
      repo.listAccountJobs(d.db, actor.tenantId, c2.accountId),
      repo.listEvents(d.db, actor.tenantId, id)
    ]);
    const manage = can(actor, "contract.manage");
    return presentContract(c2, {
      currency: settings.currency,
      amounts,
      prepaid,
      jobs: jobs2.map(presentJob),
      linkableJobs: manage ? accountJobs.filter((j) => j.contractId !== id).map((j) => ({ id: j.id, number: j.number, name: j.name, contract: j.contractId ? { id: j.contractId, name: j.contractName ?? "" } : null })) : [],
      history: events.map(presentEvent2),
      can: { edit: manage, linkJobs: manage }
    });
  }
  function checkValues(v) {
    const problem = typeFieldProblems(v.type, v)[0];
    if (problem) throw invalid(problem.field, problem.message);
    if (v.endDate && v.endDate < v.startDate) throw invalid("endDate", "must be on or after the start date");
  }
  async function takeDefault(tx, actor, accountId, name, now2) {
    for (const other of await repo.clearDefaultContract(tx, actor.tenantId, accountId, now2)) {
      await repo.insertEvent(tx, actor.tenantId, { contractId: other, kind: "updated", at: now2, staffId: actor.staffId, actorName: actor.name, changes: { isDefault: [true, false] }, note: `${name} became the account's default contract.` });
    }
  }
  async function create(actor, body) {
    authorize(actor, "contract.manage");
    const account = await accounts2.getAccount(d.db, actor.tenantId, body.accountId);
    if (!account) throw invalid("accountId", "is not an account");
    if (account.archivedAt) throw invalid("accountId", "is archived: restore the account first");
    const { accountId, ...rest } = body;
    const values = Object.fromEntries(trackedFields.map((f) => [f, normal(f, rest[f])]));
    checkValues(values);
    const now2 = d.clock();
    const id = await inTransaction(d, async (tx) => {
      if (values.isDefault) await takeDefault(tx, actor, accountId, values.name, now2);
      const id2 = await repo.insertContract(tx, actor.tenantId, { ...values, accountId, createdAt: now2, updatedAt: now2 });
      const changes = Object.fromEntries(trackedFields.filter((f) => values[f] !== null && values[f] !== "" && values[f] !== false).map((f) => [f, [null, values[f]]]));
      await repo.insertEvent(tx, actor.tenantId, { contractId: id2, kind: "created", at: now2, staffId: actor.staffId, actorName: actor.name, changes });
      return id2;
    }, "Another contract of this account became the default at the same moment; try again");
    return get(actor, id);
  }
  async function update(actor, id, body) {
    authorize(actor, "contract.manage");
    await load(d.db, actor, id);
    await inTransaction(d, async (tx) => {
      await repo.lockContract(tx, actor.tenantId, id);
      const c2 = await load(tx, actor, id);
      const next = { ...pick(c2) };
      for (const f of trackedFields) if (body[f] !== void 0) next[f] = normal(f, body[f]);
      if (next.type !== c2.type) {
        for (const p of typeFieldProblems(next.type, next)) if (body[p.field] === void 0 && p.message.startsWith("does not apply")) next[p.field] = null;
      }
      checkValues(next);
      const changed = trackedFields.filter((f) => next[f] !== c2[f]);
      if (changed.length === 0) return;
      const now2 = d.clock();
      if (next.isDefault && !c2.isDefault) await takeDefault(tx, actor, c2.accountId, next.name, now2);
      await repo.updateContract(tx, actor.tenantId, id, { ...Object.fromEntries(changed.map((f) => [f, next[f]])), updatedAt: now2 });
      await repo.insertEvent(tx, actor.tenantId, { contractId: id, kind: "updated", at: now2, staffId: actor.staffId, actorName: actor.name, changes: Object.fromEntries(changed.map((f) => [f, [c2[f], next[f]]])) });
      await checkContract(tx, actor.tenantId, id);
    }, "Another contract of this account became the default at the same moment; try again");
    return get(actor, id);
  }
  async function linkJob(actor, id, jobId) {
    authorize(actor, "contract.manage");
    const c2 = await load(d.db, actor, id);
    const first = await repo.getJobForLink(d.db, actor.tenantId, jobId);
    if (!first) throw notFound("Job not found");
    if (first.accountId !== c2.accountId) throw invalid("jobId", `is a job of another account: this contract covers the jobs of ${c2.accountName} only`);
    await inTransaction(d, async (tx) => {
      const job = await repo.getJobForLink(tx, actor.tenantId, jobId, true);
      if (job.contractId === id) return;
      for (const cid of [id, job.contractId].filter((x) => !!x).sort()) await repo.lockContract(tx, actor.tenantId, cid);
      const previous = job.contractId ? await repo.getContract(tx, actor.tenantId, job.contractId) : void 0;
      await repo.setJobContract(tx, actor.tenantId, jobId, id);
      const now2 = d.clock();
      const by = { staffId: actor.staffId, actorName: actor.name, at: now2 };
      await repo.insertEvent(tx, actor.tenantId, { ...by, contractId: id, kind: "job_linked", changes: { job: [null, jobLabel2(job)] }, note: previous ? `Moved from ${previous.name}.` : "" });
      if (previous) await repo.insertEvent(tx, actor.tenantId, { ...by, contractId: previous.id, kind: "job_unlinked", changes: { job: [jobLabel2(job), null] }, note: `Moved to ${c2.name}.` });
      await checkContract(tx, actor.tenantId, id);
    });
    return get(actor, id);
  }
  async function unlinkJob(actor, id, jobId) {
    authorize(actor, "contract.manage");
    const c2 = await load(d.db, actor, id);
    if (!await repo.getJobForLink(d.db, actor.tenantId, jobId)) throw notFound("Job not found");
    await inTransaction(d, async (tx) => {
      const job = await repo.getJobForLink(tx, actor.tenantId, jobId, true);
      if (job.contractId !== id) throw new AppError("CONFLICT", `${jobLabel2(job)} is not linked to ${c2.name}.`);
      await repo.lockContract(tx, actor.tenantId, id);
      await repo.setJobContract(tx, actor.tenantId, jobId, null);
      await repo.insertEvent(tx, actor.tenantId, { contractId: id, kind: "job_unlinked", at: d.clock(), staffId: actor.staffId, actorName: actor.name, changes: { job: [jobLabel2(job), null] } });
    });
    return get(actor, id);
  }
  async function listPortal(actor) {
    authorize(actor, "portal.contract.list");
    const scope = portalContractScope(actor);
    const [rows, settings] = await Promise.all([repo.listPortalContracts(d.db, actor.tenantId, scope), tenants2.getSettings(d.db, actor.tenantId)]);
    const items = [];
    for (const c2 of rows) items.push(presentPortalRow(c2, await prepaidOf(d.db, c2, settings, false)));
    return { items, currency: settings.currency };
  }
  async function getPortal(actor, id) {
    authorize(actor, "portal.contract.list");
    const c2 = await repo.getContract(d.db, actor.tenantId, id);
    if (!c2 || !can(actor, "portal.contract.read", resource(c2))) throw notFound("Contract not found");
    authorize(actor, "portal.contract.read", resource(c2));
    const settings = await tenants2.getSettings(d.db, actor.tenantId);
    const [amounts, prepaid, jobs2, events] = await Promise.all([
      amountsOf(d.db, c2, settings),
      prepaidOf(d.db, c2, settings),
      repo.listContractJobs(d.db, actor.tenantId, id),
      repo.listEvents(d.db, actor.tenantId, id)
    ]);
    const { unpricedEntries: _, ...shown2 } = amounts;
    return presentPortalContract(c2, { currency: settings.currency, amounts: shown2, prepaid, jobs: jobs2, events });
  }
  async function checkContract(tx, tenantId, contractId, skipLocked = false) {
    if (!await repo.lockContract(tx, tenantId, contractId, skipLocked)) return 0;
    const c2 = await repo.getContract(tx, tenantId, contractId);
    if (!c2 || c2.type !== "retainer_hours" || c2.status !== "active" || !c2.billingCycle || !c2.hoursPerPeriod) return 0;
    const settings = await tenants2.getSettings(tx, tenantId);
    const day2 = today(settings);
    const period = periodAt(c2.startDate, c2.billingCycle, day2, c2.endDate);
    if (!period || day2 > period.end) return 0;
    const entries = await repo.dailyHours(tx, tenantId, contractId, period.start, day2, settings.timeZone);
    const s2 = summariseRetainer({ startDate: c2.startDate, endDate: c2.endDate, cycle: c2.billingCycle, blockHours: c2.hoursPerPeriod }, entries, day2);
    const now2 = d.clock();
    const fresh = [];
    for (const threshold2 of thresholdsReached(s2.usedHours, s2.blockHours, settings.retainerAlertThresholds)) {
      if (await repo.insertAlert(tx, tenantId, { contractId, periodStart: period.start, thresholdPercent: threshold2, usedHours: s2.usedHours, sentAt: now2 })) fresh.push(threshold2);
    }
    if (fresh.length === 0) return 0;
    const threshold = Math.max(...fresh);
    const [admins, managers] = await Promise.all([repo.clientAdminRecipients(tx, tenantId, c2.accountId), repo.staffRecipients(tx, tenantId, contractId)]);
    const facts = {
      portalName: settings.portalName,
      contract: c2.name,
      account: c2.accountName,
      threshold,
      percent: s2.percentUsed,
      used: formatHours(s2.usedHours),
      block: formatHours(s2.blockHours),
      periodStart: longDate2(period.start),
      periodEnd: longDate2(period.end),
      runOut: s2.ranOutOn ? null : s2.projectedRunOut && s2.runOutWithinPeriod ? longDate2(s2.projectedRunOut) : null
    };
    const sent = /* @__PURE__ */ new Set();
    for (const a of admins) {
      if (sent.has(a.email.toLowerCase())) continue;
      sent.add(a.email.toLowerCase());
      await outbox2.queueEmail(tx, tenantId, "retainer_threshold", { to: a.email, name: a.firstName, audience: "customer", link: `${portalBase(d, settings)}/contracts/${c2.id}?account=${c2.accountId}`, ...facts }, now2);
    }
    for (const m of managers) {
      if (sent.has(m.email.toLowerCase())) continue;
      sent.add(m.email.toLowerCase());
      await outbox2.queueEmail(tx, tenantId, "retainer_threshold", { to: m.email, name: m.name, audience: "staff", link: `${d.config.publicUrl}/admin/contracts/${c2.id}`, ...facts }, now2);
    }
    await repo.insertEvent(tx, tenantId, {
      contractId,
      kind: "alert_sent",
      at: now2,
      actorName: "Portico",
      changes: {},
      note: `${threshold} % of the prepaid hours used (${formatHours(s2.usedHours)} of ${formatHours(s2.blockHours)}) in the period ${longDate2(period.start)} to ${longDate2(period.end)}; ${sent.size === 1 ? "1 person was" : `${sent.size} people were`} emailed.`
    });
    return fresh.length;
  }
  async function checkRetainerAlerts(tx, tenantId, jobId) {
    const contractId = await repo.retainerOfJob(tx, tenantId, jobId);
    if (contractId) await checkContract(tx, tenantId, contractId);
  }
  async function sweepRetainerAlerts(batch = 100) {
    let after = null;
    let reached = 0;
    for (; ; ) {
      const rows = await repo.listActiveRetainers(d.db, after, batch);
      for (const r of rows) reached += await inTransaction(d, (tx) => checkContract(tx, r.tenantId, r.id, true));
      if (rows.length < batch) return reached;
      after = rows[rows.length - 1].id;
    }
  }
  return { list, get, create, update, linkJob, unlinkJob, listPortal, getPortal, checkRetainerAlerts, sweepRetainerAlerts };
}
var pick = (c2) => Object.fromEntries(trackedFields.map((f) => [f, c2[f]]));

// src/server/modules/email/email-log.service.ts
var hidden = "token=(hidden in the email log)";
var withoutStaffLinks = (r, c2) => r.template === "staff_reset" ? { ...c2, text: c2.text.replace(/token=[\w-]+/g, hidden), html: c2.html.replace(/token=[\w-]+/g, hidden) } : c2;
var present3 = (r) => {
  const c2 = withoutStaffLinks(r, emailContent(r) ?? { subject: "", text: "", html: "" });
  return {
    id: r.id,
    recipient: r.recipient ?? "",
    template: r.template ?? r.task,
    subject: c2.subject,
    status: r.status,
    attempts: r.attempts,
    lastError: r.lastError,
    createdAt: r.createdAt.toISOString(),
    sentAt: r.sentAt?.toISOString() ?? null,
    attachments: r.attachments ?? [],
    ...r.textBody !== void 0 ? { textBody: c2.text, htmlBody: c2.html } : {}
  };
};
function createEmailLogService(d, { outbox: { getEmail: getEmail2, listEmails: listEmails2 } }) {
  async function listEmailLog(actor, q) {
    authorize(actor, "emailLog.read");
    const { items, total, totalCapped } = await listEmails2(d.db, actor.tenantId, q);
    return { items: items.map(present3), total, totalCapped, page: q.page, pageSize: q.pageSize };
  }
  async function readEmail(actor, id) {
    authorize(actor, "emailLog.read");
    const row = await getEmail2(d.db, actor.tenantId, id);
    if (!row) throw notFound("Email not found");
    return present3(row);
  }
  return { listEmailLog, readEmail };
}

// src/server/modules/invoices/invoices.service.ts
import Decimal6 from "decimal.js";

// src/server/modules/invoices/invoice-pdf.ts
import PDFDocument2 from "pdfkit";
var longDay = (day2) => new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", day: "numeric", month: "long", year: "numeric" }).format(/* @__PURE__ */ new Date(`${day2}T12:00:00Z`));
var longInstant = (at, timeZone) => new Intl.DateTimeFormat("en-GB", { timeZone, day: "numeric", month: "long", year: "numeric" }).format(at);
var quantity = (q) => q.replace(/\.?0+$/, "") || "0";
var LEFT = 50;
var RIGHT = 545;
var BOTTOM = 770;
var cols = [LEFT, 330, 390, 470];
var widths = [cols[1] - cols[0] - 8, cols[2] - cols[1] - 8, cols[3] - cols[2] - 8, RIGHT - cols[3]];
function renderInvoicePdf(p) {
  const inv = p.invoice;
  const money2 = (a) => formatMoney(a, inv.currency, "en-GB");
  const title = inv.displayNumber ? `Invoice ${inv.displayNumber}` : "Draft invoice";
  const doc = new PDFDocument2({ size: "A4", margin: 50, bufferPages: true, info: { Title: `${title} to ${inv.accountName}`, Author: p.issuer.name, Subject: title } });
  const chunks = [];
  doc.on("data", (c2) => chunks.push(c2));
  const done = new Promise((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  let y = 50;
  if (p.issuer.logo) {
    try {
      doc.image(p.issuer.logo, LEFT, y, { fit: [180, 60] });
      y += 68;
    } catch {
    }
  }
  doc.font("Helvetica-Bold").fontSize(15).fillColor("#000").text(p.issuer.name, LEFT, y, { width: 280 });
  doc.font("Helvetica").fontSize(9).fillColor("#333");
  if (p.issuer.address) doc.text(p.issuer.address, LEFT, doc.y + 2, { width: 280 });
  const leftBottom = doc.y;
  doc.font("Helvetica-Bold").fontSize(20).fillColor("#000").text(inv.displayNumber ? "INVOICE" : "DRAFT INVOICE", 330, 50, { width: RIGHT - 330, align: "right" });
  doc.font("Helvetica").fontSize(10);
  const facts = [
    ["Invoice number", inv.displayNumber ?? "Not issued yet"],
    ["Status", invoiceStatusLabels[inv.status]],
    ["Invoice date", longDay(inv.invoiceDate)],
    ["Due date", longDay(inv.dueDate)]
  ];
  if (inv.poNumber) facts.push(["PO number", inv.poNumber]);
  if (inv.salesRepName) facts.push(["Sales representative", inv.salesRepName]);
  if (inv.jobNumber) facts.push(["Project", `${inv.jobNumber} \xB7 ${inv.jobName ?? ""}`]);
  if (inv.contractName) facts.push(["Contract", inv.contractName]);
  if (inv.sentAt) facts.push(["Sent on", longInstant(inv.sentAt, p.timeZone)]);
  let fy = doc.y + 6;
  for (const [label2, value] of facts) {
    doc.font("Helvetica").fillColor("#555").text(label2, 330, fy, { width: 95 });
    doc.font("Helvetica").fillColor("#000").text(value, 425, fy, { width: RIGHT - 425, align: "right" });
    fy = Math.max(doc.y, fy + 12) + 2;
  }
  y = Math.max(leftBottom, fy) + 18;
  doc.font("Helvetica-Bold").fontSize(10).fillColor("#555").text("Bill to", LEFT, y);
  doc.font("Helvetica").fillColor("#000").text(inv.toText || inv.accountName, LEFT, doc.y + 2, { width: 280 });
  if (inv.status === "void") {
    doc.moveDown(0.5).font("Helvetica-Bold").fillColor("#b00").text(`VOID${inv.voidReason ? `: ${inv.voidReason}` : ""}`, LEFT, doc.y, { width: RIGHT - LEFT });
  }
  y = doc.y + 18;
  const header = () => {
    doc.font("Helvetica-Bold").fontSize(10).fillColor("#000");
    ["Description", "Quantity", "Unit price", "Amount"].forEach((h, i) => doc.text(h, cols[i], y, { width: widths[i], align: i === 0 ? "left" : "right" }));
    y = doc.y + 3;
    doc.moveTo(LEFT, y).lineTo(RIGHT, y).strokeColor("#999").lineWidth(0.5).stroke();
    y += 5;
    doc.font("Helvetica").fontSize(10);
  };
  header();
  if (p.lines.length === 0) {
    doc.fillColor("#555").text("No lines.", LEFT, y);
    y = doc.y + 4;
  }
  for (const l of p.lines) {
    const height = Math.max(doc.heightOfString(l.description, { width: widths[0] }), 12);
    if (y + height > BOTTOM) {
      doc.addPage();
      y = 50;
      header();
    }
    doc.fillColor("#000").text(l.description, cols[0], y, { width: widths[0] });
    doc.text(quantity(l.quantity), cols[1], y, { width: widths[1], align: "right" });
    doc.text(money2(l.unitPrice), cols[2], y, { width: widths[2], align: "right" });
    doc.text(money2(l.amount), cols[3], y, { width: widths[3], align: "right" });
    y += height + 5;
  }
  doc.moveTo(LEFT, y).lineTo(RIGHT, y).strokeColor("#999").lineWidth(0.5).stroke();
  y += 8;
  const totals = [["Subtotal", money2(inv.subtotal), false]];
  if (Number(inv.discountAmount) > 0) totals.push(["Discount", `-${money2(inv.discountAmount)}`, false]);
  totals.push([`Tax (${Number(inv.taxRate)} %)`, money2(inv.taxAmount), false], ["Grand total", money2(inv.grandTotal), true], ["Paid", money2(inv.paidAmount), false], ["Payment due", money2(inv.paymentDue), true]);
  if (y + totals.length * 16 > BOTTOM) {
    doc.addPage();
    y = 50;
  }
  for (const [label2, value, bold] of totals) {
    doc.font(bold ? "Helvetica-Bold" : "Helvetica").fontSize(10).fillColor("#000");
    doc.text(label2, 330, y, { width: 130 });
    doc.text(value, cols[3] - 30, y, { width: widths[3] + 30, align: "right" });
    y += 16;
  }
  const section = (heading, minHeight) => {
    y += 12;
    if (y + minHeight > BOTTOM) {
      doc.addPage();
      y = 50;
    }
    doc.font("Helvetica-Bold").fontSize(11).fillColor("#000").text(heading, LEFT, y);
    y = doc.y + 4;
    doc.font("Helvetica").fontSize(10);
  };
  if (p.payments.length) {
    section("Payments", 40);
    for (const pay of p.payments) {
      if (y + 14 > BOTTOM) {
        doc.addPage();
        y = 50;
      }
      const method = paymentMethodLabels[pay.method] ?? pay.method;
      doc.text(`${longDay(pay.paidOn)} \xB7 ${method}${pay.reference ? ` \xB7 ${pay.reference}` : ""}`, LEFT, y, { width: 380 });
      doc.text(money2(pay.amount), cols[3] - 30, y, { width: widths[3] + 30, align: "right" });
      y = doc.y + 4;
    }
  }
  if (inv.notes) {
    section("Notes", 30);
    doc.text(inv.notes, LEFT, y, { width: RIGHT - LEFT });
    y = doc.y;
  }
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    doc.page.margins.bottom = 0;
    doc.font("Helvetica").fontSize(8).fillColor("#777").text(`${title} \xB7 Page ${i + 1} of ${range.count}`, LEFT, 800, { width: RIGHT - LEFT, align: "center", lineBreak: false });
  }
  doc.end();
  return done;
}

// src/server/modules/invoices/invoices.presenter.ts
import Decimal4 from "decimal.js";
var paymentDue = (r) => new Decimal4(r.grandTotal).minus(r.paidAmount).toFixed(2);
var statusOf2 = (r, today) => shownInvoiceStatus(r.status, r.dueDate, today);
function presentListItem(r, today) {
  return {
    id: r.id,
    number: r.number,
    displayNumber: r.displayNumber,
    status: statusOf2(r, today),
    account: { id: r.accountId, name: r.accountName },
    poNumber: r.poNumber,
    invoiceDate: r.invoiceDate,
    dueDate: r.dueDate,
    currency: r.currency,
    grandTotal: r.grandTotal,
    paidAmount: r.paidAmount,
    paymentDue: paymentDue(r),
    sentAt: r.sentAt?.toISOString() ?? null
  };
}
var presentLine2 = (l) => ({ id: l.id, description: l.description, quantity: l.quantity, unitPrice: l.unitPrice, amount: l.amount, approvalRequestId: l.approvalRequestId });
var presentPayment = (p) => ({ id: p.id, paidOn: p.paidOn, amount: p.amount, method: p.method, reference: p.reference });
function core(r, lines, payments, issuer, today) {
  const draft = r.status === "draft";
  return {
    id: r.id,
    number: r.number,
    displayNumber: r.displayNumber,
    status: statusOf2(r, today),
    account: { id: r.accountId, name: r.accountName },
    poNumber: r.poNumber,
    fromText: draft ? issuerText(issuer) : r.fromText,
    toText: r.toText || r.accountName,
    invoiceDate: r.invoiceDate,
    dueDate: r.dueDate,
    salesRep: r.salesRepStaffId && r.salesRepName ? { id: r.salesRepStaffId, name: r.salesRepName } : null,
    project: r.jobId && r.jobNumber ? { id: r.jobId, number: r.jobNumber, name: r.jobName ?? "" } : null,
    contract: r.contractId && r.contractName ? { id: r.contractId, name: r.contractName } : null,
    currency: r.currency,
    taxRate: r.taxRate,
    subtotal: r.subtotal,
    discountAmount: r.discountAmount,
    taxAmount: r.taxAmount,
    grandTotal: r.grandTotal,
    paidAmount: r.paidAmount,
    paymentDue: paymentDue(r),
    notes: r.notes,
    sentAt: r.sentAt?.toISOString() ?? null,
    voidedAt: r.voidedAt?.toISOString() ?? null,
    lines: lines.map(presentLine2),
    payments: payments.map(presentPayment)
  };
}
var issuerText = (i) => [i.name, i.address].filter(Boolean).join("\n");
function presentStaffInvoice(r, x) {
  const owed = new Decimal4(paymentDue(r)).gt(0);
  const issued = r.status === "sent" || r.status === "partly_paid" || r.status === "paid";
  return {
    ...core(r, x.lines, x.payments, x.issuer, x.today),
    storedStatus: r.status,
    issuer: x.issuer,
    voidReason: r.voidReason,
    voidedBy: r.voidedByName,
    createdBy: r.createdByName,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    approvals: x.approvals,
    payments: x.payments.map((p) => ({ ...presentPayment(p), recordedBy: p.recordedByName, createdAt: p.createdAt.toISOString() })),
    recipientOptions: x.recipients,
    today: x.today,
    can: {
      edit: x.mayManage && r.status === "draft",
      delete: x.mayManage && r.status === "draft",
      send: x.mayManage && (r.status === "draft" || issued),
      recordPayment: x.mayManage && (r.status === "sent" || r.status === "partly_paid") && owed,
      void: x.mayManage && r.status === "sent" && new Decimal4(r.paidAmount).isZero()
    }
  };
}
function presentPortalInvoice(r, lines, payments, issuer, today) {
  return { ...core(r, lines, payments, issuer, today), issuer };
}

// src/shared/invoice-totals.ts
import Decimal5 from "decimal.js";
var MAX_TOTAL = new Decimal5("999999999999.99");
var dec = (v) => {
  try {
    return new Decimal5(v === void 0 || v === null || v === "" ? 0 : v);
  } catch {
    return new Decimal5(Number.NaN);
  }
};
var cents = (d) => d.toDecimalPlaces(2, Decimal5.ROUND_HALF_UP);
var money = (d) => d.isFinite() ? d.toFixed(2) : "0.00";
var lineAmount = (quantity2, unitPrice) => money(cents(dec(quantity2).times(dec(unitPrice))));
function invoiceTotals(v) {
  const amounts = v.lines.map((l) => cents(dec(l.quantity).times(dec(l.unitPrice))));
  const subtotal = amounts.reduce((sum, a) => sum.plus(a), new Decimal5(0));
  const discount = cents(dec(v.discountAmount));
  const taxable = subtotal.minus(discount);
  const tax = cents(taxable.times(dec(v.taxRate)).dividedBy(100));
  const grand = taxable.plus(tax);
  const paid = cents(dec(v.paidAmount));
  return {
    lineAmounts: amounts.map(money),
    subtotal: money(subtotal),
    discount: money(discount),
    taxable: money(taxable),
    tax: money(tax),
    grandTotal: money(grand),
    paid: money(paid),
    paymentDue: money(grand.minus(paid))
  };
}
function totalsProblem(v) {
  for (const [i, l] of v.lines.entries()) {
    const q = dec(l.quantity);
    if (!q.isFinite()) return { field: `lines.${i}.quantity`, message: "is not a number" };
    if (q.lte(0)) return { field: `lines.${i}.quantity`, message: "must be more than 0: negative and zero quantities are not accepted" };
    const u = dec(l.unitPrice);
    if (!u.isFinite() || u.isNegative()) return { field: `lines.${i}.unitPrice`, message: "must be 0 or more" };
  }
  const t = invoiceTotals(v);
  if (dec(t.subtotal).gt(MAX_TOTAL) || dec(t.grandTotal).gt(MAX_TOTAL)) return { field: "lines", message: "add up to more than an invoice can hold (999,999,999,999.99)" };
  if (dec(v.discountAmount).gt(dec(t.subtotal))) return { field: "discountAmount", message: `must not be more than the subtotal (${t.subtotal})` };
  return null;
}
function paymentProblem(amount, paymentDue2) {
  const a = dec(amount);
  if (!a.isFinite() || a.lte(0)) return "must be more than 0";
  if (a.gt(dec(paymentDue2))) return `must not be more than the payment due (${money(dec(paymentDue2))})`;
  return null;
}
var isPaidInFull = (paid, grandTotal) => dec(paid).gte(dec(grandTotal));

// src/server/modules/invoices/totals.ts
function checkedTotals(v) {
  const problem = totalsProblem(v);
  if (problem) throw invalid(problem.field, problem.message);
  return invoiceTotals(v);
}

// src/server/modules/invoices/invoices.service.ts
var addDays2 = (day2, n) => new Date(Date.parse(`${day2}T00:00:00Z`) + n * 864e5).toISOString().slice(0, 10);
var label = (r) => r.displayNumber ?? "This draft";
var resourceOf = (r) => ({ tenantId: r.tenantId, accountId: r.accountId, publishedToPortal: r.status !== "draft" });
var pdfName = (r) => `invoice-${r.displayNumber ?? `draft-${r.id.slice(0, 8)}`}.pdf`.replace(/[^A-Za-z0-9._-]/g, "_");
async function readAll(stream) {
  const chunks = [];
  for await (const c2 of stream) chunks.push(c2);
  return Buffer.concat(chunks);
}
function createInvoicesService(d, { invoices: repo, approvals, accounts: accounts2, staff, tenants: tenants2, outbox: outbox2 }) {
  const today = (s2) => dayIn(d.clock(), s2.timeZone);
  async function issuerOf(tx, tenantId, s2) {
    const tenant2 = await tenants2.getTenant(tx, tenantId);
    return { name: tenant2?.name ?? s2.portalName, address: s2.companyAddress, hasLogo: !!s2.companyLogoKey };
  }
  async function logoOf(s2) {
    if (!s2.companyLogoKey) return null;
    try {
      return await readAll(d.files.open(s2.companyLogoKey));
    } catch {
      return null;
    }
  }
  async function load(tenantId, id, tx) {
    const r = await repo.getInvoice(tx ?? d.db, tenantId, id, tx !== void 0);
    if (!r) throw notFound("Invoice not found");
    return r;
  }
  async function recipientsOf(db, tenantId, accountId) {
    const rows = await repo.listRecipientOptions(db, tenantId, accountId);
    return rows.map((c2) => ({
      id: c2.id,
      name: `${c2.firstName} ${c2.lastName}`,
      firstName: c2.firstName,
      email: c2.email,
      clientAdmin: c2.clientAdmin,
      hasPortalAccess: c2.hasPortalAccess,
      isDefault: c2.clientAdmin && c2.hasPortalAccess,
      seesInvoices: c2.hasPortalAccess && c2.seesInvoices
    }));
  }
  async function present5(actor, r, db = d.db) {
    const settings = await tenants2.getSettings(db, actor.tenantId);
    const [lines, payments, approvalRows, recipients, issuer] = await Promise.all([
      repo.listLines(db, actor.tenantId, r.id),
      repo.listPayments(db, actor.tenantId, r.id),
      repo.listInvoiceApprovals(db, actor.tenantId, r.id),
      recipientsOf(db, actor.tenantId, r.accountId),
      issuerOf(db, actor.tenantId, settings)
    ]);
    return presentStaffInvoice(r, {
      lines,
      payments,
      approvals: approvalRows,
      recipients: recipients.map(({ seesInvoices: _, firstName: __, ...o }) => o),
      issuer,
      today: today(settings),
      mayManage: can(actor, "invoice.manage")
    });
  }
  async function list(actor, q) {
    authorize(actor, "invoice.read");
    const settings = await tenants2.getSettings(d.db, actor.tenantId);
    const day2 = today(settings);
    const { rows, total } = await repo.listInvoices(d.db, actor.tenantId, { ...q, today: day2 });
    return { items: rows.map((r) => presentListItem(r, day2)), total, totalCapped: false, page: q.page, pageSize: q.pageSize, today: day2 };
  }
  async function get(actor, id) {
    authorize(actor, "invoice.read");
    return present5(actor, await load(actor.tenantId, id));
  }
  async function options2(actor, accountId) {
    authorize(actor, "invoice.read");
    const account = await accounts2.getAccount(d.db, actor.tenantId, accountId);
    if (!account) throw notFound("Account not found");
    const settings = await tenants2.getSettings(d.db, actor.tenantId);
    const [jobs2, contracts2] = await Promise.all([repo.listAccountJobs(d.db, actor.tenantId, accountId), repo.listAccountContracts(d.db, actor.tenantId, accountId)]);
    const day2 = today(settings);
    return {
      account: { id: account.id, name: account.name },
      jobs: jobs2.map((j) => ({ id: j.id, number: j.number, name: j.name, isProject: j.isProject })),
      contracts: contracts2,
      defaults: { invoiceDate: day2, dueDate: addDays2(day2, settings.invoicePaymentTermsDays), taxRate: settings.defaultTaxRate, toText: toTextOf(account), currency: settings.currency }
    };
  }
  const toTextOf = (a) => a.number ? `${a.name}
Account ${a.number}` : a.name;
  async function accountFor(tenantId, accountId) {
    const account = await accounts2.getAccount(d.db, tenantId, accountId);
    if (!account) throw invalid("accountId", "is not an account");
    if (account.archivedAt) throw invalid("accountId", "is archived: restore the account to invoice it");
    return account;
  }
  async function checkReferences(tenantId, accountId, v) {
    if (v.salesRepStaffId) {
      const rep = await staff.getStaff(d.db, tenantId, v.salesRepStaffId);
      if (!rep) throw invalid("salesRepStaffId", "is not a staff member");
    }
    const found = await repo.findAccountReferences(d.db, tenantId, accountId, v);
    if (v.jobId && !found.job) throw invalid("jobId", "is not a job of this account");
    if (v.contractId && !found.contract) throw invalid("contractId", "is not a contract of this account");
  }
  function checkDates(invoiceDate, dueDate) {
    if (dueDate < invoiceDate) throw invalid("dueDate", "must be on or after the invoice date");
  }
  function checkLineApprovals(lines, held) {
    lines.forEach((l, i) => {
      if (l.approvalRequestId && !held.has(l.approvalRequestId)) throw invalid(`lines.${i}.approvalRequestId`, "is not approved work this invoice bills");
    });
  }
  const lineRows = (lines, amounts) => lines.map((l, i) => ({ sort: i, description: l.description, quantity: l.quantity, unitPrice: l.unitPrice, amount: amounts[i], approvalRequestId: l.approvalRequestId ?? null, timeEntryId: l.timeEntryId ?? null }));
  async function insertDraft(tx, actor, v, lines, totals) {
    const now2 = d.clock();
    const id = await repo.insertInvoice(tx, actor.tenantId, {
      ...v,
      status: "draft",
      discountAmount: totals.discount,
      subtotal: totals.subtotal,
      taxAmount: totals.tax,
      grandTotal: totals.grandTotal,
      createdByStaffId: actor.staffId,
      createdAt: now2,
      updatedAt: now2
    });
    await repo.replaceLines(tx, actor.tenantId, id, lineRows(lines, totals.lineAmounts));
    return id;
  }
  async function create(actor, body) {
    authorize(actor, "invoice.manage");
    const settings = await tenants2.getSettings(d.db, actor.tenantId);
    const account = await accountFor(actor.tenantId, body.accountId);
    await checkReferences(actor.tenantId, account.id, body);
    const invoiceDate = body.invoiceDate ?? today(settings);
    const dueDate = body.dueDate ?? addDays2(invoiceDate, settings.invoicePaymentTermsDays);
    checkDates(invoiceDate, dueDate);
    checkLineApprovals(body.lines, /* @__PURE__ */ new Set());
    const taxRate = body.taxRate ?? settings.defaultTaxRate;
    const discountAmount = body.discountAmount ?? "0";
    const totals = checkedTotals({ lines: body.lines, discountAmount, taxRate });
    const id = await inTransaction(
      d,
      (tx) => insertDraft(
        tx,
        actor,
        {
          accountId: account.id,
          currency: settings.currency,
          poNumber: body.poNumber ?? "",
          toText: body.toText || toTextOf(account),
          invoiceDate,
          dueDate,
          salesRepStaffId: body.salesRepStaffId ?? null,
          jobId: body.jobId ?? null,
          contractId: body.contractId ?? null,
          taxRate,
          notes: body.notes ?? ""
        },
        body.lines,
        totals
      )
    );
    return get(actor, id);
  }
  const issuedRefusal = (r) => new AppError("CONFLICT", r.status === "void" ? `${label(r)} is void.` : `${label(r)} was issued, so its lines and amounts can no longer change: void it and issue a new one instead.`);
  async function update(actor, id, body) {
    authorize(actor, "invoice.manage");
    const first = await load(actor.tenantId, id);
    if (first.status !== "draft") throw issuedRefusal(first);
    await checkReferences(actor.tenantId, first.accountId, body);
    const invoiceDate = body.invoiceDate ?? first.invoiceDate;
    const dueDate = body.dueDate ?? first.dueDate;
    checkDates(invoiceDate, dueDate);
    await inTransaction(d, async (tx) => {
      const r = await load(actor.tenantId, id, tx);
      if (r.status !== "draft") throw issuedRefusal(r);
      const held = new Set((await repo.listInvoiceApprovals(tx, actor.tenantId, id)).map((a) => a.id));
      const lines = body.lines ?? await repo.listLines(tx, actor.tenantId, id);
      if (body.lines) checkLineApprovals(body.lines, held);
      const taxRate = body.taxRate ?? r.taxRate;
      const discountAmount = body.discountAmount ?? r.discountAmount;
      const totals = checkedTotals({ lines, discountAmount, taxRate });
      await repo.updateDraft(tx, actor.tenantId, id, {
        invoiceDate,
        dueDate,
        ...body.poNumber !== void 0 ? { poNumber: body.poNumber } : {},
        ...body.toText !== void 0 ? { toText: body.toText || toTextOf({ name: r.accountName, number: null }) } : {},
        ...body.salesRepStaffId !== void 0 ? { salesRepStaffId: body.salesRepStaffId } : {},
        ...body.jobId !== void 0 ? { jobId: body.jobId } : {},
        ...body.contractId !== void 0 ? { contractId: body.contractId } : {},
        ...body.notes !== void 0 ? { notes: body.notes } : {},
        taxRate,
        discountAmount: totals.discount,
        subtotal: totals.subtotal,
        taxAmount: totals.tax,
        grandTotal: totals.grandTotal,
        updatedAt: d.clock()
      });
      if (body.lines) await repo.replaceLines(tx, actor.tenantId, id, lineRows(body.lines, totals.lineAmounts));
    });
    return get(actor, id);
  }
  async function remove(actor, id) {
    authorize(actor, "invoice.manage");
    const first = await load(actor.tenantId, id);
    if (first.status !== "draft") throw new AppError("CONFLICT", `${label(first)} was issued, so it cannot be deleted: void it instead (it keeps its number).`);
    await inTransaction(d, async (tx) => {
      if (!await repo.deleteDraft(tx, actor.tenantId, id)) throw new AppError("CONFLICT", "This draft was issued meanwhile, so it was not deleted: reload to see it.");
    });
    return { ok: true, message: "The draft was deleted." };
  }
  function chooseRecipients(all, accountName, body) {
    let chosen = all.filter((c2) => c2.isDefault);
    if (body.contactIds) {
      const byId = new Map(all.map((c2) => [c2.id, c2]));
      const unknown = body.contactIds.find((id) => !byId.has(id));
      if (unknown) throw invalid("contactIds", `must be contacts of ${accountName} with an email address`);
      chosen = [...new Set(body.contactIds)].map((id) => byId.get(id));
    }
    const extra = body.extraEmails.filter((e) => !chosen.some((c2) => c2.email.toLowerCase() === e));
    if (chosen.length === 0 && extra.length === 0) {
      throw invalid("contactIds", `must name at least one recipient: ${accountName} has no client administrator with portal access and an email address`);
    }
    return { chosen, extra: [...new Set(extra)] };
  }
  async function pdfOf(db, tenantId, r) {
    const settings = await tenants2.getSettings(db, tenantId);
    const [lines, payments, issuer, logo] = await Promise.all([repo.listLines(db, tenantId, r.id), repo.listPayments(db, tenantId, r.id), issuerOf(db, tenantId, settings), logoOf(settings)]);
    const fromLines = r.status === "draft" ? null : r.fromText.split("\n");
    const pdf = await renderInvoicePdf({
      // An issued invoice prints the issuer frozen when it was issued; a draft prints the company as it is now.
      issuer: { name: fromLines ? fromLines[0] : issuer.name, address: fromLines ? fromLines.slice(1).join("\n") : issuer.address, logo },
      invoice: { ...r, status: statusOf2(r, today(settings)), toText: r.toText || r.accountName, paymentDue: paymentDue(r) },
      lines,
      payments,
      timeZone: settings.timeZone
    });
    return { pdf, filename: pdfName(r) };
  }
  async function issue(tx, actor, r, now2) {
    if ((await repo.listLines(tx, actor.tenantId, r.id)).length === 0) throw invalid("lines", "must hold at least one line before the invoice is issued");
    const settings = await tenants2.getSettings(tx, actor.tenantId);
    const issuer = await issuerOf(tx, actor.tenantId, settings);
    const { number, prefix } = await repo.takeInvoiceNumber(tx, actor.tenantId);
    await repo.issueDraft(tx, actor.tenantId, r.id, { number, displayNumber: `${prefix}${number}`, fromText: issuerText(issuer), toText: r.toText || r.accountName, sentAt: now2 });
    return await repo.getInvoice(tx, actor.tenantId, r.id);
  }
  async function send(actor, id, body) {
    authorize(actor, "invoice.manage");
    const first = await load(actor.tenantId, id);
    if (first.status === "void") throw new AppError("CONFLICT", `${label(first)} is void, so it cannot be sent.`);
    const { chosen, extra } = chooseRecipients(await recipientsOf(d.db, actor.tenantId, first.accountId), first.accountName, body);
    const emailedTo = await inTransaction(d, async (tx) => {
      let r = await load(actor.tenantId, id, tx);
      if (r.status === "void") throw new AppError("CONFLICT", `${label(r)} is void, so it cannot be sent.`);
      const resent = r.status !== "draft";
      const now2 = d.clock();
      if (!resent) r = await issue(tx, actor, r, now2);
      const settings = await tenants2.getSettings(tx, actor.tenantId);
      const { pdf, filename } = await pdfOf(tx, actor.tenantId, r);
      const attachments2 = [{ filename, contentType: "application/pdf", contentBase64: pdf.toString("base64") }];
      const common2 = {
        portalName: settings.portalName,
        company: r.fromText.split("\n")[0],
        number: r.displayNumber,
        account: r.accountName,
        amount: formatMoney(paymentDue(r), r.currency, "en-GB"),
        dueOn: longDay(r.dueDate),
        resent,
        attachments: attachments2
      };
      const link = `${portalBase(d, settings)}/invoices/${r.id}?account=${r.accountId}`;
      for (const c2 of chosen) await outbox2.queueEmail(tx, actor.tenantId, "invoice_sent", { ...common2, to: c2.email, firstName: c2.firstName, link: c2.seesInvoices ? link : null }, now2);
      for (const e of extra) await outbox2.queueEmail(tx, actor.tenantId, "invoice_sent", { ...common2, to: e, firstName: "", link: null }, now2);
      return [...chosen.map((c2) => c2.email), ...extra];
    }, "This invoice was issued at the same moment by someone else; reload to see its number.");
    return { invoice: await get(actor, id), emailedTo };
  }
  async function markSent(actor, id) {
    authorize(actor, "invoice.manage");
    const first = await load(actor.tenantId, id);
    if (first.status !== "draft") throw new AppError("CONFLICT", `${label(first)} was already issued.`);
    await inTransaction(d, async (tx) => {
      const r = await load(actor.tenantId, id, tx);
      if (r.status !== "draft") throw new AppError("CONFLICT", `${label(r)} was already issued.`);
      await issue(tx, actor, r, d.clock());
    });
    return get(actor, id);
  }
  async function recordPayment(actor, id, body) {
    authorize(actor, "invoice.manage");
    const first = await load(actor.tenantId, id);
    const settings = await tenants2.getSettings(d.db, actor.tenantId);
    const refusal = (r) => r.status === "draft" ? new AppError("CONFLICT", "This draft is not issued yet: send it or mark it as sent before recording a payment.") : r.status === "void" ? new AppError("CONFLICT", `${label(r)} is void, so it takes no payments.`) : r.status === "paid" ? new AppError("CONFLICT", `${label(r)} is already paid in full.`) : null;
    const early = refusal(first);
    if (early) throw early;
    if (body.paidOn > today(settings)) throw invalid("paidOn", "cannot be in the future");
    if (body.paidOn < first.invoiceDate) throw invalid("paidOn", `cannot be before the invoice date (${first.invoiceDate})`);
    await inTransaction(d, async (tx) => {
      const r = await load(actor.tenantId, id, tx);
      const late = refusal(r);
      if (late) throw late;
      const problem = paymentProblem(body.amount, paymentDue(r));
      if (problem) throw invalid("amount", problem);
      const now2 = d.clock();
      await repo.insertPayment(tx, actor.tenantId, { invoiceId: id, paidOn: body.paidOn, amount: new Decimal6(body.amount).toFixed(2), method: body.method, reference: body.reference, recordedByStaffId: actor.staffId, createdAt: now2 });
      const paid = new Decimal6(r.paidAmount).plus(body.amount).toFixed(2);
      await repo.setPaid(tx, actor.tenantId, id, { paidAmount: paid, status: isPaidInFull(paid, r.grandTotal) ? "paid" : "partly_paid", updatedAt: now2 });
    });
    return get(actor, id);
  }
  async function voidInvoice(actor, id, reason) {
    authorize(actor, "invoice.manage");
    const refusal = (r) => r.status === "draft" ? new AppError("CONFLICT", "A draft is not voided: delete it instead.") : r.status === "void" ? new AppError("CONFLICT", `${label(r)} is already void.`) : new Decimal6(r.paidAmount).gt(0) ? new AppError("CONFLICT", `${label(r)} cannot be voided: ${formatMoney(r.paidAmount, r.currency, "en-GB")} of payments are recorded against it. Only an invoice with nothing paid can be voided.`) : null;
    const early = refusal(await load(actor.tenantId, id));
    if (early) throw early;
    await inTransaction(d, async (tx) => {
      const r = await load(actor.tenantId, id, tx);
      const late = refusal(r);
      if (late) throw late;
      await repo.voidIssued(tx, actor.tenantId, id, { voidedAt: d.clock(), voidReason: reason, voidedByStaffId: actor.staffId });
      await repo.releaseApprovals(tx, actor.tenantId, id);
    });
    return get(actor, id);
  }
  async function staffPdf(actor, id) {
    authorize(actor, "invoice.read");
    return pdfOf(d.db, actor.tenantId, await load(actor.tenantId, id));
  }
  async function invoiceableApprovals(actor, accountId) {
    authorize(actor, "invoice.manage");
    const account = await accounts2.getAccount(d.db, actor.tenantId, accountId);
    if (!account) throw notFound("Account not found");
    const [rows, settings] = await Promise.all([repo.listInvoiceableApprovals(d.db, actor.tenantId, accountId), tenants2.getSettings(d.db, actor.tenantId)]);
    return {
      currency: settings.currency,
      items: rows.map((r) => ({
        id: r.id,
        job: { id: r.jobId, number: r.jobNumber, name: r.jobName },
        version: r.version,
        cutOff: r.cutOff,
        approvedAt: r.closedAt?.toISOString() ?? null,
        totalHours: r.totalHours,
        totalAmount: r.totalAmount,
        lineCount: r.lineCount
      }))
    };
  }
  function approvalLines2(versions, lines, grouping) {
    const out = [];
    for (const v of versions) {
      const own = lines.filter((l) => l.requestId === v.id);
      const each = own.map((l) => ({
        description: `${l.workDate} \xB7 #${l.ticketNumber} ${l.ticketTitle} \xB7 ${l.staffName}${l.note ? ` \u2014 ${l.note}` : ""}`.slice(0, 500),
        quantity: l.hours,
        unitPrice: l.rate,
        approvalRequestId: v.id,
        timeEntryId: l.timeEntryId
      }));
      if (grouping !== "per_version") {
        out.push(...each);
        continue;
      }
      const rates = [...new Set(own.map((l) => l.rate))];
      for (const rate of rates) {
        const group = own.filter((l) => l.rate === rate);
        const hours = group.reduce((h, l) => h.plus(l.hours), new Decimal6(0)).toFixed(2);
        const approved = group.reduce((a, l) => a.plus(l.amount), new Decimal6(0));
        if (new Decimal6(lineAmount(hours, rate)).eq(approved)) {
          const at = rates.length > 1 ? ` at ${rate} an hour` : "";
          out.push({ description: `${v.jobNumber} \xB7 ${v.jobName}: approved work up to ${v.cutOff} (version ${v.version})${at}`.slice(0, 500), quantity: hours, unitPrice: rate, approvalRequestId: v.id });
        } else {
          out.push(...each.filter((_, i) => own[i].rate === rate));
        }
      }
    }
    return out;
  }
  async function createFromApprovals(actor, body) {
    authorize(actor, "invoice.manage");
    const settings = await tenants2.getSettings(d.db, actor.tenantId);
    const account = await accountFor(actor.tenantId, body.accountId);
    const invoiceDate = body.invoiceDate ?? today(settings);
    const dueDate = body.dueDate ?? addDays2(invoiceDate, settings.invoicePaymentTermsDays);
    checkDates(invoiceDate, dueDate);
    const ids = [...new Set(body.approvalRequestIds)].sort();
    const conflict2 = "This approved work was put on another invoice at the same moment; reload to see what is left to invoice.";
    const id = await inTransaction(d, async (tx) => {
      const versions = [];
      for (const rid of ids) {
        const v = await approvals.getRequest(tx, actor.tenantId, rid, true);
        if (!v || v.accountId !== account.id) throw invalid("approvalRequestIds", `must be approved work of ${account.name}`);
        if (v.status !== "approved") throw new AppError("CONFLICT", `Version ${v.version} of ${v.jobNumber} \xB7 ${v.jobName} is not approved (it is ${v.status}), so it cannot be invoiced.`);
        const held = await repo.isApprovalInvoiced(tx, actor.tenantId, rid);
        if (held) throw new AppError("CONFLICT", `Version ${v.version} of ${v.jobNumber} \xB7 ${v.jobName} is already on ${held.displayNumber ?? "a draft invoice"}.`);
        versions.push(v);
      }
      const lines = approvalLines2(versions, await approvals.listLines(tx, actor.tenantId, ids), body.grouping);
      const taxRate = settings.defaultTaxRate;
      const totals = checkedTotals({ lines, discountAmount: "0", taxRate });
      const jobIds = [...new Set(versions.map((v) => v.jobId))];
      const id2 = await insertDraft(
        tx,
        actor,
        { accountId: account.id, currency: settings.currency, poNumber: body.poNumber ?? "", toText: toTextOf(account), invoiceDate, dueDate, jobId: jobIds.length === 1 ? jobIds[0] : null, taxRate, notes: body.notes ?? "" },
        lines,
        totals
      );
      await repo.holdApprovals(tx, actor.tenantId, id2, ids);
      return id2;
    }, conflict2);
    return get(actor, id);
  }
  async function listForPortal(actor, q) {
    authorize(actor, "portal.invoice.list");
    const scope = portalInvoiceScope(actor);
    const settings = await tenants2.getSettings(d.db, actor.tenantId);
    const day2 = today(settings);
    const { rows, total } = await repo.listPortalInvoices(d.db, actor.tenantId, scope, { ...q, today: day2 });
    return { items: rows.map((r) => presentListItem(r, day2)), total, totalCapped: false, page: q.page, pageSize: q.pageSize, today: day2 };
  }
  async function loadForContact(actor, id) {
    authorize(actor, "portal.invoice.list");
    const r = await repo.getInvoice(d.db, actor.tenantId, id);
    if (!r || !can(actor, "portal.invoice.read", resourceOf(r))) throw notFound("Invoice not found");
    authorize(actor, "portal.invoice.read", resourceOf(r));
    return r;
  }
  async function getForPortal(actor, id) {
    const r = await loadForContact(actor, id);
    const settings = await tenants2.getSettings(d.db, actor.tenantId);
    const [lines, payments, issuer] = await Promise.all([repo.listLines(d.db, actor.tenantId, id), repo.listPayments(d.db, actor.tenantId, id), issuerOf(d.db, actor.tenantId, settings)]);
    return presentPortalInvoice(r, lines, payments, issuer, today(settings));
  }
  async function portalPdf(actor, id) {
    return pdfOf(d.db, actor.tenantId, await loadForContact(actor, id));
  }
  async function portalLogo(actor) {
    authorize(actor, "portal.invoice.list");
    const logo = await logoOf(await tenants2.getSettings(d.db, actor.tenantId));
    if (!logo) throw notFound("No logo");
    return logo;
  }
  return { list, get, options: options2, create, update, remove, send, markSent, recordPayment, voidInvoice, staffPdf, invoiceableApprovals, createFromApprovals, listForPortal, getForPortal, portalPdf, portalLogo };
}

// src/server/modules/jobs/jobs.service.ts
var presentJob2 = (j) => ({
  id: j.id,
  accountId: j.accountId,
  number: j.number,
  name: j.name,
  status: j.status,
  manager: j.managerStaffId ? { id: j.managerStaffId, name: j.managerName ?? "" } : null,
  contact: j.contactId ? { id: j.contactId, name: j.contactName ?? "" } : null,
  visibleInPortal: j.visibleInPortal,
  customersAddTickets: j.customersAddTickets,
  copyEmailsToManager: j.copyEmailsToManager,
  hoursVisible: j.hoursVisible,
  isDefault: j.isDefault,
  requiresApproval: j.requiresApproval,
  billingRate: j.billingRate
});
function createJobsService(d, { jobs: repo, accounts: { getAccount: getAccount2 }, contacts: { getContact: getContact2 }, staff: { getStaff: getStaff2 } }, { approvals }) {
  async function loadAccount(actor, accountId) {
    const a = await getAccount2(d.db, actor.tenantId, accountId);
    if (!a) throw notFound("Account not found");
    return a;
  }
  async function checkPeople(actor, accountId, v) {
    if (v.managerStaffId && !await getStaff2(d.db, actor.tenantId, v.managerStaffId)) throw invalid("managerStaffId", "is not a staff user");
    if (v.contactId) {
      const c2 = await getContact2(d.db, actor.tenantId, v.contactId);
      if (!c2 || !c2.accounts.some((a) => a.id === accountId)) throw invalid("contactId", "is not a contact of this account");
    }
  }
  async function listAccountJobs3(actor, accountId) {
    authorize(actor, "job.read");
    await loadAccount(actor, accountId);
    return { items: (await repo.listJobs(d.db, actor.tenantId, accountId)).map(presentJob2) };
  }
  async function createJob(actor, accountId, body) {
    authorize(actor, "job.manage");
    await loadAccount(actor, accountId);
    await checkPeople(actor, accountId, body);
    const id = await inTransaction(d, async (tx) => {
      const first = await repo.countJobs(tx, actor.tenantId, accountId) === 0;
      return repo.insertJob(tx, actor.tenantId, { ...body, accountId, isDefault: first });
    }, "Another job already has this number");
    return presentJob2(await repo.getJob(d.db, actor.tenantId, id));
  }
  async function loadJob(actor, id) {
    const j = await repo.getJob(d.db, actor.tenantId, id);
    if (!j) throw notFound("Job not found");
    return j;
  }
  async function updateJob2(actor, id, body) {
    authorize(actor, "job.manage");
    const j = await loadJob(actor, id);
    await checkPeople(actor, j.accountId, body);
    if (j.isDefault && body.status === "closed") throw new AppError("CONFLICT", "Make another job the default before closing this one");
    await inTransaction(d, async (tx) => {
      if (body.contactId !== void 0 && body.contactId !== j.contactId) await approvals.withdrawForNewContact(tx, actor, id);
      await repo.updateJob(tx, actor.tenantId, id, body);
    }, "Another job already has this number");
    return presentJob2(await loadJob(actor, id));
  }
  async function setDefaultJob(actor, id) {
    authorize(actor, "job.manage");
    const j = await loadJob(actor, id);
    if (j.status !== "active") throw new AppError("CONFLICT", "Only an active job can be the default");
    await inTransaction(d, (tx) => repo.makeDefaultJob(tx, actor.tenantId, j.accountId, id));
    return presentJob2(await loadJob(actor, id));
  }
  return { listAccountJobs: listAccountJobs3, createJob, updateJob: updateJob2, setDefaultJob };
}

// src/server/modules/lookups/lookups.service.ts
var presentLookup = (l) => ({
  id: l.id,
  kind: l.kind,
  name: l.name,
  parentId: l.parentId,
  accountId: l.accountId,
  sort: l.sort,
  isClosed: l.isClosed,
  awaitsCustomer: l.awaitsCustomer,
  active: l.active
});
var perAccount = /* @__PURE__ */ new Set(["site", "hardware_asset", "software_asset"]);
function createLookupsService(d, { lookups: repo, accounts: { findAccountIds: findAccountIds2 } }) {
  async function listLookups2(actor, q) {
    authorize(actor, "ticket.read");
    return { items: (await repo.listLookups(d.db, actor.tenantId, q)).map(presentLookup) };
  }
  async function createLookup(actor, body) {
    authorize(actor, "lookup.manage");
    if (perAccount.has(body.kind)) {
      if (!body.accountId) throw invalid("accountId", "is required for sites and assets");
      if ((await findAccountIds2(d.db, actor.tenantId, [body.accountId])).length === 0) throw invalid("accountId", "is not an account");
    } else if (body.accountId) throw invalid("accountId", "only sites and assets belong to an account");
    if (body.kind === "sub_issue_type") {
      const [parent] = body.parentId ? await repo.getLookups(d.db, actor.tenantId, [body.parentId]) : [];
      if (!parent || parent.kind !== "issue_type") throw invalid("parentId", "must be an issue type");
    } else if (body.parentId) throw invalid("parentId", "only sub-issue types have a parent");
    const row = await inTransaction(d, (tx) => repo.insertLookup(tx, actor.tenantId, { ...body, isClosed: body.kind === "status" && body.isClosed, awaitsCustomer: body.kind === "status" && body.awaitsCustomer }));
    return presentLookup(row);
  }
  async function updateLookup2(actor, id, body) {
    authorize(actor, "lookup.manage");
    const row = await inTransaction(d, (tx) => repo.updateLookup(tx, actor.tenantId, id, body));
    if (!row) throw notFound("List entry not found");
    return presentLookup(row);
  }
  return { listLookups: listLookups2, createLookup, updateLookup: updateLookup2 };
}

// src/server/modules/portal-access/portal-access.service.ts
import { randomInt } from "node:crypto";
var staffEventActor = (a, ip) => ({ kind: "staff", id: a.staffId, name: a.name, ip });
function requireStatus(c2, allowed, message) {
  if (!allowed.includes(c2.portalStatus)) throw new AppError("CONFLICT", message);
}
function createPortalAccessService(d, {
  contacts: contactsRepo,
  accounts: { findAccountIds: findAccountIds2 },
  sessions: { deleteContactSessions: deleteContactSessions2 },
  portalEvents: { listEvents: listEvents4, portalEventTypes: portalEventTypes2, recordEvent: recordEvent2 },
  tokens: { voidContactTokens: voidContactTokens2 }
}, { contacts: { getContact: getContact2, loadContact: loadContact2 }, links: { sendPasswordLink } }) {
  async function loadForManage(actor, id) {
    const c2 = await loadContact2(actor, id);
    authorize(actor, "portalAccess.manage", { tenantId: c2.tenantId, archived: c2.archivedAt !== null });
    return c2;
  }
  async function assertUsernameFree(tenantId, username, contactId, field = "username") {
    if (await contactsRepo.usernameTaken(d.db, tenantId, username, contactId)) {
      throw conflict("This username is already taken; choose another or press Generate", field);
    }
  }
  async function grantRefusal(actor, c2, username) {
    if (!c2.email) {
      const message = "Add an email address to the contact before granting portal access.";
      return { error: new AppError("VALIDATION", message, [{ field: "email", message }]), fix: "add_email" };
    }
    if (c2.portalStatus !== "not_enabled") return { error: new AppError("CONFLICT", "This contact already has portal access"), fix: null };
    if (c2.accounts.length === 0) return { error: invalid("accountIds", "the contact must belong to an account first"), fix: null };
    const same = await contactsRepo.otherPortalUserWithEmail(d.db, actor.tenantId, c2.email, c2.id);
    if (same) {
      const name = `${same.firstName} ${same.lastName}`.trim();
      const message = `${name} already signs in to the portal with this email address.`;
      return {
        error: new AppError("CONFLICT", `${message} Add this contact's accounts to ${name} instead of inviting a second login.`, [{ field: "email", message }], { id: same.id, name }),
        fix: null
      };
    }
    if (await contactsRepo.usernameTaken(d.db, actor.tenantId, username ?? c2.email.trim(), c2.id)) {
      return { error: conflict("This username is already taken; choose another or press Generate", username ? "username" : "email"), fix: "generate_username" };
    }
    return null;
  }
  async function grantOne(actor, c2, username, linkKind, ip) {
    const refused = await grantRefusal(actor, c2, username);
    if (refused) throw refused.error;
    await recordGrant(actor, c2, username, linkKind, ip);
  }
  async function recordGrant(actor, c2, username, linkKind, ip) {
    const name = username ?? c2.email.trim();
    const now2 = d.clock();
    await inTransaction(
      d,
      async (tx) => {
        await contactsRepo.updateContact(tx, actor.tenantId, c2.id, {
          portalUsername: name,
          portalStatus: "invited",
          passwordHash: null,
          activatedAt: null,
          failedLoginCount: 0,
          lockedUntil: null
        });
        await recordEvent2(tx, actor.tenantId, c2.id, "granted", staffEventActor(actor, ip), now2, { username: name });
        if (linkKind) {
          await sendPasswordLink(tx, actor.tenantId, { ...c2, portalUsername: name }, linkKind, staffEventActor(actor, ip));
        }
      },
      "This username or email is already used by another portal user"
    );
  }
  async function grantAccess(actor, id, body, ip) {
    const c2 = await loadForManage(actor, id);
    await grantOne(actor, c2, body.username, body.sendActivationEmail ? "activation" : null, ip);
    return getContact2(actor, id);
  }
  async function suggestUsername(actor, id) {
    const c2 = await loadForManage(actor, id);
    const ascii = (s2) => s2.normalize("NFKD").replace(/[^\x00-\x7f]/g, "").toLowerCase().replace(/[^a-z0-9]/g, "");
    const base = (ascii(c2.firstName).slice(0, 1) + ascii(c2.lastName)).slice(0, 40) || "user";
    for (let i = 0; i < 20; i++) {
      const candidate = i === 0 ? base : `${base}${randomInt(10, 10 ** Math.min(2 + i, 6))}`;
      if (candidate.length >= 3 && !await contactsRepo.usernameTaken(d.db, actor.tenantId, candidate, id)) {
        return { username: candidate };
      }
    }
    return { username: `${base}${randomInt(10 ** 7, 10 ** 8)}` };
  }
  async function sendLink(actor, id, kind, ip) {
    const c2 = await loadForManage(actor, id);
    if (kind === "activation") requireStatus(c2, ["invited"], "Only a contact who has not activated yet can be sent a new activation link");
    else requireStatus(c2, ["invited", "active"], "The contact's portal access is not enabled");
    await inTransaction(d, (tx) => sendPasswordLink(tx, actor.tenantId, c2, kind, staffEventActor(actor, ip)));
    return getContact2(actor, id);
  }
  async function changeUsername(actor, id, username, ip) {
    const c2 = await loadForManage(actor, id);
    requireStatus(c2, ["invited", "active"], "Enable the contact's portal access before changing the username");
    if (c2.portalUsername?.toLowerCase() === username.toLowerCase()) throw invalid("username", "is the current username");
    await assertUsernameFree(actor.tenantId, username, id);
    const now2 = d.clock();
    await inTransaction(
      d,
      async (tx) => {
        await contactsRepo.updateContact(tx, actor.tenantId, id, { portalUsername: username, passwordHash: null, portalStatus: "invited" });
        await deleteContactSessions2(tx, actor.tenantId, [id]);
        await recordEvent2(tx, actor.tenantId, id, "username_changed", staffEventActor(actor, ip), now2, { from: c2.portalUsername, to: username });
        await sendPasswordLink(tx, actor.tenantId, { ...c2, portalUsername: username }, "reset_username_changed", staffEventActor(actor, ip));
      },
      "This username is already taken"
    );
    return getContact2(actor, id);
  }
  async function endAccess(actor, id, mode, ip) {
    const c2 = await loadForManage(actor, id);
    if (mode === "disable") requireStatus(c2, ["invited", "active"], "Portal access is not enabled");
    else requireStatus(c2, ["invited", "active", "disabled"], "The contact has no portal access to revoke");
    const now2 = d.clock();
    await inTransaction(d, async (tx) => {
      if (mode === "disable") await contactsRepo.updateContact(tx, actor.tenantId, id, { portalStatus: "disabled" });
      else await contactsRepo.clearPortalAccess(tx, actor.tenantId, id);
      await deleteContactSessions2(tx, actor.tenantId, [id]);
      await voidContactTokens2(tx, actor.tenantId, id, now2);
      await recordEvent2(tx, actor.tenantId, id, mode === "disable" ? "disabled" : "revoked", staffEventActor(actor, ip), now2);
    });
    return getContact2(actor, id);
  }
  async function enableAccess(actor, id, ip) {
    const c2 = await loadForManage(actor, id);
    requireStatus(c2, ["disabled"], "Portal access is not disabled");
    const creds = await contactsRepo.getContactCredentials(d.db, actor.tenantId, id);
    await inTransaction(d, async (tx) => {
      await contactsRepo.updateContact(tx, actor.tenantId, id, { portalStatus: creds?.passwordHash ? "active" : "invited" });
      await recordEvent2(tx, actor.tenantId, id, "enabled", staffEventActor(actor, ip), d.clock());
    });
    return getContact2(actor, id);
  }
  async function unlock(actor, id, ip) {
    await loadForManage(actor, id);
    await inTransaction(d, async (tx) => {
      await contactsRepo.updateContact(tx, actor.tenantId, id, { lockedUntil: null, failedLoginCount: 0 });
      await recordEvent2(tx, actor.tenantId, id, "unlocked", staffEventActor(actor, ip), d.clock());
    });
    return getContact2(actor, id);
  }
  async function decideSignup(actor, id, decision, ip) {
    const c2 = await loadForManage(actor, id);
    if (c2.signupStatus !== "pending") throw new AppError("CONFLICT", "This contact has no sign-up waiting for approval");
    const now2 = d.clock();
    if (decision === "reject") {
      await inTransaction(d, async (tx) => {
        await contactsRepo.updateContact(tx, actor.tenantId, id, { signupStatus: "rejected", archivedAt: now2 });
        await recordEvent2(tx, actor.tenantId, id, "signup_rejected", staffEventActor(actor, ip), now2);
      });
      return getContact2(actor, id);
    }
    const [account] = await findAccountIds2(d.db, actor.tenantId, [decision.accountId]);
    if (!account || account.archivedAt) throw invalid("accountId", "does not exist or is archived");
    await inTransaction(d, async (tx) => {
      await contactsRepo.setMemberships(tx, actor.tenantId, id, [decision.accountId]);
      await contactsRepo.updateContact(tx, actor.tenantId, id, { signupStatus: "approved" });
      await recordEvent2(tx, actor.tenantId, id, "signup_approved", staffEventActor(actor, ip), now2);
    });
    const fresh = await loadContact2(actor, id);
    await grantOne(actor, fresh, void 0, "activation", ip);
    return getContact2(actor, id);
  }
  async function history(actor, id) {
    const c2 = await loadContact2(actor, id);
    authorize(actor, "portalAccess.history", { tenantId: c2.tenantId });
    const rows = await listEvents4(d.db, actor.tenantId, id);
    return {
      items: rows.map((e) => ({
        id: e.id,
        type: e.type,
        label: portalEventTypes2[e.type] ?? e.type,
        actor: e.actorName ?? (e.actorKind === "system" ? "System" : e.actorKind === "anonymous" ? "Anonymous" : e.actorKind),
        ip: e.ip,
        detail: e.detail,
        createdAt: e.createdAt.toISOString()
      }))
    };
  }
  async function batchGrant(actor, body, ip) {
    authorize(actor, "portalAccess.manage");
    const ids = [...new Set(body.contactIds)];
    const found = new Map((await contactsRepo.getContactsByIds(d.db, actor.tenantId, ids)).map((c2) => [c2.id, c2]));
    const results = [];
    for (const id of ids) {
      const c2 = found.get(id);
      if (!c2) {
        results.push({ contactId: id, name: null, ok: false, status: null, message: "Contact not found", fix: null });
        continue;
      }
      const name = `${c2.firstName} ${c2.lastName}`;
      try {
        authorize(actor, "portalAccess.manage", { tenantId: c2.tenantId, archived: c2.archivedAt !== null });
        const refused = await grantRefusal(actor, c2, void 0);
        if (refused) {
          results.push({ contactId: id, name, ok: false, status: c2.portalStatus, message: refused.error.fields?.[0]?.message ?? refused.error.message, fix: refused.fix });
          continue;
        }
        await recordGrant(actor, c2, void 0, body.sendWelcomeEmail ? "welcome" : null, ip);
        results.push({ contactId: id, name, ok: true, status: "invited", message: body.sendWelcomeEmail ? "Access granted, welcome email queued" : "Access granted", fix: null });
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        results.push({ contactId: id, name, ok: false, status: c2.portalStatus, message: err.fields?.[0]?.message ?? err.message, fix: null });
      }
    }
    return { results };
  }
  return { grantAccess, suggestUsername, sendLink, changeUsername, endAccess, enableAccess, unlock, decideSignup, history, batchGrant };
}

// src/server/modules/portal-roles/portal-roles.service.ts
var present4 = (r) => ({
  id: r.id,
  name: r.name,
  builtIn: r.builtIn,
  permissions: r.permissions,
  defaultTypeId: r.defaultTypeId,
  defaultPriorityId: r.defaultPriorityId,
  quickForm: r.quickForm,
  visibleFields: r.visibleFields
});
function createPortalRolesService(d, { portalRoles: repo, lookups: { getLookups: getLookups2 } }) {
  async function listPortalRoles2(actor) {
    authorize(actor, "account.read");
    return { items: (await repo.listPortalRoles(d.db, actor.tenantId)).map(present4) };
  }
  async function savePortalRole(actor, id, body) {
    authorize(actor, "portalRole.manage");
    const existing = id ? await repo.getPortalRole(d.db, actor.tenantId, id) : void 0;
    if (id && !existing) throw notFound("Portal role not found");
    if (existing?.builtIn && existing.name !== body.name) throw invalid("name", "a built-in role keeps its name");
    const clash = await repo.findPortalRoleByName(d.db, actor.tenantId, body.name);
    if (clash && clash.id !== id) throw conflict("A portal role with this name already exists", "name");
    const refs = [body.defaultTypeId, body.defaultPriorityId].filter((x) => !!x);
    const found = await getLookups2(d.db, actor.tenantId, refs);
    if (body.defaultTypeId && !found.some((l) => l.id === body.defaultTypeId && l.kind === "ticket_type")) throw invalid("defaultTypeId", "is not a ticket type");
    if (body.defaultPriorityId && !found.some((l) => l.id === body.defaultPriorityId && l.kind === "priority")) throw invalid("defaultPriorityId", "is not a priority");
    const roleId = await inTransaction(d, async (tx) => {
      if (!id) return repo.insertPortalRole(tx, actor.tenantId, body);
      await repo.updatePortalRole(tx, actor.tenantId, id, body);
      return id;
    }, "A portal role with this name already exists");
    return present4(await repo.getPortalRole(d.db, actor.tenantId, roleId));
  }
  return { listPortalRoles: listPortalRoles2, savePortalRole };
}

// src/server/modules/projects/projects.service.ts
import Decimal7 from "decimal.js";

// src/server/modules/projects/projects.presenter.ts
var iso7 = (d) => d.toISOString();
var LIST_UPCOMING = 3;
var switchesOf = (s2) => ({
  viewNotes: s2.projectViewNotes,
  viewFiles: s2.projectViewFiles,
  viewOrganisation: s2.projectViewOrganisation,
  viewClients: s2.projectViewClients,
  viewTasks: s2.projectViewTasks,
  viewTime: s2.projectViewTime
});
var flagsOf = (a) => ({
  viewNotes: a.viewNotes,
  addNotes: a.addNotes,
  viewFiles: a.viewFiles,
  addFiles: a.addFiles,
  viewOrganisation: a.viewOrganisation,
  viewClients: a.viewClients,
  viewTasks: a.viewTasks,
  viewTime: a.viewTime
});
var upcomingFor = (today, p, phases, tasks) => upcomingOf(today, { id: p.id, name: p.name, status: p.status, dueDate: p.dueDate }, phases, tasks);
function presentProjectRow(p, phases, tasks, today, limit = LIST_UPCOMING) {
  const upcoming = upcomingFor(today, p, phases, tasks);
  return {
    id: p.id,
    number: p.number,
    name: p.name,
    status: p.status,
    account: { id: p.accountId, name: p.accountName },
    manager: p.managerStaffId ? { id: p.managerStaffId, name: p.managerName ?? "" } : null,
    startDate: p.startDate,
    dueDate: p.dueDate,
    visibleInPortal: p.visibleInPortal,
    progress: projectProgress(tasks),
    upcoming: upcoming.slice(0, limit),
    overdue: upcoming.filter((u) => u.overdue).length
  };
}
var presentPhase = (ph, tasks) => ({
  id: ph.id,
  name: ph.name,
  sort: ph.sort,
  dueDate: ph.dueDate,
  progress: projectProgress(tasks.filter((t) => t.phaseId === ph.id))
});
var presentTask = (t, today) => ({
  id: t.id,
  title: t.title,
  status: t.status,
  progress: effectiveProgress(t),
  dueDate: t.dueDate,
  phaseId: t.phaseId,
  assignee: t.assignedStaffId ? { id: t.assignedStaffId, name: t.assigneeName ?? "" } : null,
  sort: t.sort,
  overdue: !!t.dueDate && t.status !== "done" && t.dueDate < today
});
var presentNote = (n) => ({ id: n.id, body: n.body, author: n.authorName, byStaff: n.authorStaffId !== null, createdAt: iso7(n.createdAt) });
var presentFile = (f) => ({ id: f.id, filename: f.filename, contentType: f.contentType, size: f.size, uploadedBy: f.uploadedByName, createdAt: iso7(f.createdAt) });
function presentContact2(c2, switches) {
  const flags = flagsOf(c2.association);
  return { contactId: c2.association.contactId, name: `${c2.firstName} ${c2.lastName}`, email: c2.email, portalStatus: c2.portalStatus, flags, effective: projectAccess(flags, switches) };
}
function presentPortalRow2(p, phases, tasks, today, access, limit = LIST_UPCOMING) {
  const upcoming = access.viewTasks ? upcomingFor(today, p, phases, tasks) : upcomingFor(today, p, [], []);
  return {
    id: p.id,
    number: p.number,
    name: p.name,
    status: p.status,
    startDate: p.startDate,
    dueDate: p.dueDate,
    progress: projectProgress(tasks),
    upcoming: upcoming.slice(0, limit)
  };
}

// src/server/modules/projects/projects.service.ts
var NUMBER_TAKEN = "Another job already has this number";
function createProjectsService(d, { projects: repo, jobs: jobs2, accounts: accounts2, contacts: contacts2, staff, tenants: tenants2, outbox: outbox2 }) {
  const today = (settings) => dayIn(d.clock(), settings.timeZone);
  const staffLink = (id) => `${d.config.publicUrl}/admin/projects/${id}`;
  const numberTaken = (err) => {
    if (err instanceof AppError && err.code === "CONFLICT" && err.message.startsWith(NUMBER_TAKEN)) throw conflict(NUMBER_TAKEN, "number");
    throw err;
  };
  async function loadForStaff(actor, id) {
    const p = await repo.getProject(d.db, actor.tenantId, id);
    if (!p) throw notFound("Project not found");
    return p;
  }
  async function listProjects2(actor, q) {
    authorize(actor, "project.read");
    const settings = await tenants2.getSettings(d.db, actor.tenantId);
    const { rows, total } = await repo.listProjects(d.db, actor.tenantId, q);
    const ids = rows.map((r) => r.id);
    const [phases, tasks] = await Promise.all([repo.listPhases(d.db, actor.tenantId, ids), repo.listTasks(d.db, actor.tenantId, ids)]);
    const day2 = today(settings);
    return {
      items: rows.map((p) => presentProjectRow(p, phases.filter((x) => x.jobId === p.id), tasks.filter((t) => t.jobId === p.id), day2)),
      total,
      totalCapped: false,
      page: q.page,
      pageSize: q.pageSize,
      today: day2
    };
  }
  async function getProject2(actor, id) {
    authorize(actor, "project.read");
    const p = await loadForStaff(actor, id);
    const [settings, phases, tasks, people, associated, notes, files] = await Promise.all([
      tenants2.getSettings(d.db, actor.tenantId),
      repo.listPhases(d.db, actor.tenantId, [id]),
      repo.listTasks(d.db, actor.tenantId, [id]),
      repo.listProjectStaff(d.db, actor.tenantId, id),
      repo.listProjectContacts(d.db, actor.tenantId, id),
      repo.listNotes(d.db, actor.tenantId, id, false),
      repo.listFiles(d.db, actor.tenantId, id, false)
    ]);
    const day2 = today(settings);
    const switches = switchesOf(settings);
    return {
      ...presentProjectRow(p, phases, tasks, day2, Number.MAX_SAFE_INTEGER),
      description: p.description,
      today: day2,
      switches,
      phases: phases.map((ph) => presentPhase(ph, tasks)),
      tasks: tasks.map((t) => presentTask(t, day2)),
      staff: people.map((s2) => ({ id: s2.id, name: s2.name, email: s2.email })),
      contacts: associated.map((c2) => presentContact2(c2, switches)),
      notes: notes.map((n) => ({ ...presentNote(n), isPublic: n.isPublic })),
      files: files.map((f) => ({ ...presentFile(f), isPublic: f.isPublic })),
      can: { manage: can(actor, "project.manage") }
    };
  }
  async function checkStaffMember(actor, field, id, current) {
    if (!id || id === current) return;
    const s2 = await staff.getStaff(d.db, actor.tenantId, id);
    if (!s2) throw invalid(field, "is not a staff user");
    if (s2.disabledAt) throw invalid(field, `is ${s2.name}, who is disabled`);
  }
  function checkDates(start, due) {
    if (start && due && start > due) throw invalid("dueDate", "must be on or after the start date");
  }
  async function createProject(actor, body) {
    authorize(actor, "project.manage");
    const account = await accounts2.getAccount(d.db, actor.tenantId, body.accountId);
    if (!account) throw invalid("accountId", "is not an account");
    if (account.archivedAt) throw invalid("accountId", `is ${account.name}, which is archived: restore it first`);
    await checkStaffMember(actor, "managerStaffId", body.managerStaffId);
    const { accountId, ...fields2 } = body;
    const id = await inTransaction(
      d,
      async (tx) => {
        const first = await jobs2.countJobs(tx, actor.tenantId, accountId) === 0;
        return jobs2.insertJob(tx, actor.tenantId, { ...fields2, accountId, isProject: true, isDefault: first });
      },
      NUMBER_TAKEN
    ).catch(numberTaken);
    return getProject2(actor, id);
  }
  async function convertJob(actor, jobId, body) {
    authorize(actor, "project.manage");
    const job = await jobs2.getJob(d.db, actor.tenantId, jobId);
    if (!job) throw notFound("Job not found");
    if (job.isProject) throw new AppError("CONFLICT", `${job.number} \xB7 ${job.name} is already a project`);
    await inTransaction(d, (tx) => jobs2.updateJob(tx, actor.tenantId, jobId, { isProject: true, description: body.description, startDate: body.startDate, dueDate: body.dueDate }));
    return getProject2(actor, jobId);
  }
  async function updateProject(actor, id, body) {
    authorize(actor, "project.manage");
    const p = await loadForStaff(actor, id);
    await checkStaffMember(actor, "managerStaffId", body.managerStaffId, p.managerStaffId);
    checkDates(body.startDate !== void 0 ? body.startDate : p.startDate, body.dueDate !== void 0 ? body.dueDate : p.dueDate);
    if (p.isDefault && body.status === "closed") throw new AppError("CONFLICT", "This project is its account's default job: make another job the default before closing it");
    await inTransaction(d, (tx) => jobs2.updateJob(tx, actor.tenantId, id, body), NUMBER_TAKEN).catch(numberTaken);
    return getProject2(actor, id);
  }
  async function loadPhase(actor, p, phaseId) {
    const ph = await repo.getPhase(d.db, actor.tenantId, p.id, phaseId);
    if (!ph) throw notFound("Phase not found");
    return ph;
  }
  async function addPhase(actor, id, body) {
    authorize(actor, "project.manage");
    const p = await loadForStaff(actor, id);
    await inTransaction(d, (tx) => repo.insertPhase(tx, actor.tenantId, { jobId: p.id, name: body.name, dueDate: body.dueDate, sort: body.sort, createdAt: d.clock() }));
    return getProject2(actor, id);
  }
  async function updatePhase2(actor, id, phaseId, body) {
    authorize(actor, "project.manage");
    const p = await loadForStaff(actor, id);
    await loadPhase(actor, p, phaseId);
    await inTransaction(d, (tx) => repo.updatePhase(tx, actor.tenantId, p.id, phaseId, body));
    return getProject2(actor, id);
  }
  async function deletePhase2(actor, id, phaseId) {
    authorize(actor, "project.manage");
    const p = await loadForStaff(actor, id);
    await loadPhase(actor, p, phaseId);
    await inTransaction(d, (tx) => repo.deletePhase(tx, actor.tenantId, p.id, phaseId));
    return getProject2(actor, id);
  }
  async function checkTaskRefs(actor, p, v, current) {
    if (v.phaseId && !await repo.getPhase(d.db, actor.tenantId, p.id, v.phaseId)) throw invalid("phaseId", "is not a phase of this project");
    await checkStaffMember(actor, "assignedStaffId", v.assignedStaffId, current?.assignedStaffId);
  }
  async function addTask(actor, id, body) {
    authorize(actor, "project.manage");
    const p = await loadForStaff(actor, id);
    await checkTaskRefs(actor, p, body);
    const now2 = d.clock();
    await inTransaction(d, (tx) => repo.insertTask(tx, actor.tenantId, { jobId: p.id, ...body, createdAt: now2, updatedAt: now2 }));
    return getProject2(actor, id);
  }
  async function loadTask(actor, p, taskId) {
    const t = await repo.getTask(d.db, actor.tenantId, p.id, taskId);
    if (!t) throw notFound("Task not found");
    return t;
  }
  async function updateTask2(actor, id, taskId, body) {
    authorize(actor, "project.manage");
    const p = await loadForStaff(actor, id);
    const t = await loadTask(actor, p, taskId);
    await checkTaskRefs(actor, p, body, t);
    await inTransaction(d, (tx) => repo.updateTask(tx, actor.tenantId, p.id, taskId, { ...body, updatedAt: d.clock() }));
    return getProject2(actor, id);
  }
  async function deleteTask2(actor, id, taskId) {
    authorize(actor, "project.manage");
    const p = await loadForStaff(actor, id);
    await loadTask(actor, p, taskId);
    await inTransaction(d, (tx) => repo.deleteTask(tx, actor.tenantId, p.id, taskId));
    return getProject2(actor, id);
  }
  async function setStaff(actor, id, body) {
    authorize(actor, "project.manage");
    const p = await loadForStaff(actor, id);
    const ids = [...new Set(body.staffIds)];
    const current = new Set((await repo.listProjectStaff(d.db, actor.tenantId, p.id)).map((s2) => s2.id));
    for (const staffId2 of ids) {
      if (current.has(staffId2)) continue;
      const s2 = await staff.getStaff(d.db, actor.tenantId, staffId2);
      if (!s2) throw invalid("staffIds", "names someone who is not a staff user");
      if (s2.disabledAt) throw invalid("staffIds", `names ${s2.name}, who is disabled`);
    }
    await inTransaction(d, (tx) => repo.setProjectStaff(tx, actor.tenantId, p.id, ids));
    return getProject2(actor, id);
  }
  async function setContact(actor, id, contactId, body) {
    authorize(actor, "project.manage");
    const p = await loadForStaff(actor, id);
    const c2 = await contacts2.getContact(d.db, actor.tenantId, contactId);
    if (!c2 || !c2.accounts.some((a) => a.id === p.accountId)) throw invalid("contactId", `is not a contact of ${p.accountName}, the project's account`);
    if (c2.archivedAt) throw invalid("contactId", `is ${c2.firstName} ${c2.lastName}, who is archived`);
    await inTransaction(d, (tx) => repo.upsertProjectContact(tx, actor.tenantId, p.id, contactId, body, d.clock()));
    return getProject2(actor, id);
  }
  async function removeContact(actor, id, contactId) {
    authorize(actor, "project.manage");
    const p = await loadForStaff(actor, id);
    const removed = await inTransaction(d, (tx) => repo.deleteProjectContact(tx, actor.tenantId, p.id, contactId));
    if (!removed) throw notFound("This contact is not associated with the project");
    return getProject2(actor, id);
  }
  async function addStaffNote(actor, id, body) {
    authorize(actor, "project.manage");
    const p = await loadForStaff(actor, id);
    await inTransaction(
      d,
      (tx) => repo.insertNote(tx, actor.tenantId, { jobId: p.id, body: body.body, isPublic: body.isPublic, authorStaffId: actor.staffId, authorName: actor.name, createdAt: d.clock() })
    );
    return getProject2(actor, id);
  }
  async function uploadAsStaff(actor, id, file, isPublic) {
    authorize(actor, "project.manage");
    const p = await loadForStaff(actor, id);
    const stored = await storeUpload(d, actor.tenantId, file);
    const row = await recordUpload(
      d,
      stored,
      () => inTransaction(d, (tx) => repo.insertFile(tx, actor.tenantId, { jobId: p.id, isPublic, ...stored, uploadedByStaffId: actor.staffId, uploadedByName: actor.name, createdAt: d.clock() }))
    );
    return presentFile(row);
  }
  async function openFileForStaff(actor, fileId) {
    authorize(actor, "project.read");
    const f = await repo.getFile(d.db, actor.tenantId, fileId);
    if (!f) throw notFound("File not found");
    return { file: f, stream: d.files.open(f.storageKey) };
  }
  const portalResource = (p, access) => ({ tenantId: p.tenantId, accountId: p.accountId, jobVisible: p.visibleInPortal, projectAccess: access });
  async function loadForContact(actor, id, action) {
    authorize(actor, "portal.project.list");
    const p = await repo.getProject(d.db, actor.tenantId, id);
    const assoc = p ? await repo.getProjectContact(d.db, actor.tenantId, p.id, actor.contactId) : void 0;
    const settings = await tenants2.getSettings(d.db, actor.tenantId);
    const access = assoc ? projectAccess(flagsOf(assoc), switchesOf(settings)) : null;
    if (!p || !can(actor, "portal.project.read", portalResource(p, access))) throw notFound("Project not found");
    authorize(actor, action, portalResource(p, access));
    return { p, access, settings };
  }
  async function listForPortal(actor) {
    authorize(actor, "portal.project.list");
    const scope = portalProjectScope(actor);
    const [rows, settings] = await Promise.all([repo.listPortalProjects(d.db, actor.tenantId, scope), tenants2.getSettings(d.db, actor.tenantId)]);
    const ids = rows.map((r) => r.project.id);
    const [phases, tasks] = await Promise.all([repo.listPhases(d.db, actor.tenantId, ids), repo.listTasks(d.db, actor.tenantId, ids)]);
    const switches = switchesOf(settings);
    const day2 = today(settings);
    return {
      items: rows.map(
        ({ project: p, association }) => presentPortalRow2(p, phases.filter((x) => x.jobId === p.id), tasks.filter((t) => t.jobId === p.id), day2, projectAccess(flagsOf(association), switches))
      ),
      today: day2
    };
  }
  async function getForPortal(actor, id) {
    const { p, access, settings } = await loadForContact(actor, id, "portal.project.read");
    const db = d.db;
    const tid = actor.tenantId;
    const [phases, tasks] = await Promise.all([repo.listPhases(db, tid, [p.id]), repo.listTasks(db, tid, [p.id])]);
    const [clients, time, notes, files] = await Promise.all([
      access.viewClients ? repo.listProjectContacts(db, tid, p.id) : null,
      access.viewTime ? repo.listProjectTime(db, tid, p.id) : null,
      access.viewNotes ? repo.listNotes(db, tid, p.id, true) : null,
      access.viewFiles ? repo.listFiles(db, tid, p.id, true) : null
    ]);
    const day2 = today(settings);
    return {
      ...presentPortalRow2(p, phases, tasks, day2, access, Number.MAX_SAFE_INTEGER),
      description: p.description,
      today: day2,
      access,
      ...access.viewOrganisation ? { organisation: { name: p.accountName, number: p.accountNumber, timeZone: p.accountTimeZone } } : {},
      ...clients ? { clients: clients.filter((c2) => c2.association.contactId !== actor.contactId).map((c2) => ({ name: `${c2.firstName} ${c2.lastName}` })) } : {},
      ...access.viewTasks ? {
        phases: phases.map((ph) => presentPhase(ph, tasks)),
        tasks: tasks.map((t) => {
          const { assignee, ...rest } = presentTask(t, day2);
          return { ...rest, assignee: assignee?.name ?? null };
        })
      } : {},
      ...time ? {
        time: {
          totalHours: time.reduce((sum, e) => sum.plus(e.hours), new Decimal7(0)).toFixed(2),
          entries: time.map((e) => ({ id: e.id, date: e.startedAt.toISOString(), staffName: e.staffName, hours: new Decimal7(e.hours).toFixed(2), note: e.note }))
        }
      } : {},
      ...notes ? { notes: notes.map(presentNote) } : {},
      ...files ? { files: files.map(presentFile) } : {},
      can: { addNote: access.addNotes, addFile: access.addFiles }
    };
  }
  async function notifyStaff(tx, p, settings, what) {
    const recipients = /* @__PURE__ */ new Set();
    for (const s2 of await repo.listProjectStaff(tx, p.tenantId, p.id)) if (!s2.disabledAt) recipients.add(s2.email.toLowerCase());
    if (p.managerStaffId) {
      const manager2 = await staff.getStaff(tx, p.tenantId, p.managerStaffId);
      if (manager2 && !manager2.disabledAt) recipients.add(manager2.email.toLowerCase());
    }
    for (const to of recipients) {
      await outbox2.queueEmail(
        tx,
        p.tenantId,
        "project_activity",
        { to, portalName: settings.portalName, project: `${p.number} \xB7 ${p.name}`, account: p.accountName, by: what.by, kind: what.kind, text: what.text, link: staffLink(p.id) },
        d.clock()
      );
    }
  }
  async function addPortalNote(actor, id, text17) {
    const { p, settings } = await loadForContact(actor, id, "portal.project.addNote");
    await inTransaction(d, async (tx) => {
      await repo.insertNote(tx, actor.tenantId, { jobId: p.id, body: text17, isPublic: true, authorContactId: actor.contactId, authorName: actor.name, createdAt: d.clock() });
      await notifyStaff(tx, p, settings, { by: actor.name, kind: "note", text: text17 });
    });
    return getForPortal(actor, id);
  }
  async function uploadAsContact(actor, id, file) {
    const { p, settings } = await loadForContact(actor, id, "portal.project.addFile");
    const stored = await storeUpload(d, actor.tenantId, file);
    const row = await recordUpload(
      d,
      stored,
      () => inTransaction(d, async (tx) => {
        const row2 = await repo.insertFile(tx, actor.tenantId, { jobId: p.id, isPublic: true, ...stored, uploadedByContactId: actor.contactId, uploadedByName: actor.name, createdAt: d.clock() });
        await notifyStaff(tx, p, settings, { by: actor.name, kind: "file", text: stored.filename });
        return row2;
      })
    );
    return presentFile(row);
  }
  async function openFileForContact(actor, fileId) {
    authorize(actor, "portal.project.list");
    const f = await repo.getFile(d.db, actor.tenantId, fileId);
    const p = f ? await repo.getProject(d.db, actor.tenantId, f.jobId) : void 0;
    const assoc = p ? await repo.getProjectContact(d.db, actor.tenantId, p.id, actor.contactId) : void 0;
    const access = assoc ? projectAccess(flagsOf(assoc), switchesOf(await tenants2.getSettings(d.db, actor.tenantId))) : null;
    const resource2 = p && f ? { ...portalResource(p, access), isPublic: f.isPublic } : void 0;
    if (!f || !resource2 || !can(actor, "portal.project.file.read", resource2)) throw notFound("File not found");
    authorize(actor, "portal.project.file.read", resource2);
    return { file: f, stream: d.files.open(f.storageKey) };
  }
  return {
    listProjects: listProjects2,
    getProject: getProject2,
    createProject,
    convertJob,
    updateProject,
    addPhase,
    updatePhase: updatePhase2,
    deletePhase: deletePhase2,
    addTask,
    updateTask: updateTask2,
    deleteTask: deleteTask2,
    setStaff,
    setContact,
    removeContact,
    addStaffNote,
    uploadAsStaff,
    openFileForStaff,
    listForPortal,
    getForPortal,
    addPortalNote,
    uploadAsContact,
    openFileForContact
  };
}

// src/server/modules/rate-limit/throttle.ts
var ipLimits = {
  staff_login: { limit: 20, windowMs: 15 * MINUTE },
  portal_login: { limit: 30, windowMs: 15 * MINUTE },
  portal_email_link: { limit: 10, windowMs: 15 * MINUTE },
  portal_signup: { limit: 5, windowMs: 60 * MINUTE },
  staff_email_link: { limit: 10, windowMs: 15 * MINUTE },
  /** Checking a set-password link, and using a staff reset link. */
  password_link: { limit: 30, windowMs: 15 * MINUTE }
};
var EMAIL_CHANGE_LIMIT = { limit: 10, windowMs: 60 * MINUTE };
var LOCKOUT_THRESHOLD = 5;
var LOCKOUT_MS = 15 * MINUTE;
function createThrottle(d, { rateLimit: { hit: hit2 } }) {
  async function throttleIp(tenantId, bucket, ip, now2) {
    const { limit, windowMs } = ipLimits[bucket];
    const n = await hit2(d.db, tenantId, bucket, ip, now2, windowMs);
    if (n > limit) throw new AppError("RATE_LIMITED", "Too many attempts. Please wait a few minutes and try again.");
  }
  async function allowAccountEmail(tenantId, personId, now2) {
    return await hit2(d.db, tenantId, "account_email_link", personId, now2, 60 * MINUTE) <= 5;
  }
  async function throttleEmailChange(tenantId, contactId, now2) {
    if (await hit2(d.db, tenantId, "email_change", contactId, now2, EMAIL_CHANGE_LIMIT.windowMs) > EMAIL_CHANGE_LIMIT.limit) {
      throw new AppError("RATE_LIMITED", "Too many email change requests. Please wait an hour and try again.");
    }
  }
  return { throttleIp, allowAccountEmail, throttleEmailChange };
}

// src/server/modules/tenants/company-logo.service.ts
import { Readable } from "node:stream";
import sharp from "sharp";
var MAX_LOGO_BYTES = 2 * 1024 * 1024;
var LOGO_BOX = { width: 600, height: 200 };
var isPng = (b) => b.length > 8 && b.subarray(0, 8).equals(Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]));
var isJpeg = (b) => b.length > 3 && b[0] === 255 && b[1] === 216 && b[2] === 255;
var refuse = (message) => new AppError("VALIDATION", `file: ${message}`, [{ field: "file", message }]);
async function readAtMost(stream, limit) {
  const chunks = [];
  let size = 0;
  for await (const c2 of stream) {
    size += c2.length;
    if (size > limit) {
      stream.resume();
      return null;
    }
    chunks.push(c2);
  }
  return stream.truncated ? null : Buffer.concat(chunks);
}
function createCompanyLogoService(d, { tenants: tenants2 }) {
  async function info(tenantId) {
    const s2 = await tenants2.getSettings(d.db, tenantId);
    if (!s2.companyLogoKey) return { hasLogo: false, width: null, height: null };
    try {
      const meta2 = await sharp(await read(s2.companyLogoKey)).metadata();
      return { hasLogo: true, width: meta2.width ?? null, height: meta2.height ?? null };
    } catch {
      return { hasLogo: false, width: null, height: null };
    }
  }
  async function read(key) {
    const chunks = [];
    for await (const c2 of d.files.open(key)) chunks.push(c2);
    return Buffer.concat(chunks);
  }
  async function upload(actor, file) {
    authorize(actor, "settings.update");
    const raw = await readAtMost(file.stream, MAX_LOGO_BYTES);
    if (!raw) throw new AppError("PAYLOAD_TOO_LARGE", "The logo is larger than 2 MB: choose a smaller image.", [{ field: "file", message: "is larger than 2 MB" }]);
    if (raw.length === 0) throw refuse("is empty");
    if (!isPng(raw) && !isJpeg(raw)) throw refuse("must be a PNG or JPEG image");
    let png;
    try {
      png = await sharp(raw, { limitInputPixels: 4e7 }).rotate().resize({ ...LOGO_BOX, fit: "inside", withoutEnlargement: true }).png().toBuffer();
    } catch {
      throw refuse("could not be read as an image");
    }
    const saved = await d.files.save(actor.tenantId, Readable.from([png]));
    let previous = null;
    try {
      await inTransaction(d, async (tx) => {
        previous = (await tenants2.getSettings(tx, actor.tenantId)).companyLogoKey;
        await tenants2.updateSettings(tx, actor.tenantId, { companyLogoKey: saved.key });
      });
    } catch (err) {
      await d.files.remove(saved.key);
      throw err;
    }
    if (previous) await d.files.remove(previous).catch(() => {
    });
    return info(actor.tenantId);
  }
  async function remove(actor) {
    authorize(actor, "settings.update");
    let previous = null;
    await inTransaction(d, async (tx) => {
      previous = (await tenants2.getSettings(tx, actor.tenantId)).companyLogoKey;
      await tenants2.updateSettings(tx, actor.tenantId, { companyLogoKey: null });
    });
    if (previous) await d.files.remove(previous).catch(() => {
    });
    return info(actor.tenantId);
  }
  async function describe(actor) {
    authorize(actor, "settings.read");
    return info(actor.tenantId);
  }
  async function image(actor) {
    authorize(actor, "settings.read");
    const s2 = await tenants2.getSettings(d.db, actor.tenantId);
    if (!s2.companyLogoKey) throw notFound("No logo is set");
    try {
      return await read(s2.companyLogoKey);
    } catch {
      throw notFound("No logo is set");
    }
  }
  return { upload, remove, describe, image };
}

// src/server/modules/tenants/getting-started.service.ts
function createGettingStartedService(d, { tenants: repo }) {
  async function gettingStarted(actor) {
    authorize(actor, "settings.read");
    const done = await repo.setupProgress(d.db, actor.tenantId);
    const steps = [
      { key: "portalSettings", label: "Give your portal its name (Portal settings)", to: "/admin/settings", done: done.portalSettings },
      { key: "account", label: "Add a client account", to: "/admin/accounts", done: done.account },
      { key: "contact", label: "Add a contact to the account", to: "/admin/contacts", done: done.contact },
      { key: "grant", label: "Grant the contact portal access (they get an activation email)", to: "/admin/contacts", done: done.grant },
      { key: "portalSeen", label: "See the portal as the contact: they activate and sign in", to: "/portal/login", done: done.portalSeen }
    ];
    return { steps, complete: steps.every((s2) => s2.done) };
  }
  return { gettingStarted };
}

// src/server/modules/tenants/tenants.service.ts
function createTenantsService(d, { tenants: repo }) {
  async function tenantForHost(host) {
    return repo.findTenantForHost(d.db, host);
  }
  async function ensureDefaultTenant(name = "Portico") {
    const existing = await repo.findTenantForHost(d.db, "");
    if (existing) return existing;
    return d.db.transaction(async (tx) => {
      await repo.lockDefaultTenantCreation(tx);
      return await repo.findTenantForHost(tx, "") ?? repo.createTenant(tx, { name, host: null, isDefault: true });
    });
  }
  return { tenantForHost, ensureDefaultTenant };
}

// src/server/modules/tickets/ticket-notifications.ts
import { and as and5, eq as eq5, isNull, sql as sql18 } from "drizzle-orm";
async function staffEmail(tx, tenantId, id) {
  if (!id) return null;
  const rows = await tx.select({ email: staffUsers.email }).from(staffUsers).where(and5(inTenant(staffUsers.tenantId, tenantId), eq5(staffUsers.id, id), isNull(staffUsers.disabledAt)));
  return rows[0]?.email ?? null;
}
async function clientAdminCopies(tx, tenantId, accountId) {
  const rows = await tx.select({ email: contacts.email }).from(accountContacts).innerJoin(contacts, eq5(contacts.id, accountContacts.contactId)).where(
    and5(
      inTenant(accountContacts.tenantId, tenantId),
      eq5(accountContacts.accountId, accountId),
      eq5(accountContacts.clientAdmin, true),
      eq5(accountContacts.sendCopyOfTickets, true),
      isNull(contacts.archivedAt),
      sql18`${contacts.portalStatus} = 'active'`
    )
  );
  return rows.map((r) => r.email).filter((e) => !!e);
}
function createTicketNotifications(d, { tenants: { getSettings: getSettings2 }, outbox: { queueEmail: queueEmail2 } }) {
  async function notifyCustomerActivity(tx, t, what) {
    const settings = await getSettings2(tx, t.ticket.tenantId);
    const recipients = /* @__PURE__ */ new Set();
    const owner = await staffEmail(tx, t.ticket.tenantId, what.ownerId);
    if (owner) recipients.add(owner);
    for (const e of settings.submissionNotifyEmails) recipients.add(e);
    if (t.jobCopyToManager) {
      const manager2 = await staffEmail(tx, t.ticket.tenantId, t.jobManagerId);
      if (manager2) recipients.add(manager2);
    }
    if (what.kind === "created") for (const e of await clientAdminCopies(tx, t.ticket.tenantId, t.ticket.accountId)) recipients.add(e);
    if (what.byEmail) recipients.delete(what.byEmail);
    const now2 = d.clock();
    for (const to of recipients) {
      await queueEmail2(
        tx,
        t.ticket.tenantId,
        "ticket_activity",
        {
          to,
          portalName: settings.portalName,
          number: t.ticket.number,
          title: t.ticket.title,
          account: t.account?.name ?? "",
          headline: what.kind === "created" ? `${what.by} opened a new ticket.` : `${what.by} added a note.`,
          text: what.text,
          link: `${d.config.publicUrl}/admin/tickets/${t.ticket.id}`
        },
        now2
      );
    }
  }
  async function notifyContactOfReply(tx, t, by, text17) {
    if (!t.ticket.contactId) return;
    const rows = await tx.select({ email: contacts.email, status: contacts.portalStatus, archivedAt: contacts.archivedAt }).from(contacts).where(and5(inTenant(contacts.tenantId, t.ticket.tenantId), eq5(contacts.id, t.ticket.contactId)));
    const c2 = rows[0];
    if (!c2?.email || c2.archivedAt) return;
    const settings = await getSettings2(tx, t.ticket.tenantId);
    const base = portalBase(d, settings);
    await queueEmail2(
      tx,
      t.ticket.tenantId,
      "ticket_activity",
      {
        to: c2.email,
        portalName: settings.portalName,
        number: t.ticket.number,
        title: t.ticket.title,
        account: t.account?.name ?? "",
        headline: `${by} replied to your ticket.`,
        text: text17,
        link: `${base}/tickets/${t.ticket.id}?account=${t.ticket.accountId}`
      },
      d.clock()
    );
  }
  return { notifyCustomerActivity, notifyContactOfReply };
}

// src/server/modules/tickets/tickets.presenter.ts
var iso8 = (d) => d.toISOString();
var presentPortalRow3 = (r) => ({
  id: r.id,
  number: r.number,
  title: r.title,
  status: r.status,
  priority: r.priority,
  job: r.job,
  contact: r.contact,
  createdAt: iso8(r.createdAt),
  updatedAt: iso8(r.updatedAt)
});
var presentPortalTicketList = (itemsJson, rest) => new JsonAnswer(`{"items":${itemsJson},${JSON.stringify(rest).slice(1)}`);
var presentStaffRow = (r) => ({
  ...presentPortalRow3(r),
  account: r.account,
  assignedStaff: r.assignedStaff,
  createdVia: r.createdVia,
  customerRepliedAt: r.customerRepliedAt ? iso8(r.customerRepliedAt) : null
});
var presentNote2 = (n) => ({ id: n.id, body: n.body, author: n.authorName, byStaff: n.authorStaffId !== null, createdAt: iso8(n.createdAt) });
var presentAttachment = (a) => ({ id: a.id, filename: a.filename, contentType: a.contentType, size: a.size, uploadedBy: a.uploadedByName, createdAt: iso8(a.createdAt) });
var detailRefs = (t) => ({
  details: t.details,
  type: t.type,
  issueType: t.issueType,
  subIssueType: t.subIssueType,
  site: t.site,
  hardwareAsset: t.hardwareAsset,
  softwareAsset: t.softwareAsset
});
function presentPortalTicket(actor, t, notes, files, time) {
  const resource2 = { accountId: t.ticket.accountId, jobVisible: t.jobVisible, ticketContactId: t.ticket.contactId, jobContactId: t.jobContactId };
  return {
    ...presentPortalRow3(t),
    ...detailRefs(t),
    notes: notes.filter((n) => n.isPublic).map(presentNote2),
    attachments: files.filter((a) => a.isPublic).map(presentAttachment),
    timeEntries: time?.map((e) => ({
      id: e.id,
      staffName: e.staffName,
      date: iso8(e.startedAt),
      hours: t.jobHoursVisible ? e.hours : null,
      startedAt: t.jobHoursVisible ? iso8(e.startedAt) : null,
      endedAt: t.jobHoursVisible ? iso8(e.endedAt) : null,
      note: e.notePublic && e.note ? e.note : null
    })) ?? null,
    can: { addNote: can(actor, "portal.ticket.addNote", resource2), upload: can(actor, "portal.ticket.addNote", resource2) }
  };
}
function presentStaffTicket(t, notes, files, time) {
  return {
    ...presentStaffRow(t),
    ...detailRefs(t),
    notes: notes.map((n) => ({ ...presentNote2(n), isPublic: n.isPublic })),
    attachments: files.map((a) => ({ ...presentAttachment(a), isPublic: a.isPublic })),
    timeEntries: time.map((e) => ({
      id: e.id,
      staff: { id: e.staffId, name: e.staffName },
      startedAt: iso8(e.startedAt),
      endedAt: iso8(e.endedAt),
      hours: e.hours,
      note: e.note,
      notePublic: e.notePublic,
      billable: e.billable,
      approval: e.approvalRequestId ? { requestId: e.approvalRequestId, version: e.approvalVersion ?? 0, status: e.approvalStatus ?? "" } : null,
      can: { edit: e.approvalStatus !== "approved" }
    }))
  };
}

// src/server/modules/tickets/tickets.service.ts
var jobResource = (j) => ({
  tenantId: j.tenantId,
  accountId: j.accountId,
  jobVisible: j.visibleInPortal,
  jobAddTickets: j.customersAddTickets,
  jobActive: j.status === "active",
  jobContactId: j.contactId,
  jobIsDefault: j.isDefault
});
var ticketResource = (t) => ({
  tenantId: t.ticket.tenantId,
  accountId: t.ticket.accountId,
  jobVisible: t.jobVisible,
  ticketContactId: t.ticket.contactId,
  jobContactId: t.jobContactId
});
var fieldOf = {
  siteId: { kind: "site", field: "site" },
  typeId: { kind: "ticket_type", field: "ticket_type" },
  priorityId: { kind: "priority", field: "priority" },
  issueTypeId: { kind: "issue_type", field: "issue_type" },
  subIssueTypeId: { kind: "sub_issue_type", field: "sub_issue_type" },
  hardwareAssetId: { kind: "hardware_asset", field: "hardware_asset" },
  softwareAssetId: { kind: "software_asset", field: "software_asset" }
};
function createTicketsService(d, {
  tickets: repo,
  accounts: { getAccount: getAccount2 },
  contacts: { getContact: getContact2 },
  jobs: { getJob: getJob2, listJobs: listJobs2, listJobsOpenForTickets: listJobsOpenForTickets2 },
  lookups: { getLookups: getLookups2, listLookups: listLookups2 },
  portalRoles: { getPortalRole: getPortalRole2 },
  staff: { getStaff: getStaff2, findFirstActiveAdmin: findFirstActiveAdmin2 },
  tenants: { getSettings: getSettings2 },
  approvals: { ticketHolds: ticketHolds2, lockJob: lockJob2 }
}, {
  notifications: { notifyContactOfReply, notifyCustomerActivity },
  approvals,
  contracts: contracts2
}) {
  async function listPortalTickets2(as, q) {
    const { actor, list } = await as.read(async (actor2, check) => {
      authorize(actor2, "portal.ticket.list");
      const scope = portalTicketScope(actor2);
      const list2 = await repo.listPortalTickets(d.db, actor2.tenantId, scope, portalJobScope(actor2), q, check);
      return { session: list2.also.session, value: { actor: actor2, list: list2 } };
    });
    const open = list.also.open;
    const createRefusal = await refusalFor(actor, open);
    return presentPortalTicketList(list.itemsJson, { total: list.total, totalCapped: list.totalCapped, page: q.page, pageSize: q.pageSize, can: { create: open }, createRefusal });
  }
  async function refusalFor(actor, anyOpen) {
    if (anyOpen) return null;
    const [account, jobs2, settings] = await Promise.all([
      getAccount2(d.db, actor.tenantId, actor.accountId),
      listJobs2(d.db, actor.tenantId, actor.accountId),
      getSettings2(d.db, actor.tenantId)
    ]);
    let askName = null;
    for (const id of [jobs2.find((j) => j.isDefault)?.managerStaffId, settings.newTicketAssigneeId]) {
      const person = id ? await getStaff2(d.db, actor.tenantId, id) : void 0;
      if (person && !person.disabledAt) {
        askName = person.name;
        break;
      }
    }
    return { reason: can(actor, "portal.ticket.create") ? "no_job" : "role", accountName: account?.name ?? "", askName };
  }
  async function formLayout(actor) {
    const role = actor.portalRoleId ? await getPortalRole2(d.db, actor.tenantId, actor.portalRoleId) : void 0;
    const full = role && !role.quickForm ? role : void 0;
    return {
      quick: !full,
      fields: new Set(full ? full.visibleFields : ["attachments"]),
      defaultTypeId: role?.defaultTypeId ?? null,
      defaultPriorityId: role?.defaultPriorityId ?? null
    };
  }
  async function jobsOpenTo(actor) {
    const scope = portalJobScope(actor);
    return scope ? listJobsOpenForTickets2(d.db, actor.tenantId, scope) : [];
  }
  async function portalTicketForm(actor) {
    authorize(actor, "portal.ticket.list");
    const layout = await formLayout(actor);
    const settings = await getSettings2(d.db, actor.tenantId);
    const jobs2 = await jobsOpenTo(actor);
    const kinds = ["ticket_type", "priority", "issue_type", "sub_issue_type"];
    const [shared, ofAccount] = await Promise.all([
      listLookups2(d.db, actor.tenantId, { activeOnly: true }),
      listLookups2(d.db, actor.tenantId, { accountId: actor.accountId, activeOnly: true })
    ]);
    const options2 = {};
    for (const l of [...shared.filter((x) => kinds.includes(x.kind)), ...ofAccount]) {
      (options2[l.kind] ??= []).push({ id: l.id, name: l.name, parentId: l.parentId });
    }
    return {
      layout: layout.quick ? "quick" : "full",
      visibleFields: [...layout.fields],
      introText: settings.addTicketTextActive && settings.addTicketText ? settings.addTicketText : null,
      jobs: jobs2.map((j) => ({ id: j.id, name: j.name, number: j.number, isDefault: j.isDefault })),
      defaults: { jobId: jobs2.find((j) => j.isDefault)?.id ?? jobs2[0]?.id ?? null, typeId: layout.defaultTypeId, priorityId: layout.defaultPriorityId },
      options: options2,
      canCreate: jobs2.length > 0,
      refusal: await refusalFor(actor, jobs2.length > 0)
    };
  }
  async function checkLookups(tenantId, accountId, v) {
    const ids = Object.values(v).filter((x) => !!x);
    const found = new Map((await getLookups2(d.db, tenantId, ids)).map((l) => [l.id, l]));
    for (const [key, id] of Object.entries(v)) {
      if (!id) continue;
      const l = found.get(id);
      const spec = fieldOf[key];
      if (!l || l.kind !== spec.kind || !l.active || l.accountId !== null && l.accountId !== accountId) throw invalid(key, `is not a ${spec.field.replace(/_/g, " ")} you can choose`);
    }
    if (v.subIssueTypeId) {
      if (found.get(v.subIssueTypeId)?.parentId !== v.issueTypeId) throw invalid("subIssueTypeId", "does not belong to the chosen issue type");
    }
  }
  const onStaffSide = (s2) => !s2.isClosed && !s2.awaitsCustomer;
  async function firstStatus(tenantId) {
    const statuses = await listLookups2(d.db, tenantId, { kind: "status", activeOnly: true });
    const open = statuses.find(onStaffSide);
    if (!open) throw new AppError("CONFLICT", "No open ticket status is set up; ask support to add one");
    return open.id;
  }
  async function newTicketOwner(db, tenantId) {
    const { newTicketAssigneeId: id } = await getSettings2(db, tenantId);
    if (!id) return null;
    const chosen = await getStaff2(db, tenantId, id);
    return chosen && !chosen.disabledAt ? chosen.id : findFirstActiveAdmin2(db, tenantId);
  }
  async function statusAfterCustomerReply(db, t) {
    if (!t.statusAwaitsCustomer) return null;
    const statuses = (await listLookups2(db, t.ticket.tenantId, { kind: "status", activeOnly: true })).filter(onStaffSide);
    return (statuses.find((s2) => s2.id === t.ticket.resumeStatusId) ?? statuses[0])?.id ?? null;
  }
  async function createPortalTicket(actor, body) {
    authorize(actor, "portal.ticket.create");
    const layout = await formLayout(actor);
    const { title, details, jobId, ...lookupIds } = body;
    for (const [key, id2] of Object.entries(lookupIds)) {
      if (id2 && !layout.fields.has(fieldOf[key].field)) throw invalid(key, "is not on your ticket form");
    }
    if (jobId && layout.quick) throw invalid("jobId", "is not on your ticket form");
    let job;
    if (jobId) {
      job = await getJob2(d.db, actor.tenantId, jobId);
      if (!job) throw notFound();
    } else {
      const open = await jobsOpenTo(actor);
      job = open.find((j) => j.isDefault) ?? open[0];
      if (!job) throw invalid("jobId", "no job is open for new tickets; contact support");
    }
    authorize(actor, "portal.ticket.createOnJob", jobResource(job));
    const ids = { ...lookupIds, typeId: lookupIds.typeId ?? layout.defaultTypeId, priorityId: lookupIds.priorityId ?? layout.defaultPriorityId };
    await checkLookups(actor.tenantId, actor.accountId, ids);
    const statusId = await firstStatus(actor.tenantId);
    const now2 = d.clock();
    const id = await inTransaction(d, async (tx) => {
      const number = await repo.nextTicketNumber(tx, actor.tenantId);
      const assignedStaffId = await newTicketOwner(tx, actor.tenantId);
      const id2 = await repo.insertTicket(tx, actor.tenantId, {
        number,
        accountId: actor.accountId,
        jobId: job.id,
        contactId: actor.contactId,
        assignedStaffId,
        title,
        details,
        statusId,
        ...ids,
        createdVia: "portal",
        createdAt: now2,
        updatedAt: now2
      });
      const t = await repo.getTicket(tx, actor.tenantId, id2);
      const contact = await getContact2(tx, actor.tenantId, actor.contactId);
      await notifyCustomerActivity(tx, t, { kind: "created", by: actor.name, byEmail: contact?.email ?? null, text: details, ownerId: assignedStaffId });
      return id2;
    });
    return getPortalTicket(actor, id);
  }
  async function loadForContact(actor, id) {
    const t = await repo.getTicket(d.db, actor.tenantId, id);
    if (!t) throw notFound();
    return t;
  }
  async function getPortalTicket(actor, id) {
    const t = await loadForContact(actor, id);
    authorize(actor, "portal.ticket.read", ticketResource(t));
    const settings = await getSettings2(d.db, actor.tenantId);
    const [notes, files, time] = await Promise.all([
      repo.listNotes(d.db, actor.tenantId, id, true),
      repo.listAttachments(d.db, actor.tenantId, id, true),
      settings.showTimeEntries ? repo.listTimeEntries(d.db, actor.tenantId, id) : Promise.resolve(null)
    ]);
    return presentPortalTicket(actor, t, notes, files, time);
  }
  async function addPortalNote(actor, id, text17) {
    const t = await loadForContact(actor, id);
    authorize(actor, "portal.ticket.addNote", ticketResource(t));
    const now2 = d.clock();
    await inTransaction(d, async (tx) => {
      await repo.insertNote(tx, actor.tenantId, { ticketId: id, body: text17, isPublic: true, authorContactId: actor.contactId, authorName: actor.name, createdAt: now2 });
      const statusId = await statusAfterCustomerReply(tx, t);
      await repo.updateTicket(tx, actor.tenantId, id, {
        updatedAt: now2,
        // The queue shows how long the customer has been waiting: since their first unanswered reply.
        customerRepliedAt: t.ticket.customerRepliedAt ?? now2,
        ...statusId ? { statusId, resumeStatusId: null } : {}
      });
      const contact = await getContact2(tx, actor.tenantId, actor.contactId);
      const ownerId = t.ticket.assignedStaffId ?? await newTicketOwner(tx, actor.tenantId);
      await notifyCustomerActivity(tx, t, { kind: "note", by: actor.name, byEmail: contact?.email ?? null, text: text17, ownerId });
    });
    return getPortalTicket(actor, id);
  }
  async function ticketForContactUpload(actor, id) {
    const t = await loadForContact(actor, id);
    authorize(actor, "portal.ticket.addNote", ticketResource(t));
    return t;
  }
  async function ticketForContactRead(actor, id, isPublic) {
    const t = await loadForContact(actor, id);
    authorize(actor, "portal.attachment.read", { ...ticketResource(t), isPublic });
    return t;
  }
  async function listStaffTickets2(actor, q) {
    authorize(actor, "ticket.read");
    const assigned = q.assignedStaffId === "none" ? null : q.assignedStaffId === "me" ? actor.staffId : q.assignedStaffId;
    const { items, total, totalCapped } = await repo.listStaffTickets(d.db, actor.tenantId, { ...q, assignedStaffId: assigned });
    return { items: items.map(presentStaffRow), total, totalCapped, page: q.page, pageSize: q.pageSize };
  }
  async function loadForStaff(actor, id) {
    const t = await repo.getTicket(d.db, actor.tenantId, id);
    if (!t) throw notFound("Ticket not found");
    return t;
  }
  async function getStaffTicket(actor, id) {
    authorize(actor, "ticket.read");
    const t = await loadForStaff(actor, id);
    const [notes, files, time] = await Promise.all([
      repo.listNotes(d.db, actor.tenantId, id, false),
      repo.listAttachments(d.db, actor.tenantId, id, false),
      repo.listTimeEntries(d.db, actor.tenantId, id)
    ]);
    return presentStaffTicket(t, notes, files, time);
  }
  async function checkStaffRefs(actor, v) {
    if (v.assignedStaffId && !await getStaff2(d.db, actor.tenantId, v.assignedStaffId)) throw invalid("assignedStaffId", "is not a staff user");
    if (!v.statusId) return void 0;
    const [s2] = await getLookups2(d.db, actor.tenantId, [v.statusId]);
    if (!s2 || s2.kind !== "status") throw invalid("statusId", "is not a ticket status");
    return s2;
  }
  function statusChange(t, to) {
    if (!to || to.id === t.ticket.statusId) return {};
    const resumeStatusId = to.awaitsCustomer ? t.statusAwaitsCustomer ? t.ticket.resumeStatusId : t.ticket.statusId : null;
    return { customerRepliedAt: null, resumeStatusId };
  }
  async function createStaffTicket(actor, body) {
    authorize(actor, "ticket.manage");
    const { title, details, jobId, contactId, assignedStaffId, statusId, ...lookupIds } = body;
    const job = await getJob2(d.db, actor.tenantId, jobId);
    if (!job) throw invalid("jobId", "is not a job");
    if (contactId) {
      const c2 = await getContact2(d.db, actor.tenantId, contactId);
      if (!c2 || !c2.accounts.some((a) => a.id === job.accountId)) throw invalid("contactId", "is not a contact of the job's account");
    }
    await checkStaffRefs(actor, { assignedStaffId, statusId });
    await checkLookups(actor.tenantId, job.accountId, lookupIds);
    const status2 = statusId ?? await firstStatus(actor.tenantId);
    const now2 = d.clock();
    const id = await inTransaction(d, async (tx) => {
      const number = await repo.nextTicketNumber(tx, actor.tenantId);
      return repo.insertTicket(tx, actor.tenantId, {
        number,
        accountId: job.accountId,
        jobId,
        contactId,
        assignedStaffId,
        title,
        details,
        statusId: status2,
        ...lookupIds,
        createdVia: "staff",
        createdAt: now2,
        updatedAt: now2
      });
    });
    return getStaffTicket(actor, id);
  }
  async function updateStaffTicket(actor, id, body) {
    authorize(actor, "ticket.manage");
    const t = await loadForStaff(actor, id);
    const status2 = await checkStaffRefs(actor, body);
    if (body.jobId) {
      const job = await getJob2(d.db, actor.tenantId, body.jobId);
      if (!job || job.accountId !== t.ticket.accountId) throw invalid("jobId", "is not a job of the ticket's account");
    }
    await checkLookups(actor.tenantId, t.ticket.accountId, { priorityId: body.priorityId, typeId: body.typeId });
    await inTransaction(d, async (tx) => {
      if (body.jobId && body.jobId !== t.ticket.jobId) {
        await underJobLock(tx, actor, [t.ticket.jobId, body.jobId], async () => releaseHolds(tx, actor, await ticketHolds2(tx, actor.tenantId, id), "Time on this ticket"));
      }
      await repo.updateTicket(tx, actor.tenantId, id, { ...body, ...statusChange(t, status2), updatedAt: d.clock() });
      if (body.jobId && body.jobId !== t.ticket.jobId) await contracts2.checkRetainerAlerts(tx, actor.tenantId, body.jobId);
    });
    return getStaffTicket(actor, id);
  }
  async function addStaffNote(actor, id, body) {
    authorize(actor, "ticket.manage");
    const t = await loadForStaff(actor, id);
    const now2 = d.clock();
    await inTransaction(d, async (tx) => {
      await repo.insertNote(tx, actor.tenantId, { ticketId: id, body: body.body, isPublic: body.isPublic, authorStaffId: actor.staffId, authorName: actor.name, createdAt: now2 });
      await repo.updateTicket(tx, actor.tenantId, id, { updatedAt: now2, ...body.isPublic ? { customerRepliedAt: null } : {} });
      if (body.isPublic) await notifyContactOfReply(tx, t, actor.name, body.body);
    });
    return getStaffTicket(actor, id);
  }
  async function timeEntryValues(actor, body) {
    const staffId2 = body.staffId ?? actor.staffId;
    await checkStaffRefs(actor, { assignedStaffId: staffId2 });
    const startedAt = new Date(body.startedAt);
    const endedAt = new Date(body.endedAt);
    const hours = Math.round((endedAt.getTime() - startedAt.getTime()) / 36e5 * 100) / 100;
    return { staffId: staffId2, startedAt, endedAt, hours, note: body.note, notePublic: body.notePublic, billable: body.billable };
  }
  async function addTimeEntry(actor, id, body) {
    authorize(actor, "ticket.manage");
    const t = await loadForStaff(actor, id);
    const values = await timeEntryValues(actor, body);
    await inTransaction(d, async (tx) => {
      await repo.insertTimeEntry(tx, actor.tenantId, { ticketId: id, ...values, createdAt: d.clock() });
      await contracts2.checkRetainerAlerts(tx, actor.tenantId, t.ticket.jobId);
    });
    return getStaffTicket(actor, id);
  }
  async function releaseHolds(tx, actor, holds, what) {
    const approved = holds.find((h) => h.status === "approved");
    if (approved) throw new AppError("CONFLICT", `${what} is part of approved work (version ${approved.version}): reopen that approval on the approval screen before changing it.`);
    for (const h of holds) {
      if (h.status !== "awaiting") continue;
      if (!await approvals.supersede(tx, actor.tenantId, h, { staffId: actor.staffId, name: actor.name }, `${what} changed after this version was sent, so it was withdrawn.`)) {
        throw new AppError("CONFLICT", `Version ${h.version} was answered just now: reload to see the answer before changing it.`);
      }
    }
  }
  async function underJobLock(tx, actor, jobIds, fn) {
    for (const jobId of [...new Set(jobIds)].sort()) await lockJob2(tx, actor.tenantId, jobId);
    return fn();
  }
  async function changeTimeEntry(actor, ticketId, entryId, change) {
    authorize(actor, "ticket.manage");
    const t = await loadForStaff(actor, ticketId);
    await inTransaction(
      d,
      (tx) => underJobLock(tx, actor, [t.ticket.jobId], async () => {
        const e = await repo.getTimeEntry(tx, actor.tenantId, ticketId, entryId);
        if (!e) throw notFound("Time entry not found");
        await releaseHolds(tx, actor, e.hold?.id ? [e.hold] : [], "This time entry");
        await change(tx);
        await contracts2.checkRetainerAlerts(tx, actor.tenantId, t.ticket.jobId);
      })
    );
    return getStaffTicket(actor, ticketId);
  }
  async function updateTimeEntry2(actor, ticketId, entryId, body) {
    authorize(actor, "ticket.manage");
    const values = await timeEntryValues(actor, body);
    return changeTimeEntry(actor, ticketId, entryId, (tx) => repo.updateTimeEntry(tx, actor.tenantId, entryId, values));
  }
  const deleteTimeEntry2 = (actor, ticketId, entryId) => changeTimeEntry(actor, ticketId, entryId, (tx) => repo.deleteTimeEntry(tx, actor.tenantId, entryId));
  return {
    listPortalTickets: listPortalTickets2,
    portalTicketForm,
    createPortalTicket,
    getPortalTicket,
    addPortalNote,
    ticketForContactUpload,
    ticketForContactRead,
    listStaffTickets: listStaffTickets2,
    loadForStaff,
    getStaffTicket,
    createStaffTicket,
    updateStaffTicket,
    addStaffNote,
    addTimeEntry,
    updateTimeEntry: updateTimeEntry2,
    deleteTimeEntry: deleteTimeEntry2
  };
}

// src/server/modules/accounts/accounts.repo.ts
var accounts_repo_exports = {};
__export(accounts_repo_exports, {
  findAccountByNumber: () => findAccountByNumber,
  findAccountIds: () => findAccountIds,
  findAccountsByDomain: () => findAccountsByDomain,
  getAccount: () => getAccount,
  insertAccount: () => insertAccount,
  listAccounts: () => listAccounts,
  listMemberships: () => listMemberships,
  updateAccount: () => updateAccount,
  updateMembership: () => updateMembership
});
import { and as and7, asc as asc3, eq as eq7, getTableColumns as getTableColumns2, inArray as inArray2, isNotNull, isNull as isNull2, sql as sql20 } from "drizzle-orm";

// src/server/modules/jobs/jobs.repo.ts
var jobs_repo_exports = {};
__export(jobs_repo_exports, {
  anyJobOpenForTickets: () => anyJobOpenForTickets,
  countJobs: () => countJobs,
  getJob: () => getJob,
  insertDefaultJob: () => insertDefaultJob,
  insertJob: () => insertJob,
  listJobs: () => listJobs,
  listJobsOpenForTickets: () => listJobsOpenForTickets,
  makeDefaultJob: () => makeDefaultJob,
  updateJob: () => updateJob
});
import { and as and6, asc as asc2, eq as eq6, getTableColumns, or as or3, sql as sql19 } from "drizzle-orm";
var view = {
  ...getTableColumns(jobs),
  managerName: sql19`(select name from staff_users s where s.id = "jobs"."manager_staff_id")`,
  contactName: sql19`(select first_name || ' ' || last_name from contacts c where c.id = "jobs"."contact_id")`
};
var defaultFirst = [sql19`${jobs.isDefault} desc`, asc2(jobs.number)];
var listJobs = (db, tenantId, accountId) => db.select(view).from(jobs).where(and6(inTenant(jobs.tenantId, tenantId), eq6(jobs.accountId, accountId))).orderBy(...defaultFirst);
var openForTickets = (scope) => and6(
  eq6(jobs.tenantId, sql19.placeholder("tenantId")),
  eq6(jobs.accountId, sql19.placeholder("accountId")),
  eq6(jobs.visibleInPortal, true),
  scope.anyJob ? void 0 : or3(eq6(jobs.isDefault, true), eq6(jobs.contactId, sql19.placeholder("contactId"))),
  eq6(jobs.customersAddTickets, true),
  eq6(jobs.status, "active")
);
var scopeValues = (tenantId, scope) => ({ tenantId: assertTenant(tenantId), accountId: scope.accountId, contactId: scope.contactId });
var listJobsOpenForTickets = (db, tenantId, scope) => prepared(db, `jobs open for tickets ${scope.anyJob}`, () => db.select(view).from(jobs).where(openForTickets(scope)).orderBy(...defaultFirst)).execute(
  scopeValues(tenantId, scope)
);
var anyJobOpenForTickets = (db, scope) => scope ? sql19`exists (${db.select({ one: sql19`1` }).from(jobs).where(openForTickets(scope))})` : sql19`false`;
async function getJob(db, tenantId, id) {
  const rows = await db.select(view).from(jobs).where(and6(inTenant(jobs.tenantId, tenantId), eq6(jobs.id, id)));
  return rows[0];
}
async function insertJob(db, tenantId, v) {
  const [row] = await db.insert(jobs).values({ ...v, tenantId: assertTenant(tenantId) }).returning({ id: jobs.id });
  return row.id;
}
async function insertDefaultJob(db, tenantId, account) {
  await db.execute(sql19`select pg_advisory_xact_lock(7242005, hashtext(${assertTenant(tenantId)}))`);
  const base = (account.number ?? "JOB").slice(0, 40);
  const escaped = base.toLowerCase().replace(/[.*+?^$()[\]{}|\\]/g, "\\$&");
  const pattern = `^${escaped}-([0-9]{1,9})$`;
  const [last] = await db.select({ n: sql19`coalesce(max(substring(lower(${jobs.number}) from ${pattern})::int), 0)` }).from(jobs).where(inTenant(jobs.tenantId, tenantId));
  return insertJob(db, tenantId, { accountId: account.id, number: `${base}-${Number(last.n) + 1}`, name: account.name, isDefault: true, visibleInPortal: true, customersAddTickets: true });
}
async function updateJob(db, tenantId, id, v) {
  await db.update(jobs).set(v).where(and6(inTenant(jobs.tenantId, tenantId), eq6(jobs.id, id)));
}
async function makeDefaultJob(db, tenantId, accountId, id) {
  await db.update(jobs).set({ isDefault: false }).where(and6(inTenant(jobs.tenantId, tenantId), eq6(jobs.accountId, accountId), eq6(jobs.isDefault, true)));
  await db.update(jobs).set({ isDefault: true }).where(and6(inTenant(jobs.tenantId, tenantId), eq6(jobs.id, id)));
}
async function countJobs(db, tenantId, accountId) {
  const [r] = await db.select({ n: sql19`count(*)::int` }).from(jobs).where(and6(inTenant(jobs.tenantId, tenantId), eq6(jobs.accountId, accountId)));
  return r.n;
}

// src/server/modules/accounts/accounts.repo.ts
var contactCount = sql20`(select count(*)::int from account_contacts x where x.account_id = "accounts"."id")`;
var accountColumns = {
  ...getTableColumns2(accounts),
  portalRoleName: sql20`(select name from portal_roles r where r.id = "accounts"."portal_role_id")`,
  managerName: sql20`(select name from staff_users s where s.id = "accounts"."manager_staff_id")`
};
async function listAccounts(db, tenantId, f) {
  const where = () => {
    const w = [eq7(accounts.tenantId, sql20.placeholder("tenantId"))];
    if (f.status === "active") w.push(isNull2(accounts.archivedAt));
    if (f.status === "archived") w.push(isNotNull(accounts.archivedAt));
    if (f.q) w.push(sql20`(lower(${accounts.name}) like ${sql20.placeholder("like")} or lower(coalesce(${accounts.number}, '')) like ${sql20.placeholder("like")})`);
    return w;
  };
  const page2 = await keyedPage(
    db,
    {
      shape: `accounts ${f.status} ${Boolean(f.q)}`,
      values: { tenantId: assertTenant(tenantId), like: f.q ? containing(f.q) : void 0 },
      matching: (fields2) => db.select(fields2).from(accounts).where(and7(...where())).$dynamic(),
      id: accounts.id,
      keys: [
        { by: sql20`lower(${accounts.name})`, dir: "asc" },
        { by: accounts.id, dir: "asc" }
      ],
      page: f.page,
      pageSize: f.pageSize
    },
    (p) => db.select({ ...accountColumns, contactCount, n: p.n }).from(p.from).innerJoin(accounts, eq7(accounts.id, p.id)).$dynamic()
  );
  return { ...page2, items: page2.items };
}
async function getAccount(db, tenantId, id) {
  const rows = await db.select({ ...accountColumns, contactCount }).from(accounts).where(and7(inTenant(accounts.tenantId, tenantId), eq7(accounts.id, id)));
  return rows[0];
}
async function findAccountIds(db, tenantId, ids) {
  if (ids.length === 0) return [];
  const rows = await db.select({ id: accounts.id, archivedAt: accounts.archivedAt }).from(accounts).where(and7(inTenant(accounts.tenantId, tenantId), inArray2(accounts.id, ids)));
  return rows;
}
async function findAccountByNumber(db, tenantId, number) {
  const rows = await db.select({ id: accounts.id }).from(accounts).where(and7(inTenant(accounts.tenantId, tenantId), sql20`lower(${accounts.number}) = ${number.toLowerCase()}`));
  return rows[0];
}
async function findAccountsByDomain(db, tenantId, domain) {
  return db.select({ id: accounts.id, name: accounts.name }).from(accounts).where(
    and7(
      inTenant(accounts.tenantId, tenantId),
      isNull2(accounts.archivedAt),
      eq7(accounts.portalEnabled, true),
      sql20`${domain.toLowerCase()} = any(${accounts.emailDomains})`
    )
  ).orderBy(asc3(accounts.name));
}
async function insertAccount(db, tenantId, v) {
  const [row] = await db.insert(accounts).values({ ...v, tenantId: assertTenant(tenantId) }).returning({ id: accounts.id });
  await insertDefaultJob(db, tenantId, { id: row.id, name: v.name, number: v.number });
  return row.id;
}
async function updateAccount(db, tenantId, id, patch) {
  const rows = await db.update(accounts).set({ ...patch, updatedAt: /* @__PURE__ */ new Date() }).where(and7(inTenant(accounts.tenantId, tenantId), eq7(accounts.id, id))).returning({ id: accounts.id });
  return rows.length > 0;
}
async function listMemberships(db, tenantId, accountId) {
  return db.select({
    contactId: contacts.id,
    firstName: contacts.firstName,
    lastName: contacts.lastName,
    email: contacts.email,
    portalStatus: contacts.portalStatus,
    clientAdmin: accountContacts.clientAdmin,
    sendCopyOfTickets: accountContacts.sendCopyOfTickets,
    portalRoleId: accountContacts.portalRoleId
  }).from(accountContacts).innerJoin(contacts, eq7(contacts.id, accountContacts.contactId)).where(and7(inTenant(accountContacts.tenantId, tenantId), eq7(accountContacts.accountId, accountId), isNull2(contacts.archivedAt))).orderBy(asc3(contacts.lastName), asc3(contacts.firstName));
}
async function updateMembership(db, tenantId, accountId, contactId, v) {
  const rows = await db.update(accountContacts).set(v).where(and7(inTenant(accountContacts.tenantId, tenantId), eq7(accountContacts.accountId, accountId), eq7(accountContacts.contactId, contactId))).returning({ contactId: accountContacts.contactId });
  return rows.length > 0;
}

// src/server/modules/approvals/approvals.repo.ts
var approvals_repo_exports = {};
__export(approvals_repo_exports, {
  claimExpiredRequests: () => claimExpiredRequests,
  countPortalWaiting: () => countPortalWaiting,
  getApprovalJob: () => getApprovalJob,
  getAwaitingRequest: () => getAwaitingRequest,
  getNewerVersion: () => getNewerVersion,
  getRequest: () => getRequest,
  holdEntries: () => holdEntries,
  insertEvent: () => insertEvent,
  insertLines: () => insertLines,
  insertRequest: () => insertRequest,
  listApprovalJobs: () => listApprovalJobs,
  listEvents: () => listEvents,
  listJobRequests: () => listJobRequests,
  listLines: () => listLines,
  listPortalRequests: () => listPortalRequests,
  listRequestsById: () => listRequestsById,
  listUnsentWork: () => listUnsentWork,
  lockJob: () => lockJob,
  moveRequest: () => moveRequest,
  nextVersion: () => nextVersion,
  releaseEntries: () => releaseEntries,
  ticketHolds: () => ticketHolds
});
import { and as and8, asc as asc4, desc as desc2, eq as eq8, getTableColumns as getTableColumns3, inArray as inArray3, isNull as isNull3, or as or4, sql as sql21 } from "drizzle-orm";
var latest = sql21`(select r.id from approval_requests r where r.job_id = "jobs"."id" order by r.version desc limit 1)`;
var screenStatus = sql21`coalesce((select case when r.status in ('superseded', 'reopened') then 'not_sent' else r.status end
  from approval_requests r where r.job_id = "jobs"."id" order by r.version desc limit 1), 'not_sent')`;
var jobView = {
  jobId: jobs.id,
  jobNumber: jobs.number,
  jobName: jobs.name,
  accountId: jobs.accountId,
  accountName: accounts.name,
  contactId: jobs.contactId,
  contactName: sql21`(select c.first_name || ' ' || c.last_name from contacts c where c.id = "jobs"."contact_id")`,
  contactEmail: sql21`(select c.email from contacts c where c.id = "jobs"."contact_id")`,
  contactFirstName: sql21`(select c.first_name from contacts c where c.id = "jobs"."contact_id")`,
  contactPortalStatus: sql21`(select c.portal_status from contacts c where c.id = "jobs"."contact_id")`,
  /** The job contact still belongs to the job's account. */
  contactInAccount: sql21`exists (select 1 from account_contacts ac where ac.account_id = "jobs"."account_id" and ac.contact_id = "jobs"."contact_id")`,
  managerId: jobs.managerStaffId,
  managerName: sql21`(select s.name from staff_users s where s.id = "jobs"."manager_staff_id")`,
  requiresApproval: jobs.requiresApproval,
  latestId: sql21`${latest}`,
  status: screenStatus
};
async function listApprovalJobs(db, tenantId, f) {
  const where = and8(
    inTenant(jobs.tenantId, tenantId),
    eq8(jobs.requiresApproval, true),
    f.accountId ? eq8(jobs.accountId, f.accountId) : void 0,
    f.status ? sql21`${screenStatus} = ${f.status}` : void 0,
    f.q ? or4(sql21`${jobs.number} ilike ${`%${f.q}%`}`, sql21`${jobs.name} ilike ${`%${f.q}%`}`, sql21`${accounts.name} ilike ${`%${f.q}%`}`) : void 0
  );
  const rows = await db.select({ ...jobView, n: sql21`count(*) over ()::int` }).from(jobs).innerJoin(accounts, eq8(accounts.id, jobs.accountId)).where(where).orderBy(asc4(accounts.name), asc4(jobs.number), asc4(jobs.id)).limit(f.pageSize).offset((f.page - 1) * f.pageSize);
  return { rows, total: rows[0]?.n ?? 0 };
}
async function getApprovalJob(db, tenantId, jobId) {
  const rows = await db.select(jobView).from(jobs).innerJoin(accounts, eq8(accounts.id, jobs.accountId)).where(and8(inTenant(jobs.tenantId, tenantId), eq8(jobs.id, jobId)));
  return rows[0];
}
async function lockJob(db, tenantId, jobId) {
  await db.execute(sql21`select 1 from jobs where tenant_id = ${assertTenant(tenantId)} and id = ${jobId} for update`);
}
async function listUnsentWork(db, tenantId, jobIds, cutOff, timeZone) {
  if (jobIds.length === 0) return [];
  const workDate = sql21`to_char((${timeEntries.startedAt} at time zone ${timeZone})::date, 'YYYY-MM-DD')`;
  return db.select({
    id: timeEntries.id,
    jobId: tickets.jobId,
    ticketId: tickets.id,
    ticketNumber: tickets.number,
    ticketTitle: tickets.title,
    staffName: staffUsers.name,
    workDate,
    startedAt: timeEntries.startedAt,
    hours: sql21`${timeEntries.hours}::text`,
    note: sql21`case when ${timeEntries.notePublic} then ${timeEntries.note} else '' end`,
    rate: sql21`coalesce(${jobs.billingRate}, ${staffUsers.hourlyRate})::text`
  }).from(timeEntries).innerJoin(tickets, eq8(tickets.id, timeEntries.ticketId)).innerJoin(jobs, eq8(jobs.id, tickets.jobId)).innerJoin(staffUsers, eq8(staffUsers.id, timeEntries.staffId)).where(
    and8(
      inTenant(timeEntries.tenantId, tenantId),
      inArray3(tickets.jobId, jobIds),
      eq8(timeEntries.billable, true),
      isNull3(timeEntries.approvalRequestId),
      sql21`(${timeEntries.startedAt} at time zone ${timeZone})::date <= ${cutOff}::date`
    )
  ).orderBy(asc4(timeEntries.startedAt), asc4(tickets.number), asc4(timeEntries.id));
}
async function nextVersion(db, tenantId, jobId) {
  const [r] = await db.select({ n: sql21`coalesce(max(${approvalRequests.version}), 0)::int + 1` }).from(approvalRequests).where(and8(inTenant(approvalRequests.tenantId, tenantId), eq8(approvalRequests.jobId, jobId)));
  return r.n;
}
async function insertRequest(db, tenantId, v) {
  const [row] = await db.insert(approvalRequests).values({ ...v, tenantId: assertTenant(tenantId) }).returning({ id: approvalRequests.id });
  return row.id;
}
async function insertLines(db, tenantId, lines) {
  if (lines.length === 0) return;
  await db.insert(approvalLines).values(lines.map((l) => ({ ...l, tenantId: assertTenant(tenantId) })));
}
async function insertEvent(db, tenantId, v) {
  await db.insert(approvalEvents).values({ ...v, tenantId: assertTenant(tenantId) });
}
async function holdEntries(db, tenantId, requestId, entryIds) {
  if (entryIds.length === 0) return 0;
  const rows = await db.update(timeEntries).set({ approvalRequestId: requestId }).where(and8(inTenant(timeEntries.tenantId, tenantId), inArray3(timeEntries.id, entryIds), isNull3(timeEntries.approvalRequestId))).returning({ id: timeEntries.id });
  return rows.length;
}
async function releaseEntries(db, tenantId, requestId) {
  await db.update(timeEntries).set({ approvalRequestId: null }).where(and8(inTenant(timeEntries.tenantId, tenantId), eq8(timeEntries.approvalRequestId, requestId)));
}
async function moveRequest(db, tenantId, id, from, to, at) {
  const rows = await db.update(approvalRequests).set({ status: to, closedAt: at }).where(and8(inTenant(approvalRequests.tenantId, tenantId), eq8(approvalRequests.id, id), eq8(approvalRequests.status, from))).returning({ id: approvalRequests.id });
  return rows.length === 1;
}
async function getAwaitingRequest(db, tenantId, jobId) {
  const rows = await db.select().from(approvalRequests).where(and8(inTenant(approvalRequests.tenantId, tenantId), eq8(approvalRequests.jobId, jobId), eq8(approvalRequests.status, "awaiting")));
  return rows[0];
}
var requestView = {
  ...getTableColumns3(approvalRequests),
  jobNumber: jobs.number,
  jobName: jobs.name,
  accountName: accounts.name,
  contactName: sql21`${contacts.firstName} || ' ' || ${contacts.lastName}`,
  managerId: jobs.managerStaffId
};
var requestsJoined = (db) => db.select(requestView).from(approvalRequests).innerJoin(jobs, eq8(jobs.id, approvalRequests.jobId)).innerJoin(accounts, eq8(accounts.id, approvalRequests.accountId)).innerJoin(contacts, eq8(contacts.id, approvalRequests.contactId));
async function getRequest(db, tenantId, id, forUpdate = false) {
  if (forUpdate) await db.execute(sql21`select 1 from approval_requests where tenant_id = ${assertTenant(tenantId)} and id = ${id} for update`);
  const rows = await requestsJoined(db).where(and8(inTenant(approvalRequests.tenantId, tenantId), eq8(approvalRequests.id, id)));
  return rows[0];
}
var listJobRequests = (db, tenantId, jobId) => requestsJoined(db).where(and8(inTenant(approvalRequests.tenantId, tenantId), eq8(approvalRequests.jobId, jobId))).orderBy(desc2(approvalRequests.version));
var listRequestsById = (db, tenantId, ids) => ids.length === 0 ? Promise.resolve([]) : requestsJoined(db).where(and8(inTenant(approvalRequests.tenantId, tenantId), inArray3(approvalRequests.id, ids)));
async function getNewerVersion(db, tenantId, jobId, version) {
  const rows = await db.select({ id: approvalRequests.id, version: approvalRequests.version, status: approvalRequests.status }).from(approvalRequests).where(and8(inTenant(approvalRequests.tenantId, tenantId), eq8(approvalRequests.jobId, jobId), sql21`${approvalRequests.version} > ${version}`)).orderBy(desc2(approvalRequests.version)).limit(1);
  return rows[0];
}
var listLines = (db, tenantId, requestIds) => requestIds.length === 0 ? Promise.resolve([]) : db.select().from(approvalLines).where(and8(inTenant(approvalLines.tenantId, tenantId), inArray3(approvalLines.requestId, requestIds))).orderBy(asc4(approvalLines.requestId), asc4(approvalLines.sort));
var listEvents = (db, tenantId, requestIds) => requestIds.length === 0 ? Promise.resolve([]) : db.select().from(approvalEvents).where(and8(inTenant(approvalEvents.tenantId, tenantId), inArray3(approvalEvents.requestId, requestIds))).orderBy(asc4(approvalEvents.seq));
var inPortalScope = (tenantId, scope) => and8(inTenant(approvalRequests.tenantId, tenantId), eq8(approvalRequests.accountId, scope.accountId), scope.everyJob ? void 0 : eq8(approvalRequests.contactId, scope.contactId));
function listPortalRequests(db, tenantId, scope, state) {
  return requestsJoined(db).where(
    and8(
      inPortalScope(tenantId, scope),
      state === "waiting" ? eq8(approvalRequests.status, "awaiting") : inArray3(approvalRequests.status, ["approved", "queried", "expired", "reopened"])
    )
  ).orderBy(state === "waiting" ? asc4(approvalRequests.expiresAt) : desc2(approvalRequests.closedAt), asc4(approvalRequests.id)).limit(200);
}
async function countPortalWaiting(db, tenantId, scope) {
  const [r] = await db.select({ n: sql21`count(*)::int` }).from(approvalRequests).where(and8(inPortalScope(tenantId, scope), eq8(approvalRequests.status, "awaiting")));
  return r.n;
}
async function claimExpiredRequests(db, now2, limit) {
  const result = await db.execute(sql21`
    select id, tenant_id as "tenantId" from approval_requests
    where status = 'awaiting' and expires_at <= ${now2.toISOString()}::timestamptz
    order by expires_at limit ${limit} for update skip locked`);
  return result.rows;
}
async function ticketHolds(db, tenantId, ticketId) {
  return db.selectDistinct({ id: approvalRequests.id, version: approvalRequests.version, status: approvalRequests.status }).from(timeEntries).innerJoin(approvalRequests, eq8(approvalRequests.id, timeEntries.approvalRequestId)).where(and8(inTenant(timeEntries.tenantId, tenantId), eq8(timeEntries.ticketId, ticketId)));
}

// src/server/modules/contacts/contacts.repo.ts
var contacts_repo_exports = {};
__export(contacts_repo_exports, {
  clearPortalAccess: () => clearPortalAccess,
  findByUsername: () => findByUsername,
  findContactByEmail: () => findContactByEmail,
  findPortalUserByEmail: () => findPortalUserByEmail,
  getContact: () => getContact,
  getContactCredentials: () => getContactCredentials,
  getContactsByIds: () => getContactsByIds,
  insertContact: () => insertContact,
  listContactRows: () => listContactRows,
  listContacts: () => listContacts,
  liveContactWithEmail: () => liveContactWithEmail,
  otherPortalUserWithEmail: () => otherPortalUserWithEmail,
  portalEmailTaken: () => portalEmailTaken,
  replaceRecoveryCodes: () => replaceRecoveryCodes,
  setMemberships: () => setMemberships,
  updateContact: () => updateContact,
  useRecoveryCode: () => useRecoveryCode,
  usernameTaken: () => usernameTaken
});
import { and as and9, eq as eq9, getTableColumns as getTableColumns4, inArray as inArray4, isNotNull as isNotNull2, isNull as isNull4, sql as sql22 } from "drizzle-orm";
var memberships = sql22`(
  select coalesce(json_agg(json_build_object('id', a.id, 'name', a.name, 'portalEnabled', a.portal_enabled) order by lower(a.name)), '[]'::json)
  from ${accountContacts} ac join ${accounts} a on a.id = ac.account_id
  where ac.contact_id = "contacts"."id" and a.archived_at is null)`;
var listColumns2 = {
  id: contacts.id,
  tenantId: contacts.tenantId,
  firstName: contacts.firstName,
  lastName: contacts.lastName,
  email: contacts.email,
  phone: contacts.phone,
  jobTitle: contacts.jobTitle,
  timeZone: contacts.timeZone,
  archivedAt: contacts.archivedAt,
  createdAt: contacts.createdAt,
  portalStatus: contacts.portalStatus,
  portalUsername: contacts.portalUsername,
  activatedAt: contacts.activatedAt,
  lastLoginAt: contacts.lastLoginAt,
  lockedUntil: contacts.lockedUntil,
  totpEnabledAt: contacts.totpEnabledAt,
  signupStatus: contacts.signupStatus,
  accounts: memberships
};
var viewColumns = {
  ...listColumns2,
  updatedAt: contacts.updatedAt,
  passwordChangedAt: contacts.passwordChangedAt,
  failedLoginCount: contacts.failedLoginCount,
  signupCompany: contacts.signupCompany
};
var $ = sql22.placeholder;
var rowColumns = {
  listRow: contacts.listRow,
  tenantId: contacts.tenantId,
  archived: sql22`${contacts.archivedAt} is not null`.as("archived"),
  portalStatus: contacts.portalStatus,
  signupStatus: contacts.signupStatus
};
function contactsFilter(db, tenantId, f, columns) {
  const where = () => {
    const w = [eq9(contacts.tenantId, $("tenantId"))];
    if (f.status === "active") w.push(isNull4(contacts.archivedAt));
    if (f.status === "archived") w.push(isNotNull2(contacts.archivedAt));
    if (f.portalStatus) w.push(eq9(contacts.portalStatus, $("portalStatus")));
    if (f.portalAccess === "with") w.push(sql22`${contacts.portalStatus} <> 'not_enabled'`);
    if (f.portalAccess === "without") w.push(eq9(contacts.portalStatus, "not_enabled"));
    if (f.signup) w.push(eq9(contacts.signupStatus, $("signup")));
    if (f.accountId) {
      w.push(sql22`exists (select 1 from account_contacts x where x.contact_id = "contacts"."id" and x.account_id = ${$("accountId")})`);
    }
    if (f.q) {
      w.push(
        sql22`(lower(${contacts.firstName} || ' ' || ${contacts.lastName}) like ${$("like")} or lower(coalesce(${contacts.email}, '')) like ${$("like")} or lower(coalesce(${contacts.portalUsername}, '')) like ${$("like")})`
      );
    }
    return w;
  };
  return {
    shape: `contacts ${columns} ${f.status} ${f.portalAccess} ${[f.portalStatus, f.signup, f.accountId, f.q].map(Boolean).join(",")}`,
    values: { tenantId: assertTenant(tenantId), portalStatus: f.portalStatus, signup: f.signup, accountId: f.accountId, like: f.q ? containing(f.q) : void 0 },
    matching: (fields2) => db.select(fields2).from(contacts).where(and9(...where())).$dynamic(),
    id: contacts.id,
    keys: [
      { by: contacts.lastName, dir: "asc" },
      { by: contacts.firstName, dir: "asc" },
      { by: contacts.id, dir: "asc" }
    ],
    page: f.page,
    pageSize: f.pageSize
  };
}
async function listContacts(db, tenantId, f) {
  const page2 = await keyedPage(
    db,
    contactsFilter(db, tenantId, f, "views"),
    (p) => db.select({ ...listColumns2, n: p.n }).from(p.from).innerJoin(contacts, eq9(contacts.id, p.id)).$dynamic()
  );
  return { ...page2, items: page2.items };
}
async function listContactRows(db, tenantId, f, check) {
  const page2 = await keyedPagePlain(
    db,
    { ...contactsFilter(db, tenantId, f, "rows"), also: { shape: "session", values: check.values, columns: () => ({ session: check.column(db) }) } },
    rowColumns,
    (p, fields2) => db.select(fields2).from(p.from).innerJoin(contacts, eq9(contacts.id, p.id)).$dynamic()
  );
  return { ...page2, items: page2.items, session: page2.also.session ?? null };
}
async function getContact(db, tenantId, id) {
  const rows = await db.select(viewColumns).from(contacts).where(and9(inTenant(contacts.tenantId, tenantId), eq9(contacts.id, id)));
  return rows[0];
}
async function getContactsByIds(db, tenantId, ids) {
  if (ids.length === 0) return [];
  return await db.select(viewColumns).from(contacts).where(and9(inTenant(contacts.tenantId, tenantId), inArray4(contacts.id, ids)));
}
async function getContactCredentials(db, tenantId, id) {
  const rows = await db.select().from(contacts).where(and9(inTenant(contacts.tenantId, tenantId), eq9(contacts.id, id)));
  return rows[0];
}
async function findByUsername(db, tenantId, username) {
  const rows = await db.select({ ...getTableColumns4(contacts), accounts: memberships }).from(contacts).where(
    and9(
      inTenant(contacts.tenantId, tenantId),
      sql22`lower(${contacts.portalUsername}) = ${username.toLowerCase()}`
    )
  );
  return rows[0];
}
async function findPortalUserByEmail(db, tenantId, email) {
  const rows = await db.select(viewColumns).from(contacts).where(
    and9(
      inTenant(contacts.tenantId, tenantId),
      isNotNull2(contacts.portalUsername),
      sql22`lower(${contacts.email}) = ${email.toLowerCase()}`
    )
  );
  return rows[0];
}
async function findContactByEmail(db, tenantId, email) {
  const rows = await db.select({ id: contacts.id, portalUsername: contacts.portalUsername, signupStatus: contacts.signupStatus }).from(contacts).where(and9(inTenant(contacts.tenantId, tenantId), sql22`lower(${contacts.email}) = ${email.toLowerCase()}`)).limit(1);
  return rows[0];
}
async function otherContact(db, tenantId, match, exceptContactId) {
  const rows = await db.select({ id: contacts.id, firstName: contacts.firstName, lastName: contacts.lastName }).from(contacts).where(and9(inTenant(contacts.tenantId, tenantId), match, exceptContactId ? sql22`${contacts.id} <> ${exceptContactId}` : void 0)).orderBy(contacts.createdAt, contacts.id).limit(1);
  return rows[0];
}
var sameEmail = (email) => sql22`lower(trim(${contacts.email})) = ${email.trim().toLowerCase()}`;
var usernameTaken = async (db, tenantId, username, exceptContactId) => await otherContact(db, tenantId, sql22`lower(${contacts.portalUsername}) = ${username.toLowerCase()}`, exceptContactId) !== void 0;
var otherPortalUserWithEmail = (db, tenantId, email, exceptContactId) => otherContact(db, tenantId, and9(isNotNull2(contacts.portalUsername), sameEmail(email)), exceptContactId);
var portalEmailTaken = async (db, tenantId, email, exceptContactId) => await otherPortalUserWithEmail(db, tenantId, email, exceptContactId) !== void 0;
var liveContactWithEmail = (db, tenantId, email) => otherContact(db, tenantId, and9(isNull4(contacts.archivedAt), sameEmail(email)));
async function insertContact(db, tenantId, v) {
  const [row] = await db.insert(contacts).values({ ...v, tenantId: assertTenant(tenantId) }).returning({ id: contacts.id });
  return row.id;
}
async function updateContact(db, tenantId, id, patch) {
  const rows = await db.update(contacts).set({ ...patch, updatedAt: /* @__PURE__ */ new Date() }).where(and9(inTenant(contacts.tenantId, tenantId), eq9(contacts.id, id))).returning({ id: contacts.id });
  return rows.length > 0;
}
async function setMemberships(db, tenantId, contactId, accountIds) {
  await db.delete(accountContacts).where(
    and9(
      inTenant(accountContacts.tenantId, tenantId),
      eq9(accountContacts.contactId, contactId),
      accountIds.length ? sql22`${accountContacts.accountId} not in ${accountIds}` : void 0
    )
  );
  if (accountIds.length) {
    await db.insert(accountContacts).values(accountIds.map((accountId) => ({ tenantId, accountId, contactId }))).onConflictDoNothing();
  }
}
async function replaceRecoveryCodes(db, tenantId, contactId, codeHashes) {
  await db.delete(recoveryCodes).where(and9(inTenant(recoveryCodes.tenantId, tenantId), eq9(recoveryCodes.contactId, contactId)));
  if (codeHashes.length) {
    await db.insert(recoveryCodes).values(codeHashes.map((codeHash) => ({ tenantId, contactId, codeHash })));
  }
}
async function useRecoveryCode(db, tenantId, contactId, codeHash, now2) {
  const rows = await db.update(recoveryCodes).set({ usedAt: now2 }).where(
    and9(
      inTenant(recoveryCodes.tenantId, tenantId),
      eq9(recoveryCodes.contactId, contactId),
      eq9(recoveryCodes.codeHash, codeHash),
      isNull4(recoveryCodes.usedAt)
    )
  ).returning({ id: recoveryCodes.id });
  return rows.length > 0;
}
async function clearPortalAccess(tx, tenantId, id) {
  await updateContact(tx, tenantId, id, {
    portalStatus: "not_enabled",
    portalUsername: null,
    passwordHash: null,
    activatedAt: null,
    totpSecret: null,
    totpPendingSecret: null,
    totpEnabledAt: null,
    lockedUntil: null,
    failedLoginCount: 0
  });
  await replaceRecoveryCodes(tx, tenantId, id, []);
}

// src/server/modules/contracts/contracts.repo.ts
var contracts_repo_exports = {};
__export(contracts_repo_exports, {
  clearDefaultContract: () => clearDefaultContract,
  clientAdminRecipients: () => clientAdminRecipients,
  dailyHours: () => dailyHours,
  getContract: () => getContract,
  getJobForLink: () => getJobForLink,
  insertAlert: () => insertAlert,
  insertContract: () => insertContract,
  insertEvent: () => insertEvent2,
  invoicedAmount: () => invoicedAmount,
  listAccountJobs: () => listAccountJobs,
  listActiveRetainers: () => listActiveRetainers,
  listAlerts: () => listAlerts,
  listContractJobs: () => listContractJobs,
  listContracts: () => listContracts,
  listEvents: () => listEvents2,
  listPortalContracts: () => listPortalContracts,
  lockContract: () => lockContract,
  pricedWork: () => pricedWork,
  retainerOfJob: () => retainerOfJob,
  setJobContract: () => setJobContract,
  staffRecipients: () => staffRecipients,
  updateContract: () => updateContract
});
import { and as and10, asc as asc5, eq as eq10, getTableColumns as getTableColumns5, isNull as isNull5, ne, notInArray, sql as sql23 } from "drizzle-orm";
var jobCount = sql23`(select count(*)::int from jobs j where j.tenant_id = "contracts"."tenant_id" and j.contract_id = "contracts"."id")`;
var view2 = { ...getTableColumns5(contracts), accountName: accounts.name, jobCount };
async function listContracts(db, tenantId, f) {
  const $3 = sql23.placeholder;
  const where = () => {
    const w = [eq10(contracts.tenantId, $3("tenantId"))];
    if (f.accountId) w.push(eq10(contracts.accountId, $3("accountId")));
    if (f.status) w.push(eq10(contracts.status, $3("status")));
    if (f.type) w.push(eq10(contracts.type, $3("type")));
    if (f.q) w.push(sql23`(lower(${contracts.name}) like ${$3("like")} or lower(${contracts.reference}) like ${$3("like")} or lower(${accounts.name}) like ${$3("like")})`);
    return w;
  };
  const page2 = await keyedPage(
    db,
    {
      shape: `contracts ${[f.accountId, f.status, f.type, f.q].map(Boolean).join(",")}`,
      values: { tenantId: assertTenant(tenantId), accountId: f.accountId, status: f.status, type: f.type, like: f.q ? containing(f.q) : void 0 },
      matching: (fields2) => db.select(fields2).from(contracts).innerJoin(accounts, eq10(accounts.id, contracts.accountId)).where(and10(...where())).$dynamic(),
      id: contracts.id,
      keys: [
        { by: sql23`lower(${accounts.name})`, dir: "asc" },
        { by: sql23`lower(${contracts.name})`, dir: "asc" },
        { by: contracts.id, dir: "asc" }
      ],
      page: f.page,
      pageSize: f.pageSize
    },
    (p) => db.select({ ...view2, n: p.n }).from(p.from).innerJoin(contracts, eq10(contracts.id, p.id)).innerJoin(accounts, eq10(accounts.id, contracts.accountId)).$dynamic()
  );
  return { ...page2, items: page2.items };
}
async function getContract(db, tenantId, id) {
  const rows = await db.select(view2).from(contracts).innerJoin(accounts, eq10(accounts.id, contracts.accountId)).where(and10(inTenant(contracts.tenantId, tenantId), eq10(contracts.id, id)));
  return rows[0];
}
async function lockContract(db, tenantId, id, skipLocked = false) {
  const r = await db.execute(
    sql23`select id from contracts where tenant_id = ${assertTenant(tenantId)} and id = ${id} for no key update ${skipLocked ? sql23`skip locked` : sql23``}`
  );
  return r.rows.length === 1;
}
async function insertContract(db, tenantId, v) {
  const [row] = await db.insert(contracts).values({ ...v, tenantId: assertTenant(tenantId) }).returning({ id: contracts.id });
  return row.id;
}
async function updateContract(db, tenantId, id, v) {
  await db.update(contracts).set(v).where(and10(inTenant(contracts.tenantId, tenantId), eq10(contracts.id, id)));
}
async function clearDefaultContract(db, tenantId, accountId, at) {
  await db.execute(sql23`select pg_advisory_xact_lock(7242010, hashtext(${assertTenant(tenantId)} || ${accountId}))`);
  const rows = await db.update(contracts).set({ isDefault: false, updatedAt: at }).where(and10(inTenant(contracts.tenantId, tenantId), eq10(contracts.accountId, accountId), eq10(contracts.isDefault, true))).returning({ id: contracts.id });
  return rows.map((r) => r.id);
}
async function insertEvent2(db, tenantId, v) {
  await db.insert(contractEvents).values({ ...v, tenantId: assertTenant(tenantId) });
}
var listEvents2 = (db, tenantId, contractId) => db.select().from(contractEvents).where(and10(inTenant(contractEvents.tenantId, tenantId), eq10(contractEvents.contractId, contractId))).orderBy(asc5(contractEvents.seq));
var listContractJobs = (db, tenantId, contractId) => db.select({ id: jobs.id, number: jobs.number, name: jobs.name, status: jobs.status, visibleInPortal: jobs.visibleInPortal, managerId: jobs.managerStaffId, managerName: staffUsers.name }).from(jobs).leftJoin(staffUsers, eq10(staffUsers.id, jobs.managerStaffId)).where(and10(inTenant(jobs.tenantId, tenantId), eq10(jobs.contractId, contractId))).orderBy(asc5(jobs.number), asc5(jobs.id));
var listAccountJobs = (db, tenantId, accountId) => db.select({ id: jobs.id, number: jobs.number, name: jobs.name, contractId: jobs.contractId, contractName: contracts.name }).from(jobs).leftJoin(contracts, eq10(contracts.id, jobs.contractId)).where(and10(inTenant(jobs.tenantId, tenantId), eq10(jobs.accountId, accountId))).orderBy(asc5(jobs.number), asc5(jobs.id));
async function getJobForLink(db, tenantId, jobId, forUpdate = false) {
  if (forUpdate) await db.execute(sql23`select 1 from jobs where tenant_id = ${assertTenant(tenantId)} and id = ${jobId} for update`);
  const rows = await db.select({ id: jobs.id, accountId: jobs.accountId, number: jobs.number, name: jobs.name, contractId: jobs.contractId }).from(jobs).where(and10(inTenant(jobs.tenantId, tenantId), eq10(jobs.id, jobId)));
  return rows[0];
}
async function setJobContract(db, tenantId, jobId, contractId) {
  await db.update(jobs).set({ contractId }).where(and10(inTenant(jobs.tenantId, tenantId), eq10(jobs.id, jobId)));
}
async function retainerOfJob(db, tenantId, jobId) {
  const rows = await db.select({ id: contracts.id }).from(jobs).innerJoin(contracts, eq10(contracts.id, jobs.contractId)).where(and10(inTenant(jobs.tenantId, tenantId), eq10(jobs.id, jobId), eq10(contracts.tenantId, tenantId), eq10(contracts.type, "retainer_hours"), eq10(contracts.status, "active")));
  return rows[0]?.id ?? null;
}
async function invoicedAmount(db, tenantId, contractId) {
  const [r] = await db.select({ total: sql23`coalesce(sum(${invoices.grandTotal}), 0)::text` }).from(invoices).where(and10(inTenant(invoices.tenantId, tenantId), eq10(invoices.contractId, contractId), notInArray(invoices.status, ["draft", "void"])));
  return r.total;
}
var workDay = (timeZone) => sql23`(${timeEntries.startedAt} at time zone ${timeZone})::date`;
var contractWork = (tenantId, contractId, from, to, timeZone) => and10(
  inTenant(timeEntries.tenantId, tenantId),
  eq10(jobs.tenantId, tenantId),
  eq10(jobs.contractId, contractId),
  eq10(timeEntries.billable, true),
  sql23`${workDay(timeZone)} >= ${from}::date`,
  to ? sql23`${workDay(timeZone)} <= ${to}::date` : void 0
);
async function dailyHours(db, tenantId, contractId, from, to, timeZone) {
  const day2 = sql23`to_char(${workDay(timeZone)}, 'YYYY-MM-DD')`;
  return db.select({ day: day2, hours: sql23`sum(${timeEntries.hours})::text` }).from(timeEntries).innerJoin(tickets, eq10(tickets.id, timeEntries.ticketId)).innerJoin(jobs, eq10(jobs.id, tickets.jobId)).where(contractWork(tenantId, contractId, from, to, timeZone)).groupBy(sql23`1`).orderBy(sql23`1`);
}
async function pricedWork(db, tenantId, contractId, from, to, timeZone) {
  return db.select({ hours: sql23`${timeEntries.hours}::text`, rate: sql23`coalesce(${jobs.billingRate}, ${staffUsers.hourlyRate})::text` }).from(timeEntries).innerJoin(tickets, eq10(tickets.id, timeEntries.ticketId)).innerJoin(jobs, eq10(jobs.id, tickets.jobId)).innerJoin(staffUsers, eq10(staffUsers.id, timeEntries.staffId)).where(contractWork(tenantId, contractId, from, to, timeZone));
}
var inPortalScope2 = (tenantId, scope) => and10(inTenant(contracts.tenantId, tenantId), eq10(contracts.accountId, scope.accountId), ne(contracts.status, "draft"));
var listPortalContracts = (db, tenantId, scope) => db.select(view2).from(contracts).innerJoin(accounts, eq10(accounts.id, contracts.accountId)).where(inPortalScope2(tenantId, scope)).orderBy(sql23`${contracts.isDefault} desc`, sql23`${contracts.startDate} desc`, asc5(contracts.name), asc5(contracts.id)).limit(200);
async function insertAlert(db, tenantId, v) {
  const rows = await db.insert(contractAlerts).values({ ...v, tenantId: assertTenant(tenantId) }).onConflictDoNothing({ target: [contractAlerts.tenantId, contractAlerts.contractId, contractAlerts.periodStart, contractAlerts.thresholdPercent] }).returning({ id: contractAlerts.id });
  return rows.length === 1;
}
var listAlerts = (db, tenantId, contractId, periodStart) => db.select({ threshold: contractAlerts.thresholdPercent, sentAt: contractAlerts.sentAt }).from(contractAlerts).where(and10(inTenant(contractAlerts.tenantId, tenantId), eq10(contractAlerts.contractId, contractId), eq10(contractAlerts.periodStart, periodStart))).orderBy(asc5(contractAlerts.thresholdPercent));
async function clientAdminRecipients(db, tenantId, accountId) {
  const rows = await db.select({ email: contacts.email, firstName: contacts.firstName }).from(accountContacts).innerJoin(contacts, eq10(contacts.id, accountContacts.contactId)).innerJoin(accounts, eq10(accounts.id, accountContacts.accountId)).leftJoin(portalRoles, sql23`${portalRoles.id} = coalesce(${accountContacts.portalRoleId}, ${accounts.portalRoleId})`).where(
    and10(
      inTenant(accountContacts.tenantId, tenantId),
      eq10(accountContacts.accountId, accountId),
      eq10(accountContacts.clientAdmin, true),
      eq10(contacts.portalStatus, "active"),
      isNull5(contacts.archivedAt),
      eq10(accounts.portalEnabled, true),
      isNull5(accounts.archivedAt),
      sql23`'contracts.view' = any(${portalRoles.permissions})`
    )
  ).orderBy(asc5(contacts.lastName), asc5(contacts.firstName), asc5(contacts.id));
  return rows.filter((r) => !!r.email);
}
async function staffRecipients(db, tenantId, contractId) {
  return db.selectDistinct({ email: staffUsers.email, name: staffUsers.name }).from(staffUsers).where(
    and10(
      inTenant(staffUsers.tenantId, tenantId),
      isNull5(staffUsers.disabledAt),
      sql23`(${staffUsers.id} in (select j.manager_staff_id from jobs j where j.tenant_id = ${tenantId} and j.contract_id = ${contractId})
          or ${staffUsers.id} = (select a.manager_staff_id from contracts c join accounts a on a.id = c.account_id and a.tenant_id = c.tenant_id where c.tenant_id = ${tenantId} and c.id = ${contractId}))`
    )
  );
}
async function listActiveRetainers(db, after, limit) {
  return db.select({ id: contracts.id, tenantId: contracts.tenantId }).from(contracts).where(and10(eq10(contracts.type, "retainer_hours"), eq10(contracts.status, "active"), after ? sql23`${contracts.id} > ${after}` : void 0)).orderBy(asc5(contracts.id)).limit(limit);
}

// src/server/modules/invoices/invoices.repo.ts
var invoices_repo_exports = {};
__export(invoices_repo_exports, {
  deleteDraft: () => deleteDraft,
  findAccountReferences: () => findAccountReferences,
  getInvoice: () => getInvoice,
  holdApprovals: () => holdApprovals,
  insertInvoice: () => insertInvoice,
  insertPayment: () => insertPayment,
  isApprovalInvoiced: () => isApprovalInvoiced,
  issueDraft: () => issueDraft,
  listAccountContracts: () => listAccountContracts,
  listAccountJobs: () => listAccountJobs2,
  listInvoiceApprovals: () => listInvoiceApprovals,
  listInvoiceableApprovals: () => listInvoiceableApprovals,
  listInvoices: () => listInvoices,
  listLines: () => listLines2,
  listPayments: () => listPayments,
  listPortalInvoices: () => listPortalInvoices,
  listRecipientOptions: () => listRecipientOptions,
  releaseApprovals: () => releaseApprovals,
  replaceLines: () => replaceLines,
  setPaid: () => setPaid,
  takeInvoiceNumber: () => takeInvoiceNumber,
  updateDraft: () => updateDraft,
  voidIssued: () => voidIssued
});
import { and as and11, asc as asc6, desc as desc3, eq as eq11, getTableColumns as getTableColumns6, gte, inArray as inArray5, lt as lt4, notExists, sql as sql24 } from "drizzle-orm";
var view3 = {
  ...getTableColumns6(invoices),
  accountName: accounts.name,
  salesRepName: sql24`(select s.name from staff_users s where s.id = "invoices"."sales_rep_staff_id")`,
  jobNumber: sql24`(select j.number from jobs j where j.id = "invoices"."job_id")`,
  jobName: sql24`(select j.name from jobs j where j.id = "invoices"."job_id")`,
  contractName: sql24`(select c.name from contracts c where c.id = "invoices"."contract_id")`,
  createdByName: sql24`(select s.name from staff_users s where s.id = "invoices"."created_by_staff_id")`,
  voidedByName: sql24`(select s.name from staff_users s where s.id = "invoices"."voided_by_staff_id")`
};
async function getInvoice(db, tenantId, id, forUpdate = false) {
  if (forUpdate) await db.execute(sql24`select 1 from invoices where tenant_id = ${assertTenant(tenantId)} and id = ${id} for update`);
  const rows = await db.select(view3).from(invoices).innerJoin(accounts, eq11(accounts.id, invoices.accountId)).where(and11(inTenant(invoices.tenantId, tenantId), eq11(invoices.id, id)));
  return rows[0];
}
function statusCondition(status2, today) {
  const f = invoiceStatusFilter(status2);
  return and11(
    inArray5(invoices.status, f.stored),
    f.due === "past" ? lt4(invoices.dueDate, today) : f.due === "not_past" ? gte(invoices.dueDate, today) : void 0
  );
}
var listColumns3 = {
  id: invoices.id,
  number: invoices.number,
  displayNumber: invoices.displayNumber,
  status: invoices.status,
  accountId: invoices.accountId,
  accountName: accounts.name,
  poNumber: invoices.poNumber,
  invoiceDate: invoices.invoiceDate,
  dueDate: invoices.dueDate,
  currency: invoices.currency,
  grandTotal: invoices.grandTotal,
  paidAmount: invoices.paidAmount,
  sentAt: invoices.sentAt
};
async function pageOf(db, where, f) {
  const rows = await db.select({ ...listColumns3, n: sql24`count(*) over ()::int` }).from(invoices).innerJoin(accounts, eq11(accounts.id, invoices.accountId)).where(where).orderBy(desc3(invoices.invoiceDate), sql24`${invoices.number} desc nulls first`, desc3(invoices.createdAt), asc6(invoices.id)).limit(f.pageSize).offset((f.page - 1) * f.pageSize);
  return { rows: rows.map(({ n: _, ...r }) => r), total: rows[0]?.n ?? 0 };
}
var search = (q) => {
  if (!q) return void 0;
  const like = containing(q);
  return sql24`(lower(coalesce(${invoices.displayNumber}, '')) like ${like} or lower(${invoices.poNumber}) like ${like} or lower(${accounts.name}) like ${like})`;
};
function listInvoices(db, tenantId, f) {
  return pageOf(
    db,
    and11(inTenant(invoices.tenantId, tenantId), f.accountId ? eq11(invoices.accountId, f.accountId) : void 0, f.status ? statusCondition(f.status, f.today) : void 0, search(f.q)),
    f
  );
}
var inPortalScope3 = (tenantId, scope) => and11(inTenant(invoices.tenantId, tenantId), eq11(invoices.accountId, scope.accountId), sql24`${invoices.status} <> 'draft'`);
function listPortalInvoices(db, tenantId, scope, f) {
  return pageOf(db, and11(inPortalScope3(tenantId, scope), f.status ? statusCondition(f.status, f.today) : void 0, search(f.q)), f);
}
var listLines2 = (db, tenantId, invoiceId) => db.select().from(invoiceLines).where(and11(inTenant(invoiceLines.tenantId, tenantId), eq11(invoiceLines.invoiceId, invoiceId))).orderBy(asc6(invoiceLines.sort), asc6(invoiceLines.id));
var listPayments = (db, tenantId, invoiceId) => db.select({
  ...getTableColumns6(invoicePayments),
  recordedByName: sql24`(select s.name from staff_users s where s.id = "invoice_payments"."recorded_by_staff_id")`
}).from(invoicePayments).where(and11(inTenant(invoicePayments.tenantId, tenantId), eq11(invoicePayments.invoiceId, invoiceId))).orderBy(asc6(invoicePayments.paidOn), asc6(invoicePayments.seq));
async function insertInvoice(db, tenantId, v) {
  const [row] = await db.insert(invoices).values({ ...v, tenantId: assertTenant(tenantId) }).returning({ id: invoices.id });
  return row.id;
}
async function updateDraft(db, tenantId, id, patch) {
  const rows = await db.update(invoices).set(patch).where(and11(inTenant(invoices.tenantId, tenantId), eq11(invoices.id, id), eq11(invoices.status, "draft"))).returning({ id: invoices.id });
  return rows.length === 1;
}
async function replaceLines(db, tenantId, invoiceId, lines) {
  await db.delete(invoiceLines).where(and11(inTenant(invoiceLines.tenantId, tenantId), eq11(invoiceLines.invoiceId, invoiceId)));
  if (lines.length) await db.insert(invoiceLines).values(lines.map((l) => ({ ...l, invoiceId, tenantId: assertTenant(tenantId) })));
}
async function deleteDraft(db, tenantId, id) {
  const rows = await db.delete(invoices).where(and11(inTenant(invoices.tenantId, tenantId), eq11(invoices.id, id), eq11(invoices.status, "draft"))).returning({ id: invoices.id });
  return rows.length === 1;
}
async function takeInvoiceNumber(db, tenantId) {
  const [r] = await db.update(portalSettings).set({ nextInvoiceNumber: sql24`${portalSettings.nextInvoiceNumber} + 1` }).where(inTenant(portalSettings.tenantId, tenantId)).returning({ next: portalSettings.nextInvoiceNumber, prefix: portalSettings.invoicePrefix });
  return { number: Number(r.next) - 1, prefix: r.prefix };
}
async function issueDraft(db, tenantId, id, v) {
  const rows = await db.update(invoices).set({ ...v, status: "sent", updatedAt: v.sentAt }).where(and11(inTenant(invoices.tenantId, tenantId), eq11(invoices.id, id), eq11(invoices.status, "draft"))).returning({ id: invoices.id });
  return rows.length === 1;
}
async function insertPayment(db, tenantId, v) {
  const [row] = await db.insert(invoicePayments).values({ ...v, tenantId: assertTenant(tenantId) }).returning({ id: invoicePayments.id });
  return row.id;
}
async function setPaid(db, tenantId, id, v) {
  await db.update(invoices).set(v).where(and11(inTenant(invoices.tenantId, tenantId), eq11(invoices.id, id), inArray5(invoices.status, ["sent", "partly_paid"])));
}
async function voidIssued(db, tenantId, id, v) {
  const rows = await db.update(invoices).set({ ...v, status: "void", updatedAt: v.voidedAt }).where(and11(inTenant(invoices.tenantId, tenantId), eq11(invoices.id, id), eq11(invoices.status, "sent"), sql24`${invoices.paidAmount} = 0`)).returning({ id: invoices.id });
  return rows.length === 1;
}
async function holdApprovals(db, tenantId, invoiceId, requestIds) {
  if (!requestIds.length) return;
  await db.insert(invoicedApprovals).values(requestIds.map((approvalRequestId) => ({ tenantId: assertTenant(tenantId), approvalRequestId, invoiceId })));
}
async function releaseApprovals(db, tenantId, invoiceId) {
  await db.delete(invoicedApprovals).where(and11(inTenant(invoicedApprovals.tenantId, tenantId), eq11(invoicedApprovals.invoiceId, invoiceId)));
}
var listInvoiceApprovals = (db, tenantId, invoiceId) => db.select({ id: approvalRequests.id, jobNumber: jobs.number, jobName: jobs.name, version: approvalRequests.version, totalAmount: approvalRequests.totalAmount }).from(invoicedApprovals).innerJoin(approvalRequests, eq11(approvalRequests.id, invoicedApprovals.approvalRequestId)).innerJoin(jobs, eq11(jobs.id, approvalRequests.jobId)).where(and11(inTenant(invoicedApprovals.tenantId, tenantId), eq11(invoicedApprovals.invoiceId, invoiceId))).orderBy(asc6(jobs.number), asc6(approvalRequests.version));
var notInvoiced = (db) => notExists(db.select({ x: sql24`1` }).from(invoicedApprovals).where(eq11(invoicedApprovals.approvalRequestId, approvalRequests.id)));
async function listInvoiceableApprovals(db, tenantId, accountId) {
  return db.select({
    id: approvalRequests.id,
    jobId: jobs.id,
    jobNumber: jobs.number,
    jobName: jobs.name,
    version: approvalRequests.version,
    cutOff: approvalRequests.cutOff,
    closedAt: approvalRequests.closedAt,
    totalHours: approvalRequests.totalHours,
    totalAmount: approvalRequests.totalAmount,
    lineCount: sql24`(select count(*)::int from approval_lines l where l.request_id = "approval_requests"."id")`
  }).from(approvalRequests).innerJoin(jobs, eq11(jobs.id, approvalRequests.jobId)).where(and11(inTenant(approvalRequests.tenantId, tenantId), eq11(approvalRequests.accountId, accountId), eq11(approvalRequests.status, "approved"), notInvoiced(db))).orderBy(asc6(jobs.number), asc6(approvalRequests.version));
}
async function isApprovalInvoiced(db, tenantId, requestId) {
  const rows = await db.select({ invoiceId: invoicedApprovals.invoiceId, displayNumber: invoices.displayNumber }).from(invoicedApprovals).innerJoin(invoices, eq11(invoices.id, invoicedApprovals.invoiceId)).where(and11(inTenant(invoicedApprovals.tenantId, tenantId), eq11(invoicedApprovals.approvalRequestId, requestId)));
  return rows[0];
}
var listAccountJobs2 = (db, tenantId, accountId) => db.select({ id: jobs.id, number: jobs.number, name: jobs.name, isProject: jobs.isProject, status: jobs.status }).from(jobs).where(and11(inTenant(jobs.tenantId, tenantId), eq11(jobs.accountId, accountId))).orderBy(sql24`${jobs.isDefault} desc`, asc6(jobs.number));
var listAccountContracts = (db, tenantId, accountId) => db.select({ id: contracts.id, name: contracts.name, status: contracts.status }).from(contracts).where(and11(inTenant(contracts.tenantId, tenantId), eq11(contracts.accountId, accountId))).orderBy(sql24`${contracts.isDefault} desc`, asc6(contracts.name));
async function findAccountReferences(db, tenantId, accountId, ids) {
  const [job] = ids.jobId ? await db.select({ id: jobs.id }).from(jobs).where(and11(inTenant(jobs.tenantId, tenantId), eq11(jobs.accountId, accountId), eq11(jobs.id, ids.jobId))) : [];
  const [contract] = ids.contractId ? await db.select({ id: contracts.id }).from(contracts).where(and11(inTenant(contracts.tenantId, tenantId), eq11(contracts.accountId, accountId), eq11(contracts.id, ids.contractId))) : [];
  return { job: !!job, contract: !!contract };
}
async function listRecipientOptions(db, tenantId, accountId) {
  assertTenant(tenantId);
  const r = await db.execute(sql24`
    select c.id, c.first_name as "firstName", c.last_name as "lastName", c.email, ac.client_admin as "clientAdmin",
      c.portal_status in ('active', 'invited') as "hasPortalAccess",
      (a.portal_enabled and coalesce('invoices.view' = any(r.permissions), false)) as "seesInvoices"
    from account_contacts ac
      join contacts c on c.id = ac.contact_id and c.tenant_id = ac.tenant_id
      join accounts a on a.id = ac.account_id and a.tenant_id = ac.tenant_id
      left join portal_roles r on r.id = coalesce(ac.portal_role_id, a.portal_role_id) and r.tenant_id = ac.tenant_id
    where ac.tenant_id = ${tenantId} and ac.account_id = ${accountId} and c.archived_at is null and c.email is not null and c.email <> ''
    order by lower(c.last_name), lower(c.first_name), c.id`);
  return r.rows;
}

// src/server/modules/lookups/lookups.repo.ts
var lookups_repo_exports = {};
__export(lookups_repo_exports, {
  getLookups: () => getLookups,
  insertLookup: () => insertLookup,
  listLookups: () => listLookups,
  updateLookup: () => updateLookup
});
import { and as and12, asc as asc7, eq as eq12, inArray as inArray6 } from "drizzle-orm";
async function listLookups(db, tenantId, f) {
  const where = [inTenant(lookups.tenantId, tenantId)];
  if (f.kind) where.push(eq12(lookups.kind, f.kind));
  if (f.accountId) where.push(eq12(lookups.accountId, f.accountId));
  if (f.activeOnly) where.push(eq12(lookups.active, true));
  return db.select().from(lookups).where(and12(...where)).orderBy(asc7(lookups.kind), asc7(lookups.sort), asc7(lookups.name));
}
async function getLookups(db, tenantId, ids) {
  if (ids.length === 0) return [];
  return db.select().from(lookups).where(and12(inTenant(lookups.tenantId, tenantId), inArray6(lookups.id, ids)));
}
async function insertLookup(db, tenantId, v) {
  const [row] = await db.insert(lookups).values({ ...v, tenantId: assertTenant(tenantId) }).returning();
  return row;
}
async function updateLookup(db, tenantId, id, v) {
  const rows = await db.update(lookups).set(v).where(and12(inTenant(lookups.tenantId, tenantId), eq12(lookups.id, id))).returning();
  return rows[0];
}

// src/server/modules/portal-access/portal-events.repo.ts
var portal_events_repo_exports = {};
__export(portal_events_repo_exports, {
  listEvents: () => listEvents3,
  portalEventTypes: () => portalEventTypes,
  recordEvent: () => recordEvent
});
import { and as and13, desc as desc4, eq as eq13 } from "drizzle-orm";
var portalEventTypes = {
  granted: "Portal access granted",
  activation_sent: "Activation email sent",
  welcome_sent: "Welcome email sent",
  login_sent: "Login details sent",
  reset_sent: "Password reset email sent",
  activated: "Account activated (password set)",
  password_reset: "Password reset",
  password_changed: "Password changed",
  login_ok: "Signed in",
  login_failed: "Sign-in failed",
  locked: "Locked after failed sign-ins",
  unlocked: "Unlocked by staff",
  disabled: "Portal access disabled",
  enabled: "Portal access enabled",
  revoked: "Portal access revoked",
  username_changed: "Username changed",
  email_change_requested: "Email change requested",
  email_changed: "Email address changed (confirmed by link)",
  signup_requested: "Signed up, waiting for approval",
  signup_approved: "Sign-up approved",
  signup_rejected: "Sign-up rejected",
  two_factor_enabled: "Two-factor authentication enabled",
  two_factor_disabled: "Two-factor authentication disabled",
  recovery_code_used: "Signed in with a recovery code",
  logout_everywhere: "Signed out everywhere",
  archived: "Contact archived (access ended)"
};
async function recordEvent(db, tenantId, contactId, type2, actor, now2, detail) {
  await db.insert(portalEvents).values({
    tenantId: assertTenant(tenantId),
    contactId,
    type: type2,
    actorKind: actor.kind,
    actorId: actor.id ?? null,
    actorName: actor.name ?? null,
    ip: actor.ip ?? null,
    detail: detail ?? null,
    createdAt: now2
  });
}
async function listEvents3(db, tenantId, contactId) {
  return db.select().from(portalEvents).where(and13(inTenant(portalEvents.tenantId, tenantId), eq13(portalEvents.contactId, contactId))).orderBy(desc4(portalEvents.createdAt), desc4(portalEvents.id)).limit(500);
}

// src/server/modules/portal-access/tokens.repo.ts
var tokens_repo_exports = {};
__export(tokens_repo_exports, {
  issueToken: () => issueToken,
  peekToken: () => peekToken,
  redeemToken: () => redeemToken,
  voidContactTokens: () => voidContactTokens,
  voidStaffTokens: () => voidStaffTokens
});
import { and as and14, eq as eq14, gt, inArray as inArray7, isNull as isNull6, sql as sql25 } from "drizzle-orm";
var purposeFamily = (p) => p === "activation" || p === "reset" ? ["activation", "reset"] : [p];
async function issueToken(db, tenantId, v) {
  if (v.contactId) await voidContactTokens(db, tenantId, v.contactId, v.now, purposeFamily(v.purpose));
  if (v.staffUserId) await voidStaffTokens(db, tenantId, v.staffUserId, v.now);
  await db.insert(authTokens).values({
    tenantId: assertTenant(tenantId),
    tokenHash: v.tokenHash,
    purpose: v.purpose,
    contactId: v.contactId,
    staffUserId: v.staffUserId ?? null,
    newEmail: v.newEmail ?? null,
    createdAt: v.now,
    expiresAt: v.expiresAt
  });
}
async function voidContactTokens(db, tenantId, contactId, now2, purposes) {
  await db.update(authTokens).set({ usedAt: now2 }).where(
    and14(
      inTenant(authTokens.tenantId, tenantId),
      eq14(authTokens.contactId, contactId),
      isNull6(authTokens.usedAt),
      purposes ? inArray7(authTokens.purpose, purposes) : void 0
    )
  );
}
async function voidStaffTokens(db, tenantId, staffUserId, now2) {
  await db.update(authTokens).set({ usedAt: now2 }).where(and14(inTenant(authTokens.tenantId, tenantId), eq14(authTokens.staffUserId, staffUserId), isNull6(authTokens.usedAt)));
}
var live2 = (tenantId, tokenHash, now2) => and14(inTenant(authTokens.tenantId, tenantId), eq14(authTokens.tokenHash, tokenHash), isNull6(authTokens.usedAt), gt(authTokens.expiresAt, now2));
async function peekToken(db, tenantId, tokenHash, now2) {
  const rows = await db.select({ purpose: authTokens.purpose, contactId: authTokens.contactId, staffUserId: authTokens.staffUserId, username: contacts.portalUsername }).from(authTokens).leftJoin(contacts, eq14(contacts.id, authTokens.contactId)).where(live2(tenantId, tokenHash, now2));
  return rows[0];
}
async function redeemToken(db, tenantId, tokenHash, purposes, now2) {
  const rows = await db.update(authTokens).set({ usedAt: now2 }).where(and14(live2(tenantId, tokenHash, now2), sql25`${authTokens.purpose} in ${purposes}`)).returning({ purpose: authTokens.purpose, contactId: authTokens.contactId, staffUserId: authTokens.staffUserId, newEmail: authTokens.newEmail });
  return rows[0];
}

// src/server/modules/portal-roles/portal-roles.repo.ts
var portal_roles_repo_exports = {};
__export(portal_roles_repo_exports, {
  findPortalRoleByName: () => findPortalRoleByName,
  getPortalRole: () => getPortalRole,
  insertPortalRole: () => insertPortalRole,
  listPortalRoles: () => listPortalRoles,
  updatePortalRole: () => updatePortalRole
});
import { and as and15, asc as asc8, eq as eq15, sql as sql26 } from "drizzle-orm";
var listPortalRoles = (db, tenantId) => db.select().from(portalRoles).where(inTenant(portalRoles.tenantId, tenantId)).orderBy(asc8(portalRoles.name));
async function getPortalRole(db, tenantId, id) {
  const rows = await db.select().from(portalRoles).where(and15(inTenant(portalRoles.tenantId, tenantId), eq15(portalRoles.id, id)));
  return rows[0];
}
async function findPortalRoleByName(db, tenantId, name) {
  const rows = await db.select().from(portalRoles).where(and15(inTenant(portalRoles.tenantId, tenantId), sql26`lower(${portalRoles.name}) = ${name.toLowerCase()}`));
  return rows[0];
}
async function insertPortalRole(db, tenantId, v) {
  const [row] = await db.insert(portalRoles).values({ ...v, tenantId: assertTenant(tenantId) }).returning({ id: portalRoles.id });
  return row.id;
}
async function updatePortalRole(db, tenantId, id, v) {
  await db.update(portalRoles).set(v).where(and15(inTenant(portalRoles.tenantId, tenantId), eq15(portalRoles.id, id)));
}

// src/server/modules/projects/projects.repo.ts
var projects_repo_exports = {};
__export(projects_repo_exports, {
  deletePhase: () => deletePhase,
  deleteProjectContact: () => deleteProjectContact,
  deleteTask: () => deleteTask,
  getFile: () => getFile,
  getPhase: () => getPhase,
  getProject: () => getProject,
  getProjectContact: () => getProjectContact,
  getTask: () => getTask,
  insertFile: () => insertFile,
  insertNote: () => insertNote,
  insertPhase: () => insertPhase,
  insertTask: () => insertTask,
  listFiles: () => listFiles,
  listNotes: () => listNotes,
  listPhases: () => listPhases,
  listPortalProjects: () => listPortalProjects,
  listProjectContacts: () => listProjectContacts,
  listProjectStaff: () => listProjectStaff,
  listProjectTime: () => listProjectTime,
  listProjects: () => listProjects,
  listTasks: () => listTasks,
  setProjectStaff: () => setProjectStaff,
  updatePhase: () => updatePhase,
  updateTask: () => updateTask,
  upsertProjectContact: () => upsertProjectContact
});
import { and as and16, asc as asc9, desc as desc5, eq as eq16, inArray as inArray8, isNull as isNull7, or as or5, sql as sql27 } from "drizzle-orm";
var projectView = {
  id: jobs.id,
  tenantId: jobs.tenantId,
  accountId: jobs.accountId,
  accountName: accounts.name,
  accountNumber: accounts.number,
  accountTimeZone: accounts.timeZone,
  number: jobs.number,
  name: jobs.name,
  status: jobs.status,
  description: jobs.description,
  startDate: jobs.startDate,
  dueDate: jobs.dueDate,
  visibleInPortal: jobs.visibleInPortal,
  isDefault: jobs.isDefault,
  managerStaffId: jobs.managerStaffId,
  managerName: sql27`(select s.name from staff_users s where s.tenant_id = "jobs"."tenant_id" and s.id = "jobs"."manager_staff_id")`
};
var listOrder = {
  due_asc: [sql27`${jobs.dueDate} asc nulls last`, asc9(jobs.number), asc9(jobs.id)],
  name_asc: [sql27`lower(${jobs.name}) asc`, asc9(jobs.id)],
  number_asc: [sql27`lower(${jobs.number}) asc`, asc9(jobs.id)]
};
async function listProjects(db, tenantId, f) {
  const like = f.q ? containing(f.q) : null;
  const rows = await db.select({ ...projectView, n: sql27`count(*) over ()::int` }).from(jobs).innerJoin(accounts, eq16(accounts.id, jobs.accountId)).where(
    and16(
      inTenant(jobs.tenantId, tenantId),
      eq16(jobs.isProject, true),
      f.status === "all" ? void 0 : eq16(jobs.status, f.status),
      f.accountId ? eq16(jobs.accountId, f.accountId) : void 0,
      f.managerStaffId ? eq16(jobs.managerStaffId, f.managerStaffId) : void 0,
      like ? or5(sql27`lower(${jobs.number}) like ${like}`, sql27`lower(${jobs.name}) like ${like}`, sql27`lower(${accounts.name}) like ${like}`) : void 0
    )
  ).orderBy(...listOrder[f.sort]).limit(f.pageSize).offset((f.page - 1) * f.pageSize);
  return { rows, total: rows[0]?.n ?? 0 };
}
async function getProject(db, tenantId, id) {
  const rows = await db.select(projectView).from(jobs).innerJoin(accounts, eq16(accounts.id, jobs.accountId)).where(and16(inTenant(jobs.tenantId, tenantId), eq16(jobs.id, id), eq16(jobs.isProject, true)));
  return rows[0];
}
async function listPortalProjects(db, tenantId, scope) {
  const rows = await db.select({ project: projectView, association: projectContacts }).from(jobs).innerJoin(accounts, eq16(accounts.id, jobs.accountId)).innerJoin(projectContacts, and16(eq16(projectContacts.tenantId, jobs.tenantId), eq16(projectContacts.jobId, jobs.id), eq16(projectContacts.contactId, scope.contactId))).where(and16(inTenant(jobs.tenantId, tenantId), eq16(jobs.isProject, true), eq16(jobs.accountId, scope.accountId), eq16(jobs.visibleInPortal, true))).orderBy(sql27`${jobs.status} = 'closed'`, sql27`${jobs.dueDate} asc nulls last`, asc9(jobs.number), asc9(jobs.id)).limit(200);
  return rows;
}
var listPhases = (db, tenantId, jobIds) => jobIds.length === 0 ? Promise.resolve([]) : db.select().from(projectPhases).where(and16(inTenant(projectPhases.tenantId, tenantId), inArray8(projectPhases.jobId, jobIds))).orderBy(asc9(projectPhases.jobId), asc9(projectPhases.sort), sql27`${projectPhases.dueDate} asc nulls last`, asc9(projectPhases.createdAt), asc9(projectPhases.id));
async function getPhase(db, tenantId, jobId, id) {
  const rows = await db.select().from(projectPhases).where(and16(inTenant(projectPhases.tenantId, tenantId), eq16(projectPhases.jobId, jobId), eq16(projectPhases.id, id)));
  return rows[0];
}
async function insertPhase(db, tenantId, v) {
  const [row] = await db.insert(projectPhases).values({ ...v, tenantId: assertTenant(tenantId) }).returning({ id: projectPhases.id });
  return row.id;
}
async function updatePhase(db, tenantId, jobId, id, v) {
  await db.update(projectPhases).set(v).where(and16(inTenant(projectPhases.tenantId, tenantId), eq16(projectPhases.jobId, jobId), eq16(projectPhases.id, id)));
}
async function deletePhase(db, tenantId, jobId, id) {
  await db.update(projectTasks).set({ phaseId: null }).where(and16(inTenant(projectTasks.tenantId, tenantId), eq16(projectTasks.jobId, jobId), eq16(projectTasks.phaseId, id)));
  const rows = await db.delete(projectPhases).where(and16(inTenant(projectPhases.tenantId, tenantId), eq16(projectPhases.jobId, jobId), eq16(projectPhases.id, id))).returning({ id: projectPhases.id });
  return rows.length === 1;
}
var taskView = {
  id: projectTasks.id,
  jobId: projectTasks.jobId,
  phaseId: projectTasks.phaseId,
  title: projectTasks.title,
  status: projectTasks.status,
  progress: projectTasks.progress,
  dueDate: projectTasks.dueDate,
  assignedStaffId: projectTasks.assignedStaffId,
  assigneeName: staffUsers.name,
  sort: projectTasks.sort,
  createdAt: projectTasks.createdAt
};
var listTasks = (db, tenantId, jobIds) => jobIds.length === 0 ? Promise.resolve([]) : db.select(taskView).from(projectTasks).leftJoin(staffUsers, and16(eq16(staffUsers.tenantId, projectTasks.tenantId), eq16(staffUsers.id, projectTasks.assignedStaffId))).where(and16(inTenant(projectTasks.tenantId, tenantId), inArray8(projectTasks.jobId, jobIds))).orderBy(asc9(projectTasks.jobId), asc9(projectTasks.sort), sql27`${projectTasks.dueDate} asc nulls last`, asc9(projectTasks.createdAt), asc9(projectTasks.id));
async function getTask(db, tenantId, jobId, id) {
  const rows = await db.select(taskView).from(projectTasks).leftJoin(staffUsers, and16(eq16(staffUsers.tenantId, projectTasks.tenantId), eq16(staffUsers.id, projectTasks.assignedStaffId))).where(and16(inTenant(projectTasks.tenantId, tenantId), eq16(projectTasks.jobId, jobId), eq16(projectTasks.id, id)));
  return rows[0];
}
async function insertTask(db, tenantId, v) {
  const [row] = await db.insert(projectTasks).values({ ...v, tenantId: assertTenant(tenantId) }).returning({ id: projectTasks.id });
  return row.id;
}
async function updateTask(db, tenantId, jobId, id, v) {
  await db.update(projectTasks).set(v).where(and16(inTenant(projectTasks.tenantId, tenantId), eq16(projectTasks.jobId, jobId), eq16(projectTasks.id, id)));
}
async function deleteTask(db, tenantId, jobId, id) {
  const rows = await db.delete(projectTasks).where(and16(inTenant(projectTasks.tenantId, tenantId), eq16(projectTasks.jobId, jobId), eq16(projectTasks.id, id))).returning({ id: projectTasks.id });
  return rows.length === 1;
}
var listProjectStaff = (db, tenantId, jobId) => db.select({ id: staffUsers.id, name: staffUsers.name, email: staffUsers.email, disabledAt: staffUsers.disabledAt }).from(projectStaff).innerJoin(staffUsers, and16(eq16(staffUsers.tenantId, projectStaff.tenantId), eq16(staffUsers.id, projectStaff.staffId))).where(and16(inTenant(projectStaff.tenantId, tenantId), eq16(projectStaff.jobId, jobId))).orderBy(asc9(staffUsers.name), asc9(staffUsers.id));
async function setProjectStaff(db, tenantId, jobId, staffIds) {
  await db.delete(projectStaff).where(and16(inTenant(projectStaff.tenantId, tenantId), eq16(projectStaff.jobId, jobId)));
  if (staffIds.length) await db.insert(projectStaff).values(staffIds.map((staffId2) => ({ tenantId: assertTenant(tenantId), jobId, staffId: staffId2 })));
}
var associationView = {
  association: projectContacts,
  firstName: contacts.firstName,
  lastName: contacts.lastName,
  email: contacts.email,
  portalStatus: contacts.portalStatus,
  archivedAt: contacts.archivedAt
};
var listProjectContacts = (db, tenantId, jobId) => db.select(associationView).from(projectContacts).innerJoin(contacts, and16(eq16(contacts.tenantId, projectContacts.tenantId), eq16(contacts.id, projectContacts.contactId))).where(and16(inTenant(projectContacts.tenantId, tenantId), eq16(projectContacts.jobId, jobId), isNull7(contacts.archivedAt))).orderBy(asc9(contacts.lastName), asc9(contacts.firstName), asc9(contacts.id));
async function getProjectContact(db, tenantId, jobId, contactId) {
  const rows = await db.select().from(projectContacts).where(and16(inTenant(projectContacts.tenantId, tenantId), eq16(projectContacts.jobId, jobId), eq16(projectContacts.contactId, contactId)));
  return rows[0];
}
async function upsertProjectContact(db, tenantId, jobId, contactId, flags, now2) {
  await db.insert(projectContacts).values({ tenantId: assertTenant(tenantId), jobId, contactId, ...flags, createdAt: now2 }).onConflictDoUpdate({ target: [projectContacts.tenantId, projectContacts.jobId, projectContacts.contactId], set: flags });
}
async function deleteProjectContact(db, tenantId, jobId, contactId) {
  const rows = await db.delete(projectContacts).where(and16(inTenant(projectContacts.tenantId, tenantId), eq16(projectContacts.jobId, jobId), eq16(projectContacts.contactId, contactId))).returning({ contactId: projectContacts.contactId });
  return rows.length === 1;
}
var listNotes = (db, tenantId, jobId, publicOnly) => db.select().from(projectNotes).where(and16(inTenant(projectNotes.tenantId, tenantId), eq16(projectNotes.jobId, jobId), publicOnly ? eq16(projectNotes.isPublic, true) : void 0)).orderBy(asc9(projectNotes.seq));
async function insertNote(db, tenantId, v) {
  const [row] = await db.insert(projectNotes).values({ ...v, tenantId: assertTenant(tenantId) }).returning({ id: projectNotes.id });
  return row.id;
}
var listFiles = (db, tenantId, jobId, publicOnly) => db.select().from(projectFiles).where(and16(inTenant(projectFiles.tenantId, tenantId), eq16(projectFiles.jobId, jobId), publicOnly ? eq16(projectFiles.isPublic, true) : void 0)).orderBy(desc5(projectFiles.createdAt), asc9(projectFiles.id));
async function insertFile(db, tenantId, v) {
  const [row] = await db.insert(projectFiles).values({ ...v, tenantId: assertTenant(tenantId) }).returning();
  return row;
}
async function getFile(db, tenantId, id) {
  const rows = await db.select().from(projectFiles).where(and16(inTenant(projectFiles.tenantId, tenantId), eq16(projectFiles.id, id)));
  return rows[0];
}
var listProjectTime = (db, tenantId, jobId) => db.select({
  id: timeEntries.id,
  startedAt: timeEntries.startedAt,
  staffName: staffUsers.name,
  hours: sql27`${timeEntries.hours}::text`,
  note: sql27`case when ${timeEntries.notePublic} and ${timeEntries.note} <> '' then ${timeEntries.note} else null end`
}).from(timeEntries).innerJoin(tickets, and16(eq16(tickets.tenantId, timeEntries.tenantId), eq16(tickets.id, timeEntries.ticketId))).innerJoin(staffUsers, and16(eq16(staffUsers.tenantId, timeEntries.tenantId), eq16(staffUsers.id, timeEntries.staffId))).where(and16(inTenant(timeEntries.tenantId, tenantId), eq16(tickets.jobId, jobId))).orderBy(asc9(timeEntries.startedAt), asc9(timeEntries.id)).limit(1e3);

// src/server/modules/rate-limit/lockout.repo.ts
var lockout_repo_exports = {};
__export(lockout_repo_exports, {
  countFailedSignIn: () => countFailedSignIn
});
import { and as and17, eq as eq17, sql as sql28 } from "drizzle-orm";
async function countFailedSignIn(db, table, tenantId, id, now2) {
  const lockUntil = new Date(now2.getTime() + LOCKOUT_MS);
  const result = await db.execute(sql28`
    with prev as (
      select ${table.id} as id, (${table.failedLoginCount} + 1 >= ${LOCKOUT_THRESHOLD}
        and (${table.lockedUntil} is null or ${table.lockedUntil} <= ${now2})) as reaches
      from ${table} where ${and17(inTenant(table.tenantId, tenantId), eq17(table.id, id))}
      for update
    )
    update ${table} set
      failed_login_count = case when prev.reaches then 0 else ${table.failedLoginCount} + 1 end,
      locked_until = case when prev.reaches then ${lockUntil}::timestamptz else ${table.lockedUntil} end
    from prev where ${table.id} = prev.id
    returning prev.reaches as "lockedNow"`);
  return result.rows[0]?.lockedNow === true;
}

// src/server/modules/staff/staff.repo.ts
var staff_repo_exports = {};
__export(staff_repo_exports, {
  countStaff: () => countStaff,
  findFirstActiveAdmin: () => findFirstActiveAdmin,
  findRoleByName: () => findRoleByName,
  findStaffCredentials: () => findStaffCredentials,
  getRole: () => getRole,
  getStaff: () => getStaff,
  insertRole: () => insertRole,
  insertStaff: () => insertStaff,
  listRoles: () => listRoles,
  listStaff: () => listStaff,
  lockStaffSetup: () => lockStaffSetup,
  updateRole: () => updateRole,
  updateStaff: () => updateStaff
});
import { and as and18, asc as asc10, count, eq as eq18, isNull as isNull8, sql as sql29 } from "drizzle-orm";
async function countStaff(db, tenantId) {
  const [r] = await db.select({ n: count() }).from(staffUsers).where(inTenant(staffUsers.tenantId, tenantId));
  return r.n;
}
async function findStaffCredentials(db, tenantId, email) {
  const rows = await db.select().from(staffUsers).where(and18(inTenant(staffUsers.tenantId, tenantId), sql29`lower(${staffUsers.email}) = ${email.toLowerCase()}`));
  return rows[0];
}
var staffColumns = {
  id: staffUsers.id,
  tenantId: staffUsers.tenantId,
  name: staffUsers.name,
  email: staffUsers.email,
  disabledAt: staffUsers.disabledAt,
  lastLoginAt: staffUsers.lastLoginAt,
  hourlyRate: staffUsers.hourlyRate,
  createdAt: staffUsers.createdAt,
  roleId: staffRoles.id,
  roleName: staffRoles.name,
  permissions: staffRoles.permissions
};
async function getStaff(db, tenantId, id) {
  const rows = await db.select(staffColumns).from(staffUsers).innerJoin(staffRoles, eq18(staffRoles.id, staffUsers.roleId)).where(and18(inTenant(staffUsers.tenantId, tenantId), eq18(staffUsers.id, id)));
  return rows[0];
}
async function listStaff(db, tenantId) {
  return db.select(staffColumns).from(staffUsers).innerJoin(staffRoles, eq18(staffRoles.id, staffUsers.roleId)).where(inTenant(staffUsers.tenantId, tenantId)).orderBy(asc10(staffUsers.name));
}
async function findFirstActiveAdmin(db, tenantId) {
  const rows = await db.select({ id: staffUsers.id }).from(staffUsers).innerJoin(staffRoles, eq18(staffRoles.id, staffUsers.roleId)).where(and18(inTenant(staffUsers.tenantId, tenantId), isNull8(staffUsers.disabledAt), sql29`'admin' = any(${staffRoles.permissions})`)).orderBy(asc10(staffUsers.createdAt), asc10(staffUsers.id)).limit(1);
  return rows[0]?.id ?? null;
}
async function insertStaff(db, tenantId, v) {
  const [row] = await db.insert(staffUsers).values({ ...v, tenantId: assertTenant(tenantId) }).returning({ id: staffUsers.id });
  return row.id;
}
async function updateStaff(db, tenantId, id, patch) {
  const rows = await db.update(staffUsers).set(patch).where(and18(inTenant(staffUsers.tenantId, tenantId), eq18(staffUsers.id, id))).returning({ id: staffUsers.id });
  return rows.length > 0;
}
async function listRoles(db, tenantId) {
  return db.select({
    id: staffRoles.id,
    name: staffRoles.name,
    permissions: staffRoles.permissions,
    builtIn: staffRoles.builtIn,
    userCount: sql29`(select count(*)::int from staff_users x where x.role_id = "staff_roles"."id")`
  }).from(staffRoles).where(inTenant(staffRoles.tenantId, tenantId)).orderBy(asc10(staffRoles.name));
}
async function getRole(db, tenantId, id) {
  const rows = await db.select().from(staffRoles).where(and18(inTenant(staffRoles.tenantId, tenantId), eq18(staffRoles.id, id)));
  return rows[0];
}
async function findRoleByName(db, tenantId, name) {
  const rows = await db.select().from(staffRoles).where(and18(inTenant(staffRoles.tenantId, tenantId), sql29`lower(${staffRoles.name}) = ${name.toLowerCase()}`));
  return rows[0];
}
async function insertRole(db, tenantId, v) {
  const [row] = await db.insert(staffRoles).values({ ...v, tenantId: assertTenant(tenantId) }).returning({ id: staffRoles.id });
  return row.id;
}
async function updateRole(db, tenantId, id, v) {
  const rows = await db.update(staffRoles).set(v).where(and18(inTenant(staffRoles.tenantId, tenantId), eq18(staffRoles.id, id))).returning({ id: staffRoles.id });
  return rows.length > 0;
}
async function lockStaffSetup(tx, tenantId) {
  await tx.execute(sql29`select pg_advisory_xact_lock(7242004, hashtext(${assertTenant(tenantId)}))`);
}

// src/server/modules/tenants/tenants.repo.ts
var tenants_repo_exports = {};
__export(tenants_repo_exports, {
  builtInPortalRoles: () => builtInPortalRoles,
  builtInStaffRoles: () => builtInStaffRoles,
  createTenant: () => createTenant,
  findTenantForHost: () => findTenantForHost,
  getSettings: () => getSettings,
  getTenant: () => getTenant,
  lockDefaultTenantCreation: () => lockDefaultTenantCreation,
  setupProgress: () => setupProgress,
  updateSettings: () => updateSettings
});
import { sql as sql30 } from "drizzle-orm";
async function findTenantForHost(db, host) {
  const rows = await db.select().from(tenants).where(sql30`lower(${tenants.host}) = ${host.toLowerCase()} or ${tenants.isDefault}`).orderBy(sql30`${tenants.isDefault} asc`).limit(1);
  return rows[0];
}
async function getTenant(db, tenantId) {
  const rows = await db.select().from(tenants).where(inTenant(tenants.id, tenantId));
  return rows[0];
}
var builtInStaffRoles = [
  { name: "Administrator", permissions: ["admin"] },
  {
    name: "Service desk",
    permissions: ["accounts.manage", "contacts.manage", "portal_access.manage", "email_log.read", "tickets.manage", "jobs.manage"]
  },
  { name: "Approver", permissions: ["approval.allow"] },
  { name: "Billing", permissions: ["billing.manage", "approval.allow"] }
];
var builtInPortalRoles = [
  { name: "External User", permissions: ["tickets.view_own", "tickets.create", "tickets.edit", "messages", "projects.view"], visibleFields: ["priority", "ticket_type", "attachments"] },
  {
    name: "External Manager",
    permissions: ["tickets.view_own", "tickets.view_account", "tickets.create", "tickets.edit", "messages", "contracts.view", "invoices.view", "projects.view"],
    visibleFields: ["site", "ticket_type", "priority", "issue_type", "sub_issue_type", "hardware_asset", "software_asset", "attachments"]
  }
];
var defaultLookups = [
  { kind: "status", name: "New" },
  { kind: "status", name: "In progress" },
  { kind: "status", name: "Waiting for customer", awaitsCustomer: true },
  { kind: "status", name: "Resolved", isClosed: true },
  { kind: "priority", name: "Low" },
  { kind: "priority", name: "Normal" },
  { kind: "priority", name: "High" },
  { kind: "priority", name: "Critical" },
  { kind: "ticket_type", name: "Incident" },
  { kind: "ticket_type", name: "Service request" },
  { kind: "ticket_type", name: "Question" }
];
async function createTenant(db, input) {
  const [tenant2] = await db.insert(tenants).values(input).returning();
  await db.insert(portalSettings).values({ tenantId: tenant2.id });
  await db.insert(staffRoles).values(builtInStaffRoles.map((r) => ({ ...r, tenantId: tenant2.id, builtIn: true })));
  await db.insert(portalRoles).values(builtInPortalRoles.map((r) => ({ ...r, tenantId: tenant2.id, builtIn: true })));
  await db.insert(lookups).values(defaultLookups.map((l, i) => ({ ...l, sort: i, tenantId: tenant2.id })));
  return tenant2;
}
async function getSettings(db, tenantId) {
  const rows = await db.select().from(portalSettings).where(inTenant(portalSettings.tenantId, tenantId));
  return rows[0];
}
async function updateSettings(db, tenantId, patch) {
  const rows = await db.update(portalSettings).set({ ...patch, updatedAt: /* @__PURE__ */ new Date() }).where(inTenant(portalSettings.tenantId, tenantId)).returning();
  return rows[0];
}
async function lockDefaultTenantCreation(tx) {
  await tx.execute(sql30`select pg_advisory_xact_lock(7242003)`);
}
async function setupProgress(db, tenantId) {
  assertTenant(tenantId);
  const r = await db.execute(sql30`
    select
      exists (select 1 from portal_settings where tenant_id = ${tenantId} and portal_name <> 'Client Portal') as "portalSettings",
      exists (select 1 from accounts where tenant_id = ${tenantId} and archived_at is null) as "account",
      exists (select 1 from contacts where tenant_id = ${tenantId} and archived_at is null) as "contact",
      exists (select 1 from contacts where tenant_id = ${tenantId} and portal_status <> 'not_enabled') as "grant",
      exists (select 1 from contacts where tenant_id = ${tenantId} and last_login_at is not null) as "portalSeen"`);
  return r.rows[0];
}

// src/server/modules/tickets/tickets.repo.ts
var tickets_repo_exports = {};
__export(tickets_repo_exports, {
  deleteTimeEntry: () => deleteTimeEntry,
  getAttachment: () => getAttachment,
  getTicket: () => getTicket,
  getTimeEntry: () => getTimeEntry,
  insertAttachment: () => insertAttachment,
  insertNote: () => insertNote2,
  insertTicket: () => insertTicket,
  insertTimeEntry: () => insertTimeEntry,
  listAttachments: () => listAttachments,
  listNotes: () => listNotes2,
  listPortalTickets: () => listPortalTickets,
  listStaffTickets: () => listStaffTickets,
  listTimeEntries: () => listTimeEntries,
  nextTicketNumber: () => nextTicketNumber,
  updateTicket: () => updateTicket,
  updateTimeEntry: () => updateTimeEntry
});
import { and as and19, asc as asc11, eq as eq19, getTableColumns as getTableColumns7, isNotNull as isNotNull3, isNull as isNull9, sql as sql31 } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
var status = alias(lookups, "status");
var priority = alias(lookups, "priority");
var ref7 = (id, name) => sql31`case when ${id} is null then null else json_build_object('id', ${id}, 'name', ${name}) end`;
var portalRowColumns = {
  id: tickets.id,
  number: tickets.number,
  title: tickets.title,
  createdAt: tickets.createdAt,
  updatedAt: tickets.updatedAt,
  status: ref7(status.id, status.name),
  priority: ref7(priority.id, priority.name),
  job: ref7(jobs.id, jobs.name),
  contact: ref7(contacts.id, sql31`${contacts.firstName} || ' ' || ${contacts.lastName}`)
};
var rowColumns2 = {
  ...portalRowColumns,
  createdVia: tickets.createdVia,
  customerRepliedAt: tickets.customerRepliedAt,
  account: ref7(accounts.id, accounts.name),
  assignedStaff: ref7(staffUsers.id, staffUsers.name)
};
var orderBy = {
  updated_desc: [{ by: tickets.updatedAt, dir: "desc" }, { by: tickets.id, dir: "desc" }],
  updated_asc: [{ by: tickets.updatedAt, dir: "asc" }, { by: tickets.id, dir: "asc" }],
  created_desc: [{ by: tickets.createdAt, dir: "desc" }, { by: tickets.id, dir: "desc" }],
  created_asc: [{ by: tickets.createdAt, dir: "asc" }, { by: tickets.id, dir: "asc" }],
  number_desc: [{ by: tickets.number, dir: "desc" }, { by: tickets.id, dir: "desc" }],
  number_asc: [{ by: tickets.number, dir: "asc" }, { by: tickets.id, dir: "asc" }],
  title_asc: [{ by: sql31`lower(${tickets.title})`, dir: "asc" }, { by: tickets.id, dir: "asc" }]
};
var $2 = sql31.placeholder;
var statusesWhere = (column) => sql31`array(select s.id from lookups s where s.tenant_id = ${$2("tenantId")} and s.kind = 'status' and s.${sql31.raw(column)})`;
var portalJobs = (ofContact) => sql31`array(select j.id from jobs j where j.tenant_id = ${$2("tenantId")} and j.account_id = ${$2("accountId")} and j.visible_in_portal${ofContact ? sql31` and j.contact_id = ${$2("contactId")}` : sql31``})`;
function filterConditions(f) {
  const where = [];
  if (f.statusId) where.push(eq19(tickets.statusId, $2("statusId")));
  if (f.priorityId) where.push(eq19(tickets.priorityId, $2("priorityId")));
  if (f.jobId) where.push(eq19(tickets.jobId, $2("jobId")));
  if (f.open !== "all") where.push(f.open === "closed" ? sql31`${tickets.statusId} = any(${statusesWhere("is_closed")})` : sql31`${tickets.statusId} <> all(${statusesWhere("is_closed")})`);
  if (f.q) {
    where.push(
      searchNumber(f.q) !== null ? sql31`(${tickets.number} = ${$2("number")} or lower(${tickets.title}) like ${$2("like")})` : sql31`(lower(${tickets.title}) like ${$2("like")} or lower(${tickets.details}) like ${$2("like")})`
    );
  }
  return where;
}
var searchNumber = (q) => /^#?\d{1,15}$/.test(q) ? Number(q.replace("#", "")) : null;
function filterValues(f) {
  return {
    statusId: f.statusId,
    priorityId: f.priorityId,
    jobId: f.jobId,
    like: f.q ? containing(f.q) : void 0,
    number: f.q ? searchNumber(f.q) : null
  };
}
var filterShape = (f) => `${f.sort} ${f.open} ${[f.statusId, f.priorityId, f.jobId].map(Boolean).join(",")} ${f.q ? searchNumber(f.q) === null ? "text" : "number" : "-"}`;
function withPortalRowJoins(q) {
  return q.innerJoin(jobs, eq19(jobs.id, tickets.jobId)).innerJoin(status, eq19(status.id, tickets.statusId)).leftJoin(priority, eq19(priority.id, tickets.priorityId)).leftJoin(contacts, eq19(contacts.id, tickets.contactId));
}
function withRowJoins(q) {
  return withPortalRowJoins(q).leftJoin(accounts, eq19(accounts.id, tickets.accountId)).leftJoin(staffUsers, eq19(staffUsers.id, tickets.assignedStaffId));
}
function listFilter(db, where, f) {
  return {
    matching: (fields2) => db.select(fields2).from(tickets).where(and19(...where(), ...filterConditions(f))).$dynamic(),
    id: tickets.id,
    keys: orderBy[f.sort],
    page: f.page,
    pageSize: f.pageSize
  };
}
function listPortalTickets(db, tenantId, scope, jobScope, f, check) {
  const where = () => [
    eq19(tickets.tenantId, $2("tenantId")),
    eq19(tickets.accountId, $2("accountId")),
    sql31`${tickets.jobId} = any(${portalJobs(false)})`,
    ...scope.everyTicket ? [] : [sql31`(${tickets.contactId} = ${$2("contactId")} or ${tickets.jobId} = any(${portalJobs(true)}))`]
  ];
  return keyedPageText(
    db,
    {
      ...listFilter(db, where, f),
      shape: `tickets portal ${scope.everyTicket ? "every" : "own"} ${filterShape(f)}`,
      values: { ...filterValues(f), tenantId: assertTenant(tenantId), accountId: scope.accountId, contactId: scope.contactId },
      also: {
        // The job scope's account and contact are the ticket scope's (both are the contact's, in the account in view).
        shape: `jobs ${jobScope === null ? "none" : jobScope.anyJob}`,
        values: check.values,
        columns: () => ({ session: check.column(db), open: anyJobOpenForTickets(db, jobScope) })
      }
    },
    { item: sql31`${tickets.portalRow}`, rows: (p, fields2) => db.select(fields2).from(p.from).innerJoin(tickets, eq19(tickets.id, p.id)).$dynamic() }
  );
}
function listStaffTickets(db, tenantId, f) {
  const where = () => {
    const w = [eq19(tickets.tenantId, $2("tenantId"))];
    if (f.accountId) w.push(eq19(tickets.accountId, $2("accountId")));
    if (f.assignedStaffId === null) w.push(isNull9(tickets.assignedStaffId));
    else if (f.assignedStaffId) w.push(eq19(tickets.assignedStaffId, $2("assignedStaffId")));
    if (f.waitingOn === "us") w.push(isNotNull3(tickets.customerRepliedAt));
    else if (f.waitingOn === "customer") w.push(sql31`${tickets.statusId} = any(${statusesWhere("awaits_customer")})`);
    return w;
  };
  const assigned = f.assignedStaffId === null ? "none" : Boolean(f.assignedStaffId);
  const values = { tenantId: assertTenant(tenantId), accountId: f.accountId, assignedStaffId: f.assignedStaffId };
  return keyedPage(
    db,
    {
      ...listFilter(db, where, f),
      shape: `tickets staff ${Boolean(f.accountId)} ${assigned} ${f.waitingOn ?? "-"} ${filterShape(f)}`,
      values: { ...filterValues(f), ...values }
    },
    (p) => withRowJoins(db.select({ ...rowColumns2, n: p.n }).from(p.from).innerJoin(tickets, eq19(tickets.id, p.id)).$dynamic())
  );
}
var lk = (name) => alias(lookups, name);
var type = lk("type");
var issueType = lk("issue_type");
var subIssueType = lk("sub_issue_type");
var site = lk("site");
var hardware = lk("hardware");
var software = lk("software");
async function getTicket(db, tenantId, id) {
  const query = db.select({
    ...rowColumns2,
    ticket: getTableColumns7(tickets),
    details: tickets.details,
    jobVisible: jobs.visibleInPortal,
    jobContactId: jobs.contactId,
    jobHoursVisible: jobs.hoursVisible,
    jobManagerId: jobs.managerStaffId,
    jobCopyToManager: jobs.copyEmailsToManager,
    statusClosed: status.isClosed,
    statusAwaitsCustomer: status.awaitsCustomer,
    type: ref7(type.id, type.name),
    issueType: ref7(issueType.id, issueType.name),
    subIssueType: ref7(subIssueType.id, subIssueType.name),
    site: ref7(site.id, site.name),
    hardwareAsset: ref7(hardware.id, hardware.name),
    softwareAsset: ref7(software.id, software.name)
  }).from(tickets).$dynamic();
  const rows = await withRowJoins(query).leftJoin(type, eq19(type.id, tickets.typeId)).leftJoin(issueType, eq19(issueType.id, tickets.issueTypeId)).leftJoin(subIssueType, eq19(subIssueType.id, tickets.subIssueTypeId)).leftJoin(site, eq19(site.id, tickets.siteId)).leftJoin(hardware, eq19(hardware.id, tickets.hardwareAssetId)).leftJoin(software, eq19(software.id, tickets.softwareAssetId)).where(and19(inTenant(tickets.tenantId, tenantId), eq19(tickets.id, id)));
  return rows[0];
}
var listNotes2 = (db, tenantId, ticketId, publicOnly) => db.select().from(ticketNotes).where(and19(inTenant(ticketNotes.tenantId, tenantId), eq19(ticketNotes.ticketId, ticketId), publicOnly ? eq19(ticketNotes.isPublic, true) : void 0)).orderBy(asc11(ticketNotes.createdAt), asc11(ticketNotes.seq));
var listAttachments = (db, tenantId, ticketId, publicOnly) => db.select().from(attachments).where(and19(inTenant(attachments.tenantId, tenantId), eq19(attachments.ticketId, ticketId), publicOnly ? eq19(attachments.isPublic, true) : void 0)).orderBy(asc11(attachments.createdAt));
var listTimeEntries = (db, tenantId, ticketId) => db.select({ ...getTableColumns7(timeEntries), staffName: staffUsers.name, approvalVersion: approvalRequests.version, approvalStatus: approvalRequests.status }).from(timeEntries).innerJoin(staffUsers, eq19(staffUsers.id, timeEntries.staffId)).leftJoin(approvalRequests, eq19(approvalRequests.id, timeEntries.approvalRequestId)).where(and19(inTenant(timeEntries.tenantId, tenantId), eq19(timeEntries.ticketId, ticketId))).orderBy(asc11(timeEntries.startedAt));
async function nextTicketNumber(db, tenantId) {
  const rows = await db.update(portalSettings).set({ nextTicketNumber: sql31`${portalSettings.nextTicketNumber} + 1` }).where(inTenant(portalSettings.tenantId, tenantId)).returning({ n: portalSettings.nextTicketNumber });
  return rows[0].n - 1;
}
async function insertTicket(db, tenantId, v) {
  const [row] = await db.insert(tickets).values({ ...v, tenantId: assertTenant(tenantId) }).returning({ id: tickets.id });
  return row.id;
}
async function updateTicket(db, tenantId, id, v) {
  await db.update(tickets).set(v).where(and19(inTenant(tickets.tenantId, tenantId), eq19(tickets.id, id)));
}
async function insertNote2(db, tenantId, v) {
  const [row] = await db.insert(ticketNotes).values({ ...v, tenantId: assertTenant(tenantId) }).returning({ id: ticketNotes.id });
  return row.id;
}
async function insertTimeEntry(db, tenantId, v) {
  const [row] = await db.insert(timeEntries).values({ ...v, tenantId: assertTenant(tenantId) }).returning({ id: timeEntries.id });
  return row.id;
}
async function getTimeEntry(db, tenantId, ticketId, id) {
  const rows = await db.select({ id: timeEntries.id, hold: { id: approvalRequests.id, version: approvalRequests.version, status: approvalRequests.status } }).from(timeEntries).leftJoin(approvalRequests, eq19(approvalRequests.id, timeEntries.approvalRequestId)).where(and19(inTenant(timeEntries.tenantId, tenantId), eq19(timeEntries.ticketId, ticketId), eq19(timeEntries.id, id)));
  return rows[0];
}
async function updateTimeEntry(db, tenantId, id, v) {
  await db.update(timeEntries).set(v).where(and19(inTenant(timeEntries.tenantId, tenantId), eq19(timeEntries.id, id)));
}
async function deleteTimeEntry(db, tenantId, id) {
  await db.delete(timeEntries).where(and19(inTenant(timeEntries.tenantId, tenantId), eq19(timeEntries.id, id)));
}
async function insertAttachment(db, tenantId, v) {
  const [row] = await db.insert(attachments).values({ ...v, tenantId: assertTenant(tenantId) }).returning();
  return row;
}
async function getAttachment(db, tenantId, id) {
  const rows = await db.select().from(attachments).where(and19(inTenant(attachments.tenantId, tenantId), eq19(attachments.id, id)));
  return rows[0];
}

// src/server/repos.ts
var repos = { accounts: accounts_repo_exports, approvals: approvals_repo_exports, contacts: contacts_repo_exports, contracts: contracts_repo_exports, outbox: outbox_repo_exports, idempotency: idempotency_repo_exports, invoices: invoices_repo_exports, jobs: jobs_repo_exports, lookups: lookups_repo_exports, portalEvents: portal_events_repo_exports, tokens: tokens_repo_exports, portalRoles: portal_roles_repo_exports, projects: projects_repo_exports, lockout: lockout_repo_exports, rateLimit: rate_limit_repo_exports, sessions: sessions_repo_exports, staff: staff_repo_exports, tenants: tenants_repo_exports, tickets: tickets_repo_exports };
var pick2 = (...names) => Object.fromEntries(names.map((n) => [n, repos[n]]));

// src/server/container.ts
function createServices(d) {
  const throttle = createThrottle(d, pick2("rateLimit"));
  const links = createLinks(d, pick2("tokens", "tenants", "outbox", "portalEvents"));
  const sessions2 = createSessionsService(d, pick2("sessions"));
  const contacts2 = createContactsService(d, pick2("contacts", "accounts", "portalEvents", "tokens", "sessions"));
  const approvals = createApprovalsService(d, pick2("approvals", "tenants", "outbox", "staff", "invoices"));
  const contracts2 = createContractsService(d, pick2("contracts", "accounts", "tenants", "outbox"));
  const tickets3 = createTicketsService(d, pick2("tickets", "accounts", "contacts", "jobs", "lookups", "portalRoles", "staff", "tenants", "approvals"), {
    notifications: createTicketNotifications(d, pick2("tenants", "outbox")),
    approvals,
    contracts: contracts2
  });
  return {
    accounts: createAccountsService(d, pick2("accounts", "portalRoles", "sessions", "staff")),
    approvals,
    attachments: createAttachmentsService(d, pick2("tickets"), { tickets: tickets3 }),
    companyLogo: createCompanyLogoService(d, pick2("tenants")),
    contacts: contacts2,
    contracts: contracts2,
    emailLog: createEmailLogService(d, pick2("outbox")),
    gettingStarted: createGettingStartedService(d, pick2("tenants")),
    idempotency: createIdempotencyService(d, pick2("idempotency")),
    invoices: createInvoicesService(d, pick2("invoices", "approvals", "accounts", "staff", "tenants", "outbox")),
    jobs: createJobsService(d, pick2("jobs", "accounts", "contacts", "staff"), { approvals }),
    lookups: createLookupsService(d, pick2("lookups", "accounts")),
    portalAccess: createPortalAccessService(d, pick2("contacts", "accounts", "sessions", "portalEvents", "tokens"), { contacts: contacts2, links }),
    portalAuth: createPortalAuthService(d, pick2("contacts", "accounts", "outbox", "lockout", "sessions", "tenants", "portalEvents", "tokens"), {
      throttle,
      sessions: sessions2,
      links
    }),
    portalRoles: createPortalRolesService(d, pick2("portalRoles", "lookups")),
    projects: createProjectsService(d, pick2("projects", "jobs", "accounts", "contacts", "staff", "tenants", "outbox")),
    profile: createProfileService(d, pick2("contacts", "outbox", "portalEvents", "tokens", "sessions", "tenants"), { throttle }),
    sessions: sessions2,
    settings: createSettingsService(d, pick2("tenants", "staff")),
    staff: createStaffService(d, pick2("staff", "tenants", "tokens", "lockout", "sessions", "outbox"), { throttle, sessions: sessions2 }),
    tenants: createTenantsService(d, pick2("tenants")),
    tickets: tickets3
  };
}
async function createContainer(config2, opts = {}) {
  const database2 = opts.database ?? await openDatabase({ databaseUrl: config2.DATABASE_URL, dataDir: config2.DATABASE_URL ? void 0 : config2.DATA_DIR, log: opts.log });
  if (database2.kind === "postgres") await waitForDatabase(database2, config2.DATABASE_WAIT_SECONDS * 1e3);
  await database2.migrate();
  const clock = opts.clock ?? systemClock;
  const transport = createSmtpTransport(config2.SMTP_URL);
  const sweeps = [];
  const worker = createOutboxWorker({
    db: database2.db,
    transport,
    mailFrom: config2.MAIL_FROM,
    clock,
    log: opts.log,
    reclaimOnStart: database2.kind === "pglite",
    sweeps
  });
  const deps = { db: database2.db, config: config2, clock, onTaskQueued: worker.nudge, files: createFileStore(config2.DATA_DIR) };
  const services = createServices(deps);
  sweeps.push({ name: "approval expiry", run: () => services.approvals.expireDue() });
  sweeps.push({ name: "prepaid-hours alerts", run: () => services.contracts.sweepRetainerAlerts() });
  return {
    database: database2,
    deps,
    services,
    worker,
    async close() {
      await worker.stop();
      transport?.close();
      await database2.close();
    }
  };
}

// bench/server.ts
import { sql as sql33 } from "drizzle-orm";

// bench/dataset.ts
import { sql as sql32 } from "drizzle-orm";
var ACCOUNTS = 1e4;
var CONTACTS = 5e4;
var run = (db, q) => db.execute(q);
async function generateBase(db, tenantId, passwordHash) {
  const roles = await db.execute(sql32`select id, name from portal_roles where tenant_id = ${tenantId}`);
  const user = roles.rows.find((r) => r.name === "External User").id;
  await run(db, sql32`
    insert into accounts (id, tenant_id, name, number, portal_role_id)
    select md5('account' || g)::uuid, ${tenantId}, 'Account ' || g, 'A' || g, ${user}::uuid from generate_series(1, ${ACCOUNTS}) g`);
  await run(db, sql32`
    insert into contacts (id, tenant_id, first_name, last_name, email, portal_status, portal_username, password_hash)
    select md5('contact' || g)::uuid, ${tenantId}, 'First' || g, 'Last' || lpad((g % 9973)::text, 4, '0'), 'c' || g || '@bench.test',
      case when g % 20 < 8 then 'active' when g % 20 < 10 then 'invited' when g % 20 = 10 then 'disabled' else 'not_enabled' end,
      case when g % 20 <= 10 then 'c' || g || '@bench.test' end,
      case when g % 20 < 8 then ${passwordHash} end
    from generate_series(1, ${CONTACTS}) g`);
  await run(db, sql32`
    insert into account_contacts (tenant_id, account_id, contact_id)
    select ${tenantId}, md5('account' || (((g - 1) % ${ACCOUNTS}) + 1))::uuid, md5('contact' || g)::uuid from generate_series(1, ${CONTACTS}) g`);
  await run(db, sql32`
    insert into jobs (id, tenant_id, account_id, number, name, is_default)
    select md5('job' || a)::uuid, ${tenantId}, md5('account' || a)::uuid, 'J' || a, 'Support ' || a, true from generate_series(1, ${ACCOUNTS}) a`);
  await run(db, sql32`vacuum analyze`);
}
async function addTickets(db, tenantId, from, to) {
  const status2 = await db.execute(sql32`select id from lookups where tenant_id = ${tenantId} and kind = 'status' order by sort limit 1`);
  const statusId = status2.rows[0].id;
  for (let start = from; start <= to; start += 1e5) {
    const end = Math.min(to, start + 99999);
    await run(db, sql32`
      insert into tickets (tenant_id, number, account_id, job_id, contact_id, title, details, status_id, created_via, created_at, updated_at)
      select ${tenantId}, i, md5('account' || a)::uuid, md5('job' || a)::uuid,
        md5('contact' || (a + ${ACCOUNTS} * ((case when i <= 250 then i else i / ${ACCOUNTS} end) % 5)))::uuid,
        'Ticket ' || i, 'Details of ticket ' || i, ${statusId}::uuid, 'portal',
        now() - (i || ' seconds')::interval, now() - (i || ' seconds')::interval
      from (select i, case when i <= 250 then 1 else ((i - 1) % ${ACCOUNTS}) + 1 end as a from generate_series(${start}::int, ${end}::int) i) s`);
  }
  await run(db, sql32`vacuum analyze tickets`);
}

// bench/server.ts
var say = (o) => process.stdout.write(`${JSON.stringify(o)}
`);
var url = process.env.BENCH_DATABASE_URL;
var config = loadConfig({ DATA_DIR: "/tmp/portico-bench-files", LOG_LEVEL: "silent" });
var database = await openDatabase(url ? { databaseUrl: url, poolSize: 10 } : {});
var c = await createContainer(config, { database });
var tenant = await c.services.tenants.ensureDefaultTenant();
var t0 = Date.now();
await generateBase(c.deps.db, tenant.id, await hashPassword("bench-password-123"));
var { staffId } = await c.services.staff.createFirstAdmin(tenant.id, { name: "Bench Admin", email: "admin@bench.test", password: "bench-admin-password" });
var manager = await c.deps.db.execute(sql33`select id from portal_roles where tenant_id = ${tenant.id} and name = 'External Manager'`);
await c.deps.db.execute(sql33`update account_contacts set portal_role_id = ${manager.rows[0].id} where contact_id = md5('contact1')::uuid`);
var meta = { ip: "127.0.0.1", userAgent: "bench", previousToken: null };
var { startSession } = c.services.sessions;
var now = /* @__PURE__ */ new Date();
var account1 = await c.deps.db.execute(sql33`select md5('account1')::uuid as id`);
var cookies = {
  staff: `portico_staff=${await startSession(c.deps.db, tenant.id, { kind: "staff", staffUserId: staffId }, meta, now)}`,
  manager: `portico_portal=${await startSession(c.deps.db, tenant.id, { kind: "contact", contactId: await idOf("contact1"), currentAccountId: account1.rows[0].id }, meta, now)}`,
  user: `portico_portal=${await startSession(c.deps.db, tenant.id, { kind: "contact", contactId: await idOf("contact10001"), currentAccountId: account1.rows[0].id }, meta, now)}`
};
async function idOf(key) {
  const r = await c.deps.db.execute(sql33`select md5(${key})::uuid as id`);
  return r.rows[0].id;
}
var tickets2 = 0;
var app = await buildApp(c, { serveWeb: true });
await app.listen({ port: 0, host: "127.0.0.1" });
var port = app.server.address().port;
say({ ready: true, port, cookies, tenantId: tenant.id, seconds: (Date.now() - t0) / 1e3 });
for await (const line of createInterface({ input: process.stdin })) {
  const [cmd, arg] = line.trim().split(" ");
  if (cmd === "tickets") {
    const target = Number(arg);
    const t1 = Date.now();
    await addTickets(c.deps.db, tenant.id, tickets2 + 1, target);
    tickets2 = target;
    say({ tickets: tickets2, seconds: (Date.now() - t1) / 1e3 });
  } else if (cmd === "quit") {
    await app.close();
    await c.close();
    process.exit(0);
  }
}
