// Invoicera invoice fields ⇄ the domain model. Field names follow the Invoicera XML API (research A3,
// A4). Amounts go out through formatMoney and come from computeTotals only.
import { formatMoney, type Big } from '../money/money.js';
import type { AdditionalCharge, CustomField, DiscountType, Invoice, ItemType, LineItem, Payment, Tax, TaxType } from '../invoicing/model.js';
import type { InvoiceInput, LineItemInput } from '../invoicing/invoice.js';
import { parseRecordStatus, parseWorkflowStatus } from '../invoicing/status.js';
import type { InvoiceTotals, LineTotals } from '../invoicing/totals.js';
import { has, nodes, optEnum, optId, optNode, optText, text } from './fields.js';
import type { XNode, XOut } from './xml.js';

const DISCOUNT_TYPES: Record<string, DiscountType> = { percent: 'Percent', fixed: 'Fixed' };
const ITEM_TYPES: Record<string, ItemType> = { product: 'Product', service: 'Service' };
const TAX_TYPES: Record<string, TaxType> = { normal: 'Normal', compound: 'Compound' };

function readTax(node: XNode, n: 1 | 2): Tax | undefined {
  const percent = optText(node, `tax${n}_percent`);
  if (percent === undefined) return undefined;
  return { name: optText(node, `tax${n}_name`) ?? '', percent, type: optEnum(node, `tax${n}_type`, TAX_TYPES) ?? 'Normal' };
}

/** The item fields present in `node` (absent fields stay absent: updateInvoiceItem changes only those). */
export function readItemFields(node: XNode): LineItemInput {
  const item: LineItemInput = {};
  const name = text(node, 'name');
  if (name !== undefined) item.name = name;
  const type = optEnum(node, 'type', ITEM_TYPES);
  if (type) item.type = type;
  const description = text(node, 'description');
  if (description !== undefined) item.description = description;
  for (const [field, key] of [['unit_cost', 'unitCost'], ['quantity', 'quantity'], ['discount', 'discount']] as const) {
    const v = text(node, field);
    if (v !== undefined) item[key] = v.trim();
  }
  const discountType = optEnum(node, 'discount_type', DISCOUNT_TYPES);
  if (discountType) item.discountType = discountType;
  for (const n of [1, 2] as const) {
    if (has(node, `tax${n}_percent`)) item[n === 1 ? 'tax1' : 'tax2'] = readTax(node, n);
  }
  return item;
}

/** `<items><item>…</item></items>`, or bare `<item>` elements. */
export function readItems(node: XNode): Array<LineItemInput & { id?: number }> {
  const list = [...nodes(optNode(node, 'items') ?? {}, 'item'), ...nodes(node, 'item')];
  return list.map((it) => ({ ...readItemFields(it), id: optId(it, 'item_id') }));
}

function readCharges(node: XNode): AdditionalCharge[] {
  return nodes(optNode(node, 'additional_charges') ?? {}, 'additional_charge').map((c) => ({
    name: optText(c, 'name') ?? '',
    type: optEnum(c, 'type', DISCOUNT_TYPES) ?? 'Fixed',
    amount: optText(c, 'amount') ?? '0',
  }));
}

export function readCustomFields(node: XNode): CustomField[] {
  return nodes(optNode(node, 'custom_fields') ?? {}, 'custom_field').map((f) => ({ label: optText(f, 'label') ?? '', value: text(f, 'value') ?? '' }));
}

/** client_id from `<client><client_id>` or a top-level `<client_id>`. */
export function readClientId(node: XNode): number | undefined {
  const client = optNode(node, 'client');
  return (client && optId(client, 'client_id')) ?? optId(node, 'client_id');
}

/**
 * Every invoice field of a createInvoice/updateInvoice request. Absent optional fields come back
 * undefined, so updateInvoice can apply "fields left out delete the previous value".
 */
export function readInvoiceFields(node: XNode): Omit<InvoiceInput, 'clientId'> & { clientId?: number } {
  const discountValue = optText(node, 'discount');
  const status = optText(node, 'status');
  const recordStatus = optText(node, 'record_status');
  return {
    clientId: readClientId(node),
    number: optText(node, 'number', 'invoice_number'),
    title: optText(node, 'invoice_title', 'title') ?? '',
    date: optText(node, 'date'),
    dueDate: optText(node, 'due_date'),
    scheduleDate: optText(node, 'schedule_date'),
    poNumber: optText(node, 'po_number') ?? '',
    status: status === undefined ? undefined : parseWorkflowStatus(status),
    recordStatus: recordStatus === undefined ? undefined : parseRecordStatus(recordStatus),
    notes: text(node, 'notes') ?? '',
    terms: text(node, 'terms') ?? '',
    lateFee: optText(node, 'late_fee') ?? '0',
    currency: optText(node, 'currency_code', 'currency'),
    discount: discountValue === undefined ? undefined : { type: optEnum(node, 'discount_type', DISCOUNT_TYPES) ?? 'Percent', value: discountValue },
    items: readItems(node),
    additionalCharges: readCharges(node),
    customFields: readCustomFields(node),
  };
}

// ---- output ----

const m = (amount: Big, currency: string) => formatMoney(amount, currency);

function taxOut(tax: Tax | undefined, n: 1 | 2, value: Big, currency: string): XOut {
  if (!tax) return {};
  return { [`tax${n}_name`]: tax.name, [`tax${n}_percent`]: tax.percent, [`tax${n}_type`]: tax.type, [`tax${n}_value`]: m(value, currency) };
}

export function itemOut(item: LineItem, t: LineTotals, currency: string): XOut {
  return {
    item_id: item.id,
    name: item.name,
    type: item.type,
    description: item.description,
    unit_cost: item.unitCost,
    quantity: item.quantity,
    discount: item.discount,
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
    payment_id: p.id, amount: p.amount, payment_method: p.method, payment_date: p.date,
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

/** The short form used by listInvoice. */
export function invoiceSummaryOut(inv: Invoice, t: InvoiceTotals): XOut {
  return {
    invoice_id: inv.id, number: inv.number, client_id: inv.clientId, invoice_title: inv.title, date: inv.date,
    due_date: inv.dueDate ?? '', status: inv.status, record_status: inv.recordStatus, currency_code: inv.currency,
    invoice_total: m(t.total, inv.currency), total_paid: m(t.totalPaid, inv.currency), outstanding: m(t.balance, inv.currency),
  };
}

export function invoiceOut(inv: Invoice, t: InvoiceTotals): XOut {
  const c = inv.currency;
  return {
    ...invoiceSummaryOut(inv, t),
    job_id: inv.jobId,
    schedule_date: inv.scheduleDate ?? '',
    po_number: inv.poNumber,
    notes: inv.notes,
    terms: inv.terms,
    discount: inv.discount?.value ?? '',
    discount_type: inv.discount?.type ?? '',
    items: { item: inv.items.map((it, i) => itemOut(it, t.lines[i], c)) },
    additional_charges: { additional_charge: inv.additionalCharges.map((ch) => ({ name: ch.name, type: ch.type, amount: ch.amount })) },
    custom_fields: { custom_field: inv.customFields.map((f) => ({ label: f.label, value: f.value })) },
    payments: { payment: inv.payments.map(paymentOut) },
    ...totalsOut(t, c),
    created_at: inv.createdAt,
    updated_at: inv.updatedAt,
  };
}
