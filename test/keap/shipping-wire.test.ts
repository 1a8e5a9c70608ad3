// Shipping (issue 18 "Shipping"): options added with `keap-gateway shipping …` on a SQLite store,
// read through ShippingService and InvoiceService.getAllShippingOptions in the docs samples' shapes,
// and placeOrder adding the cheapest applicable shipping line (ItemType 1), so a SHIPPING promo code
// applies through placeOrder — all over the wire with the npm xmlrpc client.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startGateway, TEST_API_KEY, type TestGateway } from '../support/gateway.js';
import { cliRunner } from '../support/cli.js';
import { keapClient } from '../support/rpc.js';
import { CONFORMANCE_DIR } from '../support/shared.js';

const dir = mkdtempSync(join(tmpdir(), 'shipping-'));
const env = { GATEWAY_STORE: `sqlite:${join(dir, 'gw.db')}`, GATEWAY_PROMO_OUTCOME_MEMBERS: 'true' };

const cli = cliRunner(env);

type Any = any; // eslint-disable-line @typescript-eslint/no-explicit-any
let gw: TestGateway;
const call = (method: string, ...params: unknown[]) => keapClient(gw.port)(method, ...params);
const faultOf = (p: Promise<unknown>) => p.then(() => { throw new Error('expected a fault'); }, (e: Any) => e.faultCode);

const ids: Record<string, number> = {};
beforeAll(async () => {
  const add = async (...argv: string[]) => {
    const r = await cli('shipping', 'add', ...argv, '--json');
    expect(r.code, r.err).toBe(0);
    return JSON.parse(r.out).id as number;
  };
  ids.flat = await add('--name', 'Standard', '--type', 'Flat', '--price', '7.95', '--description', 'USPS');
  ids.total = await add('--name', 'By total', '--type', 'OrderTotal', '--range', '0-50=6', '--range', '50+=0');
  ids.product = await add('--name', 'Per product', '--type', 'product', '--product-price', '1=3.00');
  ids.quantity = await add('--name', 'Per item', '--type', 'Quantity', '--base-price', '2', '--per-item', '1.5', '--minimum-price', '4');
  ids.weight = await add('--definition', JSON.stringify({ name: 'By weight', type: 'Weight', orderBased: true, ranges: [{ minimum: 0, maximum: 1, price: '3.50' }, { minimum: 1, maximum: 5, price: '6.50' }] }));
  gw = await startGateway({ env });
});
afterAll(async () => { await gw?.close(); rmSync(dir, { recursive: true, force: true }); });

describe('keap-gateway shipping', () => {
  it('lists the options; refuses UPS, overlapping ranges, a duplicate name and bad range syntax', async () => {
    const listed = await cli('shipping', 'list');
    expect(listed.out).toContain('Per item  [Quantity]  2 + 1.5/item, at least 4');
    expect(listed.out).toContain('By total  [OrderTotal]  order total 0-50=6 50+=0');
    const ups = await cli('shipping', 'add', '--name', 'UPS', '--type', 'UPS');
    expect([ups.code, ups.err]).toEqual([1, expect.stringContaining('UPS options cannot be configured')]);
    const overlap = await cli('shipping', 'add', '--name', 'X', '--type', 'Weight', '--range', '0-5=1', '--range', '4+=2');
    expect([overlap.code, overlap.err]).toEqual([1, expect.stringContaining('ranges overlap')]);
    expect((await cli('shipping', 'add', '--name', 'standard', '--type', 'Flat', '--price', '1')).code).toBe(1);
    expect((await cli('shipping', 'add', '--name', 'Y', '--type', 'Weight', '--range', 'five=1')).code).toBe(2);
    expect((await cli('shipping', 'disable', '999')).code).toBe(1);
  });
});

describe('ShippingService over the wire', () => {
  const flat = () => ({ id: String(ids.flat), name: 'Standard', description: 'USPS', orderBased: 'false', international: 'false', active: 'true', type: 'Flat', price: '7.95' });

  it('getAllShippingOptions lists every option as a struct of strings; InvoiceService answers the same list', async () => {
    const all = await call('ShippingService.getAllShippingOptions');
    expect(all.map((o: Any) => [o.id, o.type])).toEqual([
      [String(ids.flat), 'Flat'], [String(ids.total), 'OrderTotal'], [String(ids.product), 'Product'], [String(ids.quantity), 'Quantity'], [String(ids.weight), 'Weight'],
    ]);
    expect(all[0]).toEqual(flat());
    expect(await call('InvoiceService.getAllShippingOptions')).toEqual(all);
  });

  it('each get* answers its kind in the samples\' members, an id of another kind an empty array, UPS always empty', async () => {
    expect(await call('ShippingService.getFlatRateShippingOption', ids.flat)).toEqual(flat());
    expect(await call('ShippingService.getFlatRateShippingOption', ids.total)).toEqual([]);
    expect(await call('ShippingService.getOrderTotalShippingOption', ids.total)).toMatchObject({ id: String(ids.total), name: 'By total', type: 'OrderTotal' });
    expect(await call('ShippingService.getOrderTotalShippingOption', ids.flat)).toEqual([]);
    expect(await call('ShippingService.getOrderTotalShippingRanges', ids.total)).toEqual([
      { optionId: String(ids.total), minimum: '0.0', maximum: '50.0', price: '6.0' },
      { optionId: String(ids.total), minimum: '50.0', price: '0.0' },
    ]);
    expect(await call('ShippingService.getProductBasedShippingOption', ids.product)).toEqual({ id: String(ids.product), description: '', name: 'Per product' });
    expect(await call('ShippingService.getOrderQuantityShippingOption', ids.quantity)).toEqual({
      id: String(ids.quantity), name: 'Per item', description: '', orderBased: 'false', international: 'false', active: 'true', type: 'Quantity',
      baseShippingPrice: '2.0', pricePerItem: '1.5', minimumShippingPrice: '4.0',
    });
    expect(await call('ShippingService.getWeightBasedShippingOption', ids.weight)).toMatchObject({ id: String(ids.weight), orderBased: 'true', type: 'Weight' });
    expect(await call('ShippingService.getWeightBasedShippingRanges', ids.weight)).toHaveLength(2);
    expect(await call('ShippingService.getUpsShippingOption', ids.flat)).toEqual([]);
    expect(await call('ShippingService.getOrderTotalShippingRanges', 4242)).toEqual([]);
  });

  it('values are untyped strings on the wire; a bad id is fault 12, a missing one fault 0', async () => {
    const body = `<?xml version="1.0"?><methodCall><methodName>ShippingService.getFlatRateShippingOption</methodName><params><param><value><string>${TEST_API_KEY}</string></value></param><param><value><int>${ids.flat}</int></value></param></params></methodCall>`;
    const xml = await (await fetch(gw.url, { method: 'POST', headers: { 'Content-Type': 'text/xml' }, body })).text();
    expect(xml).toContain('<member><name>price</name><value>7.95</value></member>');
    expect(await faultOf(call('ShippingService.getFlatRateShippingOption', 'abc'))).toBe(12);
    expect(await faultOf(call('ShippingService.getFlatRateShippingOption'))).toBe(0);
  });

  it('the docs\' InvoiceService.getAllShippingOptions request, replayed, answers the option list', async () => {
    const body = readFileSync(join(CONFORMANCE_DIR, 'keap-doc-samples/InvoiceService.getAllShippingOptions.request.xml'), 'utf8').replace('<string>privateKey</string>', `<string>${TEST_API_KEY}</string>`);
    const xml = await (await fetch(gw.url, { method: 'POST', headers: { 'Content-Type': 'text/xml' }, body })).text();
    expect(xml).toMatch(/^<\?xml[^>]*\?><methodResponse><params><param><value><array><data><value><struct>/);
    expect(xml.match(/<name>type<\/name>/g)).toHaveLength(5);
  });
});

describe('placeOrder adds the cheapest applicable shipping line (ItemType 1)', () => {
  let contactId: number;
  const product = (name: string, price: number, extra: object) => call('DataService.add', 'Product', { ProductName: name, ProductPrice: price, ...extra });
  const lines = async (invoiceId: number) => {
    const orderId = await call('InvoiceService.getOrderId', invoiceId);
    const rows = await call('DataService.query', 'OrderItem', 100, 0, { OrderId: orderId }, ['ItemType', 'ItemName', 'PPU']);
    return rows.map((r: Any) => [r.ItemType, r.ItemName, r.PPU]);
  };
  const owed = (invoiceId: number) => call('InvoiceService.calculateAmountOwed', invoiceId);
  const outcomes: string[] = [];
  const place = async (products: number[], codes: string[] = []) => {
    const r = await call('OrderService.placeOrder', contactId, 0, 0, products, [], codes.length > 0, codes);
    outcomes.push(r.PromoCodeOutcomes);
    return Number(r.InvoiceId);
  };
  let book: number;
  let poster: number;
  let ebook: number;

  beforeAll(async () => {
    contactId = await call('ContactService.add', { FirstName: 'Ship', Email: 'ship@example.com' });
    book = await product('Book', 20, { Shippable: 1, Weight: 2 });
    poster = await product('Poster', 5, { Shippable: 1, Weight: 0.5 });
    ebook = await product('Ebook', 10, { Shippable: 0 });
    expect(book).toBe(1); // the Product option prices product 1
  });

  it('rates every kind and takes the cheapest: per product, then by weight, then by order total; nothing shippable ships nothing', async () => {
    // Book: flat 7.95, total 6.00, per product 3.00, per item max(2 + 1.5, 4) = 4.00, weight 2 → 6.50.
    const one = await place([book]);
    expect(await lines(one)).toEqual([[4, 'Book', 20], [1, 'Per product', 3]]);
    expect(await owed(one)).toBe(23);
    expect((await cli('shipping', 'disable', String(ids.product))).code).toBe(0);
    // Poster: weight 0.5 → 3.50 beats per item 4.00.
    const two = await place([poster]);
    expect(await lines(two)).toEqual([[4, 'Poster', 5], [1, 'By weight', 3.5]]);
    // Three books: 60.00 is in the free order-total range; weight 6 is beyond every weight range.
    const three = await place([book, book, book, ebook]);
    expect(await lines(three)).toEqual([[4, 'Book', 20], [4, 'Ebook', 10], [1, 'By total', 0]]);
    expect(await owed(three)).toBe(70);
    const none = await place([ebook]);
    expect(await lines(none)).toEqual([[4, 'Ebook', 10]]);
    expect((await cli('shipping', 'enable', String(ids.product))).code).toBe(0);
  });

  it('a SHIPPING promo code applies through placeOrder (it answered NOT_APPLICABLE when no shipping line existed)', async () => {
    await gw.gateway.promotions.create({ name: 'Free shipping', discount: { kind: 'SHIPPING', mode: 'PERCENT', value: '100' }, codes: ['FREESHIP'] });
    await gw.gateway.promotions.create({ name: 'Two off shipping', discount: { kind: 'SHIPPING', mode: 'AMOUNT', value: '2' }, codes: ['TWOSHIP'] });
    expect((await cli('shipping', 'disable', String(ids.product))).code).toBe(0);
    const free = await place([poster], ['FREESHIP']);
    expect(await lines(free)).toEqual([[4, 'Poster', 5], [1, 'By weight', 3.5], [14, 'Promo FREESHIP: Free shipping', -3.5]]);
    expect(await owed(free)).toBe(5);
    const two = await place([book], ['TWOSHIP']);
    expect(await lines(two)).toEqual([[4, 'Book', 20], [1, 'Per item', 4], [14, 'Promo TWOSHIP: Two off shipping', -2]]);
    expect(await owed(two)).toBe(22);
    expect(outcomes.slice(-2)).toEqual(['FREESHIP:APPLIED', 'TWOSHIP:APPLIED']);
    expect((await cli('shipping', 'enable', String(ids.product))).code).toBe(0);
  });
});
