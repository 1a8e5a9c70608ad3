// Typed values → XML-RPC text, written the way Keap's server writes it (keap-xmlrpc.md §1.4):
// <i4>, <boolean>1|0, <double>, untyped strings, <value></value> for "", dateTime without zone,
// null struct members omitted. String building, not xmlbuilder2: ~50x faster (research §3.2).
import { Fault, XmlDateTime, XmlDouble, type XmlRpcValue } from './types.js';
import { formatDateTime, fromDate } from './datetime.js';
import { INVOKE_FAULT } from './fault-codes.js';
import { numeralParts, plainDecimal, scanNumeral } from '../money/numeral.js';
import { quoted } from '../errors.js';
import { escapeText } from '../text/xml-chars.js';

/** The one text escaper of both fronts (src/text/xml-chars.ts), re-exported for the RPC tools. */
export { escapeText };

export interface EncodeOptions {
  /** Integers beyond 32 bits as <i8> (default true); when false they are a fault. */
  i8?: boolean;
  /** Write null/undefined outside structs as <nil/> (default false: an empty untyped value). */
  nil?: boolean;
}

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>';
const MAX_NESTING = 256;
const I32_MIN = -(2 ** 31);
const I32_MAX = 2 ** 31 - 1;
const I64_MIN = -(2n ** 63n);
const I64_MAX = 2n ** 63n - 1n;
/** Longest number text written: plain decimals up to this, the shortest exponent form beyond. */
export const MAX_NUMBER_CHARS = 40;
const PARTS = numeralParts();

function encodeFaultFor(why: string): Fault {
  return new Fault(INVOKE_FAULT, `Failed to encode response: ${why}`);
}

function int(n: number | bigint, opts: EncodeOptions): string {
  if (n >= I32_MIN && n <= I32_MAX) return `<i4>${n}</i4>`;
  if (opts.i8 === false) throw encodeFaultFor(`integer ${n} does not fit in 32 bits`);
  if (typeof n === 'bigint' && (n < I64_MIN || n > I64_MAX)) throw encodeFaultFor(`integer ${n} does not fit in 64 bits`);
  return `<i8>${n}</i8>`;
}

/**
 * A non-integral or unsafe-integer double: plain decimal notation (the spec has no exponent) when
 * it fits in MAX_NUMBER_CHARS, else JS's shortest round-trip form (`1e+300`), which every client
 * reads (Keap's own Java server writes `1.0E7`). Never more than a few dozen characters.
 */
function doubleText(n: number): string {
  const s = String(n);
  return s.includes('e') ? plainDecimal(s, MAX_NUMBER_CHARS) ?? s : s;
}

function num(n: number, opts: EncodeOptions): string {
  if (!Number.isFinite(n)) throw encodeFaultFor(`${n} cannot be sent as an XML-RPC double`);
  if (Number.isSafeInteger(n)) return int(n, opts);
  return `<double>${doubleText(n)}</double>`;
}

/** Exact text kept when short and plain (amounts); exponents expanded only within MAX_NUMBER_CHARS. */
function double(d: XmlDouble): string {
  const t = d.text;
  if (!scanNumeral(t, true, PARTS)) throw encodeFaultFor(`${quoted(t)} is not a decimal number`);
  if (!PARTS.hasExponent && t.length <= MAX_NUMBER_CHARS) return `<double>${t}</double>`;
  const plain = plainDecimal(t, MAX_NUMBER_CHARS);
  if (plain !== undefined) return `<double>${plain}</double>`;
  const n = Number(t);
  if (!Number.isFinite(n)) throw encodeFaultFor(`${quoted(t)} is outside the range of a double`);
  return `<double>${doubleText(n)}</double>`;
}

function value(v: XmlRpcValue | Date, opts: EncodeOptions, depth: number): string {
  if (depth > MAX_NESTING) throw encodeFaultFor('value nested too deeply (cycle?)');
  switch (typeof v) {
    case 'string': return `<value>${escapeText(v)}</value>`;
    case 'number': return `<value>${num(v, opts)}</value>`;
    case 'boolean': return v ? '<value><boolean>1</boolean></value>' : '<value><boolean>0</boolean></value>';
    case 'bigint': return `<value>${int(v, opts)}</value>`;
    case 'undefined': return opts.nil ? '<value><nil/></value>' : '<value></value>';
    case 'object': return `<value>${object(v, opts, depth)}</value>`;
    default: throw encodeFaultFor(`cannot encode a ${typeof v}`);
  }
}

/** Object kinds, checked in order: a new kind is a new row. */
const OBJECT_KINDS: Array<[(v: object) => boolean, (v: any, opts: EncodeOptions, depth: number) => string]> = [
  [(v) => Array.isArray(v), (a: XmlRpcValue[], o, d) => {
    let s = '<array><data>';
    for (const item of a) s += value(item, o, d + 1);
    return s + '</data></array>';
  }],
  [(v) => v instanceof XmlDouble, double],
  [(v) => v instanceof XmlDateTime, (d: XmlDateTime) => `<dateTime.iso8601>${formatDateTime(d)}</dateTime.iso8601>`],
  [(v) => v instanceof Date, (d: Date) => {
    if (Number.isNaN(d.getTime())) throw encodeFaultFor('invalid Date');
    return `<dateTime.iso8601>${formatDateTime(fromDate(d))}</dateTime.iso8601>`;
  }],
  [(v) => v instanceof Uint8Array, (b: Uint8Array) => `<base64>${Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64')}</base64>`],
];

function object(v: object | null, opts: EncodeOptions, depth: number): string {
  if (v === null) return opts.nil ? '<nil/>' : '';
  for (const [matches, write] of OBJECT_KINDS) if (matches(v)) return write(v, opts, depth);
  let s = '<struct>';
  for (const key in v) {
    const member = (v as Record<string, XmlRpcValue>)[key];
    if (member === null || member === undefined) continue; // Keap omits null fields
    s += `<member><name>${escapeText(key)}</name>${value(member, opts, depth + 1)}</member>`;
  }
  return s + '</struct>';
}

/** Encodes one value as XML-RPC `<value>…</value>` text. */
export function encodeValue(v: XmlRpcValue | Date, opts: EncodeOptions = {}): string {
  return value(v, opts, 0);
}

/** A successful <methodResponse>. Throws a Fault if the value cannot be represented. */
export function encodeResponse(v: XmlRpcValue, opts: EncodeOptions = {}): string {
  return `${XML_HEAD}<methodResponse><params><param>${value(v, opts, 0)}</param></params></methodResponse>`;
}

/** A fault <methodResponse>: faultCode as <i4>, faultString untyped, nothing else. */
export function encodeFault(f: Fault): string {
  const code = Number.isInteger(f.faultCode) && f.faultCode >= I32_MIN && f.faultCode <= I32_MAX ? f.faultCode : 0;
  return `${XML_HEAD}<methodResponse><fault><value><struct>`
    + `<member><name>faultCode</name><value><i4>${code}</i4></value></member>`
    + `<member><name>faultString</name><value>${escapeText(String(f.faultString))}</value></member>`
    + '</struct></value></fault></methodResponse>';
}

/** A <methodCall> (tests, bench and tools). */
export function encodeCall(method: string, params: XmlRpcValue[], opts: EncodeOptions = {}): string {
  let s = `${XML_HEAD}<methodCall><methodName>${escapeText(method)}</methodName><params>`;
  for (const p of params) s += `<param>${value(p, opts, 0)}</param>`;
  return s + '</params></methodCall>';
}

/** Something that may ask a long encoding to hand the event loop back (the request's WorkBudget). */
export interface Pacer {
  /** undefined while the current slice of work may go on; else a promise to await first. */
  pace(): Promise<void> | undefined;
}

const RESPONSE_HEAD = `${XML_HEAD}<methodResponse><params><param>`;
const RESPONSE_TAIL = '</param></params></methodResponse>';
const ARRAY_OPEN = '<value><array><data>';
const ARRAY_CLOSE = '</data></array></value>';
/** Arrays down to this depth (a multicall's results, their rows) are written item by item. */
const PACED_DEPTH = 2;
/**
 * The pacer is asked after the first piece (the handler's work before may have used the slice up)
 * and then once per this many characters written: well under a millisecond of encoding, and no
 * clock read per item of a small reply.
 */
export const PACE_EVERY_CHARS = 4096;

/**
 * encodeResponse for replies that may be large (a multicall, a page of rows): the same text, but
 * arrays (and arrays of arrays) are written item by item, asking `pacer` between items (every
 * PACE_EVERY_CHARS), so encoding a big reply never holds the event loop for long; and writing stops with a Fault as soon
 * as the text passes `maxBytes` (each character is at least one UTF-8 byte), so an oversized reply
 * costs no more than the cap. The caller still checks the exact byte length.
 * Hot path (every RPC reply): one loop over an explicit stack, no closure, no promise unless the
 * pacer asks for a pause.
 */
export async function encodeResponsePaced(
  v: XmlRpcValue, opts: EncodeOptions, pacer: Pacer, maxBytes: number, tooLarge: () => Fault,
): Promise<string> {
  if (!Array.isArray(v)) {
    const text = RESPONSE_HEAD + value(v, opts, 0) + RESPONSE_TAIL;
    if (text.length > maxBytes) throw tooLarge();
    return text;
  }
  const parts: string[] = [RESPONSE_HEAD, ARRAY_OPEN];
  let length = RESPONSE_HEAD.length + ARRAY_OPEN.length;
  // open[k] is the array being written at depth k, next[k] the index of its next item.
  const open: XmlRpcValue[][] = [v];
  const next: number[] = [0];
  let askAt = 0;
  while (open.length > 0) {
    const top = open.length - 1;
    const items = open[top];
    const at = next[top];
    let piece: string;
    if (at === items.length) {
      open.pop();
      next.pop();
      piece = ARRAY_CLOSE;
    } else {
      next[top] = at + 1;
      const item = items[at];
      if (Array.isArray(item) && open.length <= PACED_DEPTH) {
        open.push(item);
        next.push(0);
        piece = ARRAY_OPEN;
      } else piece = value(item, opts, open.length);
    }
    length += piece.length;
    if (length > maxBytes) throw tooLarge();
    parts.push(piece);
    if (length >= askAt) {
      askAt = length + PACE_EVERY_CHARS;
      const pause = pacer.pace();
      if (pause !== undefined) await pause;
    }
  }
  if (length + RESPONSE_TAIL.length > maxBytes) throw tooLarge();
  parts.push(RESPONSE_TAIL);
  return parts.join('');
}
