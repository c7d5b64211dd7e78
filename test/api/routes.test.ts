/** Properties every route must have: declared policy, 401 for strangers, 4xx for bad input, same 404 for foreign and missing. */
import Fastify from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { activeContact, addTenant, call, createTestApp, makeAccount, makeContact, staffLogin, type TestApp } from "../harness.js";

let t: TestApp;
let staff: string;
let contactCookie: string;
let routes: { method: string; url: string; operationId: string; hasBody: boolean }[];
const publicOps = new Set([
  "getHealth", "getSetupStatus", "createFirstAdministrator", "staffLogin", "getPortalInfo", "portalLogin", "portalLogout",
  "forgotPassword", "resendActivationSelf", "getLinkInfo", "setPasswordFromLink", "portalSignup",
]);
const missingId = "00000000-0000-4000-8000-000000000000";

beforeAll(async () => {
  t = await createTestApp();
  staff = await staffLogin(t);
  const a = await makeAccount(t, staff);
  contactCookie = (await activeContact(t, staff, [a.id])).cookie;
  const doc = (await call(t, "GET", "/api/openapi.json")).body;
  routes = Object.entries(doc.paths as Record<string, Record<string, { operationId: string; requestBody?: unknown }>>).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({
      method: method.toUpperCase(),
      url: path.replace(/\{id\}/g, path.includes("/emails/") ? "999999" : missingId),
      operationId: op.operationId,
      hasBody: op.requestBody !== undefined,
    })),
  );
});
afterAll(() => t.close());

describe("route inventory", () => {
  it("PLT-2 the OpenAPI document lists every route with an operationId and request/response schemas", async () => {
    expect(routes.length).toBeGreaterThan(40);
    for (const r of routes) expect(r.operationId, `${r.method} ${r.url}`).toBeTruthy();
    expect(new Set(routes.map((r) => r.operationId)).size).toBe(routes.length);
    const docs = await t.app.inject({ method: "GET", url: "/api/docs/", headers: { host: "portico.test" } });
    expect(docs.statusCode).toBe(200);
  });

  it("a route without a declared policy cannot be registered", async () => {
    const { buildApp } = await import("../../src/server/app.js");
    const app = await buildApp(t.c.deps, { serveWeb: false });
    expect(() => app.get("/api/staff/unguarded", async () => ({}))).toThrow(/declares no policy/);
    await app.close();
    expect(Fastify).toBeDefined();
  });
});

describe("authentication on every route", () => {
  it("anonymous callers get 401 on every non-public route", async () => {
    for (const r of routes.filter((r) => !publicOps.has(r.operationId))) {
      const res = await call(t, r.method, r.url, r.hasBody ? { body: {} } : {});
      expect(res.status, `${r.method} ${r.url}`).toBe(401);
    }
  });

  it("a staff cookie is refused on the portal API and a portal cookie on the staff API", async () => {
    for (const r of routes.filter((r) => !publicOps.has(r.operationId))) {
      const cookie = r.url.startsWith("/api/portal/") ? staff : contactCookie;
      const res = await call(t, r.method, r.url, { cookie, ...(r.hasBody ? { body: {} } : {}) });
      expect(res.status, `${r.method} ${r.url}`).toBe(401);
    }
  });
});

describe("bad input never gives a 5xx", () => {
  const bodies: [string, unknown, string?][] = [
    ["unknown field", { unexpected: 1 }],
    ["wrong types", { name: 5, email: [], firstName: {}, username: true, password: 7, accountIds: "x", contactIds: 3, token: 1 }],
    ["overlong strings", { name: "x".repeat(10_000), firstName: "x".repeat(10_000), lastName: "y".repeat(10_000), email: `${"a".repeat(300)}@x.test`, username: "u".repeat(500), password: "p".repeat(500), token: "t".repeat(500), accountIds: [missingId] }],
  ];
  it("every route answers 4xx with a message for unknown fields, wrong types, overlong strings, malformed JSON and 10 MB bodies", async () => {
    for (const r of routes.filter((r) => r.method !== "GET")) {
      for (const cookie of [staff, contactCookie]) {
        for (const [label, body] of bodies) {
          const res = await call(t, r.method, r.url, { cookie, body });
          expect(res.status, `${label} ${r.method} ${r.url}`).toBeGreaterThanOrEqual(400);
          expect(res.status, `${label} ${r.method} ${r.url}`).toBeLessThan(500);
          expect(typeof res.body.message).toBe("string");
        }
        const malformed = await call(t, r.method, r.url, { cookie, rawBody: '{"name": ' });
        expect(malformed.status, `malformed ${r.method} ${r.url}`).toBeGreaterThanOrEqual(400);
        expect(malformed.status).toBeLessThan(500);
      }
    }
    const huge = await call(t, "POST", "/api/staff/accounts", { cookie: staff, rawBody: JSON.stringify({ name: "x".repeat(10 * 1024 * 1024) }) });
    expect(huge.status).toBe(413);
    const list = await call(t, "GET", "/api/staff/accounts?status=all&pageSize=100", { cookie: staff });
    expect(list.body.items.every((a: { name: string }) => a.name.length < 300)).toBe(true);
  });

  it("a validation error names the field", async () => {
    const r = await call(t, "POST", "/api/staff/contacts", { cookie: staff, body: { firstName: "", lastName: "x".repeat(101), accountIds: [] } });
    expect(r.status).toBe(400);
    const fields = r.body.fields.map((f: { field: string }) => f.field);
    expect(fields).toEqual(expect.arrayContaining(["firstName", "lastName", "accountIds"]));
    const unknown = await call(t, "POST", "/api/staff/accounts", { cookie: staff, body: { name: "X", tenantId: missingId } });
    expect(unknown.body.fields[0].field).toContain("tenantId");
    const q = await call(t, "GET", "/api/staff/contacts?pageSize=1000", { cookie: staff });
    expect(q.status).toBe(400);
    expect(q.body.fields[0].field).toBe("querystring.pageSize");
  });

  it("nothing is written when part of a request is refused", async () => {
    const before = (await call(t, "GET", "/api/staff/contacts?status=all", { cookie: staff })).body.total;
    const a = await makeAccount(t, staff);
    const r = await call(t, "POST", "/api/staff/contacts", { cookie: staff, body: { firstName: "A", lastName: "B", accountIds: [a.id, missingId] } });
    expect(r.status).toBe(400);
    expect((await call(t, "GET", "/api/staff/contacts?status=all", { cookie: staff })).body.total).toBe(before);
  });
});

describe("CSRF and headers", () => {
  it("a state-changing request without the CSRF header or from another origin is refused", async () => {
    const noHeader = await t.app.inject({ method: "POST", url: "/api/staff/accounts", headers: { host: "portico.test", cookie: staff, "content-type": "application/json", "x-portico-csrf": "" }, payload: JSON.stringify({ name: "CSRF" }) });
    expect(noHeader.statusCode).toBe(403);
    const crossSite = await call(t, "POST", "/api/staff/accounts", { cookie: staff, body: { name: "CSRF" }, headers: { origin: "https://evil.test", "sec-fetch-site": "cross-site" } });
    expect(crossSite.status).toBe(403);
    const list = await call(t, "GET", "/api/staff/accounts?q=CSRF", { cookie: staff });
    expect(list.body.total).toBe(0);
  });

  it("security headers are on every response, errors included", async () => {
    for (const [method, url] of [["GET", "/api/health"], ["GET", "/api/staff/me"], ["GET", "/api/nope"], ["POST", "/api/staff/accounts"]]) {
      const r = await call(t, method, url, { rawBody: method === "POST" ? "{bad" : undefined });
      expect(r.headers["content-security-policy"]).toMatch(/object-src 'none'; base-uri 'none'; frame-ancestors 'none'/);
      expect(r.headers["x-content-type-options"]).toBe("nosniff");
      expect(r.headers["referrer-policy"]).toBe("no-referrer");
    }
  });

  it("session cookies are HttpOnly and SameSite=Lax", async () => {
    const r = await call(t, "POST", "/api/staff/auth/login", { body: { email: "admin@example.com", password: "correct horse battery staple" } });
    const set = String(r.headers["set-cookie"]);
    expect(set).toMatch(/HttpOnly/);
    expect(set).toMatch(/SameSite=Lax/);
  });
});

describe("PLT-1 tenants never see each other's rows", () => {
  it("PLT-1 staff of one tenant get the same 404 for another tenant's ids as for missing ids, and lists hold only their own", async () => {
    const other = await addTenant(t, "other.test");
    const { createFirstAdmin } = await import("../../src/server/modules/staff/staff.service.js");
    await createFirstAdmin(t.c.deps, other.id, { name: "Other Admin", email: "admin@other.test", password: "other tenant passphrase" });
    const otherStaff = await staffLogin(t, { email: "admin@other.test", password: "other tenant passphrase" }, "other.test");
    const theirAccount = await makeAccount(t, otherStaff, { name: "Theirs" }, "other.test");
    const theirContact = await makeContact(t, otherStaff, [theirAccount.id], {}, "other.test");

    const foreign = await call(t, "GET", `/api/staff/contacts/${theirContact.id}`, { cookie: staff });
    const missing = await call(t, "GET", `/api/staff/contacts/${missingId}`, { cookie: staff });
    expect(foreign.status).toBe(404);
    expect(foreign.body).toEqual(missing.body);
    expect((await call(t, "GET", `/api/staff/accounts/${theirAccount.id}`, { cookie: staff })).status).toBe(404);
    expect((await call(t, "POST", `/api/staff/contacts/${theirContact.id}/portal-access`, { cookie: staff, body: {} })).status).toBe(404);
    const mine = await call(t, "GET", "/api/staff/accounts?status=all&pageSize=100", { cookie: staff });
    expect(mine.body.items.map((a: { id: string }) => a.id)).not.toContain(theirAccount.id);
    const contacts = await call(t, "GET", "/api/staff/contacts?status=all&pageSize=100", { cookie: staff });
    expect(JSON.stringify(contacts.body)).not.toContain(theirContact.id);
    // A foreign account id in a request body is refused and nothing is written.
    const swap = await call(t, "POST", "/api/staff/contacts", { cookie: staff, body: { firstName: "X", lastName: "Y", accountIds: [theirAccount.id] } });
    expect(swap.status).toBe(400);
    // The other tenant's cookie does not work on this tenant's host.
    expect((await call(t, "GET", "/api/staff/me", { cookie: otherStaff })).status).toBe(401);
  });

  it("PLT-1 a repository refuses to run without a tenant id", async () => {
    const { listAccounts } = await import("../../src/server/modules/accounts/accounts.repo.js");
    await expect(listAccounts(t.c.deps.db, undefined as unknown as string, { status: "all", page: 1, pageSize: 5 })).rejects.toThrow(/tenant id is required/);
  });
});
