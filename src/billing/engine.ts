// The billing engine: bills every subscription period and payment-plan installment due by a day.
// Candidates come from the ordered `dueOn` index (store listUpTo), in keyset-paged chunks, so a
// run reads only what is due: the cost does not grow with subscriptions that are not. Each
// candidate is billed by PeriodBiller / InstallmentBiller, exactly once whatever the number of
// instances running at once. A subscription several periods behind (downtime) is billed once per
// missed period in the same run: after each period its dueOn moves on and, while still <= the
// day, it comes up again further along the same scan.
import type { Attempt, BillingDeps } from './deps.js';
import { RECURRING_ORDER, PAY_PLAN_ITEM, type RecurringOrderRecord } from './records.js';
import { localDay, parseDay } from './dates.js';
import { PeriodBiller } from './periods.js';
import { InstallmentBiller } from './installments.js';

/** Candidates read per store call. */
const CHUNK = 200;
/** Bills in flight at once in one run (each is a few store round trips and a processor call). */
const CONCURRENCY = 64;

export type Tally = Record<Attempt, number>;

export interface RunReport {
  asOf: string;
  periods: Tally;
  installments: Tally;
  seconds: number;
}

const emptyTally = (): Tally => ({ paid: 0, invoiced: 0, declined: 0, stopped: 0, busy: 0, skipped: 0, failed: 0 });

export class BillingEngine {
  readonly periods: PeriodBiller;
  readonly installments: InstallmentBiller;
  private running: Promise<RunReport> | undefined;

  constructor(private readonly d: BillingDeps) {
    this.periods = new PeriodBiller(d);
    this.installments = new InstallmentBiller(d);
  }

  /** Today in the app's zone (what the scheduler bills up to). */
  today(): string { return localDay(this.d.now(), this.d.timeZone); }

  /** One run as of `asOf` (default today). Overlapping calls share the run in progress. */
  run(asOf: string = this.today()): Promise<RunReport> {
    parseDay(asOf, 'asOf');
    this.running ??= this.runOnce(asOf).finally(() => { this.running = undefined; });
    return this.running;
  }

  private async runOnce(asOf: string): Promise<RunReport> {
    const t0 = process.hrtime.bigint();
    const periods = await this.sweep(RECURRING_ORDER, asOf, (id) => this.periods.bill(id, asOf));
    const installments = await this.sweep(PAY_PLAN_ITEM, asOf, (id) => this.installments.bill(id, asOf));
    const report = { asOf, periods, installments, seconds: Number(process.hrtime.bigint() - t0) / 1e9 };
    this.d.log.info(report, 'billing run finished');
    return report;
  }

  private async sweep(collection: string, asOf: string, bill: (id: number) => Promise<Attempt>): Promise<Tally> {
    const tally = emptyTally();
    let after: { value: string; id: number } | undefined;
    for (;;) {
      const due = await this.d.store.listUpTo<RecurringOrderRecord>(collection, 'dueOn', asOf, CHUNK, after);
      if (due.length === 0) break;
      // A pool over the chunk: a slow bill (processor latency) holds one worker, not a whole batch.
      let next = 0;
      const worker = async () => {
        while (next < due.length) {
          const r = due[next++];
          const outcome = await bill(r.id).catch((err: unknown) => {
            this.d.log.error({ err, collection, id: r.id }, 'billing: attempt failed; retried on the next run');
            return 'failed' as const;
          });
          tally[outcome]++;
        }
      };
      await Promise.all(Array.from({ length: Math.min(CONCURRENCY, due.length) }, worker));
      const last = due[due.length - 1];
      after = { value: last.dueOn!, id: last.id };
    }
    return tally;
  }
}
