import type { FastifyBaseLogger } from "fastify";
import type { Config } from "./config.js";
import { type Database, openDatabase, waitForDatabase } from "./db/client.js";
import type { Deps } from "./deps.js";
import { createOutboxWorker, type OutboxWorker } from "./worker/outbox-worker.js";
import { type Clock, systemClock } from "./lib/clock.js";
import { createSmtpTransport } from "./mail/transport.js";
import { createFileStore } from "./modules/attachments/file-store.js";
import { createTenant, findTenantForHost, lockDefaultTenantCreation } from "./modules/tenants/tenants.repo.js";

export interface Container {
  database: Database;
  deps: Deps;
  worker: OutboxWorker;
  close(): Promise<void>;
}

/** Composition root: database → worker → the dependencies every service takes. */
export async function createContainer(config: Config, opts: { clock?: Clock; database?: Database; log?: FastifyBaseLogger } = {}): Promise<Container> {
  const database =
    opts.database ??
    (await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATABASE_URL ? undefined : config.DATA_DIR, log: opts.log }));
  if (database.kind === "postgres") await waitForDatabase(database, config.DATABASE_WAIT_SECONDS * 1000);
  await database.migrate();
  const clock = opts.clock ?? systemClock;
  const transport = createSmtpTransport(config.SMTP_URL);
  const worker = createOutboxWorker({
    db: database.db,
    transport,
    mailFrom: config.MAIL_FROM,
    clock,
    log: opts.log,
    reclaimOnStart: database.kind === "pglite",
  });
  const deps: Deps = { db: database.db, config, clock, onTaskQueued: worker.nudge, files: createFileStore(config.DATA_DIR) };
  return {
    database,
    deps,
    worker,
    async close() {
      await worker.stop();
      transport?.close();
      await database.close();
    },
  };
}

/** A fresh install has one default tenant: the single company running Portico. */
export async function ensureDefaultTenant(deps: Deps, name = "Portico") {
  const existing = await findTenantForHost(deps.db, "");
  if (existing) return existing;
  // Several instances may start on an empty database at once: one creates the tenant, the others find it.
  return deps.db.transaction(async (tx) => {
    await lockDefaultTenantCreation(tx);
    return (await findTenantForHost(tx, "")) ?? createTenant(tx, { name, host: null, isDefault: true });
  });
}
