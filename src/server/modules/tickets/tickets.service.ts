/** Tickets in the portal (TKT-1..TKT-5) and in the staff console. Every method authorizes first. */
import type { z } from "zod";
import type {
  PortalCreateRefusal,
  portalCreateTicketBody,
  PortalTicketForm,
  portalTicketListQuery,
  staffAddNoteBody,
  staffCreateTicketBody,
  staffTicketListQuery,
  staffUpdateTicketBody,
  timeEntryBody,
} from "../../../shared/tickets-api.js";
import type { Executor, Tx } from "../../db/client.js";
import type { ApprovalsService } from "../approvals/approvals.service.js";
import type { ContractsService } from "../contracts/contracts.service.js";
import type { LookupKind } from "../../db/schema/index.js";
import { type Deps, inTransaction } from "../../deps.js";
import { AppError, invalid, notFound } from "../../errors.js";
import type { ContactActor, StaffActor } from "../../policy/actors.js";
import { authorize, can, portalJobScope, portalTicketScope, type Resource } from "../../policy/policy.js";
import type { Repos } from "../../repos.js";
import type { JobView } from "../jobs/jobs.repo.js";
import type { LookupRow } from "../lookups/lookups.repo.js";
import type { TicketNotifications } from "./ticket-notifications.js";
import { presentPortalTicket, presentPortalTicketList, presentStaffRow, presentStaffTicket } from "./tickets.presenter.js";
import type { ReadAs } from "../sessions/sessions.service.js";
import type { TicketDetailRow } from "./tickets.repo.js";

const jobResource = (j: JobView): Resource => ({
  tenantId: j.tenantId,
  accountId: j.accountId,
  jobVisible: j.visibleInPortal,
  jobAddTickets: j.customersAddTickets,
  jobActive: j.status === "active",
  jobContactId: j.contactId,
  jobIsDefault: j.isDefault,
});
const ticketResource = (t: TicketDetailRow): Resource => ({
  tenantId: t.ticket.tenantId,
  accountId: t.ticket.accountId,
  jobVisible: t.jobVisible,
  ticketContactId: t.ticket.contactId,
  jobContactId: t.jobContactId,
});

const fieldOf: Record<string, { kind: LookupKind; field: string }> = {
  siteId: { kind: "site", field: "site" },
  typeId: { kind: "ticket_type", field: "ticket_type" },
  priorityId: { kind: "priority", field: "priority" },
  issueTypeId: { kind: "issue_type", field: "issue_type" },
  subIssueTypeId: { kind: "sub_issue_type", field: "sub_issue_type" },
  hardwareAssetId: { kind: "hardware_asset", field: "hardware_asset" },
  softwareAssetId: { kind: "software_asset", field: "software_asset" },
};
type LookupIds = Partial<Record<keyof typeof fieldOf, string | null>>;

export function createTicketsService(
  d: Deps,
  {
    tickets: repo,
    accounts: { getAccount },
    contacts: { getContact },
    jobs: { getJob, listJobs, listJobsOpenForTickets },
    lookups: { getLookups, listLookups },
    portalRoles: { getPortalRole },
    staff: { getStaff, findFirstActiveAdmin },
    tenants: { getSettings },
    approvals: { ticketHolds, lockJob },
  }: Pick<Repos, "tickets" | "accounts" | "contacts" | "jobs" | "lookups" | "portalRoles" | "staff" | "tenants" | "approvals">,
  {
    notifications: { notifyContactOfReply, notifyCustomerActivity },
    approvals,
    contracts,
  }: { notifications: TicketNotifications; approvals: Pick<ApprovalsService, "supersede">; contracts: Pick<ContractsService, "checkRetainerAlerts"> },
) {
  // ---------------- portal ----------------

  /**
   * One statement: the page, its count, whether "Raise a ticket" shows, and the session's check (`as`). The page's
   * rows come as JSON the database keeps (`portal_row`, migration 0011).
   */
  async function listPortalTickets(as: ReadAs<ContactActor>, q: z.infer<typeof portalTicketListQuery>) {
    const { actor, list } = await as.read(async (actor, check) => {
      authorize(actor, "portal.ticket.list");
      // Whoever may list has a scope (policy-scopes.test.ts holds the policy to it).
      const scope = portalTicketScope(actor)!;
      const list = await repo.listPortalTickets(d.db, actor.tenantId, scope, portalJobScope(actor), q, check);
      return { session: list.also.session, value: { actor, list } };
    });
    // The list page shows "Raise a ticket" from `can.create`, or why not, without a request for the whole form.
    const open = list.also.open;
    const createRefusal = await refusalFor(actor, open);
    return presentPortalTicketList(list.itemsJson, { total: list.total, totalCapped: list.totalCapped, page: q.page, pageSize: q.pageSize, can: { create: open }, createRefusal });
  }

  /**
   * When no job is open to the contact: why (the role, or no job of the account takes portal tickets) and whom
   * to ask — the manager of the account's default job, else the staff member new portal tickets go to.
   */
  async function refusalFor(actor: ContactActor, anyOpen: boolean): Promise<PortalCreateRefusal | null> {
    if (anyOpen) return null;
    const [account, jobs, settings] = await Promise.all([
      getAccount(d.db, actor.tenantId, actor.accountId),
      listJobs(d.db, actor.tenantId, actor.accountId),
      getSettings(d.db, actor.tenantId),
    ]);
    let askName: string | null = null;
    for (const id of [jobs.find((j) => j.isDefault)?.managerStaffId, settings.newTicketAssigneeId]) {
      const person = id ? await getStaff(d.db, actor.tenantId, id) : undefined;
      if (person && !person.disabledAt) {
        askName = person.name;
        break;
      }
    }
    return { reason: can(actor, "portal.ticket.create") ? "no_job" : "role", accountName: account?.name ?? "", askName };
  }

  /** The role of the account in view decides the form (ROL-2). */
  async function formLayout(actor: ContactActor) {
    const role = actor.portalRoleId ? await getPortalRole(d.db, actor.tenantId, actor.portalRoleId) : undefined;
    // TKT-2: the quick form is title, details and attachments, whether a role chose it or there is no role.
    const full = role && !role.quickForm ? role : undefined;
    return {
      quick: !full,
      fields: new Set(full ? full.visibleFields : ["attachments"]),
      defaultTypeId: role?.defaultTypeId ?? null,
      defaultPriorityId: role?.defaultPriorityId ?? null,
    };
  }

  /**
   * JOB-1, ROL-4: the jobs read by the policy's scope, so the jobs offered and the rule cannot disagree.
   * None without the role's "create tickets": a contact may create tickets exactly when this is not empty.
   */
  async function jobsOpenTo(actor: ContactActor) {
    const scope = portalJobScope(actor);
    return scope ? listJobsOpenForTickets(d.db, actor.tenantId, scope) : [];
  }
  async function portalTicketForm(actor: ContactActor): Promise<PortalTicketForm> {
    authorize(actor, "portal.ticket.list");
    const layout = await formLayout(actor);
    const settings = await getSettings(d.db, actor.tenantId);
    const jobs = await jobsOpenTo(actor);
    const kinds: LookupKind[] = ["ticket_type", "priority", "issue_type", "sub_issue_type"];
    const [shared, ofAccount] = await Promise.all([
      listLookups(d.db, actor.tenantId, { activeOnly: true }),
      listLookups(d.db, actor.tenantId, { accountId: actor.accountId, activeOnly: true }),
    ]);
    const options: PortalTicketForm["options"] = {};
    for (const l of [...shared.filter((x) => kinds.includes(x.kind)), ...ofAccount]) {
      (options[l.kind] ??= []).push({ id: l.id, name: l.name, parentId: l.parentId });
    }
    return {
      layout: layout.quick ? "quick" : "full",
      visibleFields: [...layout.fields],
      introText: settings.addTicketTextActive && settings.addTicketText ? settings.addTicketText : null,
      jobs: jobs.map((j) => ({ id: j.id, name: j.name, number: j.number, isDefault: j.isDefault })),
      defaults: { jobId: jobs.find((j) => j.isDefault)?.id ?? jobs[0]?.id ?? null, typeId: layout.defaultTypeId, priorityId: layout.defaultPriorityId },
      options,
      canCreate: jobs.length > 0,
      refusal: await refusalFor(actor, jobs.length > 0),
    };
  }

  /** Each list id must be of its kind, active, of the tenant, and sites/assets of the ticket's account. */
  async function checkLookups(tenantId: string, accountId: string, v: LookupIds) {
    const ids = Object.values(v).filter((x): x is string => !!x);
    const found = new Map((await getLookups(d.db, tenantId, ids)).map((l) => [l.id, l]));
    for (const [key, id] of Object.entries(v)) {
      if (!id) continue;
      const l = found.get(id);
      const spec = fieldOf[key];
      if (!l || l.kind !== spec.kind || !l.active || (l.accountId !== null && l.accountId !== accountId)) throw invalid(key, `is not a ${spec.field.replace(/_/g, " ")} you can choose`);
    }
    if (v.subIssueTypeId) {
      if (found.get(v.subIssueTypeId)?.parentId !== v.issueTypeId) throw invalid("subIssueTypeId", "does not belong to the chosen issue type");
    }
  }

  /** A status on which the ticket is open and waits on staff. */
  const onStaffSide = (s: LookupRow) => !s.isClosed && !s.awaitsCustomer;

  async function firstStatus(tenantId: string) {
    const statuses = await listLookups(d.db, tenantId, { kind: "status", activeOnly: true });
    const open = statuses.find(onStaffSide);
    if (!open) throw new AppError("CONFLICT", "No open ticket status is set up; ask support to add one");
    return open.id;
  }

  /**
   * TKT-5: who new portal tickets go to, and who hears of a customer's note on an unassigned ticket: the
   * tenant's choice, or the first active administrator while that person is disabled; never a disabled user.
   */
  async function newTicketOwner(db: Executor, tenantId: string) {
    const { newTicketAssigneeId: id } = await getSettings(db, tenantId);
    if (!id) return null;
    const chosen = await getStaff(db, tenantId, id);
    return chosen && !chosen.disabledAt ? chosen.id : findFirstActiveAdmin(db, tenantId);
  }

  /**
   * A customer's reply puts a ticket that waits on the customer back on the staff side: the status it had
   * before, or else the first open status that waits on staff. Null: the status stays.
   */
  async function statusAfterCustomerReply(db: Executor, t: TicketDetailRow) {
    if (!t.statusAwaitsCustomer) return null;
    const statuses = (await listLookups(db, t.ticket.tenantId, { kind: "status", activeOnly: true })).filter(onStaffSide);
    return (statuses.find((s) => s.id === t.ticket.resumeStatusId) ?? statuses[0])?.id ?? null;
  }

  /** TKT-2: the creating contact becomes the ticket's contact; the job must be open for them. */
  async function createPortalTicket(actor: ContactActor, body: z.infer<typeof portalCreateTicketBody>) {
    authorize(actor, "portal.ticket.create");
    const layout = await formLayout(actor);
    const { title, details, jobId, ...lookupIds } = body;
    for (const [key, id] of Object.entries(lookupIds)) {
      if (id && !layout.fields.has(fieldOf[key].field)) throw invalid(key, "is not on your ticket form");
    }
    if (jobId && layout.quick) throw invalid("jobId", "is not on your ticket form");
    let job: JobView | undefined;
    if (jobId) {
      job = await getJob(d.db, actor.tenantId, jobId);
      if (!job) throw notFound();
    } else {
      const open = await jobsOpenTo(actor);
      job = open.find((j) => j.isDefault) ?? open[0];
      if (!job) throw invalid("jobId", "no job is open for new tickets; contact support");
    }
    authorize(actor, "portal.ticket.createOnJob", jobResource(job));
    const ids: LookupIds = { ...lookupIds, typeId: lookupIds.typeId ?? layout.defaultTypeId, priorityId: lookupIds.priorityId ?? layout.defaultPriorityId };
    await checkLookups(actor.tenantId, actor.accountId, ids);
    const statusId = await firstStatus(actor.tenantId);
    const now = d.clock();
    const id = await inTransaction(d, async (tx) => {
      const number = await repo.nextTicketNumber(tx, actor.tenantId);
      const assignedStaffId = await newTicketOwner(tx, actor.tenantId);
      const id = await repo.insertTicket(tx, actor.tenantId, {
        number,
        accountId: actor.accountId,
        jobId: job.id,
        contactId: actor.contactId,
        assignedStaffId,
        title,
        details,
        statusId,
        ...ids,
        createdVia: "portal",
        createdAt: now,
        updatedAt: now,
      });
      const t = (await repo.getTicket(tx, actor.tenantId, id))!;
      const contact = await getContact(tx, actor.tenantId, actor.contactId);
      await notifyCustomerActivity(tx, t, { kind: "created", by: actor.name, byEmail: contact?.email ?? null, text: details, ownerId: assignedStaffId });
      return id;
    });
    return getPortalTicket(actor, id);
  }

  async function loadForContact(actor: ContactActor, id: string) {
    const t = await repo.getTicket(d.db, actor.tenantId, id);
    // The same answer as the policy's for a ticket out of scope: "not yours" and "missing" look alike.
    if (!t) throw notFound();
    return t;
  }

  async function getPortalTicket(actor: ContactActor, id: string) {
    const t = await loadForContact(actor, id);
    authorize(actor, "portal.ticket.read", ticketResource(t));
    const settings = await getSettings(d.db, actor.tenantId);
    const [notes, files, time] = await Promise.all([
      repo.listNotes(d.db, actor.tenantId, id, true),
      repo.listAttachments(d.db, actor.tenantId, id, true),
      settings.showTimeEntries ? repo.listTimeEntries(d.db, actor.tenantId, id) : Promise.resolve(null),
    ]);
    return presentPortalTicket(actor, t, notes, files, time);
  }

  async function addPortalNote(actor: ContactActor, id: string, text: string) {
    const t = await loadForContact(actor, id);
    authorize(actor, "portal.ticket.addNote", ticketResource(t));
    const now = d.clock();
    await inTransaction(d, async (tx) => {
      await repo.insertNote(tx, actor.tenantId, { ticketId: id, body: text, isPublic: true, authorContactId: actor.contactId, authorName: actor.name, createdAt: now });
      const statusId = await statusAfterCustomerReply(tx, t);
      await repo.updateTicket(tx, actor.tenantId, id, {
        updatedAt: now,
        // The queue shows how long the customer has been waiting: since their first unanswered reply.
        customerRepliedAt: t.ticket.customerRepliedAt ?? now,
        ...(statusId ? { statusId, resumeStatusId: null } : {}),
      });
      const contact = await getContact(tx, actor.tenantId, actor.contactId);
      const ownerId = t.ticket.assignedStaffId ?? (await newTicketOwner(tx, actor.tenantId));
      await notifyCustomerActivity(tx, t, { kind: "note", by: actor.name, byEmail: contact?.email ?? null, text, ownerId });
    });
    return getPortalTicket(actor, id);
  }

  /** For uploads and downloads: the ticket, if this contact may add to it. */
  async function ticketForContactUpload(actor: ContactActor, id: string) {
    const t = await loadForContact(actor, id);
    authorize(actor, "portal.ticket.addNote", ticketResource(t));
    return t;
  }

  async function ticketForContactRead(actor: ContactActor, id: string, isPublic: boolean) {
    const t = await loadForContact(actor, id);
    authorize(actor, "portal.attachment.read", { ...ticketResource(t), isPublic });
    return t;
  }

  // ---------------- staff ----------------

  async function listStaffTickets(actor: StaffActor, q: z.infer<typeof staffTicketListQuery>) {
    authorize(actor, "ticket.read");
    const assigned = q.assignedStaffId === "none" ? null : q.assignedStaffId === "me" ? actor.staffId : q.assignedStaffId;
    const { items, total, totalCapped } = await repo.listStaffTickets(d.db, actor.tenantId, { ...q, assignedStaffId: assigned });
    return { items: items.map(presentStaffRow), total, totalCapped, page: q.page, pageSize: q.pageSize };
  }

  async function loadForStaff(actor: StaffActor, id: string) {
    const t = await repo.getTicket(d.db, actor.tenantId, id);
    if (!t) throw notFound("Ticket not found");
    return t;
  }

  async function getStaffTicket(actor: StaffActor, id: string) {
    authorize(actor, "ticket.read");
    const t = await loadForStaff(actor, id);
    const [notes, files, time] = await Promise.all([
      repo.listNotes(d.db, actor.tenantId, id, false),
      repo.listAttachments(d.db, actor.tenantId, id, false),
      repo.listTimeEntries(d.db, actor.tenantId, id),
    ]);
    return presentStaffTicket(t, notes, files, time);
  }

  /** The staff member and status a write names must be the tenant's; the status is returned. */
  async function checkStaffRefs(actor: StaffActor, v: { assignedStaffId?: string | null; statusId?: string | null }) {
    if (v.assignedStaffId && !(await getStaff(d.db, actor.tenantId, v.assignedStaffId))) throw invalid("assignedStaffId", "is not a staff user");
    if (!v.statusId) return undefined;
    const [s] = await getLookups(d.db, actor.tenantId, [v.statusId]);
    if (!s || s.kind !== "status") throw invalid("statusId", "is not a ticket status");
    return s;
  }

  /**
   * Staff changed the status: the customer's reply is answered. Moving to a status that waits on the customer
   * remembers the one it leaves, so the customer's next reply brings it back.
   */
  function statusChange(t: TicketDetailRow, to: LookupRow | undefined) {
    if (!to || to.id === t.ticket.statusId) return {};
    const resumeStatusId = to.awaitsCustomer ? (t.statusAwaitsCustomer ? t.ticket.resumeStatusId : t.ticket.statusId) : null;
    return { customerRepliedAt: null, resumeStatusId };
  }

  async function createStaffTicket(actor: StaffActor, body: z.infer<typeof staffCreateTicketBody>) {
    authorize(actor, "ticket.manage");
    const { title, details, jobId, contactId, assignedStaffId, statusId, ...lookupIds } = body;
    const job = await getJob(d.db, actor.tenantId, jobId);
    if (!job) throw invalid("jobId", "is not a job");
    if (contactId) {
      const c = await getContact(d.db, actor.tenantId, contactId);
      if (!c || !c.accounts.some((a) => a.id === job.accountId)) throw invalid("contactId", "is not a contact of the job's account");
    }
    await checkStaffRefs(actor, { assignedStaffId, statusId });
    await checkLookups(actor.tenantId, job.accountId, lookupIds);
    const status = statusId ?? (await firstStatus(actor.tenantId));
    const now = d.clock();
    const id = await inTransaction(d, async (tx) => {
      const number = await repo.nextTicketNumber(tx, actor.tenantId);
      return repo.insertTicket(tx, actor.tenantId, {
        number,
        accountId: job.accountId,
        jobId,
        contactId,
        assignedStaffId,
        title,
        details,
        statusId: status,
        ...lookupIds,
        createdVia: "staff",
        createdAt: now,
        updatedAt: now,
      });
    });
    return getStaffTicket(actor, id);
  }

  async function updateStaffTicket(actor: StaffActor, id: string, body: z.infer<typeof staffUpdateTicketBody>) {
    authorize(actor, "ticket.manage");
    const t = await loadForStaff(actor, id);
    const status = await checkStaffRefs(actor, body);
    if (body.jobId) {
      const job = await getJob(d.db, actor.tenantId, body.jobId);
      if (!job || job.accountId !== t.ticket.accountId) throw invalid("jobId", "is not a job of the ticket's account");
    }
    await checkLookups(actor.tenantId, t.ticket.accountId, { priorityId: body.priorityId, typeId: body.typeId });
    await inTransaction(d, async (tx) => {
      // Moving a ticket moves its time to another job: approved work stays where it was approved.
      if (body.jobId && body.jobId !== t.ticket.jobId) {
        await underJobLock(tx, actor, [t.ticket.jobId, body.jobId], async () => releaseHolds(tx, actor, await ticketHolds(tx, actor.tenantId, id), "Time on this ticket"));
      }
      await repo.updateTicket(tx, actor.tenantId, id, { ...body, ...statusChange(t, status), updatedAt: d.clock() });
      // CON-1: the ticket's time now counts against the new job's retainer.
      if (body.jobId && body.jobId !== t.ticket.jobId) await contracts.checkRetainerAlerts(tx, actor.tenantId, body.jobId);
    });
    return getStaffTicket(actor, id);
  }

  async function addStaffNote(actor: StaffActor, id: string, body: z.infer<typeof staffAddNoteBody>) {
    authorize(actor, "ticket.manage");
    const t = await loadForStaff(actor, id);
    const now = d.clock();
    await inTransaction(d, async (tx) => {
      await repo.insertNote(tx, actor.tenantId, { ticketId: id, body: body.body, isPublic: body.isPublic, authorStaffId: actor.staffId, authorName: actor.name, createdAt: now });
      // A public answer is staff's reply to the customer; an internal note leaves the ticket waiting on staff.
      await repo.updateTicket(tx, actor.tenantId, id, { updatedAt: now, ...(body.isPublic ? { customerRepliedAt: null } : {}) });
      if (body.isPublic) await notifyContactOfReply(tx, t, actor.name, body.body);
    });
    return getStaffTicket(actor, id);
  }

  /** The entry's fields from the form: who, when, how long, the note and whether it is billable. */
  async function timeEntryValues(actor: StaffActor, body: z.infer<typeof timeEntryBody>) {
    const staffId = body.staffId ?? actor.staffId;
    await checkStaffRefs(actor, { assignedStaffId: staffId });
    const startedAt = new Date(body.startedAt);
    const endedAt = new Date(body.endedAt);
    const hours = Math.round(((endedAt.getTime() - startedAt.getTime()) / 3_600_000) * 100) / 100;
    return { staffId, startedAt, endedAt, hours, note: body.note, notePublic: body.notePublic, billable: body.billable };
  }

  async function addTimeEntry(actor: StaffActor, id: string, body: z.infer<typeof timeEntryBody>) {
    authorize(actor, "ticket.manage");
    const t = await loadForStaff(actor, id);
    const values = await timeEntryValues(actor, body);
    await inTransaction(d, async (tx) => {
      await repo.insertTimeEntry(tx, actor.tenantId, { ticketId: id, ...values, createdAt: d.clock() });
      // CON-1: a retainer by hours the job counts against is checked against its alert thresholds in this transaction.
      await contracts.checkRetainerAlerts(tx, actor.tenantId, t.ticket.jobId);
    });
    return getStaffTicket(actor, id);
  }

  /**
   * Work held by an approval version changes only as that version allows: approved work is locked until it is
   * reopened; a change to work awaiting an answer withdraws that version, since it no longer shows the truth.
   */
  async function releaseHolds(tx: Tx, actor: StaffActor, holds: { id: string; version: number; status: string }[], what: string) {
    const approved = holds.find((h) => h.status === "approved");
    if (approved) throw new AppError("CONFLICT", `${what} is part of approved work (version ${approved.version}): reopen that approval on the approval screen before changing it.`);
    for (const h of holds) {
      if (h.status !== "awaiting") continue;
      // The customer answered it a moment ago: whatever they said, the change is no longer the one that was asked.
      if (!(await approvals.supersede(tx, actor.tenantId, h, { staffId: actor.staffId, name: actor.name }, `${what} changed after this version was sent, so it was withdrawn.`))) {
        throw new AppError("CONFLICT", `Version ${h.version} was answered just now: reload to see the answer before changing it.`);
      }
    }
  }

  /**
   * Changes to time held by approvals happen under the job's lock (the one a send takes), with the holds read again
   * inside the transaction, so a send, an answer and a change are taken one after the other.
   */
  async function underJobLock<T>(tx: Tx, actor: StaffActor, jobIds: string[], fn: () => Promise<T>) {
    for (const jobId of [...new Set(jobIds)].sort()) await lockJob(tx, actor.tenantId, jobId);
    return fn();
  }

  /** Runs a change to one time entry with its holds as they are now, under the job's lock. */
  async function changeTimeEntry(actor: StaffActor, ticketId: string, entryId: string, change: (tx: Tx) => Promise<unknown>) {
    authorize(actor, "ticket.manage");
    const t = await loadForStaff(actor, ticketId);
    await inTransaction(d, (tx) =>
      underJobLock(tx, actor, [t.ticket.jobId], async () => {
        const e = await repo.getTimeEntry(tx, actor.tenantId, ticketId, entryId);
        if (!e) throw notFound("Time entry not found");
        await releaseHolds(tx, actor, e.hold?.id ? [e.hold] : [], "This time entry");
        await change(tx);
        await contracts.checkRetainerAlerts(tx, actor.tenantId, t.ticket.jobId);
      }),
    );
    return getStaffTicket(actor, ticketId);
  }

  async function updateTimeEntry(actor: StaffActor, ticketId: string, entryId: string, body: z.infer<typeof timeEntryBody>) {
    authorize(actor, "ticket.manage");
    const values = await timeEntryValues(actor, body);
    return changeTimeEntry(actor, ticketId, entryId, (tx) => repo.updateTimeEntry(tx, actor.tenantId, entryId, values));
  }

  const deleteTimeEntry = (actor: StaffActor, ticketId: string, entryId: string) =>
    changeTimeEntry(actor, ticketId, entryId, (tx) => repo.deleteTimeEntry(tx, actor.tenantId, entryId));

  return {
    listPortalTickets,
    portalTicketForm,
    createPortalTicket,
    getPortalTicket,
    addPortalNote,
    ticketForContactUpload,
    ticketForContactRead,
    listStaffTickets,
    loadForStaff,
    getStaffTicket,
    createStaffTicket,
    updateStaffTicket,
    addStaffNote,
    addTimeEntry,
    updateTimeEntry,
    deleteTimeEntry,
  };
}
export type TicketsService = ReturnType<typeof createTicketsService>;
