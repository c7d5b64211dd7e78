/** Contracts (CON-1): the staff console's list, contract and writes, and the portal's contracts of the account in view. */
import { useQuery } from "@tanstack/react-query";
import type { ContractDto, ContractList, CreateContractBody, PortalContractDto, PortalContractList, UpdateContractBody } from "../../shared/contracts-api";
import { del, get, patch, post, put, qs } from "./client";

export type ContractFilters = { accountId: string; status: string; type: string; q: string };

/** Every staff contract query starts with this key: a write refreshes lists, contracts and the account's card. */
export const contractsKey = "contracts";
export const useContracts = (filters: Partial<ContractFilters>, page = 1, pageSize = 25) =>
  useQuery({
    queryKey: [contractsKey, "list", filters, page, pageSize],
    queryFn: () => get<ContractList>(`/api/staff/contracts${qs({ ...filters, page, pageSize })}`),
    placeholderData: (prev) => prev,
  });
export const useContract = (id: string) => useQuery({ queryKey: [contractsKey, "one", id], queryFn: () => get<ContractDto>(`/api/staff/contracts/${id}`), retry: false });

export const createContract = (body: CreateContractBody) => post<ContractDto>("/api/staff/contracts", body);
export const updateContract = (id: string, body: UpdateContractBody) => patch<ContractDto>(`/api/staff/contracts/${id}`, body);
export const linkContractJob = (id: string, jobId: string) => put<ContractDto>(`/api/staff/contracts/${id}/jobs/${jobId}`, {});
export const unlinkContractJob = (id: string, jobId: string) => del<ContractDto>(`/api/staff/contracts/${id}/jobs/${jobId}`);

// ----- portal -----
export const portalContractsKey = "portal-contracts";
export const usePortalContracts = (accountId: string | undefined) =>
  useQuery({ queryKey: [portalContractsKey, accountId, "list"], queryFn: () => get<PortalContractList>("/api/portal/contracts"), enabled: !!accountId, retry: false });
export const usePortalContract = (accountId: string | undefined, id: string) =>
  useQuery({ queryKey: [portalContractsKey, accountId, "one", id], queryFn: () => get<PortalContractDto>(`/api/portal/contracts/${id}`), enabled: !!accountId, retry: false });
