/**
 * Customer approval of work (APR-1…APR-5): staff send a job's billable work as a frozen, versioned statement
 * to the job contact; the contact approves or queries it in the portal; an unanswered version expires (or
 * counts as approved) when the tenant's period ends. Approved work stays locked until an audited reopen.
 */
import type { z } from "zod";
import type {
  answerApprovalsBody,
  ApprovalJobDetail,
  ApprovalJobList,
  ApprovalJobRow,
  approvalJobQuery,
  ApprovalLineDto,
  ApprovalVersionDto,
  PortalApprovalDto,
  PortalApprovalRow,
  SendApprovalsResponse,
  sendApprovalsBody,
} from "../../../shared/approvals-api.js";
import { formatHours, formatMoney } from "../../../shared/money.js";
import type { Tx } from "../../db/client.js";
import { type Deps, inTransaction } from "../../deps.js";
import { AppError, invalid, notFound } from "../../errors.js";
import type { ContactActor, StaffActor } from "../../policy/actors.js";
import { authorize, can, portalApprovalScope, type Resource } from "../../policy/policy.js";
import type { Repos } from "../../repos.js";
import { portalBase } from "../portal-access/links.js";
import type { PortalSettingsRow } from "../tenants/tenants.repo.js";
import type { ApprovalEventRow, ApprovalJobView, ApprovalLineRow, ApprovalRequestView, WorkEntry } from "./approvals.repo.js";
import { type PricedLine, priceLines, statementHash, statementOf } from "./statement.js";
import { renderStatementPdf } from "./statement-pdf.js";

const DAY_MS = 86_400_000;
const OUTCOMES = new Set(["approved", "queried", "expired", "deemed_approved"]);

/** YYYY-MM-DD of an instant in a time zone. */
export const dayIn = (at: Date, timeZone: string) => new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(at);
const longDate = (at: Date | string, timeZone: string) =>
  new Intl.DateTimeFormat("en-GB", { timeZone: typeof at === "string" ? "UTC" : timeZone, day: "numeric", month: "long", year: "numeric" }).format(typeof at === "string" ? new Date(`${at}T12:00:00Z`) : at);

const jobLabel = (r: { jobNumber: string; jobName: string }) => `${r.jobNumber} · ${r.jobName}`;
const requestResource = (r: ApprovalRequestView): Resource => ({ tenantId: r.tenantId, accountId: r.accountId, sentToContactId: r.contactId });

/** A statement line, frozen (a version's) or priced now (the work not yet sent). */
function presentLine(l: PricedLine): ApprovalLineDto {
  return { timeEntryId: l.timeEntryId, ticket: { id: l.ticketId, number: l.ticketNumber, title: l.ticketTitle }, staffName: l.staffName, date: l.workDate, hours: l.hours, note: l.note, rate: l.rate, amount: l.amount };
}
const presentEvent = (e: ApprovalEventRow) => ({ kind: e.kind, at: e.at.toISOString(), by: e.actorName, comment: e.comment, ip: e.ip, statementHash: e.statementHash });

export function createApprovalsService(d: Deps, { approvals: repo, tenants, outbox, staff, invoices }: Pick<Repos, "approvals" | "tenants" | "outbox" | "staff" | "invoices">) {
  const staffLink = (jobId: string) => `${d.config.publicUrl}/admin/approvals/jobs/${jobId}`;

  /** Why a job cannot be sent now, in a sentence; null when it can. */
  function sendRefusal(settings: PortalSettingsRow, j: ApprovalJobView, unsentEntries: number): string | null {
    if (!settings.approvalEnabled) return "Customer approval is turned off: turn it on under Portal settings.";
    if (!j.requiresApproval) return `${jobLabel(j)} is not on the approval list: switch on "Requires customer approval" on the job.`;
    if (!j.contactId || !j.contactName) return `${jobLabel(j)} has no job contact: choose one on the job, since the request goes to them.`;
    if (!j.contactInAccount) return `${j.contactName} no longer belongs to ${j.accountName}: choose another job contact.`;
    if (j.contactPortalStatus !== "active" && j.contactPortalStatus !== "invited") return `${j.contactName} has no portal login: grant them portal access first.`;
    if (!j.contactEmail) return `${j.contactName} has no email address: add one so the request can reach them.`;
    if (unsentEntries === 0) return "Nothing to send: all billable work up to the cut-off is already sent or approved.";
    return null;
  }

  /** Work without a rate would go to the customer at 0.00: it needs the job's billing rate or the staff member's hourly rate. */
  function missingRate(work: { rate: string | null; staffName: string }[]) {
    const unpriced = work.filter((w) => w.rate === null);
    if (unpriced.length === 0) return null;
    const who = [...new Set(unpriced.map((w) => w.staffName))].join(", ");
    return `${unpriced.length === 1 ? "1 time entry has" : `${unpriced.length} time entries have`} no rate: set a billing rate on the job, or an hourly rate for ${who}.`;
  }

  async function unsentByJob(tenantId: string, settings: PortalSettingsRow, jobIds: string[], cutOff: string) {
    const work = await repo.listUnsentWork(d.db, tenantId, jobIds, cutOff, settings.timeZone);
    const byJob = new Map<string, typeof work>();
    for (const w of work) byJob.set(w.jobId, [...(byJob.get(w.jobId) ?? []), w]);
    return byJob;
  }

  async function latestOf(tenantId: string, rows: ApprovalJobView[]) {
    const ids = rows.map((r) => r.latestId).filter((x): x is string => !!x);
    const [requests, events] = await Promise.all([repo.listRequestsById(d.db, tenantId, ids), repo.listEvents(d.db, tenantId, ids)]);
    return { requests: new Map(requests.map((r) => [r.id, r])), events };
  }

  function presentRow(settings: PortalSettingsRow, j: ApprovalJobView, work: WorkEntry[] | undefined, latest: ApprovalRequestView | undefined, events: ApprovalEventRow[]): ApprovalJobRow {
    const priced = priceLines(work ?? []);
    const outcome = latest ? events.filter((e) => e.requestId === latest.id && OUTCOMES.has(e.kind)).at(-1) : undefined;
    return {
      job: { id: j.jobId, number: j.jobNumber, name: j.jobName },
      account: { id: j.accountId, name: j.accountName },
      contact: j.contactId && j.contactName ? { id: j.contactId, name: j.contactName } : null,
      manager: j.managerId && j.managerName ? { id: j.managerId, name: j.managerName } : null,
      status: j.status,
      latest: latest
        ? {
            id: latest.id,
            version: latest.version,
            status: latest.status,
            sentAt: latest.sentAt.toISOString(),
            expiresAt: latest.expiresAt.toISOString(),
            closedAt: latest.closedAt?.toISOString() ?? null,
            totalAmount: latest.totalAmount,
            comment: outcome?.comment ?? "",
            outcome: outcome?.kind ?? null,
          }
        : null,
      unsent: { entries: work?.length ?? 0, hours: priced.totalHours, amount: priced.totalAmount },
      sendRefusal:
        !work?.length && latest?.status === "awaiting" && settings.approvalEnabled
          ? waitingMessage(latest)
          : (sendRefusal(settings, j, work?.length ?? 0) ?? missingRate(work ?? [])),
    };
  }

  /** APR-2, APR-3: the approval screen. */
  async function listJobs(actor: StaffActor, q: z.infer<typeof approvalJobQuery>): Promise<ApprovalJobList> {
    authorize(actor, "approval.read");
    const settings = await tenants.getSettings(d.db, actor.tenantId);
    const { rows, total } = await repo.listApprovalJobs(d.db, actor.tenantId, q);
    const today = dayIn(d.clock(), settings.timeZone);
    const [work, latest] = await Promise.all([unsentByJob(actor.tenantId, settings, rows.map((r) => r.jobId), today), latestOf(actor.tenantId, rows)]);
    return {
      items: rows.map((j) => presentRow(settings, j, work.get(j.jobId), j.latestId ? latest.requests.get(j.latestId) : undefined, latest.events)),
      total,
      totalCapped: false,
      page: q.page,
      pageSize: q.pageSize,
      currency: settings.currency,
      enabled: settings.approvalEnabled,
      today,
    };
  }

  function presentVersion(actor: StaffActor, r: ApprovalRequestView, lines: ApprovalLineRow[], events: ApprovalEventRow[]): ApprovalVersionDto {
    return {
      id: r.id,
      version: r.version,
      status: r.status,
      cutOff: r.cutOff,
      sentAt: r.sentAt.toISOString(),
      expiresAt: r.expiresAt.toISOString(),
      closedAt: r.closedAt?.toISOString() ?? null,
      sentTo: { id: r.contactId, name: r.contactName },
      totalHours: r.totalHours,
      totalAmount: r.totalAmount,
      statementHash: r.statementHash,
      lines: lines.filter((l) => l.requestId === r.id).map(presentLine),
      events: events.filter((e) => e.requestId === r.id).map(presentEvent),
      can: { reopen: r.status === "approved" && can(actor, "approval.reopen"), downloadStatement: can(actor, "approval.read") },
    };
  }

  /** APR-3: a job's details before sending (the work a new version would hold) and its history of versions and answers. */
  async function getJob(actor: StaffActor, jobId: string): Promise<ApprovalJobDetail> {
    authorize(actor, "approval.read");
    const j = await repo.getApprovalJob(d.db, actor.tenantId, jobId);
    if (!j) throw notFound("Job not found");
    const settings = await tenants.getSettings(d.db, actor.tenantId);
    const today = dayIn(d.clock(), settings.timeZone);
    const work = (await unsentByJob(actor.tenantId, settings, [jobId], today)).get(jobId) ?? [];
    const versions = await repo.listJobRequests(d.db, actor.tenantId, jobId);
    const ids = versions.map((v) => v.id);
    const [lines, events] = await Promise.all([repo.listLines(d.db, actor.tenantId, ids), repo.listEvents(d.db, actor.tenantId, ids)]);
    return {
      ...presentRow(settings, j, work, versions[0], events),
      currency: settings.currency,
      today,
      unsentLines: priceLines(work).lines.map(presentLine),
      versions: versions.map((v) => presentVersion(actor, v, lines, events)),
    };
  }

  /** Ends an awaiting version that a newer one (or a change to its work) replaces; its entries are free again. */
  async function supersede(tx: Tx, tenantId: string, r: { id: string }, by: { staffId: string | null; name: string }, comment: string) {
    if (!(await repo.moveRequest(tx, tenantId, r.id, "awaiting", "superseded", d.clock()))) return false;
    await repo.releaseEntries(tx, tenantId, r.id);
    await repo.insertEvent(tx, tenantId, { requestId: r.id, kind: "superseded", at: d.clock(), staffId: by.staffId, actorName: by.name, comment });
    return true;
  }

  const waitingMessage = (r: { version: number; contactName: string }) => `Version ${r.version} waits for ${r.contactName}'s answer; there is no new work to send.`;

  /** Sends one job in its own transaction: a version number, frozen lines, held entries and the email, or nothing. */
  async function sendOne(actor: StaffActor, settings: PortalSettingsRow, jobId: string, cutOff: string): Promise<SendApprovalsResponse["results"][number]> {
    const first = await repo.getApprovalJob(d.db, actor.tenantId, jobId);
    if (!first) return { jobId, job: "Unknown job", version: null, refusal: "Job not found." };
    return inTransaction(d, async (tx) => {
      await repo.lockJob(tx, actor.tenantId, jobId);
      const j = await repo.getApprovalJob(tx, actor.tenantId, jobId);
      if (!j) throw new RefusedSend("Job not found.");
      const now = d.clock();
      const previous = await repo.getAwaitingRequest(tx, actor.tenantId, jobId);
      if (previous) {
        // Sending again with nothing new (a second click, two people at once) would only replace the version the customer has.
        if ((await repo.listUnsentWork(tx, actor.tenantId, [jobId], cutOff, settings.timeZone)).length === 0) {
          throw new RefusedSend(waitingMessage({ version: previous.version, contactName: j.contactName ?? "the contact" }));
        }
        await supersede(tx, actor.tenantId, previous, { staffId: actor.staffId, name: actor.name }, "A newer version was sent.");
      }
      const work = await repo.listUnsentWork(tx, actor.tenantId, [jobId], cutOff, settings.timeZone);
      const refusal = sendRefusal(settings, j, work.length) ?? missingRate(work);
      if (refusal) {
        // Nothing is written: the superseding above is undone with the transaction.
        throw new RefusedSend(refusal);
      }
      const version = await repo.nextVersion(tx, actor.tenantId, jobId);
      const priced = priceLines(work);
      const head = { jobNumber: j.jobNumber, jobName: j.jobName, accountName: j.accountName, version, cutOff, currency: settings.currency, totalHours: priced.totalHours, totalAmount: priced.totalAmount };
      const hash = statementHash(statementOf(head, priced.lines));
      const expiresAt = new Date(now.getTime() + settings.approvalPeriodDays * DAY_MS);
      const id = await repo.insertRequest(tx, actor.tenantId, {
        jobId,
        accountId: j.accountId,
        version,
        status: "awaiting",
        cutOff,
        contactId: j.contactId!,
        sentByStaffId: actor.staffId,
        sentAt: now,
        expiresAt,
        currency: settings.currency,
        totalHours: priced.totalHours,
        totalAmount: priced.totalAmount,
        statementHash: hash,
      });
      await repo.insertLines(tx, actor.tenantId, priced.lines.map((l, i) => ({ requestId: id, sort: i, ...l })));
      // Every frozen line holds its entry, or nothing is sent (the job's lock keeps changes out, so this is a guard).
      if ((await repo.holdEntries(tx, actor.tenantId, id, priced.lines.map((l) => l.timeEntryId))) !== priced.lines.length) {
        throw new AppError("CONFLICT", "The work changed while it was being sent; nothing was sent, so send it again.");
      }
      await repo.insertEvent(tx, actor.tenantId, { requestId: id, kind: "sent", at: now, staffId: actor.staffId, actorName: actor.name, comment: "", statementHash: hash });
      await outbox.queueEmail(
        tx,
        actor.tenantId,
        "approval_request",
        {
          to: j.contactEmail!,
          replyTo: settings.approvalReplyTo,
          portalName: settings.portalName,
          firstName: j.contactFirstName ?? "",
          job: jobLabel(j),
          account: j.accountName,
          version,
          cutOff: longDate(cutOff, settings.timeZone),
          hours: formatHours(priced.totalHours),
          amount: formatMoney(priced.totalAmount, settings.currency, "en-GB"),
          expiresOn: longDate(expiresAt, settings.timeZone),
          link: `${portalBase(d, settings)}/approvals/${id}?account=${j.accountId}`,
          replaces: previous ? previous.version : null,
        },
        now,
      );
      return { jobId, job: jobLabel(j), version, refusal: null };
    }).catch((err: unknown) => {
      if (err instanceof RefusedSend) return { jobId, job: jobLabel(first), version: null, refusal: err.message };
      throw err;
    });
  }

  /** APR-3, APR-4: sends one or many jobs; each is sent or refused on its own, with the reason. */
  async function send(actor: StaffActor, body: z.infer<typeof sendApprovalsBody>): Promise<SendApprovalsResponse> {
    authorize(actor, "approval.send");
    const settings = await tenants.getSettings(d.db, actor.tenantId);
    if (!settings.approvalEnabled) throw new AppError("CONFLICT", "Customer approval is turned off: turn it on under Portal settings before sending.");
    const today = dayIn(d.clock(), settings.timeZone);
    const cutOff = body.cutOff ?? today;
    if (cutOff > today) throw invalid("cutOff", "cannot be in the future");
    const results = [];
    for (const jobId of [...new Set(body.jobIds)]) results.push(await sendOne(actor, settings, jobId, cutOff));
    return { sent: results.filter((r) => !r.refusal).length, refused: results.filter((r) => r.refusal).length, results };
  }

  /** Approved work is locked; reopening it is explicit and audited, and frees its time entries for changes. */
  async function reopen(actor: StaffActor, requestId: string, reason: string) {
    authorize(actor, "approval.reopen");
    const r = await repo.getRequest(d.db, actor.tenantId, requestId);
    if (!r) throw notFound("Approval request not found");
    await inTransaction(d, async (tx) => {
      // INV-1: invoiced work stays locked (the version is locked first, so an invoice being made of it waits or is refused).
      await repo.getRequest(tx, actor.tenantId, r.id, true);
      const invoiced = await invoices.isApprovalInvoiced(tx, actor.tenantId, r.id);
      if (invoiced) {
        throw new AppError("CONFLICT", `Version ${r.version} of ${jobLabel(r)} is billed on ${invoiced.displayNumber ?? "a draft invoice"}: void that invoice (or delete the draft) before reopening the work.`);
      }
      if (!(await repo.moveRequest(tx, actor.tenantId, r.id, "approved", "reopened", d.clock()))) {
        throw new AppError("CONFLICT", `Version ${r.version} of ${jobLabel(r)} is not approved, so there is nothing to reopen.`);
      }
      await repo.releaseEntries(tx, actor.tenantId, r.id);
      await repo.insertEvent(tx, actor.tenantId, { requestId: r.id, kind: "reopened", at: d.clock(), staffId: actor.staffId, actorName: actor.name, comment: reason });
    });
    return getJob(actor, r.jobId);
  }

  async function statementPdf(actor: StaffActor, requestId: string) {
    authorize(actor, "approval.read");
    const r = await repo.getRequest(d.db, actor.tenantId, requestId);
    if (!r) throw notFound("Approval request not found");
    const [lines, events, settings, tenant] = await Promise.all([
      repo.listLines(d.db, actor.tenantId, [r.id]),
      repo.listEvents(d.db, actor.tenantId, [r.id]),
      tenants.getSettings(d.db, actor.tenantId),
      tenants.getTenant(d.db, actor.tenantId),
    ]);
    const pdf = await renderStatementPdf({ company: tenant?.name ?? settings.portalName, request: r, lines, events, timeZone: settings.timeZone });
    return { pdf, filename: `statement-${r.jobNumber}-v${r.version}.pdf`.replace(/[^A-Za-z0-9._-]/g, "_") };
  }

  // ---------- portal ----------

  function presentPortalRow(r: ApprovalRequestView, events: ApprovalEventRow[]): PortalApprovalRow {
    const outcome = events.filter((e) => e.requestId === r.id && OUTCOMES.has(e.kind)).at(-1);
    return {
      id: r.id,
      kind: "work",
      job: { number: r.jobNumber, name: r.jobName },
      version: r.version,
      // Past its period it is expired for the customer, even before the sweep records it.
      status: r.status === "awaiting" && !isOpen(r) ? "expired" : r.status,
      cutOff: r.cutOff,
      sentAt: r.sentAt.toISOString(),
      expiresAt: r.expiresAt.toISOString(),
      currency: r.currency,
      totalHours: r.totalHours,
      totalAmount: r.totalAmount,
      answer: outcome ? { decision: outcome.kind, by: outcome.actorName, at: outcome.at.toISOString(), comment: outcome.comment } : null,
    };
  }

  /** APR-4: the approvals inbox of the account in view. */
  async function listInbox(actor: ContactActor, state: "waiting" | "answered") {
    authorize(actor, "portal.approval.list");
    const scope = portalApprovalScope(actor)!;
    const [rows, waiting] = await Promise.all([repo.listPortalRequests(d.db, actor.tenantId, scope, state), repo.countPortalWaiting(d.db, actor.tenantId, scope)]);
    const events = await repo.listEvents(d.db, actor.tenantId, rows.map((r) => r.id));
    return { items: rows.map((r) => presentPortalRow(r, events)), waiting };
  }

  /** A version in the contact's scope; one outside it is as unknown as a made-up id (the same 404). */
  async function loadForContact(actor: ContactActor, id: string, action: "portal.approval.read" | "portal.approval.answer", tx?: Tx) {
    const r = await repo.getRequest(tx ?? d.db, actor.tenantId, id, tx !== undefined);
    if (!r || !can(actor, action, requestResource(r))) throw notFound("Approval request not found");
    authorize(actor, action, requestResource(r));
    return r;
  }

  const isOpen = (r: ApprovalRequestView) => r.status === "awaiting" && r.expiresAt.getTime() > d.clock().getTime();

  async function getForPortal(actor: ContactActor, id: string): Promise<PortalApprovalDto> {
    const r = await loadForContact(actor, id, "portal.approval.read");
    const [lines, events, newer] = await Promise.all([
      repo.listLines(d.db, actor.tenantId, [r.id]),
      repo.listEvents(d.db, actor.tenantId, [r.id]),
      repo.getNewerVersion(d.db, actor.tenantId, r.jobId, r.version),
    ]);
    return {
      ...presentPortalRow(r, events),
      account: r.accountName,
      lines: lines.map((l) => {
        const { timeEntryId: _, ...rest } = presentLine(l);
        return rest;
      }),
      statementHash: r.statementHash,
      current: newer ? { id: newer.id, version: newer.version } : null,
      can: { answer: isOpen(r) && can(actor, "portal.approval.answer", requestResource(r)) },
    };
  }

  /** The sentence an answer to a version that is no longer open gets: what happened, and which version is current. */
  async function closedMessage(tx: Tx, r: ApprovalRequestView, timeZone: string) {
    const newer = await repo.getNewerVersion(tx, r.tenantId, r.jobId, r.version);
    const current = newer ? ` Version ${newer.version} is the current one${newer.status === "awaiting" ? ": answer that instead" : ""}.` : "";
    const what = `Version ${r.version} of ${jobLabel(r)}`;
    if (r.status === "superseded") return `${what} was replaced, so it can no longer be answered.${current}`;
    if (r.status === "reopened") return `${what} was reopened by our staff; you will be sent a new version.${current}`;
    if (r.status === "expired" || (r.status === "awaiting" && !isOpen(r))) return `${what} expired on ${longDate(r.expiresAt, timeZone)} without an answer.${current}`;
    return `${what} was already ${r.status === "approved" ? "approved" : "queried"}.${current}`;
  }

  /** The job manager hears about each answer and each expiry, and so does the approval reply-to address. */
  async function notifyManager(tx: Tx, r: ApprovalRequestView, settings: PortalSettingsRow, mail: { kind: "answered"; decision: "approved" | "queried"; by: string; comment: string } | { kind: "expired"; outcome: "expired" | "deemed_approved" }) {
    const manager = r.managerId ? ((await staff.getStaff(tx, r.tenantId, r.managerId))?.email ?? null) : null;
    const to = new Set([manager, settings.approvalReplyTo].filter((x): x is string => !!x));
    const common = { portalName: settings.portalName, job: jobLabel(r), account: r.accountName, version: r.version, link: staffLink(r.jobId) };
    for (const address of to) {
      if (mail.kind === "answered") await outbox.queueEmail(tx, r.tenantId, "approval_answered", { to: address, ...common, decision: mail.decision, by: mail.by, comment: mail.comment }, d.clock());
      else await outbox.queueEmail(tx, r.tenantId, "approval_expired", { to: address, ...common, outcome: mail.outcome, days: Math.round((r.expiresAt.getTime() - r.sentAt.getTime()) / DAY_MS) }, d.clock());
    }
  }

  /**
   * APR-4: approves or queries one or many versions at once, all or nothing. Each version is locked while it is
   * answered, so two answers at once record exactly one; the answer keeps who, when, from where, and the hash of
   * the statement that was shown.
   */
  async function answer(actor: ContactActor, body: z.infer<typeof answerApprovalsBody>, evidence: { ip: string; userAgent: string | null }) {
    authorize(actor, "portal.approval.list");
    const ids = [...new Set(body.requests.map((r) => r.id))].sort();
    const shown = new Map(body.requests.map((r) => [r.id, r.statementHash]));
    const decision = body.decision === "approve" ? "approved" : "queried";
    await inTransaction(d, async (tx) => {
      const settings = await tenants.getSettings(tx, actor.tenantId);
      for (const id of ids) {
        const r = await loadForContact(actor, id, "portal.approval.answer", tx);
        if (!isOpen(r)) throw new AppError("CONFLICT", await closedMessage(tx, r, settings.timeZone));
        if (shown.get(id) !== r.statementHash) throw new AppError("CONFLICT", `Version ${r.version} of ${jobLabel(r)} is not the statement you were shown: reload the page to see it as it is now.`);
        const now = d.clock();
        if (!(await repo.moveRequest(tx, actor.tenantId, r.id, "awaiting", decision, now))) throw new AppError("CONFLICT", await closedMessage(tx, r, settings.timeZone));
        await repo.insertEvent(tx, actor.tenantId, { requestId: r.id, kind: decision, at: now, contactId: actor.contactId, actorName: actor.name, comment: body.comment, ip: evidence.ip, userAgent: evidence.userAgent?.slice(0, 500) ?? null, statementHash: r.statementHash });
        if (decision === "queried") await repo.releaseEntries(tx, actor.tenantId, r.id);
        await notifyManager(tx, r, settings, { kind: "answered", decision, by: actor.name, comment: body.comment });
      }
    }, "This request was answered at the same moment by someone else; reload to see the answer.");
    const rows = await repo.listRequestsById(d.db, actor.tenantId, ids);
    const events = await repo.listEvents(d.db, actor.tenantId, ids);
    return { answered: ids.length, items: rows.map((r) => presentPortalRow(r, events)) };
  }

  /**
   * APR-5: applies each tenant's choice to versions whose period ended unanswered — expired (the work is free to
   * send again) or counted as approved (locked) — and tells the job manager. Safe with several workers at once.
   */
  async function expireDue(limit = 100) {
    const now = d.clock();
    let done = 0;
    // One version per transaction: each commits on its own, and a lock held elsewhere is skipped, not waited for.
    while (done < limit) {
      const took = await inTransaction(d, async (tx) => {
        const [due] = await repo.claimExpiredRequests(tx, now, 1);
        if (!due) return false;
        const { id, tenantId } = due;
        const r = (await repo.getRequest(tx, tenantId, id))!;
        const settings = await tenants.getSettings(tx, tenantId);
        const outcome = settings.approvalExpiry === "deem_approved" ? "deemed_approved" : "expired";
        if (!(await repo.moveRequest(tx, tenantId, id, "awaiting", outcome === "expired" ? "expired" : "approved", now))) return true;
        await repo.insertEvent(tx, tenantId, { requestId: id, kind: outcome, at: now, actorName: "Portico (the approval period ended)", comment: "" });
        if (outcome === "expired") await repo.releaseEntries(tx, tenantId, id);
        await notifyManager(tx, r, settings, { kind: "expired", outcome });
        return true;
      });
      if (!took) break;
      done++;
    }
    return done;
  }

  /** APR-4: a new job contact takes over; the version waiting for the old one is withdrawn (send it again to the new one). */
  async function withdrawForNewContact(tx: Tx, actor: StaffActor, jobId: string) {
    await repo.lockJob(tx, actor.tenantId, jobId);
    const waiting = await repo.getAwaitingRequest(tx, actor.tenantId, jobId);
    if (waiting) await supersede(tx, actor.tenantId, waiting, { staffId: actor.staffId, name: actor.name }, "The job contact changed, so this version was withdrawn.");
  }

  return { listJobs, getJob, send, reopen, statementPdf, listInbox, getForPortal, answer, expireDue, supersede, withdrawForNewContact };
}
export type ApprovalsService = ReturnType<typeof createApprovalsService>;

class RefusedSend extends Error {}
