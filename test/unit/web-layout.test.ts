/**
 * The web app's pages depend on src/web/api/, never on the app shell that routes to them (no import circles),
 * and write only through the typed API functions there.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const web = path.resolve(import.meta.dirname, "../../src/web");

describe("web app layout", () => {
  for (const [folder, shell] of [["admin", "admin-app"], ["portal", "portal-app"]] as const) {
    it(`no ${folder} page imports ${shell}.tsx, which imports every page`, () => {
      const pages = readdirSync(path.join(web, folder)).filter((f) => f.endsWith(".tsx") && f !== `${shell}.tsx`);
      expect(pages.length).toBeGreaterThan(2);
      const circular = pages.filter((f) => new RegExp(`from "\\./${shell}"`).test(readFileSync(path.join(web, folder, f), "utf8")));
      expect(circular).toEqual([]);
    });
  }
});

describe("web app writes", () => {
  // src/web/api/<resource>.ts wraps each write in a function taking the body type the server validates (src/shared).
  const untypedWrites = new Set(["api", "post", "patch", "put", "del"]);
  it("no page or component sends a request body through the bare client (post, patch, put, del)", () => {
    const files = ["admin", "portal", "components"].flatMap((folder) => readdirSync(path.join(web, folder)).filter((f) => /\.tsx?$/.test(f)).map((f) => path.join(folder, f)));
    files.push("main.tsx");
    expect(files.length).toBeGreaterThan(10);
    const offenders = files.flatMap((f) => {
      const source = readFileSync(path.join(web, f), "utf8");
      const imported = [...source.matchAll(/import\s*\{([^}]*)\}\s*from\s*"[./]*\/api\/client"/g)].flatMap((m) => m[1].split(",").map((n) => n.trim().replace(/^type\s+/, "").split(/\s+as\s+/)[0]));
      return imported.filter((n) => untypedWrites.has(n)).map((n) => `${f}: ${n}`);
    });
    expect(offenders).toEqual([]);
  });
});
