/**
 * What Portico does when its input, its database or its neighbours misbehave:
 * bad bytes, disguised paths, caching of pages that carry tokens, an unreachable database,
 * concurrent failed sign-ins, and restoring an archived contact.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/server/app.js";
import { createContainer } from "../../src/server/container.js";
import { openDatabase } from "../../src/server/db/client.js";
import { isDatabaseUnavailable } from "../../src/server/http/plugins/errors.js";
import { call, createTestApp, lastLinkTo, makeAccount, makeContact, PORTAL_PASSWORD, staffLogin, type TestApp } from "../harness.js";

let t: TestApp;
let staff: string;
let accountId: string;
beforeAll(async () => {
  t = await createTestApp();
  staff = await staffLogin(t);
  accountId = (await makeAccount(t, staff)).id;
});
afterAll(() => t.close());

const contactCount = async () =>
  ((await t.c.deps.db.execute(sql`select count(*)::int as n from contacts`)) as unknown as { rows: { n: number }[] }).rows[0].n;

describe("bad input", () => {
  it("a NUL byte in any text field gives 400 naming the field, and nothing is written", async () => {
    const before = await contactCount();
    const r = await call(t, "POST", "/api/staff/contacts", {
      cookie: staff,
      body: { firstName: "Nul\u0000Byte", lastName: "Person", email: "nul@client.test", accountIds: [accountId] },
    });
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ code: "VALIDATION", fields: [{ field: "firstName", message: "must not contain NUL characters" }] });
    expect(await contactCount()).toBe(before);
    const nested = await call(t, "PATCH", "/api/staff/settings/portal", { cookie: staff, body: { portalName: "ok", signupNotifyEmails: ["a\u0000@b.test"] } });
    expect(nested.status).toBe(400);
    expect(nested.body.fields[0].field).toBe("signupNotifyEmails.0");
  });

  it("a NUL byte in a query string or a path parameter gives 400, not 500", async () => {
    const q = await call(t, "GET", "/api/staff/contacts?q=%00abc", { cookie: staff });
    expect(q.status).toBe(400);
    expect(q.body.fields[0].field).toBe("query.q");
    const p = await call(t, "GET", "/api/staff/contacts/%00", { cookie: staff });
    expect(p.status).toBeGreaterThanOrEqual(400);
    expect(p.status).toBeLessThan(500);
    const login = await call(t, "POST", "/api/portal/auth/login", { body: { username: "a\u0000b", password: "x".repeat(12) } });
    expect(login.status).toBe(400);
  });

  it("hooks decide by the routed path: an encoded /%61pi/ path gets the same tenant, CSRF and caching rules as /api/", async () => {
    const plain = await call(t, "POST", "/api/portal/auth/login", { body: { username: "nobody@x.test", password: "wrong password here" } });
    const encoded = await call(t, "POST", "/%61pi/portal/auth/login", { body: { username: "nobody@x.test", password: "wrong password here" } });
    expect(encoded.status).toBe(plain.status);
    expect(encoded.body).toEqual(plain.body);
    expect(encoded.headers["cache-control"]).toBe("no-store");
    const noCsrf = await t.app.inject({ method: "POST", url: "/%61pi/staff/accounts", headers: { host: "portico.test", cookie: staff, "content-type": "application/json" }, payload: "{}" });
    expect(noCsrf.statusCode).toBe(403);
    expect(JSON.parse(noCsrf.body).code).toBe("CSRF");
  });
});

describe("caching", () => {
  let web: Awaited<ReturnType<typeof buildApp>>;
  let root: string;
  beforeAll(async () => {
    root = mkdtempSync(path.join(tmpdir(), "portico-web-"));
    mkdirSync(path.join(root, "assets"));
    writeFileSync(path.join(root, "index.html"), "<!doctype html><title>Portico</title>");
    writeFileSync(path.join(root, "assets", "app-1a2b3c.js"), "console.log(1)");
    web = await buildApp(t.c, { webRoot: root });
  });
  afterAll(async () => {
    await web.close();
    rmSync(root, { recursive: true, force: true });
  });

  it("pages that carry a token and the SPA shell are never cached; hashed assets are", async () => {
    for (const url of ["/portal/set-password?token=abc", "/admin/setup?token=abc", "/portal/", "/admin/", "/index.html"]) {
      const r = await web.inject({ method: "GET", url, headers: { host: "portico.test" } });
      expect(r.statusCode, url).toBe(200);
      expect(r.headers["content-type"], url).toMatch(/text\/html/);
      expect(r.headers["cache-control"], url).toBe("no-store");
    }
    const asset = await web.inject({ method: "GET", url: "/assets/app-1a2b3c.js", headers: { host: "portico.test" } });
    expect(asset.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
  });
});

/** A contact with portal access who has set a password by the emailed link. */
async function contactWithPassword() {
  const c = await makeContact(t, staff, [accountId]);
  expect((await call(t, "POST", `/api/staff/contacts/${c.id}/portal-access`, { cookie: staff, body: {} })).status).toBe(200);
  const token = await lastLinkTo(t, c.email, staff);
  expect((await call(t, "POST", "/api/portal/auth/set-password", { body: { token, password: PORTAL_PASSWORD } })).status).toBe(200);
  return c;
}

/** The same request eight times at once, each from its own client address (so no per-address throttle applies). */
const atOnceFromEightAddresses = (url: string, prefix: string, body: unknown) =>
  Promise.all(Array.from({ length: 8 }, (_, i) => call(t, "POST", url, { body, remoteAddress: `${prefix}.${i + 1}` })));

describe("ACC-13 lockout under concurrency", () => {
  it("ACC-13 failed sign-ins arriving at once are all counted, and the account locks", async () => {
    const c = await contactWithPassword();
    const wrong = await atOnceFromEightAddresses("/api/portal/auth/login", "10.9.0", { username: c.email, password: "not the password at all" });
    expect(wrong.map((r) => r.status)).toEqual(Array(8).fill(401));
    const right = await call(t, "POST", "/api/portal/auth/login", { body: { username: c.email, password: PORTAL_PASSWORD } });
    expect(right.status, "the account is locked").toBe(401);
    const history = await call(t, "GET", `/api/staff/contacts/${c.id}/portal-history`, { cookie: staff });
    const types = (history.body.items as { type: string }[]).map((e) => e.type);
    // Eight wrong passwords, then the right one refused because the account is locked.
    expect(types.filter((x) => x === "login_failed")).toHaveLength(9);
    expect(types.filter((x) => x === "locked")).toHaveLength(1);
  });

  it("ACC-13 staff failed sign-ins arriving at once are all counted, and the staff account locks", async () => {
    const made = await call(t, "POST", "/api/staff/users", {
      cookie: staff,
      body: { name: "Lock Me", email: "lock.me@portico.test", password: "a staff password long enough", roleId: (await call(t, "GET", "/api/staff/roles", { cookie: staff })).body.items[0].id },
    });
    expect(made.status).toBe(200);
    await atOnceFromEightAddresses("/api/staff/auth/login", "10.8.0", { email: "lock.me@portico.test", password: "not the staff password" });
    const right = await call(t, "POST", "/api/staff/auth/login", { body: { email: "lock.me@portico.test", password: "a staff password long enough" } });
    expect(right.status, "the staff account is locked").toBe(401);
  });
});

describe("ACC-6 archive and restore", () => {
  it("ACC-6 restoring an archived contact does not restore portal access: it comes back not enabled and needs a new grant", async () => {
    const c = await contactWithPassword();
    expect((await call(t, "POST", `/api/staff/contacts/${c.id}/archive`, { cookie: staff })).status).toBe(200);
    const restored = await call(t, "POST", `/api/staff/contacts/${c.id}/restore`, { cookie: staff });
    expect(restored.status).toBe(200);
    expect(restored.body.portal).toMatchObject({ status: "not_enabled", username: null });
    const login = await call(t, "POST", "/api/portal/auth/login", { body: { username: c.email, password: PORTAL_PASSWORD } });
    expect(login.status).toBe(401);
    const regrant = await call(t, "POST", `/api/staff/contacts/${c.id}/portal-access`, { cookie: staff, body: {} });
    expect(regrant.status).toBe(200);
    expect(regrant.body.portal.status).toBe("invited");
  });
});

describe("PLT-4 database unavailable", () => {
  it("PLT-4 connection failures are recognised as the database being unavailable, other errors are not", () => {
    expect(isDatabaseUnavailable(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" }))).toBe(true);
    expect(isDatabaseUnavailable(new Error("Connection terminated unexpectedly"))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" }))).toBe(true);
    expect(isDatabaseUnavailable({ cause: Object.assign(new Error("x"), { code: "08006" }) })).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error("duplicate key"), { code: "23505" }))).toBe(false);
    expect(isDatabaseUnavailable(new Error("boom"))).toBe(false);
  });

  describe.runIf(Boolean(process.env.DATABASE_URL))("with a PostgreSQL server behind a proxy that can be cut", () => {
    let proxy: net.Server;
    let port: number;
    const sockets = new Set<net.Socket>();
    let app: TestApp;

    async function openProxy() {
      proxy = net.createServer((client) => {
        const upstream = net.connect(5432, "127.0.0.1");
        sockets.add(client).add(upstream);
        client.pipe(upstream).pipe(client);
        const end = () => {
          client.destroy();
          upstream.destroy();
        };
        client.on("error", end).on("close", end);
        upstream.on("error", end).on("close", end);
      });
      await new Promise<void>((r) => proxy.listen(port, "127.0.0.1", () => r()));
      port = (proxy.address() as net.AddressInfo).port;
    }
    async function cutProxy() {
      await new Promise<void>((r) => {
        proxy.close(() => r());
        for (const s of sockets) s.destroy();
        sockets.clear();
      });
    }

    beforeAll(async () => {
      port = 0;
      await openProxy();
      const r = (await t.c.deps.db.execute(sql`select current_database() as name`)) as unknown as { rows: { name: string }[] };
      const u = new URL(process.env.DATABASE_URL!);
      u.port = String(port);
      u.pathname = `/${r.rows[0].name}`;
      // A second instance of Portico on the same database, reaching it only through the proxy.
      const c = await createContainer(t.c.deps.config, { database: await openDatabase({ databaseUrl: u.toString(), poolSize: 3 }), clock: t.clock.read });
      app = { ...t, c, app: await buildApp(c, { serveWeb: false }) };
    });
    afterAll(async () => {
      await app.app.close().catch(() => {});
      await app.c.close().catch(() => {});
      await cutProxy().catch(() => {});
    });

    it("PLT-4 while the database is gone the API answers 503 with Retry-After, and recovers by itself when it is back", async () => {
      const s = await staffLogin(app);
      expect((await call(app, "GET", "/api/staff/accounts", { cookie: s })).status).toBe(200);
      await cutProxy();
      for (const [method, url] of [["GET", "/api/staff/accounts"], ["POST", "/api/portal/auth/login"], ["GET", "/api/portal/info"]] as const) {
        const r = await call(app, method, url, { cookie: s, body: method === "POST" ? { username: "a@b.test", password: "some password 123" } : undefined });
        expect(r.status, `${method} ${url}`).toBe(503);
        expect(r.headers["retry-after"]).toBe("5");
        expect(r.body.code).toBe("UNAVAILABLE");
      }
      const health = await call(app, "GET", "/api/health");
      expect(health.status).toBe(503);
      await openProxy();
      expect((await call(app, "GET", "/api/staff/accounts", { cookie: s })).status).toBe(200);
    });
  });
});
