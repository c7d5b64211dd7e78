import { describe, expect, it } from "vitest";
import type { StaffPermission } from "../../src/shared/api.js";
import type { ContactActor, StaffActor } from "../../src/server/policy/actors.js";
import { authorize, can } from "../../src/server/policy/policy.js";

const T = "11111111-1111-4111-8111-111111111111";
const OTHER = "22222222-2222-4222-8222-222222222222";
const staffWith = (...p: StaffPermission[]): StaffActor => ({ kind: "staff", tenantId: T, staffId: "s", name: "S", permissions: new Set(p) });
const contact = (o: Partial<ContactActor> = {}): ContactActor => ({
  kind: "contact", tenantId: T, contactId: "c1", name: "C", accountId: "a1", accountIds: ["a1", "a2"], mustEnrolTwoFactor: false, permissions: new Set(), clientAdmin: false, portalRoleId: null, ...o,
});

describe("policy", () => {
  it("ACC-1 only staff with 'manage customer portal access' (or administrators) manage portal access", () => {
    expect(can(staffWith("portal_access.manage"), "portalAccess.manage", { tenantId: T })).toBe(true);
    expect(can(staffWith("admin"), "portalAccess.manage", { tenantId: T })).toBe(true);
    expect(can(staffWith("contacts.manage", "approval.allow"), "portalAccess.manage", { tenantId: T })).toBe(false);
    expect(() => authorize(staffWith("contacts.manage"), "portalAccess.manage")).toThrow(/not allowed/);
  });

  it("archived records cannot be managed until restored", () => {
    const admin = staffWith("admin");
    expect(can(admin, "contact.update", { archived: true })).toBe(false);
    expect(can(admin, "contact.restore", { archived: true })).toBe(true);
    expect(can(admin, "contact.restore", { archived: false })).toBe(false);
    expect(can(admin, "portalAccess.manage", { archived: true })).toBe(false);
  });

  it("PLT-1 another tenant's resource is 'not found', never 'forbidden'", () => {
    expect(can(staffWith("admin"), "contact.read", { tenantId: OTHER })).toBe(false);
    expect(() => authorize(staffWith("admin"), "contact.read", { tenantId: OTHER })).toThrow(/Not found/);
  });

  it("staff never pass portal rules and contacts never pass staff rules", () => {
    expect(can(staffWith("admin"), "portal.me.read")).toBe(false);
    expect(can(contact(), "contact.read")).toBe(false);
    expect(() => authorize({ kind: "anonymous", tenantId: T }, "contact.read")).toThrow(/sign in/);
  });

  it("ROL-5 a contact may switch only to an account it belongs to; others are 'not found'", () => {
    expect(can(contact(), "portal.account.switch", { accountId: "a2" })).toBe(true);
    expect(() => authorize(contact(), "portal.account.switch", { accountId: "zz" })).toThrow(/Not found/);
  });

  it("ROL-6 a contact edits only its own profile", () => {
    expect(can(contact(), "portal.me.update", { contactId: "c1" })).toBe(true);
    expect(can(contact(), "portal.me.update", { contactId: "c2" })).toBe(false);
  });

  it("ACC-13 a contact who must enrol in two-factor can only read itself and enrol", () => {
    const c = contact({ mustEnrolTwoFactor: true });
    expect(can(c, "portal.me.read")).toBe(true);
    expect(can(c, "portal.twoFactor.manage")).toBe(true);
    expect(can(c, "portal.me.update")).toBe(false);
    expect(() => authorize(c, "portal.password.change")).toThrow(/two-factor/);
  });
});
