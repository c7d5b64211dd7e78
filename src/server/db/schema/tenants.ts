import { sql } from "drizzle-orm";
import { boolean, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

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
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
