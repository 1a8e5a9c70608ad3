// Issue 18 "small shape differences" against the recordings and doc samples in
// ../shared/conformance/, through the whole gateway with the npm xmlrpc client and raw HTTP.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeMethodResponse } from '../../src/xmlrpc/decode.js';
import { CONFORMANCE_DIR } from '../support/shared.js';
import { TEST_API_KEY } from '../support/gateway.js';
import { fileGateway } from '../support/file-gateway.js';

const shared = fileGateway();
const rpc = () => shared.rpc();

type Any = any; // eslint-disable-line @typescript-eslint/no-explicit-any
const sample = (name: string) => {
  const r = decodeMethodResponse(readFileSync(join(CONFORMANCE_DIR, 'keap-doc-samples', `${name}.response.xml`)), { maxDepth: 64, maxElements: 10000 });
  if (!('value' in r)) throw new Error(`${name}: sample is a fault`);
  return r.value as Any;
};
/** The docs sample pretty-prints member names and values (` pctOrAmt ` → ` 3 `). */
const storedPctOrAmt = (name: string) => Number(String(Object.entries(sample(name)).find(([k]) => k.trim() === 'pctOrAmt')![1]).trim());
const raw = async (method: string, params: string) => (await fetch(shared.gw.url, {
  method: 'POST', headers: { 'Content-Type': 'text/xml' },
  body: `<?xml version="1.0"?><methodCall><methodName>${method}</methodName><params><param><value><string>${TEST_API_KEY}</string></value></param>${params}</params></methodCall>`,
})).text();

describe('shapes as Keap answers them', () => {
  it('getPayments has the docs sample members (ChargeId and PayNote, no Commission), even for a manual payment without a note', async () => {
    const call = rpc();
    const contact = await call('ContactService.add', { FirstName: 'Pay' });
    const product = await call('DataService.add', 'Product', { ProductName: 'Thing', ProductPrice: 10 });
    const order = await call('OrderService.placeOrder', contact, 0, 0, [product], [], false, []);
    await call('InvoiceService.addManualPayment', Number(order.InvoiceId), 4, new Date(Date.UTC(2026, 10, 20)), 'Cash', '', false);
    const [payment] = await call('InvoiceService.getPayments', Number(order.InvoiceId));
    const [docs] = sample('InvoiceService.getPayments');
    expect(Object.keys(payment).sort()).toEqual(Object.keys(docs).sort());
    expect(payment).toMatchObject({ PayNote: '', ChargeId: 0, RefundId: 0, Synced: 0 });
  });

  it('ContactService.load answers members in alphabetical order, whatever the request order', async () => {
    const call = rpc();
    const id = await call('ContactService.add', { FirstName: 'Severus', LastName: 'Snape', Company: 'Hogwarts' });
    const fields = ['LastName', 'Id', 'FirstName', 'Company'].map((f) => `<value><string>${f}</string></value>`).join('');
    const xml = await raw('ContactService.load', `<param><value><i4>${id}</i4></value></param><param><value><array><data>${fields}</data></array></value></param>`);
    expect([...xml.matchAll(/<name>(\w+)<\/name>/g)].map((m) => m[1])).toEqual(['Company', 'FirstName', 'Id', 'LastName']);
  });

  it("getAppSetting('Contact', 'optiontypes') answers the contact types list, as the docs sample", async () => {
    expect(await rpc()('DataService.getAppSetting', 'Contact', 'optiontypes')).toBe(sample('DataService.getAppSetting'));
  });

  it('DiscountService.add*Discount accepts the pctOrAmt values the docs get* samples show stored (3, 5) and answers them back', async () => {
    const call = rpc();
    const total = await call('DiscountService.addOrderTotalDiscount', 'discount', 'test', 1, storedPctOrAmt('DiscountService.getOrderTotalDiscount'), 5, 'Gross');
    expect((await call('DiscountService.getOrderTotalDiscount', total)).pctOrAmt).toBe('3');
    const ship = await call('DiscountService.addShippingTotalDiscount', 'ship', 'test', 0, storedPctOrAmt('DiscountService.getShippingTotalDiscount'), 2.5);
    expect((await call('DiscountService.getShippingTotalDiscount', ship)).pctOrAmt).toBe('5');
    await expect(call('DiscountService.addOrderTotalDiscount', 'n', 'd', 0, -1, 5, 'Gross')).rejects.toMatchObject({ faultCode: 12 });
  });

  it('placeOrder accepts a scalar where a one-element id list is meant (productIds, subscriptionPlanIds, promoCodes)', async () => {
    const call = rpc();
    const contact = await call('ContactService.add', { FirstName: 'Scalar' });
    const product = await call('DataService.add', 'Product', { ProductName: 'Single', ProductPrice: 7 });
    const order = await call('OrderService.placeOrder', contact, 0, 0, product, '', true, 'NOSUCHCODE');
    expect(Number(order.OrderId)).toBeGreaterThan(0); // no card: Successful "false", nothing charged
    const [inv] = await call('DataService.query', 'Invoice', 10, 0, { JobId: Number(order.OrderId) }, ['ProductSold']);
    expect(inv).toEqual({ ProductSold: String(product) });
    const codes = await call('DataService.query', 'PromoRedemption', 10, 0, { OrderId: Number(order.OrderId) }, ['Code', 'Outcome']);
    expect(codes).toContainEqual(expect.objectContaining({ Code: 'NOSUCHCODE' }));
    const xml = await raw('OrderService.placeOrder', `<param><value><i4>${contact}</i4></value></param><param><value><i4>0</i4></value></param><param><value><i4>0</i4></value></param>`
      + '<param><value><struct><member><name>x</name><value>1</value></member></struct></value></param><param><value><array><data/></array></value></param>'
      + '<param><value><boolean>0</boolean></value></param><param><value><array><data/></array></value></param>');
    expect(xml).toContain('<name>faultCode</name><value><i4>12</i4></value>');
  });
});
