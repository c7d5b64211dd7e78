import type { PortalPermission } from "../../../shared/tickets-api.js";
import type { SQL } from "drizzle-orm";
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
/** How many sessions an instance remembers for reads that confirm their own session (`readAsContact`). */
const SESSIONS_REMEMBERED = 10_000;

/** A session as last looked up: its fingerprint (sessions.repo.ts) and what it stands for. */
interface Known<A, I = undefined> {
  fingerprint: string;
  actor: A;
  info: I;
  lastSeenAt: Date;
}
/** How a read carries its session check: a value of its statement, and the values that value needs besides the statement's `tenantId`. */
export interface SessionCheck {
  column: (db: Executor) => SQL<string | null>;
  values: Record<string, unknown>;
}
/** A read for an actor that returns its session check's value along with what it read. */
export type SessionRead<A, T> = (actor: A, check: SessionCheck) => Promise<{ session: string | null; value: T }>;
/** What a service is given instead of an actor when its read confirms the session itself (http/plugins/auth.ts `asContact`). */
export interface ReadAs<A> {
  read<T>(read: SessionRead<A, T>): Promise<T>;
}

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
  { sessions: { contactSessionCheck, deleteSession, findContactSession, findStaffSession, insertSession, sessionCheckValues, staffSessionCheck, touchSession } }: Pick<Repos, "sessions">,
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

  const idleSince = (now: Date) => new Date(now.getTime() - SESSION_IDLE_MS);
  const touchDue = (lastSeenAt: Date, now: Date) => now.getTime() - lastSeenAt.getTime() > SESSION_TOUCH_MS;
  /** Writes when the session was last seen, at most once a minute; returns when that now is. */
  async function touchIfDue(tenantId: string, row: { id: string; lastSeenAt: Date }, now: Date) {
    if (!touchDue(row.lastSeenAt, now)) return row.lastSeenAt;
    await touchSession(d.db, tenantId, row.id, now);
    return now;
  }

  /** The staff user signed in with this session token. */
  async function staffSession(tenantId: string, token: string): Promise<StaffActor> {
    return (await lookUpStaff(tenantId, hashToken(token), d.clock())).actor;
  }
  async function lookUpStaff(tenantId: string, id: string, now: Date): Promise<Known<StaffActor>> {
    const row = await findStaffSession(d.db, tenantId, id, now, idleSince(now));
    if (!row) throw unauthenticated();
    const lastSeenAt = await touchIfDue(tenantId, row, now);
    return remember(staffSeen, `${tenantId} ${id}`, { fingerprint: row.fingerprint, actor: staffActorFrom(row, tenantId), info: undefined, lastSeenAt });
  }

  /** The contact signed in with this session token, and what the lookup loaded about them. */
  async function contactSession(tenantId: string, token: string) {
    const { actor, info } = await lookUpContact(tenantId, hashToken(token), d.clock());
    return { actor, info };
  }
  async function lookUpContact(tenantId: string, id: string, now: Date): Promise<Known<ContactActor, ContactSessionInfo>> {
    const row = await findContactSession(d.db, tenantId, id, now, idleSince(now));
    if (!row || row.accounts.length === 0) throw unauthenticated();
    if (!row.portalActive) throw new AppError("PORTAL_CLOSED", "This portal is closed");
    const lastSeenAt = await touchIfDue(tenantId, row, now);
    return remember(contactSeen, `${tenantId} ${id}`, { fingerprint: row.fingerprint, ...contactFromSession(row, tenantId), lastSeenAt });
  }

  /*
   * What each session was last looked up as, so that a read can run for it at once and confirm it in its own
   * statement (`readAsContact`). Nothing is decided from this alone: a read whose statement finds the session
   * changed, ended or idle is thrown away and done again after a fresh lookup.
   */
  const contactSeen = new Map<string, Known<ContactActor, ContactSessionInfo>>();
  const staffSeen = new Map<string, Known<StaffActor>>();

  /**
   * Runs `read` for the contact signed in with this token in one statement: `read` carries `check` (the session's
   * fingerprint as the statement sees it) and returns what it found. `accept` receives the actor (and may refuse it)
   * before the answer is given. A read that throws for a remembered actor is tried again for a fresh one, so
   * an outdated memory can neither refuse nor allow anything.
   */
  function readAsContact<T>(tenantId: string, token: string, read: SessionRead<ContactActor, T>, accept: (actor: ContactActor, info: ContactSessionInfo) => void) {
    return readAs(tenantId, token, contactSeen, lookUpContact, contactSessionCheck, read, (k) => accept(k.actor, k.info));
  }
  /** …and for a staff user. */
  function readAsStaff<T>(tenantId: string, token: string, read: SessionRead<StaffActor, T>, accept: (actor: StaffActor) => void) {
    return readAs(tenantId, token, staffSeen, lookUpStaff, staffSessionCheck, read, (k) => accept(k.actor));
  }

  async function readAs<A extends ContactActor | StaffActor, I, T>(
    tenantId: string,
    token: string,
    seen: Map<string, Known<A, I>>,
    lookUp: (tenantId: string, id: string, now: Date) => Promise<Known<A, I>>,
    column: (db: Executor) => SQL<string | null>,
    read: SessionRead<A, T>,
    accept: (k: Known<A, I>) => void,
  ): Promise<T> {
    const id = hashToken(token);
    const key = `${tenantId} ${id}`;
    const now = d.clock();
    const check = { column, values: sessionCheckValues(id, now, idleSince(now)) };
    // Each request has its own actor object: the policy records on it what it granted in this request.
    const attempt = async (known: Known<A, I>) => {
      const k = { ...known, actor: { ...known.actor } };
      accept(k);
      return read(k.actor, check);
    };
    // First, from memory (unless the session's last-seen time is due to be written: the lookup does that).
    const remembered = seen.get(key);
    if (remembered && !touchDue(remembered.lastSeenAt, now)) {
      const found = await attempt(remembered).catch(() => undefined);
      if (found?.session === remembered.fingerprint) return found.value;
      seen.delete(key);
    }
    // Then from fresh lookups, which answer 401 once the session no longer stands. When the session changes again
    // between a lookup and its read three times over, the last read stands, as it would after a separate lookup.
    for (let tries = 1; ; tries++) {
      const known = await lookUp(tenantId, id, now);
      const found = await attempt(known);
      if (found.session === known.fingerprint || (found.session !== null && tries === 3)) return found.value;
      seen.delete(key);
    }
  }

  function remember<K extends Known<ContactActor | StaffActor, unknown>>(seen: Map<string, K>, key: string, known: K): K {
    seen.delete(key);
    seen.set(key, known);
    if (seen.size > SESSIONS_REMEMBERED) seen.delete(seen.keys().next().value as string);
    return known;
  }

  /** Signing out of the portal: the session of this token ends, whoever it belonged to. */
  async function endSession(tenantId: string, token: string) {
    await deleteSession(d.db, tenantId, hashToken(token));
  }

  return { startSession, staffSession, contactSession, readAsContact, readAsStaff, endSession };
}
export type SessionsService = ReturnType<typeof createSessionsService>;
