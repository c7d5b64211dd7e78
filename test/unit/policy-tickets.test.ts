import { describe, expect, it } from "vitest";
import { type PortalPermission, portalPermissions } from "../../src/shared/tickets-api.js";
import type { ContactActor, StaffActor } from "../../src/server/policy/actors.js";
import { type Action, authorize, can, type Resource } from "../../src/server/policy/policy.js";
import { contact, staffWith, T, verdict, withPerms } from "./policy-fixture.js";

const clientAdmin = (...p: PortalPermission[]) => contact({ clientAdmin: true, permissions: new Set(p) });

const check = (actor: ContactActor | StaffActor, action: Action, r: Resource) => verdict(() => authorize(actor, action, r));

/** A ticket of the account in view, on a visible job, whose contact is someone else (c9). */
const colleaguesTicket: Resource = { tenantId: T, accountId: "a1", jobVisible: true, ticketContactId: "c9", jobContactId: null };
const ownTicket: Resource = { ...colleaguesTicket, ticketContactId: "c1" };
/** A ticket of someone else on a job whose contact is the actor (ROL-4). */
const onOwnJob: Resource = { ...colleaguesTicket, jobContactId: "c1" };

describe("policy: listing tickets (TKT-1, ROL-1)", () => {
  it("ROL-1 a contact lists tickets with 'view own', 'view all account tickets' or as client administrator", () => {
    expect(can(withPerms("tickets.view_own"), "portal.ticket.list")).toBe(true);
    expect(can(withPerms("tickets.view_account"), "portal.ticket.list")).toBe(true);
    expect(can(clientAdmin(), "portal.ticket.list")).toBe(true);
  });

  it("ROL-1 without a view permission the ticket list is 'forbidden', whatever else the role holds", () => {
    const others = portalPermissions.filter((p) => p !== "tickets.view_own" && p !== "tickets.view_account");
    expect(can(contact({ permissions: new Set(others) }), "portal.ticket.list")).toBe(false);
    expect(check(contact({ permissions: new Set(others) }), "portal.ticket.list", {})).toBe("FORBIDDEN");
    expect(check(staffWith("admin"), "portal.ticket.list", {})).toBe("FORBIDDEN");
  });
});

describe("policy: reading a ticket (TKT-3, ROL-1, ROL-4)", () => {
  it("ROL-1 'view own' shows the contact's own tickets and no colleague's", () => {
    const c = withPerms("tickets.view_own");
    expect(can(c, "portal.ticket.read", ownTicket)).toBe(true);
    expect(can(c, "portal.ticket.read", colleaguesTicket)).toBe(false);
    expect(check(c, "portal.ticket.read", colleaguesTicket)).toBe("NOT_FOUND");
  });

  it("ROL-4 a non-administrator also sees every ticket on a job they are the contact of", () => {
    expect(can(withPerms("tickets.view_own"), "portal.ticket.read", onOwnJob)).toBe(true);
    expect(can(withPerms("tickets.view_own"), "portal.ticket.read", { ...colleaguesTicket, jobContactId: "c9" })).toBe(false);
  });

  it("ROL-1 'create tickets' alone lets a contact read the tickets it is the contact of (what it created)", () => {
    expect(can(withPerms("tickets.create"), "portal.ticket.read", ownTicket)).toBe(true);
    expect(can(withPerms("tickets.create"), "portal.ticket.read", onOwnJob)).toBe(true);
    expect(check(withPerms("tickets.create"), "portal.ticket.read", colleaguesTicket)).toBe("NOT_FOUND");
  });

  it("ROL-1 without a view or create permission not even the contact's own ticket is shown", () => {
    const others = portalPermissions.filter((p) => !["tickets.view_own", "tickets.view_account", "tickets.create"].includes(p));
    expect(check(contact({ permissions: new Set(others) }), "portal.ticket.read", ownTicket)).toBe("NOT_FOUND");
    expect(check(contact(), "portal.ticket.read", onOwnJob)).toBe("NOT_FOUND");
  });

  it("ROL-1 ROL-4 'view all account tickets' and client administrators see colleagues' tickets", () => {
    expect(can(withPerms("tickets.view_account"), "portal.ticket.read", colleaguesTicket)).toBe(true);
    expect(can(clientAdmin(), "portal.ticket.read", colleaguesTicket)).toBe(true);
  });

  it("ROL-5 a ticket of another account is 'not found', even one the contact belongs to but is not viewing", () => {
    for (const c of [clientAdmin(), withPerms("tickets.view_account"), withPerms("tickets.view_own")]) {
      expect(check(c, "portal.ticket.read", { ...ownTicket, accountId: "a2" })).toBe("NOT_FOUND");
      expect(check(c, "portal.ticket.read", { ...ownTicket, accountId: undefined })).toBe("NOT_FOUND");
    }
  });

  it("JOB-1 a ticket on a job hidden from customers is 'not found', even to a client administrator", () => {
    expect(check(clientAdmin(), "portal.ticket.read", { ...ownTicket, jobVisible: false })).toBe("NOT_FOUND");
    expect(check(clientAdmin(), "portal.ticket.read", { ...ownTicket, jobVisible: undefined })).toBe("NOT_FOUND");
    expect(can(withPerms("tickets.view_own"), "portal.ticket.read", { ...ownTicket, jobVisible: false })).toBe(false);
  });

  it("TKT-3 an internal file or note is 'not found' in the portal; public ones are shown", () => {
    expect(check(clientAdmin(), "portal.attachment.read", { ...ownTicket, isPublic: false })).toBe("NOT_FOUND");
    expect(can(clientAdmin(), "portal.attachment.read", { ...ownTicket, isPublic: true })).toBe(true);
    expect(can(withPerms("tickets.view_own"), "portal.attachment.read", ownTicket)).toBe(true);
    expect(check(withPerms("tickets.view_own"), "portal.attachment.read", { ...colleaguesTicket, isPublic: true })).toBe("NOT_FOUND");
  });

  it("PLT-1 staff do not read tickets through the portal rules: 'forbidden', not 'not found'", () => {
    expect(check(staffWith("admin"), "portal.ticket.read", ownTicket)).toBe("FORBIDDEN");
    expect(check(staffWith("admin"), "portal.attachment.read", ownTicket)).toBe("FORBIDDEN");
  });
});

describe("policy: adding notes and files (TKT-3)", () => {
  it("TKT-3 a contact who can see the ticket adds notes and files with 'edit tickets' or 'create tickets'", () => {
    expect(can(withPerms("tickets.view_own", "tickets.edit"), "portal.ticket.addNote", ownTicket)).toBe(true);
    expect(can(withPerms("tickets.create"), "portal.ticket.addNote", ownTicket)).toBe(true);
    expect(can(clientAdmin("tickets.edit"), "portal.ticket.addNote", colleaguesTicket)).toBe(true);
  });

  it("TKT-3 seeing a ticket without 'edit tickets' or 'create tickets' does not let a contact add to it", () => {
    expect(can(withPerms("tickets.view_account"), "portal.ticket.read", colleaguesTicket)).toBe(true);
    expect(check(withPerms("tickets.view_account"), "portal.ticket.addNote", colleaguesTicket)).toBe("FORBIDDEN");
    expect(check(clientAdmin(), "portal.ticket.addNote", ownTicket)).toBe("FORBIDDEN");
  });

  it("TKT-3 'edit tickets' does not reach a ticket the contact cannot see: 'not found'", () => {
    expect(check(withPerms("tickets.view_own", "tickets.edit"), "portal.ticket.addNote", colleaguesTicket)).toBe("NOT_FOUND");
    expect(check(clientAdmin("tickets.edit"), "portal.ticket.addNote", { ...ownTicket, jobVisible: false })).toBe("NOT_FOUND");
  });
});

describe("policy: creating tickets (TKT-2, JOB-1, ROL-4)", () => {
  it("TKT-2 only a contact whose role has 'create tickets' may create tickets", () => {
    expect(can(withPerms("tickets.create"), "portal.ticket.create")).toBe(true);
    const others = portalPermissions.filter((p) => p !== "tickets.create");
    expect(check(contact({ clientAdmin: true, permissions: new Set(others) }), "portal.ticket.create", {})).toBe("FORBIDDEN");
    expect(check(staffWith("admin", "tickets.manage"), "portal.ticket.create", {})).toBe("FORBIDDEN");
  });

  /** An add-ticket, active, visible job of the account in view; not the default, no contact. */
  const openJob: Resource = { tenantId: T, accountId: "a1", jobVisible: true, jobAddTickets: true, jobActive: true, jobIsDefault: false, jobContactId: null };

  it("ROL-4 a client administrator creates on every add-ticket job of the account in view", () => {
    expect(can(clientAdmin("tickets.create"), "portal.ticket.createOnJob", openJob)).toBe(true);
    expect(can(clientAdmin("tickets.create"), "portal.ticket.createOnJob", { ...openJob, jobIsDefault: true })).toBe(true);
  });

  it("ROL-4 JOB-1 a non-administrator creates on the default job and on jobs they are the contact of", () => {
    const c = withPerms("tickets.create");
    expect(can(c, "portal.ticket.createOnJob", { ...openJob, jobIsDefault: true })).toBe(true);
    expect(can(c, "portal.ticket.createOnJob", { ...openJob, jobContactId: "c1" })).toBe(true);
  });

  it("ROL-4 TKT-2 a non-administrator posting to a visible add-ticket job that is neither default nor theirs gets 'not found'", () => {
    const c = withPerms("tickets.create", "tickets.view_account");
    expect(can(c, "portal.ticket.createOnJob", openJob)).toBe(false);
    expect(check(c, "portal.ticket.createOnJob", openJob)).toBe("NOT_FOUND");
    expect(check(c, "portal.ticket.createOnJob", { ...openJob, jobContactId: "c9" })).toBe("NOT_FOUND");
    expect(check(c, "portal.ticket.createOnJob", { ...openJob, jobIsDefault: undefined })).toBe("NOT_FOUND");
  });

  it("JOB-1 no one creates on a job without 'add tickets' or one that is not active: 'forbidden'", () => {
    const admin = clientAdmin("tickets.create");
    for (const job of [{ ...openJob, jobAddTickets: false }, { ...openJob, jobAddTickets: undefined }, { ...openJob, jobActive: false }, { ...openJob, jobActive: undefined }]) {
      expect(can(admin, "portal.ticket.createOnJob", job)).toBe(false);
      expect(check(admin, "portal.ticket.createOnJob", job)).toBe("FORBIDDEN");
      expect(check(withPerms("tickets.create"), "portal.ticket.createOnJob", { ...job, jobIsDefault: true })).toBe("FORBIDDEN");
    }
  });

  it("ROL-5 JOB-1 a job of another account, or hidden from customers, is 'not found'", () => {
    const admin = clientAdmin("tickets.create");
    expect(check(admin, "portal.ticket.createOnJob", { ...openJob, accountId: "a2" })).toBe("NOT_FOUND");
    expect(check(admin, "portal.ticket.createOnJob", { ...openJob, jobVisible: false })).toBe("NOT_FOUND");
    expect(check(admin, "portal.ticket.createOnJob", { ...openJob, jobVisible: undefined })).toBe("NOT_FOUND");
    // Hidden beats closed: a hidden job does not reveal whether it takes tickets.
    expect(check(admin, "portal.ticket.createOnJob", { ...openJob, jobVisible: false, jobAddTickets: false })).toBe("NOT_FOUND");
  });

  it("TKT-2 without 'create tickets' no job is open, not even to a client administrator on the default job", () => {
    const others = portalPermissions.filter((p) => p !== "tickets.create");
    const c = contact({ clientAdmin: true, permissions: new Set(others) });
    expect(check(c, "portal.ticket.createOnJob", { ...openJob, jobIsDefault: true })).toBe("FORBIDDEN");
    expect(check(c, "portal.ticket.createOnJob", { ...openJob, accountId: "a2" })).toBe("FORBIDDEN");
    expect(check(staffWith("admin"), "portal.ticket.createOnJob", { ...openJob, jobIsDefault: true })).toBe("FORBIDDEN");
  });
});
