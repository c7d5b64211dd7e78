/**
 * FIRST-8, FIRST-9, FIRST-10 in Chromium: a staff member resets a forgotten password from the sign-in page by the
 * emailed link; every form that sets a password ticks its rules as the person types; a link already used or
 * expired says so, with the way on, instead of the form.
 */
import { eq } from "drizzle-orm";
import type { Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { authTokens } from "../../src/server/db/schema/index.js";
import { hashToken } from "../../src/server/lib/tokens.js";
import { createTenant } from "../../src/server/modules/tenants/tenants.repo.js";
import { ADMIN } from "../harness.js";
import { choose, field, linkIn, type Mail, type Portico, shot, startPortico } from "./browser.js";

let p: Portico;
beforeAll(async () => {
  p = await startPortico();
});
afterEach(() => p?.expectNoBrowserErrors());
afterAll(() => p?.close());

const phone = { width: 390, height: 844 };
const STAFF = { name: "Morgan Lee", email: "morgan@company.test" };
const NEW_PASSWORD = "quiet harbour morning 7";

const resetLinkIn = (text: string) => {
  const m = /(http:\/\/\S+\/admin\/reset-password\?token=[\w-]+)/.exec(text);
  if (!m) throw new Error(`no staff reset link in: ${text}`);
  return m[1];
};

/** The next email to this address matching the subject, after the ones that arrived so far. */
async function nextMail(to: string, subject: RegExp, send: () => Promise<unknown>): Promise<Mail> {
  const matching = () => p.mails.filter((m) => m.to === to && subject.test(m.subject));
  const before = matching().length;
  await send();
  const deadline = Date.now() + 15_000;
  while (matching().length === before) {
    if (Date.now() > deadline) throw new Error(`no new mail to ${to} matching ${subject}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return matching().at(-1)!;
}

const post = (url: string, body: unknown, cookie?: string) =>
  fetch(`${p.url}${url}`, { method: "POST", headers: { "content-type": "application/json", "x-portico-csrf": "1", ...(cookie ? { cookie } : {}) }, body: JSON.stringify(body) });

/** One line of the password checklist under a new-password field, and whether it is ticked. */
const rule = (page: Page, label: string) => page.getByRole("list", { name: "Your password needs:" }).getByRole("listitem").filter({ hasText: label });
const ticked = async (page: Page, label: string) => (await rule(page, label).getAttribute("data-met")) === "true";
const everyRuleTicked = async (page: Page) => {
  const items = page.getByRole("list", { name: "Your password needs:" }).getByRole("listitem");
  return (await items.evaluateAll((els) => els.map((e) => e.getAttribute("data-met")))).every((m) => m === "true");
};
const expectNoSideways = async (page: Page) => expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(phone.width);

it("FIRST-8 FIRST-9 a staff member resets a forgotten password: sign-in page → Forgot your password? → emailed link → new password with a live checklist → signed in", async () => {
  const admin = await p.newPage();
  await admin.goto(`${p.url}/admin/login`);
  await field(admin, "Email").fill(ADMIN.email);
  await field(admin, "Password").fill(ADMIN.password);
  await admin.getByRole("button", { name: "Sign in" }).click();
  await admin.getByRole("heading", { name: "Tickets" }).waitFor();
  await admin.getByRole("link", { name: "Staff" }).click();
  await admin.getByRole("button", { name: "New staff user" }).click();
  await field(admin, "Name").fill(STAFF.name);
  await field(admin, "Email").fill(STAFF.email);
  await choose(admin, "Role", "Service desk");
  const initial = admin.getByLabel("Initial password");
  await initial.fill("Morgan Lee 2026");
  expect(await ticked(admin, "At least 12 characters")).toBe(true);
  expect(await ticked(admin, "Does not contain your name, email or username")).toBe(false);
  await shot(admin, "first9-staff-new-user-checklist");
  await initial.fill("first day passphrase 1");
  expect(await everyRuleTicked(admin)).toBe(true);
  await admin.getByRole("button", { name: "Create staff user" }).click();
  await admin.getByRole("cell", { name: STAFF.email }).waitFor();

  const page = await p.newPage();
  await page.setViewportSize(phone);
  await page.goto(`${p.url}/admin/login`);
  await shot(page, "first8-staff-login-forgot-link");
  await page.getByRole("link", { name: "Forgot your password?" }).click();
  await page.getByRole("heading", { name: "Reset your password" }).waitFor();
  await field(page, "Email").fill(STAFF.email);
  const mail = await nextMail(STAFF.email, /staff console password/, () => page.getByRole("button", { name: "Email me a link" }).click());
  await page.getByText("If this address belongs to a staff user, we have emailed them a link").waitFor();
  await shot(page, "first8-staff-forgot-sent");
  await expectNoSideways(page);

  const link = resetLinkIn(mail.text);
  await page.goto(link);
  await page.getByRole("heading", { name: "Choose a new password" }).waitFor();
  await expect(field(page, "Email").inputValue()).resolves.toBe(STAFF.email);
  const password = field(page, "New password");
  expect(await ticked(page, "At least 12 characters")).toBe(false);
  await password.fill("short");
  expect(await ticked(page, "At least 12 characters")).toBe(false);
  expect(await ticked(page, "Not a commonly used password")).toBe(true);
  await password.fill(`mine is ${STAFF.email}`);
  expect(await ticked(page, "At least 12 characters")).toBe(true);
  expect(await ticked(page, "Does not contain your name, email or username")).toBe(false);
  await shot(page, "first8-staff-reset-password-checklist");
  await expectNoSideways(page);
  await password.fill(NEW_PASSWORD);
  expect(await everyRuleTicked(page)).toBe(true);
  await page.getByLabel("Confirm new password").fill(NEW_PASSWORD);
  await page.getByRole("button", { name: "Set new password" }).click();

  await page.getByText("Your new password is set. Sign in with it.").waitFor();
  await shot(page, "first8-staff-login-after-reset");
  await field(page, "Email").fill(STAFF.email);
  await field(page, "Password").fill(NEW_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Tickets" }).waitFor();

  // FIRST-10: the same link again, once used.
  const again = await p.newPage();
  await again.goto(link);
  await again.getByText("This link was already used or has expired").waitFor();
  expect(await field(again, "New password").count()).toBe(0);
  await shot(again, "first10-staff-reset-link-used");
  await again.getByRole("link", { name: "Sign in" }).click();
  await again.getByRole("heading", { name: "Staff sign in" }).waitFor();
});

it("FIRST-10 an expired staff reset link shows the used-or-expired message and offers a new link", async () => {
  const mail = await nextMail(STAFF.email, /staff console password/, () => post("/api/staff/auth/forgot", { email: STAFF.email }));
  const link = resetLinkIn(mail.text);
  const token = new URL(link).searchParams.get("token")!;
  await p.c.deps.db.update(authTokens).set({ expiresAt: new Date(Date.now() - 60_000) }).where(eq(authTokens.tokenHash, hashToken(token)));
  const page = await p.newPage();
  await page.setViewportSize(phone);
  await page.goto(link);
  await page.getByText("This link was already used or has expired").waitFor();
  await shot(page, "first10-staff-reset-link-expired");
  await expectNoSideways(page);
  await page.getByRole("link", { name: "Ask for a new link" }).click();
  await page.getByRole("heading", { name: "Reset your password" }).waitFor();
});

it("FIRST-10 a used staff setup link says Portico is already set up, with a link to sign in", async () => {
  const page = await p.newPage();
  await page.goto(await p.c.services.staff.createSetupLink(p.tenantId));
  await page.getByText("This link was already used or has expired").waitFor();
  await page.getByText("Portico is already set up — sign in.").waitFor();
  expect(await page.getByLabel("Your name").count()).toBe(0);
  await shot(page, "first10-staff-setup-link-used");
  await page.getByRole("link", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Staff sign in" }).waitFor();
});

it("FIRST-9 FIRST-10 a contact's activation form ticks the rules as they type; the used link then says so and leads to sign-in; changing the password ticks them too", async () => {
  const api = await p.staffApi();
  const account = await api("POST", "/api/staff/accounts", { name: "Fabrikam" });
  const email = "dana@fabrikam.test";
  const c = await api("POST", "/api/staff/contacts", { firstName: "Dana", lastName: "Whitfield", email, accountIds: [account.id] });
  const mail = await nextMail(email, /Activate/, () => api("POST", `/api/staff/contacts/${c.id}/portal-access`, {}));
  const link = linkIn(mail.text);

  const page = await p.newPage();
  await page.setViewportSize(phone);
  await page.goto(link);
  const password = field(page, "New password");
  await password.waitFor();
  await password.fill("The Whitfield house 2026");
  expect(await ticked(page, "At least 12 characters")).toBe(true);
  expect(await ticked(page, "Does not contain your name, email or username")).toBe(false);
  await shot(page, "first9-portal-set-password-checklist");
  await expectNoSideways(page);
  await password.fill("a quiet orchard at noon");
  expect(await everyRuleTicked(page)).toBe(true);
  await page.getByLabel("Confirm new password").fill("a quiet orchard at noon");
  await page.getByRole("button", { name: "Set password" }).click();
  await page.getByText("Your password is set.").waitFor();

  await page.goto(link);
  await page.getByText("This link was already used or has expired").waitFor();
  expect(await field(page, "New password").count()).toBe(0);
  await shot(page, "first10-portal-link-used");
  await expectNoSideways(page);
  await page.getByRole("link", { name: "Sign in" }).click();
  await field(page, "Username").fill(email);
  await field(page, "Password").fill("a quiet orchard at noon");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Welcome, Dana" }).waitFor();

  await page.goto(`${p.url}/portal/settings?tab=password`);
  const next = field(page, "New password");
  await next.waitFor();
  await next.fill("dana");
  expect(await ticked(page, "At least 12 characters")).toBe(false);
  await next.fill("Dana's brand new password");
  expect(await ticked(page, "Does not contain your name, email or username")).toBe(false);
  await shot(page, "first9-portal-change-password-checklist");
  await next.fill("an evening by the lake");
  expect(await everyRuleTicked(page)).toBe(true);
});

it("FIRST-9 the first administrator's setup form ticks the password rules as they type", async () => {
  // A second company served at "localhost", without staff yet: its setup link shows the form.
  const tenant = await createTenant(p.c.deps.db, { name: "Second Company", host: "localhost", isDefault: false });
  const link = new URL(await p.c.services.staff.createSetupLink(tenant.id));
  link.hostname = "localhost";
  const page = await p.newPage();
  await page.setViewportSize(phone);
  await page.goto(link.toString());
  await field(page, "Your name").fill("Riley Stone");
  await field(page, "Email").fill("riley@second.test");
  const password = field(page, "Password");
  await password.fill("Riley Stone rocks");
  expect(await ticked(page, "At least 12 characters")).toBe(true);
  expect(await ticked(page, "Does not contain your name, email or username")).toBe(false);
  await shot(page, "first9-staff-setup-checklist");
  await expectNoSideways(page);
  await password.fill("opening the second office");
  expect(await everyRuleTicked(page)).toBe(true);
  await field(page, "Confirm password").fill("opening the second office");
  await page.getByRole("button", { name: "Create administrator" }).click();
  await page.getByRole("heading", { name: "Tickets" }).waitFor();
});
