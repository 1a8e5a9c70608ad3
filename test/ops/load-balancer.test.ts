// The compose topology without Docker: deploy/nginx/gateway.conf (the compose load balancer's file)
// on Debian's nginx in front of two gateway processes on one redis-server. Orders through the
// balancer land exactly once, on both replicas; SIGTERM to one replica drains it (/readyz 503 while
// it still serves, then its listener closes) and no order through the balancer fails meanwhile.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnGateway, type GatewayProcess } from '../cluster/gateway-process.js';
import { startRedis, type RedisServer } from '../support/redis.js';
import { startNginx, type Nginx } from '../support/nginx.js';
import { ok, rpc, seedShop } from './wire.js';

describe('nginx in front of two gateways on one Redis', () => {
  let redis: RedisServer;
  let replicas: GatewayProcess[] = [];
  let lb: Nginx;
  let shop: Awaited<ReturnType<typeof seedShop>>;
  beforeAll(async () => {
    redis = await startRedis({ appendfsync: 'everysec' });
    const env = { GATEWAY_STORE: `${redis.url}?prefix=lb`, GATEWAY_DRAIN_MS: '2000' };
    replicas = [await spawnGateway(env, 60_000), await spawnGateway(env, 60_000)];
    lb = await startNginx(replicas.map((r) => r.port));
    shop = await seedShop(lb.base);
  }, 120_000);
  afterAll(async () => {
    await lb?.stop();
    for (const r of replicas) await r.signal('SIGKILL');
    await redis?.remove();
  });

  /** `count` orders through the balancer, `inFlight` at a time; returns their OrderIds (throws on any failure). */
  async function orders(count: number, inFlight: number, tag: string): Promise<number[]> {
    const ids: number[] = [];
    let next = 0;
    const worker = async () => {
      while (next < count) {
        const i = next++;
        const r = await rpc(lb.base, 'OrderService.placeOrder', [shop.contactId, shop.cardId, 0, shop.productIds, [], false, []], { 'Idempotency-Key': `${tag}-${i}` });
        if (r.fault) throw new Error(`order ${tag}-${i} faulted: ${r.fault.faultString}`);
        ids.push(Number((r.value as { OrderId: string }).OrderId));
      }
    };
    await Promise.all(Array.from({ length: inFlight }, worker));
    return ids;
  }

  const jobCount = () => ok<number>(lb.base, 'DataService.count', ['Job', { Id: '%' }]);

  it('orders through the balancer land once, spread over both replicas', async () => {
    const before = await jobCount();
    const ids = await orders(40, 6, 'spread');
    expect(new Set(ids).size).toBe(40);
    expect(await jobCount()).toBe(before + 40);
    for (const r of replicas) {
      expect(r.logs.filter((l) => l.msg === 'xmlrpc' && (l.methods as string[] | undefined)?.[0] === 'OrderService.placeOrder').length).toBeGreaterThan(0);
    }
  });

  it('SIGTERM drains a replica: /readyz 503 while it serves, it stops, and every order still lands once', async () => {
    const before = await jobCount();
    const [stopping, staying] = replicas;
    const load = orders(60, 4, 'drain');
    await new Promise((r) => setTimeout(r, 300));
    stopping.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    expect((await fetch(`http://127.0.0.1:${stopping.port}/readyz`)).status).toBe(503);
    expect((await fetch(`http://127.0.0.1:${stopping.port}/healthz`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${staying.port}/readyz`)).status).toBe(200);
    expect(await stopping.exited).toBe(0);
    expect(stopping.logs.map((l) => l.msg)).toContain('stopped');
    const ids = await load;
    const after = await orders(10, 2, 'after');
    expect(new Set([...ids, ...after]).size).toBe(70);
    expect(await jobCount()).toBe(before + 70);
    // nginx saw only refused connections to the stopped replica (each retried on the other one).
    const errors = lb.log().split('\n').filter((l) => /\[(error|crit|alert|emerg)\]/.test(l));
    for (const e of errors) expect(e).toMatch(/connect\(\) failed \(111: Connection refused\) while connecting to upstream/);
  }, 120_000);
});
