// Built-in processor for development and tests: the outcome comes from the card's test outcome
// (fixed at add time from TEST_CARDS in cards.ts); an expired card declines. No network. It
// remembers each result by the gateway's reference for lookup() (in memory: its "bank" lives as
// long as the process), and can answer after a delay, as real processors do (`latencyMs`).
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { expiryOf, isExpired } from './cards.js';
import type { ChargeCode, ChargeRequest, ChargeResult, PaymentProcessor, TestOutcome } from './port.js';

const RESULTS: Record<TestOutcome, { code: ChargeCode; message: string }> = {
  approve: { code: 'APPROVED', message: '(TESTMODE) This transaction has been approved.' },
  decline: { code: 'DECLINED', message: '(TESTMODE) This transaction has been declined.' },
  error: { code: 'ERROR', message: '(TESTMODE) An error occurred during processing. Please try again.' },
};

export interface TestProcessorOptions {
  /** Milliseconds each charge takes (default 0). */
  latencyMs?: number;
}

export class TestPaymentProcessor implements PaymentProcessor {
  private readonly seen = new Map<string, ChargeResult>();

  constructor(private readonly now: () => Date = () => new Date(), private readonly opts: TestProcessorOptions = {}) {}

  async charge(req: ChargeRequest): Promise<ChargeResult> {
    // Idempotent per reference, like a processor's idempotency key.
    const known = this.seen.get(req.reference);
    if (known) return known;
    if (this.opts.latencyMs) await sleep(this.opts.latencyMs);
    const result = this.decide(req);
    this.seen.set(req.reference, result);
    return result;
  }

  async lookup(reference: string): Promise<ChargeResult | undefined> {
    return this.seen.get(reference);
  }

  private decide(req: ChargeRequest): ChargeResult {
    const exp = expiryOf(req.card.ExpirationMonth, req.card.ExpirationYear);
    if (exp && isExpired(exp, this.now())) {
      return { code: 'DECLINED', refNum: '0', message: '(TESTMODE) Card has expired' };
    }
    if (req.card.Status !== 3) {
      return { code: 'DECLINED', refNum: '0', message: '(TESTMODE) Card is not active' };
    }
    const r = RESULTS[req.card.testOutcome ?? 'approve'];
    // A processing error never reached a bank: no reference, like Keap's "RefNum 0" sample.
    const refNum = r.code === 'ERROR' ? '0' : `TEST${randomBytes(5).toString('hex').toUpperCase()}`;
    return { code: r.code, refNum, message: r.message };
  }
}
