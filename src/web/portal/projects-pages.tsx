/**
 * PRJ-1 the portal's projects: each project the contact follows with its progress and what is due at a glance, and a
 * project's page with the sections the contact may see (the server leaves the others out), a note form and uploads.
 */
import { Anchor, Badge, Button, Card, Grid, Group, SimpleGrid, Stack, Table, Text, Textarea, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useQueryClient } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { Link, useParams } from "react-router-dom";
import { type PortalProjectDto, projectStatusLabels } from "../../shared/projects-api";
import { formatHours } from "../../shared/money";
import { addPortalProjectNote, portalProjectFileUploadUrl, portalProjectKey, usePortalProject, usePortalProjects } from "../api/projects";
import { useMe } from "../api/portal";
import { Attachments } from "../components/attachments";
import { useDraft } from "../components/drafts";
import { DueList, OverdueBadge, ProjectProgressBar, TaskStatusBadge } from "../components/project-bits";
import { Empty, ErrorAlert, formatDate, Loading, notifyOk, PageHeader, showError, formatDay } from "../components/ui";

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">{label}</Text>
      <Text size="sm">{children}</Text>
    </div>
  );
}

export function PortalProjectsPage() {
  const me = useMe();
  const list = usePortalProjects(me.data?.currentAccount.id);
  return (
    <Stack maw={960}>
      <PageHeader title="Projects" />
      <ErrorAlert error={list.error} />
      {list.isLoading || !list.data ? (
        !list.error && <Loading />
      ) : list.data.items.length ? (
        <Stack component="ul" aria-label="Your projects" gap="md" p={0} m={0} style={{ listStyle: "none" }}>
          {list.data.items.map((p) => (
            <Card key={p.id} component="li" withBorder>
              <Stack gap="sm">
                <Group justify="space-between" wrap="wrap" gap="xs">
                  <Anchor component={Link} to={`/portal/projects/${p.id}`} fw={600} size="lg">{p.name}</Anchor>
                  <Group gap="xs">
                    <Text size="sm" c="dimmed">{p.number}</Text>
                    {p.status === "closed" && <Badge color="gray">{projectStatusLabels.closed}</Badge>}
                  </Group>
                </Group>
                <ProjectProgressBar progress={p.progress} name={p.name} />
                <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="xs">
                  <Fact label="Started">{formatDay(p.startDate)}</Fact>
                  <Fact label="Due">{formatDay(p.dueDate)}</Fact>
                  <Fact label="Tasks">{p.progress.tasks ? `${p.progress.byStatus.done} of ${p.progress.tasks} done` : "None yet"}</Fact>
                </SimpleGrid>
                <div>
                  <Text size="sm" fw={600} mb={4}>Next due</Text>
                  <DueList items={p.upcoming} today={list.data!.today} label={`Next due on ${p.name}`} />
                </div>
              </Stack>
            </Card>
          ))}
        </Stack>
      ) : (
        <Empty>You are not following any project of {me.data?.currentAccount.name ?? "this account"} yet. When we add you to one, it appears here.</Empty>
      )}
    </Stack>
  );
}

export function PortalProjectPage() {
  const { id = "" } = useParams();
  const me = useMe();
  const project = usePortalProject(id);
  const tz = me.data?.effectiveTimeZone;
  if (project.isLoading) return <Loading />;
  if (!project.data) {
    return (
      <Stack>
        <PageHeader title="Project not found" />
        <ErrorAlert error={project.error} />
        <Anchor component={Link} to="/portal/projects">← Projects</Anchor>
      </Stack>
    );
  }
  const p = project.data;
  return (
    <Stack>
      <Anchor component={Link} to="/portal/projects" size="sm">← Projects</Anchor>
      <PageHeader title={p.name}>
        <Text size="sm" c="dimmed">{p.number}</Text>
        <Badge color={p.status === "active" ? "indigo" : "gray"}>{projectStatusLabels[p.status]}</Badge>
      </PageHeader>
      <Grid>
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack>
            <Card withBorder component="section" aria-label="Overview">
              <Stack gap="sm">
                <ProjectProgressBar progress={p.progress} name={p.name} />
                <SimpleGrid cols={{ base: 2, sm: 3 }} spacing="xs">
                  <Fact label="Started">{formatDay(p.startDate)}</Fact>
                  <Fact label="Due">{formatDay(p.dueDate)}</Fact>
                  <Fact label="Tasks done">{p.progress.tasks ? `${p.progress.byStatus.done} of ${p.progress.tasks}` : "None yet"}</Fact>
                </SimpleGrid>
                {p.description && <Text style={{ whiteSpace: "pre-wrap" }}>{p.description}</Text>}
              </Stack>
            </Card>
            <Card withBorder component="section" aria-labelledby="coming-up">
              <Title order={2} size="h4" mb="sm" id="coming-up">Coming up</Title>
              <DueList items={p.upcoming} today={p.today} label="Coming up" />
            </Card>
            {p.tasks && p.phases && <TasksSection p={p} />}
            {p.notes && <NotesSection p={p} tz={tz} />}
            {p.files && (
              <Card withBorder component="section" aria-labelledby="project-files">
                <Title order={2} size="h4" mb="sm" id="project-files">Files</Title>
                <FilesSection p={p} />
              </Card>
            )}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack>
            {p.organisation && (
              <Card withBorder component="section" aria-labelledby="organisation">
                <Title order={2} size="h4" mb="sm" id="organisation">Organisation</Title>
                <Stack gap={4}>
                  <Text fw={600}>{p.organisation.name}</Text>
                  {p.organisation.number && <Text size="sm">Account number {p.organisation.number}</Text>}
                  {p.organisation.timeZone && <Text size="sm">Time zone {p.organisation.timeZone}</Text>}
                </Stack>
              </Card>
            )}
            {p.clients && (
              <Card withBorder component="section" aria-labelledby="clients">
                <Title order={2} size="h4" mb="sm" id="clients">Also on this project</Title>
                {p.clients.length ? <Stack gap={2}>{p.clients.map((c) => <Text key={c.name} size="sm">{c.name}</Text>)}</Stack> : <Text size="sm" c="dimmed">Nobody else from your side.</Text>}
              </Card>
            )}
            {p.time && (
              <Card withBorder component="section" aria-labelledby="time">
                <Title order={2} size="h4" mb="xs" id="time">Time logged</Title>
                <Text size="sm" mb="sm">{formatHours(p.time.totalHours)} in total</Text>
                {p.time.entries.length ? (
                  <Table fz="sm">
                    <Table.Thead><Table.Tr><Table.Th>Date</Table.Th><Table.Th>By</Table.Th><Table.Th>Hours</Table.Th></Table.Tr></Table.Thead>
                    <Table.Tbody>
                      {p.time.entries.map((e) => (
                        <Table.Tr key={e.id}>
                          <Table.Td>{formatDate(e.date, tz, false)}</Table.Td>
                          <Table.Td>{e.staffName}{e.note && <Text size="xs" c="dimmed">{e.note}</Text>}</Table.Td>
                          <Table.Td>{e.hours}</Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                ) : <Text size="sm" c="dimmed">No time logged yet.</Text>}
              </Card>
            )}
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

function TasksSection({ p }: { p: PortalProjectDto }) {
  const tasks = p.tasks ?? [];
  const phases = p.phases ?? [];
  const groups = [...phases.map((ph) => ({ key: ph.id, name: ph.name, due: ph.dueDate, progress: ph.progress, tasks: tasks.filter((t) => t.phaseId === ph.id) })), { key: "none", name: phases.length ? "Other tasks" : "Tasks", due: null, progress: null, tasks: tasks.filter((t) => !t.phaseId || !phases.some((ph) => ph.id === t.phaseId)) }];
  return (
    <Card withBorder component="section" aria-labelledby="phases-and-tasks">
      <Title order={2} size="h4" mb="sm" id="phases-and-tasks">Phases and tasks</Title>
      {!tasks.length && !phases.length ? <Text size="sm" c="dimmed">No tasks yet.</Text> : (
        <Stack>
          {groups.filter((g) => g.tasks.length || g.progress).map((g) => (
            <Stack key={g.key} gap="xs">
              <Group justify="space-between" wrap="wrap">
                <Title order={3} size="h5">{g.name}</Title>
                {g.due && <Text size="sm" c="dimmed">Due {formatDay(g.due)}</Text>}
              </Group>
              {g.progress && <ProjectProgressBar progress={g.progress} name={g.name} size="sm" />}
              <Stack component="ul" gap={6} p={0} m={0} aria-label={`Tasks of ${g.name}`} style={{ listStyle: "none" }}>
                {g.tasks.map((t) => (
                  <Group component="li" key={t.id} justify="space-between" wrap="wrap" gap="xs">
                    <Text size="sm" fw={500}>{t.title}</Text>
                    <Group gap="xs">
                      <TaskStatusBadge status={t.status} />
                      <Text size="sm">{t.progress}%</Text>
                      {t.dueDate && <Text size="sm">Due {formatDay(t.dueDate)}</Text>}
                      {t.overdue && <OverdueBadge />}
                    </Group>
                  </Group>
                ))}
              </Stack>
            </Stack>
          ))}
        </Stack>
      )}
    </Card>
  );
}

function NotesSection({ p, tz }: { p: PortalProjectDto; tz?: string }) {
  const qc = useQueryClient();
  const form = useForm({ initialValues: { body: "" } });
  const draft = useDraft(`portal-project-note:${p.id}`, form, ["body"]);
  return (
    <Card withBorder component="section" aria-labelledby="project-notes">
      <Title order={2} size="h4" mb="sm" id="project-notes">Notes</Title>
      <Stack>
        {p.notes?.length ? p.notes.map((n) => (
          <Card key={n.id} withBorder bg={n.byStaff ? "indigo.0" : undefined}>
            <Group justify="space-between" wrap="wrap"><Text fw={600}>{n.author}{n.byStaff && " (our team)"}</Text><Text size="xs" c="dimmed">{formatDate(n.createdAt, tz)}</Text></Group>
            <Text style={{ whiteSpace: "pre-wrap" }}>{n.body}</Text>
          </Card>
        )) : <Text c="dimmed" size="sm">No notes yet.</Text>}
        {p.can.addNote && (
          <form onSubmit={form.onSubmit(async (v) => {
            try {
              qc.setQueryData(portalProjectKey(p.id), await addPortalProjectNote(p.id, v));
              draft.clear();
              form.reset();
              notifyOk("Note added: the project team is told");
            } catch (err) {
              showError(err, form);
            }
          })}>
            <Stack>
              <Textarea label="Add a note for the project team" autosize minRows={3} required {...form.getInputProps("body")} />
              <Group><Button type="submit" loading={form.submitting}>Add note</Button></Group>
            </Stack>
          </form>
        )}
      </Stack>
    </Card>
  );
}

function FilesSection({ p }: { p: PortalProjectDto }) {
  const qc = useQueryClient();
  return (
    <Attachments
      items={p.files ?? []}
      downloadBase="/api/portal/project-files"
      uploadUrl={p.can.addFile ? portalProjectFileUploadUrl(p.id) : undefined}
      onUploaded={() => qc.invalidateQueries({ queryKey: portalProjectKey(p.id) })}
    />
  );
}
