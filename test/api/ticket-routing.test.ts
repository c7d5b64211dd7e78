/**
 * Issue 9, item 7: someone hears about every new portal ticket, and a customer's reply puts the ticket back on
 * the staff side. New portal tickets go to the tenant's new-ticket assignee (on a new install the first
 * administrator; while that person is disabled, the first active administrator); a customer's note brings a
 * ticket that waits on the customer back to the status it had and marks it in the queue until staff answer.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD, loadDemoData } from "../../src/server/demo.js";
import { activeContact, addTenant, ADMIN, call, cookieFrom, createTestApp, makeAccount, ok, staffLogin, type TestApp, uniq } from "../harness.js";
import { lookupId, makeStaffUser, ticketMailCounts } from "./ticket-fixture.js";

let t: TestApp;
let staff: string;
let adaId: string;
beforeAll(async () => {
  t = await createTestApp();
  staff = await staffLogin(t);
  adaId = (await call(t, "GET", "/api/staff/me", { cookie: staff })).body.id;
}, 60_000);
afterAll(() => t.close());

const s = (method: string, url: string, body?: unknown) => call(t, method, url, { cookie: staff, body });

type Ticket = { id: string; number: number; title: string };

/** An account with an open job and a signed-in customer of it. */
async function customer() {
  const account = await makeAccount(t, staff, { name: `Routing ${uniq()}` });
  const job = await ok<{ id: string }>(s("POST", `/api/staff/accounts/${account.id}/jobs`, { number: `RT-${uniq()}`, name: "Support", visibleInPortal: true, customersAddTickets: true, copyEmailsToManager: false, hoursVisible: false }));
  const contact = await activeContact(t, staff, [account.id], { firstName: "Rita", lastName: `Router${uniq()}` });
  const raise = (title = `Portal ticket ${uniq()}`) => ok<Ticket>(call(t, "POST", "/api/portal/tickets", { cookie: contact.cookie, body: { title, details: "Please help" } }));
  const reply = (ticket: Ticket, body = "Here is the answer you asked for") => ok(call(t, "POST", `/api/portal/tickets/${ticket.id}/notes`, { cookie: contact.cookie, body: { body } }));
  return { account, job, contact, raise, reply };
}

const staffView = (ticket: Ticket) => ok<{ status: { id: string; name: string }; assignedStaff: { id: string } | null; customerRepliedAt: string | null }>(s("GET", `/api/staff/tickets/${ticket.id}`));
const queueIds = async (query: string) => (await ok<{ items: { id: string }[] }>(s("GET", `/api/staff/tickets?pageSize=100&${query}`))).items.map((i) => i.id);

/** Runs `fn` with the new-ticket assignee set, and puts the setting back afterwards, pass or fail. */
async function withAssignee<T>(id: string | null, fn: () => Promise<T>): Promise<T> {
  const before = (await ok<{ newTicketAssigneeId: string | null }>(s("GET", "/api/staff/settings/portal"))).newTicketAssigneeId;
  await ok(s("PATCH", "/api/staff/settings/portal", { newTicketAssigneeId: id }));
  try {
    return await fn();
  } finally {
    await ok(s("PATCH", "/api/staff/settings/portal", { newTicketAssigneeId: before }));
  }
}

describe("FIRST-7 new portal tickets have an owner from the first day", () => {
  it("FIRST-7 on a fresh install the first administrator is the new-ticket assignee: a customer's first portal ticket is assigned to them and they are emailed", async () => {
    const host = "fresh.test";
    const tenant = await addTenant(t, host);
    const link = await t.c.services.staff.createSetupLink(tenant.id);
    const token = new URL(link).searchParams.get("token");
    const admin = { name: "Fay First", email: "fay@fresh.test", password: "first day passphrase 2026" };
    const setup = await call(t, "POST", "/api/staff/setup", { host, body: { token, ...admin } });
    expect(setup.status, JSON.stringify(setup.body)).toBe(200);
    const fay = cookieFrom(setup.raw);
    const as = (method: string, url: string, body?: unknown) => call(t, method, url, { cookie: fay, body, host });
    // Nothing else would tell anyone: the submission list starts empty and no job copies its manager.
    expect((await as("GET", "/api/staff/settings/tickets")).body.submissionNotifyEmails).toEqual([]);
    expect((await as("GET", "/api/staff/settings/portal")).body.newTicketAssigneeId).toBe(setup.body.id);

    const account = await makeAccount(t, fay, { name: "First Customer Ltd" }, host);
    expect((await as("POST", `/api/staff/accounts/${account.id}/jobs`, { number: "FC-1", name: "Support", visibleInPortal: true, customersAddTickets: true, copyEmailsToManager: false, hoursVisible: false })).status).toBe(200);
    const contact = await activeContact(t, fay, [account.id], { firstName: "Cora", lastName: "Customer" }, host);
    const raised = await call(t, "POST", "/api/portal/tickets", { cookie: contact.cookie, host, body: { title: "Our first ticket", details: "Hello" } });
    expect(raised.status, JSON.stringify(raised.body)).toBe(200);

    expect((await as("GET", `/api/staff/tickets/${raised.body.id}`)).body.assignedStaff).toEqual({ id: setup.body.id, name: admin.name });
    expect(await ticketMailCounts(t, raised.body, tenant.id)).toEqual({ [admin.email]: 1 });
    const mine = (await as("GET", "/api/staff/tickets?assignedStaffId=me")).body.items.map((i: { id: string }) => i.id);
    expect(mine).toEqual([raised.body.id]);
  });

  it("FIRST-7 new portal tickets go to the chosen staff member, who is emailed; with Nobody chosen they stay unassigned", async () => {
    const dee = await makeStaffUser(t, staff, "Dee Desk", `dee.${uniq()}@provider.test`);
    const c = await customer();
    await withAssignee(dee.id, async () => {
      const ticket = await c.raise();
      expect((await staffView(ticket)).assignedStaff?.id).toBe(dee.id);
      expect(await ticketMailCounts(t, ticket)).toEqual({ [dee.email]: 1 });
    });
    await withAssignee(null, async () => {
      const ticket = await c.raise();
      expect((await staffView(ticket)).assignedStaff).toBeNull();
      expect(await ticketMailCounts(t, ticket)).toEqual({});
    });
  });

  it("FIRST-7 while the new-ticket assignee is disabled, new portal tickets go to the first active administrator, never to the disabled user", async () => {
    const dan = await makeStaffUser(t, staff, "Dan Disabled", `dan.${uniq()}@provider.test`);
    const c = await customer();
    await withAssignee(dan.id, async () => {
      await ok(s("PATCH", `/api/staff/users/${dan.id}`, { disabled: true }));
      const ticket = await c.raise();
      expect((await staffView(ticket)).assignedStaff?.id).toBe(adaId);
      expect(await ticketMailCounts(t, ticket)).toEqual({ [ADMIN.email]: 1 });
      // The settings form sends the whole form back: saving it with the disabled choice unchanged is no error.
      const settings = await ok(s("GET", "/api/staff/settings/portal"));
      expect((await ok(s("PATCH", "/api/staff/settings/portal", settings))).newTicketAssigneeId).toBe(dan.id);
      await ok(s("PATCH", `/api/staff/users/${dan.id}`, { disabled: false }));
    });
  });

  it("FIRST-7 the new-ticket assignee must be an active staff member of this company: another tenant's staff member, a disabled one or an unknown id is refused with a field error", async () => {
    const other = await addTenant(t, "elsewhere.test");
    const { staffId: stranger } = await t.c.services.staff.createFirstAdmin(other.id, { name: "Stan Stranger", email: "stan@elsewhere.test", password: "another tenant passphrase" });
    const gone = await makeStaffUser(t, staff, "Gail Gone", `gail.${uniq()}@provider.test`);
    await ok(s("PATCH", `/api/staff/users/${gone.id}`, { disabled: true }));
    const before = (await ok(s("GET", "/api/staff/settings/portal"))).newTicketAssigneeId;
    const cases: [string, string][] = [
      [stranger, "is not a staff member"],
      ["00000000-0000-4000-8000-000000000000", "is not a staff member"],
      [gone.id, "is disabled; choose an active staff member"],
    ];
    for (const [id, message] of cases) {
      const r = await s("PATCH", "/api/staff/settings/portal", { newTicketAssigneeId: id, portalName: "Not saved" });
      expect(r.status, id).toBe(400);
      expect(r.body.fields).toEqual([{ field: "newTicketAssigneeId", message }]);
    }
    expect((await s("PATCH", "/api/staff/settings/portal", { newTicketAssigneeId: "not-an-id" })).body.fields[0].field).toBe("newTicketAssigneeId");
    const after = await ok(s("GET", "/api/staff/settings/portal"));
    expect(after.newTicketAssigneeId).toBe(before);
    expect(after.portalName).not.toBe("Not saved");
  });

  it("FIRST-7 demo data loaded where nobody receives new portal tickets routes them to the demo administrator", async () => {
    await withAssignee(null, async () => {
      await loadDemoData(t.c.deps, t.tenantId);
      const alex = await staffLogin(t, { email: "alex@demo.portico.test", password: DEMO_PASSWORD });
      const alexId = (await call(t, "GET", "/api/staff/me", { cookie: alex })).body.id;
      expect((await ok(s("GET", "/api/staff/settings/portal"))).newTicketAssigneeId).toBe(alexId);
    });
  });
});

describe("FIRST-7 a customer's reply puts the ticket back on the staff side", () => {
  it("FIRST-7 a reply on a ticket waiting for the customer brings back the status it had, marks it waiting on us in the queue, and emails the assignee", async () => {
    const c = await customer();
    const sam = await makeStaffUser(t, staff, "Sam Owner", `sam.${uniq()}@provider.test`);
    const ticket = await c.raise();
    const quiet = await c.raise();
    const inProgress = await lookupId(t, staff, "status", "In progress");
    const waiting = await lookupId(t, staff, "status", "Waiting for customer");
    await ok(s("PATCH", `/api/staff/tickets/${ticket.id}`, { assignedStaffId: sam.id, statusId: inProgress }));
    await ok(s("PATCH", `/api/staff/tickets/${ticket.id}`, { statusId: waiting }));
    expect(await queueIds("waitingOn=customer")).toContain(ticket.id);
    expect(await ticketMailCounts(t, ticket)).toEqual({ [ADMIN.email]: 1 });

    t.clock.advance(60_000);
    await c.reply(ticket);
    const after = await staffView(ticket);
    expect(after.status).toEqual({ id: inProgress, name: "In progress" });
    expect(after.customerRepliedAt).toBe(t.clock.now.toISOString());
    expect(await ticketMailCounts(t, ticket)).toEqual({ [ADMIN.email]: 1, [sam.email]: 1 });

    const waitingOnUs = await queueIds("waitingOn=us");
    expect(waitingOnUs).toContain(ticket.id);
    expect(waitingOnUs).not.toContain(quiet.id);
    expect(await queueIds("waitingOn=customer")).not.toContain(ticket.id);
    const row = (await ok<{ items: { id: string; customerRepliedAt: string | null }[] }>(s("GET", "/api/staff/tickets?pageSize=100"))).items.find((i) => i.id === ticket.id);
    expect(row?.customerRepliedAt).toBe(after.customerRepliedAt);

    // A second reply keeps the time of the first: the queue shows how long the customer has waited.
    t.clock.advance(60_000);
    await c.reply(ticket, "And one more thing");
    expect((await staffView(ticket)).customerRepliedAt).toBe(after.customerRepliedAt);
  });

  it("FIRST-7 with no status to return to, a reply moves a waiting ticket to the first open status that waits on staff; an unassigned ticket's reply emails the new-ticket assignee", async () => {
    const c = await customer();
    const waiting = await lookupId(t, staff, "status", "Waiting for customer");
    const ticket = await ok<Ticket>(s("POST", "/api/staff/tickets", { title: `Raised waiting ${uniq()}`, details: "", jobId: c.job.id, contactId: c.contact.id, statusId: waiting }));
    expect((await staffView(ticket)).assignedStaff).toBeNull();
    await c.reply(ticket);
    const after = await staffView(ticket);
    expect(after.status.name).toBe("New");
    expect(after.assignedStaff).toBeNull();
    expect(await ticketMailCounts(t, ticket)).toEqual({ [ADMIN.email]: 1 });
  });

  it("FIRST-7 a status an administrator marks as waiting on the customer behaves like Waiting for customer", async () => {
    const statuses = (await ok<{ items: { name: string; awaitsCustomer: boolean }[] }>(s("GET", "/api/staff/lookups?kind=status"))).items;
    expect(statuses.filter((x) => x.awaitsCustomer).map((x) => x.name)).toEqual(["Waiting for customer"]);
    const onHold = await ok<{ id: string; awaitsCustomer: boolean }>(s("POST", "/api/staff/lookups", { kind: "status", name: `On hold ${uniq()}`, sort: 50, awaitsCustomer: true }));
    expect(onHold.awaitsCustomer).toBe(true);
    const c = await customer();
    const ticket = await c.raise();
    await ok(s("PATCH", `/api/staff/tickets/${ticket.id}`, { statusId: onHold.id }));
    await c.reply(ticket);
    expect((await staffView(ticket)).status.name).toBe("New");
    // Switched off, the status no longer waits on the customer: a reply leaves it where it is.
    expect((await ok(s("PATCH", `/api/staff/lookups/${onHold.id}`, { awaitsCustomer: false }))).awaitsCustomer).toBe(false);
    await ok(s("PATCH", `/api/staff/tickets/${ticket.id}`, { statusId: onHold.id }));
    await c.reply(ticket);
    expect((await staffView(ticket)).status.id).toBe(onHold.id);
    // A ticket that does not wait on the customer keeps its status when the customer writes.
    const other = await c.raise();
    await c.reply(other);
    const view = await staffView(other);
    expect(view.status.name).toBe("New");
    expect(view.customerRepliedAt).not.toBeNull();
  });

  it("FIRST-7 a staff public note or a status change answers the customer's reply and clears the mark; an internal note does not", async () => {
    const c = await customer();
    const ticket = await c.raise();
    const marked = async () => (await staffView(ticket)).customerRepliedAt !== null;
    await c.reply(ticket);
    expect(await marked()).toBe(true);
    await ok(s("POST", `/api/staff/tickets/${ticket.id}/notes`, { body: "Looking into it, internally", isPublic: false }));
    expect(await marked()).toBe(true);
    expect(await queueIds("waitingOn=us")).toContain(ticket.id);
    await ok(s("POST", `/api/staff/tickets/${ticket.id}/notes`, { body: "We are on it", isPublic: true }));
    expect(await marked()).toBe(false);
    expect(await queueIds("waitingOn=us")).not.toContain(ticket.id);

    await c.reply(ticket);
    expect(await marked()).toBe(true);
    // Saving other fields, or the status it already has, is no answer.
    await ok(s("PATCH", `/api/staff/tickets/${ticket.id}`, { title: "Renamed", statusId: (await staffView(ticket)).status.id }));
    expect(await marked()).toBe(true);
    await ok(s("PATCH", `/api/staff/tickets/${ticket.id}`, { statusId: await lookupId(t, staff, "status", "In progress") }));
    expect(await marked()).toBe(false);
  });
});
