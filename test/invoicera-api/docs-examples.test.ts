// Every request example in docs/invoicera-api.md is well-formed and accepted: each runs against a
// fresh server seeded with client 1 and invoices 1 and 2 (built from the document's own examples).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { startApi } from './support.js';

const doc = readFileSync(new URL('../../docs/invoicera-api.md', import.meta.url), 'utf8');
const examples = [...doc.matchAll(/<request method="(\w+)">[\s\S]*?<\/request>/g)].map((m) => ({ method: m[1], xml: m[0] }));
const example = (method: string) => examples.find((e) => e.method === method)!.xml;

describe('docs/invoicera-api.md examples', () => {
  it('has one example per method', () => {
    expect(new Set(examples.map((e) => e.method))).toEqual(new Set([
      'createClient', 'updateClient', 'getClient', 'listClient', 'createInvoice', 'updateInvoice', 'deleteInvoice', 'getInvoice',
      'listInvoice', 'sendInvoiceMail', 'listOutbox', 'addInvoiceItem', 'updateInvoiceItem', 'deleteInvoiceItem', 'invoiceOfflinePayment',
    ]));
  });
  it.each(examples.map((e) => [e.method, e.xml]))('%s answers 200', async (_method, xml) => {
    const api = await startApi();
    try {
      expect((await api.call(example('createClient'))).res.client_id).toBe('1');
      const seed = example('createInvoice').replace('<number>INV137</number>', '');
      expect((await api.call(seed)).res.invoice_id).toBe('1');
      expect((await api.call(seed)).res.invoice_id).toBe('2');
      if (xml.includes('method="listInvoice"')) await api.call(example('createInvoice'));
      const r = await api.call(xml);
      expect({ status: r.http, message: r.res?.message }).toEqual({ status: 200, message: undefined });
    } finally {
      await api.close();
    }
  });
});
