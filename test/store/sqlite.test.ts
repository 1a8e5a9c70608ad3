import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open.js';
import { StoreError, StoreUnavailable } from '../../src/store/port.js';
import { parseSqliteUrl } from '../../src/store/sqlite.js';
import { CONTRACT_SCHEMA, runStoreContract } from './contract.js';

const dir = mkdtempSync(join(tmpdir(), 'store-sqlite-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const url = (opts = '') => `sqlite:${join(dir, `nested/db${++n}.sqlite`)}${opts}`;

runStoreContract('sqlite', (schema) => openStore(url(), schema));
runStoreContract('sqlite synchronous=full', (schema) => openStore(url('?synchronous=full'), schema));

describe('sqlite store', () => {
  it('parses URL options and refuses unknown ones', () => {
    expect(parseSqliteUrl('sqlite:./data/x.db')).toEqual({ path: './data/x.db', synchronous: 'normal' });
    expect(parseSqliteUrl('sqlite:/tmp/x.db?synchronous=FULL')).toEqual({ path: '/tmp/x.db', synchronous: 'full' });
    expect(() => parseSqliteUrl('sqlite:/tmp/x.db?synchronous=off')).toThrow(/normal or full/);
    expect(() => parseSqliteUrl('sqlite:/tmp/x.db?cache=1')).toThrow(/unknown option "cache"/);
    expect(() => parseSqliteUrl('sqlite:')).toThrow(StoreError);
  });

  it('keeps data across close and reopen, sequences continue', async () => {
    const u = url();
    const a = await openStore(u, CONTRACT_SCHEMA);
    await a.transact(async (tx) => { tx.put('Invoice', { id: await tx.nextId('inv'), number: 'INV001', clientId: 3 }); tx.bump('c', 4); tx.putKv('k', 'v'); });
    await a.close();
    const b = await openStore(u, CONTRACT_SCHEMA);
    expect(await b.findBy('Invoice', 'number', 'INV001')).toEqual([{ id: 1, number: 'INV001', clientId: 3 }]);
    expect(await b.counter('c')).toBe(4);
    expect(await b.getKv('k')).toBe('v');
    expect(await b.nextId('inv')).toBe(2);
    await b.close();
  });

  it('rebuilds an index when the schema adds one', async () => {
    const u = url();
    const a = await openStore(u, [{ name: 'Invoice' }]);
    await a.transact(async (tx) => { tx.put('Invoice', { id: 1, jobId: 9 }); tx.put('Invoice', { id: 2, jobId: 8 }); });
    await a.close();
    const b = await openStore(u, [{ name: 'Invoice', indexes: ['jobId'] }]);
    expect(await b.findBy('Invoice', 'jobId', 9)).toEqual([{ id: 1, jobId: 9 }]);
    await b.close();
  });

  it('acknowledges a transaction only once it is committed (group commit under load)', async () => {
    const u = url();
    const store = await openStore(u, CONTRACT_SCHEMA);
    // An independent connection sees only committed data.
    const probe = new Database(u.slice('sqlite:'.length), { readonly: true });
    const seen = probe.prepare("SELECT COUNT(*) AS n FROM r_Doc WHERE id = ?");
    const notYetCommitted: number[] = [];
    await Promise.all(Array.from({ length: 300 }, () => store.transact(async (tx) => {
      const id = await tx.nextId('doc');
      tx.put('Doc', { id, value: id });
      return id;
    }).then((id) => { if ((seen.get(id) as { n: number }).n !== 1) notYetCommitted.push(id); })));
    probe.close();
    expect(notYetCommitted).toEqual([]);
    expect(await store.count('Doc')).toBe(300);
    await store.close();
  });

  it('reports StoreUnavailable once closed', async () => {
    const s = await openStore(url(), CONTRACT_SCHEMA);
    await s.close();
    await expect(s.ping()).rejects.toBeInstanceOf(StoreUnavailable);
    await expect(s.get('Invoice', 1)).rejects.toBeInstanceOf(StoreUnavailable);
    await expect(s.transact(async () => 1)).rejects.toBeInstanceOf(StoreUnavailable);
  });
});
