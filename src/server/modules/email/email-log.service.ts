import type { z } from "zod";
import type { emailLogQuery } from "../../../shared/api.js";
import type { Deps } from "../../deps.js";
import type { Repos } from "../../repos.js";
import { notFound } from "../../errors.js";
import type { StaffActor } from "../../policy/actors.js";
import { authorize } from "../../policy/policy.js";
import { emailContent } from "../../worker/tasks.js";

type Row = Awaited<ReturnType<Repos["outbox"]["listEmails"]>>["items"][number] & { textBody?: string | null; htmlBody?: string | null };

/**
 * A staff reset link sets the password of the staff member it was sent to: anyone who may read the log
 * could take over that account with it, an administrator's too. The log shows the email without it.
 */
const hidden = "token=(hidden in the email log)";
const withoutStaffLinks = (r: Row, c: { subject: string; text: string; html: string }) =>
  r.template === "staff_reset" ? { ...c, text: c.text.replace(/token=[\w-]+/g, hidden), html: c.html.replace(/token=[\w-]+/g, hidden) } : c;

const present = (r: Row) => {
  const c = withoutStaffLinks(r, emailContent(r) ?? { subject: "", text: "", html: "" });
  return {
    id: r.id,
    recipient: r.recipient ?? "",
    template: r.template ?? r.task,
    subject: c.subject,
    status: r.status,
    attempts: r.attempts,
    lastError: r.lastError,
    createdAt: r.createdAt.toISOString(),
    sentAt: r.sentAt?.toISOString() ?? null,
    attachments: r.attachments ?? [],
    ...(r.textBody !== undefined ? { textBody: c.text, htmlBody: c.html } : {}),
  };
};

export function createEmailLogService(d: Deps, { outbox: { getEmail, listEmails } }: Pick<Repos, "outbox">) {
  async function listEmailLog(actor: StaffActor, q: z.infer<typeof emailLogQuery>) {
    authorize(actor, "emailLog.read");
    const { items, total, totalCapped } = await listEmails(d.db, actor.tenantId, q);
    return { items: items.map(present), total, totalCapped, page: q.page, pageSize: q.pageSize };
  }

  async function readEmail(actor: StaffActor, id: number) {
    authorize(actor, "emailLog.read");
    const row = await getEmail(d.db, actor.tenantId, id);
    if (!row) throw notFound("Email not found");
    return present(row);
  }

  return { listEmailLog, readEmail };
}
export type EmailLogService = ReturnType<typeof createEmailLogService>;
