import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open.js';
import { StoreError, StoreUnavailable, type Store } from '../../src/store/port.js';
import { ID_BLOCK } from '../../src/store/redis/sequence-values.js';
import { parseRedisUrl } from '../../src/store/redis/url.js';
import { startRedis, type RedisServer } from '../support/redis.js';
import { CONTRACT_SCHEMA, runStoreContract } from './contract.js';
import { fourStoresShareOneDataSet } from './shared-data-set.js';

let redis: RedisServer;
beforeAll(async () => { redis = await startRedis(); });
afterAll(async () => { await redis?.remove(); });

// Each store gets its own key prefix, i.e. its own data set on the shared server.
let n = 0;
const url = () => `${redis.url}?prefix=contract${++n}`;

runStoreContract('redis', (schema) => openStore(url(), schema));

describe('redis store', () => {
  it('parses URLs and never echoes the password', () => {
    const t = parseRedisUrl('redis://user:s3cret@10.0.0.5:6380/2?prefix=shop.a&commandTimeout=500');
    expect(t.options).toMatchObject({ host: '10.0.0.5', port: 6380, db: 2, username: 'user', password: 's3cret', commandTimeout: 500 });
    expect(t.prefix).toBe('shop.a');
    expect(t.display).not.toContain('s3cret');
    expect(() => parseRedisUrl('redis://h:1/x')).toThrow(/database must be a number/);
    expect(() => parseRedisUrl('redis://h:1/0?bogus=1')).toThrow(/unknown option "bogus"/);
    expect(() => parseRedisUrl('redis://h:1/0?prefix={x}')).toThrow(StoreError);
  });

  it('re-indexes a collection whose indexed fields changed since its records were written', async () => {
    const u = url();
    const before = await openStore(u, [{ name: 'Msg', indexes: ['invoiceId'] }]);
    await before.transact(async (tx) => {
      for (let id = 1; id <= 450; id++) tx.put('Msg', { id, invoiceId: id % 3, state: id % 2 ? 'queued' : 'sent' });
    });
    await before.close();
    // A new release indexes `state` and no longer `invoiceId`.
    const after = await openStore(u, [{ name: 'Msg', indexes: ['state'] }]);
    expect((await after.findBy('Msg', 'state', 'queued')).length).toBe(225);
    expect(await after.count('Msg', { state: 'sent' })).toBe(225);
    await after.close();
    const raw = new Redis(parseRedisUrl(u).options);
    const prefix = u.split('prefix=')[1];
    expect(await raw.exists(`{${prefix}}:ix:Msg:invoiceId:n:1`)).toBe(0); // stale entries dropped
    expect(await raw.hget(`{${prefix}}:layout`, 'Msg')).toBe('["state"]');
    raw.disconnect();
  });

  it('two stores on one data set see each other; an ordered sequence increases across both', async () => {
    const u = url();
    const open = () => openStore(u, CONTRACT_SCHEMA, { orderedSequences: ['inv'] });
    const [a, b] = await Promise.all([open(), open()]);
    await a.transact(async (tx) => { tx.put('Invoice', { id: await tx.nextId('inv'), number: 'X1' }); });
    expect(await b.findBy('Invoice', 'number', 'X1')).toEqual([{ id: 1, number: 'X1' }]);
    expect(await b.nextId('inv')).toBe(2);
    expect(await a.nextId('inv')).toBe(3);
    await Promise.all([a.close(), b.close()]);
  });

  it('other sequences come in per-store blocks: unique across stores and restarts, increasing per store', async () => {
    const u = url();
    const [a, b] = await Promise.all([openStore(u, CONTRACT_SCHEMA), openStore(u, CONTRACT_SCHEMA)]);
    const take = (s: Store, n: number) => Promise.all(Array.from({ length: n }, (_, i) => (i % 2 ? s.nextId('doc') : s.transact((tx) => tx.nextId('doc')))));
    const [fromA, fromB] = await Promise.all([take(a, 250), take(b, 250)]);
    for (const values of [fromA, fromB]) expect(values).toEqual([...values].sort((x, y) => x - y));
    // The first block of a fresh data set starts at 1 (either store may have asked first).
    expect(Math.min(fromA[0], fromB[0])).toBe(1);
    await a.close();
    const again = await openStore(u, CONTRACT_SCHEMA);
    const afterRestart = await take(again, 10);
    const all = [...fromA, ...fromB, ...afterRestart];
    expect(new Set(all).size).toBe(all.length);
    expect(Math.min(...afterRestart)).toBeGreaterThan(Math.max(...fromA, ...fromB));
    // One INCRBY per block, not one INCR per value: each of a and b handed out 250 values from 3
    // blocks and reserved a 4th once half of its 3rd was out; the restarted store used 1 block.
    const raw = new Redis(parseRedisUrl(u).options);
    expect(Number(await raw.get(`{${u.split('prefix=')[1]}}:seq:doc`))).toBe(9 * ID_BLOCK);
    raw.disconnect();
    await Promise.all([b.close(), again.close()]);
  });

  it('four stores (four connections, like four gateways) on one data set: limits, isolation and unique hold', async () => {
    await fourStoresShareOneDataSet(url(), 100);
  });

  it('leaves no index keys or versions behind once records are deleted', async () => {
    const prefix = `cleanup${++n}`;
    const store = await openStore(`${redis.url}?prefix=${prefix}`, CONTRACT_SCHEMA);
    await store.transact(async (tx) => {
      tx.put('Invoice', { id: 1, number: 'A', clientId: 1, tags: ['x', 'y'] });
      tx.put('Invoice', { id: 2, number: 'B', clientId: 1 });
    });
    await store.transact(async (tx) => { tx.delete('Invoice', 1); tx.delete('Invoice', 2); });
    const raw = new Redis(redis.port);
    const keys = (await raw.keys(`{${prefix}}:*`)).sort();
    raw.disconnect();
    // Only the commit clock and the index layout remain: records, id set, index sets, index versions and unique hash are gone.
    expect(keys).toEqual([`{${prefix}}:clock`, `{${prefix}}:layout`]);
    await store.close();
  });

  it('a findBy in a transaction conflicts on every membership change, also of sets without a version entry', async () => {
    const prefix = `versions${++n}`;
    const store = await openStore(`${redis.url}?prefix=${prefix}`, CONTRACT_SCHEMA);
    // Reads client 7's invoices, lets `meanwhile` commit once (first run only), then writes: the
    // answer must be the one of the run that committed.
    const readThenWrite = async (meanwhile: () => Promise<void>) => {
      let runs = 0;
      const seen = await store.transact(async (tx) => {
        const ids = (await tx.findBy('Invoice', 'clientId', 7)).map((r) => r.id);
        if (runs++ === 0) await meanwhile();
        tx.putKv('seen', ids);
        return ids;
      });
      return { seen, runs };
    };
    const put = (recs: Array<{ id: number; clientId: number }>) => store.transact(async (tx) => { for (const r of recs) tx.put('Invoice', r); });
    // Absent set, then created by a commit (a fresh set has no version entry).
    expect(await readThenWrite(() => put([{ id: 1, clientId: 7 }]))).toEqual({ seen: [1], runs: 2 });
    // Fresh set {1} emptied and refilled with another record: same size, other members.
    expect(await readThenWrite(async () => { await store.transact(async (tx) => { tx.delete('Invoice', 1); }); await put([{ id: 2, clientId: 7 }]); }))
      .toEqual({ seen: [2], runs: 2 });
    // Fresh set growing, then an existing set (versioned) growing again.
    expect(await readThenWrite(() => put([{ id: 3, clientId: 7 }]))).toEqual({ seen: [2, 3], runs: 2 });
    expect(await readThenWrite(() => put([{ id: 4, clientId: 7 }]))).toEqual({ seen: [2, 3, 4], runs: 2 });
    // No change in between: no re-run.
    expect(await readThenWrite(async () => {})).toEqual({ seen: [2, 3, 4], runs: 1 });
    const raw = new Redis(redis.port);
    // Only the sets a later commit changed carry a version entry.
    expect(await raw.hkeys(`{${prefix}}:ixv`)).toEqual([`{${prefix}}:ix:Invoice:clientId:n:7`]);
    raw.disconnect();
    await store.close();
  });

  it('openStore fails fast with StoreUnavailable when nothing listens', async () => {
    const started = Date.now();
    await expect(openStore('redis://127.0.0.1:1/0?connectTimeout=500', CONTRACT_SCHEMA)).rejects.toBeInstanceOf(StoreUnavailable);
    expect(Date.now() - started).toBeLessThan(3000);
  });
});
