/**
 * CON-1 the portal's contracts of the account in view: the list, with how far each prepaid block is used, and a contract's
 * page with its fields, its amounts, the prepaid-hours summary and burn-down chart, and its history.
 */
import { Anchor, Badge, Card, Group, Stack, Text, Title } from "@mantine/core";
import { Link, useParams } from "react-router-dom";
import { billingCycleLabels, contractTypeLabels, type PortalContractRow } from "../../shared/contracts-api";
import { formatHours, formatMoney } from "../../shared/money";
import { usePortalContract, usePortalContracts } from "../api/contracts";
import { useMe } from "../api/portal";
import { AmountFacts, ContractFacts, ContractStatusBadge, Fact, HistoryTable } from "../components/contract-parts";
import { formatDay, PrepaidBar, PrepaidHoursCard, runOutSentence } from "../components/prepaid-hours";
import { Empty, ErrorAlert, Loading, PageHeader } from "../components/ui";

function billingLine(c: PortalContractRow, currency: string) {
  const cycle = c.billingCycle ? billingCycleLabels[c.billingCycle].toLowerCase() : null;
  if (c.type === "retainer_hours") return `${c.hoursPerPeriod ? formatHours(c.hoursPerPeriod) : "—"} prepaid${cycle ? `, ${cycle}` : ""}`;
  if (c.billingPrice) return `${formatMoney(c.billingPrice, currency)}${cycle ? `, ${cycle}` : ""}`;
  return null;
}

export function PortalContractsPage() {
  const me = useMe();
  const list = usePortalContracts(me.data?.currentAccount.id);
  const items = list.data?.items ?? [];
  const currency = list.data?.currency ?? "USD";
  return (
    <>
      <PageHeader title="Contracts" />
      <Text c="dimmed" size="sm" mb="md">What {me.data?.currentAccount.name ?? "your organisation"} has agreed with us: each contract's terms, and for prepaid hours how much of this period's block is used.</Text>
      <ErrorAlert error={list.error} />
      {list.isLoading ? (
        <Loading />
      ) : items.length ? (
        <Stack component="ul" p={0} m={0} style={{ listStyle: "none" }} aria-label="Your contracts">
          {items.map((c) => (
            <Card component="li" key={c.id} withBorder padding="md">
              <Stack gap="xs">
                <Group justify="space-between" gap="xs" wrap="wrap">
                  <div>
                    <Text size="xs" c="dimmed" tt="uppercase" fw={600}>{contractTypeLabels[c.type]}</Text>
                    <Anchor component={Link} to={`/portal/contracts/${c.id}`} fw={600}>{c.name}</Anchor>
                  </div>
                  <Group gap="xs">
                    {c.isDefault && <Badge variant="outline" color="gray.8">Default</Badge>}
                    <ContractStatusBadge status={c.status} />
                  </Group>
                </Group>
                <Text size="sm">
                  {formatDay(c.startDate)} – {c.endDate ? formatDay(c.endDate) : "open-ended"}
                  {billingLine(c, currency) && <> · {billingLine(c, currency)}</>}
                  {c.reference && <> · Ref. {c.reference}</>}
                </Text>
                {c.prepaid && (
                  <>
                    <PrepaidBar usedHours={c.prepaid.usedHours} blockHours={c.prepaid.blockHours} percentUsed={c.prepaid.percentUsed} label="This period" />
                    <Text size="sm" c="dimmed">{runOutSentence({ ranOutOn: null, ...c.prepaid })} The period ends on {formatDay(c.prepaid.periodEnd)}.</Text>
                  </>
                )}
              </Stack>
            </Card>
          ))}
        </Stack>
      ) : (
        <Empty>There are no contracts to show for {me.data?.currentAccount.name ?? "this account"}.</Empty>
      )}
    </>
  );
}

export function PortalContractPage() {
  const { id = "" } = useParams();
  const me = useMe();
  const contract = usePortalContract(me.data?.currentAccount.id, id);
  if (contract.isLoading || !me.data) return <Loading />;
  if (!contract.data) {
    return (
      <Stack>
        <Anchor component={Link} to="/portal/contracts" size="sm">← Contracts</Anchor>
        <PageHeader title="Contract" />
        <ErrorAlert error={contract.error} />
      </Stack>
    );
  }
  const c = contract.data;
  const hasAmounts = c.type === "fixed_price" || c.type === "retainer_amount";
  return (
    <Stack>
      <Anchor component={Link} to="/portal/contracts" size="sm">← Contracts</Anchor>
      <PageHeader title={c.name}>
        <ContractStatusBadge status={c.status} size="lg" />
        {c.isDefault && <Badge size="lg" variant="outline" color="gray.8">Default contract</Badge>}
      </PageHeader>
      {c.type === "retainer_hours" && (c.prepaid ? <PrepaidHoursCard summary={c.prepaid} /> : <Card withBorder><Text size="sm">Your prepaid hours start counting on {formatDay(c.startDate)}.</Text></Card>)}
      <Card withBorder>
        <Title order={3} size="h4" mb="sm">Details</Title>
        <Stack>
          <ContractFacts c={c} currency={c.currency} />
          {c.description && <Fact label="Description">{c.description}</Fact>}
          {c.billingInfo && <Fact label="Billing information">{c.billingInfo}</Fact>}
          {c.jobs.length > 0 && <Fact label="Work under this contract">{c.jobs.map((j) => `${j.number} · ${j.name}`).join(", ")}</Fact>}
        </Stack>
      </Card>
      {hasAmounts && (
        <Card withBorder>
          <Title order={3} size="h4" mb="sm">Amounts</Title>
          <AmountFacts type={c.type} amounts={c.amounts} currency={c.currency} />
        </Card>
      )}
      <Card withBorder>
        <Title order={3} size="h4" mb="sm">History</Title>
        <HistoryTable history={c.history} currency={c.currency} timeZone={me.data.effectiveTimeZone} />
      </Card>
    </Stack>
  );
}

/** CON-1 on the home page: each retainer's hours this period at a glance, linking to its burn-down. */
export function PrepaidHoursAtAGlance({ accountId }: { accountId: string }) {
  const list = usePortalContracts(accountId);
  const retainers = (list.data?.items ?? []).filter((c) => c.prepaid && c.status === "active");
  if (!retainers.length) return null;
  return (
    <Card withBorder component="section" aria-labelledby="home-prepaid-hours">
      <Title order={4} mb="sm" id="home-prepaid-hours">Prepaid hours this period</Title>
      <Stack gap="md">
        {retainers.map((c) => (
          <Stack gap={4} key={c.id}>
            <Anchor component={Link} to={`/portal/contracts/${c.id}`} fw={600}>{c.name}</Anchor>
            {c.prepaid && (
              <>
                <PrepaidBar usedHours={c.prepaid.usedHours} blockHours={c.prepaid.blockHours} percentUsed={c.prepaid.percentUsed} label="This period" />
                <Text size="sm" c="dimmed">{runOutSentence({ ranOutOn: null, ...c.prepaid })}</Text>
              </>
            )}
          </Stack>
        ))}
      </Stack>
    </Card>
  );
}
