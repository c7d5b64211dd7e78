import type { Tx } from "./db/client.js";
import type { Deps } from "./deps.js";
import { inTransaction } from "./deps.js";
import type { ProjectTaskStatus } from "./db/schema/index.js";
import { hashPassword } from "./lib/passwords.js";
import { insertAccount } from "./modules/accounts/accounts.repo.js";
import { insertContact, setMemberships } from "./modules/contacts/contacts.repo.js";
import { insertJob, listJobs, updateJob } from "./modules/jobs/jobs.repo.js";
import { insertNote, insertPhase, insertTask, setProjectStaff, upsertProjectContact } from "./modules/projects/projects.repo.js";
import { listLookups } from "./modules/lookups/lookups.repo.js";
import { findPortalRoleByName } from "./modules/portal-roles/portal-roles.repo.js";
import { insertContract, insertEvent as insertContractEvent, setJobContract } from "./modules/contracts/contracts.repo.js";
import { addDays, addMonths, dayIn, periodAt } from "./modules/contracts/retainer.js";
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
    const sam = await insertStaff(tx, tenantId, { name: "Sam Servicedesk", email: "sam@demo.portico.test", passwordHash: hash, roleId: desk!.id });
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
    await loadDemoContracts(tx, tenantId, { acme: ids[0], bluebird: ids[1], alex, now: d.clock() });
    await loadDemoProject(tx, tenantId, { accountId: ids[0], manager: alex, assigned: sam, contacts: [contactIds[1], contactIds[0]], now });
  });
  console.log(
    `Demo data loaded. Staff: alex@demo.portico.test (administrator) and sam@demo.portico.test; portal users: ada@acme.test (two accounts), grace@acme.test, barbara@bluebird.test, frances@cedarlaw.test. Acme's job waits on the Approvals screen to be sent to Grace; Acme's prepaid-hours retainer is about 70 % used this period (Contracts); Grace follows Acme's project "Office network refresh" (Projects); Acme has four invoices: paid, partly paid, overdue and a draft (Invoices). Every demo password: ${DEMO_PASSWORD}`,
  );
}

/**
 * CON-1 demo contracts: Acme's default contract is a retainer of 20 prepaid hours a month, about 70 % used this period by
 * billable time on its "Managed support" job; Acme also has a recurring and a fixed-price contract, Bluebird a time &
 * materials one.
 */
async function loadDemoContracts(tx: Tx, tenantId: string, x: { acme: string; bluebird: string; alex: string; now: Date }) {
  const today = dayIn(x.now, "UTC");
  // The retainer runs since five months before the day its current period began, 18 days ago.
  const start = addMonths(addDays(today, -18), -5);
  const period = periodAt(start, "monthly", today)!;
  const at = x.now;
  const by = { staffId: x.alex, actorName: "Alex Admin", at };
  const contract = async (v: Omit<Parameters<typeof insertContract>[2], "createdAt" | "updatedAt">) => {
    const id = await insertContract(tx, tenantId, { ...v, createdAt: at, updatedAt: at });
    await insertContractEvent(tx, tenantId, { ...by, contractId: id, kind: "created", changes: { name: [null, v.name], type: [null, v.type], startDate: [null, v.startDate] } });
    return id;
  };
  const retainer = await contract({
    accountId: x.acme, name: "Managed IT support — prepaid hours", type: "retainer_hours", reference: "ACME-RET-2026", isDefault: true, startDate: start,
    sla: "4-hour response, business days", billingCycle: "monthly", hoursPerPeriod: "20.00", setupFee: "450.00",
    description: "Remote and on-site support for Acme's offices and plant: 20 hours each month.", billingInfo: "Invoiced monthly in advance; PO 4500-1187.",
  });
  await contract({
    accountId: x.acme, name: "Workstation fleet care", type: "recurring", reference: "ACME-FLEET", startDate: addMonths(start, -2), sla: "Next business day",
    billingCycle: "monthly", billingPrice: "1450.00", description: "Patching, antivirus and backup monitoring for 48 workstations.",
  });
  await contract({
    accountId: x.acme, name: "Office network refresh", type: "fixed_price", reference: "ACME-NET-2", startDate: addDays(today, -40), endDate: addDays(today, 50),
    billingPrice: "12800.00", description: "New switches, Wi-Fi access points and cabling for the main office.",
  });
  await contract({ accountId: x.bluebird, name: "Practice support", type: "time_materials", startDate: addMonths(today, -3), sla: "Same day for the reception desk" });

  const job = await insertJob(tx, tenantId, { accountId: x.acme, number: "ACME-SUP", name: "Managed support", managerStaffId: x.alex, visibleInPortal: true, customersAddTickets: true });
  await setJobContract(tx, tenantId, job, retainer);
  await insertContractEvent(tx, tenantId, { ...by, contractId: retainer, kind: "job_linked", changes: { job: [null, "ACME-SUP · Managed support"] } });
  const statuses = await listLookups(tx, tenantId, { kind: "status" });
  const ticketId = await insertTicket(tx, tenantId, {
    number: await nextTicketNumber(tx, tenantId), accountId: x.acme, jobId: job, contactId: null, assignedStaffId: x.alex, title: "Monthly maintenance and requests",
    details: "Routine work under the support retainer.", statusId: statuses[1]?.id ?? statuses[0].id, createdVia: "staff", createdAt: at, updatedAt: at,
  });
  // 14 of 20 hours (70 %) over the period so far.
  const work: [number, number, string][] = [[0, 1.5, "Patch day"], [2, 2, "New starter laptop"], [4, 1, "Printer driver"], [7, 2.5, "Firewall rules review"], [9, 1.5, "Backup restore test"], [11, 2, "VPN troubleshooting"], [14, 1.5, "Licence renewals"], [16, 2, "Wi-Fi survey, plant floor"]];
  for (const [offset, hours, note] of work) {
    const day = addDays(period.start, offset);
    if (day > today) continue;
    const startedAt = new Date(`${day}T09:00:00Z`);
    await insertTimeEntry(tx, tenantId, { ticketId, staffId: x.alex, startedAt, endedAt: new Date(startedAt.getTime() + hours * 3_600_000), hours, note, notePublic: true, billable: true, createdAt: at });
  }
}

/**
 * PRJ-1: Acme's "Office network refresh": three phases, eight tasks in every state with due dates around today, Sam
 * assigned and Alex managing; Grace follows it with notes, files, tasks and the organisation, Ada with the defaults.
 */
async function loadDemoProject(tx: Tx, tenantId: string, p: { accountId: string; manager: string; assigned: string; contacts: [string, string]; now: Date }) {
  const day = (n: number) => new Date(p.now.getTime() + n * 86_400_000).toISOString().slice(0, 10);
  const jobId = await insertJob(tx, tenantId, {
    accountId: p.accountId,
    number: "ACME-NET",
    name: "Office network refresh",
    isProject: true,
    description: "Replace the switches and Wi-Fi access points at the Manchester office, re-cable the first floor and hand over a documented network.",
    startDate: day(-21),
    dueDate: day(30),
    managerStaffId: p.manager,
    visibleInPortal: true,
  });
  const phase = async (name: string, due: number, sort: number) => insertPhase(tx, tenantId, { jobId, name, dueDate: day(due), sort, createdAt: p.now });
  const survey = await phase("Survey and design", -7, 1);
  const install = await phase("Installation", 10, 2);
  const handover = await phase("Handover", 30, 3);
  const tasks: [string, string, ProjectTaskStatus, number, number, string | null][] = [
    [survey, "Walk the office and map the wiring closets", "done", 100, -14, p.assigned],
    [survey, "Agree the new network design with Grace", "done", 100, -8, p.manager],
    [install, "Order switches and access points", "in_progress", 60, 2, p.assigned],
    [install, "Re-cable the first floor", "blocked", 20, -2, p.assigned],
    [install, "Install the Wi-Fi access points", "not_started", 0, 9, p.assigned],
    [install, "Move the printers to the new VLAN", "not_started", 0, 12, null],
    [handover, "Write the network documentation", "not_started", 0, 25, p.manager],
    [handover, "Train the office manager", "not_started", 0, 29, p.manager],
  ];
  for (const [i, [phaseId, title, status, progress, due, assignedStaffId]] of tasks.entries()) {
    await insertTask(tx, tenantId, { jobId, phaseId, title, status, progress, dueDate: day(due), assignedStaffId, sort: i + 1, createdAt: p.now, updatedAt: p.now });
  }
  await setProjectStaff(tx, tenantId, jobId, [p.assigned]);
  const flags = { viewNotes: true, addNotes: true, viewFiles: true, addFiles: true, viewOrganisation: true, viewClients: true, viewTasks: true, viewTime: true };
  await upsertProjectContact(tx, tenantId, jobId, p.contacts[0], flags, p.now);
  await upsertProjectContact(tx, tenantId, jobId, p.contacts[1], { ...flags, viewOrganisation: false, viewClients: false, viewTime: false }, p.now);
  await insertNote(tx, tenantId, { jobId, body: "The survey is done: two closets, 46 ports. The new switches are on order.", isPublic: true, authorStaffId: p.assigned, authorName: "Sam Servicedesk", createdAt: p.now });
  await insertNote(tx, tenantId, { jobId, body: "Cabling waits for the landlord's permission to open the ceiling.", isPublic: false, authorStaffId: p.manager, authorName: "Alex Admin", createdAt: p.now });
}
