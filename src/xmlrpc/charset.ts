// Bytes → text for an XML-RPC body. Precedence (research §1.7): BOM, then the HTTP charset, then
// the XML declaration, else UTF-8. A BOM and a declaration that contradict each other are refused
// (XML 1.0 §4.3.3). Node's TextDecoder follows WHATWG, which is wrong for XML in three places, so
// those labels are decoded here: ISO-8859-1 as true Latin-1 (WHATWG: windows-1252), US-ASCII
// strictly (bytes above 0x7F refused), and windows-1252 with its 0x80–0x9F table (Node decodes
// those bytes as Latin-1 C1 controls: “quoted” € would arrive as U+0093 U+0080 …).
import { isAscii, isUtf8 } from 'node:buffer';
import { Fault } from './types.js';
import { PARSE_FAULT } from './fault-codes.js';
import { declarationOfBytes, readDeclaration, startsWithDeclaration } from './xml-decl.js';

const UTF8 = new Set(['utf-8', 'utf8', 'unicode-1-1-utf-8']);
const ASCII = new Set(['us-ascii', 'ascii', 'ansi_x3.4-1968', 'iso-ir-6', 'iso646-us', 'us', 'ibm367', 'cp367', 'csascii']);
const LATIN1 = new Set(['iso-8859-1', 'iso8859-1', 'iso88591', 'iso_8859-1', 'iso_8859-1:1987', 'latin1', 'latin-1', 'l1', 'iso-ir-100', 'csisolatin1', 'cp819', 'ibm819']);
const CP1252 = new Set(['windows-1252', 'cp1252', 'x-cp1252']);
const UTF16 = new Set(['utf-16', 'utf-16le', 'utf-16be', 'utf16', 'ucs-2', 'iso-10646-ucs-2']);
/** WHATWG decoders that are no real charset (x-user-defined maps bytes into the Private Use Area). */
const REFUSED_DECODERS = new Set(['x-user-defined', 'replacement']);

/** windows-1252 0x80–0x9F (Unicode's cp1252.txt); 0 = the five bytes the code page leaves undefined. */
const CP1252_HIGH = [
  0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
  0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
];

function encodingFault(why: string): Fault {
  return new Fault(PARSE_FAULT, `Failed to parse XML-RPC request: ${why}`);
}

function bomCharset(body: Buffer): [string, number] | undefined {
  if (body[0] === 0xEF && body[1] === 0xBB && body[2] === 0xBF) return ['utf-8', 3];
  if (body[0] === 0xFF && body[1] === 0xFE) return ['utf-16le', 2];
  if (body[0] === 0xFE && body[1] === 0xFF) return ['utf-16be', 2];
  return undefined;
}

/** The declarations nearly every client writes, all meaning UTF-8: compared in place, no parsing. */
const UTF8_DECLARATIONS = [
  '<?xml version="1.0" encoding="UTF-8"?>', '<?xml version="1.0" encoding="utf-8"?>', "<?xml version='1.0' encoding='UTF-8'?>",
].map((d) => Buffer.from(d, 'latin1'));

function startsWith(body: Buffer, prefix: Buffer): boolean {
  if (body.length < prefix.length) return false;
  for (let i = prefix.length - 1; i >= 0; i--) if (body[i] !== prefix[i]) return false;
  return true;
}

function hasUtf8Declaration(body: Buffer): boolean {
  for (const d of UTF8_DECLARATIONS) if (startsWith(body, d)) return true;
  return false;
}

function utf8(body: Buffer): string {
  if (!isUtf8(body)) throw encodingFault('invalid UTF-8');
  return body.toString('utf8');
}

/** One UTF-16 unit per byte, so the text is built in one typed array (linear, no per-character strings). */
function windows1252(body: Buffer): string {
  const units = new Uint16Array(body.length);
  for (let i = 0; i < body.length; i++) {
    const b = body[i];
    if (b < 0x80 || b > 0x9F) { units[i] = b; continue; }
    const u = CP1252_HIGH[b - 0x80];
    if (!u) throw encodingFault(`byte 0x${b.toString(16).toUpperCase()} is not defined in windows-1252`);
    units[i] = u;
  }
  return Buffer.from(units.buffer, units.byteOffset, units.byteLength).toString('utf16le'); // little-endian, as every Node platform
}

function decodeAs(body: Buffer, label: string): string {
  const cs = label.toLowerCase();
  if (UTF8.has(cs)) return utf8(body);
  if (LATIN1.has(cs)) return body.toString('latin1');
  if (CP1252.has(cs)) return windows1252(body);
  if (ASCII.has(cs)) {
    if (!isAscii(body)) throw encodingFault(`a byte above 0x7F in a ${label} document`);
    return body.toString('latin1');
  }
  let decoder: TextDecoder;
  try { decoder = new TextDecoder(cs, { fatal: true, ignoreBOM: true }); } catch { throw encodingFault(`unsupported encoding "${label.slice(0, 40)}"`); }
  if (REFUSED_DECODERS.has(decoder.encoding)) throw encodingFault(`unsupported encoding "${label.slice(0, 40)}"`);
  try { return decoder.decode(body); } catch { throw encodingFault(`invalid ${label.slice(0, 40)} byte sequence`); }
}

/** A BOM fixes the encoding; a declaration may only repeat it (UTF-16 with the right byte order). */
function agreesWithBom(declared: string, bom: string): boolean {
  const cs = declared.toLowerCase();
  if (bom === 'utf-8') return UTF8.has(cs);
  return cs === 'utf-16' || cs === 'utf16' || cs === bom;
}

function decodeWithBom(body: Buffer, [charset, length]: [string, number]): string {
  const text = decodeAs(body.subarray(length), charset);
  const declared = startsWithDeclaration(text) ? readDeclaration(text).encoding : undefined;
  if (declared !== undefined && !agreesWithBom(declared, charset)) {
    throw encodingFault(`the byte order mark says ${charset.toUpperCase()} but the XML declaration says "${declared.slice(0, 40)}"`);
  }
  return text;
}

/** No BOM: the declaration, if any, was readable as ASCII, so it cannot truthfully declare UTF-16. */
function decodeAsDeclared(body: Buffer): string {
  const declared = declarationOfBytes(body)?.encoding;
  if (declared === undefined) return utf8(body);
  if (UTF16.has(declared.toLowerCase())) throw encodingFault(`encoding "${declared}" declared without a byte order mark`);
  return decodeAs(body, declared);
}

/** Decodes a request body to a string (without BOM). `httpCharset` comes from Content-Type. */
export function decodeBody(body: Buffer, httpCharset?: string): string {
  const bom = bomCharset(body);
  if (bom) return decodeWithBom(body, bom);
  if (httpCharset) return decodeAs(body, httpCharset);
  if (body[0] !== 0x3C || body[1] !== 0x3F || hasUtf8Declaration(body)) return utf8(body); // no declaration, or the usual one
  return decodeAsDeclared(body);
}

/** The charset parameter of a Content-Type header, if any. */
export function charsetOf(contentType: string | undefined): string | undefined {
  if (!contentType || !contentType.includes(';')) return undefined; // no parameters (the usual "text/xml")
  const m = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType);
  return m?.[1];
}
