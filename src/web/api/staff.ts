/** The signed-in staff member and the people staff forms pick from. */
import { useQuery } from "@tanstack/react-query";
import type { z } from "zod";
import type { StaffMe, staffOptions } from "../../shared/api";
import { get } from "./client";

export const useStaffMe = () => useQuery({ queryKey: ["staff-me"], queryFn: () => get<StaffMe>("/api/staff/me") });

/** Active staff members for assignee and job-manager pickers, readable by every staff member. */
export const useStaffOptions = () =>
  useQuery({ queryKey: ["staff-options"], queryFn: () => get<z.infer<typeof staffOptions>>("/api/staff/options") });
