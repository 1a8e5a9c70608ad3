import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DomainError } from '../../src/errors.js';
import { cardBrand, isExpired, luhnValid, prepareCreditCard, TEST_CARDS } from '../../src/services/payments/cards.js';
import { TestPaymentProcessor } from '../../src/services/payments/test-processor.js';
import type { StoredCard } from '../../src/services/payments/port.js';

const NOW = new Date('2026-11-23T12:00:00Z');

function luhnComplete(body: string): string {
  for (let d = 0; d <= 9; d++) if (luhnValid(body + d)) return body + d;
  throw new Error('unreachable');
}

describe('cards', () => {
  it('every documented test card passes the Luhn check; a one-digit change fails it', () => {
    for (const n of Object.keys(TEST_CARDS)) {
      expect(luhnValid(n)).toBe(true);
      const last = Number(n.at(-1));
      expect(luhnValid(n.slice(0, -1) + ((last + 1) % 10))).toBe(false);
    }
  });

  it('Luhn: any body completed with its check digit is valid, any other last digit is not', () => {
    fc.assert(fc.property(fc.stringMatching(/^[1-9]\d{11,17}$/), (body) => {
      const n = luhnComplete(body);
      const wrong = n.slice(0, -1) + ((Number(n.at(-1)) + 3) % 10);
      return luhnValid(n) && !luhnValid(wrong);
    }));
  });

  it.each([
    ['4111111111111111', 'Visa'], ['5555555555554444', 'MasterCard'], ['2223000048400011', 'MasterCard'],
    ['378282246310005', 'American Express'], ['6011111111111117', 'Discover'], ['9999999999999995', 'Unknown'],
  ])('brand of %s is %s', (n, brand) => expect(cardBrand(n)).toBe(brand));

  it('prepareCreditCard keeps Last4, brand, status and test outcome and drops CardNumber and CVV2', () => {
    const rec = prepareCreditCard({ ContactId: 5, CardNumber: '4000-0000-0000-0002', CVV2: '999', ExpirationMonth: '10', ExpirationYear: '2031', NameOnCard: 'A B' });
    expect(rec).toEqual({ ContactId: 5, ExpirationMonth: '10', ExpirationYear: '2031', NameOnCard: 'A B', CardType: 'Visa', Last4: '0002', Status: 3, testOutcome: 'decline' });
    expect(JSON.stringify(rec)).not.toContain('4000000000000002');
    expect(prepareCreditCard({ CardNumber: '5105105105105100', CardType: 'Mastercard' }).CardType).toBe('Mastercard');
    expect(prepareCreditCard({ CardNumber: '4242424242424242' }).testOutcome).toBe('approve');
  });

  it.each([[{}], [{ CardNumber: '' }], [{ CardNumber: '4111111111111112' }], [{ CardNumber: '4111' }], [{ CardNumber: 'abcd' }]])(
    'prepareCreditCard refuses %j naming CardNumber', (values) => {
      let err: unknown;
      try { prepareCreditCard(values); } catch (e) { err = e; }
      expect(err).toBeInstanceOf(DomainError);
      expect((err as DomainError).kind).toBe('invalid');
      expect((err as DomainError).field).toBe('CardNumber');
      expect((err as DomainError).message).not.toContain('4111111111111112');
    });

  it('expiry is the end of the month', () => {
    expect(isExpired({ month: 11, year: 2026 }, NOW)).toBe(false);
    expect(isExpired({ month: 10, year: 2026 }, NOW)).toBe(true);
  });
});

describe('TestPaymentProcessor', () => {
  const card = (over: Partial<StoredCard>): StoredCard => ({
    id: 1, ContactId: 1, Last4: '1111', CardType: 'Visa', ExpirationMonth: '12', ExpirationYear: '2030', Status: 3, ...over,
  });
  const charge = (c: StoredCard) => new TestPaymentProcessor(() => NOW).charge({ amount: '10.00', currency: 'USD', card: c, invoiceId: 1, notes: '', reference: 'CH1-1' });

  it.each([
    ['approve', 'APPROVED'], ['decline', 'DECLINED'], ['error', 'ERROR'],
  ] as const)('test outcome %s → %s', async (testOutcome, code) => {
    const r = await charge(card({ testOutcome }));
    expect(r.code).toBe(code);
    expect(r.message).toContain('(TESTMODE)');
    expect(r.refNum === '0').toBe(code === 'ERROR');
  });

  it('declines expired and inactive cards; reference numbers are unique', async () => {
    expect((await charge(card({ ExpirationYear: '2025' }))).message).toContain('expired');
    expect((await charge(card({ Status: 2 }))).code).toBe('DECLINED');
    const refs = new Set(await Promise.all([1, 2, 3, 4, 5].map(async () => (await charge(card({}))).refNum)));
    expect(refs.size).toBe(5);
  });
});
