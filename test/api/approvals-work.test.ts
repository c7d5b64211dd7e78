/** Customer approval of work (APR-2…APR-5): sending versions, answering them in the portal, expiry and locked work. */
import { sql } from "drizzle-orm";
import { extractText, getDocumentProxy } from "unpdf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, ok } from "../harness.js";
import { makeStaffUser } from "./ticket-fixture.js";
import { type ApprovalWorld, buildApprovalWorld } from "./approval-fixture.js";

let w: ApprovalWorld;
beforeAll(async () => {
  w = await buildApprovalWorld();
  w.t.clock.now = new Date("2026-11-22T10:00:00Z");
}, 120_000);
afterAll(() => w.t.close());

const DAY = 86_400_000;
const list = (q = "") => w.s("GET", `/api/staff/approvals${q}`);
const detail = (jobId: string) => w.s("GET", `/api/staff/approvals/jobs/${jobId}`);
const send = (jobIds: string[], cutOff?: string) => w.s("POST", "/api/staff/approvals/send", { jobIds, ...(cutOff ? { cutOff } : {}) });
const inbox = (cookie: string, state = "waiting") => ok(call(w.t, "GET", `/api/portal/approvals?state=${state}`, { cookie }));
const answer = (cookie: string, decision: "approve" | "query", requests: { id: string; statementHash: string }[], comment = "") =>
  call(w.t, "POST", "/api/portal/approvals/answers", { cookie, body: { decision, comment, requests } });
const shown = async (cookie: string, id: string) => ok(call(w.t, "GET", `/api/portal/approvals/${id}`, { cookie }));
const emailsTo = async (to: string, template: string) =>
  ((await w.t.c.deps.db.execute(sql`select payload from outbox where recipient = ${to} and template = ${template} order by id`)) as unknown as { rows: { payload: Record<string, unknown> }[] }).rows.map((r) => r.payload);

describe("APR-2 APR-3 the approval screen", () => {
  it("APR-2 jobs join the approval list by Requires customer approval, and leave it when it is switched off", async () => {
    const names = (await list()).items.map((r: { job: { name: string } }) => r.job.name);
    expect(names).toEqual(expect.arrayContaining(["Website rebuild", "Monthly support", "Bluebird audit"]));
    const extra = await w.s("POST", `/api/staff/accounts/${w.accounts.A.id}/jobs`, { number: "J-OFF", name: "Not for approval", visibleInPortal: true, customersAddTickets: true, copyEmailsToManager: false, hoursVisible: false });
    expect(extra.requiresApproval).toBe(false);
    expect((await list()).items.map((r: { job: { id: string } }) => r.job.id)).not.toContain(extra.id);
    await w.s("PATCH", `/api/staff/jobs/${extra.id}`, { requiresApproval: true });
    expect((await list()).items.map((r: { job: { id: string } }) => r.job.id)).toContain(extra.id);
    await w.s("PATCH", `/api/staff/jobs/${extra.id}`, { requiresApproval: false });
  });

  it("APR-3 a job's details before sending: its billable time, tickets and exact amounts at the job's rate or the staff member's", async () => {
    const d = await detail(w.jobs.website.id);
    expect(d.status).toBe("not_sent");
    expect(d.currency).toBe("NZD");
    // The non-billable hour is left out; 2 h and 1.5 h at the job's 120.00.
    expect(d.unsentLines.map((l: { hours: string; rate: string; amount: string }) => [l.hours, l.rate, l.amount])).toEqual([["2.00", "120.00", "240.00"], ["1.50", "120.00", "180.00"]]);
    expect(d.unsentLines[0].ticket).toMatchObject({ number: w.tickets.wt.number, title: "Home page layout" });
    expect(d.unsent).toEqual({ entries: 2, hours: "3.50", amount: "420.00" });
    // No job rate: the staff member's 150.00 an hour; a quarter hour is 37.50 exactly.
    expect((await detail(w.jobs.support.id)).unsent).toEqual({ entries: 1, hours: "0.25", amount: "37.50" });
  });

  it("APR-3 a cut-off that is not a calendar date or lies in the future, and a rate that is not an amount, are refused on their field", async () => {
    for (const cutOff of ["2026-02-31", "2026-13-01", "yesterday", "2099-01-01", "0000-01-01", "1899-12-31"]) {
      const r = await call(w.t, "POST", "/api/staff/approvals/send", { cookie: w.staff, body: { jobIds: [w.jobs.website.id], cutOff } });
      expect(r.status, cutOff).toBe(400);
      expect(r.body.fields[0].field).toBe("cutOff");
    }
    for (const billingRate of ["12345678", "-5", "1e3", "9.999", "ten"]) {
      const r = await call(w.t, "PATCH", `/api/staff/jobs/${w.jobs.website.id}`, { cookie: w.staff, body: { billingRate } });
      expect(r.status, billingRate).toBe(400);
      expect(r.body.fields[0].field).toBe("billingRate");
    }
    expect((await detail(w.jobs.website.id)).versions).toEqual([]);
  });

  it("APR-3 the screen filters by status and account, and says why a job cannot be sent", async () => {
    expect((await list(`?accountId=${w.accounts.B.id}`)).items.map((r: { job: { name: string } }) => r.job.name)).toEqual(["Bluebird audit"]);
    const noContact = await w.s("POST", `/api/staff/accounts/${w.accounts.A.id}/jobs`, { number: "J-NOC", name: "No contact yet", visibleInPortal: true, customersAddTickets: true, copyEmailsToManager: false, hoursVisible: false, requiresApproval: true });
    const row = (await list()).items.find((r: { job: { id: string } }) => r.job.id === noContact.id);
    expect(row.sendRefusal).toBe("J-NOC · No contact yet has no job contact: choose one on the job, since the request goes to them.");
    const r = await send([noContact.id]);
    expect(r).toMatchObject({ sent: 0, refused: 1 });
    expect(r.results[0].refusal).toContain("has no job contact");
    await w.s("PATCH", `/api/staff/jobs/${noContact.id}`, { requiresApproval: false });

    // Time with no rate anywhere would reach the customer at 0.00: refused, naming whose rate is missing.
    const desk = await makeStaffUser(w.t, w.staff, "Dana Desk", "dana.desk@example.com");
    const unpriced = await w.s("POST", `/api/staff/accounts/${w.accounts.A.id}/jobs`, { number: "J-UNP", name: "Unpriced", visibleInPortal: true, customersAddTickets: true, copyEmailsToManager: false, hoursVisible: false, requiresApproval: true, contactId: w.contacts.carla.id });
    const tk = await w.s("POST", "/api/staff/tickets", { jobId: unpriced.id, title: "Unpriced work", details: "" });
    await w.time(tk.id, "2026-11-20T09:00:00Z", 1, { staffId: desk.id });
    const message = "1 time entry has no rate: set a billing rate on the job, or an hourly rate for Dana Desk.";
    expect((await list()).items.find((r: { job: { id: string } }) => r.job.id === unpriced.id).sendRefusal).toBe(message);
    expect((await send([unpriced.id])).results[0].refusal).toBe(message);
    await w.s("PATCH", `/api/staff/jobs/${unpriced.id}`, { billingRate: "0" });
    expect((await list()).items.find((r: { job: { id: string } }) => r.job.id === unpriced.id).sendRefusal).toBeNull();
    await w.s("PATCH", `/api/staff/jobs/${unpriced.id}`, { requiresApproval: false });
  });
});

describe("APR-4 sending and answering", () => {
  let websiteV1: string;
  let supportV1: string;

  it("APR-4 sending two jobs freezes each as version 1, emails the job contact with a link, and holds the time", async () => {
    const r = await send([w.jobs.website.id, w.jobs.support.id]);
    expect(r).toMatchObject({ sent: 2, refused: 0 });
    const rows = (await list(`?status=awaiting`)).items;
    expect(rows.map((x: { job: { id: string } }) => x.job.id).sort()).toEqual([w.jobs.website.id, w.jobs.support.id].sort());
    websiteV1 = rows.find((x: { job: { id: string } }) => x.job.id === w.jobs.website.id).latest.id;
    supportV1 = rows.find((x: { job: { id: string } }) => x.job.id === w.jobs.support.id).latest.id;
    const mails = await emailsTo(w.contacts.carla.email, "approval_request");
    expect(mails).toHaveLength(2);
    expect(mails[0]).toMatchObject({ replyTo: "billing@provider.test", version: 1, hours: "3.50 h" });
    expect(String(mails.find((m) => String(m.job).includes("Website"))!.link)).toMatch(new RegExp(`/portal/approvals/${websiteV1}\\?account=${w.accounts.A.id}$`));
    // Sent work is no longer "not sent": nothing new to send.
    expect((await detail(w.jobs.website.id)).unsent.entries).toBe(0);
    // Sending again with nothing new (a double click, two people at once) is refused: the customer keeps version 1.
    const twice = await Promise.all([send([w.jobs.website.id]), send([w.jobs.website.id])]);
    expect(twice.map((r) => r.results[0].refusal)).toEqual([
      "Version 1 waits for Carla Contact's answer; there is no new work to send.",
      "Version 1 waits for Carla Contact's answer; there is no new work to send.",
    ]);
    // New work: sending again replaces version 1 with version 2, which holds all of it.
    await w.time(w.tickets.wt.id, "2026-11-20T09:00:00Z", 0.5);
    expect((await send([w.jobs.website.id])).results[0]).toMatchObject({ version: 2, refusal: null });
    const d = await detail(w.jobs.website.id);
    expect(d.versions.map((v: { version: number; status: string }) => [v.version, v.status])).toEqual([[2, "awaiting"], [1, "superseded"]]);
    websiteV1 = d.versions[0].id;
  });

  it("APR-4 the job contact sees both in the inbox with the details; a colleague and another account see nothing", async () => {
    const mine = await inbox(w.contacts.carla.cookie);
    expect(mine.waiting).toBe(2);
    expect(mine.items.map((i: { job: { name: string } }) => i.job.name).sort()).toEqual(["Monthly support", "Website rebuild"]);
    const d = await shown(w.contacts.carla.cookie, websiteV1);
    expect(d).toMatchObject({ version: 2, totalHours: "4.00", totalAmount: "480.00", currency: "NZD", can: { answer: true } });
    expect(d.lines.map((l: { note: string }) => l.note)).toEqual(["Worked on it", "Worked on it", "Worked on it"]);
    expect(JSON.stringify(d)).not.toContain("Internal review");
    expect((await inbox(w.contacts.colin.cookie)).items).toEqual([]);
    expect((await inbox(w.contacts.bob.cookie)).items).toEqual([]);
    // A client administrator whose role approves jobs sees every request of the account.
    expect((await inbox(w.contacts.alma.cookie)).waiting).toBe(2);
  });

  it("APR-4 an answer to a superseded version is refused with a message naming the current version", async () => {
    const d = await detail(w.jobs.website.id);
    const v1 = d.versions[1];
    const r = await answer(w.contacts.carla.cookie, "approve", [{ id: v1.id, statementHash: v1.statementHash }]);
    expect(r.status).toBe(409);
    expect(r.body.message).toBe(`Version 1 of ${w.jobs.website.number} · Website rebuild was replaced, so it can no longer be answered. Version 2 is the current one: answer that instead.`);
    expect((await shown(w.contacts.carla.cookie, v1.id)).current).toMatchObject({ version: 2 });
  });

  it("APR-4 a query needs a comment; a stale statement hash is refused; nothing is written by either", async () => {
    const d = await shown(w.contacts.carla.cookie, supportV1);
    const noComment = await answer(w.contacts.carla.cookie, "query", [{ id: supportV1, statementHash: d.statementHash }]);
    expect(noComment.status).toBe(400);
    expect(noComment.body.fields[0].field).toBe("comment");
    const stale = await answer(w.contacts.carla.cookie, "approve", [{ id: supportV1, statementHash: "0".repeat(64) }]);
    expect(stale.status).toBe(409);
    expect((await shown(w.contacts.carla.cookie, supportV1)).status).toBe("awaiting");
  });

  it("APR-4 approving one and querying the other keeps who, when, from where and what was shown, and emails the manager", async () => {
    const web = await shown(w.contacts.carla.cookie, websiteV1);
    const sup = await shown(w.contacts.carla.cookie, supportV1);
    const a = await ok(answer(w.contacts.carla.cookie, "approve", [{ id: websiteV1, statementHash: web.statementHash }], "Looks right"));
    expect(a.items[0]).toMatchObject({ status: "approved", answer: { decision: "approved", by: "Carla Contact", comment: "Looks right" } });
    await ok(answer(w.contacts.carla.cookie, "query", [{ id: supportV1, statementHash: sup.statementHash }], "We did not have a printer issue that day"));
    const d = await detail(w.jobs.website.id);
    expect(d.status).toBe("approved");
    const ev = d.versions[0].events.find((e: { kind: string }) => e.kind === "approved");
    expect(ev).toMatchObject({ by: "Carla Contact", comment: "Looks right", statementHash: web.statementHash });
    expect(ev.ip).toBeTruthy();
    const q = await detail(w.jobs.support.id);
    expect(q).toMatchObject({ status: "queried", latest: { comment: "We did not have a printer issue that day" } });
    // The queried work is free to revise and send again.
    expect(q.unsent.entries).toBe(1);
    const managerMails = await emailsTo(w.me.email, "approval_answered");
    expect(managerMails.map((m) => m.decision).sort()).toEqual(["approved", "queried"]);
    expect((await emailsTo("billing@provider.test", "approval_answered")).length).toBe(2);
    expect((await inbox(w.contacts.carla.cookie, "answered")).items.length).toBe(2);
  });

  it("APR-4 after a query staff revise and send version 2, which the contact approves; the history keeps both", async () => {
    const ticket = await w.s("GET", `/api/staff/tickets/${w.tickets.st.id}`);
    const entry = ticket.timeEntries[0];
    await w.s("PATCH", `/api/staff/tickets/${w.tickets.st.id}/time-entries/${entry.id}`, { startedAt: entry.startedAt, endedAt: entry.endedAt, note: "Printer offline: remote fix", notePublic: true, billable: true });
    const r = await send([w.jobs.support.id]);
    expect(r.results[0]).toMatchObject({ version: 2, refusal: null });
    const v2 = (await detail(w.jobs.support.id)).versions[0];
    await ok(answer(w.contacts.carla.cookie, "approve", [{ id: v2.id, statementHash: v2.statementHash }]));
    const d = await detail(w.jobs.support.id);
    expect(d.versions.map((v: { version: number; status: string }) => [v.version, v.status])).toEqual([[2, "approved"], [1, "queried"]]);
    expect(d.versions[1].events.map((e: { kind: string }) => e.kind)).toEqual(["sent", "queried"]);
  });

  it("APR-4 the approved statement downloads as a PDF with its lines, totals and the answer", async () => {
    const d = await detail(w.jobs.website.id);
    const r = await call(w.t, "GET", `/api/staff/approval-requests/${d.versions[0].id}/statement.pdf`, { cookie: w.staff });
    expect(r.status).toBe(200);
    expect(r.headers["content-type"]).toBe("application/pdf");
    const pdf = await getDocumentProxy(new Uint8Array(r.raw.rawPayload));
    const { text } = await extractText(pdf, { mergePages: true });
    for (const s of ["Statement of work for approval", "Website rebuild", "Version: 2 (Approved)", "Home page layout", "Total: 4.00 hours", "480.00", "Approved by Carla Contact", d.versions[0].statementHash.slice(0, 16)]) expect(text).toContain(s);
  });
});

describe("APR-4 locked work and races", () => {
  it("APR-4 editing, deleting or moving approved time is refused until the approval is reopened, which is audited", async () => {
    const ticket = await w.s("GET", `/api/staff/tickets/${w.tickets.wt.id}`);
    const locked = ticket.timeEntries.find((e: { billable: boolean }) => e.billable);
    expect(locked).toMatchObject({ approval: { status: "approved", version: 2 }, can: { edit: false } });
    const body = { startedAt: locked.startedAt, endedAt: locked.endedAt, note: "changed", notePublic: true, billable: true };
    const edit = await call(w.t, "PATCH", `/api/staff/tickets/${w.tickets.wt.id}/time-entries/${locked.id}`, { cookie: w.staff, body });
    expect(edit.status).toBe(409);
    expect(edit.body.message).toBe("This time entry is part of approved work (version 2): reopen that approval on the approval screen before changing it.");
    expect((await call(w.t, "DELETE", `/api/staff/tickets/${w.tickets.wt.id}/time-entries/${locked.id}`, { cookie: w.staff })).status).toBe(409);
    const move = await call(w.t, "PATCH", `/api/staff/tickets/${w.tickets.wt.id}`, { cookie: w.staff, body: { jobId: w.jobs.support.id } });
    expect(move.status).toBe(409);
    expect((await w.s("GET", `/api/staff/tickets/${w.tickets.wt.id}`)).job.id).toBe(w.jobs.website.id);

    const v = (await detail(w.jobs.website.id)).versions[0];
    expect((await call(w.t, "POST", `/api/staff/approval-requests/${v.id}/reopen`, { cookie: w.staff, body: { reason: "" } })).status).toBe(400);
    const reopened = await w.s("POST", `/api/staff/approval-requests/${v.id}/reopen`, { reason: "Customer asked to split the invoice" });
    expect(reopened.status).toBe("not_sent");
    expect(reopened.versions[0].events.at(-1)).toMatchObject({ kind: "reopened", by: "Ada Admin", comment: "Customer asked to split the invoice" });
    expect((await call(w.t, "PATCH", `/api/staff/tickets/${w.tickets.wt.id}/time-entries/${locked.id}`, { cookie: w.staff, body })).status).toBe(200);
  });

  it("APR-4 changing work that awaits an answer withdraws that version, and the contact is told it was replaced", async () => {
    await send([w.jobs.website.id]);
    const v = (await detail(w.jobs.website.id)).versions[0];
    const ticket = await w.s("GET", `/api/staff/tickets/${w.tickets.wt.id}`);
    const held = ticket.timeEntries.find((e: { approval: { requestId: string } | null }) => e.approval?.requestId === v.id);
    await w.s("DELETE", `/api/staff/tickets/${w.tickets.wt.id}/time-entries/${held.id}`);
    const after = await detail(w.jobs.website.id);
    expect(after.versions[0]).toMatchObject({ id: v.id, status: "superseded" });
    expect(after.status).toBe("not_sent");
    const r = await answer(w.contacts.carla.cookie, "approve", [{ id: v.id, statementHash: v.statementHash }]);
    expect(r.status).toBe(409);
    expect(r.body.message).toContain("was replaced");
  });

  it("APR-4 two answers at once (a double click, two contacts) record exactly one", async () => {
    await send([w.jobs.website.id]);
    const v = (await detail(w.jobs.website.id)).versions[0];
    const req = [{ id: v.id, statementHash: v.statementHash }];
    const results = await Promise.all([answer(w.contacts.carla.cookie, "approve", req), answer(w.contacts.carla.cookie, "approve", req), answer(w.contacts.alma.cookie, "query", req, "Not sure")]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    const d = await detail(w.jobs.website.id);
    expect(d.versions[0].events.filter((e: { kind: string }) => e.kind !== "sent")).toHaveLength(1);
  });

  it("APR-4 approving many at once is all or nothing", async () => {
    await w.time(w.tickets.st.id, "2026-11-21T10:00:00Z", 1);
    await w.time(w.tickets.wt.id, "2026-11-21T11:00:00Z", 1);
    // Website's last version was answered just above; both jobs have new work.
    await send([w.jobs.website.id, w.jobs.support.id]);
    const web = (await detail(w.jobs.website.id)).versions[0];
    const sup = (await detail(w.jobs.support.id)).versions[0];
    const bad = await answer(w.contacts.carla.cookie, "approve", [{ id: web.id, statementHash: web.statementHash }, { id: sup.id, statementHash: "f".repeat(64) }]);
    expect(bad.status).toBe(409);
    expect((await detail(w.jobs.website.id)).versions[0].status).toBe("awaiting");
    const good = await ok(answer(w.contacts.carla.cookie, "approve", [{ id: web.id, statementHash: web.statementHash }, { id: sup.id, statementHash: sup.statementHash }]));
    expect(good.answered).toBe(2);
  });
});

describe("APR-4 a new job contact", () => {
  it("APR-4 changing the job contact withdraws the version waiting for the old one", async () => {
    await w.time(w.tickets.st.id, "2026-11-21T15:00:00Z", 0.5);
    await send([w.jobs.support.id]);
    const v = (await detail(w.jobs.support.id)).versions[0];
    expect(v.status).toBe("awaiting");
    await w.s("PATCH", `/api/staff/jobs/${w.jobs.support.id}`, { contactId: w.contacts.colin.id });
    try {
      const d = await detail(w.jobs.support.id);
      expect(d.versions[0]).toMatchObject({ id: v.id, status: "superseded" });
      expect(d.versions[0].events.at(-1)).toMatchObject({ kind: "superseded", comment: "The job contact changed, so this version was withdrawn." });
      expect((await answer(w.contacts.carla.cookie, "approve", [{ id: v.id, statementHash: v.statementHash }])).status).toBe(409);
    } finally {
      await w.s("PATCH", `/api/staff/jobs/${w.jobs.support.id}`, { contactId: w.contacts.carla.id });
    }
  });
});

describe("APR-5 expiry", () => {
  it("APR-5 an unanswered version expires when the period passes: refused afterwards, shown as expired, the manager emailed", async () => {
    await w.time(w.tickets.bt.id, "2026-11-21T10:00:00Z", 1);
    await send([w.jobs.bJob.id]);
    const v = (await detail(w.jobs.bJob.id)).versions[0];
    w.t.clock.advance(7 * DAY - 60_000);
    expect(await w.t.c.services.approvals.expireDue()).toBe(0);
    await w.signInAgain();
    w.t.clock.advance(120_000);
    await w.signInAgain();
    // Before the sweep runs, the customer already sees it as expired, and an answer is refused.
    expect(await shown(w.contacts.bob.cookie, v.id)).toMatchObject({ status: "expired", can: { answer: false } });
    const late = await answer(w.contacts.bob.cookie, "approve", [{ id: v.id, statementHash: v.statementHash }]);
    expect(late.status).toBe(409);
    expect(late.body.message).toContain("expired on");
    const before = (await emailsTo(w.me.email, "approval_expired")).length;
    // Two sweeps at once (two workers) expire it once.
    const swept = await Promise.all([w.t.c.services.approvals.expireDue(), w.t.c.services.approvals.expireDue()]);
    expect(swept.reduce((a, b) => a + b, 0)).toBe(1);
    const d = await detail(w.jobs.bJob.id);
    expect(d).toMatchObject({ status: "expired" });
    expect(d.versions[0].events.at(-1).kind).toBe("expired");
    expect(d.unsent.entries).toBe(2);
    expect((await emailsTo(w.me.email, "approval_expired")).length).toBe(before + 1);
  });

  it("APR-5 with deemed approval the unanswered work counts as approved and is locked", async () => {
    await w.s("PATCH", "/api/staff/settings/portal", { approvalExpiry: "deem_approved" });
    try {
      await send([w.jobs.bJob.id]);
      w.t.clock.advance(8 * DAY);
      await w.signInAgain();
      expect(await w.t.c.services.approvals.expireDue()).toBe(1);
      const d = await detail(w.jobs.bJob.id);
      expect(d.status).toBe("approved");
      expect(d.versions[0].events.at(-1).kind).toBe("deemed_approved");
      // The screen tells a deemed approval from a customer's.
      const row = (await list()).items.find((r: { job: { id: string } }) => r.job.id === w.jobs.bJob.id);
      expect(row.latest).toMatchObject({ status: "approved", outcome: "deemed_approved" });
      const t = await w.s("GET", `/api/staff/tickets/${w.tickets.bt.id}`);
      expect(t.timeEntries.every((e: { can: { edit: boolean } }) => !e.can.edit)).toBe(true);
    } finally {
      await w.s("PATCH", "/api/staff/settings/portal", { approvalExpiry: "expire" });
    }
  });
});

describe("APR-3 APR-4 bad input", () => {
  const junk: unknown[] = [null, 0, -1, 1e308, "", "x".repeat(20_000), [], {}, [null], { id: "1" }, true, "2026-11-22", "00000000-0000-4000-8000-000000000000", "'; drop table jobs; --", "\u0000", { __proto__: { admin: true } }];
  const bodies = (shape: Record<string, unknown>) => [
    ...junk.map((j) => j),
    ...Object.keys(shape).flatMap((k) => junk.map((j) => ({ ...shape, [k]: j }))),
    { ...shape, extra: 1 },
  ];

  it("APR-3 APR-4 malformed bodies, ids and queries on every approval route get a 4xx, never a 5xx", async () => {
    const v = (await detail(w.jobs.website.id)).versions[0];
    const routes: [string, string, unknown[] | undefined, string][] = [
      ["POST", "/api/staff/approvals/send", bodies({ jobIds: [w.jobs.website.id], cutOff: "2026-11-20" }), w.staff],
      ["POST", `/api/staff/approval-requests/${v.id}/reopen`, bodies({ reason: "x" }), w.staff],
      ["POST", "/api/portal/approvals/answers", bodies({ decision: "approve", comment: "", requests: [{ id: v.id, statementHash: v.statementHash }] }), w.contacts.carla.cookie],
      ["PATCH", `/api/staff/tickets/${w.tickets.wt.id}/time-entries/${MISSING_ID}`, bodies({ startedAt: "2026-11-20T09:00:00Z", endedAt: "2026-11-20T10:00:00Z", billable: true }), w.staff],
    ];
    let tried = 0;
    for (const [method, url, list, cookie] of routes) {
      for (const body of list ?? []) {
        const r = await call(w.t, method, url, { cookie, rawBody: JSON.stringify(body) });
        tried++;
        expect(r.status, `${method} ${url} ${JSON.stringify(body)?.slice(0, 80)}`).toBeLessThan(500);
      }
    }
    for (const url of ["/api/staff/approvals/jobs/not-a-uuid", "/api/staff/approval-requests/1/statement.pdf", "/api/portal/approvals/%00", "/api/staff/approvals?status=lost", "/api/staff/approvals?page=0", "/api/staff/approvals?pageSize=1000", `/api/staff/approvals?q=${"%25".repeat(300)}`, "/api/portal/approvals?state=all"]) {
      const r = await call(w.t, "GET", url, { cookie: url.startsWith("/api/portal") ? w.contacts.carla.cookie : w.staff });
      tried++;
      expect(r.status, url).toBeLessThan(500);
    }
    expect(tried).toBeGreaterThan(150);
    // No junk answered the version a second time (a well-formed reason may have reopened it, a well-formed send added a newer one).
    const after = (await detail(w.jobs.website.id)).versions.find((x: { id: string }) => x.id === v.id);
    const answers = (events: { kind: string }[]) => events.filter((e) => e.kind === "approved" || e.kind === "queried").length;
    expect(answers(after.events)).toBe(answers(v.events));
  });
});
const MISSING_ID = "00000000-0000-4000-8000-000000000000";
