/**
 * INV-1 invoices in Chromium: a customer's manager opens Invoices in the portal, opens an invoice, checks its
 * numbers and downloads its PDF (whose text reads back); staff create an invoice with live totals in the console
 * and send it, the PDF attached, through SMTP. Checked with axe-core at desktop width and at 390 px.
 */
import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { ADMIN } from "../harness.js";
import { pdfText } from "../api/invoice-fixture.js";
import { choose, expectAccessible, field, PORTAL_PASSWORD, type Portico, settled, shot, startPortico } from "./browser.js";

let p: Portico;
let api: Awaited<ReturnType<Portico["staffApi"]>>;
let account: { id: string; name: string };
let manager: { id: string; email: string };
let issued: { id: string; displayNumber: string };

beforeAll(async () => {
  p = await startPortico();
  api = await p.staffApi();
  await api("PATCH", "/api/staff/settings/portal", { companyAddress: "1 Harbour Street\nWellington 6011", defaultTaxRate: "15", currency: "NZD", invoicePrefix: "INV-" });
  const roles = (await api("GET", "/api/staff/portal-roles")).items as { id: string; name: string }[];
  account = await api("POST", "/api/staff/accounts", { name: "Contoso Ltd", portalRoleId: roles.find((r) => r.name === "External Manager")!.id });
  manager = await p.portalUser([account.id], "Mia", "Manager", "mia@contoso.test");
  await api("PATCH", `/api/staff/accounts/${account.id}/contacts/${manager.id}`, { clientAdmin: true });
  // An issued invoice with a payment on it: 2 × 450.00 + 0.33 × 100.05 = 933.02; 15 % tax 139.95; 1,072.97; 500.00 paid.
  const draft = await api("POST", "/api/staff/invoices", {
    accountId: account.id,
    poNumber: "PO-4410",
    notes: "Payment by bank transfer, please.",
    lines: [
      { description: "Network audit (days)", quantity: "2", unitPrice: "450.00" },
      { description: "Consulting call (hours)", quantity: "0.33", unitPrice: "100.05" },
    ],
  });
  issued = await api("POST", `/api/staff/invoices/${draft.id}/mark-sent`);
  await api("POST", `/api/staff/invoices/${draft.id}/payments`, { amount: "500.00", paidOn: new Date().toISOString().slice(0, 10), method: "bank_transfer", reference: "BT-1" });
});
afterEach(() => p?.expectNoBrowserErrors());
afterAll(() => p?.close());


/** axe-core once the page has settled. */
async function accessible(page: Page, what: string) {
  await settled(page);
  await expectAccessible(page, what);
}

async function atBothWidths(page: Page, what: string, name: string) {
  await accessible(page, what);
  await shot(page, `invoices-${name}`);
  await page.setViewportSize({ width: 390, height: 844 });
  await accessible(page, `${what} at 390 px`);
  await shot(page, `invoices-${name}-390`);
  await page.setViewportSize({ width: 1280, height: 900 });
}

it("INV-1 a manager opens Invoices in the portal, opens an invoice, checks its numbers and downloads its PDF", async () => {
  const page = await p.portalPage(manager.email);
  await page.getByRole("link", { name: "Invoices" }).first().click();
  await page.waitForURL(/\/portal\/invoices$/);
  await page.getByRole("heading", { name: "Invoices" }).waitFor();
  const row = page.getByRole("row").filter({ has: page.getByRole("link", { name: issued.displayNumber }) });
  await expect(row.textContent()).resolves.toContain("PO-4410");
  await expect(row.textContent()).resolves.toContain("Partly paid");
  await expect(row.textContent()).resolves.toContain("$1,072.97");
  await expect(row.textContent()).resolves.toContain("$572.97");
  await atBothWidths(page, "the portal's invoices", "portal-list");

  await row.getByRole("link", { name: issued.displayNumber }).click();
  await page.getByRole("heading", { name: `Invoice ${issued.displayNumber}` }).waitFor();
  expect(await page.title()).toMatch(new RegExp(`^Invoice ${issued.displayNumber} · `));
  const doc = page.getByRole("article", { name: `Invoice ${issued.displayNumber}` });
  const lines = doc.getByRole("table", { name: `Lines of ${issued.displayNumber}` });
  await expect(lines.getByRole("row").count()).resolves.toBe(3);
  await expect(lines.getByRole("row", { name: /Consulting call/ }).textContent()).resolves.toMatch(/0\.33.*\$100\.05.*\$33\.02/);
  const totals = doc.getByRole("table", { name: "Totals" });
  await expect(totals.getByRole("row", { name: /Subtotal/ }).textContent()).resolves.toContain("$933.02");
  await expect(totals.getByRole("row", { name: /Tax \(15 %\)/ }).textContent()).resolves.toContain("$139.95");
  await expect(totals.getByRole("row", { name: /Grand total/ }).textContent()).resolves.toContain("$1,072.97");
  await expect(totals.getByRole("row", { name: /Payment due/ }).textContent()).resolves.toContain("$572.97");
  await expect(doc.textContent()).resolves.toContain("1 Harbour Street");
  await expect(doc.textContent()).resolves.toContain("Payment by bank transfer, please.");
  await atBothWidths(page, "a portal invoice", "portal-invoice");

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download PDF" }).click()]);
  expect(download.suggestedFilename()).toBe(`invoice-${issued.displayNumber}.pdf`);
  const { text } = await pdfText(readFileSync((await download.path())!));
  for (const expected of [issued.displayNumber, "Contoso Ltd", "PO-4410", "Network audit (days)", "NZ$933.02", "NZ$1,072.97", "NZ$500.00", "NZ$572.97", "Wellington 6011"]) expect(text, expected).toContain(expected);

  // The printed page is the invoice alone.
  await page.emulateMedia({ media: "print" });
  expect(await page.getByRole("link", { name: "Download PDF" }).isVisible()).toBe(false);
  expect(await doc.isVisible()).toBe(true);
  await shot(page, "invoices-portal-print");
  await page.emulateMedia({ media: "screen" });
  await page.close();
});

it("INV-1 staff create an invoice with live totals in the console and send it; the customer receives it with the PDF attached", async () => {
  const page = await p.staffPage();
  // The logo printed on invoices, uploaded on the billing settings tab (a wide image is scaled to fit 600 × 200).
  await page.goto(`${p.url}/admin/settings?tab=billing`);
  await page.getByText("No logo yet: invoices show your company's name alone.").waitFor();
  const sharp = (await import("sharp")).default;
  const logo = await sharp(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="300"><rect width="1200" height="300" fill="#ffffff"/><circle cx="150" cy="150" r="120" fill="#364fc7"/><rect x="320" y="90" width="780" height="120" rx="20" fill="#1c7ed6"/></svg>')).png().toBuffer();
  await page.locator('input[type="file"]').setInputFiles({ name: "portico-logo.png", mimeType: "image/png", buffer: logo });
  await page.getByText("600 × 150 pixels").waitFor();
  await page.getByRole("img", { name: "Your company's logo as printed on invoices" }).waitFor();
  await accessible(page, "the billing settings with a logo");
  await shot(page, "invoices-staff-settings-logo");

  await page.getByRole("link", { name: "Invoices" }).click();
  await page.getByRole("heading", { name: "Invoices" }).waitFor();
  await page.mouse.move(600, 700);
  await page.getByRole("link", { name: issued.displayNumber }).waitFor();
  await atBothWidths(page, "the console's invoices", "staff-list");

  await page.getByRole("link", { name: "New invoice" }).click();
  await page.getByRole("heading", { name: "New invoice" }).waitFor();
  await choose(page, "Account", "Contoso Ltd");
  await field(page, "Description of line 1").fill("Firewall replacement");
  await field(page, "Quantity").first().fill("1");
  await field(page, "Unit price").first().fill("1299.00");
  await page.getByRole("button", { name: "Add line" }).click();
  await field(page, "Description of line 2").fill("Installation (hours)");
  await field(page, "Quantity").nth(1).fill("2.5");
  await field(page, "Unit price").nth(1).fill("135.00");
  await field(page, "PO number").fill("PO-5520");
  // 1,299.00 + 337.50 = 1,636.50; 15 % tax 245.48 (245.475 rounded half away from zero); 1,881.98.
  const totals = page.getByRole("table", { name: "Totals as they will be issued" });
  await expect.poll(() => totals.getByRole("row", { name: /Grand total/ }).textContent()).toContain("$1,881.98");
  await expect(page.getByLabel("Amount of line 2").textContent()).resolves.toContain("$337.50");
  // A negative quantity is refused on its field.
  await field(page, "Quantity").nth(1).fill("-1");
  await page.getByRole("button", { name: "Create draft" }).click();
  await page.getByText("This must be more than 0: negative and zero quantities are not accepted.").waitFor();
  await accessible(page, "the new-invoice form with a refused quantity");
  await shot(page, "invoices-staff-new-refused");
  await field(page, "Quantity").nth(1).fill("2.5");
  await accessible(page, "the new-invoice form");
  await shot(page, "invoices-staff-new");
  await page.getByRole("button", { name: "Create draft" }).click();

  await page.getByRole("heading", { name: "Draft invoice for Contoso Ltd" }).waitFor();
  await page.getByRole("button", { name: "Send", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Send the invoice" });
  await expect(dialog.getByRole("checkbox", { name: /Mia Manager/ }).isChecked()).resolves.toBe(true);
  await accessible(page, "the send dialog");
  await shot(page, "invoices-staff-send-dialog");
  await dialog.getByRole("button", { name: "Issue and send" }).click();
  const heading = page.getByRole("heading", { name: /^Invoice INV-\d+$/ });
  await heading.waitFor();
  await dialog.waitFor({ state: "hidden" });
  const number = (await heading.textContent())!.replace("Invoice ", "");
  await page.getByRole("article").getByText("Sent", { exact: true }).waitFor();
  await page.getByRole("img", { name: "Portico logo" }).waitFor();
  await atBothWidths(page, "a sent invoice in the console", "staff-invoice");

  const mail = await p.waitForMail(manager.email, new RegExp(`^Invoice ${number} from`));
  expect(mail.attachments).toEqual([`invoice-${number}.pdf`]);
  expect(mail.text).toContain("Amount due: NZ$1,881.98");
  expect(mail.text).toMatch(/\/portal\/invoices\/[0-9a-f-]+\?account=/);

  // Recording a payment from its dialog.
  await page.getByRole("button", { name: "Record payment" }).click();
  const pay = page.getByRole("dialog", { name: `Record a payment on ${number}` });
  await field(page, "Amount").fill("9999");
  await pay.getByRole("button", { name: "Record payment" }).click();
  await page.getByText("This must not be more than the payment due (1881.98)").waitFor();
  await field(page, "Amount").fill("1881.98");
  await pay.getByRole("button", { name: "Record payment" }).click();
  await page.getByRole("article").locator(".mantine-Badge-label").getByText("Paid", { exact: true }).waitFor();
  await expect(page.getByRole("table", { name: "Totals" }).getByRole("row", { name: /Payment due/ }).textContent()).resolves.toContain("$0.00");
  await shot(page, "invoices-staff-paid");
  await page.close();
});

it("INV-1 APR-4 staff invoice the work the customer approved from the account's page: a draft whose lines are the approved hours at their rate", async () => {
  await api("PATCH", "/api/staff/settings/portal", { approvalEnabled: true });
  const job = await api("POST", `/api/staff/accounts/${account.id}/jobs`, { number: "CON-7", name: "Office move", contactId: manager.id, visibleInPortal: true, customersAddTickets: true, copyEmailsToManager: false, hoursVisible: false, requiresApproval: true, billingRate: "120" });
  const ticket = await api("POST", "/api/staff/tickets", { jobId: job.id, title: "Move the server rack", details: "", contactId: manager.id });
  const start = new Date(Date.now() - 2 * 86_400_000);
  start.setUTCHours(9, 0, 0, 0);
  await api("POST", `/api/staff/tickets/${ticket.id}/time-entries`, { startedAt: start.toISOString(), endedAt: new Date(start.getTime() + 2.5 * 3_600_000).toISOString(), note: "Rack moved", notePublic: true, billable: true });
  expect((await api("POST", "/api/staff/approvals/send", { jobIds: [job.id] })).sent).toBe(1);
  // The customer approves it in the portal (through its API here; the approval journey is tested on its own).
  const portal = async (method: string, path: string, body?: unknown, cookie?: string) => {
    const r = await fetch(`${p.url}${path}`, { method, headers: { "content-type": "application/json", "x-portico-csrf": "1", ...(cookie ? { cookie } : {}) }, body: body ? JSON.stringify(body) : undefined });
    return { r, body: await r.json() };
  };
  const login = await portal("POST", "/api/portal/auth/login", { username: manager.email, password: PORTAL_PASSWORD });
  const cookie = login.r.headers.get("set-cookie")!.split(";")[0];
  const waiting = (await portal("GET", "/api/portal/approvals", undefined, cookie)).body.items[0];
  const shown = (await portal("GET", `/api/portal/approvals/${waiting.id}`, undefined, cookie)).body;
  expect((await portal("POST", "/api/portal/approvals/answers", { decision: "approve", comment: "", requests: [{ id: shown.id, statementHash: shown.statementHash }] }, cookie)).r.status).toBe(200);

  const page = await p.newPage();
  await page.goto(`${p.url}/admin/accounts/${account.id}`);
  await field(page, "Email").fill(ADMIN.email);
  await field(page, "Password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Contoso Ltd" }).waitFor();
  await page.getByRole("link", { name: "Invoice approved work" }).click();
  await page.getByRole("heading", { name: "Invoice approved work" }).waitFor();
  await page.getByRole("checkbox", { name: "Select CON-7 · Office move, version 1" }).check();
  await page.mouse.move(900, 80);
  await accessible(page, "invoicing approved work");
  await shot(page, "invoices-staff-approved-work");
  await page.getByRole("button", { name: /^Create draft invoice/ }).click();
  await page.getByRole("heading", { name: "Draft invoice for Contoso Ltd" }).waitFor();
  const line = page.getByRole("table", { name: "Lines of the draft" }).getByRole("row", { name: /Move the server rack/ });
  await expect(line.textContent()).resolves.toMatch(/2\.5.*\$120\.00.*\$300\.00/);
  await page.getByText(/Bills approved work: CON-7 · Office move version 1/).waitFor();
  await accessible(page, "a draft billing approved work");
  await shot(page, "invoices-staff-from-approved-work");
  await page.close();
});
