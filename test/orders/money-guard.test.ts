// Issue 12, "A card charge in flight can be charged and lost": every money movement of an invoice
// waits for a card charge in flight (one guard), the approval is recorded pending before the
// processor is called and settled after, and a pending charge left by a crash is reconciled on start.
// Through the real wire, on SQLite (one gateway) and on Redis (two gateways on one store).
import { afterAll, describe, expect, it } from 'vitest';
import { TestPaymentProcessor } from '../../src/services/payments/test-processor.js';
import type { PaymentProcessor } from '../../src/services/payments/port.js';
import { openStore } from '../../src/store/open.js';
import { SCHEMA } from '../../src/store/schema.js';
import type { TestGateway } from '../support/gateway.js';
import { CARDS } from '../keap/order-fixture.js';
import { fronts, HeldProcessor, startFronts, storeKinds, type Fronts } from './two-fronts.js';

const stores = storeKinds();
afterAll(() => stores.done());

async function order(f: Fronts) {
  const contactId = await f.keap('ContactService.add', { FirstName: 'Ada', LastName: 'Lovelace', Email: `ada${Date.now()}@example.com` });
  const widget = await f.keap('DataService.add', 'Product', { ProductName: 'Widget', ProductPrice: 19.99 });
  const card = await f.keap('DataService.add', 'CreditCard', { ContactId: contactId, CardNumber: CARDS.approve, ExpirationMonth: '12', ExpirationYear: '2030' });
  const placed = await f.keap('OrderService.placeOrder', contactId, 0, 0, [widget], [], false, []);
  return { invoiceId: Number(placed.InvoiceId), card };
}

describe.each(stores.kinds)('the money guard on %s', (kind) => {
  /** One gateway on SQLite; two on one Redis data set (the concurrent call goes to the second). */
  async function pair(payments: PaymentProcessor): Promise<{ a: Fronts; b: Fronts; close(): Promise<void> }> {
    const url = await stores.url(kind);
    const first = await startFronts(url, payments);
    const second: TestGateway = kind === 'redis' ? await startFronts(url, payments) : first;
    return {
      a: fronts(first), b: fronts(second),
      close: async () => { await first.close(); if (second !== first) await second.close(); },
    };
  }

  it('addManualPayment during chargeInvoice is refused; the approval is recorded and the guard released', async () => {
    const processor = new HeldProcessor();
    const { a, b, close } = await pair(processor);
    try {
      const { invoiceId, card } = await order(a);
      const charge = a.keap('InvoiceService.chargeInvoice', invoiceId, 'web', card, 0, false);
      await processor.started;
      const manual = await b.keapFault('InvoiceService.addManualPayment', invoiceId, 19.99, new Date(), 'Cash', '', false);
      const offline = await b.invoicera('invoiceOfflinePayment', `<invoice_id>${invoiceId}</invoice_id><amount>19.99</amount><payment_method>Cash</payment_method>`);
      const edit = await b.keapFault('InvoiceService.addOrderItem', invoiceId, 0, 4, 5, 1, 'extra', '');
      processor.release();
      expect(await charge).toMatchObject({ Successful: true, Code: 'APPROVED' });
      expect(manual).toMatchObject({ faultCode: 12, faultString: expect.stringContaining('in progress') });
      expect(offline.status).toBe(409);
      expect(edit?.faultString).toContain('in progress');
      expect(await b.keap('InvoiceService.calculateAmountOwed', invoiceId)).toBe(0);
      expect(await b.keap('DataService.query', 'CCharge', 10, 0, { OrderNum: String(invoiceId) }, ['Amt'])).toEqual([{ Amt: 19.99 }]);
      expect(await b.keap('InvoiceService.getPayments', invoiceId)).toHaveLength(1);
      // The guard is free again: the next charge finds nothing owed instead of "in progress".
      expect(await b.keap('InvoiceService.chargeInvoice', invoiceId, '', card, 0, false)).toMatchObject({ Code: 'SKIPPED' });
    } finally {
      processor.release();
      await close();
    }
  });

  it('deleteInvoice during a charge is refused from both fronts; the charge is recorded on the invoice', async () => {
    const processor = new HeldProcessor();
    const { a, b, close } = await pair(processor);
    try {
      const { invoiceId, card } = await order(a);
      const charge = a.keap('InvoiceService.chargeInvoice', invoiceId, '', card, 0, false);
      await processor.started;
      const keapDelete = await b.keapFault('InvoiceService.deleteInvoice', invoiceId);
      const apiDelete = await b.invoicera('deleteInvoice', `<invoice_id>${invoiceId}</invoice_id>`);
      processor.release();
      expect(await charge).toMatchObject({ Successful: true, Code: 'APPROVED' });
      expect(keapDelete?.faultString).toContain('in progress');
      expect(apiDelete.status).toBe(409);
      expect(await b.keap('InvoiceService.getPayments', invoiceId)).toHaveLength(1);
      expect(await b.keap('DataService.load', 'Invoice', invoiceId, ['PayStatus'])).toEqual({ PayStatus: 1 });
    } finally {
      processor.release();
      await close();
    }
  });

  it('a charge approved by the processor before a crash is recorded when the gateway starts again', async () => {
    const url = await stores.url(kind);
    const processor = new TestPaymentProcessor();
    const first = await startFronts(url, processor);
    const f = fronts(first);
    const { invoiceId, card } = await order(f);
    await first.close();
    // What a crash between "processor approved" and "payment recorded" leaves: a pending charge
    // in the store, and the approval at the processor under its reference.
    const store = await openStore(url, SCHEMA);
    const reference = `CH${invoiceId}-1`;
    await store.transact(async (tx) => {
      tx.put('PendingCharge', {
        id: invoiceId, reference, amount: '19.99', currency: 'USD', creditCardId: card, merchantAccountId: 0, notes: 'crashed',
        bypassCommissions: false, startedAt: '2020-01-01T00:00:00.000Z', leaseUntil: '2020-01-01T00:05:00.000Z',
      });
    });
    await store.close();
    const cardRecord = { id: card, ContactId: 0, Last4: '1111', CardType: 'Visa', ExpirationMonth: '12', ExpirationYear: '2030', Status: 3 };
    const approved = await processor.charge({ amount: '19.99', currency: 'USD', card: cardRecord, invoiceId, notes: 'crashed', reference });
    expect(approved.code).toBe('APPROVED');

    const second = await startFronts(url, processor);
    try {
      const g = fronts(second);
      expect(await g.keap('InvoiceService.calculateAmountOwed', invoiceId)).toBe(0);
      expect(await g.keap('DataService.query', 'Payment', 10, 0, { InvoiceId: invoiceId }, ['PayAmt', 'PayType', 'ChargeId']))
        .toEqual([{ PayAmt: 19.99, PayType: 'Credit Card', ChargeId: expect.any(Number) }]);
      expect(await g.keap('DataService.query', 'CCharge', 10, 0, { RefNum: approved.refNum }, ['Amt'])).toEqual([{ Amt: 19.99 }]);
      expect(await g.gw.store.count('PendingCharge')).toBe(0);
    } finally {
      await second.close();
    }
  });
});
