// Order lines as the pipeline tracks them: exact gross, what is left after discounts so far, and
// the role that decides which discounts may touch the line.
import { Big, dec, roundMoney, signOf, ZERO } from '../money/money.js';
import { invalid } from '../errors.js';
import type { CartLine } from './model.js';
import { ITEM_TYPE } from '../invoicing/item-types.js';

/** product: products and plans; shipping: item type 1; other: tax and anything never discounted. */
export type LineRole = 'product' | 'shipping' | 'other';

export interface LineState {
  readonly line: CartLine;
  readonly index: number;
  readonly role: LineRole;
  readonly quantity: Big;
  readonly gross: Big;
  remaining: Big;
}

const ROLE_BY_ITEM_TYPE: Record<number, LineRole> = {
  [ITEM_TYPE.shipping]: 'shipping', [ITEM_TYPE.tax]: 'other', [ITEM_TYPE.financeCharge]: 'other',
};

export function lineStates(lines: readonly CartLine[], currency: string): LineState[] {
  return lines.map((line, index) => {
    const quantity = dec(line.quantity, `lines[${index}].quantity`);
    const price = dec(line.unitPrice, `lines[${index}].unitPrice`);
    if (signOf(quantity) < 0) throw invalid(`lines[${index}].quantity must not be negative`, 'quantity');
    const gross = roundMoney(price.times(quantity), currency);
    const role = ROLE_BY_ITEM_TYPE[line.itemType] ?? 'product';
    // A negative line (a credit) is carried through but gives nothing to discount.
    return { line, index, role, quantity, gross, remaining: signOf(gross) < 0 ? ZERO : gross };
  });
}
