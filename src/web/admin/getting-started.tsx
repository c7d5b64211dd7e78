/** The staff console's first-day checklist: from a fresh install to a customer in the portal; ticks itself off until dismissed. */
import { Anchor, Button, Card, Group, List, Progress, Text, ThemeIcon, Title } from "@mantine/core";
import { IconCheck } from "@tabler/icons-react";
import { useState } from "react";
import { Link, useLocation } from "react-router-dom";
import { useGettingStarted } from "../api/staff";

export function GettingStarted({ tenantId, isAdmin }: { tenantId: string; isAdmin: boolean }) {
  const storageKey = `portico:getting-started-dismissed:${tenantId}`;
  const [dismissed, setDismissed] = useState(() => localStorage.getItem(storageKey) === "1");
  const location = useLocation();
  const q = useGettingStarted(isAdmin && !dismissed, location.pathname);
  if (!isAdmin || dismissed || !q.data) return null;
  const done = q.data.steps.filter((s) => s.done).length;
  return (
    <Card withBorder mb="md" component="section" aria-labelledby="getting-started-title">
      <Group justify="space-between" mb="xs" wrap="wrap">
        <Title order={3} size="h4" id="getting-started-title">{q.data.complete ? "You are all set up" : "Getting started"}</Title>
        <Button variant="subtle" size="xs" onClick={() => { localStorage.setItem(storageKey, "1"); setDismissed(true); }}>
          {q.data.complete ? "Close" : "Hide this checklist"}
        </Button>
      </Group>
      <Progress value={(done / q.data.steps.length) * 100} mb="sm" aria-label={`${done} of ${q.data.steps.length} steps done`} />
      <List spacing={6} size="sm" center>
        {q.data.steps.map((s) => (
          <List.Item key={s.key} icon={<ThemeIcon size={20} radius="xl" color={s.done ? "green" : "gray"} variant={s.done ? "filled" : "light"} aria-hidden>{s.done ? <IconCheck size={14} /> : <span />}</ThemeIcon>}>
            {s.to.startsWith("/portal/") ? <Anchor href={s.to} target="_blank">{s.label}</Anchor> : <Anchor component={Link} to={s.to}>{s.label}</Anchor>}
            <Text span size="xs" c="dimmed"> — {s.done ? "done" : "to do"}</Text>
          </List.Item>
        ))}
      </List>
    </Card>
  );
}
