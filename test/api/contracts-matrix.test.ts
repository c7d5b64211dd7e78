/**
 * The authorization matrix for contracts (CON-1). A contract is a document of its account: the contacts of the account
 * in view whose role has *View contracts* read its published contracts — their own account's and so a colleague's the
 * same — and nothing else: another account's, another tenant's, a draft and a missing id are identical 404s.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { activeContact, call, makeAccount, ok, staffLogin } from "../harness.js";
import { type ContractWorld, buildContractWorld } from "./contract-fixture.js";
import { makeStaffUser } from "./ticket-fixture.js";

let w: ContractWorld;
const MISSING = "00000000-0000-4000-8000-000000000000";
const OTHER = "other.test";
type Res = "own" | "colleague" | "draft" | "otherAccount" | "otherTenant" | "missing";
type Who = "carla" | "colin" | "bob" | "ada" | "stranger";
const ids = {} as Record<Res, string>;
const jobs = {} as Record<"own" | "otherAccount" | "otherTenant", string>;
let stranger: string;
let otherStaff: string;
let otherAccountId: string;

beforeAll(async () => {
  w = await buildContractWorld();
  // "own": the retainer Carla's account works under; "colleague": another contract of the same account, which her
  // colleague Colin reads as much as she does (contracts belong to the account, not to one contact).
  ids.own = (await w.retainer({ name: "Acme support retainer", isDefault: true })).id;
  ids.colleague = (await w.contract({ name: "Acme website", type: "fixed_price", billingPrice: "4000" })).id;
  ids.draft = (await w.contract({ name: "Acme draft", type: "time_materials", status: "draft" })).id;
  ids.otherAccount = (await w.contract({ accountId: w.accounts.B.id, name: "Bluebird care", type: "recurring", billingCycle: "monthly", billingPrice: "300" })).id;
  jobs.own = (await w.job(w.accounts.A.id, "Acme job")).id;
  jobs.otherAccount = (await w.job(w.accounts.B.id, "Bluebird job")).id;

  await w.t.c.services.staff.createFirstAdmin(w.other.id, { name: "Other Admin", email: "admin@other.test", password: "other tenant passphrase" });
  otherStaff = await staffLogin(w.t, { email: "admin@other.test", password: "other tenant passphrase" }, OTHER);
  const o = (m: string, u: string, b?: unknown) => ok(call(w.t, m, u, { cookie: otherStaff, body: b, host: OTHER }));
  const roles = (await o("GET", "/api/staff/portal-roles")).items as { id: string; name: string }[];
  const oa = await makeAccount(w.t, otherStaff, { name: "Other Co", portalRoleId: roles.find((r) => r.name === "External Manager")!.id }, OTHER);
  otherAccountId = oa.id;
  stranger = (await activeContact(w.t, otherStaff, [oa.id], {}, OTHER)).cookie;
  ids.otherTenant = (await o("POST", "/api/staff/contracts", { accountId: oa.id, name: "Other retainer", type: "retainer_hours", billingCycle: "monthly", hoursPerPeriod: "10", startDate: "2026-11-01" })).id;
  jobs.otherTenant = (await o("POST", `/api/staff/accounts/${oa.id}/jobs`, { number: "O-1", name: "Other job", visibleInPortal: true, customersAddTickets: true, copyEmailsToManager: false, hoursVisible: false })).id;
  ids.missing = MISSING;
}, 180_000);
afterAll(() => w.t.close());

const cookieOf = (who: Who) => (who === "stranger" ? stranger : w.contacts[who].cookie);
const hostOf = (who: Who) => (who === "stranger" ? OTHER : undefined);
// Ada belongs to Acme and Bluebird and views Acme: Bluebird's contract is out of view until she switches.
const may: Record<Who, Res[]> = { carla: ["own", "colleague"], colin: ["own", "colleague"], ada: ["own", "colleague"], bob: ["otherAccount"], stranger: ["otherTenant"] };
const everyRes: Res[] = ["own", "colleague", "draft", "otherAccount", "otherTenant", "missing"];
const strip = (b: Record<string, unknown>) => ({ ...b, requestId: undefined });

describe("CON-1 contracts in the portal's authorization matrix", () => {
  for (const who of Object.keys(may) as Who[]) {
    it(`CON-1 ${who} reads only the published contracts of the account in view; every other id is the same 404 as a missing one`, async () => {
      const missing = await call(w.t, "GET", `/api/portal/contracts/${MISSING}`, { cookie: cookieOf(who), host: hostOf(who) });
      expect(missing.status).toBe(404);
      expect(missing.body.message).toBe("Contract not found.");
      for (const r of everyRes) {
        const res = await call(w.t, "GET", `/api/portal/contracts/${ids[r]}`, { cookie: cookieOf(who), host: hostOf(who) });
        if (may[who].includes(r)) expect(res.status, `${who} → ${r}`).toBe(200);
        else {
          expect(res.status, `${who} → ${r}`).toBe(404);
          expect(strip(res.body), `${who} → ${r}`).toEqual(strip(missing.body));
        }
      }
    });

    it(`CON-1 ${who}'s contract list holds exactly what they may read, and no draft`, async () => {
      const list = await ok(call(w.t, "GET", "/api/portal/contracts", { cookie: cookieOf(who), host: hostOf(who) }));
      expect(list.items.map((i: { id: string }) => i.id).sort()).toEqual(may[who].map((r) => ids[r]).sort());
      const me = await ok(call(w.t, "GET", "/api/portal/me", { cookie: cookieOf(who), host: hostOf(who) }));
      expect(me.can.contracts).toBe(true);
    });
  }

  it("CON-1 a contact in two accounts reads the other account's contracts only once it is in view", async () => {
    const ada = w.contacts.ada.cookie;
    expect((await call(w.t, "GET", `/api/portal/contracts/${ids.otherAccount}`, { cookie: ada })).status).toBe(404);
    await ok(call(w.t, "POST", "/api/portal/me/switch-account", { cookie: ada, body: { accountId: w.accounts.B.id } }));
    try {
      expect((await ok(call(w.t, "GET", `/api/portal/contracts/${ids.otherAccount}`, { cookie: ada }))).name).toBe("Bluebird care");
      expect((await call(w.t, "GET", `/api/portal/contracts/${ids.own}`, { cookie: ada })).status).toBe(404);
      // A request for the account no longer in view (a stale tab) is refused rather than answered for the other.
      expect((await call(w.t, "GET", "/api/portal/contracts", { cookie: ada, headers: { "x-portico-account": w.accounts.A.id } })).status).toBe(409);
    } finally {
      await ok(call(w.t, "POST", "/api/portal/me/switch-account", { cookie: ada, body: { accountId: w.accounts.A.id } }));
    }
  });

  it("CON-1 a role without View contracts gets 403 on the list and on any contract, and no nav entry", async () => {
    const ursula = w.contacts.ursula.cookie;
    const list = await call(w.t, "GET", "/api/portal/contracts", { cookie: ursula });
    expect(list.status).toBe(403);
    // The same 403 whether the id exists or not: nothing is looked up for someone who may not read contracts.
    const own = await call(w.t, "GET", `/api/portal/contracts/${ids.own}`, { cookie: ursula });
    const missing = await call(w.t, "GET", `/api/portal/contracts/${MISSING}`, { cookie: ursula });
    expect([own.status, missing.status]).toEqual([403, 403]);
    expect(strip(own.body)).toEqual(strip(missing.body));
    expect((await ok(call(w.t, "GET", "/api/portal/me", { cookie: ursula }))).can.contracts).toBe(false);
  });

  it("CON-1 a draft never reaches the portal, and publishing it does", async () => {
    for (const who of ["carla", "colin"] as const) {
      const list = await ok(call(w.t, "GET", "/api/portal/contracts", { cookie: w.contacts[who].cookie }));
      expect(list.items.map((i: { id: string }) => i.id)).not.toContain(ids.draft);
    }
    const draft = await w.contract({ name: "Acme proposal", type: "time_materials", status: "draft" });
    expect((await call(w.t, "GET", `/api/portal/contracts/${draft.id}`, { cookie: w.contacts.carla.cookie })).status).toBe(404);
    await w.s("PATCH", `/api/staff/contracts/${draft.id}`, { status: "active" });
    expect((await ok(call(w.t, "GET", `/api/portal/contracts/${draft.id}`, { cookie: w.contacts.carla.cookie }))).name).toBe("Acme proposal");
    // Back to draft: gone again.
    await w.s("PATCH", `/api/staff/contracts/${draft.id}`, { status: "draft" });
    expect((await call(w.t, "GET", `/api/portal/contracts/${draft.id}`, { cookie: w.contacts.carla.cookie })).status).toBe(404);
  });

  it("CON-1 a staff cookie is refused on the portal's contract API and a contact's on the staff API", async () => {
    for (const url of ["/api/portal/contracts", `/api/portal/contracts/${ids.own}`]) expect((await call(w.t, "GET", url, { cookie: w.staff })).status, url).toBe(401);
    const carla = w.contacts.carla.cookie;
    expect((await call(w.t, "GET", "/api/staff/contracts", { cookie: carla })).status).toBe(401);
    expect((await call(w.t, "GET", `/api/staff/contracts/${ids.own}`, { cookie: carla })).status).toBe(401);
    expect((await call(w.t, "POST", "/api/staff/contracts", { cookie: carla, body: { accountId: w.accounts.A.id, name: "X", type: "time_materials", startDate: "2026-11-01" } })).status).toBe(401);
    expect((await call(w.t, "PATCH", `/api/staff/contracts/${ids.own}`, { cookie: carla, body: { name: "X" } })).status).toBe(401);
    expect((await call(w.t, "PUT", `/api/staff/contracts/${ids.own}/jobs/${jobs.own}`, { cookie: carla })).status).toBe(401);
  });
});

describe("CON-1 contracts in the staff console's matrix", () => {
  it("CON-1 another tenant's contract is the same 404 as a missing one on every staff route, and its jobs and accounts cannot be named", async () => {
    const s = (m: string, u: string, body?: unknown) => call(w.t, m, u, { cookie: w.staff, body });
    for (const [m, suffix, body] of [["GET", "", undefined], ["PATCH", "", { name: "Taken" }], ["PUT", `/jobs/${jobs.own}`, undefined], ["DELETE", `/jobs/${jobs.own}`, undefined]] as const) {
      const missing = await s(m, `/api/staff/contracts/${MISSING}${suffix}`, body);
      const foreign = await s(m, `/api/staff/contracts/${ids.otherTenant}${suffix}`, body);
      expect([missing.status, foreign.status], `${m} ${suffix}`).toEqual([404, 404]);
      expect(strip(foreign.body)).toEqual(strip(missing.body));
    }
    // Another tenant's job is the same 404 as a missing job.
    const missingJob = await s("PUT", `/api/staff/contracts/${ids.own}/jobs/${MISSING}`);
    const foreignJob = await s("PUT", `/api/staff/contracts/${ids.own}/jobs/${jobs.otherTenant}`);
    expect([missingJob.status, foreignJob.status]).toEqual([404, 404]);
    expect(strip(foreignJob.body)).toEqual(strip(missingJob.body));
    // Another account's job cannot be linked: a contract covers its own account's jobs.
    const crossed = await s("PUT", `/api/staff/contracts/${ids.own}/jobs/${jobs.otherAccount}`);
    expect(crossed.status).toBe(400);
    expect(crossed.body.fields[0].field).toBe("jobId");
    // Another tenant's account cannot take a contract.
    const foreignAccount = await s("POST", "/api/staff/contracts", { accountId: otherAccountId, name: "Stolen", type: "time_materials", startDate: "2026-11-01" });
    expect(foreignAccount.status).toBe(400);
    expect(foreignAccount.body.fields).toEqual([{ field: "accountId", message: "is not an account" }]);
    // Lists hold only the tenant's own.
    const all = await ok(s("GET", "/api/staff/contracts?pageSize=100"));
    expect(all.items.map((i: { id: string }) => i.id)).not.toContain(ids.otherTenant);
    const theirs = await ok(call(w.t, "GET", "/api/staff/contracts?pageSize=100", { cookie: otherStaff, host: OTHER }));
    expect(theirs.items.map((i: { id: string }) => i.id)).toEqual([ids.otherTenant]);
    // The foreign contract was not changed.
    expect((await ok(call(w.t, "GET", `/api/staff/contracts/${ids.otherTenant}`, { cookie: otherStaff, host: OTHER }))).name).toBe("Other retainer");
  });

  it("CON-1 every staff member reads contracts; only 'manage contracts and invoices' creates, changes and links them", async () => {
    const desk = await makeStaffUser(w.t, w.staff, "Desk Person", "desk.contracts@example.com");
    const deskCookie = await staffLogin(w.t, { email: desk.email, password: "staff member passphrase 1024" });
    const d = (m: string, u: string, body?: unknown) => call(w.t, m, u, { cookie: deskCookie, body });
    expect((await d("GET", "/api/staff/contracts")).status).toBe(200);
    const read = await ok(d("GET", `/api/staff/contracts/${ids.own}`));
    expect(read.can).toEqual({ edit: false, linkJobs: false });
    expect(read.linkableJobs).toEqual([]);
    expect((await ok(d("GET", "/api/staff/me"))).can.manageBilling).toBe(false);
    expect((await d("POST", "/api/staff/contracts", { accountId: w.accounts.A.id, name: "No", type: "time_materials", startDate: "2026-11-01" })).status).toBe(403);
    expect((await d("PATCH", `/api/staff/contracts/${ids.own}`, { name: "No" })).status).toBe(403);
    expect((await d("PUT", `/api/staff/contracts/${ids.own}/jobs/${jobs.own}`)).status).toBe(403);
    expect((await d("DELETE", `/api/staff/contracts/${ids.own}/jobs/${jobs.own}`)).status).toBe(403);
    // The built-in Billing role may.
    const roles = (await w.s("GET", "/api/staff/roles")).items as { id: string; name: string }[];
    await w.s("PATCH", `/api/staff/users/${desk.id}`, { roleId: roles.find((r) => r.name === "Billing")!.id });
    const billing = await staffLogin(w.t, { email: desk.email, password: "staff member passphrase 1024" });
    expect((await ok(call(w.t, "GET", "/api/staff/me", { cookie: billing }))).can.manageBilling).toBe(true);
    const linked = await ok(call(w.t, "PUT", `/api/staff/contracts/${ids.colleague}/jobs/${jobs.own}`, { cookie: billing }));
    expect(linked.can).toEqual({ edit: true, linkJobs: true });
    expect(linked.history.at(-1)).toMatchObject({ kind: "job_linked", by: "Desk Person" });
  });
});
