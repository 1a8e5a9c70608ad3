// A transaction's buffered writes plus read-your-own-writes on top of an adapter's committed
// state. Adapters supply the committed reads and apply the buffer atomically at commit, so a
// function that throws leaves nothing behind.
import { Catalog, fieldMatches, requireId, requireScalar, type IndexEntry, type Scalar } from './catalog.js';
import { copyRecord, fromJson, toJson } from './records.js';
import { StoreError, UniqueViolation, type Id, type StoredRecord, type Tx } from './port.js';
import { keyValue } from './catalog.js';

/** Committed-state reads an adapter provides to a transaction (each returns fresh copies). */
export interface TxReads {
  get(collection: string, id: Id): Promise<StoredRecord | undefined>;
  findBy(collection: string, field: string, value: Scalar): Promise<StoredRecord[]>;
  counter(name: string): Promise<number>;
  getKv(key: string): Promise<unknown>;
  nextId(sequence: string): Promise<number>;
}

export interface Bump { counter: string; delta: number; limit?: number }
export interface KvWrite { json: string; ttlMs?: number }

export class BufferedTx implements Tx {
  /** collection → id → record to store, or null to delete. */
  readonly records = new Map<string, Map<Id, StoredRecord | null>>();
  readonly bumps: Bump[] = [];
  /** key → value to store, or null to delete. */
  readonly kv = new Map<string, KvWrite | null>();

  constructor(private readonly catalog: Catalog, private readonly base: TxReads) {}

  get isEmpty(): boolean { return this.records.size === 0 && this.bumps.length === 0 && this.kv.size === 0; }

  private pending(collection: string): Map<Id, StoredRecord | null> {
    let m = this.records.get(collection);
    if (!m) { m = new Map(); this.records.set(collection, m); }
    return m;
  }

  async get<T extends StoredRecord>(collection: string, id: Id): Promise<T | undefined> {
    this.catalog.check(collection);
    const own = this.records.get(collection);
    if (own?.has(id)) return (copyRecord(own.get(id)) ?? undefined) as T | undefined;
    return (await this.base.get(collection, id)) as T | undefined;
  }

  async findBy<T extends StoredRecord>(collection: string, field: string, value: Scalar): Promise<T[]> {
    this.catalog.requireIndexed(collection, field);
    requireScalar(field, value);
    const committed = await this.base.findBy(collection, field, value);
    const own = this.records.get(collection);
    if (!own || own.size === 0) return committed as T[];
    const out = committed.filter((r) => !own.has(r.id));
    for (const rec of own.values()) {
      if (rec && fieldMatches(rec, field, value)) out.push(copyRecord(rec));
    }
    return out.sort((a, b) => a.id - b.id) as T[];
  }

  async counter(name: string): Promise<number> {
    const committed = await this.base.counter(name);
    return this.bumps.reduce((n, b) => (b.counter === name ? n + b.delta : n), committed);
  }

  async getKv<T = unknown>(key: string): Promise<T | undefined> {
    if (this.kv.has(key)) {
      const w = this.kv.get(key);
      return w ? fromJson<T>(w.json) : undefined;
    }
    return (await this.base.getKv(key)) as T | undefined;
  }

  nextId(sequence: string): Promise<number> { return this.base.nextId(sequence); }

  put<T extends StoredRecord>(collection: string, rec: T): void {
    this.catalog.check(collection);
    requireId(collection, rec?.id);
    // Copy now: later changes to the caller's object must not reach the store.
    this.pending(collection).set(rec.id, copyRecord(rec));
  }

  delete(collection: string, id: Id): void {
    this.catalog.check(collection);
    requireId(collection, id);
    this.pending(collection).set(id, null);
  }

  bump(counter: string, delta: number, limit?: number): void {
    if (!Number.isSafeInteger(delta)) throw new StoreError(`bump ${counter}: delta must be an integer, got ${delta}`);
    if (limit !== undefined && !Number.isSafeInteger(limit)) throw new StoreError(`bump ${counter}: limit must be an integer, got ${limit}`);
    this.bumps.push(limit === undefined ? { counter, delta } : { counter, delta, limit });
  }

  putKv(key: string, value: unknown, ttlMs?: number): void {
    if (ttlMs !== undefined && (!Number.isFinite(ttlMs) || ttlMs <= 0)) throw new StoreError(`putKv ${key}: ttlMs must be positive, got ${ttlMs}`);
    if (value === undefined) throw new StoreError(`putKv ${key}: value must not be undefined`);
    this.kv.set(key, ttlMs === undefined ? { json: toJson(value) } : { json: toJson(value), ttlMs: Math.ceil(ttlMs) });
  }

  deleteKv(key: string): void { this.kv.set(key, null); }

  /**
   * Unique claims of this transaction's puts, refusing two puts that claim the same value.
   * Returned per collection as (field, key, id) for the adapter to check against committed state.
   */
  uniqueClaims(): Array<{ collection: string; entry: IndexEntry; id: Id }> {
    const claims: Array<{ collection: string; entry: IndexEntry; id: Id }> = [];
    for (const [collection, recs] of this.records) {
      const seen = new Map<string, Id>();
      for (const [id, rec] of recs) {
        if (!rec) continue;
        for (const entry of this.catalog.uniqueEntries(collection, rec)) {
          const slot = `${entry.field}\u0000${entry.key}`;
          const other = seen.get(slot);
          if (other !== undefined && other !== id) throw new UniqueViolation(collection, entry.field, keyValue(entry.key));
          seen.set(slot, id);
          claims.push({ collection, entry, id });
        }
      }
    }
    return claims;
  }

  /**
   * Check unique claims against committed owners. A committed owner that this transaction also
   * rewrites or deletes no longer holds its old value (its new value was checked above).
   */
  checkUnique(committedOwners: (collection: string, field: string, key: string) => Id[]): void {
    for (const { collection, entry, id } of this.uniqueClaims()) {
      const own = this.records.get(collection)!;
      for (const owner of committedOwners(collection, entry.field, entry.key)) {
        if (owner !== id && !own.has(owner)) throw new UniqueViolation(collection, entry.field, keyValue(entry.key));
      }
    }
  }

  /** The first bump whose running total would pass its limit, given committed values. */
  firstExceeded(committed: (name: string) => number): string | undefined {
    const totals = new Map<string, number>();
    for (const b of this.bumps) {
      const next = (totals.get(b.counter) ?? committed(b.counter)) + b.delta;
      if (b.limit !== undefined && next > b.limit) return b.counter;
      totals.set(b.counter, next);
    }
    return undefined;
  }
}
