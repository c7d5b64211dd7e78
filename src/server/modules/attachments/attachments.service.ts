/** Ticket attachments: streamed size limit, allow-list by extension and content, visible exactly when their ticket is. */
import { type Deps, inTransaction } from "../../deps.js";
import { notFound } from "../../errors.js";
import type { ContactActor, StaffActor } from "../../policy/actors.js";
import { authorize } from "../../policy/policy.js";
import type { Repos } from "../../repos.js";
import type { TicketsService } from "../tickets/tickets.service.js";
import { recordUpload, storeUpload, type Upload } from "./stored-upload.js";

export type { Upload } from "./stored-upload.js";

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
    const stored = await storeUpload(d, tenantId, file);
    const now = d.clock();
    const row = await recordUpload(d, stored, () =>
      inTransaction(d, async (tx) => {
        const row = await insertAttachment(tx, tenantId, { ticketId, isPublic, ...stored, uploadedByName: by, createdAt: now });
        await updateTicket(tx, tenantId, ticketId, { updatedAt: now });
        return row;
      }),
    );
    return present(row);
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
