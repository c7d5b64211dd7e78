/** The portal's public facts and the signed-in contact. */
import { useQuery } from "@tanstack/react-query";
import type { PortalInfo, PortalMe } from "../../shared/api";
import { get } from "./client";

export const usePortalInfo = () => useQuery({ queryKey: ["portal-info"], queryFn: () => get<PortalInfo>("/api/portal/info") });
export const useMe = () => useQuery({ queryKey: ["portal-me"], queryFn: () => get<PortalMe>("/api/portal/me") });
