/** The facts the server wrote into the HTML (src/server/http/plugins/web.ts), read once. */
import { type PortalBoot, type PortalInfo, portalBootElementId } from "../../shared/api";

function readBoot(): Partial<PortalBoot> {
  const text = document.getElementById(portalBootElementId)?.textContent;
  if (!text) return {};
  try {
    return JSON.parse(text) as PortalBoot;
  } catch {
    return {};
  }
}

let boot: Partial<PortalBoot> | null = null;

/**
 * The portal info of the page's first load, once: later reads (another page mounting, a refetch)
 * go to the API as before, so a portal closed after the page loaded is seen as closed.
 */
export function takeBootPortalInfo(): PortalInfo | undefined {
  boot ??= readBoot();
  const info = boot.portalInfo;
  boot.portalInfo = undefined;
  return info;
}
