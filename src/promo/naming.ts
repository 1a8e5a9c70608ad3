// Names of special lines as they appear on the order and invoice ("Promo SAVE10: Black Friday").
import type { Promotion } from './model.js';

export function specialName(p: Promotion, code?: string): string {
  const trial = p.discount.kind === 'FREE_TRIAL' ? ` (${p.discount.days}-day free trial)` : '';
  return code ? `Promo ${code}: ${p.name}${trial}` : `${p.name}${trial}`;
}
