import { and, asc, eq, sql } from "drizzle-orm";
import type { Executor } from "../../db/client.js";
import { portalRoles } from "../../db/schema/index.js";
import { assertTenant, inTenant } from "../../db/tenant-scope.js";

export type PortalRoleRow = typeof portalRoles.$inferSelect;
export type PortalRoleValues = Pick<PortalRoleRow, "name" | "permissions" | "defaultTypeId" | "defaultPriorityId" | "quickForm" | "visibleFields">;

export const listPortalRoles = (db: Executor, tenantId: string) =>
  db.select().from(portalRoles).where(inTenant(portalRoles.tenantId, tenantId)).orderBy(asc(portalRoles.name));

export async function getPortalRole(db: Executor, tenantId: string, id: string) {
  const rows = await db.select().from(portalRoles).where(and(inTenant(portalRoles.tenantId, tenantId), eq(portalRoles.id, id)));
  return rows[0];
}

export async function findPortalRoleByName(db: Executor, tenantId: string, name: string) {
  const rows = await db
    .select()
    .from(portalRoles)
    .where(and(inTenant(portalRoles.tenantId, tenantId), sql`lower(${portalRoles.name}) = ${name.toLowerCase()}`));
  return rows[0];
}

export async function insertPortalRole(db: Executor, tenantId: string, v: PortalRoleValues) {
  const [row] = await db.insert(portalRoles).values({ ...v, tenantId: assertTenant(tenantId) }).returning({ id: portalRoles.id });
  return row.id;
}

export async function updatePortalRole(db: Executor, tenantId: string, id: string, v: PortalRoleValues) {
  await db.update(portalRoles).set(v).where(and(inTenant(portalRoles.tenantId, tenantId), eq(portalRoles.id, id)));
}
