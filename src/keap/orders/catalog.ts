// placeOrder's lines from the Keap catalogue tables: Product (ProductPrice) and SubscriptionPlan
// (PlanPrice, named after its product), with the product's categories for category promotions.
import type { ReadOps, Store, StoredRecord } from '../../store/port.js';
import type { OrderLineInput } from '../../services/order-pricing.js';
import { notFound } from '../../errors.js';
import { ITEM_TYPE } from '../../invoicing/item-types.js';
import { GenerationCache } from '../../store/generation-cache.js';

const PRODUCT_ITEM_TYPE = ITEM_TYPE.product;
const SUBSCRIPTION_ITEM_TYPE = ITEM_TYPE.subscriptionPlan;

interface ProductRecord extends StoredRecord { ProductName?: string; ProductPrice?: string; Taxable?: number; Shippable?: number }
interface PlanRecord extends StoredRecord { ProductId?: number; PlanPrice?: string }
interface CategoryAssign extends StoredRecord { ProductId: number; ProductCategoryId: number }

interface CatalogEntry { product: ProductRecord | undefined; categoryIds: readonly number[] }

/** Products and their category rows change rarely: read per order only through their generations. */
const caches = new WeakMap<Store, GenerationCache<CatalogEntry>>();

function cacheOf(store: Store): GenerationCache<CatalogEntry> {
  let cache = caches.get(store);
  if (!cache) { cache = new GenerationCache(['Product', 'ProductCategoryAssign']); caches.set(store, cache); }
  return cache;
}

/**
 * Each product with its categories, in the order given. Misses read concurrently: on a shared
 * store (Redis) every read is a network round trip, and concurrent ones share one. The cache is
 * the store's; the generations and misses are read through `reader` (placeOrder's transaction).
 */
async function entries(store: Store, reader: ReadOps, ids: number[]): Promise<CatalogEntry[]> {
  if (ids.length === 0) return [];
  const view = await cacheOf(store).view(reader);
  return Promise.all(ids.map((id) => view.get(String(id), async () => {
    const [product, rows] = await Promise.all([
      reader.get<ProductRecord>('Product', id), reader.findBy<CategoryAssign>('ProductCategoryAssign', 'ProductId', id),
    ]);
    return { product, categoryIds: rows.map((r) => r.ProductCategoryId) };
  })));
}

function found(entry: CatalogEntry, id: number, param: string): ProductRecord {
  if (!entry.product) throw notFound(`Product ${id} was not found`, param);
  return entry.product;
}

/** Count repeats so [7, 7] is one line of quantity 2 (promotion quantity rules see the real count). */
function counted(ids: number[]): Map<number, number> {
  const m = new Map<number, number>();
  for (const id of ids) m.set(id, (m.get(id) ?? 0) + 1);
  return m;
}

/** Product lines in the order given, read through `reader` (default: the store itself). */
export async function productLines(store: Store, productIds: number[], reader: ReadOps = store): Promise<OrderLineInput[]> {
  const lines = [...counted(productIds)];
  const known = await entries(store, reader, lines.map(([id]) => id));
  return lines.map(([id, qty], i): OrderLineInput => {
    const p = found(known[i], id, 'productIds');
    return {
      itemType: PRODUCT_ITEM_TYPE, productId: id, name: p.ProductName ?? `Product ${id}`,
      unitPrice: p.ProductPrice ?? '0', quantity: String(qty), taxable: p.Taxable === 1,
      shippable: p.Shippable === 1, categoryIds: [...known[i].categoryIds],
    };
  });
}

export async function subscriptionLines(store: Store, planIds: number[], reader: ReadOps = store): Promise<OrderLineInput[]> {
  const lines: OrderLineInput[] = [];
  for (const [id, qty] of counted(planIds)) {
    const plan = await reader.get<PlanRecord>('SubscriptionPlan', id);
    if (!plan) throw notFound(`SubscriptionPlan ${id} was not found`, 'subscriptionPlanIds');
    const [entry] = plan.ProductId ? await entries(store, reader, [plan.ProductId]) : [];
    const p = entry ? found(entry, plan.ProductId!, 'subscriptionPlanIds') : undefined;
    lines.push({
      itemType: SUBSCRIPTION_ITEM_TYPE, productId: plan.ProductId ?? 0, subscriptionPlanId: id,
      name: p?.ProductName ?? `Subscription plan ${id}`, unitPrice: plan.PlanPrice ?? '0', quantity: String(qty),
      taxable: p?.Taxable === 1, shippable: false, categoryIds: entry ? [...entry.categoryIds] : [],
    });
  }
  return lines;
}
