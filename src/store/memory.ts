// In-process store for tests and throw-away runs. Same semantics as the durable adapters:
// transactions are serialised, writes are buffered and applied at commit, records are copied
// in and out so callers never alias stored state.
import { Catalog, checkUpTo, indexKey, requireScalar, type Scalar } from './catalog.js';
import { OrderedIndex } from './ordered-memory.js';
import { applyQuery, checkAfter, checkPaging, copyRecord, fromJson, pagesById } from './records.js';
import { withRetries } from './retry.js';
import { SerialQueue } from './serial-queue.js';
import { BufferedTx, type TxReads } from './tx-buffer.js';
import {
  LimitExceeded, StoreUnavailable,
  type CollectionSpec, type Id, type ListQuery, type OrderedPosition, type Store, type StoredRecord, type Tx,
} from './port.js';

type Where = Record<string, Scalar>;
interface KvEntry { json: string; expiresAt?: number }

export class MemoryStore implements Store {
  readonly kind = 'memory' as const;
  private readonly catalog: Catalog;
  private readonly records = new Map<string, Map<Id, StoredRecord>>();
  /** collection → field → index key → ids. */
  private readonly indexes = new Map<string, Map<string, Map<string, Set<Id>>>>();
  /** collection → ordered field → its sorted entries. */
  private readonly ordered = new Map<string, Map<string, OrderedIndex>>();
  private readonly sequences = new Map<string, number>();
  private readonly counters = new Map<string, number>();
  private readonly kv = new Map<string, KvEntry>();
  /** Ids of each collection in ascending order, for listAfter; dropped when the collection changes. */
  private readonly sortedIds = new Map<string, Id[]>();
  private readonly queue = new SerialQueue();
  private closed = false;
  private readonly reads: TxReads = {
    get: (c, id) => this.get(c, id),
    findBy: (c, f, v) => this.findBy(c, f, v),
    counter: (n) => this.counter(n),
    getKv: (k) => this.getKv(k),
    nextId: (s) => this.nextId(s),
  };

  constructor(schema: CollectionSpec[]) {
    this.catalog = new Catalog(schema);
    for (const name of this.catalog.names) {
      this.records.set(name, new Map());
      this.indexes.set(name, new Map(this.catalog.indexedFields(name).map((f) => [f, new Map()])));
      this.ordered.set(name, new Map(this.catalog.orderedFields(name).map((f) => [f, new OrderedIndex()])));
    }
  }

  private open(): void {
    if (this.closed) throw new StoreUnavailable('memory store is closed');
  }

  private table(collection: string): Map<Id, StoredRecord> {
    this.catalog.check(collection);
    return this.records.get(collection)!;
  }

  private ids(collection: string, field: string, value: Scalar): Set<Id> {
    this.catalog.requireIndexed(collection, field);
    requireScalar(field, value);
    return this.indexes.get(collection)!.get(field)!.get(indexKey(value)!) ?? new Set();
  }

  async get<T extends StoredRecord>(collection: string, id: Id): Promise<T | undefined> {
    this.open();
    return copyRecord(this.table(collection).get(id)) as T | undefined;
  }

  async findBy<T extends StoredRecord>(collection: string, field: string, value: Scalar): Promise<T[]> {
    this.open();
    const table = this.table(collection);
    return [...this.ids(collection, field, value)].sort((a, b) => a - b).map((id) => copyRecord(table.get(id)) as T);
  }

  private candidates(collection: string, where: Where | undefined): Id[] {
    const table = this.table(collection);
    const fields = Object.entries(where ?? {});
    if (fields.length === 0) return [...table.keys()].sort((a, b) => a - b);
    const sets = fields.map(([f, v]) => this.ids(collection, f, v)).sort((a, b) => a.size - b.size);
    return [...sets[0]].filter((id) => sets.every((s) => s.has(id))).sort((a, b) => a - b);
  }

  async list<T extends StoredRecord>(collection: string, query: ListQuery<T> = {}): Promise<{ total: number; records: T[] }> {
    this.open();
    const table = this.table(collection);
    const ids = this.candidates(collection, query.where);
    if (pagesById(query)) {
      // Page ids first so a big collection copies only the records returned.
      const { offset, limit, desc } = checkPaging(query as ListQuery<unknown>);
      const ordered = desc ? ids.reverse() : ids;
      const page = ordered.slice(offset, limit === undefined ? undefined : offset + limit);
      return { total: ids.length, records: page.map((id) => copyRecord(table.get(id)) as T) };
    }
    return applyQuery(ids.map((id) => copyRecord(table.get(id)) as T), query);
  }

  async listAfter<T extends StoredRecord>(collection: string, afterId: Id, limit: number): Promise<T[]> {
    this.open();
    checkAfter(afterId, limit);
    const table = this.table(collection);
    let ids = this.sortedIds.get(collection);
    if (!ids) { ids = [...table.keys()].sort((a, b) => a - b); this.sortedIds.set(collection, ids); }
    // Binary search: each chunk of a long scan costs O(log n + limit), not O(n).
    let lo = 0, hi = ids.length;
    while (lo < hi) { const mid = (lo + hi) >>> 1; if (ids[mid] <= afterId) lo = mid + 1; else hi = mid; }
    return ids.slice(lo, lo + limit).map((id) => copyRecord(table.get(id)) as T);
  }

  async listUpTo<T extends StoredRecord>(collection: string, field: string, upTo: string, limit: number, after?: OrderedPosition): Promise<T[]> {
    this.open();
    const table = this.table(collection);
    this.catalog.requireOrdered(collection, field);
    checkUpTo(upTo, limit, after);
    return this.ordered.get(collection)!.get(field)!.upTo(upTo, limit, after).map((id) => copyRecord(table.get(id)) as T);
  }

  async count(collection: string, where?: Where): Promise<number> {
    this.open();
    return this.candidates(collection, where).length;
  }

  async counter(name: string): Promise<number> {
    this.open();
    return this.counters.get(name) ?? 0;
  }

  async getKv<T = unknown>(key: string): Promise<T | undefined> {
    this.open();
    const e = this.kv.get(key);
    if (!e) return undefined;
    if (e.expiresAt !== undefined && e.expiresAt <= Date.now()) { this.kv.delete(key); return undefined; }
    return fromJson<T>(e.json);
  }

  async nextId(sequence: string): Promise<number> {
    this.open();
    const next = (this.sequences.get(sequence) ?? 0) + 1;
    this.sequences.set(sequence, next);
    return next;
  }

  transact<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.queue.run(() => withRetries(async () => {
      this.open();
      const tx = new BufferedTx(this.catalog, this.reads);
      const result = await fn(tx);
      this.open();
      this.commit(tx);
      return result;
    }));
  }

  /** Check everything first, then apply: a refused commit changes nothing. */
  private commit(tx: BufferedTx): void {
    tx.checkUnique((c, f, k) => [...(this.indexes.get(c)!.get(f)!.get(k) ?? [])]);
    const exceeded = tx.firstExceeded((n) => this.counters.get(n) ?? 0);
    if (exceeded !== undefined) throw new LimitExceeded(exceeded);
    for (const [collection, recs] of tx.records) {
      for (const [id, rec] of recs) this.write(collection, id, rec);
    }
    for (const b of tx.bumps) this.counters.set(b.counter, (this.counters.get(b.counter) ?? 0) + b.delta);
    const now = Date.now();
    for (const [key, w] of tx.kv) {
      if (!w) this.kv.delete(key);
      else this.kv.set(key, w.ttlMs === undefined ? { json: w.json } : { json: w.json, expiresAt: now + w.ttlMs });
    }
  }

  private write(collection: string, id: Id, rec: StoredRecord | null): void {
    const table = this.records.get(collection)!;
    const index = this.indexes.get(collection)!;
    const old = table.get(id);
    this.sortedIds.delete(collection);
    const ordered = this.ordered.get(collection)!;
    if (old) for (const e of this.catalog.orderedEntries(collection, old)) ordered.get(e.field)!.remove(e.value, id);
    if (rec) for (const e of this.catalog.orderedEntries(collection, rec)) ordered.get(e.field)!.add(e.value, id);
    if (old) {
      for (const e of this.catalog.indexEntries(collection, old)) {
        const ids = index.get(e.field)!.get(e.key)!;
        ids.delete(id);
        if (ids.size === 0) index.get(e.field)!.delete(e.key);
      }
    }
    if (!rec) { table.delete(id); return; }
    table.set(id, rec);
    for (const e of this.catalog.indexEntries(collection, rec)) {
      const byKey = index.get(e.field)!;
      const ids = byKey.get(e.key) ?? new Set<Id>();
      ids.add(id);
      byKey.set(e.key, ids);
    }
  }

  async ping(): Promise<void> { this.open(); }

  async close(): Promise<void> {
    await this.queue.drain();
    this.closed = true;
  }
}
