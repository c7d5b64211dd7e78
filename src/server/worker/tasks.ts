/**
 * The registry of background tasks. A task is queued in the outbox, in the transaction of the change
 * it reports, as `{task, version, payload}`; the worker validates the payload against the task's schema
 * and runs its handler. Handlers must be safe to run twice (a lease can run out mid-send).
 */
import { z } from "zod";
import { emailAttachmentsSchema, mailTemplates, type RenderedEmail, type TemplateName } from "../mail/templates.js";

export interface TaskDefinition<P = unknown> {
  id: string;
  version: number;
  payload: z.ZodType<P>;
  /** Emails: what the task sends, rendered from its payload. */
  render(payload: P): RenderedEmail;
}

const emailTask = <N extends TemplateName>(name: N): TaskDefinition => ({
  id: `email.${name}`,
  version: 1,
  payload: mailTemplates[name].params as z.ZodType,
  render: (p) => (mailTemplates[name].render as (p: unknown) => RenderedEmail)(p),
});

const taskRegistry = new Map((Object.keys(mailTemplates) as TemplateName[]).map(emailTask).map((t) => [`${t.id}@${t.version}`, t]));

export interface QueuedEmail {
  task: string;
  version: number;
  payload: unknown;
  subject: string | null;
  textBody?: string | null;
  htmlBody?: string | null;
}

/**
 * What a queued email says: its stored content once rendered (a sent or retried email, and rows queued
 * before tasks existed, task `email.stored`), else rendered now from its facts; null for an unknown
 * task or an invalid payload.
 */
export function emailContent(r: QueuedEmail): RenderedEmail | null {
  if (r.subject !== null) return { subject: r.subject, text: r.textBody ?? "", html: r.htmlBody ?? "" };
  const def = taskRegistry.get(`${r.task}@${r.version}`);
  const parsed = def?.payload.safeParse(r.payload);
  return def && parsed?.success ? def.render(parsed.data) : null;
}

/** The files a queued email carries, decoded for the transport; none when the payload names none (or is not valid). */
export function emailAttachments(payload: unknown): { filename: string; contentType: string; content: Buffer }[] {
  const parsed = emailAttachmentsSchema.safeParse((payload as { attachments?: unknown } | null)?.attachments ?? []);
  return parsed.success ? parsed.data.map((a) => ({ filename: a.filename, contentType: a.contentType, content: Buffer.from(a.contentBase64, "base64") })) : [];
}
