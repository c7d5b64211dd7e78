/** CON-1 pieces both apps show of a contract: its status, its facts by type, its derived amounts and its history. */
import { Badge, Box, Group, SimpleGrid, Stack, Text } from "@mantine/core";
import type { ReactNode } from "react";
import {
  amountsByType,
  billingCycleLabels,
  type ContractAmounts,
  type ContractEventDto,
  contractEventLabels,
  contractFieldLabels,
  type ContractStatus,
  contractStatusColors,
  contractStatusLabels,
  type ContractType,
  contractTypeLabels,
  fieldsByType,
  type BillingCycle,
} from "../../shared/contracts-api";
import { formatHours, formatMoney } from "../../shared/money";
import { formatDay } from "./prepaid-hours";
import { formatDate } from "./ui";

/** The status in its colour, its text darkened so it reads at 4.5:1 on the tint. */
export function ContractStatusBadge({ status, size }: { status: ContractStatus; size?: "sm" | "md" | "lg" }) {
  const c = contractStatusColors[status];
  return (
    <Badge color={c} variant="light" size={size} styles={{ label: { color: `color-mix(in srgb, var(--mantine-color-${c}-9) 70%, black)` } }}>
      {contractStatusLabels[status]}
    </Badge>
  );
}

export function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">{label}</Text>
      <Text size="sm" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>{children}</Text>
    </div>
  );
}

interface ContractFactsValue {
  type: ContractType;
  reference: string;
  startDate: string;
  endDate: string | null;
  sla: string;
  setupFee: string | null;
  isDefault: boolean;
  billingCycle: BillingCycle | null;
  billingPrice: string | null;
  hoursPerPeriod: string | null;
}

/** The seed's fields, the type-specific ones only where the type has them. */
export function ContractFacts({ c, currency, extra }: { c: ContractFactsValue; currency: string; extra?: ReactNode }) {
  const applies = fieldsByType[c.type];
  return (
    <SimpleGrid cols={{ base: 2, sm: 3, md: 4 }} spacing="sm">
      <Fact label="Type">{contractTypeLabels[c.type]}</Fact>
      <Fact label="Reference">{c.reference || "—"}</Fact>
      <Fact label="Start date">{formatDay(c.startDate)}</Fact>
      <Fact label="End date">{c.endDate ? formatDay(c.endDate) : "Open-ended"}</Fact>
      <Fact label="SLA">{c.sla || "—"}</Fact>
      <Fact label="Setup fee">{c.setupFee ? formatMoney(c.setupFee, currency) : "—"}</Fact>
      <Fact label="Default contract">{c.isDefault ? "Yes" : "No"}</Fact>
      {applies.includes("billingCycle") && <Fact label="Billing cycle">{c.billingCycle ? billingCycleLabels[c.billingCycle] : "—"}</Fact>}
      {applies.includes("billingPrice") && <Fact label="Billing price">{c.billingPrice ? formatMoney(c.billingPrice, currency) : "—"}</Fact>}
      {applies.includes("hoursPerPeriod") && <Fact label="Prepaid hours per period">{c.hoursPerPeriod ? formatHours(c.hoursPerPeriod) : "—"}</Fact>}
      {extra}
    </SimpleGrid>
  );
}

/** Bill and remaining (fixed price), consumed and remaining (retainer by amount); nothing for other types. */
export function AmountFacts({ type, amounts, currency }: { type: ContractType; amounts: Omit<ContractAmounts, "unpricedEntries">; currency: string }) {
  const shown = amountsByType[type];
  if (!shown.length) return null;
  const m = (v: string | null) => (v === null ? "—" : formatMoney(v, currency));
  const overrun = amounts.remainingAmount !== null && Number(amounts.remainingAmount) < 0;
  return (
    <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm">
      {shown.includes("billAmount") && <Fact label="Bill amount">{m(amounts.billAmount)}</Fact>}
      {type === "fixed_price" && <Fact label="Invoiced so far">{m(amounts.invoicedAmount)}</Fact>}
      {shown.includes("consumedAmount") && <Fact label="Consumed amount">{m(amounts.consumedAmount)}</Fact>}
      {shown.includes("remainingAmount") && <Fact label="Remaining amount">{overrun ? `${m(amounts.remainingAmount)} (overrun)` : m(amounts.remainingAmount)}</Fact>}
    </SimpleGrid>
  );
}

const moneyFields = new Set(["setupFee", "billingPrice"]);
/** A history value as read: money in the currency, days in the reader's format. */
function shownValue(field: string, v: string | null, currency: string) {
  if (v === null) return "empty";
  if (moneyFields.has(field)) return formatMoney(v, currency);
  if (field === "hoursPerPeriod") return formatHours(v);
  if ((field === "startDate" || field === "endDate") && /^\d{4}-\d{2}-\d{2}$/.test(v)) return formatDay(v);
  return v;
}

/** The history as a list: reads the same on a phone as on a desk. */
export function HistoryTable({ history, currency, timeZone }: { history: ContractEventDto[]; currency: string; timeZone?: string }) {
  if (!history.length) return <Text size="sm" c="dimmed">Nothing recorded yet.</Text>;
  return (
    <Stack component="ol" gap={0} m={0} p={0} style={{ listStyle: "none" }} aria-label="History of this contract">
      {history.map((e, i) => (
        <Box component="li" key={`${e.at}-${i}`} py="xs" style={{ borderTop: i ? "1px solid var(--mantine-color-gray-3)" : undefined }}>
          <Group gap="xs" wrap="wrap">
            <Text size="sm" fw={700}>{contractEventLabels[e.kind] ?? e.kind}</Text>
            <Text size="sm" c="dimmed">{formatDate(e.at, timeZone)} · {e.by}</Text>
          </Group>
          <Stack gap={2} mt={2}>
            {e.changes.map((ch) => (
              <Text size="sm" key={ch.field} style={{ overflowWrap: "anywhere" }}>
                {contractFieldLabels[ch.field] ?? ch.field}:{" "}
                {e.kind === "created" ? shownValue(ch.field, ch.after, currency) : ch.field === "job" ? (ch.after ?? ch.before) : `${shownValue(ch.field, ch.before, currency)} → ${shownValue(ch.field, ch.after, currency)}`}
              </Text>
            ))}
            {e.note && <Text size="sm">{e.note}</Text>}
          </Stack>
        </Box>
      ))}
    </Stack>
  );
}
