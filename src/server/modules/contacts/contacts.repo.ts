import { and, eq, getTableColumns, inArray, isNotNull, isNull, type SQL, sql } from "drizzle-orm";
import type { Executor } from "../../db/client.js";
import { accountContacts, accounts, contacts, type PortalStatus, recoveryCodes } from "../../db/schema/index.js";
import { containing, keyedPage, keyedPageLines } from "../../db/paging.js";
import type { SessionCheck } from "../sessions/sessions.service.js";
import { assertTenant, inTenant } from "../../db/tenant-scope.js";

export type ContactRow = typeof contacts.$inferSelect;
export interface Membership {
  id: string;
  name: string;
  portalEnabled: boolean;
}
/** A contact as staff and presenters see it: no password hash, no TOTP secret. */
export type ContactView = Omit<ContactRow, "passwordHash" | "totpSecret" | "totpPendingSecret" | "listRow"> & {
  accounts: Membership[];
};
export type ContactListView = Pick<ContactView, keyof typeof listColumns>;

const memberships = sql<Membership[]>`(
  select coalesce(json_agg(json_build_object('id', a.id, 'name', a.name, 'portalEnabled', a.portal_enabled) order by lower(a.name)), '[]'::json)
  from ${accountContacts} ac join ${accounts} a on a.id = ac.account_id
  where ac.contact_id = "contacts"."id" and a.archived_at is null)`;

/** A contact's own columns, without the list row the database keeps from them. */
const { listRow: _listRow, ...contactColumns } = getTableColumns(contacts);

/** What a list row shows (the presenter's fields). */
const listColumns = {
  id: contacts.id,
  tenantId: contacts.tenantId,
  firstName: contacts.firstName,
  lastName: contacts.lastName,
  email: contacts.email,
  phone: contacts.phone,
  jobTitle: contacts.jobTitle,
  timeZone: contacts.timeZone,
  archivedAt: contacts.archivedAt,
  createdAt: contacts.createdAt,
  portalStatus: contacts.portalStatus,
  portalUsername: contacts.portalUsername,
  activatedAt: contacts.activatedAt,
  lastLoginAt: contacts.lastLoginAt,
  lockedUntil: contacts.lockedUntil,
  totpEnabledAt: contacts.totpEnabledAt,
  signupStatus: contacts.signupStatus,
  accounts: memberships,
};
const viewColumns = {
  ...listColumns,
  updatedAt: contacts.updatedAt,
  passwordChangedAt: contacts.passwordChangedAt,
  failedLoginCount: contacts.failedLoginCount,
  signupCompany: contacts.signupCompany,
};

export interface ContactFilter {
  q?: string;
  accountId?: string;
  portalAccess: "any" | "with" | "without";
  portalStatus?: PortalStatus;
  status: "active" | "archived" | "all";
  signup?: "pending";
  page: number;
  pageSize: number;
}

const $ = sql.placeholder;

/**
 * What the console's list reads of a contact: its row as the database keeps it, open (without its closing brace, for
 * `can` to follow), and the state `can` is decided from, as words: archived (true/false), portal status, sign-up
 * status (empty when none). The row is of the tenant the statement reads.
 */
const listLines = {
  row: sql<string>`left(${contacts.listRow}, -1)`,
  state: sql<string>`concat_ws(' ', (${contacts.archivedAt} is not null)::text, ${contacts.portalStatus}, coalesce(${contacts.signupStatus}, ''))`,
};
export interface ContactListState {
  archived: boolean;
  portalStatus: PortalStatus;
  signupStatus: ContactRow["signupStatus"];
}
/** A list row's state from its words (`listLines.state`). */
export function contactListState(words: string): ContactListState {
  const [archived, portalStatus, signupStatus] = words.split(" ");
  return { archived: archived === "true", portalStatus: portalStatus as PortalStatus, signupStatus: (signupStatus || null) as ContactRow["signupStatus"] };
}

/** The tenant's contacts by name, as `f` filters them: what a page of them needs besides its columns. */
function contactsFilter(db: Executor, tenantId: string, f: ContactFilter, columns: string) {
  const where = () => {
    const w: SQL[] = [eq(contacts.tenantId, $("tenantId"))];
    if (f.status === "active") w.push(isNull(contacts.archivedAt));
    if (f.status === "archived") w.push(isNotNull(contacts.archivedAt));
    if (f.portalStatus) w.push(eq(contacts.portalStatus, $("portalStatus")));
    if (f.portalAccess === "with") w.push(sql`${contacts.portalStatus} <> 'not_enabled'`);
    if (f.portalAccess === "without") w.push(eq(contacts.portalStatus, "not_enabled"));
    if (f.signup) w.push(eq(contacts.signupStatus, $("signup")));
    if (f.accountId) {
      w.push(sql`exists (select 1 from account_contacts x where x.contact_id = "contacts"."id" and x.account_id = ${$("accountId")})`);
    }
    if (f.q) {
      w.push(
        sql`(lower(${contacts.firstName} || ' ' || ${contacts.lastName}) like ${$("like")} or lower(coalesce(${contacts.email}, '')) like ${$("like")} or lower(coalesce(${contacts.portalUsername}, '')) like ${$("like")})`,
      );
    }
    return w;
  };
  return {
    shape: `contacts ${columns} ${f.status} ${f.portalAccess} ${[f.portalStatus, f.signup, f.accountId, f.q].map(Boolean).join(",")}`,
    values: { tenantId: assertTenant(tenantId), portalStatus: f.portalStatus, signup: f.signup, accountId: f.accountId, like: f.q ? containing(f.q) : undefined },
    matching: (fields: Record<string, SQL.Aliased>) => db.select(fields).from(contacts).where(and(...where())).$dynamic(),
    id: contacts.id,
    keys: [
      { by: contacts.lastName, dir: "asc" as const },
      { by: contacts.firstName, dir: "asc" as const },
      { by: contacts.id, dir: "asc" as const },
    ],
    page: f.page,
    pageSize: f.pageSize,
  };
}

/** A page of contacts as views (the colleagues a client administrator sees). */
export async function listContacts(db: Executor, tenantId: string, f: ContactFilter) {
  const page = await keyedPage(db, contactsFilter(db, tenantId, f, "views"), (p) =>
    db.select({ ...listColumns, n: p.n }).from(p.from).innerJoin(contacts, eq(contacts.id, p.id)).$dynamic(),
  );
  return { ...page, items: page.items as ContactListView[] };
}

/**
 * The console's contact list: each row as the database keeps it (`list_row`, migration 0012), in one statement
 * with the session check the read carries (sessions.service `readAsStaff`; its value is `session`).
 */
export async function listContactRows(db: Executor, tenantId: string, f: ContactFilter, check: SessionCheck) {
  const page = await keyedPageLines(
    db,
    { ...contactsFilter(db, tenantId, f, "rows"), also: { shape: "session", values: check.values, columns: () => ({ session: check.column(db) }) } },
    { lines: listLines, rows: (p, fields) => db.select(fields).from(p.from).innerJoin(contacts, eq(contacts.id, p.id)).$dynamic() },
  );
  return { rows: page.lines.row, states: page.lines.state, total: page.total, totalCapped: page.totalCapped, session: (page.also.session as string | null) ?? null };
}

export async function getContact(db: Executor, tenantId: string, id: string): Promise<ContactView | undefined> {
  const rows = await db
    .select(viewColumns)
    .from(contacts)
    .where(and(inTenant(contacts.tenantId, tenantId), eq(contacts.id, id)));
  return rows[0] as ContactView | undefined;
}

export async function getContactsByIds(db: Executor, tenantId: string, ids: string[]) {
  if (ids.length === 0) return [];
  return (await db
    .select(viewColumns)
    .from(contacts)
    .where(and(inTenant(contacts.tenantId, tenantId), inArray(contacts.id, ids)))) as ContactView[];
}

/** Secrets included: for sign-in, password change and two-factor only. */
export async function getContactCredentials(db: Executor, tenantId: string, id: string) {
  const rows = await db
    .select(contactColumns)
    .from(contacts)
    .where(and(inTenant(contacts.tenantId, tenantId), eq(contacts.id, id)));
  return rows[0];
}

/** Sign-in lookup by username (case-insensitive), secrets and account memberships included. */
export async function findByUsername(db: Executor, tenantId: string, username: string) {
  const rows = await db
    .select({ ...contactColumns, accounts: memberships })
    .from(contacts)
    .where(
      and(
        inTenant(contacts.tenantId, tenantId),
        sql`lower(${contacts.portalUsername}) = ${username.toLowerCase()}`,
      ),
    );
  return rows[0];
}

/** The portal user with this email (emails of portal users are unique, ACC-2). */
export async function findPortalUserByEmail(db: Executor, tenantId: string, email: string) {
  const rows = await db
    .select(viewColumns)
    .from(contacts)
    .where(
      and(
        inTenant(contacts.tenantId, tenantId),
        isNotNull(contacts.portalUsername),
        sql`lower(${contacts.email}) = ${email.toLowerCase()}`,
      ),
    );
  return rows[0] as ContactView | undefined;
}

export async function findContactByEmail(db: Executor, tenantId: string, email: string) {
  const rows = await db
    .select({ id: contacts.id, portalUsername: contacts.portalUsername, signupStatus: contacts.signupStatus })
    .from(contacts)
    .where(and(inTenant(contacts.tenantId, tenantId), sql`lower(${contacts.email}) = ${email.toLowerCase()}`))
    .limit(1);
  return rows[0];
}

/** The first contact other than `exceptContactId` that matches, by name. */
async function otherContact(db: Executor, tenantId: string, match: SQL, exceptContactId?: string) {
  const rows = await db
    .select({ id: contacts.id, firstName: contacts.firstName, lastName: contacts.lastName })
    .from(contacts)
    .where(and(inTenant(contacts.tenantId, tenantId), match, exceptContactId ? sql`${contacts.id} <> ${exceptContactId}` : undefined))
    .orderBy(contacts.createdAt, contacts.id)
    .limit(1);
  return rows[0];
}

/** The same address as a person types it: case and surrounding spaces do not make another address. */
const sameEmail = (email: string) => sql`lower(trim(${contacts.email})) = ${email.trim().toLowerCase()}`;

export const usernameTaken = async (db: Executor, tenantId: string, username: string, exceptContactId?: string) =>
  (await otherContact(db, tenantId, sql`lower(${contacts.portalUsername}) = ${username.toLowerCase()}`, exceptContactId)) !== undefined;

/** The portal user, other than this contact, who has this email (ACC-2: emails of portal users are unique, resets go by email). */
export const otherPortalUserWithEmail = (db: Executor, tenantId: string, email: string, exceptContactId: string) =>
  otherContact(db, tenantId, and(isNotNull(contacts.portalUsername), sameEmail(email))!, exceptContactId);

export const portalEmailTaken = async (db: Executor, tenantId: string, email: string, exceptContactId: string) =>
  (await otherPortalUserWithEmail(db, tenantId, email, exceptContactId)) !== undefined;

/** A contact that is not archived and has this email: creating another would make two records of one person (ROL-5). */
export const liveContactWithEmail = (db: Executor, tenantId: string, email: string) =>
  otherContact(db, tenantId, and(isNull(contacts.archivedAt), sameEmail(email))!);

export type ContactValues = Pick<ContactRow, "firstName" | "lastName" | "email" | "phone" | "jobTitle" | "timeZone">;
export type ContactPatch = Partial<
  Omit<ContactRow, "id" | "tenantId" | "createdAt" | "updatedAt" | "failedLoginCount"> & {
    failedLoginCount: number | SQL;
  }
>;

export async function insertContact(db: Executor, tenantId: string, v: ContactValues & ContactPatch) {
  const [row] = await db.insert(contacts).values({ ...v, tenantId: assertTenant(tenantId) }).returning({ id: contacts.id });
  return row.id;
}

export async function updateContact(db: Executor, tenantId: string, id: string, patch: ContactPatch) {
  const rows = await db
    .update(contacts)
    .set({ ...patch, updatedAt: new Date() })
    .where(and(inTenant(contacts.tenantId, tenantId), eq(contacts.id, id)))
    .returning({ id: contacts.id });
  return rows.length > 0;
}

/** Replaces the contact's account memberships, keeping flags on the ones that stay. */
export async function setMemberships(db: Executor, tenantId: string, contactId: string, accountIds: string[]) {
  await db
    .delete(accountContacts)
    .where(
      and(
        inTenant(accountContacts.tenantId, tenantId),
        eq(accountContacts.contactId, contactId),
        accountIds.length ? sql`${accountContacts.accountId} not in ${accountIds}` : undefined,
      ),
    );
  if (accountIds.length) {
    await db
      .insert(accountContacts)
      .values(accountIds.map((accountId) => ({ tenantId, accountId, contactId })))
      .onConflictDoNothing();
  }
}

// ----- recovery codes (two-factor) -----
export async function replaceRecoveryCodes(db: Executor, tenantId: string, contactId: string, codeHashes: string[]) {
  await db
    .delete(recoveryCodes)
    .where(and(inTenant(recoveryCodes.tenantId, tenantId), eq(recoveryCodes.contactId, contactId)));
  if (codeHashes.length) {
    await db.insert(recoveryCodes).values(codeHashes.map((codeHash) => ({ tenantId, contactId, codeHash })));
  }
}

/** Marks one unused recovery code as used; true when it was valid. Atomic. */
export async function useRecoveryCode(db: Executor, tenantId: string, contactId: string, codeHash: string, now: Date) {
  const rows = await db
    .update(recoveryCodes)
    .set({ usedAt: now })
    .where(
      and(
        inTenant(recoveryCodes.tenantId, tenantId),
        eq(recoveryCodes.contactId, contactId),
        eq(recoveryCodes.codeHash, codeHash),
        isNull(recoveryCodes.usedAt),
      ),
    )
    .returning({ id: recoveryCodes.id });
  return rows.length > 0;
}

/** Takes portal access away entirely (revoke, restore from archive): username, password and two-factor go. */
export async function clearPortalAccess(tx: Executor, tenantId: string, id: string) {
  await updateContact(tx, tenantId, id, {
    portalStatus: "not_enabled",
    portalUsername: null,
    passwordHash: null,
    activatedAt: null,
    totpSecret: null,
    totpPendingSecret: null,
    totpEnabledAt: null,
    lockedUntil: null,
    failedLoginCount: 0,
  });
  await replaceRecoveryCodes(tx, tenantId, id, []);
}
