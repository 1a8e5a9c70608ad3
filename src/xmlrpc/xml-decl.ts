// The XML declaration (XML 1.0 §2.8 XMLDecl, §4.3.3 EncodingDecl, §2.9 SDDecl), read in one
// forward pass, whatever its length (white space in it is unbounded):
//   '<?xml' S 'version' Eq ('1.' [0-9]+) (S 'encoding' Eq EncName)? (S 'standalone' Eq ('yes'|'no'))? S? '?>'
// charset.ts reads it from the raw bytes (to learn the encoding before decoding), xml-scan.ts
// from the decoded text (to check it): one grammar for both, so neither can swallow markup.
import { Fault } from './types.js';
import { PARSE_FAULT } from './fault-codes.js';

export interface XmlDeclaration {
  /** Index just after '?>'. */
  end: number;
  version: string;
  encoding?: string;
  standalone?: 'yes' | 'no';
}

function declFault(why: string): Fault {
  return new Fault(PARSE_FAULT, `Failed to parse XML-RPC request: XML declaration: ${why}`);
}

const isSpace = (c: number) => c === 0x20 || c === 0x0A || c === 0x09 || c === 0x0D;
const VERSION = /^1\.[0-9]+$/;
const ENC_NAME = /^[A-Za-z][A-Za-z0-9._-]*$/;
const STANDALONE = /^(?:yes|no)$/;

/** True when the text starts with `<?xml` and white space: an XML declaration, not a PI. */
export function startsWithDeclaration(s: string): boolean {
  return s.startsWith('<?xml') && isSpace(s.charCodeAt(5));
}

function skipSpace(s: string, i: number): number {
  while (isSpace(s.charCodeAt(i))) i++;
  return i;
}

/** Eq and a quoted value matching `valid`; returns the index after the closing quote. */
function readValue(s: string, i: number, what: string, valid: RegExp, out: string[]): number {
  i = skipSpace(s, i);
  if (s[i] !== '=') throw declFault(`"=" expected after ${what}`);
  i = skipSpace(s, i + 1);
  const q = s[i];
  if (q !== '"' && q !== "'") throw declFault(`the ${what} value must be quoted`);
  const end = s.indexOf(q, i + 1);
  if (end < 0) throw declFault('unterminated');
  const value = s.slice(i + 1, end);
  // The whole value must match: a quote far away cannot swallow markup into it.
  if (!valid.test(value)) throw declFault(`bad ${what} "${value.slice(0, 20)}"`);
  out.push(value);
  return end + 1;
}

/** Reads the declaration at the start of a text (call only when startsWithDeclaration). */
export function readDeclaration(s: string): XmlDeclaration {
  const values: string[] = [];
  let i = skipSpace(s, 5);
  if (!s.startsWith('version', i)) throw declFault('version must come first');
  i = readValue(s, i + 7, 'version', VERSION, values);
  const decl: XmlDeclaration = { end: 0, version: values[0] };
  let j = skipSpace(s, i);
  if (j > i && s.startsWith('encoding', j)) {
    i = readValue(s, j + 8, 'encoding', ENC_NAME, values);
    decl.encoding = values[1];
    j = skipSpace(s, i);
  }
  if (j > i && s.startsWith('standalone', j)) {
    i = readValue(s, j + 10, 'standalone', STANDALONE, values);
    decl.standalone = values[values.length - 1] as 'yes' | 'no';
    j = skipSpace(s, i);
  }
  if (s[j] !== '?' || s[j + 1] !== '>') throw declFault('"?>" expected');
  decl.end = j + 2;
  return decl;
}

/**
 * The declaration at the start of raw bytes, if any: in every encoding but UTF-16 (which has a
 * BOM) it is ASCII, so the bytes up to the first '?>' are read as Latin-1 text (linear; a
 * document without '?>' gets the whole of it, and faults as unterminated).
 */
export function declarationOfBytes(body: Buffer): XmlDeclaration | undefined {
  const end = body.indexOf('?>');
  const head = body.toString('latin1', 0, end < 0 ? body.length : end + 2);
  return startsWithDeclaration(head) ? readDeclaration(head) : undefined;
}
