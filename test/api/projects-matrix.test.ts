/**
 * The authorization matrix for projects (PRJ-1): who reads, adds to and downloads from which project — own
 * (associated), a colleague's (same account, not associated), another account's, another tenant's, missing. Every
 * foreign id is the same 404 as a missing one. The role's *View projects* switches the portal's projects on;
 * changing a project needs *Manage jobs* on the staff side.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pgCode } from "../../src/server/deps.js";
import { activeContact, call, cookieFrom, ok, PORTAL_PASSWORD, staffLogin } from "../harness.js";
import { ALL_FLAGS, buildProjectWorld, MISSING, OTHER, projectNoteAndFileCounts, type ProjectWorld } from "./project-fixture.js";
import { upload } from "./ticket-fixture.js";

let w: ProjectWorld;
type Res = "own" | "colleague" | "otherAccount" | "otherTenant" | "missing";
type Who = "carla" | "colin" | "bob" | "stranger";
const project: Record<Res, string> = {} as never;
const file: Record<Res, string> = {} as never;

beforeAll(async () => {
  w = await buildProjectWorld();
  Object.assign(project, { own: w.projects.network.id, colleague: w.projects.colins.id, otherAccount: w.projects.bluebird.id, otherTenant: w.projects.other.id, missing: MISSING });
  Object.assign(file, { own: w.files.own.id, colleague: w.files.colleague.id, otherAccount: w.files.otherAccount.id, otherTenant: w.files.otherTenant.id, missing: MISSING });
}, 180_000);
afterAll(() => w.t.close());

const cookieOf = (who: Who) => w.contacts[who].cookie;
const hostOf = (who: Who) => (who === "stranger" ? OTHER : undefined);
// Carla follows the network project, Colin his printer rollout (Carla's colleague's), Bob Bluebird's, the stranger the other tenant's.
const may: Record<Who, Res> = { carla: "own", colin: "colleague", bob: "otherAccount", stranger: "otherTenant" };
const everyRes: Res[] = ["own", "colleague", "otherAccount", "otherTenant", "missing"];
const strip = (b: Record<string, unknown>) => ({ ...b, requestId: undefined });
const as = (who: Who, method: string, url: string, body?: unknown) => call(w.t, method, url, { cookie: cookieOf(who), host: hostOf(who), body });

describe("PRJ-1 projects in the authorization matrix", () => {
  for (const who of Object.keys(may) as Who[]) {
    it(`PRJ-1 ${who} reads only the project they are associated with; every other id is the same 404 as a missing one`, async () => {
      const missing = await as(who, "GET", `/api/portal/projects/${MISSING}`);
      expect(missing.status).toBe(404);
      expect(missing.body.message).toBe("Project not found.");
      for (const r of everyRes) {
        const res = await as(who, "GET", `/api/portal/projects/${project[r]}`);
        if (may[who] === r) expect(res.status, `${who} → ${r}`).toBe(200);
        else {
          expect(res.status, `${who} → ${r}`).toBe(404);
          expect(strip(res.body), `${who} → ${r}`).toEqual(strip(missing.body));
        }
      }
    });

    it(`PRJ-1 ${who}'s project list holds exactly their project`, async () => {
      const list = await ok(as(who, "GET", "/api/portal/projects"));
      expect(list.items.map((i: { id: string }) => i.id)).toEqual([project[may[who]]]);
    });

    it(`PRJ-1 ${who} downloads only files of their project; every other file id is the same 404 as a missing one`, async () => {
      const missing = await as(who, "GET", `/api/portal/project-files/${MISSING}`);
      expect(missing.status).toBe(404);
      for (const r of everyRes) {
        const res = await as(who, "GET", `/api/portal/project-files/${file[r]}`);
        if (may[who] === r) expect(res.status, `${who} → ${r}`).toBe(200);
        else {
          expect(res.status, `${who} → ${r}`).toBe(404);
          expect(strip(res.body), `${who} → ${r}`).toEqual(strip(missing.body));
        }
      }
    });
  }

  it("PRJ-1 a note or a file sent to a foreign or missing project is the same 404, and nothing is written", async () => {
    const before = await projectNoteAndFileCounts(w.t);
    const missingNote = await as("carla", "POST", `/api/portal/projects/${MISSING}/notes`, { body: "Hello" });
    for (const r of ["colleague", "otherAccount", "otherTenant", "missing"] as const) {
      const note = await as("carla", "POST", `/api/portal/projects/${project[r]}/notes`, { body: "Hello" });
      expect(note.status, r).toBe(404);
      expect(strip(note.body), r).toEqual(strip(missingNote.body));
      const f = await upload(w.t, `/api/portal/projects/${project[r]}/files`, cookieOf("carla"), "hello.txt", "hello");
      expect(f.status, r).toBe(404);
      expect(strip(f.body), r).toEqual(strip(missingNote.body));
    }
    expect(await projectNoteAndFileCounts(w.t)).toEqual(before);
  });

  it("PRJ-1 a contact of two accounts sees the projects of the account in view only", async () => {
    const max = await activeContact(w.t, w.staff, [w.accounts.A.id, w.accounts.B.id], { firstName: "Max", lastName: "Mixed" });
    await w.s("PUT", `/api/staff/projects/${w.projects.bluebird.id}/contacts/${max.id}`, ALL_FLAGS);
    const me = await ok(call(w.t, "GET", "/api/portal/me", { cookie: max.cookie }));
    const inView = me.currentAccount.id;
    const list = await ok(call(w.t, "GET", "/api/portal/projects", { cookie: max.cookie }));
    expect(list.items.map((i: { id: string }) => i.id)).toEqual(inView === w.accounts.B.id ? [w.projects.bluebird.id] : []);
    if (inView !== w.accounts.B.id) {
      expect((await call(w.t, "GET", `/api/portal/projects/${w.projects.bluebird.id}`, { cookie: max.cookie })).status).toBe(404);
      await ok(call(w.t, "POST", "/api/portal/me/switch-account", { cookie: max.cookie, body: { accountId: w.accounts.B.id } }));
    }
    expect((await ok(call(w.t, "GET", "/api/portal/projects", { cookie: max.cookie }))).items.map((i: { id: string }) => i.id)).toEqual([w.projects.bluebird.id]);
    expect((await call(w.t, "GET", `/api/portal/projects/${w.projects.bluebird.id}`, { cookie: max.cookie })).status).toBe(200);
  });

  it("PRJ-1 a role without View projects gets 403 on the portal's projects, and the nav flag is off; with it back, the projects return", async () => {
    const noProjects = await w.s("POST", "/api/staff/portal-roles", { name: "No projects", permissions: ["tickets.view_own", "tickets.create"], defaultTypeId: null, defaultPriorityId: null, quickForm: true, visibleFields: [] });
    await w.s("PATCH", `/api/staff/accounts/${w.accounts.A.id}/contacts/${w.contacts.carla.id}`, { portalRoleId: noProjects.id });
    const carla = cookieFrom(await call(w.t, "POST", "/api/portal/auth/login", { body: { username: w.contacts.carla.email, password: PORTAL_PASSWORD } }));
    try {
      expect((await ok(call(w.t, "GET", "/api/portal/me", { cookie: carla }))).can.projects).toBe(false);
      for (const [method, url, body] of [
        ["GET", "/api/portal/projects"],
        ["GET", `/api/portal/projects/${project.own}`],
        ["GET", `/api/portal/projects/${MISSING}`],
        ["POST", `/api/portal/projects/${project.own}/notes`, { body: "Hi" }],
        ["GET", `/api/portal/project-files/${file.own}`],
      ] as const) {
        const r = await call(w.t, method, url, { cookie: carla, body });
        expect(r.status, `${method} ${url}`).toBe(403);
      }
    } finally {
      await w.s("PATCH", `/api/staff/accounts/${w.accounts.A.id}/contacts/${w.contacts.carla.id}`, { portalRoleId: null });
    }
    expect((await ok(call(w.t, "GET", "/api/portal/me", { cookie: carla }))).can.projects).toBe(true);
    expect((await ok(call(w.t, "GET", "/api/portal/projects", { cookie: carla }))).items.map((i: { id: string }) => i.id)).toEqual([project.own]);
  });

  it("PRJ-1 staff without Manage jobs read projects but cannot change them: 403, nothing written", async () => {
    const role = await w.s("POST", "/api/staff/roles", { name: "Ticket workers", permissions: ["tickets.manage"] });
    const u = await w.s("POST", "/api/staff/users", { name: "Tess Tickets", email: "tess@provider.test", roleId: role.id, password: "staff member passphrase 1024" });
    const tess = await staffLogin(w.t, { email: u.email, password: "staff member passphrase 1024" });
    const read = await ok(call(w.t, "GET", `/api/staff/projects/${project.own}`, { cookie: tess }));
    expect(read.can.manage).toBe(false);
    expect((await ok(call(w.t, "GET", "/api/staff/projects", { cookie: tess }))).items.length).toBeGreaterThan(0);
    expect((await ok(call(w.t, "GET", `/api/staff/projects/${project.own}`, { cookie: w.staff }))).can.manage).toBe(true);
    const before = await ok(call(w.t, "GET", `/api/staff/projects/${project.own}`, { cookie: w.staff }));
    const taskId = before.tasks[0].id;
    const phaseId = before.phases[0].id;
    const writes: [string, string, unknown?][] = [
      ["POST", "/api/staff/projects", { accountId: w.accounts.A.id, number: "P-TESS", name: "Tess's project" }],
      ["PATCH", `/api/staff/projects/${project.own}`, { name: "Renamed" }],
      ["POST", `/api/staff/projects/${project.own}/phases`, { name: "Phase" }],
      ["PATCH", `/api/staff/projects/${project.own}/phases/${phaseId}`, { name: "Phase" }],
      ["DELETE", `/api/staff/projects/${project.own}/phases/${phaseId}`],
      ["POST", `/api/staff/projects/${project.own}/tasks`, { title: "Task" }],
      ["PATCH", `/api/staff/projects/${project.own}/tasks/${taskId}`, { progress: 99 }],
      ["DELETE", `/api/staff/projects/${project.own}/tasks/${taskId}`],
      ["PUT", `/api/staff/projects/${project.own}/staff`, { staffIds: [] }],
      ["PUT", `/api/staff/projects/${project.own}/contacts/${w.contacts.colin.id}`, ALL_FLAGS],
      ["DELETE", `/api/staff/projects/${project.own}/contacts/${w.contacts.carla.id}`],
      ["POST", `/api/staff/projects/${project.own}/notes`, { body: "Note", isPublic: true }],
      ["POST", `/api/staff/jobs/${project.own}/project`, {}],
    ];
    for (const [method, url, body] of writes) {
      const r = await call(w.t, method, url, { cookie: tess, body });
      expect(r.status, `${method} ${url}`).toBe(403);
    }
    expect((await upload(w.t, `/api/staff/projects/${project.own}/files`, tess, "x.txt", "x")).status).toBe(403);
    const after = await ok(call(w.t, "GET", `/api/staff/projects/${project.own}`, { cookie: w.staff }));
    expect({ ...after, today: undefined }).toEqual({ ...before, today: undefined });
  });

  it("PLT-1 staff get the same 404 for another tenant's project, phase, task and file as for missing ones", async () => {
    const missing = await call(w.t, "GET", `/api/staff/projects/${MISSING}`, { cookie: w.staff });
    const foreign = await call(w.t, "GET", `/api/staff/projects/${project.otherTenant}`, { cookie: w.staff });
    expect([missing.status, foreign.status]).toEqual([404, 404]);
    expect(strip(foreign.body)).toEqual(strip(missing.body));
    const missingFile = await call(w.t, "GET", `/api/staff/project-files/${MISSING}`, { cookie: w.staff });
    const foreignFile = await call(w.t, "GET", `/api/staff/project-files/${file.otherTenant}`, { cookie: w.staff });
    expect([missingFile.status, foreignFile.status]).toEqual([404, 404]);
    expect(strip(foreignFile.body)).toEqual(strip(missingFile.body));
    expect((await call(w.t, "PATCH", `/api/staff/projects/${project.otherTenant}`, { cookie: w.staff, body: { name: "Mine now" } })).status).toBe(404);
    expect((await call(w.t, "POST", `/api/staff/projects/${project.otherTenant}/tasks`, { cookie: w.staff, body: { title: "Mine" } })).status).toBe(404);
    expect((await call(w.t, "POST", `/api/staff/jobs/${project.otherTenant}/project`, { cookie: w.staff, body: {} })).status).toBe(404);
    // A project of another tenant's account cannot be created here.
    const otherAccount = (await ok(call(w.t, "GET", "/api/staff/projects", { cookie: w.otherStaff, host: OTHER }))).items[0].account.id;
    const r = await call(w.t, "POST", "/api/staff/projects", { cookie: w.staff, body: { accountId: otherAccount, number: "P-STEAL", name: "Steal" } });
    expect(r.status).toBe(400);
    expect(r.body.fields[0].field).toBe("accountId");
    const list = await ok(call(w.t, "GET", "/api/staff/projects?status=all&pageSize=100", { cookie: w.staff }));
    expect(list.items.map((i: { id: string }) => i.id)).not.toContain(project.otherTenant);
  });

  it("PRJ-1 a staff session is refused on the portal's projects and a portal session on the staff projects", async () => {
    expect((await call(w.t, "GET", "/api/portal/projects", { cookie: w.staff })).status).toBe(401);
    expect((await call(w.t, "GET", "/api/staff/projects", { cookie: cookieOf("carla") })).status).toBe(401);
  });
});

describe("PLT-1 PRJ-1 the database refuses a project row pointing at another tenant's row", () => {
  const refused = async (q: ReturnType<typeof sql>) => {
    const err = await w.t.c.deps.db.execute(q).then(() => null, (e: unknown) => e);
    expect(err, "the database accepted a reference to another tenant's row").not.toBeNull();
    expect(pgCode(err)).toBe("23503");
  };
  it("PLT-1 an association, a team member, a task's assignee, a phase and a note cannot cross tenants", async () => {
    const tid = w.t.tenantId;
    const theirStaff = ((await w.t.c.deps.db.execute(sql`select id from staff_users where tenant_id = ${w.other.id} limit 1`)) as unknown as { rows: { id: string }[] }).rows[0].id;
    await refused(sql`insert into project_contacts (tenant_id, job_id, contact_id, created_at) values (${tid}, ${project.own}, ${w.contacts.stranger.id}, now())`);
    await refused(sql`insert into project_staff (tenant_id, job_id, staff_id) values (${tid}, ${project.own}, ${theirStaff})`);
    await refused(sql`insert into project_tasks (tenant_id, job_id, title, assigned_staff_id, created_at, updated_at) values (${tid}, ${project.own}, 'x', ${theirStaff}, now(), now())`);
    await refused(sql`insert into project_phases (tenant_id, job_id, name, created_at) values (${tid}, ${project.otherTenant}, 'x', now())`);
    await refused(sql`insert into project_notes (tenant_id, job_id, body, is_public, author_contact_id, author_name, created_at) values (${tid}, ${project.own}, 'x', true, ${w.contacts.stranger.id}, 'x', now())`);
    await refused(sql`insert into project_files (tenant_id, job_id, filename, content_type, size, storage_key, uploaded_by_name, created_at) values (${tid}, ${project.otherTenant}, 'x', 'text/plain', 1, 'k', 'x', now())`);
    // The same rows with our own references are accepted: the refusals above are about the tenant.
    await w.t.c.deps.db.execute(sql`insert into project_tasks (tenant_id, job_id, title, assigned_staff_id, created_at, updated_at) values (${tid}, ${w.projects.bluebird.id}, 'Own refs', ${w.sam.id}, now(), now())`);
  });
});
