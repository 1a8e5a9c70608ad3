// Keap merge fields: `~Namespace.Field~` in a template's addresses, subject and bodies, replaced
// with the contact's (and account's) data when a mail is queued. One linear pass per text (a
// bounded-quantifier regex, no backtracking beyond 100 characters per position), and the merged
// text is bounded: a few tokens cannot blow a small template up into gigabytes.
import { invalid } from '../../errors.js';
import { own } from '../../own.js';
import { wallClock } from '../dates.js';
import { CONTACT_TABLE } from '../tables/contact.js';
import { USER_TABLE } from '../tables/users.js';
import { INVOICE_VIEWS } from '../tables/invoice-views.js';
import type { FieldType, Row, TableDef } from '../tables/types.js';

const INVOICE_TABLE = INVOICE_VIEWS.find((t) => t.name === 'Invoice')!;

/** A merge field: a namespace, a dot, a field name (custom fields start with `_`). */
const TOKEN = /~([A-Za-z][A-Za-z0-9]{0,31})\.([A-Za-z_][A-Za-z0-9_]{0,64})~/g;

/** Keap's merge contexts this gateway serves (templates' mergeContext, getAvailableMergeFields). */
export const MERGE_CONTEXTS = ['Contact', 'Invoice'] as const;
export type MergeContext = (typeof MERGE_CONTEXTS)[number];

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** The seller's details (GATEWAY_SELLER_*), which Keap calls the Company of the account. */
export interface AccountCompany { name: string; address: string[]; email: string; phone: string; taxId: string }

/** What one contact's message is merged from. */
export interface MergeData {
  contact: Row;
  /** The account owner (the first user), also standing for LoggedInUser: API keys belong to no user. */
  owner?: Row;
  /** The contact's most recent invoice, loaded only when a text names ~Invoice.…~. */
  invoice?: Row;
  company: AccountCompany;
  timeZone: string;
}

/** Company.* fields: Keap's names over the seller configuration. */
function companyFields(c: AccountCompany): Record<string, string> {
  const block = [c.name, ...c.address].filter(Boolean);
  return {
    Company: c.name, Email: c.email, Phone1: c.phone, TaxId: c.taxId,
    StreetAddress1: c.address[0] ?? '', StreetAddress2: c.address.slice(1).join(', '),
    City: '', State: '', PostalCode: '', Country: '', Website: '',
    MailingAddressBlock: block.join('\n'), CanSpamAddressBlock: block.join('\n'),
    HTMLMailingAddressBlock: block.map(escapeHtml).join('<br>'), HTMLCanSpamAddressBlock: block.map(escapeHtml).join('<br>'),
  };
}
const COMPANY_FIELDS = Object.keys(companyFields({ name: '', address: [], email: '', phone: '', taxId: '' }));

/** Fields whose value is HTML already (inserted into an HTML part as is; everything else is escaped). */
const HTML_FIELDS = new Set(['HTMLSignature', 'HTMLMailingAddressBlock', 'HTMLCanSpamAddressBlock']);

/** Row fields a merge may show: the table's declared fields and, on Contact, custom `_Name` fields. */
function tableValue(t: TableDef, row: Row | undefined, field: string, timeZone: string): string {
  if (!row) return '';
  const def = t.fields.get(field);
  if (!def && !(t.customFields && field.startsWith('_'))) return '';
  const v = own(row, field);
  if (v === undefined || v === null) return '';
  return formatted(def?.type ?? 'String', v, timeZone);
}

/** Dates as the day in the app's time zone (YYYY-MM-DD, with the time when it is not midnight). */
function formatted(type: FieldType, v: unknown, timeZone: string): string {
  if (type !== 'Date') return String(v);
  const d = new Date(String(v));
  if (Number.isNaN(d.getTime())) return String(v);
  const w = wallClock(d, timeZone);
  const p = (n: number) => String(n).padStart(2, '0');
  const day = `${w.year}-${p(w.month)}-${p(w.day)}`;
  return w.hour || w.minute || w.second ? `${day} ${p(w.hour)}:${p(w.minute)}` : day;
}

/** The value of one merge field for one contact; '' when unknown or empty (Keap prints nothing). */
export function fieldValue(ns: string, field: string, data: MergeData): string {
  switch (ns) {
    case 'Contact': return tableValue(CONTACT_TABLE, data.contact, field, data.timeZone);
    case 'Owner': case 'LoggedInUser': return tableValue(USER_TABLE, data.owner, field, data.timeZone);
    case 'Invoice': return tableValue(INVOICE_TABLE, data.invoice, field, data.timeZone);
    case 'Company': return own(companyFields(data.company), field) ?? '';
    case 'App': return field === 'Name' ? data.company.name : '';
    default: return '';
  }
}

/** Whether any text names an ~Invoice.…~ field (the invoice is then looked up). */
export function mentionsInvoice(texts: string[]): boolean {
  return texts.some((t) => t.includes('~Invoice.'));
}

/**
 * `text` with every merge field replaced. In an HTML part values are HTML-escaped (a contact named
 * `<script>` stays text), except Keap's HTML* fields. Text not shaped like a merge field (`~Link-12~`,
 * a lone `~`) is left as is. Beyond `maxChars` merged characters → fault 12 naming `part`.
 */
export function merge(text: string, data: MergeData, opts: { html: boolean; maxChars: number; part: string }): string {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(TOKEN)) {
    const value = fieldValue(m[1], m[2], data);
    out += text.slice(last, m.index) + (opts.html && !HTML_FIELDS.has(m[2]) ? escapeHtml(value) : value);
    last = m.index + m[0].length;
    if (out.length > opts.maxChars) break;
  }
  out += text.slice(last);
  if (out.length > opts.maxChars) {
    throw invalid(`${opts.part} would have more than ${opts.maxChars} characters once merged (contact ${data.contact.Id})`, opts.part);
  }
  return out;
}

/** Header values (addresses, subject) take merged data on one line: a line break in data becomes a space. */
export function oneLine(s: string): string {
  return s.replace(/[\r\n]+/g, ' ');
}

/** getAvailableMergeFields: every field a template of this context can name, as `~Ns.Field~`. */
export function availableMergeFields(context: MergeContext, customContactFields: string[]): string[] {
  const names = (ns: string, fields: Iterable<string>) => [...fields].map((f) => `~${ns}.${f}~`);
  const base = [
    ...names('Contact', [...CONTACT_TABLE.fields.keys(), ...customContactFields]),
    ...names('Owner', USER_TABLE.fields.keys()),
    ...names('LoggedInUser', USER_TABLE.fields.keys()),
    ...names('Company', COMPANY_FIELDS),
    '~App.Name~',
  ];
  return context === 'Invoice' ? [...base, ...names('Invoice', INVOICE_TABLE.fields.keys())] : base;
}

/** A merge context as given, case-insensitive; fault 12 for Keap's Opportunity/CreditCard or any other. */
export function mergeContextOf(text: string, field = 'mergeContext'): MergeContext {
  const found = MERGE_CONTEXTS.find((c) => c.toLowerCase() === text.trim().toLowerCase());
  if (!found) throw invalid(`${field} must be ${MERGE_CONTEXTS.join(' or ')} (this gateway serves no Opportunity or CreditCard merge fields)`, field);
  return found;
}
