// The one money routine (Kill Bill style): exact decimals, HALF_UP to the currency's minor unit,
// rounding only at named points. No binary floating point ever touches an amount.
// Speed (docs/performance.md): amounts stay big.js values at the API, but the common cases are
// computed without big.js's general algorithms — a Big is built straight from the scanned text,
// rounding is skipped when an amount has no digit to round, percents shift the point instead of
// dividing, and allocate() works in integer minor units. Each shortcut gives the very value the
// general path gives (test/money/money.test.ts compares them) and falls back to it otherwise.
import Big from 'big.js';
import { DomainError, quoted } from '../errors.js';
import { integerDigitsOf, numeralParts, scanNumeral, type NumeralParts } from './numeral.js';

export type Decimal = Big;
export { Big };

/** Scale used for ratios before the final rounding (percent of an amount, allocation weights). */
export const RATIO_SCALE = 9;
const HALF_UP = 1; // Big.roundHalfUp

const MINOR_DIGITS: Record<string, number> = { JPY: 0, KRW: 0, VND: 0, CLP: 0, ISK: 0, BHD: 3, KWD: 3, OMR: 3, JOD: 3, TND: 3 };

// The last currency asked about: an order prices dozens of amounts in one currency, and the
// upper-casing look-up is a measurable share of formatting them.
let lastCurrency = 'USD';
let lastDigits = 2;

export function minorDigits(currency: string): number {
  if (currency !== lastCurrency) {
    lastDigits = MINOR_DIGITS[currency.toUpperCase()] ?? 2;
    lastCurrency = currency;
  }
  return lastDigits;
}

/**
 * The largest magnitude of any amount, read or computed: at most 13 integer digits (|x| < 10^13,
 * i.e. up to 9,999,999,999,999.99): far beyond any real invoice, small enough that a price ×
 * quantity stays a short exact decimal and the cents of an amount are an exact JS integer (< 2^53).
 * Quantities have their own, smaller bound (invoicing/values.ts).
 */
export const MAX_INTEGER_DIGITS = 13;
const PARTS = numeralParts();

export const ZERO = new Big(0);

export class MoneyError extends DomainError {
  constructor(message: string, field?: string) { super('invalid', message, field); this.name = 'MoneyError'; }
}

/** Decimals a Big carries (big.js keeps no trailing zeros): 0 for integers. */
function decimalsOf(d: Big): number {
  return Math.max(0, d.c.length - 1 - d.e);
}

/** A copy of ZERO is the cheapest Big to make (no parse); its fields are then set directly. */
function bigOf(s: number, e: number, c: number[]): Big {
  const b = new Big(ZERO);
  b.s = s; b.e = e; b.c = c;
  return b;
}

const C_0 = 48;

/** Digit `i` of the numeral's integer-then-fraction digits (a function, not a closure per call). */
function digitAt(t: string, p: NumeralParts, intDigits: number, i: number): number {
  return t.charCodeAt(i < intDigits ? p.intStart + i : p.fracStart + i - intDigits) - C_0;
}

/** The Big of a numeral scanned into PARTS (no exponent), built from its digits; undefined for zero. */
function bigFromParts(t: string): Big | undefined {
  const p = PARTS;
  const intDigits = p.intEnd - p.intStart;
  const all = intDigits + (p.fracEnd - p.fracStart);
  let first = 0;
  while (first < all && digitAt(t, p, intDigits, first) === 0) first++;
  if (first === all) return undefined;
  let last = all - 1;
  while (digitAt(t, p, intDigits, last) === 0) last--;
  const c = new Array<number>(last - first + 1);
  for (let i = first; i <= last; i++) c[i - first] = digitAt(t, p, intDigits, i);
  return bigOf(p.negative ? -1 : 1, intDigits - 1 - first, c);
}

/**
 * `d × 10^digits` as a number when d has at most `digits` decimals and that is a safe integer
 * (its minor units); undefined otherwise.
 */
function minorOf(d: Big, digits: number): number | undefined {
  const c = d.c;
  if (c.length - 1 - d.e > digits) return undefined;
  if (c.length === 1 && c[0] === 0) return 0;
  const power = d.e + digits; // the power of ten of c[0], in minor units
  if (power > 15) return undefined;
  let v = 0;
  for (let i = 0; i < c.length; i++) v = v * 10 + c[i];
  v *= 10 ** (power - (c.length - 1));
  if (!Number.isSafeInteger(v)) return undefined;
  return d.s < 0 ? -v : v;
}

/** The Big of `minor` minor units (a safe integer), built from its digits (no text, no parse). */
function ofMinor(minor: number, digits: number): Big {
  if (minor === 0) return ZERO;
  let v = minor < 0 ? -minor : minor;
  let zeros = 0; // big.js keeps no trailing zeros: they go into the exponent
  while (v % 10 === 0) { v /= 10; zeros++; }
  const c: number[] = [];
  while (v > 0) {
    const digit = v % 10;
    c.push(digit);
    v = (v - digit) / 10;
  }
  c.reverse();
  return bigOf(minor < 0 ? -1 : 1, c.length - 1 + zeros - digits, c);
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
 * A numeral's text without a leading '+' before its digits ("+5" → "5"; "+-5" stays, to be
 * refused): Keap's Java backend and PHP clients read "+5" as 5 (docs/keap-compatibility.md
 * "Numbers as text"), big.js refuses the sign. The one place that decides it.
 */
export function withoutPlusSign(t: string): string {
  const next = t.charCodeAt(1);
  return t.charCodeAt(0) === 43 && ((next >= 48 && next <= 57) || next === 46) ? t.slice(1) : t;
}

/**
 * Parse an exact decimal from wire text ("12.30", "-5", ".5", "+5" is 5, "1e2" refused), at most
 * MAX_INTEGER_DIGITS before the point (a leading '+': withoutPlusSign). Numbers are accepted only
 * when they are safe integers or were produced from text (JS doubles are not exact). The text is
 * scanned (linear) before big.js sees it.
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
  // Only zero is left: ZERO itself ("0", "0.00": Big values are never mutated), "-0" to big.js
  // (it keeps its sign, as before).
  return bigFromParts(t) ?? (PARTS.negative ? new Big(t) : ZERO);
}

/**
 * a.cmp(b) without its copy of b (big.js copies the argument of every comparison): -1, 0 or 1,
 * zeros equal whatever their sign. The same steps as big.js's cmp.
 */
export function compare(a: Big, b: Big): -1 | 0 | 1 {
  const ac = a.c;
  const bc = b.c;
  if (ac[0] === 0 || bc[0] === 0) return ac[0] === 0 ? (bc[0] === 0 ? 0 : (-b.s as -1 | 1)) : (a.s as -1 | 1);
  if (a.s !== b.s) return a.s as -1 | 1;
  const neg = a.s < 0;
  if (a.e !== b.e) return (a.e > b.e) !== neg ? 1 : -1;
  const n = Math.min(ac.length, bc.length);
  for (let i = 0; i < n; i++) {
    if (ac[i] !== bc[i]) return (ac[i] > bc[i]) !== neg ? 1 : -1;
  }
  return ac.length === bc.length ? 0 : (ac.length > bc.length) !== neg ? 1 : -1;
}

/** compare(d, ZERO): the sign of an amount, 0 for zero (and "-0"). */
export function signOf(d: Big): -1 | 0 | 1 {
  return d.c[0] === 0 ? 0 : (d.s as -1 | 1);
}

/** Whether d has no fractional digits (d.eq(d.round(0)), without the two copies). */
export function isWhole(d: Big): boolean {
  return d.c.length - 1 - d.e <= 0;
}

/**
 * a + b, exactly a.plus(b); when one operand is zero the other is the answer itself (big.js would
 * copy it: Big values are never mutated). Two zeros go to big.js, for the sign of the zero.
 */
export function add(a: Big, b: Big): Big {
  if (b.c[0] === 0) return a.c[0] === 0 ? a.plus(b) : a;
  return a.c[0] === 0 ? b : a.plus(b);
}

/** a − b, exactly a.minus(b); a non-zero a minus zero is a itself. */
export function subtract(a: Big, b: Big): Big {
  return b.c[0] === 0 && a.c[0] !== 0 ? a : a.minus(b);
}

/** Round HALF_UP to the currency's minor unit; a result beyond MAX_INTEGER_DIGITS is refused. */
export function roundMoney(amount: Big, currency: string): Big {
  const digits = minorDigits(currency);
  // Nothing to round: the same value (Big values are never mutated after they are made).
  if (decimalsOf(amount) <= digits) return bounded(amount);
  return bounded(amount.round(digits, HALF_UP));
}

/** Parse an amount and refuse more decimals than the currency has (that would silently lose money). */
export function money(value: string | number | Big, currency: string, field?: string): Big {
  const d = dec(value, field);
  if (decimalsOf(d) <= minorDigits(currency)) return d;
  if (!d.eq(roundMoney(d, currency))) {
    throw new MoneyError(`${field ?? 'amount'} has more than ${minorDigits(currency)} decimals for ${currency}: ${quoted(d.toString())}`, field);
  }
  return d;
}

/** amount × percent / 100, unrounded (kept to RATIO_SCALE). */
export function percentOf(amount: Big, percent: Big): Big {
  const product = amount.times(percent);
  // ÷ 100 is exact as a shift of the point while big.js's division (Big.DP = 20 places) would be.
  if (decimalsOf(product) + 2 > Big.DP) return product.div(100).round(RATIO_SCALE, HALF_UP);
  const q = new Big(product);
  if (!(q.c.length === 1 && q.c[0] === 0)) q.e -= 2;
  return decimalsOf(q) > RATIO_SCALE ? q.round(RATIO_SCALE, HALF_UP) : q;
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
  const digits = minorDigits(currency);
  return fixedText(roundMoney(amount, currency), digits);
}

/**
 * big.js's toFixed(digits) of an amount with at most `digits` decimals, written from its minor
 * units (sign only for a non-zero amount, like toFixed); toFixed itself when they are not a safe integer.
 */
function fixedText(d: Big, digits: number): string {
  const m = minorOf(d, digits);
  if (m === undefined) return d.toFixed(digits);
  const v = m < 0 ? -m : m;
  const sign = m < 0 ? '-' : '';
  if (digits === 0) return sign + String(v);
  const unit = 10 ** digits;
  const fraction = v % unit;
  return `${sign}${(v - fraction) / unit}.${String(fraction).padStart(digits, '0')}`;
}

/** Σ values; a total beyond MAX_INTEGER_DIGITS is refused. */
export function sum(values: Iterable<Big>, what = 'total'): Big {
  const exact = Array.isArray(values) ? sumInUnits(values) : undefined;
  if (exact) return bounded(exact, what);
  let s = ZERO;
  for (const v of values) s = s.plus(v);
  return bounded(s, what);
}

/**
 * Σ of an array in integer units of its finest decimal, while every partial sum is a safe integer
 * (then each addition is exact); undefined otherwise.
 */
function sumInUnits(values: readonly Big[]): Big | undefined {
  let scale = 0;
  for (let i = 0; i < values.length; i++) {
    const d = decimalsOf(values[i]);
    if (d > scale) scale = d;
  }
  let total = 0;
  for (let i = 0; i < values.length; i++) {
    const m = minorOf(values[i], scale);
    if (m === undefined) return undefined;
    total += m;
    if (!Number.isSafeInteger(total)) return undefined;
  }
  return ofMinor(total, scale);
}

/**
 * Split `total` (already rounded to the currency) over `weights` in proportion, by largest
 * remainder, so the shares are rounded amounts that add up exactly to `total`.
 */
export function allocate(total: Big, weights: Big[], currency: string): Big[] {
  const digits = minorDigits(currency);
  const fast = allocateMinor(total, weights, digits);
  if (fast) return fast;
  const wsum = sum(weights);
  if (weights.length === 0) return [];
  if (wsum.eq(ZERO)) return weights.map((_, i) => (i === 0 ? total : ZERO));
  const unit = new Big(1).div(new Big(10).pow(digits));
  const exact = weights.map((w) => total.times(w).div(wsum));
  const floors = exact.map((e) => e.round(digits, 0 /* roundDown */));
  let left = total.minus(sum(floors));
  const order = exact.map((e, i) => ({ i, rem: e.minus(floors[i]) }))
    .sort((a, b) => (b.rem.cmp(a.rem) || a.i - b.i));
  const out = floors.slice();
  for (const { i } of order) {
    if (left.lte(ZERO)) break;
    out[i] = out[i].plus(unit);
    left = left.minus(unit);
  }
  return out;
}

/**
 * allocate() in integer minor units, for a non-negative total and weights that are whole minor
 * units (what every caller passes): share i = floor(total·wᵢ / Σw) plus one unit for the largest
 * remainders (ties: the earlier weight). Σw ≤ 10^15 keeps every remainder distinct at big.js's 20
 * division places, so the general path orders them alike: the result is the same. Undefined when
 * the inputs are outside that.
 */
function allocateMinor(total: Big, weights: Big[], digits: number): Big[] | undefined {
  const t = minorOf(total, digits);
  if (t === undefined || t < 0) return undefined;
  const ws: number[] = [];
  let wsum = 0;
  for (const w of weights) {
    const m = minorOf(w, digits);
    if (m === undefined || m < 0) return undefined;
    ws.push(m);
    wsum += m;
  }
  // Σw beyond MAX_INTEGER_DIGITS: the general path refuses it (sum) with its error.
  if (wsum <= 0 || wsum > 1e15 || wsum >= 10 ** (MAX_INTEGER_DIGITS + digits)) return undefined;
  const floors: number[] = [];
  const rems: Array<bigint | number> = [];
  let left = t;
  for (const w of ws) {
    const p = t * w;
    if (p <= Number.MAX_SAFE_INTEGER) {
      const rem = p % wsum;
      floors.push((p - rem) / wsum);
      rems.push(rem);
    } else {
      const bp = BigInt(t) * BigInt(w);
      const bw = BigInt(wsum);
      floors.push(Number(bp / bw));
      rems.push(bp % bw);
    }
    left -= floors[floors.length - 1];
  }
  const order: number[] = [];
  for (let i = 0; i < ws.length; i++) order.push(i);
  order.sort((a, b) => (rems[b] > rems[a] ? 1 : rems[b] < rems[a] ? -1 : a - b));
  for (const i of order) {
    if (left <= 0) break;
    floors[i] += 1;
    left -= 1;
  }
  return floors.map((m) => ofMinor(m, digits));
}
