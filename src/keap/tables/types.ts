// The shape of a Keap table as the DataService sees it: typed fields with access letters, and a
// source that reads (and for native tables writes) rows. A row holds stored values under Keap
// names: numbers for Id/Int, decimal text for Double, ISO-8601 UTC text for Date, booleans for Bool.
import type { Store, StoredRecord, Tx } from '../../store/port.js';
import type { KeapDeps } from '../deps.js';

/** Keap field types (keap-xmlrpc.md §4.3) and the XML-RPC type each goes out as. */
export type FieldType = 'Int' | 'Double' | 'Date' | 'String' | 'Bool';

/** Access letters: E edit, D delete, A add, R read. */
export interface FieldDef { name: string; type: FieldType; access: string }

export type Row = Record<string, unknown> & { Id: number };

export interface TableSource {
  /** Fields answered through a store index (never a scan): Id plus e.g. ContactId, JobId, Email. */
  readonly indexed: ReadonlySet<string>;
  get(deps: KeapDeps, store: Store | Tx, id: number): Promise<Row | undefined>;
  /** Rows whose indexed `field` equals `value` (only for fields in `indexed`, Id excluded). */
  findBy(deps: KeapDeps, store: Store | Tx, field: string, value: string | number): Promise<Row[]>;
  /**
   * One chunk of every row (generic queries without an indexed condition): the rows of up to
   * `limit` stored records after record id `after` (scanChunk), so a scan yields between chunks.
   */
  scan(deps: KeapDeps, store: Store, after: number, limit: number): Promise<ScanChunk>;
  /** Whether findBy and scan give rows in ascending Id (then a query can stop at its last page). */
  readonly idOrdered: boolean;
  insert?(deps: KeapDeps, tx: Tx, values: Record<string, unknown>): Promise<number>;
  update?(deps: KeapDeps, tx: Tx, id: number, values: Record<string, unknown>): Promise<void>;
  remove?(deps: KeapDeps, tx: Tx, id: number): Promise<void>;
}

export interface ScanChunk {
  rows: Row[];
  /** Stored records read (the budget's unit). */
  read: number;
  /** Where the next chunk starts; undefined after the last one. */
  next?: number;
}

/** A chunk of a scan over one collection, each record turned into its rows. */
export async function scanChunk<R extends StoredRecord>(
  store: Store, collection: string, after: number, limit: number, rows: (recs: R[]) => Row[] | Promise<Row[]>,
): Promise<ScanChunk> {
  const recs = await store.listAfter<R>(collection, after, limit);
  return { rows: await rows(recs), read: recs.length, next: recs.length < limit ? undefined : recs[recs.length - 1].id };
}

export interface TableDef {
  name: string;
  access: string;
  fields: ReadonlyMap<string, FieldDef>;
  /** Whether `_Name` custom fields are accepted (typed String). */
  customFields: boolean;
  source: TableSource;
}

/**
 * Compact field list: `{ Id: 'Int:R', JobTitle: 'String' }`. A field without letters inherits the
 * table's; Id is always read-only.
 */
export function defineTable(
  name: string, access: string, spec: Record<string, string>, source: TableSource, customFields = false,
): TableDef {
  const fields = new Map<string, FieldDef>();
  for (const [field, def] of Object.entries(spec)) {
    const [type, letters] = def.split(':');
    fields.set(field, { name: field, type: type as FieldType, access: field === 'Id' ? 'R' : (letters ?? access) });
  }
  return { name, access, fields, customFields, source };
}
