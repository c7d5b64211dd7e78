import { type SQL, sql } from "drizzle-orm";

/**
 * A row's JSON written by PostgreSQL, as text, for the lists whose answer the server passes on unread
 * (db/paging.ts `keyedPageText`): a page of rows is neither decoded into objects nor encoded again.
 *
 * Each helper writes one value as the JSON text a presenter would give for it: `null` for SQL NULL, a
 * timestamp as `Date.prototype.toISOString` writes it (UTC, milliseconds), text through PostgreSQL's own
 * JSON escaping. `object` joins them under constant keys in the order given.
 */
export const jsonText = {
  uuid: (e: unknown) => sql`coalesce('"' || ${e} || '"', 'null')`,
  int: (e: unknown) => sql`coalesce((${e})::text, 'null')`,
  bool: (e: unknown) => sql`coalesce((${e})::text, 'null')`,
  text: (e: unknown) => sql`coalesce(to_json((${e})::text)::text, 'null')`,
  timestamp: (e: unknown) => sql`coalesce('"' || to_char((${e}) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') || '"', 'null')`,
  /** `{id, name}` of a row a ticket points at, or null when it points at none. */
  ref: (id: unknown, name: unknown) => sql`coalesce('{"id":"' || ${id} || '","name":' || coalesce(to_json((${name})::text)::text, 'null') || '}', 'null')`,
  object(fields: Record<string, SQL>): SQL<string> {
    const parts = Object.entries(fields).map(([key, value], i) => {
      if (!/^[A-Za-z][A-Za-z0-9]*$/.test(key)) throw new Error(`jsonText.object: "${key}" is not a plain key`);
      return sql`${sql.raw(`'${i === 0 ? "{" : ","}"${key}":'`)} || ${value}`;
    });
    return sql<string>`(${sql.join(parts, sql` || `)} || '}')`;
  },
};
