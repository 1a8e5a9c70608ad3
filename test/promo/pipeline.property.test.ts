// Property test over thousands of random carts and promotions: exact, never negative, deterministic.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Big } from '../../src/money/money.js';
import { priceOrder } from '../../src/promo/pipeline.js';
import type { CartLine, Discount, Promotion } from '../../src/promo/model.js';
import { foldCode } from '../../src/promo/codes.js';

const cents = (max: number) => fc.integer({ min: 0, max }).map((n) => (n / 100).toFixed(2));
const percent = fc.integer({ min: 1, max: 10000 }).map((n) => (n / 100).toFixed(2));
const mode = fc.constantFrom('PERCENT' as const, 'AMOUNT' as const);

const line: fc.Arbitrary<CartLine> = fc.record({
  itemType: fc.constantFrom(4, 4, 4, 1, 9),
  productId: fc.integer({ min: 1, max: 4 }),
  subscriptionPlanId: fc.integer({ min: 1, max: 2 }),
  name: fc.constant('x'),
  unitPrice: cents(50000),
  quantity: fc.integer({ min: 1, max: 5 }).map(String),
  taxable: fc.boolean(),
  shippable: fc.boolean(),
  categoryIds: fc.subarray([1, 2, 3]),
});

const discount: fc.Arbitrary<Discount> = fc.oneof(
  fc.record({ kind: fc.constant('ORDER_TOTAL' as const), mode, value: fc.oneof(percent, cents(100000)), strategy: fc.constantFrom('GROSS' as const, 'NET' as const) })
    .map((d) => (d.mode === 'PERCENT' && new Big(d.value).gt(100) ? { ...d, value: '100' } : d)),
  fc.record({ kind: fc.constant('PRODUCT' as const), mode, value: percent, productIds: fc.subarray([1, 2, 3, 4], { minLength: 1 }) }),
  fc.record({ kind: fc.constant('CATEGORY' as const), mode: fc.constant('PERCENT' as const), value: percent, categoryIds: fc.subarray([1, 2, 3], { minLength: 1 }) }),
  fc.record({ kind: fc.constant('SHIPPING' as const), mode, value: percent }),
  fc.record({ kind: fc.constant('FREE_TRIAL' as const), days: fc.constant(7), subscriptionPlanId: fc.integer({ min: 1, max: 2 }), hidePrice: fc.constant(false) }),
);

const promotions = fc.array(fc.record({ discount, coded: fc.boolean() }), { maxLength: 6 }).map((ps) =>
  ps.map((p, i): Promotion => ({
    id: i + 1, name: `P${i + 1}`, description: '', active: true, discount: p.discount,
    criteria: p.coded ? [{ type: 'PROMO_CODE' }] : [], limits: {}, applyToCommissions: false,
  })));

const sumOf = (xs: string[]) => xs.reduce((a, x) => a.plus(x), new Big(0));

describe('pricing properties', () => {
  it('Σ line discounts = order discount = Σ specials; nothing negative; total = Σ lines; deterministic', () => {
    fc.assert(fc.property(
      fc.array(line, { minLength: 1, maxLength: 8 }), promotions, fc.option(percent, { nil: undefined }),
      (lines, promos, taxRate) => {
        const promoCodes = promos.map((p) => ({ id: p.id, promotionId: p.id, code: `C${p.id}`, folded: foldCode(`C${p.id}`), active: true }));
        const input = {
          currency: 'USD', contactId: 1, lines, processSpecials: true, codes: promos.map((p) => `c${p.id}`),
          promotions: promos, promoCodes, usage: { promotion: () => 0, contact: () => 0, code: () => 0 },
          now: new Date('2026-11-23T00:00:00Z'), ...(taxRate ? { taxRate } : {}),
        };
        const r = priceOrder(input);
        const discount = new Big(r.totals.discount);
        expect(sumOf(r.lines.map((l) => l.discount)).eq(discount)).toBe(true);
        expect(sumOf(r.specials.map((s) => s.amount)).eq(discount)).toBe(true);
        for (const s of r.specials) {
          expect(sumOf(s.shares).eq(s.amount)).toBe(true);
          expect(new Big(s.amount).gt(0)).toBe(true);
        }
        for (const l of r.lines) {
          for (const v of [l.discount, l.net, l.tax, l.total]) expect(new Big(v).gte(0)).toBe(true);
        }
        expect(new Big(r.totals.total).gte(0)).toBe(true);
        expect(sumOf(r.lines.map((l) => l.total)).eq(r.totals.total)).toBe(true);
        expect(sumOf(r.lines.map((l) => l.tax)).eq(r.totals.tax)).toBe(true);
        expect(priceOrder(input)).toEqual(r);
      },
    ), { numRuns: 2000 });
  });
});

describe('foldCode', () => {
  it('its ASCII fast path folds exactly as the full Unicode fold does', () => {
    const fullFold = (s: string) => s.normalize('NFKC').trim().toLocaleUpperCase('und').toLocaleLowerCase('und');
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom(...' \t-_aZz09ABCxyzIiKkSs'.split('')), maxLength: 20 }), (s) => {
      expect(foldCode(s)).toBe(fullFold(s));
    }), { numRuns: 2000 });
    for (const s of ['SAVE10', ' save10 ', 'İstanbul', 'STRASSE', 'straße', 'ＳＡＶＥ１０', 'K']) expect(foldCode(s)).toBe(fullFold(s));
  });
});
