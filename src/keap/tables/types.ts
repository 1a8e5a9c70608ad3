// The shape of a Keap table as the DataService sees it: typed fields with access letters, and a
// source that reads (and for native tables writes) rows. A row holds stored values under Keap
// names: numbers for Id/Int, decimal text for Double, ISO-8601 UTC text for Date, booleans for Bool.
import type { Store, Tx } from '../../store/port.js';
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
  /** Every row (generic queries without an indexed condition). */
  scan(deps: KeapDeps, store: Store): Promise<Row[]>;
  insert?(deps: KeapDeps, tx: Tx, values: Record<string, unknown>): Promise<number>;
  update?(deps: KeapDeps, tx: Tx, id: number, values: Record<string, unknown>): Promise<void>;
  remove?(deps: KeapDeps, tx: Tx, id: number): Promise<void>;
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
