/** Customer approval of work (seed 001): what the tenant sets up. */
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

describe("APR-1 the tenant sets up customer approval", () => {
  it("APR-1 approval starts off, with a 7-day period that expires unanswered requests and no reply-to address", async () => {
    expect((await settings()).body).toMatchObject({ approvalEnabled: false, approvalPeriodDays: 7, approvalReplyTo: null, approvalExpiry: "expire" });
  });

  it("APR-1 APR-5 an administrator turns it on with a period, a reply-to address and what an unanswered request becomes", async () => {
    const r = await save({ approvalEnabled: true, approvalPeriodDays: 14, approvalReplyTo: "billing@fabrikam.test", approvalExpiry: "deem_approved" });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ approvalEnabled: true, approvalPeriodDays: 14, approvalReplyTo: "billing@fabrikam.test", approvalExpiry: "deem_approved" });
    expect((await settings()).body).toMatchObject({ approvalPeriodDays: 14, approvalExpiry: "deem_approved" });
    // An empty address clears it.
    expect((await save({ approvalReplyTo: "" })).body.approvalReplyTo).toBeNull();
  });

  it("APR-1 a period outside 1 to 90 days, a bad address or an unknown expiry choice is refused on its field, and nothing is saved", async () => {
    const before = (await settings()).body;
    for (const [field, value] of [
      ["approvalPeriodDays", 0],
      ["approvalPeriodDays", 91],
      ["approvalPeriodDays", 2.5],
      ["approvalReplyTo", "not an address"],
      ["approvalExpiry", "approve_everything"],
    ] as const) {
      const r = await save({ approvalEnabled: !before.approvalEnabled, [field]: value });
      expect(r.status, `${field}=${value}`).toBe(400);
      expect(r.body.fields.map((f: { field: string }) => f.field)).toContain(field);
    }
    expect((await settings()).body).toEqual(before);
  });

  it("APR-1 only staff who may change settings change it", async () => {
    const desk = await makeStaffUser(t, staff, "Desk Person", "desk.approvals@example.com");
    const cookie = await staffLogin(t, { email: desk.email, password: "staff member passphrase 1024" });
    expect((await save({ approvalEnabled: true }, cookie)).status).toBe(403);
  });
});
