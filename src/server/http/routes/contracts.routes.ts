/** Contracts (CON-1): staff list, read, create and change them and link jobs; the portal reads the account's. */
import type { FastifyInstance } from "fastify";
import { idParams } from "../../../shared/api.js";
import * as c from "../../../shared/contracts-api.js";
import type { AppContext } from "../../app.js";
import { route } from "../route.js";
import { contactOf, contactOnly, errorResponses, staffOf, staffOnly } from "./helpers.js";

export function contractRoutes(app: FastifyInstance, { services: { contracts } }: AppContext) {
  route(app, {
    method: "GET",
    url: "/api/staff/contracts",
    policy: staffOnly("contract.read"),
    schema: { operationId: "listContracts", querystring: c.contractListQuery, response: { 200: c.contractListResponse, ...errorResponses } },
    handler: async (req) => contracts.list(staffOf(req), req.query),
  });
  route(app, {
    method: "POST",
    url: "/api/staff/contracts",
    policy: staffOnly("contract.manage"),
    idempotent: true,
    schema: { operationId: "createContract", body: c.createContractBody, response: { 200: c.contractDto, ...errorResponses } },
    handler: async (req) => contracts.create(staffOf(req), req.body),
  });
  route(app, {
    method: "GET",
    url: "/api/staff/contracts/:id",
    policy: staffOnly("contract.read"),
    schema: { operationId: "getContract", params: idParams, response: { 200: c.contractDto, ...errorResponses } },
    handler: async (req) => contracts.get(staffOf(req), req.params.id),
  });
  route(app, {
    method: "PATCH",
    url: "/api/staff/contracts/:id",
    policy: staffOnly("contract.manage"),
    schema: { operationId: "updateContract", params: idParams, body: c.updateContractBody, response: { 200: c.contractDto, ...errorResponses } },
    handler: async (req) => contracts.update(staffOf(req), req.params.id, req.body),
  });
  route(app, {
    method: "PUT",
    url: "/api/staff/contracts/:id/jobs/:jobId",
    policy: staffOnly("contract.manage"),
    schema: { operationId: "linkContractJob", params: c.contractJobParams, response: { 200: c.contractDto, ...errorResponses } },
    handler: async (req) => contracts.linkJob(staffOf(req), req.params.id, req.params.jobId),
  });
  route(app, {
    method: "DELETE",
    url: "/api/staff/contracts/:id/jobs/:jobId",
    policy: staffOnly("contract.manage"),
    schema: { operationId: "unlinkContractJob", params: c.contractJobParams, response: { 200: c.contractDto, ...errorResponses } },
    handler: async (req) => contracts.unlinkJob(staffOf(req), req.params.id, req.params.jobId),
  });

  route(app, {
    method: "GET",
    url: "/api/portal/contracts",
    policy: contactOnly("portal.contract.list"),
    schema: { operationId: "listPortalContracts", response: { 200: c.portalContractListResponse, ...errorResponses } },
    handler: async (req) => contracts.listPortal(contactOf(req)),
  });
  route(app, {
    method: "GET",
    url: "/api/portal/contracts/:id",
    policy: contactOnly("portal.contract.read"),
    schema: { operationId: "getPortalContract", params: idParams, response: { 200: c.portalContractDto, ...errorResponses } },
    handler: async (req) => contracts.getPortal(contactOf(req), req.params.id),
  });
}
