// Promotions through the real XML-RPC server with the npm xmlrpc client: the 500-concurrent
// placeOrder race on a 50-use code, previewOrder and DiscountService.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { TEST_API_KEY } from '../support/gateway.js';
import { Big } from '../../src/money/money.js';
import { PROMO_REDEMPTION, promoCounters, type PromoRedemptionRow } from '../../src/services/promotions.js';
import { startPromoGateway, type PromoGateway } from './promo-gateway.js';

let gw: PromoGateway;
beforeAll(async () => { gw = await startPromoGateway(); });
afterAll(async () => { await gw?.close(); });

async function contact(name: string): Promise<number> {
  return gw.deps.store.transact(async (tx) => (await gw.deps.clients.create(tx, { firstName: name, lastName: 'Test', email: `${name}@example.com` })).id);
}
async function product(name: string, price: string): Promise<number> {
  return gw.call<number>('DataService.add', 'Product', { ProductName: name, ProductPrice: price, Shippable: 0, Taxable: 0 });
}

type Answer = Record<string, string>;

async function race(g: PromoGateway): Promise<void> {
  const id = await g.admin.create({ name: 'Fifty', discount: { kind: 'ORDER_TOTAL', mode: 'AMOUNT', value: '5' }, codes: ['FIFTY'], limits: { totalUses: 50 } });
  const widget = await g.call<number>('DataService.add', 'Product', { ProductName: 'Race widget', ProductPrice: '20.00', Shippable: 0, Taxable: 0 });
  const contacts = await Promise.all(Array.from({ length: 25 }, (_, i) =>
    g.deps.store.transact(async (tx) => (await g.deps.clients.create(tx, { firstName: `racer${i}`, lastName: 'Test', email: `racer${i}@example.com` })).id)));
  const answers = await Promise.all(Array.from({ length: 500 }, (_, i) =>
    g.call<Answer>('OrderService.placeOrder', contacts[i % contacts.length], 0, 0, [widget], [], true, [i % 2 ? 'fifty' : 'FIFTY'])));
  const outcome = (a: Answer) => a.PromoCodeOutcomes.split(':')[1];
  expect(answers.filter((a) => outcome(a) === 'APPLIED')).toHaveLength(50);
  expect(answers.filter((a) => outcome(a) === 'LIMIT_REACHED')).toHaveLength(450);
  expect(await g.deps.store.counter(promoCounters.promotion(id))).toBe(50);
  // Every applied order's invoice is $5 lower, the others full price: the totals agree with the outcomes.
  let owedTotal = new Big(0);
  for (const a of answers) owedTotal = owedTotal.plus((await g.call<number>('InvoiceService.calculateAmountOwed', Number(a.InvoiceId))).toString());
  expect(owedTotal.toFixed(2)).toBe('9750.00');
  const rows = (await g.deps.store.list<PromoRedemptionRow>(PROMO_REDEMPTION, { filter: (r) => r.PromotionId === id })).records;
  expect(rows.filter((r) => r.Outcome === 'APPLIED')).toHaveLength(50);
}

describe('placeOrder race through the wire', () => {
  it('500 concurrent placeOrders on a 50-use code: exactly 50 applied (memory store)', async () => {
    await race(gw);
  });

  it('the same on the SQLite store', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'promo-wire-'));
    const g = await startPromoGateway({ GATEWAY_STORE: `sqlite:${join(dir, 'gw.db')}` });
    try { await race(g); } finally { await g.close(); rmSync(dir, { recursive: true, force: true }); }
  });
});

describe('OrderService.previewOrder', () => {
  it('prices lines and codes without creating anything or consuming a use', async () => {
    await gw.admin.create({ name: 'Preview', discount: { kind: 'ORDER_TOTAL', mode: 'PERCENT', value: '10' }, codes: ['PEEK'], limits: { totalUses: 1 } });
    const c = await contact('peeker');
    const a = await product('Peek A', '21.67');
    const b = await product('Peek B', '43.33');
    const before = await gw.deps.store.count('Job');
    const r = await gw.call<Record<string, any>>('OrderService.previewOrder', c, 0, [a, b], [], true, ['peek', 'PEEK', 'ghost']);
    expect(r.Subtotal).toBe(65);
    expect(r.Discount).toBe(6.5);
    expect(r.Total).toBe(58.5);
    expect(r.PromoCode).toBe('PEEK'); // the stored spelling, whatever case the client sent
    expect(r.PromoCodes.map((o: Answer) => o.Outcome)).toEqual(['APPLIED', 'DUPLICATE', 'UNKNOWN']);
    expect(r.Specials).toMatchObject([{ ItemType: 11, Amount: 6.5, PromoCode: 'PEEK' }]);
    expect(r.Lines.map((l: Record<string, unknown>) => l.Total)).toEqual([21.67, 43.33]);
    expect(await gw.deps.store.count('Job')).toBe(before);
    // Previewing twice still leaves the single use for the real order.
    await gw.call('OrderService.previewOrder', c, 0, [a], [], true, ['PEEK']);
    const placed = await gw.call<Answer>('OrderService.placeOrder', c, 0, 0, [a], [], true, ['PEEK']);
    expect(placed.PromoCodeOutcomes).toBe('PEEK:APPLIED');
  });

  it('faults with the field name on bad input', async () => {
    await expect(gw.call('OrderService.previewOrder', 'abc', 0, [], [], true, [])).rejects.toMatchObject({ faultString: expect.stringContaining('contactId') });
    const c = await contact('empty');
    await expect(gw.call('OrderService.previewOrder', c, 0, [], [], true, [])).rejects.toMatchObject({ faultString: expect.stringContaining('productIds') });
  });
});

describe('outcomes through DataService.query', () => {
  it('the docs quick start: a code created by the admin, used by placeOrder, read back from PromoRedemption (Python client)', async () => {
    await gw.admin.create({ name: 'Ten off', discount: { kind: 'ORDER_TOTAL', mode: 'AMOUNT', value: '10' }, codes: ['SAVE10'], limits: { totalUses: 100, perContact: 1 } });
    const c = await contact('quickstart');
    const p = await product('Quick', '30.00');
    const script = [
      'import sys, json, xmlrpc.client',
      'KEY, url, contact_id, product_id = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])',
      's = xmlrpc.client.ServerProxy(url)',
      'r = s.OrderService.placeOrder(KEY, contact_id, 0, 0, [product_id], [], True, ["save10", "bogus"])',
      'rows = s.DataService.query(KEY, "PromoRedemption", 10, 0, {"OrderId": int(r["OrderId"])}, ["Code", "Outcome", "Amount"])',
      'print(json.dumps({"owed": s.InvoiceService.calculateAmountOwed(KEY, int(r["InvoiceId"])), "rows": rows}))',
    ].join('\n');
    const { stdout } = await promisify(execFile)('python3', ['-c', script, TEST_API_KEY, gw.gateway.url, String(c), String(p)], { timeout: 30_000 });
    expect(JSON.parse(stdout)).toEqual({
      owed: 20.0,
      rows: [{ Code: 'save10', Outcome: 'APPLIED', Amount: 10.0 }, { Code: 'bogus', Outcome: 'UNKNOWN', Amount: 0.0 }],
    });
  });
});

describe('every line kind through placeOrder', () => {
  it('category (via ProductCategoryAssign), product and free-trial specials become typed credit lines', async () => {
    const book = await product('Book', '40.00');
    const pen = await product('Pen', '2.50');
    const cat = await gw.call<number>('DataService.add', 'ProductCategory', { CategoryDisplayName: 'Books' });
    await gw.call('DataService.add', 'ProductCategoryAssign', { ProductId: book, ProductCategoryId: cat });
    const plan = await gw.call<number>('DataService.add', 'SubscriptionPlan', { ProductId: pen, PlanPrice: '9.00', Cycle: '2', Frequency: 1 });
    await gw.admin.create({ name: 'Books 15%', discount: { kind: 'CATEGORY', value: '15', categoryIds: [cat] }, codes: ['READ'] });
    await gw.admin.create({ name: 'Pens', discount: { kind: 'PRODUCT', mode: 'AMOUNT', value: '0.50', productIds: [pen] }, codes: ['PENS'] });
    await gw.admin.create({ name: 'Trial', discount: { kind: 'FREE_TRIAL', days: 14, subscriptionPlanId: plan, hidePrice: false }, codes: ['TRY'] });
    const c = await contact('kinds');
    const r = await gw.call<Answer>('OrderService.placeOrder', c, 0, 0, [book, pen, pen], [plan], true, ['read', 'pens', 'try']);
    expect(r.PromoCodeOutcomes).toBe('read:APPLIED,pens:APPLIED,try:APPLIED');
    // 40.00 + 2 × 2.50 + 9.00 = 54.00; − 6.00 (15 % of the book) − 1.00 (2 pens) − 9.00 (trial) = 38.00
    expect(await gw.call('InvoiceService.calculateAmountOwed', Number(r.InvoiceId))).toBe(38);
    const items = await gw.call<Array<Record<string, unknown>>>('DataService.query', 'OrderItem', 50, 0, { OrderId: Number(r.OrderId) }, ['ItemType', 'PPU', 'Qty']);
    const credits = items.filter((i) => (i.ItemType as number) >= 10).map((i) => [i.ItemType, i.PPU]).sort();
    expect(credits).toEqual([[10, -9], [12, -1], [13, -6]]); // credit lines carry a negative PPU
    const inv = await gw.call<Array<Record<string, unknown>>>('DataService.query', 'Invoice', 1, 0, { Id: Number(r.InvoiceId) }, ['PromoCode', 'InvoiceTotal']);
    expect(inv[0]).toEqual({ PromoCode: 'READ,PENS,TRY', InvoiceTotal: 38 });
  });
});

describe('DiscountService', () => {
  it('adds and reads every discount kind with the documented member names as strings', async () => {
    const ot = await gw.call<number>('DiscountService.addOrderTotalDiscount', 'discount', 'test', 1, 0, 5.0, 'Gross');
    expect(await gw.call('DiscountService.getOrderTotalDiscount', ot)).toEqual({
      amount: '5.0', description: 'test', name: 'discount', pctOrAmt: '0', payType: 'Gross', applyDiscountToCommission: '1',
    });
    const ship = await gw.call<number>('DiscountService.addShippingTotalDiscount', 'shipping discount', 'Test', 1, 1, 18.5);
    expect(await gw.call('DiscountService.getShippingTotalDiscount', ship)).toEqual({
      amount: '18.5', description: 'Test', name: 'shipping discount', pctOrAmt: '1', applyDiscountToCommission: '1',
    });
    const prod = await gw.call<number>('DiscountService.addProductTotalDiscount', 'prod discount total', 'test', 1, 3, 1, 5);
    expect(await gw.call('DiscountService.getProductTotalDiscount', String(prod))).toEqual({
      description: 'test', name: 'prod discount total', applyDiscountToCommission: '1', productId: '3',
    });
    const trial = await gw.call<number>('DiscountService.addFreeTrial', 'free', 'test free trial', 9, 1, 5);
    expect(await gw.call('DiscountService.getFreeTrial', trial)).toEqual({
      freeTrialDays: '9', subscriptionPlanId: '5', description: 'test free trial', name: 'free', hidePrice: '1', applyDiscountToCommission: '0',
    });
    const cat = await gw.call<number>('DiscountService.addCategoryDiscount', 'cat discount', 'test', 1, 5.0);
    expect(await gw.call('DiscountService.getCategoryDiscount', cat)).toEqual({ description: 'test', name: 'cat discount', applyDiscountToCommission: '1' });
    const assign = await gw.call<number>('DiscountService.addCategoryAssignmentToCategoryDiscount', cat, 3);
    expect(await gw.call('DiscountService.getCategoryAssignmentsForCategoryDiscount', cat)).toEqual([
      { id: String(assign), specialItemId: String(cat), productCategoryId: '3' },
    ]);
    // Disabled right away: these legacy discounts are automatic specials and must not touch the other tests' orders.
    for (const id of [ot, ship, prod, trial, cat]) await gw.admin.disable(id);
  });

  it('answers RecordNotFound for a wrong kind or id and InvalidParameter for bad flags', async () => {
    const ship = await gw.call<number>('DiscountService.addShippingTotalDiscount', 's', 'd', 0, 0, 1);
    await gw.admin.disable(ship);
    await expect(gw.call('DiscountService.getOrderTotalDiscount', ship)).rejects.toMatchObject({ faultCode: 5 });
    await expect(gw.call('DiscountService.getFreeTrial', 99999)).rejects.toMatchObject({ faultCode: 5 });
    await expect(gw.call('DiscountService.addOrderTotalDiscount', 'n', 'd', 0, -1, 5, 'Gross')).rejects.toMatchObject({ faultCode: 12, faultString: expect.stringContaining('percentOrAmt') });
    await expect(gw.call('DiscountService.addOrderTotalDiscount', 'n', 'd', 0, 1, 5, 'Sideways')).rejects.toMatchObject({ faultCode: 12, faultString: expect.stringContaining('payType') });
    await expect(gw.call('DiscountService.addOrderTotalDiscount', 'n', 'd', 0, 1, 150, 'Net')).rejects.toMatchObject({ faultCode: 12, faultString: expect.stringContaining('at most 100') });
  });
});
