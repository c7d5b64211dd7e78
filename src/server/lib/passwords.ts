import argon2 from "argon2";
import { invalid } from "../errors.js";
import { type PasswordPolicy, passwordProblem } from "../../shared/passwords.js";

export { type PasswordPolicy, passwordProblem };

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

export function assertPasswordAllowed(field: string, password: string, policy: PasswordPolicy, context: string[] = []) {
  const problem = passwordProblem(password, policy, context);
  if (problem) throw invalid(field, problem);
}
