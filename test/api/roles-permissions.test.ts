/**
 * Portal roles as tenants make them: each permission switches its own capability (ROL-1), the role's form and
 * defaults (ROL-2), the account's role and a contact's own role (ROL-3), and jobs a contact is the contact of (ROL-4).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { activeContact, call, createTestApp, defaultJob, makeAccount, staffLogin, type TestApp } from "../harness.js";
import { lookupId } from "./ticket-fixture.js";

let t: TestApp;
let staff: string;
beforeAll(async () => {
  t = await createTestApp();
  staff = await staffLogin(t);
}, 60_000);
afterAll(() => t.close());

const s = (method: string, url: string, body?: unknown) => call(t, method, url, { cookie: staff, body });
type Contact = Awaited<ReturnType<typeof activeContact>>;

let roleSeq = 0;
async function makeRole(permissions: string[], v: Record<string, unknown> = {}) {
  const r = await s("POST", "/api/staff/portal-roles", { name: `Role ${++roleSeq} ${permissions.join("+") || "none"}`, permissions, quickForm: false, visibleFields: [], ...v });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body as { id: string; name: string };
}
const builtIn = async (name: string) => ((await s("GET", "/api/staff/portal-roles")).body.items as { id: string; name: string }[]).find((r) => r.name === name)!.id;

/** An account with portal access under the given role and the default job it was created with. */
async function accountWithJob(name: string, portalRoleId?: string) {
  const account = await makeAccount(t, staff, { name, ...(portalRoleId ? { portalRoleId } : {}) });
  const job = await defaultJob(t, staff, account.id, { number: `${name}-1`, name: `${name} job` });
  expect(job.isDefault).toBe(true);
  return { account, job };
}
async function staffTicket(title: string, jobId: string, contactId: string | null) {
  const r = await s("POST", "/api/staff/tickets", { title, details: "", jobId, contactId });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body as { id: string; number: number };
}
const setMembership = async (accountId: string, contactId: string, body: object) => expect((await s("PATCH", `/api/staff/accounts/${accountId}/contacts/${contactId}`, body)).status).toBe(200);
const setAccountRole = async (accountId: string, portalRoleId: string) => expect((await s("PATCH", `/api/staff/accounts/${accountId}`, { portalRoleId })).body.portalRole?.id).toBe(portalRoleId);
/** The ids of the portal list, or the refusal's status. */
async function listed(c: Contact) {
  const r = await call(t, "GET", "/api/portal/tickets?pageSize=100", { cookie: c.cookie });
  return r.status === 200 ? (r.body.items as { id: string }[]).map((x) => x.id).sort() : r.status;
}

describe("ROL-1 custom roles", () => {
  it("ROL-1 each permission of a tenant-made role switches exactly its capability: own tickets, the account's tickets, creating, adding notes", async () => {
    const { account, job } = await accountWithJob("Perm");
    const vic = await activeContact(t, staff, [account.id], { firstName: "Vic", lastName: "Viewer" });
    const cora = await activeContact(t, staff, [account.id], { firstName: "Cora", lastName: "Colleague" });
    const mine = await staffTicket("Vic's ticket", job.id, vic.id);
    const hers = await staffTicket("Cora's ticket", job.id, cora.id);

    /** What Vic can do under a role: list, read own, read the colleague's, create, add a note to own. */
    const probe = async () => {
      const list = await listed(vic);
      const f = await call(t, "GET", "/api/portal/tickets/form", { cookie: vic.cookie });
      const form = f.status === 200 ? { canCreate: f.body.canCreate, jobs: f.body.jobs.length } : f.status;
      // The list page's "New ticket" button comes from the list, and agrees with the form.
      const l = await call(t, "GET", "/api/portal/tickets?pageSize=1", { cookie: vic.cookie });
      const listCan = l.status === 200 ? l.body.can : l.status;
      const readOwn = (await call(t, "GET", `/api/portal/tickets/${mine.id}`, { cookie: vic.cookie })).status;
      const readHers = (await call(t, "GET", `/api/portal/tickets/${hers.id}`, { cookie: vic.cookie })).status;
      const create = await call(t, "POST", "/api/portal/tickets", { cookie: vic.cookie, body: { title: "Probe ticket" } });
      const note = (await call(t, "POST", `/api/portal/tickets/${mine.id}/notes`, { cookie: vic.cookie, body: { body: "Probe note" } })).status;
      return {
        form,
        listCan,
        list: typeof list === "number" ? list : list.filter((id) => id === mine.id || id === hers.id).map((id) => (id === mine.id ? "own" : "colleague's")),
        readOwn,
        readHers,
        create: create.status,
        note,
      };
    };
    const cases: [string[], Awaited<ReturnType<typeof probe>>][] = [
      [[], { form: 403, listCan: 403, list: 403, readOwn: 404, readHers: 404, create: 403, note: 404 }],
      [["tickets.edit"], { form: 403, listCan: 403, list: 403, readOwn: 404, readHers: 404, create: 403, note: 404 }],
      [["tickets.view_own"], { form: { canCreate: false, jobs: 0 }, listCan: { create: false }, list: ["own"], readOwn: 200, readHers: 404, create: 403, note: 403 }],
      [["tickets.view_own", "tickets.view_account"], { form: { canCreate: false, jobs: 0 }, listCan: { create: false }, list: ["colleague's", "own"], readOwn: 200, readHers: 200, create: 403, note: 403 }],
      [["tickets.view_account"], { form: { canCreate: false, jobs: 0 }, listCan: { create: false }, list: ["colleague's", "own"], readOwn: 200, readHers: 200, create: 403, note: 403 }],
      [["tickets.view_own", "tickets.create"], { form: { canCreate: true, jobs: 1 }, listCan: { create: true }, list: ["own"], readOwn: 200, readHers: 404, create: 200, note: 200 }],
      [["tickets.view_own", "tickets.edit"], { form: { canCreate: false, jobs: 0 }, listCan: { create: false }, list: ["own"], readOwn: 200, readHers: 404, create: 403, note: 200 }],
    ];
    for (const [permissions, expected] of cases) {
      const role = await makeRole(permissions);
      await setAccountRole(account.id, role.id);
      const got = await probe();
      if (Array.isArray(got.list)) got.list.sort();
      expect(got, permissions.join("+") || "no permissions").toEqual(expected);
    }
    expect(cases).toHaveLength(7);
  });
});

describe("ROL-1 TKT-2 the list says whether the contact may create tickets", () => {
  it("ROL-1 TKT-2 the ticket list's can.create is the form's canCreate: the role allows it and a job takes customers' tickets", async () => {
    const role = await makeRole(["tickets.view_own", "tickets.create"]);
    const { account, job } = await accountWithJob("Can", role.id);
    const lia = await activeContact(t, staff, [account.id], { firstName: "Lia", lastName: "Lister" });
    const both = async () => ({
      list: (await call(t, "GET", "/api/portal/tickets", { cookie: lia.cookie })).body.can,
      form: (await call(t, "GET", "/api/portal/tickets/form", { cookie: lia.cookie })).body.canCreate,
    });
    expect(await both()).toEqual({ list: { create: true }, form: true });
    expect((await s("PATCH", `/api/staff/jobs/${job.id}`, { customersAddTickets: false })).status).toBe(200);
    expect(await both(), "no job takes customers' tickets").toEqual({ list: { create: false }, form: false });
    expect((await s("PATCH", `/api/staff/jobs/${job.id}`, { customersAddTickets: true })).status).toBe(200);
    expect(await both()).toEqual({ list: { create: true }, form: true });
  });
});

describe("ROL-2 role defaults and layout", () => {
  it("ROL-2 the ticket form shows the fields the role makes visible, quick or full, and the role's default type, priority and job", async () => {
    const [question, high, low] = await Promise.all([lookupId(t, staff, "ticket_type", "Question"), lookupId(t, staff, "priority", "High"), lookupId(t, staff, "priority", "Low")]);
    const role = await makeRole(["tickets.view_own", "tickets.create"], { name: "Field team", quickForm: false, visibleFields: ["site", "priority"], defaultTypeId: question, defaultPriorityId: high });
    const { account, job } = await accountWithJob("Form", role.id);
    const site = (await s("POST", "/api/staff/lookups", { kind: "site", name: "Depot", accountId: account.id })).body;
    const fay = await activeContact(t, staff, [account.id], { firstName: "Fay", lastName: "Field" });
    const form = async () => (await call(t, "GET", "/api/portal/tickets/form", { cookie: fay.cookie })).body;

    const full = await form();
    expect(full.layout).toBe("full");
    expect([...full.visibleFields].sort()).toEqual(["priority", "site"]);
    expect(full.defaults).toEqual({ jobId: job.id, typeId: question, priorityId: high });
    expect(full.options.site.map((x: { id: string }) => x.id)).toEqual([site.id]);
    const create = (body: object) => call(t, "POST", "/api/portal/tickets", { cookie: fay.cookie, body: { title: "Form ticket", ...body } });
    // Fields the role does not show are refused; the defaults fill what is not sent.
    const hidden = await create({ typeId: question });
    expect(hidden.status).toBe(400);
    expect(hidden.body.fields[0].field).toBe("typeId");
    const byDefault = await create({ siteId: site.id });
    expect(byDefault.status).toBe(200);
    expect(byDefault.body).toMatchObject({ type: { id: question }, priority: { id: high }, site: { id: site.id }, job: { id: job.id } });
    const chosen = await create({ priorityId: low });
    expect(chosen.body).toMatchObject({ type: { id: question }, priority: { id: low }, site: null });

    // The same role as a quick form: title, details and attachments only, the defaults still applied.
    expect((await s("PUT", `/api/staff/portal-roles/${role.id}`, { name: "Field team", permissions: ["tickets.view_own", "tickets.create"], quickForm: true, visibleFields: ["site", "priority"], defaultTypeId: question, defaultPriorityId: high })).status).toBe(200);
    const quick = await form();
    expect(quick.layout).toBe("quick");
    expect(quick.visibleFields).toEqual(["attachments"]);
    expect(quick.defaults).toEqual({ jobId: job.id, typeId: question, priorityId: high });
    expect((await create({ priorityId: low })).body.fields[0].field).toBe("priorityId");
    expect((await create({ siteId: site.id })).body.fields[0].field).toBe("siteId");
    expect((await create({ jobId: job.id })).body.fields[0].field).toBe("jobId");
    expect((await create({ details: "Quick one" })).body).toMatchObject({ type: { id: question }, priority: { id: high }, site: null });
  });
});

describe("ROL-3 the account's role and a contact's own role", () => {
  it("ROL-3 changing the account's role changes what its contacts may do at once; a contact's own role wins; client administrator raises it", async () => {
    const [user, manager] = await Promise.all([builtIn("External User"), builtIn("External Manager")]);
    const none = await makeRole([]);
    const { account, job } = await accountWithJob("Switch", user);
    const pia = await activeContact(t, staff, [account.id], { firstName: "Pia", lastName: "Plain" });
    const quinn = await activeContact(t, staff, [account.id], { firstName: "Quinn", lastName: "Override" });
    await setMembership(account.id, quinn.id, { portalRoleId: user });
    const ofPia = await staffTicket("Pia's", job.id, pia.id);
    const ofQuinn = await staffTicket("Quinn's", job.id, quinn.id);
    const noContact = await staffTicket("Raised by staff", job.id, null);
    const all = [ofPia.id, ofQuinn.id, noContact.id].sort();

    expect(await listed(pia)).toEqual([ofPia.id]);
    expect(await listed(quinn)).toEqual([ofQuinn.id]);
    // The account becomes External Manager: Pia sees the account's tickets on the same session; Quinn keeps her own role.
    await setAccountRole(account.id, manager);
    expect(await listed(pia)).toEqual(all);
    expect(await listed(quinn)).toEqual([ofQuinn.id]);
    // A role without ticket rights: Pia loses the list; Quinn's own role still applies.
    await setAccountRole(account.id, none.id);
    expect(await listed(pia)).toBe(403);
    expect(await listed(quinn)).toEqual([ofQuinn.id]);
    // Without her own role Quinn follows the account.
    await setMembership(account.id, quinn.id, { portalRoleId: null });
    expect(await listed(quinn)).toBe(403);
    // Client administrator raises the account's role: every ticket of the account.
    const readStaffTicket = async () => (await call(t, "GET", `/api/portal/tickets/${noContact.id}`, { cookie: pia.cookie })).status;
    expect(await readStaffTicket()).toBe(404);
    await setMembership(account.id, pia.id, { clientAdmin: true });
    expect(await listed(pia)).toEqual(all);
    expect(await readStaffTicket()).toBe(200);
  });
});

describe("ROL-4 jobs where a contact is the job's contact", () => {
  it("ROL-4 an External User who is a job's contact sees and answers that job's tickets raised by others, and only while they are its contact", async () => {
    const { account, job: standard } = await accountWithJob("Owner");
    const jo = await activeContact(t, staff, [account.id], { firstName: "Jo", lastName: "Jobcontact" });
    const kim = await activeContact(t, staff, [account.id], { firstName: "Kim", lastName: "Other" });
    const abe = await activeContact(t, staff, [account.id], { firstName: "Abe", lastName: "Admin" });
    await setMembership(account.id, abe.id, { clientAdmin: true });
    const project = (await s("POST", `/api/staff/accounts/${account.id}/jobs`, { number: "Owner-2", name: "Jo's project", contactId: jo.id, visibleInPortal: true, customersAddTickets: true, copyEmailsToManager: false, hoursVisible: false })).body;
    expect(project.contact).toEqual({ id: jo.id, name: "Jo Jobcontact" });

    const kimsOnProject = await staffTicket("Kim on the project", project.id, kim.id);
    const kimsOnStandard = await staffTicket("Kim on the standard job", standard.id, kim.id);
    const abeCreated = await call(t, "POST", "/api/portal/tickets", { cookie: abe.cookie, body: { title: "Abe on the project", jobId: project.id } });
    expect(abeCreated.status).toBe(200);
    const abesOnProject = abeCreated.body as { id: string };

    expect(await listed(jo)).toEqual([kimsOnProject.id, abesOnProject.id].sort());
    const byJob = await call(t, "GET", `/api/portal/tickets?jobId=${project.id}`, { cookie: jo.cookie });
    expect(byJob.body.items.map((x: { id: string }) => x.id).sort()).toEqual([kimsOnProject.id, abesOnProject.id].sort());
    const read = await call(t, "GET", `/api/portal/tickets/${kimsOnProject.id}`, { cookie: jo.cookie });
    expect(read.status).toBe(200);
    expect(read.body.contact.name).toBe("Kim Other");
    expect(read.body.can).toEqual({ addNote: true, upload: true });
    const note = await call(t, "POST", `/api/portal/tickets/${kimsOnProject.id}/notes`, { cookie: jo.cookie, body: { body: "Jo answers on the project" } });
    expect(note.status).toBe(200);
    expect(note.body.notes.at(-1)).toMatchObject({ author: "Jo Jobcontact", byStaff: false });
    expect((await call(t, "GET", `/api/portal/tickets/${kimsOnStandard.id}`, { cookie: jo.cookie })).status).toBe(404);
    // Kim is not the project's contact: her own tickets only, not Abe's on the project.
    expect(await listed(kim)).toEqual([kimsOnProject.id, kimsOnStandard.id].sort());
    expect((await call(t, "GET", `/api/portal/tickets/${abesOnProject.id}`, { cookie: kim.cookie })).status).toBe(404);

    // Another contact on the job: Jo's access by that path ends.
    expect((await s("PATCH", `/api/staff/jobs/${project.id}`, { contactId: kim.id })).body.contact.id).toBe(kim.id);
    expect(await listed(jo)).toEqual([]);
    expect((await call(t, "GET", `/api/portal/tickets/${kimsOnProject.id}`, { cookie: jo.cookie })).status).toBe(404);
    expect(await listed(kim)).toEqual([kimsOnProject.id, kimsOnStandard.id, abesOnProject.id].sort());
  });
});
