import { type AnyColumn, asc, desc, type SQL, type Subquery, sql } from "drizzle-orm";
import type { PgSelect } from "drizzle-orm/pg-core";
import type { Executor } from "./client.js";
import { prepared, preparedPlain } from "./prepared.js";

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
/**
 * Values of one row that a list's statement answers besides the page (whether the session still stands, whether
 * a button shows), each under its name: `shape` names what changes their text, `values` gives their placeholders.
 */
export interface Also<A extends Record<string, SQL>> {
  shape: string;
  values: Record<string, unknown>;
  columns: () => A;
}
type AlsoValues<A> = { [K in keyof A]: A[K] extends SQL<infer T> ? T : unknown };

const alsoFields = (also: Also<Record<string, SQL>> | undefined) => {
  const fields: Record<string, SQL.Aliased> = {};
  for (const [name, value] of Object.entries(also?.columns() ?? {})) fields[`also_${name}`] = sql`${value}`.as(`also_${name}`);
  return fields;
};
const alsoOf = (row: Record<string, unknown> | undefined) => {
  const values: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row ?? {})) if (k.startsWith("also_")) values[k.slice(5)] = v;
  return values;
};

interface KeyedPageFilter {
  shape: string;
  values: Record<string, unknown>;
  matching: (fields: Record<string, SQL.Aliased>) => PgSelect;
  id: AnyColumn;
  keys: SortKey[];
  page: number;
  pageSize: number;
}

/** The statement's two inner steps (the matching ids, in order and capped; the page's slice of them), its values, and the count. */
function pagePlan(db: Executor, f: KeyedPageFilter) {
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
  const slice = (): PageSlice => {
    const fields: Record<string, SQL.Aliased> = { id: sql`${ref("m", "id")}`.as("id"), n: sql`(count(*) over ())::int`.as("n") };
    for (const k of keyNames) fields[k] = sql`${ref("m", k)}`.as(k);
    const p = db
      .select(fields)
      .from(matching())
      .orderBy(...f.keys.map((k, i) => ordered(k.dir, ref("m", keyNames[i]))))
      .limit(sql.placeholder("pageSize") as unknown as number)
      .offset(sql.placeholder("pageOffset") as unknown as number)
      .as("p");
    return { from: p, id: sql<string>`${ref("p", "id")}`, n: sql<number>`${ref("p", "n")}` };
  };
  const pageOrder = f.keys.map((k, i) => ordered(k.dir, ref("p", keyNames[i])));
  /** The count from the page's rows, or (a page past the end has none to carry it) from the matching ids alone. */
  async function total(n: number | null | undefined) {
    if (n === undefined || n === null) {
      const count = () => db.select({ n: sql<number>`count(*)::int` }).from(matching());
      n = f.page === 1 ? 0 : ((await prepared(db, `count ${f.shape}`, count).execute(values)) as { n: number }[])[0].n;
    }
    return { total: Math.min(n, limit), totalCapped: n > limit };
  }
  return { values, slice, pageOrder, total };
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
export async function keyedPage<Q extends PgSelect, A extends Record<string, SQL> = Record<never, SQL>>(
  db: Executor,
  f: KeyedPageFilter & { also?: Also<A> },
  rows: (p: PageSlice, also: Record<string, SQL.Aliased>) => Q,
): Promise<{ items: Omit<Awaited<Q>[number], "n" | `also_${string}`>[]; total: number; totalCapped: boolean; also: AlsoValues<A> }> {
  const plan = pagePlan(db, f);
  const pageQuery = prepared(db, `page ${f.shape} ${f.also?.shape ?? "-"}`, () => rows(plan.slice(), alsoFields(f.also)).orderBy(...plan.pageOrder));
  const values = { ...plan.values, ...f.also?.values };
  const found = (await pageQuery.execute(values)) as Record<string, unknown>[];
  const items = found.map(({ n: _, ...item }) => {
    for (const k of Object.keys(item)) if (k.startsWith("also_")) delete item[k];
    return item;
  }) as Omit<Awaited<Q>[number], "n" | `also_${string}`>[];
  let also = alsoOf(found[0]);
  if (f.also && found.length === 0) {
    // No row carried them: they are asked alone.
    const alone = prepared(db, `also ${f.also.shape}`, () => db.select(alsoFields(f.also)).from(sql`(select 1) as one`));
    also = alsoOf(((await alone.execute(values)) as Record<string, unknown>[])[0]);
  }
  return { items, ...(await plan.total(found[0]?.n as number | undefined)), also: also as AlsoValues<A> };
}

/**
 * The lists read most: a page as one row of aggregates over its rows in page order (`aggregates` writes them given
 * that order), with the capped count and the `also` values, run as a plain statement (db/prepared.ts).
 */
async function aggregatedPage<A extends Record<string, SQL>>(
  db: Executor,
  f: KeyedPageFilter & { also: Also<A> },
  kind: string,
  aggregates: (order: SQL) => Record<string, SQL.Aliased>,
  rows: (p: PageSlice, fields: Record<string, SQL.Aliased>) => PgSelect,
) {
  const plan = pagePlan(db, f);
  const pageQuery = preparedPlain(db, `page ${kind} ${f.shape} ${f.also.shape}`, () => {
    const fields = { n: sql`max(${ref("p", "n")})`.as("n"), ...aggregates(sql.join(plan.pageOrder, sql`, `)), ...alsoFields(f.also) };
    return { query: rows(plan.slice(), fields), columns: Object.keys(fields) };
  });
  const [row] = await pageQuery.execute({ ...plan.values, ...f.also.values });
  return { row, total: await plan.total(row.n as number | null), also: alsoOf(row) as AlsoValues<A> };
}

/**
 * keyedPage for the lists read most: each of a row's `lines` is a text without line breaks (JSON text, a
 * state's words), and the page comes as one row holding each of them for every row, in order, split here.
 * `also` adds values of one row that the same statement answers (`Also`).
 */
export async function keyedPageLines<L extends string, A extends Record<string, SQL>>(
  db: Executor,
  f: KeyedPageFilter & { also: Also<A> },
  page: { lines: Record<L, SQL<string>>; rows: (p: PageSlice, fields: Record<string, SQL.Aliased>) => PgSelect },
): Promise<{ lines: Record<L, string[]>; total: number; totalCapped: boolean; also: AlsoValues<A> }> {
  const names = Object.keys(page.lines) as L[];
  const { row, total, also } = await aggregatedPage(
    db,
    f,
    "lines",
    (order) => {
      const fields: Record<string, SQL.Aliased> = { rows: sql`count(*)::int`.as("rows") };
      for (const name of names) fields[`line_${name}`] = sql`coalesce(string_agg(${page.lines[name]}, E'\n' order by ${order}), '')`.as(`line_${name}`);
      return fields;
    },
    page.rows,
  );
  const lines = {} as Record<L, string[]>;
  for (const name of names) {
    lines[name] = row.rows === 0 ? [] : (row[`line_${name}`] as string).split("\n");
    if (lines[name].length !== row.rows) throw new Error(`page line "${name}" holds a line break`);
  }
  return { lines, ...total, also };
}

/**
 * keyedPage with its rows as one JSON array text, for the lists read most: `item` is a row's JSON text over the
 * tables `rows` joins. `also` adds values of one row that the same statement answers (`Also`).
 */
export async function keyedPageText<A extends Record<string, SQL>>(
  db: Executor,
  f: KeyedPageFilter & { also: Also<A> },
  page: { item: SQL<string>; rows: (p: PageSlice, fields: Record<string, SQL.Aliased>) => PgSelect },
): Promise<{ itemsJson: string; total: number; totalCapped: boolean; also: AlsoValues<A> }> {
  const { row, total, also } = await aggregatedPage(
    db,
    f,
    "text",
    (order) => ({ items: sql`coalesce(string_agg(${page.item}, ',' order by ${order}), '')`.as("items") }),
    page.rows,
  );
  return { itemsJson: `[${row.items as string}]`, ...total, also };
}
