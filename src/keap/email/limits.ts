// Bounds on what one APIEmailService call may make the gateway store or mail (docs/operations.md
// "Limits"), and Keap's three content types.
import { invalid } from '../../errors.js';

export const MAIL_LIMITS = {
  /** Characters of a subject, as given and once merged (RFC 5322 keeps a header line under 998). */
  subjectChars: 500,
  /** Characters of an HTML or text body as given (a request body is at most 1 MiB anyway). */
  bodyChars: 512 * 1024,
  /** Characters of one body once merged. */
  mergedBodyChars: 1024 * 1024,
  /** Contacts one sendEmail call may mail. */
  contacts: 1000,
  /** Characters one sendEmail call may queue, all messages together (subjects and bodies). */
  queuedChars: 16 * 1024 * 1024,
  /** Characters of attachEmail's raw header block. */
  headerChars: 64 * 1024,
} as const;

/** `text` unchanged, or fault 12 naming `field` when it is longer than `max` characters. */
export function withinChars(text: string, max: number, field: string): string {
  if (text.length > max) throw invalid(`${field} may have at most ${max} characters, got ${text.length}`, field);
  return text;
}

export type ContentType = 'HTML' | 'Text' | 'Multipart';
const CONTENT_TYPES: ContentType[] = ['HTML', 'Text', 'Multipart'];

/** Keap's content type, case-insensitive: HTML (html part only), Text (text only), Multipart (both). */
export function contentTypeOf(text: string, field = 'contentType'): ContentType {
  const found = CONTENT_TYPES.find((c) => c.toLowerCase() === text.trim().toLowerCase());
  if (!found) throw invalid(`${field} must be HTML, Text or Multipart`, field);
  return found;
}
