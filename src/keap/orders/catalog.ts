// placeOrder's lines from the Keap catalogue tables: Product (ProductPrice) and SubscriptionPlan
// (PlanPrice, named after its product), with the product's categories for category promotions.
import type { Store, StoredRecord } from '../../store/port.js';
import type { OrderLineInput } from '../../services/order-pricing.js';
import { notFound } from '../../errors.js';
import { ITEM_TYPE } from '../../invoicing/item-types.js';

const PRODUCT_ITEM_TYPE = ITEM_TYPE.product;
const SUBSCRIPTION_ITEM_TYPE = ITEM_TYPE.subscriptionPlan;

interface ProductRecord extends StoredRecord { ProductName?: string; ProductPrice?: string; Taxable?: number; Shippable?: number }
interface PlanRecord extends StoredRecord { ProductId?: number; PlanPrice?: string }
interface CategoryAssign extends StoredRecord { ProductId: number; ProductCategoryId: number }

async function product(store: Store, id: number, param: string): Promise<ProductRecord> {
  const p = await store.get<ProductRecord>('Product', id);
  if (!p) throw notFound(`Product ${id} was not found`, param);
  return p;
}

async function categoriesOf(store: Store, productId: number): Promise<number[]> {
  const rows = await store.findBy<CategoryAssign>('ProductCategoryAssign', 'ProductId', productId);
  return rows.map((r) => r.ProductCategoryId);
}

/** Count repeats so [7, 7] is one line of quantity 2 (promotion quantity rules see the real count). */
function counted(ids: number[]): Map<number, number> {
  const m = new Map<number, number>();
  for (const id of ids) m.set(id, (m.get(id) ?? 0) + 1);
  return m;
}

/**
 * Product lines in the order given. Each product and its categories are read concurrently: on a
 * shared store (Redis) every read is a network round trip, and concurrent ones share one.
 */
export async function productLines(store: Store, productIds: number[]): Promise<OrderLineInput[]> {
  return Promise.all([...counted(productIds)].map(async ([id, qty]): Promise<OrderLineInput> => {
    const [p, categoryIds] = await Promise.all([product(store, id, 'productIds'), categoriesOf(store, id)]);
    return {
      itemType: PRODUCT_ITEM_TYPE, productId: id, name: p.ProductName ?? `Product ${id}`,
      unitPrice: p.ProductPrice ?? '0', quantity: String(qty), taxable: p.Taxable === 1,
      shippable: p.Shippable === 1, categoryIds,
    };
  }));
}

export async function subscriptionLines(store: Store, planIds: number[]): Promise<OrderLineInput[]> {
  const lines: OrderLineInput[] = [];
  for (const [id, qty] of counted(planIds)) {
    const plan = await store.get<PlanRecord>('SubscriptionPlan', id);
    if (!plan) throw notFound(`SubscriptionPlan ${id} was not found`, 'subscriptionPlanIds');
    const p = plan.ProductId ? await product(store, plan.ProductId, 'subscriptionPlanIds') : undefined;
    lines.push({
      itemType: SUBSCRIPTION_ITEM_TYPE, productId: plan.ProductId ?? 0, subscriptionPlanId: id,
      name: p?.ProductName ?? `Subscription plan ${id}`, unitPrice: plan.PlanPrice ?? '0', quantity: String(qty),
      taxable: p?.Taxable === 1, shippable: false, categoryIds: p ? await categoriesOf(store, p.id) : [],
    });
  }
  return lines;
}
