/** PRJ-1: the staff console's projects — the list with progress and what is due, and a new project (or an existing job made one). */
import { Alert, Anchor, Badge, Button, Group, Modal, SegmentedControl, Select, SimpleGrid, Stack, Switch, Table, Text, Textarea, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useNavigate } from "react-router-dom";
import { projectStatusLabels } from "../../shared/projects-api";
import type { JobDto } from "../../shared/tickets-api";
import { get } from "../api/client";
import { convertJobToProject, createProject, useProjectList } from "../api/projects";
import { useStaffMe, useStaffOptions } from "../api/staff";
import { DayInput, DueList, dueWords, OverdueBadge, ProjectProgressBar } from "../components/project-bits";
import { countOf, Empty, ErrorAlert, Loading, PageHeader, Pager, showError, formatDay } from "../components/ui";
import { useSearchBox, useUrlState } from "../components/url-state";

const PAGE_SIZE = 25;
const useAccounts = () => useQuery({ queryKey: ["accounts-all"], queryFn: () => get<{ items: { id: string; name: string }[] }>("/api/staff/accounts?pageSize=100") });

export function ProjectsPage() {
  const url = useUrlState({ q: "", status: "active", accountId: "", managerStaffId: "", sort: "due_asc" });
  const f = url.state;
  const search = useSearchBox(url);
  const [creating, setCreating] = useState(false);
  const me = useStaffMe();
  const accounts = useAccounts();
  const staff = useStaffOptions();
  const list = useProjectList(f, url.page, PAGE_SIZE);
  const set = (k: keyof typeof f) => (v: string | null) => url.set({ [k]: v ?? "" });
  const items = list.data?.items ?? [];
  const filtered = !!(f.q || f.accountId || f.managerStaffId || f.status !== "active");
  return (
    <>
      <PageHeader title="Projects">{me.data?.can.manageJobs && <Button onClick={() => setCreating(true)}>New project</Button>}</PageHeader>
      <Group mb="md" align="end">
        <TextInput label="Search" placeholder="Number, name or account" {...search} />
        <Select label="Show" data={[{ value: "active", label: "Active" }, { value: "closed", label: "Closed" }, { value: "all", label: "All" }]} value={f.status} onChange={set("status")} allowDeselect={false} />
        <Select label="Account" clearable searchable placeholder="Any" data={(accounts.data?.items ?? []).map((a) => ({ value: a.id, label: a.name }))} value={f.accountId || null} onChange={set("accountId")} />
        <Select label="Manager" clearable placeholder="Anyone" data={(staff.data?.staff ?? []).map((s) => ({ value: s.id, label: s.name }))} value={f.managerStaffId || null} onChange={set("managerStaffId")} />
        <Select label="Order" data={[{ value: "due_asc", label: "Due date" }, { value: "name_asc", label: "Name" }, { value: "number_asc", label: "Number" }]} value={f.sort} onChange={set("sort")} allowDeselect={false} />
      </Group>
      <ErrorAlert error={list.error} />
      {list.isLoading ? (
        <Loading />
      ) : items.length ? (
        <>
          <Table.ScrollContainer minWidth={900} type="native">
            <Table striped highlightOnHover verticalSpacing="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Project</Table.Th>
                  <Table.Th>Account</Table.Th>
                  <Table.Th>Manager</Table.Th>
                  <Table.Th miw={200}>Progress</Table.Th>
                  <Table.Th>Due</Table.Th>
                  <Table.Th miw={260}>Coming up</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((p) => (
                  <Table.Tr key={p.id}>
                    <Table.Td>
                      <Anchor component={Link} to={`/admin/projects/${p.id}`}>{p.number} · {p.name}</Anchor>
                      <Group gap={4} mt={2}>
                        {p.status === "closed" && <Badge size="xs" color="gray">{projectStatusLabels.closed}</Badge>}
                        {!p.visibleInPortal && <Badge size="xs" color="gray" variant="outline">Hidden from the portal</Badge>}
                      </Group>
                    </Table.Td>
                    <Table.Td>{p.account.name}</Table.Td>
                    <Table.Td>{p.manager?.name ?? "—"}</Table.Td>
                    <Table.Td><ProjectProgressBar progress={p.progress} name={p.name} size="md" /></Table.Td>
                    <Table.Td>
                      <Text size="sm">{formatDay(p.dueDate)}</Text>
                      {p.dueDate && p.status === "active" && <Text size="xs" c={p.dueDate < (list.data?.today ?? "") ? "red.9" : "dimmed"}>{dueWords(p.dueDate, list.data?.today ?? p.dueDate)}</Text>}
                    </Table.Td>
                    <Table.Td>
                      {p.overdue > 0 && <Group gap={4} mb={4}><OverdueBadge /><Text size="xs">{countOf(p.overdue, "item")} overdue</Text></Group>}
                      <DueList items={p.upcoming} today={list.data?.today ?? ""} label={`Coming up on ${p.name}`} empty="Nothing due soon." />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Group justify="space-between" mt="md">
            <Text size="sm" c="dimmed">{countOf(list.data?.total ?? 0, "project")}</Text>
            <Pager total={Math.ceil((list.data?.total ?? 0) / PAGE_SIZE)} value={url.page} onChange={url.setPage} />
          </Group>
        </>
      ) : filtered ? (
        <Empty>No projects match these filters.</Empty>
      ) : (
        <Stack align="center" gap="xs" p="xl">
          <Text fw={600}>No projects yet.</Text>
          <Text c="dimmed" ta="center" maw={560}>
            A project is a job of an account with phases, tasks, a team and the customer's contacts, who follow it in the portal. Start one with New project, or make an existing job a project.
          </Text>
        </Stack>
      )}
      <Modal opened={creating} onClose={() => setCreating(false)} title="New project" size="lg">
        {creating && <NewProject accounts={accounts.data?.items ?? []} />}
      </Modal>
    </>
  );
}

function NewProject({ accounts }: { accounts: { id: string; name: string }[] }) {
  const navigate = useNavigate();
  const staff = useStaffOptions();
  const me = useStaffMe();
  const [mode, setMode] = useState<"new" | "existing">("new");
  const form = useForm({
    initialValues: { accountId: "", jobId: "", number: "", name: "", description: "", startDate: null as string | null, dueDate: null as string | null, managerStaffId: me.data?.id ?? "", visibleInPortal: true },
  });
  const accountId = form.values.accountId;
  const jobs = useQuery({ queryKey: ["jobs", accountId], queryFn: () => get<{ items: JobDto[] }>(`/api/staff/accounts/${accountId}/jobs`), enabled: !!accountId && mode === "existing" });
  const projectList = useQuery({ queryKey: ["staff-projects", "of-account", accountId], queryFn: () => get<{ items: { id: string }[] }>(`/api/staff/projects?status=all&pageSize=100&accountId=${accountId}`), enabled: !!accountId && mode === "existing" });
  const projectIds = new Set((projectList.data?.items ?? []).map((p) => p.id));
  const candidates = (jobs.data?.items ?? []).filter((j) => !projectIds.has(j.id));
  return (
    <form
      onSubmit={form.onSubmit(async (v) => {
        try {
          const dates = { startDate: v.startDate || null, dueDate: v.dueDate || null };
          if (mode === "existing") {
            if (!v.jobId) return form.setFieldError("jobId", "Choose the job to make a project.");
            const p = await convertJobToProject(v.jobId, { description: v.description, ...dates });
            navigate(`/admin/projects/${p.id}`);
          } else {
            const p = await createProject({ accountId: v.accountId, number: v.number, name: v.name, description: v.description, ...dates, managerStaffId: v.managerStaffId || null, visibleInPortal: v.visibleInPortal });
            navigate(`/admin/projects/${p.id}`);
          }
        } catch (err) {
          showError(err, form);
        }
      })}
    >
      <Stack>
        <SegmentedControl
          aria-label="Start from"
          value={mode}
          onChange={(m) => setMode(m as "new" | "existing")}
          data={[{ value: "new", label: "A new job" }, { value: "existing", label: "An existing job" }]}
        />
        <Select label="Account" required searchable data={accounts.map((a) => ({ value: a.id, label: a.name }))} {...form.getInputProps("accountId")} onChange={(id) => {
          form.setFieldValue("accountId", id ?? "");
          form.setFieldValue("jobId", "");
        }} />
        {mode === "existing" ? (
          <>
            <Select label="Job" required disabled={!accountId} placeholder={accountId ? undefined : "Choose the account first"} data={candidates.map((j) => ({ value: j.id, label: `${j.number} · ${j.name}` }))} {...form.getInputProps("jobId")} />
            {accountId && jobs.data && !candidates.length && <Alert color="yellow" role="alert">Every job of this account is a project already.</Alert>}
            <Text size="xs" c="dimmed">The job keeps its number, name, manager, tickets and time; it gains phases, tasks, a team and contacts.</Text>
          </>
        ) : (
          <>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput label="Number" required description="A job number, unique" {...form.getInputProps("number")} />
              <TextInput label="Name" required {...form.getInputProps("name")} />
            </SimpleGrid>
            <Select label="Manager" clearable description="Emailed with the team when a contact adds a note or a file" data={(staff.data?.staff ?? []).map((s) => ({ value: s.id, label: s.name }))} {...form.getInputProps("managerStaffId")} />
            <Switch label="Visible in the portal (to the contacts you associate)" {...form.getInputProps("visibleInPortal", { type: "checkbox" })} />
          </>
        )}
        <Textarea label="Description" autosize minRows={2} {...form.getInputProps("description")} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <DayInput label="Start date" {...form.getInputProps("startDate")} />
          <DayInput label="Due date" {...form.getInputProps("dueDate")} />
        </SimpleGrid>
        <Group justify="flex-end"><Button type="submit" loading={form.submitting}>{mode === "existing" ? "Make it a project" : "Create project"}</Button></Group>
      </Stack>
    </form>
  );
}
