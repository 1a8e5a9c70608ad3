import { describe, expect, it } from 'vitest';
import { priceOrder } from '../../src/promo/pipeline.js';
import type { UsageCounts } from '../../src/promo/model.js';
import { codeFor, input, plan, product, promo, shipping } from './fixtures.js';

const pct = (value: string, strategy: 'GROSS' | 'NET' = 'GROSS') =>
  ({ kind: 'ORDER_TOTAL' as const, mode: 'PERCENT' as const, value, strategy });
const amt = (value: string, strategy: 'GROSS' | 'NET' = 'GROSS') =>
  ({ kind: 'ORDER_TOTAL' as const, mode: 'AMOUNT' as const, value, strategy });

describe('order total discounts', () => {
  it('allocates 10% of $65.00 over three lines so the shares add up exactly', () => {
    const p = promo({ discount: pct('10') });
    const r = priceOrder(input({ lines: [product(1, '21.67'), product(2, '21.67'), product(3, '21.66')], promotions: [p] }));
    expect(r.specials).toHaveLength(1);
    expect(r.specials[0]).toMatchObject({ itemType: 11, amount: '6.50', promotionId: p.id });
    expect(r.specials[0].shares).toEqual(['2.17', '2.17', '2.16']);
    expect(r.lines.map((l) => l.discount)).toEqual(['2.17', '2.17', '2.16']);
    expect(r.totals).toMatchObject({ subtotal: '65.00', discount: '6.50', total: '58.50' });
  });

  it('clamps a $200 code on a $100 order to $0, never negative', () => {
    const p = promo({ discount: amt('200') });
    const r = priceOrder(input({ lines: [product(1, '60.00'), product(2, '40.00')], promotions: [p] }));
    expect(r.specials[0].amount).toBe('100.00');
    expect(r.totals.total).toBe('0.00');
    expect(r.lines.every((l) => l.net === '0.00')).toBe(true);
  });

  it('GROSS discounts share the pre-discount base; NET ones compound', () => {
    const lines = [product(1, '100.00')];
    const gross = priceOrder(input({ lines, promotions: [promo({ discount: pct('10') }), promo({ discount: pct('10') })] }));
    expect(gross.totals.discount).toBe('20.00');
    const net = priceOrder(input({ lines, promotions: [promo({ discount: pct('10', 'NET') }), promo({ discount: pct('10', 'NET') })] }));
    expect(net.totals.discount).toBe('19.00');
  });

  it('GROSS ignores an earlier product discount for its base, NET does not', () => {
    const prod = promo({ discount: { kind: 'PRODUCT', mode: 'PERCENT', value: '20', productIds: [1] } });
    const lines = [product(1, '100.00')];
    const g = priceOrder(input({ lines, promotions: [prod, promo({ discount: pct('10', 'GROSS') })] }));
    expect(g.specials.map((s) => s.amount)).toEqual(['20.00', '10.00']);
    const n = priceOrder(input({ lines, promotions: [prod, promo({ discount: pct('10', 'NET') })] }));
    expect(n.specials.map((s) => s.amount)).toEqual(['20.00', '8.00']);
  });

  it('does not discount shipping or tax lines', () => {
    const r = priceOrder(input({ lines: [product(1, '50.00'), shipping('10.00')], promotions: [promo({ discount: pct('50') })] }));
    expect(r.specials[0].amount).toBe('25.00');
    expect(r.lines[1].discount).toBe('0.00');
  });
});

describe('line, shipping and trial discounts', () => {
  it('product percent applies to the named product only', () => {
    const p = promo({ discount: { kind: 'PRODUCT', mode: 'PERCENT', value: '15', productIds: [2] } });
    const r = priceOrder(input({ lines: [product(1, '10.00'), product(2, '20.00', '3')], promotions: [p] }));
    expect(r.specials[0]).toMatchObject({ itemType: 12, amount: '9.00', lineIndex: 1 });
  });

  it('product and category discounts skip subscription plan lines of the same product', () => {
    const p = promo({ discount: { kind: 'PRODUCT', mode: 'PERCENT', value: '50', productIds: [1] } });
    const c = promo({ discount: { kind: 'CATEGORY', mode: 'PERCENT', value: '50', categoryIds: [4] } });
    const r = priceOrder(input({ lines: [product(1, '10.00', '1', { categoryIds: [4] }), { ...plan(5, '20.00'), productId: 1, categoryIds: [4] }], promotions: [p, c] }));
    expect(r.lines.map((l) => l.discount)).toEqual(['10.00', '0.00']);
  });

  it('product amount is per unit and clamped at the line', () => {
    const p = promo({ discount: { kind: 'PRODUCT', mode: 'AMOUNT', value: '4', productIds: [1] } });
    expect(priceOrder(input({ lines: [product(1, '10.00', '3')], promotions: [p] })).specials[0].amount).toBe('12.00');
    expect(priceOrder(input({ lines: [product(1, '3.00', '2')], promotions: [p] })).specials[0].amount).toBe('6.00');
  });

  it('category percent applies to lines in the category', () => {
    const p = promo({ discount: { kind: 'CATEGORY', mode: 'PERCENT', value: '25', categoryIds: [9] } });
    const r = priceOrder(input({ lines: [product(1, '40.00', '1', { categoryIds: [9] }), product(2, '40.00', '1', { categoryIds: [3] })], promotions: [p] }));
    expect(r.specials[0]).toMatchObject({ itemType: 13, amount: '10.00', lineIndex: 0 });
  });

  it('shipping discount applies only when there is shipping', () => {
    const p = promo({ discount: { kind: 'SHIPPING', mode: 'PERCENT', value: '50' }, criteria: [{ type: 'PROMO_CODE' }] });
    const codes = [codeFor(p, 'SHIP')];
    const withShip = priceOrder(input({ lines: [product(1, '20.00'), shipping('7.99')], promotions: [p], promoCodes: codes, codes: ['SHIP'] }));
    expect(withShip.specials[0]).toMatchObject({ itemType: 14, amount: '4.00', lineIndex: 1 });
    const noShip = priceOrder(input({ lines: [product(1, '20.00')], promotions: [p], promoCodes: codes, codes: ['SHIP'] }));
    expect(noShip.specials).toEqual([]);
    expect(noShip.codes[0].outcome).toBe('NOT_APPLICABLE');
  });

  it('free trial removes the plan line from this order', () => {
    const p = promo({ name: 'Try it', discount: { kind: 'FREE_TRIAL', days: 14, subscriptionPlanId: 5, hidePrice: false } });
    const r = priceOrder(input({ lines: [product(1, '10.00'), plan(5, '29.00')], promotions: [p] }));
    expect(r.specials[0]).toMatchObject({ itemType: 10, amount: '29.00', lineIndex: 1, name: 'Try it (14-day free trial)' });
    expect(r.totals.total).toBe('10.00');
  });
});

describe('tax', () => {
  it('is charged on the discounted taxable amount', () => {
    const r = priceOrder(input({ lines: [product(1, '100.00')], promotions: [promo({ discount: pct('10') })], taxRate: '8' }));
    expect(r.totals).toMatchObject({ discount: '10.00', tax: '7.20', total: '97.20' });
  });

  it('skips untaxable lines and adds up across lines', () => {
    const r = priceOrder(input({ lines: [product(1, '10.01'), product(2, '10.01'), product(3, '5.00', '1', { taxable: false })], taxRate: '7.25' }));
    expect(r.totals.tax).toBe('1.45');
    expect(r.lines.map((l) => l.tax)).toEqual(['0.73', '0.72', '0.00']);
  });
});

describe('criteria', () => {
  const tz = 'America/New_York';
  const dated = (start?: string, end?: string) => promo({ discount: amt('5'), criteria: [{ type: 'PROMO_CODE' }, { type: 'DATE_RANGE', timeZone: tz, ...(start ? { start } : {}), ...(end ? { end } : {}) }] });
  const run = (p: ReturnType<typeof promo>, now: string) =>
    priceOrder(input({ lines: [product(1, '20.00')], promotions: [p], promoCodes: [codeFor(p, 'D')], codes: ['D'], now: new Date(now) })).codes[0].outcome;

  it('date range end is inclusive through the whole day in its zone', () => {
    const p = dated(undefined, '2026-11-23');
    expect(run(p, '2026-11-24T04:59:59Z')).toBe('APPLIED'); // 23:59:59 EST
    expect(run(p, '2026-11-24T05:00:00Z')).toBe('EXPIRED');
  });

  it('date range start is inclusive from midnight in its zone', () => {
    const p = dated('2026-11-23T09:00');
    expect(run(p, '2026-11-23T13:59:59Z')).toBe('NOT_STARTED');
    expect(run(p, '2026-11-23T14:00:00Z')).toBe('APPLIED');
  });

  it('product with min/max quantity', () => {
    const p = promo({ discount: amt('5'), criteria: [{ type: 'PRODUCT', productId: 1, minQuantity: '2', maxQuantity: '3' }] });
    const applied = (q: string) => priceOrder(input({ lines: [product(1, '20.00', q)], promotions: [p] })).specials.length === 1;
    expect([applied('1'), applied('2'), applied('3'), applied('4')]).toEqual([false, true, true, false]);
    expect(priceOrder(input({ lines: [product(2, '20.00')], promotions: [p] })).specials).toEqual([]);
  });

  it('subscription plan', () => {
    const p = promo({ discount: amt('5'), criteria: [{ type: 'SUBSCRIPTION_PLAN', planId: 5 }] });
    expect(priceOrder(input({ lines: [product(1, '20.00'), plan(5, '9.00')], promotions: [p] })).specials).toHaveLength(1);
    expect(priceOrder(input({ lines: [product(1, '20.00'), plan(6, '9.00')], promotions: [p] })).specials).toHaveLength(0);
  });

  it('order total greater than / less than, on the product subtotal', () => {
    const gt = promo({ discount: amt('5'), criteria: [{ type: 'ORDER_TOTAL', operator: 'GREATER_THAN', amount: '50' }] });
    const lt = promo({ discount: amt('1'), criteria: [{ type: 'ORDER_TOTAL', operator: 'LESS_THAN', amount: '50' }] });
    const at = (price: string) => priceOrder(input({ lines: [product(1, price), shipping('100.00')], promotions: [gt, lt] })).specials.map((s) => s.promotionId);
    expect(at('50.00')).toEqual([]);
    expect(at('50.01')).toEqual([gt.id]);
    expect(at('49.99')).toEqual([lt.id]);
  });
});

describe('codes and outcomes', () => {
  const p = promo({ name: 'Save', discount: amt('10'), criteria: [{ type: 'PROMO_CODE' }] });
  const lines = [product(1, '50.00')];
  const base = { lines, promotions: [p], promoCodes: [codeFor(p, 'SAVE10'), codeFor(p, 'SAVE10B', 999)] };

  it('matches codes trimmed and case-insensitively, including Unicode width and ß', () => {
    for (const c of ['save10', ' Save10 ', 'ＳＡＶＥ１０']) {
      expect(priceOrder(input({ ...base, codes: [c] })).codes[0]).toMatchObject({ outcome: 'APPLIED', amount: '10.00' });
    }
    const q = promo({ discount: amt('1'), criteria: [{ type: 'PROMO_CODE' }] });
    const r = priceOrder(input({ lines, promotions: [q], promoCodes: [codeFor(q, 'STRASSE')], codes: ['straße'] }));
    expect(r.codes[0].outcome).toBe('APPLIED');
  });

  it('counts a repeated code once (DUPLICATE), also another code of the same promotion', () => {
    const r = priceOrder(input({ ...base, codes: ['SAVE10', 'save10', 'SAVE10B'] }));
    expect(r.codes.map((c) => c.outcome)).toEqual(['APPLIED', 'DUPLICATE', 'DUPLICATE']);
    expect(r.totals.discount).toBe('10.00');
  });

  it('a coded promotion needs its code; an automatic one does not', () => {
    expect(priceOrder(input({ ...base })).specials).toEqual([]);
    const auto = promo({ discount: amt('1') });
    expect(priceOrder(input({ lines, promotions: [auto] })).specials).toHaveLength(1);
  });

  it('processSpecials=false ignores codes and applies nothing', () => {
    const auto = promo({ discount: amt('1') });
    const r = priceOrder(input({ ...base, promotions: [p, auto], processSpecials: false, codes: ['SAVE10'] }));
    expect(r.specials).toEqual([]);
    expect(r.codes).toEqual([{ code: 'SAVE10', outcome: 'IGNORED' }]);
  });

  it('UNKNOWN, INACTIVE (code or promotion), NOT_APPLICABLE', () => {
    expect(priceOrder(input({ ...base, codes: ['NOPE'] })).codes[0].outcome).toBe('UNKNOWN');
    const off = { ...base, promoCodes: [codeFor(p, 'SAVE10', 1, false)] };
    expect(priceOrder(input({ ...off, codes: ['SAVE10'] })).codes[0].outcome).toBe('INACTIVE');
    const offPromo = { ...base, promotions: [{ ...p, active: false }] };
    expect(priceOrder(input({ ...offPromo, codes: ['SAVE10'] })).codes[0].outcome).toBe('INACTIVE');
    const big = promo({ discount: amt('5'), criteria: [{ type: 'PROMO_CODE' }, { type: 'ORDER_TOTAL', operator: 'GREATER_THAN', amount: '100' }] });
    expect(priceOrder(input({ lines, promotions: [big], promoCodes: [codeFor(big, 'BIG')], codes: ['BIG'] })).codes[0].outcome).toBe('NOT_APPLICABLE');
  });

  it('LIMIT_REACHED (total and per code) and CONTACT_LIMIT_REACHED from usage counts', () => {
    const usage = (n: { promotion?: number; contact?: number; code?: number }): UsageCounts => ({
      promotion: () => n.promotion ?? 0, contact: () => n.contact ?? 0, code: () => n.code ?? 0,
    });
    const lim = (limits: object, u: UsageCounts) => priceOrder(input({
      ...base, promotions: [{ ...p, limits }], codes: ['SAVE10'], usage: u,
    })).codes[0].outcome;
    expect(lim({ totalUses: 5 }, usage({ promotion: 4 }))).toBe('APPLIED');
    expect(lim({ totalUses: 5 }, usage({ promotion: 5 }))).toBe('LIMIT_REACHED');
    expect(lim({ perCode: 2 }, usage({ code: 2 }))).toBe('LIMIT_REACHED');
    expect(lim({ perContact: 1 }, usage({ contact: 1 }))).toBe('CONTACT_LIMIT_REACHED');
  });

  it('NOT_STARTED and EXPIRED come from the date range', () => {
    const d = promo({ discount: amt('1'), criteria: [{ type: 'PROMO_CODE' }, { type: 'DATE_RANGE', timeZone: 'UTC', start: '2027-01-01' }] });
    const e = promo({ discount: amt('1'), criteria: [{ type: 'PROMO_CODE' }, { type: 'DATE_RANGE', timeZone: 'UTC', end: '2026-01-01' }] });
    const r = priceOrder(input({ lines, promotions: [d, e], promoCodes: [codeFor(d, 'SOON'), codeFor(e, 'OLD')], codes: ['SOON', 'OLD'] }));
    expect(r.codes.map((c) => c.outcome)).toEqual(['NOT_STARTED', 'EXPIRED']);
  });

  it('never mutates its input and answers the same twice', () => {
    const i = input({ ...base, codes: ['SAVE10'], promotions: [p, promo({ discount: pct('10', 'NET') })] });
    const snapshot = JSON.stringify(i);
    const a = priceOrder(i);
    expect(JSON.stringify(i)).toBe(snapshot);
    expect(priceOrder(i)).toEqual(a);
  });
});
