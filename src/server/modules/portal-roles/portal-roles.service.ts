import type { z } from "zod";
import type { PortalRoleDto, portalRoleBody } from "../../../shared/tickets-api.js";
import { type Deps, inTransaction } from "../../deps.js";
import type { Repos } from "../../repos.js";
import { conflict, invalid, notFound } from "../../errors.js";
import type { StaffActor } from "../../policy/actors.js";
import { authorize } from "../../policy/policy.js";
import type { PortalRoleRow } from "./portal-roles.repo.js";

const present = (r: PortalRoleRow): PortalRoleDto => ({
  id: r.id,
  name: r.name,
  builtIn: r.builtIn,
  permissions: r.permissions,
  defaultTypeId: r.defaultTypeId,
  defaultPriorityId: r.defaultPriorityId,
  quickForm: r.quickForm,
  visibleFields: r.visibleFields,
});

export function createPortalRolesService(d: Deps, { portalRoles: repo, lookups: { getLookups } }: Pick<Repos, "portalRoles" | "lookups">) {
  async function listPortalRoles(actor: StaffActor) {
    authorize(actor, "account.read");
    return { items: (await repo.listPortalRoles(d.db, actor.tenantId)).map(present) };
  }

  /** ROL-1/ROL-2: tenants add their own roles; built-in ones keep their name. */
  async function savePortalRole(actor: StaffActor, id: string | null, body: z.infer<typeof portalRoleBody>) {
    authorize(actor, "portalRole.manage");
    const existing = id ? await repo.getPortalRole(d.db, actor.tenantId, id) : undefined;
    if (id && !existing) throw notFound("Portal role not found");
    if (existing?.builtIn && existing.name !== body.name) throw invalid("name", "a built-in role keeps its name");
    const clash = await repo.findPortalRoleByName(d.db, actor.tenantId, body.name);
    if (clash && clash.id !== id) throw conflict("A portal role with this name already exists", "name");
    const refs = [body.defaultTypeId, body.defaultPriorityId].filter((x): x is string => !!x);
    const found = await getLookups(d.db, actor.tenantId, refs);
    if (body.defaultTypeId && !found.some((l) => l.id === body.defaultTypeId && l.kind === "ticket_type")) throw invalid("defaultTypeId", "is not a ticket type");
    if (body.defaultPriorityId && !found.some((l) => l.id === body.defaultPriorityId && l.kind === "priority")) throw invalid("defaultPriorityId", "is not a priority");
    const roleId = await inTransaction(d, async (tx) => {
      if (!id) return repo.insertPortalRole(tx, actor.tenantId, body);
      await repo.updatePortalRole(tx, actor.tenantId, id, body);
      return id;
    }, "A portal role with this name already exists");
    return present((await repo.getPortalRole(d.db, actor.tenantId, roleId))!);
  }

  return { listPortalRoles, savePortalRole };
}
export type PortalRolesService = ReturnType<typeof createPortalRolesService>;
