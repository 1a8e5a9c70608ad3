// A transaction's buffered writes plus read-your-own-writes on top of an adapter's committed
// state. Adapters supply the committed reads and apply the buffer atomically at commit, so a
// function that throws leaves nothing behind.
import { Catalog, fieldMatches, requireId, requireScalar, type IndexEntry, type Scalar } from './catalog.js';
import { fromJson, toJson } from './records.js';
import { StoreError, UniqueViolation, type Id, type StoredRecord, type Tx } from './port.js';
import { generationKey, keyValue } from './catalog.js';
import { randomUUID } from 'node:crypto';

/** Committed-state reads an adapter provides to a transaction (each returns fresh copies). */
export interface TxReads {
  get(collection: string, id: Id): Promise<StoredRecord | undefined>;
  findBy(collection: string, field: string, value: Scalar): Promise<StoredRecord[]>;
  counter(name: string): Promise<number>;
  getKv(key: string): Promise<unknown>;
  nextId(sequence: string): Promise<number>;
  /**
   * Optional (optimistic adapters): take kv `key` as absent without reading it, to be checked by
   * the commit; false when it reads instead (already read, or a re-run after a conflict).
   */
  assumeKvAbsent?(key: string): boolean;
}

export interface Bump { counter: string; delta: number; limit?: number }
export interface KvWrite { json: string; ttlMs?: number }

/**
 * A buffered write: the record as JSON (null = delete), parsed once on demand. `index` holds just
 * the id and indexed fields, taken from the caller's object when put, when they are values that
 * JSON stores unchanged (so an adapter needs no parse of the JSON for its index entries).
 */
interface Pending { json: string | null; parsed?: StoredRecord; index?: StoredRecord }

/** Does JSON store `v` so that it gives the same index keys (catalog.ts) as `v` itself? */
function jsonStable(v: unknown): boolean {
  const t = typeof v;
  if (t === 'string' || t === 'number' || t === 'boolean' || v === undefined || v === null) return true;
  if (!Array.isArray(v)) return false; // objects: a toJSON (Date) may turn them into an indexed string
  for (const e of v) {
    const te = typeof e;
    if (!(te === 'string' || te === 'number' || te === 'boolean' || e === undefined || e === null)) return false;
  }
  return true;
}

export class BufferedTx implements Tx {
  /**
   * collection → id → pending write. Records are serialised once when put: that is the copy that
   * keeps later changes of the caller's object out of the store, and the JSON the adapter stores.
   */
  private readonly writes = new Map<string, Map<Id, Pending>>();
  private recordsView: Map<string, Map<Id, StoredRecord | null>> | undefined;
  private indexView: Map<string, Map<Id, StoredRecord | null>> | undefined;
  readonly bumps: Bump[] = [];
  /** key → value to store, or null to delete. */
  readonly kv = new Map<string, KvWrite | null>();

  constructor(private readonly catalog: Catalog, private readonly base: TxReads) {}

  get isEmpty(): boolean { return this.writes.size === 0 && this.bumps.length === 0 && this.kv.size === 0; }

  /**
   * collection → id → record to store, or null to delete. For the adapter at commit: the objects
   * are the buffer's own parse of what was put; never hand them to callers.
   */
  get records(): ReadonlyMap<string, ReadonlyMap<Id, StoredRecord | null>> {
    if (!this.recordsView) {
      this.recordsView = new Map([...this.writes].map(([c, byId]) =>
        [c, new Map([...byId].map(([id, p]) => [id, this.parsed(p)]))]));
    }
    return this.recordsView;
  }

  /**
   * Like `records`, but each record may carry only its id and indexed fields (what index and
   * unique entries are computed from): for adapters that store the JSON and index the rest.
   */
  get indexedRecords(): ReadonlyMap<string, ReadonlyMap<Id, StoredRecord | null>> {
    if (!this.indexView) {
      this.indexView = new Map([...this.writes].map(([c, byId]) =>
        [c, new Map([...byId].map(([id, p]) => [id, p.json === null ? null : p.index ?? this.parsed(p)]))]));
    }
    return this.indexView;
  }

  /** The id and indexed (equality and ordered) fields of `rec` as JSON will store them, or undefined when that is not certain. */
  private indexedFields(collection: string, rec: StoredRecord): StoredRecord | undefined {
    if (typeof (rec as { toJSON?: unknown }).toJSON === 'function') return undefined;
    const out: StoredRecord = { id: rec.id };
    for (const f of this.catalog.keyedFields(collection)) {
      // JSON.stringify reads own enumerable properties only.
      if (!Object.prototype.propertyIsEnumerable.call(rec, f)) continue;
      const v = rec[f];
      if (!jsonStable(v)) return undefined;
      if (v !== undefined) out[f] = Array.isArray(v) ? v.slice() : v;
    }
    return out;
  }

  /** The JSON to store for a buffered put (undefined for a delete or an id not written). */
  jsonOf(collection: string, id: Id): string | undefined {
    return this.writes.get(collection)?.get(id)?.json ?? undefined;
  }

  private parsed(p: Pending): StoredRecord | null {
    if (p.json === null) return null;
    return (p.parsed ??= fromJson<StoredRecord>(p.json));
  }

  private pending(collection: string): Map<Id, Pending> {
    // Every adapter commits this buffer's kv with its records, so no writer can forget the new
    // generation. A fresh token per write: a cache filled from this transaction's own view after
    // an earlier write of it is keyed by a token that is superseded (or never committed).
    if (this.catalog.cacheable(collection)) this.kv.set(generationKey(collection), { json: toJson(randomUUID()) });
    this.recordsView = undefined;
    this.indexView = undefined;
    let m = this.writes.get(collection);
    if (!m) { m = new Map(); this.writes.set(collection, m); }
    return m;
  }

  async get<T extends StoredRecord>(collection: string, id: Id): Promise<T | undefined> {
    this.catalog.check(collection);
    const own = this.writes.get(collection)?.get(id);
    if (own) return (own.json === null ? undefined : fromJson<T>(own.json));
    return (await this.base.get(collection, id)) as T | undefined;
  }

  async findBy<T extends StoredRecord>(collection: string, field: string, value: Scalar): Promise<T[]> {
    this.catalog.requireIndexed(collection, field);
    requireScalar(field, value);
    const committed = await this.base.findBy(collection, field, value);
    const own = this.writes.get(collection);
    if (!own || own.size === 0) return committed as T[];
    const out = committed.filter((r) => !own.has(r.id));
    for (const p of own.values()) {
      const rec = this.parsed(p);
      if (rec && fieldMatches(rec, field, value)) out.push(fromJson<StoredRecord>(p.json!));
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

  async kvAbsent(key: string): Promise<boolean> {
    if (this.kv.has(key)) return this.kv.get(key) === null;
    if (this.base.assumeKvAbsent?.(key)) return true;
    return (await this.base.getKv(key)) === undefined;
  }

  nextId(sequence: string): Promise<number> { return this.base.nextId(sequence); }

  put<T extends StoredRecord>(collection: string, rec: T): void {
    this.catalog.check(collection);
    requireId(collection, rec?.id);
    // Serialise now: later changes to the caller's object must not reach the store.
    const json = toJson(rec);
    this.pending(collection).set(rec.id, { json, index: this.indexedFields(collection, rec) });
  }

  delete(collection: string, id: Id): void {
    this.catalog.check(collection);
    requireId(collection, id);
    this.pending(collection).set(id, { json: null });
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
    for (const [collection, recs] of this.indexedRecords) {
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
      const own = this.writes.get(collection)!;
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
