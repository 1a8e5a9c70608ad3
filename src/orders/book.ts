// OrderBook: the one owner of an order's life, for every front (Keap XML-RPC, Invoicera XML, a
// future billing scheduler). An order is a Job (header) + ONE invoice (JobId = Job.Id) whose lines
// are the order's lines (OrderItem = their projection, lines.ts) + the promotion uses its pricing
// consumed + the payments on the invoice. Fronts translate names and faults; only this module
// writes Job, OrderItem, PendingCharge, CCharge, payments and releases promotion uses.
//
// Rules every front gets (docs/architecture.md "Orders"):
// - every money movement on an invoice (charge, manual/offline payment, line edit, delete) is
//   refused while a card charge of it is pending (pending.ts) — one guard;
// - once an ORDER's invoice has payments its lines and amounts are frozen and it cannot be deleted;
//   a plain Invoicera invoice follows its document (editable, deletable) but a deleted invoice
//   with payments is kept in the DeletedInvoice audit trail: no payment vanishes silently;
// - deleting an order's invoice deletes the order: Job, OrderItems, and promotion uses come back.
import type { Logger } from 'pino';
import type { ReadOps, Store, Tx } from '../store/port.js';
import type { Invoice, LineItem, Payment } from '../invoicing/model.js';
import { GrowingInvoice, type InvoicePatch, type LineItemInput } from '../invoicing/invoice.js';
import type { PaymentInput } from '../invoicing/payments.js';
import { formatMoney } from '../money/money.js';
import { conflict, invalid, notFound } from '../errors.js';
import type { InvoiceBook, OutboxMessage, ReservedInvoice } from '../services/invoices.js';
import type { PaymentProcessor } from '../services/payments/port.js';
import type { CodeOutcome, OrderLineInput, OrderPricingStep, PricingResult } from '../services/order-pricing.js';
import { NO_ORDER_CHARGES, type OrderChargesStep, type TaxLineQuote } from '../services/order-charges.js';
import { isTaxLine } from '../invoicing/totals.js';
import { ITEM_TYPE } from '../invoicing/item-types.js';
import { chargeInvoice, reconcilePendingCharges, type ChargeDeps, type ChargeInput, type ChargeOutcome } from './charge.js';
import { requireNoPendingCharge } from './pending.js';
import { lineInput, projectOrderItems, putOrderItem } from './lines.js';
import { JOB, ORDER_ITEM, type JobInput, type JobRecord, type OrderItemRecord, type OrderLine } from './records.js';
import { CommissionLedger } from '../affiliates/ledger.js';
import { CLIENT, type ClientBook } from '../services/clients.js';
import { ReadingOnce } from './read-once.js';
import { allInOrder, startEarly } from '../start-early.js';

export interface OrderDeps {
  store: Store;
  invoices: InvoiceBook;
  clients: ClientBook;
  pricing: OrderPricingStep;
  /** Shipping and tax lines (default: none). */
  charges?: OrderChargesStep;
  payments: PaymentProcessor;
  log: Logger;
  now: () => Date;
  /** How long a card charge belongs to the call that started it (default 5 minutes). */
  chargeLeaseMs?: number;
  /** Subscriptions and payment plans an order starts (src/billing), in the order's transaction. */
  subscriptions?: OrderSubscriptions;
}

/** What an order's subscription plans and payment plan become (src/billing/start.ts implements it). */
export interface OrderSubscriptions {
  orderPlaced(tx: Tx, order: { job: JobRecord; invoice: Invoice; lines: OrderLineInput[]; priced: PricingResult; billing: OrderBilling }): Promise<void>;
  /** After the commit, an order on a payment plan: its first installment's charge (instead of the whole balance). */
  chargeFirstInstallment?(invoiceId: number, log: Logger): Promise<FirstCharge | undefined>;
}

/** How placeOrder's later payments are taken: the card on file and the payment plan (0 = pay in full). */
export interface OrderBilling { creditCardId: number; payPlanId: number }

export interface PlacedOrder {
  orderId: number;
  invoiceId: number;
  invoice: Invoice;
  outcomes: CodeOutcome[];
}

/**
 * How an order's lines are read inside its transaction: a front's own checks and catalogue reads,
 * which run only once the contact is known to exist (so its fault comes first) and share the
 * transaction's reads (on Redis, the contact's round trip).
 */
export type OrderLines = (reader: ReadOps) => Promise<OrderLineInput[]>;

function requireLines(lines: OrderLineInput[]): OrderLineInput[] {
  if (lines.length === 0) throw invalid('an order needs at least one product or subscription plan', 'productIds');
  return lines;
}

/** The first charge of a new order: its outcome, or 'failed' when it could not be completed. */
export type FirstCharge = ChargeOutcome | 'failed';

const DEFAULT_LEASE_MS = 5 * 60_000;
/** Audit trail: a deleted invoice that had payments, as it was (id = invoice id). */
export const DELETED_INVOICE = 'DeletedInvoice';

export class OrderBook {
  private readonly charging: ChargeDeps;
  private readonly charges: OrderChargesStep;
  /** Affiliate commissions: recorded when an invoice is paid, taken back when it is deleted. */
  readonly commissions: CommissionLedger;

  constructor(private readonly d: OrderDeps) {
    this.charges = d.charges ?? NO_ORDER_CHARGES;
    this.commissions = new CommissionLedger(d.now);
    this.charging = {
      store: d.store, invoices: d.invoices, payments: d.payments, now: d.now, log: d.log, leaseMs: d.chargeLeaseMs ?? DEFAULT_LEASE_MS,
      afterPayment: (tx, invoice) => this.commissions.settle(tx, invoice),
    };
  }

  get invoices(): InvoiceBook { return this.d.invoices; }

  // ── reads ──────────────────────────────────────────────────────────────────────────────

  async requireContact(contactId: number, reader: ReadOps = this.d.store): Promise<void> {
    if (!Number.isInteger(contactId) || contactId <= 0) throw invalid(`contactId must be a positive contact id, got ${contactId}`, 'contactId');
    if (!(await this.d.clients.exists(reader, contactId))) throw notFound(`Contact ${contactId} was not found`, 'contactId');
  }

  async requireInvoice(reader: ReadOps, invoiceId: number): Promise<Invoice> {
    const inv = await this.d.invoices.find(reader, invoiceId);
    if (!inv) throw notFound(`Invoice ${invoiceId} was not found`, 'invoiceId');
    return inv;
  }

  async requireOrder(reader: ReadOps, orderId: number): Promise<JobRecord> {
    const job = await reader.get<JobRecord>(JOB, orderId);
    if (!job) throw notFound(`Order (Job) ${orderId} was not found`, 'orderId');
    return job;
  }

  /** The order's invoice id (0 when it has none). */
  async invoiceIdOfOrder(orderId: number): Promise<number> {
    await this.requireOrder(this.d.store, orderId);
    const [first] = await this.d.invoices.findByJob(this.d.store, orderId);
    return first ? first.id : 0;
  }

  /** Balance due, with the currency it is in. */
  async amountOwed(invoiceId: number): Promise<{ amount: string; currency: string }> {
    const inv = await this.requireInvoice(this.d.store, invoiceId);
    return { amount: formatMoney(this.d.invoices.totals(inv).balance, inv.currency), currency: inv.currency };
  }

  /** Read-only pricing of a would-be order, totals from the invoicing routine (previewOrder). */
  async preview(contactId: number, lines: OrderLineInput[], promo: { processSpecials: boolean; promoCodes: string[] }): Promise<{ priced: PricingResult; invoice: Invoice }> {
    if (lines.length === 0) throw invalid('an order needs at least one product or subscription plan', 'productIds');
    // Priced in the currency the order's invoice would have, as placeOrder prices it.
    const currency = await this.d.invoices.currencyOf(this.d.store, contactId);
    const cart = await this.withShipping(this.d.store, contactId, lines);
    const priced = await this.d.pricing.preview(this.d.store, {
      contactId, currency, lines: cart, processSpecials: promo.processSpecials, promoCodes: promo.promoCodes, now: this.d.now(), orderId: 0, invoiceId: 0,
    });
    // The would-be invoice, built in memory exactly as placeOrder builds it (ids are placeholders).
    const items = [...cart.map(toOrderLine), ...priced.specials.map((s) => specialLine(s, cart))].map((l, i) => lineInput(l, currency, i + 1));
    const invoice = this.d.invoices.preview({ clientId: contactId, items }, currency);
    const tax = await this.charges.taxLine(this.d.store, invoice);
    if (!tax) return { priced, invoice };
    return { priced, invoice: this.d.invoices.preview({ clientId: contactId, items: [...items, lineInput(taxOrderLine(tax), currency, items.length + 1)] }, currency) };
  }

  // ── creation ───────────────────────────────────────────────────────────────────────────

  /** An order with its empty invoice (createBlankOrder). */
  createBlank(job: JobInput): Promise<Invoice> {
    return this.d.store.transact(async (tx) => {
      const { invoice } = await this.createJobWithDraft(tx, job);
      this.d.invoices.write(tx, invoice);
      return invoice;
    });
  }

  /**
   * placeOrder's one transaction: Job + invoice, the pricing step (which may consume promo uses),
   * product/subscription lines, the shipping line, each special as a credit line of its type, the
   * tax line (on the discounted amounts), the applied codes.
   */
  createPriced(job: JobInput, readLines: OrderLines, promo: { processSpecials: boolean; promoCodes: string[] }, billing: OrderBilling = { creditCardId: 0, payPlanId: 0 }, log = this.d.log): Promise<PlacedOrder> {
    return this.d.store.transact(async (tx) => {
      // The invoice is built in memory and written once, with all its lines (pricing does not read it).
      // The contact is read once: its existence, the invoice's currency and the tax step's address
      // (read-once.ts); the lines' reads go out with it, their faults reported after its own.
      const reads = new ReadingOnce(tx, CLIENT, job.contactId);
      const contact = this.requireContact(job.contactId, reads);
      const reading = startEarly(readLines(tx));
      await contact;
      const lines = requireLines(await reading);
      // Neither the shipping line nor pricing needs the draft's number, only the order's and the
      // invoice's ids: their reads (promotion counters) go out with the number's claim, one round
      // trip on Redis. A failure is the one a sequential run reports: the draft's, shipping's, pricing's.
      const shipping = startEarly(this.withShipping(tx, job.contactId, lines));
      const ids = { job: await tx.nextId(JOB), invoice: await this.d.invoices.reserve(tx, reads, job.contactId) };
      const [created, cart, priced] = await allInOrder(
        this.createJobWithDraft(tx, job, reads, ids),
        shipping,
        shipping.then((cart) => this.d.pricing.apply(tx, {
          contactId: job.contactId, currency: ids.invoice.currency, lines: cart, processSpecials: promo.processSpecials, promoCodes: promo.promoCodes,
          now: this.d.now(), orderId: ids.job, invoiceId: ids.invoice.id, log,
        })),
      );
      const growing = new GrowingInvoice(created.invoice);
      await this.appendLines(tx, growing, [...cart.map(toOrderLine), ...priced.specials.map((s) => specialLine(s, cart))]);
      await this.withTax(tx, reads, growing);
      const invoice = this.d.invoices.finish(growing, priced.appliedCodes.length > 0 ? priced.appliedCodes : undefined);
      this.d.invoices.write(tx, invoice);
      await this.d.subscriptions?.orderPlaced(tx, { job: created.job, invoice, lines, priced, billing });
      return { orderId: created.job.id, invoiceId: invoice.id, invoice, outcomes: priced.outcomes };
    });
  }

  /**
   * Create the priced order, then (card given) charge it after the commit. A charge that surely did
   * not happen (declined, error) gives the promotion uses back so the contact can retry; after an
   * unexpected failure the state is unknown and they stay. `log`: the request's logger.
   */
  async placeOrder(job: JobInput, lines: OrderLines, promo: { processSpecials: boolean; promoCodes: string[] }, creditCardId: number, payPlanId = 0, log = this.d.log): Promise<{ placed: PlacedOrder; charge?: FirstCharge }> {
    const placed = await this.createPriced(job, lines, promo, { creditCardId, payPlanId }, log);
    log.info({ orderId: placed.orderId, invoiceId: placed.invoiceId, promo: placed.outcomes }, 'order placed');
    if (creditCardId === 0) return { placed };
    try {
      const charge = (payPlanId !== 0 ? await this.d.subscriptions?.chargeFirstInstallment?.(placed.invoiceId, log) : undefined)
        ?? await this.charge({ invoiceId: placed.invoiceId, notes: `Order ${placed.orderId}`, creditCardId, merchantAccountId: 0, bypassCommissions: false, log });
      if (charge === 'failed') return { placed, charge };
      if (!charge.successful && charge.code !== 'SKIPPED' && !charge.unsettled) {
        await this.d.store.transact((tx) => this.d.pricing.release(tx, placed.orderId, log));
      }
      return { placed, charge };
    } catch (err) {
      log.error({ err, orderId: placed.orderId, invoiceId: placed.invoiceId }, 'order placed but its payment could not be completed');
      return { placed, charge: 'failed' };
    }
  }

  /**
   * An order whose lines are already priced, in the caller's transaction: a subscription period's
   * order and invoice (src/billing). No pricing step; `header` adds Job fields (JobRecurringId).
   */
  async createUnpriced(tx: Tx, job: JobInput, lines: OrderLine[], header: Partial<JobRecord> = {}): Promise<Invoice> {
    const created = await this.createJobWithDraft(tx, job);
    if (Object.keys(header).length > 0) tx.put(JOB, { ...created.job, ...header, id: created.job.id });
    const growing = new GrowingInvoice(created.invoice);
    await this.appendLines(tx, growing, lines);
    const invoice = this.d.invoices.finish(growing);
    this.d.invoices.write(tx, invoice);
    return invoice;
  }

  // ── lines ──────────────────────────────────────────────────────────────────────────────

  /** Add one order line (addOrderItem): an invoice line and its OrderItem. */
  async addLine(tx: Tx, invoiceId: number, line: OrderLine): Promise<{ invoice: Invoice; item: LineItem }> {
    const invoice = await this.openForEdit(tx, invoiceId, 'adding a line');
    if (!invoice.jobId) throw invalid(`Invoice ${invoice.id} has no order (JobId); add items to an order's invoice`, 'invoiceId');
    const added = await this.d.invoices.addItem(tx, invoice.id, lineInput(line, invoice.currency, await tx.nextId(ORDER_ITEM)));
    putOrderItem(tx, added.invoice, added.item);
    return added;
  }

  /** DataService.add('OrderItem'): a line on the order's invoice, described in OrderItem fields. */
  async addOrderItem(tx: Tx, values: Partial<OrderItemRecord>): Promise<number> {
    const orderId = Number(values.OrderId);
    if (!Number.isInteger(orderId) || orderId <= 0) throw invalid('OrderId is required: the order (Job) the item belongs to', 'OrderId');
    await this.requireOrder(tx, orderId);
    const [invoice] = await this.d.invoices.findByJob(tx, orderId);
    if (!invoice) throw notFound(`Order (Job) ${orderId} has no invoice`, 'OrderId');
    const { item } = await this.addLine(tx, invoice.id, fromOrderItem(values, undefined));
    return item.keap!.orderItemId;
  }

  /** DataService.update('OrderItem'): the invoice line changes with it, so every total follows. */
  async updateOrderItem(tx: Tx, orderItemId: number, values: Partial<OrderItemRecord>): Promise<void> {
    const current = await tx.get<OrderItemRecord>(ORDER_ITEM, orderItemId);
    if (!current) throw notFound(`OrderItem ${orderItemId} was not found`, 'orderItemId');
    if (values.OrderId !== undefined && Number(values.OrderId) !== current.OrderId) throw invalid('OrderId of an OrderItem cannot change: add the item to the other order instead', 'OrderId');
    const [invoice] = await this.d.invoices.findByJob(tx, current.OrderId);
    const item = invoice?.items.find((i) => i.keap?.orderItemId === orderItemId);
    if (!invoice || !item) throw notFound(`OrderItem ${orderItemId} has no invoice line`, 'orderItemId');
    await this.openForEdit(tx, invoice.id, 'changing a line');
    const input = lineInput(fromOrderItem({ ...current, ...values }, item.keap?.promotionId), invoice.currency, orderItemId);
    const { invoice: next } = await this.d.invoices.updateItem(tx, invoice.id, item.id, input);
    await this.project(tx, next);
  }

  /** DataService.add('Job'): an order header without an invoice (as Keap allows); the fields as given. */
  async addJob(tx: Tx, values: Partial<JobRecord>): Promise<number> {
    const now = this.d.now().toISOString();
    const id = await tx.nextId(JOB);
    tx.put(JOB, { ...values, DateCreated: now, LastUpdated: now, id });
    return id;
  }

  /** DataService.update('Job'): the order's invoice follows its contact and title. */
  async updateJob(tx: Tx, orderId: number, values: Partial<JobRecord>): Promise<void> {
    const job = await this.requireOrder(tx, orderId);
    const next: JobRecord = { ...job, ...values, id: job.id, DateCreated: job.DateCreated, LastUpdated: this.d.now().toISOString() };
    const patch: InvoicePatch = {};
    if (next.ContactId !== job.ContactId) patch.clientId = Number(next.ContactId);
    if (next.JobTitle !== job.JobTitle) patch.title = next.JobTitle;
    for (const inv of Object.keys(patch).length ? await this.d.invoices.findByJob(tx, orderId) : []) {
      if (patch.clientId !== undefined) {
        await requireNoPendingCharge(tx, inv.id, 'moving the order to another contact');
        if (inv.payments.length > 0) throw paidRefusal(inv, 'its order cannot move to another contact');
      }
      await this.d.invoices.update(tx, inv.id, patch);
    }
    tx.put(JOB, next);
  }

  /**
   * Invoicera updateInvoice: refused once paid; on an order's invoice the OrderItems follow. Status
   * `paid` is a payment: the lines change first (under the frozen-lines rule), then the balance is
   * recorded through recordPayment like any offline payment (`notify` queues its receipt).
   */
  async updateInvoice(tx: Tx, invoiceId: number, patch: InvoicePatch, opts: { notify?: boolean } = {}): Promise<Invoice> {
    const before = await this.requireInvoice(tx, invoiceId);
    await requireNoPendingCharge(tx, invoiceId, 'changing the invoice');
    // A line resent with its id keeps its order identity and credit sign (the XML has no slot for them).
    const items = patch.items?.map((it) => {
      const old = it.id === undefined ? undefined : before.items.find((i) => i.id === it.id);
      return old ? { ...it, keap: it.keap ?? old.keap, credit: it.credit ?? old.credit } : it;
    });
    const paid = patch.status === 'paid';
    let after = await this.d.invoices.update(tx, invoiceId, { ...patch, ...(items ? { items } : {}), ...(paid ? { status: undefined } : {}) });
    if (before.jobId && before.payments.length > 0 && moneyChanged(before, after, this.d.invoices)) {
      throw paidRefusal(before, 'its lines, amounts, client and currency cannot change');
    }
    if (paid) after = await this.payBalance(tx, after, opts);
    // (payBalance pays through recordPayment, which settles the affiliate commissions.)
    return this.project(tx, after);
  }

  async addItem(tx: Tx, invoiceId: number, input: LineItemInput): Promise<LineItem> {
    await this.openForEdit(tx, invoiceId, 'adding a line');
    const { invoice, item } = await this.d.invoices.addItem(tx, invoiceId, input);
    const projected = await this.project(tx, invoice);
    return projected.items.find((i) => i.id === item.id)!;
  }

  async updateItem(tx: Tx, invoiceId: number, itemId: number, patch: LineItemInput): Promise<void> {
    await this.openForEdit(tx, invoiceId, 'changing a line');
    await this.project(tx, (await this.d.invoices.updateItem(tx, invoiceId, itemId, patch)).invoice);
  }

  async deleteItem(tx: Tx, invoiceId: number, itemId: number): Promise<void> {
    await this.openForEdit(tx, invoiceId, 'removing a line');
    await this.project(tx, await this.d.invoices.deleteItem(tx, invoiceId, itemId));
  }

  /**
   * InvoiceService.recalculateTax: the invoice's tax line (ItemType 2) recomputed from its current
   * lines and the contact's region; replaced, added or removed. Unchanged tax changes nothing (so
   * a paid invoice whose tax is right answers fine); a change follows the edit rules of any line.
   */
  async recalculateTax(tx: Tx, invoiceId: number): Promise<Invoice> {
    const invoice = await this.requireInvoice(tx, invoiceId);
    const old = invoice.items.filter(isTaxLine);
    const quote = await this.charges.taxLine(tx, { ...invoice, items: invoice.items.filter((i) => !isTaxLine(i)) });
    if (old.length === (quote ? 1 : 0) && (!quote || (old[0].unitCost === quote.amount && old[0].quantity === '1' && !old[0].credit))) return invoice;
    await this.openForEdit(tx, invoiceId, 'recalculating tax');
    let next = invoice;
    for (const line of old) next = await this.d.invoices.deleteItem(tx, invoiceId, line.id);
    if (quote) next = (await this.d.invoices.addItem(tx, invoiceId, lineInput(taxOrderLine(quote), next.currency, await tx.nextId(ORDER_ITEM)))).invoice;
    return this.project(tx, next);
  }

  // ── money ──────────────────────────────────────────────────────────────────────────────

  /** A manual (Keap) or offline (Invoicera) payment; refused during a card charge. `notify` queues a receipt. */
  async recordPayment(tx: Tx, invoiceId: number, input: PaymentInput, opts: { notify?: boolean } = {}): Promise<{ invoice: Invoice; payment: Payment; receipt?: OutboxMessage }> {
    await this.requireInvoice(tx, invoiceId);
    await requireNoPendingCharge(tx, invoiceId, 'recording a payment');
    const paid = await this.d.invoices.addPayment(tx, invoiceId, input, opts);
    await this.commissions.settle(tx, paid.invoice);
    return paid;
  }

  /** Status `paid` asked for: an offline payment of what is due (none when nothing is), then the status is checked. */
  private async payBalance(tx: Tx, invoice: Invoice, opts: { notify?: boolean }): Promise<Invoice> {
    const due = this.d.invoices.totals(invoice).balance;
    if (due.gt(0)) {
      await this.recordPayment(tx, invoice.id, { amount: formatMoney(due, invoice.currency), method: 'Offline', notes: 'status set to paid' }, opts);
    }
    return this.d.invoices.update(tx, invoice.id, { status: 'paid' });
  }

  /** Charge the invoice's balance to a stored card (charge.ts: recorded pending, then settled). */
  charge(input: ChargeInput): Promise<ChargeOutcome> {
    return chargeInvoice(this.charging, input);
  }

  /** On start: settle charges a crash left pending. `all` when no other gateway shares the store. */
  reconcile(opts: { all: boolean }): Promise<number> {
    return reconcilePendingCharges(this.charging, opts);
  }

  // ── end of life ────────────────────────────────────────────────────────────────────────

  /**
   * Delete an invoice; for an order's invoice the order goes with it (Job, OrderItems) and its
   * promotion uses come back. Refused while charging and once payments exist (they would vanish).
   * `log`: the request's logger.
   */
  async deleteInvoice(tx: Tx, invoiceId: number, log = this.d.log): Promise<Invoice> {
    const invoice = await this.requireInvoice(tx, invoiceId);
    await requireNoPendingCharge(tx, invoiceId, 'deleting the invoice');
    if (invoice.payments.length > 0) {
      if (invoice.jobId) throw paidRefusal(invoice, 'it cannot be deleted (its payments would be lost)');
      // A plain Invoicera invoice may be deleted as its document says; its payments stay on record.
      tx.put(DELETED_INVOICE, { ...invoice, deletedAt: this.d.now().toISOString() });
    }
    await this.commissions.clawBack(tx, invoiceId, 'invoice deleted');
    if (invoice.jobId) {
      for (const item of await tx.findBy<OrderItemRecord>(ORDER_ITEM, 'OrderId', invoice.jobId)) tx.delete(ORDER_ITEM, item.id);
      tx.delete(JOB, invoice.jobId);
      await this.d.pricing.release(tx, invoice.jobId, log);
    }
    await this.d.invoices.delete(tx, invoiceId);
    return invoice;
  }

  // ── internals ──────────────────────────────────────────────────────────────────────────

  /**
   * The Job (written) and its empty invoice, built but not yet written (InvoiceBook.draft).
   * `ids`: the order's id and the invoice's reservation, when the caller took them first (createPriced).
   */
  private async createJobWithDraft(tx: Tx, input: JobInput, reads: ReadOps = tx, ids?: { job: number; invoice: ReservedInvoice }): Promise<{ job: JobRecord; invoice: Invoice }> {
    const now = this.d.now().toISOString();
    const job: JobRecord = {
      id: ids?.job ?? await tx.nextId(JOB),
      JobTitle: input.title, ContactId: input.contactId, StartDate: input.startDate, JobNotes: '',
      ProductId: 0, JobStatus: '', DateCreated: now, LastUpdated: now, OrderType: input.orderType, OrderStatus: 0,
      LeadAffiliateId: input.leadAffiliateId, AffiliateId: input.saleAffiliateId,
    };
    tx.put(JOB, job);
    const invoice = await this.d.invoices.draft(tx, { clientId: input.contactId, jobId: job.id, title: input.title, date: input.invoiceDate }, reads, ids?.invoice);
    return { job, invoice };
  }

  /** Lines on an invoice held in memory (placeOrder): each OrderItem is written, the invoice is not. */
  private async appendLines(tx: Tx, growing: GrowingInvoice, lines: OrderLine[]): Promise<void> {
    for (const line of lines) {
      const item = await this.d.invoices.appendItem(tx, growing, lineInput(line, growing.currency, await tx.nextId(ORDER_ITEM)));
      putOrderItem(tx, growing.base, item);
    }
  }

  /** The order's lines and, when something ships, its shipping line (before pricing: SHIPPING promotions apply to it). */
  private async withShipping(reader: ReadOps, contactId: number, lines: OrderLineInput[]): Promise<OrderLineInput[]> {
    const shipping = await this.charges.shippingLine(reader, contactId, lines);
    return shipping ? [...lines, shipping] : lines;
  }

  /** The invoice with its tax line, computed on the lines it holds (after the specials). */
  private async withTax(tx: Tx, reads: ReadOps, growing: GrowingInvoice): Promise<void> {
    const tax = await this.charges.taxLine(reads, growing.snapshot());
    if (tax) await this.appendLines(tx, growing, [taxOrderLine(tax)]);
  }

  /** The invoice, when its lines may change now: no charge in flight, no payments yet. */
  private async openForEdit(tx: Tx, invoiceId: number, action: string): Promise<Invoice> {
    const invoice = await this.requireInvoice(tx, invoiceId);
    await requireNoPendingCharge(tx, invoiceId, action);
    if (invoice.jobId && invoice.payments.length > 0) throw paidRefusal(invoice, `${action} is refused: its lines are frozen`);
    return invoice;
  }

  private async project(tx: Tx, invoice: Invoice): Promise<Invoice> {
    const { invoice: next, changed } = await projectOrderItems(tx, invoice);
    if (changed) this.d.invoices.write(tx, next);
    return next;
  }
}

/** placeOrder's product / subscription line. */
function toOrderLine(l: OrderLineInput): OrderLine {
  return {
    itemType: l.itemType, productId: l.productId, subscriptionPlanId: l.subscriptionPlanId, name: l.name,
    description: '', notes: '', price: l.unitPrice, quantity: l.quantity,
  };
}

/** A special (discount) as a credit line of its type, on the product it discounts when there is one. */
function specialLine(s: PricingResult['specials'][number], lines: OrderLineInput[]): OrderLine {
  const owner = s.lineIndex === undefined ? undefined : lines[s.lineIndex];
  return {
    itemType: s.itemType, productId: owner?.productId ?? 0, subscriptionPlanId: owner?.subscriptionPlanId,
    name: s.name, description: s.code ? `Promo code ${s.code}` : '', notes: '',
    price: s.amount, quantity: '1', promotionId: s.promotionId,
  };
}

/** The Keap tax line (ItemType 2, no product). */
function taxOrderLine(t: TaxLineQuote): OrderLine {
  return { itemType: ITEM_TYPE.tax, productId: 0, name: t.name, description: t.description, notes: '', price: t.amount, quantity: '1' };
}

/** OrderItem fields (DataService) as an order line. */
function fromOrderItem(v: Partial<OrderItemRecord>, promotionId: number | undefined): OrderLine {
  const itemType = v.ItemType ?? 4;
  return {
    itemType, productId: v.ProductId ?? 0, subscriptionPlanId: v.SubscriptionPlanId || undefined,
    name: (v.ItemName ?? '').trim() || v.ItemDescription || 'Item', description: v.ItemDescription ?? '', notes: v.Notes ?? '',
    price: v.PPU ?? '0', quantity: String(v.Qty ?? 1), cost: v.CPU, promotionId,
  };
}

/** What a paid invoice must keep: client, currency, total and lines (ids aside). */
function moneyChanged(a: Invoice, b: Invoice, invoices: InvoiceBook): boolean {
  const lines = (inv: Invoice) => JSON.stringify(inv.items.map(({ id: _id, ...rest }) => rest));
  return a.clientId !== b.clientId || a.currency !== b.currency
    || !invoices.totals(a).total.eq(invoices.totals(b).total) || lines(a) !== lines(b);
}

/** The refusal that names the payments, so the caller knows what to reverse first. */
function paidRefusal(inv: Invoice, what: string) {
  const list = inv.payments.map((p) => `${p.id} (${p.amount} ${inv.currency} ${p.method})`).join(', ');
  return conflict(`invoice ${inv.id} has payments ${list}: ${what}`, 'invoiceId');
}
