/** Customer approval of work (APR-1…APR-5): the staff approval screen and the portal's approvals inbox. */
import type { FastifyInstance } from "fastify";
import { idParams } from "../../../shared/api.js";
import * as a from "../../../shared/approvals-api.js";
import type { AppContext } from "../../app.js";
import { route } from "../route.js";
import { pdfResponses, sendPdf } from "./files.js";
import { contactOf, contactOnly, errorResponses, staffOf, staffOnly } from "./helpers.js";

export function approvalRoutes(app: FastifyInstance, { services: { approvals } }: AppContext) {
  route(app, {
    method: "GET",
    url: "/api/staff/approvals",
    policy: staffOnly("approval.read"),
    schema: { operationId: "listApprovalJobs", querystring: a.approvalJobQuery, response: { 200: a.approvalJobListResponse, ...errorResponses } },
    handler: async (req) => approvals.listJobs(staffOf(req), req.query),
  });
  route(app, {
    method: "GET",
    url: "/api/staff/approvals/jobs/:id",
    policy: staffOnly("approval.read"),
    schema: { operationId: "getApprovalJob", params: idParams, response: { 200: a.approvalJobDetail, ...errorResponses } },
    handler: async (req) => approvals.getJob(staffOf(req), req.params.id),
  });
  route(app, {
    method: "POST",
    url: "/api/staff/approvals/send",
    policy: staffOnly("approval.send"),
    idempotent: true,
    schema: { operationId: "sendApprovalRequests", body: a.sendApprovalsBody, response: { 200: a.sendApprovalsResponse, ...errorResponses } },
    handler: async (req) => approvals.send(staffOf(req), req.body),
  });
  route(app, {
    method: "POST",
    url: "/api/staff/approval-requests/:id/reopen",
    policy: staffOnly("approval.reopen"),
    schema: { operationId: "reopenApprovedWork", params: idParams, body: a.reopenApprovalBody, response: { 200: a.approvalJobDetail, ...errorResponses } },
    handler: async (req) => approvals.reopen(staffOf(req), req.params.id, req.body.reason),
  });
  route(app, {
    method: "GET",
    url: "/api/staff/approval-requests/:id/statement.pdf",
    policy: staffOnly("approval.read"),
    schema: { operationId: "downloadApprovalStatement", params: idParams, response: pdfResponses("The statement") },
    handler: async (req, reply) => {
      return sendPdf(reply, await approvals.statementPdf(staffOf(req), req.params.id));
    },
  });

  route(app, {
    method: "GET",
    url: "/api/portal/approvals",
    policy: contactOnly("portal.approval.list"),
    schema: { operationId: "listPortalApprovals", querystring: a.portalApprovalQuery, response: { 200: a.portalApprovalListResponse, ...errorResponses } },
    handler: async (req) => approvals.listInbox(contactOf(req), req.query.state),
  });
  route(app, {
    method: "GET",
    url: "/api/portal/approvals/:id",
    policy: contactOnly("portal.approval.read"),
    schema: { operationId: "getPortalApproval", params: idParams, response: { 200: a.portalApprovalDto, ...errorResponses } },
    handler: async (req) => approvals.getForPortal(contactOf(req), req.params.id),
  });
  route(app, {
    method: "POST",
    url: "/api/portal/approvals/answers",
    policy: contactOnly("portal.approval.list"),
    schema: { operationId: "answerPortalApprovals", body: a.answerApprovalsBody, response: { 200: a.answerApprovalsResponse, ...errorResponses } },
    handler: async (req) => approvals.answer(contactOf(req), req.body, { ip: req.ip, userAgent: req.headers["user-agent"] ?? null }),
  });
}
