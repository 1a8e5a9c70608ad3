// The schema as adapters use it: which collections exist, which fields are indexed or unique,
// and how a record's field values become index keys. Shared so every adapter indexes alike.
import { StoreError, type CollectionSpec, type Id, type StoredRecord } from './port.js';

export type Scalar = string | number | boolean;

/** One entry a record contributes to an index: field plus the typed key of one value. */
export interface IndexEntry { field: string; key: string }

/**
 * Index keys carry the value's type so that 5 and "5" stay different (values are compared
 * exactly as stored). Arrays contribute one key per scalar element; null/undefined/objects none.
 */
const KEY_PREFIX: Record<string, string> = { string: 's:', number: 'n:', boolean: 'b:' };

export function indexKey(value: unknown): string | undefined {
  const prefix = KEY_PREFIX[typeof value];
  if (prefix === undefined) return undefined;
  if (typeof value === 'number' && !Number.isFinite(value)) return undefined;
  return prefix + String(value);
}

function keysOf(value: unknown): string[] {
  if (!Array.isArray(value)) {
    // One value (nearly every indexed field): no Set, no intermediate array.
    const k = indexKey(value);
    return k === undefined ? [] : [k];
  }
  const keys = new Set<string>();
  for (const v of value) {
    const k = indexKey(v);
    if (k !== undefined) keys.add(k);
  }
  return [...keys];
}

/** Entries of `fields` of `rec`, for the keys `keys` gives each value (a loop: this runs per record written). */
function entriesOf(fields: string[], rec: StoredRecord, keys: (value: unknown) => string[]): IndexEntry[] {
  const out: IndexEntry[] = [];
  for (const field of fields) {
    for (const key of keys(rec[field])) out.push({ field, key });
  }
  return out;
}

/** A unique value that counts: the empty string is "no value" and is never checked. */
function uniqueKeysOf(value: unknown): string[] {
  return keysOf(value).filter((k) => k !== 's:');
}

interface CollectionInfo { indexed: string[]; unique: string[]; ordered: string[]; keyed: string[] }

/** One entry a record contributes to an ordered index. */
export interface OrderedEntry { field: string; value: string }

/** What an ordered index holds: printable ASCII up to 64 characters (so every adapter orders alike). */
const ORDERABLE = /^[\x20-\x7e]{0,64}$/;

export function orderable(value: unknown): value is string {
  return typeof value === 'string' && ORDERABLE.test(value);
}

/** listUpTo's arguments, checked the same way by every adapter. */
export function checkUpTo(upTo: unknown, limit: number, after?: { value: unknown; id: unknown }): void {
  if (!orderable(upTo)) throw new StoreError('listUpTo: upTo must be printable ASCII text of at most 64 characters');
  if (!Number.isSafeInteger(limit) || limit < 0) throw new StoreError('listUpTo: limit must be a non-negative integer');
  if (after && (!orderable(after.value) || typeof after.id !== 'number' || !Number.isSafeInteger(after.id) || after.id < 0)) {
    throw new StoreError('listUpTo: after must be {value: text, id: integer}');
  }
}

export class Catalog {
  private readonly byName = new Map<string, CollectionInfo>();

  constructor(readonly specs: CollectionSpec[]) {
    for (const s of specs) {
      if (this.byName.has(s.name)) throw new StoreError(`collection ${s.name} is declared twice`);
      const unique = [...new Set(s.unique ?? [])];
      // A unique field is also looked up by value (findBy on an invoice number), so index it too.
      const indexed = [...new Set([...(s.indexes ?? []), ...unique])];
      const ordered = [...new Set(s.ordered ?? [])];
      this.byName.set(s.name, { indexed, unique, ordered, keyed: [...new Set([...indexed, ...ordered])] });
    }
  }

  get names(): string[] { return [...this.byName.keys()]; }

  private info(collection: string): CollectionInfo {
    const info = this.byName.get(collection);
    if (!info) throw new StoreError(`unknown collection "${collection}" (add it to src/store/schema.ts)`);
    return info;
  }

  check(collection: string): void { this.info(collection); }

  indexedFields(collection: string): string[] { return this.info(collection).indexed; }
  uniqueFields(collection: string): string[] { return this.info(collection).unique; }
  orderedFields(collection: string): string[] { return this.info(collection).ordered; }
  /** Every field an index entry (equality, unique or ordered) is computed from. */
  keyedFields(collection: string): string[] { return this.info(collection).keyed; }

  /**
   * What a stored data set records as the collection's index layout: a change makes adapters
   * re-index on open. Collections without ordered fields keep the layout text they always had.
   */
  layout(collection: string): string {
    const { indexed, ordered } = this.info(collection);
    return JSON.stringify(ordered.length ? { indexed, ordered } : indexed);
  }

  requireOrdered(collection: string, field: string): void {
    if (!this.info(collection).ordered.includes(field)) {
      throw new StoreError(`${collection}.${field} has no ordered index (declare it in src/store/schema.ts)`);
    }
  }

  orderedEntries(collection: string, rec: StoredRecord): OrderedEntry[] {
    const out: OrderedEntry[] = [];
    for (const field of this.info(collection).ordered) {
      const value = rec[field];
      if (orderable(value)) out.push({ field, value });
    }
    return out;
  }

  /** Throws unless `field` is indexed: look-ups by value must never silently scan. */
  requireIndexed(collection: string, field: string): void {
    if (!this.info(collection).indexed.includes(field)) {
      throw new StoreError(`${collection}.${field} is not indexed (declare it in src/store/schema.ts or use filter)`);
    }
  }

  indexEntries(collection: string, rec: StoredRecord): IndexEntry[] {
    return entriesOf(this.info(collection).indexed, rec, keysOf);
  }

  uniqueEntries(collection: string, rec: StoredRecord): IndexEntry[] {
    return entriesOf(this.info(collection).unique, rec, uniqueKeysOf);
  }
}

/** The value an index key stands for (for error messages). */
export function keyValue(key: string): Scalar {
  const body = key.slice(2);
  if (key.startsWith('n:')) return Number(body);
  if (key.startsWith('b:')) return body === 'true';
  return body;
}

/** Does the record's `field` hold `value` (directly or as an array element)? */
export function fieldMatches(rec: StoredRecord, field: string, value: Scalar): boolean {
  const k = indexKey(value);
  return k !== undefined && keysOf(rec[field]).includes(k);
}

export function requireScalar(field: string, value: unknown): asserts value is Scalar {
  if (indexKey(value) === undefined) throw new StoreError(`look-up value for ${field} must be a string, number or boolean`);
}

export function requireId(collection: string, id: unknown): asserts id is Id {
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id <= 0) {
    throw new StoreError(`${collection} record id must be a positive integer, got ${JSON.stringify(id)}`);
  }
}
