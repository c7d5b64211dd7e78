import { Placeholder } from "drizzle-orm";
import { statementName } from "./client.js";

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
  let byShape = cache.get(db);
  if (!byShape) {
    byShape = new Map();
    cache.set(db, byShape);
  }
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

const paramKey = (p: unknown) => (p instanceof Placeholder ? `placeholder:${p.name}` : JSON.stringify(p));

function assertSameShape(shape: string, first: Entry, again: { sql: string; params: unknown[] }) {
  if (again.sql !== first.text) {
    throw new QueryShapeError(`query shape "${shape}" built two different statements: the shape must name what changes the text`);
  }
  const a = first.params.map(paramKey);
  const b = again.params.map(paramKey);
  if (a.length !== b.length || a.some((p, i) => p !== b[i])) {
    throw new QueryShapeError(`query shape "${shape}" was built with different values: pass them as placeholders`);
  }
}
