// Bytes → text for an XML-RPC body. Precedence (research §1.7): BOM, then the HTTP charset, then
// the XML declaration, else UTF-8. ISO-8859-1 is decoded as true Latin-1: WHATWG TextDecoder would
// silently use windows-1252 for that label.
import { isUtf8 } from 'node:buffer';
import { Fault } from './types.js';
import { PARSE_FAULT } from './fault-codes.js';

const LATIN1 = new Set(['iso-8859-1', 'iso8859-1', 'latin1', 'latin-1', 'l1', 'iso_8859-1', 'cp819', 'ibm819', 'us-ascii', 'ascii']);
const UTF8 = new Set(['utf-8', 'utf8']);
const DECLARED = /^<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/;

function encodingFault(why: string): Fault {
  return new Fault(PARSE_FAULT, `Failed to parse XML-RPC request: ${why}`);
}

function bomCharset(body: Buffer): [string, number] | undefined {
  if (body[0] === 0xEF && body[1] === 0xBB && body[2] === 0xBF) return ['utf-8', 3];
  if (body[0] === 0xFF && body[1] === 0xFE) return ['utf-16le', 2];
  if (body[0] === 0xFE && body[1] === 0xFF) return ['utf-16be', 2];
  return undefined;
}

/** The XML declaration is ASCII in every encoding we accept except UTF-16, which always has a BOM. */
function declaredCharset(body: Buffer): string | undefined {
  if (body[0] !== 0x3C || body[1] !== 0x3F) return undefined; // no '<?': no declaration
  const end = body.indexOf('?>');
  if (end < 0 || end > 200) return undefined;
  return DECLARED.exec(body.toString('latin1', 0, end + 2))?.[1];
}

/** The declarations nearly every client writes, all meaning UTF-8: compared in place, no regex. */
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

function decodeAs(body: Buffer, label: string): string {
  const cs = label.toLowerCase();
  if (UTF8.has(cs)) return utf8(body);
  if (LATIN1.has(cs)) {
    // us-ascii is a subset of Latin-1; bytes above 0x7F are then wrong but harmless as Latin-1.
    return body.toString('latin1');
  }
  let decoder: TextDecoder;
  try { decoder = new TextDecoder(cs, { fatal: true }); } catch { throw encodingFault(`unsupported encoding "${label}"`); }
  try { return decoder.decode(body); } catch { throw encodingFault(`invalid ${label} byte sequence`); }
}

/** Decodes a request body to a string (without BOM). `httpCharset` comes from Content-Type. */
export function decodeBody(body: Buffer, httpCharset?: string): string {
  const bom = bomCharset(body);
  if (bom) return decodeAs(body.subarray(bom[1]), bom[0]);
  if (httpCharset) return decodeAs(body, httpCharset);
  if (body[0] !== 0x3C || body[1] !== 0x3F || hasUtf8Declaration(body)) return utf8(body); // no declaration, or the usual one
  return decodeAs(body, declaredCharset(body) ?? 'utf-8');
}

/** The charset parameter of a Content-Type header, if any. */
export function charsetOf(contentType: string | undefined): string | undefined {
  if (!contentType || !contentType.includes(';')) return undefined; // no parameters (the usual "text/xml")
  const m = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType);
  return m?.[1];
}
