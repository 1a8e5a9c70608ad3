// In-process Keap gateway for keap-data unit tests: every Keap service registered through
// registerKeap on a real Dispatcher with the Keap fault mapping, on a memory store.
import { UNLIMITED, WorkBudget } from '../../src/xmlrpc/budget.js';
import pino from 'pino';
import { MemoryStore } from '../../src/store/memory.js';
import { SCHEMA } from '../../src/store/schema.js';
import type { Store } from '../../src/store/port.js';
import { InvoiceBook } from '../../src/services/invoices.js';
import { ClientBook } from '../../src/services/clients.js';
import { NoPromotionsStep } from '../../src/services/order-pricing.js';
import { TestPaymentProcessor } from '../../src/services/payments/test-processor.js';
import { Dispatcher } from '../../src/xmlrpc/dispatcher.js';
import type { CallContext, RequestState } from '../../src/xmlrpc/handler.js';
import { Fault, type XmlRpcValue } from '../../src/xmlrpc/types.js';
import { keapErrorToFault } from '../../src/keap/faults.js';
import { registerKeap } from '../../src/keap/register.js';
import type { KeapDeps } from '../../src/keap/deps.js';
import { OrderBook } from '../../src/orders/book.js';
import { Billing } from '../../src/billing/billing.js';
import { OrderSubscriptionStarter } from '../../src/billing/start.js';
import { createTransportAuthenticator } from '../../src/keap/auth.js';
import { createHttpServer } from '../../src/http/server.js';
import { loadConfig } from '../../src/config/config.js';

export const KEY = 'test-key-123456';
export const NOW = new Date('2026-11-23T15:00:00Z');

export function keapHarness(opts: { now?: () => Date; apiKeys?: string[]; store?: Store } = {}) {
  const store = opts.store ?? new MemoryStore(SCHEMA);
  const now = opts.now ?? (() => NOW);
  const invoices = new InvoiceBook(store, { currency: 'USD', numberPrefix: 'INV', numberWidth: 3, idOffset: 0, now });
  const clients = new ClientBook(store, { now });
  const payments = new TestPaymentProcessor(now);
  const pricing = new NoPromotionsStep();
  const log = pino({ level: 'silent' });
  const orders = new OrderBook({ store, invoices, clients, payments, pricing, log, now, subscriptions: new OrderSubscriptionStarter('America/New_York') });
  const deps: KeapDeps = {
    store, invoices, clients, payments, pricing, log, now, orders,
    billing: new Billing({ store, orders, invoices, log, now, timeZone: 'America/New_York' }),
    config: { apiKeys: opts.apiKeys ?? [KEY], timeZone: 'America/New_York', currency: 'USD', promoOutcomeMembers: false },
  };
  const dispatcher = new Dispatcher({ errorToFault: keapErrorToFault, multicallMax: 100 });
  registerKeap(dispatcher, deps);
  const context = (state: Partial<RequestState> = {}): CallContext => ({
    requestId: 'test', headers: {}, query: new URLSearchParams(),
    state: { failedAuth: 0, transportAuth: 'none', budget: new WorkBudget(UNLIMITED), ...state }, log: deps.log, inMulticall: false,
  });
  /** One call in its own HTTP request, key in param 1. */
  const call = (method: string, ...args: XmlRpcValue[]) => dispatcher.dispatch(method, [KEY, ...args], context());
  /** The fault a call raises (fails the test when it succeeds). */
  const fault = async (method: string, ...args: XmlRpcValue[]): Promise<Fault> => {
    try {
      const v = await call(method, ...args);
      throw new Error(`expected a fault, got ${JSON.stringify(v)}`);
    } catch (e) {
      if (e instanceof Fault) return e;
      throw e;
    }
  };
  /** A real HTTP server on 127.0.0.1:0 around this dispatcher (stop it with close()). */
  const serve = async () => {
    const server = createHttpServer({
      limits: loadConfig({}).limits, log: deps.log, dispatcher,
      authenticate: createTransportAuthenticator(deps.config.apiKeys),
    });
    const { port } = await server.listen(0, '127.0.0.1');
    return { port, url: `http://127.0.0.1:${port}/api/xmlrpc`, close: () => server.close() };
  };
  return { deps, store, dispatcher, context, call, fault, serve };
}
