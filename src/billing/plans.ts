// A subscription's terms from the catalogue: SubscriptionPlan (Cycle, Frequency, PlanPrice) and its
// product's name. CProgram (the legacy view) is the same record, so a cProgramId is a plan id.
import type { ReadOps, StoredRecord } from '../store/port.js';
import { notFound } from '../errors.js';
import { cycleUnit, frequencyOf, CYCLE_CODE } from './dates.js';

export interface PlanRecord extends StoredRecord {
  ProductId?: number; Cycle?: string; Frequency?: number; PlanPrice?: string; Active?: boolean; NumberOfCycles?: number;
}

export interface PlanTerms {
  planId: number;
  productId: number;
  /** Keap cycle code. */
  cycle: string;
  frequency: number;
  price: string;
  name: string;
  taxable: boolean;
  /** Periods billed in all (0 = until cancelled). */
  cycles: number;
}

export async function planTerms(reader: ReadOps, planId: number, field = 'subscriptionPlanId'): Promise<PlanTerms> {
  const plan = await reader.get<PlanRecord>('SubscriptionPlan', planId);
  if (!plan) throw notFound(`SubscriptionPlan ${planId} was not found`, field);
  const product = plan.ProductId ? await reader.get<StoredRecord & { ProductName?: string; Taxable?: number }>('Product', plan.ProductId) : undefined;
  return {
    planId, productId: plan.ProductId ?? 0,
    cycle: CYCLE_CODE[cycleUnit(plan.Cycle ?? '2', `SubscriptionPlan ${planId} Cycle`)],
    frequency: frequencyOf(plan.Frequency, `SubscriptionPlan ${planId} Frequency`),
    price: plan.PlanPrice ?? '0', name: product?.ProductName ?? `Subscription plan ${planId}`,
    taxable: product?.Taxable === 1, cycles: Math.max(0, Math.trunc(Number(plan.NumberOfCycles ?? 0)) || 0),
  };
}
