/**
 * A company that invoices its customers (INV-1): on top of the approval world (two accounts, job contacts,
 * approved work to bill, a second tenant), account A's contacts may view invoices (External Manager), Carla and
 * Alma are its client administrators, and the company prints an address on its invoices.
 */
import { sql } from "drizzle-orm";
import { extractText, getDocumentProxy } from "unpdf";
import { activeContact, call, makeAccount, ok, staffLogin } from "../harness.js";
import { buildApprovalWorld } from "./approval-fixture.js";

export const OTHER_HOST = "other.test";
export const ADDRESS = "1 Harbour Street\nWellington 6011";

export async function buildInvoiceWorld(o: { smtpUrl?: string } = {}) {
  const w = await buildApprovalWorld(o);
  const { s, accounts } = w;
  const roles = (await s("GET", "/api/staff/portal-roles")).items as { id: string; name: string }[];
  const managerRole = roles.find((r) => r.name === "External Manager")!.id;
  await s("PATCH", `/api/staff/accounts/${accounts.A.id}`, { portalRoleId: managerRole });
  await s("PATCH", `/api/staff/accounts/${accounts.B.id}`, { portalRoleId: managerRole });
  await s("PATCH", `/api/staff/accounts/${accounts.A.id}/contacts/${w.contacts.carla.id}`, { clientAdmin: true });
  await s("PATCH", "/api/staff/settings/portal", { companyAddress: ADDRESS, defaultTaxRate: "15", invoicePaymentTermsDays: 30, invoicePrefix: "INV-" });
  const tenantName = (await s("GET", "/api/staff/me")).tenant.name as string;

  /** A draft for an account with the given lines (quantity, unit price). */
  const draft = (accountId: string, lines: [string, string][] = [["1", "100.00"]], v: Record<string, unknown> = {}, cookie?: string) =>
    s("POST", "/api/staff/invoices", { accountId, lines: lines.map(([quantity, unitPrice], i) => ({ description: `Line ${i + 1}`, quantity, unitPrice })), ...v }, cookie);
  /** A draft issued without email. */
  const issued = async (accountId: string, lines?: [string, string][], v?: Record<string, unknown>) => s("POST", `/api/staff/invoices/${(await draft(accountId, lines, v)).id}/mark-sent`);

  // Another company, with an issued invoice of its own.
  await w.t.c.services.staff.createFirstAdmin(w.other.id, { name: "Other Admin", email: "admin@other.test", password: "other tenant passphrase" });
  const otherStaff = await staffLogin(w.t, { email: "admin@other.test", password: "other tenant passphrase" }, OTHER_HOST);
  const os = (method: string, url: string, body?: unknown) => ok(call(w.t, method, url, { cookie: otherStaff, body, host: OTHER_HOST }));
  const otherRoles = (await os("GET", "/api/staff/portal-roles")).items as { id: string; name: string }[];
  const otherAccount = await makeAccount(w.t, otherStaff, { name: "Other Co", portalRoleId: otherRoles.find((r) => r.name === "External Manager")!.id }, OTHER_HOST);
  const stranger = await activeContact(w.t, otherStaff, [otherAccount.id], { firstName: "Stan", lastName: "Stranger" }, OTHER_HOST);
  const otherDraft = await os("POST", "/api/staff/invoices", { accountId: otherAccount.id, lines: [{ description: "Theirs", quantity: "1", unitPrice: "10.00" }] });
  const otherInvoice = await os("POST", `/api/staff/invoices/${otherDraft.id}/mark-sent`);
  const otherJob = (await os("GET", `/api/staff/accounts/${otherAccount.id}/jobs`)).items[0];
  const otherStaffId = (await os("GET", "/api/staff/me")).id as string;

  /** Rows of an invoice table in this tenant. */
  const count = async (table: "invoices" | "invoice_lines" | "invoice_payments" | "invoiced_approvals") =>
    ((await w.t.c.deps.db.execute(sql`select count(*)::int as n from ${sql.identifier(table)} where tenant_id = ${w.t.tenantId}`)) as unknown as { rows: { n: number }[] }).rows[0].n;

  const world = {
    ...w,
    tenantName,
    managerRole,
    draft,
    issued,
    other: { ...w.other, staff: otherStaff, s: os, account: otherAccount, stranger, invoice: otherInvoice, job: otherJob, staffId: otherStaffId },
    count,
    /** After the clock moves past the session lifetime: staff and contacts sign in again. */
    async signInAgain() {
      await w.signInAgain();
      world.staff = w.staff;
    },
  };
  return world;
}
export type InvoiceWorld = Awaited<ReturnType<typeof buildInvoiceWorld>>;

/** The text of a PDF as a PDF reader extracts it (runs of white space, line breaks included, as one space), and its page count. */
export async function pdfText(bytes: Buffer | Uint8Array) {
  const doc = await getDocumentProxy(new Uint8Array(bytes));
  const { text } = await extractText(doc, { mergePages: true });
  return { text: (text as string).replace(/\s+/g, " "), pages: doc.numPages };
}

/** A GET of a binary route, as bytes. */
export async function download(w: { t: InvoiceWorld["t"] }, url: string, cookie: string, host?: string) {
  const res = await w.t.app.inject({ method: "GET", url, headers: { host: host ?? "portico.test", cookie } });
  return { status: res.statusCode, headers: res.headers, bytes: res.rawPayload, json: () => JSON.parse(res.body) };
}
