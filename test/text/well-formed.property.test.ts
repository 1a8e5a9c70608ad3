// Property (issue 11): any string a client can store — through either front — makes every reply that
// shows it parse with a strict, conforming XML parser (saxes), and shows it unchanged. Strings a
// front refuses (characters XML 1.0 does not allow) must leave nothing stored.
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { findAll, memberTexts } from '../support/strict-xml.js';
import { keapInt, startTextWire, textOf, xmlEscape, type Reply, type TextWire } from './wire.js';

let w: TextWire;
beforeAll(async () => { w = await startTextWire(); });
afterAll(async () => { await w.close(); });

/** Pieces that have broken XML writers, mixed with arbitrary text. */
const PIECES = ['&', '<', '>', ']]>', '&amp;', '&lt;script&gt;', '&#0;', '&#x41;', 'Tom&Jerry;', '&nbsp;', '"', "'",
  '\r', '\r\n', '\n', '\t', '<![CDATA[', '-->', '\x7F', '\u0085', '\uD800', '\uDC00', '😀', 'é', '\u00A0', '\u2028'];
/** Characters XML 1.0 does not allow; half the cases get one somewhere. */
const NOT_XML = ['\x00', '\x01', '\x08', '\x0B', '\x0C', '\x1F', '\uFFFE', '\uFFFF'];
const text = fc.tuple(
  fc.array(fc.oneof(fc.constantFrom(...PIECES), fc.string({ unit: 'binary', maxLength: 6 })), { maxLength: 8 }),
  fc.option(fc.tuple(fc.constantFrom(...NOT_XML), fc.nat()), { freq: 2 }), // nil with probability 1/freq
).map(([parts, bad]) => {
  if (bad) parts.splice(bad[1] % (parts.length + 1), 0, bad[0]);
  // Brackets: the Invoicera front trims its fields. toWellFormed: a lone surrogate cannot be sent as
  // UTF-8 at all (fetch writes U+FFFD), so that is the text the client stores.
  return (`[${parts.join('')}]` as unknown as { toWellFormed(): string }).toWellFormed();
});
/** The oracle, independent of src/: XML 1.0 §2.2 Char. */
const storable = (s: string) => !/[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u.test(s);
const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);

function ok(r: Reply): Reply {
  expect(r.status, r.text.slice(0, 300)).toBe(200);
  expect(r.text).not.toContain('<name>faultCode</name>');
  return r;
}

const isFault = (r: Reply) => r.text.includes('<name>faultCode</name>');

it('every reply that shows stored text is well-formed and shows it unchanged', async () => {
  const shown: string[] = [];
  let refused = 0;
  await fc.assert(fc.asyncProperty(text, async (s) => {
    const wire = xmlEscape(s); // a careful client's bytes; characters XML cannot carry go out raw
    // Keap: a contact, an order with that description, a payment with that note.
    const added = await w.keap('ContactService.add', { FirstName: wire, LastName: 'P' });
    expect(isFault(added)).toBe(!storable(s));
    if (isFault(added)) {
      refused++;
      expect(memberTexts(added.doc, 'faultString')[0]).toMatch(/not allowed in XML|not an XML character/);
      const inv = await w.invoicera('createClient', `<first_name>${wire}</first_name>`);
      expect(inv.status).toBe(400);
      return;
    }
    const id = keapInt(added);
    const load = ok(await w.keap('ContactService.load', id, ['FirstName']));
    expect(memberTexts(load.doc, 'FirstName')).toEqual([s]);
    const query = ok(await w.keap('DataService.query', 'Contact', 1000, 0, { Id: String(id) }, ['FirstName']));
    expect(memberTexts(query.doc, 'FirstName')).toEqual([s]);
    const byField = ok(await w.keap('DataService.findByField', 'Contact', 10, 0, 'Id', String(id), ['Id', 'FirstName']));
    expect(memberTexts(byField.doc, 'FirstName')).toEqual([s]);
    const order = keapInt(ok(await w.keap('InvoiceService.createBlankOrder', id, wire, '20261124T10:00:00')));
    ok(await w.keap('InvoiceService.addOrderItem', order, 0, 4, '<double>5.00</double>', 1, wire, wire));
    ok(await w.keap('InvoiceService.addManualPayment', order, '<double>1.00</double>', '20261124T10:00:00', 'Cash', wire, '<boolean>1</boolean>'));
    const payments = ok(await w.keap('InvoiceService.getPayments', order));
    expect(memberTexts(payments.doc, 'PayNote')).toEqual([s]);

    // Invoicera: the same records, plus a client and an invoice written through it.
    const client = ok(await w.invoicera('getClient', `<client_id>${id}</client_id>`));
    expect(textOf(client.doc, 'first_name')).toBe(s);
    const created = ok(await w.invoicera('createClient', `<first_name>${wire}</first_name><organization>${wire}</organization>`));
    const cid = textOf(created.doc, 'client_id');
    expect(textOf(ok(await w.invoicera('getClient', `<client_id>${cid}</client_id>`)).doc, 'organization')).toBe(s);
    const invoice = ok(await w.invoicera('createInvoice', `<client><client_id>${cid}</client_id></client><invoice_title>${wire}</invoice_title><notes>${wire}</notes>`
      + `<items><item><name>${wire}</name><description>${wire}</description><unit_cost>2</unit_cost><quantity>1</quantity></item></items>`));
    const iid = textOf(invoice.doc, 'invoice_id');
    const got = ok(await w.invoicera('getInvoice', `<invoice_id>${iid}</invoice_id>`));
    expect([textOf(got.doc, 'invoice_title'), textOf(got.doc, 'notes'), textOf(got.doc, 'name'), textOf(got.doc, 'description')]).toEqual([s, s, s, s]);
    const keapOrder = ok(await w.invoicera('getInvoice', `<invoice_id>${order}</invoice_id>`));
    expect(findAll(keapOrder.doc, 'payment').map((p) => textOf(p, 'notes'))).toEqual([s]);
    expect(findAll(keapOrder.doc, 'item').map((it) => textOf(it, 'description'))).toEqual([s]);
    shown.push(s);
  }), { numRuns: Number(process.env.FC_RUNS ?? 30), seed });
  expect(shown.length).toBeGreaterThan(3); // each side is taken with probability ≈ 1/2
  expect(refused).toBeGreaterThan(3);
  // The listings show every record stored above at once: one bad value would break the whole reply.
  const clients = ok(await w.invoicera('listClient', '<per_page_record>500</per_page_record>'));
  expect(findAll(clients.doc, 'client').map((c) => textOf(c, 'first_name'))).toEqual(expect.arrayContaining(shown));
  const invoices = ok(await w.invoicera('listInvoice', '<per_page_record>500</per_page_record>'));
  expect(findAll(invoices.doc, 'invoice').map((i) => textOf(i, 'invoice_title'))).toEqual(expect.arrayContaining(shown));
}, 120_000);
