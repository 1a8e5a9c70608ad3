// One source of truth for an order's lines: the lines of its invoice. OrderItem records are their
// projection, written by this file only and always in the transaction that changed the lines
// (docs/architecture.md "Orders"): line → OrderItem is a pure function (orderItemOf), and
// projectOrderItems rewrites an order's OrderItems from its invoice after any change of lines.
import type { Tx } from '../store/port.js';
import type { Invoice, KeapLineRef, LineItem } from '../invoicing/model.js';
import type { LineItemInput } from '../invoicing/invoice.js';
import { isCreditItemType, isItemType, itemKindOf, ITEM_TYPE, MAX_ITEM_TYPE } from '../invoicing/item-types.js';
import { dec, formatMoney, isWhole, money, signOf } from '../money/money.js';
import { invalid, quoted } from '../errors.js';
import { ORDER_ITEM, type OrderItemRecord, type OrderLine } from './records.js';

/** Check an order line and turn it into the invoice line that carries it (its OrderItem id given). */
export function lineInput(line: OrderLine, currency: string, orderItemId: number): LineItemInput {
  if (!isItemType(line.itemType)) throw invalid(`type must be an order item type 0..${MAX_ITEM_TYPE}, got ${line.itemType}`, 'type');
  const price = money(line.price, currency, 'price');
  const quantity = dec(line.quantity, 'quantity');
  // Order quantities are whole units (OrderItem.Qty is an Integer).
  if (signOf(quantity) <= 0 || !isWhole(quantity)) throw invalid(`quantity must be a whole number greater than 0, got ${quoted(line.quantity)}`, 'quantity');
  const keap: KeapLineRef = {
    itemType: line.itemType, productId: line.productId, subscriptionPlanId: line.subscriptionPlanId,
    orderItemId, notes: line.notes, promotionId: line.promotionId,
  };
  if (line.cost !== undefined && signOf(dec(line.cost, 'cost')) !== 0) keap.cost = formatMoney(money(line.cost, currency, 'cost'), currency);
  return {
    name: line.name, type: itemKindOf(line.itemType), description: line.description,
    unitCost: formatMoney(price.abs(), currency), quantity: quantity.toString(), discount: '0', discountType: 'Fixed',
    credit: isCreditItemType(line.itemType) || signOf(price) < 0,
    keap,
  };
}

/** The OrderItem an invoice line shows as. Qty is an Integer in Keap: a fractional Invoicera quantity is rounded. */
export function orderItemOf(orderId: number, item: LineItem, currency: string): OrderItemRecord {
  const k = item.keap!;
  const unit = dec(item.unitCost);
  return {
    id: k.orderItemId, OrderId: orderId, ProductId: k.productId, SubscriptionPlanId: k.subscriptionPlanId ?? 0,
    ItemName: item.name, Qty: Math.round(Number(item.quantity)), CPU: formatMoney(dec(k.cost ?? '0'), currency),
    PPU: formatMoney(item.credit ? unit.neg() : unit, currency),
    ItemDescription: item.description, ItemType: k.itemType, Notes: k.notes ?? '',
  };
}

/** Write the OrderItem of one line (placeOrder / addOrderItem: the line is new). */
export function putOrderItem(tx: Tx, invoice: Invoice, item: LineItem): void {
  if (invoice.jobId) tx.put(ORDER_ITEM, orderItemOf(invoice.jobId, item, invoice.currency));
}

/**
 * After a change of an order's invoice lines (any front): lines that have no order identity yet
 * (made through Invoicera) get one, and the order's OrderItems become exactly the lines' projection.
 * Returns the invoice with the identities; the caller saves it when it changed.
 */
export async function projectOrderItems(tx: Tx, invoice: Invoice): Promise<{ invoice: Invoice; changed: boolean }> {
  if (!invoice.jobId) return { invoice, changed: false };
  let changed = false;
  const items: LineItem[] = [];
  for (const item of invoice.items) {
    if (item.keap) { items.push(item); continue; }
    changed = true;
    const itemType = item.type === 'Service' ? 3 : ITEM_TYPE.product;
    items.push({ ...item, keap: { itemType, productId: 0, orderItemId: await tx.nextId(ORDER_ITEM) } });
  }
  const next = changed ? { ...invoice, items } : invoice;
  const wanted = new Map(items.map((i) => [i.keap!.orderItemId, orderItemOf(invoice.jobId!, i, invoice.currency)]));
  for (const old of await tx.findBy<OrderItemRecord>(ORDER_ITEM, 'OrderId', invoice.jobId)) {
    const now = wanted.get(old.id);
    if (!now) tx.delete(ORDER_ITEM, old.id);
    else if (sameFields(now, old)) wanted.delete(old.id);
  }
  for (const rec of wanted.values()) tx.put(ORDER_ITEM, rec);
  return { invoice: next, changed };
}

function sameFields(want: OrderItemRecord, have: OrderItemRecord): boolean {
  return (Object.keys(want) as Array<keyof OrderItemRecord>).every((k) => want[k] === have[k]);
}
