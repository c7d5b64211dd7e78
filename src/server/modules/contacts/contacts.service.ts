import type { z } from "zod";
import type { ReadAs } from "../sessions/sessions.service.js";
import type { contactBody, contactListQuery, updateContactBody } from "../../../shared/api.js";
import { type Deps, inTransaction } from "../../deps.js";
import type { Repos } from "../../repos.js";
import { AppError, conflict, invalid, notFound } from "../../errors.js";
import type { StaffActor } from "../../policy/actors.js";
import { authorize, can } from "../../policy/policy.js";
import { presentContact, presentContactList } from "./contacts.presenter.js";

export function createContactsService(
  d: Deps,
  {
    contacts: repo,
    accounts: { findAccountIds },
    portalEvents: { recordEvent },
    tokens: { voidContactTokens },
    sessions: { deleteContactSessions },
  }: Pick<Repos, "contacts" | "accounts" | "portalEvents" | "tokens" | "sessions">,
) {
  /** One statement: the page, its count and the session's check (`as`). Its rows come as JSON the database keeps (`list_row`). */
  async function listContacts(as: ReadAs<StaffActor>, q: z.infer<typeof contactListQuery>) {
    return as.read(async (actor, check) => {
      authorize(actor, "contact.read");
      const { rows, states, total, totalCapped, session } = await repo.listContactRows(d.db, actor.tenantId, q, check);
      return { session, value: presentContactList(actor, rows, states, { total, totalCapped, page: q.page, pageSize: q.pageSize }) };
    });
  }

  async function loadContact(actor: StaffActor, id: string) {
    const c = await repo.getContact(d.db, actor.tenantId, id);
    if (!c) throw notFound("Contact not found");
    return c;
  }

  async function getContact(actor: StaffActor, id: string) {
    authorize(actor, "contact.read");
    return presentContact(actor, await loadContact(actor, id));
  }

  /** Every id must be an active account of the tenant; a foreign id is refused like a missing one. */
  async function assertAccounts(tenantId: string, ids: string[]) {
    const unique = [...new Set(ids)];
    const found = await findAccountIds(d.db, tenantId, unique);
    if (found.length !== unique.length || found.some((a) => a.archivedAt)) {
      throw invalid("accountIds", "contains an account that does not exist or is archived");
    }
    return unique;
  }

  /** One person, one contact (ROL-5): an email another live contact has is refused, naming that contact to whoever may read it. */
  async function assertEmailNew(actor: StaffActor, email: string | null) {
    const same = email ? await repo.liveContactWithEmail(d.db, actor.tenantId, email) : undefined;
    if (!same) return;
    if (!can(actor, "contact.read")) throw conflict("Another contact already has this email address.", "email");
    const name = `${same.firstName} ${same.lastName}`.trim();
    throw new AppError(
      "CONFLICT",
      `${name} already has this email address. Add the account to ${name} instead of creating a second contact.`,
      [{ field: "email", message: `${name} already has this email address.` }],
      { id: same.id, name },
    );
  }

  async function createContact(actor: StaffActor, body: z.infer<typeof contactBody>) {
    authorize(actor, "contact.create");
    const accountIds = await assertAccounts(actor.tenantId, body.accountIds);
    const { accountIds: _, ...values } = body;
    await assertEmailNew(actor, values.email);
    const id = await inTransaction(d, async (tx) => {
      const id = await repo.insertContact(tx, actor.tenantId, values);
      await repo.setMemberships(tx, actor.tenantId, id, accountIds);
      return id;
    });
    return getContact(actor, id);
  }

  async function updateContact(actor: StaffActor, id: string, body: z.infer<typeof updateContactBody>) {
    const c = await loadContact(actor, id);
    authorize(actor, "contact.update", { tenantId: c.tenantId, archived: c.archivedAt !== null });
    const accountIds = body.accountIds ? await assertAccounts(actor.tenantId, body.accountIds) : undefined;
    const { accountIds: _, ...values } = body;
    if (c.portalUsername && "email" in values) {
      if (!values.email) throw invalid("email", "is required while the contact has portal access");
      if (await repo.portalEmailTaken(d.db, actor.tenantId, values.email, id)) {
        throw conflict("Another portal user already has this email address", "email");
      }
    }
    await inTransaction(
      d,
      async (tx) => {
        await repo.updateContact(tx, actor.tenantId, id, values);
        if (accountIds) {
          await repo.setMemberships(tx, actor.tenantId, id, accountIds);
          // Sessions viewing an account the contact left fall back to another on their next request.
        }
      },
      "Another portal user already has this email address",
    );
    return getContact(actor, id);
  }

  async function setContactArchived(actor: StaffActor, id: string, archive: boolean) {
    const c = await loadContact(actor, id);
    authorize(actor, archive ? "contact.archive" : "contact.restore", { tenantId: c.tenantId, archived: c.archivedAt !== null });
    const now = d.clock();
    await inTransaction(d, async (tx) => {
      await repo.updateContact(tx, actor.tenantId, id, { archivedAt: archive ? now : null });
      // A restored contact comes back without portal access: staff grant it anew if it is still wanted.
      if (!archive) await repo.clearPortalAccess(tx, actor.tenantId, id);
      if (archive) {
        // ACC-6: archiving ends access at once.
        await deleteContactSessions(tx, actor.tenantId, [id]);
        await voidContactTokens(tx, actor.tenantId, id, now);
        if (c.portalStatus !== "not_enabled") {
          await recordEvent(tx, actor.tenantId, id, "archived", { kind: "staff", id: actor.staffId, name: actor.name }, now);
        }
      }
    });
    return getContact(actor, id);
  }

  return { listContacts, loadContact, getContact, createContact, updateContact, setContactArchived };
}
export type ContactsService = ReturnType<typeof createContactsService>;
