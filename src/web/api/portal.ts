/** The portal's API: its public facts, the signed-in contact, and every write the portal makes, typed by the bodies the server validates. */
import { useQuery } from "@tanstack/react-query";
import type { z } from "zod";
import type {
  ChangeEmailBody,
  ChangePasswordBody,
  ColleagueDto,
  ForgotBody,
  OkResponse,
  PortalInfo,
  PortalLoginBody,
  PortalMe,
  RecoveryCodes,
  SetPasswordBody,
  SignupBody,
  SwitchAccountBody,
  TokenBody,
  TokenInfo,
  TwoFactorDisableBody,
  TwoFactorEnableBody,
  TwoFactorSetup,
  UpdateColleagueBody,
  UpdateProfileBody,
} from "../../shared/api";
import type { AnswerApprovalsBody, answerApprovalsResponse, PortalApprovalDto, portalApprovalListResponse } from "../../shared/approvals-api";
import type { AddNoteBody, AttachmentDto, PortalCreateTicketBody, PortalTicketDto } from "../../shared/tickets-api";
import { takeBootPortalInfo } from "./boot";
import { get, patch, post, upload } from "./client";

/** The answer of the routes that tell the contact what happened (they always send a message). */
type Told = OkResponse & { message: string };

// The first read comes with the page's HTML; no request for it.
export const usePortalInfo = () => useQuery({ queryKey: ["portal-info"], queryFn: async () => takeBootPortalInfo() ?? get<PortalInfo>("/api/portal/info") });
// The shell and the page it shows read the same `me`: one request when a page loads, not one per component that mounts.
export const useMe = () => useQuery({ queryKey: ["portal-me"], queryFn: () => get<PortalMe>("/api/portal/me"), staleTime: 30_000 });

// ----- signing in, links and sign-up (public) -----
export const portalLogin = (body: PortalLoginBody) => post<PortalMe>("/api/portal/auth/login", body);
export const portalLogout = (everywhere: boolean) => post<OkResponse>(everywhere ? "/api/portal/auth/logout-everywhere" : "/api/portal/auth/logout");
export const requestLink = (kind: "forgot" | "resend-activation", body: ForgotBody) => post<Told>(`/api/portal/auth/${kind}`, body);
export const getLinkInfo = (body: TokenBody) => post<TokenInfo>("/api/portal/auth/token-info", body);
export const setPasswordFromLink = (body: SetPasswordBody) => post<Told>("/api/portal/auth/set-password", body);
export const confirmEmailChange = (body: TokenBody) => post<Told>("/api/portal/auth/confirm-email", body);
export const portalSignup = (body: SignupBody) => post<Told>("/api/portal/auth/signup", body);

// ----- the signed-in contact -----
export const updateProfile = (body: UpdateProfileBody) => patch<PortalMe>("/api/portal/me", body);
export const changePassword = (body: ChangePasswordBody) => post<Told>("/api/portal/me/password", body);
export const requestEmailChange = (body: ChangeEmailBody) => post<Told>("/api/portal/me/email", body);
export const switchAccount = (body: SwitchAccountBody) => post<PortalMe>("/api/portal/me/switch-account", body);
export const startTwoFactorSetup = () => post<TwoFactorSetup>("/api/portal/me/two-factor/setup");
export const enableTwoFactor = (body: TwoFactorEnableBody) => post<RecoveryCodes>("/api/portal/me/two-factor/enable", body);
export const disableTwoFactor = (body: TwoFactorDisableBody) => post<OkResponse>("/api/portal/me/two-factor/disable", body);

// ----- the account's contacts (ROL-6) -----
export const updateColleague = (id: string, body: UpdateColleagueBody) => patch<ColleagueDto>(`/api/portal/contacts/${id}`, body);

// ----- tickets -----
export const createPortalTicket = (body: PortalCreateTicketBody) => post<PortalTicketDto>("/api/portal/tickets", body);
export const addPortalTicketNote = (id: string, body: AddNoteBody) => post<PortalTicketDto>(`/api/portal/tickets/${id}/notes`, body);
export const uploadPortalAttachment = (ticketId: string, file: File) => upload<AttachmentDto>(`/api/portal/tickets/${ticketId}/attachments`, file);

// ----- the approvals inbox (APR-4) -----
export type PortalApprovalList = z.infer<typeof portalApprovalListResponse>;
export type AnswerApprovalsResponse = z.infer<typeof answerApprovalsResponse>;
export type ApprovalInboxState = "waiting" | "answered";
/** Every approvals query starts with this key: an answer refreshes the inbox, its counts and each request read. */
export const approvalsKey = "portal-approvals";
export const usePortalApprovals = (accountId: string | undefined, state: ApprovalInboxState) =>
  useQuery({ queryKey: [approvalsKey, accountId, "list", state], queryFn: () => get<PortalApprovalList>(`/api/portal/approvals?state=${state}`), enabled: !!accountId });
export const portalApprovalQuery = (accountId: string | undefined, id: string) => ({
  queryKey: [approvalsKey, accountId, "one", id],
  queryFn: () => get<PortalApprovalDto>(`/api/portal/approvals/${id}`),
});
export const usePortalApproval = (accountId: string | undefined, id: string) => useQuery({ ...portalApprovalQuery(accountId, id), enabled: !!accountId, retry: false });
/** All or nothing: each request goes with the hash of the statement the contact was shown. */
export const answerApprovals = (body: AnswerApprovalsBody) => post<AnswerApprovalsResponse>("/api/portal/approvals/answers", body);
