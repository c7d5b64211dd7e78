import type { FastifyBaseLogger } from "fastify";
import type { Config } from "./config.js";
import { type Database, openDatabase, waitForDatabase } from "./db/client.js";
import type { Deps } from "./deps.js";
import { createOutboxWorker, type OutboxWorker } from "./worker/outbox-worker.js";
import { type Clock, systemClock } from "./lib/clock.js";
import { createSmtpTransport } from "./mail/transport.js";
import { createAccountsService } from "./modules/accounts/accounts.service.js";
import { createApprovalsService } from "./modules/approvals/approvals.service.js";
import { createAttachmentsService } from "./modules/attachments/attachments.service.js";
import { createFileStore } from "./modules/attachments/file-store.js";
import { createContactsService } from "./modules/contacts/contacts.service.js";
import { createContractsService } from "./modules/contracts/contracts.service.js";
import { createEmailLogService } from "./modules/email/email-log.service.js";
import { createIdempotencyService } from "./modules/idempotency/idempotency.service.js";
import { createInvoicesService } from "./modules/invoices/invoices.service.js";
import { createJobsService } from "./modules/jobs/jobs.service.js";
import { createLookupsService } from "./modules/lookups/lookups.service.js";
import { createLinks } from "./modules/portal-access/links.js";
import { createPortalAccessService } from "./modules/portal-access/portal-access.service.js";
import { createPortalAuthService } from "./modules/portal-access/portal-auth.service.js";
import { createPortalRolesService } from "./modules/portal-roles/portal-roles.service.js";
import { createProfileService } from "./modules/profile/profile.service.js";
import { createProjectsService } from "./modules/projects/projects.service.js";
import { createThrottle } from "./modules/rate-limit/throttle.js";
import { createSessionsService } from "./modules/sessions/sessions.service.js";
import { createStaffService } from "./modules/staff/staff.service.js";
import { createCompanyLogoService } from "./modules/tenants/company-logo.service.js";
import { createSettingsService } from "./modules/tenants/settings.service.js";
import { createGettingStartedService } from "./modules/tenants/getting-started.service.js";
import { createTenantsService } from "./modules/tenants/tenants.service.js";
import { createTicketNotifications } from "./modules/tickets/ticket-notifications.js";
import { createTicketsService } from "./modules/tickets/tickets.service.js";
import { pick } from "./repos.js";

/** Every service, built once; each is given only the repositories and services it uses. */
export function createServices(d: Deps) {
  const throttle = createThrottle(d, pick("rateLimit"));
  const links = createLinks(d, pick("tokens", "tenants", "outbox", "portalEvents"));
  const sessions = createSessionsService(d, pick("sessions"));
  const contacts = createContactsService(d, pick("contacts", "accounts", "portalEvents", "tokens", "sessions"));
  const approvals = createApprovalsService(d, pick("approvals", "tenants", "outbox", "staff", "invoices"));
  const contracts = createContractsService(d, pick("contracts", "accounts", "tenants", "outbox"));
  const tickets = createTicketsService(d, pick("tickets", "accounts", "contacts", "jobs", "lookups", "portalRoles", "staff", "tenants", "approvals"), {
    notifications: createTicketNotifications(d, pick("tenants", "outbox")),
    approvals,
    contracts,
  });
  return {
    accounts: createAccountsService(d, pick("accounts", "portalRoles", "sessions", "staff")),
    approvals,
    attachments: createAttachmentsService(d, pick("tickets"), { tickets }),
    companyLogo: createCompanyLogoService(d, pick("tenants")),
    contacts,
    contracts,
    emailLog: createEmailLogService(d, pick("outbox")),
    gettingStarted: createGettingStartedService(d, pick("tenants")),
    idempotency: createIdempotencyService(d, pick("idempotency")),
    invoices: createInvoicesService(d, pick("invoices", "approvals", "accounts", "staff", "tenants", "outbox")),
    jobs: createJobsService(d, pick("jobs", "accounts", "contacts", "staff"), { approvals }),
    lookups: createLookupsService(d, pick("lookups", "accounts")),
    portalAccess: createPortalAccessService(d, pick("contacts", "accounts", "sessions", "portalEvents", "tokens"), { contacts, links }),
    portalAuth: createPortalAuthService(d, pick("contacts", "accounts", "outbox", "lockout", "sessions", "tenants", "portalEvents", "tokens"), {
      throttle,
      sessions,
      links,
    }),
    portalRoles: createPortalRolesService(d, pick("portalRoles", "lookups")),
    projects: createProjectsService(d, pick("projects", "jobs", "accounts", "contacts", "staff", "tenants", "outbox")),
    profile: createProfileService(d, pick("contacts", "outbox", "portalEvents", "tokens", "sessions", "tenants"), { throttle }),
    sessions,
    settings: createSettingsService(d, pick("tenants", "staff")),
    staff: createStaffService(d, pick("staff", "tenants", "tokens", "lockout", "sessions", "outbox"), { throttle, sessions }),
    tenants: createTenantsService(d, pick("tenants")),
    tickets,
  };
}
export type Services = ReturnType<typeof createServices>;

export interface Container {
  database: Database;
  deps: Deps;
  services: Services;
  worker: OutboxWorker;
  close(): Promise<void>;
}

/** Composition root: database → worker → the dependencies every service takes → repositories → services. */
export async function createContainer(config: Config, opts: { clock?: Clock; database?: Database; log?: FastifyBaseLogger } = {}): Promise<Container> {
  const database =
    opts.database ??
    (await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATABASE_URL ? undefined : config.DATA_DIR, log: opts.log }));
  if (database.kind === "postgres") await waitForDatabase(database, config.DATABASE_WAIT_SECONDS * 1000);
  await database.migrate();
  const clock = opts.clock ?? systemClock;
  const transport = createSmtpTransport(config.SMTP_URL);
  const sweeps: NonNullable<Parameters<typeof createOutboxWorker>[0]["sweeps"]> = [];
  const worker = createOutboxWorker({
    db: database.db,
    transport,
    mailFrom: config.MAIL_FROM,
    clock,
    log: opts.log,
    reclaimOnStart: database.kind === "pglite",
    sweeps,
  });
  const deps: Deps = { db: database.db, config, clock, onTaskQueued: worker.nudge, files: createFileStore(config.DATA_DIR) };
  const services = createServices(deps);
  sweeps.push({ name: "approval expiry", run: () => services.approvals.expireDue() });
  sweeps.push({ name: "prepaid-hours alerts", run: () => services.contracts.sweepRetainerAlerts() });
  return {
    database,
    deps,
    services,
    worker,
    async close() {
      await worker.stop();
      transport?.close();
      await database.close();
    },
  };
}
