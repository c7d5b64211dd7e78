/**
 * CON-1 INV-1 PRJ-1 the reason to log in, as one customer on a phone: the account's manager signs in at 390 px, finds
 * every page in the menu, reads the retainer's burn-down, opens and downloads an invoice's PDF, and adds a note to the
 * project they follow, which emails the staff member assigned to it. axe-core checks each page on the way.
 */
import { readFileSync } from "node:fs";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { pdfText } from "../api/invoice-fixture.js";
import { expectAccessible, type Portico, portalSignIn, shot, startPortico } from "./browser.js";

let p: Portico;
let manager: { id: string; email: string };
let invoice: { id: string; displayNumber: string };
const SAM = { email: "sam@provider.test", password: "staff member passphrase 1024" };
const DAY = 86_400_000;
const dayOf = (n: number) => new Date(Date.now() + n * DAY).toISOString().slice(0, 10);

beforeAll(async () => {
  p = await startPortico();
  const api = await p.staffApi();
  const staffRoles = (await api("GET", "/api/staff/roles")).items as { id: string; name: string }[];
  const sam = await api("POST", "/api/staff/users", { name: "Sam Servicedesk", email: SAM.email, roleId: staffRoles.find((r) => r.name === "Service desk")!.id, password: SAM.password });
  const roles = (await api("GET", "/api/staff/portal-roles")).items as { id: string; name: string }[];
  const account = await api("POST", "/api/staff/accounts", { name: "Northwind Traders", portalRoleId: roles.find((r) => r.name === "External Manager")!.id });
  manager = await p.portalUser([account.id], "Nora", "North", "nora@northwind.test");
  await api("PATCH", `/api/staff/accounts/${account.id}/contacts/${manager.id}`, { clientAdmin: true });
  const me = (await api("GET", "/api/staff/me")) as { id: string };

  // A retainer of 10 hours a month, begun 4 days ago, with 6 billable hours logged on its job.
  const job = await api("POST", `/api/staff/accounts/${account.id}/jobs`, { number: "NW-SUP", name: "Support", managerStaffId: me.id, visibleInPortal: true, customersAddTickets: true, copyEmailsToManager: false, hoursVisible: false });
  const retainer = await api("POST", "/api/staff/contracts", { accountId: account.id, name: "Support retainer", type: "retainer_hours", billingCycle: "monthly", hoursPerPeriod: "10", startDate: dayOf(-4), isDefault: true });
  await api("PUT", `/api/staff/contracts/${retainer.id}/jobs/${job.id}`);
  const ticket = await api("POST", "/api/staff/tickets", { jobId: job.id, title: "Support work", details: "" });
  for (const [daysAgo, hours] of [[4, 2], [2, 3], [0, 1]] as const) {
    const s = new Date(`${dayOf(-daysAgo)}T09:00:00Z`);
    await api("POST", `/api/staff/tickets/${ticket.id}/time-entries`, { startedAt: s.toISOString(), endedAt: new Date(s.getTime() + hours * 3_600_000).toISOString(), note: "Support", billable: true });
  }

  // An issued invoice: 3 × 120.00 = 360.00, no tax.
  const draft = await api("POST", "/api/staff/invoices", { accountId: account.id, poNumber: "NW-77", lines: [{ description: "Server migration (hours)", quantity: "3", unitPrice: "120.00" }] });
  invoice = await api("POST", `/api/staff/invoices/${draft.id}/mark-sent`);

  // A project Nora follows, with Sam assigned.
  const project = await api("POST", "/api/staff/projects", { accountId: account.id, number: "NW-MOVE", name: "Warehouse move", description: "Move the warehouse network to the new site.", startDate: dayOf(-10), dueDate: dayOf(20), managerStaffId: me.id });
  await api("POST", `/api/staff/projects/${project.id}/tasks`, { title: "Order the cabling", status: "done", progress: 100, dueDate: dayOf(-3) });
  await api("POST", `/api/staff/projects/${project.id}/tasks`, { title: "Install the racks", status: "in_progress", progress: 50, dueDate: dayOf(5) });
  await api("PUT", `/api/staff/projects/${project.id}/staff`, { staffIds: [sam.id] });
  await api("PUT", `/api/staff/projects/${project.id}/contacts/${manager.id}`, {});
});
afterEach(() => p?.expectNoBrowserErrors());
afterAll(() => p?.close());

it("CON-1 INV-1 PRJ-1 on a phone a manager reads the retainer's burn-down, downloads an invoice's PDF and adds a project note that emails the assigned staff", async () => {
  const page = await p.newPage();
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${p.url}/portal/login`);
  await portalSignIn(page, manager.email);
  await page.getByRole("heading", { name: /Welcome/ }).waitFor();
  // The retainer at a glance on the home page.
  const glance = page.getByRole("region", { name: "Prepaid hours this period" });
  await glance.getByRole("link", { name: "Support retainer" }).waitFor();
  await expect(glance.textContent()).resolves.toContain("6.00 h of 10.00 h used (60 %)");
  await expectAccessible(page, "the portal's home page on a phone");
  const menu = async (name: string) => {
    await page.getByRole("button", { name: "Open the menu" }).click();
    const nav = page.getByRole("dialog").getByRole("navigation", { name: "Portal pages" });
    await expect(nav.getByRole("link").allTextContents()).resolves.toEqual(["Tickets", "Contracts", "Invoices", "Projects"]);
    await expectAccessible(page, "the portal's menu on a phone");
    await nav.getByRole("link", { name, exact: true }).click();
    await page.getByRole("dialog").waitFor({ state: "detached" });
  };

  // Contracts: the retainer's summary and its chart. 6 of 10 hours in 5 days: 1.2 h a day, 4 h left.
  await menu("Contracts");
  await page.getByRole("link", { name: "Support retainer" }).click();
  const card = page.getByRole("region", { name: "Prepaid hours this period" });
  const fact = (label: string) => card.locator(`dl dt:text-is("${label}") + dd`).textContent();
  await card.waitFor();
  expect(await fact("Block")).toBe("10.00 h");
  expect(await fact("Used")).toBe("6.00 h");
  expect(await fact("Remaining")).toBe("4.00 h");
  expect(await fact("Used so far")).toBe("60 %");
  await card.getByRole("img", { name: /Chart: cumulative hours used each day of the period against the 10.00 h block/ }).waitFor();
  await expectAccessible(page, "the retainer on a phone");
  await shot(page, "journey-retainer-390");

  // Invoices: the invoice, and its PDF.
  await menu("Invoices");
  await page.getByRole("link", { name: invoice.displayNumber }).click();
  await page.getByRole("heading", { name: `Invoice ${invoice.displayNumber}` }).waitFor();
  await expectAccessible(page, "an invoice on a phone");
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download PDF" }).click()]);
  const { text } = await pdfText(readFileSync((await download.path())!));
  for (const expected of [invoice.displayNumber, "Northwind Traders", "NW-77", "Server migration (hours)", "$360.00"]) expect(text, expected).toContain(expected);

  // Projects: progress at a glance, then a note for the team.
  await menu("Projects");
  await page.getByText("75% done").first().waitFor();
  await page.getByRole("link", { name: "Warehouse move" }).click();
  await page.getByRole("heading", { name: "Warehouse move", level: 2 }).first().waitFor();
  await expectAccessible(page, "a project on a phone");
  await page.getByRole("textbox", { name: /^Add a note for the project team/ }).fill("The new site's keys are at reception.");
  await page.getByRole("button", { name: "Add note" }).click();
  await page.getByText("Note added: the project team is told").waitFor();
  await shot(page, "journey-project-390");
  const mail = await p.waitForMail(SAM.email, /New note from Nora North/);
  expect(mail.text).toContain("The new site's keys are at reception.");
  // Nothing sticks out sideways on the way.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.close();
});
