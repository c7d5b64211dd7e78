import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createOutboxWorker } from "../../src/server/jobs/outbox-worker.js";
import { enqueueEmail } from "../../src/server/modules/email/outbox.repo.js";
import { call, createTestApp, makeAccount, makeContact, PORTAL_PASSWORD, staffLogin, type TestApp } from "../harness.js";

interface Received {
  to: string;
  subject: string;
  text: string;
}

/** A real SMTP server on a free port; it keeps what it receives. */
async function startSmtp(opts: { failFirst?: number } = {}) {
  const received: Received[] = [];
  let failures = opts.failFirst ?? 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    onData(stream, _session, cb) {
      simpleParser(stream).then((mail) => {
        if (failures > 0) {
          failures--;
          const err = new Error("451 try again later") as Error & { responseCode: number };
          err.responseCode = 451;
          return cb(err);
        }
        received.push({ to: (mail.to as { text: string }).text, subject: mail.subject ?? "", text: mail.text ?? "" });
        cb();
      }, cb);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.server.address() as { port: number }).port;
  return { received, url: `smtp://127.0.0.1:${port}`, close: () => new Promise<void>((r) => server.close(() => r())) };
}

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

describe("PLT-3 email through the outbox and SMTP", () => {
  it("PLT-3 ACC-3 a real SMTP server receives the activation email and the link in it works", async () => {
    const staff = await staffLogin(t);
    const a = await makeAccount(t, staff);
    const c = await makeContact(t, staff, [a.id], { email: "smtp.person@client.test" });
    await call(t, "POST", `/api/staff/contacts/${c.id}/portal-access`, { cookie: staff, body: {} });
    // The commit wakes the worker; wait for the message to arrive.
    await t.c.worker.runOnce();
    const mail = await vi.waitFor(() => {
      const m = smtp.received.find((x) => x.to === "smtp.person@client.test");
      if (!m) throw new Error("not yet received");
      return m;
    });
    expect(mail?.subject).toMatch(/Activate/);
    const link = /http:\/\/portico\.test\/portal\/set-password\?token=([\w-]+)/.exec(mail!.text);
    expect(link).not.toBeNull();
    expect((await call(t, "POST", "/api/portal/auth/set-password", { body: { token: link![1], password: PORTAL_PASSWORD } })).status).toBe(200);
    expect((await call(t, "POST", "/api/portal/auth/login", { body: { username: c.email, password: PORTAL_PASSWORD } })).status).toBe(200);
    await vi.waitFor(async () => {
      const log = await call(t, "GET", "/api/staff/emails?q=smtp.person", { cookie: staff });
      expect(log.body.items[0]).toMatchObject({ status: "sent", attempts: 1, lastError: null });
    });
  });

  it("PLT-3 two workers on one database never send the same row", async () => {
    for (let i = 0; i < 30; i++) {
      await enqueueEmail(t.c.deps.db, t.tenantId, { to: `bulk${i}@client.test`, template: "test", subject: `Bulk ${i}`, text: "x", html: "<p>x</p>" }, t.clock.read());
    }
    const sent: string[] = [];
    const slowTransport = {
      async send(m: { to: string }) {
        sent.push(m.to);
        await new Promise((r) => setTimeout(r, 5));
      },
      close() {},
    };
    const w1 = createOutboxWorker({ db: t.c.deps.db, transport: slowTransport, mailFrom: "x@portico.test", clock: t.clock.read });
    const w2 = createOutboxWorker({ db: t.c.deps.db, transport: slowTransport, mailFrom: "x@portico.test", clock: t.clock.read });
    const drain = async (w: typeof w1) => {
      while ((await w.runOnce(3)) > 0) {}
    };
    await Promise.all([drain(w1), drain(w2)]);
    const bulk = sent.filter((s) => s.startsWith("bulk"));
    expect(bulk).toHaveLength(30);
    expect(new Set(bulk).size).toBe(30);
  });

  it("PLT-3 a failed delivery is retried with backoff and recorded", async () => {
    const flaky = await startSmtp({ failFirst: 1 });
    const w = createOutboxWorker({ db: t.c.deps.db, transport: (await import("../../src/server/mail/transport.js")).createSmtpTransport(flaky.url), mailFrom: "x@portico.test", clock: t.clock.read });
    await enqueueEmail(t.c.deps.db, t.tenantId, { to: "retry@client.test", template: "test", subject: "Retry", text: "x", html: "<p>x</p>" }, t.clock.read());
    await w.runOnce();
    const staff = await staffLogin(t);
    const first = (await call(t, "GET", "/api/staff/emails?q=retry@", { cookie: staff })).body.items[0];
    expect(first).toMatchObject({ status: "pending", attempts: 1 });
    expect(first.lastError).toMatch(/451/);
    expect(await w.runOnce()).toBe(0); // not due yet
    t.clock.advance(31_000);
    await w.runOnce();
    const second = (await call(t, "GET", "/api/staff/emails?q=retry@", { cookie: staff })).body.items[0];
    expect(second).toMatchObject({ status: "sent", attempts: 2 });
    expect(flaky.received).toHaveLength(1);
    await flaky.close();
  });

  it("PLT-3 without SMTP the email stays in the outbox marked as not sent, readable in the email log", async () => {
    const local = await createTestApp();
    try {
      const staff = await staffLogin(local);
      const a = await makeAccount(local, staff);
      const c = await makeContact(local, staff, [a.id]);
      await call(local, "POST", `/api/staff/contacts/${c.id}/portal-access`, { cookie: staff, body: {} });
      await local.c.worker.runOnce();
      const log = await vi.waitFor(async () => {
        const l = await call(local, "GET", "/api/staff/emails", { cookie: staff });
        expect(l.body.items[0]).toMatchObject({ status: "not_sent", recipient: c.email });
        return l;
      });
      expect(log.body.items[0].lastError).toMatch(/SMTP_URL/);
      const detail = await call(local, "GET", `/api/staff/emails/${log.body.items[0].id}`, { cookie: staff });
      expect(detail.body.textBody).toMatch(/set-password\?token=/);
    } finally {
      await local.close();
    }
  });
});
