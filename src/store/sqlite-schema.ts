// The SQLite adapter's tables (layout version 2). One file holds every collection:
// - one table per collection, `r_<Collection>(id INTEGER PRIMARY KEY, json)`: a record is one
//   append to its own B-tree, keyed by the integer alone (version 1 kept every collection in one
//   `records(collection, id, json)` table keyed by the text of the name as well);
// - one equality index `ix(slot, value, id)`, where a slot is a small integer for one
//   (collection, field) pair (`ix_slots`) instead of two repeated strings per row;
// - sequences, counters, kv and `index_layout` (which fields each collection indexes).
// sqlite-layout.ts creates the tables and slots at open and migrates version-1 files.
import { StoreError } from './port.js';

export const LAYOUT_VERSION = 2;

/**
 * Ordered entries (CollectionSpec.ordered) live in `ix` beside the equality ones, under a slot of
 * their own whose field name no record field can have ('<' is not a name character), with the
 * value's text as 's:' key: the primary key (slot, value, id) is then the sorted index a range read walks.
 */
export const orderedIndexField = (field: string): string => `<${field}`;

export const SQLITE_DDL = `
CREATE TABLE IF NOT EXISTS ix (
  slot INTEGER NOT NULL, value TEXT NOT NULL, id INTEGER NOT NULL,
  PRIMARY KEY (slot, value, id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS ix_slots (
  slot INTEGER PRIMARY KEY, collection TEXT NOT NULL, field TEXT NOT NULL, UNIQUE (collection, field));
CREATE TABLE IF NOT EXISTS sequences (name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS kv (key TEXT PRIMARY KEY, json TEXT NOT NULL, expires_at INTEGER) WITHOUT ROWID;
-- The purge of expired entries (every 1000 kv-writing commits) reads this, not the whole table: kv
-- also holds one never-expiring marker per invoice number, and a scan of 1M of them took ~34 ms.
CREATE INDEX IF NOT EXISTS kv_expiry ON kv (expires_at) WHERE expires_at IS NOT NULL;
CREATE TABLE IF NOT EXISTS index_layout (collection TEXT PRIMARY KEY, fields TEXT NOT NULL) WITHOUT ROWID;
`;

/** Collection names become table names: only plain identifiers (they come from schema.ts). */
const NAME = /^[A-Za-z_][A-Za-z0-9_]{0,100}$/;

/** The quoted table of a collection's records. */
export function recordTable(collection: string): string {
  if (!NAME.test(collection)) throw new StoreError(`collection name "${collection}" cannot be a SQLite table (letters, digits, _)`);
  return `"r_${collection}"`;
}

export function recordTableDdl(collection: string): string {
  return `CREATE TABLE IF NOT EXISTS ${recordTable(collection)} (id INTEGER PRIMARY KEY, json TEXT NOT NULL)`;
}

/** Statements that do not depend on a collection, prepared on both connections. */
export const READ_SQL = {
  owners: 'SELECT id FROM ix WHERE slot = ? AND value = ?',
  getCounter: 'SELECT value FROM counters WHERE name = ?',
  getKv: 'SELECT json, expires_at AS expiresAt FROM kv WHERE key = ?',
  getLayout: 'SELECT fields FROM index_layout WHERE collection = ?',
} as const;

/** One collection's reads (`T` = its quoted table). */
export function collectionReadSql(t: string) {
  return {
    get: `SELECT json FROM ${t} WHERE id = ?`,
    findBy: `SELECT r.json FROM ix i JOIN ${t} r ON r.id = i.id WHERE i.slot = ? AND i.value = ? ORDER BY i.id`,
    pageAsc: `SELECT json FROM ${t} ORDER BY id LIMIT ? OFFSET ?`,
    pageDesc: `SELECT json FROM ${t} ORDER BY id DESC LIMIT ? OFFSET ?`,
    pageAfter: `SELECT json FROM ${t} WHERE id > ? ORDER BY id LIMIT ?`,
    upTo: `SELECT r.json FROM ix i JOIN ${t} r ON r.id = i.id
           WHERE i.slot = ? AND (i.value > ? OR (i.value = ? AND i.id > ?)) AND i.value <= ?
           ORDER BY i.value, i.id LIMIT ?`,
    countAll: `SELECT COUNT(*) AS n FROM ${t}`,
    allRecords: `SELECT id, json FROM ${t} ORDER BY id`,
  };
}

/** One collection's writes, on the writer connection only. */
export function collectionWriteSql(t: string) {
  return {
    insert: `INSERT OR IGNORE INTO ${t} (id, json) VALUES (?, ?)`,
    update: `UPDATE ${t} SET json = ? WHERE id = ?`,
    delete: `DELETE FROM ${t} WHERE id = ?`,
  };
}

/** Write statements, prepared on the writer connection only. */
export const WRITE_SQL = {
  deleteEntry: 'DELETE FROM ix WHERE slot = ? AND value = ? AND id = ?',
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
  deleteCollectionEntries: 'DELETE FROM ix WHERE slot IN (SELECT slot FROM ix_slots WHERE collection = ?)',
} as const;

export type Statements<K extends string> = Record<K, import('better-sqlite3').Statement<unknown[], any>>;

export function prepareAll<S extends Record<string, string>>(db: import('better-sqlite3').Database, sql: S): Statements<Extract<keyof S, string>> {
  return Object.fromEntries(Object.entries(sql).map(([k, text]) => [k, db.prepare(text)])) as Statements<Extract<keyof S, string>>;
}

/**
 * Records matching every `where` field: one join on ix per field (parameters: slot, value per
 * field), so candidates come from the index, never a scan. Built per table and number of fields
 * and cached by the adapter.
 */
export function whereSql(t: string, fields: number, what: 'json' | 'count'): string {
  const joins = Array.from({ length: fields }, (_, n) =>
    `JOIN ix i${n} ON i${n}.id = r.id AND i${n}.slot = ? AND i${n}.value = ?`).join(' ');
  const select = what === 'json' ? 'r.json' : 'COUNT(*) AS n';
  return `SELECT ${select} FROM ${t} r ${joins}${what === 'json' ? ' ORDER BY r.id' : ''}`;
}
