// OrderService.previewOrder (extension, docs/promotions.md): placeOrder's arguments minus the card,
// answered with the priced lines, the special (discount) lines, totals and an outcome per promo
// code. It runs the same pricing step as placeOrder through its read-only `preview`, so it creates
// nothing, charges nothing and consumes no promotion use.
import type { MethodSpec } from '../xmlrpc/handler.js';
import { struct, XmlDouble, type XmlRpcStruct } from '../xmlrpc/types.js';
import { toBool, toInt, toIntArray, toStrArray } from '../xmlrpc/coerce.js';
import { invalid } from '../errors.js';
import { dec, formatMoney, sum } from '../money/money.js';
import type { Invoice } from '../invoicing/model.js';
import { computeTotals } from '../invoicing/totals.js';
import type { OrderLineInput, PricingResult } from '../services/order-pricing.js';
import type { KeapDeps } from './deps.js';
import { productLines, subscriptionLines } from './orders/catalog.js';
import { optInt, toMethodSpecs, type KeapMethod } from './method-table.js';

const money = (text: string) => new XmlDouble(text);

/**
 * Every amount comes from computeTotals on the would-be invoice (the one totals routine): its
 * first lines are the products/plans in order, then one credit line per special.
 */
function previewStruct(lines: OrderLineInput[], priced: PricingResult, invoice: Invoice): XmlRpcStruct {
  const currency = invoice.currency;
  const t = computeTotals(invoice);
  const fmt = (b: Parameters<typeof formatMoney>[0]) => money(formatMoney(b, currency));
  return struct({
    Lines: lines.map((l, i) => struct({
      ItemType: l.itemType, ProductId: l.productId, SubscriptionPlanId: l.subscriptionPlanId ?? 0, ItemName: l.name,
      Qty: l.quantity, PPU: fmt(dec(invoice.items[i].unitCost)), Total: fmt(t.lines[i].total),
    })),
    Specials: priced.specials.map((s) => struct({
      ItemType: s.itemType, ItemName: s.name, Amount: money(s.amount), PromotionId: s.promotionId,
      PromoCode: s.code ?? '', LineIndex: s.lineIndex ?? -1,
    })),
    PromoCodes: priced.outcomes.map((o) => struct({
      Code: o.code, Outcome: o.outcome, PromotionId: o.promotionId ?? 0, Amount: money(o.amount ?? formatMoney(dec(0), currency)),
    })),
    PromoCode: priced.appliedCodes.join(','),
    Subtotal: fmt(sum(t.lines.filter((l) => !l.credit).map((l) => l.total))),
    Discount: fmt(sum(t.lines.filter((l) => l.credit).map((l) => l.total))),
    Total: fmt(t.total),
  });
}

const METHODS: Record<string, KeapMethod> = {
  previewOrder: {
    params: ['contactId', 'payPlanId', 'productIds', 'subscriptionPlanIds', 'processSpecials', 'promoCodes',
      'leadAffiliateId', 'saleAffiliateId'],
    min: 6, returns: 'struct',
    async run(deps, a) {
      const contactId = toInt(a[0], 'contactId');
      toInt(a[1], 'payPlanId');
      const productIds = toIntArray(a[2], 'productIds');
      const planIds = toIntArray(a[3], 'subscriptionPlanIds');
      const processSpecials = toBool(a[4], 'processSpecials');
      const promoCodes = toStrArray(a[5], 'promoCodes');
      optInt(a[6], 'leadAffiliateId');
      optInt(a[7], 'saleAffiliateId');
      await deps.orders.requireContact(contactId);
      if (productIds.length === 0 && planIds.length === 0) {
        throw invalid('productIds and subscriptionPlanIds are both empty: an order needs at least one', 'productIds');
      }
      const lines = [...await productLines(deps.store, productIds), ...await subscriptionLines(deps.store, planIds)];
      const { priced, invoice } = await deps.orders.preview(contactId, lines, { processSpecials, promoCodes });
      return previewStruct(lines, priced, invoice);
    },
  },
};

/** The one extension method on OrderService; register it next to orderServiceMethods. */
export function previewOrderMethod(deps: KeapDeps): MethodSpec {
  return toMethodSpecs('OrderService', METHODS, deps)[0];
}
