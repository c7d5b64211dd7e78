import type { FastifyInstance } from "fastify";
import * as api from "../../../shared/api.js";
import type { AppContext } from "../../app.js";
import type { StaffActor } from "../../policy/actors.js";
import { asStaff } from "../plugins/auth.js";
import { route } from "../route.js";
import { errorResponses, staffOf, staffOnly } from "./helpers.js";

export function contactRoutes(app: FastifyInstance, c: AppContext) {
  const { contacts, portalAccess: access } = c.services;
  const r = { 200: api.contactDto, ...errorResponses };
  route(app, {
    method: "GET",
    url: "/api/staff/contacts",
    policy: { ...staffOnly("contact.read"), sessionInRead: true },
    schema: { operationId: "listContacts", querystring: api.contactListQuery, response: { 200: api.contactListResponse, ...errorResponses } },
    handler: async (req) => contacts.listContacts(asStaff(c, req), req.query),
  });
  route(app, {
    method: "POST",
    url: "/api/staff/contacts",
    policy: staffOnly("contact.create"),
    idempotent: true,
    schema: { operationId: "createContact", body: api.contactBody, response: r },
    handler: async (req) => contacts.createContact(staffOf(req), req.body),
  });
  route(app, {
    method: "GET",
    url: "/api/staff/contacts/:id",
    policy: staffOnly("contact.read"),
    schema: { operationId: "getContact", params: api.idParams, response: r },
    handler: async (req) => contacts.getContact(staffOf(req), req.params.id),
  });
  route(app, {
    method: "PATCH",
    url: "/api/staff/contacts/:id",
    policy: staffOnly("contact.update"),
    schema: { operationId: "updateContact", params: api.idParams, body: api.updateContactBody, response: r },
    handler: async (req) => contacts.updateContact(staffOf(req), req.params.id, req.body),
  });
  for (const [verb, archive] of [["archive", true], ["restore", false]] as const) {
    route(app, {
      method: "POST",
      url: `/api/staff/contacts/:id/${verb}`,
      policy: staffOnly(archive ? "contact.archive" : "contact.restore"),
      schema: { operationId: `${verb}Contact`, params: api.idParams, response: r },
      handler: async (req) => contacts.setContactArchived(staffOf(req), req.params.id, archive),
    });
  }

  // ----- the portal-access panel on a contact -----
  route(app, {
    method: "GET",
    url: "/api/staff/contacts/:id/portal-access/username-suggestion",
    policy: staffOnly("portalAccess.manage"),
    schema: { operationId: "suggestPortalUsername", params: api.idParams, response: { 200: api.usernameSuggestionResponse, ...errorResponses } },
    handler: async (req) => access.suggestUsername(staffOf(req), req.params.id),
  });
  route(app, {
    method: "POST",
    url: "/api/staff/contacts/:id/portal-access",
    policy: staffOnly("portalAccess.manage"),
    idempotent: true,
    schema: { operationId: "grantPortalAccess", params: api.idParams, body: api.grantAccessBody, response: r },
    handler: async (req) => access.grantAccess(staffOf(req), req.params.id, req.body, req.ip),
  });
  // Actions on a contact's portal access that take no body and answer with the contact.
  const actionRoutes = [
    ["POST", "resend-activation", "resendActivation", (a, id, ip) => access.sendLink(a, id, "activation", ip)],
    ["POST", "reset-password", "startPasswordReset", (a, id, ip) => access.sendLink(a, id, "reset_staff", ip)],
    ["POST", "send-login", "sendLogin", (a, id, ip) => access.sendLink(a, id, "send_login", ip)],
    ["POST", "disable", "disablePortalAccess", (a, id, ip) => access.endAccess(a, id, "disable", ip)],
    ["DELETE", "", "revokePortalAccess", (a, id, ip) => access.endAccess(a, id, "revoke", ip)],
    ["POST", "enable", "enablePortalAccess", (a, id, ip) => access.enableAccess(a, id, ip)],
    ["POST", "unlock", "unlockPortalAccess", (a, id, ip) => access.unlock(a, id, ip)],
  ] as const satisfies readonly (readonly ["POST" | "DELETE", string, string, (a: StaffActor, id: string, ip: string) => Promise<unknown>])[];
  for (const [method, path, operationId, run] of actionRoutes) {
    route(app, {
      method,
      url: `/api/staff/contacts/:id/portal-access${path ? `/${path}` : ""}`,
      policy: staffOnly("portalAccess.manage"),
      schema: { operationId, params: api.idParams, response: r },
      handler: async (req) => run(staffOf(req), req.params.id, req.ip),
    });
  }
  route(app, {
    method: "PUT",
    url: "/api/staff/contacts/:id/portal-access/username",
    policy: staffOnly("portalAccess.manage"),
    schema: { operationId: "changePortalUsername", params: api.idParams, body: api.changeUsernameBody, response: r },
    handler: async (req) => access.changeUsername(staffOf(req), req.params.id, req.body.username, req.ip),
  });
  route(app, {
    method: "POST",
    url: "/api/staff/contacts/:id/signup/approve",
    policy: staffOnly("portalAccess.manage"),
    schema: { operationId: "approveSignup", params: api.idParams, body: api.approveSignupBody, response: r },
    handler: async (req) => access.decideSignup(staffOf(req), req.params.id, req.body, req.ip),
  });
  route(app, {
    method: "POST",
    url: "/api/staff/contacts/:id/signup/reject",
    policy: staffOnly("portalAccess.manage"),
    schema: { operationId: "rejectSignup", params: api.idParams, response: r },
    handler: async (req) => access.decideSignup(staffOf(req), req.params.id, "reject", req.ip),
  });
  route(app, {
    method: "GET",
    url: "/api/staff/contacts/:id/portal-history",
    policy: staffOnly("portalAccess.history"),
    schema: { operationId: "getPortalHistory", params: api.idParams, response: { 200: api.portalHistoryResponse, ...errorResponses } },
    handler: async (req) => access.history(staffOf(req), req.params.id),
  });
  route(app, {
    method: "POST",
    url: "/api/staff/portal-access/batch-grant",
    policy: staffOnly("portalAccess.manage"),
    idempotent: true,
    schema: { operationId: "batchGrantPortalAccess", body: api.batchGrantBody, response: { 200: api.batchGrantResponse, ...errorResponses } },
    handler: async (req) => access.batchGrant(staffOf(req), req.body, req.ip),
  });
}
