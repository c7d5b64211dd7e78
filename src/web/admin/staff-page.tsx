import { Badge, Button, Card, Group, Modal, MultiSelect, PasswordInput, Select, Stack, Switch, Table, Text, TextInput, type TextInputProps, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { type QueryClient, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { type StaffPermission, staffPermissionLabels, staffPermissions, type StaffRole, type StaffUser, type StaffUserList, type UpdateStaffUserBody } from "../../shared/api";
import { type PasswordPolicy, staffPersonalWords } from "../../shared/passwords";
import { get } from "../api/client";
import { createStaffRole, createStaffUser, updateStaffRole, updateStaffUser } from "../api/staff";
import { PasswordChecklist } from "../components/password-checklist";
import { formatDate, notifyOk, PageHeader, showError } from "../components/ui";

/** After a staff user changes: the users, each role's user count, and the people forms pick from. */
const refreshStaff = (qc: QueryClient) => Promise.all(["staff-users", "staff-roles", "staff-options"].map((key) => qc.invalidateQueries({ queryKey: [key] })));

export function StaffPage() {
  const qc = useQueryClient();
  const users = useQuery({ queryKey: ["staff-users"], queryFn: () => get<StaffUserList>("/api/staff/users") });
  const roles = useQuery({ queryKey: ["staff-roles"], queryFn: () => get<{ items: StaffRole[] }>("/api/staff/roles") });
  const [newUser, setNewUser] = useState(false);
  const [role, setRole] = useState<StaffRole | "new" | null>(null);
  const [editing, setEditing] = useState<StaffUser | null>(null);
  const roleOptions = (roles.data?.items ?? []).map((r) => ({ value: r.id, label: r.name }));
  const update = async (u: StaffUser, body: UpdateStaffUserBody) => {
    try {
      await updateStaffUser(u.id, body);
      await refreshStaff(qc);
    } catch (err) {
      showError(err);
    }
  };
  return (
    <Stack>
      <PageHeader title="Staff">
        <Button onClick={() => setNewUser(true)}>New staff user</Button>
      </PageHeader>
      <Card withBorder>
        <Title order={4} mb="sm">Staff users</Title>
        <Table>
          <Table.Thead><Table.Tr><Table.Th>Name</Table.Th><Table.Th>Email</Table.Th><Table.Th>Role</Table.Th><Table.Th>Hourly rate</Table.Th><Table.Th>Last sign-in</Table.Th><Table.Th>Enabled</Table.Th><Table.Th /></Table.Tr></Table.Thead>
          <Table.Tbody>
            {(users.data?.items ?? []).map((u) => (
              <Table.Tr key={u.id}>
                <Table.Td>{u.name}</Table.Td>
                <Table.Td>{u.email}</Table.Td>
                <Table.Td>
                  {u.can.changeRole
                    ? <Select aria-label={`Role of ${u.name}`} size="xs" data={roleOptions} value={u.role.id} onChange={(v) => v && update(u, { roleId: v })} allowDeselect={false} />
                    : <Text size="sm" title="You cannot change your own role">{u.role.name}</Text>}
                </Table.Td>
                <Table.Td>{u.hourlyRate ?? <Text span size="sm" c="dimmed">None</Text>}</Table.Td>
                <Table.Td>{formatDate(u.lastLoginAt)}</Table.Td>
                <Table.Td>
                  {u.can.disable
                    ? <Switch aria-label={`Enabled: ${u.name}`} checked={!u.disabled} onChange={(e) => update(u, { disabled: !e.currentTarget.checked })} />
                    : <Text size="sm" c="dimmed">You (cannot disable yourself)</Text>}
                </Table.Td>
                <Table.Td><Button size="xs" variant="light" onClick={() => setEditing(u)} aria-label={`Edit ${u.name}`}>Edit</Button></Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Card>
      <Card withBorder>
        <Group justify="space-between" mb="sm">
          <Title order={4}>Staff roles</Title>
          <Button size="xs" onClick={() => setRole("new")}>New role</Button>
        </Group>
        <Table>
          <Table.Thead><Table.Tr><Table.Th>Role</Table.Th><Table.Th>Permissions</Table.Th><Table.Th>Users</Table.Th><Table.Th /></Table.Tr></Table.Thead>
          <Table.Tbody>
            {(roles.data?.items ?? []).map((r) => (
              <Table.Tr key={r.id}>
                <Table.Td>{r.name} {r.builtIn && <Badge size="xs" variant="light">Built in</Badge>}</Table.Td>
                <Table.Td>{r.permissions.map((p) => staffPermissionLabels[p as keyof typeof staffPermissionLabels] ?? p).join(", ")}</Table.Td>
                <Table.Td>{r.userCount}</Table.Td>
                <Table.Td>{r.name !== "Administrator" && <Button size="xs" variant="light" onClick={() => setRole(r)}>Edit</Button>}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Card>
      <Modal opened={newUser} onClose={() => setNewUser(false)} title="New staff user">
        <NewStaffUser roles={roleOptions} passwordPolicy={users.data?.passwordPolicy} onDone={() => setNewUser(false)} />
      </Modal>
      <Modal opened={editing !== null} onClose={() => setEditing(null)} title="Edit staff user">
        {editing && <EditStaffUser user={editing} onDone={() => setEditing(null)} />}
      </Modal>
      <Modal opened={role !== null} onClose={() => setRole(null)} title="Staff role">
        {role && <RoleForm role={role === "new" ? undefined : role} onDone={() => setRole(null)} />}
      </Modal>
    </Stack>
  );
}

function NewStaffUser({ roles, passwordPolicy, onDone }: { roles: { value: string; label: string }[]; passwordPolicy: PasswordPolicy | undefined; onDone: () => void }) {
  const qc = useQueryClient();
  const form = useForm({ initialValues: { name: "", email: "", roleId: "", password: "", hourlyRate: "" } });
  return (
    <form onSubmit={form.onSubmit(savingStaff(qc, form, "Staff user created", onDone, (v) => createStaffUser({ ...v, hourlyRate: v.hourlyRate.trim() || null })))}>
      <Stack>
        <TextInput label="Name" required {...form.getInputProps("name")} />
        <TextInput label="Email" type="email" required {...form.getInputProps("email")} />
        <Select label="Role" required data={roles} {...form.getInputProps("roleId")} />
        <PasswordInput label="Initial password" description="Share it with them securely; they can choose their own with Forgot your password? on the sign-in page" autoComplete="new-password" required {...form.getInputProps("password")} />
        <PasswordChecklist password={form.values.password} policy={passwordPolicy} personal={staffPersonalWords(form.values)} />
        <HourlyRateInput {...form.getInputProps("hourlyRate")} />
        <Group justify="flex-end"><Button type="submit">Create staff user</Button></Group>
      </Stack>
    </form>
  );
}

/** A staff form's save: the request, then the list refreshed and a notice, or the refusal shown on the form. */
function savingStaff<V>(qc: QueryClient, form: Parameters<typeof showError>[1], message: string, onDone: () => void, save: (v: V) => Promise<unknown>) {
  return async (v: V) => {
    try {
      await save(v);
      await refreshStaff(qc);
      notifyOk(message);
      onDone();
    } catch (err) {
      showError(err, form);
    }
  };
}

/** APR-3: what this person's time is billed at on jobs that have no billing rate of their own. */
function HourlyRateInput(props: TextInputProps) {
  return <TextInput label="Hourly rate" description="Optional: an amount such as 95 or 95.50, billed on jobs without their own rate" inputMode="decimal" {...props} />;
}

function EditStaffUser({ user, onDone }: { user: StaffUser; onDone: () => void }) {
  const qc = useQueryClient();
  const form = useForm({ initialValues: { name: user.name, hourlyRate: user.hourlyRate ?? "" } });
  return (
    <form onSubmit={form.onSubmit(savingStaff(qc, form, "Staff user saved", onDone, (v) => updateStaffUser(user.id, { name: v.name, hourlyRate: v.hourlyRate.trim() || null })))}>
      <Stack>
        <TextInput label="Name" required {...form.getInputProps("name")} />
        <HourlyRateInput {...form.getInputProps("hourlyRate")} />
        <Group justify="flex-end"><Button type="submit" loading={form.submitting}>Save staff user</Button></Group>
      </Stack>
    </form>
  );
}

function RoleForm({ role, onDone }: { role?: StaffRole; onDone: () => void }) {
  const qc = useQueryClient();
  // The role's permissions come from the server's list, which the picker offers.
  const form = useForm({ initialValues: { name: role?.name ?? "", permissions: (role?.permissions ?? []) as StaffPermission[] } });
  return (
    <form onSubmit={form.onSubmit(async (v) => {
      try {
        if (role) await updateStaffRole(role.id, v);
        else await createStaffRole(v);
        await qc.invalidateQueries({ queryKey: ["staff-roles"] });
        onDone();
      } catch (err) {
        showError(err, form);
      }
    })}>
      <Stack>
        <TextInput label="Name" required {...form.getInputProps("name")} />
        <MultiSelect label="Permissions" data={staffPermissions.map((p) => ({ value: p, label: staffPermissionLabels[p] }))} {...form.getInputProps("permissions")} />
        <Group justify="flex-end"><Button type="submit">Save role</Button></Group>
      </Stack>
    </form>
  );
}
