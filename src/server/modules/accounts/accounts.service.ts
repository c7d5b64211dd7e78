import type { z } from "zod";
import type { accountBody, accountListQuery, updateAccountBody } from "../../../shared/api.js";
import { type Deps, inTransaction } from "../../deps.js";
import type { Repos } from "../../repos.js";
import { conflict, invalid, notFound } from "../../errors.js";
import type { StaffActor } from "../../policy/actors.js";
import { authorize } from "../../policy/policy.js";
import { presentAccount } from "./accounts.presenter.js";
import type { MembershipRow } from "./accounts.repo.js";

const presentMembership = (accountId: string, m: MembershipRow) => ({
  accountId,
  contactId: m.contactId,
  contactName: `${m.firstName} ${m.lastName}`,
  email: m.email,
  portalStatus: m.portalStatus,
  clientAdmin: m.clientAdmin,
  sendCopyOfTickets: m.sendCopyOfTickets,
  portalRoleId: m.portalRoleId,
});

export function createAccountsService(
  d: Deps,
  { accounts: repo, portalRoles: { findPortalRoleByName, getPortalRole }, sessions: { deleteAccountSessions }, staff: { getStaff } }: Pick<Repos, "accounts" | "portalRoles" | "sessions" | "staff">,
) {
  async function listAccounts(actor: StaffActor, q: z.infer<typeof accountListQuery>) {
    authorize(actor, "account.read");
    const { items, total, totalCapped } = await repo.listAccounts(d.db, actor.tenantId, q);
    return { items: items.map((a) => presentAccount(actor, a)), total, totalCapped, page: q.page, pageSize: q.pageSize };
  }

  async function loadAccount(actor: StaffActor, id: string) {
    const a = await repo.getAccount(d.db, actor.tenantId, id);
    if (!a) throw notFound("Account not found");
    return a;
  }

  async function getAccount(actor: StaffActor, id: string) {
    authorize(actor, "account.read");
    return presentAccount(actor, await loadAccount(actor, id));
  }

  async function assertNumberFree(tenantId: string, number: string | null | undefined, exceptId?: string) {
    if (!number) return;
    const other = await repo.findAccountByNumber(d.db, tenantId, number);
    if (other && other.id !== exceptId) throw conflict("Another account already has this number", "number");
  }

  /** ROL-3: a portal role of the tenant; new accounts get the built-in External User. */
  async function portalRoleFor(tenantId: string, id: string | undefined) {
    if (id) {
      if (!(await getPortalRole(d.db, tenantId, id))) throw invalid("portalRoleId", "is not a portal role");
      return id;
    }
    return (await findPortalRoleByName(d.db, tenantId, "External User"))?.id ?? null;
  }

  /** The account manager: an active staff member of this company (another tenant's is as unknown as a made-up id). */
  async function checkManager(tenantId: string, id: string | null | undefined, current: string | null = null) {
    if (!id || id === current) return;
    const s = await getStaff(d.db, tenantId, id);
    if (!s) throw invalid("managerStaffId", "is not a staff member");
    if (s.disabledAt) throw invalid("managerStaffId", "is disabled; choose an active staff member");
  }

  /** JOB-1: the account comes with its default job (insertAccount), so its contacts can raise tickets at once. */
  async function createAccount(actor: StaffActor, body: z.infer<typeof accountBody>) {
    authorize(actor, "account.create");
    await assertNumberFree(actor.tenantId, body.number);
    const portalRoleId = await portalRoleFor(actor.tenantId, body.portalRoleId);
    await checkManager(actor.tenantId, body.managerStaffId);
    const id = await inTransaction(d, (tx) => repo.insertAccount(tx, actor.tenantId, { ...body, portalRoleId }), "Another account already has this number");
    return getAccount(actor, id);
  }

  async function updateAccount(actor: StaffActor, id: string, body: z.infer<typeof updateAccountBody>) {
    const a = await loadAccount(actor, id);
    authorize(actor, "account.update", { tenantId: a.tenantId, archived: a.archivedAt !== null });
    await assertNumberFree(actor.tenantId, body.number, id);
    if (body.portalRoleId) await portalRoleFor(actor.tenantId, body.portalRoleId);
    await checkManager(actor.tenantId, body.managerStaffId, a.managerStaffId);
    await inTransaction(
      d,
      async (tx) => {
        await repo.updateAccount(tx, actor.tenantId, id, body);
        // ACC-6: switching the account's portal off ends its contacts' sessions at once.
        if (body.portalEnabled === false && a.portalEnabled) await deleteAccountSessions(tx, actor.tenantId, id);
      },
      "Another account already has this number",
    );
    return getAccount(actor, id);
  }

  async function setAccountArchived(actor: StaffActor, id: string, archive: boolean) {
    const a = await loadAccount(actor, id);
    authorize(actor, archive ? "account.archive" : "account.restore", { tenantId: a.tenantId, archived: a.archivedAt !== null });
    await inTransaction(d, async (tx) => {
      await repo.updateAccount(tx, actor.tenantId, id, { archivedAt: archive ? d.clock() : null });
      if (archive) await deleteAccountSessions(tx, actor.tenantId, id);
    });
    return getAccount(actor, id);
  }

  async function listAccountContacts(actor: StaffActor, id: string) {
    authorize(actor, "account.read");
    await loadAccount(actor, id);
    const rows = await repo.listMemberships(d.db, actor.tenantId, id);
    return { items: rows.map((m) => presentMembership(id, m)) };
  }

  /** ROL-4 and TKT-5: client administrator, and copies of new tickets, per membership. */
  async function updateAccountContact(
    actor: StaffActor,
    id: string,
    contactId: string,
    body: { clientAdmin?: boolean; sendCopyOfTickets?: boolean; portalRoleId?: string | null },
  ) {
    const a = await loadAccount(actor, id);
    authorize(actor, "portalAccess.manage", { tenantId: a.tenantId });
    if (body.portalRoleId) await portalRoleFor(actor.tenantId, body.portalRoleId);
    // A live session sees the new flags on its next request: the session lookup reads them.
    const ok = await inTransaction(d, (tx) => repo.updateMembership(tx, actor.tenantId, id, contactId, body));
    if (!ok) throw notFound("This contact does not belong to the account");
    const rows = await repo.listMemberships(d.db, actor.tenantId, id);
    return presentMembership(id, rows.find((m) => m.contactId === contactId)!);
  }

  return { listAccounts, getAccount, createAccount, updateAccount, setAccountArchived, listAccountContacts, updateAccountContact };
}
export type AccountsService = ReturnType<typeof createAccountsService>;
