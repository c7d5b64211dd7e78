/** Small shared pieces: page header, error alert, a link that no longer works, empty state, confirm button, date format, status badge. */
import { Alert, Badge, Button, type ButtonProps, Center, Group, Loader, Modal, Pagination, type PaginationProps, Stack, Text, Title } from "@mantine/core";
import type { UseFormReturnType } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { Link } from "react-router-dom";
import { createContext, type ReactNode, useContext, useEffect, useState } from "react";
import { portalStatusLabels, type PortalStatus } from "../../shared/api";
import { fieldSentence, underFieldSentence } from "../../shared/sentences";
import { HttpError } from "../api/client";

/** What follows a page's own name in the browser's title: the portal's name, or the staff console's. */
export const TitleSuffix = createContext("Portico");

/** Every page names itself in the document title, so tabs, history and screen readers tell pages apart. */
export function usePageTitle(title?: string) {
  const suffix = useContext(TitleSuffix);
  useEffect(() => {
    document.title = title ? `${title} · ${suffix}` : suffix;
  }, [title, suffix]);
}

export function PageHeader({ title, children }: { title: string; children?: ReactNode }) {
  usePageTitle(title);
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
/** A link that no longer works, with what to do next: sign in, or ask for a new link. */
export function LinkNotWorking({ children, signIn, newLink }: { children: ReactNode; signIn?: string; newLink?: string }) {
  return (
    <Alert color="orange" title="This link was already used or has expired" role="alert">
      <Stack gap="sm">
        {children}
        {(signIn || newLink) && (
          <Group>
            {signIn && <Button component={Link} to={signIn} size="xs">Sign in</Button>}
            {newLink && <Button component={Link} to={newLink} size="xs" variant="default">Ask for a new link</Button>}
          </Group>
        )}
      </Stack>
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


/**
 * The one way every form shows a refused save: the server's field errors go on the form's fields, and a
 * message always says what happened — naming any field the form does not show, so nothing is refused silently.
 */
export function showError(err: unknown, form?: UseFormReturnType<any>) {
  if (!(err instanceof HttpError)) {
    notifications.show({ color: "red", title: "Could not complete this", message: "Something went wrong. Please try again.", autoClose: false });
    return;
  }
  if (err.body.code === "ACCOUNT_CHANGED") return; // the page says so itself, with a way to reload
  const fields = err.fieldErrors();
  const onForm = form ? Object.keys(fields).filter((f) => f.split(".")[0] in form.values) : [];
  if (form && onForm.length) form.setErrors(Object.fromEntries(onForm.map((f) => [f, underFieldSentence(fields[f])])));
  const elsewhere = Object.entries(fields).filter(([f]) => !onForm.includes(f));
  // Every field at fault is on the form and says so under itself: nothing more to tell.
  if (onForm.length && !elsewhere.length) return;
  const message = [...new Set([err.body.message, ...elsewhere.map(([f, m]) => fieldSentence(f, m))])].join(" ");
  notifications.show({ color: "red", title: "Could not save this", message, autoClose: false });
}

const controlLabels = { previous: "Previous page", next: "Next page", first: "First page", last: "Last page" } as const;

/** Page numbers with names a screen reader says ("Next page", "Page 3"). */
export function Pager(props: Omit<PaginationProps, "getControlProps" | "getItemProps">) {
  return <Pagination {...props} getControlProps={(c) => ({ "aria-label": controlLabels[c] })} getItemProps={(n) => ({ "aria-label": `Page ${n}` })} />;
}

/** "1 ticket", "2 tickets", "100+ tickets": counts read as sentences. */
export function countOf(n: number, noun: string, capped = false, plural = `${noun}s`) {
  return `${n.toLocaleString("en")}${capped ? "+" : ""} ${n === 1 && !capped ? noun : plural}`;
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

/** A calendar day ("2026-11-22") as the reader's locale writes it; "—" for none. */
export const formatDay = (day: string | null | undefined) => (day ? formatDate(`${day}T12:00:00Z`, "UTC", false) : "—");

export function formatDate(iso: string | null | undefined, timeZone?: string, withTime = true) {
  if (!iso) return "—";
  return new Intl.DateTimeFormat(undefined, { dateStyle: "medium", ...(withTime ? { timeStyle: "short" } : {}), timeZone }).format(new Date(iso));
}

const statusColors: Record<PortalStatus, string> = { not_enabled: "gray", invited: "yellow", active: "green", disabled: "red" };
export function PortalStatusBadge({ status }: { status: PortalStatus }) {
  return <Badge color={statusColors[status]}>{portalStatusLabels[status]}</Badge>;
}

export const timeZones: string[] = (Intl as unknown as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf?.("timeZone") ?? ["UTC"];
