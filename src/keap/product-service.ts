// ProductService (keap-xmlrpc.md §5): inventory counts and card deactivation. Inventory lives in a
// store counter per product so concurrent increments and decrements never lose an update.
import type { MethodSpec } from '../xmlrpc/handler.js';
import { toInt } from '../xmlrpc/coerce.js';
import { checkArity, faults } from './faults.js';
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

export function productServiceMethods(deps: KeapDeps): MethodSpec[] {
  async function requireProduct(id: number): Promise<void> {
    if (!(await deps.store.get('Product', id))) throw faults.recordNotFound('Product', id);
  }

  const changes: MethodSpec[] = INVENTORY_CHANGES.map(([method, count, sign]) => ({
    name: `ProductService.${method}`,
    help: count === 1 ? `${method}(key, productId) → true` : `${method}(key, productId, quantity > 0) → true`,
    signatures: [count === 1 ? ['boolean', 'string', 'int'] : ['boolean', 'string', 'int', 'int']],
    handler: async (p) => {
      checkArity(p, count + 1, count + 1, `ProductService.${method}`);
      const id = toInt(p[1], 'productId');
      const qty = count === 1 ? 1 : toInt(p[2], 'quantity');
      if (qty <= 0) throw faults.invalidParameter(`quantity must be greater than 0, got ${qty}`);
      await requireProduct(id);
      await deps.store.transact(async (tx) => { tx.bump(inventoryCounter(id), sign * qty); });
      return true;
    },
  }));

  return [
    {
      name: 'ProductService.getInventory',
      help: 'getInventory(key, productId) → current inventory (may be negative after back-orders)',
      signatures: [['int', 'string', 'int']],
      handler: async (p) => {
        checkArity(p, 2, 2, 'ProductService.getInventory');
        const id = toInt(p[1], 'productId');
        await requireProduct(id);
        return deps.store.counter(inventoryCounter(id));
      },
    },
    ...changes,
    {
      name: 'ProductService.deactivateCreditCard',
      help: 'deactivateCreditCard(key, creditCardId) → true; the card gets Status 4 (inactive)',
      signatures: [['boolean', 'string', 'int']],
      handler: async (p) => {
        checkArity(p, 2, 2, 'ProductService.deactivateCreditCard');
        const id = toInt(p[1], 'creditCardId');
        return deps.store.transact(async (tx) => {
          const card = await tx.get('CreditCard', id);
          if (!card) throw faults.recordNotFound('CreditCard', id);
          tx.put('CreditCard', { ...card, Status: CARD_INACTIVE });
          return true;
        });
      },
    },
  ];
}
