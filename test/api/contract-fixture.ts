/**
 * A tenant that sells contracts (CON-1): Acme and Bluebird on the External Manager role, Acme's client administrator
 * Carla, her colleague Colin, Ursula whose role does not show contracts, Bob at Bluebird, Ada in both accounts; Acme's
 * support job managed by the administrator; and a second tenant.
 */
import { sql } from "drizzle-orm";
import { type TestApp, activeContact, addTenant, call, cookieFrom, createTestApp, makeAccount, ok, PORTAL_PASSWORD, staffLogin, uniq } from "../harness.js";

export async function buildContractWorld() {
  const t: TestApp = await createTestApp();
  let staff = await staffLogin(t);
  const s = (method: string, url: string, body?: unknown) => ok(call(t, method, url, { cookie: staff, body }));
  await s("PATCH", "/api/staff/settings/portal", { currency: "NZD", retainerAlertThresholds: [75, 90, 100] });
  const me = await s("GET", "/api/staff/me");
  await s("PATCH", `/api/staff/users/${me.id}`, { hourlyRate: "150.00" });
  const roles = (await s("GET", "/api/staff/portal-roles")).items as { id: string; name: string }[];
  const managerRole = roles.find((r) => r.name === "External Manager")!;
  const userRole = roles.find((r) => r.name === "External User")!;

  const A = await makeAccount(t, staff, { name: `Acme ${uniq()}`, portalRoleId: managerRole.id });
  const B = await makeAccount(t, staff, { name: `Bluebird ${uniq()}`, portalRoleId: managerRole.id });
  const carla = await activeContact(t, staff, [A.id], { firstName: "Carla", lastName: "Client" });
  const colin = await activeContact(t, staff, [A.id], { firstName: "Colin", lastName: "Colleague" });
  const ursula = await activeContact(t, staff, [A.id], { firstName: "Ursula", lastName: "User" });
  const bob = await activeContact(t, staff, [B.id], { firstName: "Bob", lastName: "Bluebird" });
  const ada = await activeContact(t, staff, [A.id, B.id], { firstName: "Ada", lastName: "Both" });
  // Carla administers Acme; Ursula administers it too, but her role does not show contracts.
  await s("PATCH", `/api/staff/accounts/${A.id}/contacts/${carla.id}`, { clientAdmin: true });
  await s("PATCH", `/api/staff/accounts/${A.id}/contacts/${ursula.id}`, { clientAdmin: true, portalRoleId: userRole.id });
  for (const c of [carla, ursula]) c.cookie = cookieFrom(await call(t, "POST", "/api/portal/auth/login", { body: { username: c.email, password: PORTAL_PASSWORD } }));

  const job = (accountId: string, name: string, v: Record<string, unknown> = {}) =>
    s("POST", `/api/staff/accounts/${accountId}/jobs`, { number: `J-${uniq()}`, name, visibleInPortal: true, customersAddTickets: true, copyEmailsToManager: false, hoursVisible: false, managerStaffId: me.id, ...v });
  const ticket = (jobId: string, title = "Work") => s("POST", "/api/staff/tickets", { jobId, title, details: "" });
  /** A time entry starting at `start` for `hours`. */
  const time = (ticketId: string, start: string, hours: number, v: Record<string, unknown> = {}) =>
    s("POST", `/api/staff/tickets/${ticketId}/time-entries`, { startedAt: start, endedAt: new Date(new Date(start).getTime() + hours * 3_600_000).toISOString(), note: "", ...v });
  const contract = (v: Record<string, unknown>) => s("POST", "/api/staff/contracts", { accountId: A.id, name: `Contract ${uniq()}`, startDate: "2026-11-01", ...v });
  const retainer = (v: Record<string, unknown> = {}) => contract({ type: "retainer_hours", billingCycle: "monthly", hoursPerPeriod: "20", ...v });

  /** Emails of this template queued so far, with their facts. */
  const mails = async (template = "retainer_threshold") =>
    ((await t.c.deps.db.execute(sql`select recipient, payload from outbox where template = ${template} order by id`)) as unknown as { rows: { recipient: string; payload: Record<string, unknown> }[] }).rows;

  const other = await addTenant(t, "other.test");
  /** After the clock jumps past the session lifetime: everyone signs in again. */
  async function signInAgain() {
    staff = await staffLogin(t);
    world.staff = staff;
    for (const c of [carla, colin, ursula, bob, ada]) c.cookie = cookieFrom(await call(t, "POST", "/api/portal/auth/login", { body: { username: c.email, password: PORTAL_PASSWORD } }));
  }
  const world = { t, staff, s, me, roles: { managerRole, userRole }, accounts: { A, B }, contacts: { carla, colin, ursula, bob, ada }, job, ticket, time, contract, retainer, mails, other, signInAgain };
  return world;
}
export type ContractWorld = Awaited<ReturnType<typeof buildContractWorld>>;
