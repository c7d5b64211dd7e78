/** Staff actions on a contact's portal access (ACC-1..ACC-12). */
import { randomInt } from "node:crypto";
import type { z } from "zod";
import type { batchGrantBody, grantAccessBody } from "../../../shared/api.js";
import { type Deps, inTransaction } from "../../deps.js";
import { AppError, conflict, invalid } from "../../errors.js";
import type { StaffActor } from "../../policy/actors.js";
import { authorize } from "../../policy/policy.js";
import type { Repos } from "../../repos.js";
import type { ContactView } from "../contacts/contacts.repo.js";
import type { ContactsService } from "../contacts/contacts.service.js";
import type { LinkKind, Links } from "./links.js";
import type { EventActor } from "./portal-events.repo.js";

/** What fixes a refused grant from the batch result (ACC-10): an email address, or a generated username (ACC-2). */
type GrantFix = "add_email" | "generate_username";

const staffEventActor = (a: StaffActor, ip?: string): EventActor => ({ kind: "staff", id: a.staffId, name: a.name, ip });

function requireStatus(c: ContactView, allowed: ContactView["portalStatus"][], message: string) {
  if (!allowed.includes(c.portalStatus)) throw new AppError("CONFLICT", message);
}

export function createPortalAccessService(
  d: Deps,
  {
    contacts: contactsRepo,
    accounts: { findAccountIds },
    sessions: { deleteContactSessions },
    portalEvents: { listEvents, portalEventTypes, recordEvent },
    tokens: { voidContactTokens },
  }: Pick<Repos, "contacts" | "accounts" | "sessions" | "portalEvents" | "tokens">,
  { contacts: { getContact, loadContact }, links: { sendPasswordLink } }: { contacts: ContactsService; links: Links },
) {
  async function loadForManage(actor: StaffActor, id: string) {
    const c = await loadContact(actor, id);
    authorize(actor, "portalAccess.manage", { tenantId: c.tenantId, archived: c.archivedAt !== null });
    return c;
  }

  async function assertUsernameFree(tenantId: string, username: string, contactId: string, field = "username") {
    if (await contactsRepo.usernameTaken(d.db, tenantId, username, contactId)) {
      throw conflict("This username is already taken; choose another or press Generate", field);
    }
  }

  /**
   * Why this contact cannot be given portal access now, and what would fix it in place; null when it can.
   * Never a second login for one person: an email that already signs in is refused before any username check.
   */
  async function grantRefusal(actor: StaffActor, c: ContactView, username: string | undefined): Promise<{ error: AppError; fix: GrantFix | null } | null> {
    if (!c.email) {
      const message = "Add an email address to the contact before granting portal access.";
      return { error: new AppError("VALIDATION", message, [{ field: "email", message }]), fix: "add_email" };
    }
    if (c.portalStatus !== "not_enabled") return { error: new AppError("CONFLICT", "This contact already has portal access"), fix: null };
    if (c.accounts.length === 0) return { error: invalid("accountIds", "the contact must belong to an account first"), fix: null };
    const same = await contactsRepo.otherPortalUserWithEmail(d.db, actor.tenantId, c.email, c.id);
    if (same) {
      const name = `${same.firstName} ${same.lastName}`.trim();
      const message = `${name} already signs in to the portal with this email address.`;
      return {
        error: new AppError("CONFLICT", `${message} Add this contact's accounts to ${name} instead of inviting a second login.`, [{ field: "email", message }], { id: same.id, name }),
        fix: null,
      };
    }
    if (await contactsRepo.usernameTaken(d.db, actor.tenantId, username ?? c.email.trim(), c.id)) {
      return { error: conflict("This username is already taken; choose another or press Generate", username ? "username" : "email"), fix: "generate_username" };
    }
    return null;
  }

  /** ACC-1, ACC-2, ACC-3: give a contact with an email portal access, and by default email the activation link. */
  async function grantOne(actor: StaffActor, c: ContactView, username: string | undefined, linkKind: LinkKind | null, ip?: string) {
    const refused = await grantRefusal(actor, c, username);
    if (refused) throw refused.error;
    await recordGrant(actor, c, username, linkKind, ip);
  }

  /** The grant itself, once grantRefusal found nothing in the way. */
  async function recordGrant(actor: StaffActor, c: ContactView, username: string | undefined, linkKind: LinkKind | null, ip?: string) {
    const name = username ?? c.email!.trim();
    const now = d.clock();
    await inTransaction(
      d,
      async (tx) => {
        await contactsRepo.updateContact(tx, actor.tenantId, c.id, {
          portalUsername: name,
          portalStatus: "invited",
          passwordHash: null,
          activatedAt: null,
          failedLoginCount: 0,
          lockedUntil: null,
        });
        await recordEvent(tx, actor.tenantId, c.id, "granted", staffEventActor(actor, ip), now, { username: name });
        if (linkKind) {
          await sendPasswordLink(tx, actor.tenantId, { ...c, portalUsername: name }, linkKind, staffEventActor(actor, ip));
        }
      },
      "This username or email is already used by another portal user",
    );
  }

  async function grantAccess(actor: StaffActor, id: string, body: z.infer<typeof grantAccessBody>, ip?: string) {
    const c = await loadForManage(actor, id);
    await grantOne(actor, c, body.username, body.sendActivationEmail ? "activation" : null, ip);
    return getContact(actor, id);
  }

  /** ACC-2 generate: first initial + last name, made unique with a number. */
  async function suggestUsername(actor: StaffActor, id: string) {
    const c = await loadForManage(actor, id);
    const ascii = (s: string) =>
      s
        .normalize("NFKD")
        .replace(/[^\x00-\x7f]/g, "")
        .toLowerCase()
        .replace(/[^a-z0-9]/g, "");
    const base = (ascii(c.firstName).slice(0, 1) + ascii(c.lastName)).slice(0, 40) || "user";
    for (let i = 0; i < 20; i++) {
      const candidate = i === 0 ? base : `${base}${randomInt(10, 10 ** Math.min(2 + i, 6))}`;
      if (candidate.length >= 3 && !(await contactsRepo.usernameTaken(d.db, actor.tenantId, candidate, id))) {
        return { username: candidate };
      }
    }
    return { username: `${base}${randomInt(10 ** 7, 10 ** 8)}` };
  }

  async function sendLink(actor: StaffActor, id: string, kind: "activation" | "reset_staff" | "send_login", ip?: string) {
    const c = await loadForManage(actor, id);
    if (kind === "activation") requireStatus(c, ["invited"], "Only a contact who has not activated yet can be sent a new activation link");
    else requireStatus(c, ["invited", "active"], "The contact's portal access is not enabled");
    await inTransaction(d, (tx) => sendPasswordLink(tx, actor.tenantId, c, kind, staffEventActor(actor, ip)));
    return getContact(actor, id);
  }

  /** ACC-7: a new username needs a new password, so the old one stops working and a reset link is sent. */
  async function changeUsername(actor: StaffActor, id: string, username: string, ip?: string) {
    const c = await loadForManage(actor, id);
    requireStatus(c, ["invited", "active"], "Enable the contact's portal access before changing the username");
    if (c.portalUsername?.toLowerCase() === username.toLowerCase()) throw invalid("username", "is the current username");
    await assertUsernameFree(actor.tenantId, username, id);
    const now = d.clock();
    await inTransaction(
      d,
      async (tx) => {
        await contactsRepo.updateContact(tx, actor.tenantId, id, { portalUsername: username, passwordHash: null, portalStatus: "invited" });
        await deleteContactSessions(tx, actor.tenantId, [id]);
        await recordEvent(tx, actor.tenantId, id, "username_changed", staffEventActor(actor, ip), now, { from: c.portalUsername, to: username });
        await sendPasswordLink(tx, actor.tenantId, { ...c, portalUsername: username }, "reset_username_changed", staffEventActor(actor, ip));
      },
      "This username is already taken",
    );
    return getContact(actor, id);
  }

  /** ACC-6: disable keeps the username; revoke clears it. Both end every live session at once. */
  async function endAccess(actor: StaffActor, id: string, mode: "disable" | "revoke", ip?: string) {
    const c = await loadForManage(actor, id);
    if (mode === "disable") requireStatus(c, ["invited", "active"], "Portal access is not enabled");
    else requireStatus(c, ["invited", "active", "disabled"], "The contact has no portal access to revoke");
    const now = d.clock();
    await inTransaction(d, async (tx) => {
      if (mode === "disable") await contactsRepo.updateContact(tx, actor.tenantId, id, { portalStatus: "disabled" });
      else await contactsRepo.clearPortalAccess(tx, actor.tenantId, id);
      await deleteContactSessions(tx, actor.tenantId, [id]);
      await voidContactTokens(tx, actor.tenantId, id, now);
      await recordEvent(tx, actor.tenantId, id, mode === "disable" ? "disabled" : "revoked", staffEventActor(actor, ip), now);
    });
    return getContact(actor, id);
  }

  async function enableAccess(actor: StaffActor, id: string, ip?: string) {
    const c = await loadForManage(actor, id);
    requireStatus(c, ["disabled"], "Portal access is not disabled");
    const creds = await contactsRepo.getContactCredentials(d.db, actor.tenantId, id);
    await inTransaction(d, async (tx) => {
      await contactsRepo.updateContact(tx, actor.tenantId, id, { portalStatus: creds?.passwordHash ? "active" : "invited" });
      await recordEvent(tx, actor.tenantId, id, "enabled", staffEventActor(actor, ip), d.clock());
    });
    return getContact(actor, id);
  }

  async function unlock(actor: StaffActor, id: string, ip?: string) {
    await loadForManage(actor, id);
    await inTransaction(d, async (tx) => {
      await contactsRepo.updateContact(tx, actor.tenantId, id, { lockedUntil: null, failedLoginCount: 0 });
      await recordEvent(tx, actor.tenantId, id, "unlocked", staffEventActor(actor, ip), d.clock());
    });
    return getContact(actor, id);
  }

  /** ACC-11: staff approve a pending sign-up into an account, which sends the activation email. */
  async function decideSignup(actor: StaffActor, id: string, decision: { accountId: string } | "reject", ip?: string) {
    const c = await loadForManage(actor, id);
    if (c.signupStatus !== "pending") throw new AppError("CONFLICT", "This contact has no sign-up waiting for approval");
    const now = d.clock();
    if (decision === "reject") {
      await inTransaction(d, async (tx) => {
        await contactsRepo.updateContact(tx, actor.tenantId, id, { signupStatus: "rejected", archivedAt: now });
        await recordEvent(tx, actor.tenantId, id, "signup_rejected", staffEventActor(actor, ip), now);
      });
      return getContact(actor, id);
    }
    const [account] = await findAccountIds(d.db, actor.tenantId, [decision.accountId]);
    if (!account || account.archivedAt) throw invalid("accountId", "does not exist or is archived");
    await inTransaction(d, async (tx) => {
      await contactsRepo.setMemberships(tx, actor.tenantId, id, [decision.accountId]);
      await contactsRepo.updateContact(tx, actor.tenantId, id, { signupStatus: "approved" });
      await recordEvent(tx, actor.tenantId, id, "signup_approved", staffEventActor(actor, ip), now);
    });
    const fresh = await loadContact(actor, id);
    await grantOne(actor, fresh, undefined, "activation", ip);
    return getContact(actor, id);
  }

  async function history(actor: StaffActor, id: string) {
    const c = await loadContact(actor, id);
    authorize(actor, "portalAccess.history", { tenantId: c.tenantId });
    const rows = await listEvents(d.db, actor.tenantId, id);
    return {
      items: rows.map((e) => ({
        id: e.id,
        type: e.type,
        label: portalEventTypes[e.type as keyof typeof portalEventTypes] ?? e.type,
        actor: e.actorName ?? (e.actorKind === "system" ? "System" : e.actorKind === "anonymous" ? "Anonymous" : e.actorKind),
        ip: e.ip,
        detail: e.detail,
        createdAt: e.createdAt.toISOString(),
      })),
    };
  }

  /** ACC-10: grant many contacts at once (username = email); each row succeeds or fails on its own. */
  async function batchGrant(actor: StaffActor, body: z.infer<typeof batchGrantBody>, ip?: string) {
    authorize(actor, "portalAccess.manage");
    const ids = [...new Set(body.contactIds)];
    const found = new Map((await contactsRepo.getContactsByIds(d.db, actor.tenantId, ids)).map((c) => [c.id, c]));
    const results = [];
    for (const id of ids) {
      const c = found.get(id);
      if (!c) {
        results.push({ contactId: id, name: null, ok: false, status: null, message: "Contact not found", fix: null });
        continue;
      }
      const name = `${c.firstName} ${c.lastName}`;
      try {
        authorize(actor, "portalAccess.manage", { tenantId: c.tenantId, archived: c.archivedAt !== null });
        const refused = await grantRefusal(actor, c, undefined);
        if (refused) {
          results.push({ contactId: id, name, ok: false, status: c.portalStatus, message: refused.error.fields?.[0]?.message ?? refused.error.message, fix: refused.fix });
          continue;
        }
        await recordGrant(actor, c, undefined, body.sendWelcomeEmail ? "welcome" : null, ip);
        results.push({ contactId: id, name, ok: true, status: "invited" as const, message: body.sendWelcomeEmail ? "Access granted, welcome email queued" : "Access granted", fix: null });
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        results.push({ contactId: id, name, ok: false, status: c.portalStatus, message: err.fields?.[0]?.message ?? err.message, fix: null });
      }
    }
    return { results };
  }

  return { grantAccess, suggestUsername, sendLink, changeUsername, endAccess, enableAccess, unlock, decideSignup, history, batchGrant };
}
export type PortalAccessService = ReturnType<typeof createPortalAccessService>;
