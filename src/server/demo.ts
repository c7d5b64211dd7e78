import type { Deps } from "./deps.js";
import { inTransaction } from "./deps.js";
import { hashPassword } from "./lib/passwords.js";
import { insertAccount } from "./modules/accounts/accounts.repo.js";
import { insertContact, setMemberships } from "./modules/contacts/contacts.repo.js";
import { listJobs, updateJob } from "./modules/jobs/jobs.repo.js";
import { listLookups } from "./modules/lookups/lookups.repo.js";
import { findPortalRoleByName } from "./modules/portal-roles/portal-roles.repo.js";
import { insertTicket, insertTimeEntry, nextTicketNumber } from "./modules/tickets/tickets.repo.js";
import { findRoleByName, findStaffCredentials, insertStaff, updateStaff } from "./modules/staff/staff.repo.js";
import { getSettings, getTenant, updateSettings } from "./modules/tenants/tenants.repo.js";
import { insertInvoice, insertPayment, issueDraft, replaceLines, setPaid, takeInvoiceNumber } from "./modules/invoices/invoices.repo.js";
import { invoiceTotals } from "./modules/invoices/totals.js";

export const DEMO_PASSWORD = "portico-demo-2026";

/**
 * Demo data: 3 accounts with a default job each, 10 contacts (one in two accounts), 2 staff users, a few tickets, and
 * customer approval turned on with Acme's job on the approval list and billable time ready to send, and Acme's invoices. Runs once.
 */
export async function loadDemoData(d: Deps, tenantId: string) {
  if (await findStaffCredentials(d.db, tenantId, "alex@demo.portico.test")) {
    console.log("Demo data is already loaded.");
    return;
  }
  const hash = await hashPassword(DEMO_PASSWORD);
  await inTransaction(d, async (tx) => {
    const admin = await findRoleByName(tx, tenantId, "Administrator");
    const desk = await findRoleByName(tx, tenantId, "Service desk");
    const alex = await insertStaff(tx, tenantId, { name: "Alex Admin", email: "alex@demo.portico.test", passwordHash: hash, roleId: admin!.id });
    // Demo data loaded before anyone set up the console: Alex is the first administrator.
    if (!(await getSettings(tx, tenantId)).newTicketAssigneeId) await updateSettings(tx, tenantId, { newTicketAssigneeId: alex });
    await insertStaff(tx, tenantId, { name: "Sam Servicedesk", email: "sam@demo.portico.test", passwordHash: hash, roleId: desk!.id });
    const accounts = [
      { name: "Acme Manufacturing", number: "ACME", emailDomains: ["acme.test"], timeZone: "Europe/London", portalEnabled: true },
      { name: "Bluebird Dental", number: "BLUE", emailDomains: ["bluebird.test"], timeZone: "America/New_York", portalEnabled: true },
      { name: "Cedar Law LLP", number: "CEDAR", emailDomains: ["cedarlaw.test"], timeZone: "Europe/Berlin", portalEnabled: true },
    ];
    const user = await findPortalRoleByName(tx, tenantId, "External User");
    const manager = await findPortalRoleByName(tx, tenantId, "External Manager");
    const ids: string[] = [];
    const jobIds: string[] = [];
    for (const [i, a] of accounts.entries()) {
      const id = await insertAccount(tx, tenantId, { ...a, portalRoleId: (i === 0 ? manager : user)?.id });
      ids.push(id);
      jobIds.push((await listJobs(tx, tenantId, id))[0].id);
    }
    const people: [string, string, string, number[], boolean][] = [
      ["Ada", "Lovelace", "ada@acme.test", [0, 1], true],
      ["Grace", "Hopper", "grace@acme.test", [0], true],
      ["Alan", "Turing", "alan@acme.test", [0], false],
      ["Barbara", "Liskov", "barbara@bluebird.test", [1], true],
      ["Edsger", "Dijkstra", "edsger@bluebird.test", [1], false],
      ["Donald", "Knuth", "donald@bluebird.test", [1], false],
      ["Frances", "Allen", "frances@cedarlaw.test", [2], true],
      ["Ken", "Thompson", "ken@cedarlaw.test", [2], false],
      ["Margaret", "Hamilton", "margaret@cedarlaw.test", [2], false],
      ["Linus", "Torvalds", "", [2], false],
    ];
    const contactIds: string[] = [];
    for (const [firstName, lastName, email, accountIdx, active] of people) {
      const id = await insertContact(tx, tenantId, {
        firstName,
        lastName,
        email: email || null,
        phone: null,
        jobTitle: null,
        timeZone: null,
        ...(active ? { portalUsername: email, portalStatus: "active" as const, passwordHash: hash, activatedAt: d.clock() } : {}),
      });
      await setMemberships(tx, tenantId, id, accountIdx.map((i) => ids[i]));
      contactIds.push(id);
    }
    const statuses = await listLookups(tx, tenantId, { kind: "status" });
    const now = d.clock();
    const demoTickets: [number, number, string, string][] = [
      [0, 0, "Laptop will not connect to the VPN", "Since this morning the VPN client says the certificate expired."],
      [0, 1, "New starter next Monday", "Please set up an account and a laptop for our new accountant."],
      [1, 3, "Printer in reception jams", "The reception printer jams on every second page."],
      [2, 6, "Request: shared mailbox for billing", "We would like a shared mailbox billing@cedarlaw.test."],
    ];
    // APR-1…APR-3: Acme's job needs Grace's approval; Alex bills 120.00 an hour, the job 135.00.
    await updateSettings(tx, tenantId, { approvalEnabled: true, approvalPeriodDays: 7 });
    await updateStaff(tx, tenantId, alex, { hourlyRate: "120.00" });
    await updateJob(tx, tenantId, jobIds[0], { requiresApproval: true, billingRate: "135.00", contactId: contactIds[1], managerStaffId: alex });
    const day = (n: number, hour: number) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - n, hour));
    for (const [accountIdx, contactIdx, title, details] of demoTickets) {
      const ticketId = await insertTicket(tx, tenantId, {
        number: await nextTicketNumber(tx, tenantId),
        accountId: ids[accountIdx],
        jobId: jobIds[accountIdx],
        contactId: contactIds[contactIdx],
        assignedStaffId: null,
        title,
        details,
        statusId: statuses[0].id,
        createdVia: "portal",
        createdAt: now,
        updatedAt: now,
      });
      if (accountIdx !== 0) continue;
      for (const [daysAgo, hour, hours, note] of [[3, 9, 1.5, "Diagnosed and fixed on site"], [2, 14, 0.75, "Follow-up call"]] as const) {
        await insertTimeEntry(tx, tenantId, { ticketId, staffId: alex, startedAt: day(daysAgo, hour), endedAt: new Date(day(daysAgo, hour).getTime() + hours * 3_600_000), hours, note, notePublic: true, billable: true, createdAt: now });
      }
    }
    // INV-1: Acme's invoices — one paid, one partly paid, one overdue, and a draft.
    await updateSettings(tx, tenantId, { companyAddress: "12 Market Street\nLondon EC1A 1BB", defaultTaxRate: "10" });
    const company = `${(await getTenant(tx, tenantId))?.name ?? "Portico"}\n12 Market Street\nLondon EC1A 1BB`;
    const date = (n: number) => day(n, 12).toISOString().slice(0, 10);
    const demoInvoices: { issuedDaysAgo: number | null; dueInDays: number; lines: [string, string, string][]; discount?: string; paid?: [number, string, string]; po?: string }[] = [
      { issuedDaysAgo: 60, dueInDays: -30, po: "ACME-PO-2211", lines: [["Managed IT support, monthly", "1", "450.00"], ["Microsoft 365 Business Standard licences", "25", "12.50"]], paid: [40, "full", "BACS 88123"] },
      { issuedDaysAgo: 20, dueInDays: 10, discount: "50.00", lines: [["Laptop set-up for a new starter (hours)", "3", "95.00"], ["Dell Latitude 5450 laptop", "1", "1249.00"]], paid: [5, "500.00", "BACS 90412"] },
      { issuedDaysAgo: 45, dueInDays: -15, lines: [["On-site support visit (hours)", "4.5", "135.00"], ["Firewall firmware update", "1", "180.00"]] },
      { issuedDaysAgo: null, dueInDays: 30, lines: [["Network switch replacement, as quoted", "1", "890.00"], ["Installation and configuration (hours)", "3", "135.00"]] },
    ];
    for (const v of demoInvoices) {
      const lines = v.lines.map(([description, quantity, unitPrice]) => ({ description, quantity, unitPrice }));
      const totals = invoiceTotals({ lines, discountAmount: v.discount ?? "0", taxRate: "10" });
      const invoiceDate = date(v.issuedDaysAgo ?? 0);
      const id = await insertInvoice(tx, tenantId, {
        accountId: ids[0], status: "draft", poNumber: v.po ?? "", toText: "Acme Manufacturing\nAccount ACME", invoiceDate, dueDate: date(-v.dueInDays), salesRepStaffId: alex, jobId: jobIds[0],
        currency: (await getSettings(tx, tenantId)).currency, taxRate: "10", discountAmount: totals.discount, subtotal: totals.subtotal, taxAmount: totals.tax, grandTotal: totals.grandTotal,
        notes: "Payment by bank transfer, quoting the invoice number. Thank you.", createdByStaffId: alex, createdAt: now, updatedAt: now,
      });
      await replaceLines(tx, tenantId, id, lines.map((l, i) => ({ ...l, sort: i, amount: totals.lineAmounts[i] })));
      if (v.issuedDaysAgo === null) continue;
      const { number, prefix } = await takeInvoiceNumber(tx, tenantId);
      await issueDraft(tx, tenantId, id, { number, displayNumber: `${prefix}${number}`, fromText: company, toText: "Acme Manufacturing\nAccount ACME", sentAt: day(v.issuedDaysAgo, 12) });
      if (v.paid) {
        const [daysAgo, paid, reference] = v.paid;
        const amount = paid === "full" ? totals.grandTotal : paid;
        await insertPayment(tx, tenantId, { invoiceId: id, paidOn: date(daysAgo), amount, method: "bank_transfer", reference, recordedByStaffId: alex, createdAt: now });
        await setPaid(tx, tenantId, id, { paidAmount: amount, status: amount === totals.grandTotal ? "paid" : "partly_paid", updatedAt: now });
      }
    }
  });
  console.log(
    `Demo data loaded. Staff: alex@demo.portico.test (administrator) and sam@demo.portico.test; portal users: ada@acme.test (two accounts), grace@acme.test, barbara@bluebird.test, frances@cedarlaw.test. Acme's job waits on the Approvals screen to be sent to Grace, and Acme has four invoices (paid, partly paid, overdue and a draft). Every demo password: ${DEMO_PASSWORD}`,
  );
}
