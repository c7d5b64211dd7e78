import type { FastifyError, FastifyInstance } from "fastify";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import { pgCode } from "../../deps.js";
import { AppError } from "../../errors.js";
import { fieldSentence } from "../../../shared/sentences.js";

/** Seconds a client should wait before retrying while the database is out of reach. */
export const DATABASE_RETRY_AFTER_S = 5;

const connectionErrnos = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EPIPE", "EAI_AGAIN"]);

/** The database cannot be reached right now (refused, dropped, shutting down, pool timed out): not the request's fault. */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e: unknown = err, i = 0; e && typeof e === "object" && i < 4; e = (e as { cause?: unknown }).cause, i++) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof code === "string" && (connectionErrnos.has(code) || /^(08|57P0)/.test(code))) return true;
    if (typeof message === "string" && /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|the database system is (starting up|shutting down)/i.test(message)) return true;
  }
  return false;
}

const statusMessages: Record<number, string> = {
  400: "The request is not valid.",
  404: "Not found.",
  405: "Method not allowed.",
  413: "The request body is too large.",
  415: "Send the request body as JSON.",
};

/** One place maps errors to HTTP. Database and unexpected errors become a generic 500 with a request id. */
export function errorHandler(app: FastifyInstance) {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (err instanceof AppError) {
      return reply.status(err.status).send({ code: err.code, message: err.message, fields: err.fields, existing: err.existing });
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const fields = err.validation.map((v) => {
        const path = (v.instancePath || "").replace(/^\//, "").replace(/\//g, ".");
        const where = err.validationContext === "body" ? "" : `${err.validationContext}.`;
        const keys = v.keyword === "unrecognized_keys" ? ((v.params as { keys?: string[] }).keys ?? []) : [];
        if (keys.length) return { field: `${where}${keys.join(", ")}`, message: "is not an allowed field" };
        return { field: `${where}${path || "(body)"}`, message: v.message ?? "is not valid" };
      });
      return reply.status(400).send({
        code: "VALIDATION",
        message: fields.map((f) => fieldSentence(f.field, f.message)).join(" "),
        fields,
      });
    }
    const status = err.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const code = status === 413 ? "PAYLOAD_TOO_LARGE" : status === 404 ? "NOT_FOUND" : "VALIDATION";
      return reply.status(status).send({ code, message: statusMessages[status] ?? err.message });
    }
    if (isDatabaseUnavailable(err)) {
      req.log.warn({ err }, "database unavailable");
      return reply
        .status(503)
        .header("Retry-After", String(DATABASE_RETRY_AFTER_S))
        .send({ code: "UNAVAILABLE", message: "The service is briefly unavailable. Please try again in a few seconds.", requestId: req.id });
    }
    // Text PostgreSQL cannot store (a NUL byte that slipped past validation) is the request's fault.
    if (pgCode(err) === "22021" || pgCode(err) === "22P05") {
      return reply.status(400).send({ code: "VALIDATION", message: "The request contains characters that cannot be stored." });
    }
    req.log.error({ err }, "request failed");
    return reply.status(500).send({ code: "INTERNAL", message: "Something went wrong on our side.", requestId: req.id });
  });
}
