// Four gateway processes on one real redis-server: 1,000 concurrent placeOrders mixed across them
// with a 100-use promo code → exactly 100 APPLIED, unique order and invoice ids, and every order
// readable from every instance.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open.js';
import { SCHEMA } from '../../src/store/schema.js';
import type { Store } from '../../src/store/port.js';
import { PromotionAdmin } from '../../src/services/promotions.js';
import { encodeCall } from '../../src/xmlrpc/encode.js';
import { decodeMethodResponse } from '../../src/xmlrpc/decode.js';
import { isStruct, struct, type XmlRpcValue } from '../../src/xmlrpc/types.js';
import { startRedis, type RedisServer } from '../support/redis.js';
import { TEST_API_KEY } from '../support/gateway.js';
import { ok } from '../ops/wire.js';
import { spawnGateway, type GatewayProcess } from './gateway-process.js';

const INSTANCES = 4;
const ORDERS = Number(process.env.CLUSTER_ORDERS ?? 1000);
const USES = Math.min(100, Math.floor(ORDERS / 10));
const CONTACTS = 10;
/** Orders in flight at once: all 1,000 by default (invoice numbers come from a sequence, so orders don't conflict). */
const IN_FLIGHT = Number(process.env.CLUSTER_IN_FLIGHT ?? 1000);

/**
 * The client is this test process, and on a loaded machine it is the slow side: it opens 1,000
 * connections at once and, starved of CPU, writes some requests more than 10 s after the gateway
 * accepted their connection. Node's headers timeout runs from the accept, so those got HTTP 408
 * (measured: bytesRead 0, 10.47 s after accept), and an idle keep-alive socket closed by the
 * gateway after 5 s was reused by the frozen client ("other side closed"). The production defaults
 * are right for clients that send as they connect (docs/operations.md "Limits"); here the gateways
 * give this one overloaded client the request timeout for its headers and keep idle sockets as long.
 */
const PATIENT_WITH_THIS_CLIENT = { GATEWAY_HEADERS_TIMEOUT_MS: '30000', GATEWAY_KEEP_ALIVE_TIMEOUT_MS: '30000' };

let redis: RedisServer;
let admin: Store;
const gateways: GatewayProcess[] = [];

beforeAll(async () => {
  redis = await startRedis({ appendfsync: 'everysec' });
  const url = `${redis.url}?prefix=cluster`;
  // Started one after another: four tsx compilations at once crowd a small machine.
  for (let i = 0; i < INSTANCES; i++) gateways.push(await spawnGateway({ GATEWAY_STORE: url, ...PATIENT_WITH_THIS_CLIENT }, 60_000));
  admin = await openStore(url, SCHEMA);
}, 180_000);

afterAll(async () => {
  await Promise.all(gateways.map((g) => g.signal('SIGTERM')));
  await admin?.close();
  await redis?.remove();
});

/** Runs `count` tasks with at most `limit` outstanding; results in task order. */
async function pool<T>(count: number, limit: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array(count);
  let next = 0;
  const worker = async () => { while (next < count) { const i = next++; out[i] = await task(i); } };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
  return out;
}

/** One system.multicall of `calls` against one instance; every entry must succeed. */
async function multicall(base: string, calls: Array<[string, XmlRpcValue[]]>): Promise<XmlRpcValue[]> {
  const body = encodeCall('system.multicall', [calls.map(([methodName, args]) => struct({ methodName, params: [TEST_API_KEY, ...args] }))]);
  const res = await fetch(`${base}/api/xmlrpc`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body });
  const decoded = decodeMethodResponse(Buffer.from(await res.arrayBuffer()), { maxDepth: 64, maxElements: 10_000_000 });
  if ('fault' in decoded) throw new Error(decoded.fault.faultString);
  return (decoded.value as XmlRpcValue[]).map((entry, i) => {
    if (!Array.isArray(entry)) throw new Error(`${calls[i][0]} faulted: ${JSON.stringify(entry)}`);
    return entry[0];
  });
}

describe(`${INSTANCES} gateway processes on one Redis`, () => {
  it(`${ORDERS} concurrent placeOrders with a ${USES}-use code: exactly ${USES} applied, ids unique, all readable everywhere`, async () => {
    const seed = gateways[0].base;
    const contacts: number[] = [];
    for (let i = 0; i < CONTACTS; i++) contacts.push(await ok<number>(seed, 'ContactService.add', [{ FirstName: `C${i}`, Email: `c${i}@example.com` }]));
    const products: number[] = [];
    for (const [name, price] of [['A', 10], ['B', 20.5], ['C', 3.25]] as const) {
      products.push(await ok<number>(gateways[1].base, 'DataService.add', ['Product', { ProductName: name, ProductPrice: price }]));
    }
    await new PromotionAdmin(admin, { now: () => new Date() }).create({
      name: 'Cluster', discount: { kind: 'ORDER_TOTAL', mode: 'PERCENT', value: '10' }, codes: ['CLUSTER100'], limits: { totalUses: USES },
    });

    const started = Date.now();
    const answers = await pool(ORDERS, IN_FLIGHT, (i) => ok<Record<string, string>>(
      gateways[i % INSTANCES].base, 'OrderService.placeOrder',
      [contacts[i % CONTACTS], 0, 0, products, [], true, ['cluster100']],
    ));
    const seconds = (Date.now() - started) / 1000;
    console.log(`${ORDERS} orders (${IN_FLIGHT} in flight) over ${INSTANCES} instances in ${seconds.toFixed(1)} s (${Math.round(ORDERS / seconds)}/s)`);

    const orderIds = answers.map((a) => Number(a.OrderId));
    const invoiceIds = answers.map((a) => Number(a.InvoiceId));
    expect(new Set(orderIds).size).toBe(ORDERS);
    expect(new Set(invoiceIds).size).toBe(ORDERS);

    const applied = await ok<unknown[]>(gateways[2].base, 'DataService.query', ['PromoRedemption', 1000, 0, struct({ Outcome: 'APPLIED' }), ['Id', 'OrderId']]);
    expect(applied).toHaveLength(USES);
    const limited = await ok<unknown[]>(gateways[3].base, 'DataService.query', ['PromoRedemption', 1000, 0, struct({ Outcome: 'LIMIT_REACHED' }), ['Id']]);
    expect(limited).toHaveLength(ORDERS - USES);
    const withCode = await ok<unknown[]>(gateways[0].base, 'DataService.query', ['Invoice', 1000, 0, struct({ PromoCode: '%CLUSTER100%' }), ['Id']]);
    expect(withCode).toHaveLength(USES);

    // Every order from every instance: the Job by id and its invoice by JobId, 100 per multicall.
    for (const g of gateways) {
      for (let from = 0; from < ORDERS; from += 100) {
        const batch = orderIds.slice(from, from + 100);
        const jobs = await multicall(g.base, batch.map((id) => ['DataService.load', ['Job', id, ['Id', 'ContactId']]]));
        expect(jobs.map((j) => (isStruct(j) ? j.Id : undefined))).toEqual(batch);
        const invoices = await multicall(g.base, batch.map((id) => ['DataService.query', ['Invoice', 10, 0, struct({ JobId: id }), ['Id', 'JobId']]]));
        expect(invoices.map((rows) => (rows as XmlRpcValue[]).length)).toEqual(batch.map(() => 1));
        expect(invoices.map((rows) => Number((rows as Array<Record<string, XmlRpcValue>>)[0].Id)))
          .toEqual(batch.map((_, k) => invoiceIds[from + k]));
      }
    }
  }, 300_000);

  it('one Idempotency-Key sent to all four instances at once: one order, one answer', async () => {
    const contactId = await ok<number>(gateways[0].base, 'ContactService.add', [{ FirstName: 'Idem' }]);
    const productId = await ok<number>(gateways[0].base, 'DataService.add', ['Product', { ProductName: 'I', ProductPrice: 1 }]);
    const args = [contactId, 0, 0, [productId], [], false, []];
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) =>
      ok<Record<string, string>>(gateways[i % INSTANCES].base, 'OrderService.placeOrder', args, { 'Idempotency-Key': 'cluster-idem-1' })));
    expect(new Set(answers.map((a) => a.OrderId)).size).toBe(1);
    const jobs = await ok<unknown[]>(gateways[3].base, 'DataService.query', ['Job', 100, 0, struct({ ContactId: contactId }), ['Id']]);
    expect(jobs).toHaveLength(1);
  }, 60_000);
});
