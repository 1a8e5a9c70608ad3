// Reads on one SQLite connection. The store keeps two: a read-only connection that sees only
// committed data (plain store reads) and the writer connection, which transactions read through
// so they see the writes of the group-commit batch they will be committed with.
import type Database from 'better-sqlite3';
import { Catalog, indexKey, requireScalar, type Scalar } from './catalog.js';
import { applyQuery, checkAfter, checkPaging, fromJson, pagesById } from './records.js';
import { READ_SQL, collectionReadSql, orderedIndexField, prepareAll, recordTable, whereSql, type Statements } from './sqlite-schema.js';
import { slotOf, type Slots } from './sqlite-layout.js';
import type { Id, ListQuery, OrderedPosition, StoredRecord } from './port.js';

type Where = Record<string, Scalar>;
type Row = { json: string };
type CollectionStmts = Statements<keyof ReturnType<typeof collectionReadSql>>;

/** A kv entry as stored: its JSON and when it expires (ms since the epoch, null = never). */
export interface KvRow { json: string; expiresAt: number | null }

/** The value a kv row stands for now: an expired entry reads as absent until it is purged. */
export function kvValue(row: KvRow | null): unknown {
  if (!row || (row.expiresAt !== null && row.expiresAt <= Date.now())) return undefined;
  return fromJson(row.json);
}

export class SqliteReads {
  readonly stmts: Statements<keyof typeof READ_SQL>;
  private readonly byCollection = new Map<string, CollectionStmts>();
  private readonly whereStmts = new Map<string, Database.Statement<unknown[], any>>();

  constructor(private readonly db: Database.Database, private readonly catalog: Catalog, readonly slots: Slots) {
    this.stmts = prepareAll(db, READ_SQL);
    this.stmts.owners.pluck();
    this.stmts.getCounter.pluck();
  }

  /** The collection's statements (checks that it is declared), prepared on first use. */
  of(collection: string): CollectionStmts {
    let s = this.byCollection.get(collection);
    if (!s) {
      this.catalog.check(collection);
      s = prepareAll(this.db, collectionReadSql(recordTable(collection)));
      // A record's JSON comes back as the bare string: no row object per record read.
      s.get.pluck();
      s.findBy.pluck();
      this.byCollection.set(collection, s);
    }
    return s;
  }

  get(collection: string, id: Id): StoredRecord | undefined {
    const json = this.getJson(collection, id);
    return json === undefined ? undefined : fromJson<StoredRecord>(json);
  }

  /** The stored JSON of a record (the caller checked the collection or lets `of` check it). */
  getJson(collection: string, id: Id): string | undefined {
    return this.of(collection).get.get(id) as string | undefined;
  }

  findBy(collection: string, field: string, value: Scalar): StoredRecord[] {
    this.catalog.requireIndexed(collection, field);
    requireScalar(field, value);
    return this.findJson(collection, field, value).map((json) => fromJson<StoredRecord>(json));
  }

  /** The stored JSON of the records whose indexed `field` holds `value` (already checked), by id. */
  findJson(collection: string, field: string, value: Scalar): string[] {
    return this.of(collection).findBy.all(slotOf(this.slots, collection, field), indexKey(value)) as string[];
  }

  owners(collection: string, field: string, key: string): Id[] {
    return this.stmts.owners.all(slotOf(this.slots, collection, field), key) as Id[];
  }

  counter(name: string): number {
    return (this.stmts.getCounter.get(name) as number | undefined) ?? 0;
  }

  getKv(key: string): unknown {
    return kvValue(this.kvRow(key) ?? null);
  }

  /** The stored row of a kv entry, expired or not (kvValue tells). */
  kvRow(key: string): KvRow | undefined {
    return this.stmts.getKv.get(key) as KvRow | undefined;
  }

  private whereStmt(collection: string, fields: number, what: 'json' | 'count'): Database.Statement<unknown[], any> {
    const key = `${collection}:${what}:${fields}`;
    let stmt = this.whereStmts.get(key);
    if (!stmt) { stmt = this.db.prepare(whereSql(recordTable(collection), fields, what)); this.whereStmts.set(key, stmt); }
    return stmt;
  }

  private whereParams(collection: string, where: Where): unknown[] {
    const params: unknown[] = [];
    for (const [field, value] of Object.entries(where)) {
      this.catalog.requireIndexed(collection, field);
      requireScalar(field, value);
      params.push(slotOf(this.slots, collection, field), indexKey(value));
    }
    return params;
  }

  list<T extends StoredRecord>(collection: string, query: ListQuery<T>): { total: number; records: T[] } {
    const stmts = this.of(collection);
    const where = query.where ?? {};
    const fields = Object.keys(where).length;
    if (fields === 0 && pagesById(query)) {
      // Page in SQL so a large collection reads only the rows returned.
      const { offset, limit, desc } = checkPaging(query as ListQuery<unknown>);
      // One read transaction: the total and the page describe the same snapshot.
      return this.db.transaction(() => {
        const total = (stmts.countAll.get() as { n: number }).n;
        const rows = (desc ? stmts.pageDesc : stmts.pageAsc).all(limit ?? -1, offset) as Row[];
        return { total, records: rows.map((r) => fromJson<T>(r.json)) };
      })();
    }
    const rows = fields === 0
      ? stmts.allRecords.all() as Row[]
      : this.whereStmt(collection, fields, 'json').all(...this.whereParams(collection, where)) as Row[];
    return applyQuery(rows.map((r) => fromJson<T>(r.json)), query);
  }

  listAfter(collection: string, afterId: Id, limit: number): StoredRecord[] {
    const stmts = this.of(collection);
    checkAfter(afterId, limit);
    return (stmts.pageAfter.all(afterId, limit) as Row[]).map((r) => fromJson<StoredRecord>(r.json));
  }

  listUpTo(collection: string, field: string, upTo: string, limit: number, after?: OrderedPosition): StoredRecord[] {
    const from = after ?? { value: '', id: 0 };
    const slot = slotOf(this.slots, collection, orderedIndexField(field));
    const rows = this.of(collection).upTo.all(slot, `s:${from.value}`, `s:${from.value}`, from.id, `s:${upTo}`, limit) as Row[];
    return rows.map((r) => fromJson<StoredRecord>(r.json));
  }

  count(collection: string, where: Where): number {
    const stmts = this.of(collection);
    const fields = Object.keys(where).length;
    const row = fields === 0
      ? stmts.countAll.get()
      : this.whereStmt(collection, fields, 'count').get(...this.whereParams(collection, where));
    return (row as { n: number }).n;
  }
}
