// Stored shapes of subscriptions and payment plans. Keap field names (they are Keap-native tables
// for DataService, keap-xmlrpc.md §4.3); Date fields hold ISO instants (the start of the billing
// day in the app's zone), amounts decimal text. Fields in lower camel case are the engine's own
// and never shown: `dueOn` (the ordered index: the day the next attempt is due, absent when
// nothing will be billed), `attempt` (failed attempts of the current period), `periodKey`.
import type { StoredRecord } from '../store/port.js';

export const RECURRING_ORDER = 'RecurringOrder';
export const JOB_RECURRING_INSTANCE = 'JobRecurringInstance';
export const PAY_PLAN = 'PayPlan';
export const PAY_PLAN_ITEM = 'PayPlanItem';

/** RecurringOrder.Status values (Keap shows Active / Inactive). */
export const ACTIVE = 'Active';
export const INACTIVE = 'Inactive';

export interface RecurringOrderRecord extends StoredRecord {
  ContactId: number;
  OriginatingOrderId: number;
  ProgramId: number;
  SubscriptionPlanId: number;
  ProductId: number;
  StartDate: string;
  EndDate?: string;
  LastBillDate?: string;
  NextBillDate: string;
  PaidThruDate?: string;
  /** Keap cycle code (1 year, 2 month, 3 week, 6 day). */
  BillingCycle: string;
  Frequency: number;
  /** Per unit, decimal text: a period bills BillingAmt × Qty. */
  BillingAmt: string;
  Status: string;
  ReasonStopped?: string;
  AutoCharge: number;
  CC1: number;
  CC2: number;
  NumDaysBetweenRetry: number;
  MaxRetry: number;
  MerchantAccountId: number;
  AffiliateId: number;
  LeadAffiliateId: number;
  PromoCode: string;
  Qty: number;
  ShippingOptionId: number;
  /** Line name on period invoices (the plan's product). */
  itemName: string;
  taxable?: boolean;
  /** Day of month periods are anchored on (the first period's start day). */
  anchorDay: number;
  /** YYYY-MM-DD the next attempt is due; absent when nothing will be billed (the ordered index). */
  dueOn?: string;
  /** Failed charge attempts of the current period. */
  attempt: number;
  /** true while the current period is being retried after a decline (indexed for `billing status`). */
  retrying?: boolean;
}

/** One billed period of a subscription (or one payment-plan installment): its invoice. */
export interface JobRecurringInstanceRecord extends StoredRecord {
  RecurringId: number;
  InvoiceItemId: number;
  /** 0 invoiced, 1 paid, 2 failed (stopped), 3 not charged (no auto-charge). */
  Status: number;
  AutoCharge: number;
  StartDate: string;
  EndDate: string;
  DateCreated: string;
  Description: string;
  /** `<RecurringOrder id>:<period start day>`: unique, the period's idempotency key. */
  periodKey: string;
  invoiceId: number;
  /** Until then the instance that created or took the period owns its charge. */
  leaseUntil?: string;
}

export const INSTANCE_STATUS = { invoiced: 0, paid: 1, failed: 2, notCharged: 3 } as const;

export interface PayPlanRecord extends StoredRecord {
  InvoiceId: number;
  DateDue: string;
  AmtDue: string;
  /** 1 automatic (card charged on each due date), 0 manual. */
  Type: number;
  InitDate: string;
  StartDate: string;
  FirstPayAmt: string;
  creditCardId: number;
  merchantAccountId: number;
  numDaysBetweenRetry: number;
  maxRetry: number;
}

/** PayPlanItem.Status: 1 due, 2 paid, 3 failed after its retries. */
export const PAY_ITEM_STATUS = { due: 1, paid: 2, failed: 3 } as const;

export interface PayPlanItemRecord extends StoredRecord {
  PayPlanId: number;
  DateDue: string;
  AmtDue: string;
  Status: number;
  AmtPaid: string;
  invoiceId: number;
  dueOn?: string;
  attempt: number;
  leaseUntil?: string;
}
