import { Param, Placeholder } from "drizzle-orm";
import pg from "pg";
import { type Executor, statementName } from "./client.js";

/** A query builder before it runs: what `prepared` needs of it. */
interface Preparable<P> {
  toSQL(): { sql: string; params: unknown[] };
  prepare(name: string): P;
}

interface Entry {
  text: string;
  params: unknown[];
  query: unknown;
}

const cache = new WeakMap<object, Map<string, Entry>>();

/** Under test every reuse is checked against a fresh build (see `prepared`). */
const checkShapes = process.env.NODE_ENV === "test";

export class QueryShapeError extends Error {}

/**
 * A query built once per database handle and shape, then only bound and run. Building a large query with the
 * query builder costs the server more CPU than PostgreSQL spends running it, so the hot reads (sessions, lists)
 * build theirs once.
 *
 * `shape` names everything that changes the statement's text (which filters are present, the order); every value
 * that varies between calls goes in as `sql.placeholder(name)` and is given to `execute`. Under test each reuse
 * builds the query again and throws when its text or its literal parameters differ from the first build: a shape
 * that misses a difference, or a value written into the query instead of a placeholder, fails the suite.
 */
export function prepared<P>(db: object, shape: string, build: () => Preparable<P>): P {
  const byShape = shapesOf(cache, db);
  const hit = byShape.get(shape);
  if (hit) {
    if (checkShapes) assertSameShape(shape, hit, build().toSQL());
    return hit.query as P;
  }
  const builder = build();
  const { sql: text, params } = builder.toSQL();
  const query = builder.prepare(statementName(text));
  byShape.set(shape, { text, params, query });
  return query;
}

/** A database handle's statements by shape. */
function shapesOf<E>(of: WeakMap<object, Map<string, E>>, db: object) {
  let byShape = of.get(db);
  if (!byShape) {
    byShape = new Map();
    of.set(db, byShape);
  }
  return byShape;
}

const paramKey = (p: unknown) => (p instanceof Placeholder ? `placeholder:${p.name}` : JSON.stringify(p));

function assertSameShape(shape: string, first: { text: string; params: unknown[] }, again: { sql: string; params: unknown[] }) {
  if (again.sql !== first.text) {
    throw new QueryShapeError(`query shape "${shape}" built two different statements: the shape must name what changes the text`);
  }
  const a = first.params.map(paramKey);
  const b = again.params.map(paramKey);
  if (a.length !== b.length || a.some((p, i) => p !== b[i])) {
    throw new QueryShapeError(`query shape "${shape}" was built with different values: pass them as placeholders`);
  }
}

/** How one parameter of a plain statement gets its value: a constant, or a placeholder's value (through its column's encoder). */
type Fill = { value: unknown } | { name: string; encode?: (v: unknown) => unknown };

/** What a plain statement runs on: the pool (named statements) or PGlite. */
type PlainClient = pg.Pool | { query(text: string, values: unknown[], o: { rowMode: "array" }): Promise<{ rows: unknown[][] }> };

interface PlainEntry {
  name: string;
  text: string;
  params: unknown[];
  fills: Fill[];
  columns: string[];
  client: PlainClient;
  /** The query builder's logger: it sees these statements as it sees its own. */
  logger?: { logQuery(query: string, params: unknown[]): void };
}
const plainCache = new WeakMap<object, Map<string, PlainEntry>>();

const fillOf = (p: unknown): Fill => {
  if (p instanceof Placeholder) return { name: p.name };
  if (p instanceof Param && p.value instanceof Placeholder) {
    const encoder = p.encoder as { mapToDriverValue?: (v: unknown) => unknown };
    return { name: p.value.name, encode: encoder.mapToDriverValue?.bind(encoder) };
  }
  return { value: p };
};

/** A plain statement's rows: each column under its name, as the driver typed it. */
export interface PlainStatement {
  execute(values: Record<string, unknown>): Promise<Record<string, unknown>[]>;
}

/**
 * `prepared` for the lists read most, whose columns are text, numbers and booleans: the rows come as the driver
 * gives them, named by the `columns` its build gives (the statement's columns in order), without the query
 * builder's per-value mapping, which costs more than the rest of such a request. Runs on the database, not in a
 * transaction.
 */
export function preparedPlain(db: Executor, shape: string, build: () => { query: { toSQL(): { sql: string; params: unknown[] } }; columns: string[] }): PlainStatement {
  const byShape = shapesOf(plainCache, db);
  let entry = byShape.get(shape);
  if (entry && checkShapes) assertSameShape(shape, entry, build().query.toSQL());
  if (!entry) {
    const handle = db as unknown as { $client?: PlainClient; session?: { logger?: PlainEntry["logger"] } };
    if (!handle.$client) throw new Error("a plain statement runs on the database, not in a transaction");
    const built = build();
    const { sql: text, params } = built.query.toSQL();
    entry = { name: statementName(text), text, params, fills: params.map(fillOf), columns: built.columns, client: handle.$client, logger: handle.session?.logger };
    byShape.set(shape, entry);
  }
  const e = entry;
  return {
    async execute(values) {
      const params = e.fills.map((f) => {
        if ("value" in f) return f.value;
        if (!(f.name in values)) throw new Error(`No value for placeholder "${f.name}" was provided`);
        const v = values[f.name];
        return f.encode && v !== null && v !== undefined ? f.encode(v) : v;
      });
      e.logger?.logQuery(e.text, params);
      const { rows } =
        e.client instanceof pg.Pool
          ? await e.client.query<unknown[]>({ name: e.name, text: e.text, values: params, rowMode: "array" })
          : await e.client.query(e.text, params, { rowMode: "array" });
      return rows.map((r) => {
        if (checkShapes && r.length !== e.columns.length) throw new QueryShapeError(`query shape "${shape}" names ${e.columns.length} columns of ${r.length}`);
        const row: Record<string, unknown> = {};
        for (let i = 0; i < e.columns.length; i++) row[e.columns[i]] = r[i];
        return row;
      });
    },
  };
}
