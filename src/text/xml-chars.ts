// The characters XML 1.0 can carry (§2.2 Char), for both fronts: text that holds anything else is
// refused where it comes in (so it is never stored), and every reply escapes all text whatever it
// looks like — "&lt;" typed literally goes out as "&amp;lt;", never as markup.
import { invalid } from '../errors.js';
import { isName } from './xml-names.js';

/** Anything outside Char: C0 controls but TAB/LF/CR, U+FFFE/U+FFFF, lone surrogates (the u flag). */
const NOT_XML_CHAR = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

/** Index of the first character XML 1.0 cannot carry, or -1. Linear (one regex class, no backtracking). */
export function firstNonXmlChar(s: string): number {
  const m = NOT_XML_CHAR.exec(s);
  return m ? m.index : -1;
}

function codePointName(cp: number): string {
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** "contains U+0001 at position 3, …" for text holding a character XML cannot carry; else undefined. */
export function nonXmlCharProblem(s: string): string | undefined {
  const at = firstNonXmlChar(s);
  return at < 0 ? undefined : `contains ${codePointName(s.codePointAt(at) ?? 0)} at position ${at + 1}, a character XML 1.0 does not allow`;
}

/** `s` unchanged, or DomainError invalid naming `field` and the offending character. */
export function requireXmlText(s: string, field: string): string {
  const problem = nonXmlCharProblem(s);
  if (problem) throw invalid(`${field} ${problem}`, field);
  return s;
}

const NEEDS_ESCAPE = /[&<>\r\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF\uD800-\uDFFF]/;
const ESCAPES = /[&<>\r]|[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/g;
const ESCAPED: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#13;' };

/**
 * Character data for any element. Markup characters are always escaped (`&` even before something
 * entity-like); a character XML cannot carry (only in rows stored before input was checked) becomes
 * U+FFFD, so the reply stays well-formed. The common case (nothing to escape) costs one regex test.
 */
export function escapeText(s: string): string {
  if (!NEEDS_ESCAPE.test(s)) return s;
  const wellFormed = (s as unknown as { toWellFormed(): string }).toWellFormed();
  return wellFormed.replace(ESCAPES, (c) => ESCAPED[c] ?? '\uFFFD');
}

const ATTR_ESCAPED: Record<string, string> = { '"': '&quot;', '\t': '&#9;', '\n': '&#10;' };

/** An attribute value in double quotes: also `"`, and TAB/LF (a parser would normalise them to spaces). */
export function escapeAttr(s: string): string {
  return escapeText(s).replace(/["\t\n]/g, (c) => ATTR_ESCAPED[c]);
}

/** Whether a code point is an XML 1.0 Char (§2.2). */
export function isXmlCodePoint(cp: number): boolean {
  return cp === 0x9 || cp === 0xA || cp === 0xD || (cp >= 0x20 && cp <= 0xD7FF)
    || (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
}

/** A Map, not an object: `&constructor;` must not find Object.prototype.constructor. */
const PREDEFINED = new Map([['lt', '<'], ['gt', '>'], ['amp', '&'], ['quot', '"'], ['apos', "'"]]);
const DECIMAL_REF = /^#[0-9]+$/;
const HEX_REF = /^#x[0-9a-fA-F]+$/;

/**
 * Why a reference cannot be decoded: a stray `&` (no `;` before the next `&` or the end), an
 * entity XML does not predefine (HTML's `&nbsp;`; no DTD can declare one here), `&#…;` that is no
 * number, or a number that is not a character XML 1.0 allows (`codePoint` beyond U+10FFFF when
 * the digits say so: `&#9999999;`). `ref` is the text between `&` and `;`, uncut.
 */
export type ReferenceProblem =
  | { kind: 'bare' }
  | { kind: 'entity'; ref: string }
  | { kind: 'malformed'; ref: string }
  | { kind: 'not-char'; ref: string; codePoint: number };

/**
 * The text with the 5 predefined entities and character references resolved, in one pass and
 * exactly once (so `&amp;lt;` is the text `&lt;`); the first bad reference ends the scan with the
 * error `refuse` makes of it (each front words its own). The one decoder of both fronts.
 * Linear: every character is passed over at most twice (the searches for `;` and for the next `&`
 * both stop at the next `&`), and the pieces are joined once (appending per reference makes a deep
 * rope that is slow to flatten on megabyte texts full of references).
 */
export function decodeReferences(raw: string, refuse: (problem: ReferenceProblem) => Error): string {
  let amp = raw.indexOf('&');
  if (amp < 0) return raw;
  const pieces: string[] = [];
  let from = 0;
  while (amp >= 0) {
    const semi = raw.indexOf(';', amp + 1);
    const next = raw.indexOf('&', amp + 1);
    if (semi < 0 || (next >= 0 && next < semi)) throw refuse({ kind: 'bare' });
    if (amp > from) pieces.push(raw.slice(from, amp));
    pieces.push(resolve(raw.slice(amp + 1, semi), refuse));
    from = semi + 1;
    amp = next;
  }
  if (from < raw.length) pieces.push(raw.slice(from));
  return pieces.join('');
}

function resolve(ref: string, refuse: (problem: ReferenceProblem) => Error): string {
  const predefined = PREDEFINED.get(ref);
  if (predefined !== undefined) return predefined;
  if (ref[0] !== '#') throw refuse(isName(ref) ? { kind: 'entity', ref } : { kind: 'bare' });
  const hex = HEX_REF.test(ref);
  if (!hex && !DECIMAL_REF.test(ref)) throw refuse({ kind: 'malformed', ref });
  const codePoint = hex ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
  if (!isXmlCodePoint(codePoint)) throw refuse({ kind: 'not-char', ref, codePoint });
  return String.fromCodePoint(codePoint);
}

/** DomainError invalid naming `field`, for text taken in by the Invoicera front (and any other). */
export function invalidReference(field: string): (problem: ReferenceProblem) => Error {
  return (p) => {
    switch (p.kind) {
      case 'bare': return invalid(`${field}: a bare "&" must be written &amp;`, field);
      case 'entity': return invalid(`${field}: unknown entity &${p.ref.slice(0, 40)}; (XML knows only &lt; &gt; &amp; &quot; &apos; and character references)`, field);
      case 'malformed': return invalid(`${field}: malformed character reference &${p.ref.slice(0, 20)};`, field);
      case 'not-char': return p.codePoint > 0x10FFFF
        ? invalid(`${field}: character reference &${p.ref.slice(0, 20)}; is not a character`, field)
        : invalid(`${field}: &${p.ref.slice(0, 20)}; refers to ${codePointName(p.codePoint)}, a character XML 1.0 does not allow`, field);
    }
  };
}
