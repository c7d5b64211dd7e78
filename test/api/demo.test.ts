import { afterAll, beforeAll, expect, it } from "vitest";
import { DEMO_PASSWORD, loadDemoData } from "../../src/server/demo.js";
import { call, cookieFrom, createTestApp, staffLogin, type TestApp } from "../harness.js";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await loadDemoData(t.c.deps, t.tenantId);
  await loadDemoData(t.c.deps, t.tenantId); // a second run changes nothing
});
afterAll(() => t.close());

it("demo data: 3 accounts, 10 contacts with one in two accounts, 2 staff users, and a portal user who can sign in", async () => {
  const staff = await staffLogin(t, { email: "alex@demo.portico.test", password: DEMO_PASSWORD });
  expect((await call(t, "GET", "/api/staff/accounts", { cookie: staff })).body.total).toBe(3);
  const contacts = (await call(t, "GET", "/api/staff/contacts?pageSize=100", { cookie: staff })).body;
  expect(contacts.total).toBe(10);
  expect(contacts.items.filter((c: { accounts: unknown[] }) => c.accounts.length === 2)).toHaveLength(1);
  const users = (await call(t, "GET", "/api/staff/users", { cookie: staff })).body.items.map((u: { email: string }) => u.email);
  expect(users).toEqual(expect.arrayContaining(["alex@demo.portico.test", "sam@demo.portico.test"]));
  const login = await call(t, "POST", "/api/portal/auth/login", { body: { username: "ada@acme.test", password: DEMO_PASSWORD } });
  expect(login.status).toBe(200);
  expect(login.body.accounts).toHaveLength(2);
  const tickets = await call(t, "GET", "/api/portal/tickets", { cookie: cookieFrom(login) });
  expect(tickets.body.total).toBeGreaterThan(0);
  // APR-2 APR-3: Acme's job is on the approval list with billable work ready to send to Grace.
  const approvals = (await call(t, "GET", "/api/staff/approvals", { cookie: staff })).body;
  expect(approvals.enabled).toBe(true);
  expect(approvals.items).toHaveLength(1);
  expect(approvals.items[0]).toMatchObject({ account: { name: "Acme Manufacturing" }, contact: { name: "Grace Hopper" }, status: "not_sent", sendRefusal: null });
  expect(Number(approvals.items[0].unsent.amount)).toBeGreaterThan(0);
  // INV-1: Acme's invoices, one of each state, numbered from the company's sequence.
  const invoices = (await call(t, "GET", "/api/staff/invoices", { cookie: staff })).body.items as { status: string; displayNumber: string | null; account: { name: string } }[];
  expect(invoices.map((i) => i.status).sort()).toEqual(["draft", "overdue", "paid", "partly_paid"]);
  expect(invoices.every((i) => i.account.name === "Acme Manufacturing")).toBe(true);
  expect(invoices.map((i) => i.displayNumber).filter(Boolean).sort()).toEqual(["INV-1", "INV-2", "INV-3"]);
  const grace = cookieFrom(await call(t, "POST", "/api/portal/auth/login", { body: { username: "grace@acme.test", password: DEMO_PASSWORD } }));
  expect((await call(t, "GET", "/api/portal/invoices", { cookie: grace })).body.total).toBe(3);
});
