/** Projects (PRJ-1): the staff console's projects, and the portal's projects a contact is associated with. */
import type { FastifyInstance } from "fastify";
import { idParams } from "../../../shared/api.js";
import * as p from "../../../shared/projects-api.js";
import type { AppContext } from "../../app.js";
import { route } from "../route.js";
import { contactOf, contactOnly, errorResponses, staffOf, staffOnly } from "./helpers.js";
import { downloadResponses, oneFile, sendFile } from "./files.js";

const uploadResponses = { 200: p.projectFileUploadResponse, ...errorResponses, 413: errorResponses[400] };

export function projectRoutes(app: FastifyInstance, { services: { projects } }: AppContext) {
  // ----- staff console -----
  route(app, {
    method: "GET",
    url: "/api/staff/projects",
    policy: staffOnly("project.read"),
    schema: { operationId: "listProjects", querystring: p.projectListQuery, response: { 200: p.projectListResponse, ...errorResponses } },
    handler: async (req) => projects.listProjects(staffOf(req), req.query),
  });
  route(app, {
    method: "POST",
    url: "/api/staff/projects",
    policy: staffOnly("project.manage"),
    idempotent: true,
    schema: { operationId: "createProject", body: p.createProjectBody, response: { 200: p.staffProjectDto, ...errorResponses } },
    handler: async (req) => projects.createProject(staffOf(req), req.body),
  });
  route(app, {
    method: "POST",
    url: "/api/staff/jobs/:id/project",
    policy: staffOnly("project.manage"),
    schema: { operationId: "convertJobToProject", params: idParams, body: p.convertJobBody, response: { 200: p.staffProjectDto, ...errorResponses } },
    handler: async (req) => projects.convertJob(staffOf(req), req.params.id, req.body),
  });
  route(app, {
    method: "GET",
    url: "/api/staff/projects/:id",
    policy: staffOnly("project.read"),
    schema: { operationId: "getProject", params: idParams, response: { 200: p.staffProjectDto, ...errorResponses } },
    handler: async (req) => projects.getProject(staffOf(req), req.params.id),
  });
  route(app, {
    method: "PATCH",
    url: "/api/staff/projects/:id",
    policy: staffOnly("project.manage"),
    schema: { operationId: "updateProject", params: idParams, body: p.updateProjectBody, response: { 200: p.staffProjectDto, ...errorResponses } },
    handler: async (req) => projects.updateProject(staffOf(req), req.params.id, req.body),
  });
  route(app, {
    method: "POST",
    url: "/api/staff/projects/:id/phases",
    policy: staffOnly("project.manage"),
    idempotent: true,
    schema: { operationId: "addProjectPhase", params: idParams, body: p.phaseBody, response: { 200: p.staffProjectDto, ...errorResponses } },
    handler: async (req) => projects.addPhase(staffOf(req), req.params.id, req.body),
  });
  route(app, {
    method: "PATCH",
    url: "/api/staff/projects/:id/phases/:phaseId",
    policy: staffOnly("project.manage"),
    schema: { operationId: "updateProjectPhase", params: p.phaseParams, body: p.updatePhaseBody, response: { 200: p.staffProjectDto, ...errorResponses } },
    handler: async (req) => projects.updatePhase(staffOf(req), req.params.id, req.params.phaseId, req.body),
  });
  route(app, {
    method: "DELETE",
    url: "/api/staff/projects/:id/phases/:phaseId",
    policy: staffOnly("project.manage"),
    schema: { operationId: "deleteProjectPhase", params: p.phaseParams, response: { 200: p.staffProjectDto, ...errorResponses } },
    handler: async (req) => projects.deletePhase(staffOf(req), req.params.id, req.params.phaseId),
  });
  route(app, {
    method: "POST",
    url: "/api/staff/projects/:id/tasks",
    policy: staffOnly("project.manage"),
    idempotent: true,
    schema: { operationId: "addProjectTask", params: idParams, body: p.taskBody, response: { 200: p.staffProjectDto, ...errorResponses } },
    handler: async (req) => projects.addTask(staffOf(req), req.params.id, req.body),
  });
  route(app, {
    method: "PATCH",
    url: "/api/staff/projects/:id/tasks/:taskId",
    policy: staffOnly("project.manage"),
    schema: { operationId: "updateProjectTask", params: p.taskParams, body: p.updateTaskBody, response: { 200: p.staffProjectDto, ...errorResponses } },
    handler: async (req) => projects.updateTask(staffOf(req), req.params.id, req.params.taskId, req.body),
  });
  route(app, {
    method: "DELETE",
    url: "/api/staff/projects/:id/tasks/:taskId",
    policy: staffOnly("project.manage"),
    schema: { operationId: "deleteProjectTask", params: p.taskParams, response: { 200: p.staffProjectDto, ...errorResponses } },
    handler: async (req) => projects.deleteTask(staffOf(req), req.params.id, req.params.taskId),
  });
  route(app, {
    method: "PUT",
    url: "/api/staff/projects/:id/staff",
    policy: staffOnly("project.manage"),
    schema: { operationId: "setProjectStaff", params: idParams, body: p.setProjectStaffBody, response: { 200: p.staffProjectDto, ...errorResponses } },
    handler: async (req) => projects.setStaff(staffOf(req), req.params.id, req.body),
  });
  route(app, {
    method: "PUT",
    url: "/api/staff/projects/:id/contacts/:contactId",
    policy: staffOnly("project.manage"),
    schema: { operationId: "setProjectContact", params: p.projectContactParams, body: p.projectContactBody, response: { 200: p.staffProjectDto, ...errorResponses } },
    handler: async (req) => projects.setContact(staffOf(req), req.params.id, req.params.contactId, req.body),
  });
  route(app, {
    method: "DELETE",
    url: "/api/staff/projects/:id/contacts/:contactId",
    policy: staffOnly("project.manage"),
    schema: { operationId: "removeProjectContact", params: p.projectContactParams, response: { 200: p.staffProjectDto, ...errorResponses } },
    handler: async (req) => projects.removeContact(staffOf(req), req.params.id, req.params.contactId),
  });
  route(app, {
    method: "POST",
    url: "/api/staff/projects/:id/notes",
    policy: staffOnly("project.manage"),
    idempotent: true,
    schema: { operationId: "addProjectNote", params: idParams, body: p.projectNoteBody, response: { 200: p.staffProjectDto, ...errorResponses } },
    handler: async (req) => projects.addStaffNote(staffOf(req), req.params.id, req.body),
  });
  route(app, {
    method: "POST",
    url: "/api/staff/projects/:id/files",
    policy: staffOnly("project.manage"),
    idempotent: true,
    schema: { operationId: "uploadProjectFile", params: idParams, querystring: p.projectUploadQuery, response: uploadResponses },
    handler: async (req) => projects.uploadAsStaff(staffOf(req), req.params.id, await oneFile(req), req.query.public === "true"),
  });
  route(app, {
    method: "GET",
    url: "/api/staff/project-files/:id",
    policy: staffOnly("project.read"),
    schema: { operationId: "downloadProjectFile", params: idParams, response: downloadResponses },
    handler: async (req, reply) => {
      const { file, stream } = await projects.openFileForStaff(staffOf(req), req.params.id);
      return sendFile(reply, file, stream);
    },
  });

  // ----- portal -----
  route(app, {
    method: "GET",
    url: "/api/portal/projects",
    policy: contactOnly("portal.project.list"),
    schema: { operationId: "listPortalProjects", response: { 200: p.portalProjectListResponse, ...errorResponses } },
    handler: async (req) => projects.listForPortal(contactOf(req)),
  });
  route(app, {
    method: "GET",
    url: "/api/portal/projects/:id",
    policy: contactOnly("portal.project.read"),
    schema: { operationId: "getPortalProject", params: idParams, response: { 200: p.portalProjectDto, ...errorResponses } },
    handler: async (req) => projects.getForPortal(contactOf(req), req.params.id),
  });
  route(app, {
    method: "POST",
    url: "/api/portal/projects/:id/notes",
    policy: contactOnly("portal.project.addNote"),
    idempotent: true,
    schema: { operationId: "addPortalProjectNote", params: idParams, body: p.portalProjectNoteBody, response: { 200: p.portalProjectDto, ...errorResponses } },
    handler: async (req) => projects.addPortalNote(contactOf(req), req.params.id, req.body.body),
  });
  route(app, {
    method: "POST",
    url: "/api/portal/projects/:id/files",
    policy: contactOnly("portal.project.addFile"),
    idempotent: true,
    schema: { operationId: "uploadPortalProjectFile", params: idParams, response: uploadResponses },
    handler: async (req) => projects.uploadAsContact(contactOf(req), req.params.id, await oneFile(req)),
  });
  route(app, {
    method: "GET",
    url: "/api/portal/project-files/:id",
    policy: contactOnly("portal.project.file.read"),
    schema: { operationId: "downloadPortalProjectFile", params: idParams, response: downloadResponses },
    handler: async (req, reply) => {
      const { file, stream } = await projects.openFileForContact(contactOf(req), req.params.id);
      return sendFile(reply, file, stream);
    },
  });
}
