// Keap OrderService.placeOrder (keap-xmlrpc.md §3) onto the orders module: arguments coerced and
// the catalogue lines read here; the order, its pricing, the charge after the commit and the
// promotion release on a failed charge are src/orders/book.ts. OrderService.previewOrder is in
// preview-order.ts.
import type { MethodSpec } from '../xmlrpc/handler.js';
import type { ReadOps } from '../store/port.js';
import { isStruct, type XmlRpcValue } from '../xmlrpc/types.js';
import { optional, toBool, toInt, toIntArray, toStrArray } from '../xmlrpc/coerce.js';
import { invalid } from '../errors.js';
import type { KeapDeps } from './deps.js';
import { keapDayOf } from './dates.js';
import { loadCard } from '../orders/charge.js';
import type { FirstCharge } from '../orders/book.js';
import type { CodeOutcome } from '../services/order-pricing.js';
import { productLines, subscriptionLines } from './orders/catalog.js';
import { startEarly } from '../start-early.js';
import { placeOrderStruct, type PlaceOrderAnswer } from './orders/structs.js';
import { optInt, toMethodSpecs, type KeapMethod } from './method-table.js';

/** Wording of the docs sample for an order placed without a card (creditCardId 0). */
const NOT_CHARGED = { successful: false, message: 'None', refNum: 'None', code: '' };

/** Extension members (config keap.promoOutcomeMembers): "CODE:OUTCOME" pairs, comma-joined. */
function outcomeMembers(outcomes: CodeOutcome[]): Record<string, string> {
  return { PromoCodeOutcomes: outcomes.map((o) => `${o.code}:${o.outcome}`).join(',') };
}

type ChargeAnswer = Pick<PlaceOrderAnswer, 'successful' | 'message' | 'refNum' | 'code'>;

/** The order exists whatever happened to its charge, so a failure is answered (with the ids), not faulted. */
function chargeAnswer(charge: FirstCharge): ChargeAnswer {
  if (charge === 'failed') {
    return { successful: false, message: 'Order created, but the payment could not be completed; check the invoice before retrying', refNum: '0', code: 'ERROR' };
  }
  // Nothing owed (e.g. a 100% promotion) is a successful order, not a failed charge.
  return { successful: charge.successful || charge.code === 'SKIPPED', message: charge.message, refNum: charge.refNum, code: charge.code };
}

/**
 * A list parameter as clients send it: <nil/> or "" (PHP null / empty) → [], a lone scalar → a
 * one-element list (integrations built for one product send `5` for `[5]`), an array as is; a
 * struct stays a fault 12.
 */
function listParam(v: XmlRpcValue): XmlRpcValue {
  const given = optional(v);
  if (given === undefined || (typeof given === 'string' && given.trim() === '')) return [];
  return Array.isArray(given) || isStruct(given) ? given : [given];
}

const METHODS: Record<string, KeapMethod> = {
  placeOrder: {
    params: ['contactId', 'creditCardId', 'payPlanId', 'productIds', 'subscriptionPlanIds', 'processSpecials',
      'promoCodes', 'leadAffiliateId', 'saleAffiliateId'],
    min: 7, returns: 'struct',
    async run(deps, a, ctx) {
      const contactId = toInt(a[0], 'contactId');
      const creditCardId = toInt(a[1], 'creditCardId');
      const payPlanId = toInt(a[2], 'payPlanId');
      const productIds = toIntArray(listParam(a[3]), 'productIds');
      const planIds = toIntArray(listParam(a[4]), 'subscriptionPlanIds');
      const processSpecials = toBool(a[5], 'processSpecials');
      const promoCodes = toStrArray(listParam(a[6]), 'promoCodes');
      const leadAffiliateId = optInt(a[7], 'leadAffiliateId');
      const saleAffiliateId = optInt(a[8], 'saleAffiliateId');

      // Read in the order's transaction, after its contact (whose fault comes first), and with it:
      // one round trip on Redis for the contact and the catalogue's generations.
      const lines = async (reader: ReadOps) => {
        const products = startEarly(productLines(deps.store, productIds, reader));
        if (productIds.length === 0 && planIds.length === 0) {
          throw invalid('productIds and subscriptionPlanIds are both empty: an order needs at least one', 'productIds');
        }
        if (creditCardId !== 0) {
          const card = await loadCard(reader, creditCardId);
          if (card.ContactId !== contactId) throw invalid(`CreditCard ${creditCardId} does not belong to contact ${contactId}`, 'creditCardId');
        }
        return [...await products, ...await subscriptionLines(deps.store, planIds, reader)];
      };
      const now = deps.now();
      const startDate = now.toISOString();
      const { placed, charge } = await deps.orders.placeOrder({
        contactId, title: `Order for contact ${contactId}`, startDate, orderType: 'Online',
        invoiceDate: keapDayOf(now, deps.config.timeZone),
        leadAffiliateId, saleAffiliateId,
      }, lines, { processSpecials, promoCodes }, creditCardId, payPlanId, ctx.log);
      let answer: PlaceOrderAnswer = { ...NOT_CHARGED, orderId: placed.orderId, invoiceId: placed.invoiceId };
      if (charge) answer = { ...answer, ...chargeAnswer(charge) };
      if (deps.config.promoOutcomeMembers) answer.extra = outcomeMembers(placed.outcomes);
      return placeOrderStruct(answer);
    },
  },
};

export function orderServiceMethods(deps: KeapDeps): MethodSpec[] {
  return toMethodSpecs('OrderService', METHODS, deps);
}
