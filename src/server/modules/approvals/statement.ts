/**
 * The statement a customer approves (APR-3, APR-4): priced lines and totals in exact decimals, and the
 * SHA-256 of exactly what is shown, which each answer names as its evidence.
 */
import { createHash } from "node:crypto";
import Decimal from "decimal.js";

export interface PricedLine {
  timeEntryId: string;
  ticketId: string;
  ticketNumber: number;
  ticketTitle: string;
  staffName: string;
  workDate: string;
  hours: string;
  note: string;
  rate: string;
  amount: string;
}

/** Each line's amount is rounded to the cent on its own (half away from zero); the total adds the rounded lines. */
export function priceLines(
  entries: { id: string; ticketId: string; ticketNumber: number; ticketTitle: string; staffName: string; workDate: string; hours: string; note: string; rate: string | null }[],
): { lines: PricedLine[]; totalHours: string; totalAmount: string } {
  let hours = new Decimal(0);
  let amount = new Decimal(0);
  const lines = entries.map((e) => {
    const h = new Decimal(e.hours);
    const rate = new Decimal(e.rate ?? 0);
    const a = h.times(rate).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
    hours = hours.plus(h);
    amount = amount.plus(a);
    return {
      timeEntryId: e.id,
      ticketId: e.ticketId,
      ticketNumber: e.ticketNumber,
      ticketTitle: e.ticketTitle,
      staffName: e.staffName,
      workDate: e.workDate,
      hours: h.toFixed(2),
      note: e.note,
      rate: rate.toFixed(2),
      amount: a.toFixed(2),
    };
  });
  return { lines, totalHours: hours.toFixed(2), totalAmount: amount.toFixed(2) };
}

export interface Statement {
  job: { number: string; name: string };
  account: string;
  version: number;
  cutOff: string;
  currency: string;
  lines: { ticketNumber: number; ticketTitle: string; staffName: string; date: string; hours: string; note: string; rate: string; amount: string }[];
  totalHours: string;
  totalAmount: string;
}

export function statementOf(
  r: { jobNumber: string; jobName: string; accountName: string; version: number; cutOff: string; currency: string; totalHours: string; totalAmount: string },
  lines: { ticketNumber: number; ticketTitle: string; staffName: string; workDate: string; hours: string; note: string; rate: string; amount: string }[],
): Statement {
  return {
    job: { number: r.jobNumber, name: r.jobName },
    account: r.accountName,
    version: r.version,
    cutOff: r.cutOff,
    currency: r.currency,
    lines: lines.map((l) => ({ ticketNumber: l.ticketNumber, ticketTitle: l.ticketTitle, staffName: l.staffName, date: l.workDate, hours: l.hours, note: l.note, rate: l.rate, amount: l.amount })),
    totalHours: r.totalHours,
    totalAmount: r.totalAmount,
  };
}

/** Keys in a fixed order (the object is built by statementOf), so the same statement always hashes the same. */
export const statementHash = (s: Statement) => createHash("sha256").update(JSON.stringify(s)).digest("hex");
