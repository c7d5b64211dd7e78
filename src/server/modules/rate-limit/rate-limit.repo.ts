import { lt, sql } from "drizzle-orm";
import type { Executor } from "../../db/client.js";
import { rateLimits } from "../../db/schema/index.js";
import { assertTenant } from "../../db/tenant-scope.js";

/** Counts one hit in a fixed window kept in the database (shared by every instance); returns the count. */
export async function hit(db: Executor, tenantId: string, bucket: string, key: string, now: Date, windowMs: number) {
  const windowStart = new Date(Math.floor(now.getTime() / windowMs) * windowMs);
  const rows = await db
    .insert(rateLimits)
    .values({ tenantId: assertTenant(tenantId), bucket, key, windowStart, count: 1 })
    .onConflictDoUpdate({
      target: [rateLimits.tenantId, rateLimits.bucket, rateLimits.key, rateLimits.windowStart],
      set: { count: sql`${rateLimits.count} + 1` },
    })
    .returning({ count: rateLimits.count });
  return rows[0].count;
}

export async function deleteOldWindows(db: Executor, before: Date) {
  await db.delete(rateLimits).where(lt(rateLimits.windowStart, before));
}
