/**
 * INV-1 the company's logo printed on invoices: a PNG or JPEG, re-encoded (sharp) to a PNG of at most 600 × 200,
 * kept in the file store under a server-made key. Anything else is refused before it is stored.
 */
import { Readable } from "node:stream";
import sharp from "sharp";
import { type Deps, inTransaction } from "../../deps.js";
import { AppError, notFound } from "../../errors.js";
import type { StaffActor } from "../../policy/actors.js";
import { authorize } from "../../policy/policy.js";
import type { Repos } from "../../repos.js";

export const MAX_LOGO_BYTES = 2 * 1024 * 1024;
export const LOGO_BOX = { width: 600, height: 200 };

const isPng = (b: Buffer) => b.length > 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
const isJpeg = (b: Buffer) => b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff;
const refuse = (message: string) => new AppError("VALIDATION", `file: ${message}`, [{ field: "file", message }]);

/** Reads an upload into memory, at most `limit` bytes; null when it is larger. */
async function readAtMost(stream: Readable & { truncated?: boolean }, limit: number) {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of stream) {
    size += (c as Buffer).length;
    if (size > limit) {
      stream.resume();
      return null;
    }
    chunks.push(c as Buffer);
  }
  return stream.truncated ? null : Buffer.concat(chunks);
}

export function createCompanyLogoService(d: Deps, { tenants }: Pick<Repos, "tenants">) {
  async function info(tenantId: string) {
    const s = await tenants.getSettings(d.db, tenantId);
    if (!s.companyLogoKey) return { hasLogo: false, width: null, height: null };
    try {
      const meta = await sharp(await read(s.companyLogoKey)).metadata();
      return { hasLogo: true, width: meta.width ?? null, height: meta.height ?? null };
    } catch {
      return { hasLogo: false, width: null, height: null };
    }
  }

  async function read(key: string) {
    const chunks: Buffer[] = [];
    for await (const c of d.files.open(key)) chunks.push(c as Buffer);
    return Buffer.concat(chunks);
  }

  async function upload(actor: StaffActor, file: { filename: string; stream: Readable & { truncated?: boolean } }) {
    authorize(actor, "settings.update");
    const raw = await readAtMost(file.stream, MAX_LOGO_BYTES);
    if (!raw) throw new AppError("PAYLOAD_TOO_LARGE", "The logo is larger than 2 MB: choose a smaller image.", [{ field: "file", message: "is larger than 2 MB" }]);
    if (raw.length === 0) throw refuse("is empty");
    if (!isPng(raw) && !isJpeg(raw)) throw refuse("must be a PNG or JPEG image");
    let png: Buffer;
    try {
      png = await sharp(raw, { limitInputPixels: 40_000_000 })
        .rotate()
        .resize({ ...LOGO_BOX, fit: "inside", withoutEnlargement: true })
        .png()
        .toBuffer();
    } catch {
      throw refuse("could not be read as an image");
    }
    const saved = await d.files.save(actor.tenantId, Readable.from([png]));
    let previous: string | null = null;
    try {
      await inTransaction(d, async (tx) => {
        previous = (await tenants.getSettings(tx, actor.tenantId)).companyLogoKey;
        await tenants.updateSettings(tx, actor.tenantId, { companyLogoKey: saved.key });
      });
    } catch (err) {
      await d.files.remove(saved.key);
      throw err;
    }
    if (previous) await d.files.remove(previous).catch(() => {});
    return info(actor.tenantId);
  }

  async function remove(actor: StaffActor) {
    authorize(actor, "settings.update");
    let previous: string | null = null;
    await inTransaction(d, async (tx) => {
      previous = (await tenants.getSettings(tx, actor.tenantId)).companyLogoKey;
      await tenants.updateSettings(tx, actor.tenantId, { companyLogoKey: null });
    });
    if (previous) await d.files.remove(previous).catch(() => {});
    return info(actor.tenantId);
  }

  async function describe(actor: StaffActor) {
    authorize(actor, "settings.read");
    return info(actor.tenantId);
  }

  /** The re-encoded PNG, for the settings tab and the console's printable invoice. */
  async function image(actor: StaffActor) {
    authorize(actor, "settings.read");
    const s = await tenants.getSettings(d.db, actor.tenantId);
    if (!s.companyLogoKey) throw notFound("No logo is set");
    try {
      return await read(s.companyLogoKey);
    } catch {
      throw notFound("No logo is set");
    }
  }

  return { upload, remove, describe, image };
}
export type CompanyLogoService = ReturnType<typeof createCompanyLogoService>;
