import type { PortalPermission } from "../../../shared/tickets-api.js";
import type { Executor } from "../../db/client.js";
import type { Deps } from "../../deps.js";
import { AppError, unauthenticated } from "../../errors.js";
import { HOUR, MINUTE } from "../../lib/clock.js";
import { hashToken, newToken } from "../../lib/tokens.js";
import type { ContactActor, StaffActor } from "../../policy/actors.js";
import type { Repos } from "../../repos.js";
import type { ContactSessionInfo } from "../profile/profile.service.js";
import { staffActorFrom } from "../staff/staff.service.js";

export const SESSION_IDLE_MS = 30 * MINUTE;
export const SESSION_ABSOLUTE_MS = 12 * HOUR;
/** last_seen_at is written at most this often, so most requests are a single read. */
const SESSION_TOUCH_MS = MINUTE;

export interface RequestMeta {
  ip: string;
  userAgent: string | null;
  /** The session token the request already carried; replaced on sign-in (rotation). */
  previousToken: string | null;
}

type ContactSessionRow = NonNullable<Awaited<ReturnType<Repos["sessions"]["findContactSession"]>>>;

/** The actor and profile a contact session row stands for. */
function contactFromSession(row: ContactSessionRow, tenantId: string): { actor: ContactActor; info: ContactSessionInfo } {
  // The account in view must still be one the contact may use; otherwise fall back to the first.
  const current = row.accounts.find((a) => a.id === row.currentAccountId) ?? row.accounts[0];
  return {
    actor: {
      kind: "contact",
      tenantId,
      contactId: row.contactId,
      name: `${row.firstName} ${row.lastName}`,
      accountId: current.id,
      accountIds: row.accounts.map((a) => a.id),
      mustEnrolTwoFactor: row.requireTwoFactor && row.totpEnabledAt === null,
      permissions: new Set(current.permissions as PortalPermission[]),
      clientAdmin: current.clientAdmin,
      portalRoleId: current.roleId,
    },
    info: {
      sessionId: row.id,
      firstName: row.firstName,
      lastName: row.lastName,
      email: row.email,
      username: row.username ?? "",
      timeZone: row.timeZone,
      twoFactorEnabled: row.totpEnabledAt !== null,
      accounts: row.accounts,
      portalName: row.portalName,
      tenantTimeZone: row.tenantTimeZone,
      approvalEnabled: row.approvalEnabled,
    },
  };
}

export function createSessionsService(
  d: Deps,
  { sessions: { deleteSession, findContactSession, findStaffSession, insertSession, touchSession } }: Pick<Repos, "sessions">,
) {
  /** Starts a session and returns the cookie token (only its hash is stored); `db` is the caller's transaction. */
  async function startSession(
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

  /** The staff user signed in with this session token. */
  async function staffSession(tenantId: string, token: string): Promise<StaffActor> {
    const now = d.clock();
    const row = await findStaffSession(d.db, tenantId, hashToken(token), now, new Date(now.getTime() - SESSION_IDLE_MS));
    if (!row) throw unauthenticated();
    if (now.getTime() - row.lastSeenAt.getTime() > SESSION_TOUCH_MS) await touchSession(d.db, tenantId, row.id, now);
    return staffActorFrom(row, tenantId);
  }

  /** The contact signed in with this session token, and what the lookup loaded about them. */
  async function contactSession(tenantId: string, token: string) {
    const now = d.clock();
    const row = await findContactSession(d.db, tenantId, hashToken(token), now, new Date(now.getTime() - SESSION_IDLE_MS));
    if (!row || row.accounts.length === 0) throw unauthenticated();
    if (!row.portalActive) throw new AppError("PORTAL_CLOSED", "This portal is closed");
    if (now.getTime() - row.lastSeenAt.getTime() > SESSION_TOUCH_MS) await touchSession(d.db, tenantId, row.id, now);
    return contactFromSession(row, tenantId);
  }

  /** Signing out of the portal: the session of this token ends, whoever it belonged to. */
  async function endSession(tenantId: string, token: string) {
    await deleteSession(d.db, tenantId, hashToken(token));
  }

  return { startSession, staffSession, contactSession, endSession };
}
export type SessionsService = ReturnType<typeof createSessionsService>;
