import { answerAfter } from "../../lib/even-timing.js";
import type { FastifyInstance, FastifyRequest } from "fastify";
import * as api from "../../../shared/api.js";
import type { AppContext } from "../../app.js";
import { presentMe } from "../../modules/profile/profile.service.js";
import { clearSessionCookie, requestMeta, sessionToken, setSessionCookie } from "../plugins/auth.js";
import { route } from "../route.js";
import { contactOf, contactOnly, errorResponses, publicRoute } from "./helpers.js";

const linkSent = { ok: true as const, message: "If this address belongs to a portal user, we have emailed them a link. It may take a few minutes to arrive." };

const emailChangeSent = {
  ok: true as const,
  message: "We have emailed the new address. Open the link in that email within 24 hours to confirm the change; until then your current address stays in use.",
};

export function portalRoutes(app: FastifyInstance, { deps: d, services: { portalAuth: auth, profile, sessions, settings } }: AppContext) {
  const me = (req: FastifyRequest) => presentMe(contactOf(req), req.contactSession!);
  const meResponse = { 200: api.portalMe, ...errorResponses };

  route(app, {
    method: "GET",
    url: "/api/portal/info",
    policy: publicRoute,
    schema: { operationId: "getPortalInfo", summary: "Portal name, state and password policy for the login page", response: { 200: api.portalInfo } },
    handler: async (req) => settings.publicPortalInfo(req.actor),
  });
  route(app, {
    method: "POST",
    url: "/api/portal/auth/login",
    policy: publicRoute,
    schema: { operationId: "portalLogin", body: api.portalLoginBody, response: { ...meResponse, 429: api.errorResponse } },
    handler: async (req, reply) => {
      const token = await answerAfter(d.config.AUTH_MIN_RESPONSE_MS, () => auth.login(req.tenantId, req.body, requestMeta(req, d.config, "contact")));
      setSessionCookie(reply, d.config, "contact", token);
      // Load the new session the way every later request will.
      const { actor, info } = await sessions.contactSession(req.tenantId, token);
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
      if (token) await sessions.endSession(req.tenantId, token);
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
      await profile.logoutEverywhere(contactOf(req), req.ip);
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
        await answerAfter(d.config.AUTH_MIN_RESPONSE_MS, () => auth.requestLink(req.tenantId, req.body.email, requestMeta(req, d.config, "contact")));
        return reply.status(202).send(linkSent);
      },
    });
  }
  route(app, {
    method: "POST",
    url: "/api/portal/auth/token-info",
    policy: publicRoute,
    schema: {
      operationId: "getLinkInfo",
      summary: "Whether a set-password link still works, without using it",
      body: api.tokenBody,
      response: { 200: api.tokenInfoResponse, 400: api.errorResponse, 429: api.errorResponse },
    },
    handler: async (req) => auth.tokenInfo(req.tenantId, req.body.token, req.ip),
  });
  route(app, {
    method: "POST",
    url: "/api/portal/auth/set-password",
    policy: publicRoute,
    schema: { operationId: "setPasswordFromLink", body: api.setPasswordBody, response: { 200: api.okResponse, 400: api.errorResponse, 410: api.errorResponse } },
    handler: async (req) => {
      await auth.setPassword(req.tenantId, req.body.token, req.body.password, req.ip);
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
      const { email } = await auth.confirmEmailChange(req.tenantId, req.body.token, req.ip);
      return { ok: true as const, message: `Your email address is now ${email}.` };
    },
  });
  route(app, {
    method: "POST",
    url: "/api/portal/auth/signup",
    policy: publicRoute,
    schema: { operationId: "portalSignup", body: api.signupBody, response: { 202: api.okResponse, ...errorResponses, 429: api.errorResponse } },
    handler: async (req, reply) => {
      await answerAfter(d.config.AUTH_MIN_RESPONSE_MS, () => auth.signup(req.tenantId, req.body, requestMeta(req, d.config, "contact")));
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
      await profile.updateProfile(contactOf(req), req.body);
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
      await profile.changePassword(contactOf(req), req.contactSession!.sessionId, req.body.currentPassword, req.body.newPassword, req.ip);
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
      await profile.requestEmailChange(contactOf(req), req.body, req.ip);
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
      await profile.switchAccount(actor, req.contactSession!.sessionId, req.body.accountId);
      return presentMe({ ...actor, accountId: req.body.accountId }, req.contactSession!);
    },
  });
  route(app, {
    method: "GET",
    url: "/api/portal/contacts",
    policy: contactOnly("portal.contacts.manage"),
    schema: { operationId: "listPortalColleagues", response: { 200: api.colleagueListResponse, ...errorResponses } },
    handler: async (req) => profile.listColleagues(contactOf(req)),
  });
  route(app, {
    method: "POST",
    url: "/api/portal/contacts",
    policy: contactOnly("portal.contacts.manage"),
    idempotent: true,
    schema: { operationId: "addPortalColleague", body: api.createColleagueBody, response: { 200: api.colleagueDto, ...errorResponses } },
    handler: async (req) => profile.addColleague(contactOf(req), req.body),
  });
  route(app, {
    method: "PATCH",
    url: "/api/portal/contacts/:id",
    policy: contactOnly("portal.contacts.manage"),
    schema: { operationId: "updatePortalColleague", params: api.idParams, body: api.updateColleagueBody, response: { 200: api.colleagueDto, ...errorResponses } },
    handler: async (req) => profile.updateColleague(contactOf(req), req.params.id, req.body),
  });
  route(app, {
    method: "POST",
    url: "/api/portal/me/two-factor/setup",
    policy: contactOnly("portal.twoFactor.manage"),
    schema: { operationId: "startTwoFactorSetup", response: { 200: api.twoFactorSetupResponse, ...errorResponses } },
    handler: async (req) => profile.startTwoFactorSetup(contactOf(req)),
  });
  route(app, {
    method: "POST",
    url: "/api/portal/me/two-factor/enable",
    policy: contactOnly("portal.twoFactor.manage"),
    schema: { operationId: "enableTwoFactor", body: api.twoFactorEnableBody, response: { 200: api.recoveryCodesResponse, ...errorResponses } },
    handler: async (req) => profile.enableTwoFactor(contactOf(req), req.body.code, req.ip),
  });
  route(app, {
    method: "POST",
    url: "/api/portal/me/two-factor/disable",
    policy: contactOnly("portal.twoFactor.manage"),
    schema: { operationId: "disableTwoFactor", body: api.twoFactorDisableBody, response: { 200: api.okResponse, ...errorResponses } },
    handler: async (req) => {
      await profile.disableTwoFactor(contactOf(req), req.body.password, req.ip);
      return { ok: true as const };
    },
  });
}
