/** What anonymous visitors of the portal can do: sign in, reset, activate, sign up (ACC-3..ACC-5, ACC-11, ACC-13). */
import { Secret, TOTP } from "otpauth";
import type { z } from "zod";
import type { signupBody } from "../../../shared/api.js";
import { type Deps, inTransaction } from "../../deps.js";
import { AppError } from "../../errors.js";
import { assertPasswordAllowed, hashPassword, verifyPassword } from "../../lib/passwords.js";
import { hashToken } from "../../lib/tokens.js";
import { contactPersonalWords } from "../../../shared/passwords.js";
import type { Repos } from "../../repos.js";
import { contacts, type TokenPurpose } from "../../db/schema/index.js";
import type { Throttle } from "../rate-limit/throttle.js";
import type { RequestMeta, SessionsService } from "../sessions/sessions.service.js";
import { policyOf } from "../tenants/settings.service.js";
import type { Links } from "./links.js";

const invalidCredentials = () => new AppError("INVALID_CREDENTIALS", "Incorrect username or password");
const portalClosed = () => new AppError("PORTAL_CLOSED", "This portal is closed");

export function totpFor(secret: string, label: string, issuer: string) {
  return new TOTP({ issuer, label, algorithm: "SHA1", digits: 6, period: 30, secret: Secret.fromBase32(secret) });
}

/** Links that set a password; staff set-up and email-change links are not. */
const isPasswordLink = (p: TokenPurpose): p is "activation" | "reset" => p === "activation" || p === "reset";

export function createPortalAuthService(
  d: Deps,
  {
    contacts: contactsRepo,
    accounts: { findAccountsByDomain },
    outbox: { queueEmail },
    lockout: { countFailedSignIn },
    sessions: { deleteContactSessions },
    tenants: { getSettings },
    portalEvents: { recordEvent },
    tokens: { peekToken, redeemToken, voidContactTokens },
  }: Pick<Repos, "contacts" | "accounts" | "outbox" | "lockout" | "sessions" | "tenants" | "portalEvents" | "tokens">,
  {
    throttle: { allowAccountEmail, throttleIp },
    sessions: { startSession },
    links: { sendPasswordLink },
  }: { throttle: Throttle; sessions: SessionsService; links: Links },
) {
  /** Returns the session token on success. Every failing state answers the same (ACC-4). */
  async function login(
    tenantId: string,
    input: { username: string; password: string; code?: string },
    meta: RequestMeta,
  ) {
    const now = d.clock();
    const settings = await getSettings(d.db, tenantId);
    if (!settings.active) throw portalClosed();
    await throttleIp(tenantId, "portal_login", meta.ip, now);
    const c = await contactsRepo.findByUsername(d.db, tenantId, input.username);
    const passwordOk = await verifyPassword(c?.passwordHash ?? null, input.password);
    if (!c) throw invalidCredentials();
    const actor = { kind: "anonymous" as const, ip: meta.ip };
    const locked = c.lockedUntil !== null && c.lockedUntil > now;
    const accounts = c.accounts.filter((a) => a.portalEnabled);
    const allowed = c.portalStatus === "active" && c.archivedAt === null && !locked && accounts.length > 0;

    const fail = async (reason: string) => {
      await inTransaction(d, async (tx) => {
        const lockNow = await countFailedSignIn(tx, contacts, tenantId, c.id, now);
        await recordEvent(tx, tenantId, c.id, "login_failed", actor, now, { reason });
        if (lockNow) await recordEvent(tx, tenantId, c.id, "locked", { kind: "system", ip: meta.ip }, now);
      });
    };

    if (!passwordOk || !allowed) {
      await fail(!passwordOk ? "wrong password" : locked ? "locked" : `status ${c.portalStatus}`);
      throw invalidCredentials();
    }

    let usedRecoveryCode = false;
    if (c.totpSecret) {
      const code = input.code?.replace(/\s+/g, "") ?? "";
      if (!code) throw new AppError("TWO_FACTOR_REQUIRED", "Enter the code from your authenticator app");
      const totpOk = /^\d{6}$/.test(code) && totpFor(c.totpSecret, c.portalUsername ?? "", settings.portalName).validate({ token: code, window: 1, timestamp: now.getTime() }) !== null;
      if (!totpOk) {
        usedRecoveryCode = await contactsRepo.useRecoveryCode(d.db, tenantId, c.id, hashToken(code.toLowerCase()), now);
        if (!usedRecoveryCode) {
          await fail("wrong two-factor code");
          throw new AppError("TWO_FACTOR_REQUIRED", "That code is not valid; try the current one");
        }
      }
    }

    return inTransaction(d, async (tx) => {
      await contactsRepo.updateContact(tx, tenantId, c.id, { failedLoginCount: 0, lockedUntil: null, lastLoginAt: now });
      const self = { kind: "contact" as const, id: c.id, name: `${c.firstName} ${c.lastName}`, ip: meta.ip };
      await recordEvent(tx, tenantId, c.id, usedRecoveryCode ? "recovery_code_used" : "login_ok", self, now);
      return startSession(tx, tenantId, { kind: "contact", contactId: c.id, currentAccountId: accounts[0].id }, meta, now);
    });
  }

  /**
   * Forgot password (and resend activation): the answer never says whether the address exists.
   * An invited contact gets a new activation link, an active one a reset link.
   */
  async function requestLink(tenantId: string, email: string, meta: RequestMeta) {
    const now = d.clock();
    await throttleIp(tenantId, "portal_email_link", meta.ip, now);
    const c = await contactsRepo.findPortalUserByEmail(d.db, tenantId, email);
    if (!c || c.archivedAt || !["invited", "active"].includes(c.portalStatus)) return;
    if (!(await allowAccountEmail(tenantId, c.id, now))) return;
    await inTransaction(d, (tx) =>
      sendPasswordLink(tx, tenantId, c, c.portalStatus === "invited" ? "activation" : "reset_forgot", { kind: "anonymous", ip: meta.ip }),
    );
  }

  /** Whether a set-password link still works, without using it: a link that does not work says nothing more (ACC-3). */
  async function tokenInfo(tenantId: string, token: string, ip: string) {
    const now = d.clock();
    await throttleIp(tenantId, "password_link", ip, now);
    const invalidLink = { valid: false, purpose: null, username: null, passwordMustNotContain: [] };
    const t = await peekToken(d.db, tenantId, hashToken(token), now);
    if (!t?.contactId || !isPasswordLink(t.purpose)) return invalidLink;
    const c = await contactsRepo.getContact(d.db, tenantId, t.contactId);
    if (!c) return invalidLink;
    return { valid: true, purpose: t.purpose, username: t.username, passwordMustNotContain: contactPersonalWords({ ...c, username: c.portalUsername }) };
  }

  /** ACC-3/ACC-4: a link sets the password once; a reset ends every session of the contact. */
  async function setPassword(tenantId: string, token: string, password: string, ip: string) {
    const tokenHash = hashToken(token);
    const peek = await peekToken(d.db, tenantId, tokenHash, d.clock());
    const invalidToken = () => new AppError("INVALID_TOKEN", "This link has expired or was already used. Ask for a new one.");
    if (!peek?.contactId || !isPasswordLink(peek.purpose)) throw invalidToken();
    const c = await contactsRepo.getContact(d.db, tenantId, peek.contactId);
    if (!c) throw invalidToken();
    const settings = await getSettings(d.db, tenantId);
    assertPasswordAllowed("password", password, policyOf(settings), contactPersonalWords({ ...c, username: c.portalUsername }));
    const hash = await hashPassword(password);
    const now = d.clock();
    await inTransaction(d, async (tx) => {
      const used = await redeemToken(tx, tenantId, tokenHash, ["activation", "reset"], now);
      if (!used?.contactId) throw invalidToken();
      const fresh = await contactsRepo.getContact(tx, tenantId, used.contactId);
      if (!fresh || fresh.archivedAt || !["invited", "active"].includes(fresh.portalStatus)) throw invalidToken();
      const firstTime = fresh.portalStatus === "invited";
      await contactsRepo.updateContact(tx, tenantId, fresh.id, {
        passwordHash: hash,
        passwordChangedAt: now,
        portalStatus: "active",
        activatedAt: fresh.activatedAt ?? now,
        failedLoginCount: 0,
        lockedUntil: null,
      });
      await deleteContactSessions(tx, tenantId, [fresh.id]);
      // Whoever asked for an email change may not have been the contact: a new password cancels it (SET-1).
      await voidContactTokens(tx, tenantId, fresh.id, now, ["email_change"]);
      await recordEvent(tx, tenantId, fresh.id, firstTime ? "activated" : "password_reset", { kind: "contact", id: fresh.id, name: `${fresh.firstName} ${fresh.lastName}`, ip }, now);
    });
  }

  /**
   * SET-1: opening the link sent to the new address makes it the contact's email, once. An address that
   * another portal user took in the meantime is refused and nothing changes.
   */
  async function confirmEmailChange(tenantId: string, token: string, ip: string) {
    const invalidToken = () => new AppError("INVALID_TOKEN", "This link has expired or was already used. Sign in and ask for the change again.");
    const cannotUse = "This email address cannot be used for your login. Nothing was changed; sign in and ask for the change with another address.";
    const now = d.clock();
    return inTransaction(d, async (tx) => {
      const used = await redeemToken(tx, tenantId, hashToken(token), ["email_change"], now);
      if (!used?.contactId || !used.newEmail) throw invalidToken();
      const c = await contactsRepo.getContact(tx, tenantId, used.contactId);
      if (!c || c.archivedAt || c.portalStatus !== "active") throw invalidToken();
      // Throwing rolls the redemption back with everything else: nothing at all changes.
      if (await contactsRepo.portalEmailTaken(tx, tenantId, used.newEmail, c.id)) throw new AppError("CONFLICT", cannotUse);
      await contactsRepo.updateContact(tx, tenantId, c.id, { email: used.newEmail });
      await recordEvent(tx, tenantId, c.id, "email_changed", { kind: "contact", id: c.id, name: `${c.firstName} ${c.lastName}`, ip }, now, {
        from: c.email,
        to: used.newEmail,
      });
      return { email: used.newEmail };
    }, cannotUse);
  }

  /** ACC-11: self sign-up. Known domains may be approved at once; others wait for staff. */
  async function signup(tenantId: string, body: z.infer<typeof signupBody>, meta: RequestMeta) {
    const settings = await getSettings(d.db, tenantId);
    if (!settings.active) throw portalClosed();
    if (!settings.signupEnabled) throw new AppError("FORBIDDEN", "Sign-up is not available on this portal");
    const now = d.clock();
    await throttleIp(tenantId, "portal_signup", meta.ip, now);
    // An address we already know gets the same answer and no new record.
    if (await contactsRepo.findContactByEmail(d.db, tenantId, body.email)) return;
    const domain = body.email.split("@")[1] ?? "";
    const [match] = settings.signupAutoApproveKnownDomains ? await findAccountsByDomain(d.db, tenantId, domain) : [];
    const actor = { kind: "anonymous" as const, ip: meta.ip };
    await inTransaction(d, async (tx) => {
      const id = await contactsRepo.insertContact(tx, tenantId, {
        firstName: body.firstName,
        lastName: body.lastName,
        email: body.email,
        phone: null,
        jobTitle: null,
        timeZone: null,
        signupCompany: body.company,
        signupStatus: match ? "approved" : "pending",
        ...(match ? { portalUsername: body.email, portalStatus: "invited" as const } : {}),
      });
      await recordEvent(tx, tenantId, id, "signup_requested", actor, now, { company: body.company });
      if (match) {
        await contactsRepo.setMemberships(tx, tenantId, id, [match.id]);
        await recordEvent(tx, tenantId, id, "signup_approved", { kind: "system" }, now, { account: match.name });
        await sendPasswordLink(tx, tenantId, { id, firstName: body.firstName, email: body.email, portalUsername: body.email }, "activation", { kind: "system" });
      }
      for (const to of settings.signupNotifyEmails) {
        await queueEmail(
          tx,
          tenantId,
          "signup_notification",
          {
            to,
            portalName: settings.portalName,
            name: `${body.firstName} ${body.lastName}`,
            email: body.email,
            company: body.company,
            link: `${d.config.publicUrl}/admin/contacts/${id}`,
            autoApproved: match?.name ?? null,
          },
          now,
        );
      }
    }, "This email address is already registered");
  }

  return { login, requestLink, tokenInfo, setPassword, confirmEmailChange, signup };
}
export type PortalAuthService = ReturnType<typeof createPortalAuthService>;
