// One scenario for every shared store (Redis, Redis Cluster): four stores — like four gateways —
// on one data set. A counter limit is never passed, a read-modify-write loses no update, and a
// unique value raced from all four is taken exactly once.
import { expect } from 'vitest';
import { openStore } from '../../src/store/open.js';
import { UniqueViolation, type StoredRecord } from '../../src/store/port.js';
import { CONTRACT_SCHEMA } from './contract.js';

export async function fourStoresShareOneDataSet(url: string, limit: number): Promise<void> {
  const stores = await Promise.all([1, 2, 3, 4].map(() => openStore(url, CONTRACT_SCHEMA)));
  await stores[0].transact(async (tx) => { tx.put('Doc', { id: 1, value: 0 }); });
  const outcomes = await Promise.all(Array.from({ length: 6 * limit }, (_, i) => stores[i % 4].transact(async (tx) => {
    if ((await tx.counter('promo')) >= limit) return false;
    tx.bump('promo', 1, limit);
    tx.put('Invoice', { id: await tx.nextId('inv'), number: `P${i}` });
    return true;
  })));
  expect(outcomes.filter(Boolean).length).toBe(limit);
  expect(await stores[3].count('Invoice')).toBe(limit);
  await Promise.all(Array.from({ length: 40 }, (_, i) => stores[i % 4].transact(async (tx) => {
    const doc = (await tx.get<StoredRecord & { value: number }>('Doc', 1))!;
    tx.put('Doc', { ...doc, value: doc.value + 1 });
  })));
  expect(await stores[1].get('Doc', 1)).toEqual({ id: 1, value: 40 });
  const raced = await Promise.allSettled(stores.map((s, i) => s.transact(async (tx) => { tx.put('Invoice', { id: 10_000 + i, number: 'RACE' }); })));
  expect(raced.filter((r) => r.status === 'fulfilled').length).toBe(1);
  for (const r of raced) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(UniqueViolation);
  await Promise.all(stores.map((s) => s.close()));
}
