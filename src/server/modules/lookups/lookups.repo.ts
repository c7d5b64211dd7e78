import { and, asc, eq, inArray, type SQL } from "drizzle-orm";
import type { Executor } from "../../db/client.js";
import { type LookupKind, lookups } from "../../db/schema/index.js";
import { assertTenant, inTenant } from "../../db/tenant-scope.js";

export type LookupRow = typeof lookups.$inferSelect;

export async function listLookups(db: Executor, tenantId: string, f: { kind?: LookupKind; accountId?: string; activeOnly?: boolean }) {
  const where: SQL[] = [inTenant(lookups.tenantId, tenantId)];
  if (f.kind) where.push(eq(lookups.kind, f.kind));
  if (f.accountId) where.push(eq(lookups.accountId, f.accountId));
  if (f.activeOnly) where.push(eq(lookups.active, true));
  return db.select().from(lookups).where(and(...where)).orderBy(asc(lookups.kind), asc(lookups.sort), asc(lookups.name));
}

export async function getLookups(db: Executor, tenantId: string, ids: string[]) {
  if (ids.length === 0) return [];
  return db.select().from(lookups).where(and(inTenant(lookups.tenantId, tenantId), inArray(lookups.id, ids)));
}

export async function insertLookup(db: Executor, tenantId: string, v: Omit<typeof lookups.$inferInsert, "tenantId" | "id">) {
  const [row] = await db.insert(lookups).values({ ...v, tenantId: assertTenant(tenantId) }).returning();
  return row;
}

export async function updateLookup(db: Executor, tenantId: string, id: string, v: Partial<Pick<LookupRow, "name" | "sort" | "isClosed" | "awaitsCustomer" | "active">>) {
  const rows = await db.update(lookups).set(v).where(and(inTenant(lookups.tenantId, tenantId), eq(lookups.id, id))).returning();
  return rows[0];
}
