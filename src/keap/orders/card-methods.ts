// InvoiceService card methods: validateCreditCard (stored id or a card struct; Valid is the string
// "true"/"false" as in the docs sample) and locateExistingCard (contact + last four digits).
import { struct, isStruct, type XmlRpcStruct, type XmlRpcValue } from '../../xmlrpc/types.js';
import { toInt, toStr } from '../../xmlrpc/coerce.js';
import { cardBrand, expiryOf, isExpired, luhnValid } from '../../services/payments/cards.js';
import { CREDIT_CARD, loadCard } from '../../orders/charge.js';
import type { StoredCard } from '../../services/payments/port.js';
import type { KeapMethod } from '../method-table.js';

const VALID_STATUS = 3;

/** First failing check wins; none failing means the card is valid. */
type Check = (card: { number?: string; month: unknown; year: unknown; type?: string; status?: number }, now: Date) => string | undefined;

const CHECKS: Check[] = [
  (c) => (c.status !== undefined && c.status !== VALID_STATUS ? 'Card is not active' : undefined),
  (c) => (c.number !== undefined && !luhnValid(c.number) ? 'Card number is invalid' : undefined),
  (c) => (c.number !== undefined && c.type && cardBrand(c.number) !== 'Unknown' && !sameBrand(c.type, cardBrand(c.number))
    ? `Card number does not match card type ${c.type}` : undefined),
  (c) => (expiryOf(c.month, c.year) === null ? 'Expiration date is invalid' : undefined),
  (c, now) => (isExpired(expiryOf(c.month, c.year)!, now) ? 'Card has expired' : undefined),
];

function sameBrand(given: string, detected: string): boolean {
  const norm = (s: string) => s.toLowerCase().replace(/[^a-z]/g, '').replace(/^amex$/, 'americanexpress');
  return norm(given) === norm(detected);
}

function firstFailure(card: Parameters<Check>[0], now: Date): string | undefined {
  for (const check of CHECKS) {
    const failure = check(card, now);
    if (failure) return failure;
  }
  return undefined;
}

function verdict(message: string | undefined): XmlRpcStruct {
  return struct({ Valid: message ? 'false' : 'true', Message: message ?? 'Card is valid' });
}

function fromStruct(s: XmlRpcStruct) {
  const text = (k: string) => (s[k] === undefined || s[k] === null ? undefined : String(s[k] as string | number));
  return {
    number: (text('CardNumber') ?? '').replace(/[\s-]/g, ''), month: text('ExpirationMonth'), year: text('ExpirationYear'),
    type: text('CardType'),
  };
}

export const cardMethods: Record<string, KeapMethod> = {
  validateCreditCard: {
    params: ['creditCardIdOrCard'], returns: 'struct',
    async run(deps, a) {
      const now = deps.now();
      if (isStruct(a[0])) {
        const card = fromStruct(a[0]);
        return verdict(firstFailure(card, now));
      }
      const stored = await loadCard(deps.store, toInt(a[0], 'creditCardId'));
      const card = { month: stored.ExpirationMonth, year: stored.ExpirationYear, type: stored.CardType, status: stored.Status };
      return verdict(firstFailure(card, now));
    },
  },
  locateExistingCard: {
    params: ['contactId', 'last4'], returns: 'int',
    async run(deps, a: XmlRpcValue[]) {
      const contactId = toInt(a[0], 'contactId');
      const last4 = toStr(a[1], 'last4').trim();
      const cards = await deps.store.findBy<StoredCard>(CREDIT_CARD, 'ContactId', contactId);
      // The most recently added active card with those digits.
      const match = cards.filter((c) => c.Last4 === last4 && c.Status === VALID_STATUS).pop();
      return match ? match.id : 0;
    },
  },
};
