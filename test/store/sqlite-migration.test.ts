// A SQLite file written in layout version 1 (one `records` table, an `idx` table keyed by
// collection and field names) opens in layout 2 with everything visible through the Keap API as
// before: the gateway writes real orders, the file is turned back into version 1 with that
// version's own DDL (records and index rows copied as version 1 stored them), and a gateway
// started on it migrates at open and answers the same — then keeps numbering where it left off.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { startGateway, TEST_API_KEY, type TestGateway } from '../support/gateway.js';
import { rpcClient } from '../support/rpc.js';
import { openStore } from '../../src/store/open.js';
import { SCHEMA } from '../../src/store/schema.js';

const dir = mkdtempSync(join(tmpdir(), 'store-migrate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Version 1's DDL, verbatim from src/store/sqlite-schema.ts before layout 2. */
const V1_DDL = `
CREATE TABLE IF NOT EXISTS records (
  collection TEXT NOT NULL, id INTEGER NOT NULL, json TEXT NOT NULL,
  PRIMARY KEY (collection, id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS idx (
  collection TEXT NOT NULL, field TEXT NOT NULL, value TEXT NOT NULL, id INTEGER NOT NULL,
  PRIMARY KEY (collection, field, value, id)) WITHOUT ROWID;
DROP INDEX IF EXISTS idx_by_record;
CREATE TABLE IF NOT EXISTS sequences (name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS kv (key TEXT PRIMARY KEY, json TEXT NOT NULL, expires_at INTEGER) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS index_layout (collection TEXT PRIMARY KEY, fields TEXT NOT NULL) WITHOUT ROWID;
`;

/** Rewrite a layout-2 file as version 1 wrote it: same records, index rows, sequences, counters, kv. */
function downgradeToV1(path: string): { records: number; entries: number } {
  const db = new Database(path);
  db.transaction(() => {
    db.exec(V1_DDL);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'r\\_%' ESCAPE '\\'").all() as Array<{ name: string }>;
    for (const { name } of tables) {
      db.prepare(`INSERT INTO records (collection, id, json) SELECT ?, id, json FROM "${name}"`).run(name.slice(2));
      db.exec(`DROP TABLE "${name}"`);
    }
    db.exec(`INSERT INTO idx (collection, field, value, id)
      SELECT s.collection, s.field, i.value, i.id FROM ix i JOIN ix_slots s ON s.slot = i.slot;
      DROP TABLE ix; DROP TABLE ix_slots;`);
    db.pragma('user_version = 0');
  })();
  const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
  const out = { records: count('SELECT COUNT(*) AS n FROM records'), entries: count('SELECT COUNT(*) AS n FROM idx') };
  db.close();
  return out;
}

const TABLES: Record<string, string[]> = {
  Contact: ['Id', 'FirstName', 'Email'],
  Product: ['Id', 'ProductName', 'ProductPrice'],
  Job: ['Id', 'JobTitle', 'ContactId', 'OrderStatus'],
  OrderItem: ['Id', 'OrderId', 'ItemName', 'ItemType', 'PPU', 'Qty'],
  Invoice: ['Id', 'JobId', 'ContactId', 'InvoiceTotal', 'TotalDue', 'PromoCode'],
};

async function snapshot(gw: TestGateway, contactIds: number[]) {
  const rpc = rpcClient(gw.port);
  const tables: Record<string, unknown> = {};
  for (const [table, fields] of Object.entries(TABLES)) {
    tables[table] = await rpc('DataService.query', TEST_API_KEY, table, 1000, 0, {}, fields, 'Id', true);
  }
  return {
    tables,
    byContact: await Promise.all(contactIds.map((c) => rpc('DataService.query', TEST_API_KEY, 'Job', 100, 0, { ContactId: c }, ['Id']))),
    byEmail: await rpc('ContactService.findByEmail', TEST_API_KEY, 'ada@migrate.test', ['Id', 'FirstName']),
    owed: await rpc('InvoiceService.calculateAmountOwed', TEST_API_KEY, 1),
  };
}

describe('sqlite layout 1 → 2 migration', () => {
  it('opens a version-1 file with every record, index and counter, and goes on numbering', async () => {
    const path = join(dir, 'old.db');
    const env = { GATEWAY_STORE: `sqlite:${path}` };
    let gw = await startGateway({ env });
    let rpc = rpcClient(gw.port);
    const ada = await rpc('ContactService.add', TEST_API_KEY, { FirstName: 'Ada', Email: 'ada@migrate.test' });
    const bob = await rpc('ContactService.add', TEST_API_KEY, { FirstName: 'Bob', Email: 'bob@migrate.test' });
    const widget = await rpc('DataService.add', TEST_API_KEY, 'Product', { ProductName: 'Widget', ProductPrice: 19.99 });
    const gadget = await rpc('DataService.add', TEST_API_KEY, 'Product', { ProductName: 'Gadget', ProductPrice: 5.01 });
    await gw.gateway.promotions.create({
      name: 'Ten off', discount: { kind: 'ORDER_TOTAL', mode: 'PERCENT', value: '10' }, codes: ['MIGRATE10'], limits: { totalUses: 3 },
    });
    for (const c of [ada, bob, ada]) await rpc('OrderService.placeOrder', TEST_API_KEY, c, 0, 0, [widget, gadget], [], true, ['MIGRATE10']);
    const before = await snapshot(gw, [ada, bob]);
    expect(before.tables.Job).toHaveLength(3);
    expect((before.tables.Invoice as Array<{ InvoiceTotal: number }>).map((i) => i.InvoiceTotal)).toEqual([22.5, 22.5, 22.5]);
    await gw.close();

    const v1 = downgradeToV1(path);
    expect(v1.records).toBeGreaterThan(20);
    expect(v1.entries).toBeGreaterThan(30);

    gw = await startGateway({ env });
    rpc = rpcClient(gw.port);
    expect(await snapshot(gw, [ada, bob])).toEqual(before);
    // Counters came along: the promotion's 3 uses are taken, so a 4th order gets no discount.
    const fourth = await rpc('OrderService.placeOrder', TEST_API_KEY, bob, 0, 0, [widget], [], true, ['MIGRATE10']);
    const lastJob = Math.max(...(before.tables.Job as Array<{ Id: number }>).map((j) => j.Id));
    expect(Number(fourth.OrderId)).toBe(lastJob + 1);
    const [inv] = await rpc('DataService.query', TEST_API_KEY, 'Invoice', 10, 0, { JobId: Number(fourth.OrderId) }, ['InvoiceTotal']);
    expect(inv.InvoiceTotal).toBe(19.99);
    await gw.close();

    const db = new Database(path, { readonly: true });
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>).map((t) => t.name);
    expect(tables).not.toContain('records');
    expect(tables).not.toContain('idx');
    expect(tables).toEqual(expect.arrayContaining(['r_Job', 'r_Invoice', 'ix', 'ix_slots']));
    expect(db.pragma('user_version', { simple: true })).toBe(2);
    db.close();
  });

  it('refuses a file from a newer layout instead of reading it wrongly', async () => {
    const path = join(dir, 'future.db');
    const db = new Database(path);
    db.pragma('user_version = 3');
    db.close();
    await expect(openStore(`sqlite:${path}`, SCHEMA)).rejects.toThrow(/layout version 3, newer/);
  });
});
