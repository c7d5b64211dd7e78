import type { FastifyInstance, FastifyRequest } from "fastify";
import { AppError } from "../../errors.js";
import { isApiRequest } from "../request-path.js";

export const CSRF_HEADER = "x-portico-csrf";
const safeMethods = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * State-changing API requests need a custom header (a cross-site form cannot send one)
 * and, when the browser tells us, a same-origin source.
 */
export function csrf(app: FastifyInstance) {
  app.addHook("onRequest", (req, _reply, done) => {
    if (safeMethods.has(req.method) || !isApiRequest(req)) return done();
    try {
      refuseCrossSite(req);
      done();
    } catch (err) {
      done(err as Error);
    }
  });
}

/** Throws the CSRF refusal a state-changing request earns. */
function refuseCrossSite(req: FastifyRequest) {
  if (req.headers[CSRF_HEADER] !== "1") throw new AppError("CSRF", `Missing ${CSRF_HEADER} header`);
  const site = req.headers["sec-fetch-site"];
  if (site && site !== "same-origin" && site !== "none") throw new AppError("CSRF", "Cross-site request refused");
  const origin = req.headers.origin;
  if (origin && origin !== "null") {
    let host: string | undefined;
    try {
      host = new URL(origin).host;
    } catch {
      host = undefined;
    }
    if (host !== req.headers.host) throw new AppError("CSRF", "Cross-origin request refused");
  }
}
