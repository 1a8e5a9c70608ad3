// Human-readable CLI output for promotions and outcomes (use --json for machine output).
import type { Criterion, Discount } from '../promo/model.js';
import type { PromotionDetails, PromotionRow, PromoRedemptionRow } from '../services/promotions.js';

const DISCOUNT_TEXT: { [K in Discount['kind']]: (d: Extract<Discount, { kind: K }>) => string } = {
  ORDER_TOTAL: (d) => `${amount(d.mode, d.value)} off the order (${d.strategy})`,
  PRODUCT: (d) => `${amount(d.mode, d.value)}${d.mode === 'AMOUNT' ? ' per unit' : ''} off products ${d.productIds.join(', ')}`,
  CATEGORY: (d) => `${d.value}% off categories ${d.categoryIds.join(', ') || '(none yet)'}`,
  SHIPPING: (d) => `${amount(d.mode, d.value)} off shipping`,
  FREE_TRIAL: (d) => `${d.days}-day free trial on subscription plan ${d.subscriptionPlanId}`,
};

const CRITERION_TEXT: { [K in Criterion['type']]: (c: Extract<Criterion, { type: K }>) => string } = {
  DATE_RANGE: (c) => `between ${c.start ?? '…'} and ${c.end ?? '…'} (${c.timeZone}, inclusive)`,
  PROMO_CODE: () => 'a promo code is given',
  PRODUCT: (c) => `product ${c.productId} in the order${c.minQuantity ? `, at least ${c.minQuantity}` : ''}${c.maxQuantity ? `, at most ${c.maxQuantity}` : ''}`,
  SUBSCRIPTION_PLAN: (c) => `subscription plan ${c.planId} in the order`,
  ORDER_TOTAL: (c) => `order total ${c.operator === 'GREATER_THAN' ? '>' : '<'} ${c.amount}`,
};

function amount(mode: 'PERCENT' | 'AMOUNT', value: string): string {
  return mode === 'PERCENT' ? `${value}%` : value;
}

export function discountText(d: Discount): string {
  return (DISCOUNT_TEXT[d.kind] as (x: Discount) => string)(d);
}

export function promotionLine(p: PromotionRow): string {
  return `#${p.id}  ${p.active ? 'active  ' : 'disabled'}  ${p.name} — ${discountText(p.discount)}`;
}

export function promotionDetails(d: PromotionDetails): string {
  const p = d.promotion;
  const limits = Object.entries(p.limits).map(([k, v]) => `${k}=${v}`).join(', ') || 'none';
  return [
    promotionLine(p),
    p.description ? `  description: ${p.description}` : undefined,
    `  applies when: ${p.criteria.map((c) => (CRITERION_TEXT[c.type] as (x: Criterion) => string)(c)).join('; ') || 'always (automatic special)'}`,
    `  limits: ${limits}; used ${d.uses} time(s)`,
    `  codes: ${d.codes.map((c) => `${c.code}${c.active ? '' : ' (disabled)'} [${c.uses} use(s)]`).join(', ') || 'none'}`,
  ].filter((l) => l !== undefined).join('\n');
}

export function redemptionLine(r: PromoRedemptionRow): string {
  const code = r.Code === '' ? '(automatic)' : r.Code;
  return `${r.DateCreated}  order ${r.OrderId}  invoice ${r.InvoiceId}  contact ${r.ContactId}  ${code}  ${r.Outcome}`
    + `${r.PromotionId ? `  promotion #${r.PromotionId}` : ''}  ${r.Amount}${r.Released ? '  (use released)' : ''}`;
}
