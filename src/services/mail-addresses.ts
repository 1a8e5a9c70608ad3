// Address lists as callers write them ("Ada <ada@x.test>, bob@y.test", '"Lovelace, Ada" <ada@x.test>')
// parsed into name + address pairs, so the transport encodes every header itself and no caller
// text ever becomes a header line. One pass over the text (linear), bounded in count and length.
import { invalid, quoted } from '../errors.js';

export interface MailAddress { name?: string; address: string }

/** Recipients one address field may list. */
export const MAX_ADDRESSES_PER_FIELD = 50;
/** Characters of one address field as given (50 addresses of ~80 characters). */
export const MAX_ADDRESS_FIELD_CHARS = 4000;
/** RFC 5321: a path holds at most 254 characters; a display name is kept to 200. */
const MAX_ADDRESS_CHARS = 254;
const MAX_NAME_CHARS = 200;

/** local@domain: no spaces, quotes, brackets, commas or controls; a domain of dot-separated labels. */
const ADDRESS = /^[^\s"<>(),;:@\\[\]\x00-\x1f\x7f]+@[^\s"<>(),;:@\\[\]\x00-\x1f\x7f.]+(?:\.[^\s"<>(),;:@\\[\]\x00-\x1f\x7f.]+)*$/;

/** CR, LF or another control character: what would let a value start a header line of its own. */
const HEADER_BREAK = /[\x00-\x08\x0a-\x1f\x7f]/;

/** Header text (a subject) must be one line: CR/LF or other controls are refused, never passed on. */
export function requireHeaderText(text: string, field: string): string {
  if (HEADER_BREAK.test(text)) throw invalid(`${field} must be one line: it contains a line break or control character`, field);
  return text;
}

/** Splits on commas and semicolons outside double quotes and angle brackets. */
function items(text: string): string[] {
  const out: string[] = [];
  let quote = false;
  let angle = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\' && quote) { i++; continue; }
    if (c === '"') quote = !quote;
    else if (!quote && c === '<') angle = true;
    else if (!quote && c === '>') angle = false;
    else if (!quote && !angle && (c === ',' || c === ';')) { out.push(text.slice(start, i)); start = i + 1; }
  }
  out.push(text.slice(start));
  return out.map((s) => s.trim()).filter((s) => s !== '');
}

function unquote(name: string): string {
  const t = name.trim();
  return t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1).replace(/\\(.)/g, '$1') : t;
}

function one(item: string, field: string): MailAddress {
  const open = item.lastIndexOf('<');
  const close = item.lastIndexOf('>');
  let name: string | undefined;
  let address = item;
  if (open >= 0 || close >= 0) {
    if (open < 0 || close !== item.length - 1 || close < open) throw invalid(`${field}: not an email address: ${quoted(item)}`, field);
    address = item.slice(open + 1, close).trim();
    name = unquote(item.slice(0, open)) || undefined;
  }
  if (address.length > MAX_ADDRESS_CHARS || !ADDRESS.test(address)) throw invalid(`${field}: not an email address: ${quoted(address)}`, field);
  if (name !== undefined && name.length > MAX_NAME_CHARS) throw invalid(`${field}: a display name may have at most ${MAX_NAME_CHARS} characters`, field);
  return name === undefined ? { address } : { name, address };
}

/**
 * Every address in `text` (empty → []). Fault 12 for CR/LF or controls anywhere (header injection),
 * a malformed address, more than MAX_ADDRESSES_PER_FIELD or a text over MAX_ADDRESS_FIELD_CHARS.
 */
export function parseAddressList(text: string, field: string): MailAddress[] {
  if (text.length > MAX_ADDRESS_FIELD_CHARS) throw invalid(`${field} may have at most ${MAX_ADDRESS_FIELD_CHARS} characters, got ${text.length}`, field);
  requireHeaderText(text, field);
  const list = items(text);
  if (list.length > MAX_ADDRESSES_PER_FIELD) throw invalid(`${field} may list at most ${MAX_ADDRESSES_PER_FIELD} addresses, got ${list.length}`, field);
  return list.map((item) => one(item, field));
}

/** "Ada <ada@x.test>, bob@y.test": for listings (the transport gets the parsed pairs). */
export function formatAddressList(list: MailAddress[]): string {
  return list.map((a) => (a.name ? `${a.name} <${a.address}>` : a.address)).join(', ');
}
