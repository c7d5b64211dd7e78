import type { z } from "zod";
import type { accountBody, accountListQuery, updateAccountBody } from "../../../shared/api.js";
import { type Deps, inTransaction } from "../../deps.js";
import { conflict, notFound } from "../../errors.js";
import type { StaffActor } from "../../policy/actors.js";
import { authorize } from "../../policy/policy.js";
import { deleteAccountSessions } from "../sessions/sessions.repo.js";
import { presentAccount } from "./accounts.presenter.js";
import * as repo from "./accounts.repo.js";

export async function listAccounts(d: Deps, actor: StaffActor, q: z.infer<typeof accountListQuery>) {
  authorize(actor, "account.read");
  const { items, total } = await repo.listAccounts(d.db, actor.tenantId, q);
  return { items: items.map((a) => presentAccount(actor, a)), total, page: q.page, pageSize: q.pageSize };
}

async function loadAccount(d: Deps, actor: StaffActor, id: string) {
  const a = await repo.getAccount(d.db, actor.tenantId, id);
  if (!a) throw notFound("Account not found");
  return a;
}

export async function getAccount(d: Deps, actor: StaffActor, id: string) {
  authorize(actor, "account.read");
  return presentAccount(actor, await loadAccount(d, actor, id));
}

async function assertNumberFree(d: Deps, tenantId: string, number: string | null | undefined, exceptId?: string) {
  if (!number) return;
  const other = await repo.findAccountByNumber(d.db, tenantId, number);
  if (other && other.id !== exceptId) throw conflict("Another account already has this number", "number");
}

export async function createAccount(d: Deps, actor: StaffActor, body: z.infer<typeof accountBody>) {
  authorize(actor, "account.create");
  await assertNumberFree(d, actor.tenantId, body.number);
  const id = await inTransaction(d, (tx) => repo.insertAccount(tx, actor.tenantId, body), "Another account already has this number");
  return getAccount(d, actor, id);
}

export async function updateAccount(d: Deps, actor: StaffActor, id: string, body: z.infer<typeof updateAccountBody>) {
  const a = await loadAccount(d, actor, id);
  authorize(actor, "account.update", { tenantId: a.tenantId, archived: a.archivedAt !== null });
  await assertNumberFree(d, actor.tenantId, body.number, id);
  await inTransaction(
    d,
    async (tx) => {
      await repo.updateAccount(tx, actor.tenantId, id, body);
      // ACC-6: switching the account's portal off ends its contacts' sessions at once.
      if (body.portalEnabled === false && a.portalEnabled) await deleteAccountSessions(tx, actor.tenantId, id);
    },
    "Another account already has this number",
  );
  return getAccount(d, actor, id);
}

export async function setAccountArchived(d: Deps, actor: StaffActor, id: string, archive: boolean) {
  const a = await loadAccount(d, actor, id);
  authorize(actor, archive ? "account.archive" : "account.restore", { tenantId: a.tenantId, archived: a.archivedAt !== null });
  await inTransaction(d, async (tx) => {
    await repo.updateAccount(tx, actor.tenantId, id, { archivedAt: archive ? d.clock() : null });
    if (archive) await deleteAccountSessions(tx, actor.tenantId, id);
  });
  return getAccount(d, actor, id);
}
