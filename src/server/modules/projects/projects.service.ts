/**
 * Projects (PRJ-1, seed 004): a project is a job with phases and tasks, assigned staff and associated contacts. Each
 * association says what its contact may see or add (notes, files, organisation, clients, tasks, time), capped by the
 * tenant's six switches; contacts add notes and files, and the assigned staff and the job manager are emailed.
 * Every method authorizes first; every write is one transaction with its emails queued in it.
 */
import Decimal from "decimal.js";
import type { z } from "zod";
import type {
  convertJobBody,
  createProjectBody,
  phaseBody,
  PortalProjectDto,
  PortalProjectList,
  ProjectList,
  projectListQuery,
  projectContactBody,
  projectNoteBody,
  setProjectStaffBody,
  StaffProjectDto,
  taskBody,
  updatePhaseBody,
  updateProjectBody,
  updateTaskBody,
} from "../../../shared/projects-api.js";
import type { Tx } from "../../db/client.js";
import { type Deps, inTransaction } from "../../deps.js";
import { AppError, conflict, invalid, notFound } from "../../errors.js";
import type { ContactActor, StaffActor } from "../../policy/actors.js";
import { authorize, can, type ProjectAccess, projectAccess, portalProjectScope, type Resource } from "../../policy/policy.js";
import type { Repos } from "../../repos.js";
import { dayIn } from "../approvals/approvals.service.js";
import { recordUpload, storeUpload, type Upload } from "../attachments/stored-upload.js";
import type { PortalSettingsRow } from "../tenants/tenants.repo.js";
import { flagsOf, presentContact, presentFile, presentNote, presentPhase, presentPortalRow, presentProjectRow, presentTask, switchesOf } from "./projects.presenter.js";
import type { ProjectView } from "./projects.repo.js";

type PortalAction = "portal.project.read" | "portal.project.addNote" | "portal.project.addFile";
const NUMBER_TAKEN = "Another job already has this number";

export function createProjectsService(
  d: Deps,
  { projects: repo, jobs, accounts, contacts, staff, tenants, outbox }: Pick<Repos, "projects" | "jobs" | "accounts" | "contacts" | "staff" | "tenants" | "outbox">,
) {
  const today = (settings: PortalSettingsRow) => dayIn(d.clock(), settings.timeZone);
  const staffLink = (id: string) => `${d.config.publicUrl}/admin/projects/${id}`;
  /** A job number already in use is refused on the number field. */
  const numberTaken = (err: unknown) => {
    if (err instanceof AppError && err.code === "CONFLICT" && err.message.startsWith(NUMBER_TAKEN)) throw conflict(NUMBER_TAKEN, "number");
    throw err;
  };

  // ---------------- staff ----------------

  async function loadForStaff(actor: StaffActor, id: string) {
    const p = await repo.getProject(d.db, actor.tenantId, id);
    if (!p) throw notFound("Project not found");
    return p;
  }

  async function listProjects(actor: StaffActor, q: z.infer<typeof projectListQuery>): Promise<ProjectList> {
    authorize(actor, "project.read");
    const settings = await tenants.getSettings(d.db, actor.tenantId);
    const { rows, total } = await repo.listProjects(d.db, actor.tenantId, q);
    const ids = rows.map((r) => r.id);
    const [phases, tasks] = await Promise.all([repo.listPhases(d.db, actor.tenantId, ids), repo.listTasks(d.db, actor.tenantId, ids)]);
    const day = today(settings);
    return {
      items: rows.map((p) => presentProjectRow(p, phases.filter((x) => x.jobId === p.id), tasks.filter((t) => t.jobId === p.id), day)),
      total,
      totalCapped: false,
      page: q.page,
      pageSize: q.pageSize,
      today: day,
    };
  }

  async function getProject(actor: StaffActor, id: string): Promise<StaffProjectDto> {
    authorize(actor, "project.read");
    const p = await loadForStaff(actor, id);
    const [settings, phases, tasks, people, associated, notes, files] = await Promise.all([
      tenants.getSettings(d.db, actor.tenantId),
      repo.listPhases(d.db, actor.tenantId, [id]),
      repo.listTasks(d.db, actor.tenantId, [id]),
      repo.listProjectStaff(d.db, actor.tenantId, id),
      repo.listProjectContacts(d.db, actor.tenantId, id),
      repo.listNotes(d.db, actor.tenantId, id, false),
      repo.listFiles(d.db, actor.tenantId, id, false),
    ]);
    const day = today(settings);
    const switches = switchesOf(settings);
    return {
      ...presentProjectRow(p, phases, tasks, day, Number.MAX_SAFE_INTEGER),
      description: p.description,
      today: day,
      switches,
      phases: phases.map((ph) => presentPhase(ph, tasks)),
      tasks: tasks.map((t) => presentTask(t, day)),
      staff: people.map((s) => ({ id: s.id, name: s.name, email: s.email })),
      contacts: associated.map((c) => presentContact(c, switches)),
      notes: notes.map((n) => ({ ...presentNote(n), isPublic: n.isPublic })),
      files: files.map((f) => ({ ...presentFile(f), isPublic: f.isPublic })),
      can: { manage: can(actor, "project.manage") },
    };
  }

  /** The manager must be a staff user of the tenant, and not one who was disabled (unless they already are the manager). */
  async function checkStaffMember(actor: StaffActor, field: string, id: string | null | undefined, current?: string | null) {
    if (!id || id === current) return;
    const s = await staff.getStaff(d.db, actor.tenantId, id);
    if (!s) throw invalid(field, "is not a staff user");
    if (s.disabledAt) throw invalid(field, `is ${s.name}, who is disabled`);
  }

  /** The dates the project will have after the change are in order. */
  function checkDates(start: string | null, due: string | null) {
    if (start && due && start > due) throw invalid("dueDate", "must be on or after the start date");
  }

  /** A new project: a job of the account marked as a project. */
  async function createProject(actor: StaffActor, body: z.infer<typeof createProjectBody>) {
    authorize(actor, "project.manage");
    const account = await accounts.getAccount(d.db, actor.tenantId, body.accountId);
    if (!account) throw invalid("accountId", "is not an account");
    if (account.archivedAt) throw invalid("accountId", `is ${account.name}, which is archived: restore it first`);
    await checkStaffMember(actor, "managerStaffId", body.managerStaffId);
    const { accountId, ...fields } = body;
    const id = await inTransaction(
      d,
      async (tx) => {
        const first = (await jobs.countJobs(tx, actor.tenantId, accountId)) === 0;
        return jobs.insertJob(tx, actor.tenantId, { ...fields, accountId, isProject: true, isDefault: first });
      },
      NUMBER_TAKEN,
    ).catch(numberTaken);
    return getProject(actor, id);
  }

  /** An existing job becomes a project: its number, tickets and time stay as they are. */
  async function convertJob(actor: StaffActor, jobId: string, body: z.infer<typeof convertJobBody>) {
    authorize(actor, "project.manage");
    const job = await jobs.getJob(d.db, actor.tenantId, jobId);
    if (!job) throw notFound("Job not found");
    if (job.isProject) throw new AppError("CONFLICT", `${job.number} · ${job.name} is already a project`);
    await inTransaction(d, (tx) => jobs.updateJob(tx, actor.tenantId, jobId, { isProject: true, description: body.description, startDate: body.startDate, dueDate: body.dueDate }));
    return getProject(actor, jobId);
  }

  async function updateProject(actor: StaffActor, id: string, body: z.infer<typeof updateProjectBody>) {
    authorize(actor, "project.manage");
    const p = await loadForStaff(actor, id);
    await checkStaffMember(actor, "managerStaffId", body.managerStaffId, p.managerStaffId);
    checkDates(body.startDate !== undefined ? body.startDate : p.startDate, body.dueDate !== undefined ? body.dueDate : p.dueDate);
    if (p.isDefault && body.status === "closed") throw new AppError("CONFLICT", "This project is its account's default job: make another job the default before closing it");
    await inTransaction(d, (tx) => jobs.updateJob(tx, actor.tenantId, id, body), NUMBER_TAKEN).catch(numberTaken);
    return getProject(actor, id);
  }

  // ----- phases and tasks -----

  async function loadPhase(actor: StaffActor, p: ProjectView, phaseId: string) {
    const ph = await repo.getPhase(d.db, actor.tenantId, p.id, phaseId);
    if (!ph) throw notFound("Phase not found");
    return ph;
  }

  async function addPhase(actor: StaffActor, id: string, body: z.infer<typeof phaseBody>) {
    authorize(actor, "project.manage");
    const p = await loadForStaff(actor, id);
    await inTransaction(d, (tx) => repo.insertPhase(tx, actor.tenantId, { jobId: p.id, name: body.name, dueDate: body.dueDate, sort: body.sort, createdAt: d.clock() }));
    return getProject(actor, id);
  }

  async function updatePhase(actor: StaffActor, id: string, phaseId: string, body: z.infer<typeof updatePhaseBody>) {
    authorize(actor, "project.manage");
    const p = await loadForStaff(actor, id);
    await loadPhase(actor, p, phaseId);
    await inTransaction(d, (tx) => repo.updatePhase(tx, actor.tenantId, p.id, phaseId, body));
    return getProject(actor, id);
  }

  async function deletePhase(actor: StaffActor, id: string, phaseId: string) {
    authorize(actor, "project.manage");
    const p = await loadForStaff(actor, id);
    await loadPhase(actor, p, phaseId);
    await inTransaction(d, (tx) => repo.deletePhase(tx, actor.tenantId, p.id, phaseId));
    return getProject(actor, id);
  }

  /** A task's phase is one of its project's; its assignee a staff user. */
  async function checkTaskRefs(actor: StaffActor, p: ProjectView, v: { phaseId?: string | null; assignedStaffId?: string | null }, current?: { assignedStaffId: string | null }) {
    if (v.phaseId && !(await repo.getPhase(d.db, actor.tenantId, p.id, v.phaseId))) throw invalid("phaseId", "is not a phase of this project");
    await checkStaffMember(actor, "assignedStaffId", v.assignedStaffId, current?.assignedStaffId);
  }

  async function addTask(actor: StaffActor, id: string, body: z.infer<typeof taskBody>) {
    authorize(actor, "project.manage");
    const p = await loadForStaff(actor, id);
    await checkTaskRefs(actor, p, body);
    const now = d.clock();
    await inTransaction(d, (tx) => repo.insertTask(tx, actor.tenantId, { jobId: p.id, ...body, createdAt: now, updatedAt: now }));
    return getProject(actor, id);
  }

  async function loadTask(actor: StaffActor, p: ProjectView, taskId: string) {
    const t = await repo.getTask(d.db, actor.tenantId, p.id, taskId);
    if (!t) throw notFound("Task not found");
    return t;
  }

  async function updateTask(actor: StaffActor, id: string, taskId: string, body: z.infer<typeof updateTaskBody>) {
    authorize(actor, "project.manage");
    const p = await loadForStaff(actor, id);
    const t = await loadTask(actor, p, taskId);
    await checkTaskRefs(actor, p, body, t);
    await inTransaction(d, (tx) => repo.updateTask(tx, actor.tenantId, p.id, taskId, { ...body, updatedAt: d.clock() }));
    return getProject(actor, id);
  }

  async function deleteTask(actor: StaffActor, id: string, taskId: string) {
    authorize(actor, "project.manage");
    const p = await loadForStaff(actor, id);
    await loadTask(actor, p, taskId);
    await inTransaction(d, (tx) => repo.deleteTask(tx, actor.tenantId, p.id, taskId));
    return getProject(actor, id);
  }

  // ----- team and contacts -----

  /** The staff assigned to the project (they hear of contacts' notes and files): staff users of the tenant. */
  async function setStaff(actor: StaffActor, id: string, body: z.infer<typeof setProjectStaffBody>) {
    authorize(actor, "project.manage");
    const p = await loadForStaff(actor, id);
    const ids = [...new Set(body.staffIds)];
    const current = new Set((await repo.listProjectStaff(d.db, actor.tenantId, p.id)).map((s) => s.id));
    for (const staffId of ids) {
      if (current.has(staffId)) continue;
      const s = await staff.getStaff(d.db, actor.tenantId, staffId);
      if (!s) throw invalid("staffIds", "names someone who is not a staff user");
      if (s.disabledAt) throw invalid("staffIds", `names ${s.name}, who is disabled`);
    }
    await inTransaction(d, (tx) => repo.setProjectStaff(tx, actor.tenantId, p.id, ids));
    return getProject(actor, id);
  }

  /** Associates a contact of the project's account (only those) with what the association allows. */
  async function setContact(actor: StaffActor, id: string, contactId: string, body: z.infer<typeof projectContactBody>) {
    authorize(actor, "project.manage");
    const p = await loadForStaff(actor, id);
    const c = await contacts.getContact(d.db, actor.tenantId, contactId);
    if (!c || !c.accounts.some((a) => a.id === p.accountId)) throw invalid("contactId", `is not a contact of ${p.accountName}, the project's account`);
    if (c.archivedAt) throw invalid("contactId", `is ${c.firstName} ${c.lastName}, who is archived`);
    await inTransaction(d, (tx) => repo.upsertProjectContact(tx, actor.tenantId, p.id, contactId, body, d.clock()));
    return getProject(actor, id);
  }

  async function removeContact(actor: StaffActor, id: string, contactId: string) {
    authorize(actor, "project.manage");
    const p = await loadForStaff(actor, id);
    const removed = await inTransaction(d, (tx) => repo.deleteProjectContact(tx, actor.tenantId, p.id, contactId));
    if (!removed) throw notFound("This contact is not associated with the project");
    return getProject(actor, id);
  }

  // ----- notes and files -----

  async function addStaffNote(actor: StaffActor, id: string, body: z.infer<typeof projectNoteBody>) {
    authorize(actor, "project.manage");
    const p = await loadForStaff(actor, id);
    await inTransaction(d, (tx) =>
      repo.insertNote(tx, actor.tenantId, { jobId: p.id, body: body.body, isPublic: body.isPublic, authorStaffId: actor.staffId, authorName: actor.name, createdAt: d.clock() }),
    );
    return getProject(actor, id);
  }

  async function uploadAsStaff(actor: StaffActor, id: string, file: Upload, isPublic: boolean) {
    authorize(actor, "project.manage");
    const p = await loadForStaff(actor, id);
    const stored = await storeUpload(d, actor.tenantId, file);
    const row = await recordUpload(d, stored, () =>
      inTransaction(d, (tx) => repo.insertFile(tx, actor.tenantId, { jobId: p.id, isPublic, ...stored, uploadedByStaffId: actor.staffId, uploadedByName: actor.name, createdAt: d.clock() })),
    );
    return presentFile(row);
  }

  async function openFileForStaff(actor: StaffActor, fileId: string) {
    authorize(actor, "project.read");
    const f = await repo.getFile(d.db, actor.tenantId, fileId);
    if (!f) throw notFound("File not found");
    return { file: f, stream: d.files.open(f.storageKey) };
  }

  // ---------------- portal ----------------

  const portalResource = (p: ProjectView, access: ProjectAccess | null): Resource => ({ tenantId: p.tenantId, accountId: p.accountId, jobVisible: p.visibleInPortal, projectAccess: access });

  /**
   * The project as this contact may act on it. A project they are not associated with, of another account or
   * tenant, hidden from the portal, or missing: the same 404. Without *View projects* on their role: 403.
   */
  async function loadForContact(actor: ContactActor, id: string, action: PortalAction) {
    authorize(actor, "portal.project.list");
    const p = await repo.getProject(d.db, actor.tenantId, id);
    const assoc = p ? await repo.getProjectContact(d.db, actor.tenantId, p.id, actor.contactId) : undefined;
    const settings = await tenants.getSettings(d.db, actor.tenantId);
    const access = assoc ? projectAccess(flagsOf(assoc), switchesOf(settings)) : null;
    if (!p || !can(actor, "portal.project.read", portalResource(p, access))) throw notFound("Project not found");
    authorize(actor, action, portalResource(p, access));
    return { p, access: access!, settings };
  }

  async function listForPortal(actor: ContactActor): Promise<PortalProjectList> {
    authorize(actor, "portal.project.list");
    const scope = portalProjectScope(actor)!;
    const [rows, settings] = await Promise.all([repo.listPortalProjects(d.db, actor.tenantId, scope), tenants.getSettings(d.db, actor.tenantId)]);
    const ids = rows.map((r) => r.project.id);
    const [phases, tasks] = await Promise.all([repo.listPhases(d.db, actor.tenantId, ids), repo.listTasks(d.db, actor.tenantId, ids)]);
    const switches = switchesOf(settings);
    const day = today(settings);
    return {
      items: rows.map(({ project: p, association }) =>
        presentPortalRow(p, phases.filter((x) => x.jobId === p.id), tasks.filter((t) => t.jobId === p.id), day, projectAccess(flagsOf(association), switches)),
      ),
      today: day,
    };
  }

  /** The project with exactly the sections the contact's effective access allows; the others are not in the answer. */
  async function getForPortal(actor: ContactActor, id: string): Promise<PortalProjectDto> {
    const { p, access, settings } = await loadForContact(actor, id, "portal.project.read");
    const db = d.db;
    const tid = actor.tenantId;
    const [phases, tasks] = await Promise.all([repo.listPhases(db, tid, [p.id]), repo.listTasks(db, tid, [p.id])]);
    const [clients, time, notes, files] = await Promise.all([
      access.viewClients ? repo.listProjectContacts(db, tid, p.id) : null,
      access.viewTime ? repo.listProjectTime(db, tid, p.id) : null,
      access.viewNotes ? repo.listNotes(db, tid, p.id, true) : null,
      access.viewFiles ? repo.listFiles(db, tid, p.id, true) : null,
    ]);
    const day = today(settings);
    return {
      ...presentPortalRow(p, phases, tasks, day, access, Number.MAX_SAFE_INTEGER),
      description: p.description,
      today: day,
      access,
      ...(access.viewOrganisation ? { organisation: { name: p.accountName, number: p.accountNumber, timeZone: p.accountTimeZone } } : {}),
      ...(clients ? { clients: clients.filter((c) => c.association.contactId !== actor.contactId).map((c) => ({ name: `${c.firstName} ${c.lastName}` })) } : {}),
      ...(access.viewTasks
        ? {
            phases: phases.map((ph) => presentPhase(ph, tasks)),
            tasks: tasks.map((t) => {
              const { assignee, ...rest } = presentTask(t, day);
              return { ...rest, assignee: assignee?.name ?? null };
            }),
          }
        : {}),
      ...(time
        ? {
            time: {
              totalHours: time.reduce((sum, e) => sum.plus(e.hours), new Decimal(0)).toFixed(2),
              entries: time.map((e) => ({ id: e.id, date: e.startedAt.toISOString(), staffName: e.staffName, hours: new Decimal(e.hours).toFixed(2), note: e.note })),
            },
          }
        : {}),
      ...(notes ? { notes: notes.map(presentNote) } : {}),
      ...(files ? { files: files.map(presentFile) } : {}),
      can: { addNote: access.addNotes, addFile: access.addFiles },
    };
  }

  /** PRJ-1: each staff member assigned to the project and its manager hear of a contact's note or file (active staff only, once each). */
  async function notifyStaff(tx: Tx, p: ProjectView, settings: PortalSettingsRow, what: { by: string; kind: "note" | "file"; text: string }) {
    const recipients = new Set<string>();
    for (const s of await repo.listProjectStaff(tx, p.tenantId, p.id)) if (!s.disabledAt) recipients.add(s.email.toLowerCase());
    if (p.managerStaffId) {
      const manager = await staff.getStaff(tx, p.tenantId, p.managerStaffId);
      if (manager && !manager.disabledAt) recipients.add(manager.email.toLowerCase());
    }
    for (const to of recipients) {
      await outbox.queueEmail(
        tx,
        p.tenantId,
        "project_activity",
        { to, portalName: settings.portalName, project: `${p.number} · ${p.name}`, account: p.accountName, by: what.by, kind: what.kind, text: what.text, link: staffLink(p.id) },
        d.clock(),
      );
    }
  }

  async function addPortalNote(actor: ContactActor, id: string, text: string) {
    const { p, settings } = await loadForContact(actor, id, "portal.project.addNote");
    await inTransaction(d, async (tx) => {
      await repo.insertNote(tx, actor.tenantId, { jobId: p.id, body: text, isPublic: true, authorContactId: actor.contactId, authorName: actor.name, createdAt: d.clock() });
      await notifyStaff(tx, p, settings, { by: actor.name, kind: "note", text });
    });
    return getForPortal(actor, id);
  }

  async function uploadAsContact(actor: ContactActor, id: string, file: Upload) {
    const { p, settings } = await loadForContact(actor, id, "portal.project.addFile");
    const stored = await storeUpload(d, actor.tenantId, file);
    const row = await recordUpload(d, stored, () =>
      inTransaction(d, async (tx) => {
        const row = await repo.insertFile(tx, actor.tenantId, { jobId: p.id, isPublic: true, ...stored, uploadedByContactId: actor.contactId, uploadedByName: actor.name, createdAt: d.clock() });
        await notifyStaff(tx, p, settings, { by: actor.name, kind: "file", text: stored.filename });
        return row;
      }),
    );
    return presentFile(row);
  }

  /** A file of a project the contact follows, public, and shown by their access; anything else is the same 404 as a missing id. */
  async function openFileForContact(actor: ContactActor, fileId: string) {
    authorize(actor, "portal.project.list");
    const f = await repo.getFile(d.db, actor.tenantId, fileId);
    const p = f ? await repo.getProject(d.db, actor.tenantId, f.jobId) : undefined;
    const assoc = p ? await repo.getProjectContact(d.db, actor.tenantId, p.id, actor.contactId) : undefined;
    const access = assoc ? projectAccess(flagsOf(assoc), switchesOf(await tenants.getSettings(d.db, actor.tenantId))) : null;
    const resource = p && f ? { ...portalResource(p, access), isPublic: f.isPublic } : undefined;
    if (!f || !resource || !can(actor, "portal.project.file.read", resource)) throw notFound("File not found");
    authorize(actor, "portal.project.file.read", resource);
    return { file: f, stream: d.files.open(f.storageKey) };
  }

  return {
    listProjects,
    getProject,
    createProject,
    convertJob,
    updateProject,
    addPhase,
    updatePhase,
    deletePhase,
    addTask,
    updateTask,
    deleteTask,
    setStaff,
    setContact,
    removeContact,
    addStaffNote,
    uploadAsStaff,
    openFileForStaff,
    listForPortal,
    getForPortal,
    addPortalNote,
    uploadAsContact,
    openFileForContact,
  };
}
export type ProjectsService = ReturnType<typeof createProjectsService>;
