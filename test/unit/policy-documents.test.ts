import { describe, expect, it } from "vitest";
import {
  authorize,
  can,
  portalContractScope,
  portalInvoiceScope,
  portalProjectScope,
  type ProjectAssociation,
  projectAccess,
  type ProjectSwitches,
  withinPortalDocumentScope,
  withinPortalProjectScope,
} from "../../src/server/policy/policy.js";
import { contact, staffWith, T, verdict, withPerms } from "./policy-fixture.js";

const OTHER_TENANT = "22222222-2222-4222-8222-222222222222";

describe("policy: contracts and invoices of the account in view (CON-1, INV-1)", () => {
  it("CON-1 INV-1 a scope needs the role's view permission and no pending two-factor enrolment; a client administrator is not raised past it", () => {
    expect(portalContractScope(withPerms("contracts.view"))).toEqual({ accountId: "a1" });
    expect(portalContractScope(withPerms("invoices.view"))).toBeNull();
    expect(portalContractScope(contact({ clientAdmin: true }))).toBeNull();
    expect(portalContractScope(contact({ permissions: new Set(["contracts.view"]), mustEnrolTwoFactor: true }))).toBeNull();
    expect(portalInvoiceScope(withPerms("invoices.view"))).toEqual({ accountId: "a1" });
    expect(portalInvoiceScope(withPerms("contracts.view"))).toBeNull();
    expect(portalInvoiceScope(contact({ permissions: new Set(["invoices.view"]), mustEnrolTwoFactor: true }))).toBeNull();
  });

  it("CON-1 INV-1 only published documents of the account in view are within the scope", () => {
    const s = { accountId: "a1" };
    expect(withinPortalDocumentScope(s, { accountId: "a1", publishedToPortal: true })).toBe(true);
    expect(withinPortalDocumentScope(s, { accountId: "a1", publishedToPortal: false })).toBe(false);
    expect(withinPortalDocumentScope(s, { accountId: "a1" })).toBe(false);
    expect(withinPortalDocumentScope(s, { accountId: "a2", publishedToPortal: true })).toBe(false);
  });

  it("CON-1 INV-1 outside the scope is 'not found'; without the permission the list is forbidden; another tenant's is 'not found'", () => {
    const mine = { tenantId: T, accountId: "a1", publishedToPortal: true };
    for (const [perm, list, read] of [
      ["contracts.view", "portal.contract.list", "portal.contract.read"],
      ["invoices.view", "portal.invoice.list", "portal.invoice.read"],
    ] as const) {
      const c = withPerms(perm);
      expect(can(c, list)).toBe(true);
      expect(verdict(() => authorize(c, read, mine))).toBe("allowed");
      expect(verdict(() => authorize(c, read, { ...mine, publishedToPortal: false }))).toBe("NOT_FOUND");
      expect(verdict(() => authorize(c, read, { ...mine, accountId: "a2" }))).toBe("NOT_FOUND");
      expect(verdict(() => authorize(c, read, { ...mine, tenantId: OTHER_TENANT }))).toBe("NOT_FOUND");
      expect(verdict(() => authorize(contact(), list))).toBe("FORBIDDEN");
      expect(can(contact(), read, mine)).toBe(false);
      expect(can(staffWith("admin"), list)).toBe(false);
      expect(can(staffWith("admin"), read, mine)).toBe(false);
    }
  });

  it("CON-1 INV-1 staff read contracts and invoices; changing them needs 'manage contracts and invoices'", () => {
    for (const action of ["contract.read", "invoice.read"] as const) expect(can(staffWith(), action)).toBe(true);
    for (const action of ["contract.manage", "invoice.manage"] as const) {
      expect(can(staffWith("billing.manage"), action)).toBe(true);
      expect(can(staffWith("admin"), action)).toBe(true);
      expect(can(staffWith("jobs.manage", "tickets.manage", "approval.allow"), action)).toBe(false);
      expect(can(contact({ clientAdmin: true, permissions: new Set(["contracts.view", "invoices.view"]) }), action)).toBe(false);
    }
  });
});

describe("policy: projects a contact is associated with (PRJ-1)", () => {
  const everything: ProjectAssociation = { viewNotes: true, addNotes: true, viewFiles: true, addFiles: true, viewOrganisation: true, viewClients: true, viewTasks: true, viewTime: true };
  const allOn: ProjectSwitches = { viewNotes: true, viewFiles: true, viewOrganisation: true, viewClients: true, viewTasks: true, viewTime: true };

  it("PRJ-1 each of the six tenant switches caps its view whatever the association allows", () => {
    for (const key of Object.keys(allOn) as (keyof ProjectSwitches)[]) {
      const access = projectAccess(everything, { ...allOn, [key]: false });
      expect(access[key], key).toBe(false);
      for (const other of Object.keys(allOn) as (keyof ProjectSwitches)[]) if (other !== key) expect(access[other], `${key} leaves ${other}`).toBe(true);
    }
    expect(projectAccess(everything, allOn)).toEqual(everything);
    expect(projectAccess({ ...everything, viewTime: false }, allOn).viewTime).toBe(false);
  });

  it("PRJ-1 adding notes or files needs seeing them, by the association and by the switch", () => {
    expect(projectAccess({ ...everything, viewNotes: false }, allOn)).toMatchObject({ viewNotes: false, addNotes: false, addFiles: true });
    expect(projectAccess(everything, { ...allOn, viewNotes: false })).toMatchObject({ addNotes: false });
    expect(projectAccess({ ...everything, viewFiles: false }, allOn)).toMatchObject({ viewFiles: false, addFiles: false, addNotes: true });
    expect(projectAccess(everything, { ...allOn, viewFiles: false })).toMatchObject({ addFiles: false });
    expect(projectAccess({ ...everything, addNotes: false, addFiles: false }, allOn)).toMatchObject({ viewNotes: true, addNotes: false, viewFiles: true, addFiles: false });
  });

  it("PRJ-1 a project is within the scope only in the account in view, seen by customers, with an association", () => {
    expect(portalProjectScope(withPerms("projects.view"))).toEqual({ accountId: "a1", contactId: "c1" });
    expect(portalProjectScope(contact({ clientAdmin: true }))).toBeNull();
    expect(portalProjectScope(contact({ permissions: new Set(["projects.view"]), mustEnrolTwoFactor: true }))).toBeNull();
    const s = { accountId: "a1", contactId: "c1" };
    expect(withinPortalProjectScope(s, { accountId: "a1", jobVisible: true, projectAccess: everything })).toBe(true);
    expect(withinPortalProjectScope(s, { accountId: "a1", jobVisible: true, projectAccess: null })).toBe(false);
    expect(withinPortalProjectScope(s, { accountId: "a1", jobVisible: true })).toBe(false);
    expect(withinPortalProjectScope(s, { accountId: "a1", jobVisible: false, projectAccess: everything })).toBe(false);
    expect(withinPortalProjectScope(s, { accountId: "a2", jobVisible: true, projectAccess: everything })).toBe(false);
  });

  it("PRJ-1 notes and files are added only as the association allows; a file hidden from it or internal is 'not found'", () => {
    const c = withPerms("projects.view");
    const mine = { tenantId: T, accountId: "a1", jobVisible: true, projectAccess: everything };
    expect(verdict(() => authorize(c, "portal.project.read", mine))).toBe("allowed");
    expect(verdict(() => authorize(c, "portal.project.addNote", mine))).toBe("allowed");
    expect(verdict(() => authorize(c, "portal.project.addFile", mine))).toBe("allowed");
    expect(verdict(() => authorize(c, "portal.project.file.read", mine))).toBe("allowed");
    const noAdd = { ...mine, projectAccess: { ...everything, addNotes: false, addFiles: false } };
    expect(verdict(() => authorize(c, "portal.project.addNote", noAdd))).toBe("FORBIDDEN");
    expect(verdict(() => authorize(c, "portal.project.addFile", noAdd))).toBe("FORBIDDEN");
    expect(verdict(() => authorize(c, "portal.project.file.read", { ...mine, projectAccess: { ...everything, viewFiles: false } }))).toBe("NOT_FOUND");
    expect(verdict(() => authorize(c, "portal.project.file.read", { ...mine, isPublic: false }))).toBe("NOT_FOUND");
    for (const action of ["portal.project.read", "portal.project.addNote", "portal.project.file.read"] as const) {
      expect(verdict(() => authorize(c, action, { ...mine, projectAccess: null }))).toBe("NOT_FOUND");
      expect(verdict(() => authorize(c, action, { ...mine, accountId: "a2" }))).toBe("NOT_FOUND");
      expect(verdict(() => authorize(c, action, { ...mine, tenantId: OTHER_TENANT }))).toBe("NOT_FOUND");
      expect(can(contact(), action, mine)).toBe(false);
      expect(can(staffWith("admin"), action, mine)).toBe(false);
    }
    expect(can(c, "portal.project.list")).toBe(true);
    expect(can(contact(), "portal.project.list")).toBe(false);
  });

  it("PRJ-1 staff read projects; changing them needs 'manage jobs'", () => {
    expect(can(staffWith(), "project.read")).toBe(true);
    expect(can(staffWith("jobs.manage"), "project.manage")).toBe(true);
    expect(can(staffWith("billing.manage", "tickets.manage"), "project.manage")).toBe(false);
  });
});
