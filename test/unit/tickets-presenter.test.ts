import { describe, expect, it } from "vitest";
import { presentPortalTicket } from "../../src/server/modules/tickets/tickets.presenter.js";
import type { TicketDetailRow } from "../../src/server/modules/tickets/tickets.repo.js";
import { contact } from "./policy-fixture.js";

// The presenter is the last allow-list before a response: it must hold even when handed more than the
// portal may see (the repository already asks for public rows only).
const at = new Date("2026-11-30T09:00:00Z");
const ticket = (over: Partial<TicketDetailRow> = {}) =>
  ({
    id: "t1",
    number: 7,
    title: "Printer",
    status: null,
    priority: null,
    job: null,
    contact: null,
    createdAt: at,
    updatedAt: at,
    details: "It jams",
    type: null,
    issueType: null,
    subIssueType: null,
    site: null,
    hardwareAsset: null,
    softwareAsset: null,
    ticket: { accountId: "a1", contactId: "c1", tenantId: "tn" },
    jobVisible: true,
    jobContactId: null,
    jobHoursVisible: false,
    ...over,
  }) as unknown as TicketDetailRow;
const note = (id: string, isPublic: boolean) => ({ id, body: `note ${id}`, authorName: "Sam", authorStaffId: "s1", createdAt: at, isPublic }) as never;
const file = (id: string, isPublic: boolean) => ({ id, filename: `${id}.pdf`, contentType: "application/pdf", size: 1, uploadedByName: "Sam", createdAt: at, isPublic }) as never;
const entry = { id: "e1", staffName: "Sam", startedAt: at, endedAt: new Date(at.getTime() + 3_600_000), hours: "1.00", note: "internal words", notePublic: false } as never;

describe("portal ticket presenter (TKT-3, TKT-4)", () => {
  const me = contact({ permissions: new Set(["tickets.view_own", "tickets.create"]) });

  it("TKT-3 internal notes and internal files handed to the portal presenter never leave it", () => {
    const dto = presentPortalTicket(me, ticket(), [note("n1", true), note("n2", false)], [file("f1", true), file("f2", false)], null);
    expect(dto.notes.map((n) => n.id)).toEqual(["n1"]);
    expect(dto.attachments.map((a) => a.id)).toEqual(["f1"]);
    expect(JSON.stringify(dto)).not.toMatch(/n2|f2\.pdf/);
  });

  it("TKT-4 a time entry shows name and date; hours and times only when the job shows hours; its note only when public", () => {
    const hidden = presentPortalTicket(me, ticket(), [], [], [entry]);
    expect(hidden.timeEntries).toEqual([{ id: "e1", staffName: "Sam", date: at.toISOString(), hours: null, startedAt: null, endedAt: null, note: null }]);
    const shown = presentPortalTicket(me, ticket({ jobHoursVisible: true }), [], [], [{ ...(entry as object), notePublic: true } as never]);
    expect(shown.timeEntries?.[0]).toMatchObject({ hours: "1.00", startedAt: at.toISOString(), note: "internal words" });
    expect(presentPortalTicket(me, ticket(), [], [], null).timeEntries).toBeNull();
  });
});
