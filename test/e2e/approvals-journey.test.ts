/**
 * Customer approval of work from end to end, in Chromium with real SMTP: staff send two jobs; the job contact
 * opens the emailed links signed out, approves one and queries the other; the job manager's emails arrive; staff
 * revise the queried work and send version 2, which the contact approves; staff see both versions and answers.
 */
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { ADMIN } from "../harness.js";
import { expectAccessible, field, portalSignIn, type Portico, shot, startPortico } from "./browser.js";

let p: Portico;
let api: Awaited<ReturnType<Portico["staffApi"]>>;
let contact: { id: string; email: string };
const jobs: { id: string; number: string; name: string; ticketId: string }[] = [];

beforeAll(async () => {
  p = await startPortico();
  api = await p.staffApi();
  await api("PATCH", "/api/staff/settings/portal", { approvalEnabled: true, approvalPeriodDays: 10, currency: "EUR" });
  const me = await api("GET", "/api/staff/me");
  const account = await api("POST", "/api/staff/accounts", { name: "Northwind Traders" });
  contact = await p.portalUser([account.id], "Nora", "North");
  for (const [number, name, hours] of [["NW-10", "Office move", 3], ["NW-11", "Backup review", 1.25]] as const) {
    const job = await api("POST", `/api/staff/accounts/${account.id}/jobs`, { number, name, contactId: contact.id, managerStaffId: me.id, visibleInPortal: true, customersAddTickets: true, copyEmailsToManager: false, hoursVisible: true, requiresApproval: true, billingRate: "95.50" });
    const ticket = await api("POST", "/api/staff/tickets", { jobId: job.id, title: `${name}: on site`, details: "", contactId: contact.id });
    const start = new Date(Date.now() - 2 * 86_400_000);
    start.setUTCHours(9, 0, 0, 0);
    await api("POST", `/api/staff/tickets/${ticket.id}/time-entries`, { startedAt: start.toISOString(), endedAt: new Date(start.getTime() + hours * 3_600_000).toISOString(), note: `${name} work`, notePublic: true, billable: true });
    jobs.push({ ...job, ticketId: ticket.id });
  }
});
afterEach(() => p?.expectNoBrowserErrors());
afterAll(() => p?.close());

const linkIn = (text: string) => /(https?:\/\/\S+\/portal\/approvals\/[\w-]+\?account=[\w-]+)/.exec(text)![1];

it("APR-3 APR-4 staff send two jobs; the contact approves one and queries the other from the emailed links; the manager hears of both; a revised version is approved", async () => {
  // Staff: the approval screen, both jobs selected and sent at once.
  const staff = await p.newPage();
  await staff.goto(`${p.url}/admin/approvals`);
  await field(staff, "Email").fill(ADMIN.email);
  await field(staff, "Password").fill(ADMIN.password);
  await staff.getByRole("button", { name: "Sign in" }).click();
  await staff.getByRole("heading", { name: "Approvals" }).waitFor();
  await staff.getByRole("checkbox", { name: "Select all jobs on this page" }).check();
  await staff.getByRole("button", { name: "Send for approval (2)" }).click();
  const sendDialog = staff.getByRole("dialog", { name: "Send for approval" });
  await sendDialog.getByRole("button", { name: "Send 2 requests" }).click();
  await sendDialog.getByText("2 sent, 0 refused").waitFor();
  await sendDialog.getByRole("button", { name: "Done" }).click();

  // The contact: each job's email, opened signed out, leads through sign-in to that request.
  const move = await p.waitForMail(contact.email, /Office move \(version 1\)/);
  const backup = await p.waitForMail(contact.email, /Backup review \(version 1\)/);
  expect(move.text).toContain("3.00 h");
  expect(move.text).toContain("€286.50");
  const customer = await p.newPage();
  await customer.goto(linkIn(move.text));
  await customer.waitForURL(/\/portal\/login\?next=/);
  await portalSignIn(customer, contact.email);
  await customer.getByRole("heading", { name: "Work approval: NW-10 · Office move, version 1" }).waitFor();
  await expectAccessible(customer, "the emailed request after sign-in");
  await shot(customer, "approvals-journey-01-request");
  await customer.getByRole("button", { name: "Approve", exact: true }).click();
  await customer.getByText(/^Approved: NW-10 · Office move, version 1/).waitFor();

  await customer.goto(linkIn(backup.text));
  await customer.getByRole("heading", { name: "Work approval: NW-11 · Backup review, version 1" }).waitFor();
  await customer.getByRole("button", { name: "Query", exact: true }).click();
  const query = customer.getByRole("dialog", { name: "Query this request" });
  await query.getByRole("textbox", { name: /^Your query/ }).fill("We agreed one hour for the review.");
  await query.getByRole("button", { name: "Send query" }).click();
  await customer.getByText(/^Queried: /).first().waitFor();
  await shot(customer, "approvals-journey-02-queried");

  // The job manager's emails arrive through SMTP: one approved, one queried with the comment.
  const approved = await p.waitForMail(ADMIN.email, /^Approved: NW-10 · Office move, version 1/);
  expect(approved.text).toContain("Nora North approved version 1");
  const queried = await p.waitForMail(ADMIN.email, /^Queried: NW-11 · Backup review, version 1/);
  expect(queried.text).toContain("We agreed one hour for the review.");

  // Staff see the answers, revise the queried work to one hour and send version 2.
  await staff.reload();
  const row = (name: string) => staff.getByRole("row").filter({ hasText: name });
  await row("Office move").getByText("Approved", { exact: true }).filter({ visible: true }).first().waitFor();
  await row("Backup review").getByText("Queried", { exact: true }).filter({ visible: true }).first().waitFor();
  await row("Backup review").getByText("We agreed one hour for the review.").waitFor();
  await shot(staff, "approvals-journey-03-staff-answers");
  const ticket = await api("GET", `/api/staff/tickets/${jobs[1].ticketId}`);
  const entry = ticket.timeEntries[0];
  await api("PATCH", `/api/staff/tickets/${jobs[1].ticketId}/time-entries/${entry.id}`, { startedAt: entry.startedAt, endedAt: new Date(new Date(entry.startedAt).getTime() + 3_600_000).toISOString(), note: "Backup review work (one hour, as agreed)", notePublic: true, billable: true });
  await staff.getByRole("link", { name: "NW-11 · Backup review" }).click();
  await staff.getByRole("heading", { name: "NW-11 · Backup review" }).waitFor();
  await staff.getByRole("button", { name: "Send for approval" }).click();
  const again = staff.getByRole("dialog", { name: "Send for approval" });
  await again.getByRole("button", { name: "Send 1 request" }).click();
  await again.getByText("1 sent, 0 refused").waitFor();
  await again.getByRole("button", { name: "Done" }).click();

  // The contact approves version 2 from its email.
  const v2 = await p.waitForMail(contact.email, /Backup review \(version 2\)/);
  await customer.goto(linkIn(v2.text));
  await customer.getByRole("heading", { name: "Work approval: NW-11 · Backup review, version 2" }).waitFor();
  await customer.getByText("€95.50").first().waitFor();
  await customer.getByRole("button", { name: "Approve", exact: true }).click();
  await customer.getByText(/^Approved: NW-11 · Backup review, version 2/).waitFor();
  await p.waitForMail(ADMIN.email, /^Approved: NW-11 · Backup review, version 2/);

  // Staff: both versions and both answers are kept; the approved statement downloads as a PDF.
  await staff.reload();
  await staff.getByRole("heading", { name: "Version 2" }).waitFor();
  await staff.getByRole("heading", { name: "Version 1" }).waitFor();
  await staff.getByText("We agreed one hour for the review.").first().waitFor();
  await expectAccessible(staff, "a job with an approved version after a query");
  await shot(staff, "approvals-journey-04-staff-history");
  const download = staff.waitForEvent("download");
  await staff.getByRole("link", { name: "Download statement (PDF)" }).first().click();
  const file = await download;
  expect(file.suggestedFilename()).toBe("statement-NW-11-v2.pdf");
});

it("APR-4 a contact of two accounts who opens a request of the account not in view lands on it in that account", async () => {
  const other = await api("POST", "/api/staff/accounts", { name: "Zephyr Works" });
  const current = await api("GET", `/api/staff/contacts/${contact.id}`);
  await api("PATCH", `/api/staff/contacts/${contact.id}`, { accountIds: [...current.accounts.map((a: { id: string }) => a.id), other.id] });
  const me = await api("GET", "/api/staff/me");
  const job = await api("POST", `/api/staff/accounts/${other.id}/jobs`, { number: "ZW-1", name: "Zephyr rollout", contactId: contact.id, managerStaffId: me.id, visibleInPortal: true, customersAddTickets: true, copyEmailsToManager: false, hoursVisible: true, requiresApproval: true, billingRate: "80" });
  const ticket = await api("POST", "/api/staff/tickets", { jobId: job.id, title: "Rollout day", details: "", contactId: contact.id });
  const start = new Date(Date.now() - 86_400_000);
  start.setUTCHours(9, 0, 0, 0);
  await api("POST", `/api/staff/tickets/${ticket.id}/time-entries`, { startedAt: start.toISOString(), endedAt: new Date(start.getTime() + 2 * 3_600_000).toISOString(), note: "Rollout", notePublic: true, billable: true });
  await api("POST", "/api/staff/approvals/send", { jobIds: [job.id] });
  const mail = await p.waitForMail(contact.email, /Zephyr rollout \(version 1\)/);

  const page = await p.portalPage(contact.email);
  await page.getByRole("combobox", { name: "Current view" }).waitFor();
  expect(await page.getByRole("combobox", { name: "Current view" }).inputValue()).toBe("Northwind Traders");
  await page.goto(linkIn(mail.text));
  await page.getByRole("heading", { name: "Work approval: ZW-1 · Zephyr rollout, version 1" }).waitFor();
  await expect.poll(() => page.getByRole("combobox", { name: "Current view" }).inputValue()).toBe("Zephyr Works");
  expect(new URL(page.url()).search).toBe("");
  await page.close();
});
