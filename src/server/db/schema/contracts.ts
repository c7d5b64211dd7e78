import { sql } from "drizzle-orm";
import { bigserial, boolean, date, index, integer, jsonb, numeric, pgTable, text, timestamp, unique, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { accounts } from "./accounts.js";
import { staffUsers } from "./staff.js";
import { sameTenant, tenantIdColumn, tenantKey } from "./tenants.js";

export const contractTypes = ["time_materials", "recurring", "fixed_price", "retainer_amount", "retainer_hours"] as const;
export type ContractType = (typeof contractTypes)[number];
export const contractStatuses = ["draft", "active", "on_hold", "ended", "cancelled"] as const;
export type ContractStatus = (typeof contractStatuses)[number];
export const billingCycles = ["monthly", "quarterly", "yearly"] as const;
export type BillingCycle = (typeof billingCycles)[number];

/**
 * CON-1: what an account has agreed to buy. Type-specific fields: billing cycle (recurring, retainer by
 * hours), billing price (recurring, fixed price, retainer by amount), hours per period (retainer by hours).
 * Billed, remaining and consumed amounts are derived from invoices and time, never stored.
 */
export const contracts = pgTable(
  "contracts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    accountId: uuid("account_id").notNull(),
    name: text("name").notNull(),
    type: text("type").$type<ContractType>().notNull(),
    reference: text("reference").notNull().default(""),
    status: text("status").$type<ContractStatus>().notNull().default("active"),
    isDefault: boolean("is_default").notNull().default(false),
    startDate: date("start_date", { mode: "string" }).notNull(),
    endDate: date("end_date", { mode: "string" }),
    sla: text("sla").notNull().default(""),
    setupFee: numeric("setup_fee", { precision: 14, scale: 2 }),
    billingCycle: text("billing_cycle").$type<BillingCycle>(),
    billingPrice: numeric("billing_price", { precision: 14, scale: 2 }),
    /** Retainer by hours: the block of prepaid hours each billing period. */
    hoursPerPeriod: numeric("hours_per_period", { precision: 10, scale: 2 }),
    description: text("description").notNull().default(""),
    billingInfo: text("billing_info").notNull().default(""),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    tenantKey("contracts", t),
    /** What a job's (tenant, account, contract) key points at: a job's contract is one of its own account's. */
    unique("contracts_tenant_account_id_key").on(t.tenantId, t.accountId, t.id),
    sameTenant("contracts_account_fk", t, t.accountId, accounts, "cascade"),
    index("contracts_account_idx").on(t.tenantId, t.accountId, t.status),
    uniqueIndex("contracts_one_default").on(t.accountId).where(sql`${t.isDefault}`),
  ],
);

export const contractEventKinds = ["created", "updated", "job_linked", "job_unlinked", "alert_sent"] as const;
export type ContractEventKind = (typeof contractEventKinds)[number];

/** CON-1 history: every change to a contract, who made it and what changed ({field: [before, after]}). */
export const contractEvents = pgTable(
  "contract_events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    contractId: uuid("contract_id").notNull(),
    kind: text("kind").$type<ContractEventKind>().notNull(),
    at: timestamp("at", { withTimezone: true }).notNull(),
    staffId: uuid("staff_id"),
    actorName: text("actor_name").notNull(),
    changes: jsonb("changes").$type<Record<string, [unknown, unknown]>>().notNull().default({}),
    note: text("note").notNull().default(""),
    seq: bigserial("seq", { mode: "number" }).notNull(),
  },
  (t) => [
    index("contract_events_contract_idx").on(t.contractId, t.seq),
    sameTenant("contract_events_contract_fk", t, t.contractId, contracts, "cascade"),
    sameTenant("contract_events_staff_fk", t, t.staffId, staffUsers),
  ],
);

/** A prepaid-hours threshold crossed in one billing period: the unique key sends each alert once. */
export const contractAlerts = pgTable(
  "contract_alerts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    contractId: uuid("contract_id").notNull(),
    periodStart: date("period_start", { mode: "string" }).notNull(),
    thresholdPercent: integer("threshold_percent").notNull(),
    usedHours: numeric("used_hours", { precision: 10, scale: 2 }).notNull(),
    sentAt: timestamp("sent_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex("contract_alerts_once_key").on(t.tenantId, t.contractId, t.periodStart, t.thresholdPercent),
    sameTenant("contract_alerts_contract_fk", t, t.contractId, contracts, "cascade"),
  ],
);
