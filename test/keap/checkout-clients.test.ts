// The issue #5 "Done when" checkout, unchanged, with three real clients through the real wire:
// npm `xmlrpc` (in process), Python's xmlrpc.client and Ruby's xmlrpc (spawned scripts under
// test/clients/) against the whole gateway (src/app.ts, memory store, promotion engine). Each client
// does the same flow; one expectation function checks every answer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import xmlrpc from 'xmlrpc';
import { startGateway, TEST_API_KEY as API_KEY, type TestGateway } from '../support/gateway.js';
import { CARDS } from './order-fixture.js';

const run = promisify(execFile);
const clientScript = (name: string) => fileURLToPath(new URL(`../clients/${name}`, import.meta.url));

type Any = any; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The same flow as test/clients/checkout.py and checkout.rb, with the npm client. */
async function npmCheckout(url: string): Promise<Any> {
  const client = xmlrpc.createClient(url);
  const call = (method: string, ...params: unknown[]) =>
    new Promise<Any>((resolve, reject) => client.methodCall(method, [API_KEY, ...params], (err, value) => (err ? reject(err) : resolve(value))));
  const out: Any = { client: 'npm' };
  const contactId = await call('ContactService.add', { FirstName: 'Grace', LastName: 'Hopper', Email: 'grace.js@example.com' });
  const widget = await call('DataService.add', 'Product', { ProductName: 'Widget', ProductPrice: 19.99, Sku: 'W-JS', Shippable: 1 });
  const gadget = await call('DataService.add', 'Product', { ProductName: 'Gadget', ProductPrice: 5.01, Sku: 'G-JS' });
  const card = { ContactId: contactId, NameOnCard: 'Grace Hopper', ExpirationMonth: '12', ExpirationYear: '2030', CVV2: '123', CardType: 'Visa' };
  const approveId = await call('DataService.add', 'CreditCard', { ...card, CardNumber: CARDS.approve });
  const declineId = await call('DataService.add', 'CreditCard', { ...card, CardNumber: CARDS.decline });
  out.cardLoad = await call('DataService.load', 'CreditCard', approveId, ['Id', 'Last4', 'CardType', 'ContactId']);
  out.locatedCard = (await call('InvoiceService.locateExistingCard', contactId, CARDS.approve.slice(-4))) === approveId;
  const invoiceOf = async (orderId: string | number) => {
    const rows = await call('DataService.query', 'Invoice', 10, 0, { JobId: Number(orderId) }, ['Id', 'JobId', 'InvoiceTotal', 'TotalDue', 'PayStatus', 'PromoCode']);
    expect(rows).toHaveLength(1);
    return rows[0];
  };

  const seven = await call('OrderService.placeOrder', contactId, 0, 0, [widget, gadget], [], false, []);
  let inv = await invoiceOf(seven.OrderId);
  let owed = await call('InvoiceService.calculateAmountOwed', inv.Id);
  const paid = await call('InvoiceService.addManualPayment', inv.Id, owed, new Date(Date.UTC(2026, 10, 23, 15)), 'Cash', 'paid at the till', false);
  out.seven = { order: seven, before: inv, owed, paid, after: await invoiceOf(seven.OrderId) };

  const nine = await call('OrderService.placeOrder', contactId, 0, 0, [widget], [], true, ['NOSUCHCODE'], 0, 0);
  inv = await invoiceOf(nine.OrderId);
  owed = await call('InvoiceService.calculateAmountOwed', inv.Id);
  const charge = await call('InvoiceService.chargeInvoice', inv.Id, 'checkout', approveId, 0, false);
  out.nine = { order: nine, before: inv, owed, charge, after: await invoiceOf(nine.OrderId) };

  const promo = await call('OrderService.placeOrder', contactId, 0, 0, [widget], [], true, ['WELCOME10', 'NOSUCHCODE'], 0, 0);
  out.promo = { order: promo, invoice: await invoiceOf(promo.OrderId) };

  out.charged = await call('OrderService.placeOrder', contactId, approveId, 0, [gadget], [], false, [], 0, 0);
  out.chargedInvoice = await invoiceOf(out.charged.OrderId);
  out.declined = await call('OrderService.placeOrder', contactId, declineId, 0, [gadget], [], false, [], 0, 0);
  out.declinedInvoice = await invoiceOf(out.declined.OrderId);

  const blank = await call('InvoiceService.createBlankOrder', contactId, 'Blank order', new Date(Date.UTC(2026, 10, 23, 14)), 0, 0);
  const added = await call('InvoiceService.addOrderItem', blank, widget, 4, 19.99, 2, 'Two widgets', 'by phone');
  const declined = await call('InvoiceService.chargeInvoice', blank, 'first try', declineId, 0, false);
  const approved = await call('InvoiceService.chargeInvoice', blank, 'second try', approveId, 0, false);
  const orderId = await call('InvoiceService.getOrderId', blank);
  out.blank = {
    invoiceId: blank, added, declined, approved,
    orderIdMatches: (await call('InvoiceService.getInvoiceId', orderId)) === blank,
    after: await invoiceOf(orderId),
    payments: (await call('InvoiceService.getPayments', blank)).length,
  };
  return out;
}

async function scriptCheckout(interpreter: string, script: string, url: string): Promise<Any> {
  const { stdout } = await run(interpreter, [clientScript(script), url, API_KEY, CARDS.approve, CARDS.decline], { timeout: 60_000 });
  return JSON.parse(stdout);
}

/** Every client must see exactly this (ids aside). */
function expectCheckout(out: Any): void {
  const num = (v: unknown) => Number(v);
  expect(out.cardLoad).toMatchObject({ Last4: '1111', CardType: 'Visa' });
  expect(out.cardLoad.CardNumber).toBeUndefined();
  expect(out.locatedCard).toBe(true);

  expect(out.seven.order).toMatchObject({ Successful: 'false', Message: 'None', RefNum: 'None', Code: '' });
  for (const k of ['Successful', 'Message', 'RefNum', 'OrderId', 'InvoiceId', 'Code']) expect(typeof out.seven.order[k]).toBe('string');
  expect(num(out.seven.before.JobId)).toBe(num(out.seven.order.OrderId));
  expect(num(out.seven.before.Id)).toBe(num(out.seven.order.InvoiceId));
  expect(num(out.seven.order.InvoiceId)).toBeGreaterThan(5000);
  expect(num(out.seven.order.OrderId)).toBeLessThan(5000);
  expect([num(out.seven.before.InvoiceTotal), num(out.seven.before.PayStatus), num(out.seven.owed)]).toEqual([25, 0, 25]);
  expect(out.seven.paid).toBe(true);
  expect([num(out.seven.after.TotalDue), out.seven.after.PayStatus]).toEqual([0, 1]);

  expect(out.nine.order.Successful).toBe('false');
  expect(num(out.nine.owed)).toBe(19.99);
  expect(out.nine.charge).toMatchObject({ Successful: true, Code: 'APPROVED' });
  expect(out.nine.after.PayStatus).toBe(1);
  expect(out.nine.after.PromoCode).toBeUndefined();

  // 10% of 19.99 = 2.00 (HALF_UP), shown as an order-total special; unknown codes never fault.
  expect([num(out.promo.invoice.InvoiceTotal), out.promo.invoice.PromoCode]).toEqual([17.99, 'WELCOME10']);

  expect(out.charged).toMatchObject({ Successful: 'true', Code: 'APPROVED' });
  expect(out.charged.RefNum).toMatch(/^TEST/);
  expect(out.chargedInvoice.PayStatus).toBe(1);
  expect(out.declined).toMatchObject({ Successful: 'false', Code: 'DECLINED' });
  expect([num(out.declinedInvoice.TotalDue), out.declinedInvoice.PayStatus]).toEqual([5.01, 0]);

  expect(out.blank.added).toBe(true);
  expect(out.blank.declined).toMatchObject({ Successful: false, Code: 'DECLINED' });
  expect(out.blank.approved).toMatchObject({ Successful: true, Code: 'APPROVED' });
  expect(out.blank.orderIdMatches).toBe(true);
  expect([num(out.blank.after.InvoiceTotal), num(out.blank.after.TotalDue), out.blank.after.PayStatus]).toEqual([39.98, 0, 1]);
  expect(out.blank.payments).toBe(1);
}

describe('checkout with three real clients', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    // Invoice ids offset by 5000: a client that confuses OrderId and InvoiceId fails here.
    gw = await startGateway({ env: { GATEWAY_INVOICE_ID_OFFSET: '5000' } });
    await gw.gateway.promotions.create({ name: 'Welcome', discount: { kind: 'ORDER_TOTAL', mode: 'PERCENT', value: '10' }, codes: ['WELCOME10'] });
  });
  afterAll(async () => { await gw?.close(); });

  it('npm xmlrpc', async () => expectCheckout(await npmCheckout(gw.url)));
  it('python xmlrpc.client', async () => expectCheckout(await scriptCheckout('python3', 'checkout.py', gw.url)));
  it('ruby xmlrpc', async () => expectCheckout(await scriptCheckout('ruby', 'checkout.rb', gw.url)));
});
