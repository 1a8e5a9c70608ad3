// What a Redis transaction keeps of its reads (reader.ts): the first generation read fetches every
// cacheable collection's generation at once, yet only the generations the transaction used can
// refuse its commit; a kv entry read twice gives one answer, and a change between re-runs it.
// On one node and on a Cluster (the bundle is one script over the data set's keys).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open.js';
import { generationKey } from '../../src/store/catalog.js';
import type { CollectionSpec, Store } from '../../src/store/port.js';
import { startRedis, type RedisServer } from '../support/redis.js';
import { startRedisCluster, type RedisCluster } from '../support/redis-cluster.js';

const SCHEMA: CollectionSpec[] = [{ name: 'Setting', cacheable: true }, { name: 'Rate', cacheable: true }, { name: 'Order' }];
let redis: RedisServer;
let cluster: RedisCluster;
beforeAll(async () => { [redis, cluster] = await Promise.all([startRedis(), startRedisCluster(3)]); });
afterAll(async () => { await Promise.all([redis?.remove(), cluster?.remove()]); });

let n = 0;
const servers: Array<[string, () => string]> = [['redis', () => redis.url], ['redis cluster', () => cluster.url]];

describe.each(servers)('%s transaction reads', (_name, server) => {
  /** Two stores (two connections, like two gateways) on a fresh data set. */
  async function pair(): Promise<[Store, Store]> {
    const url = `${server()}?prefix=txreads${++n}`;
    return [await openStore(url, SCHEMA), await openStore(url, SCHEMA)];
  }

  it('generations come together, but only a used one that changed refuses the commit', async () => {
    const [a, b] = await pair();
    await a.transact(async (tx) => { tx.put('Setting', { id: 1 }); tx.put('Rate', { id: 1 }); });
    let runs = 0;
    await a.transact(async (tx) => {
      runs++;
      await tx.getKv(generationKey('Setting')); // fetches Rate's generation too
      if (runs === 1) await b.transact(async (t) => { t.put('Rate', { id: 2 }); });
      tx.put('Order', { id: 1 });
    });
    expect(runs).toBe(1);

    const seen: unknown[] = [];
    runs = 0;
    await a.transact(async (tx) => {
      runs++;
      await tx.getKv(generationKey('Setting'));
      if (runs === 1) await b.transact(async (t) => { t.put('Rate', { id: 3 }); });
      seen.push(await tx.getKv(generationKey('Rate'))); // fetched before the change: stale on the first run
      tx.put('Order', { id: 2 });
    });
    expect(runs).toBe(2);
    expect(seen[0]).not.toBe(seen[1]);
    expect(seen[1]).toBe(await b.getKv(generationKey('Rate')));
    await Promise.all([a.close(), b.close()]);
  });

  it('a kv entry read twice answers the same; changed in between, the function re-runs', async () => {
    const [a, b] = await pair();
    await b.transact(async (t) => { t.putKv('k', 1); });
    const seen: unknown[][] = [];
    await a.transact(async (tx) => {
      const first = await tx.getKv('k');
      if (seen.length === 0) await b.transact(async (t) => { t.putKv('k', 2); });
      seen.push([first, await tx.getKv('k')]);
      tx.putKv('other', true);
    });
    expect(seen).toEqual([[1, 1], [2, 2]]);
    await Promise.all([a.close(), b.close()]);
  });
});
