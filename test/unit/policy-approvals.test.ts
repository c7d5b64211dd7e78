import { describe, expect, it } from "vitest";
import { authorize, can, portalApprovalScope, withinPortalApprovalScope } from "../../src/server/policy/policy.js";
import { priceLines, statementHash, statementOf } from "../../src/server/modules/approvals/statement.js";
import { contact, staffWith, T, verdict, withPerms } from "./policy-fixture.js";

describe("policy: the portal approval scope (APR-4)", () => {
  it("APR-4 the job contact the version was sent to sees it; a client administrator whose role approves jobs sees every one of the account", () => {
    expect(portalApprovalScope(contact())).toEqual({ accountId: "a1", contactId: "c1", everyJob: false });
    expect(portalApprovalScope(contact({ clientAdmin: true }))).toMatchObject({ everyJob: false });
    expect(portalApprovalScope(withPerms("jobs.approve"))).toMatchObject({ everyJob: false });
    expect(portalApprovalScope(contact({ clientAdmin: true, permissions: new Set(["jobs.approve"]) }))).toMatchObject({ everyJob: true });
    expect(portalApprovalScope(contact({ mustEnrolTwoFactor: true, clientAdmin: true, permissions: new Set(["jobs.approve"]) }))).toBeNull();
  });

  it("APR-4 a version is within a scope only in the account in view, and for a narrow scope only when sent to the contact", () => {
    const narrow = { accountId: "a1", contactId: "c1", everyJob: false };
    expect(withinPortalApprovalScope(narrow, { accountId: "a1", sentToContactId: "c1" })).toBe(true);
    expect(withinPortalApprovalScope(narrow, { accountId: "a1", sentToContactId: "c2" })).toBe(false);
    expect(withinPortalApprovalScope(narrow, { accountId: "a2", sentToContactId: "c1" })).toBe(false);
    expect(withinPortalApprovalScope(narrow, { accountId: "a1" })).toBe(false);
    expect(withinPortalApprovalScope({ ...narrow, everyJob: true }, { accountId: "a1", sentToContactId: "c2" })).toBe(true);
    expect(withinPortalApprovalScope({ ...narrow, everyJob: true }, { accountId: "a2", sentToContactId: "c2" })).toBe(false);
  });

  it("APR-4 outside the scope is 'not found', never 'forbidden'; another tenant's version too", () => {
    const mine = { tenantId: T, accountId: "a1", sentToContactId: "c1" };
    expect(verdict(() => authorize(contact(), "portal.approval.answer", mine))).toBe("allowed");
    expect(verdict(() => authorize(contact(), "portal.approval.answer", { ...mine, sentToContactId: "c2" }))).toBe("NOT_FOUND");
    expect(verdict(() => authorize(contact(), "portal.approval.read", { ...mine, accountId: "a2" }))).toBe("NOT_FOUND");
    expect(verdict(() => authorize(contact(), "portal.approval.read", { ...mine, tenantId: "22222222-2222-4222-8222-222222222222" }))).toBe("NOT_FOUND");
  });

  it("APR-4 every contact past two-factor enrolment has an inbox; staff and enrolling contacts have none and read no request", () => {
    const mine = { tenantId: T, accountId: "a1", sentToContactId: "c1" };
    expect(can(contact(), "portal.approval.list")).toBe(true);
    expect(can(contact({ mustEnrolTwoFactor: true }), "portal.approval.list")).toBe(false);
    expect(can(staffWith("admin"), "portal.approval.list")).toBe(false);
    for (const action of ["portal.approval.read", "portal.approval.answer"] as const) {
      expect(can(contact(), action, mine)).toBe(true);
      expect(can(staffWith("admin", "approval.allow"), action, mine)).toBe(false);
      expect(can(contact({ mustEnrolTwoFactor: true }), action, mine)).toBe(false);
    }
  });

  it("APR-1 staff see and send approvals only with 'allow customer approval' (or as administrators)", () => {
    for (const action of ["approval.read", "approval.send", "approval.reopen"] as const) {
      expect(can(staffWith("approval.allow"), action)).toBe(true);
      expect(can(staffWith("admin"), action)).toBe(true);
      expect(can(staffWith("tickets.manage", "jobs.manage", "settings.manage"), action)).toBe(false);
      expect(can(contact({ clientAdmin: true, permissions: new Set(["jobs.approve"]) }), action)).toBe(false);
    }
  });
});

describe("the statement of a version (APR-3, APR-4)", () => {
  const entry = (hours: string, rate: string | null) => ({ id: "e", ticketId: "t", ticketNumber: 1, ticketTitle: "T", staffName: "S", workDate: "2026-11-20", hours, note: "", rate });

  it("APR-3 each line is rounded to the cent half away from zero, and the total adds the rounded lines, in exact decimals", () => {
    const p = priceLines([entry("0.33", "100.05"), entry("0.33", "100.05"), entry("0.10", "0.10"), entry("1.00", null)]);
    // 0.33 × 100.05 = 33.0165 → 33.02 each; 0.1 × 0.1 = 0.01; no rate is 0.00.
    expect(p.lines.map((l) => l.amount)).toEqual(["33.02", "33.02", "0.01", "0.00"]);
    expect(p.totalAmount).toBe("66.05");
    expect(p.totalHours).toBe("1.76");
    expect(priceLines([entry("0.25", "0.10")]).totalAmount).toBe("0.03");
  });

  it("APR-4 the statement hash changes with any shown detail and not otherwise", () => {
    const head = { jobNumber: "J-1", jobName: "Job", accountName: "Acme", version: 1, cutOff: "2026-11-22", currency: "USD", totalHours: "1.00", totalAmount: "10.00" };
    const lines = [{ ticketNumber: 1, ticketTitle: "T", staffName: "S", workDate: "2026-11-20", hours: "1.00", note: "n", rate: "10.00", amount: "10.00" }];
    const h = statementHash(statementOf(head, lines));
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(statementHash(statementOf({ ...head }, [{ ...lines[0] }]))).toBe(h);
    expect(statementHash(statementOf({ ...head, version: 2 }, lines))).not.toBe(h);
    expect(statementHash(statementOf(head, [{ ...lines[0], note: "m" }]))).not.toBe(h);
  });
});
