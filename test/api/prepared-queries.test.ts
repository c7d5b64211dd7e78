import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/server/db/client.js";
import { prepared, QueryShapeError } from "../../src/server/db/prepared.js";
import { tenants } from "../../src/server/db/schema/index.js";
import { freshDatabase } from "../harness.js";

describe("prepared queries (hot reads built once per shape)", () => {
  let database: Database;
  beforeAll(async () => {
    database = await freshDatabase();
  });
  afterAll(() => database.close());

  const byHost = (db: Database["db"]) =>
    prepared(db, "test tenant by host", () => db.select({ host: tenants.host }).from(tenants).where(eq(tenants.host, sql.placeholder("host"))));

  it("a shape is built once per database handle and binds new values on every run", async () => {
    const db = database.db;
    const first = byHost(db);
    expect(byHost(db)).toBe(first);
    await db.insert(tenants).values([{ name: "A", host: "a.example" }, { name: "B", host: "b.example" }]);
    expect(await first.execute({ host: "a.example" })).toEqual([{ host: "a.example" }]);
    expect(await first.execute({ host: "b.example" })).toEqual([{ host: "b.example" }]);
    expect(await first.execute({ host: "nowhere.invalid" })).toEqual([]);
  });

  it("a shape that builds two different statements fails under test", () => {
    const db = database.db;
    const build = (column: "host" | "name") => () =>
      db.select({ v: tenants[column] }).from(tenants).where(eq(tenants.id, sql.placeholder("id")));
    prepared(db, "test two statements", build("host"));
    expect(() => prepared(db, "test two statements", build("name"))).toThrow(QueryShapeError);
  });

  it("a value written into the query instead of a placeholder fails under test", () => {
    const db = database.db;
    const build = (host: string) => () => db.select({ id: tenants.id }).from(tenants).where(eq(tenants.host, host));
    prepared(db, "test inlined value", build("a.example"));
    expect(() => prepared(db, "test inlined value", build("b.example"))).toThrow(/placeholders/);
  });

  it.runIf(process.env.DATABASE_URL)("on PostgreSQL each connection keeps one plan per statement instead of planning every run", async () => {
    const rows = (await database.db.execute(sql`show plan_cache_mode`)) as unknown as { rows: { plan_cache_mode: string }[] };
    expect(rows.rows[0].plan_cache_mode).toBe("force_generic_plan");
  });
});
