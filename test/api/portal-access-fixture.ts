/**
 * Helpers for the portal access and sign-in tests: requests from a chosen client address (the
 * throttles count per address), the outbox and portal history read straight from the database,
 * and portal settings that are put back whatever the test does.
 */
import { and, asc, desc, eq, gt, max } from "drizzle-orm";
import type { PortalSettingsDto } from "../../src/shared/api.js";
import { contacts, outbox, portalEvents } from "../../src/server/db/schema/index.js";
import { emailContent } from "../../src/server/worker/tasks.js";
import { type Call, call, cookieFrom, makeContact, PORTAL_PASSWORD, type TestApp } from "../harness.js";

let ipSeq = 0;
/** A client address no other test of the file uses, so per-address throttles never carry over. */
export function freshIp() {
  const n = ++ipSeq;
  return `198.18.${(n >> 8) & 255}.${n & 255}`;
}

/** Like the harness's `call`, from the given client address. */
export async function callFrom(t: TestApp, ip: string, method: string, url: string, o: Call = {}) {
  const res = await t.app.inject({
    method: method as "GET",
    url,
    remoteAddress: ip,
    headers: {
      host: o.host ?? "portico.test",
      "x-portico-csrf": "1",
      ...(o.cookie ? { cookie: o.cookie } : {}),
      ...(o.body !== undefined ? { "content-type": "application/json" } : {}),
      ...o.headers,
    },
    payload: o.body === undefined ? undefined : JSON.stringify(o.body),
  });
  let body: unknown;
  try {
    body = JSON.parse(res.body);
  } catch {
    body = res.body;
  }
  // Read loosely, as the harness's `call` does.
  return { status: res.statusCode, body: body as any, headers: res.headers };
}

export async function staffLoginFrom(t: TestApp, ip: string, who = { email: "admin@example.com", password: "correct horse battery staple" }) {
  const res = await callFrom(t, ip, "POST", "/api/staff/auth/login", { body: who });
  if (res.status !== 200) throw new Error(`staff login failed: ${res.status} ${JSON.stringify(res.body)}`);
  return cookieFrom(res);
}

/** The set-password token in an email body. */
export function tokenIn(text: string) {
  const m = /\/set-password\?token=([A-Za-z0-9_-]+)/.exec(text);
  if (!m) throw new Error(`no set-password link in: ${text}`);
  return m[1];
}

/** The highest outbox id so far (0 when empty): rows queued later have a greater id. */
export async function outboxMark(t: TestApp) {
  const [row] = await t.c.deps.db.select({ id: max(outbox.id) }).from(outbox);
  return row?.id ?? 0;
}

/** Every outbox row of the test tenant queued after `mark`, oldest first, whoever it is addressed to. */
export async function outboxSince(t: TestApp, mark: number) {
  const rows = await t.c.deps.db
    .select()
    .from(outbox)
    .where(and(eq(outbox.tenantId, t.tenantId), gt(outbox.id, mark)))
    .orderBy(asc(outbox.id));
  return rows.map((r) => {
    const content = emailContent(r) ?? { subject: "", text: "" };
    return { id: r.id, recipient: r.recipient, template: r.template, subject: content.subject, textBody: content.text };
  });
}

/** The contact's portal history as stored, oldest first (the staff API shows the actor's name only). */
export async function storedEvents(t: TestApp, contactId: string) {
  return t.c.deps.db
    .select()
    .from(portalEvents)
    .where(and(eq(portalEvents.tenantId, t.tenantId), eq(portalEvents.contactId, contactId)))
    .orderBy(asc(portalEvents.id));
}

/** The set-password token in the newest outbox email to exactly this address. */
export async function lastTokenTo(t: TestApp, email: string) {
  const [row] = await t.c.deps.db
    .select()
    .from(outbox)
    .where(and(eq(outbox.tenantId, t.tenantId), eq(outbox.recipient, email)))
    .orderBy(desc(outbox.id))
    .limit(1);
  if (!row) throw new Error(`no email to ${email}`);
  return tokenIn(emailContent(row)?.text ?? "");
}

export async function storedPasswordHash(t: TestApp, contactId: string) {
  const [row] = await t.c.deps.db.select({ hash: contacts.passwordHash }).from(contacts).where(eq(contacts.id, contactId));
  return row?.hash ?? null;
}

/** Staff grants access; the contact sets a password by the emailed link and signs in, all from `ip`. */
export async function activeContactFrom(t: TestApp, staff: string, ip: string, accountIds: string[], v: Record<string, unknown> = {}) {
  const contact = await makeContact(t, staff, accountIds, v);
  const mark = await outboxMark(t);
  const g = await callFrom(t, ip, "POST", `/api/staff/contacts/${contact.id}/portal-access`, { cookie: staff, body: {} });
  if (g.status !== 200) throw new Error(`grant: ${JSON.stringify(g.body)}`);
  const [mail] = (await outboxSince(t, mark)).filter((m) => m.recipient === contact.email);
  if (!mail) throw new Error(`no activation email to ${contact.email}`);
  const s = await callFrom(t, ip, "POST", "/api/portal/auth/set-password", { body: { token: tokenIn(mail.textBody), password: PORTAL_PASSWORD } });
  if (s.status !== 200) throw new Error(`set password: ${JSON.stringify(s.body)}`);
  const login = await callFrom(t, ip, "POST", "/api/portal/auth/login", { body: { username: contact.email, password: PORTAL_PASSWORD } });
  if (login.status !== 200) throw new Error(`login: ${JSON.stringify(login.body)}`);
  return { ...contact, cookie: cookieFrom(login) };
}

/** Runs `fn` with the portal settings patched, and puts the patched settings back afterwards, pass or fail. */
export async function withPortalSettings<T>(t: TestApp, staff: string, patch: Partial<PortalSettingsDto>, fn: () => Promise<T>): Promise<T> {
  const before = await call(t, "GET", "/api/staff/settings/portal", { cookie: staff });
  if (before.status !== 200) throw new Error(`read settings: ${before.status}`);
  const restore = Object.fromEntries(Object.keys(patch).map((k) => [k, before.body[k]]));
  const set = await call(t, "PATCH", "/api/staff/settings/portal", { cookie: staff, body: patch });
  if (set.status !== 200) throw new Error(`patch settings: ${JSON.stringify(set.body)}`);
  try {
    return await fn();
  } finally {
    const back = await call(t, "PATCH", "/api/staff/settings/portal", { cookie: staff, body: restore });
    if (back.status !== 200) throw new Error(`restore settings: ${JSON.stringify(back.body)}`);
  }
}
