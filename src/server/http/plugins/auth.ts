import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Config } from "../../config.js";
import type { Deps } from "../../deps.js";
import { AppError, unauthenticated } from "../../errors.js";
import { hashToken } from "../../lib/tokens.js";
import type { ContactSessionInfo } from "../../modules/profile/profile.service.js";
import { findContactSession, findStaffSession, touchSession } from "../../modules/sessions/sessions.repo.js";
import { SESSION_ABSOLUTE_MS, SESSION_IDLE_MS, SESSION_TOUCH_MS, type RequestMeta } from "../../modules/sessions/sessions.service.js";
import { staffActorFrom } from "../../modules/staff/staff.service.js";
import type { Actor, ContactActor, StaffActor } from "../../policy/actors.js";
import type { Principal } from "../../policy/policy.js";
import type { PortalPermission } from "../../../shared/tickets-api.js";

declare module "fastify" {
  interface FastifyRequest {
    tenantId: string;
    actor: Actor;
    /** Set on contact routes: what the session lookup loaded. */
    contactSession?: ContactSessionInfo;
  }
}

export const cookieNames = (c: Config) => ({
  staff: c.secureCookies ? "__Host-portico_staff" : "portico_staff",
  contact: c.secureCookies ? "__Host-portico_portal" : "portico_portal",
});

export function setSessionCookie(reply: FastifyReply, config: Config, kind: "staff" | "contact", token: string) {
  reply.setCookie(cookieNames(config)[kind], token, {
    path: "/",
    httpOnly: true,
    sameSite: "lax",
    secure: config.secureCookies,
    maxAge: SESSION_ABSOLUTE_MS / 1000,
  });
}

export function clearSessionCookie(reply: FastifyReply, config: Config, kind: "staff" | "contact") {
  reply.clearCookie(cookieNames(config)[kind], { path: "/", httpOnly: true, sameSite: "lax", secure: config.secureCookies });
}

export function sessionToken(req: FastifyRequest, config: Config, kind: "staff" | "contact"): string | null {
  const v = req.cookies[cookieNames(config)[kind]];
  return v && v.length <= 200 ? v : null;
}

export function requestMeta(req: FastifyRequest, config: Config, kind: "staff" | "contact"): RequestMeta {
  return { ip: req.ip, userAgent: req.headers["user-agent"] ?? null, previousToken: sessionToken(req, config, kind) };
}

async function loadStaff(d: Deps, req: FastifyRequest): Promise<StaffActor> {
  const token = sessionToken(req, d.config, "staff");
  if (!token) throw unauthenticated();
  const now = d.clock();
  const row = await findStaffSession(d.db, req.tenantId, hashToken(token), now, new Date(now.getTime() - SESSION_IDLE_MS));
  if (!row) throw unauthenticated();
  if (now.getTime() - row.lastSeenAt.getTime() > SESSION_TOUCH_MS) await touchSession(d.db, req.tenantId, row.id, now);
  return staffActorFrom(row, req.tenantId);
}

async function loadContact(d: Deps, req: FastifyRequest): Promise<ContactActor> {
  const token = sessionToken(req, d.config, "contact");
  if (!token) throw unauthenticated();
  const now = d.clock();
  const row = await findContactSession(d.db, req.tenantId, hashToken(token), now, new Date(now.getTime() - SESSION_IDLE_MS));
  if (!row || row.accounts.length === 0) throw unauthenticated();
  if (!row.portalActive) throw new AppError("PORTAL_CLOSED", "This portal is closed");
  if (now.getTime() - row.lastSeenAt.getTime() > SESSION_TOUCH_MS) await touchSession(d.db, req.tenantId, row.id, now);
  const { actor, info } = contactFromSession(row, req.tenantId);
  req.contactSession = info;
  return actor;
}

type ContactSessionRow = NonNullable<Awaited<ReturnType<typeof findContactSession>>>;

/** The actor and profile a contact session row stands for. */
export function contactFromSession(row: ContactSessionRow, tenantId: string): { actor: ContactActor; info: ContactSessionInfo } {
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
    },
  };
}

/** Resolves the actor for the principal the route declares; a staff cookie never opens the portal API, nor the reverse. */
export function authenticate(app: FastifyInstance, d: Deps) {
  // onRequest: an anonymous caller is turned away before its body is even parsed.
  app.addHook("onRequest", async (req) => {
    const policy = req.routeOptions.config?.policy;
    if (!policy) return;
    const principal: Principal = policy.principal;
    req.actor =
      principal === "staff"
        ? await loadStaff(d, req)
        : principal === "contact"
          ? await loadContact(d, req)
          : { kind: "anonymous", tenantId: req.tenantId };
  });
}
