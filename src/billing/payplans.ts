// Payment plans (Keap addPaymentPlan): an invoice's balance split into installments (PayPlanItem),
// each charged to the card on its due day by the billing engine, with the subscription's retry
// rule. The first payment is `initialPmt` on its own day (when > 0); the rest of the balance is
// split into `numPmts` equal installments by largest remainder (the first ones get the extra
// cent), `daysBetweenPmts` apart from `planStartDate`. A new plan replaces the invoice's open one.
import type { Tx } from '../store/port.js';
import { conflict, invalid } from '../errors.js';
import { allocate, dec, formatMoney, money } from '../money/money.js';
import { loadCard } from '../orders/charge.js';
import { requireNoPendingCharge } from '../orders/pending.js';
import { PAY_ITEM_STATUS, PAY_PLAN, PAY_PLAN_ITEM, type PayPlanItemRecord, type PayPlanRecord } from './records.js';
import { addDays, dayStart } from './dates.js';
import type { BillingDeps } from './deps.js';

export interface PaymentPlanInput {
  invoiceId: number;
  autoCharge: boolean;
  creditCardId: number;
  merchantAccountId: number;
  daysBetweenRetry: number;
  maxRetry: number;
  initialPmt: string;
  /** Calendar days (YYYY-MM-DD) in the app's zone. */
  initialPmtDay: string;
  planStartDay: string;
  numPmts: number;
  daysBetweenPmts: number;
}

/** Bounds on one plan: a bound on work per call, far beyond real plans. */
const MAX_PAYMENTS = 360;
const MAX_DAYS = 3660;

function whole(value: number, field: string, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) throw invalid(`${field} must be a whole number from ${min} to ${max}, got ${value}`, field);
  return value;
}

export async function addPaymentPlan(d: BillingDeps, tx: Tx, p: PaymentPlanInput): Promise<PayPlanRecord> {
  const invoice = await d.orders.requireInvoice(tx, p.invoiceId);
  await requireNoPendingCharge(tx, invoice.id, 'adding a payment plan');
  const numPmts = whole(p.numPmts, 'numPmts', 0, MAX_PAYMENTS);
  const between = whole(p.daysBetweenPmts, 'daysBetweenPmts', numPmts > 1 ? 1 : 0, MAX_DAYS);
  const retryDays = whole(p.daysBetweenRetry, 'daysBetweenRetry', 0, MAX_DAYS);
  const maxRetry = whole(p.maxRetry, 'maxRetry', 0, 100);
  if (p.autoCharge) {
    const card = await loadCard(tx, p.creditCardId);
    if (card.ContactId !== invoice.clientId) throw invalid(`CreditCard ${card.id} does not belong to the invoice's contact ${invoice.clientId}`, 'creditCardId');
  }
  const currency = invoice.currency;
  const balance = d.invoices.totals(invoice).balance;
  if (balance.lte(0)) throw conflict(`invoice ${invoice.id} has no balance due: nothing to pay in installments`, 'invoiceId');
  const first = money(p.initialPmt, currency, 'initialPmt');
  if (first.lt(0) || first.gt(balance)) throw invalid(`initialPmt must be from 0 to the balance ${formatMoney(balance, currency)}, got ${p.initialPmt}`, 'initialPmt');
  const rest = balance.minus(first);
  if (rest.gt(0) && numPmts === 0) throw invalid(`numPmts is 0 but ${formatMoney(rest, currency)} would stay unpaid after the initial payment`, 'numPmts');
  const shares = rest.gt(0) ? allocate(rest, Array.from({ length: numPmts }, () => dec(1)), currency) : [];
  const schedule: Array<{ day: string; amount: string }> = [];
  if (first.gt(0)) schedule.push({ day: p.initialPmtDay, amount: formatMoney(first, currency) });
  shares.forEach((s, i) => { if (s.gt(0)) schedule.push({ day: addDays(p.planStartDay, i * between), amount: formatMoney(s, currency) }); });

  for (const old of await tx.findBy<PayPlanRecord>(PAY_PLAN, 'InvoiceId', invoice.id)) {
    for (const item of await tx.findBy<PayPlanItemRecord>(PAY_PLAN_ITEM, 'PayPlanId', old.id)) {
      if (item.Status !== PAY_ITEM_STATUS.paid) tx.delete(PAY_PLAN_ITEM, item.id);
    }
    tx.delete(PAY_PLAN, old.id);
  }
  const tz = d.timeZone;
  const plan: PayPlanRecord = {
    id: await tx.nextId(PAY_PLAN), InvoiceId: invoice.id, DateDue: dayStart(schedule[0].day, tz), AmtDue: formatMoney(balance, currency),
    Type: p.autoCharge ? 1 : 0, InitDate: dayStart(p.initialPmtDay, tz), StartDate: dayStart(p.planStartDay, tz),
    FirstPayAmt: formatMoney(first, currency), creditCardId: p.autoCharge ? p.creditCardId : 0,
    merchantAccountId: p.merchantAccountId, numDaysBetweenRetry: retryDays, maxRetry,
  };
  tx.put(PAY_PLAN, plan);
  for (const s of schedule) {
    const item: PayPlanItemRecord = {
      id: await tx.nextId(PAY_PLAN_ITEM), PayPlanId: plan.id, DateDue: dayStart(s.day, tz), AmtDue: s.amount,
      Status: PAY_ITEM_STATUS.due, AmtPaid: formatMoney(dec(0), currency), invoiceId: invoice.id, attempt: 0,
    };
    // Only automatic plans are billed by the engine; a manual plan's items are a schedule to pay by hand.
    if (p.autoCharge) item.dueOn = s.day;
    tx.put(PAY_PLAN_ITEM, item);
  }
  return plan;
}
