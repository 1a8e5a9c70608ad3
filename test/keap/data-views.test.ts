import { describe, expect, it } from 'vitest';
import { XmlDateTime, XmlDouble } from '../../src/xmlrpc/types.js';
import { computeTotals } from '../../src/invoicing/totals.js';
import { formatMoney } from '../../src/money/money.js';
import type { Invoice } from '../../src/invoicing/model.js';
import type { StoredRecord } from '../../src/store/port.js';
import { keapHarness } from './data-fixture.js';

const D = (t: string) => new XmlDouble(t);

async function order(h: ReturnType<typeof keapHarness>) {
  const contact = await h.call('ContactService.add', { FirstName: 'Ada', Email: 'ada@example.com' }) as number;
  const invoiceId = await h.call('InvoiceService.createBlankOrder', contact, 'Test order', new XmlDateTime(2026, 11, 23, 10, 0, 0), 0, 0) as number;
  await h.call('InvoiceService.addOrderItem', invoiceId, 0, 4, D('19.99'), 3, 'Widget', 'three widgets');
  await h.call('InvoiceService.addOrderItem', invoiceId, 0, 7, D('5.00'), 1, 'Discount', '');
  await h.call('InvoiceService.addManualPayment', invoiceId, D('20.00'), new XmlDateTime(2026, 11, 23, 11, 0, 0), 'Check', 'check 42', false);
  return { contact, invoiceId };
}

describe('Invoice views', () => {
  it('Invoice totals come from computeTotals, to the cent', async () => {
    const h = keapHarness();
    const { contact, invoiceId } = await order(h);
    const inv = await h.store.get<Invoice & StoredRecord>('Invoice', invoiceId);
    const t = computeTotals(inv!);
    const row = await h.call('DataService.load', 'Invoice', invoiceId, ['Id', 'ContactId', 'JobId', 'InvoiceTotal', 'TotalPaid', 'TotalDue', 'PayStatus', 'DateCreated']) as Record<string, unknown>;
    expect(row).toMatchObject({ Id: invoiceId, ContactId: contact, JobId: inv!.jobId, PayStatus: 0 });
    expect((row.InvoiceTotal as XmlDouble).text).toBe(formatMoney(t.total, 'USD'));
    expect((row.InvoiceTotal as XmlDouble).text).toBe('54.97'); // 3 × 19.99 − 5.00
    expect((row.TotalPaid as XmlDouble).text).toBe('20.00');
    expect((row.TotalDue as XmlDouble).text).toBe('34.97');
    expect(row.DateCreated).toBeInstanceOf(XmlDateTime);
  });

  it('found by JobId; PayStatus 1 once paid in full', async () => {
    const h = keapHarness();
    const { invoiceId } = await order(h);
    const inv = await h.store.get<Invoice & StoredRecord>('Invoice', invoiceId);
    const [found] = await h.call('DataService.query', 'Invoice', 10, 0, { JobId: inv!.jobId! }, ['Id', 'PayStatus']) as Array<Record<string, unknown>>;
    expect(found).toMatchObject({ Id: invoiceId, PayStatus: 0 });
    await h.call('InvoiceService.addManualPayment', invoiceId, D('34.97'), new XmlDateTime(2026, 11, 23, 12, 0, 0), 'Cash', 'rest', false);
    expect(await h.call('DataService.load', 'Invoice', invoiceId, ['PayStatus'])).toEqual(expect.objectContaining({ PayStatus: 1 }));
  });

  it('InvoiceItem rows: credit lines are negative, found by InvoiceId', async () => {
    const h = keapHarness();
    const { invoiceId } = await order(h);
    const items = await h.call('DataService.query', 'InvoiceItem', 10, 0, { InvoiceId: invoiceId }, ['Id', 'InvoiceAmt', 'Description', 'OrderItemId']) as Array<Record<string, XmlDouble>>;
    expect(items.map((i) => i.InvoiceAmt.text)).toEqual(['59.97', '-5.00']);
    const one = await h.call('DataService.load', 'InvoiceItem', items[1].Id as unknown as number, ['InvoiceId']);
    expect(one).toEqual(expect.objectContaining({ InvoiceId: invoiceId }));
    // OrderItem rows written by InvoiceService are readable through DataService too.
    const oi = await h.call('DataService.load', 'OrderItem', items[0].OrderItemId as unknown as number, ['ItemType', 'Qty']);
    expect(oi).toEqual(expect.objectContaining({ ItemType: 4, Qty: 3 }));
  });

  it('Payment and InvoicePayment rows share the payment id', async () => {
    const h = keapHarness();
    const { contact, invoiceId } = await order(h);
    const [p] = await h.call('DataService.query', 'Payment', 10, 0, { InvoiceId: invoiceId }, ['Id', 'PayAmt', 'PayType', 'ContactId', 'PayNote', 'PayDate']) as Array<Record<string, unknown>>;
    expect(p).toMatchObject({ PayType: 'Check', ContactId: contact, PayNote: 'check 42' });
    expect((p.PayAmt as XmlDouble).text).toBe('20.00');
    const ip = await h.call('DataService.load', 'InvoicePayment', p.Id as number, ['InvoiceId', 'PaymentId', 'Amt']) as Record<string, unknown>;
    expect(ip).toMatchObject({ InvoiceId: invoiceId, PaymentId: p.Id });
    expect(await h.call('DataService.query', 'Payment', 10, 0, { ContactId: contact }, ['Id'])).toHaveLength(1);
  });

  it('views are read-only (fault 7)', async () => {
    const h = keapHarness();
    const { invoiceId } = await order(h);
    expect((await h.fault('DataService.update', 'Invoice', invoiceId, { Description: 'x' })).faultCode).toBe(7);
    expect((await h.fault('DataService.delete', 'InvoiceItem', 1)).faultCode).toBe(7);
  });
});

describe('promo codes on existing invoices', () => {
  it('writing PromoCode on an Invoice or Job faults with the supported path in the text', async () => {
    const h = keapHarness();
    const { invoiceId } = await order(h);
    const f7 = await h.fault('DataService.update', 'Invoice', invoiceId, { PromoCode: 'SAVE10' });
    expect(f7.faultCode).toBe(7);
    expect(f7.faultString).toContain('OrderService.placeOrder');
    const f10 = await h.fault('DataService.update', 'Job', 1, { PromoCode: 'SAVE10' });
    expect(f10.faultCode).toBe(10);
    expect(f10.faultString).toContain('Invoice.JobId');
  });

  it('PromoRedemption is a read-only table', async () => {
    const h = keapHarness();
    expect(await h.call('DataService.query', 'PromoRedemption', 10, 0, {}, ['Id', 'Code', 'Outcome'])).toEqual([]);
    expect((await h.fault('DataService.add', 'PromoRedemption', { Code: 'X' })).faultCode).toBe(7);
  });
});

describe('Invoice affiliates come from the order', () => {
  it('AffiliateId/LeadAffiliateId of the Job show on the Invoice', async () => {
    const h = keapHarness();
    const contact = await h.call('ContactService.add', { FirstName: 'Ada' }) as number;
    const invoiceId = await h.call('InvoiceService.createBlankOrder', contact, 'Aff', new XmlDateTime(2026, 11, 23, 10, 0, 0), 7, 8) as number;
    const row = await h.call('DataService.load', 'Invoice', invoiceId, ['LeadAffiliateId', 'AffiliateId']);
    expect(row).toEqual(expect.objectContaining({ LeadAffiliateId: 7, AffiliateId: 8 }));
  });
});
