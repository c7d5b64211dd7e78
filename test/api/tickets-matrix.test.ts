/**
 * The authorization matrix: every ticket route × every kind of principal × every kind of resource.
 * Foreign and missing answer with identical 404s; lists never hold a foreign id; portal answers never carry internal data.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tickets } from "../../src/server/db/schema/index.js";
import { activeContact, call, defaultJob, makeAccount } from "../harness.js";
import { buildTicketWorld, INTERNAL_FILE, INTERNAL_NOTE, noteAndFileCounts, ticketCount, type TicketWorld, upload } from "./ticket-fixture.js";

let w: TicketWorld;
const MISSING = "00000000-0000-4000-8000-000000000000";

beforeAll(async () => {
  w = await buildTicketWorld();
}, 120_000);
afterAll(() => w.t.close());

/** TKT-3: no portal answer carries internal notes, internal files or staff-only fields. */
function expectNoLeak(body: string, what: string) {
  expect(body, what).not.toContain(INTERNAL_NOTE);
  expect(body, what).not.toContain(INTERNAL_FILE);
  expect(body, what).not.toMatch(/"(assignedStaff|isPublic|createdVia|storageKey|notePublic|customerRepliedAt|resumeStatusId)"/);
}

/** A portal call whose answer is checked for leaks on the spot, so every test scans its own answers. */
async function portal(method: string, url: string, cookie: string | undefined, body?: unknown) {
  const r = await call(w.t, method, url, { cookie, body });
  expectNoLeak(typeof r.body === "string" ? r.body : JSON.stringify(r.body), `${method} ${url}`);
  return r;
}

type Who = "userA" | "colleagueA" | "managerA" | "adminA" | "mixedInA" | "mixedInB";
type Res = "own" | "colleague" | "inB" | "hidden" | "other" | "missing";
const ticketId = (r: Res) => (r === "missing" ? MISSING : w.tickets[r].id);
const fileOf: Record<Res, () => string> = {
  own: () => w.files.own.id,
  colleague: () => w.files.colleague.id,
  inB: () => w.files.inB.id,
  hidden: () => MISSING,
  other: () => w.files.other.id,
  missing: () => MISSING,
};

// Who may read which ticket ("own" is Ursula's; the colleague's is Colin's; both on A's default job).
const mayRead: Record<Who, Res[]> = {
  userA: ["own"],
  colleagueA: ["colleague"],
  managerA: ["own", "colleague"],
  adminA: ["own", "colleague"],
  mixedInA: [],
  mixedInB: ["inB"],
};
const cookieOf = (who: Who) => {
  const c = w.contacts;
  return { userA: c.userA, colleagueA: c.colleagueA, managerA: c.managerA, adminA: c.adminA, mixedInA: c.mixed, mixedInB: c.mixed }[who].cookie;
};
async function inView(who: Who) {
  if (who.startsWith("mixed")) {
    const accountId = who === "mixedInB" ? w.accounts.B.id : w.accounts.A.id;
    expect((await call(w.t, "POST", "/api/portal/me/switch-account", { cookie: w.contacts.mixed.cookie, body: { accountId } })).status).toBe(200);
  }
  return cookieOf(who);
}

const whos: Who[] = ["userA", "colleagueA", "managerA", "adminA", "mixedInA", "mixedInB"];
const resources: Res[] = ["own", "colleague", "inB", "hidden", "other", "missing"];

describe("ROL-1 ROL-4 TKT-1 TKT-3 portal ticket access matrix", () => {
  it("ROL-1 ROL-4 read, note, file and list answer exactly as each role allows; foreign and missing are the same 404", async () => {
    const missingBody = (await portal("GET", `/api/portal/tickets/${MISSING}`, w.contacts.userA.cookie)).body;
    const writtenBefore = await noteAndFileCounts(w.t);
    let refusedWrites = 0;
    for (const who of whos) {
      const cookie = await inView(who);
      for (const res of resources) {
        const allowed = mayRead[who].includes(res);
        const read = await portal("GET", `/api/portal/tickets/${ticketId(res)}`, cookie);
        expect(read.status, `${who} reads ${res}`).toBe(allowed ? 200 : 404);
        if (!allowed) expect(read.body, `${who} reads ${res}`).toEqual(missingBody);
        const file = await portal("GET", `/api/portal/attachments/${fileOf[res]()}`, cookie);
        expect(file.status, `${who} downloads file of ${res}`).toBe(allowed && res !== "hidden" ? 200 : 404);
        if (!allowed) {
          const note = await portal("POST", `/api/portal/tickets/${ticketId(res)}/notes`, cookie, { body: "sneaky" });
          expect(note.status, `${who} notes ${res}`).toBe(404);
          const up = await upload(w.t, `/api/portal/tickets/${ticketId(res)}/attachments`, cookie, "sneaky.txt", "x");
          expect(up.status, `${who} uploads to ${res}`).toBe(404);
          refusedWrites += 2;
        }
      }
      const list = await portal("GET", "/api/portal/tickets?pageSize=100", cookie);
      expect(list.status).toBe(200);
      const ids = list.body.items.map((x: { id: string }) => x.id).sort();
      expect(ids, `${who} list`).toEqual(mayRead[who].map(ticketId).sort());
      expect(list.body.total).toBe(mayRead[who].length);
      // Every readable ticket's title holds "ticket"; the search finds exactly those, and none of another scope.
      const search = await portal("GET", "/api/portal/tickets?q=ticket&pageSize=100", cookie);
      expect(search.body.items.map((x: { id: string }) => x.id).sort(), `${who} search`).toEqual(mayRead[who].map(ticketId).sort());
    }
    // Nothing was written by the refused notes and uploads.
    expect(refusedWrites).toBeGreaterThan(50);
    expect(await noteAndFileCounts(w.t)).toEqual(writtenBefore);
    const staffView = await call(w.t, "GET", `/api/staff/tickets/${w.tickets.colleague.id}`, { cookie: w.staff });
    expect(JSON.stringify(staffView.body)).not.toContain("sneaky");
  });

  it("TKT-3 the internal file of a visible ticket is a 404 for every customer", async () => {
    for (const who of ["userA", "managerA", "adminA"] as Who[]) {
      const r = await portal("GET", `/api/portal/attachments/${w.files.internal.id}`, await inView(who));
      expect(r.status).toBe(404);
    }
  });

  it("ACC-6 revoked and archived contacts, staff cookies and strangers get 401 on every portal ticket route", async () => {
    const routes: [string, string, unknown?][] = [
      ["GET", "/api/portal/tickets"],
      ["GET", "/api/portal/tickets/form"],
      ["POST", "/api/portal/tickets", { title: "x" }],
      ["GET", `/api/portal/tickets/${w.tickets.own.id}`],
      ["POST", `/api/portal/tickets/${w.tickets.own.id}/notes`, { body: "x" }],
      ["GET", `/api/portal/attachments/${w.files.own.id}`],
    ];
    for (const cookie of [w.contacts.revoked.cookie, w.contacts.archived.cookie, w.staff, w.otherStaff, undefined]) {
      for (const [m, u, b] of routes) expect((await portal(m, u, cookie, b)).status, `${m} ${u}`).toBe(401);
    }
  });

  it("TKT-2 job ids in request bodies are refused when foreign, hidden, missing or not open to the contact; nothing is written", async () => {
    const before = await ticketCount(w.t);
    const cases: [Who, string, number][] = [
      ["userA", w.jobs.B1.id, 404],
      ["userA", w.jobs.other.id, 404],
      ["userA", MISSING, 404],
      ["userA", w.jobs.AHidden.id, 404],
      ["adminA", w.jobs.AHidden.id, 404],
      ["mixedInA", w.jobs.B1.id, 404],
    ];
    for (const [who, jobId, status] of cases) {
      const r = await portal("POST", "/api/portal/tickets", await inView(who), { title: "Swapped job", jobId });
      expect(r.status, `${who} → ${jobId}`).toBe(status);
    }
    expect(await ticketCount(w.t)).toBe(before);
  });

  it("TKT-2 ROL-4 a non-administrator may not post to a visible add-ticket job that is not the default and not theirs; its contact and client administrators may", async () => {
    // An account of its own, so the tickets written here stay out of the matrix above.
    const s = (method: string, url: string, body?: unknown) => call(w.t, method, url, { cookie: w.staff, body });
    const account = await makeAccount(w.t, w.staff, { name: "Account C" });
    const job = async (number: string, contactId?: string) =>
      (await s("POST", `/api/staff/accounts/${account.id}/jobs`, { number, name: `Job ${number}`, contactId, visibleInPortal: true, customersAddTickets: true, copyEmailsToManager: false, hoursVisible: false })).body as { id: string; isDefault: boolean };
    const plain = await activeContact(w.t, w.staff, [account.id], { firstName: "Pete", lastName: "Plain" });
    const owner = await activeContact(w.t, w.staff, [account.id], { firstName: "Olive", lastName: "Owner" });
    const admin = await activeContact(w.t, w.staff, [account.id], { firstName: "Carla", lastName: "Clientadmin" });
    expect((await s("PATCH", `/api/staff/accounts/${account.id}/contacts/${admin.id}`, { clientAdmin: true })).status).toBe(200);
    const standard = await defaultJob(w.t, w.staff, account.id, { number: "C-1", name: "Job C-1" });
    const project = await job("C-2", owner.id);
    expect([standard.isDefault, project.isDefault]).toEqual([true, false]);
    const offered = async (cookie: string) => (await portal("GET", "/api/portal/tickets/form", cookie)).body.jobs.map((j: { id: string }) => j.id).sort();
    expect(await offered(plain.cookie)).toEqual([standard.id]);
    expect(await offered(owner.cookie)).toEqual([standard.id, project.id].sort());
    expect(await offered(admin.cookie)).toEqual([standard.id, project.id].sort());

    const total = () => ticketCount(w.t);
    const before = await total();
    const refused = await portal("POST", "/api/portal/tickets", plain.cookie, { title: "Not my project", jobId: project.id });
    expect(refused.status).toBe(404);
    expect(refused.body).toEqual((await portal("GET", `/api/portal/tickets/${MISSING}`, plain.cookie)).body);
    expect(await total()).toBe(before);
    const post = async (cookie: string, title: string, jobId: string) => {
      const r = await portal("POST", "/api/portal/tickets", cookie, { title, jobId });
      expect(r.status, title).toBe(200);
      return r.body.job.id;
    };
    expect(await post(plain.cookie, "On the default job", standard.id)).toBe(standard.id);
    expect(await post(owner.cookie, "On my project", project.id)).toBe(project.id);
    expect(await post(admin.cookie, "Administrator on the project", project.id)).toBe(project.id);
    expect(await total()).toBe(before + 3);
  });

  it("PLT-1 staff see every ticket of their tenant and get the same 404 for another tenant's ticket, file and job", async () => {
    for (const res of ["own", "colleague", "inB", "hidden"] as Res[]) {
      expect((await call(w.t, "GET", `/api/staff/tickets/${ticketId(res)}`, { cookie: w.staff })).status).toBe(200);
    }
    const missing = await call(w.t, "GET", `/api/staff/tickets/${MISSING}`, { cookie: w.staff });
    const foreign = await call(w.t, "GET", `/api/staff/tickets/${w.tickets.other.id}`, { cookie: w.staff });
    expect(foreign.status).toBe(404);
    expect(foreign.body).toEqual(missing.body);
    expect((await call(w.t, "GET", `/api/staff/attachments/${w.files.other.id}`, { cookie: w.staff })).status).toBe(404);
    expect((await call(w.t, "PATCH", `/api/staff/jobs/${w.jobs.other.id}`, { cookie: w.staff, body: { name: "x" } })).status).toBe(404);
    expect((await call(w.t, "POST", `/api/staff/tickets/${w.tickets.other.id}/notes`, { cookie: w.staff, body: { body: "x", isPublic: true } })).status).toBe(404);
    // The other tenant's ticket waits on its staff: still not in this tenant's "waiting on us" queue.
    await w.t.c.deps.db.update(tickets).set({ customerRepliedAt: w.t.clock.read() }).where(eq(tickets.id, w.tickets.other.id));
    for (const filter of ["", "&waitingOn=us", "&waitingOn=customer"]) {
      const queue = await call(w.t, "GET", `/api/staff/tickets?open=all&pageSize=100${filter}`, { cookie: w.staff });
      expect(queue.status).toBe(200);
      expect(JSON.stringify(queue.body)).not.toContain(w.tickets.other.id);
    }
    // The other tenant's staff cookie is not a session on this tenant's host.
    expect((await call(w.t, "GET", "/api/staff/tickets", { cookie: w.otherStaff })).status).toBe(401);
    // A foreign job id in a staff request body is refused.
    const r = await call(w.t, "POST", "/api/staff/tickets", { cookie: w.staff, body: { title: "x", details: "", jobId: w.jobs.other.id } });
    expect(r.status).toBe(400);
  });

  it("TKT-3 internal notes, internal files and staff-only fields never appear in any portal response", async () => {
    // The answers scanned here are this test's own: every read route, for every principal in every view.
    const scanned: string[] = [];
    const scan = async (method: string, url: string, cookie: string | undefined, body?: unknown) => {
      const r = await portal(method, url, cookie, body);
      scanned.push(typeof r.body === "string" ? r.body : JSON.stringify(r.body));
      return r;
    };
    for (const who of whos) {
      const cookie = await inView(who);
      await scan("GET", "/api/portal/me", cookie);
      await scan("GET", "/api/portal/tickets/form", cookie);
      await scan("GET", "/api/portal/tickets?pageSize=100", cookie);
      await scan("GET", `/api/portal/tickets?q=${encodeURIComponent(INTERNAL_NOTE)}&pageSize=100`, cookie);
      for (const res of resources) {
        await scan("GET", `/api/portal/tickets/${ticketId(res)}`, cookie);
        await scan("GET", `/api/portal/attachments/${fileOf[res]()}`, cookie);
      }
      await scan("GET", `/api/portal/attachments/${w.files.internal.id}`, cookie);
    }
    // The ticket that holds the internal note and file was read in full by those who may see it.
    const ownViews = scanned.filter((b) => b.includes(w.tickets.own.id) && b.includes("A public answer") && b.includes("screenshot.txt"));
    const readersOfOwn = whos.filter((x) => mayRead[x].includes("own"));
    expect(readersOfOwn).toEqual(["userA", "managerA", "adminA"]);
    expect(ownViews).toHaveLength(readersOfOwn.length);
    expect(scanned).toHaveLength(whos.length * (5 + 2 * resources.length));
  });
});
