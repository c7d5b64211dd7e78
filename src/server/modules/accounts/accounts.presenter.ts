import type { AccountDto } from "../../../shared/api.js";
import type { Actor } from "../../policy/actors.js";
import { can } from "../../policy/policy.js";
import type { AccountWithCount } from "./accounts.repo.js";

export function presentAccount(actor: Actor, a: AccountWithCount): AccountDto {
  const r = { tenantId: a.tenantId, archived: a.archivedAt !== null };
  return {
    id: a.id,
    name: a.name,
    number: a.number,
    emailDomains: a.emailDomains,
    timeZone: a.timeZone,
    portalEnabled: a.portalEnabled,
    portalRole: a.portalRoleId ? { id: a.portalRoleId, name: a.portalRoleName ?? "" } : null,
    manager: a.managerStaffId ? { id: a.managerStaffId, name: a.managerName ?? "" } : null,
    archived: a.archivedAt !== null,
    contactCount: a.contactCount,
    createdAt: a.createdAt.toISOString(),
    can: {
      edit: can(actor, "account.update", r),
      archive: can(actor, "account.archive", r),
      restore: can(actor, "account.restore", r),
    },
  };
}
