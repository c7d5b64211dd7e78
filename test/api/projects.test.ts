/**
 * PRJ-1 projects: what each association and each of the tenant's six switches shows a contact (sections absent from
 * the JSON, not merely hidden), adding notes and files, the emails to the assigned staff and the manager, internal
 * notes and files kept from the portal, the staff side's checks, and progress and what is due by the tenant's clock.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, ok } from "../harness.js";
import { startSmtp } from "../smtp.js";
import { ALL_FLAGS, buildProjectWorld, INTERNAL_FILE, INTERNAL_NOTE, MISSING, projectMails, projectNoteAndFileCounts, type ProjectWorld, SWITCHES_ON } from "./project-fixture.js";
import { makeStaffUser, upload } from "./ticket-fixture.js";

let smtp: Awaited<ReturnType<typeof startSmtp>>;
let w: ProjectWorld;
beforeAll(async () => {
  smtp = await startSmtp();
  w = await buildProjectWorld({ smtpUrl: smtp.url });
}, 180_000);
afterAll(async () => {
  await w.t.close();
  await smtp.close();
});

const portal = (cookie: string, method: string, url: string, body?: unknown) => call(w.t, method, url, { cookie, body });
const carlaReads = async () => ok(portal(w.contacts.carla.cookie, "GET", `/api/portal/projects/${w.projects.network.id}`));
const setCarla = (flags: Record<string, boolean>) => w.s("PUT", `/api/staff/projects/${w.projects.network.id}/contacts/${w.contacts.carla.id}`, { ...ALL_FLAGS, ...flags });
const setSwitches = (v: Record<string, boolean>) => w.s("PATCH", "/api/staff/settings/portal", { ...SWITCHES_ON, ...v });

/** Each view and the keys of the portal answer it shows. */
const sections: [string, string, string[]][] = [
  ["viewNotes", "projectViewNotes", ["notes"]],
  ["viewFiles", "projectViewFiles", ["files"]],
  ["viewOrganisation", "projectViewOrganisation", ["organisation"]],
  ["viewClients", "projectViewClients", ["clients"]],
  ["viewTasks", "projectViewTasks", ["phases", "tasks"]],
  ["viewTime", "projectViewTime", ["time"]],
];
const everySection = sections.flatMap(([, , keys]) => keys);

describe("PRJ-1 what a contact sees of a project", () => {
  it("PRJ-1 with every flag and switch on, the associated contact sees every section: organisation, other clients, phases and tasks, time, public notes and files", async () => {
    await setSwitches({});
    await setCarla({});
    const p = await carlaReads();
    for (const k of everySection) expect(p, k).toHaveProperty(k);
    expect(p.organisation).toEqual({ name: w.accounts.A.name, number: expect.stringMatching(/^AC-/), timeZone: null });
    // The other associated contact by name; not herself, not Colin (associated with another project only).
    expect(p.clients).toEqual([{ name: "Dora Director" }]);
    expect(p.phases.map((x: { name: string }) => x.name)).toEqual(["Survey", "Install"]);
    expect(p.tasks.map((x: { title: string }) => x.title)).toEqual(["Walk the office", "Order switches", "Cable the floor", "Handover"]);
    expect(p.tasks[0].assignee).toBe("Sam Servicedesk");
    expect(p.notes.map((n: { body: string }) => n.body)).toEqual([`Kick-off for ${w.projects.network.name}`]);
    expect(p.files.map((f: { filename: string }) => f.filename)).toEqual(["floor-plan.txt"]);
    expect(p.can).toEqual({ addNote: true, addFile: true });
  });

  for (const [flag, , keys] of sections) {
    it(`PRJ-1 the association's ${flag} flag shows or hides ${keys.join(" and ")} in the portal's answer`, async () => {
      await setSwitches({});
      await setCarla({ [flag]: false });
      const hidden = await carlaReads();
      for (const k of keys) expect(hidden, `${k} with ${flag} off`).not.toHaveProperty(k);
      for (const k of everySection.filter((x) => !keys.includes(x))) expect(hidden, `${k} with only ${flag} off`).toHaveProperty(k);
      expect(hidden.access[flag]).toBe(false);
      await setCarla({});
      const shown = await carlaReads();
      for (const k of keys) expect(shown, `${k} with ${flag} on`).toHaveProperty(k);
    });
  }

  for (const [flag, setting, keys] of sections) {
    it(`PRJ-1 the tenant's switch ${setting} off hides ${keys.join(" and ")} whatever the association allows`, async () => {
      await setCarla({});
      await setSwitches({ [setting]: false });
      const hidden = await carlaReads();
      for (const k of keys) expect(hidden, `${k} with ${setting} off`).not.toHaveProperty(k);
      for (const k of everySection.filter((x) => !keys.includes(x))) expect(hidden).toHaveProperty(k);
      expect(hidden.access[flag]).toBe(false);
      // The staff page says what the contact really gets.
      const staffView = await w.s("GET", `/api/staff/projects/${w.projects.network.id}`);
      const carla = staffView.contacts.find((c: { contactId: string }) => c.contactId === w.contacts.carla.id);
      expect(carla.flags[flag]).toBe(true);
      expect(carla.effective[flag]).toBe(false);
      expect(staffView.switches[flag]).toBe(false);
      await setSwitches({});
      const shown = await carlaReads();
      for (const k of keys) expect(shown).toHaveProperty(k);
    });
  }

  it("PRJ-1 with tasks hidden, what is due lists only the project's own due date; progress is still shown", async () => {
    await setSwitches({});
    await setCarla({ viewTasks: false });
    const p = await carlaReads();
    expect(p.upcoming.map((u: { kind: string }) => u.kind)).toEqual(["project"]);
    expect(p.progress.percent).toBe(40);
    const list = await ok(portal(w.contacts.carla.cookie, "GET", "/api/portal/projects"));
    const row = list.items.find((r: { id: string }) => r.id === w.projects.network.id);
    expect(row.upcoming.map((u: { kind: string }) => u.kind)).toEqual(["project"]);
    expect(JSON.stringify(list)).not.toContain("Order switches");
    await setCarla({});
  });

  it("PRJ-1 internal notes and files never reach the portal, and an internal file's id is the same 404 as a missing one", async () => {
    await setSwitches({});
    await setCarla({});
    const p = await carlaReads();
    expect(JSON.stringify(p)).not.toContain(INTERNAL_NOTE);
    expect(JSON.stringify(p)).not.toContain(INTERNAL_FILE);
    const internal = await portal(w.contacts.carla.cookie, "GET", `/api/portal/project-files/${w.files.internal.id}`);
    const missing = await portal(w.contacts.carla.cookie, "GET", `/api/portal/project-files/${MISSING}`);
    expect(internal.status).toBe(404);
    expect({ ...internal.body, requestId: undefined }).toEqual({ ...missing.body, requestId: undefined });
    // Staff see both, marked.
    const staffView = await w.s("GET", `/api/staff/projects/${w.projects.network.id}`);
    expect(staffView.notes.find((n: { body: string }) => n.body === INTERNAL_NOTE).isPublic).toBe(false);
    expect(staffView.files.find((f: { filename: string }) => f.filename === INTERNAL_FILE).isPublic).toBe(false);
  });

  it("PRJ-1 time is the project's tickets' time entries: total hours, and a note only when it is public", async () => {
    await setCarla({});
    const p = await carlaReads();
    expect(p.time.totalHours).toBe("3.75");
    expect(p.time.entries.map((e: { hours: string; note: string | null }) => [e.hours, e.note])).toEqual([["2.50", "Surveyed the wiring closet"], ["1.25", null]]);
    expect(JSON.stringify(p)).not.toContain("INTERNAL-time-note");
  });

  it("PRJ-1 a contact's public file downloads as an attachment that cannot run in the portal; one hidden by the association is a 404", async () => {
    await setCarla({});
    const r = await w.t.app.inject({ method: "GET", url: `/api/portal/project-files/${w.files.own.id}`, headers: { host: "portico.test", cookie: w.contacts.carla.cookie } });
    expect(r.statusCode).toBe(200);
    expect(r.body).toBe("content of floor-plan.txt");
    expect(r.headers["content-disposition"]).toMatch(/^attachment; filename="floor-plan.txt"/);
    expect(r.headers["x-content-type-options"]).toBe("nosniff");
    expect(r.headers["content-security-policy"]).toMatch(/sandbox/);
    await setCarla({ viewFiles: false });
    expect((await portal(w.contacts.carla.cookie, "GET", `/api/portal/project-files/${w.files.own.id}`)).status).toBe(404);
    await setCarla({});
    await setSwitches({ projectViewFiles: false });
    expect((await portal(w.contacts.carla.cookie, "GET", `/api/portal/project-files/${w.files.own.id}`)).status).toBe(404);
    await setSwitches({});
  });

  it("PRJ-1 a project hidden from the portal is neither listed nor readable", async () => {
    await w.s("PATCH", `/api/staff/projects/${w.projects.network.id}`, { visibleInPortal: false });
    const list = await ok(portal(w.contacts.carla.cookie, "GET", "/api/portal/projects"));
    expect(list.items.map((r: { id: string }) => r.id)).not.toContain(w.projects.network.id);
    expect((await portal(w.contacts.carla.cookie, "GET", `/api/portal/projects/${w.projects.network.id}`)).status).toBe(404);
    await w.s("PATCH", `/api/staff/projects/${w.projects.network.id}`, { visibleInPortal: true });
    expect((await portal(w.contacts.carla.cookie, "GET", `/api/portal/projects/${w.projects.network.id}`)).status).toBe(200);
  });
});

describe("PRJ-1 contacts add notes and files; the assigned staff and the manager are emailed", () => {
  it("PRJ-1 a contact's note is kept as public and queues one email to the assigned staff member and one to the manager, with the staff console link", async () => {
    await setSwitches({});
    await setCarla({});
    const before = { sam: (await projectMails(w.t, w.sam.email)).length, me: (await projectMails(w.t, w.me.email)).length, desmond: (await projectMails(w.t, w.desmond.email)).length };
    const p = await ok(portal(w.contacts.carla.cookie, "POST", `/api/portal/projects/${w.projects.network.id}/notes`, { body: "Can the switches arrive before Friday?" }));
    expect(p.notes.at(-1)).toMatchObject({ body: "Can the switches arrive before Friday?", author: "Carla Contact", byStaff: false });
    const samMails = await projectMails(w.t, w.sam.email);
    expect(samMails.length).toBe(before.sam + 1);
    expect(samMails.at(-1)).toMatchObject({ kind: "note", by: "Carla Contact", text: "Can the switches arrive before Friday?", link: `http://portico.test/admin/projects/${w.projects.network.id}` });
    expect((await projectMails(w.t, w.me.email)).length).toBe(before.me + 1);
    // Not on the project: not told.
    expect((await projectMails(w.t, w.desmond.email)).length).toBe(before.desmond);
    const staffView = await w.s("GET", `/api/staff/projects/${w.projects.network.id}`);
    expect(staffView.notes.at(-1)).toMatchObject({ body: "Can the switches arrive before Friday?", isPublic: true });
  });

  it("PRJ-1 the email reaches the assigned staff member through a real SMTP server", async () => {
    await ok(portal(w.contacts.carla.cookie, "POST", `/api/portal/projects/${w.projects.network.id}/notes`, { body: "Sent by SMTP" }));
    while ((await w.t.c.worker.runOnce()) > 0);
    const mail = smtp.received.find((m) => m.to === w.sam.email && m.text.includes("Sent by SMTP"));
    expect(mail?.subject).toMatch(/^\[P-.* · Office network refresh\] New note from Carla Contact$/);
    expect(mail?.text).toContain(`http://portico.test/admin/projects/${w.projects.network.id}`);
  });

  it("PRJ-1 a contact's file is stored, listed, and emails the assigned staff; a manager who is also assigned gets one email", async () => {
    await w.s("PUT", `/api/staff/projects/${w.projects.network.id}/staff`, { staffIds: [w.sam.id, w.me.id] });
    const before = { sam: (await projectMails(w.t, w.sam.email)).length, me: (await projectMails(w.t, w.me.email)).length };
    const f = await ok(upload(w.t, `/api/portal/projects/${w.projects.network.id}/files`, w.contacts.carla.cookie, "photo-of-rack.txt", "rack photo"));
    expect(f).toMatchObject({ filename: "photo-of-rack.txt", uploadedBy: "Carla Contact" });
    expect((await carlaReads()).files.map((x: { filename: string }) => x.filename)).toContain("photo-of-rack.txt");
    const samMails = await projectMails(w.t, w.sam.email);
    expect(samMails.length).toBe(before.sam + 1);
    expect(samMails.at(-1)).toMatchObject({ kind: "file", text: "photo-of-rack.txt" });
    expect((await projectMails(w.t, w.me.email)).length).toBe(before.me + 1);
    await w.s("PUT", `/api/staff/projects/${w.projects.network.id}/staff`, { staffIds: [w.sam.id] });
  });

  it("PRJ-1 a disabled staff member is not emailed", async () => {
    const gone = await makeStaffUser(w.t, w.staff, "Gone Away", "gone.away@provider.test");
    await w.s("PUT", `/api/staff/projects/${w.projects.network.id}/staff`, { staffIds: [w.sam.id, gone.id] });
    await w.s("PATCH", `/api/staff/users/${gone.id}`, { disabled: true });
    await ok(portal(w.contacts.carla.cookie, "POST", `/api/portal/projects/${w.projects.network.id}/notes`, { body: "Anyone there?" }));
    expect(await projectMails(w.t, gone.email)).toEqual([]);
    await w.s("PUT", `/api/staff/projects/${w.projects.network.id}/staff`, { staffIds: [w.sam.id] });
  });

  it("PRJ-1 adding a note needs the association's add-notes flag and seeing notes (flag and switch); refused, nothing is written or emailed", async () => {
    const url = `/api/portal/projects/${w.projects.network.id}/notes`;
    for (const [flags, switches] of [[{ addNotes: false }, {}], [{ viewNotes: false }, {}], [{}, { projectViewNotes: false }]] as const) {
      await setCarla(flags);
      await setSwitches(switches);
      const before = await projectNoteAndFileCounts(w.t);
      const mails = (await projectMails(w.t, w.sam.email)).length;
      const r = await portal(w.contacts.carla.cookie, "POST", url, { body: "Refused note" });
      expect(r.status, JSON.stringify({ flags, switches })).toBe(403);
      expect((await carlaReads()).can.addNote).toBe(false);
      expect(await projectNoteAndFileCounts(w.t)).toEqual(before);
      expect((await projectMails(w.t, w.sam.email)).length).toBe(mails);
    }
    await setCarla({});
    await setSwitches({});
  });

  it("PRJ-1 uploading a file needs the add-files flag and seeing files; refused, no file is kept", async () => {
    const url = `/api/portal/projects/${w.projects.network.id}/files`;
    for (const [flags, switches] of [[{ addFiles: false }, {}], [{ viewFiles: false }, {}], [{}, { projectViewFiles: false }]] as const) {
      await setCarla(flags);
      await setSwitches(switches);
      const before = await projectNoteAndFileCounts(w.t);
      const r = await upload(w.t, url, w.contacts.carla.cookie, "refused.txt", "refused");
      expect(r.status, JSON.stringify({ flags, switches })).toBe(403);
      expect(await projectNoteAndFileCounts(w.t)).toEqual(before);
    }
    await setCarla({});
    await setSwitches({});
  });

  it("PRJ-1 an upload is checked like a ticket attachment: a file whose content is not its type is refused on the file field", async () => {
    const before = await projectNoteAndFileCounts(w.t);
    const r = await upload(w.t, `/api/portal/projects/${w.projects.network.id}/files`, w.contacts.carla.cookie, "fake.pdf", "not a pdf");
    expect(r.status).toBe(400);
    expect(r.body.fields[0].field).toBe("file");
    const exe = await upload(w.t, `/api/portal/projects/${w.projects.network.id}/files`, w.contacts.carla.cookie, "run.exe", "MZ");
    expect(exe.status).toBe(400);
    expect(await projectNoteAndFileCounts(w.t)).toEqual(before);
  });
});

describe("PRJ-1 staff run projects", () => {
  it("PRJ-1 only contacts of the project's account can be associated: another account's, another tenant's or a missing contact is a 400 on contactId", async () => {
    const before = (await w.s("GET", `/api/staff/projects/${w.projects.network.id}`)).contacts.length;
    for (const id of [w.contacts.bob.id, w.contacts.stranger.id, MISSING]) {
      const r = await call(w.t, "PUT", `/api/staff/projects/${w.projects.network.id}/contacts/${id}`, { cookie: w.staff, body: ALL_FLAGS });
      expect(r.status).toBe(400);
      expect(r.body.fields[0].field).toBe("contactId");
    }
    expect((await w.s("GET", `/api/staff/projects/${w.projects.network.id}`)).contacts.length).toBe(before);
  });

  it("PRJ-1 an association left without flags gets the defaults: notes, files and tasks, not organisation, clients or time", async () => {
    const dora = (await w.s("GET", `/api/staff/projects/${w.projects.network.id}`)).contacts.find((c: { contactId: string }) => c.contactId === w.contacts.dora.id);
    expect(dora.flags).toEqual({ viewNotes: true, addNotes: true, viewFiles: true, addFiles: true, viewOrganisation: false, viewClients: false, viewTasks: true, viewTime: false });
    const p = await ok(portal(w.contacts.dora.cookie, "GET", `/api/portal/projects/${w.projects.network.id}`));
    expect(Object.keys(p)).toEqual(expect.arrayContaining(["notes", "files", "phases", "tasks"]));
    for (const k of ["organisation", "clients", "time"]) expect(p).not.toHaveProperty(k);
  });

  it("PRJ-1 removing an association ends the contact's view of the project", async () => {
    await w.s("DELETE", `/api/staff/projects/${w.projects.network.id}/contacts/${w.contacts.dora.id}`);
    expect((await portal(w.contacts.dora.cookie, "GET", `/api/portal/projects/${w.projects.network.id}`)).status).toBe(404);
    expect((await ok(portal(w.contacts.dora.cookie, "GET", "/api/portal/projects"))).items).toEqual([]);
    await w.s("PUT", `/api/staff/projects/${w.projects.network.id}/contacts/${w.contacts.dora.id}`, {});
  });

  it("PRJ-1 bad task fields are a 400 on the field and write nothing: progress 101, an unknown status, a date not on the calendar, another project's phase, someone not on the staff", async () => {
    const url = `/api/staff/projects/${w.projects.network.id}/tasks`;
    const colinsPhase = (await w.s("POST", `/api/staff/projects/${w.projects.colins.id}/phases`, { name: "Colin's phase" })).phases[0];
    const before = (await w.s("GET", `/api/staff/projects/${w.projects.network.id}`)).tasks.length;
    for (const [body, field] of [
      [{ title: "T", progress: 101 }, "progress"],
      [{ title: "T", progress: -1 }, "progress"],
      [{ title: "T", progress: 12.5 }, "progress"],
      [{ title: "T", status: "finished" }, "status"],
      [{ title: "T", dueDate: "2026-02-30" }, "dueDate"],
      [{ title: "T", dueDate: "next week" }, "dueDate"],
      [{ title: "" }, "title"],
      [{ title: "T", phaseId: colinsPhase.id }, "phaseId"],
      [{ title: "T", assignedStaffId: w.contacts.carla.id }, "assignedStaffId"],
    ] as const) {
      const r = await call(w.t, "POST", url, { cookie: w.staff, body });
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.fields.map((f: { field: string }) => f.field), JSON.stringify(body)).toContain(field);
    }
    const task = w.tasks[1];
    for (const [body, field] of [[{ progress: 101 }, "progress"], [{ status: "finished" }, "status"], [{ dueDate: "2026-13-01" }, "dueDate"]] as const) {
      const r = await call(w.t, "PATCH", `${url}/${task.id}`, { cookie: w.staff, body });
      expect(r.status).toBe(400);
      expect(r.body.fields[0].field).toBe(field);
    }
    expect((await w.s("GET", `/api/staff/projects/${w.projects.network.id}`)).tasks.length).toBe(before);
  });

  it("PRJ-1 a project's due date before its start date is refused on dueDate, at creation and in a change of either date", async () => {
    const r = await call(w.t, "POST", "/api/staff/projects", { cookie: w.staff, body: { accountId: w.accounts.A.id, number: "P-BAD", name: "Backwards", startDate: "2026-12-01", dueDate: "2026-11-01" } });
    expect(r.status).toBe(400);
    expect(r.body.fields[0].field).toBe("dueDate");
    const change = await call(w.t, "PATCH", `/api/staff/projects/${w.projects.network.id}`, { cookie: w.staff, body: { startDate: "2027-01-01" } });
    expect(change.status).toBe(400);
    expect(change.body.fields[0].field).toBe("dueDate");
    const bad = await call(w.t, "POST", "/api/staff/projects", { cookie: w.staff, body: { accountId: w.accounts.A.id, number: "P-BAD2", name: "Bad date", startDate: "2026-04-31" } });
    expect(bad.status).toBe(400);
    expect(bad.body.fields[0].field).toBe("startDate");
    const list = await w.s("GET", "/api/staff/projects?status=all&q=P-BAD");
    expect(list.items).toEqual([]);
  });

  it("PRJ-1 a project's number is a job number: one already taken is a 409 on the number field", async () => {
    const r = await call(w.t, "POST", "/api/staff/projects", { cookie: w.staff, body: { accountId: w.accounts.A.id, number: w.projects.network.number.toLowerCase(), name: "Duplicate" } });
    expect(r.status).toBe(409);
    expect(r.body.fields[0].field).toBe("number");
  });

  it("PRJ-1 an existing job becomes a project and keeps its tickets' time; turning it again is a 409", async () => {
    const job = await w.s("POST", `/api/staff/accounts/${w.accounts.A.id}/jobs`, { number: `J-${Date.now()}`, name: "Monthly care", visibleInPortal: true, customersAddTickets: true, copyEmailsToManager: false, hoursVisible: false });
    expect((await call(w.t, "GET", `/api/staff/projects/${job.id}`, { cookie: w.staff })).status).toBe(404);
    const p = await w.s("POST", `/api/staff/jobs/${job.id}/project`, { description: "Now a project", dueDate: "2026-12-31" });
    expect(p).toMatchObject({ id: job.id, number: job.number, name: "Monthly care", description: "Now a project", dueDate: "2026-12-31", status: "active" });
    expect((await call(w.t, "POST", `/api/staff/jobs/${job.id}/project`, { cookie: w.staff, body: {} })).status).toBe(409);
    expect((await call(w.t, "POST", `/api/staff/jobs/${MISSING}/project`, { cookie: w.staff, body: {} })).status).toBe(404);
  });

  it("PRJ-1 deleting a phase keeps its tasks on the project, outside any phase; deleting a task removes it", async () => {
    const p = await w.s("POST", "/api/staff/projects", { accountId: w.accounts.A.id, number: `P-DEL-${Date.now()}`, name: "Delete me" });
    let v = await w.s("POST", `/api/staff/projects/${p.id}/phases`, { name: "Only phase" });
    v = await w.s("POST", `/api/staff/projects/${p.id}/tasks`, { title: "Keep me", phaseId: v.phases[0].id });
    v = await w.s("DELETE", `/api/staff/projects/${p.id}/phases/${v.phases[0].id}`);
    expect(v.phases).toEqual([]);
    expect(v.tasks).toMatchObject([{ title: "Keep me", phaseId: null }]);
    v = await w.s("DELETE", `/api/staff/projects/${p.id}/tasks/${v.tasks[0].id}`);
    expect(v.tasks).toEqual([]);
    expect((await call(w.t, "DELETE", `/api/staff/projects/${p.id}/tasks/${MISSING}`, { cookie: w.staff })).status).toBe(404);
    // A task of another project is not found through this one.
    expect((await call(w.t, "PATCH", `/api/staff/projects/${p.id}/tasks/${w.tasks[0].id}`, { cookie: w.staff, body: { progress: 5 } })).status).toBe(404);
  });

  it("PRJ-1 the staff list filters by status, account and search, and shows progress and what is due", async () => {
    const list = await w.s("GET", `/api/staff/projects?accountId=${w.accounts.A.id}&q=network`);
    expect(list.items.map((r: { name: string }) => r.name)).toEqual(["Office network refresh"]);
    expect(list.items[0]).toMatchObject({ account: { id: w.accounts.A.id }, manager: { id: w.me.id }, progress: { percent: 40, tasks: 4 } });
    expect(list.items[0].upcoming.length).toBeLessThanOrEqual(3);
    await w.s("PATCH", `/api/staff/projects/${w.projects.colins.id}`, { status: "closed" });
    const active = await w.s("GET", `/api/staff/projects?accountId=${w.accounts.A.id}`);
    expect(active.items.map((r: { id: string }) => r.id)).not.toContain(w.projects.colins.id);
    const closed = await w.s("GET", `/api/staff/projects?status=closed`);
    expect(closed.items.map((r: { id: string }) => r.id)).toEqual([w.projects.colins.id]);
    await w.s("PATCH", `/api/staff/projects/${w.projects.colins.id}`, { status: "active" });
    expect((await call(w.t, "GET", "/api/staff/projects?status=open", { cookie: w.staff })).status).toBe(400);
  });
});

describe("PRJ-1 progress and what is due, by the tenant's clock", () => {
  it("PRJ-1 progress is the average of the tasks' progress with done counting as 100, with counts by status", async () => {
    const p = await w.s("GET", `/api/staff/projects/${w.projects.network.id}`);
    // done 100, in progress 50, blocked 10, not started 0.
    expect(p.progress).toEqual({ percent: 40, tasks: 4, byStatus: { not_started: 1, in_progress: 1, blocked: 1, done: 1 } });
    expect(p.phases.map((x: { name: string; progress: { percent: number } }) => [x.name, x.progress.percent])).toEqual([["Survey", 100], ["Install", 30]]);
    // A task marked done counts as 100 whatever its progress says.
    const task = p.tasks.find((x: { title: string }) => x.title === "Cable the floor");
    const done = await w.s("PATCH", `/api/staff/projects/${w.projects.network.id}/tasks/${task.id}`, { status: "done" });
    expect(done.progress.percent).toBe(63);
    expect(done.tasks.find((x: { id: string }) => x.id === task.id).progress).toBe(100);
    await w.s("PATCH", `/api/staff/projects/${w.projects.network.id}/tasks/${task.id}`, { status: "blocked" });
    const empty = await w.s("POST", "/api/staff/projects", { accountId: w.accounts.A.id, number: `P-EMPTY-${Date.now()}`, name: "Nothing yet" });
    expect(empty.progress).toEqual({ percent: 0, tasks: 0, byStatus: { not_started: 0, in_progress: 0, blocked: 0, done: 0 } });
  });

  it("PRJ-1 what is due: open tasks and phases due in the next 14 days or overdue, and the project's due date; done and far-off ones are not", async () => {
    // Today is 22 November 2026 by the test clock.
    const p = await w.s("GET", `/api/staff/projects/${w.projects.network.id}`);
    expect(p.today).toBe("2026-11-22");
    expect(p.upcoming.map((u: { kind: string; name: string; dueDate: string; overdue: boolean }) => [u.kind, u.name, u.dueDate, u.overdue])).toEqual([
      ["task", "Cable the floor", "2026-11-18", true],
      // Survey's only task is done, so the phase is not due; Walk the office is done.
      ["task", "Order switches", "2026-11-25", false],
      ["phase", "Install", "2026-12-05", false],
      ["project", "Office network refresh", "2026-12-20", false],
    ]);
    expect(p.overdue).toBe(1);
    expect(p.tasks.find((x: { title: string }) => x.title === "Cable the floor").overdue).toBe(true);
    // The portal shows the same, in the contact's list and on the project.
    await setCarla({});
    const row = (await ok(portal(w.contacts.carla.cookie, "GET", "/api/portal/projects"))).items.find((r: { id: string }) => r.id === w.projects.network.id);
    expect(row.upcoming.map((u: { name: string }) => u.name)).toEqual(["Cable the floor", "Order switches", "Install"]);
    expect(row.progress.percent).toBe(40);
  });

  it("PRJ-1 as the clock moves on, far-off dates come into the 14 days and passed ones become overdue", async () => {
    const start = w.t.clock.now;
    try {
      // 3 January 2027: Handover (15 January) is 12 days away; everything else open has passed.
      w.t.clock.now = new Date("2027-01-03T10:00:00Z");
      await w.signInAgain();
      const staff = w.staff;
      const p = await ok(call(w.t, "GET", `/api/staff/projects/${w.projects.network.id}`, { cookie: staff }));
      expect(p.today).toBe("2027-01-03");
      expect(p.upcoming.map((u: { name: string; overdue: boolean }) => [u.name, u.overdue])).toEqual([
        ["Cable the floor", true],
        ["Order switches", true],
        ["Install", true],
        ["Office network refresh", true],
        ["Handover", false],
      ]);
      // Handover is due on 15 January: on 31 December that is 15 days away (not yet due), on 1 January 14 (due).
      w.t.clock.now = new Date("2026-12-31T10:00:00Z");
      const earlier = await ok(call(w.t, "GET", `/api/staff/projects/${w.projects.network.id}`, { cookie: staff }));
      expect(earlier.upcoming.map((u: { name: string }) => u.name)).not.toContain("Handover");
      w.t.clock.now = new Date("2027-01-01T10:00:00Z");
      const fourteen = await ok(call(w.t, "GET", `/api/staff/projects/${w.projects.network.id}`, { cookie: staff }));
      expect(fourteen.upcoming.map((u: { name: string }) => u.name)).toContain("Handover");
    } finally {
      w.t.clock.now = start;
      await w.signInAgain();
    }
  });

  it("PRJ-1 'today' is the tenant's day: at 10:10 UTC on 22 November it is already 23 November in Kiritimati (UTC+14)", async () => {
    const start = w.t.clock.now;
    try {
      w.t.clock.now = new Date("2026-11-22T10:10:00Z");
      await w.s("PATCH", "/api/staff/settings/tickets", { timeZone: "Pacific/Kiritimati" });
      const p = await w.s("GET", `/api/staff/projects/${w.projects.network.id}`);
      expect(p.today).toBe("2026-11-23");
    } finally {
      await w.s("PATCH", "/api/staff/settings/tickets", { timeZone: "UTC" });
      w.t.clock.now = start;
    }
  });

  it("PRJ-1 a closed project has nothing due", async () => {
    await w.s("PATCH", `/api/staff/projects/${w.projects.colins.id}`, { status: "closed", dueDate: "2026-11-01" });
    const p = await w.s("GET", `/api/staff/projects/${w.projects.colins.id}`);
    expect(p.upcoming).toEqual([]);
    await w.s("PATCH", `/api/staff/projects/${w.projects.colins.id}`, { status: "active" });
  });
});
