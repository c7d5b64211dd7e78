/**
 * Invoices (INV-1): staff draft an invoice by hand or from approved work, issue it (the next number of the
 * company's gapless sequence, the PDF emailed through the outbox in the same transaction), record payments and
 * void it; customers read the issued invoices of the account in view, and download their PDF.
 */
import type { Readable } from "node:stream";
import Decimal from "decimal.js";
import type { z } from "zod";
import type {
  CreateFromApprovalsBody,
  createFromApprovalsBody,
  createInvoiceBody,
  InvoiceList,
  invoiceListQuery,
  InvoiceOptions,
  PortalInvoiceDto,
  portalInvoiceListQuery,
  recordPaymentBody,
  RecipientOption,
  SendInvoiceResponse,
  sendInvoiceBody,
  StaffInvoiceDto,
  updateInvoiceBody,
} from "../../../shared/invoices-api.js";
import { formatMoney } from "../../../shared/money.js";
import type { Tx } from "../../db/client.js";
import { type Deps, inTransaction } from "../../deps.js";
import { AppError, invalid, notFound } from "../../errors.js";
import type { ContactActor, StaffActor } from "../../policy/actors.js";
import { authorize, can, portalInvoiceScope, type Resource } from "../../policy/policy.js";
import type { Repos } from "../../repos.js";
import { dayIn } from "../approvals/approvals.service.js";
import type { ApprovalLineRow } from "../approvals/approvals.repo.js";
import { portalBase } from "../portal-access/links.js";
import type { PortalSettingsRow } from "../tenants/tenants.repo.js";
import { longDay, renderInvoicePdf } from "./invoice-pdf.js";
import type { InvoiceView } from "./invoices.repo.js";
import { type Issuer, issuerText, paymentDue, presentListItem, presentPortalInvoice, presentStaffInvoice, statusOf } from "./invoices.presenter.js";
import { checkedTotals, isPaidInFull, lineAmount, paymentProblem } from "./totals.js";

type LineValues = { description: string; quantity: string; unitPrice: string; approvalRequestId?: string | null; timeEntryId?: string | null };

/** YYYY-MM-DD plus n days. */
export const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

const label = (r: { displayNumber: string | null }) => r.displayNumber ?? "This draft";
const resourceOf = (r: InvoiceView): Resource => ({ tenantId: r.tenantId, accountId: r.accountId, publishedToPortal: r.status !== "draft" });
const pdfName = (r: { displayNumber: string | null; id: string }) => `invoice-${r.displayNumber ?? `draft-${r.id.slice(0, 8)}`}.pdf`.replace(/[^A-Za-z0-9._-]/g, "_");

async function readAll(stream: Readable) {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

export function createInvoicesService(
  d: Deps,
  { invoices: repo, approvals, accounts, staff, tenants, outbox }: Pick<Repos, "invoices" | "approvals" | "accounts" | "staff" | "tenants" | "outbox">,
) {
  const today = (s: PortalSettingsRow) => dayIn(d.clock(), s.timeZone);

  async function issuerOf(tx: Tx | Deps["db"], tenantId: string, s: PortalSettingsRow): Promise<Issuer> {
    const tenant = await tenants.getTenant(tx, tenantId);
    return { name: tenant?.name ?? s.portalName, address: s.companyAddress, hasLogo: !!s.companyLogoKey };
  }

  /** The logo printed on invoices, or null (none set, or its file is gone). */
  async function logoOf(s: PortalSettingsRow): Promise<Buffer | null> {
    if (!s.companyLogoKey) return null;
    try {
      return await readAll(d.files.open(s.companyLogoKey));
    } catch {
      return null;
    }
  }

  async function load(tenantId: string, id: string, tx?: Tx) {
    const r = await repo.getInvoice(tx ?? d.db, tenantId, id, tx !== undefined);
    if (!r) throw notFound("Invoice not found");
    return r;
  }

  async function recipientsOf(db: Tx | Deps["db"], tenantId: string, accountId: string): Promise<(RecipientOption & { seesInvoices: boolean; firstName: string })[]> {
    const rows = await repo.listRecipientOptions(db, tenantId, accountId);
    return rows.map((c) => ({
      id: c.id,
      name: `${c.firstName} ${c.lastName}`,
      firstName: c.firstName,
      email: c.email,
      clientAdmin: c.clientAdmin,
      hasPortalAccess: c.hasPortalAccess,
      isDefault: c.clientAdmin && c.hasPortalAccess,
      seesInvoices: c.hasPortalAccess && c.seesInvoices,
    }));
  }

  async function present(actor: StaffActor, r: InvoiceView, db: Tx | Deps["db"] = d.db): Promise<StaffInvoiceDto> {
    const settings = await tenants.getSettings(db, actor.tenantId);
    const [lines, payments, approvalRows, recipients, issuer] = await Promise.all([
      repo.listLines(db, actor.tenantId, r.id),
      repo.listPayments(db, actor.tenantId, r.id),
      repo.listInvoiceApprovals(db, actor.tenantId, r.id),
      recipientsOf(db, actor.tenantId, r.accountId),
      issuerOf(db, actor.tenantId, settings),
    ]);
    return presentStaffInvoice(r, {
      lines,
      payments,
      approvals: approvalRows,
      recipients: recipients.map(({ seesInvoices: _, firstName: __, ...o }) => o),
      issuer,
      today: today(settings),
      mayManage: can(actor, "invoice.manage"),
    });
  }

  // ---------- staff: reading ----------

  async function list(actor: StaffActor, q: z.infer<typeof invoiceListQuery>): Promise<InvoiceList> {
    authorize(actor, "invoice.read");
    const settings = await tenants.getSettings(d.db, actor.tenantId);
    const day = today(settings);
    const { rows, total } = await repo.listInvoices(d.db, actor.tenantId, { ...q, today: day });
    return { items: rows.map((r) => presentListItem(r, day)), total, totalCapped: false, page: q.page, pageSize: q.pageSize, today: day };
  }

  async function get(actor: StaffActor, id: string) {
    authorize(actor, "invoice.read");
    return present(actor, await load(actor.tenantId, id));
  }

  /** What the form offers for an account: its jobs and contracts, and the dates and tax a new draft starts with. */
  async function options(actor: StaffActor, accountId: string): Promise<InvoiceOptions> {
    authorize(actor, "invoice.read");
    const account = await accounts.getAccount(d.db, actor.tenantId, accountId);
    if (!account) throw notFound("Account not found");
    const settings = await tenants.getSettings(d.db, actor.tenantId);
    const [jobs, contracts] = await Promise.all([repo.listAccountJobs(d.db, actor.tenantId, accountId), repo.listAccountContracts(d.db, actor.tenantId, accountId)]);
    const day = today(settings);
    return {
      account: { id: account.id, name: account.name },
      jobs: jobs.map((j) => ({ id: j.id, number: j.number, name: j.name, isProject: j.isProject })),
      contracts,
      defaults: { invoiceDate: day, dueDate: addDays(day, settings.invoicePaymentTermsDays), taxRate: settings.defaultTaxRate, toText: toTextOf(account), currency: settings.currency },
    };
  }

  const toTextOf = (a: { name: string; number: string | null }) => (a.number ? `${a.name}\nAccount ${a.number}` : a.name);

  // ---------- staff: drafts ----------

  /** The account a new invoice is for: one of the company's, not archived. */
  async function accountFor(tenantId: string, accountId: string) {
    const account = await accounts.getAccount(d.db, tenantId, accountId);
    if (!account) throw invalid("accountId", "is not an account");
    if (account.archivedAt) throw invalid("accountId", "is archived: restore the account to invoice it");
    return account;
  }

  /** The sales rep, job and contract must be the company's staff and the account's own job and contract. */
  async function checkReferences(tenantId: string, accountId: string, v: { salesRepStaffId?: string | null; jobId?: string | null; contractId?: string | null }) {
    if (v.salesRepStaffId) {
      const rep = await staff.getStaff(d.db, tenantId, v.salesRepStaffId);
      if (!rep) throw invalid("salesRepStaffId", "is not a staff member");
    }
    const found = await repo.findAccountReferences(d.db, tenantId, accountId, v);
    if (v.jobId && !found.job) throw invalid("jobId", "is not a job of this account");
    if (v.contractId && !found.contract) throw invalid("contractId", "is not a contract of this account");
  }

  function checkDates(invoiceDate: string, dueDate: string) {
    if (dueDate < invoiceDate) throw invalid("dueDate", "must be on or after the invoice date");
  }

  /** A line may keep its link to approved work only when this invoice bills that work. */
  function checkLineApprovals(lines: LineValues[], held: Set<string>) {
    lines.forEach((l, i) => {
      if (l.approvalRequestId && !held.has(l.approvalRequestId)) throw invalid(`lines.${i}.approvalRequestId`, "is not approved work this invoice bills");
    });
  }

  const lineRows = (lines: LineValues[], amounts: string[]) =>
    lines.map((l, i) => ({ sort: i, description: l.description, quantity: l.quantity, unitPrice: l.unitPrice, amount: amounts[i], approvalRequestId: l.approvalRequestId ?? null, timeEntryId: l.timeEntryId ?? null }));

  /** Writes a draft and its lines, its totals from the lines; the caller has checked every field. */
  async function insertDraft(
    tx: Tx,
    actor: StaffActor,
    v: { accountId: string; currency: string; poNumber: string; toText: string; invoiceDate: string; dueDate: string; salesRepStaffId?: string | null; jobId: string | null; contractId?: string | null; taxRate: string; notes: string },
    lines: LineValues[],
    totals: ReturnType<typeof checkedTotals>,
  ) {
    const now = d.clock();
    const id = await repo.insertInvoice(tx, actor.tenantId, {
      ...v,
      status: "draft",
      discountAmount: totals.discount,
      subtotal: totals.subtotal,
      taxAmount: totals.tax,
      grandTotal: totals.grandTotal,
      createdByStaffId: actor.staffId,
      createdAt: now,
      updatedAt: now,
    });
    await repo.replaceLines(tx, actor.tenantId, id, lineRows(lines, totals.lineAmounts));
    return id;
  }

  /** INV-1: a draft by hand. Nothing is written unless every field is right. */
  async function create(actor: StaffActor, body: z.infer<typeof createInvoiceBody>) {
    authorize(actor, "invoice.manage");
    const settings = await tenants.getSettings(d.db, actor.tenantId);
    const account = await accountFor(actor.tenantId, body.accountId);
    await checkReferences(actor.tenantId, account.id, body);
    const invoiceDate = body.invoiceDate ?? today(settings);
    const dueDate = body.dueDate ?? addDays(invoiceDate, settings.invoicePaymentTermsDays);
    checkDates(invoiceDate, dueDate);
    checkLineApprovals(body.lines, new Set());
    const taxRate = body.taxRate ?? settings.defaultTaxRate;
    const discountAmount = body.discountAmount ?? "0";
    const totals = checkedTotals({ lines: body.lines, discountAmount, taxRate });
    const id = await inTransaction(d, (tx) =>
      insertDraft(
        tx,
        actor,
        {
          accountId: account.id, currency: settings.currency, poNumber: body.poNumber ?? "", toText: body.toText || toTextOf(account), invoiceDate, dueDate,
          salesRepStaffId: body.salesRepStaffId ?? null, jobId: body.jobId ?? null, contractId: body.contractId ?? null, taxRate, notes: body.notes ?? "",
        },
        body.lines,
        totals,
      ),
    );
    return get(actor, id);
  }

  const issuedRefusal = (r: InvoiceView) =>
    new AppError("CONFLICT", r.status === "void" ? `${label(r)} is void.` : `${label(r)} was issued, so its lines and amounts can no longer change: void it and issue a new one instead.`);

  /** INV-1: changes a draft; `lines` replaces every line. Totals are worked out again from what is stored now. */
  async function update(actor: StaffActor, id: string, body: z.infer<typeof updateInvoiceBody>) {
    authorize(actor, "invoice.manage");
    const first = await load(actor.tenantId, id);
    if (first.status !== "draft") throw issuedRefusal(first);
    await checkReferences(actor.tenantId, first.accountId, body);
    const invoiceDate = body.invoiceDate ?? first.invoiceDate;
    const dueDate = body.dueDate ?? first.dueDate;
    checkDates(invoiceDate, dueDate);
    await inTransaction(d, async (tx) => {
      const r = await load(actor.tenantId, id, tx);
      if (r.status !== "draft") throw issuedRefusal(r);
      const held = new Set((await repo.listInvoiceApprovals(tx, actor.tenantId, id)).map((a) => a.id));
      const lines: LineValues[] = body.lines ?? (await repo.listLines(tx, actor.tenantId, id));
      if (body.lines) checkLineApprovals(body.lines, held);
      const taxRate = body.taxRate ?? r.taxRate;
      const discountAmount = body.discountAmount ?? r.discountAmount;
      const totals = checkedTotals({ lines, discountAmount, taxRate });
      await repo.updateDraft(tx, actor.tenantId, id, {
        invoiceDate,
        dueDate,
        ...(body.poNumber !== undefined ? { poNumber: body.poNumber } : {}),
        ...(body.toText !== undefined ? { toText: body.toText || toTextOf({ name: r.accountName, number: null }) } : {}),
        ...(body.salesRepStaffId !== undefined ? { salesRepStaffId: body.salesRepStaffId } : {}),
        ...(body.jobId !== undefined ? { jobId: body.jobId } : {}),
        ...(body.contractId !== undefined ? { contractId: body.contractId } : {}),
        ...(body.notes !== undefined ? { notes: body.notes } : {}),
        taxRate,
        discountAmount: totals.discount,
        subtotal: totals.subtotal,
        taxAmount: totals.tax,
        grandTotal: totals.grandTotal,
        updatedAt: d.clock(),
      });
      if (body.lines) await repo.replaceLines(tx, actor.tenantId, id, lineRows(body.lines, totals.lineAmounts));
    });
    return get(actor, id);
  }

  /** Deletes a draft; approved work it held is free to invoice again. An issued invoice is voided instead. */
  async function remove(actor: StaffActor, id: string) {
    authorize(actor, "invoice.manage");
    const first = await load(actor.tenantId, id);
    if (first.status !== "draft") throw new AppError("CONFLICT", `${label(first)} was issued, so it cannot be deleted: void it instead (it keeps its number).`);
    await inTransaction(d, async (tx) => {
      if (!(await repo.deleteDraft(tx, actor.tenantId, id))) throw new AppError("CONFLICT", "This draft was issued meanwhile, so it was not deleted: reload to see it.");
    });
    return { ok: true as const, message: "The draft was deleted." };
  }

  // ---------- staff: issuing and sending ----------

  /** Who gets the email: the contacts chosen (of the account, with an email address), else its client administrators with portal access. */
  function chooseRecipients(all: Awaited<ReturnType<typeof recipientsOf>>, accountName: string, body: z.infer<typeof sendInvoiceBody>) {
    let chosen = all.filter((c) => c.isDefault);
    if (body.contactIds) {
      const byId = new Map(all.map((c) => [c.id, c]));
      const unknown = body.contactIds.find((id) => !byId.has(id));
      if (unknown) throw invalid("contactIds", `must be contacts of ${accountName} with an email address`);
      chosen = [...new Set(body.contactIds)].map((id) => byId.get(id)!);
    }
    const extra = body.extraEmails.filter((e) => !chosen.some((c) => c.email.toLowerCase() === e));
    if (chosen.length === 0 && extra.length === 0) {
      throw invalid("contactIds", `must name at least one recipient: ${accountName} has no client administrator with portal access and an email address`);
    }
    return { chosen, extra: [...new Set(extra)] };
  }

  /** The PDF of the invoice as it is in this transaction (or outside one). */
  async function pdfOf(db: Tx | Deps["db"], tenantId: string, r: InvoiceView) {
    const settings = await tenants.getSettings(db, tenantId);
    const [lines, payments, issuer, logo] = await Promise.all([repo.listLines(db, tenantId, r.id), repo.listPayments(db, tenantId, r.id), issuerOf(db, tenantId, settings), logoOf(settings)]);
    const fromLines = r.status === "draft" ? null : r.fromText.split("\n");
    const pdf = await renderInvoicePdf({
      // An issued invoice prints the issuer frozen when it was issued; a draft prints the company as it is now.
      issuer: { name: fromLines ? fromLines[0] : issuer.name, address: fromLines ? fromLines.slice(1).join("\n") : issuer.address, logo },
      invoice: { ...r, status: statusOf(r, today(settings)), toText: r.toText || r.accountName, paymentDue: paymentDue(r) },
      lines,
      payments,
      timeZone: settings.timeZone,
    });
    return { pdf, filename: pdfName(r) };
  }

  /**
   * Issues a draft in the caller's transaction: takes the next number of the sequence (UPDATE … RETURNING, so
   * concurrent issues queue on the settings row), and freezes issuer and addressee. An invoice needs a line.
   */
  async function issue(tx: Tx, actor: StaffActor, r: InvoiceView, now: Date) {
    if ((await repo.listLines(tx, actor.tenantId, r.id)).length === 0) throw invalid("lines", "must hold at least one line before the invoice is issued");
    const settings = await tenants.getSettings(tx, actor.tenantId);
    const issuer = await issuerOf(tx, actor.tenantId, settings);
    const { number, prefix } = await repo.takeInvoiceNumber(tx, actor.tenantId);
    await repo.issueDraft(tx, actor.tenantId, r.id, { number, displayNumber: `${prefix}${number}`, fromText: issuerText(issuer), toText: r.toText || r.accountName, sentAt: now });
    return (await repo.getInvoice(tx, actor.tenantId, r.id))!;
  }

  /**
   * INV-1: issues a draft (or sends an issued invoice again) and emails it, the PDF attached, to the chosen
   * contacts. Number, status, sent-on and the emails are one transaction: all of them, or none.
   */
  async function send(actor: StaffActor, id: string, body: z.infer<typeof sendInvoiceBody>): Promise<SendInvoiceResponse> {
    authorize(actor, "invoice.manage");
    const first = await load(actor.tenantId, id);
    if (first.status === "void") throw new AppError("CONFLICT", `${label(first)} is void, so it cannot be sent.`);
    const { chosen, extra } = chooseRecipients(await recipientsOf(d.db, actor.tenantId, first.accountId), first.accountName, body);
    const emailedTo = await inTransaction(d, async (tx) => {
      let r = await load(actor.tenantId, id, tx);
      if (r.status === "void") throw new AppError("CONFLICT", `${label(r)} is void, so it cannot be sent.`);
      const resent = r.status !== "draft";
      const now = d.clock();
      if (!resent) r = await issue(tx, actor, r, now);
      const settings = await tenants.getSettings(tx, actor.tenantId);
      const { pdf, filename } = await pdfOf(tx, actor.tenantId, r);
      const attachments = [{ filename, contentType: "application/pdf", contentBase64: pdf.toString("base64") }];
      const common = {
        portalName: settings.portalName,
        company: r.fromText.split("\n")[0],
        number: r.displayNumber!,
        account: r.accountName,
        amount: formatMoney(paymentDue(r), r.currency, "en-GB"),
        dueOn: longDay(r.dueDate),
        resent,
        attachments,
      };
      const link = `${portalBase(d, settings)}/invoices/${r.id}?account=${r.accountId}`;
      for (const c of chosen) await outbox.queueEmail(tx, actor.tenantId, "invoice_sent", { ...common, to: c.email, firstName: c.firstName, link: c.seesInvoices ? link : null }, now);
      for (const e of extra) await outbox.queueEmail(tx, actor.tenantId, "invoice_sent", { ...common, to: e, firstName: "", link: null }, now);
      return [...chosen.map((c) => c.email), ...extra];
    }, "This invoice was issued at the same moment by someone else; reload to see its number.");
    return { invoice: await get(actor, id), emailedTo };
  }

  /** INV-1: issues a draft without emailing it (it went by post, or another way). */
  async function markSent(actor: StaffActor, id: string) {
    authorize(actor, "invoice.manage");
    const first = await load(actor.tenantId, id);
    if (first.status !== "draft") throw new AppError("CONFLICT", `${label(first)} was already issued.`);
    await inTransaction(d, async (tx) => {
      const r = await load(actor.tenantId, id, tx);
      if (r.status !== "draft") throw new AppError("CONFLICT", `${label(r)} was already issued.`);
      await issue(tx, actor, r, d.clock());
    });
    return get(actor, id);
  }

  // ---------- staff: payments and voiding ----------

  /** INV-1: a payment of at most what is still owed; the invoice is then partly paid or paid. */
  async function recordPayment(actor: StaffActor, id: string, body: z.infer<typeof recordPaymentBody>) {
    authorize(actor, "invoice.manage");
    const first = await load(actor.tenantId, id);
    const settings = await tenants.getSettings(d.db, actor.tenantId);
    const refusal = (r: InvoiceView) =>
      r.status === "draft"
        ? new AppError("CONFLICT", "This draft is not issued yet: send it or mark it as sent before recording a payment.")
        : r.status === "void"
          ? new AppError("CONFLICT", `${label(r)} is void, so it takes no payments.`)
          : r.status === "paid"
            ? new AppError("CONFLICT", `${label(r)} is already paid in full.`)
            : null;
    const early = refusal(first);
    if (early) throw early;
    if (body.paidOn > today(settings)) throw invalid("paidOn", "cannot be in the future");
    if (body.paidOn < first.invoiceDate) throw invalid("paidOn", `cannot be before the invoice date (${first.invoiceDate})`);
    await inTransaction(d, async (tx) => {
      const r = await load(actor.tenantId, id, tx);
      const late = refusal(r);
      if (late) throw late;
      const problem = paymentProblem(body.amount, paymentDue(r));
      if (problem) throw invalid("amount", problem);
      const now = d.clock();
      await repo.insertPayment(tx, actor.tenantId, { invoiceId: id, paidOn: body.paidOn, amount: new Decimal(body.amount).toFixed(2), method: body.method, reference: body.reference, recordedByStaffId: actor.staffId, createdAt: now });
      const paid = new Decimal(r.paidAmount).plus(body.amount).toFixed(2);
      await repo.setPaid(tx, actor.tenantId, id, { paidAmount: paid, status: isPaidInFull(paid, r.grandTotal) ? "paid" : "partly_paid", updatedAt: now });
    });
    return get(actor, id);
  }

  /**
   * INV-1: voids an issued invoice; it keeps its number (the sequence has no gaps) and releases the approved work
   * it billed. An invoice with payments recorded cannot be voided: money was received against it.
   */
  async function voidInvoice(actor: StaffActor, id: string, reason: string) {
    authorize(actor, "invoice.manage");
    const refusal = (r: InvoiceView) =>
      r.status === "draft"
        ? new AppError("CONFLICT", "A draft is not voided: delete it instead.")
        : r.status === "void"
          ? new AppError("CONFLICT", `${label(r)} is already void.`)
          : new Decimal(r.paidAmount).gt(0)
            ? new AppError("CONFLICT", `${label(r)} cannot be voided: ${formatMoney(r.paidAmount, r.currency, "en-GB")} of payments are recorded against it. Only an invoice with nothing paid can be voided.`)
            : null;
    const early = refusal(await load(actor.tenantId, id));
    if (early) throw early;
    await inTransaction(d, async (tx) => {
      const r = await load(actor.tenantId, id, tx);
      const late = refusal(r);
      if (late) throw late;
      await repo.voidIssued(tx, actor.tenantId, id, { voidedAt: d.clock(), voidReason: reason, voidedByStaffId: actor.staffId });
      await repo.releaseApprovals(tx, actor.tenantId, id);
    });
    return get(actor, id);
  }

  async function staffPdf(actor: StaffActor, id: string) {
    authorize(actor, "invoice.read");
    return pdfOf(d.db, actor.tenantId, await load(actor.tenantId, id));
  }

  // ---------- staff: from approved work ----------

  /** Approved versions of the account no invoice bills yet. */
  async function invoiceableApprovals(actor: StaffActor, accountId: string) {
    authorize(actor, "invoice.manage");
    const account = await accounts.getAccount(d.db, actor.tenantId, accountId);
    if (!account) throw notFound("Account not found");
    const [rows, settings] = await Promise.all([repo.listInvoiceableApprovals(d.db, actor.tenantId, accountId), tenants.getSettings(d.db, actor.tenantId)]);
    return {
      currency: settings.currency,
      items: rows.map((r) => ({
        id: r.id,
        job: { id: r.jobId, number: r.jobNumber, name: r.jobName },
        version: r.version,
        cutOff: r.cutOff,
        approvedAt: r.closedAt?.toISOString() ?? null,
        totalHours: r.totalHours,
        totalAmount: r.totalAmount,
        lineCount: r.lineCount,
      })),
    };
  }

  /**
   * The lines that bill approved work: one per approved time entry (quantity = hours, unit price = rate), or one
   * per version and rate. A merged line is used only when its rounded amount equals the approved amounts it
   * replaces, so the invoice always bills exactly what the customer approved.
   */
  function approvalLines(versions: { id: string; jobNumber: string; jobName: string; version: number; cutOff: string }[], lines: ApprovalLineRow[], grouping: CreateFromApprovalsBody["grouping"]): LineValues[] {
    const out: LineValues[] = [];
    for (const v of versions) {
      const own = lines.filter((l) => l.requestId === v.id);
      const each = own.map((l) => ({
        description: `${l.workDate} · #${l.ticketNumber} ${l.ticketTitle} · ${l.staffName}${l.note ? ` — ${l.note}` : ""}`.slice(0, 500),
        quantity: l.hours,
        unitPrice: l.rate,
        approvalRequestId: v.id,
        timeEntryId: l.timeEntryId,
      }));
      if (grouping !== "per_version") {
        out.push(...each);
        continue;
      }
      const rates = [...new Set(own.map((l) => l.rate))];
      for (const rate of rates) {
        const group = own.filter((l) => l.rate === rate);
        const hours = group.reduce((h, l) => h.plus(l.hours), new Decimal(0)).toFixed(2);
        const approved = group.reduce((a, l) => a.plus(l.amount), new Decimal(0));
        if (new Decimal(lineAmount(hours, rate)).eq(approved)) {
          const at = rates.length > 1 ? ` at ${rate} an hour` : "";
          out.push({ description: `${v.jobNumber} · ${v.jobName}: approved work up to ${v.cutOff} (version ${v.version})${at}`.slice(0, 500), quantity: hours, unitPrice: rate, approvalRequestId: v.id });
        } else {
          out.push(...each.filter((_, i) => own[i].rate === rate));
        }
      }
    }
    return out;
  }

  /**
   * INV-1 from APR-4: a draft billing approved versions of the account, each recorded as invoiced in the same
   * transaction; the unique key on the version makes two staff doing it at once end with one invoice and a 409.
   */
  async function createFromApprovals(actor: StaffActor, body: z.infer<typeof createFromApprovalsBody>) {
    authorize(actor, "invoice.manage");
    const settings = await tenants.getSettings(d.db, actor.tenantId);
    const account = await accountFor(actor.tenantId, body.accountId);
    const invoiceDate = body.invoiceDate ?? today(settings);
    const dueDate = body.dueDate ?? addDays(invoiceDate, settings.invoicePaymentTermsDays);
    checkDates(invoiceDate, dueDate);
    const ids = [...new Set(body.approvalRequestIds)].sort();
    const conflict = "This approved work was put on another invoice at the same moment; reload to see what is left to invoice.";
    const id = await inTransaction(d, async (tx) => {
      const versions = [];
      for (const rid of ids) {
        // Locked, so a reopen of the same version waits for this invoice (and is then refused).
        const v = await approvals.getRequest(tx, actor.tenantId, rid, true);
        if (!v || v.accountId !== account.id) throw invalid("approvalRequestIds", `must be approved work of ${account.name}`);
        if (v.status !== "approved") throw new AppError("CONFLICT", `Version ${v.version} of ${v.jobNumber} · ${v.jobName} is not approved (it is ${v.status}), so it cannot be invoiced.`);
        const held = await repo.isApprovalInvoiced(tx, actor.tenantId, rid);
        if (held) throw new AppError("CONFLICT", `Version ${v.version} of ${v.jobNumber} · ${v.jobName} is already on ${held.displayNumber ?? "a draft invoice"}.`);
        versions.push(v);
      }
      const lines = approvalLines(versions, await approvals.listLines(tx, actor.tenantId, ids), body.grouping);
      const taxRate = settings.defaultTaxRate;
      const totals = checkedTotals({ lines, discountAmount: "0", taxRate });
      const jobIds = [...new Set(versions.map((v) => v.jobId))];
      const id = await insertDraft(
        tx,
        actor,
        { accountId: account.id, currency: settings.currency, poNumber: body.poNumber ?? "", toText: toTextOf(account), invoiceDate, dueDate, jobId: jobIds.length === 1 ? jobIds[0] : null, taxRate, notes: body.notes ?? "" },
        lines,
        totals,
      );
      await repo.holdApprovals(tx, actor.tenantId, id, ids);
      return id;
    }, conflict);
    return get(actor, id);
  }

  // ---------- portal ----------

  async function listForPortal(actor: ContactActor, q: z.infer<typeof portalInvoiceListQuery>): Promise<InvoiceList> {
    authorize(actor, "portal.invoice.list");
    const scope = portalInvoiceScope(actor)!;
    const settings = await tenants.getSettings(d.db, actor.tenantId);
    const day = today(settings);
    const { rows, total } = await repo.listPortalInvoices(d.db, actor.tenantId, scope, { ...q, today: day });
    return { items: rows.map((r) => presentListItem(r, day)), total, totalCapped: false, page: q.page, pageSize: q.pageSize, today: day };
  }

  /** An issued invoice of the account in view; a draft, another account's or another tenant's is the same 404 as a made-up id. */
  async function loadForContact(actor: ContactActor, id: string) {
    // Without *View invoices* the answer is 403 whatever the id: the page is off, not the invoice missing.
    authorize(actor, "portal.invoice.list");
    const r = await repo.getInvoice(d.db, actor.tenantId, id);
    if (!r || !can(actor, "portal.invoice.read", resourceOf(r))) throw notFound("Invoice not found");
    authorize(actor, "portal.invoice.read", resourceOf(r));
    return r;
  }

  async function getForPortal(actor: ContactActor, id: string): Promise<PortalInvoiceDto> {
    const r = await loadForContact(actor, id);
    const settings = await tenants.getSettings(d.db, actor.tenantId);
    const [lines, payments, issuer] = await Promise.all([repo.listLines(d.db, actor.tenantId, id), repo.listPayments(d.db, actor.tenantId, id), issuerOf(d.db, actor.tenantId, settings)]);
    return presentPortalInvoice(r, lines, payments, issuer, today(settings));
  }

  async function portalPdf(actor: ContactActor, id: string) {
    return pdfOf(d.db, actor.tenantId, await loadForContact(actor, id));
  }

  /** The logo printed on invoices, for the portal's printable invoice page. */
  async function portalLogo(actor: ContactActor) {
    authorize(actor, "portal.invoice.list");
    const logo = await logoOf(await tenants.getSettings(d.db, actor.tenantId));
    if (!logo) throw notFound("No logo");
    return logo;
  }

  return { list, get, options, create, update, remove, send, markSent, recordPayment, voidInvoice, staffPdf, invoiceableApprovals, createFromApprovals, listForPortal, getForPortal, portalPdf, portalLogo };
}
export type InvoicesService = ReturnType<typeof createInvoicesService>;
