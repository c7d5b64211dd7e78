/**
 * Customer approval of work on the staff side, in Chromium: the approval screen says when approval is off and how
 * jobs join it; two jobs that require approval show as not sent, a job's details show its work before sending,
 * both are sent at once with per-job results, and then wait for the customer's answer. Checked with axe-core at
 * desktop width and at 390 px.
 */
import type { Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { expectAccessible, field, type Portico, settled, shot, startPortico } from "./browser.js";

let p: Portico;
let api: Awaited<ReturnType<Portico["staffApi"]>>;
let page: Page;
let account: { id: string; name: string };
let contact: { id: string; email: string };
const jobs: { id: string; number: string; name: string }[] = [];
const tickets: { id: string }[] = [];

beforeAll(async () => {
  p = await startPortico();
  api = await p.staffApi();
  account = await api("POST", "/api/staff/accounts", { name: "Harbour Joinery" });
  contact = await p.portalUser([account.id], "Hana", "Harbour");
  // Two jobs requiring approval, billed at their own rate, with the contact who signs in to the portal.
  for (const [number, name] of [["APR-101", "Workshop fit-out"], ["APR-102", "Showroom repairs"]]) {
    jobs.push(await api("POST", `/api/staff/accounts/${account.id}/jobs`, { number, name, contactId: contact.id, visibleInPortal: true, customersAddTickets: true, copyEmailsToManager: false, hoursVisible: true, requiresApproval: true, billingRate: "120" }));
  }
  // Billable time on a ticket of each job: yesterday, two hours and ninety minutes.
  const day = new Date(Date.now() - 24 * 3600_000);
  day.setHours(9, 0, 0, 0);
  for (const [i, job] of jobs.entries()) {
    const ticket = await api("POST", "/api/staff/tickets", { jobId: job.id, title: `${job.name}: first visit`, details: "", contactId: contact.id });
    tickets.push(ticket);
    const start = new Date(day.getTime() + i * 3 * 3600_000);
    const end = new Date(start.getTime() + (i === 0 ? 2 : 1.5) * 3600_000);
    await api("POST", `/api/staff/tickets/${ticket.id}/time-entries`, { startedAt: start.toISOString(), endedAt: end.toISOString(), note: "On site", billable: true });
  }
  page = await p.staffPage();
});
afterEach(() => p?.expectNoBrowserErrors());
afterAll(() => p?.close());

const row = (job: { number: string; name: string }) => page.getByRole("row").filter({ has: page.getByRole("link", { name: `${job.number} · ${job.name}` }) });
/** A job's status as its row shows it (on a phone the job cell repeats it, so only visible copies count). */
const statusIn = (job: { number: string; name: string }, status: string) => row(job).getByText(status, { exact: true }).filter({ visible: true }).first();

it("APR-1 APR-2 while approval is off the approval screen says so with a link to the settings, and lists the jobs that require approval", async () => {
  await page.getByRole("link", { name: "Approvals" }).click();
  await page.getByRole("heading", { name: "Approvals" }).waitFor();
  // The pointer leaves the menu: a hovered active entry is a shade darker than axe should judge the page by.
  await page.mouse.move(600, 700);
  await page.getByText("Customer approval is turned off").waitFor();
  await page.getByRole("link", { name: "Portal settings" }).last().waitFor();
  await row(jobs[0]).waitFor();
  expect(await page.getByRole("button", { name: /^Send for approval/ }).isDisabled()).toBe(true);
  await expectAccessible(page, "the approval screen with approval turned off");
  await shot(page, "approvals-staff-01-approval-off");

  // Filtering to a status with no job shows the filtered empty state.
  await page.goto(`${p.url}/admin/approvals?status=approved`);
  await page.getByText("No jobs on the approval list match these filters.").waitFor();
});

it("APR-2 APR-3 APR-4 staff see both jobs not sent, open one job's work before sending, send both at once and see each waiting for the customer's answer", async () => {
  await api("PATCH", "/api/staff/settings/portal", { approvalEnabled: true });
  await page.goto(`${p.url}/admin/approvals`);
  await page.getByRole("heading", { name: "Approvals" }).waitFor();
  for (const job of jobs) {
    await statusIn(job, "Not sent").waitFor();
    await row(job).getByText("Harbour Joinery").waitFor();
    await row(job).getByText("Hana Harbour").waitFor();
  }
  expect(await page.getByText("Customer approval is turned off").count()).toBe(0);
  await expectAccessible(page, "the approval screen");
  await shot(page, "approvals-staff-02-list-not-sent");

  // APR-3: a job's details before sending — its time, tickets and amounts.
  await page.getByRole("link", { name: `${jobs[0].number} · ${jobs[0].name}` }).click();
  await page.getByRole("heading", { name: `${jobs[0].number} · ${jobs[0].name}` }).waitFor();
  await page.getByRole("heading", { name: "Work not yet sent" }).waitFor();
  await page.getByRole("link", { name: /#\d+ Workshop fit-out: first visit/ }).waitFor();
  await page.getByText("Nothing has been sent for this job yet.").waitFor();
  await expectAccessible(page, "a job's approval details");
  await shot(page, "approvals-staff-03-job-details");
  await page.getByRole("link", { name: "← Approvals" }).click();

  await page.getByRole("checkbox", { name: "Select all jobs on this page" }).check();
  await page.getByRole("button", { name: "Send for approval (2)" }).click();
  const dialog = page.getByRole("dialog", { name: "Send for approval" });
  await dialog.getByRole("textbox", { name: /Include work up to and including/ }).waitFor();
  await settled(page);
  await expectAccessible(page, "the send dialog");
  await shot(page, "approvals-staff-04-send-dialog");
  await dialog.getByRole("button", { name: "Send 2 requests" }).click();
  await dialog.getByText("2 sent, 0 refused").waitFor();
  await expect.poll(() => dialog.getByText(/^Sent as version 1$/).count()).toBe(2);
  await shot(page, "approvals-staff-05-send-results");
  await dialog.getByRole("button", { name: "Done" }).click();

  for (const job of jobs) await statusIn(job, "Awaiting answer").waitFor();
  await shot(page, "approvals-staff-06-list-awaiting");
  // APR-4: the job contact is emailed a link to answer in the portal.
  await p.waitForMail(contact.email, /approv/i);

  await page.getByRole("link", { name: `${jobs[1].number} · ${jobs[1].name}` }).click();
  await page.getByRole("heading", { name: "Version 1" }).waitFor();
  await page.getByRole("button", { name: /Show its 1 line/ }).click();
  await page.mouse.move(600, 700);
  await page.getByRole("link", { name: /#\d+ Showroom repairs: first visit/ }).waitFor();
  await expectAccessible(page, "a job's details with a version sent");
  await shot(page, "approvals-staff-07-job-version-sent");
});

it("APR-3 the approval screen, the send dialog and a job's details work at 390 px", async () => {
  await page.setViewportSize({ width: 390, height: 844 });
  try {
    await narrow();
  } finally {
    await page.setViewportSize({ width: 1280, height: 800 });
  }
});

async function narrow() {
  await page.goto(`${p.url}/admin/approvals`);
  await page.getByRole("heading", { name: "Approvals" }).waitFor();
  await statusIn(jobs[0], "Awaiting answer").waitFor();
  await expectAccessible(page, "the approval screen at 390 px");
  await shot(page, "approvals-staff-08-list-390px");

  // Everything of the second job is sent: its row says why it cannot be sent, and the button does not count it.
  await page.getByRole("checkbox", { name: `Select ${jobs[1].number} · ${jobs[1].name}` }).check();
  await row(jobs[1]).getByText(/^Version 1 waits for .+'s answer; there is no new work to send\.$/).waitFor();
  expect(await page.getByRole("button", { name: "Send for approval (0)" }).isDisabled()).toBe(true);

  // New work on the first job makes it sendable again, as a second version.
  const start = new Date();
  start.setHours(0, 5, 0, 0);
  await api("POST", `/api/staff/tickets/${tickets[0].id}/time-entries`, { startedAt: start.toISOString(), endedAt: new Date(start.getTime() + 3600_000).toISOString(), note: "Follow-up", billable: true });
  await page.reload();
  await page.getByRole("checkbox", { name: `Select ${jobs[0].number} · ${jobs[0].name}` }).check();
  await page.getByRole("button", { name: "Send for approval (1)" }).click();
  await page.getByRole("dialog", { name: "Send for approval" }).getByRole("button", { name: "Send 1 request" }).waitFor();
  await settled(page);
  await expectAccessible(page, "the send dialog at 390 px");
  await shot(page, "approvals-staff-09-send-dialog-390px");
  await page.getByRole("dialog").getByRole("button", { name: "Cancel" }).click();

  await page.goto(`${p.url}/admin/approvals/jobs/${jobs[0].id}`);
  await page.getByRole("heading", { name: "Version 1" }).waitFor();
  await expectAccessible(page, "a job's approval details at 390 px");
  await shot(page, "approvals-staff-10-job-details-390px");
}

it("APR-2 the account's Jobs table puts a job on the approval list with its Customer approval switch", async () => {
  const defaultJob = ((await api("GET", `/api/staff/accounts/${account.id}/jobs`)).items as { id: string; number: string; name: string; isDefault: boolean }[]).find((j) => j.isDefault)!;
  await page.goto(`${p.url}/admin/accounts/${account.id}`);
  const toggle = page.getByRole("switch", { name: `Customer approval: ${defaultJob.number} · ${defaultJob.name}` });
  await toggle.waitFor();
  expect(await toggle.isChecked()).toBe(false);
  await toggle.click();
  await page.getByText(`${defaultJob.number} is on the Approvals list`).waitFor();
  await expect.poll(async () => (await api("GET", `/api/staff/accounts/${account.id}/jobs`)).items.find((j: { id: string }) => j.id === defaultJob.id).requiresApproval).toBe(true);
  await shot(page, "approvals-staff-11-account-jobs-switch");
  await page.getByRole("link", { name: "Approvals" }).click();
  await statusIn(defaultJob, "Not sent").waitFor();
});

it("APR-3 a ticket's time entries say whether they are billable or held by a version, and a free entry is edited and deleted after asking", async () => {
  await page.goto(`${p.url}/admin/tickets/${tickets[1].id}`);
  await page.getByText("Awaiting approval (version 1)").waitFor();

  await page.getByRole("textbox", { name: "Start" }).fill("2026-01-05T09:00");
  await page.getByRole("textbox", { name: "End" }).fill("2026-01-05T09:30");
  await field(page, "Time note").fill("Internal call");
  await page.getByRole("checkbox", { name: "Billable" }).uncheck();
  await page.getByRole("button", { name: "Log time" }).click();
  await page.getByText("Not billable").waitFor();
  await expectAccessible(page, "a ticket's time entries with billing badges");
  await shot(page, "approvals-staff-12-ticket-time-entries");

  const free = page.getByRole("row").filter({ hasText: "Internal call" });
  await free.getByRole("button", { name: /^Edit/ }).click();
  const dialog = page.getByRole("dialog", { name: "Edit time entry" });
  await dialog.getByRole("checkbox", { name: "Billable" }).check();
  await dialog.getByRole("button", { name: "Save time entry" }).click();
  await page.getByText("Time entry saved").waitFor();
  await expect.poll(() => page.getByText("Not billable").count()).toBe(0);

  await free.getByRole("button", { name: /^Delete/ }).click();
  await page.getByRole("dialog", { name: "Delete this time entry?" }).getByRole("button", { name: "Delete" }).click();
  await page.getByText("Time entry deleted").waitFor();
  await expect.poll(() => page.getByText("Internal call").count()).toBe(0);
  await page.getByText("Awaiting approval (version 1)").waitFor();
});
