import type { StaffPermission } from "../../shared/api.js";
import type { PortalPermission } from "../../shared/tickets-api.js";

export interface AnonymousActor {
  kind: "anonymous";
  tenantId: string;
}
export interface StaffActor {
  kind: "staff";
  tenantId: string;
  staffId: string;
  name: string;
  permissions: ReadonlySet<StaffPermission>;
}
export interface ContactActor {
  kind: "contact";
  tenantId: string;
  contactId: string;
  name: string;
  /** The account in view (ROL-5); every portal page is scoped to it. */
  accountId: string;
  accountIds: readonly string[];
  mustEnrolTwoFactor: boolean;
  /** The account's portal role permissions in the account in view (ROL-3). */
  permissions: ReadonlySet<PortalPermission>;
  /** Client administrator in the account in view (ROL-4). */
  clientAdmin: boolean;
  /** The effective portal role in the account in view (ROL-2 layout and defaults). */
  portalRoleId: string | null;
}
export type Actor = AnonymousActor | StaffActor | ContactActor;
