/** A real Portico on a free port with a real SMTP server, and Chromium driven by playwright-core. */
import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { simpleParser } from "mailparser";
import { type Browser, chromium, type Page } from "playwright-core";
import { SMTPServer } from "smtp-server";
import { buildApp } from "../../src/server/app.js";
import { loadConfig } from "../../src/server/config.js";
import { createContainer, ensureDefaultTenant } from "../../src/server/container.js";
import { createFirstAdmin } from "../../src/server/modules/staff/staff.service.js";
import { ADMIN, freshDatabase } from "../harness.js";

export const shotsDir = path.resolve("test-output/screenshots");

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

export async function startPortico() {
  const mails: Mail[] = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    onData(stream, _s, cb) {
      simpleParser(stream).then((m) => {
        mails.push({ to: (m.to as { text: string }).text, subject: m.subject ?? "", text: m.text ?? "" });
        cb();
      }, cb);
    },
  });
  await new Promise<void>((r) => smtp.listen(0, "127.0.0.1", r));
  const smtpPort = (smtp.server.address() as { port: number }).port;
  const probe = (await import("node:net")).createServer();
  const port = await new Promise<number>((r) => probe.listen(0, "127.0.0.1", () => r((probe.address() as { port: number }).port)));
  await new Promise((r) => probe.close(r));
  const config = loadConfig({
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    MAIL_FROM: "portal@portico.test",
    DATA_DIR: mkdtempSync(path.join(tmpdir(), "portico-e2e-")),
  } as NodeJS.ProcessEnv);
  const c = await createContainer(config, { database: await freshDatabase() });
  const tenant = await ensureDefaultTenant(c.deps);
  await createFirstAdmin(c.deps, tenant.id, { name: "Ada Admin", ...ADMIN });
  c.worker.start(200);
  const app = await buildApp(c.deps, { serveWeb: true });
  await app.listen({ port, host: "127.0.0.1" });
  const browser: Browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  mkdirSync(shotsDir, { recursive: true });
  return {
    url: `http://127.0.0.1:${port}`,
    mails,
    browser,
    c,
    tenantId: tenant.id,
    async waitForMail(to: string, subject: RegExp, timeoutMs = 15_000): Promise<Mail> {
      const start = Date.now();
      for (;;) {
        const m = [...mails].reverse().find((x) => x.to === to && subject.test(x.subject));
        if (m) return m;
        if (Date.now() - start > timeoutMs) throw new Error(`no mail to ${to} matching ${subject}; got ${mails.map((x) => `${x.to}: ${x.subject}`).join(" | ")}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async close() {
      await browser.close();
      await app.close();
      await c.close();
      await new Promise<void>((r) => smtp.close(() => r()));
    },
  };
}
export type Portico = Awaited<ReturnType<typeof startPortico>>;

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

export const linkIn = (text: string) => {
  const m = /(http:\/\/\S+set-password\?token=[\w-]+)/.exec(text);
  if (!m) throw new Error(`no link in: ${text}`);
  return m[1];
};

/** A text field by its label (required fields' labels end in " *"). */
export const field = (page: Page, label: string) => page.getByRole("textbox", { name: new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}( \\*)?$`) });
