// The charge of a claimed period or installment, through the orders module (pending guard,
// reconcile). A refusal about the card itself (gone, another contact's) is a decline to retry
// and then stop on; a charge already in flight or an unknown processor answer leaves the claim to
// expire, so the next run (here or on another instance) settles it without charging twice.
import { DomainError } from '../errors.js';
import type { ChargeOutcome } from '../orders/charge.js';
import type { BillingDeps } from './deps.js';

export type ChargeStep = { kind: 'done'; outcome: ChargeOutcome } | { kind: 'declined'; message: string } | { kind: 'retry-later'; reason: string };

export async function chargeStep(d: BillingDeps, req: { invoiceId: number; creditCardId: number; merchantAccountId: number; notes: string; amount?: string }): Promise<ChargeStep> {
  try {
    const outcome = await d.orders.charge({ ...req, bypassCommissions: false, log: d.log });
    if (outcome.unsettled) return { kind: 'retry-later', reason: outcome.message };
    if (!outcome.successful && outcome.code !== 'SKIPPED') return { kind: 'declined', message: outcome.message };
    return { kind: 'done', outcome };
  } catch (err) {
    if (err instanceof DomainError && (err.kind === 'invalid' || err.kind === 'not_found')) return { kind: 'declined', message: err.message };
    d.log.warn({ err, invoiceId: req.invoiceId }, 'billing: charge not completed; the period is retried after its lease');
    return { kind: 'retry-later', reason: err instanceof Error ? err.message : String(err) };
  }
}
