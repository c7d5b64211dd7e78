import type { Config } from "./config.js";
import type { Db, Tx } from "./db/client.js";
import { AppError } from "./errors.js";
import type { Clock } from "./lib/clock.js";
import type { FileStore } from "./modules/attachments/file-store.js";
import { queuedSomething } from "./modules/email/outbox.repo.js";
import { currentClaim, outsideClaim, recordCommit } from "./modules/idempotency/idempotency.service.js";

/** What every service needs; built once in container.ts. */
export interface Deps {
  db: Db;
  config: Config;
  clock: Clock;
  /** Wakes the outbox worker after a commit that queued a task. */
  onTaskQueued: () => void;
  files: FileStore;
}

/**
 * One transaction per write. A unique-key race becomes a 409, never a 500.
 * In a request that holds an Idempotency-Key, the same transaction marks the key as used for a change.
 */
export async function inTransaction<T>(d: Deps, fn: (tx: Tx) => Promise<T>, conflictMessage = "This conflicts with an existing record"): Promise<T> {
  const claim = currentClaim();
  try {
    let used: Tx | undefined;
    const result = await d.db.transaction(async (tx) => {
      used = tx as Tx;
      const r = await fn(used);
      if (claim) await recordCommit(used, claim);
      return r;
    });
    if (used && queuedSomething(used)) outsideClaim(d.onTaskQueued);
    return result;
  } catch (err) {
    if (pgCode(err) === "23505") throw new AppError("CONFLICT", conflictMessage);
    throw err;
  }
}

export function pgCode(err: unknown): string | undefined {
  let e: unknown = err;
  for (let i = 0; i < 3 && e && typeof e === "object"; i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}
