/**
 * Operator commands on staff users, run where Portico runs: `npm run staff -- reset <email> [--host <host>]`
 * prints a link that sets a new password, so a company whose only administrator forgot theirs gets back in.
 */
import { pathToFileURL } from "node:url";
import { emailSchema } from "../shared/api.js";
import { ConfigError, loadConfig } from "./config.js";
import { type Container, createContainer } from "./container.js";
import { DatabaseInUseError, DatabaseUnreachableError } from "./db/client.js";
import { AppError } from "./errors.js";

const usage = "Usage: npm run staff -- reset <email> [--host <host>]";

export interface CommandOutput {
  log(line: string): void;
  error(line: string): void;
}

/** Runs one command against an open container; returns the process's exit code. */
export async function runStaffCommand(c: Pick<Container, "services">, args: string[], out: CommandOutput): Promise<number> {
  const hostAt = args.indexOf("--host");
  const host = hostAt >= 0 ? args[hostAt + 1] : undefined;
  const rest = args.filter((_, i) => hostAt < 0 || (i !== hostAt && i !== hostAt + 1));
  if (rest[0] !== "reset" || rest.length !== 2 || (hostAt >= 0 && !host)) {
    out.error(usage);
    return 1;
  }
  const email = emailSchema.safeParse(rest[1]);
  if (!email.success) {
    out.error(`"${rest[1]}" is not a valid email address.`);
    return 1;
  }
  const tenant = await c.services.tenants.tenantForHost(host ?? "");
  if (!tenant || (host ? tenant.host?.toLowerCase() !== host.toLowerCase() : !tenant.isDefault)) {
    out.error(host ? `No tenant has the host ${host}.` : "Portico has no tenant yet: start it once with npm start.");
    return 1;
  }
  try {
    const r = await c.services.staff.createStaffResetLink(tenant.id, email.data);
    out.log(`Password reset link for ${r.name} <${r.email}> (works once, for ${r.hours} ${r.hours === 1 ? "hour" : "hours"}):`);
    out.log(`  ${r.link}`);
    out.log("Setting the new password with it signs them out everywhere else.");
    return 0;
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    out.error(err.message);
    return 1;
  }
}

async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(err.message);
    return 1;
  }
  let c: Container;
  try {
    c = await createContainer(config);
  } catch (err) {
    if (!(err instanceof DatabaseUnreachableError || err instanceof DatabaseInUseError)) throw err;
    console.error(`Cannot open the database: ${err.message}`);
    return 1;
  }
  try {
    return await runStaffCommand(c, process.argv.slice(2), console);
  } finally {
    await c.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main().then(
    (code) => process.exit(code),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
