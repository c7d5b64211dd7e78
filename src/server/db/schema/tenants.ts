import { sql } from "drizzle-orm";
import { type AnyPgColumn, boolean, foreignKey, pgTable, text, timestamp, unique, uniqueIndex, uuid } from "drizzle-orm/pg-core";

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
