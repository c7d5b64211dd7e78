/**
 * An Idempotency-Key on the creating POST routes: a retry gets the first answer and creates nothing new,
 * whatever the timing (concurrent twins, a request still running, a failure after the change, an abandoned claim).
 */
import { randomUUID } from "node:crypto";
import { and, count, eq, sql, type SQL } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accounts, contacts, idempotencyKeys, invoices, jobs, portalEvents, staffUsers, ticketNotes, tickets, timeEntries, attachments } from "../../src/server/db/schema/index.js";
import { inTransaction } from "../../src/server/deps.js";
import { CLAIM_LEASE_MS, IDEMPOTENCY_TTL_MS, runUnderClaim } from "../../src/server/modules/idempotency/idempotency.service.js";
import { activeContact, addTenant, call, createTestApp, makeAccount, makeContact, staffLogin, type TestApp } from "../harness.js";

let t: TestApp;
let admin: string;
let colleague: string;
let contact: { id: string; cookie: string };
let otherContact: { id: string; cookie: string };
let accountId: string;
let jobId: string;
let staffTicketId: string;
let portalTicketId: string;
let adminRoleId: string;
let otherStaff: string;
let otherJobId: string;

const KEY_HEADER = "Idempotency-Key";
let keySeq = 0;
const newKey = () => `key-${Date.now()}-${++keySeq}`;

async function post(cookie: string, url: string, body: unknown, key?: string, host?: string) {
  return call(t, "POST", url, { cookie, body, host, headers: key === undefined ? {} : { [KEY_HEADER]: key } });
}

/** Rows of a table in the test tenant (optionally narrowed). */
async function rows(table: PgTable & { tenantId: unknown }, where?: SQL) {
  const tenantCol = (table as unknown as { tenantId: Parameters<typeof eq>[0] }).tenantId;
  const [r] = await t.c.deps.db.select({ n: count() }).from(table).where(and(eq(tenantCol, t.tenantId), where));
  return r.n;
}

const jobBody = (number: string) => ({ number, name: `Job ${number}`, visibleInPortal: true, customersAddTickets: true, copyEmailsToManager: false, hoursVisible: false });
let seq = 0;

/** A creating route: who calls it, where, a body that varies with n, and the rows it creates. */
interface Case {
  name: string;
  cookie: () => string;
  /** Run per test: a fresh target where the create can only happen once (grants, unique numbers). */
  prepare: () => Promise<{ url: string; body: (n: number) => unknown }>;
  created: () => Promise<number>;
  /** Whether the same body sent again under another key creates a second row (false: refused as a duplicate). */
  repeatable: boolean;
}

const cases: Case[] = [
  {
    name: "staff ticket",
    cookie: () => admin,
    prepare: async () => ({ url: "/api/staff/tickets", body: (n) => ({ title: `Staff ticket ${n}`, details: "", jobId }) }),
    created: () => rows(tickets),
    repeatable: true,
  },
  {
    name: "portal ticket",
    cookie: () => contact.cookie,
    prepare: async () => ({ url: "/api/portal/tickets", body: (n) => ({ title: `Portal ticket ${n}`, details: "From the portal" }) }),
    created: () => rows(tickets),
    repeatable: true,
  },
  {
    name: "staff note",
    cookie: () => admin,
    prepare: async () => ({ url: `/api/staff/tickets/${staffTicketId}/notes`, body: (n) => ({ body: `Staff note ${n}`, isPublic: false }) }),
    created: () => rows(ticketNotes),
    repeatable: true,
  },
  {
    name: "portal note",
    cookie: () => contact.cookie,
    prepare: async () => ({ url: `/api/portal/tickets/${portalTicketId}/notes`, body: (n) => ({ body: `Portal note ${n}` }) }),
    created: () => rows(ticketNotes),
    repeatable: true,
  },
  {
    name: "time entry",
    cookie: () => admin,
    prepare: async () => ({
      url: `/api/staff/tickets/${staffTicketId}/time-entries`,
      body: (n) => ({ startedAt: "2026-11-20T09:00:00Z", endedAt: `2026-11-20T${String(9 + n).padStart(2, "0")}:30:00Z`, note: "Work" }),
    }),
    created: () => rows(timeEntries),
    repeatable: true,
  },
  {
    name: "contact",
    cookie: () => admin,
    prepare: async () => ({ url: "/api/staff/contacts", body: (n) => ({ firstName: "Ida", lastName: `Empotent${n}`, accountIds: [accountId] }) }),
    created: () => rows(contacts),
    repeatable: true,
  },
  {
    name: "account",
    cookie: () => admin,
    prepare: async () => ({ url: "/api/staff/accounts", body: (n) => ({ name: `Keyed account ${n}` }) }),
    created: () => rows(accounts),
    repeatable: true,
  },
  {
    name: "invoice",
    cookie: () => admin,
    prepare: async () => ({ url: "/api/staff/invoices", body: (n) => ({ accountId, poNumber: `PO-${n}`, lines: [{ description: "Keyed work", quantity: String(n), unitPrice: "10.00" }] }) }),
    created: () => rows(invoices),
    repeatable: true,
  },
  {
    name: "job",
    cookie: () => admin,
    prepare: async () => {
      const base = `K-${++seq}`;
      return { url: `/api/staff/accounts/${accountId}/jobs`, body: (n) => jobBody(`${base}-${n}`) };
    },
    created: () => rows(jobs),
    repeatable: false,
  },
  {
    name: "portal-access grant",
    cookie: () => admin,
    prepare: async () => {
      const c = await makeContact(t, admin, [accountId]);
      return { url: `/api/staff/contacts/${c.id}/portal-access`, body: (n) => ({ sendActivationEmail: n % 2 === 1 }) };
    },
    created: () => rows(portalEvents, eq(portalEvents.type, "granted")),
    repeatable: false,
  },
  {
    name: "batch grant",
    cookie: () => admin,
    prepare: async () => {
      const ids = [(await makeContact(t, admin, [accountId])).id, (await makeContact(t, admin, [accountId])).id];
      return { url: "/api/staff/portal-access/batch-grant", body: (n) => ({ contactIds: ids, sendWelcomeEmail: n % 2 === 1 }) };
    },
    created: () => rows(portalEvents, eq(portalEvents.type, "granted")),
    repeatable: false,
  },
  {
    name: "staff user",
    cookie: () => admin,
    prepare: async () => {
      const email = `keyed${++seq}@staff.test`;
      return { url: "/api/staff/users", body: (n) => ({ name: `Keyed ${n}`, email, roleId: adminRoleId, password: "a staff passphrase long enough" }) };
    },
    created: () => rows(staffUsers),
    repeatable: false,
  },
];

/** The number of rows a case creates per successful request (a batch grant grants two contacts). */
const perCreate = (c: Case) => (c.name === "batch grant" ? 2 : 1);

type DbWithTransaction = { transaction: (...args: unknown[]) => Promise<unknown> };
/** Replaces the database's transaction() for the next call only; `run` gets the real one. */
function interceptNextTransaction(run: (real: (...args: unknown[]) => Promise<unknown>, args: unknown[]) => Promise<unknown>) {
  const db = t.c.deps.db as unknown as DbWithTransaction;
  const own = Object.getOwnPropertyDescriptor(db, "transaction");
  const real = db.transaction.bind(db);
  const restore = () => {
    if (own) Object.defineProperty(db, "transaction", own);
    else delete (db as Partial<DbWithTransaction>).transaction;
  };
  db.transaction = (...args: unknown[]) => {
    restore();
    return run(real, args);
  };
  return restore;
}

beforeAll(async () => {
  t = await createTestApp();
  admin = await staffLogin(t);
  const roles = (await call(t, "GET", "/api/staff/roles", { cookie: admin })).body.items as { id: string; name: string }[];
  adminRoleId = roles.find((r) => r.name === "Administrator")!.id;
  const u = await post(admin, "/api/staff/users", { name: "Colin Colleague", email: "colin@staff.test", roleId: adminRoleId, password: "a staff passphrase long enough" });
  expect(u.status).toBe(200);
  colleague = await staffLogin(t, { email: "colin@staff.test", password: "a staff passphrase long enough" });

  accountId = (await makeAccount(t, admin, { name: "Keyed client" })).id;
  const job = await post(admin, `/api/staff/accounts/${accountId}/jobs`, jobBody("MAIN"));
  expect(job.status).toBe(200);
  jobId = job.body.id;
  await call(t, "POST", `/api/staff/jobs/${jobId}/make-default`, { cookie: admin });
  contact = await activeContact(t, admin, [accountId], { firstName: "Petra", lastName: "Portal" });
  otherContact = await activeContact(t, admin, [accountId], { firstName: "Otto", lastName: "Other" });
  staffTicketId = (await post(admin, "/api/staff/tickets", { title: "For notes", details: "", jobId })).body.id;
  const pt = await post(contact.cookie, "/api/portal/tickets", { title: "Petra's ticket", details: "" });
  expect(pt.status).toBe(200);
  portalTicketId = pt.body.id;

  const other = await addTenant(t, "other.test");
  await t.c.services.staff.createFirstAdmin(other.id, { name: "Other Admin", email: "admin@other.test", password: "other tenant passphrase" });
  otherStaff = await staffLogin(t, { email: "admin@other.test", password: "other tenant passphrase" }, "other.test");
  const otherAccount = (await post(otherStaff, "/api/staff/accounts", { name: "Other tenant account" }, undefined, "other.test")).body;
  otherJobId = (await post(otherStaff, `/api/staff/accounts/${otherAccount.id}/jobs`, jobBody("O-1"), undefined, "other.test")).body.id;
}, 120_000);
afterAll(() => t.close());


/** Holds the next write transaction at its start until `release()`; `inside` resolves once it is held. */
function holdNextTransaction() {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  let entered!: () => void;
  const inside = new Promise<void>((r) => (entered = r));
  const restore = interceptNextTransaction(async (real, args) => {
    entered();
    await gate;
    return real(...args);
  });
  return { inside, release, restore };
}

describe("PLT-2 Idempotency-Key on creating routes", () => {
  for (const c of cases) {
    it(`PLT-2 ${c.name}: a retry with the same key gets the first answer (status and body) and creates nothing new`, async () => {
      const { url, body } = await c.prepare();
      const before = await c.created();
      const key = newKey();
      const first = await post(c.cookie(), url, body(1), key);
      expect(first.status, JSON.stringify(first.body)).toBe(200);
      expect(first.headers["idempotent-replayed"]).toBeUndefined();
      const retry = await post(c.cookie(), url, body(1), key);
      expect(retry.status).toBe(first.status);
      expect(retry.raw.body).toBe(first.raw.body);
      expect(retry.headers["idempotent-replayed"]).toBe("true");
      expect(await c.created()).toBe(before + perCreate(c));
    });

    it(`PLT-2 ${c.name}: the same request under another key is a new request`, async () => {
      const { url, body } = await c.prepare();
      const before = await c.created();
      const first = await post(c.cookie(), url, body(1), newKey());
      const second = await post(c.cookie(), url, body(1), newKey());
      expect(first.status).toBe(200);
      expect(second.headers["idempotent-replayed"]).toBeUndefined();
      expect(second.raw.body).not.toBe(first.raw.body);
      if (c.repeatable) {
        expect(second.status).toBe(200);
        expect(await c.created()).toBe(before + 2 * perCreate(c));
      } else {
        // Ran again and was refused as a duplicate (a batch grant answers per contact).
        expect(await c.created()).toBe(before + perCreate(c));
        if (c.name === "batch grant") expect(second.body.results.map((r: { ok: boolean }) => r.ok)).toEqual([false, false]);
        else expect(second.status).toBe(409);
      }
    });

    it(`PLT-2 ${c.name}: the same key with another body is refused with 422 and creates nothing; the first answer stays`, async () => {
      const { url, body } = await c.prepare();
      const key = newKey();
      const first = await post(c.cookie(), url, body(1), key);
      expect(first.status).toBe(200);
      const after = await c.created();
      const other = await post(c.cookie(), url, body(2), key);
      expect(other.status).toBe(422);
      expect(other.body.code).toBe("IDEMPOTENCY_KEY_REUSED");
      expect(other.body.message).toMatch(/already used for a different request/);
      expect(await c.created()).toBe(after);
      const again = await post(c.cookie(), url, body(1), key);
      expect(again.raw.body).toBe(first.raw.body);
    });

    it(`PLT-4 ${c.name}: requests with one key arriving at once create exactly once`, async () => {
      const { url, body } = await c.prepare();
      const before = await c.created();
      const key = newKey();
      const answers = await Promise.all(Array.from({ length: 4 }, () => post(c.cookie(), url, body(1), key)));
      expect(await c.created()).toBe(before + perCreate(c));
      const ok = answers.filter((a) => a.status === 200);
      expect(ok.length).toBeGreaterThan(0);
      for (const a of ok) expect(a.raw.body).toBe(ok[0].raw.body);
      for (const a of answers.filter((a) => a.status !== 200)) {
        expect(a.status).toBe(409);
        expect(a.body.message).toMatch(/still being processed/);
      }
    });
  }

  it("PLT-2 a key used on one route is refused on another", async () => {
    const key = newKey();
    expect((await post(admin, "/api/staff/accounts", { name: "Route one" }, key)).status).toBe(200);
    const before = await rows(contacts);
    const other = await post(admin, "/api/staff/contacts", { firstName: "Route", lastName: "Two", accountIds: [accountId] }, key);
    expect(other.status).toBe(422);
    expect(other.body.code).toBe("IDEMPOTENCY_KEY_REUSED");
    expect(await rows(contacts)).toBe(before);
  });

  it("PLT-4 a retry while the first request is still running gets 409 'being processed' and Retry-After; afterwards the first answer", async () => {
    const { inside, release, restore } = holdNextTransaction();
    try {
      const before = await rows(tickets);
      const key = newKey();
      const body = { title: "Held at the door", details: "", jobId };
      const first = post(admin, "/api/staff/tickets", body, key);
      await inside;
      const twin = await post(admin, "/api/staff/tickets", body, key);
      expect(twin.status).toBe(409);
      expect(twin.body.message).toMatch(/still being processed/);
      expect(twin.headers["retry-after"]).toBe("1");
      expect(await rows(tickets)).toBe(before);
      release();
      const done = await first;
      expect(done.status).toBe(200);
      const retry = await post(admin, "/api/staff/tickets", body, key);
      expect(retry.raw.body).toBe(done.raw.body);
      expect(await rows(tickets)).toBe(before + 1);
    } finally {
      release();
      restore();
    }
  });

  it("PLT-4 a claim whose request never committed is taken over after its lease; the old request then changes nothing", async () => {
    const { inside, release, restore } = holdNextTransaction();
    try {
      const before = await rows(accounts);
      const key = newKey();
      const stalled = post(admin, "/api/staff/accounts", { name: "Stalled" }, key);
      await inside;
      // The first request looks dead: its lease runs out.
      t.clock.advance(CLAIM_LEASE_MS + 1_000);
      const retry = await post(admin, "/api/staff/accounts", { name: "Stalled" }, key);
      expect(retry.status).toBe(200);
      expect(retry.headers["idempotent-replayed"]).toBeUndefined();
      release();
      const late = await stalled;
      expect(late.status).toBe(409);
      expect(late.body.message).toMatch(/took over/);
      expect(await rows(accounts)).toBe(before + 1);
      const again = await post(admin, "/api/staff/accounts", { name: "Stalled" }, key);
      expect(again.raw.body).toBe(retry.raw.body);
    } finally {
      release();
      restore();
    }
  });

  it("PLT-2 a refusal that changed nothing is not kept: after fixing the cause, the same key succeeds", async () => {
    const c = await makeContact(t, admin, [accountId], { email: null });
    const before = await rows(portalEvents, eq(portalEvents.type, "granted"));
    const key = newKey();
    const refused = await post(admin, `/api/staff/contacts/${c.id}/portal-access`, {}, key);
    expect(refused.status).toBe(400);
    expect(refused.body.message).toMatch(/email/);
    expect((await call(t, "PATCH", `/api/staff/contacts/${c.id}`, { cookie: admin, body: { email: `fixed${++seq}@client.test` } })).status).toBe(200);
    const granted = await post(admin, `/api/staff/contacts/${c.id}/portal-access`, {}, key);
    expect(granted.status).toBe(200);
    expect(granted.headers["idempotent-replayed"]).toBeUndefined();
    expect(granted.body.portal.status).toBe("invited");
    expect(await rows(portalEvents, eq(portalEvents.type, "granted"))).toBe(before + 1);
  });

  it("PLT-2 a refusal given after the request committed a change is kept as its answer", async () => {
    const keyed = { tenantId: t.tenantId, principalKind: "staff" as const, principalId: randomUUID(), key: newKey(), method: "POST", route: "/api/staff/accounts", requestHash: "h" };
    const keys = t.c.services.idempotency;
    const first = await keys.claimIdempotencyKey(keyed);
    if (first.kind !== "claimed") throw new Error("not claimed");
    await runUnderClaim(first.claim, () => inTransaction(t.c.deps, async (tx) => tx.execute(sql`select 1`)));
    await keys.settleIdempotencyKey(first.claim, 409, '{"code":"CONFLICT","message":"late refusal"}');
    expect(await keys.claimIdempotencyKey(keyed)).toEqual({ kind: "replay", status: 409, body: '{"code":"CONFLICT","message":"late refusal"}' });
  });

  it("PLT-2 a 5xx before anything was written is not kept: the retry creates once", async () => {
    const restore = interceptNextTransaction(async () => {
      throw new Error("the database fell over");
    });
    try {
      const before = await rows(tickets);
      const key = newKey();
      const body = { title: "After a failure", details: "", jobId };
      const failed = await post(admin, "/api/staff/tickets", body, key);
      expect(failed.status).toBe(500);
      const retry = await post(admin, "/api/staff/tickets", body, key);
      expect(retry.status).toBe(200);
      expect(retry.headers["idempotent-replayed"]).toBeUndefined();
      expect(await rows(tickets)).toBe(before + 1);
    } finally {
      restore();
    }
  });

  it("PLT-2 a failure after the change was committed is never run again: retries get 409, one row", async () => {
    const restore = interceptNextTransaction(async (real, args) => {
      await real(...args);
      throw new Error("the answer was lost after the commit");
    });
    try {
      const before = await rows(tickets);
      const key = newKey();
      const body = { title: "Committed, answer lost", details: "", jobId };
      const failed = await post(admin, "/api/staff/tickets", body, key);
      expect(failed.status).toBe(500);
      expect(await rows(tickets)).toBe(before + 1);
      const retry = await post(admin, "/api/staff/tickets", body, key);
      expect(retry.status).toBe(409);
      expect(retry.body.message).toMatch(/was carried out/);
      expect(await rows(tickets)).toBe(before + 1);
    } finally {
      restore();
    }
  });

  it("PLT-2 keys belong to one principal: another staff member's or contact's same key is independent", async () => {
    const key = newKey();
    const body = { title: "Same key, two people", details: "", jobId };
    const before = await rows(tickets);
    const mine = await post(admin, "/api/staff/tickets", body, key);
    const theirs = await post(colleague, "/api/staff/tickets", body, key);
    expect(mine.status).toBe(200);
    expect(theirs.status).toBe(200);
    expect(theirs.headers["idempotent-replayed"]).toBeUndefined();
    expect(theirs.body.id).not.toBe(mine.body.id);

    const portalBody = { title: "Same key, two contacts", details: "" };
    const p1 = await post(contact.cookie, "/api/portal/tickets", portalBody, key);
    const p2 = await post(otherContact.cookie, "/api/portal/tickets", portalBody, key);
    expect(p1.status).toBe(200);
    expect(p2.status).toBe(200);
    expect(p2.headers["idempotent-replayed"]).toBeUndefined();
    expect(p2.body.id).not.toBe(p1.body.id);
    expect(await rows(tickets)).toBe(before + 4);
    // Each keeps their own answer.
    expect((await post(colleague, "/api/staff/tickets", body, key)).raw.body).toBe(theirs.raw.body);
    expect((await post(otherContact.cookie, "/api/portal/tickets", portalBody, key)).raw.body).toBe(p2.raw.body);
  });

  it("PLT-1 keys belong to one tenant: the other tenant's staff with the same key get their own create", async () => {
    const key = newKey();
    const mine = await post(admin, "/api/staff/tickets", { title: "Tenant one", details: "", jobId }, key);
    const theirs = await post(otherStaff, "/api/staff/tickets", { title: "Tenant one", details: "", jobId: otherJobId }, key, "other.test");
    expect(mine.status).toBe(200);
    expect(theirs.status).toBe(200);
    expect(theirs.headers["idempotent-replayed"]).toBeUndefined();
    expect(theirs.body.id).not.toBe(mine.body.id);
    const stored = await t.c.deps.db.select({ tenantId: idempotencyKeys.tenantId }).from(idempotencyKeys).where(eq(idempotencyKeys.key, key));
    expect(new Set(stored.map((s) => s.tenantId)).size).toBe(2);
  });

  it("PLT-2 a malformed Idempotency-Key gets 400 naming the header, and nothing is created", async () => {
    const before = await rows(accounts);
    for (const bad of ["", "x".repeat(201), "clé", "tab\there"]) {
      const r = await post(admin, "/api/staff/accounts", { name: "Bad key" }, bad);
      expect(r.status, JSON.stringify(bad)).toBe(400);
      expect(r.body.fields.map((f: { field: string }) => f.field)).toEqual(["headers.idempotency-key"]);
      expect(r.body.message).toMatch(/1 to 200 printable ASCII/);
    }
    expect(await rows(accounts)).toBe(before);
    // The edges are accepted.
    for (const good of ["k", "x".repeat(200), "~ !#$%&'()*+,-./0-9:;<=>?@A-Z[\\]^_`a-z{|}"]) {
      expect((await post(admin, "/api/staff/accounts", { name: "Good key" }, good)).status).toBe(200);
    }
    expect(await rows(accounts)).toBe(before + 3);
  });

  it("PLT-2 a file upload with the same key is stored once", async () => {
    const boundary = "----idempotency-test";
    const payload = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="note.txt"\r\nContent-Type: text/plain\r\n\r\nhello\r\n--${boundary}--\r\n`,
    );
    const before = await rows(attachments);
    const key = newKey();
    const send = () =>
      t.app.inject({
        method: "POST",
        url: `/api/staff/tickets/${staffTicketId}/attachments`,
        headers: { host: "portico.test", "x-portico-csrf": "1", cookie: admin, "content-type": `multipart/form-data; boundary=${boundary}`, [KEY_HEADER]: key },
        payload,
      });
    const first = await send();
    const retry = await send();
    expect(first.statusCode).toBe(200);
    expect(retry.statusCode).toBe(200);
    expect(retry.body).toBe(first.body);
    expect(retry.headers["idempotent-replayed"]).toBe("true");
    expect(await rows(attachments)).toBe(before + 1);
  });

  it("PLT-2 keys are kept 24 hours: the worker's sweep deletes older ones, and an expired key creates anew", async () => {
    const body = { name: "Kept a day" };
    const oldKey = newKey();
    const youngKey = newKey();
    const first = await post(admin, "/api/staff/accounts", body, oldKey);
    expect((await post(admin, "/api/staff/accounts", body, youngKey)).status).toBe(200);
    const stored = (key: string) => t.c.deps.db.select({ key: idempotencyKeys.key }).from(idempotencyKeys).where(eq(idempotencyKeys.key, key));
    // The old key was used a little more than a day ago.
    await t.c.deps.db
      .update(idempotencyKeys)
      .set({ createdAt: sql`${idempotencyKeys.createdAt} - ${`${IDEMPOTENCY_TTL_MS + 60_000} milliseconds`}::interval` })
      .where(eq(idempotencyKeys.key, oldKey));
    const before = await rows(accounts);
    const anew = await post(admin, "/api/staff/accounts", body, oldKey);
    expect(anew.status).toBe(200);
    expect(anew.headers["idempotent-replayed"]).toBeUndefined();
    expect(anew.body.id).not.toBe(first.body.id);
    expect(await rows(accounts)).toBe(before + 1);

    await t.c.deps.db
      .update(idempotencyKeys)
      .set({ createdAt: sql`${idempotencyKeys.createdAt} - ${`${IDEMPOTENCY_TTL_MS + 60_000} milliseconds`}::interval` })
      .where(eq(idempotencyKeys.key, oldKey));
    expect(await stored(oldKey)).toHaveLength(1);
    await t.c.worker.sweep();
    expect(await stored(oldKey)).toHaveLength(0);
    expect(await stored(youngKey)).toHaveLength(1);
  });

  it("PLT-2 the OpenAPI document lists the Idempotency-Key header and its 422 on every creating POST route, and on no other", async () => {
    const doc = (await call(t, "GET", "/api/openapi.json")).body;
    const keyed = new Set([
      "createPortalTicket", "addPortalTicketNote", "uploadPortalAttachment", "createStaffTicket", "addStaffTicketNote", "addTimeEntry",
      "uploadStaffAttachment", "createContact", "grantPortalAccess", "batchGrantPortalAccess", "createAccount", "createJob",
      "createPortalRole", "createLookup", "createStaffUser", "createStaffRole", "addPortalColleague", "sendApprovalRequests", "createContract",
      "createProject", "addProjectPhase", "addProjectTask", "addProjectNote", "uploadProjectFile", "addPortalProjectNote", "uploadPortalProjectFile",
      "createInvoice", "createInvoiceFromApprovals",
    ]);
    // Public creates take no key: sign-up gives the same answer and no new record for a known address, and the
    // first administrator can be created only once.
    const unkeyedCreates = new Set(["createFirstAdministrator", "portalSignup"]);
    const seen: string[] = [];
    for (const ops of Object.values(doc.paths as Record<string, Record<string, { operationId: string; parameters?: { in: string; name: string; required?: boolean; description?: string; schema?: { maxLength?: number } }[]; responses: Record<string, unknown> }>>)) {
      for (const [method, op] of Object.entries(ops)) {
        const header = (op.parameters ?? []).filter((p) => p.in === "header" && p.name.toLowerCase() === "idempotency-key");
        if (!keyed.has(op.operationId)) {
          expect(header, op.operationId).toEqual([]);
          // A new creating route must decide: keyed, or listed here with its reason.
          if (method === "post" && /^(create|add|upload|grant|batchGrant)/.test(op.operationId)) expect(unkeyedCreates.has(op.operationId), op.operationId).toBe(true);
          continue;
        }
        seen.push(op.operationId);
        expect(method).toBe("post");
        expect(header).toHaveLength(1);
        expect(header[0].name).toBe("Idempotency-Key");
        expect(header[0].required).toBe(false);
        expect(header[0].schema?.maxLength).toBe(200);
        expect(header[0].description).toMatch(/same key/);
        expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(["200", "409", "422"]));
      }
    }
    expect(seen.sort()).toEqual([...keyed].sort());
  });

  it("PLT-2 a request without the header works as before: each one creates", async () => {
    const before = await rows(accounts);
    expect((await post(admin, "/api/staff/accounts", { name: "No key" })).status).toBe(200);
    expect((await post(admin, "/api/staff/accounts", { name: "No key" })).status).toBe(200);
    expect(await rows(accounts)).toBe(before + 2);
  });
});
