// Keap orders on the invoice model: a Job (order) + its OrderItems + ONE domain invoice (JobId =
// Job.Id), written in one transaction. Order ids come from sequence 'Job', invoice ids from the
// InvoiceBook's own sequence (+ offset), so the two drift apart as soon as an invoice is made
// without an order (Invoicera createInvoice), a transaction that drew an id is re-run or aborts,
// or an invoice id offset is configured. Clients find an order's invoice by Invoice.JobId.
import type { Store, StoredRecord, Tx } from '../store/port.js';
import type { Invoice, ItemType, LineItem } from '../invoicing/model.js';
import type { LineItemInput } from '../invoicing/invoice.js';
import { formatMoney, money, dec } from '../money/money.js';
import { invalid, notFound, quoted } from '../errors.js';
import type { InvoiceBook } from './invoices.js';
import type { ClientBook } from './clients.js';
import type { CodeOutcome, OrderLineInput, OrderPricingStep } from './order-pricing.js';

export const JOB = 'Job';
export const ORDER_ITEM = 'OrderItem';

/** Keap Job (order) record, Keap field names; dates ISO-8601 UTC. */
export interface JobRecord extends StoredRecord {
  JobTitle: string;
  ContactId: number;
  StartDate: string;
  DueDate?: string;
  JobNotes: string;
  ProductId: number;
  JobStatus: string;
  DateCreated: string;
  LastUpdated: string;
  OrderType: string;
  OrderStatus: number;
  /** Affiliates of createBlankOrder / placeOrder (Keap shows them on Invoice). */
  LeadAffiliateId: number;
  AffiliateId: number;
}

/** Keap OrderItem record; PPU/CPU decimal text, PPU negative on credit (discount) lines. */
export interface OrderItemRecord extends StoredRecord {
  OrderId: number;
  ProductId: number;
  SubscriptionPlanId: number;
  ItemName: string;
  Qty: number;
  CPU: string;
  PPU: string;
  ItemDescription: string;
  ItemType: number;
  Notes: string;
}

export interface OrderDeps {
  store: Store;
  invoices: InvoiceBook;
  clients: ClientBook;
  now: () => Date;
  config: { currency: string };
}

/** Keap item types (keap-xmlrpc.md §2.1) that subtract from the order: Special and Special:*. */
export const CREDIT_ITEM_TYPES: ReadonlySet<number> = new Set([7, 10, 11, 12, 13, 14]);
export const MAX_ITEM_TYPE = 14;
/** Invoicera's item kind for a Keap item type (Service & Misc is the only service). */
const DOMAIN_ITEM_TYPE: Record<number, ItemType> = { 3: 'Service' };

export interface OrderLine {
  itemType: number;
  productId: number;
  subscriptionPlanId?: number;
  name: string;
  description: string;
  notes: string;
  /** Signed decimal text: a negative price is a credit whatever the type. */
  price: string;
  quantity: string;
  promotionId?: number;
}

export interface JobInput {
  contactId: number;
  title: string;
  /** ISO instant of the order date. */
  startDate: string;
  /** The same day as YYYY-MM-DD in the app's time zone: the invoice date. */
  invoiceDate: string;
  orderType: string;
  leadAffiliateId: number;
  saleAffiliateId: number;
}

export async function requireContact(deps: Pick<OrderDeps, 'clients' | 'store'>, contactId: number): Promise<void> {
  if (!Number.isInteger(contactId) || contactId <= 0) throw invalid(`contactId must be a positive contact id, got ${contactId}`, 'contactId');
  const c = await deps.clients.find(deps.store, contactId);
  if (!c) throw notFound(`Contact ${contactId} was not found`, 'contactId');
}

export async function requireInvoice(invoices: InvoiceBook, from: Store | Tx, invoiceId: number): Promise<Invoice> {
  const inv = await invoices.find(from, invoiceId);
  if (!inv) throw notFound(`Invoice ${invoiceId} was not found`, 'invoiceId');
  return inv;
}

/** Create the Job and its (empty) invoice inside `tx`. */
export async function createJobWithInvoice(deps: OrderDeps, tx: Tx, input: JobInput): Promise<{ job: JobRecord; invoice: Invoice }> {
  const created = await createJobWithDraft(deps, tx, input);
  deps.invoices.write(tx, created.invoice);
  return created;
}

/** The Job (written) and its empty invoice, built but not yet written (InvoiceBook.draft). */
async function createJobWithDraft(deps: OrderDeps, tx: Tx, input: JobInput): Promise<{ job: JobRecord; invoice: Invoice }> {
  const now = deps.now().toISOString();
  const job: JobRecord = {
    id: await tx.nextId(JOB),
    JobTitle: input.title, ContactId: input.contactId, StartDate: input.startDate, JobNotes: '',
    ProductId: 0, JobStatus: '', DateCreated: now, LastUpdated: now, OrderType: input.orderType, OrderStatus: 0,
    LeadAffiliateId: input.leadAffiliateId, AffiliateId: input.saleAffiliateId,
  };
  tx.put(JOB, job);
  const invoice = await deps.invoices.draft(tx, {
    clientId: input.contactId, jobId: job.id, title: input.title, date: input.invoiceDate,
  });
  return { job, invoice };
}

/**
 * Add one Keap order line: an OrderItem on the Job and the matching InvoiceItem on the invoice
 * (credit when the type subtracts or the price is negative). Inside `tx`.
 */
export async function addLine(deps: OrderDeps, tx: Tx, invoice: Invoice, line: OrderLine): Promise<{ orderItem: OrderItemRecord; item: LineItem; invoice: Invoice }> {
  const { orderItem, input } = await putOrderItem(deps, tx, invoice, line);
  const added = await deps.invoices.addItem(tx, invoice.id, input);
  return { orderItem, item: added.item, invoice: added.invoice };
}

/** addLine on an order's invoice held in memory (InvoiceBook.draft): the OrderItem is written, the invoice is not. */
async function appendLine(deps: OrderDeps, tx: Tx, invoice: Invoice, line: OrderLine): Promise<Invoice> {
  const { input } = await putOrderItem(deps, tx, invoice, line);
  return (await deps.invoices.appendItem(tx, invoice, input)).invoice;
}

/** Check an order line, write its OrderItem and say which InvoiceItem goes with it. */
async function putOrderItem(deps: OrderDeps, tx: Tx, invoice: Invoice, line: OrderLine): Promise<{ orderItem: OrderItemRecord; input: LineItemInput }> {
  if (!invoice.jobId) throw invalid(`Invoice ${invoice.id} has no order (JobId); add items to an order's invoice`, 'invoiceId');
  if (!Number.isInteger(line.itemType) || line.itemType < 0 || line.itemType > MAX_ITEM_TYPE) {
    throw invalid(`type must be an order item type 0..${MAX_ITEM_TYPE}, got ${line.itemType}`, 'type');
  }
  const currency = deps.config.currency;
  const price = money(line.price, currency, 'price');
  const quantity = dec(line.quantity, 'quantity');
  // Keap quantities are whole units (OrderItem.Qty is an Integer).
  if (quantity.lte(0) || !quantity.eq(quantity.round(0))) throw invalid(`quantity must be a whole number greater than 0, got ${quoted(line.quantity)}`, 'quantity');
  const credit = CREDIT_ITEM_TYPES.has(line.itemType) || price.lt(0);
  const unit = price.abs();
  const orderItem: OrderItemRecord = {
    id: await tx.nextId(ORDER_ITEM),
    OrderId: invoice.jobId, ProductId: line.productId, SubscriptionPlanId: line.subscriptionPlanId ?? 0,
    ItemName: line.name, Qty: Number(quantity.toString()), CPU: formatMoney(dec(0), currency),
    PPU: formatMoney(credit ? unit.neg() : unit, currency),
    ItemDescription: line.description, ItemType: line.itemType, Notes: line.notes,
  };
  tx.put(ORDER_ITEM, orderItem);
  const input: LineItemInput = {
    name: line.name, type: DOMAIN_ITEM_TYPE[line.itemType] ?? 'Product', description: line.description,
    unitCost: formatMoney(unit, currency), quantity: quantity.toString(), discount: '0', discountType: 'Fixed',
    credit,
    keap: {
      itemType: line.itemType, productId: line.productId, subscriptionPlanId: line.subscriptionPlanId,
      orderItemId: orderItem.id, notes: line.notes, promotionId: line.promotionId,
    },
  };
  return { orderItem, input };
}

/** Delete an invoice with its Job and OrderItems (InvoiceService.deleteInvoice). Inside `tx`. */
export async function deleteOrderOfInvoice(deps: OrderDeps, tx: Tx, invoiceId: number): Promise<Invoice> {
  const invoice = await requireInvoice(deps.invoices, tx, invoiceId);
  if (invoice.jobId) {
    for (const item of await tx.findBy<OrderItemRecord>(ORDER_ITEM, 'OrderId', invoice.jobId)) tx.delete(ORDER_ITEM, item.id);
    tx.delete(JOB, invoice.jobId);
  }
  await deps.invoices.delete(tx, invoiceId);
  return invoice;
}

export interface PlacedOrder {
  orderId: number;
  invoiceId: number;
  invoice: Invoice;
  outcomes: CodeOutcome[];
}

/**
 * placeOrder's one transaction: Job + invoice, the pricing step (which may consume promo uses),
 * product/subscription lines, then each special as a credit line of its Keap type, and the applied
 * codes on the invoice. Nothing is charged here: the caller charges after this commits.
 */
export async function createPricedOrder(
  deps: OrderDeps & { pricing: OrderPricingStep },
  job: JobInput,
  lines: OrderLineInput[],
  promo: { processSpecials: boolean; promoCodes: string[] },
): Promise<PlacedOrder> {
  if (lines.length === 0) throw invalid('an order needs at least one product or subscription plan', 'productIds');
  return deps.store.transact(async (tx) => {
    // The invoice is built in memory and written once, with all its lines (pricing does not read it).
    const created = await createJobWithDraft(deps, tx, job);
    let invoice = created.invoice;
    const priced = await deps.pricing.apply(tx, {
      contactId: job.contactId, lines, processSpecials: promo.processSpecials, promoCodes: promo.promoCodes,
      now: deps.now(), orderId: created.job.id, invoiceId: invoice.id,
    });
    for (const l of lines) {
      invoice = await appendLine(deps, tx, invoice, {
        itemType: l.itemType, productId: l.productId, subscriptionPlanId: l.subscriptionPlanId, name: l.name,
        description: '', notes: '', price: l.unitPrice, quantity: l.quantity,
      });
    }
    for (const s of priced.specials) {
      const owner = s.lineIndex === undefined ? undefined : lines[s.lineIndex];
      invoice = await appendLine(deps, tx, invoice, {
        itemType: s.itemType, productId: owner?.productId ?? 0, subscriptionPlanId: owner?.subscriptionPlanId,
        name: s.name, description: s.code ? `Promo code ${s.code}` : '', notes: '',
        price: s.amount, quantity: '1', promotionId: s.promotionId,
      });
    }
    if (priced.appliedCodes.length > 0) invoice = deps.invoices.withPromoCodes(invoice, priced.appliedCodes);
    deps.invoices.write(tx, invoice);
    return { orderId: created.job.id, invoiceId: invoice.id, invoice, outcomes: priced.outcomes };
  });
}
