/** Uploads and downloads shared by every route that takes or serves a file (attachments, project files, the logo, PDFs). */
import type {} from "@fastify/multipart";
import type { FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { AppError } from "../../errors.js";
import { errorResponses } from "./helpers.js";

/** Reads the one file of a multipart upload; the size limit is enforced while streaming. */
export async function oneFile(req: FastifyRequest) {
  if (!req.isMultipart()) throw new AppError("VALIDATION", "file: send the file as multipart/form-data", [{ field: "file", message: "is required" }]);
  const part = await req.file();
  if (!part) throw new AppError("VALIDATION", "file: is required", [{ field: "file", message: "is required" }]);
  return { filename: part.filename, stream: part.file };
}

/** Never run in the app's origin, whatever the bytes are. */
const SANDBOX = "sandbox; default-src 'none'";
const disposition = (filename: string) => `attachment; filename="${filename.replace(/[^\x20-\x7e]/g, "_")}"; filename*=UTF-8''${encodeURIComponent(filename)}`;

/** Served as a download that cannot run in the portal's origin. */
export function sendFile(reply: FastifyReply, a: { filename: string; contentType: string; size: number }, stream: NodeJS.ReadableStream) {
  reply
    .header("Content-Type", a.contentType)
    .header("Content-Length", a.size)
    .header("Content-Disposition", disposition(a.filename))
    .header("X-Content-Type-Options", "nosniff")
    .header("Content-Security-Policy", SANDBOX);
  return reply.send(stream);
}

/** A generated PDF (invoice, statement) as a download. */
export const sendPdf = (reply: FastifyReply, { pdf, filename }: { pdf: Buffer; filename: string }) =>
  reply.header("Content-Type", "application/pdf").header("Content-Disposition", `attachment; filename="${filename}"`).header("X-Content-Type-Options", "nosniff").header("Content-Security-Policy", SANDBOX).send(pdf);

/** A download answers with the file's bytes (any type), or a JSON error. */
export const downloadResponses = {
  200: z.string().meta({ description: "The file", content: { "application/octet-stream": { schema: { type: "string", format: "binary" } } } }),
  ...errorResponses,
};
export const pdfResponses = (description: string) => ({
  200: z.string().meta({ description, content: { "application/pdf": { schema: { type: "string", format: "binary" } } } }),
  ...errorResponses,
});
