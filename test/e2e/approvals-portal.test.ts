/** APR-4 the customer's side of approving work, in Chromium: the Approvals inbox, one request's statement, approve and query, a replaced version. */
import type { Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { expectAccessible, portalSignIn, type Portico, shot, startPortico } from "./browser.js";

let p: Portico;
type Api = Awaited<ReturnType<Portico["staffApi"]>>;
let api: Api;
let contact: { id: string; email: string };
const jobs: Record<"web" | "net" | "crm", { id: string; ticketId: string }> = {} as never;

beforeAll(async () => {
  p = await startPortico();
  api = await p.staffApi();
  await api("PATCH", "/api/staff/settings/portal", { approvalEnabled: true, approvalPeriodDays: 14, currency: "USD" });
  const account = await api("POST", "/api/staff/accounts", { name: "Contoso Ltd" });
  contact = await p.portalUser([account.id], "Paula", "Payer", "paula@contoso.test");
  const staffId = ((await api("GET", "/api/staff/me")) as { id: string }).id;
  for (const [key, number, name] of [["web", "CON-1", "Website rebuild"], ["net", "CON-2", "Network care"], ["crm", "CON-3", "CRM support"]] as const) {
    const job = await api("POST", `/api/staff/accounts/${account.id}/jobs`, {
      number, name, contactId: contact.id, managerStaffId: staffId, visibleInPortal: true, customersAddTickets: true, copyEmailsToManager: false, hoursVisible: false, requiresApproval: true, billingRate: "120",
    });
    const ticket = await api("POST", "/api/staff/tickets", { jobId: job.id, title: `${name}: this month's work`, details: "", contactId: contact.id });
    jobs[key] = { id: job.id, ticketId: ticket.id };
  }
  await logTime(jobs.web.ticketId, 3, 9, 2, "Home page layout");
  await logTime(jobs.web.ticketId, 2, 13, 1.5, "Contact form");
  await logTime(jobs.net.ticketId, 2, 10, 1, "Firewall update");
  await logTime(jobs.crm.ticketId, 4, 8, 0.5, "Import of leads");
  const sent = await api("POST", "/api/staff/approvals/send", { jobIds: [jobs.web.id, jobs.net.id, jobs.crm.id] });
  expect(sent.sent, JSON.stringify(sent.results)).toBe(3);
});
afterEach(() => p?.expectNoBrowserErrors());
afterAll(() => p?.close());

/** A billable time entry `daysAgo` days back, starting at `hour` UTC. */
async function logTime(ticketId: string, daysAgo: number, hour: number, hours: number, note: string) {
  const start = new Date(Date.now() - daysAgo * 86_400_000);
  start.setUTCHours(hour, 0, 0, 0);
  const end = new Date(start.getTime() + hours * 3_600_000);
  await api("POST", `/api/staff/tickets/${ticketId}/time-entries`, { startedAt: start.toISOString(), endedAt: end.toISOString(), note, notePublic: true, billable: true });
}

async function atBothWidths(page: Page, what: string, name: string) {
  await expectAccessible(page, what);
  await shot(page, `approvals-portal-${name}`);
  await page.setViewportSize({ width: 390, height: 844 });
  await expectAccessible(page, `${what} at 390 px`);
  await shot(page, `approvals-portal-${name}-390`);
  await page.setViewportSize({ width: 1280, height: 900 });
}

const approvalLink = (text: string) => {
  const m = /(https?:\/\/\S+\/portal\/approvals\/[\w-]+)/.exec(text);
  if (!m) throw new Error(`no approvals link in: ${text}`);
  return m[1];
};

it("APR-4 the emailed link opened signed out goes to sign-in and back to the request; the inbox shows what waits, with the details", async () => {
  const mail = await p.waitForMail(contact.email, /approve/i);
  const link = approvalLink(mail.text);
  const page = await p.newPage();
  await page.goto(link);
  await page.waitForURL(/\/portal\/login\?next=/);
  await portalSignIn(page, contact.email);
  await page.waitForURL(link);
  await page.getByRole("heading", { name: /^Work approval: CON-\d/ }).waitFor();

  await page.getByRole("link", { name: "Approvals" }).first().click();
  await page.waitForURL(/\/portal\/approvals$/);
  const inbox = page.getByRole("list", { name: "Requests waiting for you" });
  await inbox.getByRole("listitem").first().waitFor();
  await expect.poll(() => inbox.getByRole("listitem").count()).toBe(3);
  await expect(page.getByRole("tab", { name: "Waiting for you (3)" }).getAttribute("aria-selected")).resolves.toBe("true");
  const web = inbox.getByRole("listitem").filter({ hasText: "CON-1 · Website rebuild" });
  await expect(web.textContent()).resolves.toMatch(/Work approval/);
  await expect(web.textContent()).resolves.toContain("3.50 h");
  await expect(web.textContent()).resolves.toContain("$420.00");
  await expect(web.textContent()).resolves.toContain("Awaiting answer");
  await atBothWidths(page, "the approvals inbox", "inbox");
  await page.close();
});

it("APR-4 the contact approves one request on its page and queries the other from the inbox, where a query needs a comment; both show as answered", async () => {
  const page = await p.portalPage(contact.email);
  await page.getByRole("link", { name: "Approvals" }).first().click();
  const inbox = page.getByRole("list", { name: "Requests waiting for you" });
  await inbox.getByRole("link", { name: "CON-1 · Website rebuild, version 1" }).click();
  await page.getByRole("heading", { name: "Work approval: CON-1 · Website rebuild, version 1" }).waitFor();
  const lines = page.getByRole("table");
  await expect(lines.getByRole("row").count()).resolves.toBe(4); // header, two entries, total
  await expect(lines.textContent()).resolves.toMatch(/Home page layout[\s\S]*Contact form|Contact form[\s\S]*Home page layout/);
  await expect(lines.getByRole("row", { name: /Total/ }).textContent()).resolves.toMatch(/3\.50 h.*\$420\.00/);
  await atBothWidths(page, "a request waiting for an answer", "request");

  await page.getByRole("button", { name: "Approve", exact: true }).click();
  await page.getByText(/^Approved: CON-1 · Website rebuild, version 1/).waitFor();
  await page.getByRole("status").filter({ hasText: /Approved by Paula Payer/ }).waitFor();
  await expect(page.getByRole("button", { name: "Approve", exact: true }).count()).resolves.toBe(0);
  await shot(page, "approvals-portal-approved");

  // Back in the inbox: the other waits; query it with a comment.
  await page.getByRole("link", { name: "← Approvals" }).click();
  await expect.poll(() => inbox.getByRole("listitem").count()).toBe(2);
  await page.getByRole("checkbox", { name: "Select CON-2 · Network care, version 1" }).check();
  await page.getByRole("button", { name: "Query selected (1)" }).click();
  const dialog = page.getByRole("dialog", { name: "Query this request" });
  await dialog.getByText(/CON-2 · Network care, version 1/).waitFor();
  await dialog.getByRole("button", { name: "Send query" }).click();
  await dialog.getByText("This is required: say what you are querying.").waitFor();
  await expectAccessible(page, "the query dialog with its validation message");
  await shot(page, "approvals-portal-query-required");
  await dialog.getByRole("textbox", { name: /^Your query/ }).fill("The firewall update was covered by the contract.");
  await dialog.getByRole("button", { name: "Send query" }).click();
  await page.getByText(/^Queried: 1 request/).waitFor();
  await expect.poll(() => inbox.getByRole("listitem").count()).toBe(1);

  await page.getByRole("tab", { name: "Answered" }).click();
  await page.waitForURL(/state=answered/);
  const answered = page.getByRole("list", { name: "Answered requests" });
  await expect.poll(() => answered.getByRole("listitem").count()).toBe(2);
  await expect(answered.getByRole("listitem").filter({ hasText: "CON-2" }).textContent()).resolves.toMatch(/Queried by Paula Payer.*covered by the contract/);
  await expect(answered.getByRole("listitem").filter({ hasText: "CON-1" }).textContent()).resolves.toMatch(/Approved by Paula Payer/);
  await atBothWidths(page, "the answered tab", "answered");
  await page.close();
});

it("APR-4 an answer to a version replaced meanwhile is refused with the server's sentence and a link to the current version, which the contact approves after a confirmation", async () => {
  const before = await api("GET", `/api/staff/approvals/jobs/${jobs.crm.id}`);
  const v1 = before.versions.find((v: { version: number }) => v.version === 1);
  const page = await p.portalPage(contact.email);
  await page.goto(`${p.url}/portal/approvals/${v1.id}`);
  await page.getByRole("heading", { name: "Work approval: CON-3 · CRM support, version 1" }).waitFor();

  // While the page is open, more work on CRM support is sent: version 2 replaces version 1.
  await logTime(jobs.crm.ticketId, 1, 9, 1, "Report for sales");
  const resent = await api("POST", "/api/staff/approvals/send", { jobIds: [jobs.crm.id] });
  expect(resent.results[0], JSON.stringify(resent.results)).toMatchObject({ version: 2, refusal: null });
  await page.getByRole("button", { name: "Approve", exact: true }).click();
  const notice = page.getByRole("alert").filter({ hasText: "This version is no longer open for an answer" });
  await notice.getByText(/replaced/).waitFor();
  await notice.getByRole("link", { name: "Open version 2" }).waitFor();
  await shot(page, "approvals-portal-refused");

  // Opened afresh, the replaced version says so from the start.
  await page.reload();
  await page.getByRole("heading", { name: "Work approval: CON-3 · CRM support, version 1" }).waitFor();
  await notice.getByText(/version 2/).first().waitFor();
  await expect(page.getByRole("button", { name: "Approve", exact: true }).count()).resolves.toBe(0);
  await atBothWidths(page, "a replaced version", "superseded");

  await notice.getByRole("link", { name: "Open version 2" }).click();
  await page.getByRole("heading", { name: "Work approval: CON-3 · CRM support, version 2" }).waitFor();
  await expect(page.getByRole("table").getByRole("row", { name: /Total/ }).textContent()).resolves.toMatch(/1\.50 h.*\$180\.00/);

  // Approving from the inbox asks first, listing what is approved.
  await page.getByRole("link", { name: "← Approvals" }).click();
  await page.getByRole("checkbox", { name: "Select all" }).check();
  await page.getByRole("button", { name: "Approve selected (1)" }).click();
  const dialog = page.getByRole("dialog", { name: "Approve this request" });
  await dialog.getByText(/CON-3 · CRM support, version 2.*Contoso Ltd.*1\.50 h.*\$180\.00/).waitFor();
  await expectAccessible(page, "the approve confirmation");
  await shot(page, "approvals-portal-approve-confirm");
  await dialog.getByRole("button", { name: "Approve", exact: true }).click();
  await page.getByText(/^Approved: 1 request/).waitFor();
  await page.getByText("Nothing waits for your approval.").waitFor();
  await expect(page.getByRole("tab", { name: "Waiting for you" }).getAttribute("aria-selected")).resolves.toBe("true");
  await shot(page, "approvals-portal-empty");
  await page.close();
});
