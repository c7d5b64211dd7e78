import { and, eq, gt, inArray, isNull, sql } from "drizzle-orm";
import type { Executor } from "../../db/client.js";
import { authTokens, contacts, type TokenPurpose } from "../../db/schema/index.js";
import { assertTenant, inTenant } from "../../db/tenant-scope.js";

/** Links that replace each other: a new set-password link voids the older ones, a new email-change link the older email-change ones. */
const purposeFamily = (p: TokenPurpose): TokenPurpose[] => (p === "activation" || p === "reset" ? ["activation", "reset"] : [p]);

/**
 * Stores a new link token; every earlier unused link of the contact (or staff member) for the same kind of
 * change stops working (ACC-3, SET-1).
 */
export async function issueToken(
  db: Executor,
  tenantId: string,
  v: { tokenHash: string; purpose: TokenPurpose; contactId: string | null; staffUserId?: string; now: Date; expiresAt: Date; newEmail?: string },
) {
  if (v.contactId) await voidContactTokens(db, tenantId, v.contactId, v.now, purposeFamily(v.purpose));
  if (v.staffUserId) await voidStaffTokens(db, tenantId, v.staffUserId, v.now);
  await db.insert(authTokens).values({
    tenantId: assertTenant(tenantId),
    tokenHash: v.tokenHash,
    purpose: v.purpose,
    contactId: v.contactId,
    staffUserId: v.staffUserId ?? null,
    newEmail: v.newEmail ?? null,
    createdAt: v.now,
    expiresAt: v.expiresAt,
  });
}

/** Voids the contact's unused links: all of them, or only those of the given purposes. */
export async function voidContactTokens(db: Executor, tenantId: string, contactId: string, now: Date, purposes?: TokenPurpose[]) {
  await db
    .update(authTokens)
    .set({ usedAt: now })
    .where(
      and(
        inTenant(authTokens.tenantId, tenantId),
        eq(authTokens.contactId, contactId),
        isNull(authTokens.usedAt),
        purposes ? inArray(authTokens.purpose, purposes) : undefined,
      ),
    );
}

/** Voids every unused link of a staff member. */
export async function voidStaffTokens(db: Executor, tenantId: string, staffUserId: string, now: Date) {
  await db
    .update(authTokens)
    .set({ usedAt: now })
    .where(and(inTenant(authTokens.tenantId, tenantId), eq(authTokens.staffUserId, staffUserId), isNull(authTokens.usedAt)));
}

/** A link that exists, is unused and has not expired. */
const live = (tenantId: string, tokenHash: string, now: Date) =>
  and(inTenant(authTokens.tenantId, tenantId), eq(authTokens.tokenHash, tokenHash), isNull(authTokens.usedAt), gt(authTokens.expiresAt, now));

/** Looks at a link without using it. */
export async function peekToken(db: Executor, tenantId: string, tokenHash: string, now: Date) {
  const rows = await db
    .select({ purpose: authTokens.purpose, contactId: authTokens.contactId, staffUserId: authTokens.staffUserId, username: contacts.portalUsername })
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
    .returning({ purpose: authTokens.purpose, contactId: authTokens.contactId, staffUserId: authTokens.staffUserId, newEmail: authTokens.newEmail });
  return rows[0];
}
