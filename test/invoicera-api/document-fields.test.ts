// What the Invoicera document says beyond its examples' happy path, one behaviour per test:
// statuses, fields and their defaults, list filters and sorting, all-or-nothing batches.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { req, startApi, type Api } from './support.js';

let api: Api;
let ada: string;
let bob: string;

const call = (method: string, inner: string) => api.call(req(method, inner));
const get = async (id: string) => (await call('getInvoice', `<invoice_id>${id}</invoice_id>`)).res.invoice[0];
const item = (name: string, cost: string, extra = '') => `<item><name>${name}</name><unit_cost>${cost}</unit_cost><quantity>1</quantity>${extra}</item>`;

async function create(inner: string, client = ada): Promise<string> {
  const r = await call('createInvoice', `<client><client_id>${client}</client_id></client>${inner}`);
  expect(r.http, r.text).toBe(200);
  return r.res.invoice_id;
}

beforeAll(async () => {
  api = await startApi();
  ada = (await call('createClient', '<name>Ada Lovelace</name><organization>Zeta Engines</organization><email>ada@example.com</email><address>1 Client Rd.</address><currency>USD</currency>')).res.client_id;
  bob = (await call('createClient', '<name>Bob Noemail</name><organization>Alpha Works</organization><currency>USD</currency>')).res.client_id;
});
afterAll(() => api.close());

describe('statuses on createInvoice / updateInvoice', () => {
  it('paid records an offline payment of the balance and the invoice is Paid', async () => {
    const id = await create(`<status>paid</status><items>${item('Audit', '250')}</items>`);
    const inv = await get(id);
    expect(inv).toMatchObject({ status: 'Paid', invoice_total: '250.00', total_paid: '250.00', outstanding: '0.00' });
    expect(inv.payments.payment).toEqual([expect.objectContaining({ amount: '250.00', payment_method: 'Offline' })]);
  });
  it('paid on a zero total, partial-paid without a payment, unpaid after a payment are refused with the reason', async () => {
    expect((await call('createInvoice', `<client_id>${ada}</client_id><status>Paid</status>`)).res).toMatchObject({ '@status': '400', field: 'status', message: expect.stringMatching(/nothing to pay/) });
    expect((await call('createInvoice', `<client_id>${ada}</client_id><status>Partial-Paid</status><items>${item('A', '10')}</items>`)).res.message).toMatch(/nothing has been paid/);
    const id = await create(`<items>${item('A', '10')}</items>`);
    await call('invoiceOfflinePayment', `<invoice><id>${id}</id><amount>4</amount><method>Cash</method></invoice>`);
    const u = await call('updateInvoice', `<invoice_id>${id}</invoice_id><status>unpaid</status><items>${item('A', '10')}</items>`);
    expect(u.res).toMatchObject({ '@status': '400', field: 'status', message: expect.stringMatching(/a payment is recorded/) });
  });
  it('partial-paid is accepted when it matches the balance; outstanding and unpaid take a draft out of draft', async () => {
    const id = await create(`<items>${item('A', '10')}</items>`);
    await call('invoiceOfflinePayment', `<invoice><id>${id}</id><amount>4</amount><method>Cash</method></invoice>`);
    expect((await call('updateInvoice', `<invoice_id>${id}</invoice_id><status>partial-paid</status><items>${item('A', '10')}</items>`)).http).toBe(200);
    expect((await get(id)).status).toBe('Partial-Paid');
    expect((await get(await create(`<status>Outstanding</status><items>${item('A', '10')}</items>`))).status).toBe('Sent');
    expect((await get(await create(`<status>unpaid</status><items>${item('A', '10')}</items>`))).status).toBe('Sent');
  });
  it('the online-payment statuses are refused on create, with the reason', async () => {
    const r = await call('createInvoice', `<client_id>${ada}</client_id><status>Auto-Paid</status>`);
    expect(r.res).toMatchObject({ '@status': '400', field: 'status', message: expect.stringMatching(/online payments/) });
  });
});

describe('documented fields', () => {
  it('a tax name with an empty percent is kept (0 %)', async () => {
    const id = await create(`<items>${item('A', '10', '<tax1_name>GST</tax1_name><tax1_percent></tax1_percent><tax2_name></tax2_name><tax2_percent></tax2_percent>')}</items>`);
    const line = (await get(id)).items.item[0];
    expect(line).toMatchObject({ tax1_name: 'GST', tax1_percent: '0', tax1_value: '0.00' });
    expect(line.tax2_name).toBeUndefined();
  });
  it('an additional charge without type and amount is Percent 10', async () => {
    const id = await create(`<items>${item('A', '200')}</items><additional_charges><additional_charge><name>Handling</name></additional_charge></additional_charges>`);
    const inv = await get(id);
    expect(inv.additional_charges.additional_charge).toEqual([{ name: 'Handling', type: 'Percent', amount: '10.00' }]);
    expect(inv).toMatchObject({ additional_charge_total: '20.00', invoice_total: '220.00' });
  });
  it('client address on the invoice: stored, shown, deleted when an update leaves it out (the client address shows again)', async () => {
    const id = (await call('createInvoice', `<client><client_id>${ada}</client_id><address>9 Invoice Lane</address></client>`)).res.invoice_id;
    expect((await get(id)).client).toMatchObject({ client_id: ada, address: '9 Invoice Lane' });
    await call('updateInvoice', `<invoice_id>${id}</invoice_id><client><client_id>${ada}</client_id><address>10 Moved St.</address></client>`);
    expect((await get(id)).client.address).toBe('10 Moved St.');
    await call('updateInvoice', `<invoice_id>${id}</invoice_id>`);
    expect((await get(id)).client.address).toBe('1 Client Rd.');
  });
  it('late fee is owed and, like custom fields, deleted by an update that leaves it out', async () => {
    const id = await create(`<late_fee>5.50</late_fee><items>${item('A', '10')}</items><custom_fields><custom_field><label>Project</label><value>X</value></custom_field></custom_fields>`);
    expect(await get(id)).toMatchObject({ late_fee: '5.50', invoice_total: '15.50', custom_fields: { custom_field: [{ label: 'Project', value: 'X' }] } });
    await call('updateInvoice', `<invoice_id>${id}</invoice_id><items>${item('A', '10')}</items>`);
    expect(await get(id)).toMatchObject({ late_fee: '0.00', invoice_total: '10.00', custom_fields: '' });
  });
  it('getInvoice takes only one id at a time: a second is refused, not ignored', async () => {
    const a = await create('');
    const r = await call('getInvoice', `<invoice_id>${a}</invoice_id><invoice_id>${a}</invoice_id>`);
    expect(r.res).toMatchObject({ '@status': '400', field: 'invoice_id' });
  });
  it('the dates of an answer can be sent back (YYYY-MM-DD HH:MM:SS)', async () => {
    const id = await create('<date>2010-11-01 00:00:00</date><due_date>2010-12-01</due_date>');
    expect(await get(id)).toMatchObject({ date: '2010-11-01 00:00:00', due_date: '2010-12-01 00:00:00' });
  });
});

describe('batches are all or nothing', () => {
  it('several <invoice> blocks in one invoiceOfflinePayment: all recorded, or none when one is refused', async () => {
    const a = await create(`<items>${item('A', '10')}</items>`);
    const b = await create(`<items>${item('B', '20')}</items>`);
    const ok = await call('invoiceOfflinePayment', `<invoice><id>${a}</id><amount>10</amount><method>Cash</method></invoice><invoice><id>${b}</id><amount>5</amount><method>Check</method></invoice>`);
    expect(ok.res.payments.payment.map((p: any) => [p.invoice_id, p.invoice_status])).toEqual([[a, 'Paid'], [b, 'Partial-Paid']]);
    const refused = await call('invoiceOfflinePayment', `<invoice><id>${b}</id><amount>5</amount><method>Cash</method></invoice><invoice><id>${b}</id><amount>50</amount><method>Cash</method></invoice>`);
    expect(refused.res).toMatchObject({ '@status': '400', field: 'amount' });
    expect((await get(b)).total_paid).toBe('5.00');
  });
  it('client_notification without a client email refuses the payment (nothing recorded)', async () => {
    const id = await create(`<items>${item('A', '10')}</items>`, bob);
    const r = await call('invoiceOfflinePayment', `<invoice><id>${id}</id><amount>1</amount><method>Cash</method><client_notification>1</client_notification></invoice>`);
    expect(r.res).toMatchObject({ '@status': '400', field: 'client_notification' });
    expect((await get(id)).payments).toBe('');
  });
  it('several <item> in one updateInvoiceItem, and several ids in one deleteInvoiceItem, all or nothing', async () => {
    const id = await create(`<items>${item('A', '10')}${item('B', '20')}${item('C', '30')}</items>`);
    const [a, b, c] = (await get(id)).items.item.map((i: any) => i.invoice_item_id);
    const upd = await call('updateInvoiceItem', `<invoice_id>${id}</invoice_id><items><item><invoice_item_id>${a}</invoice_item_id><unit_cost>11</unit_cost></item><item><invoice_item_id>${b}</invoice_item_id><unit_cost>21</unit_cost></item></items>`);
    expect(upd.res.item_id).toEqual([a, b]);
    expect((await get(id)).invoice_total).toBe('62.00');
    const bad = await call('updateInvoiceItem', `<invoice_id>${id}</invoice_id><items><item><invoice_item_id>${a}</invoice_item_id><unit_cost>1</unit_cost></item><item><invoice_item_id>999999</invoice_item_id><unit_cost>1</unit_cost></item></items>`);
    expect(bad.http).toBe(404);
    expect((await get(id)).invoice_total).toBe('62.00');
    expect((await call('deleteInvoiceItem', `<invoice_id>${id}</invoice_id><invoice_item_id>${a}</invoice_item_id><invoice_item_id>999999</invoice_item_id>`)).http).toBe(404);
    expect((await get(id)).items.item).toHaveLength(3);
    expect((await call('deleteInvoiceItem', `<invoice_id>${id}</invoice_id><invoice_item_id>${a}</invoice_item_id><invoice_item_id>${c}</invoice_item_id>`)).http).toBe(200);
    expect((await get(id)).items.item.map((i: any) => i.invoice_item_id)).toEqual([b]);
  });
});

describe('listInvoice filters and order', () => {
  let fresh: Api;
  let ids: Record<string, string>;
  const list = async (filter: string) => {
    const r = await fresh.call(req('listInvoice', `<filter>${filter}<per_page_record>100</per_page_record></filter>`));
    return r.http === 400 ? [] : r.res.invoices.invoice.map((i: any) => i.number);
  };
  beforeAll(async () => {
    fresh = await startApi();
    const c = async (inner: string) => (await fresh.call(req('createClient', inner))).res.client_id;
    const zeta = await c('<name>Ada</name><organization>Zeta Engines</organization><email>z@example.com</email>');
    const alpha = await c('<name>Bob</name><organization>Alpha Works</organization><email>a@example.com</email>');
    const mk = async (client: string, inner: string) => (await fresh.call(req('createInvoice', `<client_id>${client}</client_id>${inner}`))).res.invoice_id;
    const one = `<items>${item('A', '100')}</items>`;
    ids = {
      INV099: await mk(zeta, `<number>INV099</number><date>2010-01-05</date>${one}`),
      INV100: await mk(alpha, `<number>INV100</number><date>2010-01-01</date><status>sent</status>${one}`),
      INV101: await mk(zeta, `<date>2010-02-01</date><status>paid</status>${one}`),
      INV102: await mk(alpha, `<date>2010-03-01</date><record_status>Archived</record_status>${one}`),
      INV103: await mk(zeta, `<date>2010-04-01</date><status>viewed</status>${one}`),
    };
    await fresh.call(req('invoiceOfflinePayment', `<invoice><id>${ids.INV103}</id><amount>10</amount><method>Cash</method></invoice>`));
  });
  afterAll(() => fresh.close());

  it('default: Active only, number descending (natural: INV100 after INV099)', async () => {
    expect(await list('')).toEqual(['INV103', 'INV101', 'INV100', 'INV099']);
  });
  it('invoice_record_status: Archived, Cancel', async () => {
    expect(await list('<invoice_record_status>Archived</invoice_record_status>')).toEqual(['INV102']);
    expect(await list('<invoice_record_status>Cancel</invoice_record_status>')).toEqual([]);
  });
  it.each([
    ['Draft', ['INV099']], ['Sent', ['INV100']], ['Viewed', []], ['Paid', ['INV101']], ['Partial-Paid', ['INV103']],
    ['Outstanding', ['INV103', 'INV100']], ['Unpaid', ['INV100']], ['Auto-Paid', []], ['Disputed', []], ['Retry', []],
    ['Failed', []], ['Resolved', []], ['Auto-Failed', []],
  ])('invoice_status %s', async (status, want) => {
    expect(await list(`<invoice_status>${status}</invoice_status>`)).toEqual(want);
  });
  it('client_id, date_from/date_to, invoice_number', async () => {
    expect(await list(`<client_id>${(await get2(ids.INV100)).client_id}</client_id>`)).toEqual(['INV100']);
    expect(await list('<date_from>2010-01-02</date_from><date_to>2010-02-28</date_to>')).toEqual(['INV101', 'INV099']);
    expect(await list('<invoice_number>INV101</invoice_number>')).toEqual(['INV101']);
  });
  it('sort_column number, date, invoice_id, organization; sort_order asc/desc; paging', async () => {
    expect(await list('<sort_column>number</sort_column><sort_order>asc</sort_order>')).toEqual(['INV099', 'INV100', 'INV101', 'INV103']);
    expect(await list('<sort_column>date</sort_column><sort_order>asc</sort_order>')).toEqual(['INV100', 'INV099', 'INV101', 'INV103']);
    expect(await list('<sort_column>invoice_id</sort_column>')).toEqual(['INV103', 'INV101', 'INV100', 'INV099']);
    expect(await list('<sort_column>organization</sort_column><sort_order>asc</sort_order>')).toEqual(['INV100', 'INV099', 'INV101', 'INV103']);
    const page = await fresh.call(req('listInvoice', '<filter><page>2</page><per_page_record>3</per_page_record></filter>'));
    expect(page.res.invoices).toMatchObject({ '@total': '4', '@page': '2' });
    expect(page.res.invoices.invoice.map((i: any) => i.number)).toEqual(['INV099']);
  });
  const get2 = async (id: string) => (await fresh.call(req('getInvoice', `<invoice_id>${id}</invoice_id>`))).res.invoice[0];
});
