// The ItemName of a line added with addOrderItem: the product's (or the subscription plan's
// product's) name when an id is given, else the description, else the item type's Keap label.
import type { Store, StoredRecord } from '../../store/port.js';
import { notFound } from '../../errors.js';

/** keap-xmlrpc.md §2.1. */
export const ITEM_TYPE_LABELS = [
  'Unknown', 'Shipping', 'Tax', 'Service & Misc', 'Product', 'Upsell Product', 'Finance Charge', 'Special',
  'Program', 'Subscription Plan', 'Special: Free Trial Days', 'Special: Order Total', 'Special: Product',
  'Special: Category', 'Special: Shipping',
];

const SUBSCRIPTION_PLAN = 9;

interface Named extends StoredRecord { ProductName?: string; ProductId?: number }

/** Keap passes the plan id as productId for type 9 (forum); every other type names a Product. */
async function productName(store: Store, itemType: number, id: number): Promise<string | undefined> {
  if (itemType === SUBSCRIPTION_PLAN) {
    const plan = await store.get<Named>('SubscriptionPlan', id);
    if (!plan) throw notFound(`SubscriptionPlan ${id} was not found`, 'productId');
    return plan.ProductId ? (await store.get<Named>('Product', plan.ProductId))?.ProductName : undefined;
  }
  const p = await store.get<Named>('Product', id);
  if (!p) throw notFound(`Product ${id} was not found`, 'productId');
  return p.ProductName;
}

export async function lineNameFor(store: Store, itemType: number, productId: number, description: string): Promise<string> {
  const fromProduct = productId > 0 ? await productName(store, itemType, productId) : undefined;
  return fromProduct || description || ITEM_TYPE_LABELS[itemType] || 'Item';
}
