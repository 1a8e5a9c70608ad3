// The one reader of decimal numerals, shared by both fronts (XML-RPC <double>/<i4>/<i8>, Keap
// price strings, Invoicera amounts) and the money routine. A hand-written char-code scanner, not a
// regex: `\d+\.?\d*` backtracks quadratically on a long digit run ending in a non-digit (100k
// digits blocked the event loop for seconds). One pass, no allocation unless parts are asked for.
//
// Grammar: [+-]? ( digits [ "." digits? ] | "." digits ) ( [eE] [+-]? digits )?   (exponent optional)

/** Longest numeral text read anywhere: the plain form of the largest double (309 digits) plus room
 * for a fraction. Longer text is refused before it is parsed. */
export const MAX_NUMERAL_CHARS = 400;
/** Exponents are saturated here while scanning, so `1e99999999999999999999` cannot overflow. */
const EXPONENT_CAP = 1_000_000_000;

const C_0 = 48;
const C_9 = 57;
const C_PLUS = 43;
const C_MINUS = 45;
const C_DOT = 46;

/** Where the parts of a numeral sit in its text (filled by scanNumeral when asked). */
export interface NumeralParts {
  negative: boolean;
  /** Integer digits are text[intStart, intEnd); fraction digits text[fracStart, fracEnd). */
  intStart: number;
  intEnd: number;
  fracStart: number;
  fracEnd: number;
  /** Whether a '.' was written ("5." has one, with no fraction digits). */
  point: boolean;
  /** The exponent (0 when none), saturated at ±1e9. */
  exponent: number;
  hasExponent: boolean;
}

export function numeralParts(): NumeralParts {
  return { negative: false, intStart: 0, intEnd: 0, fracStart: 0, fracEnd: 0, point: false, exponent: 0, hasExponent: false };
}

/** Scratch parts for the synchronous helpers below (no allocation per number on the wire path). */
const SCRATCH = numeralParts();

function digitsEnd(text: string, i: number): number {
  let c = text.charCodeAt(i);
  while (c >= C_0 && c <= C_9) c = text.charCodeAt(++i);
  return i;
}

/**
 * True when `text` is a numeral (exactly, no surrounding space) of at most MAX_NUMERAL_CHARS.
 * `exponent` allows the [eE] suffix. `out`, when given, receives the parts.
 */
export function scanNumeral(text: string, exponent: boolean, out?: NumeralParts): boolean {
  const n = text.length;
  if (n === 0 || n > MAX_NUMERAL_CHARS) return false;
  let i = 0;
  const first = text.charCodeAt(0);
  if (first === C_PLUS || first === C_MINUS) i = 1;
  const intStart = i;
  const intEnd = digitsEnd(text, i);
  i = intEnd;
  let fracStart = i;
  let fracEnd = i;
  const point = text.charCodeAt(i) === C_DOT;
  if (point) {
    fracStart = i + 1;
    fracEnd = digitsEnd(text, fracStart);
    i = fracEnd;
  }
  if (intEnd === intStart && fracEnd === fracStart) return false; // no digit at all: "", "+", "."
  let exp = 0;
  let hasExponent = false;
  if (i < n && exponent && (text.charCodeAt(i) | 0x20) === 101 /* e/E */) {
    hasExponent = true;
    let sign = 1;
    const c = text.charCodeAt(++i);
    if (c === C_PLUS || c === C_MINUS) { if (c === C_MINUS) sign = -1; i++; }
    const start = i;
    for (let c2 = text.charCodeAt(i); c2 >= C_0 && c2 <= C_9; c2 = text.charCodeAt(++i)) {
      if (exp < EXPONENT_CAP) exp = exp * 10 + (c2 - C_0);
    }
    if (i === start) return false;
    exp = sign * Math.min(exp, EXPONENT_CAP);
  }
  if (i !== n) return false;
  if (out) {
    out.negative = first === C_MINUS;
    out.intStart = intStart; out.intEnd = intEnd;
    out.fracStart = fracStart; out.fracEnd = fracEnd;
    out.point = point; out.exponent = exp; out.hasExponent = hasExponent;
  }
  return true;
}

/** Index of the first non-zero digit in text[from, to), or `to`. */
function firstNonZero(text: string, from: number, to: number): number {
  while (from < to && text.charCodeAt(from) === C_0) from++;
  return from;
}

/** Whether a scanned numeral denotes zero ("0", "-0.000e5"). */
export function isZeroNumeral(text: string, p: NumeralParts): boolean {
  return firstNonZero(text, p.intStart, p.intEnd) === p.intEnd && firstNonZero(text, p.fracStart, p.fracEnd) === p.fracEnd;
}

/**
 * Digits before the decimal point of a numeral's value, leading zeros ignored ("0.5" and "000" have
 * none, "12.5e3" has 5). Tells the magnitude without expanding anything: |value| < 10^result.
 */
export function integerDigitsOf(text: string, p: NumeralParts): number {
  const lead = firstNonZero(text, p.intStart, p.intEnd);
  if (lead < p.intEnd) return Math.max(0, p.intEnd - lead + p.exponent);
  const fracLead = firstNonZero(text, p.fracStart, p.fracEnd);
  if (fracLead === p.fracEnd) return 0; // zero
  return Math.max(0, p.exponent - (fracLead - p.fracStart));
}

/**
 * The plain decimal text of a numeral, scale kept ("1.50E1" → "15.0", "+007.5" → "7.5", "-0" → "0"),
 * or undefined when it is not one or its plain form would exceed `maxChars` (nothing huge is expanded).
 */
export function plainDecimal(text: string, maxChars: number): string | undefined {
  const p = SCRATCH;
  if (!scanNumeral(text, true, p)) return undefined;
  const intDigits = text.slice(p.intStart, p.intEnd);
  const fracDigits = text.slice(p.fracStart, p.fracEnd);
  // Shift the point by the exponent; the guard keeps '0'.repeat() small.
  const point = intDigits.length + p.exponent;
  const digits = intDigits + fracDigits;
  if (point > maxChars || -point > maxChars) return undefined;
  let whole: string;
  let frac: string;
  if (point <= 0) { whole = ''; frac = '0'.repeat(-point) + digits; } else if (point >= digits.length) { whole = digits + '0'.repeat(point - digits.length); frac = ''; } else { whole = digits.slice(0, point); frac = digits.slice(point); }
  const lead = firstNonZero(whole, 0, whole.length);
  whole = lead === whole.length ? '0' : whole.slice(lead);
  const zero = whole === '0' && firstNonZero(frac, 0, frac.length) === frac.length;
  const s = (p.negative && !zero ? '-' : '') + whole + (frac ? `.${frac}` : '');
  return s.length <= maxChars ? s : undefined;
}

/**
 * The integer an integer numeral denotes (leading zeros and a '+' allowed; with `zeroFraction`, also
 * "27.0"/"27."), as a number when it is a safe integer and a bigint otherwise; undefined when the
 * text is not an integer or has more than `maxDigits` significant digits. Never rounds.
 */
export function integerOf(text: string, maxDigits: number, zeroFraction = false): number | bigint | undefined {
  const p = SCRATCH;
  if (!scanNumeral(text, false, p) || p.intEnd === p.intStart) return undefined;
  if (p.point && (!zeroFraction || firstNonZero(text, p.fracStart, p.fracEnd) !== p.fracEnd)) return undefined;
  const lead = firstNonZero(text, p.intStart, p.intEnd);
  const digits = p.intEnd - lead;
  if (digits > maxDigits) return undefined;
  if (digits === 0) return 0;
  if (digits <= 15 && lead === 0 && !p.point) return Number(text); // the common case: plain digits
  const body = text.slice(lead, p.intEnd);
  if (digits <= 15) return p.negative ? -Number(body) : Number(body);
  const b = BigInt(body);
  const v = p.negative ? -b : b;
  const n = Number(v);
  return Number.isSafeInteger(n) ? n : v;
}
