import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { activeContact, call, createTestApp, makeAccount, staffLogin, type TestApp } from "../harness.js";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe("harness", () => {
  it("PLT-4 health reports the database is reachable", async () => {
    const r = await call(t, "GET", "/api/health");
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ ok: true, database: "ok" });
  });
  it("a contact reaches the portal by the emailed link", async () => {
    const staff = await staffLogin(t);
    const a = await makeAccount(t, staff);
    const c = await activeContact(t, staff, [a.id]);
    const me = await call(t, "GET", "/api/portal/me", { cookie: c.cookie });
    expect(me.status).toBe(200);
    expect(me.body.currentAccount.id).toBe(a.id);
  });
});
