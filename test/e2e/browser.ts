/** A real Portico on a port the OS picks, with a real SMTP server, and Chromium driven by playwright-core. */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { simpleParser } from "mailparser";
import { type Browser, chromium, type ConsoleMessage, type Page } from "playwright-core";
import { SMTPServer } from "smtp-server";
import { expect } from "vitest";
import { buildApp } from "../../src/server/app.js";
import { loadConfig } from "../../src/server/config.js";
import { createContainer } from "../../src/server/container.js";
import { ADMIN, freshDatabase } from "../harness.js";

export const shotsDir = path.resolve("test-output/screenshots");

export interface Mail {
  to: string;
  subject: string;
  text: string;
  /** The names of the files it carried. */
  attachments: string[];
}

/**
 * Chromium reports every answer of 400 or more to a fetch as a console error. The API's 4xx answers
 * (wrong password, not signed in yet, a refused form) are expected in these journeys and are not
 * errors of the app; anything else on the console at error level is.
 */
const expectedApiAnswer = (m: ConsoleMessage) =>
  /^Failed to load resource: the server responded with a status of 4\d\d\b/.test(m.text()) && new URL(m.location().url || "http://x/").pathname.startsWith("/api/");

/** `freshInstall`: no administrator yet; `setupLink` is the one-time link `npm start` prints on a first start. */
export async function startPortico(o: { freshInstall?: boolean } = {}) {
  // Everything opened so far, closed in reverse order by close() or when start-up fails half-way.
  const closers: (() => Promise<unknown> | unknown)[] = [];
  const close = async () => {
    let first: unknown;
    for (const closer of closers.splice(0).reverse()) {
      try {
        await closer();
      } catch (e) {
        first ??= e;
      }
    }
    if (first) throw first;
  };
  try {
    const dataDir = mkdtempSync(path.join(tmpdir(), "portico-e2e-"));
    closers.push(() => rmSync(dataDir, { recursive: true, force: true }));

    const mails: Mail[] = [];
    const mailWaiters = new Set<() => void>();
    const smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS", "AUTH"],
      onData(stream, _s, cb) {
        simpleParser(stream).then((m) => {
          mails.push({ to: (m.to as { text: string }).text, subject: m.subject ?? "", text: m.text ?? "", attachments: m.attachments.map((a) => a.filename ?? "") });
          for (const w of [...mailWaiters]) w();
          cb();
        }, cb);
      },
    });
    await new Promise<void>((r) => smtp.listen(0, "127.0.0.1", r));
    closers.push(() => new Promise<void>((r) => smtp.close(() => r())));
    const smtpPort = (smtp.server.address() as AddressInfo).port;

    const config = loadConfig({
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      MAIL_FROM: "portal@portico.test",
      DATA_DIR: dataDir,
    } as NodeJS.ProcessEnv);
    const c = await createContainer(config, { database: await freshDatabase() });
    closers.push(() => c.close());
    const tenant = await c.services.tenants.ensureDefaultTenant();
    if (!o.freshInstall) await c.services.staff.createFirstAdmin(tenant.id, { name: "Ada Admin", ...ADMIN });
    const app = await buildApp(c, { serveWeb: true });
    closers.push(() => app.close());
    // The OS picks the port while the app listens: no free-port probe that another process could race.
    await app.listen({ port: 0, host: "127.0.0.1" });
    const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    // Links in emails point here; nothing has been sent before the app listened.
    config.publicUrl = url;
    const setupLink = o.freshInstall ? await c.services.staff.createSetupLink(tenant.id) : null;
    c.worker.start(200);

    const browser: Browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
    closers.push(() => browser.close());
    mkdirSync(shotsDir, { recursive: true });

    const problems: string[] = [];
    const watched = new WeakSet<Page>();
    const watch = (page: Page) => {
      if (watched.has(page)) return;
      watched.add(page);
      page.on("pageerror", (e) => problems.push(`page error on ${page.url()}: ${e.message}`));
      page.on("console", (m) => {
        if (m.type() === "error" && !expectedApiAnswer(m)) problems.push(`console error on ${page.url()}: ${m.text()} (${m.location().url})`);
      });
    };

    return {
      url,
      setupLink,
      mails,
      c,
      tenantId: tenant.id,
      /** A page in a fresh browser context (its own cookies); its page errors and console errors fail the test. */
      async newPage() {
        const context = await browser.newContext();
        context.on("page", watch);
        const page = await context.newPage();
        watch(page);
        return page;
      },
      /** The staff API as the administrator, for set-up a journey does not need to click through. */
      async staffApi(who: { email: string; password: string } = ADMIN) {
        const login = await fetch(`${url}/api/staff/auth/login`, { method: "POST", headers: { "content-type": "application/json", "x-portico-csrf": "1" }, body: JSON.stringify(who) });
        const cookie = login.headers.get("set-cookie")!.split(";")[0];
        return async (method: string, path: string, body?: unknown) => {
          const r = await fetch(`${url}${path}`, { method, headers: { cookie, "x-portico-csrf": "1", ...(body ? { "content-type": "application/json" } : {}) }, body: body ? JSON.stringify(body) : undefined });
          const data = await r.json();
          if (!r.ok) throw new Error(`${method} ${path}: ${JSON.stringify(data)}`);
          return data;
        };
      },
      /** A contact of the accounts with portal access, activated by the emailed link with PORTAL_PASSWORD. */
      async portalUser(accountIds: string[], firstName: string, lastName: string, email = `${firstName}.${lastName}@client.test`.toLowerCase()) {
        const api = await this.staffApi();
        const c = await api("POST", "/api/staff/contacts", { firstName, lastName, email, accountIds });
        await api("POST", `/api/staff/contacts/${c.id}/portal-access`, {});
        const token = new URL(linkIn((await this.waitForMail(email, /Activate/)).text)).searchParams.get("token");
        const r = await fetch(`${url}/api/portal/auth/set-password`, { method: "POST", headers: { "content-type": "application/json", "x-portico-csrf": "1" }, body: JSON.stringify({ token, password: PORTAL_PASSWORD }) });
        expect(r.status).toBe(200);
        return { ...c, email } as { id: string; email: string };
      },
      /** A fresh browser signed in to the staff console as the first administrator, on the ticket queue. */
      async staffPage() {
        const page = await this.newPage();
        await page.goto(`${url}/admin/`);
        await field(page, "Email").fill(ADMIN.email);
        await field(page, "Password").fill(ADMIN.password);
        await page.getByRole("button", { name: "Sign in" }).click();
        await page.getByRole("heading", { name: "Tickets" }).waitFor();
        return page;
      },
      /** A fresh browser signed in to the portal as `username`, on its home page. */
      async portalPage(username: string) {
        const page = await this.newPage();
        await page.goto(`${url}/portal/login`);
        await portalSignIn(page, username);
        await page.getByRole("heading", { name: /Welcome/ }).waitFor();
        return page;
      },
      /** Call after each test: the page errors and console errors since the last call, which must be none. */
      expectNoBrowserErrors() {
        expect(problems.splice(0), "page errors and console errors").toEqual([]);
      },
      waitForMail(to: string, subject: RegExp, timeoutMs = 15_000): Promise<Mail> {
        const find = () => [...mails].reverse().find((x) => x.to === to && subject.test(x.subject));
        return new Promise((resolve, reject) => {
          const check = () => {
            const m = find();
            if (!m) return;
            done();
            resolve(m);
          };
          const timer = setTimeout(() => {
            done();
            reject(new Error(`no mail to ${to} matching ${subject}; got ${mails.map((x) => `${x.to}: ${x.subject}`).join(" | ")}`));
          }, timeoutMs);
          const done = () => {
            clearTimeout(timer);
            mailWaiters.delete(check);
          };
          mailWaiters.add(check);
          check();
        });
      },
      close,
    };
  } catch (e) {
    await close().catch(() => {});
    throw e;
  }
}
export type Portico = Awaited<ReturnType<typeof startPortico>>;

const axeSource = readFileSync(path.resolve("node_modules/axe-core/axe.min.js"), "utf8");

/** axe-core on the page as it is now: no serious or critical finding (WCAG 2 A/AA rules). */
/** Waits for finite CSS transitions (a dialog fading in or out) to end, so axe judges colours as they settle. */
export const settled = (page: Page) =>
  expect.poll(() => page.evaluate(() => document.getAnimations().filter((a) => a.playState === "running" && a.effect?.getTiming().iterations !== Number.POSITIVE_INFINITY).length)).toBe(0);

export async function expectAccessible(page: Page, what: string) {
  await page.waitForLoadState("networkidle").catch(() => {});
  // Evaluated by the browser's debugger protocol, so the page's own CSP (no inline scripts) stays as it is.
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(axeSource);
  const found = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: unknown, o: unknown): Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const r = await axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
    return r.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`);
  });
  expect(found, `serious axe-core findings on ${what}`).toEqual([]);
}

export async function shot(page: Page, name: string) {
  await page.waitForLoadState("networkidle").catch(() => {});
  await page.screenshot({ path: path.join(shotsDir, `${name}.png`), fullPage: true });
}

/** Picks an option of a Mantine Select or MultiSelect by its label. */
export async function choose(page: Page, label: string, option: string) {
  // A required field's label ends in " *".
  await page.getByRole("combobox", { name: new RegExp(`^${label}( \\*)?$`) }).first().click();
  await page.getByRole("option", { name: option, exact: true }).click();
}

export const PORTAL_PASSWORD = "a-long-portal-passphrase";

/** Fills the portal's sign-in form on the page and sends it. */
export async function portalSignIn(page: Page, username: string, password = PORTAL_PASSWORD) {
  await field(page, "Username").fill(username);
  await field(page, "Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

export const linkIn = (text: string) => {
  const m = /(http:\/\/\S+set-password\?token=[\w-]+)/.exec(text);
  if (!m) throw new Error(`no link in: ${text}`);
  return m[1];
};

/** A text field by its label (required fields' labels end in " *"). */
export const field = (page: Page, label: string) => page.getByRole("textbox", { name: new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}( \\*)?$`) });
