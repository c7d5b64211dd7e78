import { sql } from "drizzle-orm";
import type { Executor } from "../../db/client.js";
import { type LookupKind, lookups, portalRoles, portalSettings, staffRoles, tenants } from "../../db/schema/index.js";
import { assertTenant, inTenant } from "../../db/tenant-scope.js";

export type Tenant = typeof tenants.$inferSelect;
export type PortalSettingsRow = typeof portalSettings.$inferSelect;

/** The tenant whose host matches, else the default tenant of a single-company install. */
export async function findTenantForHost(db: Executor, host: string): Promise<Tenant | undefined> {
  const rows = await db
    .select()
    .from(tenants)
    .where(sql`lower(${tenants.host}) = ${host.toLowerCase()} or ${tenants.isDefault}`)
    .orderBy(sql`${tenants.isDefault} asc`)
    .limit(1);
  return rows[0];
}

export async function getTenant(db: Executor, tenantId: string) {
  const rows = await db.select().from(tenants).where(inTenant(tenants.id, tenantId));
  return rows[0];
}

export const builtInStaffRoles = [
  { name: "Administrator", permissions: ["admin"] },
  {
    name: "Service desk",
    permissions: ["accounts.manage", "contacts.manage", "portal_access.manage", "email_log.read", "tickets.manage", "jobs.manage"],
  },
  { name: "Approver", permissions: ["approval.allow"] },
  { name: "Billing", permissions: ["billing.manage", "approval.allow"] },
];

export const builtInPortalRoles = [
  { name: "External User", permissions: ["tickets.view_own", "tickets.create", "tickets.edit", "messages", "projects.view"], visibleFields: ["priority", "ticket_type", "attachments"] },
  {
    name: "External Manager",
    permissions: ["tickets.view_own", "tickets.view_account", "tickets.create", "tickets.edit", "messages", "contracts.view", "invoices.view", "projects.view"],
    visibleFields: ["site", "ticket_type", "priority", "issue_type", "sub_issue_type", "hardware_asset", "software_asset", "attachments"],
  },
];

const defaultLookups: { kind: LookupKind; name: string; isClosed?: boolean; awaitsCustomer?: boolean }[] = [
  { kind: "status", name: "New" },
  { kind: "status", name: "In progress" },
  { kind: "status", name: "Waiting for customer", awaitsCustomer: true },
  { kind: "status", name: "Resolved", isClosed: true },
  { kind: "priority", name: "Low" },
  { kind: "priority", name: "Normal" },
  { kind: "priority", name: "High" },
  { kind: "priority", name: "Critical" },
  { kind: "ticket_type", name: "Incident" },
  { kind: "ticket_type", name: "Service request" },
  { kind: "ticket_type", name: "Question" },
];

/** A tenant with its settings row, built-in staff and portal roles, and starter ticket lists. */
export async function createTenant(db: Executor, input: { name: string; host: string | null; isDefault: boolean }) {
  const [tenant] = await db.insert(tenants).values(input).returning();
  await db.insert(portalSettings).values({ tenantId: tenant.id });
  await db
    .insert(staffRoles)
    .values(builtInStaffRoles.map((r) => ({ ...r, tenantId: tenant.id, builtIn: true })));
  await db.insert(portalRoles).values(builtInPortalRoles.map((r) => ({ ...r, tenantId: tenant.id, builtIn: true })));
  await db.insert(lookups).values(defaultLookups.map((l, i) => ({ ...l, sort: i, tenantId: tenant.id })));
  return tenant;
}

export async function getSettings(db: Executor, tenantId: string): Promise<PortalSettingsRow> {
  const rows = await db.select().from(portalSettings).where(inTenant(portalSettings.tenantId, tenantId));
  return rows[0];
}

export async function updateSettings(
  db: Executor,
  tenantId: string,
  patch: Partial<Omit<PortalSettingsRow, "tenantId">>,
) {
  const rows = await db
    .update(portalSettings)
    .set({ ...patch, updatedAt: new Date() })
    .where(inTenant(portalSettings.tenantId, tenantId))
    .returning();
  return rows[0];
}

/** Serialises creating the default tenant across instances starting at once, until the transaction ends. */
export async function lockDefaultTenantCreation(tx: Executor) {
  await tx.execute(sql`select pg_advisory_xact_lock(7242003)`);
}

/** What a new company has set up so far, for the staff console's getting-started checklist. */
export async function setupProgress(db: Executor, tenantId: string) {
  assertTenant(tenantId);
  const r = (await db.execute(sql`
    select
      exists (select 1 from portal_settings where tenant_id = ${tenantId} and portal_name <> 'Client Portal') as "portalSettings",
      exists (select 1 from accounts where tenant_id = ${tenantId} and archived_at is null) as "account",
      exists (select 1 from contacts where tenant_id = ${tenantId} and archived_at is null) as "contact",
      exists (select 1 from contacts where tenant_id = ${tenantId} and portal_status <> 'not_enabled') as "grant",
      exists (select 1 from contacts where tenant_id = ${tenantId} and last_login_at is not null) as "portalSeen"`)) as unknown as {
    rows: { portalSettings: boolean; account: boolean; contact: boolean; grant: boolean; portalSeen: boolean }[];
  };
  return r.rows[0];
}
