import { Button, Group, Modal, Stack, Table, TextInput, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { ColleagueDto as Colleague } from "../../shared/api";
import { get } from "../api/client";
import { Empty, ErrorAlert, Loading, notifyOk, showError, usePageTitle } from "../components/ui";
import { updateColleague, useMe } from "../api/portal";

/** ROL-6: the account's contacts, for contacts whose role may manage them. */
export function ContactsPage() {
  usePageTitle("Contacts");
  const me = useMe();
  const list = useQuery({ queryKey: ["portal-contacts", me.data?.currentAccount.id], queryFn: () => get<{ items: Colleague[] }>("/api/portal/contacts") });
  const [editing, setEditing] = useState<Colleague | null>(null);
  return (
    <Stack maw={900}>
      <Title order={2}>Contacts of {me.data?.currentAccount.name}</Title>
      <ErrorAlert error={list.error} />
      {list.isLoading ? <Loading /> : list.data?.items.length ? (
        <Table>
          <Table.Thead><Table.Tr><Table.Th>Name</Table.Th><Table.Th>Email</Table.Th><Table.Th>Phone</Table.Th><Table.Th>Job title</Table.Th><Table.Th /></Table.Tr></Table.Thead>
          <Table.Tbody>
            {list.data.items.map((c) => (
              <Table.Tr key={c.id}>
                <Table.Td>{c.firstName} {c.lastName}</Table.Td>
                <Table.Td>{c.email ?? "—"}</Table.Td>
                <Table.Td>{c.phone ?? "—"}</Table.Td>
                <Table.Td>{c.jobTitle ?? "—"}</Table.Td>
                <Table.Td><Button size="xs" variant="light" onClick={() => setEditing(c)}>Edit</Button></Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : <Empty>No contacts in this account.</Empty>}
      <Modal opened={editing !== null} onClose={() => setEditing(null)} title="Edit contact">
        {editing && <ColleagueForm colleague={editing} onDone={() => setEditing(null)} />}
      </Modal>
    </Stack>
  );
}

function ColleagueForm({ colleague, onDone }: { colleague: Colleague; onDone: () => void }) {
  const qc = useQueryClient();
  const form = useForm({ initialValues: { firstName: colleague.firstName, lastName: colleague.lastName, phone: colleague.phone ?? "", jobTitle: colleague.jobTitle ?? "" } });
  return (
    <form onSubmit={form.onSubmit(async (v) => {
      try {
        await updateColleague(colleague.id, v);
        await qc.invalidateQueries({ queryKey: ["portal-contacts"] });
        notifyOk("Contact saved");
        onDone();
      } catch (err) {
        showError(err, form);
      }
    })}>
      <Stack>
        <Group grow>
          <TextInput label="First name" required {...form.getInputProps("firstName")} />
          <TextInput label="Last name" required {...form.getInputProps("lastName")} />
        </Group>
        <TextInput label="Phone" {...form.getInputProps("phone")} />
        <TextInput label="Job title" {...form.getInputProps("jobTitle")} />
        <Group justify="flex-end"><Button type="submit">Save</Button></Group>
      </Stack>
    </form>
  );
}
