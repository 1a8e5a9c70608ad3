// The one storage port. Adapters: memory (tests), SQLite (embedded default), Redis (shared).
// Every adapter passes test/store/contract.ts. Only src/main.ts chooses an adapter.
//
// Model: named collections of JSON records keyed by a positive integer `id`; declared fields get
// an equality index (look-ups that must not scan: Id, JobId, ContactId, Email, invoice number…);
// declared unique fields are enforced at commit. Named sequences hand out ids that are never
// reused. Named counters support a conditional increment (promo-code limits) that is applied
// atomically with the rest of a transaction. A small key/value space with expiry holds
// idempotency records.

export type Id = number;

export interface StoredRecord { id: Id; [field: string]: unknown }

export interface CollectionSpec {
  name: string;
  /** Fields with an equality index (scalar values; arrays index each element). */
  indexes?: string[];
  /** Fields whose non-empty value must be unique in the collection (compared exactly as stored). */
  unique?: string[];
  /**
   * Fields with an ORDERED index over their text values (printable ASCII, at most 64 characters,
   * e.g. ISO dates; other values are not indexed): listUpTo reads a prefix of it without looking
   * at records whose value is greater (the billing engine's "due by day D").
   */
  ordered?: string[];
  /**
   * Rarely written configuration that hot paths cache in process (generation-cache.ts): every
   * commit that puts or deletes one of its records also changes the collection's generation
   * (a kv entry, tx-buffer.ts), so a cache that reads the generation first never serves a stale copy.
   */
  cacheable?: boolean;
}

/** A place in an ordered index: listUpTo continues after it (keyset paging). */
export interface OrderedPosition { value: string; id: Id }

export interface ListQuery<T> {
  /** Equality on indexed fields (ANDed); adapters use the index for candidates. */
  where?: Record<string, string | number | boolean>;
  /** Extra predicate evaluated in process after loading candidates. */
  filter?: (rec: T) => boolean;
  /** Sort field (default id) and direction (default asc). Values compare as numbers when both are. */
  sort?: { field: string; dir?: 'asc' | 'desc' };
  offset?: number;
  limit?: number;
}

export interface ReadOps {
  get<T extends StoredRecord>(collection: string, id: Id): Promise<T | undefined>;
  /** Records whose indexed `field` equals `value`, ascending by id. */
  findBy<T extends StoredRecord>(collection: string, field: string, value: string | number | boolean): Promise<T[]>;
  counter(name: string): Promise<number>;
  getKv<T = unknown>(key: string): Promise<T | undefined>;
}

export interface Tx extends ReadOps {
  /** Insert or replace (buffered; visible to this transaction's own reads). */
  put<T extends StoredRecord>(collection: string, rec: T): void;
  delete(collection: string, id: Id): void;
  /** Next value of a sequence. Values are never handed out twice, even if the tx aborts. */
  nextId(sequence: string): Promise<number>;
  /**
   * Add `delta` to a counter at commit. With `limit`, the commit fails with LimitExceeded if the
   * result would exceed it; transact() then re-runs the function, whose counter() reads now show
   * the limit reached. Never read-then-write a counter yourself: use bump.
   */
  bump(counter: string, delta: number, limit?: number): void;
  /**
   * Whether kv `key` holds nothing, for a key that almost always does not (a claim marker). An
   * optimistic adapter may answer true without reading, and its commit then refuses the
   * transaction if the key holds something (TxConflict: the function re-runs and reads it).
   */
  kvAbsent(key: string): Promise<boolean>;
  /** Set a key/value with optional expiry (ms). */
  putKv(key: string, value: unknown, ttlMs?: number): void;
  deleteKv(key: string): void;
}

export interface Store extends ReadOps {
  readonly kind: 'memory' | 'sqlite' | 'redis';
  list<T extends StoredRecord>(collection: string, query?: ListQuery<T>): Promise<{ total: number; records: T[] }>;
  count(collection: string, where?: Record<string, string | number | boolean>): Promise<number>;
  /**
   * Up to `limit` records with an id greater than `afterId`, ascending: keyset paging, so a long
   * scan read in chunks (yielding in between) neither skips nor repeats a record that others
   * write meanwhile, and each chunk costs the same however far the scan has come.
   */
  listAfter<T extends StoredRecord>(collection: string, afterId: Id, limit: number): Promise<T[]>;
  /**
   * Up to `limit` records whose ordered field `field` holds a value <= `upTo`, ascending by value
   * then id, starting after `after` (default: the beginning). Costs O(log n + limit): records
   * with a greater value are never read. Values compare as text, byte by byte.
   */
  listUpTo<T extends StoredRecord>(collection: string, field: string, upTo: string, limit: number, after?: OrderedPosition): Promise<T[]>;
  nextId(sequence: string): Promise<number>;
  /**
   * Run `fn` as one atomic transaction: all its writes commit together or none do. The function
   * may be re-run (optimistic adapters, LimitExceeded), so it must have no side effects outside tx.
   * Its return value is returned once the commit succeeded.
   */
  transact<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** Throws StoreUnavailable when the backing store cannot be reached. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export class StoreError extends Error {
  constructor(message: string, override readonly cause?: unknown) { super(message); this.name = 'StoreError'; }
}
/** Backing store unreachable (Redis down, disk error). Maps to Keap fault 4 [DatabaseError]. */
export class StoreUnavailable extends StoreError { override name = 'StoreUnavailable'; }
/** A unique field already holds this value. */
export class UniqueViolation extends StoreError {
  override name = 'UniqueViolation';
  constructor(readonly collection: string, readonly field: string, readonly value: unknown) {
    super(`${collection}.${field} "${String(value)}" already exists`);
  }
}
/** A bump() with a limit would have exceeded it (transact retries; surfaced only if retries run out). */
export class LimitExceeded extends StoreError {
  override name = 'LimitExceeded';
  constructor(readonly counter: string) { super(`counter ${counter} reached its limit`); }
}
