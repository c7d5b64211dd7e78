// Mutation testing of the access policy against its own unit tests (fast: about a minute).
// Run with `npm run test:mutation:policy`; StrykerJS needs Node >= 22, the script brings Node 24.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: "vitest",
  // Only the policy unit tests (see vitest.policy.config.mjs); no `testFiles`, which breaks static mutants.
  vitest: { configFile: "vitest.policy.config.mjs", pool: "forks" },
  mutate: ["src/server/policy/**/*.ts"],
  coverageAnalysis: "perTest",
  concurrency: 2,
  reporters: ["clear-text", "progress-append-only", "html", "json"],
  htmlReporter: { fileName: "reports/mutation/policy.html" },
  jsonReporter: { fileName: "reports/mutation/policy.json" },
  clearTextReporter: { allowEmojis: false, logTests: false, reportMutants: true },
  tempDirName: ".stryker-tmp",
  thresholds: { high: 95, low: 90, break: 90 },
};
