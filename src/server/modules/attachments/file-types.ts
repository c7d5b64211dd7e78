import { allowedExtensions, extensionOf } from "../../../shared/uploads.js";

/** Upload allow-list: the extension must be listed and the first bytes must match it. */
const startsWith = (sig: number[]) => (b: Buffer) => sig.every((v, i) => b[i] === v);
const isText = (b: Buffer) => !b.includes(0) && Buffer.from(b.toString("utf8"), "utf8").length === b.length;
const zip = startsWith([0x50, 0x4b, 0x03, 0x04]);

const types: Record<(typeof allowedExtensions)[number], { mime: string; check: (head: Buffer) => boolean }> = {
  pdf: { mime: "application/pdf", check: startsWith([0x25, 0x50, 0x44, 0x46]) },
  png: { mime: "image/png", check: startsWith([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
  jpg: { mime: "image/jpeg", check: startsWith([0xff, 0xd8, 0xff]) },
  jpeg: { mime: "image/jpeg", check: startsWith([0xff, 0xd8, 0xff]) },
  gif: { mime: "image/gif", check: (b) => b.subarray(0, 6).toString("latin1") === "GIF87a" || b.subarray(0, 6).toString("latin1") === "GIF89a" },
  txt: { mime: "text/plain", check: isText },
  log: { mime: "text/plain", check: isText },
  csv: { mime: "text/csv", check: isText },
  docx: { mime: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", check: zip },
  xlsx: { mime: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", check: zip },
  pptx: { mime: "application/vnd.openxmlformats-officedocument.presentationml.presentation", check: zip },
  zip: { mime: "application/zip", check: zip },
};

export { allowedExtensions, MAX_UPLOAD_BYTES } from "../../../shared/uploads.js";

/** The content type to store, or null when the file is not allowed. */
export function checkFileType(filename: string, head: Buffer): string | null {
  const t = types[extensionOf(filename) as keyof typeof types];
  return t && head.length > 0 && t.check(head) ? t.mime : null;
}

/** A safe display name: no path, no control characters, bounded length. */
export function cleanFilename(name: string) {
  const base = name.split(/[\\/]/).pop() ?? "file";
  return base.replace(/[\x00-\x1f\x7f"]/g, "").slice(-150) || "file";
}
