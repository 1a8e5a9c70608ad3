// In-process Keap order/invoice services on a memory store, for unit tests of InvoiceService and
// OrderService without HTTP: call(method, ...argsAfterKey) goes through a real Dispatcher with the
// Keap fault mapping, so faults look exactly like on the wire.
import { UNLIMITED, WorkBudget } from '../../src/xmlrpc/budget.js';
import pino from 'pino';
import { MemoryStore } from '../../src/store/memory.js';
import { SCHEMA } from '../../src/store/schema.js';
import type { Store } from '../../src/store/port.js';
import { InvoiceBook } from '../../src/services/invoices.js';
import { ClientBook } from '../../src/services/clients.js';
import { NoPromotionsStep, type OrderPricingStep } from '../../src/services/order-pricing.js';
import { TestPaymentProcessor } from '../../src/services/payments/test-processor.js';
import { prepareCreditCard } from '../../src/services/payments/cards.js';
import type { PaymentProcessor } from '../../src/services/payments/port.js';
import { Dispatcher } from '../../src/xmlrpc/dispatcher.js';
import type { CallContext } from '../../src/xmlrpc/handler.js';
import type { XmlRpcValue } from '../../src/xmlrpc/types.js';
import { keapErrorToFault } from '../../src/keap/faults.js';
import type { KeapDeps } from '../../src/keap/deps.js';
import { OrderBook } from '../../src/orders/book.js';
import { Billing } from '../../src/billing/billing.js';
import { OrderSubscriptionStarter } from '../../src/billing/start.js';
import { invoiceServiceMethods } from '../../src/keap/invoice-service.js';
import { orderServiceMethods } from '../../src/keap/order-service.js';

export const NOW = new Date('2026-11-23T15:00:00Z');

export interface Harness {
  deps: KeapDeps;
  call(method: string, ...args: XmlRpcValue[]): Promise<XmlRpcValue>;
  contact(firstName?: string): Promise<number>;
  product(name: string, price: string, extra?: Record<string, unknown>): Promise<number>;
  plan(productId: number, price: string): Promise<number>;
  card(contactId: number, number: string, expiry?: { month: string; year: string }): Promise<number>;
}

export function harness(opts: { pricing?: OrderPricingStep; payments?: PaymentProcessor; promoOutcomeMembers?: boolean; invoiceIdOffset?: number; store?: Store; chargeLeaseMs?: number; now?: () => Date } = {}): Harness {
  const store = opts.store ?? new MemoryStore(SCHEMA);
  const now = opts.now ?? (() => NOW);
  const invoices = new InvoiceBook(store, { currency: 'USD', numberPrefix: 'INV', numberWidth: 3, idOffset: opts.invoiceIdOffset ?? 0, now });
  const clients = new ClientBook(store, { now });
  const payments = opts.payments ?? new TestPaymentProcessor(now);
  const pricing = opts.pricing ?? new NoPromotionsStep();
  const log = pino({ level: 'silent' });
  const orders = new OrderBook({ store, invoices, clients, payments, pricing, log, now, chargeLeaseMs: opts.chargeLeaseMs, subscriptions: new OrderSubscriptionStarter('America/New_York') });
  const deps: KeapDeps = {
    store, invoices, clients, payments, pricing, log, now, orders,
    billing: new Billing({ store, orders, invoices, log, now, timeZone: 'America/New_York' }),
    config: { apiKeys: ['test-key-123456'], timeZone: 'America/New_York', currency: 'USD', promoOutcomeMembers: opts.promoOutcomeMembers ?? false },
  };
  const dispatcher = new Dispatcher({ errorToFault: keapErrorToFault, multicallMax: 100 });
  for (const spec of [...invoiceServiceMethods(deps), ...orderServiceMethods(deps)]) dispatcher.register(spec);
  const ctx: CallContext = {
    requestId: 'test', headers: {}, query: new URLSearchParams(), state: { failedAuth: 0, transportAuth: 'none', budget: new WorkBudget(UNLIMITED) },
    log: deps.log, inMulticall: false,
  };
  const put = async (collection: string, fields: Record<string, unknown>) =>
    store.transact(async (tx) => {
      const id = await tx.nextId(collection);
      tx.put(collection, { ...fields, id });
      return id;
    });
  return {
    deps,
    call: (method, ...args) => dispatcher.dispatch(method, ['test-key-123456', ...args], ctx),
    contact: (firstName = 'Ada') => store.transact(async (tx) => (await deps.clients.create(tx, { firstName, lastName: 'Lovelace', email: `${firstName.toLowerCase()}@example.com` })).id),
    product: (name, price, extra = {}) => put('Product', { ProductName: name, ProductPrice: price, Taxable: 0, Shippable: 1, Status: 1, ...extra }),
    plan: (productId, price) => put('SubscriptionPlan', { ProductId: productId, PlanPrice: price, Cycle: '2', Frequency: 1, Active: true }),
    card: (contactId, number, expiry = { month: '12', year: '2030' }) =>
      put('CreditCard', prepareCreditCard({ ContactId: contactId, CardNumber: number, CVV2: '123', ExpirationMonth: expiry.month, ExpirationYear: expiry.year, NameOnCard: 'Ada Lovelace' })),
  };
}

export const CARDS = { approve: '4111111111111111', decline: '4000000000000002', error: '4000000000000119' };
