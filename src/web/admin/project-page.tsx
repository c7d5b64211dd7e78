/**
 * PRJ-1: one project in the staff console — overview, phases and tasks (edited in place), the team, the contacts who
 * follow it (what each may see or add, capped by the tenant's switches), notes and files.
 */
import { Alert, Anchor, Badge, Button, Card, Checkbox, Grid, Group, MultiSelect, NumberInput, Radio, Select, SimpleGrid, Stack, Switch, Tabs, Text, Textarea, TextInput, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { Link, useParams } from "react-router-dom";
import {
  projectAddLabels,
  type ProjectContactDto,
  type ProjectPhaseDto,
  projectStatusLabels,
  projectTaskStatuses,
  projectTaskStatusLabels,
  type ProjectTaskDto,
  projectViewLabels,
  projectViews,
  type StaffProjectDto,
} from "../../shared/projects-api";
import type { MembershipDto } from "../../shared/tickets-api";
import { get } from "../api/client";
import {
  addProjectNote,
  addProjectPhase,
  addProjectTask,
  deleteProjectPhase,
  deleteProjectTask,
  projectFileUploadUrl,
  removeProjectContact,
  setProjectContact,
  setProjectStaff,
  staffProjectKey,
  updateProject,
  updateProjectPhase,
  updateProjectTask,
  useStaffProject,
} from "../api/projects";
import { useStaffOptions } from "../api/staff";
import { Attachments } from "../components/attachments";
import { useDraft } from "../components/drafts";
import { DayInput, DueList, OverdueBadge, ProjectProgressBar, TaskStatusBadge } from "../components/project-bits";
import { ConfirmButton, ErrorAlert, formatDate, Loading, notifyOk, PageHeader, showError, formatDay } from "../components/ui";
import { useUrlState } from "../components/url-state";

type Save = (p: Promise<StaffProjectDto>, ok?: string) => Promise<void>;

/** Every change answers with the project as it is now: the page shows that, or says why the change was refused. */
function useSave(id: string): Save {
  const qc = useQueryClient();
  return async (p, ok) => {
    try {
      qc.setQueryData(staffProjectKey(id), await p);
      void qc.invalidateQueries({ queryKey: ["staff-projects"] });
      if (ok) notifyOk(ok);
    } catch (err) {
      showError(err);
      await qc.invalidateQueries({ queryKey: staffProjectKey(id) });
    }
  };
}

const tabs = ["overview", "tasks", "team", "contacts", "notes", "files"] as const;

export function ProjectPage() {
  const { id = "" } = useParams();
  const url = useUrlState({ tab: "overview" });
  const project = useStaffProject(id);
  if (project.isLoading) return <Loading />;
  if (!project.data) return <ErrorAlert error={project.error} />;
  const p = project.data;
  const tab = (tabs as readonly string[]).includes(url.state.tab) ? url.state.tab : "overview";
  return (
    <Stack>
      <Anchor component={Link} to="/admin/projects" size="sm">← Projects</Anchor>
      <PageHeader title={`${p.number} · ${p.name}`}>
        <Badge color={p.status === "active" ? "indigo" : "gray"}>{projectStatusLabels[p.status]}</Badge>
        {!p.visibleInPortal && <Badge color="gray" variant="outline">Hidden from the portal</Badge>}
      </PageHeader>
      <Text size="sm">
        <Anchor component={Link} to={`/admin/accounts/${p.account.id}`}>{p.account.name}</Anchor>
        {p.manager && <> · managed by {p.manager.name}</>}
      </Text>
      <Tabs value={tab} onChange={(t) => url.set({ tab: t ?? "overview" })} keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="overview">Overview</Tabs.Tab>
          <Tabs.Tab value="tasks">Phases and tasks ({p.tasks.length})</Tabs.Tab>
          <Tabs.Tab value="team">Team ({p.staff.length})</Tabs.Tab>
          <Tabs.Tab value="contacts">Contacts ({p.contacts.length})</Tabs.Tab>
          <Tabs.Tab value="notes">Notes ({p.notes.length})</Tabs.Tab>
          <Tabs.Tab value="files">Files ({p.files.length})</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="overview"><Overview p={p} /></Tabs.Panel>
        <Tabs.Panel value="tasks"><PhasesAndTasks p={p} /></Tabs.Panel>
        <Tabs.Panel value="team"><Team p={p} /></Tabs.Panel>
        <Tabs.Panel value="contacts"><Contacts p={p} /></Tabs.Panel>
        <Tabs.Panel value="notes"><Notes p={p} /></Tabs.Panel>
        <Tabs.Panel value="files"><Files p={p} /></Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

function Overview({ p }: { p: StaffProjectDto }) {
  return (
    <Grid>
      <Grid.Col span={{ base: 12, md: 7 }}>
        <Stack>
          <Card withBorder>
            <Title order={3} size="h4" mb="sm">Progress</Title>
            <ProjectProgressBar progress={p.progress} name={p.name} />
            <Group gap="xs" mt="sm">
              {projectTaskStatuses.map((s) => (
                <Text key={s} size="sm">{projectTaskStatusLabels[s]}: <b>{p.progress.byStatus[s]}</b></Text>
              ))}
            </Group>
          </Card>
          <Card withBorder>
            <Title order={3} size="h4" mb="sm">Coming up</Title>
            <DueList items={p.upcoming} today={p.today} label="Coming up" />
          </Card>
          <Card withBorder>
            <Title order={3} size="h4" mb="sm">Description</Title>
            <Text style={{ whiteSpace: "pre-wrap" }}>{p.description || <Text span c="dimmed">No description.</Text>}</Text>
          </Card>
        </Stack>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 5 }}>
        {p.can.manage ? <ProjectForm p={p} /> : (
          <Card withBorder>
            <Stack gap="xs">
              <Text size="sm"><b>Start:</b> {formatDay(p.startDate)}</Text>
              <Text size="sm"><b>Due:</b> {formatDay(p.dueDate)}</Text>
              <Text size="sm" c="dimmed">Changing a project needs the permission to manage jobs.</Text>
            </Stack>
          </Card>
        )}
      </Grid.Col>
    </Grid>
  );
}

function ProjectForm({ p }: { p: StaffProjectDto }) {
  const save = useSave(p.id);
  const staff = useStaffOptions();
  const initial = { number: p.number, name: p.name, description: p.description, startDate: p.startDate, dueDate: p.dueDate, managerStaffId: p.manager?.id ?? "", visibleInPortal: p.visibleInPortal, status: p.status };
  const form = useForm({ initialValues: initial });
  useEffect(() => form.setValues(initial), [p]); // eslint-disable-line react-hooks/exhaustive-deps
  return (
    <Card withBorder>
      <Title order={3} size="h4" mb="sm">Details</Title>
      <form onSubmit={form.onSubmit(async (v) => {
        try {
          await save(Promise.resolve(await updateProject(p.id, { ...v, managerStaffId: v.managerStaffId || null, startDate: v.startDate || null, dueDate: v.dueDate || null })), "Project saved");
        } catch (err) {
          showError(err, form);
        }
      })}>
        <Stack>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label="Number" required {...form.getInputProps("number")} />
            <TextInput label="Name" required {...form.getInputProps("name")} />
          </SimpleGrid>
          <Textarea label="Description" autosize minRows={3} {...form.getInputProps("description")} />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <DayInput label="Start date" {...form.getInputProps("startDate")} />
            <DayInput label="Due date" {...form.getInputProps("dueDate")} />
          </SimpleGrid>
          <Select label="Manager" clearable data={(staff.data?.staff ?? []).map((s) => ({ value: s.id, label: s.name }))} {...form.getInputProps("managerStaffId")} />
          <Select label="Status" allowDeselect={false} data={[{ value: "active", label: "Active" }, { value: "closed", label: "Closed" }]} {...form.getInputProps("status")} />
          <Switch label="Visible in the portal (to associated contacts)" {...form.getInputProps("visibleInPortal", { type: "checkbox" })} />
          <Group><Button type="submit" loading={form.submitting}>Save details</Button></Group>
        </Stack>
      </form>
    </Card>
  );
}

// ---------- phases and tasks ----------

function PhasesAndTasks({ p }: { p: StaffProjectDto }) {
  const groups: { phase: ProjectPhaseDto | null; tasks: ProjectTaskDto[] }[] = [
    ...p.phases.map((ph) => ({ phase: ph, tasks: p.tasks.filter((t) => t.phaseId === ph.id) })),
    { phase: null, tasks: p.tasks.filter((t) => !t.phaseId || !p.phases.some((ph) => ph.id === t.phaseId)) },
  ];
  return (
    <Stack>
      {groups.map((g) => (g.phase || g.tasks.length ? <PhaseCard key={g.phase?.id ?? "none"} p={p} phase={g.phase} tasks={g.tasks} /> : null))}
      {p.can.manage && <AddTask p={p} />}
      {p.can.manage && <AddPhase p={p} />}
    </Stack>
  );
}

function PhaseCard({ p, phase, tasks }: { p: StaffProjectDto; phase: ProjectPhaseDto | null; tasks: ProjectTaskDto[] }) {
  const save = useSave(p.id);
  const [name, setName] = useState(phase?.name ?? "");
  useEffect(() => setName(phase?.name ?? ""), [phase?.name]);
  const title = phase ? phase.name : "Not in a phase";
  return (
    <Card withBorder component="section" aria-label={phase ? `Phase ${phase.name}` : "Tasks not in a phase"}>
      <Group justify="space-between" align="end" mb="sm" wrap="wrap">
        <Stack gap={4} style={{ flex: 1, minWidth: 220 }}>
          <Title order={3} size="h4">{title}</Title>
          {phase && <ProjectProgressBar progress={phase.progress} name={phase.name} size="sm" />}
        </Stack>
        {phase && p.can.manage && (
          <Group align="end" wrap="wrap">
            <TextInput label="Phase name" value={name} onChange={(e) => setName(e.currentTarget.value)} onBlur={() => name.trim() && name !== phase.name && save(updateProjectPhase(p.id, phase.id, { name }), "Phase renamed")} />
            <DayInput label="Phase due" value={phase.dueDate} onChange={(d) => save(updateProjectPhase(p.id, phase.id, { dueDate: d || null }))} w={150} />
            <ConfirmButton
              label="Delete phase"
              variant="default"
              color="red"
              title={`Delete the phase ${phase.name}?`}
              message={tasks.length ? `Its ${tasks.length === 1 ? "task stays" : `${tasks.length} tasks stay`} on the project, outside any phase.` : "It has no tasks."}
              confirmLabel="Delete phase"
              onConfirm={() => save(deleteProjectPhase(p.id, phase.id), "Phase deleted")}
            />
          </Group>
        )}
        {phase && !p.can.manage && <Text size="sm">Due {formatDay(phase.dueDate)}</Text>}
      </Group>
      <Stack gap="xs">
        {tasks.length ? tasks.map((t) => <TaskRow key={t.id} p={p} t={t} />) : <Text size="sm" c="dimmed">No tasks in this phase yet.</Text>}
      </Stack>
    </Card>
  );
}

function TaskRow({ p, t }: { p: StaffProjectDto; t: ProjectTaskDto }) {
  const save = useSave(p.id);
  const staff = useStaffOptions();
  const [title, setTitle] = useState(t.title);
  const [progress, setProgress] = useState<number | string>(t.progress);
  useEffect(() => setTitle(t.title), [t.title]);
  useEffect(() => setProgress(t.progress), [t.progress]);
  if (!p.can.manage) {
    return (
      <Group justify="space-between" wrap="wrap">
        <Text fw={500}>{t.title}</Text>
        <Group gap="xs"><TaskStatusBadge status={t.status} /><Text size="sm">{t.progress}%</Text><Text size="sm">{formatDay(t.dueDate)}</Text>{t.overdue && <OverdueBadge />}<Text size="sm">{t.assignee?.name ?? "Unassigned"}</Text></Group>
      </Group>
    );
  }
  const change = (body: Parameters<typeof updateProjectTask>[2]) => save(updateProjectTask(p.id, t.id, body));
  return (
    <Card withBorder p="sm" role="group" aria-label={`Task ${t.title}`} bg={t.status === "done" ? "gray.0" : undefined}>
      <Stack gap="xs">
        <Group justify="space-between" align="end" wrap="wrap">
          <TextInput label="Task" value={title} onChange={(e) => setTitle(e.currentTarget.value)} onBlur={() => title.trim() && title !== t.title && change({ title })} style={{ flex: 1, minWidth: 200 }} />
          <Group gap="xs">
            {t.overdue && <OverdueBadge />}
            <ConfirmButton label="Delete" variant="subtle" color="red" title={`Delete the task ${t.title}?`} message="The task is removed from the project. This cannot be undone." confirmLabel="Delete task" onConfirm={() => save(deleteProjectTask(p.id, t.id), "Task deleted")} />
          </Group>
        </Group>
        <SimpleGrid cols={{ base: 1, xs: 2, md: 5 }} spacing="xs">
          <Select label="Status" allowDeselect={false} data={projectTaskStatuses.map((s) => ({ value: s, label: projectTaskStatusLabels[s] }))} value={t.status} onChange={(s) => s && change({ status: s as ProjectTaskDto["status"] })} />
          <NumberInput label="Progress (%)" min={0} max={100} clampBehavior="strict" allowDecimal={false} disabled={t.status === "done"} value={progress} onChange={setProgress} onBlur={() => typeof progress === "number" && progress !== t.progress && change({ progress })} />
          <DayInput label="Due" value={t.dueDate} onChange={(d) => change({ dueDate: d || null })} />
          <Select label="Assigned to" clearable data={(staff.data?.staff ?? []).map((s) => ({ value: s.id, label: s.name }))} value={t.assignee?.id ?? null} onChange={(s) => change({ assignedStaffId: s })} />
          <Select label="Phase" clearable placeholder="None" data={p.phases.map((ph) => ({ value: ph.id, label: ph.name }))} value={t.phaseId} onChange={(ph) => change({ phaseId: ph })} />
        </SimpleGrid>
      </Stack>
    </Card>
  );
}

function AddTask({ p }: { p: StaffProjectDto }) {
  const save = useSave(p.id);
  const staff = useStaffOptions();
  const form = useForm({ initialValues: { title: "", phaseId: "", dueDate: null as string | null, assignedStaffId: "" } });
  return (
    <Card withBorder component="section" aria-label="Add a task">
      <Title order={3} size="h4" mb="sm">Add a task</Title>
      <form onSubmit={form.onSubmit(async (v) => {
        try {
          const next = await addProjectTask(p.id, { title: v.title, phaseId: v.phaseId || null, dueDate: v.dueDate || null, assignedStaffId: v.assignedStaffId || null, sort: p.tasks.length + 1 });
          await save(Promise.resolve(next), "Task added");
          form.reset();
        } catch (err) {
          showError(err, form);
        }
      })}>
        <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }} spacing="xs">
          <TextInput label="Title" required {...form.getInputProps("title")} />
          <Select label="Phase" clearable placeholder="None" data={p.phases.map((ph) => ({ value: ph.id, label: ph.name }))} {...form.getInputProps("phaseId")} />
          <DayInput label="Due date" {...form.getInputProps("dueDate")} />
          <Select label="Assign to" clearable data={(staff.data?.staff ?? []).map((s) => ({ value: s.id, label: s.name }))} {...form.getInputProps("assignedStaffId")} />
        </SimpleGrid>
        <Group mt="sm"><Button type="submit" loading={form.submitting}>Add task</Button></Group>
      </form>
    </Card>
  );
}

function AddPhase({ p }: { p: StaffProjectDto }) {
  const save = useSave(p.id);
  const form = useForm({ initialValues: { name: "", dueDate: null as string | null } });
  return (
    <Card withBorder component="section" aria-label="Add a phase">
      <Title order={3} size="h4" mb="sm">Add a phase</Title>
      <form onSubmit={form.onSubmit(async (v) => {
        try {
          await save(Promise.resolve(await addProjectPhase(p.id, { name: v.name, dueDate: v.dueDate || null, sort: p.phases.length + 1 })), "Phase added");
          form.reset();
        } catch (err) {
          showError(err, form);
        }
      })}>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
          <TextInput label="Phase name" required {...form.getInputProps("name")} />
          <DayInput label="Phase due date" {...form.getInputProps("dueDate")} />
        </SimpleGrid>
        <Group mt="sm"><Button type="submit" variant="default" loading={form.submitting}>Add phase</Button></Group>
      </form>
    </Card>
  );
}

// ---------- team ----------

function Team({ p }: { p: StaffProjectDto }) {
  const save = useSave(p.id);
  const staff = useStaffOptions();
  const [chosen, setChosen] = useState(p.staff.map((s) => s.id));
  useEffect(() => setChosen(p.staff.map((s) => s.id)), [p.staff]);
  const changed = chosen.slice().sort().join() !== p.staff.map((s) => s.id).sort().join();
  return (
    <Card withBorder maw={640}>
      <Title order={3} size="h4" mb="xs">Assigned staff</Title>
      <Text size="sm" mb="sm">
        The team is emailed whenever a contact adds a note or a file to the project{p.manager ? <>, and so is the manager, {p.manager.name}</> : ""}.
      </Text>
      {p.can.manage ? (
        <Stack>
          <MultiSelect label="Team" searchable placeholder="Choose staff" data={(staff.data?.staff ?? []).map((s) => ({ value: s.id, label: s.name }))} value={chosen} onChange={setChosen} />
          <Group><Button disabled={!changed} onClick={() => save(setProjectStaff(p.id, { staffIds: chosen }), "Team saved")}>Save team</Button></Group>
        </Stack>
      ) : p.staff.length ? (
        <Stack gap={4}>{p.staff.map((s) => <Text key={s.id} size="sm">{s.name} · {s.email}</Text>)}</Stack>
      ) : (
        <Text size="sm" c="dimmed">Nobody is assigned yet.</Text>
      )}
    </Card>
  );
}

// ---------- contacts ----------

const switchNames: Record<(typeof projectViews)[number], string> = {
  viewNotes: "notes",
  viewFiles: "files",
  viewOrganisation: "the organisation",
  viewClients: "the other clients",
  viewTasks: "phases and tasks",
  viewTime: "time",
};
const defaultFlags = { viewNotes: true, addNotes: true, viewFiles: true, addFiles: true, viewOrganisation: false, viewClients: false, viewTasks: true, viewTime: false };
type Flag = keyof typeof defaultFlags;
const flagOrder: Flag[] = ["viewNotes", "addNotes", "viewFiles", "addFiles", "viewOrganisation", "viewClients", "viewTasks", "viewTime"];
const flagLabel = (f: Flag) => (f === "addNotes" || f === "addFiles" ? projectAddLabels[f] : projectViewLabels[f]);

function Contacts({ p }: { p: StaffProjectDto }) {
  const save = useSave(p.id);
  const members = useQuery({ queryKey: ["members", p.account.id], queryFn: () => get<{ items: MembershipDto[] }>(`/api/staff/accounts/${p.account.id}/contacts`) });
  const [adding, setAdding] = useState<string | null>(null);
  const off = projectViews.filter((v) => !p.switches[v]);
  const candidates = (members.data?.items ?? []).filter((m) => !p.contacts.some((c) => c.contactId === m.contactId));
  return (
    <Stack>
      <Alert color={off.length ? "yellow" : "blue"} title="The portal settings cap what is ticked here" role="status">
        Each contact sees and adds only what is ticked for them and what the switches under{" "}
        <Anchor component={Link} to="/admin/settings?tab=billing">Portal settings → Billing and projects</Anchor> allow.{" "}
        {off.length
          ? `Turned off there now: ${off.map((v) => switchNames[v]).join(", ")} — no contact sees ${off.length === 1 ? "it" : "them"}, whatever is ticked. Adding notes or files also needs seeing them.`
          : "Every switch is on. Adding notes or files also needs seeing them."}
      </Alert>
      {p.contacts.length ? p.contacts.map((c) => <ContactRow key={c.contactId} p={p} c={c} />) : <Text c="dimmed">No contact follows this project yet.</Text>}
      {p.can.manage && (
        <Card withBorder component="section" aria-label="Associate a contact">
          <Title order={3} size="h4" mb="xs">Associate a contact</Title>
          <Text size="sm" mb="sm">Contacts of {p.account.name} only. They start with notes, files and tasks; tick more on their row.</Text>
          <Group align="end" wrap="wrap">
            <Select label="Contact" searchable placeholder={candidates.length ? "Choose a contact" : "Every contact is associated"} data={candidates.map((m) => ({ value: m.contactId, label: m.email ? `${m.contactName} (${m.email})` : m.contactName }))} value={adding} onChange={setAdding} miw={260} />
            <Button disabled={!adding} onClick={async () => {
              if (!adding) return;
              await save(setProjectContact(p.id, adding, defaultFlags), "Contact associated");
              setAdding(null);
            }}>Associate</Button>
          </Group>
        </Card>
      )}
    </Stack>
  );
}

function ContactRow({ p, c }: { p: StaffProjectDto; c: ProjectContactDto }) {
  const save = useSave(p.id);
  return (
    <Card withBorder component="section" aria-label={c.name}>
      <Group justify="space-between" mb="xs" wrap="wrap">
        <div>
          <Text fw={600}>{c.name}</Text>
          <Text size="xs" c="dimmed">{c.email ?? "No email address"} · portal {c.portalStatus.replace("_", " ")}</Text>
        </div>
        {p.can.manage && (
          <ConfirmButton label="Remove" variant="subtle" color="red" title={`Remove ${c.name} from the project?`} message={`${c.name} no longer sees the project in the portal. Their notes and files stay.`} confirmLabel="Remove" onConfirm={() => save(removeProjectContact(p.id, c.contactId), "Contact removed")} />
        )}
      </Group>
      <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing={6}>
        {flagOrder.map((f) => {
          const capped = c.flags[f] && !c.effective[f];
          return (
            <Checkbox
              key={f}
              label={flagLabel(f)}
              description={capped ? (f === "addNotes" || f === "addFiles" ? "Not while they cannot see them" : "Off for every contact (portal settings)") : undefined}
              checked={c.flags[f]}
              disabled={!p.can.manage}
              onChange={(e) => save(setProjectContact(p.id, c.contactId, { ...c.flags, [f]: e.currentTarget.checked }))}
            />
          );
        })}
      </SimpleGrid>
    </Card>
  );
}

// ---------- notes and files ----------

function Notes({ p }: { p: StaffProjectDto }) {
  const save = useSave(p.id);
  const form = useForm({ initialValues: { body: "", visibility: "public" } });
  const draft = useDraft(`staff-project-note:${p.id}`, form, ["body"]);
  return (
    <Stack maw={820}>
      {p.notes.length ? (
        p.notes.map((n) => (
          <Card key={n.id} withBorder bg={n.isPublic ? undefined : "yellow.0"}>
            <Group justify="space-between" wrap="wrap">
              <Text fw={600}>{n.author}{!n.byStaff && " (customer)"}</Text>
              <Group gap="xs">{!n.isPublic && <Badge color="gray" size="sm">Internal</Badge>}<Text size="xs" c="dimmed">{formatDate(n.createdAt)}</Text></Group>
            </Group>
            <Text style={{ whiteSpace: "pre-wrap" }}>{n.body}</Text>
          </Card>
        ))
      ) : (
        <Text c="dimmed">No notes yet.</Text>
      )}
      {p.can.manage && (
        <form onSubmit={form.onSubmit(async (v) => {
          try {
            await save(Promise.resolve(await addProjectNote(p.id, { body: v.body, isPublic: v.visibility === "public" })), v.visibility === "public" ? "Note added" : "Internal note added");
            draft.clear();
            form.setFieldValue("body", "");
          } catch (err) {
            showError(err, form);
          }
        })}>
          <Stack>
            <Textarea label="Add a note" autosize minRows={3} required {...form.getInputProps("body")} />
            <Radio.Group label="Who sees it" {...form.getInputProps("visibility")}>
              <Group mt={4}>
                <Radio value="public" label="Contacts who may see notes" />
                <Radio value="internal" label="Internal (staff only)" />
              </Group>
            </Radio.Group>
            <Group><Button type="submit" loading={form.submitting}>Add note</Button></Group>
          </Stack>
        </form>
      )}
    </Stack>
  );
}

function Files({ p }: { p: StaffProjectDto }) {
  const qc = useQueryClient();
  const [visibility, setVisibility] = useState("public");
  return (
    <Card withBorder maw={820}>
      {p.can.manage && (
        <Radio.Group label="New files are" value={visibility} onChange={setVisibility} mb="sm">
          <Group mt={4}>
            <Radio value="public" label="Shown to contacts who may see files" />
            <Radio value="internal" label="Internal (staff only)" />
          </Group>
        </Radio.Group>
      )}
      <Attachments
        items={p.files}
        downloadBase="/api/staff/project-files"
        uploadUrl={p.can.manage ? projectFileUploadUrl(p.id, visibility === "public") : undefined}
        onUploaded={() => qc.invalidateQueries({ queryKey: staffProjectKey(p.id) })}
      />
    </Card>
  );
}
