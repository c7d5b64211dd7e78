import type { z } from "zod";
import type { createLookupBody, LookupDto, lookupQuery, updateLookupBody } from "../../../shared/tickets-api.js";
import { type Deps, inTransaction } from "../../deps.js";
import type { Repos } from "../../repos.js";
import { invalid, notFound } from "../../errors.js";
import type { StaffActor } from "../../policy/actors.js";
import { authorize } from "../../policy/policy.js";
import type { LookupRow } from "./lookups.repo.js";

export const presentLookup = (l: LookupRow): LookupDto => ({
  id: l.id,
  kind: l.kind,
  name: l.name,
  parentId: l.parentId,
  accountId: l.accountId,
  sort: l.sort,
  isClosed: l.isClosed,
  awaitsCustomer: l.awaitsCustomer,
  active: l.active,
});

const perAccount = new Set(["site", "hardware_asset", "software_asset"]);

export function createLookupsService(d: Deps, { lookups: repo, accounts: { findAccountIds } }: Pick<Repos, "lookups" | "accounts">) {
  async function listLookups(actor: StaffActor, q: z.infer<typeof lookupQuery>) {
    authorize(actor, "ticket.read");
    return { items: (await repo.listLookups(d.db, actor.tenantId, q)).map(presentLookup) };
  }

  async function createLookup(actor: StaffActor, body: z.infer<typeof createLookupBody>) {
    authorize(actor, "lookup.manage");
    if (perAccount.has(body.kind)) {
      if (!body.accountId) throw invalid("accountId", "is required for sites and assets");
      if ((await findAccountIds(d.db, actor.tenantId, [body.accountId])).length === 0) throw invalid("accountId", "is not an account");
    } else if (body.accountId) throw invalid("accountId", "only sites and assets belong to an account");
    if (body.kind === "sub_issue_type") {
      const [parent] = body.parentId ? await repo.getLookups(d.db, actor.tenantId, [body.parentId]) : [];
      if (!parent || parent.kind !== "issue_type") throw invalid("parentId", "must be an issue type");
    } else if (body.parentId) throw invalid("parentId", "only sub-issue types have a parent");
    const row = await inTransaction(d, (tx) => repo.insertLookup(tx, actor.tenantId, { ...body, isClosed: body.kind === "status" && body.isClosed, awaitsCustomer: body.kind === "status" && body.awaitsCustomer }));
    return presentLookup(row);
  }

  async function updateLookup(actor: StaffActor, id: string, body: z.infer<typeof updateLookupBody>) {
    authorize(actor, "lookup.manage");
    const row = await inTransaction(d, (tx) => repo.updateLookup(tx, actor.tenantId, id, body));
    if (!row) throw notFound("List entry not found");
    return presentLookup(row);
  }

  return { listLookups, createLookup, updateLookup };
}
export type LookupsService = ReturnType<typeof createLookupsService>;
