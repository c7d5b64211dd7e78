/**
 * CON-1 contracts: the fields of each type, validation, the default flag, history, derived amounts, the prepaid-hours
 * summary of a retainer by hours, and its threshold alerts (once per threshold and period, also under concurrency).
 */
import { sql } from "drizzle-orm";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { invoices } from "../../src/server/db/schema/index.js";
import { emailContent } from "../../src/server/worker/tasks.js";
import { call, makeAccount, ok } from "../harness.js";
import { type ContractWorld, buildContractWorld } from "./contract-fixture.js";
import { makeStaffUser } from "./ticket-fixture.js";

let w: ContractWorld;
const MISSING = "00000000-0000-4000-8000-000000000000";
beforeAll(async () => {
  w = await buildContractWorld();
}, 180_000);
afterAll(() => w.t.close());

const staffCall = (method: string, url: string, body?: unknown) => call(w.t, method, url, { cookie: w.staff, body });
const portal = (who: keyof ContractWorld["contacts"], url: string) => ok(call(w.t, "GET", url, { cookie: w.contacts[who].cookie }));
const fieldsOf = (r: { body: { fields?: { field: string }[] } }) => (r.body.fields ?? []).map((f) => f.field);
/** A job of Acme linked to the contract, with one ticket to log time on. */
async function linkedJob(contractId: string, name = "Retainer work", v: Record<string, unknown> = {}) {
  const job = await w.job(w.accounts.A.id, name, v);
  await w.s("PUT", `/api/staff/contracts/${contractId}/jobs/${job.id}`);
  const ticket = await w.ticket(job.id, `${name} ticket`);
  return { job, ticket };
}
const mailsFor = async (contractName: string) => (await w.mails()).filter((m) => m.payload.contract === contractName);
const alertRows = async (contractId: string) =>
  ((await w.t.c.deps.db.execute(sql`select period_start::text as "periodStart", threshold_percent as threshold from contract_alerts where contract_id = ${contractId} order by period_start, threshold_percent`)) as unknown as { rows: { periodStart: string; threshold: number }[] }).rows;

describe("CON-1 the fields of each type", () => {
  it("CON-1 every field the seed lists is kept for each of the five types, and the customer reads them", async () => {
    const common = { reference: "REF-7", sla: "Next business day, 4 h response", setupFee: "250", status: "active", description: "What we do", billingInfo: "PO 4711, invoice quarterly", endDate: "2027-10-31" };
    const cases: Record<string, unknown>[] = [
      { type: "time_materials" },
      { type: "recurring", billingCycle: "quarterly", billingPrice: "1200.5" },
      { type: "fixed_price", billingPrice: "9800" },
      { type: "retainer_amount", billingPrice: "5000" },
      { type: "retainer_hours", billingCycle: "monthly", hoursPerPeriod: "20" },
    ];
    for (const c of cases) {
      const name = `Kept ${c.type}`;
      const created = await w.contract({ ...common, ...c, name });
      const expected = {
        name,
        type: c.type,
        reference: "REF-7",
        sla: common.sla,
        setupFee: "250.00",
        status: "active",
        isDefault: false,
        startDate: "2026-11-01",
        endDate: "2027-10-31",
        description: common.description,
        billingInfo: common.billingInfo,
        billingCycle: c.billingCycle ?? null,
        billingPrice: c.billingPrice ? Number(c.billingPrice).toFixed(2) : null,
        hoursPerPeriod: c.hoursPerPeriod ? "20.00" : null,
      };
      expect(created).toMatchObject({ ...expected, account: { id: w.accounts.A.id, name: w.accounts.A.name }, currency: "NZD" });
      expect(await w.s("GET", `/api/staff/contracts/${created.id}`)).toMatchObject(expected);
      const seen = await portal("carla", `/api/portal/contracts/${created.id}`);
      expect(seen).toMatchObject({ ...expected, account: w.accounts.A.name, currency: "NZD" });
      expect(seen.prepaid !== null, c.type as string).toBe(c.type === "retainer_hours");
      // Staff-only facts stay in the console.
      expect(seen).not.toHaveProperty("linkableJobs");
      expect(seen.amounts).not.toHaveProperty("unpricedEntries");
    }
    const list = await portal("carla", "/api/portal/contracts");
    expect(list.items.map((i: { name: string }) => i.name)).toEqual(expect.arrayContaining(cases.map((c) => `Kept ${c.type}`)));
  });

  it("CON-1 a field the type does not use is refused, never dropped silently; changing the type empties the fields the new type does not use", async () => {
    // Refused on create: a billing price on time & materials, hours on a recurring contract.
    const tm = await staffCall("POST", "/api/staff/contracts", { accountId: w.accounts.A.id, name: "T&M", type: "time_materials", startDate: "2026-11-01", billingPrice: "100" });
    expect(tm.status).toBe(400);
    expect(tm.body.fields).toEqual([{ field: "billingPrice", message: "does not apply to a time & materials contract: leave it empty" }]);
    const rec = await staffCall("POST", "/api/staff/contracts", { accountId: w.accounts.A.id, name: "Rec", type: "recurring", startDate: "2026-11-01", billingCycle: "monthly", billingPrice: "100", hoursPerPeriod: "10" });
    expect(fieldsOf(rec)).toEqual(["hoursPerPeriod"]);
    // Empty values are fine for fields that do not apply.
    const fine = await w.contract({ name: "T&M with empties", type: "time_materials", billingCycle: null, billingPrice: "", hoursPerPeriod: null });
    expect(fine).toMatchObject({ billingCycle: null, billingPrice: null, hoursPerPeriod: null });

    const c = await w.contract({ name: "Changing type", type: "recurring", billingCycle: "monthly", billingPrice: "100" });
    // Refused on change too: a cycle on a fixed price, and hours a retainer by hours needs.
    expect(fieldsOf(await staffCall("PATCH", `/api/staff/contracts/${c.id}`, { type: "fixed_price", billingCycle: "monthly" }))).toEqual(["billingCycle"]);
    expect(fieldsOf(await staffCall("PATCH", `/api/staff/contracts/${c.id}`, { type: "retainer_hours" }))).toEqual(["hoursPerPeriod"]);
    // Recurring → fixed price: the cycle no longer applies and is emptied; the price stays.
    const fixed = await w.s("PATCH", `/api/staff/contracts/${c.id}`, { type: "fixed_price" });
    expect(fixed).toMatchObject({ type: "fixed_price", billingCycle: null, billingPrice: "100.00" });
    expect(fixed.history.at(-1).changes).toEqual([
      { field: "type", before: "Recurring", after: "Fixed price" },
      { field: "billingCycle", before: "Monthly", after: null },
    ]);
    // Fixed price → retainer by hours with its cycle and block: the price is emptied.
    const hours = await w.s("PATCH", `/api/staff/contracts/${c.id}`, { type: "retainer_hours", billingCycle: "monthly", hoursPerPeriod: "10" });
    expect(hours).toMatchObject({ type: "retainer_hours", billingCycle: "monthly", billingPrice: null, hoursPerPeriod: "10.00" });
  });

  it("CON-1 bad input is a 400 on its field, never a 5xx, and writes nothing", async () => {
    const account = await makeAccount(w.t, w.staff, { name: "Validation Ltd" });
    const base = { accountId: account.id, name: "Valid", type: "recurring", startDate: "2026-11-01", billingCycle: "monthly", billingPrice: "100" };
    const bad: [Record<string, unknown>, string][] = [
      [{ name: "" }, "name"],
      [{ name: "   " }, "name"],
      [{ name: "x".repeat(201) }, "name"],
      [{ name: 7 }, "name"],
      [{ type: "hourly" }, "type"],
      [{ status: "live" }, "status"],
      [{ startDate: "2026-02-30" }, "startDate"],
      [{ startDate: "22/11/2026" }, "startDate"],
      [{ startDate: undefined }, "startDate"],
      [{ endDate: "2026-10-31" }, "endDate"],
      [{ endDate: "2026-13-01" }, "endDate"],
      [{ setupFee: "-5" }, "setupFee"],
      [{ setupFee: "12.345" }, "setupFee"],
      [{ setupFee: 12 }, "setupFee"],
      [{ billingPrice: "abc" }, "billingPrice"],
      [{ billingPrice: "10000000" }, "billingPrice"],
      [{ billingPrice: null }, "billingPrice"],
      [{ billingCycle: "weekly" }, "billingCycle"],
      [{ billingCycle: null }, "billingCycle"],
      [{ hoursPerPeriod: "20" }, "hoursPerPeriod"],
      [{ type: "time_materials" }, "billingCycle"],
      [{ type: "fixed_price" }, "billingCycle"],
      [{ type: "retainer_hours", billingPrice: null, hoursPerPeriod: "0" }, "hoursPerPeriod"],
      [{ type: "retainer_hours", billingPrice: null, hoursPerPeriod: "-1" }, "hoursPerPeriod"],
      [{ type: "retainer_hours", billingPrice: null, hoursPerPeriod: "100000" }, "hoursPerPeriod"],
      [{ type: "retainer_hours", billingPrice: null }, "hoursPerPeriod"],
      [{ isDefault: "yes" }, "isDefault"],
      [{ reference: "r".repeat(101) }, "reference"],
      [{ sla: "s".repeat(201) }, "sla"],
      [{ description: "d".repeat(5001) }, "description"],
      [{ accountId: "not-an-id" }, "accountId"],
      [{ accountId: MISSING }, "accountId"],
      [{ tenantId: w.t.tenantId }, "tenantId"],
    ];
    for (const [patch, field] of bad) {
      const r = await staffCall("POST", "/api/staff/contracts", { ...base, ...patch });
      expect(r.status, JSON.stringify(patch)).toBe(400);
      expect(fieldsOf(r), JSON.stringify(patch)).toContain(field);
      expect(typeof r.body.message).toBe("string");
    }
    const archived = await makeAccount(w.t, w.staff, { name: "Archived Ltd" });
    expect((await staffCall("POST", `/api/staff/accounts/${archived.id}/archive`)).status).toBe(200);
    const onArchived = await staffCall("POST", "/api/staff/contracts", { ...base, accountId: archived.id });
    expect(fieldsOf(onArchived)).toEqual(["accountId"]);

    const c = await w.s("POST", "/api/staff/contracts", { ...base, name: "Unchanged" });
    const badChanges: [Record<string, unknown>, string][] = [
      [{ hoursPerPeriod: "10" }, "hoursPerPeriod"],
      [{ endDate: "2026-10-01" }, "endDate"],
      [{ startDate: "2026-12-01", endDate: "2026-11-30" }, "endDate"],
      [{ billingPrice: null }, "billingPrice"],
      [{ billingCycle: "daily" }, "billingCycle"],
      [{ type: "retainer_hours" }, "hoursPerPeriod"],
      [{ name: "" }, "name"],
      [{ accountId: w.accounts.B.id }, "accountId"],
      [{ status: "paused" }, "status"],
    ];
    for (const [patch, field] of badChanges) {
      const r = await staffCall("PATCH", `/api/staff/contracts/${c.id}`, patch);
      expect(r.status, JSON.stringify(patch)).toBe(400);
      expect(fieldsOf(r), JSON.stringify(patch)).toContain(field);
    }
    const after = await w.s("GET", `/api/staff/contracts/${c.id}`);
    expect(after).toMatchObject({ name: "Unchanged", type: "recurring", billingPrice: "100.00", endDate: null, hoursPerPeriod: null });
    expect(after.history.map((e: { kind: string }) => e.kind)).toEqual(["created"]);
    const list = await w.s("GET", `/api/staff/contracts?accountId=${account.id}`);
    expect(list.items.map((i: { name: string }) => i.name)).toEqual(["Unchanged"]);
    // Bad filters are 400s too.
    for (const q of ["status=live", "type=hourly", "accountId=x", "pageSize=1000", "page=0", "unknown=1"]) expect((await staffCall("GET", `/api/staff/contracts?${q}`)).status, q).toBe(400);
  });
});

describe("CON-1 the default contract, history and the staff list", () => {
  it("CON-1 at most one default per account: making another the default clears the old one in the same change, and its history says so", async () => {
    const account = await makeAccount(w.t, w.staff, { name: "Defaults Ltd" });
    const one = await w.contract({ accountId: account.id, name: "One", type: "time_materials", isDefault: true });
    expect(one.isDefault).toBe(true);
    const two = await w.contract({ accountId: account.id, name: "Two", type: "time_materials", isDefault: true });
    expect(two.isDefault).toBe(true);
    const oneNow = await w.s("GET", `/api/staff/contracts/${one.id}`);
    expect(oneNow.isDefault).toBe(false);
    expect(oneNow.history.at(-1)).toMatchObject({ kind: "updated", by: "Ada Admin", changes: [{ field: "isDefault", before: "Yes", after: "No" }], note: "Two became the account's default contract." });
    // By a change: One again.
    expect((await w.s("PATCH", `/api/staff/contracts/${one.id}`, { isDefault: true })).isDefault).toBe(true);
    expect((await w.s("GET", `/api/staff/contracts/${two.id}`)).isDefault).toBe(false);
    // Two made the default at once, from two requests: both answer, and one default remains.
    const three = await w.contract({ accountId: account.id, name: "Three", type: "time_materials" });
    const answers = await Promise.all([staffCall("PATCH", `/api/staff/contracts/${two.id}`, { isDefault: true }), staffCall("PATCH", `/api/staff/contracts/${three.id}`, { isDefault: true })]);
    for (const a of answers) expect([200, 409], JSON.stringify(a.body)).toContain(a.status);
    const all = (await w.s("GET", `/api/staff/contracts?accountId=${account.id}`)).items as { name: string; isDefault: boolean }[];
    expect(all.filter((c) => c.isDefault)).toHaveLength(1);
  });

  it("CON-1 every create, change, link and unlink is in the history with who and what changed; a change that changes nothing records nothing", async () => {
    const c = await w.contract({ name: "Historic", type: "recurring", billingCycle: "monthly", billingPrice: "100" });
    expect(c.history).toHaveLength(1);
    expect(c.history[0]).toMatchObject({ kind: "created", by: "Ada Admin" });
    expect(c.history[0].changes).toEqual(
      expect.arrayContaining([
        { field: "name", before: null, after: "Historic" },
        { field: "type", before: null, after: "Recurring" },
        { field: "status", before: null, after: "Active" },
        { field: "billingCycle", before: null, after: "Monthly" },
        { field: "billingPrice", before: null, after: "100.00" },
      ]),
    );
    const same = await w.s("PATCH", `/api/staff/contracts/${c.id}`, { name: "Historic", billingPrice: "100" });
    expect(same.history).toHaveLength(1);
    const changed = await w.s("PATCH", `/api/staff/contracts/${c.id}`, { name: "Historic renamed", billingPrice: "120", status: "on_hold" });
    expect(changed.history.at(-1)).toMatchObject({ kind: "updated", by: "Ada Admin" });
    expect(changed.history.at(-1).changes).toEqual([
      { field: "name", before: "Historic", after: "Historic renamed" },
      { field: "status", before: "Active", after: "On hold" },
      { field: "billingPrice", before: "100.00", after: "120.00" },
    ]);

    const job = await w.job(w.accounts.A.id, "History job");
    const linked = await w.s("PUT", `/api/staff/contracts/${c.id}/jobs/${job.id}`);
    expect(linked.jobs.map((j: { id: string }) => j.id)).toEqual([job.id]);
    expect(linked.jobCount).toBe(1);
    expect(linked.history.at(-1)).toMatchObject({ kind: "job_linked", changes: [{ field: "job", before: null, after: `${job.number} · History job` }] });
    // Linking again changes nothing.
    expect((await w.s("PUT", `/api/staff/contracts/${c.id}/jobs/${job.id}`)).history).toHaveLength(linked.history.length);
    // Moving the job to another contract: both histories say so.
    const other = await w.contract({ name: "Historic other", type: "time_materials" });
    const moved = await w.s("PUT", `/api/staff/contracts/${other.id}/jobs/${job.id}`);
    expect(moved.history.at(-1)).toMatchObject({ kind: "job_linked", note: "Moved from Historic renamed." });
    const left = await w.s("GET", `/api/staff/contracts/${c.id}`);
    expect(left.jobs).toEqual([]);
    expect(left.history.at(-1)).toMatchObject({ kind: "job_unlinked", note: "Moved to Historic other.", changes: [{ field: "job", before: `${job.number} · History job`, after: null }] });
    expect(left.linkableJobs.find((j: { id: string }) => j.id === job.id)).toMatchObject({ contract: { id: other.id, name: "Historic other" } });
    const unlinked = await w.s("DELETE", `/api/staff/contracts/${other.id}/jobs/${job.id}`);
    expect(unlinked.jobs).toEqual([]);
    expect(unlinked.history.at(-1)).toMatchObject({ kind: "job_unlinked", by: "Ada Admin" });
    // Unlinking a job that is not linked is refused.
    expect((await staffCall("DELETE", `/api/staff/contracts/${other.id}/jobs/${job.id}`)).status).toBe(409);
    // The customer's history leaves out the job links (jobs the portal may not show), keeps the rest.
    const seen = await portal("carla", `/api/portal/contracts/${c.id}`);
    expect(seen.history.map((e: { kind: string }) => e.kind)).toEqual(["created", "updated"]);
  });

  it("CON-1 the staff list filters by account, status, type and text, and pages", async () => {
    const account = await makeAccount(w.t, w.staff, { name: "Listing Ltd" });
    for (const [name, type, status] of [["Alpha support", "retainer_hours", "active"], ["Beta build", "fixed_price", "draft"], ["Gamma care", "recurring", "active"], ["Delta care", "recurring", "ended"]] as const) {
      const extra = type === "retainer_hours" ? { billingCycle: "monthly", hoursPerPeriod: "10" } : type === "fixed_price" ? { billingPrice: "500" } : { billingCycle: "monthly", billingPrice: "50" };
      await w.contract({ accountId: account.id, name, type, status, ...extra });
    }
    const names = async (q: string) => ((await w.s("GET", `/api/staff/contracts?accountId=${account.id}&${q}`)).items as { name: string }[]).map((i) => i.name);
    expect(await names("")).toEqual(["Alpha support", "Beta build", "Delta care", "Gamma care"]);
    expect(await names("status=active")).toEqual(["Alpha support", "Gamma care"]);
    expect(await names("type=recurring")).toEqual(["Delta care", "Gamma care"]);
    expect(await names("q=care&status=ended")).toEqual(["Delta care"]);
    const page2 = await w.s("GET", `/api/staff/contracts?accountId=${account.id}&pageSize=3&page=2`);
    expect(page2).toMatchObject({ total: 4, page: 2, pageSize: 3, currency: "NZD" });
    expect(page2.items.map((i: { name: string }) => i.name)).toEqual(["Gamma care"]);
  });
});

describe("CON-1 derived amounts", () => {
  it("CON-1 fixed price: bill amount is the price; remaining is the price less the grand totals of issued invoices under the contract", async () => {
    const c = await w.contract({ name: "Fixed website", type: "fixed_price", billingPrice: "9800" });
    expect(c.amounts).toEqual({ billAmount: "9800.00", invoicedAmount: "0.00", consumedAmount: null, remainingAmount: "9800.00", unpricedEntries: 0 });
    const other = await w.contract({ name: "Fixed other", type: "fixed_price", billingPrice: "100" });
    const now = w.t.clock.read();
    let number = 9000;
    // Invoices are issued elsewhere; here they are rows as that module writes them (an issued one has a number).
    const invoice = (contractId: string, status: "draft" | "sent" | "partly_paid" | "paid" | "void", grandTotal: string) => ({
      tenantId: w.t.tenantId, accountId: w.accounts.A.id, contractId, status, number: status === "draft" ? null : ++number, subtotal: grandTotal, grandTotal,
      invoiceDate: "2026-11-20", dueDate: "2026-12-20", currency: "NZD", createdAt: now, updatedAt: now,
    });
    await w.t.c.deps.db.insert(invoices).values([
      invoice(c.id, "sent", "3000.00"),
      invoice(c.id, "paid", "1500.50"),
      invoice(c.id, "partly_paid", "1000.00"),
      invoice(c.id, "draft", "999.00"),
      invoice(c.id, "void", "500.00"),
      invoice(other.id, "sent", "777.00"),
    ]);
    const after = await w.s("GET", `/api/staff/contracts/${c.id}`);
    expect(after.amounts).toEqual({ billAmount: "9800.00", invoicedAmount: "5500.50", consumedAmount: null, remainingAmount: "4299.50", unpricedEntries: 0 });
    expect((await portal("carla", `/api/portal/contracts/${c.id}`)).amounts).toEqual({ billAmount: "9800.00", invoicedAmount: "5500.50", consumedAmount: null, remainingAmount: "4299.50" });
    // Other types have no bill amount.
    expect((await w.contract({ name: "T&M amounts", type: "time_materials" })).amounts).toMatchObject({ billAmount: null, remainingAmount: null, consumedAmount: null });
  });

  it("CON-1 retainer by amount: consumed is the billable time on its jobs at the job's rate, else the staff member's; remaining is the price less it", async () => {
    const c = await w.contract({ name: "Amount retainer", type: "retainer_amount", billingPrice: "5000" });
    const rated = await linkedJob(c.id, "Rated job", { billingRate: "120.00" });
    const unrated = await linkedJob(c.id, "Unrated job");
    await w.time(rated.ticket.id, "2026-11-03T09:00:00Z", 2);
    await w.time(rated.ticket.id, "2026-11-04T09:00:00Z", 1.5);
    await w.time(rated.ticket.id, "2026-11-05T09:00:00Z", 3, { billable: false });
    // Before the contract started: not consumed by it.
    await w.time(rated.ticket.id, "2026-10-20T09:00:00Z", 4);
    // The administrator's own rate, 150.00.
    await w.time(unrated.ticket.id, "2026-11-06T09:00:00Z", 1);
    const mid = await w.s("GET", `/api/staff/contracts/${c.id}`);
    expect(mid.amounts).toEqual({ billAmount: null, invoicedAmount: null, consumedAmount: "570.00", remainingAmount: "4430.00", unpricedEntries: 0 });
    // Someone without any rate: counted at 0 and named as unpriced.
    const desk = await makeStaffUser(w.t, w.staff, "Rateless Person", "rateless@example.com");
    await w.time(unrated.ticket.id, "2026-11-07T09:00:00Z", 2, { staffId: desk.id });
    const after = await w.s("GET", `/api/staff/contracts/${c.id}`);
    expect(after.amounts).toMatchObject({ consumedAmount: "570.00", remainingAmount: "4430.00", unpricedEntries: 1 });
    expect((await portal("carla", `/api/portal/contracts/${c.id}`)).amounts).toEqual({ billAmount: null, invoicedAmount: null, consumedAmount: "570.00", remainingAmount: "4430.00" });
  });
});

describe("CON-1 retainer by hours", () => {
  it("CON-1 hours used are the billable time on its jobs' tickets by work date in this period; the summary projects the run-out day at the period's average rate", async () => {
    const c = await w.retainer({ name: "Hours summary", hoursPerPeriod: "20" });
    const { ticket } = await linkedJob(c.id, "Summary job");
    await w.time(ticket.id, "2026-10-31T12:00:00Z", 3); // the previous period
    await w.time(ticket.id, "2026-11-02T09:00:00Z", 4);
    await w.time(ticket.id, "2026-11-10T09:00:00Z", 6);
    await w.time(ticket.id, "2026-11-12T09:00:00Z", 5, { billable: false });
    await w.time(ticket.id, "2026-11-20T09:00:00Z", 5);
    await w.time(ticket.id, "2026-11-25T09:00:00Z", 1); // dated after today: not used yet
    // Time on a job of the account that is not under this contract does not count.
    const loose = await w.job(w.accounts.A.id, "Loose job");
    await w.time((await w.ticket(loose.id)).id, "2026-11-15T09:00:00Z", 2);

    const read = await w.s("GET", `/api/staff/contracts/${c.id}`);
    const p = read.prepaid;
    expect(p).toMatchObject({ periodStart: "2026-11-01", periodEnd: "2026-11-30", asOf: "2026-11-22", blockHours: "20.00", usedHours: "15.00", remainingHours: "5.00", overHours: "0.00", percentUsed: 75, thresholds: [75, 90, 100] });
    // 15 h in 22 days: 0.68 h a day; the 5 h left last 7.3 days, so the block runs out on the 8th day from today.
    expect(p.dailyRate).toBe("0.68");
    expect(p.projectedRunOut).toBe("2026-11-30");
    expect(p.runOutWithinPeriod).toBe(true);
    expect(p.series).toHaveLength(30);
    expect(p.series[1]).toEqual({ date: "2026-11-02", used: "4.00", projected: null });
    expect(p.series[21]).toEqual({ date: "2026-11-22", used: "15.00", projected: "15.00" });
    expect(p.series[22].used).toBeNull();
    expect(Number(p.series[29].projected)).toBeCloseTo(15 + (15 / 22) * 8, 2);
    // The customer reads the same summary, and the list shows how far the block is used.
    const seen = await portal("carla", `/api/portal/contracts/${c.id}`);
    expect(seen.prepaid).toEqual(p);
    const row = (await portal("carla", "/api/portal/contracts")).items.find((i: { id: string }) => i.id === c.id);
    expect(row.prepaid).toEqual({ usedHours: "15.00", blockHours: "20.00", percentUsed: 75, periodEnd: "2026-11-30", projectedRunOut: "2026-11-30", runOutWithinPeriod: true });

    // The work date is the day in the company's time zone: 31 October 12:00 UTC is 1 November in Auckland.
    await w.s("PATCH", "/api/staff/settings/tickets", { timeZone: "Pacific/Auckland" });
    try {
      expect((await w.s("GET", `/api/staff/contracts/${c.id}`)).prepaid.usedHours).toBe("18.00");
    } finally {
      await w.s("PATCH", "/api/staff/settings/tickets", { timeZone: "UTC" });
    }
  });

  it("CON-1 a retainer that has not started has no summary yet", async () => {
    const c = await w.retainer({ name: "Not yet", startDate: "2027-01-01" });
    expect(c.prepaid).toBeNull();
    expect((await portal("carla", `/api/portal/contracts/${c.id}`)).prepaid).toBeNull();
  });
});

describe("CON-1 prepaid-hours alerts", () => {
  it("CON-1 each threshold emails the client administrators who read contracts and the job managers once per period; edits and deletes below a sent threshold send nothing again", async () => {
    const c = await w.retainer({ name: "Alerting retainer", hoursPerPeriod: "20" });
    const { ticket } = await linkedJob(c.id, "Alert job");
    await w.time(ticket.id, "2026-11-03T08:00:00Z", 8);
    await w.time(ticket.id, "2026-11-04T08:00:00Z", 6);
    expect(await mailsFor(c.name)).toEqual([]); // 70 %

    const crossed = await w.time(ticket.id, "2026-11-21T09:00:00Z", 1); // 75 %
    const first = await mailsFor(c.name);
    // Carla administers Acme and reads contracts; Ursula administers it but her role shows no contracts; Colin is no administrator.
    expect(first.map((m) => m.recipient).sort()).toEqual([w.contacts.carla.email, w.me.email].sort());
    const toCarla = first.find((m) => m.recipient === w.contacts.carla.email)!.payload;
    expect(toCarla).toMatchObject({ audience: "customer", threshold: 75, percent: 75, used: "15.00 h", block: "20.00 h", periodStart: "1 November 2026", periodEnd: "30 November 2026", name: "Carla", account: w.accounts.A.name });
    expect(String(toCarla.link)).toBe(`http://portico.test/portal/contracts/${c.id}?account=${w.accounts.A.id}`);
    expect(first.find((m) => m.recipient === w.me.email)!.payload).toMatchObject({ audience: "staff", link: `http://portico.test/admin/contracts/${c.id}` });
    const rendered = emailContent({ task: "email.retainer_threshold", version: 1, payload: toCarla, subject: null })!;
    expect(rendered.subject).toBe("Alerting retainer: 75 % of this period's prepaid hours used");
    expect(rendered.text).toContain(`/portal/contracts/${c.id}?account=${w.accounts.A.id}`);
    expect(rendered.text).toContain("Your prepaid hours on Alerting retainer have reached 75 %: 15.00 h of 20.00 h used (75 %)");

    // Edited up, deleted, logged again: 75 % was already sent this period.
    const entry = (crossed.timeEntries as { id: string; hours: string | number }[]).find((e) => Number(e.hours) === 1)!;
    await w.s("PATCH", `/api/staff/tickets/${ticket.id}/time-entries/${entry.id}`, { startedAt: "2026-11-21T09:00:00Z", endedAt: "2026-11-21T10:30:00Z" });
    await w.s("DELETE", `/api/staff/tickets/${ticket.id}/time-entries/${entry.id}`);
    await w.time(ticket.id, "2026-11-21T09:00:00Z", 1);
    expect(await mailsFor(c.name)).toHaveLength(2);
    await w.time(ticket.id, "2026-11-21T11:00:00Z", 2); // 85 %
    expect(await mailsFor(c.name)).toHaveLength(2);
    await w.time(ticket.id, "2026-11-22T08:00:00Z", 1); // 90 %
    const second = (await mailsFor(c.name)).slice(2);
    expect(second.map((m) => [m.recipient, m.payload.threshold]).sort()).toEqual([[w.contacts.carla.email, 90], [w.me.email, 90]].sort());
    await w.time(ticket.id, "2026-11-22T09:00:00Z", 3); // 105 %
    const third = (await mailsFor(c.name)).slice(4);
    expect(third.map((m) => m.payload.threshold)).toEqual([100, 100]);
    // The sweep finds nothing more to send.
    await w.t.c.services.contracts.sweepRetainerAlerts();
    expect(await mailsFor(c.name)).toHaveLength(6);
    expect(await alertRows(c.id)).toEqual([75, 90, 100].map((threshold) => ({ periodStart: "2026-11-01", threshold })));
    const history = (await w.s("GET", `/api/staff/contracts/${c.id}`)).history.filter((e: { kind: string }) => e.kind === "alert_sent");
    expect(history.map((e: { by: string }) => e.by)).toEqual(["Portico", "Portico", "Portico"]);
    expect(history[0].note).toBe("75 % of the prepaid hours used (15.00 h of 20.00 h) in the period 1 November 2026 to 30 November 2026; 2 people were emailed.");
    expect(history.map((e: { note: string }) => e.note.split(" (")[0])).toEqual(["75 % of the prepaid hours used", "90 % of the prepaid hours used", "100 % of the prepaid hours used"]);
  });

  it("CON-1 the account manager is told too, once, even when they also manage the job; a disabled one is not", async () => {
    const acct = await makeAccount(w.t, w.staff, { name: "Managed Account" });
    const mgr = await makeStaffUser(w.t, w.staff, "Mona Manager", "mona.manager@example.com");
    expect((await staffCall("PATCH", `/api/staff/accounts/${acct.id}`, { managerStaffId: mgr.id })).body.manager).toEqual({ id: mgr.id, name: "Mona Manager" });
    const c = await w.s("POST", "/api/staff/contracts", { accountId: acct.id, name: "Managed account retainer", type: "retainer_hours", billingCycle: "monthly", hoursPerPeriod: "10", startDate: "2026-11-01" });
    const job = await w.job(acct.id, "Managed work", { managerStaffId: mgr.id });
    await w.s("PUT", `/api/staff/contracts/${c.id}/jobs/${job.id}`);
    const ticket = await w.ticket(job.id, "Managed work ticket");
    await w.time(ticket.id, "2026-11-03T08:00:00Z", 8); // 80 %
    expect((await mailsFor(c.name)).map((m) => [m.recipient, m.payload.audience])).toEqual([["mona.manager@example.com", "staff"]]);
    // Another manager, who manages no job: told at 90 %; the disabled one is not.
    const next = await makeStaffUser(w.t, w.staff, "Nils Next", "nils.next@example.com");
    await w.s("PATCH", `/api/staff/accounts/${acct.id}`, { managerStaffId: next.id });
    await w.s("PATCH", `/api/staff/users/${mgr.id}`, { disabled: true });
    await w.time(ticket.id, "2026-11-04T08:00:00Z", 1); // 90 %
    expect((await mailsFor(c.name)).slice(1).map((m) => m.recipient)).toEqual(["nils.next@example.com"]);
  });

  it("CON-1 an account manager must be an active staff member: an unknown id, a non-id or a disabled one is refused on the field, and nothing changes", async () => {
    const acct = await makeAccount(w.t, w.staff, { name: "Manager Checks" });
    const gone = await makeStaffUser(w.t, w.staff, "Gone Manager", "gone.manager@example.com");
    await w.s("PATCH", `/api/staff/users/${gone.id}`, { disabled: true });
    for (const id of [MISSING, gone.id, "not-an-id"]) {
      const r = await staffCall("PATCH", `/api/staff/accounts/${acct.id}`, { managerStaffId: id });
      expect(r.status, id).toBe(400);
      expect(fieldsOf(r)).toEqual(["managerStaffId"]);
    }
    expect((await staffCall("POST", "/api/staff/accounts", { name: "With gone manager", managerStaffId: gone.id })).status).toBe(400);
    expect((await w.s("GET", `/api/staff/accounts/${acct.id}`)).manager).toBeNull();
    expect((await staffCall("PATCH", `/api/staff/accounts/${acct.id}`, { managerStaffId: null })).status).toBe(200);
  });

  it("CON-1 a jump past several thresholds records each once and emails each person once, naming the highest", async () => {
    const c = await w.retainer({ name: "Jumping retainer", hoursPerPeriod: "10" });
    const { ticket } = await linkedJob(c.id, "Jump job");
    await w.time(ticket.id, "2026-11-05T08:00:00Z", 9.5);
    expect(await alertRows(c.id)).toEqual([75, 90].map((threshold) => ({ periodStart: "2026-11-01", threshold })));
    const mails = await mailsFor(c.name);
    expect(mails.map((m) => [m.recipient, m.payload.threshold]).sort()).toEqual([[w.contacts.carla.email, 90], [w.me.email, 90]].sort());
  });

  it("CON-1 two time entries logged at the same moment that cross a threshold together alert exactly once", async () => {
    const c = await w.retainer({ name: "Racing retainer", hoursPerPeriod: "20" });
    const { ticket } = await linkedJob(c.id, "Race job");
    const other = await linkedJob(c.id, "Race job two");
    await w.time(ticket.id, "2026-11-03T08:00:00Z", 8);
    await w.time(ticket.id, "2026-11-04T08:00:00Z", 6); // 70 %
    // Each alone stays below 75 %; together they reach it.
    const both = await Promise.all([
      call(w.t, "POST", `/api/staff/tickets/${ticket.id}/time-entries`, { cookie: w.staff, body: { startedAt: "2026-11-20T08:00:00Z", endedAt: "2026-11-20T08:30:00Z" } }),
      call(w.t, "POST", `/api/staff/tickets/${other.ticket.id}/time-entries`, { cookie: w.staff, body: { startedAt: "2026-11-20T09:00:00Z", endedAt: "2026-11-20T09:30:00Z" } }),
    ]);
    expect(both.map((r) => r.status)).toEqual([200, 200]);
    expect(await alertRows(c.id)).toEqual([{ periodStart: "2026-11-01", threshold: 75 }]);
    expect((await mailsFor(c.name)).map((m) => m.recipient).sort()).toEqual([w.contacts.carla.email, w.me.email].sort());
    // Two at once that together jump past 90 % and 100 % (each alone reaches neither): each recorded once, one email per person.
    await Promise.all([
      call(w.t, "POST", `/api/staff/tickets/${ticket.id}/time-entries`, { cookie: w.staff, body: { startedAt: "2026-11-21T08:00:00Z", endedAt: "2026-11-21T10:30:00Z" } }),
      call(w.t, "POST", `/api/staff/tickets/${other.ticket.id}/time-entries`, { cookie: w.staff, body: { startedAt: "2026-11-21T12:00:00Z", endedAt: "2026-11-21T14:30:00Z" } }),
    ]);
    expect(await alertRows(c.id)).toEqual([75, 90, 100].map((threshold) => ({ periodStart: "2026-11-01", threshold })));
    const later = (await mailsFor(c.name)).slice(2);
    expect(later.map((m) => [m.recipient, m.payload.threshold]).sort()).toEqual([[w.contacts.carla.email, 100], [w.me.email, 100]].sort());
  });

  it("CON-1 the threshold is checked in the time entry's transaction: a failed change sends nothing, and other changes check too (ticket moved, job linked, block lowered, contract made active)", async () => {
    // Moving a ticket with 16 h onto the retainer's job.
    const moved = await w.retainer({ name: "Moved-to retainer", hoursPerPeriod: "20" });
    const target = await linkedJob(moved.id, "Move target");
    const elsewhere = await w.job(w.accounts.A.id, "Move source");
    const t2 = await w.ticket(elsewhere.id, "Moving ticket");
    await w.time(t2.id, "2026-11-05T08:00:00Z", 8);
    await w.time(t2.id, "2026-11-06T08:00:00Z", 8);
    expect(await alertRows(moved.id)).toEqual([]);
    await w.s("PATCH", `/api/staff/tickets/${t2.id}`, { jobId: target.job.id });
    expect(await alertRows(moved.id)).toEqual([{ periodStart: "2026-11-01", threshold: 75 }]);

    // Linking a job whose time already crosses 90 %.
    const linking = await w.retainer({ name: "Linking retainer", hoursPerPeriod: "10" });
    const busy = await w.job(w.accounts.A.id, "Busy job");
    await w.time((await w.ticket(busy.id)).id, "2026-11-05T08:00:00Z", 9);
    await w.s("PUT", `/api/staff/contracts/${linking.id}/jobs/${busy.id}`);
    expect((await alertRows(linking.id)).map((r) => r.threshold)).toEqual([75, 90]);

    // A smaller block.
    await w.s("PATCH", `/api/staff/contracts/${linking.id}`, { hoursPerPeriod: "9" });
    expect((await alertRows(linking.id)).map((r) => r.threshold)).toEqual([75, 90, 100]);

    // A draft alerts nobody (customers cannot see it); made active, it does.
    const draft = await w.retainer({ name: "Draft retainer", hoursPerPeriod: "10", status: "draft" });
    const dj = await linkedJob(draft.id, "Draft job");
    await w.time(dj.ticket.id, "2026-11-05T08:00:00Z", 8);
    expect(await alertRows(draft.id)).toEqual([]);
    await w.s("PATCH", `/api/staff/contracts/${draft.id}`, { status: "active" });
    expect((await alertRows(draft.id)).map((r) => r.threshold)).toEqual([75]);

    // A time entry refused (it spans more than 24 h) records no alert.
    const refused = await w.retainer({ name: "Refused retainer", hoursPerPeriod: "10" });
    const rj = await linkedJob(refused.id, "Refused job");
    const r = await call(w.t, "POST", `/api/staff/tickets/${rj.ticket.id}/time-entries`, { cookie: w.staff, body: { startedAt: "2026-11-05T08:00:00Z", endedAt: "2026-11-06T10:00:00Z" } });
    expect(r.status).toBe(400);
    expect(await alertRows(refused.id)).toEqual([]);
  });

  it("CON-1 the worker's sweep catches what no time entry triggered: a threshold the tenant added later", async () => {
    const c = await w.retainer({ name: "Swept retainer", hoursPerPeriod: "20" });
    const { ticket } = await linkedJob(c.id, "Sweep job");
    await w.time(ticket.id, "2026-11-05T08:00:00Z", 8);
    await w.time(ticket.id, "2026-11-06T08:00:00Z", 4); // 60 %
    expect(await mailsFor(c.name)).toEqual([]);
    await w.s("PATCH", "/api/staff/settings/portal", { retainerAlertThresholds: [50, 75, 90, 100] });
    try {
      await w.t.c.worker.sweep();
      expect(await alertRows(c.id)).toEqual([{ periodStart: "2026-11-01", threshold: 50 }]);
      expect((await mailsFor(c.name)).map((m) => m.payload.threshold)).toEqual([50, 50]);
      await w.t.c.services.contracts.sweepRetainerAlerts();
      expect(await mailsFor(c.name)).toHaveLength(2);
    } finally {
      await w.s("PATCH", "/api/staff/settings/portal", { retainerAlertThresholds: [75, 90, 100] });
    }
  });

  it("CON-1 a new billing period alerts again: the thresholds count per period (injected clock)", async () => {
    const c = await w.retainer({ name: "Periodic retainer", hoursPerPeriod: "20" });
    const { ticket } = await linkedJob(c.id, "Period job");
    await w.time(ticket.id, "2026-11-20T08:00:00Z", 8);
    await w.time(ticket.id, "2026-11-21T08:00:00Z", 8); // 80 % of November
    expect(await alertRows(c.id)).toEqual([{ periodStart: "2026-11-01", threshold: 75 }]);
    const before = w.t.clock.now;
    w.t.clock.now = new Date("2026-12-02T10:00:00Z");
    try {
      await w.signInAgain();
      // A new period starts empty.
      const december = (await w.s("GET", `/api/staff/contracts/${c.id}`)).prepaid;
      expect(december).toMatchObject({ periodStart: "2026-12-01", periodEnd: "2026-12-31", usedHours: "0.00", percentUsed: 0, alerts: [] });
      await w.time(ticket.id, "2026-12-01T08:00:00Z", 8);
      expect(await alertRows(c.id)).toHaveLength(1);
      await w.time(ticket.id, "2026-12-02T08:00:00Z", 8); // 80 % of December
      expect(await alertRows(c.id)).toEqual([
        { periodStart: "2026-11-01", threshold: 75 },
        { periodStart: "2026-12-01", threshold: 75 },
      ]);
      const dec = (await mailsFor(c.name)).filter((m) => m.payload.periodStart === "1 December 2026");
      expect(dec.map((m) => m.recipient).sort()).toEqual([w.contacts.carla.email, w.me.email].sort());
      expect((await w.s("GET", `/api/staff/contracts/${c.id}`)).prepaid.alerts.map((a: { threshold: number }) => a.threshold)).toEqual([75]);
    } finally {
      w.t.clock.now = before;
      await w.signInAgain();
    }
  });
});

const onServer = Boolean(process.env.DATABASE_URL);
describe.runIf(onServer)("CON-1 prepaid-hours alerts under a forced interleaving on PostgreSQL", () => {
  it("CON-1 two time entries that both wait on the contract's lock, neither seeing the other's hours yet, still alert exactly once", async () => {
    const c = await w.retainer({ name: "Interleaved retainer", hoursPerPeriod: "20" });
    const one = await linkedJob(c.id, "Interleave one");
    const two = await linkedJob(c.id, "Interleave two");
    await w.time(one.ticket.id, "2026-11-03T08:00:00Z", 8);
    await w.time(one.ticket.id, "2026-11-04T08:00:00Z", 6); // 70 %
    const r = (await w.t.c.deps.db.execute(sql`select current_database() as name`)) as unknown as { rows: { name: string }[] };
    const u = new URL(process.env.DATABASE_URL!);
    u.pathname = `/${r.rows[0].name}`;
    const locker = new pg.Client({ connectionString: u.toString() });
    const watcher = new pg.Client({ connectionString: u.toString() });
    await Promise.all([locker.connect(), watcher.connect()]);
    try {
      await locker.query("begin");
      await locker.query("select id from contracts where id = $1 for update", [c.id]);
      const answers = [one.ticket.id, two.ticket.id].map((id, i) =>
        call(w.t, "POST", `/api/staff/tickets/${id}/time-entries`, { cookie: w.staff, body: { startedAt: `2026-11-2${i}T08:00:00Z`, endedAt: `2026-11-2${i}T08:30:00Z` } }),
      );
      // Both entries are written and both checks wait for the contract: each alone would see 72.5 %.
      await vi.waitFor(
        async () => {
          const n = await watcher.query("select count(*)::int as n from pg_stat_activity where datname = $1 and wait_event_type = 'Lock' and pid <> $2", [r.rows[0].name, (locker as unknown as { processID: number }).processID]);
          expect(n.rows[0].n).toBe(2);
        },
        { timeout: 15_000, interval: 20 },
      );
      await locker.query("commit");
      expect((await Promise.all(answers)).map((a) => a.status)).toEqual([200, 200]);
    } finally {
      await locker.query("rollback").catch(() => {});
      await Promise.all([locker.end(), watcher.end()]);
    }
    expect(await alertRows(c.id)).toEqual([{ periodStart: "2026-11-01", threshold: 75 }]);
    expect((await mailsFor(c.name)).map((m) => m.recipient).sort()).toEqual([w.contacts.carla.email, w.me.email].sort());
  });
});

describe("PLT-1 CON-1 keys the database holds contracts to", () => {
  const refused = async (q: ReturnType<typeof sql>) => {
    const err = await w.t.c.deps.db.execute(q).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err, "the database accepted the row").not.toBeNull();
    expect((err as { cause?: { code?: string } }).cause?.code ?? (err as { code?: string }).code).toBe("23503");
  };
  it("PLT-1 CON-1 a job cannot be under another account's contract, nor a contract belong to, or a history row or alert point at, another tenant's", async () => {
    const acme = await w.retainer({ name: "Keys retainer" });
    const bluebirdJob = await w.job(w.accounts.B.id, "Keys job");
    // A Bluebird job under an Acme contract: the composite key (tenant, account, contract) refuses it.
    await refused(sql`update jobs set contract_id = ${acme.id} where id = ${bluebirdJob.id}`);
    const theirAccount = ((await w.t.c.deps.db.execute(sql`insert into accounts (tenant_id, name) values (${w.other.id}, 'Keys Ltd') returning id`)) as unknown as { rows: { id: string }[] }).rows[0].id;
    await refused(sql`insert into contracts (tenant_id, account_id, name, type, start_date, created_at, updated_at) values (${w.t.tenantId}, ${theirAccount}, 'x', 'time_materials', '2026-11-01', now(), now())`);
    await refused(sql`insert into contract_events (tenant_id, contract_id, kind, at, actor_name) values (${w.other.id}, ${acme.id}, 'updated', now(), 'x')`);
    await refused(sql`insert into contract_alerts (tenant_id, contract_id, period_start, threshold_percent, used_hours, sent_at) values (${w.other.id}, ${acme.id}, '2026-11-01', 75, 1, now())`);
    // Through the API the same link is a 400 on the job, and nothing changes.
    const r = await staffCall("PUT", `/api/staff/contracts/${acme.id}/jobs/${bluebirdJob.id}`);
    expect(r.status).toBe(400);
    expect((await w.s("GET", `/api/staff/contracts/${acme.id}`)).jobs).toEqual([]);
  });
});
