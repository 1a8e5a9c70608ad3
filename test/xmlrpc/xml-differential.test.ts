// Differential fuzzing of the XML layer against a conforming reference parser (saxes, strict XML 1.0).
// Generated XML-RPC calls are re-formatted in ways XML allows (declarations, comments, whitespace,
// attributes, CDATA, character references, CR/LF) and then mutated with the tokens that break
// well-formedness. For every document: the gateway (decodeBody + scanXml, i.e. the decoder's XML
// layer) accepts exactly when saxes does, and then both see the same element tree; unmutated
// documents also decode to the generated values. DOCTYPEs and processing instructions are refused
// by design (docs/keap-compatibility.md): there the gateway must refuse, whatever saxes says.
//
// Runs a fixed seed and a random one (printed on failure; re-run with FUZZ_SEED=<seed>).
// FUZZ_REPORT=1 counts disagreements by class instead of failing (used for the figures in the
// issue 11 note); FUZZ_RUNS=<n> changes the number of cases per seed.
import fc from 'fast-check';
import { SaxesParser } from 'saxes';
import { describe, expect, it } from 'vitest';
import { decodeBody } from '../../src/xmlrpc/charset.js';
import { decodeMethodCall } from '../../src/xmlrpc/decode.js';
import { encodeCall } from '../../src/xmlrpc/encode.js';
import { scanXml, type XmlElement } from '../../src/xmlrpc/xml-scan.js';
import { Fault, XmlDateTime, XmlDouble, struct, type XmlRpcValue } from '../../src/xmlrpc/types.js';

const LIMITS = { maxTagDepth: 10_000, maxElements: 1_000_000 };
const OPTS = { maxDepth: 64, maxElements: 100_000 };
const RUNS = Number(process.env.FUZZ_RUNS ?? 11_000);
const REPORT = process.env.FUZZ_REPORT === '1';

// ---------------------------------------------------------------------------------------------
// Reference: saxes builds the same light tree the scanner does (name, children, text + CDATA).

type Verdict = { ok: true; tree: XmlElement } | { ok: false; why: string; byDesign?: boolean };

/** XML 1.0 §4.3.3 EncName; saxes also lets an encoding name start with a digit. */
const ENC_NAME = /^[A-Za-z][A-Za-z0-9._-]*$/;
const UTF8_NAMES = new Set(['utf-8', 'utf8']);

function reference(bytes: Buffer): Verdict {
  let text: string;
  try { text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes); } catch { return { ok: false, why: 'invalid UTF-8' }; }
  // XML 1.0 5th edition reads a 1.x document as 1.0 (§2.8): so does the gateway.
  const parser = new SaxesParser({ defaultXMLVersion: '1.0', forceXMLVersion: true });
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let verdict: Verdict | undefined;
  const stop = (v: Verdict) => { verdict = v; throw v; };
  parser.on('error', (e) => stop({ ok: false, why: e.message.replace(/^\d+:\d+: /, '') }));
  parser.on('doctype', () => stop({ ok: false, why: 'DOCTYPE', byDesign: true }));
  parser.on('processinginstruction', () => stop({ ok: false, why: 'processing instruction', byDesign: true }));
  parser.on('xmldecl', (d) => {
    if (d.encoding === undefined) return;
    if (!ENC_NAME.test(d.encoding)) stop({ ok: false, why: 'encoding value must match EncName' });
    // Other encodings re-read the bytes: out of scope here (test/xmlrpc/charset.test.ts covers them).
    if (!UTF8_NAMES.has(d.encoding.toLowerCase())) stop({ ok: false, why: `encoding ${d.encoding}`, byDesign: true });
  });
  parser.on('opentag', (tag) => {
    const el: XmlElement = { name: tag.name, children: [], text: '' };
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(el); else root = el;
    stack.push(el);
  });
  parser.on('closetag', () => { stack.pop(); });
  const addText = (t: string) => { const top = stack[stack.length - 1]; if (top) top.text += t; };
  parser.on('text', addText);
  parser.on('cdata', addText);
  try { parser.write(text).close(); } catch (e) { if (e !== verdict) throw e; }
  return verdict ?? (root ? { ok: true, tree: root } : { ok: false, why: 'no root' });
}

function gateway(bytes: Buffer): Verdict {
  try {
    return { ok: true, tree: scanXml(decodeBody(bytes), LIMITS) };
  } catch (e) {
    if (e instanceof Fault) return { ok: false, why: e.faultString.replace(/^Failed to parse XML-RPC request: /, '') };
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------
// Generator: values → encodeCall → well-formed re-formatting → mutations.

const xmlString = fc.string({ unit: 'grapheme', maxLength: 12 }).map((s) => s.replace(/[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/g, ''));
const scalar: fc.Arbitrary<XmlRpcValue> = fc.oneof(
  fc.integer(), fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map((b) => (Number.isSafeInteger(Number(b)) ? Number(b) : b)),
  fc.boolean(), xmlString, xmlString,
  fc.tuple(fc.integer({ min: -1e6, max: 1e6 }), fc.nat({ max: 9999 })).map(([i, f]) => new XmlDouble(`${i}.${f}`)),
  fc.record({ y: fc.integer({ min: 1, max: 9999 }), mo: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 28 }), h: fc.integer({ min: 0, max: 23 }), mi: fc.integer({ min: 0, max: 59 }), s: fc.integer({ min: 0, max: 59 }) })
    .map((r) => new XmlDateTime(r.y, r.mo, r.d, r.h, r.mi, r.s)),
  fc.uint8Array({ maxLength: 8 }), // no null: the encoder leaves out null struct members by design
);
const value: fc.Arbitrary<XmlRpcValue> = fc.letrec<{ v: XmlRpcValue }>((tie) => ({
  v: fc.oneof({ depthSize: 'small' },
    scalar,
    fc.array(tie('v'), { maxLength: 3 }),
    fc.array(fc.tuple(xmlString, tie('v')), { maxLength: 3 }).map((entries) => struct(entries as Array<[string, XmlRpcValue]>))),
})).v;

/** A small deterministic PRNG for the formatting and mutation choices (fast-check provides the seed). */
function prng(seed: number): (n: number) => number {
  let s = seed >>> 0;
  return (n) => {
    s = (s + 0x6D2B79F5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) % n);
  };
}
const pick = <T>(r: (n: number) => number, xs: readonly T[]): T => xs[r(xs.length)];

const DECLARATIONS = [
  '', '<?xml version="1.0"?>', "<?xml version='1.0'?>", '<?xml version="1.0" encoding="UTF-8"?>', '<?xml version="1.0" encoding="utf-8"?>',
  "<?xml version='1.0' encoding='utf-8' standalone='yes'?>", '<?xml version="1.0" standalone="no" ?>', '<?xml  version = "1.0"\n encoding =\t"UTF-8"  ?>',
  '<?xml version="1.1"?>', `<?xml version="1.0"${' '.repeat(240)}encoding="UTF-8"?>`, '<?xml version="1.0" encoding="UTF8"?>',
];
const SPACE = [' ', '\n', '\t', '\r\n', '\r', '  \n\t'];
const COMMENTS = ['<!---->', '<!-- c -->', '<!-- a - b -->', '<!--<value>-->', '<!-- ]]> & < -->', '<!--\u3000é-->'];
const ATTRIBUTES = [' a="1"', " b='2'", ' xmlns:ex="http://ws.apache.org/xmlrpc/namespaces/extensions"', ' c = "x&amp;&#60;&lt;y"', ' d="\'>"', " e='\"'", ' é·-.0="v"', ' f="\t\n"'];
const CONTAINER_OPEN = /<(methodCall|params|param|array|data|struct|member)>/g;

/** Re-formats a document without changing its meaning. */
function reformat(doc: string, r: (n: number) => number): string {
  let body = doc.replace(/^<\?xml[^>]*>/, '');
  // text first, while '>' only ends tags: character references and CDATA sections
  body = body.replace(/>([^<]+)</g, (m, text: string) => {
    if (r(3) !== 0) return m;
    const t = text.replace(/&[^;]*;|[A-Za-z]/g, (c) => (c.length === 1 && r(3) === 0 ? (r(2) ? `&#${c.charCodeAt(0)};` : `&#x${c.charCodeAt(0).toString(16)};`) : c));
    return r(4) === 0 && !t.includes('&') ? `><![CDATA[${t}]]><` : `>${t}<`;
  });
  // whitespace between elements: after end tags / empty tags, and after container start tags
  body = body.replace(/(<\/[^>]+>|\/>)(?=<)/g, (m) => (r(4) === 0 ? m + pick(r, SPACE) : m));
  body = body.replace(CONTAINER_OPEN, (m) => (r(4) === 0 ? m + pick(r, SPACE) : m));
  // space in end tags, attributes on start tags, comments before any tag
  body = body.replace(/<\/([\w.:]+)>/g, (m, name: string) => (r(10) === 0 ? `</${name}${pick(r, SPACE)}>` : m));
  body = body.replace(/<([A-Za-z][\w.:]*)(\/?)>/g, (m, name: string, slash: string) => (r(10) === 0 ? `<${name}${pick(r, ATTRIBUTES)}${r(2) ? ' ' : ''}${slash}>` : m));
  body = body.replace(/<(?![!/]|\?)/g, (m) => (r(12) === 0 ? pick(r, COMMENTS) + m : m));
  return pick(r, DECLARATIONS) + (r(5) === 0 ? pick(r, SPACE) : '') + body + (r(5) === 0 ? pick(r, [...SPACE, '<!-- end -->']) : '');
}

/** Tokens that break (or look like they break) well-formedness. */
const HOSTILE = [
  '--', '-', '-->', '<!--', '<!-- x -- y -->', '<!-- x --->', ']]>', ']]', ']', '<![CDATA[', '<![CDATA[x]]>', '<![cdata[x]]>',
  '&', '&amp;', '&amp', '&#0;', '&#9;', '&#x1F600;', '&#xD800;', '&#x110000;', '&#65', '&nbsp;', '&lt;', '& ', '&#x;', '&#-1;',
  '<', '>', '/>', '</', '"', "'", '=', ' ', 'a', '1', '-', '.', ':', '·', '\u0300', '\u037E', '\u00D7', '\u2070', '\u203F', '\u3000', '\u00A0', '\uFEFF',
  ' a="1"', ' a="1" a="2"', ' a="1"a="2"', ' a=1', ' a="<"', ' a="&"', " a='1\"", ' xmlns:ex="u" xmlns:ex="v"', ' 1a="x"',
  '<?xml version="1.0"?>', '<?pi x?>', '<?xml-stylesheet href="x"?>', '<!DOCTYPE methodCall>', '<!ELEMENT a ANY>',
  '\r', '\r\n', '\t', '\n', '\x01', '\x7F', '\u0085', '\u2028', '\uFFFD', '\u{10FFFF}', '\u{E0000}', '\u{F0000}', '😀',
  '</x>', '<x/>', '<x>', '<value>', '</value>', 'x', ' version="1.0"', ' encoding="UTF-8"', ' standalone="yes"', ' standalone="maybe"',
  'version', 'encoding', '"1.0"', '"2.0"', '1.', "'", '?>', '<?', '<?xml', ' ?>',
];

/** Characters around the edges of NameStartChar / NameChar (XML 1.0 5th edition). */
const NAME_CHARS = [
  'é', '\u00B7', '\u0300', '\u036F', '\u0370', '\u037D', '\u037E', '\u037F', '\u00D7', '\u00F7', '\u02FF', '\u2070', '\u218F', '\u2190',
  '\u203F', '\u2040', '\u200C', '\u200E', '\u2C00', '\u2FEF', '\u2FF0', '\u3000', '\u3001', '\u00A0', '\uFDD0', '\uFDF0', '\uFFFD',
  '\u{10000}', '\u{EFFFF}', '\u{F0000}', '1', '-', '.', ':', '_', '\u0387', '\u06DD',
];

interface Case { doc: string; mutated: boolean }

/** Puts a character at the start or inside of one element name, in its start and end tags alike. */
function rename(doc: string, r: (n: number) => number): string {
  const names = [...new Set(doc.match(/(?<=<)[A-Za-z][\w.:]*/g) ?? [])];
  if (names.length === 0) return doc;
  const name = pick(r, names);
  const cut = r(name.length + 1);
  const renamed = name.slice(0, cut) + pick(r, NAME_CHARS) + name.slice(cut);
  return doc.replace(new RegExp(`(</?)${name.replace(/\./g, '\\.')}(?=[\\s/>])`, 'g'), (_m, open: string) => open + renamed);
}

function mutate(doc: string, r: (n: number) => number): string {
  const at = r(doc.length + 1);
  switch (r(7)) {
    case 5: return rename(doc, r);
    case 6: { // the edges of the document: before / after the root element
      const root = doc.indexOf('<methodCall');
      const end = doc.lastIndexOf('>') + 1;
      const where = r(2) ? (root < 0 ? 0 : root) : end;
      return doc.slice(0, where) + pick(r, [...HOSTILE, ...NAME_CHARS]) + doc.slice(where);
    }
    case 0: return doc.slice(0, at) + doc.slice(at + 1 + r(6));
    case 1: return doc.slice(0, at) + pick(r, HOSTILE) + doc.slice(at + 1);
    case 2: { const from = r(doc.length + 1); return doc.slice(0, at) + doc.slice(from, from + r(12)) + doc.slice(at); }
    default: return doc.slice(0, at) + pick(r, HOSTILE) + doc.slice(at);
  }
}

const caseOf = fc.tuple(fc.array(value, { maxLength: 3 }), fc.integer(), fc.nat({ max: 9 })).map(([params, seed, mode]) => {
  const r = prng(seed);
  const wellFormed = reformat(encodeCall('svc.m', params), r);
  if (mode < 2) return { params, doc: wellFormed, mutated: false };
  let doc = wellFormed;
  for (let k = 1 + r(mode < 8 ? 1 : 3); k > 0; k--) doc = mutate(doc, r);
  return { params, doc, mutated: true };
});

// ---------------------------------------------------------------------------------------------

/** A short class name for a disagreement: the reference's reason for wrong accepts, ours for wrong refusals. */
function classOf(ours: Verdict, ref: Verdict): string {
  if (ours.ok && !ref.ok) return `accepted wrongly: ${ref.why.replace(/: .*$/, '').replace(/\d+/g, 'N')}`;
  if (!ours.ok && ref.ok) return `refused wrongly: ${ours.why.replace(/"[^"]*"|<[^>]*>|offset \d+|&\S*;/g, '…')}`;
  return 'different tree';
}

function disagreement(c: Case & { params: XmlRpcValue[] }): string | undefined {
  const bytes = Buffer.from(c.doc);
  const ours = gateway(bytes);
  const ref = reference(bytes);
  if (!ref.ok && ref.byDesign) return ours.ok ? `accepted wrongly: ${ref.why} (refused by design)` : undefined;
  if (ours.ok !== ref.ok) return classOf(ours, ref);
  if (ours.ok && ref.ok && JSON.stringify(ours.tree) !== JSON.stringify(ref.tree)) return 'different tree';
  if (!c.mutated) {
    if (!ours.ok) return `generator: refused an unmutated document: ${ours.why}`;
    if (REPORT) { try { expect(decodeMethodCall(bytes, OPTS).params).toEqual(c.params); } catch { return 'different values'; } }
    else expect(decodeMethodCall(bytes, OPTS).params).toEqual(c.params);
  }
  return undefined;
}

function run(seed: number, counts: Map<string, number>): void {
  fc.assert(fc.property(caseOf, (c) => {
    const d = disagreement(c);
    if (d === undefined) return;
    if (REPORT) { counts.set(d, (counts.get(d) ?? 0) + 1); return; }
    const bytes = Buffer.from(c.doc);
    throw new Error(`${d}\n${firstDifference(gateway(bytes), reference(bytes))}\ndocument: ${JSON.stringify(c.doc)}\ngateway: ${JSON.stringify(gateway(bytes)).slice(0, 300)}\nsaxes: ${JSON.stringify(reference(bytes)).slice(0, 300)}`);
  }), { seed, numRuns: RUNS, endOnFailure: true });
}

describe('XML layer vs saxes (differential fuzzing)', () => {
  const counts = new Map<string, number>();
  it(`fixed seed: ${RUNS} cases`, () => run(Number(process.env.FUZZ_FIXED_SEED ?? 20261101), counts));
  const seed = Number(process.env.FUZZ_SEED ?? (Date.now() ^ (Math.random() * 0x7FFFFFFF)) >>> 0);
  it(`random seed: ${RUNS} cases (FUZZ_SEED=${seed})`, () => {
    try { run(seed, counts); } catch (e) { throw new Error(`random seed ${seed} (re-run: FUZZ_SEED=${seed}): ${(e as Error).message}`); }
  });
  if (REPORT) {
    it('report', () => {
      const rows = [...counts].sort((a, b) => b[1] - a[1]);
      console.log(`disagreements in ${2 * RUNS} cases: ${rows.reduce((a, [, n]) => a + n, 0)}\n${rows.map(([k, n]) => `${String(n).padStart(6)}  ${k}`).join('\n')}`);
    });
  }
});

/** Where two verdicts' trees first differ (for the failure message). */
function firstDifference(a: Verdict, b: Verdict, path = ''): string {
  if (!a.ok || !b.ok) return '';
  const walk = (x: XmlElement, y: XmlElement, p: string): string => {
    if (x.name !== y.name || x.text !== y.text || x.children.length !== y.children.length) {
      return `at ${p}/${x.name}: gateway ${JSON.stringify([x.name, x.text, x.children.length])}, saxes ${JSON.stringify([y.name, y.text, y.children.length])}`;
    }
    for (let k = 0; k < x.children.length; k++) { const d = walk(x.children[k], y.children[k], `${p}/${x.name}`); if (d) return d; }
    return '';
  };
  return walk(a.tree, b.tree, path);
}
