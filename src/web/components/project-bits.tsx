/** Pieces both apps show of a project (PRJ-1): its progress bar, task status badges and what is due, said in words. */
import { Badge, Group, List, Progress, Stack, Text } from "@mantine/core";
import { DateInput, type DateInputProps } from "@mantine/dates";
import { daysBetween, type ProjectProgress, type ProjectTaskStatus, projectTaskStatusLabels, type UpcomingItem } from "../../shared/projects-api";
import { formatDay } from "./ui";

/** A calendar day ("2026-11-20") as the reader's locale writes it. */

/** "due today", "due in 3 days", "3 days overdue". */
export function dueWords(due: string, today: string) {
  const n = daysBetween(today, due);
  if (n === 0) return "due today";
  if (n === 1) return "due tomorrow";
  if (n > 1) return `due in ${n} days`;
  return n === -1 ? "1 day overdue" : `${-n} days overdue`;
}

export function ProjectProgressBar({ progress, name, size = "lg" }: { progress: ProjectProgress; name: string; size?: "sm" | "md" | "lg" | "xl" }) {
  const label = progress.tasks ? `${progress.percent}% done` : "No tasks yet";
  return (
    <Stack gap={4}>
      <Group justify="space-between" gap="xs">
        <Text size="sm" fw={600}>{label}</Text>
        {progress.tasks > 0 && (
          <Text size="xs" c="dimmed">
            {progress.byStatus.done} of {progress.tasks} {progress.tasks === 1 ? "task" : "tasks"} done{progress.byStatus.blocked ? ` · ${progress.byStatus.blocked} blocked` : ""}
          </Text>
        )}
      </Group>
      <Progress value={progress.percent} size={size} radius="xl" aria-label={`Progress of ${name}: ${label}`} />
    </Stack>
  );
}

// The light badge's text is darkened so each colour reads at 4.5:1 on its tint.
const statusStyle = (c: string) => ({ label: { color: `color-mix(in srgb, var(--mantine-color-${c}-9) 70%, black)` } });
const statusColor: Record<ProjectTaskStatus, string> = { not_started: "gray", in_progress: "blue", blocked: "red", done: "green" };
export function TaskStatusBadge({ status }: { status: ProjectTaskStatus }) {
  return <Badge variant="light" color={statusColor[status]} styles={statusStyle(statusColor[status])}>{projectTaskStatusLabels[status]}</Badge>;
}

export function OverdueBadge() {
  return <Badge variant="light" color="red" size="sm" styles={statusStyle("red")}>Overdue</Badge>;
}

const kindWords: Record<UpcomingItem["kind"], string> = { task: "Task", phase: "Phase", project: "Project due" };

/** What is due next, soonest first, each with its date in words. */
export function DueList({ items, today, label, empty = "Nothing is due in the next 14 days." }: { items: UpcomingItem[]; today: string; label: string; empty?: string }) {
  if (!items.length) return <Text size="sm" c="dimmed">{empty}</Text>;
  return (
    <List spacing={4} size="sm" listStyleType="none" aria-label={label} styles={{ root: { paddingLeft: 0 } }}>
      {items.map((u) => (
        <List.Item key={`${u.kind}-${u.id}`}>
          <Group gap={6} wrap="wrap">
            <Text size="sm" span c="dimmed">{kindWords[u.kind]}:</Text>
            <Text size="sm" span fw={500}>{u.kind === "project" ? formatDay(u.dueDate) : u.name}</Text>
            {u.kind !== "project" && <Text size="sm" span>{formatDay(u.dueDate)}</Text>}
            <Text size="sm" span c={u.overdue ? "red.9" : "dimmed"}>({dueWords(u.dueDate, today)})</Text>
            {u.overdue && <OverdueBadge />}
          </Group>
        </List.Item>
      ))}
    </List>
  );
}

/** A day picker that may be emptied; its clear button says what it clears. */
export function DayInput({ label, ...props }: Omit<DateInputProps, "clearable" | "valueFormat"> & { label: string }) {
  return <DateInput label={label} clearable valueFormat="D MMM YYYY" clearButtonProps={{ "aria-label": `Clear ${label.toLowerCase()}` }} {...props} />;
}
