// Wall clocks in IANA time zones, shared by Keap wire dates and promotion date ranges.
// One cached Intl formatter per zone (building one costs ~50 µs).

export interface WallClock { year: number; month: number; day: number; hour: number; minute: number; second: number }

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

/**
 * The last second asked per zone and its wall clock: the clock has whole seconds, so every instant
 * of one second has the same answer, and under load many orders fall in one second
 * (formatToParts costs several µs; it was ~2% of a placeOrder).
 */
const lastSecond = new Map<string, { second: number; clock: WallClock }>();

/** The wall clock of an instant in a time zone. */
export function wallClockIn(instant: Date, timeZone: string): WallClock {
  const second = Math.floor(instant.getTime() / 1000);
  const hit = lastSecond.get(timeZone);
  if (hit && hit.second === second) return { ...hit.clock };
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(instant)) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  const clock = { year: parts.year, month: parts.month, day: parts.day, hour: parts.hour % 24, minute: parts.minute, second: parts.second };
  if (Number.isFinite(second)) lastSecond.set(timeZone, { second, clock });
  return { ...clock };
}

/** Minutes the zone is ahead of UTC at an instant. */
function offsetAt(instantMs: number, timeZone: string): number {
  const w = wallClockIn(new Date(instantMs), timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return Math.round((asUtc - Math.floor(instantMs / 1000) * 1000) / 60000);
}

/**
 * The instant a wall clock in `timeZone` denotes. In a DST gap the clock is read with the offset
 * before the change; in the repeated hour the first occurrence wins.
 */
export function fromWallClock(w: WallClock, timeZone: string, millisecond = 0): Date {
  const guess = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, millisecond);
  const first = guess - offsetAt(guess, timeZone) * 60000;
  const second = guess - offsetAt(first, timeZone) * 60000;
  // Prefer the earlier reading when both offsets round-trip (repeated hour).
  const candidates = [first, second].filter((t) => {
    const back = wallClockIn(new Date(t), timeZone);
    return back.hour === w.hour && back.day === w.day && back.minute === w.minute;
  });
  return new Date(candidates.length ? Math.min(...candidates) : first);
}
