// Response coalescing for the RPC path. On a busy server one event-loop turn completes many
// requests. Writing each response the moment it is ready costs one send per response *and*, when
// the peer (a client, a proxy, a load generator on the same host) has gone idle in between, one
// wake-up of that peer per response, paid for inside our send syscall: in the wire bench that was
// the largest single cost of a call. So the first response of a turn goes out at once (no added
// latency when requests arrive one at a time), and the ones completed after it in the same turn
// are written together right after the turn's I/O callbacks (setImmediate), back to back.
// Order per connection is unaffected: node queues a connection's responses itself.

let queued: Array<() => void> = [];
let turnOpen = false;

function flush(): void {
  turnOpen = false;
  const writes = queued;
  queued = [];
  // Each write handles its own errors (see rpc-route.ts); should one still throw, the others must
  // go out all the same, and the error must not escape setImmediate and end the process.
  for (const write of writes) {
    try { write(); } catch (err) { process.emitWarning(`rpc reply write failed: ${err instanceof Error ? err.message : String(err)}`); }
  }
}

/** Runs `write` now if it is the first response of this event-loop turn, else after the turn's I/O. */
export function batchWrite(write: () => void): void {
  if (!turnOpen) {
    turnOpen = true;
    setImmediate(flush);
    write();
    return;
  }
  queued.push(write);
}
