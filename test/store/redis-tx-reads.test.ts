// What a Redis transaction keeps of its reads (reader.ts): the first generation read fetches every
// cacheable collection's generation at once, yet only the generations the transaction used can
// refuse its commit; a kv entry read twice gives one answer, and a change between re-runs it.
// On one node and on a Cluster (the bundle is one script over the data set's keys). The bundle is
// shared by the transactions that start in one tick, never by one that starts after it was sent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open.js';
import { generationKey } from '../../src/store/catalog.js';
import type { CollectionSpec, Store } from '../../src/store/port.js';
import { startRedis, type RedisServer } from '../support/redis.js';
import { startRedisCluster, type RedisCluster } from '../support/redis-cluster.js';
import { GenerationRead, type GenerationScript } from '../../src/store/redis/generation-read.js';

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

  it('kvAbsent costs no read; a key set before the commit re-runs the transaction, which then reads it', async () => {
    const [a, b] = await pair();
    const answers: boolean[] = [];
    await a.transact(async (tx) => {
      answers.push(await tx.kvAbsent('marker'));
      if (answers.length === 1) await b.transact(async (t) => { t.putKv('marker', true); });
      tx.put('Order', { id: 1 });
    });
    expect(answers).toEqual([true, false]);
    // A present key: one conflict, then the re-run reads it (not a conflict per re-run).
    const again: boolean[] = [];
    await a.transact(async (tx) => { again.push(await tx.kvAbsent('marker')); tx.put('Order', { id: 2 }); });
    expect(again).toEqual([true, false]);
  });

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

  it('transactions starting in one tick share one generation read; one after a written generation sees it', async () => {
    const [a, b] = await pair();
    await b.transact(async (t) => { t.put('Setting', { id: 1 }); });
    // Counts the scripts the store sends for its transactions' generation reads.
    const internals = a as unknown as { redis: GenerationScript; generationRead: GenerationRead };
    let reads = 0;
    const counting: GenerationScript = { gwKv: (count, ...keys) => { reads++; return internals.redis.gwKv(count, ...keys); } };
    internals.generationRead = new GenerationRead(counting, internals.generationRead.keys);
    const readGeneration = () => a.transact(async (tx) => tx.getKv(generationKey('Setting')));
    const together = await Promise.all([1, 2, 3, 4, 5].map(readGeneration));
    expect(reads).toBe(1);
    expect(new Set(together).size).toBe(1);
    expect(together[0]).toBe(await b.getKv(generationKey('Setting')));

    await b.transact(async (t) => { t.put('Setting', { id: 2 }); });
    const after = await readGeneration();
    expect(reads).toBe(2);
    expect(after).not.toBe(together[0]);
    expect(after).toBe(await b.getKv(generationKey('Setting')));
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

describe('GenerationRead', () => {
  // The tick's commands are sent in a process.nextTick (coalesced-writes.ts).
  const nextTurn = () => new Promise((resolve) => process.nextTick(resolve));

  it('is shared within a tick and never joined after it was sent, even while unanswered', async () => {
    const calls: Array<(reply: string[]) => void> = [];
    const read = new GenerationRead({ gwKv: () => new Promise<string[]>((resolve) => calls.push(resolve)) }, ['g1', 'g2']);
    const first = read.read();
    expect(read.read()).toBe(first);
    await null; // a promise job of the same tick still joins it
    expect(read.read()).toBe(first);
    expect(calls).toHaveLength(1);
    await nextTurn(); // the first read is sent now, and still unanswered
    const second = read.read();
    expect(second).not.toBe(first);
    expect(calls).toHaveLength(2);
    calls[0](['a', '1', 'b', '1']);
    calls[1](['a', '2', 'b', '1']);
    expect(await first).toEqual(['a', '1', 'b', '1']);
    expect(await second).toEqual(['a', '2', 'b', '1']);
  });

  it('a failed read fails its tick only', async () => {
    let fail = true;
    const read = new GenerationRead({ gwKv: async () => { if (fail) throw new Error('Connection is closed.'); return ['x', '1']; } }, ['g']);
    await expect(read.read()).rejects.toThrow();
    fail = false;
    await nextTurn();
    expect(await read.read()).toEqual(['x', '1']);
  });
});
