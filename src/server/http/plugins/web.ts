/**
 * The portal's HTML: the built index.html with the tenant's public portal facts written into it as JSON
 * (shared/api.ts PortalBoot), so the SPA's first screen needs no request for them. A JSON script block is
 * data, not code: the CSP's script-src does not apply to it. The page is never cached (security-headers.ts).
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { FastifyReply, FastifyRequest } from "fastify";
import { type PortalBoot, portalBootElementId } from "../../../shared/api.js";
import type { SettingsService } from "../../modules/tenants/settings.service.js";

/** JSON that cannot end the element it sits in (`</script>`) nor open a comment (`<!--`): `<`, `>` and `&` are \u escapes. */
export const jsonForScript = (value: unknown) =>
  JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);

export const bootElement = (boot: PortalBoot) => `<script type="application/json" id="${portalBootElementId}">${jsonForScript(boot)}</script>`;

// The built index.html, read once per web root (`npm start` builds the app before it listens).
const shells = new Map<string, Promise<string>>();
const shellOf = (root: string) => {
  let html = shells.get(root);
  if (!html) {
    // A failed read is not kept: the next request tries again.
    html = readFile(path.join(root, "index.html"), "utf8").catch((err: unknown) => {
      shells.delete(root);
      throw err;
    });
    shells.set(root, html);
  }
  return html;
};

export async function sendPortalPage(settings: SettingsService, root: string, req: FastifyRequest, reply: FastifyReply) {
  const html = await shellOf(root);
  let element = "";
  // No tenant for this host: the page still loads, and the SPA hears "no portal here" from the API.
  if (req.tenantId) {
    try {
      element = bootElement({ portalInfo: await settings.publicPortalInfo({ kind: "anonymous", tenantId: req.tenantId }) });
    } catch (err) {
      // The SPA asks the API instead (which answers with the error the user should see).
      req.log.error({ err }, "portal page served without its boot facts");
    }
  }
  // A function as replacement: a `$&` in a portal name is text, not a replacement pattern.
  const page = !element ? html : html.includes("</head>") ? html.replace("</head>", () => `${element}</head>`) : html + element;
  return reply.type("text/html; charset=utf-8").send(page);
}
