/**
 * The first day in Chromium, without dead ends: a new account takes tickets at once and the portal says why when a
 * contact cannot; a duplicate contact becomes a second account of the same person; a batch grant counts and fixes
 * its refusals in place; staff "New ticket" picks the default job; the portal-access panel and staff page offer
 * only what will work.
 */
import type { Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { accounts } from "../../src/server/db/schema/index.js";
import { choose, field, type Portico, shot, startPortico } from "./browser.js";

let p: Portico;
let api: Awaited<ReturnType<Portico["staffApi"]>>;
beforeAll(async () => {
  p = await startPortico();
  api = await p.staffApi();
});
afterEach(() => p?.expectNoBrowserErrors());
afterAll(() => p?.close());


async function staffSignIn(): Promise<Page> {
  const page = await p.staffPage();
  return page;
}

const defaultJobOf = async (accountId: string) => ((await api("GET", `/api/staff/accounts/${accountId}/jobs`)).items as { id: string; isDefault: boolean }[]).find((j) => j.isDefault)!;

it("FIRST-1 JOB-1 a new account takes tickets at once; a contact who cannot raise one is told why and whom to ask instead of a link that is refused", async () => {
  const staff = await staffSignIn();
  await staff.getByRole("link", { name: "Accounts" }).click();
  await staff.getByRole("button", { name: "New account" }).click();
  await field(staff, "Name").fill("Bright Dental");
  await staff.getByRole("button", { name: "Create account" }).click();
  await staff.getByRole("heading", { name: "Bright Dental" }).waitFor();
  await staff.getByText("Default job").waitFor();
  await staff.getByText(/^JOB-\d+ · Bright Dental$/).waitFor();
  await shot(staff, "first-01-new-account-default-job");

  const bright = (await api("GET", "/api/staff/accounts?q=Bright")).items[0];
  const bea = await p.portalUser([bright.id], "Bea", "Bright");
  const page = await p.portalPage(bea.email);
  await page.getByRole("link", { name: "raise a new one" }).waitFor();
  await page.getByRole("link", { name: "Follow your tickets" }).click();
  await page.getByRole("link", { name: "Raise a ticket" }).click();
  await field(page, "Title").fill("A tooth chart printer is offline");
  await page.getByText("Click or drop files").waitFor();
  await page.getByRole("button", { name: "Create ticket" }).click();
  await page.getByRole("heading", { name: /A tooth chart printer is offline/ }).waitFor();

  // A role without "create tickets": the list says so and names the default job's manager to ask.
  const me = await api("GET", "/api/staff/me");
  const viewers = await api("POST", "/api/staff/portal-roles", { name: "Viewers only", permissions: ["tickets.view_own"], quickForm: true, visibleFields: [] });
  const readOnly = await api("POST", "/api/staff/accounts", { name: "Read Only Ltd", portalRoleId: viewers.id });
  await api("PATCH", `/api/staff/jobs/${(await defaultJobOf(readOnly.id)).id}`, { managerStaffId: me.id });
  const vic = await p.portalUser([readOnly.id], "Vic", "Viewer");
  const vicPage = await p.portalPage(vic.email);
  await vicPage.getByRole("link", { name: "Follow your tickets" }).waitFor();
  expect(await vicPage.getByRole("link", { name: "raise a new one" }).count()).toBe(0);
  await vicPage.getByRole("link", { name: "Follow your tickets" }).click();
  await vicPage.getByText("Your role in Read Only Ltd does not let you raise tickets. Ask Ada Admin to change your portal role.").waitFor();
  expect(await vicPage.getByRole("link", { name: "Raise a ticket" }).count()).toBe(0);
  await shot(vicPage, "first-02-portal-role-cannot-raise");
  await vicPage.goto(`${p.url}/portal/tickets/new`);
  await vicPage.getByText("Your role in Read Only Ltd does not let you raise tickets.", { exact: false }).waitFor();
  expect(await vicPage.getByText("Please contact support").count()).toBe(0);
  await shot(vicPage, "first-03-portal-new-ticket-direct-refused");

  // No job takes portal tickets: the reason and the ask change with it.
  await api("PATCH", `/api/staff/jobs/${(await defaultJobOf(bright.id)).id}`, { customersAddTickets: false, managerStaffId: me.id });
  await page.getByRole("link", { name: "Tickets" }).first().click();
  await page.getByText("No job of Bright Dental takes tickets from the portal. Ask Ada Admin to open one.").waitFor();
  expect(await page.getByRole("link", { name: "Raise a ticket" }).count()).toBe(0);
  await shot(page, "first-04-portal-no-job-cannot-raise");
  await page.goto(`${p.url}/portal/tickets/new`);
  await page.getByText("No job of Bright Dental takes tickets from the portal.", { exact: false }).waitFor();
});

it("FIRST-6 ROL-5 a new contact with an existing contact's email is offered as that contact's new account instead; the contact then has both accounts", async () => {
  const first = await api("POST", "/api/staff/accounts", { name: "Harbour Legal" });
  await api("POST", "/api/staff/accounts", { name: "Harbour Estates" });
  const jamie = await api("POST", "/api/staff/contacts", { firstName: "Jamie", lastName: "Rivera", email: "jamie@harbour.test", accountIds: [first.id] });

  const staff = await staffSignIn();
  await staff.getByRole("link", { name: "Contacts" }).click();
  await staff.getByRole("button", { name: "New contact" }).click();
  await field(staff, "First name").fill("Jamie");
  await field(staff, "Last name").fill("R.");
  await field(staff, "Email").fill("Jamie@Harbour.test");
  await choose(staff, "Accounts", "Harbour Estates");
  await staff.keyboard.press("Escape");
  await staff.getByRole("button", { name: "Create contact" }).click();
  await staff.getByText("Jamie Rivera already has this email address.").waitFor();
  await shot(staff, "first-05-duplicate-contact-offer");
  await staff.getByRole("button", { name: "Add Harbour Estates to Jamie Rivera instead" }).click();
  await staff.getByRole("heading", { name: "Jamie Rivera" }).waitFor();
  await staff.getByText("Harbour Estates added to Jamie Rivera").waitFor();
  await shot(staff, "first-06-duplicate-contact-joined");
  const after = await api("GET", `/api/staff/contacts/${jamie.id}`);
  expect(after.accounts.map((a: { name: string }) => a.name)).toEqual(["Harbour Estates", "Harbour Legal"]);
  expect((await api("GET", "/api/staff/contacts?q=jamie")).total).toBe(1);
});

it("FIRST-12 ACC-10 batch grant counts what it did, fixes refused rows in place, and never offers to grant to nobody", async () => {
  const account = await api("POST", "/api/staff/accounts", { name: "Batch Bakery" });
  const holder = await api("POST", "/api/staff/contacts", { firstName: "Hal", lastName: "Holder", email: "hal@bakery.test", accountIds: [account.id] });
  await api("POST", `/api/staff/contacts/${holder.id}/portal-access`, { username: "nina@bakery.test", sendActivationEmail: false });
  await api("POST", "/api/staff/contacts", { firstName: "Nina", lastName: "Named", email: "nina@bakery.test", accountIds: [account.id] });
  await api("POST", "/api/staff/contacts", { firstName: "Ned", lastName: "Nomail", accountIds: [account.id] });
  await api("POST", "/api/staff/contacts", { firstName: "Fay", lastName: "Fine", email: "fay@bakery.test", accountIds: [account.id] });

  const staff = await staffSignIn();
  await staff.getByRole("link", { name: "Contacts" }).click();
  // The tickets page left behind has an Account filter of its own.
  await staff.getByRole("heading", { name: "Contacts" }).waitFor();
  await choose(staff, "Account", "Batch Bakery");
  await staff.getByRole("checkbox", { name: "Select Hal Holder" }).check();
  await staff.getByRole("button", { name: "Grant portal access (0)" }).waitFor();
  expect(await staff.getByRole("button", { name: "Grant portal access (0)" }).isDisabled()).toBe(true);
  await staff.getByText("None of the selected contacts can be granted access: they already have it or wait for sign-up approval.").waitFor();
  await shot(staff, "first-07-batch-nothing-eligible");

  for (const name of ["Nina Named", "Ned Nomail", "Fay Fine"]) await staff.getByRole("checkbox", { name: `Select ${name}` }).check();
  await staff.getByRole("button", { name: "Grant portal access (3)" }).click();
  const dialog = staff.getByRole("dialog", { name: "Grant portal access" });
  await dialog.getByText("1 other selected contact is left out", { exact: false }).waitFor();
  await dialog.getByRole("radio", { name: "Do not send an email now" }).check();
  await dialog.getByRole("button", { name: "Grant access to 3" }).click();
  await dialog.getByText("1 granted, 2 refused").waitFor();
  await shot(staff, "first-08-batch-result-refused");

  await dialog.getByRole("button", { name: "Generate a username" }).click();
  await expect(dialog.getByRole("textbox", { name: /^Username for Nina Named/ }).inputValue()).resolves.toBe("nnamed");
  await dialog.getByRole("button", { name: "Grant with this username" }).click();
  await dialog.getByText("2 granted, 1 refused").waitFor();
  await dialog.getByText("Access granted, username nnamed").waitFor();
  await dialog.getByRole("textbox", { name: /^Email address of Ned Nomail/ }).fill("ned@bakery.test");
  await shot(staff, "first-09-batch-fix-in-place");
  await dialog.getByRole("button", { name: "Save and grant" }).click();
  await dialog.getByText("3 granted, 0 refused").waitFor();
  await shot(staff, "first-10-batch-all-granted");
  const statuses = (await api("GET", `/api/staff/contacts?accountId=${account.id}`)).items.map((c: { name: string; portal: { status: string } }) => [c.name, c.portal.status]);
  expect(statuses.sort()).toEqual([["Fay Fine", "invited"], ["Hal Holder", "invited"], ["Ned Nomail", "invited"], ["Nina Named", "invited"]]);
});

it("FIRST-13 JOB-1 staff New ticket preselects the chosen account's default job; an account without an open job says so and links to adding one", async () => {
  const account = await api("POST", "/api/staff/accounts", { name: "Cobalt Clinic", number: "COB" });
  await api("POST", `/api/staff/accounts/${account.id}/jobs`, { number: "COB-PROJ", name: "Website project", visibleInPortal: true, customersAddTickets: true, copyEmailsToManager: false, hoursVisible: false });
  // An account from before accounts came with a job.
  const [legacy] = await p.c.deps.db.insert(accounts).values({ tenantId: p.tenantId, name: "Legacy Lab" }).returning({ id: accounts.id });

  const staff = await staffSignIn();
  await staff.getByRole("button", { name: "New ticket" }).click();
  const dialog = staff.getByRole("dialog", { name: "New ticket" });
  // The list behind the dialog has an Account filter of its own.
  const pickAccount = async (name: string) => {
    await dialog.getByRole("combobox", { name: /^Account/ }).click();
    await staff.getByRole("option", { name, exact: true }).click();
  };
  await pickAccount("Cobalt Clinic");
  const job = dialog.getByRole("combobox", { name: /^Job/ });
  await expect.poll(() => job.inputValue()).toBe("COB-1 · Cobalt Clinic (default)");
  await shot(staff, "first-11-staff-new-ticket-default-job");

  await pickAccount("Legacy Lab");
  await dialog.getByText("Legacy Lab has no open job, so it cannot take tickets yet.").waitFor();
  expect(await dialog.getByRole("button", { name: "Create ticket" }).isDisabled()).toBe(true);
  await shot(staff, "first-12-staff-new-ticket-no-job");
  await staff.getByRole("link", { name: "Add a job on the account page" }).click();
  await staff.waitForURL(`**/admin/accounts/${legacy.id}`);
  await staff.getByRole("heading", { name: "Legacy Lab" }).waitFor();
  await staff.getByText("No jobs yet.", { exact: false }).waitFor();
});

it("FIRST-15 Revoke is outlined and asks first; yourself you cannot disable, so no switch is offered; a role change updates its user count at once", async () => {
  const account = await api("POST", "/api/staff/accounts", { name: "Quiet Quarry" });
  const quinn = await p.portalUser([account.id], "Quinn", "Quarry");
  const roles = (await api("GET", "/api/staff/roles")).items as { id: string; name: string; userCount: number }[];
  const desk = roles.find((r) => r.name === "Service desk")!;
  await api("POST", "/api/staff/users", { name: "Sam Servicedesk", email: "sam@provider.test", roleId: desk.id, password: "a staff passphrase long enough" });

  const staff = await staffSignIn();
  await staff.goto(`${p.url}/admin/contacts/${quinn.id}`);
  const revoke = staff.getByRole("button", { name: "Revoke access" });
  await revoke.waitFor();
  expect(await revoke.getAttribute("data-variant")).toBe("outline");
  for (const other of ["Send password reset", "Send login", "Disable access"]) expect(await staff.getByRole("button", { name: other }).getAttribute("data-variant")).toBe("light");
  await shot(staff, "first-13-portal-access-panel");
  await revoke.click();
  await staff.getByRole("dialog", { name: "Revoke portal access?" }).waitFor();
  await shot(staff, "first-14-revoke-confirmation");
  await staff.getByRole("dialog").getByRole("button", { name: "Cancel" }).click();
  expect((await api("GET", `/api/staff/contacts/${quinn.id}`)).portal.status).toBe("active");

  await staff.getByRole("link", { name: "Staff" }).click();
  await staff.getByRole("switch", { name: "Enabled: Sam Servicedesk" }).waitFor();
  expect(await staff.getByRole("switch", { name: "Enabled: Ada Admin" }).count()).toBe(0);
  expect(await staff.getByRole("combobox", { name: "Role of Ada Admin" }).count()).toBe(0);
  await staff.getByText("You (cannot disable yourself)").waitFor();
  const usersOf = (role: string) => staff.getByRole("row", { name: new RegExp(`^${role}`) }).getByRole("cell").nth(2);
  await expect.poll(() => usersOf("Service desk").textContent()).toBe("1");
  await choose(staff, "Role of Sam Servicedesk", "Administrator");
  await expect.poll(() => usersOf("Service desk").textContent()).toBe("0");
  await expect.poll(() => usersOf("Administrator").textContent()).toBe("2");
  await shot(staff, "first-15-staff-page");
});
