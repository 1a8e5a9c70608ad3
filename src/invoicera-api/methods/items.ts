// Invoicera line and payment methods: addInvoiceItem, updateInvoiceItem, deleteInvoiceItem,
// invoiceOfflinePayment. Each request is one transaction: several lines or payments in one request
// all apply or none does.
import { invalid, notFound } from '../../errors.js';
import { formatMoney } from '../../money/money.js';
import { checkLineCount } from '../../invoicing/invoice.js';
import type { InvoiceBook } from '../../services/invoices.js';
import type { Tx } from '../../store/port.js';
import { FLAG, ids, nodes, optEnum, optId, optText, requiredId, requiredText, text } from '../fields.js';
import { itemIdOf, itemNodes, readItemFields, readItems } from '../invoice-xml.js';
import { statusOut } from '../invoice-out.js';
import type { ApiMethod } from './types.js';
import type { XNode, XOut } from '../xml.js';

/** The invoice holding line `itemId`; when the request names an invoice_id it must match. */
async function invoiceOfItem(tx: Tx, invoices: InvoiceBook, itemId: number, given: number | undefined) {
  const found = await invoices.findItem(tx, itemId);
  if (!found || (given !== undefined && found.invoice.id !== given)) {
    throw notFound(`item ${itemId} not found${given !== undefined ? ` on invoice ${given}` : ''}`, 'invoice_item_id');
  }
  return found;
}

/** The lines a request names: `<items><item>` each with its invoice_item_id, else the request itself (our older form). */
function namedLines(body: XNode): XNode[] {
  const listed = itemNodes(body);
  return listed.length > 0 ? listed : [body];
}

/** Items under <items><item>, bare <item>, or the item fields directly in the request. */
const addInvoiceItem: ApiMethod = {
  write: true,
  async run(tx, body, { invoices, orders }) {
    const invoiceId = requiredId(body, 'invoice_id');
    const listed = readItems(body).map(({ id: _ignored, ...fields }) => fields);
    const items = listed.length > 0 ? listed : [readItemFields(body)];
    checkLineCount(items.length);
    const added: number[] = [];
    for (const fields of items) {
      if (!fields.name?.trim()) throw invalid('item name is required', 'name');
      added.push((await orders.addItem(tx, invoiceId, fields)).id);
    }
    return { invoice_id: invoiceId, item_id: added.map(String) };
  },
};

/** One or more lines; each names its invoice_item_id (or item_id); only the fields given change. */
const updateInvoiceItem: ApiMethod = {
  write: true,
  async run(tx, body, { invoices, orders }) {
    const given = optId(body, 'invoice_id');
    const lines = namedLines(body);
    checkLineCount(lines.length);
    const updated: number[] = [];
    let invoiceId = 0;
    for (const line of lines) {
      const itemId = itemIdOf(line);
      if (itemId === undefined) throw invalid('invoice_item_id is required for each line to update (addInvoiceItem adds lines)', 'invoice_item_id');
      const { invoice, item } = await invoiceOfItem(tx, invoices, itemId, given);
      invoiceId = invoice.id;
      await orders.updateItem(tx, invoice.id, itemId, readItemFields(line, item));
      updated.push(itemId);
    }
    return { invoice_id: invoiceId, item_id: updated.map(String) };
  },
};

/** One or more invoice_item_id (or item_id), directly or in <items><item>. */
const deleteInvoiceItem: ApiMethod = {
  write: true,
  async run(tx, body, { invoices, orders }) {
    const given = optId(body, 'invoice_id');
    const list = [...ids(body, 'invoice_item_id'), ...ids(body, 'item_id')];
    for (const line of itemNodes(body)) {
      const id = itemIdOf(line);
      if (id !== undefined) list.push(id);
    }
    if (list.length === 0) throw invalid('invoice_item_id is required', 'invoice_item_id');
    const unique = [...new Set(list)];
    checkLineCount(unique.length);
    let invoiceId = 0;
    for (const itemId of unique) {
      invoiceId = (await invoiceOfItem(tx, invoices, itemId, given)).invoice.id;
      await orders.deleteItem(tx, invoiceId, itemId);
    }
    return { invoice_id: invoiceId, item_id: unique.map(String) };
  },
};

/** Payments per request: a bound on work, far above any real batch. */
const MAX_PAYMENTS = 1000;

/**
 * One payment per `<invoice>` block (id, amount, method, date, notes, client_notification), or the
 * fields directly in the request (invoice_id, payment_method, payment_date: our older form).
 */
const invoiceOfflinePayment: ApiMethod = {
  write: true,
  async run(tx, body, { invoices, orders }) {
    const blocks = nodes(body, 'invoice');
    const list = blocks.length > 0 ? blocks : [body];
    if (list.length > MAX_PAYMENTS) throw invalid(`at most ${MAX_PAYMENTS} payments per request (got ${list.length})`, 'invoice');
    const done: XOut[] = [];
    for (const p of list) {
      const invoiceId = optId(p, 'id') ?? requiredId(p, 'invoice_id');
      const { invoice, payment, receipt } = await orders.recordPayment(tx, invoiceId, {
        amount: requiredText(p, 'amount', 'paid_amount'),
        method: requiredText(p, 'method', 'payment_method'),
        date: optText(p, 'payment_date', 'date'),
        notes: text(p, 'notes') ?? text(p, 'note') ?? '',
        transactionId: optText(p, 'transaction_id'),
      }, { notify: optEnum(p, 'client_notification', FLAG) ?? false });
      const t = invoices.totals(invoice);
      done.push({
        invoice_id: invoice.id, payment_id: payment.id, invoice_status: statusOut(invoice.status),
        total_paid: formatMoney(t.totalPaid, invoice.currency), outstanding: formatMoney(t.balance, invoice.currency),
        receipt_message_id: receipt?.id,
      });
    }
    // One payment: its fields at the top (as before); always the list under <payments>.
    return { ...(done.length === 1 ? done[0] : {}), payments: { payment: done } };
  },
};

export const itemMethods: Record<string, ApiMethod> = { addInvoiceItem, updateInvoiceItem, deleteInvoiceItem, invoiceOfflinePayment };
