import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import cookie from "@fastify/cookie";
import multipart from "@fastify/multipart";
import fastifyStatic from "@fastify/static";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from "fastify";
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from "fastify-type-provider-zod";
import type { Container } from "./container.js";
import { authenticate } from "./http/plugins/auth.js";
import { csrf } from "./http/plugins/csrf.js";
import { errorHandler } from "./http/plugins/errors.js";
import { idempotency, spellHeaderForDocument } from "./http/plugins/idempotency.js";
import { securityHeaders } from "./http/plugins/security-headers.js";
import { refuseNulBytes } from "./http/plugins/text-input.js";
import { isPortalPage, resolveTenant } from "./http/plugins/tenant.js";
import { sendPortalPage } from "./http/plugins/web.js";
import { accountRoutes } from "./http/routes/accounts.routes.js";
import { approvalRoutes } from "./http/routes/approvals.routes.js";
import { contactRoutes } from "./http/routes/contacts.routes.js";
import { contractRoutes } from "./http/routes/contracts.routes.js";
import { invoiceRoutes } from "./http/routes/invoices.routes.js";
import { portalRoutes } from "./http/routes/portal.routes.js";
import { projectRoutes } from "./http/routes/projects.routes.js";
import { settingsRoutes } from "./http/routes/settings.routes.js";
import { staffRoutes } from "./http/routes/staff.routes.js";
import { systemRoutes } from "./http/routes/system.routes.js";
import { jobRoutes } from "./http/routes/jobs.routes.js";
import { ticketRoutes } from "./http/routes/tickets.routes.js";
import { MAX_UPLOAD_BYTES } from "./modules/attachments/file-types.js";
import { actions, wasGranted } from "./policy/policy.js";

export const webRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../dist/web");

/** What the HTTP layer is given: the shared dependencies (config, clock) and the services. */
export type AppContext = Pick<Container, "deps" | "services">;

export interface AppOptions {
  /** The process's logger (main.ts makes one for the HTTP server, the worker and the database pool). */
  logger?: FastifyBaseLogger;
  /** Serve the built SPA from dist/web (off in API tests). */
  serveWeb?: boolean;
  /** Where the built SPA is (default dist/web). */
  webRoot?: string;
  /** Set `draining` when the process is about to stop: new requests get 503 and every answer closes its connection. */
  lifecycle?: { draining: boolean };
}

/** The HTTP application without listen(); tests inject requests into it. */
export async function buildApp(c: AppContext, opts: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    ...(opts.logger ? { loggerInstance: opts.logger } : { logger: false }),
    bodyLimit: 1024 * 1024,
    trustProxy: false,
    genReqId: () => crypto.randomUUID(),
    routerOptions: { maxParamLength: 200 },
    // Stopping drains connections first (see lifecycle); close() then only reaps idle ones.
    forceCloseConnections: false,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  // Every API route must declare its principal and a policy action that exists.
  const known = new Set<string>([...actions, "public"]);
  app.addHook("onRoute", (r) => {
    if (!r.url.startsWith("/api/") || r.url.startsWith("/api/docs")) return;
    const policy = r.config?.policy;
    if (!policy || !known.has(policy.action)) throw new Error(`route ${r.method} ${r.url} declares no policy`);
  });

  const lifecycle = opts.lifecycle;
  if (lifecycle) {
    app.addHook("onRequest", (_req, reply, done) => {
      if (!lifecycle.draining) return done();
      reply
        .status(503)
        .header("Connection", "close")
        .header("Retry-After", "5")
        .send({ code: "UNAVAILABLE", message: "The server is restarting. Please try again in a few seconds." });
    });
    app.addHook("onSend", (_req, reply, payload, done) => {
      if (lifecycle.draining) reply.header("Connection", "close");
      done(null, payload);
    });
  }
  // A route answers only after the action it declares was granted by the policy: declaration and
  // service cannot drift apart silently. A success without that decision is a bug, so it fails closed.
  app.addHook("onSend", (req, reply, payload, done) => {
    const policy = req.routeOptions.config?.policy;
    if (!policy || policy.action === "public" || reply.statusCode >= 400 || req.idempotentReplay || wasGranted(req.actor, policy.action)) return done(null, payload);
    req.log.error({ route: req.routeOptions.url, action: policy.action }, "route answered without its declared action being granted");
    reply.code(500).removeHeader("content-disposition").removeHeader("content-length").type("application/json; charset=utf-8");
    done(null, JSON.stringify({ code: "INTERNAL", message: "Something went wrong on our side", requestId: req.id }));
  });
  securityHeaders(app, { hsts: c.deps.config.secureCookies });
  errorHandler(app);
  await app.register(cookie);
  await app.register(multipart, { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 5, parts: 6 } });
  resolveTenant(app, c);
  csrf(app);
  authenticate(app, c);
  refuseNulBytes(app);
  idempotency(app, c);

  await app.register(swagger, {
    openapi: {
      info: { title: "Portico API", version: "1" },
      components: { securitySchemes: { staffSession: { type: "apiKey", in: "cookie", name: "portico_staff" }, portalSession: { type: "apiKey", in: "cookie", name: "portico_portal" } } },
    },
    transform: (input) => spellHeaderForDocument(jsonSchemaTransform(input)),
  });
  await app.register(swaggerUi, { routePrefix: "/api/docs", staticCSP: false });
  app.get("/api/openapi.json", { config: { policy: { principal: "public", action: "public" } }, schema: { hide: true } }, async () => app.swagger());

  systemRoutes(app, c);
  staffRoutes(app, c);
  accountRoutes(app, c);
  contactRoutes(app, c);
  settingsRoutes(app, c);
  portalRoutes(app, c);
  jobRoutes(app, c);
  ticketRoutes(app, c);
  approvalRoutes(app, c);
  contractRoutes(app, c);
  projectRoutes(app, c);
  invoiceRoutes(app, c);

  const root = opts.webRoot ?? webRoot;
  const serveWeb = (opts.serveWeb ?? true) && existsSync(path.join(root, "index.html"));
  if (serveWeb) {
    // Built assets carry a content hash in their names; the HTML that names them is never cached.
    await app.register(fastifyStatic, {
      root,
      wildcard: true,
      index: false,
      cacheControl: false,
      setHeaders: (res, file) => {
        if (/[\\/]assets[\\/]/.test(file)) res.header("Cache-Control", "public, max-age=31536000, immutable");
      },
    });
  }
  app.get("/", { schema: { hide: true } }, async (_req, reply) => reply.redirect("/portal/"));
  app.setNotFoundHandler(async (req, reply) => {
    const spa = /^\/(admin|portal)(\/|$)/.test(req.url) && req.method === "GET";
    if (spa && serveWeb) return isPortalPage(req) ? sendPortalPage(c.services.settings, root, req, reply) : reply.sendFile("index.html", { cacheControl: false });
    return reply.status(404).send({ code: "NOT_FOUND", message: "Not found" });
  });
  return app;
}
