// Keap OrderService.placeOrder (keap-xmlrpc.md §3): order + invoice + promo pricing in one
// transaction, then the card charge after it commits, then (on approval) the payment in a second
// transaction. A declined/failed charge keeps the order and its open invoice but gives promo uses
// back so the contact can retry. OrderService.previewOrder belongs to the promotion engine.
import type { MethodSpec } from '../xmlrpc/handler.js';
import { optional, toBool, toInt, toIntArray, toStrArray } from '../xmlrpc/coerce.js';
import { invalid } from '../errors.js';
import type { KeapDeps } from './deps.js';
import { toKeapQueryText } from './dates.js';
import { createPricedOrder, requireContact } from '../services/orders.js';
import { chargeInvoice, loadCard } from '../services/payments/charge.js';
import type { CodeOutcome } from '../services/order-pricing.js';
import { productLines, subscriptionLines } from './orders/catalog.js';
import { placeOrderStruct, type PlaceOrderAnswer } from './orders/structs.js';
import { optInt, toMethodSpecs, type KeapMethod } from './orders/spec.js';

/** Wording of the docs sample for an order placed without a card (creditCardId 0). */
const NOT_CHARGED = { successful: false, message: 'None', refNum: 'None', code: '' };

/** Extension members (config keap.promoOutcomeMembers): "CODE:OUTCOME" pairs, comma-joined. */
function outcomeMembers(outcomes: CodeOutcome[]): Record<string, string> {
  return { PromoCodeOutcomes: outcomes.map((o) => `${o.code}:${o.outcome}`).join(',') };
}

type ChargeAnswer = Pick<PlaceOrderAnswer, 'successful' | 'message' | 'refNum' | 'code'>;

/**
 * Charge the committed order's invoice. The order exists whatever happens here, so a failure is
 * answered (with the ids) rather than faulted. Uses are given back only when the charge surely did
 * not happen (declined/error); after an unexpected failure the state is unknown and they stay.
 */
async function chargeNewOrder(deps: KeapDeps, orderId: number, invoiceId: number, creditCardId: number): Promise<ChargeAnswer> {
  try {
    const charge = await chargeInvoice(deps, { invoiceId, notes: `Order ${orderId}`, creditCardId, merchantAccountId: 0, bypassCommissions: false });
    // Nothing owed (e.g. a 100% promotion) is a successful order, not a failed charge.
    const successful = charge.successful || charge.code === 'SKIPPED';
    if (!successful) await deps.store.transact((tx) => deps.pricing.release(tx, orderId));
    return { successful, message: charge.message, refNum: charge.refNum, code: charge.code };
  } catch (err) {
    deps.log.error({ err, orderId, invoiceId }, 'order placed but its payment could not be completed');
    return { successful: false, message: 'Order created, but the payment could not be completed; check the invoice before retrying', refNum: '0', code: 'ERROR' };
  }
}

const METHODS: Record<string, KeapMethod> = {
  placeOrder: {
    params: ['contactId', 'creditCardId', 'payPlanId', 'productIds', 'subscriptionPlanIds', 'processSpecials',
      'promoCodes', 'leadAffiliateId', 'saleAffiliateId'],
    min: 7, returns: 'struct',
    async run(deps, a) {
      const contactId = toInt(a[0], 'contactId');
      const creditCardId = toInt(a[1], 'creditCardId');
      toInt(a[2], 'payPlanId'); // accepted for compatibility; the default plan (pay in full) is used
      // A list sent as <nil/> (PHP null) means an empty list.
      const productIds = optional(a[3]) === undefined ? [] : toIntArray(a[3], 'productIds');
      const planIds = optional(a[4]) === undefined ? [] : toIntArray(a[4], 'subscriptionPlanIds');
      const processSpecials = toBool(a[5], 'processSpecials');
      const promoCodes = optional(a[6]) === undefined ? [] : toStrArray(a[6], 'promoCodes');
      const leadAffiliateId = optInt(a[7], 'leadAffiliateId');
      const saleAffiliateId = optInt(a[8], 'saleAffiliateId');

      await requireContact(deps, contactId);
      if (productIds.length === 0 && planIds.length === 0) {
        throw invalid('productIds and subscriptionPlanIds are both empty: an order needs at least one', 'productIds');
      }
      if (creditCardId !== 0) {
        const card = await loadCard(deps.store, creditCardId);
        if (card.ContactId !== contactId) throw invalid(`CreditCard ${creditCardId} does not belong to contact ${contactId}`, 'creditCardId');
      }
      const lines = [...await productLines(deps.store, productIds), ...await subscriptionLines(deps.store, planIds)];
      const startDate = deps.now().toISOString();
      const placed = await createPricedOrder(deps, {
        contactId, title: `Order for contact ${contactId}`, startDate, orderType: 'Online',
        invoiceDate: toKeapQueryText(startDate, deps.config.timeZone).slice(0, 10),
        leadAffiliateId, saleAffiliateId,
      }, lines, { processSpecials, promoCodes });
      deps.log.info({ orderId: placed.orderId, invoiceId: placed.invoiceId, promo: placed.outcomes }, 'order placed');

      let answer: PlaceOrderAnswer = { ...NOT_CHARGED, orderId: placed.orderId, invoiceId: placed.invoiceId };
      if (creditCardId !== 0) {
        answer = { ...answer, ...await chargeNewOrder(deps, placed.orderId, placed.invoiceId, creditCardId) };
      }
      if (deps.config.promoOutcomeMembers) answer.extra = outcomeMembers(placed.outcomes);
      return placeOrderStruct(answer);
    },
  },
};

export function orderServiceMethods(deps: KeapDeps): MethodSpec[] {
  return toMethodSpecs('OrderService', METHODS, deps);
}
