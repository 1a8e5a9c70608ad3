// Data for the placeOrder bench: a catalogue (3 products, one promo code with enough uses), a pool
// of contacts, and a fast bulk pre-load of stored orders. The pre-load clones ONE order the real
// placeOrder path wrote (Job, OrderItems, Invoice with its lines, PromoRedemption, number markers,
// promo counters) with fresh ids from the real sequences, many orders per transaction — so the
// stored data looks exactly like what the measured requests write, only much faster to make.
import { UNLIMITED, WorkBudget } from '../src/xmlrpc/budget.js';
import type { Store, StoredRecord, Tx } from '../src/store/port.js';
import type { Gateway } from '../src/app.js';
import { counters } from '../src/services/promotions/records.js';
import type { CallContext } from '../src/xmlrpc/handler.js';

export const PROMO_CODE = 'BENCH10';
const PRODUCTS: Array<[name: string, price: string]> = [['Widget', '19.99'], ['Gadget', '5.01'], ['Gizmo', '42.50']];

export interface Catalogue { productIds: number[]; promotionId: number; contactIds: number[] }

async function putNew(tx: Tx, collection: string, fields: Record<string, unknown>): Promise<number> {
  const id = await tx.nextId(collection);
  tx.put(collection, { ...fields, id });
  return id;
}

export async function seedCatalogue(gw: Gateway, contacts: number): Promise<Catalogue> {
  const { store, clients } = gw.deps;
  const productIds = await store.transact(async (tx) => {
    const ids: number[] = [];
    for (const [name, price] of PRODUCTS) ids.push(await putNew(tx, 'Product', { ProductName: name, ProductPrice: price, Taxable: 0, Shippable: 1, Status: 1 }));
    return ids;
  });
  // Limits far above what a run can use: the bench measures the path, not the refusal.
  const promotionId = await gw.promotions.create({
    name: 'Bench 10%', discount: { kind: 'ORDER_TOTAL', mode: 'PERCENT', value: '10' }, codes: [PROMO_CODE],
    limits: { totalUses: 1_000_000_000, perContact: 1_000_000 },
  });
  const contactIds: number[] = [];
  for (let start = 0; start < contacts; start += 500) {
    const n = Math.min(500, contacts - start);
    contactIds.push(...await store.transact(async (tx) => {
      const ids: number[] = [];
      for (let i = 0; i < n; i++) {
        const k = start + i;
        ids.push((await clients.create(tx, { firstName: `Bench${k}`, lastName: 'Buyer', email: `bench${k}@example.com` })).id);
      }
      return ids;
    }));
  }
  return { productIds, promotionId, contactIds };
}

interface Template { job: StoredRecord; items: StoredRecord[]; invoice: StoredRecord; redemptions: StoredRecord[] }

/** Places one real order in process and reads back every record it wrote. */
async function templateOrder(gw: Gateway, apiKey: string, cat: Catalogue): Promise<Template> {
  const ctx: CallContext = {
    requestId: 'seed', headers: {}, query: new URLSearchParams(), state: { failedAuth: 0, transportAuth: 'none', budget: new WorkBudget(UNLIMITED) },
    log: gw.deps.log, inMulticall: false,
  };
  const answer = await gw.dispatcher.dispatch('OrderService.placeOrder',
    [apiKey, cat.contactIds[0], 0, 0, cat.productIds, [], true, [PROMO_CODE]], ctx) as Record<string, string>;
  const store = gw.deps.store;
  const orderId = Number(answer.OrderId);
  const invoiceId = Number(answer.InvoiceId);
  const job = await store.get('Job', orderId);
  const invoice = await store.get('Invoice', invoiceId);
  if (!job || !invoice) throw new Error(`seed: order ${orderId} / invoice ${invoiceId} not readable`);
  return {
    job, invoice,
    items: await store.findBy('OrderItem', 'OrderId', orderId),
    redemptions: await store.findBy('PromoRedemption', 'OrderId', orderId),
  };
}

interface InvoiceLike extends StoredRecord {
  number: string; clientId: number; jobId: number; itemIds: number[];
  items: Array<{ id: number; keap?: { orderItemId?: number } }>;
}

/** One clone of the template for `contactId`, with fresh ids; writes into `tx`. */
async function cloneOrder(tx: Tx, t: Template, contactId: number, invoiceIdOffset: number, promotionId: number): Promise<void> {
  const jobId = await tx.nextId('Job');
  const [invoiceSeq, itemIds, lineIds, redemptionIds] = await Promise.all([
    tx.nextId('Invoice'),
    Promise.all(t.items.map(() => tx.nextId('OrderItem'))),
    Promise.all((t.invoice as InvoiceLike).items.map(() => tx.nextId('InvoiceItem'))),
    Promise.all(t.redemptions.map(() => tx.nextId('PromoRedemption'))),
  ]);
  const invoiceId = invoiceIdOffset + invoiceSeq;
  tx.put('Job', { ...t.job, id: jobId, ContactId: contactId });
  const orderItemIdOf = new Map<number, number>();
  t.items.forEach((it, i) => {
    orderItemIdOf.set(it.id, itemIds[i]);
    tx.put('OrderItem', { ...it, id: itemIds[i], OrderId: jobId });
  });
  const inv = t.invoice as InvoiceLike;
  const number = `SEED${invoiceId}`;
  const items = inv.items.map((line, i) => ({
    ...line, id: lineIds[i],
    ...(line.keap ? { keap: { ...line.keap, orderItemId: orderItemIdOf.get(line.keap.orderItemId ?? 0) } } : {}),
  }));
  tx.put('Invoice', { ...inv, id: invoiceId, number, clientId: contactId, jobId, items, itemIds: lineIds });
  tx.putKv(`invoicing:number:${number}`, true);
  t.redemptions.forEach((r, i) => tx.put('PromoRedemption', { ...r, id: redemptionIds[i], OrderId: jobId, InvoiceId: invoiceId, ContactId: contactId }));
  tx.bump(counters.promotion(promotionId), 1);
  tx.bump(counters.contact(promotionId, contactId), 1);
}

/**
 * Tops the store up to `target` stored orders (Job records), `batch` orders per transaction and
 * `parallel` transactions at a time (clones read nothing in their transaction, so they never
 * conflict; on Redis this overlaps the round trips).
 */
export async function preloadOrders(gw: Gateway, apiKey: string, cat: Catalogue, target: number, invoiceIdOffset: number, batch = 250, parallel = 4): Promise<number> {
  const store: Store = gw.deps.store;
  const template = await templateOrder(gw, apiKey, cat);
  let missing = target - await store.count('Job');
  let next = 0;
  const worker = async () => {
    while (missing > 0) {
      const n = Math.min(batch, missing);
      missing -= n;
      const first = next;
      next += n;
      await store.transact(async (tx) => {
        const clones: Array<Promise<void>> = [];
        for (let i = 0; i < n; i++) {
          clones.push(cloneOrder(tx, template, cat.contactIds[(first + i) % cat.contactIds.length], invoiceIdOffset, cat.promotionId));
        }
        await Promise.all(clones);
      });
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return store.count('Job');
}

/** n placeOrder calls through the dispatcher, from `callers` concurrent callers (like connections). */
export async function placeOrders(gw: Gateway, apiKey: string, cat: Catalogue, ctx: CallContext, n: number, callers = 50): Promise<void> {
  let next = 0;
  const caller = async () => {
    while (next < n) {
      const k = next++;
      await gw.dispatcher.dispatch('OrderService.placeOrder',
        [apiKey, cat.contactIds[k % cat.contactIds.length], 0, 0, cat.productIds, [], true, [PROMO_CODE]], ctx);
    }
  };
  await Promise.all(Array.from({ length: callers }, caller));
}
