// What placeOrder's subscription plans become, in the order's transaction (OrderBook calls
// orderPlaced): one RecurringOrder per plan line, OriginatingOrderId = the order, the applied promo
// codes carried in PromoCode, the first period on the order's own invoice — so the next bill is
// one cycle after the order day, or after the free trial when a FREE_TRIAL special took the plan
// line off this invoice. Discounts stay on the first invoice only (docs/subscriptions.md "Promotions").
import type { Logger } from 'pino';
import type { Tx, StoredRecord } from '../store/port.js';
import type { FirstCharge, OrderSubscriptions } from '../orders/book.js';
import { PAY_PLAN, PAY_PLAN_ITEM, type PayPlanItemRecord, type PayPlanRecord } from './records.js';
import { InstallmentBiller } from './installments.js';
import { JOB, type JobRecord } from '../orders/records.js';
import { ITEM_TYPE } from '../invoicing/item-types.js';
import { invalid } from '../errors.js';
import { RECURRING_ORDER } from './records.js';
import { addDays, cycleUnit, dayOfInstant, localDay, nextPeriodStart } from './dates.js';
import { planTerms } from './plans.js';
import { DEFAULT_RETRY, newRecurringOrder } from './terms.js';
import { applyPlanTemplate } from './plan-templates.js';
import type { BillingDeps } from './deps.js';

interface PromotionRow extends StoredRecord { discount?: { kind: string; days?: number } }

/** A line that starts a subscription (RecurringOrder). */
const isPlanLine = (line: { itemType: number; subscriptionPlanId?: number }): boolean =>
  line.itemType === ITEM_TYPE.subscriptionPlan && !!line.subscriptionPlanId;

export class OrderSubscriptionStarter implements OrderSubscriptions {
  /** billingDeps: the billing module, for payPlanId (given lazily: billing is built on the OrderBook). */
  constructor(private readonly timeZone: string, private readonly billingDeps?: () => BillingDeps) {}

  async orderPlaced(tx: Tx, order: Parameters<OrderSubscriptions['orderPlaced']>[1]): Promise<void> {
    const { job, invoice, lines, priced, billing } = order;
    // An order of products only, paid in full (most orders): nothing starts, no day to work out.
    if (billing.payPlanId === 0 && !lines.some(isPlanLine)) return;
    const startDay = dayOfInstant(job.StartDate, this.timeZone);
    if (billing.payPlanId !== 0) {
      if (!this.billingDeps) throw invalid('payPlanId: payment plans are not available here (payPlanId 0 = pay in full)', 'payPlanId');
      await applyPlanTemplate(this.billingDeps(), tx, billing.payPlanId, invoice.id, billing.creditCardId, startDay);
    }
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

  /** The order's installments due on the order day, billed now as the engine bills them (exactly once). */
  async chargeFirstInstallment(invoiceId: number, log: Logger): Promise<FirstCharge | undefined> {
    if (!this.billingDeps) return undefined;
    const d: BillingDeps = { ...this.billingDeps(), log };
    const today = localDay(d.now(), this.timeZone);
    const [plan] = await d.store.findBy<PayPlanRecord>(PAY_PLAN, 'InvoiceId', invoiceId);
    if (!plan) return undefined;
    const due = (await d.store.findBy<PayPlanItemRecord>(PAY_PLAN_ITEM, 'PayPlanId', plan.id)).filter((i) => i.dueOn !== undefined && i.dueOn <= today);
    // Nothing due on the order day (the first payment is later): nothing charged now.
    if (due.length === 0) return { successful: true, code: 'SKIPPED', refNum: '', message: 'first installment due later', amount: '0.00' };
    let outcome: FirstCharge = 'failed';
    const biller = new InstallmentBiller(d);
    for (const item of due) {
      await biller.bill(item.id, today, (step) => {
        outcome = step.kind === 'done' ? step.outcome : step.kind === 'declined' ? { successful: false, code: 'DECLINED', refNum: '', message: step.message, amount: '0.00' } : 'failed';
      });
    }
    return outcome;
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
