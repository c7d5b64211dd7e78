// The policy module's own unit tests, for `npm run test:mutation:policy`. StrykerJS's `testFiles`
// option would select them too, but it then activates static mutants (module-level code) only after
// the module is loaded and reports them as survivors; limiting the test files here avoids that.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: { include: ["test/unit/policy*.test.ts"], pool: "forks" },
});
