/**
 * The password rules (ACC-5), in one place: the server refuses a password by the first rule it breaks,
 * and the set-password forms show the same list as a checklist that ticks while the person types.
 */
import { z } from "zod";
import { commonPasswords } from "./common-passwords.js";

export const MAX_PASSWORD_LENGTH = 128;

/** The tenant's choices; the rest of the rules always apply. */
export const passwordPolicySchema = z.object({
  minLength: z.number(),
  requireUpper: z.boolean(),
  requireLower: z.boolean(),
  requireDigit: z.boolean(),
  requireSymbol: z.boolean(),
});
export type PasswordPolicy = z.infer<typeof passwordPolicySchema>;

export interface PasswordRule {
  /** What the checklist says, e.g. "At least 12 characters". */
  label: string;
  /** What the server answers when the rule is broken, after the field name: "must be at least 12 characters". */
  problem: string;
  /** `personal`: the person's name, email and username, which the password must not contain. */
  test(password: string, personal: string[]): boolean;
}

const has = (re: RegExp) => (p: string) => re.test(p);

/** Every rule the policy applies, in the order the server checks them. */
export function passwordRules(policy: PasswordPolicy): PasswordRule[] {
  const rules: PasswordRule[] = [
    { label: `At least ${policy.minLength} characters`, problem: `must be at least ${policy.minLength} characters`, test: (p) => [...p].length >= policy.minLength },
    { label: `At most ${MAX_PASSWORD_LENGTH} characters`, problem: `must be at most ${MAX_PASSWORD_LENGTH} characters`, test: (p) => [...p].length <= MAX_PASSWORD_LENGTH },
  ];
  if (policy.requireUpper) rules.push({ label: "An upper-case letter", problem: "must contain an upper-case letter", test: has(/\p{Lu}/u) });
  if (policy.requireLower) rules.push({ label: "A lower-case letter", problem: "must contain a lower-case letter", test: has(/\p{Ll}/u) });
  if (policy.requireDigit) rules.push({ label: "A digit", problem: "must contain a digit", test: has(/\p{Nd}/u) });
  if (policy.requireSymbol) rules.push({ label: "A symbol (not a letter or digit)", problem: "must contain a symbol", test: has(/[^\p{L}\p{Nd}]/u) });
  rules.push(
    { label: "Not a commonly used password", problem: "is too common; choose a less guessable password", test: (p) => !commonPasswords.has(p.toLowerCase()) },
    { label: "Not one character repeated", problem: "is too easy to guess", test: (p) => !/^(.)\1+$/u.test(p) },
    {
      label: "Does not contain your name, email or username",
      problem: "must not contain your name, email or username",
      test: (p, personal) => !personal.some((w) => w.length >= 4 && p.toLowerCase().includes(w.toLowerCase())),
    },
  );
  return rules;
}

/** The first rule the password breaks, in the server's words, or null. */
export function passwordProblem(password: string, policy: PasswordPolicy, personal: string[] = []): string | null {
  return passwordRules(policy).find((r) => !r.test(password, personal))?.problem ?? null;
}

/** What a contact's password must not contain. */
export const contactPersonalWords = (c: { username: string | null; email: string | null; firstName: string; lastName: string }) => [
  ...new Set([c.username, c.email, c.firstName, c.lastName].filter((w): w is string => !!w)),
];

/** What a staff member's password must not contain. */
export const staffPersonalWords = (s: { name: string; email: string }) => [s.email, s.name].filter(Boolean);

/** What a set-password form shows: every rule, and whether the password typed so far meets it (none while it is empty). */
export const passwordChecklist = (password: string, policy: PasswordPolicy, personal: string[]) =>
  passwordRules(policy).map((r) => ({ label: r.label, met: password !== "" && r.test(password, personal) }));
