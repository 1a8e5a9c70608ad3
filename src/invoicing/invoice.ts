// Building and changing invoices as plain data (pure: ids and `now` are passed in). Defaults follow
// Invoicera (research A3): date today, status draft, item type Product, unit_cost and quantity 0,
// discount type Percent. Every result is checked by computeTotals before anyone stores it.
import { invalid, quoted } from '../errors.js';
import type {
  AdditionalCharge, CustomField, DiscountType, Invoice, InvoiceDiscount, InvoiceStatus, ItemType,
  KeapLineRef, LineItem, RecordStatus, Tax,
} from './model.js';
import { LineSums, computeLineTotals, computeTotals, totalsFromLines, type LineTotals } from './totals.js';
import { deriveStatus, workflowFor, type RequestedStatus } from './status.js';

export interface LineItemInput {
  name?: string;
  type?: ItemType;
  description?: string;
  unitCost?: string;
  quantity?: string;
  discount?: string;
  discountType?: DiscountType;
  tax1?: Tax;
  tax2?: Tax;
  credit?: boolean;
  keap?: KeapLineRef;
}

export interface InvoiceInput {
  clientId: number;
  /** The address printed on this invoice when it differs from the client's (Invoicera <client><address>). */
  clientAddress?: string;
  jobId?: number;
  /** Explicit invoice number; automatic when absent. */
  number?: string;
  title?: string;
  date?: string;
  dueDate?: string;
  scheduleDate?: string;
  poNumber?: string;
  /** draft (default), sent, viewed; the balance statuses are checked (or, for paid, settled) by the service. */
  status?: RequestedStatus;
  recordStatus?: RecordStatus;
  notes?: string;
  terms?: string;
  lateFee?: string;
  currency?: string;
  discount?: InvoiceDiscount;
  items?: LineItemInput[];
  additionalCharges?: AdditionalCharge[];
  customFields?: CustomField[];
  promoCodes?: string[];
}

/**
 * A change to an invoice: keys present replace the stored value; a present key whose value is
 * undefined clears an optional field (dueDate, scheduleDate, discount, jobId, clientAddress). `items`, when present,
 * replaces all lines (a line keeps its id when it names one the invoice has).
 */
export type InvoicePatch = Partial<Omit<InvoiceInput, 'items'>> & { items?: Array<LineItemInput & { id?: number }> };

/** Lines per invoice: a bound on work per request, far above any real invoice. */
export const MAX_LINE_ITEMS = 1000;

export function checkLineCount(count: number): void {
  if (count > MAX_LINE_ITEMS) throw invalid(`an invoice has at most ${MAX_LINE_ITEMS} items (got ${count})`, 'items');
}

const YMD = /^\d{4}-\d{2}-\d{2}$/;
const CURRENCY = /^[A-Z]{3}$/;

/** The last date found valid: every order placed on a day checks that same day (two Date parses each). */
let lastValidDate = '';

export function checkDate(value: string, field: string, label = field): string {
  const v = value.trim();
  if (v === lastValidDate) return v;
  if (!YMD.test(v) || Number.isNaN(Date.parse(`${v}T00:00:00Z`)) || new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) !== v) {
    throw invalid(`${label} must be a date YYYY-MM-DD (got ${quoted(value)})`, field);
  }
  lastValidDate = v;
  return v;
}

export function checkCurrency(value: string): string {
  const c = value.trim().toUpperCase();
  if (!CURRENCY.test(c)) throw invalid(`currency must be an ISO 4217 code such as USD (got ${quoted(value)})`, 'currency');
  return c;
}

const text = (v: string | undefined) => (v ?? '').trim();
const amountText = (v: string | undefined) => (v === undefined || v.trim() === '' ? '0' : v.trim());

export function buildItem(input: LineItemInput, id: number): LineItem {
  const item: LineItem = {
    id,
    name: text(input.name),
    type: input.type ?? 'Product',
    description: input.description ?? '',
    unitCost: amountText(input.unitCost),
    quantity: amountText(input.quantity),
    discount: amountText(input.discount),
    discountType: input.discountType ?? 'Percent',
  };
  if (input.tax1) item.tax1 = input.tax1;
  if (input.tax2) item.tax2 = input.tax2;
  if (input.credit) item.credit = true;
  if (input.keap) item.keap = input.keap;
  return item;
}

/** Only the given fields change; a tax set to undefined is removed. */
export function patchItem(item: LineItem, patch: LineItemInput): LineItem {
  const merged: LineItemInput = { ...item };
  for (const [k, v] of Object.entries(patch) as Array<[keyof LineItemInput, unknown]>) {
    (merged as Record<string, unknown>)[k] = v;
  }
  return buildItem(merged, item.id);
}

export interface BuildContext {
  id: number;
  number: string;
  currency: string;
  now: Date;
  itemIds: number[];
}

export function buildInvoice(input: InvoiceInput, ctx: BuildContext): Invoice {
  const items = input.items ?? [];
  if (items.length !== ctx.itemIds.length) throw new Error('buildInvoice: one item id per item is required');
  const stamp = ctx.now.toISOString();
  const inv: Invoice = {
    id: ctx.id,
    number: ctx.number,
    clientId: input.clientId,
    title: text(input.title),
    date: input.date ? checkDate(input.date, 'date') : stamp.slice(0, 10),
    poNumber: text(input.poNumber),
    status: input.status ? workflowFor(input.status, 'draft') : 'draft',
    recordStatus: input.recordStatus ?? 'Active',
    notes: input.notes ?? '',
    terms: input.terms ?? '',
    lateFee: amountText(input.lateFee),
    currency: input.currency ? checkCurrency(input.currency) : ctx.currency,
    items: items.map((it, i) => buildItem(it, ctx.itemIds[i])),
    additionalCharges: input.additionalCharges ?? [],
    customFields: input.customFields ?? [],
    payments: [],
    promoCodes: input.promoCodes ?? [],
    createdAt: stamp,
    updatedAt: stamp,
  };
  if (input.jobId !== undefined) inv.jobId = input.jobId;
  if (input.clientAddress?.trim()) inv.clientAddress = input.clientAddress.trim();
  if (input.dueDate) inv.dueDate = checkDate(input.dueDate, 'dueDate', 'due date');
  if (input.scheduleDate) inv.scheduleDate = checkDate(input.scheduleDate, 'scheduleDate', 'schedule date');
  if (input.discount) inv.discount = input.discount;
  return settleOwn(inv);
}

const OPTIONAL_KEYS = ['jobId', 'dueDate', 'scheduleDate', 'discount', 'clientAddress'] as const;

/** Apply a patch (items already carrying their ids). The number and payments are not patchable here. */
export function patchInvoice(inv: Invoice, patch: Omit<InvoicePatch, 'items' | 'number'> & { items?: LineItem[] }, now: Date): Invoice {
  const next: Invoice = { ...inv };
  for (const key of OPTIONAL_KEYS) {
    if (key in patch && (patch as Record<string, unknown>)[key] === undefined) delete next[key];
  }
  if (patch.title !== undefined) next.title = text(patch.title);
  if (patch.date !== undefined) next.date = checkDate(patch.date, 'date');
  if (patch.dueDate) next.dueDate = checkDate(patch.dueDate, 'dueDate', 'due date');
  if (patch.scheduleDate) next.scheduleDate = checkDate(patch.scheduleDate, 'scheduleDate', 'schedule date');
  if (patch.jobId !== undefined) next.jobId = patch.jobId;
  if (patch.discount) next.discount = patch.discount;
  if (patch.clientId !== undefined) next.clientId = patch.clientId;
  if (patch.clientAddress !== undefined) {
    if (patch.clientAddress.trim()) next.clientAddress = patch.clientAddress.trim();
    else delete next.clientAddress;
  }
  if (patch.poNumber !== undefined) next.poNumber = text(patch.poNumber);
  if (patch.status !== undefined) next.status = workflowFor(patch.status, inv.status);
  if (patch.recordStatus !== undefined) next.recordStatus = patch.recordStatus;
  if (patch.notes !== undefined) next.notes = patch.notes;
  if (patch.terms !== undefined) next.terms = patch.terms;
  if (patch.lateFee !== undefined) next.lateFee = amountText(patch.lateFee);
  if (patch.currency !== undefined) {
    next.currency = checkCurrency(patch.currency);
    if (next.currency !== inv.currency && inv.payments.length > 0) {
      throw invalid('currency cannot change once payments are recorded', 'currency');
    }
  }
  if (patch.items !== undefined) next.items = patch.items;
  if (patch.additionalCharges !== undefined) next.additionalCharges = patch.additionalCharges;
  if (patch.customFields !== undefined) next.customFields = patch.customFields;
  if (patch.promoCodes !== undefined) next.promoCodes = patch.promoCodes;
  next.updatedAt = now.toISOString();
  return settleOwn(next);
}

/** Validate the totals (throws on an impossible invoice) and let the status follow the balance. */
export function settle(inv: Invoice): Invoice {
  return settleOwn({ ...inv });
}

/** settle() of an invoice object this module has just made (no one else holds it): set in place, not copied. */
function settleOwn(inv: Invoice): Invoice {
  checkLineCount(inv.items.length);
  inv.status = deriveStatus(inv.status, computeTotals(inv));
  return inv;
}

/**
 * An invoice held in memory that gets its lines one at a time (an order being placed). Each line
 * is checked exactly as settle() would check the invoice after it (same faults, in the same order,
 * and the status follows), but the earlier lines' totals are kept instead of recomputed and the
 * invoice object is made once, by finish().
 */
export class GrowingInvoice {
  private readonly items: LineItem[];
  private readonly lines: LineTotals[];
  /** The invoice-level sums of `lines`, kept as lines are added. */
  private readonly sums = new LineSums();
  /** The invoice as it now is; its items array grows in place (only the totals routine reads it). */
  private readonly current: Invoice;
  private status: InvoiceStatus;

  /** `base` is settled (buildInvoice, patchInvoice or a stored invoice). */
  constructor(readonly base: Invoice) {
    this.items = base.items.slice();
    this.lines = [];
    for (let i = 0; i < this.items.length; i++) {
      this.lines.push(computeLineTotals(this.items[i], i, base.currency));
      this.sums.add(this.items[i], this.lines[i]);
    }
    this.current = { ...base, items: this.items };
    this.status = base.status;
  }

  get currency(): string { return this.base.currency; }

  add(item: LineItem): void {
    checkLineCount(this.items.length + 1);
    const line = computeLineTotals(item, this.items.length, this.base.currency);
    this.lines.push(line);
    this.items.push(item);
    this.sums.add(item, line);
    this.status = deriveStatus(this.status, totalsFromLines(this.current, this.lines, this.sums));
  }

  /** The lines so far, as an invoice (for a reader such as the tax step); not stamped. */
  snapshot(): Invoice {
    return { ...this.base, items: this.items.slice(), status: this.status };
  }

  /**
   * The invoice with its new lines and, when given, its promo codes (they change no amount, so no
   * new check), updated at `now`; unchanged when neither was added. One copy of the invoice.
   */
  finish(now: Date, promoCodes?: string[]): Invoice {
    if (this.items.length === this.base.items.length && !promoCodes) return this.base;
    const inv = this.snapshot();
    inv.updatedAt = now.toISOString();
    if (promoCodes) inv.promoCodes = promoCodes;
    return inv;
  }
}
