// Record copying and the in-process part of list(): filter, sort, page. Shared by all adapters
// so that list() answers identically whatever the backing store.
import { StoreError, type ListQuery, type StoredRecord } from './port.js';

/**
 * Records are stored as JSON, so every adapter keeps exactly what JSON keeps (undefined fields
 * dropped, dates as strings). Copying through JSON in the memory adapter gives the same result
 * and guarantees callers never alias stored state.
 */
export function toJson(rec: unknown): string { return JSON.stringify(rec); }
export function fromJson<T>(json: string): T { return JSON.parse(json) as T; }
export function copyRecord<T>(rec: T): T { return rec === undefined ? rec : fromJson<T>(toJson(rec)); }

type Comparable = string | number | boolean | null | undefined;

/** Missing values first; numbers numerically when both are numbers; otherwise as text. */
export function compareValues(a: unknown, b: unknown): number {
  const x = a as Comparable;
  const y = b as Comparable;
  const xMissing = x === undefined || x === null;
  const yMissing = y === undefined || y === null;
  if (xMissing || yMissing) return xMissing === yMissing ? 0 : xMissing ? -1 : 1;
  if (typeof x === 'number' && typeof y === 'number') return x - y;
  const xs = typeof x === 'object' ? JSON.stringify(x) : String(x);
  const ys = typeof y === 'object' ? JSON.stringify(y) : String(y);
  return xs < ys ? -1 : xs > ys ? 1 : 0;
}

/** listAfter's arguments, checked the same way by every adapter. */
export function checkAfter(afterId: number, limit: number): void {
  if (!Number.isInteger(afterId) || afterId < 0) throw new StoreError(`listAfter afterId must be a non-negative integer, got ${afterId}`);
  if (!Number.isInteger(limit) || limit < 1) throw new StoreError(`listAfter limit must be a positive integer, got ${limit}`);
}

/** True when the adapter can page in storage: records already come in id order, nothing filters. */
export function pagesById<T>(query: ListQuery<T>): boolean {
  return !query.filter && (!query.sort || query.sort.field === 'id');
}

export function checkPaging(query: ListQuery<unknown>): { offset: number; limit: number | undefined; desc: boolean } {
  const offset = query.offset ?? 0;
  if (!Number.isInteger(offset) || offset < 0) throw new StoreError(`list offset must be a non-negative integer, got ${offset}`);
  const limit = query.limit;
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 0)) throw new StoreError(`list limit must be a non-negative integer, got ${limit}`);
  const dir = query.sort?.dir ?? 'asc';
  if (dir !== 'asc' && dir !== 'desc') throw new StoreError(`list sort dir must be asc or desc, got ${String(dir)}`);
  return { offset, limit, desc: dir === 'desc' };
}

/** Filter, sort (ties by id), count and page candidate records that already satisfy `where`. */
export function applyQuery<T extends StoredRecord>(candidates: T[], query: ListQuery<T>): { total: number; records: T[] } {
  const { offset, limit, desc } = checkPaging(query as ListQuery<unknown>);
  const kept = query.filter ? candidates.filter(query.filter) : candidates.slice();
  const field = query.sort?.field ?? 'id';
  const sign = desc ? -1 : 1;
  kept.sort((a, b) => sign * (compareValues(a[field], b[field]) || a.id - b.id));
  const end = limit === undefined ? undefined : offset + limit;
  return { total: kept.length, records: kept.slice(offset, end) };
}
