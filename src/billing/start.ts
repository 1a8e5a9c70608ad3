// What placeOrder's subscription plans become, in the order's transaction (OrderBook calls
// orderPlaced): one RecurringOrder per plan line, OriginatingOrderId = the order, the applied promo
// codes carried in PromoCode, the first period on the order's own invoice — so the next bill is
// one cycle after the order day, or after the free trial when a FREE_TRIAL special took the plan
// line off this invoice. Discounts stay on the first invoice only (docs/subscriptions.md "Promotions").
import type { Tx, StoredRecord } from '../store/port.js';
import type { OrderSubscriptions } from '../orders/book.js';
import { JOB, type JobRecord } from '../orders/records.js';
import { ITEM_TYPE } from '../invoicing/item-types.js';
import { invalid } from '../errors.js';
import { RECURRING_ORDER } from './records.js';
import { addDays, cycleUnit, dayOfInstant, nextPeriodStart } from './dates.js';
import { planTerms } from './plans.js';
import { DEFAULT_RETRY, newRecurringOrder } from './terms.js';

interface PromotionRow extends StoredRecord { discount?: { kind: string; days?: number } }

export class OrderSubscriptionStarter implements OrderSubscriptions {
  constructor(private readonly timeZone: string) {}

  async orderPlaced(tx: Tx, order: Parameters<OrderSubscriptions['orderPlaced']>[1]): Promise<void> {
    const { job, invoice, lines, priced, billing } = order;
    if (billing.payPlanId !== 0) {
      // No catalogue of payment plans exists to copy from: refused before anything is written.
      throw invalid(`payPlanId ${billing.payPlanId}: payment plans are added to the order's invoice with InvoiceService.addPaymentPlan (payPlanId 0 = pay in full)`, 'payPlanId');
    }
    const startDay = dayOfInstant(job.StartDate, this.timeZone);
    let firstRecurringId = 0;
    for (const [index, line] of lines.entries()) {
      if (line.itemType !== ITEM_TYPE.subscriptionPlan || !line.subscriptionPlanId) continue;
      const terms = await planTerms(tx, line.subscriptionPlanId, 'subscriptionPlanIds');
      const trialDays = await this.trialDays(tx, priced.specials.filter((s) => s.lineIndex === index && s.itemType === ITEM_TYPE.freeTrial));
      const firstBillDay = trialDays > 0
        ? addDays(startDay, trialDays)
        : nextPeriodStart(startDay, cycleUnit(terms.cycle), terms.frequency, Number(startDay.slice(8, 10)));
      const id = await tx.nextId(RECURRING_ORDER);
      firstRecurringId ||= id;
      tx.put(RECURRING_ORDER, newRecurringOrder(id, {
        contactId: job.ContactId, originatingOrderId: job.id, planId: terms.planId, productId: terms.productId,
        cycle: terms.cycle, frequency: terms.frequency, price: terms.price, qty: Number(line.quantity), itemName: terms.name,
        taxable: terms.taxable, startDay, firstBillDay, cycles: terms.cycles, creditCardId: billing.creditCardId,
        merchantAccountId: 0, affiliateId: job.AffiliateId, leadAffiliateId: job.LeadAffiliateId,
        promoCode: (invoice.promoCodes ?? priced.appliedCodes).join(','), numDaysBetweenRetry: DEFAULT_RETRY.days, maxRetry: DEFAULT_RETRY.max,
      }, this.timeZone));
    }
    if (firstRecurringId) tx.put(JOB, { ...(await tx.get<JobRecord>(JOB, job.id) ?? job), JobRecurringId: firstRecurringId });
  }

  /** The free-trial days of the FREE_TRIAL specials on one plan line (the longest wins). */
  private async trialDays(tx: Tx, specials: Array<{ promotionId: number }>): Promise<number> {
    let days = 0;
    for (const s of specials) {
      const p = await tx.get<PromotionRow>('Promotion', s.promotionId);
      if (p?.discount?.kind === 'FREE_TRIAL') days = Math.max(days, Number(p.discount.days) || 0);
    }
    return days;
  }
}
