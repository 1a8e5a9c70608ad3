// Date-range criteria are written as wall-clock times in an explicit IANA zone ("2026-11-27" in
// America/New_York). Rather than converting the bounds to instants (DST gaps and overlaps), we turn
// `now` into that zone's wall clock and compare the fixed-width texts, which order like the times.
import { wallClockIn } from '../time/zone.js';

export { isTimeZone } from '../time/zone.js';

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** `now` as 'YYYY-MM-DDTHH:MM:SS' on the wall clock of `timeZone`. */
export function wallClock(now: Date, timeZone: string): string {
  const w = wallClockIn(now, timeZone);
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}`;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/;

export function isWallClockText(text: string): boolean {
  return DATE_ONLY.test(text) || DATE_TIME.test(text);
}

/** Inclusive lower bound: a bare date starts at 00:00:00. */
export function startBound(text: string): string {
  if (DATE_ONLY.test(text)) return `${text}T00:00:00`;
  return text.length === 16 ? `${text}:00` : text;
}

/** Inclusive upper bound: a bare date lasts the whole day; a minute lasts to its 59th second. */
export function endBound(text: string): string {
  if (DATE_ONLY.test(text)) return `${text}T23:59:59`;
  return text.length === 16 ? `${text}:59` : text;
}
