import { describe, expect, it } from 'vitest';
import { InvalidParam, arity, isNil, optional, toArray, toBool, toDateTime, toDecimal, toInt, toIntArray, toStr, toStrArray, toStruct } from '../../src/xmlrpc/coerce.js';
import { Fault, XmlDateTime, XmlDouble, struct } from '../../src/xmlrpc/types.js';

const invalid = (fn: () => unknown, param: string) => {
  try { fn(); } catch (e) {
    expect(e).toBeInstanceOf(InvalidParam);
    expect((e as InvalidParam).param).toBe(param);
    expect((e as InvalidParam).message).toContain(param);
    return;
  }
  throw new Error('expected InvalidParam');
};

describe('coerce', () => {
  it('toInt accepts ints, integer strings and integral doubles', () => {
    expect(toInt(5, 'id')).toBe(5);
    expect(toInt(' 42 ', 'id')).toBe(42);
    expect(toInt('-7', 'id')).toBe(-7);
    expect(toInt(new XmlDouble('3.0'), 'id')).toBe(3);
    for (const v of ['abc', '1.5', '', new XmlDouble('1.5'), true, null, [], 2n ** 60n, '99999999999999999999']) invalid(() => toInt(v, 'id'), 'id');
  });
  it('toBool accepts true/false, 0/1, "0"/"1", "true"/"false"', () => {
    expect([toBool(true, 'b'), toBool(0, 'b'), toBool(1, 'b'), toBool('1', 'b'), toBool('0', 'b'), toBool('TRUE', 'b'), toBool('false', 'b')])
      .toEqual([true, false, true, true, false, true, false]);
    for (const v of [2, 'yes', null, '']) invalid(() => toBool(v, 'b'), 'b');
  });
  it('toStr', () => {
    expect([toStr('a', 's'), toStr(12, 's'), toStr(new XmlDouble('1.50'), 's')]).toEqual(['a', '12', '1.50']);
    invalid(() => toStr([], 's'), 's');
  });
  it('toDecimal gives exact decimal text', () => {
    const rows: Array<[unknown, string]> = [
      [new XmlDouble('12.30'), '12.30'], [new XmlDouble('+10.1'), '10.1'], [new XmlDouble('.01'), '0.01'], [new XmlDouble('5.'), '5'],
      [new XmlDouble('5.3E6'), '5300000'], [new XmlDouble('1.5e-3'), '0.0015'], [new XmlDouble('-0.0'), '0.0'], [new XmlDouble('007.5'), '7.5'],
      [7, '7'], ['19.99', '19.99'], [' 3 ', '3'], [0.1, '0.1'], [2n ** 70n, (2n ** 70n).toString()],
    ];
    for (const [v, want] of rows) expect(toDecimal(v as never, 'amt')).toBe(want);
    for (const v of ['abc', '', '1.2.3', NaN, true, null]) invalid(() => toDecimal(v as never, 'amt'), 'amt');
  });
  it('toDateTime from dateTime values and strings', () => {
    const d = new XmlDateTime(2014, 8, 8);
    expect(toDateTime(d, 'd')).toBe(d);
    expect(toDateTime('2014-08-08', 'd')).toEqual(d);
    expect(toDateTime('2014-08-08 10:11:12', 'd')).toEqual(new XmlDateTime(2014, 8, 8, 10, 11, 12));
    expect(toDateTime('20140808T10:11:12Z', 'd').offsetMinutes).toBe(0);
    invalid(() => toDateTime('tomorrow', 'd'), 'd');
    invalid(() => toDateTime(5, 'd'), 'd');
  });
  it('toStruct treats an empty array as an empty struct', () => {
    expect(Object.keys(toStruct([], 'q'))).toEqual([]);
    const s = struct({ a: 1 });
    expect(toStruct(s, 'q')).toBe(s);
    invalid(() => toStruct([1], 'q'), 'q');
    invalid(() => toStruct('x', 'q'), 'q');
  });
  it('arrays', () => {
    expect(toArray([1], 'a')).toEqual([1]);
    expect(toIntArray([1, '2'], 'ids')).toEqual([1, 2]);
    expect(toStrArray(['a', 3], 'f')).toEqual(['a', '3']);
    invalid(() => toIntArray([1, 'x'], 'ids'), 'ids[1]');
    invalid(() => toArray(struct(), 'a'), 'a');
  });
  it('isNil / optional / arity', () => {
    expect([isNil(null), isNil(undefined), isNil(''), isNil(0)]).toEqual([true, true, false, false]);
    expect([optional(null), optional(undefined), optional('x')]).toEqual([undefined, undefined, 'x']);
    expect(() => arity([1, 2], 2, 3, 'S.m')).not.toThrow();
    expect(() => arity([1], 2, 3, 'S.m')).toThrow(Fault);
    expect(() => arity([1, 2, 3, 4], 2, 3, 'S.m')).toThrow(/2 to 3/);
  });
});
