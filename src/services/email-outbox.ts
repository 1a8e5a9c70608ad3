// Queues an API mail (APIEmailService.sendEmail) in the one mail outbox, in the caller's transaction:
// it is mailed after the commit by OutboxDelivery (retried, leased, multi-instance safe), exactly as
// merged here — later changes to the contact or template do not alter a queued message.
import type { Tx } from '../store/port.js';
import { OUTBOX, type OutboxMessage, type StoredMail } from './invoices.js';
import { formatAddressList } from './mail-addresses.js';

export interface ApiMail extends StoredMail {
  subject: string;
  text?: string;
}

export async function queueApiMail(tx: Tx, mail: ApiMail, now: Date): Promise<OutboxMessage> {
  const { subject, text, ...stored } = mail;
  const message: OutboxMessage = {
    id: await tx.nextId(OUTBOX),
    kind: 'email',
    to: formatAddressList(mail.to),
    subject,
    body: '',
    text,
    mail: stored,
    state: 'queued',
    attempts: 0,
    createdAt: now.toISOString(),
  };
  tx.put(OUTBOX, message);
  return message;
}
