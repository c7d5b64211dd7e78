import { describe, expect, it } from "vitest";
import { portalPermissions } from "../../src/shared/tickets-api.js";
import type { ContactActor } from "../../src/server/policy/actors.js";
import { actions, actsOnAccountInView, authorize, can } from "../../src/server/policy/policy.js";
import { contact, staffWith, T, verdict, withPerms } from "./policy-fixture.js";

const enrolling = (o: Partial<ContactActor> = {}) => contact({ mustEnrolTwoFactor: true, clientAdmin: true, permissions: new Set(portalPermissions), ...o });


describe("policy: the contact's own pages (ROL-6, SET-1)", () => {
  const selfActions = ["portal.me.read", "portal.me.update", "portal.password.change", "portal.twoFactor.manage", "portal.session.end"] as const;

  it("ROL-6 a contact acts on itself: with no target or its own id, whatever its role", () => {
    for (const action of selfActions) {
      expect(can(contact(), action), action).toBe(true);
      expect(can(contact(), action, { contactId: "c1" }), action).toBe(true);
    }
  });

  it("ROL-6 a contact never acts on another contact's profile, password, two-factor or sessions", () => {
    for (const action of selfActions) {
      expect(can(contact(), action, { contactId: "c2" }), action).toBe(false);
      expect(can(contact({ clientAdmin: true, permissions: new Set(portalPermissions) }), action, { contactId: "c2" }), action).toBe(false);
      expect(verdict(() => authorize(contact(), action, { contactId: "c2" })), action).toBe("FORBIDDEN");
    }
  });

  it("PLT-1 staff have no portal self-service, not even administrators", () => {
    for (const action of selfActions) {
      expect(can(staffWith("admin"), action), action).toBe(false);
      expect(can(staffWith("admin"), action, { contactId: "s" }), action).toBe(false);
    }
  });
});

describe("policy: two-factor enrolment (ACC-13)", () => {
  it("ACC-13 a contact who must enrol may still read itself, enrol and sign out", () => {
    for (const action of ["portal.me.read", "portal.twoFactor.manage", "portal.session.end"] as const) {
      expect(can(enrolling(), action), action).toBe(true);
      expect(can(enrolling(), action, { contactId: "c1" }), action).toBe(true);
      expect(can(enrolling(), action, { contactId: "c2" }), action).toBe(false);
    }
  });

  it("ACC-13 a contact who must enrol can do nothing else, whatever its role and client administrator flag", () => {
    const c = enrolling();
    const own = { accountId: "a1", jobVisible: true, jobAddTickets: true, jobActive: true, jobIsDefault: true, ticketContactId: "c1", isPublic: true };
    for (const action of ["portal.me.update", "portal.password.change", "portal.account.switch", "portal.ticket.list", "portal.ticket.read", "portal.ticket.create", "portal.ticket.createOnJob", "portal.ticket.addNote", "portal.attachment.read", "portal.contacts.manage"] as const) {
      const target = action === "portal.account.switch" ? { accountId: "a2" } : action === "portal.contacts.manage" ? { accountId: "a1" } : own;
      expect(can(c, action, target), action).toBe(false);
      expect(verdict(() => authorize(c, action, target)), action).toBe("TWO_FACTOR_ENROLMENT_REQUIRED");
      // The same contact once enrolled is allowed: enrolment is the only thing in the way.
      expect(can({ ...c, mustEnrolTwoFactor: false }, action, target), action).toBe(true);
    }
  });
});

describe("policy: the account in view (ROL-5)", () => {
  it("ROL-5 a contact may switch to any account it belongs to", () => {
    expect(can(contact(), "portal.account.switch", { accountId: "a2" })).toBe(true);
    expect(can(contact(), "portal.account.switch", { accountId: "a1" })).toBe(true);
    expect(can(contact({ accountIds: ["a1", "a2", "a3"] }), "portal.account.switch", { accountId: "a3" })).toBe(true);
  });

  it("ROL-5 any other account is 'not found', never 'forbidden'", () => {
    expect(can(contact(), "portal.account.switch", { accountId: "zz" })).toBe(false);
    expect(verdict(() => authorize(contact(), "portal.account.switch", { accountId: "zz" }))).toBe("NOT_FOUND");
    expect(verdict(() => authorize(contact({ accountIds: ["a1"] }), "portal.account.switch", { accountId: "a2" }))).toBe("NOT_FOUND");
    expect(verdict(() => authorize(contact(), "portal.account.switch"))).toBe("NOT_FOUND");
  });

  it("ROL-5 a contact switches only its own session's account, and staff never switch", () => {
    expect(can(contact(), "portal.account.switch", { accountId: "a2", contactId: "c2" })).toBe(false);
    expect(can(staffWith("admin"), "portal.account.switch", { accountId: "a2" })).toBe(false);
    expect(verdict(() => authorize(staffWith("admin"), "portal.account.switch", { accountId: "a2" }))).toBe("FORBIDDEN");
  });
});

describe("policy: colleagues (ROL-6)", () => {
  const manager = withPerms("contacts.manage");

  it("ROL-6 with 'add and edit the account's contacts' a contact manages the contacts of the account in view", () => {
    expect(can(manager, "portal.contacts.manage")).toBe(true);
    expect(can(manager, "portal.contacts.manage", { accountId: "a1" })).toBe(true);
    expect(verdict(() => authorize(manager, "portal.contacts.manage", { tenantId: T, accountId: "a1" }))).toBe("allowed");
  });

  it("ROL-6 a colleague outside the account in view is 'not found', even in another account of the contact", () => {
    expect(can(manager, "portal.contacts.manage", { accountId: "a2" })).toBe(false);
    expect(verdict(() => authorize(manager, "portal.contacts.manage", { accountId: "a2" }))).toBe("NOT_FOUND");
    expect(verdict(() => authorize(manager, "portal.contacts.manage", { accountId: "" }))).toBe("NOT_FOUND");
  });

  it("ROL-6 without the role's permission no contact manages colleagues, client administrator or not", () => {
    const others = portalPermissions.filter((p) => p !== "contacts.manage");
    expect(can(contact({ permissions: new Set(others) }), "portal.contacts.manage")).toBe(false);
    expect(can(contact({ clientAdmin: true }), "portal.contacts.manage", { accountId: "a1" })).toBe(false);
    expect(verdict(() => authorize(contact({ clientAdmin: true, permissions: new Set(others) }), "portal.contacts.manage", { accountId: "a1" }))).toBe("FORBIDDEN");
    // Refused for the permission before the account is looked at.
    expect(verdict(() => authorize(contact(), "portal.contacts.manage", { accountId: "a2" }))).toBe("FORBIDDEN");
  });

  it("ROL-6 staff, even with 'manage contacts', do not pass the portal's colleague rule", () => {
    expect(can(staffWith("admin", "contacts.manage"), "portal.contacts.manage")).toBe(false);
    expect(verdict(() => authorize(staffWith("admin", "contacts.manage"), "portal.contacts.manage", { accountId: "a1" }))).toBe("FORBIDDEN");
  });
});

describe("FIRST-3 ROL-5 which portal actions act on the account in view", () => {
  it("FIRST-3 every portal action on tickets, files and colleagues is tied to the account the page shows; the contact's own settings, session and switching are not", () => {
    const ownAndSession = ["portal.me.read", "portal.me.update", "portal.password.change", "portal.twoFactor.manage", "portal.session.end", "portal.account.switch"];
    const expected = actions.filter((a) => a.startsWith("portal.") && !ownAndSession.includes(a));
    expect(expected.length).toBeGreaterThan(5);
    for (const a of actions) expect(actsOnAccountInView(a), a).toBe(expected.includes(a));
    expect(actsOnAccountInView("public")).toBe(false);
  });
});
