// A small, iterative XML tokenizer for the XML-RPC subset. It builds a light element tree and
// enforces well-formedness and the security rules from research §2 on the way:
//   - any DOCTYPE / entity declaration / processing instruction (except the leading XML
//     declaration) is refused, so entity bombs and XXE cannot even start;
//   - only the 5 predefined entities and character references are decoded, and a reference to a
//     character illegal in XML 1.0 is refused;
//   - element nesting and element count are capped (no recursion here, so no stack overflow);
//   - exactly one root, nothing but whitespace/comments after it, tags must match.
// It is ~20x faster than fast-xml-parser on a small call (research §3.2), which the RPC path needs.
import { Fault } from './types.js';
import { PARSE_FAULT } from './fault-codes.js';

export interface XmlElement {
  name: string;
  children: XmlElement[];
  /** Concatenated character data (text with references decoded, CDATA verbatim). */
  text: string;
}

export interface ScanLimits { maxTagDepth: number; maxElements: number }

/** Characters that can never appear in an XML 1.0 document (lone surrogates are excluded by decoding). */
const ILLEGAL_CHARS = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/;
const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const REF = /&(#[0-9]+|#x[0-9a-fA-F]+|[A-Za-z_][A-Za-z0-9._-]*);/g;

export function parseFault(reason: string): Fault {
  return new Fault(PARSE_FAULT, `Failed to parse XML-RPC request: ${reason}`);
}

function isXmlCodePoint(cp: number): boolean {
  return cp === 0x9 || cp === 0xA || cp === 0xD || (cp >= 0x20 && cp <= 0xD7FF)
    || (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
}

/** Decodes the 5 predefined entities and character references; anything else is a fault. */
export function decodeReferences(raw: string): string {
  if (raw.indexOf('&') < 0) return raw;
  let checked = 0;
  const out = raw.replace(REF, (_m, body: string, at: number) => {
    if (raw.slice(checked, at).includes('&')) throw parseFault('bare "&" in text');
    checked = at + body.length + 2;
    if (body[0] !== '#') {
      const ch = Object.hasOwn(PREDEFINED, body) ? PREDEFINED[body] : undefined;
      if (ch === undefined) throw parseFault(`undeclared entity &${body};`);
      return ch;
    }
    const cp = body[1] === 'x' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
    if (!Number.isSafeInteger(cp) || !isXmlCodePoint(cp)) throw parseFault(`character reference &${body}; is not an XML character`);
    return String.fromCodePoint(cp);
  });
  if (raw.slice(checked).includes('&')) throw parseFault('bare "&" in text');
  return out;
}

function isSpace(c: number): boolean { return c === 0x20 || c === 0x0A || c === 0x09 || c === 0x0D; }

/** Letters, '_', ':' and non-ASCII may start a name; digits, '.', '-' may follow (char codes: hot path). */
function isNameStart(c: number): boolean {
  return (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) || c === 0x5F || c === 0x3A || c >= 0xC0;
}
function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 0x30 && c <= 0x39) || c === 0x2E || c === 0x2D || c === 0xB7;
}

function readName(xml: string, i: number): number {
  if (i >= xml.length || !isNameStart(xml.charCodeAt(i))) throw parseFault(`bad tag name at offset ${i}`);
  let j = i + 1;
  while (j < xml.length && isNameChar(xml.charCodeAt(j))) j++;
  return j;
}

/** Skips attributes (XML-RPC has none, but Apache clients put xmlns:ex on elements); returns index of '>' or '/'. */
function skipAttributes(xml: string, i: number): number {
  for (;;) {
    const start = i;
    while (i < xml.length && isSpace(xml.charCodeAt(i))) i++;
    const c = xml[i];
    if (c === '>' || c === '/') return i;
    if (c === undefined) throw parseFault('unexpected end of document in a tag');
    if (i === start) throw parseFault(`malformed tag at offset ${i}`);
    i = readName(xml, i);
    while (isSpace(xml.charCodeAt(i))) i++;
    if (xml[i] !== '=') throw parseFault(`malformed attribute at offset ${i}`);
    i++;
    while (isSpace(xml.charCodeAt(i))) i++;
    const q = xml[i];
    if (q !== '"' && q !== "'") throw parseFault(`unquoted attribute at offset ${i}`);
    const end = xml.indexOf(q, i + 1);
    if (end < 0) throw parseFault('unterminated attribute');
    const value = xml.slice(i + 1, end);
    if (value.includes('<')) throw parseFault('"<" in attribute value');
    decodeReferences(value);
    i = end + 1;
  }
}

/** Skips the optional `<?xml ...?>` declaration; returns where the content starts. */
function skipDeclaration(xml: string): number {
  if (!xml.startsWith('<?xml')) return 0;
  const c = xml.charCodeAt(5);
  if (!isSpace(c) && xml[5] !== '?') return 0;
  const end = xml.indexOf('?>');
  if (end < 0) throw parseFault('unterminated XML declaration');
  return end + 2;
}

/** Parses `xml` into its root element, or throws a parse Fault. */
export function scanXml(source: string, limits: ScanLimits): XmlElement {
  if (ILLEGAL_CHARS.test(source)) throw parseFault('control character not allowed in XML');
  // XML 1.0 §2.11: CRLF and lone CR arrive as LF (a literal CR must be sent as &#13;).
  const xml = source.includes('\r') ? source.replace(/\r\n?/g, '\n') : source;
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let elements = 0;
  let i = skipDeclaration(xml);
  const n = xml.length;
  while (i < n) {
    const lt = xml.indexOf('<', i);
    const textEnd = lt < 0 ? n : lt;
    if (textEnd > i) {
      const raw = xml.slice(i, textEnd);
      const top = stack[stack.length - 1];
      if (top) top.text += decodeReferences(raw);
      else if (raw.trim() !== '') throw parseFault(root ? 'content after the root element' : 'text before the root element');
    }
    if (lt < 0) break;
    const next = xml[lt + 1];
    if (next === '/') {
      // Compare in place with the open tag's name (no slice on the hot path).
      const open = stack.pop();
      let j = lt + 2 + (open ? open.name.length : 0);
      if (!open || !xml.startsWith(open.name, lt + 2) || isNameChar(xml.charCodeAt(j))) {
        throw parseFault(`unexpected </${xml.slice(lt + 2, readName(xml, lt + 2))}>`);
      }
      while (isSpace(xml.charCodeAt(j))) j++;
      if (xml[j] !== '>') throw parseFault(`malformed end tag at offset ${lt}`);
      i = j + 1;
    } else if (next === '!') {
      i = skipMarkup(xml, lt, stack[stack.length - 1]);
    } else if (next === '?') {
      throw parseFault('processing instructions are not allowed');
    } else {
      if (root && stack.length === 0) throw parseFault('more than one root element');
      const nameEnd = readName(xml, lt + 1);
      const el: XmlElement = { name: xml.slice(lt + 1, nameEnd), children: [], text: '' };
      if (++elements > limits.maxElements) throw new Fault(PARSE_FAULT, `Failed to parse XML-RPC request: more than ${limits.maxElements} elements`);
      const parent = stack[stack.length - 1];
      if (parent) parent.children.push(el); else root = el;
      let j = xml[nameEnd] === '>' || xml[nameEnd] === '/' ? nameEnd : skipAttributes(xml, nameEnd);
      if (xml[j] === '/') {
        if (xml[j + 1] !== '>') throw parseFault(`malformed tag at offset ${lt}`);
        j++;
      } else {
        stack.push(el);
        if (stack.length > limits.maxTagDepth) throw new Fault(PARSE_FAULT, 'Failed to parse XML-RPC request: nesting too deep');
      }
      i = j + 1;
    }
  }
  if (stack.length) throw parseFault(`unexpected end of document inside <${stack[stack.length - 1].name}>`);
  if (!root) throw parseFault('no root element');
  return root;
}

/** Comments are skipped, CDATA appended verbatim; DOCTYPE and every other declaration refused. */
function skipMarkup(xml: string, lt: number, top: XmlElement | undefined): number {
  if (xml.startsWith('<!--', lt)) {
    const end = xml.indexOf('-->', lt + 4);
    if (end < 0) throw parseFault('unterminated comment');
    return end + 3;
  }
  if (xml.startsWith('<![CDATA[', lt)) {
    if (!top) throw parseFault('CDATA outside the root element');
    const end = xml.indexOf(']]>', lt + 9);
    if (end < 0) throw parseFault('unterminated CDATA section');
    top.text += xml.slice(lt + 9, end);
    return end + 3;
  }
  throw parseFault('DOCTYPE and entity declarations are not allowed');
}
