// The one money routine (Kill Bill style): exact decimals, HALF_UP to the currency's minor unit,
// rounding only at named points. No binary floating point ever touches an amount.
import Big from 'big.js';
import { DomainError } from '../errors.js';

export type Decimal = Big;
export { Big };

/** Scale used for ratios before the final rounding (percent of an amount, allocation weights). */
export const RATIO_SCALE = 9;
const HALF_UP = 1; // Big.roundHalfUp

const MINOR_DIGITS: Record<string, number> = { JPY: 0, KRW: 0, VND: 0, CLP: 0, ISK: 0, BHD: 3, KWD: 3, OMR: 3, JOD: 3, TND: 3 };

export function minorDigits(currency: string): number {
  return MINOR_DIGITS[currency.toUpperCase()] ?? 2;
}

const DECIMAL_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)$/;

export class MoneyError extends DomainError {
  constructor(message: string, field?: string) { super('invalid', message, field); this.name = 'MoneyError'; }
}

/**
 * Parse an exact decimal from wire text ("12.30", "-5", ".5", "1e2" refused). Numbers are accepted
 * only when they are safe integers or were produced from text (JS doubles are not exact).
 */
export function dec(value: string | number | Big, field?: string): Big {
  if (value instanceof Big) return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new MoneyError(`${field ?? 'amount'} must be a finite number`, field);
    // Number → shortest round-trip text: exactly what the sender typed for any double it wrote.
    return new Big(String(value));
  }
  const t = String(value).trim();
  if (!DECIMAL_TEXT.test(t)) throw new MoneyError(`${field ?? 'amount'} is not a decimal number: "${value}"`, field);
  return new Big(t);
}

/** Round HALF_UP to the currency's minor unit. */
export function roundMoney(amount: Big, currency: string): Big {
  return amount.round(minorDigits(currency), HALF_UP);
}

/** Parse an amount and refuse more decimals than the currency has (that would silently lose money). */
export function money(value: string | number | Big, currency: string, field?: string): Big {
  const d = dec(value, field);
  if (!d.eq(roundMoney(d, currency))) {
    throw new MoneyError(`${field ?? 'amount'} has more than ${minorDigits(currency)} decimals for ${currency}: ${d.toString()}`, field);
  }
  return d;
}

/** amount × percent / 100, unrounded (kept to RATIO_SCALE). */
export function percentOf(amount: Big, percent: Big): Big {
  return amount.times(percent).div(100).round(RATIO_SCALE, HALF_UP);
}

/** Integer minor units for storage and counting. */
export function toMinor(amount: Big, currency: string): number {
  const n = roundMoney(amount, currency).times(new Big(10).pow(minorDigits(currency)));
  const v = Number(n.toFixed(0));
  if (!Number.isSafeInteger(v)) throw new MoneyError(`amount out of range: ${amount.toString()}`);
  return v;
}

export function fromMinor(minor: number, currency: string): Big {
  return new Big(minor).div(new Big(10).pow(minorDigits(currency)));
}

/** Fixed-point text with exactly the currency's decimals: "12.30". */
export function formatMoney(amount: Big, currency: string): string {
  return roundMoney(amount, currency).toFixed(minorDigits(currency));
}

export const ZERO = new Big(0);

export function sum(values: Iterable<Big>): Big {
  let s = ZERO;
  for (const v of values) s = s.plus(v);
  return s;
}

/**
 * Split `total` (already rounded to the currency) over `weights` in proportion, by largest
 * remainder, so the shares are rounded amounts that add up exactly to `total`.
 */
export function allocate(total: Big, weights: Big[], currency: string): Big[] {
  const digits = minorDigits(currency);
  const unit = new Big(1).div(new Big(10).pow(digits));
  const wsum = sum(weights);
  if (weights.length === 0) return [];
  if (wsum.eq(0)) return weights.map((_, i) => (i === 0 ? total : ZERO));
  const exact = weights.map((w) => total.times(w).div(wsum));
  const floors = exact.map((e) => e.round(digits, 0 /* roundDown */));
  let left = total.minus(sum(floors));
  const order = exact.map((e, i) => ({ i, rem: e.minus(floors[i]) }))
    .sort((a, b) => (b.rem.cmp(a.rem) || a.i - b.i));
  const out = floors.slice();
  for (const { i } of order) {
    if (left.lte(0)) break;
    out[i] = out[i].plus(unit);
    left = left.minus(unit);
  }
  return out;
}
