// The Keap data services on the embedded SQLite adapter (the default store): indexes, views,
// counters and contact aliases behave as on the memory store.
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open.js';
import { SCHEMA } from '../../src/store/schema.js';
import type { Store } from '../../src/store/port.js';
import { XmlDateTime, XmlDouble } from '../../src/xmlrpc/types.js';
import { keapHarness } from './data-fixture.js';

let store: Store | undefined;
afterEach(async () => { await store?.close(); store = undefined; });

async function sqliteHarness() {
  store = await openStore('sqlite::memory:', SCHEMA);
  return keapHarness({ store });
}

describe('Keap data services on SQLite', () => {
  it('contacts, aliases and opt-in', async () => {
    const h = await sqliteHarness();
    const a = await h.call('ContactService.add', { FirstName: 'A', Email: 'a@example.com', EmailAddress2: 'shared@example.com' });
    const b = await h.call('ContactService.add', { FirstName: 'B', Email: 'Shared@example.com' });
    expect((await h.call('ContactService.findByEmail', 'shared@example.com', ['Id']) as Array<{ Id: number }>).map((r) => r.Id)).toEqual([a, b]);
    expect(await h.call('ContactService.addWithDupCheck', { FirstName: 'A2', Email: 'A@example.com' }, 'Email')).toBe(a);
    expect(await h.call('APIEmailService.optIn', 'a@example.com', 'x')).toBe(true);
    expect(await h.call('APIEmailService.getOptStatus', 'a@example.com')).toBe(1);
  });

  it('queries: index, LIKE, operators, dates, paging and order', async () => {
    const h = await sqliteHarness();
    for (const [t, c, d] of [['one', 1, '2012-03-05'], ['two', 2, '2012-03-20'], ['three', 1, '2012-04-01']] as const) {
      await h.call('DataService.add', 'Job', { JobTitle: t, ContactId: c, StartDate: d });
    }
    const ids = async (q: Record<string, unknown>, ...rest: unknown[]) =>
      (await h.call('DataService.query', 'Job', 10, 0, q as never, ['Id'], ...(rest as never[])) as Array<{ Id: number }>).map((r) => r.Id);
    expect(await ids({ ContactId: 1 })).toEqual([1, 3]);
    expect(await ids({ JobTitle: 'T%' })).toEqual([2, 3]);
    expect(await ids({ StartDate: '2012-03-%' })).toEqual([1, 2]);
    expect(await ids({ StartDate: '~>=~ 2012-03-20' })).toEqual([2, 3]);
    expect(await ids({ Id: [3, 1] }, 'JobTitle', false)).toEqual([3, 1]);
    expect(await h.call('DataService.count', 'Job', { ContactId: 1 })).toBe(2);
  });

  it('invoice views and inventory counters', async () => {
    const h = await sqliteHarness();
    const contact = await h.call('ContactService.add', { FirstName: 'Ada' }) as number;
    const invoiceId = await h.call('InvoiceService.createBlankOrder', contact, 'Order', new XmlDateTime(2026, 11, 23, 10, 0, 0), 0, 0) as number;
    await h.call('InvoiceService.addOrderItem', invoiceId, 0, 4, new XmlDouble('10.10'), 2, 'Widget', '');
    const [inv] = await h.call('DataService.query', 'Invoice', 10, 0, { ContactId: contact }, ['Id', 'InvoiceTotal', 'TotalDue']) as Array<Record<string, XmlDouble>>;
    expect([inv.InvoiceTotal.text, inv.TotalDue.text]).toEqual(['20.20', '20.20']);
    const product = await h.call('DataService.add', 'Product', { ProductName: 'Widget', ProductPrice: new XmlDouble('10.10') });
    await h.call('ProductService.increaseInventory', product, 5);
    await h.call('ProductService.decrementInventory', product);
    expect(await h.call('ProductService.getInventory', product)).toBe(4);
  });
});
