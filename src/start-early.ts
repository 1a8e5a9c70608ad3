// Independent reads started together share a round trip on a networked store (Redis). When one
// of them is awaited only after another await that may throw first, its own failure must not be
// an unhandled rejection (which ends the process): it is handled at once, and still thrown to
// whoever awaits it.

/** `work`, with its rejection marked handled until someone awaits it (and then thrown there). */
export function startEarly<T>(work: Promise<T>): Promise<T> {
  work.catch(() => { /* surfaced where awaited */ });
  return work;
}

/**
 * Awaits all of `works`, so none is still running on the caller's transaction when this returns,
 * then gives their values, or throws the first failure in the order given: the failure the same
 * steps run one after another would have reported.
 */
export async function allInOrder<T extends readonly unknown[]>(...works: { [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const settled = await Promise.allSettled(works);
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((s) => (s as PromiseFulfilledResult<unknown>).value) as unknown as T;
}
