import { readFileSync } from "node:fs";

// Mutation testing of the services' access and notification code against the API tests that
// exercise it (slow). Run with `npm run test:mutation:services`, which runs each area in turn:
//   MUTATION_AREA=tickets  TKT-1..TKT-5, ROL-4, JOB-1: portal ticket paths and notifications
//   MUTATION_AREA=access   ACC-1, ACC-2, ACC-6, ROL-6: granting and ending portal access, archiving, colleagues
//
// Why areas: the API test files build their fixtures in `beforeAll`, so StrykerJS sees much of this
// code run outside any test and treats those mutants as "static": each runs every test file it may
// affect. Giving each area only the test files that exercise it keeps a run under half an hour.
// The score is then a lower bound: a mutant killed only by another area's test files counts as survived.
//
// `vitest.pool: "forks"` is required: the vitest runner of StrykerJS defaults to worker threads,
// ignoring the project's `pool: "forks"`. src/server/lib/passwords.ts starts an argon2 hash when it is
// imported; a worker thread torn down while that native call is in flight (a mutant run selects a
// few tests, so a file can finish within milliseconds) aborts the whole test-runner process with
// "terminate called after throwing an instance of 'Napi::Error'". A forked process just exits.
//
// The test files are chosen in vitest.services.config.mjs (through MUTATION_TESTS), not with
// StrykerJS's `testFiles`: with `testFiles` it activates module-level mutants too late and reports
// them as survivors.
// Code to mutate is named by the lines that start it, so the ranges follow the source as it changes:
// span(file, first) is the function or constant starting on the line containing `first` (top-level, or
// inside a service's factory), ending at the closing line with its indentation;
// span(file, first, last) ends on the first later line containing `last`.
function span(file, first, last) {
  const lines = readFileSync(file, "utf8").split("\n");
  const a = lines.findIndex((l) => l.includes(first));
  const indent = a < 0 ? "" : /^ */.exec(lines[a])[0];
  const closing = new RegExp(`^${indent}\\}\\)?;?$`);
  const b = a < 0 ? -1 : lines.findIndex((l, i) => i > a && (last ? l.includes(last) : closing.test(l)));
  if (a < 0 || b < 0) throw new Error(`${file}: no span from "${first}"${last ? ` to "${last}"` : ""}`);
  return `${file}:${a + 1}-${b + 1}`;
}

const notifications = "src/server/modules/tickets/ticket-notifications.ts";
const tickets = "src/server/modules/tickets/tickets.service.ts";
const portalAccess = "src/server/modules/portal-access/portal-access.service.ts";
const profile = "src/server/modules/profile/profile.service.ts";

const areas = {
  tickets: {
    tests: ["test/api/tickets.test.ts", "test/api/tickets-matrix.test.ts", "test/api/survivors-tickets.test.ts", "test/unit/tickets-presenter.test.ts"],
    mutate: [
      // TKT-5: who hears about portal tickets and notes (not the email's wording).
      span(notifications, "async function staffEmail"),
      span(notifications, "async function clientAdminCopies"),
      span(notifications, "async function notifyCustomerActivity", "const now = d.clock()"),
      span(notifications, "async function notifyContactOfReply", "const settings ="),
      // TKT-1..TKT-3, ROL-2, ROL-4, JOB-1: the resources handed to the policy and every portal ticket path.
      span(tickets, "const jobResource"),
      span(tickets, "const ticketResource"),
      span(tickets, "async function listPortalTickets"),
      span(tickets, "async function formLayout"),
      span(tickets, "async function jobsOpenTo"),
      span(tickets, "async function createPortalTicket", "await checkLookups"),
      span(tickets, "async function loadForContact"),
      span(tickets, "async function getPortalTicket"),
      span(tickets, "async function addPortalNote"),
      span(tickets, "async function ticketForContactUpload"),
      span(tickets, "async function ticketForContactRead"),
      // TKT-5: a public staff note notifies the ticket's contact.
      span(tickets, "async function addStaffNote"),
      // TKT-3/TKT-4: public notes and files only, time-entry visibility, what the contact may do.
      span("src/server/modules/tickets/tickets.presenter.ts", "export function presentPortalTicket"),
      // TKT-1, ROL-4: the portal ticket list's scope in SQL.
      span("src/server/modules/tickets/tickets.repo.ts", "export function listPortalTickets"),
    ],
  },
  access: {
    // Not portal-auth.test.ts (sign-in, lockout, sign-up: slow argon2 work in every test).
    tests: ["test/api/portal-access.test.ts", "test/api/colleagues.test.ts", "test/api/survivors-access.test.ts"],
    mutate: [
      // ACC-1: only staff allowed to manage portal access, on a contact of their tenant that is not archived.
      span(portalAccess, "async function loadForManage"),
      span(portalAccess, "function requireStatus"),
      // ACC-1, ACC-2: a grant needs an email, no access yet, an account, a free username and email.
      span(portalAccess, "async function grantOne", "const now = d.clock()"),
      // ACC-6: disable and revoke end access: status, recovery codes, sessions, links, history.
      span(portalAccess, "async function endAccess"),
      // ACC-6: archiving a contact ends its access.
      span("src/server/modules/contacts/contacts.service.ts", "async function setContactArchived"),
      // ROL-6: colleagues of the account in view.
      span(profile, "async function listColleagues"),
      span(profile, "async function addColleague"),
      span(profile, "async function updateColleague"),
    ],
  },
};

const name = process.env.MUTATION_AREA;
const area = areas[name];
if (!area) throw new Error(`Set MUTATION_AREA to one of: ${Object.keys(areas).join(", ")}`);
// Read by vitest.services.config.mjs in the test-runner processes, which inherit this environment.
process.env.MUTATION_TESTS = area.tests.join(",");

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: "vitest",
  vitest: { configFile: "vitest.services.config.mjs", pool: "forks" },
  mutate: area.mutate,
  coverageAnalysis: "perTest",
  // Two cores: two test runners, each running one test file at a time.
  concurrency: 2,
  timeoutMS: 30_000,
  timeoutFactor: 2,
  dryRunTimeoutMinutes: 20,
  reporters: ["clear-text", "progress-append-only", "html", "json"],
  htmlReporter: { fileName: `reports/mutation/services-${name}.html` },
  jsonReporter: { fileName: `reports/mutation/services-${name}.json` },
  clearTextReporter: { allowEmojis: false, logTests: false, reportMutants: true },
  tempDirName: ".stryker-tmp",
  thresholds: { high: 85, low: 75, break: null },
};
