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

it("CON-1 demo data: Acme's contracts, its default a retainer by hours 60–80 % used this period by billable time on its job, a recurring and a fixed-price one", async () => {
  const login = await call(t, "POST", "/api/portal/auth/login", { body: { username: "grace@acme.test", password: DEMO_PASSWORD } });
  const grace = cookieFrom(login);
  expect(login.body.can.contracts).toBe(true);
  const list = (await call(t, "GET", "/api/portal/contracts", { cookie: grace })).body;
  expect(list.items.map((c: { type: string }) => c.type).sort()).toEqual(["fixed_price", "recurring", "retainer_hours"]);
  const retainer = list.items.find((c: { type: string }) => c.type === "retainer_hours");
  expect(retainer.isDefault).toBe(true);
  const read = (await call(t, "GET", `/api/portal/contracts/${retainer.id}`, { cookie: grace })).body;
  expect(read.prepaid.blockHours).toBe("20.00");
  expect(read.prepaid.percentUsed).toBeGreaterThanOrEqual(60);
  expect(read.prepaid.percentUsed).toBeLessThanOrEqual(80);
  expect(read.jobs).toEqual([{ number: "ACME-SUP", name: "Managed support" }]);
});

it("PRJ-1 demo data: Acme's network project with three phases and eight tasks, Sam assigned, and Grace following it in the portal", async () => {
  const staff = await staffLogin(t, { email: "alex@demo.portico.test", password: DEMO_PASSWORD });
  const list = (await call(t, "GET", "/api/staff/projects", { cookie: staff })).body;
  expect(list.items).toHaveLength(1);
  const p = (await call(t, "GET", `/api/staff/projects/${list.items[0].id}`, { cookie: staff })).body;
  expect(p).toMatchObject({ name: "Office network refresh", account: { name: "Acme Manufacturing" }, manager: { name: "Alex Admin" } });
  expect(p.phases).toHaveLength(3);
  expect(p.tasks).toHaveLength(8);
  expect(new Set(p.tasks.map((x: { status: string }) => x.status))).toEqual(new Set(["done", "in_progress", "blocked", "not_started"]));
  expect(p.staff.map((s: { name: string }) => s.name)).toEqual(["Sam Servicedesk"]);
  expect(p.upcoming.length).toBeGreaterThan(1);
  const grace = cookieFrom(await call(t, "POST", "/api/portal/auth/login", { body: { username: "grace@acme.test", password: DEMO_PASSWORD } }));
  const mine = (await call(t, "GET", "/api/portal/projects", { cookie: grace })).body;
  expect(mine.items.map((x: { name: string }) => x.name)).toEqual(["Office network refresh"]);
  const seen = (await call(t, "GET", `/api/portal/projects/${p.id}`, { cookie: grace })).body;
  expect(seen.tasks).toHaveLength(8);
  expect(seen.notes).toHaveLength(1);
  expect(seen.can.addNote).toBe(true);
});
