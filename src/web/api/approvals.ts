/** The staff console's approval of work (APR-2…APR-5): the approval list, a job's details, sending and reopening. */
import { useQuery } from "@tanstack/react-query";
import type { z } from "zod";
import type { ApprovalJobDetail, ApprovalJobList, reopenApprovalBody, SendApprovalsBody, SendApprovalsResponse } from "../../shared/approvals-api";
import { get, post, qs } from "./client";

export type ApprovalListFilters = { status: string; accountId: string; q: string };

export const useApprovalList = (filters: ApprovalListFilters, page: number, pageSize = 25) =>
  useQuery({
    queryKey: ["approvals", filters, page],
    queryFn: () => get<ApprovalJobList>(`/api/staff/approvals${qs({ ...filters, page, pageSize })}`),
    placeholderData: (prev) => prev,
  });

export const useApprovalJob = (jobId: string) =>
  useQuery({ queryKey: ["approval-job", jobId], queryFn: () => get<ApprovalJobDetail>(`/api/staff/approvals/jobs/${jobId}`) });

export const sendApprovals = (body: SendApprovalsBody) => post<SendApprovalsResponse>("/api/staff/approvals/send", body);
export const reopenApproval = (requestId: string, body: z.input<typeof reopenApprovalBody>) =>
  post<ApprovalJobDetail>(`/api/staff/approval-requests/${requestId}/reopen`, body);
/** A plain link target: the browser downloads the PDF with the session cookie. */
export const statementPdfUrl = (requestId: string) => `/api/staff/approval-requests/${requestId}/statement.pdf`;
