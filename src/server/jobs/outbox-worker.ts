import type { FastifyBaseLogger } from "fastify";
import type { Db } from "../db/client.js";
import { type Clock, HOUR, MINUTE } from "../lib/clock.js";
import type { MailTransport } from "../mail/transport.js";
import { claimDueEmails, finishEmail } from "../modules/email/outbox.repo.js";
import { deleteOldWindows } from "../modules/rate-limit/rate-limit.repo.js";
import { deleteExpiredSessions } from "../modules/sessions/sessions.repo.js";
import { SESSION_IDLE_MS } from "../modules/sessions/sessions.service.js";

export const MAX_ATTEMPTS = 8;
const LEASE_MS = 5 * MINUTE;
/** 30 s, 1 min, 2 min … capped at 1 h. */
export const backoffMs = (attempts: number) => Math.min(30_000 * 2 ** (attempts - 1), HOUR);

export interface OutboxWorkerDeps {
  db: Db;
  transport: MailTransport | null;
  mailFrom: string;
  clock: Clock;
  log?: FastifyBaseLogger;
}

export function createOutboxWorker(d: OutboxWorkerDeps) {
  /** Sends what is due; returns how many rows it handled. */
  async function runOnce(batch = 20): Promise<number> {
    const rows = await claimDueEmails(d.db, d.clock(), LEASE_MS, batch);
    for (const row of rows) {
      if (!d.transport) {
        await finishEmail(d.db, row.id, { status: "not_sent", lastError: "No SMTP server configured (set SMTP_URL)" });
        continue;
      }
      try {
        await d.transport.send({
          from: d.mailFrom,
          to: row.recipient,
          subject: row.subject,
          text: row.textBody,
          html: row.htmlBody,
          messageId: `<outbox-${row.id}-${row.tenantId}@portico>`,
        });
        await finishEmail(d.db, row.id, { status: "sent", lastError: null, sentAt: d.clock() });
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        const giveUp = row.attempts >= MAX_ATTEMPTS;
        d.log?.warn({ outboxId: row.id, attempts: row.attempts, err: message }, "email delivery failed");
        await finishEmail(d.db, row.id, {
          status: giveUp ? "failed" : "pending",
          lastError: message.slice(0, 1000),
          nextAttemptAt: new Date(d.clock().getTime() + backoffMs(row.attempts)),
        });
      }
    }
    return rows.length;
  }

  async function sweep() {
    const now = d.clock();
    await deleteExpiredSessions(d.db, now, new Date(now.getTime() - SESSION_IDLE_MS));
    await deleteOldWindows(d.db, new Date(now.getTime() - 2 * HOUR));
  }

  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let ticks = 0;
  async function tick() {
    if (running) return;
    running = true;
    try {
      while ((await runOnce()) > 0) {}
      if (ticks++ % 300 === 0) await sweep();
    } catch (err) {
      d.log?.error({ err }, "outbox worker tick failed");
    } finally {
      running = false;
    }
  }

  return {
    runOnce,
    sweep,
    /** Wakes the worker now (after a commit that queued email) instead of at the next poll. */
    nudge: () => void tick(),
    start(intervalMs = 1000) {
      timer = setInterval(tick, intervalMs);
      timer.unref();
      void tick();
    },
    async stop() {
      if (timer) clearInterval(timer);
      while (running) await new Promise((r) => setTimeout(r, 20));
    },
  };
}
export type OutboxWorker = ReturnType<typeof createOutboxWorker>;
