/** Staff sign-in, the first administrator, and staff users and roles. */
import type { z } from "zod";
import type { createStaffUserBody, StaffMe, StaffPermission, staffRoleBody, updateStaffUserBody } from "../../../shared/api.js";
import { type Deps, inTransaction } from "../../deps.js";
import { AppError, conflict, invalid, notFound } from "../../errors.js";
import { HOUR } from "../../lib/clock.js";
import { assertPasswordAllowed, hashPassword, verifyPassword } from "../../lib/passwords.js";
import { hashToken, newToken } from "../../lib/tokens.js";
import type { StaffActor } from "../../policy/actors.js";
import { authorize, can } from "../../policy/policy.js";
import type { Repos } from "../../repos.js";
import { staffUsers } from "../../db/schema/index.js";
import type { Throttle } from "../rate-limit/throttle.js";
import type { RequestMeta, SessionsService } from "../sessions/sessions.service.js";
import { policyOf } from "../tenants/settings.service.js";
import type { StaffView } from "./staff.repo.js";

const staffPolicy = { minLength: 12, requireUpper: false, requireLower: false, requireDigit: false, requireSymbol: false };

export function staffActorFrom(row: { staffId: string; name: string; permissions: string[] }, tenantId: string): StaffActor {
  return { kind: "staff", tenantId, staffId: row.staffId, name: row.name, permissions: new Set(row.permissions as StaffPermission[]) };
}

/** A staff member never disables themselves or changes their own role: the console could lock its last administrator out. */
const isSelf = (actor: StaffActor, id: string) => actor.staffId === id;

function presentStaff(actor: StaffActor, s: StaffView) {
  return {
    id: s.id,
    name: s.name,
    email: s.email,
    role: { id: s.roleId, name: s.roleName },
    disabled: s.disabledAt !== null,
    lastLoginAt: s.lastLoginAt?.toISOString() ?? null,
    createdAt: s.createdAt.toISOString(),
    can: { disable: !isSelf(actor, s.id), changeRole: !isSelf(actor, s.id) },
  };
}

export function createStaffService(
  d: Deps,
  {
    staff: repo,
    tenants: { getSettings, getTenant, updateSettings },
    tokens: { issueToken, redeemToken },
    lockout: { countFailedSignIn },
    sessions: { deleteSession, deleteStaffSessions },
  }: Pick<Repos, "staff" | "tenants" | "tokens" | "lockout" | "sessions">,
  { throttle: { throttleIp }, sessions: { startSession } }: { throttle: Throttle; sessions: SessionsService },
) {
  async function staffMe(actor: StaffActor): Promise<StaffMe> {
    authorize(actor, "staff.me");
    const s = await repo.getStaff(d.db, actor.tenantId, actor.staffId);
    const t = await getTenant(d.db, actor.tenantId);
    if (!s || !t) throw notFound();
    // Decided on what the database says now (the sign-in answer builds its actor before permissions are loaded).
    const self = staffActorFrom({ staffId: s.id, name: s.name, permissions: s.permissions }, actor.tenantId);
    return {
      id: s.id,
      name: s.name,
      email: s.email,
      role: { id: s.roleId, name: s.roleName },
      permissions: s.permissions,
      tenant: { id: t.id, name: t.name },
      can: {
        manageAccounts: can(self, "account.create"),
        manageContacts: can(self, "contact.create"),
        managePortalAccess: can(self, "portalAccess.manage"),
        manageJobs: can(self, "job.manage"),
        manageTickets: can(self, "ticket.manage"),
        manageSettings: can(self, "settings.update"),
        manageStaff: can(self, "staff.manage"),
        readEmailLog: can(self, "emailLog.read"),
      },
    };
  }

  /** Active staff members to choose from in ticket and job forms. */
  async function listStaffOptions(actor: StaffActor) {
    authorize(actor, "staff.options.read");
    const rows = await repo.listStaff(d.db, actor.tenantId);
    return { staff: rows.filter((s) => s.disabledAt === null).map((s) => ({ id: s.id, name: s.name })) };
  }

  async function staffLogin(tenantId: string, email: string, password: string, meta: RequestMeta) {
    const now = d.clock();
    await throttleIp(tenantId, "staff_login", meta.ip, now);
    const s = await repo.findStaffCredentials(d.db, tenantId, email);
    const ok = await verifyPassword(s?.passwordHash ?? null, password);
    const invalidCredentials = new AppError("INVALID_CREDENTIALS", "Incorrect email or password");
    if (!s) throw invalidCredentials;
    const locked = s.lockedUntil !== null && s.lockedUntil > now;
    if (!ok || locked || s.disabledAt) {
      await countFailedSignIn(d.db, staffUsers, tenantId, s.id, now);
      throw invalidCredentials;
    }
    const token = await inTransaction(d, async (tx) => {
      await repo.updateStaff(tx, tenantId, s.id, { failedLoginCount: 0, lockedUntil: null, lastLoginAt: now });
      return startSession(tx, tenantId, { kind: "staff", staffUserId: s.id }, meta, now);
    });
    return { token, staffId: s.id };
  }

  /** Signing out ends this session only. */
  async function endStaffSession(actor: StaffActor, token: string | null) {
    authorize(actor, "staff.session.end");
    if (token) await deleteSession(d.db, actor.tenantId, hashToken(token));
  }

  /** First start without ADMIN_EMAIL: a one-time link to create the first administrator. */
  async function createSetupLink(tenantId: string) {
    const token = newToken();
    const now = d.clock();
    await issueToken(d.db, tenantId, { tokenHash: hashToken(token), purpose: "staff_setup", contactId: null, now, expiresAt: new Date(now.getTime() + 72 * HOUR) });
    return `${d.config.publicUrl}/admin/setup?token=${token}`;
  }

  async function setupNeeded(tenantId: string) {
    return (await repo.countStaff(d.db, tenantId)) === 0;
  }

  async function createFirstAdmin(
    tenantId: string,
    v: { name: string; email: string; password: string; token?: string },
    meta?: RequestMeta,
  ) {
    assertPasswordAllowed("password", v.password, staffPolicy, [v.email, v.name]);
    const hash = await hashPassword(v.password);
    const admin = await repo.findRoleByName(d.db, tenantId, "Administrator");
    if (!admin) throw new AppError("INTERNAL", "The Administrator role is missing");
    const now = d.clock();
    return inTransaction(d, async (tx) => {
      // Two first starts (or two setup forms) at once: the second waits here and then sees the first administrator.
      await repo.lockStaffSetup(tx, tenantId);
      if ((await repo.countStaff(tx, tenantId)) > 0) throw new AppError("CONFLICT", "Portico is already set up; sign in instead");
      if (v.token !== undefined && !(await redeemToken(tx, tenantId, hashToken(v.token), ["staff_setup"], now))) {
        throw new AppError("INVALID_TOKEN", "This setup link has expired or was already used");
      }
      const staffId = await repo.insertStaff(tx, tenantId, { name: v.name, email: v.email, passwordHash: hash, roleId: admin.id });
      // TKT-5: on a new install someone hears about every new portal ticket from the start.
      await updateSettings(tx, tenantId, { newTicketAssigneeId: staffId });
      const token = meta ? await startSession(tx, tenantId, { kind: "staff", staffUserId: staffId }, meta, now) : null;
      return { staffId, token };
    });
  }

  async function listStaffUsers(actor: StaffActor) {
    authorize(actor, "staff.manage");
    return { items: (await repo.listStaff(d.db, actor.tenantId)).map((s) => presentStaff(actor, s)) };
  }

  async function assertRole(tenantId: string, roleId: string) {
    if (!(await repo.getRole(d.db, tenantId, roleId))) throw invalid("roleId", "is not a staff role");
  }

  async function createStaffUser(actor: StaffActor, body: z.infer<typeof createStaffUserBody>) {
    authorize(actor, "staff.manage");
    await assertRole(actor.tenantId, body.roleId);
    if (await repo.findStaffCredentials(d.db, actor.tenantId, body.email)) throw conflict("A staff user with this email already exists", "email");
    assertPasswordAllowed("password", body.password, policyOf(await getSettings(d.db, actor.tenantId)), [body.email, body.name]);
    const passwordHash = await hashPassword(body.password);
    const id = await inTransaction(d, (tx) => repo.insertStaff(tx, actor.tenantId, { name: body.name, email: body.email, roleId: body.roleId, passwordHash }), "A staff user with this email already exists");
    return presentStaff(actor, (await repo.getStaff(d.db, actor.tenantId, id))!);
  }

  async function updateStaffUser(actor: StaffActor, id: string, body: z.infer<typeof updateStaffUserBody>) {
    authorize(actor, "staff.manage");
    const s = await repo.getStaff(d.db, actor.tenantId, id);
    if (!s) throw notFound("Staff user not found");
    if (body.roleId) await assertRole(actor.tenantId, body.roleId);
    if (isSelf(actor, id) && (body.disabled || (body.roleId && body.roleId !== s.roleId))) {
      throw new AppError("CONFLICT", "You cannot disable yourself or change your own role");
    }
    await inTransaction(d, async (tx) => {
      const { disabled, ...rest } = body;
      await repo.updateStaff(tx, actor.tenantId, id, { ...rest, ...(disabled !== undefined ? { disabledAt: disabled ? d.clock() : null } : {}) });
      if (disabled) await deleteStaffSessions(tx, actor.tenantId, id);
    });
    return presentStaff(actor, (await repo.getStaff(d.db, actor.tenantId, id))!);
  }

  async function listStaffRoles(actor: StaffActor) {
    authorize(actor, "staff.manage");
    return { items: await repo.listRoles(d.db, actor.tenantId) };
  }

  async function saveStaffRole(actor: StaffActor, id: string | null, body: z.infer<typeof staffRoleBody>) {
    authorize(actor, "staff.manage");
    const existing = await repo.findRoleByName(d.db, actor.tenantId, body.name);
    if (existing && existing.id !== id) throw conflict("A role with this name already exists", "name");
    const roleId = await inTransaction(d, async (tx) => {
      if (id === null) return repo.insertRole(tx, actor.tenantId, body);
      const role = await repo.getRole(tx, actor.tenantId, id);
      if (!role) throw notFound("Role not found");
      if (role.builtIn && role.name === "Administrator") throw new AppError("CONFLICT", "The Administrator role cannot be changed");
      await repo.updateRole(tx, actor.tenantId, id, body);
      return id;
    }, "A role with this name already exists");
    return (await repo.listRoles(d.db, actor.tenantId)).find((r) => r.id === roleId)!;
  }

  return {
    staffMe,
    listStaffOptions,
    staffLogin,
    endStaffSession,
    createSetupLink,
    setupNeeded,
    createFirstAdmin,
    listStaffUsers,
    createStaffUser,
    updateStaffUser,
    listStaffRoles,
    saveStaffRole,
  };
}
export type StaffService = ReturnType<typeof createStaffService>;
