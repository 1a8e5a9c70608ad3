// Invoicera invoice methods: createInvoice, updateInvoice, deleteInvoice, getInvoice, listInvoice,
// sendInvoiceMail, listOutbox.
import { invalid } from '../../errors.js';
import type { Client, Invoice } from '../../invoicing/model.js';
import { checkDate, type InvoicePatch } from '../../invoicing/invoice.js';
import { parseListStatus, parseRecordStatus } from '../../invoicing/status.js';
import type { ClientBook } from '../../services/clients.js';
import type { InvoiceFilters, InvoiceSortField } from '../../services/invoices.js';
import type { ReadOps } from '../../store/port.js';
import { dayOf, FLAG, ids, optEnum, optId, optNode, optText, paging, requiredId, text } from '../fields.js';
import { readInvoiceFields } from '../invoice-xml.js';
import { invoiceOut, invoiceSummaryOut, statusOut } from '../invoice-out.js';
import { ApiError, type ApiMethod } from './types.js';
import { deliverRows } from './rows.js';
import type { XNode } from '../xml.js';
import type { WorkBudget } from '../../xmlrpc/budget.js';

const SORT_FIELDS: Record<string, InvoiceSortField> = {
  invoice_id: 'id', id: 'id', number: 'number', invoice_number: 'number', date: 'date', due_date: 'dueDate',
  client_id: 'clientId', organization: 'organization', created: 'createdAt', created_at: 'createdAt', updated: 'updatedAt', updated_at: 'updatedAt',
};
const SORT_ORDER: Record<string, 'asc' | 'desc'> = { asc: 'asc', desc: 'desc', ascending: 'asc', descending: 'desc' };

function optDate(node: XNode, name: string): string | undefined {
  const v = dayOf(optText(node, name));
  return v === undefined ? undefined : checkDate(v, name);
}

/** The invoices' clients by id, for the client element of each answer; each read is charged. */
async function clientsOf(reader: ReadOps, clients: ClientBook, list: Invoice[], work: WorkBudget): Promise<Map<number, Client>> {
  const found = new Map<number, Client>();
  for (const id of new Set(list.map((inv) => inv.clientId))) {
    work.examine(1);
    const c = await clients.find(reader, id);
    if (c) found.set(id, c);
  }
  return found;
}

const createInvoice: ApiMethod = {
  write: true,
  async run(tx, body, { invoices }) {
    const { clientId, ...fields } = readInvoiceFields(body);
    if (clientId === undefined) throw invalid('client_id is required (<client><client_id>…</client_id></client>)', 'client_id');
    const inv = await invoices.create(tx, { ...fields, clientId });
    return { invoice_id: inv.id, number: inv.number };
  },
};

/**
 * Fields left out delete the previous value (the client address on the invoice too); identity fields
 * (client, number, date, status, record status, currency) stay unless given.
 */
const updateInvoice: ApiMethod = {
  write: true,
  async run(tx, body, { orders }) {
    const id = requiredId(body, 'invoice_id');
    const f = readInvoiceFields(body);
    const patch: InvoicePatch = {
      clientAddress: f.clientAddress, title: f.title, dueDate: f.dueDate, scheduleDate: f.scheduleDate, poNumber: f.poNumber, notes: f.notes,
      terms: f.terms, lateFee: f.lateFee, discount: f.discount, items: f.items, additionalCharges: f.additionalCharges,
      customFields: f.customFields,
    };
    if (f.clientId !== undefined) patch.clientId = f.clientId;
    if (f.number !== undefined) patch.number = f.number;
    if (f.date !== undefined) patch.date = f.date;
    if (f.status !== undefined) patch.status = f.status;
    if (f.recordStatus !== undefined) patch.recordStatus = f.recordStatus;
    if (f.currency !== undefined) patch.currency = f.currency;
    // Status paid records an offline payment: client_notification=1 mails its receipt, as invoiceOfflinePayment's does.
    const inv = await orders.updateInvoice(tx, id, patch, { notify: optEnum(body, 'client_notification', FLAG) ?? false });
    return { invoice_id: inv.id, number: inv.number };
  },
};

/** Several ids: repeated <invoice_id> ("more than one row"), directly or under <invoices>. All or nothing; an order's invoice takes its order along (src/orders). */
const deleteInvoice: ApiMethod = {
  write: true,
  async run(tx, body, { orders, log }) {
    const list = [...ids(body, 'invoice_id'), ...ids(optNode(body, 'invoices') ?? {}, 'invoice_id')];
    if (list.length === 0) throw invalid('invoice_id is required (one or more)', 'invoice_id');
    const unique = [...new Set(list)];
    for (const id of unique) await orders.deleteInvoice(tx, id, log);
    return { invoices: { '@deleted': unique.length, invoice_id: unique.map(String) } };
  },
};

const getInvoice: ApiMethod = {
  write: false,
  async run(store, body, { invoices, clients }) {
    // "Only one ID can be pass at a time": a second id is refused rather than silently ignored.
    if ((body.invoice_id?.length ?? 0) > 1) throw invalid('getInvoice takes one invoice_id (listInvoice lists several)', 'invoice_id');
    const inv = await invoices.get(store, requiredId(body, 'invoice_id'));
    return { invoice: invoiceOut(inv, invoices.totals(inv), await clients.find(store, inv.clientId)) };
  },
};

/**
 * Filters under <filter> (or directly in the request), each empty element meaning "any". Only
 * Active invoices unless invoice_record_status says otherwise; default order: number, descending.
 * Invoicera answers 400 when nothing matches.
 */
const listInvoice: ApiMethod = {
  write: false,
  async run(store, body, { invoices, clients }, work) {
    const f = optNode(body, 'filter') ?? body;
    const listStatus = optText(f, 'invoice_status', 'status');
    const recordStatus = optText(f, 'invoice_record_status', 'record_status');
    const filters: InvoiceFilters = {
      number: optText(f, 'invoice_number', 'number'),
      clientId: optId(f, 'client_id'),
      listStatus: listStatus === undefined ? undefined : parseListStatus(listStatus),
      recordStatus: recordStatus === undefined ? 'Active' : parseRecordStatus(recordStatus, 'invoice_record_status'),
      dateFrom: optDate(f, 'date_from'),
      dateTo: optDate(f, 'date_to'),
    };
    const page = paging(f);
    const sort = { field: optEnum(f, 'sort_column', SORT_FIELDS) ?? optEnum(f, 'sort_by', SORT_FIELDS) ?? 'number', dir: optEnum(f, 'sort_order', SORT_ORDER) ?? 'desc' };
    work.mayDeliver();
    const { total, invoices: list } = await invoices.list(store, filters, page, sort, work);
    if (total === 0) throw new ApiError(400, 'no invoice matches the filter');
    const byId = await clientsOf(store, clients, list, work);
    return {
      invoices: {
        '@total': total, '@page': page.page, '@per_page_record': page.perPage,
        invoice: await deliverRows(work, list, (inv) => invoiceSummaryOut(inv, invoices.totals(inv), byId.get(inv.clientId))),
      },
    };
  },
};

/** Marks the invoice sent and queues the message; it is mailed after the commit when SMTP is configured. */
const sendInvoiceMail: ApiMethod = {
  write: true,
  async run(tx, body, { invoices }) {
    const id = requiredId(body, 'invoice_id');
    const { invoice, message } = await invoices.sendMail(tx, id, {
      to: optText(body, 'email', 'to'),
      subject: optText(body, 'subject'),
      body: text(body, 'message') ?? text(body, 'body'),
    });
    return { invoice_id: invoice.id, message_id: message.id, invoice_status: statusOut(invoice.status), delivery: message.state };
  },
};

const listOutbox: ApiMethod = {
  write: false,
  async run(store, body, { invoices }, work) {
    const f = optNode(body, 'filter') ?? body;
    const page = paging(f);
    work.mayDeliver();
    const { total, messages } = await invoices.listOutbox(store, optId(f, 'invoice_id'), page, work);
    return {
      messages: {
        '@total': total, '@page': page.page, '@per_page_record': page.perPage,
        message: await deliverRows(work, messages, (msg) => ({
          message_id: msg.id, invoice_id: msg.invoiceId, kind: msg.kind ?? 'invoice', to: msg.to, subject: msg.subject, body: msg.body,
          delivery: msg.state, attempts: msg.attempts ?? 0, created_at: msg.createdAt,
          ...(msg.sentAt ? { sent_at: msg.sentAt } : {}),
          // The category only: the full SMTP text can name internal hosts (it is in the gateway's log).
          ...(msg.lastError ? { last_error: msg.lastErrorKind ?? 'error' } : {}),
        })),
      },
    };
  },
};

export const invoiceMethods: Record<string, ApiMethod> = {
  createInvoice, updateInvoice, deleteInvoice, getInvoice, listInvoice, sendInvoiceMail, listOutbox,
};
