import type { GettingStartedDto } from "../../../shared/api.js";
import type { Deps } from "../../deps.js";
import type { StaffActor } from "../../policy/actors.js";
import { authorize } from "../../policy/policy.js";
import type { Repos } from "../../repos.js";

/** The first day in the staff console: the steps from a fresh install to a customer in the portal, ticked as they happen. */
export function createGettingStartedService(d: Deps, { tenants: repo }: Pick<Repos, "tenants">) {
  async function gettingStarted(actor: StaffActor): Promise<GettingStartedDto> {
    authorize(actor, "settings.read");
    const done = await repo.setupProgress(d.db, actor.tenantId);
    const steps: GettingStartedDto["steps"] = [
      { key: "portalSettings", label: "Give your portal its name (Portal settings)", to: "/admin/settings", done: done.portalSettings },
      { key: "account", label: "Add a client account", to: "/admin/accounts", done: done.account },
      { key: "contact", label: "Add a contact to the account", to: "/admin/contacts", done: done.contact },
      { key: "grant", label: "Grant the contact portal access (they get an activation email)", to: "/admin/contacts", done: done.grant },
      { key: "portalSeen", label: "See the portal as the contact: they activate and sign in", to: "/portal/login", done: done.portalSeen },
    ];
    return { steps, complete: steps.every((s) => s.done) };
  }
  return { gettingStarted };
}
