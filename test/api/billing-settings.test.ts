/** What the tenant sets up for contracts, invoices and projects (CON-1, INV-1, PRJ-1). */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createTestApp, staffLogin, type TestApp } from "../harness.js";
import { makeStaffUser } from "./ticket-fixture.js";

let t: TestApp;
let staff: string;
beforeAll(async () => {
  t = await createTestApp();
  staff = await staffLogin(t);
});
afterAll(() => t.close());

const settings = (cookie = staff) => call(t, "GET", "/api/staff/settings/portal", { cookie });
const save = (body: unknown, cookie = staff) => call(t, "PATCH", "/api/staff/settings/portal", { cookie, body });

describe("billing and project settings", () => {
  it("CON-1 INV-1 PRJ-1 a new company alerts at 75, 90 and 100 % of a retainer, numbers invoices INV-, pays in 30 days at 0 % tax, and shows every part of a project", async () => {
    expect((await settings()).body).toMatchObject({
      retainerAlertThresholds: [75, 90, 100],
      invoicePrefix: "INV-",
      invoicePaymentTermsDays: 30,
      defaultTaxRate: "0.00",
      companyAddress: "",
      projectViewNotes: true,
      projectViewFiles: true,
      projectViewOrganisation: true,
      projectViewClients: true,
      projectViewTasks: true,
      projectViewTime: true,
    });
  });

  it("CON-1 INV-1 PRJ-1 an administrator changes them; thresholds are kept in order", async () => {
    const r = await save({ retainerAlertThresholds: [100, 50, 80], invoicePrefix: "FAB/", invoicePaymentTermsDays: 14, defaultTaxRate: "12.5", companyAddress: "1 Harbour Street\nWellington 6011", projectViewTime: false });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ retainerAlertThresholds: [50, 80, 100], invoicePrefix: "FAB/", invoicePaymentTermsDays: 14, defaultTaxRate: "12.50", companyAddress: "1 Harbour Street\nWellington 6011", projectViewTime: false, projectViewNotes: true });
    expect((await settings()).body).toMatchObject({ retainerAlertThresholds: [50, 80, 100], defaultTaxRate: "12.50" });
  });

  it("CON-1 INV-1 a repeated or impossible threshold, a prefix with spaces, terms past a year or a tax rate above 100 % is refused on its field, and nothing is saved", async () => {
    const before = (await settings()).body;
    for (const [field, value] of [
      ["retainerAlertThresholds", [75, 75]],
      ["retainerAlertThresholds", [0]],
      ["retainerAlertThresholds", [50.5]],
      ["retainerAlertThresholds", [10, 20, 30, 40, 50, 60, 70]],
      ["invoicePrefix", "IN V"],
      ["invoicePrefix", "ABCDEFGHIJKLM"],
      ["invoicePaymentTermsDays", 366],
      ["invoicePaymentTermsDays", -1],
      ["defaultTaxRate", "100.01"],
      ["defaultTaxRate", "-5"],
      ["defaultTaxRate", "ten"],
      ["projectViewNotes", "yes"],
    ] as const) {
      const r = await save({ companyAddress: "Changed", [field]: value });
      expect(r.status, `${field}=${JSON.stringify(value)}`).toBe(400);
      expect(r.body.fields.map((f: { field: string }) => f.field)).toContain(field);
    }
    expect((await settings()).body).toEqual(before);
  });

  it("CON-1 only staff who may change settings change them", async () => {
    const desk = await makeStaffUser(t, staff, "Desk Person", "desk.billing@example.com");
    const cookie = await staffLogin(t, { email: desk.email, password: "staff member passphrase 1024" });
    expect((await save({ projectViewNotes: false }, cookie)).status).toBe(403);
    expect((await settings()).body.projectViewNotes).toBe(true);
  });
});
