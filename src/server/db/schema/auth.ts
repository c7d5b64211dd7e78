import { bigserial, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { accounts } from "./accounts.js";
import { contacts } from "./contacts.js";
import { staffUsers } from "./staff.js";
import { sameTenant, tenantIdColumn } from "./tenants.js";

export const sessions = pgTable(
  "sessions",
  {
    /** SHA-256 of the cookie token; the token itself is never stored. */
    id: text("id").primaryKey(),
    tenantId: tenantIdColumn(),
    kind: text("kind").$type<"staff" | "contact">().notNull(),
    staffUserId: uuid("staff_user_id"),
    contactId: uuid("contact_id"),
    currentAccountId: uuid("current_account_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    ip: text("ip"),
    userAgent: text("user_agent"),
  },
  (t) => [
    sameTenant("sessions_staff_user_fk", t, t.staffUserId, staffUsers, "cascade"),
    sameTenant("sessions_contact_fk", t, t.contactId, contacts, "cascade"),
    sameTenant("sessions_current_account_fk", t, t.currentAccountId, accounts),
    index("sessions_contact_idx").on(t.contactId),
    index("sessions_staff_idx").on(t.staffUserId),
    index("sessions_expires_idx").on(t.expiresAt),
  ],
);

export type TokenPurpose = "activation" | "reset" | "staff_setup" | "staff_reset" | "email_change";

export const authTokens = pgTable(
  "auth_tokens",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    tokenHash: text("token_hash").notNull().unique(),
    purpose: text("purpose").$type<TokenPurpose>().notNull(),
    contactId: uuid("contact_id"),
    /** staff_reset: the staff member whose password the link sets. */
    staffUserId: uuid("staff_user_id"),
    /** email_change: the address the contact asked for; it becomes theirs when the link is opened (SET-1). */
    newEmail: text("new_email"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
  },
  (t) => [
    index("auth_tokens_contact_idx").on(t.contactId),
    index("auth_tokens_staff_user_idx").on(t.staffUserId),
    sameTenant("auth_tokens_contact_fk", t, t.contactId, contacts, "cascade"),
    sameTenant("auth_tokens_staff_user_fk", t, t.staffUserId, staffUsers, "cascade"),
  ],
);

export const rateLimits = pgTable(
  "rate_limits",
  {
    tenantId: tenantIdColumn(),
    bucket: text("bucket").notNull(),
    key: text("key").notNull(),
    windowStart: timestamp("window_start", { withTimezone: true }).notNull(),
    count: integer("count").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.bucket, t.key, t.windowStart] })],
);

export const portalEvents = pgTable(
  "portal_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    tenantId: tenantIdColumn(),
    contactId: uuid("contact_id").notNull(),
    type: text("type").notNull(),
    actorKind: text("actor_kind").$type<"staff" | "contact" | "system" | "anonymous">().notNull(),
    actorId: uuid("actor_id"),
    actorName: text("actor_name"),
    ip: text("ip"),
    detail: jsonb("detail").$type<Record<string, unknown>>(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    index("portal_events_contact_idx").on(t.tenantId, t.contactId, t.createdAt),
    sameTenant("portal_events_contact_fk", t, t.contactId, contacts, "cascade"),
  ],
);
