import type { FastifyInstance, FastifyRequest } from "fastify";
import type { AppContext } from "../../app.js";
import { notFound } from "../../errors.js";
import { isApiRequest, routedPath } from "../request-path.js";

const CACHE_MS = 30_000;

/** A page of the portal's SPA: its HTML carries the tenant's public facts (web.ts). */
export const isPortalPage = (req: FastifyRequest) => req.method === "GET" && /^\/portal(\/|$|\?)/.test(req.url);

/** PLT-1: the tenant comes from the request's host; a single-company install falls back to its default tenant. */
export function resolveTenant(app: FastifyInstance, { services: { tenants } }: AppContext) {
  // Host → tenant id changes rarely; a short cache saves a query per request on every instance.
  const cache = new Map<string, { id: string | null; at: number }>();
  const tenantOf = async (req: FastifyRequest) => {
    const host = (req.headers.host ?? "").replace(/:\d+$/, "").toLowerCase().slice(0, 253);
    const now = Date.now();
    let hit = cache.get(host);
    if (!hit || now - hit.at > CACHE_MS) {
      const t = await tenants.tenantForHost(host);
      hit = { id: t?.id ?? null, at: now };
      if (cache.size > 10_000) cache.clear();
      cache.set(host, hit);
    }
    return hit.id;
  };
  app.addHook("onRequest", async (req) => {
    if (isApiRequest(req)) {
      // Health needs no tenant, and must answer when the database (where tenants live) is down.
      if (routedPath(req) === "/api/health") return;
      const id = await tenantOf(req);
      if (!id) throw notFound("No portal is configured for this address");
      req.tenantId = id;
    } else if (isPortalPage(req)) {
      // Without a tenant (unknown host, database down) the page loads without its facts, and the SPA asks the API.
      const id = await tenantOf(req).catch((err: unknown) => {
        req.log.error({ err }, "no tenant for a portal page");
        return null;
      });
      if (id) req.tenantId = id;
    }
  });
}
