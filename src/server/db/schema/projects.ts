import { bigserial, boolean, date, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { contacts } from "./contacts.js";
import { staffUsers } from "./staff.js";
import { sameTenant, tenantIdColumn, tenantKey } from "./tenants.js";
import { jobs } from "./tickets.js";

/** PRJ-1: a project is a job (jobs.is_project) with phases, tasks, assigned staff and associated contacts. */
export const projectPhases = pgTable(
  "project_phases",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    jobId: uuid("job_id").notNull(),
    name: text("name").notNull(),
    sort: integer("sort").notNull().default(0),
    dueDate: date("due_date", { mode: "string" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [tenantKey("project_phases", t), index("project_phases_job_idx").on(t.tenantId, t.jobId, t.sort), sameTenant("project_phases_job_fk", t, t.jobId, jobs, "cascade")],
);

export const projectTaskStatuses = ["not_started", "in_progress", "blocked", "done"] as const;
export type ProjectTaskStatus = (typeof projectTaskStatuses)[number];

export const projectTasks = pgTable(
  "project_tasks",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    jobId: uuid("job_id").notNull(),
    phaseId: uuid("phase_id"),
    title: text("title").notNull(),
    status: text("status").$type<ProjectTaskStatus>().notNull().default("not_started"),
    /** 0–100; a done task counts as 100. */
    progress: integer("progress").notNull().default(0),
    dueDate: date("due_date", { mode: "string" }),
    assignedStaffId: uuid("assigned_staff_id"),
    sort: integer("sort").notNull().default(0),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    tenantKey("project_tasks", t),
    index("project_tasks_job_idx").on(t.tenantId, t.jobId, t.sort),
    sameTenant("project_tasks_job_fk", t, t.jobId, jobs, "cascade"),
    sameTenant("project_tasks_phase_fk", t, t.phaseId, projectPhases),
    sameTenant("project_tasks_assigned_staff_fk", t, t.assignedStaffId, staffUsers),
  ],
);

/** Staff assigned to a project: they are emailed when an associated contact adds a note or a file. */
export const projectStaff = pgTable(
  "project_staff",
  {
    tenantId: tenantIdColumn(),
    jobId: uuid("job_id").notNull(),
    staffId: uuid("staff_id").notNull(),
  },
  (t) => [
    uniqueIndex("project_staff_key").on(t.tenantId, t.jobId, t.staffId),
    sameTenant("project_staff_job_fk", t, t.jobId, jobs, "cascade"),
    sameTenant("project_staff_staff_fk", t, t.staffId, staffUsers, "cascade"),
  ],
);

/**
 * A contact associated with a project, and what this association lets them see or add. Each "view" is capped
 * by the tenant's project switch of the same name (portal_settings.project_view_*); adding notes or files
 * also needs seeing them.
 */
export const projectContacts = pgTable(
  "project_contacts",
  {
    tenantId: tenantIdColumn(),
    jobId: uuid("job_id").notNull(),
    contactId: uuid("contact_id").notNull(),
    viewNotes: boolean("view_notes").notNull().default(true),
    addNotes: boolean("add_notes").notNull().default(true),
    viewFiles: boolean("view_files").notNull().default(true),
    addFiles: boolean("add_files").notNull().default(true),
    viewOrganisation: boolean("view_organisation").notNull().default(false),
    viewClients: boolean("view_clients").notNull().default(false),
    viewTasks: boolean("view_tasks").notNull().default(true),
    viewTime: boolean("view_time").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex("project_contacts_key").on(t.tenantId, t.jobId, t.contactId),
    index("project_contacts_contact_idx").on(t.tenantId, t.contactId),
    sameTenant("project_contacts_job_fk", t, t.jobId, jobs, "cascade"),
    sameTenant("project_contacts_contact_fk", t, t.contactId, contacts, "cascade"),
  ],
);

export const projectNotes = pgTable(
  "project_notes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    jobId: uuid("job_id").notNull(),
    body: text("body").notNull(),
    /** Internal notes (staff only) never reach the portal. */
    isPublic: boolean("is_public").notNull(),
    authorStaffId: uuid("author_staff_id"),
    authorContactId: uuid("author_contact_id"),
    authorName: text("author_name").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    seq: bigserial("seq", { mode: "number" }).notNull(),
  },
  (t) => [
    index("project_notes_job_idx").on(t.tenantId, t.jobId, t.seq),
    sameTenant("project_notes_job_fk", t, t.jobId, jobs, "cascade"),
    sameTenant("project_notes_author_staff_fk", t, t.authorStaffId, staffUsers),
    sameTenant("project_notes_author_contact_fk", t, t.authorContactId, contacts),
  ],
);

export const projectFiles = pgTable(
  "project_files",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    jobId: uuid("job_id").notNull(),
    isPublic: boolean("is_public").notNull().default(true),
    filename: text("filename").notNull(),
    contentType: text("content_type").notNull(),
    size: integer("size").notNull(),
    storageKey: text("storage_key").notNull(),
    uploadedByStaffId: uuid("uploaded_by_staff_id"),
    uploadedByContactId: uuid("uploaded_by_contact_id"),
    uploadedByName: text("uploaded_by_name").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    index("project_files_job_idx").on(t.tenantId, t.jobId, t.createdAt),
    sameTenant("project_files_job_fk", t, t.jobId, jobs, "cascade"),
    sameTenant("project_files_staff_fk", t, t.uploadedByStaffId, staffUsers),
    sameTenant("project_files_contact_fk", t, t.uploadedByContactId, contacts),
  ],
);
