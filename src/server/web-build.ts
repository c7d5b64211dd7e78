/** The built SPA (dist/web) kept up to date with its sources, for `npm start` and the benchmark. */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { webRoot } from "./app.js";

const srcWeb = path.resolve(webRoot, "../../src/web");

/** Builds the SPA when dist/web is missing or older than its sources. */
export function buildWebIfNeeded() {
  const built = path.join(webRoot, "index.html");
  const newest = (dir: string): number =>
    readdirSync(dir, { withFileTypes: true }).reduce((m, e) => {
      const p = path.join(dir, e.name);
      return Math.max(m, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
    }, 0);
  if (existsSync(built) && (!existsSync(srcWeb) || statSync(built).mtimeMs >= newest(srcWeb))) return;
  if (!existsSync(path.join(srcWeb, "index.html"))) return;
  console.log("Building the web app (first start only)…");
  const r = spawnSync("npx", ["vite", "build", "--logLevel", "warn"], { stdio: "inherit", cwd: path.resolve(srcWeb, "../..") });
  if (r.status !== 0) throw new Error("building the web app failed");
}

