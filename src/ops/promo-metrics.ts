// Promo redemptions by outcome, counted once per placed order. The pricing step runs inside the
// order's transaction, which may re-run (Redis conflicts, LimitExceeded), so counting there would
// over-count. Instead the step's outcomes are held by order id and counted when placeOrder
// answers with that OrderId — i.e. only for the attempt that committed.
import type { OrderPricingStep } from '../services/order-pricing.js';
import type { MethodSpec } from '../xmlrpc/handler.js';
import { isStruct } from '../xmlrpc/types.js';
import type { GatewayMetrics } from './metrics.js';

/** Outcomes of attempts that never committed are dropped once this many are held. */
const MAX_HELD = 10_000;

export interface PromoOutcomeCounter {
  /** The pricing step to give the order services (same behaviour, outcomes noted). */
  step: OrderPricingStep;
  /** Wraps OrderService.placeOrder so its answer's OrderId releases the outcomes into the metrics. */
  wrapPlaceOrder(spec: MethodSpec): MethodSpec;
}

export function promoOutcomeCounter(inner: OrderPricingStep, metrics: GatewayMetrics): PromoOutcomeCounter {
  const held = new Map<number, string[]>();
  const step: OrderPricingStep = Object.assign(Object.create(inner) as OrderPricingStep, {
    async apply(...args: Parameters<OrderPricingStep['apply']>) {
      const result = await inner.apply(...args);
      held.set(args[1].orderId, result.outcomes.map((o) => o.outcome));
      if (held.size > MAX_HELD) held.delete(held.keys().next().value as number);
      return result;
    },
  });
  return {
    step,
    wrapPlaceOrder: (spec) => ({
      ...spec,
      handler: async (params, ctx) => {
        const result = await spec.handler(params, ctx);
        const orderId = isStruct(result) ? Number(result.OrderId) : NaN;
        const outcomes = held.get(orderId);
        if (outcomes) {
          held.delete(orderId);
          for (const o of outcomes) metrics.promoOutcome(o);
        }
        return result;
      },
    }),
  };
}
