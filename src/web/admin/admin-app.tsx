import { AppShell, Burger, Button, Card, Center, Group, NavLink, PasswordInput, Stack, Text, TextInput, Title } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { useForm } from "@mantine/form";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { Link, Navigate, Route, Routes, useLocation, useNavigate, useSearchParams } from "react-router-dom";
import type { StaffMe } from "../../shared/api";
import { safeReturnPath, signInPath } from "../../shared/return-path";
import { HttpError } from "../api/client";
import { createFirstAdministrator, staffLogin, staffLogout, useStaffMe } from "../api/staff";
import { Loading, showError, TitleSuffix, usePageTitle } from "../components/ui";
import { AccountDetailPage, AccountsPage } from "./accounts-pages";
import { ContactDetailPage, ContactsPage } from "./contacts-pages";
import { EmailLogPage } from "./email-log-page";
import { GettingStarted } from "./getting-started";
import { SettingsPage } from "./settings-page";
import { StaffPage } from "./staff-page";
import { TicketDetailPage, TicketsPage } from "./tickets-pages";


function AuthCard({ title, children }: { title: string; children: React.ReactNode }) {
  usePageTitle(title);
  return (
    <Center mih="100vh" bg="gray.0">
      <Card withBorder shadow="sm" p="xl" w={400}>
        <Title order={2} mb="xs">
          {title}
        </Title>
        <Text c="dimmed" mb="lg">
          Portico staff console
        </Text>
        {children}
      </Card>
    </Center>
  );
}

function LoginPage() {
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [params] = useSearchParams();
  const form = useForm({ initialValues: { email: "", password: "" } });
  return (
    <AuthCard title="Staff sign in">
      <form
        onSubmit={form.onSubmit(async (v) => {
          try {
            const me = await staffLogin(v);
            qc.setQueryData(["staff-me"], me);
            navigate(safeReturnPath(params.get("next"), "/admin/") ?? "/admin/");
          } catch (err) {
            if (err instanceof HttpError && err.status === 401) form.setErrors({ password: "Incorrect email or password" });
            else showError(err, form);
          }
        })}
      >
        <Stack>
          <TextInput label="Email" type="email" autoComplete="username" required {...form.getInputProps("email")} />
          <PasswordInput label="Password" autoComplete="current-password" required {...form.getInputProps("password")} />
          <Button type="submit" loading={form.submitting}>
            Sign in
          </Button>
        </Stack>
      </form>
    </AuthCard>
  );
}

function SetupPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const form = useForm({
    initialValues: { name: "", email: "", password: "", confirm: "" },
    validate: { confirm: (v, all) => (v === all.password ? null : "Passwords do not match") },
  });
  return (
    <AuthCard title="Create the first administrator">
      <form
        onSubmit={form.onSubmit(async ({ confirm: _, ...v }) => {
          try {
            const me = await createFirstAdministrator({ ...v, token: params.get("token") ?? "" });
            qc.setQueryData(["staff-me"], me);
            navigate("/admin/");
          } catch (err) {
            showError(err, form);
          }
        })}
      >
        <Stack>
          <TextInput label="Your name" required {...form.getInputProps("name")} />
          <TextInput label="Email" type="email" required {...form.getInputProps("email")} />
          <PasswordInput label="Password" description="At least 12 characters" required {...form.getInputProps("password")} />
          <PasswordInput label="Confirm password" required {...form.getInputProps("confirm")} />
          <Button type="submit" loading={form.submitting}>
            Create administrator
          </Button>
        </Stack>
      </form>
    </AuthCard>
  );
}

const nav: { to: string; label: string; can: keyof StaffMe["can"] | null }[] = [
  { to: "/admin/tickets", label: "Tickets", can: null },
  { to: "/admin/accounts", label: "Accounts", can: null },
  { to: "/admin/contacts", label: "Contacts", can: null },
  { to: "/admin/settings", label: "Portal settings", can: null },
  { to: "/admin/emails", label: "Email log", can: "readEmailLog" },
  { to: "/admin/staff", label: "Staff", can: "manageStaff" },
];

function Shell() {
  const me = useStaffMe();
  const [opened, { toggle }] = useDisclosure();
  const location = useLocation();
  const navigate = useNavigate();
  const qc = useQueryClient();
  useEffect(() => {
    const onExpired = (e: Event) => {
      if (String((e as CustomEvent).detail).startsWith("/api/staff")) navigate(signInPath("/admin/", window.location.pathname + window.location.search));
    };
    window.addEventListener("portico:unauthenticated", onExpired);
    return () => window.removeEventListener("portico:unauthenticated", onExpired);
  }, [navigate]);
  if (me.isLoading) return <Loading />;
  if (me.error) return <Navigate to={signInPath("/admin/", location.pathname + location.search + location.hash)} replace />;
  return (
    <TitleSuffix.Provider value={`${me.data?.tenant.name ?? "Portico"} staff console`}>
    <AppShell header={{ height: 56 }} navbar={{ width: 220, breakpoint: "sm", collapsed: { mobile: !opened } }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Group>
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Menu" />
            <Text fw={700}>{me.data?.tenant.name} · Staff console</Text>
          </Group>
          <Group>
            <Text size="sm">{me.data?.name}</Text>
            <Button
              variant="subtle"
              onClick={async () => {
                await staffLogout().catch(() => {});
                qc.clear();
                navigate("/admin/login");
              }}
            >
              Sign out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs">
        {nav
          .filter((n) => !n.can || me.data?.can[n.can])
          .map((n) => (
            <NavLink key={n.to} component={Link} to={n.to} label={n.label} active={location.pathname.startsWith(n.to)} />
          ))}
      </AppShell.Navbar>
      <AppShell.Main>
        {me.data && <GettingStarted tenantId={me.data.tenant.id} isAdmin={me.data.can.manageStaff && me.data.can.manageSettings} />}
        <Routes>
          <Route index element={<Navigate to="/admin/tickets" replace />} />
          <Route path="tickets" element={<TicketsPage />} />
          <Route path="tickets/:id" element={<TicketDetailPage />} />
          <Route path="accounts" element={<AccountsPage />} />
          <Route path="accounts/:id" element={<AccountDetailPage />} />
          <Route path="contacts" element={<ContactsPage />} />
          <Route path="contacts/:id" element={<ContactDetailPage />} />
          <Route path="settings" element={<SettingsPage />} />
          <Route path="emails" element={<EmailLogPage />} />
          <Route path="staff" element={<StaffPage />} />
          <Route path="*" element={<NotFoundPage />} />
        </Routes>
      </AppShell.Main>
    </AppShell>
    </TitleSuffix.Provider>
  );
}

function NotFoundPage() {
  usePageTitle("Page not found");
  return <Text>Page not found. <Link to="/admin/">Go to the start page</Link>.</Text>;
}

export function AdminApp() {
  return (
    <TitleSuffix.Provider value="Portico staff console">
    <Routes>
      <Route path="login" element={<LoginPage />} />
      <Route path="setup" element={<SetupPage />} />
      <Route path="*" element={<Shell />} />
    </Routes>
    </TitleSuffix.Provider>
  );
}
