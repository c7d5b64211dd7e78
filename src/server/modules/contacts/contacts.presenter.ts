import type { ContactDto, ContactList } from "../../../shared/api.js";
import { JsonAnswer } from "../../lib/json-answer.js";
import type { Actor } from "../../policy/actors.js";
import { can } from "../../policy/policy.js";
import { type ContactListState, type ContactListView, contactListState } from "./contacts.repo.js";

const iso = (d: Date | null) => (d ? d.toISOString() : null);

type CanState = ContactListState & { tenantId: string };

/** What the viewer may do with a contact. */
function contactCan(actor: Actor, c: CanState): ContactDto["can"] {
  const r = { tenantId: c.tenantId, archived: c.archived };
  const managePortal = can(actor, "portalAccess.manage", r);
  return {
    edit: can(actor, "contact.update", r),
    archive: can(actor, "contact.archive", r),
    restore: can(actor, "contact.restore", r),
    managePortal,
    grantPortal: managePortal && c.portalStatus === "not_enabled" && c.signupStatus !== "pending",
  };
}

export function presentContact(actor: Actor, c: ContactListView): ContactDto {
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
    can: contactCan(actor, { ...c, archived: c.archivedAt !== null }),
  };
}

/**
 * The console's contact list: each row as the database keeps it (`list_row`: `presentContact` without `can`,
 * written by migration 0012's trigger, open for `can`) with the viewer's `can` added, then the rest. `states` are
 * the rows' states as words (contacts.repo.ts `listLines`); the rows are of the viewer's tenant.
 */
export function presentContactList(actor: Actor, rows: string[], states: string[], rest: Omit<ContactList, "items">) {
  // Neighbouring rows mostly share their state: `can` is written again only when it differs.
  let last = "";
  let can = "";
  const items = rows.map((row, i) => {
    if (states[i] !== last) {
      last = states[i];
      can = JSON.stringify(contactCan(actor, { ...contactListState(last), tenantId: actor.tenantId }));
    }
    return `${row},"can":${can}}`;
  });
  return new JsonAnswer(`{"items":[${items.join(",")}],${JSON.stringify(rest).slice(1)}`);
}
