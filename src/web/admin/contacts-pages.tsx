import { Alert, Anchor, Badge, Button, Card, Checkbox, Grid, Group, Modal, MultiSelect, Progress, Radio, Select, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useDebouncedValue } from "@mantine/hooks";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useNavigate, useParams } from "react-router-dom";
import { type AccountDto, type BatchGrantResponse, type ContactDto, portalStatuses, portalStatusLabels, type PortalEventDto } from "../../shared/api";
import { get, qs } from "../api/client";
import { ConfirmButton, countOf, Empty, ErrorAlert, formatDate, Loading, notifyOk, PageHeader, Pager, PortalStatusBadge, showError, timeZones } from "../components/ui";
import {
  approveSignup,
  archiveContact,
  batchGrantPortalAccess,
  changePortalUsername,
  createContact,
  grantPortalAccess,
  type PortalAccessAction,
  portalAccessAction,
  rejectSignup,
  revokePortalAccess,
  updateContact,
  useStaffMe,
} from "../api/staff";

type Page<T> = { items: T[]; total: number; totalCapped: boolean; page: number; pageSize: number };
const useAllAccounts = () => useQuery({ queryKey: ["accounts-all"], queryFn: () => get<Page<AccountDto>>("/api/staff/accounts?pageSize=100") });

export function ContactsPage() {
  const me = useStaffMe();
  const [filters, setFilters] = useState({ q: "", accountId: "", portalAccess: "any", portalStatus: "", status: "active", signup: "" });
  const [debouncedQ] = useDebouncedValue(filters.q, 250);
  const [page, setPage] = useState(1);
  const [selected, setSelected] = useState<string[]>([]);
  const [creating, setCreating] = useState(false);
  const [batch, setBatch] = useState(false);
  const accounts = useAllAccounts();
  const list = useQuery({
    queryKey: ["contacts", { ...filters, q: debouncedQ }, page],
    queryFn: () => get<Page<ContactDto>>(`/api/staff/contacts${qs({ ...filters, q: debouncedQ, page })}`),
  });
  const set = (k: keyof typeof filters) => (v: string | null) => {
    setFilters({ ...filters, [k]: v ?? "" });
    setPage(1);
    setSelected([]);
  };
  const items = list.data?.items ?? [];
  const canManage = me.data?.can.managePortalAccess === true;
  return (
    <>
      <PageHeader title="Contacts">
        {canManage && <Button variant="light" disabled={!selected.length} onClick={() => setBatch(true)}>Grant portal access ({selected.length})</Button>}
        {me.data?.can.manageContacts && <Button onClick={() => setCreating(true)}>New contact</Button>}
      </PageHeader>
      <Group mb="md" align="end">
        <TextInput label="Search" placeholder="Name, email or username" value={filters.q} onChange={(e) => set("q")(e.currentTarget.value)} />
        <Select label="Account" searchable clearable data={(accounts.data?.items ?? []).map((a) => ({ value: a.id, label: a.name }))} value={filters.accountId || null} onChange={set("accountId")} />
        <Select label="Portal access" data={[{ value: "any", label: "Any" }, { value: "with", label: "With access" }, { value: "without", label: "Without access" }]} value={filters.portalAccess} onChange={set("portalAccess")} allowDeselect={false} />
        <Select label="Portal status" clearable data={portalStatuses.map((s) => ({ value: s, label: portalStatusLabels[s] }))} value={filters.portalStatus || null} onChange={set("portalStatus")} />
        <Select label="Contact status" data={[{ value: "active", label: "Active" }, { value: "archived", label: "Archived" }, { value: "all", label: "All" }]} value={filters.status} onChange={set("status")} allowDeselect={false} />
        <Checkbox label="Sign-ups waiting for approval" checked={filters.signup === "pending"} onChange={(e) => set("signup")(e.currentTarget.checked ? "pending" : "")} />
      </Group>
      <ErrorAlert error={list.error} />
      {list.isLoading ? (
        <Loading />
      ) : items.length ? (
        <>
          <Table striped highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={40}>
                  <Checkbox aria-label="Select all contacts on this page" checked={items.length > 0 && items.every((c) => selected.includes(c.id))} onChange={(e) => setSelected(e.currentTarget.checked ? items.map((c) => c.id) : [])} />
                </Table.Th>
                <Table.Th>Name</Table.Th><Table.Th>Email</Table.Th><Table.Th>Accounts</Table.Th><Table.Th>Portal</Table.Th><Table.Th>Username</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((c) => (
                <Table.Tr key={c.id}>
                  <Table.Td>
                    <Checkbox aria-label={`Select ${c.name}`} checked={selected.includes(c.id)} onChange={(e) => setSelected(e.currentTarget.checked ? [...selected, c.id] : selected.filter((x) => x !== c.id))} />
                  </Table.Td>
                  <Table.Td>
                    <Anchor component={Link} to={`/admin/contacts/${c.id}`}>{c.name}</Anchor> {c.archived && <Badge color="gray">Archived</Badge>} {c.portal.signupStatus === "pending" && <Badge color="orange">Sign-up pending</Badge>}
                  </Table.Td>
                  <Table.Td>{c.email ?? "—"}</Table.Td>
                  <Table.Td>{c.accounts.map((a) => a.name).join(", ") || "—"}</Table.Td>
                  <Table.Td><PortalStatusBadge status={c.portal.status} /></Table.Td>
                  <Table.Td>{c.portal.username ?? "—"}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Group justify="space-between" mt="md">
            <Text size="sm" c="dimmed">{countOf(list.data?.total ?? 0, "contact", list.data?.totalCapped)}</Text>
            <Pager total={Math.ceil((list.data?.total ?? 0) / 25)} value={page} onChange={setPage} />
          </Group>
        </>
      ) : (
        <Empty>No contacts match these filters.</Empty>
      )}
      <Modal opened={creating} onClose={() => setCreating(false)} title="New contact" size="lg">
        <ContactForm onDone={() => setCreating(false)} />
      </Modal>
      <Modal opened={batch} onClose={() => setBatch(false)} title="Grant portal access" size="lg">
        <BatchGrant contacts={items.filter((c) => selected.includes(c.id))} onDone={() => { setSelected([]); list.refetch(); }} />
      </Modal>
    </>
  );
}

/** ACC-10: sends the selection in chunks so progress shows, and lists each row's result. */
function BatchGrant({ contacts, onDone }: { contacts: ContactDto[]; onDone: () => void }) {
  const [welcome, setWelcome] = useState("yes");
  const [done, setDone] = useState(0);
  const [results, setResults] = useState<BatchGrantResponse["results"]>([]);
  const [running, setRunning] = useState(false);
  const run = async () => {
    setRunning(true);
    setResults([]);
    setDone(0);
    const all: BatchGrantResponse["results"] = [];
    try {
      for (let i = 0; i < contacts.length; i += 10) {
        const chunk = contacts.slice(i, i + 10).map((c) => c.id);
        const r = await batchGrantPortalAccess({ contactIds: chunk, sendWelcomeEmail: welcome === "yes" });
        all.push(...r.results);
        setResults([...all]);
        setDone(Math.min(i + 10, contacts.length));
      }
    } catch (err) {
      showError(err);
    } finally {
      setRunning(false);
      onDone();
    }
  };
  return (
    <Stack>
      <Text>{contacts.length} selected contacts. Their email address becomes their username.</Text>
      <Radio.Group label="Welcome email" value={welcome} onChange={setWelcome}>
        <Stack gap="xs" mt="xs">
          <Radio value="yes" label="Send a welcome email with a set-password link" />
          <Radio value="no" label="Do not send an email now" />
        </Stack>
      </Radio.Group>
      {(running || results.length > 0) && <Progress value={(done / Math.max(1, contacts.length)) * 100} aria-label="Progress" />}
      {results.length > 0 && (
        <Table>
          <Table.Thead><Table.Tr><Table.Th>Contact</Table.Th><Table.Th>Result</Table.Th></Table.Tr></Table.Thead>
          <Table.Tbody>
            {results.map((r) => (
              <Table.Tr key={r.contactId}>
                <Table.Td>{r.name ?? r.contactId}</Table.Td>
                <Table.Td><Text c={r.ok ? "green" : "red"}>{r.message}</Text></Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Group justify="flex-end">
        <Button onClick={run} loading={running} disabled={!contacts.length}>Grant access to {contacts.length}</Button>
      </Group>
    </Stack>
  );
}

function ContactForm({ contact, onDone }: { contact?: ContactDto; onDone?: () => void }) {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const accounts = useAllAccounts();
  const form = useForm({
    initialValues: {
      firstName: contact?.firstName ?? "",
      lastName: contact?.lastName ?? "",
      email: contact?.email ?? "",
      phone: contact?.phone ?? "",
      jobTitle: contact?.jobTitle ?? "",
      timeZone: contact?.timeZone ?? "",
      accountIds: contact?.accounts.map((a) => a.id) ?? [],
    },
    validate: {
      firstName: (v) => (v.trim() ? null : "First name is required"),
      lastName: (v) => (v.trim() ? null : "Last name is required"),
      accountIds: (v) => (v.length ? null : "Choose at least one account"),
    },
  });
  const readOnly = contact && !contact.can.edit;
  return (
    <form
      onSubmit={form.onSubmit(async (v) => {
        try {
          const saved = contact ? await updateContact(contact.id, v) : await createContact(v);
          qc.setQueryData(["contact", saved.id], saved);
          await qc.invalidateQueries({ queryKey: ["contacts"] });
          notifyOk(contact ? "Contact saved" : "Contact created");
          onDone?.();
          if (!contact) navigate(`/admin/contacts/${saved.id}`);
        } catch (err) {
          showError(err, form);
        }
      })}
    >
      <Stack>
        <Group grow>
          <TextInput label="First name" required disabled={readOnly} {...form.getInputProps("firstName")} />
          <TextInput label="Last name" required disabled={readOnly} {...form.getInputProps("lastName")} />
        </Group>
        <TextInput label="Email" type="email" description="Needed for portal access" disabled={readOnly} {...form.getInputProps("email")} />
        <Group grow>
          <TextInput label="Phone" disabled={readOnly} {...form.getInputProps("phone")} />
          <TextInput label="Job title" disabled={readOnly} {...form.getInputProps("jobTitle")} />
        </Group>
        <Select label="Time zone" searchable clearable data={timeZones} disabled={readOnly} {...form.getInputProps("timeZone")} />
        <MultiSelect label="Accounts" required searchable data={(accounts.data?.items ?? []).map((a) => ({ value: a.id, label: a.name }))} disabled={readOnly} {...form.getInputProps("accountIds")} />
        {!readOnly && (
          <Group justify="flex-end">
            <Button type="submit" loading={form.submitting}>{contact ? "Save contact" : "Create contact"}</Button>
          </Group>
        )}
      </Stack>
    </form>
  );
}

export function ContactDetailPage() {
  const { id = "" } = useParams();
  const qc = useQueryClient();
  const contact = useQuery({ queryKey: ["contact", id], queryFn: () => get<ContactDto>(`/api/staff/contacts/${id}`) });
  if (contact.isLoading) return <Loading />;
  if (!contact.data) return <ErrorAlert error={contact.error} />;
  const c = contact.data;
  const refresh = (saved: ContactDto) => {
    qc.setQueryData(["contact", id], saved);
    qc.invalidateQueries({ queryKey: ["contacts"] });
    qc.invalidateQueries({ queryKey: ["history", id] });
  };
  return (
    <Stack>
      <PageHeader title={c.name}>
        {c.archived && <Badge color="gray" size="lg">Archived</Badge>}
        {c.can.archive && (
          <ConfirmButton label="Archive contact" title="Archive this contact?" message="Portal access ends at once: every live session of this contact is signed out." variant="light" onConfirm={async () => refresh(await archiveContact(id, true))} />
        )}
        {c.can.restore && <Button variant="light" onClick={async () => refresh(await archiveContact(id, false))}>Restore contact</Button>}
      </PageHeader>
      <Grid>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Card withBorder>
            <Title order={4} mb="sm">Details</Title>
            <ContactForm key={JSON.stringify(c)} contact={c} />
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Stack>
            <PortalAccessPanel contact={c} onChange={refresh} />
            <PortalHistory contactId={id} />
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

function PortalAccessPanel({ contact: c, onChange }: { contact: ContactDto; onChange: (c: ContactDto) => void }) {
  const accounts = useAllAccounts();
  const [approveAccount, setApproveAccount] = useState<string | null>(null);
  const [renaming, setRenaming] = useState(false);
  const base = `/api/staff/contacts/${c.id}/portal-access`;
  const act = (action: PortalAccessAction | "revoke", message: string) => async () => {
    try {
      onChange(action === "revoke" ? await revokePortalAccess(c.id) : await portalAccessAction(c.id, action));
      notifyOk(message);
    } catch (err) {
      showError(err);
    }
  };
  const grantForm = useForm({ initialValues: { username: c.email ?? "", sendActivationEmail: true } });
  const renameForm = useForm({ initialValues: { username: c.portal.username ?? "" } });
  const p = c.portal;
  return (
    <Card withBorder>
      <Group justify="space-between" mb="sm">
        <Title order={4}>Portal access</Title>
        <PortalStatusBadge status={p.status} />
      </Group>
      {!c.can.managePortal && <Text c="dimmed" size="sm" mb="sm">You can see this contact's portal access but not change it (needs “Manage customer portal access”{c.archived ? ", and the contact is archived" : ""}).</Text>}
      {p.signupStatus === "pending" && c.can.managePortal && (
        <Alert color="orange" title="Sign-up waiting for approval" mb="md">
          <Stack>
            <Text size="sm">Choose the account this person belongs to; approving sends them an activation email.</Text>
            <Select label="Account" searchable data={(accounts.data?.items ?? []).map((a) => ({ value: a.id, label: a.name }))} value={approveAccount} onChange={setApproveAccount} />
            <Group>
              <Button disabled={!approveAccount} onClick={async () => {
                if (!approveAccount) return;
                try {
                  onChange(await approveSignup(c.id, { accountId: approveAccount }));
                  notifyOk("Sign-up approved; activation email queued");
                } catch (err) {
                  showError(err);
                }
              }}>Approve sign-up</Button>
              <ConfirmButton label="Reject sign-up" title="Reject this sign-up?" message="The contact is archived and gets no access." variant="light" onConfirm={async () => onChange(await rejectSignup(c.id))} />
            </Group>
          </Stack>
        </Alert>
      )}
      {p.status === "not_enabled" ? (
        c.can.managePortal && p.signupStatus !== "pending" ? (
          c.email ? (
            <form onSubmit={grantForm.onSubmit(async (v) => {
              try {
                onChange(await grantPortalAccess(c.id, { username: v.username || undefined, sendActivationEmail: v.sendActivationEmail }));
                notifyOk(v.sendActivationEmail ? "Access granted; activation email queued" : "Access granted");
              } catch (err) {
                showError(err, grantForm);
              }
            })}>
              <Stack>
                <Group align="end">
                  <TextInput label="Username" description="Defaults to the email address" style={{ flex: 1 }} {...grantForm.getInputProps("username")} />
                  <Button variant="default" onClick={async () => {
                    try {
                      grantForm.setFieldValue("username", (await get<{ username: string }>(`${base}/username-suggestion`)).username);
                    } catch (err) {
                      showError(err);
                    }
                  }}>Generate</Button>
                </Group>
                <Checkbox label="Send the activation email (set-password link, valid 24 hours)" {...grantForm.getInputProps("sendActivationEmail", { type: "checkbox" })} />
                <Button type="submit" loading={grantForm.submitting}>Grant access</Button>
              </Stack>
            </form>
          ) : (
            <Text c="dimmed">Add an email address to this contact to give portal access.</Text>
          )
        ) : (
          <Text c="dimmed">This contact cannot sign in to the portal.</Text>
        )
      ) : (
        <Stack gap="xs">
          <Text size="sm"><b>Username:</b> {p.username}</Text>
          <Text size="sm"><b>Activated:</b> {formatDate(p.activatedAt)}</Text>
          <Text size="sm"><b>Last sign-in:</b> {formatDate(p.lastLoginAt)}</Text>
          <Text size="sm"><b>Two-factor:</b> {p.twoFactorEnabled ? "On" : "Off"}</Text>
          {p.lockedUntil && new Date(p.lockedUntil) > new Date() && <Text size="sm" c="red"><b>Locked until</b> {formatDate(p.lockedUntil)}</Text>}
          {c.can.managePortal && (
            <Group mt="sm" gap="xs">
              {p.status === "invited" && <Button size="xs" variant="light" onClick={act("resend-activation", "A new activation email is queued; the old link no longer works")}>Resend activation</Button>}
              {p.status !== "disabled" && <Button size="xs" variant="light" onClick={act("reset-password", "Password reset email queued")}>Send password reset</Button>}
              {p.status !== "disabled" && <Button size="xs" variant="light" onClick={act("send-login", "Login details queued")}>Send login</Button>}
              {p.status !== "disabled" && <Button size="xs" variant="light" onClick={() => setRenaming(true)}>Change username</Button>}
              {p.lockedUntil && <Button size="xs" variant="light" onClick={act("unlock", "Unlocked")}>Unlock</Button>}
              {p.status === "disabled" ? (
                <Button size="xs" variant="light" onClick={act("enable", "Portal access enabled")}>Enable access</Button>
              ) : (
                <ConfirmButton size="xs" label="Disable access" title="Disable portal access?" message="The contact is signed out everywhere at once and cannot sign in until you enable access again." variant="light" onConfirm={act("disable", "Portal access disabled")} />
              )}
              <ConfirmButton size="xs" label="Revoke access" title="Revoke portal access?" message="The username and password are removed and every live session ends at once. You can grant access again later." onConfirm={act("revoke", "Portal access revoked")} />
            </Group>
          )}
        </Stack>
      )}
      <Modal opened={renaming} onClose={() => setRenaming(false)} title="Change username">
        <form onSubmit={renameForm.onSubmit(async (v) => {
          try {
            onChange(await changePortalUsername(c.id, v));
            notifyOk("Username changed; a set-password email is queued");
            setRenaming(false);
          } catch (err) {
            showError(err, renameForm);
          }
        })}>
          <Stack>
            <Alert color="yellow">The contact must choose a new password: their current password stops working, they are signed out, and a set-password link is emailed to them.</Alert>
            <TextInput label="New username" required {...renameForm.getInputProps("username")} />
            <Group justify="flex-end"><Button type="submit">Change username</Button></Group>
          </Stack>
        </form>
      </Modal>
    </Card>
  );
}

function PortalHistory({ contactId }: { contactId: string }) {
  const history = useQuery({ queryKey: ["history", contactId], queryFn: () => get<{ items: PortalEventDto[] }>(`/api/staff/contacts/${contactId}/portal-history`) });
  return (
    <Card withBorder>
      <Title order={4} mb="sm">Portal history</Title>
      {history.data?.items.length ? (
        <Table>
          <Table.Thead><Table.Tr><Table.Th>When</Table.Th><Table.Th>Event</Table.Th><Table.Th>By</Table.Th><Table.Th>IP</Table.Th></Table.Tr></Table.Thead>
          <Table.Tbody>
            {history.data.items.map((e) => (
              <Table.Tr key={e.id}>
                <Table.Td>{formatDate(e.createdAt)}</Table.Td>
                <Table.Td>{e.label}</Table.Td>
                <Table.Td>{e.actor}</Table.Td>
                <Table.Td>{e.ip ?? "—"}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : (
        <Empty>No portal activity yet.</Empty>
      )}
    </Card>
  );
}
