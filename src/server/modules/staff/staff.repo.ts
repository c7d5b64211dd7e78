import { and, asc, count, eq, isNull, sql } from "drizzle-orm";
import type { Executor } from "../../db/client.js";
import { staffRoles, staffUsers } from "../../db/schema/index.js";
import { assertTenant, inTenant } from "../../db/tenant-scope.js";

export type StaffUserRow = typeof staffUsers.$inferSelect;

export async function countStaff(db: Executor, tenantId: string) {
  const [r] = await db.select({ n: count() }).from(staffUsers).where(inTenant(staffUsers.tenantId, tenantId));
  return r.n;
}

/** Includes the password hash: for sign-in only. */
export async function findStaffCredentials(db: Executor, tenantId: string, email: string) {
  const rows = await db
    .select()
    .from(staffUsers)
    .where(and(inTenant(staffUsers.tenantId, tenantId), sql`lower(${staffUsers.email}) = ${email.toLowerCase()}`));
  return rows[0];
}

const staffColumns = {
  id: staffUsers.id,
  tenantId: staffUsers.tenantId,
  name: staffUsers.name,
  email: staffUsers.email,
  disabledAt: staffUsers.disabledAt,
  lastLoginAt: staffUsers.lastLoginAt,
  hourlyRate: staffUsers.hourlyRate,
  createdAt: staffUsers.createdAt,
  roleId: staffRoles.id,
  roleName: staffRoles.name,
  permissions: staffRoles.permissions,
};
export type StaffView = Awaited<ReturnType<typeof listStaff>>[number];

export async function getStaff(db: Executor, tenantId: string, id: string) {
  const rows = await db
    .select(staffColumns)
    .from(staffUsers)
    .innerJoin(staffRoles, eq(staffRoles.id, staffUsers.roleId))
    .where(and(inTenant(staffUsers.tenantId, tenantId), eq(staffUsers.id, id)));
  return rows[0];
}

export async function listStaff(db: Executor, tenantId: string) {
  return db
    .select(staffColumns)
    .from(staffUsers)
    .innerJoin(staffRoles, eq(staffRoles.id, staffUsers.roleId))
    .where(inTenant(staffUsers.tenantId, tenantId))
    .orderBy(asc(staffUsers.name));
}

/** The longest-serving active administrator: who new portal tickets fall back to when their assignee is disabled. */
export async function findFirstActiveAdmin(db: Executor, tenantId: string) {
  const rows = await db
    .select({ id: staffUsers.id })
    .from(staffUsers)
    .innerJoin(staffRoles, eq(staffRoles.id, staffUsers.roleId))
    .where(and(inTenant(staffUsers.tenantId, tenantId), isNull(staffUsers.disabledAt), sql`'admin' = any(${staffRoles.permissions})`))
    .orderBy(asc(staffUsers.createdAt), asc(staffUsers.id))
    .limit(1);
  return rows[0]?.id ?? null;
}

export async function insertStaff(
  db: Executor,
  tenantId: string,
  v: { name: string; email: string; passwordHash: string; roleId: string; hourlyRate?: string | null },
) {
  const [row] = await db.insert(staffUsers).values({ ...v, tenantId: assertTenant(tenantId) }).returning({ id: staffUsers.id });
  return row.id;
}

export async function updateStaff(
  db: Executor,
  tenantId: string,
  id: string,
  patch: Partial<Pick<StaffUserRow, "name" | "roleId" | "hourlyRate" | "disabledAt" | "lastLoginAt" | "failedLoginCount" | "lockedUntil" | "passwordHash">>,
) {
  const rows = await db
    .update(staffUsers)
    .set(patch)
    .where(and(inTenant(staffUsers.tenantId, tenantId), eq(staffUsers.id, id)))
    .returning({ id: staffUsers.id });
  return rows.length > 0;
}

export async function listRoles(db: Executor, tenantId: string) {
  return db
    .select({
      id: staffRoles.id,
      name: staffRoles.name,
      permissions: staffRoles.permissions,
      builtIn: staffRoles.builtIn,
      userCount: sql<number>`(select count(*)::int from staff_users x where x.role_id = "staff_roles"."id")`,
    })
    .from(staffRoles)
    .where(inTenant(staffRoles.tenantId, tenantId))
    .orderBy(asc(staffRoles.name));
}

export async function getRole(db: Executor, tenantId: string, id: string) {
  const rows = await db
    .select()
    .from(staffRoles)
    .where(and(inTenant(staffRoles.tenantId, tenantId), eq(staffRoles.id, id)));
  return rows[0];
}

export async function findRoleByName(db: Executor, tenantId: string, name: string) {
  const rows = await db
    .select()
    .from(staffRoles)
    .where(and(inTenant(staffRoles.tenantId, tenantId), sql`lower(${staffRoles.name}) = ${name.toLowerCase()}`));
  return rows[0];
}

export async function insertRole(db: Executor, tenantId: string, v: { name: string; permissions: string[] }) {
  const [row] = await db.insert(staffRoles).values({ ...v, tenantId: assertTenant(tenantId) }).returning({ id: staffRoles.id });
  return row.id;
}

export async function updateRole(db: Executor, tenantId: string, id: string, v: { name?: string; permissions?: string[] }) {
  const rows = await db
    .update(staffRoles)
    .set(v)
    .where(and(inTenant(staffRoles.tenantId, tenantId), eq(staffRoles.id, id)))
    .returning({ id: staffRoles.id });
  return rows.length > 0;
}

/** Serialises creating the first administrator of a tenant until the caller's transaction ends. */
export async function lockStaffSetup(tx: Executor, tenantId: string) {
  await tx.execute(sql`select pg_advisory_xact_lock(7242004, hashtext(${assertTenant(tenantId)}))`);
}
