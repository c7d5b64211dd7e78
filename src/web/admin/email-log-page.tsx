import { Badge, Group, Modal, Select, Stack, Table, Text, TextInput } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { EmailLogItem } from "../../shared/api";
import { get, qs } from "../api/client";
import { Empty, ErrorAlert, formatDate, Loading, PageHeader, Pager } from "../components/ui";
import { useSearchBox, useUrlState } from "../components/url-state";

const statusLabel: Record<string, [string, string]> = {
  pending: ["Waiting to send", "yellow"],
  sending: ["Sending", "blue"],
  sent: ["Sent", "green"],
  failed: ["Failed", "red"],
  not_sent: ["Not sent (no SMTP server configured)", "gray"],
};

export function EmailLogPage() {
  const url = useUrlState({ q: "", status: "" });
  const { q: debounced } = url.state;
  const status = url.state.status || null;
  const { page, setPage } = url;
  const search = useSearchBox(url);
  const [open, setOpen] = useState<number | null>(null);
  const list = useQuery({ queryKey: ["emails", debounced, status, page], queryFn: () => get<{ items: EmailLogItem[]; total: number }>(`/api/staff/emails${qs({ q: debounced, status, page })}`), refetchInterval: 5000 });
  const detail = useQuery({ queryKey: ["email", open], queryFn: () => get<EmailLogItem & { textBody: string }>(`/api/staff/emails/${open}`), enabled: open !== null });
  return (
    <>
      <PageHeader title="Email log" />
      <Group mb="md">
        <TextInput label="Search" placeholder="Recipient or subject" {...search} />
        <Select label="Status" clearable data={Object.entries(statusLabel).map(([value, [label]]) => ({ value, label }))} value={status} onChange={(v) => url.set({ status: v ?? "" })} />
      </Group>
      <ErrorAlert error={list.error} />
      {list.isLoading ? <Loading /> : list.data?.items.length ? (
        <>
          <Table highlightOnHover>
            <Table.Thead><Table.Tr><Table.Th>Created</Table.Th><Table.Th>Recipient</Table.Th><Table.Th>Template</Table.Th><Table.Th>Subject</Table.Th><Table.Th>Status</Table.Th><Table.Th>Attempts</Table.Th><Table.Th>Last error</Table.Th></Table.Tr></Table.Thead>
            <Table.Tbody>
              {list.data.items.map((m) => (
                <Table.Tr key={m.id} style={{ cursor: "pointer" }} onClick={() => setOpen(m.id)}>
                  <Table.Td>{formatDate(m.createdAt)}</Table.Td>
                  <Table.Td>{m.recipient}</Table.Td>
                  <Table.Td>{m.template}</Table.Td>
                  <Table.Td><Text component="button" style={{ all: "unset", cursor: "pointer", textDecoration: "underline" }} onClick={() => setOpen(m.id)}>{m.subject}</Text></Table.Td>
                  <Table.Td><Badge color={statusLabel[m.status]?.[1]}>{statusLabel[m.status]?.[0] ?? m.status}</Badge></Table.Td>
                  <Table.Td>{m.attempts}</Table.Td>
                  <Table.Td><Text size="xs" c="red">{m.lastError ?? ""}</Text></Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Group justify="flex-end" mt="md"><Pager total={Math.ceil(list.data.total / 25)} value={page} onChange={setPage} /></Group>
        </>
      ) : <Empty>No emails yet. Emails appear here as soon as Portico queues them.</Empty>}
      <Modal opened={open !== null} onClose={() => setOpen(null)} title={detail.data?.subject ?? "Email"} size="lg">
        {detail.data ? (
          <Stack>
            <Text size="sm">To: {detail.data.recipient} · {statusLabel[detail.data.status]?.[0]}</Text>
            {detail.data.attachments.length > 0 && <Text size="sm">Attached: {detail.data.attachments.join(", ")}</Text>}
            
              <pre style={{ whiteSpace: "pre-wrap" }}>
                {detail.data.textBody.split(/(https?:\/\/\S+)/g).map((part, i) => (part.match(/^https?:\/\//) ? <a key={i} href={part}>{part}</a> : part))}
              </pre>
            
          </Stack>
        ) : <Loading />}
      </Modal>
    </>
  );
}
