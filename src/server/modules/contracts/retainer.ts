/**
 * CON-1 the arithmetic of contracts, without I/O: billing periods from a start date and a cycle, the hours a retainer
 * used in a period, the daily series the chart draws, the projected run-out day at the period's average burn rate,
 * the thresholds reached, and what a retainer by amount consumed. Days are calendar days ("2026-11-22") in the
 * tenant's time zone; hours and money are exact decimals.
 */
import Decimal from "decimal.js";

export type Cycle = "monthly" | "quarterly" | "yearly";
const monthsOf: Record<Cycle, number> = { monthly: 1, quarterly: 3, yearly: 12 };
const DAY_MS = 86_400_000;

/** YYYY-MM-DD of an instant in a time zone. */
export const dayIn = (at: Date, timeZone: string) => new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(at);

const parts = (day: string) => {
  const [y, m, d] = day.split("-").map(Number);
  return { y, m, d };
};
const pad = (n: number, w = 2) => String(n).padStart(w, "0");
const format = (y: number, m: number, d: number) => `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
const daysInMonth = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const utc = (day: string) => {
  const { y, m, d } = parts(day);
  return Date.UTC(y, m - 1, d);
};

export function addDays(day: string, n: number) {
  const t = new Date(utc(day) + n * DAY_MS);
  return format(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}
/** Days from a to b: 0 for the same day, 1 for the next. */
export const daysBetween = (a: string, b: string) => Math.round((utc(b) - utc(a)) / DAY_MS);

/** The same day of the month n months on; past the end of a shorter month, its last day (31 January + 1 → 28 February). */
export function addMonths(day: string, n: number) {
  const { y, m, d } = parts(day);
  const index = y * 12 + (m - 1) + n;
  const ny = Math.floor(index / 12);
  const nm = (index % 12) + 1;
  return format(ny, nm, Math.min(d, daysInMonth(ny, nm)));
}

export interface Period {
  /** 0 for the first period from the start date. */
  index: number;
  start: string;
  /** Inclusive; the contract's end date when that comes first. */
  end: string;
}

/** The k-th billing period: each begins on the start date's day of the month, counted from the start date itself (no drift after a short month). */
function nthPeriod(startDate: string, cycle: Cycle, k: number, endDate: string | null): Period {
  const step = monthsOf[cycle];
  const start = addMonths(startDate, k * step);
  const natural = addDays(addMonths(startDate, (k + 1) * step), -1);
  return { index: k, start, end: endDate && endDate < natural ? endDate : natural };
}

/**
 * The billing period that holds `day`; null before the contract starts. After its end date the last period is the
 * one that holds the end date.
 */
export function periodAt(startDate: string, cycle: Cycle, day: string, endDate: string | null = null): Period | null {
  if (day < startDate) return null;
  const target = endDate && day > endDate ? endDate : day;
  const s = parts(startDate);
  const t = parts(target);
  let k = Math.floor(((t.y - s.y) * 12 + (t.m - s.m)) / monthsOf[cycle]);
  while (k > 0 && addMonths(startDate, k * monthsOf[cycle]) > target) k--;
  while (addMonths(startDate, (k + 1) * monthsOf[cycle]) <= target) k++;
  return nthPeriod(startDate, cycle, k, endDate);
}

/** Every billing period from the start date up to the one holding `until` (at most `limit`). */
export function billingPeriods(startDate: string, cycle: Cycle, until: string, endDate: string | null = null, limit = 1000): Period[] {
  const last = periodAt(startDate, cycle, until, endDate);
  if (!last) return [];
  const out: Period[] = [];
  for (let k = Math.max(0, last.index - limit + 1); k <= last.index; k++) out.push(nthPeriod(startDate, cycle, k, endDate));
  return out;
}

/** Billable hours on one day (several entries of a day may be summed already). */
export interface DayHours {
  day: string;
  hours: string;
}

/** Hours used in [from, to]: entries outside are ignored. */
export function hoursUsed(entries: DayHours[], from: string, to: string) {
  return entries.filter((e) => e.day >= from && e.day <= to).reduce((sum, e) => sum.plus(e.hours), new Decimal(0));
}

/** The thresholds (percent of the block) that `used` has reached: used × 100 ≥ threshold × block, exactly. */
export function thresholdsReached(used: Decimal.Value, block: Decimal.Value, thresholds: number[]) {
  const u = new Decimal(used).times(100);
  return [...thresholds].sort((a, b) => a - b).filter((t) => u.gte(new Decimal(block).times(t)));
}

export interface RetainerSummary {
  period: Period;
  asOf: string;
  blockHours: string;
  usedHours: string;
  remainingHours: string;
  overHours: string;
  percentUsed: number;
  dailyRate: string;
  projectedRunOut: string | null;
  runOutWithinPeriod: boolean;
  ranOutOn: string | null;
  series: { date: string; used: string | null; projected: string | null }[];
}

/**
 * The prepaid-hours summary of a retainer by hours on `today`: the current period, the hours used in it up to today
 * (work dated later does not count yet), percent used, the average burn rate (hours used ÷ days elapsed, today
 * included), the day the block runs out at that rate, and the cumulative series per day for the chart with the
 * projection from today to the period's end. Null before the contract starts.
 */
export function summariseRetainer(c: { startDate: string; endDate: string | null; cycle: Cycle; blockHours: string }, entries: DayHours[], today: string): RetainerSummary | null {
  const period = periodAt(c.startDate, c.cycle, today, c.endDate);
  if (!period) return null;
  const asOf = today < period.end ? today : period.end;
  const block = new Decimal(c.blockHours);
  const inPeriod = entries.filter((e) => e.day >= period.start && e.day <= asOf);
  const byDay = new Map<string, Decimal>();
  for (const e of inPeriod) byDay.set(e.day, (byDay.get(e.day) ?? new Decimal(0)).plus(e.hours));
  const used = [...byDay.values()].reduce((s, h) => s.plus(h), new Decimal(0));
  const elapsed = daysBetween(period.start, asOf) + 1;
  const rate = used.dividedBy(elapsed);

  const series: RetainerSummary["series"] = [];
  let cumulative = new Decimal(0);
  let ranOutOn: string | null = null;
  // The projection runs on only while the period is current (a contract that ended has nothing ahead).
  const projecting = asOf === today && rate.gt(0);
  for (let i = 0, d = period.start; d <= period.end; i++, d = addDays(period.start, i)) {
    if (d <= asOf) {
      cumulative = cumulative.plus(byDay.get(d) ?? 0);
      if (!ranOutOn && cumulative.gte(block)) ranOutOn = d;
    }
    const ahead = daysBetween(asOf, d);
    series.push({
      date: d,
      used: d <= asOf ? cumulative.toFixed(2) : null,
      projected: projecting && ahead >= 0 ? used.plus(rate.times(ahead)).toFixed(2) : null,
    });
  }

  let projectedRunOut: string | null = null;
  if (!ranOutOn && rate.gt(0)) {
    // The block runs out on the first day whose end-of-day total reaches it.
    const days = block.minus(used).dividedBy(rate).ceil().toNumber();
    projectedRunOut = addDays(asOf, days);
  }
  const remaining = Decimal.max(block.minus(used), 0);
  return {
    period,
    asOf,
    blockHours: block.toFixed(2),
    usedHours: used.toFixed(2),
    remainingHours: remaining.toFixed(2),
    overHours: Decimal.max(used.minus(block), 0).toFixed(2),
    percentUsed: used.times(100).dividedBy(block).toDecimalPlaces(1, Decimal.ROUND_HALF_UP).toNumber(),
    dailyRate: rate.toFixed(2),
    projectedRunOut,
    runOutWithinPeriod: ranOutOn !== null || (projectedRunOut !== null && projectedRunOut <= period.end),
    ranOutOn,
    series,
  };
}

/** A priced entry: hours at the job's billing rate, else the staff member's hourly rate (null: neither is set). */
export interface PricedEntry {
  hours: string;
  rate: string | null;
}

/** What a retainer by amount consumed: each entry rounded to the cent on its own (half away from zero), as a statement prices lines. */
export function consumedAmount(entries: PricedEntry[]) {
  let amount = new Decimal(0);
  let unpriced = 0;
  for (const e of entries) {
    if (e.rate === null) unpriced++;
    amount = amount.plus(new Decimal(e.hours).times(e.rate ?? 0).toDecimalPlaces(2, Decimal.ROUND_HALF_UP));
  }
  return { amount: amount.toFixed(2), unpriced };
}

/** billing price − spent, to the cent (negative when overrun). */
export const remainingOf = (price: string, spent: string) => new Decimal(price).minus(spent).toFixed(2);
