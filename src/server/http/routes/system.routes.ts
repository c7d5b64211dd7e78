import { sql } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { healthResponse } from "../../../shared/api.js";
import type { AppContext } from "../../app.js";
import { route } from "../route.js";
import { publicRoute } from "./helpers.js";

export function systemRoutes(app: FastifyInstance, { deps: d }: AppContext) {
  route(app, {
    method: "GET",
    url: "/api/health",
    policy: publicRoute,
    schema: { operationId: "getHealth", summary: "Is the service and its database up?", response: { 200: healthResponse, 503: healthResponse } },
    handler: async (_req, reply) => {
      try {
        await d.db.execute(sql`select 1`);
        return { ok: true, database: "ok" as const };
      } catch {
        return reply.status(503).send({ ok: false, database: "unreachable" as const });
      }
    },
  });
}
