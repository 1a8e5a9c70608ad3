// The one guard on money movements of an invoice: a PendingCharge record, keyed by the invoice id,
// exists exactly while a card charge of that invoice is between "recorded" and "settled". Every
// other movement (manual or offline payment, line edit, delete) reads it in its own transaction and
// is refused while it exists; the read is versioned by every store adapter, so a movement and a
// charge that start together cannot both commit. Because the guard IS the record of the charge,
// it cannot be held without saying which charge holds it, and settling the charge releases it.
import type { ReadOps, StoredRecord } from '../store/port.js';
import { conflict } from '../errors.js';

export const PENDING_CHARGE = 'PendingCharge';
/** Sequence of charge references (the processor's idempotency / look-up key). */
export const CHARGE_ATTEMPT = 'ChargeAttempt';

export interface PendingCharge extends StoredRecord {
  /** = the invoice id. */
  id: number;
  reference: string;
  amount: string;
  currency: string;
  creditCardId: number;
  merchantAccountId: number;
  notes: string;
  bypassCommissions: boolean;
  startedAt: string;
  /** Until then the charge belongs to the call that started it; after, anyone may reconcile it. */
  leaseUntil: string;
}

/** Refuse `action` while a card charge of the invoice is in flight. */
export async function requireNoPendingCharge(reader: ReadOps, invoiceId: number, action: string): Promise<void> {
  const p = await reader.get<PendingCharge>(PENDING_CHARGE, invoiceId);
  if (p) {
    throw conflict(`a card charge of ${p.amount} ${p.currency} on invoice ${invoiceId} is in progress (${p.reference}); ${action} can be retried once it has settled`, 'invoiceId');
  }
}
