import { beforeEach, describe, expect, it } from 'vitest';
import { MemoryStore } from '../../src/store/memory.js';
import { SCHEMA } from '../../src/store/schema.js';
import { InvoiceBook } from '../../src/services/invoices.js';
import { ClientBook } from '../../src/services/clients.js';
import { DomainError } from '../../src/errors.js';
import type { Store } from '../../src/store/port.js';

const now = () => new Date('2026-11-23T15:00:00Z');
let store: Store;
let invoices: InvoiceBook;
let clients: ClientBook;
let clientId: number;

beforeEach(async () => {
  store = new MemoryStore(SCHEMA);
  invoices = new InvoiceBook(store, { currency: 'USD', numberPrefix: 'INV', numberWidth: 3, now });
  clients = new ClientBook(store, { now });
  clientId = (await store.transact((tx) => clients.create(tx, { firstName: 'Ada', lastName: 'Lovelace', email: ' Ada@Example.com ' }))).id;
});

async function kind(p: Promise<unknown>): Promise<string> {
  try { await p; } catch (e) { if (e instanceof DomainError) return `${e.kind}:${e.field}`; throw e; }
  return 'ok';
}

describe('ClientBook', () => {
  it('creates, finds by email case-insensitively, updates and deletes', async () => {
    const [found] = await clients.findByEmail(store, 'ada@EXAMPLE.com');
    expect(found).toMatchObject({ id: clientId, email: 'Ada@Example.com', firstName: 'Ada' });
    expect(found).not.toHaveProperty('emailKey');
    const updated = await store.transact((tx) => clients.update(tx, clientId, { organization: 'Analytical Engines', extra: { City: 'London' } }));
    expect(updated).toMatchObject({ organization: 'Analytical Engines', firstName: 'Ada', extra: { City: 'London' } });
    expect((await clients.list(store, { organization: 'engines' })).total).toBe(1);
    await store.transact((tx) => clients.delete(tx, clientId));
    expect(await kind(clients.get(store, clientId))).toBe('not_found:client_id');
  });
  it('refuses a malformed email', async () => {
    expect(await kind(store.transact((tx) => clients.create(tx, { email: 'not-an-email' })))).toBe('invalid:email');
  });
});

describe('InvoiceBook', () => {
  it('creates with defaults, an automatic number and item ids from their own sequence', async () => {
    const inv = await store.transact((tx) => invoices.create(tx, { clientId, items: [{ name: 'Widget', unitCost: '12.5', quantity: '2' }] }));
    expect(inv).toMatchObject({ number: 'INV001', status: 'draft', recordStatus: 'Active', date: '2026-11-23', currency: 'USD' });
    expect(inv.items[0]).toMatchObject({ type: 'Product', discountType: 'Percent', discount: '0' });
    expect(invoices.totals(inv).total.toFixed(2)).toBe('25.00');
    const found = await invoices.findItem(store, inv.items[0].id);
    expect(found?.invoice.id).toBe(inv.id);
  });
  it('numbers: INV137 explicit → INV138 next; duplicate refused; never reused after delete', async () => {
    const a = await store.transact((tx) => invoices.create(tx, { clientId, number: 'INV137' }));
    const b = await store.transact((tx) => invoices.create(tx, { clientId }));
    expect(b.number).toBe('INV138');
    expect(await kind(store.transact((tx) => invoices.create(tx, { clientId, number: 'INV137' })))).toBe('conflict:number');
    await store.transact((tx) => invoices.delete(tx, b.id));
    expect(await kind(store.transact((tx) => invoices.create(tx, { clientId, number: 'INV138' })))).toBe('conflict:number');
    const c = await store.transact((tx) => invoices.create(tx, { clientId }));
    expect(c.number).toBe('INV139');
    expect(a.id).toBeLessThan(c.id);
  });
  it('automatic numbers continue after the highest number issued in the configured format, skipping taken ones', async () => {
    await store.transact((tx) => invoices.create(tx, { clientId, number: 'INV010' }));
    await store.transact((tx) => invoices.create(tx, { clientId, number: 'INV008' }));
    const auto: string[] = [];
    for (let i = 0; i < 2; i++) auto.push((await store.transact((tx) => invoices.create(tx, { clientId }))).number);
    expect(auto).toEqual(['INV011', 'INV012']);
    await store.transact((tx) => invoices.create(tx, { clientId, number: 'INV013' }));
    await store.transact((tx) => invoices.create(tx, { clientId, number: 'DRAFT' }));
    expect((await store.transact((tx) => invoices.create(tx, { clientId }))).number).toBe('INV014');
  });
  it('automatic numbers increment from the last explicit number: custom prefix and width, gaps, never backwards', async () => {
    await store.transact((tx) => invoices.create(tx, { clientId, number: 'INV137' }));
    expect((await store.transact((tx) => invoices.create(tx, { clientId }))).number).toBe('INV138');
    await store.transact((tx) => invoices.create(tx, { clientId, number: 'INV200' }));
    expect((await store.transact((tx) => invoices.create(tx, { clientId }))).number).toBe('INV201');
    await store.transact((tx) => invoices.create(tx, { clientId, number: 'ACME-0041' }));
    expect((await store.transact((tx) => invoices.create(tx, { clientId }))).number).toBe('ACME-0042');
    await store.transact((tx) => invoices.create(tx, { clientId, number: 'ACME-0010' }));
    expect((await store.transact((tx) => invoices.create(tx, { clientId }))).number).toBe('ACME-0043');
    await store.transact((tx) => invoices.create(tx, { clientId, number: 'INV202' }));
    expect((await store.transact((tx) => invoices.create(tx, { clientId }))).number).toBe('INV203');
  });
  it('a lower explicit number leaves no gap in automatic numbering', async () => {
    const a = (await store.transact((tx) => invoices.create(tx, { clientId }))).number;
    await store.transact((tx) => invoices.create(tx, { clientId, number: 'INV001X' }));
    await store.transact((tx) => invoices.create(tx, { clientId, number: 'INV000' }));
    const b = (await store.transact((tx) => invoices.create(tx, { clientId }))).number;
    expect([a, b]).toEqual(['INV001', 'INV002']);
  });
  it('idOffset shifts invoice ids', async () => {
    const book = new InvoiceBook(store, { currency: 'USD', numberPrefix: 'INV', numberWidth: 3, idOffset: 1000, now });
    const inv = await store.transact((tx) => book.create(tx, { clientId }));
    expect(inv.id).toBeGreaterThan(1000);
  });
  it('item CRUD, payments, overpayment refusal, and a failed transaction leaves the store unchanged', async () => {
    const inv = await store.transact((tx) => invoices.create(tx, { clientId }));
    const { item } = await store.transact((tx) => invoices.addItem(tx, inv.id, { name: 'Hours', unitCost: '80', quantity: '1.5' }));
    const { invoice: u } = await store.transact((tx) => invoices.updateItem(tx, inv.id, item.id, { quantity: '2' }));
    expect(u.items[0]).toMatchObject({ name: 'Hours', unitCost: '80', quantity: '2' });
    const { invoice: p1, payment } = await store.transact((tx) => invoices.addPayment(tx, inv.id, { amount: '60', method: 'Check' }));
    expect(p1.status).toBe('partial-paid');
    expect((await invoices.findPayment(store, payment.id))?.payment.amount).toBe('60.00');
    expect(await kind(store.transact((tx) => invoices.addPayment(tx, inv.id, { amount: '100.01', method: 'Cash' })))).toBe('invalid:amount');
    // lowering the total below what is paid is refused too
    expect(await kind(store.transact((tx) => invoices.updateItem(tx, inv.id, item.id, { quantity: '0.5' })))).toBe('invalid:total');
    const { invoice: paid } = await store.transact((tx) => invoices.addPayment(tx, inv.id, { amount: '100', method: 'Cash' }));
    expect(paid.status).toBe('paid');
    expect(invoices.totals(paid).balance.eq(0)).toBe(true);
    expect((await invoices.get(store, inv.id)).payments).toHaveLength(2);
    expect(await kind(store.transact((tx) => invoices.deleteItem(tx, inv.id, 999999)))).toBe('not_found:item_id');
  });
  it('update replaces fields, clears optional ones, keeps item ids it knows', async () => {
    const inv = await store.transact((tx) => invoices.create(tx, { clientId, dueDate: '2026-12-01', title: 'Old', items: [{ name: 'A', unitCost: '1' }] }));
    const next = await store.transact((tx) => invoices.update(tx, inv.id, { title: 'New', dueDate: undefined, items: [{ id: inv.items[0].id, name: 'A2', unitCost: '2', quantity: '1' }, { name: 'B', unitCost: '3', quantity: '1' }] }));
    expect(next.title).toBe('New');
    expect(next.dueDate).toBeUndefined();
    expect(next.items[0].id).toBe(inv.items[0].id);
    expect(next.items[1].id).not.toBe(inv.items[0].id);
    expect(invoices.totals(next).total.toFixed(2)).toBe('5.00');
  });
  it('refuses more than 1000 lines', async () => {
    const items = Array.from({ length: 1001 }, () => ({ name: 'x', unitCost: '1', quantity: '1' }));
    expect(await kind(store.transact((tx) => invoices.create(tx, { clientId, items })))).toBe('invalid:items');
  });
  it('a cancelled invoice takes no payment', async () => {
    const inv = await store.transact((tx) => invoices.create(tx, { clientId, items: [{ name: 'A', unitCost: '10', quantity: '1' }] }));
    await store.transact((tx) => invoices.update(tx, inv.id, { recordStatus: 'Cancel' }));
    expect(await kind(store.transact((tx) => invoices.addPayment(tx, inv.id, { amount: '5', method: 'Cash' })))).toBe('invalid:invoice_id');
  });
  it('unknown client and unknown invoice are not_found', async () => {
    expect(await kind(store.transact((tx) => invoices.create(tx, { clientId: 4242 })))).toBe('not_found:client_id');
    expect(await kind(invoices.get(store, 4242))).toBe('not_found:invoice_id');
  });
  it('sendMail marks sent and queues an outbox message to the client email', async () => {
    const inv = await store.transact((tx) => invoices.create(tx, { clientId }));
    const { invoice, message } = await store.transact((tx) => invoices.sendMail(tx, inv.id, {}));
    expect(invoice.status).toBe('sent');
    expect(message).toMatchObject({ invoiceId: inv.id, to: 'Ada@Example.com', subject: `Invoice ${inv.number}`, state: 'queued' });
    expect((await invoices.listOutbox(store, inv.id)).total).toBe(1);
  });
  it('lists with filters, paging and sorting; findByJob', async () => {
    for (let i = 0; i < 5; i++) await store.transact((tx) => invoices.create(tx, { clientId, jobId: i % 2 ? 7 : undefined, date: `2026-11-0${i + 1}` }));
    const page = await invoices.list(store, {}, { offset: 1, limit: 2 }, { field: 'date', dir: 'desc' });
    expect(page.total).toBe(5);
    expect(page.invoices.map((i) => i.date)).toEqual(['2026-11-04', '2026-11-03']);
    expect((await invoices.list(store, { dateFrom: '2026-11-02', dateTo: '2026-11-03' })).total).toBe(2);
    expect((await invoices.findByJob(store, 7)).length).toBe(2);
  });
});
