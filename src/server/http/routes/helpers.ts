import type { FastifyRequest } from "fastify";
import { errorResponse } from "../../../shared/api.js";
import type { ContactActor, StaffActor } from "../../policy/actors.js";
import type { Action } from "../../policy/policy.js";

/** The route declared principal "staff" (or "contact"), so the auth hook guaranteed this actor. */
export const staffOf = (req: FastifyRequest) => req.actor as StaffActor;
export const contactOf = (req: FastifyRequest) => req.actor as ContactActor;

export const staffOnly = (action: Action) => ({ principal: "staff" as const, action });
export const contactOnly = (action: Action) => ({ principal: "contact" as const, action });
export const publicRoute = { principal: "public" as const, action: "public" as const };

/** The error answers every authenticated route may give, for the OpenAPI document. */
export const errorResponses = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse };
