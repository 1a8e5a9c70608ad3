// The Keap tax line (OrderItem.ItemType 2) of an invoice, computed from the invoice's own lines so
// placeOrder and InvoiceService.recalculateTax give the same amount by construction. Pure.
//
// Taxable amount = the taxable lines' net amounts (computeTotals, the one totals routine) less the
// discounts on them: a special (credit) line on a product (its ProductId) counts with that product, a
// shipping special (type 14) with the shipping line, and an order-level special (no product: order
// total, a category special on several lines, a manual type 7) in proportion to the taxable share of
// the products. Tax = taxOf(taxable amount, rate): rounded once.
import { Big, dec, sum, ZERO } from '../money/money.js';
import type { Invoice, LineItem } from '../invoicing/model.js';
import { computeTotals, isTaxLine, taxOf } from '../invoicing/totals.js';
import { ITEM_TYPE } from '../invoicing/item-types.js';

export interface TaxContext {
  /** Percent, decimal text. */
  rate: string;
  taxShipping: boolean;
  /** Product.Taxable = 1. */
  taxableProduct(productId: number): boolean;
}

const isShipping = (item: LineItem) => item.keap?.itemType === ITEM_TYPE.shipping;
const isShippingSpecial = (item: LineItem) => item.keap?.itemType === ITEM_TYPE.shippingSpecial;

/** The amount tax is charged on (never below zero). */
export function taxableAmount(invoice: Invoice, ctx: TaxContext): Big {
  const nets = computeTotals(invoice).lines.map((l) => l.net);
  const rows = invoice.items.map((item, i) => ({ item, net: nets[i] })).filter((r) => !isTaxLine(r.item));
  const charges = rows.filter((r) => !r.item.credit);
  const credits = rows.filter((r) => r.item.credit);
  const products = charges.filter((r) => !isShipping(r.item));
  const productTaxable = (r: { item: LineItem }) => (r.item.keap?.productId ?? 0) > 0 && ctx.taxableProduct(r.item.keap!.productId);
  const productTotal = sum(products.map((r) => r.net));
  const taxableProducts = sum(products.filter(productTaxable).map((r) => r.net));
  const taxedIds = new Set(products.filter(productTaxable).map((r) => r.item.keap!.productId));
  const chargedIds = new Set(products.map((r) => r.item.keap?.productId ?? 0));

  const shipping = ctx.taxShipping ? sum(charges.filter((r) => isShipping(r.item)).map((r) => r.net)) : ZERO;
  const discounts = credits.map((r) => {
    if (isShippingSpecial(r.item)) return ctx.taxShipping ? r.net : ZERO;
    const productId = r.item.keap?.productId ?? 0;
    if (productId > 0 && chargedIds.has(productId)) return taxedIds.has(productId) ? r.net : ZERO;
    return productTotal.gt(0) ? r.net.times(taxableProducts).div(productTotal) : ZERO;
  });
  const base = taxableProducts.plus(shipping).minus(sum(discounts));
  return base.gt(0) ? base : ZERO;
}

/** The tax amount for the invoice at the rate (0 when nothing is taxable). */
export function taxAmount(invoice: Invoice, ctx: TaxContext): Big {
  return taxOf(taxableAmount(invoice, ctx), dec(ctx.rate, 'rate'), invoice.currency);
}
