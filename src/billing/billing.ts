// The billing module's one entry point for the fronts, the CLI and the scheduler.
import type { BillingDeps } from './deps.js';
import { BillingEngine } from './engine.js';
import { SubscriptionBook } from './subscriptions.js';
import { addPaymentPlan, type PaymentPlanInput } from './payplans.js';
import { PayPlanCatalogue } from './plan-templates.js';
import { billingStatus, type BillingStatus } from './status.js';
import type { PayPlanRecord } from './records.js';

export class Billing {
  readonly engine: BillingEngine;
  readonly subscriptions: SubscriptionBook;
  /** placeOrder's payPlanId catalogue (`keap-gateway billing plan …`). */
  readonly payPlans: PayPlanCatalogue;

  constructor(private readonly d: BillingDeps) {
    this.engine = new BillingEngine(d);
    this.subscriptions = new SubscriptionBook(d, this.engine.periods);
    this.payPlans = new PayPlanCatalogue(d.store);
  }

  get timeZone(): string { return this.d.timeZone; }

  addPaymentPlan(input: PaymentPlanInput): Promise<PayPlanRecord> {
    return this.d.store.transact((tx) => addPaymentPlan(this.d, tx, input));
  }

  status(asOf: string = this.engine.today(), limit = 50): Promise<BillingStatus> {
    return billingStatus(this.d.store, asOf, limit);
  }
}
