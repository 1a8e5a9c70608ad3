// A small, iterative XML tokenizer for the XML-RPC subset. It builds a light element tree and
// checks XML 1.0 (5th edition) well-formedness on the way (docs/keap-compatibility.md, "XML
// conformance"; test/xmlrpc/xml-differential.test.ts compares it with a conforming parser):
//   - the XML declaration by its grammar (xml-decl.ts), only at the very start;
//   - names by NameStartChar/NameChar, attributes quoted, unique, without '<', references valid;
//   - comments without '--', no ']]>' in text, CDATA only inside the root element;
//   - only the 5 predefined entities and character references to XML characters are decoded;
//   - exactly one root, only XML white space (#x20 #x9 #xD #xA) and comments around it.
// And the security rules from research §2: any DOCTYPE / entity declaration / processing
// instruction is refused (so entity bombs and XXE cannot even start); element nesting and count
// are capped; no recursion (no stack overflow); every step is a forward scan (linear).
// It is ~20x faster than fast-xml-parser on a small call (research §3.2), which the RPC path needs.
import { Fault } from './types.js';
import { PARSE_FAULT } from './fault-codes.js';
import { readDeclaration, startsWithDeclaration } from './xml-decl.js';
import { decodeReferences, type ReferenceProblem } from '../text/xml-chars.js';
import { isNameChar, isNameStart } from '../text/xml-names.js';

export interface XmlElement {
  name: string;
  children: XmlElement[];
  /** Concatenated character data (text with references decoded, CDATA verbatim). */
  text: string;
}

export interface ScanLimits { maxTagDepth: number; maxElements: number }

/**
 * The children of an element without any (most of a call's elements are leaves: <int>, <string>,
 * <name>): one shared, frozen array. An element gets its own array with its first child, sized to
 * it; an empty `[]` per element would grow a 17-slot backing store at the first push.
 */
const NO_CHILDREN: XmlElement[] = Object.freeze([]) as unknown as XmlElement[];

function addChild(parent: XmlElement, el: XmlElement): void {
  if (parent.children === NO_CHILDREN) parent.children = [el];
  else parent.children.push(el);
}

/** Characters that can never appear in an XML 1.0 document (lone surrogates: isWellFormed). */
const ILLEGAL_CHARS = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/;

export function parseFault(reason: string): Fault {
  return new Fault(PARSE_FAULT, `Failed to parse XML-RPC request: ${reason}`);
}

/** This front's words for a reference the shared decoder (src/text/xml-chars.ts) refuses. */
function referenceFault(p: ReferenceProblem): Fault {
  if (p.kind === 'entity') return parseFault(`undeclared entity &${p.ref.slice(0, 40)};`);
  if (p.kind === 'not-char') return parseFault(`character reference &${p.ref.slice(0, 20)}; is not an XML character`);
  return parseFault('bare "&" (write &amp;)'); // a stray '&', or '&#' without a number
}

function isSpace(c: number): boolean { return c === 0x20 || c === 0x0A || c === 0x09 || c === 0x0D; }

function readName(xml: string, i: number): number {
  if (i >= xml.length || !isNameStart(xml.charCodeAt(i))) throw parseFault(`bad tag name at offset ${i}`);
  let j = i + 1;
  while (j < xml.length && isNameChar(xml.charCodeAt(j))) j++;
  return j;
}

/**
 * Checks attributes (XML-RPC has none, but Apache clients put xmlns:ex on elements): white space
 * before each, Name Eq quoted value without '<' and with valid references, no name twice.
 * Returns the index of '>' or '/'.
 */
function skipAttributes(xml: string, i: number): number {
  let first: string | undefined;
  let seen: Set<string> | undefined;
  for (;;) {
    const start = i;
    while (i < xml.length && isSpace(xml.charCodeAt(i))) i++;
    const c = xml[i];
    if (c === '>' || c === '/') return i;
    if (c === undefined) throw parseFault('unexpected end of document in a tag');
    if (i === start) throw parseFault(`malformed tag at offset ${i}`);
    const nameEnd = readName(xml, i);
    const name = xml.slice(i, nameEnd);
    if (first === undefined) first = name;
    else {
      seen ??= new Set([first]);
      if (name === first || seen.has(name)) throw parseFault(`duplicate attribute ${name.slice(0, 40)}`);
      seen.add(name);
    }
    i = nameEnd;
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
    decodeReferences(value, referenceFault);
    i = end + 1;
  }
}

/** The declarations nearly every client writes: compared in place (hot path), the rest parsed. */
const USUAL_DECLARATIONS = ['<?xml version="1.0"?>', '<?xml version="1.0" encoding="UTF-8"?>', '<?xml version="1.0" encoding="utf-8"?>', "<?xml version='1.0' encoding='UTF-8'?>"];

/** Checks the optional `<?xml ...?>` declaration; returns where the content starts. */
function skipDeclaration(xml: string): number {
  if (!startsWithDeclaration(xml)) return 0;
  for (const d of USUAL_DECLARATIONS) if (xml.startsWith(d)) return d.length;
  return readDeclaration(xml).end;
}

/** Outside the root element only XML white space may stand (not NBSP, not U+3000, ...). */
function onlySpace(xml: string, from: number, to: number, root: XmlElement | undefined): void {
  for (let k = from; k < to; k++) {
    if (!isSpace(xml.charCodeAt(k))) throw parseFault(root ? 'content after the root element' : 'text before the root element');
  }
}

/** Parses `xml` into its root element, or throws a parse Fault. */
export function scanXml(source: string, limits: ScanLimits): XmlElement {
  if (ILLEGAL_CHARS.test(source)) throw parseFault('control character not allowed in XML');
  if (!(source as unknown as { isWellFormed(): boolean }).isWellFormed()) throw parseFault('lone surrogate (not a character)');
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
      const top = stack[stack.length - 1];
      if (top) {
        const raw = xml.slice(i, textEnd);
        if (raw.includes(']]>')) throw parseFault('"]]>" in text (write ]]&gt;)');
        top.text += decodeReferences(raw, referenceFault);
      } else onlySpace(xml, i, textEnd, root);
    }
    if (lt < 0) break;
    const next = xml[lt + 1];
    if (next === '/') {
      // Compare in place with the open tag's name (no slice on the hot path).
      const open = stack.pop();
      let j = lt + 2 + (open ? open.name.length : 0);
      if (!open || !xml.startsWith(open.name, lt + 2) || isNameChar(xml.charCodeAt(j))) {
        throw parseFault(`unexpected </${xml.slice(lt + 2, Math.min(readName(xml, lt + 2), lt + 42))}>`);
      }
      while (isSpace(xml.charCodeAt(j))) j++;
      if (xml[j] !== '>') throw parseFault(`malformed end tag at offset ${lt}`);
      i = j + 1;
    } else if (next === '!') {
      i = skipMarkup(xml, lt, stack[stack.length - 1]);
    } else if (next === '?') {
      throw parseFault(xml.startsWith('<?xml', lt) && lt > 0 ? 'the XML declaration must be at the very start' : 'processing instructions are not allowed');
    } else {
      if (root && stack.length === 0) throw parseFault('more than one root element');
      const nameEnd = readName(xml, lt + 1);
      const el: XmlElement = { name: xml.slice(lt + 1, nameEnd), children: NO_CHILDREN, text: '' };
      if (++elements > limits.maxElements) throw new Fault(PARSE_FAULT, `Failed to parse XML-RPC request: more than ${limits.maxElements} elements`);
      const parent = stack[stack.length - 1];
      if (parent) addChild(parent, el); else root = el;
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
    // The first '--' must be the end: '--' is not allowed inside a comment, nor '-' before '-->'.
    const dashes = xml.indexOf('--', lt + 4);
    if (dashes < 0) throw parseFault('unterminated comment');
    if (xml[dashes + 2] !== '>') throw parseFault('"--" inside a comment');
    return dashes + 3;
  }
  if (xml.startsWith('<![CDATA[', lt)) {
    if (!top) throw parseFault('CDATA outside the root element');
    const end = xml.indexOf(']]>', lt + 9);
    if (end < 0) throw parseFault('unterminated CDATA section');
    top.text += xml.slice(lt + 9, end);
    return end + 3;
  }
  if (xml.startsWith('<!DOCTYPE', lt)) throw parseFault('DOCTYPE and entity declarations are not allowed');
  throw parseFault(`malformed markup "<!" at offset ${lt} (DOCTYPE and entity declarations are not allowed)`);
}
