/** Files on disk under DATA_DIR/files with server-made names; the client's name is only metadata. */
import { randomUUID } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import type { Readable } from "node:stream";

export interface FileStore {
  save(tenantId: string, stream: Readable): Promise<{ key: string; size: number; head: Buffer }>;
  open(key: string): Readable;
  remove(key: string): Promise<void>;
}

export function createFileStore(dataDir: string): FileStore {
  const root = path.resolve(dataDir, "files");
  const full = (key: string) => {
    const p = path.resolve(root, key);
    if (!p.startsWith(root + path.sep)) throw new Error("invalid storage key");
    return p;
  };
  return {
    async save(tenantId, stream) {
      const key = `${tenantId}/${randomUUID()}`;
      await mkdir(path.dirname(full(key)), { recursive: true });
      let size = 0;
      const chunks: Buffer[] = [];
      let headLength = 0;
      stream.on("data", (c: Buffer) => {
        size += c.length;
        if (headLength < 8192) {
          chunks.push(c);
          headLength += c.length;
        }
      });
      await pipeline(stream, createWriteStream(full(key), { flags: "wx" }));
      return { key, size, head: Buffer.concat(chunks).subarray(0, 8192) };
    },
    open: (key) => createReadStream(full(key)),
    remove: (key) => rm(full(key), { force: true }),
  };
}
