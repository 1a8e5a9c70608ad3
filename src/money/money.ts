// The one money routine (Kill Bill style): exact decimals, HALF_UP to the currency's minor unit,
// rounding only at named points. No binary floating point ever touches an amount.
import Big from 'big.js';
import { DomainError, quoted } from '../errors.js';
import { integerDigitsOf, numeralParts, scanNumeral } from './numeral.js';

export type Decimal = Big;
export { Big };

/** Scale used for ratios before the final rounding (percent of an amount, allocation weights). */
export const RATIO_SCALE = 9;
const HALF_UP = 1; // Big.roundHalfUp

const MINOR_DIGITS: Record<string, number> = { JPY: 0, KRW: 0, VND: 0, CLP: 0, ISK: 0, BHD: 3, KWD: 3, OMR: 3, JOD: 3, TND: 3 };

export function minorDigits(currency: string): number {
  return MINOR_DIGITS[currency.toUpperCase()] ?? 2;
}

/**
 * The largest magnitude of any amount, read or computed: at most 13 integer digits (|x| < 10^13,
 * i.e. up to 9,999,999,999,999.99): far beyond any real invoice, small enough that a price ×
 * quantity stays a short exact decimal and the cents of an amount are an exact JS integer (< 2^53).
 * Quantities have their own, smaller bound (invoicing/values.ts).
 */
export const MAX_INTEGER_DIGITS = 13;
const PARTS = numeralParts();

export class MoneyError extends DomainError {
  constructor(message: string, field?: string) { super('invalid', message, field); this.name = 'MoneyError'; }
}

/** Digits before the point of a Big (|x| < 10^result); 0 for zero and pure fractions. */
function integerDigits(d: Big): number {
  return d.c.length === 1 && d.c[0] === 0 ? 0 : Math.max(0, d.e + 1);
}

/** Refuse an amount (read or computed) beyond MAX_INTEGER_DIGITS; returns it unchanged otherwise. */
export function bounded(amount: Big, what = 'amount', field?: string): Big {
  if (integerDigits(amount) > MAX_INTEGER_DIGITS) {
    throw new MoneyError(`${what} is beyond the largest amount (${MAX_INTEGER_DIGITS} integer digits): ${quoted(amount.toFixed())}`, field);
  }
  return amount;
}

/**
 * Parse an exact decimal from wire text ("12.30", "-5", ".5", "1e2" refused), at most
 * MAX_INTEGER_DIGITS before the point. Numbers are accepted only when they are safe integers or
 * were produced from text (JS doubles are not exact). The text is scanned (linear) before big.js sees it.
 */
export function dec(value: string | number | Big, field?: string): Big {
  if (value instanceof Big) return value;
  const name = field ?? 'amount';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new MoneyError(`${name} must be a finite number`, field);
    // Number → shortest round-trip text: exactly what the sender typed for any double it wrote.
    return bounded(new Big(String(value)), name, field);
  }
  const t = String(value).trim();
  if (!scanNumeral(t, false, PARTS)) throw new MoneyError(`${name} is not a decimal number: ${quoted(t)}`, field);
  if (integerDigitsOf(t, PARTS) > MAX_INTEGER_DIGITS) {
    throw new MoneyError(`${name} is beyond the largest amount (${MAX_INTEGER_DIGITS} integer digits): ${quoted(t)}`, field);
  }
  return new Big(t);
}

/** Round HALF_UP to the currency's minor unit; a result beyond MAX_INTEGER_DIGITS is refused. */
export function roundMoney(amount: Big, currency: string): Big {
  return bounded(amount.round(minorDigits(currency), HALF_UP));
}

/** Parse an amount and refuse more decimals than the currency has (that would silently lose money). */
export function money(value: string | number | Big, currency: string, field?: string): Big {
  const d = dec(value, field);
  if (!d.eq(roundMoney(d, currency))) {
    throw new MoneyError(`${field ?? 'amount'} has more than ${minorDigits(currency)} decimals for ${currency}: ${quoted(d.toString())}`, field);
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
  if (!Number.isSafeInteger(v)) throw new MoneyError(`amount out of range: ${quoted(amount.toString())}`);
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

/** Σ values; a total beyond MAX_INTEGER_DIGITS is refused. */
export function sum(values: Iterable<Big>, what = 'total'): Big {
  let s = ZERO;
  for (const v of values) s = s.plus(v);
  return bounded(s, what);
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
