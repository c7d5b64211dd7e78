/** The whole portal-access journey in Chromium: staff grant access, the contact activates by the emailed link and uses the portal. */
import { Secret, TOTP } from "otpauth";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { ADMIN } from "../harness.js";
import { choose, field, linkIn, type Portico, shot, startPortico } from "./browser.js";

let p: Portico;
beforeAll(async () => {
  p = await startPortico();
});
afterEach(() => p?.expectNoBrowserErrors());
afterAll(() => p?.close());

it("ACC-1 ACC-3 ROL-5 SET-1 ACC-13 staff grant access; the contact activates, signs in, switches account, changes password and signs in with two-factor", async () => {
  const staff = await p.newPage();
  await staff.goto(`${p.url}/admin/`);
  await field(staff, "Email").fill(ADMIN.email);
  await field(staff, "Password").fill(ADMIN.password);
  await shot(staff, "01-staff-login");
  await staff.getByRole("button", { name: "Sign in" }).click();
  await staff.getByRole("heading", { name: "Tickets" }).waitFor();

  for (const name of ["Northwind Traders", "Contoso Ltd"]) {
    await staff.getByRole("link", { name: "Accounts" }).click();
    await staff.getByRole("button", { name: "New account" }).click();
    await field(staff, "Name").fill(name);
    await staff.getByRole("button", { name: "Create account" }).click();
    await staff.getByRole("heading", { name }).waitFor();
  }
  await shot(staff, "02-staff-account");

  await staff.getByRole("link", { name: "Contacts" }).click();
  await staff.getByRole("button", { name: "New contact" }).click();
  await field(staff, "First name").fill("Jamie");
  await field(staff, "Last name").fill("Rivera");
  await field(staff, "Email").fill("jamie@northwind.test");
  await choose(staff, "Accounts", "Northwind Traders");
  await choose(staff, "Accounts", "Contoso Ltd");
  await staff.keyboard.press("Escape");
  await staff.getByRole("button", { name: "Create contact" }).click();
  await staff.getByRole("heading", { name: "Jamie Rivera" }).waitFor();
  await expect(field(staff, "Username").inputValue()).resolves.toBe("jamie@northwind.test");
  await shot(staff, "03-staff-contact-before-grant");
  await staff.getByRole("button", { name: "Grant access" }).click();
  await staff.getByText("Invited (inactive)").first().waitFor();
  await staff.getByText("Activation email sent").waitFor();
  await shot(staff, "04-staff-contact-invited");

  const mail = await p.waitForMail("jamie@northwind.test", /Activate/);
  const customer = await p.newPage();
  await customer.goto(linkIn(mail.text));
  await field(customer, "Username").waitFor();
  await expect(field(customer, "Username").inputValue()).resolves.toBe("jamie@northwind.test");
  await field(customer, "New password").fill("short");
  await field(customer, "Confirm new password").fill("short");
  await customer.getByRole("button", { name: "Set password" }).click();
  await customer.getByText("must be at least 12 characters").waitFor();
  await shot(customer, "05-portal-set-password-error");
  await field(customer, "New password").fill("northwind-harbour-lights");
  await field(customer, "Confirm new password").fill("northwind-harbour-lights");
  await customer.getByRole("button", { name: "Set password" }).click();
  await customer.getByText("Your password is set.").waitFor();
  await customer.getByRole("link", { name: "Sign in" }).click();

  await field(customer, "Username").fill("jamie@northwind.test");
  await field(customer, "Password").fill("northwind-harbour-lights");
  await shot(customer, "06-portal-login");
  await customer.getByRole("button", { name: "Sign in" }).click();
  await customer.getByRole("heading", { name: "Welcome, Jamie" }).waitFor();
  await customer.getByText("You are viewing Contoso Ltd").waitFor();
  await shot(customer, "07-portal-home");

  await choose(customer, "Current view", "Northwind Traders");
  await customer.getByText("You are viewing Northwind Traders").waitFor();
  await shot(customer, "08-portal-switched-account");

  await customer.getByRole("button", { name: "Jamie Rivera" }).click();
  await customer.getByRole("menuitem", { name: "My settings" }).click();
  await customer.getByRole("tab", { name: "Password" }).click();
  // The Profile tab has a "Current password" field too (Change email): wait until the Password tab shows.
  await field(customer, "New password").waitFor();
  await field(customer, "Current password").fill("northwind-harbour-lights");
  await field(customer, "New password").fill("contoso-evening-tide");
  await field(customer, "Confirm new password").fill("contoso-evening-tide");
  await customer.getByRole("button", { name: "Change password" }).click();
  await customer.getByText("Password changed").waitFor();
  await shot(customer, "09-portal-password-changed");

  await customer.getByRole("tab", { name: "Two-factor" }).click();
  await customer.getByRole("button", { name: "Set up two-factor" }).click();
  await customer.getByAltText("QR code for your authenticator app").waitFor();
  const secret = (await customer.locator("code").first().textContent())!.trim();
  const totp = new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30 });
  await field(customer, "Code from your app").fill(totp.generate());
  await shot(customer, "10-portal-two-factor-setup");
  await customer.getByRole("button", { name: "Turn on two-factor" }).click();
  await customer.getByText("Save these recovery codes").waitFor();
  await shot(customer, "11-portal-recovery-codes");
  await customer.getByRole("button", { name: "I have saved these" }).click();
  await customer.getByText("Two-factor sign-in is on.").waitFor();

  await customer.getByRole("button", { name: "Jamie Rivera" }).click();
  await customer.getByRole("menuitem", { name: "Sign out", exact: true }).click();
  await field(customer, "Username").fill("jamie@northwind.test");
  await field(customer, "Password").fill("contoso-evening-tide");
  await customer.getByRole("button", { name: "Sign in" }).click();
  await field(customer, "Authentication code").fill(totp.generate());
  await shot(customer, "12-portal-login-two-factor");
  await customer.getByRole("button", { name: "Sign in" }).click();
  await customer.getByRole("heading", { name: "Welcome, Jamie" }).waitFor();

  // Staff see the whole story in the portal history.
  await staff.reload();
  await staff.getByText("Two-factor authentication enabled").waitFor();
  await staff.getByText("Password changed").first().waitFor();
  await shot(staff, "13-staff-portal-history");
  // Staff read the activation email in the email log.
  await staff.getByRole("link", { name: "Email log" }).click();
  await staff.getByText("jamie@northwind.test").first().waitFor();
  await shot(staff, "14-staff-email-log");
});
