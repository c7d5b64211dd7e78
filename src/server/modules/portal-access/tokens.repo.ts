import { and, eq, gt, isNull, sql } from "drizzle-orm";
import type { Executor } from "../../db/client.js";
import { authTokens, contacts, type TokenPurpose } from "../../db/schema/index.js";
import { assertTenant, inTenant } from "../../db/tenant-scope.js";

/** Stores a new link token; every earlier unused link of the contact stops working (ACC-3). */
export async function issueToken(
  db: Executor,
  tenantId: string,
  v: { tokenHash: string; purpose: TokenPurpose; contactId: string | null; now: Date; expiresAt: Date },
) {
  if (v.contactId) await voidContactTokens(db, tenantId, v.contactId, v.now);
  await db.insert(authTokens).values({
    tenantId: assertTenant(tenantId),
    tokenHash: v.tokenHash,
    purpose: v.purpose,
    contactId: v.contactId,
    createdAt: v.now,
    expiresAt: v.expiresAt,
  });
}

export async function voidContactTokens(db: Executor, tenantId: string, contactId: string, now: Date) {
  await db
    .update(authTokens)
    .set({ usedAt: now })
    .where(and(inTenant(authTokens.tenantId, tenantId), eq(authTokens.contactId, contactId), isNull(authTokens.usedAt)));
}

/** A link that exists, is unused and has not expired. */
const live = (tenantId: string, tokenHash: string, now: Date) =>
  and(inTenant(authTokens.tenantId, tenantId), eq(authTokens.tokenHash, tokenHash), isNull(authTokens.usedAt), gt(authTokens.expiresAt, now));

/** Looks at a link without using it. */
export async function peekToken(db: Executor, tenantId: string, tokenHash: string, now: Date) {
  const rows = await db
    .select({ purpose: authTokens.purpose, contactId: authTokens.contactId, username: contacts.portalUsername })
    .from(authTokens)
    .leftJoin(contacts, eq(contacts.id, authTokens.contactId))
    .where(live(tenantId, tokenHash, now));
  return rows[0];
}

/** Uses a link once: of many concurrent callers exactly one gets the row. */
export async function redeemToken(db: Executor, tenantId: string, tokenHash: string, purposes: TokenPurpose[], now: Date) {
  const rows = await db
    .update(authTokens)
    .set({ usedAt: now })
    .where(and(live(tenantId, tokenHash, now), sql`${authTokens.purpose} in ${purposes}`))
    .returning({ purpose: authTokens.purpose, contactId: authTokens.contactId });
  return rows[0];
}
