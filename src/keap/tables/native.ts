// Source for Keap-native tables: one store collection named like the table, records holding Keap
// field names (keap-shared.md "Storage conventions"). Indexed fields are read through findBy.
import type { StoredRecord } from '../../store/port.js';
import type { KeapDeps } from '../deps.js';
import { scanChunk, type Row, type TableSource } from './types.js';

export interface NativeOptions {
  /** Fields with a store index (must match src/store/schema.ts). */
  indexed?: string[];
  /** Turns validated add values into the record to store (e.g. cards drop the full number). */
  prepare?: (values: Record<string, unknown>) => Record<string, unknown>;
  /** Fields stamped with the current time on add / on every write. */
  createdField?: string;
  updatedField?: string;
}

function toRow(rec: StoredRecord): Row {
  const { id, ...rest } = rec;
  return { ...rest, Id: id };
}

export function nativeSource(collection: string, opts: NativeOptions = {}): TableSource {
  const stamp = (deps: KeapDeps, values: Record<string, unknown>, created: boolean) => {
    const now = deps.now().toISOString();
    if (created && opts.createdField) values[opts.createdField] = now;
    if (opts.updatedField) values[opts.updatedField] = now;
    return values;
  };
  return {
    indexed: new Set(['Id', ...(opts.indexed ?? [])]),
    async get(_deps, store, id) {
      const rec = await store.get(collection, id);
      return rec && toRow(rec);
    },
    async findBy(_deps, store, field, value) {
      return (await store.findBy(collection, field, value)).map(toRow);
    },
    idOrdered: true,
    async scan(_deps, store, after, limit) {
      return scanChunk(store, collection, after, limit, (recs) => recs.map(toRow));
    },
    async insert(deps, tx, values) {
      const prepared = opts.prepare ? opts.prepare(values) : { ...values };
      const id = await tx.nextId(collection);
      tx.put(collection, { ...stamp(deps, prepared, true), id });
      return id;
    },
    async update(deps, tx, id, values) {
      const rec = await tx.get(collection, id);
      if (!rec) throw new Error(`update of missing ${collection} ${id}`); // callers check first
      tx.put(collection, { ...rec, ...stamp(deps, { ...values }, false), id });
    },
    async remove(_deps, tx, id) {
      tx.delete(collection, id);
    },
  };
}

