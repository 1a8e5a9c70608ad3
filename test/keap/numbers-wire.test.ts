// Hostile and out-of-range NUMBERS through the whole gateway (issue 11 §1, §7): raw HTTP with the
// exact bytes an attacker sends, the npm xmlrpc client, and the Invoicera XML API on the same server.
// Every one gets a small, clear fault quickly, and the gateway keeps answering.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import xmlrpc from 'xmlrpc';
import { startGateway, TEST_API_KEY, type TestGateway } from '../support/gateway.js';
import { postInvoicera } from '../invoicera-api/support.js';

const TOKEN = 'invoicera-token-numbers';
let gw: TestGateway;
beforeAll(async () => { gw = await startGateway({ env: { INVOICERA_TOKENS: TOKEN } }); });
afterAll(async () => { await gw.close(); });

const rpc = (method: string, ...params: unknown[]) => new Promise<any>((resolve, reject) =>
  xmlrpc.createClient({ host: '127.0.0.1', port: gw.port, path: '/api/xmlrpc' })
    .methodCall(method, params, (err: any, v: unknown) => (err ? reject(err) : resolve(v))));

async function post(body: string): Promise<{ status: number; text: string; ms: number }> {
  const started = Date.now();
  const res = await fetch(gw.url, { method: 'POST', headers: { 'Content-Type': 'text/xml' }, body });
  return { status: res.status, text: await res.text(), ms: Date.now() - started };
}

const call = (method: string, params: string) =>
  `<?xml version="1.0"?><methodCall><methodName>${method}</methodName><params>${params}</params></methodCall>`;
const p = (inner: string) => `<param><value>${inner}</value></param>`;
const key = p(`<string>${TEST_API_KEY}</string>`);

function faultOf(text: string): { code: number; message: string } {
  const m = /<name>faultCode<\/name><value><i4>(-?\d+)<\/i4><\/value><\/member><member><name>faultString<\/name><value>([^<]*)<\/value>/.exec(text);
  if (!m) throw new Error(`not a fault: ${text.slice(0, 300)}`);
  return { code: Number(m[1]), message: m[2] };
}

async function stillUp(): Promise<void> {
  expect(await rpc('DataService.echo', 'alive')).toBe('alive');
}

describe('<double> with a huge exponent (killed the process: heap out of memory)', () => {
  it('the 162-byte keyless DataService.echo of 1e500000000 answers a small fault quickly and the gateway stays up', async () => {
    const body = '<?xml version="1.0"?><methodCall><methodName>DataService.echo</methodName><params><param><value><double>1e500000000</double></value></param></params></methodCall>';
    expect(Buffer.byteLength(body)).toBe(162);
    const r = await post(body);
    expect(r.status).toBe(200);
    expect(r.ms).toBeLessThan(5000); // generous: a stall or a crash never returns
    expect(r.text.length).toBeLessThan(1024);
    expect(faultOf(r.text).message).toMatch(/outside the range of a double: "1e500000000"/);
    await stillUp();
  });

  it('1e3000000 (answered 3 MB) and 1e-3000000 fault with a small reply', async () => {
    for (const d of ['1e3000000', '-1e3000000', '1e-3000000', `1e${'9'.repeat(100)}`]) {
      const r = await post(call('DataService.echo', p(`<double>${d}</double>`)));
      expect(r.text.length, d).toBeLessThan(1024);
      expect(faultOf(r.text).code).toBe(0);
    }
    await stillUp();
  });

  it('finite doubles echo in at most a few dozen characters, read back exactly by the npm client', async () => {
    for (const [d, back] of [['1e300', 1e300], ['1.7976931348623157e308', Number.MAX_VALUE], ['5e-324', 5e-324], [`1${'0'.repeat(300)}`, 1e300], ['5.3E6', 5.3e6], ['12.30', 12.3]] as const) {
      const r = await post(call('DataService.echo', p(`<double>${d}</double>`)));
      const written = /<double>([^<]*)<\/double>/.exec(r.text)?.[1] ?? `no double in ${r.text.slice(0, 200)}`;
      expect(written.length, d).toBeLessThanOrEqual(40);
      expect(Number(written), d).toBe(back);
    }
    // (the npm client writes any integral number, 1e300 included, as <int>, so only a fraction goes as <double>)
    expect(await rpc('DataService.echo', 12.3)).toBe(12.3);
  });
});

describe('long digit runs are read in linear time (quadratic regexes blocked the loop for seconds)', () => {
  it('a <double> of ~1 MB of digits ending in a non-digit faults fast, quoting only a short prefix', async () => {
    const digits = '1'.repeat(1_000_000);
    const r = await post(call('DataService.echo', p(`<double>${digits}x</double>`)));
    expect(r.status).toBe(200);
    expect(r.ms).toBeLessThan(5000);
    const f = faultOf(r.text);
    expect(f.message.length).toBeLessThan(200);
    expect(f.message).toContain('(1000001 characters)');
    await stillUp();
  });

  it('a price string of 1 MB of digits faults fast with a short message', async () => {
    const id = await rpc('InvoiceService.createBlankOrder', TEST_API_KEY, (await rpc('ContactService.add', TEST_API_KEY, { FirstName: 'Long' })), 'Digits', new Date(), 0, 0);
    const r = await post(call('InvoiceService.addOrderItem', key + p(`<int>${id}</int>`) + p('<int>0</int>') + p('<int>4</int>')
      + p(`<string>${'9'.repeat(1_000_000)}.</string>`) + p('<int>1</int>') + p('x') + p('')));
    expect(r.ms).toBeLessThan(5000);
    const f = faultOf(r.text);
    expect(f.code).toBe(12);
    expect(f.message.length).toBeLessThan(200);
    await stillUp();
  });
});

describe('DataService Int fields keep exact integers (never silent rounding)', () => {
  it('<i8>9007199254740993</i8> is refused with [InvalidParameter], not stored as ...992', async () => {
    const r = await post(call('DataService.add', key + p('<string>Product</string>')
      + p('<struct><member><name>ProductName</name><value>Big</value></member><member><name>InventoryLimit</name><value><i8>9007199254740993</i8></value></member></struct>')));
    const f = faultOf(r.text);
    expect(f.code).toBe(12);
    expect(f.message).toMatch(/^\[InvalidParameter\]InventoryLimit must be an integer within ±9007199254740991/);
  });

  it('the same number as a string or an integral double is refused too', async () => {
    for (const v of ['<string>9007199254740993</string>', '<double>9007199254740993.0</double>', '<string>99999999999999999999</string>']) {
      const r = await post(call('DataService.add', key + p('<string>Product</string>')
        + p(`<struct><member><name>ProductName</name><value>Big</value></member><member><name>InventoryLimit</name><value>${v}</value></member></struct>`)));
      expect(faultOf(r.text).message, v).toMatch(/^\[InvalidParameter\]InventoryLimit must be an integer within/);
    }
  });

  it('2^53 − 1 round-trips exactly; an <i8> with many leading zeros is accepted', async () => {
    const add = async (inner: string) => {
      const r = await post(call('DataService.add', key + p('<string>Product</string>')
        + p(`<struct><member><name>ProductName</name><value>Max</value></member><member><name>InventoryLimit</name><value>${inner}</value></member></struct>`)));
      const id = /<params><param><value><i4>(\d+)<\/i4>/.exec(r.text)?.[1];
      expect(id, r.text).toBeDefined();
      return Number(id);
    };
    const max = await add('<i8>9007199254740991</i8>');
    const loaded = await post(call('DataService.load', key + p('<string>Product</string>') + p(`<int>${max}</int>`) + p('<array><data><value>InventoryLimit</value></data></array>')));
    expect(loaded.text).toContain('<name>InventoryLimit</name><value><i8>9007199254740991</i8></value>');
    const padded = await add(`<i8>${'0'.repeat(60)}42</i8>`);
    expect((await rpc('DataService.load', TEST_API_KEY, 'Product', padded, ['InventoryLimit'])).InventoryLimit).toBe(42);
  });

  it('an <int>/<i4> beyond 32 bits is a fault (Keap is Java: Integer.parseInt), not read as an <i8>', async () => {
    for (const v of ['<int>4294967296</int>', '<i4>2147483648</i4>', '<i4>-2147483649</i4>']) {
      const r = await post(call('DataService.echo', p(v)));
      const f = faultOf(r.text);
      expect(f.code, v).toBe(0);
      expect(f.message, v).toMatch(/does not fit in 32 bits/);
    }
    expect((await post(call('DataService.echo', p('<i4>2147483647</i4>')))).text).toContain('<i4>2147483647</i4>');
    expect((await post(call('DataService.echo', p('<int>-2147483648</int>')))).text).toContain('<i4>-2147483648</i4>');
  });
});

describe('money bounds (13 integer digits per amount and per total; quantities below 10^9)', () => {
  async function blankOrder(): Promise<number> {
    const contactId = await rpc('ContactService.add', TEST_API_KEY, { FirstName: 'Money', LastName: 'Bounds' });
    return rpc('InvoiceService.createBlankOrder', TEST_API_KEY, contactId, 'Bounds', new Date(), 0, 0);
  }
  const addItem = (invoiceId: number, price: string, quantity: string) => post(call('InvoiceService.addOrderItem',
    key + p(`<int>${invoiceId}</int>`) + p('<int>0</int>') + p('<int>4</int>') + p(price) + p(quantity) + p('item') + p('')));

  it('a price of 1e308 × quantity 2^53 − 1 is refused (yielded a 324-digit total), with a short message', async () => {
    const id = await blankOrder();
    for (const [price, qty] of [['<double>1e308</double>', '<i8>9007199254740991</i8>'], ['<double>1e308</double>', '<int>1</int>'], [`<string>${'9'.repeat(300)}</string>`, '<int>1</int>']]) {
      const r = await addItem(id, price, qty);
      const f = faultOf(r.text);
      expect(f.code, price).toBe(12);
      expect(f.message.length, price).toBeLessThan(200);
    }
    expect(await rpc('InvoiceService.calculateAmountOwed', TEST_API_KEY, id)).toBe(0);
  });

  it('the largest amount is accepted; a total beyond it is refused', async () => {
    const id = await blankOrder();
    expect(faultOf((await addItem(id, '<double>10000000000000</double>', '<int>1</int>')).text).message).toMatch(/beyond the largest amount \(13 integer digits\)/);
    expect((await addItem(id, '<double>9999999999999.99</double>', '<int>1</int>')).text).toContain('<boolean>1</boolean>');
    expect(await rpc('InvoiceService.calculateAmountOwed', TEST_API_KEY, id)).toBe(9999999999999.99);
    const r = await addItem(id, '<double>1.00</double>', '<int>1</int>');
    expect(faultOf(r.text).message).toMatch(/^\[InvalidParameter\]invoice .*beyond the largest amount/);
    const q = await addItem(id, '<double>0.01</double>', '<int>1000000000</int>');
    expect(faultOf(q.text).message).toMatch(/quantity must be below 1000000000/);
  });

  it('a Double field beyond the bound (ProductPrice 1e20) is refused, not stored as 21 digits', async () => {
    const r = await post(call('DataService.add', key + p('<string>Product</string>')
      + p('<struct><member><name>ProductName</name><value>Dear</value></member><member><name>ProductPrice</name><value><double>1e20</double></value></member></struct>')));
    expect(faultOf(r.text).message).toMatch(/^\[InvalidParameter\]ProductPrice is beyond the largest amount/);
  });
});

describe('Invoicera XML API: unit_cost and quantity', () => {
  const invoicera = async (method: string, inner: string) => {
    const started = Date.now();
    const { status, xml } = await postInvoicera(gw.base, TOKEN, method, inner);
    return { status, text: xml, ms: Date.now() - started };
  };
  let clientId: string;
  beforeAll(async () => {
    const r = await invoicera('createClient', '<name>Numbers Ltd</name><email>n@example.com</email>');
    clientId = /<client_id>(\d+)<\/client_id>/.exec(r.text)![1];
  });
  const create = (unitCost: string, quantity: string) => invoicera('createInvoice', `<client><client_id>${clientId}</client_id></client>`
    + `<items><item><name>x</name><unit_cost>${unitCost}</unit_cost><quantity>${quantity}</quantity></item></items>`);
  const message = (text: string) => /<message>([^<]*)<\/message>/.exec(text)?.[1] ?? text.slice(0, 200);

  it('a 500k-digit unit_cost ending in a non-digit is a fast 400 with a short message', async () => {
    const r = await create(`${'1'.repeat(500_000)}x`, '1');
    expect(r.status).toBe(400);
    expect(r.ms).toBeLessThan(5000);
    expect(message(r.text).length).toBeLessThan(200);
  });

  it('unit_cost beyond 13 integer digits, a line amount beyond it and a quantity of 10^9 are refused', async () => {
    const cases: Array<[string, string, RegExp]> = [
      [`1${'0'.repeat(308)}`, '1', /unit_cost is beyond the largest amount/],
      ['9999999999999', '999999999', /line amount is beyond the largest amount/],
      ['1', '1000000000', /quantity must be below 1000000000/],
    ];
    for (const [unitCost, qty, want] of cases) {
      const r = await create(unitCost, qty);
      expect(r.status, unitCost).toBe(400);
      expect(message(r.text), unitCost).toMatch(want);
      expect(message(r.text).length).toBeLessThan(200);
    }
    const ok = await create('9999999999999.99', '1');
    expect(ok.status, ok.text).toBe(200);
  });
});
