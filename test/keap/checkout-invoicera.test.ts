// "The same invoice read through the Keap tables and through the Invoicera getInvoice shows the same
// total to the cent" (issue #5): orders placed over Keap XML-RPC (promotion, credit lines, partial
// payment), then read back through DataService and through the Invoicera XML API on the same store.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway } from '../support/gateway.js';
import { CARDS } from './order-fixture.js';
import { invoiceraOk, tagText } from '../invoicera-api/support.js';
import { keapClient } from '../support/rpc.js';

const TOKEN = 'invoicera-token-123';

describe('Keap tables and Invoicera getInvoice agree to the cent', () => {
  let gw: TestGateway;

  beforeAll(async () => {
    // One gateway: the Keap RPC front and the Invoicera XML API on the same store and InvoiceBook.
    gw = await startGateway({ env: { INVOICERA_TOKENS: TOKEN } });
  });
  afterAll(async () => { await gw?.close(); });

  const call = (method: string, ...params: unknown[]) => keapClient(gw.port)(method, ...params);

  const invoicera = (method: string, inner: string) => invoiceraOk(gw.base, TOKEN, method, inner);

  async function invoiceraTotals(invoiceId: number): Promise<Record<string, string>> {
    const xml = await invoicera('getInvoice', `<invoice_id>${invoiceId}</invoice_id>`);
    const tag = (name: string) => tagText(xml, name) ?? `missing ${name}`;
    return { total: tag('invoice_total'), paid: tag('total_paid'), due: tag('outstanding'), jobId: tag('job_id') };
  }

  async function keapTotals(invoiceId: number): Promise<Record<string, string>> {
    const row = await call('DataService.load', 'Invoice', invoiceId, ['InvoiceTotal', 'TotalPaid', 'TotalDue', 'JobId']);
    const owed = await call('InvoiceService.calculateAmountOwed', invoiceId);
    expect(owed).toBe(row.TotalDue);
    // The npm client hands doubles over as JS numbers; two decimals is how Invoicera writes them.
    const cents = (n: number) => n.toFixed(2);
    return { total: cents(row.InvoiceTotal), paid: cents(row.TotalPaid), due: cents(row.TotalDue), jobId: String(row.JobId) };
  }

  it('for promo, credit-line, partially paid and charged invoices', async () => {
    await gw.gateway.promotions.create({ name: 'Fifteen', discount: { kind: 'ORDER_TOTAL', mode: 'PERCENT', value: '15' }, codes: ['SAVE15'] });
    const contactId = await call('ContactService.add', { FirstName: 'Edsger', LastName: 'Dijkstra', Email: 'ewd@example.com' });
    const a = await call('DataService.add', 'Product', { ProductName: 'Odd price', ProductPrice: 19.99 });
    const b = await call('DataService.add', 'Product', { ProductName: 'Another', ProductPrice: 3.33 });
    const card = await call('DataService.add', 'CreditCard', { ContactId: contactId, CardNumber: CARDS.approve, ExpirationMonth: '12', ExpirationYear: '2030' });

    const promo = await call('OrderService.placeOrder', contactId, 0, 0, [a, a, a, b], [], true, ['save15'], 0, 0);
    const charged = await call('OrderService.placeOrder', contactId, card, 0, [b, b], [], true, ['SAVE15']);
    const blank = await call('InvoiceService.createBlankOrder', contactId, 'Mixed lines', new Date(), 0, 0);
    await call('InvoiceService.addOrderItem', blank, a, 4, 19.99, 3, '', '');
    await call('InvoiceService.addOrderItem', blank, 0, 2, 4.17, 1, 'Tax', '');
    await call('InvoiceService.addOrderItem', blank, 0, 7, 7.77, 1, 'Discount', '');
    await call('InvoiceService.addManualPayment', blank, 10.01, new Date(), 'Check', '#12', false);

    const ids = [Number(promo.InvoiceId), Number(charged.InvoiceId), blank];
    const seen = [];
    for (const id of ids) {
      const keap = await keapTotals(id);
      expect(await invoiceraTotals(id)).toEqual(keap);
      seen.push(keap);
    }
    // (3 × 19.99 + 3.33) × 0.85 = 53.80; (2 × 3.33) × 0.85 = 5.66 paid by card; 59.97 + 4.17 − 7.77 − 10.01 paid.
    expect(seen).toEqual([
      { total: '53.80', paid: '0.00', due: '53.80', jobId: promo.OrderId },
      { total: '5.66', paid: '5.66', due: '0.00', jobId: charged.OrderId },
      { total: '56.37', paid: '10.01', due: '46.36', jobId: expect.any(String) },
    ]);
  });

  it('an Invoicera "paid" status is a real payment in the Keap tables; a card-paid order is Auto-Paid', async () => {
    const contactId = await call('ContactService.add', { FirstName: 'Barbara', LastName: 'Liskov', Email: 'bl@example.com' });
    const made = await invoicera('createInvoice', `<client><client_id>${contactId}</client_id></client><status>Paid</status>
      <items><item><name>Review</name><unit_cost>120.50</unit_cost><quantity>2</quantity></item></items>`);
    const id = Number(/<invoice_id>(\d+)<\/invoice_id>/.exec(made)?.[1]);
    expect(await keapTotals(id)).toMatchObject({ total: '241.00', paid: '241.00', due: '0.00' });
    const payments = await call('DataService.query', 'Payment', 10, 0, { InvoiceId: id }, ['PayAmt', 'PayType']);
    expect(payments).toEqual([{ PayAmt: 241, PayType: 'Offline' }]);

    const product = await call('DataService.add', 'Product', { ProductName: 'Card item', ProductPrice: 7 });
    const card = await call('DataService.add', 'CreditCard', { ContactId: contactId, CardNumber: CARDS.approve, ExpirationMonth: '12', ExpirationYear: '2030' });
    const order = await call('OrderService.placeOrder', contactId, card, 0, [product], [], false, []);
    const list = await invoicera('listInvoice', `<filter><client_id>${contactId}</client_id><invoice_status>Auto-Paid</invoice_status></filter>`);
    expect([...list.matchAll(/<invoice><invoice_id>(\d+)<\/invoice_id>/g)].map((m) => m[1])).toEqual([String(order.InvoiceId)]);
  });
});
