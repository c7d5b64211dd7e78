/**
 * PLT-1 enforced by the database too: a row of one tenant can never point at another tenant's row,
 * whatever the code above it does. Each statement below bypasses the services on purpose.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pgCode } from "../../src/server/deps.js";
import { addTenant, createTestApp, makeAccount, staffLogin, type TestApp } from "../harness.js";

let t: TestApp;
let ours: { tenantId: string; accountId: string; jobId: string; statusId: string; roleId: string; staffId: string };
let theirs: { tenantId: string; accountId: string; statusId: string; roleId: string };

const one = async <T>(q: ReturnType<typeof sql>) => ((await t.c.deps.db.execute(q)) as unknown as { rows: T[] }).rows[0];

beforeAll(async () => {
  t = await createTestApp();
  const staff = await staffLogin(t);
  const a = await makeAccount(t, staff);
  const other = await addTenant(t, "other.test");
  const job = await one<{ id: string }>(sql`select id from jobs where account_id = ${a.id} limit 1`);
  const jobId = job?.id ?? (await one<{ id: string }>(sql`insert into jobs (tenant_id, account_id, number, name) values (${t.tenantId}, ${a.id}, 'J-KEYS', 'Keys') returning id`))!.id;
  const status = (tenantId: string) => one<{ id: string }>(sql`select id from lookups where tenant_id = ${tenantId} and kind = 'status' limit 1`);
  const role = (tenantId: string) => one<{ id: string }>(sql`select id from portal_roles where tenant_id = ${tenantId} limit 1`);
  const theirAccount = await one<{ id: string }>(sql`insert into accounts (tenant_id, name) values (${other.id}, 'Theirs') returning id`);
  const staffRow = await one<{ id: string }>(sql`select id from staff_users where tenant_id = ${t.tenantId} limit 1`);
  ours = { tenantId: t.tenantId, accountId: a.id, jobId, statusId: (await status(t.tenantId))!.id, roleId: (await role(t.tenantId))!.id, staffId: staffRow!.id };
  theirs = { tenantId: other.id, accountId: theirAccount!.id, statusId: (await status(other.id))!.id, roleId: (await role(other.id))!.id };
});
afterAll(() => t.close());

async function refused(q: ReturnType<typeof sql>) {
  const err = await t.c.deps.db.execute(q).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err, "the database accepted a reference to another tenant's row").not.toBeNull();
  expect(pgCode(err)).toBe("23503");
}

describe("PLT-1 composite tenant keys", () => {
  it("PLT-1 a ticket cannot point at another tenant's status, account or job", async () => {
    const ticket = (accountId: string, statusId: string) =>
      sql`insert into tickets (tenant_id, number, account_id, job_id, title, status_id, created_via, created_at, updated_at)
          values (${ours.tenantId}, 990001, ${accountId}, ${ours.jobId}, 'x', ${statusId}, 'staff', now(), now())`;
    await refused(ticket(ours.accountId, theirs.statusId));
    await refused(ticket(theirs.accountId, ours.statusId));
    // The same row with our own references is accepted: the refusals above are about the tenant.
    await t.c.deps.db.execute(ticket(ours.accountId, ours.statusId));
  });

  it("PLT-1 an account, a membership and a staff user cannot point at another tenant's role", async () => {
    await refused(sql`update accounts set portal_role_id = ${theirs.roleId} where id = ${ours.accountId}`);
    const contact = await one<{ id: string }>(sql`insert into contacts (tenant_id, first_name, last_name) values (${ours.tenantId}, 'Key', 'Holder') returning id`);
    await refused(sql`insert into account_contacts (tenant_id, account_id, contact_id) values (${ours.tenantId}, ${theirs.accountId}, ${contact!.id})`);
    const theirStaffRole = await one<{ id: string }>(sql`select id from staff_roles where tenant_id = ${theirs.tenantId} limit 1`);
    await refused(sql`update staff_users set role_id = ${theirStaffRole!.id} where id = ${ours.staffId}`);
    await t.c.deps.db.execute(sql`update accounts set portal_role_id = ${ours.roleId} where id = ${ours.accountId}`);
  });

  it("PLT-1 a job cannot belong to another tenant's account, and a lookup not to another tenant's parent", async () => {
    await refused(sql`insert into jobs (tenant_id, account_id, number, name) values (${ours.tenantId}, ${theirs.accountId}, 'J-X', 'x')`);
    await refused(sql`insert into lookups (tenant_id, kind, name, parent_id) values (${ours.tenantId}, 'sub_issue_type', 'x', ${theirs.statusId})`);
  });

  it("PLT-1 APR-4 an approval request cannot point at another tenant's job or account, nor a time entry at another tenant's request", async () => {
    const contact = await one<{ id: string }>(sql`insert into contacts (tenant_id, first_name, last_name) values (${ours.tenantId}, 'Appro', 'Ver') returning id`);
    const request = (accountId: string) =>
      sql`insert into approval_requests (tenant_id, job_id, account_id, version, status, cut_off, contact_id, sent_at, expires_at, currency, total_hours, total_amount, statement_hash)
          values (${ours.tenantId}, ${ours.jobId}, ${accountId}, 1, 'awaiting', '2026-11-22', ${contact!.id}, now(), now(), 'USD', 0, 0, 'x') returning id`;
    await refused(request(theirs.accountId));
    const mine = await one<{ id: string }>(request(ours.accountId));
    const theirJob = await one<{ id: string }>(sql`insert into jobs (tenant_id, account_id, number, name) values (${theirs.tenantId}, ${theirs.accountId}, 'T-1', 'Theirs') returning id`);
    const theirContact = await one<{ id: string }>(sql`insert into contacts (tenant_id, first_name, last_name) values (${theirs.tenantId}, 'Their', 'Contact') returning id`);
    const theirRequest = await one<{ id: string }>(sql`insert into approval_requests (tenant_id, job_id, account_id, version, status, cut_off, contact_id, sent_at, expires_at, currency, total_hours, total_amount, statement_hash)
      values (${theirs.tenantId}, ${theirJob!.id}, ${theirs.accountId}, 1, 'approved', '2026-11-22', ${theirContact!.id}, now(), now(), 'USD', 0, 0, 'x') returning id`);
    await refused(sql`update approval_requests set job_id = ${theirJob!.id} where id = ${mine!.id}`);
    await refused(sql`insert into approval_events (tenant_id, request_id, kind, at, actor_name) values (${ours.tenantId}, ${theirRequest!.id}, 'sent', now(), 'x')`);
    const ticket = await one<{ id: string }>(sql`select id from tickets where tenant_id = ${ours.tenantId} limit 1`);
    const entry = await one<{ id: string }>(sql`insert into time_entries (tenant_id, ticket_id, staff_id, started_at, ended_at, hours, created_at) values (${ours.tenantId}, ${ticket!.id}, ${ours.staffId}, now(), now(), 1, now()) returning id`);
    await refused(sql`update time_entries set approval_request_id = ${theirRequest!.id} where id = ${entry!.id}`);
    await t.c.deps.db.execute(sql`update time_entries set approval_request_id = ${mine!.id} where id = ${entry!.id}`);
  });

  it("PLT-1 INV-1 an invoice cannot bill another tenant's account or name its staff; lines, payments and invoiced work cannot point at another tenant's invoice or approval", async () => {
    const invoice = (tenantId: string, accountId: string) =>
      sql`insert into invoices (tenant_id, account_id, invoice_date, due_date, currency, created_at, updated_at) values (${tenantId}, ${accountId}, '2026-11-22', '2026-12-22', 'USD', now(), now()) returning id`;
    await refused(invoice(ours.tenantId, theirs.accountId));
    const mine = await one<{ id: string }>(invoice(ours.tenantId, ours.accountId));
    const theirInvoice = await one<{ id: string }>(invoice(theirs.tenantId, theirs.accountId));
    const theirStaff = await one<{ id: string }>(sql`insert into staff_users (tenant_id, name, email, password_hash, role_id) values (${theirs.tenantId}, 'Their Staff', 'their.staff@other.test', 'x', (select id from staff_roles where tenant_id = ${theirs.tenantId} limit 1)) returning id`);
    await refused(sql`update invoices set sales_rep_staff_id = ${theirStaff!.id} where id = ${mine!.id}`);
    await refused(sql`update invoices set voided_by_staff_id = ${theirStaff!.id} where id = ${mine!.id}`);
    await refused(sql`insert into invoice_lines (tenant_id, invoice_id, sort, description, quantity, unit_price, amount) values (${ours.tenantId}, ${theirInvoice!.id}, 0, 'x', 1, 1, 1)`);
    await refused(sql`insert into invoice_payments (tenant_id, invoice_id, paid_on, amount, created_at) values (${ours.tenantId}, ${theirInvoice!.id}, '2026-11-22', 1, now())`);
    const theirRequest = await one<{ id: string }>(sql`select id from approval_requests where tenant_id = ${theirs.tenantId} limit 1`);
    await refused(sql`insert into invoiced_approvals (tenant_id, approval_request_id, invoice_id) values (${ours.tenantId}, ${theirRequest!.id}, ${mine!.id})`);
    await t.c.deps.db.execute(sql`insert into invoice_lines (tenant_id, invoice_id, sort, description, quantity, unit_price, amount) values (${ours.tenantId}, ${mine!.id}, 0, 'x', 1, 1, 1)`);
  });
});
