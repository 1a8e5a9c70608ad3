// XML-RPC bytes → typed values (src/xmlrpc/types.ts). Element tree from xml-scan.ts, then one
// converter per tag (a table: a new type is a new row). Every bad input becomes a Fault.
import { Fault, XmlDouble, struct, type XmlRpcStruct, type XmlRpcValue } from './types.js';
import { scanXml, type XmlElement } from './xml-scan.js';
import { decodeBody } from './charset.js';
import { parseDateTime } from './datetime.js';
import { INVALID_REQUEST, PARSE_FAULT } from './fault-codes.js';
import { MAX_NUMERAL_CHARS, integerOf, isZeroNumeral, numeralParts, scanNumeral } from '../money/numeral.js';
import { quoted } from '../errors.js';

export interface DecodeOptions {
  /** charset parameter from the HTTP Content-Type, if any. */
  charset?: string;
  /** Maximum nesting of <value> levels (arrays/structs inside each other). */
  maxDepth: number;
  /** Maximum number of XML elements in the document. */
  maxElements: number;
}

export interface MethodCall { methodName: string; params: XmlRpcValue[] }
export type MethodResponse = { value: XmlRpcValue } | { fault: Fault };

function invalid(why: string): Fault {
  return new Fault(INVALID_REQUEST, `Failed to parse XML-RPC request: ${why}`);
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const I64_MIN = -(2n ** 63n);
const I64_MAX = 2n ** 63n - 1n;
/** Significant digits of the widest integer of each kind (2^63 has 19, <biginteger> is capped). */
const I64_DIGITS = 19;
const BIGINTEGER_DIGITS = 80;
const PARTS = numeralParts();

function leaf(el: XmlElement): string {
  if (el.children.length) throw invalid(`<${el.name}> must not contain elements`);
  return el.text;
}

/**
 * <i4>/<int> are 32-bit as the spec and Keap's Java server say (a larger one is a fault there too;
 * send <i8> or <double>); <i1>/<i2> (Apache extensions) are 8/16-bit. Sign and leading zeros allowed.
 */
function boundedInt(bits: number): (el: XmlElement) => number {
  const max = 2 ** (bits - 1) - 1;
  const min = -(2 ** (bits - 1));
  return (el) => {
    const t = leaf(el).trim();
    const n = integerOf(t, I64_DIGITS);
    if (typeof n === 'number' && n >= min && n <= max) return n;
    if (n === undefined && integerOf(t, MAX_NUMERAL_CHARS) === undefined) throw invalid(`<${el.name}> is not an integer: ${quoted(t)}`);
    throw invalid(`<${el.name}> ${quoted(t)} does not fit in ${bits} bits (send <i8> or <double>)`);
  };
}

function toI8(el: XmlElement): number | bigint {
  const t = leaf(el).trim();
  const n = integerOf(t, I64_DIGITS);
  if (n === undefined) throw invalid(`<${el.name}> is not a 64-bit integer: ${quoted(t)}`);
  if (typeof n === 'bigint' && (n < I64_MIN || n > I64_MAX)) throw invalid(`<${el.name}> out of 64-bit range: ${quoted(t)}`);
  return n;
}

/** Python/Apache <biginteger>: any size on their side; capped here so a number cannot be a DoS. */
function toBigInteger(el: XmlElement): number | bigint {
  const t = leaf(el).trim();
  const n = integerOf(t, BIGINTEGER_DIGITS);
  if (n === undefined) throw invalid(`<${el.name}> is not an integer of at most ${BIGINTEGER_DIGITS} digits: ${quoted(t)}`);
  return n;
}

function toBoolean(el: XmlElement): boolean {
  const t = leaf(el).trim();
  if (t === '1') return true;
  if (t === '0') return false;
  throw invalid(`<boolean> must be 0 or 1: ${quoted(t)}`);
}

/**
 * A <double> must be a finite IEEE-754 double: text beyond ±1.8e308 (`1e500000000`), or a non-zero
 * value so small it would read as 0, is a fault, never Infinity or a silent 0. The text is kept.
 */
function toDouble(el: XmlElement): XmlDouble {
  const t = leaf(el).trim();
  if (!scanNumeral(t, true, PARTS)) throw invalid(`<${el.name}> is not a number of at most ${MAX_NUMERAL_CHARS} characters: ${quoted(t)}`);
  const n = Number(t);
  if (!Number.isFinite(n) || (n === 0 && !isZeroNumeral(t, PARTS))) {
    throw invalid(`<${el.name}> is outside the range of a double: ${quoted(t)}`);
  }
  return new XmlDouble(t);
}

function toDateTime(el: XmlElement): XmlRpcValue {
  const t = leaf(el);
  const d = parseDateTime(t);
  if (!d) throw invalid(`<${el.name}> is not a date-time: ${quoted(t)}`);
  return d;
}

function toBase64(el: XmlElement): Uint8Array {
  const t = leaf(el).replace(/\s+/g, '');
  if (!BASE64.test(t) || t.length % 4 === 1) throw invalid('<base64> is not valid base64');
  const buf = Buffer.from(t, 'base64');
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.length);
}

function toNil(el: XmlElement): null {
  if (leaf(el).trim() !== '') throw invalid(`<${el.name}> must be empty`);
  return null;
}

/** Only whitespace may sit between the elements of a container. */
function onlyWhitespace(el: XmlElement): void {
  if (el.text !== '' && el.text.trim() !== '') throw invalid(`unexpected text in <${el.name}>`);
}

function toArray(el: XmlElement, depth: number, opts: DecodeOptions): XmlRpcValue[] {
  onlyWhitespace(el);
  const data = el.children;
  if (data.length !== 1 || data[0].name !== 'data') throw invalid('<array> must hold exactly one <data>');
  onlyWhitespace(data[0]);
  // Loops rather than map with a closure: this runs for every array of every call.
  const values = data[0].children;
  const out: XmlRpcValue[] = new Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v.name !== 'value') throw invalid(`unexpected <${v.name}> in <data>`);
    out[i] = valueOf(v, depth + 1, opts);
  }
  return out;
}

function toStruct(el: XmlElement, depth: number, opts: DecodeOptions): XmlRpcStruct {
  onlyWhitespace(el);
  const s = struct();
  for (const m of el.children) {
    if (m.name !== 'member') throw invalid(`unexpected <${m.name}> in <struct>`);
    onlyWhitespace(m);
    let name: string | undefined;
    let value: XmlElement | undefined;
    for (const c of m.children) {
      if (c.name === 'name' && name === undefined) name = leaf(c);
      else if (c.name === 'value' && value === undefined) value = c;
      else throw invalid(`unexpected <${c.name}> in <member>`);
    }
    if (name === undefined || value === undefined) throw invalid('<member> needs one <name> and one <value>');
    s[name] = valueOf(value, depth + 1, opts);
  }
  return s;
}

type Converter = (el: XmlElement, depth: number, opts: DecodeOptions) => XmlRpcValue;

/** Value tags, including the extensions real clients send (research §1.3). */
const CONVERTERS: Record<string, Converter> = Object.assign(Object.create(null), {
  i4: boundedInt(32), int: boundedInt(32), i1: boundedInt(8), i2: boundedInt(16), 'ex:i1': boundedInt(8), 'ex:i2': boundedInt(16),
  i8: toI8, 'ex:i8': toI8, biginteger: toBigInteger, 'ex:biginteger': toBigInteger,
  boolean: toBoolean,
  string: leaf,
  double: toDouble, float: toDouble, 'ex:float': toDouble, bigdecimal: toDouble, 'ex:bigdecimal': toDouble,
  'dateTime.iso8601': toDateTime, 'ex:dateTime': toDateTime,
  base64: toBase64,
  nil: toNil, 'ex:nil': toNil,
  array: toArray,
  struct: toStruct,
} satisfies Record<string, Converter>);

function valueOf(el: XmlElement, depth: number, opts: DecodeOptions): XmlRpcValue {
  if (depth > opts.maxDepth) throw invalid(`values nested deeper than ${opts.maxDepth} levels`);
  const kids = el.children;
  if (kids.length === 0) return el.text; // untyped value: a string, whitespace kept
  if (kids.length > 1) throw invalid('<value> holds more than one type');
  onlyWhitespace(el);
  const conv = CONVERTERS[kids[0].name];
  if (!conv) throw invalid(`unknown value type <${kids[0].name}>`);
  return conv(kids[0], depth, opts);
}

function paramsOf(el: XmlElement, opts: DecodeOptions): XmlRpcValue[] {
  onlyWhitespace(el);
  const params = el.children;
  const out: XmlRpcValue[] = new Array(params.length);
  for (let i = 0; i < params.length; i++) {
    const p = params[i];
    if (p.name !== 'param') throw invalid(`unexpected <${p.name}> in <params>`);
    onlyWhitespace(p);
    if (p.children.length !== 1 || p.children[0].name !== 'value') throw invalid('<param> must hold exactly one <value>');
    out[i] = valueOf(p.children[0], 1, opts);
  }
  return out;
}

function scan(body: Buffer, opts: DecodeOptions): XmlElement {
  const xml = decodeBody(body, opts.charset);
  // methodCall>params>param>value is 4 tags; every array/struct level adds 3 (research §2.1).
  return scanXml(xml, { maxTagDepth: opts.maxDepth * 3 + 8, maxElements: opts.maxElements });
}

/** Decodes a <methodCall>. `<params>` may be missing or come before <methodName> (xmlrpc-c does the same). */
export function decodeMethodCall(body: Buffer, opts: DecodeOptions): MethodCall {
  const root = scan(body, opts);
  if (root.name !== 'methodCall') throw invalid(`root element must be <methodCall>, got <${root.name}>`);
  onlyWhitespace(root);
  let methodName: string | undefined;
  let params: XmlRpcValue[] | undefined;
  for (const c of root.children) {
    if (c.name === 'methodName' && methodName === undefined) methodName = leaf(c).trim();
    else if (c.name === 'params' && params === undefined) params = paramsOf(c, opts);
    else throw invalid(`unexpected <${c.name}> in <methodCall>`);
  }
  if (!methodName) throw invalid('missing <methodName>');
  return { methodName, params: params ?? [] };
}

/** Decodes a <methodResponse> (tests, bench, tools). A non-struct fault value becomes fault 0 with its text. */
export function decodeMethodResponse(body: Buffer, opts: DecodeOptions): MethodResponse {
  const root = scan(body, opts);
  if (root.name !== 'methodResponse') throw invalid(`root element must be <methodResponse>, got <${root.name}>`);
  onlyWhitespace(root);
  if (root.children.length !== 1) throw invalid('<methodResponse> must hold one <params> or one <fault>');
  const top = root.children[0];
  if (top.name === 'params') {
    const params = paramsOf(top, opts);
    if (params.length !== 1) throw invalid('<params> in a response must hold exactly one <param>');
    return { value: params[0] };
  }
  if (top.name !== 'fault') throw invalid(`unexpected <${top.name}> in <methodResponse>`);
  onlyWhitespace(top);
  if (top.children.length !== 1 || top.children[0].name !== 'value') throw invalid('<fault> must hold one <value>');
  const v = valueOf(top.children[0], 1, opts);
  if (v === null || typeof v !== 'object' || Array.isArray(v) || v instanceof XmlDouble || v instanceof Uint8Array || !('faultCode' in v)) {
    return { fault: new Fault(PARSE_FAULT, typeof v === 'string' ? v : '') };
  }
  const { faultCode, faultString } = v as XmlRpcStruct;
  if (typeof faultCode !== 'number' || typeof faultString !== 'string') throw invalid('fault needs an int faultCode and a string faultString');
  return { fault: new Fault(faultCode, faultString) };
}
