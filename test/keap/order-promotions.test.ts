// placeOrder with the real promotion engine (PromotionsStep): specials become credit lines, codes
// land on the invoice, a declined charge and deleteInvoice give the use back.
import { describe, expect, it } from 'vitest';
import { XmlDouble } from '../../src/xmlrpc/types.js';
import { PromotionsStep } from '../../src/services/promotions/step.js';
import { PromotionAdmin } from '../../src/services/promotions/admin.js';
import { CARDS, NOW, harness } from './order-fixture.js';

async function setup(discount: object, limits: object = {}) {
  const step = new PromotionsStep({});
  const h = harness({ pricing: step, promoOutcomeMembers: true });
  const admin = new PromotionAdmin(h.deps.store, { now: () => NOW });
  await admin.create({ name: 'Launch', discount, codes: ['LAUNCH'], limits });
  const contactId = await h.contact();
  const widget = await h.product('Widget', '19.99');
  const gadget = await h.product('Gadget', '5.01');
  return { h, contactId, widget, gadget };
}

const owed = async (h: ReturnType<typeof harness>, id: number | string) => ((await h.call('InvoiceService.calculateAmountOwed', Number(id))) as XmlDouble).text;
type Answer = Record<string, string>;

describe('placeOrder with PromotionsStep', () => {
  it('a 10% order-total code: credit line type 11, PromoCode on the invoice, case-insensitive code', async () => {
    const { h, contactId, widget, gadget } = await setup({ kind: 'ORDER_TOTAL', mode: 'PERCENT', value: '10' });
    const r = (await h.call('OrderService.placeOrder', contactId, 0, 0, [widget, gadget], [], true, ['launch', 'NOPE'])) as Answer;
    expect(r.PromoCodeOutcomes).toBe('launch:APPLIED,NOPE:UNKNOWN');
    expect(await owed(h, r.InvoiceId)).toBe('22.50');
    const inv = await h.deps.invoices.get(h.deps.store, Number(r.InvoiceId));
    expect(inv.promoCodes).toHaveLength(1);
    expect(inv.items.filter((i) => i.credit).map((i) => [i.keap?.itemType, i.unitCost])).toEqual([[11, '2.50']]);
  });

  it('processSpecials=false ignores the code', async () => {
    const { h, contactId, widget } = await setup({ kind: 'ORDER_TOTAL', mode: 'PERCENT', value: '10' });
    const r = (await h.call('OrderService.placeOrder', contactId, 0, 0, [widget], [], false, ['LAUNCH'])) as Answer;
    expect(r.PromoCodeOutcomes).toBe('LAUNCH:IGNORED');
    expect(await owed(h, r.InvoiceId)).toBe('19.99');
  });

  it('a declined charge releases the single use; the contact retries with the same code', async () => {
    const { h, contactId, widget } = await setup({ kind: 'ORDER_TOTAL', mode: 'AMOUNT', value: '5' }, { totalUses: 1 });
    const declineCard = await h.card(contactId, CARDS.decline);
    const approveCard = await h.card(contactId, CARDS.approve);
    const first = (await h.call('OrderService.placeOrder', contactId, declineCard, 0, [widget], [], true, ['LAUNCH'])) as Answer;
    expect(first).toMatchObject({ Successful: 'false', Code: 'DECLINED', PromoCodeOutcomes: 'LAUNCH:APPLIED' });
    expect(await owed(h, first.InvoiceId)).toBe('14.99');
    const retry = (await h.call('OrderService.placeOrder', contactId, approveCard, 0, [widget], [], true, ['LAUNCH'])) as Answer;
    expect(retry).toMatchObject({ Successful: 'true', Code: 'APPROVED', PromoCodeOutcomes: 'LAUNCH:APPLIED' });
    const third = (await h.call('OrderService.placeOrder', contactId, 0, 0, [widget], [], true, ['LAUNCH'])) as Answer;
    expect(third.PromoCodeOutcomes).toBe('LAUNCH:LIMIT_REACHED');
  });

  it('deleteInvoice gives the use back', async () => {
    const { h, contactId, widget } = await setup({ kind: 'ORDER_TOTAL', mode: 'AMOUNT', value: '5' }, { totalUses: 1 });
    const first = (await h.call('OrderService.placeOrder', contactId, 0, 0, [widget], [], true, ['LAUNCH'])) as Answer;
    expect(await h.call('InvoiceService.deleteInvoice', Number(first.InvoiceId))).toBe(true);
    const again = (await h.call('OrderService.placeOrder', contactId, 0, 0, [widget], [], true, ['LAUNCH'])) as Answer;
    expect(again.PromoCodeOutcomes).toBe('LAUNCH:APPLIED');
  });

  it('a discount larger than the order makes it free: card not charged, order successful, use kept', async () => {
    const { h, contactId, widget } = await setup({ kind: 'ORDER_TOTAL', mode: 'AMOUNT', value: '200' }, { totalUses: 1 });
    const card = await h.card(contactId, CARDS.approve);
    const r = (await h.call('OrderService.placeOrder', contactId, card, 0, [widget], [], true, ['LAUNCH'])) as Answer;
    expect(r).toMatchObject({ Successful: 'true', Code: 'SKIPPED' });
    expect(await owed(h, r.InvoiceId)).toBe('0.00');
    const again = (await h.call('OrderService.placeOrder', contactId, 0, 0, [widget], [], true, ['LAUNCH'])) as Answer;
    expect(again.PromoCodeOutcomes).toBe('LAUNCH:LIMIT_REACHED');
  });
});
