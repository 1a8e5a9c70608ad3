// Both fronts of one gateway over raw HTTP, for the text tests: Keap XML-RPC calls written by hand
// (so a test decides exactly which bytes go out) and Invoicera requests, replies parsed strictly.
import { startGateway, TEST_API_KEY, type TestGateway } from '../support/gateway.js';
import { parseStrict, type StrictElement } from '../support/strict-xml.js';
import { basic } from '../invoicera-api/support.js';

export const INVOICERA_TOKEN = 'text-test-token';

/** What a careful client writes for character data: markup escaped, CR as a reference; nothing else touched. */
export function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');
}

export type Param = string | number | Record<string, string> | string[];

function param(v: Param): string {
  if (typeof v === 'number') return `<value><int>${v}</int></value>`;
  if (typeof v === 'string') return `<value>${v}</value>`; // already XML: callers escape
  if (Array.isArray(v)) return `<value><array><data>${v.map((x) => `<value>${x}</value>`).join('')}</data></array></value>`;
  return `<value><struct>${Object.entries(v).map(([k, x]) => `<member><name>${k}</name><value>${x}</value></member>`).join('')}</struct></value>`;
}

export interface Reply { status: number; text: string; doc: StrictElement }

export interface TextWire {
  gw: TestGateway;
  /** Keap call; string params and struct values are XML text (escape them with xmlEscape). */
  keap(method: string, ...params: Param[]): Promise<Reply>;
  /** Invoicera request; `inner` is XML. */
  invoicera(method: string, inner: string): Promise<Reply>;
  close(): Promise<void>;
}

export async function startTextWire(): Promise<TextWire> {
  const gw = await startGateway({ env: { INVOICERA_TOKENS: INVOICERA_TOKEN } });
  async function post(path: string, body: string, headers: Record<string, string>): Promise<Reply> {
    const r = await fetch(`${gw.base}${path}`, { method: 'POST', body, headers });
    const text = await r.text();
    return { status: r.status, text, doc: parseStrict(text) }; // throws on a reply that is not well-formed
  }
  return {
    gw,
    keap: (method, ...params) => post('/api/xmlrpc',
      `<?xml version="1.0"?><methodCall><methodName>${method}</methodName><params>${[TEST_API_KEY, ...params].map((p) => `<param>${param(p)}</param>`).join('')}</params></methodCall>`,
      { 'content-type': 'text/xml' }),
    invoicera: (method, inner) => post('/api/xml/1.1/', `<?xml version="1.0" encoding="UTF-8"?><request method="${method}">${inner}</request>`,
      { 'content-type': 'application/xml', authorization: basic(INVOICERA_TOKEN) }),
    close: () => gw.close(),
  };
}

/** Text of the first element `name` under `el` (depth first). */
export function textOf(el: StrictElement, name: string): string | undefined {
  for (const c of el.children) {
    if (c.name === name) return c.text;
    const deeper = textOf(c, name);
    if (deeper !== undefined) return deeper;
  }
  return undefined;
}

/** The single value of a successful XML-RPC reply (an int here). */
export function keapInt(r: Reply): number {
  const m = /<(?:i4|int)>(-?\d+)<\/(?:i4|int)>/.exec(r.text);
  if (!m) throw new Error(`expected an int reply, got ${r.text.slice(0, 300)}`);
  return Number(m[1]);
}
