// APIEmailService.attachEmail: an email sent or received elsewhere, recorded on the contact's
// history (Keap shows it in the contact's email tab). Nothing is mailed. The record is kept in the
// 'AttachedEmail' collection, indexed by contact; there is no Keap table to read it back.
import type { KeapDeps } from '../deps.js';
import type { XmlRpcValue } from '../../xmlrpc/types.js';
import { faults } from '../faults.js';
import { CONTACT_TABLE } from '../tables/contact.js';
import { INCOMING } from '../tables/values.js';
import { MAX_ADDRESS_FIELD_CHARS } from '../../services/mail-addresses.js';
import { MAIL_LIMITS, withinChars, contentTypeOf, type ContentType } from './limits.js';

export const ATTACHED_EMAIL = 'AttachedEmail';

export interface AttachedEmailInput {
  contactId: number;
  fromName: string; fromAddress: string; toAddress: string; ccAddresses: string; bccAddresses: string;
  contentType: string; subject: string; htmlBody: string; textBody: string; header: string;
  receivedDate: XmlRpcValue; sentDate: XmlRpcValue; emailSentType: number;
}


/** A date as Keap's clients send it (the recorded call: strings with an offset); "" → none. */
function dateOf(v: XmlRpcValue, field: string, timeZone: string): string | undefined {
  if (typeof v === 'string' && v.trim() === '') return undefined;
  return INCOMING.Date(v, field, timeZone) as string;
}

export async function attachEmail(deps: KeapDeps, e: AttachedEmailInput): Promise<number> {
  const addresses = { fromName: e.fromName, fromAddress: e.fromAddress, toAddress: e.toAddress, ccAddresses: e.ccAddresses, bccAddresses: e.bccAddresses };
  for (const [field, text] of Object.entries(addresses)) withinChars(text, MAX_ADDRESS_FIELD_CHARS, field);
  const contentType: ContentType = contentTypeOf(e.contentType);
  const record = {
    ContactId: e.contactId, ...addresses, contentType,
    subject: withinChars(e.subject, MAIL_LIMITS.subjectChars, 'subject'),
    htmlBody: withinChars(e.htmlBody, MAIL_LIMITS.bodyChars, 'htmlBody'),
    textBody: withinChars(e.textBody, MAIL_LIMITS.bodyChars, 'textBody'),
    header: withinChars(e.header, MAIL_LIMITS.headerChars, 'header'),
    receivedDate: dateOf(e.receivedDate, 'receivedDate', deps.config.timeZone),
    sentDate: dateOf(e.sentDate, 'sentDate', deps.config.timeZone),
    emailSentType: e.emailSentType,
    createdAt: deps.now().toISOString(),
  };
  return deps.store.transact(async (tx) => {
    if (!(await CONTACT_TABLE.source.get(deps, tx, e.contactId))) throw faults.recordNotFound('Contact', e.contactId);
    const id = await tx.nextId(ATTACHED_EMAIL);
    tx.put(ATTACHED_EMAIL, { id, ...record });
    return id;
  });
}
