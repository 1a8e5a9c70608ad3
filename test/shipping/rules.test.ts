// The pure rules behind placeOrder's shipping and tax lines: option validation and rating, the most
// specific tax region, and the taxable amount of an invoice's lines.
import { describe, expect, it } from 'vitest';
import { dec } from '../../src/money/money.js';
import { parseShippingOption, type ShippingOption } from '../../src/shipping/options.js';
import { chooseShipping, rateOf } from '../../src/shipping/rates.js';
import { parseTaxRate, rateFor, type TaxRate } from '../../src/tax/regions.js';
import { taxableAmount, taxAmount } from '../../src/tax/tax-line.js';
import type { Invoice, LineItem } from '../../src/invoicing/model.js';

const option = (id: number, def: object): ShippingOption => ({ ...parseShippingOption({ name: `o${id}`, ...def }), id });
const cart = (units: Array<[number, string, string]>, subtotal: string) => ({
  units: units.map(([productId, q, w]) => ({ productId, quantity: dec(q), weight: dec(w) })), productSubtotal: dec(subtotal),
});

describe('shipping options', () => {
  it('names every problem of a definition at once', () => {
    expect(() => parseShippingOption({ type: 'Quantity', pricePerItem: '-1' })).toThrow(/name: is required; pricePerItem: must be >= 0/);
    expect(() => parseShippingOption({ name: 'R', type: 'OrderTotal', ranges: [{ minimum: 5, maximum: 5, price: 1 }] })).toThrow(/maximum 5 must be above minimum 5/);
    expect(() => parseShippingOption({ name: 'R', type: 'Product', prices: [{ productId: 1, price: 1 }, { productId: 1, price: 2 }] })).toThrow(/listed twice/);
    expect(() => parseShippingOption({ name: 'R', type: 'Teleport' })).toThrow(/type: must be one of/);
  });

  it('rates ranges as [minimum, maximum), rounds to the currency, and picks the cheapest active option (ties: lowest id)', () => {
    const byTotal = option(1, { type: 'OrderTotal', ranges: [{ maximum: 50, price: '4.995' }, { minimum: 50, price: 0 }] });
    expect(rateOf(byTotal, cart([[1, '1', '0']], '49.99'), 'USD')?.toFixed(2)).toBe('5.00');
    expect(rateOf(byTotal, cart([[1, '1', '0']], '50.00'), 'USD')?.toFixed(2)).toBe('0.00');
    const byWeight = option(2, { type: 'Weight', ranges: [{ minimum: 1, maximum: 2, price: 3 }] });
    expect(rateOf(byWeight, cart([[1, '3', '0.25']], '1'), 'USD')).toBeUndefined(); // 0.75 is below every range
    const flatA = option(3, { type: 'Flat', price: '3.00' });
    const flatB = option(4, { type: 'Flat', price: '3' });
    const inactive = option(5, { type: 'Flat', price: '1', active: false });
    expect(chooseShipping([flatB, inactive, flatA, byWeight], cart([[1, '3', '0.25']], '10'), 'USD')?.option.id).toBe(3);
    expect(chooseShipping([flatA], cart([], '10'), 'USD')).toBeUndefined();
  });
});

describe('tax regions', () => {
  const rates: TaxRate[] = [
    { ...parseTaxRate({ name: 'anywhere', rate: '1' }), id: 1 },
    { ...parseTaxRate({ name: 'us', country: 'United States', rate: '2' }), id: 2 },
    { ...parseTaxRate({ name: 'ca', country: 'US', state: 'CA', rate: '3' }), id: 3 },
    { ...parseTaxRate({ name: 'la', country: 'usa', state: 'CA', zipPrefix: '900', rate: '4' }), id: 4 },
    { ...parseTaxRate({ name: 'zip only', country: 'US', zipPrefix: '9001', rate: '5' }), id: 5 },
  ];
  const at = (country: string, state = '', postalCode = '') => rateFor(rates, { country, state, postalCode })?.name;

  it('the most specific match wins: longest zip prefix, then state, then country, then any country', () => {
    expect(at('U.S.A.', 'ca', '90099')).toBe('la');
    expect(at('US', 'CA', '9001-4')).toBe('zip only'); // 9001 is longer than 900, whatever the state
    expect(at('US', 'CA', '94105')).toBe('ca');
    expect(at('United States', 'NY')).toBe('us');
    expect(at('France')).toBe('anywhere');
  });

  it('refuses a state without a country, more than 4 decimals and above 100', () => {
    expect(() => parseTaxRate({ name: 'x', state: 'CA', rate: '1' })).toThrow(/country: is required/);
    expect(() => parseTaxRate({ name: 'x', rate: '1.23456' })).toThrow(/more than 4 decimals/);
    expect(() => parseTaxRate({ name: 'x', rate: '101' })).toThrow(/at most 100/);
  });
});

describe('the taxable amount of an invoice', () => {
  let nextId = 1;
  const line = (itemType: number, productId: number, amount: string, qty = '1'): LineItem => ({
    id: nextId++, name: `t${itemType}`, type: 'Product', description: '', unitCost: amount.replace('-', ''), quantity: qty,
    discount: '0', discountType: 'Fixed', credit: amount.startsWith('-'), keap: { itemType, productId, orderItemId: nextId },
  });
  const invoice = (items: LineItem[]): Invoice => ({
    id: 1, number: 'INV1', clientId: 1, title: '', date: '2026-12-01', poNumber: '', status: 'draft', recordStatus: 'Active',
    notes: '', terms: '', lateFee: '0', currency: 'USD', items, additionalCharges: [], customFields: [], payments: [], promoCodes: [],
    createdAt: '', updatedAt: '',
  });
  const ctx = (taxShipping: boolean) => ({ rate: '10', taxShipping, taxableProduct: (id: number) => id === 1 });

  it('product specials count with their product, shipping specials with shipping, order-level ones in proportion', () => {
    const inv = invoice([
      line(4, 1, '30.00'), line(4, 2, '10.00'), line(1, 0, '8.00'),
      line(12, 1, '-5.00'), line(12, 2, '-1.00'), line(14, 0, '-3.00'), line(11, 0, '-4.00'), line(2, 0, '9.99'),
    ]);
    // Taxable product 30, its special −5, the order-level −4 × 30/40 (the taxable share of the products) = −3.
    expect(taxableAmount(inv, ctx(false)).toFixed(2)).toBe('22.00');
    // With shipping taxed: + 8 − 3.
    expect(taxableAmount(inv, ctx(true)).toFixed(2)).toBe('27.00');
    expect(taxAmount(inv, ctx(true)).toFixed(2)).toBe('2.70');
  });

  it('never goes below zero and rounds once, HALF_UP', () => {
    // 5 − 5 (its own special) − 6 × 5/15 < 0.
    expect(taxableAmount(invoice([line(4, 1, '5.00'), line(4, 2, '10.00'), line(12, 1, '-5.00'), line(7, 0, '-6.00')]), ctx(false)).toFixed(2)).toBe('0.00');
    expect(taxAmount(invoice([line(4, 1, '0.05')]), { ...ctx(false), rate: '10' }).toFixed(2)).toBe('0.01');
  });
});
