// How transact() re-runs its function: after LimitExceeded (the re-run sees the limit reached)
// and, in optimistic adapters, after a version conflict. Bounded, with jittered back-off so that
// contending writers spread out instead of colliding again in lock-step.
import { LimitExceeded, StoreError } from './port.js';

/** Thrown by an optimistic commit when something the transaction read has changed. */
export class TxConflict extends StoreError { override name = 'TxConflict'; }

export interface RetryPolicy {
  /** Attempts after which a conflict gives up (StoreError "too much contention"). */
  maxConflictAttempts: number;
  /** Re-runs after LimitExceeded before it is surfaced to the caller. */
  maxLimitRetries: number;
  /** Back-off cap in ms; the n-th conflict waits random(0, min(cap, 2^n)) ms. */
  backoffCapMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxConflictAttempts: 200, maxLimitRetries: 5, backoffCapMs: 25 };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function withRetries<T>(attempt: () => Promise<T>, policy: RetryPolicy = DEFAULT_RETRY): Promise<T> {
  let conflicts = 0;
  let limits = 0;
  for (;;) {
    try {
      return await attempt();
    } catch (e) {
      if (e instanceof LimitExceeded) {
        if (++limits > policy.maxLimitRetries) throw e;
        continue;
      }
      if (e instanceof TxConflict) {
        if (++conflicts >= policy.maxConflictAttempts) {
          throw new StoreError(`transaction gave up after ${conflicts} conflicting attempts (too much contention)`, e);
        }
        await sleep(Math.random() * Math.min(policy.backoffCapMs, 2 ** conflicts));
        continue;
      }
      throw e;
    }
  }
}
