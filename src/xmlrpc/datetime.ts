// dateTime.iso8601 text ⇄ XmlDateTime. Accepts every format seen in the wild (research §1.4,
// keap-xmlrpc.md §1.5): YYYYMMDDTHH:MM:SS (spec), hyphens/colons optional, 'T' or a space,
// date only, a fraction, and a zone of Z / ±hh / ±hhmm / ±hh:mm. Emits the bare spec form.
import { XmlDateTime } from './types.js';

const DATE_TIME = /^(\d{4})(-?)(\d{2})\2(\d{2})(?:[T ](\d{2}):?(\d{2}):?(\d{2})(?:[.,](\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function parseOffset(zone: string | undefined): number | null | undefined {
  if (!zone) return null;
  if (zone === 'Z') return 0;
  const sign = zone[0] === '-' ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const h = Number(digits.slice(0, 2));
  const m = digits.length > 2 ? Number(digits.slice(2)) : 0;
  if (h > 23 || m > 59) return undefined;
  return sign * (h * 60 + m);
}

/** Parses a date-time string; returns undefined when it is not one (caller raises the fault). */
export function parseDateTime(text: string): XmlDateTime | undefined {
  const m = DATE_TIME.exec(text.trim());
  if (!m) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[3]), Number(m[4])];
  const [hour, minute, second] = [Number(m[5] ?? 0), Number(m[6] ?? 0), Number(m[7] ?? 0)];
  const ms = m[8] ? Number(m[8].padEnd(3, '0').slice(0, 3)) : 0;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const offset = parseOffset(m[9]);
  if (offset === undefined) return undefined;
  return new XmlDateTime(year, month, day, hour, minute, second, ms, offset);
}

const p2 = (n: number) => (n < 10 ? '0' : '') + n;

/** The spec form YYYYMMDDTHH:MM:SS of the wall-clock fields (no zone, like Keap's server). */
export function formatDateTime(d: XmlDateTime): string {
  return `${String(d.year).padStart(4, '0')}${p2(d.month)}${p2(d.day)}T${p2(d.hour)}:${p2(d.minute)}:${p2(d.second)}`;
}

/** A JS Date as its UTC wall clock. */
export function fromDate(d: Date): XmlDateTime {
  return new XmlDateTime(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(),
    d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds(), null);
}
