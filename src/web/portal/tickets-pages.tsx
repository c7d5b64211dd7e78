import { Alert, Anchor, Badge, Button, Card, Grid, Group, Select, Stack, Table, Text, Textarea, TextInput, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { Link, useNavigate, useParams } from "react-router-dom";
import type { PortalCreateRefusal, PortalCreateTicketBody, PortalTicketDto, PortalTicketForm, PortalTicketList, TicketFormField } from "../../shared/tickets-api";
import { get, qs } from "../api/client";
import { Attachments, FilePicker, refusalOf, useFilePicker } from "../components/attachments";
import { useDraft } from "../components/drafts";
import { useSearchBox, useUrlState } from "../components/url-state";
import { countOf, Empty, ErrorAlert, formatDate, Loading, notifyOk, PageHeader, Pager, showError, usePageTitle } from "../components/ui";
import { addPortalTicketNote, createPortalTicket, uploadPortalAttachment, useMe } from "../api/portal";

export function PortalTicketsPage() {
  const me = useMe();
  const tz = me.data?.effectiveTimeZone;
  const url = useUrlState({ q: "", open: "all", jobId: "", sort: "updated_desc" });
  const f = url.state;
  const { page, setPage } = url;
  const search = useSearchBox(url);
  const list = useQuery({ queryKey: ["portal-tickets", me.data?.currentAccount.id, f, page], queryFn: () => get<PortalTicketList>(`/api/portal/tickets${qs({ ...f, page })}`) });
  // The list says whether the contact may raise tickets, or why not; the answer stays while a new filter loads.
  const [ability, setAbility] = useState<Pick<PortalTicketList, "can" | "createRefusal"> | null>(null);
  useEffect(() => {
    if (list.data) setAbility({ can: list.data.can, createRefusal: list.data.createRefusal });
  }, [list.data]);
  const set = (k: keyof typeof f) => (v: string | null) => url.set({ [k]: v ?? "" });
  return (
    <>
      <PageHeader title="Tickets">{ability?.can.create && <Button component={Link} to="/portal/tickets/new">Raise a ticket</Button>}</PageHeader>
      {ability?.createRefusal && <CannotRaiseTickets refusal={ability.createRefusal} />}
      <Group mb="md" align="end">
        <TextInput label="Search" placeholder="Title, text or number" {...search} />
        <Select label="Show" data={[{ value: "all", label: "All" }, { value: "open", label: "Open" }, { value: "closed", label: "Closed" }]} value={f.open} onChange={set("open")} allowDeselect={false} />
        <Select label="Sort by" data={[{ value: "updated_desc", label: "Recently updated" }, { value: "created_desc", label: "Newest" }, { value: "created_asc", label: "Oldest" }, { value: "title_asc", label: "Title" }]} value={f.sort} onChange={set("sort")} allowDeselect={false} />
      </Group>
      <ErrorAlert error={list.error} />
      {list.isLoading ? <Loading /> : list.data?.items.length ? (
        <>
          <Table striped highlightOnHover>
            <Table.Thead><Table.Tr><Table.Th>#</Table.Th><Table.Th>Title</Table.Th><Table.Th>Status</Table.Th><Table.Th>Priority</Table.Th><Table.Th>Contact</Table.Th><Table.Th>Updated</Table.Th></Table.Tr></Table.Thead>
            <Table.Tbody>
              {list.data.items.map((t) => (
                <Table.Tr key={t.id}>
                  <Table.Td>{t.number}</Table.Td>
                  <Table.Td><Anchor component={Link} to={`/portal/tickets/${t.id}`}>{t.title}</Anchor></Table.Td>
                  <Table.Td><Badge variant="light">{t.status?.name}</Badge></Table.Td>
                  <Table.Td>{t.priority?.name ?? "—"}</Table.Td>
                  <Table.Td>{t.contact?.name ?? "—"}</Table.Td>
                  <Table.Td>{formatDate(t.updatedAt, tz)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Group justify="space-between" mt="md"><Text size="sm" c="dimmed">{countOf(list.data.total, "ticket", list.data.totalCapped)}</Text><Pager total={Math.ceil(list.data.total / 25)} value={page} onChange={setPage} /></Group>
        </>
      ) : <Empty>{f.q || f.open !== "all" ? "No tickets match these filters." : "You have no tickets yet."}</Empty>}
    </>
  );
}

/** Why the contact cannot raise tickets in the account in view, and whom to ask, as the server says. */
export function CannotRaiseTickets({ refusal }: { refusal: PortalCreateRefusal }) {
  const ask = refusal.askName ?? "your contact at the support team";
  return (
    <Alert color="gray" title="You cannot raise tickets here" mb="md">
      {refusal.reason === "role"
        ? `Your role in ${refusal.accountName} does not let you raise tickets. Ask ${ask} to change your portal role.`
        : `No job of ${refusal.accountName} takes tickets from the portal. Ask ${ask} to open one.`}
    </Alert>
  );
}

/** The body's optional list fields, by the form field that shows each. */
type LookupKey = Exclude<keyof PortalCreateTicketBody, "title" | "details" | "jobId">;
const fieldSpecs: [TicketFormField, LookupKey, string][] = [
  ["site", "siteId", "Site"],
  ["ticket_type", "typeId", "Ticket type"],
  ["priority", "priorityId", "Priority"],
  ["issue_type", "issueTypeId", "Issue type"],
  ["sub_issue_type", "subIssueTypeId", "Sub-issue type"],
  ["hardware_asset", "hardwareAssetId", "Affected hardware asset"],
  ["software_asset", "softwareAssetId", "Affected software asset"],
];

export function NewTicketPage() {
  usePageTitle("New ticket");
  const me = useMe();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const spec = useQuery({ queryKey: ["portal-ticket-form", me.data?.currentAccount.id], queryFn: () => get<PortalTicketForm>("/api/portal/tickets/form") });
  if (!spec.data || !me.data) return spec.error ? <ErrorAlert error={spec.error} /> : <Loading />;
  return <NewTicketForm key={me.data.currentAccount.id} accountId={me.data.currentAccount.id} spec={spec.data} onCreated={(id) => { qc.invalidateQueries({ queryKey: ["portal-tickets"] }); navigate(`/portal/tickets/${id}`); }} />;
}

function NewTicketForm({ accountId, spec, onCreated }: { accountId: string; spec: PortalTicketForm; onCreated: (id: string) => void }) {
  const picker = useFilePicker();
  const [confirming, setConfirming] = useState(false);
  const form = useForm<Record<string, string>>({
    initialValues: { title: "", details: "", jobId: spec.defaults.jobId ?? "", typeId: spec.defaults.typeId ?? "", priorityId: spec.defaults.priorityId ?? "", siteId: "", issueTypeId: "", subIssueTypeId: "", hardwareAssetId: "", softwareAssetId: "" },
  });
  const draft = useDraft(`portal-new-ticket:${accountId}`, form, ["title", "details"]);
  const full = spec.layout === "full";
  const shown = (field: string) => full && spec.visibleFields.includes(field);
  const opts = (kind: string) =>
    (spec.options[kind] ?? []).filter((o) => kind !== "sub_issue_type" || o.parentId === form.values.issueTypeId).map((o) => ({ value: o.id, label: o.name }));
  if (spec.refusal) return <CannotRaiseTickets refusal={spec.refusal} />;
  return (
    <Stack maw={720}>
      <Title order={2}>New ticket</Title>
      {spec.introText && <Alert color="blue" style={{ whiteSpace: "pre-wrap" }}>{spec.introText}</Alert>}
      <form onSubmit={form.onSubmit(async (v) => {
        // A file the person chose but that cannot be sent: the ticket waits until they say to go on without it.
        if (picker.refused.length && !confirming) {
          setConfirming(true);
          return;
        }
        setConfirming(false);
        const body: PortalCreateTicketBody = { title: v.title, details: v.details };
        if (full) {
          body.jobId = v.jobId || null;
          for (const [field, key] of fieldSpecs) if (shown(field)) body[key] = v[key] || null;
        }
        try {
          const t = await createPortalTicket(body);
          draft.clear();
          const failed: string[] = [];
          for (const f of picker.files) {
            try {
              await uploadPortalAttachment(t.id, f);
            } catch (err) {
              failed.push(refusalOf(f, err));
            }
          }
          if (failed.length) {
            notifications.show({ color: "red", title: `Ticket #${t.number} was created, but not every file was attached`, message: `${failed.join(" ")} You can attach files again on the ticket's page.`, autoClose: false });
          } else notifyOk(`Ticket #${t.number} created`);
          form.resetDirty();
          onCreated(t.id);
        } catch (err) {
          showError(err, form);
        }
      })}>
        <Stack>
          <TextInput label="Title" description="A one-line summary of the issue" required {...form.getInputProps("title")} />
          <Textarea label="Details" autosize minRows={4} {...form.getInputProps("details")} />
          {full && <Select label="Job" required data={spec.jobs.map((j) => ({ value: j.id, label: `${j.number} · ${j.name}${j.isDefault ? " (default)" : ""}` }))} allowDeselect={false} {...form.getInputProps("jobId")} />}
          {fieldSpecs.filter(([field]) => shown(field)).map(([field, key, label]) => (
            <Select key={key} label={label} clearable data={opts(field)} {...form.getInputProps(key)} onChange={(v) => {
              form.setFieldValue(key, v ?? "");
              if (key === "issueTypeId") form.setFieldValue("subIssueTypeId", "");
            }} />
          ))}
          {(spec.layout === "quick" || spec.visibleFields.includes("attachments")) && <FilePicker picker={picker} label="Attachments" />}
          {confirming && (
            <Alert color="yellow" title="Not every file you chose can be attached" role="alert">
              <Stack gap="xs" align="flex-start">
                <Text size="sm">{picker.refused.length === 1 ? "The file named above will not be attached." : `The ${picker.refused.length} files named above will not be attached.`} Create the ticket without {picker.refused.length === 1 ? "it" : "them"}, or dismiss the message and choose another file.</Text>
                <Group>
                  <Button type="submit" size="xs">Create without {picker.refused.length === 1 ? "it" : "them"}</Button>
                  <Button size="xs" variant="default" onClick={() => setConfirming(false)}>Go back</Button>
                </Group>
              </Stack>
            </Alert>
          )}
          <Group><Button type="submit" loading={form.submitting}>Create ticket</Button></Group>
        </Stack>
      </form>
    </Stack>
  );
}

export function PortalTicketPage() {
  const { id = "" } = useParams();
  const me = useMe();
  const qc = useQueryClient();
  const tz = me.data?.effectiveTimeZone;
  const ticket = useQuery({ queryKey: ["portal-ticket", id], queryFn: () => get<PortalTicketDto>(`/api/portal/tickets/${id}`) });
  const note = useForm({ initialValues: { body: "" } });
  const noteDraft = useDraft(`portal-note:${id}`, note, ["body"]);
  if (ticket.isLoading) return <Loading />;
  if (!ticket.data) return <ErrorAlert error={ticket.error} />;
  const t = ticket.data;
  return (
    <Stack>
      <PageHeader title={`#${t.number} ${t.title}`}><Badge size="lg" variant="light">{t.status?.name}</Badge></PageHeader>
      <Grid>
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack>
            <Card withBorder><Text style={{ whiteSpace: "pre-wrap" }}>{t.details || <Text span c="dimmed">No details.</Text>}</Text></Card>
            <Card withBorder>
              <Title order={4} mb="sm">Notes</Title>
              <Stack>
                {t.notes.length ? t.notes.map((n) => (
                  <Card key={n.id} withBorder bg={n.byStaff ? "indigo.0" : undefined}>
                    <Group justify="space-between"><Text fw={600}>{n.author}{n.byStaff && " (support)"}</Text><Text size="xs" c="dimmed">{formatDate(n.createdAt, tz)}</Text></Group>
                    <Text style={{ whiteSpace: "pre-wrap" }}>{n.body}</Text>
                  </Card>
                )) : <Text c="dimmed">No notes yet.</Text>}
                {t.can.addNote && (
                  <form onSubmit={note.onSubmit(async (v) => {
                    try {
                      qc.setQueryData(["portal-ticket", id], await addPortalTicketNote(id, v));
                      noteDraft.clear();
                      note.reset();
                      notifyOk("Note added");
                    } catch (err) {
                      showError(err, note);
                    }
                  })}>
                    <Stack>
                      <Textarea label="Add a note for support" autosize minRows={3} required {...note.getInputProps("body")} />
                      <Group><Button type="submit" loading={note.submitting}>Add note</Button></Group>
                    </Stack>
                  </form>
                )}
              </Stack>
            </Card>
            {t.timeEntries && (
              <Card withBorder>
                <Title order={4} mb="sm">Time entries</Title>
                {t.timeEntries.length ? (
                  <Table>
                    <Table.Thead><Table.Tr><Table.Th>Staff</Table.Th><Table.Th>Date</Table.Th>{t.timeEntries.some((e) => e.hours !== null) && <><Table.Th>Start</Table.Th><Table.Th>End</Table.Th><Table.Th>Hours</Table.Th></>}<Table.Th>Note</Table.Th></Table.Tr></Table.Thead>
                    <Table.Tbody>
                      {t.timeEntries.map((e) => (
                        <Table.Tr key={e.id}>
                          <Table.Td>{e.staffName}</Table.Td>
                          <Table.Td>{formatDate(e.date, tz, false)}</Table.Td>
                          {e.hours !== null && <><Table.Td>{formatDate(e.startedAt, tz)}</Table.Td><Table.Td>{formatDate(e.endedAt, tz)}</Table.Td><Table.Td>{e.hours}</Table.Td></>}
                          <Table.Td>{e.note ?? ""}</Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                ) : <Text c="dimmed">No time logged yet.</Text>}
              </Card>
            )}
            <Card withBorder>
              <Title order={4} mb="sm">Files</Title>
              <Attachments items={t.attachments} downloadBase="/api/portal/attachments" uploadUrl={t.can.upload ? `/api/portal/tickets/${id}/attachments` : undefined} onUploaded={() => qc.invalidateQueries({ queryKey: ["portal-ticket", id] })} />
            </Card>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Card withBorder>
            <Stack gap="xs">
              {[["Job", t.job], ["Contact", t.contact], ["Priority", t.priority], ["Type", t.type], ["Issue type", t.issueType], ["Sub-issue type", t.subIssueType], ["Site", t.site], ["Hardware", t.hardwareAsset], ["Software", t.softwareAsset]].map(([label, ref]) =>
                ref ? <Text key={label as string} size="sm"><b>{label as string}:</b> {(ref as { name: string }).name}</Text> : null,
              )}
              <Text size="xs" c="dimmed">Opened {formatDate(t.createdAt, tz)} · updated {formatDate(t.updatedAt, tz)} ({tz})</Text>
            </Stack>
          </Card>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
