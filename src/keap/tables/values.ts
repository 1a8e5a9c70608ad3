// Field values between the wire and stored rows, by Keap field type: a table of converters.
import { XmlDateTime, XmlDouble, type XmlRpcValue } from '../../xmlrpc/types.js';
import { dec } from '../../money/money.js';
import { toDecimal, toInt } from '../../xmlrpc/coerce.js';
import { invalid } from '../../errors.js';
import { keapDateTimeToIso, parseKeapDateString, toKeapDateTime } from '../dates.js';
import type { FieldType } from './types.js';

type Incoming = (v: XmlRpcValue, field: string, timeZone: string) => unknown;
type Outgoing = (v: unknown, timeZone: string) => XmlRpcValue;

/** Int fields keep exact integers: beyond ±(2^53 − 1) is refused, never rounded (`<i8>9007199254740993</i8>`). */
function toInteger(v: XmlRpcValue, field: string): number {
  return typeof v === 'boolean' ? (v ? 1 : 0) : toInt(v, field);
}

/** Exact decimal text, scale kept ("12.30" stays "12.30"). */
function toDecimalText(v: XmlRpcValue, field: string): string {
  const text = toDecimal(v, field);
  dec(text, field); // refuses what big.js cannot read
  return text;
}

function toIsoDate(v: XmlRpcValue, field: string, timeZone: string): string {
  const dt = v instanceof XmlDateTime ? v : typeof v === 'string' ? parseKeapDateString(v) : undefined;
  if (!dt) throw invalid(`${field} must be a date (YYYYMMDDTHH:MM:SS or YYYY-MM-DD[ HH:MM:SS])`, field);
  return keapDateTimeToIso(dt, timeZone);
}

function toBoolean(v: XmlRpcValue, field: string): boolean {
  if (typeof v === 'boolean') return v;
  if (v === 0 || v === 1) return v === 1;
  if (typeof v === 'string' && /^(0|1|true|false)$/i.test(v.trim())) return /^(1|true)$/i.test(v.trim());
  throw invalid(`${field} must be a boolean`, field);
}

function toText(v: XmlRpcValue, field: string): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  if (v instanceof XmlDouble) return v.text;
  if (v instanceof XmlDateTime) return v.toISOString();
  throw invalid(`${field} must be a string`, field);
}

/** Wire value → stored value. */
export const INCOMING: Record<FieldType, Incoming> = {
  Int: toInteger,
  Double: toDecimalText,
  Date: toIsoDate,
  Bool: toBoolean,
  String: toText,
};

/** Keap writes doubles with a decimal point (`27.0`), never as an integer. */
function doubleText(v: unknown): XmlDouble {
  const t = String(v);
  return new XmlDouble(/[.eE]/.test(t) ? t : `${t}.0`);
}

/** Stored value → wire value. */
export const OUTGOING: Record<FieldType, Outgoing> = {
  Int: (v) => (typeof v === 'boolean' ? (v ? 1 : 0) : Number(v)),
  Double: doubleText,
  Date: (v, tz) => toKeapDateTime(String(v), tz),
  Bool: (v) => v === true || v === 1 || v === '1' || v === 'true',
  String: (v) => String(v),
};
