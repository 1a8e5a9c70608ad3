// Reading a collection under a request's work meter (the fronts pass their per-request budget,
// src/xmlrpc/budget.ts, docs/operations.md "Work per request"): candidates come from one index when
// the query names an indexed field, otherwise from keyset chunks of the whole collection
// (Store.listAfter). Every record read is charged before it is filtered, and the event loop is
// handed back between chunks, so a broad filter over a large store neither reads without bound
// nor blocks other callers.
import type { Store, StoredRecord } from '../store/port.js';

export interface WorkMeter {
  /** Charge `records` read from the store; throws once the request's limit is passed. */
  examine(records: number): void;
  /** Hands the event loop back when the current slice of synchronous work has run long enough. */
  pace(): Promise<void> | undefined;
}

/** For callers that are not a client request (console, CLI): no limit, a yield after every chunk. */
export const UNMETERED: WorkMeter = { examine() {}, pace: () => new Promise((resolve) => setImmediate(resolve)) };

/** Records read (and filtered) between two chances to yield. */
export const SCAN_CHUNK = 128;

export interface ScanQuery<T> {
  /** Equality on indexed fields; the FIRST one is answered by its index, the others are checked per record. */
  where?: Record<string, string | number>;
  filter?: (rec: T) => boolean;
}

/** The records matching `query`, ascending by id. */
export async function scanMatching<T extends StoredRecord>(store: Store, collection: string, query: ScanQuery<T>, meter: WorkMeter): Promise<T[]> {
  const [indexed, ...others] = Object.entries(query.where ?? {});
  const matched: T[] = [];
  const take = async (chunk: T[]) => {
    meter.examine(chunk.length);
    for (const r of chunk) if (others.every(([f, v]) => r[f] === v) && (!query.filter || query.filter(r))) matched.push(r);
    await meter.pace();
  };
  if (indexed) {
    const found = await store.findBy<T>(collection, indexed[0], indexed[1]);
    for (let i = 0; i < found.length; i += SCAN_CHUNK) await take(found.slice(i, i + SCAN_CHUNK));
    return matched;
  }
  for (let after = 0; ;) {
    const chunk = await store.listAfter<T>(collection, after, SCAN_CHUNK);
    await take(chunk);
    if (chunk.length < SCAN_CHUNK) return matched;
    after = chunk[chunk.length - 1].id;
  }
}
