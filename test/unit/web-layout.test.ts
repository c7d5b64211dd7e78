/** The web app's pages depend on src/web/api/, never on the app shell that routes to them (no import circles). */
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
