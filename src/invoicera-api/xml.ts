// Invoicera request XML in, response XML out. Parsing is deliberately narrow: no DOCTYPE or
// entity declarations (billion laughs, external entities), every value kept as TEXT (amounts are
// never parsed into JS numbers), every element an array so repeated elements are never lost.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { create } from 'xmlbuilder2';
import { invalid } from '../errors.js';

/** A parsed element: child name → occurrences (text, or a nested element). Attributes as '@_name'. */
export interface XNode { [name: string]: XValue[] }
export type XValue = string | XNode;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  isArray: () => true,
  trimValues: true,
  processEntities: true,
  htmlEntities: true, // numeric character references (&#169;) are ordinary XML
  ignoreDeclaration: true,
  ignorePiTags: true,
});

const FORBIDDEN = /<!(DOCTYPE|ENTITY)/i;

export interface ParsedRequest { method: string; body: XNode }

/** Parse `<request method="…">…</request>`; DomainError invalid (field request) on anything else. */
export function parseRequest(xml: string): ParsedRequest {
  if (!xml.trim()) throw invalid('empty request: send <request method="…"> as the body or the xml_request field', 'request');
  if (FORBIDDEN.test(xml)) throw invalid('DOCTYPE and ENTITY declarations are not allowed', 'request');
  const check = XMLValidator.validate(xml);
  if (check !== true) throw invalid(`malformed XML: ${check.err.msg} (line ${check.err.line}, column ${check.err.col})`, 'request');
  let doc: XNode;
  try {
    doc = parser.parse(xml) as XNode;
  } catch (e) {
    // The parser's own limits (e.g. nesting depth) refuse a hostile document: a client error.
    throw invalid(`unacceptable XML: ${(e as Error).message}`, 'request');
  }
  const roots = Object.keys(doc).filter((k) => !k.startsWith('?') && !k.startsWith('#'));
  if (roots.length !== 1 || roots[0] !== 'request' || doc.request.length !== 1) {
    throw invalid('the root element must be <request method="…">', 'request');
  }
  const root = doc.request[0];
  const body: XNode = typeof root === 'string' ? {} : root;
  const methodAttr = body['@_method']?.[0];
  const method = typeof methodAttr === 'string' ? methodAttr.trim() : '';
  if (!method) throw invalid('the method attribute of <request> is required', 'method');
  return { method, body };
}

/** Response content: element name → text, nested content or repeated elements; '@name' → attribute. */
export interface XOut { [name: string]: string | number | XOut | Array<string | XOut> | undefined }

/** `<response status="…">…</response>` built with xmlbuilder2 (escaping, well-formedness). */
export function buildResponse(status: number, content: XOut): string {
  const doc = create({ version: '1.0', encoding: 'UTF-8' }).ele('response', { status: String(status) });
  appendContent(doc, content);
  return doc.end({ prettyPrint: false });
}

type Builder = ReturnType<typeof create>;

function appendContent(parent: Builder, content: XOut): void {
  for (const [name, value] of Object.entries(content)) {
    if (value === undefined) continue;
    if (name.startsWith('@')) { parent.att(name.slice(1), String(value)); continue; }
    const values = Array.isArray(value) ? value : [value];
    for (const v of values) {
      const el = parent.ele(name);
      if (typeof v === 'object') appendContent(el, v);
      else el.txt(String(v));
    }
  }
}
