// Item CRUD and offline payments over HTTP: partial and full payment, overpayment refusal.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { req, startApi, type Api } from './support.js';

let api: Api;
let clientId: string;
const get = async (id: string) => (await api.call(req('getInvoice', `<invoice_id>${id}</invoice_id>`))).res.invoice[0];

beforeAll(async () => {
  api = await startApi();
  clientId = (await api.call(req('createClient', '<name>Grace Hopper</name><email>grace@example.com</email>'))).res.client_id;
});
afterAll(() => api.close());

async function newInvoice(): Promise<string> {
  const r = await api.call(req('createInvoice', `<client><client_id>${clientId}</client_id></client><invoice_title>Work</invoice_title>`));
  expect(r.http).toBe(200);
  return r.res.invoice_id;
}

describe('addInvoiceItem / updateInvoiceItem / deleteInvoiceItem', () => {
  it('adds items, updates only the given fields, deletes one', async () => {
    const id = await newInvoice();
    const add = await api.call(req('addInvoiceItem', `<invoice_id>${id}</invoice_id><items>
      <item><name>Design</name><type>Service</type><unit_cost>120.00</unit_cost><quantity>2.5</quantity><tax1_name>VAT</tax1_name><tax1_percent>20</tax1_percent></item>
      <item><name>Hosting</name><unit_cost>9.99</unit_cost><quantity>12</quantity></item></items>`));
    expect(add.http).toBe(200);
    expect(add.res.item_id).toHaveLength(2);
    const [designId, hostingId] = add.res.item_id;
    let inv = await get(id);
    expect(inv).toMatchObject({ sub_total: '419.88', total_tax: '60.00', invoice_total: '479.88' });

    const upd = await api.call(req('updateInvoiceItem', `<item_id>${designId}</item_id><quantity>3</quantity>`));
    expect(upd.res).toMatchObject({ invoice_id: id, item_id: [designId] });
    inv = await get(id);
    expect(inv.items.item[0]).toMatchObject({ name: 'Design', type: 'Service', unit_cost: '120.00', quantity: '3.00', tax1_percent: '20', total_price: '360.00', tax1_value: '72.00' });

    const del = await api.call(req('deleteInvoiceItem', `<invoice_id>${id}</invoice_id><item_id>${hostingId}</item_id>`));
    expect(del.http).toBe(200);
    inv = await get(id);
    expect(inv.items.item).toHaveLength(1);
    expect(inv.invoice_total).toBe('432.00');
  });
  it('accepts a single item given directly in the request', async () => {
    const id = await newInvoice();
    const add = await api.call(req('addInvoiceItem', `<invoice_id>${id}</invoice_id><name>Support</name><unit_cost>50</unit_cost><quantity>1</quantity>`));
    expect(add.res.item_id).toHaveLength(1);
    expect((await get(id)).invoice_total).toBe('50.00');
  });
  it('refuses unknown ids, an item of another invoice, a missing name, bad numbers', async () => {
    const a = await newInvoice();
    const b = await newInvoice();
    const item = (await api.call(req('addInvoiceItem', `<invoice_id>${a}</invoice_id><name>X</name><unit_cost>1</unit_cost><quantity>1</quantity>`))).res.item_id[0];
    expect((await api.call(req('updateInvoiceItem', '<item_id>987654</item_id><quantity>1</quantity>'))).res).toMatchObject({ '@status': '404', field: 'invoice_item_id' });
    expect((await api.call(req('deleteInvoiceItem', `<invoice_id>${b}</invoice_id><item_id>${item}</item_id>`))).http).toBe(404);
    expect((await api.call(req('addInvoiceItem', '<invoice_id>987654</invoice_id><name>X</name>'))).res).toMatchObject({ '@status': '404', field: 'invoice_id' });
    expect((await api.call(req('addInvoiceItem', `<invoice_id>${a}</invoice_id><unit_cost>1</unit_cost>`))).res).toMatchObject({ '@status': '400', field: 'name' });
    const bad = await api.call(req('updateInvoiceItem', `<item_id>${item}</item_id><unit_cost>12,50</unit_cost>`));
    expect(bad.res).toMatchObject({ '@status': '400', field: 'unit_cost' });
    expect(bad.res.message).toMatch(/not a decimal number/);
    const neg = await api.call(req('updateInvoiceItem', `<item_id>${item}</item_id><quantity>-2</quantity>`));
    expect(neg.res).toMatchObject({ '@status': '400', field: 'quantity' });
    const type = await api.call(req('updateInvoiceItem', `<item_id>${item}</item_id><type>Gadget</type>`));
    expect(type.res).toMatchObject({ '@status': '400', field: 'type' });
  });
});

describe('invoiceOfflinePayment', () => {
  it('partial then full payment moves the status to partial-paid then paid; overpayment is refused', async () => {
    const id = await newInvoice();
    await api.call(req('addInvoiceItem', `<invoice_id>${id}</invoice_id><name>Audit</name><unit_cost>250</unit_cost><quantity>1</quantity>`));
    const p1 = await api.call(req('invoiceOfflinePayment', `<invoice_id>${id}</invoice_id><amount>100.50</amount><payment_method>Check</payment_method><payment_date>2026-11-24</payment_date><notes>cheque 1042</notes>`));
    expect(p1.res).toMatchObject({ invoice_status: 'Partial-Paid', total_paid: '100.50', outstanding: '149.50' });
    const over = await api.call(req('invoiceOfflinePayment', `<invoice_id>${id}</invoice_id><amount>149.51</amount><payment_method>Cash</payment_method>`));
    expect(over.http).toBe(400);
    expect(over.res).toMatchObject({ field: 'amount', message: expect.stringMatching(/payment 149.51 exceeds the balance due 149.50/) });
    const p2 = await api.call(req('invoiceOfflinePayment', `<invoice_id>${id}</invoice_id><paid_amount>149.50</paid_amount><payment_method>Bank transfer</payment_method><transaction_id>TRX-9</transaction_id>`));
    expect(p2.res).toMatchObject({ invoice_status: 'Paid', outstanding: '0.00' });
    const inv = await get(id);
    expect(inv).toMatchObject({ status: 'Paid', total_paid: '250.00', outstanding: '0.00' });
    expect(inv.payments.payment.map((p: any) => p.amount)).toEqual(['100.50', '149.50']);
    expect(inv.payments.payment[1].transaction_id).toBe('TRX-9');
    const paidList = await api.call(req('listInvoice', '<filter><status>Paid</status></filter>'));
    expect(paidList.res.invoices.invoice.map((i: any) => i.invoice_id)).toEqual([id]);
    // nothing left to pay
    expect((await api.call(req('invoiceOfflinePayment', `<invoice_id>${id}</invoice_id><amount>0.01</amount><payment_method>Cash</payment_method>`))).http).toBe(400);
  });
  it('refuses a zero amount, sub-cent amounts, a missing method, an unknown invoice', async () => {
    const id = await newInvoice();
    await api.call(req('addInvoiceItem', `<invoice_id>${id}</invoice_id><name>Audit</name><unit_cost>10</unit_cost><quantity>1</quantity>`));
    expect((await api.call(req('invoiceOfflinePayment', `<invoice_id>${id}</invoice_id><amount>0</amount><payment_method>Cash</payment_method>`))).res.field).toBe('amount');
    expect((await api.call(req('invoiceOfflinePayment', `<invoice_id>${id}</invoice_id><amount>1.005</amount><payment_method>Cash</payment_method>`))).res.message).toMatch(/more than 2 decimals/);
    expect((await api.call(req('invoiceOfflinePayment', `<invoice_id>${id}</invoice_id><amount>1</amount>`))).res.field).toBe('method');
    expect((await api.call(req('invoiceOfflinePayment', '<invoice_id>5555</invoice_id><amount>1</amount><payment_method>Cash</payment_method>'))).http).toBe(404);
    expect((await get(id)).payments).toBe('');
  });
});
