/** Per-account portal setup in the staff console: jobs, portal roles, memberships, ticket lists and settings. */
import type { FastifyInstance } from "fastify";
import { idParams } from "../../../shared/api.js";
import * as t from "../../../shared/tickets-api.js";
import type { AppContext } from "../../app.js";
import { route } from "../route.js";
import { errorResponses, staffOf, staffOnly } from "./helpers.js";

export function jobRoutes(app: FastifyInstance, { services: { accounts, jobs, lookups, portalRoles: roles, settings } }: AppContext) {
  route(app, {
    method: "GET",
    url: "/api/staff/accounts/:id/jobs",
    policy: staffOnly("job.read"),
    schema: { operationId: "listAccountJobs", params: idParams, response: { 200: t.jobListResponse, ...errorResponses } },
    handler: async (req) => jobs.listAccountJobs(staffOf(req), req.params.id),
  });
  route(app, {
    method: "POST",
    url: "/api/staff/accounts/:id/jobs",
    policy: staffOnly("job.manage"),
    idempotent: true,
    schema: { operationId: "createJob", params: idParams, body: t.createJobBody, response: { 200: t.jobDto, ...errorResponses } },
    handler: async (req) => jobs.createJob(staffOf(req), req.params.id, req.body),
  });
  route(app, {
    method: "PATCH",
    url: "/api/staff/jobs/:id",
    policy: staffOnly("job.manage"),
    schema: { operationId: "updateJob", params: idParams, body: t.updateJobBody, response: { 200: t.jobDto, ...errorResponses } },
    handler: async (req) => jobs.updateJob(staffOf(req), req.params.id, req.body),
  });
  route(app, {
    method: "POST",
    url: "/api/staff/jobs/:id/make-default",
    policy: staffOnly("job.manage"),
    schema: { operationId: "makeDefaultJob", params: idParams, response: { 200: t.jobDto, ...errorResponses } },
    handler: async (req) => jobs.setDefaultJob(staffOf(req), req.params.id),
  });
  route(app, {
    method: "GET",
    url: "/api/staff/accounts/:id/contacts",
    policy: staffOnly("account.read"),
    schema: { operationId: "listAccountContacts", params: idParams, response: { 200: t.membershipListResponse, ...errorResponses } },
    handler: async (req) => accounts.listAccountContacts(staffOf(req), req.params.id),
  });
  route(app, {
    method: "PATCH",
    url: "/api/staff/accounts/:id/contacts/:contactId",
    policy: staffOnly("portalAccess.manage"),
    schema: { operationId: "updateAccountContact", params: t.membershipParams, body: t.membershipBody, response: { 200: t.membershipDto, ...errorResponses } },
    handler: async (req) => accounts.updateAccountContact(staffOf(req), req.params.id, req.params.contactId, req.body),
  });
  route(app, {
    method: "GET",
    url: "/api/staff/portal-roles",
    policy: staffOnly("account.read"),
    schema: { operationId: "listPortalRoles", response: { 200: t.portalRoleListResponse, ...errorResponses } },
    handler: async (req) => roles.listPortalRoles(staffOf(req)),
  });
  route(app, {
    method: "POST",
    url: "/api/staff/portal-roles",
    policy: staffOnly("portalRole.manage"),
    idempotent: true,
    schema: { operationId: "createPortalRole", body: t.portalRoleBody, response: { 200: t.portalRoleDto, ...errorResponses } },
    handler: async (req) => roles.savePortalRole(staffOf(req), null, req.body),
  });
  route(app, {
    method: "PUT",
    url: "/api/staff/portal-roles/:id",
    policy: staffOnly("portalRole.manage"),
    schema: { operationId: "updatePortalRole", params: idParams, body: t.portalRoleBody, response: { 200: t.portalRoleDto, ...errorResponses } },
    handler: async (req) => roles.savePortalRole(staffOf(req), req.params.id, req.body),
  });
  route(app, {
    method: "GET",
    url: "/api/staff/lookups",
    policy: staffOnly("ticket.read"),
    schema: { operationId: "listLookups", querystring: t.lookupQuery, response: { 200: t.lookupListResponse, ...errorResponses } },
    handler: async (req) => lookups.listLookups(staffOf(req), req.query),
  });
  route(app, {
    method: "POST",
    url: "/api/staff/lookups",
    policy: staffOnly("lookup.manage"),
    idempotent: true,
    schema: { operationId: "createLookup", body: t.createLookupBody, response: { 200: t.lookupDto, ...errorResponses } },
    handler: async (req) => lookups.createLookup(staffOf(req), req.body),
  });
  route(app, {
    method: "PATCH",
    url: "/api/staff/lookups/:id",
    policy: staffOnly("lookup.manage"),
    schema: { operationId: "updateLookup", params: idParams, body: t.updateLookupBody, response: { 200: t.lookupDto, ...errorResponses } },
    handler: async (req) => lookups.updateLookup(staffOf(req), req.params.id, req.body),
  });
  route(app, {
    method: "GET",
    url: "/api/staff/settings/tickets",
    policy: staffOnly("settings.read"),
    schema: { operationId: "getTicketSettings", response: { 200: t.ticketSettingsDto, ...errorResponses } },
    handler: async (req) => settings.readTicketSettings(staffOf(req)),
  });
  route(app, {
    method: "PATCH",
    url: "/api/staff/settings/tickets",
    policy: staffOnly("settings.update"),
    schema: { operationId: "updateTicketSettings", body: t.updateTicketSettingsBody, response: { 200: t.ticketSettingsDto, ...errorResponses } },
    handler: async (req) => settings.changeTicketSettings(staffOf(req), req.body),
  });
}
