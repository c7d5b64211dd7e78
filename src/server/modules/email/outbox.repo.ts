import { and, eq, type SQL, sql } from "drizzle-orm";
import type { Executor } from "../../db/client.js";
import { containing, keyedPage } from "../../db/paging.js";
import { type OutboxStatus, outbox } from "../../db/schema/index.js";
import { assertTenant, inTenant } from "../../db/tenant-scope.js";
import { mailTemplates, type TemplateName, type TemplateParams } from "../../mail/templates.js";

export type OutboxRow = Pick<
  typeof outbox.$inferSelect,
  "id" | "tenantId" | "task" | "version" | "payload" | "recipient" | "template" | "subject" | "textBody" | "htmlBody" | "attempts"
>;

/** Transactions that queued something: only those wake the worker when they commit. */
const queuedIn = new WeakSet<object>();
export const queuedSomething = (tx: object) => queuedIn.has(tx);

/**
 * Queues an email in the transaction that makes the change it reports (PLT-3). Only the facts are
 * stored; the worker renders the template when it sends.
 */
export async function queueEmail<N extends TemplateName>(db: Executor, tenantId: string, template: N, params: TemplateParams<N>, now: Date) {
  const payload = mailTemplates[template].params.parse(params) as { to: string };
  await db.insert(outbox).values({
    tenantId: assertTenant(tenantId),
    task: `email.${template}`,
    version: 1,
    payload,
    recipient: payload.to,
    template,
    createdAt: now,
    nextAttemptAt: now,
  });
  queuedIn.add(db);
}

const claimedColumns = sql`id, tenant_id as "tenantId", task, version, payload, recipient, template, subject,
  text_body as "textBody", html_body as "htmlBody", attempts`;

/**
 * Leases due rows to one worker. SKIP LOCKED keeps two workers on one database from taking the same
 * row or waiting for each other; a lease that runs out (its worker died) makes the row due again.
 */
export async function claimDueTasks(db: Executor, now: Date, leaseMs: number, limit: number, owner: string): Promise<OutboxRow[]> {
  const leaseUntil = new Date(now.getTime() + leaseMs);
  const result = await db.execute(sql`
    update ${outbox} set status = 'sending', locked_until = ${leaseUntil}, locked_by = ${owner}, attempts = attempts + 1
    where id in (
      select id from ${outbox}
      where (status = 'pending' and next_attempt_at <= ${now}) or (status = 'sending' and locked_until < ${now})
      order by id
      limit ${limit}
      for update skip locked
    )
    returning ${claimedColumns}`);
  return (result as unknown as { rows: OutboxRow[] }).rows;
}

/** Keeps this worker's leases alive while it is still working on them. */
export async function renewLeases(db: Executor, owner: string, until: Date) {
  await db.execute(sql`update ${outbox} set locked_until = ${until} where locked_by = ${owner} and status = 'sending'`);
}

/**
 * Gives back rows claimed and not finished: due again at once, the attempt not counted. Those of one worker
 * (it is stopping), or of every worker (`owner` null: the embedded database admits one process, so at its
 * start any lease is left over from a run that was killed).
 */
export async function releaseLeases(db: Executor, owner: string | null, now: Date) {
  const r = await db.execute(sql`
    update ${outbox} set status = 'pending', locked_until = null, locked_by = null, next_attempt_at = ${now},
      attempts = greatest(attempts - 1, 0)
    where status = 'sending' ${owner === null ? sql`` : sql`and locked_by = ${owner}`}
    returning id`);
  return (r as unknown as { rows: unknown[] }).rows.length;
}

/** Records the outcome; a worker whose lease was taken over by another changes nothing. */
export async function finishTask(
  db: Executor,
  id: number,
  owner: string,
  v: {
    status: OutboxStatus;
    lastError?: string | null;
    nextAttemptAt?: Date;
    sentAt?: Date;
    rendered?: { subject: string; text: string; html: string };
  },
) {
  const { rendered, ...rest } = v;
  const rows = await db
    .update(outbox)
    .set({
      ...rest,
      ...(rendered ? { subject: rendered.subject, textBody: rendered.text, htmlBody: rendered.html } : {}),
      lockedUntil: null,
      lockedBy: null,
    })
    .where(and(eq(outbox.id, id), eq(outbox.status, "sending"), eq(outbox.lockedBy, owner)))
    .returning({ id: outbox.id });
  return rows.length === 1;
}

export interface EmailFilter {
  q?: string;
  status?: OutboxStatus;
  page: number;
  pageSize: number;
}

const listColumns = {
  id: outbox.id,
  task: outbox.task,
  version: outbox.version,
  // Attached files (an invoice's PDF, as base64) stay in the database: the log names them only.
  payload: sql<unknown>`(${outbox.payload} - 'attachments')`,
  attachments: sql<string[]>`array(select a->>'filename' from jsonb_array_elements(case when jsonb_typeof(${outbox.payload}->'attachments') = 'array' then ${outbox.payload}->'attachments' else '[]'::jsonb end) a)`,
  recipient: outbox.recipient,
  template: outbox.template,
  subject: outbox.subject,
  status: outbox.status,
  attempts: outbox.attempts,
  lastError: outbox.lastError,
  createdAt: outbox.createdAt,
  sentAt: outbox.sentAt,
};

export async function listEmails(db: Executor, tenantId: string, f: EmailFilter) {
  const $ = sql.placeholder;
  const where = () => {
    const w: SQL[] = [eq(outbox.tenantId, $("tenantId")), sql`${outbox.task} like 'email.%'`];
    if (f.status) w.push(eq(outbox.status, $("status")));
    if (f.q) {
      w.push(sql`(lower(${outbox.recipient}) like ${$("like")} or lower(coalesce(${outbox.subject}, '')) like ${$("like")} or lower(${outbox.template}) like ${$("like")})`);
    }
    return w;
  };
  return keyedPage(
    db,
    {
      shape: `emails ${Boolean(f.status)} ${Boolean(f.q)}`,
      values: { tenantId: assertTenant(tenantId), status: f.status, like: f.q ? containing(f.q) : undefined },
      matching: (fields) => db.select(fields).from(outbox).where(and(...where())).$dynamic(),
      id: outbox.id,
      keys: [{ by: outbox.id, dir: "desc" }],
      page: f.page,
      pageSize: f.pageSize,
    },
    (p) => db.select({ ...listColumns, n: p.n }).from(p.from).innerJoin(outbox, eq(outbox.id, p.id)).$dynamic(),
  );
}

export async function getEmail(db: Executor, tenantId: string, id: number) {
  const rows = await db
    .select({ ...listColumns, textBody: outbox.textBody, htmlBody: outbox.htmlBody })
    .from(outbox)
    .where(and(inTenant(outbox.tenantId, tenantId), eq(outbox.id, id), sql`${outbox.task} like 'email.%'`));
  return rows[0];
}
