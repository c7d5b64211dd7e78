import { type AnyColumn, eq, type SQL } from "drizzle-orm";

const uuidRe = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class MissingTenantError extends Error {}

/**
 * The tenant condition every repository query starts from (PLT-1). It refuses to
 * build a query without a valid tenant id, so no query can run unscoped.
 */
export function inTenant(column: AnyColumn, tenantId: string): SQL {
  if (typeof tenantId !== "string" || !uuidRe.test(tenantId)) {
    throw new MissingTenantError(`a tenant id is required, got ${String(tenantId)}`);
  }
  return eq(column, tenantId);
}

export function assertTenant(tenantId: string): string {
  if (typeof tenantId !== "string" || !uuidRe.test(tenantId)) {
    throw new MissingTenantError(`a tenant id is required, got ${String(tenantId)}`);
  }
  return tenantId;
}
