/**
 * An upload taken in: streamed to the file store under a server-made key with its size limit enforced while it
 * streams, then allowed only when its extension is on the list and its first bytes match it. Used by every
 * kind of file people send (ticket attachments, project files).
 */
import type { Readable } from "node:stream";
import type { Deps } from "../../deps.js";
import { AppError } from "../../errors.js";
import { allowedExtensions, checkFileType, cleanFilename } from "./file-types.js";

export interface Upload {
  filename: string;
  stream: Readable & { truncated?: boolean };
}

export interface StoredUpload {
  filename: string;
  contentType: string;
  size: number;
  storageKey: string;
}

/** Stores the file, or removes what was written and throws the refusal (413 too large, 400 type not accepted). */
export async function storeUpload(d: Pick<Deps, "files">, tenantId: string, file: Upload): Promise<StoredUpload> {
  const filename = cleanFilename(file.filename);
  const saved = await d.files.save(tenantId, file.stream);
  if (file.stream.truncated) {
    await d.files.remove(saved.key);
    throw new AppError("PAYLOAD_TOO_LARGE", "The file is larger than 10 MB");
  }
  const contentType = checkFileType(filename, saved.head);
  if (!contentType) {
    await d.files.remove(saved.key);
    throw new AppError("VALIDATION", `file: only ${allowedExtensions.join(", ")} files whose content matches their type are accepted`, [
      { field: "file", message: "this type of file is not accepted" },
    ]);
  }
  return { filename, contentType, size: saved.size, storageKey: saved.key };
}

/** Runs the write that records a stored file; when it fails, the file goes too, so nothing is left half-written. */
export async function recordUpload<T>(d: Pick<Deps, "files">, stored: StoredUpload, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    await d.files.remove(stored.storageKey);
    throw err;
  }
}
