import { sql } from "drizzle-orm";
import { boolean, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { sameTenant, tenantIdColumn, tenantKey } from "./tenants.js";
import { lookups } from "./tickets.js";

/** ROL-1/ROL-2: what an account's contacts may do in the portal, with ticket defaults and form layout. */
export const portalRoles = pgTable(
  "portal_roles",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    name: text("name").notNull(),
    builtIn: boolean("built_in").notNull().default(false),
    permissions: text("permissions").array().notNull().default(sql`'{}'::text[]`),
    defaultTypeId: uuid("default_type_id"),
    defaultPriorityId: uuid("default_priority_id"),
    /** Quick form: title, details and attachments only. */
    quickForm: boolean("quick_form").notNull().default(false),
    /** Optional fields the full form shows. */
    visibleFields: text("visible_fields").array().notNull().default(sql`'{}'::text[]`),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    tenantKey("portal_roles", t),
    uniqueIndex("portal_roles_name_key").on(t.tenantId, sql`lower(${t.name})`),
    sameTenant("portal_roles_default_type_fk", t, t.defaultTypeId, lookups),
    sameTenant("portal_roles_default_priority_fk", t, t.defaultPriorityId, lookups),
  ],
);
