import { and, desc, eq, type SQL, sql } from "drizzle-orm";
import type { Executor } from "../../db/client.js";
import { type OutboxStatus, outbox } from "../../db/schema/index.js";
import { cappedCount, countLimit } from "../../db/paging.js";
import { assertTenant, inTenant } from "../../db/tenant-scope.js";

export type OutboxRow = typeof outbox.$inferSelect;
export interface EmailMessage {
  to: string;
  template: string;
  subject: string;
  text: string;
  html: string;
}

/** Call with the transaction that makes the change the email reports (PLT-3). */
export async function enqueueEmail(db: Executor, tenantId: string, m: EmailMessage, now: Date) {
  await db.insert(outbox).values({
    tenantId: assertTenant(tenantId),
    createdAt: now,
    nextAttemptAt: now,
    recipient: m.to,
    template: m.template,
    subject: m.subject,
    textBody: m.text,
    htmlBody: m.html,
  });
}

/**
 * Leases due rows to one worker. SKIP LOCKED keeps two workers on one database from taking
 * the same row; a lease that runs out (the worker died mid-send) makes the row due again.
 */
export async function claimDueEmails(db: Executor, now: Date, leaseMs: number, limit: number): Promise<OutboxRow[]> {
  const leaseUntil = new Date(now.getTime() + leaseMs);
  const result = await db.execute(sql`
    update ${outbox} set status = 'sending', locked_until = ${leaseUntil}, attempts = attempts + 1
    where id in (
      select id from ${outbox}
      where (status = 'pending' and next_attempt_at <= ${now}) or (status = 'sending' and locked_until < ${now})
      order by id
      limit ${limit}
      for update skip locked
    )
    returning id, tenant_id as "tenantId", recipient, template, subject, text_body as "textBody",
      html_body as "htmlBody", attempts`);
  return (result as unknown as { rows: OutboxRow[] }).rows;
}

export async function finishEmail(
  db: Executor,
  id: number,
  v: { status: OutboxStatus; lastError?: string | null; nextAttemptAt?: Date; sentAt?: Date },
) {
  await db
    .update(outbox)
    .set({ ...v, lockedUntil: null })
    .where(and(eq(outbox.id, id), eq(outbox.status, "sending")));
}

export interface EmailFilter {
  q?: string;
  status?: OutboxStatus;
  page: number;
  pageSize: number;
}

const listColumns = {
  id: outbox.id,
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
  const where: SQL[] = [inTenant(outbox.tenantId, tenantId)];
  if (f.status) where.push(eq(outbox.status, f.status));
  if (f.q) {
    const like = `%${f.q.toLowerCase().replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    where.push(sql`(lower(${outbox.recipient}) like ${like} or lower(${outbox.subject}) like ${like})`);
  }
  const [items, count] = await Promise.all([
    db
      .select(listColumns)
      .from(outbox)
      .where(and(...where))
      .orderBy(desc(outbox.id))
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize),
    cappedCount(db, db.select({ one: sql`1` }).from(outbox).where(and(...where)), countLimit(f.page, f.pageSize)),
  ]);
  return { items, ...count };
}

export async function getEmail(db: Executor, tenantId: string, id: number) {
  const rows = await db
    .select({ ...listColumns, textBody: outbox.textBody, htmlBody: outbox.htmlBody })
    .from(outbox)
    .where(and(inTenant(outbox.tenantId, tenantId), eq(outbox.id, id)));
  return rows[0];
}
