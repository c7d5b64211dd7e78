import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatDate } from "../../src/web/components/ui.js";
import { activeContact, call, defaultJob, makeAccount } from "../harness.js";
import { buildTicketWorld, lookupId, makeStaffUser, ticketCount, ticketMailCounts, type TicketWorld, upload } from "./ticket-fixture.js";

let w: TicketWorld;
beforeAll(async () => {
  w = await buildTicketWorld();
}, 120_000);
afterAll(() => w.t.close());

const staff = (method: string, url: string, body?: unknown) => call(w.t, method, url, { cookie: w.staff, body });

describe("JOB-1 jobs", () => {
  it("JOB-1 the first job of an account is its default; one default per account, enforced by the database", async () => {
    const jobs = (await staff("GET", `/api/staff/accounts/${w.accounts.A.id}/jobs`)).body.items;
    expect(jobs.filter((j: { isDefault: boolean }) => j.isDefault)).toHaveLength(1);
    expect(jobs.find((j: { isDefault: boolean }) => j.isDefault).number).toBe("A-1");
    const { jobs: jobTable } = await import("../../src/server/db/schema/index.js");
    const { eq } = await import("drizzle-orm");
    const err = await w.t.c.deps.db
      .update(jobTable)
      .set({ isDefault: true })
      .where(eq(jobTable.id, w.jobs.AHidden.id))
      .then(() => null, (e: { cause?: { code?: string; constraint?: string } }) => e);
    // The partial unique index refuses a second default: a unique violation, not any error.
    expect(err?.cause?.code).toBe("23505");
    expect(err?.cause?.constraint).toBe("jobs_one_default");
  });

  it("JOB-1 making another job the default moves it, and the new default is preselected on new tickets", async () => {
    const extra = (await staff("POST", `/api/staff/accounts/${w.accounts.B.id}/jobs`, { number: "B-2", name: "Second B job", visibleInPortal: true, customersAddTickets: true, copyEmailsToManager: false, hoursVisible: false })).body;
    expect((await staff("POST", `/api/staff/jobs/${extra.id}/make-default`)).body.isDefault).toBe(true);
    const jobs = (await staff("GET", `/api/staff/accounts/${w.accounts.B.id}/jobs`)).body.items;
    expect(jobs.filter((j: { isDefault: boolean }) => j.isDefault).map((j: { id: string }) => j.id)).toEqual([extra.id]);
    await call(w.t, "POST", "/api/portal/me/switch-account", { cookie: w.contacts.mixed.cookie, body: { accountId: w.accounts.B.id } });
    const form = await call(w.t, "GET", "/api/portal/tickets/form", { cookie: w.contacts.mixed.cookie });
    expect(form.body.defaults.jobId).toBe(extra.id);
    await call(w.t, "POST", "/api/portal/me/switch-account", { cookie: w.contacts.mixed.cookie, body: { accountId: w.accounts.A.id } });
  });

  it("JOB-1 a job that does not allow customer tickets is not offered and refuses them", async () => {
    const closedToCustomers = (await staff("POST", `/api/staff/accounts/${w.accounts.A.id}/jobs`, { number: "A-NOADD", name: "No adding", visibleInPortal: true, customersAddTickets: false, copyEmailsToManager: false, hoursVisible: false })).body;
    const form = await call(w.t, "GET", "/api/portal/tickets/form", { cookie: w.contacts.adminA.cookie });
    expect(form.body.jobs.map((j: { id: string }) => j.id)).not.toContain(closedToCustomers.id);
    const r = await call(w.t, "POST", "/api/portal/tickets", { cookie: w.contacts.adminA.cookie, body: { title: "x", jobId: closedToCustomers.id } });
    expect(r.status).toBe(403);
  });

  it("JOB-1 only active jobs are offered and accept new tickets; the default job cannot be closed", async () => {
    const c = w.contacts.adminA.cookie;
    const job = (await staff("POST", `/api/staff/accounts/${w.accounts.A.id}/jobs`, { number: "A-SEASON", name: "Seasonal job", visibleInPortal: true, customersAddTickets: true, copyEmailsToManager: false, hoursVisible: false })).body;
    const offered = async () => (await call(w.t, "GET", "/api/portal/tickets/form", { cookie: c })).body.jobs.map((j: { id: string }) => j.id);
    const total = () => ticketCount(w.t);
    expect(await offered()).toContain(job.id);
    try {
      expect((await staff("PATCH", `/api/staff/jobs/${job.id}`, { status: "closed" })).body.status).toBe("closed");
      expect(await offered()).not.toContain(job.id);
      expect(await offered()).toContain(w.jobs.A1.id);
      const before = await total();
      const refused = await call(w.t, "POST", "/api/portal/tickets", { cookie: c, body: { title: "On a closed job", jobId: job.id } });
      expect(refused.status).toBe(403);
      expect(await total()).toBe(before);
      expect((await staff("PATCH", `/api/staff/jobs/${w.jobs.A1.id}`, { status: "closed" })).status).toBe(409);
    } finally {
      await staff("PATCH", `/api/staff/jobs/${job.id}`, { status: "active" });
    }
    // Reopened, it is offered and accepts tickets again.
    expect(await offered()).toContain(job.id);
    const ok = await call(w.t, "POST", "/api/portal/tickets", { cookie: c, body: { title: "On a reopened job", jobId: job.id } });
    expect(ok.status).toBe(200);
    expect(ok.body.job.id).toBe(job.id);
  });
});

describe("TKT-1 TKT-2 portal tickets", () => {
  it("TKT-2 the quick form shows title, details and attachments only, and refuses other fields", async () => {
    const roles = (await staff("GET", "/api/staff/portal-roles")).body.items;
    const user = roles.find((r: { name: string }) => r.name === "External User");
    await staff("PUT", `/api/staff/portal-roles/${user.id}`, { ...user, id: undefined, builtIn: undefined, quickForm: true });
    try {
      const form = await call(w.t, "GET", "/api/portal/tickets/form", { cookie: w.contacts.userA.cookie });
      expect(form.body.layout).toBe("quick");
      expect(form.body.visibleFields).toEqual(["attachments"]);
      const priority = (await staff("GET", "/api/staff/lookups?kind=priority")).body.items[0];
      const r = await call(w.t, "POST", "/api/portal/tickets", { cookie: w.contacts.userA.cookie, body: { title: "Quick", priorityId: priority.id } });
      expect(r.status).toBe(400);
      expect(r.body.fields[0].field).toBe("priorityId");
      const ok = await call(w.t, "POST", "/api/portal/tickets", { cookie: w.contacts.userA.cookie, body: { title: "Quick one", details: "just text" } });
      expect(ok.status).toBe(200);
      expect(ok.body.job.name).toBe("Job A-1");
      expect(ok.body.contact.name).toBe("Ursula User");
    } finally {
      await staff("PUT", `/api/staff/portal-roles/${user.id}`, { ...user, id: undefined, builtIn: undefined });
    }
  });

  it("TKT-2 the full form takes site, type, priority, issue and dependent sub-issue type and assets of the account", async () => {
    const l = async (kind: string, name: string, extra: object = {}) => (await staff("POST", "/api/staff/lookups", { kind, name, ...extra })).body;
    const issue = await l("issue_type", "Network");
    const sub = await l("sub_issue_type", "Wi-Fi", { parentId: issue.id });
    const otherIssue = await l("issue_type", "Printing");
    const site = await l("site", "Head office", { accountId: w.accounts.A.id });
    const siteOfB = await l("site", "B office", { accountId: w.accounts.B.id });
    const hw = await l("hardware_asset", "Laptop 42", { accountId: w.accounts.A.id });
    const sw = await l("software_asset", "Office suite", { accountId: w.accounts.A.id });
    const form = await call(w.t, "GET", "/api/portal/tickets/form", { cookie: w.contacts.managerA.cookie });
    expect(form.body.layout).toBe("full");
    expect(form.body.options.site.map((x: { id: string }) => x.id)).toEqual([site.id]);
    expect(form.body.options.sub_issue_type.find((x: { id: string }) => x.id === sub.id).parentId).toBe(issue.id);
    const base = { title: "Wi-Fi down", details: "No signal on floor 2", siteId: site.id, issueTypeId: issue.id, subIssueTypeId: sub.id, hardwareAssetId: hw.id, softwareAssetId: sw.id };
    const wrongParent = await call(w.t, "POST", "/api/portal/tickets", { cookie: w.contacts.managerA.cookie, body: { ...base, issueTypeId: otherIssue.id } });
    expect(wrongParent.body.fields[0].field).toBe("subIssueTypeId");
    const foreignSite = await call(w.t, "POST", "/api/portal/tickets", { cookie: w.contacts.managerA.cookie, body: { ...base, siteId: siteOfB.id } });
    expect(foreignSite.body.fields[0].field).toBe("siteId");
    // ROL-2: the role's default type and priority apply when the form sends none; sent ones are stored as sent.
    const roles = (await staff("GET", "/api/staff/portal-roles")).body.items;
    const manager = roles.find((r: { name: string }) => r.name === "External Manager");
    const [question, low, incident, critical] = await Promise.all([
      lookupId(w.t, w.staff, "ticket_type", "Question"),
      lookupId(w.t, w.staff, "priority", "Low"),
      lookupId(w.t, w.staff, "ticket_type", "Incident"),
      lookupId(w.t, w.staff, "priority", "Critical"),
    ]);
    expect((await staff("PUT", `/api/staff/portal-roles/${manager.id}`, { ...manager, id: undefined, builtIn: undefined, defaultTypeId: question, defaultPriorityId: low })).status).toBe(200);
    try {
      const ok = await call(w.t, "POST", "/api/portal/tickets", { cookie: w.contacts.managerA.cookie, body: base });
      expect(ok.status).toBe(200);
      expect(ok.body).toMatchObject({ site: { name: "Head office" }, issueType: { name: "Network" }, subIssueType: { name: "Wi-Fi" }, hardwareAsset: { name: "Laptop 42" }, softwareAsset: { name: "Office suite" } });
      expect(ok.body.type).toEqual({ id: question, name: "Question" });
      expect(ok.body.priority).toEqual({ id: low, name: "Low" });
      const chosen = await call(w.t, "POST", "/api/portal/tickets", { cookie: w.contacts.managerA.cookie, body: { ...base, title: "Chosen type", typeId: incident, priorityId: critical } });
      expect(chosen.status).toBe(200);
      const stored = (await staff("GET", `/api/staff/tickets/${chosen.body.id}`)).body;
      expect(stored.type).toEqual({ id: incident, name: "Incident" });
      expect(stored.priority).toEqual({ id: critical, name: "Critical" });
      expect((await staff("GET", `/api/staff/tickets/${ok.body.id}`)).body).toMatchObject({ type: { id: question }, priority: { id: low } });
    } finally {
      await staff("PUT", `/api/staff/portal-roles/${manager.id}`, { ...manager, id: undefined, builtIn: undefined });
    }
  });

  it("TKT-2 the tenant's add-ticket text is shown only while active", async () => {
    await staff("PATCH", "/api/staff/settings/tickets", { addTicketText: "Urgent? Call 555-0100.", addTicketTextActive: false });
    expect((await call(w.t, "GET", "/api/portal/tickets/form", { cookie: w.contacts.userA.cookie })).body.introText).toBeNull();
    await staff("PATCH", "/api/staff/settings/tickets", { addTicketTextActive: true });
    expect((await call(w.t, "GET", "/api/portal/tickets/form", { cookie: w.contacts.userA.cookie })).body.introText).toBe("Urgent? Call 555-0100.");
  });

  it("TKT-1 the list filters by status, job, priority and text, sorts and paginates", async () => {
    const c = w.contacts.managerA.cookie;
    // Tickets 1-3 on the default job, 4-5 on a second job of the account, so the job filter has something to leave out.
    const second = (await staff("POST", `/api/staff/accounts/${w.accounts.A.id}/jobs`, { number: "A-PAGING", name: "Paging job", visibleInPortal: true, customersAddTickets: true, copyEmailsToManager: false, hoursVisible: false })).body;
    for (let i = 1; i <= 3; i++) expect((await call(w.t, "POST", "/api/portal/tickets", { cookie: c, body: { title: `Paging ticket ${i}` } })).status).toBe(200);
    for (let i = 4; i <= 5; i++) expect((await staff("POST", "/api/staff/tickets", { title: `Paging ticket ${i}`, details: "", jobId: second.id, contactId: w.contacts.managerA.id })).status).toBe(200);
    const page1 = await call(w.t, "GET", "/api/portal/tickets?q=paging&pageSize=2&sort=title_asc", { cookie: c });
    expect(page1.body.total).toBe(5);
    expect(page1.body.items.map((x: { title: string }) => x.title)).toEqual(["Paging ticket 1", "Paging ticket 2"]);
    const page3 = await call(w.t, "GET", "/api/portal/tickets?q=paging&pageSize=2&page=3&sort=title_asc", { cookie: c });
    expect(page3.body.items.map((x: { title: string }) => x.title)).toEqual(["Paging ticket 5"]);
    const newest = await call(w.t, "GET", "/api/portal/tickets?q=paging&sort=number_desc&pageSize=1", { cookie: c });
    expect(newest.body.items[0].title).toBe("Paging ticket 5");
    const statuses = (await staff("GET", "/api/staff/lookups?kind=status")).body.items;
    const resolved = statuses.find((s: { name: string }) => s.name === "Resolved");
    await staff("PATCH", `/api/staff/tickets/${page1.body.items[0].id}`, { statusId: resolved.id });
    const closed = await call(w.t, "GET", `/api/portal/tickets?q=paging&statusId=${resolved.id}`, { cookie: c });
    expect(closed.body.items.map((x: { title: string }) => x.title)).toEqual(["Paging ticket 1"]);
    const open = await call(w.t, "GET", "/api/portal/tickets?q=paging&open=open", { cookie: c });
    expect(open.body.total).toBe(4);
    const titles = (r: { body: { items: { title: string }[] } }) => r.body.items.map((x) => x.title);
    const byDefaultJob = await call(w.t, "GET", `/api/portal/tickets?jobId=${w.jobs.A1.id}&q=paging&sort=title_asc`, { cookie: c });
    expect(titles(byDefaultJob)).toEqual(["Paging ticket 1", "Paging ticket 2", "Paging ticket 3"]);
    expect(byDefaultJob.body.total).toBe(3);
    const bySecondJob = await call(w.t, "GET", `/api/portal/tickets?jobId=${second.id}&q=paging&sort=title_asc`, { cookie: c });
    expect(titles(bySecondJob)).toEqual(["Paging ticket 4", "Paging ticket 5"]);
    expect(bySecondJob.body.total).toBe(2);
    const high = (await staff("GET", "/api/staff/lookups?kind=priority")).body.items.find((p: { name: string }) => p.name === "High");
    await staff("PATCH", `/api/staff/tickets/${page1.body.items[1].id}`, { priorityId: high.id });
    const byPriority = await call(w.t, "GET", `/api/portal/tickets?priorityId=${high.id}&q=paging`, { cookie: c });
    expect(byPriority.body.items.map((x: { title: string }) => x.title)).toEqual(["Paging ticket 2"]);
  });
});

describe("TKT-3 TKT-4 TKT-5 working a ticket", () => {
  it("TKT-3 customers see public notes only and can add a note", async () => {
    const r = await call(w.t, "GET", `/api/portal/tickets/${w.tickets.own.id}`, { cookie: w.contacts.userA.cookie });
    expect(r.body.notes.map((n: { body: string }) => n.body)).toEqual(["A public answer"]);
    const add = await call(w.t, "POST", `/api/portal/tickets/${w.tickets.own.id}/notes`, { cookie: w.contacts.userA.cookie, body: { body: "Thanks, it works now" } });
    expect(add.body.notes.at(-1)).toMatchObject({ body: "Thanks, it works now", author: "Ursula User", byStaff: false });
  });

  it("TKT-4 time entries are hidden, then name and date only, then hours when the job shows hours", async () => {
    await staff("POST", `/api/staff/tickets/${w.tickets.own.id}/time-entries`, { startedAt: "2026-11-20T09:00:00Z", endedAt: "2026-11-20T10:30:00Z", note: "Replaced the router", notePublic: true });
    await staff("POST", `/api/staff/tickets/${w.tickets.own.id}/time-entries`, { startedAt: "2026-11-20T11:00:00Z", endedAt: "2026-11-20T11:15:00Z", note: "internal musings", notePublic: false });
    const view = async () => (await call(w.t, "GET", `/api/portal/tickets/${w.tickets.own.id}`, { cookie: w.contacts.userA.cookie })).body;
    await staff("PATCH", "/api/staff/settings/tickets", { showTimeEntries: false });
    expect((await view()).timeEntries).toBeNull();
    await staff("PATCH", "/api/staff/settings/tickets", { showTimeEntries: true });
    const names = (await view()).timeEntries;
    expect(names).toEqual([
      { id: expect.any(String), staffName: "Ada Admin", date: "2026-11-20T09:00:00.000Z", hours: null, startedAt: null, endedAt: null, note: "Replaced the router" },
      { id: expect.any(String), staffName: "Ada Admin", date: "2026-11-20T11:00:00.000Z", hours: null, startedAt: null, endedAt: null, note: null },
    ]);
    await staff("PATCH", `/api/staff/jobs/${w.jobs.A1.id}`, { hoursVisible: true });
    const hours = (await view()).timeEntries;
    expect(hours[0]).toMatchObject({ hours: 1.5, startedAt: "2026-11-20T09:00:00.000Z", endedAt: "2026-11-20T10:30:00.000Z" });
    expect(JSON.stringify(hours)).not.toContain("internal musings");
    await staff("PATCH", `/api/staff/jobs/${w.jobs.A1.id}`, { hoursVisible: false });
  });

  it("TKT-4 a time entry must end after it starts", async () => {
    const r = await staff("POST", `/api/staff/tickets/${w.tickets.own.id}/time-entries`, { startedAt: "2026-11-20T10:00:00Z", endedAt: "2026-11-20T09:00:00Z" });
    expect(r.status).toBe(400);
    expect(r.body.fields[0].field).toBe("endedAt");
  });

  it("TKT-5 a staff public note emails the ticket's contact; an internal note emails no customer", async () => {
    const t = (await call(w.t, "POST", "/api/portal/tickets", { cookie: w.contacts.colleagueA.cookie, body: { title: "Reply to me" } })).body;
    const atCreation = await ticketMailCounts(w.t, t);
    expect(atCreation[w.contacts.colleagueA.email]).toBeUndefined();
    expect((await staff("POST", `/api/staff/tickets/${t.id}/notes`, { body: "Internal thought", isPublic: false })).status).toBe(200);
    expect(await ticketMailCounts(w.t, t)).toEqual(atCreation);
    expect((await staff("POST", `/api/staff/tickets/${t.id}/notes`, { body: "We are on it", isPublic: true })).status).toBe(200);
    expect(await ticketMailCounts(w.t, t)).toEqual({ ...atCreation, [w.contacts.colleagueA.email]: 1 });
  });

  it("TKT-6 times are stored in UTC and shown in the viewer's zone: contact, else account, else tenant", async () => {
    const settingsBefore = (await staff("GET", "/api/staff/settings/tickets")).body as { timeZone: string; showTimeEntries: boolean };
    const t0 = new Date(w.t.clock.now);
    try {
      // Created at a known instant, with a time entry that starts late on the 20th in UTC.
      w.t.clock.now = new Date("2026-11-22T10:00:00.000Z");
      const ticket = (await call(w.t, "POST", "/api/portal/tickets", { cookie: w.contacts.userA.cookie, body: { title: "What time is it" } })).body;
      await staff("POST", `/api/staff/tickets/${ticket.id}/time-entries`, { startedAt: "2026-11-20T22:30:00+00:00", endedAt: "2026-11-20T23:00:00+00:00" });
      await staff("PATCH", "/api/staff/settings/tickets", { showTimeEntries: true });
      const view = async () => {
        const me = (await call(w.t, "GET", "/api/portal/me", { cookie: w.contacts.userA.cookie })).body;
        const t = (await call(w.t, "GET", `/api/portal/tickets/${ticket.id}`, { cookie: w.contacts.userA.cookie })).body;
        // Rendered as the portal renders them: the UTC value in the viewer's effective zone.
        return { zone: me.effectiveTimeZone, opened: formatDate(t.createdAt, me.effectiveTimeZone), workedOn: formatDate(t.timeEntries[0].date, me.effectiveTimeZone, false), raw: t.createdAt };
      };
      // The wall-clock time a viewer in that zone reads, written as if it were UTC.
      const wall = (iso: string, withTime = true) => formatDate(iso, "UTC", withTime);

      await staff("PATCH", "/api/staff/settings/tickets", { timeZone: "Pacific/Auckland" });
      expect(await view()).toEqual({ zone: "Pacific/Auckland", opened: wall("2026-11-22T23:00:00Z"), workedOn: wall("2026-11-21T11:30:00Z", false), raw: "2026-11-22T10:00:00.000Z" });
      await staff("PATCH", `/api/staff/accounts/${w.accounts.A.id}`, { timeZone: "America/New_York" });
      expect(await view()).toEqual({ zone: "America/New_York", opened: wall("2026-11-22T05:00:00Z"), workedOn: wall("2026-11-20T17:30:00Z", false), raw: "2026-11-22T10:00:00.000Z" });
      await call(w.t, "PATCH", "/api/portal/me", { cookie: w.contacts.userA.cookie, body: { timeZone: "Asia/Tokyo" } });
      expect(await view()).toEqual({ zone: "Asia/Tokyo", opened: wall("2026-11-22T19:00:00Z"), workedOn: wall("2026-11-21T07:30:00Z", false), raw: "2026-11-22T10:00:00.000Z" });
      // The stored value is the UTC instant, whatever zone the viewer has.
      expect((await staff("GET", `/api/staff/tickets/${ticket.id}`)).body.createdAt).toBe("2026-11-22T10:00:00.000Z");
    } finally {
      w.t.clock.now = t0;
      await call(w.t, "PATCH", "/api/portal/me", { cookie: w.contacts.userA.cookie, body: { timeZone: null } });
      await staff("PATCH", `/api/staff/accounts/${w.accounts.A.id}`, { timeZone: null });
      await staff("PATCH", "/api/staff/settings/tickets", { timeZone: settingsBefore.timeZone, showTimeEntries: settingsBefore.showTimeEntries });
    }
  });

  it("TKT-3 the customer's ticket view shows the current status and the history of public notes in order, with author and time", async () => {
    const t0 = new Date(w.t.clock.now);
    const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000).toISOString();
    try {
      const ticket = (await call(w.t, "POST", "/api/portal/tickets", { cookie: w.contacts.userA.cookie, body: { title: "Follow my ticket" } })).body;
      expect(ticket.status.name).toBe("New");
      w.t.clock.advance(5 * 60_000);
      await staff("POST", `/api/staff/tickets/${ticket.id}/notes`, { body: "Looking into it", isPublic: true });
      w.t.clock.advance(5 * 60_000);
      await staff("POST", `/api/staff/tickets/${ticket.id}/notes`, { body: "Staff-only guess", isPublic: false });
      w.t.clock.advance(5 * 60_000);
      await call(w.t, "POST", `/api/portal/tickets/${ticket.id}/notes`, { cookie: w.contacts.userA.cookie, body: { body: "It happens every morning" } });
      w.t.clock.advance(5 * 60_000);
      const waiting = await lookupId(w.t, w.staff, "status", "Waiting for customer");
      expect((await staff("PATCH", `/api/staff/tickets/${ticket.id}`, { statusId: waiting })).status).toBe(200);
      const view = (await call(w.t, "GET", `/api/portal/tickets/${ticket.id}`, { cookie: w.contacts.userA.cookie })).body;
      expect(view.status).toEqual({ id: waiting, name: "Waiting for customer" });
      expect(view.createdAt).toBe(at(0));
      expect(view.updatedAt).toBe(at(20));
      expect(view.notes.map((x: { body: string; author: string; byStaff: boolean; createdAt: string }) => ({ body: x.body, author: x.author, byStaff: x.byStaff, createdAt: x.createdAt }))).toEqual([
        { body: "Looking into it", author: "Ada Admin", byStaff: true, createdAt: at(5) },
        { body: "It happens every morning", author: "Ursula User", byStaff: false, createdAt: at(15) },
      ]);
      // The list shows the same status.
      const listed = (await call(w.t, "GET", `/api/portal/tickets?q=${encodeURIComponent("Follow my ticket")}`, { cookie: w.contacts.userA.cookie })).body.items;
      expect(listed.map((x: { id: string; status: { name: string } }) => [x.id, x.status.name])).toEqual([[ticket.id, "Waiting for customer"]]);
    } finally {
      w.t.clock.now = t0;
    }
  });
});

describe("TKT-5 JOB-1 who hears of portal tickets and notes", () => {
  // An account of its own, so the exact recipients of each ticket email can be counted.
  let n: {
    account: { id: string };
    job: { id: string };
    author: Awaited<ReturnType<typeof activeContact>>;
    adminCopy: Awaited<ReturnType<typeof activeContact>>;
    adminNoCopy: { email: string };
    copyNotAdmin: { email: string };
    manager: { id: string; email: string };
    assignee: { id: string; email: string };
  };
  beforeAll(async () => {
    const account = await makeAccount(w.t, w.staff, { name: "Notify Ltd" });
    const manager = await makeStaffUser(w.t, w.staff, "Mia Manager", "mia.manager@provider.test");
    const assignee = await makeStaffUser(w.t, w.staff, "Sam Assignee", "sam.assignee@provider.test");
    const job = await defaultJob(w.t, w.staff, account.id, { number: "N-1", name: "Notify job", managerStaffId: manager.id });
    const author = await activeContact(w.t, w.staff, [account.id], { firstName: "Nora", lastName: "Author" });
    const adminCopy = await activeContact(w.t, w.staff, [account.id], { firstName: "Carl", lastName: "Copies" });
    const adminNoCopy = await activeContact(w.t, w.staff, [account.id], { firstName: "Nils", lastName: "Nocopy" });
    const copyNotAdmin = await activeContact(w.t, w.staff, [account.id], { firstName: "Pam", lastName: "Plain" });
    const member = (contactId: string, body: object) => staff("PATCH", `/api/staff/accounts/${account.id}/contacts/${contactId}`, body);
    expect((await member(adminCopy.id, { clientAdmin: true, sendCopyOfTickets: true })).status).toBe(200);
    expect((await member(adminNoCopy.id, { clientAdmin: true, sendCopyOfTickets: false })).status).toBe(200);
    expect((await member(copyNotAdmin.id, { clientAdmin: false, sendCopyOfTickets: true })).status).toBe(200);
    n = { account, job, author, adminCopy, adminNoCopy, copyNotAdmin, manager, assignee };
  }, 60_000);

  /**
   * Runs with this submission list and the job's copy-to-manager flag, restoring both. New portal tickets go to
   * nobody meanwhile, so each email counted here comes from the rule under test (routing: ticket-routing.test.ts).
   */
  async function withSettings(list: string[], copyToManager: boolean, fn: () => Promise<void>) {
    const before = (await staff("GET", "/api/staff/settings/tickets")).body.submissionNotifyEmails;
    const assigneeBefore = (await staff("GET", "/api/staff/settings/portal")).body.newTicketAssigneeId;
    expect((await staff("PATCH", "/api/staff/settings/tickets", { submissionNotifyEmails: list })).status).toBe(200);
    expect((await staff("PATCH", "/api/staff/settings/portal", { newTicketAssigneeId: null })).status).toBe(200);
    expect((await staff("PATCH", `/api/staff/jobs/${n.job.id}`, { copyEmailsToManager: copyToManager })).body.copyEmailsToManager).toBe(copyToManager);
    try {
      await fn();
    } finally {
      await staff("PATCH", "/api/staff/settings/tickets", { submissionNotifyEmails: before });
      await staff("PATCH", "/api/staff/settings/portal", { newTicketAssigneeId: assigneeBefore });
      await staff("PATCH", `/api/staff/jobs/${n.job.id}`, { copyEmailsToManager: false });
    }
  }
  const newTicket = async (title: string) => {
    const r = await call(w.t, "POST", "/api/portal/tickets", { cookie: n.author.cookie, body: { title } });
    expect(r.status).toBe(200);
    expect(r.body.job.id).toBe(n.job.id);
    return r.body as { id: string; number: number; title: string };
  };
  const customerNote = async (id: string, body: string) => expect((await call(w.t, "POST", `/api/portal/tickets/${id}/notes`, { cookie: n.author.cookie, body: { body } })).status).toBe(200);

  it("TKT-5 JOB-1 a new portal ticket emails the submission list and client administrators with copies; not the author, other contacts, or the manager of a job without copies", async () => {
    await withSettings(["desk@provider.test", "queue@provider.test"], false, async () => {
      const t = await newTicket("Printer on fire");
      expect(await ticketMailCounts(w.t, t)).toEqual({ "desk@provider.test": 1, "queue@provider.test": 1, [n.adminCopy.email]: 1 });
      // A customer note reaches the list again, but not the client administrators.
      await customerNote(t.id, "Smoke is grey");
      expect(await ticketMailCounts(w.t, t)).toEqual({ "desk@provider.test": 2, "queue@provider.test": 2, [n.adminCopy.email]: 1 });
      // A client administrator's own ticket is not copied back to them.
      const own = await call(w.t, "POST", "/api/portal/tickets", { cookie: n.adminCopy.cookie, body: { title: "Raised by the administrator" } });
      expect(own.status).toBe(200);
      expect(await ticketMailCounts(w.t, own.body)).toEqual({ "desk@provider.test": 1, "queue@provider.test": 1 });
    });
  });

  it("TKT-5 JOB-1 the job manager gets copies of new tickets and notes only while the job has copy emails to job manager on", async () => {
    await withSettings([], true, async () => {
      const on = await newTicket("Manager copied");
      expect(await ticketMailCounts(w.t, on)).toEqual({ [n.manager.email]: 1, [n.adminCopy.email]: 1 });
      await customerNote(on.id, "Any news?");
      expect(await ticketMailCounts(w.t, on)).toEqual({ [n.manager.email]: 2, [n.adminCopy.email]: 1 });
      expect((await staff("PATCH", `/api/staff/jobs/${n.job.id}`, { copyEmailsToManager: false })).body.copyEmailsToManager).toBe(false);
      await customerNote(on.id, "Still waiting");
      expect(await ticketMailCounts(w.t, on)).toEqual({ [n.manager.email]: 2, [n.adminCopy.email]: 1 });
      const off = await newTicket("Manager not copied");
      expect(await ticketMailCounts(w.t, off)).toEqual({ [n.adminCopy.email]: 1 });
    });
  });

  it("TKT-5 a customer note on an assigned ticket emails the assigned staff user; unassigned, with nobody receiving new portal tickets, nobody on staff", async () => {
    await withSettings([], false, async () => {
      const t = await newTicket("Needs an owner");
      await customerNote(t.id, "Before anyone owns it");
      expect(await ticketMailCounts(w.t, t)).toEqual({ [n.adminCopy.email]: 1 });
      expect((await staff("PATCH", `/api/staff/tickets/${t.id}`, { assignedStaffId: n.assignee.id })).body.assignedStaff.id).toBe(n.assignee.id);
      await customerNote(t.id, "Now Sam owns it");
      expect(await ticketMailCounts(w.t, t)).toEqual({ [n.assignee.email]: 1, [n.adminCopy.email]: 1 });
    });
  });
});

describe("TKT-3 attachments", () => {
  it("TKT-3 uploads are limited by size while streaming, and by extension and content", async () => {
    const url = `/api/portal/tickets/${w.tickets.own.id}/attachments`;
    const c = w.contacts.userA.cookie;
    const big = await upload(w.t, url, c, "big.txt", Buffer.alloc(10 * 1024 * 1024 + 10, 0x61));
    expect(big.status).toBe(413);
    expect((await upload(w.t, url, c, "evil.exe", "MZ...")).status).toBe(400);
    expect((await upload(w.t, url, c, "fake.png", "not a png at all")).status).toBe(400);
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(20)]);
    const ok = await upload(w.t, url, c, "../../etc/passwd/real.png", png);
    expect(ok.status).toBe(200);
    expect(ok.body.filename).toBe("real.png");
    const files = (await call(w.t, "GET", `/api/portal/tickets/${w.tickets.own.id}`, { cookie: c })).body.attachments;
    expect(files.map((f: { filename: string }) => f.filename)).not.toContain("big.txt");
  });

  it("TKT-3 downloads are served as attachments with nosniff and a sandbox CSP", async () => {
    const r = await w.t.app.inject({ method: "GET", url: `/api/portal/attachments/${w.files.own.id}`, headers: { host: "portico.test", cookie: w.contacts.userA.cookie } });
    expect(r.statusCode).toBe(200);
    expect(r.body).toBe("hello from Ursula");
    expect(r.headers["content-disposition"]).toMatch(/^attachment; filename="screenshot.txt"/);
    expect(r.headers["x-content-type-options"]).toBe("nosniff");
    expect(r.headers["content-security-policy"]).toBe("sandbox; default-src 'none'");
  });
});
