// Invoicera invoice request fields → the domain model. Field names follow the Invoicera XML API
// document (../shared/seeds/003_…, research A3); defaults are the document's: item type Product,
// discount_type Percent, additional charge Percent 10. Output is in invoice-out.ts.
import type { AdditionalCharge, CustomField, DiscountType, ItemType, LineItem, Tax, TaxType } from '../invoicing/model.js';
import type { InvoiceInput, LineItemInput } from '../invoicing/invoice.js';
import { parseRecordStatus, parseRequestedStatus } from '../invoicing/status.js';
import { dayOf, has, nodes, optEnum, optId, optNode, optText, text } from './fields.js';
import type { XNode } from './xml.js';

const DISCOUNT_TYPES: Record<string, DiscountType> = { percent: 'Percent', fixed: 'Fixed' };
// "Products" is how the document's responses spell the type; accepted so an answer can be sent back.
const ITEM_TYPES: Record<string, ItemType> = { product: 'Product', products: 'Product', service: 'Service', services: 'Service' };
const TAX_TYPES: Record<string, TaxType> = { normal: 'Normal', compound: 'Compound' };

const ZERO_TEXT = /^0*\.?0*$/;

/**
 * tax1/tax2 of an item: undefined when none of its fields is in the request (unchanged); otherwise
 * the given fields over `base`. A name with an empty percent is a 0 % tax that keeps its name; a tax
 * with neither name nor rate is removed (`{ tax: undefined }`).
 */
function readTax(node: XNode, n: 1 | 2, base: Tax | undefined): { tax: Tax | undefined } | undefined {
  const f = (s: string) => `tax${n}_${s}`;
  if (!has(node, f('name')) && !has(node, f('percent')) && !has(node, f('type'))) return undefined;
  const name = has(node, f('name')) ? (text(node, f('name')) ?? '').trim() : base?.name ?? '';
  const percent = has(node, f('percent')) ? optText(node, f('percent')) ?? '0' : base?.percent ?? '0';
  const type = optEnum(node, f('type'), TAX_TYPES) ?? base?.type ?? 'Normal';
  return { tax: name === '' && ZERO_TEXT.test(percent) ? undefined : { name, percent, type } };
}

/**
 * The item fields present in `node` (absent fields stay absent: updateInvoiceItem changes only
 * those). `base` is the line being updated, so a tax field given alone keeps the tax's other fields.
 */
export function readItemFields(node: XNode, base?: LineItem): LineItemInput {
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
    const key = n === 1 ? 'tax1' : 'tax2';
    const tax = readTax(node, n, base?.[key]);
    if (tax) item[key] = tax.tax;
  }
  return item;
}

/** The id of the line an `<item>` names: invoice_item_id (the document) or item_id (ours). */
export function itemIdOf(node: XNode): number | undefined {
  return optId(node, 'invoice_item_id') ?? optId(node, 'item_id');
}

/** `<items><item>…</item></items>`, or bare `<item>` elements. */
export function itemNodes(node: XNode): XNode[] {
  return [...nodes(optNode(node, 'items') ?? {}, 'item'), ...nodes(node, 'item')];
}

export function readItems(node: XNode): Array<LineItemInput & { id?: number }> {
  return itemNodes(node).map((it) => ({ ...readItemFields(it), id: itemIdOf(it) }));
}

/** Defaults per the document: type Percent, amount 10. */
function readCharges(node: XNode): AdditionalCharge[] {
  return nodes(optNode(node, 'additional_charges') ?? {}, 'additional_charge').map((c) => ({
    name: optText(c, 'name') ?? '',
    type: optEnum(c, 'type', DISCOUNT_TYPES) ?? 'Percent',
    amount: optText(c, 'amount') ?? '10',
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

const optDay = (node: XNode, name: string) => dayOf(optText(node, name));

/**
 * Every invoice field of a createInvoice/updateInvoice request. Absent optional fields come back
 * undefined, so updateInvoice can apply "fields left out delete the previous value".
 */
export function readInvoiceFields(node: XNode): Omit<InvoiceInput, 'clientId'> & { clientId?: number } {
  const discountValue = optText(node, 'discount');
  const status = optText(node, 'status', 'invoice_status');
  const recordStatus = optText(node, 'record_status', 'invoice_record_status');
  const client = optNode(node, 'client');
  return {
    clientId: readClientId(node),
    clientAddress: (client && optText(client, 'address')) ?? '',
    number: optText(node, 'number', 'invoice_number'),
    title: optText(node, 'invoice_title', 'title') ?? '',
    date: optDay(node, 'date'),
    dueDate: optDay(node, 'due_date'),
    scheduleDate: optDay(node, 'schedule_date'),
    poNumber: optText(node, 'po_number') ?? '',
    status: status === undefined ? undefined : parseRequestedStatus(status),
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
