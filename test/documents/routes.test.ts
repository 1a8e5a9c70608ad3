// GET /invoices/{id}.pdf|.html on the whole gateway: API credentials (Keap key, Invoicera token),
// the client's signed expiring link, and the mailed HTML body + PDF attachment over real SMTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { XMLParser } from 'fast-xml-parser';
import { startGateway, TEST_API_KEY, type TestGateway } from '../support/gateway.js';
import { mimePart, startSmtp, type Smtp } from '../support/smtp.js';
import { pdfToText } from '../support/poppler.js';
import { OUTBOX, type OutboxMessage } from '../../src/services/invoices.js';
import { eventually } from '../support/eventually.js';
import { basic as basicAuth, invoiceraOk } from '../invoicera-api/support.js';

const TOKEN = 'documents-test-token';
const SECRET = 'documents-link-secret-0123456789';
const basic = (user: string) => basicAuth(user, 'x');
const parser = new XMLParser({ parseTagValue: false });

let gw: TestGateway;
let smtp: Smtp;
let clock = new Date('2026-11-23T12:00:00Z');
let invoiceId = '';

async function invoicera(method: string, inner: string): Promise<any> {
  return parser.parse(await invoiceraOk(gw.base, TOKEN, method, inner)).response;
}

beforeAll(async () => {
  smtp = await startSmtp();
  gw = await startGateway({
    now: () => clock,
    env: {
      INVOICERA_TOKENS: TOKEN, GATEWAY_LINK_SECRET: SECRET, GATEWAY_LINK_TTL: '3600', GATEWAY_PUBLIC_URL: 'https://billing.example.test',
      GATEWAY_SELLER_NAME: 'Gateway Supplies Inc.', GATEWAY_SELLER_ADDRESS: '1 Harbour Road | Boston MA 02110',
      GATEWAY_SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, GATEWAY_MAIL_FROM: 'billing@gateway.test', GATEWAY_MAIL_POLL_MS: '30',
    },
  });
  const c = await invoicera('createClient', '<name>Grace</name><email>grace@example.test</email><currency>USD</currency>');
  const inv = await invoicera('createInvoice', `<client><client_id>${c.client_id}</client_id></client><po_number>PO-1</po_number>
    <items><item><name>Hours &lt;senior&gt;</name><unit_cost>80</unit_cost><quantity>10</quantity><discount>10</discount><tax1_name>VAT</tax1_name><tax1_percent>10</tax1_percent></item></items>
    <additional_charges><additional_charge><name>Shipping</name><type>Fixed</type><amount>15</amount></additional_charge></additional_charges>`);
  invoiceId = String(inv.invoice_id);
  await invoicera('invoiceOfflinePayment', `<invoice_id>${invoiceId}</invoice_id><amount>100</amount><payment_method>Check</payment_method>`);
});
afterAll(async () => { await gw?.close(); await smtp?.close(); });

describe('GET /invoices/{id}.pdf and .html', () => {
  it('answers API credentials: the Keap key (header or Bearer) and an Invoicera token', async () => {
    const credentials: Array<Record<string, string>> = [{ 'x-keap-api-key': TEST_API_KEY }, { authorization: `Bearer ${TEST_API_KEY}` }, { authorization: basic(TOKEN) }];
    for (const headers of credentials) {
      const r = await fetch(`${gw.base}/invoices/${invoiceId}.pdf`, { headers });
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toBe('application/pdf');
      expect(r.headers.get('cache-control')).toBe('private, no-store');
      const text = await pdfToText(Buffer.from(await r.arrayBuffer()));
      // 720.00 net + 72.00 VAT + 15.00 shipping = 807.00; 100.00 paid.
      expect(text).toMatch(/Total \(USD\)\s+\$807\.00/);
      expect(text).toMatch(/Balance due\s+\$707\.00/);
      expect(text).toContain('Gateway Supplies Inc.');
    }
    const html = await fetch(`${gw.base}/invoices/${invoiceId}.html`, { headers: { authorization: basic(TOKEN) } });
    expect(html.headers.get('content-security-policy')).toContain("default-src 'none'");
    const page = await html.text();
    expect(page).toContain('Hours &lt;senior&gt;');
    expect(page).toContain('$707.00');
  });

  it('refuses without credentials (401), with wrong ones (401), and 404s an unknown invoice', async () => {
    expect((await fetch(`${gw.base}/invoices/${invoiceId}.pdf`)).status).toBe(401);
    expect((await fetch(`${gw.base}/invoices/${invoiceId}.pdf`, { headers: { 'x-keap-api-key': 'wrong-key-123' } })).status).toBe(401);
    expect((await fetch(`${gw.base}/invoices/${invoiceId}.pdf`, { headers: { authorization: basic('nope') } })).status).toBe(401);
    expect((await fetch(`${gw.base}/invoices/999999.pdf`, { headers: { 'x-keap-api-key': TEST_API_KEY } })).status).toBe(404);
    expect((await fetch(`${gw.base}/invoices/abc.pdf`, { headers: { 'x-keap-api-key': TEST_API_KEY } })).status).toBe(404);
  });

  it('mails the HTML body and the PDF attachment, with a signed link that opens both until it expires', async () => {
    await invoicera('sendInvoiceMail', `<invoice_id>${invoiceId}</invoice_id><subject>Your invoice</subject><message>Hi &lt;Grace&gt;</message>`);
    const [stored] = await gw.store.findBy<OutboxMessage>(OUTBOX, 'invoiceId', Number(invoiceId));
    expect(stored.snapshot?.invoice.id).toBe(Number(invoiceId));
    await eventually(async () => expect(smtp.received).toHaveLength(1), 10_000);
    const raw = smtp.received[0].raw;
    const htmlPart = mimePart(raw, 'text/html')!.toString('utf8');
    expect(htmlPart).toContain('Hi &lt;Grace&gt;');
    expect(htmlPart).toContain('$707.00');
    const pdf = mimePart(raw, 'application/pdf')!;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(await pdfToText(pdf)).toMatch(/Balance due\s+\$707\.00/);
    expect(raw).toMatch(/filename="?INV\d+\.pdf"?/);

    const link = /https:\/\/billing\.example\.test(\/invoices\/\d+\.html\?exp=\d+&amp;sig=[0-9a-f]{64})/.exec(htmlPart)![1].replace(/&amp;/g, '&');
    const page = await fetch(`${gw.base}${link}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    const body = await page.text();
    const pdfHref = /href="(\d+\.pdf\?exp=\d+&amp;sig=[0-9a-f]{64})"/.exec(body)![1].replace(/&amp;/g, '&');
    const viaLink = await fetch(`${gw.base}/invoices/${pdfHref}`);
    expect(viaLink.status).toBe(200);
    expect(viaLink.headers.get('content-type')).toBe('application/pdf');
    // Partly paid stays partly paid when the client looks (statuses never move backwards).
    expect(JSON.stringify(await invoicera('getInvoice', `<invoice_id>${invoiceId}</invoice_id>`))).toMatch(/partial-paid/i);

    const tampered = link.replace(/sig=(.)/, (_m, c: string) => `sig=${c === 'a' ? 'b' : 'a'}`);
    expect((await fetch(`${gw.base}${tampered}`)).status).toBe(403);
    const otherInvoice = link.replace(/\/invoices\/\d+/, '/invoices/999');
    expect((await fetch(`${gw.base}${otherInvoice}`)).status).toBe(403);
    // A sent invoice the client opens through the link becomes viewed.
    const c = await invoicera('createClient', '<name>Lin</name><email>lin@example.test</email>');
    const second = await invoicera('createInvoice', `<client_id>${c.client_id}</client_id><status>sent</status><items><item><name>A</name><unit_cost>5</unit_cost><quantity>1</quantity></item></items>`);
    const secondLink = gw.gateway.documents.clientLink(Number(second.invoice_id))!.replace('https://billing.example.test', gw.base);
    expect((await fetch(secondLink)).status).toBe(200);
    expect(JSON.stringify(await invoicera('getInvoice', `<invoice_id>${second.invoice_id}</invoice_id>`))).toMatch(/"viewed"/i);

    clock = new Date(clock.getTime() + 3601_000);
    const expired = await fetch(`${gw.base}${link}`);
    expect(expired.status).toBe(403);
    expect(await expired.text()).toMatch(/expired/);
  });
});
