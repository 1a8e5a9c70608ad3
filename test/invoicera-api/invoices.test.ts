// Every Invoicera invoice method through HTTP against a real server, with realistic requests.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { req, startApi, type Api } from './support.js';

let api: Api;
let clientId: string;

beforeAll(async () => {
  api = await startApi();
  const r = await api.call(req('createClient', `
    <name>Ada Lovelace</name><organization>Analytical Engines Ltd</organization><email>ada@example.com</email>
    <work_phone>+44 20 7946 0000</work_phone><address>12 St James's Sq, London</address><country>UK</country>
    <language>en</language><currency>GBP</currency>
    <custom_fields><custom_field><label>VAT</label><value>GB123</value></custom_field></custom_fields>`));
  expect(r.http).toBe(200);
  clientId = r.res.client_id;
});
afterAll(() => api.close());

/** The research A5 worked example as a createInvoice request. */
const a5 = (extra = '') => req('createInvoice', `
  <client><client_id>CLIENT</client_id></client>
  <invoice_title>Consulting &amp; hardware</invoice_title>
  <date>2026-11-20</date><due_date>2026-12-20</due_date><po_number>PO-77</po_number>
  <notes>Thank you</notes><terms>Net 30</terms><currency_code>USD</currency_code>
  <discount>10</discount><discount_type>percent</discount_type>
  ${extra}
  <items>
    <item><name>A</name><type>Service</type><description>Hours</description><unit_cost>10</unit_cost><quantity>10</quantity>
      <discount>20</discount><discount_type>Percent</discount_type>
      <tax1_name>T1</tax1_name><tax1_percent>5</tax1_percent><tax1_type>Normal</tax1_type>
      <tax2_name>T2</tax2_name><tax2_percent>10</tax2_percent><tax2_type>compound</tax2_type></item>
    <item><name>B</name><unit_cost>500</unit_cost><quantity>3</quantity><discount>5</discount><discount_type>Fixed</discount_type>
      <tax1_name>T1</tax1_name><tax1_percent>10</tax1_percent></item>
  </items>
  <additional_charges><additional_charge><name>Shipping</name><type>Fixed</type><amount>15</amount></additional_charge></additional_charges>
  <custom_fields><custom_field><label>Project</label><value>Engine</value></custom_field></custom_fields>`.replace('CLIENT', clientId));

describe('createInvoice / getInvoice', () => {
  it('creates the A5 invoice and getInvoice shows its totals to the cent', async () => {
    const c = await api.call(a5());
    expect(c.http).toBe(200);
    expect(c.res['@status']).toBe('200');
    expect(c.res.number).toMatch(/^INV\d{3}$/);
    const g = await api.call(req('getInvoice', `<invoice_id>${c.res.invoice_id}</invoice_id>`));
    const inv = g.res.invoice[0];
    expect(inv).toMatchObject({
      invoice_title: 'Consulting & hardware', status: 'Draft', record_status: 'Active', client_id: clientId, due_date: '2026-12-20 00:00:00',
      sub_total: '1575.00', total_tax: '161.90', items_total: '1736.90', discount_amount: '173.69',
      after_discount_total: '1563.21', additional_charge_total: '15.00', net_balance: '1578.21',
      invoice_total: '1578.21', total_paid: '0.00', outstanding: '1578.21',
    });
    expect(inv.items.item[0]).toMatchObject({ name: 'A', type: 'Service', total_price: '80.00', tax1_value: '4.00', tax2_value: '8.40', tax2_type: 'Compound' });
    expect(inv.items.item[1]).toMatchObject({ name: 'B', type: 'Product', total_discount: '5.00', total_price: '1495.00', tax1_value: '149.50' });
    expect(inv.custom_fields.custom_field[0]).toEqual({ label: 'Project', value: 'Engine' });
  });
  it('also answers on /app/api/xml/1.1/ and accepts the xml_request form field (not URL-encoded, as Magento sends it)', async () => {
    const xml = req('getInvoice', '<invoice_id>1</invoice_id>');
    const a = await api.call('', { path: '/app/api/xml/1.1/', raw: `xml_request=${xml}`, contentType: 'application/x-www-form-urlencoded' });
    expect(a.http).toBe(200);
    const b = await api.call('', { raw: new URLSearchParams({ xml_request: xml }).toString(), contentType: 'application/x-www-form-urlencoded' });
    expect(b.res.invoice[0].invoice_id).toBe('1');
  });
  it('numbers: explicit INV137 honoured, next is INV138, duplicate refused with 409', async () => {
    const a = await api.call(a5('<number>INV137</number>'));
    expect(a.res.number).toBe('INV137');
    const b = await api.call(a5());
    expect(b.res.number).toBe('INV138');
    const dup = await api.call(a5('<number>INV137</number>'));
    expect(dup.http).toBe(409);
    expect(dup.res).toMatchObject({ '@status': '409', field: 'number' });
    expect(dup.res.message).toMatch(/INV137 is already used/);
  });
  it("defaults: today, draft, the client's currency, Product, quantity 0, Percent", async () => {
    const c = await api.call(req('createInvoice', `<client><client_id>${clientId}</client_id></client><items><item><name>Thing</name><unit_cost>5</unit_cost></item></items>`));
    const inv = (await api.call(req('getInvoice', `<invoice_id>${c.res.invoice_id}</invoice_id>`))).res.invoice[0];
    expect(inv).toMatchObject({ date: '2026-11-23 00:00:00', status: 'Draft', currency_code: 'GBP', invoice_total: '0.00' });
    expect(inv.items.item[0]).toMatchObject({ type: 'Product', quantity: '0.00', unit_cost: '5.00', discount_type: 'Percent' });
  });
});

describe('updateInvoice', () => {
  it('replaces the invoice: fields left out delete the previous value', async () => {
    const c = await api.call(a5());
    const id = c.res.invoice_id;
    const u = await api.call(req('updateInvoice', `<invoice_id>${id}</invoice_id><invoice_title>Only hardware</invoice_title>
      <items><item><name>B</name><unit_cost>500</unit_cost><quantity>2</quantity></item></items>`));
    expect(u.http).toBe(200);
    const inv = (await api.call(req('getInvoice', `<invoice_id>${id}</invoice_id>`))).res.invoice[0];
    expect(inv).toMatchObject({ invoice_title: 'Only hardware', due_date: '', po_number: '', notes: '', terms: '', discount: '', invoice_total: '1000.00', number: c.res.number, date: '2026-11-20 00:00:00' });
    expect(inv.items.item).toHaveLength(1);
    expect(inv.additional_charges).toBe('');
  });
  it('unknown invoice → 404 naming invoice_id; a refused update changes nothing', async () => {
    const r = await api.call(req('updateInvoice', '<invoice_id>99999</invoice_id>'));
    expect(r.http).toBe(404);
    expect(r.res.field).toBe('invoice_id');
    const c = await api.call(a5());
    const bad = await api.call(req('updateInvoice', `<invoice_id>${c.res.invoice_id}</invoice_id><items><item><name>X</name><unit_cost>5</unit_cost><quantity>1</quantity><discount>150</discount></item></items>`));
    expect(bad.http).toBe(400);
    expect(bad.res.message).toMatch(/discount must be at most 100 percent/);
    const inv = (await api.call(req('getInvoice', `<invoice_id>${c.res.invoice_id}</invoice_id>`))).res.invoice[0];
    expect(inv.invoice_total).toBe('1578.21');
  });
});

describe('listInvoice / deleteInvoice', () => {
  it('filters by number, pages and sorts; no match → 400', async () => {
    const one = await api.call(req('listInvoice', '<filter><invoice_number>INV137</invoice_number><page>1</page><per_page_record>1</per_page_record></filter>'));
    expect(one.res.invoices['@total']).toBe('1');
    expect(one.res.invoices.invoice[0]).toMatchObject({ number: 'INV137', invoice_total: '1578.21' });
    const page = await api.call(req('listInvoice', `<filter><client_id>${clientId}</client_id><page>2</page><per_page_record>2</per_page_record><sort_by>invoice_id</sort_by><sort_order>desc</sort_order></filter>`));
    expect(page.res.invoices.invoice).toHaveLength(2);
    const ids = page.res.invoices.invoice.map((i: any) => Number(i.invoice_id));
    expect(ids[0]).toBeGreaterThan(ids[1]);
    const none = await api.call(req('listInvoice', '<filter><invoice_number>NOPE1</invoice_number></filter>'));
    expect(none.http).toBe(400);
    const range = await api.call(req('listInvoice', '<filter><date_from>2026-11-20</date_from><date_to>2026-11-20</date_to><per_page_record>100</per_page_record></filter>'));
    expect(range.res.invoices.invoice.every((i: any) => i.date === '2026-11-20 00:00:00')).toBe(true);
    expect(Number(range.res.invoices['@total'])).toBeGreaterThan(0);
    const badDate = await api.call(req('listInvoice', '<filter><date_from>yesterday</date_from></filter>'));
    expect(badDate.res).toMatchObject({ '@status': '400', field: 'date_from' });
    const badSort = await api.call(req('listInvoice', '<filter><sort_by>colour</sort_by></filter>'));
    expect(badSort.res).toMatchObject({ '@status': '400', field: 'sort_by' });
  });
  it('deletes several ids at once, all or nothing; numbers are never reused', async () => {
    const a = await api.call(a5());
    const b = await api.call(a5());
    const refused = await api.call(req('deleteInvoice', `<invoice_id>${a.res.invoice_id}</invoice_id><invoice_id>424242</invoice_id>`));
    expect(refused.http).toBe(404);
    expect((await api.call(req('getInvoice', `<invoice_id>${a.res.invoice_id}</invoice_id>`))).http).toBe(200);
    const ok = await api.call(req('deleteInvoice', `<invoices><invoice_id>${a.res.invoice_id}</invoice_id><invoice_id>${b.res.invoice_id}</invoice_id></invoices>`));
    expect(ok.res.invoices['@deleted']).toBe('2');
    expect((await api.call(req('getInvoice', `<invoice_id>${b.res.invoice_id}</invoice_id>`))).http).toBe(404);
    const again = await api.call(a5(`<number>${b.res.number}</number>`));
    expect(again.http).toBe(409);
    const next = await api.call(a5());
    expect(next.res.number).not.toBe(b.res.number);
  });
});

describe('sendInvoiceMail / listOutbox', () => {
  it('marks the invoice sent and records the message', async () => {
    const c = await api.call(a5());
    const s = await api.call(req('sendInvoiceMail', `<invoice_id>${c.res.invoice_id}</invoice_id><subject>Your invoice</subject><message>Please pay</message>`));
    expect(s.res).toMatchObject({ invoice_status: 'Sent', delivery: 'queued' });
    const g = await api.call(req('getInvoice', `<invoice_id>${c.res.invoice_id}</invoice_id>`));
    expect(g.res.invoice[0].status).toBe('Sent');
    const o = await api.call(req('listOutbox', `<invoice_id>${c.res.invoice_id}</invoice_id>`));
    expect(o.res.messages['@total']).toBe('1');
    expect(o.res.messages.message[0]).toMatchObject({ to: 'ada@example.com', subject: 'Your invoice', body: 'Please pay' });
  });
});
