// The money routine's shortcuts (integer minor units, no-op rounding, point shifts, Big built from
// the scanned text) must give exactly what the general big.js formulas give. Each property runs
// the public function against the reference formula it replaced, on generated amounts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Big, allocate, dec, formatMoney, minorDigits, money, MoneyError, percentOf, roundMoney, RATIO_SCALE, sum } from '../../src/money/money.js';

const CURRENCIES = ['USD', 'JPY', 'KWD'];
const same = (a: Big, b: Big) => ({ s: a.s, e: a.e, c: a.c, text: a.toString() }) as unknown;
const shape = (a: Big) => same(a, a);

/** Decimal text: optional sign, up to 13 integer digits, up to 6 decimals, leading/trailing zeros. */
const decimalText = fc.tuple(
  fc.constantFrom('', '-'),
  fc.stringMatching(/^[0-9]{1,13}$/),
  fc.option(fc.stringMatching(/^[0-9]{0,6}$/), { nil: undefined }),
).map(([sign, int, frac]) => `${sign}${int}${frac === undefined ? '' : `.${frac}`}`);

const amountIn = (digits: number, maxInt = 10n ** 12n - 1n) => fc.tuple(fc.oneof(fc.bigInt({ min: 0n, max: maxInt }), fc.bigInt({ min: 0n, max: 999n })), fc.integer({ min: 0, max: 10 ** digits - 1 }))
  .map(([int, frac]) => new Big(`${int}.${String(frac).padStart(digits, '0')}`));

describe('money routine shortcuts give the general result', () => {
  it('dec builds the same Big as big.js from the text', () => {
    fc.assert(fc.property(decimalText, (t) => { expect(shape(dec(t))).toEqual(shape(new Big(t))); }), { numRuns: 3000 });
    for (const t of ['0', '-0', '000.000', '.5', '5.', '-0.0010', '1234567890123.99', '0000012']) expect(shape(dec(t))).toEqual(shape(new Big(t)));
  });

  it("dec reads a leading '+' as the number without it (big.js alone refuses it), never a raw big.js error", () => {
    fc.assert(fc.property(decimalText.filter((t) => !t.startsWith('-')), (t) => { expect(shape(dec(`+${t}`))).toEqual(shape(new Big(t))); }), { numRuns: 1000 });
    for (const t of ['+', '++5', '+-5', '-+5', '+ 5', '+5e2']) {
      expect(() => dec(t, 'price')).toThrow(MoneyError);
      expect(() => dec(t, 'price')).toThrow(/^price is not a decimal number/);
    }
    expect(() => dec('+12345678901234')).toThrow(/largest amount/);
  });

  it('dec keeps refusing what it refused (too many integer digits, not a numeral)', () => {
    expect(() => dec('12345678901234')).toThrow(/largest amount/);
    expect(() => dec('1e2')).toThrow(/not a decimal/);
  });

  it('roundMoney, formatMoney and money agree with round(HALF_UP)', () => {
    fc.assert(fc.property(decimalText, fc.constantFrom(...CURRENCIES), (t, cur) => {
      const d = new Big(t);
      const digits = minorDigits(cur);
      const want = d.round(digits, 1);
      if (want.abs().gte(new Big(10).pow(13))) return;
      expect(shape(roundMoney(d, cur))).toEqual(shape(want));
      expect(formatMoney(d, cur)).toBe(want.toFixed(digits));
      if (want.eq(d)) expect(money(t, cur).eq(d)).toBe(true);
      else expect(() => money(t, cur)).toThrow(/decimals/);
    }), { numRuns: 3000 });
  });

  it('percentOf equals times, div(100), round(9)', () => {
    const percent = fc.tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 9999 })).map(([i, f]) => new Big(`${i}.${String(f).padStart(4, '0')}`));
    fc.assert(fc.property(decimalText, percent, (t, p) => {
      const a = new Big(t);
      expect(shape(percentOf(a, p))).toEqual(shape(a.times(p).div(100).round(RATIO_SCALE, 1)));
    }), { numRuns: 3000 });
    // Beyond the shift's range the general path is taken: 20 places of division, then 9.
    const tiny = new Big('0.0000000004999999999999999999999');
    expect(shape(percentOf(tiny, new Big(1)))).toEqual(shape(tiny.times(1).div(100).round(RATIO_SCALE, 1)));
  });

  it('allocate in minor units equals the largest-remainder split in big.js', () => {
    const reference = (total: Big, weights: Big[], digits: number): Big[] => {
      const unit = new Big(1).div(new Big(10).pow(digits));
      const wsum = weights.reduce((s, w) => s.plus(w), new Big(0));
      if (weights.length === 0) return [];
      if (wsum.eq(0)) return weights.map((_, i) => (i === 0 ? total : new Big(0)));
      const exact = weights.map((w) => total.times(w).div(wsum));
      const floors = exact.map((e) => e.round(digits, 0));
      let left = total.minus(floors.reduce((s, f) => s.plus(f), new Big(0)));
      const order = exact.map((e, i) => ({ i, rem: e.minus(floors[i]) })).sort((a, b) => (b.rem.cmp(a.rem) || a.i - b.i));
      const out = floors.slice();
      for (const { i } of order) { if (left.lte(0)) break; out[i] = out[i].plus(unit); left = left.minus(unit); }
      return out;
    };
    fc.assert(fc.property(fc.constantFrom(...CURRENCIES), fc.integer({ min: 0, max: 6 }), fc.nat(), (cur, n, seed) => {
      const digits = minorDigits(cur);
      const gen = fc.sample(fc.tuple(amountIn(digits), fc.array(fc.oneof(amountIn(digits, 10n ** 11n), fc.constant(new Big(0)), amountIn(digits).map((b) => b.div(1000).round(digits, 0))), { minLength: n, maxLength: n })), { numRuns: 1, seed })[0];
      const [total, weights] = gen;
      const got = allocate(total, weights, cur);
      const want = reference(total, weights, digits);
      expect(got.map((b) => b.toFixed())).toEqual(want.map((b) => b.toFixed()));
      expect(got.map(shape)).toEqual(want.map(shape));
    }), { numRuns: 1500 });
    // Weights finer than the currency take the general path and still add up.
    const split = allocate(new Big('10.00'), [new Big('1.005'), new Big('2.0001')], 'USD');
    expect(split.map((b) => b.toFixed(2))).toEqual(['3.34', '6.66']);
  });

  it('sum of an array in integer units equals the plus chain from zero (value, sign and digits)', () => {
    const chain = (values: Big[]) => values.reduce((t, v) => t.plus(v), new Big(0));
    fc.assert(fc.property(fc.array(decimalText, { maxLength: 6 }), (texts) => {
      const values = texts.map((t) => new Big(t));
      const want = chain(values);
      if (want.abs().gte(new Big(10).pow(13))) { expect(() => sum(values)).toThrow(/largest amount/); return; }
      expect(shape(sum(values))).toEqual(shape(want));
      // An iterable that is not an array takes the plus chain itself.
      expect(shape(sum(new Set(values)))).toEqual(shape(chain([...new Set(values)])));
    }), { numRuns: 3000 });
    // Partial sums beyond 2^53 units, and decimals too fine for a safe integer, fall back.
    const big = [new Big('9999999999999.999999'), new Big('-9999999999999.999998')];
    expect(shape(sum(big))).toEqual(shape(chain(big)));
    const fine = [new Big('0.0000000000000000001'), new Big('1')];
    expect(shape(sum(fine))).toEqual(shape(chain(fine)));
    expect(shape(sum([new Big('-5'), new Big('5')]))).toEqual(shape(chain([new Big('-5'), new Big('5')])));
  });

  it('formatMoney writes toFixed from minor units, whatever currency came before', () => {
    fc.assert(fc.property(fc.array(fc.tuple(decimalText, fc.constantFrom(...CURRENCIES, 'usd', 'jpy')), { minLength: 1, maxLength: 4 }), (pairs) => {
      for (const [t, cur] of pairs) {
        const digits = minorDigits(cur.toUpperCase());
        expect(minorDigits(cur)).toBe(digits);
        const want = new Big(t).round(digits, 1);
        if (want.abs().gte(new Big(10).pow(13))) continue;
        expect(formatMoney(new Big(t), cur)).toBe(want.toFixed(digits));
      }
    }), { numRuns: 2000 });
    for (const t of ['-0', '-0.001', '-0.004', '0.005', '-9999999999999.99', '9999999999999.999']) {
      for (const cur of CURRENCIES) {
        const want = new Big(t).round(minorDigits(cur), 1);
        if (want.abs().lt(new Big(10).pow(13))) expect(formatMoney(new Big(t), cur)).toBe(want.toFixed(minorDigits(cur)));
      }
    }
  });

  it('allocate refuses weights summing beyond the largest amount, as the general path does', () => {
    expect(() => allocate(new Big(1), [new Big('9000000000000'), new Big('9000000000000')], 'JPY')).toThrow(/largest amount/);
    expect(() => allocate(new Big(1), [new Big('9000000000000.00'), new Big('9000000000000')], 'USD')).toThrow(/largest amount/);
  });
});
