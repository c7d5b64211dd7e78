import { createHash } from "node:crypto";
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { type ExtractTablesWithRelations, sql } from "drizzle-orm";
import { drizzle as drizzleNodePg } from "drizzle-orm/node-postgres";
import { migrate as migrateNodePg } from "drizzle-orm/node-postgres/migrator";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import pg from "pg";
import * as schema from "./schema/index.js";

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Either the database or an open transaction: repositories accept both. */
export type Executor = Db | Tx;

export interface Database {
  db: Db;
  kind: "pglite" | "postgres";
  /** The server's URL (PostgreSQL only). */
  url?: string;
  migrate(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Names every parameterised query after its text, so each connection parses and plans a query shape once
 * and then only binds values. Planning costs more than running the small queries a request makes.
 */
function preparePerConnection(client: pg.PoolClient) {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as unknown as { query: unknown }).query = (config: unknown, values?: unknown, callback?: unknown) => {
    if (typeof config === "object" && config !== null && "text" in config && !(config as { name?: string }).name) {
      const params = Array.isArray(values) ? values : (config as { values?: unknown }).values;
      if (Array.isArray(params) && params.length > 0) {
        return query({ ...config, values: params, name: statementName((config as { text: string }).text) }, callback ?? (typeof values === "function" ? values : undefined));
      }
    }
    if (typeof config === "string" && Array.isArray(values) && values.length > 0) {
      return query({ text: config, values, name: statementName(config) }, callback);
    }
    return query(config, values, callback);
  };
}
const statementNames = new Map<string, string>();
/** A statement's name on every connection: derived from its text, so the same text is parsed once per connection. */
export function statementName(text: string) {
  let name = statementNames.get(text);
  if (!name) {
    name = `q_${createHash("sha1").update(text).digest("hex").slice(0, 20)}`;
    if (statementNames.size > 5000) statementNames.clear();
    statementNames.set(text, name);
  }
  return name;
}

export const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), "migrations");

export interface DatabaseOptions {
  databaseUrl?: string;
  /** PGlite data directory; undefined keeps the database in memory. */
  dataDir?: string;
  /** Create the PGlite instance from a dumped data directory (fast test databases). */
  loadDataDir?: Blob | File;
  poolSize?: number;
  /** Where pool errors go (an idle connection dropped by the server, a failed connect). */
  log?: { warn(obj: object, msg: string): void };
}

export class DatabaseUnreachableError extends Error {}
export class DatabaseInUseError extends Error {}

const isRunning = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as { code?: string }).code === "EPERM";
  }
};

/**
 * The embedded database has no lock of its own, and two processes writing one data directory corrupt it:
 * the first to open it leaves its pid there until it closes. A pid file left by a process that died is taken over.
 */
function lockDataDir(dataDir: string) {
  const file = path.join(dataDir, "portico.pid");
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = openSync(file, "wx");
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(file, { force: true });
    } catch (err) {
      if ((err as { code?: string }).code !== "EEXIST" || attempt > 0) throw err;
      const pid = Number(readFileSync(file, "utf8").trim());
      if (pid > 0 && isRunning(pid)) {
        throw new DatabaseInUseError(
          `the embedded database in ${path.resolve(dataDir)} is open in another Portico process (pid ${pid}); stop that process first, or use a PostgreSQL server (DATABASE_URL)`,
        );
      }
      rmSync(file, { force: true });
    }
  }
}

/** The server part of a database URL, without its password, for messages. */
export function describeDatabaseUrl(url: string) {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || 5432}${u.pathname}`;
  } catch {
    return "(unparsable URL)";
  }
}

/** Waits (with growing pauses) until the database answers, or throws after `timeoutMs`. */
export async function waitForDatabase(database: Database, timeoutMs: number, sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))) {
  const deadline = Date.now() + timeoutMs;
  for (let pause = 250; ; pause = Math.min(pause * 2, 5_000)) {
    try {
      await database.db.execute(sql`select 1`);
      return;
    } catch (err) {
      if (Date.now() + pause > deadline) {
        let root = err as { code?: string; message?: string; cause?: unknown };
        while (root.cause && typeof root.cause === "object") root = root.cause as typeof root;
        const why = root.code ?? root.message ?? String(root);
        throw new DatabaseUnreachableError(`cannot reach the database at DATABASE_URL (${database.url ? describeDatabaseUrl(database.url) : "embedded"}) after ${Math.round(timeoutMs / 1000)} s: ${why}`);
      }
      await sleep(pause);
    }
  }
}

export async function openDatabase(opts: DatabaseOptions): Promise<Database> {
  if (opts.databaseUrl) {
    // A server that does not answer must not hold requests forever: they fail (503) after 5 s.
    const pool = new pg.Pool({
      connectionString: opts.databaseUrl,
      max: opts.poolSize ?? 10,
      connectionTimeoutMillis: 5_000,
      // Each connection keeps one plan per statement. Otherwise a list's statement is planned afresh on every
      // run: its LIMIT is a parameter, so PostgreSQL's estimate of the kept plan looks worse than a fresh one
      // although both are the same plan, and planning costs more than running it. The lists are written so
      // that their plan does not depend on the values (tickets.repo.ts).
      options: "-c plan_cache_mode=force_generic_plan",
    });
    // An idle connection the server closed (restart, failover) must not crash the process; the pool replaces it.
    pool.on("error", (err) => opts.log?.warn({ err }, "database connection lost; the pool replaces it"));
    pool.on("connect", preparePerConnection);
    const db = drizzleNodePg(pool, { schema }) as unknown as Db;
    return {
      db,
      kind: "postgres",
      url: opts.databaseUrl,
      async migrate() {
        // Several instances may start at once: one migrates while the others wait.
        const client = await pool.connect();
        try {
          await client.query("select pg_advisory_lock(7242001)");
          await migrateNodePg(drizzleNodePg(client, { schema }), { migrationsFolder });
        } finally {
          await client.query("select pg_advisory_unlock(7242001)").catch(() => {});
          client.release();
        }
      },
      close: () => pool.end(),
    };
  }
  if (opts.dataDir) mkdirSync(opts.dataDir, { recursive: true });
  const unlock = opts.dataDir ? lockDataDir(opts.dataDir) : () => {};
  let client: PGlite;
  try {
    client = await PGlite.create(opts.dataDir ?? undefined, opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {});
  } catch (err) {
    unlock();
    throw err;
  }
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    db,
    kind: "pglite",
    migrate: () => migratePglite(drizzlePglite(client, { schema }), { migrationsFolder }),
    async close() {
      await client.close();
      unlock();
    },
    ...({ pglite: client } as object),
  };
}
