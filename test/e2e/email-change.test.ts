/** SET-1 in Chromium on a 390 px wide screen: a contact changes their email in My settings and confirms it by the emailed link. */
import type { Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { field, linkIn, type Portico, shot, startPortico } from "./browser.js";

let p: Portico;
beforeAll(async () => {
  p = await startPortico();
});
afterEach(() => p?.expectNoBrowserErrors());
afterAll(() => p?.close());

const PASSWORD = "a-long-portal-passphrase";
const phone = { width: 390, height: 844 };

/** Nothing on the page is wider than the screen. */
const expectNoSideways = async (page: Page) => expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(phone.width);

it("SET-1 a contact changes their email with their password; it changes when the link sent to the new address is opened", async () => {
  const api = await p.staffApi();
  const account = await api("POST", "/api/staff/accounts", { name: "Tailspin Toys" });
  const oldEmail = "robin@tailspin.test";
  const newEmail = "robin.new@tailspin.test";
  const c = await api("POST", "/api/staff/contacts", { firstName: "Robin", lastName: "Okafor", email: oldEmail, accountIds: [account.id] });
  await api("POST", `/api/staff/contacts/${c.id}/portal-access`, {});
  const token = new URL(linkIn((await p.waitForMail(oldEmail, /Activate/)).text)).searchParams.get("token");
  const set = await fetch(`${p.url}/api/portal/auth/set-password`, { method: "POST", headers: { "content-type": "application/json", "x-portico-csrf": "1" }, body: JSON.stringify({ token, password: PASSWORD }) });
  expect(set.status).toBe(200);

  const page = await p.newPage();
  await page.setViewportSize(phone);
  await page.goto(`${p.url}/portal/login`);
  await field(page, "Username").fill(oldEmail);
  await field(page, "Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Welcome, Robin" }).waitFor();
  await page.goto(`${p.url}/portal/settings`);
  await expect(field(page, "Current email address").inputValue()).resolves.toBe(oldEmail);

  // The form says what is wrong before anything is sent, and the server refuses a wrong password.
  await page.getByRole("button", { name: "Change email" }).click();
  await page.getByText("Enter the new email address").waitFor();
  await page.getByText("Enter your current password").waitFor();
  await field(page, "New email address").fill(oldEmail.toUpperCase());
  await page.getByRole("button", { name: "Change email" }).click();
  await page.getByText("This is already your email address").waitFor();
  await field(page, "New email address").fill(newEmail);
  await field(page, "Current password").fill("not-the-right-one");
  await page.getByRole("button", { name: "Change email" }).click();
  await page.getByText("is not your current password").waitFor();
  await field(page, "Current password").fill(PASSWORD);
  await page.getByRole("button", { name: "Change email" }).click();
  await page.getByText("Check your new inbox").waitFor();
  await page.getByText(`We have sent an email to ${newEmail}.`).waitFor();
  await expectNoSideways(page);
  await shot(page, "email-change-01-requested");

  const notice = await p.waitForMail(oldEmail, /is being changed/);
  expect(notice.text).toContain("ro***@tailspin.test");
  const mail = await p.waitForMail(newEmail, /Confirm your new email address/);
  const link = /(http:\/\/\S+\/portal\/confirm-email\?token=[\w-]+)/.exec(mail.text)?.[1];
  expect(link).toBeTruthy();

  // Opened in another browser, not signed in.
  const inbox = await p.newPage();
  await inbox.setViewportSize(phone);
  await inbox.goto(link!);
  await inbox.getByRole("button", { name: "Confirm new email address" }).waitFor();
  await inbox.waitForFunction(() => document.title.startsWith("Confirm your new email address · "), undefined, { timeout: 5_000 });
  await expectNoSideways(inbox);
  await shot(inbox, "email-change-02-confirm");
  await inbox.getByRole("button", { name: "Confirm new email address" }).click();
  await inbox.getByText(`Your email address is now ${newEmail}.`).waitFor();
  await shot(inbox, "email-change-03-confirmed");
  // The link works once.
  await inbox.reload();
  await inbox.getByRole("button", { name: "Confirm new email address" }).click();
  await inbox.getByText("Your email address was not changed").waitFor();
  await inbox.getByText("This link has expired or was already used").waitFor();

  await page.reload();
  await expect(field(page, "Current email address").inputValue()).resolves.toBe(newEmail);
  expect((await api("GET", `/api/staff/contacts/${c.id}`)).email).toBe(newEmail);
});
