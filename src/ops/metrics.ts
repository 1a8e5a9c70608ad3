// Prometheus metrics (prom-client). One registry per gateway instance so tests can run several.
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface GatewayMetrics {
  registry: Registry;
  /** One XML-RPC call finished (also each entry of a multicall). */
  call(method: string, seconds: number, faultCode: number | null): void;
  promoOutcome(outcome: string): void;
  storeError(kind: string): void;
}

export function createMetrics(opts: { defaultMetrics?: boolean } = {}): GatewayMetrics {
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
    name: 'gateway_xmlrpc_call_seconds', help: 'XML-RPC call latency by method',
    labelNames: ['method'] as const, registers: [registry],
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  });
  const promo = new Counter({
    name: 'gateway_promo_redemptions_total', help: 'Promo code outcomes',
    labelNames: ['outcome'] as const, registers: [registry],
  });
  const storeErrors = new Counter({
    name: 'gateway_store_errors_total', help: 'Store errors by kind',
    labelNames: ['kind'] as const, registers: [registry],
  });
  // Unknown method names are client input: collapse them so a scanner cannot blow up label cardinality.
  return {
    registry,
    call(method, seconds, faultCode) {
      calls.inc({ method, outcome: faultCode === null ? 'ok' : 'fault' });
      latency.observe({ method }, seconds);
      if (faultCode !== null) faults.inc({ code: String(faultCode) });
    },
    promoOutcome(outcome) { promo.inc({ outcome }); },
    storeError(kind) { storeErrors.inc({ kind }); },
  };
}
