/** The first day in Chromium: links survive sign-in, pages name themselves, refused files and saves are said, drafts survive, views live in the address. */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { ADMIN } from "../harness.js";
import { expectAccessible, field, portalSignIn, type Portico, shot, shotsDir, startPortico } from "./browser.js";

let p: Portico;
beforeAll(async () => {
  p = await startPortico();
});
afterEach(() => p?.expectNoBrowserErrors());
afterAll(() => p?.close());

type Api = Awaited<ReturnType<Portico["staffApi"]>>;

/** An account whose default job takes portal tickets. */
async function accountWithJob(api: Api, name: string) {
  const a = await api("POST", "/api/staff/accounts", { name });
  const jobs = await api("GET", `/api/staff/accounts/${a.id}/jobs`);
  if (!jobs.items.length) await api("POST", `/api/staff/accounts/${a.id}/jobs`, { number: `J-${a.id.slice(0, 8)}`, name, visibleInPortal: true, customersAddTickets: true, copyEmailsToManager: false, hoursVisible: false });
  return a;
}

it("FIRST-2 FIRST-19 FIRST-20 a staff link opened signed out lands there after sign-in; every page has its own title; the checklist ticks itself off; no serious axe finding", async () => {
  const page = await p.newPage();
  await page.goto(`${p.url}/admin/contacts?portalStatus=active`);
  await page.waitForURL(/\/admin\/login\?next=/);
  await expect.poll(() => page.title()).toBe("Staff sign in · Portico staff console");
  await expectAccessible(page, "staff sign-in");
  await field(page, "Email").fill(ADMIN.email);
  await field(page, "Password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(`${p.url}/admin/contacts?portalStatus=active`);
  await expect.poll(() => page.title()).toMatch(/^Contacts · /);
  // The filter came from the address; a new filter goes into it, and Back returns to the one before.
  await expect.poll(() => page.getByRole("combobox", { name: "Portal status" }).inputValue()).toBe("Active");
  await page.getByRole("combobox", { name: "Contact status" }).click();
  await page.getByRole("option", { name: "Archived", exact: true }).click();
  await page.waitForURL(/status=archived/);
  await page.goBack();
  await page.waitForURL(`${p.url}/admin/contacts?portalStatus=active`);
  await expect.poll(() => page.getByRole("combobox", { name: "Contact status" }).inputValue()).toBe("Active");

  // A crafted return address to another site is ignored.
  const other = await p.newPage();
  await other.goto(`${p.url}/admin/login?next=${encodeURIComponent("//evil.test/admin/")}`);
  await field(other, "Email").fill(ADMIN.email);
  await field(other, "Password").fill(ADMIN.password);
  await other.getByRole("button", { name: "Sign in" }).click();
  await other.waitForURL(`${p.url}/admin/tickets`);

  const checklist = page.getByRole("region", { name: "Getting started" });
  await expect.poll(() => checklist.getByText("to do").count()).toBe(5);
  const titles = new Set<string>();
  for (const path of ["/admin/tickets", "/admin/accounts", "/admin/contacts", "/admin/settings", "/admin/emails", "/admin/staff"]) {
    await page.goto(`${p.url}${path}`);
    await page.getByRole("heading", { level: 2 }).first().waitFor();
    await expect.poll(() => page.title()).not.toBe("Portico");
    titles.add(await page.title());
    await expectAccessible(page, path);
  }
  expect(titles.size).toBe(6);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${p.url}/admin/tickets`);
  await expectAccessible(page, "staff tickets at 390 px");
  await shot(page, "first-day-checklist-390");
  await page.setViewportSize({ width: 1280, height: 900 });

  // Naming the portal ticks the first step off.
  await page.goto(`${p.url}/admin/settings`);
  await field(page, "Portal name").fill("Fabrikam Support");
  await page.getByRole("button", { name: "Save settings" }).click();
  await page.getByText("Settings saved").waitFor();
  await page.getByRole("link", { name: "Accounts" }).first().click();
  await expect.poll(() => checklist.getByText("to do").count()).toBe(4);
  await shot(page, "first-day-checklist");
});

it("FIRST-16 FIRST-18 a refused settings save is shown on its field in a whole sentence, and nothing is silently changed", async () => {
  const page = await p.newPage();
  await page.goto(`${p.url}/admin/login?next=/admin/settings`);
  await field(page, "Email").fill(ADMIN.email);
  await field(page, "Password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/\/admin\/settings/);
  const min = page.getByRole("textbox", { name: "Minimum length" });
  await min.fill("8");
  await page.getByRole("button", { name: "Save settings" }).click();
  await page.getByText("This must be at least 12.").waitFor();
  expect(await min.inputValue()).toBe("8");
  await shot(page, "first-day-refused-save");
  const api = await p.staffApi();
  expect((await api("GET", "/api/staff/settings/portal")).passwordMinLength).toBe(12);
});

it("FIRST-4 FIRST-5 FIRST-14 a refused file is named until dismissed and the ticket waits for a yes; half-written text survives a reload; the list's filters live in the address", async () => {
  const api = await p.staffApi();
  const account = await accountWithJob(api, "Northwind Traders");
  const user = await p.portalUser([account.id], "Nora", "Tester", "nora@fabrikam.test");
  const page = await p.newPage();
  await page.goto(`${p.url}/portal/tickets/new`);
  await page.waitForURL(/\/portal\/login\?next=%2Fportal%2Ftickets%2Fnew/);
  await portalSignIn(page, user.email);
  await page.waitForURL(`${p.url}/portal/tickets/new`);
  await expect.poll(() => page.title()).toMatch(/^New ticket · /);

  await field(page, "Title").fill("Printer on floor 2 jams");
  await page.getByLabel("Details").fill("It jams on every second page.");
  await page.reload();
  await expect.poll(() => field(page, "Title").inputValue()).toBe("Printer on floor 2 jams");
  expect(await page.getByLabel("Details").inputValue()).toBe("It jams on every second page.");

  const good = path.join(shotsDir, "jam-log.txt");
  const bad = path.join(shotsDir, "driver-setup.exe");
  writeFileSync(good, "paper jam at tray 2\n");
  writeFileSync(bad, "MZ not really a program");
  await page.locator('input[type="file"]').setInputFiles([good, bad]);
  const refusal = page.getByRole("alert").filter({ hasText: "“driver-setup.exe” cannot be attached" });
  await refusal.waitFor();
  await page.getByText("jam-log.txt").waitFor();
  await expectAccessible(page, "portal new ticket with a refused file");
  await page.getByRole("button", { name: "Create ticket" }).click();
  await page.getByText("Not every file you chose can be attached").waitFor();
  expect(page.url()).toBe(`${p.url}/portal/tickets/new`);
  await shot(page, "first-day-refused-file");
  await page.getByRole("button", { name: "Create without it" }).click();
  await page.waitForURL(/\/portal\/tickets\/[0-9a-f-]{36}$/);
  await page.getByRole("link", { name: "jam-log.txt" }).waitFor();
  // The draft is gone once the ticket is sent.
  await page.goto(`${p.url}/portal/tickets/new`);
  await field(page, "Title").waitFor();
  expect(await field(page, "Title").inputValue()).toBe("");

  await page.goto(`${p.url}/portal/tickets`);
  await page.getByRole("combobox", { name: "Show" }).click();
  await page.getByRole("option", { name: "Closed", exact: true }).click();
  await page.waitForURL(/open=closed/);
  await page.getByText("No tickets match these filters.").waitFor();
  await page.reload();
  await page.getByText("No tickets match these filters.").waitFor();
  await page.goBack();
  await page.getByRole("link", { name: "Printer on floor 2 jams" }).waitFor();
  await expectAccessible(page, "portal tickets");
});

it("FIRST-2 FIRST-3 a customer's emailed ticket link lands on the ticket after sign-in; a tab whose account went stale says so instead of acting on the other account", async () => {
  const api = await p.staffApi();
  const a = await accountWithJob(api, "Tailspin Toys");
  const b = await accountWithJob(api, "Wingtip Toys");
  const user = await p.portalUser([a.id, b.id], "Tess", "Tester", "tess@fabrikam.test");
  const first = await p.newPage();
  await first.goto(`${p.url}/portal/login`);
  await portalSignIn(first, user.email);
  await first.waitForURL(`${p.url}/portal/`);
  const ticket = await first.evaluate(async () => {
    const r = await fetch("/api/portal/tickets", { method: "POST", headers: { "content-type": "application/json", "x-portico-csrf": "1" }, body: JSON.stringify({ title: "Invoice address", details: "" }) });
    return r.json();
  });
  // Signed out (a fresh browser), the link opens the sign-in page and then the ticket.
  const fresh = await p.newPage();
  await fresh.goto(`${p.url}/portal/tickets/${ticket.id}`);
  await fresh.waitForURL(/\/portal\/login\?next=/);
  await portalSignIn(fresh, user.email);
  await fresh.waitForURL(`${p.url}/portal/tickets/${ticket.id}`);
  await fresh.getByRole("heading", { name: /Invoice address/ }).waitFor();

  // Two tabs of one browser: the second switches account; the first's next send is refused and it says why.
  const context = first.context();
  const second = await context.newPage();
  await first.goto(`${p.url}/portal/tickets/${ticket.id}`);
  await first.getByLabel("Add a note for support").fill("Please use the new address.");
  await second.goto(`${p.url}/portal/`);
  const switcher = second.getByRole("textbox", { name: "Current view" }).or(second.getByRole("combobox", { name: "Current view" })).first();
  await switcher.click();
  await second.getByRole("option", { name: (await switcher.inputValue()) === "Tailspin Toys" ? "Wingtip Toys" : "Tailspin Toys" }).click();
  await first.getByRole("button", { name: "Add note" }).click();
  await first.getByText("You are now viewing another account").waitFor();
  await shot(first, "first-day-stale-tab");
  // Nothing was written for the other account, and the unsent note is still there to send again.
  expect((await api("GET", `/api/staff/tickets/${ticket.id}`)).notes).toHaveLength(0);
  expect(await first.getByLabel("Add a note for support").inputValue()).toBe("Please use the new address.");
  await second.close();

  // Staff notes are kept as drafts too.
  const staff = await p.newPage();
  await staff.goto(`${p.url}/admin/login?next=${encodeURIComponent(`/admin/tickets/${ticket.id}`)}`);
  await field(staff, "Email").fill(ADMIN.email);
  await field(staff, "Password").fill(ADMIN.password);
  await staff.getByRole("button", { name: "Sign in" }).click();
  await staff.waitForURL(`${p.url}/admin/tickets/${ticket.id}`);
  await staff.getByLabel("Add a note").fill("Checking the billing system.");
  await staff.reload();
  await expect.poll(() => staff.getByLabel("Add a note").inputValue()).toBe("Checking the billing system.");
});
