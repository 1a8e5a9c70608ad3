// What shipping an order costs, and which option placeOrder uses. Pure: options and the cart in,
// an amount out. The rule (docs/shipping-and-tax.md): an order with at least one shippable unit
// (Product.Shippable = 1) ships by the CHEAPEST applicable active option, ties to the lowest id —
// Keap's placeOrder has no argument naming an option, and a checkout offers the cheapest first.
import { Big, dec, roundMoney, sum, ZERO } from '../money/money.js';
import type { ShippingOption, ShippingRange, ShippingRule } from './options.js';

export interface ShippingUnit { productId: number; quantity: Big; /** Product.Weight per unit. */ weight: Big }

export interface ShippingCart {
  /** The order's shippable product lines. */
  units: ShippingUnit[];
  /** Product subtotal before discounts, without shipping and tax (as promotion criteria see it). */
  productSubtotal: Big;
}

function inRange(ranges: ShippingRange[], amount: Big): Big | undefined {
  const hit = ranges.find((r) => amount.gte(dec(r.minimum)) && (r.maximum === undefined || amount.lt(dec(r.maximum))));
  return hit ? dec(hit.price) : undefined;
}

const RATERS: { [T in ShippingRule['type']]: (rule: Extract<ShippingRule, { type: T }>, cart: ShippingCart) => Big | undefined } = {
  Flat: (rule) => dec(rule.price),
  OrderTotal: (rule, cart) => inRange(rule.ranges, cart.productSubtotal),
  Product: (rule, cart) => {
    const prices = new Map(rule.prices.map((p) => [p.productId, dec(p.price)]));
    return sum(cart.units.map((u) => (prices.get(u.productId) ?? ZERO).times(u.quantity)), 'shipping');
  },
  Quantity: (rule, cart) => {
    const units = sum(cart.units.map((u) => u.quantity), 'shippable quantity');
    const price = dec(rule.baseShippingPrice).plus(dec(rule.pricePerItem).times(units));
    const minimum = dec(rule.minimumShippingPrice);
    return price.lt(minimum) ? minimum : price;
  },
  Weight: (rule, cart) => inRange(rule.ranges, sum(cart.units.map((u) => u.weight.times(u.quantity)), 'shipping weight')),
};

/** The option's price for this cart, rounded to the currency; undefined when it does not apply. */
export function rateOf(option: ShippingOption, cart: ShippingCart, currency: string): Big | undefined {
  const rate = (RATERS[option.rule.type] as (rule: ShippingRule, cart: ShippingCart) => Big | undefined)(option.rule, cart);
  return rate === undefined ? undefined : roundMoney(rate, currency);
}

/** The option placeOrder adds, with its amount; undefined when nothing ships or no option applies. */
export function chooseShipping(options: readonly ShippingOption[], cart: ShippingCart, currency: string): { option: ShippingOption; amount: Big } | undefined {
  if (!cart.units.some((u) => u.quantity.gt(0))) return undefined;
  let best: { option: ShippingOption; amount: Big } | undefined;
  for (const option of [...options].sort((a, b) => a.id - b.id)) {
    if (!option.active) continue;
    const amount = rateOf(option, cart, currency);
    if (amount !== undefined && (best === undefined || amount.lt(best.amount))) best = { option, amount };
  }
  return best;
}
