// Reads on one SQLite connection. The store keeps two: a read-only connection that sees only
// committed data (plain store reads) and the writer connection, which transactions read through
// so they see the writes of the group-commit batch they will be committed with.
import type Database from 'better-sqlite3';
import { Catalog, indexKey, requireScalar, type Scalar } from './catalog.js';
import { applyQuery, checkAfter, checkPaging, fromJson, pagesById } from './records.js';
import { READ_SQL, prepareAll, whereSql, type Statements } from './sqlite-schema.js';
import type { Id, ListQuery, OrderedPosition, StoredRecord } from './port.js';

type Where = Record<string, Scalar>;

/**
 * Ordered entries live in idx beside the equality ones, under a field name no record field can
 * have ('<' is not a name character), with the value's text as 's:' key: the table's primary key
 * (collection, field, value, id) is then the sorted index a range read walks.
 */
export const orderedIndexField = (field: string): string => `<${field}`;
type Row = { json: string };

export class SqliteReads {
  readonly stmts: Statements<keyof typeof READ_SQL>;
  private readonly whereStmts = new Map<string, Database.Statement<unknown[], any>>();

  constructor(private readonly db: Database.Database, private readonly catalog: Catalog) {
    this.stmts = prepareAll(db, READ_SQL);
  }

  get(collection: string, id: Id): StoredRecord | undefined {
    this.catalog.check(collection);
    const row = this.stmts.getRecord.get(collection, id) as Row | undefined;
    return row ? fromJson<StoredRecord>(row.json) : undefined;
  }

  findBy(collection: string, field: string, value: Scalar): StoredRecord[] {
    this.catalog.requireIndexed(collection, field);
    requireScalar(field, value);
    return (this.stmts.findBy.all(collection, field, indexKey(value)) as Row[]).map((r) => fromJson<StoredRecord>(r.json));
  }

  owners(collection: string, field: string, key: string): Id[] {
    return (this.stmts.owners.all(collection, field, key) as Array<{ id: Id }>).map((r) => r.id);
  }

  counter(name: string): number {
    return (this.stmts.getCounter.get(name) as { value: number } | undefined)?.value ?? 0;
  }

  getKv(key: string): unknown {
    const row = this.stmts.getKv.get(key) as { json: string; expiresAt: number | null } | undefined;
    if (!row || (row.expiresAt !== null && row.expiresAt <= Date.now())) return undefined;
    return fromJson(row.json);
  }

  private whereStmt(fields: number, what: 'json' | 'count'): Database.Statement<unknown[], any> {
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

  list<T extends StoredRecord>(collection: string, query: ListQuery<T>): { total: number; records: T[] } {
    this.catalog.check(collection);
    const where = query.where ?? {};
    const fields = Object.keys(where).length;
    if (fields === 0 && pagesById(query)) {
      // Page in SQL so a large collection reads only the rows returned.
      const { offset, limit, desc } = checkPaging(query as ListQuery<unknown>);
      // One read transaction: the total and the page describe the same snapshot.
      return this.db.transaction(() => {
        const total = (this.stmts.countAll.get(collection) as { n: number }).n;
        const rows = (desc ? this.stmts.pageDesc : this.stmts.pageAsc).all(collection, limit ?? -1, offset) as Row[];
        return { total, records: rows.map((r) => fromJson<T>(r.json)) };
      })();
    }
    const rows = fields === 0
      ? this.stmts.allRecords.all(collection) as Row[]
      : this.whereStmt(fields, 'json').all(...this.whereParams(collection, where)) as Row[];
    return applyQuery(rows.map((r) => fromJson<T>(r.json)), query);
  }

  listAfter(collection: string, afterId: Id, limit: number): StoredRecord[] {
    this.catalog.check(collection);
    checkAfter(afterId, limit);
    return (this.stmts.pageAfter.all(collection, afterId, limit) as Row[]).map((r) => fromJson<StoredRecord>(r.json));
  }

  listUpTo(collection: string, field: string, upTo: string, limit: number, after?: OrderedPosition): StoredRecord[] {
    const from = after ?? { value: '', id: 0 };
    const rows = this.stmts.upTo.all(collection, orderedIndexField(field), `s:${from.value}`, `s:${from.value}`, from.id, `s:${upTo}`, limit) as Row[];
    return rows.map((r) => fromJson<StoredRecord>(r.json));
  }

  count(collection: string, where: Where): number {
    this.catalog.check(collection);
    const fields = Object.keys(where).length;
    const row = fields === 0
      ? this.stmts.countAll.get(collection)
      : this.whereStmt(fields, 'count').get(...this.whereParams(collection, where));
    return (row as { n: number }).n;
  }
}
