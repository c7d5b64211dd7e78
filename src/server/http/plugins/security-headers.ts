import type { FastifyInstance } from "fastify";
import { isApiRequest } from "../request-path.js";

const csp = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join("; ");

/** Headers on every response, errors and static files included. */
export function securityHeaders(app: FastifyInstance, opts: { hsts: boolean }) {
  app.addHook("onSend", (req, reply, payload, done) => {
    // Downloads set their own, stricter policy.
    if (!reply.hasHeader("Content-Security-Policy")) reply.header("Content-Security-Policy", csp);
    reply.header("X-Content-Type-Options", "nosniff");
    reply.header("X-Frame-Options", "DENY");
    reply.header("Cross-Origin-Opener-Policy", "same-origin");
    reply.header("Cross-Origin-Resource-Policy", "same-origin");
    reply.header("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
    // Token pages (set-password, setup) must not leak their link through Referer.
    reply.header("Referrer-Policy", "no-referrer");
    if (opts.hsts) reply.header("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    // API answers and every HTML page (the SPA shell carries link tokens in its URL) are never cached.
    const html = String(reply.getHeader("content-type") ?? "").startsWith("text/html");
    if (isApiRequest(req) || html) reply.header("Cache-Control", "no-store");
    done(null, payload);
  });
}
