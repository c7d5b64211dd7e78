/**
 * INV-1 invoice totals, exact (decimal.js): line = round_half_away_from_zero(quantity × unit price, 2);
 * subtotal = Σ lines; discount ≤ subtotal; tax = round((subtotal − discount) × rate / 100, 2);
 * grand total = subtotal − discount + tax; payment due = grand total − paid. The arithmetic is shared with the
 * console's form (src/shared/invoice-totals.ts); here a refusal becomes a 400 on the field at fault.
 */
import { invalid } from "../../errors.js";
import { type LineInput, invoiceTotals, totalsProblem } from "../../../shared/invoice-totals.js";

export { invoiceTotals, isPaidInFull, lineAmount, MAX_TOTAL, paymentProblem, totalsProblem } from "../../../shared/invoice-totals.js";

/** The totals to store, or the 400 that says which field makes them impossible. */
export function checkedTotals(v: { lines: LineInput[]; discountAmount: string; taxRate: string; paidAmount?: string }) {
  const problem = totalsProblem(v);
  if (problem) throw invalid(problem.field, problem.message);
  return invoiceTotals(v);
}
