/** Ticket attachments: streamed size limit, allow-list by extension and content, visible exactly when their ticket is. */
import type { Readable } from "node:stream";
import { type Deps, inTransaction } from "../../deps.js";
import { AppError, notFound } from "../../errors.js";
import type { ContactActor, StaffActor } from "../../policy/actors.js";
import { authorize } from "../../policy/policy.js";
import type { Repos } from "../../repos.js";
import type { TicketsService } from "../tickets/tickets.service.js";
import { allowedExtensions, checkFileType, cleanFilename } from "./file-types.js";

export interface Upload {
  filename: string;
  stream: Readable & { truncated?: boolean };
}

const present = (a: { id: string; filename: string; contentType: string; size: number; uploadedByName: string; createdAt: Date }) => ({
  id: a.id,
  filename: a.filename,
  contentType: a.contentType,
  size: a.size,
  uploadedBy: a.uploadedByName,
  createdAt: a.createdAt.toISOString(),
});

export function createAttachmentsService(
  d: Deps,
  { tickets: { getAttachment, insertAttachment, updateTicket } }: Pick<Repos, "tickets">,
  { tickets: { ticketForContactRead, ticketForContactUpload, loadForStaff } }: { tickets: TicketsService },
) {
  async function store(tenantId: string, ticketId: string, file: Upload, by: string, isPublic: boolean) {
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
    const now = d.clock();
    try {
      const row = await inTransaction(d, async (tx) => {
        const row = await insertAttachment(tx, tenantId, { ticketId, isPublic, filename, contentType, size: saved.size, storageKey: saved.key, uploadedByName: by, createdAt: now });
        await updateTicket(tx, tenantId, ticketId, { updatedAt: now });
        return row;
      });
      return present(row);
    } catch (err) {
      await d.files.remove(saved.key);
      throw err;
    }
  }

  async function uploadAsContact(actor: ContactActor, ticketId: string, file: Upload) {
    await ticketForContactUpload(actor, ticketId);
    return store(actor.tenantId, ticketId, file, actor.name, true);
  }

  async function uploadAsStaff(actor: StaffActor, ticketId: string, file: Upload, isPublic: boolean) {
    authorize(actor, "ticket.manage");
    await loadForStaff(actor, ticketId);
    return store(actor.tenantId, ticketId, file, actor.name, isPublic);
  }

  async function load(tenantId: string, id: string) {
    const a = await getAttachment(d.db, tenantId, id);
    if (!a) throw notFound();
    return a;
  }

  async function openForContact(actor: ContactActor, id: string) {
    const a = await load(actor.tenantId, id);
    await ticketForContactRead(actor, a.ticketId, a.isPublic);
    return { attachment: a, stream: d.files.open(a.storageKey) };
  }

  async function openForStaff(actor: StaffActor, id: string) {
    authorize(actor, "ticket.read");
    const a = await load(actor.tenantId, id);
    return { attachment: a, stream: d.files.open(a.storageKey) };
  }

  return { uploadAsContact, uploadAsStaff, openForContact, openForStaff };
}
export type AttachmentsService = ReturnType<typeof createAttachmentsService>;
