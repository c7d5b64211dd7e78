import { describe, expect, it } from "vitest";
import { type StaffPermission, staffPermissions } from "../../src/shared/api.js";
import { portalPermissions } from "../../src/shared/tickets-api.js";
import type { ContactActor } from "../../src/server/policy/actors.js";
import { type Action, actions, authorize, can } from "../../src/server/policy/policy.js";
import { staffWith, T, verdict } from "./policy-fixture.js";

/** A contact holding every portal permission, client administrator: still no staff action. */
const mightyContact: ContactActor = {
  kind: "contact", tenantId: T, contactId: "c1", name: "C", accountId: "a1", accountIds: ["a1"], mustEnrolTwoFactor: false,
  permissions: new Set(portalPermissions), clientAdmin: true, portalRoleId: null,
};


/** Every staff action, the permission it needs (null: any staff user), the SPEC rule it serves and a target it accepts. */
const staffActions: [Action, StaffPermission | null, string, { archived?: boolean }][] = [
  ["staff.me", null, "ACC-1", {}],
  ["staff.session.end", null, "ACC-6", {}],
  ["staff.options.read", null, "TKT-1", {}],
  ["staff.manage", "admin", "ACC-1", {}],
  ["account.read", null, "ROL-3", {}],
  ["account.create", "accounts.manage", "ROL-3", {}],
  ["account.update", "accounts.manage", "ROL-3", { archived: false }],
  ["account.archive", "accounts.manage", "ROL-3", { archived: false }],
  ["account.restore", "accounts.manage", "ROL-3", { archived: true }],
  ["contact.read", null, "ACC-9", {}],
  ["contact.create", "contacts.manage", "ACC-1", {}],
  ["contact.update", "contacts.manage", "ACC-1", { archived: false }],
  ["contact.archive", "contacts.manage", "ACC-6", { archived: false }],
  ["contact.restore", "contacts.manage", "ACC-6", { archived: true }],
  ["portalAccess.manage", "portal_access.manage", "ACC-1", { archived: false }],
  ["portalAccess.history", null, "ACC-8", {}],
  ["settings.read", null, "CFG-1", {}],
  ["settings.update", "settings.manage", "CFG-1", {}],
  ["emailLog.read", "email_log.read", "PLT-3", {}],
  ["ticket.read", null, "TKT-3", {}],
  ["ticket.manage", "tickets.manage", "TKT-5", {}],
  ["job.read", null, "JOB-1", {}],
  ["job.manage", "jobs.manage", "JOB-1", {}],
  ["portalRole.manage", "settings.manage", "ROL-1", {}],
  ["lookup.manage", "settings.manage", "TKT-2", {}],
  ["approval.read", "approval.allow", "APR-1", {}],
  ["approval.send", "approval.allow", "APR-3", {}],
  ["approval.reopen", "approval.allow", "APR-4", {}],
  ["contract.read", null, "CON-1", {}],
  ["contract.manage", "billing.manage", "CON-1", {}],
  ["invoice.read", null, "INV-1", {}],
  ["invoice.manage", "billing.manage", "INV-1", {}],
  ["project.read", null, "PRJ-1", {}],
  ["project.manage", "jobs.manage", "PRJ-1", {}],
];

describe("policy: staff permissions", () => {
  it("PLT-1 every action outside the portal is a staff action, and each is checked here exactly once", () => {
    const listed = staffActions.map(([a]) => a);
    expect(new Set(listed).size).toBe(listed.length);
    expect([...listed].sort()).toEqual(actions.filter((a) => !a.startsWith("portal.")).sort());
    expect(listed).toHaveLength(34);
  });

  for (const [action, permission, id, target] of staffActions) {
    if (permission === null) {
      it(`${id} '${action}' is open to every staff user, with no permission at all`, () => {
        expect(can(staffWith(), action, target)).toBe(true);
        expect(verdict(() => authorize(staffWith(), action, target))).toBe("allowed");
        expect(can(staffWith("approval.allow"), action, target)).toBe(true);
      });
    } else {
      it(`${id} '${action}' needs '${permission}' or administrator; any other staff permission is 'forbidden'`, () => {
        expect(can(staffWith(permission), action, target)).toBe(true);
        expect(can(staffWith("admin"), action, target)).toBe(true);
        expect(verdict(() => authorize(staffWith(permission), action, target))).toBe("allowed");
        const others = staffPermissions.filter((p) => p !== permission && p !== "admin");
        expect(others.length).toBeGreaterThan(6);
        for (const other of others) {
          expect(can(staffWith(other), action, target), other).toBe(false);
        }
        expect(can(staffWith(...others), action, target)).toBe(false);
        expect(can(staffWith(), action, target)).toBe(false);
        expect(verdict(() => authorize(staffWith(...others), action, target))).toBe("FORBIDDEN");
      });
    }

    it(`${id} '${action}' is never a contact's, not even a client administrator with every portal permission`, () => {
      expect(can(mightyContact, action, target)).toBe(false);
      expect(verdict(() => authorize(mightyContact, action, target))).toBe("FORBIDDEN");
    });
  }
});
