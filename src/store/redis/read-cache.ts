// What transactions of this instance read lately, with the version each value had. A transaction
// may take a value from here instead of asking Redis because every read is validated anyway: the
// commit script refuses the commit if a version changed, and a transaction that does not commit
// checks the versions it took from here before it returns or throws (store.ts). A stale entry
// therefore costs one conflict and a re-run, which reads everything from Redis again; it is
// never an answer. placeOrder's products, promotions, shipping and tax look-ups hardly ever
// change: from here they cost no round trip.

/** A value as read (record/kv JSON, index set members; null = absent) and its version ("0" = absent). */
export interface CachedRead { value: unknown; version: string }

/** Entries kept; the oldest goes first (a Map keeps insertion order). */
const MAX_ENTRIES = 20_000;

export class ReadCache {
  private readonly entries = new Map<string, CachedRead>();

  /** `slot` = hash key + NUL + field of the version, as the reader notes it. */
  get(slot: string): CachedRead | undefined { return this.entries.get(slot); }

  set(slot: string, value: unknown, version: string): void {
    this.entries.delete(slot);
    this.entries.set(slot, { value, version });
    if (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
  }

  drop(slot: string): void { this.entries.delete(slot); }
}

export const versionSlot = (hash: string, field: string) => `${hash}\u0000${field}`;
