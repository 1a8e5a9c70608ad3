import { describe, expect, it } from 'vitest';
import { parsePromotion, PromotionInvalid } from '../../src/promo/validate.js';

describe('parsePromotion', () => {
  it('reads a full definition and adds the PROMO_CODE criterion for coded promotions', () => {
    const d = parsePromotion({
      name: 'Black Friday', discount: { kind: 'order_total', mode: 'percent', value: 10, strategy: 'net' },
      criteria: [{ type: 'DATE_RANGE', start: '2026-11-27', end: '2026-11-30', timeZone: 'America/New_York' }],
      limits: { totalUses: 50, perContact: 1 }, codes: [' BF10 '],
    });
    expect(d.discount).toEqual({ kind: 'ORDER_TOTAL', mode: 'PERCENT', value: '10', strategy: 'NET' });
    expect(d.codes).toEqual(['BF10']);
    expect(d.criteria.map((c) => c.type)).toEqual(['DATE_RANGE', 'PROMO_CODE']);
    expect(d.limits).toEqual({ totalUses: 50, perContact: 1 });
    expect(d.active).toBe(true);
  });

  it('lists every problem with its field path', () => {
    let err: unknown;
    try {
      parsePromotion({
        name: 'Bad', discount: { kind: 'ORDER_TOTAL', mode: 'PERCENT', value: '150' },
        criteria: [{ type: 'DATE_RANGE', start: '2026-12-01', end: '2026-11-01', timeZone: 'Mars/Olympus' }],
        limits: { totalUses: 0, forever: 1 }, codes: ['OK', 'ok', 'no spaces'],
      });
    } catch (e) { err = e; }
    expect(err).toBeInstanceOf(PromotionInvalid);
    const msg = (err as Error).message;
    expect(msg).toContain('invalid promotion "Bad"');
    expect(msg).toContain('discount.value: must be at most 100, got 150');
    expect(msg).toContain('criteria[0].timeZone: unknown time zone "Mars/Olympus"');
    expect(msg).toContain('criteria[0]: start 2026-12-01 is after end 2026-11-01');
    expect(msg).toContain('limits.totalUses: must be at least 1, got 0');
    expect(msg).toContain('limits.forever: unknown limit');
    expect(msg).toContain('codes[1]: "ok" repeats "OK" (codes ignore case)');
    expect(msg).toContain('codes[2]: "no spaces" may hold only letters');
    expect((err as PromotionInvalid).kind).toBe('invalid');
  });

  it('names a missing discount kind and a bad amount', () => {
    expect(() => parsePromotion({ name: 'X', discount: {} })).toThrow('discount.kind: is required');
    expect(() => parsePromotion({ name: 'X', discount: { kind: 'SHIPPING', mode: 'AMOUNT', value: '1.2.3' } }))
      .toThrow('discount.value: must be a decimal number, got "1.2.3"');
    expect(() => parsePromotion('nope')).toThrow('must be an object');
    expect(() => parsePromotion({ name: '   ', discount: { kind: 'SHIPPING', mode: 'AMOUNT', value: '1' } })).toThrow('name: is required');
  });
});
