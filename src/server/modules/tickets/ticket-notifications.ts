/** TKT-5: who hears about tickets and notes, queued in the caller's transaction. */
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Tx } from "../../db/client.js";
import { accountContacts, contacts, staffUsers } from "../../db/schema/index.js";
import { inTenant } from "../../db/tenant-scope.js";
import type { Deps } from "../../deps.js";
import type { Repos } from "../../repos.js";
import { portalBase } from "../portal-access/links.js";
import type { TicketDetailRow } from "./tickets.repo.js";

async function staffEmail(tx: Tx, tenantId: string, id: string | null) {
  if (!id) return null;
  const rows = await tx.select({ email: staffUsers.email }).from(staffUsers).where(and(inTenant(staffUsers.tenantId, tenantId), eq(staffUsers.id, id), isNull(staffUsers.disabledAt)));
  return rows[0]?.email ?? null;
}

async function clientAdminCopies(tx: Tx, tenantId: string, accountId: string) {
  const rows = await tx
    .select({ email: contacts.email })
    .from(accountContacts)
    .innerJoin(contacts, eq(contacts.id, accountContacts.contactId))
    .where(
      and(
        inTenant(accountContacts.tenantId, tenantId),
        eq(accountContacts.accountId, accountId),
        eq(accountContacts.clientAdmin, true),
        eq(accountContacts.sendCopyOfTickets, true),
        isNull(contacts.archivedAt),
        sql`${contacts.portalStatus} = 'active'`,
      ),
    );
  return rows.map((r) => r.email).filter((e): e is string => !!e);
}

export function createTicketNotifications(d: Deps, { tenants: { getSettings }, outbox: { queueEmail } }: Pick<Repos, "tenants" | "outbox">) {
  /**
   * A customer created a ticket or added a note in the portal. `ownerId` is the staff member answerable for it:
   * its assignee, or for an unassigned ticket whoever new portal tickets go to.
   */
  async function notifyCustomerActivity(
    tx: Tx,
    t: TicketDetailRow,
    what: { kind: "created" | "note"; by: string; byEmail: string | null; text: string; ownerId: string | null },
  ) {
    const settings = await getSettings(tx, t.ticket.tenantId);
    const recipients = new Set<string>();
    const owner = await staffEmail(tx, t.ticket.tenantId, what.ownerId);
    if (owner) recipients.add(owner);
    for (const e of settings.submissionNotifyEmails) recipients.add(e);
    if (t.jobCopyToManager) {
      const manager = await staffEmail(tx, t.ticket.tenantId, t.jobManagerId);
      if (manager) recipients.add(manager);
    }
    if (what.kind === "created") for (const e of await clientAdminCopies(tx, t.ticket.tenantId, t.ticket.accountId)) recipients.add(e);
    if (what.byEmail) recipients.delete(what.byEmail);
    const now = d.clock();
    for (const to of recipients) {
      await queueEmail(
        tx,
        t.ticket.tenantId,
        "ticket_activity",
        {
          to,
          portalName: settings.portalName,
          number: t.ticket.number,
          title: t.ticket.title,
          account: t.account?.name ?? "",
          headline: what.kind === "created" ? `${what.by} opened a new ticket.` : `${what.by} added a note.`,
          text: what.text,
          link: `${d.config.publicUrl}/admin/tickets/${t.ticket.id}`,
        },
        now,
      );
    }
  }

  /** Staff answered with a public note: the ticket's contact hears of it. Internal notes notify no customer. */
  async function notifyContactOfReply(tx: Tx, t: TicketDetailRow, by: string, text: string) {
    if (!t.ticket.contactId) return;
    const rows = await tx
      .select({ email: contacts.email, status: contacts.portalStatus, archivedAt: contacts.archivedAt })
      .from(contacts)
      .where(and(inTenant(contacts.tenantId, t.ticket.tenantId), eq(contacts.id, t.ticket.contactId)));
    const c = rows[0];
    if (!c?.email || c.archivedAt) return;
    const settings = await getSettings(tx, t.ticket.tenantId);
    const base = portalBase(d, settings);
    await queueEmail(
      tx,
      t.ticket.tenantId,
      "ticket_activity",
      {
        to: c.email,
        portalName: settings.portalName,
        number: t.ticket.number,
        title: t.ticket.title,
        account: t.account?.name ?? "",
        headline: `${by} replied to your ticket.`,
        text,
        link: `${base}/tickets/${t.ticket.id}?account=${t.ticket.accountId}`,
      },
      d.clock(),
    );
  }

  return { notifyCustomerActivity, notifyContactOfReply };
}
export type TicketNotifications = ReturnType<typeof createTicketNotifications>;
