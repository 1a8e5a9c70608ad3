// Loading and updating one record of a Keap table by id, as DataService.load/update and
// ContactService.load/update both do it: the same fault 5 for a missing record, fault 7 for a
// table without edit access.
import type { XmlRpcStruct } from '../../xmlrpc/types.js';
import type { KeapDeps } from '../deps.js';
import { faults } from '../faults.js';
import { rowToStruct } from './registry.js';
import type { FieldDef, Row, TableDef } from './types.js';

/** The record as a struct of `fields`; fault 5 when there is none with that id. */
export async function loadRecord(deps: KeapDeps, t: TableDef, id: number, fields: FieldDef[]): Promise<XmlRpcStruct> {
  const row = await t.source.get(deps, deps.store, id);
  if (!row) throw faults.recordNotFound(t.name, id);
  return rowToStruct(row, fields, deps.config.timeZone);
}

/** Writes parsed `values` over the record in one transaction; its id. Fault 5 when it does not exist. */
export function updateRecord(deps: KeapDeps, t: TableDef, id: number, values: Record<string, unknown>): Promise<number> {
  const update = t.source.update;
  if (!update) throw faults.noTableAccess(t.name, 'edit');
  return deps.store.transact(async (tx) => {
    if (!(await t.source.get(deps, tx, id))) throw faults.recordNotFound(t.name, id);
    await update(deps, tx, id, values);
    return id;
  });
}
