// The invoice document: everything a reader sees, as display text, built from the invoice, its
// client and THE totals routine (computeTotals). The HTML and PDF renderers only lay this out, so
// both show the same figures and neither computes an amount.
import type { Client, Invoice, LineItem } from '../invoicing/model.js';
import { computeTotals, type InvoiceTotals } from '../invoicing/totals.js';
import { dec, minorDigits } from '../money/money.js';
import { dateText, moneyFormat, type MoneyFormat } from './format.js';

export interface Seller { name: string; address: string[]; email: string; phone: string; taxId: string }

/** What the outbox keeps to rebuild a mailed document later: the invoice and client as they were. */
export interface DocumentSource { invoice: Invoice; client?: Client }

export interface DocumentLine {
  name: string;
  description: string;
  quantity: string;
  unitCost: string;
  /** "10% (−2.00)" / "−5.00" / "" */
  discount: string;
  /** One entry per tax on the line: "VAT 20%: 3.60". */
  taxes: string[];
  total: string;
  credit: boolean;
}

export interface DocumentRow { label: string; amount: string }

export interface InvoiceDocument {
  seller: Seller;
  client: { name: string; address: string[]; email: string };
  title: string;
  number: string;
  date: string;
  dueDate: string;
  poNumber: string;
  /** "Partially paid", "Paid", … (and "Cancelled"/"Archived" when the record is). */
  status: string;
  currency: string;
  lines: DocumentLine[];
  /** Sub-total, discount, charges, tax totals, late fee, in reading order. */
  summary: DocumentRow[];
  total: string;
  payments: Array<{ date: string; method: string; amount: string; reference: string }>;
  paid: string;
  balance: string;
  promoCodes: string[];
  notes: string;
  terms: string;
}

const STATUS_TEXT: Record<Invoice['status'], string> = {
  draft: 'Draft', sent: 'Sent', viewed: 'Viewed', 'partial-paid': 'Partially paid', paid: 'Paid',
};

function clientBlock(client: Client | undefined): InvoiceDocument['client'] {
  if (!client) return { name: '', address: [], email: '' };
  const x = client.extra ?? {};
  const s = (k: string) => (typeof x[k] === 'string' ? (x[k] as string).trim() : '');
  const person = [client.firstName, client.lastName].filter(Boolean).join(' ');
  const cityLine = [s('City'), s('State'), s('PostalCode')].filter(Boolean).join(' ');
  const address = [client.organization && person ? client.organization : '', client.address, s('StreetAddress2'), cityLine, client.country]
    .map((l) => l.trim()).filter(Boolean);
  return { name: person || client.organization, address, email: client.email };
}

function percentText(p: string): string {
  return `${p.replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '')}%`;
}

function lineOf(item: LineItem, t: InvoiceTotals['lines'][number], money: MoneyFormat, currency: string): DocumentLine {
  let discount = '';
  if (t.discount.gt(0)) discount = item.discountType === 'Percent' ? `${percentText(item.discount)} (-${money(t.discount)})` : `-${money(t.discount)}`;
  const taxes: string[] = [];
  if (item.tax1) taxes.push(`${item.tax1.name} ${percentText(item.tax1.percent)}: ${money(t.tax1)}`);
  if (item.tax2) taxes.push(`${item.tax2.name} ${percentText(item.tax2.percent)}${item.tax2.type === 'Compound' ? ' (compound)' : ''}: ${money(t.tax2)}`);
  return {
    name: item.name, description: item.description, quantity: item.quantity, unitCost: unitCost(item.unitCost, currency, money),
    discount, taxes, total: t.credit ? `-${money(t.total)}` : money(t.total), credit: t.credit,
  };
}

/** The unit cost as stored, with its own decimals when it has more than the currency (0.1234). */
function unitCost(text: string, currency: string, money: MoneyFormat): string {
  const value = dec(text);
  const own = (text.split('.')[1] ?? '').replace(/0+$/, '').length;
  return money(value, Math.max(own, minorDigits(currency)));
}

/** `drawable`: what the target renderer can show (see moneyFormat); HTML shows everything. */
export function buildDocument(src: DocumentSource, opts: { seller: Seller; locale: string; drawable?: (s: string) => boolean }): InvoiceDocument {
  const inv = src.invoice;
  const t = computeTotals(inv);
  const money = moneyFormat(inv.currency, opts.locale, opts.drawable);
  const summary: DocumentRow[] = [{ label: 'Sub-total', amount: money(t.subTotal) }];
  for (const tax of t.taxTotals) {
    summary.push({ label: `${tax.name} ${percentText(tax.percent)}${tax.type === 'Compound' ? ' (compound)' : ''}`, amount: money(tax.amount) });
  }
  summary.push({ label: 'Total tax', amount: money(t.totalTax) });
  if (inv.discount && t.discount.gt(0)) {
    const how = inv.discount.type === 'Percent' ? ` ${percentText(inv.discount.value)}` : '';
    summary.push({ label: `Discount${how}`, amount: `-${money(t.discount)}` });
  }
  inv.additionalCharges.forEach((c, i) => {
    summary.push({ label: `${c.name || 'Additional charge'}${c.type === 'Percent' ? ` ${percentText(c.amount)}` : ''}`, amount: money(t.chargeAmounts[i]) });
  });
  if (t.lateFee.gt(0)) summary.push({ label: 'Late fee', amount: money(t.lateFee) });
  const record = inv.recordStatus === 'Active' ? '' : inv.recordStatus === 'Cancel' ? ' (cancelled)' : ' (archived)';
  return {
    seller: opts.seller,
    client: clientBlock(src.client),
    title: inv.title,
    number: inv.number,
    date: dateText(inv.date, opts.locale),
    dueDate: dateText(inv.dueDate, opts.locale),
    poNumber: inv.poNumber,
    status: STATUS_TEXT[inv.status] + record,
    currency: inv.currency,
    lines: inv.items.map((item, i) => lineOf(item, t.lines[i], money, inv.currency)),
    summary,
    total: money(t.total),
    payments: inv.payments.map((p) => ({
      date: dateText(p.date, opts.locale), method: p.method, amount: money(dec(p.amount)),
      reference: p.transactionId ?? '',
    })),
    paid: money(t.totalPaid),
    balance: money(t.balance),
    promoCodes: inv.promoCodes ?? [],
    notes: inv.notes,
    terms: inv.terms,
  };
}
