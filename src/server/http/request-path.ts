import type { FastifyRequest } from "fastify";

/**
 * The path the router matched, not the raw URL: `/%61pi/…` reaches the `/api/…` routes, so every
 * hook that decides by path (tenant, CSRF, caching) must look at what was routed.
 */
export function routedPath(req: FastifyRequest): string {
  const routed = req.routeOptions?.url;
  if (routed) return routed;
  const raw = req.url.split("?")[0] ?? "";
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

export const isApiRequest = (req: FastifyRequest) => routedPath(req).startsWith("/api/");
