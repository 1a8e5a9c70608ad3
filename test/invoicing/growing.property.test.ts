// GrowingInvoice (placeOrder's one-pass invoice) must be indistinguishable from adding each line
// and settling the whole invoice again, as InvoiceBook did before: the same fault (message, field)
// at the same line, the same status, the same record (key order included) when every line fits.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { GrowingInvoice, settle } from '../../src/invoicing/invoice.js';
import type { Invoice, LineItem } from '../../src/invoicing/model.js';
import { invoice, line } from './fixtures.js';

const STAMP = '2026-12-02T10:00:00.000Z';
// Large amounts and credit lines, so that some prefixes go negative or past the 13-digit bound.
const amount = fc.oneof(fc.constantFrom('0', '1', '9999999999999', '5000000000000.5'), fc.integer({ min: 0, max: 100000 }).map((c) => (c / 100).toFixed(2)));
const anItem = (id: number): fc.Arbitrary<LineItem> => fc.record({
  unitCost: amount,
  quantity: fc.constantFrom('1', '2', '3', '0.5'),
  discount: fc.constantFrom('0', '10', '150'),
  discountType: fc.constantFrom('Percent' as const, 'Fixed' as const),
  credit: fc.boolean(),
  tax: fc.boolean(),
}).map((r) => line({
  id, unitCost: r.unitCost, quantity: r.quantity, discount: r.discount, discountType: r.discountType,
  ...(r.credit ? { credit: true } : {}), ...(r.tax ? { tax1: { name: 'VAT', percent: '20', type: 'Normal' as const } } : {}),
}));

const aCase = fc.record({
  baseCount: fc.integer({ min: 0, max: 2 }),
  addCount: fc.integer({ min: 0, max: 6 }),
  paid: fc.constantFrom('0', '1.00', '25.00'),
  status: fc.constantFrom('draft' as const, 'sent' as const),
}).chain((r) => fc.tuple(fc.tuple(...Array.from({ length: r.baseCount + r.addCount }, (_, i) => anItem(i + 1))), fc.constant(r)));

type Outcome = { failedAt?: number; fault?: unknown; invoice?: Invoice };

function faultOf(e: unknown): unknown {
  const err = e as Error & { field?: string };
  return { name: err.name, message: err.message, field: err.field };
}

/** The way it was: the whole invoice settled again after each line. */
function oneByOne(base: Invoice, added: LineItem[]): Outcome {
  let inv = base;
  for (let i = 0; i < added.length; i++) {
    try { inv = settle({ ...inv, items: [...inv.items, added[i]], updatedAt: STAMP }); } catch (e) { return { failedAt: i, fault: faultOf(e) }; }
  }
  return { invoice: inv };
}

function growing(base: Invoice, added: LineItem[]): Outcome {
  const g = new GrowingInvoice(base);
  for (let i = 0; i < added.length; i++) {
    try { g.add(added[i]); } catch (e) { return { failedAt: i, fault: faultOf(e) }; }
  }
  return { invoice: g.finish(new Date(STAMP)) };
}

describe('GrowingInvoice', () => {
  it('faults, settles and stamps exactly as settling after every line', () => {
    let faulted = 0;
    let built = 0;
    fc.assert(fc.property(aCase, ([items, r]) => {
      const payments = r.paid === '0' ? [] : [{ id: 1, amount: r.paid, date: STAMP, method: 'Cash', notes: '' }];
      let base: Invoice;
      try { base = settle(invoice({ items: items.slice(0, r.baseCount), payments, status: r.status })); } catch { return; }
      const added = items.slice(r.baseCount);
      const want = oneByOne(base, added);
      const got = growing(base, added);
      expect(got).toEqual(want);
      if (want.invoice) expect(JSON.stringify(got.invoice)).toBe(JSON.stringify(want.invoice));
      if (want.fault) faulted++; else built++;
    }), { numRuns: 3000 });
    // Both paths were exercised: impossible prefixes and complete invoices.
    expect(faulted).toBeGreaterThan(100);
    expect(built).toBeGreaterThan(100);
  });

  it('leaves an invoice without new lines as it was (not restamped)', () => {
    const base = settle(invoice({ items: [line({ id: 1, unitCost: '5' })] }));
    expect(new GrowingInvoice(base).finish(new Date(STAMP))).toBe(base);
  });
});
