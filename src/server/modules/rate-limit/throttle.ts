import type { Deps } from "../../deps.js";
import { AppError } from "../../errors.js";
import { MINUTE } from "../../lib/clock.js";
import type { Repos } from "../../repos.js";

/** Limits per client address, the same for every account state (ACC-4, ACC-13). */
export const ipLimits = {
  staff_login: { limit: 20, windowMs: 15 * MINUTE },
  portal_login: { limit: 30, windowMs: 15 * MINUTE },
  portal_email_link: { limit: 10, windowMs: 15 * MINUTE },
  portal_signup: { limit: 5, windowMs: 60 * MINUTE },
  staff_email_link: { limit: 10, windowMs: 15 * MINUTE },
  /** Checking a set-password link, and using a staff reset link. */
  password_link: { limit: 30, windowMs: 15 * MINUTE },
} as const;

/** Email-change requests per contact: each one emails an address the contact typed, and checks their password. */
export const EMAIL_CHANGE_LIMIT = { limit: 10, windowMs: 60 * MINUTE } as const;

/** Consecutive failed sign-ins before an account locks, and for how long (ACC-13). */
export const LOCKOUT_THRESHOLD = 5;
export const LOCKOUT_MS = 15 * MINUTE;

/** Counters in the database, so every instance shares them. */
export function createThrottle(d: Deps, { rateLimit: { hit } }: Pick<Repos, "rateLimit">) {
  async function throttleIp(tenantId: string, bucket: keyof typeof ipLimits, ip: string, now: Date) {
    const { limit, windowMs } = ipLimits[bucket];
    const n = await hit(d.db, tenantId, bucket, ip, now, windowMs);
    if (n > limit) throw new AppError("RATE_LIMITED", "Too many attempts. Please wait a few minutes and try again.");
  }

  /** Per-account allowance for emailed links (by the id of a contact or a staff member); over it the request is answered the same but sends nothing. */
  async function allowAccountEmail(tenantId: string, personId: string, now: Date) {
    return (await hit(d.db, tenantId, "account_email_link", personId, now, 60 * MINUTE)) <= 5;
  }

  async function throttleEmailChange(tenantId: string, contactId: string, now: Date) {
    if ((await hit(d.db, tenantId, "email_change", contactId, now, EMAIL_CHANGE_LIMIT.windowMs)) > EMAIL_CHANGE_LIMIT.limit) {
      throw new AppError("RATE_LIMITED", "Too many email change requests. Please wait an hour and try again.");
    }
  }

  return { throttleIp, allowAccountEmail, throttleEmailChange };
}
export type Throttle = ReturnType<typeof createThrottle>;
