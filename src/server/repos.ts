/**
 * Every repository: a module of functions that take an executor (the db, or the tx of a transaction) and the
 * tenant id first. They hold no state, so the container hands each service the modules it uses.
 */
import * as accounts from "./modules/accounts/accounts.repo.js";
import * as approvals from "./modules/approvals/approvals.repo.js";
import * as contacts from "./modules/contacts/contacts.repo.js";
import * as contracts from "./modules/contracts/contracts.repo.js";
import * as outbox from "./modules/email/outbox.repo.js";
import * as idempotency from "./modules/idempotency/idempotency.repo.js";
import * as invoices from "./modules/invoices/invoices.repo.js";
import * as jobs from "./modules/jobs/jobs.repo.js";
import * as lookups from "./modules/lookups/lookups.repo.js";
import * as portalEvents from "./modules/portal-access/portal-events.repo.js";
import * as tokens from "./modules/portal-access/tokens.repo.js";
import * as portalRoles from "./modules/portal-roles/portal-roles.repo.js";
import * as projects from "./modules/projects/projects.repo.js";
import * as lockout from "./modules/rate-limit/lockout.repo.js";
import * as rateLimit from "./modules/rate-limit/rate-limit.repo.js";
import * as sessions from "./modules/sessions/sessions.repo.js";
import * as staff from "./modules/staff/staff.repo.js";
import * as tenants from "./modules/tenants/tenants.repo.js";
import * as tickets from "./modules/tickets/tickets.repo.js";

export const repos = { accounts, approvals, contacts, contracts, outbox, idempotency, invoices, jobs, lookups, portalEvents, tokens, portalRoles, projects, lockout, rateLimit, sessions, staff, tenants, tickets };
export type Repos = typeof repos;

/** The repositories a service is given: only those it names. */
export const pick = <K extends keyof Repos>(...names: K[]): Pick<Repos, K> =>
  Object.fromEntries(names.map((n) => [n, repos[n]])) as Pick<Repos, K>;
