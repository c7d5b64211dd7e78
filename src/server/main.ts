import net from "node:net";
import path from "node:path";
import { buildApp } from "./app.js";
import { ConfigError, loadConfig } from "./config.js";
import type { FastifyInstance } from "fastify";
import { pino } from "pino";
import { type Container, createContainer } from "./container.js";
import { DatabaseInUseError, DatabaseUnreachableError } from "./db/client.js";
import { AppError } from "./errors.js";
import { loadDemoData } from "./demo.js";
import { buildWebIfNeeded } from "./web-build.js";

const SHUTDOWN_MS = 10_000;
const DRAIN_MS = 5_000;
const openConnections = (app: FastifyInstance) =>
  new Promise<number>((resolve) => app.server.getConnections((err, n) => resolve(err ? 0 : n)));
async function main() {
  const args = process.argv.slice(2);
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  const role = args.find((a) => a.startsWith("--role="))?.split("=")[1] ?? "all";
  if (!["web", "worker", "all"].includes(role)) {
    console.error(`Invalid --role: ${role} (use web, worker or all)`);
    process.exit(1);
  }
  if (role !== "worker" && config.SERVE_WEB) buildWebIfNeeded();
  // One logger for the HTTP server, the worker and the database pool.
  const log = pino({ level: config.LOG_LEVEL });
  let c: Container;
  try {
    c = await createContainer(config, { log });
  } catch (err) {
    if (err instanceof DatabaseUnreachableError || err instanceof DatabaseInUseError) {
      console.error(`Portico cannot start: ${err.message}`);
      process.exit(1);
    }
    throw err;
  }
  const { staff } = c.services;
  const tenant = await c.services.tenants.ensureDefaultTenant();
  if (args.includes("--demo")) await loadDemoData(c.deps, tenant.id);

  let firstSignIn: string;
  if (await staff.setupNeeded(tenant.id)) {
    if (config.ADMIN_EMAIL && config.ADMIN_PASSWORD) {
      // Another instance starting at the same moment may have created it first: that is fine.
      await staff.createFirstAdmin(tenant.id, { name: "Administrator", email: config.ADMIN_EMAIL, password: config.ADMIN_PASSWORD }).catch((err) => {
        if (!(err instanceof AppError && err.code === "CONFLICT")) throw err;
      });
      firstSignIn = `Sign in as ${config.ADMIN_EMAIL} with ADMIN_PASSWORD at ${config.publicUrl}/admin/`;
    } else {
      firstSignIn = `Create the first administrator with this one-time link (valid 72 h):\n  ${await staff.createSetupLink(tenant.id)}`;
    }
  } else {
    firstSignIn = `Staff console: ${config.publicUrl}/admin/`;
  }

  let app: FastifyInstance | undefined;
  const lifecycle = { draining: false };
  let stopping = false;
  // SIGTERM/SIGINT: stop accepting, finish the requests in flight, hand back the worker's rows, exit within 10 s.
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping (requests in flight finish, queued emails are handed back).`);
    const deadline = setTimeout(() => {
      console.error("Portico did not stop within 10 s; exiting anyway.");
      process.exit(1);
    }, SHUTDOWN_MS);
    deadline.unref();
    try {
      const worker = c.worker.stop(SHUTDOWN_MS / 2);
      if (app) {
        // Stop listening without touching open connections (http.Server#close would also drop the idle
        // keep-alive ones, cutting requests already on their way). Requests that still arrive on them get
        // 503 with Connection: close; once the clients have closed them, or the drain time is up, close.
        lifecycle.draining = true;
        net.Server.prototype.close.call(app.server);
        const drainUntil = Date.now() + DRAIN_MS;
        while (Date.now() < drainUntil && (await openConnections(app)) > 0) await new Promise((r) => setTimeout(r, 50));
        app.server.closeAllConnections();
        await app.close();
      }
      await worker;
      await c.close();
    } catch (err) {
      console.error("Error while stopping:", err);
      process.exit(1);
    }
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));

  if (role !== "web") c.worker.start();
  if (role === "worker") {
    console.log("Portico worker running (outbox → SMTP, expiry sweeps).");
  } else {
    app = await buildApp(c, { logger: log, lifecycle, serveWeb: config.SERVE_WEB });
    await app.listen({ port: config.PORT, host: config.HOST });
    console.log(
      [
        "",
        `Portico is running on ${c.database.kind === "pglite" ? `embedded PostgreSQL (${path.resolve(config.DATA_DIR)})` : "PostgreSQL"}.`,
        `  Customer portal: ${config.publicUrl}/portal/`,
        `  Staff console:   ${config.publicUrl}/admin/`,
        `  API docs:        ${config.publicUrl}/api/docs`,
        config.SMTP_URL ? "  Email: sent through SMTP_URL" : "  Email: no SMTP_URL set — emails are kept in the staff console's Email log",
        "",
        firstSignIn,
        "",
      ].join("\n"),
    );
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
