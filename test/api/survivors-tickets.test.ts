/**
 * Ticket rules checked at their edges: the form and defaults a role gives (ROL-2, TKT-2), which job a
 * new ticket lands on (TKT-2, JOB-1), who hears of portal notes and staff replies (TKT-5), and what
 * the portal ticket view offers to do (TKT-3).
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accounts } from "../../src/server/db/schema/index.js";
import { activeContact, call, createTestApp, defaultJob, makeAccount, makeContact, ok, staffLogin, type TestApp, uniq } from "../harness.js";
import { lookupId, makeStaffUser, ticketCount, ticketMailCounts } from "./ticket-fixture.js";

let t: TestApp;
let staff: string;
beforeAll(async () => {
  t = await createTestApp();
  staff = await staffLogin(t);
}, 60_000);
afterAll(() => t.close());

const s = (method: string, url: string, body?: unknown) => call(t, method, url, { cookie: staff, body });


async function makeRole(permissions: string[], v: Record<string, unknown> = {}) {
  return ok<{ id: string }>(s("POST", "/api/staff/portal-roles", { name: `Role ${uniq()}`, permissions, quickForm: false, visibleFields: [], ...v }));
}
type JobDto = { id: string; isDefault: boolean; number: string };
async function makeJob(accountId: string, number: string, v: object = {}) {
  return ok<JobDto>(s("POST", `/api/staff/accounts/${accountId}/jobs`, { number, name: `Job ${number}`, visibleInPortal: true, customersAddTickets: true, copyEmailsToManager: false, hoursVisible: false, ...v }));
}
/** The account's default job (JOB-1: every account is created with one), given this number and name. */
const firstJob = (accountId: string, number: string, v: object = {}) => defaultJob(t, staff, accountId, { number, name: `Job ${number}`, ...v });
async function staffTicket(title: string, jobId: string, contactId: string | null) {
  return ok<{ id: string; number: number; title: string }>(s("POST", "/api/staff/tickets", { title, details: "", jobId, contactId }));
}
const portalCreate = (cookie: string, body: object) => call(t, "POST", "/api/portal/tickets", { cookie, body: { title: `Portal ticket ${uniq()}`, ...body } });
const setMembership = (accountId: string, contactId: string, body: object) => ok(s("PATCH", `/api/staff/accounts/${accountId}/contacts/${contactId}`, body));

/** Runs `fn` with the ticket settings patched, and puts them back afterwards, pass or fail. */
async function withTicketSettings<T>(patch: Record<string, unknown>, fn: () => Promise<T>): Promise<T> {
  const before = await ok<Record<string, unknown>>(s("GET", "/api/staff/settings/tickets"));
  await ok(s("PATCH", "/api/staff/settings/tickets", patch));
  try {
    return await fn();
  } finally {
    await ok(s("PATCH", "/api/staff/settings/tickets", Object.fromEntries(Object.keys(patch).map((k) => [k, before[k]]))));
  }
}

describe("ROL-2 the form of a contact without a role, and the role's defaults", () => {
  it("ROL-2 TKT-2 a contact whose account and membership have no portal role gets the quick form (title, details, attachments) and no default type or priority", async () => {
    const account = await makeAccount(t, staff, { name: `No role ${uniq()}` });
    await firstJob(account.id, `NR-${uniq()}`);
    const nora = await activeContact(t, staff, [account.id], { firstName: "Nora", lastName: "Norole" });
    // A client administrator may see the form whatever the role; the account is left with no role at all.
    await setMembership(account.id, nora.id, { clientAdmin: true });
    await t.c.deps.db.update(accounts).set({ portalRoleId: null }).where(eq(accounts.id, account.id));

    const form = await ok(call(t, "GET", "/api/portal/tickets/form", { cookie: nora.cookie }));
    expect(form.layout).toBe("quick");
    expect(form.visibleFields).toEqual(["attachments"]);
    // Without a role there is no permission to create: no job is offered either.
    expect(form.defaults).toEqual({ jobId: null, typeId: null, priorityId: null });
    expect(form.canCreate).toBe(false);
  });

  it("ROL-2 TKT-2 the role's default type and priority are applied when the full form omits them", async () => {
    const [question, high] = await Promise.all([lookupId(t, staff, "ticket_type", "Question"), lookupId(t, staff, "priority", "High")]);
    const role = await makeRole(["tickets.view_own", "tickets.create"], { quickForm: false, visibleFields: ["priority", "ticket_type"], defaultTypeId: question, defaultPriorityId: high });
    const account = await makeAccount(t, staff, { name: `Defaults ${uniq()}`, portalRoleId: role.id });
    await firstJob(account.id, `DF-${uniq()}`);
    const dana = await activeContact(t, staff, [account.id], { firstName: "Dana", lastName: "Defaults" });

    const form = await ok(call(t, "GET", "/api/portal/tickets/form", { cookie: dana.cookie }));
    expect(form.layout).toBe("full");
    const created = await portalCreate(dana.cookie, { details: "No type nor priority sent" });
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    expect(created.body.type?.id).toBe(question);
    expect(created.body.priority?.id).toBe(high);
  });
});

describe("TKT-2 fields the form does not show", () => {
  it("TKT-2 ROL-2 a list field the role's form does not show is refused by name, and no ticket is made", async () => {
    const role = await makeRole(["tickets.view_own", "tickets.create"], { visibleFields: ["ticket_type"] });
    const account = await makeAccount(t, staff, { name: `Narrow ${uniq()}`, portalRoleId: role.id });
    const nora = await activeContact(t, staff, [account.id], { firstName: "Nora", lastName: "Narrow" });
    const high = await lookupId(t, staff, "priority", "High");

    const before = await ticketCount(t);
    const r = await portalCreate(nora.cookie, { priorityId: high });
    expect(r.status).toBe(400);
    expect(r.body.fields).toEqual([{ field: "priorityId", message: "is not on your ticket form" }]);
    expect(await ticketCount(t)).toBe(before);
  });
});

describe("TKT-2 the job a new portal ticket goes on", () => {
  it("TKT-2 a job sent on the quick form is refused as not on the form, and no ticket is made", async () => {
    const role = await makeRole(["tickets.view_own", "tickets.create"], { quickForm: true });
    const account = await makeAccount(t, staff, { name: `Quick ${uniq()}`, portalRoleId: role.id });
    const job = await firstJob(account.id, `QK-${uniq()}`);
    const quinn = await activeContact(t, staff, [account.id], { firstName: "Quinn", lastName: "Quick" });

    const before = await ticketCount(t);
    const r = await portalCreate(quinn.cookie, { jobId: job.id });
    expect(r.status).toBe(400);
    expect(r.body.fields).toEqual([{ field: "jobId", message: "is not on your ticket form" }]);
    expect(await ticketCount(t)).toBe(before);
    // Without the job the same contact's ticket goes through, on the default job.
    const fine = await portalCreate(quinn.cookie, {});
    expect(fine.status, JSON.stringify(fine.body)).toBe(200);
    expect(fine.body.job.id).toBe(job.id);
  });

  it("TKT-2 JOB-1 with no job given the ticket goes on the default job, not another open job; if the default is closed to tickets, on an open one", async () => {
    const role = await makeRole(["tickets.view_own", "tickets.create"]);
    const account = await makeAccount(t, staff, { name: `Jobs ${uniq()}`, portalRoleId: role.id });
    const first = await firstJob(account.id, `M-${uniq()}`);
    const second = await makeJob(account.id, `A-${uniq()}`);
    expect(first.isDefault).toBe(true);
    expect(second.isDefault).toBe(false);
    const cleo = await activeContact(t, staff, [account.id], { firstName: "Cleo", lastName: "Clientadmin" });
    // A client administrator may post on every add-ticket job of the account: both are open to her.
    await setMembership(account.id, cleo.id, { clientAdmin: true });
    const form = await ok(call(t, "GET", "/api/portal/tickets/form", { cookie: cleo.cookie }));
    expect(form.jobs.map((j: { id: string }) => j.id).sort()).toEqual([first.id, second.id].sort());

    const onFirst = await portalCreate(cleo.cookie, {});
    expect(onFirst.body.job.id).toBe(first.id);
    await ok(s("POST", `/api/staff/jobs/${second.id}/make-default`));
    const onSecond = await portalCreate(cleo.cookie, {});
    expect(onSecond.body.job.id).toBe(second.id);
    // The default job no longer takes tickets: the other open job is used.
    await ok(s("PATCH", `/api/staff/jobs/${second.id}`, { customersAddTickets: false }));
    const fallback = await portalCreate(cleo.cookie, {});
    expect(fallback.status, JSON.stringify(fallback.body)).toBe(200);
    expect(fallback.body.job.id).toBe(first.id);
  });

  it("TKT-2 a contact whose account has no job open for new tickets is refused with the reason, and no ticket is made", async () => {
    const account = await makeAccount(t, staff, { name: `Closed ${uniq()}` });
    await firstJob(account.id, `CL-${uniq()}`, { customersAddTickets: false });
    const carl = await activeContact(t, staff, [account.id], { firstName: "Carl", lastName: "Closed" });
    const before = await ticketCount(t);
    const r = await portalCreate(carl.cookie, {});
    expect(r.status).toBe(400);
    expect(r.body.fields).toEqual([{ field: "jobId", message: "no job is open for new tickets; contact support" }]);
    expect(await ticketCount(t)).toBe(before);
  });
});

describe("TKT-5 who hears of portal notes and staff replies", () => {
  it("TKT-5 a customer's portal note notifies the ticket's assignee and the submission list, and not the note's author", async () => {
    const account = await makeAccount(t, staff, { name: `Notes ${uniq()}` });
    const job = await firstJob(account.id, `NT-${uniq()}`);
    const author = await activeContact(t, staff, [account.id], { firstName: "Nell", lastName: "Noter" });
    const n = uniq();
    const assignee = await makeStaffUser(t, staff, "Asa Assignee", `asa.${n}@provider.test`);
    const ticket = await staffTicket(`Noted ticket ${n}`, job.id, author.id);
    await ok(s("PATCH", `/api/staff/tickets/${ticket.id}`, { assignedStaffId: assignee.id }));
    const desk = `desk.${n}@provider.test`;
    await withTicketSettings({ submissionNotifyEmails: [desk, author.email] }, async () => {
      expect(await ticketMailCounts(t, ticket)).toEqual({});
      const r = await call(t, "POST", `/api/portal/tickets/${ticket.id}/notes`, { cookie: author.cookie, body: { body: "A note from the customer" } });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      // The author is on the submission list too, and still hears nothing of their own note.
      expect(await ticketMailCounts(t, ticket)).toEqual({ [assignee.email]: 1, [desk]: 1 });
    });
  });

  it("TKT-5 a staff public reply emails the ticket's contact, but not an archived contact nor a contact without an email", async () => {
    const account = await makeAccount(t, staff, { name: `Replies ${uniq()}` });
    const job = await firstJob(account.id, `RP-${uniq()}`);
    const kept = await makeContact(t, staff, [account.id], { firstName: "Kim", lastName: "Kept" });
    const gone = await makeContact(t, staff, [account.id], { firstName: "Gil", lastName: "Gone" });
    const mute = await makeContact(t, staff, [account.id], { firstName: "Mo", lastName: "Mailless", email: null });
    const n = uniq();
    const [toKept, toGone, toMute] = [await staffTicket(`Reply kept ${n}`, job.id, kept.id), await staffTicket(`Reply gone ${n}`, job.id, gone.id), await staffTicket(`Reply mute ${n}`, job.id, mute.id)];
    await ok(s("POST", `/api/staff/contacts/${gone.id}/archive`));
    for (const tk of [toKept, toGone, toMute]) await ok(s("POST", `/api/staff/tickets/${tk.id}/notes`, { body: "We are on it", isPublic: true }));
    expect(await ticketMailCounts(t, toKept)).toEqual({ [kept.email]: 1 });
    expect(await ticketMailCounts(t, toGone)).toEqual({});
    expect(await ticketMailCounts(t, toMute)).toEqual({});
  });

  it("TKT-5 a disabled assignee and a disabled job manager get no email of a portal note, and the note is still added", async () => {
    const account = await makeAccount(t, staff, { name: `Disabled ${uniq()}` });
    const n = uniq();
    const assignee = await makeStaffUser(t, staff, "Ava Assignee", `ava.${n}@provider.test`);
    const manager = await makeStaffUser(t, staff, "Max Manager", `max.${n}@provider.test`);
    const job = await firstJob(account.id, `DS-${n}`, { managerStaffId: manager.id, copyEmailsToManager: true });
    const author = await activeContact(t, staff, [account.id], { firstName: "Dora", lastName: "Disabled" });
    const ticket = await staffTicket(`Disabled staff ticket ${n}`, job.id, author.id);
    await ok(s("PATCH", `/api/staff/tickets/${ticket.id}`, { assignedStaffId: assignee.id }));
    const note = (body: string) => call(t, "POST", `/api/portal/tickets/${ticket.id}/notes`, { cookie: author.cookie, body: { body } });

    expect((await note("While both are enabled")).status).toBe(200);
    expect(await ticketMailCounts(t, ticket)).toEqual({ [assignee.email]: 1, [manager.email]: 1 });
    for (const u of [assignee, manager]) await ok(s("PATCH", `/api/staff/users/${u.id}`, { disabled: true }));
    const r = await note("After both are disabled");
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.notes.map((x: { body: string }) => x.body)).toContain("After both are disabled");
    expect(await ticketMailCounts(t, ticket)).toEqual({ [assignee.email]: 1, [manager.email]: 1 });
  });
});

describe("TKT-3 what the portal ticket view offers", () => {
  it("TKT-3 ROL-1 the ticket view offers adding notes and uploading to a role that may add notes, and to a role that may only view it offers neither", async () => {
    const account = await makeAccount(t, staff, { name: `Offers ${uniq()}` });
    const job = await firstJob(account.id, `OF-${uniq()}`);
    const vera = await activeContact(t, staff, [account.id], { firstName: "Vera", lastName: "Viewer" });
    const ticket = await staffTicket(`Offers ticket ${uniq()}`, job.id, vera.id);
    const cases: [string[], { addNote: boolean; upload: boolean }][] = [
      [["tickets.view_account", "tickets.create"], { addNote: true, upload: true }],
      [["tickets.view_account", "tickets.edit"], { addNote: true, upload: true }],
      [["tickets.view_account"], { addNote: false, upload: false }],
    ];
    for (const [permissions, expected] of cases) {
      const role = await makeRole(permissions);
      await setMembership(account.id, vera.id, { portalRoleId: role.id });
      const view = await ok(call(t, "GET", `/api/portal/tickets/${ticket.id}`, { cookie: vera.cookie }));
      expect(view.can, permissions.join("+")).toEqual(expected);
    }
    expect(cases).toHaveLength(3);
  });
});
