/**
 * CON-1 the prepaid-hours summary of a retainer by hours, the same in both apps: the block, hours used and left, percent
 * used, the projected run-out day and the period; and the burn-down chart — cumulative hours used per day against the
 * block, the projection at this period's pace dashed — with the same facts in words and a table for screen readers.
 */
import { LineChart } from "@mantine/charts";
import { Badge, Card, Collapse, Group, Progress, SimpleGrid, Stack, Table, Text, Title, UnstyledButton, VisuallyHidden } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import type { PrepaidSummary } from "../../shared/contracts-api";
import { formatHours } from "../../shared/money";
import { formatDay as formatDayMedium } from "./ui";

/** A calendar day ("2026-11-22") as the reader's locale writes it. */
export const formatDay = (day: string | null | undefined, style: "medium" | "short" = "medium") =>
  style === "medium" || !day ? formatDayMedium(day) : new Intl.DateTimeFormat(undefined, { day: "numeric", month: "short", timeZone: "UTC" }).format(new Date(`${day}T12:00:00Z`));
const percentText = (p: number) => `${Number.isInteger(p) ? p : p.toFixed(1)} %`;
/** Bar colours by how far the block is used; the text beside it says the same in words. */
const barColor = (p: number) => (p >= 100 ? "red.8" : p >= 90 ? "orange.8" : p >= 75 ? "yellow.8" : "indigo.8");

/** The run-out in a sentence: already used up, within the period at this pace, or not before the period ends. */
export function runOutSentence(s: Pick<PrepaidSummary, "ranOutOn" | "projectedRunOut" | "runOutWithinPeriod" | "periodEnd">) {
  if (s.ranOutOn) return `The block was used up on ${formatDay(s.ranOutOn)}.`;
  if (!s.projectedRunOut) return "No hours used yet this period.";
  if (s.runOutWithinPeriod) return `At this pace the block runs out on ${formatDay(s.projectedRunOut)}.`;
  return `At this pace the block lasts beyond the end of the period (${formatDay(s.periodEnd)}).`;
}

/** A term and its value in the summary's description list. */
function Fact({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <div>
      <Text component="dt" size="xs" c="dimmed">{label}</Text>
      <Text component="dd" fw={700} size="lg" m={0}>{value}</Text>
      {hint && <Text size="xs" c="dimmed">{hint}</Text>}
    </div>
  );
}

/** A compact bar for lists: used of the block, in words too. */
export function PrepaidBar({ usedHours, blockHours, percentUsed, label }: { usedHours: string; blockHours: string; percentUsed: number; label: string }) {
  return (
    <Stack gap={4}>
      <Progress.Root size="lg" aria-hidden>
        <Progress.Section value={Math.min(percentUsed, 100)} color={barColor(percentUsed)} />
      </Progress.Root>
      <Text size="sm">
        <VisuallyHidden>{label}: </VisuallyHidden>
        {formatHours(usedHours)} of {formatHours(blockHours)} used ({percentText(percentUsed)})
      </Text>
    </Stack>
  );
}

export function PrepaidHoursCard({ summary: s, title = "Prepaid hours this period" }: { summary: PrepaidSummary; title?: string }) {
  const [table, { toggle }] = useDisclosure(false);
  const block = Number(s.blockHours);
  // The projection is drawn up to the day it reaches the block: where the dashed line meets the block line is the run-out.
  const reached = s.series.findIndex((p) => p.projected !== null && Number(p.projected) >= block);
  const data = s.series.map((p, i) => ({
    day: formatDay(p.date, "short"),
    used: p.used === null ? null : Number(p.used),
    projected: p.projected === null || (reached >= 0 && i > reached) ? null : Number(p.projected),
  }));
  const top = Math.max(block, ...data.map((d) => Math.max(d.used ?? 0, d.projected ?? 0)));
  // A round step that gives at most eight gridlines.
  const step = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2500, 5000].find((n) => (top * 1.1) / n <= 8) ?? 10000;
  const ceiling = Math.ceil((top * 1.1) / step) * step;
  const worked = s.series.filter((p, i) => p.used !== null && (i === 0 ? Number(p.used) > 0 : p.used !== s.series[i - 1].used));
  const words = `${formatHours(s.usedHours)} of the ${formatHours(s.blockHours)} block used by ${formatDay(s.asOf)} (${percentText(s.percentUsed)}), ${formatHours(s.remainingHours)} left; on average ${formatHours(s.dailyRate)} a day. ${runOutSentence(s)}`;
  const tableId = "prepaid-hours-by-day";
  return (
    <Card withBorder component="section" aria-labelledby="prepaid-hours-title">
      <Group justify="space-between" mb="xs" wrap="wrap">
        <Title order={3} size="h4" id="prepaid-hours-title">{title}</Title>
        <Text size="sm" c="dimmed">{formatDay(s.periodStart)} – {formatDay(s.periodEnd)}</Text>
      </Group>
      <SimpleGrid component="dl" cols={{ base: 2, sm: 3, md: 6 }} spacing="sm" mb="sm" mt={0}>
        <Fact label="Block" value={formatHours(s.blockHours)} />
        <Fact label="Used" value={formatHours(s.usedHours)} hint={Number(s.overHours) > 0 ? `${formatHours(s.overHours)} over the block` : undefined} />
        <Fact label="Remaining" value={formatHours(s.remainingHours)} />
        <Fact label="Used so far" value={percentText(s.percentUsed)} />
        <Fact label={s.ranOutOn ? "Used up on" : "Projected run-out"} value={s.ranOutOn ? formatDay(s.ranOutOn) : s.projectedRunOut ? (s.runOutWithinPeriod ? formatDay(s.projectedRunOut) : "After this period") : "—"} />
        <Fact label="Period" value={`${formatDay(s.periodStart, "short")} – ${formatDay(s.periodEnd, "short")}`} />
      </SimpleGrid>
      <Progress.Root size="xl" mb="sm" aria-hidden>
        <Progress.Section value={Math.min(s.percentUsed, 100)} color={barColor(s.percentUsed)} />
      </Progress.Root>
      {s.alerts.length > 0 && (
        <Group gap="xs" mb="sm">
          {s.alerts.map((a) => (
            <Badge key={a.threshold} variant="outline" color="gray.8">{a.threshold} % reached</Badge>
          ))}
        </Group>
      )}
      {/* The chart is a picture of the sentence below it; the table under it holds its numbers. */}
      <div role="img" aria-label={`Chart: cumulative hours used each day of the period against the ${formatHours(s.blockHours)} block, with the projection at this pace`} aria-describedby="prepaid-hours-words">
        <LineChart
          h={260}
          data={data}
          dataKey="day"
          unit=" h"
          withLegend
          legendProps={{ verticalAlign: "bottom" }}
          withDots={false}
          connectNulls={false}
          curveType="linear"
          withTooltip
          tooltipAnimationDuration={0}
          lineChartProps={{ accessibilityLayer: false }}
          xAxisProps={{ interval: "preserveStartEnd", minTickGap: 24 }}
          yAxisProps={{ domain: [0, ceiling], ticks: Array.from({ length: ceiling / step + 1 }, (_, i) => i * step), width: 56 }}
          referenceLines={[{ y: block, color: "red.8", label: `Block ${formatHours(s.blockHours)}`, labelPosition: "insideTopLeft" }]}
          series={[
            { name: "used", label: "Hours used", color: "indigo.8" },
            { name: "projected", label: "Projected at this pace", color: "orange.9", strokeDasharray: "6 4" },
          ]}
        />
      </div>
      <Text size="sm" mt="xs" id="prepaid-hours-words">{words}</Text>
      <UnstyledButton onClick={toggle} aria-expanded={table} aria-controls={tableId} mt="xs" c="indigo.8" fz="sm" td="underline">
        {table ? "Hide" : "Show"} the hours by day
      </UnstyledButton>
      <Collapse expanded={table} id={tableId}>
        {worked.length ? (
          <Table mt="xs" striped>
            <Table.Caption>Billable hours counted this period, by day</Table.Caption>
            <Table.Thead>
              <Table.Tr><Table.Th>Day</Table.Th><Table.Th ta="right">Hours that day</Table.Th><Table.Th ta="right">Used so far</Table.Th></Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {worked.map((p) => {
                const i = s.series.indexOf(p);
                const before = i === 0 ? 0 : Number(s.series[i - 1].used);
                return (
                  <Table.Tr key={p.date}>
                    <Table.Td>{formatDay(p.date)}</Table.Td>
                    <Table.Td ta="right">{formatHours(String(Number(p.used) - before))}</Table.Td>
                    <Table.Td ta="right">{formatHours(p.used!)}</Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        ) : (
          <Text size="sm" c="dimmed" mt="xs">No billable hours counted yet this period.</Text>
        )}
      </Collapse>
    </Card>
  );
}
