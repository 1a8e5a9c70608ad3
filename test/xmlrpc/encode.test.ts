import { describe, expect, it } from 'vitest';
import { encodeCall, encodeFault, encodeResponse, encodeValue } from '../../src/xmlrpc/encode.js';
import { decodeMethodCall, decodeMethodResponse } from '../../src/xmlrpc/decode.js';
import { Fault, XmlDateTime, XmlDouble, struct, type XmlRpcValue } from '../../src/xmlrpc/types.js';

const HEAD = '<?xml version="1.0" encoding="UTF-8"?>';
const OPTS = { maxDepth: 64, maxElements: 100_000 };

describe('encode: value → wire table (Keap style)', () => {
  const rows: Array<[XmlRpcValue | Date, string]> = [
    [42, '<value><i4>42</i4></value>'], [-2147483648, '<value><i4>-2147483648</i4></value>'],
    [2147483648, '<value><i8>2147483648</i8></value>'], [9007199254740993n, '<value><i8>9007199254740993</i8></value>'],
    [5n, '<value><i4>5</i4></value>'],
    [true, '<value><boolean>1</boolean></value>'], [false, '<value><boolean>0</boolean></value>'],
    ['text', '<value>text</value>'], ['', '<value></value>'],
    ['a<b & c>d\r\n', '<value>a&lt;b &amp; c&gt;d&#13;\n</value>'],
    [1.5, '<value><double>1.5</double></value>'], [1e-7, '<value><double>0.0000001</double></value>'],
    [1e21, '<value><double>1000000000000000000000</double></value>'],
    [new XmlDouble('12.30'), '<value><double>12.30</double></value>'],
    [new XmlDouble('5.3E2'), '<value><double>530</double></value>'],
    [new XmlDateTime(2024, 3, 9, 7, 5, 1, 0, -300), '<value><dateTime.iso8601>20240309T07:05:01</dateTime.iso8601></value>'],
    [new XmlDateTime(1, 2, 10, 11, 41, 23), '<value><dateTime.iso8601>00010210T11:41:23</dateTime.iso8601></value>'],
    [new Date(Date.UTC(2020, 0, 2, 3, 4, 5)), '<value><dateTime.iso8601>20200102T03:04:05</dateTime.iso8601></value>'],
    [new Uint8Array([0, 1, 255]), '<value><base64>AAH/</base64></value>'],
    [[1, 'a', []], '<value><array><data><value><i4>1</i4></value><value>a</value><value><array><data></data></array></value></data></array></value>'],
    [struct({ a: 1, gone: null, alsoGone: undefined, b: '' }), '<value><struct><member><name>a</name><value><i4>1</i4></value></member><member><name>b</name><value></value></member></struct></value>'],
    [null, '<value></value>'],
  ];
  rows.forEach(([v, wire], i) => {
    it(`row ${i} → ${wire}`, () => expect(encodeValue(v)).toBe(wire));
  });

  it('never emits <nil/> unless asked', () => {
    expect(encodeValue([null])).toBe('<value><array><data><value></value></data></array></value>');
    expect(encodeValue([null], { nil: true })).toBe('<value><array><data><value><nil/></value></data></array></value>');
  });
  it('XML-illegal characters and lone surrogates never go out raw', () => {
    expect(encodeValue('a\u0001b\uFFFEc\uD800d')).toBe('<value>a\uFFFDb\uFFFDc\uFFFDd</value>');
    expect(encodeValue('😀')).toBe('<value>😀</value>');
  });
  it('refuses NaN, Infinity, bad double text, >32-bit ints with i8 off, >64-bit bigints', () => {
    for (const v of [NaN, Infinity, -Infinity]) expect(() => encodeValue(v)).toThrow(Fault);
    expect(() => encodeValue(new XmlDouble('NaN'))).toThrow(Fault);
    expect(() => encodeValue(2 ** 40, { i8: false })).toThrow(/32 bits/);
    expect(() => encodeValue(2n ** 64n)).toThrow(/64 bits/);
    expect(() => encodeValue(new Date(NaN))).toThrow(Fault);
  });
  it('refuses a cyclic value instead of overflowing the stack', () => {
    const a: XmlRpcValue[] = []; a.push(a);
    expect(() => encodeValue(a)).toThrow(/nested too deeply/);
  });
});

describe('encode: envelopes', () => {
  it('response and fault bodies start with the UTF-8 declaration', () => {
    expect(encodeResponse('x')).toBe(`${HEAD}<methodResponse><params><param><value>x</value></param></params></methodResponse>`);
    expect(encodeFault(new Fault(2, '[InvalidKey]bad <key>'))).toBe(`${HEAD}<methodResponse><fault><value><struct><member><name>faultCode</name><value><i4>2</i4></value></member><member><name>faultString</name><value>[InvalidKey]bad &lt;key&gt;</value></member></struct></value></fault></methodResponse>`);
  });
  it('round trips call → decode and response → decode', () => {
    const params: XmlRpcValue[] = [1, -(2 ** 40), 2n ** 60n, true, 'é < & > 😀', '', new XmlDouble('0.10'),
      new XmlDateTime(2020, 2, 29, 23, 59, 59), new Uint8Array([1, 2, 3]), [1, [2, [3]]],
      struct([['__proto__', 'p'], ['nested', struct({ x: 'y' })]])];
    const back = decodeMethodCall(Buffer.from(encodeCall('svc.method', params)), OPTS);
    expect(back.methodName).toBe('svc.method');
    expect(back.params).toEqual(params);
    expect(decodeMethodResponse(Buffer.from(encodeResponse(params)), OPTS)).toEqual({ value: params });
    const f = decodeMethodResponse(Buffer.from(encodeFault(new Fault(13, 'x'))), OPTS);
    expect('fault' in f && f.fault.faultCode).toBe(13);
  });
});
