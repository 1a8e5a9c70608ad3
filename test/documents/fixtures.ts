// An invoice with every kind of line a document must show: percent and fixed line discounts,
// normal and compound taxes, a credit (special) line, percent and fixed charges, an invoice
// discount, a late fee, partial payments, a promo code, and text that must be escaped.
import type { Client, Invoice } from '../../src/invoicing/model.js';
import { invoice, line } from '../invoicing/fixtures.js';

export function everyKindInvoice(over: Partial<Invoice> = {}): Invoice {
  return invoice({
    id: 42, number: 'INV042', title: 'Spring <order> & co', date: '2026-11-23', dueDate: '2026-12-23', poNumber: 'PO-7781',
    status: 'partial-paid', lateFee: '12.50', notes: 'Thank you for your business.\nCall us at <any> time.', terms: 'Net 30. 1.5% monthly interest after due date.',
    items: [
      line({ id: 1, name: 'Consulting', description: 'Senior hours', unitCost: '1250', quantity: '3.5', discount: '10', discountType: 'Percent',
        tax1: { name: 'VAT', percent: '20', type: 'Normal' }, tax2: { name: 'City', percent: '2.5', type: 'Compound' } }),
      line({ id: 2, name: 'Widget', unitCost: '19.9950', quantity: '7', discount: '4.25', discountType: 'Fixed',
        tax1: { name: 'VAT', percent: '20', type: 'Normal' } }),
      line({ id: 3, name: 'Support plan', unitCost: '99', quantity: '1', tax1: { name: 'GST', percent: '5', type: 'Normal' }, tax2: { name: 'PST', percent: '7', type: 'Normal' } }),
      line({ id: 4, name: 'Launch special', unitCost: '150', quantity: '1', credit: true }),
    ],
    discount: { type: 'Percent', value: '5' },
    additionalCharges: [{ name: 'Shipping', type: 'Fixed', amount: '35' }, { name: 'Handling', type: 'Percent', amount: '1.5' }],
    payments: [
      { id: 1, amount: '1000', method: 'Credit Card', date: '2026-11-24T10:00:00.000Z', notes: '', transactionId: 'ch_123' },
      { id: 2, amount: '250.75', method: 'Check', date: '2026-11-30T15:30:00.000Z', notes: 'cheque #88' },
    ],
    promoCodes: ['LAUNCH10'],
    ...over,
  });
}

export function everyKindClient(): Client {
  return {
    id: 1, firstName: 'Ada', lastName: 'Lovelace <script>', organization: 'Analytical Engines Ltd', email: 'ada@example.test',
    workPhone: '', address: '12 St James Square', country: 'United Kingdom', language: 'en', currency: 'USD', customFields: [],
    extra: { City: 'London', PostalCode: 'SW1Y 4JH' }, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z',
  };
}

export const SELLER = { name: 'Gateway Supplies Inc.', address: ['1 Harbour Road', 'Boston MA 02110'], email: 'billing@supplies.test', phone: '+1 617 555 0100', taxId: 'US-99-1234567' };
