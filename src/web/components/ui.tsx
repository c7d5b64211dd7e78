/** Small shared pieces: page header, error alert, a link that no longer works, empty state, confirm button, date format, status badge. */
import { Alert, Badge, Button, type ButtonProps, Center, Group, Loader, Modal, Stack, Text, Title } from "@mantine/core";
import type { UseFormReturnType } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { type ReactNode, useState } from "react";
import { portalStatusLabels, type PortalStatus } from "../../shared/api";
import { HttpError } from "../api/client";

export function PageHeader({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <Group justify="space-between" mb="md" wrap="wrap">
      <Title order={2}>{title}</Title>
      <Group>{children}</Group>
    </Group>
  );
}

export function Loading() {
  return (
    <Center p="xl">
      <Loader aria-label="Loading" />
    </Center>
  );
}

export function ErrorAlert({ error }: { error: unknown }) {
  if (!error) return null;
  const message = error instanceof HttpError ? error.body.message : "Something went wrong. Please try again.";
  return (
    <Alert color="red" title="Could not complete this" mb="md" role="alert">
      {message}
    </Alert>
  );
}

/** A setup or set-password link that no longer works: what happened and what to do next, instead of the form. */
export function LinkNotWorking({ children }: { children: ReactNode }) {
  return (
    <Alert color="orange" title="This link was already used or has expired" role="alert">
      <Stack gap="sm">{children}</Stack>
    </Alert>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return (
    <Text c="dimmed" ta="center" p="xl">
      {children}
    </Text>
  );
}

/** Puts the server's field errors on the form, or shows the message. */
export function showError(err: unknown, form?: UseFormReturnType<any>) {
  if (err instanceof HttpError) {
    const fields = err.fieldErrors();
    if (form && Object.keys(fields).length) {
      form.setErrors(fields);
      return;
    }
    notifications.show({ color: "red", title: "Could not complete this", message: err.body.message });
    return;
  }
  notifications.show({ color: "red", title: "Could not complete this", message: "Something went wrong. Please try again." });
}

export const notifyOk = (message: string) => notifications.show({ color: "green", message });

export function ConfirmButton({
  label,
  title,
  message,
  confirmLabel,
  onConfirm,
  ...props
}: { label: string; title: string; message: ReactNode; confirmLabel?: string; onConfirm: () => Promise<unknown> } & ButtonProps) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  return (
    <>
      <Button {...props} onClick={() => setOpen(true)}>
        {label}
      </Button>
      <Modal opened={open} onClose={() => setOpen(false)} title={title} centered>
        <Stack>
          <Text>{message}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button
              color={props.color ?? "red"}
              loading={busy}
              onClick={async () => {
                setBusy(true);
                try {
                  await onConfirm();
                  setOpen(false);
                } catch (err) {
                  showError(err);
                } finally {
                  setBusy(false);
                }
              }}
            >
              {confirmLabel ?? label}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

export function formatDate(iso: string | null | undefined, timeZone?: string, withTime = true) {
  if (!iso) return "—";
  return new Intl.DateTimeFormat(undefined, { dateStyle: "medium", ...(withTime ? { timeStyle: "short" } : {}), timeZone }).format(new Date(iso));
}

const statusColors: Record<PortalStatus, string> = { not_enabled: "gray", invited: "yellow", active: "green", disabled: "red" };
export function PortalStatusBadge({ status }: { status: PortalStatus }) {
  return <Badge color={statusColors[status]}>{portalStatusLabels[status]}</Badge>;
}

export const timeZones: string[] = (Intl as unknown as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf?.("timeZone") ?? ["UTC"];
