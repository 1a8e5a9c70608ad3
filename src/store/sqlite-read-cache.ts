// Reads of one SQLite connection kept between calls, and the writer's counter bumps, written once
// per group commit. A placeOrder reads the same products, categories, promotion, shipping options,
// tax rates, counters and kv entries (the collection generations of generation-cache.ts) as the
// order before it: each was a call into SQLite, ~25 per order, and the first read after any commit
// re-reads its pages (SQLite drops a connection's page cache when the file changed). A connection's view changes in two ways only, and both are tracked:
// - another connection's commit (the CLI on the same file, or, for the read-only connection, the
//   writer): `PRAGMA data_version` moves, and the cache forgets everything. The writer checks it
//   when a batch begins (BEGIN IMMEDIATE holds the write lock: nobody else commits while the batch
//   is open), the read-only connection before every read (the version is read before the data, so
//   a commit in between only costs a miss, never a stale answer);
// - the writer's own writes: the adapter drops the written record and the collection's look-ups,
//   and a rolled-back batch forgets everything (its reads may have cached its own writes).
// Callers still get fresh objects: the cache keeps JSON text, never a parsed record.
import type Database from 'better-sqlite3';
import { indexKey, requireScalar, type Catalog, type Scalar } from './catalog.js';
import { fromJson } from './records.js';
import { kvValue, type KvRow, type SqliteReads } from './sqlite-reads.js';
import type { Id, StoredRecord } from './port.js';

/** Entries kept at most (records + look-ups + counters + kv); past it the cache starts over. */
const MAX_ENTRIES = 20_000;

export class ReadCache {
  private readonly records = new Map<string, Map<Id, string | null>>();
  private readonly lookups = new Map<string, Map<string, string[]>>();
  private readonly counters = new Map<string, number>();
  /** kv rows as stored (null = absent): expiry is checked on every read, so a purge changes nothing seen. */
  private readonly kv = new Map<string, KvRow | null>();
  /** Counter deltas of the writer's open batch, not yet in SQLite (always empty for the reader). */
  private readonly deltas = new Map<string, number>();
  private entries = 0;
  private version: number | undefined;
  private readonly dataVersion: Database.Statement;

  constructor(db: Database.Database) {
    this.dataVersion = db.prepare('PRAGMA data_version').pluck();
  }

  /** Forget everything if another connection committed since the last check. */
  revalidate(): void {
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
    this.kv.clear();
    this.entries = 0;
  }

  private room(): void {
    if (++this.entries > MAX_ENTRIES) this.clear();
  }

  // Look-ups are get-then-set rather than a read callback: no closure per call on the hot path.

  /** The record's cached JSON: null when it does not exist, undefined when not cached. */
  record(collection: string, id: Id): string | null | undefined {
    return this.records.get(collection)?.get(id);
  }

  keepRecord(collection: string, id: Id, json: string | null): void {
    this.room();
    let byId = this.records.get(collection);
    if (!byId) { byId = new Map(); this.records.set(collection, byId); }
    byId.set(id, json);
  }

  /** The cached JSON of the records an index look-up finds (in id order), or undefined. */
  lookup(collection: string, fieldKey: string): string[] | undefined {
    return this.lookups.get(collection)?.get(fieldKey);
  }

  keepLookup(collection: string, fieldKey: string, found: string[]): void {
    this.room();
    let byKey = this.lookups.get(collection);
    if (!byKey) { byKey = new Map(); this.lookups.set(collection, byKey); }
    byKey.set(fieldKey, found);
  }

  /** A record of the collection is written: it and every look-up of the collection may change. */
  wrote(collection: string, id: Id): void {
    this.records.get(collection)?.delete(id);
    this.lookups.delete(collection);
  }

  /** The cached kv row: null when absent, undefined when not cached. */
  kvRow(key: string): KvRow | null | undefined {
    return this.kv.get(key);
  }

  keepKvRow(key: string, row: KvRow | null): void {
    this.room();
    this.kv.set(key, row);
  }

  /** The writer put or deleted a kv entry. */
  wroteKv(key: string): void {
    this.kv.delete(key);
  }

  /** The counter's value in the open batch (SQLite's plus the batch's deltas), or undefined. */
  counter(name: string): number | undefined {
    return this.counters.get(name);
  }

  /** Keep a counter's value as read from SQLite: the batch's deltas are not in it yet. */
  keepCounter(name: string, stored: number): number {
    const value = stored + (this.deltas.get(name) ?? 0);
    this.room();
    this.counters.set(name, value);
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

/**
 * A connection's reads through its cache. `everyRead`: check data_version before each read (the
 * read-only connection); otherwise the owner checks it (the writer, when a batch begins).
 */
export class CachedReads {
  constructor(
    private readonly reads: SqliteReads, private readonly cache: ReadCache,
    private readonly catalog: Catalog, private readonly everyRead: boolean,
  ) {}

  get(collection: string, id: Id): StoredRecord | undefined {
    this.catalog.check(collection);
    if (this.everyRead) this.cache.revalidate();
    let json = this.cache.record(collection, id);
    if (json === undefined) {
      json = this.reads.getJson(collection, id) ?? null;
      this.cache.keepRecord(collection, id, json);
    }
    return json === null ? undefined : fromJson<StoredRecord>(json);
  }

  findBy(collection: string, field: string, value: Scalar): StoredRecord[] {
    this.catalog.requireIndexed(collection, field);
    requireScalar(field, value);
    if (this.everyRead) this.cache.revalidate();
    const key = `${field}\u0000${indexKey(value)}`;
    let found = this.cache.lookup(collection, key);
    if (!found) {
      found = this.reads.findJson(collection, field, value);
      this.cache.keepLookup(collection, key, found);
    }
    const records: StoredRecord[] = [];
    for (const json of found) records.push(fromJson<StoredRecord>(json));
    return records;
  }

  getKv(key: string): unknown {
    if (this.everyRead) this.cache.revalidate();
    let row = this.cache.kvRow(key);
    if (row === undefined) {
      row = this.reads.kvRow(key) ?? null;
      this.cache.keepKvRow(key, row);
    }
    return kvValue(row);
  }

  counter(name: string): number {
    if (this.everyRead) this.cache.revalidate();
    return this.cache.counter(name) ?? this.cache.keepCounter(name, this.reads.counter(name));
  }
}
