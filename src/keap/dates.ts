// Keap wire dates: `YYYYMMDDTHH:MM:SS` wall clock in the app's time zone (US Eastern by default,
// keap-xmlrpc.md §1.4). Stored records hold ISO-8601 UTC strings; this file converts both ways.
import { XmlDateTime } from '../xmlrpc/types.js';
import { fromWallClock, wallClockIn, type WallClock } from '../time/zone.js';

export type { WallClock } from '../time/zone.js';
export { fromWallClock } from '../time/zone.js';

/** The wall clock of an instant in a time zone. */
export const wallClock = wallClockIn;

/** Stored ISO instant → the dateTime value Keap puts on the wire (no zone written). */
export function toKeapDateTime(value: string | Date, timeZone: string): XmlDateTime {
  const d = typeof value === 'string' ? new Date(value) : value;
  const w = wallClock(d, timeZone);
  return new XmlDateTime(w.year, w.month, w.day, w.hour, w.minute, w.second);
}

/**
 * A received dateTime → instant. With an explicit offset (Node clients send `Z`) it is exact;
 * without one it is a wall clock in the app's time zone, as Keap reads it.
 */
export function fromKeapDateTime(dt: XmlDateTime, timeZone: string): Date {
  if (dt.offsetMinutes !== null) {
    return new Date(Date.UTC(dt.year, dt.month - 1, dt.day, dt.hour, dt.minute, dt.second, dt.millisecond) - dt.offsetMinutes * 60000);
  }
  return fromWallClock(dt, timeZone, dt.millisecond);
}

/** A received dateTime → the ISO-8601 UTC text stored in records. */
export function keapDateTimeToIso(dt: XmlDateTime, timeZone: string): string {
  return fromKeapDateTime(dt, timeZone).toISOString();
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const dayText = (w: WallClock) => `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}`;

/** The `YYYY-MM-DD` of an instant in the app's time zone (toKeapQueryText's date, without the ISO text round trip). */
export function keapDayOf(instant: Date, timeZone: string): string {
  return dayText(wallClock(instant, timeZone));
}

/**
 * Stored ISO instant → `YYYY-MM-DD HH:MM:SS` in the app's time zone: the form queryData compares
 * against (`2012-03-%`, `~>~ 2017-01-01 00:00:00`). Fixed width, so string order is time order.
 */
export function toKeapQueryText(value: string, timeZone: string): string {
  const w = wallClock(new Date(value), timeZone);
  return `${dayText(w)} ${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}`;
}

const DATE_STRING = /^(\d{4})-?(\d{2})-?(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.(\d{1,3})\d*)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/;

/**
 * Date strings clients send (keap-xmlrpc.md §1.5): `YYYYMMDDTHH:MM:SS`, `YYYY-MM-DDTHH:MM:SS`,
 * `YYYY-MM-DD HH:MM:SS`, `YYYY-MM-DD`, optionally with `Z` or an offset. Undefined if none fits.
 */
export function parseKeapDateString(text: string): XmlDateTime | undefined {
  const m = DATE_STRING.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0', ms = '0', zone] = m;
  const month = Number(mo), day = Number(d), hour = Number(h), minute = Number(mi), second = Number(s);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return undefined;
  let offset: number | null = null;
  if (zone) {
    const z = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
    offset = z ? (z[1] === '-' ? -1 : 1) * (Number(z[2]) * 60 + Number(z[3] ?? 0)) : 0;
  }
  return new XmlDateTime(Number(y), month, day, hour, minute, second, Number(ms.padEnd(3, '0')), offset);
}
