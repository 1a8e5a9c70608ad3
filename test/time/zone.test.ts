// wallClockIn remembers the last second per zone: the answer must be the formatter's for every
// instant, across second boundaries, zones and a DST change, and callers may change what they get.
import { describe, expect, it } from 'vitest';
import { wallClockIn } from '../../src/time/zone.js';

function reference(instant: Date, timeZone: string) {
  const f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
  const p = Object.fromEntries(f.formatToParts(instant).filter((x) => x.type !== 'literal').map((x) => [x.type, Number(x.value)]));
  return { year: p.year, month: p.month, day: p.day, hour: p.hour % 24, minute: p.minute, second: p.second };
}

describe('wallClockIn', () => {
  it('gives the formatter’s wall clock for instants within and across seconds and zones', () => {
    // 06:59:58Z on 8 March 2026 is 01:59:58 EST, two seconds before New York skips to 03:00 EDT; also a year end and the November change back.
    const starts = [Date.UTC(2026, 2, 8, 6, 59, 58), Date.UTC(2026, 11, 31, 23, 59, 59), Date.UTC(2026, 10, 1, 5, 59, 59)];
    for (const start of starts) {
      for (let ms = 0; ms < 3000; ms += 250) {
        for (const zone of ['America/New_York', 'UTC', 'Asia/Kolkata', 'America/New_York']) {
          const at = new Date(start + ms);
          expect(wallClockIn(at, zone)).toEqual(reference(at, zone));
        }
      }
    }
  });

  it('hands out a fresh object each time', () => {
    const at = new Date(Date.UTC(2026, 0, 1, 12, 0, 0));
    const a = wallClockIn(at, 'UTC');
    a.hour = 99;
    expect(wallClockIn(at, 'UTC').hour).toBe(12);
  });
});
