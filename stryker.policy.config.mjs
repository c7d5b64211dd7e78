// Mutation testing of the access policy against its own unit tests (fast: about a minute).
// Run with `npm run test:mutation:policy`; StrykerJS needs Node >= 22, the script brings Node 24.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: "vitest",
  vitest: { configFile: "vitest.config.ts", pool: "forks" },
  mutate: ["src/server/policy/**/*.ts"],
  testFiles: ["test/unit/policy*.test.ts"],
  coverageAnalysis: "perTest",
  concurrency: 2,
  reporters: ["clear-text", "progress-append-only", "html", "json"],
  htmlReporter: { fileName: "reports/mutation/policy.html" },
  jsonReporter: { fileName: "reports/mutation/policy.json" },
  clearTextReporter: { allowEmojis: false, logTests: false, reportMutants: true },
  tempDirName: ".stryker-tmp",
  thresholds: { high: 95, low: 90, break: 90 },
};
