import { and, asc, eq, getTableColumns, inArray, isNotNull, isNull, type SQL, sql } from "drizzle-orm";
import type { Executor } from "../../db/client.js";
import { accountContacts, accounts, contacts } from "../../db/schema/index.js";
import { containing, keyedPage } from "../../db/paging.js";
import { assertTenant, inTenant } from "../../db/tenant-scope.js";
import { insertDefaultJob } from "../jobs/jobs.repo.js";

export type AccountRow = typeof accounts.$inferSelect;
export type AccountWithCount = AccountRow & { contactCount: number; portalRoleName: string | null; managerName: string | null };

const contactCount = sql<number>`(select count(*)::int from account_contacts x where x.account_id = "accounts"."id")`;

const accountColumns = {
  ...getTableColumns(accounts),
  portalRoleName: sql<string | null>`(select name from portal_roles r where r.id = "accounts"."portal_role_id")`,
  managerName: sql<string | null>`(select name from staff_users s where s.id = "accounts"."manager_staff_id")`,
};


export interface AccountFilter {
  q?: string;
  status: "active" | "archived" | "all";
  page: number;
  pageSize: number;
}

export async function listAccounts(db: Executor, tenantId: string, f: AccountFilter) {
  const where = () => {
    const w: SQL[] = [eq(accounts.tenantId, sql.placeholder("tenantId"))];
    if (f.status === "active") w.push(isNull(accounts.archivedAt));
    if (f.status === "archived") w.push(isNotNull(accounts.archivedAt));
    if (f.q) w.push(sql`(lower(${accounts.name}) like ${sql.placeholder("like")} or lower(coalesce(${accounts.number}, '')) like ${sql.placeholder("like")})`);
    return w;
  };
  const page = await keyedPage(
    db,
    {
      shape: `accounts ${f.status} ${Boolean(f.q)}`,
      values: { tenantId: assertTenant(tenantId), like: f.q ? containing(f.q) : undefined },
      matching: (fields) => db.select(fields).from(accounts).where(and(...where())).$dynamic(),
      id: accounts.id,
      keys: [
        { by: sql`lower(${accounts.name})`, dir: "asc" },
        { by: accounts.id, dir: "asc" },
      ],
      page: f.page,
      pageSize: f.pageSize,
    },
    (p) => db.select({ ...accountColumns, contactCount, n: p.n }).from(p.from).innerJoin(accounts, eq(accounts.id, p.id)).$dynamic(),
  );
  return { ...page, items: page.items as AccountWithCount[] };
}

export async function getAccount(db: Executor, tenantId: string, id: string): Promise<AccountWithCount | undefined> {
  const rows = await db
    .select({ ...accountColumns, contactCount })
    .from(accounts)
    .where(and(inTenant(accounts.tenantId, tenantId), eq(accounts.id, id)));
  return rows[0];
}

/** Which of these ids are accounts of the tenant (foreign ids are simply absent). */
export async function findAccountIds(db: Executor, tenantId: string, ids: string[]) {
  if (ids.length === 0) return [];
  const rows = await db
    .select({ id: accounts.id, archivedAt: accounts.archivedAt })
    .from(accounts)
    .where(and(inTenant(accounts.tenantId, tenantId), inArray(accounts.id, ids)));
  return rows;
}

export async function findAccountByNumber(db: Executor, tenantId: string, number: string) {
  const rows = await db
    .select({ id: accounts.id })
    .from(accounts)
    .where(and(inTenant(accounts.tenantId, tenantId), sql`lower(${accounts.number}) = ${number.toLowerCase()}`));
  return rows[0];
}

/** Active, portal-enabled accounts that list this email domain (ACC-11). */
export async function findAccountsByDomain(db: Executor, tenantId: string, domain: string) {
  return db
    .select({ id: accounts.id, name: accounts.name })
    .from(accounts)
    .where(
      and(
        inTenant(accounts.tenantId, tenantId),
        isNull(accounts.archivedAt),
        eq(accounts.portalEnabled, true),
        sql`${domain.toLowerCase()} = any(${accounts.emailDomains})`,
      ),
    )
    .orderBy(asc(accounts.name));
}

export type AccountValues = Pick<AccountRow, "name" | "number" | "emailDomains" | "timeZone" | "portalEnabled"> & { portalRoleId?: string | null };

/** JOB-1: every account is created with its default job, in the caller's transaction, whichever path creates it. */
export async function insertAccount(db: Executor, tenantId: string, v: AccountValues) {
  const [row] = await db.insert(accounts).values({ ...v, tenantId: assertTenant(tenantId) }).returning({ id: accounts.id });
  await insertDefaultJob(db, tenantId, { id: row.id, name: v.name, number: v.number });
  return row.id;
}

export async function updateAccount(
  db: Executor,
  tenantId: string,
  id: string,
  patch: Partial<AccountValues & { archivedAt: Date | null }>,
) {
  const rows = await db
    .update(accounts)
    .set({ ...patch, updatedAt: new Date() })
    .where(and(inTenant(accounts.tenantId, tenantId), eq(accounts.id, id)))
    .returning({ id: accounts.id });
  return rows.length > 0;
}

export interface MembershipRow {
  contactId: string;
  firstName: string;
  lastName: string;
  email: string | null;
  portalStatus: string;
  clientAdmin: boolean;
  sendCopyOfTickets: boolean;
  portalRoleId: string | null;
}

export async function listMemberships(db: Executor, tenantId: string, accountId: string): Promise<MembershipRow[]> {
  return db
    .select({
      contactId: contacts.id,
      firstName: contacts.firstName,
      lastName: contacts.lastName,
      email: contacts.email,
      portalStatus: contacts.portalStatus,
      clientAdmin: accountContacts.clientAdmin,
      sendCopyOfTickets: accountContacts.sendCopyOfTickets,
      portalRoleId: accountContacts.portalRoleId,
    })
    .from(accountContacts)
    .innerJoin(contacts, eq(contacts.id, accountContacts.contactId))
    .where(and(inTenant(accountContacts.tenantId, tenantId), eq(accountContacts.accountId, accountId), isNull(contacts.archivedAt)))
    .orderBy(asc(contacts.lastName), asc(contacts.firstName));
}

export async function updateMembership(db: Executor, tenantId: string, accountId: string, contactId: string, v: { clientAdmin?: boolean; sendCopyOfTickets?: boolean; portalRoleId?: string | null }) {
  const rows = await db
    .update(accountContacts)
    .set(v)
    .where(and(inTenant(accountContacts.tenantId, tenantId), eq(accountContacts.accountId, accountId), eq(accountContacts.contactId, contactId)))
    .returning({ contactId: accountContacts.contactId });
  return rows.length > 0;
}
