// Independent reads started together share a round trip on a networked store (Redis). When one
// of them is awaited only after another await that may throw first, its own failure must not be
// an unhandled rejection (which ends the process): it is handled at once, and still thrown to
// whoever awaits it.

/** `work`, with its rejection marked handled until someone awaits it (and then thrown there). */
export function startEarly<T>(work: Promise<T>): Promise<T> {
  work.catch(() => { /* surfaced where awaited */ });
  return work;
}
