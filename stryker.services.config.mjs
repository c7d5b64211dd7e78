// Mutation testing of the services' access and notification code against the API tests (slow:
// about half an hour on two cores). Run with `npm run test:mutation:services`.
//
// `vitest.pool: "forks"` is required: the vitest runner of StrykerJS defaults to worker threads,
// ignoring the project's `pool: "forks"`. src/server/lib/passwords.ts starts an argon2 hash when it is
// imported; a worker thread torn down while that native call is in flight (a mutant run selects a
// few tests, so a file can finish within milliseconds) aborts the whole test-runner process with
// "terminate called after throwing an instance of 'Napi::Error'". A forked process just exits.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: "vitest",
  vitest: { configFile: "vitest.config.ts", pool: "forks" },
  mutate: [
    // TKT-5: who hears about portal tickets and notes, and staff replies.
    "src/server/modules/tickets/ticket-notifications.ts",
    // TKT-1..TKT-3, ROL-2, ROL-4, JOB-1: the resources handed to the policy and every portal ticket path.
    "src/server/modules/tickets/tickets.service.ts:28-68",
    "src/server/modules/tickets/tickets.service.ts:129-220",
    // TKT-5: a public staff note notifies the ticket's contact.
    "src/server/modules/tickets/tickets.service.ts:300-310",
    // TKT-3/TKT-4: public notes and files only, time-entry visibility, what the contact may do.
    "src/server/modules/tickets/tickets.presenter.ts:45-74",
    // TKT-1, ROL-4: the portal ticket list's scope in SQL.
    "src/server/modules/tickets/tickets.repo.ts:104-116",
    // ACC-1..ACC-11: staff decisions on a contact's portal access (guards, ending access, sign-up, batch).
    "src/server/modules/portal-access/portal-access.service.ts:18-45",
    "src/server/modules/portal-access/portal-access.service.ts:92-95",
    "src/server/modules/portal-access/portal-access.service.ts:101-105",
    "src/server/modules/portal-access/portal-access.service.ts:121-124",
    "src/server/modules/portal-access/portal-access.service.ts:145-158",
    "src/server/modules/portal-access/portal-access.service.ts:174-186",
    "src/server/modules/portal-access/portal-access.service.ts:197-199",
    "src/server/modules/portal-access/portal-access.service.ts:215-237",
    // ACC-6: editing and archiving a contact (archived ones are read-only; archiving ends access).
    "src/server/modules/contacts/contacts.service.ts:53-63",
    "src/server/modules/contacts/contacts.service.ts:78-91",
    // ROL-6: colleagues of the account in view, and whether the portal offers it.
    "src/server/modules/profile/profile.service.ts:52-52",
    "src/server/modules/profile/profile.service.ts:150-165",
  ],
  // Every test of vitest.config.ts (unit and API) that imports a mutated file. No `testFiles`: with it,
  // StrykerJS activates static mutants (module-level code) too late and reports them as survivors.
  coverageAnalysis: "perTest",
  // Two cores: two test runners, each running one test file at a time.
  concurrency: 2,
  timeoutMS: 20_000,
  timeoutFactor: 2,
  dryRunTimeoutMinutes: 20,
  reporters: ["clear-text", "progress-append-only", "html", "json"],
  htmlReporter: { fileName: "reports/mutation/services.html" },
  jsonReporter: { fileName: "reports/mutation/services.json" },
  clearTextReporter: { allowEmojis: false, logTests: false, reportMutants: true },
  tempDirName: ".stryker-tmp",
  thresholds: { high: 85, low: 75, break: null },
};
