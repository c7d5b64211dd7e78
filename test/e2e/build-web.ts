import { spawnSync } from "node:child_process";

/** The browser tests run against the built web app. */
export default function setup() {
  const r = spawnSync("npx", ["vite", "build", "--logLevel", "error"], { stdio: "inherit" });
  if (r.status !== 0) throw new Error("vite build failed");
}
