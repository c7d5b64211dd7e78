import type { FastifyInstance } from "fastify";
import { invalid } from "../../errors.js";
import { isApiRequest } from "../request-path.js";

/** The first place in a parsed body, query or path where a string holds a NUL byte, or null. */
export function findNulByte(v: unknown, path: string, depth = 0): string | null {
  if (typeof v === "string") return v.includes("\u0000") ? path : null;
  if (depth > 20 || v === null || typeof v !== "object") return null;
  for (const [k, child] of Object.entries(v as Record<string, unknown>)) {
    if (k.includes("\u0000")) return path ? `${path}.${k.replace(/\u0000/g, "")}` : k.replace(/\u0000/g, "");
    const hit = findNulByte(child, path ? `${path}.${k}` : k, depth + 1);
    if (hit !== null) return hit;
  }
  return null;
}

/** Text PostgreSQL cannot store is refused with a 400 naming the field, before any handler runs. */
export function refuseNulBytes(app: FastifyInstance) {
  app.addHook("preValidation", (req, _reply, done) => {
    if (!isApiRequest(req)) return done();
    for (const [where, value] of [["", req.body], ["query", req.query], ["params", req.params]] as const) {
      const hit = findNulByte(value, where);
      if (hit !== null) return done(invalid(hit || where || "(body)", "must not contain NUL characters"));
    }
    done();
  });
}
