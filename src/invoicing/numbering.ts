// Invoice numbers: prefix + zero-padded counter (INV001). The next number continues from the last
// one issued, explicit or automatic: INV137 → INV138, width kept (INV009 → INV010, INV999 → INV1000).
import { invalid } from '../errors.js';

/** Longest invoice number we accept; numbers are shown on documents and used as keys. */
export const MAX_NUMBER_LENGTH = 40;

export function formatInvoiceNumber(prefix: string, width: number, counter: number): string {
  return prefix + String(counter).padStart(width, '0');
}

/** The number after `previous`: its trailing digit run plus one, same width; else previous + "1". */
export function incrementInvoiceNumber(previous: string): string {
  // A scan from the end, not /^(.*?)(\d+)$/: that regex is quadratic on a digit run ending in a letter.
  let start = previous.length;
  while (start > 0 && previous.charCodeAt(start - 1) >= 48 && previous.charCodeAt(start - 1) <= 57) start--;
  if (start === previous.length) return `${previous}1`;
  const head = previous.slice(0, start);
  const digits = previous.slice(start);
  const next = (BigInt(digits) + 1n).toString();
  return head + next.padStart(digits.length, '0');
}

/** The first automatic number, or the one after the last issued. */
export function nextInvoiceNumber(lastIssued: string | undefined, prefix: string, width: number): string {
  return lastIssued === undefined ? formatInvoiceNumber(prefix, width, 1) : incrementInvoiceNumber(lastIssued);
}

/** Validate an explicit number sent by a client. */
export function checkInvoiceNumber(number: string): string {
  const n = number.trim();
  if (n === '') throw invalid('number must not be empty', 'number');
  if (n.length > MAX_NUMBER_LENGTH) throw invalid(`number is longer than ${MAX_NUMBER_LENGTH} characters`, 'number');
  if (/[\u0000-\u001f\u007f]/.test(n)) throw invalid('number must not contain control characters', 'number');
  return n;
}

/** The counter of a number written in the configured format (prefix + digits), else undefined. */
export function counterOf(number: string, prefix: string): bigint | undefined {
  if (!number.startsWith(prefix)) return undefined;
  const digits = number.slice(prefix.length);
  return /^\d{1,30}$/.test(digits) ? BigInt(digits) : undefined;
}

/** Where automatic numbering stands: counter = base + (sequence value − seq). */
export interface NumberFloor { base: string; seq: number }

/** The automatic counter for sequence value `seq` (the plain sequence until an explicit number moved it). */
export function autoCounter(floor: NumberFloor | undefined, seq: number): bigint {
  return floor ? BigInt(floor.base) + BigInt(seq - floor.seq) : BigInt(seq);
}
