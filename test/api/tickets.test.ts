import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call } from "../harness.js";
import { buildTicketWorld, type TicketWorld, upload } from "./ticket-fixture.js";

let w: TicketWorld;
beforeAll(async () => {
  w = await buildTicketWorld();
}, 120_000);
afterAll(() => w.t.close());

const staff = (method: string, url: string, body?: unknown) => call(w.t, method, url, { cookie: w.staff, body });
const emailsTo = async (to: string) => (await staff("GET", `/api/staff/emails?q=${encodeURIComponent(to)}&pageSize=100`)).body.items as { template: string; subject: string }[];

describe("JOB-1 jobs", () => {
  it("JOB-1 the first job of an account is its default; one default per account, enforced by the database", async () => {
    const jobs = (await staff("GET", `/api/staff/accounts/${w.accounts.A.id}/jobs`)).body.items;
    expect(jobs.filter((j: { isDefault: boolean }) => j.isDefault)).toHaveLength(1);
    expect(jobs.find((j: { isDefault: boolean }) => j.isDefault).number).toBe("A-1");
    const { jobs: jobTable } = await import("../../src/server/db/schema/index.js");
    const { eq } = await import("drizzle-orm");
    await expect(w.t.c.deps.db.update(jobTable).set({ isDefault: true }).where(eq(jobTable.id, w.jobs.AHidden.id))).rejects.toThrow();
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
    const ok = await call(w.t, "POST", "/api/portal/tickets", { cookie: w.contacts.managerA.cookie, body: base });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ site: { name: "Head office" }, issueType: { name: "Network" }, subIssueType: { name: "Wi-Fi" }, hardwareAsset: { name: "Laptop 42" }, softwareAsset: { name: "Office suite" } });
  });

  it("TKT-2 the tenant's add-ticket text is shown only while active", async () => {
    await staff("PATCH", "/api/staff/settings/tickets", { addTicketText: "Urgent? Call 555-0100.", addTicketTextActive: false });
    expect((await call(w.t, "GET", "/api/portal/tickets/form", { cookie: w.contacts.userA.cookie })).body.introText).toBeNull();
    await staff("PATCH", "/api/staff/settings/tickets", { addTicketTextActive: true });
    expect((await call(w.t, "GET", "/api/portal/tickets/form", { cookie: w.contacts.userA.cookie })).body.introText).toBe("Urgent? Call 555-0100.");
  });

  it("TKT-1 the list filters by status, job, priority and text, sorts and paginates", async () => {
    const c = w.contacts.managerA.cookie;
    for (let i = 1; i <= 5; i++) await call(w.t, "POST", "/api/portal/tickets", { cookie: c, body: { title: `Paging ticket ${i}` } });
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
    const byJob = await call(w.t, "GET", `/api/portal/tickets?jobId=${w.jobs.A1.id}&q=paging`, { cookie: c });
    expect(byJob.body.total).toBe(5);
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

  it("TKT-5 a portal ticket notifies the assignee, the submission list, the job manager when asked, and client administrators with copies", async () => {
    const me = (await staff("GET", "/api/staff/me")).body;
    await staff("PATCH", "/api/staff/settings/tickets", { submissionNotifyEmails: ["desk@provider.test"] });
    await staff("PATCH", `/api/staff/jobs/${w.jobs.A1.id}`, { managerStaffId: me.id, copyEmailsToManager: true });
    const created = await call(w.t, "POST", "/api/portal/tickets", { cookie: w.contacts.userA.cookie, body: { title: "Notify everyone" } });
    expect(created.status).toBe(200);
    expect((await emailsTo("desk@provider.test")).some((m) => m.subject.includes("Notify everyone"))).toBe(true);
    expect((await emailsTo("admin@example.com")).some((m) => m.subject.includes("Notify everyone"))).toBe(true);
    expect((await emailsTo(w.contacts.adminA.email)).some((m) => m.subject.includes("Notify everyone"))).toBe(true);
    expect((await emailsTo(w.contacts.managerA.email)).some((m) => m.subject.includes("Notify everyone"))).toBe(false);
    // A customer note notifies the list too, but not the client administrators.
    await call(w.t, "POST", `/api/portal/tickets/${created.body.id}/notes`, { cookie: w.contacts.userA.cookie, body: { body: "More detail" } });
    expect((await emailsTo("desk@provider.test")).filter((m) => m.subject.includes("Notify everyone"))).toHaveLength(2);
    expect((await emailsTo(w.contacts.adminA.email)).filter((m) => m.subject.includes("Notify everyone"))).toHaveLength(1);
    await staff("PATCH", `/api/staff/jobs/${w.jobs.A1.id}`, { copyEmailsToManager: false });
  });

  it("TKT-5 a staff public note emails the ticket's contact; an internal note emails no customer", async () => {
    const t = (await call(w.t, "POST", "/api/portal/tickets", { cookie: w.contacts.colleagueA.cookie, body: { title: "Reply to me" } })).body;
    await staff("POST", `/api/staff/tickets/${t.id}/notes`, { body: "Internal thought", isPublic: false });
    expect((await emailsTo(w.contacts.colleagueA.email)).filter((m) => m.subject.includes("Reply to me"))).toHaveLength(0);
    await staff("POST", `/api/staff/tickets/${t.id}/notes`, { body: "We are on it", isPublic: true });
    expect((await emailsTo(w.contacts.colleagueA.email)).filter((m) => m.subject.includes("Reply to me"))).toHaveLength(1);
  });

  it("TKT-6 times are stored in UTC and the portal names the viewer's zone: contact, else account, else tenant", async () => {
    await staff("PATCH", "/api/staff/settings/tickets", { timeZone: "Pacific/Auckland" });
    const me = async () => (await call(w.t, "GET", "/api/portal/me", { cookie: w.contacts.userA.cookie })).body.effectiveTimeZone;
    expect(await me()).toBe("Pacific/Auckland");
    await staff("PATCH", `/api/staff/accounts/${w.accounts.A.id}`, { timeZone: "Asia/Tokyo" });
    expect(await me()).toBe("Asia/Tokyo");
    await call(w.t, "PATCH", "/api/portal/me", { cookie: w.contacts.userA.cookie, body: { timeZone: "Europe/Berlin" } });
    expect(await me()).toBe("Europe/Berlin");
    const ticket = (await call(w.t, "GET", `/api/portal/tickets/${w.tickets.own.id}`, { cookie: w.contacts.userA.cookie })).body;
    expect(ticket.createdAt).toMatch(/Z$/);
  });
});

describe("attachments", () => {
  it("uploads are limited by size while streaming, and by extension and content", async () => {
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

  it("downloads are served as attachments with nosniff and a sandbox CSP", async () => {
    const r = await w.t.app.inject({ method: "GET", url: `/api/portal/attachments/${w.files.own.id}`, headers: { host: "portico.test", cookie: w.contacts.userA.cookie } });
    expect(r.statusCode).toBe(200);
    expect(r.body).toBe("hello from Ursula");
    expect(r.headers["content-disposition"]).toMatch(/^attachment; filename="screenshot.txt"/);
    expect(r.headers["x-content-type-options"]).toBe("nosniff");
    expect(r.headers["content-security-policy"]).toBe("sandbox; default-src 'none'");
  });
});
