// Argument coercion for service handlers. Keap clients send ints as strings, booleans as 0/1,
// dates as strings and empty PHP arrays where structs belong (keap-xmlrpc.md §1.5); these helpers
// accept all of that and throw InvalidParam naming the parameter otherwise (src/keap maps it to 12).
import { Fault, XmlDateTime, XmlDouble, isStruct, struct, type XmlRpcStruct, type XmlRpcValue } from './types.js';
import { parseDateTime } from './datetime.js';
import { INVALID_REQUEST } from './fault-codes.js';
import { MAX_NUMERAL_CHARS, integerOf, plainDecimal } from '../money/numeral.js';
import { quoted } from '../errors.js';

export class InvalidParam extends Error {
  constructor(readonly param: string, message: string) {
    super(message);
    this.name = 'InvalidParam';
  }
}

const BOOLS: Record<string, boolean> = { '1': true, '0': false, true: true, false: false };

function describe(v: XmlRpcValue): string {
  if (v === null || v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'an array';
  if (v instanceof XmlDouble) return `double ${quoted(v.text)}`;
  if (v instanceof XmlDateTime) return 'a dateTime';
  if (v instanceof Uint8Array) return 'base64';
  if (typeof v === 'object') return 'a struct';
  return `${typeof v} ${quoted(v)}`;
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

/** A safe integer from an int, an integral double, or an integer string ("27", "27.0"); beyond ±(2^53 − 1) is refused, never rounded. */
export function toInt(v: XmlRpcValue, name: string): number {
  if (typeof v === 'number' && Number.isSafeInteger(v)) return v === 0 ? 0 : v;
  const text = typeof v === 'string' ? v.trim() : v instanceof XmlDouble ? v.text : undefined;
  const n = text !== undefined ? integerOf(text, MAX_NUMERAL_CHARS, true) : v;
  if (typeof n === 'number' && Number.isSafeInteger(n)) return n;
  if (typeof n === 'bigint' || Number.isInteger(n)) throw bad(name, 'an integer within ±9007199254740991 (2^53 − 1)', v);
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

/**
 * Exact decimal text from a <double> (its wire text), an integer, or a numeric string; an exponent
 * is expanded only while the plain text stays within MAX_NUMERAL_CHARS (the money routine bounds it further).
 */
export function toDecimal(v: XmlRpcValue, name: string): string {
  if (typeof v === 'number' && Number.isSafeInteger(v)) return String(v === 0 ? 0 : v);
  if (typeof v === 'bigint') return v.toString();
  // A non-integral JS number only arrives from in-process callers; its shortest text is exact enough.
  const text = v instanceof XmlDouble ? v.text.trim() : typeof v === 'string' ? v.trim()
    : typeof v === 'number' && Number.isFinite(v) ? String(v) : undefined;
  const plain = text === undefined ? undefined : plainDecimal(text, MAX_NUMERAL_CHARS);
  if (plain !== undefined) return plain;
  throw bad(name, `a decimal number of at most ${MAX_NUMERAL_CHARS} digits`, v);
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
