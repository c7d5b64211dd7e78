/**
 * INV-1 invoice arithmetic in exact decimals, the same in the server (which stores the result) and in the
 * console's form (which shows it as staff type). Each line is rounded to the cent on its own, half away from
 * zero; the subtotal adds the rounded lines; tax is a percentage of the subtotal after discount, rounded once.
 */
import Decimal from "decimal.js";

export interface LineInput {
  quantity: string;
  unitPrice: string;
}

export interface InvoiceTotals {
  /** Each line's amount, in the order given. */
  lineAmounts: string[];
  subtotal: string;
  discount: string;
  /** The subtotal after discount: what tax is charged on. */
  taxable: string;
  tax: string;
  grandTotal: string;
  paid: string;
  /** What is still owed: the grand total less what was paid. */
  paymentDue: string;
}

/** The largest total the stored columns hold (numeric(14, 2)). */
export const MAX_TOTAL = new Decimal("999999999999.99");

const dec = (v: string | number | undefined | null) => {
  try {
    return new Decimal(v === undefined || v === null || v === "" ? 0 : v);
  } catch {
    return new Decimal(Number.NaN);
  }
};
const cents = (d: Decimal) => d.toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
const money = (d: Decimal) => (d.isFinite() ? d.toFixed(2) : "0.00");

/** round_half_away_from_zero(quantity × unit price, 2): decimal.js's ROUND_HALF_UP rounds a half away from zero. */
export const lineAmount = (quantity: string, unitPrice: string) => money(cents(dec(quantity).times(dec(unitPrice))));

export function invoiceTotals(v: { lines: LineInput[]; discountAmount?: string; taxRate?: string; paidAmount?: string }): InvoiceTotals {
  const amounts = v.lines.map((l) => cents(dec(l.quantity).times(dec(l.unitPrice))));
  const subtotal = amounts.reduce((sum, a) => sum.plus(a), new Decimal(0));
  const discount = cents(dec(v.discountAmount));
  const taxable = subtotal.minus(discount);
  const tax = cents(taxable.times(dec(v.taxRate)).dividedBy(100));
  const grand = taxable.plus(tax);
  const paid = cents(dec(v.paidAmount));
  return {
    lineAmounts: amounts.map(money),
    subtotal: money(subtotal),
    discount: money(discount),
    taxable: money(taxable),
    tax: money(tax),
    grandTotal: money(grand),
    paid: money(paid),
    paymentDue: money(grand.minus(paid)),
  };
}

/** Why these amounts cannot make an invoice, on the field at fault; null when they can. */
export function totalsProblem(v: { lines: LineInput[]; discountAmount?: string; taxRate?: string }): { field: string; message: string } | null {
  for (const [i, l] of v.lines.entries()) {
    const q = dec(l.quantity);
    if (!q.isFinite()) return { field: `lines.${i}.quantity`, message: "is not a number" };
    if (q.lte(0)) return { field: `lines.${i}.quantity`, message: "must be more than 0: negative and zero quantities are not accepted" };
    const u = dec(l.unitPrice);
    if (!u.isFinite() || u.isNegative()) return { field: `lines.${i}.unitPrice`, message: "must be 0 or more" };
  }
  const t = invoiceTotals(v);
  if (dec(t.subtotal).gt(MAX_TOTAL) || dec(t.grandTotal).gt(MAX_TOTAL)) return { field: "lines", message: "add up to more than an invoice can hold (999,999,999,999.99)" };
  if (dec(v.discountAmount).gt(dec(t.subtotal))) return { field: "discountAmount", message: `must not be more than the subtotal (${t.subtotal})` };
  return null;
}

/** A payment must be more than 0 and at most what is still owed. */
export function paymentProblem(amount: string, paymentDue: string): string | null {
  const a = dec(amount);
  if (!a.isFinite() || a.lte(0)) return "must be more than 0";
  if (a.gt(dec(paymentDue))) return `must not be more than the payment due (${money(dec(paymentDue))})`;
  return null;
}

/** paid ≥ grand total: nothing is owed any more. */
export const isPaidInFull = (paid: string, grandTotal: string) => dec(paid).gte(dec(grandTotal));
