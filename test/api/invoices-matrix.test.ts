/**
 * The authorization matrix for invoices (INV-1): which contact reads which invoice — one of their account,
 * a colleague's (the same account), another account's, another tenant's, a draft, a missing one — on the
 * invoice and on its PDF; foreign, draft and missing get identical 404s. The role's *View invoices* switches
 * the page on; staff read every invoice, and only billing staff change them.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, ok, staffLogin } from "../harness.js";
import { makeStaffUser } from "./ticket-fixture.js";
import { buildInvoiceWorld, download, type InvoiceWorld, OTHER_HOST, pdfText } from "./invoice-fixture.js";

let w: InvoiceWorld;
const MISSING = "00000000-0000-4000-8000-000000000000";
type Res = "own" | "colleague" | "otherAccount" | "otherTenant" | "draft" | "missing";
type Who = "carla" | "colin" | "bob" | "stranger";
const inv: Record<Res, string> = {} as never;

beforeAll(async () => {
  w = await buildInvoiceWorld();
  // Carla's own invoice was emailed to her; her colleague Colin's to him: both belong to account A.
  const own = await w.draft(w.accounts.A.id, [["2", "45.00"]], { poNumber: "PO-OWN" });
  inv.own = (await w.s("POST", `/api/staff/invoices/${own.id}/send`, { contactIds: [w.contacts.carla.id] })).invoice.id;
  const colleague = await w.draft(w.accounts.A.id);
  inv.colleague = (await w.s("POST", `/api/staff/invoices/${colleague.id}/send`, { contactIds: [w.contacts.colin.id] })).invoice.id;
  inv.otherAccount = (await w.issued(w.accounts.B.id)).id;
  inv.otherTenant = w.other.invoice.id;
  inv.draft = (await w.draft(w.accounts.A.id)).id;
  inv.missing = MISSING;
}, 180_000);
afterAll(() => w?.t.close());

const cookieOf = (who: Who) => (who === "stranger" ? w.other.stranger.cookie : w.contacts[who].cookie);
const hostOf = (who: Who) => (who === "stranger" ? OTHER_HOST : undefined);
const may: Record<Who, Res[]> = { carla: ["own", "colleague"], colin: ["own", "colleague"], bob: ["otherAccount"], stranger: ["otherTenant"] };
const every: Res[] = ["own", "colleague", "otherAccount", "otherTenant", "draft", "missing"];
const strip = (b: Record<string, unknown>) => ({ ...b, requestId: undefined });

describe("INV-1 invoices in the authorization matrix", () => {
  for (const who of Object.keys(may) as Who[]) {
    it(`INV-1 ${who} reads the issued invoices of their account; every other id (a draft too) is the same 404 as a missing one, on the invoice and its PDF`, async () => {
      const missing = await call(w.t, "GET", `/api/portal/invoices/${MISSING}`, { cookie: cookieOf(who), host: hostOf(who) });
      const missingPdf = await call(w.t, "GET", `/api/portal/invoices/${MISSING}/invoice.pdf`, { cookie: cookieOf(who), host: hostOf(who) });
      expect([missing.status, missingPdf.status]).toEqual([404, 404]);
      expect(strip(missingPdf.body)).toEqual(strip(missing.body));
      for (const r of every) {
        const res = await call(w.t, "GET", `/api/portal/invoices/${inv[r]}`, { cookie: cookieOf(who), host: hostOf(who) });
        const pdf = await download(w, `/api/portal/invoices/${inv[r]}/invoice.pdf`, cookieOf(who), hostOf(who));
        if (may[who].includes(r)) {
          expect(res.status, `${who} → ${r}`).toBe(200);
          expect(res.body.id).toBe(inv[r]);
          expect(pdf.status, `${who} → ${r} PDF`).toBe(200);
          expect(pdf.headers["content-disposition"]).toMatch(/^attachment; filename="invoice-INV-\d+\.pdf"$/);
          expect(pdf.headers["x-content-type-options"]).toBe("nosniff");
        } else {
          expect(res.status, `${who} → ${r}`).toBe(404);
          expect(strip(res.body), `${who} → ${r}`).toEqual(strip(missing.body));
          expect(pdf.status, `${who} → ${r} PDF`).toBe(404);
          expect(strip(pdf.json()), `${who} → ${r} PDF`).toEqual(strip(missing.body));
        }
      }
    });

    it(`INV-1 ${who}'s invoice list holds exactly the issued invoices of their account`, async () => {
      const list = await ok(call(w.t, "GET", "/api/portal/invoices?pageSize=100", { cookie: cookieOf(who), host: hostOf(who) }));
      const ids = list.items.map((i: { id: string }) => i.id);
      for (const r of every) expect(ids.includes(inv[r]), `${who} lists ${r}`).toBe(may[who].includes(r));
      expect(list.items.every((i: { status: string }) => i.status !== "draft")).toBe(true);
    });
  }

  it("INV-1 the portal shows every field of the invoice but nothing staff-only; its PDF reads back", async () => {
    const r = await ok(call(w.t, "GET", `/api/portal/invoices/${inv.own}`, { cookie: w.contacts.carla.cookie }));
    expect(r).toMatchObject({ status: "sent", poNumber: "PO-OWN", subtotal: "90.00", taxAmount: "13.50", grandTotal: "103.50", paymentDue: "103.50", account: { id: w.accounts.A.id }, issuer: { name: w.tenantName, hasLogo: false } });
    for (const staffOnly of ["recipientOptions", "createdBy", "voidedBy", "storedStatus", "approvals", "can", "today"]) expect(r, staffOnly).not.toHaveProperty(staffOnly);
    const pdf = await download(w, `/api/portal/invoices/${inv.own}/invoice.pdf`, w.contacts.carla.cookie);
    const { text } = await pdfText(pdf.bytes);
    expect(text).toContain(r.displayNumber);
    expect(text).toContain("NZ$103.50");
    expect((await call(w.t, "GET", "/api/portal/invoices/logo", { cookie: w.contacts.carla.cookie })).status).toBe(404);
  });

  it("INV-1 a draft never reaches the portal: issued, it does", async () => {
    const listed = async () => (await ok(call(w.t, "GET", "/api/portal/invoices?pageSize=100", { cookie: w.contacts.carla.cookie }))).items.map((i: { id: string }) => i.id);
    const d = await w.draft(w.accounts.A.id);
    expect(await listed()).not.toContain(d.id);
    expect((await call(w.t, "GET", `/api/portal/invoices/${d.id}`, { cookie: w.contacts.carla.cookie })).status).toBe(404);
    await w.s("POST", `/api/staff/invoices/${d.id}/mark-sent`);
    expect(await listed()).toContain(d.id);
  });

  it("INV-1 a role without View invoices gets 403 on the list and the invoice, and no Invoices page", async () => {
    // Alma's role (Approvers) does not have View invoices.
    const alma = w.contacts.alma.cookie;
    expect((await ok(call(w.t, "GET", "/api/portal/me", { cookie: alma }))).can.invoices).toBe(false);
    expect((await ok(call(w.t, "GET", "/api/portal/me", { cookie: w.contacts.carla.cookie }))).can.invoices).toBe(true);
    expect((await call(w.t, "GET", "/api/portal/invoices", { cookie: alma })).status).toBe(403);
    expect((await call(w.t, "GET", `/api/portal/invoices/${inv.own}`, { cookie: alma })).status).toBe(403);
    expect((await call(w.t, "GET", `/api/portal/invoices/${inv.own}/invoice.pdf`, { cookie: alma })).status).toBe(403);
    // Given the permission, the same contact reads it.
    const roles = (await w.s("GET", "/api/staff/portal-roles")).items as { id: string; name: string; permissions: string[]; defaultTypeId: string | null; defaultPriorityId: string | null; quickForm: boolean; visibleFields: string[] }[];
    const approvers = roles.find((r) => r.name.startsWith("Approvers"))!;
    await w.s("PUT", `/api/staff/portal-roles/${approvers.id}`, { name: approvers.name, permissions: [...approvers.permissions, "invoices.view"], defaultTypeId: approvers.defaultTypeId, defaultPriorityId: approvers.defaultPriorityId, quickForm: approvers.quickForm, visibleFields: approvers.visibleFields });
    expect((await ok(call(w.t, "GET", "/api/portal/me", { cookie: alma }))).can.invoices).toBe(true);
    expect((await call(w.t, "GET", `/api/portal/invoices/${inv.own}`, { cookie: alma })).status).toBe(200);
  });

  it("INV-1 staff without Manage contracts and invoices read invoices but cannot create, change, send, pay or void them; another tenant's ids are 404", async () => {
    const desk = await makeStaffUser(w.t, w.staff, "Desk Person", "desk.invoices@example.com");
    const cookie = await staffLogin(w.t, { email: desk.email, password: "staff member passphrase 1024" });
    expect((await ok(call(w.t, "GET", "/api/staff/me", { cookie }))).can.manageBilling).toBe(false);
    expect((await call(w.t, "GET", "/api/staff/invoices", { cookie })).status).toBe(200);
    const read = await ok(call(w.t, "GET", `/api/staff/invoices/${inv.own}`, { cookie }));
    expect(read.can).toEqual({ edit: false, delete: false, send: false, recordPayment: false, void: false });
    const writes: [string, string, unknown][] = [
      ["POST", "/api/staff/invoices", { accountId: w.accounts.A.id, lines: [] }],
      ["POST", "/api/staff/invoices/from-approvals", { accountId: w.accounts.A.id, approvalRequestIds: [MISSING] }],
      ["PATCH", `/api/staff/invoices/${inv.draft}`, { notes: "x" }],
      ["DELETE", `/api/staff/invoices/${inv.draft}`, undefined],
      ["POST", `/api/staff/invoices/${inv.draft}/send`, {}],
      ["POST", `/api/staff/invoices/${inv.draft}/mark-sent`, {}],
      ["POST", `/api/staff/invoices/${inv.own}/payments`, { amount: "1", paidOn: "2026-11-22", method: "cash" }],
      ["POST", `/api/staff/invoices/${inv.own}/void`, { reason: "x" }],
      ["GET", `/api/staff/accounts/${w.accounts.A.id}/invoiceable-approvals`, undefined],
    ];
    for (const [m, u, body] of writes) expect((await call(w.t, m, u, { cookie, body })).status, `${m} ${u}`).toBe(403);
    expect((await call(w.t, "GET", `/api/staff/invoices/${inv.draft}`, { cookie: w.staff })).body.status).toBe("draft");
    // The built-in Billing role may.
    const roles = (await w.s("GET", "/api/staff/roles")).items as { id: string; name: string }[];
    await w.s("PATCH", `/api/staff/users/${desk.id}`, { roleId: roles.find((r) => r.name === "Billing")!.id });
    const billing = await staffLogin(w.t, { email: desk.email, password: "staff member passphrase 1024" });
    expect((await call(w.t, "POST", "/api/staff/invoices", { cookie: billing, body: { accountId: w.accounts.A.id, lines: [] } })).status).toBe(200);
    // Another tenant's invoice is as unknown to staff as a missing one.
    for (const u of ["", "/invoice.pdf"]) {
      const foreign = await call(w.t, "GET", `/api/staff/invoices/${inv.otherTenant}${u}`, { cookie: w.staff });
      const missing = await call(w.t, "GET", `/api/staff/invoices/${MISSING}${u}`, { cookie: w.staff });
      expect([foreign.status, missing.status]).toEqual([404, 404]);
      expect(strip(foreign.body)).toEqual(strip(missing.body));
    }
    for (const [m, u, body] of [["PATCH", "", { notes: "x" }], ["POST", "/void", { reason: "x" }], ["POST", "/payments", { amount: "1", paidOn: "2026-11-22", method: "cash" }], ["POST", "/send", {}], ["DELETE", "", undefined]] as const) {
      expect((await call(w.t, m, `/api/staff/invoices/${inv.otherTenant}${u}`, { cookie: w.staff, body })).status, `${m} ${u}`).toBe(404);
    }
    expect((await call(w.t, "GET", `/api/staff/accounts/${w.other.account.id}/invoice-options`, { cookie: w.staff })).status).toBe(404);
    expect((await call(w.t, "GET", `/api/staff/accounts/${w.other.account.id}/invoiceable-approvals`, { cookie: w.staff })).status).toBe(404);
  });

  it("INV-1 a portal session is refused on the staff invoices and a staff session on the portal's", async () => {
    expect((await call(w.t, "GET", "/api/staff/invoices", { cookie: w.contacts.carla.cookie })).status).toBe(401);
    expect((await call(w.t, "GET", "/api/portal/invoices", { cookie: w.staff })).status).toBe(401);
  });
});
