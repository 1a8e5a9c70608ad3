// Every cacheable collection's generation in one command (kv-script.ts), shared by the
// transactions that start before it is sent. placeOrder's transaction reads four generations; at
// 50 orders in flight, ~50 identical scripts per tick were one command each for the gateway to
// encode and parse and for Redis to run (six HMGETs apiece).
//
// Why sharing keeps a transaction's reads fresh: a tick's commands leave together when the tick
// ends (coalesced-writes.ts, process.nextTick), so a transaction joining a read issued earlier in
// the same tick gets what its own read, sent in the same write, would have got. The shared read is
// forgotten at that same point, when it is sent, and no reply can be processed before it: a
// transaction that has seen a write acknowledged never joins a read sent before that write ran.
// (And a generation is versioned: one changed by the time of the commit refuses it anyway.)
import { call } from './errors.js';

export interface GenerationScript {
  gwKv(keyCount: number, ...keys: string[]): Promise<string[]>;
}

export class GenerationRead {
  private pending?: Promise<string[]>;
  private readonly known: ReadonlySet<string>;

  constructor(private readonly redis: GenerationScript, readonly keys: readonly string[]) {
    this.known = new Set(keys);
  }

  /** Whether `key` is one of the generations this read fetches. */
  has(key: string): boolean { return this.known.has(key); }

  /** {json1, version1, …} of `keys`, in their order. */
  read(): Promise<string[]> {
    if (this.pending) return this.pending;
    const read = call(this.redis.gwKv(this.keys.length, ...this.keys));
    this.pending = read;
    process.nextTick(() => { if (this.pending === read) this.pending = undefined; });
    return read;
  }
}
