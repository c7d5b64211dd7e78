/** Baselines in their own process: a bare Fastify hello-world, or one indexed LIMIT 25 query through pg. */
import Fastify from "fastify";
import pg from "pg";

const mode = process.argv[2];
const app = Fastify();
if (mode === "hello") {
  app.get("/", async () => ({ hello: "world" }));
} else {
  const pool = new pg.Pool({ connectionString: process.env.BENCH_DATABASE_URL, max: 10 });
  const tenantId = process.env.BENCH_TENANT_ID;
  app.get("/", async () => {
    const r = await pool.query(
      "select id, first_name, last_name, email from contacts where tenant_id = $1 and portal_status = 'active' order by last_name, first_name, id limit 25",
      [tenantId],
    );
    return r.rows;
  });
}
await app.listen({ port: 0, host: "127.0.0.1" });
process.stdout.write(`${JSON.stringify({ ready: true, port: (app.server.address() as { port: number }).port })}\n`);
