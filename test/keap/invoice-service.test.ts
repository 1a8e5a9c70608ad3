import { describe, expect, it } from 'vitest';
import { Fault, XmlDateTime, XmlDouble, struct } from '../../src/xmlrpc/types.js';
import { CARDS, harness } from './order-fixture.js';

const ORDER_DATE = new XmlDateTime(2026, 11, 20, 9, 30, 0);

async function faultOf(p: Promise<unknown>): Promise<Fault> {
  try { await p; } catch (e) { if (e instanceof Fault) return e; throw e; }
  throw new Error('expected a fault');
}

async function blankOrder(h = harness()) {
  const contactId = await h.contact();
  const invoiceId = (await h.call('InvoiceService.createBlankOrder', contactId, 'Consulting', ORDER_DATE, 0, 0)) as number;
  return { h, contactId, invoiceId };
}

const owed = async (h: ReturnType<typeof harness>, id: number) => ((await h.call('InvoiceService.calculateAmountOwed', id)) as XmlDouble).text;

describe('InvoiceService.createBlankOrder', () => {
  it('creates a Job and an invoice billing it, and returns the invoice id', async () => {
    const { h, contactId, invoiceId } = await blankOrder();
    const inv = await h.deps.invoices.get(h.deps.store, invoiceId);
    const job = await h.deps.store.get<{ id: number; ContactId: number; JobTitle: string; StartDate: string }>('Job', inv.jobId!);
    expect(job).toMatchObject({ ContactId: contactId, JobTitle: 'Consulting', StartDate: '2026-11-20T14:30:00.000Z' });
    expect(inv.clientId).toBe(contactId);
    expect(await owed(h, invoiceId)).toBe('0.00');
  });

  it('the invoice is dated by the order date in the app time zone, not in UTC', async () => {
    const h = harness();
    const c = await h.contact();
    const id = (await h.call('InvoiceService.createBlankOrder', c, 'Late', new XmlDateTime(2026, 11, 20, 22, 30, 0), 0, 0)) as number;
    expect((await h.deps.invoices.get(h.deps.store, id)).date).toBe('2026-11-20');
  });

  it('order and invoice ids come from different sequences (invoice offset shows it)', async () => {
    const { h, invoiceId } = await blankOrder(harness({ invoiceIdOffset: 1000 }));
    expect(invoiceId).toBe(1001);
    expect(await h.call('InvoiceService.getOrderId', invoiceId)).toBe(1);
    expect(await h.call('InvoiceService.getInvoiceId', 1)).toBe(1001);
  });

  it('faults 5 for an unknown contact and 12 for a bad date', async () => {
    const h = harness();
    expect((await faultOf(h.call('InvoiceService.createBlankOrder', 99, 'x', ORDER_DATE, 0, 0))).faultCode).toBe(5);
    const c = await h.contact();
    const f = await faultOf(h.call('InvoiceService.createBlankOrder', c, 'x', 'not a date', 0, 0));
    expect(f.faultCode).toBe(12);
    expect(f.faultString).toContain('orderDate');
  });
});

describe('InvoiceService.addOrderItem', () => {
  it('adds OrderItem + InvoiceItem and raises the amount owed; specials subtract', async () => {
    const { h, invoiceId } = await blankOrder();
    const productId = await h.product('Widget', '19.99');
    expect(await h.call('InvoiceService.addOrderItem', invoiceId, productId, 4, new XmlDouble('19.99'), 2, 'Blue widget', 'gift wrap')).toBe(true);
    expect(await owed(h, invoiceId)).toBe('39.98');
    await h.call('InvoiceService.addOrderItem', invoiceId, 0, 1, new XmlDouble('5.00'), 1, 'Shipping', '');
    await h.call('InvoiceService.addOrderItem', invoiceId, 0, 7, new XmlDouble('10.00'), 1, 'Loyalty discount', '');
    await h.call('InvoiceService.addOrderItem', invoiceId, 0, 11, new XmlDouble('2.50'), 1, 'Order total special', '');
    expect(await owed(h, invoiceId)).toBe('32.48');

    const inv = await h.deps.invoices.get(h.deps.store, invoiceId);
    const items = await h.deps.store.findBy<Record<string, unknown> & { id: number }>('OrderItem', 'OrderId', inv.jobId!);
    expect(items.map((i) => [i.ItemType, i.ItemName, i.PPU, i.Qty])).toEqual([
      [4, 'Widget', '19.99', 2], [1, 'Shipping', '5.00', 1], [7, 'Loyalty discount', '-10.00', 1], [11, 'Order total special', '-2.50', 1],
    ]);
    expect(items[0]).toMatchObject({ ItemDescription: 'Blue widget', Notes: 'gift wrap' });
    expect(inv.items.map((i) => i.credit === true)).toEqual([false, false, true, true]);
  });

  it('type 9 takes a subscription plan id as productId: the line belongs to the plan and its product', async () => {
    const { h, invoiceId } = await blankOrder();
    const productId = await h.product('Magazine', '0');
    const planId = await h.plan(productId, '4.99');
    await h.call('InvoiceService.addOrderItem', invoiceId, planId, 9, new XmlDouble('4.99'), 1, '', '');
    const [item] = await h.deps.store.findBy<Record<string, unknown> & { id: number }>('OrderItem', 'OrderId', (await h.deps.invoices.get(h.deps.store, invoiceId)).jobId!);
    expect(item).toMatchObject({ ItemType: 9, ProductId: productId, SubscriptionPlanId: planId, ItemName: 'Magazine' });
    expect((await faultOf(h.call('InvoiceService.addOrderItem', invoiceId, 777, 9, 1, 1, '', ''))).faultCode).toBe(5);
  });

  it('a negative price is a credit whatever the type', async () => {
    const { h, invoiceId } = await blankOrder();
    await h.call('InvoiceService.addOrderItem', invoiceId, 0, 3, 100, 1, 'Service', '');
    await h.call('InvoiceService.addOrderItem', invoiceId, 0, 3, new XmlDouble('-25'), 1, 'Goodwill', '');
    expect(await owed(h, invoiceId)).toBe('75.00');
  });

  it('refuses unknown types, products, quantities and invoices with the right faults', async () => {
    const { h, invoiceId } = await blankOrder();
    expect((await faultOf(h.call('InvoiceService.addOrderItem', invoiceId, 0, 15, 1, 1, 'x', ''))).faultString).toContain('type');
    expect((await faultOf(h.call('InvoiceService.addOrderItem', invoiceId, 42, 4, 1, 1, 'x', ''))).faultCode).toBe(5);
    expect((await faultOf(h.call('InvoiceService.addOrderItem', invoiceId, 0, 4, 1, 0, 'x', ''))).faultCode).toBe(12);
    expect((await faultOf(h.call('InvoiceService.addOrderItem', 999, 0, 4, 1, 1, 'x', ''))).faultCode).toBe(5);
    expect((await faultOf(h.call('InvoiceService.addOrderItem', invoiceId, 0, 4, new XmlDouble('1.005'), 1, 'x', ''))).faultCode).toBe(12);
    // A discount larger than the invoice would make it negative: refused, nothing written.
    expect((await faultOf(h.call('InvoiceService.addOrderItem', invoiceId, 0, 7, 5, 1, 'too much', ''))).faultCode).toBe(12);
    expect((await h.deps.invoices.get(h.deps.store, invoiceId)).items).toHaveLength(0);
  });

  it('faults 0-style arity errors name the method', async () => {
    const { h, invoiceId } = await blankOrder();
    const f = await faultOf(h.call('InvoiceService.addOrderItem', invoiceId, 0));
    expect(f.faultString).toContain('InvoiceService.addOrderItem');
  });
});

describe('InvoiceService payments', () => {
  async function withItem() {
    const b = await blankOrder();
    await b.h.call('InvoiceService.addOrderItem', b.invoiceId, 0, 4, new XmlDouble('50.00'), 1, 'Thing', '');
    return b;
  }

  it('addManualPayment records partial then full payments; getPayments lists Payment structs', async () => {
    const { h, contactId, invoiceId } = await withItem();
    expect(await h.call('InvoiceService.addManualPayment', invoiceId, new XmlDouble('20.00'), new XmlDateTime(2026, 11, 21, 10, 0, 0), 'Check', 'check #1001', false)).toBe(true);
    expect(await owed(h, invoiceId)).toBe('30.00');
    await h.call('InvoiceService.addManualPayment', invoiceId, new XmlDouble('30'), '2026-11-22', 'Cash', '', false);
    expect(await owed(h, invoiceId)).toBe('0.00');
    const payments = (await h.call('InvoiceService.getPayments', invoiceId)) as Array<Record<string, unknown>>;
    expect(payments).toHaveLength(2);
    expect(payments[0]).toMatchObject({ PayType: 'Check', PayNote: 'check #1001', ContactId: contactId, InvoiceId: invoiceId });
    expect((payments[0].PayAmt as XmlDouble).text).toBe('20.00');
    expect(payments[0].PayDate).toEqual(new XmlDateTime(2026, 11, 21, 10, 0, 0));
    expect(payments[1]).toMatchObject({ PayNote: '', ChargeId: 0 });
    expect(payments[1].Commission).toBeUndefined();
  });

  it('addManualPayment refuses overpayment and a zero amount (fault 12)', async () => {
    const { h, invoiceId } = await withItem();
    expect((await faultOf(h.call('InvoiceService.addManualPayment', invoiceId, 60, '2026-11-22', 'Cash', '', false))).faultCode).toBe(12);
    expect((await faultOf(h.call('InvoiceService.addManualPayment', invoiceId, 0, '2026-11-22', 'Cash', '', false))).faultCode).toBe(12);
    expect(await owed(h, invoiceId)).toBe('50.00');
  });

  it('chargeInvoice: approved charge → Payment + CCharge; then nothing owed → SKIPPED', async () => {
    const { h, contactId, invoiceId } = await withItem();
    const cardId = await h.card(contactId, CARDS.approve);
    const r = (await h.call('InvoiceService.chargeInvoice', invoiceId, 'API Upsell Payment', cardId, 1, false)) as Record<string, unknown>;
    expect(r).toMatchObject({ Successful: true, Code: 'APPROVED' });
    expect(r.RefNum).toMatch(/^TEST[0-9A-F]{10}$/);
    expect(await owed(h, invoiceId)).toBe('0.00');
    const [payment] = (await h.call('InvoiceService.getPayments', invoiceId)) as Array<Record<string, unknown>>;
    expect(payment.PayType).toBe('Credit Card');
    const charge = await h.deps.store.get<Record<string, unknown> & { id: number }>('CCharge', payment.ChargeId as number);
    expect(charge).toMatchObject({ CCId: cardId, PaymentId: payment.Id, Amt: '50.00', RefNum: r.RefNum, OrderNum: String(invoiceId) });
    const again = (await h.call('InvoiceService.chargeInvoice', invoiceId, '', cardId, 1, false)) as Record<string, unknown>;
    expect(again).toMatchObject({ Successful: false, Code: 'SKIPPED' });
  });

  it.each([
    ['decline', 'DECLINED'],
    ['error', 'ERROR'],
  ] as const)('chargeInvoice with the %s test card → %s, invoice still owed', async (kind, code) => {
    const { h, contactId, invoiceId } = await withItem();
    const cardId = await h.card(contactId, CARDS[kind]);
    const r = (await h.call('InvoiceService.chargeInvoice', invoiceId, 'try', cardId, 0, false)) as Record<string, unknown>;
    expect(r).toMatchObject({ Successful: false, Code: code });
    expect(await owed(h, invoiceId)).toBe('50.00');
    expect(await h.call('InvoiceService.getPayments', invoiceId)).toEqual([]);
  });

  it('an expired card declines; a card of another contact or an unknown card faults', async () => {
    const { h, contactId, invoiceId } = await withItem();
    const expired = await h.card(contactId, CARDS.approve, { month: '01', year: '2020' });
    expect(await h.call('InvoiceService.chargeInvoice', invoiceId, '', expired, 0, false)).toMatchObject({ Code: 'DECLINED' });
    const other = await h.card(await h.contact('Bob'), CARDS.approve);
    expect((await faultOf(h.call('InvoiceService.chargeInvoice', invoiceId, '', other, 0, false))).faultCode).toBe(12);
    expect((await faultOf(h.call('InvoiceService.chargeInvoice', invoiceId, '', 777, 0, false))).faultCode).toBe(5);
  });

  it('two concurrent charges of one invoice charge it once', async () => {
    const { h, contactId, invoiceId } = await withItem();
    const cardId = await h.card(contactId, CARDS.approve);
    const results = await Promise.allSettled([1, 2, 3].map(() => h.call('InvoiceService.chargeInvoice', invoiceId, '', cardId, 0, false)));
    const approved = results.filter((r) => r.status === 'fulfilled' && (r.value as Record<string, unknown>).Code === 'APPROVED');
    expect(approved).toHaveLength(1);
    expect(await h.call('InvoiceService.getPayments', invoiceId)).toHaveLength(1);
  });
});

describe('InvoiceService look-ups and deletion', () => {
  it('deleteInvoice removes the invoice, its Job and OrderItems', async () => {
    const { h, invoiceId } = await blankOrder();
    await h.call('InvoiceService.addOrderItem', invoiceId, 0, 4, 10, 1, 'x', '');
    const jobId = (await h.call('InvoiceService.getOrderId', invoiceId)) as number;
    expect(await h.call('InvoiceService.deleteInvoice', invoiceId)).toBe(true);
    expect(await h.deps.store.get('Job', jobId)).toBeUndefined();
    expect(await h.deps.store.findBy('OrderItem', 'OrderId', jobId)).toEqual([]);
    expect((await faultOf(h.call('InvoiceService.getOrderId', invoiceId))).faultCode).toBe(5);
    expect((await faultOf(h.call('InvoiceService.getInvoiceId', jobId))).faultCode).toBe(5);
    expect((await faultOf(h.call('InvoiceService.deleteInvoice', invoiceId))).faultCode).toBe(5);
  });

  it('recalculateTax answers true for an existing invoice (no tax tables) and 5 otherwise', async () => {
    const { h, invoiceId } = await blankOrder();
    expect(await h.call('InvoiceService.recalculateTax', invoiceId)).toBe(true);
    expect((await faultOf(h.call('InvoiceService.recalculateTax', 4242))).faultCode).toBe(5);
  });

  it('getAllPaymentOptions answers the documented name → name struct', async () => {
    const h = harness();
    const r = (await h.call('InvoiceService.getAllPaymentOptions')) as Record<string, string>;
    expect(r.Cash).toBe('Cash');
    expect(r['Credit Card (Manual)']).toBe('Credit Card (Manual)');
    expect(Object.keys(r)).toHaveLength(8);
  });
});

describe('InvoiceService card look-ups', () => {
  it('validateCreditCard, struct form: the docs sample (expired 12/2009) is not valid', async () => {
    const h = harness();
    const sample = struct({ CardType: 'Visa', ContactId: 123, CardNumber: '4111111111111111', ExpirationMonth: '12', ExpirationYear: '2009', CVV2: '123' });
    expect(await h.call('InvoiceService.validateCreditCard', sample)).toEqual(struct({ Valid: 'false', Message: 'Card has expired' }));
    const ok = struct({ CardType: 'Visa', CardNumber: '4111 1111 1111 1111', ExpirationMonth: '12', ExpirationYear: '2030' });
    expect(await h.call('InvoiceService.validateCreditCard', ok)).toEqual(struct({ Valid: 'true', Message: 'Card is valid' }));
    const badLuhn = struct({ CardNumber: '4111111111111112', ExpirationMonth: '12', ExpirationYear: '2030' });
    expect(await h.call('InvoiceService.validateCreditCard', badLuhn)).toMatchObject({ Valid: 'false', Message: 'Card number is invalid' });
    const wrongType = struct({ CardType: 'American Express', CardNumber: '4111111111111111', ExpirationMonth: '12', ExpirationYear: '2030' });
    expect(await h.call('InvoiceService.validateCreditCard', wrongType)).toMatchObject({ Valid: 'false' });
  });

  it('validateCreditCard, id form, and locateExistingCard by last four digits', async () => {
    const h = harness();
    const c = await h.contact();
    const cardId = await h.card(c, CARDS.approve);
    const old = await h.card(c, '4000000000000002', { month: '1', year: '21' });
    expect(await h.call('InvoiceService.validateCreditCard', cardId)).toMatchObject({ Valid: 'true' });
    expect(await h.call('InvoiceService.validateCreditCard', old)).toMatchObject({ Valid: 'false', Message: 'Card has expired' });
    expect((await faultOf(h.call('InvoiceService.validateCreditCard', 999))).faultCode).toBe(5);
    expect(await h.call('InvoiceService.locateExistingCard', c, '1111')).toBe(cardId);
    expect(await h.call('InvoiceService.locateExistingCard', c, '9999')).toBe(0);
    expect(await h.call('InvoiceService.locateExistingCard', c + 1, '1111')).toBe(0);
  });
});

describe('introspection', () => {
  it('every method has help and XML-RPC type signatures (validateCreditCard: int or struct)', async () => {
    const { invoiceServiceMethods } = await import('../../src/keap/invoice-service.js');
    const { orderServiceMethods } = await import('../../src/keap/order-service.js');
    const h = harness();
    const specs = [...invoiceServiceMethods(h.deps), ...orderServiceMethods(h.deps)];
    expect(specs.map((s) => s.name)).toContain('OrderService.placeOrder');
    for (const s of specs) {
      expect(s.help).toContain(s.name);
      for (const sig of s.signatures!) expect(sig.every((t) => ['int', 'double', 'string', 'boolean', 'array', 'struct', 'dateTime.iso8601'].includes(t))).toBe(true);
    }
    expect(specs.find((s) => s.name === 'InvoiceService.validateCreditCard')!.signatures).toEqual([['struct', 'string', 'int'], ['struct', 'string', 'struct']]);
  });
});
