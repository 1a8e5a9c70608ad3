// Builders for promotion tests: small carts and promotions with sensible defaults.
import type { CartLine, Promotion, PromoCodeRecord, PricingInput } from '../../src/promo/model.js';
import { NO_USAGE } from '../../src/promo/model.js';
import { foldCode } from '../../src/promo/codes.js';

export function product(productId: number, unitPrice: string, quantity = '1', extra: Partial<CartLine> = {}): CartLine {
  return { itemType: 4, productId, name: `P${productId}`, unitPrice, quantity, taxable: true, shippable: true, categoryIds: [], ...extra };
}

export function shipping(amount: string): CartLine {
  return { itemType: 1, productId: 0, name: 'Shipping', unitPrice: amount, quantity: '1', taxable: false, shippable: false, categoryIds: [] };
}

export function plan(planId: number, price: string): CartLine {
  return { itemType: 9, productId: 0, subscriptionPlanId: planId, name: `Plan ${planId}`, unitPrice: price, quantity: '1', taxable: false, shippable: false, categoryIds: [] };
}

let nextId = 1;
export function promo(p: Partial<Promotion> & Pick<Promotion, 'discount'>): Promotion {
  return { id: p.id ?? nextId++, name: 'Promo', description: '', active: true, criteria: [], limits: {}, applyToCommissions: false, ...p };
}

export function codeFor(p: Promotion, code: string, id = p.id * 100, active = true): PromoCodeRecord {
  return { id, promotionId: p.id, code, folded: foldCode(code), active };
}

export const NOW = new Date('2026-11-23T18:00:00Z');

export function input(over: Partial<PricingInput>): PricingInput {
  return {
    currency: 'USD', contactId: 7, lines: [], processSpecials: true, codes: [], promotions: [], promoCodes: [],
    usage: NO_USAGE, now: NOW, ...over,
  };
}
