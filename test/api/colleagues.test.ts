import { afterAll, beforeAll, expect, it } from "vitest";
import { activeContact, call, createTestApp, makeAccount, staffLogin, type TestApp } from "../harness.js";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

it("ROL-6 with the role's permission a contact edits the contacts of the account in view, and no others", async () => {
  const staff = await staffLogin(t);
  const role = await call(t, "POST", "/api/staff/portal-roles", {
    cookie: staff,
    body: { name: "Office manager", permissions: ["tickets.view_own", "contacts.manage"], quickForm: true, visibleFields: [] },
  });
  const a = await makeAccount(t, staff);
  const b = await makeAccount(t, staff);
  const boss = await activeContact(t, staff, [a.id], { firstName: "Bea", lastName: "Boss" });
  const colleague = await activeContact(t, staff, [a.id], { firstName: "Cal", lastName: "Colleague" });
  const stranger = await activeContact(t, staff, [b.id], { firstName: "Sid", lastName: "Stranger" });
  await call(t, "PATCH", `/api/staff/accounts/${a.id}/contacts/${boss.id}`, { cookie: staff, body: { portalRoleId: role.body.id } });

  const me = await call(t, "GET", "/api/portal/me", { cookie: boss.cookie });
  expect(me.body.can.manageContacts).toBe(true);
  const list = await call(t, "GET", "/api/portal/contacts", { cookie: boss.cookie });
  expect(list.body.items.map((c: { firstName: string }) => c.firstName).sort()).toEqual(["Bea", "Cal"]);
  const edit = await call(t, "PATCH", `/api/portal/contacts/${colleague.id}`, { cookie: boss.cookie, body: { jobTitle: "Office assistant" } });
  expect(edit.body.jobTitle).toBe("Office assistant");
  const foreign = await call(t, "PATCH", `/api/portal/contacts/${stranger.id}`, { cookie: boss.cookie, body: { jobTitle: "Hacked" } });
  const missing = await call(t, "PATCH", "/api/portal/contacts/00000000-0000-4000-8000-000000000000", { cookie: boss.cookie, body: { jobTitle: "x" } });
  expect(foreign.status).toBe(404);
  expect(foreign.body).toEqual(missing.body);
  expect((await call(t, "GET", `/api/staff/contacts/${stranger.id}`, { cookie: staff })).body.jobTitle).toBeNull();
  // Without the permission: refused.
  expect((await call(t, "GET", "/api/portal/me", { cookie: colleague.cookie })).body.can.manageContacts).toBe(false);
  expect((await call(t, "GET", "/api/portal/contacts", { cookie: colleague.cookie })).status).toBe(403);
  expect((await call(t, "PATCH", `/api/portal/contacts/${boss.id}`, { cookie: colleague.cookie, body: { jobTitle: "x" } })).status).toBe(403);
});

it("ROL-6 with the role's permission a contact adds a colleague to the account in view, and to no other; without it refused", async () => {
  const staff = await staffLogin(t);
  const role = await call(t, "POST", "/api/staff/portal-roles", {
    cookie: staff,
    body: { name: "Team lead", permissions: ["tickets.view_own", "contacts.manage"], quickForm: true, visibleFields: [] },
  });
  expect(role.status).toBe(200);
  const a = await makeAccount(t, staff, { name: "Adding Ltd" });
  const b = await makeAccount(t, staff, { name: "Other Ltd" });
  // Lee manages contacts in A only; in B Lee has the account's default role.
  const lee = await activeContact(t, staff, [a.id, b.id], { firstName: "Lee", lastName: "Lead" });
  const plain = await activeContact(t, staff, [a.id], { firstName: "Pat", lastName: "Plain" });
  await call(t, "PATCH", `/api/staff/accounts/${a.id}/contacts/${lee.id}`, { cookie: staff, body: { portalRoleId: role.body.id } });
  const view = async (accountId: string) => expect((await call(t, "POST", "/api/portal/me/switch-account", { cookie: lee.cookie, body: { accountId } })).body.currentAccount.id).toBe(accountId);
  const named = async (lastName: string) => {
    const found = await call(t, "GET", `/api/staff/contacts?q=${lastName}&status=all`, { cookie: staff });
    return (found.body.items as { id: string; lastName: string }[]).filter((c) => c.lastName === lastName);
  };

  await view(a.id);
  const added = await call(t, "POST", "/api/portal/contacts", { cookie: lee.cookie, body: { firstName: "Nia", lastName: "Newcomer", email: "nia@adding.test", jobTitle: "Assistant" } });
  expect(added.status).toBe(200);
  expect(added.body).toMatchObject({ firstName: "Nia", lastName: "Newcomer", email: "nia@adding.test", jobTitle: "Assistant" });
  const stored = (await call(t, "GET", `/api/staff/contacts/${added.body.id}`, { cookie: staff })).body;
  expect(stored.accounts.map((x: { id: string }) => x.id)).toEqual([a.id]);
  expect(stored.portal.status).toBe("not_enabled");
  const list = await call(t, "GET", "/api/portal/contacts", { cookie: lee.cookie });
  expect(list.body.items.map((c: { firstName: string }) => c.firstName).sort()).toEqual(["Lee", "Nia", "Pat"]);
  // The body names no account: the colleague joins the account in view only.
  const otherAccount = await call(t, "POST", "/api/portal/contacts", { cookie: lee.cookie, body: { firstName: "Sly", lastName: "Sideways", accountIds: [b.id] } });
  expect(otherAccount.status).toBe(400);

  // In account B Lee has no such permission: refused, nothing written.
  await view(b.id);
  const inB = await call(t, "POST", "/api/portal/contacts", { cookie: lee.cookie, body: { firstName: "Bo", lastName: "Blocked" } });
  expect(inB.status).toBe(403);
  // Without the permission: refused, nothing written.
  const byPlain = await call(t, "POST", "/api/portal/contacts", { cookie: plain.cookie, body: { firstName: "Ray", lastName: "Refused" } });
  expect(byPlain.status).toBe(403);
  expect(await named("Blocked")).toEqual([]);
  expect(await named("Refused")).toEqual([]);
  expect(await named("Sideways")).toEqual([]);
  expect(await named("Newcomer")).toHaveLength(1);
  await view(a.id);
});
