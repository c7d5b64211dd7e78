/** Rows → DTOs for projects (PRJ-1). Each function lists its fields; a new column never leaves by default. */
import type { ProjectContactDto, ProjectPhaseDto, ProjectRow, ProjectSwitchesDto, ProjectTaskDto } from "../../../shared/projects-api.js";
import { effectiveProgress, projectProgress, upcomingOf } from "../../../shared/projects-api.js";
import { type ProjectAccess, projectAccess, type ProjectAssociation } from "../../policy/policy.js";
import type { AssociationRow, FileRow, NoteRow, PhaseRow, ProjectView, TaskView } from "./projects.repo.js";

const iso = (d: Date) => d.toISOString();

/** How many things due to show on a list row. */
const LIST_UPCOMING = 3;

export const switchesOf = (s: { projectViewNotes: boolean; projectViewFiles: boolean; projectViewOrganisation: boolean; projectViewClients: boolean; projectViewTasks: boolean; projectViewTime: boolean }): ProjectSwitchesDto => ({
  viewNotes: s.projectViewNotes,
  viewFiles: s.projectViewFiles,
  viewOrganisation: s.projectViewOrganisation,
  viewClients: s.projectViewClients,
  viewTasks: s.projectViewTasks,
  viewTime: s.projectViewTime,
});

export const flagsOf = (a: AssociationRow): ProjectAssociation => ({
  viewNotes: a.viewNotes,
  addNotes: a.addNotes,
  viewFiles: a.viewFiles,
  addFiles: a.addFiles,
  viewOrganisation: a.viewOrganisation,
  viewClients: a.viewClients,
  viewTasks: a.viewTasks,
  viewTime: a.viewTime,
});

const upcomingFor = (today: string, p: ProjectView, phases: PhaseRow[], tasks: TaskView[]) =>
  upcomingOf(today, { id: p.id, name: p.name, status: p.status, dueDate: p.dueDate }, phases, tasks);

export function presentProjectRow(p: ProjectView, phases: PhaseRow[], tasks: TaskView[], today: string, limit = LIST_UPCOMING): ProjectRow {
  const upcoming = upcomingFor(today, p, phases, tasks);
  return {
    id: p.id,
    number: p.number,
    name: p.name,
    status: p.status,
    account: { id: p.accountId, name: p.accountName },
    manager: p.managerStaffId ? { id: p.managerStaffId, name: p.managerName ?? "" } : null,
    startDate: p.startDate,
    dueDate: p.dueDate,
    visibleInPortal: p.visibleInPortal,
    progress: projectProgress(tasks),
    upcoming: upcoming.slice(0, limit),
    overdue: upcoming.filter((u) => u.overdue).length,
  };
}

export const presentPhase = (ph: PhaseRow, tasks: TaskView[]): ProjectPhaseDto => ({
  id: ph.id,
  name: ph.name,
  sort: ph.sort,
  dueDate: ph.dueDate,
  progress: projectProgress(tasks.filter((t) => t.phaseId === ph.id)),
});

export const presentTask = (t: TaskView, today: string): ProjectTaskDto => ({
  id: t.id,
  title: t.title,
  status: t.status,
  progress: effectiveProgress(t),
  dueDate: t.dueDate,
  phaseId: t.phaseId,
  assignee: t.assignedStaffId ? { id: t.assignedStaffId, name: t.assigneeName ?? "" } : null,
  sort: t.sort,
  overdue: !!t.dueDate && t.status !== "done" && t.dueDate < today,
});

export const presentNote = (n: NoteRow) => ({ id: n.id, body: n.body, author: n.authorName, byStaff: n.authorStaffId !== null, createdAt: iso(n.createdAt) });
export const presentFile = (f: FileRow) => ({ id: f.id, filename: f.filename, contentType: f.contentType, size: f.size, uploadedBy: f.uploadedByName, createdAt: iso(f.createdAt) });

export function presentContact(
  c: { association: AssociationRow; firstName: string; lastName: string; email: string | null; portalStatus: string },
  switches: ProjectSwitchesDto,
): ProjectContactDto {
  const flags = flagsOf(c.association);
  return { contactId: c.association.contactId, name: `${c.firstName} ${c.lastName}`, email: c.email, portalStatus: c.portalStatus, flags, effective: projectAccess(flags, switches) };
}

/** A portal list row: what is due lists tasks and phases only when the contact may see them. */
export function presentPortalRow(p: ProjectView, phases: PhaseRow[], tasks: TaskView[], today: string, access: ProjectAccess, limit = LIST_UPCOMING) {
  const upcoming = access.viewTasks ? upcomingFor(today, p, phases, tasks) : upcomingFor(today, p, [], []);
  return {
    id: p.id,
    number: p.number,
    name: p.name,
    status: p.status,
    startDate: p.startDate,
    dueDate: p.dueDate,
    progress: projectProgress(tasks),
    upcoming: upcoming.slice(0, limit),
  };
}
