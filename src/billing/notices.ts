// Receipts and failure notices of billed periods and installments, queued in the mail outbox in
// the transaction that records the outcome (so a notice exists exactly when the outcome does).
// A contact without an email gets none; the outbox delivers them like any other message.
import type { StoredRecord, Tx } from '../store/port.js';
import type { Invoice } from '../invoicing/model.js';
import { OUTBOX, type OutboxMessage } from '../services/invoices.js';

export type NoticeKind = 'receipt' | 'declined' | 'stopped';

const SUBJECT: Record<NoticeKind, (number: string) => string> = {
  receipt: (n) => `Payment receipt for invoice ${n}`,
  declined: (n) => `Payment declined for invoice ${n}: we will try again`,
  stopped: (n) => `Payment failed for invoice ${n}: your subscription has stopped`,
};

export async function queueNotice(tx: Tx, invoice: Invoice, kind: NoticeKind, lines: string[], now: Date): Promise<boolean> {
  const to = (await tx.get<StoredRecord & { email?: string }>('Client', invoice.clientId))?.email?.trim() ?? '';
  if (!to) return false;
  const message: OutboxMessage = {
    id: await tx.nextId(OUTBOX), invoiceId: invoice.id, kind: 'receipt', to,
    subject: SUBJECT[kind](invoice.number), body: '', text: `${lines.join('\n')}\n`,
    state: 'queued', attempts: 0, createdAt: now.toISOString(),
  };
  tx.put(OUTBOX, message);
  return true;
}
