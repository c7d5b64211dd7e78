import type { FastifyError, FastifyInstance } from "fastify";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import { AppError } from "../../errors.js";

const statusMessages: Record<number, string> = {
  400: "The request is not valid",
  404: "Not found",
  405: "Method not allowed",
  413: "The request body is too large",
  415: "Send the request body as JSON",
};

/** One place maps errors to HTTP. Database and unexpected errors become a generic 500 with a request id. */
export function errorHandler(app: FastifyInstance) {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (err instanceof AppError) {
      return reply.status(err.status).send({ code: err.code, message: err.message, fields: err.fields });
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
        message: fields.map((f) => `${f.field}: ${f.message}`).join("; "),
        fields,
      });
    }
    const status = err.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const code = status === 413 ? "PAYLOAD_TOO_LARGE" : status === 404 ? "NOT_FOUND" : "VALIDATION";
      return reply.status(status).send({ code, message: statusMessages[status] ?? err.message });
    }
    req.log.error({ err }, "request failed");
    return reply.status(500).send({ code: "INTERNAL", message: "Something went wrong on our side", requestId: req.id });
  });
}
