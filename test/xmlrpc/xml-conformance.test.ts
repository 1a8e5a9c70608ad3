// XML 1.0 well-formedness, one row per defect class the differential fuzzing found (issue 11), and
// the documents that must be accepted. test/xmlrpc/xml-differential.test.ts covers the combinations.
import { describe, expect, it } from 'vitest';
import { decodeBody } from '../../src/xmlrpc/charset.js';
import { decodeMethodCall } from '../../src/xmlrpc/decode.js';
import { scanXml } from '../../src/xmlrpc/xml-scan.js';
import { Fault } from '../../src/xmlrpc/types.js';

const LIMITS = { maxTagDepth: 100, maxElements: 1000 };
const OPTS = { maxDepth: 64, maxElements: 100_000 };
const CALL = '<methodCall><methodName>m</methodName><params><param><value>v</value></param></params></methodCall>';
const withValue = (inner: string) => CALL.replace('<value>v</value>', `<value>${inner}</value>`);

function refusal(xml: string): string {
  try { scanXml(xml, LIMITS); } catch (e) { if (e instanceof Fault) return e.faultString; throw e; }
  throw new Error(`accepted: ${JSON.stringify(xml).slice(0, 120)}`);
}

describe('XML scanner refuses what XML 1.0 refuses', () => {
  const rows: Array<[string, string, RegExp]> = [
    // comments (§2.5)
    ['"--" inside a comment', `<methodCall><!-- a -- b --><methodName>m</methodName></methodCall>`, /"--" inside a comment/],
    ['a comment ending in "--->"', `<methodCall><!-- a ---><methodName>m</methodName></methodCall>`, /"--" inside a comment/],
    // character data (§2.4)
    ['"]]>" in text', withValue('a]]>b'), /"]]>" in text/],
    // attributes (§3.1)
    ['a duplicate attribute', '<methodCall a="1" a="2"><methodName>m</methodName></methodCall>', /duplicate attribute a/],
    ['xmlns:ex declared twice', '<methodCall xmlns:ex="u" b="" xmlns:ex="u"><methodName>m</methodName></methodCall>', /duplicate attribute xmlns:ex/],
    ['attributes without white space between them', '<methodCall a="1"b="2"><methodName>m</methodName></methodCall>', /malformed tag/],
    ['"<" in an attribute value', '<methodCall a="<"><methodName>m</methodName></methodCall>', /"<" in attribute value/],
    ['a bare "&" in an attribute value', '<methodCall a="x & y"><methodName>m</methodName></methodCall>', /bare "&"/],
    ['an unquoted attribute value', '<methodCall a=1><methodName>m</methodName></methodCall>', /unquoted attribute/],
    // the XML declaration (§2.8)
    ['a declaration that swallows markup', `<?xml version="1.0" ${CALL}?>`, /XML declaration/],
    ['a declaration without version', `<?xml encoding="UTF-8"?>${CALL}`, /version must come first/],
    ['version 2.0', `<?xml version="2.0"?>${CALL}`, /bad version/],
    ['version "1."', `<?xml version="1."?>${CALL}`, /bad version/],
    ['encoding before version', `<?xml encoding="UTF-8" version="1.0"?>${CALL}`, /version must come first/],
    ['standalone before encoding', `<?xml version="1.0" standalone="yes" encoding="UTF-8"?>${CALL}`, /"\?>" expected/],
    ['no white space before encoding', `<?xml version="1.0"encoding="UTF-8"?>${CALL}`, /"\?>" expected/],
    ['standalone="maybe"', `<?xml version="1.0" standalone="maybe"?>${CALL}`, /bad standalone/],
    ['an encoding name starting with a digit', `<?xml version="1.0" encoding="8bit"?>${CALL}`, /bad encoding/],
    ['an encoding name with a space', `<?xml version="1.0" encoding="UTF 8"?>${CALL}`, /bad encoding/],
    ['an unquoted version', `<?xml version=1.0?>${CALL}`, /must be quoted/],
    ['an unterminated declaration', '<?xml version="1.0"', /"\?>" expected|unterminated/],
    ['a declaration after white space', ` <?xml version="1.0"?>${CALL}`, /XML declaration must be at the very start/],
    ['a second declaration', `<?xml version="1.0"?><?xml version="1.0"?>${CALL}`, /XML declaration must be at the very start/],
    // white space around the root (§2.3 S is #x20 | #x9 | #xD | #xA only)
    ['NBSP before the root', `\u00A0${CALL}`, /text before the root/],
    ['ideographic space after the root', `${CALL}\u3000`, /content after the root/],
    ['NBSP after the declaration', `<?xml version="1.0"?>\u00A0${CALL}`, /text before the root/],
    ['a BOM inside the text (a second BOM)', `\uFEFF${CALL}`, /text before the root/],
    ['CDATA before the root', `<![CDATA[x]]>${CALL}`, /CDATA outside the root/],
    ['CDATA after the root', `${CALL}<![CDATA[x]]>`, /CDATA outside the root/],
    // names (XML 1.0 5th edition NameStartChar / NameChar)
    ['U+037E (Greek question mark) in a name', '<a\u037E/>', /malformed tag|bad tag name/],
    ['U+00D7 (multiplication sign) in a name', '<a\u00D7b/>', /malformed tag|bad tag name/],
    ['U+2190 (arrow) in a name', '<a\u2190/>', /malformed tag|bad tag name/],
    ['a name starting with a combining mark', '<\u0300a/>', /bad tag name/],
    ['a name starting with U+00B7', '<\u00B7a/>', /bad tag name/],
    ['a name starting with a digit', '<1a/>', /bad tag name/],
    ['a name with a plane-15 character (U+F0000)', '<a\u{F0000}/>', /malformed tag|bad tag name/],
    ['an attribute name with U+3000', '<a b\u3000c="1"/>', /malformed/],
    // references and characters
    ['&constructor; (not a prototype look-up)', withValue('&constructor;'), /undeclared entity &constructor;/],
    ['&__proto__;', withValue('&__proto__;'), /undeclared entity/],
    ['an empty character reference', withValue('&#x;'), /bare "&"/],
    ['"<!" that is no comment, CDATA or DOCTYPE', `<methodCall><!x><methodName>m</methodName></methodCall>`, /malformed markup/],
    ['a lone surrogate', withValue('\uD800'), /lone surrogate/],
  ];
  for (const [what, xml, reason] of rows) it(what, () => expect(refusal(xml)).toMatch(reason));

  it('the element names in end tags obey the same rules (no prefix match)', () => {
    expect(refusal('<ab></a\u0300b>')).toMatch(/unexpected <\/a/);
    expect(refusal('<a></a\u0300>')).toMatch(/unexpected <\/a/);
  });
});

describe('XML scanner accepts what XML 1.0 accepts', () => {
  const rows: Array<[string, string]> = [
    ['an empty comment and "-" inside comments', '<a><!----><!-- a - b --><!--->--></a>'],
    ['"]]>" and markup inside a comment', '<a><!-- ]]> <b> & --></a>'],
    ['"]]" and "]>" in text', '<a>]] ]> ]]&gt;</a>'],
    ['">" and the other quote inside attribute values', `<a b=">" c='"' d="'"/>`],
    ['attribute values with references', '<a b="&amp;&lt;&#60;&#x3C;" c=\'&quot;\'/>'],
    ['white space around "=" and before ">"', '<a b = "1"\n\tc=\'2\' ></a >'],
    ['5th-edition names', '<\u00E9\u00B7\u0300-.1 \u00C0\u203F="x"><\u{10000}\u{EFFFF}/><_:a/></\u00E9\u00B7\u0300-.1>'],
    ['a declaration with standalone, single quotes and white space', "<?xml  version = '1.0'\n encoding = 'utf-8'  standalone = 'yes' ?><a/>"],
    ['version 1.1 (read as 1.0)', '<?xml version="1.1"?><a/>'],
    ['a declaration longer than 200 bytes', `<?xml version="1.0"${' '.repeat(300)}encoding="UTF-8"?><a/>`],
    ['XML white space and comments around the root', ' \t\r\n<!-- before --><a/>\r\n<!-- after -->\n'],
    ['CDATA holding "<", "&" and "]]"', '<a><![CDATA[<b> & ]] ]]]></a>'],
    ['C1 controls and non-characters outside the BMP (XML 1.0 Char)', '<a>\u0085\u0080\u{1FFFE}</a>'],
  ];
  for (const [what, xml] of rows) it(what, () => expect(() => scanXml(xml, LIMITS)).not.toThrow());

  it('text of the accepted documents is what XML says it is', () => {
    expect(scanXml('<a>]] ]> ]]&gt;<![CDATA[<&]]>&#x1F600;</a>', LIMITS).text).toBe(']] ]> ]]><&😀');
    expect(scanXml('<a><!-- c -->x<!---->y</a>', LIMITS).text).toBe('xy');
  });
});

describe('charsets (issue 11 item 6)', () => {
  const body = (s: string) => `<methodCall><methodName>m</methodName><params><param><value>${s}</value></param></params></methodCall>`;
  const cp1252 = (decl: string, text: string) => Buffer.concat([Buffer.from(decl), Buffer.from(body(text), 'latin1')]);
  const QUOTED = '\x93quoted\x94 \x80 \x85 \x96 \x99'; // “quoted” € … – ™ in windows-1252 bytes
  const value = (buf: Buffer, charset?: string) => decodeMethodCall(buf, { ...OPTS, charset }).params[0];
  const fault = (fn: () => unknown): string => {
    try { fn(); } catch (e) { if (e instanceof Fault) return e.faultString; throw e; }
    throw new Error('expected a Fault');
  };

  it('windows-1252 declared in XML maps 0x80–0x9F to its characters, not C1 controls', () => {
    expect(value(cp1252('<?xml version="1.0" encoding="windows-1252"?>', QUOTED))).toBe('“quoted” € … – ™');
  });
  it('windows-1252 from the HTTP charset, and its aliases cp1252 / x-cp1252', () => {
    for (const label of ['windows-1252', 'WINDOWS-1252', 'cp1252', 'x-cp1252']) expect(value(cp1252('', QUOTED), label)).toBe('“quoted” € … – ™');
  });
  it('windows-1252 keeps 0xA0–0xFF as Latin-1 and refuses its five undefined bytes', () => {
    expect(value(cp1252('', '\xe9\xa0\xff'), 'windows-1252')).toBe('é\u00A0ÿ');
    for (const b of [0x81, 0x8D, 0x8F, 0x90, 0x9D]) {
      expect(fault(() => value(cp1252('', `a${String.fromCharCode(b)}`), 'windows-1252'))).toMatch(/not defined in windows-1252/);
    }
  });
  it('every WHATWG alias of ISO-8859-1 is true Latin-1 (0x93 stays U+0093)', () => {
    for (const label of ['iso88591', 'csisolatin1', 'iso-ir-100', 'iso_8859-1:1987', 'ISO-8859-1']) expect(value(cp1252('', '\x93'), label)).toBe('\u0093');
  });
  it('US-ASCII refuses bytes above 0x7F (declared or from HTTP)', () => {
    expect(fault(() => value(cp1252('<?xml version="1.0" encoding="US-ASCII"?>', '\xe9')))).toMatch(/above 0x7F in a US-ASCII document/);
    expect(fault(() => value(cp1252('', '\xe9'), 'us-ascii'))).toMatch(/above 0x7F/);
    expect(value(cp1252('<?xml version="1.0" encoding="US-ASCII"?>', 'plain &#233;'))).toBe('plain é');
  });
  it('the encoding of a declaration longer than 200 bytes is read', () => {
    const decl = `<?xml version="1.0"${' '.repeat(300)}encoding="ISO-8859-1"?>`;
    expect(value(cp1252(decl, '\xe9'))).toBe('é');
  });
  it('a UTF-16 BOM with a declaration naming another encoding is refused; UTF-16 itself is fine', () => {
    const utf16 = (decl: string, bom: number[], enc: 'utf16le' | 'latin1' = 'utf16le') => Buffer.concat([Buffer.from(bom), Buffer.from(decl + body('é'), enc)]);
    expect(fault(() => value(utf16('<?xml version="1.0" encoding="ISO-8859-1"?>', [0xFF, 0xFE])))).toMatch(/byte order mark says UTF-16LE but the XML declaration says "ISO-8859-1"/);
    expect(fault(() => value(utf16('<?xml version="1.0" encoding="UTF-8"?>', [0xFF, 0xFE])))).toMatch(/byte order mark/);
    expect(value(utf16('<?xml version="1.0" encoding="UTF-16"?>', [0xFF, 0xFE]))).toBe('é');
    expect(value(utf16('<?xml version="1.0" encoding="utf-16le"?>', [0xFF, 0xFE]))).toBe('é');
  });
  it('a UTF-8 BOM with a declaration naming another encoding is refused', () => {
    const buf = Buffer.concat([Buffer.from([0xEF, 0xBB, 0xBF]), Buffer.from(`<?xml version="1.0" encoding="ISO-8859-1"?>${body('x')}`)]);
    expect(fault(() => value(buf))).toMatch(/byte order mark says UTF-8/);
  });
  it('UTF-16 declared without a BOM is refused (the declaration was readable as ASCII)', () => {
    expect(fault(() => value(Buffer.from(`<?xml version="1.0" encoding="UTF-16"?>${body('x')}`)))).toMatch(/declared without a byte order mark/);
  });
  it('a malformed declaration is refused before decoding, whatever its encoding says', () => {
    expect(fault(() => decodeBody(Buffer.from(`<?xml version="1.0" encoding="ISO-8859-1" <methodCall/>?>`)))).toMatch(/XML declaration/);
  });
  it('labels that are no charset are refused', () => {
    for (const label of ['x-user-defined', 'iso-2022-kr', 'klingon']) expect(fault(() => value(cp1252('', 'x'), label))).toMatch(/unsupported encoding/);
  });
});
