// OrderService.previewOrder (extension, docs/promotions.md): placeOrder's arguments minus the card,
// answered with the priced lines, the special (discount) lines, totals and an outcome per promo
// code. It runs the same pricing step as placeOrder through its read-only `preview`, so it creates
// nothing, charges nothing and consumes no promotion use.
import type { MethodSpec } from '../xmlrpc/handler.js';
import { struct, XmlDouble, type XmlRpcStruct } from '../xmlrpc/types.js';
import { toBool, toInt, toIntArray, toStrArray } from '../xmlrpc/coerce.js';
import { invalid } from '../errors.js';
import { dec, formatMoney, roundMoney, sum } from '../money/money.js';
import { requireContact } from '../services/orders.js';
import type { OrderLineInput, PricingResult } from '../services/order-pricing.js';
import type { KeapDeps } from './deps.js';
import { productLines, subscriptionLines } from './orders/catalog.js';
import { optInt, toMethodSpecs, type KeapMethod } from './orders/spec.js';

const money = (text: string) => new XmlDouble(text);

function previewStruct(lines: OrderLineInput[], priced: PricingResult, currency: string): XmlRpcStruct {
  const gross = lines.map((l) => roundMoney(dec(l.unitPrice).times(dec(l.quantity)), currency));
  const subtotal = sum(gross);
  const discount = sum(priced.specials.map((s) => dec(s.amount)));
  return struct({
    Lines: lines.map((l, i) => struct({
      ItemType: l.itemType, ProductId: l.productId, SubscriptionPlanId: l.subscriptionPlanId ?? 0, ItemName: l.name,
      Qty: l.quantity, PPU: money(formatMoney(dec(l.unitPrice), currency)), Total: money(formatMoney(gross[i], currency)),
    })),
    Specials: priced.specials.map((s) => struct({
      ItemType: s.itemType, ItemName: s.name, Amount: money(s.amount), PromotionId: s.promotionId,
      PromoCode: s.code ?? '', LineIndex: s.lineIndex ?? -1,
    })),
    PromoCodes: priced.outcomes.map((o) => struct({
      Code: o.code, Outcome: o.outcome, PromotionId: o.promotionId ?? 0, Amount: money(o.amount ?? formatMoney(dec(0), currency)),
    })),
    PromoCode: priced.appliedCodes.join(','),
    Subtotal: money(formatMoney(subtotal, currency)),
    Discount: money(formatMoney(discount, currency)),
    Total: money(formatMoney(subtotal.minus(discount), currency)),
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
      await requireContact(deps, contactId);
      if (productIds.length === 0 && planIds.length === 0) {
        throw invalid('productIds and subscriptionPlanIds are both empty: an order needs at least one', 'productIds');
      }
      const lines = [...await productLines(deps.store, productIds), ...await subscriptionLines(deps.store, planIds)];
      const priced = await deps.pricing.preview(deps.store, {
        contactId, lines, processSpecials, promoCodes, now: deps.now(), orderId: 0, invoiceId: 0,
      });
      return previewStruct(lines, priced, deps.config.currency);
    },
  },
};

/** The one extension method on OrderService; register it next to orderServiceMethods. */
export function previewOrderMethod(deps: KeapDeps): MethodSpec {
  return toMethodSpecs('OrderService', METHODS, deps)[0];
}
