/** A tenant that asks its customers to approve work: two accounts, job contacts, billable time, and a second tenant. */
import { type TestApp, activeContact, addTenant, call, cookieFrom, createTestApp, makeAccount, ok, staffLogin, uniq } from "../harness.js";

export async function buildApprovalWorld(o: { smtpUrl?: string } = {}) {
  const t: TestApp = await createTestApp({ smtpUrl: o.smtpUrl });
  let staff = await staffLogin(t);
  const s = (method: string, url: string, body?: unknown, cookie?: string, host?: string) => ok(call(t, method, url, { cookie: cookie ?? staff, body, host }));
  await s("PATCH", "/api/staff/settings/portal", { approvalEnabled: true, approvalPeriodDays: 7, approvalReplyTo: "billing@provider.test", currency: "NZD" });
  const me = await s("GET", "/api/staff/me");
  await s("PATCH", `/api/staff/users/${me.id}`, { hourlyRate: "150.00" });

  const A = await makeAccount(t, staff, { name: `Acme ${uniq()}` });
  const B = await makeAccount(t, staff, { name: `Bluebird ${uniq()}` });
  const carla = await activeContact(t, staff, [A.id], { firstName: "Carla", lastName: "Contact" });
  const colin = await activeContact(t, staff, [A.id], { firstName: "Colin", lastName: "Colleague" });
  const alma = await activeContact(t, staff, [A.id], { firstName: "Alma", lastName: "Approver" });
  const bob = await activeContact(t, staff, [B.id], { firstName: "Bob", lastName: "Other" });
  // Alma is a client administrator whose role approves jobs; Colin is a plain colleague.
  const role = await s("POST", "/api/staff/portal-roles", { name: `Approvers ${uniq()}`, permissions: ["tickets.view_own", "jobs.approve"], defaultTypeId: null, defaultPriorityId: null, quickForm: false, visibleFields: [] });
  await s("PATCH", `/api/staff/accounts/${A.id}/contacts/${alma.id}`, { clientAdmin: true, portalRoleId: role.id });
  // Refresh Alma's session so her membership applies.
  const almaLogin = await call(t, "POST", "/api/portal/auth/login", { body: { username: alma.email, password: "a-long-enough-passphrase-42" } });
  alma.cookie = cookieFrom(almaLogin);

  const job = async (accountId: string, name: string, v: Record<string, unknown> = {}) =>
    s("POST", `/api/staff/accounts/${accountId}/jobs`, { number: `J-${uniq()}`, name, visibleInPortal: true, customersAddTickets: true, copyEmailsToManager: false, hoursVisible: false, requiresApproval: true, managerStaffId: me.id, ...v });
  const website = await job(A.id, "Website rebuild", { contactId: carla.id, billingRate: "120.00" });
  const support = await job(A.id, "Monthly support", { contactId: carla.id });
  const bJob = await job(B.id, "Bluebird audit", { contactId: bob.id, billingRate: "100.00" });

  const ticket = async (jobId: string, _accountId: string, title: string) => s("POST", "/api/staff/tickets", { jobId, title, details: "" });
  const time = async (ticketId: string, start: string, hours: number, v: Record<string, unknown> = {}) =>
    s("POST", `/api/staff/tickets/${ticketId}/time-entries`, { startedAt: start, endedAt: new Date(new Date(start).getTime() + hours * 3_600_000).toISOString(), note: "Worked on it", notePublic: true, ...v });
  const wt = await ticket(website.id, A.id, "Home page layout");
  await time(wt.id, "2026-11-18T09:00:00Z", 2);
  await time(wt.id, "2026-11-19T09:00:00Z", 1.5);
  await time(wt.id, "2026-11-19T13:00:00Z", 1, { billable: false, note: "Internal review", notePublic: false });
  const st = await ticket(support.id, A.id, "Printer offline");
  await time(st.id, "2026-11-20T10:00:00Z", 0.25);
  const bt = await ticket(bJob.id, B.id, "Audit logs");
  await time(bt.id, "2026-11-20T10:00:00Z", 3);

  const other = await addTenant(t, "other.test");
  /** After the clock jumps past the session lifetime: the staff member and the contacts sign in again. */
  async function signInAgain() {
    staff = await staffLogin(t);
    world.staff = staff;
    for (const c of Object.values(world.contacts)) {
      c.cookie = cookieFrom(await call(t, "POST", "/api/portal/auth/login", { body: { username: c.email, password: "a-long-enough-passphrase-42" } }));
    }
  }
  const world = { t, staff, s, signInAgain, me, accounts: { A, B }, contacts: { carla, colin, alma, bob }, jobs: { website, support, bJob }, tickets: { wt, st, bt }, time, other };
  return world;
}
export type ApprovalWorld = Awaited<ReturnType<typeof buildApprovalWorld>>;
