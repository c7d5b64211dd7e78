/**
 * INV-1 the staff console's invoices: the list with its filters in the address, the new-invoice form with live
 * totals, an invoice's page (send, mark sent, record a payment, void, delete a draft, download the PDF, print),
 * invoicing approved work, and the invoices card on an account's page.
 */
import { ActionIcon, Alert, Anchor, Button, Card, Checkbox, Group, Modal, Radio, Select, SimpleGrid, Stack, Table, TagsInput, Text, Textarea, TextInput, Title } from "@mantine/core";
import { DateInput } from "@mantine/dates";
import { useForm } from "@mantine/form";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useNavigate, useParams, useSearchParams } from "react-router-dom";
import { invoiceTotals } from "../../shared/invoice-totals";
import { type InvoiceOptions, invoiceStatuses, invoiceStatusLabels, paymentMethodLabels, paymentMethods, type StaffInvoiceDto } from "../../shared/invoices-api";
import { formatHours, formatMoney } from "../../shared/money";
import { get } from "../api/client";
import {
  createInvoice,
  createInvoiceFromApprovals,
  deleteInvoiceDraft,
  invoicesKey,
  markInvoiceSent,
  recordInvoicePayment,
  sendInvoice,
  staffInvoicePdfUrl,
  staffLogoUrl,
  updateInvoice,
  useInvoice,
  useInvoiceableApprovals,
  useInvoiceOptions,
  useInvoices,
  voidInvoice,
} from "../api/invoices";
import { useStaffMe, useStaffOptions } from "../api/staff";
import { InvoiceDocument, InvoiceTable } from "../components/invoice-document";
import { ConfirmButton, countOf, Empty, ErrorAlert, formatDate, Loading, notifyOk, PageHeader, Pager, showError, usePageTitle, formatDay } from "../components/ui";
import { useSearchBox, useUrlState } from "../components/url-state";

const PAGE_SIZE = 25;
/** A field's error, and the text of a field in error, in colours that read at 4.5:1 on white (the theme's error red does not). */
const readable = { error: { color: "var(--mantine-color-red-9)" }, input: { color: "var(--mantine-color-text)" } };
const useAccounts = () => useQuery({ queryKey: ["accounts-all"], queryFn: () => get<{ items: { id: string; name: string }[] }>("/api/staff/accounts?pageSize=100") });
const numberOf = (i: { displayNumber: string | null }) => i.displayNumber ?? "Draft";

// ---------- the list ----------

export function InvoicesPage() {
  const url = useUrlState({ status: "", accountId: "", q: "" });
  const filters = url.state;
  const { page, setPage } = url;
  const search = useSearchBox(url);
  const me = useStaffMe();
  const accounts = useAccounts();
  const list = useInvoices(filters, page, PAGE_SIZE);
  const items = list.data?.items ?? [];
  const filtered = !!(filters.status || filters.accountId || filters.q);
  return (
    <>
      <PageHeader title="Invoices">
        {me.data?.can.manageBilling && (
          <>
            <Button component={Link} to={`/admin/invoices/approved-work${filters.accountId ? `?accountId=${filters.accountId}` : ""}`} variant="default">Invoice approved work</Button>
            <Button component={Link} to={`/admin/invoices/new${filters.accountId ? `?accountId=${filters.accountId}` : ""}`}>New invoice</Button>
          </>
        )}
      </PageHeader>
      <Group mb="md" align="end">
        <TextInput styles={readable} label="Search" placeholder="Number, PO number or account" {...search} />
        <Select styles={readable} label="Status" clearable placeholder="Any" data={invoiceStatuses.map((s) => ({ value: s, label: invoiceStatusLabels[s] }))} value={filters.status || null} onChange={(v) => url.set({ status: v ?? "" })} />
        <Select styles={readable} label="Account" clearable searchable placeholder="Any" data={(accounts.data?.items ?? []).map((a) => ({ value: a.id, label: a.name }))} value={filters.accountId || null} onChange={(v) => url.set({ accountId: v ?? "" })} />
      </Group>
      <ErrorAlert error={list.error} />
      {list.isLoading ? (
        <Loading />
      ) : items.length ? (
        <>
          <InvoiceTable items={items} hrefOf={(id) => `/admin/invoices/${id}`} numberHeader="Number" showAccount />
          <Group justify="space-between" mt="md">
            <Text size="sm" c="dimmed">{countOf(list.data?.total ?? 0, "invoice", list.data?.totalCapped)}</Text>
            <Pager total={Math.ceil((list.data?.total ?? 0) / PAGE_SIZE)} value={page} onChange={setPage} />
          </Group>
        </>
      ) : (
        <Empty>{filtered ? "No invoices match these filters." : "No invoices yet. Create one with “New invoice”, or bill work your customers approved with “Invoice approved work”."}</Empty>
      )}
    </>
  );
}

/** The invoices of one account, on its page. */
export function AccountInvoicesCard({ accountId }: { accountId: string }) {
  const me = useStaffMe();
  const list = useInvoices({ status: "", accountId, q: "" }, 1, 5);
  return (
    <Card withBorder>
      <Group justify="space-between" mb="sm" wrap="wrap">
        <Title order={4}>Invoices</Title>
        <Group gap="xs">
          {me.data?.can.manageBilling && (
            <>
              <Button size="xs" variant="default" component={Link} to={`/admin/invoices/approved-work?accountId=${accountId}`}>Invoice approved work</Button>
              <Button size="xs" component={Link} to={`/admin/invoices/new?accountId=${accountId}`}>New invoice</Button>
            </>
          )}
        </Group>
      </Group>
      {list.data?.items.length ? (
        <Stack gap="xs">
          <InvoiceTable items={list.data.items} hrefOf={(id) => `/admin/invoices/${id}`} numberHeader="Number" />
          <Anchor component={Link} to={`/admin/invoices?accountId=${accountId}`} size="sm">All {countOf(list.data.total, "invoice")} of this account</Anchor>
        </Stack>
      ) : list.isLoading ? <Loading /> : <Empty>No invoices for this account yet.</Empty>}
    </Card>
  );
}

// ---------- the form ----------

interface LineValues {
  description: string;
  quantity: string;
  unitPrice: string;
  approvalRequestId: string | null;
}
interface FormValues {
  accountId: string;
  invoiceDate: string | null;
  dueDate: string | null;
  poNumber: string;
  toText: string;
  salesRepStaffId: string | null;
  jobId: string | null;
  contractId: string | null;
  taxRate: string;
  discountAmount: string;
  notes: string;
  lines: LineValues[];
}
const emptyLine = (): LineValues => ({ description: "", quantity: "1", unitPrice: "", approvalRequestId: null });
const amountOf = (v: string) => (/^-?\d+(\.\d+)?$/.test(v.trim()) ? v.trim() : "0");

export function NewInvoicePage() {
  const [params] = useSearchParams();
  const [accountId, setAccountId] = useState(params.get("accountId") ?? "");
  const accounts = useAccounts();
  const options = useInvoiceOptions(accountId);
  usePageTitle("New invoice");
  return (
    <Stack maw={980}>
      <Anchor component={Link} to="/admin/invoices" size="sm" className="no-print">← Invoices</Anchor>
      <PageHeader title="New invoice" />
      <Select styles={readable} label="Account" required searchable placeholder="Choose the account to invoice" data={(accounts.data?.items ?? []).map((a) => ({ value: a.id, label: a.name }))} value={accountId || null} onChange={(v) => setAccountId(v ?? "")} maw={420} />
      {accountId && (options.data ? <InvoiceForm key={accountId} options={options.data} /> : <ErrorAlert error={options.error} />)}
      {accountId && options.isLoading && <Loading />}
    </Stack>
  );
}

export function EditInvoicePage() {
  const { id = "" } = useParams();
  const invoice = useInvoice(id);
  const options = useInvoiceOptions(invoice.data?.account.id ?? "");
  usePageTitle(invoice.data ? `Edit draft invoice for ${invoice.data.account.name}` : "Edit invoice");
  if (invoice.error) return <ErrorAlert error={invoice.error} />;
  if (!invoice.data || !options.data) return <Loading />;
  return (
    <Stack maw={980}>
      <Anchor component={Link} to={`/admin/invoices/${id}`} size="sm">← Back to the invoice</Anchor>
      <PageHeader title={`Edit draft invoice for ${invoice.data.account.name}`} />
      {invoice.data.storedStatus !== "draft" ? <Alert color="blue">This invoice was issued: its lines and amounts can no longer change.</Alert> : <InvoiceForm options={options.data} invoice={invoice.data} />}
    </Stack>
  );
}

function InvoiceForm({ options, invoice }: { options: InvoiceOptions; invoice?: StaffInvoiceDto }) {
  const staff = useStaffOptions();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const form = useForm<FormValues>({
    initialValues: invoice
      ? {
          accountId: invoice.account.id,
          invoiceDate: invoice.invoiceDate,
          dueDate: invoice.dueDate,
          poNumber: invoice.poNumber,
          toText: invoice.toText,
          salesRepStaffId: invoice.salesRep?.id ?? null,
          jobId: invoice.project?.id ?? null,
          contractId: invoice.contract?.id ?? null,
          taxRate: String(Number(invoice.taxRate)),
          discountAmount: invoice.discountAmount,
          notes: invoice.notes,
          lines: invoice.lines.map((l) => ({ description: l.description, quantity: String(Number(l.quantity)), unitPrice: l.unitPrice, approvalRequestId: l.approvalRequestId })),
        }
      : {
          accountId: options.account.id,
          invoiceDate: options.defaults.invoiceDate,
          dueDate: options.defaults.dueDate,
          poNumber: "",
          toText: options.defaults.toText,
          salesRepStaffId: null,
          jobId: null,
          contractId: null,
          taxRate: String(Number(options.defaults.taxRate)),
          discountAmount: "0",
          notes: "",
          lines: [emptyLine()],
        },
  });
  const v = form.values;
  const currency = invoice?.currency ?? options.defaults.currency;
  const totals = invoiceTotals({ lines: v.lines.map((l) => ({ quantity: amountOf(l.quantity), unitPrice: amountOf(l.unitPrice) })), discountAmount: amountOf(v.discountAmount), taxRate: amountOf(v.taxRate) });
  const money = (a: string) => formatMoney(a, currency);
  return (
    <form
      onSubmit={form.onSubmit(async (values) => {
        const body = {
          invoiceDate: values.invoiceDate ?? undefined,
          dueDate: values.dueDate ?? undefined,
          poNumber: values.poNumber,
          toText: values.toText,
          salesRepStaffId: values.salesRepStaffId,
          jobId: values.jobId,
          contractId: values.contractId,
          taxRate: values.taxRate,
          discountAmount: values.discountAmount || "0",
          notes: values.notes,
          lines: values.lines.map((l) => ({ description: l.description, quantity: l.quantity, unitPrice: l.unitPrice, approvalRequestId: l.approvalRequestId })),
        };
        try {
          const saved = invoice ? await updateInvoice(invoice.id, body) : await createInvoice({ accountId: values.accountId, ...body });
          qc.setQueryData([invoicesKey, "one", saved.id], saved);
          await qc.invalidateQueries({ queryKey: [invoicesKey, "list"] });
          notifyOk(invoice ? "Draft saved" : "Draft invoice created");
          navigate(`/admin/invoices/${saved.id}`);
        } catch (err) {
          showError(err, form);
        }
      })}
    >
      <Stack>
        <Card withBorder>
          <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }}>
            <DateInput styles={readable} label="Invoice date" valueFormat="D MMMM YYYY" required {...form.getInputProps("invoiceDate")} />
            <DateInput styles={readable} label="Due date" valueFormat="D MMMM YYYY" required minDate={v.invoiceDate ?? undefined} {...form.getInputProps("dueDate")} />
            <TextInput styles={readable} label="PO number" {...form.getInputProps("poNumber")} />
            <Select styles={readable} label="Sales representative" clearable searchable placeholder="None" data={(staff.data?.staff ?? []).map((s) => ({ value: s.id, label: s.name }))} {...form.getInputProps("salesRepStaffId")} />
            <Select styles={readable} label="Project" description="A job of this account" clearable searchable placeholder="None" data={options.jobs.map((j) => ({ value: j.id, label: `${j.number} · ${j.name}` }))} {...form.getInputProps("jobId")} />
            <Select styles={readable} label="Contract" clearable placeholder={options.contracts.length ? "None" : "This account has no contracts"} disabled={!options.contracts.length} data={options.contracts.map((c) => ({ value: c.id, label: c.name }))} {...form.getInputProps("contractId")} />
          </SimpleGrid>
          <Textarea styles={readable} mt="sm" label="Bill to" description="The addressee as printed on the invoice" autosize minRows={2} maw={420} {...form.getInputProps("toText")} />
        </Card>
        <Card withBorder>
          <Title order={3} size="h4" mb="sm">Lines</Title>
          <Stack gap="xs">
            {v.lines.map((_, i) => (
              <Group key={i} align="flex-start" wrap="wrap" gap="xs" role="group" aria-label={`Line ${i + 1}`}>
                <TextInput styles={readable} label={`Description of line ${i + 1}`} required style={{ flex: "1 1 260px" }} {...form.getInputProps(`lines.${i}.description`)} />
                <TextInput styles={readable} label="Quantity" required inputMode="decimal" w={110} {...form.getInputProps(`lines.${i}.quantity`)} />
                <TextInput styles={readable} label="Unit price" required inputMode="decimal" w={130} {...form.getInputProps(`lines.${i}.unitPrice`)} />
                <Stack gap={0} w={120}>
                  <Text size="sm" fw={500}>Amount</Text>
                  <Text size="sm" py={7} ta="right" aria-label={`Amount of line ${i + 1}`}>{money(totals.lineAmounts[i])}</Text>
                </Stack>
                <ActionIcon variant="subtle" color="red" mt={26} aria-label={`Remove line ${i + 1}`} onClick={() => form.removeListItem("lines", i)}>✕</ActionIcon>
              </Group>
            ))}
            {form.errors.lines && <Text size="sm" c="red.9">{form.errors.lines}</Text>}
            <Group><Button variant="light" size="xs" onClick={() => form.insertListItem("lines", emptyLine())}>Add line</Button></Group>
          </Stack>
        </Card>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Card withBorder>
            <Stack>
              <TextInput styles={readable} label="Discount" description="An amount off the subtotal" inputMode="decimal" {...form.getInputProps("discountAmount")} />
              <TextInput styles={readable} label="Tax rate" description="Percent of the subtotal after discount" rightSection="%" inputMode="decimal" {...form.getInputProps("taxRate")} />
              <Textarea styles={readable} label="Notes" description="Printed on the invoice" autosize minRows={2} {...form.getInputProps("notes")} />
            </Stack>
          </Card>
          <Card withBorder>
            <Title order={3} size="h5" mb="xs">Totals</Title>
            <div aria-live="polite">
            <Table aria-label="Totals as they will be issued">
              <Table.Tbody>
                <Table.Tr><Table.Th scope="row">Subtotal</Table.Th><Table.Td ta="right">{money(totals.subtotal)}</Table.Td></Table.Tr>
                <Table.Tr><Table.Th scope="row">Discount</Table.Th><Table.Td ta="right">−{money(totals.discount)}</Table.Td></Table.Tr>
                <Table.Tr><Table.Th scope="row">Tax</Table.Th><Table.Td ta="right">{money(totals.tax)}</Table.Td></Table.Tr>
                <Table.Tr><Table.Th scope="row">Grand total</Table.Th><Table.Td ta="right" fw={700}>{money(totals.grandTotal)}</Table.Td></Table.Tr>
              </Table.Tbody>
            </Table>
            </div>
            <Text size="xs" c="dimmed" mt="xs">Each line is rounded to the cent; the server works the totals out again when it saves.</Text>
          </Card>
        </SimpleGrid>
        <Group>
          <Button type="submit" loading={form.submitting}>{invoice ? "Save draft" : "Create draft"}</Button>
          <Button variant="default" component={Link} to={invoice ? `/admin/invoices/${invoice.id}` : "/admin/invoices"}>Cancel</Button>
        </Group>
      </Stack>
    </form>
  );
}

// ---------- one invoice ----------

export function InvoicePage() {
  const { id = "" } = useParams();
  const invoice = useInvoice(id);
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [dialog, setDialog] = useState<"send" | "pay" | "void" | null>(null);
  usePageTitle(invoice.data ? (invoice.data.displayNumber ? `Invoice ${invoice.data.displayNumber}` : `Draft invoice for ${invoice.data.account.name}`) : "Invoice");
  if (invoice.isLoading) return <Loading />;
  if (!invoice.data) return <ErrorAlert error={invoice.error} />;
  const inv = invoice.data;
  const saved = async (next: StaffInvoiceDto, message: string) => {
    qc.setQueryData([invoicesKey, "one", id], next);
    await qc.invalidateQueries({ queryKey: [invoicesKey, "list"] });
    notifyOk(message);
    setDialog(null);
  };
  const draft = inv.storedStatus === "draft";
  return (
    <Stack maw={980}>
      <Anchor component={Link} to="/admin/invoices" size="sm" className="no-print">← Invoices</Anchor>
      <Group justify="space-between" wrap="wrap" className="no-print">
        <Title order={2}>{draft ? `Draft invoice for ${inv.account.name}` : `Invoice ${inv.displayNumber}`}</Title>
        <Group gap="xs">
          {inv.can.edit && <Button variant="default" component={Link} to={`/admin/invoices/${id}/edit`}>Edit</Button>}
          {inv.can.send && <Button onClick={() => setDialog("send")}>{draft ? "Send" : "Send again"}</Button>}
          {draft && inv.can.send && (
            <ConfirmButton
              label="Mark as sent"
              title="Issue without emailing?"
              message={`The invoice takes the next number and is marked as sent on ${formatDay(inv.today)}; nobody is emailed. Use this when it went out another way.`}
              confirmLabel="Issue it"
              color="indigo"
              variant="default"
              onConfirm={async () => saved(await markInvoiceSent(id), "Issued without emailing")}
            />
          )}
          {inv.can.recordPayment && <Button variant="default" onClick={() => setDialog("pay")}>Record payment</Button>}
          <Button variant="default" component="a" href={staffInvoicePdfUrl(id)} download>Download PDF</Button>
          <Button variant="default" onClick={() => window.print()}>Print</Button>
          {inv.can.void && <Button variant="outline" color="red" onClick={() => setDialog("void")}>Void</Button>}
          {inv.can.delete && (
            <ConfirmButton
              label="Delete draft"
              title="Delete this draft?"
              message={inv.approvals.length ? "The draft and its lines are deleted; the approved work it bills can be invoiced again." : "The draft and its lines are deleted."}
              variant="outline"
              onConfirm={async () => {
                await deleteInvoiceDraft(id);
                await qc.invalidateQueries({ queryKey: [invoicesKey] });
                notifyOk("Draft deleted");
                navigate("/admin/invoices");
              }}
            />
          )}
        </Group>
      </Group>
      {inv.status === "void" && (
        <Alert color="gray" title="This invoice is void" className="no-print">
          Voided {formatDate(inv.voidedAt)}{inv.voidedBy ? ` by ${inv.voidedBy}` : ""}: {inv.voidReason}. It keeps its number.
        </Alert>
      )}
      {inv.status === "overdue" && <Alert color="red" title="Overdue" className="no-print">It was due on {formatDay(inv.dueDate)}; {formatMoney(inv.paymentDue, inv.currency)} is still owed.</Alert>}
      <InvoiceDocument invoice={inv} logoUrl={staffLogoUrl} />
      <Card withBorder className="no-print">
        <Title order={3} size="h5" mb="xs">In the console</Title>
        <Stack gap={4}>
          <Text size="sm">Account: <Anchor component={Link} to={`/admin/accounts/${inv.account.id}`}>{inv.account.name}</Anchor></Text>
          <Text size="sm">Created {formatDate(inv.createdAt)}{inv.createdBy ? ` by ${inv.createdBy}` : ""}</Text>
          {inv.approvals.length > 0 && (
            <Text size="sm">Bills approved work: {inv.approvals.map((a) => `${a.jobNumber} · ${a.jobName} version ${a.version} (${formatMoney(a.totalAmount, inv.currency)})`).join("; ")}</Text>
          )}
          {inv.payments.length > 0 && <Text size="sm">Payments recorded by {[...new Set(inv.payments.map((p) => p.recordedBy ?? "—"))].join(", ")}</Text>}
        </Stack>
      </Card>
      <Modal opened={dialog === "send"} onClose={() => setDialog(null)} title={draft ? "Send the invoice" : `Send ${inv.displayNumber} again`} size="lg">
        {dialog === "send" && <SendDialog invoice={inv} onDone={saved} onCancel={() => setDialog(null)} />}
      </Modal>
      <Modal opened={dialog === "pay"} onClose={() => setDialog(null)} title={`Record a payment on ${numberOf(inv)}`}>
        {dialog === "pay" && <PaymentDialog invoice={inv} onDone={saved} onCancel={() => setDialog(null)} />}
      </Modal>
      <Modal opened={dialog === "void"} onClose={() => setDialog(null)} title={`Void ${numberOf(inv)}?`}>
        {dialog === "void" && <VoidDialog invoice={inv} onDone={saved} onCancel={() => setDialog(null)} />}
      </Modal>
    </Stack>
  );
}

type Done = (next: StaffInvoiceDto, message: string) => Promise<void>;

function SendDialog({ invoice: inv, onDone, onCancel }: { invoice: StaffInvoiceDto; onDone: Done; onCancel: () => void }) {
  const [chosen, setChosen] = useState<string[]>(inv.recipientOptions.filter((r) => r.isDefault).map((r) => r.id));
  const [extra, setExtra] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const draft = inv.storedStatus === "draft";
  const send = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await sendInvoice(inv.id, { contactIds: chosen, extraEmails: extra });
      await onDone(r.invoice, `${r.invoice.displayNumber} sent to ${r.emailedTo.join(", ")}`);
    } catch (err) {
      const fields = (err as { fieldErrors?: () => Record<string, string> }).fieldErrors?.();
      if (fields && Object.keys(fields).length) setError(Object.values(fields).join(" "));
      else showError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Stack>
      <Text size="sm">
        {draft
          ? `The invoice takes the next number of the sequence and is emailed, as a PDF, to the people you choose. Its lines and amounts can no longer change afterwards.`
          : "The invoice is emailed again, as a PDF, to the people you choose. Its number stays the same."}
      </Text>
      {inv.recipientOptions.length ? (
        <Checkbox.Group label="Email it to" description="Contacts of the account with an email address; client administrators with portal access are ticked" value={chosen} onChange={setChosen}>
          <Stack gap="xs" mt="xs">
            {inv.recipientOptions.map((r) => (
              <Checkbox key={r.id} value={r.id} label={`${r.name} <${r.email}>`} description={[r.clientAdmin ? "Client administrator" : null, r.hasPortalAccess ? "has portal access" : "no portal access"].filter(Boolean).join(", ")} />
            ))}
          </Stack>
        </Checkbox.Group>
      ) : (
        <Text size="sm" c="dimmed">{inv.account.name} has no contacts with an email address: add addresses below.</Text>
      )}
      <TagsInput label="Other addresses" description="An accounts-payable mailbox, for example; press Enter after each" value={extra} onChange={setExtra} />
      {error && <Alert color="red" role="alert">{error}</Alert>}
      <Group justify="flex-end">
        <Button variant="default" onClick={onCancel}>Cancel</Button>
        <Button onClick={send} loading={busy} disabled={!chosen.length && !extra.length}>{draft ? "Issue and send" : "Send again"}</Button>
      </Group>
    </Stack>
  );
}

function PaymentDialog({ invoice: inv, onDone, onCancel }: { invoice: StaffInvoiceDto; onDone: Done; onCancel: () => void }) {
  const form = useForm({ initialValues: { amount: inv.paymentDue, paidOn: inv.today as string | null, method: "bank_transfer" as (typeof paymentMethods)[number], reference: "" } });
  return (
    <form
      onSubmit={form.onSubmit(async (v) => {
        try {
          const next = await recordInvoicePayment(inv.id, { amount: v.amount, paidOn: v.paidOn ?? "", method: v.method, reference: v.reference });
          await onDone(next, `Payment of ${formatMoney(v.amount, inv.currency)} recorded`);
        } catch (err) {
          showError(err, form);
        }
      })}
    >
      <Stack>
        <Text size="sm">{formatMoney(inv.paymentDue, inv.currency)} is still owed on {numberOf(inv)}.</Text>
        <TextInput styles={readable} label="Amount" required inputMode="decimal" description={`At most ${formatMoney(inv.paymentDue, inv.currency)}`} {...form.getInputProps("amount")} />
        <DateInput styles={readable} label="Paid on" required valueFormat="D MMMM YYYY" maxDate={inv.today} minDate={inv.invoiceDate} {...form.getInputProps("paidOn")} />
        <Select styles={readable} label="Method" required allowDeselect={false} data={paymentMethods.map((m) => ({ value: m, label: paymentMethodLabels[m] }))} {...form.getInputProps("method")} />
        <TextInput styles={readable} label="Reference" description="The bank reference or receipt number" {...form.getInputProps("reference")} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>Cancel</Button>
          <Button type="submit" loading={form.submitting}>Record payment</Button>
        </Group>
      </Stack>
    </form>
  );
}

function VoidDialog({ invoice: inv, onDone, onCancel }: { invoice: StaffInvoiceDto; onDone: Done; onCancel: () => void }) {
  const form = useForm({ initialValues: { reason: "" }, validate: { reason: (r) => (r.trim() ? null : "Say why the invoice is voided") } });
  return (
    <form
      onSubmit={form.onSubmit(async (v) => {
        try {
          await onDone(await voidInvoice(inv.id, v), `${inv.displayNumber} voided`);
        } catch (err) {
          showError(err, form);
        }
      })}
    >
      <Stack>
        <Text size="sm">
          A voided invoice is no longer owed. It keeps its number {inv.displayNumber}, so the sequence has no gap, and stays visible to the customer marked as void.
          {inv.approvals.length > 0 && " The approved work it bills can be invoiced again."} This cannot be undone.
        </Text>
        <Textarea styles={readable} label="Reason" required autosize minRows={2} {...form.getInputProps("reason")} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>Cancel</Button>
          <Button type="submit" color="red" loading={form.submitting}>Void the invoice</Button>
        </Group>
      </Stack>
    </form>
  );
}

// ---------- invoicing approved work ----------

export function ApprovedWorkPage() {
  const url = useUrlState({ accountId: "" });
  const accountId = url.state.accountId;
  const accounts = useAccounts();
  const work = useInvoiceableApprovals(accountId);
  const [selected, setSelected] = useState<string[]>([]);
  const [grouping, setGrouping] = useState<"per_line" | "per_version">("per_line");
  const [busy, setBusy] = useState(false);
  const navigate = useNavigate();
  const qc = useQueryClient();
  const items = work.data?.items ?? [];
  const currency = work.data?.currency ?? "USD";
  const chosen = items.filter((i) => selected.includes(i.id));
  const total = invoiceTotals({ lines: chosen.map((i) => ({ quantity: "1", unitPrice: i.totalAmount })) }).subtotal;
  const create = async () => {
    setBusy(true);
    try {
      const inv = await createInvoiceFromApprovals({ accountId, approvalRequestIds: chosen.map((c) => c.id), grouping });
      await qc.invalidateQueries({ queryKey: [invoicesKey] });
      notifyOk("Draft invoice created from the approved work");
      navigate(`/admin/invoices/${inv.id}`);
    } catch (err) {
      showError(err);
      await work.refetch();
      setSelected([]);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Stack maw={980}>
      <Anchor component={Link} to="/admin/invoices" size="sm">← Invoices</Anchor>
      <PageHeader title="Invoice approved work" />
      <Text size="sm" c="dimmed">Work your customers approved (or that counted as approved) and that no invoice bills yet. The draft bills it exactly as approved; once issued it cannot be invoiced again unless that invoice is voided.</Text>
      <Select styles={readable} label="Account" searchable placeholder="Choose an account" data={(accounts.data?.items ?? []).map((a) => ({ value: a.id, label: a.name }))} value={accountId || null} onChange={(v) => { url.set({ accountId: v ?? "" }); setSelected([]); }} maw={420} />
      <ErrorAlert error={work.error} />
      {!accountId ? null : work.isLoading ? <Loading /> : items.length ? (
        <>
          <Table.ScrollContainer minWidth={720} type="native" tabIndex={0} role="region" aria-label="Approved work not yet invoiced">
            <Table striped>
              <Table.Caption>Approved work of the account not yet invoiced</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={40}><Checkbox aria-label="Select all approved work" checked={items.every((i) => selected.includes(i.id))} indeterminate={selected.length > 0 && selected.length < items.length} onChange={(e) => setSelected(e.currentTarget.checked ? items.map((i) => i.id) : [])} /></Table.Th>
                  <Table.Th>Job</Table.Th><Table.Th>Version</Table.Th><Table.Th>Work up to</Table.Th><Table.Th>Approved</Table.Th><Table.Th ta="right">Hours</Table.Th><Table.Th ta="right">Amount</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((i) => (
                  <Table.Tr key={i.id}>
                    <Table.Td><Checkbox aria-label={`Select ${i.job.number} · ${i.job.name}, version ${i.version}`} checked={selected.includes(i.id)} onChange={(e) => setSelected(e.currentTarget.checked ? [...selected, i.id] : selected.filter((x) => x !== i.id))} /></Table.Td>
                    <Table.Td><Anchor component={Link} to={`/admin/approvals/jobs/${i.job.id}`}>{i.job.number} · {i.job.name}</Anchor></Table.Td>
                    <Table.Td>{i.version}</Table.Td>
                    <Table.Td>{formatDay(i.cutOff)}</Table.Td>
                    <Table.Td>{formatDate(i.approvedAt, undefined, false)}</Table.Td>
                    <Table.Td ta="right">{formatHours(i.totalHours)}</Table.Td>
                    <Table.Td ta="right">{formatMoney(i.totalAmount, currency)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Radio.Group label="Lines on the invoice" value={grouping} onChange={(v) => setGrouping(v as typeof grouping)}>
            <Stack gap="xs" mt="xs">
              <Radio value="per_line" label="One line per approved time entry (hours × rate)" />
              <Radio value="per_version" label="One line per approved version (its hours × the rate)" />
            </Stack>
          </Radio.Group>
          <Group>
            <Button onClick={create} loading={busy} disabled={!chosen.length}>Create draft invoice{chosen.length ? ` (${formatMoney(total, currency)} before tax)` : ""}</Button>
          </Group>
        </>
      ) : (
        <Empty>This account has no approved work waiting to be invoiced.</Empty>
      )}
    </Stack>
  );
}
