// Finding invoices for the console: by invoice id, order (JobId), contact email, or invoice number.
// Every look-up uses an index (Invoice id/jobId/number/clientId, Client emailKey, ContactEmail email).
import type { Store, StoredRecord } from '../store/port.js';
import type { Invoice } from '../invoicing/model.js';
import type { InvoiceBook } from '../services/invoices.js';
import type { ClientBook } from '../services/clients.js';

const MAX_RESULTS = 50;

export async function searchInvoices(store: Store, invoices: InvoiceBook, clients: ClientBook, query: string): Promise<Invoice[]> {
  const q = query.trim().slice(0, 200);
  if (!q) return (await invoices.list(store, {}, { limit: 25 }, { field: 'id', dir: 'desc' })).invoices;
  const found = new Map<number, Invoice>();
  const add = (list: Array<Invoice | undefined>) => { for (const inv of list) if (inv && found.size < MAX_RESULTS) found.set(inv.id, inv); };
  if (/^\d{1,15}$/.test(q)) {
    const n = Number(q);
    add([await invoices.find(store, n)]);
    add(await invoices.findByJob(store, n));
  }
  if (q.includes('@')) {
    const ids = new Set((await clients.findByEmail(store, q)).map((c) => c.id));
    for (const row of await store.findBy<StoredRecord & { ContactId: number }>('ContactEmail', 'email', q.toLowerCase())) ids.add(row.ContactId);
    for (const id of [...ids].slice(0, MAX_RESULTS)) add((await invoices.list(store, { clientId: id }, { limit: MAX_RESULTS })).invoices);
  }
  add([await invoices.findByNumber(store, q), await invoices.findByNumber(store, q.toUpperCase())]);
  return [...found.values()].sort((a, b) => b.id - a.id);
}
