import { bigserial, index, integer, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { tenantIdColumn } from "./tenants.js";

export const outboxStatuses = ["pending", "sending", "sent", "failed", "not_sent"] as const;
export type OutboxStatus = (typeof outboxStatuses)[number];

export const outbox = pgTable(
  "outbox",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    tenantId: tenantIdColumn(),
    /** A task of the worker's registry (worker/tasks.ts) and the version of its payload schema. */
    task: text("task").notNull(),
    version: integer("version").notNull().default(1),
    payload: jsonb("payload").$type<unknown>().notNull(),
    /** Emails: the address (for the log's search) and the template; the content is rendered when sent. */
    recipient: text("recipient"),
    template: text("template"),
    subject: text("subject"),
    textBody: text("text_body"),
    htmlBody: text("html_body"),
    status: text("status").$type<OutboxStatus>().notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
    lockedUntil: timestamp("locked_until", { withTimezone: true }),
    /** The worker instance holding the lease: only it may renew, finish or hand back the row. */
    lockedBy: text("locked_by"),
    lastError: text("last_error"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp("sent_at", { withTimezone: true }),
  },
  (t) => [
    index("outbox_due_idx").on(t.status, t.nextAttemptAt),
    index("outbox_tenant_idx").on(t.tenantId, t.id),
  ],
);
