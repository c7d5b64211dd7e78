import type { FastifyInstance } from "fastify";
import type { AppContext } from "../../app.js";
import { notFound } from "../../errors.js";
import { isApiRequest, routedPath } from "../request-path.js";

const CACHE_MS = 30_000;

/** PLT-1: the tenant comes from the request's host; a single-company install falls back to its default tenant. */
export function resolveTenant(app: FastifyInstance, { services: { tenants } }: AppContext) {
  // Host → tenant id changes rarely; a short cache saves a query per request on every instance.
  const cache = new Map<string, { id: string | null; at: number }>();
  app.addHook("onRequest", async (req) => {
    // Health needs no tenant, and must answer when the database (where tenants live) is down.
    if (!isApiRequest(req) || routedPath(req) === "/api/health") return;
    const host = (req.headers.host ?? "").replace(/:\d+$/, "").toLowerCase().slice(0, 253);
    const now = Date.now();
    let hit = cache.get(host);
    if (!hit || now - hit.at > CACHE_MS) {
      const t = await tenants.tenantForHost(host);
      hit = { id: t?.id ?? null, at: now };
      if (cache.size > 10_000) cache.clear();
      cache.set(host, hit);
    }
    if (!hit.id) throw notFound("No portal is configured for this address");
    req.tenantId = hit.id;
  });
}
