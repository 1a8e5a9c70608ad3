// Charging an invoice's balance to a stored card. A processor approval is never lost:
//   1. one transaction reads the balance and records the charge as pending (PendingCharge, which
//      is also the invoice's money guard, pending.ts) with a fresh reference;
//   2. the processor is called OUTSIDE any transaction, with that reference;
//   3. a second transaction settles: approved → CCharge row + payment on the invoice; otherwise
//      nothing; either way the pending record goes, which releases the guard.
// If the process dies between 1 and 3, or 3 cannot be written, the pending record stays and
// reconcile() settles it later from the processor's look-up by reference (on start, and inline
// when the next charge of that invoice finds it past its lease). Amounts are in the invoice's currency.
import type { Logger } from 'pino';
import type { ReadOps, Store, Tx } from '../store/port.js';
import { conflict, invalid, notFound } from '../errors.js';
import { dec, formatMoney } from '../money/money.js';
import type { InvoiceBook } from '../services/invoices.js';
import type { Invoice } from '../invoicing/model.js';
import type { ChargeCode, ChargeResult, PaymentProcessor, StoredCard } from '../services/payments/port.js';
import { CHARGE_ATTEMPT, PENDING_CHARGE, type PendingCharge } from './pending.js';

export const CREDIT_CARD = 'CreditCard';
export const CCHARGE = 'CCharge';
/** Payment method of a card charge (Keap Payment.PayType). */
export const CARD_PAY_TYPE = 'Credit Card';

export interface ChargeDeps {
  store: Store;
  invoices: InvoiceBook;
  payments: PaymentProcessor;
  now: () => Date;
  log: Logger;
  /** How long a pending charge belongs to the call that started it. */
  leaseMs: number;
  /** Runs in the settling transaction once the payment is on the invoice (affiliate commissions). */
  afterPayment: (tx: Tx, invoice: Invoice) => Promise<void>;
}

export interface ChargeInput {
  invoiceId: number;
  notes: string;
  creditCardId: number;
  merchantAccountId: number;
  bypassCommissions: boolean;
  /** At most this much (decimal text; a payment-plan installment); default: the whole balance. */
  amount?: string;
  /** The request's logger (its lines carry the request id); default: the charging deps' own. */
  log?: Logger;
}

export interface ChargeOutcome {
  successful: boolean;
  /** SKIPPED: nothing was owed, nothing was charged. */
  code: ChargeCode | 'SKIPPED';
  refNum: string;
  message: string;
  amount: string;
  paymentId?: number;
  /** The processor's answer is unknown: the charge stays pending until reconciled. */
  unsettled?: boolean;
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

export async function loadCard(store: ReadOps, creditCardId: number): Promise<StoredCard> {
  const card = await store.get<StoredCard>(CREDIT_CARD, creditCardId);
  if (!card) throw notFound(`CreditCard ${creditCardId} was not found`, 'creditCardId');
  return card;
}

type Start = { kind: 'pending'; pending: PendingCharge } | { kind: 'skip'; amount: string } | { kind: 'stale'; pending: PendingCharge };

export async function chargeInvoice(charging: ChargeDeps, input: ChargeInput): Promise<ChargeOutcome> {
  const deps = input.log ? { ...charging, log: input.log } : charging;
  const invoice = await deps.invoices.find(deps.store, input.invoiceId);
  if (!invoice) throw notFound(`Invoice ${input.invoiceId} was not found`, 'invoiceId');
  const card = await loadCard(deps.store, input.creditCardId);
  if (card.ContactId !== invoice.clientId) {
    throw invalid(`CreditCard ${card.id} belongs to contact ${card.ContactId}, not to the invoice's contact ${invoice.clientId}`, 'creditCardId');
  }
  let start = await startCharge(deps, input);
  if (start.kind === 'stale') {
    // A charge left behind by a crash (or an unrecorded approval): settle it before anything else.
    await reconcileOne(deps, start.pending);
    start = await startCharge(deps, input);
  }
  if (start.kind === 'skip') return { successful: false, code: 'SKIPPED', refNum: '0', message: 'No balance due on the invoice', amount: start.amount };
  if (start.kind === 'stale') throw conflict(`a card charge of invoice ${input.invoiceId} is still unsettled (${start.pending.reference})`, 'invoiceId');
  const pending = start.pending;
  const result = await callProcessor(deps, pending, card, input.notes);
  if (!result) {
    return {
      successful: false, code: 'ERROR', refNum: '0', amount: pending.amount, unsettled: true,
      message: `Payment processor did not answer; charge ${pending.reference} will be reconciled before the invoice takes another payment`,
    };
  }
  const paymentId = await settle(deps, pending, result);
  const outcome: ChargeOutcome = { successful: result.code === 'APPROVED', code: result.code, refNum: result.refNum, message: result.message, amount: pending.amount };
  return paymentId === undefined ? outcome : { ...outcome, paymentId };
}

/** Transaction 1: under the guard, read the balance and record the charge as pending. */
function startCharge(deps: ChargeDeps, input: ChargeInput): Promise<Start> {
  return deps.store.transact(async (tx): Promise<Start> => {
    const inv = await deps.invoices.find(tx, input.invoiceId);
    if (!inv) throw notFound(`Invoice ${input.invoiceId} was not found`, 'invoiceId');
    const held = await tx.get<PendingCharge>(PENDING_CHARGE, inv.id);
    if (held) {
      if (Date.parse(held.leaseUntil) <= deps.now().getTime()) return { kind: 'stale', pending: held };
      throw conflict(`A charge of invoice ${inv.id} is already in progress`, 'invoiceId');
    }
    if (inv.recordStatus === 'Cancel') throw invalid(`invoice ${inv.number} is cancelled: it takes no payments`, 'invoiceId');
    const owed = deps.invoices.totals(inv).balance;
    const balance = input.amount !== undefined && dec(input.amount).lt(owed) ? dec(input.amount) : owed;
    const amount = formatMoney(balance, inv.currency);
    if (balance.lte(0)) return { kind: 'skip', amount };
    const now = deps.now();
    const pending: PendingCharge = {
      id: inv.id, reference: `CH${inv.id}-${await tx.nextId(CHARGE_ATTEMPT)}`, amount, currency: inv.currency,
      creditCardId: input.creditCardId, merchantAccountId: input.merchantAccountId, notes: input.notes,
      bypassCommissions: input.bypassCommissions, startedAt: now.toISOString(),
      leaseUntil: new Date(now.getTime() + deps.leaseMs).toISOString(),
    };
    tx.put(PENDING_CHARGE, pending);
    return { kind: 'pending', pending };
  });
}

/**
 * The processor's answer, or undefined when it is unknown (the call failed and the look-up too):
 * then the charge stays pending for reconcile(), since the card may have been charged.
 */
async function callProcessor(deps: ChargeDeps, p: PendingCharge, card: StoredCard, notes: string): Promise<ChargeResult | undefined> {
  try {
    return await deps.payments.charge({ amount: p.amount, currency: p.currency, card, invoiceId: p.id, notes, reference: p.reference });
  } catch (err) {
    deps.log.error({ err, invoiceId: p.id, reference: p.reference }, 'payment processor failed; looking the charge up');
    try {
      return (await deps.payments.lookup(p.reference)) ?? { code: 'ERROR', refNum: '0', message: 'Payment processor unavailable' };
    } catch (lookupErr) {
      deps.log.error({ err: lookupErr, invoiceId: p.id, reference: p.reference }, 'charge state unknown: left pending for reconciliation');
      return undefined;
    }
  }
}

/** Transaction 2: the approved charge becomes a CCharge row and a payment; the guard is released. */
async function settle(deps: ChargeDeps, p: PendingCharge, result: ChargeResult): Promise<number | undefined> {
  try {
    return await deps.store.transact(async (tx) => {
      const held = await tx.get<PendingCharge>(PENDING_CHARGE, p.id);
      if (!held || held.reference !== p.reference) return undefined; // settled by someone else already
      tx.delete(PENDING_CHARGE, p.id);
      if (result.code !== 'APPROVED') return undefined;
      const chargeId = await tx.nextId(CCHARGE);
      const { invoice, payment } = await deps.invoices.addPayment(tx, p.id, {
        amount: p.amount, method: CARD_PAY_TYPE, date: deps.now().toISOString(), notes: p.notes, transactionId: result.refNum,
        keap: { chargeId, creditCardId: p.creditCardId, bypassCommissions: p.bypassCommissions, refNum: result.refNum },
      });
      const charge: CChargeRecord = {
        id: chargeId, CCId: p.creditCardId, PaymentId: payment.id, MerchantId: p.merchantAccountId,
        OrderNum: String(p.id), RefNum: result.refNum, ApprCode: result.refNum, Amt: p.amount,
      };
      tx.put(CCHARGE, charge);
      await deps.afterPayment(tx, invoice);
      return payment.id;
    });
  } catch (err) {
    // The pending record (with the reference) stays: reconcile() records the charge later.
    deps.log.error({ err, invoiceId: p.id, reference: p.reference, refNum: result.refNum, amount: p.amount, code: result.code },
      'charge could not be settled; left pending for reconciliation');
    throw err;
  }
}

/** Settle one pending charge from the processor's look-up. False when the processor cannot say yet. */
async function reconcileOne(deps: ChargeDeps, p: PendingCharge): Promise<boolean> {
  let found: ChargeResult | undefined;
  try {
    found = await deps.payments.lookup(p.reference);
  } catch (err) {
    deps.log.error({ err, invoiceId: p.id, reference: p.reference }, 'pending charge look-up failed; will retry');
    return false;
  }
  // Never reached the processor: nothing was charged.
  const result = found ?? { code: 'ERROR' as const, refNum: '0', message: 'not found at the processor' };
  await settle(deps, p, result);
  deps.log.warn({ invoiceId: p.id, reference: p.reference, code: result.code, refNum: result.refNum }, 'pending charge reconciled');
  return true;
}

/**
 * Settle the pending charges left by a crash. `all` (one gateway on the store: any pending record
 * is a dead call's) or only those past their lease (a shared store: another instance may be
 * charging right now). Returns how many were settled.
 */
export async function reconcilePendingCharges(deps: ChargeDeps, opts: { all: boolean }): Promise<number> {
  const now = deps.now().getTime();
  const { records } = await deps.store.list<PendingCharge>(PENDING_CHARGE);
  let settled = 0;
  for (const p of records) {
    if (!opts.all && Date.parse(p.leaseUntil) > now) continue;
    try {
      if (await reconcileOne(deps, p)) settled++;
    } catch { /* logged by settle; the record stays for the next run */ }
  }
  return settled;
}
