// What a commission is paid on, and how much it is: pure functions over the invoice, amounts from
// computeTotals (the one totals routine) and money.ts (HALF_UP to the currency, allocation).
//
// Commissionable amount: the net (after line discounts, before tax) of the product lines — every
// type but Shipping 1, Tax 2 and Finance Charge 6 — less the discount (special) lines whose
// promotion has applyToCommissions (Keap applyDiscountToCommission: commission on the discounted
// price). A special with no promotion (entered by hand with addOrderItem) is a price reduction and
// always counts; Shipping specials (14) never do, shipping earns no commission. A special on a
// product reduces that product; an order-level one is spread over the products in proportion to
// their amounts (allocate), so per-product overrides and the invoice total always agree.
import { allocate, Big, percentOf, roundMoney, sum, ZERO } from '../money/money.js';
import type { Invoice } from '../invoicing/model.js';
import { computeTotals } from '../invoicing/totals.js';
import { ITEM_TYPE, isCreditItemType } from '../invoicing/item-types.js';

const NOT_COMMISSIONED = new Set<number>([ITEM_TYPE.shipping, ITEM_TYPE.tax, ITEM_TYPE.financeCharge, ITEM_TYPE.shippingSpecial]);

export interface CommissionBase {
  /** Commissionable amount per product id (0 = lines without a product), never negative. */
  byProduct: Map<number, Big>;
  /** Each product's line name (the first line of that product). */
  names: Map<number, string>;
  total: Big;
}

/** `countsDiscount(promotionId)`: whether that promotion's discount reduces commissions. */
export function commissionBase(invoice: Invoice, countsDiscount: (promotionId: number) => boolean): CommissionBase {
  const totals = computeTotals(invoice);
  const byProduct = new Map<number, Big>();
  const names = new Map<number, string>();
  const productCredits = new Map<number, Big>();
  let orderCredit = ZERO;
  invoice.items.forEach((item, i) => {
    const type = item.keap?.itemType ?? ITEM_TYPE.product;
    if (NOT_COMMISSIONED.has(type)) return;
    const pid = item.keap?.productId ?? 0;
    const net = totals.lines[i].net;
    if (item.credit || isCreditItemType(type)) {
      const promotionId = item.keap?.promotionId;
      if (promotionId !== undefined && !countsDiscount(promotionId)) return;
      if (pid !== 0) productCredits.set(pid, (productCredits.get(pid) ?? ZERO).plus(net));
      else orderCredit = orderCredit.plus(net);
      return;
    }
    byProduct.set(pid, (byProduct.get(pid) ?? ZERO).plus(net));
    if (!names.has(pid)) names.set(pid, item.name);
  });
  for (const [pid, credit] of productCredits) {
    const base = byProduct.get(pid);
    if (base) byProduct.set(pid, maxZero(base.minus(credit)));
    else orderCredit = orderCredit.plus(credit); // a special on a product not on the invoice
  }
  if (orderCredit.gt(0)) {
    const pids = [...byProduct.keys()];
    const weights = pids.map((p) => byProduct.get(p)!);
    const all = sum(weights);
    const spread = orderCredit.gt(all) ? all : orderCredit;
    const shares = allocate(roundMoney(spread, invoice.currency), weights, invoice.currency);
    pids.forEach((p, i) => byProduct.set(p, maxZero(byProduct.get(p)!.minus(shares[i]))));
  }
  return { byProduct, names, total: sum(byProduct.values()) };
}

const maxZero = (b: Big) => (b.lt(0) ? ZERO : b);

/** percent% of the base plus a flat amount (Keap's Percent / Amt pairs), unrounded. */
export function rateAmount(base: Big, percent: Big, flat: Big): Big {
  return percentOf(base, percent).plus(flat);
}

/**
 * The share of the paid amount that earns commission: payments made with bypassCommissions
 * (chargeInvoice / addManualPayment) earn none. 1 when nothing was bypassed.
 */
export function earningShare(invoice: Invoice): Big {
  const paid = sum(invoice.payments.map((p) => new Big(p.amount)));
  if (paid.lte(0)) return ZERO;
  const earning = sum(invoice.payments.filter((p) => !p.keap?.bypassCommissions).map((p) => new Big(p.amount)));
  return earning.div(paid);
}

/** The amount recorded: rounded HALF_UP to the currency once, after scaling. */
export function commissionAmount(raw: Big, share: Big, currency: string): Big {
  return roundMoney(raw.times(share), currency);
}
