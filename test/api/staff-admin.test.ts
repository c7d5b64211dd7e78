import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, activeContact, call, createTestApp, makeAccount, staffLogin, type TestApp } from "../harness.js";

let t: TestApp;
let admin: string;
beforeAll(async () => {
  t = await createTestApp();
  admin = await staffLogin(t);
});
afterAll(() => t.close());

describe("staff users and roles", () => {
  it("an administrator creates a role and a staff user; disabling the user ends their session", async () => {
    const role = await call(t, "POST", "/api/staff/roles", { cookie: admin, body: { name: "Readers", permissions: ["email_log.read"] } });
    expect(role.status).toBe(200);
    const dup = await call(t, "POST", "/api/staff/roles", { cookie: admin, body: { name: "readers", permissions: [] } });
    expect(dup.status).toBe(409);
    const renamed = await call(t, "PATCH", `/api/staff/roles/${role.body.id}`, { cookie: admin, body: { name: "Log readers", permissions: ["email_log.read", "contacts.manage"] } });
    expect(renamed.body).toMatchObject({ name: "Log readers", permissions: ["email_log.read", "contacts.manage"] });
    const user = await call(t, "POST", "/api/staff/users", { cookie: admin, body: { name: "Rita Reader", email: "rita@example.com", roleId: role.body.id, password: "rita reads the logs 42" } });
    expect(user.status).toBe(200);
    const rita = await staffLogin(t, { email: "rita@example.com", password: "rita reads the logs 42" });
    expect((await call(t, "GET", "/api/staff/emails", { cookie: rita })).status).toBe(200);
    expect((await call(t, "GET", "/api/staff/users", { cookie: rita })).status).toBe(403);
    const off = await call(t, "PATCH", `/api/staff/users/${user.body.id}`, { cookie: admin, body: { disabled: true } });
    expect(off.body.disabled).toBe(true);
    expect((await call(t, "GET", "/api/staff/me", { cookie: rita })).status).toBe(401);
    const me = (await call(t, "GET", "/api/staff/me", { cookie: admin })).body;
    expect((await call(t, "PATCH", `/api/staff/users/${me.id}`, { cookie: admin, body: { disabled: true } })).status).toBe(409);
  });

  it("the console is told what each staff member may do, and every staff member can read the people forms pick from", async () => {
    const full = (await call(t, "GET", "/api/staff/me", { cookie: admin })).body;
    expect(full.can).toEqual({
      manageAccounts: true, manageContacts: true, managePortalAccess: true, manageJobs: true,
      manageTickets: true, manageSettings: true, manageStaff: true, readEmailLog: true, approveWork: true, manageBilling: true,
    });
    const role = await call(t, "POST", "/api/staff/roles", { cookie: admin, body: { name: "Ticket desk", permissions: ["tickets.manage"] } });
    const made = await call(t, "POST", "/api/staff/users", { cookie: admin, body: { name: "Tess Tickets", email: "tess@example.com", roleId: role.body.id, password: "amber falcon meadow 42" } });
    const gone = await call(t, "POST", "/api/staff/users", { cookie: admin, body: { name: "Gone Staff", email: "gone@example.com", roleId: role.body.id, password: "quiet river lantern 42" } });
    expect((await call(t, "PATCH", `/api/staff/users/${gone.body.id}`, { cookie: admin, body: { disabled: true } })).status).toBe(200);
    const tess = await staffLogin(t, { email: "tess@example.com", password: "amber falcon meadow 42" });
    const login = await call(t, "POST", "/api/staff/auth/login", { body: { email: "tess@example.com", password: "amber falcon meadow 42" }, remoteAddress: "192.0.2.77" });
    const desk = { manageAccounts: false, manageContacts: false, managePortalAccess: false, manageJobs: false, manageTickets: true, manageSettings: false, manageStaff: false, readEmailLog: false, approveWork: false, manageBilling: false };
    expect(login.body.can, "the sign-in answer carries the same decisions").toEqual(desk);
    expect((await call(t, "GET", "/api/staff/me", { cookie: tess })).body.can).toEqual(desk);
    expect((await call(t, "GET", "/api/staff/users", { cookie: tess })).status).toBe(403);
    const options = await call(t, "GET", "/api/staff/options", { cookie: tess });
    expect(options.status).toBe(200);
    const names = (options.body.staff as { name: string }[]).map((s) => s.name);
    expect(names).toContain("Tess Tickets");
    expect(names).toContain("Ada Admin");
    expect(names, "disabled staff are not offered").not.toContain("Gone Staff");
    expect(Object.keys(options.body.staff[0]).sort()).toEqual(["id", "name"]);
    expect(made.status).toBe(200);
  });

  it("signing out ends the session, for staff and for contacts", async () => {
    const cookie = await staffLogin(t);
    expect((await call(t, "POST", "/api/staff/auth/logout", { cookie })).status).toBe(200);
    expect((await call(t, "GET", "/api/staff/me", { cookie })).status).toBe(401);
    const account = await makeAccount(t, admin);
    const c = await activeContact(t, admin, [account.id]);
    expect((await call(t, "POST", "/api/portal/auth/logout", { cookie: c.cookie })).status).toBe(200);
    expect((await call(t, "GET", "/api/portal/me", { cookie: c.cookie })).status).toBe(401);
  });

  it("ticket lists: entries are added, renamed and deactivated; a sub-issue type needs an issue type", async () => {
    const bad = await call(t, "POST", "/api/staff/lookups", { cookie: admin, body: { kind: "sub_issue_type", name: "Orphan" } });
    expect(bad.body.fields[0].field).toBe("parentId");
    const site = await call(t, "POST", "/api/staff/lookups", { cookie: admin, body: { kind: "site", name: "Nowhere" } });
    expect(site.body.fields[0].field).toBe("accountId");
    const p = await call(t, "POST", "/api/staff/lookups", { cookie: admin, body: { kind: "priority", name: "Urgent" } });
    const off = await call(t, "PATCH", `/api/staff/lookups/${p.body.id}`, { cookie: admin, body: { name: "Very urgent", active: false } });
    expect(off.body).toMatchObject({ name: "Very urgent", active: false });
  });
});

describe("staff sign-in throttle", () => {
  const login = (app: TestApp, body: unknown, remoteAddress: string) => call(app, "POST", "/api/staff/auth/login", { body, remoteAddress });

  it("ACC-13 staff sign-in is throttled per client address: the 21st attempt in 15 minutes from one address is refused, other addresses are not", async () => {
    const fresh = await createTestApp();
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 21; i++) statuses.push((await login(fresh, { email: `nobody${i}@example.com`, password: "not a real passphrase" }, "192.0.2.10")).status);
      expect(statuses.slice(0, 20)).toEqual(Array(20).fill(401));
      expect(statuses[20]).toBe(429);
      // Even the right password is refused from that address, and accepted from another.
      expect((await login(fresh, ADMIN, "192.0.2.10")).status).toBe(429);
      expect((await login(fresh, ADMIN, "192.0.2.11")).status).toBe(200);
      // The next window lets the address in again.
      fresh.clock.advance(15 * 60_000);
      expect((await login(fresh, ADMIN, "192.0.2.10")).status).toBe(200);
    } finally {
      await fresh.close();
    }
  });

  it("ACC-13 the harness's staff sign-ins never meet the throttle, however many a test file makes", async () => {
    const fresh = await createTestApp();
    try {
      const cookies = new Set<string>();
      for (let i = 0; i < 25; i++) cookies.add(await staffLogin(fresh));
      expect(cookies.size).toBe(25);
    } finally {
      await fresh.close();
    }
  });
});
