// Card handling for DataService.add('CreditCard', …): Luhn check, brand, Last4, the test outcome.
// The full card number and CVV2 never leave this function: the returned record has neither.
import { DomainError } from '../../errors.js';
import type { TestOutcome } from './port.js';
import { own } from '../../own.js';

/** Documented test cards (docs/keap-orders.md). Any other Luhn-valid number approves. */
export const TEST_CARDS: Record<string, TestOutcome> = {
  '4111111111111111': 'approve',
  '5555555555554444': 'approve',
  '378282246310005': 'approve',
  '4000000000000002': 'decline',
  '5105105105105100': 'decline',
  '4000000000000119': 'error',
};

/** Brand by number prefix, first match wins (used when the client sends no CardType). */
const BRANDS: Array<[RegExp, string]> = [
  [/^4/, 'Visa'],
  [/^(5[1-5]|2[2-7])/, 'MasterCard'],
  [/^3[47]/, 'American Express'],
  [/^(6011|65|64[4-9])/, 'Discover'],
  [/^35/, 'JCB'],
  [/^3(0[0-5]|[68])/, 'Diners Club'],
];

export function luhnValid(digits: string): boolean {
  if (!/^\d{12,19}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) { d *= 2; if (d > 9) d -= 9; }
    sum += d;
  }
  return sum % 10 === 0;
}

export function cardBrand(digits: string): string {
  return BRANDS.find(([re]) => re.test(digits))?.[1] ?? 'Unknown';
}

export function testOutcomeOf(digits: string): TestOutcome {
  return own(TEST_CARDS, digits) ?? 'approve';
}

/** Spaces and dashes are common in typed card numbers; anything else is refused. */
export function normaliseCardNumber(raw: unknown): string {
  const s = String(raw ?? '').replace(/[\s-]/g, '');
  if (!luhnValid(s)) throw new DomainError('invalid', 'CardNumber is not a valid card number', 'CardNumber');
  return s;
}

/** Month 1..12 and a 2- or 4-digit year, or null when not given/not parseable. */
export function expiryOf(month: unknown, year: unknown): { month: number; year: number } | null {
  const m = Number(String(month ?? '').trim());
  let y = Number(String(year ?? '').trim());
  if (!Number.isInteger(m) || m < 1 || m > 12 || !Number.isInteger(y) || y <= 0) return null;
  if (y < 100) y += 2000;
  return { month: m, year: y };
}

/** True when the card's last valid month is before `now`'s month (UTC). */
export function isExpired(exp: { month: number; year: number }, now: Date): boolean {
  const nowMonths = now.getUTCFullYear() * 12 + now.getUTCMonth();
  return exp.year * 12 + (exp.month - 1) < nowMonths;
}

/**
 * Turn DataService.add('CreditCard', values) into the record to store: validates the number
 * (fault 12 naming CardNumber), derives Last4, CardType (unless given), Status 3 (valid) and the
 * test outcome, and drops CardNumber and CVV2. Other fields pass through unchanged.
 */
export function prepareCreditCard(values: Record<string, unknown>): Record<string, unknown> {
  if (values.CardNumber === undefined || values.CardNumber === null || values.CardNumber === '') {
    throw new DomainError('invalid', 'CardNumber is required to add a CreditCard', 'CardNumber');
  }
  const digits = normaliseCardNumber(values.CardNumber);
  const { CardNumber: _n, CVV2: _c, ...rest } = values;
  const given = typeof rest.CardType === 'string' ? rest.CardType.trim() : '';
  return {
    ...rest,
    CardType: given || cardBrand(digits),
    Last4: digits.slice(-4),
    Status: 3,
    testOutcome: testOutcomeOf(digits),
  };
}
