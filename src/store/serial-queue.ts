// Runs async jobs one at a time in arrival order. The in-process adapters serialise transactions
// with it: each transaction sees the state every earlier one committed, so none loses an update.
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private queued = 0;
  private running = 0;

  /** Jobs submitted but not started yet (lets SQLite group commits while more are waiting). */
  get waiting(): number { return this.queued; }

  /** A job has started and not settled yet. */
  get busy(): boolean { return this.running > 0; }

  run<T>(job: () => Promise<T>): Promise<T> {
    this.queued++;
    const result = this.tail.then(async () => {
      this.queued--;
      this.running++;
      try { return await job(); } finally { this.running--; }
    });
    // The next job waits for this one to settle, whatever its outcome.
    this.tail = result.catch(() => undefined);
    return result;
  }

  /** Resolves once every job queued so far has settled. */
  drain(): Promise<void> { return this.tail.then(() => undefined); }
}
