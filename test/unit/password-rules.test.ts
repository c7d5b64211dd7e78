/**
 * FIRST-9: the set-password forms list every rule the server's password policy applies and tick them as the
 * person types. The list comes from src/shared/passwords.ts; these tests prove it and the server agree.
 */
import { describe, expect, it } from "vitest";
import { assertPasswordAllowed } from "../../src/server/lib/passwords.js";
import { type PasswordPolicy, passwordChecklist, passwordRules } from "../../src/shared/passwords.js";

const plain: PasswordPolicy = { minLength: 12, requireUpper: false, requireLower: false, requireDigit: false, requireSymbol: false };
const strict: PasswordPolicy = { minLength: 16, requireUpper: true, requireLower: true, requireDigit: true, requireSymbol: true };
const personal = ["jane.doe@client.test", "Jane", "Doe"];

/** What the server answers for this password: null when it accepts it, else the problem of the field. */
function serverAnswer(password: string, policy: PasswordPolicy) {
  try {
    assertPasswordAllowed("password", password, policy, personal);
    return null;
  } catch (err) {
    return (err as { fields: { message: string }[] }).fields[0].message;
  }
}

const samples = [
  "",
  "short",
  "x".repeat(129),
  "all lower case words here",
  "ALL UPPER CASE WORDS HERE",
  "Upper and lower no digit",
  "Upper4digit but nosymbolAtAll".replace(/ /g, ""),
  "Password1234!",
  "qwertyuiop",
  "Qwertyuiop123",
  "zzzzzzzzzzzzzzzzzz",
  "Hello Jane, 4 you & me!",
  "Doe-family-Holiday-2026",
  "jane.doe@client.test Ab1!",
  "A perfectly fine 4th passphrase!",
  "a perfectly fine passphrase",
];

describe("FIRST-9 one list of password rules for the server and the forms", () => {
  it("FIRST-9 the checklist names every rule the policy applies: length, the tenant's character classes, common passwords and the person's name or email", () => {
    expect(passwordRules(plain).map((r) => r.label)).toEqual([
      "At least 12 characters",
      "At most 128 characters",
      "Not a commonly used password",
      "Not one character repeated",
      "Does not contain your name, email or username",
    ]);
    expect(passwordRules(strict).map((r) => r.label)).toEqual([
      "At least 16 characters",
      "At most 128 characters",
      "An upper-case letter",
      "A lower-case letter",
      "A digit",
      "A symbol (not a letter or digit)",
      "Not a commonly used password",
      "Not one character repeated",
      "Does not contain your name, email or username",
    ]);
  });

  for (const [name, policy] of [["default", plain], ["strict", strict]] as const) {
    it(`FIRST-9 with the ${name} policy the server refuses a password exactly when the checklist leaves a rule unticked, naming the first one`, () => {
      const rules = passwordRules(policy);
      for (const password of samples) {
        const list = passwordChecklist(password, policy, personal);
        const firstUnmet = list.findIndex((r) => !r.met);
        const answer = serverAnswer(password, policy);
        if (password === "") {
          expect(list.every((r) => !r.met), "nothing is ticked before typing").toBe(true);
          expect(answer).toBe(rules[0].problem);
          continue;
        }
        expect(answer, `server answer for ${JSON.stringify(password)}`).toBe(firstUnmet < 0 ? null : rules[firstUnmet].problem);
      }
    });
  }

  it("FIRST-9 every rule on the lists is one the server enforces: for each there is a password the server refuses by that rule", () => {
    const policies = [plain, strict];
    const refusedBy = new Set(policies.flatMap((policy) => samples.map((p) => serverAnswer(p, policy))));
    for (const rule of policies.flatMap(passwordRules)) expect(refusedBy, rule.label).toContain(rule.problem);
  });
});
