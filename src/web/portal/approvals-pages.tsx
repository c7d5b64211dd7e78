/**
 * APR-4 the portal's approvals inbox: what waits for the contact's answer, and what they answered. Work approval is
 * its first kind of request; each row names its kind and renders by it, so quotes and renewals can join later.
 */
import { Alert, Anchor, Badge, Box, Button, Card, Checkbox, Group, Modal, SimpleGrid, Stack, Table, Tabs, Text, Textarea, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useQueries, useQueryClient } from "@tanstack/react-query";
import { type ReactNode, useEffect, useState } from "react";
import { Link, useParams } from "react-router-dom";
import { approvalRequestStatusLabels, approvalStatusColors, type PortalApprovalDto, type PortalApprovalRow } from "../../shared/approvals-api";
import { formatHours, formatMoney } from "../../shared/money";
import { underFieldSentence } from "../../shared/sentences";
import { HttpError } from "../api/client";
import { answerApprovals, type ApprovalInboxState, approvalsKey, portalApprovalQuery, useMe, usePortalApproval, usePortalApprovals } from "../api/portal";
import { useUrlState } from "../components/url-state";
import { countOf, Empty, ErrorAlert, formatDate, Loading, notifyOk, PageHeader, showError } from "../components/ui";

/** What each kind of request is called in the inbox. */
const kindLabels: Record<PortalApprovalRow["kind"], string> = { work: "Work approval" };
const decisionLabels: Record<string, string> = {
  approve: "Approved",
  approved: "Approved",
  query: "Queried",
  queried: "Queried",
  expired: "Expired without an answer",
  deemed_approved: "Counted as approved (no answer within the approval period)",
};
/** Alert titles in the text colour: the light variant's orange and green titles fall short of 4.5:1 on their own tint. */
const readableTitle = { title: { color: "var(--mantine-color-text)" } };
/** The field's error in a red that reads at 4.5:1 on white (the theme's default error red does not). */
const readableError = { error: { color: "var(--mantine-color-red-9)" } };
const queryRequired = underFieldSentence("is required: say what you are querying");

/** A calendar day ("2026-11-20") as the reader's locale writes it; a full timestamp in the contact's time zone. */
function formatDay(day: string, tz?: string) {
  return /^\d{4}-\d{2}-\d{2}$/.test(day) ? formatDate(`${day}T12:00:00Z`, "UTC", false) : formatDate(day, tz, false);
}

/** The request's one-line name: "Work approval: J-100 · Website, version 2". */
export function requestTitle(r: Pick<PortalApprovalRow, "kind" | "job" | "version">) {
  switch (r.kind) {
    case "work":
      return `${r.job.number} · ${r.job.name}, version ${r.version}`;
  }
}

function StatusBadge({ status }: { status: PortalApprovalRow["status"] }) {
  // The status's colour on its tint, its text darkened to read at 4.5:1 (the light green and orange do not).
  const c = approvalStatusColors[status];
  return <Badge color={c} variant="light" styles={{ label: { color: `color-mix(in srgb, var(--mantine-color-${c}-9) 70%, black)` } }}>{approvalRequestStatusLabels[status]}</Badge>;
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">{label}</Text>
      <Text size="sm">{children}</Text>
    </div>
  );
}

/** The facts of a request, by its kind. */
function RequestFacts({ r, tz }: { r: PortalApprovalRow; tz?: string }) {
  switch (r.kind) {
    case "work":
      return (
        <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="xs">
          <Fact label="Work up to">{formatDay(r.cutOff, tz)}</Fact>
          <Fact label="Hours">{formatHours(r.totalHours)}</Fact>
          <Fact label="Amount">{formatMoney(r.totalAmount, r.currency)}</Fact>
          <Fact label="Answer by">{formatDate(r.expiresAt, tz)}</Fact>
        </SimpleGrid>
      );
  }
}

function AnswerText({ answer, tz }: { answer: NonNullable<PortalApprovalRow["answer"]>; tz?: string }) {
  return (
    <Text size="sm">
      <b>{decisionLabels[answer.decision] ?? answer.decision}</b> by {answer.by} on {formatDate(answer.at, tz)}
      {answer.comment && <>: <Text span style={{ whiteSpace: "pre-wrap" }}>{answer.comment}</Text></>}
    </Text>
  );
}

export function ApprovalsInboxPage() {
  const me = useMe();
  const tz = me.data?.effectiveTimeZone;
  const accountId = me.data?.currentAccount.id;
  const url = useUrlState({ state: "waiting" });
  const state: ApprovalInboxState = url.state.state === "answered" ? "answered" : "waiting";
  const list = usePortalApprovals(accountId, state);
  const [selected, setSelected] = useState<string[]>([]);
  const [answering, setAnswering] = useState<"approve" | "query" | null>(null);
  // A selection belongs to the rows in view: another tab or account starts with none.
  useEffect(() => setSelected([]), [state, accountId]);
  const items = list.data?.items ?? [];
  const open = items.filter((r) => r.status === "awaiting");
  const chosen = open.filter((r) => selected.includes(r.id));
  const waiting = list.data?.waiting;
  const content = (
    <>
      <ErrorAlert error={list.error} />
      {list.isLoading ? <Loading /> : items.length ? (
        <Stack>
          {state === "waiting" && open.length > 0 && (
            <Group justify="space-between" wrap="wrap">
              <Checkbox
                label="Select all"
                checked={open.every((r) => selected.includes(r.id))}
                indeterminate={chosen.length > 0 && chosen.length < open.length}
                onChange={(e) => setSelected(e.currentTarget.checked ? open.map((r) => r.id) : [])}
              />
              <Group gap="xs">
                <Button disabled={!chosen.length} onClick={() => setAnswering("approve")}>Approve selected ({chosen.length})</Button>
                <Button disabled={!chosen.length} variant="default" onClick={() => setAnswering("query")}>Query selected ({chosen.length})</Button>
              </Group>
            </Group>
          )}
          <Stack component="ul" p={0} m={0} style={{ listStyle: "none" }} aria-label={state === "waiting" ? "Requests waiting for you" : "Answered requests"}>
            {items.map((r) => (
              <Card component="li" key={r.id} withBorder padding="sm">
                <Group align="flex-start" wrap="nowrap" gap="sm">
                  {state === "waiting" && r.status === "awaiting" && (
                    <Checkbox mt={4} aria-label={`Select ${requestTitle(r)}`} checked={selected.includes(r.id)} onChange={(e) => setSelected(e.currentTarget.checked ? [...selected, r.id] : selected.filter((x) => x !== r.id))} />
                  )}
                  <Stack gap="xs" style={{ flex: 1, minWidth: 0 }}>
                    <Group justify="space-between" gap="xs" wrap="wrap">
                      <div>
                        <Text size="xs" c="dimmed" tt="uppercase" fw={600}>{kindLabels[r.kind]}</Text>
                        <Anchor component={Link} to={`/portal/approvals/${r.id}`} fw={600}>{requestTitle(r)}</Anchor>
                      </div>
                      <StatusBadge status={r.status} />
                    </Group>
                    <RequestFacts r={r} tz={tz} />
                    {r.answer && <AnswerText answer={r.answer} tz={tz} />}
                  </Stack>
                </Group>
              </Card>
            ))}
          </Stack>
        </Stack>
      ) : (
        <Empty>{state === "waiting" ? "Nothing waits for your approval." : "You have not answered any request yet."}</Empty>
      )}
    </>
  );
  return (
    <>
      <PageHeader title="Approvals" />
      <Text c="dimmed" size="sm" mb="md">Requests for your approval, such as the work done on a job before it is invoiced. Approve them, or query them with a comment.</Text>
      <Tabs value={state} onChange={(v) => url.set({ state: v === "answered" ? "answered" : "waiting" })} mb="md">
        <Tabs.List>
          <Tabs.Tab value="waiting">Waiting for you{waiting ? ` (${waiting})` : ""}</Tabs.Tab>
          <Tabs.Tab value="answered">Answered</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="waiting" pt="md">{state === "waiting" && content}</Tabs.Panel>
        <Tabs.Panel value="answered" pt="md">{state === "answered" && content}</Tabs.Panel>
      </Tabs>
      {answering && accountId && (
        <AnswerModal
          decision={answering}
          ids={chosen.map((r) => r.id)}
          accountId={accountId}
          onClose={() => setAnswering(null)}
          onDone={() => {
            setAnswering(null);
            setSelected([]);
          }}
        />
      )}
    </>
  );
}

/**
 * Approving or querying one or many requests: it lists what is answered, from each request as the server shows it,
 * and sends each with that statement's hash. A query needs a comment. A version no longer open is said, not guessed.
 */
function AnswerModal({ decision, ids, accountId, onClose, onDone }: { decision: "approve" | "query"; ids: string[]; accountId: string; onClose: () => void; onDone: (r: PortalApprovalRow[]) => void }) {
  const qc = useQueryClient();
  const me = useMe();
  const tz = me.data?.effectiveTimeZone;
  const details = useQueries({ queries: ids.map((id) => ({ ...portalApprovalQuery(accountId, id), retry: false })) });
  const loaded = details.map((d) => d.data).filter((d): d is PortalApprovalDto => !!d);
  const failed = details.find((d) => d.error)?.error;
  const [conflict, setConflict] = useState<string | null>(null);
  const form = useForm({ initialValues: { comment: "" }, validate: { comment: (v) => (decision === "query" && !v.trim() ? queryRequired : null) } });
  const many = ids.length > 1;
  const title = decision === "approve" ? (many ? `Approve ${ids.length} requests` : "Approve this request") : many ? `Query ${ids.length} requests` : "Query this request";
  const notOpen = loaded.filter((d) => d.status !== "awaiting" || !d.can.answer);
  return (
    <Modal opened onClose={onClose} title={title} size="lg" closeButtonProps={{ "aria-label": "Close" }}>
      {/* The form checks the comment itself, so the reason shows under the field rather than in the browser's bubble. */}
      <form noValidate onSubmit={form.onSubmit(async (v) => {
        setConflict(null);
        try {
          const r = await answerApprovals({ decision, comment: v.comment.trim(), requests: loaded.map((d) => ({ id: d.id, statementHash: d.statementHash })) });
          notifyOk(`${decision === "approve" ? "Approved" : "Queried"}: ${countOf(r.answered, "request")}. Thank you for your answer.`);
          await qc.invalidateQueries({ queryKey: [approvalsKey] });
          onDone(r.items);
        } catch (err) {
          if (err instanceof HttpError && err.status === 409) {
            setConflict(err.body.message);
            await qc.invalidateQueries({ queryKey: [approvalsKey] });
          } else showError(err, form);
        }
      })}>
        <Stack>
          <ErrorAlert error={failed} />
          {loaded.length < ids.length && !failed ? <Loading /> : (
            <>
              <Text size="sm">{decision === "approve" ? "You approve:" : "You query:"}</Text>
              <Stack component="ul" gap={4} m={0} pl="md">
                {loaded.map((d) => (
                  <Text component="li" size="sm" key={d.id}>
                    <b>{requestTitle(d)}</b> ({d.account}): work up to {formatDay(d.cutOff, tz)}, {formatHours(d.totalHours)}, {formatMoney(d.totalAmount, d.currency)}
                  </Text>
                ))}
              </Stack>
            </>
          )}
          {notOpen.length > 0 && <Alert color="orange" styles={readableTitle} role="alert">{notOpen.map((d) => `${requestTitle(d)} is no longer open for an answer (${approvalRequestStatusLabels[d.status].toLowerCase()}).`).join(" ")}</Alert>}
          {conflict && <Alert color="orange" styles={readableTitle} title="Nothing was answered" role="alert">{conflict}</Alert>}
          {decision === "query" ? (
            <Textarea label="Your query" description="Say what you are querying, so that we can look into it." autosize minRows={3} required data-autofocus styles={readableError} {...form.getInputProps("comment")} />
          ) : (
            <Textarea label="Comment (optional)" autosize minRows={2} styles={readableError} {...form.getInputProps("comment")} />
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>Cancel</Button>
            <Button type="submit" loading={form.submitting} disabled={loaded.length < ids.length || notOpen.length > 0}>
              {decision === "approve" ? (many ? `Approve ${ids.length}` : "Approve") : "Send query"}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Why a version cannot be answered, in a sentence, and the way to the one that can. */
function notOpenSentence(a: PortalApprovalDto, tz?: string) {
  if (a.status === "superseded") return `Version ${a.version} was replaced by ${a.current ? `version ${a.current.version}` : "a newer version"}; you no longer need to answer it.${a.current ? ` Please answer version ${a.current.version} instead.` : ""}`;
  if (a.status === "expired") return `This request expired on ${formatDate(a.expiresAt, tz)} without an answer.${a.current ? ` Please answer version ${a.current.version} instead.` : " Ask us to send it again if you still want to answer it."}`;
  if (a.status === "reopened") return `Version ${a.version} was reopened after it was approved.${a.current ? ` Please answer version ${a.current.version} instead.` : ""}`;
  return null;
}

export function ApprovalPage() {
  const { id = "" } = useParams();
  const me = useMe();
  const qc = useQueryClient();
  const tz = me.data?.effectiveTimeZone;
  const accountId = me.data?.currentAccount.id;
  const approval = usePortalApproval(accountId, id);
  const [querying, setQuerying] = useState(false);
  const [approving, setApproving] = useState(false);
  const [conflict, setConflict] = useState<string | null>(null);
  // Another request opened from this page starts afresh.
  useEffect(() => setConflict(null), [id]);
  if (approval.isLoading || !accountId) return <Loading />;
  if (!approval.data) return <><PageHeader title="Approval" /><ErrorAlert error={approval.error} /><Anchor component={Link} to="/portal/approvals">Back to Approvals</Anchor></>;
  const a = approval.data;
  const open = a.status === "awaiting" && !conflict;
  const closed = conflict ?? notOpenSentence(a, tz);
  const approve = async () => {
    setApproving(true);
    setConflict(null);
    try {
      await answerApprovals({ decision: "approve", comment: "", requests: [{ id: a.id, statementHash: a.statementHash }] });
      notifyOk(`Approved: ${requestTitle(a)}. Thank you for your answer.`);
      await qc.invalidateQueries({ queryKey: [approvalsKey] });
    } catch (err) {
      if (err instanceof HttpError && err.status === 409) {
        setConflict(err.body.message);
        await qc.invalidateQueries({ queryKey: [approvalsKey] });
      } else showError(err);
    } finally {
      setApproving(false);
    }
  };
  return (
    <Stack>
      <Anchor component={Link} to="/portal/approvals" size="sm">← Approvals</Anchor>
      <PageHeader title={`${kindLabels[a.kind]}: ${requestTitle(a)}`}><StatusBadge status={a.status} /></PageHeader>
      {closed && (
        <Alert color="orange" styles={readableTitle} title="This version is no longer open for an answer" role="alert">
          <Stack gap="xs" align="flex-start">
            <Text size="sm">{closed}</Text>
            {a.current && a.current.id !== a.id && <Button component={Link} to={`/portal/approvals/${a.current.id}`} size="xs">Open version {a.current.version}</Button>}
          </Stack>
        </Alert>
      )}
      {a.answer && (
        <Alert color={approvalStatusColors[a.status]} styles={readableTitle} title="Answered" role="status">
          <AnswerText answer={a.answer} tz={tz} />
        </Alert>
      )}
      <Card withBorder>
        <SimpleGrid cols={{ base: 2, sm: 3 }} spacing="sm">
          <Fact label="Account">{a.account}</Fact>
          <Fact label="Job">{a.job.number} · {a.job.name}</Fact>
          <Fact label="Version">{a.version}</Fact>
          <Fact label="Work up to">{formatDay(a.cutOff, tz)}</Fact>
          <Fact label="Sent">{formatDate(a.sentAt, tz)}</Fact>
          <Fact label="Answer by">{formatDate(a.expiresAt, tz)}</Fact>
        </SimpleGrid>
        <Text size="xs" c="dimmed" mt="sm">Times in {tz}.</Text>
      </Card>
      <Card withBorder>
        <Title order={3} size="h4" mb="sm">Work in this request</Title>
        {a.lines.length ? (
          <>
            {/* From tablet width a table; on a phone each entry stacks, and the total ends the list. */}
            <Box visibleFrom="sm">
              <Table striped>
                <Table.Thead>
                  <Table.Tr><Table.Th>Date</Table.Th><Table.Th>Ticket</Table.Th><Table.Th>Staff</Table.Th><Table.Th ta="right">Hours</Table.Th><Table.Th>Note</Table.Th><Table.Th ta="right">Rate</Table.Th><Table.Th ta="right">Amount</Table.Th></Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {a.lines.map((l, i) => (
                    <Table.Tr key={`${l.ticket.id}-${i}`}>
                      <Table.Td style={{ whiteSpace: "nowrap" }}>{formatDay(l.date, tz)}</Table.Td>
                      <Table.Td>#{l.ticket.number} {l.ticket.title}</Table.Td>
                      <Table.Td>{l.staffName}</Table.Td>
                      <Table.Td ta="right" style={{ whiteSpace: "nowrap" }}>{formatHours(l.hours)}</Table.Td>
                      <Table.Td style={{ whiteSpace: "pre-wrap" }}>{l.note}</Table.Td>
                      <Table.Td ta="right" style={{ whiteSpace: "nowrap" }}>{formatMoney(l.rate, a.currency)}</Table.Td>
                      <Table.Td ta="right" style={{ whiteSpace: "nowrap" }}>{formatMoney(l.amount, a.currency)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
                <Table.Tfoot>
                  <Table.Tr fw={700}>
                    <Table.Th colSpan={3}>Total</Table.Th>
                    <Table.Td ta="right" style={{ whiteSpace: "nowrap" }}>{formatHours(a.totalHours)}</Table.Td>
                    <Table.Td colSpan={2} />
                    <Table.Td ta="right" style={{ whiteSpace: "nowrap" }}>{formatMoney(a.totalAmount, a.currency)}</Table.Td>
                  </Table.Tr>
                </Table.Tfoot>
              </Table>
            </Box>
            <Stack hiddenFrom="sm" gap="xs" component="ul" p={0} m={0} style={{ listStyle: "none" }} aria-label="Time entries in this request">
              {a.lines.map((l, i) => (
                <Box component="li" key={`${l.ticket.id}-${i}`} py="xs" style={{ borderBottom: "1px solid var(--mantine-color-gray-3)" }}>
                  <Group justify="space-between" wrap="nowrap" align="flex-start">
                    <Text size="sm" fw={600}>{formatDay(l.date, tz)} · #{l.ticket.number} {l.ticket.title}</Text>
                    <Text size="sm" fw={600} style={{ whiteSpace: "nowrap" }}>{formatMoney(l.amount, a.currency)}</Text>
                  </Group>
                  <Text size="sm">{l.staffName}: {formatHours(l.hours)} at {formatMoney(l.rate, a.currency)}</Text>
                  {l.note && <Text size="sm" c="dimmed" style={{ whiteSpace: "pre-wrap" }}>{l.note}</Text>}
                </Box>
              ))}
              <Group component="li" justify="space-between" fw={700}>
                <Text fw={700}>Total: {formatHours(a.totalHours)}</Text>
                <Text fw={700}>{formatMoney(a.totalAmount, a.currency)}</Text>
              </Group>
            </Stack>
          </>
        ) : <Text c="dimmed">No time entries in this version.</Text>}
      </Card>
      {open && a.can.answer && (
        <Card withBorder>
          <Stack gap="sm">
            <Text size="sm">Approve the work above, or query it with a comment, by {formatDate(a.expiresAt, tz)}.</Text>
            <Group>
              <Button loading={approving} onClick={approve}>Approve</Button>
              <Button variant="default" onClick={() => setQuerying(true)}>Query</Button>
            </Group>
          </Stack>
        </Card>
      )}
      {querying && (
        <AnswerModal decision="query" ids={[a.id]} accountId={accountId} onClose={() => setQuerying(false)} onDone={() => setQuerying(false)} />
      )}
    </Stack>
  );
}
