/**
 * The README's quick start, followed in Chromium from a fresh install: the first administrator from the setup
 * link, an account, a contact granted access, the customer's first ticket with a file (and a refused second
 * one), the administrator emailed about it, a reply, and the emailed link opened signed out landing on the ticket.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { choose, expectAccessible, field, linkIn, type Portico, shot, shotsDir, startPortico } from "./browser.js";

let p: Portico;
beforeAll(async () => {
  p = await startPortico({ freshInstall: true });
});
afterEach(() => p?.expectNoBrowserErrors());
afterAll(() => p?.close());

const ADMIN = { name: "Morgan Owner", email: "morgan@fabrikam.test", password: "fabrikam-owner-passphrase" };
const CUSTOMER = { email: "jamie@northwind.test", password: "northwind-harbour-lights" };
const ticketLink = (text: string) => {
  const m = /(http:\/\/\S+\/(?:portal|admin)\/tickets\/[0-9a-f-]{36}(?:\?account=[0-9a-f-]{36})?)/.exec(text);
  if (!m) throw new Error(`no ticket link in: ${text}`);
  return m[1];
};

it("FIRST-1 FIRST-2 FIRST-4 FIRST-7 from a fresh install to a customer's first ticket, the administrator emailed, and the emailed reply link landing on the ticket after sign-in", async () => {
  // npm start printed the one-time setup link.
  const staff = await p.newPage();
  await staff.goto(p.setupLink!);
  await field(staff, "Your name").fill(ADMIN.name);
  await field(staff, "Email").fill(ADMIN.email);
  await field(staff, "Password").fill(ADMIN.password);
  await field(staff, "Confirm password").fill(ADMIN.password);
  await staff.getByRole("button", { name: "Create administrator" }).click();
  await staff.getByRole("region", { name: "Getting started" }).waitFor();

  // "Create an account, add a contact with an email address, and press Grant access."
  await staff.getByRole("link", { name: "Accounts" }).first().click();
  await staff.getByRole("button", { name: "New account" }).click();
  await field(staff, "Name").fill("Northwind Traders");
  await staff.getByRole("button", { name: "Create account" }).click();
  await staff.getByRole("heading", { name: "Northwind Traders" }).waitFor();
  await staff.getByRole("link", { name: "Contacts" }).first().click();
  await staff.getByRole("button", { name: "New contact" }).click();
  await field(staff, "First name").fill("Jamie");
  await field(staff, "Last name").fill("Rivera");
  await field(staff, "Email").fill(CUSTOMER.email);
  await choose(staff, "Accounts", "Northwind Traders");
  await staff.keyboard.press("Escape");
  await staff.getByRole("button", { name: "Create contact" }).click();
  await staff.getByRole("heading", { name: "Jamie Rivera" }).waitFor();
  await staff.getByRole("button", { name: "Grant access" }).click();
  await shot(staff, "journey-granted");

  // The customer activates from the email and signs in.
  const activation = await p.waitForMail(CUSTOMER.email, /Activate|Welcome/);
  const customer = await p.newPage();
  await customer.goto(linkIn(activation.text));
  await field(customer, "New password").fill(CUSTOMER.password);
  await field(customer, "Confirm new password").fill(CUSTOMER.password);
  await customer.getByRole("button", { name: "Set password" }).click();
  await customer.getByRole("link", { name: "Sign in" }).or(customer.getByRole("button", { name: "Sign in" })).first().click();
  await field(customer, "Username").fill(CUSTOMER.email);
  await field(customer, "Password").fill(CUSTOMER.password);
  await customer.getByRole("button", { name: "Sign in" }).click();
  await customer.getByRole("heading", { name: /Welcome, Jamie/ }).waitFor();

  // The new account's default job takes the ticket at once; a second, refused file is named and asked about.
  await customer.getByRole("link", { name: "Tickets", exact: true }).click();
  await customer.getByRole("link", { name: "Raise a ticket" }).click();
  await field(customer, "Title").fill("VPN drops every hour");
  await customer.getByLabel("Details").fill("Since Monday the VPN disconnects on the hour.");
  const log = path.join(shotsDir, "vpn-client.log");
  const big = path.join(shotsDir, "vpn-capture.zip");
  writeFileSync(log, "12:00 disconnected\n13:00 disconnected\n");
  writeFileSync(big, Buffer.alloc(10 * 1024 * 1024 + 1, 1));
  await customer.locator('input[type="file"]').setInputFiles([log, big]);
  await customer.getByRole("alert").filter({ hasText: "“vpn-capture.zip” cannot be attached: it is larger than 10 MB." }).waitFor();
  await customer.getByRole("button", { name: "Create ticket" }).click();
  await customer.getByRole("button", { name: "Create without it" }).click();
  await customer.waitForURL(/\/portal\/tickets\/[0-9a-f-]{36}$/);
  await customer.getByRole("link", { name: "vpn-client.log" }).waitFor();
  await expectAccessible(customer, "the customer's new ticket");
  await shot(customer, "journey-ticket");

  // The first administrator hears about it.
  const told = await p.waitForMail(ADMIN.email, /VPN drops every hour/);
  await staff.goto(ticketLink(told.text));
  await staff.getByLabel("Add a note").fill("We are looking at the VPN gateway now.");
  await staff.getByRole("button", { name: "Add note" }).click();
  await staff.getByText("Reply sent to the customer").waitFor();

  // The reply's link, opened signed out, lands on the ticket once the customer signs in.
  const reply = await p.waitForMail(CUSTOMER.email, /VPN drops every hour/);
  const away = await p.newPage();
  await away.goto(ticketLink(reply.text));
  await away.waitForURL(/\/portal\/login\?next=/);
  await field(away, "Username").fill(CUSTOMER.email);
  await field(away, "Password").fill(CUSTOMER.password);
  await away.getByRole("button", { name: "Sign in" }).click();
  await away.waitForURL(ticketLink(reply.text));
  await away.getByText("We are looking at the VPN gateway now.").waitFor();
  await away.setViewportSize({ width: 390, height: 844 });
  await expectAccessible(away, "the ticket at 390 px");
  await shot(away, "journey-landed-390");
  expect(await away.title()).toMatch(/VPN drops every hour/);
});
