import { and, desc, eq } from "drizzle-orm";
import type { Executor } from "../../db/client.js";
import { portalEvents } from "../../db/schema/index.js";
import { assertTenant, inTenant } from "../../db/tenant-scope.js";

export const portalEventTypes = {
  granted: "Portal access granted",
  activation_sent: "Activation email sent",
  welcome_sent: "Welcome email sent",
  login_sent: "Login details sent",
  reset_sent: "Password reset email sent",
  activated: "Account activated (password set)",
  password_reset: "Password reset",
  password_changed: "Password changed",
  login_ok: "Signed in",
  login_failed: "Sign-in failed",
  locked: "Locked after failed sign-ins",
  unlocked: "Unlocked by staff",
  disabled: "Portal access disabled",
  enabled: "Portal access enabled",
  revoked: "Portal access revoked",
  username_changed: "Username changed",
  email_change_requested: "Email change requested",
  email_changed: "Email address changed (confirmed by link)",
  signup_requested: "Signed up, waiting for approval",
  signup_approved: "Sign-up approved",
  signup_rejected: "Sign-up rejected",
  two_factor_enabled: "Two-factor authentication enabled",
  two_factor_disabled: "Two-factor authentication disabled",
  recovery_code_used: "Signed in with a recovery code",
  logout_everywhere: "Signed out everywhere",
  archived: "Contact archived (access ended)",
} as const;
export type PortalEventType = keyof typeof portalEventTypes;

export interface EventActor {
  kind: "staff" | "contact" | "system" | "anonymous";
  id?: string | null;
  name?: string | null;
  ip?: string | null;
}

export async function recordEvent(
  db: Executor,
  tenantId: string,
  contactId: string,
  type: PortalEventType,
  actor: EventActor,
  now: Date,
  detail?: Record<string, unknown>,
) {
  await db.insert(portalEvents).values({
    tenantId: assertTenant(tenantId),
    contactId,
    type,
    actorKind: actor.kind,
    actorId: actor.id ?? null,
    actorName: actor.name ?? null,
    ip: actor.ip ?? null,
    detail: detail ?? null,
    createdAt: now,
  });
}

export async function listEvents(db: Executor, tenantId: string, contactId: string) {
  return db
    .select()
    .from(portalEvents)
    .where(and(inTenant(portalEvents.tenantId, tenantId), eq(portalEvents.contactId, contactId)))
    .orderBy(desc(portalEvents.createdAt), desc(portalEvents.id))
    .limit(500);
}
