// The Redis store's connections send each tick's commands in one socket write
// (src/store/redis/coalesced-writes.ts), on one node and on every node of a Cluster; commands of
// later ticks are not held back, every reply reaches its caller, and a reconnected connection
// coalesces too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Cluster, Redis } from 'ioredis';
import { openStore } from '../../src/store/open.js';
import type { CollectionSpec, Store } from '../../src/store/port.js';
import { startRedis, type RedisServer } from '../support/redis.js';
import { startRedisCluster, type RedisCluster } from '../support/redis-cluster.js';

const SCHEMA: CollectionSpec[] = [{ name: 'Order', indexes: ['contactId'] }];
let redis: RedisServer;
let cluster: RedisCluster;
beforeAll(async () => { [redis, cluster] = await Promise.all([startRedis(), startRedisCluster(3)]); });
afterAll(async () => { await Promise.all([redis?.remove(), cluster?.remove()]); });

type Socket = { _write: (...a: unknown[]) => unknown; _writev?: (...a: unknown[]) => unknown };

/** Counts the socket writes (write or writev calls reaching the socket) of every connection of `store`. */
function countWrites(store: Store): { writes: () => number } {
  const client = (store as unknown as { client: Redis | Cluster }).client;
  const connections = 'nodes' in client && typeof client.nodes === 'function' ? (client as Cluster).nodes('master') : [client as Redis];
  let writes = 0;
  for (const c of connections) {
    const socket = (c as unknown as { stream?: Socket }).stream;
    if (!socket) continue; // a cluster node this data set never used: no connection yet
    for (const name of ['_write', '_writev'] as const) {
      const original = socket[name];
      if (!original) continue;
      socket[name] = function (this: unknown, ...a: unknown[]) { writes++; return original.apply(this, a); };
    }
  }
  return { writes: () => writes };
}

let n = 0;
const servers: Array<[string, () => string]> = [['redis', () => redis.url], ['redis cluster', () => cluster.url]];

describe.each(servers)('%s connection writes', (_name, server) => {
  async function fresh(): Promise<Store> {
    const store = await openStore(`${server()}?prefix=coalesce${++n}`, SCHEMA);
    await store.transact(async (tx) => { for (let id = 1; id <= 20; id++) tx.put('Order', { id, contactId: id % 3 }); });
    return store;
  }

  it('twenty reads issued in one tick leave in one write, and each gets its own answer', async () => {
    const store = await fresh();
    const counter = countWrites(store);
    const found = await Promise.all(Array.from({ length: 20 }, (_, i) => store.get<{ id: number; contactId: number }>('Order', i + 1)));
    expect(found.map((r) => r?.id)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(found.map((r) => r?.contactId)).toEqual(Array.from({ length: 20 }, (_, i) => (i + 1) % 3));
    expect(counter.writes()).toBe(1);
    await store.close();
  });

  it('a command of a later tick is sent in its own write, not held back', async () => {
    const store = await fresh();
    const counter = countWrites(store);
    for (let id = 1; id <= 5; id++) expect((await store.get('Order', id))?.id).toBe(id);
    expect(counter.writes()).toBe(5);
    await store.close();
  });

  it('transactions committed concurrently all land, each with its own outcome', async () => {
    const store = await fresh();
    await Promise.all(Array.from({ length: 30 }, (_, i) => store.transact(async (tx) => { tx.put('Order', { id: 100 + i, contactId: 7 }); })));
    expect((await store.findBy('Order', 'contactId', 7)).map((r) => r.id).sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => 100 + i));
    await store.close();
  });
});

describe('a reconnected connection', () => {
  it('coalesces its writes too, after Redis came back', async () => {
    const store = await openStore(`${redis.url}?prefix=coalesce-reconnect`, SCHEMA);
    await store.transact(async (tx) => { tx.put('Order', { id: 1, contactId: 1 }); tx.put('Order', { id: 2, contactId: 2 }); });
    await redis.stop();
    await expect(store.get('Order', 1)).rejects.toThrow();
    await redis.start();
    const deadline = Date.now() + 10_000;
    for (;;) {
      try { await store.ping(); break; } catch (e) { if (Date.now() > deadline) throw e; await new Promise((r) => setTimeout(r, 100)); }
    }
    const counter = countWrites(store);
    const [a, b] = await Promise.all([store.get('Order', 1), store.get('Order', 2)]);
    expect([a?.id, b?.id]).toEqual([1, 2]);
    expect(counter.writes()).toBe(1);
    await store.close();
  });
});
