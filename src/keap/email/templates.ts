// Email templates (APIEmailService add/get/updateEmailTemplate) and Keap's read-only Template table
// over them (wesnick api_field_access.xml: Template R — Id, PieceType, PieceTitle, Categories).
// The stored record carries the whole template; the table shows only Keap's four fields.
import type { StoredRecord, Tx, Store } from '../../store/port.js';
import { invalid } from '../../errors.js';
import { faults } from '../faults.js';
import { requireHeaderText, MAX_ADDRESS_FIELD_CHARS } from '../../services/mail-addresses.js';
import { nativeSource } from '../tables/native.js';
import { defineTable } from '../tables/types.js';
import { mergeContextOf, type MergeContext } from './merge.js';
import { MAIL_LIMITS, withinChars, contentTypeOf, type ContentType } from './limits.js';

export const TEMPLATE = 'Template';

/** The template's parts, under the member names getEmailTemplate answers (as recorded). */
export interface TemplateParts {
  pieceTitle: string;
  categories: string;
  fromAddress: string;
  toAddress: string;
  ccAddress: string;
  bccAddress: string;
  subject: string;
  textBody: string;
  htmlBody: string;
  contentType: ContentType;
  mergeContext: MergeContext;
}

/** The recorded member order of getEmailTemplate's struct (also the order add/update take them). */
export const TEMPLATE_MEMBERS = ['pieceTitle', 'categories', 'fromAddress', 'toAddress', 'ccAddress', 'bccAddress',
  'subject', 'textBody', 'htmlBody', 'contentType', 'mergeContext'] as const;

export type StoredTemplate = StoredRecord & TemplateParts & { PieceType: 'Email'; PieceTitle: string; Categories: string };

export const TEMPLATE_TABLE = defineTable(TEMPLATE, 'R', {
  Id: 'Int', PieceType: 'String', PieceTitle: 'String', Categories: 'String',
}, nativeSource(TEMPLATE));


/**
 * The parts as given, checked: title 1–255 characters, one-line addresses and subject within their
 * bounds (merge fields are resolved, and the addresses parsed, when the template is sent), bodies
 * within MAIL_LIMITS, a known content type and merge context.
 */
export function templateParts(raw: Record<(typeof TEMPLATE_MEMBERS)[number], string>): TemplateParts {
  const title = raw.pieceTitle.trim();
  if (!title) throw invalid('pieceTitle must not be empty', 'pieceTitle');
  const header = (field: 'fromAddress' | 'toAddress' | 'ccAddress' | 'bccAddress') =>
    requireHeaderText(withinChars(raw[field], MAX_ADDRESS_FIELD_CHARS, field), field);
  return {
    pieceTitle: withinChars(title, 255, 'pieceTitle'),
    categories: withinChars(raw.categories, 1000, 'categories'),
    fromAddress: header('fromAddress'), toAddress: header('toAddress'), ccAddress: header('ccAddress'), bccAddress: header('bccAddress'),
    subject: requireHeaderText(withinChars(raw.subject, MAIL_LIMITS.subjectChars, 'subject'), 'subject'),
    textBody: withinChars(raw.textBody, MAIL_LIMITS.bodyChars, 'textBody'),
    htmlBody: withinChars(raw.htmlBody, MAIL_LIMITS.bodyChars, 'htmlBody'),
    contentType: contentTypeOf(raw.contentType),
    mergeContext: mergeContextOf(raw.mergeContext),
  };
}

const record = (id: number, p: TemplateParts): StoredTemplate => ({ id, ...p, PieceType: 'Email', PieceTitle: p.pieceTitle, Categories: p.categories });

export async function addTemplate(tx: Tx, parts: TemplateParts): Promise<number> {
  const id = await tx.nextId(TEMPLATE);
  tx.put(TEMPLATE, record(id, parts));
  return id;
}

/** Fault 5 for an unknown id. */
export async function getTemplate(reader: Store | Tx, id: number): Promise<StoredTemplate> {
  const t = await reader.get<StoredTemplate>(TEMPLATE, id);
  if (!t) throw faults.recordNotFound(TEMPLATE, id);
  return t;
}

export async function updateTemplate(tx: Tx, id: number, parts: TemplateParts): Promise<void> {
  await getTemplate(tx, id);
  tx.put(TEMPLATE, record(id, parts));
}
