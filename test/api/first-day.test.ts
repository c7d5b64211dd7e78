/** The first day in both apps: the getting-started checklist, and a portal tab whose account went stale. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { activeContact, call, createTestApp, makeAccount, makeContact, staffLogin, type TestApp } from "../harness.js";

let t: TestApp;
let staff: string;
beforeAll(async () => {
  t = await createTestApp();
  staff = await staffLogin(t);
});
afterAll(() => t.close());

describe("FIRST-20 the getting-started checklist ticks itself off", () => {
  it("FIRST-20 each step is done once the company has done it, in order from a fresh install to a customer signed in", async () => {
    const progress = async () => {
      const r = await call(t, "GET", "/api/staff/getting-started", { cookie: staff });
      expect(r.status).toBe(200);
      return Object.fromEntries((r.body.steps as { key: string; done: boolean }[]).map((s) => [s.key, s.done]));
    };
    expect(await progress()).toEqual({ portalSettings: false, account: false, contact: false, grant: false, portalSeen: false });
    expect((await call(t, "PATCH", "/api/staff/settings/portal", { cookie: staff, body: { portalName: "Fabrikam Support" } })).status).toBe(200);
    const account = await makeAccount(t, staff);
    expect(await progress()).toMatchObject({ portalSettings: true, account: true, contact: false });
    const c = await makeContact(t, staff, [account.id]);
    expect(await progress()).toMatchObject({ contact: true, grant: false });
    await call(t, "POST", `/api/staff/contacts/${c.id}/portal-access`, { cookie: staff, body: {} });
    expect(await progress()).toMatchObject({ grant: true, portalSeen: false });
    await activeContact(t, staff, [account.id]);
    const all = await call(t, "GET", "/api/staff/getting-started", { cookie: staff });
    expect(all.body.complete).toBe(true);
  });

  it("FIRST-20 a customer cannot read the checklist", async () => {
    const account = await makeAccount(t, staff);
    const c = await activeContact(t, staff, [account.id]);
    expect((await call(t, "GET", "/api/staff/getting-started", { cookie: c.cookie })).status).toBe(401);
  });
});

describe("FIRST-3 switching account in one tab does not break another", () => {
  it("FIRST-3 a request naming the account its page shows is refused with a clear 409 once another tab switched, and nothing is written", async () => {
    const a = await makeAccount(t, staff, { name: "Northwind" });
    const b = await makeAccount(t, staff, { name: "Contoso" });
    const c = await activeContact(t, staff, [a.id, b.id]);
    const me = await call(t, "GET", "/api/portal/me", { cookie: c.cookie });
    const shown = me.body.currentAccount.id as string;
    const other = shown === a.id ? b.id : a.id;
    const asPage = (headers: Record<string, string>) => ({ cookie: c.cookie, headers });
    // The page's own account: answered as usual.
    expect((await call(t, "GET", "/api/portal/tickets", asPage({ "x-portico-account": shown }))).status).toBe(200);
    // Another tab switches the session to the other account.
    expect((await call(t, "POST", "/api/portal/me/switch-account", { cookie: c.cookie, body: { accountId: other } })).status).toBe(200);
    const before = await call(t, "GET", "/api/portal/tickets", { cookie: c.cookie });
    const stale = await call(t, "POST", "/api/portal/tickets", { ...asPage({ "x-portico-account": shown }), body: { title: "From the stale tab", details: "" } });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe("ACCOUNT_CHANGED");
    expect(stale.body.message).toMatch(/another account in another tab.*Reload/);
    const read = await call(t, "GET", "/api/portal/tickets", asPage({ "x-portico-account": shown }));
    expect(read.status).toBe(409);
    const after = await call(t, "GET", "/api/portal/tickets", { cookie: c.cookie });
    expect(after.body.total).toBe(before.body.total);
    // The tab that switched names the new account and goes on; "me" answers every tab so a stale one can catch up.
    expect((await call(t, "GET", "/api/portal/tickets", asPage({ "x-portico-account": other }))).status).toBe(200);
    expect((await call(t, "GET", "/api/portal/me", asPage({ "x-portico-account": shown }))).status).toBe(200);
  });
});
