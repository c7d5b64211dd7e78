/**
 * A service works on the repositories it is given (container.ts hands each its own): with a fake repository
 * at the edge, what a service asks of the database and what it answers can be seen without a database.
 */
import { describe, expect, it } from "vitest";
import type { Deps } from "../../src/server/deps.js";
import { createEmailLogService } from "../../src/server/modules/email/email-log.service.js";
import type { Repos } from "../../src/server/repos.js";
import { staffWith, T } from "./policy-fixture.js";

const db = { name: "the db" } as unknown as Deps["db"];
const deps = { db, config: {}, clock: () => new Date("2026-11-22T10:00:00Z"), onTaskQueued: () => {}, files: {} } as unknown as Deps;

const row = {
  id: 7,
  task: "email.stored",
  version: 1,
  payload: {},
  recipient: "pat@client.test",
  template: "activation",
  subject: "Activate your portal access",
  status: "sent" as const,
  attempts: 1,
  lastError: null,
  createdAt: new Date("2026-11-22T09:00:00Z"),
  sentAt: new Date("2026-11-22T09:00:05Z"),
  textBody: "Open the link",
  htmlBody: "<p>Open the link</p>",
};

/** An outbox repository that records what it was asked and finds only the row above. */
function fakeOutbox() {
  const calls: unknown[][] = [];
  const outbox = {
    getEmail: async (...args: unknown[]) => {
      calls.push(["getEmail", ...args]);
      return args[2] === row.id ? row : undefined;
    },
    listEmails: async (...args: unknown[]) => {
      calls.push(["listEmails", ...args]);
      const { textBody: _, htmlBody: __, ...listed } = row;
      return { items: [listed], total: 1, totalCapped: false };
    },
  } as unknown as Repos["outbox"];
  return { calls, service: createEmailLogService(deps, { outbox }) };
}

describe("services are built on the repositories they are given", () => {
  it("reads through its repository, with the service's db and the actor's tenant, and presents the row", async () => {
    const { calls, service } = fakeOutbox();
    const reader = staffWith("email_log.read");
    expect(await service.readEmail(reader, 7)).toEqual({
      id: 7,
      recipient: "pat@client.test",
      template: "activation",
      subject: "Activate your portal access",
      status: "sent",
      attempts: 1,
      lastError: null,
      createdAt: "2026-11-22T09:00:00.000Z",
      sentAt: "2026-11-22T09:00:05.000Z",
      attachments: [],
      textBody: "Open the link",
      htmlBody: "<p>Open the link</p>",
    });
    const q = { page: 1, pageSize: 25 };
    expect((await service.listEmailLog(reader, q)).items[0]).not.toHaveProperty("textBody");
    expect(calls).toEqual([
      ["getEmail", db, T, 7],
      ["listEmails", db, T, q],
    ]);
  });

  it("a missing row is 404, and an actor the policy refuses never reaches the repository", async () => {
    const { calls, service } = fakeOutbox();
    await expect(service.readEmail(staffWith("email_log.read"), 8)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(service.readEmail(staffWith("tickets.manage"), 7)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(service.listEmailLog(staffWith(), { page: 1, pageSize: 25 })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(calls).toEqual([["getEmail", db, T, 8]]);
  });
});
