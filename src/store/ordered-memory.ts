// The memory adapter's ordered index: (value, id) entries in one sorted array, found by binary
// search. Inserting shifts the tail (a memmove), which stays cheap far beyond the bench's 100k.
import type { Id, OrderedPosition } from './port.js';

interface Entry { value: string; id: Id }

function before(a: Entry, value: string, id: Id): boolean {
  return a.value < value || (a.value === value && a.id < id);
}

export class OrderedIndex {
  private readonly entries: Entry[] = [];

  /** First position whose entry is not before (value, id). */
  private seek(value: string, id: Id): number {
    let lo = 0, hi = this.entries.length;
    while (lo < hi) { const mid = (lo + hi) >>> 1; if (before(this.entries[mid], value, id)) lo = mid + 1; else hi = mid; }
    return lo;
  }

  add(value: string, id: Id): void {
    const at = this.seek(value, id);
    const e = this.entries[at];
    if (e && e.value === value && e.id === id) return;
    this.entries.splice(at, 0, { value, id });
  }

  remove(value: string, id: Id): void {
    const at = this.seek(value, id);
    const e = this.entries[at];
    if (e && e.value === value && e.id === id) this.entries.splice(at, 1);
  }

  upTo(upTo: string, limit: number, after?: OrderedPosition): Id[] {
    const out: Id[] = [];
    // After (value, id) = at (value, id + 1): ids are integers.
    for (let i = after ? this.seek(after.value, after.id + 1) : 0; i < this.entries.length && out.length < limit; i++) {
      const e = this.entries[i];
      if (e.value > upTo) break;
      out.push(e.id);
    }
    return out;
  }
}
