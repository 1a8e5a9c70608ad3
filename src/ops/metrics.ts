// Prometheus metrics (prom-client). One registry per gateway instance so tests can run several.
// Every metric is listed in docs/operations.md ("Metrics"); test/ops/telemetry.test.ts checks that.
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import { RequestHistogram, type Series } from './request-histogram.js';

export interface GatewayMetrics {
  registry: Registry;
  /** One XML-RPC call finished (also each entry of a multicall). */
  call(method: string, seconds: number, faultCode: number | null): void;
  /** One HTTP request answered (any route, any status). */
  http(route: string, method: string, status: number, seconds: number): void;
  promoOutcome(outcome: string): void;
  storeError(kind: string): void;
  /** Read at every scrape: how many outbox messages are in each state. */
  watchOutbox(count: (state: OutboxGaugeState) => Promise<number>): void;
}

export type OutboxGaugeState = 'queued' | 'sending' | 'failed';
const OUTBOX_STATES: OutboxGaugeState[] = ['queued', 'sending', 'failed'];

/** Request latency buckets, shared by the HTTP and the XML-RPC histograms. */
const BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** HTTP methods are client input: anything else is counted as OTHER (bounded label values). */
const HTTP_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']);

export interface BuildInfo { version: string }

export function createMetrics(opts: { defaultMetrics?: boolean; build?: BuildInfo } = {}): GatewayMetrics {
  const registry = new Registry();
  if (opts.defaultMetrics !== false) collectDefaultMetrics({ register: registry });
  // Per call and per request: counters read from the histograms' counts (request-histogram.ts).
  const calls = new RequestHistogram(registry, {
    histogram: 'gateway_xmlrpc_call_duration_seconds', help: 'XML-RPC call (handler) duration by method and outcome',
    counter: 'gateway_xmlrpc_calls_total', counterHelp: 'XML-RPC calls by method and outcome',
  }, BUCKETS);
  const faults = new Counter({
    name: 'gateway_xmlrpc_faults_total', help: 'XML-RPC faults by fault code',
    labelNames: ['code'] as const, registers: [registry],
  });
  const requests = new RequestHistogram(registry, {
    histogram: 'http_request_duration_seconds', help: 'HTTP request duration, from the request to the last byte of the answer',
    counter: 'http_requests_total', counterHelp: 'HTTP requests answered by route, method and status',
  }, BUCKETS);
  const promo = new Counter({
    name: 'gateway_promo_redemptions_total', help: 'Promo code outcomes',
    labelNames: ['outcome'] as const, registers: [registry],
  });
  const storeErrors = new Counter({
    name: 'gateway_store_errors_total', help: 'Store errors by kind',
    labelNames: ['kind'] as const, registers: [registry],
  });
  let outboxCount: ((state: OutboxGaugeState) => Promise<number>) | undefined;
  new Gauge({
    name: 'gateway_mail_outbox_messages', help: 'Invoice mails in the outbox by delivery state (read from the store at each scrape)',
    labelNames: ['state'] as const, registers: [registry],
    async collect() {
      if (!outboxCount) return;
      for (const state of OUTBOX_STATES) {
        // A store that is down leaves the last value (and is visible in /readyz and store errors).
        try { this.set({ state }, await outboxCount(state)); } catch { /* keep the last value */ }
      }
    },
  });
  const buildInfo = new Gauge({
    name: 'gateway_build_info', help: 'Always 1; the labels say which build runs',
    labelNames: ['version', 'node_version'] as const, registers: [registry],
  });
  buildInfo.set({ version: opts.build?.version ?? 'unknown', node_version: process.version }, 1);

  const byRoute = new Map<string, Map<string, Map<number, Series>>>();
  return {
    registry,
    call(method, seconds, faultCode) {
      const outcome = faultCode === null ? 'ok' : 'fault';
      calls.observe(faultCode === null ? method : `${method} fault`, () => ({ method, outcome }), seconds);
      if (faultCode !== null) faults.inc({ code: String(faultCode) });
    },
    http(route, method, status, seconds) {
      const m = HTTP_METHODS.has(method) ? method : 'OTHER';
      // route → method → status, so the hot path builds no key string.
      let byMethod = byRoute.get(route);
      if (!byMethod) byRoute.set(route, byMethod = new Map());
      let byStatus = byMethod.get(m);
      if (!byStatus) byMethod.set(m, byStatus = new Map());
      let series = byStatus.get(status);
      if (!series) byStatus.set(status, series = requests.seriesFor(`${route} ${m} ${status}`, () => ({ route, method: m, status: String(status) })));
      requests.record(series, seconds);
    },
    promoOutcome(outcome) { promo.inc({ outcome }); },
    storeError(kind) { storeErrors.inc({ kind }); },
    watchOutbox(count) { outboxCount = count; },
  };
}
