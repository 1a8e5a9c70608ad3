// The one numeral scanner (src/money/numeral.ts) and every site that reads numerals through it:
// grammar, exact integers, bounded expansion, and linear time on the inputs that made the old
// regexes backtrack quadratically (a long digit run ending in a non-digit).
import { describe, expect, it } from 'vitest';
import { integerDigitsOf, integerOf, numeralParts, plainDecimal, scanNumeral, MAX_NUMERAL_CHARS } from '../../src/money/numeral.js';
import { dec } from '../../src/money/money.js';
import { quoted } from '../../src/errors.js';
import { toDecimal, toInt } from '../../src/xmlrpc/coerce.js';
import { decodeMethodCall } from '../../src/xmlrpc/decode.js';
import { encodeValue } from '../../src/xmlrpc/encode.js';
import { XmlDouble } from '../../src/xmlrpc/types.js';
import { parseQuantity, parseUnitCost } from '../../src/invoicing/values.js';
import { incrementInvoiceNumber } from '../../src/invoicing/numbering.js';
import { parseDateTime } from '../../src/xmlrpc/datetime.js';
import { parseKeapDateString } from '../../src/keap/dates.js';

describe('scanNumeral: [+-]? (digits [. digits?] | . digits) ([eE] [+-]? digits)?', () => {
  const good = ['0', '-0', '+1', '007', '1.', '.5', '1.5', '-12.30', '1e5', '1E-5', '+.5e+3', '5.e1'];
  const bad = ['', '+', '-', '.', '.e1', 'e1', '1e', '1e+', '1.2.3', '1a', ' 1', '1 ', '1,5', '١', 'Infinity', 'NaN', '0x10', '1_000', '--1', '1e1e1', '1e1.5'];
  for (const t of good) it(`accepts ${JSON.stringify(t)}`, () => expect(scanNumeral(t, true)).toBe(true));
  for (const t of bad) it(`refuses ${JSON.stringify(t)}`, () => expect(scanNumeral(t, true)).toBe(false));
  it('refuses an exponent unless allowed, and text longer than MAX_NUMERAL_CHARS', () => {
    expect(scanNumeral('1e5', false)).toBe(false);
    expect(scanNumeral('1'.repeat(MAX_NUMERAL_CHARS), false)).toBe(true);
    expect(scanNumeral('1'.repeat(MAX_NUMERAL_CHARS + 1), false)).toBe(false);
  });
  it('saturates huge exponents instead of overflowing', () => {
    const p = numeralParts();
    expect(scanNumeral(`1e${'9'.repeat(300)}`, true, p)).toBe(true);
    expect(p.exponent).toBe(1e9);
    expect(scanNumeral(`1e-${'9'.repeat(300)}`, true, p)).toBe(true);
    expect(p.exponent).toBe(-1e9);
  });
  it('integerDigitsOf tells the magnitude without expanding', () => {
    const p = numeralParts();
    const digits = (t: string) => (scanNumeral(t, true, p), integerDigitsOf(t, p));
    expect([digits('0'), digits('000.5'), digits('12.5'), digits('12.5e3'), digits('0.0012e3'), digits('1e500000000'), digits('1e-9')]).toEqual([0, 0, 2, 5, 1, 500000001, 0]);
  });
});

describe('plainDecimal and integerOf', () => {
  const plain: Array<[string, string | undefined]> = [
    ['5.3E6', '5300000'], ['1.5e-3', '0.0015'], ['-0.0', '0.0'], ['+007.5', '7.5'], ['5.', '5'], ['.5', '0.5'], ['12.30', '12.30'],
    ['1.50E1', '15.0'], ['-1e0', '-1'], ['1e39', '1' + '0'.repeat(39)], ['1e40', undefined], ['1e-39', undefined], ['1e500000000', undefined], ['x', undefined],
  ];
  for (const [t, want] of plain) it(`plainDecimal(${t}, 40) → ${want}`, () => expect(plainDecimal(t, 40)).toBe(want));

  it('integerOf keeps exact integers: number when safe, bigint beyond, never rounded', () => {
    expect(integerOf('9007199254740991', 19)).toBe(9007199254740991);
    expect(integerOf('9007199254740993', 19)).toBe(9007199254740993n);
    expect(integerOf('-9223372036854775808', 19)).toBe(-9223372036854775808n);
    expect(integerOf(`+${'0'.repeat(300)}42`, 19)).toBe(42);
    expect(integerOf('-0', 19)).toBe(0);
    expect(integerOf('27.000', 19, true)).toBe(27);
    expect(integerOf('27.000', 19)).toBeUndefined();
    expect(integerOf('27.5', 19, true)).toBeUndefined();
    expect(integerOf('1e3', 19)).toBeUndefined();
    expect(integerOf('12345678901234567890', 19)).toBeUndefined();
  });
});

describe('quoted: faults quote at most a short prefix', () => {
  it('short values whole, long ones cut with their length, never mid-surrogate', () => {
    expect(quoted('abc')).toBe('"abc"');
    expect(quoted('9'.repeat(300))).toBe(`"${'9'.repeat(32)}…" (300 characters)`);
    const cut = quoted('a'.repeat(31) + '😀' + 'b'.repeat(10));
    expect(cut).toBe(`"${'a'.repeat(31)}…" (43 characters)`);
  });
});

describe('every numeral site is linear (1 MiB of digits ending in a non-digit; minutes before)', () => {
  const MiB = 1 << 20;
  const digits = '1'.repeat(MiB);
  const call = (inner: string) => Buffer.from(`<methodCall><methodName>m</methodName><params><param><value>${inner}</value></param></params></methodCall>`);
  const OPTS = { maxDepth: 64, maxElements: 100_000 };
  const sites: Array<[string, () => unknown]> = [
    ['decode <double>', () => decodeMethodCall(call(`<double>${digits}x</double>`), OPTS)],
    ['decode <i8>', () => decodeMethodCall(call(`<i8>${digits}x</i8>`), OPTS)],
    ['decode <int>', () => decodeMethodCall(call(`<int>${digits}x</int>`), OPTS)],
    ['coerce toDecimal (price string)', () => toDecimal(`${digits}x`, 'price')],
    ['coerce toDecimal (exponent form)', () => toDecimal(new XmlDouble(`${digits}ex`), 'price')],
    ['coerce toInt', () => toInt(`${digits}x`, 'id')],
    ['money dec (Invoicera unit_cost)', () => dec(`${digits}x`, 'unit_cost')],
    ['invoicing parseUnitCost', () => parseUnitCost(`${digits}.`, 'USD', 'unit_cost')],
    ['invoicing parseQuantity', () => parseQuantity(`0.${digits}`, 'quantity')],
    ['encode XmlDouble', () => encodeValue(new XmlDouble(`${digits}x`))],
  ];
  for (const [site, run] of sites) {
    it(`${site}: refused well under a second, with a short message`, () => {
      const started = performance.now();
      let message = '';
      try { run(); } catch (e) { message = e instanceof Error ? e.message : String(e); }
      expect(performance.now() - started).toBeLessThan(1000); // generous: quadratic took minutes
      expect(message).not.toBe('');
      expect(message.length).toBeLessThan(200);
    });
  }
  it('invoice numbering scans its trailing digits linearly (/^(.*?)(\\d+)$/ took 44 s for 100k digits + "x")', () => {
    const started = performance.now();
    expect(incrementInvoiceNumber(`${digits}x`)).toBe(`${digits}x1`);
    expect(incrementInvoiceNumber('INV009')).toBe('INV010');
    expect(incrementInvoiceNumber('A1B999')).toBe('A1B1000');
    expect(performance.now() - started).toBeLessThan(1000);
  });
  it('date parsers (anchored, bounded groups) stay linear on a 1 MiB fraction or digit run', () => {
    const started = performance.now();
    expect(parseDateTime(`20140808T10:00:00.${digits}x`)).toBeUndefined();
    expect(parseDateTime(`${digits}x`)).toBeUndefined();
    expect(parseKeapDateString(`2014-08-08T10:00:00.${digits}x`)).toBeUndefined();
    expect(parseKeapDateString(`2014-08-08T10:00:00.1${' '.repeat(MiB)}x`)).toBeUndefined();
    expect(performance.now() - started).toBeLessThan(1000);
  });
  it('inputs just under the length cap stay cheap too (10,000 × 399 digits + "x")', () => {
    const t = `${'1'.repeat(MAX_NUMERAL_CHARS - 1)}x`;
    const started = performance.now();
    for (let i = 0; i < 10_000; i++) { scanNumeral(t, true); plainDecimal(t, MAX_NUMERAL_CHARS); integerOf(t, 19); }
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
