/**
 * INV-1 the invoice as a PDF (pdfkit): the company's logo, name and address, the bill-to, number, dates, PO,
 * sales rep, project, the lines, totals, payments and notes, on A4 pages with the table header repeated on each.
 */
import PDFDocument from "pdfkit";
import { type InvoiceStatus, invoiceStatusLabels, paymentMethodLabels } from "../../../shared/invoices-api.js";
import { formatMoney } from "../../../shared/money.js";

export interface InvoicePdfInput {
  issuer: { name: string; address: string; logo: Buffer | null };
  invoice: {
    displayNumber: string | null;
    status: InvoiceStatus;
    accountName: string;
    toText: string;
    poNumber: string;
    invoiceDate: string;
    dueDate: string;
    salesRepName: string | null;
    jobNumber: string | null;
    jobName: string | null;
    contractName: string | null;
    currency: string;
    taxRate: string;
    subtotal: string;
    discountAmount: string;
    taxAmount: string;
    grandTotal: string;
    paidAmount: string;
    paymentDue: string;
    notes: string;
    sentAt: Date | null;
    voidReason: string;
  };
  lines: { description: string; quantity: string; unitPrice: string; amount: string }[];
  payments: { paidOn: string; amount: string; method: string; reference: string }[];
  timeZone: string;
}

export const longDay = (day: string) => new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", day: "numeric", month: "long", year: "numeric" }).format(new Date(`${day}T12:00:00Z`));
const longInstant = (at: Date, timeZone: string) => new Intl.DateTimeFormat("en-GB", { timeZone, day: "numeric", month: "long", year: "numeric" }).format(at);
/** "2.50" → "2.5", "3.00" → "3": quantities read as people write them. */
const quantity = (q: string) => q.replace(/\.?0+$/, "") || "0";

const LEFT = 50;
const RIGHT = 545;
const BOTTOM = 770;
const cols = [LEFT, 330, 390, 470];
const widths = [cols[1] - cols[0] - 8, cols[2] - cols[1] - 8, cols[3] - cols[2] - 8, RIGHT - cols[3]];

export function renderInvoicePdf(p: InvoicePdfInput): Promise<Buffer> {
  const inv = p.invoice;
  const money = (a: string) => formatMoney(a, inv.currency, "en-GB");
  const title = inv.displayNumber ? `Invoice ${inv.displayNumber}` : "Draft invoice";
  const doc = new PDFDocument({ size: "A4", margin: 50, bufferPages: true, info: { Title: `${title} to ${inv.accountName}`, Author: p.issuer.name, Subject: title } });
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });

  // The company: logo, name and address on the left; the document's title and number on the right.
  let y = 50;
  if (p.issuer.logo) {
    try {
      doc.image(p.issuer.logo, LEFT, y, { fit: [180, 60] });
      y += 68;
    } catch {
      // A logo the reader cannot decode leaves the name to stand alone.
    }
  }
  doc.font("Helvetica-Bold").fontSize(15).fillColor("#000").text(p.issuer.name, LEFT, y, { width: 280 });
  doc.font("Helvetica").fontSize(9).fillColor("#333");
  if (p.issuer.address) doc.text(p.issuer.address, LEFT, doc.y + 2, { width: 280 });
  const leftBottom = doc.y;

  doc.font("Helvetica-Bold").fontSize(20).fillColor("#000").text(inv.displayNumber ? "INVOICE" : "DRAFT INVOICE", 330, 50, { width: RIGHT - 330, align: "right" });
  doc.font("Helvetica").fontSize(10);
  const facts: [string, string][] = [
    ["Invoice number", inv.displayNumber ?? "Not issued yet"],
    ["Status", invoiceStatusLabels[inv.status]],
    ["Invoice date", longDay(inv.invoiceDate)],
    ["Due date", longDay(inv.dueDate)],
  ];
  if (inv.poNumber) facts.push(["PO number", inv.poNumber]);
  if (inv.salesRepName) facts.push(["Sales representative", inv.salesRepName]);
  if (inv.jobNumber) facts.push(["Project", `${inv.jobNumber} · ${inv.jobName ?? ""}`]);
  if (inv.contractName) facts.push(["Contract", inv.contractName]);
  if (inv.sentAt) facts.push(["Sent on", longInstant(inv.sentAt, p.timeZone)]);
  let fy = doc.y + 6;
  for (const [label, value] of facts) {
    doc.font("Helvetica").fillColor("#555").text(label, 330, fy, { width: 95 });
    doc.font("Helvetica").fillColor("#000").text(value, 425, fy, { width: RIGHT - 425, align: "right" });
    fy = Math.max(doc.y, fy + 12) + 2;
  }

  y = Math.max(leftBottom, fy) + 18;
  doc.font("Helvetica-Bold").fontSize(10).fillColor("#555").text("Bill to", LEFT, y);
  doc.font("Helvetica").fillColor("#000").text(inv.toText || inv.accountName, LEFT, doc.y + 2, { width: 280 });
  if (inv.status === "void") {
    doc.moveDown(0.5).font("Helvetica-Bold").fillColor("#b00").text(`VOID${inv.voidReason ? `: ${inv.voidReason}` : ""}`, LEFT, doc.y, { width: RIGHT - LEFT });
  }
  y = doc.y + 18;

  // The lines, with the header repeated on every page the table runs onto.
  const header = () => {
    doc.font("Helvetica-Bold").fontSize(10).fillColor("#000");
    ["Description", "Quantity", "Unit price", "Amount"].forEach((h, i) => doc.text(h, cols[i], y, { width: widths[i], align: i === 0 ? "left" : "right" }));
    y = doc.y + 3;
    doc.moveTo(LEFT, y).lineTo(RIGHT, y).strokeColor("#999").lineWidth(0.5).stroke();
    y += 5;
    doc.font("Helvetica").fontSize(10);
  };
  header();
  if (p.lines.length === 0) {
    doc.fillColor("#555").text("No lines.", LEFT, y);
    y = doc.y + 4;
  }
  for (const l of p.lines) {
    const height = Math.max(doc.heightOfString(l.description, { width: widths[0] }), 12);
    if (y + height > BOTTOM) {
      doc.addPage();
      y = 50;
      header();
    }
    doc.fillColor("#000").text(l.description, cols[0], y, { width: widths[0] });
    doc.text(quantity(l.quantity), cols[1], y, { width: widths[1], align: "right" });
    doc.text(money(l.unitPrice), cols[2], y, { width: widths[2], align: "right" });
    doc.text(money(l.amount), cols[3], y, { width: widths[3], align: "right" });
    y += height + 5;
  }
  doc.moveTo(LEFT, y).lineTo(RIGHT, y).strokeColor("#999").lineWidth(0.5).stroke();
  y += 8;

  // Totals, right-aligned under the amounts.
  const totals: [string, string, boolean][] = [["Subtotal", money(inv.subtotal), false]];
  if (Number(inv.discountAmount) > 0) totals.push(["Discount", `-${money(inv.discountAmount)}`, false]);
  totals.push([`Tax (${Number(inv.taxRate)} %)`, money(inv.taxAmount), false], ["Grand total", money(inv.grandTotal), true], ["Paid", money(inv.paidAmount), false], ["Payment due", money(inv.paymentDue), true]);
  if (y + totals.length * 16 > BOTTOM) {
    doc.addPage();
    y = 50;
  }
  for (const [label, value, bold] of totals) {
    doc.font(bold ? "Helvetica-Bold" : "Helvetica").fontSize(10).fillColor("#000");
    doc.text(label, 330, y, { width: 130 });
    doc.text(value, cols[3] - 30, y, { width: widths[3] + 30, align: "right" });
    y += 16;
  }

  const section = (heading: string, minHeight: number) => {
    y += 12;
    if (y + minHeight > BOTTOM) {
      doc.addPage();
      y = 50;
    }
    doc.font("Helvetica-Bold").fontSize(11).fillColor("#000").text(heading, LEFT, y);
    y = doc.y + 4;
    doc.font("Helvetica").fontSize(10);
  };
  if (p.payments.length) {
    section("Payments", 40);
    for (const pay of p.payments) {
      if (y + 14 > BOTTOM) {
        doc.addPage();
        y = 50;
      }
      const method = paymentMethodLabels[pay.method as keyof typeof paymentMethodLabels] ?? pay.method;
      doc.text(`${longDay(pay.paidOn)} · ${method}${pay.reference ? ` · ${pay.reference}` : ""}`, LEFT, y, { width: 380 });
      doc.text(money(pay.amount), cols[3] - 30, y, { width: widths[3] + 30, align: "right" });
      y = doc.y + 4;
    }
  }
  if (inv.notes) {
    section("Notes", 30);
    doc.text(inv.notes, LEFT, y, { width: RIGHT - LEFT });
    y = doc.y;
  }

  // Page numbers, once every page exists.
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // Below the bottom margin: without this pdfkit would start a new page for the footer.
    doc.page.margins.bottom = 0;
    doc.font("Helvetica").fontSize(8).fillColor("#777").text(`${title} · Page ${i + 1} of ${range.count}`, LEFT, 800, { width: RIGHT - LEFT, align: "center", lineBreak: false });
  }
  doc.end();
  return done;
}
