// `promo create` flags → a promotion definition (the same JSON shape as the promotions file), so
// the CLI, the file and DiscountService all go through one validator (src/promo/validate.ts).
import { readFileSync } from 'node:fs';

export type Flags = Record<string, string | boolean | string[] | undefined>;

/** Flag → where it goes in the definition. Repeatable flags (codes, products…) are lists. */
export const CREATE_FLAGS = {
  file: { type: 'string' }, json: { type: 'string' },
  name: { type: 'string' }, description: { type: 'string' }, inactive: { type: 'boolean' },
  kind: { type: 'string' }, mode: { type: 'string' }, value: { type: 'string' }, strategy: { type: 'string' },
  product: { type: 'string', multiple: true }, category: { type: 'string', multiple: true },
  plan: { type: 'string' }, days: { type: 'string' }, 'hide-price': { type: 'boolean' },
  code: { type: 'string', multiple: true },
  'total-uses': { type: 'string' }, 'per-contact': { type: 'string' }, 'per-code': { type: 'string' },
  start: { type: 'string' }, end: { type: 'string' }, tz: { type: 'string' },
  'min-total': { type: 'string' }, 'max-total': { type: 'string' },
  'requires-product': { type: 'string' }, 'min-qty': { type: 'string' }, 'max-qty': { type: 'string' },
  'requires-plan': { type: 'string' },
} as const;

const list = (v: unknown): string[] => (Array.isArray(v) ? v : v === undefined ? [] : [String(v)]);
const defined = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

/** Build the definition; validation (with readable errors) happens in parsePromotion. */
export function definitionFromFlags(f: Flags): unknown {
  if (typeof f.file === 'string') return JSON.parse(readFileSync(f.file, 'utf8'));
  if (typeof f.json === 'string') return JSON.parse(f.json);
  const kind = typeof f.kind === 'string' ? f.kind.toUpperCase() : f.kind;
  const criteria: unknown[] = [];
  if (f.start !== undefined || f.end !== undefined) {
    criteria.push(defined({ type: 'DATE_RANGE', start: f.start, end: f.end, timeZone: f.tz ?? 'UTC' }));
  }
  if (f['min-total'] !== undefined) criteria.push({ type: 'ORDER_TOTAL', operator: 'GREATER_THAN', amount: f['min-total'] });
  if (f['max-total'] !== undefined) criteria.push({ type: 'ORDER_TOTAL', operator: 'LESS_THAN', amount: f['max-total'] });
  if (f['requires-product'] !== undefined) {
    criteria.push(defined({ type: 'PRODUCT', productId: f['requires-product'], minQuantity: f['min-qty'], maxQuantity: f['max-qty'] }));
  }
  if (f['requires-plan'] !== undefined) criteria.push({ type: 'SUBSCRIPTION_PLAN', planId: f['requires-plan'] });
  return defined({
    name: f.name,
    description: f.description,
    active: !f.inactive,
    discount: defined({
      kind, mode: f.mode, value: f.value, strategy: f.strategy,
      productIds: kind === 'PRODUCT' ? list(f.product) : undefined,
      categoryIds: kind === 'CATEGORY' ? list(f.category) : undefined,
      days: f.days, subscriptionPlanId: f.plan, hidePrice: kind === 'FREE_TRIAL' ? Boolean(f['hide-price']) : undefined,
    }),
    criteria,
    limits: defined({ totalUses: f['total-uses'], perContact: f['per-contact'], perCode: f['per-code'] }),
    codes: list(f.code),
  });
}
