import { existsSync } from "node:fs";
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
  it("PLT-4 health answers 503 and names the database when the database is unreachable", async () => {
    const down = await createTestApp();
    try {
      await down.c.database.close();
      const r = await call(down, "GET", "/api/health");
      expect(r.status).toBe(503);
      expect(r.body).toEqual({ ok: false, database: "unreachable" });
    } finally {
      await down.close().catch(() => {});
    }
  });
  it("a test app's data folder (uploaded files) is removed when it closes", async () => {
    const other = await createTestApp();
    const dir = other.c.deps.config.DATA_DIR;
    expect(dir).toContain("portico-test-");
    expect(existsSync(dir)).toBe(true);
    await other.close();
    expect(existsSync(dir)).toBe(false);
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

describe("first administrator", () => {
  it("a one-time setup link creates the first administrator once, when no staff exists", async () => {
    const fresh = await createTestApp();
    try {
      const { portalSettings, staffUsers } = await import("../../src/server/db/schema/index.js");
      // Back to a fresh install: no staff, so nobody to route new portal tickets to either.
      await fresh.c.deps.db.update(portalSettings).set({ newTicketAssigneeId: null });
      await fresh.c.deps.db.delete(staffUsers);
      expect((await call(fresh, "GET", "/api/staff/setup")).body).toEqual({ needed: true });
      const token = new URL(await fresh.c.services.staff.createSetupLink(fresh.tenantId)).searchParams.get("token");
      const body = { token, name: "First Admin", email: "first@example.com", password: "a sturdy passphrase 77" };
      expect((await call(fresh, "POST", "/api/staff/setup", { body: { ...body, token: "wrong" } })).status).toBe(410);
      const ok = await call(fresh, "POST", "/api/staff/setup", { body });
      expect(ok.status).toBe(200);
      expect(ok.body.permissions).toEqual(["admin"]);
      expect((await call(fresh, "POST", "/api/staff/setup", { body })).status).toBe(409);
      expect((await call(fresh, "GET", "/api/staff/setup")).body).toEqual({ needed: false });
    } finally {
      await fresh.close();
    }
  });
});
