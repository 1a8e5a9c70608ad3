// Offline payments: amount > 0 with the currency's decimals, a method, a date, notes. A payment
// above the balance is refused, never silently dropped or truncated (research B6/B7.8).
import { formatMoney } from '../money/money.js';
import { invalid, quoted } from '../errors.js';
import type { Invoice, Payment } from './model.js';
import { computeTotals } from './totals.js';
import { parseAmount } from './values.js';
import { deriveStatus } from './status.js';

export type PaymentInput = Omit<Payment, 'id' | 'date' | 'notes'> & { date?: string; notes?: string };

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** Validate and normalise a payment; `now` is the default date. */
export function preparePayment(input: PaymentInput, id: number, currency: string, now: Date): Payment {
  const amount = parseAmount(input.amount, currency, 'amount', 'payment');
  if (amount.lte(0)) throw invalid('payment amount must be greater than 0', 'amount');
  const method = (input.method ?? '').trim();
  if (!method) throw invalid('payment method is required', 'payment_method');
  const date = input.date?.trim() || now.toISOString();
  if (!ISO_DATE.test(date) || Number.isNaN(Date.parse(date))) throw invalid(`payment date is not a date: ${quoted(input.date)}`, 'date');
  const payment: Payment = { ...input, id, amount: formatMoney(amount, currency), method, date, notes: input.notes ?? '' };
  return payment;
}

/** The invoice with the payment applied; refuses a payment larger than the balance due. */
export function applyPayment(inv: Invoice, payment: Payment): Invoice {
  const before = computeTotals(inv);
  const amount = parseAmount(payment.amount, inv.currency, 'amount', 'payment');
  if (amount.gt(before.balance)) {
    throw invalid(
      `payment ${formatMoney(amount, inv.currency)} exceeds the balance due ${formatMoney(before.balance, inv.currency)} on invoice ${inv.number}`,
      'amount',
    );
  }
  const next: Invoice = { ...inv, payments: [...inv.payments, payment] };
  return { ...next, status: deriveStatus(inv.status, computeTotals(next)) };
}
