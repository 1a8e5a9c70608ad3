// Card charging on the embedded SQLite store: the per-invoice charge guard (a counter bumped with a
// limit) and the two-transaction recording must hold there too, not only in memory.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../src/store/open.js';
import { SCHEMA } from '../../src/store/schema.js';
import type { Store } from '../../src/store/port.js';
import { XmlDouble } from '../../src/xmlrpc/types.js';
import { CARDS, harness } from './order-fixture.js';

const opened: Array<{ store: Store; dir: string }> = [];
afterEach(async () => {
  for (const { store, dir } of opened.splice(0)) { await store.close(); rmSync(dir, { recursive: true, force: true }); }
});

async function sqliteHarness() {
  const dir = mkdtempSync(join(tmpdir(), 'keap-orders-'));
  const store = await openStore(`sqlite:${join(dir, 'gw.db')}`, SCHEMA);
  opened.push({ store, dir });
  return Object.assign(harness({ store }), { path: join(dir, 'gw.db') });
}

describe('payments on SQLite', () => {
  it('ten concurrent charges of one invoice: one APPROVED, one payment, nothing owed', async () => {
    const h = await sqliteHarness();
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

  it('a declined order survives a reopen with its open invoice', async () => {
    const h = await sqliteHarness();
    const contactId = await h.contact();
    const productId = await h.product('Widget', '19.99');
    const cardId = await h.card(contactId, CARDS.decline);
    const r = (await h.call('OrderService.placeOrder', contactId, cardId, 0, [productId], [], false, [])) as Record<string, string>;
    expect(r).toMatchObject({ Successful: 'false', Code: 'DECLINED' });
    await h.deps.store.close();
    const reopened = await openStore(`sqlite:${h.path}`, SCHEMA);
    opened[0].store = reopened;
    expect(await reopened.get('Job', Number(r.OrderId))).toMatchObject({ ContactId: contactId });
    const inv = await h.deps.invoices.get(reopened, Number(r.InvoiceId));
    expect([inv.payments.length, h.deps.invoices.totals(inv).balance.toFixed(2)]).toEqual([0, '19.99']);
  });
});
