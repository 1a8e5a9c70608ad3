// The Redis adapter on a real 3-primary Redis Cluster (test/support/redis-cluster.ts): the same
// contract suite as every adapter, data sets spread over nodes, a placeOrder-sized commit, a
// slot moved to another node (MOVED) and a node going down and coming back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open.js';
import { StoreError, StoreUnavailable, UniqueViolation, type Store, type StoredRecord } from '../../src/store/port.js';
import { parseRedisUrl } from '../../src/store/redis/url.js';
import { startRedisCluster, type RedisCluster, type RedisClusterNode } from '../support/redis-cluster.js';
import { eventually } from '../support/eventually.js';
import { CONTRACT_SCHEMA, runStoreContract } from './contract.js';
import { fourStoresShareOneDataSet } from './shared-data-set.js';

let cluster: RedisCluster;
beforeAll(async () => { cluster = await startRedisCluster(3); });
afterAll(async () => { await cluster?.remove(); });

// Each store gets its own prefix, i.e. its own data set; prefixes hash to slots all over the cluster.
let n = 0;
const url = (prefix = `ccontract${++n}`, options = '') => `${cluster.url}?prefix=${prefix}${options}`;

runStoreContract('redis cluster', (schema) => openStore(url(), schema));

/** The node holding a data set: the owner of its hash tag's slot. */
async function home(prefix: string): Promise<{ slot: number; node: RedisClusterNode }> {
  const slot = await cluster.keyslot(`{${prefix}}`);
  return { slot, node: await cluster.nodeOfSlot(slot) };
}

/** Keys of a slot as each node reports them (CLUSTER COUNTKEYSINSLOT asked of every node). */
async function keysInSlotByNode(slot: number): Promise<number[]> {
  return Promise.all(cluster.nodes.map(async (node) => {
    const r = cluster.direct(node);
    try { return Number(await r.cluster('COUNTKEYSINSLOT', slot)); } finally { r.disconnect(); }
  }));
}

describe('redis cluster store', () => {
  it('parses cluster URLs and never echoes the password', () => {
    const t = parseRedisUrl('redis-cluster://user:s3cret@10.0.0.5:7000,10.0.0.6,[::1]:7002/?prefix=shop.a&commandTimeout=500');
    expect(t.cluster).toEqual([{ host: '10.0.0.5', port: 7000 }, { host: '10.0.0.6', port: 6379 }, { host: '::1', port: 7002 }]);
    expect(t.options).toMatchObject({ username: 'user', password: 's3cret', commandTimeout: 500, connectTimeout: 3000, tls: undefined });
    expect(t.prefix).toBe('shop.a');
    expect(t.display).toBe('redis-cluster://10.0.0.5:7000,10.0.0.6:6379,[::1]:7002/?prefix=shop.a');
    expect(parseRedisUrl('rediss-cluster://h:1').options.tls).toEqual({});
    expect(parseRedisUrl('redis-cluster://h:1/0').prefix).toBe('gw');
    expect(parseRedisUrl('redis://h:1/0').cluster).toBeUndefined();
    expect(() => parseRedisUrl('redis-cluster://h:1/2')).toThrow(/only database 0/);
    expect(() => parseRedisUrl('redis-cluster://h:1,h:x/')).toThrow(/is not host:port/);
    // Malformed URLs are refused without their credentials in the message (main.ts prints it).
    for (const bad of ['redis-cluster://u:p@ss@h:7000', 'redis-cluster://u:s3cret@h:99999', 'redis-cluster://u:s3cret@h:1?connectTimeout=-1', 'redis://u:s3cret@h:1/0?commandTimeout=x']) {
      let message = '';
      try { parseRedisUrl(bad); } catch (e) { message = (e as Error).message; }
      expect(message).toMatch(/\*\*\*@/);
      expect(message).not.toMatch(/s3cret|p@ss|ss@/);
    }
    expect(() => parseRedisUrl('redis-cluster://h:1/?bogus=1')).toThrow(/unknown option "bogus"/);
    expect(() => parseRedisUrl('redis-cluster://h:1/?prefix={x}')).toThrow(StoreError);
  });

  it('data sets are spread: the contract runs landed on every node, and two prefixes live on different nodes', async () => {
    // The contract suite above used dozens of prefixes: every primary holds some of them.
    const sizes = await Promise.all(cluster.nodes.map(async (node) => {
      const r = cluster.direct(node);
      try { return await r.dbsize(); } finally { r.disconnect(); }
    }));
    for (const size of sizes) expect(size).toBeGreaterThan(0);

    const [a, b] = await Promise.all([home('shop1'), home('shop2')]);
    expect(a.node.port).not.toBe(b.node.port);
    const [sa, sb] = await Promise.all([openStore(url('shop1'), CONTRACT_SCHEMA), openStore(url('shop2'), CONTRACT_SCHEMA)]);
    await sa.transact(async (tx) => { tx.put('Invoice', { id: 1, number: 'A-1', clientId: 1 }); tx.bump('orders', 1); });
    await sb.transact(async (tx) => { tx.put('Invoice', { id: 1, number: 'B-1', clientId: 2 }); tx.bump('orders', 1); });
    expect(await sa.findBy('Invoice', 'number', 'A-1')).toEqual([{ id: 1, number: 'A-1', clientId: 1 }]);
    expect(await sb.findBy('Invoice', 'number', 'A-1')).toEqual([]);
    // Every key of a data set is in its slot, and that slot's keys are on its node only.
    const ia = cluster.nodes.indexOf(a.node);
    const ib = cluster.nodes.indexOf(b.node);
    const inA = await keysInSlotByNode(a.slot);
    const inB = await keysInSlotByNode(b.slot);
    expect(inA[ia]).toBeGreaterThan(0);
    expect(inB[ib]).toBeGreaterThan(0);
    expect(inA.reduce((x, y) => x + y)).toBe(inA[ia]);
    expect(inB.reduce((x, y) => x + y)).toBe(inB[ib]);
    const ra = cluster.direct(a.node);
    const keys = await ra.cluster('GETKEYSINSLOT', a.slot, 1000);
    ra.disconnect();
    expect(keys.length).toBe(inA[ia]);
    for (const k of keys) expect(k.startsWith('{shop1}:')).toBe(true);
    await Promise.all([sa.close(), sb.close()]);
  });

  it('commits a placeOrder-sized transaction (many records, index entries, unique values, counters, kv) atomically', async () => {
    const prefix = 'bigorder';
    const { slot, node } = await home(prefix);
    const store = await openStore(url(prefix), CONTRACT_SCHEMA);
    const result = await store.transact(async (tx) => {
      const orderId = await tx.nextId('order');
      tx.put('Client', { id: 1, email: 'buyer@example.com' });
      for (let i = 1; i <= 120; i++) {
        tx.put('Invoice', { id: i, number: `ORD${orderId}-${i}`, clientId: 1, status: i % 2 ? 'open' : 'paid', tags: [`t${i % 7}`, `line${i}`], total: `${i}.00` });
      }
      for (let i = 1; i <= 40; i++) tx.put('Doc', { id: i, value: i, nested: { list: [i, i + 1] } });
      for (let i = 0; i < 15; i++) tx.bump(`promo${i}`, 1, 100);
      tx.bump('orders', 1);
      for (let i = 0; i < 5; i++) tx.putKv(`idem:${orderId}:${i}`, { orderId, i }, 60_000);
      return orderId;
    });
    expect(result).toBe(1);
    expect(await store.count('Invoice')).toBe(120);
    expect(await store.count('Invoice', { clientId: 1, status: 'open' })).toBe(60);
    expect((await store.findBy('Invoice', 'tags', 't3')).length).toBe(17);
    expect(await store.findBy('Invoice', 'number', 'ORD1-77')).toMatchObject([{ id: 77, total: '77.00' }]);
    expect(await store.get('Doc', 40)).toEqual({ id: 40, value: 40, nested: { list: [40, 41] } });
    expect(await store.counter('promo14')).toBe(1);
    expect(await store.getKv('idem:1:4')).toEqual({ orderId: 1, i: 4 });
    // A second order reusing a unique number fails whole: nothing of it is written.
    await expect(store.transact(async (tx) => {
      for (let i = 200; i < 260; i++) tx.put('Invoice', { id: i, number: `N${i}`, clientId: 2 });
      tx.put('Invoice', { id: 999, number: 'ORD1-5' });
      tx.bump('orders', 1);
    })).rejects.toBeInstanceOf(UniqueViolation);
    expect(await store.count('Invoice')).toBe(120);
    expect(await store.count('Invoice', { clientId: 2 })).toBe(0);
    expect(await store.counter('orders')).toBe(1);
    // All of it (records, ids, index sets, versions, unique hash, counters, kv) sits in one slot on one node.
    const counts = await keysInSlotByNode(slot);
    expect(counts[cluster.nodes.indexOf(node)]).toBeGreaterThan(120 + 40 + 15);
    await store.close();
  });

  it('four stores (like four gateways) on one data set: limits, isolation and unique hold', async () => {
    await fourStoresShareOneDataSet(url(), 50);
  });

  it('follows its data set when the slot moves to another node (MOVED)', async () => {
    const prefix = 'moving';
    const { slot, node } = await home(prefix);
    const store = await openStore(url(prefix), CONTRACT_SCHEMA);
    await store.transact(async (tx) => { tx.put('Invoice', { id: 1, number: 'M1', clientId: 7 }); tx.bump('n', 1); });
    const target = cluster.nodes.find((x) => x !== node)!;
    await cluster.moveSlot(slot, target);
    expect((await home(prefix)).node).toBe(target);
    // The client still routes the slot to the old node: it gets MOVED, follows it and refreshes.
    expect(await store.findBy('Invoice', 'clientId', 7)).toEqual([{ id: 1, number: 'M1', clientId: 7 }]);
    await store.transact(async (tx) => { tx.put('Invoice', { id: 2, number: 'M2', clientId: 7 }); tx.bump('n', 1); });
    expect(await store.count('Invoice', { clientId: 7 })).toBe(2);
    expect(await store.counter('n')).toBe(2);
    const counts = await keysInSlotByNode(slot);
    expect(counts[cluster.nodes.indexOf(node)]).toBe(0);
    expect(counts[cluster.nodes.indexOf(target)]).toBeGreaterThan(0);
    await store.ping();
    await store.close();
  });

  it('while its slot is being migrated, a commit is applied whole or fails with StoreUnavailable having written nothing', async () => {
    // Redis aborts a script at the first key that is not on the node (moved already, or new: a
    // migrating node cannot create keys), keeping what the script wrote before. The commit
    // script touches all its keys before writing, so no commit is half applied.
    const prefix = 'resharding';
    const { slot, node } = await home(prefix);
    const store = await openStore(url(prefix), CONTRACT_SCHEMA);
    await store.transact(async (tx) => {
      for (let id = 1; id <= 40; id++) tx.put('Invoice', { id, number: `R${id}`, clientId: id % 4, status: 'open' });
      tx.bump('n', 40);
    });
    const target = cluster.nodes.find((x) => x !== node)!;
    // Half of the records move; the clock, indexes, unique hash and counter stay for now.
    const move = await cluster.beginSlotMove(slot, target, (keys) => keys.filter((k) => /:rec:Invoice:\d*[02468]$/.test(k)));
    let applied = 0;
    let refused = 0;
    const attempts = Array.from({ length: 120 }, (_, i) => store.transact(async (tx) => {
      if (i % 3 === 0) {
        // Only keys still on the node (odd record, existing index entries): this can commit.
        const id = 2 * (i % 20) + 1;
        tx.put('Invoice', { id, number: `R${id}`, clientId: id % 4, status: 'open', total: `${i}.00` });
        tx.bump('n', 1);
        return;
      }
      const id = 1 + (i % 40);
      // Moves a record to another (brand-new) index value, a new record, a delete.
      tx.put('Invoice', { id, number: `R${id}`, clientId: 100 + (i % 6), status: i % 2 ? 'open' : 'paid' });
      if (i % 10 === 0) tx.put('Invoice', { id: 1000 + i, number: `NEW${i}`, clientId: 1 });
      if (i % 15 === 0) tx.delete('Invoice', 1 + ((i + 7) % 40));
      tx.bump('n', 1);
    }).then(() => { applied++; }, (e) => { expect(e).toBeInstanceOf(StoreUnavailable); refused++; }));
    await Promise.all(attempts);
    expect(applied).toBeGreaterThan(0);
    expect(refused).toBeGreaterThan(0);
    await move.finish();
    expect((await home(prefix)).node).toBe(target);

    // Every index agrees with the records, and the counter with the commits applied.
    const { records } = await store.list<StoredRecord & { clientId: number; status: string; number: string }>('Invoice');
    expect(await store.counter('n')).toBe(40 + applied);
    const byClient = new Map<number, number[]>();
    for (const r of records) byClient.set(r.clientId, [...(byClient.get(r.clientId) ?? []), r.id]);
    for (const clientId of [0, 1, 2, 3, 100, 101, 102, 103, 104, 105]) {
      expect((await store.findBy('Invoice', 'clientId', clientId)).map((r) => r.id)).toEqual(byClient.get(clientId) ?? []);
    }
    expect(await store.count('Invoice', { status: 'open' }) + await store.count('Invoice', { status: 'paid' })).toBe(records.length);
    for (const r of records) expect((await store.findBy('Invoice', 'number', r.number)).map((x) => x.id)).toEqual([r.id]);
    // And the data set works normally on its new node.
    await store.transact(async (tx) => { tx.put('Invoice', { id: 5000, number: 'AFTER', clientId: 9 }); tx.bump('n', 1); });
    expect(await store.findBy('Invoice', 'clientId', 9)).toEqual([{ id: 5000, number: 'AFTER', clientId: 9 }]);
    await store.close();
  });

  it('openStore fails fast with StoreUnavailable when no node listens', async () => {
    const started = Date.now();
    await expect(openStore('redis-cluster://127.0.0.1:1,127.0.0.1:2/?connectTimeout=500', CONTRACT_SCHEMA)).rejects.toBeInstanceOf(StoreUnavailable);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('never replays a commit whose connection was cut: record and counter bump land exactly once', async () => {
    // CLIENT KILL closes the store's connections under in-flight commits while the node stays
    // up. ioredis would resend a command that failed with "Connection is closed." (after
    // retryDelayOnFailover), applying an already-applied commit twice: the counter would then
    // run ahead of the records.
    const prefix = 'cut';
    const { node } = await home(prefix);
    const store = await openStore(url(prefix), CONTRACT_SCHEMA);
    let next = 1;
    let committed = 0;
    let failed = 0;
    let stop = false;
    const loop = async () => {
      while (!stop) {
        try {
          await store.transact(async (tx) => { tx.put('Doc', { id: next++, value: 1 }); tx.bump('docs', 1); });
          committed++;
        } catch (e) {
          expect(e).toBeInstanceOf(StoreUnavailable);
          failed++;
          // A call on a cut connection fails without any I/O, so without this the loops would
          // retry in promise jobs alone and starve the killer's timers below.
          await new Promise((r) => setImmediate(r));
        }
      }
    };
    const loops = Array.from({ length: 16 }, loop);
    const killer = cluster.direct(node);
    for (let i = 0; i < 10; i++) {
      await new Promise((r) => setTimeout(r, 60));
      await killer.call('CLIENT', 'KILL', 'TYPE', 'normal', 'SKIPME', 'yes');
    }
    stop = true;
    await Promise.all(loops);
    killer.disconnect();
    await eventually(() => store.ping(), 5000);
    const docs = await store.count('Doc');
    expect(await store.counter('docs')).toBe(docs);
    expect(docs).toBeGreaterThanOrEqual(committed);
    expect(docs).toBeLessThanOrEqual(committed + failed);
    expect(committed).toBeGreaterThan(0);
    // Commits cut off surfaced as StoreUnavailable (the caller retries with an Idempotency-Key).
    expect(failed).toBeGreaterThan(0);
    await store.close();
  });

  // Last: it takes a node down.
  it('a data set whose node is down fails fast with StoreUnavailable; others keep working; it recovers when the node returns', async () => {
    const [a, b] = await Promise.all([home('down1'), home('down2')]);
    expect(a.node).not.toBe(b.node);
    const sa: Store = await openStore(url('down1', '&commandTimeout=1000'), CONTRACT_SCHEMA);
    const sb: Store = await openStore(url('down2', '&commandTimeout=1000'), CONTRACT_SCHEMA);
    await sa.transact(async (tx) => { tx.put('Invoice', { id: 1, number: 'BEFORE' }); tx.bump('n', 1); });
    await a.node.kill();
    // Until cluster-node-timeout (5 s) marks the node failed, the other primaries serve their slots.
    await sb.transact(async (tx) => { tx.put('Invoice', { id: 1, number: 'OTHER' }); });
    expect(await sb.get('Invoice', 1)).toEqual({ id: 1, number: 'OTHER' });

    for (const work of [
      () => sa.ping(),
      () => sa.get('Invoice', 1),
      () => sa.transact(async (tx) => { tx.put('Invoice', { id: 2, number: 'DURING' }); tx.bump('n', 1); }),
    ]) {
      const started = Date.now();
      await expect(work()).rejects.toBeInstanceOf(StoreUnavailable);
      expect(Date.now() - started).toBeLessThan(2500);
    }

    await a.node.start();
    await eventually(() => sa.get('Invoice', 1), 20_000);
    expect(await sa.get('Invoice', 1)).toEqual({ id: 1, number: 'BEFORE' });
    expect(await sa.get('Invoice', 2)).toBeUndefined();
    await eventually(() => sa.transact(async (tx) => { tx.put('Invoice', { id: 3, number: 'AFTER' }); tx.bump('n', 1); }), 20_000);
    expect(await sa.counter('n')).toBe(2);
    expect(await sb.get('Invoice', 1)).toEqual({ id: 1, number: 'OTHER' });
    await Promise.all([sa.close(), sb.close()]);
  });
});
