/** The staff console's API: the signed-in staff member, the people forms pick from, and every write the console makes, typed by the bodies the server validates. */
import { useQuery } from "@tanstack/react-query";
import type { z } from "zod";
import type {
  AccountBody,
  AccountDto,
  ApproveSignupBody,
  BatchGrantBody,
  BatchGrantResponse,
  ChangeUsernameBody,
  ContactBody,
  ContactDto,
  CreateStaffUserBody,
  GettingStartedDto,
  ForgotBody,
  GrantAccessBody,
  OkResponse,
  PortalSettingsDto,
  SetPasswordBody,
  SetupBody,
  SetupStatus,
  StaffLinkInfo,
  StaffLoginBody,
  StaffMe,
  StaffRole,
  StaffRoleBody,
  StaffUser,
  TokenBody,
  UpdateAccountBody,
  UpdateContactBody,
  UpdatePortalSettingsBody,
  UpdateStaffUserBody,
  staffOptions,
} from "../../shared/api";
import type {
  CreateJobBody,
  CreateLookupBody,
  JobDto,
  LookupDto,
  MembershipBody,
  MembershipDto,
  PortalRoleBody,
  PortalRoleDto,
  StaffAddNoteBody,
  StaffCreateTicketBody,
  StaffTicketDto,
  StaffUpdateTicketBody,
  TicketSettingsDto,
  TimeEntryBody,
  UpdateJobBody,
  UpdateLookupBody,
  UpdateTicketSettingsBody,
} from "../../shared/tickets-api";
import { del, get, patch, post, put } from "./client";

/** Whether this install still needs its first administrator (the setup page asks before showing its form). */
export const useSetupStatus = () => useQuery({ queryKey: ["staff-setup"], queryFn: () => get<SetupStatus>("/api/staff/setup") });

export const useStaffMe = () => useQuery({ queryKey: ["staff-me"], queryFn: () => get<StaffMe>("/api/staff/me") });

/** Active staff members for assignee and job-manager pickers, readable by every staff member. */
export const useStaffOptions = () =>
  useQuery({ queryKey: ["staff-options"], queryFn: () => get<z.infer<typeof staffOptions>>("/api/staff/options") });

/** The tenant's ticket settings (readable by every staff member): the ticket view says what customers see. */
export const useTicketSettings = () => useQuery({ queryKey: ["ticket-settings"], queryFn: () => get<TicketSettingsDto>("/api/staff/settings/tickets") });

// ----- signing in -----
export const staffLogin = (body: StaffLoginBody) => post<StaffMe>("/api/staff/auth/login", body);
export const staffLogout = () => post<OkResponse>("/api/staff/auth/logout");
export const createFirstAdministrator = (body: SetupBody) => post<StaffMe>("/api/staff/setup", body);
export const requestStaffReset = (body: ForgotBody) => post<OkResponse & { message: string }>("/api/staff/auth/forgot", body);
export const getStaffLinkInfo = (body: TokenBody) => post<StaffLinkInfo>("/api/staff/auth/link-info", body);
export const resetStaffPassword = (body: SetPasswordBody) => post<OkResponse & { message: string }>("/api/staff/auth/reset-password", body);

// ----- staff users and roles -----
export const createStaffUser = (body: CreateStaffUserBody) => post<StaffUser>("/api/staff/users", body);
export const updateStaffUser = (id: string, body: UpdateStaffUserBody) => patch<StaffUser>(`/api/staff/users/${id}`, body);
export const createStaffRole = (body: StaffRoleBody) => post<StaffRole>("/api/staff/roles", body);
export const updateStaffRole = (id: string, body: StaffRoleBody) => patch<StaffRole>(`/api/staff/roles/${id}`, body);

// ----- accounts, their jobs and contacts -----
export const createAccount = (body: AccountBody) => post<AccountDto>("/api/staff/accounts", body);
export const updateAccount = (id: string, body: UpdateAccountBody) => patch<AccountDto>(`/api/staff/accounts/${id}`, body);
export const archiveAccount = (id: string, archive: boolean) => post<AccountDto>(`/api/staff/accounts/${id}/${archive ? "archive" : "restore"}`);
export const createJob = (accountId: string, body: CreateJobBody) => post<JobDto>(`/api/staff/accounts/${accountId}/jobs`, body);
export const updateJob = (id: string, body: UpdateJobBody) => patch<JobDto>(`/api/staff/jobs/${id}`, body);
export const makeDefaultJob = (id: string) => post<JobDto>(`/api/staff/jobs/${id}/make-default`);
export const updateAccountContact = (accountId: string, contactId: string, body: MembershipBody) =>
  patch<MembershipDto>(`/api/staff/accounts/${accountId}/contacts/${contactId}`, body);

// ----- contacts and their portal access -----
export const createContact = (body: ContactBody) => post<ContactDto>("/api/staff/contacts", body);
export const updateContact = (id: string, body: UpdateContactBody) => patch<ContactDto>(`/api/staff/contacts/${id}`, body);
export const archiveContact = (id: string, archive: boolean) => post<ContactDto>(`/api/staff/contacts/${id}/${archive ? "archive" : "restore"}`);
const portalAccess = (contactId: string) => `/api/staff/contacts/${contactId}/portal-access`;
export const grantPortalAccess = (contactId: string, body: GrantAccessBody) => post<ContactDto>(portalAccess(contactId), body);
export const revokePortalAccess = (contactId: string) => del<ContactDto>(portalAccess(contactId));
/** The actions on a contact's portal access that take no body. */
export type PortalAccessAction = "resend-activation" | "reset-password" | "send-login" | "unlock" | "enable" | "disable";
export const portalAccessAction = (contactId: string, action: PortalAccessAction) => post<ContactDto>(`${portalAccess(contactId)}/${action}`);
export const changePortalUsername = (contactId: string, body: ChangeUsernameBody) => put<ContactDto>(`${portalAccess(contactId)}/username`, body);
export const approveSignup = (contactId: string, body: ApproveSignupBody) => post<ContactDto>(`/api/staff/contacts/${contactId}/signup/approve`, body);
export const rejectSignup = (contactId: string) => post<ContactDto>(`/api/staff/contacts/${contactId}/signup/reject`);
export const batchGrantPortalAccess = (body: BatchGrantBody) => post<BatchGrantResponse>("/api/staff/portal-access/batch-grant", body);

// ----- settings, ticket lists and portal roles -----
export const updatePortalSettings = (body: UpdatePortalSettingsBody) => patch<PortalSettingsDto>("/api/staff/settings/portal", body);
export const updateTicketSettings = (body: UpdateTicketSettingsBody) => patch<TicketSettingsDto>("/api/staff/settings/tickets", body);
export const createLookup = (body: CreateLookupBody) => post<LookupDto>("/api/staff/lookups", body);
export const updateLookup = (id: string, body: UpdateLookupBody) => patch<LookupDto>(`/api/staff/lookups/${id}`, body);
export const createPortalRole = (body: PortalRoleBody) => post<PortalRoleDto>("/api/staff/portal-roles", body);
export const updatePortalRole = (id: string, body: PortalRoleBody) => put<PortalRoleDto>(`/api/staff/portal-roles/${id}`, body);

// ----- tickets -----
export const createStaffTicket = (body: StaffCreateTicketBody) => post<StaffTicketDto>("/api/staff/tickets", body);
export const updateStaffTicket = (id: string, body: StaffUpdateTicketBody) => patch<StaffTicketDto>(`/api/staff/tickets/${id}`, body);
export const addStaffTicketNote = (id: string, body: StaffAddNoteBody) => post<StaffTicketDto>(`/api/staff/tickets/${id}/notes`, body);
export const addTimeEntry = (id: string, body: TimeEntryBody) => post<StaffTicketDto>(`/api/staff/tickets/${id}/time-entries`, body);
/** A time entry changed as a whole (the same body as adding one); 409 while approved work holds it. */
export const updateTimeEntry = (id: string, entryId: string, body: TimeEntryBody) => patch<StaffTicketDto>(`/api/staff/tickets/${id}/time-entries/${entryId}`, body);
export const deleteTimeEntry = (id: string, entryId: string) => del<StaffTicketDto>(`/api/staff/tickets/${id}/time-entries/${entryId}`);

/** The getting-started checklist: asked again on every page change, so a step ticks itself off. */
export const useGettingStarted = (enabled: boolean, page: string) =>
  useQuery({ queryKey: ["getting-started", page], queryFn: () => get<GettingStartedDto>("/api/staff/getting-started"), enabled, staleTime: 0, placeholderData: (prev) => prev });
