/**
 * Idempotency keys: a create retried with the same `Idempotency-Key` (same tenant, principal, method and route)
 * gets the first answer and creates nothing new.
 *
 * Why a claim row and not the answer in the create's own transaction: the answer is the presented resource, built
 * by each service after its transaction (and by the route's serializer), so putting it inside that transaction would
 * reshape every service. Instead the key is claimed in its own statement before the handler (the unique key makes
 * a concurrent twin see the claim and get 409), and every write transaction the request commits also marks the claim
 * "committed" inside that same transaction (see inTransaction in deps.ts). So the database always knows whether the
 * request changed anything:
 * - a 2xx answer: stored as final (before it is sent, so a retry that follows it gets it);
 * - 4xx or 5xx and nothing committed: the claim is given back, a retry (perhaps after fixing the request) runs afresh;
 * - 4xx after a commit: stored as final, since running it again would not be the same request;
 * - 5xx after a commit (or a crash between commit and storing the answer): nothing is stored, and retries get 409
 *   saying the change was made — never a second create;
 * - a claim whose process died before committing is taken over once its lease runs out; if the old owner was only
 *   slow, its commit then finds the claim gone and rolls back, so only one of them ever creates.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { createHash, randomUUID } from "node:crypto";
import type { Deps } from "../../deps.js";
import type { Executor } from "../../db/client.js";
import { AppError, conflict } from "../../errors.js";
import { HOUR } from "../../lib/clock.js";
import type { Repos } from "../../repos.js";
import { type ClaimInput, markCommitted } from "./idempotency.repo.js";

/** How long a key and its answer are kept. */
export const IDEMPOTENCY_TTL_MS = 24 * HOUR;
/** How long a claim with nothing committed blocks its twins before it counts as abandoned (its process died). */
export const CLAIM_LEASE_MS = 60_000;

/** What a request holding a key carries while its handler runs. */
export interface KeyClaim {
  tenantId: string;
  claimToken: string;
  /** False once the handler has returned: work it left running must not write under its key. */
  open: boolean;
}

const running = new AsyncLocalStorage<KeyClaim>();

/** Runs a route handler with its claim in reach of inTransaction. */
export function runUnderClaim<T>(claim: KeyClaim | undefined, fn: () => T): T {
  return claim ? running.run(claim, fn) : fn();
}

/** Work started from a request (a worker nudge) that must not count as the request's writes. */
export const outsideClaim = <T>(fn: () => T): T => running.exit(fn);

export function currentClaim(): KeyClaim | undefined {
  const claim = running.getStore();
  return claim?.open ? claim : undefined;
}

/** Called by inTransaction as the last statement of each write transaction of a request holding a key. */
export async function recordCommit(tx: Executor, claim: KeyClaim) {
  if (!(await markCommitted(tx, claim.tenantId, claim.claimToken))) {
    throw conflict("A later retry with this Idempotency-Key took over; this request changed nothing");
  }
}

/** Key order does not change the request. */
function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === "object" && !(v instanceof Date)) {
    return Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical((v as Record<string, unknown>)[k])]));
  }
  return v;
}

/** The validated path values, query and body (a multipart upload's file is not part of it: it is read by the handler). */
export function requestHash(parts: { params: unknown; query: unknown; body: unknown }) {
  return createHash("sha256").update(JSON.stringify(canonical(parts)) ?? "").digest("hex");
}

export type KeyedRequest = Omit<ClaimInput, "claimToken"> & { tenantId: string };

export type ClaimResult = { kind: "claimed"; claim: KeyClaim } | { kind: "replay"; status: number; body: string };

export class KeyBusyError extends AppError {}
const keyBusy = () => new KeyBusyError("CONFLICT", "A request with this Idempotency-Key is still being processed. Retry in a moment.");

export function createIdempotencyService(d: Deps, { idempotency: { claimKey, releaseClaim, storeAnswer } }: Pick<Repos, "idempotency">) {
  /** Claims the key, or answers a retry: the stored answer, 422 for another request under the same key, 409 while unsettled. */
  async function claimIdempotencyKey(r: KeyedRequest): Promise<ClaimResult> {
    const now = d.clock();
    const claimToken = randomUUID();
    // A claim given back between our insert and our read leaves no row: try again.
    const { tenantId, ...keyed } = r;
    for (let attempt = 0; attempt < 3; attempt++) {
      const res = await claimKey(d.db, tenantId, { ...keyed, claimToken }, now, new Date(now.getTime() + CLAIM_LEASE_MS), new Date(now.getTime() - IDEMPOTENCY_TTL_MS));
      if (res.claimed) return { kind: "claimed", claim: { tenantId, claimToken, open: true } };
      const row = res.row;
      if (!row) continue;
      if (row.method !== r.method || row.route !== r.route || row.requestHash !== r.requestHash) {
        throw new AppError(
          "IDEMPOTENCY_KEY_REUSED",
          "This Idempotency-Key was already used for a different request (another route or body). Send a new key for a new request.",
        );
      }
      if (row.state === "done" && row.responseStatus !== null && row.responseBody !== null) {
        return { kind: "replay", status: row.responseStatus, body: row.responseBody };
      }
      // Committed and over, its answer never stored: the server failed or stopped after the change was made.
      if (row.state === "committed" && row.lockedUntil.getTime() <= now.getTime()) {
        throw conflict("The request with this Idempotency-Key was carried out, but its answer was not kept. Look up the result instead of retrying.");
      }
      throw keyBusy();
    }
    throw keyBusy();
  }

  /** After the answer is ready: keep it as the key's answer, or give the key back (see the top of this file). */
  async function settleIdempotencyKey(claim: KeyClaim, status: number, body: string | null) {
    claim.open = false;
    if (status >= 200 && status < 300 && body !== null) {
      await storeAnswer(d.db, claim.tenantId, claim.claimToken, status, body, false);
      return;
    }
    if (status < 500 && body !== null && (await storeAnswer(d.db, claim.tenantId, claim.claimToken, status, body, true))) return;
    await releaseClaim(d.db, claim.tenantId, claim.claimToken, d.clock());
  }

  return { claimIdempotencyKey, settleIdempotencyKey };
}
export type IdempotencyService = ReturnType<typeof createIdempotencyService>;
