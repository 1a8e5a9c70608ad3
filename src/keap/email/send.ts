// APIEmailService.sendEmail: one message per contact, merged from that contact's data, queued in the
// mail outbox in ONE transaction — every contact of the call is queued or none is (a fault leaves
// nothing behind). Delivery happens after the commit (src/services/mail-outbox.ts).
//
// Who is not mailed (counted, logged, never a fault): a contact whose Email opted out, and any
// recipient address that opted out (optOut), a contact left with no To address. sendEmail answers
// true when at least one message was queued, false when none was (Keap's recorded answer for a
// contact it would not mail is false, not a fault).
import type { Logger } from 'pino';
import type { KeapDeps } from '../deps.js';
import type { Tx } from '../../store/port.js';
import { faults } from '../faults.js';
import { DomainError, invalid } from '../../errors.js';
import { UserBook } from '../../services/users.js';
import { parseAddressList, requireHeaderText, MAX_ADDRESS_FIELD_CHARS, type MailAddress } from '../../services/mail-addresses.js';
import { queueApiMail } from '../../services/email-outbox.js';
import { CONTACT_TABLE } from '../tables/contact.js';
import { INVOICE_VIEWS } from '../tables/invoice-views.js';
import type { Row } from '../tables/types.js';
import { merge, mentionsInvoice, oneLine, type AccountCompany, type MergeData } from './merge.js';
import { optedOut } from './opt-status.js';
import { MAIL_LIMITS, withinChars, type ContentType } from './limits.js';

/** A mail before merging: the raw form's parameters, or a template's parts. */
export interface MailDraft {
  fromAddress: string;
  toAddress: string;
  ccAddress: string;
  bccAddress: string;
  contentType: ContentType;
  subject: string;
  htmlBody: string;
  textBody: string;
  templateId?: number;
}

export type SkipReason = 'opted_out' | 'no_address';
export interface SendOutcome { queued: number[]; skipped: Array<{ contactId: number; reason: SkipReason }> }

const INVOICE_SOURCE = INVOICE_VIEWS.find((t) => t.name === 'Invoice')!.source;


/** The draft's own text is checked before any contact is read: one-line headers, bounded sizes. */
function checkDraft(d: MailDraft): void {
  for (const field of ['fromAddress', 'toAddress', 'ccAddress', 'bccAddress'] as const) {
    requireHeaderText(withinChars(d[field], MAX_ADDRESS_FIELD_CHARS, field), field);
  }
  requireHeaderText(withinChars(d.subject, MAIL_LIMITS.subjectChars, 'subject'), 'subject');
  withinChars(d.htmlBody, MAIL_LIMITS.bodyChars, 'htmlBody');
  withinChars(d.textBody, MAIL_LIMITS.bodyChars, 'textBody');
}

/** Contact ids once each, in the order given; 1..MAIL_LIMITS.contacts of them. */
function uniqueIds(ids: number[]): number[] {
  const unique = [...new Set(ids)];
  if (unique.length > MAIL_LIMITS.contacts) throw invalid(`contactList may name at most ${MAIL_LIMITS.contacts} contacts, got ${unique.length}`, 'contactList');
  for (const id of unique) if (id <= 0) throw faults.recordNotFound('Contact', id);
  return unique;
}

const rowOf = (rec: object & { id: number }): Row => ({ ...rec, Id: rec.id });

/** The contact's most recent invoice (highest Id), for ~Invoice.…~ fields. */
async function latestInvoice(deps: KeapDeps, tx: Tx, contactId: number): Promise<Row | undefined> {
  const rows = await INVOICE_SOURCE.findBy(deps, tx, 'ContactId', contactId);
  return rows.reduce<Row | undefined>((best, r) => (!best || r.Id > best.Id ? r : best), undefined);
}

/** The merged From: none (→ the gateway's From) when it names no address, e.g. an owner without email. */
function fromOf(merged: string, contactId: number): MailAddress | undefined {
  if (!merged.includes('@')) return undefined;
  const list = addressesOf(merged, 'fromAddress', contactId);
  if (list.length > 1) throw invalid('fromAddress must be one address', 'fromAddress');
  return list[0];
}

/** A merged address field parsed; a malformed one names the contact whose data it was merged with. */
function addressesOf(merged: string, field: string, contactId: number): MailAddress[] {
  try {
    return parseAddressList(merged, field);
  } catch (err) {
    if (err instanceof DomainError) throw invalid(`${err.message} (merged for contact ${contactId})`, field);
    throw err;
  }
}

/** Recipients whose address did not opt out. */
async function mailable(tx: Tx, list: MailAddress[]): Promise<MailAddress[]> {
  const out: MailAddress[] = [];
  for (const a of list) if (!(await optedOut(tx, a.address))) out.push(a);
  return out;
}

/** `log`: the request's logger. */
export async function sendToContacts(deps: KeapDeps, contactIds: number[], draft: MailDraft, company: AccountCompany, log: Logger): Promise<SendOutcome> {
  checkDraft(draft);
  const ids = uniqueIds(contactIds);
  const ownerRec = await new UserBook(deps.store).owner();
  const owner = ownerRec && rowOf(ownerRec);
  const needsInvoice = mentionsInvoice([draft.subject, draft.htmlBody, draft.textBody, draft.toAddress, draft.fromAddress]);
  const wantsHtml = draft.contentType !== 'Text';
  const wantsText = draft.contentType !== 'HTML';

  const outcome = await deps.store.transact(async (tx) => {
    const result: SendOutcome = { queued: [], skipped: [] };
    let queuedChars = 0;
    for (const contactId of ids) {
      const contact = await CONTACT_TABLE.source.get(deps, tx, contactId);
      if (!contact) throw faults.recordNotFound('Contact', contactId);
      const data: MergeData = {
        contact, owner, company, timeZone: deps.config.timeZone,
        invoice: needsInvoice ? await latestInvoice(deps, tx, contactId) : undefined,
      };
      const header = (text: string, part: string) => oneLine(merge(text, data, { html: false, maxChars: MAX_ADDRESS_FIELD_CHARS, part }));
      const email = typeof contact.Email === 'string' ? contact.Email.trim() : '';
      const contactOut = email !== '' && await optedOut(tx, email);
      const listed = addressesOf(header(draft.toAddress, 'toAddress'), 'toAddress', contactId);
      const to = contactOut ? [] : await mailable(tx, listed);
      if (to.length === 0) {
        result.skipped.push({ contactId, reason: contactOut || listed.length ? 'opted_out' : 'no_address' });
        continue;
      }
      const subject = oneLine(merge(draft.subject, data, { html: false, maxChars: MAIL_LIMITS.subjectChars, part: 'subject' }));
      const body = { maxChars: MAIL_LIMITS.mergedBodyChars };
      const text = wantsText ? merge(draft.textBody, data, { ...body, html: false, part: 'textBody' }) : undefined;
      const html = wantsHtml ? merge(draft.htmlBody, data, { ...body, html: true, part: 'htmlBody' }) : undefined;
      queuedChars += subject.length + (text?.length ?? 0) + (html?.length ?? 0);
      if (queuedChars > MAIL_LIMITS.queuedChars) {
        throw invalid(`this sendEmail would queue more than ${MAIL_LIMITS.queuedChars} characters of mail: send to fewer contacts per call`, 'contactList');
      }
      const message = await queueApiMail(tx, {
        from: fromOf(header(draft.fromAddress, 'fromAddress'), contactId), to,
        cc: await mailable(tx, addressesOf(header(draft.ccAddress, 'ccAddress'), 'ccAddress', contactId)),
        bcc: await mailable(tx, addressesOf(header(draft.bccAddress, 'bccAddress'), 'bccAddress', contactId)),
        subject, text, html, contactId, templateId: draft.templateId,
      }, deps.now());
      result.queued.push(message.id);
    }
    return result;
  });
  log.info({
    event: 'keap.send_email', templateId: draft.templateId, queued: outcome.queued.length,
    optedOut: outcome.skipped.filter((s) => s.reason === 'opted_out').length,
    noAddress: outcome.skipped.filter((s) => s.reason === 'no_address').length,
  }, 'sendEmail queued');
  return outcome;
}
