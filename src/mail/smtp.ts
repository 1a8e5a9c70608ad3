// The SMTP mail transport (nodemailer): the adapter behind OutboxDelivery's MailTransport port.
// One pooled connection is reused between mails; nodemailer reconnects when the server drops it.
import nodemailer from 'nodemailer';
import type { SendMailOptions } from 'nodemailer';
import { MailDeliveryError, type MailErrorKind, type MailTransport, type OutgoingMail } from '../services/mail-outbox.js';

export interface SmtpOptions {
  /** smtp://[user:pass@]host[:port] (STARTTLS when offered) or smtps:// (TLS from the start). */
  url: string;
  /** The From address of invoice mails. */
  from: string;
  timeoutMs?: number;
}

/** nodemailer error codes that say the server refused this recipient or message, not that it was unreachable. */
const MESSAGE_REFUSED = new Set(['EENVELOPE', 'EMESSAGE']);

export function createSmtpTransport(opts: SmtpOptions): MailTransport {
  const timeout = opts.timeoutMs ?? 15_000;
  const transporter = nodemailer.createTransport({
    url: opts.url, pool: true, maxConnections: 1,
    connectionTimeout: timeout, greetingTimeout: timeout, socketTimeout: 2 * timeout,
  });
  return {
    async send(mail) {
      try {
        const info = await transporter.sendMail({
          ...senderOf(mail, opts.from), to: mail.to, cc: mail.cc, bcc: mail.bcc,
          subject: mail.subject, text: mail.text, html: mail.html, attachments: mail.attachments,
        });
        return { messageId: String(info.messageId ?? '') };
      } catch (err) {
        const e = err as { message?: string; code?: string; responseCode?: number };
        // A 5xx for the envelope or the message is final; anything else (connection, 4xx, auth) may pass later.
        const permanent = !!e.responseCode && e.responseCode >= 500 && MESSAGE_REFUSED.has(e.code ?? '');
        throw new MailDeliveryError(`SMTP: ${e.message ?? String(err)}`, permanent, kindOf(e.code, e.responseCode, permanent));
      }
    },
    close() { transporter.close(); },
  };
}

/**
 * From and envelope: a mail with its own From (APIEmailService) keeps the gateway's address as the
 * Sender header and the SMTP envelope sender, so bounces come back to it and SPF checks its domain.
 */
function senderOf(mail: OutgoingMail, gatewayFrom: string): Pick<SendMailOptions, 'from' | 'sender' | 'envelope'> {
  if (!mail.from) return { from: gatewayFrom };
  const to = typeof mail.to === 'string' ? [mail.to] : mail.to.map((a) => a.address);
  const all = [...to, ...(mail.cc ?? []).map((a) => a.address), ...(mail.bcc ?? []).map((a) => a.address)];
  return { from: mail.from, sender: gatewayFrom, envelope: { from: envelopeAddress(gatewayFrom), to: all } };
}

/** The bare address of "Name <a@b>" or "a@b". */
function envelopeAddress(from: string): string {
  const m = /<([^<>]*)>\s*$/.exec(from);
  return (m ? m[1] : from).trim();
}

function kindOf(code: string | undefined, responseCode: number | undefined, permanent: boolean): MailErrorKind {
  if (permanent) return 'refused';
  if (code === 'EAUTH') return 'authentication';
  if (code === 'ETIMEDOUT') return 'timeout';
  if (code === 'ECONNECTION' || code === 'ESOCKET' || code === 'EDNS' || code === 'ETLS') return 'unreachable';
  if (responseCode && responseCode >= 400 && responseCode < 500) return 'deferred';
  return 'error';
}
