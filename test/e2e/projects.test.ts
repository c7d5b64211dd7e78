/**
 * PRJ-1 projects in Chromium: a contact who follows a project sees its progress and what is due on Projects, opens it,
 * adds a note (kept as a draft across a reload until sent), and the assigned staff member receives the email; staff
 * associate another contact with what they may see and add a task in the console. Checked with axe-core at desktop
 * width and at 390 px.
 */
import type { Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { expectAccessible, type Portico, shot, startPortico } from "./browser.js";

let p: Portico;
let api: Awaited<ReturnType<Portico["staffApi"]>>;
let project: { id: string; number: string; name: string };
let grace: { id: string; email: string };
let pete: { id: string; email: string };
const SAM = { email: "sam@provider.test", password: "staff member passphrase 1024" };

/** YYYY-MM-DD, `n` days from today (UTC, the tenant's time zone here). */
const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  p = await startPortico();
  api = await p.staffApi();
  const roles = (await api("GET", "/api/staff/roles")).items as { id: string; name: string }[];
  const sam = await api("POST", "/api/staff/users", { name: "Sam Servicedesk", email: SAM.email, roleId: roles.find((r) => r.name === "Service desk")!.id, password: SAM.password });
  const account = await api("POST", "/api/staff/accounts", { name: "Acme Manufacturing", number: "ACME" });
  grace = await p.portalUser([account.id], "Grace", "Hopper", "grace@acme.test");
  pete = await api("POST", "/api/staff/contacts", { firstName: "Pete", lastName: "Plant", email: "pete@acme.test", accountIds: [account.id] });
  const me = await api("GET", "/api/staff/me");
  project = await api("POST", "/api/staff/projects", { accountId: account.id, number: "ACME-NET", name: "Office network refresh", description: "New switches and Wi-Fi for the office.", startDate: day(-20), dueDate: day(30), managerStaffId: me.id });
  let v = await api("POST", `/api/staff/projects/${project.id}/phases`, { name: "Survey", dueDate: day(-5), sort: 1 });
  v = await api("POST", `/api/staff/projects/${project.id}/phases`, { name: "Installation", dueDate: day(10), sort: 2 });
  const [survey, install] = v.phases;
  for (const [title, status, progress, due, phaseId] of [
    ["Walk the office", "done", 100, -10, survey.id],
    ["Order switches", "in_progress", 50, 3, install.id],
    ["Re-cable the first floor", "blocked", 10, -2, install.id],
    ["Install access points", "not_started", 0, 40, install.id],
  ] as const) {
    await api("POST", `/api/staff/projects/${project.id}/tasks`, { title, status, progress, dueDate: day(due), phaseId, assignedStaffId: sam.id });
  }
  await api("PUT", `/api/staff/projects/${project.id}/staff`, { staffIds: [sam.id] });
  // Grace sees every page of the portal: its header holds all its links, which must fit a phone too.
  await api("PATCH", "/api/staff/settings/portal", { approvalEnabled: true });
  const everything = await api("POST", "/api/staff/portal-roles", { name: "Everything", permissions: ["tickets.view_own", "tickets.view_account", "tickets.create", "tickets.edit", "contacts.manage", "contracts.view", "invoices.view", "projects.view", "jobs.approve", "time_entries.view", "messages"], defaultTypeId: null, defaultPriorityId: null, quickForm: true, visibleFields: [] });
  await api("PATCH", `/api/staff/accounts/${account.id}/contacts/${grace.id}`, { portalRoleId: everything.id, clientAdmin: true });
  await api("PUT", `/api/staff/projects/${project.id}/contacts/${grace.id}`, { viewOrganisation: true, viewClients: true });
  await api("POST", `/api/staff/projects/${project.id}/notes`, { body: "The survey is done; switches are on order.", isPublic: true });
  await api("POST", `/api/staff/projects/${project.id}/notes`, { body: "Landlord has not answered yet.", isPublic: false });
});
afterEach(() => p?.expectNoBrowserErrors());
afterAll(() => p?.close());

async function atBothWidths(page: Page, what: string, name: string) {
  await page.mouse.move(1, 1);
  await expectAccessible(page, what);
  await shot(page, `projects-${name}`);
  await page.setViewportSize({ width: 390, height: 844 });
  await expectAccessible(page, `${what} at 390 px`);
  await shot(page, `projects-${name}-390`);
  await page.setViewportSize({ width: 1280, height: 900 });
}

it("PRJ-1 the contact sees progress and what is due on Projects, opens the project, adds a note kept as a draft until sent, and the assigned staff member is emailed", async () => {
  const page = await p.portalPage(grace.email);
  await page.getByRole("link", { name: "Projects", exact: true }).first().click();
  await page.getByRole("heading", { name: "Projects" }).waitFor();
  const list = page.getByRole("list", { name: "Your projects" });
  const card = list.getByRole("listitem").filter({ hasText: "Office network refresh" });
  await card.waitFor();
  // done 100, in progress 50, blocked 10, not started 0 → 40 %.
  await card.getByText("40% done").waitFor();
  await expect(card.getByRole("progressbar").getAttribute("aria-valuenow")).resolves.toBe("40");
  const next = card.getByRole("list", { name: "Next due on Office network refresh" });
  await expect(next.textContent()).resolves.toMatch(/Re-cable the first floor.*2 days overdue/);
  await expect(next.textContent()).resolves.toMatch(/Order switches.*due in 3 days/);
  await atBothWidths(page, "the portal's projects", "portal-list");

  await card.getByRole("link", { name: "Office network refresh" }).click();
  await page.getByRole("heading", { name: "Office network refresh", level: 2 }).first().waitFor();
  await expect(page.title()).resolves.toMatch(/^Office network refresh · /);
  await page.getByRole("heading", { name: "Phases and tasks" }).waitFor();
  await page.getByRole("heading", { name: "Organisation" }).waitFor();
  await page.getByText("The survey is done; switches are on order.").waitFor();
  await expect(page.getByText("Landlord has not answered yet.").count()).resolves.toBe(0);
  // Time was not allowed for Grace: the section is not there.
  await expect(page.getByRole("heading", { name: "Time logged" }).count()).resolves.toBe(0);

  // A half-written note survives a reload.
  const note = page.getByRole("textbox", { name: /^Add a note for the project team/ });
  await note.fill("Could the switches arrive before Friday?");
  await page.waitForTimeout(200);
  page.once("dialog", (d) => void d.accept());
  await page.reload();
  await expect(note.inputValue()).resolves.toBe("Could the switches arrive before Friday?");
  await atBothWidths(page, "a project in the portal", "portal-project");
  await page.getByRole("button", { name: "Add note" }).click();
  await page.getByText("Note added: the project team is told").waitFor();
  await page.getByText("Could the switches arrive before Friday?").waitFor();
  await expect(note.inputValue()).resolves.toBe("");
  const mail = await p.waitForMail(SAM.email, /New note from Grace Hopper/);
  expect(mail.subject).toBe("[ACME-NET · Office network refresh] New note from Grace Hopper");
  expect(mail.text).toContain("Could the switches arrive before Friday?");
  expect(mail.text).toContain(`/admin/projects/${project.id}`);
  await page.close();
});

it("PRJ-1 staff see the project in the list, associate another contact with what they may see, and add a task inline", async () => {
  const page = await p.staffPage();
  await page.getByRole("link", { name: "Projects" }).click();
  await page.getByRole("heading", { name: "Projects" }).waitFor();
  const row = page.getByRole("row").filter({ has: page.getByRole("link", { name: "ACME-NET · Office network refresh" }) });
  await row.getByText("40% done").waitFor();
  await atBothWidths(page, "the staff project list", "staff-list");
  // Filters live in the address.
  await page.goto(`${p.url}/admin/projects?status=closed`);
  await page.getByText("No projects match these filters.").waitFor();
  await page.goBack();
  await row.getByRole("link", { name: "ACME-NET · Office network refresh" }).click();
  await page.getByRole("heading", { name: "ACME-NET · Office network refresh" }).waitFor();
  await atBothWidths(page, "a project's overview", "staff-overview");

  // Contacts: the switches note, then Pete associated with the defaults, and time ticked for him.
  await page.getByRole("tab", { name: /^Contacts/ }).click();
  await page.waitForURL(/tab=contacts/);
  await page.getByText("Every switch is on.").waitFor();
  await page.getByRole("combobox", { name: "Contact" }).click();
  await page.getByRole("option", { name: "Pete Plant (pete@acme.test)" }).click();
  await page.getByRole("button", { name: "Associate" }).click();
  const peteRow = page.getByRole("region", { name: "Pete Plant" });
  await peteRow.waitFor();
  await expect(peteRow.getByRole("checkbox", { name: "See time logged" }).isChecked()).resolves.toBe(false);
  // The box follows the saved association, so it turns on once the server has answered.
  await peteRow.getByRole("checkbox", { name: "See time logged" }).click();
  await expect.poll(() => peteRow.getByRole("checkbox", { name: "See time logged" }).isChecked()).toBe(true);
  await expect.poll(async () => (await api("GET", `/api/staff/projects/${project.id}`)).contacts.find((c: { contactId: string }) => c.contactId === pete.id)?.flags.viewTime).toBe(true);
  await atBothWidths(page, "a project's contacts", "staff-contacts");

  // With the time switch off, the page names it.
  await api("PATCH", "/api/staff/settings/portal", { projectViewTime: false });
  await page.reload();
  await page.getByText(/Turned off there now: time/).waitFor();
  await peteRow.getByText("Off for every contact (portal settings)").waitFor();
  await shot(page, "projects-staff-contacts-switch-off");

  // Phases and tasks: add one, then set its status inline.
  await page.getByRole("tab", { name: /^Phases and tasks/ }).click();
  const add = page.getByRole("region", { name: "Add a task" });
  await add.getByRole("textbox", { name: /^Title/ }).fill("Label the patch panel");
  await add.getByRole("button", { name: "Add task" }).click();
  const task = page.getByRole("group", { name: "Task Label the patch panel" });
  await task.waitFor();
  await task.getByRole("combobox", { name: "Status" }).click();
  await page.getByRole("option", { name: "In progress" }).click();
  await expect.poll(async () => (await api("GET", `/api/staff/projects/${project.id}`)).tasks.find((t: { title: string }) => t.title === "Label the patch panel")?.status).toBe("in_progress");
  await atBothWidths(page, "a project's phases and tasks", "staff-tasks");
  // Deleting asks first.
  await task.getByRole("button", { name: "Delete" }).click();
  const dialog = page.getByRole("dialog", { name: "Delete the task Label the patch panel?" });
  await dialog.getByRole("button", { name: "Delete task" }).click();
  await expect.poll(() => page.getByRole("group", { name: "Task Label the patch panel" }).count()).toBe(0);
  await page.close();
});
