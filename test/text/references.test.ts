// The one XML reference decoder of both fronts (src/text/xml-chars.ts): each front words the
// problems its own way (xml-scan.ts faults, invalidReference a DomainError naming the field).
import { describe, expect, it } from 'vitest';
import { decodeReferences, invalidReference, type ReferenceProblem } from '../../src/text/xml-chars.js';

const problem = (raw: string): ReferenceProblem | undefined => {
  let seen: ReferenceProblem | undefined;
  try { decodeReferences(raw, (p) => { seen = p; return new Error('refused'); }); } catch { /* seen */ }
  return seen;
};

describe('decodeReferences', () => {
  it('resolves the predefined entities and character references exactly once', () => {
    const refuse = () => new Error('unexpected');
    expect(decodeReferences('a &amp;lt; b &#x26;gt; &#169;&#xE9;&quot;&apos;&lt;&gt;', refuse)).toBe('a &lt; b &gt; ©é"\'<>');
    expect(decodeReferences('&#0000000065;&#x000000042;', refuse)).toBe('AB');
    expect(decodeReferences('&#x1F600;', refuse)).toBe('\u{1F600}');
    const plain = 'no references at all';
    expect(decodeReferences(plain, refuse)).toBe(plain);
  });

  it.each([
    ['a stray &', 'R&D', { kind: 'bare' }],
    ['& before another reference', 'a & b &amp;', { kind: 'bare' }],
    ['& at the end', 'x&', { kind: 'bare' }],
    ['an entity-like text that is no name', '&a b;', { kind: 'bare' }],
    ['an HTML entity', '&nbsp;', { kind: 'entity', ref: 'nbsp' }],
    ['&constructor; (no prototype look-up)', '&constructor;', { kind: 'entity', ref: 'constructor' }],
    ['&# without digits', '&#x;', { kind: 'malformed', ref: '#x' }],
    ['&#0;', '&#0;', { kind: 'not-char', ref: '#0', codePoint: 0 }],
    ['a lone surrogate', '&#xD800;', { kind: 'not-char', ref: '#xD800', codePoint: 0xD800 }],
    ['beyond U+10FFFF', '&#x110000;', { kind: 'not-char', ref: '#x110000', codePoint: 0x110000 }],
  ])('%s is refused as such', (_t, raw, expected) => {
    expect(problem(raw)).toEqual(expected);
  });

  it('the Invoicera wording names the field and quotes at most a short prefix', () => {
    const refuse = invalidReference('first_name');
    expect(() => decodeReferences('&nbsp;', refuse)).toThrow(/first_name: unknown entity &nbsp;/);
    expect(() => decodeReferences(`&#${'0'.repeat(100_000)}1;`, refuse)).toThrow(/^first_name: &#0{19}; refers to U\+0001, a character XML 1.0 does not allow$/);
    expect(() => decodeReferences(`&${'a'.repeat(100_000)};`, refuse)).toThrow(/^first_name: unknown entity &a{40}; \(XML knows/);
  });
});
