// Builds a whole gateway from explicit dependencies: services, Keap methods, the HTTP front.
// Used by src/main.ts (real config) and by the tests (memory store, ephemeral port).
import type { Logger } from 'pino';
import type { GatewayConfig } from './config/config.js';
import type { Store } from './store/port.js';
import { Dispatcher } from './xmlrpc/dispatcher.js';
import type { MethodSpec } from './xmlrpc/handler.js';
import { createHttpServer, type GatewayServer } from './http/server.js';
import { createExpressApp } from './http/express-app.js';
import { keapErrorToFault } from './keap/faults.js';
import { createKeyCheck, createTransportAuthenticator, withAuth } from './keap/auth.js';
import { echoMethod, keapMethods } from './keap/register.js';
import { discountServiceMethods } from './keap/discount-service.js';
import { previewOrderMethod } from './keap/preview-order.js';
import type { KeapDeps } from './keap/deps.js';
import { InvoiceBook } from './services/invoices.js';
import { OrderBook } from './orders/book.js';
import { Billing } from './billing/billing.js';
import { OrderSubscriptionStarter } from './billing/start.js';
import { BillingScheduler } from './billing/scheduler.js';
import type { BillingDeps } from './billing/deps.js';
import { ClientBook } from './services/clients.js';
import { PromotionAdmin, PromotionsStep } from './services/promotions.js';
import { ShippingTaxAdmin } from './services/shipping-tax/admin.js';
import { ShippingTaxStep } from './services/shipping-tax/step.js';
import { TestPaymentProcessor } from './services/payments/test-processor.js';
import type { PaymentProcessor } from './services/payments/port.js';
import { createMetrics, type GatewayMetrics } from './ops/metrics.js';
import { invoiceraRouter } from './invoicera-api/router.js';
import { IDEMPOTENT_METHODS, withIdempotency } from './keap/idempotency.js';
import { promoOutcomeCounter } from './ops/promo-metrics.js';
import { OutboxDelivery, type MailTransport } from './services/mail-outbox.js';
import { createSmtpTransport } from './mail/smtp.js';
import { InvoiceDocuments } from './documents/service.js';
import { documentRouter } from './documents/routes.js';
import { CompatibilityRadar, paramShape } from './ops/radar.js';
import { keapRefusal } from './keap/refusals.js';
import { consoleRouter } from './console/router.js';
import { OUTBOX } from './services/invoices.js';
import { packageInfo } from './config/package-root.js';

/** How long a concurrent retry with the same Idempotency-Key waits for the first call. */
const IDEMPOTENCY_WAIT_MS = 5000;

export interface AppOptions {
  config: GatewayConfig;
  log: Logger;
  store: Store;
  now?: () => Date;
  payments?: PaymentProcessor;
  metrics?: GatewayMetrics;
  /** Mail transport for invoice mails; default: SMTP when config.mail.smtpUrl is set, else none. */
  mailTransport?: MailTransport;
}

export interface Gateway {
  server: GatewayServer;
  dispatcher: Dispatcher;
  deps: KeapDeps;
  promotions: PromotionAdmin;
  /** Shipping options and tax rates (the file loaded at start, tests). */
  shippingTax: ShippingTaxAdmin;
  metrics: GatewayMetrics;
  /** Delivers queued invoice mails; absent when no mail transport is configured. */
  mail?: OutboxDelivery;
  /** Refused legacy calls (console radar, gateway_refused_calls_total). */
  radar: CompatibilityRadar;
  /** Invoice documents (HTML, PDF, client links). */
  documents: InvoiceDocuments;
  listen(): Promise<{ port: number }>;
  /** Shutdown begins: /readyz answers 503 (balancers stop sending) while calls are still served. */
  drain(): void;
  /** Graceful: stop accepting, finish in-flight calls, close the store. */
  close(): Promise<void>;
}

export function buildApp(opts: AppOptions): Gateway {
  const { config, store } = opts;
  // The process logger. A call's lines carry its request id because the methods hand the services
  // the request's own logger (src/ops/request-context.ts), not through this one.
  const { log } = opts;
  const now = opts.now ?? (() => new Date());
  const metrics = opts.metrics ?? createMetrics({ build: { version: packageInfo().version } });
  metrics.watchOutbox((state) => store.count(OUTBOX, { state }));
  let draining = false;
  const promoCounter = promoOutcomeCounter(new PromotionsStep({ log }), metrics);
  const invoices = new InvoiceBook(store, {
    currency: config.keap.currency,
    numberPrefix: config.invoicera.numberPrefix,
    numberWidth: config.invoicera.numberWidth,
    idOffset: config.keap.invoiceIdOffset,
    now,
  });
  const clients = new ClientBook(store, { now });
  const payments = opts.payments ?? new TestPaymentProcessor(now);
  const charges = new ShippingTaxStep({ currency: config.keap.currency, clients });
  const orders = new OrderBook({
    store, invoices, clients, pricing: promoCounter.step, charges, payments, log, now, subscriptions: new OrderSubscriptionStarter(config.keap.timeZone, (): BillingDeps => billingDeps),
  });
  const billingDeps: BillingDeps = { store, orders, invoices, log, now, timeZone: config.keap.timeZone };
  const billing = new Billing(billingDeps);
  const scheduler = new BillingScheduler(billing.engine, config.billing.intervalMs, log);
  const deps: KeapDeps = {
    store,
    invoices,
    clients,
    payments,
    pricing: promoCounter.step,
    orders,
    billing,
    log,
    now,
    config: {
      apiKeys: config.apiKeys,
      timeZone: config.keap.timeZone,
      currency: config.keap.currency,
      promoOutcomeMembers: config.keap.promoOutcomeMembers,
      seller: config.documents.seller,
    },
  };
  const promotions = new PromotionAdmin(store, { now, log });
  const documents = new InvoiceDocuments(store, deps.invoices, deps.clients, { ...config.documents, now });

  const radar = new CompatibilityRadar({ registry: metrics.registry, now });
  const dispatcher = new Dispatcher({
    errorToFault: keapErrorToFault, multicallMax: config.limits.multicallEntries,
    onFault: (method, params, fault, known) => {
      const refusal = keapRefusal(fault, known);
      if (refusal) radar.record('keap', method, refusal, paramShape(params));
    },
  });
  const check = createKeyCheck(config.apiKeys);
  const specs = [...keapMethods(deps), ...discountServiceMethods(deps), previewOrderMethod(deps)];
  if (!specs.some((s) => s.name === 'DiscountService.echo')) specs.push(echoMethod('DiscountService'));
  const idempotency = {
    store, ttlSeconds: config.idempotencyTtlSeconds, leaseMs: config.limits.requestTimeoutMs,
    waitMs: Math.min(IDEMPOTENCY_WAIT_MS, config.limits.requestTimeoutMs), now: () => now().getTime(),
  };
  for (const spec of specs) {
    let s = IDEMPOTENT_METHODS.has(spec.name) ? withIdempotency(spec, idempotency) : spec;
    if (s.name === 'OrderService.placeOrder') s = promoCounter.wrapPlaceOrder(s);
    dispatcher.register(measured(withAuth(s, check), metrics));
  }

  const app = createExpressApp({
    log,
    ready: () => (draining ? Promise.reject(new Error('draining: the gateway is shutting down')) : store.ping()),
    mount: (a) => {
      const invoicera = invoiceraRouter({
        invoices: deps.invoices, clients: deps.clients, orders, store, tokens: config.invoicera.tokens, log, now, limits: config.limits,
        onUnknownMethod: (method, elements) => radar.record('invoicera', method, { kind: 'unknown_method' }, elements.join(', ')),
      });
      for (const path of INVOICERA_PATHS) a.use(path, invoicera);
      a.use(documentRouter({ documents, invoices: deps.invoices, store, keapKey: check, invoiceraTokens: config.invoicera.tokens, log, now }));
      a.use('/console', consoleRouter({
        ...config.console, store, invoices: deps.invoices, clients: deps.clients, promotions, documents, radar,
        delivering: !!(opts.mailTransport ?? config.mail.smtpUrl), locale: config.documents.locale, log, now,
      }));
      a.get('/metrics', async (_req, res) => {
        res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
      });
    },
  });
  const server = createHttpServer({
    limits: config.limits,
    log: opts.log,
    dispatcher,
    authenticate: createTransportAuthenticator(config.apiKeys),
    app,
    appRoutes: APP_ROUTES,
    observe: (route, method, status, seconds) => metrics.http(route, method, status, seconds),
    i8: config.xmlrpc.i8,
  });

  const mail = mailDelivery(opts, log, now, documents);
  return {
    server, dispatcher, deps, promotions, shippingTax: new ShippingTaxAdmin(store), metrics, mail, documents, radar,
    listen: async () => {
      // Charges a crash left pending are settled before new calls arrive. On a shared store
      // (Redis) another instance may be charging right now: only those past their lease.
      await orders.reconcile({ all: store.kind !== 'redis' })
        .catch((err: unknown) => log.error({ err }, 'pending charges could not be reconciled at start'));
      const address = await server.listen(config.port, config.host);
      mail?.start();
      scheduler.start();
      return address;
    },
    drain: () => { draining = true; server.drain(); },
    close: async () => {
      await server.close();
      await scheduler.stop();
      await mail?.stop(config.limits.shutdownGraceMs);
      await store.close();
    },
  };
}

function mailDelivery(opts: AppOptions, log: Logger, now: () => Date, documents: InvoiceDocuments): OutboxDelivery | undefined {
  const { mail } = opts.config;
  const transport = opts.mailTransport ?? (mail.smtpUrl ? createSmtpTransport({ url: mail.smtpUrl, from: mail.from }) : undefined);
  if (!transport) return undefined;
  return new OutboxDelivery(opts.store, transport, {
    log, now, pollMs: mail.pollMs, maxAttempts: mail.maxAttempts, retryBaseMs: mail.retryBaseMs, compose: documents.composer(),
  });
}

/** Routes of the express app, as named in the http_* metrics; probes and /metrics log at debug. */
const INVOICERA_PATHS = ['/api/xml/1.1', '/app/api/xml/1.1'];
const APP_ROUTES = [
  { path: '/healthz', quiet: true }, { path: '/readyz', quiet: true }, { path: '/metrics', quiet: true },
  ...INVOICERA_PATHS.map((path) => ({ path })),
  { path: '/invoices', prefix: true }, { path: '/console', prefix: true },
];

/** Store failures counted in gateway_store_errors_total (matched by name, like src/keap/faults.ts). */
const STORE_ERROR_NAMES = new Set(['StoreUnavailable', 'StoreError', 'LimitExceeded']);

/** Records each call (multicall entries too) in the metrics, with the fault code it will turn into. */
function measured(spec: MethodSpec, metrics: GatewayMetrics): MethodSpec {
  return {
    ...spec,
    handler: async (params, ctx) => {
      const t0 = performance.now();
      try {
        const result = await spec.handler(params, ctx);
        metrics.call(spec.name, (performance.now() - t0) / 1e3, null);
        return result;
      } catch (err) {
        metrics.call(spec.name, (performance.now() - t0) / 1e3, keapErrorToFault(err, spec.name).faultCode);
        if (err instanceof Error && STORE_ERROR_NAMES.has(err.name)) metrics.storeError(err.name);
        throw err;
      }
    },
  };
}
