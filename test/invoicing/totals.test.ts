import { describe, expect, it } from 'vitest';
import { computeTotals } from '../../src/invoicing/totals.js';
import { DomainError } from '../../src/errors.js';
import { a5Invoice, invoice, line } from './fixtures.js';

const s = (b: { toFixed(n: number): string }) => b.toFixed(2);

function refused(fn: () => unknown, field: string, message: RegExp): void {
  try { fn(); } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    expect((e as DomainError).kind).toBe('invalid');
    expect((e as DomainError).field).toBe(field);
    expect((e as Error).message).toMatch(message);
    return;
  }
  throw new Error('expected a refusal');
}

describe('computeTotals — research A5 worked example, to the cent', () => {
  const t = computeTotals(a5Invoice());
  it('line A: 10×10 − 20% = 80, tax1 5% = 4.00, compound tax2 10% on 84 = 8.40', () => {
    const a = t.lines[0];
    expect([s(a.gross), s(a.discount), s(a.net), s(a.tax1), s(a.tax2), s(a.total)]).toEqual(['100.00', '20.00', '80.00', '4.00', '8.40', '92.40']);
  });
  it('line B: 500×3 − fixed 5 = 1495, tax1 10% = 149.50', () => {
    const b = t.lines[1];
    expect([s(b.net), s(b.tax1), s(b.tax2), s(b.total)]).toEqual(['1495.00', '149.50', '0.00', '1644.50']);
  });
  it('sub total 1575.00, tax 161.90, items 1736.90, discount 173.69, after 1563.21, +15 = 1578.21', () => {
    expect(s(t.subTotal)).toBe('1575.00');
    expect(s(t.totalTax)).toBe('161.90');
    expect(s(t.itemsTotal)).toBe('1736.90');
    expect(s(t.discount)).toBe('173.69');
    expect(s(t.afterDiscount)).toBe('1563.21');
    expect(s(t.charges)).toBe('15.00');
    expect(s(t.netBalance)).toBe('1578.21');
    expect(s(t.total)).toBe('1578.21');
    expect(s(t.balance)).toBe('1578.21');
  });
  it('a Normal tax2 would be 8.00', () => {
    const inv = a5Invoice();
    inv.items[0] = { ...inv.items[0], tax2: { name: 'T2', percent: '10', type: 'Normal' } };
    expect(s(computeTotals(inv).lines[0].tax2)).toBe('8.00');
  });
});

describe('computeTotals — rounding HALF_UP at line level', () => {
  it('1.005 rounds up to 1.01 (no binary float trap)', () => {
    const t = computeTotals(invoice({ items: [line({ id: 1, unitCost: '1.005', quantity: '1' })] }));
    expect(s(t.lines[0].gross)).toBe('1.01');
  });
  it('8180 × 9.975% = 815.955 → 815.96 on the line and in the total', () => {
    const t = computeTotals(invoice({ items: [line({ id: 1, unitCost: '8180', tax1: { name: 'GST', percent: '9.975', type: 'Normal' } })] }));
    expect(s(t.lines[0].tax1)).toBe('815.96');
    expect(s(t.totalTax)).toBe('815.96');
  });
  it('per-line rounding: 55.55 and 11.11 at 23% give 12.78 + 2.56 = 15.34', () => {
    const tax = { name: 'VAT', percent: '23', type: 'Normal' as const };
    const t = computeTotals(invoice({ items: [line({ id: 1, unitCost: '55.55', tax1: tax }), line({ id: 2, unitCost: '11.11', tax1: tax })] }));
    expect(s(t.totalTax)).toBe('15.34');
  });
  it('2.25 × 64.22 with a 100% discount is exactly 0.00, never −0.01', () => {
    const t = computeTotals(invoice({ items: [line({ id: 1, unitCost: '64.22', quantity: '2.25', discount: '100' })] }));
    expect(s(t.lines[0].net)).toBe('0.00');
    expect(t.total.eq(0)).toBe(true);
  });
  it('JPY has no minor unit: 333 × 1.5 = 499.5 → 500', () => {
    const t = computeTotals(invoice({ currency: 'JPY', items: [line({ id: 1, unitCost: '333', quantity: '1.5' })] }));
    expect(t.total.toFixed(0)).toBe('500');
  });
});

describe('computeTotals — credit lines, charges, late fee, payments', () => {
  it('a credit line subtracts its net', () => {
    const t = computeTotals(invoice({ items: [line({ id: 1, unitCost: '100' }), line({ id: 2, unitCost: '15', credit: true })] }));
    expect(s(t.subTotal)).toBe('85.00');
    expect(s(t.total)).toBe('85.00');
  });
  it('a percent charge is taken on the items total (tax included), before the discount', () => {
    const t = computeTotals(invoice({
      items: [line({ id: 1, unitCost: '100', tax1: { name: 'T', percent: '10', type: 'Normal' } })],
      discount: { type: 'Fixed', value: '10' },
      additionalCharges: [{ name: 'Handling', type: 'Percent', amount: '5' }],
    }));
    expect(s(t.charges)).toBe('5.50');
    expect(s(t.total)).toBe('105.50');
  });
  it('the late fee is part of the total and the balance is total − paid', () => {
    const t = computeTotals(invoice({
      items: [line({ id: 1, unitCost: '100' })], lateFee: '7.50',
      payments: [{ id: 1, amount: '40', method: 'Cash', date: '2026-11-23', notes: '' }],
    }));
    expect(s(t.total)).toBe('107.50');
    expect(s(t.totalPaid)).toBe('40.00');
    expect(s(t.balance)).toBe('67.50');
  });
});

describe('computeTotals — refusals name the field', () => {
  it('percent discount above 100', () => refused(() => computeTotals(invoice({ items: [line({ id: 1, unitCost: '5', discount: '100.01' })] })), 'discount', /at most 100/));
  it('fixed discount larger than the line', () => refused(() => computeTotals(invoice({ items: [line({ id: 1, unitCost: '5', discount: '6', discountType: 'Fixed' })] })), 'discount', /exceeds the line amount 5.00/));
  it('negative quantity', () => refused(() => computeTotals(invoice({ items: [line({ id: 1, unitCost: '5', quantity: '-1' })] })), 'quantity', /negative/));
  it('negative unit cost', () => refused(() => computeTotals(invoice({ items: [line({ id: 1, unitCost: '-5' })] })), 'unit_cost', /negative/));
  it('a fixed amount with more decimals than the currency', () => refused(() => computeTotals(invoice({ items: [line({ id: 1, unitCost: '5' })], lateFee: '1.005' })), 'late_fee', /more than 2 decimals/));
  it('a unit cost with more than 4 decimals', () => refused(() => computeTotals(invoice({ items: [line({ id: 1, unitCost: '1.00001' })] })), 'unit_cost', /more than 4 decimals/));
  it('text that is not a number', () => refused(() => computeTotals(invoice({ items: [line({ id: 1, unitCost: '12,50' })] })), 'unit_cost', /not a decimal/));
  it('credit lines larger than the items', () => refused(() => computeTotals(invoice({ items: [line({ id: 1, unitCost: '5' }), line({ id: 2, unitCost: '6', credit: true })] })), 'items', /negative/));
  it('invoice discount larger than the items total', () => refused(() => computeTotals(invoice({ items: [line({ id: 1, unitCost: '5' })], discount: { type: 'Fixed', value: '5.01' } })), 'discount', /exceeds the items total/));
  it('a total below what was already paid', () => refused(() => computeTotals(invoice({ items: [line({ id: 1, unitCost: '5' })], payments: [{ id: 1, amount: '6', method: 'Cash', date: '2026-11-23', notes: '' }] })), 'total', /below the 6.00 already paid/));
});
