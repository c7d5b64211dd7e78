/** INV-1 the invoice as a printable page, the same in the console and the portal: issuer, bill-to, facts, lines, totals, payments, notes. */
import { Anchor, Badge, Box, Card, darken, Group, Image, SimpleGrid, Stack, Table, Text, Title, useMantineTheme } from "@mantine/core";
import type { ReactNode } from "react";
import { Link } from "react-router-dom";
import { type InvoiceListItem, type InvoiceStatus, invoiceStatusColors, invoiceStatusLabels, paymentMethodLabels, type PortalInvoiceDto } from "../../shared/invoices-api";
import { formatMoney } from "../../shared/money";
import { formatDate, formatDay } from "./ui";
import "./print.css";

/** A calendar day ("2026-11-22") as the reader's locale writes it. */
/** "2.50" → "2.5": quantities as people write them. */
export const formatQuantity = (q: string) => q.replace(/\.?0+$/, "") || "0";

/** The status in its own colour; the light badge's text is darkened so every colour reads at 4.5:1 on its tint. */
export function InvoiceStatusBadge({ status, size }: { status: InvoiceStatus; size?: "sm" | "md" | "lg" }) {
  const theme = useMantineTheme();
  const color = invoiceStatusColors[status];
  return (
    <Badge variant="light" color={color} size={size} maw="none" style={{ color: darken(theme.colors[color][9], 0.3), flexShrink: 0 }}>
      {invoiceStatusLabels[status]}
    </Badge>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">{label}</Text>
      <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>{children}</Text>
    </div>
  );
}

type Doc = Omit<PortalInvoiceDto, "payments"> & { payments: PortalInvoiceDto["payments"] };

export function InvoiceDocument({ invoice: inv, logoUrl }: { invoice: Doc; logoUrl: string | null }) {
  const money = (a: string) => formatMoney(a, inv.currency);
  const [issuerName, ...issuerAddress] = inv.fromText.split("\n");
  return (
    <Card withBorder padding="md" className="invoice-document" component="article" aria-label={inv.displayNumber ? `Invoice ${inv.displayNumber}` : "Draft invoice"}>
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="lg" mb="lg">
        <Stack gap={4} maw={340}>
          {logoUrl && inv.issuer.hasLogo && <Image src={logoUrl} alt={`${issuerName} logo`} h={60} w="auto" fit="contain" maw={220} />}
          <Text fw={700} size="lg">{issuerName}</Text>
          {issuerAddress.length > 0 && <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>{issuerAddress.join("\n")}</Text>}
        </Stack>
        <Stack gap={4} align="flex-end">
          <Title order={2} size="h3">{inv.displayNumber ? "Invoice" : "Draft invoice"}</Title>
          <Text fw={600}>{inv.displayNumber ?? "Not issued yet"}</Text>
          <InvoiceStatusBadge status={inv.status} />
        </Stack>
      </Group>
      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm" mb="lg">
        <Fact label="Bill to">{inv.toText}</Fact>
        <Fact label="Invoice date">{formatDay(inv.invoiceDate)}</Fact>
        <Fact label="Due date">{formatDay(inv.dueDate)}</Fact>
        <Fact label="PO number">{inv.poNumber || "—"}</Fact>
        <Fact label="Sales representative">{inv.salesRep?.name ?? "—"}</Fact>
        <Fact label="Project">{inv.project ? `${inv.project.number} · ${inv.project.name}` : "—"}</Fact>
        {inv.contract && <Fact label="Contract">{inv.contract.name}</Fact>}
        <Fact label="Sent on">{inv.sentAt ? formatDate(inv.sentAt, undefined, false) : "Not sent yet"}</Fact>
      </SimpleGrid>
      <Table.ScrollContainer minWidth={340} type="native" tabIndex={0} role="region" aria-label="Lines">
        <Table striped horizontalSpacing="xs">
          <Table.Caption>Lines of {inv.displayNumber ?? "the draft"}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Description</Table.Th>
              <Table.Th ta="right">Quantity</Table.Th>
              <Table.Th ta="right">Unit price</Table.Th>
              <Table.Th ta="right">Amount</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {inv.lines.length ? (
              inv.lines.map((l) => (
                <Table.Tr key={l.id}>
                  <Table.Td>{l.description}</Table.Td>
                  <Table.Td ta="right">{formatQuantity(l.quantity)}</Table.Td>
                  <Table.Td ta="right">{money(l.unitPrice)}</Table.Td>
                  <Table.Td ta="right">{money(l.amount)}</Table.Td>
                </Table.Tr>
              ))
            ) : (
              <Table.Tr><Table.Td colSpan={4}><Text size="sm" c="dimmed">No lines yet.</Text></Table.Td></Table.Tr>
            )}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Box ml="auto" mt="md" w={{ base: "100%", xs: 320 }}>
        <Table aria-label="Totals">
          <Table.Tbody>
            <TotalRow label="Subtotal" value={money(inv.subtotal)} />
            {Number(inv.discountAmount) > 0 && <TotalRow label="Discount" value={`−${money(inv.discountAmount)}`} />}
            <TotalRow label={`Tax (${Number(inv.taxRate)} %)`} value={money(inv.taxAmount)} />
            <TotalRow label="Grand total" value={money(inv.grandTotal)} strong />
            <TotalRow label="Paid" value={money(inv.paidAmount)} />
            <TotalRow label="Payment due" value={money(inv.paymentDue)} strong />
          </Table.Tbody>
        </Table>
      </Box>
      {inv.payments.length > 0 && (
        <Box mt="lg">
          <Title order={3} size="h5" mb="xs">Payments</Title>
          <Table.ScrollContainer minWidth={340} type="native" tabIndex={0} role="region" aria-label="Payments">
            <Table horizontalSpacing="xs">
              <Table.Thead><Table.Tr><Table.Th>Date</Table.Th><Table.Th>Method</Table.Th><Table.Th>Reference</Table.Th><Table.Th ta="right">Amount</Table.Th></Table.Tr></Table.Thead>
              <Table.Tbody>
                {inv.payments.map((p) => (
                  <Table.Tr key={p.id}>
                    <Table.Td>{formatDay(p.paidOn)}</Table.Td>
                    <Table.Td>{paymentMethodLabels[p.method as keyof typeof paymentMethodLabels] ?? p.method}</Table.Td>
                    <Table.Td>{p.reference || "—"}</Table.Td>
                    <Table.Td ta="right">{money(p.amount)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Box>
      )}
      {inv.notes && (
        <Box mt="lg">
          <Title order={3} size="h5" mb="xs">Notes</Title>
          <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>{inv.notes}</Text>
        </Box>
      )}
    </Card>
  );
}

function TotalRow({ label, value, strong }: { label: string; value: string; strong?: boolean }) {
  return (
    <Table.Tr>
      <Table.Th fw={strong ? 700 : 400} scope="row">{label}</Table.Th>
      <Table.Td ta="right" fw={strong ? 700 : 400}>{value}</Table.Td>
    </Table.Tr>
  );
}

/** A list of invoices (console and portal): number and PO, dates, status, totals; on a phone the status rides with the number. */
export function InvoiceTable({ items, hrefOf, numberHeader, showAccount, caption }: { items: InvoiceListItem[]; hrefOf: (id: string) => string; numberHeader: string; showAccount?: boolean; caption?: string }) {
  return (
    <Table.ScrollContainer minWidth={showAccount ? 720 : 640} type="native" tabIndex={0} role="region" aria-label="Invoices">
      <Table striped highlightOnHover>
        {caption && <Table.Caption>{caption}</Table.Caption>}
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{numberHeader}</Table.Th>
            {showAccount && <Table.Th>Account</Table.Th>}
            <Table.Th>Invoice date</Table.Th>
            <Table.Th>Due</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th ta="right">Grand total</Table.Th>
            <Table.Th ta="right">Payment due</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((i) => (
            <Table.Tr key={i.id}>
              <Table.Td>
                <Anchor component={Link} to={hrefOf(i.id)}>{i.displayNumber ?? "Draft"}</Anchor>
                {i.poNumber && <Text size="xs" c="dimmed">PO {i.poNumber}</Text>}
                <Group hiddenFrom="sm" gap={4} mt={2}><InvoiceStatusBadge status={i.status} size="sm" /><Text size="xs">{formatMoney(i.paymentDue, i.currency)} due</Text></Group>
              </Table.Td>
              {showAccount && <Table.Td>{i.account.name}</Table.Td>}
              <Table.Td>{formatDay(i.invoiceDate)}</Table.Td>
              <Table.Td>{formatDay(i.dueDate)}</Table.Td>
              <Table.Td><InvoiceStatusBadge status={i.status} /></Table.Td>
              <Table.Td ta="right">{formatMoney(i.grandTotal, i.currency)}</Table.Td>
              <Table.Td ta="right">{formatMoney(i.paymentDue, i.currency)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
