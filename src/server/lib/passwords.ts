import argon2 from "argon2";
import { invalid } from "../errors.js";
import { commonPasswords } from "./common-passwords.js";

// OWASP ASVS: argon2id, m = 19 MiB, t = 2, p = 1.
const options = { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export const hashPassword = (password: string) => argon2.hash(password, options);

export async function verifyPassword(hash: string | null, password: string): Promise<boolean> {
  // Unknown accounts still pay for one verification so timing does not reveal them.
  const target = hash ?? (await dummyHash);
  try {
    const ok = await argon2.verify(target, password);
    return ok && hash !== null;
  } catch {
    return false;
  }
}
const dummyHash = argon2.hash("portico-timing-equaliser", options);

export interface PasswordPolicy {
  minLength: number;
  requireUpper: boolean;
  requireLower: boolean;
  requireDigit: boolean;
  requireSymbol: boolean;
}

/** Returns the first rule the password breaks, or null. */
export function passwordProblem(password: string, policy: PasswordPolicy, context: string[] = []): string | null {
  const length = [...password].length;
  if (length < policy.minLength) return `must be at least ${policy.minLength} characters`;
  if (length > 128) return "must be at most 128 characters";
  if (policy.requireUpper && !/\p{Lu}/u.test(password)) return "must contain an upper-case letter";
  if (policy.requireLower && !/\p{Ll}/u.test(password)) return "must contain a lower-case letter";
  if (policy.requireDigit && !/\p{Nd}/u.test(password)) return "must contain a digit";
  if (policy.requireSymbol && !/[^\p{L}\p{Nd}]/u.test(password)) return "must contain a symbol";
  const lower = password.toLowerCase();
  if (commonPasswords.has(lower)) return "is too common; choose a less guessable password";
  if (/^(.)\1+$/u.test(password)) return "is too easy to guess";
  for (const c of context) {
    if (c && c.length >= 4 && lower.includes(c.toLowerCase())) return "must not contain your name, email or username";
  }
  return null;
}

export function assertPasswordAllowed(field: string, password: string, policy: PasswordPolicy, context: string[] = []) {
  const problem = passwordProblem(password, policy, context);
  if (problem) throw invalid(field, problem);
}
