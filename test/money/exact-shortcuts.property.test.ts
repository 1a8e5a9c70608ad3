// compare/signOf/isWhole/add/subtract skip big.js's copies (src/money/money.ts); these pin that they
// answer exactly what big.js answers, zeros and "-0" included.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { add, Big, compare, dec, isWhole, signOf, subtract } from '../../src/money/money.js';

const decimalText = fc.tuple(fc.constantFrom('', '-'), fc.bigInt({ min: 0n, max: 10n ** 13n - 1n }), fc.integer({ min: 0, max: 6 }))
  .map(([sign, digits, scale]) => {
    const s = digits.toString().padStart(scale + 1, '0');
    return sign + (scale === 0 ? s : `${s.slice(0, -scale)}.${s.slice(-scale)}`);
  });
const amount = fc.oneof(decimalText, fc.constantFrom('0', '-0', '0.00', '1', '-1', '0.5', '10', '100')).map((t) => dec(t));
/** Value and sign (big.js prints "-0" as "0": the sign of a zero is only in `s`). */
const same = (x: Big) => ({ text: x.toString(), sign: x.s });

describe('money shortcuts equal big.js', () => {
  it('compare = cmp, signOf = cmp(0), isWhole = eq(round(0))', () => {
    fc.assert(fc.property(amount, amount, (a, b) => {
      expect(compare(a, b)).toBe(a.cmp(b));
      expect(signOf(a)).toBe(a.cmp(0));
      expect(isWhole(a)).toBe(a.eq(a.round(0)));
    }), { numRuns: 3000 });
  });

  it('add = plus and subtract = minus, value and sign of zero', () => {
    fc.assert(fc.property(amount, amount, (a, b) => {
      expect(same(add(a, b))).toEqual(same(a.plus(b)));
      expect(same(subtract(a, b))).toEqual(same(a.minus(b)));
    }), { numRuns: 3000 });
  });
});
