// Delivers the mails queued in the Outbox — sendInvoiceMail's invoices, payment receipts and
// APIEmailService.sendEmail's messages (a transactional outbox: the message is committed with the
// request's other writes, mailed afterwards, so a rolled-back request never mails and a crash never
// loses a queued mail).
//
// Cycle of one message: queued → (claimed) sending → sent | queued again with a back-off | failed.
// The claim is a store transaction, so of several gateway instances on one store exactly one
// mails a given message. A claim is a lease: if its instance dies mid-send, the message becomes
// due again when the lease ends, so delivery is at least once (a crash between the SMTP server's
// acceptance and the "sent" write can mail twice; never zero times).
import type { Logger } from 'pino';
import type { Store } from '../store/port.js';
import { OUTBOX, type OutboxMessage } from './invoices.js';
import type { MailAddress } from './mail-addresses.js';

/** One mail as handed to the transport: plain text, and the invoice document when one is rendered. */
export interface OutgoingMail {
  to: string | MailAddress[];
  cc?: MailAddress[];
  bcc?: MailAddress[];
  /** The From header; default: the transport's own From. The envelope sender is always the transport's. */
  from?: MailAddress;
  subject: string;
  /** At least one of text and html. */
  text?: string;
  html?: string;
  attachments?: Array<{ filename: string; content: Buffer; contentType: string }>;
}

/** The one thing delivery needs from a mail system (src/mail/smtp.ts implements it with SMTP). */
export interface MailTransport {
  send(mail: OutgoingMail): Promise<{ messageId: string }>;
  close(): void;
}

/** Builds the mail of a queued invoice message at send time (src/documents: HTML body + PDF attachment). */
export type MailComposer = (m: OutboxMessage) => Promise<OutgoingMail>;

/** An API mail (kind 'email') goes out exactly as it was merged and stored when queued. */
export function storedMail(m: OutboxMessage): OutgoingMail {
  if (!m.mail) return { to: m.to, subject: m.subject, text: m.text ?? m.body };
  const { from, to, cc, bcc, html } = m.mail;
  return { from, to, cc, bcc, subject: m.subject, text: m.text, html };
}

/** What API callers see of a failure (the full text, which may name internal hosts, goes to the log). */
export type MailErrorKind = 'refused' | 'deferred' | 'unreachable' | 'authentication' | 'timeout' | 'error';

/** A transport failure; permanent ones (the server refused the recipient or message) are not retried. */
export class MailDeliveryError extends Error {
  constructor(message: string, readonly permanent: boolean, readonly kind: MailErrorKind = 'error') {
    super(message);
    this.name = 'MailDeliveryError';
  }
}

export interface OutboxDeliveryOptions {
  log: Logger;
  now: () => Date;
  /** How often the outbox is looked at. */
  pollMs: number;
  /** Attempts before a message that keeps failing transiently is given up ('failed'). */
  maxAttempts: number;
  /** Back-off after the first transient failure; doubles per attempt, at most one hour. */
  retryBaseMs: number;
  /**
   * How long a claim holds before another instance may take the message over (default 10 min).
   * A send is abandoned as a transient 'timeout' after half of it, so a slow SMTP server cannot
   * outlast the lease and have a second instance mail the message too.
   */
  leaseMs?: number;
  /** Messages handled per look. */
  batch?: number;
  /** Default: the stored plain text only. */
  compose?: MailComposer;
}

const MAX_BACKOFF_MS = 3_600_000;
const MAX_ERROR_TEXT = 500;

export class OutboxDelivery {
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;
  private stopping = false;
  private readonly leaseMs: number;
  private readonly batch: number;

  constructor(private readonly store: Store, private readonly transport: MailTransport, private readonly opts: OutboxDeliveryOptions) {
    this.leaseMs = opts.leaseMs ?? 600_000;
    this.batch = opts.batch ?? 20;
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => { void this.runOnce(); }, this.opts.pollMs);
    this.timer.unref();
  }

  /**
   * Stops polling, waits up to `graceMs` for the one mail being sent (no new one is started), closes
   * the transport. A send cut off here stays 'sending' until its lease ends, then is retried.
   */
  async stop(graceMs = 10_000): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    this.timer = undefined;
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => { timer = setTimeout(resolve, graceMs); });
    await Promise.race([this.running, grace]).finally(() => clearTimeout(timer));
    this.transport.close();
  }

  /** One look at the outbox; resolves with the number of messages attempted. Never throws. */
  runOnce(): Promise<number> {
    if (this.stopping) return Promise.resolve(0);
    this.running ??= this.deliverDue()
      .catch((err) => { this.opts.log.warn({ err: errorText(err) }, 'outbox: delivery round failed; will retry'); return 0; })
      .finally(() => { this.running = undefined; });
    return this.running;
  }

  private async deliverDue(): Promise<number> {
    const due = await this.dueMessages();
    let attempted = 0;
    for (const id of due) {
      if (this.stopping) break;
      const claimed = await this.claim(id);
      if (!claimed) continue; // another instance took it, or it changed
      attempted++;
      await this.deliver(claimed);
    }
    return attempted;
  }

  private isDue(m: OutboxMessage, nowMs: number): boolean {
    if (m.state === 'queued') return !m.nextAttemptAt || Date.parse(m.nextAttemptAt) <= nowMs;
    return m.state === 'sending' && !!m.leaseUntil && Date.parse(m.leaseUntil) <= nowMs;
  }

  private async dueMessages(): Promise<number[]> {
    const nowMs = this.opts.now().getTime();
    const [queued, stale] = await Promise.all([
      this.store.findBy<OutboxMessage>(OUTBOX, 'state', 'queued'),
      this.store.findBy<OutboxMessage>(OUTBOX, 'state', 'sending'),
    ]);
    return [...queued, ...stale].filter((m) => this.isDue(m, nowMs)).map((m) => m.id)
      .sort((a, b) => a - b).slice(0, this.batch);
  }

  private claim(id: number): Promise<OutboxMessage | undefined> {
    return this.store.transact(async (tx) => {
      const m = await tx.get<OutboxMessage>(OUTBOX, id);
      const now = this.opts.now();
      if (!m || !this.isDue(m, now.getTime())) return undefined;
      if (m.state === 'sending' && (m.attempts ?? 0) >= this.opts.maxAttempts) {
        // Its last claimer never recorded an outcome (it stopped mid-send): do not mail it forever.
        tx.put(OUTBOX, { ...m, state: 'failed', leaseUntil: undefined, lastError: `no outcome recorded after ${m.attempts} attempts`, lastErrorKind: 'error' });
        return undefined;
      }
      const claimed: OutboxMessage = {
        ...m, state: 'sending', attempts: (m.attempts ?? 0) + 1,
        leaseUntil: new Date(now.getTime() + this.leaseMs).toISOString(), nextAttemptAt: undefined,
      };
      tx.put(OUTBOX, claimed);
      return claimed;
    });
  }

  private async deliver(m: OutboxMessage): Promise<void> {
    const { log } = this.opts;
    const attempts = m.attempts ?? 1;
    const ids = { outboxId: m.id, ...(m.invoiceId === undefined ? {} : { invoiceId: m.invoiceId }), attempts, kind: m.kind ?? 'invoice' };
    let messageId: string;
    try {
      const mail = this.opts.compose && m.kind !== 'email' ? await this.opts.compose(m) : storedMail(m);
      ({ messageId } = await withDeadline(this.transport.send(mail), this.leaseMs / 2));
    } catch (err) {
      await this.failed(m, err, ids);
      return;
    }
    // A store failure here leaves the claim to expire: the mail is then sent again (at least once).
    await this.settle(m, { state: 'sent', sentAt: this.opts.now().toISOString(), smtpMessageId: messageId, lastError: undefined, lastErrorKind: undefined });
    log.info(ids, 'mail sent');
  }

  private async failed(m: OutboxMessage, err: unknown, ids: Record<string, number | string>): Promise<void> {
    const { log } = this.opts;
    const attempts = m.attempts ?? 1;
    const lastError = errorText(err).slice(0, MAX_ERROR_TEXT);
    const permanent = err instanceof MailDeliveryError && err.permanent;
    const lastErrorKind: MailErrorKind = err instanceof MailDeliveryError ? err.kind : 'error';
    if (permanent || attempts >= this.opts.maxAttempts) {
      await this.settle(m, { state: 'failed', lastError, lastErrorKind });
      log.warn({ ...ids, error: lastError, permanent }, 'mail failed: given up');
      return;
    }
    const wait = Math.min(this.opts.retryBaseMs * 2 ** (attempts - 1), MAX_BACKOFF_MS);
    await this.settle(m, { state: 'queued', lastError, lastErrorKind, nextAttemptAt: new Date(this.opts.now().getTime() + wait).toISOString() });
    log.warn({ ...ids, error: lastError, retryInMs: wait }, 'mail not delivered: will retry');
  }

  /** Records the outcome, unless the claim was lost (lease ran out and another instance took over). */
  private async settle(claimed: OutboxMessage, patch: Partial<OutboxMessage>): Promise<void> {
    await this.store.transact(async (tx) => {
      const m = await tx.get<OutboxMessage>(OUTBOX, claimed.id);
      if (!m || m.state !== 'sending' || m.attempts !== claimed.attempts) return;
      tx.put(OUTBOX, { ...m, ...patch, leaseUntil: undefined });
    });
  }
}

/** The send's outcome, or a transient 'timeout' failure once `ms` have passed (the send is left to finish or fail). */
function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new MailDeliveryError(`no answer within ${Math.round(ms / 1000)} s`, false, 'timeout')), ms);
    timer.unref(); // the send's own socket keeps the process alive while it matters
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
