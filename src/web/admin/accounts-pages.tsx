import { Anchor, Badge, Button, Card, Checkbox, Group, Modal, Select, Stack, Switch, Table, TagsInput, Text, TextInput, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useNavigate, useParams } from "react-router-dom";
import type { AccountDto } from "../../shared/api";
import type { JobDto, MembershipBody, PortalRoleDto } from "../../shared/tickets-api";
import { get, qs } from "../api/client";
import { ConfirmButton, countOf, Empty, ErrorAlert, Loading, notifyOk, PageHeader, Pager, PortalStatusBadge, showError, timeZones } from "../components/ui";
import { useSearchBox, useUrlState } from "../components/url-state";
import { AccountContractsCard } from "./contracts-pages";
import { archiveAccount, createAccount, createJob, makeDefaultJob, updateAccount, updateAccountContact, updateJob, useStaffMe, useStaffOptions } from "../api/staff";
import { AccountInvoicesCard } from "./invoices-pages";

type Page<T> = { items: T[]; total: number; totalCapped: boolean; page: number; pageSize: number };

export const usePortalRoles = () => useQuery({ queryKey: ["portal-roles"], queryFn: () => get<{ items: PortalRoleDto[] }>("/api/staff/portal-roles") });

export function AccountsPage() {
  const url = useUrlState({ q: "", status: "active" });
  const { q: debounced, status } = url.state;
  const { page, setPage } = url;
  const search = useSearchBox(url);
  const [creating, setCreating] = useState(false);
  const me = useStaffMe();
  const list = useQuery({
    queryKey: ["accounts", debounced, status, page],
    queryFn: () => get<Page<AccountDto>>(`/api/staff/accounts${qs({ q: debounced, status, page })}`),
  });
  return (
    <>
      <PageHeader title="Accounts">
        {me.data?.can.manageAccounts && <Button onClick={() => setCreating(true)}>New account</Button>}
      </PageHeader>
      <Group mb="md">
        <TextInput label="Search" placeholder="Name or number" {...search} />
        <Select label="Show" data={[{ value: "active", label: "Active" }, { value: "archived", label: "Archived" }, { value: "all", label: "All" }]} value={status} onChange={(v) => url.set({ status: v ?? "active" })} allowDeselect={false} />
      </Group>
      <ErrorAlert error={list.error} />
      {list.isLoading ? (
        <Loading />
      ) : list.data?.items.length ? (
        <>
          <Table striped highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Number</Table.Th>
                <Table.Th>Contacts</Table.Th>
                <Table.Th>Portal</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data.items.map((a) => (
                <Table.Tr key={a.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/admin/accounts/${a.id}`}>{a.name}</Anchor> {a.archived && <Badge color="gray">Archived</Badge>}
                  </Table.Td>
                  <Table.Td>{a.number ?? "—"}</Table.Td>
                  <Table.Td>{a.contactCount}</Table.Td>
                  <Table.Td>{a.portalEnabled ? <Badge color="green">On · {a.portalRole?.name}</Badge> : <Badge color="gray">Off</Badge>}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Group justify="space-between" mt="md">
            <Text size="sm" c="dimmed">{countOf(list.data.total, "account", list.data.totalCapped)}</Text>
            <Pager total={Math.ceil(list.data.total / list.data.pageSize)} value={page} onChange={setPage} />
          </Group>
        </>
      ) : (
        <Empty>{debounced ? "No accounts match this search." : "No accounts yet. Create the first one with “New account”."}</Empty>
      )}
      <Modal opened={creating} onClose={() => setCreating(false)} title="New account">
        <AccountForm onDone={() => setCreating(false)} />
      </Modal>
    </>
  );
}

function AccountForm({ account, onDone }: { account?: AccountDto; onDone?: () => void }) {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const roles = usePortalRoles();
  const staff = useStaffOptions().data?.staff ?? [];
  const form = useForm({
    initialValues: {
      name: account?.name ?? "",
      number: account?.number ?? "",
      emailDomains: account?.emailDomains ?? [],
      timeZone: account?.timeZone ?? "",
      portalEnabled: account?.portalEnabled ?? true,
      portalRoleId: account?.portalRole?.id ?? "",
      managerStaffId: account?.manager?.id ?? "",
    },
    validate: { name: (v) => (v.trim() ? null : "Name is required") },
  });
  const readOnly = account && !account.can.edit;
  return (
    <form
      onSubmit={form.onSubmit(async (v) => {
        try {
          const body = { ...v, portalRoleId: v.portalRoleId || undefined, managerStaffId: v.managerStaffId || null };
          const saved = account ? await updateAccount(account.id, body) : await createAccount(body);
          await qc.invalidateQueries({ queryKey: ["accounts"] });
          qc.setQueryData(["account", saved.id], saved);
          notifyOk(account ? "Account saved" : "Account created");
          onDone?.();
          if (!account) navigate(`/admin/accounts/${saved.id}`);
        } catch (err) {
          showError(err, form);
        }
      })}
    >
      <Stack>
        <TextInput label="Name" required disabled={readOnly} {...form.getInputProps("name")} />
        <TextInput label="Account number" disabled={readOnly} {...form.getInputProps("number")} />
        <TagsInput label="Email domains" description="Sign-ups from these domains can be approved automatically" placeholder="example.com" disabled={readOnly} {...form.getInputProps("emailDomains")} />
        <Select label="Time zone" searchable clearable data={timeZones} disabled={readOnly} {...form.getInputProps("timeZone")} />
        <Select label="Portal role" description="What this account's contacts may do in the portal" data={(roles.data?.items ?? []).map((r) => ({ value: r.id, label: r.name }))} disabled={readOnly} {...form.getInputProps("portalRoleId")} />
        <Select
          label="Account manager"
          description="The staff member who looks after this client; told, with the job managers, when a prepaid-hours retainer reaches a threshold"
          placeholder="Nobody"
          clearable
          data={[...staff, ...(account?.manager && !staff.some((s) => s.id === account.manager?.id) ? [account.manager] : [])].map((s) => ({ value: s.id, label: s.name }))}
          disabled={readOnly}
          {...form.getInputProps("managerStaffId")}
        />
        <Switch label="Portal access for this account" disabled={readOnly} {...form.getInputProps("portalEnabled", { type: "checkbox" })} />
        {!readOnly && (
          <Group justify="flex-end">
            <Button type="submit" loading={form.submitting}>{account ? "Save account" : "Create account"}</Button>
          </Group>
        )}
      </Stack>
    </form>
  );
}

export function AccountDetailPage() {
  const { id = "" } = useParams();
  const qc = useQueryClient();
  const account = useQuery({ queryKey: ["account", id], queryFn: () => get<AccountDto>(`/api/staff/accounts/${id}`) });
  if (account.isLoading) return <Loading />;
  if (!account.data) return <ErrorAlert error={account.error} />;
  const a = account.data;
  const refresh = (saved: AccountDto) => {
    qc.setQueryData(["account", id], saved);
    qc.invalidateQueries({ queryKey: ["accounts"] });
  };
  return (
    <Stack>
      <PageHeader title={a.name}>
        {a.archived && <Badge color="gray" size="lg">Archived</Badge>}
        {a.can.archive && (
          <ConfirmButton label="Archive account" title="Archive this account?" message="Its contacts lose portal access to it at once, and their live sessions end." variant="light" onConfirm={async () => refresh(await archiveAccount(id, true))} />
        )}
        {a.can.restore && <Button variant="light" onClick={async () => refresh(await archiveAccount(id, false))}>Restore account</Button>}
      </PageHeader>
      <Card withBorder>
        <Title order={4} mb="sm">Details</Title>
        <AccountForm key={JSON.stringify(a)} account={a} />
      </Card>
      <JobsCard accountId={id} />
      <AccountContractsCard accountId={id} />
      <MembersCard accountId={id} />
      <AccountInvoicesCard accountId={id} />
    </Stack>
  );
}

const emptyJob = {
  number: "", name: "", status: "active" as JobDto["status"], managerStaffId: "", contactId: "", visibleInPortal: true, customersAddTickets: true, copyEmailsToManager: false, hoursVisible: false,
  requiresApproval: false, billingRate: "",
};

function JobForm({ accountId, job, onDone }: { accountId: string; job?: JobDto; onDone: () => void }) {
  const qc = useQueryClient();
  const staff = useStaffOptions();
  const members = useQuery({ queryKey: ["members", accountId], queryFn: () => get<{ items: { contactId: string; contactName: string }[] }>(`/api/staff/accounts/${accountId}/contacts`) });
  const form = useForm({
    initialValues: job ? { ...job, managerStaffId: job.manager?.id ?? "", contactId: job.contact?.id ?? "", billingRate: job.billingRate ?? "" } : emptyJob,
  });
  return (
    <form
      onSubmit={form.onSubmit(async (v) => {
        const body = {
          number: v.number, name: v.name, status: v.status, managerStaffId: v.managerStaffId || null, contactId: v.contactId || null,
          visibleInPortal: v.visibleInPortal, customersAddTickets: v.customersAddTickets, copyEmailsToManager: v.copyEmailsToManager, hoursVisible: v.hoursVisible,
          requiresApproval: v.requiresApproval, billingRate: v.billingRate.trim() || null,
        };
        try {
          if (job) await updateJob(job.id, body);
          else await createJob(accountId, body);
          await Promise.all([qc.invalidateQueries({ queryKey: ["jobs", accountId] }), qc.invalidateQueries({ queryKey: ["approvals"] })]);
          notifyOk("Job saved");
          onDone();
        } catch (err) {
          showError(err, form);
        }
      })}
    >
      <Stack>
        <Group grow>
          <TextInput label="Job number" required {...form.getInputProps("number")} />
          <Select label="Status" data={[{ value: "active", label: "Active" }, { value: "closed", label: "Closed" }]} allowDeselect={false} {...form.getInputProps("status")} />
        </Group>
        <TextInput label="Job name" required {...form.getInputProps("name")} />
        <Select label="Job manager" clearable data={(staff.data?.staff ?? []).map((s) => ({ value: s.id, label: s.name }))} {...form.getInputProps("managerStaffId")} />
        <Select label="Job contact" clearable data={(members.data?.items ?? []).map((m) => ({ value: m.contactId, label: m.contactName }))} {...form.getInputProps("contactId")} />
        <Checkbox label="Visible in the portal (customers see its tickets)" {...form.getInputProps("visibleInPortal", { type: "checkbox" })} />
        <Checkbox label="Customers may add tickets" {...form.getInputProps("customersAddTickets", { type: "checkbox" })} />
        <Checkbox label="Copy customer ticket emails to the job manager" {...form.getInputProps("copyEmailsToManager", { type: "checkbox" })} />
        <Checkbox label="Time-entry hours visible to customers" {...form.getInputProps("hoursVisible", { type: "checkbox" })} />
        <Switch
          label="Requires customer approval"
          description="The job's billable time goes on the Approvals list, to be sent to the job contact to approve or query in the portal"
          {...form.getInputProps("requiresApproval", { type: "checkbox" })}
        />
        <TextInput
          label="Billing rate per hour"
          description="An amount such as 95 or 95.50; leave empty to bill each staff member's own hourly rate"
          inputMode="decimal"
          {...form.getInputProps("billingRate")}
        />
        <Group justify="flex-end">
          <Button type="submit" loading={form.submitting}>Save job</Button>
        </Group>
      </Stack>
    </form>
  );
}

function JobsCard({ accountId }: { accountId: string }) {
  const qc = useQueryClient();
  const me = useStaffMe();
  const [editing, setEditing] = useState<JobDto | "new" | null>(null);
  const jobs = useQuery({ queryKey: ["jobs", accountId], queryFn: () => get<{ items: JobDto[] }>(`/api/staff/accounts/${accountId}/jobs`) });
  const canManage = me.data?.can.manageJobs === true;
  const yes = (b: boolean) => (b ? "Yes" : "No");
  // APR-2: staff pick the account's jobs whose work goes to the customer for approval, here or on the job form.
  const setApproval = async (j: JobDto, requiresApproval: boolean) => {
    try {
      await updateJob(j.id, { requiresApproval });
      await Promise.all([qc.invalidateQueries({ queryKey: ["jobs", accountId] }), qc.invalidateQueries({ queryKey: ["approvals"] })]);
      notifyOk(requiresApproval ? `${j.number} is on the Approvals list` : `${j.number} is off the Approvals list`);
    } catch (err) {
      showError(err);
    }
  };
  return (
    <Card withBorder>
      <Group justify="space-between" mb="sm">
        <Title order={4}>Jobs</Title>
        {canManage && <Button size="xs" onClick={() => setEditing("new")}>New job</Button>}
      </Group>
      {jobs.data?.items.length ? (
        <Table.ScrollContainer minWidth={860} type="native">
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Job</Table.Th><Table.Th>Status</Table.Th><Table.Th>Visible</Table.Th><Table.Th>Add tickets</Table.Th><Table.Th>Copy to manager</Table.Th><Table.Th>Hours visible</Table.Th><Table.Th>Customer approval</Table.Th><Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {jobs.data.items.map((j) => (
              <Table.Tr key={j.id}>
                <Table.Td>
                  <Text fw={j.isDefault ? 700 : 400}>{j.number} · {j.name}</Text>
                  {j.isDefault && <Badge size="xs">Default job</Badge>}
                </Table.Td>
                <Table.Td>{j.status === "active" ? "Active" : "Closed"}</Table.Td>
                <Table.Td>{yes(j.visibleInPortal)}</Table.Td>
                <Table.Td>{yes(j.customersAddTickets)}</Table.Td>
                <Table.Td>{yes(j.copyEmailsToManager)}</Table.Td>
                <Table.Td>{yes(j.hoursVisible)}</Table.Td>
                <Table.Td>
                  {canManage ? (
                    <Switch aria-label={`Customer approval: ${j.number} · ${j.name}`} checked={j.requiresApproval} onChange={(e) => setApproval(j, e.currentTarget.checked)} />
                  ) : (
                    yes(j.requiresApproval)
                  )}
                </Table.Td>
                <Table.Td>
                  {canManage && (
                    <Group gap="xs">
                      <Button size="xs" variant="light" onClick={() => setEditing(j)}>Edit</Button>
                      {!j.isDefault && (
                        <Button size="xs" variant="subtle" onClick={async () => {
                          try {
                            await makeDefaultJob(j.id);
                            await qc.invalidateQueries({ queryKey: ["jobs", accountId] });
                          } catch (err) {
                            showError(err);
                          }
                        }}>Set as default</Button>
                      )}
                    </Group>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        </Table.ScrollContainer>
      ) : (
        <Empty>No jobs yet. The first job you add becomes the default job for new tickets.</Empty>
      )}
      <Modal opened={editing !== null} onClose={() => setEditing(null)} title={editing === "new" ? "New job" : "Edit job"} size="lg">
        {editing && <JobForm accountId={accountId} job={editing === "new" ? undefined : editing} onDone={() => setEditing(null)} />}
      </Modal>
    </Card>
  );
}

type Member = { contactId: string; contactName: string; email: string | null; portalStatus: string; clientAdmin: boolean; sendCopyOfTickets: boolean; portalRoleId: string | null };

function MembersCard({ accountId }: { accountId: string }) {
  const qc = useQueryClient();
  const roles = usePortalRoles();
  const members = useQuery({ queryKey: ["members", accountId], queryFn: () => get<{ items: Member[] }>(`/api/staff/accounts/${accountId}/contacts`) });
  const update = async (m: Member, body: MembershipBody) => {
    try {
      await updateAccountContact(accountId, m.contactId, body);
      await qc.invalidateQueries({ queryKey: ["members", accountId] });
    } catch (err) {
      showError(err);
    }
  };
  return (
    <Card withBorder>
      <Title order={4} mb="sm">Contacts</Title>
      {members.data?.items.length ? (
        <Table>
          <Table.Thead>
            <Table.Tr><Table.Th>Contact</Table.Th><Table.Th>Portal</Table.Th><Table.Th>Portal role</Table.Th><Table.Th>Client administrator</Table.Th><Table.Th>Copy of new tickets</Table.Th></Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {members.data.items.map((m) => (
              <Table.Tr key={m.contactId}>
                <Table.Td><Anchor component={Link} to={`/admin/contacts/${m.contactId}`}>{m.contactName}</Anchor></Table.Td>
                <Table.Td><PortalStatusBadge status={m.portalStatus as never} /></Table.Td>
                <Table.Td>
                  <Select aria-label={`Portal role of ${m.contactName}`} size="xs" data={[{ value: "", label: "Account's role" }, ...(roles.data?.items ?? []).map((r) => ({ value: r.id, label: r.name }))]} value={m.portalRoleId ?? ""} onChange={(v) => update(m, { portalRoleId: v || null })} allowDeselect={false} />
                </Table.Td>
                <Table.Td><Switch aria-label={`Client administrator: ${m.contactName}`} checked={m.clientAdmin} onChange={(e) => update(m, { clientAdmin: e.currentTarget.checked })} /></Table.Td>
                <Table.Td><Switch aria-label={`Copy of new tickets: ${m.contactName}`} checked={m.sendCopyOfTickets} disabled={!m.clientAdmin} onChange={(e) => update(m, { sendCopyOfTickets: e.currentTarget.checked })} /></Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : (
        <Empty>No contacts in this account yet. Add them on the Contacts page.</Empty>
      )}
    </Card>
  );
}

