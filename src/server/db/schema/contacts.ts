import { sql } from "drizzle-orm";
import { boolean, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { accounts } from "./accounts.js";
import { portalRoles } from "./portal-roles.js";
import { sameTenant, tenantIdColumn, tenantKey } from "./tenants.js";

export const portalStatuses = ["not_enabled", "invited", "active", "disabled"] as const;
export type PortalStatus = (typeof portalStatuses)[number];

export const contacts = pgTable(
  "contacts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    firstName: text("first_name").notNull(),
    lastName: text("last_name").notNull(),
    email: text("email"),
    phone: text("phone"),
    jobTitle: text("job_title"),
    timeZone: text("time_zone"),
    archivedAt: timestamp("archived_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    // Portal access (ACC-1..ACC-13). Secrets below never leave the repository.
    portalStatus: text("portal_status").$type<PortalStatus>().notNull().default("not_enabled"),
    portalUsername: text("portal_username"),
    passwordHash: text("password_hash"),
    passwordChangedAt: timestamp("password_changed_at", { withTimezone: true }),
    activatedAt: timestamp("activated_at", { withTimezone: true }),
    lastLoginAt: timestamp("last_login_at", { withTimezone: true }),
    failedLoginCount: integer("failed_login_count").notNull().default(0),
    lockedUntil: timestamp("locked_until", { withTimezone: true }),
    totpSecret: text("totp_secret"),
    totpPendingSecret: text("totp_pending_secret"),
    totpEnabledAt: timestamp("totp_enabled_at", { withTimezone: true }),
    /** Self sign-up state (ACC-11): pending until staff approve, null for contacts staff created. */
    signupStatus: text("signup_status").$type<"pending" | "approved" | "rejected">(),
    signupCompany: text("signup_company"),
    /**
     * The contact's row in the console's contact list as JSON text, its accounts included, without what the
     * viewer may do (`can`, added per viewer): kept by the database (migration 0012) whenever the contact, its
     * memberships or one of its accounts changes.
     */
    listRow: text("list_row").notNull().default(""),
  },
  (t) => [
    tenantKey("contacts", t),
    uniqueIndex("contacts_portal_username_key")
      .on(t.tenantId, sql`lower(${t.portalUsername})`)
      .where(sql`${t.portalUsername} is not null`),
    uniqueIndex("contacts_portal_email_key")
      .on(t.tenantId, sql`lower(${t.email})`)
      .where(sql`${t.portalUsername} is not null`),
    index("contacts_email_idx").on(t.tenantId, sql`lower(${t.email})`),
    // Archived closes the key, so a list of active contacts checks it from the index alone.
    index("contacts_name_idx").on(t.tenantId, t.lastName, t.firstName, t.id, t.archivedAt),
    index("contacts_portal_status_name_idx").on(t.tenantId, t.portalStatus, t.lastName, t.firstName, t.id, t.archivedAt),
  ],
);

export const accountContacts = pgTable(
  "account_contacts",
  {
    tenantId: tenantIdColumn(),
    accountId: uuid("account_id").notNull(),
    contactId: uuid("contact_id").notNull(),
    /** ROL-4: sees and creates on every job the account may use. */
    clientAdmin: boolean("client_admin").notNull().default(false),
    /** Overrides the account's portal role for this contact (ROL-3: the account's role is the default). */
    portalRoleId: uuid("portal_role_id"),
    /** TKT-5: receives a copy of tickets created in the account (client administrators only). */
    sendCopyOfTickets: boolean("send_copy_of_tickets").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.contactId] }),
    sameTenant("account_contacts_account_fk", t, t.accountId, accounts, "cascade"),
    sameTenant("account_contacts_contact_fk", t, t.contactId, contacts, "cascade"),
    sameTenant("account_contacts_portal_role_fk", t, t.portalRoleId, portalRoles),
    index("account_contacts_contact_idx").on(t.contactId),
  ],
);

export const recoveryCodes = pgTable(
  "recovery_codes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    contactId: uuid("contact_id").notNull(),
    codeHash: text("code_hash").notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
  },
  (t) => [index("recovery_codes_contact_idx").on(t.contactId), sameTenant("recovery_codes_contact_fk", t, t.contactId, contacts, "cascade")],
);
