/**
 * The authorization matrix for approval requests (APR-4): who sees and answers which version — own (sent to
 * them), a colleague's, another account's, another tenant's, missing. Foreign and missing get identical 404s.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { activeContact, call, makeAccount, ok, staffLogin } from "../harness.js";
import { makeStaffUser } from "./ticket-fixture.js";
import { type ApprovalWorld, buildApprovalWorld } from "./approval-fixture.js";

let w: ApprovalWorld;
const MISSING = "00000000-0000-4000-8000-000000000000";
const OTHER = "other.test";
type Res = "own" | "colleague" | "otherAccount" | "otherTenant" | "missing";
type Who = "carla" | "colin" | "alma" | "bob" | "stranger";
const req: Record<Res, { id: string; statementHash: string }> = {} as never;
let stranger: string;

beforeAll(async () => {
  w = await buildApprovalWorld();
  // A job whose contact is Colin: his request is Carla's colleague's.
  const colinsJob = await w.s("POST", `/api/staff/accounts/${w.accounts.A.id}/jobs`, { number: "J-COLIN", name: "Colin's job", visibleInPortal: true, customersAddTickets: true, copyEmailsToManager: false, hoursVisible: false, requiresApproval: true, contactId: w.contacts.colin.id });
  const tk = await w.s("POST", "/api/staff/tickets", { jobId: colinsJob.id, title: "Colin's ticket", details: "" });
  await w.time(tk.id, "2026-11-20T09:00:00Z", 1);
  await w.s("POST", "/api/staff/approvals/send", { jobIds: [w.jobs.website.id, colinsJob.id, w.jobs.bJob.id] });
  const latest = async (jobId: string) => (await w.s("GET", `/api/staff/approvals/jobs/${jobId}`)).versions[0];
  for (const [k, jobId] of [["own", w.jobs.website.id], ["colleague", colinsJob.id], ["otherAccount", w.jobs.bJob.id]] as const) {
    const v = await latest(jobId);
    req[k] = { id: v.id, statementHash: v.statementHash };
  }
  // Another tenant with its own request.
  await w.t.c.services.staff.createFirstAdmin(w.other.id, { name: "Other Admin", email: "admin@other.test", password: "other tenant passphrase" });
  const os = await staffLogin(w.t, { email: "admin@other.test", password: "other tenant passphrase" }, OTHER);
  const o = (m: string, u: string, b?: unknown) => ok(call(w.t, m, u, { cookie: os, body: b, host: OTHER }));
  await o("PATCH", "/api/staff/settings/portal", { approvalEnabled: true });
  const oa = await makeAccount(w.t, os, { name: "Other Co" }, OTHER);
  const oc = await activeContact(w.t, os, [oa.id], {}, OTHER);
  stranger = oc.cookie;
  const oj = await o("POST", `/api/staff/accounts/${oa.id}/jobs`, { number: "O-1", name: "Other job", visibleInPortal: true, customersAddTickets: true, copyEmailsToManager: false, hoursVisible: false, requiresApproval: true, contactId: oc.id, billingRate: "100" });
  const ot = await o("POST", "/api/staff/tickets", { jobId: oj.id, title: "Other ticket", details: "" });
  await o("POST", `/api/staff/tickets/${ot.id}/time-entries`, { startedAt: "2026-11-20T09:00:00Z", endedAt: "2026-11-20T10:00:00Z" });
  await o("POST", "/api/staff/approvals/send", { jobIds: [oj.id] });
  const ov = (await o("GET", `/api/staff/approvals/jobs/${oj.id}`)).versions[0];
  req.otherTenant = { id: ov.id, statementHash: ov.statementHash };
  req.missing = { id: MISSING, statementHash: "a".repeat(64) };
}, 180_000);
afterAll(() => w.t.close());

const cookieOf = (who: Who) => (who === "stranger" ? stranger : w.contacts[who].cookie);
const hostOf = (who: Who) => (who === "stranger" ? OTHER : undefined);
// Who may see and answer which version.
const may: Record<Who, Res[]> = { carla: ["own"], colin: ["colleague"], alma: ["own", "colleague"], bob: ["otherAccount"], stranger: ["otherTenant"] };
const everyRes: Res[] = ["own", "colleague", "otherAccount", "otherTenant", "missing"];
const strip = (b: Record<string, unknown>) => ({ ...b, requestId: undefined });

describe("APR-4 approval requests in the authorization matrix", () => {
  for (const who of Object.keys(may) as Who[]) {
    it(`APR-4 ${who} reads only the versions meant for them; every other id is the same 404 as a missing one`, async () => {
      const missing = await call(w.t, "GET", `/api/portal/approvals/${MISSING}`, { cookie: cookieOf(who), host: hostOf(who) });
      expect(missing.status).toBe(404);
      for (const r of everyRes) {
        const res = await call(w.t, "GET", `/api/portal/approvals/${req[r].id}`, { cookie: cookieOf(who), host: hostOf(who) });
        if (may[who].includes(r)) expect(res.status, `${who} → ${r}`).toBe(200);
        else {
          expect(res.status, `${who} → ${r}`).toBe(404);
          expect(strip(res.body), `${who} → ${r}`).toEqual(strip(missing.body));
        }
      }
    });

    it(`APR-4 ${who}'s inbox lists exactly their versions`, async () => {
      const inbox = await ok(call(w.t, "GET", "/api/portal/approvals", { cookie: cookieOf(who), host: hostOf(who) }));
      const ids = inbox.items.map((i: { id: string }) => i.id).sort();
      expect(ids).toEqual(may[who].map((r) => req[r].id).sort());
    });
  }

  it("APR-4 an answer to a foreign or missing version is the same 404, and records nothing", async () => {
    for (const r of ["colleague", "otherAccount", "otherTenant", "missing"] as const) {
      const res = await call(w.t, "POST", "/api/portal/approvals/answers", { cookie: w.contacts.carla.cookie, body: { decision: "approve", comment: "", requests: [req[r]] } });
      expect(res.status, r).toBe(404);
      expect(res.body.message).toBe("Approval request not found.");
    }
    // Mixed with her own: all or nothing, so her own stays unanswered too.
    const mixed = await call(w.t, "POST", "/api/portal/approvals/answers", { cookie: w.contacts.carla.cookie, body: { decision: "approve", comment: "", requests: [req.own, req.otherAccount] } });
    expect(mixed.status).toBe(404);
    expect((await ok(call(w.t, "GET", `/api/portal/approvals/${req.own.id}`, { cookie: w.contacts.carla.cookie }))).status).toBe("awaiting");
    expect((await ok(call(w.t, "GET", `/api/portal/approvals/${req.otherAccount.id}`, { cookie: w.contacts.bob.cookie }))).status).toBe("awaiting");
  });

  it("APR-1 only staff whose role allows customer approval see the approval screen; another tenant's ids are not found", async () => {
    const desk = await makeStaffUser(w.t, w.staff, "Desk Person", "desk.matrix@example.com");
    const deskCookie = await staffLogin(w.t, { email: desk.email, password: "staff member passphrase 1024" });
    expect((await call(w.t, "GET", "/api/staff/approvals", { cookie: deskCookie })).status).toBe(403);
    expect((await call(w.t, "POST", "/api/staff/approvals/send", { cookie: deskCookie, body: { jobIds: [w.jobs.website.id] } })).status).toBe(403);
    const me = await ok(call(w.t, "GET", "/api/staff/me", { cookie: deskCookie }));
    expect(me.can.approveWork).toBe(false);
    // The built-in Approver role may.
    const roles = (await w.s("GET", "/api/staff/roles")).items as { id: string; name: string }[];
    await w.s("PATCH", `/api/staff/users/${desk.id}`, { roleId: roles.find((r) => r.name === "Approver")!.id });
    const approver = await staffLogin(w.t, { email: desk.email, password: "staff member passphrase 1024" });
    expect((await call(w.t, "GET", "/api/staff/approvals", { cookie: approver })).status).toBe(200);
    expect((await ok(call(w.t, "GET", "/api/staff/me", { cookie: approver }))).can.approveWork).toBe(true);
    const missing = await call(w.t, "GET", `/api/staff/approval-requests/${MISSING}/statement.pdf`, { cookie: approver });
    const foreign = await call(w.t, "GET", `/api/staff/approval-requests/${req.otherTenant.id}/statement.pdf`, { cookie: approver });
    expect([missing.status, foreign.status]).toEqual([404, 404]);
    expect(strip(foreign.body)).toEqual(strip(missing.body));
    expect((await call(w.t, "POST", `/api/staff/approval-requests/${req.otherTenant.id}/reopen`, { cookie: approver, body: { reason: "x" } })).status).toBe(404);
    const sent = await ok(call(w.t, "POST", "/api/staff/approvals/send", { cookie: approver, body: { jobIds: [MISSING] } }));
    expect(sent.results[0].refusal).toBe("Job not found.");
  });

  it("APR-4 a portal session cookie is refused on the staff approval screen and a staff one on the inbox", async () => {
    expect((await call(w.t, "GET", "/api/staff/approvals", { cookie: w.contacts.carla.cookie })).status).toBe(401);
    expect((await call(w.t, "GET", "/api/portal/approvals", { cookie: w.staff })).status).toBe(401);
  });
});
