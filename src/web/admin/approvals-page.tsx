/** APR-3: the approval list — jobs whose billable work the customer approves, their status, and sending requests. */
import { Alert, Anchor, Badge, Button, Checkbox, darken, Group, Modal, Select, Stack, Table, Text, TextInput, useMantineTheme } from "@mantine/core";
import { DateInput } from "@mantine/dates";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router-dom";
import {
  type ApprovalJobRow,
  type ApprovalJobStatus,
  approvalJobStatuses,
  approvalJobStatusLabels,
  type ApprovalRequestStatus,
  approvalRequestStatusLabels,
  approvalStatusColors,
  type SendApprovalsResponse,
} from "../../shared/approvals-api";
import { formatHours, formatMoney } from "../../shared/money";
import { sendApprovals, useApprovalList } from "../api/approvals";
import { get } from "../api/client";
import { countOf, Empty, ErrorAlert, formatDate, Loading, PageHeader, Pager, showError } from "../components/ui";
import { useSearchBox, useUrlState } from "../components/url-state";

const PAGE_SIZE = 25;

/**
 * A job's or a version's approval status in its own colour (APR-3). The light badge's text is darkened so every
 * colour reads at 4.5:1 on its tint (Mantine's green and orange do not at their default shade).
 */
export function ApprovalStatusBadge({ status, kind = "job", size }: { status: ApprovalJobStatus | ApprovalRequestStatus; kind?: "job" | "version"; size?: "sm" | "md" | "lg" }) {
  const theme = useMantineTheme();
  const color = approvalStatusColors[status] ?? "gray";
  const label = kind === "job" ? approvalJobStatusLabels[status as ApprovalJobStatus] : approvalRequestStatusLabels[status as ApprovalRequestStatus];
  return (
    <Badge variant="light" color={color} size={size} maw="none" style={{ color: darken(theme.colors[color][9], 0.25), flexShrink: 0 }}>
      {label ?? status}
    </Badge>
  );
}

export function ApprovalsPage() {
  const url = useUrlState({ status: "", accountId: "", q: "" });
  const filters = url.state;
  const { page, setPage } = url;
  const search = useSearchBox(url);
  const [selected, setSelected] = useState<string[]>([]);
  const [sending, setSending] = useState(false);
  const accounts = useQuery({ queryKey: ["accounts-all"], queryFn: () => get<{ items: { id: string; name: string }[] }>("/api/staff/accounts?pageSize=100") });
  const list = useApprovalList(filters, page, PAGE_SIZE);
  const set = (k: keyof typeof filters) => (v: string | null) => {
    url.set({ [k]: v ?? "" });
    setSelected([]);
  };
  const items = list.data?.items ?? [];
  const currency = list.data?.currency ?? "USD";
  const chosen = items.filter((r) => selected.includes(r.job.id));
  const sendable = chosen.filter((r) => !r.sendRefusal);
  const filtered = !!(filters.status || filters.accountId || filters.q);
  return (
    <>
      <PageHeader title="Approvals">
        <Stack gap={2} align="flex-end">
          <Button disabled={!sendable.length || list.data?.enabled === false} onClick={() => setSending(true)}>
            Send for approval ({sendable.length})
          </Button>
          {chosen.length > sendable.length && (
            <Text size="xs" c="dimmed">
              {chosen.length - sendable.length} selected {chosen.length - sendable.length === 1 ? "job cannot" : "jobs cannot"} be sent now: the reason is under each.
            </Text>
          )}
        </Stack>
      </PageHeader>
      {list.data && !list.data.enabled && (
        <Alert color="blue" title="Customer approval is turned off" mb="md">
          No request can be sent while it is off. Turn on “Ask customers to approve billable work” in{" "}
          <Anchor component={Link} to="/admin/settings">Portal settings</Anchor>.
        </Alert>
      )}
      <Group mb="md" align="end">
        <TextInput label="Search" placeholder="Job number or name, account" {...search} />
        <Select label="Status" clearable placeholder="Any" data={approvalJobStatuses.map((s) => ({ value: s, label: approvalJobStatusLabels[s] }))} value={filters.status || null} onChange={set("status")} />
        <Select label="Account" clearable searchable placeholder="Any" data={(accounts.data?.items ?? []).map((a) => ({ value: a.id, label: a.name }))} value={filters.accountId || null} onChange={set("accountId")} />
      </Group>
      <ErrorAlert error={list.error} />
      {list.isLoading ? (
        <Loading />
      ) : items.length ? (
        <>
          <Table.ScrollContainer minWidth={960} type="native">
            <Table striped highlightOnHover verticalSpacing="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={40}>
                    <Checkbox
                      aria-label="Select all jobs on this page"
                      checked={items.every((r) => selected.includes(r.job.id))}
                      indeterminate={selected.length > 0 && !items.every((r) => selected.includes(r.job.id))}
                      onChange={(e) => setSelected(e.currentTarget.checked ? items.map((r) => r.job.id) : [])}
                    />
                  </Table.Th>
                  <Table.Th>Job</Table.Th>
                  <Table.Th>Account</Table.Th>
                  <Table.Th>Job contact</Table.Th>
                  <Table.Th miw={170}>Status</Table.Th>
                  <Table.Th>Latest version</Table.Th>
                  <Table.Th>Not yet sent</Table.Th>
                  <Table.Th>Customer's comment</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((r) => (
                  <ApprovalRow key={r.job.id} row={r} currency={currency} enabled={list.data?.enabled !== false} selected={selected.includes(r.job.id)} onSelect={(on) => setSelected(on ? [...selected, r.job.id] : selected.filter((x) => x !== r.job.id))} />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Group justify="space-between" mt="md">
            <Text size="sm" c="dimmed">{countOf(list.data?.total ?? 0, "job", list.data?.totalCapped)}</Text>
            <Pager total={Math.ceil((list.data?.total ?? 0) / PAGE_SIZE)} value={page} onChange={setPage} />
          </Group>
        </>
      ) : filtered ? (
        <Empty>No jobs on the approval list match these filters.</Empty>
      ) : (
        <Stack align="center" gap="xs" p="xl">
          <Text fw={600}>No jobs are on the approval list yet.</Text>
          <Text c="dimmed" ta="center" maw={560}>
            A job joins it when “Requires customer approval” is ticked on the job form, or when its “Customer approval” switch is turned on in the Jobs table of its account's page. Its
            billable time then waits here to be sent to the job's contact.
          </Text>
          <Anchor component={Link} to="/admin/accounts">Go to Accounts</Anchor>
        </Stack>
      )}
      <Modal opened={sending} onClose={() => setSending(false)} title="Send for approval" size="lg">
        {sending && (
          <SendApprovals
            jobs={sendable}
            today={list.data?.today ?? ""}
            onSent={() => setSelected([])}
            onClose={() => setSending(false)}
          />
        )}
      </Modal>
    </>
  );
}

function ApprovalRow({ row: r, currency, enabled, selected, onSelect }: { row: ApprovalJobRow; currency: string; enabled: boolean; selected: boolean; onSelect: (on: boolean) => void }) {
  const label = `${r.job.number} · ${r.job.name}`;
  return (
    <Table.Tr>
      <Table.Td>
        <Checkbox aria-label={`Select ${label}`} checked={selected} onChange={(e) => onSelect(e.currentTarget.checked)} />
      </Table.Td>
      <Table.Td>
        <Anchor component={Link} to={`/admin/approvals/jobs/${r.job.id}`}>{label}</Anchor>
        {/* On a phone the table scrolls sideways: the status shows with the job as well. */}
        <Group hiddenFrom="sm" gap="xs" my={4}><ApprovalStatusBadge status={r.status} size="sm" /><Text size="xs">{formatMoney(r.unsent.amount, currency)} not yet sent</Text></Group>
        {/* While approval is off every row would repeat the notice above. */}
        {r.sendRefusal && enabled && <Text size="xs" c="dimmed">{r.sendRefusal}</Text>}
      </Table.Td>
      <Table.Td>{r.account?.name ?? "—"}</Table.Td>
      <Table.Td>{r.contact?.name ?? <Text span size="sm" c="dimmed">None</Text>}</Table.Td>
      <Table.Td style={{ whiteSpace: "nowrap" }}>
        <ApprovalStatusBadge status={r.status} />
        {r.latest?.outcome === "deemed_approved" && <Text size="xs" c="dimmed">No answer: counted as approved</Text>}
      </Table.Td>
      <Table.Td>
        {r.latest ? (
          <Stack gap={0}>
            <Text size="sm">Version {r.latest.version} · {formatMoney(r.latest.totalAmount, currency)}</Text>
            <Text size="xs" c="dimmed">Sent {formatDate(r.latest.sentAt, undefined, false)}</Text>
            <Text size="xs" c="dimmed">{r.latest.closedAt ? `Closed ${formatDate(r.latest.closedAt, undefined, false)}` : `Expires ${formatDate(r.latest.expiresAt, undefined, false)}`}</Text>
          </Stack>
        ) : (
          <Text size="sm" c="dimmed">Never sent</Text>
        )}
      </Table.Td>
      <Table.Td>
        <Text size="sm">{formatMoney(r.unsent.amount, currency)}</Text>
        <Text size="xs" c="dimmed">{formatHours(r.unsent.hours)} · {countOf(r.unsent.entries, "entry", false, "entries")}</Text>
      </Table.Td>
      <Table.Td maw={260}>
        {r.latest?.comment ? <Text size="sm" lineClamp={3} title={r.latest.comment}>{r.latest.comment}</Text> : <Text size="sm" c="dimmed">—</Text>}
      </Table.Td>
    </Table.Tr>
  );
}

/** The send dialog: a cut-off date, then each job's result — sent as a version, or the sentence saying why not. */
/** `today` is the company's day (its time zone), which the server holds the cut-off to. */
export function SendApprovals({ jobs: initial, today, onSent, onClose }: { jobs: { job: { id: string; number: string; name: string } }[]; today: string; onSent?: (r: SendApprovalsResponse) => void; onClose: () => void }) {
  const qc = useQueryClient();
  const theme = useMantineTheme();
  // The selection as it was when the dialog opened: the list behind it refreshes once the requests are sent.
  const [jobs] = useState(initial);
  const [cutOff, setCutOff] = useState<string | null>(today);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<SendApprovalsResponse | null>(null);
  const send = async () => {
    setBusy(true);
    try {
      const r = await sendApprovals({ jobIds: jobs.map((j) => j.job.id), cutOff: cutOff ?? undefined });
      setResult(r);
      onSent?.(r);
      await Promise.all(["approvals", "approval-job", "staff-ticket"].map((key) => qc.invalidateQueries({ queryKey: [key] })));
    } catch (err) {
      showError(err);
    } finally {
      setBusy(false);
    }
  };
  const names = Object.fromEntries(jobs.map((j) => [j.job.id, `${j.job.number} · ${j.job.name}`]));
  if (result) {
    return (
      <Stack>
        <Text fw={600} role="status">{result.sent} sent, {result.refused} refused</Text>
        <Table>
          <Table.Thead><Table.Tr><Table.Th>Job</Table.Th><Table.Th>Result</Table.Th></Table.Tr></Table.Thead>
          <Table.Tbody>
            {result.results.map((r) => (
              <Table.Tr key={r.jobId}>
                <Table.Td>{names[r.jobId] ?? r.job}</Table.Td>
                <Table.Td>
                  {r.refusal ? <Text size="sm" c="red.9">{r.refusal}</Text> : <Text size="sm" style={{ color: darken(theme.colors.green[9], 0.25) }}>Sent as version {r.version}</Text>}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Group justify="flex-end"><Button variant="default" onClick={onClose}>Done</Button></Group>
      </Stack>
    );
  }
  return (
    <Stack>
      <Text size="sm">
        Each job's billable work up to the cut-off date that is not yet in a request goes to the job's contact, who is emailed a link to approve or query it in the portal.
      </Text>
      <Text size="sm" fw={600}>{countOf(jobs.length, "job")}: {jobs.map((j) => names[j.job.id]).join(", ")}</Text>
      <DateInput label="Include work up to and including" description="Work after this day waits for the next request" value={cutOff} onChange={setCutOff} maxDate={today} valueFormat="D MMMM YYYY" required />
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>Cancel</Button>
        <Button onClick={send} loading={busy} disabled={!cutOff || !jobs.length}>
          Send {jobs.length === 1 ? "1 request" : `${jobs.length} requests`}
        </Button>
      </Group>
    </Stack>
  );
}
