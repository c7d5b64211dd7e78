import { sql } from "drizzle-orm";
import { type AnyPgColumn, bigint, boolean, integer, pgTable, text, timestamp, uniqueIndex, uuid, foreignKey, unique } from "drizzle-orm/pg-core";

export const tenants = pgTable(
  "tenants",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    /** Host name (without port) that selects this tenant; null for the default tenant only. */
    host: text("host"),
    isDefault: boolean("is_default").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("tenants_host_key").on(sql`lower(${t.host})`),
    uniqueIndex("tenants_one_default").on(t.isDefault).where(sql`${t.isDefault}`),
  ],
);

/** A tenant-owned table that other rows point at: its (tenant_id, id) is what composite keys reference. */
export const tenantKey = (table: string, t: { tenantId: AnyPgColumn; id: AnyPgColumn }) => unique(`${table}_tenant_id_id_key`).on(t.tenantId, t.id);

/**
 * A reference to another tenant-owned row, through (tenant_id, column): the database itself refuses a
 * row of one tenant pointing at another tenant's (PLT-1). Parents are archived, never deleted, so only
 * ownership (a ticket's notes, an account's jobs) cascades.
 */
export function sameTenant(
  name: string,
  t: { tenantId: AnyPgColumn },
  column: AnyPgColumn,
  parent: { tenantId: AnyPgColumn; id: AnyPgColumn },
  onDelete: "cascade" | "no action" = "no action",
) {
  return foreignKey({ name, columns: [t.tenantId, column], foreignColumns: [parent.tenantId, parent.id] }).onDelete(onDelete);
}

/** Every tenant-owned table starts with this column (PLT-1). */
export const tenantIdColumn = () =>
  uuid("tenant_id")
    .notNull()
    .references(() => tenants.id, { onDelete: "cascade" });

export const portalSettings = pgTable("portal_settings", {
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
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
