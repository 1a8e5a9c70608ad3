// ioredis failures → store errors. Lost connections, timeouts and a Redis that cannot serve
// (loading, read-only replica, out of memory, persistence failing) are StoreUnavailable; any
// other reply error is a bug and stays a plain StoreError.
import { StoreError, StoreUnavailable } from '../port.js';

const UNAVAILABLE_REPLIES = /^(LOADING|BUSY|READONLY|MASTERDOWN|CLUSTERDOWN|TRYAGAIN|OOM|MISCONF|NOREPLICAS)\b/;
/**
 * Redis Cluster aborting a script because a key is not on this node (the data set's slot is being
 * migrated) or the cluster is down. The commit script touches every key before its first write
 * (commit-script.ts), so such an abort never leaves a commit half applied.
 */
const UNAVAILABLE_SCRIPT = /Script attempted to (access a non local key|execute a (write )?command while the cluster is down)/;

export function toStoreError(e: unknown): StoreError {
  if (e instanceof StoreError) return e;
  const err = e as { name?: string; message?: string };
  const message = err?.message ?? String(e);
  if (err?.name === 'ReplyError' && !UNAVAILABLE_REPLIES.test(message) && !UNAVAILABLE_SCRIPT.test(message)) return new StoreError(`redis: ${message}`, e);
  return new StoreUnavailable(`redis unavailable: ${message}`, e);
}

/** Await a Redis call, translating its failure. */
export async function call<T>(work: Promise<T>): Promise<T> {
  try { return await work; } catch (e) { throw toStoreError(e); }
}
