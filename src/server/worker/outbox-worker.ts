import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import type { FastifyBaseLogger } from "fastify";
import type { Db } from "../db/client.js";
import { type Clock, HOUR } from "../lib/clock.js";
import type { MailTransport } from "../mail/transport.js";
import { claimDueTasks, finishTask, type OutboxRow, releaseLeases, renewLeases } from "../modules/email/outbox.repo.js";
import { deleteExpiredKeys } from "../modules/idempotency/idempotency.repo.js";
import { IDEMPOTENCY_TTL_MS } from "../modules/idempotency/idempotency.service.js";
import { deleteOldWindows } from "../modules/rate-limit/rate-limit.repo.js";
import { deleteExpiredSessions } from "../modules/sessions/sessions.repo.js";
import { SESSION_IDLE_MS } from "../modules/sessions/sessions.service.js";
import { emailAttachments, emailContent } from "./tasks.js";

export const MAX_ATTEMPTS = 8;
/**
 * Longer than one send may take (every SMTP timeout is at most 30 s), renewed every third of it while the
 * worker is busy; so the rows of a worker killed mid-send are due again at most 45 s later.
 */
export const LEASE_MS = 45_000;
/** 30 s, 1 min, 2 min … capped at 1 h. */
export const backoffMs = (attempts: number) => Math.min(30_000 * 2 ** (attempts - 1), HOUR);

export interface OutboxWorkerDeps {
  db: Db;
  transport: MailTransport | null;
  mailFrom: string;
  clock: Clock;
  log?: FastifyBaseLogger;
  /** Emails sent at the same time, so one slow message does not hold back the others. */
  concurrency?: number;
  leaseMs?: number;
  /** At start, hand back every lease: set when this process is the only one the database admits (embedded PGlite). */
  reclaimOnStart?: boolean;
  /** Periodic tasks of other modules (APR-5 approval expiry); each must be safe with several workers at once. */
  sweeps?: { name: string; run: () => Promise<unknown> }[];
}

/** An SMTP answer that will not change on retry (5xx), or a message the server can never take. */
export function isPermanentFailure(err: unknown) {
  const e = err as { responseCode?: number; code?: string };
  return (typeof e?.responseCode === "number" && e.responseCode >= 500 && e.responseCode < 600) || e?.code === "EENVELOPE";
}

const describeError = (err: unknown) => {
  const e = err as { response?: string; message?: string };
  return String(e?.response ?? e?.message ?? err).slice(0, 1000);
};

export function createOutboxWorker(d: OutboxWorkerDeps) {
  const owner = `${hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`;
  const leaseMs = d.leaseMs ?? LEASE_MS;
  const concurrency = d.concurrency ?? 4;
  let stopping = false;

  async function runTask(row: OutboxRow) {
    const rendered = emailContent(row);
    if (!rendered) {
      await finishTask(d.db, row.id, owner, { status: "failed", lastError: `Unknown task ${row.task} v${row.version} or invalid payload` });
      return;
    }
    if (!d.transport) {
      await finishTask(d.db, row.id, owner, { status: "not_sent", lastError: "No SMTP server configured (set SMTP_URL)", rendered });
      return;
    }
    try {
      await d.transport.send({
        from: d.mailFrom,
        to: row.recipient ?? "",
        // A template may name where answers go (APR-1: the approval reply-to address).
        replyTo: (row.payload as { replyTo?: unknown } | null)?.replyTo as string | undefined ?? undefined,
        subject: rendered.subject,
        text: rendered.text,
        html: rendered.html,
        messageId: `<outbox-${row.id}-${row.tenantId}@portico>`,
        // INV-1: files travel in the payload (the invoice PDF as it was issued), never in the stored rendering.
        attachments: emailAttachments(row.payload),
      });
      await finishTask(d.db, row.id, owner, { status: "sent", lastError: null, sentAt: d.clock(), rendered });
    } catch (err) {
      const permanent = isPermanentFailure(err);
      const giveUp = permanent || row.attempts >= MAX_ATTEMPTS;
      d.log?.warn({ outboxId: row.id, attempts: row.attempts, permanent, err: describeError(err) }, "email delivery failed");
      await finishTask(d.db, row.id, owner, {
        status: giveUp ? "failed" : "pending",
        lastError: describeError(err),
        nextAttemptAt: new Date(d.clock().getTime() + backoffMs(row.attempts)),
        rendered,
      });
    }
  }

  const inFlight = new Set<Promise<void>>();
  /** Rows a started worker is sending now; it claims more only into free slots, so one slow send holds back nobody. */
  let sending = 0;

  function claim(batch: number) {
    return stopping ? Promise.resolve([]) : claimDueTasks(d.db, d.clock(), leaseMs, batch, owner);
  }

  /** One heartbeat for the worker, running while any batch is in flight: it renews every lease the worker holds. */
  let heartbeat: NodeJS.Timeout | undefined;

  /** Sends claimed rows, `concurrency` at a time. */
  function send(rows: OutboxRow[]): Promise<void> {
    if (!heartbeat) {
      heartbeat = setInterval(() => {
        renewLeases(d.db, owner, new Date(d.clock().getTime() + leaseMs)).catch((err) => d.log?.warn({ err }, "renewing outbox leases failed"));
      }, Math.max(leaseMs / 3, 50));
      heartbeat.unref();
    }
    const queue = [...rows];
    const lane = async () => {
      for (let row = queue.shift(); row && !stopping; row = queue.shift()) {
        await runTask(row).catch((err) => d.log?.error({ err, outboxId: row?.id }, "outbox task failed"));
      }
    };
    const run = Promise.all(Array.from({ length: Math.min(concurrency, rows.length) }, lane)).then(() => undefined);
    inFlight.add(run);
    return run.finally(() => {
      inFlight.delete(run);
      if (inFlight.size === 0) {
        clearInterval(heartbeat);
        heartbeat = undefined;
      }
    });
  }

  /** Claims what is due (up to `batch`) and sends it; returns how many rows it claimed. */
  async function runOnce(batch = 20): Promise<number> {
    const rows = await claim(batch);
    if (rows.length > 0) await send(rows);
    return rows.length;
  }

  async function sweep() {
    const now = d.clock();
    await deleteExpiredSessions(d.db, now, new Date(now.getTime() - SESSION_IDLE_MS));
    await deleteOldWindows(d.db, new Date(now.getTime() - 2 * HOUR));
    await deleteExpiredKeys(d.db, new Date(now.getTime() - IDEMPOTENCY_TTL_MS));
    for (const s of d.sweeps ?? []) await s.run().catch((err) => d.log?.error({ err, sweep: s.name }, "sweep failed"));
  }

  let timer: NodeJS.Timeout | undefined;
  let current: Promise<void> | undefined;
  let ticks = 0;
  // A nudge that arrives while a tick runs must not be lost: the running tick looks again before it ends.
  let again = false;
  function tick() {
    if (stopping) return current;
    if (current) {
      again = true;
      return current;
    }
    const run = (async () => {
      try {
        do {
          again = false;
          while (!stopping && sending < concurrency) {
            const rows = await claim(concurrency - sending);
            if (rows.length === 0) break;
            sending += rows.length;
            // Not awaited: the next claim fills the free slots; each finished batch looks for more.
            void send(rows).finally(() => {
              sending -= rows.length;
              if (!stopping) void tick();
            });
          }
          if (ticks++ % 300 === 0) await sweep();
        } while (again && !stopping);
      } catch (err) {
        d.log?.error({ err }, "outbox worker tick failed");
      }
    })();
    // Cleared from a callback, which runs after this assignment even when the tick had nothing to wait for.
    current = run.finally(() => {
      current = undefined;
    });
    return current;
  }

  return {
    owner,
    runOnce,
    sweep,
    /** Wakes a started worker now (after a commit that queued something) instead of at the next poll. */
    nudge: () => {
      if (timer && !stopping) void tick();
    },
    start(intervalMs = 1000) {
      stopping = false;
      timer = setInterval(tick, intervalMs);
      timer.unref();
      if (!d.reclaimOnStart) return void tick();
      current = releaseLeases(d.db, null, d.clock())
        .then((n) => {
          if (n > 0) d.log?.info({ released: n }, "outbox rows left claimed by an earlier run are due again");
        })
        .catch((err) => d.log?.error({ err }, "handing back earlier leases failed"))
        .finally(() => {
          current = undefined;
          if (!stopping) void tick();
        });
    },
    /**
     * Stops claiming, lets the sends in flight finish for up to `graceMs`, then hands back every row
     * it still holds so another worker (or the next start) sends them at once.
     */
    async stop(graceMs = 5_000) {
      stopping = true;
      if (timer) clearInterval(timer);
      timer = undefined;
      const busy = [...inFlight, ...(current ? [current] : [])];
      if (busy.length) await Promise.race([Promise.allSettled(busy), new Promise((r) => setTimeout(r, graceMs).unref())]);
      const released = await releaseLeases(d.db, owner, d.clock()).catch((err) => {
        d.log?.error({ err }, "handing back outbox leases failed");
        return 0;
      });
      if (released > 0) d.log?.info({ released }, "outbox rows handed back");
    },
  };
}
export type OutboxWorker = ReturnType<typeof createOutboxWorker>;
