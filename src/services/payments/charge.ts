// Charging an invoice's balance to a stored card (InvoiceService.chargeInvoice, placeOrder).
// The processor call happens OUTSIDE any transaction; a per-invoice guard (a counter limited to
// 1, bumped atomically) stops two concurrent charges of the same balance. The approved charge is
// then recorded in a second transaction: CCharge row + domain payment (= Keap Payment/InvoicePayment).
import type { Logger } from 'pino';
import type { Store, Tx } from '../../store/port.js';
import { conflict, invalid, notFound } from '../../errors.js';
import { formatMoney } from '../../money/money.js';
import type { InvoiceBook } from '../invoices.js';
import type { ChargeCode, PaymentProcessor, StoredCard } from './port.js';

export const CREDIT_CARD = 'CreditCard';
export const CCHARGE = 'CCharge';
/** Domain payment method of a card charge (Keap Payment.PayType). */
export const CARD_PAY_TYPE = 'Credit Card';

export interface ChargeDeps {
  store: Store;
  invoices: InvoiceBook;
  payments: PaymentProcessor;
  now: () => Date;
  log: Logger;
  config: { currency: string };
}

export interface ChargeInput {
  invoiceId: number;
  notes: string;
  creditCardId: number;
  merchantAccountId: number;
  bypassCommissions: boolean;
}

export interface ChargeOutcome {
  successful: boolean;
  /** SKIPPED: nothing was owed, nothing was charged. */
  code: ChargeCode | 'SKIPPED';
  refNum: string;
  message: string;
  amount: string;
  paymentId?: number;
}

/** Keap CCharge row (keap-xmlrpc.md §4.3). */
export interface CChargeRecord {
  id: number;
  CCId: number;
  PaymentId: number;
  MerchantId: number;
  OrderNum: string;
  RefNum: string;
  ApprCode: string;
  Amt: string;
  [field: string]: unknown;
}

const guardKey = (invoiceId: number) => `charge-in-progress:Invoice:${invoiceId}`;

export async function loadCard(store: Store | Tx, creditCardId: number): Promise<StoredCard> {
  const card = await store.get<StoredCard>(CREDIT_CARD, creditCardId);
  if (!card) throw notFound(`CreditCard ${creditCardId} was not found`, 'creditCardId');
  return card;
}

export async function chargeInvoice(deps: ChargeDeps, input: ChargeInput): Promise<ChargeOutcome> {
  const currency = deps.config.currency;
  const invoice = await deps.invoices.find(deps.store, input.invoiceId);
  if (!invoice) throw notFound(`Invoice ${input.invoiceId} was not found`, 'invoiceId');
  const card = await loadCard(deps.store, input.creditCardId);
  if (card.ContactId !== invoice.clientId) {
    throw invalid(`CreditCard ${card.id} belongs to contact ${card.ContactId}, not to the invoice's contact ${invoice.clientId}`, 'creditCardId');
  }
  await acquireGuard(deps.store, input.invoiceId);
  let keepGuard = false;
  try {
    // The balance is read under the guard, so a charge that finished just before is seen.
    const current = await deps.invoices.find(deps.store, input.invoiceId);
    if (!current) throw notFound(`Invoice ${input.invoiceId} was not found`, 'invoiceId');
    const balance = deps.invoices.totals(current).balance;
    const amount = formatMoney(balance, currency);
    if (balance.lte(0)) return { successful: false, code: 'SKIPPED', refNum: '0', message: 'No balance due on the invoice', amount };
    const result = await deps.payments.charge({ amount, currency, card, invoiceId: input.invoiceId, notes: input.notes })
      .catch((err: unknown) => {
        deps.log.error({ err, invoiceId: input.invoiceId }, 'payment processor failed');
        return { code: 'ERROR' as const, refNum: '0', message: 'Payment processor unavailable' };
      });
    if (result.code !== 'APPROVED') return { successful: false, code: result.code, refNum: result.refNum, message: result.message, amount };
    // recordCharge releases the guard in the transaction that records the payment. If recording
    // fails the guard stays held: the card WAS charged, and no retry may charge it again before an
    // operator reconciles (the error log names the RefNum).
    keepGuard = true;
    const paymentId = await recordCharge(deps, input, card, amount, result.refNum);
    return { successful: true, code: 'APPROVED', refNum: result.refNum, message: result.message, amount, paymentId };
  } finally {
    if (!keepGuard) {
      await releaseGuard(deps.store, input.invoiceId)
        .catch((err: unknown) => deps.log.error({ err, invoiceId: input.invoiceId }, 'charge guard could not be released'));
    }
  }
}

async function acquireGuard(store: Store, invoiceId: number): Promise<void> {
  await store.transact(async (tx) => {
    if ((await tx.counter(guardKey(invoiceId))) >= 1) {
      throw conflict(`A charge of invoice ${invoiceId} is already in progress`, 'invoiceId');
    }
    tx.bump(guardKey(invoiceId), 1, 1);
  });
}

async function releaseGuard(store: Store, invoiceId: number): Promise<void> {
  await store.transact(async (tx) => { tx.bump(guardKey(invoiceId), -1); });
}

/** Second transaction: the approved charge becomes a CCharge row and a payment on the invoice. */
async function recordCharge(deps: ChargeDeps, input: ChargeInput, card: StoredCard, amount: string, refNum: string): Promise<number> {
  try {
    return await deps.store.transact(async (tx) => {
      const chargeId = await tx.nextId(CCHARGE);
      const { payment } = await deps.invoices.addPayment(tx, input.invoiceId, {
        amount, method: CARD_PAY_TYPE, date: deps.now().toISOString(), notes: input.notes, transactionId: refNum,
        keap: { chargeId, creditCardId: card.id, bypassCommissions: input.bypassCommissions, refNum },
      });
      const charge: CChargeRecord = {
        id: chargeId, CCId: card.id, PaymentId: payment.id, MerchantId: input.merchantAccountId,
        OrderNum: String(input.invoiceId), RefNum: refNum, ApprCode: refNum, Amt: amount,
      };
      tx.put(CCHARGE, charge);
      tx.bump(guardKey(input.invoiceId), -1);
      return payment.id;
    });
  } catch (err) {
    // The card WAS charged: say so loudly with what an operator needs to reconcile by hand.
    deps.log.error({ err, invoiceId: input.invoiceId, refNum, amount }, 'approved charge could not be recorded');
    throw err;
  }
}
