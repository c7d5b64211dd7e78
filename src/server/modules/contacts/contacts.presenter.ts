import type { ContactDto } from "../../../shared/api.js";
import type { Actor } from "../../policy/actors.js";
import { can } from "../../policy/policy.js";
import type { ContactListView } from "./contacts.repo.js";

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function presentContact(actor: Actor, c: ContactListView): ContactDto {
  const r = { tenantId: c.tenantId, archived: c.archivedAt !== null };
  const managePortal = can(actor, "portalAccess.manage", r);
  return {
    id: c.id,
    firstName: c.firstName,
    lastName: c.lastName,
    name: `${c.firstName} ${c.lastName}`.trim(),
    email: c.email,
    phone: c.phone,
    jobTitle: c.jobTitle,
    timeZone: c.timeZone,
    archived: c.archivedAt !== null,
    accounts: c.accounts.map((a) => ({ id: a.id, name: a.name, portalEnabled: a.portalEnabled })),
    portal: {
      status: c.portalStatus,
      username: c.portalUsername,
      activatedAt: iso(c.activatedAt),
      lastLoginAt: iso(c.lastLoginAt),
      lockedUntil: iso(c.lockedUntil),
      twoFactorEnabled: c.totpEnabledAt !== null,
      signupStatus: c.signupStatus,
    },
    createdAt: c.createdAt.toISOString(),
    can: {
      edit: can(actor, "contact.update", r),
      archive: can(actor, "contact.archive", r),
      restore: can(actor, "contact.restore", r),
      managePortal,
      grantPortal: managePortal && c.portalStatus === "not_enabled" && c.signupStatus !== "pending",
    },
  };
}
