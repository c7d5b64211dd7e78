import { addStaffTicketNote, addTimeEntry, createStaffTicket, deleteTimeEntry, updateStaffTicket, updateTimeEntry, useStaffOptions, useTicketSettings } from "../api/staff";
import { Alert, Anchor, Badge, Button, Card, Checkbox, Grid, Group, Modal, Radio, Select, Stack, Table, Text, Textarea, TextInput, Title, useMantineTheme, VisuallyHidden, darken } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { Link, useNavigate, useParams } from "react-router-dom";
import type { JobDto, LookupDto, StaffTicketDto, StaffUpdateTicketBody } from "../../shared/tickets-api";
import { get, qs } from "../api/client";
import { Attachments } from "../components/attachments";
import { ConfirmButton, countOf, Empty, ErrorAlert, formatDate, Loading, notifyOk, PageHeader, Pager, showError } from "../components/ui";
import { useDraft } from "../components/drafts";
import { useSearchBox, useUrlState } from "../components/url-state";

type Ref = { id: string; name: string } | null;
type Row = { id: string; number: number; title: string; status: Ref; priority: Ref; job: Ref; contact: Ref; account: Ref; assignedStaff: Ref; updatedAt: string; createdVia: string; customerRepliedAt: string | null };

/** The customer wrote last and staff have not answered yet. */
function CustomerReplied({ at }: { at: string | null }) {
  return at ? <Badge size="xs" color="orange" title={`Customer replied ${formatDate(at)}`}>Customer replied</Badge> : null;
}

const useLookups = () => useQuery({ queryKey: ["lookups"], queryFn: () => get<{ items: LookupDto[] }>("/api/staff/lookups") });

const options = (items: LookupDto[] | undefined, kind: string) => (items ?? []).filter((l) => l.kind === kind && l.active).map((l) => ({ value: l.id, label: l.name }));

export function TicketsPage() {
  const url = useUrlState({ q: "", statusId: "", open: "open", assignedStaffId: "", accountId: "", waitingOn: "" });
  const f = url.state;
  const { page, setPage } = url;
  const search = useSearchBox(url);
  const [creating, setCreating] = useState(false);
  const lookups = useLookups();
  const staff = useStaffOptions();
  const accounts = useQuery({ queryKey: ["accounts-all"], queryFn: () => get<{ items: { id: string; name: string }[] }>("/api/staff/accounts?pageSize=100") });
  const list = useQuery({ queryKey: ["staff-tickets", f, page], queryFn: () => get<{ items: Row[]; total: number; totalCapped: boolean }>(`/api/staff/tickets${qs({ ...f, page })}`) });
  const set = (k: keyof typeof f) => (v: string | null) => url.set({ [k]: v ?? "" });
  return (
    <>
      <PageHeader title="Tickets"><Button onClick={() => setCreating(true)}>New ticket</Button></PageHeader>
      <Group mb="md" align="end">
        <TextInput label="Search" placeholder="Title, text or number" {...search} />
        <Select label="Show" data={[{ value: "open", label: "Open" }, { value: "closed", label: "Closed" }, { value: "all", label: "All" }]} value={f.open} onChange={set("open")} allowDeselect={false} />
        <Select label="Status" clearable data={options(lookups.data?.items, "status")} value={f.statusId || null} onChange={set("statusId")} />
        <Select label="Assigned to" clearable data={[{ value: "me", label: "Me" }, { value: "none", label: "Nobody" }, ...(staff.data?.staff ?? []).map((s) => ({ value: s.id, label: s.name }))]} value={f.assignedStaffId || null} onChange={set("assignedStaffId")} />
        <Select label="Account" clearable searchable data={(accounts.data?.items ?? []).map((a) => ({ value: a.id, label: a.name }))} value={f.accountId || null} onChange={set("accountId")} />
        <Select label="Waiting on" clearable placeholder="Anyone" data={[{ value: "us", label: "Waiting on us" }, { value: "customer", label: "Waiting on the customer" }]} value={f.waitingOn || null} onChange={set("waitingOn")} />
      </Group>
      <ErrorAlert error={list.error} />
      {list.isLoading ? <Loading /> : list.data?.items.length ? (
        <>
          <Table striped highlightOnHover>
            <Table.Thead><Table.Tr><Table.Th>#</Table.Th><Table.Th>Title</Table.Th><Table.Th>Account</Table.Th><Table.Th>Contact</Table.Th><Table.Th>Status</Table.Th><Table.Th>Priority</Table.Th><Table.Th>Assigned</Table.Th><Table.Th>Updated</Table.Th></Table.Tr></Table.Thead>
            <Table.Tbody>
              {list.data.items.map((t) => (
                <Table.Tr key={t.id}>
                  <Table.Td>{t.number}</Table.Td>
                  <Table.Td><Anchor component={Link} to={`/admin/tickets/${t.id}`}>{t.title}</Anchor> {t.createdVia === "portal" && <Badge size="xs" variant="light">Portal</Badge>} <CustomerReplied at={t.customerRepliedAt} /></Table.Td>
                  <Table.Td>{t.account?.name}</Table.Td>
                  <Table.Td>{t.contact?.name ?? "—"}</Table.Td>
                  <Table.Td>{t.status?.name}</Table.Td>
                  <Table.Td>{t.priority?.name ?? "—"}</Table.Td>
                  <Table.Td>{t.assignedStaff?.name ?? "—"}</Table.Td>
                  <Table.Td>{formatDate(t.updatedAt)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Group justify="space-between" mt="md"><Text size="sm" c="dimmed">{countOf(list.data.total, "ticket", list.data.totalCapped)}</Text><Pager total={Math.ceil(list.data.total / 25)} value={page} onChange={setPage} /></Group>
        </>
      ) : <Empty>No tickets match these filters.</Empty>}
      <Modal opened={creating} onClose={() => setCreating(false)} title="New ticket" size="lg">
        <NewTicket accounts={accounts.data?.items ?? []} />
      </Modal>
    </>
  );
}

function NewTicket({ accounts }: { accounts: { id: string; name: string }[] }) {
  const navigate = useNavigate();
  const [accountId, setAccountId] = useState<string | null>(null);
  const jobs = useQuery({ queryKey: ["jobs", accountId], queryFn: () => get<{ items: JobDto[] }>(`/api/staff/accounts/${accountId}/jobs`), enabled: !!accountId });
  const members = useQuery({ queryKey: ["members", accountId], queryFn: () => get<{ items: { contactId: string; contactName: string }[] }>(`/api/staff/accounts/${accountId}/contacts`), enabled: !!accountId });
  const form = useForm({ initialValues: { title: "", details: "", jobId: "", contactId: "" } });
  const draft = useDraft("staff-new-ticket", form, ["title", "details"]);
  const open = (jobs.data?.items ?? []).filter((j) => j.status === "active");
  // JOB-1: the account's default job is preselected, unless an open job of the account is chosen already.
  useEffect(() => {
    if (!jobs.data || open.some((j) => j.id === form.values.jobId)) return;
    form.setFieldValue("jobId", (open.find((j) => j.isDefault) ?? open[0])?.id ?? "");
  }, [jobs.data]);
  const account = accounts.find((a) => a.id === accountId);
  return (
    <form onSubmit={form.onSubmit(async (v) => {
      try {
        const t = await createStaffTicket({ ...v, contactId: v.contactId || null });
        draft.clear();
        navigate(`/admin/tickets/${t.id}`);
      } catch (err) {
        showError(err, form);
      }
    })}>
      <Stack>
        <Select label="Account" required searchable data={accounts.map((a) => ({ value: a.id, label: a.name }))} value={accountId} onChange={(id) => {
          setAccountId(id);
          form.setValues({ jobId: "", contactId: "" });
        }} />
        {account && jobs.data && !open.length ? (
          <Alert color="yellow" title="No open job" role="alert">
            {account.name} has no open job, so it cannot take tickets yet. <Anchor component={Link} to={`/admin/accounts/${account.id}`}>Add a job on the account page</Anchor>.
          </Alert>
        ) : (
          <Select label="Job" required disabled={!accountId} placeholder={accountId ? undefined : "Choose the account first"} data={open.map((j) => ({ value: j.id, label: `${j.number} · ${j.name}${j.isDefault ? " (default)" : ""}` }))} {...form.getInputProps("jobId")} />
        )}
        <Select label="Contact" clearable disabled={!accountId} data={(members.data?.items ?? []).map((m) => ({ value: m.contactId, label: m.contactName }))} {...form.getInputProps("contactId")} />
        <TextInput label="Title" required {...form.getInputProps("title")} />
        <Textarea label="Details" autosize minRows={3} {...form.getInputProps("details")} />
        <Group justify="flex-end"><Button type="submit" disabled={!form.values.jobId}>Create ticket</Button></Group>
      </Stack>
    </form>
  );
}

export function TicketDetailPage() {
  const { id = "" } = useParams();
  const qc = useQueryClient();
  const ticket = useQuery({ queryKey: ["staff-ticket", id], queryFn: () => get<StaffTicketDto>(`/api/staff/tickets/${id}`) });
  const lookups = useLookups();
  const staff = useStaffOptions();
  if (ticket.isLoading) return <Loading />;
  if (!ticket.data) return <ErrorAlert error={ticket.error} />;
  const t = ticket.data;
  const save = async (body: StaffUpdateTicketBody) => {
    try {
      qc.setQueryData(["staff-ticket", id], await updateStaffTicket(id, body));
      qc.invalidateQueries({ queryKey: ["staff-tickets"] });
    } catch (err) {
      showError(err);
    }
  };
  return (
    <Stack>
      <PageHeader title={`#${t.number} ${t.title}`}><CustomerReplied at={t.customerRepliedAt} /></PageHeader>
      <Grid>
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack>
            <Card withBorder>
              <Text style={{ whiteSpace: "pre-wrap" }}>{t.details || <Text span c="dimmed">No details.</Text>}</Text>
            </Card>
            <Card withBorder>
              <Title order={4} mb="sm">Notes</Title>
              <Stack>
                {t.notes.length ? t.notes.map((n) => (
                  <Card key={n.id} withBorder bg={n.isPublic ? undefined : "yellow.0"}>
                    <Group justify="space-between"><Text fw={600}>{n.author}</Text><Group gap="xs">{!n.isPublic && <Badge color="yellow">Internal</Badge>}<Text size="xs" c="dimmed">{formatDate(n.createdAt)}</Text></Group></Group>
                    <Text style={{ whiteSpace: "pre-wrap" }}>{n.body}</Text>
                  </Card>
                )) : <Text c="dimmed">No notes yet.</Text>}
                <NoteForm ticketId={id} />
              </Stack>
            </Card>
            <Card withBorder>
              <Title order={4} mb="sm">Time entries</Title>
              {t.timeEntries.length ? <TimeEntries ticketId={id} entries={t.timeEntries} /> : <Text c="dimmed" mb="sm">No time logged yet.</Text>}
              <TimeForm ticketId={id} />
            </Card>
            <Card withBorder>
              <Title order={4} mb="sm">Files</Title>
              <Attachments items={t.attachments} downloadBase="/api/staff/attachments" uploadUrl={`/api/staff/tickets/${id}/attachments?public=true`} onUploaded={() => qc.invalidateQueries({ queryKey: ["staff-ticket", id] })} />
            </Card>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Card withBorder>
            <Stack>
              <Text size="sm"><b>Account:</b> {t.account?.name}</Text>
              <Text size="sm"><b>Job:</b> {t.job?.name}</Text>
              <Text size="sm"><b>Contact:</b> {t.contact?.name ?? "—"}</Text>
              <Select label="Status" data={options(lookups.data?.items, "status")} value={t.status?.id ?? null} onChange={(v) => v && save({ statusId: v })} allowDeselect={false} />
              <Select label="Priority" clearable data={options(lookups.data?.items, "priority")} value={t.priority?.id ?? null} onChange={(v) => save({ priorityId: v })} />
              <Select label="Assigned to" clearable data={(staff.data?.staff ?? []).map((s) => ({ value: s.id, label: s.name }))} value={t.assignedStaff?.id ?? null} onChange={(v) => save({ assignedStaffId: v })} />
              {[["Type", t.type], ["Issue type", t.issueType], ["Sub-issue type", t.subIssueType], ["Site", t.site], ["Hardware", t.hardwareAsset], ["Software", t.softwareAsset]].map(([label, ref]) =>
                ref ? <Text key={label as string} size="sm"><b>{label as string}:</b> {(ref as { name: string }).name}</Text> : null,
              )}
              <Text size="xs" c="dimmed">Created {formatDate(t.createdAt)} · updated {formatDate(t.updatedAt)}</Text>
            </Stack>
          </Card>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

function NoteForm({ ticketId }: { ticketId: string }) {
  const qc = useQueryClient();
  const form = useForm({ initialValues: { body: "", visibility: "public" } });
  const draft = useDraft(`staff-note:${ticketId}`, form, ["body"]);
  return (
    <form onSubmit={form.onSubmit(async (v) => {
      try {
        qc.setQueryData(["staff-ticket", ticketId], await addStaffTicketNote(ticketId, { body: v.body, isPublic: v.visibility === "public" }));
        // The visibility stays as chosen: a run of internal notes should not turn public by surprise.
        draft.clear();
        form.setFieldValue("body", "");
        notifyOk(v.visibility === "public" ? "Reply sent to the customer" : "Internal note added");
      } catch (err) {
        showError(err, form);
      }
    })}>
      <Stack>
        <Textarea label="Add a note" autosize minRows={3} required {...form.getInputProps("body")} />
        <Group justify="space-between">
          <Radio.Group {...form.getInputProps("visibility")}>
            <Group>
              <Radio value="public" label="Public (the customer sees it and is emailed)" />
              <Radio value="internal" label="Internal (staff only)" />
            </Group>
          </Radio.Group>
          <Button type="submit">Add note</Button>
        </Group>
      </Stack>
    </form>
  );
}

type TimeEntry = StaffTicketDto["timeEntries"][number];

/** An entry's billing state: not billable, in a version awaiting the customer, or approved and locked (APR-3). */
function BillingBadge({ entry: e }: { entry: TimeEntry }) {
  const theme = useMantineTheme();
  // Mantine's green-9 on its tint is under 4.5:1: the text is darkened, as on the Approvals page.
  if (e.approval?.status === "approved") return <Badge size="sm" variant="light" color="green" style={{ color: darken(theme.colors.green[9], 0.25) }} title="Approved work is locked until it is reopened on the Approvals page">Approved (version {e.approval.version}) — locked</Badge>;
  if (e.approval?.status === "awaiting") return <Badge size="sm" variant="light" color="blue">Awaiting approval (version {e.approval.version})</Badge>;
  if (!e.billable) return <Badge size="sm" variant="light" color="gray">Not billable</Badge>;
  return null;
}

function TimeEntries({ ticketId, entries }: { ticketId: string; entries: TimeEntry[] }) {
  const qc = useQueryClient();
  const [editing, setEditing] = useState<TimeEntry | null>(null);
  return (
    <>
      <Table.ScrollContainer minWidth={820} type="native" tabIndex={0} role="region" aria-label="Time entries">
        <Table>
          <Table.Thead><Table.Tr><Table.Th>Staff</Table.Th><Table.Th>Start</Table.Th><Table.Th>End</Table.Th><Table.Th>Hours</Table.Th><Table.Th>Note</Table.Th><Table.Th>Billing</Table.Th><Table.Th><VisuallyHidden>Actions</VisuallyHidden></Table.Th></Table.Tr></Table.Thead>
          <Table.Tbody>
            {entries.map((e) => (
              <Table.Tr key={e.id}>
                <Table.Td>{e.staff?.name}</Table.Td>
                <Table.Td>{formatDate(e.startedAt)}</Table.Td>
                <Table.Td>{formatDate(e.endedAt)}</Table.Td>
                <Table.Td>{e.hours}</Table.Td>
                <Table.Td>{e.note} {e.note && !e.notePublic && <Badge size="xs" color="yellow" variant="light" style={{ color: "var(--mantine-color-dark-7)" }}>Internal</Badge>}</Table.Td>
                <Table.Td><BillingBadge entry={e} /></Table.Td>
                <Table.Td>
                  {e.can.edit ? (
                    <Group gap="xs" wrap="nowrap">
                      <Button size="xs" variant="light" onClick={() => setEditing(e)} aria-label={`Edit the time entry of ${formatDate(e.startedAt)}`}>Edit</Button>
                      <ConfirmButton
                        size="xs"
                        variant="subtle"
                        color="red"
                        label="Delete"
                        aria-label={`Delete the time entry of ${formatDate(e.startedAt)}`}
                        title="Delete this time entry?"
                        message={e.approval?.status === "awaiting" ? `It is in version ${e.approval.version}, which waits for the customer's answer: deleting it withdraws it from that request.` : "The time is removed from the ticket."}
                        onConfirm={async () => {
                          qc.setQueryData(["staff-ticket", ticketId], await deleteTimeEntry(ticketId, e.id));
                          await qc.invalidateQueries({ queryKey: ["approvals"] });
                          notifyOk("Time entry deleted");
                        }}
                      />
                    </Group>
                  ) : e.approval?.status !== "approved" ? (
                    <Text size="xs" c="dimmed">You cannot change this entry</Text>
                  ) : null}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Modal opened={editing !== null} onClose={() => setEditing(null)} title="Edit time entry" size="lg">
        {editing && <TimeForm ticketId={ticketId} entry={editing} onDone={() => setEditing(null)} />}
      </Modal>
    </>
  );
}

/** An ISO instant as the value a datetime-local input shows, in the browser's time zone. */
const localInput = (iso: string) => {
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
};

function TimeForm({ ticketId, entry, onDone }: { ticketId: string; entry?: TimeEntry; onDone?: () => void }) {
  const qc = useQueryClient();
  const form = useForm({
    initialValues: entry
      ? { start: localInput(entry.startedAt), end: localInput(entry.endedAt), note: entry.note, notePublic: entry.notePublic, billable: entry.billable }
      : { start: "", end: "", note: "", notePublic: false, billable: true },
  });
  // TKT-4: customers see time entries only while the tenant shows them; until then "visible" would mislead.
  const hidden = useTicketSettings().data?.showTimeEntries === false;
  return (
    <form onSubmit={form.onSubmit(async (v) => {
      try {
        const body = { startedAt: new Date(v.start).toISOString(), endedAt: new Date(v.end).toISOString(), note: v.note, notePublic: v.notePublic, billable: v.billable };
        qc.setQueryData(["staff-ticket", ticketId], entry ? await updateTimeEntry(ticketId, entry.id, { ...body, staffId: entry.staff?.id ?? null }) : await addTimeEntry(ticketId, body));
        await qc.invalidateQueries({ queryKey: ["approvals"] });
        form.reset();
        notifyOk(entry ? "Time entry saved" : "Time logged");
        onDone?.();
      } catch (err) {
        if (!v.start || !v.end) form.setErrors({ start: v.start ? null : "Start is required", end: v.end ? null : "End is required" });
        else showError(err, form);
      }
    })}>
      {entry?.approval?.status === "awaiting" && (
        <Alert color="blue" mb="sm">This entry is in version {entry.approval.version}, which waits for the customer's answer: changing it withdraws it from that request.</Alert>
      )}
      <Group align="end">
        <TextInput type="datetime-local" label="Start" required {...form.getInputProps("start")} error={form.errors.start ?? form.errors.startedAt} />
        <TextInput type="datetime-local" label="End" required {...form.getInputProps("end")} error={form.errors.end ?? form.errors.endedAt} />
        <TextInput label="Time note" {...form.getInputProps("note")} />
        <Checkbox label={hidden ? "Show the note to the customer once time entries are shown in the portal" : "Note visible to the customer"} {...form.getInputProps("notePublic", { type: "checkbox" })} />
        <Checkbox label="Billable" {...form.getInputProps("billable", { type: "checkbox" })} />
        <Button type="submit">{entry ? "Save time entry" : "Log time"}</Button>
      </Group>
      {hidden && (
        <Text size="sm" c="dimmed" mt="xs">
          Customers don't see time entries: <Anchor component={Link} to="/admin/settings?tab=tickets" underline="always">Show time entries in the portal</Anchor> is off in Settings.
        </Text>
      )}
    </form>
  );
}
