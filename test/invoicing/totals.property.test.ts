// Property test over 5000 random invoices: totals are sums of rounded parts, nothing is
// negative, balance = total − paid exactly; an impossible invoice is refused, never mis-added.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Big } from '../../src/money/money.js';
import { computeTotals } from '../../src/invoicing/totals.js';
import { DomainError } from '../../src/errors.js';
import type { Invoice, LineItem, Tax } from '../../src/invoicing/model.js';
import { invoice } from './fixtures.js';

const decimalText = (maxInt: number, decimals: number) =>
  fc.tuple(fc.integer({ min: 0, max: maxInt }), fc.integer({ min: 0, max: 10 ** decimals - 1 }))
    .map(([i, f]) => (decimals === 0 ? String(i) : `${i}.${String(f).padStart(decimals, '0')}`));

const percent = fc.oneof(decimalText(100, 0), decimalText(99, 3));
const tax: fc.Arbitrary<Tax | undefined> = fc.option(
  fc.record({ name: fc.constant('T'), percent, type: fc.constantFrom('Normal' as const, 'Compound' as const) }),
  { nil: undefined },
);

const lineItem = (id: number): fc.Arbitrary<LineItem> => fc.record({
  unitCost: decimalText(5000, 4),
  quantity: fc.oneof(decimalText(20, 0), decimalText(10, 4)),
  discountType: fc.constantFrom('Percent' as const, 'Fixed' as const),
  discount: fc.oneof(percent, decimalText(50, 2)),
  tax1: tax,
  tax2: tax,
  credit: fc.boolean().map((b) => b && id % 4 === 0),
}).map((r) => {
  const item: LineItem = { id, name: `L${id}`, type: 'Product', description: '', unitCost: r.unitCost, quantity: r.quantity, discount: r.discount, discountType: r.discountType };
  if (r.tax1) item.tax1 = r.tax1;
  if (r.tax2) item.tax2 = r.tax2;
  if (r.credit) item.credit = true;
  return item;
});

const anInvoice: fc.Arbitrary<{ inv: Invoice; payFraction: number }> = fc.record({
  n: fc.integer({ min: 0, max: 6 }),
  seedItems: fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 6, maxLength: 6 }),
  currency: fc.constantFrom('USD', 'EUR', 'JPY', 'KWD'),
  discount: fc.option(fc.record({ type: fc.constantFrom('Percent' as const, 'Fixed' as const), value: fc.oneof(percent, decimalText(30, 0)) }), { nil: undefined }),
  charges: fc.array(fc.record({ name: fc.constant('C'), type: fc.constantFrom('Percent' as const, 'Fixed' as const), amount: fc.oneof(percent, decimalText(30, 0)) }), { maxLength: 2 }),
  lateFee: decimalText(20, 0),
  payFraction: fc.integer({ min: 0, max: 100 }),
}).chain((r) => fc.tuple(...Array.from({ length: r.n }, (_, i) => lineItem(i + 1))).map((items) => ({
  inv: invoice({ currency: r.currency, items, discount: r.discount, additionalCharges: r.charges, lateFee: r.lateFee }),
  payFraction: r.payFraction,
})));

function digitsOf(b: Big): number { return Math.max(0, b.c.length - b.e - 1); }

describe('computeTotals properties', () => {
  it('holds over thousands of random invoices', () => {
    let computed = 0;
    fc.assert(fc.property(anInvoice, ({ inv, payFraction }) => {
      let t;
      try { t = computeTotals(inv); } catch (e) {
        expect(e).toBeInstanceOf(DomainError);
        expect((e as DomainError).kind).toBe('invalid');
        return;
      }
      computed++;
      const minor = inv.currency === 'JPY' ? 0 : inv.currency === 'KWD' ? 3 : 2;
      // Pay a rounded part of the total, then check the balance identity on the paid invoice.
      const paid = t.total.times(payFraction).div(100).round(minor, 0);
      const withPay = paid.gt(0) ? computeTotals({ ...inv, payments: [{ id: 1, amount: paid.toFixed(minor), method: 'Cash', date: '2026-11-23', notes: '' }] }) : t;
      const sum = (xs: Big[]) => xs.reduce((a, b) => a.plus(b), new Big(0));
      const sign = (credit: boolean, b: Big) => (credit ? b.neg() : b);
      for (const l of withPay.lines) {
        for (const part of [l.gross, l.discount, l.net, l.tax1, l.tax2, l.total]) {
          expect(part.gte(0)).toBe(true);
          expect(digitsOf(part)).toBeLessThanOrEqual(minor);
        }
        expect(l.net.eq(l.gross.minus(l.discount))).toBe(true);
        expect(l.total.eq(l.net.plus(l.tax1).plus(l.tax2))).toBe(true);
      }
      expect(withPay.subTotal.eq(sum(withPay.lines.map((l) => sign(l.credit, l.net))))).toBe(true);
      expect(withPay.totalTax.eq(sum(withPay.lines.map((l) => sign(l.credit, l.tax1.plus(l.tax2)))))).toBe(true);
      expect(withPay.itemsTotal.eq(withPay.subTotal.plus(withPay.totalTax))).toBe(true);
      expect(withPay.afterDiscount.eq(withPay.itemsTotal.minus(withPay.discount))).toBe(true);
      expect(withPay.total.eq(withPay.afterDiscount.plus(withPay.charges).plus(withPay.lateFee))).toBe(true);
      expect(withPay.balance.eq(withPay.total.minus(withPay.totalPaid))).toBe(true);
      expect(withPay.totalPaid.eq(paid)).toBe(true);
      for (const amount of [withPay.subTotal, withPay.totalTax, withPay.itemsTotal, withPay.discount, withPay.afterDiscount, withPay.charges, withPay.total, withPay.balance]) {
        expect(amount.gte(0)).toBe(true);
        expect(digitsOf(amount)).toBeLessThanOrEqual(minor);
      }
    }), { numRuns: 5000, seed: 20261123 });
    // Most random invoices must be valid, or the property says little.
    expect(computed).toBeGreaterThan(2000);
  });
});
