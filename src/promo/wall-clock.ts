// Date-range criteria are written as wall-clock times in an explicit IANA zone ("2026-11-27" in
// America/New_York). Rather than converting the bounds to instants (DST gaps and overlaps), we turn
// `now` into that zone's wall clock and compare the fixed-width texts, which order like the times.

const FORMATTERS = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = FORMATTERS.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    FORMATTERS.set(timeZone, f);
  }
  return f;
}

export function isTimeZone(timeZone: string): boolean {
  try { formatter(timeZone); return true; } catch { return false; }
}

/** `now` as 'YYYY-MM-DDTHH:MM:SS' on the wall clock of `timeZone`. */
export function wallClock(now: Date, timeZone: string): string {
  const parts: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(now)) parts[p.type] = p.value;
  return `${parts.year.padStart(4, '0')}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}`;
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
