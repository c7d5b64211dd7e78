/** Properties every route must have: declared policy, 401 for strangers, 4xx for bad input, same 404 for foreign and missing. */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { activeContact, addTenant, call, createTestApp, makeAccount, makeContact, staffLogin, type TestApp } from "../harness.js";

/** Every route each Fastify instance of this file registers, as Fastify itself saw it (not as the document says). */
interface RegisteredRoute {
  method: string;
  url: string;
  schema?: { hide?: boolean; body?: unknown; querystring?: unknown; params?: unknown; response?: Record<string, unknown> };
}
const registered = vi.hoisted(() => new WeakMap<object, RegisteredRoute[]>());
vi.mock("fastify", async (importOriginal) => {
  const mod = await importOriginal<typeof import("fastify")>();
  const create = (opts?: object) => {
    const app = mod.default(opts);
    const routes: RegisteredRoute[] = [];
    registered.set(app, routes);
    app.addHook("onRoute", (r) => {
      for (const method of [r.method].flat()) routes.push({ method, url: r.url, schema: r.schema as RegisteredRoute["schema"] });
    });
    return app;
  };
  return { ...mod, default: Object.assign(create, mod.default) };
});

let t: TestApp;
let staff: string;
let contactCookie: string;
let routes: { method: string; url: string; operationId: string; hasBody: boolean }[];
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let doc: any;
const publicOps = new Set([
  "getHealth", "getSetupStatus", "createFirstAdministrator", "staffLogin", "getPortalInfo", "portalLogin", "portalLogout",
  "forgotPassword", "resendActivationSelf", "getLinkInfo", "setPasswordFromLink", "confirmEmailChange", "portalSignup",
  "staffForgotPassword", "getStaffLinkInfo", "resetStaffPassword",
]);
const missingId = "00000000-0000-4000-8000-000000000000";

beforeAll(async () => {
  t = await createTestApp();
  staff = await staffLogin(t);
  const a = await makeAccount(t, staff);
  contactCookie = (await activeContact(t, staff, [a.id])).cookie;
  doc = (await call(t, "GET", "/api/openapi.json")).body;
  routes = Object.entries(doc.paths as Record<string, Record<string, { operationId: string; requestBody?: unknown }>>).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({
      method: method.toUpperCase(),
      url: path.replace(/\{\w+\}/g, path.includes("/emails/") ? "999999" : missingId),
      operationId: op.operationId,
      hasBody: op.requestBody !== undefined,
    })),
  );
});
afterAll(() => t.close());

/** The keys of a zod object schema (undefined for other schemas). */
const shapeKeys = (schema: unknown) => {
  const shape = (schema as { shape?: Record<string, unknown> } | undefined)?.shape;
  return shape ? Object.keys(shape).sort() : undefined;
};
const hasSchema = (content: Record<string, { schema?: object }> | undefined) =>
  !!content && Object.values(content).length > 0 && Object.values(content).every((c) => !!c.schema && Object.keys(c.schema).length > 0);

describe("route inventory", () => {
  it("PLT-2 the OpenAPI document lists every route with an operationId, its request schemas (body, query, path) and a response schema", async () => {
    const all = registered.get(t.app)!.filter((r) => r.url.startsWith("/api/") && !r.url.startsWith("/api/docs") && r.method !== "HEAD");
    // Hidden from the document: only the document itself.
    expect(all.filter((r) => r.schema?.hide).map((r) => r.url)).toEqual(["/api/openapi.json"]);
    const api = all.filter((r) => !r.schema?.hide);
    expect(api.length).toBeGreaterThan(40);
    const documented = Object.values(doc.paths as Record<string, object>).reduce((n: number, ops) => n + Object.keys(ops).length, 0);
    expect(documented).toBe(api.length);

    const operationIds = new Set<string>();
    let bodies = 0;
    let queries = 0;
    let pathParams = 0;
    for (const r of api) {
      const where = `${r.method} ${r.url}`;
      const op = doc.paths[r.url.replace(/:(\w+)/g, "{$1}")]?.[r.method.toLowerCase()];
      expect(op, `${where} is not in the document`).toBeTruthy();
      expect(op.operationId, where).toBeTruthy();
      operationIds.add(op.operationId);

      // A response schema for the success answer, registered and documented.
      const success = Object.keys(r.schema?.response ?? {}).filter((code) => /^2\d\d$/.test(code));
      expect(success.length, `${where} declares no success response schema`).toBeGreaterThan(0);
      for (const code of success) expect(hasSchema(op.responses?.[code]?.content), `${where} documents no schema for ${code}`).toBe(true);

      // The body schema the route validates with is the one documented.
      const params = (op.parameters ?? []) as { in: string; name: string; schema?: object }[];
      if (r.schema?.body) {
        bodies++;
        expect(hasSchema(op.requestBody?.content), `${where} documents no request body schema`).toBe(true);
        const keys = shapeKeys(r.schema.body);
        if (keys) expect(Object.keys(op.requestBody.content["application/json"].schema.properties ?? {}).sort(), `${where} body`).toEqual(keys);
      } else {
        expect(op.requestBody, `${where} documents a body it does not validate`).toBeUndefined();
      }
      const query = params.filter((p) => p.in === "query");
      if (r.schema?.querystring) {
        queries++;
        expect(query.map((p) => p.name).sort(), `${where} query`).toEqual(shapeKeys(r.schema.querystring));
        for (const p of query) expect(p.schema, `${where} query ${p.name}`).toBeTruthy();
      } else {
        expect(query, `${where} documents a query it does not validate`).toEqual([]);
      }
      // Every path parameter is validated and documented.
      const names = [...r.url.matchAll(/:(\w+)/g)].map((m) => m[1]).sort();
      if (names.length) {
        pathParams++;
        expect(shapeKeys(r.schema?.params), `${where} validates no path parameters`).toEqual(names);
      }
      const inPath = params.filter((p) => p.in === "path");
      expect(inPath.map((p) => p.name).sort(), `${where} path`).toEqual(names);
      for (const p of inPath) expect(p.schema, `${where} path ${p.name}`).toBeTruthy();
    }
    expect(operationIds.size).toBe(api.length);
    expect(bodies).toBeGreaterThan(20);
    expect(queries).toBeGreaterThan(3);
    expect(pathParams).toBeGreaterThan(20);
    const docs = await t.app.inject({ method: "GET", url: "/api/docs/", headers: { host: "portico.test" } });
    expect(docs.statusCode).toBe(200);
  });

  it("a route without a declared policy cannot be registered", async () => {
    const { buildApp } = await import("../../src/server/app.js");
    const app = await buildApp(t.c, { serveWeb: false });
    try {
      expect(() => app.get("/api/staff/unguarded", async () => ({}))).toThrow(/declares no policy/);
      expect(() => app.get("/api/staff/bad-action", { config: { policy: { principal: "staff", action: "no.such.action" as never } } }, async () => ({}))).toThrow(/declares no policy/);
    } finally {
      await app.close();
    }
  });
});

describe("a route's declared action is the one the policy decides", () => {
  it("PLT-2 a route that answers without its declared action being granted fails closed; granting it lets the answer through", async () => {
    const { buildApp } = await import("../../src/server/app.js");
    const { authorize } = await import("../../src/server/policy/policy.js");
    const app = await buildApp(t.c, { serveWeb: false });
    const declared = { config: { policy: { principal: "staff" as const, action: "account.read" as const } } };
    app.get("/api/staff/drifted", declared, async (req) => {
      authorize(req.actor, "contact.read");
      return { secret: "answered" };
    });
    app.get("/api/staff/undecided", declared, async () => ({ secret: "answered" }));
    app.get("/api/staff/decided", declared, async (req) => {
      authorize(req.actor, "account.read");
      return { secret: "answered" };
    });
    try {
      const cookie = await staffLogin(t);
      for (const url of ["/api/staff/drifted", "/api/staff/undecided"]) {
        const r = await app.inject({ method: "GET", url, headers: { host: "portico.test", cookie } });
        expect(r.statusCode, url).toBe(500);
        expect(r.body, url).not.toContain("answered");
      }
      const ok = await app.inject({ method: "GET", url: "/api/staff/decided", headers: { host: "portico.test", cookie } });
      expect(ok.statusCode).toBe(200);
      expect(ok.json()).toEqual({ secret: "answered" });
    } finally {
      await app.close();
    }
  });
});

describe("authentication on every route", () => {
  it("anonymous callers get 401 on every non-public route", async () => {
    const guarded = routes.filter((r) => !publicOps.has(r.operationId));
    expect(guarded.length).toBeGreaterThan(40);
    for (const r of guarded) {
      const res = await call(t, r.method, r.url, r.hasBody ? { body: {} } : {});
      expect(res.status, `${r.method} ${r.url}`).toBe(401);
    }
  });

  it("a staff cookie is refused on the portal API and a portal cookie on the staff API", async () => {
    const guarded = routes.filter((r) => !publicOps.has(r.operationId));
    expect(guarded.filter((r) => r.url.startsWith("/api/portal/")).length).toBeGreaterThan(10);
    expect(guarded.filter((r) => r.url.startsWith("/api/staff/")).length).toBeGreaterThan(30);
    for (const r of guarded) {
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
    const writes = routes.filter((r) => r.method !== "GET");
    expect(writes.length).toBeGreaterThan(30);
    for (const r of writes) {
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
    await t.c.services.staff.createFirstAdmin(other.id, { name: "Other Admin", email: "admin@other.test", password: "other tenant passphrase" });
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

  // Every repository's tenant guard: test/api/tenancy-repositories.test.ts.
});
