/** Projects (PRJ-1): jobs marked as projects, with phases, tasks, assigned staff, associated contacts, notes and files. SQL only. */
import { and, asc, desc, eq, inArray, isNull, or, type SQL, sql } from "drizzle-orm";
import type { Executor } from "../../db/client.js";
import {
  accounts,
  contacts,
  jobs,
  projectContacts,
  projectFiles,
  projectNotes,
  projectPhases,
  projectStaff,
  projectTasks,
  staffUsers,
  tickets,
  timeEntries,
} from "../../db/schema/index.js";
import { containing } from "../../db/paging.js";
import { assertTenant, inTenant } from "../../db/tenant-scope.js";
import type { PortalProjectScope } from "../../policy/policy.js";

export type PhaseRow = typeof projectPhases.$inferSelect;
export type NoteRow = typeof projectNotes.$inferSelect;
export type FileRow = typeof projectFiles.$inferSelect;
export type AssociationRow = typeof projectContacts.$inferSelect;
export type AssociationFlags = Omit<AssociationRow, "tenantId" | "jobId" | "contactId" | "createdAt">;

const projectView = {
  id: jobs.id,
  tenantId: jobs.tenantId,
  accountId: jobs.accountId,
  accountName: accounts.name,
  accountNumber: accounts.number,
  accountTimeZone: accounts.timeZone,
  number: jobs.number,
  name: jobs.name,
  status: jobs.status,
  description: jobs.description,
  startDate: jobs.startDate,
  dueDate: jobs.dueDate,
  visibleInPortal: jobs.visibleInPortal,
  isDefault: jobs.isDefault,
  managerStaffId: jobs.managerStaffId,
  managerName: sql<string | null>`(select s.name from staff_users s where s.tenant_id = "jobs"."tenant_id" and s.id = "jobs"."manager_staff_id")`,
};
export type ProjectView = {
  id: string;
  tenantId: string;
  accountId: string;
  accountName: string;
  accountNumber: string | null;
  accountTimeZone: string | null;
  number: string;
  name: string;
  status: "active" | "closed";
  description: string;
  startDate: string | null;
  dueDate: string | null;
  visibleInPortal: boolean;
  isDefault: boolean;
  managerStaffId: string | null;
  managerName: string | null;
};

export interface ProjectFilter {
  q?: string;
  status: "active" | "closed" | "all";
  accountId?: string;
  managerStaffId?: string;
  sort: "due_asc" | "name_asc" | "number_asc";
  page: number;
  pageSize: number;
}

const listOrder: Record<ProjectFilter["sort"], SQL[]> = {
  due_asc: [sql`${jobs.dueDate} asc nulls last`, asc(jobs.number), asc(jobs.id)],
  name_asc: [sql`lower(${jobs.name}) asc`, asc(jobs.id)],
  number_asc: [sql`lower(${jobs.number}) asc`, asc(jobs.id)],
};

/** The staff project list: every project of the tenant, filtered. */
export async function listProjects(db: Executor, tenantId: string, f: ProjectFilter): Promise<{ rows: ProjectView[]; total: number }> {
  const like = f.q ? containing(f.q) : null;
  const rows = await db
    .select({ ...projectView, n: sql<number>`count(*) over ()::int` })
    .from(jobs)
    .innerJoin(accounts, eq(accounts.id, jobs.accountId))
    .where(
      and(
        inTenant(jobs.tenantId, tenantId),
        eq(jobs.isProject, true),
        f.status === "all" ? undefined : eq(jobs.status, f.status),
        f.accountId ? eq(jobs.accountId, f.accountId) : undefined,
        f.managerStaffId ? eq(jobs.managerStaffId, f.managerStaffId) : undefined,
        like ? or(sql`lower(${jobs.number}) like ${like}`, sql`lower(${jobs.name}) like ${like}`, sql`lower(${accounts.name}) like ${like}`) : undefined,
      ),
    )
    .orderBy(...listOrder[f.sort])
    .limit(f.pageSize)
    .offset((f.page - 1) * f.pageSize);
  return { rows: rows as ProjectView[], total: rows[0]?.n ?? 0 };
}

/** A project of the tenant; a job that is not a project is not found here. */
export async function getProject(db: Executor, tenantId: string, id: string): Promise<ProjectView | undefined> {
  const rows = await db
    .select(projectView)
    .from(jobs)
    .innerJoin(accounts, eq(accounts.id, jobs.accountId))
    .where(and(inTenant(jobs.tenantId, tenantId), eq(jobs.id, id), eq(jobs.isProject, true)));
  return rows[0] as ProjectView | undefined;
}

/**
 * The policy's portal project scope (policy.ts `portalProjectScope`, `withinPortalProjectScope`) written in SQL:
 * projects of the account in view that customers see, with the contact's association (its flags come along).
 */
export async function listPortalProjects(db: Executor, tenantId: string, scope: PortalProjectScope) {
  const rows = await db
    .select({ project: projectView, association: projectContacts })
    .from(jobs)
    .innerJoin(accounts, eq(accounts.id, jobs.accountId))
    .innerJoin(projectContacts, and(eq(projectContacts.tenantId, jobs.tenantId), eq(projectContacts.jobId, jobs.id), eq(projectContacts.contactId, scope.contactId)))
    .where(and(inTenant(jobs.tenantId, tenantId), eq(jobs.isProject, true), eq(jobs.accountId, scope.accountId), eq(jobs.visibleInPortal, true)))
    .orderBy(sql`${jobs.status} = 'closed'`, sql`${jobs.dueDate} asc nulls last`, asc(jobs.number), asc(jobs.id))
    .limit(200);
  return rows as { project: ProjectView; association: AssociationRow }[];
}

// ---------- phases and tasks ----------

export const listPhases = (db: Executor, tenantId: string, jobIds: string[]): Promise<PhaseRow[]> =>
  jobIds.length === 0
    ? Promise.resolve([])
    : db
        .select()
        .from(projectPhases)
        .where(and(inTenant(projectPhases.tenantId, tenantId), inArray(projectPhases.jobId, jobIds)))
        .orderBy(asc(projectPhases.jobId), asc(projectPhases.sort), sql`${projectPhases.dueDate} asc nulls last`, asc(projectPhases.createdAt), asc(projectPhases.id));

export async function getPhase(db: Executor, tenantId: string, jobId: string, id: string): Promise<PhaseRow | undefined> {
  const rows = await db.select().from(projectPhases).where(and(inTenant(projectPhases.tenantId, tenantId), eq(projectPhases.jobId, jobId), eq(projectPhases.id, id)));
  return rows[0];
}

export async function insertPhase(db: Executor, tenantId: string, v: Omit<typeof projectPhases.$inferInsert, "tenantId" | "id">) {
  const [row] = await db.insert(projectPhases).values({ ...v, tenantId: assertTenant(tenantId) }).returning({ id: projectPhases.id });
  return row.id;
}

export async function updatePhase(db: Executor, tenantId: string, jobId: string, id: string, v: Partial<Pick<PhaseRow, "name" | "dueDate" | "sort">>) {
  await db.update(projectPhases).set(v).where(and(inTenant(projectPhases.tenantId, tenantId), eq(projectPhases.jobId, jobId), eq(projectPhases.id, id)));
}

/** Deletes a phase; its tasks stay on the project, outside any phase. */
export async function deletePhase(db: Executor, tenantId: string, jobId: string, id: string) {
  await db.update(projectTasks).set({ phaseId: null }).where(and(inTenant(projectTasks.tenantId, tenantId), eq(projectTasks.jobId, jobId), eq(projectTasks.phaseId, id)));
  const rows = await db
    .delete(projectPhases)
    .where(and(inTenant(projectPhases.tenantId, tenantId), eq(projectPhases.jobId, jobId), eq(projectPhases.id, id)))
    .returning({ id: projectPhases.id });
  return rows.length === 1;
}

const taskView = {
  id: projectTasks.id,
  jobId: projectTasks.jobId,
  phaseId: projectTasks.phaseId,
  title: projectTasks.title,
  status: projectTasks.status,
  progress: projectTasks.progress,
  dueDate: projectTasks.dueDate,
  assignedStaffId: projectTasks.assignedStaffId,
  assigneeName: staffUsers.name,
  sort: projectTasks.sort,
  createdAt: projectTasks.createdAt,
};
export type TaskView = {
  id: string;
  jobId: string;
  phaseId: string | null;
  title: string;
  status: (typeof projectTasks.$inferSelect)["status"];
  progress: number;
  dueDate: string | null;
  assignedStaffId: string | null;
  assigneeName: string | null;
  sort: number;
  createdAt: Date;
};

export const listTasks = (db: Executor, tenantId: string, jobIds: string[]): Promise<TaskView[]> =>
  jobIds.length === 0
    ? Promise.resolve([])
    : db
        .select(taskView)
        .from(projectTasks)
        .leftJoin(staffUsers, and(eq(staffUsers.tenantId, projectTasks.tenantId), eq(staffUsers.id, projectTasks.assignedStaffId)))
        .where(and(inTenant(projectTasks.tenantId, tenantId), inArray(projectTasks.jobId, jobIds)))
        .orderBy(asc(projectTasks.jobId), asc(projectTasks.sort), sql`${projectTasks.dueDate} asc nulls last`, asc(projectTasks.createdAt), asc(projectTasks.id));

export async function getTask(db: Executor, tenantId: string, jobId: string, id: string): Promise<TaskView | undefined> {
  const rows = await db
    .select(taskView)
    .from(projectTasks)
    .leftJoin(staffUsers, and(eq(staffUsers.tenantId, projectTasks.tenantId), eq(staffUsers.id, projectTasks.assignedStaffId)))
    .where(and(inTenant(projectTasks.tenantId, tenantId), eq(projectTasks.jobId, jobId), eq(projectTasks.id, id)));
  return rows[0];
}

export async function insertTask(db: Executor, tenantId: string, v: Omit<typeof projectTasks.$inferInsert, "tenantId" | "id">) {
  const [row] = await db.insert(projectTasks).values({ ...v, tenantId: assertTenant(tenantId) }).returning({ id: projectTasks.id });
  return row.id;
}

export async function updateTask(
  db: Executor,
  tenantId: string,
  jobId: string,
  id: string,
  v: Partial<Pick<TaskView, "title" | "status" | "progress" | "dueDate" | "phaseId" | "assignedStaffId" | "sort">> & { updatedAt: Date },
) {
  await db.update(projectTasks).set(v).where(and(inTenant(projectTasks.tenantId, tenantId), eq(projectTasks.jobId, jobId), eq(projectTasks.id, id)));
}

export async function deleteTask(db: Executor, tenantId: string, jobId: string, id: string) {
  const rows = await db
    .delete(projectTasks)
    .where(and(inTenant(projectTasks.tenantId, tenantId), eq(projectTasks.jobId, jobId), eq(projectTasks.id, id)))
    .returning({ id: projectTasks.id });
  return rows.length === 1;
}

// ---------- people ----------

export const listProjectStaff = (db: Executor, tenantId: string, jobId: string) =>
  db
    .select({ id: staffUsers.id, name: staffUsers.name, email: staffUsers.email, disabledAt: staffUsers.disabledAt })
    .from(projectStaff)
    .innerJoin(staffUsers, and(eq(staffUsers.tenantId, projectStaff.tenantId), eq(staffUsers.id, projectStaff.staffId)))
    .where(and(inTenant(projectStaff.tenantId, tenantId), eq(projectStaff.jobId, jobId)))
    .orderBy(asc(staffUsers.name), asc(staffUsers.id));

/** Replaces the project's assigned staff with these. */
export async function setProjectStaff(db: Executor, tenantId: string, jobId: string, staffIds: string[]) {
  await db.delete(projectStaff).where(and(inTenant(projectStaff.tenantId, tenantId), eq(projectStaff.jobId, jobId)));
  if (staffIds.length) await db.insert(projectStaff).values(staffIds.map((staffId) => ({ tenantId: assertTenant(tenantId), jobId, staffId })));
}

const associationView = {
  association: projectContacts,
  firstName: contacts.firstName,
  lastName: contacts.lastName,
  email: contacts.email,
  portalStatus: contacts.portalStatus,
  archivedAt: contacts.archivedAt,
};

/** The project's associated contacts, archived ones left out. */
export const listProjectContacts = (db: Executor, tenantId: string, jobId: string) =>
  db
    .select(associationView)
    .from(projectContacts)
    .innerJoin(contacts, and(eq(contacts.tenantId, projectContacts.tenantId), eq(contacts.id, projectContacts.contactId)))
    .where(and(inTenant(projectContacts.tenantId, tenantId), eq(projectContacts.jobId, jobId), isNull(contacts.archivedAt)))
    .orderBy(asc(contacts.lastName), asc(contacts.firstName), asc(contacts.id));

export async function getProjectContact(db: Executor, tenantId: string, jobId: string, contactId: string): Promise<AssociationRow | undefined> {
  const rows = await db
    .select()
    .from(projectContacts)
    .where(and(inTenant(projectContacts.tenantId, tenantId), eq(projectContacts.jobId, jobId), eq(projectContacts.contactId, contactId)));
  return rows[0];
}

/** Associates the contact with the project, or changes what the association allows. */
export async function upsertProjectContact(db: Executor, tenantId: string, jobId: string, contactId: string, flags: AssociationFlags, now: Date) {
  await db
    .insert(projectContacts)
    .values({ tenantId: assertTenant(tenantId), jobId, contactId, ...flags, createdAt: now })
    .onConflictDoUpdate({ target: [projectContacts.tenantId, projectContacts.jobId, projectContacts.contactId], set: flags });
}

export async function deleteProjectContact(db: Executor, tenantId: string, jobId: string, contactId: string) {
  const rows = await db
    .delete(projectContacts)
    .where(and(inTenant(projectContacts.tenantId, tenantId), eq(projectContacts.jobId, jobId), eq(projectContacts.contactId, contactId)))
    .returning({ contactId: projectContacts.contactId });
  return rows.length === 1;
}

// ---------- notes, files and time ----------

export const listNotes = (db: Executor, tenantId: string, jobId: string, publicOnly: boolean): Promise<NoteRow[]> =>
  db
    .select()
    .from(projectNotes)
    .where(and(inTenant(projectNotes.tenantId, tenantId), eq(projectNotes.jobId, jobId), publicOnly ? eq(projectNotes.isPublic, true) : undefined))
    .orderBy(asc(projectNotes.seq));

export async function insertNote(db: Executor, tenantId: string, v: Omit<typeof projectNotes.$inferInsert, "tenantId" | "id" | "seq">) {
  const [row] = await db.insert(projectNotes).values({ ...v, tenantId: assertTenant(tenantId) }).returning({ id: projectNotes.id });
  return row.id;
}

export const listFiles = (db: Executor, tenantId: string, jobId: string, publicOnly: boolean): Promise<FileRow[]> =>
  db
    .select()
    .from(projectFiles)
    .where(and(inTenant(projectFiles.tenantId, tenantId), eq(projectFiles.jobId, jobId), publicOnly ? eq(projectFiles.isPublic, true) : undefined))
    .orderBy(desc(projectFiles.createdAt), asc(projectFiles.id));

export async function insertFile(db: Executor, tenantId: string, v: Omit<typeof projectFiles.$inferInsert, "tenantId" | "id">) {
  const [row] = await db.insert(projectFiles).values({ ...v, tenantId: assertTenant(tenantId) }).returning();
  return row;
}

export async function getFile(db: Executor, tenantId: string, id: string): Promise<FileRow | undefined> {
  const rows = await db.select().from(projectFiles).where(and(inTenant(projectFiles.tenantId, tenantId), eq(projectFiles.id, id)));
  return rows[0];
}

/** Time logged on the project's tickets, oldest first; a note only when it is public. */
export const listProjectTime = (db: Executor, tenantId: string, jobId: string) =>
  db
    .select({
      id: timeEntries.id,
      startedAt: timeEntries.startedAt,
      staffName: staffUsers.name,
      hours: sql<string>`${timeEntries.hours}::text`,
      note: sql<string | null>`case when ${timeEntries.notePublic} and ${timeEntries.note} <> '' then ${timeEntries.note} else null end`,
    })
    .from(timeEntries)
    .innerJoin(tickets, and(eq(tickets.tenantId, timeEntries.tenantId), eq(tickets.id, timeEntries.ticketId)))
    .innerJoin(staffUsers, and(eq(staffUsers.tenantId, timeEntries.tenantId), eq(staffUsers.id, timeEntries.staffId)))
    .where(and(inTenant(timeEntries.tenantId, tenantId), eq(tickets.jobId, jobId)))
    .orderBy(asc(timeEntries.startedAt), asc(timeEntries.id))
    .limit(1000);
