import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import type { AppContext } from "../../app.js";
import { IDEMPOTENCY_TTL_MS, KeyBusyError, type KeyClaim, requestHash, runUnderClaim } from "../../modules/idempotency/idempotency.service.js";

declare module "fastify" {
  interface FastifyContextConfig {
    /** The route creates something and honours an Idempotency-Key header. */
    idempotent?: boolean;
  }
  interface FastifyRequest {
    /** This answer repeats a stored one: the policy decided the first request, and nothing runs now. */
    idempotentReplay?: boolean;
    idempotencyClaim?: KeyClaim;
  }
}

/** Request headers arrive lowercased; the document names it `Idempotency-Key`. */
export const IDEMPOTENCY_HEADER = "idempotency-key";

const keyRule = "must be 1 to 200 printable ASCII characters";

/** The header on every creating route: validated like the body (400 when malformed) and listed in the OpenAPI document. */
export const idempotencyHeaders = z.looseObject({
  [IDEMPOTENCY_HEADER]: z
    .string()
    .min(1, { message: keyRule, abort: true })
    .max(200, { message: keyRule, abort: true })
    .regex(/^[\x20-\x7e]+$/, keyRule)
    .optional()
    .meta({
      description:
        `A value you choose (1–200 printable ASCII characters, e.g. a UUID) that makes retrying this request safe: a retry with the same key ` +
        `by the same user gets the first answer (with \`Idempotent-Replayed: true\`) and creates nothing new. The same key with another body ` +
        `gets 422; while the first request is still running, 409. Refusals that changed nothing are not kept, so a corrected retry may reuse ` +
        `the key. Keys are kept ${IDEMPOTENCY_TTL_MS / 3_600_000} hours. A file upload's key covers the ticket and query, not the file's bytes.`,
    }),
});

/** For the OpenAPI document (after jsonSchemaTransform): the header under its usual spelling. */
export function spellHeaderForDocument<T extends { schema?: unknown }>(out: T): T {
  const headers = (out.schema as { headers?: { properties?: Record<string, unknown>; required?: string[] } } | undefined)?.headers;
  const props = headers?.properties;
  if (props && IDEMPOTENCY_HEADER in props) {
    const { [IDEMPOTENCY_HEADER]: keyParam, ...rest } = props;
    headers.properties = { ...rest, "Idempotency-Key": keyParam };
  }
  return out;
}

/** The route handler, run so that inTransaction sees the request's claim; work it leaves running does not. */
export const underClaim =
  <R extends FastifyRequest, T>(handler: (req: R, reply: FastifyReply) => Promise<T>) =>
  (req: R, reply: FastifyReply) => {
    const claim = req.idempotencyClaim;
    if (!claim) return handler(req, reply);
    return runUnderClaim(claim, () => handler(req, reply)).finally(() => {
      claim.open = false;
    });
  };

export function idempotency(app: FastifyInstance, { services: { idempotency: keys } }: AppContext) {
  // preHandler: after authentication and validation, so malformed or unauthorised requests never take a key.
  app.addHook("preHandler", async (req, reply) => {
    if (!req.routeOptions.config?.idempotent) return;
    const key = req.headers[IDEMPOTENCY_HEADER];
    if (typeof key !== "string") return;
    const actor = req.actor;
    if (actor.kind === "anonymous") return;
    try {
      const result = await keys.claimIdempotencyKey({
        tenantId: req.tenantId,
        principalKind: actor.kind,
        principalId: actor.kind === "staff" ? actor.staffId : actor.contactId,
        key,
        method: req.method,
        route: req.routeOptions.url ?? "",
        requestHash: requestHash({ params: req.params, query: req.query, body: req.body }),
      });
      if (result.kind === "claimed") {
        req.idempotencyClaim = result.claim;
        return;
      }
      req.idempotentReplay = true;
      return reply.status(result.status).header("Content-Type", "application/json; charset=utf-8").header("Idempotent-Replayed", "true").send(result.body);
    } catch (err) {
      if (err instanceof KeyBusyError) reply.header("Retry-After", "1");
      throw err;
    }
  });

  app.addHook("onSend", async (req, reply, payload) => {
    const claim = req.idempotencyClaim;
    if (!claim) return payload;
    req.idempotencyClaim = undefined;
    try {
      await keys.settleIdempotencyKey(claim, reply.statusCode, typeof payload === "string" ? payload : null);
    } catch (err) {
      // The answer still goes out; retries get 409 until the claim's lease runs out (then they run again only if nothing was changed).
      req.log.error({ err }, "settling an idempotency key failed");
    }
    return payload;
  });
}
