import { and, eq, sql } from "drizzle-orm";
import type { Executor } from "../../db/client.js";
import { contacts, staffUsers } from "../../db/schema/index.js";
import { inTenant } from "../../db/tenant-scope.js";
import { LOCKOUT_MS, LOCKOUT_THRESHOLD } from "./throttle.js";

/**
 * Counts one failed sign-in in a single statement, so failures arriving at once on several instances
 * are all counted; the one that reaches the threshold locks the account. Returns whether it locked it now.
 */
export async function countFailedSignIn(db: Executor, table: typeof contacts | typeof staffUsers, tenantId: string, id: string, now: Date) {
  const lockUntil = new Date(now.getTime() + LOCKOUT_MS);
  // The row is locked first, so the condition below is judged on the count every earlier failure left.
  const result = await db.execute(sql`
    with prev as (
      select ${table.id} as id, (${table.failedLoginCount} + 1 >= ${LOCKOUT_THRESHOLD}
        and (${table.lockedUntil} is null or ${table.lockedUntil} <= ${now})) as reaches
      from ${table} where ${and(inTenant(table.tenantId, tenantId), eq(table.id, id))}
      for update
    )
    update ${table} set
      failed_login_count = case when prev.reaches then 0 else ${table.failedLoginCount} + 1 end,
      locked_until = case when prev.reaches then ${lockUntil}::timestamptz else ${table.lockedUntil} end
    from prev where ${table.id} = prev.id
    returning prev.reaches as "lockedNow"`);
  return (result as unknown as { rows: { lockedNow: boolean }[] }).rows[0]?.lockedNow === true;
}
