// The SQLite adapter's generic tables. One file holds every collection: records as JSON text,
// an equality index table fed from the catalog, plus sequences, counters and kv.
export const SQLITE_DDL = `
CREATE TABLE IF NOT EXISTS records (
  collection TEXT NOT NULL, id INTEGER NOT NULL, json TEXT NOT NULL,
  PRIMARY KEY (collection, id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS idx (
  collection TEXT NOT NULL, field TEXT NOT NULL, value TEXT NOT NULL, id INTEGER NOT NULL,
  PRIMARY KEY (collection, field, value, id)) WITHOUT ROWID;
-- Index entries are removed by diffing a record's old and new values (no per-record index needed).
DROP INDEX IF EXISTS idx_by_record;
CREATE TABLE IF NOT EXISTS sequences (name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS kv (key TEXT PRIMARY KEY, json TEXT NOT NULL, expires_at INTEGER) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS index_layout (collection TEXT PRIMARY KEY, fields TEXT NOT NULL) WITHOUT ROWID;
`;

/** Read statements, prepared on both connections (reader: committed state; writer: inside tx). */
export const READ_SQL = {
  getRecord: 'SELECT json FROM records WHERE collection = ? AND id = ?',
  owners: 'SELECT id FROM idx WHERE collection = ? AND field = ? AND value = ?',
  findBy: `SELECT r.json FROM idx i JOIN records r ON r.collection = i.collection AND r.id = i.id
           WHERE i.collection = ? AND i.field = ? AND i.value = ? ORDER BY i.id`,
  pageAsc: 'SELECT json FROM records WHERE collection = ? ORDER BY id LIMIT ? OFFSET ?',
  pageDesc: 'SELECT json FROM records WHERE collection = ? ORDER BY id DESC LIMIT ? OFFSET ?',
  upTo: `SELECT r.json FROM idx i JOIN records r ON r.collection = i.collection AND r.id = i.id
         WHERE i.collection = ? AND i.field = ? AND (i.value > ? OR (i.value = ? AND i.id > ?)) AND i.value <= ?
         ORDER BY i.value, i.id LIMIT ?`,
  pageAfter: 'SELECT json FROM records WHERE collection = ? AND id > ? ORDER BY id LIMIT ?',
  countAll: 'SELECT COUNT(*) AS n FROM records WHERE collection = ?',
  allRecords: 'SELECT json FROM records WHERE collection = ? ORDER BY id',
  getCounter: 'SELECT value FROM counters WHERE name = ?',
  getKv: 'SELECT json, expires_at AS expiresAt FROM kv WHERE key = ?',
  getLayout: 'SELECT fields FROM index_layout WHERE collection = ?',
} as const;

/** Write statements, prepared on the writer connection only. */
export const WRITE_SQL = {
  insertRecord: 'INSERT OR IGNORE INTO records (collection, id, json) VALUES (?, ?, ?)',
  updateRecord: 'UPDATE records SET json = ? WHERE collection = ? AND id = ?',
  deleteRecord: 'DELETE FROM records WHERE collection = ? AND id = ?',
  deleteEntry: 'DELETE FROM idx WHERE collection = ? AND field = ? AND value = ? AND id = ?',
  getSequence: 'SELECT value FROM sequences WHERE name = ?',
  putSequence: `INSERT INTO sequences (name, value) VALUES (?, ?)
                ON CONFLICT (name) DO UPDATE SET value = excluded.value`,
  addCounter: `INSERT INTO counters (name, value) VALUES (?, ?)
               ON CONFLICT (name) DO UPDATE SET value = value + excluded.value`,
  putKv: `INSERT INTO kv (key, json, expires_at) VALUES (?, ?, ?)
          ON CONFLICT (key) DO UPDATE SET json = excluded.json, expires_at = excluded.expires_at`,
  deleteKv: 'DELETE FROM kv WHERE key = ?',
  purgeKv: 'DELETE FROM kv WHERE expires_at IS NOT NULL AND expires_at <= ?',
  putLayout: 'INSERT INTO index_layout (collection, fields) VALUES (?, ?) ON CONFLICT (collection) DO UPDATE SET fields = excluded.fields',
  deleteCollectionEntries: 'DELETE FROM idx WHERE collection = ?',
} as const;

export type Statements<K extends string> = Record<K, import('better-sqlite3').Statement<unknown[], any>>;

export function prepareAll<S extends Record<string, string>>(db: import('better-sqlite3').Database, sql: S): Statements<Extract<keyof S, string>> {
  return Object.fromEntries(Object.entries(sql).map(([k, text]) => [k, db.prepare(text)])) as Statements<Extract<keyof S, string>>;
}

/**
 * Records matching every `where` field: one join on idx per field, so candidates come from the
 * index, never a scan. Built per number of fields and cached by the adapter.
 */
export function whereSql(fields: number, what: 'json' | 'count'): string {
  const joins = Array.from({ length: fields }, (_, n) =>
    `JOIN idx i${n} ON i${n}.collection = r.collection AND i${n}.id = r.id AND i${n}.field = ? AND i${n}.value = ?`).join(' ');
  const select = what === 'json' ? 'r.json' : 'COUNT(*) AS n';
  return `SELECT ${select} FROM records r ${joins} WHERE r.collection = ?${what === 'json' ? ' ORDER BY r.id' : ''}`;
}
