// Embedded durable store on better-sqlite3 (the default).
// - Transactions are serialised in process, and each runs inside the SQLite write transaction
//   (BEGIN IMMEDIATE), so another process on the same file (the CLI next to a running gateway)
//   waits for the lock instead of interleaving: no lost update, no sequence value handed out twice.
// - Writes are buffered and applied at commit, so a throwing function leaves nothing.
// - Group commit (sqlite-group-commit.ts): transactions that queue up behind each other share
//   one SQLite commit; each caller is acknowledged only after that commit.
// - WAL + synchronous=NORMAL keeps every acknowledged commit across a process kill (kill -9);
//   synchronous=FULL also keeps it across an OS crash or power loss (?synchronous=full).
// - Plain reads use a second, read-only connection: they see committed data only.
import Database from 'better-sqlite3';
import type { Logger } from '../log.js';
import { Catalog, checkUpTo, type IndexEntry, type Scalar } from './catalog.js';
import { fromJson } from './records.js';
import { withRetries } from './retry.js';
import { SerialQueue } from './serial-queue.js';
import { GroupCommit } from './sqlite-group-commit.js';
import { CachedReads, ReadCache } from './sqlite-read-cache.js';
import { Checkpointer, SAFETY_NET_PAGES } from './sqlite-checkpointer.js';
import { SqliteReads } from './sqlite-reads.js';
import { WRITE_SQL, collectionWriteSql, orderedIndexField, prepareAll, recordTable, type Statements } from './sqlite-schema.js';
import { prepareLayout, slotOf, type Slots } from './sqlite-layout.js';
import { BufferedTx, type TxReads } from './tx-buffer.js';
import {
  LimitExceeded, StoreError, StoreUnavailable,
  type CollectionSpec, type Id, type ListQuery, type OrderedPosition, type Store, type StoredRecord, type Tx,
} from './port.js';
import { own } from '../own.js';

export interface SqliteOptions {
  path: string;
  /** normal: survives process crashes; full: also survives OS crash / power loss (slower). */
  synchronous: 'normal' | 'full';
  /** WAL pages after which the WAL starts over (sqlite-checkpointer.ts RESTART_PAGES); tests set fewer. */
  walRestartPages?: number;
}

const SYNC_MODES: Record<string, SqliteOptions['synchronous']> = { normal: 'normal', full: 'full' };

/** `sqlite:<path>[?synchronous=normal|full]`; `sqlite::memory:` for a private in-memory database. */
export function parseSqliteUrl(url: string): SqliteOptions {
  const [path, query = ''] = url.slice('sqlite:'.length).split('?', 2);
  if (!path) throw new StoreError(`store URL "${url}" has no file path (sqlite:<path>)`);
  const params = new URLSearchParams(query);
  for (const name of params.keys()) {
    if (name !== 'synchronous') throw new StoreError(`store URL "${url}": unknown option "${name}" (known: synchronous)`);
  }
  const sync = (params.get('synchronous') ?? 'normal').toLowerCase();
  const synchronous = own(SYNC_MODES, sync);
  if (!synchronous) throw new StoreError(`store URL "${url}": synchronous must be normal or full, got "${sync}"`);
  return { path, synchronous };
}

type Where = Record<string, Scalar>;
const KV_PURGE_EVERY = 1000;
/** Index rows per multi-row INSERT (3 parameters each, far below SQLite's parameter limit). */
const ENTRIES_PER_INSERT = 64;

/** Disk, lock and closed-connection failures mean the store is unavailable, not a caller bug. */
function unavailable(e: unknown): never {
  const err = e as { code?: unknown; message?: string };
  if (typeof err?.code === 'string' && err.code.startsWith('SQLITE_')) throw new StoreUnavailable(`sqlite: ${err.message}`, e);
  if (e instanceof TypeError && /database connection is not open/.test(err.message ?? '')) throw new StoreUnavailable('sqlite store is closed', e);
  throw e;
}

function guard<T>(work: () => T): T {
  try { return work(); } catch (e) { return unavailable(e); }
}

export class SqliteStore implements Store {
  readonly kind = 'sqlite' as const;
  private readonly writes: Statements<keyof typeof WRITE_SQL>;
  /** Committed state (read-only connection). */
  private readonly committed: SqliteReads;
  /** `committed` through a cache checked before every read (":memory:" has no second connection: uncached). */
  private readonly plain: Pick<SqliteReads, 'get' | 'findBy' | 'counter' | 'getKv'>;
  /** The writer's view: committed state plus the open group-commit batch. */
  private readonly pending: SqliteReads;
  /** What the writer read, kept while nobody else commits; counter bumps until the batch commits. */
  private readonly cache: ReadCache;
  /** `pending` through the cache: the reads of transactions and of their commit checks. */
  private readonly cached: CachedReads;
  private readonly batch: GroupCommit;
  private readonly queue = new SerialQueue();
  /** Multi-row index inserts by row count, prepared on first use. */
  private readonly insertEntriesStmts: Array<Database.Statement<unknown[], any> | undefined> = [];
  private readonly recordWrites = new Map<string, Statements<keyof ReturnType<typeof collectionWriteSql>>>();
  private commits = 0;
  private flushPending = false;
  private checkpointer: Checkpointer | undefined;
  /**
   * Sequence values handed out in the open batch, written once just before its COMMIT. The batch
   * holds the write lock from its first statement, so no other process can move a sequence in
   * between; a rolled-back batch forgets them together with every transaction that used them.
   */
  private readonly sequences = new Map<string, number>();
  private closed = false;
  private readonly txReads: TxReads = {
    get: async (c, id) => guard(() => this.cached.get(c, id)),
    findBy: async (c, f, v) => guard(() => this.cached.findBy(c, f, v)),
    counter: async (n) => guard(() => this.cached.counter(n)),
    getKv: async (k) => guard(() => this.cached.getKv(k)),
    nextId: async (s) => guard(() => this.allocate(s)),
  };

  private constructor(private readonly db: Database.Database, private readonly reader: Database.Database, private readonly catalog: Catalog, private readonly slots: Slots) {
    this.writes = prepareAll(db, WRITE_SQL);
    this.pending = new SqliteReads(db, catalog, slots);
    this.committed = reader === db ? this.pending : new SqliteReads(reader, catalog, slots);
    this.cache = new ReadCache(db);
    this.cached = new CachedReads(this.pending, this.cache, catalog, false);
    this.plain = reader === db ? this.pending : new CachedReads(this.committed, new ReadCache(reader), catalog, true);
    this.batch = new GroupCommit(db, {
      began: () => this.cache.revalidate(),
      beforeCommit: () => {
        for (const [name, value] of this.sequences) this.writes.putSequence.run(name, value);
        for (const [name, delta] of this.cache.pendingDeltas()) this.writes.addCounter.run(name, delta);
      },
      ended: (committed) => {
        this.sequences.clear();
        this.cache.ended(committed);
        if (committed) this.checkpointer?.afterCommit(db);
      },
    });
  }

  static async open(options: SqliteOptions, schema: CollectionSpec[], log?: Logger): Promise<SqliteStore> {
    const store = guard(() => {
      const db = new Database(options.path);
      db.pragma('journal_mode = WAL');
      db.pragma(`synchronous = ${options.synchronous.toUpperCase()}`);
      db.pragma('busy_timeout = 5000');
      const catalog = new Catalog(schema);
      const slots = prepareLayout(db, catalog, log);
      // A second connection to ":memory:" would be another database: share the writer then.
      const reader = options.path === ':memory:' ? db : new Database(options.path, { readonly: true });
      // Checkpoints run in a worker thread (sqlite-checkpointer.ts); the writer only as a safety net.
      if (options.path !== ':memory:') db.pragma(`wal_autocheckpoint = ${SAFETY_NET_PAGES}`);
      return new SqliteStore(db, reader, catalog, slots);
    });
    if (options.path !== ':memory:') store.checkpointer = new Checkpointer(options.path, undefined, options.walRestartPages);
    guard(() => store.reindexChangedCollections(log));
    guard(() => store.writes.purgeKv.run(Date.now()));
    return store;
  }

  /** A collection whose indexed fields changed since the file was written gets its index rebuilt. */
  private reindexChangedCollections(log?: Logger): void {
    for (const collection of this.catalog.names) {
      const fields = this.catalog.layout(collection);
      const stored = (this.pending.stmts.getLayout.get(collection) as { fields: string } | undefined)?.fields;
      if (stored === fields) continue;
      this.db.transaction(() => {
        this.writes.deleteCollectionEntries.run(collection);
        const entries: unknown[] = [];
        for (const row of this.pending.of(collection).allRecords.all() as Array<{ id: Id; json: string }>) {
          const rec = fromJson<StoredRecord>(row.json);
          for (const e of this.entries(collection, rec)) entries.push(this.slot(collection, e.field), e.key, row.id);
        }
        this.insertEntryRows(entries);
        this.writes.putLayout.run(collection, fields);
      }).immediate();
      if (stored !== undefined) log?.info({ collection, fields }, 'sqlite store: rebuilt index after schema change');
    }
  }

  private slot(collection: string, field: string): number { return slotOf(this.slots, collection, field); }

  private recordStmts(collection: string): Statements<keyof ReturnType<typeof collectionWriteSql>> {
    let s = this.recordWrites.get(collection);
    if (!s) { s = prepareAll(this.db, collectionWriteSql(recordTable(collection))); this.recordWrites.set(collection, s); }
    return s;
  }

  /**
   * Insert index rows given flat (slot, value, id) triples, up to ENTRIES_PER_INSERT
   * rows per statement: one call into SQLite for all of a transaction's new records instead of one
   * per row (a placeOrder adds ~16). Each row is INSERT OR IGNORE. The only way index rows are added.
   */
  private insertEntryRows(params: unknown[]): void {
    const rows = params.length / 3;
    for (let from = 0; from < rows; from += ENTRIES_PER_INSERT) {
      const n = Math.min(ENTRIES_PER_INSERT, rows - from);
      const chunk = n === rows ? params : params.slice(from * 3, (from + n) * 3);
      let stmt = this.insertEntriesStmts[n];
      if (!stmt) {
        stmt = this.db.prepare(`INSERT OR IGNORE INTO ix (slot, value, id) VALUES ${Array(n).fill('(?, ?, ?)').join(', ')}`);
        this.insertEntriesStmts[n] = stmt;
      }
      stmt.run(chunk);
    }
  }

  /**
   * Insert, replace or delete one record with its index entries. A new record only adds entries;
   * a replaced one touches just the entries whose value changed (most updates change none). Added
   * entries are collected in `newEntries` (rows of this record's id only: no other write of the
   * transaction touches them) and inserted together after the transaction's records.
   */
  private writeRecord(collection: string, id: Id, rec: StoredRecord | null, json: string | undefined, newEntries: unknown[]): void {
    const stmts = this.recordStmts(collection);
    this.cache.wrote(collection, id);
    if (rec && stmts.insert.run(id, json).changes === 1) {
      for (const e of this.entries(collection, rec)) newEntries.push(this.slot(collection, e.field), e.key, id);
      return;
    }
    const old = this.pending.get(collection, id);
    const slot = (e: IndexEntry) => `${e.field}\u0000${e.key}`;
    const before = old ? this.entries(collection, old) : [];
    const after = rec ? this.entries(collection, rec) : [];
    const kept = new Set(after.map(slot));
    const had = new Set(before.map(slot));
    for (const e of before) if (!kept.has(slot(e))) this.writes.deleteEntry.run(this.slot(collection, e.field), e.key, id);
    for (const e of after) if (!had.has(slot(e))) newEntries.push(this.slot(collection, e.field), e.key, id);
    if (rec) stmts.update.run(json, id);
    else stmts.delete.run(id);
  }

  /** A record's rows in ix: its equality entries, and its ordered ones under their own slot. */
  private entries(collection: string, rec: StoredRecord): IndexEntry[] {
    const entries = this.catalog.indexEntries(collection, rec);
    for (const e of this.catalog.orderedEntries(collection, rec)) entries.push({ field: orderedIndexField(e.field), key: `s:${e.value}` });
    return entries;
  }

  private open(): void {
    if (this.closed || !this.db.open) throw new StoreUnavailable('sqlite store is closed');
  }

  async get<T extends StoredRecord>(collection: string, id: Id): Promise<T | undefined> {
    this.open();
    return guard(() => this.plain.get(collection, id)) as T | undefined;
  }

  async findBy<T extends StoredRecord>(collection: string, field: string, value: Scalar): Promise<T[]> {
    this.open();
    return guard(() => this.plain.findBy(collection, field, value)) as T[];
  }

  async list<T extends StoredRecord>(collection: string, query: ListQuery<T> = {}): Promise<{ total: number; records: T[] }> {
    this.open();
    return guard(() => this.committed.list(collection, query));
  }

  async listAfter<T extends StoredRecord>(collection: string, afterId: Id, limit: number): Promise<T[]> {
    this.open();
    return guard(() => this.committed.listAfter(collection, afterId, limit)) as T[];
  }

  async listUpTo<T extends StoredRecord>(collection: string, field: string, upTo: string, limit: number, after?: OrderedPosition): Promise<T[]> {
    this.open();
    this.catalog.requireOrdered(collection, field);
    checkUpTo(upTo, limit, after);
    return guard(() => this.committed.listUpTo(collection, field, upTo, limit, after)) as T[];
  }

  async count(collection: string, where: Where = {}): Promise<number> {
    this.open();
    return guard(() => this.committed.count(collection, where));
  }

  async counter(name: string): Promise<number> { this.open(); return guard(() => this.plain.counter(name)); }

  async getKv<T = unknown>(key: string): Promise<T | undefined> { this.open(); return guard(() => this.plain.getKv(key)) as T | undefined; }

  /** Next value inside the open batch (the write lock is held, so no other process races it). */
  private allocate(sequence: string): number {
    this.batch.begin();
    try {
      let value = this.sequences.get(sequence);
      if (value === undefined) value = (this.writes.getSequence.get(sequence) as { value: number } | undefined)?.value ?? 0;
      this.sequences.set(sequence, ++value);
      return value;
    } catch (e) { this.batch.fail(e); throw e; }
  }

  /** Outside a transaction the value leaves at once: it is committed before it is returned. */
  nextId(sequence: string): Promise<number> {
    return this.transact((tx) => tx.nextId(sequence));
  }

  transact<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    const applied = this.queue.run(async () => {
      try {
        // A batch kept open too long (slow functions queued behind it) commits before the next.
        if (this.batch.due) this.batch.flush();
        const result = await withRetries(async () => {
          this.open();
          // The write lock for the whole transaction: its reads stay valid until it commits.
          guard(() => this.batch.begin());
          const tx = new BufferedTx(this.catalog, this.txReads);
          const value = await fn(tx);
          this.open();
          if (!tx.isEmpty) guard(() => this.apply(tx));
          return value;
        });
        return { result, durable: this.batch.durable() };
      } finally {
        if (this.batch.due) this.batch.flush();
        else if (this.queue.waiting === 0) this.flushSoon();
      }
    });
    return applied.then(async ({ result, durable }) => { await durable; return result; });
  }

  /**
   * Nobody is waiting behind: commit at the end of this event-loop turn rather than at once, so
   * transactions that requests read in this same turn start before it and share the commit (over
   * HTTP the queue is often empty for a moment between two requests' transactions). A lone
   * transaction waits no timer, only the rest of the current turn.
   */
  private flushSoon(): void {
    if (this.flushPending) return;
    this.flushPending = true;
    setImmediate(() => {
      this.flushPending = false;
      // A transaction still queued or running commits the batch itself when it ends.
      if (this.queue.waiting === 0 && !this.queue.busy) this.batch.flush();
    });
  }

  /** Check everything first (a refusal writes nothing), then write into the batch. */
  private apply(tx: BufferedTx): void {
    tx.checkUnique((c, f, k) => this.pending.owners(c, f, k));
    const exceeded = tx.firstExceeded((n) => this.cached.counter(n));
    if (exceeded !== undefined) throw new LimitExceeded(exceeded);
    const now = Date.now();
    const records = tx.indexedRecords;
    this.batch.begin();
    try {
      const newEntries: unknown[] = [];
      for (const [collection, recs] of records) {
        for (const [id, rec] of recs) this.writeRecord(collection, id, rec, tx.jsonOf(collection, id), newEntries);
      }
      if (newEntries.length > 0) this.insertEntryRows(newEntries);
      // Counters are written once per batch, just before its COMMIT (beforeCommit).
      for (const b of tx.bumps) this.cache.bump(b.counter, b.delta);
      for (const [key, w] of tx.kv) {
        this.cache.wroteKv(key);
        if (!w) this.writes.deleteKv.run(key);
        else this.writes.putKv.run(key, w.json, w.ttlMs === undefined ? null : now + w.ttlMs);
      }
      if (tx.kv.size > 0 && ++this.commits % KV_PURGE_EVERY === 0) this.writes.purgeKv.run(now);
    } catch (e) {
      // A half-applied transaction must not commit: the whole batch goes, every waiter is told.
      this.batch.fail(e);
      throw e;
    }
  }

  async ping(): Promise<void> {
    this.open();
    guard(() => this.reader.prepare('SELECT 1').get());
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.queue.drain();
    this.closed = true;
    this.batch.flush();
    await this.checkpointer?.close();
    if (this.reader !== this.db && this.reader.open) this.reader.close();
    if (this.db.open) this.db.close();
  }
}
