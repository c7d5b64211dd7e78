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
