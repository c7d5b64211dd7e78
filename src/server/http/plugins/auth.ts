import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Config } from "../../config.js";
import type { AppContext } from "../../app.js";
import { AppError, unauthenticated } from "../../errors.js";
import type { ContactSessionInfo } from "../../modules/profile/profile.service.js";
import { SESSION_ABSOLUTE_MS, type RequestMeta } from "../../modules/sessions/sessions.service.js";
import type { Actor, ContactActor, StaffActor } from "../../policy/actors.js";
import { type Action, actsOnAccountInView, type Principal } from "../../policy/policy.js";
import type { ReadAs } from "../../modules/sessions/sessions.service.js";

/** The account the portal page shows, sent by the portal app with each request. */
export const ACCOUNT_HEADER = "x-portico-account";

declare module "fastify" {
  interface FastifyRequest {
    tenantId: string;
    actor: Actor;
    /** Set on contact routes: what the session lookup loaded. */
    contactSession?: ContactSessionInfo;
    /** On routes whose read confirms the session (RoutePolicy `sessionInRead`): the cookie's token. */
    sessionToken?: string;
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

async function loadStaff(c: AppContext, req: FastifyRequest): Promise<StaffActor> {
  const token = sessionToken(req, c.deps.config, "staff");
  if (!token) throw unauthenticated();
  return c.services.sessions.staffSession(req.tenantId, token);
}

async function loadContact(c: AppContext, req: FastifyRequest): Promise<ContactActor> {
  const token = sessionToken(req, c.deps.config, "contact");
  if (!token) throw unauthenticated();
  const { actor, info } = await c.services.sessions.contactSession(req.tenantId, token);
  req.contactSession = info;
  return actor;
}

/** Resolves the actor for the principal the route declares; a staff cookie never opens the portal API, nor the reverse. */
export function authenticate(app: FastifyInstance, c: AppContext) {
  // onRequest: an anonymous caller is turned away before its body is even parsed.
  app.addHook("onRequest", async (req) => {
    const policy = req.routeOptions.config?.policy;
    if (!policy) return;
    const principal: Principal = policy.principal;
    if (policy.sessionInRead && principal !== "public") {
      // The handler's read looks the session up in its own statement (readAs below).
      const token = sessionToken(req, c.deps.config, principal);
      if (!token) throw unauthenticated();
      req.sessionToken = token;
      return;
    }
    req.actor =
      principal === "staff"
        ? await loadStaff(c, req)
        : principal === "contact"
          ? await loadContact(c, req)
          : { kind: "anonymous", tenantId: req.tenantId };
    if (req.actor.kind === "contact") checkAccountInView(req, req.actor, policy.action);
  });
}

/** A contact acts on the account their page shows: when another tab switched it, the request is refused. */
function checkAccountInView(req: FastifyRequest, actor: ContactActor, action: Action | "public") {
  const shown = req.headers[ACCOUNT_HEADER];
  if (typeof shown === "string" && shown !== actor.accountId && actsOnAccountInView(action)) {
    throw new AppError("ACCOUNT_CHANGED", "You switched to another account in another tab or window. Reload this page to continue with the account now in view.");
  }
}

/**
 * For a route with `sessionInRead`: runs the handler's read as the signed-in contact (sessions.service
 * `readAsContact`), and records the confirmed actor on the request as the auth hook does for other routes.
 */
export function asContact(c: AppContext, req: FastifyRequest): ReadAs<ContactActor> {
  return {
    read: (read) =>
      c.services.sessions.readAsContact(req.tenantId, req.sessionToken!, read, (actor, info) => {
        checkAccountInView(req, actor, req.routeOptions.config.policy!.action);
        req.actor = actor;
        req.contactSession = info;
      }),
  };
}
/** …as the signed-in staff user. */
export function asStaff(c: AppContext, req: FastifyRequest): ReadAs<StaffActor> {
  return {
    read: (read) =>
      c.services.sessions.readAsStaff(req.tenantId, req.sessionToken!, read, (actor) => {
        req.actor = actor;
      }),
  };
}
