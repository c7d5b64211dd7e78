/** The statement of a version as a PDF (APR-4 evidence): what was sent, the lines, the totals and the answer. */
import PDFDocument from "pdfkit";
import { approvalEventLabels, approvalRequestStatusLabels } from "../../../shared/approvals-api.js";
import { formatMoney } from "../../../shared/money.js";
import type { ApprovalEventRow, ApprovalLineRow, ApprovalRequestView } from "./approvals.repo.js";

const when = (at: Date, timeZone: string) =>
  new Intl.DateTimeFormat("en-GB", { timeZone, dateStyle: "long", timeStyle: "short" }).format(at);

export function renderStatementPdf(p: { company: string; request: ApprovalRequestView; lines: ApprovalLineRow[]; events: ApprovalEventRow[]; timeZone: string }): Promise<Buffer> {
  const r = p.request;
  const money = (a: string) => formatMoney(a, r.currency, "en-GB");
  const doc = new PDFDocument({ size: "A4", margin: 50, info: { Title: `Statement of work ${r.jobNumber} version ${r.version}`, Author: p.company } });
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });

  doc.font("Helvetica-Bold").fontSize(16).text(p.company);
  doc.moveDown(0.5).fontSize(13).text("Statement of work for approval");
  doc.moveDown(0.5).font("Helvetica").fontSize(10);
  doc.text(`Job: ${r.jobNumber} · ${r.jobName}`);
  doc.text(`Account: ${r.accountName}`);
  doc.text(`Version: ${r.version} (${approvalRequestStatusLabels[r.status]})`);
  doc.text(`Work up to: ${r.cutOff}`);
  doc.text(`Sent to: ${r.contactName}, ${when(r.sentAt, p.timeZone)}`);
  doc.moveDown();

  const cols = [50, 115, 300, 390, 430, 485];
  const header = ["Date", "Ticket", "Staff", "Hours", "Rate", "Amount"];
  doc.font("Helvetica-Bold");
  const y0 = doc.y;
  header.forEach((h, i) => doc.text(h, cols[i], y0, { width: (cols[i + 1] ?? 545) - cols[i] - 4 }));
  doc.font("Helvetica");
  for (const l of p.lines) {
    const y = doc.y + 4;
    const cells = [l.workDate, `#${l.ticketNumber} ${l.ticketTitle}`, l.staffName, l.hours, money(l.rate), money(l.amount)];
    let bottom = y;
    cells.forEach((c, i) => {
      doc.text(c, cols[i], y, { width: (cols[i + 1] ?? 545) - cols[i] - 4 });
      bottom = Math.max(bottom, doc.y);
    });
    if (l.note) {
      doc.fillColor("#555").text(l.note, cols[1], bottom + 1, { width: 300 }).fillColor("#000");
      bottom = doc.y;
    }
    doc.y = bottom;
    if (doc.y > 760) doc.addPage();
  }
  doc.moveDown().font("Helvetica-Bold").text(`Total: ${r.totalHours} hours, ${money(r.totalAmount)}`, 50);
  doc.moveDown().font("Helvetica-Bold").text("History");
  doc.font("Helvetica");
  for (const e of p.events) {
    const parts = [`${when(e.at, p.timeZone)}: ${approvalEventLabels[e.kind] ?? e.kind} by ${e.actorName}`];
    if (e.ip) parts.push(`from ${e.ip}`);
    doc.text(parts.join(" "));
    if (e.comment) doc.text(`Comment: ${e.comment}`, { indent: 12 });
  }
  doc.moveDown().fontSize(8).fillColor("#555").text(`Statement SHA-256: ${r.statementHash}`);
  doc.end();
  return done;
}
