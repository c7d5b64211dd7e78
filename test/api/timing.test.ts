/**
 * ACC-4: sign-in, forgot-password, resend and sign-up take the same time whatever the state of the
 * account behind the address, so repeated tries cannot tell accounts apart. Medians per state are
 * compared with generous bounds.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createTestApp, lastLinkTo, makeAccount, makeContact, PORTAL_PASSWORD, staffLogin, type TestApp } from "../harness.js";

const FLOOR_MS = 400;
const ROUNDS = 5;
let t: TestApp;
let staff: string;
let accountId: string;
let ipSeq = 0;
const nextIp = () => `10.77.${Math.floor(++ipSeq / 250)}.${(ipSeq % 250) + 1}`;

beforeAll(async () => {
  t = await createTestApp({ authMinResponseMs: FLOOR_MS });
  staff = await staffLogin(t);
  accountId = (await makeAccount(t, staff, { emailDomains: ["timing.test"] })).id;
  await call(t, "PATCH", "/api/staff/settings/portal", { cookie: staff, body: { signupEnabled: true } });
}, 120_000);
afterAll(() => t.close());

type State = "active" | "unknown" | "disabled" | "locked" | "invited";

async function contactIn(state: Exclude<State, "unknown">) {
  const c = await makeContact(t, staff, [accountId]);
  expect((await call(t, "POST", `/api/staff/contacts/${c.id}/portal-access`, { cookie: staff, body: {} })).status).toBe(200);
  if (state === "invited") return c.email;
  const token = await lastLinkTo(t, c.email, staff);
  expect((await call(t, "POST", "/api/portal/auth/set-password", { body: { token, password: PORTAL_PASSWORD } })).status).toBe(200);
  if (state === "disabled") expect((await call(t, "POST", `/api/staff/contacts/${c.id}/portal-access/disable`, { cookie: staff })).status).toBe(200);
  if (state === "locked") {
    for (let i = 0; i < 5; i++) await post("/api/portal/auth/login", { username: c.email, password: "wrong wrong wrong" });
  }
  return c.email;
}

async function post(url: string, body: unknown) {
  const started = performance.now();
  const r = await t.app.inject({
    method: "POST",
    url,
    remoteAddress: nextIp(),
    headers: { host: "portico.test", "x-portico-csrf": "1", "content-type": "application/json" },
    payload: JSON.stringify(body),
  });
  return { status: r.statusCode, body: r.body, ms: performance.now() - started };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

/** Runs `attempt` for every state in turn, ROUNDS times, and returns each state's median and answers. */
async function measure(states: Record<string, () => Promise<{ status: number; body: string; ms: number }>>) {
  const times: Record<string, number[]> = {};
  const answers: Record<string, Set<string>> = {};
  for (let round = 0; round < ROUNDS; round++) {
    for (const [state, attempt] of Object.entries(states)) {
      const r = await attempt();
      (times[state] ??= []).push(r.ms);
      (answers[state] ??= new Set()).add(`${r.status} ${r.body}`);
    }
  }
  const medians = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)]));
  return { medians, answers };
}

function expectEven(result: Awaited<ReturnType<typeof measure>>) {
  const values = Object.values(result.medians);
  const spread = Math.max(...values) - Math.min(...values);
  expect(Math.min(...values), "every answer waits for the floor").toBeGreaterThanOrEqual(FLOOR_MS - 1);
  expect(spread, `medians ${JSON.stringify(result.medians)}`).toBeLessThan(FLOOR_MS * 0.15);
  const distinct = new Set(Object.values(result.answers).flatMap((s) => [...s]));
  expect(distinct.size, "the same answer for every state").toBe(1);
}

describe("ACC-4 answers take the same time for every account state", () => {
  it("ACC-4 sign-in with a wrong password: active, unknown, disabled, locked and invited accounts", async () => {
    const emails = { active: await contactIn("active"), disabled: await contactIn("disabled"), locked: await contactIn("locked"), invited: await contactIn("invited") };
    // Four tries per account stay under the lockout threshold; fresh accounts keep every state as it is.
    const wrong = (email: string) => () => post("/api/portal/auth/login", { username: email, password: "not the password" });
    const result = await measure({
      active: wrong(emails.active),
      unknown: wrong("nobody.at.all@timing.test"),
      disabled: wrong(emails.disabled),
      locked: wrong(emails.locked),
      invited: wrong(emails.invited),
    });
    expectEven(result);
  }, 120_000);

  it("ACC-4 forgot-password and resend-activation: active, unknown, disabled and invited accounts", async () => {
    const emails = { active: await contactIn("active"), disabled: await contactIn("disabled"), invited: await contactIn("invited") };
    for (const path of ["forgot", "resend-activation"]) {
      const ask = (email: string) => () => post(`/api/portal/auth/${path}`, { email });
      expectEven(await measure({ active: ask(emails.active), unknown: ask("nobody.at.all@timing.test"), disabled: ask(emails.disabled), invited: ask(emails.invited) }));
    }
  }, 120_000);

  it("FIRST-8 staff forgot-password: an active, an unknown and a disabled staff address", async () => {
    const roles = await call(t, "GET", "/api/staff/roles", { cookie: staff });
    const roleId = roles.body.items.find((r: { name: string }) => r.name === "Service desk").id;
    const staffUser = async (email: string) => {
      const made = await call(t, "POST", "/api/staff/users", { cookie: staff, body: { name: "Tim Timer", email, roleId, password: "timing staff passphrase" } });
      expect(made.status).toBe(200);
      return made.body.id as string;
    };
    await staffUser("active.staff@timing.test");
    const disabled = await staffUser("disabled.staff@timing.test");
    expect((await call(t, "PATCH", `/api/staff/users/${disabled}`, { cookie: staff, body: { disabled: true } })).status).toBe(200);
    const ask = (email: string) => () => post("/api/staff/auth/forgot", { email });
    expectEven(await measure({ active: ask("active.staff@timing.test"), unknown: ask("nobody.staff@timing.test"), disabled: ask("disabled.staff@timing.test") }));
  }, 120_000);

  it("ACC-4 sign-up: a known address, a new address on a known domain and a new address elsewhere", async () => {
    const known = await contactIn("active");
    let n = 0;
    const signup = (email: () => string) => () => post("/api/portal/auth/signup", { firstName: "Sam", lastName: "Signer", email: email(), company: "Timing Co" });
    expectEven(
      await measure({
        known: signup(() => known),
        newOnKnownDomain: signup(() => `new${++n}@timing.test`),
        newElsewhere: signup(() => `new${++n}@elsewhere.test`),
      }),
    );
  }, 120_000);
});
