import type { z } from "zod";
import { type PortalSettingsDto, timeZoneSchema, type updatePortalSettingsBody } from "../../../shared/api.js";
import type { updateTicketSettingsBody } from "../../../shared/tickets-api.js";
import { invalid } from "../../errors.js";
import { portalBase } from "../portal-access/links.js";
import { type Deps, inTransaction } from "../../deps.js";
import type { PasswordPolicy } from "../../lib/passwords.js";
import type { Actor, StaffActor } from "../../policy/actors.js";
import { authorize } from "../../policy/policy.js";
import type { Repos } from "../../repos.js";
import type { PortalSettingsRow } from "./tenants.repo.js";

export const policyOf = (s: PortalSettingsRow): PasswordPolicy => ({
  minLength: s.passwordMinLength,
  requireUpper: s.passwordRequireUpper,
  requireLower: s.passwordRequireLower,
  requireDigit: s.passwordRequireDigit,
  requireSymbol: s.passwordRequireSymbol,
});

const presentTicketSettings = (s: PortalSettingsRow) => ({
  showTimeEntries: s.showTimeEntries,
  submissionNotifyEmails: s.submissionNotifyEmails,
  addTicketText: s.addTicketText,
  addTicketTextActive: s.addTicketTextActive,
  timeZone: s.timeZone,
});

function present(d: Deps, s: PortalSettingsRow): PortalSettingsDto {
  return {
    active: s.active,
    portalName: s.portalName,
    portalUrl: s.portalUrl ?? `${portalBase(d, s)}/`,
    passwordMinLength: s.passwordMinLength,
    passwordRequireUpper: s.passwordRequireUpper,
    passwordRequireLower: s.passwordRequireLower,
    passwordRequireDigit: s.passwordRequireDigit,
    passwordRequireSymbol: s.passwordRequireSymbol,
    signupEnabled: s.signupEnabled,
    signupNotifyEmails: s.signupNotifyEmails,
    signupAutoApproveKnownDomains: s.signupAutoApproveKnownDomains,
    requireTwoFactor: s.requireTwoFactor,
    newTicketAssigneeId: s.newTicketAssigneeId,
    approvalEnabled: s.approvalEnabled,
    approvalPeriodDays: s.approvalPeriodDays,
    approvalReplyTo: s.approvalReplyTo,
    approvalExpiry: s.approvalExpiry,
    currency: s.currency,
    retainerAlertThresholds: s.retainerAlertThresholds,
    invoicePrefix: s.invoicePrefix,
    invoicePaymentTermsDays: s.invoicePaymentTermsDays,
    defaultTaxRate: s.defaultTaxRate,
    companyAddress: s.companyAddress,
    projectViewNotes: s.projectViewNotes,
    projectViewFiles: s.projectViewFiles,
    projectViewOrganisation: s.projectViewOrganisation,
    projectViewClients: s.projectViewClients,
    projectViewTasks: s.projectViewTasks,
    projectViewTime: s.projectViewTime,
  };
}

export function createSettingsService(d: Deps, { tenants: { getSettings, updateSettings }, staff: { getStaff } }: Pick<Repos, "tenants" | "staff">) {
  async function readPortalSettings(actor: StaffActor) {
    authorize(actor, "settings.read");
    return present(d, await getSettings(d.db, actor.tenantId));
  }

  async function changePortalSettings(actor: StaffActor, body: z.infer<typeof updatePortalSettingsBody>) {
    authorize(actor, "settings.update");
    const assignee = body.newTicketAssigneeId;
    // The whole form comes back on every save: a choice that has since been disabled may stay until changed.
    if (assignee && assignee !== (await getSettings(d.db, actor.tenantId)).newTicketAssigneeId) {
      // Another tenant's staff member is as unknown here as a made-up id.
      const s = await getStaff(d.db, actor.tenantId, assignee);
      if (!s) throw invalid("newTicketAssigneeId", "is not a staff member");
      if (s.disabledAt) throw invalid("newTicketAssigneeId", "is disabled; choose an active staff member");
    }
    await inTransaction(d, (tx) => updateSettings(tx, actor.tenantId, body));
    return readPortalSettings(actor);
  }

  /** What the login page may know before anyone signs in (CFG-1). */
  async function publicPortalInfo(actor: Actor) {
    const s = await getSettings(d.db, actor.tenantId);
    return {
      portalName: s.portalName,
      active: s.active,
      signupEnabled: s.active && s.signupEnabled,
      passwordPolicy: policyOf(s),
    };
  }

  async function readTicketSettings(actor: StaffActor) {
    authorize(actor, "settings.read");
    return presentTicketSettings(await getSettings(d.db, actor.tenantId));
  }

  async function changeTicketSettings(actor: StaffActor, body: z.infer<typeof updateTicketSettingsBody>) {
    authorize(actor, "settings.update");
    if (body.timeZone !== undefined && !timeZoneSchema.safeParse(body.timeZone).success) throw invalid("timeZone", "is not a known time zone");
    await inTransaction(d, (tx) => updateSettings(tx, actor.tenantId, body));
    return readTicketSettings(actor);
  }

  return { readPortalSettings, changePortalSettings, publicPortalInfo, readTicketSettings, changeTicketSettings };
}
export type SettingsService = ReturnType<typeof createSettingsService>;
