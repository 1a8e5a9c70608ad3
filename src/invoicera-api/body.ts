// The request XML from the body: raw XML (the Ruby gem, application/xml), or the form field
// `xml_request` — which Invoicera's own Magento extension sends NOT URL-encoded, so a body that
// starts with `xml_request=<` is taken literally (decoding it would turn "+" into spaces).
// The bytes are decoded like an XML-RPC body (src/xmlrpc/charset.ts): BOM, then the HTTP charset,
// then the XML declaration, else strict UTF-8; windows-1252 by its table, never silently lossy.
import { invalid } from '../errors.js';
import { charsetOf, decodeBody } from '../xmlrpc/charset.js';
import { Fault } from '../xmlrpc/types.js';

const FIELD = 'xml_request=';

/** The body as text; a body its charset cannot decode is a 400 naming the request. */
export function requestText(body: unknown, contentType: string | undefined): string {
  if (!Buffer.isBuffer(body)) return '';
  try {
    return decodeBody(body, charsetOf(contentType));
  } catch (e) {
    if (e instanceof Fault) throw invalid(`unreadable request body: ${e.faultString.replace(/^Failed to parse XML-RPC request: /, '')}`, 'request');
    throw e;
  }
}

export function extractXml(raw: string): string {
  const body = raw.replace(/^\uFEFF/, '').trim();
  if (body === '' || body.startsWith('<')) return body;
  if (body.startsWith(FIELD) && body.slice(FIELD.length).trimStart().startsWith('<')) return body.slice(FIELD.length).trim();
  const form = new URLSearchParams(body);
  const xml = form.get('xml_request');
  if (xml === null) throw invalid('no XML: send <request method="…"> as the body or in the form field xml_request', 'xml_request');
  return xml.trim();
}
