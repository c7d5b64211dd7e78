import { sql } from "drizzle-orm";
import { boolean, index, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { portalRoles } from "./portal-roles.js";
import { staffUsers } from "./staff.js";
import { sameTenant, tenantIdColumn, tenantKey } from "./tenants.js";

export const accounts = pgTable(
  "accounts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    name: text("name").notNull(),
    number: text("number"),
    /** Email domains of this client; self sign-ups from them may be approved automatically (ACC-11). */
    emailDomains: text("email_domains").array().notNull().default(sql`'{}'::text[]`),
    timeZone: text("time_zone"),
    portalEnabled: boolean("portal_enabled").notNull().default(true),
    /** ROL-3: the portal role (group) the account's contacts get. */
    portalRoleId: uuid("portal_role_id"),
    /** The staff member who looks after this client: told, for one, when a retainer reaches a threshold (CON-1). */
    managerStaffId: uuid("manager_staff_id"),
    archivedAt: timestamp("archived_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    tenantKey("accounts", t),
    sameTenant("accounts_portal_role_fk", t, t.portalRoleId, portalRoles),
    sameTenant("accounts_manager_fk", t, t.managerStaffId, staffUsers),
    index("accounts_name_idx").on(t.tenantId, sql`lower(${t.name})`, t.id),
    uniqueIndex("accounts_number_key").on(t.tenantId, sql`lower(${t.number})`).where(sql`${t.number} is not null`),
  ],
);
