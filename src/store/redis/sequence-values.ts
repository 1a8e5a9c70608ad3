// Sequence values in blocks. Most sequences (record ids) only promise unique values, so each store
// instance reserves ID_BLOCK values with one INCRBY and hands them out from memory: one round trip
// per ID_BLOCK values instead of one per value (placeOrder takes 11 ids). Reserved values are
// never handed out by anyone else, also after a restart (the unused rest of its blocks is a gap);
// values of one sequence increase per instance, not across instances. A sequence declared
// ordered (invoice numbers) stays one INCR per value: increasing across all instances.
//
// The next block is reserved once half of the current one is handed out, so its INCRBY travels
// with other commands instead of stopping every caller of the sequence for a round trip of its
// own: under load, a block ran out every ~25 orders, and each refill was a lone INCRBY (and, with
// appendfsync always, a lone fsync) that the whole wave of orders waited for.
import { call } from './errors.js';
import type { RedisKeys } from './keys.js';

export const ID_BLOCK = 100;

/** Values next..end are free to hand out. */
interface Block { next: number; end: number }

interface Incrementing {
  incr(key: string): Promise<number>;
  incrby(key: string, by: number): Promise<number>;
}

export class SequenceValues {
  private readonly ordered: ReadonlySet<string>;
  /** The block values come from now. */
  private readonly current = new Map<string, Block>();
  /** The block reserved ahead, taken when the current one is used up. */
  private readonly spare = new Map<string, Block>();
  /** The INCRBY in flight per sequence (at most one), so concurrent callers share it. */
  private readonly reserving = new Map<string, Promise<void>>();

  constructor(private readonly redis: Incrementing, private readonly keys: RedisKeys, ordered: readonly string[]) {
    this.ordered = new Set(ordered);
  }

  async next(sequence: string): Promise<number> {
    if (this.ordered.has(sequence)) return call(this.redis.incr(this.keys.sequence(sequence)));
    for (;;) {
      const block = this.current.get(sequence);
      if (block && block.next <= block.end) {
        const value = block.next++;
        if (block.end - block.next < ID_BLOCK / 2) this.reserveAhead(sequence);
        return value;
      }
      const spare = this.spare.get(sequence);
      if (spare) {
        this.current.set(sequence, spare);
        this.spare.delete(sequence);
        continue;
      }
      await (this.reserving.get(sequence) ?? this.reserve(sequence));
    }
  }

  /** Reserve the spare block unless it is there or on its way. A failure is left to the caller that needs it. */
  private reserveAhead(sequence: string): void {
    if (this.spare.has(sequence) || this.reserving.has(sequence)) return;
    this.reserve(sequence).catch(() => {});
  }

  private reserve(sequence: string): Promise<void> {
    const done = call(this.redis.incrby(this.keys.sequence(sequence), ID_BLOCK))
      .then((end) => {
        const block = { next: end - ID_BLOCK + 1, end };
        const cur = this.current.get(sequence);
        // INCRBY results increase, so a block reserved later holds higher values: order is kept.
        if (cur && cur.next <= cur.end) this.spare.set(sequence, block);
        else this.current.set(sequence, block);
      })
      .finally(() => this.reserving.delete(sequence));
    this.reserving.set(sequence, done);
    return done;
  }
}
