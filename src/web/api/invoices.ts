/** Invoices (INV-1) in both apps: the staff console's list, invoice and writes, the company logo, and the portal's invoices. */
import { useQuery } from "@tanstack/react-query";
import type { z } from "zod";
import type { OkResponse } from "../../shared/api";
import type {
  companyLogoResponse,
  CreateFromApprovalsBody,
  CreateInvoiceBody,
  invoiceableApprovalsResponse,
  InvoiceList,
  InvoiceOptions,
  PortalInvoiceDto,
  RecordPaymentBody,
  SendInvoiceBody,
  SendInvoiceResponse,
  StaffInvoiceDto,
  UpdateInvoiceBody,
  VoidInvoiceBody,
} from "../../shared/invoices-api";
import { api, del, get, patch, post, qs } from "./client";

export type InvoiceListFilters = { status: string; accountId: string; q: string };
export type CompanyLogo = z.infer<typeof companyLogoResponse>;
export type InvoiceableApprovals = z.infer<typeof invoiceableApprovalsResponse>;

// ----- staff -----
export const invoicesKey = "invoices";
export const useInvoices = (filters: InvoiceListFilters, page: number, pageSize = 25) =>
  useQuery({ queryKey: [invoicesKey, "list", filters, page], queryFn: () => get<InvoiceList>(`/api/staff/invoices${qs({ ...filters, page, pageSize })}`), placeholderData: (prev) => prev });
export const useInvoice = (id: string) => useQuery({ queryKey: [invoicesKey, "one", id], queryFn: () => get<StaffInvoiceDto>(`/api/staff/invoices/${id}`), enabled: !!id, retry: false });
export const useInvoiceOptions = (accountId: string) =>
  useQuery({ queryKey: [invoicesKey, "options", accountId], queryFn: () => get<InvoiceOptions>(`/api/staff/accounts/${accountId}/invoice-options`), enabled: !!accountId });
export const useInvoiceableApprovals = (accountId: string) =>
  useQuery({ queryKey: [invoicesKey, "approved-work", accountId], queryFn: () => get<InvoiceableApprovals>(`/api/staff/accounts/${accountId}/invoiceable-approvals`), enabled: !!accountId });

export const createInvoice = (body: CreateInvoiceBody) => post<StaffInvoiceDto>("/api/staff/invoices", body);
export const createInvoiceFromApprovals = (body: CreateFromApprovalsBody) => post<StaffInvoiceDto>("/api/staff/invoices/from-approvals", body);
export const updateInvoice = (id: string, body: UpdateInvoiceBody) => patch<StaffInvoiceDto>(`/api/staff/invoices/${id}`, body);
export const deleteInvoiceDraft = (id: string) => del<OkResponse>(`/api/staff/invoices/${id}`);
export const sendInvoice = (id: string, body: SendInvoiceBody) => post<SendInvoiceResponse>(`/api/staff/invoices/${id}/send`, body);
export const markInvoiceSent = (id: string) => post<StaffInvoiceDto>(`/api/staff/invoices/${id}/mark-sent`);
export const recordInvoicePayment = (id: string, body: RecordPaymentBody) => post<StaffInvoiceDto>(`/api/staff/invoices/${id}/payments`, body);
export const voidInvoice = (id: string, body: VoidInvoiceBody) => post<StaffInvoiceDto>(`/api/staff/invoices/${id}/void`, body);
/** Plain link targets: the browser downloads with the session cookie. */
export const staffInvoicePdfUrl = (id: string) => `/api/staff/invoices/${id}/invoice.pdf`;
export const staffLogoUrl = "/api/staff/settings/logo";

// ----- the company logo -----
export const useCompanyLogo = () => useQuery({ queryKey: ["company-logo"], queryFn: () => get<CompanyLogo>("/api/staff/settings/logo/info") });
export function uploadCompanyLogo(file: File) {
  const data = new FormData();
  data.append("file", file);
  return api<CompanyLogo>("PUT", staffLogoUrl, data);
}
export const removeCompanyLogo = () => del<CompanyLogo>(staffLogoUrl);

// ----- portal -----
export const portalInvoicesKey = "portal-invoices";
export const usePortalInvoices = (accountId: string | undefined, filters: { status: string }, page: number) =>
  useQuery({ queryKey: [portalInvoicesKey, accountId, "list", filters, page], queryFn: () => get<InvoiceList>(`/api/portal/invoices${qs({ ...filters, page })}`), enabled: !!accountId, placeholderData: (prev) => prev });
export const usePortalInvoice = (accountId: string | undefined, id: string) =>
  useQuery({ queryKey: [portalInvoicesKey, accountId, "one", id], queryFn: () => get<PortalInvoiceDto>(`/api/portal/invoices/${id}`), enabled: !!accountId, retry: false });
export const portalInvoicePdfUrl = (id: string) => `/api/portal/invoices/${id}/invoice.pdf`;
export const portalLogoUrl = "/api/portal/invoices/logo";
