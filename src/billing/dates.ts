// Calendar dates of billing: plain days (YYYY-MM-DD) in the app's time zone, never instants, so a
// period is the same whatever the hour or a DST change (a day is a calendar day, 23 or 25 hours
// long). "Today" is the wall-clock date of now in the zone. Month and year steps keep the
// subscription's anchor day and clamp to the month's last day: anchored on the 31st, Jan 31 →
// Feb 28 (29 in a leap year) → Mar 31 → Apr 30; anchored on Feb 29, the next year is Feb 28 and a
// leap year's is Feb 29 again. docs/subscriptions.md "Dates".
import { fromWallClock, wallClockIn } from '../time/zone.js';
import { invalid } from '../errors.js';

/** A billing cycle unit (Keap SubscriptionPlan.Cycle / RecurringOrder.BillingCycle). */
export type CycleUnit = 'year' | 'month' | 'week' | 'day';

/** Keap's cycle codes (Novak: YEAR = 1, MONTH = 2, WEEK = 3, DAY = 6); names are accepted too. */
const CYCLE_CODES: Record<string, CycleUnit> = {
  1: 'year', 2: 'month', 3: 'week', 6: 'day', year: 'year', month: 'month', week: 'week', day: 'day',
  years: 'year', months: 'month', weeks: 'week', days: 'day', yearly: 'year', monthly: 'month', weekly: 'week', daily: 'day',
};
export const CYCLE_CODE: Record<CycleUnit, string> = { year: '1', month: '2', week: '3', day: '6' };

/** Most periods one step may span (a bound on the arithmetic, far past any real plan: 100 years). */
const MAX_FREQUENCY = 1200;

export function cycleUnit(cycle: unknown, field = 'Cycle'): CycleUnit {
  const unit = Object.hasOwn(CYCLE_CODES, String(cycle).trim().toLowerCase()) ? CYCLE_CODES[String(cycle).trim().toLowerCase()] : undefined;
  if (!unit) throw invalid(`${field} must be 1 (year), 2 (month), 3 (week) or 6 (day), got ${JSON.stringify(cycle)}`, field);
  return unit;
}

export function frequencyOf(value: unknown, field = 'Frequency'): number {
  const n = value === undefined || value === null || value === '' ? 1 : Number(value);
  if (!Number.isInteger(n) || n < 1 || n > MAX_FREQUENCY) throw invalid(`${field} must be a whole number from 1 to ${MAX_FREQUENCY}, got ${JSON.stringify(value)}`, field);
  return n;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

interface Ymd { y: number; m: number; d: number }

function daysIn(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

export function parseDay(text: string, field = 'date'): Ymd {
  const m = DAY.exec(text);
  const ymd = m ? { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) } : undefined;
  if (!ymd || ymd.y < 1900 || ymd.y > 9999 || ymd.m < 1 || ymd.m > 12 || ymd.d < 1 || ymd.d > daysIn(ymd.y, ymd.m)) {
    throw invalid(`${field} must be a calendar date YYYY-MM-DD, got ${JSON.stringify(text)}`, field);
  }
  return ymd;
}

const format = ({ y, m, d }: Ymd): string => `${pad(y, 4)}-${pad(m)}-${pad(d)}`;

export function isDay(text: unknown): text is string {
  if (typeof text !== 'string') return false;
  try { parseDay(text); return true; } catch { return false; }
}

/** The calendar date `n` days after `day` (n may be negative). */
export function addDays(day: string, n: number): string {
  const { y, m, d } = parseDay(day);
  const t = new Date(Date.UTC(y, m - 1, d + n));
  return format({ y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() });
}

/** Whole days from `a` to `b`. */
export function daysBetween(a: string, b: string): number {
  const x = parseDay(a), y = parseDay(b);
  return Math.round((Date.UTC(y.y, y.m - 1, y.d) - Date.UTC(x.y, x.m - 1, x.d)) / 86_400_000);
}

/** `day` + `months` months, on the anchor day of the month or the month's last day when shorter. */
export function addMonths(day: string, months: number, anchorDay: number): string {
  const { y, m } = parseDay(day);
  const index = y * 12 + (m - 1) + months;
  const ny = Math.floor(index / 12), nm = (index % 12) + 1;
  return format({ y: ny, m: nm, d: Math.min(anchorDay, daysIn(ny, nm)) });
}

/** The end of one period starting on `day` (= the next period's start). */
export function nextPeriodStart(day: string, unit: CycleUnit, frequency: number, anchorDay: number): string {
  switch (unit) {
    case 'day': return addDays(day, frequency);
    case 'week': return addDays(day, 7 * frequency);
    case 'month': return addMonths(day, frequency, anchorDay);
    case 'year': return addMonths(day, 12 * frequency, anchorDay);
  }
}

/** The wall-clock date of an instant in a time zone: what "today" is for billing. */
export function localDay(instant: Date, timeZone: string): string {
  const w = wallClockIn(instant, timeZone);
  return format({ y: w.year, m: w.month, d: w.day });
}

export function dayOfMonth(day: string): number {
  return parseDay(day).d;
}

/** The instant `day` begins in the zone: how a Keap Date field (ISO UTC in records) holds a billing day. */
export function dayStart(day: string, timeZone: string): string {
  const { y, m, d } = parseDay(day);
  return fromWallClock({ year: y, month: m, day: d, hour: 0, minute: 0, second: 0 }, timeZone).toISOString();
}

/** The billing day a stored Keap Date (ISO instant) falls on in the zone. */
export function dayOfInstant(iso: string, timeZone: string): string {
  const t = new Date(iso);
  if (Number.isNaN(t.getTime())) throw invalid(`not a date: ${JSON.stringify(iso)}`, 'date');
  return localDay(t, timeZone);
}
