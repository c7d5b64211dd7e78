import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createContainer } from "../../src/server/container.js";
import { loadConfig } from "../../src/server/config.js";
import type { MailTransport } from "../../src/server/mail/transport.js";
import { createSmtpTransport } from "../../src/server/mail/transport.js";
import { claimDueTasks, queueEmail } from "../../src/server/modules/email/outbox.repo.js";
import { createOutboxWorker, LEASE_MS } from "../../src/server/worker/outbox-worker.js";
import { startSmtp } from "../smtp.js";
import { call, createTestApp, freshDatabase, makeAccount, makeContact, PORTAL_PASSWORD, staffLogin, type TestApp } from "../harness.js";

let smtp: Awaited<ReturnType<typeof startSmtp>>;
let t: TestApp;
beforeAll(async () => {
  smtp = await startSmtp();
  t = await createTestApp({ smtpUrl: smtp.url });
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

const queue = (app: TestApp, to: string) =>
  queueEmail(app.c.deps.db, app.tenantId, "ticket_activity", { to, portalName: "Portal", number: 1, title: `For ${to}`, account: "", headline: "News", text: "x", link: "http://portico.test/" }, app.clock.read());

async function outboxRow(app: TestApp, recipient: string) {
  const r = (await app.c.deps.db.execute(
    sql`select status, attempts, last_error as "lastError", locked_by as "lockedBy", subject from outbox where recipient = ${recipient}`,
  )) as unknown as { rows: { status: string; attempts: number; lastError: string | null; lockedBy: string | null; subject: string | null }[] };
  expect(r.rows, `one outbox row to ${recipient}`).toHaveLength(1);
  return r.rows[0];
}

const recording = (sent: string[], delayMs = 0): MailTransport => ({
  async send(m) {
    if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
    sent.push(m.to);
  },
  close() {},
});

const workerOf = (app: TestApp, transport: MailTransport | null, more: { leaseMs?: number; concurrency?: number } = {}) =>
  createOutboxWorker({ db: app.c.deps.db, transport, mailFrom: "x@portico.test", clock: app.clock.read, ...more });

describe("PLT-3 email through the outbox and SMTP", () => {
  it("PLT-3 ACC-3 a real SMTP server receives the activation email and the link in it works", async () => {
    const staff = await staffLogin(t);
    const a = await makeAccount(t, staff);
    const c = await makeContact(t, staff, [a.id], { email: "smtp.person@client.test" });
    await call(t, "POST", `/api/staff/contacts/${c.id}/portal-access`, { cookie: staff, body: {} });
    expect(await t.c.worker.runOnce()).toBe(1);
    const mail = smtp.received.find((x) => x.to === "smtp.person@client.test");
    expect(mail?.subject).toMatch(/Activate/);
    const link = /http:\/\/portico\.test\/portal\/set-password\?token=([\w-]+)/.exec(mail?.text ?? "");
    expect(link).not.toBeNull();
    expect((await call(t, "POST", "/api/portal/auth/set-password", { body: { token: link![1], password: PORTAL_PASSWORD } })).status).toBe(200);
    expect((await call(t, "POST", "/api/portal/auth/login", { body: { username: c.email, password: PORTAL_PASSWORD } })).status).toBe(200);
    const log = await call(t, "GET", "/api/staff/emails?q=smtp.person", { cookie: staff });
    expect(log.body.items).toHaveLength(1);
    expect(log.body.items[0]).toMatchObject({ status: "sent", attempts: 1, lastError: null, subject: mail?.subject, template: "activation" });
  });

  it("PLT-3 the email is rendered by the worker from the queued facts, and the log shows what was sent", async () => {
    await queue(t, "render@client.test");
    const before = await outboxRow(t, "render@client.test");
    expect(before.subject, "nothing is rendered inside the request's transaction").toBeNull();
    const staff = await staffLogin(t);
    const pending = (await call(t, "GET", "/api/staff/emails?q=render@", { cookie: staff })).body.items[0];
    expect(pending).toMatchObject({ status: "pending", subject: "[#1] For render@client.test" });
    await workerOf(t, recording([])).runOnce();
    expect(await outboxRow(t, "render@client.test")).toMatchObject({ status: "sent", subject: "[#1] For render@client.test", lockedBy: null });
  });

  it("PLT-3 two workers on one database never send the same row", async () => {
    for (let i = 0; i < 30; i++) await queue(t, `bulk${i}@client.test`);
    const sent: string[] = [];
    const w1 = workerOf(t, recording(sent, 5));
    const w2 = workerOf(t, recording(sent, 5));
    const drain = async (w: typeof w1) => {
      while ((await w.runOnce(3)) > 0) {}
    };
    await Promise.all([drain(w1), drain(w2)]);
    const bulk = sent.filter((s) => s.startsWith("bulk"));
    expect(bulk).toHaveLength(30);
    expect(new Set(bulk).size).toBe(30);
  });

  it("PLT-3 a failed delivery is retried with backoff and recorded", async () => {
    const flaky = await startSmtp({ failFirstTo: "retry@client.test" });
    const transport = createSmtpTransport(flaky.url);
    try {
      const w = workerOf(t, transport);
      await queue(t, "retry@client.test");
      await w.runOnce();
      const first = await outboxRow(t, "retry@client.test");
      expect(first).toMatchObject({ status: "pending", attempts: 1 });
      expect(first.lastError).toMatch(/451/);
      await w.runOnce();
      expect(await outboxRow(t, "retry@client.test"), "not due again before its backoff").toMatchObject({ status: "pending", attempts: 1 });
      t.clock.advance(31_000);
      await w.runOnce();
      expect(await outboxRow(t, "retry@client.test")).toMatchObject({ status: "sent", attempts: 2 });
      expect(flaky.received.filter((r) => r.to === "retry@client.test")).toHaveLength(1);
    } finally {
      t.clock.advance(-31_000);
      transport?.close();
      await flaky.close();
    }
  });

  it("PLT-3 a permanent refusal (5xx) marks the email failed at once with the server's answer", async () => {
    const strict = await startSmtp({ reject: (to) => (to.startsWith("nobody") ? 550 : null), refuseData: (to) => (to.startsWith("spam") ? 554 : null) });
    const transport = createSmtpTransport(strict.url);
    try {
      await queue(t, "nobody@client.test");
      await queue(t, "somebody@client.test");
      await queue(t, "spam@client.test");
      await workerOf(t, transport).runOnce();
      const spam = await outboxRow(t, "spam@client.test");
      expect(spam).toMatchObject({ status: "failed", attempts: 1 });
      expect(spam.lastError).toMatch(/554 5\.7\.1 message refused/);
      const refused = await outboxRow(t, "nobody@client.test");
      expect(refused).toMatchObject({ status: "failed", attempts: 1 });
      expect(refused.lastError).toMatch(/550 5\.1\.1 <nobody@client\.test>: mailbox unavailable/);
      expect(await outboxRow(t, "somebody@client.test")).toMatchObject({ status: "sent" });
      const staff = await staffLogin(t);
      const log = (await call(t, "GET", "/api/staff/emails?q=nobody@", { cookie: staff })).body.items[0];
      expect(log).toMatchObject({ status: "failed" });
      expect(log.lastError).toMatch(/550/);
    } finally {
      transport?.close();
      await strict.close();
    }
  });

  it("PLT-3 a server that stops answering is cut off by the timeout and does not hold back other emails", async () => {
    const hanging = await startSmtp({ hang: (to) => to.startsWith("hang") });
    const transport = createSmtpTransport(hanging.url, 2_000);
    try {
      await queue(t, "hang@client.test");
      await queue(t, "after-hang@client.test");
      const w = workerOf(t, transport);
      const started = Date.now();
      const running = w.runOnce();
      // The later email goes out while the hanging one still waits for its answer.
      await vi.waitFor(() => expect(hanging.received.map((r) => r.to)).toContain("after-hang@client.test"), { timeout: 1_500, interval: 20 });
      await running;
      expect(Date.now() - started, "the hanging send is given up within the timeout").toBeLessThan(10_000);
      const hung = await outboxRow(t, "hang@client.test");
      expect(hung).toMatchObject({ status: "pending", attempts: 1 });
      expect(hung.lastError).toMatch(/timeout|timed out/i);
    } finally {
      transport?.close();
      await hanging.close();
    }
  });

  it("PLT-3 delivery failures reach the process's logger, with the row and the server's answer", async () => {
    const strict = await startSmtp({ reject: () => 550 });
    const transport = createSmtpTransport(strict.url);
    const warnings: { obj: Record<string, unknown>; msg: string }[] = [];
    const log = { warn: (obj: Record<string, unknown>, msg: string) => warnings.push({ obj, msg }), error() {}, info() {} } as unknown as Parameters<typeof createOutboxWorker>[0]["log"];
    try {
      await queue(t, "logged@client.test");
      await createOutboxWorker({ db: t.c.deps.db, transport, mailFrom: "x@portico.test", clock: t.clock.read, log }).runOnce();
      const w = warnings.find((x) => x.msg === "email delivery failed");
      expect(w?.obj).toMatchObject({ permanent: true });
      expect(String(w?.obj.err)).toMatch(/550/);
    } finally {
      transport?.close();
      await strict.close();
    }
  });

  it("PLT-3 a worker that dies holding a lease: the email goes out once, when the lease runs out, and the dead worker's late answer changes nothing", async () => {
    await queue(t, "orphan@client.test");
    const dead = await claimDueTasks(t.c.deps.db, t.clock.read(), LEASE_MS, 100, "dead-worker");
    expect(dead.map((r) => r.recipient)).toContain("orphan@client.test");
    const sent: string[] = [];
    const survivor = workerOf(t, recording(sent));
    await survivor.runOnce();
    expect(sent, "the lease still holds").not.toContain("orphan@client.test");
    t.clock.advance(LEASE_MS + 1000);
    try {
      await survivor.runOnce();
      await survivor.runOnce();
    } finally {
      t.clock.advance(-(LEASE_MS + 1000));
    }
    expect(sent.filter((s) => s === "orphan@client.test")).toHaveLength(1);
    expect(LEASE_MS, "a restarted worker picks up a killed worker's emails within a minute").toBeLessThanOrEqual(60_000);
    const { finishTask } = await import("../../src/server/modules/email/outbox.repo.js");
    const row = dead.find((r) => r.recipient === "orphan@client.test")!;
    expect(await finishTask(t.c.deps.db, row.id, "dead-worker", { status: "failed", lastError: "late" })).toBe(false);
    expect(await outboxRow(t, "orphan@client.test")).toMatchObject({ status: "sent", lastError: null });
  });

  it("PLT-3 a busy worker renews its lease, so a long send is not taken over by another worker", async () => {
    await queue(t, "slow@client.test");
    const sentA: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const slow: MailTransport = {
      async send(m) {
        await gate;
        sentA.push(m.to);
      },
      close() {},
    };
    // Both workers read the wall clock here: renewals are timer-driven, and the lease must really run out.
    const wall = () => new Date();
    const a = createOutboxWorker({ db: t.c.deps.db, transport: slow, mailFrom: "x@portico.test", clock: wall, leaseMs: 300 });
    const running = a.runOnce();
    const sentB: string[] = [];
    const b = createOutboxWorker({ db: t.c.deps.db, transport: recording(sentB), mailFrom: "x@portico.test", clock: wall });
    for (let i = 0; i < 5; i++) {
      await new Promise((r) => setTimeout(r, 150));
      await b.runOnce();
    }
    release();
    await running;
    expect(sentB).not.toContain("slow@client.test");
    // Other tests' rows may be due on the wall clock too; this one was sent once, by the worker that held it.
    expect(sentA.filter((to) => to === "slow@client.test")).toEqual(["slow@client.test"]);
  });

  it("PLT-3 stopping a worker hands back the emails it holds: due again at once, the attempt not counted", async () => {
    for (let i = 0; i < 6; i++) await queue(t, `held${i}@client.test`);
    const sent: string[] = [];
    const w = workerOf(t, recording(sent, 200), { concurrency: 1 });
    const running = w.runOnce();
    await vi.waitFor(() => expect(sent.length).toBeGreaterThanOrEqual(1), { timeout: 5_000, interval: 20 });
    await w.stop(2_000);
    await running;
    const held = sent.filter((s) => s.startsWith("held"));
    expect(held.length).toBeLessThan(6);
    const rest: string[] = [];
    await workerOf(t, recording(rest)).runOnce();
    expect([...held, ...rest.filter((s) => s.startsWith("held"))].sort()).toEqual(Array.from({ length: 6 }, (_, i) => `held${i}@client.test`));
    for (const to of rest.filter((s) => s.startsWith("held"))) expect(await outboxRow(t, to)).toMatchObject({ status: "sent", attempts: 1 });
  });

  it("PLT-3 without SMTP the email stays in the outbox marked as not sent, readable in the email log", async () => {
    const local = await createTestApp();
    try {
      const staff = await staffLogin(local);
      const a = await makeAccount(local, staff);
      const c = await makeContact(local, staff, [a.id]);
      await call(local, "POST", `/api/staff/contacts/${c.id}/portal-access`, { cookie: staff, body: {} });
      expect(await local.c.worker.runOnce()).toBe(1);
      const log = await call(local, "GET", "/api/staff/emails", { cookie: staff });
      expect(log.body.items[0]).toMatchObject({ status: "not_sent", recipient: c.email });
      expect(log.body.items[0].lastError).toMatch(/SMTP_URL/);
      const detail = await call(local, "GET", `/api/staff/emails/${log.body.items[0].id}`, { cookie: staff });
      expect(detail.body.textBody).toMatch(/set-password\?token=/);
    } finally {
      await local.close();
    }
  });
});

describe("PLT-3 who sends", () => {
  /** A container of its own, as `npm start` builds it, delivering to `smtpUrl`; its worker is not started. */
  async function ownInstance(smtpUrl: string) {
    const config = loadConfig({ PUBLIC_URL: "http://portico.test", SMTP_URL: smtpUrl, MAIL_FROM: "portal@portico.test", DATA_DIR: t.c.deps.config.DATA_DIR } as NodeJS.ProcessEnv);
    const c = await createContainer(config, { database: await freshDatabase() });
    const tenant = await c.services.tenants.ensureDefaultTenant();
    const { inTransaction } = await import("../../src/server/deps.js");
    const queueOne = (to: string) =>
      inTransaction(c.deps, (tx) =>
        queueEmail(tx, tenant.id, "ticket_activity", { to, portalName: "P", number: 1, title: "T", account: "", headline: "H", text: "", link: "http://x/" }, new Date()),
      );
    return { c, queueOne };
  }

  it("PLT-3 an instance started as --role=web never sends email; a started worker is woken by a commit that queued one", async () => {
    const received = await startSmtp();
    const { c, queueOne } = await ownInstance(received.url);
    try {
      await queueOne("web-role@client.test");
      await new Promise((r) => setTimeout(r, 300));
      expect(received.received, "a web-only instance does not deliver").toHaveLength(0);

      c.worker.start(60_000); // one tick now, then only nudges within the test's time
      await vi.waitFor(() => expect(received.received.map((r) => r.to)).toContain("web-role@client.test"), { timeout: 5_000, interval: 20 });
      await queueOne("nudged@client.test");
      await vi.waitFor(() => expect(received.received.map((r) => r.to)).toContain("nudged@client.test"), { timeout: 5_000, interval: 20 });
    } finally {
      await c.close();
      await received.close();
    }
  });

  it("PLT-3 while a started worker waits on a hanging send, an email queued later still goes out at once", async () => {
    const smtp = await startSmtp({ hang: (to) => to.startsWith("hang") });
    const { c, queueOne } = await ownInstance(smtp.url);
    try {
      c.worker.start(60_000);
      await queueOne("hang@client.test");
      await vi.waitFor(() => expect(smtp.hung).toContain("hang@client.test"), { timeout: 5_000, interval: 20 });
      await queueOne("later@client.test");
      // The SMTP timeouts are 30 s: the later email must not wait for the hanging one to give up.
      await vi.waitFor(() => expect(smtp.received.map((r) => r.to)).toContain("later@client.test"), { timeout: 3_000, interval: 20 });
    } finally {
      await c.close();
      await smtp.close();
    }
  });

  it("PLT-3 a transaction that queued nothing does not wake the worker", async () => {
    const { inTransaction } = await import("../../src/server/deps.js");
    let woken = 0;
    const deps = { ...t.c.deps, onTaskQueued: () => woken++ };
    await inTransaction(deps, async (tx) => {
      await tx.execute(sql`select 1`);
    });
    expect(woken).toBe(0);
    try {
      await inTransaction(deps, (tx) =>
        queueEmail(tx, t.tenantId, "ticket_activity", { to: "woken@client.test", portalName: "P", number: 1, title: "T", account: "", headline: "H", text: "", link: "http://x/" }, t.clock.read()),
      );
      expect(woken).toBe(1);
    } finally {
      // Other tests of this file count what a worker claims: leave nothing due behind.
      await t.c.deps.db.execute(sql`delete from outbox where recipient = 'woken@client.test'`);
    }
  });
});
