// Small builders for invoices in tests (plain data, amounts as text).
import type { Invoice, LineItem } from '../../src/invoicing/model.js';

export function line(over: Partial<LineItem> & { id: number }): LineItem {
  return { name: `Line ${over.id}`, type: 'Product', description: '', unitCost: '0', quantity: '1', discount: '0', discountType: 'Percent', ...over };
}

export function invoice(over: Partial<Invoice> = {}): Invoice {
  return {
    id: 1, number: 'INV001', clientId: 1, title: '', date: '2026-11-23', poNumber: '', status: 'draft',
    recordStatus: 'Active', notes: '', terms: '', lateFee: '0', currency: 'USD', items: [], additionalCharges: [],
    customFields: [], payments: [], promoCodes: [], createdAt: '2026-11-23T00:00:00.000Z', updatedAt: '2026-11-23T00:00:00.000Z',
    ...over,
  };
}

/** Research A5 worked example. */
export function a5Invoice(): Invoice {
  return invoice({
    items: [
      line({ id: 1, name: 'A', unitCost: '10', quantity: '10', discount: '20', discountType: 'Percent',
        tax1: { name: 'T1', percent: '5', type: 'Normal' }, tax2: { name: 'T2', percent: '10', type: 'Compound' } }),
      line({ id: 2, name: 'B', unitCost: '500', quantity: '3', discount: '5', discountType: 'Fixed',
        tax1: { name: 'T1', percent: '10', type: 'Normal' } }),
    ],
    discount: { type: 'Percent', value: '10' },
    additionalCharges: [{ name: 'Shipping', type: 'Fixed', amount: '15' }],
  });
}
