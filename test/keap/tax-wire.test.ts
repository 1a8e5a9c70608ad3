// Tax (issue 18 "Tax"): rates by region added with `keap-gateway tax …`; placeOrder adds the tax
// line (ItemType 2) on the discounted taxable amounts, recalculateTax recomputes it from the
// invoice's lines and the contact's region, and the Invoicera getInvoice shows the same tax — over
// the wire with the npm xmlrpc client and Python's xmlrpc.client (test/clients/shipping_tax.py).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { loadShippingTaxFile } from '../../src/services/shipping-tax/file.js';
import { startGateway, TEST_API_KEY, type TestGateway } from '../support/gateway.js';
import { cliRunner } from '../support/cli.js';
import { keapClient } from '../support/rpc.js';
import { CONFORMANCE_DIR } from '../support/shared.js';
import { invoiceraOk, tagText } from '../invoicera-api/support.js';

const run = promisify(execFile);
const TOKEN = 'invoicera-token-123';
const dir = mkdtempSync(join(tmpdir(), 'tax-'));
const env = { GATEWAY_STORE: `sqlite:${join(dir, 'gw.db')}`, INVOICERA_TOKENS: TOKEN, GATEWAY_SHIPPING_TAX_FILE: join(dir, 'shipping-tax.json') };
writeFileSync(env.GATEWAY_SHIPPING_TAX_FILE, JSON.stringify({
  shippingOptions: [{ name: 'Standard', type: 'Flat', price: '5.00' }],
  taxRates: [{ name: 'Ontario HST', country: 'Canada', state: 'ON', rate: '13' }],
}));

const cli = cliRunner(env);

type Any = any; // eslint-disable-line @typescript-eslint/no-explicit-any
let gw: TestGateway;
const call = (method: string, ...params: unknown[]) => keapClient(gw.port)(method, ...params);
const faultOf = (p: Promise<unknown>) => p.then(() => { throw new Error('expected a fault'); }, (e: Any) => e.faultCode);

let book: number;
let ebook: number;
beforeAll(async () => {
  for (const argv of [
    ['--name', 'CA sales tax', '--country', 'US', '--state', 'CA', '--rate', '7.25'],
    ['--name', 'LA County', '--country', 'United States', '--state', 'ca', '--zip-prefix', '900', '--rate', '9.5', '--tax-shipping'],
  ]) {
    const r = await cli('tax', 'add', ...argv);
    expect(r.code, r.err).toBe(0);
  }
  gw = await startGateway({ env });
  // As src/main.ts does at start; a second start skips what is stored.
  expect(await loadShippingTaxFile(env.GATEWAY_SHIPPING_TAX_FILE, gw.gateway.shippingTax)).toMatchObject({ shippingOptions: [1], taxRates: [3], skipped: [] });
  expect(await loadShippingTaxFile(env.GATEWAY_SHIPPING_TAX_FILE, gw.gateway.shippingTax)).toMatchObject({ shippingOptions: [], taxRates: [], skipped: ['shipping option "Standard"', 'tax rate "Ontario HST"'] });
  book = await call('DataService.add', 'Product', { ProductName: 'Book', ProductPrice: 20, Taxable: 1, Shippable: 1 });
  ebook = await call('DataService.add', 'Product', { ProductName: 'Ebook', ProductPrice: 10, Taxable: 0 });
  await gw.gateway.promotions.create({ name: 'Ten off', discount: { kind: 'ORDER_TOTAL', mode: 'PERCENT', value: '10' }, codes: ['TENOFF'] });
  await gw.gateway.promotions.create({ name: 'Free shipping', discount: { kind: 'SHIPPING', mode: 'PERCENT', value: '100' }, codes: ['FREESHIP'] });
});
afterAll(async () => { await gw?.close(); rmSync(dir, { recursive: true, force: true }); });

const lines = async (invoiceId: number) => {
  const orderId = await call('InvoiceService.getOrderId', invoiceId);
  const rows = await call('DataService.query', 'OrderItem', 100, 0, { OrderId: orderId }, ['ItemType', 'ItemName', 'PPU']);
  return rows.map((r: Any) => [r.ItemType, r.ItemName, r.PPU]);
};
const owed = (invoiceId: number) => call('InvoiceService.calculateAmountOwed', invoiceId);

async function invoicera(invoiceId: number): Promise<Record<string, string>> {
  const xml = await invoiceraOk(gw.base, TOKEN, 'getInvoice', `<invoice_id>${invoiceId}</invoice_id>`);
  const tag = (name: string) => tagText(xml, name) ?? `missing ${name}`;
  return { subTotal: tag('sub_total'), tax: tag('total_tax'), total: tag('invoice_total') };
}

describe('keap-gateway tax and the shipping & tax file', () => {
  it('lists the CLI rates and the file\'s; refuses a second rate for a region and a rate above 100', async () => {
    const listed = await cli('tax', 'list', '--json');
    expect(JSON.parse(listed.out).map((t: Any) => [t.name, t.rate, t.zipPrefix, t.taxShipping])).toEqual([
      ['CA sales tax', '7.25', '', false], ['LA County', '9.5', '900', true], ['Ontario HST', '13', '', false],
    ]);
    const dup = await cli('tax', 'add', '--name', 'Again', '--country', 'usa', '--state', 'CA', '--rate', '8');
    expect([dup.code, dup.err]).toEqual([1, expect.stringContaining('already covers this region')]);
    expect((await cli('tax', 'add', '--name', 'Too much', '--country', 'FR', '--rate', '120')).code).toBe(1);
    expect((await cli('shipping', 'list')).out).toContain('Standard  [Flat]  flat 5');
  });
});

describe('placeOrder adds the tax line (ItemType 2) on the discounted taxable amounts', () => {
  it('CA: 10% off the order, only the book taxable, shipping untaxed — 7.25% of 18.00 = 1.31 (HALF_UP)', async () => {
    const contactId = await call('ContactService.add', { FirstName: 'Cal', Country: 'United States', State: 'CA', PostalCode: '94105' });
    const r = await call('OrderService.placeOrder', contactId, 0, 0, [book, ebook], [], true, ['TENOFF']);
    const inv = Number(r.InvoiceId);
    expect(await lines(inv)).toEqual([[4, 'Book', 20], [4, 'Ebook', 10], [1, 'Standard', 5], [11, 'Promo TENOFF: Ten off', -3], [2, 'CA sales tax', 1.31]]);
    expect(await owed(inv)).toBe(33.31);
    // The Invoicera view of the same invoice: the tax line is tax, not subtotal.
    expect(await invoicera(inv)).toEqual({ subTotal: '32.00', tax: '1.31', total: '33.31' });
    expect((await call('DataService.load', 'Invoice', inv, ['InvoiceTotal'])).InvoiceTotal).toBe(33.31);
  });

  it('the shipping address decides the region (zip 900… is LA County, shipping taxed); no rate → no tax line', async () => {
    const la = await call('ContactService.add', { FirstName: 'Lou', Country: 'United States', State: 'NY', PostalCode: '10001', Country2: 'US', State2: 'CA', PostalCode2: '90012' });
    const inv = Number((await call('OrderService.placeOrder', la, 0, 0, [book], [], false, [])).InvoiceId);
    // 9.5% of (20.00 + 5.00) = 2.375 → 2.38.
    expect(await lines(inv)).toEqual([[4, 'Book', 20], [1, 'Standard', 5], [2, 'LA County', 2.38]]);
    expect(await owed(inv)).toBe(27.38);
    const de = await call('ContactService.add', { FirstName: 'Dora', Country: 'Germany' });
    const untaxed = Number((await call('OrderService.placeOrder', de, 0, 0, [book], [], false, [])).InvoiceId);
    expect(await lines(untaxed)).toEqual([[4, 'Book', 20], [1, 'Standard', 5]]);
    expect(await invoicera(untaxed)).toEqual({ subTotal: '25.00', tax: '0.00', total: '25.00' });
  });

  it('previewOrder shows the same shipping and tax placeOrder will add', async () => {
    const contactId = await call('ContactService.add', { FirstName: 'Pre', Country: 'US', State: 'CA', PostalCode: '94105' });
    const preview = await call('OrderService.previewOrder', contactId, 0, [book, ebook], [], true, ['TENOFF']);
    expect(preview.Total).toBe(33.31);
  });
});

describe('InvoiceService.recalculateTax', () => {
  it('adds, recomputes and removes the tax line of a blank order as its lines and the contact\'s address change', async () => {
    const contactId = await call('ContactService.add', { FirstName: 'Reca', Country: 'USA', State: 'CA', PostalCode: '95014' });
    const inv = await call('InvoiceService.createBlankOrder', contactId, 'Phone order', new Date('2026-11-20T12:00:00Z'), 0, 0);
    expect(await call('InvoiceService.addOrderItem', inv, book, 4, 20, 2, 'Book', '')).toBe(true);
    expect(await owed(inv)).toBe(40);
    expect(await call('InvoiceService.recalculateTax', inv)).toBe(true);
    expect(await lines(inv)).toEqual([[4, 'Book', 20], [2, 'CA sales tax', 2.9]]);
    expect(await owed(inv)).toBe(42.9);
    // A manual discount (type 7, no product) lowers the taxable amount: 7.25% of 30.00 = 2.175 → 2.18.
    expect(await call('InvoiceService.addOrderItem', inv, 0, 7, 10, 1, 'Loyalty', '')).toBe(true);
    expect(await call('InvoiceService.recalculateTax', inv)).toBe(true);
    expect((await lines(inv)).filter((l: Any) => l[0] === 2)).toEqual([[2, 'CA sales tax', 2.18]]);
    expect(await owed(inv)).toBe(32.18);
    expect(await invoicera(inv)).toMatchObject({ tax: '2.18', total: '32.18' });
    // Moved out of every region: the tax line goes.
    await call('ContactService.update', contactId, { State: 'NV' });
    expect(await call('InvoiceService.recalculateTax', inv)).toBe(true);
    expect((await lines(inv)).map((l: Any) => l[0])).toEqual([4, 7]);
    expect(await owed(inv)).toBe(30);
  });

  it('a paid invoice whose tax is right answers true; one whose tax would change is refused; the docs request replays', async () => {
    const contactId = await call('ContactService.add', { FirstName: 'Paid', Country: 'US', State: 'CA' });
    const inv = Number((await call('OrderService.placeOrder', contactId, 0, 0, [ebook, book], [], false, [])).InvoiceId);
    expect(await owed(inv)).toBe(36.45); // 30 + 5 + 7.25% of 20
    expect(await call('InvoiceService.addManualPayment', inv, 10, new Date(), 'Cash', 'deposit', false)).toBe(true);
    expect(await call('InvoiceService.recalculateTax', inv)).toBe(true);
    await call('ContactService.update', contactId, { Country: 'Germany' });
    expect(await faultOf(call('InvoiceService.recalculateTax', inv))).toBe(12);
    const body = readFileSync(join(CONFORMANCE_DIR, 'keap-doc-samples/InvoiceService.recalculateTax.request.xml'), 'utf8')
      .replace('<string>privateKey</string>', `<string>${TEST_API_KEY}</string>`).replace('<int>invoiceId</int>', `<int>${inv - 1}</int>`);
    const xml = await (await fetch(gw.url, { method: 'POST', headers: { 'Content-Type': 'text/xml' }, body })).text();
    expect(xml).toContain('<boolean>1</boolean>');
    expect(await faultOf(call('InvoiceService.recalculateTax', 4242))).toBe(5);
  });
});

describe("Python's xmlrpc.client checkout", () => {
  it('shipping option, LA County tax on the book and the shipping, FREESHIP taking the shipping off — to the cent', async () => {
    const script = fileURLToPath(new URL('../clients/shipping_tax.py', import.meta.url));
    const { stdout } = await run('python3', [script, gw.url, TEST_API_KEY, String(book), 'freeship'], { timeout: 60_000 });
    // 2 × 20.00 + 5.00 shipping − 5.00 FREESHIP; 9.5% of (40.00 + 5.00 − 5.00) = 3.80.
    expect(JSON.parse(stdout)).toEqual({
      options: ['Standard'], lines: [[4, '20.00', 2], [1, '5.00', 1], [14, '-5.00', 1], [2, '3.80', 1]],
      owed: '43.80', total: '43.80', recalculated: true, owedAfter: '43.80', invoiceId: expect.any(Number),
    });
  });
});
