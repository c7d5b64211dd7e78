import { Alert, Anchor, AppShell, Burger, Button, Card, Center, Drawer, Group, List, Menu, PasswordInput, Select, Stack, Text, TextInput, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useDisclosure } from "@mantine/hooks";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { type ReactNode, useEffect, useState } from "react";
import { Link, Navigate, Route, Routes, useLocation, useNavigate, useSearchParams } from "react-router-dom";
import type { PortalMe } from "../../shared/api";
import { safeReturnPath, signInPath } from "../../shared/return-path";
import type { PortalTicketList } from "../../shared/tickets-api";
import { get, HttpError, setAccountInView } from "../api/client";
import { confirmEmailChange, getLinkInfo, portalLogin, portalLogout, portalSignup, requestLink, setPasswordFromLink, switchAccount, useMe, usePortalInfo } from "../api/portal";
import { PasswordChecklist } from "../components/password-checklist";
import { LinkNotWorking, Loading, showError, TitleSuffix, usePageTitle } from "../components/ui";
import { ApprovalPage, ApprovalsInboxPage } from "./approvals-pages";
import { ContactsPage } from "./contacts-page";
import { PortalContractPage, PortalContractsPage, PrepaidHoursAtAGlance } from "./contracts-pages";
import { PortalProjectPage, PortalProjectsPage } from "./projects-pages";
import { PortalInvoicePage, PortalInvoicesPage } from "./invoices-pages";
import { MySettingsPage } from "./settings-page";
import { NewTicketPage, PortalTicketPage, PortalTicketsPage } from "./tickets-pages";


function AuthLayout({ children, subtitle, title }: { children: ReactNode; subtitle?: string; title?: string }) {
  const info = usePortalInfo();
  useEffect(() => {
    const name = title ?? subtitle;
    if (info.data) document.title = name ? `${name} · ${info.data.portalName}` : info.data.portalName;
  }, [info.data, title, subtitle]);
  if (info.isLoading) return <Loading />;
  if (info.data && !info.data.active) {
    return (
      <Center mih="100vh" bg="gray.0" p="md">
        <Card withBorder p="xl" w="100%" maw={440}>
          <Title order={2}>{info.data.portalName}</Title>
          <Alert color="gray" mt="md" title="This portal is closed">The portal is not available at the moment. Please contact your service provider.</Alert>
        </Card>
      </Center>
    );
  }
  return (
    <Center mih="100vh" bg="gray.0" p="md">
      <Card withBorder shadow="sm" p="xl" w="100%" maw={420}>
        <Title order={1} size="h2">{info.data?.portalName ?? "Client Portal"}</Title>
        {subtitle && <Text c="dimmed" mb="lg">{subtitle}</Text>}
        {children}
      </Card>
    </Center>
  );
}

function LoginPage() {
  const navigate = useNavigate();
  const qc = useQueryClient();
  const info = usePortalInfo();
  const [params] = useSearchParams();
  const [needsCode, setNeedsCode] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const form = useForm({ initialValues: { username: "", password: "", code: "" } });
  return (
    <AuthLayout title="Sign in" subtitle="Sign in to follow your tickets and work with us">
      <form onSubmit={form.onSubmit(async (v) => {
        setError(null);
        try {
          const me = await portalLogin({ username: v.username, password: v.password, ...(needsCode ? { code: v.code } : {}) });
          qc.setQueryData(["portal-me"], me);
          navigate(me.mustEnrolTwoFactor ? "/portal/settings?tab=two-factor" : (safeReturnPath(params.get("next"), "/portal/") ?? "/portal/"));
        } catch (err) {
          if (err instanceof HttpError && err.body.code === "TWO_FACTOR_REQUIRED") {
            if (needsCode) setError(err.body.message);
            setNeedsCode(true);
          } else if (err instanceof HttpError && err.status === 429) setError("Too many attempts. Please wait a few minutes and try again.");
          else if (err instanceof HttpError && err.status === 401) setError("Incorrect username or password.");
          else showError(err, form);
        }
      })}>
        <Stack>
          {error && <Alert color="red" role="alert">{error}</Alert>}
          <TextInput label="Username" autoComplete="username" required {...form.getInputProps("username")} />
          <PasswordInput label="Password" autoComplete="current-password" required {...form.getInputProps("password")} />
          {needsCode && <TextInput label="Authentication code" description="The 6-digit code from your app, or a recovery code" autoComplete="one-time-code" autoFocus required {...form.getInputProps("code")} />}
          <Button type="submit" loading={form.submitting}>Sign in</Button>
          <Group justify="space-between">
            <Anchor component={Link} to="/portal/forgot" size="sm">Forgot your password?</Anchor>
            {info.data?.signupEnabled && <Anchor component={Link} to="/portal/signup" size="sm">Create an account</Anchor>}
          </Group>
          <Anchor component={Link} to="/portal/resend-activation" size="sm">Didn't get your activation email?</Anchor>
        </Stack>
      </form>
    </AuthLayout>
  );
}

function EmailLinkPage({ mode }: { mode: "forgot" | "resend" }) {
  const [sent, setSent] = useState<string | null>(null);
  const form = useForm({ initialValues: { email: "" } });
  return (
    <AuthLayout subtitle={mode === "forgot" ? "Reset your password" : "Get a new activation email"}>
      {sent ? (
        <Stack>
          <Alert color="green">{sent}</Alert>
          <Anchor component={Link} to="/portal/login">Back to sign in</Anchor>
        </Stack>
      ) : (
        <form onSubmit={form.onSubmit(async (v) => {
          try {
            const r = await requestLink(mode === "forgot" ? "forgot" : "resend-activation", v);
            setSent(r.message);
          } catch (err) {
            showError(err, form);
          }
        })}>
          <Stack>
            <TextInput label="Email address" type="email" required {...form.getInputProps("email")} />
            <Button type="submit" loading={form.submitting}>Email me a link</Button>
            <Anchor component={Link} to="/portal/login" size="sm">Back to sign in</Anchor>
          </Stack>
        </form>
      )}
    </AuthLayout>
  );
}

function SetPasswordPage() {
  const [params] = useSearchParams();
  const token = params.get("token") ?? "";
  const info = usePortalInfo();
  const link = useQuery({ queryKey: ["token", token], queryFn: () => getLinkInfo({ token }), enabled: !!token, retry: false, staleTime: Infinity });
  const [done, setDone] = useState(false);
  const [used, setUsed] = useState(false);
  const form = useForm({
    initialValues: { password: "", confirm: "" },
    validate: { confirm: (v, all) => (v === all.password ? null : "The passwords do not match") },
  });
  // FIRST-10: a link that no longer works says so, with the way on, instead of a form that cannot succeed.
  if (!done && (!token || link.data?.valid === false || link.error || used)) {
    return (
      <AuthLayout title="Set your password" subtitle="Set your password">
        <LinkNotWorking signIn="/portal/login" newLink="/portal/forgot">
          <Text size="sm">Already set up? Sign in with your password. Otherwise ask for a new link: we email it to you.</Text>
        </LinkNotWorking>
      </AuthLayout>
    );
  }
  if (!link.data) return <Loading />;
  return (
    <AuthLayout subtitle={link.data.purpose === "activation" ? "Activate your account: choose a password" : "Choose a new password"}>
      {done ? (
        <Stack>
          <Alert color="green">Your password is set.</Alert>
          <Button component={Link} to="/portal/login">Sign in</Button>
        </Stack>
      ) : (
        <form onSubmit={form.onSubmit(async (v) => {
          try {
            await setPasswordFromLink({ token, password: v.password });
            setDone(true);
          } catch (err) {
            if (err instanceof HttpError && err.status === 410) setUsed(true);
            else showError(err, form);
          }
        })}>
          <Stack>
            <TextInput label="Username" value={link.data.username ?? ""} autoComplete="username" readOnly />
            <PasswordInput label="New password" autoComplete="new-password" required {...form.getInputProps("password")} />
            <PasswordChecklist password={form.values.password} policy={info.data?.passwordPolicy} personal={link.data.passwordMustNotContain} />
            <PasswordInput label="Confirm new password" autoComplete="new-password" required {...form.getInputProps("confirm")} />
            <Button type="submit" loading={form.submitting}>Set password</Button>
          </Stack>
        </form>
      )}
    </AuthLayout>
  );
}

/** SET-1: the link sent to a new address; the email changes only when the button is pressed. */
function ConfirmEmailPage() {
  const [params] = useSearchParams();
  const token = params.get("token") ?? "";
  const qc = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; message: string } | null>(null);
  const confirm = async () => {
    setBusy(true);
    try {
      const r = await confirmEmailChange({ token });
      setOutcome({ ok: true, message: r.message });
      // A signed-in tab shows the new address from now on.
      await qc.invalidateQueries({ queryKey: ["portal-me"] });
    } catch (err) {
      setOutcome({ ok: false, message: err instanceof HttpError ? err.body.message : "Something went wrong. Please try again." });
    } finally {
      setBusy(false);
    }
  };
  return (
    <AuthLayout title="Confirm your new email address" subtitle="Confirm your new email address">
      {!token ? (
        <Alert color="red" title="This link does not work" role="alert">The link is incomplete. Open it again from the email, or sign in and ask for the change again.</Alert>
      ) : outcome?.ok ? (
        <Stack>
          <Alert color="green" title="Email address changed" role="status">{outcome.message} Use it from now on to get emails from us and to reset your password.</Alert>
          <Button component={Link} to="/portal/">Go to the portal</Button>
        </Stack>
      ) : outcome ? (
        <Stack>
          <Alert color="red" title="Your email address was not changed" role="alert">{outcome.message}</Alert>
          <Anchor component={Link} to="/portal/settings">Go to My settings</Anchor>
        </Stack>
      ) : (
        <Stack>
          <Text>You asked to use this email address for your login. Press the button to make it your email address.</Text>
          <Button onClick={confirm} loading={busy}>Confirm new email address</Button>
        </Stack>
      )}
    </AuthLayout>
  );
}

function SignupPage() {
  const info = usePortalInfo();
  const [done, setDone] = useState<string | null>(null);
  const form = useForm({ initialValues: { firstName: "", lastName: "", email: "", company: "" } });
  if (info.data && !info.data.signupEnabled) return <Navigate to="/portal/login" replace />;
  return (
    <AuthLayout subtitle="Create an account">
      {done ? <Alert color="green">{done}</Alert> : (
        <form onSubmit={form.onSubmit(async (v) => {
          try {
            setDone((await portalSignup(v)).message);
          } catch (err) {
            showError(err, form);
          }
        })}>
          <Stack>
            <Group grow>
              <TextInput label="First name" required {...form.getInputProps("firstName")} />
              <TextInput label="Last name" required {...form.getInputProps("lastName")} />
            </Group>
            <TextInput label="Work email" type="email" required {...form.getInputProps("email")} />
            <TextInput label="Company" required {...form.getInputProps("company")} />
            <Button type="submit" loading={form.submitting}>Sign up</Button>
            <Anchor component={Link} to="/portal/login" size="sm">Back to sign in</Anchor>
          </Stack>
        </form>
      )}
    </AuthLayout>
  );
}

function Shell() {
  const me = useMe();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const location = useLocation();
  useEffect(() => {
    const onExpired = (e: Event) => {
      if (String((e as CustomEvent).detail).startsWith("/api/portal")) {
        qc.clear();
        navigate(signInPath("/portal/", window.location.pathname + window.location.search));
      }
    };
    const onAccountChanged = () => setStale(true);
    window.addEventListener("portico:unauthenticated", onExpired);
    window.addEventListener("portico:account-changed", onAccountChanged);
    return () => {
      window.removeEventListener("portico:unauthenticated", onExpired);
      window.removeEventListener("portico:account-changed", onAccountChanged);
    };
  }, [navigate, qc]);
  const [stale, setStale] = useState(false);
  const [navOpen, { toggle: toggleNav, close: closeNav }] = useDisclosure(false);
  // A link from an email names the account its page belongs to: a contact of several accounts lands in that one.
  const linkedAccount = new URLSearchParams(location.search).get("account");
  useEffect(() => {
    const m = me.data;
    if (!linkedAccount || !m) return;
    const params = new URLSearchParams(location.search);
    params.delete("account");
    const rest = params.toString();
    const strip = () => navigate(`${location.pathname}${rest ? `?${rest}` : ""}${location.hash}`, { replace: true });
    if (linkedAccount === m.currentAccount.id || !m.accounts.some((a) => a.id === linkedAccount)) return void strip();
    switchAccount({ accountId: linkedAccount })
      .then(async (next) => {
        qc.setQueryData(["portal-me"], next);
        await qc.invalidateQueries({ predicate: (q) => q.queryKey[0] !== "portal-me" });
      })
      .catch(() => {})
      .finally(strip);
  }, [linkedAccount, me.data, location.pathname, location.search, location.hash, navigate, qc]);
  // Every request from this tab names the account it shows; a switch in another tab makes them refused, not misread.
  setAccountInView(me.data?.currentAccount.id ?? null);
  if (me.isLoading) return <Loading />;
  if (me.error instanceof HttpError && me.error.body.code === "PORTAL_CLOSED") return <AuthLayout><span /></AuthLayout>;
  if (!me.data) return <Navigate to={signInPath("/portal/", location.pathname + location.search + location.hash)} replace />;
  if (linkedAccount) return <Loading />;
  if (me.data.mustEnrolTwoFactor && !location.pathname.startsWith("/portal/settings")) return <Navigate to="/portal/settings?tab=two-factor" replace />;
  const signOut = async (everywhere: boolean) => {
    await portalLogout(everywhere).catch(() => {});
    qc.clear();
    navigate("/portal/login");
  };
  const m = me.data;
  const pageLinks = [
    { to: "/portal/tickets", label: "Tickets", on: true },
    { to: "/portal/approvals", label: "Approvals", on: m.can.approvals },
    { to: "/portal/contracts", label: "Contracts", on: m.can.contracts },
    { to: "/portal/invoices", label: "Invoices", on: m.can.invoices },
    { to: "/portal/projects", label: "Projects", on: m.can.projects },
    { to: "/portal/contacts", label: "Contacts", on: m.can.manageContacts },
  ].filter((l) => l.on);
  return (
    <TitleSuffix.Provider value={m.portalName}>
    {/* On a phone the header takes two rows: the menu button and the portal's name, then the account and the user menu. */}
    <AppShell header={{ height: { base: 100, sm: 60 } }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" align="center" style={{ rowGap: 4 }} py={4}>
          {/* On a phone the page links fold into a menu button; from the sm breakpoint up they sit in the header. */}
          <Group wrap="nowrap" gap="sm">
            <Burger hiddenFrom="sm" size="sm" opened={navOpen} onClick={toggleNav} aria-label={navOpen ? "Close the menu" : "Open the menu"} aria-expanded={navOpen} aria-controls="portal-nav-drawer" />
            <Anchor component={Link} to="/portal/" fw={700} c="dark">{m.portalName}</Anchor>
            <Group wrap="nowrap" visibleFrom="sm" component="nav" aria-label="Portal pages">
              {pageLinks.map((l) => <Anchor key={l.to} component={Link} to={l.to}>{l.label}</Anchor>)}
            </Group>
          </Group>
          <Drawer id="portal-nav-drawer" opened={navOpen} onClose={closeNav} title={m.portalName} size="75%" hiddenFrom="sm" closeButtonProps={{ "aria-label": "Close the menu" }}>
            <Stack component="nav" aria-label="Portal pages" gap="md">
              {pageLinks.map((l) => <Anchor key={l.to} component={Link} to={l.to} size="lg" onClick={closeNav}>{l.label}</Anchor>)}
            </Stack>
          </Drawer>
          <Group>
            {m.accounts.length > 1 ? (
              <Select aria-label="Current view" size="sm" data={m.accounts.map((a) => ({ value: a.id, label: a.name }))} value={m.currentAccount.id} allowDeselect={false} onChange={async (accountId) => {
                if (!accountId) return;
                try {
                  qc.setQueryData(["portal-me"], await switchAccount({ accountId }));
                  await qc.invalidateQueries({ predicate: (q) => q.queryKey[0] !== "portal-me" });
                } catch (err) {
                  showError(err);
                }
              }} />
            ) : (
              <Text size="sm">{m.currentAccount.name}</Text>
            )}
            <Menu>
              <Menu.Target><Button variant="subtle">{m.contact.name}</Button></Menu.Target>
              <Menu.Dropdown>
                <Menu.Item component={Link} to="/portal/settings">My settings</Menu.Item>
                <Menu.Item onClick={() => signOut(false)}>Sign out</Menu.Item>
                <Menu.Item onClick={() => signOut(true)}>Sign out everywhere</Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Main>
        {stale && (
          <Alert color="yellow" title="You are now viewing another account" role="alert" mb="md">
            <Stack gap="xs" align="flex-start">
              <Text size="sm">You switched account in another tab or window, so this page shows an account that is no longer in view. Nothing was saved from this page since. Reload to continue with the account now in view; your unsent text is kept.</Text>
              <Button size="xs" onClick={() => window.location.reload()}>Reload this page</Button>
            </Stack>
          </Alert>
        )}
        <Routes>
          <Route index element={<HomePage me={m} />} />
          <Route path="settings" element={<MySettingsPage />} />
          <Route path="tickets" element={<PortalTicketsPage />} />
          <Route path="tickets/new" element={<NewTicketPage />} />
          <Route path="tickets/:id" element={<PortalTicketPage />} />
          <Route path="contacts" element={<ContactsPage />} />
          <Route path="projects" element={<PortalProjectsPage />} />
          <Route path="projects/:id" element={<PortalProjectPage />} />
          <Route path="approvals" element={<ApprovalsInboxPage />} />
          <Route path="approvals/:id" element={<ApprovalPage />} />
          <Route path="contracts" element={<PortalContractsPage />} />
          <Route path="contracts/:id" element={<PortalContractPage />} />
          <Route path="invoices" element={<PortalInvoicesPage />} />
          <Route path="invoices/:id" element={<PortalInvoicePage />} />
          <Route path="*" element={<NotFoundPage />} />
        </Routes>
      </AppShell.Main>
    </AppShell>
    </TitleSuffix.Provider>
  );
}

function NotFoundPage() {
  usePageTitle("Page not found");
  return <Text>Page not found. <Anchor component={Link} to="/portal/">Go to the home page</Anchor>.</Text>;
}

function HomePage({ me }: { me: PortalMe }) {
  usePageTitle("Home");
  // Links only to what the contact may do: the ticket list says whether they may raise tickets (a refusal hides the item).
  const tickets = useQuery({ queryKey: ["portal-tickets", me.currentAccount.id, "home"], queryFn: () => get<PortalTicketList>("/api/portal/tickets?pageSize=1"), retry: false });
  return (
    <Stack maw={760}>
      <Title order={2}>Welcome, {me.contact.firstName}</Title>
      <Text>You are viewing <b>{me.currentAccount.name}</b>.{me.accounts.length > 1 && " Use the switcher at the top to view your other accounts."}</Text>
      {me.can.contracts && <PrepaidHoursAtAGlance accountId={me.currentAccount.id} />}
      <Card withBorder>
        <Title order={4} mb="sm">What you can do here</Title>
        <List>
          {tickets.data && (
            <List.Item>
              <Anchor component={Link} to="/portal/tickets">Follow your tickets</Anchor>
              {tickets.data.can.create && <> and <Anchor component={Link} to="/portal/tickets/new">raise a new one</Anchor></>}
            </List.Item>
          )}
          {me.can.approvals && <List.Item><Anchor component={Link} to="/portal/approvals">Approve or query the work we ask you to approve</Anchor></List.Item>}
          {me.can.contracts && <List.Item><Anchor component={Link} to="/portal/contracts">Read your contracts and follow your prepaid hours</Anchor></List.Item>}
          {me.can.invoices && <List.Item><Anchor component={Link} to="/portal/invoices">Read, print and download your invoices</Anchor></List.Item>}
          {me.can.projects && <List.Item><Anchor component={Link} to="/portal/projects">See how your projects are going and what is due next</Anchor></List.Item>}
          <List.Item><Anchor component={Link} to="/portal/settings">Update your details, password and two-factor sign-in</Anchor></List.Item>
        </List>
      </Card>
    </Stack>
  );
}

export function PortalApp() {
  return (
    <Routes>
      <Route path="login" element={<LoginPage />} />
      <Route path="forgot" element={<EmailLinkPage mode="forgot" />} />
      <Route path="resend-activation" element={<EmailLinkPage mode="resend" />} />
      <Route path="set-password" element={<SetPasswordPage />} />
      <Route path="confirm-email" element={<ConfirmEmailPage />} />
      <Route path="signup" element={<SignupPage />} />
      <Route path="*" element={<Shell />} />
    </Routes>
  );
}

