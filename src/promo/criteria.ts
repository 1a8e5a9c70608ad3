// Criteria as data, evaluated by a table keyed by criterion type. Comparisons are typed: quantities
// and amounts as exact decimals, dates as wall-clock texts in the criterion's own zone.
import { Big, dec, ZERO } from '../money/money.js';
import type { CartLine, Criterion, CriterionType } from './model.js';
import { endBound, startBound, wallClock } from './wall-clock.js';

/** What a criterion says about an order. Every criterion must be 'OK' for the promotion to apply. */
export type Verdict = 'OK' | 'NOT_STARTED' | 'EXPIRED' | 'NOT_APPLICABLE';

export interface CriteriaContext {
  now: Date;
  lines: readonly CartLine[];
  /** Product subtotal before discounts, excluding shipping and tax lines. */
  productSubtotal: Big;
  /** True when one of the promotion's codes was given in this request. */
  codeGiven: boolean;
}

type Check<T extends CriterionType> = (c: Extract<Criterion, { type: T }>, ctx: CriteriaContext) => Verdict;

const ok = (cond: boolean): Verdict => (cond ? 'OK' : 'NOT_APPLICABLE');

function quantityOf(lines: readonly CartLine[], match: (l: CartLine) => boolean): Big {
  let q = new Big(0);
  for (const l of lines) if (match(l)) q = q.plus(dec(l.quantity, 'quantity'));
  return q;
}

function within(q: Big, min?: string, max?: string): boolean {
  if (min !== undefined && q.lt(dec(min))) return false;
  if (max !== undefined && q.gt(dec(max))) return false;
  return true;
}

const CHECKS: { [T in CriterionType]: Check<T> } = {
  DATE_RANGE: (c, ctx) => {
    const at = wallClock(ctx.now, c.timeZone);
    if (c.start !== undefined && at < startBound(c.start)) return 'NOT_STARTED';
    if (c.end !== undefined && at > endBound(c.end)) return 'EXPIRED';
    return 'OK';
  },
  PROMO_CODE: (_c, ctx) => ok(ctx.codeGiven),
  PRODUCT: (c, ctx) => {
    const q = quantityOf(ctx.lines, (l) => l.productId === c.productId && l.itemType !== 9);
    // A product that is absent never satisfies the criterion, even with no minimum.
    return ok(q.gt(ZERO) && within(q, c.minQuantity, c.maxQuantity));
  },
  SUBSCRIPTION_PLAN: (c, ctx) => {
    const q = quantityOf(ctx.lines, (l) => l.subscriptionPlanId === c.planId);
    return ok(q.gt(ZERO) && within(q, c.minQuantity));
  },
  ORDER_TOTAL: (c, ctx) => ok(c.operator === 'GREATER_THAN'
    ? ctx.productSubtotal.gt(dec(c.amount)) : ctx.productSubtotal.lt(dec(c.amount))),
};

/** Severity order: a date problem explains more than "criteria unmet". */
const RANK: Record<Verdict, number> = { OK: 0, NOT_APPLICABLE: 1, EXPIRED: 2, NOT_STARTED: 3 };

/** The worst verdict over all criteria ('OK' when all hold). */
export function evaluateCriteria(criteria: readonly Criterion[], ctx: CriteriaContext): Verdict {
  let worst: Verdict = 'OK';
  for (const c of criteria) {
    const v = (CHECKS[c.type] as Check<CriterionType>)(c as never, ctx);
    if (RANK[v] > RANK[worst]) worst = v;
  }
  return worst;
}

export function requiresCode(criteria: readonly Criterion[]): boolean {
  return criteria.some((c) => c.type === 'PROMO_CODE');
}
