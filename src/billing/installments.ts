// One payment-plan installment, exactly once: claimed with a lease on the item itself, charged for
// what is left of it (never more than the invoice's balance) through the orders module, and the
// outcome recorded only while the item is still due. Declines follow the plan's retry rule.
import type { Tx } from '../store/port.js';
import { dec, formatMoney } from '../money/money.js';
import { PAY_ITEM_STATUS, PAY_PLAN, PAY_PLAN_ITEM, type PayPlanItemRecord, type PayPlanRecord } from './records.js';
import { addDays } from './dates.js';
import { chargeStep, type ChargeStep } from './charge-step.js';
import { queueNotice } from './notices.js';
import { DEFAULT_PERIOD_LEASE_MS, type Attempt, type BillingDeps } from './deps.js';

export class InstallmentBiller {
  constructor(private readonly d: BillingDeps) {}

  /** `onStep` sees the charge's outcome (placeOrder answers with its first installment's). */
  async bill(itemId: number, asOf: string, onStep?: (step: ChargeStep) => void): Promise<Attempt> {
    const claim = await this.d.store.transact((tx) => this.claim(tx, itemId, asOf));
    if (claim === 'busy' || claim === 'skipped') return claim;
    const { item, plan } = claim;
    const step = await chargeStep(this.d, {
      invoiceId: item.invoiceId, creditCardId: plan.creditCardId, merchantAccountId: plan.merchantAccountId,
      notes: `Payment plan ${plan.id}, installment ${item.id}`, amount: dec(item.AmtDue).minus(item.AmtPaid).toString(),
    });
    onStep?.(step);
    if (step.kind === 'retry-later') return 'failed';
    return this.d.store.transact(async (tx): Promise<Attempt> => {
      const cur = await tx.get<PayPlanItemRecord>(PAY_PLAN_ITEM, itemId);
      if (!cur || cur.Status !== PAY_ITEM_STATUS.due || cur.leaseUntil !== item.leaseUntil) return 'skipped';
      const invoice = await this.d.invoices.find(tx, cur.invoiceId);
      const now = this.d.now();
      // In the invoice's currency; an invoice gone meanwhile (paid otherwise, then deleted) keeps the plain decimal.
      const amountText = (v: ReturnType<typeof dec>) => (invoice ? formatMoney(v, invoice.currency) : v.toString());
      if (step.kind === 'done') {
        // SKIPPED: the invoice was paid otherwise; the installment is settled with nothing charged.
        const charged = step.outcome.code === 'SKIPPED' ? dec(0) : dec(step.outcome.amount);
        const paidSoFar = dec(cur.AmtPaid).plus(charged);
        const done = step.outcome.code === 'SKIPPED' || paidSoFar.gte(cur.AmtDue);
        const { leaseUntil: _l, dueOn: _d, ...rest } = cur;
        tx.put(PAY_PLAN_ITEM, done ? { ...rest, AmtPaid: amountText(paidSoFar), Status: PAY_ITEM_STATUS.paid } : { ...cur, AmtPaid: amountText(paidSoFar), leaseUntil: undefined });
        if (invoice && charged.gt(0)) {
          await queueNotice(tx, invoice, 'receipt', [`Thank you: installment of ${step.outcome.amount} ${invoice.currency} was charged to your card for invoice ${invoice.number}.`], now);
        }
        return 'paid';
      }
      const attempt = cur.attempt + 1;
      const stopped = attempt > plan.maxRetry;
      const { leaseUntil: _l, dueOn: _d, ...rest } = cur;
      tx.put(PAY_PLAN_ITEM, stopped
        ? { ...rest, attempt, Status: PAY_ITEM_STATUS.failed }
        : { ...rest, attempt, dueOn: addDays(asOf, Math.max(1, plan.numDaysBetweenRetry)) });
      if (invoice) {
        await queueNotice(tx, invoice, stopped ? 'stopped' : 'declined', [
          `Your card was declined for an installment of invoice ${invoice.number}: ${step.message}`,
          stopped ? `No further attempts will be made after ${attempt}.` : `We will try again on ${addDays(asOf, Math.max(1, plan.numDaysBetweenRetry))}.`,
        ], now);
      }
      return stopped ? 'stopped' : 'declined';
    });
  }

  private async claim(tx: Tx, itemId: number, asOf: string): Promise<'busy' | 'skipped' | { item: PayPlanItemRecord; plan: PayPlanRecord }> {
    const item = await tx.get<PayPlanItemRecord>(PAY_PLAN_ITEM, itemId);
    if (!item || item.Status !== PAY_ITEM_STATUS.due || !item.dueOn || item.dueOn > asOf) return 'skipped';
    const plan = await tx.get<PayPlanRecord>(PAY_PLAN, item.PayPlanId);
    if (!plan || !plan.creditCardId) return 'skipped';
    const now = this.d.now().getTime();
    if (item.leaseUntil && Date.parse(item.leaseUntil) > now) return 'busy';
    const claimed = { ...item, leaseUntil: new Date(now + (this.d.leaseMs ?? DEFAULT_PERIOD_LEASE_MS)).toISOString() };
    tx.put(PAY_PLAN_ITEM, claimed);
    return { item: claimed, plan };
  }
}
