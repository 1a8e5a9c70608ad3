// Redis going away and coming back: calls fail promptly with StoreUnavailable (no hanging, no
// half-written transaction) and succeed again once the same server is back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open.js';
import { StoreUnavailable, type Store } from '../../src/store/port.js';
import { startRedis, type RedisServer } from '../support/redis.js';
import { eventually } from '../support/eventually.js';
import { CONTRACT_SCHEMA } from './contract.js';

let redis: RedisServer;
let store: Store;
beforeAll(async () => {
  redis = await startRedis();
  store = await openStore(`${redis.url}?prefix=outage&commandTimeout=1000`, CONTRACT_SCHEMA);
});
afterAll(async () => { await store?.close(); await redis?.remove(); });

async function rejectsPromptly(work: () => Promise<unknown>): Promise<void> {
  const started = Date.now();
  await expect(work()).rejects.toBeInstanceOf(StoreUnavailable);
  expect(Date.now() - started).toBeLessThan(1500);
}

describe('redis store outage', () => {
  it('fails fast while redis is down and recovers when it returns', async () => {
    await store.transact(async (tx) => { tx.put('Invoice', { id: 1, number: 'BEFORE' }); });
    await redis.stop();

    await rejectsPromptly(() => store.ping());
    await rejectsPromptly(() => store.get('Invoice', 1));
    await rejectsPromptly(() => store.list('Invoice'));
    await rejectsPromptly(() => store.nextId('invoice'));
    await rejectsPromptly(() => store.transact(async (tx) => {
      tx.put('Invoice', { id: 2, number: 'DURING' });
      return tx.get('Invoice', 1);
    }));

    await redis.start();
    await eventually(() => store.ping(), 5000);
    expect(await store.get('Invoice', 1)).toEqual({ id: 1, number: 'BEFORE' });
    expect(await store.get('Invoice', 2)).toBeUndefined();
    await store.transact(async (tx) => { tx.put('Invoice', { id: 3, number: 'AFTER' }); });
    expect((await store.findBy('Invoice', 'number', 'AFTER')).map((r) => r.id)).toEqual([3]);
  });

  it('a commit cut off mid-flight is all or nothing', async () => {
    // Writers run until redis is killed under them: each transaction's record and counter bump
    // land together or not at all.
    let next = 1000;
    let committed = 0;
    const loop = async () => {
      for (;;) {
        try {
          await store.transact(async (tx) => { tx.put('Doc', { id: next++, value: 1 }); tx.bump('docs', 1); });
          committed++;
        } catch (e) {
          expect(e).toBeInstanceOf(StoreUnavailable);
          return;
        }
      }
    };
    const loops = Array.from({ length: 16 }, loop);
    await new Promise((r) => setTimeout(r, 150));
    await redis.kill();
    await Promise.all(loops);
    expect(committed).toBeGreaterThan(0);
    await redis.start();
    await eventually(() => store.ping(), 5000);
    const docs = await store.count('Doc');
    expect(docs).toBe(await store.counter('docs'));
    expect(docs).toBeGreaterThanOrEqual(committed);
  });

  it('openStore waits for a redis that comes up a moment later (up to connectTimeout)', async () => {
    await redis.stop();
    const opening = openStore(`${redis.url}?prefix=late&connectTimeout=8000`, CONTRACT_SCHEMA);
    await new Promise((r) => setTimeout(r, 400));
    await redis.start();
    const late = await opening;
    await late.transact(async (tx) => { tx.put('Doc', { id: 1, value: 1 }); });
    expect(await late.get('Doc', 1)).toEqual({ id: 1, value: 1 });
    await late.close();
  });
});
