/** Actors and a verdict helper shared by the policy's unit tests. */
import type { StaffPermission } from "../../src/shared/api.js";
import type { PortalPermission } from "../../src/shared/tickets-api.js";
import { AppError } from "../../src/server/errors.js";
import type { ContactActor, StaffActor } from "../../src/server/policy/actors.js";

export const T = "11111111-1111-4111-8111-111111111111";
export const staffWith = (...p: StaffPermission[]): StaffActor => ({ kind: "staff", tenantId: T, staffId: "s", name: "S", permissions: new Set(p) });
export const contact = (o: Partial<ContactActor> = {}): ContactActor => ({
  kind: "contact", tenantId: T, contactId: "c1", name: "C", accountId: "a1", accountIds: ["a1", "a2"], mustEnrolTwoFactor: false, permissions: new Set(), clientAdmin: false, portalRoleId: null, ...o,
});
export const withPerms = (...p: PortalPermission[]) => contact({ permissions: new Set(p) });

/** "allowed", or the code of the error the policy throws. */
export function verdict(run: () => void): string {
  try {
    run();
    return "allowed";
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    return err.code;
  }
}
