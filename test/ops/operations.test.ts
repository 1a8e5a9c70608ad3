// The production surface: health and readiness (Redis going away and coming back), Prometheus
// metrics, JSON logs with the request id and without secrets, graceful shutdown of a real process.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, TEST_API_KEY, type TestGateway } from '../support/gateway.js';
import { startRedis, type RedisServer } from '../support/redis.js';
import { encodeCall } from '../../src/xmlrpc/encode.js';
import { spawnGateway, type GatewayProcess } from '../cluster/gateway-process.js';
import { CARDS, ok, rpc, seedShop } from './wire.js';

async function waitFor(what: string, check: () => Promise<boolean>, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
const status = async (url: string) => (await fetch(url)).status;

describe('health and readiness on Redis', () => {
  let redis: RedisServer;
  let gw: TestGateway;
  beforeAll(async () => {
    redis = await startRedis({ appendfsync: 'everysec' });
    gw = await startGateway({ env: { GATEWAY_STORE: `${redis.url}?prefix=ops&commandTimeout=1000` } });
  });
  afterAll(async () => {
    await gw?.close();
    await redis?.remove();
  });

  it('/healthz 200; /readyz 200, 503 while Redis is down (calls fault 4, counted), 200 when it returns', async () => {
    expect(await status(`${gw.base}/healthz`)).toBe(200);
    expect(await status(`${gw.base}/readyz`)).toBe(200);
    await redis.stop();
    await waitFor('/readyz 503', async () => (await status(`${gw.base}/readyz`)) === 503);
    expect(await status(`${gw.base}/healthz`)).toBe(200);
    const down = await rpc(gw.base, 'ContactService.add', [{ FirstName: 'Down' }]);
    expect(down.fault?.faultString).toBe('[DatabaseError]Error returning results');
    const metrics = await (await fetch(`${gw.base}/metrics`)).text();
    expect(metrics).toMatch(/gateway_store_errors_total\{kind="StoreUnavailable"\} [1-9]/);
    expect(metrics).toMatch(/gateway_xmlrpc_faults_total\{code="4"\} [1-9]/);
    await redis.start();
    await waitFor('/readyz 200', async () => (await status(`${gw.base}/readyz`)) === 200);
    expect(typeof await ok(gw.base, 'ContactService.add', [{ FirstName: 'Back' }])).toBe('number');
  });
});

describe('/metrics', () => {
  let gw: TestGateway;
  beforeAll(async () => { gw = await startGateway(); });
  afterAll(async () => { await gw?.close(); });

  it('calls by method and outcome, faults by code, latency histogram, promo redemptions by outcome', async () => {
    const shop = await seedShop(gw.base);
    await gw.gateway.promotions.create({ name: 'Ten', discount: { kind: 'ORDER_TOTAL', mode: 'PERCENT', value: '10' }, codes: ['TEN'], limits: { totalUses: 1 } });
    const order = (codes: string[]) => [shop.contactId, 0, 0, shop.productIds, [], true, codes];
    await ok(gw.base, 'OrderService.placeOrder', order(['TEN', 'NOPE']));
    await ok(gw.base, 'OrderService.placeOrder', order(['TEN']));
    // An idempotent replay is not a second redemption.
    await ok(gw.base, 'OrderService.placeOrder', order(['TEN']), { 'Idempotency-Key': 'm1' });
    await ok(gw.base, 'OrderService.placeOrder', order(['TEN']), { 'Idempotency-Key': 'm1' });
    await rpc(gw.base, 'OrderService.placeOrder', [424242, 0, 0, shop.productIds, [], true, []]);
    const text = await (await fetch(`${gw.base}/metrics`)).text();
    expect(text).toMatch(/gateway_xmlrpc_calls_total\{method="OrderService.placeOrder",outcome="ok"\} 4/);
    expect(text).toMatch(/gateway_xmlrpc_calls_total\{method="OrderService.placeOrder",outcome="fault"\} 1/);
    expect(text).toMatch(/gateway_xmlrpc_faults_total\{code="5"\} 1/);
    expect(text).toMatch(/gateway_xmlrpc_call_duration_seconds_bucket\{le="0.1",method="OrderService.placeOrder",outcome="ok"\} \d+/);
    expect(text).toMatch(/gateway_xmlrpc_call_duration_seconds_count\{method="OrderService.placeOrder",outcome="ok"\} 4/);
    expect(text).toMatch(/gateway_promo_redemptions_total\{outcome="APPLIED"\} 1/);
    expect(text).toMatch(/gateway_promo_redemptions_total\{outcome="UNKNOWN"\} 1/);
    expect(text).toMatch(/gateway_promo_redemptions_total\{outcome="LIMIT_REACHED"\} 2/);
    expect(text).toMatch(/process_cpu_seconds_total/);
  });
});

describe('a real gateway process (src/main.ts)', () => {
  let gp: GatewayProcess;
  beforeAll(async () => { gp = await spawnGateway({ GATEWAY_STORE: 'memory', LOG_LEVEL: 'debug' }); }, 40_000);
  afterAll(async () => { await gp?.signal('SIGKILL'); });

  it('logs JSON lines carrying the request id, method, duration and fault code, and no secret', async () => {
    const shop = await seedShop(gp.base);
    const reqId = 'ops-req-7f3a';
    const secretIdem = 'idem-secret-5531';
    await new Promise((r) => setTimeout(r, 200)); // let the seeding calls' lines arrive first
    const first = gp.logs.length;
    const card = await rpc(gp.base, 'DataService.add', ['CreditCard', { ContactId: shop.contactId, CardNumber: CARDS.decline, ExpirationMonth: '12', ExpirationYear: '2030' }], { 'X-Request-Id': reqId });
    const placed = await rpc(gp.base, 'OrderService.placeOrder', [shop.contactId, card.value as number, 0, shop.productIds, [], false, []],
      { 'X-Request-Id': `${reqId}-b`, 'Idempotency-Key': secretIdem, 'X-Keap-API-Key': TEST_API_KEY });
    expect(placed.value).toBeDefined();
    const missing = await rpc(gp.base, 'ContactService.load', [987654, ['Id']], { 'X-Request-Id': `${reqId}-c` });
    expect(missing.fault?.faultCode).toBe(5);
    await new Promise((r) => setTimeout(r, 200)); // pino writes asynchronously
    const lines = gp.logs.slice(first);
    const ours = lines.filter((l) => String(l.reqId ?? '').startsWith(reqId));
    // Every line written while our requests ran belongs to one of them (they ran one at a time).
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.filter((l) => l.reqId === undefined)).toEqual([]);
    expect(ours.length).toBe(lines.length);
    const orderLines = ours.filter((l) => l.reqId === `${reqId}-b`);
    expect(orderLines.map((l) => l.msg)).toEqual(expect.arrayContaining(['order placed', 'xmlrpc']));
    const access = orderLines.find((l) => l.msg === 'xmlrpc')!;
    expect(access).toMatchObject({ methods: ['OrderService.placeOrder'], status: 200 });
    expect(typeof access.ms).toBe('number');
    expect(ours.find((l) => l.reqId === `${reqId}-c` && l.msg === 'xmlrpc')).toMatchObject({ faultCode: 5, methods: ['ContactService.load'] });
    const all = gp.output();
    for (const secret of [TEST_API_KEY, CARDS.decline, secretIdem]) expect(all).not.toContain(secret);
  });

  it('SIGTERM: the in-flight call completes, new connections are refused, exit code 0', async () => {
    const body = encodeCall('DataService.echo', ['slow call']);
    const half = Math.floor(body.length / 2);
    // A call whose body is still arriving is in flight: send half, signal, then the rest.
    const answer = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port: gp.port, path: '/api/xmlrpc', method: 'POST', headers: { 'content-type': 'text/xml', 'content-length': Buffer.byteLength(body) } }, (res) => {
        let text = '';
        res.on('data', (d) => { text += d; });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      });
      req.on('error', reject);
      req.write(body.slice(0, half));
      setTimeout(() => {
        gp.child.kill('SIGTERM');
        setTimeout(() => req.end(body.slice(half)), 500);
      }, 100);
    });
    await new Promise((r) => setTimeout(r, 350));
    await expect(fetch(`${gp.base}/healthz`)).rejects.toThrow();
    const { status: code, text } = await answer;
    expect(code).toBe(200);
    expect(text).toContain('slow call');
    expect(await gp.exited).toBe(0);
    expect(gp.logs.map((l) => l.msg)).toEqual(expect.arrayContaining(['shutting down: finishing in-flight calls', 'stopped']));
  }, 20_000);
});
