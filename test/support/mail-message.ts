// Reading a message as the loopback SMTP server received it: its headers (unfolded, RFC 2047
// words decoded), its text and HTML parts, and whether it carries attachments.
import { mimePart, type Received } from './smtp.js';

/** RFC 2047 encoded words (=?UTF-8?Q?…?= / =?UTF-8?B?…?=) decoded. */
function decodeWords(value: string): string {
  return value.replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=\s*/g, (_m, _charset: string, enc: string, text: string) => {
    if (enc.toUpperCase() === 'B') return Buffer.from(text, 'base64').toString('utf8');
    const bytes = text.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (_x, h: string) => String.fromCharCode(parseInt(h, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  });
}

export interface ParsedMail {
  envelopeFrom: string;
  envelopeTo: string[];
  /** Lower-cased header name → every value, unfolded and decoded. */
  headers: Map<string, string[]>;
  header(name: string): string | undefined;
  text?: string;
  html?: string;
  hasAttachment: boolean;
  raw: string;
}

export function parseMail(m: Received): ParsedMail {
  const end = m.raw.indexOf('\r\n\r\n');
  const head = m.raw.slice(0, end).replace(/\r\n[ \t]+/g, ' ');
  const headers = new Map<string, string[]>();
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).trim().toLowerCase();
    headers.set(name, [...(headers.get(name) ?? []), decodeWords(line.slice(colon + 1).trim())]);
  }
  return {
    envelopeFrom: m.from, envelopeTo: m.to, headers, raw: m.raw,
    header: (name) => headers.get(name.toLowerCase())?.[0],
    text: mimePart(m.raw, 'text/plain')?.toString('utf8'),
    html: mimePart(m.raw, 'text/html')?.toString('utf8'),
    hasAttachment: /content-disposition:\s*attachment/i.test(m.raw),
  };
}
