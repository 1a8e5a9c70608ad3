// What the SQLite writer has read, kept between its reads, and its counter bumps, written once per
// group commit. A placeOrder reads the same products, categories, promotion, shipping options,
// tax rates and counters as the order before it: each was one call into SQLite (plus the B-tree
// walk), ~20 per order. The writer's view can change only in two ways, and both are tracked:
// - its own writes (the adapter drops the written record and the collection's look-ups);
// - another connection's commit (the CLI on the same file): `PRAGMA data_version` moves, and the
//   batch that starts next forgets everything. A batch holds the write lock from BEGIN IMMEDIATE,
//   so nobody else commits while it is open.
// A rolled-back batch forgets everything too (its reads may have cached its own writes).
// Callers still get fresh objects: the cache keeps JSON text, never a parsed record.
import type Database from 'better-sqlite3';
import { indexKey, requireScalar, type Catalog, type Scalar } from './catalog.js';
import { fromJson } from './records.js';
import type { SqliteReads } from './sqlite-reads.js';
import type { Id, StoredRecord } from './port.js';

/** Entries kept at most (records + look-ups + counters); past it the cache starts over. */
const MAX_ENTRIES = 20_000;

export class BatchReadCache {
  private readonly records = new Map<string, Map<Id, string | null>>();
  private readonly lookups = new Map<string, Map<string, string[]>>();
  private readonly counters = new Map<string, number>();
  /** Counter deltas of the open batch, not yet in SQLite. */
  private readonly deltas = new Map<string, number>();
  private entries = 0;
  private version: number | undefined;
  private readonly dataVersion: Database.Statement;

  constructor(db: Database.Database) {
    this.dataVersion = db.prepare('PRAGMA data_version').pluck();
  }

  /** A batch began (the write lock is held): forget everything if another connection committed. */
  began(): void {
    const version = this.dataVersion.get() as number;
    if (version !== this.version) this.clear();
    this.version = version;
  }

  /** The batch ended; a rolled-back one leaves nothing that can be trusted. */
  ended(committed: boolean): void {
    this.deltas.clear();
    if (!committed) this.clear();
  }

  private clear(): void {
    this.records.clear();
    this.lookups.clear();
    this.counters.clear();
    this.entries = 0;
  }

  private room(): void {
    if (++this.entries > MAX_ENTRIES) this.clear();
  }

  /** The record's JSON (null: no such record), reading SQLite only the first time. */
  record(collection: string, id: Id, read: () => string | undefined): string | null {
    let byId = this.records.get(collection);
    const hit = byId?.get(id);
    if (hit !== undefined) return hit;
    const json = read() ?? null;
    this.room();
    if (!byId) { byId = new Map(); this.records.set(collection, byId); }
    byId.set(id, json);
    return json;
  }

  /** JSON of the records an index look-up finds, in id order. */
  lookup(collection: string, slotKey: string, read: () => string[]): string[] {
    let byKey = this.lookups.get(collection);
    const hit = byKey?.get(slotKey);
    if (hit !== undefined) return hit;
    const found = read();
    this.room();
    if (!byKey) { byKey = new Map(); this.lookups.set(collection, byKey); }
    byKey.set(slotKey, found);
    return found;
  }

  /** A record of the collection is written: it and every look-up of the collection may change. */
  wrote(collection: string, id: Id): void {
    this.records.get(collection)?.delete(id);
    this.lookups.delete(collection);
  }

  /** The counter's value in the open batch: what SQLite holds plus the batch's deltas. */
  counter(name: string, read: () => number): number {
    let value = this.counters.get(name);
    if (value === undefined) {
      value = read() + (this.deltas.get(name) ?? 0);
      this.room();
      this.counters.set(name, value);
    }
    return value;
  }

  bump(name: string, delta: number): void {
    this.deltas.set(name, (this.deltas.get(name) ?? 0) + delta);
    const value = this.counters.get(name);
    if (value !== undefined) this.counters.set(name, value + delta);
  }

  /** The batch's counter deltas, for the writes just before COMMIT. */
  pendingDeltas(): ReadonlyMap<string, number> { return this.deltas; }
}

/** The writer's reads inside a batch, through the cache: what a transaction and its commit check read. */
export class CachedWriterReads {
  constructor(private readonly reads: SqliteReads, private readonly cache: BatchReadCache, private readonly catalog: Catalog) {}

  get(collection: string, id: Id): StoredRecord | undefined {
    this.catalog.check(collection);
    const json = this.cache.record(collection, id, () => this.reads.getJson(collection, id));
    return json === null ? undefined : fromJson<StoredRecord>(json);
  }

  findBy(collection: string, field: string, value: Scalar): StoredRecord[] {
    this.catalog.requireIndexed(collection, field);
    requireScalar(field, value);
    const key = `${field}\u0000${indexKey(value)}`;
    return this.cache.lookup(collection, key, () => this.reads.findJson(collection, field, value)).map((json) => fromJson<StoredRecord>(json));
  }

  counter(name: string): number {
    return this.cache.counter(name, () => this.reads.counter(name));
  }
}
