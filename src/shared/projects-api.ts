/**
 * The HTTP contract for projects (PRJ-1): a project is a job with phases and tasks, assigned staff and associated
 * contacts. What a contact sees of a project is the association's flags capped by the tenant's six switches (seed 004);
 * a section the contact may not see is absent from the portal's answer, not merely hidden by the page.
 */
import { z } from "zod";
import { page, uuidSchema } from "./api.js";

const iso = z.string();
const ref = z.object({ id: z.string(), name: z.string() }).nullable();
const text = (max: number) => z.string().trim().min(1, "is required").max(max, `must be at most ${max} characters`);
const longText = (max: number) => z.string().trim().max(max, `must be at most ${max} characters`);
const optionalId = uuidSchema.nullish().transform((v) => v ?? null);

/** A calendar day, YYYY-MM-DD, that exists. */
export const daySchema = z
  .string()
  .regex(/^(19|20)\d{2}-\d{2}-\d{2}$/, "is not a date (YYYY-MM-DD)")
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
  }, "is not a date on the calendar");
/** A day that may be left empty ("" or null: none). */
const optionalDay = z
  .union([z.literal(""), daySchema])
  .nullish()
  .transform((v) => (v ? v : null));

export const projectTaskStatuses = ["not_started", "in_progress", "blocked", "done"] as const;
export type ProjectTaskStatus = (typeof projectTaskStatuses)[number];
export const projectTaskStatusLabels: Record<ProjectTaskStatus, string> = {
  not_started: "Not started",
  in_progress: "In progress",
  blocked: "Blocked",
  done: "Done",
};
export const projectTaskStatusColors: Record<ProjectTaskStatus, string> = { not_started: "gray", in_progress: "blue", blocked: "red", done: "green" };
export const projectStatusLabels = { active: "Active", closed: "Closed" } as const;

/** The six things a contact may see of a project (seed 004 "Project Settings"), in the order the pages show them. */
export const projectViews = ["viewNotes", "viewFiles", "viewOrganisation", "viewClients", "viewTasks", "viewTime"] as const;
export type ProjectView = (typeof projectViews)[number];
export const projectViewLabels: Record<ProjectView, string> = {
  viewNotes: "See notes",
  viewFiles: "See files",
  viewOrganisation: "See the organisation",
  viewClients: "See the other clients",
  viewTasks: "See phases and tasks",
  viewTime: "See time logged",
};
export const projectAddLabels = { addNotes: "Add notes", addFiles: "Add files" } as const;

// ---------- progress and what is due ----------

/** How far a project is: the average of its tasks' progress, a done task counting as 100; and how many tasks are in each status. */
export const projectProgressDto = z.object({
  /** 0–100, rounded; 0 while the project has no tasks. */
  percent: z.number(),
  tasks: z.number(),
  byStatus: z.object({ not_started: z.number(), in_progress: z.number(), blocked: z.number(), done: z.number() }),
});
export type ProjectProgress = z.infer<typeof projectProgressDto>;

/** A task's progress as it counts: done is 100 whatever was typed. */
export const effectiveProgress = (t: { status: ProjectTaskStatus; progress: number }) => (t.status === "done" ? 100 : Math.max(0, Math.min(100, t.progress)));

export function projectProgress(tasks: { status: ProjectTaskStatus; progress: number }[]): ProjectProgress {
  const byStatus = { not_started: 0, in_progress: 0, blocked: 0, done: 0 };
  let sum = 0;
  for (const t of tasks) {
    byStatus[t.status]++;
    sum += effectiveProgress(t);
  }
  return { percent: tasks.length ? Math.round(sum / tasks.length) : 0, tasks: tasks.length, byStatus };
}

export const UPCOMING_DAYS = 14;
export const upcomingItemDto = z.object({
  kind: z.enum(["task", "phase", "project"]),
  id: z.string(),
  name: z.string(),
  dueDate: z.string(),
  /** Due before today (in the tenant's time zone) and not done. */
  overdue: z.boolean(),
});
export type UpcomingItem = z.infer<typeof upcomingItemDto>;

/** Days from `from` to `to`, both YYYY-MM-DD. */
export const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

/**
 * What is due soon: open tasks and phases due within the next 14 days or already overdue, and the project's own
 * due date while it is active; soonest first. A phase is open while it has no tasks or any task not done.
 */
export function upcomingOf(
  today: string,
  project: { id: string; name: string; status: "active" | "closed"; dueDate: string | null },
  phases: { id: string; name: string; dueDate: string | null }[],
  tasks: { id: string; title: string; status: ProjectTaskStatus; dueDate: string | null; phaseId: string | null }[],
): UpcomingItem[] {
  const items: UpcomingItem[] = [];
  const soon = (due: string) => daysBetween(today, due) <= UPCOMING_DAYS;
  if (project.status === "active") {
    for (const t of tasks) {
      if (t.dueDate && t.status !== "done" && soon(t.dueDate)) items.push({ kind: "task", id: t.id, name: t.title, dueDate: t.dueDate, overdue: t.dueDate < today });
    }
    for (const p of phases) {
      const own = tasks.filter((t) => t.phaseId === p.id);
      const open = own.length === 0 || own.some((t) => t.status !== "done");
      if (p.dueDate && open && soon(p.dueDate)) items.push({ kind: "phase", id: p.id, name: p.name, dueDate: p.dueDate, overdue: p.dueDate < today });
    }
    if (project.dueDate) items.push({ kind: "project", id: project.id, name: project.name, dueDate: project.dueDate, overdue: project.dueDate < today });
  }
  const order = { project: 2, phase: 1, task: 0 };
  return items.sort((a, b) => a.dueDate.localeCompare(b.dueDate) || order[a.kind] - order[b.kind] || a.name.localeCompare(b.name));
}

// ---------- staff: the project list and a project ----------

export const projectRow = z.object({
  id: z.string(),
  number: z.string(),
  name: z.string(),
  status: z.enum(["active", "closed"]),
  account: z.object({ id: z.string(), name: z.string() }),
  manager: ref,
  startDate: z.string().nullable(),
  dueDate: z.string().nullable(),
  visibleInPortal: z.boolean(),
  progress: projectProgressDto,
  /** The first few things due (see upcomingOf). */
  upcoming: z.array(upcomingItemDto),
  overdue: z.number(),
});
export type ProjectRow = z.infer<typeof projectRow>;
export const projectListResponse = page(projectRow).extend({ today: z.string() });
export type ProjectList = z.infer<typeof projectListResponse>;
export const projectListQuery = z
  .object({
    q: z.string().trim().max(200).optional(),
    status: z.enum(["active", "closed", "all"]).default("active"),
    accountId: uuidSchema.optional(),
    managerStaffId: uuidSchema.optional(),
    sort: z.enum(["due_asc", "name_asc", "number_asc"]).default("due_asc"),
    page: z.coerce.number().int().min(1).max(100000).default(1),
    pageSize: z.coerce.number().int().min(1).max(100).default(25),
  })
  .strict();

const projectAccessShape = {
  viewNotes: z.boolean(),
  addNotes: z.boolean(),
  viewFiles: z.boolean(),
  addFiles: z.boolean(),
  viewOrganisation: z.boolean(),
  viewClients: z.boolean(),
  viewTasks: z.boolean(),
  viewTime: z.boolean(),
};
export const projectAccessDto = z.object(projectAccessShape);
export type ProjectAccessDto = z.infer<typeof projectAccessDto>;
export const projectSwitchesDto = z.object({
  viewNotes: z.boolean(),
  viewFiles: z.boolean(),
  viewOrganisation: z.boolean(),
  viewClients: z.boolean(),
  viewTasks: z.boolean(),
  viewTime: z.boolean(),
});
export type ProjectSwitchesDto = z.infer<typeof projectSwitchesDto>;

export const projectPhaseDto = z.object({ id: z.string(), name: z.string(), sort: z.number(), dueDate: z.string().nullable(), progress: projectProgressDto });
export type ProjectPhaseDto = z.infer<typeof projectPhaseDto>;
export const projectTaskDto = z.object({
  id: z.string(),
  title: z.string(),
  status: z.enum(projectTaskStatuses),
  /** 0–100; 100 for a done task. */
  progress: z.number(),
  dueDate: z.string().nullable(),
  phaseId: z.string().nullable(),
  assignee: ref,
  sort: z.number(),
  overdue: z.boolean(),
});
export type ProjectTaskDto = z.infer<typeof projectTaskDto>;
export const projectNoteDto = z.object({ id: z.string(), body: z.string(), author: z.string(), byStaff: z.boolean(), createdAt: iso });
export const projectFileDto = z.object({ id: z.string(), filename: z.string(), contentType: z.string(), size: z.number(), uploadedBy: z.string(), createdAt: iso });
export const projectContactDto = z.object({
  contactId: z.string(),
  name: z.string(),
  email: z.string().nullable(),
  portalStatus: z.string(),
  /** What the association allows, as ticked. */
  flags: projectAccessDto,
  /** What the contact really gets: the flags capped by the tenant's switches. */
  effective: projectAccessDto,
});
export type ProjectContactDto = z.infer<typeof projectContactDto>;

export const staffProjectDto = projectRow.extend({
  description: z.string(),
  today: z.string(),
  /** The tenant's switches (Portal settings → Billing and projects), which cap every association. */
  switches: projectSwitchesDto,
  phases: z.array(projectPhaseDto),
  tasks: z.array(projectTaskDto),
  staff: z.array(z.object({ id: z.string(), name: z.string(), email: z.string() })),
  contacts: z.array(projectContactDto),
  notes: z.array(projectNoteDto.extend({ isPublic: z.boolean() })),
  files: z.array(projectFileDto.extend({ isPublic: z.boolean() })),
  can: z.object({ manage: z.boolean() }),
});
export type StaffProjectDto = z.infer<typeof staffProjectDto>;

const projectFields = {
  number: text(50),
  name: text(200),
  description: longText(10_000),
  startDate: optionalDay,
  dueDate: optionalDay,
  managerStaffId: optionalId,
  visibleInPortal: z.boolean(),
};
const datesInOrder = (b: { startDate?: string | null; dueDate?: string | null }) => !b.startDate || !b.dueDate || b.startDate <= b.dueDate;
const datesMessage = { message: "must be on or after the start date", path: ["dueDate"] };
export const createProjectBody = z
  .object({ accountId: uuidSchema, ...projectFields, description: projectFields.description.default(""), visibleInPortal: z.boolean().default(true) })
  .strict()
  .refine(datesInOrder, datesMessage);
export type CreateProjectBody = z.input<typeof createProjectBody>;
/** Turns an existing job into a project, keeping its number, tickets and time. */
export const convertJobBody = z
  .object({ description: projectFields.description.default(""), startDate: optionalDay, dueDate: optionalDay })
  .strict()
  .refine(datesInOrder, datesMessage);
export type ConvertJobBody = z.input<typeof convertJobBody>;
export const updateProjectBody = z
  .object({ ...projectFields, status: z.enum(["active", "closed"]) })
  .partial()
  .strict()
  .refine(datesInOrder, datesMessage);
export type UpdateProjectBody = z.input<typeof updateProjectBody>;

const sortField = z.number().int().min(0, "must be 0 or more").max(10_000, "must be at most 10000");
export const phaseBody = z.object({ name: text(200), dueDate: optionalDay, sort: sortField.default(0) }).strict();
export type PhaseBody = z.input<typeof phaseBody>;
export const updatePhaseBody = z.object({ name: text(200), dueDate: optionalDay, sort: sortField }).partial().strict();
export type UpdatePhaseBody = z.input<typeof updatePhaseBody>;
const progressField = z.number({ message: "must be a whole number from 0 to 100" }).int("must be a whole number from 0 to 100").min(0, "must be at least 0").max(100, "must be at most 100");
const taskFields = {
  title: text(300),
  status: z.enum(projectTaskStatuses, { message: `must be one of ${projectTaskStatuses.join(", ")}` }),
  progress: progressField,
  dueDate: optionalDay,
  phaseId: optionalId,
  assignedStaffId: optionalId,
  sort: sortField,
};
export const taskBody = z
  .object({ ...taskFields, status: taskFields.status.default("not_started"), progress: progressField.default(0), sort: sortField.default(0) })
  .strict();
export type TaskBody = z.input<typeof taskBody>;
export const updateTaskBody = z.object(taskFields).partial().strict();
export type UpdateTaskBody = z.input<typeof updateTaskBody>;
export const phaseParams = z.object({ id: uuidSchema, phaseId: uuidSchema }).strict();
export const taskParams = z.object({ id: uuidSchema, taskId: uuidSchema }).strict();
export const projectContactParams = z.object({ id: uuidSchema, contactId: uuidSchema }).strict();

export const setProjectStaffBody = z.object({ staffIds: z.array(uuidSchema).max(50, "assign at most 50 staff members") }).strict();
export type SetProjectStaffBody = z.input<typeof setProjectStaffBody>;
/** An association's flags; left out: the defaults (notes, files and tasks yes; organisation, clients and time no). */
export const projectContactBody = z
  .object({
    viewNotes: z.boolean().default(true),
    addNotes: z.boolean().default(true),
    viewFiles: z.boolean().default(true),
    addFiles: z.boolean().default(true),
    viewOrganisation: z.boolean().default(false),
    viewClients: z.boolean().default(false),
    viewTasks: z.boolean().default(true),
    viewTime: z.boolean().default(false),
  })
  .strict();
export type ProjectContactBody = z.input<typeof projectContactBody>;
export const projectNoteBody = z.object({ body: text(20_000), isPublic: z.boolean() }).strict();
export type ProjectNoteBody = z.input<typeof projectNoteBody>;
export const portalProjectNoteBody = z.object({ body: text(20_000) }).strict();
export type PortalProjectNoteBody = z.input<typeof portalProjectNoteBody>;
export const projectUploadQuery = z.object({ public: z.enum(["true", "false"]).default("true") }).strict();
export const projectFileUploadResponse = projectFileDto;

// ---------- portal ----------

export const portalProjectRow = z.object({
  id: z.string(),
  number: z.string(),
  name: z.string(),
  status: z.enum(["active", "closed"]),
  startDate: z.string().nullable(),
  dueDate: z.string().nullable(),
  progress: projectProgressDto,
  /** What is due next; tasks and phases only when the contact may see them. */
  upcoming: z.array(upcomingItemDto),
});
export type PortalProjectRow = z.infer<typeof portalProjectRow>;
export const portalProjectListResponse = z.object({ items: z.array(portalProjectRow), today: z.string() });
export type PortalProjectList = z.infer<typeof portalProjectListResponse>;

/**
 * One project as its contact may see it. Each optional section is present exactly when the contact's effective
 * access allows it: organisation, clients, phases and tasks, time, notes, files.
 */
export const portalProjectDto = portalProjectRow.extend({
  description: z.string(),
  today: z.string(),
  access: projectAccessDto,
  organisation: z.object({ name: z.string(), number: z.string().nullable(), timeZone: z.string().nullable() }).optional(),
  clients: z.array(z.object({ name: z.string() })).optional(),
  phases: z.array(projectPhaseDto).optional(),
  tasks: z.array(projectTaskDto.omit({ assignee: true }).extend({ assignee: z.string().nullable() })).optional(),
  time: z
    .object({
      totalHours: z.string(),
      entries: z.array(z.object({ id: z.string(), date: iso, staffName: z.string(), hours: z.string(), note: z.string().nullable() })),
    })
    .optional(),
  notes: z.array(projectNoteDto).optional(),
  files: z.array(projectFileDto).optional(),
  can: z.object({ addNote: z.boolean(), addFile: z.boolean() }),
});
export type PortalProjectDto = z.infer<typeof portalProjectDto>;
