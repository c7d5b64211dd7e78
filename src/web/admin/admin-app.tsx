import { Alert, Anchor, AppShell, Burger, Button, Card, Center, Code, Group, NavLink, PasswordInput, Stack, Text, TextInput, Title } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { useForm } from "@mantine/form";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { Link, Navigate, Route, Routes, useLocation, useNavigate, useSearchParams } from "react-router-dom";
import type { StaffMe } from "../../shared/api";
import { staffPersonalWords } from "../../shared/passwords";
import { safeReturnPath, signInPath } from "../../shared/return-path";
import { HttpError } from "../api/client";
import { createFirstAdministrator, getStaffLinkInfo, requestStaffReset, resetStaffPassword, staffLogin, staffLogout, useSetupStatus, useStaffMe } from "../api/staff";
import { PasswordChecklist } from "../components/password-checklist";
import { LinkNotWorking, Loading, showError, TitleSuffix, usePageTitle } from "../components/ui";
import { AccountDetailPage, AccountsPage } from "./accounts-pages";
import { ApprovalJobPage } from "./approvals-job-page";
import { ApprovalsPage } from "./approvals-page";
import { ContactDetailPage, ContactsPage } from "./contacts-pages";
import { ContractPage, ContractsPage } from "./contracts-pages";
import { ProjectPage } from "./project-page";
import { ProjectsPage } from "./projects-pages";
import { EmailLogPage } from "./email-log-page";
import { GettingStarted } from "./getting-started";
import { ApprovedWorkPage, EditInvoicePage, InvoicePage, InvoicesPage, NewInvoicePage } from "./invoices-pages";
import { SettingsPage } from "./settings-page";
import { StaffPage } from "./staff-page";
import { TicketDetailPage, TicketsPage } from "./tickets-pages";


function AuthCard({ title, children }: { title: string; children: React.ReactNode }) {
  usePageTitle(title);
  return (
    <Center mih="100vh" bg="gray.0" p="md">
      <Card withBorder shadow="sm" p="xl" w="100%" maw={420}>
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
  const location = useLocation();
  const notice = (location.state as { notice?: string } | null)?.notice;
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
          {notice && <Alert color="green" role="status">{notice}</Alert>}
          <TextInput label="Email" type="email" autoComplete="username" required {...form.getInputProps("email")} />
          <PasswordInput label="Password" autoComplete="current-password" required {...form.getInputProps("password")} />
          <Button type="submit" loading={form.submitting}>
            Sign in
          </Button>
          <Anchor component={Link} to="/admin/forgot-password" size="sm">
            Forgot your password?
          </Anchor>
        </Stack>
      </form>
    </AuthCard>
  );
}

/** FIRST-8: a staff member asks for a reset link; the answer is the same whatever the address. */
function ForgotPasswordPage() {
  const [sent, setSent] = useState<string | null>(null);
  const form = useForm({ initialValues: { email: "" } });
  return (
    <AuthCard title="Reset your password">
      {sent ? (
        <Stack>
          <Alert color="green" role="status">{sent}</Alert>
          <Anchor component={Link} to="/admin/login">Back to sign in</Anchor>
        </Stack>
      ) : (
        <form
          onSubmit={form.onSubmit(async (v) => {
            try {
              setSent((await requestStaffReset(v)).message);
            } catch (err) {
              showError(err, form);
            }
          })}
        >
          <Stack>
            <Text size="sm">Enter the email address you sign in with. We will email you a link to choose a new password.</Text>
            <TextInput label="Email" type="email" autoComplete="username" required {...form.getInputProps("email")} />
            <Button type="submit" loading={form.submitting}>Email me a link</Button>
            <Anchor component={Link} to="/admin/login" size="sm">Back to sign in</Anchor>
          </Stack>
        </form>
      )}
      <Text size="xs" c="dimmed" mt="lg">
        No email arriving? Whoever runs Portico can print a reset link on its server with <Code>npm run staff -- reset you@example.com</Code>.
      </Text>
    </AuthCard>
  );
}

/** Asks whether the link in the address still works before the page shows its form (FIRST-10). */
function useStaffLink() {
  const [params] = useSearchParams();
  const token = params.get("token") ?? "";
  const link = useQuery({ queryKey: ["staff-link", token], queryFn: () => getStaffLinkInfo({ token }), enabled: !!token, retry: false, staleTime: Infinity });
  return { token, link, works: !!token && link.data?.valid === true, broken: !token || link.data?.valid === false || !!link.error };
}

/** FIRST-8: the emailed (or printed) reset link: choose a new password, then sign in with it. */
function ResetPasswordPage() {
  const { token, link, works, broken } = useStaffLink();
  const navigate = useNavigate();
  const [used, setUsed] = useState(false);
  const form = useForm({
    initialValues: { password: "", confirm: "" },
    validate: { confirm: (v, all) => (v === all.password ? null : "The passwords do not match") },
  });
  if (broken || used) {
    return (
      <AuthCard title="Reset your password">
        <LinkNotWorking signIn="/admin/login" newLink="/admin/forgot-password">
          <Text size="sm">If you already chose a new password with it, sign in with that password. Otherwise ask for a new link.</Text>
        </LinkNotWorking>
      </AuthCard>
    );
  }
  if (!works || !link.data) return <Loading />;
  const info = link.data;
  return (
    <AuthCard title="Choose a new password">
      <form
        onSubmit={form.onSubmit(async (v) => {
          try {
            const r = await resetStaffPassword({ token, password: v.password });
            navigate("/admin/login", { state: { notice: r.message } });
          } catch (err) {
            if (err instanceof HttpError && err.status === 410) setUsed(true);
            else showError(err, form);
          }
        })}
      >
        <Stack>
          <TextInput label="Email" value={info.email ?? ""} autoComplete="username" readOnly />
          <PasswordInput label="New password" autoComplete="new-password" required {...form.getInputProps("password")} />
          <PasswordChecklist password={form.values.password} policy={info.passwordPolicy} personal={info.passwordMustNotContain} />
          <PasswordInput label="Confirm new password" autoComplete="new-password" required {...form.getInputProps("confirm")} />
          <Text size="xs" c="dimmed">Setting a new password signs you out on every other device.</Text>
          <Button type="submit" loading={form.submitting}>Set new password</Button>
        </Stack>
      </form>
    </AuthCard>
  );
}

function SetupPage() {
  const { token, link, works, broken } = useStaffLink();
  const setup = useSetupStatus();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const form = useForm({
    initialValues: { name: "", email: "", password: "", confirm: "" },
    validate: { confirm: (v, all) => (v === all.password ? null : "Passwords do not match") },
  });
  if (broken) {
    if (!setup.data) return <Loading />;
    return (
      <AuthCard title="Create the first administrator">
        <LinkNotWorking signIn={setup.data.needed ? undefined : "/admin/login"}>
          {setup.data.needed ? (
            <Text size="sm">
              Portico prints a new one-time link each time it starts while it has no administrator: restart it (<Code>npm start</Code>) and open the link it prints.
            </Text>
          ) : (
            <Text size="sm">Portico is already set up — sign in.</Text>
          )}
        </LinkNotWorking>
      </AuthCard>
    );
  }
  if (!works || !link.data) return <Loading />;
  const info = link.data;
  return (
    <AuthCard title="Create the first administrator">
      <form
        onSubmit={form.onSubmit(async ({ confirm: _, ...v }) => {
          try {
            const me = await createFirstAdministrator({ ...v, token });
            qc.setQueryData(["staff-me"], me);
            navigate("/admin/");
          } catch (err) {
            // Used meanwhile, or someone else set Portico up first: the page says so instead of the form.
            if (err instanceof HttpError && (err.status === 410 || err.body.code === "CONFLICT")) await Promise.all([link.refetch(), setup.refetch()]);
            else showError(err, form);
          }
        })}
      >
        <Stack>
          <TextInput label="Your name" required {...form.getInputProps("name")} />
          <TextInput label="Email" type="email" autoComplete="username" required {...form.getInputProps("email")} />
          <PasswordInput label="Password" autoComplete="new-password" required {...form.getInputProps("password")} />
          <PasswordChecklist password={form.values.password} policy={info.passwordPolicy} personal={staffPersonalWords(form.values)} />
          <PasswordInput label="Confirm password" autoComplete="new-password" required {...form.getInputProps("confirm")} />
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
  { to: "/admin/contracts", label: "Contracts", can: null },
  { to: "/admin/projects", label: "Projects", can: null },
  { to: "/admin/approvals", label: "Approvals", can: "approveWork" },
  { to: "/admin/invoices", label: "Invoices", can: null },
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
          <Route path="contracts" element={<ContractsPage />} />
          <Route path="contracts/:id" element={<ContractPage />} />
          <Route path="projects" element={<ProjectsPage />} />
          <Route path="projects/:id" element={<ProjectPage />} />
          <Route path="approvals" element={<ApprovalsPage />} />
          <Route path="approvals/jobs/:id" element={<ApprovalJobPage />} />
          <Route path="invoices" element={<InvoicesPage />} />
          <Route path="invoices/new" element={<NewInvoicePage />} />
          <Route path="invoices/approved-work" element={<ApprovedWorkPage />} />
          <Route path="invoices/:id" element={<InvoicePage />} />
          <Route path="invoices/:id/edit" element={<EditInvoicePage />} />
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
      <Route path="forgot-password" element={<ForgotPasswordPage />} />
      <Route path="reset-password" element={<ResetPasswordPage />} />
      <Route path="setup" element={<SetupPage />} />
      <Route path="*" element={<Shell />} />
    </Routes>
    </TitleSuffix.Provider>
  );
}
