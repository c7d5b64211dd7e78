// The API test files of one area of `npm run test:mutation:services` (see stryker.services.config.mjs,
// which sets MUTATION_TESTS), with the timeouts of vitest.config.ts.
import { defineConfig } from "vitest/config";

const files = process.env.MUTATION_TESTS?.split(",").filter(Boolean);
if (!files?.length) throw new Error("MUTATION_TESTS is not set; run this through npm run test:mutation:services");

export default defineConfig({
  test: { include: files, pool: "forks", testTimeout: 30_000, hookTimeout: 60_000 },
});
