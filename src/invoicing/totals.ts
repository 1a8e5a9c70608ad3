// THE invoice calculation routine. Every view (Invoicera XML, Keap tables, CLI) reads its amounts
// from computeTotals, so a total can never differ by a cent between two screens.
//
// Semantics (Invoicera, research A5), rounding HALF_UP to the currency's minor unit at line level:
//   gross    = round(unit_cost × quantity)
//   discount = round(gross × d / 100) (Percent, d ≤ 100) | d (Fixed, per line)      — before tax
//   net      = gross − discount                                                     (≥ 0)
//   tax1     = round(net × t1 / 100)            (a "Compound" tax1 is Normal: nothing precedes it)
//   tax2     = round(net × t2 / 100) Normal | round((net + tax1) × t2 / 100) Compound (rounded tax1)
//   line total = net + tax1 + tax2; a credit line subtracts its net and its taxes
//   subTotal = Σ net, totalTax = Σ (tax1 + tax2), itemsTotal = subTotal + totalTax
//   (a Keap tax line — OrderItem.ItemType 2 — is tax: its net counts in totalTax, not subTotal)
//   discount (invoice) = round(itemsTotal × p / 100) | fixed;   afterDiscount = itemsTotal − discount
//   charges = Σ fixed | round(itemsTotal × p / 100)  (base: items total, tax included, pre-discount)
//   netBalance = afterDiscount + charges;  total = netBalance + lateFee  (late fee IS owed)
//   balance = total − totalPaid
// Totals are sums of the rounded parts; nothing may go negative and payments may not exceed total.
// Every amount read or computed here stays within MAX_INTEGER_DIGITS (money.ts: 13 integer digits).
// No double rounding: percentOf keeps 9 decimals, and with the precision limits of values.ts every
// product here (2-decimal amount × 4-decimal percent / 100, 4-decimal price × 4-decimal quantity)
// has at most 8 decimals (9 for 3-decimal currencies), so each amount is rounded exactly once.
import { add, Big, bounded, formatMoney, percentOf, roundMoney, signOf, subtract, sum, ZERO } from '../money/money.js';
import { invalid } from '../errors.js';
import type { Invoice, LineItem, Tax } from './model.js';
import { parseAmount, parsePercent, parseQuantity, parseUnitCost } from './values.js';
import { ITEM_TYPE } from './item-types.js';

export interface LineTotals {
  id: number;
  gross: Big;
  discount: Big;
  net: Big;
  tax1: Big;
  tax2: Big;
  /** net + tax1 + tax2, always ≥ 0; `credit` says whether it is subtracted. */
  total: Big;
  credit: boolean;
}

export interface InvoiceTotals {
  lines: LineTotals[];
  /** Σ net (credit lines subtracted). */
  subTotal: Big;
  /** Σ (tax1 + tax2) (credit lines subtracted). */
  totalTax: Big;
  /** subTotal + totalTax. */
  itemsTotal: Big;
  /** Invoice-level discount amount. */
  discount: Big;
  afterDiscount: Big;
  /** Σ additional charges. */
  charges: Big;
  /** Each additional charge's amount, in the invoice's order (their sum is `charges`). */
  chargeAmounts: Big[];
  /** Tax per name and rate, in first-seen order (credit lines subtracted; their sum is `totalTax`). */
  taxTotals: TaxTotal[];
  /** afterDiscount + charges (Invoicera net_balance). */
  netBalance: Big;
  lateFee: Big;
  /** What the customer owes before payments: netBalance + lateFee. */
  total: Big;
  totalPaid: Big;
  /** total − totalPaid, exactly. */
  balance: Big;
}

export interface TaxTotal { name: string; percent: string; type: Tax['type']; amount: Big }

const lineLabel = (item: LineItem, index: number) => `item ${index + 1}${item.name ? ` "${item.name}"` : ''}:`;

/** THE tax formula: a percent of a base, rounded once to the currency (lines, the promotion
 *  pipeline and the Keap tax line all use it). */
export function taxOf(base: Big, percent: Big, currency: string): Big {
  return roundMoney(percentOf(base, percent), currency);
}

function lineTax(tax: Tax | undefined, field: string, label: string, net: Big, tax1: Big, currency: string): Big {
  if (!tax) return ZERO;
  const rate = parsePercent(tax.percent, field, label);
  const base = tax.type === 'Compound' && field === 'tax2_percent' ? add(net, tax1) : net;
  return taxOf(base, rate, currency);
}

/** A Keap tax line (OrderItem.ItemType 2, placeOrder / recalculateTax): its amount IS tax, so every
 *  view counts it in the total tax rather than the subtotal. */
export const isTaxLine = (item: LineItem): boolean => item.keap?.itemType === ITEM_TYPE.tax;

export function computeLineTotals(item: LineItem, index: number, currency: string): LineTotals {
  const label = lineLabel(item, index);
  const unitCost = parseUnitCost(item.unitCost, currency, 'unit_cost', label);
  const quantity = parseQuantity(item.quantity, 'quantity', label);
  const gross = roundMoney(bounded(unitCost.times(quantity), `${label} line amount`, 'quantity'), currency);
  let discount: Big;
  if (item.discountType === 'Fixed') {
    discount = parseAmount(item.discount, currency, 'discount', label);
  } else {
    const percent = parsePercent(item.discount, 'discount', label);
    // 0 % of a gross (never negative) is zero: no product to round.
    discount = percent.c[0] === 0 ? ZERO : roundMoney(percentOf(gross, percent), currency);
  }
  // add/subtract: the exact big.js results, without copying an operand when the other is zero
  // (most lines have no discount and no tax).
  const net = subtract(gross, discount);
  if (signOf(net) < 0) throw invalid(`${label} discount ${formatMoney(discount, currency)} exceeds the line amount ${formatMoney(gross, currency)}`, 'discount');
  const tax1 = lineTax(item.tax1, 'tax1_percent', label, net, ZERO, currency);
  const tax2 = lineTax(item.tax2, 'tax2_percent', label, net, tax1, currency);
  const total = bounded(add(add(net, tax1), tax2), `${label} line total`, 'items');
  return { id: item.id, gross, discount, net, tax1, tax2, total, credit: item.credit === true };
}

function signed(line: LineTotals, amount: Big): Big {
  return line.credit ? amount.neg() : amount;
}

function invoiceDiscount(inv: Invoice, itemsTotal: Big): Big {
  const d = inv.discount;
  if (!d) return ZERO;
  if (d.type === 'Fixed') return parseAmount(d.value, inv.currency, 'discount', 'invoice');
  return roundMoney(percentOf(itemsTotal, parsePercent(d.value, 'discount', 'invoice')), inv.currency);
}

// Plain loops and no closures below: the invoice-level totals run once per line appended to an
// order (GrowingInvoice), and each closure costs an allocation (and a name wrapper under tsx).

function chargeAmounts(inv: Invoice, itemsTotal: Big): Big[] {
  const amounts: Big[] = [];
  for (let i = 0; i < inv.additionalCharges.length; i++) {
    const c = inv.additionalCharges[i];
    const label = `additional charge ${i + 1}${c.name ? ` "${c.name}"` : ''}:`;
    if (c.type === 'Percent') amounts.push(roundMoney(percentOf(itemsTotal, parsePercent(c.amount, 'amount', label)), inv.currency));
    else amounts.push(parseAmount(c.amount, inv.currency, 'amount', label));
  }
  return amounts;
}

function addTax(byKey: Map<string, TaxTotal>, tax: Tax | undefined, amount: Big, line: LineTotals): void {
  if (!tax) return;
  const key = `${tax.name}\u0000${tax.percent}\u0000${tax.type}`;
  const entry = byKey.get(key) ?? { name: tax.name, percent: tax.percent, type: tax.type, amount: ZERO };
  entry.amount = add(entry.amount, signed(line, amount));
  byKey.set(key, entry);
}

/** The lines' rounded taxes grouped by tax name and rate (a document's tax summary). */
function taxTotals(inv: Invoice, lines: LineTotals[]): TaxTotal[] {
  let byKey: Map<string, TaxTotal> | undefined; // most invoices (every order's) have no line taxes
  for (let i = 0; i < lines.length; i++) {
    const item = inv.items[i];
    if (!item.tax1 && !item.tax2) continue;
    byKey ??= new Map();
    addTax(byKey, item.tax1, lines[i].tax1, lines[i]);
    addTax(byKey, item.tax2, lines[i].tax2, lines[i]);
  }
  return byKey ? [...byKey.values()] : [];
}

function paidTotal(inv: Invoice): Big {
  let paid = ZERO;
  for (let i = 0; i < inv.payments.length; i++) paid = add(paid, parseAmount(inv.payments[i].amount, inv.currency, 'amount', `payment ${i + 1}:`));
  return bounded(paid, 'total paid');
}

function refuseNegative(amount: Big, what: string, field: string, currency: string): void {
  if (signOf(amount) < 0) throw invalid(`invoice ${what} would be negative: ${formatMoney(amount, currency)}`, field);
}

/** Compute every amount of an invoice. Throws DomainError('invalid', …, field) on an impossible invoice. */
export function computeTotals(inv: Invoice): InvoiceTotals {
  const lines: LineTotals[] = [];
  for (let i = 0; i < inv.items.length; i++) lines.push(computeLineTotals(inv.items[i], i, inv.currency));
  return totalsFromLines(inv, lines);
}

/**
 * Σ net (tax lines excluded) and Σ tax of an invoice's lines, credit lines subtracted: the two sums
 * the invoice-level totals start from. A builder that appends lines (GrowingInvoice) adds each new
 * line once instead of re-adding every earlier line per append (big.js sums are exact, so the
 * running sum equals the sum of the whole list).
 */
export class LineSums {
  nets: Big = ZERO;
  taxes: Big = ZERO;

  add(item: LineItem, l: LineTotals): void {
    const taxLine = isTaxLine(item);
    if (!taxLine) this.nets = add(this.nets, signed(l, l.net));
    this.taxes = add(this.taxes, signed(l, add(add(l.tax1, l.tax2), taxLine ? l.net : ZERO)));
  }
}

function sumLines(inv: Invoice, lines: LineTotals[]): LineSums {
  const sums = new LineSums();
  for (let i = 0; i < lines.length; i++) sums.add(inv.items[i], lines[i]);
  return sums;
}

/**
 * The invoice-level half of computeTotals, from its lines' totals (computeLineTotals of each item,
 * in order): for a builder that keeps the totals of lines it already checked instead of recomputing
 * them. `sums` are those lines' LineSums (computed here when not given).
 */
export function totalsFromLines(inv: Invoice, lines: LineTotals[], sums: LineSums = sumLines(inv, lines)): InvoiceTotals {
  const currency = inv.currency;
  const subTotal = bounded(sums.nets, 'invoice subtotal');
  const totalTax = bounded(sums.taxes, 'invoice total tax');
  const itemsTotal = bounded(add(subTotal, totalTax), 'invoice items total', 'items');
  refuseNegative(subTotal, 'subtotal', 'items', currency);
  refuseNegative(totalTax, 'total tax', 'items', currency);
  refuseNegative(itemsTotal, 'items total', 'items', currency);
  const discount = invoiceDiscount(inv, itemsTotal);
  const afterDiscount = subtract(itemsTotal, discount);
  if (signOf(afterDiscount) < 0) throw invalid(`invoice discount ${formatMoney(discount, currency)} exceeds the items total ${formatMoney(itemsTotal, currency)}`, 'discount');
  const charged = chargeAmounts(inv, itemsTotal);
  const charges = sum(charged);
  const netBalance = bounded(add(afterDiscount, charges), 'invoice net balance', 'additional_charges');
  const lateFee = parseAmount(inv.lateFee, currency, 'late_fee');
  const total = bounded(add(netBalance, lateFee), 'invoice total', 'late_fee');
  const totalPaid = paidTotal(inv);
  const balance = subtract(total, totalPaid);
  if (signOf(balance) < 0) {
    throw invalid(`invoice total ${formatMoney(total, currency)} would be below the ${formatMoney(totalPaid, currency)} already paid`, 'total');
  }
  return {
    lines, subTotal, totalTax, itemsTotal, discount, afterDiscount, charges, chargeAmounts: charged,
    taxTotals: taxTotals(inv, lines), netBalance, lateFee, total, totalPaid, balance,
  };
}
