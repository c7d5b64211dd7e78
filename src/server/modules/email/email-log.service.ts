import type { z } from "zod";
import type { emailLogQuery } from "../../../shared/api.js";
import type { Deps } from "../../deps.js";
import { notFound } from "../../errors.js";
import type { StaffActor } from "../../policy/actors.js";
import { authorize } from "../../policy/policy.js";
import { getEmail, listEmails } from "./outbox.repo.js";

const present = <T extends { createdAt: Date; sentAt: Date | null }>(r: T) => ({
  ...r,
  createdAt: r.createdAt.toISOString(),
  sentAt: r.sentAt?.toISOString() ?? null,
});

export async function listEmailLog(d: Deps, actor: StaffActor, q: z.infer<typeof emailLogQuery>) {
  authorize(actor, "emailLog.read");
  const { items, total, totalCapped } = await listEmails(d.db, actor.tenantId, q);
  return { items: items.map(present), total, totalCapped, page: q.page, pageSize: q.pageSize };
}

export async function readEmail(d: Deps, actor: StaffActor, id: number) {
  authorize(actor, "emailLog.read");
  const row = await getEmail(d.db, actor.tenantId, id);
  if (!row) throw notFound("Email not found");
  return present(row);
}
