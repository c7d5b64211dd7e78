/** Typed errors with stable codes; the error handler maps them to HTTP. */
import { asSentence, fieldSentence } from "../shared/sentences.js";

export type ErrorCode =
  | "VALIDATION"
  | "UNAUTHENTICATED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "CONFLICT"
  | "INVALID_CREDENTIALS"
  | "TWO_FACTOR_REQUIRED"
  | "TWO_FACTOR_ENROLMENT_REQUIRED"
  | "INVALID_TOKEN"
  | "RATE_LIMITED"
  | "PORTAL_CLOSED"
  | "ACCOUNT_CHANGED"
  | "CSRF"
  | "PAYLOAD_TOO_LARGE"
  | "IDEMPOTENCY_KEY_REUSED"
  | "UNAVAILABLE"
  | "INTERNAL";

const statusOf: Record<ErrorCode, number> = {
  VALIDATION: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  TWO_FACTOR_REQUIRED: 401,
  TWO_FACTOR_ENROLMENT_REQUIRED: 403,
  FORBIDDEN: 403,
  CSRF: 403,
  PORTAL_CLOSED: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  ACCOUNT_CHANGED: 409,
  INVALID_TOKEN: 410,
  PAYLOAD_TOO_LARGE: 413,
  IDEMPOTENCY_KEY_REUSED: 422,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
};

export interface FieldError {
  field: string;
  message: string;
}

/** The record a refused duplicate would have repeated, for a caller who may read it. */
export interface ExistingRecord {
  id: string;
  name: string;
}

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: FieldError[],
    readonly existing?: ExistingRecord,
  ) {
    super(asSentence(message));
    this.status = statusOf[code];
  }
}

export const notFound = (what = "Not found") => new AppError("NOT_FOUND", what);
export const forbidden = (why = "You are not allowed to do this") => new AppError("FORBIDDEN", why);
export const unauthenticated = () => new AppError("UNAUTHENTICATED", "Please sign in");
export const conflict = (message: string, field?: string) =>
  new AppError("CONFLICT", message, field ? [{ field, message }] : undefined);
export const invalid = (field: string, message: string) =>
  new AppError("VALIDATION", fieldSentence(field, message), [{ field, message }]);
