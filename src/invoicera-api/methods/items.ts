// Invoicera line and payment methods: addInvoiceItem, updateInvoiceItem, deleteInvoiceItem,
// invoiceOfflinePayment.
import { invalid, notFound } from '../../errors.js';
import { formatMoney } from '../../money/money.js';
import { checkLineCount } from '../../invoicing/invoice.js';
import type { InvoiceBook } from '../../services/invoices.js';
import type { Tx } from '../../store/port.js';
import { optId, optText, requiredId, requiredText, text } from '../fields.js';
import { readItemFields, readItems } from '../invoice-xml.js';
import type { ApiMethod } from './types.js';
import type { XNode } from '../xml.js';

/** The invoice holding item_id; when invoice_id is also given it must match. */
async function invoiceOfItem(tx: Tx, invoices: InvoiceBook, body: XNode): Promise<{ invoiceId: number; itemId: number }> {
  const itemId = requiredId(body, 'item_id');
  const found = await invoices.findItem(tx, itemId);
  const given = optId(body, 'invoice_id');
  if (!found || (given !== undefined && found.invoice.id !== given)) {
    throw notFound(`item ${itemId} not found${given !== undefined ? ` on invoice ${given}` : ''}`, 'item_id');
  }
  return { invoiceId: found.invoice.id, itemId };
}

/** Items under <items><item>, bare <item>, or the item fields directly in the request. */
const addInvoiceItem: ApiMethod = {
  write: true,
  async run(tx, body, { orders }) {
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

/** Only the fields given change. */
const updateInvoiceItem: ApiMethod = {
  write: true,
  async run(tx, body, { invoices, orders }) {
    const { invoiceId, itemId } = await invoiceOfItem(tx, invoices, body);
    await orders.updateItem(tx, invoiceId, itemId, readItemFields(body));
    return { invoice_id: invoiceId, item_id: itemId };
  },
};

const deleteInvoiceItem: ApiMethod = {
  write: true,
  async run(tx, body, { invoices, orders }) {
    const { invoiceId, itemId } = await invoiceOfItem(tx, invoices, body);
    await orders.deleteItem(tx, invoiceId, itemId);
    return { invoice_id: invoiceId, item_id: itemId };
  },
};

const invoiceOfflinePayment: ApiMethod = {
  write: true,
  async run(tx, body, { invoices, orders }) {
    const invoiceId = requiredId(body, 'invoice_id');
    const { invoice, payment } = await orders.recordPayment(tx, invoiceId, {
      amount: requiredText(body, 'amount', 'paid_amount'),
      method: requiredText(body, 'payment_method', 'method'),
      date: optText(body, 'payment_date', 'date'),
      notes: text(body, 'notes') ?? text(body, 'note') ?? '',
      transactionId: optText(body, 'transaction_id'),
    });
    const t = invoices.totals(invoice);
    return {
      invoice_id: invoice.id, payment_id: payment.id, invoice_status: invoice.status,
      total_paid: formatMoney(t.totalPaid, invoice.currency), outstanding: formatMoney(t.balance, invoice.currency),
    };
  },
};

export const itemMethods: Record<string, ApiMethod> = { addInvoiceItem, updateInvoiceItem, deleteInvoiceItem, invoiceOfflinePayment };
