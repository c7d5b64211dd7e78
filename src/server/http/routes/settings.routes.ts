import type { FastifyInstance } from "fastify";
import { z } from "zod";
import * as api from "../../../shared/api.js";
import type { AppContext } from "../../app.js";
import { route } from "../route.js";
import { errorResponses, staffOf, staffOnly } from "./helpers.js";

export function settingsRoutes(app: FastifyInstance, { services: { settings, emailLog, gettingStarted } }: AppContext) {
  route(app, {
    method: "GET",
    url: "/api/staff/settings/portal",
    policy: staffOnly("settings.read"),
    schema: { operationId: "getPortalSettings", response: { 200: api.portalSettingsDto, ...errorResponses } },
    handler: async (req) => settings.readPortalSettings(staffOf(req)),
  });
  route(app, {
    method: "PATCH",
    url: "/api/staff/settings/portal",
    policy: staffOnly("settings.update"),
    schema: { operationId: "updatePortalSettings", body: api.updatePortalSettingsBody, response: { 200: api.portalSettingsDto, ...errorResponses } },
    handler: async (req) => settings.changePortalSettings(staffOf(req), req.body),
  });
  route(app, {
    method: "GET",
    url: "/api/staff/emails",
    policy: staffOnly("emailLog.read"),
    schema: { operationId: "listEmails", querystring: api.emailLogQuery, response: { 200: api.emailLogResponse, ...errorResponses } },
    handler: async (req) => emailLog.listEmailLog(staffOf(req), req.query),
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
    handler: async (req) => emailLog.readEmail(staffOf(req), req.params.id),
  });
  route(app, {
    method: "GET",
    url: "/api/staff/getting-started",
    policy: staffOnly("settings.read"),
    schema: { operationId: "getGettingStarted", response: { 200: api.gettingStartedDto, ...errorResponses } },
    handler: async (req) => gettingStarted.gettingStarted(staffOf(req)),
  });
}
