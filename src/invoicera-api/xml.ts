// Invoicera request XML in, response XML out. Parsing is deliberately narrow: no DOCTYPE or
// entity declarations (billion laughs, external entities), every value kept as TEXT (amounts are
// never parsed into JS numbers), every element an array so repeated elements are never lost.
// References are resolved by us, once (fast-xml-parser's entity processing is off: it decoded
// HTML entities and `&#0;`), and text XML 1.0 cannot carry is refused naming its field.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { invalid } from '../errors.js';
import { decodeReferences, escapeAttr, escapeText, firstNonXmlChar, invalidReference, requireXmlText } from '../text/xml-chars.js';

/** A parsed element: child name → occurrences (text, or a nested element). Attributes as '@_name'. */
export interface XNode { [name: string]: XValue[] }
export type XValue = string | XNode;

/** fast-xml-parser's document-order form: one entry per child, text as '#text', attributes under ':@'. */
type Ordered = Record<string, unknown> & { ':@'?: Record<string, string> };

const parser = new XMLParser({
  preserveOrder: true, // text and CDATA pieces in order, so each is decoded (or not) exactly once
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false, // trimmed in toValue, after the raw text is checked (JS trim() eats U+000B)
  processEntities: false,
  htmlEntities: false,
  cdataPropName: '#cdata',
  commentPropName: '#comment',
  ignoreDeclaration: true,
  ignorePiTags: true,
});

const FORBIDDEN = /<!(DOCTYPE|ENTITY)/i;

export interface ParsedRequest { method: string; body: XNode }

function elementName(entry: Ordered): string | undefined {
  for (const k in entry) if (k !== ':@') return k;
  return undefined;
}

/** Character data of a CDATA entry: verbatim, no references. */
function cdataText(items: unknown): string {
  return (items as Ordered[]).map((t) => String(t['#text'] ?? '')).join('');
}

/**
 * One element → an XNode (or its text when it has neither attributes nor children, as the rest of
 * this front expects). References are decoded here and every text is checked, naming the element.
 */
function toValue(name: string, items: Ordered[], attrs: Record<string, string> | undefined): XValue {
  const node: XNode = {};
  let text = '';
  let plain = true;
  for (const [attr, raw] of Object.entries(attrs ?? {})) {
    const attrName = attr.slice(2);
    node[attr] = [requireXmlText(decodeReferences(raw, invalidReference(attrName)), attrName)];
    plain = false;
  }
  for (const entry of items) {
    const child = elementName(entry);
    if (child === undefined || child === '#comment') continue;
    if (child === '#text') { text += decodeReferences(requireXmlText(String(entry['#text']), name).trim(), invalidReference(name)); continue; }
    if (child === '#cdata') { text += requireXmlText(cdataText(entry['#cdata']), name); continue; }
    (node[child] ??= []).push(toValue(child, entry[child] as Ordered[], entry[':@']));
    plain = false;
  }
  if (plain) return text;
  if (text !== '') node['#text'] = [text];
  return node;
}

/** Parse `<request method="…">…</request>`; DomainError invalid (field request) on anything else. */
export function parseRequest(xml: string): ParsedRequest {
  if (!xml.trim()) throw invalid('empty request: send <request method="…"> as the body or the xml_request field', 'request');
  if (FORBIDDEN.test(xml)) throw invalid('DOCTYPE and ENTITY declarations are not allowed', 'request');
  const check = XMLValidator.validate(xml);
  if (check !== true) throw invalid(`malformed XML: ${check.err.msg} (line ${check.err.line}, column ${check.err.col})`, 'request');
  let doc: Ordered[];
  try {
    doc = parser.parse(xml) as Ordered[];
  } catch (e) {
    // The parser's own limits (e.g. nesting depth) refuse a hostile document: a client error.
    throw invalid(`unacceptable XML: ${(e as Error).message}`, 'request');
  }
  const roots = doc.filter((e) => { const n = elementName(e); return n !== undefined && !n.startsWith('#') && !n.startsWith('?'); });
  if (roots.length !== 1 || elementName(roots[0]) !== 'request') throw invalid('the root element must be <request method="…">', 'request');
  const root = toValue('request', roots[0].request as Ordered[], roots[0][':@']);
  // Fields are checked above (naming them); this catches the rest (comments, space between tags).
  if (firstNonXmlChar(xml) >= 0) requireXmlText(xml, 'request');
  const body: XNode = typeof root === 'string' ? {} : root;
  const methodAttr = body['@_method']?.[0];
  const method = typeof methodAttr === 'string' ? methodAttr.trim() : '';
  if (!method) throw invalid('the method attribute of <request> is required', 'method');
  return { method, body };
}

/** Response content: element name → text, nested content or repeated elements; '@name' → attribute. */
export interface XOut { [name: string]: string | number | XOut | Array<string | XOut> | undefined }

const HEAD = '<?xml version="1.0" encoding="UTF-8"?>';

/**
 * `<response status="…">…</response>`. String building with escapeText/escapeAttr on every value:
 * xmlbuilder2 left `&` raw before anything entity-like, so `Tom&Jerry;` broke the whole reply.
 */
export function buildResponse(status: number, content: XOut): string {
  return `${HEAD}${element('response', { '@status': String(status), ...content })}`;
}

/** Element names are ours (never client text); attribute and text values are escaped. */
function element(name: string, content: XOut | string | number): string {
  if (typeof content !== 'object') return `<${name}>${escapeText(String(content))}</${name}>`;
  let attrs = '';
  let inner = '';
  for (const [key, value] of Object.entries(content)) {
    if (value === undefined) continue;
    if (key.startsWith('@')) { attrs += ` ${key.slice(1)}="${escapeAttr(String(value))}"`; continue; }
    for (const v of Array.isArray(value) ? value : [value]) inner += element(key, v);
  }
  return inner === '' ? `<${name}${attrs}/>` : `<${name}${attrs}>${inner}</${name}>`;
}
