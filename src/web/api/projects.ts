/** Projects (PRJ-1) in both apps: the staff console's list and project page, and the portal's projects; every write typed by the body the server validates. */
import { useQuery } from "@tanstack/react-query";
import type {
  ConvertJobBody,
  CreateProjectBody,
  PhaseBody,
  PortalProjectDto,
  PortalProjectList,
  PortalProjectNoteBody,
  ProjectContactBody,
  ProjectList,
  ProjectNoteBody,
  SetProjectStaffBody,
  StaffProjectDto,
  TaskBody,
  UpdatePhaseBody,
  UpdateProjectBody,
  UpdateTaskBody,
} from "../../shared/projects-api";
import { del, get, patch, post, put, qs } from "./client";

export type ProjectListFilters = { q: string; status: string; accountId: string; managerStaffId: string; sort: string };

// ----- staff console -----
export const staffProjectKey = (id: string) => ["staff-project", id] as const;
export const useProjectList = (filters: ProjectListFilters, page: number, pageSize = 25) =>
  useQuery({
    queryKey: ["staff-projects", filters, page],
    queryFn: () => get<ProjectList>(`/api/staff/projects${qs({ ...filters, page, pageSize })}`),
    placeholderData: (prev) => prev,
  });
export const useStaffProject = (id: string) => useQuery({ queryKey: staffProjectKey(id), queryFn: () => get<StaffProjectDto>(`/api/staff/projects/${id}`) });

const base = (id: string) => `/api/staff/projects/${id}`;
export const createProject = (body: CreateProjectBody) => post<StaffProjectDto>("/api/staff/projects", body);
export const convertJobToProject = (jobId: string, body: ConvertJobBody) => post<StaffProjectDto>(`/api/staff/jobs/${jobId}/project`, body);
export const updateProject = (id: string, body: UpdateProjectBody) => patch<StaffProjectDto>(base(id), body);
export const addProjectPhase = (id: string, body: PhaseBody) => post<StaffProjectDto>(`${base(id)}/phases`, body);
export const updateProjectPhase = (id: string, phaseId: string, body: UpdatePhaseBody) => patch<StaffProjectDto>(`${base(id)}/phases/${phaseId}`, body);
export const deleteProjectPhase = (id: string, phaseId: string) => del<StaffProjectDto>(`${base(id)}/phases/${phaseId}`);
export const addProjectTask = (id: string, body: TaskBody) => post<StaffProjectDto>(`${base(id)}/tasks`, body);
export const updateProjectTask = (id: string, taskId: string, body: UpdateTaskBody) => patch<StaffProjectDto>(`${base(id)}/tasks/${taskId}`, body);
export const deleteProjectTask = (id: string, taskId: string) => del<StaffProjectDto>(`${base(id)}/tasks/${taskId}`);
export const setProjectStaff = (id: string, body: SetProjectStaffBody) => put<StaffProjectDto>(`${base(id)}/staff`, body);
export const setProjectContact = (id: string, contactId: string, body: ProjectContactBody) => put<StaffProjectDto>(`${base(id)}/contacts/${contactId}`, body);
export const removeProjectContact = (id: string, contactId: string) => del<StaffProjectDto>(`${base(id)}/contacts/${contactId}`);
export const addProjectNote = (id: string, body: ProjectNoteBody) => post<StaffProjectDto>(`${base(id)}/notes`, body);
export const projectFileUploadUrl = (id: string, isPublic: boolean) => `${base(id)}/files?public=${isPublic}`;

// ----- portal -----
export const portalProjectKey = (id: string) => ["portal-project", id] as const;
export const usePortalProjects = (accountId: string | undefined) =>
  useQuery({ queryKey: ["portal-projects", accountId], queryFn: () => get<PortalProjectList>("/api/portal/projects"), enabled: !!accountId });
export const usePortalProject = (id: string) => useQuery({ queryKey: portalProjectKey(id), queryFn: () => get<PortalProjectDto>(`/api/portal/projects/${id}`), retry: false });
export const addPortalProjectNote = (id: string, body: PortalProjectNoteBody) => post<PortalProjectDto>(`/api/portal/projects/${id}/notes`, body);
export const portalProjectFileUploadUrl = (id: string) => `/api/portal/projects/${id}/files`;
