import { sql } from "drizzle-orm";
import { boolean, index, integer, numeric, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { sameTenant, tenantIdColumn, tenantKey } from "./tenants.js";

export const staffRoles = pgTable(
  "staff_roles",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    name: text("name").notNull(),
    permissions: text("permissions").array().notNull().default(sql`'{}'::text[]`),
    builtIn: boolean("built_in").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [tenantKey("staff_roles", t), uniqueIndex("staff_roles_name_key").on(t.tenantId, sql`lower(${t.name})`)],
);

export const staffUsers = pgTable(
  "staff_users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    email: text("email").notNull(),
    name: text("name").notNull(),
    passwordHash: text("password_hash").notNull(),
    roleId: uuid("role_id").notNull(),
    disabledAt: timestamp("disabled_at", { withTimezone: true }),
    lastLoginAt: timestamp("last_login_at", { withTimezone: true }),
    failedLoginCount: integer("failed_login_count").notNull().default(0),
    lockedUntil: timestamp("locked_until", { withTimezone: true }),
    /** Per hour, in the tenant's currency: what this person's time is billed at on jobs without a rate of their own. */
    hourlyRate: numeric("hourly_rate", { precision: 12, scale: 2 }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    tenantKey("staff_users", t),
    sameTenant("staff_users_role_fk", t, t.roleId, staffRoles),
    uniqueIndex("staff_users_email_key").on(t.tenantId, sql`lower(${t.email})`),
    index("staff_users_role_idx").on(t.roleId),
  ],
);
