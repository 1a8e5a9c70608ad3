// What a line added with addOrderItem is: its product (or subscription plan) and its ItemName — the
// product's (or the plan's product's) name when an id is given, else the description, else the type label.
import type { Store, StoredRecord } from '../../store/port.js';
import { notFound } from '../../errors.js';
import { ITEM_TYPE, itemTypeLabel } from '../../invoicing/item-types.js';

const SUBSCRIPTION_PLAN = ITEM_TYPE.subscriptionPlan;

interface Named extends StoredRecord { ProductName?: string; ProductId?: number }

export interface LineIdentity { name: string; productId: number; subscriptionPlanId?: number }

/**
 * Keap passes the plan id as productId for type 9 (forum): the line then belongs to the plan's
 * product. Every other type names a Product (0 = none).
 */
export async function lineIdentity(store: Store, itemType: number, productId: number, description: string): Promise<LineIdentity> {
  const fallback = description || itemTypeLabel(itemType) || 'Item';
  if (productId <= 0) return { name: fallback, productId: 0 };
  if (itemType === SUBSCRIPTION_PLAN) {
    const plan = await store.get<Named>('SubscriptionPlan', productId);
    if (!plan) throw notFound(`SubscriptionPlan ${productId} was not found`, 'productId');
    const product = plan.ProductId ? await store.get<Named>('Product', plan.ProductId) : undefined;
    return { name: product?.ProductName || fallback, productId: plan.ProductId ?? 0, subscriptionPlanId: productId };
  }
  const p = await store.get<Named>('Product', productId);
  if (!p) throw notFound(`Product ${productId} was not found`, 'productId');
  return { name: p.ProductName || fallback, productId };
}
