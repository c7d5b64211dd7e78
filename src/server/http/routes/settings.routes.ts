import type { FastifyInstance } from "fastify";
import { z } from "zod";
import * as api from "../../../shared/api.js";
import type { Deps } from "../../deps.js";
import * as emailLog from "../../modules/email/email-log.service.js";
import * as settings from "../../modules/tenants/settings.service.js";
import { route } from "../route.js";
import { errorResponses, staffOf, staffOnly } from "./helpers.js";

export function settingsRoutes(app: FastifyInstance, d: Deps) {
  route(app, {
    method: "GET",
    url: "/api/staff/settings/portal",
    policy: staffOnly("settings.read"),
    schema: { operationId: "getPortalSettings", response: { 200: api.portalSettingsDto, ...errorResponses } },
    handler: async (req) => settings.readPortalSettings(d, staffOf(req)),
  });
  route(app, {
    method: "PATCH",
    url: "/api/staff/settings/portal",
    policy: staffOnly("settings.update"),
    schema: { operationId: "updatePortalSettings", body: api.updatePortalSettingsBody, response: { 200: api.portalSettingsDto, ...errorResponses } },
    handler: async (req) => settings.changePortalSettings(d, staffOf(req), req.body),
  });
  route(app, {
    method: "GET",
    url: "/api/staff/emails",
    policy: staffOnly("emailLog.read"),
    schema: { operationId: "listEmails", querystring: api.emailLogQuery, response: { 200: api.emailLogResponse, ...errorResponses } },
    handler: async (req) => emailLog.listEmailLog(d, staffOf(req), req.query),
  });
  route(app, {
    method: "GET",
    url: "/api/staff/emails/:id",
    policy: staffOnly("emailLog.read"),
    schema: {
      operationId: "getEmail",
      params: z.object({ id: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER) }).strict(),
      response: { 200: api.emailDetail, ...errorResponses },
    },
    handler: async (req) => emailLog.readEmail(d, staffOf(req), req.params.id),
  });
}
