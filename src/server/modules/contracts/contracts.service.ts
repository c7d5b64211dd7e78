/**
 * Contracts (CON-1): what an account has agreed to buy. Staff create and edit them and link the account's jobs to them;
 * every change is kept in the contract's history. A retainer by hours counts the billable time on its jobs against each
 * billing period's block, and emails the account when the tenant's thresholds are reached, once per threshold and period.
 */
import Decimal from "decimal.js";
import type { z } from "zod";
import {
  type ContractAmounts,
  type ContractDto,
  type contractListQuery,
  type createContractBody,
  type PortalContractDto,
  type PrepaidSummary,
  typeFieldProblems,
  type updateContractBody,
} from "../../../shared/contracts-api.js";
import { formatHours } from "../../../shared/money.js";
import type { Executor, Tx } from "../../db/client.js";
import { type Deps, inTransaction } from "../../deps.js";
import { AppError, invalid, notFound } from "../../errors.js";
import type { ContactActor, StaffActor } from "../../policy/actors.js";
import { authorize, can, portalContractScope, type Resource } from "../../policy/policy.js";
import type { Repos } from "../../repos.js";
import { portalBase } from "../portal-access/links.js";
import type { PortalSettingsRow } from "../tenants/tenants.repo.js";
import { presentContract, presentEvent, presentJob, presentPortalContract, presentPortalRow, presentRow, presentSummary } from "./contracts.presenter.js";
import type { ContractRow, ContractView } from "./contracts.repo.js";
import { consumedAmount, dayIn, periodAt, remainingOf, summariseRetainer, thresholdsReached } from "./retainer.js";

/** The fields a change may touch, in the order the history lists them. */
const trackedFields = ["name", "type", "reference", "status", "isDefault", "startDate", "endDate", "sla", "setupFee", "billingCycle", "billingPrice", "hoursPerPeriod", "description", "billingInfo"] as const;
type Tracked = (typeof trackedFields)[number];
type Values = Pick<ContractRow, Tracked>;
const decimalFields = new Set<Tracked>(["setupFee", "billingPrice", "hoursPerPeriod"]);
/** Amounts and hours as the database keeps them (two decimals), so "1200" and "1200.00" are no change. */
const normal = (field: Tracked, v: unknown) => (decimalFields.has(field) && typeof v === "string" ? new Decimal(v).toFixed(2) : v);

const longDate = (day: string) => new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", day: "numeric", month: "long", year: "numeric" }).format(new Date(`${day}T12:00:00Z`));
const resource = (c: ContractView): Resource => ({ tenantId: c.tenantId, accountId: c.accountId, publishedToPortal: c.status !== "draft" });
const jobLabel = (j: { number: string; name: string }) => `${j.number} · ${j.name}`;
const noAmounts: ContractAmounts = { billAmount: null, invoicedAmount: null, consumedAmount: null, remainingAmount: null, unpricedEntries: 0 };

export function createContractsService(d: Deps, { contracts: repo, accounts, tenants, outbox }: Pick<Repos, "contracts" | "accounts" | "tenants" | "outbox">) {
  const today = (settings: PortalSettingsRow) => dayIn(d.clock(), settings.timeZone);

  async function prepaidOf(db: Executor, c: ContractRow, settings: PortalSettingsRow, withAlerts = true): Promise<PrepaidSummary | null> {
    if (c.type !== "retainer_hours" || !c.billingCycle || !c.hoursPerPeriod) return null;
    const day = today(settings);
    const period = periodAt(c.startDate, c.billingCycle, day, c.endDate);
    if (!period) return null;
    const asOf = day < period.end ? day : period.end;
    const entries = await repo.dailyHours(db, c.tenantId, c.id, period.start, asOf, settings.timeZone);
    const s = summariseRetainer({ startDate: c.startDate, endDate: c.endDate, cycle: c.billingCycle, blockHours: c.hoursPerPeriod }, entries, day)!;
    const alerts = withAlerts ? await repo.listAlerts(db, c.tenantId, c.id, period.start) : [];
    return presentSummary(s, settings.retainerAlertThresholds, alerts);
  }

  /** CON-1 bill, remaining and consumed amounts, from the invoices and the time: never stored. */
  async function amountsOf(db: Executor, c: ContractRow, settings: PortalSettingsRow): Promise<ContractAmounts> {
    if (c.type === "fixed_price" && c.billingPrice) {
      const invoiced = await repo.invoicedAmount(db, c.tenantId, c.id);
      return { ...noAmounts, billAmount: c.billingPrice, invoicedAmount: new Decimal(invoiced).toFixed(2), remainingAmount: remainingOf(c.billingPrice, invoiced) };
    }
    if (c.type === "retainer_amount" && c.billingPrice) {
      const { amount, unpriced } = consumedAmount(await repo.pricedWork(db, c.tenantId, c.id, c.startDate, c.endDate, settings.timeZone));
      return { ...noAmounts, consumedAmount: amount, remainingAmount: remainingOf(c.billingPrice, amount), unpricedEntries: unpriced };
    }
    return noAmounts;
  }

  // ---------- staff ----------

  async function list(actor: StaffActor, q: z.infer<typeof contractListQuery>) {
    authorize(actor, "contract.read");
    const [page, settings] = await Promise.all([repo.listContracts(d.db, actor.tenantId, q), tenants.getSettings(d.db, actor.tenantId)]);
    return { items: page.items.map(presentRow), total: page.total, totalCapped: page.totalCapped, page: q.page, pageSize: q.pageSize, currency: settings.currency };
  }

  async function load(db: Executor, actor: StaffActor, id: string) {
    const c = await repo.getContract(db, actor.tenantId, id);
    if (!c) throw notFound("Contract not found");
    return c;
  }

  /** CON-1 a contract with its history, linked jobs, derived amounts and prepaid-hours summary. */
  async function get(actor: StaffActor, id: string): Promise<ContractDto> {
    authorize(actor, "contract.read");
    const c = await load(d.db, actor, id);
    const settings = await tenants.getSettings(d.db, actor.tenantId);
    const [amounts, prepaid, jobs, accountJobs, events] = await Promise.all([
      amountsOf(d.db, c, settings),
      prepaidOf(d.db, c, settings),
      repo.listContractJobs(d.db, actor.tenantId, id),
      repo.listAccountJobs(d.db, actor.tenantId, c.accountId),
      repo.listEvents(d.db, actor.tenantId, id),
    ]);
    const manage = can(actor, "contract.manage");
    return presentContract(c, {
      currency: settings.currency,
      amounts,
      prepaid,
      jobs: jobs.map(presentJob),
      linkableJobs: manage
        ? accountJobs.filter((j) => j.contractId !== id).map((j) => ({ id: j.id, number: j.number, name: j.name, contract: j.contractId ? { id: j.contractId, name: j.contractName ?? "" } : null }))
        : [],
      history: events.map(presentEvent),
      can: { edit: manage, linkJobs: manage },
    });
  }

  /** The type-specific rules on the contract as it will be; the first fault is the answer, on its field. */
  function checkValues(v: Values) {
    const problem = typeFieldProblems(v.type, v)[0];
    if (problem) throw invalid(problem.field, problem.message);
    if (v.endDate && v.endDate < v.startDate) throw invalid("endDate", "must be on or after the start date");
  }

  /** The old default of the account stops being it, in the same transaction, and its history says so. */
  async function takeDefault(tx: Tx, actor: StaffActor, accountId: string, name: string, now: Date) {
    for (const other of await repo.clearDefaultContract(tx, actor.tenantId, accountId, now)) {
      await repo.insertEvent(tx, actor.tenantId, { contractId: other, kind: "updated", at: now, staffId: actor.staffId, actorName: actor.name, changes: { isDefault: [true, false] }, note: `${name} became the account's default contract.` });
    }
  }

  async function create(actor: StaffActor, body: z.infer<typeof createContractBody>) {
    authorize(actor, "contract.manage");
    const account = await accounts.getAccount(d.db, actor.tenantId, body.accountId);
    if (!account) throw invalid("accountId", "is not an account");
    if (account.archivedAt) throw invalid("accountId", "is archived: restore the account first");
    const { accountId, ...rest } = body;
    const values = Object.fromEntries(trackedFields.map((f) => [f, normal(f, rest[f])])) as Values;
    checkValues(values);
    const now = d.clock();
    const id = await inTransaction(d, async (tx) => {
      if (values.isDefault) await takeDefault(tx, actor, accountId, values.name, now);
      const id = await repo.insertContract(tx, actor.tenantId, { ...values, accountId, createdAt: now, updatedAt: now });
      const changes = Object.fromEntries(trackedFields.filter((f) => values[f] !== null && values[f] !== "" && values[f] !== false).map((f) => [f, [null, values[f]] as [unknown, unknown]]));
      await repo.insertEvent(tx, actor.tenantId, { contractId: id, kind: "created", at: now, staffId: actor.staffId, actorName: actor.name, changes });
      return id;
    }, "Another contract of this account became the default at the same moment; try again");
    return get(actor, id);
  }

  /**
   * CON-1 a change: the fields named in the body. Changing the type empties the fields the new type does not use (and
   * the history shows it); a value sent for a field the type does not use is refused. Nothing changed, nothing recorded.
   */
  async function update(actor: StaffActor, id: string, body: z.infer<typeof updateContractBody>) {
    authorize(actor, "contract.manage");
    await load(d.db, actor, id);
    await inTransaction(d, async (tx) => {
      await repo.lockContract(tx, actor.tenantId, id);
      const c = await load(tx, actor, id);
      const next = { ...pick(c) };
      for (const f of trackedFields) if (body[f] !== undefined) (next as Record<string, unknown>)[f] = normal(f, body[f]);
      if (next.type !== c.type) {
        // Fields the new type does not use, and the body left alone, are emptied rather than kept meaningless.
        for (const p of typeFieldProblems(next.type, next)) if (body[p.field] === undefined && p.message.startsWith("does not apply")) next[p.field] = null;
      }
      checkValues(next);
      const changed = trackedFields.filter((f) => next[f] !== c[f]);
      if (changed.length === 0) return;
      const now = d.clock();
      if (next.isDefault && !c.isDefault) await takeDefault(tx, actor, c.accountId, next.name, now);
      await repo.updateContract(tx, actor.tenantId, id, { ...Object.fromEntries(changed.map((f) => [f, next[f]])), updatedAt: now });
      await repo.insertEvent(tx, actor.tenantId, { contractId: id, kind: "updated", at: now, staffId: actor.staffId, actorName: actor.name, changes: Object.fromEntries(changed.map((f) => [f, [c[f], next[f]]])) });
      // A smaller block or a contract made active may cross a threshold now.
      await checkContract(tx, actor.tenantId, id);
    }, "Another contract of this account became the default at the same moment; try again");
    return get(actor, id);
  }

  /** Links a job of the contract's account: its billable time now counts here. A job under another contract moves, and both histories say so. */
  async function linkJob(actor: StaffActor, id: string, jobId: string) {
    authorize(actor, "contract.manage");
    const c = await load(d.db, actor, id);
    const first = await repo.getJobForLink(d.db, actor.tenantId, jobId);
    if (!first) throw notFound("Job not found");
    if (first.accountId !== c.accountId) throw invalid("jobId", `is a job of another account: this contract covers the jobs of ${c.accountName} only`);
    await inTransaction(d, async (tx) => {
      // The job's lock first, as a time-entry change takes it, then the contracts: the same order everywhere.
      const job = (await repo.getJobForLink(tx, actor.tenantId, jobId, true))!;
      if (job.contractId === id) return;
      for (const cid of [id, job.contractId].filter((x): x is string => !!x).sort()) await repo.lockContract(tx, actor.tenantId, cid);
      const previous = job.contractId ? await repo.getContract(tx, actor.tenantId, job.contractId) : undefined;
      await repo.setJobContract(tx, actor.tenantId, jobId, id);
      const now = d.clock();
      const by = { staffId: actor.staffId, actorName: actor.name, at: now };
      await repo.insertEvent(tx, actor.tenantId, { ...by, contractId: id, kind: "job_linked", changes: { job: [null, jobLabel(job)] }, note: previous ? `Moved from ${previous.name}.` : "" });
      if (previous) await repo.insertEvent(tx, actor.tenantId, { ...by, contractId: previous.id, kind: "job_unlinked", changes: { job: [jobLabel(job), null] }, note: `Moved to ${c.name}.` });
      await checkContract(tx, actor.tenantId, id);
    });
    return get(actor, id);
  }

  async function unlinkJob(actor: StaffActor, id: string, jobId: string) {
    authorize(actor, "contract.manage");
    const c = await load(d.db, actor, id);
    if (!(await repo.getJobForLink(d.db, actor.tenantId, jobId))) throw notFound("Job not found");
    await inTransaction(d, async (tx) => {
      const job = (await repo.getJobForLink(tx, actor.tenantId, jobId, true))!;
      if (job.contractId !== id) throw new AppError("CONFLICT", `${jobLabel(job)} is not linked to ${c.name}.`);
      await repo.lockContract(tx, actor.tenantId, id);
      await repo.setJobContract(tx, actor.tenantId, jobId, null);
      await repo.insertEvent(tx, actor.tenantId, { contractId: id, kind: "job_unlinked", at: d.clock(), staffId: actor.staffId, actorName: actor.name, changes: { job: [jobLabel(job), null] } });
    });
    return get(actor, id);
  }

  // ---------- portal ----------

  /** CON-1 the contracts of the account in view that are not drafts, with *View contracts*. */
  async function listPortal(actor: ContactActor) {
    authorize(actor, "portal.contract.list");
    const scope = portalContractScope(actor)!;
    const [rows, settings] = await Promise.all([repo.listPortalContracts(d.db, actor.tenantId, scope), tenants.getSettings(d.db, actor.tenantId)]);
    const items = [];
    for (const c of rows) items.push(presentPortalRow(c, await prepaidOf(d.db, c, settings, false)));
    return { items, currency: settings.currency };
  }

  /** One contract in the contact's scope; a draft, another account's or a made-up id is the same 404. */
  async function getPortal(actor: ContactActor, id: string): Promise<PortalContractDto> {
    authorize(actor, "portal.contract.list");
    const c = await repo.getContract(d.db, actor.tenantId, id);
    if (!c || !can(actor, "portal.contract.read", resource(c))) throw notFound("Contract not found");
    authorize(actor, "portal.contract.read", resource(c));
    const settings = await tenants.getSettings(d.db, actor.tenantId);
    const [amounts, prepaid, jobs, events] = await Promise.all([
      amountsOf(d.db, c, settings),
      prepaidOf(d.db, c, settings),
      repo.listContractJobs(d.db, actor.tenantId, id),
      repo.listEvents(d.db, actor.tenantId, id),
    ]);
    const { unpricedEntries: _, ...shown } = amounts;
    return presentPortalContract(c, { currency: settings.currency, amounts: shown, prepaid, jobs, events });
  }

  // ---------- prepaid-hours alerts ----------

  /**
   * CON-1 checks a retainer by hours against the tenant's thresholds in the current period, in the caller's transaction.
   * The contract's lock makes checks run one after another, each seeing the time committed before it; the unique key
   * records each threshold once per period, and only a newly recorded one sends email (one per recipient, naming the
   * highest threshold newly reached). Returns how many thresholds were newly reached.
   */
  async function checkContract(tx: Tx, tenantId: string, contractId: string, skipLocked = false): Promise<number> {
    if (!(await repo.lockContract(tx, tenantId, contractId, skipLocked))) return 0;
    const c = await repo.getContract(tx, tenantId, contractId);
    if (!c || c.type !== "retainer_hours" || c.status !== "active" || !c.billingCycle || !c.hoursPerPeriod) return 0;
    const settings = await tenants.getSettings(tx, tenantId);
    const day = today(settings);
    const period = periodAt(c.startDate, c.billingCycle, day, c.endDate);
    // Not started, or past its end: no period is running.
    if (!period || day > period.end) return 0;
    const entries = await repo.dailyHours(tx, tenantId, contractId, period.start, day, settings.timeZone);
    const s = summariseRetainer({ startDate: c.startDate, endDate: c.endDate, cycle: c.billingCycle, blockHours: c.hoursPerPeriod }, entries, day)!;
    const now = d.clock();
    const fresh: number[] = [];
    for (const threshold of thresholdsReached(s.usedHours, s.blockHours, settings.retainerAlertThresholds)) {
      if (await repo.insertAlert(tx, tenantId, { contractId, periodStart: period.start, thresholdPercent: threshold, usedHours: s.usedHours, sentAt: now })) fresh.push(threshold);
    }
    if (fresh.length === 0) return 0;
    const threshold = Math.max(...fresh);
    const [admins, managers] = await Promise.all([repo.clientAdminRecipients(tx, tenantId, c.accountId), repo.staffRecipients(tx, tenantId, contractId)]);
    const facts = {
      portalName: settings.portalName,
      contract: c.name,
      account: c.accountName,
      threshold,
      percent: s.percentUsed,
      used: formatHours(s.usedHours),
      block: formatHours(s.blockHours),
      periodStart: longDate(period.start),
      periodEnd: longDate(period.end),
      runOut: s.ranOutOn ? null : s.projectedRunOut && s.runOutWithinPeriod ? longDate(s.projectedRunOut) : null,
    };
    const sent = new Set<string>();
    for (const a of admins) {
      if (sent.has(a.email.toLowerCase())) continue;
      sent.add(a.email.toLowerCase());
      await outbox.queueEmail(tx, tenantId, "retainer_threshold", { to: a.email, name: a.firstName, audience: "customer", link: `${portalBase(d, settings)}/contracts/${c.id}?account=${c.accountId}`, ...facts }, now);
    }
    for (const m of managers) {
      if (sent.has(m.email.toLowerCase())) continue;
      sent.add(m.email.toLowerCase());
      await outbox.queueEmail(tx, tenantId, "retainer_threshold", { to: m.email, name: m.name, audience: "staff", link: `${d.config.publicUrl}/admin/contracts/${c.id}`, ...facts }, now);
    }
    await repo.insertEvent(tx, tenantId, {
      contractId,
      kind: "alert_sent",
      at: now,
      actorName: "Portico",
      changes: {},
      note: `${threshold} % of the prepaid hours used (${formatHours(s.usedHours)} of ${formatHours(s.blockHours)}) in the period ${longDate(period.start)} to ${longDate(period.end)}; ${sent.size === 1 ? "1 person was" : `${sent.size} people were`} emailed.`,
    });
    return fresh.length;
  }

  /** Called inside the transaction that logs, edits or deletes time on a job: a retainer it counts against is checked there. */
  async function checkRetainerAlerts(tx: Tx, tenantId: string, jobId: string) {
    const contractId = await repo.retainerOfJob(tx, tenantId, jobId);
    if (contractId) await checkContract(tx, tenantId, contractId);
  }

  /**
   * The worker's sweep: every active retainer by hours, each in its own transaction, so nothing is missed (a lowered
   * threshold, time dated ahead that is now today). A contract another transaction holds is left to that one.
   */
  async function sweepRetainerAlerts(batch = 100) {
    let after: string | null = null;
    let reached = 0;
    for (;;) {
      const rows = await repo.listActiveRetainers(d.db, after, batch);
      for (const r of rows) reached += await inTransaction(d, (tx) => checkContract(tx, r.tenantId, r.id, true));
      if (rows.length < batch) return reached;
      after = rows[rows.length - 1].id;
    }
  }

  return { list, get, create, update, linkJob, unlinkJob, listPortal, getPortal, checkRetainerAlerts, sweepRetainerAlerts };
}
export type ContractsService = ReturnType<typeof createContractsService>;

const pick = (c: ContractRow): Values => Object.fromEntries(trackedFields.map((f) => [f, c[f]])) as Values;
