// Order line kinds: Keap's OrderItem.ItemType codes (keap-xmlrpc.md §2.1), carried by every order
// line (KeapLineRef.itemType) and read by the orders module, the promotion engine and the Keap
// façade. The ONE table of them: code, label, whether the line subtracts, which Invoicera item
// kind it shows as.
import type { ItemType } from './model.js';

export interface ItemTypeInfo {
  code: number;
  label: string;
  /** Special (discount) lines subtract from the order. */
  credit: boolean;
  /** Invoicera item kind (Service & Misc is the only service). */
  kind: ItemType;
}

const row = (code: number, label: string, credit = false, kind: ItemType = 'Product'): ItemTypeInfo => ({ code, label, credit, kind });

export const ITEM_TYPES: readonly ItemTypeInfo[] = [
  row(0, 'Unknown'), row(1, 'Shipping'), row(2, 'Tax'), row(3, 'Service & Misc', false, 'Service'), row(4, 'Product'),
  row(5, 'Upsell Product'), row(6, 'Finance Charge'), row(7, 'Special', true), row(8, 'Program'),
  row(9, 'Subscription Plan'), row(10, 'Special: Free Trial Days', true), row(11, 'Special: Order Total', true),
  row(12, 'Special: Product', true), row(13, 'Special: Category', true), row(14, 'Special: Shipping', true),
];

/** Named codes the code base refers to. */
export const ITEM_TYPE = {
  shipping: 1, tax: 2, financeCharge: 6, product: 4, subscriptionPlan: 9,
  freeTrial: 10, orderTotal: 11, productSpecial: 12, categorySpecial: 13, shippingSpecial: 14,
} as const;

export const MAX_ITEM_TYPE = ITEM_TYPES.length - 1;

export function isItemType(code: number): boolean {
  return Number.isInteger(code) && code >= 0 && code <= MAX_ITEM_TYPE;
}

export const isCreditItemType = (code: number): boolean => ITEM_TYPES[code]?.credit ?? false;
export const itemTypeLabel = (code: number): string | undefined => ITEM_TYPES[code]?.label;
export const itemKindOf = (code: number): ItemType => ITEM_TYPES[code]?.kind ?? 'Product';
