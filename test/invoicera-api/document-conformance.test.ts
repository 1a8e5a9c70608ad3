// Conformance with the Invoicera XML API document: each of its 10 request examples, read from
// ../shared/seeds/003_… at test time and sent verbatim (declaration, comments, whitespace; only
// ids substituted), in the order a user works: create → add item → update item → delete item →
// offline payment → mail → update → list → get → delete. After each, the document's getInvoice
// example shows the effect, and every amount is checked against the Decimal computation below,
// written here on big.js directly (not the gateway's totals routine).
import Big from 'big.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentExamples, withIds } from './document.js';
import { req, startApi, type Api } from './support.js';

// ---- the independent computation (research A5 semantics, HALF_UP to cents per line) ----
interface L { cost: string; qty: string; disc?: string; fixed?: boolean; t1?: string; t2?: string; compound?: boolean }
interface Charge { percent: boolean; amount: string }
const r2 = (b: Big) => b.round(2, Big.roundHalfUp);
const pct = (base: Big, p: string | undefined) => r2(base.times(p ?? '0').div(100));

function lineOf(l: L) {
  const gross = r2(new Big(l.cost).times(l.qty));
  const disc = l.fixed ? new Big(l.disc ?? '0') : pct(gross, l.disc);
  const net = gross.minus(disc);
  const t1 = pct(net, l.t1);
  const t2 = pct(l.compound ? net.plus(t1) : net, l.t2);
  return { net, t1, t2 };
}

function expected(lines: L[], charges: Charge[], paid: string[]) {
  const ls = lines.map(lineOf);
  const sub = ls.reduce((a, l) => a.plus(l.net), new Big(0));
  const tax = ls.reduce((a, l) => a.plus(l.t1).plus(l.t2), new Big(0));
  const items = sub.plus(tax);
  const ch = charges.reduce((a, c) => a.plus(c.percent ? pct(items, c.amount) : new Big(c.amount)), new Big(0));
  const total = items.plus(ch);
  const totalPaid = paid.reduce((a, p) => a.plus(p), new Big(0));
  return {
    lines: ls.map((l) => ({ total_price: l.net.toFixed(2), ...(l.t1.gt(0) ? { tax1_value: l.t1.toFixed(2) } : {}), ...(l.t2.gt(0) ? { tax2_value: l.t2.toFixed(2) } : {}) })),
    totals: {
      sub_total: sub.toFixed(2), total_tax: tax.toFixed(2), items_total: items.toFixed(2), additional_charge_total: ch.toFixed(2),
      invoice_total: total.toFixed(2), total_paid: totalPaid.toFixed(2), outstanding: total.minus(totalPaid).toFixed(2),
    },
  };
}

// ---- the sequence ----
const doc = documentExamples();
const example = (method: string) => {
  const xml = doc.get(method);
  if (!xml) throw new Error(`the document has no ${method} example`);
  return xml;
};

let api: Api;
let clientA: string;
let clientB: string;
let invoiceId: string;
let itemIds: string[] = [];
let lines: L[] = [];
let charges: Charge[] = [];
const paid: string[] = [];

/** The document's getInvoice example for our invoice. */
async function getInvoice(): Promise<any> {
  const r = await api.call(withIds(example('getInvoice'), { invoice_id: invoiceId }));
  expect(r.http, r.text).toBe(200);
  return r.res.invoice[0];
}

async function expectAmounts(inv: any): Promise<void> {
  const want = expected(lines, charges, paid);
  expect(inv).toMatchObject(want.totals);
  expect(inv.items.item).toHaveLength(lines.length);
  want.lines.forEach((l, i) => expect(inv.items.item[i]).toMatchObject(l));
}

async function send(xml: string): Promise<any> {
  const r = await api.call(xml);
  expect(r.http, r.text).toBe(200);
  expect(r.res['@status']).toBe('200');
  return r.res;
}

beforeAll(async () => {
  api = await startApi();
  clientA = (await send(req('createClient', '<name>Ada Lovelace</name><organization>Analytical Engines</organization><email>ada@example.com</email><address>1 Client Rd.</address><currency>USD</currency>'))).client_id;
  clientB = (await send(req('createClient', '<name>Charles Babbage</name><organization>Difference Ltd</organization><email>charles@example.com</email><currency>USD</currency>'))).client_id;
});
afterAll(() => api.close());

describe('the Invoicera document, example by example', () => {
  it('has the 10 request examples', () => {
    expect([...doc.keys()].sort()).toEqual([
      'addInvoiceItem', 'createInvoice', 'deleteInvoice', 'deleteInvoiceItem', 'getInvoice', 'invoiceOfflinePayment',
      'listInvoice', 'sendInvoiceMail', 'updateInvoice', 'updateInvoiceItem',
    ]);
  });

  it('createInvoice: every field of the example stored, the number automatic, the defaults the document states', async () => {
    const res = await send(withIds(example('createInvoice'), { client_id: clientA }));
    invoiceId = res.invoice_id;
    expect(res.number).toBe('INV001'); // <number></number>: increments from the last one (none yet)
    lines = [
      { cost: '10', qty: '10', disc: '20', t2: '10' },
      { cost: '500', qty: '3', disc: '5', t1: '10' },
      { cost: '500', qty: '3', disc: '5', t1: '10' },
    ];
    charges = [{ percent: true, amount: '10' }];
    const inv = await getInvoice();
    expect(inv).toMatchObject({
      invoice_id: invoiceId, number: 'INV001', status: 'Draft', record_status: 'Active', invoice_title: 'DummyInvoice',
      date: '2010-03-15 00:00:00', due_date: '2010-03-15 00:00:00', schedule_date: '2010-03-15 00:00:00',
      po_number: '1234567', notes: 'Due upon receipt.', terms: 'Payment due in 30 days.', late_fee: '0.00',
      client_id: clientA, client: { client_id: clientA, address: '123 Fake St.' },
    });
    const [a, b] = inv.items.item;
    expect(a).toMatchObject({ name: 'Service-00100', type: 'Service', description: 'getting data of P-00100 from xml', unit_cost: '10.00', quantity: '10.00', discount: '20.00', discount_type: 'Percent', tax2_name: 'PST', tax2_percent: '10', tax2_type: 'Normal' });
    expect(a.tax1_name).toBeUndefined(); // an empty name and an empty percent: no tax
    expect(b).toMatchObject({ name: 'P-00200', type: 'Product', discount_type: 'Percent', tax1_name: 'GST', tax1_percent: '10', tax1_type: 'Normal' });
    expect(inv.additional_charges.additional_charge).toEqual([{ name: 'Shipping', type: 'Percent', amount: '10.00' }]);
    expect(inv.custom_fields.custom_field).toEqual([1, 2, 3, 4].map((n) => ({ label: `Custom Field Label-${n}`, value: `Custom Field Value-${n}` })));
    itemIds = inv.items.item.map((i: any) => i.invoice_item_id);
    await expectAmounts(inv);
    expect(inv.invoice_total).toBe('3545.30'); // worked by hand: 3223.00 + 10 % shipping
  });

  it('addInvoiceItem: the line is added', async () => {
    const res = await send(withIds(example('addInvoiceItem'), { invoice_id: invoiceId }));
    expect(res.item_id).toHaveLength(1);
    itemIds.push(res.item_id[0]);
    lines.push({ cost: '100', qty: '1', t1: '2' });
    const inv = await getInvoice();
    expect(inv.items.item[3]).toMatchObject({ invoice_item_id: res.item_id[0], name: 'San-57', type: 'Service', description: 'fsaf sa fsa fas', tax1_name: 'PST', tax1_percent: '2' });
    await expectAmounts(inv);
  });

  it('updateInvoiceItem: the line named by invoice_item_id takes the given fields; empty taxes are removed', async () => {
    const res = await send(withIds(example('updateInvoiceItem'), { invoice_id: invoiceId, invoice_item_id: itemIds[0] }));
    expect(res.item_id).toEqual([itemIds[0]]);
    lines[0] = { cost: '1000', qty: '1' };
    const inv = await getInvoice();
    expect(inv.items.item[0]).toMatchObject({ invoice_item_id: itemIds[0], name: 'PR-005', type: 'Service', description: 'Updated through API', unit_cost: '1000.00', quantity: '1.00', discount: '0.00' });
    expect(inv.items.item[0].tax2_name).toBeUndefined();
    await expectAmounts(inv);
  });

  it('deleteInvoiceItem: the line named by invoice_item_id is removed', async () => {
    await send(withIds(example('deleteInvoiceItem'), { invoice_id: invoiceId, invoice_item_id: itemIds[2] }));
    lines.splice(2, 1);
    itemIds.splice(2, 1);
    const inv = await getInvoice();
    expect(inv.items.item.map((i: any) => i.invoice_item_id)).toEqual(itemIds);
    await expectAmounts(inv);
  });

  it('invoiceOfflinePayment: the <invoice> block is recorded and client_notification mails a receipt', async () => {
    const res = await send(withIds(example('invoiceOfflinePayment'), { id: invoiceId }));
    paid.push('100');
    expect(res).toMatchObject({ invoice_id: invoiceId, invoice_status: 'Partial-Paid', total_paid: '100.00' });
    const inv = await getInvoice();
    expect(inv.status).toBe('Partial-Paid');
    expect(inv.payments.payment).toEqual([expect.objectContaining({ amount: '100.00', payment_method: 'Cash', payment_date: '2011-08-18 00:00:00', notes: 'Partial Payment' })]);
    await expectAmounts(inv);
    const outbox = (await send(req('listOutbox', `<invoice_id>${invoiceId}</invoice_id>`))).messages;
    expect(outbox.message).toEqual([expect.objectContaining({ kind: 'receipt', to: 'ada@example.com', subject: 'Payment receipt for invoice INV001', delivery: 'queued', message_id: res.receipt_message_id })]);
  });

  it('sendInvoiceMail: the invoice is queued to the client; a partly paid invoice stays Partial-Paid', async () => {
    const res = await send(withIds(example('sendInvoiceMail'), { invoice_id: invoiceId }));
    expect(res).toMatchObject({ invoice_id: invoiceId, invoice_status: 'Partial-Paid', delivery: 'queued' });
    const outbox = (await send(req('listOutbox', `<invoice_id>${invoiceId}</invoice_id>`))).messages;
    expect(outbox.message.map((m: any) => m.kind)).toEqual(['receipt', 'invoice']);
    await expectAmounts(await getInvoice());
  });

  it('updateInvoice: the invoice becomes what the request says; left-out fields are deleted; partial-paid matches the balance', async () => {
    await send(withIds(example('updateInvoice'), { invoice_id: invoiceId, client_id: clientB }));
    lines = [{ cost: '500', qty: '1', t1: '10', t2: '10', compound: true }];
    charges = [{ percent: false, amount: '100' }];
    const inv = await getInvoice();
    expect(inv).toMatchObject({
      number: 'INV001', status: 'Partial-Paid', client_id: clientB, client: { client_id: clientB, address: '123 Fake St. New Address', organization: 'Difference Ltd' },
      po_number: '12345', date: '2010-03-15 00:00:00', late_fee: '0.00', custom_fields: '',
    });
    expect(inv.items.item[0]).toMatchObject({ name: 'san-00100', type: 'Service', tax1_name: 'PST', tax1_type: 'Normal', tax2_name: 'CST', tax2_type: 'Compound' });
    expect(inv.additional_charges.additional_charge).toEqual([{ name: 'Shipping', type: 'Fixed', amount: '100.00' }]);
    await expectAmounts(inv);
    expect(inv).toMatchObject({ invoice_total: '705.00', outstanding: '605.00' }); // 500 + 50 + 55 compound + 100
  });

  it('listInvoice: Active invoices by descending number, line items inside each row', async () => {
    const second = await send(withIds(example('createInvoice'), { client_id: clientA }));
    expect(second.number).toBe('INV002');
    const res = await send(example('listInvoice'));
    expect(res.invoices['@total']).toBe('2');
    const rows = res.invoices.invoice;
    expect(rows.map((r: any) => r.number)).toEqual(['INV002', 'INV001']);
    expect(rows[1]).toMatchObject({ invoice_id: invoiceId, status: 'Partial-Paid', record_status: 'Active', date: '2010-03-15 00:00:00', invoice_total: '705.00' });
    expect(rows[1].items.item[0]).toMatchObject({ name: 'san-00100', unit_cost: '500.00', quantity: '1.00', discount_type: 'Percent' });
    expect(rows[0].items.item).toHaveLength(3);
  });

  it('getInvoice: only one id at a time, the complete invoice', async () => {
    const inv = await getInvoice();
    expect(inv).toMatchObject({ invoice_id: invoiceId, number: 'INV001', status: 'Partial-Paid', record_status: 'Active' });
    expect(inv.created_at).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    await expectAmounts(inv);
  });

  it('deleteInvoice: the invoice is gone', async () => {
    await send(withIds(example('deleteInvoice'), { invoice_id: invoiceId }));
    const r = await api.call(withIds(example('getInvoice'), { invoice_id: invoiceId }));
    expect(r.http).toBe(404);
    const list = await send(example('listInvoice'));
    expect(list.invoices.invoice.map((i: any) => i.number)).toEqual(['INV002']);
  });
});
