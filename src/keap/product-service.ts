// ProductService (keap-xmlrpc.md §5): inventory counts and card deactivation. Inventory lives in a
// store counter per product so concurrent increments and decrements never lose an update.
import type { MethodSpec } from '../xmlrpc/handler.js';
import { toInt } from '../xmlrpc/coerce.js';
import { faults } from './faults.js';
import { toMethodSpecs, type KeapMethod } from './method-table.js';
import type { KeapDeps } from './deps.js';

export const inventoryCounter = (productId: number) => `ProductInventory:${productId}`;

/** Card status Keap calls "inactive" (CreditCard.Status 4). */
const CARD_INACTIVE = 4;

/** The inventory methods: name → [param count after the key, fixed delta or sign of the qty param]. */
const INVENTORY_CHANGES: Array<[string, number, number]> = [
  ['incrementInventory', 1, +1],
  ['decrementInventory', 1, -1],
  ['increaseInventory', 2, +1],
  ['decreaseInventory', 2, -1],
];

async function requireProduct(deps: KeapDeps, id: number): Promise<void> {
  if (!(await deps.store.get('Product', id))) throw faults.recordNotFound('Product', id);
}

const inventoryChange = (count: number, sign: number): KeapMethod => ({
  params: count === 1 ? ['productId'] : ['productId', 'quantity'], returns: 'boolean',
  help: count === 1 ? 'true' : 'true; quantity > 0',
  async run(deps, a) {
    const id = toInt(a[0], 'productId');
    const qty = count === 1 ? 1 : toInt(a[1], 'quantity');
    if (qty <= 0) throw faults.invalidParameter(`quantity must be greater than 0, got ${qty}`);
    await requireProduct(deps, id);
    await deps.store.transact(async (tx) => { tx.bump(inventoryCounter(id), sign * qty); });
    return true;
  },
});

const METHODS: Record<string, KeapMethod> = {
  getInventory: {
    params: ['productId'], returns: 'int', help: 'current inventory (may be negative after back-orders)',
    async run(deps, a) {
      const id = toInt(a[0], 'productId');
      await requireProduct(deps, id);
      return deps.store.counter(inventoryCounter(id));
    },
  },
  ...Object.fromEntries(INVENTORY_CHANGES.map(([method, count, sign]) => [method, inventoryChange(count, sign)])),
  deactivateCreditCard: {
    params: ['creditCardId'], returns: 'boolean', help: 'true; the card gets Status 4 (inactive)',
    async run(deps, a) {
      const id = toInt(a[0], 'creditCardId');
      return deps.store.transact(async (tx) => {
        const card = await tx.get('CreditCard', id);
        if (!card) throw faults.recordNotFound('CreditCard', id);
        tx.put('CreditCard', { ...card, Status: CARD_INACTIVE });
        return true;
      });
    },
  },
};

export function productServiceMethods(deps: KeapDeps): MethodSpec[] {
  return toMethodSpecs('ProductService', METHODS, deps);
}
