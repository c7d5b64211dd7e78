/** CON-1 rows to DTOs: each lists the fields that leave (a new column never does by default). */
import {
  type BillingCycle,
  billingCycleLabels,
  type ContractDto,
  type ContractEventDto,
  type ContractRow as ContractRowDto,
  contractFieldLabels,
  type ContractStatus,
  contractStatusLabels,
  type ContractType,
  contractTypeLabels,
  type PortalContractDto,
  type PortalContractRow,
  type PrepaidSummary,
} from "../../../shared/contracts-api.js";
import type { BillingCycle as DbCycle, ContractStatus as DbStatus, ContractType as DbType } from "../../db/schema/index.js";
import type { ContractEventRow, ContractJobRow, ContractView } from "./contracts.repo.js";
import type { RetainerSummary } from "./retainer.js";

// The shared lists and the database's hold the same values: a type error here when they drift apart.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const agree: [Same<DbType, ContractType>, Same<DbStatus, ContractStatus>, Same<DbCycle, BillingCycle>] = [true, true, true];
void agree;

export function presentRow(c: ContractView): ContractRowDto {
  return {
    id: c.id,
    name: c.name,
    type: c.type,
    reference: c.reference,
    status: c.status,
    isDefault: c.isDefault,
    account: { id: c.accountId, name: c.accountName },
    startDate: c.startDate,
    endDate: c.endDate,
    billingCycle: c.billingCycle,
    billingPrice: c.billingPrice,
    hoursPerPeriod: c.hoursPerPeriod,
    jobCount: c.jobCount,
  };
}

/** A history value as people read it: labels for the type, status and cycle, Yes/No for the flag. */
function shown(field: string, v: unknown): string | null {
  if (v === null || v === undefined || v === "") return null;
  if (field === "type") return contractTypeLabels[v as keyof typeof contractTypeLabels] ?? String(v);
  if (field === "status") return contractStatusLabels[v as keyof typeof contractStatusLabels] ?? String(v);
  if (field === "billingCycle") return billingCycleLabels[v as keyof typeof billingCycleLabels] ?? String(v);
  if (typeof v === "boolean") return v ? "Yes" : "No";
  return String(v);
}

/** The order the form lists the fields in (a JSON object from the database comes back in its own key order). */
const fieldOrder = Object.keys(contractFieldLabels);
const rank = (field: string) => (fieldOrder.includes(field) ? fieldOrder.indexOf(field) : fieldOrder.length);

export const presentEvent = (e: ContractEventRow): ContractEventDto => ({
  kind: e.kind,
  at: e.at.toISOString(),
  by: e.actorName,
  changes: Object.entries(e.changes)
    .sort(([a], [b]) => rank(a) - rank(b))
    .map(([field, [before, after]]) => ({ field, before: shown(field, before), after: shown(field, after) })),
  note: e.note,
});

export function presentSummary(s: RetainerSummary, thresholds: number[], alerts: { threshold: number; sentAt: Date }[]): PrepaidSummary {
  return {
    periodStart: s.period.start,
    periodEnd: s.period.end,
    asOf: s.asOf,
    blockHours: s.blockHours,
    usedHours: s.usedHours,
    remainingHours: s.remainingHours,
    overHours: s.overHours,
    percentUsed: s.percentUsed,
    dailyRate: s.dailyRate,
    projectedRunOut: s.projectedRunOut,
    runOutWithinPeriod: s.runOutWithinPeriod,
    ranOutOn: s.ranOutOn,
    series: s.series,
    thresholds: [...thresholds].sort((a, b) => a - b),
    alerts: alerts.map((a) => ({ threshold: a.threshold, sentAt: a.sentAt.toISOString() })),
  };
}

export const presentJob = (j: ContractJobRow) => ({
  id: j.id,
  number: j.number,
  name: j.name,
  status: j.status,
  manager: j.managerId ? { id: j.managerId, name: j.managerName ?? "" } : null,
  visibleInPortal: j.visibleInPortal,
});

export function presentContract(
  c: ContractView,
  x: Pick<ContractDto, "currency" | "amounts" | "prepaid" | "jobs" | "linkableJobs" | "history" | "can">,
): ContractDto {
  return {
    ...presentRow(c),
    sla: c.sla,
    setupFee: c.setupFee,
    description: c.description,
    billingInfo: c.billingInfo,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
    ...x,
  };
}

export function presentPortalRow(c: ContractView, s: PrepaidSummary | null): PortalContractRow {
  const { account: _a, jobCount: _j, ...row } = presentRow(c);
  return {
    ...row,
    prepaid: s
      ? { usedHours: s.usedHours, blockHours: s.blockHours, percentUsed: s.percentUsed, periodEnd: s.periodEnd, projectedRunOut: s.projectedRunOut, runOutWithinPeriod: s.runOutWithinPeriod }
      : null,
  };
}

/** What a contact reads: the job-link events name jobs the portal may not show, so the history leaves them out. */
export function presentPortalContract(
  c: ContractView,
  x: { currency: string; amounts: PortalContractDto["amounts"]; prepaid: PrepaidSummary | null; jobs: ContractJobRow[]; events: ContractEventRow[] },
): PortalContractDto {
  return {
    ...presentPortalRow(c, x.prepaid),
    account: c.accountName,
    sla: c.sla,
    setupFee: c.setupFee,
    description: c.description,
    billingInfo: c.billingInfo,
    currency: x.currency,
    amounts: x.amounts,
    prepaid: x.prepaid,
    jobs: x.jobs.filter((j) => j.visibleInPortal).map((j) => ({ number: j.number, name: j.name })),
    history: x.events.filter((e) => e.kind !== "job_linked" && e.kind !== "job_unlinked").map(presentEvent),
  };
}
