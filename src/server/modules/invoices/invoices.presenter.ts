/** Invoice rows → DTOs (INV-1): each function lists the fields it shows, so a new column never leaks by default. */
import Decimal from "decimal.js";
import type { InvoiceListItem, InvoiceStatus, PortalInvoiceDto, RecipientOption, StaffInvoiceDto } from "../../../shared/invoices-api.js";
import { shownInvoiceStatus } from "../../../shared/invoices-api.js";
import type { InvoiceLineRow, InvoiceListRow, InvoicePaymentRow, InvoiceView } from "./invoices.repo.js";

export type PaymentView = InvoicePaymentRow & { recordedByName: string | null };
export interface Issuer {
  name: string;
  address: string;
  hasLogo: boolean;
}

/** What is still owed: the grand total less what was paid. */
export const paymentDue = (r: { grandTotal: string; paidAmount: string }) => new Decimal(r.grandTotal).minus(r.paidAmount).toFixed(2);

export const statusOf = (r: { status: InvoiceView["status"]; dueDate: string }, today: string): InvoiceStatus => shownInvoiceStatus(r.status, r.dueDate, today);

export function presentListItem(r: InvoiceListRow, today: string): InvoiceListItem {
  return {
    id: r.id,
    number: r.number,
    displayNumber: r.displayNumber,
    status: statusOf(r, today),
    account: { id: r.accountId, name: r.accountName },
    poNumber: r.poNumber,
    invoiceDate: r.invoiceDate,
    dueDate: r.dueDate,
    currency: r.currency,
    grandTotal: r.grandTotal,
    paidAmount: r.paidAmount,
    paymentDue: paymentDue(r),
    sentAt: r.sentAt?.toISOString() ?? null,
  };
}

const presentLine = (l: InvoiceLineRow) => ({ id: l.id, description: l.description, quantity: l.quantity, unitPrice: l.unitPrice, amount: l.amount, approvalRequestId: l.approvalRequestId });
const presentPayment = (p: PaymentView) => ({ id: p.id, paidOn: p.paidOn, amount: p.amount, method: p.method, reference: p.reference });

/** The fields customers see too; a draft's issuer and addressee are what issuing it would print now. */
function core(r: InvoiceView, lines: InvoiceLineRow[], payments: PaymentView[], issuer: Issuer, today: string) {
  const draft = r.status === "draft";
  return {
    id: r.id,
    number: r.number,
    displayNumber: r.displayNumber,
    status: statusOf(r, today),
    account: { id: r.accountId, name: r.accountName },
    poNumber: r.poNumber,
    fromText: draft ? issuerText(issuer) : r.fromText,
    toText: r.toText || r.accountName,
    invoiceDate: r.invoiceDate,
    dueDate: r.dueDate,
    salesRep: r.salesRepStaffId && r.salesRepName ? { id: r.salesRepStaffId, name: r.salesRepName } : null,
    project: r.jobId && r.jobNumber ? { id: r.jobId, number: r.jobNumber, name: r.jobName ?? "" } : null,
    contract: r.contractId && r.contractName ? { id: r.contractId, name: r.contractName } : null,
    currency: r.currency,
    taxRate: r.taxRate,
    subtotal: r.subtotal,
    discountAmount: r.discountAmount,
    taxAmount: r.taxAmount,
    grandTotal: r.grandTotal,
    paidAmount: r.paidAmount,
    paymentDue: paymentDue(r),
    notes: r.notes,
    sentAt: r.sentAt?.toISOString() ?? null,
    voidedAt: r.voidedAt?.toISOString() ?? null,
    lines: lines.map(presentLine),
    payments: payments.map(presentPayment),
  };
}

/** The issuer as printed: the company's name, then its address. */
export const issuerText = (i: { name: string; address: string }) => [i.name, i.address].filter(Boolean).join("\n");

export function presentStaffInvoice(
  r: InvoiceView,
  x: {
    lines: InvoiceLineRow[];
    payments: PaymentView[];
    approvals: StaffInvoiceDto["approvals"];
    recipients: RecipientOption[];
    issuer: Issuer;
    today: string;
    mayManage: boolean;
  },
): StaffInvoiceDto {
  const owed = new Decimal(paymentDue(r)).gt(0);
  const issued = r.status === "sent" || r.status === "partly_paid" || r.status === "paid";
  return {
    ...core(r, x.lines, x.payments, x.issuer, x.today),
    storedStatus: r.status,
    issuer: x.issuer,
    voidReason: r.voidReason,
    voidedBy: r.voidedByName,
    createdBy: r.createdByName,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    approvals: x.approvals,
    payments: x.payments.map((p) => ({ ...presentPayment(p), recordedBy: p.recordedByName, createdAt: p.createdAt.toISOString() })),
    recipientOptions: x.recipients,
    today: x.today,
    can: {
      edit: x.mayManage && r.status === "draft",
      delete: x.mayManage && r.status === "draft",
      send: x.mayManage && (r.status === "draft" || issued),
      recordPayment: x.mayManage && (r.status === "sent" || r.status === "partly_paid") && owed,
      void: x.mayManage && r.status === "sent" && new Decimal(r.paidAmount).isZero(),
    },
  };
}

export function presentPortalInvoice(r: InvoiceView, lines: InvoiceLineRow[], payments: PaymentView[], issuer: Issuer, today: string): PortalInvoiceDto {
  return { ...core(r, lines, payments, issuer, today), issuer };
}
