// The rows of a list answer (listInvoice, listClient, listOutbox), charged to the request's work
// budget as they are built: rows returned and their estimated reply bytes (docs/operations.md
// "Work per request"); the loop is handed back between rows.
import type { WorkBudget } from '../../xmlrpc/budget.js';
import type { XOut } from '../xml.js';

/** Rows of a list answer, each charged to the budget (rows returned, estimated reply bytes) as it is built. */
export async function deliverRows<T>(work: WorkBudget, items: T[], row: (item: T) => XOut): Promise<XOut[]> {
  work.mayDeliver();
  const rows: XOut[] = [];
  for (const item of items) {
    const out = row(item);
    work.deliver(out);
    rows.push(out);
    await work.pace();
  }
  return rows;
}
