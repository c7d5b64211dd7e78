import { and, eq, lt, or, sql } from "drizzle-orm";
import type { Executor } from "../../db/client.js";
import { idempotencyKeys } from "../../db/schema/index.js";
import { assertTenant, inTenant } from "../../db/tenant-scope.js";

export type KeyRow = typeof idempotencyKeys.$inferSelect;

export interface ClaimInput {
  principalKind: "staff" | "contact";
  principalId: string;
  key: string;
  method: string;
  route: string;
  requestHash: string;
  claimToken: string;
}

/**
 * Claims a key in one statement: a new key, an expired one, or the same request whose owner's lease ran out
 * with nothing committed (its process died) is ours; otherwise the row that holds it is returned.
 */
export async function claimKey(db: Executor, tenantId: string, c: ClaimInput, now: Date, lockedUntil: Date, expiredBefore: Date): Promise<{ claimed: true } | { claimed: false; row: KeyRow | undefined }> {
  const t = idempotencyKeys;
  const fresh = { ...c, tenantId: assertTenant(tenantId), state: "processing" as const, lockedUntil, createdAt: now, responseStatus: null, responseBody: null };
  const won = await db
    .insert(t)
    .values(fresh)
    .onConflictDoUpdate({
      target: [t.tenantId, t.principalKind, t.principalId, t.key],
      set: fresh,
      setWhere: or(
        lt(t.createdAt, expiredBefore),
        and(eq(t.state, "processing"), lt(t.lockedUntil, now), eq(t.method, c.method), eq(t.route, c.route), eq(t.requestHash, c.requestHash)),
      ),
    })
    .returning({ claimToken: t.claimToken });
  if (won[0]?.claimToken === c.claimToken) return { claimed: true };
  const [row] = await db
    .select()
    .from(t)
    .where(and(inTenant(t.tenantId, tenantId), eq(t.principalKind, c.principalKind), eq(t.principalId, c.principalId), eq(t.key, c.key)));
  return { claimed: false, row };
}

/**
 * Inside a write transaction of the request: records that it changed data. Updates nothing when a later retry took
 * the claim over, and the caller then rolls the transaction back, so only one holder of a key ever commits.
 */
export async function markCommitted(tx: Executor, tenantId: string, claimToken: string) {
  const rows = await tx
    .update(idempotencyKeys)
    .set({ state: "committed" })
    .where(and(inTenant(idempotencyKeys.tenantId, tenantId), eq(idempotencyKeys.claimToken, claimToken), sql`${idempotencyKeys.state} <> 'done'`))
    .returning({ state: idempotencyKeys.state });
  return rows.length > 0;
}

/** Stores the answer as final. `onlyIfCommitted`: only when the request changed data (a refusal that changed nothing is not final). */
export async function storeAnswer(db: Executor, tenantId: string, claimToken: string, status: number, body: string, onlyIfCommitted: boolean) {
  const rows = await db
    .update(idempotencyKeys)
    .set({ state: "done", responseStatus: status, responseBody: body })
    .where(
      and(
        inTenant(idempotencyKeys.tenantId, tenantId),
        eq(idempotencyKeys.claimToken, claimToken),
        onlyIfCommitted ? eq(idempotencyKeys.state, "committed") : sql`${idempotencyKeys.state} <> 'done'`,
      ),
    )
    .returning({ state: idempotencyKeys.state });
  return rows.length > 0;
}

/**
 * The request failed without an answer to keep: a claim that changed nothing is given back (a retry runs afresh);
 * one that committed a change stays, with its lease ended, so retries are told at once that the change was made.
 */
export async function releaseClaim(db: Executor, tenantId: string, claimToken: string, now: Date) {
  const mine = and(inTenant(idempotencyKeys.tenantId, tenantId), eq(idempotencyKeys.claimToken, claimToken));
  await db.delete(idempotencyKeys).where(and(mine, eq(idempotencyKeys.state, "processing")));
  await db.update(idempotencyKeys).set({ lockedUntil: now }).where(and(mine, eq(idempotencyKeys.state, "committed")));
}

/** The worker's sweep: keys are kept 24 h. */
export async function deleteExpiredKeys(db: Executor, before: Date) {
  await db.delete(idempotencyKeys).where(lt(idempotencyKeys.createdAt, before));
}
