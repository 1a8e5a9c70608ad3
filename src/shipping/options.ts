// Shipping options as data, in Keap's five configurable kinds (ShippingService, the archived docs'
// samples: type Flat, OrderTotal, Product, Quantity, Weight). An operator writes a definition (CLI
// flags, JSON file); parseShippingOption validates it and names every problem at once. UPS is not a
// kind here: live carrier rating is not offered, so no UPS option can exist (docs/shipping-and-tax.md).
// Amounts are decimal TEXT in the gateway currency; weights are decimal text in the catalogue's unit.
import { dec } from '../money/money.js';
import { DomainError } from '../errors.js';
import { Reader } from '../promo/validate.js';

/** Keap's `type` member of each option struct. */
export type ShippingType = 'Flat' | 'OrderTotal' | 'Product' | 'Quantity' | 'Weight';

/** [minimum, maximum): minimum inclusive, maximum exclusive; no maximum = open-ended. */
export interface ShippingRange { minimum: string; maximum?: string; price: string }

export type ShippingRule =
  /** One price per order. */
  | { type: 'Flat'; price: string }
  /** Price by the order's product subtotal (before discounts, without shipping and tax). */
  | { type: 'OrderTotal'; ranges: ShippingRange[] }
  /** Price per unit of each listed product; unlisted products ship free. */
  | { type: 'Product'; prices: Array<{ productId: number; price: string }> }
  /** base + perItem × shippable units, at least minimum. */
  | { type: 'Quantity'; baseShippingPrice: string; pricePerItem: string; minimumShippingPrice: string }
  /** Price by the total weight of the shippable units (Product.Weight × quantity). */
  | { type: 'Weight'; ranges: ShippingRange[] };

export interface ShippingOptionDraft {
  name: string;
  description: string;
  active: boolean;
  /** Keap's orderBased and international flags: kept and answered back; they change no price. */
  orderBased: boolean;
  international: boolean;
  rule: ShippingRule;
}

export type ShippingOption = ShippingOptionDraft & { id: number };

export class ShippingOptionInvalid extends DomainError {
  constructor(readonly problems: string[], what: string) {
    super('invalid', `invalid ${what}: ${problems.join('; ')}`, problems[0]?.split(':')[0]);
    this.name = 'ShippingOptionInvalid';
  }
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Input spelling (case-insensitive) → Keap type. */
const TYPES: Record<string, ShippingType> = { FLAT: 'Flat', ORDERTOTAL: 'OrderTotal', ORDER_TOTAL: 'OrderTotal', PRODUCT: 'Product', QUANTITY: 'Quantity', WEIGHT: 'Weight' };
/** At most this many ranges or product prices per option: every order rates every option. */
export const MAX_RULE_ENTRIES = 100;

function ranges(r: Reader, v: unknown, path: string): ShippingRange[] {
  if (!Array.isArray(v) || v.length === 0) { r.fail(path, 'must be a non-empty list of {"minimum", "maximum"?, "price"}'); return []; }
  if (v.length > MAX_RULE_ENTRIES) { r.fail(path, `has ${v.length} entries, at most ${MAX_RULE_ENTRIES}`); return []; }
  const out: ShippingRange[] = [];
  v.forEach((e, i) => {
    const p = `${path}[${i}]`;
    if (!isObj(e)) { r.fail(p, 'must be an object'); return; }
    const minimum = r.decimal(e, 'minimum', `${p}.minimum`, { optional: true }) ?? '0';
    const maximum = r.decimal(e, 'maximum', `${p}.maximum`, { optional: true });
    const price = r.decimal(e, 'price', `${p}.price`) ?? '0';
    if (maximum !== undefined && !dec(maximum).gt(dec(minimum))) r.fail(p, `maximum ${maximum} must be above minimum ${minimum}`);
    out.push({ minimum, ...(maximum !== undefined ? { maximum } : {}), price });
  });
  // Ranges must not overlap, so exactly one (or none) covers any amount.
  const sorted = [...out].sort((a, b) => dec(a.minimum).cmp(dec(b.minimum)));
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1];
    if (prev.maximum === undefined || dec(sorted[i].minimum).lt(dec(prev.maximum))) {
      r.fail(path, `ranges overlap: one from ${prev.minimum}${prev.maximum ? ` to ${prev.maximum}` : ' up'} and one from ${sorted[i].minimum}`);
    }
  }
  return sorted;
}

function productPrices(r: Reader, v: unknown, path: string): Array<{ productId: number; price: string }> {
  if (!Array.isArray(v) || v.length === 0) { r.fail(path, 'must be a non-empty list of {"productId", "price"}'); return []; }
  if (v.length > MAX_RULE_ENTRIES) { r.fail(path, `has ${v.length} entries, at most ${MAX_RULE_ENTRIES}`); return []; }
  const seen = new Set<number>();
  return v.flatMap((e, i) => {
    const p = `${path}[${i}]`;
    if (!isObj(e)) { r.fail(p, 'must be an object'); return []; }
    const productId = r.int(e, 'productId', `${p}.productId`) ?? 0;
    if (seen.has(productId)) r.fail(`${p}.productId`, `product ${productId} is listed twice`);
    seen.add(productId);
    return [{ productId, price: r.decimal(e, 'price', `${p}.price`) ?? '0' }];
  });
}

const RULE_READERS: Record<ShippingType, (r: Reader, o: Obj) => ShippingRule> = {
  Flat: (r, o) => ({ type: 'Flat', price: r.decimal(o, 'price', 'price') ?? '0' }),
  OrderTotal: (r, o) => ({ type: 'OrderTotal', ranges: ranges(r, o.ranges, 'ranges') }),
  Product: (r, o) => ({ type: 'Product', prices: productPrices(r, o.prices, 'prices') }),
  Quantity: (r, o) => ({
    type: 'Quantity',
    baseShippingPrice: r.decimal(o, 'baseShippingPrice', 'baseShippingPrice', { optional: true }) ?? '0',
    pricePerItem: r.decimal(o, 'pricePerItem', 'pricePerItem') ?? '0',
    minimumShippingPrice: r.decimal(o, 'minimumShippingPrice', 'minimumShippingPrice', { optional: true }) ?? '0',
  }),
  Weight: (r, o) => ({ type: 'Weight', ranges: ranges(r, o.ranges, 'ranges') }),
};

/** Validate an operator's definition: {name, type, …rule fields}. Throws ShippingOptionInvalid. */
export function parseShippingOption(input: unknown): ShippingOptionDraft {
  if (!isObj(input)) throw new ShippingOptionInvalid(['shipping option: must be an object'], 'shipping option');
  const r = new Reader();
  const name = r.str(input, 'name', 'name') ?? '';
  const description = typeof input.description === 'string' && r.xmlSafe(input.description, 'description') ? input.description : '';
  const ups = typeof input.type === 'string' && input.type.trim().toUpperCase() === 'UPS';
  if (ups) r.fail('type', 'UPS options cannot be configured (the gateway does no live carrier rating)');
  const typeText = ups ? undefined : r.str(input, 'type', 'type', { values: Object.keys(TYPES) });
  const type = typeText === undefined ? undefined : TYPES[typeText];
  const rule = type ? RULE_READERS[type](r, input) : RULE_READERS.Flat(new Reader(), { price: '0' });
  const draft: ShippingOptionDraft = {
    name, description, rule,
    active: r.bool(input, 'active', 'active', true),
    orderBased: r.bool(input, 'orderBased', 'orderBased', false),
    international: r.bool(input, 'international', 'international', false),
  };
  if (r.problems.length) throw new ShippingOptionInvalid(r.problems, name ? `shipping option "${name}"` : 'shipping option');
  return draft;
}
