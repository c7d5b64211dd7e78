import type { Executor } from "../../db/client.js";
import { HOUR, MINUTE } from "../../lib/clock.js";
import { hashToken, newToken } from "../../lib/tokens.js";
import { deleteSession, insertSession } from "./sessions.repo.js";

export const SESSION_IDLE_MS = 30 * MINUTE;
export const SESSION_ABSOLUTE_MS = 12 * HOUR;
/** last_seen_at is written at most this often, so most requests are a single read. */
export const SESSION_TOUCH_MS = MINUTE;

export interface RequestMeta {
  ip: string;
  userAgent: string | null;
  /** The session token the request already carried; replaced on sign-in (rotation). */
  previousToken: string | null;
}

/** Starts a session and returns the cookie token (only its hash is stored). */
export async function startSession(
  db: Executor,
  tenantId: string,
  who: { kind: "staff"; staffUserId: string } | { kind: "contact"; contactId: string; currentAccountId: string },
  meta: RequestMeta,
  now: Date,
) {
  if (meta.previousToken) await deleteSession(db, tenantId, hashToken(meta.previousToken));
  const token = newToken();
  await insertSession(db, {
    id: hashToken(token),
    tenantId,
    ...who,
    createdAt: now,
    lastSeenAt: now,
    expiresAt: new Date(now.getTime() + SESSION_ABSOLUTE_MS),
    ip: meta.ip,
    userAgent: meta.userAgent?.slice(0, 300) ?? null,
  });
  return token;
}
