// Operator actions on the invoice-mail outbox (console): retry a message that was given up.
import type { Store } from '../store/port.js';
import { invalid, notFound } from '../errors.js';
import { OUTBOX, type OutboxMessage } from './invoices.js';

/**
 * A failed message goes back to 'queued' with a fresh attempt budget; the delivery loop picks it up
 * at its next look. Only failed messages: a queued or sending one is already on its way.
 */
export async function retryFailedMail(store: Store, id: number): Promise<OutboxMessage> {
  return store.transact(async (tx) => {
    const m = await tx.get<OutboxMessage>(OUTBOX, id);
    if (!m) throw notFound(`outbox message ${id} not found`, 'id');
    if (m.state !== 'failed') throw invalid(`outbox message ${id} is ${m.state}, not failed`, 'id');
    const next: OutboxMessage = { ...m, state: 'queued', attempts: 0, nextAttemptAt: undefined, leaseUntil: undefined };
    tx.put(OUTBOX, next);
    return next;
  });
}
