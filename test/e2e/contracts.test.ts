/**
 * CON-1 contracts in Chromium. A manager of the account (External Manager role, client administrator) is emailed when
 * the retainer reaches 75 %, opens Contracts and reads the retainer's prepaid-hours summary and burn-down chart, at
 * desktop width and at 390 px; staff create a contract whose form follows its type and link a job to it in the console.
 */
import type { Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import type { Locator } from "playwright-core";
import { choose, expectAccessible, field, portalSignIn, type Portico, settled, shot, startPortico } from "./browser.js";

/** Picks an option of a Select inside a dialog (the page behind it has selects of the same name). */
async function chooseIn(page: Page, dialog: Locator, label: string, option: string) {
  await dialog.getByRole("combobox", { name: new RegExp(`^${label}( \\*)?$`) }).click();
  await page.getByRole("option", { name: option, exact: true }).click();
}

let p: Portico;
let api: Awaited<ReturnType<Portico["staffApi"]>>;
let account: { id: string; name: string };
let manager: { id: string; email: string };
let retainer: { id: string; name: string };
let supportJob: { id: string; number: string; name: string };
const DAY = 86_400_000;
const dayOf = (t: number) => new Date(t).toISOString().slice(0, 10);
/** The page's own format of a day (the browser's locale, en-US here). */
const shown = (day: string) => new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeZone: "UTC" }).format(new Date(`${day}T12:00:00Z`));
const today = dayOf(Date.now());
const start = dayOf(Date.now() - 9 * DAY);

beforeAll(async () => {
  p = await startPortico();
  api = await p.staffApi();
  const roles = (await api("GET", "/api/staff/portal-roles")).items as { id: string; name: string }[];
  account = await api("POST", "/api/staff/accounts", { name: "Contoso Ltd", portalRoleId: roles.find((r) => r.name === "External Manager")!.id });
  manager = await p.portalUser([account.id], "Maria", "Manager", "maria@contoso.test");
  await api("PATCH", `/api/staff/accounts/${account.id}/contacts/${manager.id}`, { clientAdmin: true });
  const me = (await api("GET", "/api/staff/me")) as { id: string };
  supportJob = await api("POST", `/api/staff/accounts/${account.id}/jobs`, { number: "CSO-SUP", name: "Managed support", managerStaffId: me.id, visibleInPortal: true, customersAddTickets: true, copyEmailsToManager: false, hoursVisible: false });
  await api("POST", `/api/staff/accounts/${account.id}/jobs`, { number: "CSO-WEB", name: "Website refresh", visibleInPortal: true, customersAddTickets: true, copyEmailsToManager: false, hoursVisible: false });
  // A block of 20 hours a month, its period begun 9 days ago; 16 billable hours used by today.
  retainer = await api("POST", "/api/staff/contracts", {
    accountId: account.id, name: "Managed support retainer", type: "retainer_hours", billingCycle: "monthly", hoursPerPeriod: "20", startDate: start, reference: "CSO-2026-01", sla: "4-hour response on business days", isDefault: true,
    description: "Remote and on-site support for the Contoso office.",
  });
  await api("PUT", `/api/staff/contracts/${retainer.id}/jobs/${supportJob.id}`);
  await api("POST", "/api/staff/contracts", { accountId: account.id, name: "Office move", type: "fixed_price", billingPrice: "4800", startDate: start });
  await api("POST", "/api/staff/contracts", { accountId: account.id, name: "Next year's proposal", type: "time_materials", status: "draft", startDate: start });
  const ticket = await api("POST", "/api/staff/tickets", { jobId: supportJob.id, title: "Monthly support work", details: "" });
  for (const [offset, hours] of [[0, 4], [3, 5], [6, 3], [9, 4]] as const) {
    const s = new Date(`${dayOf(Date.now() - (9 - offset) * DAY)}T09:00:00Z`);
    await api("POST", `/api/staff/tickets/${ticket.id}/time-entries`, { startedAt: s.toISOString(), endedAt: new Date(s.getTime() + hours * 3_600_000).toISOString(), note: "Support", billable: true });
  }
});
afterEach(() => p?.expectNoBrowserErrors());
afterAll(() => p?.close());


async function atBothWidths(page: Page, what: string, name: string) {
  await expectAccessible(page, what);
  await shot(page, `contracts-${name}`);
  await page.setViewportSize({ width: 390, height: 844 });
  await expectAccessible(page, `${what} at 390 px`);
  await shot(page, `contracts-${name}-390`);
  // Nothing sticks out sideways on a phone.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.setViewportSize({ width: 1280, height: 900 });
}

it("CON-1 the manager is emailed at 75 %, opens Contracts and reads the retainer's prepaid hours: block, used, remaining, percent, run-out and the burn-down chart", async () => {
  const mail = await p.waitForMail(manager.email, /75 % of this period's prepaid hours used/);
  expect(mail.text).toContain("16.00 h of 20.00 h used (80 %)");
  const link = /(http:\/\/\S+\/portal\/contracts\/[\w-]+\?account=[\w-]+)/.exec(mail.text)![1];

  const page = await p.newPage();
  await page.goto(`${p.url}/portal/login`);
  await portalSignIn(page, manager.email);
  await page.getByRole("heading", { name: /Welcome/ }).waitFor();
  await page.getByRole("link", { name: "Contracts", exact: true }).click();
  await page.waitForURL(/\/portal\/contracts$/);
  const list = page.getByRole("list", { name: "Your contracts" });
  await expect.poll(() => list.getByRole("listitem").count()).toBe(2); // the draft is not shown
  const row = list.getByRole("listitem").filter({ hasText: "Managed support retainer" });
  await expect(row.textContent()).resolves.toContain("16.00 h of 20.00 h used (80 %)");
  await expect(list.textContent()).resolves.not.toContain("proposal");
  await atBothWidths(page, "the portal's contracts", "portal-list");

  await row.getByRole("link", { name: "Managed support retainer" }).click();
  await page.getByRole("heading", { name: "Managed support retainer" }).waitFor();
  const card = page.getByRole("region", { name: "Prepaid hours this period" });
  const fact = (label: string) => card.locator(`dl dt:text-is("${label}") + dd`).textContent();
  // 16 h in 10 days: 1.6 h a day; the 4 h left last 2.5 days, so the block runs out 3 days from today.
  const runOut = dayOf(new Date(`${today}T12:00:00Z`).getTime() + 3 * DAY);
  expect(await fact("Block")).toBe("20.00 h");
  expect(await fact("Used")).toBe("16.00 h");
  expect(await fact("Remaining")).toBe("4.00 h");
  expect(await fact("Used so far")).toBe("80 %");
  expect(await fact("Projected run-out")).toBe(shown(runOut));
  // The chart, and the same in words for a screen reader.
  const chart = card.getByRole("img", { name: /Chart: cumulative hours used each day of the period against the 20.00 h block/ });
  await chart.waitFor();
  await expect(chart.locator(".recharts-line").count()).resolves.toBeGreaterThanOrEqual(2);
  const words = await card.locator("#prepaid-hours-words").textContent();
  expect(words).toBe(`16.00 h of the 20.00 h block used by ${shown(today)} (80 %), 4.00 h left; on average 1.60 h a day. At this pace the block runs out on ${shown(runOut)}.`);
  await expect(chart.getAttribute("aria-describedby")).resolves.toBe("prepaid-hours-words");
  await card.getByRole("button", { name: "Show the hours by day" }).click();
  const byDay = card.getByRole("table");
  await expect.poll(() => byDay.getByRole("row").count()).toBe(5); // header and four days with work
  await expect(byDay.getByRole("row").last().textContent()).resolves.toMatch(/4\.00 h.*16\.00 h/);
  await expect(card.getByText("75 % reached").count()).resolves.toBe(1);
  await page.getByText("4-hour response on business days").first().waitFor();
  await atBothWidths(page, "the retainer's page", "portal-retainer");
  await page.close();

  // The emailed link opens the same page.
  const fromMail = await p.newPage();
  await fromMail.goto(link);
  await fromMail.waitForURL(/\/portal\/login\?next=/);
  await portalSignIn(fromMail, manager.email);
  await fromMail.getByRole("heading", { name: "Managed support retainer" }).waitFor();
  await fromMail.close();
});

it("CON-1 staff create a contract whose form follows the chosen type, link a job to it after the console says where it comes from, and see both in the history", async () => {
  const page = await p.staffPage();
  await page.getByRole("link", { name: "Contracts", exact: true }).click();
  await page.getByRole("heading", { name: "Contracts" }).waitFor();
  await page.mouse.move(600, 700);
  await expect.poll(() => page.getByRole("row").count()).toBe(4);
  // Filters live in the address.
  await choose(page, "Type", "Retainer by hours");
  await page.waitForURL(/type=retainer_hours/);
  await expect.poll(() => page.getByRole("row").count()).toBe(2);
  await atBothWidths(page, "the staff contract list", "staff-list");
  await page.goto(`${p.url}/admin/contracts`);

  await page.getByRole("button", { name: "New contract" }).click();
  const dialog = page.getByRole("dialog", { name: "New contract" });
  await chooseIn(page, dialog, "Account", "Contoso Ltd");
  await chooseIn(page, dialog, "Type", "Time & materials");
  await expect(dialog.getByRole("textbox", { name: /^Billing price/ }).count()).resolves.toBe(0);
  await chooseIn(page, dialog, "Type", "Recurring");
  await dialog.getByRole("textbox", { name: /^Name/ }).fill("Backup monitoring");
  // A recurring contract needs its price: the form shows the server's sentence under the field.
  await chooseIn(page, dialog, "Billing cycle", "Monthly");
  await dialog.getByRole("button", { name: "Create contract" }).click();
  await dialog.getByText("This is required for a recurring contract.").waitFor();
  await settled(page);
  await expect(dialog.getByRole("textbox", { name: /^Prepaid hours per period/ }).count()).resolves.toBe(0);
  await expectAccessible(page, "the new-contract form with its refusal");
  await shot(page, "contracts-staff-new-form");
  await dialog.getByRole("textbox", { name: /^Billing price/ }).fill("149");
  await dialog.getByRole("textbox", { name: /^SLA/ }).fill("Daily checks");
  await dialog.getByRole("button", { name: "Create contract" }).click();
  await page.getByRole("heading", { name: "Backup monitoring" }).waitFor();
  await expect(page.getByText("$149.00").count()).resolves.toBeGreaterThan(0);

  // Link the support job: it is under the retainer now, and the console says linking moves it.
  await choose(page, "Job to link", "CSO-SUP · Managed support (under Managed support retainer)");
  await page.getByText("Linking moves it from Managed support retainer.").waitFor();
  await page.getByRole("button", { name: "Link job" }).click();
  const jobs = page.getByRole("table").filter({ hasText: "Manager" });
  await jobs.getByRole("row").filter({ hasText: "CSO-SUP · Managed support" }).waitFor();
  const history = page.getByRole("list", { name: "History of this contract" });
  await history.getByText("Job linked").waitFor();
  await expect(history.textContent()).resolves.toContain("Moved from Managed support retainer.");
  await atBothWidths(page, "a contract's page in the console", "staff-contract");

  // Unlinking asks first.
  await page.getByRole("button", { name: "Unlink CSO-SUP · Managed support" }).click();
  const confirm = page.getByRole("dialog", { name: "Unlink this job?" });
  await confirm.getByText(/will no longer be under Backup monitoring/).waitFor();
  await settled(page);
  await expectAccessible(page, "the unlink confirmation");
  await confirm.getByRole("button", { name: "Unlink job" }).click();
  await page.getByText("No jobs are linked yet.", { exact: false }).waitFor();
  await history.getByText("Job unlinked").waitFor();

  // The account's page lists its contracts.
  await page.getByRole("link", { name: "Contoso Ltd" }).first().click();
  const card = page.getByRole("heading", { name: "Contracts" }).locator("xpath=ancestor::div[contains(@class,'mantine-Card-root')]");
  await card.getByRole("link", { name: "Backup monitoring" }).waitFor();
  await expect(card.getByRole("link", { name: "Managed support retainer" }).count()).resolves.toBe(1);
  await shot(page, "contracts-staff-account-card");
  await page.close();
});
