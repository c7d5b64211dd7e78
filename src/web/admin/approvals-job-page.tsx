/** APR-3: one job's approval details — the work not yet sent, and every version sent with its answers. */
import { Alert, Anchor, Button, Card, Collapse, Group, Modal, Stack, Table, Text, Textarea, Title } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { useForm } from "@mantine/form";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useParams } from "react-router-dom";
import { approvalEventLabels, type ApprovalLineDto, type ApprovalVersionDto } from "../../shared/approvals-api";
import { formatHours, formatMoney } from "../../shared/money";
import { reopenApproval, statementPdfUrl, useApprovalJob } from "../api/approvals";
import { countOf, Empty, ErrorAlert, formatDate, Loading, notifyOk, PageHeader, showError } from "../components/ui";
import { ApprovalStatusBadge, SendApprovals } from "./approvals-page";

function LinesTable({ lines, currency, totalHours, totalAmount, caption }: { lines: ApprovalLineDto[]; currency: string; totalHours: string; totalAmount: string; caption: string }) {
  return (
    <Table.ScrollContainer minWidth={820} type="native">
      <Table striped>
        <Table.Caption>{caption}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Date</Table.Th><Table.Th>Ticket</Table.Th><Table.Th>Staff</Table.Th><Table.Th ta="right">Hours</Table.Th><Table.Th>Note</Table.Th><Table.Th ta="right">Rate</Table.Th><Table.Th ta="right">Amount</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {lines.map((l) => (
            <Table.Tr key={l.timeEntryId}>
              <Table.Td>{formatDate(`${l.date}T12:00:00`, undefined, false)}</Table.Td>
              <Table.Td><Anchor component={Link} to={`/admin/tickets/${l.ticket.id}`}>#{l.ticket.number} {l.ticket.title}</Anchor></Table.Td>
              <Table.Td>{l.staffName}</Table.Td>
              <Table.Td ta="right">{formatHours(l.hours)}</Table.Td>
              <Table.Td>{l.note || <Text span size="sm" c="dimmed">—</Text>}</Table.Td>
              <Table.Td ta="right">{formatMoney(l.rate, currency)}</Table.Td>
              <Table.Td ta="right">{formatMoney(l.amount, currency)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
        <Table.Tfoot>
          <Table.Tr>
            <Table.Th colSpan={3}>Total</Table.Th>
            <Table.Th ta="right">{formatHours(totalHours)}</Table.Th>
            <Table.Th colSpan={2} />
            <Table.Th ta="right">{formatMoney(totalAmount, currency)}</Table.Th>
          </Table.Tr>
        </Table.Tfoot>
      </Table>
    </Table.ScrollContainer>
  );
}

export function ApprovalJobPage() {
  const { id = "" } = useParams();
  const detail = useApprovalJob(id);
  const [sending, setSending] = useState(false);
  if (detail.isLoading) return <Loading />;
  if (!detail.data) return <ErrorAlert error={detail.error} />;
  const d = detail.data;
  const versions = [...d.versions].sort((a, b) => b.version - a.version);
  return (
    <Stack>
      <Anchor component={Link} to="/admin/approvals" size="sm">← Approvals</Anchor>
      <PageHeader title={`${d.job.number} · ${d.job.name}`}>
        <ApprovalStatusBadge status={d.status} size="lg" />
      </PageHeader>
      <Group gap="xl">
        <Text size="sm"><b>Account:</b> {d.account ? <Anchor component={Link} to={`/admin/accounts/${d.account.id}`} size="sm">{d.account.name}</Anchor> : "—"}</Text>
        <Text size="sm"><b>Job contact:</b> {d.contact?.name ?? "None"}</Text>
        <Text size="sm"><b>Job manager:</b> {d.manager?.name ?? "None"}</Text>
      </Group>
      {d.latest?.comment && (
        <Alert color="blue" title={`The customer's comment on version ${d.latest.version}`}>
          <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>{d.latest.comment}</Text>
        </Alert>
      )}
      <Card withBorder>
        <Group justify="space-between" mb="sm">
          <Title order={3} size="h4">Work not yet sent</Title>
          <Button onClick={() => setSending(true)} disabled={!!d.sendRefusal}>Send for approval</Button>
        </Group>
        {d.sendRefusal && <Text size="sm" c="dimmed" mb="sm">{d.sendRefusal}</Text>}
        {d.unsentLines.length ? (
          <LinesTable lines={d.unsentLines} currency={d.currency} totalHours={d.unsent.hours} totalAmount={d.unsent.amount} caption={`${countOf(d.unsentLines.length, "entry", false, "entries")} of billable work up to today, not yet in a request`} />
        ) : (
          <Empty>No billable work waits to be sent.</Empty>
        )}
      </Card>
      <Card withBorder>
        <Title order={3} size="h4" mb="sm">Versions</Title>
        {versions.length ? (
          <Stack>
            {versions.map((v) => <VersionCard key={v.id} jobId={id} version={v} currency={d.currency} />)}
          </Stack>
        ) : (
          <Empty>Nothing has been sent for this job yet.</Empty>
        )}
      </Card>
      <Modal opened={sending} onClose={() => setSending(false)} title="Send for approval" size="lg">
        {sending && <SendApprovals jobs={[d]} today={d.today} onClose={() => setSending(false)} />}
      </Modal>
    </Stack>
  );
}

function VersionCard({ jobId, version: v, currency }: { jobId: string; version: ApprovalVersionDto; currency: string }) {
  const [lines, { toggle }] = useDisclosure(false);
  const [reopening, setReopening] = useState(false);
  const linesId = `version-${v.id}-lines`;
  return (
    <Card withBorder padding="md" component="section" aria-label={`Version ${v.version}`}>
      <Group justify="space-between" mb="xs" wrap="wrap">
        <Group gap="sm">
          <Title order={4} size="h5">Version {v.version}</Title>
          <ApprovalStatusBadge status={v.status} kind="version" />
        </Group>
        <Group gap="xs">
          {v.can.downloadStatement && (
            <Button component="a" href={statementPdfUrl(v.id)} download size="xs" variant="light">Download statement (PDF)</Button>
          )}
          {v.can.reopen && <Button size="xs" variant="outline" color="red" onClick={() => setReopening(true)}>Reopen</Button>}
        </Group>
      </Group>
      <Group gap="xl" mb="xs">
        <Text size="sm"><b>Work up to:</b> {formatDate(`${v.cutOff}T12:00:00`, undefined, false)}</Text>
        <Text size="sm"><b>Sent:</b> {formatDate(v.sentAt)}</Text>
        <Text size="sm"><b>Expires:</b> {formatDate(v.expiresAt)}</Text>
        {v.closedAt && <Text size="sm"><b>Closed:</b> {formatDate(v.closedAt)}</Text>}
        <Text size="sm"><b>Sent to:</b> {v.sentTo?.name ?? "—"}</Text>
        <Text size="sm"><b>Total:</b> {formatHours(v.totalHours)} · {formatMoney(v.totalAmount, currency)}</Text>
      </Group>
      <Group>
        <Button variant="subtle" size="xs" onClick={toggle} aria-expanded={lines} aria-controls={linesId}>
          {lines ? "Hide" : "Show"} its {countOf(v.lines.length, "line")}
        </Button>
      </Group>
      <Collapse expanded={lines} id={linesId}>
        <LinesTable lines={v.lines} currency={currency} totalHours={v.totalHours} totalAmount={v.totalAmount} caption={`The work in version ${v.version}, as the customer was shown it`} />
      </Collapse>
      {v.events.length > 0 && (
        <Table.ScrollContainer minWidth={720} type="native" mt="sm" tabIndex={0} role="region" aria-label={`History of version ${v.version}`}>
          <Table>
            <Table.Caption>History of version {v.version}</Table.Caption>
            <Table.Thead>
              <Table.Tr><Table.Th>When</Table.Th><Table.Th>Event</Table.Th><Table.Th>Who</Table.Th><Table.Th>IP</Table.Th><Table.Th>Comment</Table.Th><Table.Th>Statement</Table.Th></Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {v.events.map((e, i) => (
                <Table.Tr key={`${e.kind}-${e.at}-${i}`}>
                  <Table.Td>{formatDate(e.at)}</Table.Td>
                  <Table.Td>{approvalEventLabels[e.kind] ?? e.kind}</Table.Td>
                  <Table.Td>{e.by}</Table.Td>
                  <Table.Td>{e.ip ?? "—"}</Table.Td>
                  <Table.Td style={{ whiteSpace: "pre-wrap" }}>{e.comment || "—"}</Table.Td>
                  <Table.Td>{e.statementHash ? <Text span size="xs" ff="monospace" title={e.statementHash}>{e.statementHash.slice(0, 12)}…</Text> : "—"}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Modal opened={reopening} onClose={() => setReopening(false)} title={`Reopen version ${v.version}?`}>
        {reopening && <ReopenForm jobId={jobId} version={v} onDone={() => setReopening(false)} />}
      </Modal>
    </Card>
  );
}

/** Approved work is locked; reopening it unlocks its time entries and is recorded with its reason. */
function ReopenForm({ jobId, version: v, onDone }: { jobId: string; version: ApprovalVersionDto; onDone: () => void }) {
  const qc = useQueryClient();
  const form = useForm({ initialValues: { reason: "" }, validate: { reason: (r) => (r.trim() ? null : "Say why the approved work is reopened") } });
  return (
    <form
      onSubmit={form.onSubmit(async (values) => {
        try {
          qc.setQueryData(["approval-job", jobId], await reopenApproval(v.id, values));
          await Promise.all(["approvals", "staff-ticket"].map((key) => qc.invalidateQueries({ queryKey: [key] })));
          notifyOk(`Version ${v.version} reopened; its time entries can be changed again`);
          onDone();
        } catch (err) {
          showError(err, form);
        }
      })}
    >
      <Stack>
        <Text size="sm">
          The customer approved this work, so its {countOf(v.lines.length, "time entry", false, "time entries")} are locked. Reopening unlocks them: they can be edited, moved or deleted,
          and go out again in a new version. The reopen, who did it and the reason are kept in this version's history.
        </Text>
        <Textarea label="Reason" required autosize minRows={3} {...form.getInputProps("reason")} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>Cancel</Button>
          <Button type="submit" color="red" loading={form.submitting}>Reopen and unlock</Button>
        </Group>
      </Stack>
    </form>
  );
}
