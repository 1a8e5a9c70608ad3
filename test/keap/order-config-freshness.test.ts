// placeOrder caches products, shipping options and promotion definitions by their generations
// (src/store/generation-cache.ts). Another gateway on the same Redis, or the CLI process beside a
// SQLite gateway, changes a product price, adds a shipping option and a promo code: the very next
// placeOrder on the first gateway uses all three.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startGateway, type TestGateway } from '../support/gateway.js';
import { keapClient, type Rpc } from '../support/rpc.js';
import { startRedis, type RedisServer } from '../support/redis.js';

const BIN = fileURLToPath(new URL('../../bin/keap-gateway.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'config-fresh-'));
let redis: RedisServer;
const gateways: TestGateway[] = [];
beforeAll(async () => { redis = await startRedis(); });
afterAll(async () => {
  for (const g of gateways) await g.close();
  await redis?.remove();
  rmSync(dir, { recursive: true, force: true });
});

async function gateway(store: string): Promise<Rpc> {
  const gw = await startGateway({ env: { GATEWAY_STORE: store, GATEWAY_PROMO_OUTCOME_MEMBERS: 'true' } });
  gateways.push(gw);
  return keapClient(gw.port);
}

/**
 * The real CLI process on the same store, run without blocking this process's event loop (the
 * gateways in it must keep serving, or their idle keep-alive sockets time out under the client).
 */
async function cli(store: string, ...argv: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, [BIN, ...argv], { env: { PATH: process.env.PATH, GATEWAY_STORE: store }, encoding: 'utf8', timeout: 30_000 });
  return stdout;
}

/** `ordering` places the orders; `other` (another gateway or store instance) changes the configuration. */
async function configChangesReachTheNextOrder(store: string, ordering: Rpc, other: Rpc): Promise<void> {
  const contactId = await ordering('ContactService.add', { FirstName: 'Fresh', Email: 'fresh@example.com' });
  const productId = await ordering('DataService.add', 'Product', { ProductName: 'Widget', ProductPrice: 10, Shippable: 1 });
  const created = await cli(store, 'promo', 'create', '--name', 'Five off', '--kind', 'order_total', '--mode', 'amount', '--value', '5', '--code', 'FIRST');
  const promotionId = /created promotion #(\d+)/.exec(created)![1];
  const place = async () => {
    const r = await ordering('OrderService.placeOrder', contactId, 0, 0, [productId], [], true, ['LATER']);
    const orderId = await ordering('InvoiceService.getOrderId', Number(r.InvoiceId));
    const rows = await ordering('DataService.query', 'OrderItem', 100, 0, { OrderId: orderId }, ['ItemType', 'PPU']);
    return { outcomes: r.PromoCodeOutcomes, lines: rows.map((row: { ItemType: number; PPU: number }) => [row.ItemType, row.PPU]) };
  };
  // Twice: the second order is answered from the caches.
  for (let i = 0; i < 2; i++) expect(await place()).toEqual({ outcomes: 'LATER:UNKNOWN', lines: [[4, 10]] });

  await other('DataService.update', 'Product', productId, { ProductPrice: 25 });
  await cli(store, 'shipping', 'add', '--name', 'Flat', '--type', 'Flat', '--price', '4');
  await cli(store, 'promo', 'add-code', promotionId, 'later');

  expect(await place()).toEqual({ outcomes: 'LATER:APPLIED', lines: [[4, 25], [1, 4], [11, -5]] });
}

describe('placeOrder sees configuration written elsewhere at once', () => {
  it('two gateways on one Redis, and the CLI', async () => {
    const store = `${redis.url}?prefix=fresh`;
    await configChangesReachTheNextOrder(store, await gateway(store), await gateway(store));
  });

  it('a SQLite gateway, a second gateway on the same file, and the CLI process', async () => {
    const store = `sqlite:${join(dir, 'gw.db')}`;
    await configChangesReachTheNextOrder(store, await gateway(store), await gateway(store));
  });
});
