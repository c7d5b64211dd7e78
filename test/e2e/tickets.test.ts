/** Tickets end to end in Chromium: a customer raises a ticket, staff work it, the customer follows it; scope by role. */
import { writeFileSync } from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { ADMIN } from "../harness.js";
import { choose, field, type Portico, shot, shotsDir, startPortico } from "./browser.js";

let p: Portico;
beforeAll(async () => {
  p = await startPortico();
});
afterEach(() => p?.expectNoBrowserErrors());
afterAll(() => p?.close());


it("TKT-1..TKT-5 ROL-4 a customer raises a ticket with a file; staff reply publicly and internally and log time; the customer sees what they may", async () => {
  const api = await p.staffApi();
  const roles = (await api("GET", "/api/staff/portal-roles")).items;
  const manager = roles.find((r: { name: string }) => r.name === "External Manager");
  const user = roles.find((r: { name: string }) => r.name === "External User");
  const account = await api("POST", "/api/staff/accounts", { name: "Fabrikam Inc", portalRoleId: user.id });
  // The default job the account came with (JOB-1), numbered and named as staff would.
  const [created] = (await api("GET", `/api/staff/accounts/${account.id}/jobs`)).items;
  const job = await api("PATCH", `/api/staff/jobs/${created.id}`, { number: "FAB-1", name: "Managed services" });
  const network = await api("POST", "/api/staff/lookups", { kind: "issue_type", name: "Network" });
  await api("POST", "/api/staff/lookups", { kind: "sub_issue_type", name: "Wi-Fi", parentId: network.id });
  await api("POST", "/api/staff/lookups", { kind: "site", name: "Head office", accountId: account.id });
  await api("PATCH", "/api/staff/settings/tickets", { submissionNotifyEmails: ["helpdesk@provider.test"], addTicketText: "For outages call 555-0100.", addTicketTextActive: true });

  const fiona = await p.portalUser([account.id], "Fiona", "Field", "fiona@fabrikam.test");
  const colin = await p.portalUser([account.id], "Colin", "Colleague", "colin@fabrikam.test");
  const cara = await p.portalUser([account.id], "Cara", "Chief", "cara@fabrikam.test");
  // Fiona gets the full form (External Manager) in this account; Cara is client administrator.
  await api("PATCH", `/api/staff/accounts/${account.id}/contacts/${fiona.id}`, { portalRoleId: manager.id });
  await api("PATCH", `/api/staff/accounts/${account.id}/contacts/${cara.id}`, { clientAdmin: true });

  // Colin raises a ticket of his own first.
  const colinPage = await p.portalPage(colin.email);
  await colinPage.goto(`${p.url}/portal/tickets/new`);
  await field(colinPage, "Title").fill("Colin's printer jams");
  await colinPage.getByRole("button", { name: "Create ticket" }).click();
  await colinPage.getByRole("heading", { name: /Colin's printer jams/ }).waitFor();

  // Fiona raises a ticket on the full form with an attachment.
  const fionaPage = await p.portalPage(fiona.email);
  await fionaPage.getByRole("link", { name: "Tickets" }).first().click();
  await fionaPage.getByRole("link", { name: "Raise a ticket" }).click();
  await fionaPage.getByText("For outages call 555-0100.").waitFor();
  await expect(fionaPage.getByRole("combobox", { name: /^Job/ }).inputValue()).resolves.toContain("FAB-1");
  await field(fionaPage, "Title").fill("Wi-Fi drops every hour");
  await field(fionaPage, "Details").fill("Since Monday the office Wi-Fi disconnects on the hour.");
  await choose(fionaPage, "Site", "Head office");
  await choose(fionaPage, "Issue type", "Network");
  await choose(fionaPage, "Sub-issue type", "Wi-Fi");
  const logFile = path.join(shotsDir, "wifi-log.txt");
  writeFileSync(logFile, "10:00 disconnect\n11:00 disconnect\n");
  await fionaPage.locator('input[type="file"]').setInputFiles(logFile);
  await shot(fionaPage, "20-portal-new-ticket-full-form");
  await fionaPage.getByRole("button", { name: "Create ticket" }).click();
  await fionaPage.getByRole("heading", { name: /Wi-Fi drops every hour/ }).waitFor();
  await fionaPage.getByRole("link", { name: "wifi-log.txt" }).waitFor();
  await shot(fionaPage, "21-portal-ticket-created");
  await p.waitForMail("helpdesk@provider.test", /Wi-Fi drops every hour/);

  // Staff work the ticket in the console.
  const staff = await p.newPage();
  await staff.goto(`${p.url}/admin/login`);
  await field(staff, "Email").fill(ADMIN.email);
  await field(staff, "Password").fill(ADMIN.password);
  await staff.getByRole("button", { name: "Sign in" }).click();
  await staff.getByRole("link", { name: "Wi-Fi drops every hour" }).click();
  await staff.getByText("Since Monday the office Wi-Fi").waitFor();
  await field(staff, "Add a note").fill("We are replacing the access point today.");
  await staff.getByRole("button", { name: "Add note" }).click();
  await staff.getByText("We are replacing the access point today.").waitFor();
  await field(staff, "Add a note").fill("Vendor ticket 4711 opened; firmware bug suspected.");
  await staff.getByLabel("Internal (staff only)").check();
  await staff.getByRole("button", { name: "Add note" }).click();
  await staff.getByText("Vendor ticket 4711 opened").waitFor();
  await field(staff, "Start").fill("2026-11-20T09:00");
  await field(staff, "End").fill("2026-11-20T10:30");
  await field(staff, "Time note").fill("Swapped the access point");
  // Time entries are not shown in the portal yet: the checkbox says when the note will be seen.
  await staff.getByLabel("Show the note to the customer once time entries are shown in the portal").check();
  await staff.getByRole("button", { name: "Log time" }).click();
  await staff.getByRole("cell", { name: "1.5" }).waitFor();
  await shot(staff, "22-staff-ticket-worked");
  await staff.getByRole("link", { name: "Tickets" }).click();
  await staff.getByRole("link", { name: "Wi-Fi drops every hour" }).waitFor();
  await shot(staff, "23-staff-ticket-queue");

  // The customer sees the public note, never the internal one; time entries follow the settings.
  const reply = await p.waitForMail(fiona.email, /Wi-Fi drops every hour/);
  expect(reply.text).toContain("We are replacing the access point today.");
  expect(reply.text).not.toContain("Vendor ticket 4711");
  await fionaPage.reload();
  await fionaPage.getByText("We are replacing the access point today.").waitFor();
  expect(await fionaPage.getByText("Vendor ticket 4711").count()).toBe(0);
  expect(await fionaPage.getByRole("heading", { name: "Time entries" }).count()).toBe(0);
  await api("PATCH", "/api/staff/settings/tickets", { showTimeEntries: true });
  await fionaPage.reload();
  await fionaPage.getByRole("heading", { name: "Time entries" }).waitFor();
  await fionaPage.getByRole("cell", { name: "Ada Admin" }).waitFor();
  expect(await fionaPage.getByRole("columnheader", { name: "Hours" }).count()).toBe(0);
  await shot(fionaPage, "24-portal-time-names-only");
  await api("PATCH", `/api/staff/jobs/${job.id}`, { hoursVisible: true });
  await fionaPage.reload();
  await fionaPage.getByRole("columnheader", { name: "Hours" }).waitFor();
  await fionaPage.getByRole("cell", { name: "1.5" }).waitFor();
  await shot(fionaPage, "25-portal-time-with-hours");

  // Scope: an External User does not see a colleague's ticket; the client administrator does.
  await colinPage.goto(`${p.url}/portal/tickets`);
  await colinPage.getByRole("link", { name: "Colin's printer jams" }).waitFor();
  expect(await colinPage.getByRole("link", { name: "Wi-Fi drops every hour" }).count()).toBe(0);
  await shot(colinPage, "26-portal-external-user-list");
  const caraPage = await p.portalPage(cara.email);
  await caraPage.goto(`${p.url}/portal/tickets`);
  await caraPage.getByRole("link", { name: "Wi-Fi drops every hour" }).waitFor();
  await caraPage.getByRole("link", { name: "Colin's printer jams" }).waitFor();
  await shot(caraPage, "27-portal-client-admin-list");
});

/** The API requests a page makes from now on, as "METHOD /path". */
function apiCalls(page: Page) {
  const calls: string[] = [];
  page.on("request", (r) => {
    const u = new URL(r.url());
    if (u.pathname.startsWith("/api/")) calls.push(`${r.method()} ${u.pathname}`);
  });
  return calls;
}

it("the portal's tickets page, opened afresh, asks the API twice (who am I, the tickets); the sign-in page needs no request for the portal's facts", async () => {
  const api = await p.staffApi();
  const name = "Northwind <Support> & Co";
  await api("PATCH", "/api/staff/settings/portal", { portalName: name });
  const account = await api("POST", "/api/staff/accounts", { name: "Northwind Traders" });
  const nadia = await p.portalUser([account.id], "Nadia", "North", "nadia@fabrikam.test");
  const page = await p.portalPage(nadia.email);

  const calls = apiCalls(page);
  await page.goto(`${p.url}/portal/tickets`);
  await page.getByRole("link", { name: "Raise a ticket" }).waitFor();
  await page.getByText("You have no tickets yet.").waitFor();
  await page.waitForLoadState("networkidle");
  await shot(page, "28-portal-tickets-fresh-load");
  expect(calls.length, calls.join(", ")).toBeLessThanOrEqual(2);
  expect([...calls].sort()).toEqual(["GET /api/portal/me", "GET /api/portal/tickets"]);

  // The portal's name and state come with the HTML of the sign-in page.
  const visitor = await p.newPage();
  const visitorCalls = apiCalls(visitor);
  await visitor.goto(`${p.url}/portal/login`);
  await visitor.getByRole("heading", { name }).waitFor();
  await visitor.waitForLoadState("networkidle");
  expect(await visitor.title()).toBe(`Sign in · ${name}`);
  expect(visitorCalls).toEqual([]);
});
