// Promotions are priced in the order's currency (its invoice's: the client's, else the configured
// one), through the real wire: a JPY client's order with a percent or a fixed-amount promo code is
// priced to whole yen by the one money routine (HALF_UP), in placeOrder and previewOrder alike,
// while a USD order keeps its cents. Before, pricing used the configured currency (USD): the 10 %
// discount came out as 233.2 and placeOrder faulted "price has more than 0 decimals for JPY".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fronts, startFronts, type Fronts } from './two-fronts.js';
import type { TestGateway } from '../support/gateway.js';

let gw: TestGateway;
let f: Fronts;
let yenClient: number;
let dollarClient: number;
let products: number[];

beforeAll(async () => {
  gw = await startFronts('memory');
  f = fronts(gw);
  await gw.gateway.promotions.create({ name: 'Ten', discount: { kind: 'ORDER_TOTAL', mode: 'PERCENT', value: '10' }, codes: ['TEN'] });
  await gw.gateway.promotions.create({ name: 'Fixed', discount: { kind: 'ORDER_TOTAL', mode: 'AMOUNT', value: '5.55' }, codes: ['FIXED'] });
  const yen = await f.invoicera('createClient', '<name>Taro Yamada</name><email>taro@example.com</email><currency>JPY</currency>');
  yenClient = Number(yen.tag('client_id'));
  dollarClient = await f.keap('ContactService.add', { FirstName: 'Ada', LastName: 'Lovelace', Email: 'ada@example.com' });
  products = [
    await f.keap('DataService.add', 'Product', { ProductName: 'Tea', ProductPrice: '1999' }),
    await f.keap('DataService.add', 'Product', { ProductName: 'Cup', ProductPrice: '333' }),
  ];
  await gw.gateway.promotions.create({ name: 'Tea', discount: { kind: 'PRODUCT', mode: 'PERCENT', value: '15', productIds: [products[0]] }, codes: ['TEA15'] });
});
afterAll(async () => { await gw?.close(); });

async function order(contactId: number, code: string) {
  const placed = await f.keap('OrderService.placeOrder', contactId, 0, 0, products, [], true, [code]);
  const invoiceId = Number(placed.InvoiceId);
  const inv = await f.invoicera('getInvoice', `<invoice_id>${invoiceId}</invoice_id>`);
  return { placed, invoiceId, inv, owed: await f.keap('InvoiceService.calculateAmountOwed', invoiceId) };
}

describe('promotion pricing in the order currency', () => {
  it('a 10 % order-total code on a JPY order: 2332 → 233 yen off (233.2 rounded HALF_UP), the invoice in JPY', async () => {
    const { placed, inv, owed } = await order(yenClient, 'TEN');
    expect(placed.PromoCodeOutcomes).toBe('TEN:APPLIED');
    expect(inv.tag('currency_code')).toBe('JPY');
    expect(inv.tag('invoice_total')).toBe('2099');
    expect(owed).toBe(2099);
    const credit = await f.keap('DataService.query', 'OrderItem', 10, 0, { OrderId: Number(placed.OrderId), ItemType: 11 }, ['PPU']);
    expect(credit).toEqual([{ PPU: -233 }]);
  });

  it('a fixed 5.55 off on a JPY order takes 6 yen; a product code takes 15 % of the tea line only (299.85 → 300)', async () => {
    expect((await order(yenClient, 'FIXED')).owed).toBe(2326);
    expect((await order(yenClient, 'TEA15')).owed).toBe(2032);
  });

  it('previewOrder prices the JPY order the same way, without creating it', async () => {
    const preview = await f.keap('OrderService.previewOrder', yenClient, 0, products, [], true, ['TEN']);
    expect(preview).toMatchObject({ Subtotal: 2332, Discount: 233, Total: 2099, PromoCode: 'TEN' });
    expect(preview.PromoCodes).toEqual([expect.objectContaining({ Code: 'TEN', Outcome: 'APPLIED', Amount: 233 })]);
  });

  it('a USD order (the configured currency) keeps its cents: 10 % of 2332.00 is 233.20', async () => {
    const { inv, owed } = await order(dollarClient, 'TEN');
    expect(inv.tag('currency_code')).toBe('USD');
    expect(inv.tag('invoice_total')).toBe('2098.80');
    expect(owed).toBe(2098.8);
  });
});
