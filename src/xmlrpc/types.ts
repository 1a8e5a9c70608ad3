// XML-RPC values as handlers see them. Codecs (decode.ts / encode.ts) map these to and from XML.
//
//   <i4>/<int>/<i8>   ↔ number (safe integer) | bigint (beyond 2^53, i8 only)
//   <boolean>         ↔ boolean
//   <string>, untyped ↔ string
//   <double>          ↔ XmlDouble (exact text kept; never JS arithmetic on amounts)
//                       a non-integer JS number is also encoded as <double>
//   <dateTime.iso8601>↔ XmlDateTime (wall-clock fields, optional offset; no zone guessed)
//   <base64>          ↔ Uint8Array
//   <nil/>            ↔ null  (a struct member that is null/undefined is omitted on output)
//   <array>           ↔ XmlRpcValue[]
//   <struct>          ↔ XmlRpcStruct (null-prototype object: member names are data)

export type XmlRpcValue =
  | number
  | bigint
  | boolean
  | string
  | XmlDouble
  | XmlDateTime
  | Uint8Array
  | null
  | undefined
  | XmlRpcValue[]
  | XmlRpcStruct;

export interface XmlRpcStruct { [member: string]: XmlRpcValue }

/** A <double> whose decimal text is kept exactly as received (or as produced by money formatting). */
export class XmlDouble {
  constructor(readonly text: string) {}
  toNumber(): number { return Number(this.text); }
  toString(): string { return this.text; }
}

/**
 * A dateTime.iso8601 value: calendar fields as written on the wire. `offsetMinutes` is set only
 * when the sender wrote a zone (Z, ±hh, ±hhmm, ±hh:mm); XML-RPC says "don't assume a timezone".
 */
export class XmlDateTime {
  constructor(
    readonly year: number, readonly month: number, readonly day: number,
    readonly hour = 0, readonly minute = 0, readonly second = 0,
    readonly millisecond = 0, readonly offsetMinutes: number | null = null,
  ) {}
  /** 'YYYY-MM-DDTHH:MM:SS' (plus '.mmm' and offset when present). */
  toISOString(): string {
    const p = (n: number, w = 2) => String(n).padStart(w, '0');
    let s = `${p(this.year, 4)}-${p(this.month)}-${p(this.day)}T${p(this.hour)}:${p(this.minute)}:${p(this.second)}`;
    if (this.millisecond) s += `.${p(this.millisecond, 3)}`;
    if (this.offsetMinutes !== null) {
      const o = this.offsetMinutes;
      s += o === 0 ? 'Z' : `${o < 0 ? '-' : '+'}${p(Math.floor(Math.abs(o) / 60))}:${p(Math.abs(o) % 60)}`;
    }
    return s;
  }
}

/** Make a struct whose member names cannot reach Object.prototype. */
export function struct(entries?: Record<string, XmlRpcValue> | Iterable<[string, XmlRpcValue]>): XmlRpcStruct {
  const s: XmlRpcStruct = Object.create(null);
  if (!entries) return s;
  const it = Symbol.iterator in (entries as object) ? (entries as Iterable<[string, XmlRpcValue]>) : Object.entries(entries);
  for (const [k, v] of it) s[k] = v;
  return s;
}

export function isStruct(v: unknown): v is XmlRpcStruct {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
    && !(v instanceof XmlDouble) && !(v instanceof XmlDateTime) && !(v instanceof Uint8Array) && !(v instanceof Date);
}

/** An XML-RPC fault. The dispatcher is the only place other errors become faults. */
export class Fault extends Error {
  constructor(readonly faultCode: number, readonly faultString: string) {
    super(faultString);
    this.name = 'Fault';
  }
}
