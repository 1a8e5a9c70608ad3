// Affiliates and commissions (issue 18 item 4) through the real wire with the npm xmlrpc client, on
// the memory, SQLite and Redis stores: Affiliate/Referral tables, commissions recorded when an invoice is
// paid in full (rates, applyDiscountToCommission, bypassCommissions), order and up-front overrides,
// clawback on delete, and every APIAffiliateService report to the cent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startGateway, type TestGateway } from '../support/gateway.js';
import { AffiliateBook } from '../../src/affiliates/book.js';
import { startRedis, type RedisServer } from '../support/redis.js';
import { keapClient } from '../support/rpc.js';

type Any = any; // eslint-disable-line @typescript-eslint/no-explicit-any
// npm xmlrpc writes and reads dateTime as this process's local wall clock, without a zone, so the
// gateway reads wire dates in the same zone and a Date goes round the wire unchanged.
const ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;
const day = (d: number, h = 0, m = 0, s = 0) => new Date(2026, 10, d, h, m, s);
const NOW = day(23, 12);
const DAY_START = day(23), DAY_END = day(23, 23, 59, 59);

let redis: RedisServer | undefined;
const dirs: string[] = [];
afterAll(async () => {
  await redis?.stop();
  await redis?.remove();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const STORES: Array<[string, () => Promise<Record<string, string>>]> = [
  ['memory', async () => ({})],
  ['sqlite', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aff-'));
    dirs.push(dir);
    return { GATEWAY_STORE: `sqlite:${join(dir, 'gw.db')}` };
  }],
  ['redis', async () => {
    redis ??= await startRedis();
    return { GATEWAY_STORE: redis.url };
  }],
];

describe.each(STORES)('affiliate commissions on the %s store', (_name, envOf) => {
  let gw: TestGateway;
  let call: (method: string, ...params: unknown[]) => Promise<Any>;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    gw = await startGateway({ env: { ...(await envOf()), GATEWAY_TIME_ZONE: ZONE }, now: () => NOW });
    call = keapClient(gw.port);
    ids.buyer = await call('ContactService.add', { FirstName: 'Bea', LastName: 'Buyer', Email: 'bea@example.com' });
    ids.samContact = await call('ContactService.add', { FirstName: 'Sam', LastName: 'Seller', Email: 'sam@example.com' });
    ids.leeContact = await call('ContactService.add', { FirstName: 'Lee', LastName: 'Lead', Email: 'lee@example.com' });
    ids.widget = await call('DataService.add', 'Product', { ProductName: 'Widget', ProductPrice: 40 });
    ids.gadget = await call('DataService.add', 'Product', { ProductName: 'Gadget', ProductPrice: 25 });
    ids.card = await call('DataService.add', 'CreditCard', { ContactId: ids.buyer, CardNumber: '4111111111111111', ExpirationMonth: '12', ExpirationYear: '2030', NameOnCard: 'Bea Buyer' });
  });
  afterAll(async () => { await gw?.close(); });

  const faultOf = (p: Promise<unknown>) => p.then(() => { throw new Error('expected a fault'); }, (e: Any) => [e.faultCode, e.faultString]);
  const commissions = (aff: number, from = DAY_START, to = DAY_END) => call('APIAffiliateService.affCommissions', aff, from, to);
  const invoiceOf = async (orderId: number) => (await call('DataService.query', 'Invoice', 10, 0, { JobId: orderId }, ['Id', 'InvoiceTotal']))[0];

  it('keeps affiliates in the Affiliate table with Keap\'s fields and letters', async () => {
    ids.sam = await call('DataService.add', 'Affiliate', { ContactId: ids.samContact, AffCode: 'SAM', AffName: 'Sam', SalePercent: 12.5, SaleAmt: 1, Password: 'secret-pw' });
    ids.lee = await call('DataService.add', 'Affiliate', { ContactId: ids.leeContact, AffCode: 'LEE', LeadPercent: 5 });
    const sam = await call('DataService.load', 'Affiliate', ids.sam, ['Id', 'ContactId', 'AffCode', 'SalePercent', 'SaleAmt', 'Status', 'PayoutType']);
    expect(sam).toEqual({ Id: ids.sam, ContactId: ids.samContact, AffCode: 'SAM', SalePercent: 12.5, SaleAmt: 1, Status: 1, PayoutType: 5 });
    expect(await faultOf(call('DataService.load', 'Affiliate', ids.sam, ['Password']))).toEqual([8, expect.stringMatching(/^\[NoFieldAccess\]/)]);
    expect(await faultOf(call('DataService.add', 'Affiliate', { ContactId: ids.leeContact, AffCode: 'sam2', SalePercent: 150 }))).toEqual([12, expect.stringContaining('SalePercent')]);
    expect(await faultOf(call('DataService.add', 'Affiliate', { ContactId: 99999, AffCode: 'X' }))).toEqual([5, expect.stringMatching(/^\[RecordNotFound\]/)]);
    expect((await faultOf(call('DataService.add', 'Affiliate', { ContactId: ids.leeContact, AffCode: 'SAM' })))[0]).toBe(12);
    expect(await call('DataService.query', 'Affiliate', 10, 0, { AffCode: 'sam' }, ['Id'])).toEqual([{ Id: ids.sam }]);
    // Referral: add and read (AR), no edit.
    const ref = await call('DataService.add', 'Referral', { ContactId: ids.buyer, AffiliateId: ids.lee, Source: 'newsletter', Type: 1 });
    expect(await call('DataService.query', 'Referral', 10, 0, { ContactId: ids.buyer }, ['Id', 'AffiliateId', 'Source', 'DateSet']))
      .toEqual([{ Id: ref, AffiliateId: ids.lee, Source: 'newsletter', DateSet: expect.any(Date) }]);
    expect((await faultOf(call('DataService.update', 'Referral', ref, { Source: 'x' })))[0]).toBe(7);
    expect((await faultOf(call('DataService.add', 'Referral', { ContactId: ids.buyer, AffiliateId: 4242 })))[0]).toBe(5);
  });

  it('records the sale and lead commissions of a card-paid placeOrder, honouring applyDiscountToCommission', async () => {
    // 10% off Widget counts for commissions; 5.00 off Gadget does not.
    await call('DiscountService.addProductTotalDiscount', 'W10', 'widget 10%', 1, ids.widget, 1, 10);
    await call('DiscountService.addProductTotalDiscount', 'G5', 'gadget 5 off', 0, ids.gadget, 0, 5);
    const placed = await call('OrderService.placeOrder', ids.buyer, ids.card, 0, [ids.widget, ids.gadget], [], true, [], ids.lee, ids.sam);
    expect(placed.Successful).toBe('true');
    ids.inv1 = Number(placed.InvoiceId);
    expect((await invoiceOf(Number(placed.OrderId))).InvoiceTotal).toBe(56); // 40 − 4 + 25 − 5
    // Base 36 + 25 = 61: Sam 12.5% + 1.00 = 8.625 → 8.63; Lee 5% = 3.05.
    const sam = await commissions(ids.sam);
    expect(sam).toEqual([{
      AffiliateId: ids.sam, AmtEarned: 8.63, ContactId: ids.buyer, ContactFirstName: 'Bea', ContactLastName: 'Buyer',
      DateEarned: NOW, Description: expect.stringContaining('Sale commission'), InvoiceId: ids.inv1,
      ProductName: 'Widget, Gadget', SaleAffId: ids.sam, SoldByFirstName: 'Sam', SoldByLastName: 'Seller',
    }]);
    expect((await commissions(ids.lee)).map((c: Any) => [c.InvoiceId, c.AmtEarned])).toEqual([[ids.inv1, 3.05]]);
    // The range filters: the next day has none.
    expect(await commissions(ids.sam, day(24), day(24, 23, 59, 59))).toEqual([]);
  });

  it('records an invoice once it is paid in full, scaled by the share paid without bypassCommissions, with order overrides', async () => {
    const inv = await call('InvoiceService.createBlankOrder', ids.buyer, 'Phone order', day(23, 10), 0, ids.sam);
    await call('InvoiceService.addOrderItem', inv, ids.widget, 4, 40, 2, 'Widget', '');
    // Lee is no affiliate of this order but a partner: 20% of the widget lines plus 0.50.
    expect(await call('InvoiceService.addOrderCommissionOverride', inv, ids.lee, ids.widget, 20, 0.5, 5, 'Partner deal', day(23, 10))).toBe(true);
    await call('InvoiceService.addManualPayment', inv, 60, day(23, 10), 'Check', 'first part', false);
    expect((await commissions(ids.sam)).some((c: Any) => c.InvoiceId === inv)).toBe(false); // not paid in full yet
    await call('InvoiceService.addManualPayment', inv, 20, day(23, 10), 'Cash', 'rest, no commission', true);
    // 60 of 80 earn: Sam (12.5% × 80 + 1) × 0.75 = 8.25; Lee (20% × 80 + 0.50) × 0.75 = 12.375 → 12.38.
    expect((await commissions(ids.sam)).filter((c: Any) => c.InvoiceId === inv).map((c: Any) => c.AmtEarned)).toEqual([8.25]);
    expect((await commissions(ids.lee)).filter((c: Any) => c.InvoiceId === inv).map((c: Any) => [c.AmtEarned, c.Description, c.ProductName])).toEqual([[12.38, 'Partner deal', 'Widget']]);
    ids.inv2 = inv;
  });

  it('replaces the rate commission of an already paid invoice by a later override', async () => {
    const placed = await call('OrderService.placeOrder', ids.buyer, ids.card, 0, [ids.gadget], [], false, [], 0, ids.sam);
    const inv = Number(placed.InvoiceId);
    expect((await commissions(ids.sam)).filter((c: Any) => c.InvoiceId === inv).map((c: Any) => c.AmtEarned)).toEqual([4.13]); // 3.125 + 1
    await call('InvoiceService.addOrderCommissionOverride', inv, ids.sam, ids.gadget, 50, 0, 5, 'Launch week', day(23, 10));
    expect((await commissions(ids.sam)).filter((c: Any) => c.InvoiceId === inv).map((c: Any) => [c.AmtEarned, c.Description])).toEqual([[12.5, 'Launch week']]);
  });

  it('records an up-front override at once and claws it back when the invoice is deleted', async () => {
    const inv = await call('InvoiceService.createBlankOrder', ids.buyer, 'Quote', day(23, 10), 0, 0);
    await call('InvoiceService.addOrderItem', inv, ids.gadget, 4, 25, 1, 'Gadget', '');
    await call('InvoiceService.addOrderCommissionOverride', inv, ids.sam, 0, 0, 7.77, 4, 'Signing bonus', day(23, 9));
    expect((await commissions(ids.sam)).filter((c: Any) => c.InvoiceId === inv).map((c: Any) => c.AmtEarned)).toEqual([7.77]);
    expect(await call('InvoiceService.deleteInvoice', inv)).toBe(true);
    const claws = await call('APIAffiliateService.affClawbacks', ids.sam, DAY_START, DAY_END);
    expect(claws).toEqual([expect.objectContaining({ AffiliateId: ids.sam, AmtEarned: 7.77, InvoiceId: inv, Description: 'Signing bonus', DateEarned: NOW })]);
    expect(await call('APIAffiliateService.affClawbacks', ids.lee, DAY_START, DAY_END)).toEqual([]);
  });

  it('reports payouts, running totals, summaries and redirect links', async () => {
    const book = new AffiliateBook(gw.store, { currency: 'USD', now: () => NOW });
    await book.payout({ affiliateId: ids.sam, amount: '10.00', type: 'Check', note: 'November' });
    await book.addRedirect({ affiliateId: ids.sam, name: 'Home', url: 'https://shop.example.com/', code: 'sam-home' });
    expect(await call('APIAffiliateService.affPayouts', ids.sam, DAY_START, DAY_END))
      .toEqual([{ AffiliateId: ids.sam, PayAmt: 10, PayDate: NOW, PayType: 'Check', PayNote: 'November' }]);
    // Sam earned 8.63 + 8.25 + 12.50 + 7.77 = 37.15, 7.77 clawed back, 10.00 paid: 19.38. Lee 3.05 + 12.38.
    expect(await call('APIAffiliateService.affRunningTotals', [ids.sam, ids.lee])).toEqual([
      { AffiliateId: ids.sam, AmountEarned: 37.15, Clawbacks: 7.77, Payments: 10, RunningBalance: 19.38 },
      { AffiliateId: ids.lee, AmountEarned: 15.43, Clawbacks: 0, Payments: 0, RunningBalance: 15.43 },
    ]);
    expect(await call('APIAffiliateService.affSummary', [ids.sam], DAY_START, DAY_END))
      .toEqual([{ AffiliateId: ids.sam, AmountEarned: 37.15, Clawbacks: 7.77, Balance: 19.38 }]);
    expect(await call('APIAffiliateService.affSummary', [ids.sam], day(24), day(25)))
      .toEqual([{ AffiliateId: ids.sam, AmountEarned: 0, Clawbacks: 0, Balance: 0 }]);
    expect(await call('AffiliateService.getRedirectLinksForAffiliate', ids.sam))
      .toEqual([{ Id: expect.any(Number), AffiliateId: ids.sam, Name: 'Home', LocalUrlCode: 'sam-home', RedirectUrl: 'https://shop.example.com/' }]);
  });

  it('pays no commission on shipping and tax, and spreads an order-level special over the products', async () => {
    const inv = await call('InvoiceService.createBlankOrder', ids.buyer, 'Mixed', day(23, 10), 0, ids.sam);
    await call('InvoiceService.addOrderItem', inv, ids.widget, 4, 30, 1, 'Widget', '');
    await call('InvoiceService.addOrderItem', inv, ids.gadget, 4, 10, 1, 'Gadget', '');
    await call('InvoiceService.addOrderItem', inv, 0, 1, 10, 1, 'Shipping', '');
    await call('InvoiceService.addOrderItem', inv, 0, 2, 8, 1, 'Tax', '');
    await call('InvoiceService.addOrderItem', inv, 0, 7, 8, 1, 'Loyalty discount', ''); // by hand: counts
    await call('InvoiceService.addOrderItem', inv, 0, 14, 5, 1, 'Shipping discount', ''); // shipping: never counts
    await call('InvoiceService.addOrderCommissionOverride', inv, ids.lee, ids.gadget, 50, 0, 5, 'Gadget partner', day(23, 10));
    expect(await call('InvoiceService.calculateAmountOwed', inv)).toBe(45); // 30 + 10 + 10 + 8 − 8 − 5
    await call('InvoiceService.addManualPayment', inv, 45, day(23, 11), 'Cash', '', false);
    // Base: 40 − 8 = 32 (Widget 24, Gadget 8). Sam 12.5% × 32 + 1 = 5.00; Lee 50% × 8 = 4.00.
    const of = async (aff: number) => (await commissions(ids[aff === ids.sam ? 'sam' : 'lee'])).filter((c: Any) => c.InvoiceId === inv).map((c: Any) => [c.AmtEarned, c.DateEarned]);
    expect(await of(ids.sam)).toEqual([[5, day(23, 11)]]);
    expect(await of(ids.lee)).toEqual([[4, day(23, 11)]]);
  });

  it('answers bad arguments with clear faults', async () => {
    expect(await faultOf(call('APIAffiliateService.affCommissions', 4242, DAY_START, DAY_END))).toEqual([5, expect.stringContaining('Affiliate 4242')]);
    expect((await faultOf(call('APIAffiliateService.affCommissions', ids.sam, DAY_END, DAY_START)))[0]).toBe(12);
    expect((await faultOf(call('APIAffiliateService.affSummary', [ids.sam], 'not a date', DAY_END)))[0]).toBe(12);
    expect((await faultOf(call('APIAffiliateService.affRunningTotals', Array.from({ length: 1001 }, (_, i) => i + 1))))[0]).toBe(12);
    expect(await faultOf(call('InvoiceService.addOrderCommissionOverride', ids.inv2, ids.sam, 0, 10, 0, 3, '', DAY_START))).toEqual([12, expect.stringContaining('payoutType')]);
    expect((await faultOf(call('InvoiceService.addOrderCommissionOverride', ids.inv2, 4242, 0, 10, 0, 5, '', DAY_START)))[0]).toBe(5);
    expect(await faultOf(call('InvoiceService.addOrderCommissionOverride', ids.inv2, ids.sam, ids.gadget, 10, 0, 5, '', DAY_START))).toEqual([12, expect.stringContaining('not on invoice')]);
    expect((await faultOf(call('InvoiceService.addOrderCommissionOverride', 999999, ids.sam, 0, 10, 0, 5, '', DAY_START)))[0]).toBe(5);
    expect((await faultOf(call('InvoiceService.addRecurringCommissionOverride', 7, ids.sam, -1, 5, '')))[0]).toBe(12);
    expect(await call('InvoiceService.addRecurringCommissionOverride', 7, ids.sam, 2.5, 5, 'Monthly')).toBe(true);
  });
});
