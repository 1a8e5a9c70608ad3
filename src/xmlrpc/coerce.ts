// Argument coercion for service handlers. Keap clients send ints as strings, booleans as 0/1,
// dates as strings and empty PHP arrays where structs belong (keap-xmlrpc.md §1.5); these helpers
// accept all of that and throw InvalidParam naming the parameter otherwise (src/keap maps it to 12).
import { Fault, XmlDateTime, XmlDouble, isStruct, struct, type XmlRpcStruct, type XmlRpcValue } from './types.js';
import { parseDateTime } from './datetime.js';
import { INVALID_REQUEST } from './fault-codes.js';

export class InvalidParam extends Error {
  constructor(readonly param: string, message: string) {
    super(message);
    this.name = 'InvalidParam';
  }
}

const INT_TEXT = /^[+-]?\d+$/;
const DECIMAL_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)$/;
const EXP_DECIMAL = /^([+-]?)(\d*)\.?(\d*)[eE]([+-]?\d+)$/;
const BOOLS: Record<string, boolean> = { '1': true, '0': false, true: true, false: false };

function describe(v: XmlRpcValue): string {
  if (v === null || v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'an array';
  if (v instanceof XmlDouble) return `double ${v.text}`;
  if (v instanceof XmlDateTime) return 'a dateTime';
  if (v instanceof Uint8Array) return 'base64';
  if (typeof v === 'object') return 'a struct';
  return `${typeof v} "${String(v).slice(0, 40)}"`;
}

function bad(name: string, want: string, v: XmlRpcValue): InvalidParam {
  return new InvalidParam(name, `${name} must be ${want}, got ${describe(v)}`);
}

export function isNil(v: XmlRpcValue): v is null | undefined {
  return v === null || v === undefined;
}

/** null, undefined and <nil/> all mean "not given". */
export function optional<T extends XmlRpcValue>(v: T): Exclude<T, null> | undefined {
  return v === null ? undefined : (v as Exclude<T, null>);
}

/** A safe integer from an int, an integral double, or an integer string. */
export function toInt(v: XmlRpcValue, name: string): number {
  if (typeof v === 'number' && Number.isSafeInteger(v)) return v;
  if (typeof v === 'bigint') throw bad(name, 'an integer within ±2^53', v);
  const text = typeof v === 'string' ? v.trim() : v instanceof XmlDouble ? v.text.replace(/\.0*$/, '') : undefined;
  if (text !== undefined && INT_TEXT.test(text)) {
    const n = Number(text);
    if (Number.isSafeInteger(n)) return n === 0 ? 0 : n;
  }
  throw bad(name, 'an integer', v);
}

/** true/false, 0/1, "0"/"1", "true"/"false" (any case). */
export function toBool(v: XmlRpcValue, name: string): boolean {
  if (typeof v === 'boolean') return v;
  if (v === 0 || v === 1) return v === 1;
  if (typeof v === 'string') {
    const b = BOOLS[v.trim().toLowerCase()];
    if (b !== undefined) return b;
  }
  throw bad(name, 'a boolean', v);
}

/** A string; numbers are accepted as their text (clients differ on typing ids and codes). */
export function toStr(v: XmlRpcValue, name: string): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v === 'bigint') return v.toString();
  if (v instanceof XmlDouble) return v.text;
  throw bad(name, 'a string', v);
}

/** Plain decimal text for an exponent form such as 1.5E2 (no JS float on the way). */
function expandExponent(text: string): string | undefined {
  const m = EXP_DECIMAL.exec(text);
  if (!m || (m[2] === '' && m[3] === '')) return undefined;
  const [, sign, intPart, frac, expText] = m;
  const exp = Number(expText);
  if (Math.abs(exp) > 400) return undefined;
  const digits = (intPart + frac).replace(/^0+(?=\d)/, '') || '0';
  let point = intPart.length + exp - (intPart.length + frac.length - digits.length);
  let s = digits;
  if (point <= 0) { s = '0.' + '0'.repeat(-point) + s; point = 1; } else if (point >= s.length) s = s + '0'.repeat(point - s.length);
  else s = s.slice(0, point) + '.' + s.slice(point);
  return normalizeDecimal(sign + s);
}

/** Canonical decimal text: no '+', no leading zeros, a leading 0 before '.', no trailing '.'. */
function normalizeDecimal(text: string): string {
  let sign = '';
  let t = text;
  if (t[0] === '+' || t[0] === '-') { sign = t[0] === '-' ? '-' : ''; t = t.slice(1); }
  if (t.startsWith('.')) t = '0' + t;
  if (t.endsWith('.')) t = t.slice(0, -1);
  t = t.replace(/^0+(?=\d)/, '');
  if (/^0(\.0*)?$/.test(t)) sign = '';
  return sign + t;
}

/** Exact decimal text from a <double> (its wire text), an integer, or a numeric string. */
export function toDecimal(v: XmlRpcValue, name: string): string {
  if (typeof v === 'number' && Number.isSafeInteger(v)) return String(v);
  if (typeof v === 'bigint') return v.toString();
  const text = v instanceof XmlDouble ? v.text.trim() : typeof v === 'string' ? v.trim() : undefined;
  if (text !== undefined) {
    if (DECIMAL_TEXT.test(text)) return normalizeDecimal(text);
    const expanded = expandExponent(text);
    if (expanded !== undefined) return expanded;
  }
  // A non-integral JS number only arrives from in-process callers; its shortest text is exact enough.
  if (typeof v === 'number' && Number.isFinite(v)) return toDecimal(String(v), name);
  throw bad(name, 'a decimal number', v);
}

/** A dateTime value, or a string in any accepted date format. */
export function toDateTime(v: XmlRpcValue, name: string): XmlDateTime {
  if (v instanceof XmlDateTime) return v;
  if (typeof v === 'string') {
    const d = parseDateTime(v);
    if (d) return d;
  }
  throw bad(name, 'a date-time', v);
}

/** A struct; an empty array counts as an empty struct (PHP clients send [] for {}). */
export function toStruct(v: XmlRpcValue, name: string): XmlRpcStruct {
  if (Array.isArray(v) && v.length === 0) return struct();
  if (isStruct(v) && !Array.isArray(v)) return v;
  throw bad(name, 'a struct', v);
}

export function toArray(v: XmlRpcValue, name: string): XmlRpcValue[] {
  if (Array.isArray(v)) return v;
  throw bad(name, 'an array', v);
}

export function toIntArray(v: XmlRpcValue, name: string): number[] {
  return toArray(v, name).map((x, i) => toInt(x, `${name}[${i}]`));
}

export function toStrArray(v: XmlRpcValue, name: string): string[] {
  return toArray(v, name).map((x, i) => toStr(x, `${name}[${i}]`));
}

/** Checks the parameter count; the fault text follows Keap's Java layer. */
export function arity(params: XmlRpcValue[], min: number, max: number, method: string): void {
  if (params.length < min || params.length > max) {
    const want = min === max ? `${min}` : `${min} to ${max}`;
    throw new Fault(INVALID_REQUEST, `No method matching arguments: ${method} takes ${want} parameters, got ${params.length}`);
  }
}
