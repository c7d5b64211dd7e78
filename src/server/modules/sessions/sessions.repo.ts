import { and, eq, inArray, lt, or, sql } from "drizzle-orm";
import type { PgSelect } from "drizzle-orm/pg-core";
import type { Executor } from "../../db/client.js";
import { accountContacts, contacts, portalSettings, sessions, staffRoles, staffUsers } from "../../db/schema/index.js";
import { prepared } from "../../db/prepared.js";
import { assertTenant, inTenant } from "../../db/tenant-scope.js";

export type SessionRow = typeof sessions.$inferSelect;
export interface SessionAccount {
  id: string;
  name: string;
  timeZone: string | null;
  clientAdmin: boolean;
  roleId: string | null;
  permissions: string[];
}

export async function insertSession(db: Executor, v: typeof sessions.$inferInsert) {
  await db.insert(sessions).values({ ...v, tenantId: assertTenant(v.tenantId) });
}

/** A session of this kind that has neither expired nor sat idle: the conditions, then their values. */
const live = (kind: "contact" | "staff") => [
  eq(sessions.tenantId, sql.placeholder("tenantId")),
  eq(sessions.id, sql.placeholder("sessionId")),
  eq(sessions.kind, kind),
  sql`${sessions.expiresAt} > ${sql.placeholder("sessionNow")}`,
  sql`${sessions.lastSeenAt} > ${sql.placeholder("sessionIdleSince")}`,
];
/** The values of a session check (`contactSessionCheck`); the statement that carries it gives its own `tenantId`. */
export const sessionCheckValues = (id: string, now: Date, idleSince: Date) => ({ sessionId: id, sessionNow: now.toISOString(), sessionIdleSince: idleSince.toISOString() });
const liveValues = (tenantId: string, id: string, now: Date, idleSince: Date) => ({ tenantId: assertTenant(tenantId), ...sessionCheckValues(id, now, idleSince) });

/**
 * What a session stands for, as one value: the versions of the rows its actor and profile are built from
 * (PostgreSQL gives each row version its writing transaction's id, `xmin`), and the account in view; writing
 * when the session was last seen changes none of them. A contact's row is written again whenever one of its
 * memberships, one of its accounts or a portal role it holds changes (migration 0012), so its version stands
 * for all of those. A read that carries `contactSessionCheck` or `staffSessionCheck` learns in its own statement
 * whether the session still stands for what it was looked up as.
 */
const contactFingerprint = sql<string>`concat_ws(',', ${sessions.currentAccountId}, "contacts"."xmin", "portal_settings"."xmin")`;
const staffFingerprint = sql<string>`concat_ws(',', "staff_users"."xmin", "staff_roles"."xmin")`;

const contactFields = {
  id: sessions.id,
  lastSeenAt: sessions.lastSeenAt,
  currentAccountId: sessions.currentAccountId,
  contactId: contacts.id,
  firstName: contacts.firstName,
  lastName: contacts.lastName,
  email: contacts.email,
  username: contacts.portalUsername,
  timeZone: contacts.timeZone,
  totpEnabledAt: contacts.totpEnabledAt,
  portalActive: portalSettings.active,
  portalName: portalSettings.portalName,
  requireTwoFactor: portalSettings.requireTwoFactor,
  tenantTimeZone: portalSettings.timeZone,
  approvalEnabled: portalSettings.approvalEnabled,
  accounts: sql<SessionAccount[]>`(
    select coalesce(json_agg(json_build_object('id', a.id, 'name', a.name, 'timeZone', a.time_zone,
      'clientAdmin', ac.client_admin, 'roleId', r.id, 'permissions', coalesce(r.permissions, '{}'::text[])) order by lower(a.name), a.id), '[]'::json)
    from account_contacts ac join accounts a on a.id = ac.account_id left join portal_roles r on r.id = coalesce(ac.portal_role_id, a.portal_role_id)
    where ac.contact_id = "contacts"."id" and a.portal_enabled and a.archived_at is null)`,
};

/** The hot path of every portal request: a live session of an active portal user. */
const liveContactSession = <T extends PgSelect>(q: T) =>
  q
    .innerJoin(contacts, eq(contacts.id, sessions.contactId))
    .innerJoin(portalSettings, eq(portalSettings.tenantId, sessions.tenantId))
    .where(and(...live("contact"), eq(contacts.portalStatus, "active"), sql`${contacts.archivedAt} is null`));

/**
 * One round trip: a live contact session with the contact and the accounts it may view, and its fingerprint.
 * Returns nothing when the session expired, or the contact is no longer an active portal user.
 */
export async function findContactSession(db: Executor, tenantId: string, id: string, now: Date, idleSince: Date) {
  const query = prepared(db, "contact session", () => liveContactSession(db.select({ ...contactFields, fingerprint: contactFingerprint }).from(sessions).$dynamic()));
  const rows = await query.execute(liveValues(tenantId, id, now, idleSince));
  return rows[0];
}
/**
 * A live contact session's fingerprint as a value of another statement (null when it no longer stands), of the
 * statement's own tenant (its `tenantId`); the other values: `sessionCheckValues`.
 */
export const contactSessionCheck = (db: Executor) => sql<string | null>`(${liveContactSession(db.select({ f: contactFingerprint }).from(sessions).$dynamic())})`;

const staffFields = {
  id: sessions.id,
  lastSeenAt: sessions.lastSeenAt,
  staffId: staffUsers.id,
  name: staffUsers.name,
  permissions: staffRoles.permissions,
};
const liveStaffSession = <T extends PgSelect>(q: T) =>
  q
    .innerJoin(staffUsers, eq(staffUsers.id, sessions.staffUserId))
    .innerJoin(staffRoles, eq(staffRoles.id, staffUsers.roleId))
    .where(and(...live("staff"), sql`${staffUsers.disabledAt} is null`));

/** The hot path of every console request. */
export async function findStaffSession(db: Executor, tenantId: string, id: string, now: Date, idleSince: Date) {
  const query = prepared(db, "staff session", () => liveStaffSession(db.select({ ...staffFields, fingerprint: staffFingerprint }).from(sessions).$dynamic()));
  const rows = await query.execute(liveValues(tenantId, id, now, idleSince));
  return rows[0];
}
/** …and a staff session's, as `contactSessionCheck`. */
export const staffSessionCheck = (db: Executor) => sql<string | null>`(${liveStaffSession(db.select({ f: staffFingerprint }).from(sessions).$dynamic())})`;

export async function touchSession(db: Executor, tenantId: string, id: string, now: Date) {
  await db
    .update(sessions)
    .set({ lastSeenAt: now })
    .where(and(inTenant(sessions.tenantId, tenantId), eq(sessions.id, id)));
}

export async function setCurrentAccount(db: Executor, tenantId: string, id: string, accountId: string) {
  await db
    .update(sessions)
    .set({ currentAccountId: accountId })
    .where(and(inTenant(sessions.tenantId, tenantId), eq(sessions.id, id)));
}

export async function deleteSession(db: Executor, tenantId: string, id: string) {
  await db.delete(sessions).where(and(inTenant(sessions.tenantId, tenantId), eq(sessions.id, id)));
}

/** Ends every session of these contacts, optionally sparing one (the caller's own). */
export async function deleteContactSessions(db: Executor, tenantId: string, contactIds: string[], exceptId?: string) {
  if (contactIds.length === 0) return;
  await db
    .delete(sessions)
    .where(
      and(
        inTenant(sessions.tenantId, tenantId),
        inArray(sessions.contactId, contactIds),
        exceptId ? sql`${sessions.id} <> ${exceptId}` : undefined,
      ),
    );
}

/** Sessions of every contact of an account (its portal was switched off or it was archived). */
export async function deleteAccountSessions(db: Executor, tenantId: string, accountId: string) {
  await db
    .delete(sessions)
    .where(
      and(
        inTenant(sessions.tenantId, tenantId),
        sql`${sessions.contactId} in (select ${accountContacts.contactId} from ${accountContacts} where ${accountContacts.accountId} = ${accountId})`,
      ),
    );
}

export async function deleteStaffSessions(db: Executor, tenantId: string, staffId: string) {
  await db
    .delete(sessions)
    .where(and(inTenant(sessions.tenantId, tenantId), eq(sessions.staffUserId, staffId)));
}

/** Sweep for the worker: expired sessions of every tenant. */
export async function deleteExpiredSessions(db: Executor, now: Date, idleSince: Date) {
  await db.delete(sessions).where(or(lt(sessions.expiresAt, now), lt(sessions.lastSeenAt, idleSince)));
}
