import type { FastifyInstance } from "fastify";
import * as t from "../../../shared/tickets-api.js";
import type { AppContext } from "../../app.js";
import { asContact } from "../plugins/auth.js";
import { route } from "../route.js";
import { downloadResponses, oneFile, sendFile } from "./files.js";
import { contactOf, contactOnly, errorResponses, staffOf, staffOnly } from "./helpers.js";
import { z } from "zod";

export function ticketRoutes(app: FastifyInstance, c: AppContext) {
  const { tickets, attachments: files } = c.services;
  // ----- portal -----
  route(app, {
    method: "GET",
    url: "/api/portal/tickets",
    policy: { ...contactOnly("portal.ticket.list"), sessionInRead: true },
    schema: { operationId: "listPortalTickets", querystring: t.portalTicketListQuery, response: { 200: t.portalTicketListResponse, ...errorResponses } },
    handler: async (req) => tickets.listPortalTickets(asContact(c, req), req.query),
  });
  route(app, {
    method: "GET",
    url: "/api/portal/tickets/form",
    policy: contactOnly("portal.ticket.list"),
    schema: { operationId: "getPortalTicketForm", response: { 200: t.portalTicketFormResponse, ...errorResponses } },
    handler: async (req) => tickets.portalTicketForm(contactOf(req)),
  });
  route(app, {
    method: "POST",
    url: "/api/portal/tickets",
    policy: contactOnly("portal.ticket.create"),
    idempotent: true,
    schema: { operationId: "createPortalTicket", body: t.portalCreateTicketBody, response: { 200: t.portalTicketDto, ...errorResponses } },
    handler: async (req) => tickets.createPortalTicket(contactOf(req), req.body),
  });
  route(app, {
    method: "GET",
    url: "/api/portal/tickets/:id",
    policy: contactOnly("portal.ticket.read"),
    schema: { operationId: "getPortalTicket", params: t.ticketIdParams, response: { 200: t.portalTicketDto, ...errorResponses } },
    handler: async (req) => tickets.getPortalTicket(contactOf(req), req.params.id),
  });
  route(app, {
    method: "POST",
    url: "/api/portal/tickets/:id/notes",
    policy: contactOnly("portal.ticket.addNote"),
    idempotent: true,
    schema: { operationId: "addPortalTicketNote", params: t.ticketIdParams, body: t.addNoteBody, response: { 200: t.portalTicketDto, ...errorResponses } },
    handler: async (req) => tickets.addPortalNote(contactOf(req), req.params.id, req.body.body),
  });
  route(app, {
    method: "POST",
    url: "/api/portal/tickets/:id/attachments",
    policy: contactOnly("portal.ticket.addNote"),
    idempotent: true,
    schema: { operationId: "uploadPortalAttachment", params: t.ticketIdParams, response: { 200: t.uploadResponse, ...errorResponses, 413: errorResponses[400] } },
    handler: async (req) => files.uploadAsContact(contactOf(req), req.params.id, await oneFile(req)),
  });
  route(app, {
    method: "GET",
    url: "/api/portal/attachments/:id",
    policy: contactOnly("portal.attachment.read"),
    schema: { operationId: "downloadPortalAttachment", params: t.attachmentParams, response: downloadResponses },
    handler: async (req, reply) => {
      const { attachment, stream } = await files.openForContact(contactOf(req), req.params.id);
      return sendFile(reply, attachment, stream);
    },
  });

  // ----- staff console -----
  route(app, {
    method: "GET",
    url: "/api/staff/tickets",
    policy: staffOnly("ticket.read"),
    schema: { operationId: "listStaffTickets", querystring: t.staffTicketListQuery, response: { 200: t.staffTicketListResponse, ...errorResponses } },
    handler: async (req) => tickets.listStaffTickets(staffOf(req), req.query),
  });
  route(app, {
    method: "POST",
    url: "/api/staff/tickets",
    policy: staffOnly("ticket.manage"),
    idempotent: true,
    schema: { operationId: "createStaffTicket", body: t.staffCreateTicketBody, response: { 200: t.staffTicketDto, ...errorResponses } },
    handler: async (req) => tickets.createStaffTicket(staffOf(req), req.body),
  });
  route(app, {
    method: "GET",
    url: "/api/staff/tickets/:id",
    policy: staffOnly("ticket.read"),
    schema: { operationId: "getStaffTicket", params: t.ticketIdParams, response: { 200: t.staffTicketDto, ...errorResponses } },
    handler: async (req) => tickets.getStaffTicket(staffOf(req), req.params.id),
  });
  route(app, {
    method: "PATCH",
    url: "/api/staff/tickets/:id",
    policy: staffOnly("ticket.manage"),
    schema: { operationId: "updateStaffTicket", params: t.ticketIdParams, body: t.staffUpdateTicketBody, response: { 200: t.staffTicketDto, ...errorResponses } },
    handler: async (req) => tickets.updateStaffTicket(staffOf(req), req.params.id, req.body),
  });
  route(app, {
    method: "POST",
    url: "/api/staff/tickets/:id/notes",
    policy: staffOnly("ticket.manage"),
    idempotent: true,
    schema: { operationId: "addStaffTicketNote", params: t.ticketIdParams, body: t.staffAddNoteBody, response: { 200: t.staffTicketDto, ...errorResponses } },
    handler: async (req) => tickets.addStaffNote(staffOf(req), req.params.id, req.body),
  });
  route(app, {
    method: "POST",
    url: "/api/staff/tickets/:id/time-entries",
    policy: staffOnly("ticket.manage"),
    idempotent: true,
    schema: { operationId: "addTimeEntry", params: t.ticketIdParams, body: t.timeEntryBody, response: { 200: t.staffTicketDto, ...errorResponses } },
    handler: async (req) => tickets.addTimeEntry(staffOf(req), req.params.id, req.body),
  });
  route(app, {
    method: "PATCH",
    url: "/api/staff/tickets/:id/time-entries/:entryId",
    policy: staffOnly("ticket.manage"),
    schema: { operationId: "updateTimeEntry", params: t.timeEntryParams, body: t.updateTimeEntryBody, response: { 200: t.staffTicketDto, ...errorResponses } },
    handler: async (req) => tickets.updateTimeEntry(staffOf(req), req.params.id, req.params.entryId, req.body),
  });
  route(app, {
    method: "DELETE",
    url: "/api/staff/tickets/:id/time-entries/:entryId",
    policy: staffOnly("ticket.manage"),
    schema: { operationId: "deleteTimeEntry", params: t.timeEntryParams, response: { 200: t.staffTicketDto, ...errorResponses } },
    handler: async (req) => tickets.deleteTimeEntry(staffOf(req), req.params.id, req.params.entryId),
  });
  route(app, {
    method: "POST",
    url: "/api/staff/tickets/:id/attachments",
    policy: staffOnly("ticket.manage"),
    idempotent: true,
    schema: {
      operationId: "uploadStaffAttachment",
      params: t.ticketIdParams,
      querystring: z.object({ public: z.enum(["true", "false"]).default("true") }).strict(),
      response: { 200: t.uploadResponse, ...errorResponses, 413: errorResponses[400] },
    },
    handler: async (req) => files.uploadAsStaff(staffOf(req), req.params.id, await oneFile(req), req.query.public === "true"),
  });
  route(app, {
    method: "GET",
    url: "/api/staff/attachments/:id",
    policy: staffOnly("ticket.read"),
    schema: { operationId: "downloadStaffAttachment", params: t.attachmentParams, response: downloadResponses },
    handler: async (req, reply) => {
      const { attachment, stream } = await files.openForStaff(staffOf(req), req.params.id);
      return sendFile(reply, attachment, stream);
    },
  });
}
