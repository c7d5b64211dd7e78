import { type AnyColumn, asc, desc, type SQL, type Subquery, sql } from "drizzle-orm";
import type { PgSelect } from "drizzle-orm/pg-core";
import type { Executor } from "./client.js";
import { prepared } from "./prepared.js";

/**
 * How far a list counts: a few pages past the one shown. An exact total of a large filter costs a scan
 * of all of it on every request; the pager only needs to know the next pages exist.
 */
export const countLimit = (page: number, pageSize: number) => (page + 4) * pageSize;

/** The LIKE pattern of a list search: the words anywhere, lower case, with LIKE's own characters taken literally. */
export const containing = (q: string) => `%${q.toLowerCase().replace(/[\\%_]/g, (m) => `\\${m}`)}%`;

/** One key of a list's order. The last key must make the order total (the row's id). */
export interface SortKey {
  by: SQL | AnyColumn;
  dir: "asc" | "desc";
}

const ordered = (dir: SortKey["dir"], e: SQL | AnyColumn) => (dir === "desc" ? desc(e) : asc(e));
const ref = (table: "m" | "p", column: string) => sql.raw(`"${table}"."${column}"`);

/** The page's slice, for the query that joins its rows: the subquery, and each row's id and the capped count. */
export interface PageSlice {
  from: Subquery;
  id: SQL<string>;
  n: SQL<number>;
}

/**
 * A page of a list and its capped count in one statement, reading as little as the order allows:
 * `matching` selects only the ids and sort keys of the matching rows, in index order and at most
 * countLimit + 1 of them (the count is a window over those); the page is a slice of them; and only the
 * page's rows are joined to the names they show (`rows`, which starts from the slice).
 *
 * The statement is prepared once per `shape` (db/prepared.ts): `matching` and `rows` write every value as
 * `sql.placeholder(name)`, `values` gives them, and `shape` names what else changes the text (the filters
 * present, the order).
 *
 *   keyedPage(db, { shape: `${f.sort} ${Boolean(f.q)}`, values: { tenantId, like },
 *     matching: (fields) => db.select(fields).from(t).where(eq(t.tenantId, sql.placeholder("tenantId"))).$dynamic(), id: t.id, keys, page, pageSize },
 *     (p) => db.select({ ...columns, n: p.n }).from(p.from).innerJoin(t, eq(t.id, p.id)).$dynamic())
 */
export async function keyedPage<Q extends PgSelect>(
  db: Executor,
  f: {
    shape: string;
    values: Record<string, unknown>;
    matching: (fields: Record<string, SQL.Aliased>) => PgSelect;
    id: AnyColumn;
    keys: SortKey[];
    page: number;
    pageSize: number;
  },
  rows: (p: PageSlice) => Q,
): Promise<{ items: Omit<Awaited<Q>[number], "n">[]; total: number; totalCapped: boolean }> {
  const limit = countLimit(f.page, f.pageSize);
  const values = { ...f.values, pageCountLimit: limit + 1, pageSize: f.pageSize, pageOffset: (f.page - 1) * f.pageSize };
  const keyNames = f.keys.map((_, i) => `k${i}`);
  const matching = () => {
    const fields: Record<string, SQL.Aliased> = { id: sql`${f.id}`.as("id") };
    f.keys.forEach((k, i) => {
      fields[keyNames[i]] = sql`${k.by}`.as(keyNames[i]);
    });
    return f
      .matching(fields)
      .orderBy(...f.keys.map((k) => ordered(k.dir, k.by)))
      .limit(sql.placeholder("pageCountLimit") as unknown as number)
      .as("m");
  };
  const pageQuery = prepared(db, `page ${f.shape}`, () => {
    const m = matching();
    const slice: Record<string, SQL.Aliased> = { id: sql`${ref("m", "id")}`.as("id"), n: sql`(count(*) over ())::int`.as("n") };
    for (const k of keyNames) slice[k] = sql`${ref("m", k)}`.as(k);
    const p = db
      .select(slice)
      .from(m)
      .orderBy(...f.keys.map((k, i) => ordered(k.dir, ref("m", keyNames[i]))))
      .limit(sql.placeholder("pageSize") as unknown as number)
      .offset(sql.placeholder("pageOffset") as unknown as number)
      .as("p");
    return rows({ from: p, id: sql<string>`${ref("p", "id")}`, n: sql<number>`${ref("p", "n")}` }).orderBy(
      ...f.keys.map((k, i) => ordered(k.dir, ref("p", keyNames[i]))),
    );
  });
  const found = (await pageQuery.execute(values)) as { n: number }[];
  let n = found[0]?.n;
  if (n === undefined) {
    // A page past the end has no rows to carry the count: count the matching ids alone.
    const count = () => db.select({ n: sql<number>`count(*)::int` }).from(matching());
    n = f.page === 1 ? 0 : ((await prepared(db, `count ${f.shape}`, count).execute(values)) as { n: number }[])[0].n;
  }
  const items = found.map(({ n: _, ...item }) => item) as Omit<Awaited<Q>[number], "n">[];
  return { items, total: Math.min(n, limit), totalCapped: n > limit };
}
