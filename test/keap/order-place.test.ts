import { describe, expect, it } from 'vitest';
import { Fault, XmlDouble } from '../../src/xmlrpc/types.js';
import type { OrderPricingStep, PricingRequest, PricingResult } from '../../src/services/order-pricing.js';
import type { Tx, Store } from '../../src/store/port.js';
import { CARDS, harness } from './order-fixture.js';

async function faultOf(p: Promise<unknown>): Promise<Fault> {
  try { await p; } catch (e) { if (e instanceof Fault) return e; throw e; }
  throw new Error('expected a fault');
}

type Answer = Record<string, string>;

async function shop(h = harness()) {
  const contactId = await h.contact();
  const widget = await h.product('Widget', '19.99');
  const gadget = await h.product('Gadget', '5.01');
  return { h, contactId, widget, gadget };
}

const owed = async (h: ReturnType<typeof harness>, id: number) => ((await h.call('InvoiceService.calculateAmountOwed', id)) as XmlDouble).text;

/** A pricing step that gives 10.00 off the order for code SAVE10 and records what it was asked. */
class FixedDiscountStep implements OrderPricingStep {
  requests: PricingRequest[] = [];
  released: number[] = [];
  async apply(_tx: Tx, req: PricingRequest): Promise<PricingResult> { this.requests.push(req); return this.price(req); }
  async preview(_s: Store, req: PricingRequest): Promise<PricingResult> { return this.price(req); }
  async release(_tx: Tx, orderId: number): Promise<void> { this.released.push(orderId); }
  private price(req: PricingRequest): PricingResult {
    const hit = req.processSpecials && req.promoCodes.includes('SAVE10');
    return {
      specials: hit ? [{ itemType: 11, name: '$10 off', amount: '10.00', promotionId: 7, code: 'SAVE10' }] : [],
      outcomes: req.promoCodes.map((code) => ({ code, outcome: code === 'SAVE10' && req.processSpecials ? 'APPLIED' as const : 'UNKNOWN' as const })),
      appliedCodes: hit ? ['SAVE10'] : [],
    };
  }
}

describe('OrderService.placeOrder', () => {
  it('7 params, no card: order + invoice priced from Product, answer of strings like the docs sample', async () => {
    const { h, contactId, widget, gadget } = await shop();
    const r = (await h.call('OrderService.placeOrder', contactId, 0, 0, [widget, gadget, widget], [], false, [])) as Answer;
    expect(r).toEqual({ Successful: 'false', Message: 'None', RefNum: 'None', OrderId: '1', InvoiceId: '1', Code: '' });
    expect(Object.values(r).every((v) => typeof v === 'string')).toBe(true);
    expect(await owed(h, 1)).toBe('44.99');
    const items = await h.deps.store.findBy<Record<string, unknown> & { id: number }>('OrderItem', 'OrderId', 1);
    expect(items.map((i) => [i.ProductId, i.ItemType, i.Qty, i.PPU, i.ItemName])).toEqual([[widget, 4, 2, '19.99', 'Widget'], [gadget, 4, 1, '5.01', 'Gadget']]);
    expect(await h.deps.store.get('Job', 1)).toMatchObject({ ContactId: contactId, OrderType: 'Online' });
  });

  it('lists sent as <nil/> count as empty lists', async () => {
    const { h, contactId, widget } = await shop();
    const r = (await h.call('OrderService.placeOrder', contactId, 0, 0, [widget], null, false, null)) as Answer;
    expect(r.OrderId).toBe('1');
  });

  it('9 params with an approving card: charged, paid in full', async () => {
    const { h, contactId, widget } = await shop();
    const cardId = await h.card(contactId, CARDS.approve);
    const r = (await h.call('OrderService.placeOrder', contactId, cardId, 0, [widget], [], false, [], 0, 0)) as Answer;
    expect(r).toMatchObject({ Successful: 'true', Code: 'APPROVED', OrderId: '1', InvoiceId: '1' });
    expect(r.RefNum).toMatch(/^TEST/);
    expect(await owed(h, 1)).toBe('0.00');
  });

  it('a declined card still creates the order with an open invoice and releases promo uses', async () => {
    const step = new FixedDiscountStep();
    const { h, contactId, widget } = await shop(harness({ pricing: step }));
    const cardId = await h.card(contactId, CARDS.decline);
    const r = (await h.call('OrderService.placeOrder', contactId, cardId, 0, [widget], [], true, ['SAVE10'], 3, 4)) as Answer;
    expect(r).toMatchObject({ Successful: 'false', Code: 'DECLINED', OrderId: '1', InvoiceId: '1' });
    expect(await owed(h, 1)).toBe('9.99');
    expect(step.released).toEqual([1]);
    expect(await h.deps.store.get('Job', 1)).toMatchObject({ LeadAffiliateId: 3, AffiliateId: 4 });
  });

  it('order and invoice ids differ once an invoice was made outside an order', async () => {
    const { h, contactId, widget } = await shop();
    await h.deps.store.transact((tx) => h.deps.invoices.create(tx, { clientId: contactId, title: 'Invoicera-only invoice' }));
    const r = (await h.call('OrderService.placeOrder', contactId, 0, 0, [widget], [], false, [])) as Answer;
    expect([r.OrderId, r.InvoiceId]).toEqual(['1', '2']);
    expect(await h.call('InvoiceService.getInvoiceId', 1)).toBe(2);
  });

  it('specials from the pricing step become credit lines of their Keap type; PromoCode holds applied codes', async () => {
    const step = new FixedDiscountStep();
    const { h, contactId, widget, gadget } = await shop(harness({ pricing: step }));
    await h.call('OrderService.placeOrder', contactId, 0, 0, [widget, gadget], [], true, ['SAVE10', 'NOPE']);
    expect(step.requests[0]).toMatchObject({ contactId, processSpecials: true, promoCodes: ['SAVE10', 'NOPE'], orderId: 1, invoiceId: 1 });
    expect(step.requests[0].lines.map((l) => [l.productId, l.unitPrice, l.quantity])).toEqual([[widget, '19.99', '1'], [gadget, '5.01', '1']]);
    expect(await owed(h, 1)).toBe('15.00');
    const inv = await h.deps.invoices.get(h.deps.store, 1);
    expect(inv.promoCodes).toEqual(['SAVE10']);
    expect(inv.items[2]).toMatchObject({ credit: true, unitCost: '10.00', keap: { itemType: 11, promotionId: 7 } });
    const special = (await h.deps.store.findBy<Record<string, unknown> & { id: number }>('OrderItem', 'OrderId', 1))[2];
    expect(special).toMatchObject({ ItemType: 11, PPU: '-10.00' });
  });

  it('without a promotion engine unknown codes never fault: UNKNOWN (specials on) or IGNORED (off), recorded', async () => {
    const { h, contactId, widget } = await shop();
    await h.call('OrderService.placeOrder', contactId, 0, 0, [widget], [], true, ['BOGUS']);
    await h.call('OrderService.placeOrder', contactId, 0, 0, [widget], [], false, ['BOGUS']);
    const rows = await h.deps.store.findBy<Record<string, unknown> & { id: number }>('PromoRedemption', 'ContactId', contactId);
    expect(rows.map((r) => [r.OrderId, r.Code, r.Outcome])).toEqual([[1, 'BOGUS', 'UNKNOWN'], [2, 'BOGUS', 'IGNORED']]);
    expect(await owed(h, 1)).toBe('19.99');
  });

  it('optional promo outcome members (config keap.promoOutcomeMembers)', async () => {
    const { h, contactId, widget } = await shop(harness({ promoOutcomeMembers: true, pricing: new FixedDiscountStep() }));
    const r = (await h.call('OrderService.placeOrder', contactId, 0, 0, [widget], [], true, ['SAVE10', 'X'])) as Answer;
    expect(r.PromoCodeOutcomes).toBe('SAVE10:APPLIED,X:UNKNOWN');
  });

  it('a subscription plan line is priced from PlanPrice and named after its product', async () => {
    const { h, contactId, widget } = await shop();
    const planId = await h.plan(widget, '9.50');
    await h.call('OrderService.placeOrder', contactId, 0, 0, [], [planId], false, []);
    const [item] = await h.deps.store.findBy<Record<string, unknown> & { id: number }>('OrderItem', 'OrderId', 1);
    expect(item).toMatchObject({ ItemType: 9, ProductId: widget, SubscriptionPlanId: planId, PPU: '9.50', ItemName: 'Widget' });
    expect(await owed(h, 1)).toBe('9.50');
  });

  it('a free order with a card is successful without a charge (SKIPPED) and keeps its promotion', async () => {
    const step = new FixedDiscountStep();
    const { h, contactId } = await shop(harness({ pricing: step }));
    const cheap = await h.product('Sticker', '10.00');
    const cardId = await h.card(contactId, CARDS.approve);
    const r = (await h.call('OrderService.placeOrder', contactId, cardId, 0, [cheap], [], true, ['SAVE10'])) as Answer;
    expect(r).toMatchObject({ Successful: 'true', Code: 'SKIPPED' });
    expect(step.released).toEqual([]);
  });

  it('refuses bad input before creating anything', async () => {
    const { h, contactId, widget } = await shop();
    expect((await faultOf(h.call('OrderService.placeOrder', 0, 0, 0, [widget], [], false, []))).faultCode).toBe(12);
    expect((await faultOf(h.call('OrderService.placeOrder', 555, 0, 0, [widget], [], false, []))).faultCode).toBe(5);
    // The catalogue is read with the contact, but a missing contact is still the fault reported.
    expect((await faultOf(h.call('OrderService.placeOrder', 555, 0, 0, [999], [], false, []))).faultString).toContain('Contact 555');
    // The lines' checks run in the order's transaction, after the contact's: each fault is the first one.
    expect((await faultOf(h.call('OrderService.placeOrder', 555, 0, 0, [], [], false, []))).faultString).toContain('Contact 555');
    expect((await faultOf(h.call('OrderService.placeOrder', 555, 98, 0, [999], [], false, []))).faultString).toContain('Contact 555');
    expect((await faultOf(h.call('OrderService.placeOrder', contactId, 98, 0, [], [], false, []))).faultString).toContain('both empty');
    expect((await faultOf(h.call('OrderService.placeOrder', contactId, 98, 0, [999], [], false, []))).faultString).toContain('CreditCard 98');
    expect((await faultOf(h.call('OrderService.placeOrder', contactId, 0, 0, [], [], false, []))).faultCode).toBe(12);
    expect((await faultOf(h.call('OrderService.placeOrder', contactId, 0, 0, [widget, 999], [], false, []))).faultCode).toBe(5);
    expect((await faultOf(h.call('OrderService.placeOrder', contactId, 98, 0, [widget], [], false, []))).faultCode).toBe(5);
    expect((await faultOf(h.call('OrderService.placeOrder', contactId, 0, 0, 'x', [], false, []))).faultString).toContain('productIds');
    expect((await faultOf(h.call('OrderService.placeOrder', contactId, 0, 0, [widget], [], false))).faultString).toContain('OrderService.placeOrder');
    expect(await h.deps.store.count('Job')).toBe(0);
    expect(await h.deps.store.count('Invoice')).toBe(0);
  });

  it('a processor that throws answers ERROR and gives promo uses back', async () => {
    const step = new FixedDiscountStep();
    const broken = { charge: async () => { throw new Error('connection reset'); }, lookup: async () => undefined };
    const { h, contactId, widget } = await shop(harness({ pricing: step, payments: broken }));
    const cardId = await h.card(contactId, CARDS.approve);
    const r = (await h.call('OrderService.placeOrder', contactId, cardId, 0, [widget], [], true, ['SAVE10'])) as Answer;
    expect(r).toMatchObject({ Successful: 'false', Code: 'ERROR', Message: 'Payment processor unavailable', OrderId: '1', InvoiceId: '1' });
    expect(step.released).toEqual([1]);
  });

  it('a manual payment while the card is being charged is refused; the approved charge is recorded', async () => {
    const step = new FixedDiscountStep();
    let h!: ReturnType<typeof harness>;
    let racing = '';
    // While the card is being charged, someone tries to record a manual payment of the whole balance.
    const processor = {
      charge: async (req: { invoiceId: number; amount: string }) => {
        racing = await h.call('InvoiceService.addManualPayment', req.invoiceId, new XmlDouble(req.amount), '2026-11-22', 'Cash', '', false)
          .then(() => 'accepted', (f: { faultString: string }) => f.faultString);
        return { code: 'APPROVED' as const, refNum: 'REF1', message: 'approved' };
      },
      lookup: async () => undefined,
    };
    h = harness({ pricing: step, payments: processor });
    const { contactId, widget } = await shop(h);
    const cardId = await h.card(contactId, CARDS.approve);
    const r = (await h.call('OrderService.placeOrder', contactId, cardId, 0, [widget], [], false, [])) as Answer;
    expect(racing).toContain('in progress');
    expect(r).toMatchObject({ Successful: 'true', Code: 'APPROVED', RefNum: 'REF1', OrderId: '1', InvoiceId: '1' });
    expect(step.released).toEqual([]);
    expect(await h.call('InvoiceService.calculateAmountOwed', 1)).toEqual(new XmlDouble('0.00'));
    expect(await h.deps.store.count('CCharge')).toBe(1);
    expect(await h.deps.store.count('PendingCharge')).toBe(0);
  });
});
