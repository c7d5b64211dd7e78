/** The SPA's writes are typed by the request schemas the server validates: a wrong field fails the type check (npm run typecheck). */
import { expect, it } from "vitest";
import { createPortalTicket, portalLogin, updateProfile } from "../../src/web/api/portal.js";
import { createAccount, grantPortalAccess, updateStaffTicket } from "../../src/web/api/staff.js";
import { createInvoice, recordInvoicePayment } from "../../src/web/api/invoices.js";

// Never called: the type checker reads these lines, the test run only loads them.
export function typeChecks() {
  createPortalTicket({ title: "Printer jams", details: "", siteId: null });
  // @ts-expect-error a field the server does not take
  createPortalTicket({ title: "Printer jams", subject: "Printer" });
  // @ts-expect-error the title is required
  createPortalTicket({ details: "No title" });
  // @ts-expect-error a number where the server wants an id
  updateStaffTicket("id", { statusId: 3 });
  // @ts-expect-error the account's portal flag is a boolean
  createAccount({ name: "Fabrikam", portalEnabled: "yes" });
  // @ts-expect-error a misspelt field
  grantPortalAccess("id", { userName: "fiona" });
  // @ts-expect-error the password is required
  portalLogin({ username: "fiona" });
  // @ts-expect-error the profile has no email (it changes by a confirmed link)
  updateProfile({ email: "new@example.com" });
  createInvoice({ accountId: "id", lines: [{ description: "Work", quantity: "2.5", unitPrice: "95.00" }] });
  // @ts-expect-error money crosses the API as decimal strings, never numbers
  createInvoice({ accountId: "id", lines: [{ description: "Work", quantity: 2.5, unitPrice: "95.00" }] });
  // @ts-expect-error a payment names its method
  recordInvoicePayment("id", { amount: "10.00", paidOn: "2026-11-22" });
}

it("the typed API functions load without a browser", () => {
  expect(typeof typeChecks).toBe("function");
});
