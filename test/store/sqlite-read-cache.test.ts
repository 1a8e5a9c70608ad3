// The SQLite adapter keeps reads between calls (src/store/sqlite-read-cache.ts). These pin that
// the cache never answers with something stale: another connection's commit (a second store on
// the same file stands for the CLI beside the gateway), the adapter's own writes, and a batch
// that rolls back after its reads cached its writes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/port.js';
import { CONTRACT_SCHEMA } from './contract.js';

const dir = mkdtempSync(join(tmpdir(), 'store-sqlite-cache-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const file = () => join(dir, `db${++n}.sqlite`);

/** Everything the cache holds, read once plainly and once inside a transaction. */
async function readAll(s: Store) {
  const plain = { rec: await s.get('Invoice', 1), found: await s.findBy('Invoice', 'clientId', 7), counter: await s.counter('uses'), kv: await s.getKv('gen') };
  const inTx = await s.transact(async (tx) => ({
    rec: await tx.get('Invoice', 1), found: await tx.findBy('Invoice', 'clientId', 7), counter: await tx.counter('uses'), kv: await tx.getKv('gen'),
  }));
  return { plain, inTx };
}

describe('sqlite read cache', () => {
  it('sees another connection\'s commits in plain and transaction reads', async () => {
    const path = file();
    const gateway = await openStore(`sqlite:${path}`, CONTRACT_SCHEMA);
    const cli = await openStore(`sqlite:${path}`, CONTRACT_SCHEMA);
    await gateway.transact(async (tx) => { tx.put('Invoice', { id: 1, clientId: 7, number: 'A' }); tx.bump('uses', 1); tx.putKv('gen', 'g1'); });
    const first = await readAll(gateway);
    expect(first.plain).toEqual({ rec: { id: 1, clientId: 7, number: 'A' }, found: [{ id: 1, clientId: 7, number: 'A' }], counter: 1, kv: 'g1' });
    expect(first.inTx).toEqual(first.plain);

    await cli.transact(async (tx) => { tx.put('Invoice', { id: 1, clientId: 8, number: 'B' }); tx.put('Invoice', { id: 2, clientId: 7 }); tx.bump('uses', 5); tx.putKv('gen', 'g2'); });
    const after = await readAll(gateway);
    expect(after.plain).toEqual({ rec: { id: 1, clientId: 8, number: 'B' }, found: [{ id: 2, clientId: 7 }], counter: 6, kv: 'g2' });
    expect(after.inTx).toEqual(after.plain);
    await cli.transact(async (tx) => { tx.deleteKv('gen'); });
    expect((await readAll(gateway)).inTx.kv).toBeUndefined();
    expect((await readAll(gateway)).plain.kv).toBeUndefined();
    await cli.close();
    await gateway.close();
  });

  it('sees its own writes at once, and a counter bumped in the open batch', async () => {
    const s = await openStore(`sqlite:${file()}`, CONTRACT_SCHEMA);
    await s.transact(async (tx) => { tx.put('Invoice', { id: 1, clientId: 7 }); tx.putKv('gen', 'g1'); });
    await readAll(s);
    // Queued together, so both run in one batch: the second sees the first's bump before COMMIT.
    const [, seen] = await Promise.all([
      s.transact(async (tx) => { tx.put('Invoice', { id: 1, clientId: 9 }); tx.bump('uses', 2); tx.putKv('gen', 'g2'); }),
      s.transact(async (tx) => ({ counter: await tx.counter('uses'), found: await tx.findBy('Invoice', 'clientId', 9), kv: await tx.getKv('gen') })),
    ]);
    expect(seen).toEqual({ counter: 2, found: [{ id: 1, clientId: 9 }], kv: 'g2' });
    expect(await readAll(s)).toEqual({
      plain: { rec: { id: 1, clientId: 9 }, found: [], counter: 2, kv: 'g2' },
      inTx: { rec: { id: 1, clientId: 9 }, found: [], counter: 2, kv: 'g2' },
    });
    await s.close();
  });

  it('forgets what a rolled-back batch read of its own writes', async () => {
    const path = file();
    const s = await openStore(`sqlite:${path}`, CONTRACT_SCHEMA);
    // A write SQLite refuses in the middle of a batch: the whole batch rolls back.
    const raw = new Database(path);
    raw.exec(`CREATE TRIGGER refuse BEFORE INSERT ON r_Doc WHEN json_extract(NEW.json, '$.value') = 'boom'
              BEGIN SELECT RAISE(ABORT, 'refused'); END`);
    raw.close();
    // The batch commits early once it is 15 ms old; on a loaded machine the three transactions took
    // longer than that and the first one committed alone. A frozen clock keeps them in one batch.
    vi.useFakeTimers({ toFake: ['performance'] });
    const outcomes = await Promise.allSettled([
      s.transact(async (tx) => { tx.put('Invoice', { id: 1, clientId: 7 }); tx.bump('uses', 1); tx.putKv('gen', 'g1'); }),
      s.transact(async (tx) => ({ rec: await tx.get('Invoice', 1), counter: await tx.counter('uses'), found: await tx.findBy('Invoice', 'clientId', 7), kv: await tx.getKv('gen') })),
      s.transact(async (tx) => { tx.put('Doc', { id: 1, value: 'boom' }); }),
    ]);
    vi.useRealTimers();
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(await readAll(s)).toEqual({
      plain: { rec: undefined, found: [], counter: 0, kv: undefined },
      inTx: { rec: undefined, found: [], counter: 0, kv: undefined },
    });
    await s.close();
  });

  it('lets a cached kv entry expire on time', async () => {
    const s = await openStore(`sqlite:${file()}`, CONTRACT_SCHEMA);
    await s.transact(async (tx) => { tx.putKv('gen', 'short', 150); });
    expect((await readAll(s)).plain.kv).toBe('short');
    expect((await readAll(s)).inTx.kv).toBe('short');
    await new Promise((r) => setTimeout(r, 200));
    expect(await readAll(s)).toMatchObject({ plain: { kv: undefined }, inTx: { kv: undefined } });
    await s.close();
  });
});
