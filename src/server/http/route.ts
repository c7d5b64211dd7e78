import type { FastifyInstance, FastifyReply, FastifyRequest, RouteShorthandOptions } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { isDeepStrictEqual } from "node:util";
import { z } from "zod";
import { JsonAnswer } from "../lib/json-answer.js";
import { errorResponse } from "../../shared/api.js";
import type { Action, Principal } from "../policy/policy.js";
import { idempotencyHeaders, underClaim } from "./plugins/idempotency.js";

/** Every API route states who may call it and which policy action it performs. */
export interface RoutePolicy {
  principal: Principal;
  action: Action | "public";
  /**
   * The handler's one statement confirms the session itself (plugins/auth.ts `asContact`, `asStaff`) instead of a
   * lookup before it: for the reads made most. Such a handler gets no actor from the auth hook.
   */
  sessionInRead?: true;
}

declare module "fastify" {
  interface FastifyContextConfig {
    policy?: RoutePolicy;
  }
}

type Schema = {
  params?: z.ZodTypeAny;
  querystring?: z.ZodTypeAny;
  body?: z.ZodTypeAny;
  response?: Record<number, z.ZodTypeAny>;
  summary?: string;
  tags?: string[];
  operationId: string;
};
type Infer<T> = T extends z.ZodTypeAny ? z.infer<T> : undefined;

export interface RouteDef<S extends Schema> {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  url: string;
  policy: RoutePolicy;
  /** A create: honours an Idempotency-Key header (plugins/idempotency.ts). Only for staff and contact routes. */
  idempotent?: true;
  schema: S;
  handler: (
    req: FastifyRequest & { params: Infer<S["params"]>; query: Infer<S["querystring"]>; body: Infer<S["body"]> },
    reply: FastifyReply,
  ) => Promise<unknown>;
}

/** A write without a body schema still refuses a body with fields in it. */
const noBody = z.object({}).strict().nullish();

export function route<S extends Schema>(app: FastifyInstance, def: RouteDef<S>) {
  const tag = def.url.split("/")[2] ?? "system";
  const body = def.schema.body ?? (def.method === "GET" ? undefined : noBody);
  // Keys belong to a signed-in principal; a public route has nobody to keep them for.
  if (def.idempotent && (def.method !== "POST" || def.policy.principal === "public")) throw new Error(`route ${def.method} ${def.url}: only staff and contact POST routes take an Idempotency-Key`);
  if (def.policy.sessionInRead && (def.method !== "GET" || def.policy.principal === "public")) throw new Error(`route ${def.method} ${def.url}: only staff and contact GET routes read their session in their statement`);
  const keyed = def.idempotent ? { headers: idempotencyHeaders, response: { ...def.schema.response, 409: errorResponse, 422: errorResponse } } : {};
  app.withTypeProvider<ZodTypeProvider>().route({
    method: def.method,
    url: def.url,
    config: { policy: def.policy, ...(def.idempotent ? { idempotent: true } : {}) },
    schema: { tags: [tag], ...def.schema, ...(body ? { body } : {}), ...keyed } as RouteShorthandOptions["schema"],
    handler: (def.idempotent ? underClaim(def.handler as never) : answering(def)) as never,
  });
}

/** Under test a prewritten answer must be exactly what its schema describes: no field more, none missing or mistyped. */
const checkAnswers = process.env.NODE_ENV === "test";

function answering<S extends Schema>(def: RouteDef<S>): RouteDef<S>["handler"] {
  return async (req, reply) => {
    const out = await def.handler(req, reply);
    if (!(out instanceof JsonAnswer)) return out;
    if (checkAnswers) {
      const sent = JSON.parse(out.text);
      const schema = def.schema.response?.[200];
      if (!schema || !isDeepStrictEqual(schema.parse(sent), sent)) throw new Error(`${def.method} ${def.url}: the prewritten answer does not match its response schema`);
    }
    // As bytes: encoded once, where a string would be measured for its length and then encoded.
    return reply.type("application/json; charset=utf-8").send(Buffer.from(out.text));
  };
}
