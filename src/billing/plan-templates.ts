// The catalogue of payment plans placeOrder's payPlanId names (Keap: 0 = the default plan = pay in
// full). A template holds what addPaymentPlan takes, relative to the order day; placeOrder puts the
// order's invoice on it through addPaymentPlan, the one way an invoice gets installments.
import type { ReadOps, Store, StoredRecord, Tx } from '../store/port.js';
import { invalid, notFound } from '../errors.js';
import { dec, formatMoney, money, withoutPlusSign } from '../money/money.js';
import { addDays } from './dates.js';
import { addPaymentPlan } from './payplans.js';
import { DEFAULT_RETRY } from './terms.js';
import type { BillingDeps } from './deps.js';
import type { PayPlanRecord } from './records.js';

export const PAY_PLAN_TEMPLATE = 'PayPlanTemplate';

export interface PayPlanTerms {
  name: string;
  numPmts: number;
  daysBetweenPmts: number;
  /** The first payment: a money amount ("25.00") or a percent of the balance ("30%"); "0" = none apart. */
  firstPmt: string;
  daysToFirstPmt: number;
}

export type PayPlanTemplate = StoredRecord & PayPlanTerms;

const wholeIn = (v: number, field: string, min: number, max: number) => {
  if (!Number.isInteger(v) || v < min || v > max) throw invalid(`${field} must be a whole number from ${min} to ${max}, got ${v}`, field);
  return v;
};

const PERCENT = /^(\d{1,3})(\.\d{1,2})?%$/;

export function validTemplate(t: PayPlanTerms): PayPlanTerms {
  const name = t.name.trim();
  if (name.length === 0 || name.length > 200) throw invalid('name must be 1 to 200 characters', 'name');
  const numPmts = wholeIn(t.numPmts, 'numPmts', 1, 360);
  const daysBetweenPmts = wholeIn(t.daysBetweenPmts, 'daysBetweenPmts', numPmts > 1 ? 1 : 0, 3660);
  const daysToFirstPmt = wholeIn(t.daysToFirstPmt, 'daysToFirstPmt', 0, 3660);
  const p = PERCENT.exec(t.firstPmt);
  if (p ? dec(t.firstPmt.slice(0, -1)).gt(100) : money(t.firstPmt, 'USD', 'firstPmt').lt(0)) throw invalid(`firstPmt must be an amount ≥ 0 or a percent up to 100%, got ${t.firstPmt}`, 'firstPmt');
  // "+5" is 5 (money.ts dec): kept without the sign, so the plan shows and hands on the plain amount.
  const firstPmt = withoutPlusSign(t.firstPmt);
  return { name, numPmts, daysBetweenPmts, firstPmt, daysToFirstPmt };
}

export class PayPlanCatalogue {
  constructor(private readonly store: Store) {}

  add(t: PayPlanTerms): Promise<PayPlanTemplate> {
    const valid = validTemplate(t);
    return this.store.transact(async (tx) => {
      const row: PayPlanTemplate = { ...valid, id: await tx.nextId(PAY_PLAN_TEMPLATE) };
      tx.put(PAY_PLAN_TEMPLATE, row);
      return row;
    });
  }

  list(): Promise<PayPlanTemplate[]> {
    // A catalogue of a handful of plans: one bounded page is all of it.
    return this.store.listAfter<PayPlanTemplate>(PAY_PLAN_TEMPLATE, 0, 1000);
  }

  remove(id: number): Promise<void> {
    return this.store.transact(async (tx) => {
      await requireTemplate(tx, id);
      tx.delete(PAY_PLAN_TEMPLATE, id);
    });
  }
}

export async function requireTemplate(reader: ReadOps, id: number): Promise<PayPlanTemplate> {
  const t = await reader.get<PayPlanTemplate>(PAY_PLAN_TEMPLATE, id);
  if (!t) throw notFound(`PayPlan ${id} was not found (payPlanId 0 = pay in full)`, 'payPlanId');
  return t;
}

/**
 * Put an order's invoice on template `id` from `orderDay`: the first payment (amount, or percent of
 * the balance rounded to the cent) `daysToFirstPmt` after the order day, the rest in `numPmts`
 * installments `daysBetweenPmts` apart after it. With no separate first payment, the first of the
 * `numPmts` installments is the first payment.
 */
export async function applyPlanTemplate(d: BillingDeps, tx: Tx, id: number, invoiceId: number, creditCardId: number, orderDay: string): Promise<PayPlanRecord> {
  const t = await requireTemplate(tx, id);
  const invoice = await d.orders.requireInvoice(tx, invoiceId);
  const balance = d.invoices.totals(invoice).balance;
  const first = t.firstPmt.endsWith('%') ? balance.times(dec(t.firstPmt.slice(0, -1))).div(100) : dec(t.firstPmt);
  const firstText = formatMoney(first.gt(balance) ? balance : first, invoice.currency);
  const firstDay = addDays(orderDay, t.daysToFirstPmt);
  const separate = dec(firstText).gt(0);
  return addPaymentPlan(d, tx, {
    invoiceId, autoCharge: creditCardId > 0, creditCardId, merchantAccountId: 0,
    daysBetweenRetry: DEFAULT_RETRY.days, maxRetry: DEFAULT_RETRY.max, initialPmt: firstText, initialPmtDay: firstDay,
    planStartDay: separate ? addDays(firstDay, t.daysBetweenPmts) : firstDay, numPmts: t.numPmts, daysBetweenPmts: t.daysBetweenPmts,
  });
}
