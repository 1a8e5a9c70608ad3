// One subscription period, exactly once: the period (`<RecurringOrder id>:<start day>`) is the
// idempotency key — a JobRecurringInstance with that unique periodKey exists once the period's
// order and invoice exist, created in the same transaction. Whoever creates or takes the instance
// holds it for a lease (as the mail outbox claims messages); the charge runs outside any
// transaction through the orders module; the outcome is recorded in a last transaction that only
// applies while the subscription is still on that period. A process killed at any point leaves
// either nothing (the claim did not commit), or an instance whose lease expires: the next run —
// on any instance — takes it, and the charge module reconciles a charge left pending or skips an
// invoice already paid. No second invoice, no second charge.
import type { Tx } from '../store/port.js';
import type { Invoice } from '../invoicing/model.js';
import { ITEM_TYPE } from '../invoicing/item-types.js';
import { formatMoney } from '../money/money.js';
import { ACTIVE, INSTANCE_STATUS, JOB_RECURRING_INSTANCE, RECURRING_ORDER, type JobRecurringInstanceRecord, type RecurringOrderRecord } from './records.js';
import { addDays, dayStart } from './dates.js';
import { advance, declined, periodEnd, periodStart } from './terms.js';
import { chargeStep } from './charge-step.js';
import { queueNotice } from './notices.js';
import { DEFAULT_PERIOD_LEASE_MS, type Attempt, type BillingDeps } from './deps.js';

export const periodKey = (recurringId: number, start: string): string => `${recurringId}:${start}`;

type Claim = { kind: 'skip' } | { kind: 'busy' } | { kind: 'period'; ro: RecurringOrderRecord; inst: JobRecurringInstanceRecord; start: string };

export class PeriodBiller {
  constructor(private readonly d: BillingDeps) {}

  private get leaseMs(): number { return this.d.leaseMs ?? DEFAULT_PERIOD_LEASE_MS; }

  /** Bill the subscription's current period if it is due by `asOf` (its invoice, charge, outcome). */
  async bill(recurringId: number, asOf: string): Promise<Attempt> {
    const claim = await this.d.store.transact((tx) => this.claim(tx, recurringId, asOf));
    if (claim.kind !== 'period') return claim.kind === 'busy' ? 'busy' : 'skipped';
    const { ro, inst, start } = claim;
    if (!ro.AutoCharge || !ro.CC1) return this.finish(recurringId, inst, start, asOf, undefined);
    const step = await chargeStep(this.d, {
      invoiceId: inst.invoiceId, creditCardId: ro.CC1, merchantAccountId: ro.MerchantAccountId,
      notes: `Subscription ${ro.id}, period from ${start}`,
    });
    if (step.kind === 'retry-later') return 'failed';
    return this.finish(recurringId, inst, start, asOf, step.kind === 'declined' ? step.message : undefined);
  }

  /**
   * The current period's invoice without charging it (createInvoiceForRecurring): created if it
   * does not exist yet, and the subscription moves on, so the engine does not bill it again. 0
   * when the period is not due by `today` or the subscription is not active.
   */
  async invoiceNow(recurringId: number, today: string): Promise<number> {
    return this.d.store.transact(async (tx) => {
      const claim = await this.claim(tx, recurringId, today, { ignoreRetry: true });
      if (claim.kind === 'skip') return 0;
      if (claim.kind === 'busy') return (await this.instanceOf(tx, recurringId))?.invoiceId ?? 0;
      tx.put(RECURRING_ORDER, advance(claim.ro, this.d.timeZone, false));
      tx.put(JOB_RECURRING_INSTANCE, { ...claim.inst, Status: INSTANCE_STATUS.invoiced, leaseUntil: undefined });
      return claim.inst.invoiceId;
    });
  }

  private async instanceOf(tx: Tx, recurringId: number): Promise<JobRecurringInstanceRecord | undefined> {
    const ro = await tx.get<RecurringOrderRecord>(RECURRING_ORDER, recurringId);
    if (!ro) return undefined;
    const [inst] = await tx.findBy<JobRecurringInstanceRecord>(JOB_RECURRING_INSTANCE, 'periodKey', periodKey(ro.id, periodStart(ro, this.d.timeZone)));
    return inst;
  }

  private async claim(tx: Tx, recurringId: number, asOf: string, opts: { ignoreRetry?: boolean } = {}): Promise<Claim> {
    const ro = await tx.get<RecurringOrderRecord>(RECURRING_ORDER, recurringId);
    if (!ro || ro.Status !== ACTIVE || !ro.dueOn) return { kind: 'skip' };
    const start = periodStart(ro, this.d.timeZone);
    if ((opts.ignoreRetry ? start : ro.dueOn) > asOf) return { kind: 'skip' };
    const now = this.d.now();
    const leaseUntil = new Date(now.getTime() + this.leaseMs).toISOString();
    const [held] = await tx.findBy<JobRecurringInstanceRecord>(JOB_RECURRING_INSTANCE, 'periodKey', periodKey(ro.id, start));
    if (held) {
      if (held.leaseUntil && Date.parse(held.leaseUntil) > now.getTime()) return { kind: 'busy' };
      const inst = { ...held, leaseUntil };
      tx.put(JOB_RECURRING_INSTANCE, inst);
      return { kind: 'period', ro, inst, start };
    }
    const invoice = await this.openInvoice(tx, ro, start);
    const inst: JobRecurringInstanceRecord = {
      id: await tx.nextId(JOB_RECURRING_INSTANCE), RecurringId: ro.id, InvoiceItemId: invoice.items[0].id,
      Status: INSTANCE_STATUS.invoiced, AutoCharge: ro.AutoCharge, StartDate: dayStart(start, this.d.timeZone),
      EndDate: dayStart(addDays(periodEnd(ro, this.d.timeZone), -1), this.d.timeZone), DateCreated: now.toISOString(),
      Description: invoice.items[0].description, periodKey: periodKey(ro.id, start), invoiceId: invoice.id, leaseUntil,
    };
    tx.put(JOB_RECURRING_INSTANCE, inst);
    return { kind: 'period', ro, inst, start };
  }

  /** The period's order (Job.JobRecurringId = the subscription) and its invoice, from the one totals routine. */
  private openInvoice(tx: Tx, ro: RecurringOrderRecord, start: string): Promise<Invoice> {
    const last = addDays(periodEnd(ro, this.d.timeZone), -1);
    return this.d.orders.createUnpriced(tx, {
      contactId: ro.ContactId, title: `${ro.itemName}: ${start} to ${last}`, startDate: dayStart(start, this.d.timeZone),
      invoiceDate: start, orderType: 'Subscription', leadAffiliateId: ro.LeadAffiliateId, saleAffiliateId: ro.AffiliateId,
    }, [{
      itemType: ITEM_TYPE.subscriptionPlan, productId: ro.ProductId, subscriptionPlanId: ro.SubscriptionPlanId,
      name: ro.itemName, description: `Subscription ${ro.id}: ${start} to ${last}`, notes: '',
      price: ro.BillingAmt, quantity: String(ro.Qty),
    }], { JobRecurringId: ro.id });
  }

  /** Record the outcome, only if the subscription is still on this period (else someone already did). */
  private finish(recurringId: number, claimed: JobRecurringInstanceRecord, start: string, asOf: string, declineMessage: string | undefined): Promise<Attempt> {
    return this.d.store.transact(async (tx): Promise<Attempt> => {
      const ro = await tx.get<RecurringOrderRecord>(RECURRING_ORDER, recurringId);
      const inst = await tx.get<JobRecurringInstanceRecord>(JOB_RECURRING_INSTANCE, claimed.id);
      if (!ro || !inst || ro.Status !== ACTIVE || periodStart(ro, this.d.timeZone) !== start) return 'skipped';
      const invoice = await this.d.invoices.find(tx, inst.invoiceId);
      const totals = invoice ? this.d.invoices.totals(invoice) : undefined;
      const paid = !!totals && totals.balance.lte(0);
      const now = this.d.now();
      if (paid || declineMessage === undefined) {
        tx.put(RECURRING_ORDER, advance(ro, this.d.timeZone, paid));
        tx.put(JOB_RECURRING_INSTANCE, { ...inst, Status: paid ? INSTANCE_STATUS.paid : INSTANCE_STATUS.notCharged, leaseUntil: undefined });
        if (paid && invoice && ro.AutoCharge) {
          await queueNotice(tx, invoice, 'receipt', [
            `Thank you: ${formatMoney(totals!.totalPaid, invoice.currency)} ${invoice.currency} was charged to your card for ${ro.itemName}, period from ${start}.`,
            `Invoice ${invoice.number}. Next billing date: ${advance(ro, this.d.timeZone, paid).dueOn ?? 'none (the subscription has ended)'}.`,
          ], now);
        }
        return paid ? 'paid' : 'invoiced';
      }
      const next = declined(ro, asOf, declineMessage);
      tx.put(RECURRING_ORDER, next.ro);
      tx.put(JOB_RECURRING_INSTANCE, { ...inst, Status: next.stopped ? INSTANCE_STATUS.failed : INSTANCE_STATUS.invoiced, leaseUntil: undefined });
      if (invoice) {
        await queueNotice(tx, invoice, next.stopped ? 'stopped' : 'declined', [
          `Your card was declined for ${ro.itemName} (invoice ${invoice.number}, ${formatMoney(totals!.balance, invoice.currency)} ${invoice.currency}): ${declineMessage}`,
          next.stopped ? `The subscription has stopped after ${next.ro.attempt} attempts.` : `We will try again on ${next.ro.dueOn}.`,
        ], now);
      }
      return next.stopped ? 'stopped' : 'declined';
    });
  }
}
