// Domain invoices → Invoicera response content, shaped like the document's response fragments:
// statuses capitalised (Draft, Partial-Paid), dates `YYYY-MM-DD HH:MM:SS`, amounts with the
// currency's decimals (10.00), line items inside listInvoice rows. Where the document shows no
// element names we follow research A4. Amounts come from computeTotals only.
import { Big, dec, formatMoney, minorDigits } from '../money/money.js';
import type { Client, Invoice, InvoiceStatus, LineItem, Payment, Tax } from '../invoicing/model.js';
import type { InvoiceTotals, LineTotals } from '../invoicing/totals.js';
import type { XOut } from './xml.js';

const STATUS_OUT: Record<InvoiceStatus, string> = { draft: 'Draft', sent: 'Sent', viewed: 'Viewed', 'partial-paid': 'Partial-Paid', paid: 'Paid' };

export const statusOut = (s: InvoiceStatus) => STATUS_OUT[s];

/** A day as the document shows it: `2010-11-01 00:00:00`. */
export const dayOut = (ymd: string | undefined) => (ymd ? `${ymd} 00:00:00` : '');

/** An ISO timestamp (or a bare day) as `YYYY-MM-DD HH:MM:SS`, UTC. */
export function stampOut(iso: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return dayOut(iso);
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : new Date(t).toISOString().slice(0, 19).replace('T', ' ');
}

const m = (amount: Big, currency: string) => formatMoney(amount, currency);

/** Stored decimal text with at least `min` decimals and never fewer than it has (10 → 10.00, 2.125 kept). */
function atLeast(textValue: string, min: number): string {
  if (textValue.trim() === '') return textValue;
  try {
    const d = dec(textValue);
    return d.toFixed(Math.max(min, d.c.length - d.e - 1));
  } catch {
    return textValue;
  }
}

function taxOut(tax: Tax | undefined, n: 1 | 2, value: Big, currency: string): XOut {
  if (!tax) return {};
  return { [`tax${n}_name`]: tax.name, [`tax${n}_percent`]: tax.percent, [`tax${n}_type`]: tax.type, [`tax${n}_value`]: m(value, currency) };
}

export function itemOut(item: LineItem, t: LineTotals, currency: string): XOut {
  const money = minorDigits(currency);
  return {
    invoice_item_id: item.id,
    item_id: item.id,
    name: item.name,
    type: item.type,
    description: item.description,
    unit_cost: atLeast(item.unitCost, money),
    quantity: atLeast(item.quantity, 2),
    discount: item.discountType === 'Fixed' ? atLeast(item.discount, money) : atLeast(item.discount, 2),
    discount_type: item.discountType,
    ...taxOut(item.tax1, 1, t.tax1, currency),
    ...taxOut(item.tax2, 2, t.tax2, currency),
    credit: item.credit ? '1' : undefined,
    gross_amount: m(t.gross, currency),
    total_discount: m(t.discount, currency),
    total_price: m(t.net, currency),
    line_total: m(t.total, currency),
  };
}

export function paymentOut(p: Payment): XOut {
  return {
    // Stored already formatted to the currency by preparePayment.
    payment_id: p.id, amount: p.amount, payment_method: p.method, payment_date: stampOut(p.date),
    notes: p.notes, transaction_id: p.transactionId,
  };
}

/** Totals chain, Invoicera names (research A4). */
export function totalsOut(t: InvoiceTotals, currency: string): XOut {
  return {
    sub_total: m(t.subTotal, currency),
    total_tax: m(t.totalTax, currency),
    items_total: m(t.itemsTotal, currency),
    discount_amount: m(t.discount, currency),
    after_discount_total: m(t.afterDiscount, currency),
    additional_charge_total: m(t.charges, currency),
    net_balance: m(t.netBalance, currency),
    late_fee: m(t.lateFee, currency),
    invoice_total: m(t.total, currency),
    total_paid: m(t.totalPaid, currency),
    outstanding: m(t.balance, currency),
  };
}

/** The invoice's client: the address on the invoice, else the client's own. */
function clientOut(inv: Invoice, client: Client | undefined): XOut {
  return {
    client_id: inv.clientId,
    name: client ? `${client.firstName} ${client.lastName}`.trim() : '',
    organization: client?.organization ?? '',
    email: client?.email ?? '',
    address: inv.clientAddress ?? client?.address ?? '',
  };
}

/** A listInvoice row: the summary, the client and the line items (as the document's rows show). */
export function invoiceSummaryOut(inv: Invoice, t: InvoiceTotals, client?: Client): XOut {
  const c = inv.currency;
  return {
    invoice_id: inv.id, status: statusOut(inv.status), number: inv.number, client_id: inv.clientId, client: clientOut(inv, client),
    invoice_title: inv.title, date: dayOut(inv.date), due_date: dayOut(inv.dueDate), record_status: inv.recordStatus, currency_code: c,
    invoice_total: m(t.total, c), total_paid: m(t.totalPaid, c), outstanding: m(t.balance, c),
    items: { item: inv.items.map((it, i) => itemOut(it, t.lines[i], c)) },
  };
}

export function invoiceOut(inv: Invoice, t: InvoiceTotals, client?: Client): XOut {
  const c = inv.currency;
  return {
    ...invoiceSummaryOut(inv, t, client),
    job_id: inv.jobId,
    schedule_date: dayOut(inv.scheduleDate),
    po_number: inv.poNumber,
    notes: inv.notes,
    terms: inv.terms,
    discount: inv.discount ? atLeast(inv.discount.value, 2) : '',
    discount_type: inv.discount?.type ?? '',
    additional_charges: { additional_charge: inv.additionalCharges.map((ch) => ({ name: ch.name, type: ch.type, amount: atLeast(ch.amount, 2) })) },
    custom_fields: { custom_field: inv.customFields.map((f) => ({ label: f.label, value: f.value })) },
    payments: { payment: inv.payments.map(paymentOut) },
    ...totalsOut(t, c),
    created_at: stampOut(inv.createdAt),
    updated_at: stampOut(inv.updatedAt),
  };
}
