import type { FastifyInstance } from "fastify";
import * as api from "../../../shared/api.js";
import type { AppContext } from "../../app.js";
import { route } from "../route.js";
import { errorResponses, staffOf, staffOnly } from "./helpers.js";

export function accountRoutes(app: FastifyInstance, { services: { accounts } }: AppContext) {
  route(app, {
    method: "GET",
    url: "/api/staff/accounts",
    policy: staffOnly("account.read"),
    schema: { operationId: "listAccounts", querystring: api.accountListQuery, response: { 200: api.accountListResponse, ...errorResponses } },
    handler: async (req) => accounts.listAccounts(staffOf(req), req.query),
  });
  route(app, {
    method: "POST",
    url: "/api/staff/accounts",
    policy: staffOnly("account.create"),
    idempotent: true,
    schema: { operationId: "createAccount", body: api.accountBody, response: { 200: api.accountDto, ...errorResponses } },
    handler: async (req) => accounts.createAccount(staffOf(req), req.body),
  });
  route(app, {
    method: "GET",
    url: "/api/staff/accounts/:id",
    policy: staffOnly("account.read"),
    schema: { operationId: "getAccount", params: api.idParams, response: { 200: api.accountDto, ...errorResponses } },
    handler: async (req) => accounts.getAccount(staffOf(req), req.params.id),
  });
  route(app, {
    method: "PATCH",
    url: "/api/staff/accounts/:id",
    policy: staffOnly("account.update"),
    schema: { operationId: "updateAccount", params: api.idParams, body: api.updateAccountBody, response: { 200: api.accountDto, ...errorResponses } },
    handler: async (req) => accounts.updateAccount(staffOf(req), req.params.id, req.body),
  });
  route(app, {
    method: "POST",
    url: "/api/staff/accounts/:id/archive",
    policy: staffOnly("account.archive"),
    schema: { operationId: "archiveAccount", params: api.idParams, response: { 200: api.accountDto, ...errorResponses } },
    handler: async (req) => accounts.setAccountArchived(staffOf(req), req.params.id, true),
  });
  route(app, {
    method: "POST",
    url: "/api/staff/accounts/:id/restore",
    policy: staffOnly("account.restore"),
    schema: { operationId: "restoreAccount", params: api.idParams, response: { 200: api.accountDto, ...errorResponses } },
    handler: async (req) => accounts.setAccountArchived(staffOf(req), req.params.id, false),
  });
}
