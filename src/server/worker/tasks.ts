/**
 * The registry of background tasks. A task is queued in the outbox, in the transaction of the change
 * it reports, as `{task, version, payload}`; the worker validates the payload against the task's schema
 * and runs its handler. Handlers must be safe to run twice (a lease can run out mid-send).
 */
import { z } from "zod";
import { mailTemplates, type RenderedEmail, type TemplateName } from "../mail/templates.js";

export interface TaskDefinition<P = unknown> {
  id: string;
  version: number;
  payload: z.ZodType<P>;
  /** Emails: what the task sends, rendered from its payload (also what the email log shows). */
  render(payload: P, stored: Partial<RenderedEmail>): RenderedEmail;
}

const emailTask = <N extends TemplateName>(name: N): TaskDefinition => ({
  id: `email.${name}`,
  version: 1,
  payload: mailTemplates[name].params as z.ZodType,
  render: (p) => (mailTemplates[name].render as (p: unknown) => RenderedEmail)(p),
});

/** Emails queued before tasks existed: their content was rendered when they were queued. */
const storedEmail: TaskDefinition<Record<string, never>> = {
  id: "email.stored",
  version: 1,
  payload: z.object({}),
  render: (_p, stored) => ({ subject: stored.subject ?? "", text: stored.text ?? "", html: stored.html ?? "" }),
};

const definitions: TaskDefinition[] = [
  ...(Object.keys(mailTemplates) as TemplateName[]).map(emailTask),
  storedEmail as TaskDefinition,
];

export const taskRegistry = new Map(definitions.map((t) => [`${t.id}@${t.version}`, t]));

export function findTask(id: string, version: number): TaskDefinition | undefined {
  return taskRegistry.get(`${id}@${version}`);
}

export interface QueuedEmail {
  task: string;
  version: number;
  payload: unknown;
  subject: string | null;
  textBody?: string | null;
  htmlBody?: string | null;
}

/** What a queued email says: as sent once the worker has rendered it, else rendered now from its facts. */
export function emailContent(r: QueuedEmail): RenderedEmail {
  if (r.subject !== null) return { subject: r.subject, text: r.textBody ?? "", html: r.htmlBody ?? "" };
  const def = findTask(r.task, r.version);
  const parsed = def?.payload.safeParse(r.payload);
  if (!def || !parsed?.success) return { subject: "", text: "", html: "" };
  return def.render(parsed.data, {});
}
