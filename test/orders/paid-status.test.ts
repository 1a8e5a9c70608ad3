// Invoicera updateInvoice `<status>paid</status>` on a Keap order's invoice is a payment, and goes
// through the OrderBook's one payment path (recordPayment, like Keap's addManualPayment and
// invoiceOfflinePayment): refused while a card charge is in flight, refused with changed lines once
// the order has payments (frozen), recorded as an offline payment of the balance, and with
// client_notification=1 it queues the payment receipt in the outbox. Through the real wire, on SQLite.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestGateway } from '../support/gateway.js';
import { CARDS } from '../keap/order-fixture.js';
import { fronts, HeldProcessor, startFronts, type Fronts } from './two-fronts.js';

const dir = mkdtempSync(join(tmpdir(), 'paid-status-'));
const processor = new HeldProcessor();
let gw: TestGateway;
let f: Fronts;
let widget: number;

beforeAll(async () => {
  gw = await startFronts(`sqlite:${join(dir, 'gw.db')}`, processor);
  f = fronts(gw);
  widget = await f.keap('DataService.add', 'Product', { ProductName: 'Widget', ProductPrice: 19.99 });
});
afterAll(async () => {
  processor.release();
  await gw?.close();
  rmSync(dir, { recursive: true, force: true });
});

let n = 0;
/** A placed order (one Widget) for a contact with an email and an approving card. */
async function order() {
  const contactId = await f.keap('ContactService.add', { FirstName: 'Ada', LastName: 'Lovelace', Email: `ada${++n}@example.com` });
  const card = await f.keap('DataService.add', 'CreditCard', { ContactId: contactId, CardNumber: CARDS.approve, ExpirationMonth: '12', ExpirationYear: '2030' });
  const placed = await f.keap('OrderService.placeOrder', contactId, 0, 0, [widget], [], false, []);
  const invoiceId = Number(placed.InvoiceId);
  const got = await f.invoicera('getInvoice', `<invoice_id>${invoiceId}</invoice_id>`);
  return { invoiceId, orderId: Number(placed.OrderId), card, lineId: Number(got.tag('invoice_item_id')) };
}

/** updateInvoice resending the order's one line as getInvoice shows it (left out = deleted), with `extra` elements. */
const markPaid = (o: { invoiceId: number; lineId: number }, extra = '', price = '19.99') => f.invoicera('updateInvoice',
  `<invoice_id>${o.invoiceId}</invoice_id><status>paid</status>${extra}<items><item><invoice_item_id>${o.lineId}</invoice_item_id><name>Widget</name><type>Product</type><unit_cost>${price}</unit_cost><quantity>1</quantity><discount>0</discount><discount_type>Fixed</discount_type></item></items>`);

describe('Invoicera status paid on an order\'s invoice', () => {
  it('records an offline payment of the balance through the order rules; client_notification=1 queues the receipt', async () => {
    const o = await order();
    const paid = await markPaid(o, '<client_notification>1</client_notification>');
    expect(paid.status).toBe(200);
    expect(await f.keap('InvoiceService.calculateAmountOwed', o.invoiceId)).toBe(0);
    expect(await f.keap('InvoiceService.getPayments', o.invoiceId)).toEqual([expect.objectContaining({ PayAmt: 19.99, PayType: 'Offline' })]);
    // The order keeps its line (OrderItem) and the receipt is in the outbox, as for invoiceOfflinePayment.
    expect(await f.keap('DataService.query', 'OrderItem', 10, 0, { OrderId: o.orderId }, ['ItemName', 'PPU'])).toEqual([{ ItemName: 'Widget', PPU: 19.99 }]);
    const outbox = await f.invoicera('listOutbox', `<invoice_id>${o.invoiceId}</invoice_id>`);
    expect(outbox.tag('kind')).toBe('receipt');
    expect(outbox.xml).toContain(`<to>ada${n}@example.com</to>`);
    // Without client_notification nobody is mailed (the document's default).
    const quiet = await order();
    expect((await markPaid(quiet)).status).toBe(200);
    expect((await f.invoicera('listOutbox', `<invoice_id>${quiet.invoiceId}</invoice_id>`)).xml).toContain('total="0"');
  });

  it('is refused while a card charge of the invoice is in flight; the card payment alone is recorded', async () => {
    const o = await order();
    const charge = f.keap('InvoiceService.chargeInvoice', o.invoiceId, 'web', o.card, 0, false);
    await processor.started;
    const paid = await markPaid(o, '<client_notification>1</client_notification>');
    processor.release();
    expect(await charge).toMatchObject({ Successful: true, Code: 'APPROVED' });
    expect(paid.status).toBe(409);
    expect(paid.xml).toContain('in progress');
    expect(await f.keap('InvoiceService.getPayments', o.invoiceId)).toEqual([expect.objectContaining({ PayAmt: 19.99, PayType: 'Credit Card' })]);
    expect((await f.invoicera('listOutbox', `<invoice_id>${o.invoiceId}</invoice_id>`)).xml).toContain('total="0"');
  });

  it('once the order has a payment its lines are frozen: paid with a changed line is refused whole, with the same line it pays the rest', async () => {
    const o = await order();
    expect(await f.keap('InvoiceService.addManualPayment', o.invoiceId, 5, new Date(), 'Cash', 'deposit', false)).toBe(true);
    const cheaper = await markPaid(o, '', '9.99');
    expect(cheaper.status).toBe(409);
    expect(cheaper.xml).toMatch(/has payments \d+ \(5\.00 USD Cash\)/);
    expect(await f.keap('InvoiceService.calculateAmountOwed', o.invoiceId)).toBe(14.99);
    expect((await markPaid(o)).status).toBe(200);
    expect((await f.keap('InvoiceService.getPayments', o.invoiceId)).map((p: { PayAmt: number; PayType: string }) => [p.PayAmt, p.PayType]))
      .toEqual([[5, 'Cash'], [14.99, 'Offline']]);
  });
});
