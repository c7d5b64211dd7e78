/** Staff sign-in, the first administrator, and staff users and roles. */
import type { z } from "zod";
import type { createStaffUserBody, StaffMe, StaffPermission, staffRoleBody, updateStaffUserBody } from "../../../shared/api.js";
import type { Tx } from "../../db/client.js";
import { type Deps, inTransaction } from "../../deps.js";
import { AppError, conflict, invalid, notFound } from "../../errors.js";
import { HOUR } from "../../lib/clock.js";
import { assertPasswordAllowed, hashPassword, verifyPassword } from "../../lib/passwords.js";
import { staffPersonalWords } from "../../../shared/passwords.js";
import { hashToken, newToken } from "../../lib/tokens.js";
import type { StaffActor } from "../../policy/actors.js";
import { authorize, can } from "../../policy/policy.js";
import type { Repos } from "../../repos.js";
import { staffUsers } from "../../db/schema/index.js";
import type { Throttle } from "../rate-limit/throttle.js";
import type { RequestMeta, SessionsService } from "../sessions/sessions.service.js";
import { policyOf } from "../tenants/settings.service.js";
import type { Tenant } from "../tenants/tenants.repo.js";
import type { StaffView } from "./staff.repo.js";

export const STAFF_RESET_TTL_MS = 1 * HOUR;

/** Where the tenant's staff console is: this server's address, on the tenant's own host when it has one. */
function consoleBase(d: Deps, tenant: Tenant) {
  const url = new URL(d.config.publicUrl);
  if (tenant.host) url.hostname = tenant.host;
  return `${url.origin}${url.pathname.replace(/\/+$/, "")}/admin`;
}

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
    hourlyRate: s.hourlyRate,
    can: { disable: !isSelf(actor, s.id), changeRole: !isSelf(actor, s.id) },
  };
}

export function createStaffService(
  d: Deps,
  {
    staff: repo,
    tenants: { getSettings, getTenant, updateSettings },
    tokens: { issueToken, peekToken, redeemToken, voidStaffTokens },
    lockout: { countFailedSignIn },
    sessions: { deleteSession, deleteStaffSessions },
    outbox: { queueEmail },
  }: Pick<Repos, "staff" | "tenants" | "tokens" | "lockout" | "sessions" | "outbox">,
  { throttle: { allowAccountEmail, throttleIp }, sessions: { startSession } }: { throttle: Throttle; sessions: SessionsService },
) {
  /** Staff passwords follow the tenant's password policy (ACC-5), as contacts' do. */
  const staffPasswordPolicy = async (tenantId: string) => policyOf(await getSettings(d.db, tenantId));

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
        approveWork: can(self, "approval.read"),
        manageBilling: can(self, "contract.manage"),
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
    assertPasswordAllowed("password", v.password, await staffPasswordPolicy(tenantId), staffPersonalWords(v));
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
    return { items: (await repo.listStaff(d.db, actor.tenantId)).map((s) => presentStaff(actor, s)), passwordPolicy: await staffPasswordPolicy(actor.tenantId) };
  }

  const invalidResetLink = () => new AppError("INVALID_TOKEN", "This link was already used or has expired. Ask for a new one on the sign-in page.");

  /** A reset link for the staff member; older unused ones stop working. */
  async function issueResetLink(tx: Tx, tenant: Tenant, staffUserId: string, now: Date) {
    const token = newToken();
    await issueToken(tx, tenant.id, {
      tokenHash: hashToken(token),
      purpose: "staff_reset",
      contactId: null,
      staffUserId,
      now,
      expiresAt: new Date(now.getTime() + STAFF_RESET_TTL_MS),
    });
    return `${consoleBase(d, tenant)}/reset-password?token=${token}`;
  }

  /**
   * Forgot password on the staff sign-in page: emails a reset link. The caller answers the same, after the
   * same time, whether or not the address belongs to a staff member who may sign in (ACC-4).
   */
  async function requestStaffReset(tenantId: string, email: string, meta: RequestMeta) {
    const now = d.clock();
    await throttleIp(tenantId, "staff_email_link", meta.ip, now);
    const s = await repo.findStaffCredentials(d.db, tenantId, email);
    if (!s || s.disabledAt) return;
    if (!(await allowAccountEmail(tenantId, s.id, now))) return;
    const tenant = (await getTenant(d.db, tenantId))!;
    await inTransaction(d, async (tx) => {
      const link = await issueResetLink(tx, tenant, s.id, now);
      await queueEmail(tx, tenantId, "staff_reset", { to: s.email, companyName: tenant.name, name: s.name, link, hours: STAFF_RESET_TTL_MS / HOUR }, now);
    });
  }

  /** For an operator at the command line (`npm run staff -- reset <email>`): the link itself, no email. */
  async function createStaffResetLink(tenantId: string, email: string) {
    const s = await repo.findStaffCredentials(d.db, tenantId, email);
    if (!s) throw notFound(`No staff user has the email address ${email}.`);
    if (s.disabledAt) throw new AppError("CONFLICT", `The staff user ${s.email} is disabled, so they cannot sign in; no link was made.`);
    const tenant = (await getTenant(d.db, tenantId))!;
    const now = d.clock();
    const link = await inTransaction(d, (tx) => issueResetLink(tx, tenant, s.id, now));
    return { link, name: s.name, email: s.email, hours: STAFF_RESET_TTL_MS / HOUR };
  }

  /**
   * What the setup and reset pages need before they show a form: whether the link still works, and for a
   * reset link whose password it sets. A link that does not work says nothing more (used, expired, unknown).
   */
  async function checkStaffLink(tenantId: string, token: string, ip: string) {
    const now = d.clock();
    await throttleIp(tenantId, "password_link", ip, now);
    const passwordPolicy = await staffPasswordPolicy(tenantId);
    const invalidLink = { valid: false, purpose: null, email: null, passwordPolicy, passwordMustNotContain: [] };
    const t = await peekToken(d.db, tenantId, hashToken(token), now);
    if (t?.purpose === "staff_setup") return (await setupNeeded(tenantId)) ? { ...invalidLink, valid: true, purpose: "staff_setup" as const } : invalidLink;
    if (t?.purpose !== "staff_reset" || !t.staffUserId) return invalidLink;
    const s = await repo.getStaff(d.db, tenantId, t.staffUserId);
    if (!s || s.disabledAt) return invalidLink;
    return { valid: true, purpose: "staff_reset" as const, email: s.email, passwordPolicy, passwordMustNotContain: staffPersonalWords(s) };
  }

  /** Sets a new password by a reset link, once: ends every session of the staff member and clears a lockout. */
  async function resetStaffPassword(tenantId: string, token: string, password: string, ip: string) {
    const now = d.clock();
    await throttleIp(tenantId, "password_link", ip, now);
    const tokenHash = hashToken(token);
    const peek = await peekToken(d.db, tenantId, tokenHash, now);
    if (peek?.purpose !== "staff_reset" || !peek.staffUserId) throw invalidResetLink();
    const s = await repo.getStaff(d.db, tenantId, peek.staffUserId);
    if (!s || s.disabledAt) throw invalidResetLink();
    assertPasswordAllowed("password", password, await staffPasswordPolicy(tenantId), staffPersonalWords(s));
    const passwordHash = await hashPassword(password);
    await inTransaction(d, async (tx) => {
      const used = await redeemToken(tx, tenantId, tokenHash, ["staff_reset"], now);
      if (!used?.staffUserId) throw invalidResetLink();
      const fresh = await repo.getStaff(tx, tenantId, used.staffUserId);
      if (!fresh || fresh.disabledAt) throw invalidResetLink();
      await repo.updateStaff(tx, tenantId, fresh.id, { passwordHash, failedLoginCount: 0, lockedUntil: null });
      await deleteStaffSessions(tx, tenantId, fresh.id);
      await voidStaffTokens(tx, tenantId, fresh.id, now);
    });
  }

  async function assertRole(tenantId: string, roleId: string) {
    if (!(await repo.getRole(d.db, tenantId, roleId))) throw invalid("roleId", "is not a staff role");
  }

  async function createStaffUser(actor: StaffActor, body: z.infer<typeof createStaffUserBody>) {
    authorize(actor, "staff.manage");
    await assertRole(actor.tenantId, body.roleId);
    if (await repo.findStaffCredentials(d.db, actor.tenantId, body.email)) throw conflict("A staff user with this email already exists", "email");
    assertPasswordAllowed("password", body.password, await staffPasswordPolicy(actor.tenantId), staffPersonalWords(body));
    const passwordHash = await hashPassword(body.password);
    const id = await inTransaction(d, (tx) => repo.insertStaff(tx, actor.tenantId, { name: body.name, email: body.email, roleId: body.roleId, hourlyRate: body.hourlyRate, passwordHash }), "A staff user with this email already exists");
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
    requestStaffReset,
    createStaffResetLink,
    checkStaffLink,
    resetStaffPassword,
    listStaffUsers,
    createStaffUser,
    updateStaffUser,
    listStaffRoles,
    saveStaffRole,
  };
}
export type StaffService = ReturnType<typeof createStaffService>;
