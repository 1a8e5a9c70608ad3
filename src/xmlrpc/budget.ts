// The work one HTTP request may cause, shared by every call in it: a system.multicall of 100
// heavy calls gets the budget of one request, not 100 budgets. Services charge rows they read
// (examine) and rows they return (deliver) as they go; the HTTP layer caps the encoded reply.
// pace() hands the event loop back after a slice of work, so a long request never stalls
// /healthz or other callers (docs/operations.md "Limits").

export interface WorkLimits {
  /** Rows a request may read from the store (queries and counts together). */
  rowsExamined: number;
  /** Rows a request may return. */
  rowsReturned: number;
  /** Bytes of the encoded reply. */
  replyBytes: number;
}

/** A limit of the request's budget was reached. Mapped to a fault by each front. */
export class BudgetExceeded extends Error {
  override name = 'BudgetExceeded';
  constructor(readonly what: string, readonly limit: number) {
    super(`this request would exceed its limit of ${limit} ${what} (the limit is per HTTP request, shared by a system.multicall's calls): narrow the query, ask for fewer rows or split the batch`);
  }
}

/** Longest stretch of synchronous work between two yields to the event loop. */
export const SLICE_MS = 10;

export class WorkBudget {
  private examined = 0;
  private returned = 0;
  private replyEstimate = 0;
  private sliceStart: number;

  /** `startedAt`: when the request's work began (performance.now(); the HTTP layer already has it). */
  constructor(readonly limits: WorkLimits, startedAt = performance.now()) {
    this.sliceStart = startedAt;
  }

  /** Charge `rows` read from the store; throws BudgetExceeded beyond the limit. */
  examine(rows: number): void {
    this.examined += rows;
    if (this.examined > this.limits.rowsExamined) throw new BudgetExceeded('rows examined', this.limits.rowsExamined);
  }

  /** Throws when no further row may be returned (checked before reading any). */
  mayDeliver(): void {
    if (this.returned >= this.limits.rowsReturned) throw new BudgetExceeded('rows returned', this.limits.rowsReturned);
    if (this.replyEstimate >= this.limits.replyBytes) throw new BudgetExceeded('reply bytes', this.limits.replyBytes);
  }

  /** Charge one row about to be returned, and its approximate encoded size. */
  deliver(row: unknown): void {
    this.returned += 1;
    if (this.returned > this.limits.rowsReturned) throw new BudgetExceeded('rows returned', this.limits.rowsReturned);
    this.replyEstimate += approxEncodedBytes(row);
    if (this.replyEstimate > this.limits.replyBytes) throw new BudgetExceeded('reply bytes', this.limits.replyBytes);
  }

  /**
   * Yields to the event loop when the current slice of synchronous work has run SLICE_MS: then a
   * promise to await, else undefined (no promise made on the common path; `await` works on both).
   */
  pace(): Promise<void> | undefined {
    if (performance.now() - this.sliceStart < SLICE_MS) return undefined;
    return this.yieldTurn();
  }

  private async yieldTurn(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.sliceStart = performance.now();
  }
}

/** No limits and no pacing: for in-process callers (CLI, tests) that are not a request. */
export const UNLIMITED: WorkLimits = { rowsExamined: Infinity, rowsReturned: Infinity, replyBytes: Infinity };

/**
 * A cheap lower bound of a value's XML-RPC text: its strings and names plus the tags around them.
 * Good enough to stop a reply long before it is built; the HTTP layer checks the exact size.
 */
export function approxEncodedBytes(v: unknown): number {
  if (typeof v === 'string') return v.length + 15;
  if (v === null || typeof v !== 'object') return 30;
  if (Array.isArray(v)) return v.reduce((n: number, x) => n + approxEncodedBytes(x), 30);
  if (v instanceof Uint8Array) return Math.ceil(v.byteLength / 3) * 4 + 30;
  let n = 17;
  for (const [k, x] of Object.entries(v)) n += k.length + 30 + approxEncodedBytes(x);
  return n;
}
