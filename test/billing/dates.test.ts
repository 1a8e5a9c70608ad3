// Billing date arithmetic: calendar days in the app's zone, month ends clamped to the anchor day.
import { describe, expect, it } from 'vitest';
import { addDays, addMonths, cycleUnit, dayStart, dayOfInstant, localDay, nextPeriodStart } from '../../src/billing/dates.js';

describe('billing dates', () => {
  it('a monthly subscription anchored on the 31st keeps its day where the month has it', () => {
    const days: string[] = ['2027-01-31'];
    for (let i = 0; i < 5; i++) days.push(nextPeriodStart(days[days.length - 1], 'month', 1, 31));
    expect(days).toEqual(['2027-01-31', '2027-02-28', '2027-03-31', '2027-04-30', '2027-05-31', '2027-06-30']);
    expect(nextPeriodStart('2028-01-31', 'month', 1, 31)).toBe('2028-02-29');
    expect(addMonths('2027-11-30', 3, 30)).toBe('2028-02-29');
    expect(nextPeriodStart('2027-12-15', 'month', 2, 15)).toBe('2028-02-15');
  });

  it('yearly on Feb 29 falls on Feb 28 and returns to Feb 29 in leap years', () => {
    expect(nextPeriodStart('2028-02-29', 'year', 1, 29)).toBe('2029-02-28');
    expect(nextPeriodStart('2029-02-28', 'year', 1, 29)).toBe('2030-02-28');
    expect(nextPeriodStart('2031-02-28', 'year', 1, 29)).toBe('2032-02-29');
  });

  it('days and weeks are calendar days, across DST changes too', () => {
    expect(nextPeriodStart('2026-03-07', 'week', 1, 7)).toBe('2026-03-14');
    expect(nextPeriodStart('2026-10-31', 'day', 2, 31)).toBe('2026-11-02');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    // US DST starts 2026-03-08 and ends 2026-11-01: each day still begins at local midnight.
    expect(dayStart('2026-03-08', 'America/New_York')).toBe('2026-03-08T05:00:00.000Z');
    expect(dayStart('2026-03-09', 'America/New_York')).toBe('2026-03-09T04:00:00.000Z');
    expect(dayStart('2026-11-02', 'America/New_York')).toBe('2026-11-02T05:00:00.000Z');
    expect(dayOfInstant('2026-03-09T04:00:00.000Z', 'America/New_York')).toBe('2026-03-09');
  });

  it('today is the wall-clock date in the zone', () => {
    // 03:00 UTC on Dec 2 is still Dec 1 in New York, already Dec 2 in Berlin.
    const t = new Date('2026-12-02T03:00:00Z');
    expect(localDay(t, 'America/New_York')).toBe('2026-12-01');
    expect(localDay(t, 'Europe/Berlin')).toBe('2026-12-02');
  });

  it('cycle codes are Keap\'s (1 year, 2 month, 3 week, 6 day) or their names; others are refused', () => {
    expect(['1', '2', '3', '6', 'Month', 'weekly'].map((c) => cycleUnit(c))).toEqual(['year', 'month', 'week', 'day', 'month', 'week']);
    expect(() => cycleUnit('4')).toThrow(/Cycle must be/);
    expect(() => addDays('2026-02-30', 1)).toThrow(/calendar date/);
  });
});
