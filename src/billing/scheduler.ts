// The in-process scheduler: every `intervalMs` (0 = off) one engine run as of today. Every gateway
// instance may run one: periods are claimed exactly once (periods.ts), so instances only share
// the work. A run in progress is never started twice; stop() waits for it. The timer does not
// keep the process alive.
import type { Logger } from 'pino';
import type { BillingEngine } from './engine.js';

export class BillingScheduler {
  private timer: NodeJS.Timeout | undefined;
  private current: Promise<unknown> | undefined;
  private stopped = false;

  constructor(private readonly engine: BillingEngine, private readonly intervalMs: number, private readonly log: Logger) {}

  start(): void {
    if (this.intervalMs <= 0 || this.timer || this.stopped) return;
    const tick = () => {
      if (this.stopped) return;
      this.current = this.engine.run()
        .catch((err: unknown) => this.log.error({ err }, 'billing: scheduled run failed; retried at the next interval'))
        .finally(() => {
          this.current = undefined;
          if (!this.stopped) this.timer = setTimeout(tick, this.intervalMs).unref();
        });
    };
    // Every interval after the previous run ended; the first run (which also catches up after
    // downtime) one interval after start.
    this.timer = setTimeout(tick, this.intervalMs).unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.current;
  }
}
