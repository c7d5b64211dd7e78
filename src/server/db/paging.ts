import { sql } from "drizzle-orm";
import type { Executor } from "./client.js";

/** Lists count at most this many rows: an exact total of a huge filter costs a scan of all of it. */
export const COUNT_CAP = 1000;

/** Counts the rows of a limited sub-select; returns the count and whether it hit the cap. */
export async function cappedCount(db: Executor, subquery: { limit(n: number): { as(alias: string): unknown } }) {
  const limited = subquery.limit(COUNT_CAP + 1).as("counted") as never;
  const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(limited);
  return { total: Math.min(n, COUNT_CAP), totalCapped: n > COUNT_CAP };
}
