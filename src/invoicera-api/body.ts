// The request XML from the body: raw XML (the Ruby gem, application/xml), or the form field
// `xml_request` — which Invoicera's own Magento extension sends NOT URL-encoded, so a body that
// starts with `xml_request=<` is taken literally (decoding it would turn "+" into spaces).
import { invalid } from '../errors.js';

const FIELD = 'xml_request=';

export function extractXml(raw: string): string {
  const body = raw.replace(/^\uFEFF/, '').trim();
  if (body === '' || body.startsWith('<')) return body;
  if (body.startsWith(FIELD) && body.slice(FIELD.length).trimStart().startsWith('<')) return body.slice(FIELD.length).trim();
  const form = new URLSearchParams(body);
  const xml = form.get('xml_request');
  if (xml === null) throw invalid('no XML: send <request method="…"> as the body or in the form field xml_request', 'xml_request');
  return xml.trim();
}
