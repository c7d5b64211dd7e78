import type { PortalTicketDto, PortalTicketList, StaffTicketDto } from "../../../shared/tickets-api.js";
import { JsonAnswer } from "../../lib/json-answer.js";
import type { ContactActor } from "../../policy/actors.js";
import { can } from "../../policy/policy.js";
import type { attachments, ticketNotes } from "../../db/schema/index.js";
import type { PortalTicketListRow, TicketDetailRow, TicketListRow, listTimeEntries } from "./tickets.repo.js";

type NoteRow = typeof ticketNotes.$inferSelect;
type AttachmentRow = typeof attachments.$inferSelect;
type TimeRow = Awaited<ReturnType<typeof listTimeEntries>>[number];

const iso = (d: Date) => d.toISOString();

/** Portal list rows: an allow-list; staff-only fields (assignee, account) never leave. */
export const presentPortalRow = (r: PortalTicketListRow) => ({
  id: r.id,
  number: r.number,
  title: r.title,
  status: r.status,
  priority: r.priority,
  job: r.job,
  contact: r.contact,
  createdAt: iso(r.createdAt),
  updatedAt: iso(r.updatedAt),
});

/** The portal's ticket list: its rows as the tickets keep them (`portal_row`, `presentPortalRow` written by the database), then the rest. */
export const presentPortalTicketList = (itemsJson: string, rest: Omit<PortalTicketList, "items">) =>
  new JsonAnswer(`{"items":${itemsJson},${JSON.stringify(rest).slice(1)}`);

export const presentStaffRow = (r: TicketListRow) => ({
  ...presentPortalRow(r),
  account: r.account,
  assignedStaff: r.assignedStaff,
  createdVia: r.createdVia,
  customerRepliedAt: r.customerRepliedAt ? iso(r.customerRepliedAt) : null,
});

const presentNote = (n: NoteRow) => ({ id: n.id, body: n.body, author: n.authorName, byStaff: n.authorStaffId !== null, createdAt: iso(n.createdAt) });
const presentAttachment = (a: AttachmentRow) => ({ id: a.id, filename: a.filename, contentType: a.contentType, size: a.size, uploadedBy: a.uploadedByName, createdAt: iso(a.createdAt) });
const detailRefs = (t: TicketDetailRow) => ({
  details: t.details,
  type: t.type,
  issueType: t.issueType,
  subIssueType: t.subIssueType,
  site: t.site,
  hardwareAsset: t.hardwareAsset,
  softwareAsset: t.softwareAsset,
});

/**
 * TKT-3/TKT-4: public notes and files only; time entries only when the tenant shows them,
 * then staff name and date, plus hours and times when the job has "hours visible"; public notes only.
 */
export function presentPortalTicket(
  actor: ContactActor,
  t: TicketDetailRow,
  notes: NoteRow[],
  files: AttachmentRow[],
  time: TimeRow[] | null,
): PortalTicketDto {
  const resource = { accountId: t.ticket.accountId, jobVisible: t.jobVisible, ticketContactId: t.ticket.contactId, jobContactId: t.jobContactId };
  return {
    ...presentPortalRow(t),
    ...detailRefs(t),
    notes: notes.filter((n) => n.isPublic).map(presentNote),
    attachments: files.filter((a) => a.isPublic).map(presentAttachment),
    timeEntries:
      time?.map((e) => ({
        id: e.id,
        staffName: e.staffName,
        date: iso(e.startedAt),
        hours: t.jobHoursVisible ? e.hours : null,
        startedAt: t.jobHoursVisible ? iso(e.startedAt) : null,
        endedAt: t.jobHoursVisible ? iso(e.endedAt) : null,
        note: e.notePublic && e.note ? e.note : null,
      })) ?? null,
    can: { addNote: can(actor, "portal.ticket.addNote", resource), upload: can(actor, "portal.ticket.addNote", resource) },
  };
}

export function presentStaffTicket(t: TicketDetailRow, notes: NoteRow[], files: AttachmentRow[], time: TimeRow[]): StaffTicketDto {
  return {
    ...presentStaffRow(t),
    ...detailRefs(t),
    notes: notes.map((n) => ({ ...presentNote(n), isPublic: n.isPublic })),
    attachments: files.map((a) => ({ ...presentAttachment(a), isPublic: a.isPublic })),
    timeEntries: time.map((e) => ({
      id: e.id,
      staff: { id: e.staffId, name: e.staffName },
      startedAt: iso(e.startedAt),
      endedAt: iso(e.endedAt),
      hours: e.hours,
      note: e.note,
      notePublic: e.notePublic,
      billable: e.billable,
      approval: e.approvalRequestId ? { requestId: e.approvalRequestId, version: e.approvalVersion ?? 0, status: e.approvalStatus ?? "" } : null,
      can: { edit: e.approvalStatus !== "approved" },
    })),
  };
}
