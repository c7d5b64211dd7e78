import type { Deps } from "../../deps.js";
import type { Repos } from "../../repos.js";

export function createTenantsService(d: Deps, { tenants: repo }: Pick<Repos, "tenants">) {
  /** PLT-1: the tenant whose host a request names, else the default tenant of a single-company install. */
  async function tenantForHost(host: string) {
    return repo.findTenantForHost(d.db, host);
  }

  /** A fresh install has one default tenant: the single company running Portico. */
  async function ensureDefaultTenant(name = "Portico") {
    const existing = await repo.findTenantForHost(d.db, "");
    if (existing) return existing;
    // Several instances may start on an empty database at once: one creates the tenant, the others find it.
    return d.db.transaction(async (tx) => {
      await repo.lockDefaultTenantCreation(tx);
      return (await repo.findTenantForHost(tx, "")) ?? repo.createTenant(tx, { name, host: null, isDefault: true });
    });
  }

  return { tenantForHost, ensureDefaultTenant };
}
export type TenantsService = ReturnType<typeof createTenantsService>;
