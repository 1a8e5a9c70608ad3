// Idempotency-Key through the real wire: a retried write answers the first result and acts once.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, TEST_API_KEY, type TestGateway } from '../support/gateway.js';
import { MemoryStore } from '../../src/store/memory.js';
import { SCHEMA } from '../../src/store/schema.js';
import { StoreUnavailable, type Store, type Tx } from '../../src/store/port.js';
import { XmlDateTime, XmlDouble, struct, type XmlRpcValue } from '../../src/xmlrpc/types.js';
import { encodeCall } from '../../src/xmlrpc/encode.js';
import { ok, rpc, seedShop } from './wire.js';

const OTHER_KEY = 'other-tenant-key-999';
let gw: TestGateway;
let shop: Awaited<ReturnType<typeof seedShop>>;
beforeAll(async () => {
  gw = await startGateway({ env: { GATEWAY_API_KEYS: `${TEST_API_KEY},${OTHER_KEY}` } });
  shop = await seedShop(gw.base);
});
afterAll(async () => { await gw?.close(); });

const order = (extra: XmlRpcValue[] = []): XmlRpcValue[] => [shop.contactId, 0, 0, shop.productIds, [], false, [], ...extra];
const ordersOf = async (base: string, contactId: number) =>
  (await ok<unknown[]>(base, 'DataService.query', ['Job', 1000, 0, struct({ ContactId: contactId }), ['Id']])).length;

describe('Idempotency-Key', () => {
  it('a retried placeOrder returns the first answer and creates one order', async () => {
    const before = await ordersOf(gw.base, shop.contactId);
    const h = { 'Idempotency-Key': 'order-retry-1' };
    const first = await ok<Record<string, string>>(gw.base, 'OrderService.placeOrder', order(), h);
    const again = await ok<Record<string, string>>(gw.base, 'OrderService.placeOrder', order(), h);
    expect(again).toEqual(first);
    expect(await ordersOf(gw.base, shop.contactId)).toBe(before + 1);
  });

  it('the same key with different parameters faults 12 and says so', async () => {
    const h = { 'Idempotency-Key': 'order-retry-2' };
    await ok(gw.base, 'OrderService.placeOrder', order(), h);
    const r = await rpc(gw.base, 'OrderService.placeOrder', [shop.contactId, 0, 0, [shop.productIds[0]], [], false, []], h);
    expect(r.fault?.faultCode).toBe(12);
    expect(r.fault?.faultString).toMatch(/^\[InvalidParameter\]Idempotency-Key was already used with different parameters/);
    const other = await rpc(gw.base, 'InvoiceService.createBlankOrder', [shop.contactId, 'x', new XmlDateTime(2026, 11, 23)], h);
    expect(other.fault?.faultCode).toBe(12);
  });

  it('keys are scoped by credential: two tenants with one key get two orders', async () => {
    const h = { 'Idempotency-Key': 'shared-key' };
    const a = await ok<Record<string, string>>(gw.base, 'OrderService.placeOrder', order(), h);
    const b = await ok<Record<string, string>>(gw.base, 'OrderService.placeOrder', order(), { ...h, 'X-Keap-API-Key': OTHER_KEY });
    expect(b.OrderId).not.toBe(a.OrderId);
    // The header credential and the same key in param 1 are the same tenant.
    const c = await ok<Record<string, string>>(gw.base, 'OrderService.placeOrder', order(), { ...h, 'X-Keap-API-Key': TEST_API_KEY });
    expect(c.OrderId).toBe(a.OrderId);
  });

  it('20 concurrent retries of one key: one order, every caller gets its ids', async () => {
    const before = await ordersOf(gw.base, shop.contactId);
    const h = { 'Idempotency-Key': 'burst-1' };
    const answers = await Promise.all(Array.from({ length: 20 }, () => ok<Record<string, string>>(gw.base, 'OrderService.placeOrder', order(), h)));
    expect(new Set(answers.map((a) => a.OrderId)).size).toBe(1);
    expect(await ordersOf(gw.base, shop.contactId)).toBe(before + 1);
  });

  it('payments: a retried addManualPayment and chargeInvoice pay once', async () => {
    const placed = await ok<Record<string, string>>(gw.base, 'OrderService.placeOrder', order());
    const invoiceId = Number(placed.InvoiceId);
    const pay = [invoiceId, new XmlDouble('5.00'), new XmlDateTime(2026, 11, 23, 12), 'Cash', 'part', false];
    for (let i = 0; i < 3; i++) expect(await ok(gw.base, 'InvoiceService.addManualPayment', pay, { 'Idempotency-Key': 'pay-1' })).toBe(true);
    const charge = [invoiceId, 'rest', shop.cardId, 0, false];
    const c1 = await ok<Record<string, unknown>>(gw.base, 'InvoiceService.chargeInvoice', charge, { 'Idempotency-Key': 'charge-1' });
    const c2 = await ok<Record<string, unknown>>(gw.base, 'InvoiceService.chargeInvoice', charge, { 'Idempotency-Key': 'charge-1' });
    expect(c2).toEqual(c1);
    expect(c1.Successful).toBe(true);
    const payments = await ok<unknown[]>(gw.base, 'InvoiceService.getPayments', [invoiceId]);
    expect(payments).toHaveLength(2);
    expect(((await ok(gw.base, 'InvoiceService.calculateAmountOwed', [invoiceId])) as XmlDouble).text).toBe('0.00');
  });

  it('a fault from bad input is replayed; a different call is not confused with it', async () => {
    const h = { 'Idempotency-Key': 'bad-input-1' };
    const args = [999_999, 0, 0, shop.productIds, [], false, []];
    const first = await rpc(gw.base, 'OrderService.placeOrder', args, h);
    expect(first.fault?.faultCode).toBe(5);
    expect(await rpc(gw.base, 'OrderService.placeOrder', args, h)).toEqual(first);
  });

  it('inside system.multicall each entry is keyed <header>#<index>', async () => {
    const h = { 'Idempotency-Key': 'batch-1' };
    const calls = [0, 1].map(() => struct({ methodName: 'OrderService.placeOrder', params: [TEST_API_KEY, ...order()] }));
    // rpc() puts the API key first; system.multicall takes the bare call list.
    const raw = async () => (await fetch(`${gw.base}/api/xmlrpc`, {
      method: 'POST', headers: { 'content-type': 'text/xml', ...h }, body: encodeCall('system.multicall', [calls]),
    })).text();
    const a = await raw();
    const b = await raw();
    const ids = [...a.matchAll(/<name>OrderId<\/name><value>(?:<string>)?(\d+)/g)].map((m) => m[1]);
    expect(ids).toHaveLength(2);
    expect(new Set(ids).size).toBe(2);
    expect(b).toBe(a);
  });

  it('an invalid key text is fault 12 naming the header', async () => {
    const r = await rpc(gw.base, 'OrderService.placeOrder', order(), { 'Idempotency-Key': ' x'.repeat(200) });
    expect(r.fault?.faultString).toMatch(/^\[InvalidParameter\]Idempotency-Key must be/);
  });
});

describe('Idempotency-Key expiry and failures', () => {
  it('expires after GATEWAY_IDEMPOTENCY_TTL seconds', async () => {
    const g = await startGateway({ env: { GATEWAY_IDEMPOTENCY_TTL: '1' } });
    try {
      const s = await seedShop(g.base);
      const args = [s.contactId, 0, 0, s.productIds, [], false, []];
      const h = { 'Idempotency-Key': 'short-lived' };
      const a = await ok<Record<string, string>>(g.base, 'OrderService.placeOrder', args, h);
      expect((await ok<Record<string, string>>(g.base, 'OrderService.placeOrder', args, h)).OrderId).toBe(a.OrderId);
      await new Promise((r) => setTimeout(r, 1200));
      expect((await ok<Record<string, string>>(g.base, 'OrderService.placeOrder', args, h)).OrderId).not.toBe(a.OrderId);
    } finally { await g.close(); }
  });

  it('a StoreUnavailable is not remembered: the retry acts and succeeds', async () => {
    const memory = new MemoryStore(SCHEMA);
    let failClientReads = 0;
    // Reads of Client fail while armed, in a transaction too: placeOrder's contact check hits the "outage".
    const failingClientReads = (reader: Pick<Store, 'get'>) => (collection: string, id: number) => {
      if (collection === 'Client' && failClientReads > 0) { failClientReads--; throw new StoreUnavailable('simulated outage'); }
      return reader.get(collection, id);
    };
    const store = new Proxy(memory, {
      get(target, prop) {
        if (prop === 'get') return failingClientReads(target);
        if (prop === 'transact') {
          return (fn: (tx: Tx) => Promise<unknown>) => target.transact((tx) => fn(new Proxy(tx, {
            get(t, p) {
              if (p === 'get') return failingClientReads(t);
              const v = Reflect.get(t, p, t);
              return typeof v === 'function' ? v.bind(t) : v;
            },
          })));
        }
        const v = Reflect.get(target, prop, target);
        return typeof v === 'function' ? v.bind(target) : v;
      },
    }) as Store;
    const g = await startGateway({ store });
    try {
      const s = await seedShop(g.base);
      const args = [s.contactId, 0, 0, s.productIds, [], false, []];
      const h = { 'Idempotency-Key': 'outage-1' };
      failClientReads = 1;
      const down = await rpc(g.base, 'OrderService.placeOrder', args, h);
      expect(down.fault?.faultCode).toBe(4);
      const retry = await ok<Record<string, string>>(g.base, 'OrderService.placeOrder', args, h);
      expect(Number(retry.OrderId)).toBeGreaterThan(0);
      const metrics = await (await fetch(`${g.base}/metrics`)).text();
      expect(metrics).toMatch(/gateway_store_errors_total\{kind="StoreUnavailable"\} 1/);
    } finally { await g.close(); }
  });

  it('stores neither the Idempotency-Key nor the API key in clear (SQLite file)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gw-idem-'));
    const g = await startGateway({ env: { GATEWAY_STORE: `sqlite:${join(dir, 'gw.db')}` } });
    try {
      const s = await seedShop(g.base);
      await ok(g.base, 'OrderService.placeOrder', [s.contactId, 0, 0, s.productIds, [], false, []], { 'Idempotency-Key': 'secret-idem-key-42' });
    } finally { await g.close(); }
    const bytes = readdirSync(dir).map((f) => readFileSync(join(dir, f)).toString('latin1')).join('');
    expect(bytes).toContain('idem:');
    expect(bytes).not.toContain('secret-idem-key-42');
    expect(bytes).not.toContain(TEST_API_KEY);
    rmSync(dir, { recursive: true, force: true });
  });
});
