// Commands issued in one tick leave in one socket write. ioredis' auto-pipelining does the same
// with a Pipeline object per batch and a second promise per command, and those keep finished
// commands alive through V8's young-generation collections: in a placeOrder run every scavenge
// copied and promoted megabytes of them, and ioredis alone spent twice the CPU per command
// (docs/performance.md, "ioredis' auto-pipelining"). Instead, the connection's socket is corked at
// the first command of a tick and uncorked once that tick's callbacks and promise jobs are done
// (process.nextTick runs after them): the same one write, and no batching objects.
import type { Redis } from 'ioredis';

interface Corkable { writable: boolean; cork(): void; uncork(): void }
type Send = Redis['sendCommand'];

/** Makes `redis` (one connection: a single node, or a node of a Cluster) coalesce each tick's writes. */
export function coalesceWrites(redis: Redis): void {
  let corked: Corkable | undefined;
  const uncork = () => {
    const stream = corked!;
    corked = undefined;
    stream.uncork();
  };
  const send: Send = redis.sendCommand;
  redis.sendCommand = function (this: Redis, ...args: Parameters<Send>) {
    // A connection being replaced (reconnect) has no writable stream: ioredis rejects the command.
    const stream = (this as unknown as { stream?: Corkable }).stream;
    if (corked === undefined && stream?.writable) {
      corked = stream;
      stream.cork();
      process.nextTick(uncork);
    }
    return send.apply(this, args);
  };
}
