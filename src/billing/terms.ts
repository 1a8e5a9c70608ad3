// A new RecurringOrder from its terms, and the one routine that moves a subscription to its next
// period (NextBillDate, the due day, EndDate reached → stopped). Pure: the time zone is passed in.
import { ACTIVE, INACTIVE, type RecurringOrderRecord } from './records.js';
import { addDays, cycleUnit, dayOfInstant, dayStart, nextPeriodStart } from './dates.js';

export interface NewSubscription {
  contactId: number;
  originatingOrderId: number;
  planId: number;
  productId: number;
  /** Keap cycle code and frequency. */
  cycle: string;
  frequency: number;
  /** Per unit, decimal text. */
  price: string;
  qty: number;
  itemName: string;
  taxable: boolean;
  /** Day the subscription starts (the order day). */
  startDay: string;
  /** Day the first period the gateway bills begins. */
  firstBillDay: string;
  /** Periods in all, counted from startDay (0 = until cancelled). */
  cycles: number;
  creditCardId: number;
  merchantAccountId: number;
  affiliateId: number;
  leadAffiliateId: number;
  promoCode: string;
  numDaysBetweenRetry: number;
  maxRetry: number;
}

/** Days between retries and retries after the first decline when the caller gives none. */
export const DEFAULT_RETRY = { days: 3, max: 3 } as const;

export function newRecurringOrder(id: number, s: NewSubscription, timeZone: string): RecurringOrderRecord {
  const anchorDay = Number(s.startDay.slice(8, 10));
  let endDay: string | undefined;
  if (s.cycles > 0) {
    endDay = s.startDay;
    for (let i = 0; i < s.cycles; i++) endDay = nextPeriodStart(endDay, cycleUnit(s.cycle), s.frequency, anchorDay);
  }
  const ro: RecurringOrderRecord = {
    id, ContactId: s.contactId, OriginatingOrderId: s.originatingOrderId, ProgramId: s.planId, SubscriptionPlanId: s.planId,
    ProductId: s.productId, StartDate: dayStart(s.startDay, timeZone), NextBillDate: dayStart(s.firstBillDay, timeZone),
    BillingCycle: s.cycle, Frequency: s.frequency, BillingAmt: s.price, Status: ACTIVE, AutoCharge: s.creditCardId > 0 ? 1 : 0,
    CC1: s.creditCardId, CC2: 0, NumDaysBetweenRetry: s.numDaysBetweenRetry, MaxRetry: s.maxRetry,
    MerchantAccountId: s.merchantAccountId, AffiliateId: s.affiliateId, LeadAffiliateId: s.leadAffiliateId,
    PromoCode: s.promoCode, Qty: s.qty, ShippingOptionId: 0, itemName: s.itemName, taxable: s.taxable, anchorDay,
    dueOn: s.firstBillDay, attempt: 0,
  };
  if (endDay) ro.EndDate = dayStart(endDay, timeZone);
  if (s.firstBillDay > s.startDay) ro.PaidThruDate = ro.NextBillDate;
  return withDueDay(ro, timeZone);
}

/** The day the current (unbilled) period starts. */
export function periodStart(ro: RecurringOrderRecord, timeZone: string): string {
  return dayOfInstant(ro.NextBillDate, timeZone);
}

/** The day after the current period (its end, exclusive = the next period's start). */
export function periodEnd(ro: RecurringOrderRecord, timeZone: string): string {
  return nextPeriodStart(periodStart(ro, timeZone), cycleUnit(ro.BillingCycle, 'BillingCycle'), ro.Frequency, ro.anchorDay || 1);
}

/**
 * `dueOn` follows the subscription: the next period's day while it is active and not past its end,
 * nothing otherwise (then it is not in the due index at all).
 */
export function withDueDay(ro: RecurringOrderRecord, timeZone: string): RecurringOrderRecord {
  const next: RecurringOrderRecord = { ...ro };
  const start = periodStart(ro, timeZone);
  const ended = ro.EndDate !== undefined && ro.EndDate !== '' && start >= dayOfInstant(ro.EndDate, timeZone);
  if (ro.Status !== ACTIVE || ended) delete next.dueOn;
  else if (!next.dueOn || next.attempt === 0) next.dueOn = start;
  return next;
}

/** The period was billed (paid, or invoiced without auto-charge): on to the next one. */
export function advance(ro: RecurringOrderRecord, timeZone: string, paid: boolean): RecurringOrderRecord {
  const start = periodStart(ro, timeZone);
  const end = periodEnd(ro, timeZone);
  const next: RecurringOrderRecord = {
    ...ro, LastBillDate: dayStart(start, timeZone), NextBillDate: dayStart(end, timeZone), attempt: 0, dueOn: end,
  };
  delete next.retrying;
  if (paid) next.PaidThruDate = dayStart(end, timeZone);
  if (next.EndDate && end >= dayOfInstant(next.EndDate, timeZone)) {
    next.Status = INACTIVE;
    next.ReasonStopped = 'Ended: every period of the plan was billed';
  }
  return withDueDay(next, timeZone);
}

/** A declined charge: retried `NumDaysBetweenRetry` days after `today`, or stopped after MaxRetry retries. */
export function declined(ro: RecurringOrderRecord, today: string, message: string): { ro: RecurringOrderRecord; stopped: boolean } {
  const attempt = ro.attempt + 1;
  if (attempt > ro.MaxRetry) {
    const { dueOn: _gone, retrying: _r, ...rest } = ro;
    return { ro: { ...rest, attempt, Status: INACTIVE, ReasonStopped: `Payment failed ${attempt} time${attempt === 1 ? '' : 's'}: ${message}`.slice(0, 250) }, stopped: true };
  }
  return { ro: { ...ro, attempt, retrying: true, dueOn: addDays(today, Math.max(1, ro.NumDaysBetweenRetry)) }, stopped: false };
}
