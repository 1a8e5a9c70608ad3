// A real gateway for the checkout tests until/unless test/support/gateway.ts is used: memory store,
// every Keap service behind the key check, the node:http RPC front on 127.0.0.1 port 0.
import pino from 'pino';
import { loadConfig } from '../../src/config/config.js';
import { MemoryStore } from '../../src/store/memory.js';
import { SCHEMA } from '../../src/store/schema.js';
import { InvoiceBook } from '../../src/services/invoices.js';
import { ClientBook } from '../../src/services/clients.js';
import { NoPromotionsStep } from '../../src/services/order-pricing.js';
import { TestPaymentProcessor } from '../../src/services/payments/test-processor.js';
import { Dispatcher } from '../../src/xmlrpc/dispatcher.js';
import { keapErrorToFault } from '../../src/keap/faults.js';
import { createTransportAuthenticator } from '../../src/keap/auth.js';
import { registerKeap } from '../../src/keap/register.js';
import { createHttpServer } from '../../src/http/server.js';
import type { KeapDeps } from '../../src/keap/deps.js';

export const API_KEY = 'test-key-123456';

export async function startCheckoutGateway(): Promise<{ url: string; deps: KeapDeps; close(): Promise<void> }> {
  const config = loadConfig({});
  const store = new MemoryStore(SCHEMA);
  const now = () => new Date();
  const log = pino({ level: 'silent' });
  const deps: KeapDeps = {
    store,
    invoices: new InvoiceBook(store, { currency: 'USD', numberPrefix: 'INV', numberWidth: 3, now }),
    clients: new ClientBook(store, { now }),
    payments: new TestPaymentProcessor(now),
    pricing: new NoPromotionsStep(),
    log, now,
    config: { apiKeys: [API_KEY], timeZone: 'America/New_York', currency: 'USD', promoOutcomeMembers: false },
  };
  const dispatcher = new Dispatcher({ errorToFault: keapErrorToFault, multicallMax: config.limits.multicallEntries });
  registerKeap(dispatcher, deps);
  const server = createHttpServer({ limits: config.limits, log, dispatcher, authenticate: createTransportAuthenticator([API_KEY]) });
  const { port } = await server.listen(0, '127.0.0.1');
  return { url: `http://127.0.0.1:${port}/api/xmlrpc`, deps, close: () => server.close() };
}
