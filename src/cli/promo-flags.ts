// `promo create` flags → a promotion definition (the same JSON shape as the promotions file), so
// the CLI, the file and DiscountService all go through one validator (src/promo/validate.ts).
import { readFileSync } from 'node:fs';

export type Flags = Record<string, string | boolean | string[] | undefined>;

/** `promo create` options → where each goes in the definition. Repeatable ones (codes, products…) are lists. */
export const CREATE_OPTIONS: Array<{ flags: string; description: string; repeatable?: boolean }> = [
  { flags: '--file <def.json>', description: 'the definition as a JSON file (the promotions file shape)' },
  { flags: '--json <definition>', description: 'the definition as inline JSON' },
  { flags: '--name <name>', description: 'promotion name' },
  { flags: '--description <text>', description: 'free text' },
  { flags: '--inactive', description: 'create it disabled' },
  { flags: '--kind <kind>', description: 'ORDER_TOTAL | PRODUCT | CATEGORY | SHIPPING | FREE_TRIAL' },
  { flags: '--mode <mode>', description: 'PERCENT | AMOUNT' },
  { flags: '--value <v>', description: 'percent or amount off' },
  { flags: '--strategy <s>', description: 'GROSS | NET (ORDER_TOTAL)' },
  { flags: '--product <id>', description: 'discounted product (PRODUCT; repeatable)', repeatable: true },
  { flags: '--category <id>', description: 'discounted category (CATEGORY; repeatable)', repeatable: true },
  { flags: '--plan <id>', description: 'subscription plan (FREE_TRIAL)' },
  { flags: '--days <n>', description: 'trial days (FREE_TRIAL)' },
  { flags: '--hide-price', description: 'hide the price during the trial (FREE_TRIAL)' },
  { flags: '--code <code>', description: 'promo code (repeatable)', repeatable: true },
  { flags: '--total-uses <n>', description: 'uses of the promotion in all' },
  { flags: '--per-contact <n>', description: 'uses per contact' },
  { flags: '--per-code <n>', description: 'uses per code' },
  { flags: '--start <date>', description: 'valid from (inclusive)' },
  { flags: '--end <date>', description: 'valid until (inclusive)' },
  { flags: '--tz <zone>', description: 'time zone of --start/--end (default UTC)' },
  { flags: '--min-total <amount>', description: 'order total must be greater' },
  { flags: '--max-total <amount>', description: 'order total must be less' },
  { flags: '--requires-product <id>', description: 'a product that must be in the order' },
  { flags: '--min-qty <q>', description: 'with --requires-product: at least this many' },
  { flags: '--max-qty <q>', description: 'with --requires-product: at most this many' },
  { flags: '--requires-plan <id>', description: 'a subscription plan that must be in the order' },
];

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
