/**
 * The staff ticket view and queue in Chromium (issue 9, items 7, 11 and 17): new portal tickets reach the first
 * administrator, a customer's reply is marked in the queue, the note's visibility stays as chosen, and the
 * time-entry form says when customers do not see time entries.
 */
import type { Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { ADMIN } from "../harness.js";
import { choose, field, linkIn, type Portico, shot, startPortico } from "./browser.js";

let p: Portico;
let staff: (method: string, url: string, body?: unknown) => Promise<any>;
let customer: (method: string, url: string, body?: unknown) => Promise<any>;
let ticket: { id: string; number: number; title: string };
let page: Page;

const json = (cookie: string) => async (method: string, url: string, body?: unknown) => {
  const r = await fetch(`${p.url}${url}`, { method, headers: { cookie, "x-portico-csrf": "1", ...(body ? { "content-type": "application/json" } : {}) }, body: body ? JSON.stringify(body) : undefined });
  const data = await r.json();
  if (!r.ok) throw new Error(`${method} ${url}: ${JSON.stringify(data)}`);
  return data;
};
const cookieOf = (r: Response) => r.headers.get("set-cookie")!.split(";")[0];
const post = (url: string, body: unknown) => fetch(`${p.url}${url}`, { method: "POST", headers: { "content-type": "application/json", "x-portico-csrf": "1" }, body: JSON.stringify(body) });

beforeAll(async () => {
  p = await startPortico();
  staff = json(cookieOf(await post("/api/staff/auth/login", ADMIN)));
  const account = await staff("POST", "/api/staff/accounts", { name: "Tailspin Toys" });
  await staff("POST", `/api/staff/accounts/${account.id}/jobs`, { number: "TT-1", name: "Support", visibleInPortal: true, customersAddTickets: true, copyEmailsToManager: false, hoursVisible: false });
  const email = "tina@tailspin.test";
  const contact = await staff("POST", "/api/staff/contacts", { firstName: "Tina", lastName: "Tailspin", email, accountIds: [account.id] });
  await staff("POST", `/api/staff/contacts/${contact.id}/portal-access`, {});
  const token = new URL(linkIn((await p.waitForMail(email, /Activate/)).text)).searchParams.get("token");
  const password = "a-long-portal-passphrase";
  expect((await post("/api/portal/auth/set-password", { token, password })).status).toBe(200);
  customer = json(cookieOf(await post("/api/portal/auth/login", { username: email, password })));

  page = await p.newPage();
  await page.goto(`${p.url}/admin/login`);
  await field(page, "Email").fill(ADMIN.email);
  await field(page, "Password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("link", { name: "Tickets" }).first().waitFor();
});
afterEach(() => p?.expectNoBrowserErrors());
afterAll(() => p?.close());

it("FIRST-7 a new portal ticket reaches the first administrator by email, and the customer's reply on a waiting ticket is marked Customer replied in the queue", async () => {
  ticket = await customer("POST", "/api/portal/tickets", { title: "Rotor blades arrived bent", details: "Order 1182: all six blades are bent." });
  const mail = await p.waitForMail(ADMIN.email, /Rotor blades arrived bent/);
  expect(mail.text).toContain("Tina Tailspin opened a new ticket.");

  const statuses = (await staff("GET", "/api/staff/lookups?kind=status")).items as { id: string; name: string }[];
  const id = (name: string) => statuses.find((s) => s.name === name)!.id;
  await staff("PATCH", `/api/staff/tickets/${ticket.id}`, { statusId: id("In progress") });
  await staff("PATCH", `/api/staff/tickets/${ticket.id}`, { statusId: id("Waiting for customer") });
  await customer("POST", `/api/portal/tickets/${ticket.id}/notes`, { body: "Photos are attached to the delivery note." });
  // The ticket is the administrator's: they hear of the reply too.
  const toAdmin = () => p.mails.filter((m) => m.to === ADMIN.email && /Rotor blades arrived bent/.test(m.subject));
  await expect.poll(() => toAdmin().length, { timeout: 15_000 }).toBe(2);
  expect(toAdmin()[1].text).toContain("Photos are attached to the delivery note.");
  const quiet = await customer("POST", "/api/portal/tickets", { title: "Catalogue request" });

  await page.goto(`${p.url}/admin/tickets`);
  const row = page.getByRole("row").filter({ hasText: "Rotor blades arrived bent" });
  await row.getByText("Customer replied").waitFor();
  await expect(row.getByRole("cell", { name: "In progress" }).count()).resolves.toBe(1);
  expect(await page.getByRole("row").filter({ hasText: quiet.title }).getByText("Customer replied").count()).toBe(0);
  await choose(page, "Waiting on", "Waiting on us");
  await page.getByRole("link", { name: quiet.title }).waitFor({ state: "detached" });
  await page.getByRole("link", { name: "Rotor blades arrived bent" }).waitFor();
  await shot(page, "40-staff-queue-customer-replied");
  await page.setViewportSize({ width: 390, height: 844 });
  await shot(page, "41-staff-queue-customer-replied-390px");
  await page.setViewportSize({ width: 1280, height: 800 });
});

it("FIRST-17 after an internal note is posted the note's visibility still says Internal, and a public reply clears the Customer replied mark", async () => {
  await page.goto(`${p.url}/admin/tickets/${ticket.id}`);
  await page.getByText("Order 1182: all six blades are bent.").waitFor();
  await page.getByText("Customer replied").first().waitFor();
  await page.getByLabel("Internal (staff only)").check();
  await field(page, "Add a note").fill("Supplier says the pallet was dropped.");
  await page.getByRole("button", { name: "Add note" }).click();
  await page.getByText("Supplier says the pallet was dropped.").waitFor();
  await page.getByText("Internal note added").waitFor();
  expect(await field(page, "Add a note").inputValue()).toBe("");
  expect(await page.getByLabel("Internal (staff only)").isChecked()).toBe(true);
  expect(await page.getByLabel(/^Public/).isChecked()).toBe(false);
  // An internal note is no answer to the customer: the mark stays.
  await page.getByText("Customer replied").first().waitFor();
  await shot(page, "42-staff-ticket-internal-note-stays-internal");

  await field(page, "Add a note").fill("A second internal note, still staff only.");
  await page.getByRole("button", { name: "Add note" }).click();
  await page.getByText("A second internal note, still staff only.").waitFor();
  const notes = (await staff("GET", `/api/staff/tickets/${ticket.id}`)).notes as { body: string; isPublic: boolean }[];
  expect(notes.filter((n) => n.body.includes("internal note") || n.body.includes("pallet")).map((n) => n.isPublic)).toEqual([false, false]);

  await page.getByLabel(/^Public/).check();
  await field(page, "Add a note").fill("New blades ship tomorrow.");
  await page.getByRole("button", { name: "Add note" }).click();
  await page.getByText("Reply sent to the customer").waitFor();
  await page.getByText("Customer replied").waitFor({ state: "detached" });
  expect(await page.getByLabel(/^Public/).isChecked()).toBe(true);
});

it("FIRST-11 the time-entry form says customers don't see time entries while Show time entries in the portal is off, with a link to the setting", async () => {
  await page.goto(`${p.url}/admin/tickets/${ticket.id}`);
  const notice = page.getByText("Customers don't see time entries:");
  await notice.waitFor();
  await page.getByLabel("Show the note to the customer once time entries are shown in the portal").waitFor();
  expect(await page.getByLabel("Note visible to the customer", { exact: true }).count()).toBe(0);
  await shot(page, "43-staff-time-entry-not-shown-notice");
  await page.setViewportSize({ width: 390, height: 844 });
  await shot(page, "44-staff-ticket-view-390px");
  await page.setViewportSize({ width: 1280, height: 800 });

  await page.getByRole("link", { name: "Show time entries in the portal" }).click();
  await page.getByRole("switch", { name: "Show time entries in the portal" }).waitFor();
  await shot(page, "45-settings-tickets-tab-from-notice");

  await staff("PATCH", "/api/staff/settings/tickets", { showTimeEntries: true });
  await page.goto(`${p.url}/admin/tickets/${ticket.id}`);
  await page.getByLabel("Note visible to the customer", { exact: true }).waitFor();
  expect(await page.getByText("Customers don't see time entries:").count()).toBe(0);
});

it("FIRST-7 the settings say where new portal tickets go, and statuses say whether they wait for the customer", async () => {
  await page.goto(`${p.url}/admin/settings`);
  const select = page.getByRole("combobox", { name: "New portal tickets go to" });
  await expect.poll(() => select.inputValue()).toBe("Ada Admin");
  await page.getByText("is assigned every ticket a customer raises in the portal").waitFor();
  await shot(page, "46-settings-new-portal-tickets-go-to");
  await choose(page, "New portal tickets go to", "Nobody");
  await page.getByText("With Nobody chosen, new portal tickets stay unassigned").waitFor();
  await page.getByRole("button", { name: "Save settings" }).click();
  await page.getByText("Settings saved").waitFor();
  expect((await staff("GET", "/api/staff/settings/portal")).newTicketAssigneeId).toBeNull();

  await page.getByRole("tab", { name: "Ticket lists" }).click();
  await page.getByRole("switch", { name: "Waits for the customer: Waiting for customer" }).waitFor();
  expect(await page.getByRole("switch", { name: "Waits for the customer: Waiting for customer" }).isChecked()).toBe(true);
  expect(await page.getByRole("switch", { name: "Waits for the customer: In progress" }).isChecked()).toBe(false);
  await shot(page, "47-settings-statuses-wait-for-customer");
});
