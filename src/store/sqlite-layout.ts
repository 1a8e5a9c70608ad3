// Opening a SQLite file: its tables for this schema, the index slots, and the migration of files
// written by layout version 1 (one `records` table and an `idx` table keyed by collection and
// field names). Runs in one write transaction, so two processes opening the same file at once
// (the CLI beside a starting gateway) neither migrate twice nor hand out a slot twice.
import type Database from 'better-sqlite3';
import type { Logger } from '../log.js';
import type { Catalog } from './catalog.js';
import { StoreError } from './port.js';
import { LAYOUT_VERSION, SQLITE_DDL, orderedIndexField, recordTable, recordTableDdl } from './sqlite-schema.js';

/** (collection, field) → the small integer that stands for it in `ix`. */
export type Slots = ReadonlyMap<string, ReadonlyMap<string, number>>;

function hasTable(db: Database.Database, name: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
}

/**
 * Version 1 → 2, inside the open write transaction: each collection's rows into its own table,
 * index rows into `ix` under their slots (pure SQL, no record is parsed), then the old tables go.
 * index_layout, sequences, counters and kv are the same in both versions and stay as they are.
 */
function migrateFromV1(db: Database.Database): number {
  const collections = (db.prepare('SELECT DISTINCT collection FROM records').all() as Array<{ collection: string }>).map((r) => r.collection);
  for (const c of collections) {
    db.exec(recordTableDdl(c));
    db.prepare(`INSERT INTO ${recordTable(c)} (id, json) SELECT id, json FROM records WHERE collection = ?`).run(c);
  }
  db.exec(`INSERT OR IGNORE INTO ix_slots (collection, field) SELECT DISTINCT collection, field FROM idx;
    INSERT OR IGNORE INTO ix (slot, value, id)
      SELECT s.slot, i.value, i.id FROM idx i JOIN ix_slots s ON s.collection = i.collection AND s.field = i.field;
    DROP TABLE idx;
    DROP TABLE records;`);
  return collections.length;
}

/** Create what this schema needs (migrating a version-1 file first) and read the slots. */
export function prepareLayout(db: Database.Database, catalog: Catalog, log?: Logger): Slots {
  return db.transaction(() => {
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > LAYOUT_VERSION) {
      throw new StoreError(`sqlite file has layout version ${version}, newer than this gateway's ${LAYOUT_VERSION}: use a newer gateway`);
    }
    db.exec(SQLITE_DDL);
    if (hasTable(db, 'records')) {
      const n = migrateFromV1(db);
      log?.info({ collections: n, layout: LAYOUT_VERSION }, 'sqlite store: migrated the file to one table per collection');
    }
    if (version !== LAYOUT_VERSION) db.pragma(`user_version = ${LAYOUT_VERSION}`);
    const addSlot = db.prepare('INSERT OR IGNORE INTO ix_slots (collection, field) VALUES (?, ?)');
    for (const c of catalog.names) {
      db.exec(recordTableDdl(c));
      for (const f of catalog.indexedFields(c)) addSlot.run(c, f);
      for (const f of catalog.orderedFields(c)) addSlot.run(c, orderedIndexField(f));
    }
    const slots = new Map<string, Map<string, number>>();
    for (const row of db.prepare('SELECT slot, collection, field FROM ix_slots').all() as Array<{ slot: number; collection: string; field: string }>) {
      let m = slots.get(row.collection);
      if (!m) { m = new Map(); slots.set(row.collection, m); }
      m.set(row.field, row.slot);
    }
    return slots;
  }).immediate();
}

/** The slot of an indexed field (prepareLayout made one for every indexed field of the schema). */
export function slotOf(slots: Slots, collection: string, field: string): number {
  const slot = slots.get(collection)?.get(field);
  if (slot === undefined) throw new StoreError(`${collection}.${field} has no index slot`);
  return slot;
}
