import { Anchor, Badge, Button, Card, Checkbox, Group, Modal, MultiSelect, NumberInput, Select, Stack, Switch, Table, Tabs, TagsInput, Text, Textarea, TextInput, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { approvalExpiries, approvalExpiryLabels, type PortalSettingsDto } from "../../shared/api";
import {
  type LookupDto,
  type LookupKind,
  lookupKinds,
  type PortalPermission,
  portalPermissionLabels,
  portalPermissions,
  type PortalRoleDto,
  type TicketFormField,
  ticketFormFieldLabels,
  ticketFormFields,
  type TicketSettingsDto,
  type UpdateLookupBody,
} from "../../shared/tickets-api";
import { get, qs } from "../api/client";
import { Empty, Loading, notifyOk, PageHeader, showError, timeZones } from "../components/ui";
import { useUrlState } from "../components/url-state";
import { usePortalRoles } from "./accounts-pages";
import { CompanyLogoField } from "./company-logo";
import { createLookup, createPortalRole, updateLookup, updatePortalRole, updatePortalSettings, updateTicketSettings, useStaffMe, useStaffOptions, useTicketSettings } from "../api/staff";

export function SettingsPage() {
  const url = useUrlState({ tab: "portal" });
  return (
    <>
      <PageHeader title="Portal settings" />
      <Tabs value={url.state.tab} onChange={(tab) => url.set({ tab: tab ?? "portal" })} keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="portal">Portal</Tabs.Tab>
          <Tabs.Tab value="tickets">Tickets</Tabs.Tab>
          <Tabs.Tab value="lists">Ticket lists</Tabs.Tab>
          <Tabs.Tab value="roles">Portal roles</Tabs.Tab>
          <Tabs.Tab value="billing">Billing and projects</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="portal"><PortalSettings /></Tabs.Panel>
        <Tabs.Panel value="tickets"><TicketSettings /></Tabs.Panel>
        <Tabs.Panel value="lists"><Lists /></Tabs.Panel>
        <Tabs.Panel value="roles"><Roles /></Tabs.Panel>
        <Tabs.Panel value="billing"><BillingSettings /></Tabs.Panel>
      </Tabs>
    </>
  );
}

function PortalSettings() {
  const me = useStaffMe();
  const settings = useQuery({ queryKey: ["portal-settings"], queryFn: () => get<PortalSettingsDto>("/api/staff/settings/portal") });
  if (!settings.data) return <Loading />;
  return <PortalSettingsForm initial={settings.data} canEdit={me.data?.can.manageSettings === true} />;
}

/** The Select's value for "Nobody": a Select holds strings only. */
const NOBODY = "nobody";

function PortalSettingsForm({ initial, canEdit }: { initial: PortalSettingsDto; canEdit: boolean }) {
  const qc = useQueryClient();
  const form = useForm({ initialValues: initial });
  const staff = useStaffOptions().data?.staff;
  const assignee = form.values.newTicketAssigneeId;
  const assigneeGone = staff !== undefined && assignee !== null && !staff.some((s) => s.id === assignee);
  return (
    <form onSubmit={form.onSubmit(async (v) => {
      try {
        qc.setQueryData(["portal-settings"], await updatePortalSettings(v));
        notifyOk("Settings saved");
      } catch (err) {
        showError(err, form);
      }
    })}>
      <Stack maw={640}>
        <Card withBorder>
          <Title order={4} mb="sm">General</Title>
          <Stack>
            <Switch label="Portal is active" description="When off, the sign-in page says the portal is closed and everyone is signed out" disabled={!canEdit} {...form.getInputProps("active", { type: "checkbox" })} />
            <TextInput label="Portal name" description="Shown as the title of the sign-in page" disabled={!canEdit} {...form.getInputProps("portalName")} />
            <TextInput label="Portal URL" description="The address customers use; links in emails point here" disabled={!canEdit} {...form.getInputProps("portalUrl")} />
            <Text size="sm">Customers sign in at <Anchor href={initial.portalUrl}>{initial.portalUrl}</Anchor></Text>
          </Stack>
        </Card>
        <Card withBorder>
          <Title order={4} mb="sm">New portal tickets</Title>
          <Stack>
            <Select
              label="New portal tickets go to"
              description="This staff member is assigned every ticket a customer raises in the portal and is emailed about it, and about customer replies on tickets nobody is assigned to."
              data={[{ value: NOBODY, label: "Nobody" }, ...(staff ?? []).map((s) => ({ value: s.id, label: s.name }))]}
              value={assigneeGone ? null : (assignee ?? NOBODY)}
              onChange={(v) => form.setFieldValue("newTicketAssigneeId", v === NOBODY || v === null ? null : v)}
              error={form.errors.newTicketAssigneeId}
              allowDeselect={false}
              disabled={!canEdit}
            />
            {assigneeGone && <Text size="sm" c="orange">The staff member chosen here is disabled. Until you choose someone else, new portal tickets go to the first active administrator.</Text>}
            {assignee === null && <Text size="sm" c="dimmed">With Nobody chosen, new portal tickets stay unassigned and only the submission notification emails (Tickets tab) hear of them.</Text>}
          </Stack>
        </Card>
        <Card withBorder>
          <Title order={4} mb="sm">Password policy</Title>
          <Stack>
            <NumberInput label="Minimum length" description="12 to 128 characters" min={12} max={128} clampBehavior="none" allowDecimal={false} disabled={!canEdit} {...form.getInputProps("passwordMinLength")} />
            <Checkbox label="Require an upper-case letter" disabled={!canEdit} {...form.getInputProps("passwordRequireUpper", { type: "checkbox" })} />
            <Checkbox label="Require a lower-case letter" disabled={!canEdit} {...form.getInputProps("passwordRequireLower", { type: "checkbox" })} />
            <Checkbox label="Require a digit" disabled={!canEdit} {...form.getInputProps("passwordRequireDigit", { type: "checkbox" })} />
            <Checkbox label="Require a symbol" disabled={!canEdit} {...form.getInputProps("passwordRequireSymbol", { type: "checkbox" })} />
            <Text size="sm" c="dimmed">Common passwords are always refused.</Text>
          </Stack>
        </Card>
        <Card withBorder>
          <Title order={4} mb="sm">Self sign-up</Title>
          <Stack>
            <Switch label="Allow customers to sign up on the sign-in page" disabled={!canEdit} {...form.getInputProps("signupEnabled", { type: "checkbox" })} />
            <TagsInput label="Sign-up notification emails" description="Staff told about each sign-up" disabled={!canEdit} {...form.getInputProps("signupNotifyEmails")} />
            <Checkbox label="Approve sign-ups at once when the email domain matches an account" disabled={!canEdit} {...form.getInputProps("signupAutoApproveKnownDomains", { type: "checkbox" })} />
          </Stack>
        </Card>
        <Card withBorder>
          <Title order={4} mb="sm">Customer approval of work</Title>
          <Stack>
            <Switch label="Ask customers to approve billable work before it is invoiced" description="Staff whose role allows customer approval send requests; the job's contact approves or queries them in the portal" disabled={!canEdit} {...form.getInputProps("approvalEnabled", { type: "checkbox" })} />
            <NumberInput label="Approval period" description="Days the customer has to answer a request (1 to 90)" suffix=" days" min={1} max={90} clampBehavior="none" allowDecimal={false} disabled={!canEdit} {...form.getInputProps("approvalPeriodDays")} />
            <TextInput label="Reply-to and notification address" description="Customers' replies to requests go here, and it gets a copy of each answer; leave empty to notify the job manager only" type="email" disabled={!canEdit} {...form.getInputProps("approvalReplyTo")} value={form.values.approvalReplyTo ?? ""} />
            <Select label="When the period ends without an answer" data={approvalExpiries.map((v) => ({ value: v, label: approvalExpiryLabels[v] }))} allowDeselect={false} disabled={!canEdit} {...form.getInputProps("approvalExpiry")} />
            <TextInput label="Currency" description="The three-letter code of the money work is billed in, such as USD, EUR or NZD" maxLength={3} w={220} disabled={!canEdit} {...form.getInputProps("currency")} onChange={(e) => form.setFieldValue("currency", e.currentTarget.value.toUpperCase())} />
          </Stack>
        </Card>
        <Card withBorder>
          <Title order={4} mb="sm">Security</Title>
          <Switch label="Require two-factor authentication for every customer" disabled={!canEdit} {...form.getInputProps("requireTwoFactor", { type: "checkbox" })} />
        </Card>
        {canEdit && <Group><Button type="submit" loading={form.submitting}>Save settings</Button></Group>}
      </Stack>
    </form>
  );
}

const billingFields = ["retainerAlertThresholds", "invoicePrefix", "invoicePaymentTermsDays", "defaultTaxRate", "companyAddress", "projectViewNotes", "projectViewFiles", "projectViewOrganisation", "projectViewClients", "projectViewTasks", "projectViewTime"] as const;
type BillingValues = Pick<PortalSettingsDto, (typeof billingFields)[number]>;
const projectSwitches: [keyof BillingValues, string][] = [
  ["projectViewNotes", "Customers may see project notes"],
  ["projectViewFiles", "Customers may see project files"],
  ["projectViewOrganisation", "Customers may see the project's organisation"],
  ["projectViewClients", "Customers may see the project's other clients"],
  ["projectViewTasks", "Customers may see project tasks"],
  ["projectViewTime", "Customers may see time logged on the project"],
];

/** CON-1, INV-1, PRJ-1: prepaid-hours alerts, what invoices print, and what customers may ever see of a project. */
function BillingSettings() {
  const me = useStaffMe();
  const settings = useQuery({ queryKey: ["portal-settings"], queryFn: () => get<PortalSettingsDto>("/api/staff/settings/portal") });
  if (!settings.data) return <Loading />;
  const initial = Object.fromEntries(billingFields.map((k) => [k, settings.data[k]])) as BillingValues;
  return <BillingSettingsForm initial={initial} canEdit={me.data?.can.manageSettings === true} />;
}

function BillingSettingsForm({ initial, canEdit }: { initial: BillingValues; canEdit: boolean }) {
  const qc = useQueryClient();
  const form = useForm({ initialValues: { ...initial, retainerAlertThresholds: initial.retainerAlertThresholds.map(String) } });
  return (
    <form onSubmit={form.onSubmit(async (v) => {
      try {
        qc.setQueryData(["portal-settings"], await updatePortalSettings({ ...v, retainerAlertThresholds: v.retainerAlertThresholds.map(Number) }));
        notifyOk("Billing and project settings saved");
      } catch (err) {
        showError(err, form);
      }
    })}>
      <Stack maw={640}>
        <Card withBorder>
          <Title order={4} mb="sm">Prepaid hours</Title>
          <TagsInput
            label="Alert thresholds (percent of the block)"
            description="When a retainer's hours used in a period reach each of these, the account's client administrators and the account manager are emailed once"
            disabled={!canEdit}
            {...form.getInputProps("retainerAlertThresholds")}
          />
        </Card>
        <Card withBorder>
          <Title order={4} mb="sm">Invoices</Title>
          <Stack>
            <TextInput label="Invoice number prefix" description="Printed before the number, such as INV- for INV-1042" w={260} disabled={!canEdit} {...form.getInputProps("invoicePrefix")} />
            <NumberInput label="Payment terms" description="Days from the invoice date to its due date" suffix=" days" min={0} max={365} clampBehavior="none" allowDecimal={false} w={260} disabled={!canEdit} {...form.getInputProps("invoicePaymentTermsDays")} />
            <TextInput label="Default tax rate" description="Percent added to the subtotal after discount, such as 20 or 12.5" rightSection="%" w={260} disabled={!canEdit} {...form.getInputProps("defaultTaxRate")} />
            <Textarea label="Company address" description="Printed on invoices under your company's name" autosize minRows={3} disabled={!canEdit} {...form.getInputProps("companyAddress")} />
            <CompanyLogoField canEdit={canEdit} />
          </Stack>
        </Card>
        <Card withBorder>
          <Title order={4} mb="sm">Projects in the portal</Title>
          <Text size="sm" c="dimmed" mb="sm">Unchecked, no customer sees this part of any project, whatever their association with the project allows.</Text>
          <Stack gap="xs">
            {projectSwitches.map(([key, label]) => (
              <Checkbox key={key} label={label} disabled={!canEdit} {...form.getInputProps(key, { type: "checkbox" })} />
            ))}
          </Stack>
        </Card>
        {canEdit && <Group><Button type="submit" loading={form.submitting}>Save billing and project settings</Button></Group>}
      </Stack>
    </form>
  );
}

function TicketSettings() {
  const me = useStaffMe();
  const settings = useTicketSettings();
  if (!settings.data) return <Loading />;
  return <TicketSettingsForm initial={settings.data} canEdit={me.data?.can.manageSettings === true} />;
}

function TicketSettingsForm({ initial, canEdit }: { initial: TicketSettingsDto; canEdit: boolean }) {
  const qc = useQueryClient();
  const form = useForm<TicketSettingsDto>({ initialValues: initial });
  return (
    <form onSubmit={form.onSubmit(async (v) => {
      try {
        qc.setQueryData(["ticket-settings"], await updateTicketSettings(v));
        notifyOk("Ticket settings saved");
      } catch (err) {
        showError(err, form);
      }
    })}>
      <Stack maw={640}>
        <Switch label="Show time entries in the portal" description="Staff name and date; hours too on jobs with “hours visible”. Only public notes." disabled={!canEdit} {...form.getInputProps("showTimeEntries", { type: "checkbox" })} />
        <TagsInput label="Submission notification emails" description="Told about every ticket and note customers submit" disabled={!canEdit} {...form.getInputProps("submissionNotifyEmails")} />
        <Textarea label="Add-ticket text" description="Shown above the new-ticket form" autosize minRows={3} disabled={!canEdit} {...form.getInputProps("addTicketText")} />
        <Switch label="Show the add-ticket text" disabled={!canEdit} {...form.getInputProps("addTicketTextActive", { type: "checkbox" })} />
        <Select label="Company time zone" description="Used when neither the contact nor the account has one" searchable data={timeZones} disabled={!canEdit} {...form.getInputProps("timeZone")} />
        {canEdit && <Group><Button type="submit" loading={form.submitting}>Save ticket settings</Button></Group>}
      </Stack>
    </form>
  );
}

const kindLabels: Record<string, string> = {
  status: "Statuses", priority: "Priorities", ticket_type: "Ticket types", issue_type: "Issue types", sub_issue_type: "Sub-issue types", site: "Sites", hardware_asset: "Hardware assets", software_asset: "Software assets",
};

function Lists() {
  const qc = useQueryClient();
  const [kind, setKind] = useState<LookupKind>("status");
  const lookups = useQuery({ queryKey: ["lookups"], queryFn: () => get<{ items: LookupDto[] }>("/api/staff/lookups") });
  const accounts = useQuery({ queryKey: ["accounts-all"], queryFn: () => get<{ items: { id: string; name: string }[] }>("/api/staff/accounts?pageSize=100") });
  const form = useForm({ initialValues: { name: "", parentId: "", accountId: "", isClosed: false, awaitsCustomer: false } });
  const items = (lookups.data?.items ?? []).filter((l) => l.kind === kind);
  const perAccount = ["site", "hardware_asset", "software_asset"].includes(kind);
  const issueTypes = (lookups.data?.items ?? []).filter((l) => l.kind === "issue_type");
  const change = async (id: string, body: UpdateLookupBody) => {
    try {
      await updateLookup(id, body);
      await qc.invalidateQueries({ queryKey: ["lookups"] });
    } catch (err) {
      showError(err);
    }
  };
  const nameOf = (id: string | null) => (lookups.data?.items ?? []).find((l) => l.id === id)?.name ?? accounts.data?.items.find((a) => a.id === id)?.name ?? "";
  return (
    <Stack maw={760}>
      <Select label="List" data={lookupKinds.map((k) => ({ value: k, label: kindLabels[k] }))} value={kind} onChange={(v) => setKind((v ?? "status") as LookupKind)} allowDeselect={false} />
      {items.length ? (
        <Table>
          <Table.Thead><Table.Tr><Table.Th>Name</Table.Th>{kind === "sub_issue_type" && <Table.Th>Issue type</Table.Th>}{perAccount && <Table.Th>Account</Table.Th>}{kind === "status" && <Table.Th>Closes the ticket</Table.Th>}{kind === "status" && <Table.Th>Waits for the customer</Table.Th>}<Table.Th>Active</Table.Th></Table.Tr></Table.Thead>
          <Table.Tbody>
            {items.map((l) => (
              <Table.Tr key={l.id}>
                <Table.Td>{l.name}</Table.Td>
                {kind === "sub_issue_type" && <Table.Td>{nameOf(l.parentId)}</Table.Td>}
                {perAccount && <Table.Td>{nameOf(l.accountId)}</Table.Td>}
                {kind === "status" && <Table.Td>{l.isClosed ? "Yes" : "No"}</Table.Td>}
                {kind === "status" && <Table.Td><Switch aria-label={`Waits for the customer: ${l.name}`} checked={l.awaitsCustomer} onChange={(e) => change(l.id, { awaitsCustomer: e.currentTarget.checked })} /></Table.Td>}
                <Table.Td><Switch aria-label={`Active: ${l.name}`} checked={l.active} onChange={(e) => change(l.id, { active: e.currentTarget.checked })} /></Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : (
        <Empty>No entries in this list yet.</Empty>
      )}
      {kind === "status" && <Text size="sm" c="dimmed">While a ticket is in a status that waits for the customer, the customer's reply moves it back to the status it had before (or to the first open status) and marks it “Customer replied” in the ticket queue.</Text>}
      <Card withBorder>
        <form onSubmit={form.onSubmit(async (v) => {
          try {
            await createLookup({ kind, name: v.name, parentId: v.parentId || null, accountId: v.accountId || null, isClosed: v.isClosed, awaitsCustomer: v.awaitsCustomer });
            await qc.invalidateQueries({ queryKey: ["lookups"] });
            form.reset();
          } catch (err) {
            showError(err, form);
          }
        })}>
          <Group align="end">
            <TextInput label={`New entry in ${kindLabels[kind].toLowerCase()}`} required {...form.getInputProps("name")} />
            {kind === "sub_issue_type" && <Select label="Issue type" required data={issueTypes.map((i) => ({ value: i.id, label: i.name }))} {...form.getInputProps("parentId")} />}
            {perAccount && <Select label="Account" required searchable data={(accounts.data?.items ?? []).map((a) => ({ value: a.id, label: a.name }))} {...form.getInputProps("accountId")} />}
            {kind === "status" && <Checkbox label="Closes the ticket" {...form.getInputProps("isClosed", { type: "checkbox" })} />}
            {kind === "status" && <Checkbox label="Waits for the customer" {...form.getInputProps("awaitsCustomer", { type: "checkbox" })} />}
            <Button type="submit">Add</Button>
          </Group>
        </form>
      </Card>
    </Stack>
  );
}

function Roles() {
  const roles = usePortalRoles();
  const [editing, setEditing] = useState<PortalRoleDto | "new" | null>(null);
  return (
    <Stack maw={900}>
      <Group justify="space-between">
        <Text c="dimmed">An account gets a portal role; a contact's role in an account can override it.</Text>
        <Button onClick={() => setEditing("new")}>New portal role</Button>
      </Group>
      <Table>
        <Table.Thead><Table.Tr><Table.Th>Role</Table.Th><Table.Th>Permissions</Table.Th><Table.Th>Ticket form</Table.Th><Table.Th /></Table.Tr></Table.Thead>
        <Table.Tbody>
          {(roles.data?.items ?? []).map((r) => (
            <Table.Tr key={r.id}>
              <Table.Td>{r.name} {r.builtIn && <Badge size="xs" variant="light">Built in</Badge>}</Table.Td>
              <Table.Td><Text size="sm">{r.permissions.map((p) => portalPermissionLabels[p as keyof typeof portalPermissionLabels] ?? p).join(", ")}</Text></Table.Td>
              <Table.Td>{r.quickForm ? "Quick form" : "Full form"}</Table.Td>
              <Table.Td><Button size="xs" variant="light" onClick={() => setEditing(r)}>Edit</Button></Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Modal opened={editing !== null} onClose={() => setEditing(null)} title={editing === "new" ? "New portal role" : "Edit portal role"} size="lg">
        {editing && <RoleForm role={editing === "new" ? undefined : editing} onDone={() => setEditing(null)} />}
      </Modal>
    </Stack>
  );
}

function RoleForm({ role, onDone }: { role?: PortalRoleDto; onDone: () => void }) {
  const qc = useQueryClient();
  const lookups = useQuery({ queryKey: ["lookups"], queryFn: () => get<{ items: LookupDto[] }>(`/api/staff/lookups${qs({})}`) });
  const of = (kind: string) => (lookups.data?.items ?? []).filter((l) => l.kind === kind).map((l) => ({ value: l.id, label: l.name }));
  const form = useForm({
    initialValues: {
      name: role?.name ?? "",
      // The role's permissions and fields come from the server's lists, which the pickers offer.
      permissions: (role?.permissions ?? ["tickets.view_own", "tickets.create"]) as PortalPermission[],
      defaultTypeId: role?.defaultTypeId ?? "",
      defaultPriorityId: role?.defaultPriorityId ?? "",
      quickForm: role?.quickForm ?? false,
      visibleFields: (role?.visibleFields ?? ["priority", "ticket_type", "attachments"]) as TicketFormField[],
    },
  });
  return (
    <form onSubmit={form.onSubmit(async (v) => {
      const body = { ...v, defaultTypeId: v.defaultTypeId || null, defaultPriorityId: v.defaultPriorityId || null };
      try {
        if (role) await updatePortalRole(role.id, body);
        else await createPortalRole(body);
        await qc.invalidateQueries({ queryKey: ["portal-roles"] });
        notifyOk("Portal role saved");
        onDone();
      } catch (err) {
        showError(err, form);
      }
    })}>
      <Stack>
        <TextInput label="Name" required disabled={role?.builtIn} {...form.getInputProps("name")} />
        <MultiSelect label="Permissions" data={portalPermissions.map((p) => ({ value: p, label: portalPermissionLabels[p] }))} {...form.getInputProps("permissions")} />
        <Group grow>
          <Select label="Default ticket type" clearable data={of("ticket_type")} {...form.getInputProps("defaultTypeId")} />
          <Select label="Default priority" clearable data={of("priority")} {...form.getInputProps("defaultPriorityId")} />
        </Group>
        <Switch label="Quick ticket form (title, details and attachments only)" {...form.getInputProps("quickForm", { type: "checkbox" })} />
        {!form.values.quickForm && <MultiSelect label="Fields on the full ticket form" data={ticketFormFields.map((f) => ({ value: f, label: ticketFormFieldLabels[f] }))} {...form.getInputProps("visibleFields")} />}
        <Group justify="flex-end"><Button type="submit" loading={form.submitting}>Save role</Button></Group>
      </Stack>
    </form>
  );
}
