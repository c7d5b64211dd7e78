import { sql } from "drizzle-orm";
import type { Executor } from "../../db/client.js";
import { portalSettings, staffRoles, tenants } from "../../db/schema/index.js";
import { inTenant } from "../../db/tenant-scope.js";

export type Tenant = typeof tenants.$inferSelect;
export type PortalSettingsRow = typeof portalSettings.$inferSelect;

/** The tenant whose host matches, else the default tenant of a single-company install. */
export async function findTenantForHost(db: Executor, host: string): Promise<Tenant | undefined> {
  const rows = await db
    .select()
    .from(tenants)
    .where(sql`lower(${tenants.host}) = ${host.toLowerCase()} or ${tenants.isDefault}`)
    .orderBy(sql`${tenants.isDefault} asc`)
    .limit(1);
  return rows[0];
}

export async function getTenant(db: Executor, tenantId: string) {
  const rows = await db.select().from(tenants).where(inTenant(tenants.id, tenantId));
  return rows[0];
}

export const builtInStaffRoles = [
  { name: "Administrator", permissions: ["admin"] },
  {
    name: "Service desk",
    permissions: ["accounts.manage", "contacts.manage", "portal_access.manage", "email_log.read"],
  },
  { name: "Approver", permissions: ["approval.allow"] },
];

/** A tenant with its settings row and built-in staff roles. */
export async function createTenant(db: Executor, input: { name: string; host: string | null; isDefault: boolean }) {
  const [tenant] = await db.insert(tenants).values(input).returning();
  await db.insert(portalSettings).values({ tenantId: tenant.id });
  await db
    .insert(staffRoles)
    .values(builtInStaffRoles.map((r) => ({ ...r, tenantId: tenant.id, builtIn: true })));
  return tenant;
}

export async function getSettings(db: Executor, tenantId: string): Promise<PortalSettingsRow> {
  const rows = await db.select().from(portalSettings).where(inTenant(portalSettings.tenantId, tenantId));
  return rows[0];
}

export async function updateSettings(
  db: Executor,
  tenantId: string,
  patch: Partial<Omit<PortalSettingsRow, "tenantId">>,
) {
  const rows = await db
    .update(portalSettings)
    .set({ ...patch, updatedAt: new Date() })
    .where(inTenant(portalSettings.tenantId, tenantId))
    .returning();
  return rows[0];
}
