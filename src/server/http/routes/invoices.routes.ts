/** Invoices (INV-1): the staff console's invoices and the company logo they print, and the portal's invoices. */
import type { FastifyInstance, FastifyReply } from "fastify";
import { z } from "zod";
import { idParams, okResponse } from "../../../shared/api.js";
import * as i from "../../../shared/invoices-api.js";
import type { AppContext } from "../../app.js";
import { route } from "../route.js";
import { oneFile, pdfResponses, sendPdf } from "./files.js";
import { contactOf, contactOnly, errorResponses, staffOf, staffOnly } from "./helpers.js";

const pdfResponse = pdfResponses("The invoice as a PDF");
const pngResponse = {
  200: z.string().meta({ description: "The logo (PNG)", content: { "image/png": { schema: { type: "string", format: "binary" } } } }),
  ...errorResponses,
};

const sendPng = (reply: FastifyReply, png: Buffer) =>
  reply.header("Content-Type", "image/png").header("X-Content-Type-Options", "nosniff").header("Content-Security-Policy", "sandbox; default-src 'none'").header("Cache-Control", "no-store").send(png);

const accountParams = z.object({ id: z.string().uuid("is not a valid id") }).strict();

export function invoiceRoutes(app: FastifyInstance, { services: { invoices, companyLogo } }: AppContext) {
  // ----- staff -----
  route(app, {
    method: "GET",
    url: "/api/staff/invoices",
    policy: staffOnly("invoice.read"),
    schema: { operationId: "listInvoices", querystring: i.invoiceListQuery, response: { 200: i.invoiceListResponse, ...errorResponses } },
    handler: async (req) => invoices.list(staffOf(req), req.query),
  });
  route(app, {
    method: "POST",
    url: "/api/staff/invoices",
    policy: staffOnly("invoice.manage"),
    idempotent: true,
    schema: { operationId: "createInvoice", body: i.createInvoiceBody, response: { 200: i.staffInvoiceDto, ...errorResponses } },
    handler: async (req) => invoices.create(staffOf(req), req.body),
  });
  route(app, {
    method: "POST",
    url: "/api/staff/invoices/from-approvals",
    policy: staffOnly("invoice.manage"),
    idempotent: true,
    schema: { operationId: "createInvoiceFromApprovals", body: i.createFromApprovalsBody, response: { 200: i.staffInvoiceDto, ...errorResponses } },
    handler: async (req) => invoices.createFromApprovals(staffOf(req), req.body),
  });
  route(app, {
    method: "GET",
    url: "/api/staff/invoices/:id",
    policy: staffOnly("invoice.read"),
    schema: { operationId: "getInvoice", params: idParams, response: { 200: i.staffInvoiceDto, ...errorResponses } },
    handler: async (req) => invoices.get(staffOf(req), req.params.id),
  });
  route(app, {
    method: "PATCH",
    url: "/api/staff/invoices/:id",
    policy: staffOnly("invoice.manage"),
    schema: { operationId: "updateInvoice", params: idParams, body: i.updateInvoiceBody, response: { 200: i.staffInvoiceDto, ...errorResponses } },
    handler: async (req) => invoices.update(staffOf(req), req.params.id, req.body),
  });
  route(app, {
    method: "DELETE",
    url: "/api/staff/invoices/:id",
    policy: staffOnly("invoice.manage"),
    schema: { operationId: "deleteInvoiceDraft", params: idParams, response: { 200: okResponse, ...errorResponses } },
    handler: async (req) => invoices.remove(staffOf(req), req.params.id),
  });
  route(app, {
    method: "POST",
    url: "/api/staff/invoices/:id/send",
    policy: staffOnly("invoice.manage"),
    schema: { operationId: "sendInvoice", params: idParams, body: i.sendInvoiceBody, response: { 200: i.sendInvoiceResponse, ...errorResponses } },
    handler: async (req) => invoices.send(staffOf(req), req.params.id, req.body),
  });
  route(app, {
    method: "POST",
    url: "/api/staff/invoices/:id/mark-sent",
    policy: staffOnly("invoice.manage"),
    schema: { operationId: "markInvoiceSent", params: idParams, response: { 200: i.staffInvoiceDto, ...errorResponses } },
    handler: async (req) => invoices.markSent(staffOf(req), req.params.id),
  });
  route(app, {
    method: "POST",
    url: "/api/staff/invoices/:id/payments",
    policy: staffOnly("invoice.manage"),
    schema: { operationId: "recordInvoicePayment", params: idParams, body: i.recordPaymentBody, response: { 200: i.staffInvoiceDto, ...errorResponses } },
    handler: async (req) => invoices.recordPayment(staffOf(req), req.params.id, req.body),
  });
  route(app, {
    method: "POST",
    url: "/api/staff/invoices/:id/void",
    policy: staffOnly("invoice.manage"),
    schema: { operationId: "voidInvoice", params: idParams, body: i.voidInvoiceBody, response: { 200: i.staffInvoiceDto, ...errorResponses } },
    handler: async (req) => invoices.voidInvoice(staffOf(req), req.params.id, req.body.reason),
  });
  route(app, {
    method: "GET",
    url: "/api/staff/invoices/:id/invoice.pdf",
    policy: staffOnly("invoice.read"),
    schema: { operationId: "downloadInvoicePdf", params: idParams, response: pdfResponse },
    handler: async (req, reply) => sendPdf(reply, await invoices.staffPdf(staffOf(req), req.params.id)),
  });
  route(app, {
    method: "GET",
    url: "/api/staff/accounts/:id/invoice-options",
    policy: staffOnly("invoice.read"),
    schema: { operationId: "getInvoiceOptions", params: accountParams, response: { 200: i.invoiceOptionsResponse, ...errorResponses } },
    handler: async (req) => invoices.options(staffOf(req), req.params.id),
  });
  route(app, {
    method: "GET",
    url: "/api/staff/accounts/:id/invoiceable-approvals",
    policy: staffOnly("invoice.manage"),
    schema: { operationId: "listInvoiceableApprovals", params: accountParams, response: { 200: i.invoiceableApprovalsResponse, ...errorResponses } },
    handler: async (req) => invoices.invoiceableApprovals(staffOf(req), req.params.id),
  });

  // ----- the company logo printed on invoices -----
  route(app, {
    method: "GET",
    url: "/api/staff/settings/logo",
    policy: staffOnly("settings.read"),
    schema: { operationId: "getCompanyLogo", response: pngResponse },
    handler: async (req, reply) => sendPng(reply, await companyLogo.image(staffOf(req))),
  });
  route(app, {
    method: "GET",
    url: "/api/staff/settings/logo/info",
    policy: staffOnly("settings.read"),
    schema: { operationId: "describeCompanyLogo", response: { 200: i.companyLogoResponse, ...errorResponses } },
    handler: async (req) => companyLogo.describe(staffOf(req)),
  });
  route(app, {
    method: "PUT",
    url: "/api/staff/settings/logo",
    policy: staffOnly("settings.update"),
    schema: { operationId: "uploadCompanyLogo", response: { 200: i.companyLogoResponse, ...errorResponses, 413: errorResponses[400] } },
    handler: async (req) => companyLogo.upload(staffOf(req), await oneFile(req)),
  });
  route(app, {
    method: "DELETE",
    url: "/api/staff/settings/logo",
    policy: staffOnly("settings.update"),
    schema: { operationId: "removeCompanyLogo", response: { 200: i.companyLogoResponse, ...errorResponses } },
    handler: async (req) => companyLogo.remove(staffOf(req)),
  });

  // ----- portal -----
  route(app, {
    method: "GET",
    url: "/api/portal/invoices",
    policy: contactOnly("portal.invoice.list"),
    schema: { operationId: "listPortalInvoices", querystring: i.portalInvoiceListQuery, response: { 200: i.invoiceListResponse, ...errorResponses } },
    handler: async (req) => invoices.listForPortal(contactOf(req), req.query),
  });
  route(app, {
    method: "GET",
    url: "/api/portal/invoices/logo",
    policy: contactOnly("portal.invoice.list"),
    schema: { operationId: "getPortalInvoiceLogo", response: pngResponse },
    handler: async (req, reply) => sendPng(reply, await invoices.portalLogo(contactOf(req))),
  });
  route(app, {
    method: "GET",
    url: "/api/portal/invoices/:id",
    policy: contactOnly("portal.invoice.read"),
    schema: { operationId: "getPortalInvoice", params: idParams, response: { 200: i.portalInvoiceDto, ...errorResponses } },
    handler: async (req) => invoices.getForPortal(contactOf(req), req.params.id),
  });
  route(app, {
    method: "GET",
    url: "/api/portal/invoices/:id/invoice.pdf",
    policy: contactOnly("portal.invoice.read"),
    schema: { operationId: "downloadPortalInvoicePdf", params: idParams, response: pdfResponse },
    handler: async (req, reply) => sendPdf(reply, await invoices.portalPdf(contactOf(req), req.params.id)),
  });
}
