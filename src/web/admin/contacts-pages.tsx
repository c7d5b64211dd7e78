import { Alert, Anchor, Badge, Button, Card, Checkbox, Grid, Group, Modal, MultiSelect, Progress, Radio, Select, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { type QueryClient, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useNavigate, useParams } from "react-router-dom";
import { type AccountDto, type BatchGrantResponse, type ContactDto, portalStatuses, portalStatusLabels, type PortalEventDto, type UsernameSuggestion } from "../../shared/api";
import { get, HttpError, qs } from "../api/client";
import { ConfirmButton, countOf, Empty, ErrorAlert, formatDate, Loading, notifyOk, PageHeader, Pager, PortalStatusBadge, showError, timeZones } from "../components/ui";
import { useSearchBox, useUrlState } from "../components/url-state";
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

/** After a contact changes: the lists and counts that show it (contacts, contacts per account, an account's members). */
const refreshContactCounts = (qc: QueryClient) =>
  Promise.all(["contacts", "accounts", "accounts-all", "members"].map((key) => qc.invalidateQueries({ queryKey: [key] })));
const useAllAccounts = () => useQuery({ queryKey: ["accounts-all"], queryFn: () => get<Page<AccountDto>>("/api/staff/accounts?pageSize=100") });

export function ContactsPage() {
  const me = useStaffMe();
  const url = useUrlState({ q: "", accountId: "", portalAccess: "any", portalStatus: "", status: "active", signup: "" });
  const filters = url.state;
  const { page, setPage } = url;
  const search = useSearchBox(url);
  const [selected, setSelected] = useState<string[]>([]);
  const [creating, setCreating] = useState(false);
  const [batch, setBatch] = useState(false);
  const accounts = useAllAccounts();
  const list = useQuery({
    queryKey: ["contacts", filters, page],
    queryFn: () => get<Page<ContactDto>>(`/api/staff/contacts${qs({ ...filters, page })}`),
  });
  const set = (k: keyof typeof filters) => (v: string | null) => {
    url.set({ [k]: v ?? "" });
    setSelected([]);
  };
  const items = list.data?.items ?? [];
  const canManage = me.data?.can.managePortalAccess === true;
  const chosen = items.filter((c) => selected.includes(c.id));
  const grantable = chosen.filter((c) => c.can.grantPortal);
  return (
    <>
      <PageHeader title="Contacts">
        {canManage && (
          <Stack gap={2} align="flex-end">
            <Button variant="light" disabled={!grantable.length} onClick={() => setBatch(true)}>Grant portal access ({grantable.length})</Button>
            {selected.length > 0 && !grantable.length && <Text size="xs" c="dimmed">None of the selected contacts can be granted access: they already have it or wait for sign-up approval.</Text>}
          </Stack>
        )}
        {me.data?.can.manageContacts && <Button onClick={() => setCreating(true)}>New contact</Button>}
      </PageHeader>
      <Group mb="md" align="end">
        <TextInput label="Search" placeholder="Name, email or username" {...search} />
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
        <BatchGrant contacts={grantable} skipped={chosen.length - grantable.length} onDone={() => { setSelected([]); list.refetch(); }} onClose={() => setBatch(false)} />
      </Modal>
    </>
  );
}

/** ACC-10: sends the selection in chunks so progress shows, counts and lists each row's result, and fixes a refused row in place. */
function BatchGrant({ contacts: initial, skipped, onDone, onClose }: { contacts: ContactDto[]; skipped: number; onDone: () => void; onClose: () => void }) {
  const qc = useQueryClient();
  // The selection as it was when the dialog opened: the list behind it refreshes once the grant is done.
  const [contacts] = useState(initial);
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
  const fixed = (row: BatchGrantResponse["results"][number], c: ContactDto) => {
    setResults((rs) => rs.map((r) => (r.contactId === c.id ? { ...row, ok: true, status: c.portal.status, message: `Access granted, username ${c.portal.username}`, fix: null } : r)));
    refreshContactCounts(qc);
  };
  const granted = results.filter((r) => r.ok).length;
  const refused = results.length - granted;
  return (
    <Stack>
      <Text>
        {contacts.length} selected {contacts.length === 1 ? "contact" : "contacts"} can be granted access; the email address becomes the username.
        {skipped > 0 && ` ${skipped} other selected ${skipped === 1 ? "contact is" : "contacts are"} left out: they already have portal access or wait for sign-up approval.`}
      </Text>
      <Radio.Group label="Welcome email" value={welcome} onChange={setWelcome}>
        <Stack gap="xs" mt="xs">
          <Radio value="yes" label="Send a welcome email with a set-password link" />
          <Radio value="no" label="Do not send an email now" />
        </Stack>
      </Radio.Group>
      {(running || results.length > 0) && <Progress value={(done / Math.max(1, contacts.length)) * 100} aria-label="Progress" />}
      {results.length > 0 && (
        <>
          <Text fw={600} role="status">{granted} granted, {refused} refused</Text>
          <Table>
            <Table.Thead><Table.Tr><Table.Th>Contact</Table.Th><Table.Th>Result</Table.Th></Table.Tr></Table.Thead>
            <Table.Tbody>
              {results.map((r) => (
                <Table.Tr key={r.contactId}>
                  <Table.Td>{r.name ?? r.contactId}</Table.Td>
                  <Table.Td>
                    <Text c={r.ok ? "green" : "red"} size="sm">{r.message}</Text>
                    {r.fix && <FixGrant row={r} sendEmail={welcome === "yes"} onFixed={(c) => fixed(r, c)} />}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </>
      )}
      <Group justify="flex-end">
        {results.length > 0 && !running ? (
          <Button variant="default" onClick={onClose}>Close</Button>
        ) : (
          <Button onClick={run} loading={running} disabled={!contacts.length}>{contacts.length ? `Grant access to ${contacts.length}` : "Nothing to grant"}</Button>
        )}
      </Group>
    </Stack>
  );
}

/** A refused batch row fixed where it stands: add the missing email address, or grant with a username the server generates (ACC-2). */
function FixGrant({ row, sendEmail, onFixed }: { row: BatchGrantResponse["results"][number]; sendEmail: boolean; onFixed: (c: ContactDto) => void }) {
  const form = useForm({ initialValues: { email: "", username: "" } });
  const [suggested, setSuggested] = useState(false);
  const submit = form.onSubmit(async (v) => {
    try {
      if (row.fix === "add_email") await updateContact(row.contactId, { email: v.email });
      onFixed(await grantPortalAccess(row.contactId, { username: row.fix === "generate_username" ? v.username : undefined, sendActivationEmail: sendEmail }));
    } catch (err) {
      if (err instanceof HttpError && Object.keys(err.fieldErrors()).length) form.setErrors({ [row.fix === "add_email" ? "email" : "username"]: Object.values(err.fieldErrors())[0] });
      else showError(err);
    }
  });
  if (row.fix === "generate_username" && !suggested) {
    return (
      <Button size="xs" variant="light" mt={4} onClick={async () => {
        try {
          form.setFieldValue("username", (await get<UsernameSuggestion>(`/api/staff/contacts/${row.contactId}/portal-access/username-suggestion`)).username);
          setSuggested(true);
        } catch (err) {
          showError(err);
        }
      }}>Generate a username</Button>
    );
  }
  return (
    <form onSubmit={submit}>
      <Group align="end" gap="xs" mt={4}>
        {row.fix === "add_email"
          ? <TextInput size="xs" label={`Email address of ${row.name}`} type="email" required {...form.getInputProps("email")} />
          : <TextInput size="xs" label={`Username for ${row.name}`} required {...form.getInputProps("username")} />}
        <Button size="xs" type="submit" loading={form.submitting}>{row.fix === "add_email" ? "Save and grant" : "Grant with this username"}</Button>
      </Group>
    </form>
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
  // ROL-5: a new contact whose email another contact has is refused with that contact; offer to use it instead.
  const [existing, setExisting] = useState<{ id: string; name: string } | null>(null);
  const saved = async (c: ContactDto, message: string) => {
    qc.setQueryData(["contact", c.id], c);
    await refreshContactCounts(qc);
    notifyOk(message);
    onDone?.();
  };
  const accountNames = (ids: string[]) => (accounts.data?.items ?? []).filter((a) => ids.includes(a.id)).map((a) => a.name).join(", ");
  const joinExisting = async (target: { id: string; name: string }) => {
    try {
      const current = await get<ContactDto>(`/api/staff/contacts/${target.id}`);
      const accountIds = [...new Set([...current.accounts.map((a) => a.id), ...form.values.accountIds])];
      await saved(await updateContact(target.id, { accountIds }), `${accountNames(form.values.accountIds)} added to ${target.name}`);
      navigate(`/admin/contacts/${target.id}`);
    } catch (err) {
      showError(err);
    }
  };
  return (
    <form
      onSubmit={form.onSubmit(async (v) => {
        setExisting(null);
        try {
          const c = contact ? await updateContact(contact.id, v) : await createContact(v);
          await saved(c, contact ? "Contact saved" : "Contact created");
          if (!contact) navigate(`/admin/contacts/${c.id}`);
        } catch (err) {
          if (!contact && err instanceof HttpError && err.body.existing) setExisting(err.body.existing);
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
        {existing && (
          <Alert color="blue" title="This person is already a contact">
            <Stack gap="xs">
              <Text size="sm">One person is one contact, who may belong to several accounts. Add the chosen account to {existing.name} instead of creating a second contact.</Text>
              <Group>
                <Button size="xs" disabled={!form.values.accountIds.length} onClick={() => joinExisting(existing)}>
                  Add {accountNames(form.values.accountIds) || "the account"} to {existing.name} instead
                </Button>
                <Anchor component={Link} size="sm" to={`/admin/contacts/${existing.id}`} onClick={onDone}>Open {existing.name}</Anchor>
              </Group>
            </Stack>
          </Alert>
        )}
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
    refreshContactCounts(qc);
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
  const [signsInAs, setSignsInAs] = useState<{ id: string; name: string } | null>(null);
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
              setSignsInAs(null);
              try {
                onChange(await grantPortalAccess(c.id, { username: v.username || undefined, sendActivationEmail: v.sendActivationEmail }));
                notifyOk(v.sendActivationEmail ? "Access granted; activation email queued" : "Access granted");
              } catch (err) {
                if (err instanceof HttpError && err.body.existing) setSignsInAs(err.body.existing);
                else showError(err, grantForm);
              }
            })}>
              <Stack>
                {signsInAs && (
                  <Alert color="orange" title="This person already signs in to the portal" role="alert">
                    <Text size="sm">
                      {signsInAs.name} already signs in with {c.email}. Add this contact's accounts to <Anchor component={Link} to={`/admin/contacts/${signsInAs.id}`}>{signsInAs.name}</Anchor> instead of inviting a second login.
                    </Text>
                  </Alert>
                )}
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
              <ConfirmButton size="xs" variant="outline" color="red" label="Revoke access" title="Revoke portal access?" message="The username and password are removed and every live session ends at once. You can grant access again later." onConfirm={act("revoke", "Portal access revoked")} />
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
