import { describe, expect, it } from 'vitest';
import { XmlDateTime } from '../../src/xmlrpc/types.js';
import { fromKeapDateTime, parseKeapDateString, toKeapDateTime, toKeapQueryText } from '../../src/keap/dates.js';

const NY = 'America/New_York';

describe('Keap wire dates (US Eastern wall clock)', () => {
  it.each([
    ['2026-01-15T17:00:00.000Z', '2026-01-15T12:00:00'], // EST
    ['2026-07-15T16:00:00.000Z', '2026-07-15T12:00:00'], // EDT
    ['2026-03-08T07:30:00.000Z', '2026-03-08T03:30:00'], // just after spring forward
  ])('%s goes out as %s', (iso, wire) => {
    expect(toKeapDateTime(iso, NY).toISOString()).toBe(wire);
  });

  it('a zone-less dateTime is Eastern wall clock; an explicit offset is exact', () => {
    expect(fromKeapDateTime(new XmlDateTime(2014, 8, 8, 0, 0, 0), NY).toISOString()).toBe('2014-08-08T04:00:00.000Z');
    expect(fromKeapDateTime(new XmlDateTime(2014, 1, 8, 0, 0, 0), NY).toISOString()).toBe('2014-01-08T05:00:00.000Z');
    expect(fromKeapDateTime(new XmlDateTime(2014, 8, 8, 0, 0, 0, 0, 0), NY).toISOString()).toBe('2014-08-08T00:00:00.000Z');
    expect(fromKeapDateTime(new XmlDateTime(2015, 7, 25, 23, 2, 51, 0, -420), NY).toISOString()).toBe('2015-07-26T06:02:51.000Z');
  });

  it('round-trips every hour of a DST-change day except the repeated one, where the first occurrence wins', () => {
    for (let h = 0; h < 24; h++) {
      const iso = new Date(Date.UTC(2026, 10, 1, h)).toISOString();
      // 05:00Z and 06:00Z are both 01:00 on the wall clock (fall back): the wire cannot tell them apart.
      const want = h === 6 ? '2026-11-01T05:00:00.000Z' : iso;
      expect(fromKeapDateTime(toKeapDateTime(iso, NY), NY).toISOString()).toBe(want);
    }
  });

  it.each([
    ['20171208T11:56:04', [2017, 12, 8, 11, 56, 4, null]],
    ['2017-12-08T11:56:04', [2017, 12, 8, 11, 56, 4, null]],
    ['2017-12-08 11:56:04', [2017, 12, 8, 11, 56, 4, null]],
    ['2017-12-08', [2017, 12, 8, 0, 0, 0, null]],
    ['2017-12-08T11:56:04Z', [2017, 12, 8, 11, 56, 4, 0]],
    ['2015-07-25T23:02:51-07:00', [2015, 7, 25, 23, 2, 51, -420]],
  ] as const)('parses %s', (text, [y, mo, d, h, mi, s, off]) => {
    const dt = parseKeapDateString(text)!;
    expect([dt.year, dt.month, dt.day, dt.hour, dt.minute, dt.second, dt.offsetMinutes]).toEqual([y, mo, d, h, mi, s, off]);
  });

  it.each(['2017-13-01', 'yesterday', '2017-12-08T25:00:00', ''])('refuses %j', (text) => {
    expect(parseKeapDateString(text)).toBeUndefined();
  });

  it('query text is fixed-width Eastern time', () => {
    expect(toKeapQueryText('2012-03-06T04:30:00.000Z', NY)).toBe('2012-03-05 23:30:00');
  });
});
