// A stable merge sort that hands the event loop back between slices (pace), so ordering a large
// query result never blocks other requests for long: runs of RUN rows are sorted natively, then
// merged pairwise with a pace() every RUN rows written.
const RUN = 4096;

export async function sortPaced<T>(items: T[], cmp: (a: T, b: T) => number, pace: () => Promise<void> | undefined): Promise<T[]> {
  let runs: T[][] = [];
  for (let i = 0; i < items.length; i += RUN) {
    runs.push(items.slice(i, i + RUN).sort(cmp));
    await pace();
  }
  while (runs.length > 1) {
    const next: T[][] = [];
    for (let i = 0; i < runs.length; i += 2) next.push(i + 1 < runs.length ? await merge(runs[i], runs[i + 1], cmp, pace) : runs[i]);
    runs = next;
  }
  return runs[0] ?? [];
}

/** Merges two sorted runs; on ties the left run's item comes first (stability). */
async function merge<T>(a: T[], b: T[], cmp: (x: T, y: T) => number, pace: () => Promise<void> | undefined): Promise<T[]> {
  const out: T[] = new Array(a.length + b.length);
  let i = 0, j = 0, k = 0;
  while (i < a.length && j < b.length) {
    out[k++] = cmp(b[j], a[i]) < 0 ? b[j++] : a[i++];
    if (k % RUN === 0) await pace();
  }
  while (i < a.length) out[k++] = a[i++];
  while (j < b.length) out[k++] = b[j++];
  return out;
}
