// Invoice numbers: prefix + zero-padded counter (INV001). The next number continues from the last
// one issued, explicit or automatic: INV137 → INV138, width kept (INV009 → INV010, INV999 → INV1000),
// prefix kept (an explicit ACME-0041 makes the next automatic one ACME-0042).
import { invalid } from '../errors.js';

/** Longest invoice number we accept; numbers are shown on documents and used as keys. */
export const MAX_NUMBER_LENGTH = 40;

export function formatInvoiceNumber(prefix: string, width: number, counter: number): string {
  return prefix + String(counter).padStart(width, '0');
}

/**
 * `previous` split before its trailing digit run ("INV0137" → ["INV", "0137"]; no digits → digits "").
 * A scan from the end, not /^(.*?)(\d+)$/: that regex is quadratic on a digit run ending in a letter.
 */
function splitTrailingDigits(text: string): { head: string; digits: string } {
  let start = text.length;
  while (start > 0 && text.charCodeAt(start - 1) >= 48 && text.charCodeAt(start - 1) <= 57) start--;
  return { head: text.slice(0, start), digits: text.slice(start) };
}

/** The number after `previous`: its trailing digit run plus one, same width; else previous + "1". */
export function incrementInvoiceNumber(previous: string): string {
  const { head, digits } = splitTrailingDigits(previous);
  if (digits === '') return `${previous}1`;
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

/** Where automatic numbering stands: counter = base + (sequence value − seq), written as prefix + digits of width. */
export interface NumberFloor { base: string; seq: number; prefix?: string; width?: number }

/** Prefix and width of automatic numbers under `floor` (the configured ones until an explicit number moved them). */
export function numberFormat(floor: NumberFloor | undefined, prefix: string, width: number): { prefix: string; width: number } {
  return { prefix: floor?.prefix ?? prefix, width: floor?.width ?? width };
}

/** The automatic counter for sequence value `seq` (the plain sequence until an explicit number moved it). */
export function autoCounter(floor: NumberFloor | undefined, seq: number): bigint {
  return floor ? BigInt(floor.base) + BigInt(seq - floor.seq) : BigInt(seq);
}

/** The automatic number for sequence value `seq`. */
export function autoNumber(floor: NumberFloor | undefined, seq: number, prefix: string, width: number): string {
  const f = numberFormat(floor, prefix, width);
  return f.prefix + autoCounter(floor, seq).toString().padStart(f.width, '0');
}

/** Whether an explicit number can be continued from (it ends with digits: INV137, ACME-0041). */
export const hasCounter = (number: string) => splitTrailingDigits(number).digits !== '';

/**
 * The floor after an explicit number ending with digits was issued at sequence value `seq`:
 * automatic numbering continues from it ("increment from the last one"). In the current prefix it
 * only moves forward (a number behind the counter changes nothing, so no gap and no reuse); with
 * another prefix it takes over, with that number's prefix and width.
 */
export function floorAfter(explicit: string, floor: NumberFloor | undefined, seq: number, prefix: string, width: number): NumberFloor {
  const { head, digits } = splitTrailingDigits(explicit);
  const counter = BigInt(digits || '0');
  const current = numberFormat(floor, prefix, width);
  if (head === current.prefix) {
    const at = autoCounter(floor, seq) - 1n;
    return { base: (counter > at ? counter : at).toString(), seq, prefix: head, width: current.width };
  }
  return { base: counter.toString(), seq, prefix: head, width: digits.length };
}
