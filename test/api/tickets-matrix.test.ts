/**
 * The authorization matrix: every ticket route × every kind of principal × every kind of resource.
 * Foreign and missing answer with identical 404s; lists never hold a foreign id; portal answers never carry internal data.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call } from "../harness.js";
import { buildTicketWorld, INTERNAL_FILE, INTERNAL_NOTE, type TicketWorld, upload } from "./ticket-fixture.js";

let w: TicketWorld;
const portalBodies: string[] = [];
const MISSING = "00000000-0000-4000-8000-000000000000";

beforeAll(async () => {
  w = await buildTicketWorld();
}, 120_000);
afterAll(() => w.t.close());

async function portal(method: string, url: string, cookie: string | undefined, body?: unknown) {
  const r = await call(w.t, method, url, { cookie, body });
  portalBodies.push(typeof r.body === "string" ? r.body : JSON.stringify(r.body));
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
        }
      }
      const list = await portal("GET", "/api/portal/tickets?pageSize=100", cookie);
      expect(list.status).toBe(200);
      const ids = list.body.items.map((x: { id: string }) => x.id).sort();
      expect(ids, `${who} list`).toEqual(mayRead[who].map(ticketId).sort());
      expect(list.body.total).toBe(mayRead[who].length);
      const search = await portal("GET", "/api/portal/tickets?q=ticket&pageSize=100", cookie);
      for (const x of search.body.items) expect(mayRead[who].map(ticketId)).toContain(x.id);
    }
    // Nothing was written by the refused notes and uploads.
    const staffView = await call(w.t, "GET", `/api/staff/tickets/${w.tickets.colleague.id}`, { cookie: w.staff });
    expect(JSON.stringify(staffView.body)).not.toContain("sneaky");
  });

  it("the internal file of a visible ticket is a 404 for every customer", async () => {
    for (const who of ["userA", "managerA", "adminA"] as Who[]) {
      const r = await portal("GET", `/api/portal/attachments/${w.files.internal.id}`, await inView(who));
      expect(r.status).toBe(404);
    }
  });

  it("revoked and archived contacts, staff cookies and strangers get 401 on every portal ticket route", async () => {
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
    const before = (await call(w.t, "GET", "/api/staff/tickets?open=all&pageSize=100", { cookie: w.staff })).body.total;
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
    expect((await call(w.t, "GET", "/api/staff/tickets?open=all&pageSize=100", { cookie: w.staff })).body.total).toBe(before);
  });

  it("staff see every ticket of their tenant and get the same 404 for another tenant's ticket, file and job", async () => {
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
    const queue = await call(w.t, "GET", "/api/staff/tickets?open=all&pageSize=100", { cookie: w.staff });
    expect(JSON.stringify(queue.body)).not.toContain(w.tickets.other.id);
    // The other tenant's staff cookie is not a session on this tenant's host.
    expect((await call(w.t, "GET", "/api/staff/tickets", { cookie: w.otherStaff })).status).toBe(401);
    // A foreign job id in a staff request body is refused.
    const r = await call(w.t, "POST", "/api/staff/tickets", { cookie: w.staff, body: { title: "x", details: "", jobId: w.jobs.other.id } });
    expect(r.status).toBe(400);
  });

  it("TKT-3 internal notes, internal files and staff-only fields never appear in any portal response", () => {
    expect(portalBodies.length).toBeGreaterThan(100);
    for (const body of portalBodies) {
      expect(body).not.toContain(INTERNAL_NOTE);
      expect(body).not.toContain(INTERNAL_FILE);
      expect(body).not.toMatch(/"(assignedStaff|isPublic|createdVia|storageKey|notePublic)"/);
    }
  });
});
