// The one contract every store adapter passes (memory, SQLite, Redis). Each adapter's test file
// calls runStoreContract with a factory returning a fresh, empty store for CONTRACT_SCHEMA.
// Skips are listed by test name with the reason, never silently.
import { afterEach, describe, expect, it } from 'vitest';
import { checkAgainstModel } from './contract-model.js';
import {
  LimitExceeded, StoreError, UniqueViolation,
  type CollectionSpec, type Store, type StoredRecord,
} from '../../src/store/port.js';

export const CONTRACT_SCHEMA: CollectionSpec[] = [
  { name: 'Invoice', indexes: ['clientId', 'tags', 'status'], unique: ['number'] },
  { name: 'Client', indexes: ['email'] },
  { name: 'Doc', ordered: ['due'] },
];

interface Invoice extends StoredRecord { clientId?: number | string; number?: string; status?: string; tags?: string[]; total?: string; n?: number }
interface Doc extends StoredRecord { value: number; nested?: { list: number[] }; due?: unknown }

export interface ContractOptions {
  /** Test name → reason it cannot run on this adapter. */
  skip?: Record<string, string>;
  /** Runs of the model-based test (each opens a fresh store). */
  modelRuns?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function runStoreContract(name: string, makeStore: (schema: CollectionSpec[]) => Promise<Store>, opts: ContractOptions = {}): void {
  describe(`store contract: ${name}`, () => {
    let open: Store[] = [];
    const fresh = async () => { const s = await makeStore(CONTRACT_SCHEMA); open.push(s); return s; };
    afterEach(async () => { await Promise.all(open.map((s) => s.close())); open = []; });

    const test = (title: string, body: () => Promise<void>) => {
      const reason = opts.skip?.[title];
      if (reason) it.skip(`${title} — skipped: ${reason}`, body);
      else it(title, body);
    };

    const seed = async (store: Store, recs: Invoice[]) => {
      await store.transact(async (tx) => { for (const r of recs) tx.put('Invoice', r); });
    };

    test('put, get, replace and delete a record', async () => {
      const store = await fresh();
      const ret = await store.transact(async (tx) => { tx.put<Invoice>('Invoice', { id: 1, number: 'INV001', total: '12.30' }); return 'done'; });
      expect(ret).toBe('done');
      expect(await store.get('Invoice', 1)).toEqual({ id: 1, number: 'INV001', total: '12.30' });
      await store.transact(async (tx) => { tx.put<Invoice>('Invoice', { id: 1, number: 'INV001', total: '99.00' }); });
      expect(await store.get<Invoice>('Invoice', 1)).toEqual({ id: 1, number: 'INV001', total: '99.00' });
      await store.transact(async (tx) => { tx.delete('Invoice', 1); });
      expect(await store.get('Invoice', 1)).toBeUndefined();
      expect(await store.get('Invoice', 404)).toBeUndefined();
    });

    test('listAfter pages by id: chunks neither skip nor repeat records written in between', async () => {
      const store = await fresh();
      await seed(store, [5, 1, 9, 3, 7].map((id) => ({ id, n: id })));
      expect((await store.listAfter<Invoice>('Invoice', 0, 2)).map((r) => r.id)).toEqual([1, 3]);
      // Between two chunks: a record already read is deleted, one ahead is added.
      await store.transact(async (tx) => { tx.delete('Invoice', 1); tx.put<Invoice>('Invoice', { id: 4, n: 4 }); });
      expect(await store.listAfter<Invoice>('Invoice', 3, 2)).toEqual([{ id: 4, n: 4 }, { id: 5, n: 5 }]);
      expect((await store.listAfter('Invoice', 5, 10)).map((r) => r.id)).toEqual([7, 9]);
      expect(await store.listAfter('Invoice', 9, 10)).toEqual([]);
      expect(await store.listAfter('Doc', 0, 10)).toEqual([]);
      await expect(store.listAfter('Invoice', -1, 10)).rejects.toBeInstanceOf(StoreError);
      await expect(store.listAfter('Invoice', 0, 0)).rejects.toBeInstanceOf(StoreError);
      await expect(store.listAfter('Nope', 0, 1)).rejects.toThrow(/unknown collection "Nope"/);
    });

    test('listUpTo reads an ordered index up to a value, by (value, id), keyset-paged, following updates', async () => {
      const store = await fresh();
      const docs: Doc[] = [
        { id: 1, value: 1, due: '2026-03-01' }, { id: 2, value: 2, due: '2026-01-31' }, { id: 3, value: 3, due: '2026-02-28' },
        { id: 4, value: 4, due: '2026-01-31' }, { id: 5, value: 5 }, { id: 6, value: 6, due: 20260101 }, { id: 7, value: 7, due: '2026-01-31x' },
        { id: 10, value: 10, due: '2026-01-31' }, { id: 8, value: 8, due: 'caf\u00e9' },
      ];
      await store.transact(async (tx) => { for (const d of docs) tx.put('Doc', d); });
      const ids = async (upTo: string, limit = 100, after?: { value: string; id: number }) =>
        (await store.listUpTo<Doc>('Doc', 'due', upTo, limit, after)).map((d) => d.id);
      // Missing, non-text and non-ASCII values are not in the index; a longer value sorts after its prefix.
      expect(await ids('2026-01-31')).toEqual([2, 4, 10]);
      expect(await ids('2026-02-28')).toEqual([2, 4, 10, 7, 3]);
      expect(await ids('9999')).toEqual([2, 4, 10, 7, 3, 1]);
      expect(await ids('2026-01-30')).toEqual([]);
      expect(await ids('2026-12-31', 2)).toEqual([2, 4]);
      expect(await ids('2026-12-31', 2, { value: '2026-01-31', id: 4 })).toEqual([10, 7]);
      expect(await ids('2026-12-31', 10, { value: '2026-02-28', id: 3 })).toEqual([1]);
      expect(await ids('2026-12-31', 0)).toEqual([]);
      // Moving a value moves the entry; deleting or clearing it removes it.
      await store.transact(async (tx) => {
        tx.put('Doc', { id: 2, value: 2, due: '2026-02-28' });
        tx.delete('Doc', 4);
        tx.put('Doc', { id: 10, value: 10 });
        tx.put('Doc', { id: 5, value: 5, due: '2026-01-01' });
      });
      expect(await ids('2026-02-28')).toEqual([5, 7, 2, 3]);
      expect((await store.listUpTo<Doc>('Doc', 'due', '2026-01-01', 5))).toEqual([{ id: 5, value: 5, due: '2026-01-01' }]);
      await expect(store.listUpTo('Doc', 'value', '1', 1)).rejects.toThrow(/no ordered index/);
      await expect(store.listUpTo('Doc', 'due', 'x'.repeat(65), 1)).rejects.toBeInstanceOf(StoreError);
      await expect(store.listUpTo('Nope', 'due', '1', 1)).rejects.toThrow(/unknown collection "Nope"/);
    });

    test('refuses unknown collections, bad ids and non-indexed look-ups', async () => {
      const store = await fresh();
      await expect(store.get('Nope', 1)).rejects.toThrow(/unknown collection "Nope"/);
      await expect(store.transact(async (tx) => { tx.put('Invoice', { id: 0 }); })).rejects.toBeInstanceOf(StoreError);
      await expect(store.transact(async (tx) => { tx.put('Invoice', { id: 1.5 } as StoredRecord); })).rejects.toThrow(/positive integer/);
      await expect(store.findBy('Invoice', 'total', '1.00')).rejects.toThrow(/Invoice.total is not indexed/);
      await expect(store.list('Invoice', { where: { total: '1.00' } })).rejects.toThrow(/not indexed/);
    });

    test('a transaction reads its own writes', async () => {
      const store = await fresh();
      await seed(store, [{ id: 1, clientId: 7, status: 'draft' }]);
      const seen = await store.transact(async (tx) => {
        tx.put<Invoice>('Invoice', { id: 2, clientId: 7 });
        tx.put<Invoice>('Invoice', { id: 1, clientId: 8 });
        tx.bump('c', 2);
        tx.putKv('k', { a: 1 });
        return {
          one: await tx.get<Invoice>('Invoice', 1),
          by7: (await tx.findBy<Invoice>('Invoice', 'clientId', 7)).map((r) => r.id),
          by8: (await tx.findBy<Invoice>('Invoice', 'clientId', 8)).map((r) => r.id),
          c: await tx.counter('c'),
          k: await tx.getKv('k'),
        };
      });
      expect(seen).toEqual({ one: { id: 1, clientId: 8 }, by7: [2], by8: [1], c: 2, k: { a: 1 } });
      await store.transact(async (tx) => {
        tx.delete('Invoice', 2);
        expect(await tx.get('Invoice', 2)).toBeUndefined();
        expect(await tx.findBy('Invoice', 'clientId', 7)).toEqual([]);
        tx.deleteKv('k');
        expect(await tx.getKv('k')).toBeUndefined();
      });
    });

    test('kvAbsent: what the transaction itself wrote, else what is stored, also when nothing is written', async () => {
      const store = await fresh();
      await store.transact(async (tx) => { tx.putKv('taken', true); });
      const seen = await store.transact(async (tx) => {
        tx.putKv('mine', 1);
        tx.deleteKv('taken');
        return { free: await tx.kvAbsent('free'), mine: await tx.kvAbsent('mine'), deleted: await tx.kvAbsent('taken') };
      });
      expect(seen).toEqual({ free: true, mine: false, deleted: true });
      await store.transact(async (tx) => { tx.putKv('taken', true); });
      // A read-only transaction: an adapter that answered without reading still checks at commit.
      expect(await store.transact((tx) => tx.kvAbsent('taken'))).toBe(false);
      expect(await store.transact(async (tx) => { tx.put('Client', { id: 1 }); return tx.kvAbsent('taken'); })).toBe(false);
      expect(await store.get('Client', 1)).toEqual({ id: 1 });
    });

    test('findBy uses indexes: scalars, array elements, exact types, ascending ids', async () => {
      const store = await fresh();
      await seed(store, [
        { id: 3, clientId: 5, tags: ['a', 'b'] },
        { id: 1, clientId: 5, tags: ['b'] },
        { id: 2, clientId: '5', tags: [] },
      ]);
      expect((await store.findBy<Invoice>('Invoice', 'clientId', 5)).map((r) => r.id)).toEqual([1, 3]);
      expect((await store.findBy<Invoice>('Invoice', 'clientId', '5')).map((r) => r.id)).toEqual([2]);
      expect((await store.findBy<Invoice>('Invoice', 'tags', 'b')).map((r) => r.id)).toEqual([1, 3]);
      expect((await store.findBy<Invoice>('Invoice', 'tags', 'a'))).toEqual([{ id: 3, clientId: 5, tags: ['a', 'b'] }]);
      await store.transact(async (tx) => { tx.put<Invoice>('Invoice', { id: 3, clientId: 6, tags: ['c'] }); tx.delete('Invoice', 1); });
      expect((await store.findBy<Invoice>('Invoice', 'clientId', 5))).toEqual([]);
      expect((await store.findBy<Invoice>('Invoice', 'tags', 'b'))).toEqual([]);
      expect((await store.findBy<Invoice>('Invoice', 'tags', 'c')).map((r) => r.id)).toEqual([3]);
      expect((await store.findBy<Invoice>('Invoice', 'number', 'none'))).toEqual([]);
    });

    test('indexes hold what JSON stores: a Date by its ISO text, values as put (later changes of the object do not count)', async () => {
      const store = await fresh();
      const when = new Date('2026-12-02T00:00:00.000Z');
      const tags = ['x'];
      const withToJson = { id: 2, toJSON: () => ({ id: 2, status: 'fromToJson' }), status: 'ignored' };
      await store.transact(async (tx) => {
        tx.put('Invoice', { id: 1, status: when as unknown as string, tags, clientId: Number.NaN });
        tx.put('Invoice', withToJson as unknown as Invoice);
        tags.push('y');
      });
      expect((await store.findBy<Invoice>('Invoice', 'status', '2026-12-02T00:00:00.000Z')).map((r) => r.id)).toEqual([1]);
      expect((await store.findBy<Invoice>('Invoice', 'tags', 'y'))).toEqual([]);
      expect((await store.findBy<Invoice>('Invoice', 'tags', 'x')).map((r) => r.id)).toEqual([1]);
      expect((await store.findBy<Invoice>('Invoice', 'status', 'fromToJson')).map((r) => r.id)).toEqual([2]);
      expect((await store.findBy<Invoice>('Invoice', 'status', 'ignored'))).toEqual([]);
      expect(await store.get('Invoice', 1)).toEqual({ id: 1, status: '2026-12-02T00:00:00.000Z', tags: ['x'], clientId: null });
    });

    test('unique fields: duplicates refused, nothing of that transaction written', async () => {
      const store = await fresh();
      await seed(store, [{ id: 1, number: 'INV001' }]);
      const err = await store.transact(async (tx) => {
        tx.put<Invoice>('Invoice', { id: 2, number: 'INV001' });
        tx.put('Doc', { id: 1, value: 1 });
        tx.bump('uses', 1);
      }).catch((e) => e);
      expect(err).toBeInstanceOf(UniqueViolation);
      expect(err).toMatchObject({ collection: 'Invoice', field: 'number', value: 'INV001' });
      expect(await store.get('Invoice', 2)).toBeUndefined();
      expect(await store.get('Doc', 1)).toBeUndefined();
      expect(await store.counter('uses')).toBe(0);
      // Re-saving the owner is fine; a unique field is also findable.
      await seed(store, [{ id: 1, number: 'INV001', total: '1.00' }]);
      expect((await store.findBy<Invoice>('Invoice', 'number', 'INV001')).map((r) => r.id)).toEqual([1]);
      // Two records of one transaction cannot share a value.
      await expect(seed(store, [{ id: 5, number: 'X' }, { id: 6, number: 'X' }])).rejects.toBeInstanceOf(UniqueViolation);
      // Empty values are not checked.
      await seed(store, [{ id: 7, number: '' }, { id: 8, number: '' }, { id: 9 }, { id: 10 }]);
      // A value freed in the same transaction can be taken, and after a delete.
      await store.transact(async (tx) => {
        tx.put<Invoice>('Invoice', { id: 1, number: 'INV001-old' });
        tx.put<Invoice>('Invoice', { id: 11, number: 'INV001' });
      });
      await store.transact(async (tx) => { tx.delete('Invoice', 11); });
      await seed(store, [{ id: 12, number: 'INV001' }]);
      expect((await store.findBy<Invoice>('Invoice', 'number', 'INV001')).map((r) => r.id)).toEqual([12]);
    });

    test('list: where (ANDed, array fields), filter, sort, offset, limit and total', async () => {
      const store = await fresh();
      const recs: Invoice[] = [];
      for (let i = 1; i <= 30; i++) {
        recs.push({ id: i, clientId: i % 3, status: i % 2 ? 'paid' : 'draft', n: (i * 7) % 11, number: `N${String(i).padStart(2, '0')}`, tags: i % 5 === 0 ? ['five'] : [] });
      }
      await seed(store, recs);
      const all = await store.list<Invoice>('Invoice');
      expect(all.total).toBe(30);
      expect(all.records.map((r) => r.id)).toEqual(recs.map((r) => r.id));
      const paged = await store.list<Invoice>('Invoice', { offset: 10, limit: 5 });
      expect(paged).toMatchObject({ total: 30 });
      expect(paged.records.map((r) => r.id)).toEqual([11, 12, 13, 14, 15]);
      const desc = await store.list<Invoice>('Invoice', { sort: { field: 'id', dir: 'desc' }, limit: 3 });
      expect(desc.records.map((r) => r.id)).toEqual([30, 29, 28]);
      const where = await store.list<Invoice>('Invoice', { where: { clientId: 1, status: 'paid' } });
      expect(where.records.map((r) => r.id)).toEqual([1, 7, 13, 19, 25]);
      expect(where.total).toBe(5);
      const tagged = await store.list<Invoice>('Invoice', { where: { tags: 'five' }, sort: { field: 'id', dir: 'desc' }, offset: 1, limit: 2 });
      expect(tagged).toMatchObject({ total: 6 });
      expect(tagged.records.map((r) => r.id)).toEqual([25, 20]);
      const filtered = await store.list<Invoice>('Invoice', { where: { status: 'draft' }, filter: (r) => (r.n ?? 0) > 5, limit: 2 });
      const expectFiltered = recs.filter((r) => r.status === 'draft' && (r.n ?? 0) > 5);
      expect(filtered.total).toBe(expectFiltered.length);
      expect(filtered.records.map((r) => r.id)).toEqual(expectFiltered.slice(0, 2).map((r) => r.id));
      // Numbers sort numerically (ties by id), text sorts as text.
      const byN = await store.list<Invoice>('Invoice', { sort: { field: 'n' } });
      const expectN = [...recs].sort((a, b) => (a.n! - b.n!) || a.id - b.id).map((r) => r.id);
      expect(byN.records.map((r) => r.id)).toEqual(expectN);
      const byNumber = await store.list<Invoice>('Invoice', { sort: { field: 'number', dir: 'desc' }, limit: 2 });
      expect(byNumber.records.map((r) => r.number)).toEqual(['N30', 'N29']);
      expect(await store.list('Invoice', { where: { clientId: 99 } })).toEqual({ total: 0, records: [] });
      expect(await store.list('Doc')).toEqual({ total: 0, records: [] });
      await expect(store.list('Invoice', { offset: -1 })).rejects.toBeInstanceOf(StoreError);
    });

    test('count with and without where', async () => {
      const store = await fresh();
      await seed(store, [{ id: 1, clientId: 1, status: 'paid' }, { id: 2, clientId: 1 }, { id: 3, clientId: 2, status: 'paid' }]);
      expect(await store.count('Invoice')).toBe(3);
      expect(await store.count('Invoice', { clientId: 1 })).toBe(2);
      expect(await store.count('Invoice', { clientId: 1, status: 'paid' })).toBe(1);
      expect(await store.count('Doc')).toBe(0);
    });

    test('sequences count up independently and are never reused, even after an aborted transaction', async () => {
      const store = await fresh();
      expect(await store.nextId('invoice')).toBe(1);
      expect(await store.nextId('invoice')).toBe(2);
      expect(await store.nextId('client')).toBe(1);
      await expect(store.transact(async (tx) => {
        const id = await tx.nextId('invoice');
        tx.put('Invoice', { id });
        throw new Error('abort after taking id ' + id);
      })).rejects.toThrow('abort after taking id 3');
      expect(await store.get('Invoice', 3)).toBeUndefined();
      expect(await store.nextId('invoice')).toBe(4);
      const many = await Promise.all(Array.from({ length: 200 }, (_, i) => (i % 2 ? store.nextId('invoice') : store.transact((tx) => tx.nextId('invoice')))));
      expect(new Set(many).size).toBe(200);
      expect(Math.min(...many)).toBeGreaterThan(4);
    });

    test('atomicity: a throwing function leaves nothing behind', async () => {
      const store = await fresh();
      await seed(store, [{ id: 1, number: 'A', clientId: 1 }]);
      const boom = new Error('boom');
      const err = await store.transact(async (tx) => {
        tx.put<Invoice>('Invoice', { id: 1, number: 'B', clientId: 2 });
        tx.put<Invoice>('Invoice', { id: 2, number: 'C' });
        tx.delete('Invoice', 1);
        tx.bump('n', 5);
        tx.putKv('idem', 'x');
        throw boom;
      }).catch((e) => e);
      expect(err).toBe(boom);
      expect(await store.get('Invoice', 1)).toEqual({ id: 1, number: 'A', clientId: 1 });
      expect(await store.get('Invoice', 2)).toBeUndefined();
      expect((await store.findBy('Invoice', 'clientId', 1)).length).toBe(1);
      expect(await store.findBy('Invoice', 'clientId', 2)).toEqual([]);
      expect(await store.counter('n')).toBe(0);
      expect(await store.getKv('idem')).toBeUndefined();
      expect(await store.count('Invoice')).toBe(1);
    });

    test('isolation: concurrent read-then-write transactions lose no update', async () => {
      const store = await fresh();
      await store.transact(async (tx) => { tx.put<Doc>('Doc', { id: 1, value: 0 }); tx.put<Doc>('Doc', { id: 2, value: 0 }); });
      const N = 60;
      await Promise.all(Array.from({ length: N }, (_, i) => store.transact(async (tx) => {
        const id = (i % 2) + 1;
        const doc = (await tx.get<Doc>('Doc', id))!;
        await sleep(0);
        tx.put<Doc>('Doc', { ...doc, value: doc.value + 1 });
      })));
      expect((await store.get<Doc>('Doc', 1))!.value).toBe(N / 2);
      expect((await store.get<Doc>('Doc', 2))!.value).toBe(N / 2);
    });

    test('isolation: findBy-then-insert under concurrency creates one record per key', async () => {
      const store = await fresh();
      const emails = ['a@x.test', 'b@x.test'];
      await Promise.all(Array.from({ length: 30 }, (_, i) => store.transact(async (tx) => {
        const email = emails[i % 2];
        if ((await tx.findBy('Client', 'email', email)).length > 0) return;
        tx.put('Client', { id: await tx.nextId('client'), email });
      })));
      expect(await store.count('Client', { email: 'a@x.test' })).toBe(1);
      expect(await store.count('Client', { email: 'b@x.test' })).toBe(1);
    });

    test('counters: bump applies at commit; with a limit exactly `limit` of 500 concurrent transactions succeed', async () => {
      const store = await fresh();
      await store.transact(async (tx) => { tx.bump('plain', 3); tx.bump('plain', -1); });
      expect(await store.counter('plain')).toBe(2);
      const limit = 100;
      const outcomes = await Promise.all(Array.from({ length: 500 }, (_, i) => store.transact(async (tx) => {
        if ((await tx.counter('promo')) >= limit) return false;
        tx.bump('promo', 1, limit);
        tx.put<Doc>('Doc', { id: i + 1, value: i });
        return true;
      })));
      expect(outcomes.filter(Boolean).length).toBe(limit);
      expect(await store.counter('promo')).toBe(limit);
      expect(await store.count('Doc')).toBe(limit);
    });

    test('counters: a bump over its limit surfaces LimitExceeded and writes nothing', async () => {
      const store = await fresh();
      await store.transact(async (tx) => { tx.bump('cap', 2, 2); });
      const err = await store.transact(async (tx) => { tx.put<Doc>('Doc', { id: 1, value: 1 }); tx.bump('cap', 1, 2); }).catch((e) => e);
      expect(err).toBeInstanceOf(LimitExceeded);
      expect(err).toMatchObject({ counter: 'cap' });
      expect(await store.get('Doc', 1)).toBeUndefined();
      expect(await store.counter('cap')).toBe(2);
      // Two bumps of one transaction add up against the limit.
      await expect(store.transact(async (tx) => { tx.bump('pair', 1, 1); tx.bump('pair', 1, 1); })).rejects.toBeInstanceOf(LimitExceeded);
      expect(await store.counter('pair')).toBe(0);
    });

    test('kv: put, overwrite, delete and expiry', async () => {
      const store = await fresh();
      await store.transact(async (tx) => { tx.putKv('a', { orderId: 7, ok: true }); tx.putKv('short', 'x', 150); });
      expect(await store.getKv('a')).toEqual({ orderId: 7, ok: true });
      expect(await store.getKv('short')).toBe('x');
      expect(await store.getKv('missing')).toBeUndefined();
      await store.transact(async (tx) => { tx.putKv('a', [1, 2]); });
      expect(await store.getKv('a')).toEqual([1, 2]);
      await sleep(300);
      expect(await store.getKv('short')).toBeUndefined();
      await store.transact(async (tx) => { expect(await tx.getKv('short')).toBeUndefined(); tx.deleteKv('a'); });
      expect(await store.getKv('a')).toBeUndefined();
      // An overwrite without ttl no longer expires.
      await store.transact(async (tx) => { tx.putKv('b', 1, 100); });
      await store.transact(async (tx) => { tx.putKv('b', 2); });
      await sleep(250);
      expect(await store.getKv('b')).toBe(2);
    });

    test('records are copied in and out: callers never alias stored state', async () => {
      const store = await fresh();
      const doc: Doc = { id: 1, value: 1, nested: { list: [1] } };
      await store.transact(async (tx) => { tx.put('Doc', doc); doc.nested!.list.push(2); doc.value = 9; });
      const got = (await store.get<Doc>('Doc', 1))!;
      expect(got).toEqual({ id: 1, value: 1, nested: { list: [1] } });
      got.nested!.list.push(3);
      (await store.list<Doc>('Doc')).records[0].nested!.list.push(4);
      await store.transact(async (tx) => { (await tx.get<Doc>('Doc', 1))!.nested!.list.push(5); });
      expect(await store.get('Doc', 1)).toEqual({ id: 1, value: 1, nested: { list: [1] } });
      const kvValue = { list: [1] };
      await store.transact(async (tx) => { tx.putKv('k', kvValue); });
      kvValue.list.push(2);
      expect(await store.getKv('k')).toEqual({ list: [1] });
    });

    test('random transactions agree with a reference model (records, indexes, uniques, list, count)', async () => {
      await checkAgainstModel(makeStore, CONTRACT_SCHEMA, opts.modelRuns ?? 40);
    });

    test('ping answers while open', async () => {
      const store = await fresh();
      await expect(store.ping()).resolves.toBeUndefined();
      expect(['memory', 'sqlite', 'redis']).toContain(store.kind);
    });
  });
}
