import { describe, expect, it } from 'vitest';
import { decodeMethodCall, decodeMethodResponse } from '../../src/xmlrpc/decode.js';
import { Fault, XmlDateTime, XmlDouble, type XmlRpcValue } from '../../src/xmlrpc/types.js';

const OPTS = { maxDepth: 64, maxElements: 100_000 };
const call = (inner: string) => Buffer.from(`<?xml version="1.0"?><methodCall><methodName>m</methodName><params><param><value>${inner}</value></param></params></methodCall>`);
const one = (inner: string): XmlRpcValue => decodeMethodCall(call(inner), OPTS).params[0];
const faultOf = (fn: () => unknown): Fault => {
  try { fn(); } catch (e) { if (e instanceof Fault) return e; throw e; }
  throw new Error('expected a Fault');
};

describe('decode: scalar table (wire snippet → value)', () => {
  const rows: Array<[string, XmlRpcValue]> = [
    ['<i4>42</i4>', 42], ['<int>-7</int>', -7], ['<i4> +5 </i4>', 5], ['<int>01</int>', 1],
    ['<i4>2147483647</i4>', 2 ** 31 - 1], ['<int>-2147483648</int>', -(2 ** 31)], ['<i1>3</i1>', 3], ['<ex:i2>4</ex:i2>', 4],
    [`<i8>${'0'.repeat(40)}9007199254740993</i8>`, 9007199254740993n], [`<i4>-${'0'.repeat(30)}12</i4>`, -12], ['<i8>-0</i8>', 0],
    ['<i8>9007199254740993</i8>', 9007199254740993n], ['<ex:i8>-12</ex:i8>', -12], ['<i8>9223372036854775807</i8>', 9223372036854775807n],
    ['<biginteger>123456789012345678901234567890</biginteger>', 123456789012345678901234567890n], ['<ex:biginteger>7</ex:biginteger>', 7],
    ['<boolean>1</boolean>', true], ['<boolean>0</boolean>', false], ['<boolean> 1 </boolean>', true],
    ['<string>  padded  </string>', '  padded  '], ['<string/>', ''], ['', ''], ['  ', '  '], ['plain', 'plain'],
    ['<string>a &lt;&amp;&gt; &quot;&apos; &#60;&#x3C;&#x1F600;</string>', 'a <&> "\' <<😀'],
    ['<string><![CDATA[<b>&amp;</b>]]></string>', '<b>&amp;</b>'],
    ['<string>a<![CDATA[<]]>b</string>', 'a<b'],
    ['<string>keep\nnewlines\n</string>', 'keep\nnewlines\n'],
    ['<string>crlf\r\nand cr\rbut &#13; kept</string>', 'crlf\nand cr\nbut \r kept'],
    ['<nil/>', null], ['<ex:nil/>', null], ['<nil></nil>', null],
  ];
  for (const [wire, want] of rows) {
    it(`${wire || '(empty)'} → ${String(want)}`, () => expect(one(wire)).toEqual(want));
  }

  const doubles = ['1.5', '-0.25', '10', '+10.1', '.01', '5.', '5.3E6', '12.30', '1.7976931348623157e308', '-5e-324', '0e999999999999',
    '1e+300', `${'0'.repeat(300)}1.5`];
  for (const d of doubles) {
    it(`<double>${d}</double> keeps its exact text`, () => {
      const v = one(`<double>${d}</double>`);
      expect(v).toBeInstanceOf(XmlDouble);
      expect((v as XmlDouble).text).toBe(d);
    });
  }
  it('trims whitespace around a double', () => expect((one('<double> 1.25 </double>') as XmlDouble).text).toBe('1.25'));

  it('base64 ignoring whitespace (Python wraps at 76 chars)', () => {
    const v = one('<base64>AAH/\n  SGk=\n</base64>') as Uint8Array;
    expect(v).toBeInstanceOf(Uint8Array);
    expect([...v]).toEqual([0, 1, 255, 72, 105]);
    expect([...(one('<base64></base64>') as Uint8Array)]).toEqual([]);
  });
});

describe('decode: dateTime formats (research §1.4, keap §1.5)', () => {
  const rows: Array<[string, [number, number, number, number, number, number, number, number | null]]> = [
    ['20120607T11:35:10', [2012, 6, 7, 11, 35, 10, 0, null]],
    ['00010210T11:41:23', [1, 2, 10, 11, 41, 23, 0, null]],
    ['2014-08-08T00:00:00', [2014, 8, 8, 0, 0, 0, 0, null]],
    ['2014-08-08 13:14:15', [2014, 8, 8, 13, 14, 15, 0, null]],
    ['2014-08-08', [2014, 8, 8, 0, 0, 0, 0, null]],
    ['20140808T131415', [2014, 8, 8, 13, 14, 15, 0, null]],
    ['20140808T13:14:15.123456', [2014, 8, 8, 13, 14, 15, 123, null]],
    ['20140808T13:14:15Z', [2014, 8, 8, 13, 14, 15, 0, 0]],
    ['20140808T13:14:15+02', [2014, 8, 8, 13, 14, 15, 0, 120]],
    ['20140808T13:14:15-0530', [2014, 8, 8, 13, 14, 15, 0, -330]],
    ['2014-08-08T13:14:15.5-05:00', [2014, 8, 8, 13, 14, 15, 500, -300]],
    [' 20140808T13:14:15 ', [2014, 8, 8, 13, 14, 15, 0, null]],
  ];
  for (const [wire, f] of rows) {
    it(wire, () => expect(one(`<dateTime.iso8601>${wire}</dateTime.iso8601>`)).toEqual(new XmlDateTime(...f)));
  }
  for (const bad of ['illegal datetime', '20140230T00:00:00', '20141308T00:00:00', '20140808T25:00:00', '2014-0808', '']) {
    it(`rejects "${bad}"`, () => expect(faultOf(() => one(`<dateTime.iso8601>${bad}</dateTime.iso8601>`)).faultString).toMatch(/date-time/));
  }
});

describe('decode: containers', () => {
  it('struct with pretty-printed whitespace, member value before name, last duplicate wins', () => {
    const v = one(`<struct>
      <member><name>a</name><value><i4>1</i4></value></member>
      <member><value>x</value><name>b</name></member>
      <member><name>a</name><value><i4>2</i4></value></member>
    </struct>`) as Record<string, XmlRpcValue>;
    expect({ ...v }).toEqual({ a: 2, b: 'x' });
  });
  it('member names are data: __proto__ and constructor do not touch prototypes', () => {
    const v = one('<struct><member><name>__proto__</name><value><struct><member><name>polluted</name><value>yes</value></member></struct></value></member><member><name>constructor</name><value>c</value></member></struct>') as Record<string, any>;
    expect(Object.getPrototypeOf(v)).toBe(null);
    expect(Object.keys(v)).toEqual(['__proto__', 'constructor']);
    expect(v.__proto__.polluted).toBe('yes');
    expect(({} as any).polluted).toBeUndefined();
    expect(v.constructor).toBe('c');
  });
  it('arrays, empty arrays and entity in a member name', () => {
    expect(one('<array><data><value><i4>1</i4></value><value>s</value><value><array><data/></array></value></data></array>')).toEqual([1, 's', []]);
    expect(Object.keys(one('<struct><member><name>a&amp;b</name><value/></member></struct>') as object)).toEqual(['a&b']);
  });
  it('missing <params> and <params> before <methodName> are accepted', () => {
    expect(decodeMethodCall(Buffer.from('<methodCall><methodName>x.y</methodName></methodCall>'), OPTS)).toEqual({ methodName: 'x.y', params: [] });
    expect(decodeMethodCall(Buffer.from('<methodCall><params><param><value>p</value></param></params><methodName>x</methodName></methodCall>'), OPTS))
      .toEqual({ methodName: 'x', params: ['p'] });
  });
});

describe('decode: invalid XML-RPC → fault (xmlrpc-c bad_values / bad_calls)', () => {
  const bad: Array<[string, string]> = [
    ['two types in one value', '<i4>1</i4><i4>2</i4>'],
    ['unknown tag', '<spam/>'],
    ['nested i4', '<i4><i4>1</i4></i4>'],
    ['i4 text', '<i4>four</i4>'], ['int 12abc', '<int>12abc</int>'], ['int beyond 2^53', '<int>9007199254740993</int>'],
    ['int beyond 32 bits (Keap is Java: Integer.parseInt)', '<int>1099511627776</int>'], ['i4 2^31', '<i4>2147483648</i4>'],
    ['i4 -2^31-1', '<i4>-2147483649</i4>'], ['i1 beyond 8 bits', '<i1>128</i1>'], ['ex:i2 beyond 16 bits', '<ex:i2>-32769</ex:i2>'],
    ['i4 with a fraction', '<i4>1.0</i4>'], ['i8 with an exponent', '<i8>1e3</i8>'], ['i8 sign only', '<i8>-</i8>'],
    ['i8 beyond 64 bits', '<i8>9223372036854775808</i8>'], ['i8 of 400 nines', `<i8>${'9'.repeat(400)}</i8>`],
    ['double beyond the double range (1e500000000: killed the process)', '<double>1e500000000</double>'],
    ['double 1e309', '<double>1e309</double>'], ['double -2e308', '<double>-2e308</double>'],
    ['double whose exponent overflows any integer', `<double>1e${'9'.repeat(50)}</double>`],
    ['double that would silently read as 0', '<double>1e-400</double>'], ['double 2e-324 (below the smallest subnormal)', '<double>2e-324</double>'],
    ['double of 309 nines (> MAX_VALUE)', `<double>${'9'.repeat(309)}</double>`],
    ['double text over 400 characters', `<double>0.${'1'.repeat(400)}</double>`],
    ['double e without digits', '<double>1e</double>'], ['double e+', '<double>1e+</double>'], ['double dot only', '<double>.</double>'],
    ['double sign only', '<double>-</double>'], ['double .e1', '<double>.e1</double>'], ['double two exponents', '<double>1e1e1</double>'],
    ['boolean 2', '<boolean>2</boolean>'], ['boolean true', '<boolean>true</boolean>'],
    ['double empty', '<double></double>'], ['double a', '<double>a</double>'], ['double 1.1.1', '<double>1.1.1</double>'],
    ['double 1a', '<double>1a</double>'], ['double NaN', '<double>NaN</double>'], ['double inf', '<double>inf</double>'],
    ['array without data', '<array></array>'], ['array with two data', '<array><data/><data/></array>'],
    ['junk in data', '<array><data><i4>1</i4></data></array>'], ['text in data', '<array><data>x</data></array>'],
    ['junk in struct', '<struct><foo/></struct>'], ['member without value', '<struct><member><name>a</name></member></struct>'],
    ['member without name', '<struct><member><value>a</value></member></struct>'],
    ['member with two names', '<struct><member><name>a</name><name>b</name><value/></member></struct>'],
    ['element in name', '<struct><member><name><b/></name><value/></member></struct>'],
    ['text beside a typed value', 'x<i4>1</i4>'], ['non-empty nil', '<nil>x</nil>'],
    ['bad base64', '<base64>@@@</base64>'],
    ['biginteger of 81 digits', `<biginteger>${'9'.repeat(81)}</biginteger>`],
    ['ex:serializable is never accepted (CVE-2016-5003 class)', '<ex:serializable>rO0AB</ex:serializable>'],
  ];
  for (const [what, inner] of bad) {
    it(what, () => expect(faultOf(() => one(inner)).faultCode).toBe(0));
  }
  const calls: Array<[string, string]> = [
    ['wrong root', '<methodResponse><params/></methodResponse>'], ['empty call', '<methodCall/>'],
    ['junk element', '<methodCall><methodName>a</methodName><junk/></methodCall>'],
    ['missing methodName', '<methodCall><params/></methodCall>'],
    ['element inside methodName', '<methodCall><methodName>a<b/></methodName></methodCall>'],
    ['param with two values', '<methodCall><methodName>a</methodName><params><param><value/><value/></param></params></methodCall>'],
    ['empty body', ''], ['not XML', 'hello'],
  ];
  for (const [what, xml] of calls) {
    it(what, () => expect(faultOf(() => decodeMethodCall(Buffer.from(xml), OPTS)).faultString).toMatch(/^Failed to parse XML-RPC request: /));
  }
});

describe('decode: well-formedness and limits', () => {
  const wf: Array<[string, string]> = [
    ['trailing garbage', '<methodCall><methodName>a</methodName></methodCall>junk'],
    ['two roots', '<methodCall><methodName>a</methodName></methodCall><methodCall><methodName>b</methodName></methodCall>'],
    ['unclosed tag', '<methodCall><methodName>a</methodName>'],
    ['mismatched tag', '<methodCall><methodName>a</methodCall></methodName>'],
    ['bare ampersand', '<methodCall><methodName>a & b</methodName></methodCall>'],
    ['unknown entity', '<methodCall><methodName>&nbsp;</methodName></methodCall>'],
    ['char ref to NUL', '<methodCall><methodName>&#0;</methodName></methodCall>'],
    ['char ref beyond Unicode', '<methodCall><methodName>&#x110000;</methodName></methodCall>'],
    ['huge char ref', '<methodCall><methodName>&#99999999999999999999;</methodName></methodCall>'],
    ['raw control character', '<methodCall><methodName>a\u0001</methodName></methodCall>'],
    ['DOCTYPE', '<!DOCTYPE methodCall><methodCall><methodName>a</methodName></methodCall>'],
    ['processing instruction', '<methodCall><?php echo 1 ?><methodName>a</methodName></methodCall>'],
    ['unterminated CDATA', '<methodCall><methodName><![CDATA[a</methodName></methodCall>'],
  ];
  for (const [what, xml] of wf) {
    it(what, () => expect(faultOf(() => decodeMethodCall(Buffer.from(xml), OPTS)).faultCode).toBe(0));
  }
  it('comments and an XML declaration with single quotes are fine', () => {
    expect(decodeMethodCall(Buffer.from("<?xml version='1.0' encoding='UTF-8'?>\n<!-- hi --><methodCall><!-- c --><methodName>a</methodName></methodCall>\n"), OPTS).methodName).toBe('a');
  });
  it('value nesting beyond maxDepth faults; at maxDepth it decodes', () => {
    const nest = (n: number) => '<array><data><value>'.repeat(n) + 'x' + '</value></data></array>'.repeat(n);
    expect(() => one(nest(63))).not.toThrow();
    expect(faultOf(() => one(nest(64))).faultString).toMatch(/nested deeper than 64|nesting too deep/);
  });
  it('element count beyond maxElements faults', () => {
    const many = '<array><data>' + '<value><i4>1</i4></value>'.repeat(60) + '</data></array>';
    expect(faultOf(() => decodeMethodCall(call(many), { maxDepth: 64, maxElements: 100 })).faultString).toMatch(/more than 100 elements/);
  });
});

describe('decode: charset (BOM → HTTP header → XML declaration → UTF-8)', () => {
  const body = (s: string) => `<methodCall><methodName>m</methodName><params><param><value>${s}</value></param></params></methodCall>`;
  it('UTF-8 by default', () => expect(decodeMethodCall(Buffer.from(body('é€')), OPTS).params[0]).toBe('é€'));
  it('UTF-8 BOM', () => expect(decodeMethodCall(Buffer.concat([Buffer.from([0xEF, 0xBB, 0xBF]), Buffer.from(body('é'))]), OPTS).params[0]).toBe('é'));
  it('UTF-16LE with BOM', () => expect(decodeMethodCall(Buffer.concat([Buffer.from([0xFF, 0xFE]), Buffer.from(body('é€'), 'utf16le')]), OPTS).params[0]).toBe('é€'));
  it('ISO-8859-1 declared in XML is true Latin-1 (0x80 is U+0080, not €)', () => {
    const xml = Buffer.concat([Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?>'), Buffer.from(body('\u00e9\u0080'), 'latin1')]);
    expect(decodeMethodCall(xml, OPTS).params[0]).toBe('\u00e9\u0080');
  });
  it('HTTP charset beats the XML declaration', () => {
    const xml = Buffer.concat([Buffer.from('<?xml version="1.0" encoding="UTF-8"?>'), Buffer.from(body('\u00e9'), 'latin1')]);
    expect(decodeMethodCall(xml, { ...OPTS, charset: 'iso-8859-1' }).params[0]).toBe('é');
  });
  it('iso-8859-15 plus character references (CPython test_client_encoding)', () => {
    const xml = Buffer.concat([Buffer.from("<?xml version='1.0' encoding='iso-8859-15'?>"), Buffer.from(body('\u00a4&#8364;'), 'latin1')]);
    expect(decodeMethodCall(xml, OPTS).params[0]).toBe('€€');
  });
  it('invalid UTF-8 faults', () => {
    const xml = Buffer.concat([Buffer.from('<methodCall><methodName>'), Buffer.from([0xC3, 0x28]), Buffer.from('</methodName></methodCall>')]);
    expect(faultOf(() => decodeMethodCall(xml, OPTS)).faultString).toMatch(/invalid UTF-8/);
  });
  it('unknown encoding faults', () => {
    expect(faultOf(() => decodeMethodCall(Buffer.from(body('x')), { ...OPTS, charset: 'klingon' })).faultString).toMatch(/unsupported encoding/);
  });
});

describe('decodeMethodResponse', () => {
  it('value and fault', () => {
    expect(decodeMethodResponse(Buffer.from('<methodResponse><params><param><value><i4>3</i4></value></param></params></methodResponse>'), OPTS)).toEqual({ value: 3 });
    const r = decodeMethodResponse(Buffer.from('<methodResponse><fault><value><struct><member><name>faultCode</name><value><i4>5</i4></value></member><member><name>faultString</name><value>nope</value></member></struct></value></fault></methodResponse>'), OPTS);
    expect('fault' in r && [r.fault.faultCode, r.fault.faultString]).toEqual([5, 'nope']);
  });
  for (const bad of ['<methodResponse/>', '<methodResponse><params/></methodResponse>',
    '<methodResponse><params><param><value/></param><param><value/></param></params></methodResponse>',
    '<methodResponse><fault><value><struct><member><name>faultCode</name><value>x</value></member><member><name>faultString</name><value>s</value></member></struct></value></fault></methodResponse>']) {
    it(`rejects ${bad.slice(0, 60)}`, () => expect(faultOf(() => decodeMethodResponse(Buffer.from(bad), OPTS)).faultCode).toBe(0));
  }
});

describe('decode: namespaces and attributes (Apache extensions)', () => {
  it('accepts xmlns attributes and ex:nil / ex:i8', () => {
    const xml = '<methodCall xmlns:ex="http://ws.apache.org/xmlrpc/namespaces/extensions"><methodName>m</methodName><params>'
      + '<param><value><ex:nil xmlns:ex=\'http://ws.apache.org/xmlrpc/namespaces/extensions\'/></value></param>'
      + '<param><value><ex:i8>5</ex:i8></value></param></params></methodCall>';
    expect(decodeMethodCall(Buffer.from(xml), OPTS).params).toEqual([null, 5]);
  });
  for (const bad of ['<methodCall a><methodName>m</methodName></methodCall>', '<methodCall a=b><methodName>m</methodName></methodCall>',
    '<methodCall a="<"><methodName>m</methodName></methodCall>', '<methodCall a="&bogus;"><methodName>m</methodName></methodCall>']) {
    it(`malformed attribute: ${bad.slice(0, 30)}`, () => expect(faultOf(() => decodeMethodCall(Buffer.from(bad), OPTS)).faultCode).toBe(0));
  }
});
