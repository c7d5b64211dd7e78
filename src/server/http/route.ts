import type { FastifyInstance, FastifyReply, FastifyRequest, RouteShorthandOptions } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { errorResponse } from "../../shared/api.js";
import type { Action, Principal } from "../policy/policy.js";
import { idempotencyHeaders, underClaim } from "./plugins/idempotency.js";

/** Every API route states who may call it and which policy action it performs. */
export interface RoutePolicy {
  principal: Principal;
  action: Action | "public";
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
  const keyed = def.idempotent ? { headers: idempotencyHeaders, response: { ...def.schema.response, 409: errorResponse, 422: errorResponse } } : {};
  app.withTypeProvider<ZodTypeProvider>().route({
    method: def.method,
    url: def.url,
    config: { policy: def.policy, ...(def.idempotent ? { idempotent: true } : {}) },
    schema: { tags: [tag], ...def.schema, ...(body ? { body } : {}), ...keyed } as RouteShorthandOptions["schema"],
    handler: (def.idempotent ? underClaim(def.handler as never) : def.handler) as never,
  });
}
