import { index, integer, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { tenantIdColumn } from "./tenants.js";

/**
 * processing: claimed, no write of the request has committed yet (a crashed owner's claim is taken over after its lease);
 * committed: a write transaction of the request committed (set inside that transaction), its answer is not stored yet;
 * done: the first answer is stored and every retry gets it.
 */
export const idempotencyStates = ["processing", "committed", "done"] as const;
export type IdempotencyState = (typeof idempotencyStates)[number];

/** One `Idempotency-Key` of one principal: the request it was first used for and the answer it got. Kept 24 h. */
export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    tenantId: tenantIdColumn(),
    /** "staff" or "contact": the ids come from two tables, so the kind is part of who the principal is. */
    principalKind: text("principal_kind").$type<"staff" | "contact">().notNull(),
    principalId: uuid("principal_id").notNull(),
    key: text("key").notNull(),
    method: text("method").notNull(),
    /** The route pattern, e.g. /api/staff/tickets/:id/notes; the path values are in the request hash. */
    route: text("route").notNull(),
    /** SHA-256 of the validated path parameters, query and body. */
    requestHash: text("request_hash").notNull(),
    state: text("state").$type<IdempotencyState>().notNull().default("processing"),
    /** Who holds the claim now; a write commits only while its request still holds it. */
    claimToken: uuid("claim_token").notNull(),
    lockedUntil: timestamp("locked_until", { withTimezone: true }).notNull(),
    responseStatus: integer("response_status"),
    /** The JSON answer exactly as it was sent. */
    responseBody: text("response_body"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ name: "idempotency_keys_pkey", columns: [t.tenantId, t.principalKind, t.principalId, t.key] }),
    index("idempotency_keys_created_idx").on(t.createdAt),
  ],
);
