import { spawnSync } from "node:child_process";
import { existsSync, statSync, readdirSync } from "node:fs";
import path from "node:path";
import { buildApp, webRoot } from "./app.js";
import { ConfigError, loadConfig } from "./config.js";
import { createContainer, ensureDefaultTenant } from "./container.js";
import { loadDemoData } from "./demo.js";
import { createFirstAdmin, createSetupLink, setupNeeded } from "./modules/staff/staff.service.js";

const srcWeb = path.resolve(webRoot, "../../src/web");

/** Builds the SPA when dist/web is missing or older than its sources. */
function buildWebIfNeeded() {
  const built = path.join(webRoot, "index.html");
  const newest = (dir: string): number =>
    readdirSync(dir, { withFileTypes: true }).reduce((m, e) => {
      const p = path.join(dir, e.name);
      return Math.max(m, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
    }, 0);
  if (existsSync(built) && (!existsSync(srcWeb) || statSync(built).mtimeMs >= newest(srcWeb))) return;
  if (!existsSync(path.join(srcWeb, "index.html"))) return;
  console.log("Building the web app (first start only)…");
  const r = spawnSync("npx", ["vite", "build", "--logLevel", "warn"], { stdio: "inherit", cwd: path.resolve(srcWeb, "../..") });
  if (r.status !== 0) throw new Error("building the web app failed");
}

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
  if (role !== "worker") buildWebIfNeeded();
  const c = await createContainer(config);
  const tenant = await ensureDefaultTenant(c.deps);
  if (args.includes("--demo")) await loadDemoData(c.deps, tenant.id);

  let firstSignIn: string;
  if (await setupNeeded(c.deps, tenant.id)) {
    if (config.ADMIN_EMAIL && config.ADMIN_PASSWORD) {
      await createFirstAdmin(c.deps, tenant.id, { name: "Administrator", email: config.ADMIN_EMAIL, password: config.ADMIN_PASSWORD });
      firstSignIn = `Sign in as ${config.ADMIN_EMAIL} with ADMIN_PASSWORD at ${config.publicUrl}/admin/`;
    } else {
      firstSignIn = `Create the first administrator with this one-time link (valid 72 h):\n  ${await createSetupLink(c.deps, tenant.id)}`;
    }
  } else {
    firstSignIn = `Staff console: ${config.publicUrl}/admin/`;
  }

  if (role !== "web") c.worker.start();
  if (role === "worker") {
    console.log("Portico worker running (outbox → SMTP, expiry sweeps).");
  } else {
    const app = await buildApp(c.deps, { logger: { level: config.LOG_LEVEL } });
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
  const stop = async () => {
    await c.close();
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
