// A whole Keap service set on a memory store with a clock the test moves (keapHarness), plus the
// catalogue and cards a subscription needs.
import { keapHarness } from '../keap/data-fixture.js';
import { prepareCreditCard } from '../../src/services/payments/cards.js';
import type { XmlRpcValue } from '../../src/xmlrpc/types.js';

export const CARDS = { approve: '4111111111111111', decline: '4000000000000002' };

export function billingHarness(start = '2026-01-31T15:00:00Z') {
  let now = new Date(start);
  const h = keapHarness({ now: () => now });
  const put = (collection: string, fields: Record<string, unknown>) => h.store.transact(async (tx) => {
    const id = await tx.nextId(collection);
    tx.put(collection, { ...fields, id });
    return id;
  });
  return {
    ...h,
    billing: h.deps.billing,
    setNow: (iso: string) => { now = new Date(iso); },
    contact: (email = 'ada@example.com') => h.store.transact(async (tx) => (await h.deps.clients.create(tx, { firstName: 'Ada', lastName: 'Lovelace', email })).id),
    product: (name: string, price: string) => put('Product', { ProductName: name, ProductPrice: price, Taxable: 0, Shippable: 0, Status: 1 }),
    plan: (productId: number, price: string, cycle = '2', frequency = 1) => put('SubscriptionPlan', { ProductId: productId, PlanPrice: price, Cycle: cycle, Frequency: frequency, Active: true }),
    card: (contactId: number, number: string) => put('CreditCard', prepareCreditCard({ ContactId: contactId, CardNumber: number, CVV2: '123', ExpirationMonth: '12', ExpirationYear: '2035', NameOnCard: 'Ada Lovelace' })),
    query: (table: string, where: Record<string, XmlRpcValue>, fields: string[]) => h.call('DataService.query', table, 100, 0, where, fields) as Promise<Array<Record<string, XmlRpcValue>>>,
  };
}
