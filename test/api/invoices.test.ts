/** Invoices (INV-1): drafts, exact totals, the gapless sequence, sending with the PDF attached, payments, overdue, voiding and approved work. */
import { sql } from "drizzle-orm";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { call, ok } from "../harness.js";
import { startSmtp } from "../smtp.js";
import { makeStaffUser } from "./ticket-fixture.js";
import { ADDRESS, buildInvoiceWorld, download, type InvoiceWorld, pdfText } from "./invoice-fixture.js";

let smtp: Awaited<ReturnType<typeof startSmtp>>;
let w: InvoiceWorld;
const MISSING = "00000000-0000-4000-8000-000000000000";
const DAY = 86_400_000;

beforeAll(async () => {
  smtp = await startSmtp();
  w = await buildInvoiceWorld({ smtpUrl: smtp.url });
  w.t.clock.now = new Date("2026-11-22T10:00:00Z");
}, 180_000);
afterAll(async () => {
  await w?.t.close();
  await smtp?.close();
});

const post = (url: string, body?: unknown, cookie = w.staff) => call(w.t, "POST", url, { cookie, body });
const patch = (url: string, body: unknown) => call(w.t, "PATCH", url, { cookie: w.staff, body });
const get = (id: string) => w.s("GET", `/api/staff/invoices/${id}`);
const fieldsOf = (r: { body: { fields?: { field: string }[] } }) => (r.body.fields ?? []).map((f) => f.field);

describe("INV-1 drafts by hand, every field and exact totals", () => {
  it("INV-1 a draft holds every field the seed lists; dates default to today and the payment terms, tax to the company's rate", async () => {
    const jobs = (await w.s("GET", `/api/staff/accounts/${w.accounts.A.id}/invoice-options`)).jobs;
    const contractId = await insertContract(w.accounts.A.id, "Support retainer 2026");
    const inv = await w.s("POST", "/api/staff/invoices", {
      accountId: w.accounts.A.id,
      poNumber: "PO-7781",
      salesRepStaffId: w.me.id,
      jobId: w.jobs.website.id,
      contractId,
      notes: "Thank you for your business.",
      discountAmount: "10.00",
      lines: [
        { description: "Consulting", quantity: "0.33", unitPrice: "100.05" },
        { description: "Licences", quantity: "3", unitPrice: "19.99" },
        { description: "Tiny", quantity: "1.5", unitPrice: "0.01" },
      ],
    });
    expect(jobs.map((j: { id: string }) => j.id)).toContain(w.jobs.website.id);
    expect(inv).toMatchObject({
      number: null,
      displayNumber: null,
      status: "draft",
      storedStatus: "draft",
      account: { id: w.accounts.A.id },
      poNumber: "PO-7781",
      invoiceDate: "2026-11-22",
      dueDate: "2026-12-22",
      salesRep: { id: w.me.id },
      project: { id: w.jobs.website.id, name: "Website rebuild" },
      contract: { id: contractId, name: "Support retainer 2026" },
      currency: "NZD",
      taxRate: "15.00",
      notes: "Thank you for your business.",
      sentAt: null,
      fromText: `${w.tenantName}\n${ADDRESS}`,
      toText: w.accounts.A.name,
      payments: [],
    });
    // 0.33 × 100.05 = 33.0165 → 33.02; 3 × 19.99 = 59.97; 1.5 × 0.01 = 0.015 → 0.02 (half away from zero).
    expect(inv.lines.map((l: { quantity: string; unitPrice: string; amount: string }) => [l.quantity, l.unitPrice, l.amount])).toEqual([
      ["0.33", "100.05", "33.02"],
      ["3.00", "19.99", "59.97"],
      ["1.50", "0.01", "0.02"],
    ]);
    // Subtotal 93.01, less 10.00 = 83.01; 15 % of it is 12.4515 → 12.45; grand total 95.46.
    expect(inv).toMatchObject({ subtotal: "93.01", discountAmount: "10.00", taxAmount: "12.45", grandTotal: "95.46", paidAmount: "0.00", paymentDue: "95.46" });
    expect(inv.can).toEqual({ edit: true, delete: true, send: true, recordPayment: false, void: false });
  });

  it("INV-1 negative or zero quantities, negative prices, a discount above the subtotal and bad dates are 400s on their field, and nothing is written", async () => {
    const before = [await w.count("invoices"), await w.count("invoice_lines")];
    const line = (quantity: string, unitPrice = "10.00") => ({ description: "X", quantity, unitPrice });
    const cases: [Record<string, unknown>, string][] = [
      [{ lines: [line("-1")] }, "lines.0.quantity"],
      [{ lines: [line("1"), line("0")] }, "lines.1.quantity"],
      [{ lines: [line("1", "-5")] }, "lines.0.unitPrice"],
      [{ lines: [line("1", "1e3")] }, "lines.0.unitPrice"],
      [{ lines: [line("abc")] }, "lines.0.quantity"],
      [{ lines: [line("1", "10.00")], discountAmount: "10.01" }, "discountAmount"],
      [{ lines: [], discountAmount: "0.01" }, "discountAmount"],
      [{ lines: [line("1")], taxRate: "100.01" }, "taxRate"],
      [{ lines: [line("1")], invoiceDate: "2026-02-30" }, "invoiceDate"],
      [{ lines: [line("1")], dueDate: "tomorrow" }, "dueDate"],
      [{ lines: [line("1")], invoiceDate: "2026-11-22", dueDate: "2026-11-21" }, "dueDate"],
      [{ lines: [{ description: "", quantity: "1", unitPrice: "1" }] }, "lines.0.description"],
      [{ lines: [line("1")], lines2: [] }, "lines2"],
    ];
    for (const [body, field] of cases) {
      const r = await post("/api/staff/invoices", { accountId: w.accounts.A.id, ...body });
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(fieldsOf(r), JSON.stringify(body)).toContain(field);
      expect(r.body.message.length).toBeGreaterThan(10);
    }
    const neg = await post("/api/staff/invoices", { accountId: w.accounts.A.id, lines: [line("-2")] });
    expect(neg.body.message).toBe("Quantity must be more than 0: negative and zero quantities are not accepted.");
    const over = await post("/api/staff/invoices", { accountId: w.accounts.A.id, lines: [line("2", "5.00")], discountAmount: "10.50" });
    expect(over.body.fields[0].message).toBe("must not be more than the subtotal (10.00)");
    expect([await w.count("invoices"), await w.count("invoice_lines")]).toEqual(before);
  });

  it("INV-1 another tenant's or a made-up account, another account's job or contract, and another company's staff member are refused on their field, and nothing is written", async () => {
    const before = await w.count("invoices");
    const bContract = await insertContract(w.accounts.B.id, "Bluebird contract");
    const lines = [{ description: "X", quantity: "1", unitPrice: "1.00" }];
    const cases: [Record<string, unknown>, string][] = [
      [{ accountId: w.other.account.id }, "accountId"],
      [{ accountId: MISSING }, "accountId"],
      [{ accountId: w.accounts.A.id, jobId: w.jobs.bJob.id }, "jobId"],
      [{ accountId: w.accounts.A.id, jobId: w.other.job.id }, "jobId"],
      [{ accountId: w.accounts.A.id, jobId: MISSING }, "jobId"],
      [{ accountId: w.accounts.A.id, contractId: bContract }, "contractId"],
      [{ accountId: w.accounts.A.id, salesRepStaffId: w.other.staffId }, "salesRepStaffId"],
      [{ accountId: w.accounts.A.id, salesRepStaffId: "not-an-id" }, "salesRepStaffId"],
      [{ accountId: w.accounts.A.id, lines: [{ ...lines[0], approvalRequestId: MISSING }] }, "lines.0.approvalRequestId"],
    ];
    for (const [body, field] of cases) {
      const r = await post("/api/staff/invoices", { lines, ...body });
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(fieldsOf(r)).toContain(field);
    }
    expect(await w.count("invoices")).toBe(before);
    // The same on a draft's changes: nothing changes.
    const d = await w.draft(w.accounts.A.id);
    for (const [body, field] of [[{ jobId: w.other.job.id }, "jobId"], [{ contractId: bContract }, "contractId"], [{ lines: [{ description: "X", quantity: "-1", unitPrice: "1" }] }, "lines.0.quantity"], [{ discountAmount: "100.01" }, "discountAmount"], [{ dueDate: "2026-11-01" }, "dueDate"]] as const) {
      const r = await patch(`/api/staff/invoices/${d.id}`, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(fieldsOf(r)).toContain(field);
    }
    expect(await get(d.id)).toMatchObject({ grandTotal: "115.00", project: null, contract: null, dueDate: "2026-12-22" });
  });

  it("INV-1 a draft is edited (its lines replaced, the totals worked out again) and deleted after confirmation; unknown ids are 404s", async () => {
    const d = await w.draft(w.accounts.A.id, [["2", "50.00"]]);
    expect(d.grandTotal).toBe("115.00");
    const edited = await w.s("PATCH", `/api/staff/invoices/${d.id}`, { lines: [{ description: "Workshop", quantity: "1", unitPrice: "999.99" }, { description: "Travel", quantity: "0.5", unitPrice: "0.05" }], taxRate: "0", poNumber: "PO-9", toText: "Acme Ltd\nPO Box 12" });
    expect(edited.lines.map((l: { description: string; amount: string }) => [l.description, l.amount])).toEqual([["Workshop", "999.99"], ["Travel", "0.03"]]);
    expect(edited).toMatchObject({ subtotal: "1000.02", taxAmount: "0.00", grandTotal: "1000.02", poNumber: "PO-9", toText: "Acme Ltd\nPO Box 12" });
    const notes = await w.s("PATCH", `/api/staff/invoices/${d.id}`, { notes: "Net 30" });
    expect(notes.lines).toHaveLength(2);
    expect(notes.grandTotal).toBe("1000.02");
    expect((await w.s("DELETE", `/api/staff/invoices/${d.id}`)).ok).toBe(true);
    expect((await call(w.t, "GET", `/api/staff/invoices/${d.id}`, { cookie: w.staff })).status).toBe(404);
    for (const [m, u] of [["GET", ""], ["PATCH", ""], ["DELETE", ""], ["POST", "/send"], ["POST", "/mark-sent"], ["GET", "/invoice.pdf"]] as const) {
      const r = await call(w.t, m, `/api/staff/invoices/${MISSING}${u}`, { cookie: w.staff, body: m === "PATCH" ? { notes: "x" } : m === "POST" ? {} : undefined });
      expect(r.status, `${m} ${u}`).toBe(404);
    }
  });
});

describe("INV-1 the numbering sequence", () => {
  it("INV-1 issuing takes the next number of the company's sequence; the prefix is printed before it; issued invoices are frozen", async () => {
    const a = await w.issued(w.accounts.A.id);
    const b = await w.issued(w.accounts.B.id);
    expect(b.number).toBe(a.number + 1);
    expect(a.displayNumber).toBe(`INV-${a.number}`);
    expect(a).toMatchObject({ status: "sent", sentAt: w.t.clock.read().toISOString(), fromText: `${w.tenantName}\n${ADDRESS}` });
    for (const [m, u, body] of [["PATCH", "", { notes: "late" }], ["DELETE", "", undefined], ["POST", "/mark-sent", {}]] as const) {
      const r = await call(w.t, m, `/api/staff/invoices/${a.id}${u}`, { cookie: w.staff, body });
      expect(r.status, `${m} ${u}`).toBe(409);
    }
    // A changed prefix applies to the next number only.
    await w.s("PATCH", "/api/staff/settings/portal", { invoicePrefix: "FAB/" });
    const c = await w.issued(w.accounts.A.id);
    expect(c.displayNumber).toBe(`FAB/${b.number + 1}`);
    expect((await get(a.id)).displayNumber).toBe(`INV-${a.number}`);
    await w.s("PATCH", "/api/staff/settings/portal", { invoicePrefix: "INV-" });
  });

  it("INV-1 an issue that is refused gives nothing away: the next invoice gets the next number, with no gap", async () => {
    const a = await w.issued(w.accounts.A.id);
    const empty = await w.s("POST", "/api/staff/invoices", { accountId: w.accounts.A.id, lines: [] });
    const refused = await post(`/api/staff/invoices/${empty.id}/mark-sent`, {});
    expect(refused.status).toBe(400);
    expect(fieldsOf(refused)).toEqual(["lines"]);
    expect((await get(empty.id)).number).toBeNull();
    const b = await w.issued(w.accounts.A.id);
    expect(b.number).toBe(a.number + 1);
  });

  it("INV-1 five invoices issued at the same moment get consecutive numbers, with no gap and no duplicate", async () => {
    const last = await w.issued(w.accounts.A.id);
    const drafts = await Promise.all(Array.from({ length: 5 }, (_, i) => w.draft(i % 2 ? w.accounts.B.id : w.accounts.A.id)));
    const answers = await Promise.all(drafts.map((d, i) => (i % 2 ? post(`/api/staff/invoices/${d.id}/mark-sent`, {}) : post(`/api/staff/invoices/${d.id}/send`, { extraEmails: ["ap@client.test"] }))));
    for (const a of answers) expect(a.status, JSON.stringify(a.body)).toBe(200);
    const numbers = answers.map((a) => (a.body.invoice ?? a.body).number as number).sort((x, y) => x - y);
    expect(numbers).toEqual([1, 2, 3, 4, 5].map((n) => last.number + n));
    // The same invoice issued twice at once: one number.
    const d = await w.draft(w.accounts.A.id);
    const twice = await Promise.all([post(`/api/staff/invoices/${d.id}/mark-sent`, {}), post(`/api/staff/invoices/${d.id}/mark-sent`, {})]);
    expect(twice.map((r) => r.status).sort()).toEqual([200, 409]);
    expect((await get(d.id)).number).toBe(last.number + 6);
    const all = ((await w.t.c.deps.db.execute(sql`select number from invoices where tenant_id = ${w.t.tenantId} and number is not null order by number`)) as unknown as { rows: { number: string | number }[] }).rows.map((r) => Number(r.number));
    expect(all).toEqual(Array.from({ length: all.length }, (_, i) => i + 1));
  });

  it.runIf(Boolean(process.env.DATABASE_URL))("INV-1 on PostgreSQL, two issues that both wait on the sequence at the same moment get consecutive numbers", async () => {
    const r = (await w.t.c.deps.db.execute(sql`select current_database() as name`)) as unknown as { rows: { name: string }[] };
    const u = new URL(process.env.DATABASE_URL!);
    u.pathname = `/${r.rows[0].name}`;
    const locker = new pg.Client({ connectionString: u.toString() });
    const watcher = new pg.Client({ connectionString: u.toString() });
    await locker.connect();
    await watcher.connect();
    try {
      const last = await w.issued(w.accounts.A.id);
      const [d1, d2] = [await w.draft(w.accounts.A.id), await w.draft(w.accounts.B.id)];
      await locker.query("begin");
      await locker.query("select 1 from portal_settings where tenant_id = $1 for update", [w.t.tenantId]);
      const answers = [post(`/api/staff/invoices/${d1.id}/mark-sent`, {}), post(`/api/staff/invoices/${d2.id}/send`, { extraEmails: ["ap@client.test"] })];
      await vi.waitFor(async () => {
        const n = await watcher.query("select count(*)::int as n from pg_stat_activity where datname = $1 and wait_event_type = 'Lock' and pid <> pg_backend_pid()", [r.rows[0].name]);
        expect(n.rows[0].n).toBe(2);
      }, { timeout: 15_000, interval: 20 });
      await locker.query("commit");
      const done = await Promise.all(answers);
      const numbers = done.map((a) => (a.body.invoice ?? a.body).number).sort((x: number, y: number) => x - y);
      expect(numbers).toEqual([last.number + 1, last.number + 2]);
    } finally {
      await locker.end();
      await watcher.end();
    }
  });
});

describe("INV-1 sending: the PDF attached, through the outbox and SMTP", () => {
  it("INV-1 sending emails the account's client administrators with the PDF attached; its text reads back from the PDF; the email log names the file without its content", async () => {
    const d = await w.draft(w.accounts.A.id, [["2", "120.00"], ["0.5", "80.00"]], { poNumber: "PO-SMTP", salesRepStaffId: w.me.id, jobId: w.jobs.website.id, notes: "Pay by bank transfer." });
    const sent = await w.s("POST", `/api/staff/invoices/${d.id}/send`, {});
    // Carla and Alma are the client administrators with portal access.
    expect(sent.emailedTo.sort()).toEqual([w.contacts.alma.email, w.contacts.carla.email].sort());
    const inv = sent.invoice;
    expect(inv.status).toBe("sent");
    smtp.received.length = 0;
    while ((await w.t.c.worker.runOnce()) > 0);
    const mail = smtp.received.find((m) => m.to === w.contacts.carla.email && m.subject.includes(inv.displayNumber));
    expect(mail?.subject).toBe(`Invoice ${inv.displayNumber} from ${w.tenantName}`);
    expect(mail?.text).toContain("Amount due: NZ$322.00");
    // Carla may view invoices in the portal: her email links there; Alma's role may not, so hers does not.
    expect(mail?.text).toContain(`/portal/invoices/${inv.id}?account=${w.accounts.A.id}`);
    const almas = smtp.received.find((m) => m.to === w.contacts.alma.email && m.subject.includes(inv.displayNumber));
    expect(almas?.text).not.toContain("/portal/invoices/");
    expect(mail?.attachments.map((a) => [a.filename, a.contentType])).toEqual([[`invoice-${inv.displayNumber}.pdf`, "application/pdf"]]);
    const { text } = await pdfText(mail!.attachments[0].content);
    for (const expected of [w.tenantName, "1 Harbour Street", "Wellington 6011", "INVOICE", inv.displayNumber, w.accounts.A.name, "PO-SMTP", "Ada Admin", "Website rebuild", "Line 1", "Line 2", "NZ$240.00", "NZ$40.00", "Subtotal", "NZ$280.00", "Tax (15 %)", "NZ$42.00", "Grand total", "NZ$322.00", "Payment due", "Pay by bank transfer.", "22 November 2026", "22 December 2026"]) {
      expect(text, expected).toContain(expected);
    }
    // The message as it crossed the wire parses as a mail with a PDF part.
    const log = await w.s("GET", `/api/staff/emails?q=${encodeURIComponent(w.contacts.carla.email)}`);
    const row = log.items.find((e: { subject: string }) => e.subject.includes(inv.displayNumber));
    expect(row).toMatchObject({ status: "sent", template: "invoice_sent", attachments: [`invoice-${inv.displayNumber}.pdf`] });
    const detail = await call(w.t, "GET", `/api/staff/emails/${row.id}`, { cookie: w.staff });
    expect(JSON.stringify(detail.body)).not.toContain("JVBERi0"); // base64 of "%PDF-"
    expect(JSON.stringify(log)).not.toContain("JVBERi0");
    expect(detail.body.textBody).toContain("The invoice is attached as a PDF.");
  });

  it("INV-1 staff pick the recipients among the account's contacts (and extra addresses); a contact of another account or tenant is refused and nothing is issued", async () => {
    const d = await w.draft(w.accounts.A.id);
    for (const contactIds of [[w.contacts.bob.id], [w.other.stranger.id], [MISSING]]) {
      const r = await post(`/api/staff/invoices/${d.id}/send`, { contactIds });
      expect(r.status).toBe(400);
      expect(fieldsOf(r)).toEqual(["contactIds"]);
    }
    const bad = await post(`/api/staff/invoices/${d.id}/send`, { contactIds: [], extraEmails: ["not an email"] });
    expect(bad.status).toBe(400);
    const nobody = await post(`/api/staff/invoices/${d.id}/send`, { contactIds: [] });
    expect(nobody.status).toBe(400);
    expect(nobody.body.message).toMatch(/at least one recipient/);
    expect((await get(d.id)).status).toBe("draft");
    const sent = await w.s("POST", `/api/staff/invoices/${d.id}/send`, { contactIds: [w.contacts.colin.id], extraEmails: ["accounts@acme.test"] });
    expect(sent.emailedTo).toEqual([w.contacts.colin.email, "accounts@acme.test"]);
    const queued = ((await w.t.c.deps.db.execute(sql`select recipient from outbox where template = 'invoice_sent' and payload->>'number' = ${sent.invoice.displayNumber} order by id`)) as unknown as { rows: { recipient: string }[] }).rows;
    expect(queued.map((q) => q.recipient)).toEqual([w.contacts.colin.email, "accounts@acme.test"]);
    // Sent again: the same number, another email.
    const again = await w.s("POST", `/api/staff/invoices/${d.id}/send`, { contactIds: [w.contacts.colin.id] });
    expect(again.invoice.number).toBe(sent.invoice.number);
  });

  it("INV-1 a long invoice runs onto several A4 pages, every line in the PDF; the download is an attachment that is never sniffed", async () => {
    const lines = Array.from({ length: 70 }, (_, i) => [String(i + 1), "10.00"] as [string, string]);
    const d = await w.draft(w.accounts.A.id, lines);
    const res = await download(w, `/api/staff/invoices/${d.id}/invoice.pdf`, w.staff);
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toBe("application/pdf");
    expect(res.headers["content-disposition"]).toMatch(/^attachment; filename="invoice-draft-[0-9a-f]{8}\.pdf"$/);
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
    const { text, pages } = await pdfText(res.bytes);
    expect(pages).toBeGreaterThanOrEqual(2);
    expect(text).toContain("DRAFT INVOICE");
    expect(text).toContain("Line 70");
    expect(text).toContain(`Page 2 of ${pages}`);
  });
});

describe("INV-1 payments and overdue", () => {
  it("INV-1 a payment above what is due, of nothing, in the future or before the invoice date is refused on its field; payments make it partly paid, then paid", async () => {
    const inv = await w.issued(w.accounts.A.id, [["1", "100.00"]]); // 115.00 with tax
    const pay = (body: Record<string, unknown>) => post(`/api/staff/invoices/${inv.id}/payments`, { paidOn: "2026-11-22", method: "bank_transfer", ...body });
    for (const [body, field] of [[{ amount: "115.01" }, "amount"], [{ amount: "0" }, "amount"], [{ amount: "-5" }, "amount"], [{ amount: "10", paidOn: "2026-11-23" }, "paidOn"], [{ amount: "10", paidOn: "2026-10-01" }, "paidOn"], [{ amount: "10", paidOn: "2026-13-01" }, "paidOn"], [{ amount: "10", method: "bitcoin" }, "method"]] as const) {
      const r = await pay(body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(fieldsOf(r)).toContain(field);
    }
    expect((await pay({ amount: "115.01" })).body.message).toBe("Amount must not be more than the payment due (115.00)");
    expect(await w.count("invoice_payments")).toBe(0);
    const partly = await ok(pay({ amount: "40.00", reference: "TX-1" }));
    expect(partly).toMatchObject({ status: "partly_paid", paidAmount: "40.00", paymentDue: "75.00" });
    expect((await pay({ amount: "75.01" })).status).toBe(400);
    const paid = await ok(pay({ amount: "75", method: "card" }));
    expect(paid).toMatchObject({ status: "paid", paidAmount: "115.00", paymentDue: "0.00", can: { recordPayment: false, void: false } });
    expect(paid.payments.map((p: { amount: string; method: string; reference: string; recordedBy: string }) => [p.amount, p.method, p.reference, p.recordedBy])).toEqual([["40.00", "bank_transfer", "TX-1", "Ada Admin"], ["75.00", "card", "", "Ada Admin"]]);
    expect((await pay({ amount: "1" })).status).toBe(409);
    const draft = await w.draft(w.accounts.A.id);
    expect((await post(`/api/staff/invoices/${draft.id}/payments`, { amount: "1", paidOn: "2026-11-22", method: "cash" })).status).toBe(409);
  });

  it("INV-1 overdue is derived from the due date (the injected clock) in the company's time zone, on the invoice and in the list's status filter", async () => {
    const inv = await w.issued(w.accounts.B.id, [["1", "10.00"]], { invoiceDate: "2026-11-01", dueDate: "2026-11-25" });
    const statusIn = async (status: string) => (await w.s("GET", `/api/staff/invoices?status=${status}&pageSize=100`)).items.map((i: { id: string }) => i.id);
    expect((await get(inv.id)).status).toBe("sent");
    expect(await statusIn("sent")).toContain(inv.id);
    expect(await statusIn("overdue")).not.toContain(inv.id);
    // On its due date it is not overdue yet; the day after, it is.
    w.t.clock.now = new Date("2026-11-25T10:00:00Z");
    await w.signInAgain();
    try {
      expect((await get(inv.id)).status).toBe("sent");
      w.t.clock.advance(DAY);
      await w.signInAgain();
      expect((await get(inv.id)).status).toBe("overdue");
      expect(await statusIn("overdue")).toContain(inv.id);
      expect(await statusIn("sent")).not.toContain(inv.id);
      // At 10:00 UTC on the 26th it is still the 25th in Pago Pago: not overdue there yet.
      await w.s("PATCH", "/api/staff/settings/tickets", { timeZone: "Pacific/Pago_Pago" });
      expect((await get(inv.id)).status).toBe("sent");
      expect(await statusIn("overdue")).not.toContain(inv.id);
      await w.s("PATCH", "/api/staff/settings/tickets", { timeZone: "UTC" });
      const part = await w.s("POST", `/api/staff/invoices/${inv.id}/payments`, { amount: "5.00", paidOn: "2026-11-26", method: "cash" });
      expect(part.status).toBe("overdue");
      expect(part.storedStatus).toBe("partly_paid");
      expect(await statusIn("partly_paid")).not.toContain(inv.id);
      const paid = await w.s("POST", `/api/staff/invoices/${inv.id}/payments`, { amount: "6.50", paidOn: "2026-11-26", method: "cash" });
      expect(paid.status).toBe("paid");
      expect(await statusIn("paid")).toContain(inv.id);
      expect(await statusIn("overdue")).not.toContain(inv.id);
      // Every item a status filter lists shows that status.
      for (const s of ["draft", "sent", "partly_paid", "overdue", "paid", "void"]) {
        const items = (await w.s("GET", `/api/staff/invoices?status=${s}&pageSize=100`)).items as { status: string }[];
        expect(items.every((i) => i.status === s), s).toBe(true);
      }
    } finally {
      await w.s("PATCH", "/api/staff/settings/tickets", { timeZone: "UTC" });
      w.t.clock.now = new Date("2026-11-22T10:00:00Z");
      await w.signInAgain();
    }
  });

  it("INV-1 the list filters by account and searches number, PO and account; pages are in the address's terms", async () => {
    const inv = await w.issued(w.accounts.B.id, [["1", "1.00"]], { poNumber: "PO-FINDME" });
    const found = await w.s("GET", "/api/staff/invoices?q=findme");
    expect(found.items.map((i: { id: string }) => i.id)).toEqual([inv.id]);
    const byNumber = await w.s("GET", `/api/staff/invoices?q=${encodeURIComponent(inv.displayNumber)}`);
    expect(byNumber.items.map((i: { id: string }) => i.id)).toContain(inv.id);
    const bOnly = await w.s("GET", `/api/staff/invoices?accountId=${w.accounts.B.id}&pageSize=100`);
    expect(bOnly.items.every((i: { account: { id: string } }) => i.account.id === w.accounts.B.id)).toBe(true);
    const paged = await w.s("GET", "/api/staff/invoices?pageSize=2&page=2");
    expect(paged.items).toHaveLength(2);
    expect(paged.total).toBeGreaterThan(4);
    expect(JSON.stringify(await w.s("GET", "/api/staff/invoices?pageSize=100"))).not.toContain(w.other.invoice.id);
    expect((await call(w.t, "GET", "/api/staff/invoices?status=late", { cookie: w.staff })).status).toBe(400);
  });
});

describe("INV-1 voiding", () => {
  it("INV-1 a void keeps its number and says why and who; a paid or partly paid invoice and a draft cannot be voided", async () => {
    const inv = await w.issued(w.accounts.A.id);
    expect((await post(`/api/staff/invoices/${inv.id}/void`, { reason: "" })).status).toBe(400);
    const voided = await w.s("POST", `/api/staff/invoices/${inv.id}/void`, { reason: "Raised twice by mistake" });
    expect(voided).toMatchObject({ status: "void", number: inv.number, displayNumber: inv.displayNumber, voidReason: "Raised twice by mistake", voidedBy: "Ada Admin", can: { send: false, recordPayment: false, void: false } });
    expect((await post(`/api/staff/invoices/${inv.id}/void`, { reason: "again" })).status).toBe(409);
    expect((await post(`/api/staff/invoices/${inv.id}/send`, {})).status).toBe(409);
    const next = await w.issued(w.accounts.A.id);
    expect(next.number).toBe(inv.number + 1);
    const { text } = await pdfText((await download(w, `/api/staff/invoices/${inv.id}/invoice.pdf`, w.staff)).bytes);
    expect(text).toContain("VOID: Raised twice by mistake");

    const part = await w.issued(w.accounts.A.id);
    await w.s("POST", `/api/staff/invoices/${part.id}/payments`, { amount: "1.00", paidOn: "2026-11-22", method: "cash" });
    const refused = await post(`/api/staff/invoices/${part.id}/void`, { reason: "No" });
    expect(refused.status).toBe(409);
    expect(refused.body.message).toMatch(/payments are recorded against it/);
    const draft = await w.draft(w.accounts.A.id);
    expect((await post(`/api/staff/invoices/${draft.id}/void`, { reason: "No" })).body.message).toBe("A draft is not voided: delete it instead.");
  });
});

describe("INV-1 invoicing approved work (APR-4)", () => {
  let versionId: string;
  beforeAll(async () => {
    await w.s("POST", "/api/staff/approvals/send", { jobIds: [w.jobs.website.id, w.jobs.support.id] });
    for (const job of [w.jobs.website.id, w.jobs.support.id]) {
      const v = (await w.s("GET", `/api/staff/approvals/jobs/${job}`)).versions[0];
      await ok(call(w.t, "POST", "/api/portal/approvals/answers", { cookie: w.contacts.carla.cookie, body: { decision: "approve", comment: "", requests: [{ id: v.id, statementHash: v.statementHash }] } }));
      if (job === w.jobs.website.id) versionId = v.id;
    }
  });
  const candidates = async () => (await w.s("GET", `/api/staff/accounts/${w.accounts.A.id}/invoiceable-approvals`)).items as { id: string; totalAmount: string; job: { name: string } }[];

  it("INV-1 APR-4 staff list the account's approved versions not yet invoiced and make a draft of their frozen lines: quantity = hours, unit price = rate", async () => {
    const list = await candidates();
    expect(list.map((c) => [c.job.name, c.totalAmount]).sort()).toEqual([["Monthly support", "37.50"], ["Website rebuild", "420.00"]]);
    expect((await w.s("GET", `/api/staff/accounts/${w.accounts.B.id}/invoiceable-approvals`)).items).toEqual([]);
    const inv = await w.s("POST", "/api/staff/invoices/from-approvals", { accountId: w.accounts.A.id, approvalRequestIds: [versionId], grouping: "per_line" });
    expect(inv.lines.map((l: { quantity: string; unitPrice: string; amount: string; approvalRequestId: string }) => [l.quantity, l.unitPrice, l.amount, l.approvalRequestId])).toEqual([["2.00", "120.00", "240.00", versionId], ["1.50", "120.00", "180.00", versionId]]);
    expect(inv.lines[0].description).toMatch(/^2026-11-18 · #\d+ Home page layout · Ada Admin — Worked on it$/);
    expect(inv).toMatchObject({ subtotal: "420.00", project: { id: w.jobs.website.id }, approvals: [{ id: versionId, version: 1, totalAmount: "420.00" }] });
    expect((await candidates()).map((c) => c.job.name)).toEqual(["Monthly support"]);
    // Not twice; the reopen of invoiced work is refused.
    const again = await post("/api/staff/invoices/from-approvals", { accountId: w.accounts.A.id, approvalRequestIds: [versionId] });
    expect(again.status).toBe(409);
    expect(again.body.message).toMatch(/is already on a draft invoice/);
    const reopen = await post(`/api/staff/approval-requests/${versionId}/reopen`, { reason: "Fix" });
    expect(reopen.status).toBe(409);
    // Deleting the draft releases the work.
    await w.s("DELETE", `/api/staff/invoices/${inv.id}`);
    expect((await candidates()).map((c) => c.job.name).sort()).toEqual(["Monthly support", "Website rebuild"]);
  });

  it("INV-1 APR-4 one line per version keeps the approved amount; another account's or a missing version is refused; voiding releases the work", async () => {
    const inv = await w.s("POST", "/api/staff/invoices/from-approvals", { accountId: w.accounts.A.id, approvalRequestIds: [versionId], grouping: "per_version" });
    expect(inv.lines).toHaveLength(1);
    expect(inv.lines[0]).toMatchObject({ quantity: "3.50", unitPrice: "120.00", amount: "420.00" });
    expect(inv.lines[0].description).toMatch(/Website rebuild: approved work up to 2026-11-22 \(version 1\)/);
    const before = await w.count("invoices");
    for (const ids of [[MISSING], [w.other.invoice.id]]) {
      const r = await post("/api/staff/invoices/from-approvals", { accountId: w.accounts.A.id, approvalRequestIds: ids });
      expect(r.status).toBe(400);
      expect(fieldsOf(r)).toEqual(["approvalRequestIds"]);
    }
    const onB = await post("/api/staff/invoices/from-approvals", { accountId: w.accounts.B.id, approvalRequestIds: [versionId] });
    expect(onB.status).toBe(400);
    expect(await w.count("invoices")).toBe(before);
    await w.s("POST", `/api/staff/invoices/${inv.id}/mark-sent`);
    expect((await candidates()).map((c) => c.job.name)).toEqual(["Monthly support"]);
    await w.s("POST", `/api/staff/invoices/${inv.id}/void`, { reason: "Billed on the contract instead" });
    expect((await candidates()).map((c) => c.job.name).sort()).toEqual(["Monthly support", "Website rebuild"]);
  });

  it("INV-1 APR-4 two staff invoicing the same approved work at once: one draft, and the other gets a 409", async () => {
    const supportId = (await candidates()).find((c) => c.job.name === "Monthly support")!.id;
    const before = await w.count("invoices");
    const answers = await Promise.all([1, 2].map(() => post("/api/staff/invoices/from-approvals", { accountId: w.accounts.A.id, approvalRequestIds: [supportId, versionId] })));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    expect(await w.count("invoices")).toBe(before + 1);
    expect(await candidates()).toEqual([]);
  });
});

describe("INV-1 idempotent create", () => {
  it("INV-1 a create retried with the same Idempotency-Key makes one draft", async () => {
    const before = await w.count("invoices");
    const body = { accountId: w.accounts.A.id, lines: [{ description: "Keyed", quantity: "1", unitPrice: "1.00" }] };
    const first = await call(w.t, "POST", "/api/staff/invoices", { cookie: w.staff, body, headers: { "Idempotency-Key": "invoice-key-1" } });
    const retry = await call(w.t, "POST", "/api/staff/invoices", { cookie: w.staff, body, headers: { "Idempotency-Key": "invoice-key-1" } });
    expect(first.status).toBe(200);
    expect(retry.headers["idempotent-replayed"]).toBe("true");
    expect(retry.body.id).toBe(first.body.id);
    expect(await w.count("invoices")).toBe(before + 1);
  });
});

describe("INV-1 the company logo on invoices", () => {
  it("INV-1 staff upload a PNG or JPEG logo, re-encoded to a PNG of at most 600 × 200 and printed on the PDF; other files and oversize ones are 4xx", async () => {
    const sharp = (await import("sharp")).default;
    const big = await sharp({ create: { width: 1800, height: 400, channels: 3, background: "#3355aa" } }).jpeg().toBuffer();
    const up = await uploadLogo("logo.jpg", big);
    expect(up.status, JSON.stringify(up.body)).toBe(200);
    expect(up.body).toEqual({ hasLogo: true, width: 600, height: 133 });
    const img = await download(w, "/api/staff/settings/logo", w.staff);
    expect(img.headers["content-type"]).toBe("image/png");
    expect(img.bytes.subarray(1, 4).toString()).toBe("PNG");
    for (const [name, content, status] of [["logo.png", Buffer.from("<svg xmlns='http://www.w3.org/2000/svg'/>"), 400], ["logo.gif", Buffer.from("GIF89a....."), 400], ["logo.png", Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(100)]), 400], ["huge.png", Buffer.alloc(3 * 1024 * 1024, 1), 413]] as const) {
      const r = await uploadLogo(name, content);
      expect(r.status, name).toBe(status);
      expect(r.body.fields?.[0]?.field ?? "file").toBe("file");
    }
    expect((await w.s("GET", "/api/staff/settings/logo/info")).hasLogo).toBe(true);
    const desk = await makeStaffUser(w.t, w.staff, "Desk Logo", "desk.logo@example.com");
    const deskCookie = (await call(w.t, "POST", "/api/staff/auth/login", { body: { email: desk.email, password: "staff member passphrase 1024" }, remoteAddress: "10.9.9.9" })).headers["set-cookie"];
    const c = String(Array.isArray(deskCookie) ? deskCookie[0] : deskCookie).split(";")[0];
    expect((await uploadLogo("logo.jpg", big, c)).status).toBe(403);
    const d = await w.draft(w.accounts.A.id);
    const pdf = await download(w, `/api/staff/invoices/${d.id}/invoice.pdf`, w.staff);
    expect(pdf.bytes.includes(Buffer.from("/Subtype /Image"))).toBe(true);
    expect((await w.s("DELETE", "/api/staff/settings/logo")).hasLogo).toBe(false);
    expect((await download(w, "/api/staff/settings/logo", w.staff)).status).toBe(404);
  });
});

async function uploadLogo(filename: string, content: Buffer, cookie = w.staff) {
  const boundary = "----portico-logo-boundary";
  const body = Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`), content, Buffer.from(`\r\n--${boundary}--\r\n`)]);
  const res = await w.t.app.inject({ method: "PUT", url: "/api/staff/settings/logo", headers: { host: "portico.test", "x-portico-csrf": "1", cookie, "content-type": `multipart/form-data; boundary=${boundary}` }, payload: body });
  return { status: res.statusCode, body: JSON.parse(res.body || "null") };
}

/** Contracts are made by their own screens; here one row of the account is enough to point an invoice at. */
async function insertContract(accountId: string, name: string) {
  const now = new Date().toISOString();
  const r = (await w.t.c.deps.db.execute(
    sql`insert into contracts (tenant_id, account_id, name, type, start_date, created_at, updated_at) values (${w.t.tenantId}, ${accountId}, ${name}, 'time_materials', '2026-01-01', ${now}, ${now}) returning id`,
  )) as unknown as { rows: { id: string }[] };
  return r.rows[0].id;
}
