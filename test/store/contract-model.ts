// Model-based part of the store contract: random transactions of puts and deletes, then random
// look-ups, compared with a plain in-memory reference model. Used by runStoreContract.
import fc from 'fast-check';
import { expect } from 'vitest';
import { UniqueViolation, type CollectionSpec, type Store, type StoredRecord } from '../../src/store/port.js';

interface Inv extends StoredRecord { clientId?: number | string; number?: string; status?: string; tags?: string[]; n?: number }

const recordArb: fc.Arbitrary<Inv> = fc.record({
  id: fc.integer({ min: 1, max: 12 }),
  clientId: fc.option(fc.constantFrom(1, 2, '1'), { nil: undefined }),
  number: fc.option(fc.constantFrom('', 'A', 'B', 'C', 'D'), { nil: undefined }),
  status: fc.constantFrom('draft', 'paid'),
  tags: fc.uniqueArray(fc.constantFrom('x', 'y', 'z'), { maxLength: 3 }),
  n: fc.integer({ min: 0, max: 5 }),
}, { requiredKeys: ['id', 'status', 'tags', 'n'] }).map((r) => JSON.parse(JSON.stringify(r)) as Inv);

type Op = { put: Inv } | { del: number };
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: recordArb.map((put) => ({ put })) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 12 }).map((del) => ({ del })) },
);
const txArb = fc.array(opArb, { minLength: 1, maxLength: 4 });

function violatesUnique(state: Map<number, Inv>): boolean {
  const seen = new Set<string>();
  for (const r of state.values()) {
    if (typeof r.number !== 'string' || r.number === '') continue;
    if (seen.has(r.number)) return true;
    seen.add(r.number);
  }
  return false;
}

const byId = (a: Inv, b: Inv) => a.id - b.id;

export async function checkAgainstModel(makeStore: (schema: CollectionSpec[]) => Promise<Store>, schema: CollectionSpec[], runs: number): Promise<void> {
  await fc.assert(fc.asyncProperty(fc.array(txArb, { minLength: 1, maxLength: 8 }), async (txs) => {
    const store = await makeStore(schema);
    try {
      const model = new Map<number, Inv>();
      for (const ops of txs) {
        const next = new Map(model);
        for (const op of ops) {
          if ('put' in op) next.set(op.put.id, op.put); else next.delete(op.del);
        }
        const outcome = await store.transact(async (tx) => {
          for (const op of ops) { if ('put' in op) tx.put('Invoice', op.put); else tx.delete('Invoice', op.del); }
        }).then(() => 'ok', (e) => e);
        if (violatesUnique(next)) {
          expect(outcome).toBeInstanceOf(UniqueViolation);
        } else {
          expect(outcome).toBe('ok');
          model.clear();
          for (const [k, v] of next) model.set(k, v);
        }
      }
      const all = [...model.values()].sort(byId);
      expect((await store.list<Inv>('Invoice')).records).toEqual(all);
      for (const clientId of [1, 2, '1']) {
        expect(await store.findBy('Invoice', 'clientId', clientId)).toEqual(all.filter((r) => r.clientId === clientId));
      }
      for (const tag of ['x', 'y', 'z']) {
        expect(await store.findBy('Invoice', 'tags', tag)).toEqual(all.filter((r) => r.tags!.includes(tag)));
      }
      for (const number of ['A', 'B']) {
        expect(await store.findBy('Invoice', 'number', number)).toEqual(all.filter((r) => r.number === number));
      }
      const draftsByN = all.filter((r) => r.status === 'draft' && r.tags!.includes('x'))
        .sort((a, b) => (b.n! - a.n!) || (b.id - a.id));
      const page = await store.list<Inv>('Invoice', { where: { status: 'draft', tags: 'x' }, sort: { field: 'n', dir: 'desc' }, offset: 1, limit: 2 });
      expect(page).toEqual({ total: draftsByN.length, records: draftsByN.slice(1, 3) });
      expect(await store.count('Invoice', { status: 'paid' })).toBe(all.filter((r) => r.status === 'paid').length);
    } finally {
      await store.close();
    }
  }), { numRuns: runs });
}
