/**
 * The portal's HTML carries the tenant's public portal facts as JSON (the SPA's first screen needs no request
 * for them): for the request's tenant, escaped so that no portal name can end the script element, never cached.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/server/app.js";
import { updateSettings } from "../../src/server/modules/tenants/tenants.repo.js";
import { addTenant, call, createTestApp, staffLogin, type TestApp } from "../harness.js";

let t: TestApp;
let web: Awaited<ReturnType<typeof buildApp>>;
let root: string;
// Like the built index.html: the module script in the head.
const indexHtml = `<!doctype html>
<html lang="en">
  <head>
    <title>Portico</title>
    <script type="module" crossorigin src="/assets/index-1a2b3c.js"></script>
  </head>
  <body><div id="root"></div></body>
</html>`;
const HOSTILE = `Acme </script><script>alert(1)</script><!-- & $& $' "Co"`;
const OTHER = "other.test";

beforeAll(async () => {
  t = await createTestApp();
  root = mkdtempSync(path.join(tmpdir(), "portico-web-"));
  mkdirSync(path.join(root, "assets"));
  writeFileSync(path.join(root, "index.html"), indexHtml);
  web = await buildApp(t.c, { webRoot: root });
  const staff = await staffLogin(t);
  expect((await call(t, "PATCH", "/api/staff/settings/portal", { cookie: staff, body: { portalName: HOSTILE } })).status).toBe(200);
  const other = await addTenant(t, OTHER);
  await updateSettings(t.c.deps.db, other.id, { portalName: "Other Portal", signupEnabled: true });
});
afterAll(async () => {
  await web?.close();
  rmSync(root, { recursive: true, force: true });
  await t.close();
});

const page = (url: string, host = "portico.test") => web.inject({ method: "GET", url, headers: { host } });
const BOOT = /<script type="application\/json" id="portico-boot">([^]*?)<\/script>/;

describe("the portal's HTML carries its public facts", () => {
  it("the tickets page's HTML has the tenant's portal info as JSON, the same as GET /api/portal/info, with < > & escaped", async () => {
    const r = await page("/portal/tickets");
    expect(r.statusCode).toBe(200);
    expect(r.headers["content-type"]).toMatch(/^text\/html/);
    const m = BOOT.exec(r.body);
    expect(m, "the boot element").not.toBeNull();
    const json = m![1];
    expect(json).not.toMatch(/[<>&]/);
    expect(json).toContain("\\u003c/script\\u003e");
    const info = await call(t, "GET", "/api/portal/info");
    expect(JSON.parse(json)).toEqual({ portalInfo: info.body });
    expect(info.body.portalName).toBe(HOSTILE);
    // The name's own </script> and <!-- never reach the page: one more script element than the file has, no comment.
    expect(r.body.split("</script>")).toHaveLength(indexHtml.split("</script>").length + 1);
    expect(r.body).not.toContain("<!--");
    expect(r.body).not.toContain("alert(1)</script>");
    // The rest of the page is the file as built; the element sits in the head, before the app's script runs.
    expect(r.body.replace(m![0], "")).toBe(indexHtml);
    expect(r.body.indexOf(m![0])).toBeLessThan(r.body.indexOf("</head>"));
  });

  it("each tenant's page carries that tenant's facts", async () => {
    const r = await page("/portal/login", OTHER);
    const boot = JSON.parse(BOOT.exec(r.body)![1]);
    expect(boot.portalInfo).toMatchObject({ portalName: "Other Portal", signupEnabled: true });
    expect(boot.portalInfo).toEqual((await call(t, "GET", "/api/portal/info", { host: OTHER })).body);
    expect(r.body).not.toContain("Acme");
  });

  it("every portal page has it, and is never cached; the CSP is the usual one (a JSON block is not a script to run)", async () => {
    for (const url of ["/portal", "/portal/", "/portal/tickets?open=all", "/portal/set-password?token=abc"]) {
      const r = await page(url);
      expect(r.statusCode, url).toBe(200);
      expect(BOOT.test(r.body), url).toBe(true);
      expect(r.headers["cache-control"], url).toBe("no-store");
      expect(r.headers["content-security-policy"], url).toContain("script-src 'self';");
    }
  });

  it("the staff console's HTML carries nothing of the portal", async () => {
    const r = await page("/admin/");
    expect(r.statusCode).toBe(200);
    expect(r.body).toBe(indexHtml);
  });
});
