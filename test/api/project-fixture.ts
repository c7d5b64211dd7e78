/**
 * A tenant running projects (PRJ-1): Acme's "Office network refresh" with phases, tasks, an assigned staff member,
 * two associated contacts and a colleague who is not associated; a colleague's project, another account's project,
 * and a second tenant with its own project. Notes and files public and internal on each.
 */
import { and, count, eq } from "drizzle-orm";
import { outbox, projectFiles, projectNotes } from "../../src/server/db/schema/index.js";
import { type TestApp, activeContact, addTenant, call, cookieFrom, createTestApp, makeAccount, ok, PORTAL_PASSWORD, staffLogin, uniq } from "../harness.js";
import { makeStaffUser, upload } from "./ticket-fixture.js";

export const INTERNAL_NOTE = "INTERNAL-project-note-9c2e";
export const INTERNAL_FILE = "internal-project-9c2e.txt";
export const OTHER = "other.test";
export const MISSING = "00000000-0000-4000-8000-000000000000";
export const ALL_FLAGS = { viewNotes: true, addNotes: true, viewFiles: true, addFiles: true, viewOrganisation: true, viewClients: true, viewTasks: true, viewTime: true };
export const SWITCHES_ON = { projectViewNotes: true, projectViewFiles: true, projectViewOrganisation: true, projectViewClients: true, projectViewTasks: true, projectViewTime: true };

export async function buildProjectWorld(o: { smtpUrl?: string } = {}) {
  const t: TestApp = await createTestApp({ smtpUrl: o.smtpUrl });
  const staff = await staffLogin(t);
  // The staff session used by `s`: signInAgain replaces it.
  const session = { staff };
  const s = (method: string, url: string, body?: unknown, cookie?: string, host?: string) => ok(call(t, method, url, { cookie: cookie ?? session.staff, body, host }));
  const me = await s("GET", "/api/staff/me");
  // Sam is assigned to the project; Desmond is on the service desk but not on this project.
  const sam = await makeStaffUser(t, staff, "Sam Servicedesk", `sam.${uniq()}@provider.test`);
  const desmond = await makeStaffUser(t, staff, "Desmond Desk", `desmond.${uniq()}@provider.test`);

  const A = await makeAccount(t, staff, { name: `Acme ${uniq()}`, number: `AC-${uniq()}` });
  const B = await makeAccount(t, staff, { name: `Bluebird ${uniq()}` });
  const carla = await activeContact(t, staff, [A.id], { firstName: "Carla", lastName: "Contact" });
  const dora = await activeContact(t, staff, [A.id], { firstName: "Dora", lastName: "Director" });
  const colin = await activeContact(t, staff, [A.id], { firstName: "Colin", lastName: "Colleague" });
  const bob = await activeContact(t, staff, [B.id], { firstName: "Bob", lastName: "Other" });

  const project = async (accountId: string, name: string, v: Record<string, unknown> = {}, cookie = staff, host?: string) =>
    s("POST", "/api/staff/projects", { accountId, number: `P-${uniq()}`, name, description: `${name}: the plan`, startDate: "2026-11-01", dueDate: "2026-12-20", managerStaffId: me.id, ...v }, cookie, host);
  const network = await project(A.id, "Office network refresh");
  const colins = await project(A.id, "Colin's printer rollout");
  const bluebird = await project(B.id, "Bluebird phone system");

  // Phases and tasks of the network project, in varied states and due dates (today is 2026-11-22).
  let p = await s("POST", `/api/staff/projects/${network.id}/phases`, { name: "Survey", dueDate: "2026-11-20", sort: 1 });
  p = await s("POST", `/api/staff/projects/${network.id}/phases`, { name: "Install", dueDate: "2026-12-05", sort: 2 });
  const [survey, install] = p.phases;
  await s("POST", `/api/staff/projects/${network.id}/tasks`, { title: "Walk the office", status: "done", progress: 100, dueDate: "2026-11-10", phaseId: survey.id, assignedStaffId: sam.id, sort: 1 });
  await s("POST", `/api/staff/projects/${network.id}/tasks`, { title: "Order switches", status: "in_progress", progress: 50, dueDate: "2026-11-25", phaseId: install.id, sort: 2 });
  await s("POST", `/api/staff/projects/${network.id}/tasks`, { title: "Cable the floor", status: "blocked", progress: 10, dueDate: "2026-11-18", phaseId: install.id, sort: 3 });
  p = await s("POST", `/api/staff/projects/${network.id}/tasks`, { title: "Handover", status: "not_started", progress: 0, dueDate: "2027-01-15", sort: 4 });
  await s("PUT", `/api/staff/projects/${network.id}/staff`, { staffIds: [sam.id] });
  await s("PUT", `/api/staff/projects/${network.id}/contacts/${carla.id}`, ALL_FLAGS);
  await s("PUT", `/api/staff/projects/${network.id}/contacts/${dora.id}`, {});
  await s("PUT", `/api/staff/projects/${colins.id}/contacts/${colin.id}`, ALL_FLAGS);
  await s("PUT", `/api/staff/projects/${bluebird.id}/contacts/${bob.id}`, ALL_FLAGS);

  // Notes and files: public and internal.
  for (const proj of [network, colins, bluebird]) {
    await s("POST", `/api/staff/projects/${proj.id}/notes`, { body: `Kick-off for ${proj.name}`, isPublic: true });
    await s("POST", `/api/staff/projects/${proj.id}/notes`, { body: INTERNAL_NOTE, isPublic: false });
  }
  const fileOf = async (projectId: string, name: string, isPublic = true) =>
    ok(upload(t, `/api/staff/projects/${projectId}/files?public=${isPublic}`, staff, name, `content of ${name}`)) as Promise<{ id: string }>;
  const files = {
    own: await fileOf(network.id, "floor-plan.txt"),
    internal: await fileOf(network.id, INTERNAL_FILE, false),
    colleague: await fileOf(colins.id, "printers.txt"),
    otherAccount: await fileOf(bluebird.id, "phones.txt"),
  };

  // Time on a ticket of the network project: one public note, one internal.
  const ticket = await s("POST", "/api/staff/tickets", { jobId: network.id, title: "Network work", details: "" });
  await s("POST", `/api/staff/tickets/${ticket.id}/time-entries`, { startedAt: "2026-11-18T09:00:00Z", endedAt: "2026-11-18T11:30:00Z", note: "Surveyed the wiring closet", notePublic: true });
  await s("POST", `/api/staff/tickets/${ticket.id}/time-entries`, { startedAt: "2026-11-19T09:00:00Z", endedAt: "2026-11-19T10:15:00Z", note: "INTERNAL-time-note", notePublic: false });

  // A second tenant with its own project, contact and file.
  const other = await addTenant(t, OTHER);
  await t.c.services.staff.createFirstAdmin(other.id, { name: "Other Admin", email: "admin@other.test", password: "other tenant passphrase" });
  const otherStaff = await staffLogin(t, { email: "admin@other.test", password: "other tenant passphrase" }, OTHER);
  const oa = await makeAccount(t, otherStaff, { name: "Other Co" }, OTHER);
  const stranger = await activeContact(t, otherStaff, [oa.id], { firstName: "Stan", lastName: "Stranger" }, OTHER);
  const otherProject = await s("POST", "/api/staff/projects", { accountId: oa.id, number: "O-1", name: "Other project" }, otherStaff, OTHER);
  await s("PUT", `/api/staff/projects/${otherProject.id}/contacts/${stranger.id}`, ALL_FLAGS, otherStaff, OTHER);
  const otherFile = (await ok(upload(t, `/api/staff/projects/${otherProject.id}/files`, otherStaff, "other.txt", "other tenant", { host: OTHER }))) as { id: string };

  /** After the clock jumped past the session lifetime: staff and contacts sign in again. */
  async function signInAgain() {
    session.staff = world.staff = await staffLogin(t);
    for (const c of [carla, dora, colin, bob]) c.cookie = cookieFrom(await call(t, "POST", "/api/portal/auth/login", { body: { username: c.email, password: PORTAL_PASSWORD } }));
    stranger.cookie = cookieFrom(await call(t, "POST", "/api/portal/auth/login", { body: { username: stranger.email, password: PORTAL_PASSWORD }, host: OTHER }));
  }
  const world = {
    t,
    staff,
    signInAgain,
    s,
    me,
    sam,
    desmond,
    accounts: { A, B },
    contacts: { carla, dora, colin, bob, stranger },
    projects: { network, colins, bluebird, other: otherProject },
    phases: { survey, install },
    tasks: p.tasks as { id: string; title: string }[],
    files: { ...files, otherTenant: otherFile },
    ticket,
    other,
    otherStaff,
    project,
  };
  return world;
}
export type ProjectWorld = Awaited<ReturnType<typeof buildProjectWorld>>;

/** Outbox emails of the project template to this address. */
export async function projectMails(t: TestApp, to: string) {
  const rows = await t.c.deps.db.select().from(outbox).where(and(eq(outbox.tenantId, t.tenantId), eq(outbox.template, "project_activity"), eq(outbox.recipient, to)));
  return rows.map((r) => r.payload as Record<string, unknown>);
}

export async function projectNoteAndFileCounts(t: TestApp) {
  const [[n], [f]] = await Promise.all([t.c.deps.db.select({ n: count() }).from(projectNotes), t.c.deps.db.select({ n: count() }).from(projectFiles)]);
  return { notes: Number(n.n), files: Number(f.n) };
}
