/** PLT-1: the rows of one tenant are invisible and untouchable for the staff and contacts of another (tenants are chosen by host). */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { activeContact, addTenant, call, createTestApp, makeAccount, staffLogin, type TestApp } from "../harness.js";

const OTHER = "other.test";
const missingId = "00000000-0000-4000-8000-000000000000";
const missingEmailId = 999_999;

let t: TestApp;
/** Staff of this (the default) tenant, on its host. */
let staff: string;
/** Staff of the other tenant, on its host. */
let otherStaff: string;
const here = (method: string, url: string, body?: unknown) => call(t, method, url, { cookie: staff, body });
const there = (method: string, url: string, body?: unknown) => call(t, method, url, { cookie: otherStaff, body, host: OTHER });
/** Set-up calls must succeed; their answer's body. */
async function ok(res: Promise<{ status: number; body: any }>) {
  const r = await res;
  if (r.status !== 200) throw new Error(`set-up call failed: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}
const ids = (res: { body: { items: { id: string | number }[] } }) => res.body.items.map((i) => i.id);

/** A foreign id must be answered exactly like an id that does not exist. */
async function expectSameAsMissing(method: string, url: (id: string | number) => string, foreignId: string | number, missing: string | number, body?: unknown) {
  const foreign = await here(method, url(foreignId), body);
  const absent = await here(method, url(missing), body);
  expect(foreign.status, `${method} ${url(foreignId)}`).toBe(404);
  expect(absent.status).toBe(404);
  expect(foreign.body).toEqual(absent.body);
}

const jobBody = { name: "Support", visibleInPortal: true, customersAddTickets: true, copyEmailsToManager: false, hoursVisible: false };

beforeAll(async () => {
  t = await createTestApp();
  staff = await staffLogin(t);
  const other = await addTenant(t, OTHER);
  await t.c.services.staff.createFirstAdmin(other.id, { name: "Other Admin", email: "admin@other.test", password: "other tenant passphrase" });
  otherStaff = await staffLogin(t, { email: "admin@other.test", password: "other tenant passphrase" }, OTHER);
});
afterAll(() => t.close());

describe("PLT-1 tenants never see or change each other's rows", () => {
  it("PLT-1 the email log of another tenant is not listed, not found by search, and reading one of its emails gives the missing-id 404", async () => {
    const theirAccount = await makeAccount(t, otherStaff, { name: "Their account" }, OTHER);
    const theirs = await activeContact(t, otherStaff, [theirAccount.id], { email: "theirs@other.test" }, OTHER);
    const mineAccount = await makeAccount(t, staff);
    const mine = await activeContact(t, staff, [mineAccount.id], { email: "mine@portico.test" });

    const theirLog = await there("GET", "/api/staff/emails?pageSize=100");
    const theirIds = ids(theirLog) as number[];
    expect(theirLog.body.items.some((e: { recipient: string }) => e.recipient === theirs.email)).toBe(true);
    const myLog = await here("GET", "/api/staff/emails?pageSize=100");
    expect(myLog.body.items.some((e: { recipient: string }) => e.recipient === mine.email)).toBe(true);

    expect(ids(myLog).filter((id) => theirIds.includes(id as number))).toEqual([]);
    expect(JSON.stringify(myLog.body)).not.toContain(theirs.email);
    const search = await here("GET", `/api/staff/emails?q=${encodeURIComponent(theirs.email)}`);
    expect(search.body).toMatchObject({ items: [], total: 0 });
    expect(theirIds.length).toBeGreaterThan(0);
    for (const id of theirIds) await expectSameAsMissing("GET", (x) => `/api/staff/emails/${x}`, id, missingEmailId);
    // The other way round too.
    expect((await there("GET", `/api/staff/emails?q=${encodeURIComponent(mine.email)}`)).body.total).toBe(0);
  });

  it("PLT-1 portal roles of another tenant are not listed, cannot be changed, and cannot be given to an account or a contact", async () => {
    const role = { body: await ok(there("POST", "/api/staff/portal-roles", { name: "Their custom role", permissions: ["tickets.view_own"], defaultTypeId: null, defaultPriorityId: null, quickForm: true, visibleFields: [] })) };
    const theirRoles = ids(await there("GET", "/api/staff/portal-roles"));
    expect(theirRoles).toContain(role.body.id);

    const mine = await here("GET", "/api/staff/portal-roles");
    expect(mine.body.items.length).toBeGreaterThan(0);
    expect(ids(mine).filter((id) => theirRoles.includes(id as string))).toEqual([]);
    expect(JSON.stringify(mine.body)).not.toContain("Their custom role");

    const change = { name: "Taken over", permissions: [], defaultTypeId: null, defaultPriorityId: null, quickForm: false, visibleFields: [] };
    for (const id of theirRoles) await expectSameAsMissing("PUT", (x) => `/api/staff/portal-roles/${x}`, id, missingId, change);
    expect((await there("GET", "/api/staff/portal-roles")).body.items.find((r: { id: string }) => r.id === role.body.id)).toMatchObject({ name: "Their custom role", quickForm: true });

    const create = await here("POST", "/api/staff/accounts", { name: "Wants their role", portalRoleId: role.body.id });
    expect(create.status).toBe(400);
    expect(create.body.fields[0].field).toBe("portalRoleId");
    const account = await makeAccount(t, staff);
    const update = await here("PATCH", `/api/staff/accounts/${account.id}`, { portalRoleId: role.body.id });
    expect(update.status).toBe(400);
    expect(update.body.fields[0].field).toBe("portalRoleId");
    const contact = await activeContact(t, staff, [account.id]);
    const membership = await here("PATCH", `/api/staff/accounts/${account.id}/contacts/${contact.id}`, { portalRoleId: role.body.id });
    expect(membership.status).toBe(400);
    expect(membership.body.fields[0].field).toBe("portalRoleId");
    const members = (await here("GET", `/api/staff/accounts/${account.id}/contacts`)).body.items;
    expect(members).toHaveLength(1);
    expect(members[0].portalRoleId).toBeNull();
  });

  it("PLT-1 ticket lists of another tenant (statuses, priorities, types, issue and sub-issue types, sites, assets) are not listed, cannot be changed and cannot be used", async () => {
    const theirAccount = await ok(there("POST", "/api/staff/accounts", { name: "Their lists account" }));
    const issue = await ok(there("POST", "/api/staff/lookups", { kind: "issue_type", name: "Their issue" }));
    await ok(there("POST", "/api/staff/lookups", { kind: "sub_issue_type", name: "Their sub-issue", parentId: issue.id }));
    for (const kind of ["site", "hardware_asset", "software_asset"]) await ok(there("POST", "/api/staff/lookups", { kind, name: `Their ${kind}`, accountId: theirAccount.id }));
    const theirLists = (await there("GET", "/api/staff/lookups")).body.items as { id: string; kind: string; name: string }[];
    const theirOf = (kind: string) => theirLists.find((l) => l.kind === kind)!.id;
    const kinds = ["status", "priority", "ticket_type", "issue_type", "sub_issue_type", "site", "hardware_asset", "software_asset"];
    expect(new Set(theirLists.map((l) => l.kind))).toEqual(new Set(kinds));

    // Not listed, not even by naming their account.
    const mine = await here("GET", "/api/staff/lookups");
    expect(mine.body.items.length).toBeGreaterThan(0);
    expect(ids(mine).filter((id) => theirLists.some((l) => l.id === id))).toEqual([]);
    expect((await here("GET", `/api/staff/lookups?accountId=${theirAccount.id}`)).body.items).toEqual([]);

    // Not changed: the same 404 as a missing id, and their entry keeps its name.
    for (const l of theirLists) await expectSameAsMissing("PATCH", (x) => `/api/staff/lookups/${x}`, l.id, missingId, { name: "Taken over", active: false });
    const after = (await there("GET", "/api/staff/lookups")).body.items as { id: string; name: string; active: boolean }[];
    for (const l of theirLists) expect(after.find((a) => a.id === l.id)).toMatchObject({ name: l.name, active: true });

    // Not used as a parent, nor as an account's site.
    const sub = await here("POST", "/api/staff/lookups", { kind: "sub_issue_type", name: "Mine under theirs", parentId: issue.id });
    expect(sub.body.fields[0].field).toBe("parentId");
    const site = await here("POST", "/api/staff/lookups", { kind: "site", name: "Mine at theirs", accountId: theirAccount.id });
    expect(site.body.fields[0].field).toBe("accountId");

    // Not used on a ticket or as a portal role's default.
    const account = await makeAccount(t, staff);
    const job = await ok(here("POST", `/api/staff/accounts/${account.id}/jobs`, { number: "MINE-1", ...jobBody }));
    const ticketFields: Record<string, string> = {
      statusId: "status", priorityId: "priority", typeId: "ticket_type", issueTypeId: "issue_type", siteId: "site", hardwareAssetId: "hardware_asset", softwareAssetId: "software_asset",
    };
    for (const [field, kind] of Object.entries(ticketFields)) {
      const r = await here("POST", "/api/staff/tickets", { title: `Uses their ${kind}`, jobId: job.id, [field]: theirOf(kind) });
      expect(r.status, field).toBe(400);
      expect(r.body.fields[0].field, field).toBe(field);
    }
    const myIssue = await ok(here("POST", "/api/staff/lookups", { kind: "issue_type", name: "My issue" }));
    const subR = await here("POST", "/api/staff/tickets", { title: "Uses their sub-issue", jobId: job.id, issueTypeId: myIssue.id, subIssueTypeId: theirOf("sub_issue_type") });
    expect(subR.body.fields[0].field).toBe("subIssueTypeId");
    expect((await here("GET", "/api/staff/tickets?open=all")).body.total).toBe(0);

    const ticket = await ok(here("POST", "/api/staff/tickets", { title: "Mine", jobId: job.id }));
    for (const [field, kind] of Object.entries({ statusId: "status", priorityId: "priority", typeId: "ticket_type" })) {
      const r = await here("PATCH", `/api/staff/tickets/${ticket.id}`, { [field]: theirOf(kind) });
      expect(r.status, field).toBe(400);
      expect(r.body.fields[0].field, field).toBe(field);
    }
    const unchanged = (await here("GET", `/api/staff/tickets/${ticket.id}`)).body;
    expect(theirLists.map((l) => l.id)).not.toContain(unchanged.status.id);

    const role = { name: "Defaults from elsewhere", permissions: [], quickForm: false, visibleFields: [] };
    const byType = await here("POST", "/api/staff/portal-roles", { ...role, defaultTypeId: theirOf("ticket_type"), defaultPriorityId: null });
    expect(byType.body.fields[0].field).toBe("defaultTypeId");
    const byPriority = await here("POST", "/api/staff/portal-roles", { ...role, defaultTypeId: null, defaultPriorityId: theirOf("priority") });
    expect(byPriority.body.fields[0].field).toBe("defaultPriorityId");
  });

  it("PLT-1 staff users and staff roles of another tenant are not listed, cannot be changed, and cannot be assigned", async () => {
    const theirRole = await ok(there("POST", "/api/staff/roles", { name: "Their readers", permissions: ["email_log.read"] }));
    const theirUser = await ok(there("POST", "/api/staff/users", { name: "Their Reader", email: "reader@other.test", roleId: theirRole.id, password: "quiet harbour lantern 7" }));
    const theirUsers = ids(await there("GET", "/api/staff/users"));
    const theirRoles = ids(await there("GET", "/api/staff/roles"));
    expect(theirUsers).toContain(theirUser.id);
    expect(theirRoles).toContain(theirRole.id);

    const myUsers = await here("GET", "/api/staff/users");
    const myRoles = await here("GET", "/api/staff/roles");
    expect(myUsers.body.items.length).toBeGreaterThan(0);
    expect(myRoles.body.items.length).toBeGreaterThan(0);
    expect(ids(myUsers).filter((id) => theirUsers.includes(id))).toEqual([]);
    expect(ids(myRoles).filter((id) => theirRoles.includes(id))).toEqual([]);
    expect(JSON.stringify(myUsers.body)).not.toContain("@other.test");

    for (const id of theirUsers) await expectSameAsMissing("PATCH", (x) => `/api/staff/users/${x}`, id, missingId, { disabled: true });
    for (const id of theirRoles) await expectSameAsMissing("PATCH", (x) => `/api/staff/roles/${x}`, id, missingId, { name: "Taken over", permissions: ["admin"] });
    expect((await there("GET", "/api/staff/users")).body.items.every((u: { disabled: boolean }) => !u.disabled)).toBe(true);
    expect((await there("GET", "/api/staff/roles")).body.items.find((r: { id: string }) => r.id === theirRole.id)).toMatchObject({ name: "Their readers", permissions: ["email_log.read"] });
    // Their reader can still sign in: nothing of theirs was touched.
    await staffLogin(t, { email: "reader@other.test", password: "quiet harbour lantern 7" }, OTHER);

    const create = await here("POST", "/api/staff/users", { name: "Borrowed role", email: "borrowed@example.com", roleId: theirRole.id, password: "silver orchard kettle 1" });
    expect(create.status).toBe(400);
    expect(create.body.fields[0].field).toBe("roleId");
    const me = (await here("GET", "/api/staff/me")).body;
    const myColleague = await ok(here("POST", "/api/staff/users", { name: "Colleague", email: "colleague@example.com", roleId: me.role.id, password: "amber valley compass 22" }));
    const move = await here("PATCH", `/api/staff/users/${myColleague.id}`, { roleId: theirRole.id });
    expect(move.status).toBe(400);
    expect(move.body.fields[0].field).toBe("roleId");

    const account = await makeAccount(t, staff);
    const job = await ok(here("POST", `/api/staff/accounts/${account.id}/jobs`, { number: "STAFF-1", ...jobBody }));
    const assign = await here("POST", "/api/staff/tickets", { title: "Assigned elsewhere", jobId: job.id, assignedStaffId: theirUser.id });
    expect(assign.status).toBe(400);
    expect(assign.body.fields[0].field).toBe("assignedStaffId");
  });

  it("PLT-1 a contact's session cookie of one tenant is refused on another tenant's host, both ways", async () => {
    const mineAccount = await makeAccount(t, staff);
    const mine = await activeContact(t, staff, [mineAccount.id]);
    const theirAccount = await makeAccount(t, otherStaff, {}, OTHER);
    const theirs = await activeContact(t, otherStaff, [theirAccount.id], {}, OTHER);

    const portal = (cookie: string, host: string, url = "/api/portal/me") => call(t, "GET", url, { cookie, host });
    // Each cookie works on its own tenant's host...
    expect((await portal(mine.cookie, "portico.test")).body.currentAccount.id).toBe(mineAccount.id);
    expect((await portal(theirs.cookie, OTHER)).body.currentAccount.id).toBe(theirAccount.id);
    // ...and on the other one is no session at all.
    for (const url of ["/api/portal/me", "/api/portal/tickets", "/api/portal/contacts"]) {
      expect((await portal(mine.cookie, OTHER, url)).status, url).toBe(401);
      expect((await portal(theirs.cookie, "portico.test", url)).status, url).toBe(401);
    }
    const switched = await call(t, "POST", "/api/portal/me/switch-account", { cookie: theirs.cookie, body: { accountId: mineAccount.id } });
    expect(switched.status).toBe(401);
  });
});
