/** INV-1 invoice arithmetic (exact decimals, rounding per line) and the one rule for the status shown. */
import { describe, expect, it } from "vitest";
import { invoiceTotals, isPaidInFull, lineAmount, paymentProblem, totalsProblem } from "../../src/server/modules/invoices/totals.js";
import { invoiceStatuses, invoiceStatusFilter, shownInvoiceStatus, storedInvoiceStatuses } from "../../src/shared/invoices-api.js";

describe("INV-1 line amounts", () => {
  it("INV-1 a line is quantity × unit price rounded to the cent, half away from zero, in exact decimals", () => {
    expect(lineAmount("0.33", "100.05")).toBe("33.02"); // 33.0165
    expect(lineAmount("1", "2.675")).toBe("2.68"); // floating point says 2.67499999…
    expect(lineAmount("0.5", "0.01")).toBe("0.01"); // 0.005: the half goes up
    expect(lineAmount("0.5", "0.03")).toBe("0.02"); // 0.015
    expect(lineAmount("3", "0.1")).toBe("0.30"); // 0.30000000000000004 in floating point
    expect(lineAmount("1000000", "9999999.99")).toBe("9999999990000.00");
    expect(lineAmount("0.01", "0.01")).toBe("0.00");
  });

  it("INV-1 the subtotal adds the rounded lines (not the unrounded products)", () => {
    // Each 0.33 × 100.05 line rounds to 33.02; three make 99.06, where 0.99 × 100.05 would round to 99.05.
    const t = invoiceTotals({ lines: [1, 2, 3].map(() => ({ quantity: "0.33", unitPrice: "100.05" })) });
    expect(t.lineAmounts).toEqual(["33.02", "33.02", "33.02"]);
    expect(t.subtotal).toBe("99.06");
  });
});

describe("INV-1 totals", () => {
  it("INV-1 tax is the rate on the subtotal after discount, rounded once; grand total and payment due follow", () => {
    const t = invoiceTotals({ lines: [{ quantity: "0.33", unitPrice: "100.05" }, { quantity: "3", unitPrice: "19.99" }, { quantity: "1.5", unitPrice: "0.01" }], discountAmount: "10", taxRate: "15", paidAmount: "20.46" });
    expect(t).toEqual({ lineAmounts: ["33.02", "59.97", "0.02"], subtotal: "93.01", discount: "10.00", taxable: "83.01", tax: "12.45", grandTotal: "95.46", paid: "20.46", paymentDue: "75.00" });
    // 12.5 % of 0.20 is 0.025: rounded half away from zero to 0.03.
    expect(invoiceTotals({ lines: [{ quantity: "1", unitPrice: "0.20" }], taxRate: "12.5" }).tax).toBe("0.03");
    expect(invoiceTotals({ lines: [] })).toMatchObject({ subtotal: "0.00", tax: "0.00", grandTotal: "0.00", paymentDue: "0.00" });
  });

  it("INV-1 a discount above the subtotal, a quantity of 0 or less, a negative price and an impossible total are each a problem on their field", () => {
    const one = [{ quantity: "1", unitPrice: "10.00" }];
    expect(totalsProblem({ lines: one, discountAmount: "10.00" })).toBeNull();
    expect(totalsProblem({ lines: one, discountAmount: "10.01" })).toEqual({ field: "discountAmount", message: "must not be more than the subtotal (10.00)" });
    expect(totalsProblem({ lines: [...one, { quantity: "-1", unitPrice: "1" }] })?.field).toBe("lines.1.quantity");
    expect(totalsProblem({ lines: [{ quantity: "0", unitPrice: "1" }] })?.field).toBe("lines.0.quantity");
    expect(totalsProblem({ lines: [{ quantity: "1", unitPrice: "-0.01" }] })?.field).toBe("lines.0.unitPrice");
    expect(totalsProblem({ lines: [{ quantity: "x", unitPrice: "1" }] })?.field).toBe("lines.0.quantity");
    expect(totalsProblem({ lines: [{ quantity: "1000000", unitPrice: "9999999.99" }] })?.field).toBe("lines");
  });

  it("INV-1 a payment must be more than 0 and at most what is due; paid in full is paid", () => {
    expect(paymentProblem("75.00", "75.00")).toBeNull();
    expect(paymentProblem("75.01", "75.00")).toBe("must not be more than the payment due (75.00)");
    expect(paymentProblem("0", "75.00")).toBe("must be more than 0");
    expect(paymentProblem("-1", "75.00")).toBe("must be more than 0");
    expect(isPaidInFull("95.46", "95.46")).toBe(true);
    expect(isPaidInFull("95.45", "95.46")).toBe(false);
  });
});

describe("INV-1 the status shown", () => {
  it("INV-1 sent and partly paid invoices are overdue from the day after their due date; other statuses never are", () => {
    expect(shownInvoiceStatus("sent", "2026-11-22", "2026-11-22")).toBe("sent");
    expect(shownInvoiceStatus("sent", "2026-11-22", "2026-11-23")).toBe("overdue");
    expect(shownInvoiceStatus("partly_paid", "2026-11-22", "2026-11-23")).toBe("overdue");
    for (const s of ["draft", "paid", "void"] as const) expect(shownInvoiceStatus(s, "2026-01-01", "2026-11-23")).toBe(s);
  });

  it("INV-1 the list's status filter (its SQL is built from invoiceStatusFilter) matches exactly the invoices the rule shows with that status", () => {
    const today = "2026-11-22";
    const matches = (f: ReturnType<typeof invoiceStatusFilter>, stored: string, due: string) =>
      (f.stored as string[]).includes(stored) && (f.due === "any" || (f.due === "past" ? due < today : due >= today));
    for (const shown of invoiceStatuses) {
      const f = invoiceStatusFilter(shown);
      for (const stored of storedInvoiceStatuses) {
        for (const due of ["2026-11-21", "2026-11-22", "2026-11-23"]) {
          expect(matches(f, stored, due), `${shown} ← ${stored} due ${due}`).toBe(shownInvoiceStatus(stored, due, today) === shown);
        }
      }
    }
  });
});
