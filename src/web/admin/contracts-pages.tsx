/** CON-1 the staff console's contracts: the list with its filters, the new-contract form, a contract's page, and the account's card. */
import { Alert, Anchor, Badge, Button, Card, Checkbox, Group, Modal, Select, SimpleGrid, Stack, Table, Text, Textarea, TextInput, Title, VisuallyHidden } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useNavigate, useParams } from "react-router-dom";
import {
  billingCycleLabels,
  billingCycles,
  type ContractDto,
  type ContractRow,
  contractStatuses,
  contractStatusLabels,
  type ContractType,
  contractTypeLabels,
  contractTypes,
  fieldsByType,
} from "../../shared/contracts-api";
import { formatHours, formatMoney } from "../../shared/money";
import { get } from "../api/client";
import { contractsKey, createContract, linkContractJob, unlinkContractJob, updateContract, useContract, useContracts } from "../api/contracts";
import { useStaffMe } from "../api/staff";
import { AmountFacts, ContractFacts, ContractStatusBadge, Fact, HistoryTable } from "../components/contract-parts";
import { formatDay, PrepaidHoursCard } from "../components/prepaid-hours";
import { ConfirmButton, countOf, Empty, ErrorAlert, Loading, notifyOk, PageHeader, Pager, showError } from "../components/ui";
import { useSearchBox, useUrlState } from "../components/url-state";

const PAGE_SIZE = 25;
const typeOptions = contractTypes.map((t) => ({ value: t, label: contractTypeLabels[t] }));
const statusOptions = contractStatuses.map((s) => ({ value: s, label: contractStatusLabels[s] }));
const cycleOptions = billingCycles.map((c) => ({ value: c, label: billingCycleLabels[c] }));

/** What a contract bills, in a few words: "Monthly · NZ$1,200.00", "20.00 h a month". */
function billingSummary(c: Pick<ContractRow, "type" | "billingCycle" | "billingPrice" | "hoursPerPeriod">, currency: string) {
  const cycle = c.billingCycle ? billingCycleLabels[c.billingCycle] : null;
  if (c.type === "retainer_hours") return `${c.hoursPerPeriod ? formatHours(c.hoursPerPeriod) : "—"}${cycle ? ` · ${cycle}` : ""}`;
  if (c.type === "time_materials") return "As worked";
  return [cycle, c.billingPrice ? formatMoney(c.billingPrice, currency) : null].filter(Boolean).join(" · ") || "—";
}

const useAccountOptions = () =>
  useQuery({ queryKey: ["accounts-all"], queryFn: () => get<{ items: { id: string; name: string }[] }>("/api/staff/accounts?pageSize=100") });

export function ContractsPage() {
  const url = useUrlState({ accountId: "", status: "", type: "", q: "" });
  const filters = url.state;
  const search = useSearchBox(url);
  const me = useStaffMe();
  const accounts = useAccountOptions();
  const list = useContracts(filters, url.page, PAGE_SIZE);
  const [creating, setCreating] = useState(false);
  const set = (k: keyof typeof filters) => (v: string | null) => url.set({ [k]: v ?? "" });
  const filtered = !!(filters.accountId || filters.status || filters.type || filters.q);
  const items = list.data?.items ?? [];
  const currency = list.data?.currency ?? "USD";
  return (
    <>
      <PageHeader title="Contracts">{me.data?.can.manageBilling && <Button onClick={() => setCreating(true)}>New contract</Button>}</PageHeader>
      <Group mb="md" align="end">
        <TextInput label="Search" placeholder="Name, reference, account" {...search} />
        <Select label="Account" clearable searchable placeholder="Any" data={(accounts.data?.items ?? []).map((a) => ({ value: a.id, label: a.name }))} value={filters.accountId || null} onChange={set("accountId")} />
        <Select label="Type" clearable placeholder="Any" data={typeOptions} value={filters.type || null} onChange={set("type")} />
        <Select label="Status" clearable placeholder="Any" data={statusOptions} value={filters.status || null} onChange={set("status")} />
      </Group>
      <ErrorAlert error={list.error} />
      {list.isLoading ? (
        <Loading />
      ) : items.length ? (
        <>
          <ContractTable items={items} currency={currency} withAccount />
          <Group justify="space-between" mt="md">
            <Text size="sm" c="dimmed">{countOf(list.data?.total ?? 0, "contract", list.data?.totalCapped)}</Text>
            <Pager total={Math.ceil((list.data?.total ?? 0) / PAGE_SIZE)} value={url.page} onChange={url.setPage} />
          </Group>
        </>
      ) : filtered ? (
        <Empty>No contracts match these filters.</Empty>
      ) : (
        <Empty>No contracts yet. {me.data?.can.manageBilling ? "Create the first one with “New contract”." : "Someone who manages contracts and invoices can create them."}</Empty>
      )}
      <Modal opened={creating} onClose={() => setCreating(false)} title="New contract" size="lg">
        {creating && <ContractForm onDone={() => setCreating(false)} />}
      </Modal>
    </>
  );
}

function ContractTable({ items, currency, withAccount }: { items: ContractRow[]; currency: string; withAccount?: boolean }) {
  return (
    <Table.ScrollContainer minWidth={720} type="native">
      <Table striped highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Contract</Table.Th>
            {withAccount && <Table.Th>Account</Table.Th>}
            <Table.Th>Type</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Term</Table.Th>
            <Table.Th>Billing</Table.Th>
            <Table.Th ta="right">Jobs</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((c) => (
            <Table.Tr key={c.id}>
              <Table.Td>
                <Anchor component={Link} to={`/admin/contracts/${c.id}`}>{c.name}</Anchor> {c.isDefault && <Badge size="xs" variant="outline" color="gray.8">Default</Badge>}
                {c.reference && <Text size="xs" c="dimmed">{c.reference}</Text>}
              </Table.Td>
              {withAccount && <Table.Td><Anchor component={Link} to={`/admin/accounts/${c.account.id}`} size="sm">{c.account.name}</Anchor></Table.Td>}
              <Table.Td>{contractTypeLabels[c.type]}</Table.Td>
              <Table.Td><ContractStatusBadge status={c.status} /></Table.Td>
              <Table.Td style={{ whiteSpace: "nowrap" }}>{formatDay(c.startDate)} – {c.endDate ? formatDay(c.endDate) : "open"}</Table.Td>
              <Table.Td>{billingSummary(c, currency)}</Table.Td>
              <Table.Td ta="right">{c.jobCount}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

const today = () => new Date().toISOString().slice(0, 10);
const readableError = { error: { color: "var(--mantine-color-red-9)" } };

/**
 * The new-contract and edit form. Its fields follow the chosen type: billing cycle, billing price and prepaid hours show
 * only where the type uses them, and are sent empty otherwise (the server refuses a value there).
 */
export function ContractForm({ contract, accountId, onDone }: { contract?: ContractDto; accountId?: string; onDone: (saved: ContractDto) => void }) {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const accounts = useAccountOptions();
  const form = useForm({
    initialValues: {
      accountId: contract?.account.id ?? accountId ?? "",
      type: (contract?.type ?? "") as ContractType | "",
      name: contract?.name ?? "",
      reference: contract?.reference ?? "",
      status: contract?.status ?? "active",
      isDefault: contract?.isDefault ?? false,
      startDate: contract?.startDate ?? today(),
      endDate: contract?.endDate ?? "",
      sla: contract?.sla ?? "",
      setupFee: contract?.setupFee ?? "",
      billingCycle: contract?.billingCycle ?? "",
      billingPrice: contract?.billingPrice ?? "",
      hoursPerPeriod: contract?.hoursPerPeriod ?? "",
      description: contract?.description ?? "",
      billingInfo: contract?.billingInfo ?? "",
    },
    validate: {
      accountId: (v) => (v ? null : "Choose the account"),
      type: (v) => (v ? null : "Choose the type"),
      name: (v) => (v.trim() ? null : "Name the contract"),
      startDate: (v) => (v ? null : "Give the start date"),
    },
  });
  // Errors in a red that reads at 4.5:1 on white (the theme's default error red does not).
  const input = (name: keyof typeof form.values) => ({ ...form.getInputProps(name), styles: readableError });
  const v = form.values;
  const applies = v.type ? fieldsByType[v.type] : [];
  return (
    <form
      noValidate
      onSubmit={form.onSubmit(async (values) => {
        const type = values.type as ContractType;
        const only = (f: (typeof applies)[number], value: string) => (fieldsByType[type].includes(f) ? value.trim() || null : null);
        const body = {
          type,
          name: values.name,
          reference: values.reference,
          status: values.status,
          isDefault: values.isDefault,
          startDate: values.startDate,
          endDate: values.endDate || null,
          sla: values.sla,
          setupFee: values.setupFee.trim() || null,
          billingCycle: only("billingCycle", values.billingCycle) as (typeof billingCycles)[number] | null,
          billingPrice: only("billingPrice", values.billingPrice),
          hoursPerPeriod: only("hoursPerPeriod", values.hoursPerPeriod),
          description: values.description,
          billingInfo: values.billingInfo,
        };
        try {
          const saved = contract ? await updateContract(contract.id, body) : await createContract({ ...body, accountId: values.accountId });
          qc.setQueryData([contractsKey, "one", saved.id], saved);
          await qc.invalidateQueries({ queryKey: [contractsKey, "list"] });
          notifyOk(contract ? "Contract saved" : "Contract created");
          onDone(saved);
          if (!contract) navigate(`/admin/contracts/${saved.id}`);
        } catch (err) {
          showError(err, form);
        }
      })}
    >
      <Stack>
        <Select label="Account" required searchable disabled={!!contract || !!accountId} data={(accounts.data?.items ?? []).map((a) => ({ value: a.id, label: a.name }))} {...input("accountId")} />
        <Select label="Type" required data={typeOptions} allowDeselect={false} description="The fields below follow the type" {...input("type")} />
        <TextInput label="Name" required {...input("name")} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label="Reference" {...input("reference")} />
          <Select label="Status" required data={statusOptions} allowDeselect={false} description="A draft is not shown to customers" {...input("status")} />
          <TextInput label="Start date" type="date" required {...input("startDate")} />
          <TextInput label="End date" type="date" description="Leave empty for an open-ended contract" {...input("endDate")} />
        </SimpleGrid>
        {applies.length > 0 && (
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            {applies.includes("billingCycle") && <Select label="Billing cycle" required data={cycleOptions} {...input("billingCycle")} />}
            {applies.includes("billingPrice") && <TextInput label="Billing price" required inputMode="decimal" description="Per billing cycle, or in total for a fixed price or a retainer by amount" {...input("billingPrice")} />}
            {applies.includes("hoursPerPeriod") && <TextInput label="Prepaid hours per period" required inputMode="decimal" description="The block of hours each billing period; billable time on the contract's jobs uses it up" {...input("hoursPerPeriod")} />}
          </SimpleGrid>
        )}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label="SLA" placeholder="e.g. 4-hour response, business days" {...input("sla")} />
          <TextInput label="Setup fee" inputMode="decimal" {...input("setupFee")} />
        </SimpleGrid>
        <Textarea label="Description" autosize minRows={2} {...input("description")} />
        <Textarea label="Billing information" autosize minRows={2} {...input("billingInfo")} />
        <Checkbox label="Default contract of the account (replaces the current default)" {...form.getInputProps("isDefault", { type: "checkbox" })} />
        <Group justify="flex-end">
          <Button type="submit" loading={form.submitting}>{contract ? "Save contract" : "Create contract"}</Button>
        </Group>
      </Stack>
    </form>
  );
}

export function ContractPage() {
  const { id = "" } = useParams();
  const contract = useContract(id);
  const [editing, setEditing] = useState(false);
  if (contract.isLoading) return <Loading />;
  if (!contract.data) return <><PageHeader title="Contract" /><ErrorAlert error={contract.error} /></>;
  const c = contract.data;
  const hasAmounts = c.type === "fixed_price" || c.type === "retainer_amount";
  return (
    <Stack>
      <Anchor component={Link} to="/admin/contracts" size="sm">← Contracts</Anchor>
      <PageHeader title={c.name}>
        <ContractStatusBadge status={c.status} size="lg" />
        {c.isDefault && <Badge size="lg" variant="outline" color="gray.8">Default contract</Badge>}
        {c.can.edit && <Button variant="light" onClick={() => setEditing(true)}>Edit contract</Button>}
      </PageHeader>
      <Card withBorder>
        <Title order={3} size="h4" mb="sm">Details</Title>
        <Stack>
          <ContractFacts c={c} currency={c.currency} extra={<Fact label="Account"><Anchor component={Link} to={`/admin/accounts/${c.account.id}`} size="sm">{c.account.name}</Anchor></Fact>} />
          {c.description && <Fact label="Description">{c.description}</Fact>}
          {c.billingInfo && <Fact label="Billing information">{c.billingInfo}</Fact>}
        </Stack>
      </Card>
      {hasAmounts && (
        <Card withBorder>
          <Title order={3} size="h4" mb="sm">Amounts</Title>
          <AmountFacts type={c.type} amounts={c.amounts} currency={c.currency} />
          {c.amounts.unpricedEntries > 0 && (
            <Alert color="orange" mt="sm" title="Time without a rate" styles={{ title: { color: "var(--mantine-color-text)" } }}>
              {countOf(c.amounts.unpricedEntries, "billable entry", false, "billable entries")} on this contract's jobs {c.amounts.unpricedEntries === 1 ? "has" : "have"} no rate and count at 0: set a billing rate on the job, or an hourly rate for the staff member.
            </Alert>
          )}
        </Card>
      )}
      {c.type === "retainer_hours" && (c.prepaid ? <PrepaidHoursCard summary={c.prepaid} /> : <Card withBorder><Text size="sm">The prepaid hours start counting on {formatDay(c.startDate)}.</Text></Card>)}
      <JobsCard c={c} />
      <Card withBorder>
        <Title order={3} size="h4" mb="sm">History</Title>
        <HistoryTable history={c.history} currency={c.currency} />
      </Card>
      <Modal opened={editing} onClose={() => setEditing(false)} title="Edit contract" size="lg">
        {editing && <ContractForm contract={c} onDone={() => setEditing(false)} />}
      </Modal>
    </Stack>
  );
}

/** The jobs whose billable time the contract covers; staff link the account's other jobs and unlink, after a confirmation. */
function JobsCard({ c }: { c: ContractDto }) {
  const qc = useQueryClient();
  const [jobId, setJobId] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const chosen = c.linkableJobs.find((j) => j.id === jobId);
  const saved = (next: ContractDto) => {
    qc.setQueryData([contractsKey, "one", c.id], next);
    return qc.invalidateQueries({ queryKey: [contractsKey, "list"] });
  };
  const link = async () => {
    if (!chosen) return;
    setBusy(true);
    try {
      await saved(await linkContractJob(c.id, chosen.id));
      notifyOk(`${chosen.number} · ${chosen.name} is linked to ${c.name}`);
      setJobId(null);
    } catch (err) {
      showError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card withBorder>
      <Title order={3} size="h4" mb="xs">Jobs under this contract</Title>
      <Text size="sm" c="dimmed" mb="sm">
        {c.type === "retainer_hours" ? "Billable time on these jobs' tickets uses up the prepaid hours." : c.type === "retainer_amount" ? "Billable time on these jobs' tickets is consumed from the amount." : "The work on these jobs is billed under this contract."}
      </Text>
      {c.jobs.length ? (
        <Table.ScrollContainer minWidth={560} type="native">
          <Table>
            <Table.Thead>
              <Table.Tr><Table.Th>Job</Table.Th><Table.Th>Manager</Table.Th><Table.Th>Status</Table.Th><Table.Th>In the portal</Table.Th>{c.can.linkJobs && <Table.Th><VisuallyHidden>Actions</VisuallyHidden></Table.Th>}</Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {c.jobs.map((j) => (
                <Table.Tr key={j.id}>
                  <Table.Td>{j.number} · {j.name}</Table.Td>
                  <Table.Td>{j.manager?.name ?? "—"}</Table.Td>
                  <Table.Td>{j.status === "active" ? "Active" : "Closed"}</Table.Td>
                  <Table.Td>{j.visibleInPortal ? "Visible" : "Hidden"}</Table.Td>
                  {c.can.linkJobs && (
                    <Table.Td>
                      <ConfirmButton
                        size="xs"
                        variant="default"
                        color="red.8"
                        label="Unlink"
                        aria-label={`Unlink ${j.number} · ${j.name}`}
                        title="Unlink this job?"
                        message={`${j.number} · ${j.name} will no longer be under ${c.name}; its time stops counting here. The history keeps the change.`}
                        confirmLabel="Unlink job"
                        onConfirm={async () => {
                          await saved(await unlinkContractJob(c.id, j.id));
                          notifyOk(`${j.number} is no longer linked to ${c.name}`);
                        }}
                      />
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : (
        <Empty>No jobs are linked yet.{c.can.linkJobs ? " Link one of the account's jobs below." : ""}</Empty>
      )}
      {c.can.linkJobs && (
        <Group mt="md" align="end" wrap="wrap">
          <Select
            label="Job to link"
            placeholder={c.linkableJobs.length ? "Choose a job of the account" : "Every job of the account is linked"}
            searchable
            disabled={!c.linkableJobs.length}
            data={c.linkableJobs.map((j) => ({ value: j.id, label: `${j.number} · ${j.name}${j.contract ? ` (under ${j.contract.name})` : ""}` }))}
            value={jobId}
            onChange={setJobId}
            w={{ base: "100%", sm: 360 }}
            description={chosen?.contract ? `Linking moves it from ${chosen.contract.name}.` : undefined}
          />
          <Button onClick={link} loading={busy} disabled={!chosen}>Link job</Button>
        </Group>
      )}
    </Card>
  );
}

/** The contracts on an account's page, with a new one for that account. */
export function AccountContractsCard({ accountId }: { accountId: string }) {
  const me = useStaffMe();
  const list = useContracts({ accountId }, 1, 100);
  const [creating, setCreating] = useState(false);
  return (
    <Card withBorder>
      <Group justify="space-between" mb="sm">
        <Title order={4}>Contracts</Title>
        {me.data?.can.manageBilling && <Button size="xs" onClick={() => setCreating(true)}>New contract</Button>}
      </Group>
      {list.data?.items.length ? <ContractTable items={list.data.items} currency={list.data.currency} /> : list.isLoading ? <Loading /> : <Empty>No contracts for this account yet.</Empty>}
      <Modal opened={creating} onClose={() => setCreating(false)} title="New contract" size="lg">
        {creating && <ContractForm accountId={accountId} onDone={() => setCreating(false)} />}
      </Modal>
    </Card>
  );
}
