import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/server/config.js";
import { passwordProblem } from "../../src/server/lib/passwords.js";

const policy = { minLength: 12, requireUpper: false, requireLower: false, requireDigit: false, requireSymbol: false };

describe("configuration", () => {
  it("a bad value stops start-up with a message naming the variable", () => {
    expect(() => loadConfig({ PORT: "eighty" } as NodeJS.ProcessEnv)).toThrow(/PORT/);
    expect(() => loadConfig({ DATABASE_URL: "mysql://x" } as NodeJS.ProcessEnv)).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ SMTP_URL: "http://x" } as NodeJS.ProcessEnv)).toThrow(/SMTP_URL/);
    expect(() => loadConfig({ ADMIN_EMAIL: "a@b.test" } as NodeJS.ProcessEnv)).toThrow(/ADMIN_PASSWORD/);
    expect(() => loadConfig({ MAIL_FROM: "not-an-email" } as NodeJS.ProcessEnv)).toThrow(/MAIL_FROM/);
  });

  it("defaults give an embedded database under ./data on port 3000", () => {
    const c = loadConfig({} as NodeJS.ProcessEnv);
    expect(c).toMatchObject({ PORT: 3000, DATA_DIR: "./data", publicUrl: "http://localhost:3000", secureCookies: false });
    expect(loadConfig({ PUBLIC_URL: "https://portal.example.com/" } as NodeJS.ProcessEnv)).toMatchObject({ publicUrl: "https://portal.example.com", secureCookies: true });
  });
});

describe("ACC-5 password policy", () => {
  it("ACC-5 enforces length, up to 128 characters, without truncation", () => {
    expect(passwordProblem("short", policy)).toMatch(/at least 12/);
    expect(passwordProblem("x".repeat(129), policy)).toMatch(/at most 128/);
    expect(passwordProblem("a perfectly fine passphrase", policy)).toBeNull();
  });
  it("ACC-5 rejects common passwords and optional character classes", () => {
    expect(passwordProblem("password1234", policy)).toMatch(/common/);
    expect(passwordProblem("Qwertyuiop123", policy)).toMatch(/common/);
    expect(passwordProblem("aaaaaaaaaaaaaa", policy)).toMatch(/guess/);
    const strict = { ...policy, requireUpper: true, requireDigit: true, requireSymbol: true };
    expect(passwordProblem("all lower case words", strict)).toMatch(/upper-case/);
    expect(passwordProblem("Upper but no digit", strict)).toMatch(/digit/);
    expect(passwordProblem("Upper4digitnosymbol", strict)).toMatch(/symbol/);
    expect(passwordProblem("Upper 4 digit symbol!", strict)).toBeNull();
  });
  it("ACC-5 rejects a password containing the user's own name or email", () => {
    expect(passwordProblem("hello-jane.doe@x.test-pw", policy, ["jane.doe@x.test"])).toMatch(/name, email/);
  });
});
