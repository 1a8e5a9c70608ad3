// Issue 12: no path deletes a payment silently. A plain Invoicera invoice (no order) may be deleted
// with its payments, as the Invoicera document shows; the invoice is then kept whole, payments
// included, in the DeletedInvoice audit trail.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { req, startApi, type Api } from '../invoicera-api/support.js';

let api: Api;
beforeAll(async () => { api = await startApi(); });
afterAll(async () => { await api?.close(); });

describe('deleting a paid Invoicera invoice', () => {
  it('keeps the invoice and its payments in the audit trail', async () => {
    const client = (await api.call(req('createClient', '<name>Ada</name><email>ada@example.com</email>'))).res.client_id;
    const inv = (await api.call(req('createInvoice', `<client_id>${client}</client_id><items><item><name>Hours</name><unit_cost>80</unit_cost><quantity>1</quantity></item></items>`))).res.invoice_id;
    expect((await api.call(req('invoiceOfflinePayment', `<invoice_id>${inv}</invoice_id><amount>30</amount><payment_method>Cash</payment_method>`))).http).toBe(200);
    expect((await api.call(req('deleteInvoice', `<invoice_id>${inv}</invoice_id>`))).http).toBe(200);
    const kept = await api.store.get<{ id: number; payments: Array<{ amount: string; method: string }>; deletedAt: string }>('DeletedInvoice', Number(inv));
    expect(kept?.payments.map((p) => [p.amount, p.method])).toEqual([['30.00', 'Cash']]);
    expect(kept?.deletedAt).toMatch(/^\d{4}-/);
  });
});
