import { describe, expect, it } from "vitest";
import { AppError } from "../../src/server/errors.js";
import type { AnonymousActor } from "../../src/server/policy/actors.js";
import { type Action, actions, authorize, can } from "../../src/server/policy/policy.js";
import { contact, staffWith, T, verdict } from "./policy-fixture.js";

const OTHER = "22222222-2222-4222-8222-222222222222";
const anonymous: AnonymousActor = { kind: "anonymous", tenantId: T };

/** The error `authorize` throws, or "allowed". */
function message(run: () => void): string {
  try {
    run();
  } catch (err) {
    if (err instanceof AppError) return err.message;
    throw err;
  }
  throw new Error("expected authorize to refuse");
}

describe("policy: who may act at all", () => {
  it("ACC-1 only staff with 'manage customer portal access' (or administrators) manage portal access", () => {
    expect(can(staffWith("portal_access.manage"), "portalAccess.manage", { tenantId: T })).toBe(true);
    expect(can(staffWith("admin"), "portalAccess.manage", { tenantId: T })).toBe(true);
    expect(can(staffWith("contacts.manage", "approval.allow"), "portalAccess.manage", { tenantId: T })).toBe(false);
    expect(() => authorize(staffWith("contacts.manage"), "portalAccess.manage")).toThrow(/not allowed/);
  });

  it("ACC-13 an anonymous caller must sign in, for staff and portal actions alike, whatever the target", () => {
    for (const action of ["contact.read", "staff.me", "portal.me.read", "portal.ticket.list"] as const) {
      expect(can(anonymous, action)).toBe(false);
      expect(verdict(() => authorize(anonymous, action))).toBe("UNAUTHENTICATED");
    }
    expect(verdict(() => authorize(anonymous, "contact.read", { tenantId: OTHER }))).toBe("UNAUTHENTICATED");
    expect(message(() => authorize(anonymous, "portal.me.read"))).toBe("Please sign in.");
  });

  it("PLT-1 staff never pass portal rules and contacts never pass staff rules", () => {
    expect(can(staffWith("admin"), "portal.me.read")).toBe(false);
    expect(verdict(() => authorize(staffWith("admin"), "portal.me.read"))).toBe("FORBIDDEN");
    expect(can(contact({ clientAdmin: true }), "contact.read")).toBe(false);
    expect(verdict(() => authorize(contact({ clientAdmin: true }), "contact.read"))).toBe("FORBIDDEN");
  });

  it("PLT-1 every action is known by name, so routes can declare it", () => {
    expect(actions).toHaveLength(59);
    expect(new Set(actions).size).toBe(actions.length);
    for (const a of ["staff.me", "portalAccess.manage", "portal.ticket.createOnJob", "portal.contacts.manage", "lookup.manage", "approval.send", "portal.approval.answer"] satisfies Action[]) {
      expect(actions).toContain(a);
    }
  });
});

describe("policy: tenants (PLT-1)", () => {
  it("PLT-1 another tenant's resource is refused by `can`, even for an administrator", () => {
    expect(can(staffWith("admin"), "contact.read", { tenantId: OTHER })).toBe(false);
    expect(can(staffWith("admin"), "contact.update", { tenantId: OTHER, archived: false })).toBe(false);
    expect(can(contact(), "portal.me.read", { tenantId: OTHER })).toBe(false);
  });

  it("PLT-1 another tenant's resource is 'not found', never 'forbidden'", () => {
    expect(verdict(() => authorize(staffWith("admin"), "contact.read", { tenantId: OTHER }))).toBe("NOT_FOUND");
    expect(message(() => authorize(staffWith("admin"), "contact.read", { tenantId: OTHER }))).toBe("Not found.");
    // Not "forbidden" even where the own tenant's record would be refused as such.
    expect(verdict(() => authorize(staffWith(), "contact.update", { tenantId: OTHER, archived: false }))).toBe("NOT_FOUND");
    expect(verdict(() => authorize(contact(), "portal.me.update", { tenantId: OTHER }))).toBe("NOT_FOUND");
  });

  it("PLT-1 a resource of the actor's own tenant, or one naming no tenant, goes to the rule", () => {
    expect(can(staffWith("admin"), "contact.read", { tenantId: T })).toBe(true);
    expect(can(staffWith("admin"), "contact.read")).toBe(true);
    expect(can(contact(), "portal.me.read", { tenantId: T })).toBe(true);
    expect(verdict(() => authorize(staffWith("admin"), "contact.read", { tenantId: T }))).toBe("allowed");
    expect(verdict(() => authorize(staffWith(), "contact.read"))).toBe("allowed");
  });
});

describe("policy: archived records (ACC-6)", () => {
  const admin = staffWith("admin");

  it("ACC-6 archived contacts and accounts cannot be edited, archived again or have portal access managed", () => {
    for (const action of ["contact.update", "contact.archive", "account.update", "account.archive", "portalAccess.manage"] as const) {
      expect(can(admin, action, { archived: true })).toBe(false);
      expect(can(admin, action, { archived: false })).toBe(true);
      expect(can(admin, action)).toBe(true);
      expect(verdict(() => authorize(admin, action, { archived: true }))).toBe("CONFLICT");
      expect(message(() => authorize(admin, action, { archived: true }))).toBe("This record is archived; restore it first.");
    }
  });

  it("ACC-6 only an archived contact or account can be restored", () => {
    for (const action of ["contact.restore", "account.restore"] as const) {
      expect(can(admin, action, { archived: true })).toBe(true);
      expect(verdict(() => authorize(admin, action, { archived: true }))).toBe("allowed");
      expect(can(admin, action, { archived: false })).toBe(false);
      expect(can(admin, action)).toBe(false);
      expect(verdict(() => authorize(admin, action, { archived: false }))).toBe("CONFLICT");
      expect(message(() => authorize(admin, action, { archived: false }))).toBe("This record is not archived.");
    }
  });

  it("ACC-6 without the permission the answer is 'forbidden' where the archive state fits the action", () => {
    const clerk = staffWith("email_log.read");
    expect(verdict(() => authorize(clerk, "contact.update", { archived: false }))).toBe("FORBIDDEN");
    expect(verdict(() => authorize(clerk, "contact.restore", { archived: true }))).toBe("FORBIDDEN");
    expect(verdict(() => authorize(clerk, "contact.update"))).toBe("FORBIDDEN");
    expect(verdict(() => authorize(clerk, "contact.restore"))).toBe("FORBIDDEN");
    expect(message(() => authorize(clerk, "contact.update"))).toBe("You are not allowed to do this.");
  });
});

describe("policy: authorize answers", () => {
  it("ACC-13 a contact who must enrol in two-factor is told to enrol, not 'forbidden'", () => {
    const c = contact({ mustEnrolTwoFactor: true, permissions: new Set(["tickets.view_account", "tickets.create"]) });
    expect(verdict(() => authorize(c, "portal.password.change"))).toBe("TWO_FACTOR_ENROLMENT_REQUIRED");
    expect(message(() => authorize(c, "portal.ticket.list"))).toBe("Set up two-factor authentication to continue.");
    // A contact past enrolment who is refused gets a plain 'forbidden'.
    expect(verdict(() => authorize(contact(), "portal.ticket.list"))).toBe("FORBIDDEN");
  });

  it("ROL-5 a target outside the contact's scope is 'not found' before anything else", () => {
    const c = contact({ mustEnrolTwoFactor: false });
    expect(verdict(() => authorize(c, "portal.account.switch", { accountId: "zz" }))).toBe("NOT_FOUND");
    expect(message(() => authorize(c, "portal.account.switch", { accountId: "zz" }))).toBe("Not found.");
    expect(can(c, "portal.account.switch", { accountId: "zz" })).toBe(false);
  });

  it("ACC-1 an allowed action returns without throwing", () => {
    expect(authorize(staffWith("portal_access.manage"), "portalAccess.manage", { tenantId: T, archived: false })).toBeUndefined();
    expect(verdict(() => authorize(contact(), "portal.me.read", { contactId: "c1" }))).toBe("allowed");
  });
});
