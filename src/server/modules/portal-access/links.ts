import type { Tx } from "../../db/client.js";
import type { Deps } from "../../deps.js";
import { HOUR } from "../../lib/clock.js";
import { hashToken, newToken } from "../../lib/tokens.js";
import type { Repos } from "../../repos.js";
import type { PortalSettingsRow } from "../tenants/tenants.repo.js";
import type { EventActor } from "./portal-events.repo.js";

export const ACTIVATION_TTL_MS = 24 * HOUR;
export const SELF_RESET_TTL_MS = 1 * HOUR;
export const EMAIL_CHANGE_TTL_MS = 24 * HOUR;

export interface LinkTarget {
  id: string;
  firstName: string;
  email: string | null;
  portalUsername: string | null;
}

export type LinkKind = "activation" | "welcome" | "send_login" | "reset_staff" | "reset_forgot" | "reset_username_changed";

/** The portal's address as customers see it, without a trailing slash: the tenant's setting, else this server's. */
export const portalBase = (d: Deps, s: PortalSettingsRow) => (s.portalUrl ?? `${d.config.publicUrl}/portal`).replace(/\/+$/, "");

export function createLinks(
  d: Deps,
  { tokens: { issueToken }, tenants: { getSettings }, outbox: { queueEmail }, portalEvents: { recordEvent } }: Pick<Repos, "tokens" | "tenants" | "outbox" | "portalEvents">,
) {
  /**
   * Issues a set-password link (voiding older ones), queues its email in the same transaction,
   * and records the event on the contact's portal history.
   */
  async function sendPasswordLink(tx: Tx, tenantId: string, c: LinkTarget, kind: LinkKind, actor: EventActor) {
    if (!c.email || !c.portalUsername) return;
    const now = d.clock();
    const token = newToken();
    const isReset = kind.startsWith("reset_");
    const ttl = kind === "reset_forgot" ? SELF_RESET_TTL_MS : ACTIVATION_TTL_MS;
    await issueToken(tx, tenantId, {
      tokenHash: hashToken(token),
      purpose: isReset ? "reset" : "activation",
      contactId: c.id,
      now,
      expiresAt: new Date(now.getTime() + ttl),
    });
    const settings = await getSettings(tx, tenantId);
    const base = portalBase(d, settings);
    const link = `${base}/set-password?token=${token}`;
    const common = { to: c.email, portalName: settings.portalName, firstName: c.firstName };
    if (kind === "send_login") {
      await queueEmail(tx, tenantId, "send_login", { ...common, username: c.portalUsername, portalUrl: `${base}/`, link }, now);
    } else if (isReset) {
      const reason = kind === "reset_staff" ? "staff" : kind === "reset_forgot" ? "forgot" : "username_changed";
      await queueEmail(tx, tenantId, "reset", { ...common, link, hours: ttl / HOUR, reason }, now);
    } else {
      await queueEmail(tx, tenantId, kind === "welcome" ? "welcome" : "activation", { ...common, username: c.portalUsername, link }, now);
    }
    const eventType = kind === "send_login" ? "login_sent" : isReset ? "reset_sent" : kind === "welcome" ? "welcome_sent" : "activation_sent";
    await recordEvent(tx, tenantId, c.id, eventType, actor, now, { to: c.email });
  }

  return { sendPasswordLink };
}
export type Links = ReturnType<typeof createLinks>;
