// Issue 12: one totals routine for every view. previewOrder builds the would-be invoice the way
// placeOrder builds the real one and reads its amounts from computeTotals, so the preview's Total is
// what calculateAmountOwed then says, to the cent, whatever the promotion.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPromoGateway, type PromoGateway } from '../promo/promo-gateway.js';

let gw: PromoGateway;
beforeAll(async () => { gw = await startPromoGateway(); });
afterAll(async () => { await gw?.close(); });

const DISCOUNTS = [
  ['13% of the order', { kind: 'ORDER_TOTAL', mode: 'PERCENT', value: '13' }],
  ['7.77 off the order', { kind: 'ORDER_TOTAL', mode: 'AMOUNT', value: '7.77' }],
  ['more off than the order costs', { kind: 'ORDER_TOTAL', mode: 'AMOUNT', value: '500' }],
] as const;

describe('previewOrder and placeOrder agree', () => {
  it.each(DISCOUNTS.map(([name, discount], i) => [name, discount, i] as const))('%s', async (_name, discount, i) => {
    const code = `AGREE${i}`;
    await gw.admin.create({ name: code, discount: { ...discount }, codes: [code] });
    const contact = await gw.call<number>('ContactService.add', { FirstName: `P${i}`, Email: `p${i}@example.com` });
    const a = await gw.call<number>('DataService.add', 'Product', { ProductName: 'Odd', ProductPrice: 19.99 });
    const b = await gw.call<number>('DataService.add', 'Product', { ProductName: 'Even', ProductPrice: 3.33 });
    const preview = await gw.call<Record<string, number>>('OrderService.previewOrder', contact, 0, [a, a, b], [], true, [code]);
    const placed = await gw.call<Record<string, string>>('OrderService.placeOrder', contact, 0, 0, [a, a, b], [], true, [code]);
    const owed = await gw.call<number>('InvoiceService.calculateAmountOwed', Number(placed.InvoiceId));
    const row = await gw.call<Record<string, number>>('DataService.load', 'Invoice', Number(placed.InvoiceId), ['InvoiceTotal']);
    expect(preview.Total).toBe(owed);
    expect(preview.Total).toBe(row.InvoiceTotal ?? 0);
    expect(preview.Subtotal).toBe(43.31);
    expect(Math.round((preview.Subtotal - preview.Discount) * 100) / 100).toBe(preview.Total);
  });
});
