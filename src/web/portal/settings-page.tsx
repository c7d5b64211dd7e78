import { Alert, Button, Card, Code, CopyButton, Group, Image, PasswordInput, Select, SimpleGrid, Stack, Tabs, Text, TextInput, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useSearchParams } from "react-router-dom";
import type { PortalMe } from "../../shared/api";
import { notifyOk, showError, timeZones, usePageTitle } from "../components/ui";
import { contactPersonalWords } from "../../shared/passwords";
import { PasswordChecklist } from "../components/password-checklist";
import { changePassword, disableTwoFactor, enableTwoFactor, requestEmailChange, startTwoFactorSetup, updateProfile, useMe, usePortalInfo } from "../api/portal";

export function MySettingsPage() {
  usePageTitle("My settings");
  const me = useMe();
  const [params, setParams] = useSearchParams();
  if (!me.data) return null;
  return (
    <Stack maw={640}>
      <Title order={2}>My settings</Title>
      {me.data.mustEnrolTwoFactor && <Alert color="orange" title="Two-factor sign-in required">Your organisation requires two-factor authentication. Set it up below to continue.</Alert>}
      <Tabs value={params.get("tab") ?? "profile"} onChange={(v) => setParams(v ? { tab: v } : {})}>
        <Tabs.List mb="md">
          <Tabs.Tab value="profile" disabled={me.data.mustEnrolTwoFactor}>Profile</Tabs.Tab>
          <Tabs.Tab value="password" disabled={me.data.mustEnrolTwoFactor}>Password</Tabs.Tab>
          <Tabs.Tab value="two-factor">Two-factor</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="profile"><Profile me={me.data} /></Tabs.Panel>
        <Tabs.Panel value="password"><Password me={me.data} /></Tabs.Panel>
        <Tabs.Panel value="two-factor"><TwoFactor me={me.data} /></Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

function Profile({ me }: { me: PortalMe }) {
  return (
    <Stack gap="xl">
      <Details me={me} />
      <ChangeEmail me={me} />
    </Stack>
  );
}

function Details({ me }: { me: PortalMe }) {
  const qc = useQueryClient();
  const form = useForm({ initialValues: { firstName: me.contact.firstName, lastName: me.contact.lastName, timeZone: me.contact.timeZone ?? "" } });
  return (
    <form onSubmit={form.onSubmit(async (v) => {
      try {
        qc.setQueryData(["portal-me"], await updateProfile(v));
        notifyOk("Your details are saved");
      } catch (err) {
        showError(err, form);
      }
    })}>
      <Stack>
        <TextInput label="Username" value={me.contact.username} readOnly description="Ask support to change your username" />
        <SimpleGrid cols={{ base: 1, xs: 2 }}>
          <TextInput label="First name" required {...form.getInputProps("firstName")} />
          <TextInput label="Last name" required {...form.getInputProps("lastName")} />
        </SimpleGrid>
        <Select label="Time zone" searchable clearable description={`Times are shown in ${me.effectiveTimeZone}`} data={timeZones} {...form.getInputProps("timeZone")} />
        <Group><Button type="submit" loading={form.submitting}>Save</Button></Group>
      </Stack>
    </form>
  );
}

const looksLikeEmail = (v: string) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v.trim());

/** SET-1: the new address gets a link; the email changes only when it is opened. */
function ChangeEmail({ me }: { me: PortalMe }) {
  const [sentTo, setSentTo] = useState<string | null>(null);
  const current = me.contact.email ?? "";
  const form = useForm({
    initialValues: { newEmail: "", currentPassword: "" },
    validate: {
      newEmail: (v) =>
        !v.trim() ? "Enter the new email address"
        : !looksLikeEmail(v) ? "Enter a valid email address, like name@example.com"
        : v.trim().toLowerCase() === current.toLowerCase() ? "This is already your email address"
        : null,
      currentPassword: (v) => (v ? null : "Enter your current password"),
    },
  });
  return (
    <Stack component="section" aria-labelledby="change-email-title">
      <Title order={3} size="h4" id="change-email-title">Email address</Title>
      <TextInput label="Current email address" value={current} readOnly />
      {sentTo && (
        <Alert color="green" title="Check your new inbox" role="status">
          We have sent an email to <b>{sentTo}</b>. Open the link in it within 24 hours to confirm the change. Until then your email address stays {current}.
        </Alert>
      )}
      <form noValidate onSubmit={form.onSubmit(async (v) => {
        try {
          await requestEmailChange({ newEmail: v.newEmail.trim(), currentPassword: v.currentPassword });
          setSentTo(v.newEmail.trim());
          form.reset();
        } catch (err) {
          setSentTo(null);
          showError(err, form);
        }
      })}>
        <Stack>
          <TextInput label="New email address" type="email" autoComplete="email" required description="We send a confirmation link to this address" {...form.getInputProps("newEmail")} />
          <PasswordInput label="Current password" autoComplete="current-password" required description="Needed to change your email address" {...form.getInputProps("currentPassword")} />
          <Group><Button type="submit" loading={form.submitting}>Change email</Button></Group>
        </Stack>
      </form>
    </Stack>
  );
}

function Password({ me }: { me: PortalMe }) {
  const info = usePortalInfo();
  const form = useForm({
    initialValues: { currentPassword: "", newPassword: "", confirm: "" },
    validate: { confirm: (v, all) => (v === all.newPassword ? null : "The passwords do not match") },
  });
  return (
    <form onSubmit={form.onSubmit(async ({ confirm: _, ...v }) => {
      try {
        await changePassword(v);
        form.reset();
        notifyOk("Password changed. Your other sessions were signed out.");
      } catch (err) {
        showError(err, form);
      }
    })}>
      <Stack>
        <PasswordInput label="Current password" autoComplete="current-password" required {...form.getInputProps("currentPassword")} />
        <PasswordInput label="New password" autoComplete="new-password" required {...form.getInputProps("newPassword")} />
        <PasswordChecklist password={form.values.newPassword} policy={info.data?.passwordPolicy} personal={contactPersonalWords(me.contact)} />
        <PasswordInput label="Confirm new password" autoComplete="new-password" required {...form.getInputProps("confirm")} />
        <Group><Button type="submit" loading={form.submitting}>Change password</Button></Group>
      </Stack>
    </form>
  );
}

function TwoFactor({ me }: { me: PortalMe }) {
  const qc = useQueryClient();
  const [setup, setSetup] = useState<{ secret: string; qrDataUrl: string } | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const enable = useForm({ initialValues: { code: "" } });
  const disable = useForm({ initialValues: { password: "" } });
  const refresh = () => qc.invalidateQueries({ queryKey: ["portal-me"] });
  if (codes) {
    return (
      <Card withBorder>
        <Title order={4}>Two-factor sign-in is on</Title>
        <Text my="sm">Save these recovery codes somewhere safe. Each works once if you lose your phone. They are shown only now.</Text>
        <Code block>{codes.join("\n")}</Code>
        <Group mt="md">
          <CopyButton value={codes.join("\n")}>{({ copied, copy }) => <Button variant="light" onClick={copy}>{copied ? "Copied" : "Copy codes"}</Button>}</CopyButton>
          <Button onClick={() => { setCodes(null); refresh(); }}>I have saved these</Button>
        </Group>
      </Card>
    );
  }
  if (me.contact.twoFactorEnabled) {
    return (
      <form onSubmit={disable.onSubmit(async (v) => {
        try {
          await disableTwoFactor(v);
          notifyOk("Two-factor sign-in is off");
          refresh();
        } catch (err) {
          showError(err, disable);
        }
      })}>
        <Stack>
          <Alert color="green">Two-factor sign-in is on.</Alert>
          <PasswordInput label="Password" description="Confirm with your password to turn it off" required {...disable.getInputProps("password")} />
          <Group><Button color="red" variant="light" type="submit">Turn off two-factor</Button></Group>
        </Stack>
      </form>
    );
  }
  return setup ? (
    <form onSubmit={enable.onSubmit(async (v) => {
      try {
        setCodes((await enableTwoFactor(v)).recoveryCodes);
      } catch (err) {
        showError(err, enable);
      }
    })}>
      <Stack>
        <Text>Scan this code with an authenticator app (or type the key), then enter the 6-digit code it shows.</Text>
        <Image src={setup.qrDataUrl} alt="QR code for your authenticator app" w={220} h={220} />
        <Text size="sm">Key: <Code>{setup.secret}</Code></Text>
        <TextInput label="Code from your app" autoComplete="one-time-code" inputMode="numeric" required {...enable.getInputProps("code")} />
        <Group><Button type="submit">Turn on two-factor</Button></Group>
      </Stack>
    </form>
  ) : (
    <Stack>
      <Text>Two-factor sign-in asks for a code from your phone as well as your password.</Text>
      <Group>
        <Button onClick={async () => {
          try {
            setSetup(await startTwoFactorSetup());
          } catch (err) {
            showError(err);
          }
        }}>Set up two-factor</Button>
      </Group>
    </Stack>
  );
}
