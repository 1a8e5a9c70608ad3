// SIGKILL a gateway process in the middle of a placeOrder load: every order it acknowledged is
// there afterwards — on SQLite (the same process restarted on the same file) and on Redis with the
// documented AOF setting (appendfsync always; Redis is killed too and restarted from its AOF).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { struct } from '../../src/xmlrpc/types.js';
import { startRedis, type RedisServer } from '../support/redis.js';
import { ok, rpc } from '../ops/wire.js';
import { spawnGateway, type GatewayProcess } from './gateway-process.js';

const WRITERS = 8;
/** Acknowledged orders to wait for before the kill (the load keeps going until the kill). */
const ACKED_BEFORE_KILL = 40;

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => { for (const c of cleanups.reverse()) await c(); });

interface Load { acked: Array<{ orderId: number; invoiceId: number }>; stop(): void; done: Promise<void> }

/** WRITERS loops placing orders until the gateway dies; records what was acknowledged. */
function placeOrderLoad(base: string, contactId: number, productIds: number[]): Load {
  const acked: Load['acked'] = [];
  let stopped = false;
  const writer = async () => {
    while (!stopped) {
      try {
        const r = await rpc(base, 'OrderService.placeOrder', [contactId, 0, 0, productIds, [], false, []]);
        if (r.value) {
          const v = r.value as Record<string, string>;
          acked.push({ orderId: Number(v.OrderId), invoiceId: Number(v.InvoiceId) });
        }
      } catch {
        return; // connection refused/reset: the gateway is gone
      }
    }
  };
  const done = Promise.all(Array.from({ length: WRITERS }, writer)).then(() => undefined);
  return { acked, stop: () => { stopped = true; }, done };
}

async function seed(base: string) {
  const contactId = await ok<number>(base, 'ContactService.add', [{ FirstName: 'Crash' }]);
  const productIds = [await ok<number>(base, 'DataService.add', ['Product', { ProductName: 'P', ProductPrice: 2.5 }])];
  return { contactId, productIds };
}

async function killDuringLoad(gp: GatewayProcess, contactId: number, productIds: number[]) {
  const load = placeOrderLoad(gp.base, contactId, productIds);
  const deadline = Date.now() + 60_000;
  while (load.acked.length < ACKED_BEFORE_KILL) {
    if (Date.now() > deadline) throw new Error(`only ${load.acked.length} orders acknowledged:\n${gp.output()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  expect(await gp.signal('SIGKILL')).toBeNull();
  load.stop();
  await load.done;
  return load.acked;
}

async function expectAllPresent(base: string, acked: Array<{ orderId: number; invoiceId: number }>) {
  for (const { orderId, invoiceId } of acked) {
    const job = await ok<Record<string, unknown>>(base, 'DataService.load', ['Job', orderId, ['Id']]);
    expect(job.Id).toBe(orderId);
    const invoices = await ok<Array<Record<string, unknown>>>(base, 'DataService.query', ['Invoice', 10, 0, struct({ JobId: orderId }), ['Id']]);
    expect(invoices.map((i) => i.Id)).toEqual([invoiceId]);
  }
}

describe('SIGKILL during a placeOrder load', () => {
  it('SQLite: the restarted process on the same file has every acknowledged order', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gw-crash-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    const env = { GATEWAY_STORE: `sqlite:${join(dir, 'gateway.db')}`, LOG_LEVEL: 'info' };
    const first = await spawnGateway(env);
    cleanups.push(async () => { await first.signal('SIGKILL'); });
    const { contactId, productIds } = await seed(first.base);
    const acked = await killDuringLoad(first, contactId, productIds);

    const second = await spawnGateway(env);
    cleanups.push(async () => { await second.signal('SIGTERM'); });
    await expectAllPresent(second.base, acked);
    // Ids go on after the crash: a new order never reuses an acknowledged id.
    const after = await ok<Record<string, string>>(second.base, 'OrderService.placeOrder', [contactId, 0, 0, productIds, [], false, []]);
    expect(acked.map((a) => a.orderId)).not.toContain(Number(after.OrderId));
  }, 120_000);

  it('Redis (appendonly yes, appendfsync always): gateway and Redis killed, every acknowledged order back', async () => {
    const redis: RedisServer = await startRedis({ appendfsync: 'always' });
    cleanups.push(() => redis.remove());
    const env = { GATEWAY_STORE: `${redis.url}?prefix=crash`, LOG_LEVEL: 'info' };
    const first = await spawnGateway(env);
    cleanups.push(async () => { await first.signal('SIGKILL'); });
    const { contactId, productIds } = await seed(first.base);
    const acked = await killDuringLoad(first, contactId, productIds);
    await redis.kill();
    await redis.start();

    const second = await spawnGateway(env);
    cleanups.push(async () => { await second.signal('SIGTERM'); });
    await expectAllPresent(second.base, acked);
  }, 120_000);
});
