// Cacheable collections on every adapter: a commit that writes one changes its generation in the
// same commit (whoever writes), a refused or read-only transaction changes none, and the cache
// answers from memory only while the generation it read is unchanged.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../src/store/open.js';
import { generationKey } from '../../src/store/catalog.js';
import { GenerationCache } from '../../src/store/generation-cache.js';
import type { CollectionSpec, StoredRecord, Store } from '../../src/store/port.js';
import { startRedis, type RedisServer } from '../support/redis.js';

const SCHEMA: CollectionSpec[] = [
  { name: 'Setting', indexes: ['group'], unique: ['name'], cacheable: true },
  { name: 'Order' },
];
const dir = mkdtempSync(join(tmpdir(), 'gen-cache-'));
let redis: RedisServer;
beforeAll(async () => { redis = await startRedis(); });
afterAll(async () => { await redis?.remove(); rmSync(dir, { recursive: true, force: true }); });

interface Setting extends StoredRecord { name: string; group: string; value: number }
const generation = (s: Store) => s.getKv<string>(generationKey('Setting'));

/** A fresh data set per call: the url of its first store. */
let sets = 0;
const adapters: Array<[string, () => string]> = [
  ['sqlite', () => `sqlite:${join(dir, `gen${++sets}.db`)}`],
  ['redis', () => `${redis.url}?prefix=gen${++sets}`],
];

describe('generation of a cacheable collection', () => {
  it.each([['memory', () => 'memory'] as [string, () => string], ...adapters])('%s: changes with every commit that writes it, never otherwise', async (_name, url) => {
    const store = await openStore(url(), SCHEMA);
    expect(await generation(store)).toBeUndefined();
    await store.transact(async (tx) => { tx.put<Setting>('Setting', { id: 1, name: 'a', group: 'g', value: 1 }); });
    const first = await generation(store);
    expect(first).toEqual(expect.any(String));
    await store.transact(async (tx) => { tx.put('Order', { id: 1 }); await tx.get('Setting', 1); });
    expect(await generation(store)).toBe(first);
    // A refused commit (unique clash) changes nothing, the generation included.
    await expect(store.transact(async (tx) => { tx.put<Setting>('Setting', { id: 2, name: 'a', group: 'g', value: 2 }); })).rejects.toThrow();
    expect(await generation(store)).toBe(first);
    await store.transact(async (tx) => { tx.delete('Setting', 1); });
    const second = await generation(store);
    expect(second).not.toBe(first);
    await store.close();
  });
});

describe('GenerationCache', () => {
  it.each(adapters)('%s: a second store on the same data set sees the other\'s write at the next view', async (_name, url) => {
    const shared = url();
    const [reader, writer] = [await openStore(shared, SCHEMA), await openStore(shared, SCHEMA)];
    await writer.transact(async (tx) => { tx.put<Setting>('Setting', { id: 7, name: 'price', group: 'p', value: 10 }); });
    const cache = new GenerationCache<number>(['Setting']);
    let loads = 0;
    const value = () => reader.transact(async (tx) => (await cache.view(tx)).get('price', async () => {
      loads++;
      return (await tx.get<Setting>('Setting', 7))!.value;
    }));
    expect([await value(), await value(), loads]).toEqual([10, 10, 1]);
    await writer.transact(async (tx) => { tx.put<Setting>('Setting', { id: 7, name: 'price', group: 'p', value: 25 }); });
    expect([await value(), await value(), loads]).toEqual([25, 25, 2]);
    await Promise.all([reader.close(), writer.close()]);
  });

  it('a transaction that wrote the collection reads its own writes, and nobody else gets them if it aborts', async () => {
    const store = await openStore('memory', SCHEMA);
    await store.transact(async (tx) => { tx.put<Setting>('Setting', { id: 1, name: 'n', group: 'g', value: 1 }); });
    const cache = new GenerationCache<number>(['Setting']);
    const read = async (tx: Parameters<Parameters<Store['transact']>[0]>[0]) =>
      (await cache.view(tx)).get('n', async () => (await tx.get<Setting>('Setting', 1))!.value);
    expect(await store.transact(read)).toBe(1);
    await expect(store.transact(async (tx) => {
      tx.put<Setting>('Setting', { id: 1, name: 'n', group: 'g', value: 2 });
      expect(await read(tx)).toBe(2);
      throw new Error('abort');
    })).rejects.toThrow('abort');
    expect(await store.transact(read)).toBe(1);
  });

  it('keeps at most maxEntries values and freezes what it shares', async () => {
    const store = await openStore('memory', SCHEMA);
    const cache = new GenerationCache<{ n: number[] }>(['Setting'], 2);
    let loads = 0;
    const get = async (key: string) => (await cache.view(store)).get(key, async () => { loads++; return { n: [loads] }; });
    const a = await get('a');
    await get('b');
    await get('c'); // 'a' makes room
    expect(Object.isFrozen(a.n)).toBe(true);
    await get('c');
    await get('a');
    expect(loads).toBe(4);
  });
});
