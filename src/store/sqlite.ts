// Embedded durable store on better-sqlite3 (the default). One process owns the file: transactions
// are serialised in process, writes are buffered and applied in ONE SQLite transaction at commit.
// WAL + synchronous=NORMAL keeps every acknowledged commit across a process kill (kill -9);
// synchronous=FULL also keeps it across power loss (URL option ?synchronous=full).
import Database from 'better-sqlite3';
import type { Logger } from '../log.js';
import { Catalog, indexKey, requireScalar, type Scalar } from './catalog.js';
import { applyQuery, checkPaging, fromJson, pagesById, toJson } from './records.js';
import { withRetries } from './retry.js';
import { SerialQueue } from './serial-queue.js';
import { SQL, SQLITE_DDL, whereSql } from './sqlite-schema.js';
import { BufferedTx, type TxReads } from './tx-buffer.js';
import {
  LimitExceeded, StoreError, StoreUnavailable,
  type CollectionSpec, type Id, type ListQuery, type Store, type StoredRecord, type Tx,
} from './port.js';

export interface SqliteOptions {
  path: string;
  /** normal: survives process crashes; full: also survives OS crash / power loss (slower). */
  synchronous: 'normal' | 'full';
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
  const synchronous = SYNC_MODES[sync];
  if (!synchronous) throw new StoreError(`store URL "${url}": synchronous must be normal or full, got "${sync}"`);
  return { path, synchronous };
}

type Where = Record<string, Scalar>;
type Stmt = Database.Statement<unknown[], any>;
const KV_PURGE_EVERY = 1000;

/** Disk, lock and closed-connection failures mean the store is unavailable, not a bug in the caller. */
function unavailable(e: unknown): never {
  const err = e as { code?: unknown; message?: string };
  if (typeof err?.code === 'string' && err.code.startsWith('SQLITE_')) throw new StoreUnavailable(`sqlite: ${err.message}`, e);
  if (e instanceof TypeError && /database connection is not open/.test(err.message ?? '')) throw new StoreUnavailable('sqlite store is closed', e);
  throw e;
}

export class SqliteStore implements Store {
  readonly kind = 'sqlite' as const;
  private readonly catalog: Catalog;
  private readonly stmts: Record<keyof typeof SQL, Stmt>;
  private readonly whereStmts = new Map<string, Stmt>();
  private readonly queue = new SerialQueue();
  private commits = 0;
  private readonly reads: TxReads = {
    get: (c, id) => this.get(c, id),
    findBy: (c, f, v) => this.findBy(c, f, v),
    counter: (n) => this.counter(n),
    getKv: (k) => this.getKv(k),
    nextId: (s) => this.nextId(s),
  };

  private constructor(private readonly db: Database.Database, schema: CollectionSpec[], private readonly log?: Logger) {
    this.catalog = new Catalog(schema);
    this.stmts = Object.fromEntries(Object.entries(SQL).map(([k, sql]) => [k, db.prepare(sql)])) as Record<keyof typeof SQL, Stmt>;
  }

  static async open(options: SqliteOptions, schema: CollectionSpec[], log?: Logger): Promise<SqliteStore> {
    let db: Database.Database;
    try {
      db = new Database(options.path);
      db.pragma('journal_mode = WAL');
      db.pragma(`synchronous = ${options.synchronous.toUpperCase()}`);
      db.pragma('busy_timeout = 5000');
      db.exec(SQLITE_DDL);
    } catch (e) { unavailable(e); }
    const store = new SqliteStore(db, schema, log);
    store.reindexChangedCollections();
    store.stmts.purgeKv.run(Date.now());
    return store;
  }

  /** A collection whose indexed fields changed since the file was written gets its index rebuilt. */
  private reindexChangedCollections(): void {
    for (const collection of this.catalog.names) {
      const fields = JSON.stringify(this.catalog.indexedFields(collection));
      const stored = (this.stmts.getLayout.get(collection) as { fields: string } | undefined)?.fields;
      if (stored === fields) continue;
      this.db.transaction(() => {
        this.stmts.deleteCollectionEntries.run(collection);
        for (const row of this.stmts.allRecords.all(collection) as Array<{ json: string }>) {
          this.insertEntries(collection, fromJson<StoredRecord>(row.json));
        }
        this.stmts.putLayout.run(collection, fields);
      }).immediate();
      if (stored !== undefined) this.log?.info({ collection, fields }, 'sqlite store: rebuilt index after schema change');
    }
  }

  private insertEntries(collection: string, rec: StoredRecord): void {
    for (const e of this.catalog.indexEntries(collection, rec)) this.stmts.insertEntry.run(collection, e.field, e.key, rec.id);
  }

  private guard<T>(work: () => T): T {
    try { return work(); } catch (e) { return unavailable(e); }
  }

  async get<T extends StoredRecord>(collection: string, id: Id): Promise<T | undefined> {
    this.catalog.check(collection);
    const row = this.guard(() => this.stmts.getRecord.get(collection, id) as { json: string } | undefined);
    return row ? fromJson<T>(row.json) : undefined;
  }

  async findBy<T extends StoredRecord>(collection: string, field: string, value: Scalar): Promise<T[]> {
    this.catalog.requireIndexed(collection, field);
    requireScalar(field, value);
    const rows = this.guard(() => this.stmts.findBy.all(collection, field, indexKey(value)) as Array<{ json: string }>);
    return rows.map((r) => fromJson<T>(r.json));
  }

  private whereStmt(fields: number, what: 'json' | 'count'): Stmt {
    const key = `${what}:${fields}`;
    let stmt = this.whereStmts.get(key);
    if (!stmt) { stmt = this.db.prepare(whereSql(fields, what)); this.whereStmts.set(key, stmt); }
    return stmt;
  }

  private whereParams(collection: string, where: Where): unknown[] {
    const params: unknown[] = [];
    for (const [field, value] of Object.entries(where)) {
      this.catalog.requireIndexed(collection, field);
      requireScalar(field, value);
      params.push(field, indexKey(value));
    }
    params.push(collection);
    return params;
  }

  async list<T extends StoredRecord>(collection: string, query: ListQuery<T> = {}): Promise<{ total: number; records: T[] }> {
    this.catalog.check(collection);
    const where = query.where ?? {};
    const fields = Object.keys(where).length;
    if (fields === 0 && pagesById(query)) {
      // Page in SQL so a large collection reads only the rows returned.
      const { offset, limit, desc } = checkPaging(query as ListQuery<unknown>);
      return this.guard(() => {
        const total = (this.stmts.countAll.get(collection) as { n: number }).n;
        const rows = (desc ? this.stmts.pageDesc : this.stmts.pageAsc).all(collection, limit ?? -1, offset) as Array<{ json: string }>;
        return { total, records: rows.map((r) => fromJson<T>(r.json)) };
      });
    }
    const rows = fields === 0
      ? this.guard(() => this.stmts.allRecords.all(collection) as Array<{ json: string }>)
      : this.guard(() => this.whereStmt(fields, 'json').all(...this.whereParams(collection, where)) as Array<{ json: string }>);
    return applyQuery(rows.map((r) => fromJson<T>(r.json)), query);
  }

  async count(collection: string, where: Where = {}): Promise<number> {
    this.catalog.check(collection);
    const fields = Object.keys(where).length;
    const row = fields === 0
      ? this.guard(() => this.stmts.countAll.get(collection))
      : this.guard(() => this.whereStmt(fields, 'count').get(...this.whereParams(collection, where)));
    return (row as { n: number }).n;
  }

  async counter(name: string): Promise<number> {
    const row = this.guard(() => this.stmts.getCounter.get(name) as { value: number } | undefined);
    return row?.value ?? 0;
  }

  async getKv<T = unknown>(key: string): Promise<T | undefined> {
    const row = this.guard(() => this.stmts.getKv.get(key) as { json: string; expiresAt: number | null } | undefined);
    if (!row || (row.expiresAt !== null && row.expiresAt <= Date.now())) return undefined;
    return fromJson<T>(row.json);
  }

  /** Its own autocommit write: a sequence value is durable and never handed out again. */
  async nextId(sequence: string): Promise<number> {
    return this.guard(() => (this.stmts.nextId.get(sequence) as { value: number }).value);
  }

  transact<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.queue.run(() => withRetries(async () => {
      if (!this.db.open) throw new StoreUnavailable('sqlite store is closed');
      const tx = new BufferedTx(this.catalog, this.reads);
      const result = await fn(tx);
      if (!tx.isEmpty) this.guard(() => this.commit(tx));
      return result;
    }));
  }

  /** One SQLite transaction: checks first (a throw rolls back), then every write. */
  private commit(tx: BufferedTx): void {
    this.db.transaction(() => {
      tx.checkUnique((c, f, k) => (this.stmts.owners.all(c, f, k) as Array<{ id: Id }>).map((r) => r.id));
      const exceeded = tx.firstExceeded((n) => (this.stmts.getCounter.get(n) as { value: number } | undefined)?.value ?? 0);
      if (exceeded !== undefined) throw new LimitExceeded(exceeded);
      for (const [collection, recs] of tx.records) {
        for (const [id, rec] of recs) {
          this.stmts.deleteEntries.run(collection, id);
          if (!rec) { this.stmts.deleteRecord.run(collection, id); continue; }
          this.stmts.putRecord.run(collection, id, toJson(rec));
          this.insertEntries(collection, rec);
        }
      }
      for (const b of tx.bumps) this.stmts.addCounter.run(b.counter, b.delta);
      const now = Date.now();
      for (const [key, w] of tx.kv) {
        if (!w) this.stmts.deleteKv.run(key);
        else this.stmts.putKv.run(key, w.json, w.ttlMs === undefined ? null : now + w.ttlMs);
      }
      if (tx.kv.size > 0 && ++this.commits % KV_PURGE_EVERY === 0) this.stmts.purgeKv.run(now);
    }).immediate();
  }

  async ping(): Promise<void> {
    if (!this.db.open) throw new StoreUnavailable('sqlite store is closed');
    this.guard(() => this.db.prepare('SELECT 1').get());
  }

  async close(): Promise<void> {
    await this.queue.drain();
    if (this.db.open) this.db.close();
  }
}
