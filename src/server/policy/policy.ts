/**
 * Who may do what: the one place that decides access. Pure functions, no I/O.
 * Services call `authorize` before touching data; routes declare the action they
 * perform and the HTTP layer checks it before the handler runs.
 */
import type { StaffPermission } from "../../shared/api.js";
import type { PortalPermission } from "../../shared/tickets-api.js";
import { AppError, forbidden, notFound, unauthenticated } from "../errors.js";
import type { Actor, ContactActor, StaffActor } from "./actors.js";

/** What a rule may look at on the target. Absent fields mean "no target yet" (lists, create). */
export interface Resource {
  tenantId?: string;
  archived?: boolean;
  accountId?: string;
  contactId?: string;
  /** Tickets: the ticket's customer contact. */
  ticketContactId?: string | null;
  /** Jobs, and tickets through their job (JOB-1, ROL-4). */
  jobVisible?: boolean;
  jobAddTickets?: boolean;
  jobActive?: boolean;
  jobContactId?: string | null;
  jobIsDefault?: boolean;
  /** Contacts: every account the contact belongs to. */
  accountIds?: string[];
  /** Attachments and notes: internal ones never reach the portal. */
  isPublic?: boolean;
  /** Approval requests: the job contact the version was sent to. */
  sentToContactId?: string;
  /** Contracts and invoices: shown to customers (not a draft). */
  publishedToPortal?: boolean;
  /** Projects: what the contact's association allows, capped by the tenant's switches; null: not associated. */
  projectAccess?: ProjectAccess | null;
}

type Rule = (actor: Actor, r: Resource) => boolean | "not_found";

const isStaff = (a: Actor): a is StaffActor => a.kind === "staff";
const isContact = (a: Actor): a is ContactActor => a.kind === "contact";
const staffWith = (permission: StaffPermission): Rule => (a) =>
  isStaff(a) && (a.permissions.has("admin") || a.permissions.has(permission));
const anyStaff: Rule = (a) => isStaff(a);
const and =
  (...rules: Rule[]): Rule =>
  (a, r) => {
    for (const rule of rules) {
      const v = rule(a, r);
      if (v !== true) return v;
    }
    return true;
  };
const notArchived: Rule = (_a, r) => r.archived !== true;
const archived: Rule = (_a, r) => r.archived === true;
/** A contact actor acting on itself, past any pending two-factor enrolment. */
const contactSelf: Rule = (a, r) =>
  isContact(a) && !a.mustEnrolTwoFactor && (r.contactId === undefined || r.contactId === a.contactId);
const contactSelfDuringEnrolment: Rule = (a, r) =>
  isContact(a) && (r.contactId === undefined || r.contactId === a.contactId);
/** An account the contact belongs to; any other id is "not found", never "forbidden". */
const memberOfAccount: Rule = (a, r) =>
  isContact(a) && r.accountId !== undefined && a.accountIds.includes(r.accountId) ? true : "not_found";

const has = (a: ContactActor, p: PortalPermission) => a.permissions.has(p);

/**
 * Which tickets a contact sees (TKT-1, ROL-1, ROL-4): those of the account in view, on jobs customers
 * may see, and — unless the contact sees every ticket of the account — their own or their jobs'.
 * The one description used by the read rule below and by the list's SQL (tickets.repo.ts).
 */
export interface PortalTicketScope {
  accountId: string;
  contactId: string;
  everyTicket: boolean;
}
export function portalTicketScope(a: ContactActor): PortalTicketScope | null {
  if (a.mustEnrolTwoFactor) return null;
  const everyTicket = a.clientAdmin || has(a, "tickets.view_account");
  if (!everyTicket && !has(a, "tickets.view_own") && !has(a, "tickets.create")) return null;
  return { accountId: a.accountId, contactId: a.contactId, everyTicket };
}
/** A ticket falls within a scope: the same conditions the repository writes in SQL. */
export const withinPortalTicketScope = (s: PortalTicketScope, r: Resource) =>
  r.accountId === s.accountId && r.jobVisible === true && (s.everyTicket || r.ticketContactId === s.contactId || r.jobContactId === s.contactId);

const ticketInScope: Rule = (a, r) => {
  if (!isContact(a) || a.mustEnrolTwoFactor) return false;
  if (r.isPublic === false) return "not_found";
  const scope = portalTicketScope(a);
  return scope !== null && withinPortalTicketScope(scope, r) ? true : "not_found";
};
const ticketsVisible: Rule = (a) =>
  isContact(a) && !a.mustEnrolTwoFactor && (a.clientAdmin || has(a, "tickets.view_account") || has(a, "tickets.view_own"));
const mayAddToTicket: Rule = (a) => isContact(a) && (has(a, "tickets.edit") || has(a, "tickets.create"));
/**
 * Which jobs a contact may raise tickets on (JOB-1, ROL-4): jobs of the account in view that customers see
 * and may add tickets to, active ones; for a non-administrator only the default job and jobs they are the
 * contact of. The one description used by the rule below and by the job list's SQL (jobs.repo.ts).
 */
export interface PortalJobScope {
  accountId: string;
  contactId: string;
  anyJob: boolean;
}
export function portalJobScope(a: ContactActor): PortalJobScope | null {
  if (a.mustEnrolTwoFactor || !has(a, "tickets.create")) return null;
  return { accountId: a.accountId, contactId: a.contactId, anyJob: a.clientAdmin };
}
/** A job the contact may see when raising a ticket; a job outside this is "not found". */
export const seenInPortalJobScope = (s: PortalJobScope, r: Resource) =>
  r.accountId === s.accountId && r.jobVisible === true && (s.anyJob || r.jobIsDefault === true || r.jobContactId === s.contactId);
/** …and one that takes new tickets now. */
export const openForPortalTickets = (r: Resource) => r.jobAddTickets === true && r.jobActive === true;

const jobOpenForTickets: Rule = (a, r) => {
  const scope = isContact(a) ? portalJobScope(a) : null;
  if (!scope) return false;
  if (!seenInPortalJobScope(scope, r)) return "not_found";
  return openForPortalTickets(r);
};
/**
 * Whose contacts a contact manages (ROL-6): those of the account in view, with the role's permission.
 * Used by the rule below and by the colleague list's query.
 */
export interface PortalColleagueScope {
  accountId: string;
}
export function portalColleagueScope(a: ContactActor): PortalColleagueScope | null {
  if (a.mustEnrolTwoFactor || !has(a, "contacts.manage")) return null;
  return { accountId: a.accountId };
}
/** No target (list, add): the account in view; a target contact: one of its accounts must be the one in view. */
const colleagueInAccount: Rule = (a, r) => {
  const scope = isContact(a) ? portalColleagueScope(a) : null;
  if (!scope) return false;
  if (r.archived === true) return "not_found";
  const accounts = r.accountIds ?? (r.accountId === undefined ? [scope.accountId] : [r.accountId]);
  return accounts.includes(scope.accountId) ? true : "not_found";
};
/**
 * Which approval requests a contact sees and answers (APR-4): those of the account in view sent to them as
 * the job's contact, and every one of the account for a client administrator whose role approves jobs.
 * The one description used by the rule below and by the inbox's SQL (approvals.repo.ts).
 */
export interface PortalApprovalScope {
  accountId: string;
  contactId: string;
  everyJob: boolean;
}
export function portalApprovalScope(a: ContactActor): PortalApprovalScope | null {
  if (a.mustEnrolTwoFactor) return null;
  return { accountId: a.accountId, contactId: a.contactId, everyJob: a.clientAdmin && has(a, "jobs.approve") };
}
export const withinPortalApprovalScope = (s: PortalApprovalScope, r: Resource) =>
  r.accountId === s.accountId && (s.everyJob || r.sentToContactId === s.contactId);
const approvalInScope: Rule = (a, r) => {
  const scope = isContact(a) ? portalApprovalScope(a) : null;
  if (!scope) return false;
  return withinPortalApprovalScope(scope, r) ? true : "not_found";
};
const approvalsVisible: Rule = (a) => isContact(a) && portalApprovalScope(a) !== null;

/**
 * Which contracts a contact reads (CON-1): those of the account in view that are not drafts, with the role's
 * *View contracts*. The one description used by the rule below and by the portal list's SQL (contracts.repo.ts).
 */
export interface PortalAccountDocumentScope {
  accountId: string;
}
export function portalContractScope(a: ContactActor): PortalAccountDocumentScope | null {
  if (a.mustEnrolTwoFactor || !has(a, "contracts.view")) return null;
  return { accountId: a.accountId };
}
/** Which invoices a contact reads (INV-1): issued ones of the account in view, with *View invoices*. */
export function portalInvoiceScope(a: ContactActor): PortalAccountDocumentScope | null {
  if (a.mustEnrolTwoFactor || !has(a, "invoices.view")) return null;
  return { accountId: a.accountId };
}
export const withinPortalDocumentScope = (s: PortalAccountDocumentScope, r: Resource) => r.accountId === s.accountId && r.publishedToPortal === true;
const documentInScope =
  (scopeOf: (a: ContactActor) => PortalAccountDocumentScope | null): Rule =>
  (a, r) => {
    const scope = isContact(a) ? scopeOf(a) : null;
    if (!scope) return false;
    return withinPortalDocumentScope(scope, r) ? true : "not_found";
  };
const documentsVisible =
  (scopeOf: (a: ContactActor) => PortalAccountDocumentScope | null): Rule =>
  (a) =>
    isContact(a) && scopeOf(a) !== null;

/** PRJ-1 (seed 004): the tenant's project switches; unchecked, no association can show the thing. */
export interface ProjectSwitches {
  viewNotes: boolean;
  viewFiles: boolean;
  viewOrganisation: boolean;
  viewClients: boolean;
  viewTasks: boolean;
  viewTime: boolean;
}
/** What one association of a contact with a project allows. */
export interface ProjectAssociation extends ProjectSwitches {
  addNotes: boolean;
  addFiles: boolean;
}
export type ProjectAccess = ProjectAssociation;
/** The association capped by the switches; adding notes or files needs seeing them. */
export function projectAccess(assoc: ProjectAssociation, switches: ProjectSwitches): ProjectAccess {
  const viewNotes = assoc.viewNotes && switches.viewNotes;
  const viewFiles = assoc.viewFiles && switches.viewFiles;
  return {
    viewNotes,
    addNotes: viewNotes && assoc.addNotes,
    viewFiles,
    addFiles: viewFiles && assoc.addFiles,
    viewOrganisation: assoc.viewOrganisation && switches.viewOrganisation,
    viewClients: assoc.viewClients && switches.viewClients,
    viewTasks: assoc.viewTasks && switches.viewTasks,
    viewTime: assoc.viewTime && switches.viewTime,
  };
}
/**
 * Which projects a contact follows (PRJ-1): projects of the account in view that customers see and that the
 * contact is associated with, with the role's *View projects*. The one description used by the rules below
 * and by the portal list's SQL (projects.repo.ts).
 */
export interface PortalProjectScope {
  accountId: string;
  contactId: string;
}
export function portalProjectScope(a: ContactActor): PortalProjectScope | null {
  if (a.mustEnrolTwoFactor || !has(a, "projects.view")) return null;
  return { accountId: a.accountId, contactId: a.contactId };
}
export const withinPortalProjectScope = (s: PortalProjectScope, r: Resource) =>
  r.accountId === s.accountId && r.jobVisible === true && r.projectAccess !== undefined && r.projectAccess !== null;
const projectInScope: Rule = (a, r) => {
  const scope = isContact(a) ? portalProjectScope(a) : null;
  if (!scope) return false;
  return withinPortalProjectScope(scope, r) ? true : "not_found";
};
const projectsVisible: Rule = (a) => isContact(a) && portalProjectScope(a) !== null;
/** A project within the scope, and then what its access allows on it. */
const onProjectInScope =
  (allows: (access: ProjectAccess, r: Resource) => boolean | "not_found"): Rule =>
  (a, r) => {
    const inScope = projectInScope(a, r);
    return inScope === true ? allows(r.projectAccess as ProjectAccess, r) : inScope;
  };
/** A project file the association shows: files hidden from it, or internal, are "not found". */
const projectFileShown = onProjectInScope((access, r) => (access.viewFiles && r.isPublic !== false ? true : "not_found"));

const mayCreateTickets: Rule = (a) => isContact(a) && !a.mustEnrolTwoFactor && has(a, "tickets.create");

const rules = {
  "staff.me": anyStaff,
  "staff.session.end": anyStaff,
  "staff.options.read": anyStaff,
  "staff.manage": staffWith("admin"),
  "account.read": anyStaff,
  "account.create": staffWith("accounts.manage"),
  "account.update": and(staffWith("accounts.manage"), notArchived),
  "account.archive": and(staffWith("accounts.manage"), notArchived),
  "account.restore": and(staffWith("accounts.manage"), archived),
  "contact.read": anyStaff,
  "contact.create": staffWith("contacts.manage"),
  "contact.update": and(staffWith("contacts.manage"), notArchived),
  "contact.archive": and(staffWith("contacts.manage"), notArchived),
  "contact.restore": and(staffWith("contacts.manage"), archived),
  "portalAccess.manage": and(staffWith("portal_access.manage"), notArchived),
  "portalAccess.history": anyStaff,
  "settings.read": anyStaff,
  "settings.update": staffWith("settings.manage"),
  "emailLog.read": staffWith("email_log.read"),
  "portal.me.read": contactSelfDuringEnrolment,
  "portal.me.update": contactSelf,
  "portal.password.change": contactSelf,
  "portal.twoFactor.manage": contactSelfDuringEnrolment,
  "portal.session.end": contactSelfDuringEnrolment,
  "portal.account.switch": and(contactSelf, memberOfAccount),
  "portal.ticket.list": ticketsVisible,
  "portal.ticket.read": ticketInScope,
  "portal.ticket.create": mayCreateTickets,
  "portal.ticket.createOnJob": jobOpenForTickets,
  "portal.ticket.addNote": and(ticketInScope, mayAddToTicket),
  "portal.attachment.read": ticketInScope,
  "portal.contacts.manage": colleagueInAccount,
  "portal.approval.list": approvalsVisible,
  "portal.approval.read": approvalInScope,
  "portal.approval.answer": approvalInScope,
  "portal.contract.list": documentsVisible(portalContractScope),
  "portal.contract.read": documentInScope(portalContractScope),
  "portal.invoice.list": documentsVisible(portalInvoiceScope),
  "portal.invoice.read": documentInScope(portalInvoiceScope),
  "portal.project.list": projectsVisible,
  "portal.project.read": projectInScope,
  "portal.project.addNote": onProjectInScope((access) => access.addNotes),
  "portal.project.addFile": onProjectInScope((access) => access.addFiles),
  "portal.project.file.read": projectFileShown,
  "ticket.read": anyStaff,
  "ticket.manage": staffWith("tickets.manage"),
  "job.read": anyStaff,
  "job.manage": staffWith("jobs.manage"),
  "approval.read": staffWith("approval.allow"),
  "approval.send": staffWith("approval.allow"),
  "approval.reopen": staffWith("approval.allow"),
  "contract.read": anyStaff,
  "contract.manage": staffWith("billing.manage"),
  "invoice.read": anyStaff,
  "invoice.manage": staffWith("billing.manage"),
  "project.read": anyStaff,
  "project.manage": staffWith("jobs.manage"),
  "portalRole.manage": staffWith("settings.manage"),
  "lookup.manage": staffWith("settings.manage"),
} satisfies Record<string, Rule>;

export type Action = keyof typeof rules;
export const actions = Object.keys(rules) as Action[];

/**
 * Portal actions on the account in view (ROL-5): a page shows one account, and a request for it made after
 * another tab switched the session to another account is refused rather than answered for the other one.
 */
const inAccountInView = new Set<Action>(["portal.ticket.list", "portal.ticket.read", "portal.ticket.create", "portal.ticket.createOnJob", "portal.ticket.addNote", "portal.attachment.read", "portal.contacts.manage", "portal.approval.list", "portal.approval.read", "portal.approval.answer", "portal.contract.list", "portal.contract.read", "portal.invoice.list", "portal.invoice.read", "portal.project.list", "portal.project.read", "portal.project.addNote", "portal.project.addFile", "portal.project.file.read"]);
export const actsOnAccountInView = (action: Action | "public") => inAccountInView.has(action as Action);

export function can(actor: Actor, action: Action, resource: Resource = {}): boolean {
  if (resource.tenantId !== undefined && resource.tenantId !== actor.tenantId) return false;
  return rules[action](actor, resource) === true;
}

/**
 * The actions granted to each actor. An actor object lives for one request, so the HTTP layer can
 * check that a route's declared action was actually decided before it answers (see app.ts).
 */
const granted = new WeakMap<Actor, Set<Action>>();
export const wasGranted = (actor: Actor, action: Action) => granted.get(actor)?.has(action) === true;

/** Throws the error the caller should see: 401 unauthenticated, 404 for foreign targets, else 403. */
export function authorize(actor: Actor, action: Action, resource: Resource = {}): void {
  if (actor.kind === "anonymous") throw unauthenticated();
  if (resource.tenantId !== undefined && resource.tenantId !== actor.tenantId) throw notFound();
  const verdict = rules[action](actor, resource);
  if (verdict === true) {
    const set = granted.get(actor) ?? new Set<Action>();
    set.add(action);
    granted.set(actor, set);
    return;
  }
  if (verdict === "not_found") throw notFound();
  if (isContact(actor) && actor.mustEnrolTwoFactor) {
    throw new AppError("TWO_FACTOR_ENROLMENT_REQUIRED", "Set up two-factor authentication to continue");
  }
  if (resource.archived !== undefined) {
    const restoring = action.endsWith(".restore");
    if (restoring !== resource.archived) {
      throw new AppError("CONFLICT", restoring ? "This record is not archived" : "This record is archived; restore it first");
    }
  }
  throw forbidden();
}

/** The principal a route requires: its actor must be of this kind. */
export type Principal = "staff" | "contact" | "public";
