// Card charging on the durable stores (embedded SQLite, Redis): the per-invoice charge guard (the
// PendingCharge record, src/orders/pending.ts) and the two-transaction recording must hold there too, not only in
// memory; a declined order must survive a reopen with its open invoice.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../src/store/open.js';
import { SCHEMA } from '../../src/store/schema.js';
import type { Store } from '../../src/store/port.js';
import { XmlDouble } from '../../src/xmlrpc/types.js';
import { startRedis, type RedisServer } from '../support/redis.js';
import { CARDS, harness } from './order-fixture.js';

let redis: RedisServer;
let redisDb = 0;
const dirs: string[] = [];
const stores: Store[] = [];

beforeAll(async () => { redis = await startRedis(); });
afterEach(async () => { for (const s of stores.splice(0)) await s.close().catch(() => undefined); });
afterAll(async () => {
  await redis?.stop();
  await redis?.remove();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A fresh store URL of each kind: a new SQLite file, or a new Redis database number. */
const URLS: Record<string, () => string> = {
  sqlite: () => {
    const dir = mkdtempSync(join(tmpdir(), 'keap-orders-'));
    dirs.push(dir);
    return `sqlite:${join(dir, 'gw.db')}`;
  },
  redis: () => `${redis.url.replace(/\/\d*$/, '')}/${++redisDb}`,
};

async function open(url: string): Promise<Store> {
  const store = await openStore(url, SCHEMA);
  stores.push(store);
  return store;
}

describe.each(Object.keys(URLS))('payments on %s', (kind) => {
  it('ten concurrent charges of one invoice: one APPROVED, one payment, nothing owed', async () => {
    const h = harness({ store: await open(URLS[kind]()) });
    const contactId = await h.contact();
    const productId = await h.product('Widget', '19.99');
    const placed = (await h.call('OrderService.placeOrder', contactId, 0, 0, [productId, productId], [], false, [])) as Record<string, string>;
    const invoiceId = Number(placed.InvoiceId);
    const cardId = await h.card(contactId, CARDS.approve);
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => h.call('InvoiceService.chargeInvoice', invoiceId, '', cardId, 0, false)));
    const codes = results.map((r) => (r.status === 'fulfilled' ? (r.value as Record<string, unknown>).Code : 'fault'));
    expect(codes.filter((c) => c === 'APPROVED')).toHaveLength(1);
    expect(codes.every((c) => c === 'APPROVED' || c === 'SKIPPED' || c === 'fault')).toBe(true);
    expect(await h.call('InvoiceService.getPayments', invoiceId)).toHaveLength(1);
    expect(((await h.call('InvoiceService.calculateAmountOwed', invoiceId)) as XmlDouble).text).toBe('0.00');
    expect(await h.deps.store.count('CCharge')).toBe(1);
  });

  it('a declined order survives a reopen with its Job and open invoice', async () => {
    const url = URLS[kind]();
    const h = harness({ store: await open(url) });
    const contactId = await h.contact();
    const productId = await h.product('Widget', '19.99');
    const cardId = await h.card(contactId, CARDS.decline);
    const r = (await h.call('OrderService.placeOrder', contactId, cardId, 0, [productId], [], false, [])) as Record<string, string>;
    expect(r).toMatchObject({ Successful: 'false', Code: 'DECLINED' });
    await h.deps.store.close();
    const reopened = await open(url);
    expect(await reopened.get('Job', Number(r.OrderId))).toMatchObject({ ContactId: contactId });
    const inv = await h.deps.invoices.get(reopened, Number(r.InvoiceId));
    expect([inv.payments.length, h.deps.invoices.totals(inv).balance.toFixed(2)]).toEqual([0, '19.99']);
  });
});
