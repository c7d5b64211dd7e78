import { describe, expect, it } from "vitest";
import {
  authorize,
  can,
  openForPortalTickets,
  portalColleagueScope,
  portalJobScope,
  portalTicketScope,
  seenInPortalJobScope,
  wasGranted,
  withinPortalTicketScope,
} from "../../src/server/policy/policy.js";
import { portalPermissions } from "../../src/shared/tickets-api.js";
import { contact, staffWith, withPerms } from "./policy-fixture.js";

describe("policy: the portal ticket scope (TKT-1, ROL-1, ROL-4)", () => {
  it("TKT-1 a contact sees no tickets without a ticket permission, or while two-factor enrolment is pending", () => {
    expect(portalTicketScope(contact())).toBeNull();
    expect(portalTicketScope(contact({ mustEnrolTwoFactor: true, clientAdmin: true }))).toBeNull();
    expect(portalTicketScope(contact({ mustEnrolTwoFactor: true, permissions: new Set(["tickets.view_account"]) }))).toBeNull();
  });

  it("ROL-1 ROL-4 'view own' or 'create' see their own and their jobs' tickets; 'view account' and client administrators see every ticket", () => {
    expect(portalTicketScope(withPerms("tickets.view_own"))).toEqual({ accountId: "a1", contactId: "c1", everyTicket: false });
    expect(portalTicketScope(withPerms("tickets.create"))).toEqual({ accountId: "a1", contactId: "c1", everyTicket: false });
    expect(portalTicketScope(withPerms("tickets.view_account"))).toEqual({ accountId: "a1", contactId: "c1", everyTicket: true });
    expect(portalTicketScope(contact({ clientAdmin: true }))).toEqual({ accountId: "a1", contactId: "c1", everyTicket: true });
  });

  it("TKT-1 every contact allowed to list tickets has a scope to list them by", () => {
    const ticketPerms = portalPermissions.filter((p) => p.startsWith("tickets."));
    let listers = 0;
    for (let mask = 0; mask < 1 << ticketPerms.length; mask++) {
      for (const clientAdmin of [false, true]) {
        for (const mustEnrolTwoFactor of [false, true]) {
          const a = contact({ clientAdmin, mustEnrolTwoFactor, permissions: new Set(ticketPerms.filter((_, i) => mask & (1 << i))) });
          if (!can(a, "portal.ticket.list")) continue;
          listers++;
          expect(portalTicketScope(a), JSON.stringify({ clientAdmin, perms: [...a.permissions] })).not.toBeNull();
        }
      }
    }
    expect(listers).toBeGreaterThan(0);
  });

  it("TKT-1 a ticket is within a scope only in the account in view and on a visible job; a narrow scope needs the contact's ticket or job", () => {
    const narrow = { accountId: "a1", contactId: "c1", everyTicket: false };
    const wide = { ...narrow, everyTicket: true };
    const ticket = { accountId: "a1", jobVisible: true, ticketContactId: "c2", jobContactId: "c3" };
    expect(withinPortalTicketScope(wide, ticket)).toBe(true);
    expect(withinPortalTicketScope(wide, { ...ticket, accountId: "a2" })).toBe(false);
    expect(withinPortalTicketScope(wide, { ...ticket, jobVisible: false })).toBe(false);
    expect(withinPortalTicketScope(narrow, ticket)).toBe(false);
    expect(withinPortalTicketScope(narrow, { ...ticket, ticketContactId: "c1" })).toBe(true);
    expect(withinPortalTicketScope(narrow, { ...ticket, jobContactId: "c1" })).toBe(true);
  });
});

describe("policy: the jobs open for new portal tickets (JOB-1, ROL-4)", () => {
  it("JOB-1 without 'create tickets', or while two-factor enrolment is pending, a contact has no jobs to raise tickets on", () => {
    expect(portalJobScope(withPerms("tickets.view_account"))).toBeNull();
    expect(portalJobScope(contact({ clientAdmin: true }))).toBeNull();
    expect(portalJobScope(contact({ mustEnrolTwoFactor: true, permissions: new Set(["tickets.create"]) }))).toBeNull();
  });

  it("ROL-4 a client administrator may use any job of the account in view; others the default job and jobs they are the contact of", () => {
    expect(portalJobScope(withPerms("tickets.create"))).toEqual({ accountId: "a1", contactId: "c1", anyJob: false });
    expect(portalJobScope(contact({ clientAdmin: true, permissions: new Set(["tickets.create"]) }))).toEqual({ accountId: "a1", contactId: "c1", anyJob: true });
    const narrow = { accountId: "a1", contactId: "c1", anyJob: false };
    const job = { accountId: "a1", jobVisible: true, jobIsDefault: false, jobContactId: "c2" };
    expect(seenInPortalJobScope({ ...narrow, anyJob: true }, job)).toBe(true);
    expect(seenInPortalJobScope(narrow, job)).toBe(false);
    expect(seenInPortalJobScope(narrow, { ...job, jobIsDefault: true })).toBe(true);
    expect(seenInPortalJobScope(narrow, { ...job, jobContactId: "c1" })).toBe(true);
    expect(seenInPortalJobScope({ ...narrow, anyJob: true }, { ...job, accountId: "a2" })).toBe(false);
    expect(seenInPortalJobScope({ ...narrow, anyJob: true }, { ...job, jobVisible: false })).toBe(false);
  });

  it("JOB-1 a job takes new tickets only when customers may add them and it is active", () => {
    expect(openForPortalTickets({ jobAddTickets: true, jobActive: true })).toBe(true);
    expect(openForPortalTickets({ jobAddTickets: false, jobActive: true })).toBe(false);
    expect(openForPortalTickets({ jobAddTickets: true, jobActive: false })).toBe(false);
    expect(openForPortalTickets({})).toBe(false);
  });
});

describe("policy: the colleagues a contact manages (ROL-6)", () => {
  it("ROL-6 only with 'manage contacts' and past two-factor enrolment, the account in view", () => {
    expect(portalColleagueScope(withPerms("contacts.manage"))).toEqual({ accountId: "a1" });
    expect(portalColleagueScope(withPerms("tickets.view_account"))).toBeNull();
    expect(portalColleagueScope(contact({ clientAdmin: true }))).toBeNull();
    expect(portalColleagueScope(contact({ mustEnrolTwoFactor: true, permissions: new Set(["contacts.manage"]) }))).toBeNull();
  });

  it("ROL-6 a colleague is one with the account in view among its accounts, and not archived", () => {
    const manager = withPerms("contacts.manage");
    expect(can(manager, "portal.contacts.manage", { accountIds: ["a2", "a1"] })).toBe(true);
    expect(can(manager, "portal.contacts.manage", { accountIds: ["a2"] })).toBe(false);
    expect(can(manager, "portal.contacts.manage", { accountIds: [] })).toBe(false);
    expect(can(manager, "portal.contacts.manage", { accountIds: ["a1"], archived: true })).toBe(false);
    expect(() => authorize(manager, "portal.contacts.manage", { accountIds: ["a2"] })).toThrow(expect.objectContaining({ code: "NOT_FOUND" }));
    expect(() => authorize(manager, "portal.contacts.manage", { accountIds: ["a1"], archived: true }), "an archived colleague is not found").toThrow(
      expect.objectContaining({ code: "NOT_FOUND" }),
    );
  });
});

describe("policy: what was granted in a request (PLT-2 routes and services agree)", () => {
  it("PLT-2 an action counts as granted for exactly the actor and action authorize allowed", () => {
    const admin = staffWith("admin");
    const other = staffWith("admin");
    expect(wasGranted(admin, "account.read")).toBe(false);
    authorize(admin, "account.read");
    expect(wasGranted(admin, "account.read")).toBe(true);
    authorize(admin, "contact.read");
    expect(wasGranted(admin, "account.read"), "a second grant keeps the first").toBe(true);
    expect(wasGranted(admin, "contact.read")).toBe(true);
    expect(wasGranted(admin, "staff.manage")).toBe(false);
    expect(wasGranted(other, "account.read"), "another request's actor").toBe(false);
    const reader = staffWith();
    expect(() => authorize(reader, "account.create")).toThrow();
    expect(wasGranted(reader, "account.create"), "a refusal grants nothing").toBe(false);
  });
});
