// Property tests: any value survives encode → decode; any byte soup or mutated call gives a value
// or a Fault, never another exception (no crash path from the wire).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeMethodCall } from '../../src/xmlrpc/decode.js';
import { encodeCall } from '../../src/xmlrpc/encode.js';
import { Fault, XmlDateTime, XmlDouble, struct, type XmlRpcValue } from '../../src/xmlrpc/types.js';

const OPTS = { maxDepth: 64, maxElements: 100_000 };

/** Strings XML 1.0 can carry (the encoder replaces the rest; that is tested elsewhere). '\r' is sent as &#13;. */
const xmlString = fc.string({ unit: 'grapheme', maxLength: 30 }).map((s) => s.replace(/[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/g, ''));
const scalar: fc.Arbitrary<XmlRpcValue> = fc.oneof(
  fc.integer(), fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map((b) => (Number.isSafeInteger(Number(b)) ? Number(b) : b)),
  fc.boolean(), xmlString,
  fc.tuple(fc.integer({ min: -1e6, max: 1e6 }), fc.nat({ max: 9999 })).map(([i, f]) => new XmlDouble(`${i}.${f}`)),
  fc.record({ y: fc.integer({ min: 1, max: 9999 }), mo: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 28 }), h: fc.integer({ min: 0, max: 23 }), mi: fc.integer({ min: 0, max: 59 }), s: fc.integer({ min: 0, max: 59 }) })
    .map((r) => new XmlDateTime(r.y, r.mo, r.d, r.h, r.mi, r.s)),
  fc.uint8Array({ maxLength: 20 }),
);
const value: fc.Arbitrary<XmlRpcValue> = fc.letrec<{ v: XmlRpcValue }>((tie) => ({
  v: fc.oneof({ depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.array(tie('v'), { maxLength: 4 }),
    fc.array(fc.tuple(xmlString, tie('v')), { maxLength: 4 }).map((entries) => struct(entries as Array<[string, XmlRpcValue]>))),
})).v;

describe('codec properties', () => {
  it('encodeCall → decodeMethodCall is the identity', () => {
    fc.assert(fc.property(fc.array(value, { maxLength: 4 }), (params) => {
      const back = decodeMethodCall(Buffer.from(encodeCall('m', params)), OPTS).params;
      expect(back).toEqual(params);
    }), { numRuns: 300 });
  });

  it('random bytes never throw anything but a Fault', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => { onlyFaults(Buffer.from(bytes)); }), { numRuns: 500 });
  });

  it('mutated valid calls never throw anything but a Fault', () => {
    const base = encodeCall('svc.m', [1, 'a&b', [true, struct({ k: new XmlDouble('1.5') })]]);
    fc.assert(fc.property(fc.nat({ max: base.length - 1 }), fc.nat({ max: 40 }), fc.string({ maxLength: 8 }), (at, del, ins) => {
      onlyFaults(Buffer.from(base.slice(0, at) + ins + base.slice(at + del)));
    }), { numRuns: 1000 });
  });
});

function onlyFaults(body: Buffer): void {
  try { decodeMethodCall(body, OPTS); } catch (e) {
    if (!(e instanceof Fault)) throw e;
  }
}
