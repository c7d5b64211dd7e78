import { answerAfter } from "../../lib/even-timing.js";
import type { FastifyInstance, FastifyRequest } from "fastify";
import * as api from "../../../shared/api.js";
import type { Deps } from "../../deps.js";
import { hashToken } from "../../lib/tokens.js";
import * as auth from "../../modules/portal-access/portal-auth.service.js";
import * as profile from "../../modules/profile/profile.service.js";
import { deleteSession, findContactSession } from "../../modules/sessions/sessions.repo.js";
import { SESSION_IDLE_MS } from "../../modules/sessions/sessions.service.js";
import * as settings from "../../modules/tenants/settings.service.js";
import { AppError } from "../../errors.js";
import { clearSessionCookie, contactFromSession, requestMeta, sessionToken, setSessionCookie } from "../plugins/auth.js";
import { route } from "../route.js";
import { contactOf, contactOnly, errorResponses, publicRoute } from "./helpers.js";

const linkSent = { ok: true as const, message: "If this address belongs to a portal user, we have emailed them a link. It may take a few minutes to arrive." };

const emailChangeSent = {
  ok: true as const,
  message: "We have emailed the new address. Open the link in that email within 24 hours to confirm the change; until then your current address stays in use.",
};

export function portalRoutes(app: FastifyInstance, d: Deps) {
  const me = (req: FastifyRequest) => profile.presentMe(contactOf(req), req.contactSession!);
  const meResponse = { 200: api.portalMe, ...errorResponses };

  route(app, {
    method: "GET",
    url: "/api/portal/info",
    policy: publicRoute,
    schema: { operationId: "getPortalInfo", summary: "Portal name, state and password policy for the login page", response: { 200: api.portalInfo } },
    handler: async (req) => settings.publicPortalInfo(d, req.actor),
  });
  route(app, {
    method: "POST",
    url: "/api/portal/auth/login",
    policy: publicRoute,
    schema: { operationId: "portalLogin", body: api.portalLoginBody, response: { ...meResponse, 429: api.errorResponse } },
    handler: async (req, reply) => {
      const token = await answerAfter(d.config.AUTH_MIN_RESPONSE_MS, () => auth.login(d, req.tenantId, req.body, requestMeta(req, d.config, "contact")));
      setSessionCookie(reply, d.config, "contact", token);
      // Load the new session the way every later request will.
      const now = d.clock();
      const row = await findContactSession(d.db, req.tenantId, hashToken(token), now, new Date(now.getTime() - SESSION_IDLE_MS));
      if (!row) throw new AppError("UNAUTHENTICATED", "Please sign in");
      const { actor, info } = contactFromSession(row, req.tenantId);
      req.actor = actor;
      req.contactSession = info;
      return me(req);
    },
  });
  route(app, {
    method: "POST",
    url: "/api/portal/auth/logout",
    policy: publicRoute,
    schema: { operationId: "portalLogout", response: { 200: api.okResponse } },
    handler: async (req, reply) => {
      const token = sessionToken(req, d.config, "contact");
      if (token) await deleteSession(d.db, req.tenantId, hashToken(token));
      clearSessionCookie(reply, d.config, "contact");
      return { ok: true as const };
    },
  });
  route(app, {
    method: "POST",
    url: "/api/portal/auth/logout-everywhere",
    policy: contactOnly("portal.session.end"),
    schema: { operationId: "portalLogoutEverywhere", response: { 200: api.okResponse, ...errorResponses } },
    handler: async (req, reply) => {
      await profile.logoutEverywhere(d, contactOf(req), req.ip);
      clearSessionCookie(reply, d.config, "contact");
      return { ok: true as const };
    },
  });
  for (const [path, operationId] of [["forgot", "forgotPassword"], ["resend-activation", "resendActivationSelf"]] as const) {
    route(app, {
      method: "POST",
      url: `/api/portal/auth/${path}`,
      policy: publicRoute,
      schema: { operationId, body: api.forgotBody, response: { 202: api.okResponse, 400: api.errorResponse, 429: api.errorResponse } },
      handler: async (req, reply) => {
        await answerAfter(d.config.AUTH_MIN_RESPONSE_MS, () => auth.requestLink(d, req.tenantId, req.body.email, requestMeta(req, d.config, "contact")));
        return reply.status(202).send(linkSent);
      },
    });
  }
  route(app, {
    method: "POST",
    url: "/api/portal/auth/token-info",
    policy: publicRoute,
    schema: { operationId: "getLinkInfo", body: api.tokenBody, response: { 200: api.tokenInfoResponse, 400: api.errorResponse } },
    handler: async (req) => auth.tokenInfo(d, req.tenantId, req.body.token),
  });
  route(app, {
    method: "POST",
    url: "/api/portal/auth/set-password",
    policy: publicRoute,
    schema: { operationId: "setPasswordFromLink", body: api.setPasswordBody, response: { 200: api.okResponse, 400: api.errorResponse, 410: api.errorResponse } },
    handler: async (req) => {
      await auth.setPassword(d, req.tenantId, req.body.token, req.body.password, req.ip);
      return { ok: true as const, message: "Your password is set. You can sign in now." };
    },
  });
  route(app, {
    method: "POST",
    url: "/api/portal/auth/confirm-email",
    policy: publicRoute,
    schema: {
      operationId: "confirmEmailChange",
      summary: "Makes the address a confirmation link was sent to the contact's email (SET-1)",
      body: api.tokenBody,
      response: { 200: api.okResponse, 400: api.errorResponse, 409: api.errorResponse, 410: api.errorResponse },
    },
    handler: async (req) => {
      const { email } = await auth.confirmEmailChange(d, req.tenantId, req.body.token, req.ip);
      return { ok: true as const, message: `Your email address is now ${email}.` };
    },
  });
  route(app, {
    method: "POST",
    url: "/api/portal/auth/signup",
    policy: publicRoute,
    schema: { operationId: "portalSignup", body: api.signupBody, response: { 202: api.okResponse, ...errorResponses, 429: api.errorResponse } },
    handler: async (req, reply) => {
      await answerAfter(d.config.AUTH_MIN_RESPONSE_MS, () => auth.signup(d, req.tenantId, req.body, requestMeta(req, d.config, "contact")));
      return reply.status(202).send({ ok: true as const, message: "Thank you. We will email you when your access is ready." });
    },
  });

  route(app, {
    method: "GET",
    url: "/api/portal/me",
    policy: contactOnly("portal.me.read"),
    schema: { operationId: "getPortalMe", response: meResponse },
    handler: async (req) => me(req),
  });
  route(app, {
    method: "PATCH",
    url: "/api/portal/me",
    policy: contactOnly("portal.me.update"),
    schema: { operationId: "updatePortalProfile", body: api.updateProfileBody, response: meResponse },
    handler: async (req) => {
      await profile.updateProfile(d, contactOf(req), req.body);
      const s = req.contactSession!;
      req.contactSession = { ...s, ...req.body, timeZone: req.body.timeZone === undefined ? s.timeZone : req.body.timeZone };
      return me(req);
    },
  });
  route(app, {
    method: "POST",
    url: "/api/portal/me/password",
    policy: contactOnly("portal.password.change"),
    schema: { operationId: "changePortalPassword", body: api.changePasswordBody, response: { 200: api.okResponse, ...errorResponses } },
    handler: async (req) => {
      await profile.changePassword(d, contactOf(req), req.contactSession!.sessionId, req.body.currentPassword, req.body.newPassword, req.ip);
      return { ok: true as const, message: "Password changed. Your other sessions were signed out." };
    },
  });
  route(app, {
    method: "POST",
    url: "/api/portal/me/email",
    policy: contactOnly("portal.me.update"),
    schema: {
      operationId: "requestPortalEmailChange",
      summary: "Emails a confirmation link to a new address; the email changes when it is opened (SET-1)",
      body: api.changeEmailBody,
      response: { 202: api.okResponse, ...errorResponses, 429: api.errorResponse },
    },
    handler: async (req, reply) => {
      await profile.requestEmailChange(d, contactOf(req), req.body, req.ip);
      // The same answer whether or not the address is free: it never tells who else uses it.
      return reply.status(202).send(emailChangeSent);
    },
  });
  route(app, {
    method: "POST",
    url: "/api/portal/me/switch-account",
    policy: contactOnly("portal.account.switch"),
    schema: { operationId: "switchPortalAccount", body: api.switchAccountBody, response: meResponse },
    handler: async (req) => {
      const actor = contactOf(req);
      await profile.switchAccount(d, actor, req.contactSession!.sessionId, req.body.accountId);
      return profile.presentMe({ ...actor, accountId: req.body.accountId }, req.contactSession!);
    },
  });
  route(app, {
    method: "GET",
    url: "/api/portal/contacts",
    policy: contactOnly("portal.contacts.manage"),
    schema: { operationId: "listPortalColleagues", response: { 200: api.colleagueListResponse, ...errorResponses } },
    handler: async (req) => profile.listColleagues(d, contactOf(req)),
  });
  route(app, {
    method: "POST",
    url: "/api/portal/contacts",
    policy: contactOnly("portal.contacts.manage"),
    idempotent: true,
    schema: { operationId: "addPortalColleague", body: api.createColleagueBody, response: { 200: api.colleagueDto, ...errorResponses } },
    handler: async (req) => profile.addColleague(d, contactOf(req), req.body),
  });
  route(app, {
    method: "PATCH",
    url: "/api/portal/contacts/:id",
    policy: contactOnly("portal.contacts.manage"),
    schema: { operationId: "updatePortalColleague", params: api.idParams, body: api.updateColleagueBody, response: { 200: api.colleagueDto, ...errorResponses } },
    handler: async (req) => profile.updateColleague(d, contactOf(req), req.params.id, req.body),
  });
  route(app, {
    method: "POST",
    url: "/api/portal/me/two-factor/setup",
    policy: contactOnly("portal.twoFactor.manage"),
    schema: { operationId: "startTwoFactorSetup", response: { 200: api.twoFactorSetupResponse, ...errorResponses } },
    handler: async (req) => profile.startTwoFactorSetup(d, contactOf(req)),
  });
  route(app, {
    method: "POST",
    url: "/api/portal/me/two-factor/enable",
    policy: contactOnly("portal.twoFactor.manage"),
    schema: { operationId: "enableTwoFactor", body: api.twoFactorEnableBody, response: { 200: api.recoveryCodesResponse, ...errorResponses } },
    handler: async (req) => profile.enableTwoFactor(d, contactOf(req), req.body.code, req.ip),
  });
  route(app, {
    method: "POST",
    url: "/api/portal/me/two-factor/disable",
    policy: contactOnly("portal.twoFactor.manage"),
    schema: { operationId: "disableTwoFactor", body: api.twoFactorDisableBody, response: { 200: api.okResponse, ...errorResponses } },
    handler: async (req) => {
      await profile.disableTwoFactor(d, contactOf(req), req.body.password, req.ip);
      return { ok: true as const };
    },
  });
}
