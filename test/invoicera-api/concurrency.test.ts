// Concurrent requests on the memory and SQLite stores: numbers stay unique and consecutive, and
// concurrent payments never overpay (each request's check-and-write is one transaction).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { req, startApi } from './support.js';

const dir = mkdtempSync(join(tmpdir(), 'invoicera-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each([['memory'], [`sqlite:${join(dir, 'gw.db')}`]])('store %s', (url) => {
  it('40 concurrent createInvoice get 40 distinct consecutive numbers; 10 concurrent payments of 30 on 100 → 3 accepted', async () => {
    const api = await startApi(undefined, url);
    try {
      const client = (await api.call(req('createClient', '<name>Race Client</name><email>race@example.com</email>'))).res.client_id;
      const create = () => api.call(req('createInvoice', `<client_id>${client}</client_id><items><item><name>Fee</name><unit_cost>100</unit_cost><quantity>1</quantity></item></items>`));
      const made = await Promise.all(Array.from({ length: 40 }, create));
      expect(made.filter((r) => r.http !== 200).map((r) => r.text)).toEqual([]);
      const numbers = made.map((r) => r.res.number as string).sort();
      expect(new Set(numbers).size).toBe(40);
      expect(numbers[0]).toBe('INV001');
      expect(numbers[39]).toBe('INV040');

      const id = made[0].res.invoice_id;
      const pay = () => api.call(req('invoiceOfflinePayment', `<invoice_id>${id}</invoice_id><amount>30</amount><payment_method>Cash</payment_method>`));
      const paid = await Promise.all(Array.from({ length: 10 }, pay));
      expect(paid.filter((r) => r.http === 200)).toHaveLength(3);
      expect(paid.filter((r) => r.http !== 200 && r.res.field !== 'amount').map((r) => r.text)).toEqual([]);
      const inv = (await api.call(req('getInvoice', `<invoice_id>${id}</invoice_id>`))).res.invoice[0];
      expect(inv).toMatchObject({ total_paid: '90.00', outstanding: '10.00', status: 'Partial-Paid' });
    } finally {
      await api.close();
    }
  });
});
