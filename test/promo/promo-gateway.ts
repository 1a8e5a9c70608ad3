// A real gateway for promotion tests through the wire: memory store, PromotionsStep as the pricing
// step, every Keap service plus previewOrder and DiscountService behind the key check, the
// node:http RPC front on 127.0.0.1 port 0. (test/support/gateway.ts can replace this once the
// integrator's buildApp registers the promotion methods.)
import pino from 'pino';
import xmlrpc from 'xmlrpc';
import { loadConfig } from '../../src/config/config.js';
import { MemoryStore } from '../../src/store/memory.js';
import { SCHEMA } from '../../src/store/schema.js';
import { InvoiceBook } from '../../src/services/invoices.js';
import { ClientBook } from '../../src/services/clients.js';
import { PromotionAdmin, PromotionsStep } from '../../src/services/promotions.js';
import { TestPaymentProcessor } from '../../src/services/payments/test-processor.js';
import { Dispatcher } from '../../src/xmlrpc/dispatcher.js';
import { keapErrorToFault } from '../../src/keap/faults.js';
import { createKeyCheck, createTransportAuthenticator, withAuth } from '../../src/keap/auth.js';
import { registerKeap } from '../../src/keap/register.js';
import { previewOrderMethod } from '../../src/keap/preview-order.js';
import { discountServiceMethods } from '../../src/keap/discount-service.js';
import { createHttpServer } from '../../src/http/server.js';
import type { KeapDeps } from '../../src/keap/deps.js';

export const API_KEY = 'test-key-123456';

export interface PromoGateway {
  deps: KeapDeps;
  admin: PromotionAdmin;
  call<T = unknown>(method: string, ...args: unknown[]): Promise<T>;
  close(): Promise<void>;
}

export async function startPromoGateway(): Promise<PromoGateway> {
  const config = loadConfig({});
  const store = new MemoryStore(SCHEMA);
  const now = () => new Date();
  const log = pino({ level: 'silent' });
  const deps: KeapDeps = {
    store,
    invoices: new InvoiceBook(store, { currency: 'USD', numberPrefix: 'INV', numberWidth: 3, now }),
    clients: new ClientBook(store, { now }),
    payments: new TestPaymentProcessor(now),
    pricing: new PromotionsStep({ currency: 'USD', log }),
    log, now,
    config: { apiKeys: [API_KEY], timeZone: 'America/New_York', currency: 'USD', promoOutcomeMembers: true },
  };
  const dispatcher = new Dispatcher({ errorToFault: keapErrorToFault, multicallMax: config.limits.multicallEntries });
  registerKeap(dispatcher, deps);
  const check = createKeyCheck(deps.config.apiKeys);
  for (const spec of [previewOrderMethod(deps), ...discountServiceMethods(deps)]) dispatcher.register(withAuth(spec, check));
  const server = createHttpServer({ limits: config.limits, log, dispatcher, authenticate: createTransportAuthenticator([API_KEY]) });
  const { port } = await server.listen(0, '127.0.0.1');
  const client = xmlrpc.createClient({ host: '127.0.0.1', port, path: '/api/xmlrpc' });
  const call = <T>(method: string, ...args: unknown[]) => new Promise<T>((resolve, reject) => {
    client.methodCall(method, [API_KEY, ...args], (err, value) => (err ? reject(err) : resolve(value as T)));
  });
  return { deps, admin: new PromotionAdmin(store, { now, log }), call, close: () => server.close() };
}
