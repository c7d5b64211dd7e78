/** The signed-in contact's own pages: who am I, profile, password, account switcher, two-factor (ROL-5, ROL-6, SET-1, ACC-13). */
import { randomBytes } from "node:crypto";
import { Secret } from "otpauth";
import QRCode from "qrcode";
import type { z } from "zod";
import type { changeEmailBody, createColleagueBody, PortalMe, updateColleagueBody, updateProfileBody } from "../../../shared/api.js";
import { type Deps, inTransaction } from "../../deps.js";
import { AppError, invalid } from "../../errors.js";
import { HOUR } from "../../lib/clock.js";
import { assertPasswordAllowed, hashPassword, verifyPassword } from "../../lib/passwords.js";
import { contactPersonalWords } from "../../../shared/passwords.js";
import { hashToken, newToken } from "../../lib/tokens.js";
import type { ContactActor } from "../../policy/actors.js";
import { authorize, can, portalColleagueScope } from "../../policy/policy.js";
import type { Repos } from "../../repos.js";
import type { ContactListView } from "../contacts/contacts.repo.js";
import { EMAIL_CHANGE_TTL_MS, portalBase } from "../portal-access/links.js";
import { totpFor } from "../portal-access/portal-auth.service.js";
import type { Throttle } from "../rate-limit/throttle.js";
import { policyOf } from "../tenants/settings.service.js";

/** What the session lookup already loaded; `me` needs no further query. */
export interface ContactSessionInfo {
  sessionId: string;
  firstName: string;
  lastName: string;
  email: string | null;
  username: string;
  timeZone: string | null;
  twoFactorEnabled: boolean;
  accounts: { id: string; name: string; timeZone: string | null }[];
  portalName: string;
  tenantTimeZone: string;
  approvalEnabled: boolean;
}

export function presentMe(actor: ContactActor, s: ContactSessionInfo): PortalMe {
  authorize(actor, "portal.me.read");
  const current = s.accounts.find((a) => a.id === actor.accountId) ?? s.accounts[0];
  return {
    contact: {
      id: actor.contactId,
      firstName: s.firstName,
      lastName: s.lastName,
      name: `${s.firstName} ${s.lastName}`,
      email: s.email,
      username: s.username,
      timeZone: s.timeZone,
      twoFactorEnabled: s.twoFactorEnabled,
    },
    currentAccount: { id: current.id, name: current.name },
    accounts: s.accounts.map((a) => ({ id: a.id, name: a.name })),
    portalName: s.portalName,
    mustEnrolTwoFactor: actor.mustEnrolTwoFactor,
    can: { manageContacts: can(actor, "portal.contacts.manage"), approvals: s.approvalEnabled && can(actor, "portal.approval.list"),
      contracts: can(actor, "portal.contract.list"),
      invoices: can(actor, "portal.invoice.list"),
      projects: can(actor, "portal.project.list"),
    },
    // TKT-6: the contact's time zone, else the account's, else the tenant's.
    effectiveTimeZone: s.timeZone ?? current.timeZone ?? s.tenantTimeZone,
  };
}

const selfActor = (a: ContactActor, ip?: string) => ({ kind: "contact" as const, id: a.contactId, name: a.name, ip });

/** "jamie@example.com" → "ja***@example.com": enough for the owner to recognise, not the whole address. */
export const maskEmail = (email: string) => {
  const at = email.lastIndexOf("@");
  const local = email.slice(0, at);
  return `${local.slice(0, local.length > 2 ? 2 : 1)}***${email.slice(at)}`;
};

const presentColleague = (c: ContactListView) => ({
  id: c.id,
  firstName: c.firstName,
  lastName: c.lastName,
  email: c.email,
  phone: c.phone,
  jobTitle: c.jobTitle,
});

export function createProfileService(
  d: Deps,
  {
    contacts: contactsRepo,
    outbox: { queueEmail },
    portalEvents: { recordEvent },
    tokens: { issueToken, voidContactTokens },
    sessions: { deleteContactSessions, setCurrentAccount },
    tenants: { getSettings },
  }: Pick<Repos, "contacts" | "outbox" | "portalEvents" | "tokens" | "sessions" | "tenants">,
  { throttle: { throttleEmailChange } }: { throttle: Throttle },
) {
  async function updateProfile(actor: ContactActor, body: z.infer<typeof updateProfileBody>) {
    authorize(actor, "portal.me.update", { contactId: actor.contactId });
    await inTransaction(d, (tx) => contactsRepo.updateContact(tx, actor.tenantId, actor.contactId, body));
  }

  /**
   * SET-1: the current password is required; the new address gets a confirmation link and the current one
   * a notice. The change happens only when the link is opened (confirmEmailChange). The caller learns
   * nothing about the address: every case answers the same, and an address another portal user has
   * gets an email saying it cannot be used, instead of a link.
   */
  async function requestEmailChange(actor: ContactActor, body: z.infer<typeof changeEmailBody>, ip?: string) {
    authorize(actor, "portal.me.update", { contactId: actor.contactId });
    const now = d.clock();
    await throttleEmailChange(actor.tenantId, actor.contactId, now);
    const c = await contactsRepo.getContactCredentials(d.db, actor.tenantId, actor.contactId);
    if (!c || !(await verifyPassword(c.passwordHash, body.currentPassword))) throw invalid("currentPassword", "is not your current password");
    const newEmail = body.newEmail;
    const unchanged = c.email?.toLowerCase() === newEmail.toLowerCase();
    await inTransaction(d, async (tx) => {
      // A newer request replaces an older one, whatever the address; set-password links stay as they are.
      await voidContactTokens(tx, actor.tenantId, c.id, now, ["email_change"]);
      const taken = unchanged || (await contactsRepo.portalEmailTaken(tx, actor.tenantId, newEmail, c.id));
      const settings = await getSettings(tx, actor.tenantId);
      let link: string | null = null;
      if (!taken) {
        const token = newToken();
        await issueToken(tx, actor.tenantId, {
          tokenHash: hashToken(token),
          purpose: "email_change",
          contactId: c.id,
          newEmail,
          now,
          expiresAt: new Date(now.getTime() + EMAIL_CHANGE_TTL_MS),
        });
        link = `${portalBase(d, settings)}/confirm-email?token=${token}`;
      }
      const common = { portalName: settings.portalName, firstName: c.firstName, hours: EMAIL_CHANGE_TTL_MS / HOUR };
      await queueEmail(tx, actor.tenantId, "email_change_confirm", { ...common, to: newEmail, link }, now);
      if (c.email && !unchanged) await queueEmail(tx, actor.tenantId, "email_change_notice", { ...common, to: c.email, newEmail: maskEmail(newEmail) }, now);
      // Staff read the history; the contact does not, so it may say that the address was in use.
      await recordEvent(tx, actor.tenantId, c.id, "email_change_requested", selfActor(actor, ip), now, { to: newEmail, ...(taken ? { refused: "address already in use" } : {}) });
    });
  }

  /** SET-1: the current password is required; other sessions end, this one stays. */
  async function changePassword(actor: ContactActor, sessionId: string, current: string, next: string, ip?: string) {
    authorize(actor, "portal.password.change", { contactId: actor.contactId });
    const c = await contactsRepo.getContactCredentials(d.db, actor.tenantId, actor.contactId);
    if (!c || !(await verifyPassword(c.passwordHash, current))) throw invalid("currentPassword", "is not your current password");
    const settings = await getSettings(d.db, actor.tenantId);
    assertPasswordAllowed("newPassword", next, policyOf(settings), contactPersonalWords({ ...c, username: c.portalUsername }));
    if (current === next) throw invalid("newPassword", "must differ from the current password");
    const hash = await hashPassword(next);
    const now = d.clock();
    await inTransaction(d, async (tx) => {
      await contactsRepo.updateContact(tx, actor.tenantId, actor.contactId, { passwordHash: hash, passwordChangedAt: now });
      await deleteContactSessions(tx, actor.tenantId, [actor.contactId], sessionId);
      // A pending email change may have come from whoever knew the old password: it ends with it.
      await voidContactTokens(tx, actor.tenantId, actor.contactId, now, ["email_change"]);
      await recordEvent(tx, actor.tenantId, actor.contactId, "password_changed", selfActor(actor, ip), now);
    });
  }

  async function switchAccount(actor: ContactActor, sessionId: string, accountId: string) {
    authorize(actor, "portal.account.switch", { contactId: actor.contactId, accountId });
    await setCurrentAccount(d.db, actor.tenantId, sessionId, accountId);
  }

  async function logoutEverywhere(actor: ContactActor, ip?: string) {
    authorize(actor, "portal.session.end", { contactId: actor.contactId });
    await inTransaction(d, async (tx) => {
      await deleteContactSessions(tx, actor.tenantId, [actor.contactId]);
      await recordEvent(tx, actor.tenantId, actor.contactId, "logout_everywhere", selfActor(actor, ip), d.clock());
    });
  }

  async function startTwoFactorSetup(actor: ContactActor) {
    authorize(actor, "portal.twoFactor.manage", { contactId: actor.contactId });
    const c = await contactsRepo.getContactCredentials(d.db, actor.tenantId, actor.contactId);
    if (!c) throw new AppError("NOT_FOUND", "Not found");
    if (c.totpSecret) throw new AppError("CONFLICT", "Two-factor authentication is already on");
    const secret = new Secret({ size: 20 }).base32;
    const settings = await getSettings(d.db, actor.tenantId);
    const otpauthUrl = totpFor(secret, c.portalUsername ?? c.email ?? "", settings.portalName).toString();
    await inTransaction(d, (tx) => contactsRepo.updateContact(tx, actor.tenantId, actor.contactId, { totpPendingSecret: secret }));
    return { secret, otpauthUrl, qrDataUrl: await QRCode.toDataURL(otpauthUrl, { margin: 1, width: 220 }) };
  }

  async function enableTwoFactor(actor: ContactActor, code: string, ip?: string) {
    authorize(actor, "portal.twoFactor.manage", { contactId: actor.contactId });
    const c = await contactsRepo.getContactCredentials(d.db, actor.tenantId, actor.contactId);
    if (!c?.totpPendingSecret) throw new AppError("CONFLICT", "Start the two-factor set-up first");
    const settings = await getSettings(d.db, actor.tenantId);
    const now = d.clock();
    if (totpFor(c.totpPendingSecret, c.portalUsername ?? "", settings.portalName).validate({ token: code, window: 1, timestamp: now.getTime() }) === null) {
      throw invalid("code", "is not the current code from your app; check the time on your phone");
    }
    const recoveryCodes = Array.from({ length: 10 }, () => randomBytes(5).toString("hex"));
    await inTransaction(d, async (tx) => {
      await contactsRepo.updateContact(tx, actor.tenantId, actor.contactId, { totpSecret: c.totpPendingSecret, totpPendingSecret: null, totpEnabledAt: now });
      await contactsRepo.replaceRecoveryCodes(tx, actor.tenantId, actor.contactId, recoveryCodes.map(hashToken));
      await recordEvent(tx, actor.tenantId, actor.contactId, "two_factor_enabled", selfActor(actor, ip), now);
    });
    return { recoveryCodes };
  }

  async function disableTwoFactor(actor: ContactActor, password: string, ip?: string) {
    authorize(actor, "portal.twoFactor.manage", { contactId: actor.contactId });
    const settings = await getSettings(d.db, actor.tenantId);
    if (settings.requireTwoFactor) throw new AppError("CONFLICT", "Your organisation requires two-factor authentication");
    const c = await contactsRepo.getContactCredentials(d.db, actor.tenantId, actor.contactId);
    if (!c || !(await verifyPassword(c.passwordHash, password))) throw invalid("password", "is not your current password");
    await inTransaction(d, async (tx) => {
      await contactsRepo.updateContact(tx, actor.tenantId, actor.contactId, { totpSecret: null, totpPendingSecret: null, totpEnabledAt: null });
      await contactsRepo.replaceRecoveryCodes(tx, actor.tenantId, actor.contactId, []);
      await recordEvent(tx, actor.tenantId, actor.contactId, "two_factor_disabled", selfActor(actor, ip), d.clock());
    });
  }

  /** ROL-6: the contacts of the account in view, for a contact whose role may manage them. */
  /** The policy's colleague scope, for an actor it has just allowed to manage contacts. */
  function colleaguesOf(actor: ContactActor) {
    authorize(actor, "portal.contacts.manage");
    return portalColleagueScope(actor)!;
  }

  async function listColleagues(actor: ContactActor) {
    const scope = colleaguesOf(actor);
    const { items } = await contactsRepo.listContacts(d.db, actor.tenantId, { accountId: scope.accountId, portalAccess: "any", status: "active", page: 1, pageSize: 100 });
    return { items: items.map(presentColleague) };
  }

  /** ROL-6: a contact whose role may manage contacts adds a colleague to the account in view, and to no other. */
  async function addColleague(actor: ContactActor, body: z.infer<typeof createColleagueBody>) {
    const scope = colleaguesOf(actor);
    const id = await inTransaction(d, async (tx) => {
      const id = await contactsRepo.insertContact(tx, actor.tenantId, { ...body, timeZone: null });
      await contactsRepo.setMemberships(tx, actor.tenantId, id, [scope.accountId]);
      return id;
    });
    return presentColleague((await contactsRepo.getContact(d.db, actor.tenantId, id))!);
  }

  async function updateColleague(actor: ContactActor, id: string, body: z.infer<typeof updateColleagueBody>) {
    const c = await contactsRepo.getContact(d.db, actor.tenantId, id);
    // A missing contact, or one outside the account in view, answers the same "not found".
    authorize(actor, "portal.contacts.manage", c ? { tenantId: c.tenantId, accountIds: c.accounts.map((a) => a.id), archived: c.archivedAt !== null } : { accountIds: [] });
    await inTransaction(d, (tx) => contactsRepo.updateContact(tx, actor.tenantId, id, body));
    return presentColleague((await contactsRepo.getContact(d.db, actor.tenantId, id))!);
  }

  return {
    updateProfile,
    requestEmailChange,
    changePassword,
    switchAccount,
    logoutEverywhere,
    startTwoFactorSetup,
    enableTwoFactor,
    disableTwoFactor,
    listColleagues,
    addColleague,
    updateColleague,
  };
}
export type ProfileService = ReturnType<typeof createProfileService>;
