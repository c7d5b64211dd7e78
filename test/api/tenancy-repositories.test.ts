/**
 * PLT-1 "no query can cross tenants", checked on every repository: every exported function of every
 * src/server/modules/**\/*.repo.ts refuses a missing or malformed tenant id before any SQL reaches the
 * database, and every statement it sends for a valid tenant carries that tenant's id. A new repository
 * function fails the inventory test until it is given a case here.
 */
import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { PGlite } from "@electric-sql/pglite";
import { drizzle as drizzleNodePg } from "drizzle-orm/node-postgres";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../src/server/db/client.js";
import * as schema from "../../src/server/db/schema/index.js";
import { MissingTenantError } from "../../src/server/db/tenant-scope.js";
import { contactSessionCheck, sessionCheckValues, staffSessionCheck as staffSessionCheckColumn } from "../../src/server/modules/sessions/sessions.repo.js";
import { createTestApp, type TestApp } from "../harness.js";

const modulesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../src/server/modules");
const repoFiles = (readdirSync(modulesDir, { recursive: true }) as string[]).filter((f) => f.endsWith(".repo.ts")).sort();
type Fn = (db: Db, ...args: unknown[]) => unknown;
const repoFunctions: { name: string; fn: Fn; params: string[] }[] = [];
for (const file of repoFiles) {
  const mod = (await import(pathToFileURL(path.join(modulesDir, file)).href)) as Record<string, unknown>;
  for (const [name, value] of Object.entries(mod)) {
    if (typeof value !== "function") continue;
    const params = /^[^(]*\(([^)]*)\)/.exec(value.toString())![1].split(",").map((p) => p.trim()).filter(Boolean);
    repoFunctions.push({ name: `${path.basename(file, ".ts")}.${name}`, fn: value as Fn, params });
  }
}

/** Repository functions that rightly take no tenant id, and why. */
const noTenant: Record<string, string> = {
  "tenants.repo.findTenantForHost": "finds the tenant from the request's host: it runs before any tenant is known",
  "tenants.repo.createTenant": "creates a tenant and its starter rows under the new tenant's own id",
  "tenants.repo.lockDefaultTenantCreation": "serialises creating the default tenant, before any tenant exists",
  "outbox.repo.claimDueTasks": "the outbox worker leases due tasks of every tenant; each row carries its tenant id",
  "outbox.repo.finishTask": "the outbox worker records the outcome of a row it leased, by the row's own id and its lease",
  "outbox.repo.renewLeases": "the outbox worker extends the leases it holds, whatever their tenant",
  "outbox.repo.releaseLeases": "the outbox worker hands back the rows it holds, whatever their tenant",
  "outbox.repo.queuedSomething": "tells whether a transaction queued a task; it runs no SQL",
  "sessions.repo.deleteExpiredSessions": "the sweep removes expired sessions of every tenant",
  "sessions.repo.contactSessionCheck": "writes a value of another statement and sends nothing; that statement binds its tenant id (tickets.repo.listPortalTickets is checked here)",
  "sessions.repo.staffSessionCheck": "writes a value of another statement and sends nothing, as contactSessionCheck",
  "contacts.repo.contactListState": "reads a list row's state from the words its statement wrote, and sends nothing",
  "sessions.repo.sessionCheckValues": "gives the session check's values besides the tenant id, which the statement carrying the check binds",
  "jobs.repo.anyJobOpenForTickets": "writes a value of another statement and sends nothing; its tenant placeholder is bound by that statement (tickets.repo.listPortalTickets)",
  "rate-limit.repo.deleteOldWindows": "the sweep removes old throttle windows of every tenant",
  "idempotency.repo.deleteExpiredKeys": "the sweep removes expired idempotency keys of every tenant",
  "approvals.repo.claimExpiredRequests": "the APR-5 sweep takes due versions of every tenant; each row carries its tenant id, used for all that follows",
  "contracts.repo.listActiveRetainers": "the CON-1 prepaid-hours sweep takes active retainers of every tenant; each row carries its tenant id, used for all that follows",
};

const ID = "11111111-1111-4111-8111-111111111111";
const sessionCheck = { column: contactSessionCheck, values: sessionCheckValues("session-hash", new Date(), new Date()) };
const staffSessionCheck = { column: staffSessionCheckColumn, values: sessionCheckValues("session-hash", new Date(), new Date()) };
const now = new Date("2026-11-22T10:00:00Z");
const ticketFilter = { open: "all", sort: "updated_desc", page: 1, pageSize: 5 };
/** The arguments after `db` for each function, given the tenant id to pass; some functions get several calls. */
const cases: Record<string, (tenantId: unknown) => unknown[][]> = {
  "accounts.repo.listAccounts": (tid) => [[tid, { q: "x", status: "all", page: 1, pageSize: 5 }]],
  "accounts.repo.getAccount": (tid) => [[tid, ID]],
  "accounts.repo.findAccountIds": (tid) => [[tid, [ID]]],
  "accounts.repo.findAccountByNumber": (tid) => [[tid, "N-1"]],
  "accounts.repo.findAccountsByDomain": (tid) => [[tid, "client.test"]],
  "accounts.repo.insertAccount": (tid) => [[tid, { name: "Guard", number: null, emailDomains: [], timeZone: null, portalEnabled: true }]],
  "accounts.repo.updateAccount": (tid) => [[tid, ID, { name: "Guard" }]],
  "accounts.repo.listMemberships": (tid) => [[tid, ID]],
  "accounts.repo.updateMembership": (tid) => [[tid, ID, ID, { clientAdmin: true }]],
  "contacts.repo.listContacts": (tid) => [[tid, { q: "x", accountId: ID, portalAccess: "with", status: "active", page: 1, pageSize: 5 }]],
  "contacts.repo.listContactRows": (tid) => [
    [tid, { q: "x", accountId: ID, portalAccess: "with", status: "active", page: 1, pageSize: 5 }, staffSessionCheck],
    [tid, { portalAccess: "any", status: "all", page: 2, pageSize: 5 }, staffSessionCheck],
  ],
  "contacts.repo.getContact": (tid) => [[tid, ID]],
  "contacts.repo.getContactsByIds": (tid) => [[tid, [ID]]],
  "contacts.repo.getContactCredentials": (tid) => [[tid, ID]],
  "contacts.repo.findByUsername": (tid) => [[tid, "guard@client.test"]],
  "contacts.repo.findPortalUserByEmail": (tid) => [[tid, "guard@client.test"]],
  "contacts.repo.findContactByEmail": (tid) => [[tid, "guard@client.test"]],
  "contacts.repo.usernameTaken": (tid) => [[tid, "guard@client.test", ID]],
  "contacts.repo.portalEmailTaken": (tid) => [[tid, "guard@client.test", ID]],
  "contacts.repo.otherPortalUserWithEmail": (tid) => [[tid, " Guard@Client.test ", ID]],
  "contacts.repo.liveContactWithEmail": (tid) => [[tid, "guard@client.test"]],
  "contacts.repo.insertContact": (tid) => [[tid, { firstName: "G", lastName: "Uard", email: null, phone: null, jobTitle: null, timeZone: null }]],
  "contacts.repo.updateContact": (tid) => [[tid, ID, { firstName: "G" }]],
  "contacts.repo.setMemberships": (tid) => [[tid, ID, [ID]], [tid, ID, []]],
  "contacts.repo.replaceRecoveryCodes": (tid) => [[tid, ID, ["code-hash"]], [tid, ID, []]],
  "contacts.repo.clearPortalAccess": (tid) => [[tid, ID]],
  "contacts.repo.useRecoveryCode": (tid) => [[tid, ID, "code-hash", now]],
  "jobs.repo.listJobs": (tid) => [[tid, ID]],
  "jobs.repo.listJobsOpenForTickets": (tid) => [[tid, { accountId: ID, contactId: ID, anyJob: false }]],
  "jobs.repo.getJob": (tid) => [[tid, ID]],
  "jobs.repo.insertDefaultJob": (tid) => [[tid, { id: ID, name: "Guard", number: null }], [tid, { id: ID, name: "Guard", number: "G.1" }]],
  "jobs.repo.insertJob": (tid) => [[tid, { accountId: ID, number: "G-1", name: "Guard" }]],
  "jobs.repo.updateJob": (tid) => [[tid, ID, { name: "Guard" }]],
  "jobs.repo.makeDefaultJob": (tid) => [[tid, ID, ID]],
  "jobs.repo.countJobs": (tid) => [[tid, ID]],
  "lookups.repo.listLookups": (tid) => [[tid, { kind: "site", accountId: ID, activeOnly: true }]],
  "lookups.repo.getLookups": (tid) => [[tid, [ID]]],
  "lookups.repo.insertLookup": (tid) => [[tid, { kind: "priority", name: "Guard" }]],
  "lookups.repo.updateLookup": (tid) => [[tid, ID, { name: "Guard" }]],
  "portal-events.repo.recordEvent": (tid) => [[tid, ID, "granted", { kind: "system" }, now]],
  "portal-events.repo.listEvents": (tid) => [[tid, ID]],
  "portal-roles.repo.listPortalRoles": (tid) => [[tid]],
  "portal-roles.repo.getPortalRole": (tid) => [[tid, ID]],
  "portal-roles.repo.findPortalRoleByName": (tid) => [[tid, "Guard"]],
  "portal-roles.repo.insertPortalRole": (tid) => [[tid, { name: "Guard", permissions: [], defaultTypeId: null, defaultPriorityId: null, quickForm: false, visibleFields: [] }]],
  "portal-roles.repo.updatePortalRole": (tid) => [[tid, ID, { name: "Guard", permissions: [], defaultTypeId: null, defaultPriorityId: null, quickForm: false, visibleFields: [] }]],
  "tokens.repo.issueToken": (tid) => [
    [tid, { tokenHash: "token-hash", purpose: "staff_setup", contactId: null, now, expiresAt: now }],
    [tid, { tokenHash: "token-hash-2", purpose: "activation", contactId: ID, now, expiresAt: now }],
    [tid, { tokenHash: "token-hash-3", purpose: "staff_reset", contactId: null, staffUserId: ID, now, expiresAt: now }],
  ],
  "tokens.repo.voidContactTokens": (tid) => [[tid, ID, now]],
  "tokens.repo.voidStaffTokens": (tid) => [[tid, ID, now]],
  "tokens.repo.peekToken": (tid) => [[tid, "token-hash", now]],
  "tokens.repo.redeemToken": (tid) => [[tid, "token-hash", ["staff_setup"], now]],
  "outbox.repo.queueEmail": (tid) => [[tid, "ticket_activity", { to: "guard@client.test", portalName: "P", number: 1, title: "T", account: "", headline: "H", text: "", link: "http://x/" }, now]],
  "outbox.repo.listEmails": (tid) => [[tid, { q: "x", status: "pending", page: 1, pageSize: 5 }]],
  "outbox.repo.getEmail": (tid) => [[tid, 1]],
  "tenants.repo.getTenant": (tid) => [[tid]],
  "tenants.repo.getSettings": (tid) => [[tid]],
  "tenants.repo.updateSettings": (tid) => [[tid, { portalName: "Guarded portal" }]],
  "tenants.repo.setupProgress": (tid) => [[tid]],
  "tickets.repo.listPortalTickets": (tid) => [
    [tid, { accountId: ID, contactId: ID, everyTicket: false }, { accountId: ID, contactId: ID, anyJob: false }, { ...ticketFilter, q: "x", jobId: ID }, sessionCheck],
    [tid, { accountId: ID, contactId: ID, everyTicket: true }, null, { ...ticketFilter, page: 2 }, sessionCheck],
  ],
  "tickets.repo.listStaffTickets": (tid) => [
    [tid, { ...ticketFilter, accountId: ID, assignedStaffId: null, waitingOn: "us" }],
    [tid, { ...ticketFilter, assignedStaffId: ID, waitingOn: "customer" }],
  ],
  "tickets.repo.getTicket": (tid) => [[tid, ID]],
  "tickets.repo.listNotes": (tid) => [[tid, ID, true]],
  "tickets.repo.listAttachments": (tid) => [[tid, ID, true]],
  "tickets.repo.listTimeEntries": (tid) => [[tid, ID]],
  "tickets.repo.nextTicketNumber": (tid) => [[tid]],
  "tickets.repo.insertTicket": (tid) => [[tid, { number: 1, accountId: ID, jobId: ID, title: "Guard", statusId: ID, createdAt: now, updatedAt: now }]],
  "tickets.repo.updateTicket": (tid) => [[tid, ID, { title: "Guard" }]],
  "tickets.repo.insertNote": (tid) => [[tid, { ticketId: ID, body: "Guard", isPublic: true, createdAt: now }]],
  "tickets.repo.insertTimeEntry": (tid) => [[tid, { ticketId: ID, staffId: ID, startedAt: now, endedAt: now, hours: "0", createdAt: now }]],
  "tickets.repo.insertAttachment": (tid) => [[tid, { ticketId: ID, filename: "g.txt", contentType: "text/plain", size: 1, storageKey: "g", isPublic: true, createdAt: now }]],
  "tickets.repo.getAttachment": (tid) => [[tid, ID]],
  "tickets.repo.getTimeEntry": (tid) => [[tid, ID, ID]],
  "tickets.repo.updateTimeEntry": (tid) => [[tid, ID, { note: "Guard" }]],
  "tickets.repo.deleteTimeEntry": (tid) => [[tid, ID]],
  "approvals.repo.listApprovalJobs": (tid) => [[tid, { status: "awaiting", accountId: ID, q: "x", page: 1, pageSize: 5 }], [tid, { page: 1, pageSize: 5 }]],
  "approvals.repo.getApprovalJob": (tid) => [[tid, ID]],
  "approvals.repo.lockJob": (tid) => [[tid, ID]],
  "approvals.repo.listUnsentWork": (tid) => [[tid, [ID], "2026-11-22", "UTC"]],
  "approvals.repo.nextVersion": (tid) => [[tid, ID]],
  "approvals.repo.insertRequest": (tid) => [[tid, { jobId: ID, accountId: ID, version: 1, status: "awaiting", cutOff: "2026-11-22", contactId: ID, sentAt: now, expiresAt: now, currency: "USD", totalHours: "0", totalAmount: "0", statementHash: "x" }]],
  "approvals.repo.insertLines": (tid) => [[tid, [{ requestId: ID, timeEntryId: ID, ticketId: ID, ticketNumber: 1, ticketTitle: "G", staffName: "G", workDate: "2026-11-22", hours: "1", note: "", rate: "0", amount: "0", sort: 0 }]]],
  "approvals.repo.insertEvent": (tid) => [[tid, { requestId: ID, kind: "sent", at: now, actorName: "Guard" }]],
  "approvals.repo.holdEntries": (tid) => [[tid, ID, [ID]]],
  "approvals.repo.releaseEntries": (tid) => [[tid, ID]],
  "approvals.repo.moveRequest": (tid) => [[tid, ID, "awaiting", "approved", now]],
  "approvals.repo.getAwaitingRequest": (tid) => [[tid, ID]],
  "approvals.repo.getRequest": (tid) => [[tid, ID], [tid, ID, true]],
  "approvals.repo.listJobRequests": (tid) => [[tid, ID]],
  "approvals.repo.listRequestsById": (tid) => [[tid, [ID]]],
  "approvals.repo.getNewerVersion": (tid) => [[tid, ID, 1]],
  "approvals.repo.listLines": (tid) => [[tid, [ID]]],
  "approvals.repo.listEvents": (tid) => [[tid, [ID]]],
  "approvals.repo.listPortalRequests": (tid) => [[tid, { accountId: ID, contactId: ID, everyJob: false }, "waiting"], [tid, { accountId: ID, contactId: ID, everyJob: true }, "answered"]],
  "approvals.repo.countPortalWaiting": (tid) => [[tid, { accountId: ID, contactId: ID, everyJob: false }]],
  "approvals.repo.ticketHolds": (tid) => [[tid, ID]],
  "contracts.repo.listContracts": (tid) => [[tid, { accountId: ID, status: "active", type: "retainer_hours", q: "x", page: 1, pageSize: 5 }], [tid, { page: 2, pageSize: 5 }]],
  "contracts.repo.getContract": (tid) => [[tid, ID]],
  "contracts.repo.lockContract": (tid) => [[tid, ID], [tid, ID, true]],
  "contracts.repo.insertContract": (tid) => [[tid, { accountId: ID, name: "Guard", type: "time_materials", startDate: "2026-11-01", createdAt: now, updatedAt: now }]],
  "contracts.repo.updateContract": (tid) => [[tid, ID, { name: "Guard" }]],
  "contracts.repo.clearDefaultContract": (tid) => [[tid, ID, now]],
  "contracts.repo.insertEvent": (tid) => [[tid, { contractId: ID, kind: "created", at: now, actorName: "Guard" }]],
  "contracts.repo.listEvents": (tid) => [[tid, ID]],
  "contracts.repo.listContractJobs": (tid) => [[tid, ID]],
  "contracts.repo.listAccountJobs": (tid) => [[tid, ID]],
  "contracts.repo.getJobForLink": (tid) => [[tid, ID], [tid, ID, true]],
  "contracts.repo.setJobContract": (tid) => [[tid, ID, ID], [tid, ID, null]],
  "contracts.repo.retainerOfJob": (tid) => [[tid, ID]],
  "contracts.repo.invoicedAmount": (tid) => [[tid, ID]],
  "contracts.repo.dailyHours": (tid) => [[tid, ID, "2026-11-01", "2026-11-30", "UTC"]],
  "contracts.repo.pricedWork": (tid) => [[tid, ID, "2026-11-01", null, "UTC"], [tid, ID, "2026-11-01", "2026-11-30", "UTC"]],
  "contracts.repo.listPortalContracts": (tid) => [[tid, { accountId: ID }]],
  "contracts.repo.insertAlert": (tid) => [[tid, { contractId: ID, periodStart: "2026-11-01", thresholdPercent: 75, usedHours: "15", sentAt: now }]],
  "contracts.repo.listAlerts": (tid) => [[tid, ID, "2026-11-01"]],
  "contracts.repo.clientAdminRecipients": (tid) => [[tid, ID]],
  "contracts.repo.staffRecipients": (tid) => [[tid, ID]],
  "projects.repo.listProjects": (tid) => [[tid, { q: "x", status: "active", accountId: ID, managerStaffId: ID, sort: "due_asc", page: 1, pageSize: 5 }], [tid, { status: "all", sort: "name_asc", page: 1, pageSize: 5 }]],
  "projects.repo.getProject": (tid) => [[tid, ID]],
  "projects.repo.listPortalProjects": (tid) => [[tid, { accountId: ID, contactId: ID }]],
  "projects.repo.listPhases": (tid) => [[tid, [ID]]],
  "projects.repo.getPhase": (tid) => [[tid, ID, ID]],
  "projects.repo.insertPhase": (tid) => [[tid, { jobId: ID, name: "Guard", createdAt: now }]],
  "projects.repo.updatePhase": (tid) => [[tid, ID, ID, { name: "Guard" }]],
  "projects.repo.deletePhase": (tid) => [[tid, ID, ID]],
  "projects.repo.listTasks": (tid) => [[tid, [ID]]],
  "projects.repo.getTask": (tid) => [[tid, ID, ID]],
  "projects.repo.insertTask": (tid) => [[tid, { jobId: ID, title: "Guard", createdAt: now, updatedAt: now }]],
  "projects.repo.updateTask": (tid) => [[tid, ID, ID, { title: "Guard", updatedAt: now }]],
  "projects.repo.deleteTask": (tid) => [[tid, ID, ID]],
  "projects.repo.listProjectStaff": (tid) => [[tid, ID]],
  "projects.repo.setProjectStaff": (tid) => [[tid, ID, [ID]], [tid, ID, []]],
  "projects.repo.listProjectContacts": (tid) => [[tid, ID]],
  "projects.repo.getProjectContact": (tid) => [[tid, ID, ID]],
  "projects.repo.upsertProjectContact": (tid) => [[tid, ID, ID, { viewNotes: true, addNotes: true, viewFiles: true, addFiles: true, viewOrganisation: false, viewClients: false, viewTasks: true, viewTime: false }, now]],
  "projects.repo.deleteProjectContact": (tid) => [[tid, ID, ID]],
  "projects.repo.listNotes": (tid) => [[tid, ID, true], [tid, ID, false]],
  "projects.repo.insertNote": (tid) => [[tid, { jobId: ID, body: "Guard", isPublic: true, authorName: "Guard", createdAt: now }]],
  "projects.repo.listFiles": (tid) => [[tid, ID, true], [tid, ID, false]],
  "projects.repo.insertFile": (tid) => [[tid, { jobId: ID, filename: "g.txt", contentType: "text/plain", size: 1, storageKey: "g", uploadedByName: "Guard", createdAt: now }]],
  "projects.repo.getFile": (tid) => [[tid, ID]],
  "projects.repo.listProjectTime": (tid) => [[tid, ID]],
  "invoices.repo.getInvoice": (tid) => [[tid, ID], [tid, ID, true]],
  "invoices.repo.listInvoices": (tid) => [[tid, { accountId: ID, status: "overdue", q: "x", page: 1, pageSize: 5, today: "2026-11-22" }], [tid, { status: "sent", page: 1, pageSize: 5, today: "2026-11-22" }], [tid, { status: "paid", page: 2, pageSize: 5, today: "2026-11-22" }]],
  "invoices.repo.listPortalInvoices": (tid) => [[tid, { accountId: ID }, { status: "overdue", q: "x", page: 1, pageSize: 5, today: "2026-11-22" }], [tid, { accountId: ID }, { page: 1, pageSize: 5, today: "2026-11-22" }]],
  "invoices.repo.listLines": (tid) => [[tid, ID]],
  "invoices.repo.listPayments": (tid) => [[tid, ID]],
  "invoices.repo.insertInvoice": (tid) => [[tid, { accountId: ID, invoiceDate: "2026-11-22", dueDate: "2026-11-22", currency: "USD", createdAt: now, updatedAt: now }]],
  "invoices.repo.updateDraft": (tid) => [[tid, ID, { notes: "Guard" }]],
  "invoices.repo.replaceLines": (tid) => [[tid, ID, [{ sort: 0, description: "G", quantity: "1", unitPrice: "1", amount: "1" }]], [tid, ID, []]],
  "invoices.repo.deleteDraft": (tid) => [[tid, ID]],
  "invoices.repo.takeInvoiceNumber": (tid) => [[tid]],
  "invoices.repo.issueDraft": (tid) => [[tid, ID, { number: 1, displayNumber: "G-1", fromText: "G", toText: "G", sentAt: now }]],
  "invoices.repo.insertPayment": (tid) => [[tid, { invoiceId: ID, paidOn: "2026-11-22", amount: "1", createdAt: now }]],
  "invoices.repo.setPaid": (tid) => [[tid, ID, { paidAmount: "1", status: "paid", updatedAt: now }]],
  "invoices.repo.voidIssued": (tid) => [[tid, ID, { voidedAt: now, voidReason: "Guard", voidedByStaffId: ID }]],
  "invoices.repo.holdApprovals": (tid) => [[tid, ID, [ID]]],
  "invoices.repo.releaseApprovals": (tid) => [[tid, ID]],
  "invoices.repo.listInvoiceApprovals": (tid) => [[tid, ID]],
  "invoices.repo.listInvoiceableApprovals": (tid) => [[tid, ID]],
  "invoices.repo.isApprovalInvoiced": (tid) => [[tid, ID]],
  "invoices.repo.listAccountJobs": (tid) => [[tid, ID]],
  "invoices.repo.listAccountContracts": (tid) => [[tid, ID]],
  "invoices.repo.findAccountReferences": (tid) => [[tid, ID, { jobId: ID }], [tid, ID, { contractId: ID }], [tid, ID, { jobId: ID, contractId: ID }]],
  "invoices.repo.listRecipientOptions": (tid) => [[tid, ID]],
  "staff.repo.countStaff": (tid) => [[tid]],
  "staff.repo.lockStaffSetup": (tid) => [[tid]],
  "staff.repo.findStaffCredentials": (tid) => [[tid, "guard@example.com"]],
  "staff.repo.getStaff": (tid) => [[tid, ID]],
  "staff.repo.listStaff": (tid) => [[tid]],
  "staff.repo.findFirstActiveAdmin": (tid) => [[tid]],
  "staff.repo.insertStaff": (tid) => [[tid, { name: "Guard", email: "guard@example.com", passwordHash: "x", roleId: ID }]],
  "staff.repo.updateStaff": (tid) => [[tid, ID, { name: "Guard" }]],
  "staff.repo.listRoles": (tid) => [[tid]],
  "staff.repo.getRole": (tid) => [[tid, ID]],
  "staff.repo.findRoleByName": (tid) => [[tid, "Guard"]],
  "staff.repo.insertRole": (tid) => [[tid, { name: "Guard", permissions: [] }]],
  "staff.repo.updateRole": (tid) => [[tid, ID, { name: "Guard" }]],
  // The tenant id of a new session is one of its values.
  "sessions.repo.insertSession": (tid) => [[{ id: "session-hash", tenantId: tid, kind: "staff", staffUserId: ID, createdAt: now, lastSeenAt: now, expiresAt: now }]],
  "sessions.repo.findContactSession": (tid) => [[tid, "session-hash", now, now]],
  "sessions.repo.findStaffSession": (tid) => [[tid, "session-hash", now, now]],
  "sessions.repo.touchSession": (tid) => [[tid, "session-hash", now]],
  "sessions.repo.setCurrentAccount": (tid) => [[tid, "session-hash", ID]],
  "sessions.repo.deleteSession": (tid) => [[tid, "session-hash"]],
  "sessions.repo.deleteContactSessions": (tid) => [[tid, [ID], "session-hash"]],
  "sessions.repo.deleteAccountSessions": (tid) => [[tid, ID]],
  "sessions.repo.deleteStaffSessions": (tid) => [[tid, ID]],
  "rate-limit.repo.hit": (tid) => [[tid, "staff_login", "192.0.2.1", now, 60_000]],
  "idempotency.repo.claimKey": (tid) => [[tid, { principalKind: "staff", principalId: ID, key: "guard", method: "POST", route: "/api/staff/accounts", requestHash: "h", claimToken: ID }, now, now, now]],
  "idempotency.repo.markCommitted": (tid) => [[tid, ID]],
  "idempotency.repo.storeAnswer": (tid) => [[tid, ID, 200, "{}", false], [tid, ID, 400, "{}", true]],
  "idempotency.repo.releaseClaim": (tid) => [[tid, ID, now]],
  "lockout.repo.countFailedSignIn": (tid) => [[schema.contacts, tid, ID, now], [schema.staffUsers, tid, ID, now]],
};

/** Missing, empty, malformed, padded, or an attempt to widen the condition: all refused. */
const badTenantIds: unknown[] = [undefined, null, "", "not-a-tenant", "11111111-1111-4111-8111-11111111111", ` ${ID}`, `${ID}' or '1'='1`, "*", 42, {}];

let t: TestApp;
/** A second handle on the test database that records every statement sent through it. */
let db: Db;
const sent: { query: string; params: unknown[] }[] = [];
beforeAll(async () => {
  t = await createTestApp();
  const logger = { logQuery: (query: string, params: unknown[]) => sent.push({ query, params }) };
  const client = (t.c.deps.db as unknown as { $client: unknown }).$client;
  db = (t.c.database.kind === "pglite" ? drizzlePglite(client as PGlite, { schema, logger }) : drizzleNodePg(client as pg.Pool, { schema, logger })) as unknown as Db;
});
afterAll(() => t.close());

/** Runs fn, turning a synchronous throw into a rejection; the error, or undefined when it resolved. */
const outcome = async (fn: Fn, args: unknown[]) => {
  try {
    await fn(db, ...args);
    return undefined;
  } catch (e) {
    return e;
  }
};

const tenantFunctions = repoFunctions.filter((f) => !(f.name in noTenant));

describe("PLT-1 every repository's tenant guard", () => {
  it("PLT-1 every exported repository function has a tenant case here, or is listed with the reason it takes no tenant", () => {
    expect(repoFiles.length).toBeGreaterThanOrEqual(13);
    expect(repoFunctions.length).toBeGreaterThan(70);
    const names = repoFunctions.map((f) => f.name);
    expect(names.filter((n) => !(n in cases) && !(n in noTenant)), "functions without a case").toEqual([]);
    expect(Object.keys(cases).filter((n) => !names.includes(n)), "cases for functions that no longer exist").toEqual([]);
    expect(Object.keys(noTenant).filter((n) => !names.includes(n)), "listed functions that no longer exist").toEqual([]);
    // A function that takes a tenant id cannot be excused from the guard.
    expect(repoFunctions.filter((f) => f.name in noTenant && f.params.includes("tenantId")).map((f) => f.name)).toEqual([]);
    expect(repoFunctions.filter((f) => f.name in cases && !f.params.includes("tenantId")).map((f) => f.name)).toEqual(["sessions.repo.insertSession"]);
  });

  it.each(tenantFunctions.map((f) => [f.name, f] as const))("PLT-1 %s refuses a missing or malformed tenant id before sending any SQL", async (name, f) => {
    expect(cases[name], `no case for ${name}`).toBeTypeOf("function");
    const calls = badTenantIds.flatMap((bad) => cases[name](bad).map((args) => ({ bad, args })));
    expect(calls.length).toBeGreaterThanOrEqual(badTenantIds.length);
    for (const { bad, args } of calls) {
      const before = sent.length;
      const err = await outcome(f.fn, args);
      expect(err, `${name} with tenant id ${JSON.stringify(bad)}`).toBeInstanceOf(MissingTenantError);
      expect(sent.slice(before).map((s) => s.query), `${name} sent SQL with tenant id ${JSON.stringify(bad)}`).toEqual([]);
    }
  });

  it.each(tenantFunctions.map((f) => [f.name, f] as const))("PLT-1 every statement %s sends for a valid tenant carries that tenant's id", async (name, f) => {
    expect(cases[name], `no case for ${name}`).toBeTypeOf("function");
    for (const args of cases[name](t.tenantId)) {
      const before = sent.length;
      const err = await outcome(f.fn, args);
      // The made-up ids may break a foreign key or find nothing; a valid tenant id itself is never refused.
      expect(err, `${name} refused a valid tenant id`).not.toBeInstanceOf(MissingTenantError);
      const statements = sent.slice(before);
      expect(statements.length, `${name} sent no SQL`).toBeGreaterThan(0);
      for (const s of statements) expect(s.params, `${name}: ${s.query}`).toContain(t.tenantId);
    }
  });
});
