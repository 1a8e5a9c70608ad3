// InvoiceBook: load → pure invoicing domain → save, through the store port only. Methods that
// write take the caller's Tx so a front (Keap, Invoicera) composes one atomic transaction.
//
// Stored record = the domain Invoice plus denormalised index fields `itemIds` and `paymentIds`, so
// an InvoiceItem or Payment is found by id without scanning. Numbers: automatic ones come from a
// store sequence (no shared read-modify-write, so concurrent orders never conflict on Redis); an
// explicit number ending in digits moves automatic numbering to it through a rarely written
// "floor" holding counter, prefix and width (explicit INV137 → next INV138; ACME-0041 → ACME-0042). A marker per number ever issued lives in the
// key/value space (no expiry), so a number is never handed out twice, even after a delete.
import type { MailAddress } from './mail-addresses.js';
import type { ReadOps, Store, StoredRecord, Tx } from '../store/port.js';
import { conflict, invalid, notFound } from '../errors.js';
import type { Client, Invoice, LineItem, Payment } from '../invoicing/model.js';
import { buildInvoice, buildItem, checkLineCount, patchInvoice, patchItem, settle, type GrowingInvoice, type InvoiceInput, type InvoicePatch, type LineItemInput } from '../invoicing/invoice.js';
import { autoNumber, checkInvoiceNumber, floorAfter, hasCounter, type NumberFloor } from '../invoicing/numbering.js';
import { applyPayment, preparePayment, type PaymentInput } from '../invoicing/payments.js';
import { advance, checkRequestedStatus, hasListStatus, type ListStatus, type RequestedStatus, type WorkflowStatus } from '../invoicing/status.js';
import { computeTotals, type InvoiceTotals } from '../invoicing/totals.js';
import { formatMoney } from '../money/money.js';
import { scanMatching, UNMETERED, type WorkMeter } from './paced-scan.js';
import { sortPaced } from './paced-sort.js';

export const INVOICE = 'Invoice';
export const OUTBOX = 'Outbox';
const NUMBER_SEQUENCE = 'InvoiceNumber';
const FLOOR_KEY = 'invoicing:number-floor';
const numberKey = (n: string) => `invoicing:number:${n}`;
/** Natural, case-insensitive order: numbers inside text compare by value (INV99 < INV100). */
const NATURAL = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

export interface InvoiceBookOptions {
  currency: string;
  numberPrefix: string;
  numberWidth: number;
  /** Added to sequence values so invoice ids can start above a legacy range. */
  idOffset?: number;
  now: () => Date;
}

export interface InvoiceFilters {
  clientId?: number;
  jobId?: number;
  number?: string;
  status?: Invoice['status'];
  /** One of the 13 list statuses (docs/invoicera-api.md), defined on status and balance. */
  listStatus?: ListStatus;
  recordStatus?: Invoice['recordStatus'];
  /** Inclusive YYYY-MM-DD bounds on the invoice date. */
  dateFrom?: string;
  dateTo?: string;
}
export interface Paging { offset?: number; limit?: number }
/** `number` sorts naturally (INV99 before INV100); `organization` by the client's organization, else name. */
export type InvoiceSortField = 'id' | 'number' | 'date' | 'dueDate' | 'clientId' | 'createdAt' | 'updatedAt' | 'organization';
export interface InvoiceSort { field: InvoiceSortField; dir?: 'asc' | 'desc' }

/** The parts of an API mail beyond to/subject/text; addresses parsed, so no caller text becomes a header. */
export interface StoredMail {
  /** The From header; absent → the gateway's GATEWAY_MAIL_FROM. */
  from?: MailAddress;
  to: MailAddress[];
  cc: MailAddress[];
  bcc: MailAddress[];
  html?: string;
  /** The contact the message was merged for, and the template it came from. */
  contactId?: number;
  templateId?: number;
}

/** Where a queued invoice mail is: see src/services/mail-outbox.ts for the delivery cycle. */
export type DeliveryState = 'queued' | 'sending' | 'sent' | 'failed';

export interface OutboxMessage extends StoredRecord {
  /** The invoice mailed or receipted; absent for an API mail (kind 'email'). */
  invoiceId?: number;
  to: string;
  subject: string;
  /** The caller's message, as given. */
  body: string;
  /** The plain text mailed: the message and a summary of the invoice as it was when queued. */
  text?: string;
  /** The invoice and its client as they were when queued: the mailed HTML and PDF are rendered from it. */
  snapshot?: { invoice: Invoice; client?: Client };
  /** 'queued' until an SMTP transport (GATEWAY_SMTP_URL) delivers it; without one it stays queued. */
  state: DeliveryState;
  createdAt: string;
  /** Delivery attempts started so far. */
  attempts?: number;
  /** ISO time before which a queued message is not retried (back-off after a transient failure). */
  nextAttemptAt?: string;
  /** ISO time until which a 'sending' message belongs to the instance that claimed it. */
  leaseUntil?: string;
  /** The last failure's full text (for operators and logs; may name internal hosts). */
  lastError?: string;
  /** What the message is: the invoice (sendInvoiceMail), a payment receipt (client_notification), an API mail. */
  kind?: 'invoice' | 'receipt' | 'email';
  /** An API mail's parsed addresses and HTML part, mailed as stored (src/services/email-outbox.ts). */
  mail?: StoredMail;
  /** Its category, which is what API callers see: refused, deferred, unreachable, authentication, timeout, error. */
  lastErrorKind?: string;
  sentAt?: string;
  /** The SMTP server's Message-ID for a sent message. */
  smtpMessageId?: string;
}

/** What reserve() takes ahead of a draft: the invoice's id and its currency. */
export interface ReservedInvoice { id: number; currency: string }

type InvoiceRecord = Invoice & StoredRecord & { itemIds: number[]; paymentIds: number[] };

/** Module level, not a closure per call: every invoice written goes through toRecord. */
const idOf = (x: { id: number }) => x.id;

function toRecord(inv: Invoice): InvoiceRecord {
  return { ...inv, itemIds: inv.items.map(idOf), paymentIds: inv.payments.map(idOf) };
}

function fromRecord(rec: InvoiceRecord): Invoice {
  const { itemIds: _items, paymentIds: _payments, ...inv } = rec;
  return inv;
}

export class InvoiceBook {
  private readonly idOffset: number;

  constructor(private readonly store: Store, private readonly opts: InvoiceBookOptions) {
    this.idOffset = opts.idOffset ?? 0;
  }

  /** THE calculation routine, for every view. */
  totals(inv: Invoice): InvoiceTotals { return computeTotals(inv); }

  async create(tx: Tx, input: InvoiceInput): Promise<Invoice> {
    const inv = await this.settleRequested(tx, await this.draft(tx, input), input.status);
    this.save(tx, inv);
    return inv;
  }

  /**
   * create() without the write: the same checks, number and ids, but the invoice is only built.
   * The caller finishes it in memory in the same transaction (appendItem, finish) and writes
   * it once with write(), instead of rewriting the stored record for every line (placeOrder).
   * `clientReader` (a view of `tx`'s reads) reads the client; `reserved`, if given, is from reserve().
   */
  async draft(tx: Tx, input: InvoiceInput, clientReader: ReadOps = tx, reserved?: ReservedInvoice): Promise<Invoice> {
    checkLineCount(input.items?.length ?? 0);
    const currency = reserved?.currency ?? await this.currencyOf(clientReader, input.clientId);
    const number = await this.claimNumber(tx, input.number);
    const id = reserved?.id ?? await this.newId(tx);
    const itemIds: number[] = [];
    for (let i = 0; i < (input.items ?? []).length; i++) itemIds.push(await tx.nextId('InvoiceItem'));
    return buildInvoice(input, { id, number, currency, now: this.opts.now(), itemIds });
  }

  /**
   * A new invoice's id and currency (its client checked), taken before its draft when the caller
   * needs them sooner (placeOrder's pricing).
   */
  async reserve(tx: Tx, clientReader: ReadOps, clientId: number): Promise<ReservedInvoice> {
    const currency = await this.currencyOf(clientReader, clientId);
    return { id: await this.newId(tx), currency };
  }

  private async newId(tx: Tx): Promise<number> { return this.idOffset + await tx.nextId(INVOICE); }

  /** A new invoice's currency: its client's (Invoicera clients carry one), else the configured one. */
  async currencyOf(reader: ReadOps, clientId: number): Promise<string> {
    return (await this.requireClient(reader, clientId)).currency || this.opts.currency;
  }

  /**
   * An invoice that will never be stored (a price quote such as previewOrder): built and checked
   * like any other, in `currency` (currencyOf its client), with placeholder id, number and line ids.
   */
  preview(input: InvoiceInput, currency: string): Invoice {
    return buildInvoice(input, { id: 0, number: '', currency, now: this.opts.now(), itemIds: (input.items ?? []).map((_, i) => i + 1) });
  }

  /**
   * addItem on an invoice held in memory (see draft): the same id and checks (the invoice is
   * checked as settled after this line, so a line that makes it impossible faults here), nothing
   * written; finish() makes the invoice.
   */
  async appendItem(tx: Tx, growing: GrowingInvoice, input: LineItemInput): Promise<LineItem> {
    const item = buildItem(input, await tx.nextId('InvoiceItem'));
    growing.add(item);
    return item;
  }

  /** The invoice appendItem grew, with the promo codes applied to it when given, updated now. */
  finish(growing: GrowingInvoice, promoCodes?: string[]): Invoice {
    return growing.finish(this.opts.now(), promoCodes);
  }

  /** Store an invoice built in memory (see draft). */
  write(tx: Tx, inv: Invoice): void {
    this.save(tx, inv);
  }

  /** The invoice, or undefined. */
  async find(reader: ReadOps, id: number): Promise<Invoice | undefined> {
    const rec = await reader.get<InvoiceRecord>(INVOICE, id);
    return rec ? fromRecord(rec) : undefined;
  }

  /** The invoice; DomainError not_found (field invoiceId) when missing. */
  async get(reader: ReadOps, id: number): Promise<Invoice> {
    const inv = await this.find(reader, id);
    if (!inv) throw notFound(`invoice ${id} not found`, 'invoiceId');
    return inv;
  }

  async update(tx: Tx, id: number, patch: InvoicePatch): Promise<Invoice> {
    const inv = await this.get(tx, id);
    if (patch.clientId !== undefined && patch.clientId !== inv.clientId) await this.requireClient(tx, patch.clientId);
    const { items: itemPatch, number, ...rest } = patch;
    let items: LineItem[] | undefined;
    if (itemPatch) {
      checkLineCount(itemPatch.length);
      const known = new Set(inv.items.map((i) => i.id));
      items = [];
      for (const it of itemPatch) {
        const { id: itemId, ...fields } = it;
        items.push(buildItem(fields, itemId !== undefined && known.has(itemId) ? itemId : await tx.nextId('InvoiceItem')));
      }
    }
    let next = patchInvoice(inv, { ...rest, items }, this.opts.now());
    if (number !== undefined && checkInvoiceNumber(number) !== inv.number) {
      next = { ...next, number: await this.claimNumber(tx, number) };
    }
    next = await this.settleRequested(tx, next, patch.status);
    this.save(tx, next);
    return next;
  }

  async addItem(tx: Tx, invoiceId: number, input: LineItemInput): Promise<{ invoice: Invoice; item: LineItem }> {
    const inv = await this.get(tx, invoiceId);
    const item = buildItem(input, await tx.nextId('InvoiceItem'));
    const invoice = this.touch({ ...inv, items: [...inv.items, item] });
    this.save(tx, invoice);
    return { invoice, item };
  }

  /** Only the given fields of the line change. */
  async updateItem(tx: Tx, invoiceId: number, itemId: number, patch: LineItemInput): Promise<{ invoice: Invoice; item: LineItem }> {
    const inv = await this.get(tx, invoiceId);
    const index = this.itemIndex(inv, itemId);
    const item = patchItem(inv.items[index], patch);
    const items = inv.items.slice();
    items[index] = item;
    const invoice = this.touch({ ...inv, items });
    this.save(tx, invoice);
    return { invoice, item };
  }

  async deleteItem(tx: Tx, invoiceId: number, itemId: number): Promise<Invoice> {
    const inv = await this.get(tx, invoiceId);
    this.itemIndex(inv, itemId);
    const invoice = this.touch({ ...inv, items: inv.items.filter((i) => i.id !== itemId) });
    this.save(tx, invoice);
    return invoice;
  }

  /**
   * Record an offline payment; refuses an amount above the balance (never drops the excess).
   * `notify` queues a payment receipt to the client in the outbox, in the same transaction.
   */
  async addPayment(tx: Tx, invoiceId: number, input: PaymentInput, opts: { notify?: boolean } = {}): Promise<{ invoice: Invoice; payment: Payment; receipt?: OutboxMessage }> {
    const inv = await this.get(tx, invoiceId);
    const { invoice, payment } = await this.pay(tx, inv, input);
    this.save(tx, invoice);
    const receipt = opts.notify ? await this.queueReceipt(tx, invoice, payment) : undefined;
    return { invoice, payment, receipt };
  }

  private async pay(tx: Tx, inv: Invoice, input: PaymentInput): Promise<{ invoice: Invoice; payment: Payment }> {
    if (inv.recordStatus === 'Cancel') throw invalid(`invoice ${inv.number} is cancelled: it takes no payments`, 'invoiceId');
    const payment = preparePayment(input, await tx.nextId('Payment'), inv.currency, this.opts.now());
    return { invoice: { ...applyPayment(inv, payment), updatedAt: this.opts.now().toISOString() }, payment };
  }

  /**
   * A requested status against the invoice as it now is: `paid` records an offline payment of the
   * balance (method "Offline"); every balance status is then checked, so a contradiction is refused.
   */
  private async settleRequested(tx: Tx, inv: Invoice, requested: RequestedStatus | undefined): Promise<Invoice> {
    if (requested === undefined) return inv;
    let next = inv;
    const due = computeTotals(inv).balance;
    if (requested === 'paid' && due.gt(0)) {
      next = (await this.pay(tx, inv, { amount: formatMoney(due, inv.currency), method: 'Offline', notes: 'status set to paid' })).invoice;
    }
    checkRequestedStatus(requested, computeTotals(next), next.number);
    return next;
  }

  /** Queue a payment receipt for the client (client_notification); refused when the client has no email. */
  private async queueReceipt(tx: Tx, invoice: Invoice, payment: Payment): Promise<OutboxMessage> {
    const to = (await tx.get<StoredRecord & { email?: string }>('Client', invoice.clientId))?.email?.trim() ?? '';
    if (!to) throw invalid(`no recipient for the payment receipt: client ${invoice.clientId} has no email`, 'client_notification');
    const message: OutboxMessage = {
      id: await tx.nextId(OUTBOX),
      invoiceId: invoice.id,
      kind: 'receipt',
      to,
      subject: `Payment receipt for invoice ${invoice.number}`,
      body: '',
      text: receiptText(invoice, payment, this.totals(invoice)),
      state: 'queued',
      attempts: 0,
      createdAt: this.opts.now().toISOString(),
    };
    tx.put(OUTBOX, message);
    return message;
  }

  /**
   * Delete an invoice. Its number stays used forever. Callers go through OrderBook.deleteInvoice,
   * which refuses an invoice with payments: no path deletes a payment (there is no deletePayment).
   */
  async delete(tx: Tx, id: number): Promise<void> {
    await this.get(tx, id);
    tx.delete(INVOICE, id);
  }

  /** Move the workflow status forward by an action (sent, viewed); never backwards. */
  async mark(tx: Tx, id: number, to: WorkflowStatus): Promise<Invoice> {
    const inv = await this.get(tx, id);
    const invoice = { ...inv, status: advance(inv.status, to), updatedAt: this.opts.now().toISOString() };
    this.save(tx, invoice);
    return invoice;
  }

  markSent(tx: Tx, id: number): Promise<Invoice> { return this.mark(tx, id, 'sent'); }

  /**
   * sendInvoiceMail: mark the invoice sent and queue the message in the outbox, in the caller's
   * transaction (so a message exists exactly when the invoice says sent). Delivery happens after
   * the commit, by OutboxDelivery when SMTP is configured; otherwise messages stay 'queued'.
   */
  async sendMail(tx: Tx, id: number, mail: { to?: string; subject?: string; body?: string }): Promise<{ invoice: Invoice; message: OutboxMessage }> {
    const invoice = await this.markSent(tx, id);
    const client = await tx.get<Client & StoredRecord & { emailKey?: string }>('Client', invoice.clientId);
    const to = (mail.to ?? '').trim() || client?.email || '';
    if (!to) throw invalid(`no recipient: client ${invoice.clientId} has no email and none was given`, 'email');
    const message: OutboxMessage = {
      id: await tx.nextId(OUTBOX),
      invoiceId: id,
      kind: 'invoice',
      to,
      subject: mail.subject?.trim() || `Invoice ${invoice.number}`,
      body: mail.body ?? '',
      text: mailText(mail.body ?? '', invoice, this.totals(invoice)),
      snapshot: { invoice, client: client ? withoutIndexFields(client) : undefined },
      state: 'queued',
      attempts: 0,
      createdAt: this.opts.now().toISOString(),
    };
    tx.put(OUTBOX, message);
    return { invoice, message };
  }

  /** Paged by the store in id order (it reads only the page), so `meter` is charged for the page. */
  async listOutbox(store: Store, invoiceId?: number, paging: Paging = {}, meter: WorkMeter = UNMETERED): Promise<{ total: number; messages: OutboxMessage[] }> {
    const where = invoiceId === undefined ? undefined : { invoiceId };
    const { total, records } = await store.list<OutboxMessage>(OUTBOX, { where, offset: paging.offset, limit: paging.limit });
    meter.examine(records.length);
    return { total, messages: records };
  }

  async findByJob(reader: ReadOps, jobId: number): Promise<Invoice[]> {
    return (await reader.findBy<InvoiceRecord>(INVOICE, 'jobId', jobId)).map(fromRecord);
  }

  async findByNumber(reader: ReadOps, number: string): Promise<Invoice | undefined> {
    const [rec] = await reader.findBy<InvoiceRecord>(INVOICE, 'number', number);
    return rec ? fromRecord(rec) : undefined;
  }

  /** The invoice holding InvoiceItem `itemId`, and the item. */
  async findItem(reader: ReadOps, itemId: number): Promise<{ invoice: Invoice; item: LineItem } | undefined> {
    const [rec] = await reader.findBy<InvoiceRecord>(INVOICE, 'itemIds', itemId);
    const item = rec?.items.find((i) => i.id === itemId);
    return rec && item ? { invoice: fromRecord(rec), item } : undefined;
  }

  /** The invoice holding Payment `paymentId`, and the payment. */
  async findPayment(reader: ReadOps, paymentId: number): Promise<{ invoice: Invoice; payment: Payment } | undefined> {
    const [rec] = await reader.findBy<InvoiceRecord>(INVOICE, 'paymentIds', paymentId);
    const payment = rec?.payments.find((p) => p.id === paymentId);
    return rec && payment ? { invoice: fromRecord(rec), payment } : undefined;
  }

  /**
   * Invoices matching every filter, sorted (ties by id) and paged. Sorting happens here, not in the
   * store, because `number` is natural (INV99 < INV100) and `organization` is the client's. Every
   * invoice and client read is charged to `meter` (a front's per-request budget), and the scan and
   * the sort hand the event loop back as they go (paced-scan.ts, paced-sort.ts).
   */
  async list(store: Store, filters: InvoiceFilters = {}, paging: Paging = {}, sort: InvoiceSort = { field: 'id' }, meter: WorkMeter = UNMETERED): Promise<{ total: number; invoices: Invoice[] }> {
    // Most selective index first: it alone is read from the store, the others are checked per invoice.
    const where: Record<string, string | number> = {};
    if (filters.number !== undefined) where.number = filters.number;
    if (filters.jobId !== undefined) where.jobId = filters.jobId;
    if (filters.clientId !== undefined) where.clientId = filters.clientId;
    if (filters.status !== undefined) where.status = filters.status;
    const { listStatus } = filters;
    const records = await scanMatching<InvoiceRecord>(store, INVOICE, {
      where,
      filter: (r) => (!filters.recordStatus || r.recordStatus === filters.recordStatus)
        && (!filters.dateFrom || r.date >= filters.dateFrom)
        && (!filters.dateTo || r.date <= filters.dateTo)
        && (!listStatus || hasListStatus(listStatus, r, computeTotals(r))),
    }, meter);
    const key = await this.sortKey(store, records, sort.field, meter);
    const dir = sort.dir === 'desc' ? -1 : 1;
    const sorted = await sortPaced(records, (a, b) => dir * (NATURAL.compare(key(a), key(b)) || a.id - b.id), () => meter.pace());
    const offset = paging.offset ?? 0;
    const page = sorted.slice(offset, paging.limit === undefined ? undefined : offset + paging.limit);
    return { total: records.length, invoices: page.map(fromRecord) };
  }

  private async sortKey(store: Store, records: InvoiceRecord[], field: InvoiceSortField, meter: WorkMeter): Promise<(r: InvoiceRecord) => string> {
    if (field !== 'organization') return (r) => String(r[field] ?? '');
    const names = new Map<number, string>();
    for (const clientId of new Set(records.map((r) => r.clientId))) {
      meter.examine(1);
      const c = await store.get<StoredRecord & { organization?: string; firstName?: string; lastName?: string }>('Client', clientId);
      names.set(clientId, (c?.organization?.trim() || `${c?.firstName ?? ''} ${c?.lastName ?? ''}`.trim()));
      await meter.pace();
    }
    return (r) => names.get(r.clientId) ?? '';
  }

  private touch(inv: Invoice): Invoice {
    return settle({ ...inv, updatedAt: this.opts.now().toISOString() });
  }

  private save(tx: Tx, inv: Invoice): void {
    tx.put(INVOICE, toRecord(inv));
  }

  private itemIndex(inv: Invoice, itemId: number): number {
    const index = inv.items.findIndex((i) => i.id === itemId);
    if (index < 0) throw notFound(`item ${itemId} not found on invoice ${inv.id}`, 'itemId');
    return index;
  }

  private async requireClient(reader: ReadOps, clientId: number): Promise<{ currency: string }> {
    if (!Number.isSafeInteger(clientId) || clientId <= 0) throw invalid(`client id must be a positive integer`, 'clientId');
    const client = await reader.get<StoredRecord & { currency?: string }>('Client', clientId);
    if (!client) throw notFound(`client ${clientId} not found`, 'clientId');
    return { currency: typeof client.currency === 'string' ? client.currency : '' };
  }

  /**
   * An explicit number must never have been issued; an automatic one skips numbers taken explicitly.
   * Automatic numbers can skip a value when a transaction is re-run (optimistic Redis) or aborts
   * after claiming one: numbers are increasing and never reused, not gap-free (docs/invoicera-api.md).
   */
  private async claimNumber(tx: Tx, explicit: string | undefined): Promise<string> {
    const { numberPrefix: prefix, numberWidth: width } = this.opts;
    let number: string;
    if (explicit !== undefined) {
      const floor = await tx.getKv<NumberFloor>(FLOOR_KEY);
      number = checkInvoiceNumber(explicit);
      if (await tx.getKv(numberKey(number)) !== undefined) throw conflict(`invoice number ${number} is already used`, 'number');
      // Automatic numbering continues from this one (its prefix, its digits), never backwards.
      if (hasCounter(number)) tx.putKv(FLOOR_KEY, floorAfter(number, floor, await tx.nextId(NUMBER_SEQUENCE), prefix, width));
    } else {
      // The floor and the next sequence value do not depend on each other: on Redis they share a round trip.
      const [floor, first] = await Promise.all([tx.getKv<NumberFloor>(FLOOR_KEY), tx.nextId(NUMBER_SEQUENCE)]);
      number = autoNumber(floor, first, prefix, width);
      // Taken explicitly before: rare, so on Redis this is checked by the commit, not read (kvAbsent).
      while (!(await tx.kvAbsent(numberKey(number)))) number = autoNumber(floor, await tx.nextId(NUMBER_SEQUENCE), prefix, width);
    }
    tx.putKv(numberKey(number), true);
    return number;
  }

}

function withoutIndexFields(rec: Client & { emailKey?: string }): Client {
  const { emailKey: _key, ...client } = rec;
  return client;
}

/** A payment receipt: the payment, then the invoice's figures after it. */
function receiptText(inv: Invoice, p: Payment, t: InvoiceTotals): string {
  const money = (b: InvoiceTotals['total']) => `${formatMoney(b, inv.currency)} ${inv.currency}`;
  return [
    `Payment received for invoice ${inv.number}${inv.title ? ` — ${inv.title}` : ''}`,
    `Amount: ${p.amount} ${inv.currency}`,
    `Method: ${p.method}`,
    `Date: ${p.date.slice(0, 10)}`,
    ...(p.notes.trim() ? [`Notes: ${p.notes.trim()}`] : []),
    `Invoice total: ${money(t.total)}`,
    `Paid: ${money(t.totalPaid)}`,
    `Balance due: ${money(t.balance)}`,
  ].join('\n') + '\n';
}

/** The mailed text: the caller's message, then the invoice's figures from the one totals routine. */
function mailText(message: string, inv: Invoice, t: InvoiceTotals): string {
  const money = (b: InvoiceTotals['total']) => `${formatMoney(b, inv.currency)} ${inv.currency}`;
  const lines = [
    `Invoice ${inv.number}${inv.title ? ` — ${inv.title}` : ''}`,
    `Date: ${inv.date}`,
    ...(inv.dueDate ? [`Due: ${inv.dueDate}`] : []),
    `Total: ${money(t.total)}`,
    `Paid: ${money(t.totalPaid)}`,
    `Balance due: ${money(t.balance)}`,
  ];
  return message.trim() ? `${message.trim()}\n\n${lines.join('\n')}\n` : `${lines.join('\n')}\n`;
}
