// Issue 12, "Done when": one order through both fronts on one gateway — Keap placeOrder with a
// promo code and a card, then Invoicera getInvoice / updateInvoice / offline payment / deleteInvoice,
// then Keap calculateAmountOwed and DataService look-ups — consistent at every step, on SQLite and
// on Redis, with a processor that takes 50 ms as real ones do.
import { afterAll, describe, expect, it } from 'vitest';
import { TestPaymentProcessor } from '../../src/services/payments/test-processor.js';
import { CARDS } from '../keap/order-fixture.js';
import { fronts, startFronts, storeKinds, type Fronts } from './two-fronts.js';

const stores = storeKinds();
afterAll(() => stores.done());

const item = (name: string, cost: string) => `<items><item><name>${name}</name><unit_cost>${cost}</unit_cost><quantity>1</quantity></item></items>`;

async function shop(f: Fronts) {
  await f.gw.gateway.promotions.create({ name: 'Launch', discount: { kind: 'ORDER_TOTAL', mode: 'AMOUNT', value: '5' }, codes: ['LAUNCH'], limits: { totalUses: 1 } });
  const contactId = await f.keap('ContactService.add', { FirstName: 'Grace', LastName: 'Hopper', Email: 'grace@example.com' });
  const widget = await f.keap('DataService.add', 'Product', { ProductName: 'Widget', ProductPrice: 19.99 });
  const card = await f.keap('DataService.add', 'CreditCard', { ContactId: contactId, CardNumber: CARDS.approve, ExpirationMonth: '12', ExpirationYear: '2030' });
  return { contactId, widget, card };
}

describe.each(stores.kinds)('one order through both fronts on %s', (kind) => {
  it('a paid order cannot be rewritten or deleted from either front; Invoicera edits of an unpaid one reach Keap', async () => {
    const gw = await startFronts(await stores.url(kind), new TestPaymentProcessor(undefined, { latencyMs: 50 }));
    try {
      const f = fronts(gw);
      const { contactId, widget, card } = await shop(f);

      // 1. Keap: placeOrder with the code and the card. 19.99 − 5.00 = 14.99, charged.
      const paid = await f.keap('OrderService.placeOrder', contactId, card, 0, [widget], [], true, ['LAUNCH']);
      expect(paid).toMatchObject({ Successful: 'true', Code: 'APPROVED', PromoCodeOutcomes: 'LAUNCH:APPLIED' });
      const invoiceId = Number(paid.InvoiceId);

      // 2. Invoicera sees the same invoice.
      const got = await f.invoicera('getInvoice', `<invoice_id>${invoiceId}</invoice_id>`);
      expect(got.status).toBe(200);
      expect([got.tag('invoice_total'), got.tag('total_paid'), got.tag('outstanding'), got.tag('job_id')]).toEqual(['14.99', '14.99', '0.00', paid.OrderId]);

      // 3. Invoicera updateInvoice of the paid invoice: refused, naming the payment; nothing changed.
      const upd = await f.invoicera('updateInvoice', `<invoice_id>${invoiceId}</invoice_id>${item('Rewritten', '960.00')}`);
      expect(upd.status).toBe(409);
      expect(upd.tag('message')).toMatch(/has payments \d+ \(14\.99 USD Credit Card\)/);
      const row = await f.keap('DataService.load', 'Invoice', invoiceId, ['InvoiceTotal', 'PayStatus']);
      expect(row).toEqual({ InvoiceTotal: 14.99, PayStatus: 1 });
      const items = await f.keap('DataService.query', 'OrderItem', 10, 0, { OrderId: Number(paid.OrderId) }, ['ItemName', 'PPU', 'ItemType']);
      expect(items).toEqual([{ ItemName: 'Widget', PPU: 19.99, ItemType: 4 }, { ItemName: expect.any(String), PPU: -5, ItemType: 11 }]);

      // 4. An offline payment on the paid invoice is refused (nothing is owed), and so is its deletion.
      expect((await f.invoicera('invoiceOfflinePayment', `<invoice_id>${invoiceId}</invoice_id><amount>1.00</amount><payment_method>Cash</payment_method>`)).status).toBe(400);
      const del = await f.invoicera('deleteInvoice', `<invoice_id>${invoiceId}</invoice_id>`);
      expect(del.status).toBe(409);
      expect(del.tag('message')).toContain('payments would be lost');
      expect((await f.keap('InvoiceService.calculateAmountOwed', invoiceId))).toBe(0);
      expect(await f.keap('InvoiceService.getPayments', invoiceId)).toHaveLength(1);

      // 5. A second order with no card (the code's one use is gone): Invoicera edits it, Keap follows.
      const open = await f.keap('OrderService.placeOrder', contactId, 0, 0, [widget], [], true, []);
      const openId = Number(open.InvoiceId);
      const lines = await f.invoicera('updateInvoice', `<invoice_id>${openId}</invoice_id>${item('Gadget', '7.50')}`);
      expect(lines.status, lines.xml).toBe(200);
      expect(await f.keap('InvoiceService.calculateAmountOwed', openId)).toBe(7.5);
      expect(await f.keap('DataService.query', 'OrderItem', 10, 0, { OrderId: Number(open.OrderId) }, ['ItemName', 'PPU', 'Qty']))
        .toEqual([{ ItemName: 'Gadget', PPU: 7.5, Qty: 1 }]);
      const off = await f.invoicera('invoiceOfflinePayment', `<invoice_id>${openId}</invoice_id><amount>2.50</amount><payment_method>Cash</payment_method>`);
      expect(off.status).toBe(200);
      expect(await f.keap('InvoiceService.calculateAmountOwed', openId)).toBe(5);
      expect(await f.keap('DataService.query', 'Payment', 10, 0, { InvoiceId: openId }, ['PayAmt', 'PayType'])).toEqual([{ PayAmt: 2.5, PayType: 'Cash' }]);

      // 6. Keap deleteInvoice of the paid invoice is refused the same way; its promo use stays consumed.
      const kdel = await f.keapFault('InvoiceService.deleteInvoice', invoiceId);
      expect(kdel).toMatchObject({ faultCode: 12, faultString: expect.stringContaining('[InvalidParameter]invoice') });
      expect(kdel!.faultString).toContain('payments');
      const third = await f.keap('OrderService.placeOrder', contactId, 0, 0, [widget], [], true, ['LAUNCH']);
      expect(third.PromoCodeOutcomes).toBe('LAUNCH:LIMIT_REACHED');
    } finally {
      await gw.close();
    }
  });

  it('Invoicera deleteInvoice of an unpaid order deletes the order and gives the promo use back', async () => {
    const gw = await startFronts(await stores.url(kind));
    try {
      const f = fronts(gw);
      const { contactId, widget } = await shop(f);
      const placed = await f.keap('OrderService.placeOrder', contactId, 0, 0, [widget], [], true, ['LAUNCH']);
      expect(placed.PromoCodeOutcomes).toBe('LAUNCH:APPLIED');
      const orderId = Number(placed.OrderId);
      const del = await f.invoicera('deleteInvoice', `<invoice_id>${placed.InvoiceId}</invoice_id>`);
      expect(del.status, del.xml).toBe(200);
      expect((await f.keapFault('DataService.load', 'Job', orderId, ['Id']))?.faultCode).toBe(5);
      expect(await f.keap('DataService.query', 'OrderItem', 10, 0, { OrderId: orderId }, ['Id'])).toEqual([]);
      expect((await f.keapFault('InvoiceService.getInvoiceId', orderId))?.faultCode).toBe(5);
      expect((await f.keapFault('InvoiceService.calculateAmountOwed', Number(placed.InvoiceId)))?.faultCode).toBe(5);
      const again = await f.keap('OrderService.placeOrder', contactId, 0, 0, [widget], [], true, ['LAUNCH']);
      expect(again.PromoCodeOutcomes).toBe('LAUNCH:APPLIED');
    } finally {
      await gw.close();
    }
  });
});
