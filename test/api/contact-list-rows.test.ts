/**
 * The console's contact list sends each contact's row as the database keeps it (`list_row`, migration 0012)
 * with the viewer's `can` added. These tests change the contact, its memberships and its accounts through the
 * API and expect the very next list row to equal the contact's own page, field for field.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createTestApp, makeAccount, makeContact, staffLogin, type TestApp } from "../harness.js";

let t: TestApp;
let staff: string;
beforeAll(async () => {
  t = await createTestApp();
  staff = await staffLogin(t);
});
afterAll(() => t?.close());

const s = (method: string, url: string, body?: unknown) => call(t, method, url, { cookie: staff, body });

/** The contact's list row (found by its unique last name), after checking it equals the contact's page. */
async function rowOf(c: { id: string; lastName: string }, status = "all") {
  const listed = await s("GET", `/api/staff/contacts?status=${status}&q=${encodeURIComponent(c.lastName)}`);
  expect(listed.status).toBe(200);
  const row = (listed.body.items as Record<string, unknown>[]).find((r) => r.id === c.id)!;
  expect(row, "listed").toBeDefined();
  const page = await s("GET", `/api/staff/contacts/${c.id}`);
  expect(page.status).toBe(200);
  expect(row).toEqual(page.body);
  return row as { name: string; archived: boolean; accounts: { id: string; name: string; portalEnabled: boolean }[]; portal: { status: string }; can: Record<string, boolean> };
}

describe("ACC-9 the contact list shows each contact as its own page does", () => {
  it("ACC-9 a list row follows the contact, its memberships and its accounts at once", async () => {
    const a = await makeAccount(t, staff, { name: "Zeta Rows" });
    const b = await makeAccount(t, staff, { name: "alpha Rows" });
    const lastName = `Rows "quoted" \\ tab\t ünïcødé 🎉`;
    const made = await makeContact(t, staff, [a.id, b.id], { firstName: "Rhoda <b>", lastName, phone: "+1 555", jobTitle: "Buyer" });
    const c = { id: made.id as string, lastName };
    const patch = async (url: string, body: object) => expect((await s("PATCH", url, body)).status).toBe(200);

    // Accounts by name, case-insensitive, as the page lists them.
    expect((await rowOf(c)).accounts.map((x) => x.name)).toEqual(["alpha Rows", "Zeta Rows"]);
    await patch(`/api/staff/accounts/${a.id}`, { name: "Beta Rows" });
    expect((await rowOf(c)).accounts.map((x) => x.name)).toEqual(["alpha Rows", "Beta Rows"]);
    await patch(`/api/staff/accounts/${b.id}`, { portalEnabled: false });
    expect((await rowOf(c)).accounts.find((x) => x.id === b.id)?.portalEnabled).toBe(false);
    await patch(`/api/staff/contacts/${c.id}`, { firstName: "Rhoda", accountIds: [b.id] });
    const moved = await rowOf(c);
    expect([moved.name, moved.accounts.map((x) => x.id)]).toEqual([`Rhoda ${lastName}`, [b.id]]);
    expect((await s("POST", `/api/staff/accounts/${b.id}/archive`)).status).toBe(200);
    expect((await rowOf(c)).accounts).toEqual([]);
    expect((await s("POST", `/api/staff/accounts/${b.id}/restore`)).status).toBe(200);
    expect((await rowOf(c)).accounts.map((x) => x.id)).toEqual([b.id]);
    await patch(`/api/staff/accounts/${b.id}`, { portalEnabled: true });
    expect((await s("POST", `/api/staff/contacts/${c.id}/portal-access`, {})).status).toBe(200);
    expect((await rowOf(c)).portal.status).toBe("invited");
    expect((await s("POST", `/api/staff/contacts/${c.id}/archive`)).status).toBe(200);
    const archived = await rowOf(c);
    expect([archived.archived, archived.can.restore, archived.can.edit]).toEqual([true, true, false]);
  });

  it("ACC-9 a contact changed in SQL behind the service is listed as it now is", async () => {
    const a = await makeAccount(t, staff);
    const made = await makeContact(t, staff, [a.id], { lastName: "Behind" });
    await t.c.deps.db.execute(sql`update contacts set locked_until = '2030-01-02T03:04:05.678Z', last_login_at = '2029-05-06T07:08:09.010Z' where id = ${made.id}`);
    const row = await rowOf({ id: made.id, lastName: "Behind" });
    expect(row.portal).toMatchObject({ lockedUntil: "2030-01-02T03:04:05.678Z", lastLoginAt: "2029-05-06T07:08:09.010Z" });
  });

  it("ACC-9 neighbouring rows in different states each show what the viewer may do with that contact", async () => {
    const a = await makeAccount(t, staff);
    const ids = [];
    for (const first of ["Ann", "Bea", "Cy"]) ids.push((await makeContact(t, staff, [a.id], { firstName: first, lastName: "Neighbours" })).id as string);
    expect((await s("POST", `/api/staff/contacts/${ids[1]}/archive`)).status).toBe(200);
    const listed = (await s("GET", "/api/staff/contacts?status=all&q=Neighbours")).body.items as { id: string; can: Record<string, boolean> }[];
    expect(listed.map((r) => r.id)).toEqual(ids);
    for (const row of listed) expect(row).toEqual((await s("GET", `/api/staff/contacts/${row.id}`)).body);
    expect(listed.map((r) => r.can.restore)).toEqual([false, true, false]);
  });
});

