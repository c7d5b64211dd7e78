/** INV-1 the portal's invoices: the issued invoices of the account in view, and one invoice as a printable page with its PDF. */
import { Anchor, Button, Group, Select, Stack, Text } from "@mantine/core";
import { Link, useParams } from "react-router-dom";
import { invoiceStatuses, invoiceStatusLabels } from "../../shared/invoices-api";
import { portalInvoicePdfUrl, portalLogoUrl, usePortalInvoice, usePortalInvoices } from "../api/invoices";
import { useMe } from "../api/portal";
import { InvoiceDocument, InvoiceTable } from "../components/invoice-document";
import { countOf, Empty, ErrorAlert, Loading, PageHeader, Pager, usePageTitle } from "../components/ui";
import { useUrlState } from "../components/url-state";

export function PortalInvoicesPage() {
  const me = useMe();
  const url = useUrlState({ status: "" });
  const list = usePortalInvoices(me.data?.currentAccount.id, url.state, url.page);
  const items = list.data?.items ?? [];
  return (
    <Stack maw={980}>
      <PageHeader title="Invoices" />
      <Text size="sm" c="dimmed">The invoices we sent {me.data?.currentAccount.name ?? "your account"}. Open one to print it or download its PDF.</Text>
      <Group>
        <Select label="Status" clearable placeholder="Any" data={invoiceStatuses.filter((s) => s !== "draft").map((s) => ({ value: s, label: invoiceStatusLabels[s] }))} value={url.state.status || null} onChange={(v) => url.set({ status: v ?? "" })} />
      </Group>
      <ErrorAlert error={list.error} />
      {list.isLoading ? (
        <Loading />
      ) : items.length ? (
        <>
          <InvoiceTable items={items} hrefOf={(id) => `/portal/invoices/${id}`} numberHeader="Invoice" caption={`Invoices of ${me.data?.currentAccount.name}`} />
          <Group justify="space-between">
            <Text size="sm" c="dimmed">{countOf(list.data?.total ?? 0, "invoice")}</Text>
            <Pager total={Math.ceil((list.data?.total ?? 0) / (list.data?.pageSize ?? 25))} value={url.page} onChange={url.setPage} />
          </Group>
        </>
      ) : (
        <Empty>{url.state.status ? "No invoices with this status." : "No invoices yet. Invoices we send you appear here."}</Empty>
      )}
    </Stack>
  );
}

export function PortalInvoicePage() {
  const { id = "" } = useParams();
  const me = useMe();
  const invoice = usePortalInvoice(me.data?.currentAccount.id, id);
  usePageTitle(invoice.data ? `Invoice ${invoice.data.displayNumber}` : "Invoice");
  if (invoice.isLoading || !me.data) return <Loading />;
  if (!invoice.data) {
    return (
      <Stack>
        <ErrorAlert error={invoice.error} />
        <Anchor component={Link} to="/portal/invoices">Back to the invoices</Anchor>
      </Stack>
    );
  }
  const inv = invoice.data;
  return (
    <Stack maw={980}>
      <Anchor component={Link} to="/portal/invoices" size="sm" className="no-print">← Invoices</Anchor>
      <Group justify="space-between" wrap="wrap" className="no-print">
        <PageHeader title={`Invoice ${inv.displayNumber}`} />
        <Group gap="xs">
          <Button component="a" href={portalInvoicePdfUrl(inv.id)} download>Download PDF</Button>
          <Button variant="default" onClick={() => window.print()}>Print</Button>
        </Group>
      </Group>
      <InvoiceDocument invoice={inv} logoUrl={portalLogoUrl} />
    </Stack>
  );
}
