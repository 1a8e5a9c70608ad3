// XML-RPC values ⇄ plain JSON, for idempotency records (the remembered result) and for the
// fingerprint of a call's parameters. Tagged pairs keep every wire type apart (an <i4> 5 is not
// a <string> "5", a <double> keeps its exact text). A remembered result keeps its struct member
// order (the replay is byte-identical); a fingerprint sorts member names, so it does not depend on
// the order a client library sends them in.
import { XmlDateTime, XmlDouble, isStruct, struct, type XmlRpcValue } from '../xmlrpc/types.js';
import { own } from '../own.js';

export type TaggedJson = [string, unknown?];

type Encoder = (v: any, sorted: boolean) => TaggedJson;

const ENCODERS: Array<[(v: unknown) => boolean, Encoder]> = [
  [(v) => v === null || v === undefined, () => ['z']],
  [(v) => typeof v === 'string', (v: string) => ['s', v]],
  [(v) => typeof v === 'number', (v: number) => ['n', v]],
  [(v) => typeof v === 'bigint', (v: bigint) => ['I', v.toString()]],
  [(v) => typeof v === 'boolean', (v: boolean) => ['b', v]],
  [(v) => v instanceof XmlDouble, (v: XmlDouble) => ['d', v.text]],
  [(v) => v instanceof XmlDateTime, (v: XmlDateTime) => ['t', [v.year, v.month, v.day, v.hour, v.minute, v.second, v.millisecond, v.offsetMinutes]]],
  [(v) => v instanceof Date, (v: Date) => ['D', v.toISOString()]],
  [(v) => v instanceof Uint8Array, (v: Uint8Array) => ['6', Buffer.from(v).toString('base64')]],
  [(v) => Array.isArray(v), (v: XmlRpcValue[], sorted) => ['a', v.map((x) => toTagged(x, sorted))]],
  [isStruct, (v: Record<string, XmlRpcValue>, sorted) => {
    const names = sorted ? Object.keys(v).sort() : Object.keys(v);
    return ['o', names.map((k) => [k, toTagged(v[k], sorted)])];
  }],
];

/** `sorted`: struct members by name (fingerprints); otherwise in their own order (results). */
export function toTagged(value: XmlRpcValue, sorted = false): TaggedJson {
  for (const [matches, encode] of ENCODERS) if (matches(value)) return encode(value, sorted);
  throw new TypeError(`cannot remember a value of type ${typeof value}`);
}

const DECODERS: Record<string, (body: any) => XmlRpcValue> = {
  z: () => null,
  s: (v: string) => v,
  n: (v: number) => v,
  I: (v: string) => BigInt(v),
  b: (v: boolean) => v,
  d: (v: string) => new XmlDouble(v),
  t: (f: [number, number, number, number, number, number, number, number | null]) => new XmlDateTime(...f),
  D: (v: string) => new Date(v) as unknown as XmlRpcValue,
  6: (v: string) => new Uint8Array(Buffer.from(v, 'base64')),
  a: (v: TaggedJson[]) => v.map(fromTagged),
  o: (v: Array<[string, TaggedJson]>) => struct(v.map(([k, x]): [string, XmlRpcValue] => [k, fromTagged(x)])),
};

export function fromTagged([tag, body]: TaggedJson): XmlRpcValue {
  const decode = own(DECODERS, tag);
  if (!decode) throw new TypeError(`unknown remembered value tag ${tag}`);
  return decode(body);
}
