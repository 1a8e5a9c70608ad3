// The payment processor port. The gateway ships a test processor (test-processor.ts); a real one
// (Authorize.Net, Stripe…) implements the same interface and is chosen in src/main.ts.

/** A card as stored in collection 'CreditCard' (Keap field names). Never holds the full number or CVV. */
export interface StoredCard {
  id: number;
  ContactId: number;
  Last4: string;
  CardType: string;
  ExpirationMonth: string;
  ExpirationYear: string;
  /** Keap CreditCard.Status: 0 unknown, 1 invalid, 2 deleted, 3 valid, 4 inactive. */
  Status: number;
  NameOnCard?: string;
  /** Outcome the built-in test processor gives this card, fixed when the card was added. */
  testOutcome?: TestOutcome;
  [field: string]: unknown;
}

export type TestOutcome = 'approve' | 'decline' | 'error';

export type ChargeCode = 'APPROVED' | 'DECLINED' | 'ERROR';

export interface ChargeRequest {
  /** Decimal text in the currency's minor unit, > 0. */
  amount: string;
  /** The invoice's currency (ISO 4217). */
  currency: string;
  card: StoredCard;
  invoiceId: number;
  notes: string;
  /**
   * The gateway's unique reference of this charge, recorded before the call: the processor keeps
   * it with the transaction (idempotency key / order reference) so lookup() can find it.
   */
  reference: string;
}

export interface ChargeResult {
  code: ChargeCode;
  /** Processor reference ("0" when nothing reached a processor). */
  refNum: string;
  message: string;
}

export interface PaymentProcessor {
  /** Never throws for a declined card: declines and processing errors are results. */
  charge(req: ChargeRequest): Promise<ChargeResult>;
  /**
   * What became of the charge made with `reference`: its result, or undefined when the processor
   * never received it. Throws when the processor cannot be asked (the caller retries later).
   */
  lookup(reference: string): Promise<ChargeResult | undefined>;
}
