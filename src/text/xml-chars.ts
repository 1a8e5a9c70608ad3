// The characters XML 1.0 can carry (§2.2 Char), for both fronts: text that holds anything else is
// refused where it comes in (so it is never stored), and every reply escapes all text whatever it
// looks like — "&lt;" typed literally goes out as "&amp;lt;", never as markup.
import { invalid } from '../errors.js';

/** Anything outside Char: C0 controls but TAB/LF/CR, U+FFFE/U+FFFF, lone surrogates (the u flag). */
const NOT_XML_CHAR = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

/** Index of the first character XML 1.0 cannot carry, or -1. Linear (one regex class, no backtracking). */
export function firstNonXmlChar(s: string): number {
  const m = NOT_XML_CHAR.exec(s);
  return m ? m.index : -1;
}

function codePointName(s: string, at: number): string {
  return `U+${(s.codePointAt(at) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** "contains U+0001 at position 3, …" for text holding a character XML cannot carry; else undefined. */
export function nonXmlCharProblem(s: string): string | undefined {
  const at = firstNonXmlChar(s);
  return at < 0 ? undefined : `contains ${codePointName(s, at)} at position ${at + 1}, a character XML 1.0 does not allow`;
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

const PREDEFINED = new Map([['lt', '<'], ['gt', '>'], ['amp', '&'], ['quot', '"'], ['apos', "'"]]);
/** `&#1114111;` and `&#x10FFFF;` are the longest references worth reading; beyond is no reference. */
const MAX_REF = 10;

/**
 * Resolves the 5 predefined entities and character references in one pass, exactly once (so
 * `&amp;lt;` is the text `&lt;`). A bare `&`, any other entity (HTML's `&nbsp;` is not XML) or a
 * reference to a character XML does not allow is DomainError invalid naming `field`.
 * Linear: each reference is read in at most MAX_REF characters, and the first bad one ends the scan.
 */
export function decodeReferences(raw: string, field: string): string {
  let amp = raw.indexOf('&');
  if (amp < 0) return raw;
  let out = '';
  let from = 0;
  while (amp >= 0) {
    const semi = raw.indexOf(';', amp + 1);
    if (semi < 0 || semi - amp > MAX_REF) throw invalid(`${field}: a bare "&" must be written &amp;`, field);
    out += raw.slice(from, amp) + resolve(raw.slice(amp + 1, semi), field);
    from = semi + 1;
    amp = raw.indexOf('&', from);
  }
  return out + raw.slice(from);
}

function resolve(ref: string, field: string): string {
  if (ref[0] !== '#') {
    const ch = PREDEFINED.get(ref);
    if (ch === undefined) throw invalid(`${field}: unknown entity &${ref}; (XML knows only &lt; &gt; &amp; &quot; &apos; and character references)`, field);
    return ch;
  }
  const hex = ref[1] === 'x';
  const digits = ref.slice(hex ? 2 : 1);
  if (!(hex ? /^[0-9a-fA-F]+$/ : /^[0-9]+$/).test(digits)) throw invalid(`${field}: malformed character reference &${ref};`, field);
  const cp = parseInt(digits, hex ? 16 : 10);
  if (cp > 0x10FFFF) throw invalid(`${field}: character reference &${ref}; is not a character`, field);
  const ch = String.fromCodePoint(cp);
  if (firstNonXmlChar(ch) >= 0) throw invalid(`${field}: &${ref}; refers to ${codePointName(ch, 0)}, a character XML 1.0 does not allow`, field);
  return ch;
}
