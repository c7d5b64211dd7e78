import { answerAfter } from "../../lib/even-timing.js";
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import * as api from "../../../shared/api.js";
import type { AppContext } from "../../app.js";
import { clearSessionCookie, requestMeta, sessionToken, setSessionCookie } from "../plugins/auth.js";
import { route } from "../route.js";
import { errorResponses, publicRoute, staffOf, staffOnly } from "./helpers.js";
import { staffActorFrom } from "../../modules/staff/staff.service.js";

const resetLinkSent = {
  ok: true as const,
  message: "If this address belongs to a staff user, we have emailed them a link to choose a new password. It may take a few minutes to arrive.",
};

export function staffRoutes(app: FastifyInstance, { deps: d, services: { staff } }: AppContext) {
  route(app, {
    method: "GET",
    url: "/api/staff/setup",
    policy: publicRoute,
    schema: { operationId: "getSetupStatus", summary: "Does this install still need its first administrator?", response: { 200: api.setupStatusResponse } },
    handler: async (req) => ({ needed: await staff.setupNeeded(req.tenantId) }),
  });
  route(app, {
    method: "POST",
    url: "/api/staff/setup",
    policy: publicRoute,
    schema: { operationId: "createFirstAdministrator", body: api.setupBody, response: { 200: api.staffMe, ...errorResponses, 410: api.errorResponse } },
    handler: async (req, reply) => {
      const { staffId, token } = await staff.createFirstAdmin(req.tenantId, req.body, requestMeta(req, d.config, "staff"));
      setSessionCookie(reply, d.config, "staff", token!);
      const actor = staffActorFrom({ staffId, name: req.body.name, permissions: ["admin"] }, req.tenantId);
      return staff.staffMe(actor);
    },
  });
  route(app, {
    method: "POST",
    url: "/api/staff/auth/login",
    policy: publicRoute,
    schema: { operationId: "staffLogin", body: api.staffLoginBody, response: { 200: api.staffMe, ...errorResponses, 429: api.errorResponse } },
    handler: async (req, reply) => {
      const { token, staffId } = await answerAfter(d.config.AUTH_MIN_RESPONSE_MS, () =>
        staff.staffLogin(req.tenantId, req.body.email, req.body.password, requestMeta(req, d.config, "staff")),
      );
      setSessionCookie(reply, d.config, "staff", token);
      return staff.staffMe(staffActorFrom({ staffId, name: "", permissions: [] }, req.tenantId));
    },
  });
  route(app, {
    method: "POST",
    url: "/api/staff/auth/forgot",
    policy: publicRoute,
    schema: {
      operationId: "staffForgotPassword",
      summary: "Emails a staff member a password reset link; the answer is the same for every address",
      body: api.forgotBody,
      response: { 202: api.okResponse, 400: api.errorResponse, 429: api.errorResponse },
    },
    handler: async (req, reply) => {
      await answerAfter(d.config.AUTH_MIN_RESPONSE_MS, () => staff.requestStaffReset(req.tenantId, req.body.email, requestMeta(req, d.config, "staff")));
      return reply.status(202).send(resetLinkSent);
    },
  });
  route(app, {
    method: "POST",
    url: "/api/staff/auth/link-info",
    policy: publicRoute,
    schema: {
      operationId: "getStaffLinkInfo",
      summary: "Whether a staff setup or reset link still works, without using it",
      body: api.tokenBody,
      response: { 200: api.staffLinkInfoResponse, 400: api.errorResponse, 429: api.errorResponse },
    },
    handler: async (req) => staff.checkStaffLink(req.tenantId, req.body.token, req.ip),
  });
  route(app, {
    method: "POST",
    url: "/api/staff/auth/reset-password",
    policy: publicRoute,
    schema: {
      operationId: "resetStaffPassword",
      summary: "Sets a staff member's new password by their reset link, once; their sessions end",
      body: api.setPasswordBody,
      response: { 200: api.okResponse, 400: api.errorResponse, 410: api.errorResponse, 429: api.errorResponse },
    },
    handler: async (req) => {
      await staff.resetStaffPassword(req.tenantId, req.body.token, req.body.password, req.ip);
      return { ok: true as const, message: "Your new password is set. Sign in with it." };
    },
  });
  route(app, {
    method: "POST",
    url: "/api/staff/auth/logout",
    policy: staffOnly("staff.session.end"),
    schema: { operationId: "staffLogout", response: { 200: api.okResponse, ...errorResponses } },
    handler: async (req, reply) => {
      await staff.endStaffSession(staffOf(req), sessionToken(req, d.config, "staff"));
      clearSessionCookie(reply, d.config, "staff");
      return { ok: true as const };
    },
  });
  route(app, {
    method: "GET",
    url: "/api/staff/me",
    policy: staffOnly("staff.me"),
    schema: { operationId: "getStaffMe", response: { 200: api.staffMe, ...errorResponses } },
    handler: async (req) => staff.staffMe(staffOf(req)),
  });
  route(app, {
    method: "GET",
    url: "/api/staff/options",
    policy: staffOnly("staff.options.read"),
    schema: { operationId: "listStaffOptions", summary: "Staff members a ticket or job form may pick", response: { 200: api.staffOptions, ...errorResponses } },
    handler: async (req) => staff.listStaffOptions(staffOf(req)),
  });
  route(app, {
    method: "GET",
    url: "/api/staff/users",
    policy: staffOnly("staff.manage"),
    schema: { operationId: "listStaffUsers", response: { 200: api.staffUserListResponse, ...errorResponses } },
    handler: async (req) => staff.listStaffUsers(staffOf(req)),
  });
  route(app, {
    method: "POST",
    url: "/api/staff/users",
    policy: staffOnly("staff.manage"),
    idempotent: true,
    schema: { operationId: "createStaffUser", body: api.createStaffUserBody, response: { 200: api.staffUser, ...errorResponses } },
    handler: async (req) => staff.createStaffUser(staffOf(req), req.body),
  });
  route(app, {
    method: "PATCH",
    url: "/api/staff/users/:id",
    policy: staffOnly("staff.manage"),
    schema: { operationId: "updateStaffUser", params: api.idParams, body: api.updateStaffUserBody, response: { 200: api.staffUser, ...errorResponses } },
    handler: async (req) => staff.updateStaffUser(staffOf(req), req.params.id, req.body),
  });
  route(app, {
    method: "GET",
    url: "/api/staff/roles",
    policy: staffOnly("staff.manage"),
    schema: { operationId: "listStaffRoles", response: { 200: z.object({ items: z.array(api.staffRole) }), ...errorResponses } },
    handler: async (req) => staff.listStaffRoles(staffOf(req)),
  });
  route(app, {
    method: "POST",
    url: "/api/staff/roles",
    policy: staffOnly("staff.manage"),
    idempotent: true,
    schema: { operationId: "createStaffRole", body: api.staffRoleBody, response: { 200: api.staffRole, ...errorResponses } },
    handler: async (req) => staff.saveStaffRole(staffOf(req), null, req.body),
  });
  route(app, {
    method: "PATCH",
    url: "/api/staff/roles/:id",
    policy: staffOnly("staff.manage"),
    schema: { operationId: "updateStaffRole", params: api.idParams, body: api.staffRoleBody, response: { 200: api.staffRole, ...errorResponses } },
    handler: async (req) => staff.saveStaffRole(staffOf(req), req.params.id, req.body),
  });
}
