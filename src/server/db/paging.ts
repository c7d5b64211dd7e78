import { sql } from "drizzle-orm";
import type { Executor } from "./client.js";

/**
 * How far a list counts: a few pages past the one shown. An exact total of a large filter costs a scan
 * of all of it on every request; the pager only needs to know the next pages exist.
 */
export const countLimit = (page: number, pageSize: number) => (page + 4) * pageSize;

/** Counts the rows of a sub-select up to a limit; returns the count and whether there are more. */
export async function cappedCount(db: Executor, subquery: { limit(n: number): { as(alias: string): unknown } }, limit: number) {
  const limited = subquery.limit(limit + 1).as("counted") as never;
  const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(limited);
  return { total: Math.min(n, limit), totalCapped: n > limit };
}
