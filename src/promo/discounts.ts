// How much each discount kind takes off each line. One function per kind, in a table; each returns
// per-line shares that never exceed what is left of the line (clamping: the excess is dropped).
// A percent is computed once on its base and rounded once; order-level amounts are spread over the
// lines by largest remainder (money.allocate) so the shares add up exactly.
import { Big, allocate, compare, dec, percentOf, roundMoney, signOf, sum, ZERO } from '../money/money.js';
import type { Discount, DiscountKind } from './model.js';
import type { LineState } from './lines.js';
import { ITEM_TYPE } from '../invoicing/item-types.js';

type ShareFn<K extends DiscountKind> = (d: Extract<Discount, { kind: K }>, lines: readonly LineState[], currency: string) => Big[];

const SUBSCRIPTION_PLAN_ITEM = ITEM_TYPE.subscriptionPlan;
const min = (a: Big, b: Big): Big => (compare(a, b) < 0 ? a : b);

/** Per-line discount, each clamped at the line's remaining amount. */
function perLine(lines: readonly LineState[], amountFor: (l: LineState) => Big | undefined): Big[] {
  return lines.map((l) => {
    const a = amountFor(l);
    return a === undefined ? ZERO : min(a, l.remaining);
  });
}

/** One order-level amount spread over the eligible lines in proportion to what is left of them. */
function spread(total: Big, lines: readonly LineState[], eligible: (l: LineState) => boolean, currency: string): Big[] {
  const weights = lines.map((l) => (eligible(l) ? l.remaining : ZERO));
  const clamped = min(total, sum(weights));
  if (signOf(clamped) <= 0) return lines.map(() => ZERO);
  return allocate(clamped, weights, currency);
}

/** A fixed amount is in the order's currency, rounded HALF_UP to its minor unit like a percent (5.55 off a JPY order: 6). */
const percentOrAmount = (mode: 'PERCENT' | 'AMOUNT', value: string, base: Big, currency: string): Big =>
  roundMoney(mode === 'PERCENT' ? percentOf(base, dec(value)) : dec(value), currency);

const isProduct = (l: LineState) => l.role === 'product';
/** Product and category discounts target products; a subscription plan line (type 9) only gets trials and order discounts. */
const isCatalogueItem = (l: LineState) => l.role === 'product' && l.line.itemType !== SUBSCRIPTION_PLAN_ITEM;
const isShipping = (l: LineState) => l.role === 'shipping';

export const SHARES: { [K in DiscountKind]: ShareFn<K> } = {
  PRODUCT: (d, lines, currency) => perLine(lines, (l) => {
    if (!isCatalogueItem(l) || !d.productIds.includes(l.line.productId)) return undefined;
    // AMOUNT is off each unit (Keap product discount), so it scales with the quantity.
    return d.mode === 'PERCENT'
      ? roundMoney(percentOf(l.gross, dec(d.value)), currency)
      : roundMoney(dec(d.value).times(l.quantity), currency);
  }),
  CATEGORY: (d, lines, currency) => perLine(lines, (l) => {
    if (!isCatalogueItem(l) || !l.line.categoryIds.some((c) => d.categoryIds.includes(c))) return undefined;
    return roundMoney(percentOf(l.gross, dec(d.value)), currency);
  }),
  FREE_TRIAL: (d, lines) => perLine(lines, (l) =>
    (isProduct(l) && l.line.subscriptionPlanId === d.subscriptionPlanId ? l.remaining : undefined)),
  ORDER_TOTAL: (d, lines, currency) => {
    // GROSS: the base is the products before any discount; NET: what is left after earlier ones.
    const base = sum(lines.filter(isProduct).map((l) => (d.strategy === 'GROSS' ? l.gross : l.remaining)));
    return spread(percentOrAmount(d.mode, d.value, base, currency), lines, isProduct, currency);
  },
  SHIPPING: (d, lines, currency) => {
    const base = sum(lines.filter(isShipping).map((l) => l.remaining));
    return spread(percentOrAmount(d.mode, d.value, base, currency), lines, isShipping, currency);
  },
};

/** Application order: line discounts, then order total (GROSS before NET), then shipping. */
export function stageOf(d: Discount): number {
  if (d.kind === 'ORDER_TOTAL') return d.strategy === 'GROSS' ? 1 : 2;
  return d.kind === 'SHIPPING' ? 3 : 0;
}

export function sharesFor(d: Discount, lines: readonly LineState[], currency: string): Big[] {
  return (SHARES[d.kind] as ShareFn<DiscountKind>)(d as never, lines, currency);
}
