// Prometheus metrics (prom-client). One registry per gateway instance so tests can run several.
// Every metric is listed in docs/operations.md ("Metrics"); test/ops/telemetry.test.ts checks that.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

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
  const calls = new Counter({
    name: 'gateway_xmlrpc_calls_total', help: 'XML-RPC calls by method and outcome',
    labelNames: ['method', 'outcome'] as const, registers: [registry],
  });
  const faults = new Counter({
    name: 'gateway_xmlrpc_faults_total', help: 'XML-RPC faults by fault code',
    labelNames: ['code'] as const, registers: [registry],
  });
  const latency = new Histogram({
    name: 'gateway_xmlrpc_call_duration_seconds', help: 'XML-RPC call (handler) duration by method and outcome',
    labelNames: ['method', 'outcome'] as const, registers: [registry], buckets: BUCKETS,
  });
  const httpDuration = new Histogram({
    name: 'http_request_duration_seconds', help: 'HTTP request duration, from the request to the last byte of the answer',
    labelNames: ['route', 'method', 'status'] as const, registers: [registry], buckets: BUCKETS,
  });
  const httpTotal = new Counter({
    name: 'http_requests_total', help: 'HTTP requests answered by route, method and status',
    labelNames: ['route', 'method', 'status'] as const, registers: [registry],
  });
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

  // Children by label values, so the per-request path does not hash label objects each time.
  const httpChildren = new Map<string, { duration: ReturnType<typeof httpDuration.labels>; total: ReturnType<typeof httpTotal.labels> }>();
  return {
    registry,
    call(method, seconds, faultCode) {
      const outcome = faultCode === null ? 'ok' : 'fault';
      calls.inc({ method, outcome });
      latency.observe({ method, outcome }, seconds);
      if (faultCode !== null) faults.inc({ code: String(faultCode) });
    },
    http(route, method, status, seconds) {
      const m = HTTP_METHODS.has(method) ? method : 'OTHER';
      const key = `${route} ${m} ${status}`;
      let child = httpChildren.get(key);
      if (!child) {
        const labels = [route, m, String(status)];
        child = { duration: httpDuration.labels(...labels), total: httpTotal.labels(...labels) };
        httpChildren.set(key, child);
      }
      child.duration.observe(seconds);
      child.total.inc();
    },
    promoOutcome(outcome) { promo.inc({ outcome }); },
    storeError(kind) { storeErrors.inc({ kind }); },
    watchOutbox(count) { outboxCount = count; },
  };
}
